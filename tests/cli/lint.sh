#!/bin/sh
# certdeck lint: each finding on a certificate or request made here by
# certtool or openssl, its id, level and exit status; where a judge exists
# (certtool --verify-crl, openssl verify) it shows the finding matters.
# Then lint before signing: sign, issue and selfsign stop on an error
# (nothing written), go on with --force, and print warnings.
. "$top_srcdir/tests/lib.sh"
need "$CERTTOOL" "$OPENSSL"
cd "$TMP" || exit 1
cd_() { "$CERTDECK" "$@"; }
sum() { find "$1" -type f ! -name .certdeck.lock -exec sha256sum {} + | sort; }
ecgen() { "$CERTTOOL" --generate-privkey --key-type ecdsa --outfile "$1" 2>/dev/null; }
# ctsign KEY TEMPLATE CAKEY CACRT OUT: certtool signs KEY's certificate.
ctsign() {
  "$CERTTOOL" --generate-certificate --load-privkey "$1" --template "$2" \
    --load-ca-privkey "$3" --load-ca-certificate "$4" --outfile "$5" >/dev/null 2>&1
}
# finding DESC STATUS 'LEVEL: ID' LINT-ARGS...: lint exits STATUS and
# reports ID at LEVEL.
finding() {
  desc=$1 want=$2 pat=$3; shift 3
  check_exit "$desc: exit $want" "$want" cd_ lint "$@"
  grep_ok "$desc: $pat" ": $pat: " "$TMP/out"
}
# lint_clean DESC LINT-ARGS...: no finding, exit 0.
lint_clean() {
  desc=$1; shift
  check "$desc: exit 0" cd_ lint "$@"
  if [ -s "$TMP/out" ]; then not_ok "$desc: no finding"; diag "$(cat "$TMP/out")"
  else ok "$desc: no finding"; fi
}

# 1. Clean certificates: certdeck's own CA and server, an easy-rsa-like one.
cd_ -d root init-ca --cn "Lint Root" >/dev/null 2>&1
cd_ -d root issue www.example.org >/dev/null 2>&1
lint_clean "certdeck's init-ca CA" root/ca.crt
lint_clean "certdeck's issued server certificate" --issuer root/ca.crt \
  root/issued/www.example.org.crt
# easy-rsa 3's x509-types (ca, server) and defaults (RSA 2048, SHA-256).
"$OPENSSL" req -x509 -newkey rsa:2048 -nodes -keyout er-ca.key -subj "/CN=Easy CA" \
  -days 3650 -addext "basicConstraints=critical,CA:TRUE" \
  -addext "keyUsage=cRLSign,keyCertSign" -out er-ca.crt 2>/dev/null
"$OPENSSL" req -new -newkey rsa:2048 -nodes -keyout er.key -subj "/CN=srv" -out er.req 2>/dev/null
printf 'basicConstraints=CA:FALSE\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid,issuer:always\nextendedKeyUsage=serverAuth\nkeyUsage=digitalSignature,keyEncipherment\nsubjectAltName=DNS:srv\n' > er.ext
"$OPENSSL" x509 -req -in er.req -CA er-ca.crt -CAkey er-ca.key -CAcreateserial \
  -days 365 -sha256 -extfile er.ext -out er.crt 2>/dev/null
lint_clean "easy-rsa-like CA and server (RSA 2048), at --level warning" \
  --level warning --issuer er-ca.crt er-ca.crt er.crt
finding "... RSA 2048 is only a notice" 0 'notice: rsa-key-under-3072' --issuer er-ca.crt er.crt

# 2. A CA without cRLSign (certtool's template without crl_signing_key).
ecgen ca1.key
printf 'cn = "No CRL CA"\nca\ncert_signing_key\nexpiration_days = 3650\n' > ca1.cfg
"$CERTTOOL" --generate-self-signed --load-privkey ca1.key --template ca1.cfg --outfile ca1.crt 2>/dev/null
finding "certtool CA without crl_signing_key" 1 'error: ca-no-crl-sign' ca1.crt
grep_ok "... saying what to add" 'crl_signing_key' "$TMP/out"
printf 'crl_next_update = 30\ncrl_number = 1\n' > crl.cfg
"$CERTTOOL" --generate-crl --load-ca-privkey ca1.key --load-ca-certificate ca1.crt \
  --template crl.cfg --outfile ca1.crl >/dev/null 2>&1
check_exit "judge: certtool --verify-crl fails for its CRL" 1 "$CERTTOOL" --verify-crl \
  --load-ca-certificate ca1.crt --infile ca1.crl
"$CERTTOOL" --generate-crl --load-ca-privkey root/private/ca.key --load-ca-certificate root/ca.crt \
  --template crl.cfg --outfile root.crl >/dev/null 2>&1
check "judge: ... and passes for certdeck's CA" "$CERTTOOL" --verify-crl \
  --load-ca-certificate root/ca.crt --infile root.crl
printf 'cn = "No Sign CA"\nca\ncrl_signing_key\n' > ca2.cfg
"$CERTTOOL" --generate-self-signed --load-privkey ca1.key --template ca2.cfg --outfile ca2.crt 2>/dev/null
finding "a CA without keyCertSign" 1 'error: ca-no-cert-sign' ca2.crt
"$OPENSSL" req -x509 -key ca1.key -subj "/CN=Soft CA" -days 30 \
  -addext "basicConstraints=CA:TRUE" -addext "keyUsage=cRLSign,keyCertSign" -out soft.crt 2>/dev/null
finding "a CA whose basic constraints are not critical" 0 'warning: ca-bc-not-critical' soft.crt

# 3. Servers: no SAN, IP only in the CN, CN not among the SANs.
ecgen leaf.key
CAK=root/private/ca.key CAC=root/ca.crt
printf 'cn = www.example.org\ntls_www_server\nsigning_key\n' > nosan.cfg
ctsign leaf.key nosan.cfg $CAK $CAC nosan.crt
finding "a TLS server without SAN" 1 'error: server-no-san' --issuer $CAC nosan.crt
# GnuTLS and OpenSSL fall back to the CN; browsers do not. Python's ssl
# (OpenSSL) without the fallback, in a TLS handshake in memory, shows it.
TLSNAME="python3 $top_srcdir/tests/cli/tlsname.py"
check_exit "judge: a TLS client that ignores the CN, as browsers do, refuses it" 1 \
  $TLSNAME $CAC nosan.crt leaf.key www.example.org 1
grep_ok "judge: ... for the host name" 'Hostname mismatch' "$TMP/out"
check "judge: ... and accepts only by falling back to the CN" \
  $TLSNAME $CAC nosan.crt leaf.key www.example.org 0
check "judge: ... and accepts certdeck's server certificate" $TLSNAME $CAC \
  root/issued/www.example.org.crt root/private/www.example.org.key www.example.org 1
printf 'cn = 127.0.0.1\ndns_name = localhost\ntls_www_server\nsigning_key\n' > ipcn.cfg
ctsign leaf.key ipcn.cfg $CAK $CAC ipcn.crt
finding "a server named by IP without IP SAN" 1 'error: cn-ip-not-in-san' --issuer $CAC ipcn.crt
grep_ok "... saying what to add" 'ip_address = 127.0.0.1' "$TMP/out"
check_exit "judge: openssl verify -verify_ip refuses it" 2 "$OPENSSL" verify \
  -CAfile $CAC -verify_ip 127.0.0.1 ipcn.crt
printf 'cn = www.example.org\ndns_name = other.example.org\ntls_www_server\nsigning_key\n' > cn.cfg
ctsign leaf.key cn.cfg $CAK $CAC cn.crt
finding "a CN host name not among the SANs" 0 'warning: cn-not-in-san' --issuer $CAC cn.crt
check_exit "judge: openssl verify -verify_hostname refuses the CN's name" 2 "$OPENSSL" verify \
  -CAfile $CAC -verify_hostname www.example.org cn.crt
# A CN over RFC 5280's 64 characters; DNS names no client can match.
LONG=$(printf 'a%.0s' $(seq 1 70))
printf 'cn = %s\ndns_name = www.example.org\ntls_www_server\nsigning_key\n' "$LONG" > longcn.cfg
ctsign leaf.key longcn.cfg $CAK $CAC longcn.crt
finding "a CN of 70 characters" 0 'warning: cn-too-long' --issuer $CAC longcn.crt
check_exit "judge: openssl req refuses to make such a subject" 1 "$OPENSSL" req -new \
  -key leaf.key -subj "/CN=$LONG" -out longcn.req
printf 'cn = www.example.org\ndns_name = www.example.org\ndns_name = bad_name.example.org\ndns_name = %s.example.org\ntls_www_server\nsigning_key\n' \
  "$(printf 'b%.0s' $(seq 1 64))" > dnsbad.cfg
ctsign leaf.key dnsbad.cfg $CAK $CAC dnsbad.crt
finding "an underscore in a DNS name" 0 'warning: dns-name-syntax' --issuer $CAC dnsbad.crt
grep_ok "... saying which and why" 'bad_name.example.org is no host name.*other than letters' "$TMP/out"
grep_ok "... and a label of 64 characters" 'a label longer than 63 characters' "$TMP/out"
lint_clean "a wildcard and an IDN's xn-- form are host names" --issuer $CAC \
  "$(printf 'cn = *.example.org\ndns_name = *.example.org\ndns_name = xn--caf-dma.example\ntls_www_server\nsigning_key\n' >wild.cfg;
     ctsign leaf.key wild.cfg $CAK $CAC wild.crt; echo wild.crt)"

printf 'cn = www.example.org\ndns_name = www.example.org\ntls_www_server\nexpiration_days = 825\n' > long.cfg
ctsign leaf.key long.cfg $CAK $CAC long.crt
finding "a server certificate of 825 days" 0 'notice: server-validity-over-398' --issuer $CAC long.crt
check "... hidden at --level warning" cd_ lint --level warning --issuer $CAC long.crt
[ -s "$TMP/out" ] && not_ok "... nothing printed" || ok "... nothing printed"

# 4. TLS web server twice: honoured from the request and again (certtool's trap).
printf 'cn = dup.example.org\ndns_name = dup.example.org\ntls_www_server\n' > dupreq.cfg
"$CERTTOOL" --generate-request --load-privkey leaf.key --template dupreq.cfg --outfile dup.req 2>/dev/null
printf 'honor_crq_extensions\ntls_www_server\nsigning_key\n' > dup.cfg
"$CERTTOOL" --generate-certificate --load-request dup.req --template dup.cfg \
  --load-ca-privkey $CAK --load-ca-certificate $CAC --outfile dup.crt >/dev/null 2>&1
"$CERTTOOL" -i --infile dup.crt > dup.txt
if [ "$(grep -c 'TLS WWW Server' dup.txt)" -eq 2 ]; then ok "judge: certtool -i shows TLS WWW Server twice"
else not_ok "judge: certtool -i shows TLS WWW Server twice"; fi
finding "a duplicated purpose" 0 'warning: eku-duplicate' --issuer $CAC dup.crt
grep_ok "... naming it" 'TLS web server .* given twice' "$TMP/out"

# 5. Name constraints, judged by openssl verify.
ecgen nc.key
printf 'cn = ca.internal.test\nca\ncert_signing_key\ncrl_signing_key\nnc_permit_dns = example.org\nexpiration_days = 3650\n' > nc.cfg
"$CERTTOOL" --generate-self-signed --load-privkey nc.key --template nc.cfg --outfile nc.crt 2>/dev/null
printf 'cn = www.example.org\ndns_name = www.example.org\ndns_name = www.evil.com\ntls_www_server\n' > evil.cfg
ctsign leaf.key evil.cfg nc.key nc.crt evil.crt
finding "a name outside the CA's constraints" 1 'error: name-outside-constraints' --issuer nc.crt evil.crt
grep_ok "... naming the name and the constraint" 'www.evil.com .*permitted example.org' "$TMP/out"
check_exit "judge: openssl verify refuses it" 2 "$OPENSSL" verify -CAfile nc.crt evil.crt
grep_ok "judge: ... for the subtree" 'subtree' "$TMP/err"
printf 'cn = www.example.org\ndns_name = www.example.org\ntls_www_server\n' > good.cfg
ctsign leaf.key good.cfg nc.key nc.crt good.crt
lint_clean "a name inside the constraints" --issuer nc.crt good.crt
check "judge: openssl verify accepts it" "$OPENSSL" verify -CAfile nc.crt good.crt
lint_clean "the CA against itself: its own constraints do not apply to its name" \
  --issuer nc.crt nc.crt

# 6. Dates against the CA's.
printf 'cn = "Short CA"\nca\ncert_signing_key\ncrl_signing_key\nexpiration_days = 30\n' > short.cfg
"$CERTTOOL" --generate-self-signed --load-privkey nc.key --template short.cfg --outfile short.crt 2>/dev/null
printf 'cn = a.example.org\ndns_name = a.example.org\ntls_www_server\nexpiration_days = 365\n' > a.cfg
ctsign leaf.key a.cfg nc.key short.crt outlive.crt
finding "a certificate outliving its CA" 0 'warning: outlives-ca' --issuer short.crt outlive.crt
grep_ok "... by so many days" 'outlives its CA by 33[56] days' "$TMP/out"
check_exit "judge: openssl verify refuses it in 60 days" 2 "$OPENSSL" verify -CAfile short.crt \
  -attime $(( $(date +%s) + 60 * 86400 )) outlive.crt
printf 'cn = b.example.org\ndns_name = b.example.org\ntls_www_server\nactivation_date = "2020-01-01 00:00:00"\nexpiration_days = 10\n' > b.cfg
ctsign leaf.key b.cfg nc.key short.crt early.crt
check "a validity starting before a CA valid now: exit 0" cd_ lint --issuer short.crt early.crt
grep_not "... and no starts-before-ca (moot: the CA is valid)" 'starts-before-ca' "$TMP/out"
check "judge: openssl verify accepts it" "$OPENSSL" verify -CAfile short.crt early.crt
printf 'cn = "Future CA"\nca\ncert_signing_key\ncrl_signing_key\nactivation_date = "2099-01-01 00:00:00"\nexpiration_date = "2099-12-31 00:00:00"\n' > future.cfg
"$CERTTOOL" --generate-self-signed --load-privkey nc.key --template future.cfg --outfile future.crt 2>/dev/null
ctsign leaf.key b.cfg nc.key future.crt early2.crt
finding "a validity starting before a CA not valid yet" 0 'warning: starts-before-ca' --issuer future.crt early2.crt
check_exit "judge: openssl verify refuses it (the CA is not valid yet)" 2 "$OPENSSL" verify -CAfile future.crt early2.crt
printf 'cn = c.example.org\ndns_name = c.example.org\ntls_www_server\nactivation_date = "2030-01-01 00:00:00"\nexpiration_date = "2029-01-01 00:00:00"\n' > c.cfg
ctsign leaf.key c.cfg $CAK $CAC never.crt
finding "an expiration before the activation" 1 'error: validity-inverted' --issuer $CAC never.crt
check_exit "judge: openssl verify refuses it" 2 "$OPENSSL" verify -CAfile $CAC never.crt
check_exit "issue stops on it" 1 cd_ -d root issue never --activation-date "2030-01-01 00:00:00" --expiration-date "2029-01-01 00:00:00"
grep_ok "... saying why" "validity-inverted" "$TMP/err"

# 7. Keys, hashes, serials, usages.
"$CERTTOOL" --generate-privkey --key-type rsa --bits 1024 --outfile rsa1024.key 2>/dev/null
ctsign rsa1024.key good.cfg $CAK $CAC weak.crt
finding "an RSA-1024 key" 1 'error: rsa-key-too-small' --issuer $CAC weak.crt
if "$CERTTOOL" --generate-privkey --key-type ecdsa --curve secp192r1 --outfile p192.key >/dev/null 2>&1; then
  ctsign p192.key good.cfg $CAK $CAC p192.crt
  finding "an ECDSA key on P-192" 1 'error: ec-curve-too-small' --issuer $CAC p192.crt
else skip "certtool cannot make P-192 keys"; fi
"$OPENSSL" req -new -key leaf.key -subj "/CN=sha1.example.org" -out sha1.req 2>/dev/null
printf 'subjectAltName=DNS:sha1.example.org\nextendedKeyUsage=serverAuth\n' > sha1.ext
"$OPENSSL" x509 -req -in sha1.req -CA $CAC -CAkey $CAK -CAcreateserial -sha1 -days 30 \
  -extfile sha1.ext -out sha1.crt 2>/dev/null
finding "a certificate signed with SHA-1" 1 'error: weak-hash' --issuer $CAC sha1.crt
"$CERTTOOL" --verify --load-ca-certificate $CAC --infile sha1.crt > v.txt 2>&1
grep_ok "judge: certtool --verify calls it insecure" 'insecure' v.txt
for s in 0 -5 0x0102030405060708090a0b0c0d0e0f101112131415; do
  "$OPENSSL" req -x509 -key leaf.key -subj "/CN=serial" -days 30 -set_serial $s \
    -addext "subjectAltName=DNS:serial.example.org" -out serial.crt 2>/dev/null
  case $s in 0x*) id=serial-too-long ;; *) id=serial-not-positive ;; esac
  finding "serial $s" 1 "error: $id" serial.crt
done
printf 'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nsubjectAltName=DNS:ec.example.org\nextendedKeyUsage=serverAuth\n' > ku.ext
"$OPENSSL" x509 -req -in sha1.req -CA $CAC -CAkey $CAK -CAcreateserial -days 30 \
  -extfile ku.ext -out ku.crt 2>/dev/null
finding "keyEncipherment on an EC key" 0 'warning: key-usage-key-type' --issuer $CAC ku.crt
printf 'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyCertSign\nsubjectAltName=DNS:leaf.example.org\n' > kcs.ext
"$OPENSSL" x509 -req -in sha1.req -CA $CAC -CAkey $CAK -CAcreateserial -days 30 \
  -extfile kcs.ext -out kcs.crt 2>/dev/null
finding "keyCertSign on a CA:FALSE certificate" 1 'error: leaf-key-cert-sign' --issuer $CAC kcs.crt
printf 'cn = alice\nemail_protection_key\n' > mail.cfg
ctsign leaf.key mail.cfg $CAK $CAC mail.crt
finding "email protection without an e-mail SAN" 0 'warning: email-no-san' --issuer $CAC mail.crt

# 8. Requests (PEM and DER).
"$OPENSSL" req -new -newkey rsa:1024 -nodes -keyout r1.key -subj "/CN=weak.example.org" \
  -addext "subjectAltName=DNS:weak.example.org" -out weak.req 2>/dev/null
finding "a request with an RSA-1024 key" 1 'error: rsa-key-too-small' weak.req
"$OPENSSL" req -new -key leaf.key -subj "/CN=127.0.0.1" -out ip.req 2>/dev/null
finding "a request named by IP without IP SAN" 1 'error: cn-ip-not-in-san' ip.req
grep_ok "... and without any SAN: request-no-san, a warning" ': warning: request-no-san: ' "$TMP/out"
"$OPENSSL" req -new -key leaf.key -sha1 -subj "/CN=x" -out sha1r.req 2>/dev/null
finding "a request signed with SHA-1" 1 'error: weak-hash' sha1r.req
"$OPENSSL" req -in dup.req -outform DER -out dup.der 2>/dev/null
lint_clean "a sound request, in DER" dup.der
python3 -c "import sys; d=bytearray(open('dup.der','rb').read()); d[-5]^=0x55; open('bad.der','wb').write(d)"
finding "an altered request" 1 'error: request-bad-signature' bad.der
run "$OPENSSL" req -verify -noout -inform DER -in bad.der
grep_ok "judge: openssl req -verify refuses it" 'verify failure' "$TMP/err"

# 9. Output and bad input.
check_exit "--json" 1 cd_ lint --json --issuer nc.crt evil.crt good.crt
cp "$TMP/out" lint.json
check "--json is JSON with file, counts and findings" python3 -c "
import json; d = json.load(open('lint.json'))
assert [e['file'] for e in d] == ['evil.crt', 'good.crt'], d
assert d[0]['errors'] == 1 and d[1]['findings'] == [], d
f = d[0]['findings'][0]
assert f['level'] == 'error' and f['id'] == 'name-outside-constraints' and 'www.evil.com' in f['message'], f"
check_exit "--level error hides warnings" 0 cd_ lint --level error --issuer $CAC cn.crt
[ -s "$TMP/out" ] && not_ok "... nothing printed" || ok "... nothing printed"
printf 'not a certificate\n' > junk.pem
check_exit "a file that is neither: exit 2" 2 cd_ lint good.crt junk.pem
grep_ok "... naming it" 'junk.pem' "$TMP/err"
[ -s "$TMP/out" ] && not_ok "... and no finding printed" || ok "... and no finding printed"
check_exit "a missing file: exit 2" 2 cd_ lint nosuch.crt
check_exit "--level bogus: exit 2" 2 cd_ lint --level bogus good.crt
grep_ok "... naming the flag and what is expected" "--level: 'bogus'.*error, warning or notice" "$TMP/err"
check_exit "no file: exit 2" 2 cd_ lint

# 10. issue and sign in a store stop on an error, store unchanged.
sum root > before.sum
check_exit "issue stops on an error" 1 cd_ -d root issue ipsrv --cn 192.0.2.1 --dns-name ipsrv.example.org
grep_ok "... printing the finding" 'ipsrv: error: cn-ip-not-in-san: ' "$TMP/err"
grep_ok "... and why nothing was signed" 'not signed: 1 error\(s\); use --force to sign anyway' "$TMP/err"
sum root > after.sum
cmp -s before.sum after.sum && ok "... store unchanged" || not_ok "... store unchanged"
check_exit "issue --batch 3 stops the whole batch at the first error" 1 cd_ -d root issue \
  b --batch 3 --cn 192.0.2.1 --dns-name b.example.org
if [ "$(grep -c 'cn-ip-not-in-san' "$TMP/err")" -eq 1 ]; then ok "... after linting the first"
else not_ok "... after linting the first"; diag "$(cat "$TMP/err")"; fi
sum root > after.sum
cmp -s before.sum after.sum && ok "... store unchanged" || not_ok "... store unchanged"
"$OPENSSL" req -new -key leaf.key -subj "/CN=192.0.2.3" -out ipreq.csr 2>/dev/null
check_exit "sign stops on an error" 1 cd_ -d root sign --profile server ipreq.csr
sum root > after.sum
cmp -s before.sum after.sum && ok "... store unchanged" || not_ok "... store unchanged"
"$OPENSSL" req -new -key leaf.key -subj "/CN=fine.example.org" \
  -addext "subjectAltName=DNS:fine.example.org" -out fine.csr 2>/dev/null
check_exit "sign of two, one bad, stops" 1 cd_ -d root sign --profile server \
  --honor-extensions fine.csr ipreq.csr
sum root > after.sum
cmp -s before.sum after.sum && ok "... and signs neither" || not_ok "... and signs neither"
check "issue --force signs anyway" cd_ -d root issue ipsrv --cn 192.0.2.1 \
  --dns-name ipsrv.example.org --force
grep_ok "... still printing the finding" 'cn-ip-not-in-san' "$TMP/err"
[ -f root/issued/ipsrv.crt ] && ok "... issued/ipsrv.crt written" || not_ok "... issued/ipsrv.crt written"
check "sign --force signs anyway" cd_ -d root sign --profile server --force ipreq.csr
check "openssl verifies what was forced" "$OPENSSL" verify -CAfile $CAC root/issued/ipreq.crt
check "a warning does not stop issue" cd_ -d root issue late.example.org --expiration-days 5000
grep_ok "... but is printed" 'late.example.org: warning: outlives-ca: ' "$TMP/err"
[ -f root/issued/late.example.org.crt ] && ok "... and the certificate is there" \
  || not_ok "... and the certificate is there"
# A batch is linted on every core, and its findings printed in its order.
check "a batch's warnings do not stop it" cd_ -d root issue late --batch 40 \
  --expiration-days 5000
seq 1 40 | sed 's/^/late-/; s/$/: warning: outlives-ca/' >"$TMP/want"
sed -n 's/^\(late-[0-9]*: warning: outlives-ca\): .*/\1/p' "$TMP/err" >"$TMP/got"
cmp -s "$TMP/want" "$TMP/got" && ok "... each printed once, in the batch's order" \
  || not_ok "... each printed once, in the batch's order"

# 11. Out of a store: sign and selfsign.
SIGN="sign --load-ca-certificate $CAC --load-ca-privkey $CAK --load-privkey leaf.key"
check_exit "sign (out of a store) stops on an error" 1 cd_ $SIGN --template nosan.cfg --outfile out.crt
grep_ok "... printing it" 'out.crt: error: server-no-san' "$TMP/err"
[ -e out.crt ] && not_ok "... no output file" || ok "... no output file"
check "sign --force writes it" cd_ $SIGN --template nosan.cfg --outfile out.crt --force
check "openssl reads it" "$OPENSSL" x509 -noout -in out.crt
check "sign with a warning goes on" cd_ $SIGN --template cn.cfg --outfile cnw.crt
grep_ok "... printing it" 'cnw.crt: warning: cn-not-in-san' "$TMP/err"
check_exit "selfsign of a CA without crl_signing_key stops" 1 cd_ selfsign \
  --load-privkey ca1.key --template ca1.cfg --outfile self.crt
grep_ok "... printing it" 'self.crt: error: ca-no-crl-sign' "$TMP/err"
[ -e self.crt ] && not_ok "... no output file" || ok "... no output file"
check "selfsign --force" cd_ selfsign --load-privkey ca1.key --template ca1.cfg --outfile self.crt --force
check "selfsign of a sound CA" cd_ selfsign --load-privkey ca1.key --template nc.cfg --outfile self2.crt
[ -s "$TMP/err" ] && not_ok "... silently" || ok "... silently"

done_testing
