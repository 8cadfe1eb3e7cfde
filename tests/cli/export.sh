#!/bin/sh
# export: PEM, DER, chains with and without the root, PKCS #12 modern and
# legacy with a friendly name, keys; judged by openssl (pkcs12 -info,
# verify, x509, pkey) and certtool (--p12-info, --certificate-info).
. "$top_srcdir/tests/lib.sh"
need "$CERTTOOL" "$OPENSSL" python3
cd "$TMP" || exit 1
cd_() { "$CERTDECK" "$@"; }
PTY="python3 $top_srcdir/tests/cli/pty-answer.py --deadline 30"
mode_is() { # DESC MODE FILE
  if [ "$(stat -c %a "$3")" = "$2" ]; then ok "$1"; else not_ok "$1"; diag "mode $(stat -c %a "$3")"; fi
}
count_is() { # DESC N FILE: N certificates in the PEM FILE
  n=$(grep -c 'BEGIN CERTIFICATE' "$3")
  if [ "$n" = "$2" ]; then ok "$1"; else not_ok "$1"; diag "$n certificates"; fi
}
echo 'S3cret pass' > pw
echo 'other' > pw2

# A root, an intermediate under it, a leaf under each.
check "root store" cd_ -d root init-ca --cn "Export Root"
check "a leaf of the root" cd_ -d root issue www.example.org
check "intermediate store" cd_ -d sub init-ca --intermediate --cn "Export Issuing"
check "the root signs it" cd_ -d root sign --profile ca --name sub sub/reqs/ca.req
check "installed" cd_ -d sub init-ca --intermediate --certificate root/issued/sub.crt
check "a leaf of the intermediate" cd_ -d sub issue leaf.example.org

# 1. PEM and DER.
check "export PEM" cd_ -d root export www.example.org --outfile w.pem
cmp -s w.pem root/issued/www.example.org.crt && ok "... is issued/NAME.crt" || not_ok "... is issued/NAME.crt"
mode_is "... mode 0644 (public)" 644 w.pem
grep_ok "... says what it wrote" 'www.example.org, 1 certificate, in w.pem' "$TMP/err"
check "export DER" cd_ -d root export www.example.org --format der --outfile w.der
check "openssl reads the DER" "$OPENSSL" x509 -inform DER -in w.der -noout -subject
grep_ok "... with the subject" 'CN ?= ?www.example.org' "$TMP/out"
"$CERTTOOL" --certificate-info --inder --infile w.der > w.der.txt 2>&1
grep_ok "certtool reads the DER" 'CN=www.example.org' w.der.txt
check "export ca" cd_ -d root export ca --outfile ca.pem
cmp -s ca.pem root/ca.crt && ok "... is ca.crt" || not_ok "... is ca.crt"
check_exit "DER of a chain refused" 2 cd_ -d root export www.example.org --format der --chain --with-root
check_exit "an unknown name exits 2" 2 cd_ -d root export nosuch
grep_ok "... and names it" 'nosuch' "$TMP/err"
check_exit "an unknown format exits 2" 2 cd_ -d root export www.example.org --format pfx
check_exit "--with-root without --chain exits 2" 2 cd_ -d root export www.example.org --with-root
check_exit "a password for a certificate exits 2" 2 cd_ -d root export www.example.org --password-file pw
# The store's own files are never written over, --force or not.
cp root/ca.crt ca-before.crt
check_exit "an export over the store's ca.crt is refused" 2 cd_ -d root export www.example.org --outfile root/ca.crt --force
grep_ok "... saying it is the store's" "root/ca.crt: a file of the store, which only its own changes write" "$TMP/err"
cmp -s root/ca.crt ca-before.crt && ok "... and ca.crt is untouched" || not_ok "... and ca.crt is untouched"
check_exit "an export into issued/ is refused" 2 cd_ -d root export www.example.org --outfile root/issued/copy.crt
[ -e root/issued/copy.crt ] && not_ok "... nothing written there" || ok "... nothing written there"
check "an export beside the store's files, at its top, is written" cd_ -d root export www.example.org --outfile root/www-copy.pem
rm -f root/www-copy.pem ca-before.crt

# 2. Chains: leaf + intermediates, with or without the root.
check "chain of the intermediate's leaf" cd_ -d sub export leaf.example.org --chain --outfile c1.pem
count_is "... leaf and intermediate (the root not in sub)" 2 c1.pem
check "openssl verify with the root as anchor" "$OPENSSL" verify -CAfile root/ca.crt -untrusted c1.pem c1.pem
check "chain --with-root --issuers root/ca.crt" cd_ -d sub export leaf.example.org --chain --with-root --issuers root/ca.crt --outfile c2.pem
count_is "... leaf, intermediate and root" 3 c2.pem
"$OPENSSL" crl2pkcs7 -nocrl -certfile c2.pem | "$OPENSSL" pkcs7 -print_certs -noout > c2.txt
sed -n 's/^subject=//p' c2.txt | tr -d ' ' > c2.subj
printf 'CN=leaf.example.org\nCN=ExportIssuing\nCN=ExportRoot\n' > c2.want
cmp -s c2.subj c2.want && ok "... in order leaf, intermediate, root" || { not_ok "... in order"; diag "$(cat c2.subj)"; }
"$CERTTOOL" --verify-chain --infile c2.pem > c2.v 2>&1
grep_ok "certtool --verify-chain accepts it" 'Chain verification output: Verified' c2.v
grep_not "... no warning: the chain reaches the root" 'warning' "$TMP/err"
check "chain --with-root without the root's file" cd_ -d sub export leaf.example.org --chain --with-root --outfile c2b.pem
count_is "... leaf and intermediate" 2 c2b.pem
grep_ok "... warns that the chain has no root, naming the issuer missing" \
  'warning: the chain has no root: it stops at the certificate issued by CN=Export Root, .*--issuers' "$TMP/err"
check "chain --issuers without --with-root" cd_ -d sub export leaf.example.org --chain --issuers root/ca.crt --outfile c3.pem
count_is "... the root left out" 2 c3.pem
check "chain of the root's leaf, no root" cd_ -d root export www.example.org --chain --outfile c4.pem
count_is "... the leaf alone" 1 c4.pem
check "chain of the root's leaf with the root" cd_ -d root export www.example.org --chain --with-root --outfile c5.pem
count_is "... leaf and root" 2 c5.pem
grep_not "... no warning" 'warning' "$TMP/err"

# 3. PKCS #12, modern.
check "pkcs12" cd_ -d sub export leaf.example.org --format pkcs12 --chain --with-root --issuers root/ca.crt --password-file pw --outfile m.p12
mode_is "... mode 0600" 600 m.p12
grep_ok "... says what it wrote" 'as PKCS #12 \(its key and 3 certificates\), in m.p12' "$TMP/err"
check "openssl pkcs12 -info reads it" "$OPENSSL" pkcs12 -info -noout -in m.p12 -passin file:pw
grep_ok "... AES-256 certificates (PBES2)" 'PKCS7 Encrypted data: PBES2, PBKDF2, AES-256-CBC' "$TMP/err"
grep_ok "... AES-256 key (PBES2)" 'Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC' "$TMP/err"
grep_ok "... SHA-256 MAC" 'MAC: sha256' "$TMP/err"
check_exit "openssl: a wrong password is refused" 1 "$OPENSSL" pkcs12 -info -noout -in m.p12 -passin file:pw2
"$OPENSSL" pkcs12 -in m.p12 -passin file:pw -nodes > m.out 2>&1
grep_ok "openssl: friendly name" 'friendlyName: leaf.example.org' m.out
count_is "openssl: three certificates" 3 m.out
"$OPENSSL" pkcs12 -in m.p12 -passin file:pw -nocerts -nodes 2>/dev/null | "$OPENSSL" pkey -pubout > m.pub
"$OPENSSL" pkey -in sub/private/leaf.example.org.key -pubout > leaf.pub
cmp -s m.pub leaf.pub && ok "openssl: the key is the leaf's" || not_ok "openssl: the key is the leaf's"
"$CERTTOOL" --p12-info --inder --password 'S3cret pass' --infile m.p12 > m.ct 2>&1
grep_ok "certtool --p12-info reads it" 'BAG #1' m.ct
grep_ok "certtool: friendly name" 'Friendly name: leaf.example.org' m.ct
grep_ok "certtool: SHA-256 MAC" 'MAC: SHA256' m.ct
grep_ok "certtool: PBES2 AES-256" 'PBES2-AES256' m.ct
check "pkcs12 --friendly-name" cd_ -d root export www.example.org --format pkcs12 --friendly-name "My Web Server" --password-file pw --outfile f.p12
"$OPENSSL" pkcs12 -in f.p12 -passin file:pw -nodes > f.out 2>&1
grep_ok "openssl: the friendly name given" 'friendlyName: My Web Server' f.out

# 4. PKCS #12, legacy (3DES key, RC2-40 certificates, SHA-1 MAC).
check "pkcs12-legacy" cd_ -d root export www.example.org --format pkcs12-legacy --chain --with-root --password-file pw --outfile l.p12
run "$OPENSSL" pkcs12 -info -noout -in l.p12 -passin file:pw
if grep -q 'unsupported' "$TMP/err"; then
  ok "OpenSSL 3 without -legacy refuses RC2-40 (as expected of a legacy file)"
  legacy=-legacy
else
  ok "openssl reads it without -legacy"
  legacy=
fi
check "openssl pkcs12 $legacy -info reads it" "$OPENSSL" pkcs12 $legacy -info -noout -in l.p12 -passin file:pw
grep_ok "... RC2-40 certificates" 'pbeWithSHA1And40BitRC2-CBC' "$TMP/err"
grep_ok "... 3DES key" 'Shrouded Keybag: pbeWithSHA1And3-KeyTripleDES-CBC' "$TMP/err"
grep_ok "... SHA-1 MAC" 'MAC: sha1' "$TMP/err"
"$OPENSSL" pkcs12 $legacy -in l.p12 -passin file:pw -nodes > l.out 2>&1
grep_ok "openssl: friendly name" 'friendlyName: www.example.org' l.out
count_is "openssl: two certificates" 2 l.out
"$CERTTOOL" --p12-info --inder --password 'S3cret pass' --infile l.p12 > l.ct 2>&1
grep_ok "certtool --p12-info: RC2-40" 'Schema: PKCS12-RC2-40-SHA1' l.ct
grep_ok "certtool --p12-info: 3DES" 'Schema: PKCS12-3DES-SHA1' l.ct
grep_ok "certtool: SHA-1 MAC" 'MAC: SHA1' l.ct

# 5. The password: from a descriptor, or asked on the terminal, never echoed.
check "pkcs12 --password-fd" sh -c "'$CERTDECK' -d root export www.example.org --format pkcs12 --password-fd 3 --outfile fd.p12 3<pw"
check "... openssl reads it" "$OPENSSL" pkcs12 -info -noout -in fd.p12 -passin file:pw
check "pkcs12, password asked twice" $PTY --answer 'tty pass' --answer 'tty pass' --transcript tty.txt -- \
  "$CERTDECK" -d root export www.example.org --format pkcs12 --outfile tty.p12
grep_ok "... prompted" 'Enter the new password: ' tty.txt
grep_not "... never echoed" 'tty pass' tty.txt
check "... openssl reads it with that password" "$OPENSSL" pkcs12 -info -noout -in tty.p12 -passin 'pass:tty pass'
check_exit "two different answers exit 2" 2 $PTY --answer 'one' --answer 'two' -- \
  "$CERTDECK" -d root export www.example.org --format pkcs12 --outfile no.p12
[ ! -e no.p12 ] && ok "... and write nothing" || not_ok "... and write nothing"
check_exit "no terminal, no password: exit 2" 2 setsid -w "$CERTDECK" -d root export www.example.org --format pkcs12 --outfile no.p12
grep_ok "... says how to give it" 'password-file' "$TMP/err"
[ ! -e no.p12 ] && ok "... nothing written" || not_ok "... nothing written"
check_exit "an existing --outfile is kept" 2 cd_ -d root export www.example.org --format pkcs12 --password-file pw --outfile f.p12
check "... unless --force" cd_ -d root export www.example.org --format pkcs12 --password-file pw --outfile f.p12 --force

# 6. The key alone.
check "export --key, encrypted" cd_ -d root export www.example.org --key --password-file pw --outfile k.pem
mode_is "... mode 0600" 600 k.pem
grep_ok "... PKCS #8 encrypted" 'BEGIN ENCRYPTED PRIVATE KEY' k.pem
check "openssl decrypts it" "$OPENSSL" pkey -in k.pem -passin file:pw -pubout -out k.pub
"$OPENSSL" pkey -in root/private/www.example.org.key -pubout > w.pub
cmp -s k.pub w.pub && ok "... the same key" || not_ok "... the same key"
check "export --key --no-encrypt --format der" cd_ -d root export www.example.org --key --no-encrypt --format der --outfile k.der
check "openssl reads the DER key" "$OPENSSL" pkey -inform DER -in k.der -noout
check_exit "a key is not printed on a terminal" 2 $PTY -- "$CERTDECK" -d root export www.example.org --key --no-encrypt
check_exit "--key with pkcs12 exits 2" 2 cd_ -d root export www.example.org --key --format pkcs12

# 7. The CA itself, its key encrypted: the store key's password is asked.
check "an encrypted root" cd_ -d eroot init-ca --cn "Encrypted Root" --password-file pw
check "export ca as pkcs12 with its key's password" cd_ -d eroot export ca --format pkcs12 --key-password-file pw --password-file pw2 --outfile ca.p12
check "openssl reads it" "$OPENSSL" pkcs12 -info -noout -in ca.p12 -passin file:pw2
check_exit "a wrong key password exits 2" 2 cd_ -d eroot export ca --format pkcs12 --key-password-file pw2 --password-file pw2 --outfile ca2.p12
[ ! -e ca2.p12 ] && ok "... nothing written" || not_ok "... nothing written"
# Any store key that is encrypted (here re-encrypted by openssl) is asked
# for the same way, not the CA's only.
check "issue bob" cd_ -d eroot issue bob --profile client --password-file pw
"$OPENSSL" pkcs8 -topk8 -v2 aes-256-cbc -passout file:pw -in eroot/private/bob.key -out bob-enc.key
cat bob-enc.key >eroot/private/bob.key
check_exit "pkcs12 of an encrypted key, no password, no terminal: exit 2" 2 setsid \
  "$CERTDECK" -d eroot export bob --format pkcs12 --password-file pw2 --outfile bob0.p12
grep_ok "... saying a password is needed" 'password is needed' "$TMP/err"
check "... its password asked on the terminal" $PTY --answer 'S3cret pass' --transcript bobtty.txt -- \
  "$CERTDECK" -d eroot export bob --format pkcs12 --password-file pw2 --outfile bob.p12
grep_ok "... with the key's prompt" "Enter the key's password" bobtty.txt
check "... openssl reads the PKCS #12" "$OPENSSL" pkcs12 -info -noout -in bob.p12 -passin file:pw2
check "... or given with --key-password-file" cd_ -d eroot export bob --format pkcs12 \
  --key-password-file pw --password-file pw2 --outfile bob2.p12

# 8. import of PKCS #12 and PKCS #7 bundles: round trips.
check "import the modern PKCS #12" cd_ import m.p12 --password-file pw --outfile rt.pem --key-outfile rt.key --no-encrypt
cmp -s rt.pem c2.pem && ok "... its three certificates, as exported" || not_ok "... its three certificates, as exported"
mode_is "... the key 0600" 600 rt.key
"$OPENSSL" pkey -in rt.key -pubout > rt.pub
cmp -s rt.pub leaf.pub && ok "... the leaf's key" || not_ok "... the leaf's key"
check "import the legacy PKCS #12 (RC2-40, 3DES)" cd_ import l.p12 --password-file pw --outfile rtl.pem --key-outfile rtl.key --new-password-file pw2
cmp -s rtl.pem c5.pem && ok "... its certificates" || not_ok "... its certificates"
check "... the key re-encrypted, openssl reads it" "$OPENSSL" pkey -in rtl.key -passin file:pw2 -noout
check_exit "a wrong PKCS #12 password exits 2" 2 cd_ import m.p12 --password-file pw2 --outfile no.pem
grep_ok "... and says so" 'wrong password' "$TMP/err"
[ ! -e no.pem ] && ok "... nothing written" || not_ok "... nothing written"
check_exit "the key of a PKCS #12 needs a choice of encryption" 2 cd_ import m.p12 --password-file pw --key-outfile no.key
rm -f half.pem
check_exit "a --key-outfile that cannot be written exits 2" 2 cd_ import m.p12 --password-file pw \
  --outfile half.pem --key-outfile "$TMP/nosuchdir/k.pem" --no-encrypt
[ -e half.pem ] && not_ok "... and leaves no --outfile behind" || ok "... and leaves no --outfile behind"
grep_ok "... naming the file asked, not a temporary one" "nosuchdir/k.pem: cannot create" "$TMP/err"
grep_not "... (no temporary name)" "k.pem.tmp-" "$TMP/err"
check_exit "--key-outfile the same as --outfile exits 2" 2 cd_ import m.p12 --password-file pw \
  --outfile same.pem --key-outfile ./same.pem --no-encrypt
[ -e same.pem ] && not_ok "... and writes nothing" || ok "... and writes nothing"
"$OPENSSL" crl2pkcs7 -nocrl -certfile c2.pem -out c2.p7b
check "import a PKCS #7 bundle (PEM)" cd_ import c2.p7b --outfile p7.pem
cmp -s p7.pem c2.pem && ok "... the chain, as exported" || not_ok "... the chain, as exported"
"$OPENSSL" crl2pkcs7 -nocrl -certfile c2.pem -outform DER -out c2.p7d
check "import a PKCS #7 bundle (DER)" cd_ import c2.p7d --outfile p7d.pem
cmp -s p7d.pem c2.pem && ok "... the same chain" || not_ok "... the same chain"
# Recorded in the store: a certificate the CA signed outside it.
"$OPENSSL" req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ext.key -subj /CN=ext.example.org -out ext.csr 2>/dev/null
check "the root's CA signs outside the store" cd_ sign --load-ca-certificate root/ca.crt --load-ca-privkey root/private/ca.key --load-request ext.csr --dns-name ext.example.org --outfile ext.crt
"$OPENSSL" pkcs12 -export -in ext.crt -inkey ext.key -passout file:pw -name ext -out ext.p12
check "import --name records an openssl PKCS #12" cd_ -d root import --name ext ext.p12 --password-file pw
cmp -s root/issued/ext.crt ext.crt && ok "... issued/ext.crt" || not_ok "... issued/ext.crt"
mode_is "... private/ext.key 0600" 600 root/private/ext.key
serial=$("$OPENSSL" x509 -in ext.crt -noout -serial | sed 's/^serial=//')
grep_ok "... its index.txt line" "^V	[0-9]+Z		$serial	unknown	/CN=ext.example.org$" root/index.txt
[ -f "root/certs_by_serial/$serial.pem" ] && ok "... certs_by_serial/$serial.pem" || not_ok "... certs_by_serial/"
check "check: the store is consistent" cd_ -d root check
check "export it again as PKCS #12" cd_ -d root export ext --format pkcs12 --password-file pw --outfile ext2.p12
"$OPENSSL" pkcs12 -in ext2.p12 -passin file:pw -nocerts -nodes 2>/dev/null | "$OPENSSL" pkey -pubout > ext2.pub
"$OPENSSL" pkey -in ext.key -pubout > ext.pub
cmp -s ext2.pub ext.pub && ok "... openssl finds the same key" || not_ok "... openssl finds the same key"
check_exit "the same serial again exits 2" 2 cd_ -d root import --name ext2 ext.p12 --password-file pw
grep_ok "... already recorded" 'already recorded' "$TMP/err"
check_exit "a certificate of another CA is not recorded" 2 cd_ -d root import --name other m.p12 --password-file pw
[ ! -e root/issued/other.crt ] && ok "... nothing written" || not_ok "... nothing written"
check_exit "import --name of a PKCS #7 already in the store exits 2" 2 cd_ -d sub import --name leaf2 c2.p7b
grep_ok "... already recorded" 'already recorded' "$TMP/err"

# A request made elsewhere (openssl req) goes among the store's requests,
# to sign; a PEM certificate the CA signed outside is recorded as a bundle
# is; a damaged request and a name taken are refused, nothing written.
"$OPENSSL" req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout in.key \
  -subj /CN=in.example.org -addext subjectAltName=DNS:in.example.org -out in.csr 2>/dev/null
check "import --name of an openssl request" cd_ -d root import --name in in.csr
grep_ok "... says where it went and how to sign it" "reqs/in.req.*'certdeck sign in'" "$TMP/out"
check "... then sign signs it" cd_ -d root sign in --honor-extensions
check "... openssl verifies what was signed" "$OPENSSL" verify -CAfile root/ca.crt root/issued/in.crt
check "import --name of the same request as in2" cd_ -d root import --name in2 in.csr
check_exit "the same request name again exits 2" 2 cd_ -d root import --name in2 in.csr
grep_ok "... saying it exists" 'the store has reqs/in2.req already' "$TMP/err"
"$OPENSSL" req -in in.csr -outform DER -out in.der
python3 -c 'import sys; d = bytearray(open(sys.argv[1], "rb").read()); d[-1] ^= 1; open(sys.argv[2], "wb").write(d)' in.der bad.der
check_exit "a request whose signature fails exits 2" 2 cd_ -d root import --name bad bad.der
grep_ok "... saying so" 'signature' "$TMP/err"
[ ! -e root/reqs/bad.req ] && ok "... nothing written" || not_ok "... nothing written"
check_exit "a request under the name of an issued certificate exits 2" 2 cd_ -d root import --name www.example.org in.csr
grep_ok "... naming what is there" 'has issued/www.example.org.crt already' "$TMP/err"
cat ext.key ext.crt >keycert.pem
check_exit "a PEM key with its certificate exits 2" 2 cd_ -d root import --name kc keycert.pem
grep_ok "... pointing to PKCS #12" 'holds a private key besides certificates.*PKCS #12' "$TMP/err"
check "the root's CA signs another outside the store" cd_ sign --load-ca-certificate root/ca.crt \
  --load-ca-privkey root/private/ca.key --load-request in.csr --dns-name out.example.org --outfile out.crt
check "import --name of a PEM certificate records it" cd_ -d root import --name out out.crt
cmp -s root/issued/out.crt out.crt && ok "... issued/out.crt" || not_ok "... issued/out.crt"
cp ext.crt ext-plain.pem
check_exit "a PEM certificate already recorded is refused" 2 cd_ -d root import --name ext3 ext-plain.pem
grep_ok "... already recorded" 'already recorded' "$TMP/err"
check_exit "--name with --der exits 2" 2 cd_ -d root import --name in2 --der in.csr

done_testing
