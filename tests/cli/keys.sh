#!/bin/sh
# genkey and import: keys of every type, plain and encrypted, PEM and DER,
# judged by certtool and openssl; keys from openssl and certtool imported;
# bad input refused with exit 2 and nothing left behind.
. "$top_srcdir/tests/lib.sh"
need "$CERTTOOL" "$OPENSSL" python3
cd "$TMP" || exit 1
cd_() { "$CERTDECK" "$@"; }
mode_ok() { # DESC FILE
  if [ "$(stat -c %a "$2")" = 600 ]; then ok "$1"; else not_ok "$1"; diag "mode $(stat -c %a "$2")"; fi
}

# 1. Every type: genkey, 0600, certtool and openssl read it.
for spec in "rsa 2048" "rsa 3072" "rsa 4096" "ecdsa p256" "ecdsa p384" "ecdsa p521" ed25519 ed448; do
  set -- $spec
  t=$1 size=${2:-}
  f="k-$t$size.pem"
  case $t:$size in
    rsa:*) args="--bits $size" want_alg=RSA want_cert="($size bits)" want_ossl="Private-Key: \\($size bit" ;;
    ecdsa:*) n=${size#p}; args="--curve $size" want_alg=EC/ECDSA want_cert="curve:	SECP${n}R1" want_ossl="Private-Key: \\($n bit" ;;
    ed25519:) args= want_alg='EdDSA \(Ed25519\)' want_cert='Ed25519' want_ossl='ED25519 Private-Key' ;;
    ed448:) args= want_alg='EdDSA \(Ed448\)' want_cert='Ed448' want_ossl='ED448 Private-Key' ;;
  esac
  check "genkey $spec" cd_ genkey --key-type "$t" $args --outfile "$f"
  cp "$TMP/err" "$f.err"
  mode_ok "$spec: mode 0600" "$f"
  grep_ok "$spec: PKCS #8 PEM" '^-----BEGIN PRIVATE KEY-----$' "$f"
  "$CERTTOOL" -k --infile "$f" > "$f.txt" 2>&1
  grep_ok "$spec: certtool reads the algorithm" "Public Key Algorithm: $want_alg" "$f.txt"
  grep_ok "$spec: certtool reads the size" "$want_cert" "$f.txt"
  id=$(sed -n 's/^	sha256:\([0-9a-f]*\)$/\1/p' "$f.txt" | head -1)
  grep_ok "$spec: the confirmation gives certtool's key id" "sha256:$id" "$f.err"
  grep_not "$spec: the confirmation does not show the key" 'PRIVATE KEY' "$f.err"
  "$OPENSSL" pkey -in "$f" -noout -text > "$f.ossl" 2>&1
  grep_ok "$spec: openssl reads it" "$want_ossl" "$f.ossl"
done

absent() { # DESC FILE...: none of the files (nor a temporary beside them) exists
  local f found=
  for f in "$@"; do
    for g in "$f" "$f".tmp-*; do [ -e "$g" ] && found="$found $g"; done
  done
  if [ -z "$found" ]; then ok "$1"; else not_ok "$1"; diag "left behind:$found"; fi
}
pub() { "$OPENSSL" pkey -pubout "$@" 2>/dev/null; }
same_pub() { # DESC ORIGINAL-ARGS... -- IMPORTED
  local desc=$1; shift
  local a=
  while [ "$1" != -- ]; do a="$a $1"; shift; done; shift
  pub $a > pub.orig; pub -in "$1" > pub.new
  if [ -s pub.orig ] && cmp -s pub.orig pub.new; then ok "$desc"; else
    not_ok "$desc"; diag "public keys differ (openssl pkey -pubout)"; fi
}
PTY="python3 $top_srcdir/tests/cli/pty-answer.py --deadline 30"
printf 'correct horse\n' > pw
printf 'battery staple\n' > pw2
printf 'wrong\n' > bad

# 2. DER.
for t in ecdsa ed25519; do
  check "genkey --der ($t)" cd_ genkey --key-type $t --der --outfile k-$t.der
  check "openssl reads the DER $t key" "$OPENSSL" pkey -inform DER -in k-$t.der -noout
  check "certtool reads the DER $t key" "$CERTTOOL" -k --inder --infile k-$t.der
done

# 3. Encrypted: --password-file, --password-fd.
for t in rsa ecdsa ed448; do
  f=enc-$t.pem
  check "genkey --password-file ($t)" cd_ genkey --key-type $t --password-file pw --outfile $f
  grep_ok "... the confirmation says encrypted" 'encrypted, public key id' "$TMP/err"
  mode_ok "... mode 0600" $f
  grep_ok "... ENCRYPTED PRIVATE KEY" '^-----BEGIN ENCRYPTED PRIVATE KEY-----$' $f
  check "... openssl decrypts it (-passin file:)" "$OPENSSL" pkey -in $f -passin file:pw -noout
  check_exit "... openssl refuses a wrong password" 1 "$OPENSSL" pkey -in $f -passin file:bad -noout
  check "... certtool decrypts it (--password)" "$CERTTOOL" -k --infile $f --password 'correct horse'
  "$OPENSSL" asn1parse -in $f > $f.asn1 2>&1
  grep_ok "... PBES2 (openssl asn1parse)" ':PBES2' $f.asn1
  grep_ok "... AES-256 (openssl asn1parse)" ':aes-256-cbc' $f.asn1
done
check "genkey --password-fd" cd_ genkey --key-type ecdsa --password-fd 3 --outfile fd.pem 3<pw2
check "... openssl decrypts it with that password" "$OPENSSL" pkey -in fd.pem -passin file:pw2 -noout
# A password file without a newline at its end: its whole line, and no
# more (the line was once read without its end, at random).
printf 'correct horse' > pw-nonl
i=0
while [ $i -lt 5 ]; do
  cd_ genkey --key-type ecdsa --password-file pw-nonl --force --outfile nonl.pem 2>/dev/null &&
    "$OPENSSL" pkey -in nonl.pem -passin file:pw -noout 2>/dev/null || break
  i=$((i + 1))
done
[ $i -eq 5 ] && ok "a password file without a final newline: its line is the password (5 runs)" ||
  not_ok "a password file without a final newline: its line is the password (run $i failed)"
check "genkey --der --password-file" cd_ genkey --key-type ecdsa --der --password-file pw --outfile enc.der
check "... openssl decrypts the DER" "$OPENSSL" pkey -inform DER -in enc.der -passin file:pw -noout

# 4. Bad flags: exit 2, the flag named, no file left.
bad_flag() { # DESC PATTERN ARGS...
  local desc=$1 pat=$2; shift 2
  check_exit "$desc exits 2" 2 cd_ genkey "$@" --outfile bad.pem
  grep_ok "... naming the flag and what is expected" "$pat" "$TMP/err"
  absent "... and leaves no file" bad.pem
}
bad_flag "rsa --bits 1024" "--bits: 1024 .*expected 2048, 3072 or 4096" --key-type rsa --bits 1024
bad_flag "--bits abc" "--bits: 'abc' .*expected 2048, 3072 or 4096" --bits abc
bad_flag "--curve with rsa" "--curve: 'p256' goes only with --key-type ecdsa" --key-type rsa --curve p256
bad_flag "--curve p192" "--curve: 'p192' .*expected p256, p384 or p521" --key-type ecdsa --curve p192
bad_flag "--bits with ed25519" "--bits: 256 goes only with --key-type rsa" --key-type ed25519 --bits 256
bad_flag "an unknown --key-type" "--key-type: 'dsa' .*expected rsa, ecdsa, ed25519 or ed448" --key-type dsa
bad_flag "--password-fd on a closed descriptor" "--password-fd: 9 is not an open file descriptor" --password-fd 9
bad_flag "--password-fd abc" "--password-fd: 'abc'" --password-fd abc
bad_flag "--password with --password-file" "one of --password, --password-file and --password-fd" --password --password-file pw
bad_flag "an unknown option" "'--colour' is unknown" --colour
bad_flag "an empty password file" "no password in it" --password-file /dev/null
mkdir -p pwdir
bad_flag "a directory as password file" "pwdir: cannot read the password: Is a directory" --password-file pwdir
check_exit "an argument genkey does not take exits 2" 2 cd_ genkey extra
grep_ok "... naming it" "unexpected argument 'extra'" "$TMP/err"

# 5. An existing --outfile: refused without --force, replaced with it.
cp k-ecdsap256.pem before.pem
check_exit "genkey refuses an existing --outfile" 2 cd_ genkey --key-type ecdsa --outfile k-ecdsap256.pem
grep_ok "... saying so and naming --force" 'already exists.*--force' "$TMP/err"
cmp -s before.pem k-ecdsap256.pem && ok "... the file is unchanged" || not_ok "... the file is unchanged"
check "genkey --force replaces it" cd_ genkey --key-type ecdsa --outfile k-ecdsap256.pem --force
cmp -s before.pem k-ecdsap256.pem && not_ok "... with a new key" || ok "... with a new key"
mode_ok "... mode 0600" k-ecdsap256.pem
ln -s before.pem link.pem
check_exit "genkey --force refuses to replace a symbolic link" 2 cd_ genkey --outfile link.pem --force
grep_ok "... saying it is not a regular file" 'not a regular file' "$TMP/err"

# 6. Standard output: a pipe or a file, never a terminal.
cd_ genkey --key-type ecdsa 2>/dev/null | "$OPENSSL" pkey -noout 2>"$TMP/err" && ok "genkey to a pipe: openssl reads the key" || not_ok "genkey to a pipe: openssl reads the key"
rc=0; $PTY --transcript tty.txt -- "$CERTDECK" genkey --key-type ecdsa || rc=$?
[ $rc = 2 ] && ok "genkey with a terminal as stdout exits 2" || not_ok "genkey with a terminal as stdout exits 2 (got $rc)"
grep_ok "... saying to give --outfile" 'give --outfile' tty.txt
grep_not "... and prints no key" 'PRIVATE KEY' tty.txt

# 7. The prompt: twice, without echo; end of input and a closed terminal exit 2.
rc=0; $PTY --answer 'Tr0ub4dor&3 x' --answer 'Tr0ub4dor&3 x' --transcript p1.txt -- \
  "$CERTDECK" genkey --key-type ecdsa --password --outfile prompt.pem || rc=$?
[ $rc = 0 ] && ok "genkey --password: answered twice" || not_ok "genkey --password: answered twice (got $rc)"
grep_ok "... asks twice" 'again' p1.txt
grep_not "... does not echo the password" 'Tr0ub4dor' p1.txt
printf 'Tr0ub4dor&3 x\n' > pw3
check "... openssl decrypts the key with it" "$OPENSSL" pkey -in prompt.pem -passin file:pw3 -noout
rc=0; $PTY --answer one --answer two --transcript p2.txt -- "$CERTDECK" genkey --password --outfile p2.pem || rc=$?
[ $rc = 2 ] && ok "two different passwords exit 2" || not_ok "two different passwords exit 2 (got $rc)"
grep_ok "... saying they differ" 'differ' p2.txt
absent "... no key written" p2.pem
rc=0; $PTY --eof --transcript p3.txt -- "$CERTDECK" genkey --password --outfile p3.pem || rc=$?
[ $rc = 2 ] && ok "end of input at the prompt exits 2" || not_ok "end of input at the prompt exits 2 (got $rc)"
grep_ok "... saying so" 'end of input' p3.txt
absent "... no key written" p3.pem
rc=0; $PTY --answer one --eof --transcript p4.txt -- "$CERTDECK" genkey --password --outfile p4.pem || rc=$?
[ $rc = 2 ] && ok "end of input at the second prompt exits 2" || not_ok "end of input at the second prompt exits 2 (got $rc)"
absent "... no key written" p4.pem
rc=0; $PTY --hangup -- "$CERTDECK" genkey --password --outfile p5.pem || rc=$?
[ $rc = 2 ] && ok "a terminal closed at the prompt: exit 2" || not_ok "a terminal closed at the prompt: exit 2 (got $rc)"
absent "... no key written" p5.pem

# 8. import: keys made by openssl and certtool, PEM and DER, plain and
# encrypted; the imported key has the original's public key (openssl).
o() { "$OPENSSL" "$@" 2>/dev/null; }
o genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out o-rsa8.pem
o genpkey -algorithm ED25519 -out o-ed8.pem
o genrsa -traditional -out o-rsa1.pem 2048
o ecparam -genkey -name prime256v1 -out o-sec1.pem
o ecparam -genkey -name secp384r1 -noout -out o-sec1n.pem
o pkcs8 -topk8 -v2 aes-256-cbc -in o-rsa8.pem -out o-p8v2.pem -passout file:pw
o pkcs8 -topk8 -v1 PBE-SHA1-3DES -in o-sec1.pem -out o-p8v1.pem -passout file:pw
o rsa -in o-rsa1.pem -traditional -aes256 -passout file:pw -out o-legacy.pem
o ec -in o-sec1.pem -aes128 -passout file:pw -out o-legacyec.pem
o pkey -in o-rsa8.pem -outform DER -out o-rsa8.der
o rsa -in o-rsa1.pem -traditional -outform DER -out o-rsa1.der
o ec -in o-sec1.pem -outform DER -out o-sec1.der
o pkcs8 -topk8 -v2 aes-256-cbc -in o-rsa8.pem -outform DER -out o-p8v2.der -passout file:pw
o pkcs8 -topk8 -v1 PBE-SHA1-3DES -in o-sec1.pem -outform DER -out o-p8v1.der -passout file:pw
"$CERTTOOL" -p --key-type ecdsa --pkcs8 --password 'correct horse' --outfile c-p8.pem 2>/dev/null
"$CERTTOOL" -p --key-type ed25519 --pkcs8 --password 'correct horse' --outder --outfile c-p8.der 2>/dev/null
"$CERTTOOL" -p --key-type ecdsa --pkcs8 --password 'correct horse' --pkcs-cipher 3des-pkcs12 --outfile c-3des.pem 2>/dev/null
grep -q 'BEGIN RSA PRIVATE KEY' o-rsa1.pem && grep -q 'BEGIN EC PARAMETERS' o-sec1.pem &&
  grep -q 'Proc-Type: 4,ENCRYPTED' o-legacy.pem && [ -s c-p8.der ] && [ -s o-p8v1.der ] &&
  ok "openssl and certtool made the keys to import" || not_ok "openssl and certtool made the keys to import"

for f in o-rsa8.pem o-ed8.pem o-rsa1.pem o-sec1.pem o-sec1n.pem o-rsa8.der o-rsa1.der o-sec1.der; do
  inform=PEM; case $f in *.der) inform=DER;; esac
  check "import $f" cd_ import --outfile imp-$f.pem $f
  grep_ok "... as PKCS #8" '^-----BEGIN PRIVATE KEY-----$' imp-$f.pem
  mode_ok "... mode 0600" imp-$f.pem
  same_pub "... the same public key" -inform $inform -in $f -- imp-$f.pem
done
for f in o-p8v2.pem o-p8v1.pem o-legacy.pem o-legacyec.pem o-p8v2.der o-p8v1.der c-p8.pem c-p8.der c-3des.pem; do
  inform=PEM; case $f in *.der) inform=DER;; esac
  check "import encrypted $f --no-encrypt" cd_ import --password-file pw --no-encrypt --outfile imp-$f.pem $f
  grep_ok "... in the clear, as PKCS #8" '^-----BEGIN PRIVATE KEY-----$' imp-$f.pem
  mode_ok "... mode 0600" imp-$f.pem
  same_pub "... the same public key" -inform $inform -in $f -passin file:pw -- imp-$f.pem
  check_exit "... a wrong password exits 2" 2 cd_ import --password-file bad --no-encrypt --outfile wrong.pem $f
  grep_ok "... saying the password is wrong" 'wrong password' "$TMP/err"
  absent "... and writes nothing" wrong.pem
done
check "import re-encrypts with --new-password-file" cd_ import --password-file pw --new-password-file pw2 --outfile re.pem o-p8v1.pem
grep_ok "... ENCRYPTED PRIVATE KEY" '^-----BEGIN ENCRYPTED PRIVATE KEY-----$' re.pem
"$OPENSSL" asn1parse -in re.pem > re.asn1 2>&1
grep_ok "... PBES2 AES-256 (openssl asn1parse)" ':aes-256-cbc' re.asn1
same_pub "... openssl decrypts it with the new password: the same key" -in re.pem -passin file:pw2 -- imp-o-p8v1.pem.pem
cat pw pw2 > pw-both
check "import reads old and new password from one descriptor" cd_ import --password-fd 3 --new-password-fd 3 --outfile re3.pem o-legacy.pem 3<pw-both
same_pub "... openssl decrypts it with the new password" -in re3.pem -passin file:pw2 -- imp-o-legacy.pem.pem
cp o-sec1.pem open.pem; chmod 644 open.pem
check "import of a key readable by others" cd_ import --outfile open-imp.pem open.pem
grep_ok "... warns that others can read it" 'open.pem: the private key is readable by others \(mode 644\)' "$TMP/err"
chmod 600 open.pem
check "import of a key that only its owner reads" cd_ import --outfile open-imp2.pem open.pem
grep_not "... gives no such warning" 'readable by others' "$TMP/err"
check "import --der" cd_ import --der --outfile imp.der o-sec1.pem
same_pub "... openssl reads the DER: the same key" -in o-sec1.pem -- imp.der
check_exit "an encrypted key without --new-password-* or --no-encrypt exits 2" 2 cd_ import --password-file pw --outfile x.pem o-p8v2.pem
grep_ok "... naming the flags" '--new-password-file.*--no-encrypt' "$TMP/err"
absent "... and writes nothing" x.pem
rc=0; $PTY --answer 'correct horse' --transcript ip.txt -- "$CERTDECK" import --password --no-encrypt --outfile ip.pem o-p8v2.pem || rc=$?
[ $rc = 0 ] && ok "import asks the password at the terminal" || not_ok "import asks the password at the terminal (got $rc)"
grep_not "... without echo" 'horse' ip.txt
same_pub "... the same key" -in o-rsa8.pem -- ip.pem
rc=0; $PTY --eof --transcript ip2.txt -- "$CERTDECK" import --no-encrypt --outfile ip2.pem o-p8v2.pem || rc=$?
[ $rc = 2 ] && ok "import: end of input at the prompt exits 2" || not_ok "import: end of input at the prompt exits 2 (got $rc)"
absent "... and writes nothing" ip2.pem
check_exit "import refuses an existing --outfile" 2 cd_ import --outfile imp-o-sec1.pem.pem o-sec1.pem
check "import --force replaces it" cd_ import --outfile imp-o-sec1.pem.pem --force o-sec1.pem
rc=0; $PTY --transcript it.txt -- "$CERTDECK" import o-sec1.pem || rc=$?
[ $rc = 2 ] && ok "import of a key with a terminal as stdout exits 2" || not_ok "import of a key with a terminal as stdout exits 2 (got $rc)"
grep_not "... and prints no key" 'PRIVATE KEY' it.txt
cd_ import o-sec1.pem 2>/dev/null | "$OPENSSL" pkey -noout 2>/dev/null && ok "import to a pipe: openssl reads the key" || not_ok "import to a pipe: openssl reads the key"

# 9. What is not a key: exit 2, nothing written.
head -c 600 /dev/urandom > garbage.bin
printf 'hello\n' > text.txt
: > empty.pem
head -c 700 o-rsa8.pem > trunc.pem
head -c 600 o-rsa8.der > trunc.der
o req -new -x509 -key o-sec1.pem -subj /CN=imp -days 30 -out cert.pem
o pkey -in o-rsa8.pem -pubout -out pub.pem
for f in garbage.bin text.txt empty.pem trunc.pem trunc.der pub.pem; do
  check_exit "import $f exits 2" 2 cd_ import --outfile out-$f $f
  grep_ok "... naming the file" "$f" "$TMP/err"
  absent "... and writes nothing" out-$f
done
grep_ok "a public key is named as such" 'holds a public key' "$TMP/err"
check_exit "a certificate given as a key (selfsign --load-privkey) exits 2" 2 cd_ selfsign --load-privkey cert.pem --cn x --outfile cak.pem
grep_ok "... saying it holds a certificate, not a private key" 'cert.pem: holds a certificate, not a private key' "$TMP/err"
absent "... and writes nothing" cak.pem
check_exit "password flags with a certificate exit 2" 2 cd_ import --new-password-file pw --outfile nc.pem cert.pem
absent "... and write nothing" nc.pem

# 10. Certificates and requests: checked, normalised to PEM.
o x509 -in cert.pem -outform DER -out cert.der
o req -new -key o-rsa8.pem -subj /CN=req -out req.pem
o req -in req.pem -outform DER -out req.der
fp() { "$OPENSSL" x509 -noout -fingerprint -sha256 -in "$1" 2>/dev/null; }
check "import a DER certificate" cd_ import --outfile cert-imp.pem cert.der
grep_ok "... as PEM" '^-----BEGIN CERTIFICATE-----$' cert-imp.pem
[ -n "$(fp cert.pem)" ] && [ "$(fp cert.pem)" = "$(fp cert-imp.pem)" ] && ok "... the same certificate (openssl fingerprint)" || not_ok "... the same certificate (openssl fingerprint)"
"$OPENSSL" req -new -x509 -key o-rsa8.pem -subj /CN=two -days 30 -out cert2.pem 2>/dev/null
cat cert.pem cert2.pem > chain.pem
check "import a PEM with two certificates" cd_ import --outfile chain-imp.pem chain.pem
[ "$(grep -c 'BEGIN CERTIFICATE' chain-imp.pem)" = 2 ] && ok "... both kept" || not_ok "... both kept"
cat cert.pem req.pem > mixed.pem
check_exit "import of a certificate and a request in one file exits 2" 2 cd_ import --outfile mixed-imp.pem mixed.pem
grep_ok "... saying so" 'request among the certificates' "$TMP/err"
absent "... and writes nothing" mixed-imp.pem
check "import a DER request" cd_ import --outfile req-imp.pem req.der
grep_ok "... as PEM" 'BEGIN (NEW )?CERTIFICATE REQUEST' req-imp.pem
check "... openssl verifies the request's signature" "$OPENSSL" req -in req-imp.pem -verify -noout
o req -in req-imp.pem -outform DER -out req-imp.der
[ -s req.der ] && cmp -s req.der req-imp.der && ok "... the same request" || not_ok "... the same request"
python3 -c "
import sys; d = bytearray(open('req.der','rb').read()); d[-1] ^= 1; open('req-bad.der','wb').write(d)"
check_exit "a request whose signature does not verify exits 2" 2 cd_ import --outfile req-bad.pem req-bad.der
grep_ok "... saying so" 'signature does not verify' "$TMP/err"
absent "... and writes nothing" req-bad.pem

# request --new-key: the key made with the request, judged by openssl and
# certtool; bad combinations exit 2 and leave nothing.
check "request --new-key (ECDSA P-384)" cd_ request --new-key rk.pem --key-type ecdsa \
  --curve p384 --cn rk.example.org --dns-name rk.example.org --outfile rk.csr
[ "$(stat -c %a rk.pem)" = 600 ] && ok "... the new key is 0600" || not_ok "... the new key is 0600"
check "... openssl verifies the request's signature" "$OPENSSL" req -in rk.csr -noout -verify
"$OPENSSL" pkey -in rk.pem -pubout > rk.pub 2>/dev/null
"$OPENSSL" req -in rk.csr -noout -pubkey > rk.reqpub 2>/dev/null
cmp -s rk.pub rk.reqpub && ok "... for the new key" || not_ok "... for the new key"
"$CERTTOOL" -k --infile rk.pem > rk.txt 2>&1
grep_ok "... a P-384 key (certtool)" 'SECP384R1' rk.txt
check "request --new-key, default type (RSA 3072)" cd_ request --new-key rr.pem --cn rr --outfile rr.csr
"$OPENSSL" req -in rr.csr -noout -text > rr.txt 2>&1
grep_ok "... RSA 3072 (openssl)" 'Public-Key: \(3072 bit\)' rr.txt
check_exit "--new-key on an existing file exits 2" 2 cd_ request --new-key rk.pem --cn x --outfile x.csr
grep_ok "... saying so" 'already exists' "$TMP/err"
absent "... and writes no request" x.csr
check_exit "--new-key with --load-privkey exits 2" 2 cd_ request --new-key n1.pem --load-privkey rk.pem --cn x
absent "... and makes no key" n1.pem
check_exit "--key-type without --new-key exits 2" 2 cd_ request --load-privkey rk.pem --key-type rsa --cn x
check_exit "--new-key with --bits 1024 exits 2" 2 cd_ request --new-key n2.pem --key-type rsa --bits 1024 --cn x
absent "... and makes no key" n2.pem
check_exit "a request that cannot be written takes its new key back" 2 \
  cd_ request --new-key n3.pem --cn x --outfile nodir/x.csr
absent "... no key left" n3.pem
check_exit "--password-fd with a bad value exits 2" 2 cd_ request --load-privkey rk.pem --password-fd abc --cn x

done_testing
