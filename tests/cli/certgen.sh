#!/bin/sh
# selfsign, request, sign and template, judged by certtool and openssl.
. "$top_srcdir/tests/lib.sh"
need "$CERTTOOL" "$OPENSSL" "$FAKETIME"
# faketime preloads libfaketime ahead of the sanitizer runtime: allow it.
ASAN_OPTIONS="${ASAN_OPTIONS:-}:verify_asan_link_order=0"; export ASAN_OPTIONS

# GnuTLS's test key, RSA-1024: lint stops what it would sign
# (rsa-key-too-small), so the cases that sign with it pass --force.
KEY="$DATA/golden/data/template-test.key"
NOW='2024-03-01 12:00:00'
cd "$TMP" || exit 1
fk() { "$FAKETIME" -f "$NOW" "$@"; }

# 1. Templates written by 'template' are certtool's: same certificate.
check "template writes a server profile" "$CERTDECK" template \
  --cn www.example.org --organization "Example \"Org\"" --unit A --unit B \
  --country FR --state "Île-de-France" --dns-name www.example.org \
  --dns-name example.org --ip-address 192.0.2.7 --ip-address 2001:db8::1 \
  --email hostmaster@example.org --uri https://example.org/ \
  --serial 0x0102030405 --expiration-days 90 --tls-www-server \
  --tls-www-client --signing-key --encryption-key \
  --key-purpose-oid 1.3.6.1.5.5.7.3.9 --policy1 1.3.6.1.4.1.5484.1.10.99.1.0 \
  --policy1-txt "Notice text" --policy1-url https://example.org/cps \
  --ocsp-uri http://ocsp.example.org/ --ca-issuers-uri http://example.org/ca.crt \
  --crl-dist-points http://example.org/ca.crl --tls-feature 5 \
  --add-extension "1.2.3.4 octet_string(CAFE)" --outfile server.cfg
check "template writes a CA profile" "$CERTDECK" template --cn "Test CA" \
  --ca --path-len 1 --cert-signing-key --crl-signing-key --serial 1 \
  --expiration-days 3650 --nc-permit-dns example.org --nc-exclude-ip 10.0.0.0/8 \
  --nc-permit-email example.org --inhibit-anypolicy-skip-certs 0 \
  --subject-unique-id 0a0b --outfile ca.cfg
for p in server ca; do
  fk "$CERTTOOL" --generate-self-signed --load-privkey "$KEY" \
    --template $p.cfg --outfile $p-certtool.pem >/dev/null 2>certtool.err
  if [ -s $p-certtool.pem ]; then ok "certtool accepts the $p template"
  else not_ok "certtool accepts the $p template"; diag "$(cat certtool.err)"; fi
  grep_not "certtool knows every keyword of the $p template" 'unknown option' certtool.err
  check "selfsign from the $p template" fk "$CERTDECK" selfsign \
    --force --load-privkey "$KEY" --template $p.cfg --outfile $p.pem
  if cmp -s $p.pem $p-certtool.pem; then ok "same $p certificate as certtool"
  else not_ok "same $p certificate as certtool"
    diag "$("$CERTTOOL" -i < $p.pem > a.txt; "$CERTTOOL" -i < $p-certtool.pem > b.txt; diff a.txt b.txt | head -20)"; fi
  check "openssl reads the $p certificate" "$OPENSSL" x509 -noout -text -in $p.pem
  check "certtool -i reads the $p certificate" "$CERTTOOL" -i --infile $p.pem
done
check "template --check accepts a written template" "$CERTDECK" template --check server.cfg
grep_ok "... and says so" '^server\.cfg: a valid certtool template$' "$TMP/out"

# 1b. Every keyword of certtool's manual at once (tests/data/golden/certtool-full.cfg).
FULL="$DATA/golden/certtool-full.cfg"
fk "$CERTTOOL" --generate-self-signed --load-privkey "$KEY" --template "$FULL" \
  --outfile full-certtool.pem 2>/dev/null
fk "$CERTTOOL" --generate-request --load-privkey "$KEY" --template "$FULL" \
  --outfile full-certtool.csr 2>/dev/null
check "selfsign from the manual's template" fk "$CERTDECK" selfsign \
  --force --load-privkey "$KEY" --template "$FULL" --outfile full.pem
if cmp -s full.pem full-certtool.pem; then ok "same certificate as certtool (every keyword)"
else not_ok "same certificate as certtool (every keyword)"; fi
check "request from the manual's template" fk "$CERTDECK" request \
  --load-privkey "$KEY" --template "$FULL" --outfile full.csr
if cmp -s full.csr full-certtool.csr; then ok "same request output as certtool (every keyword)"
else not_ok "same request output as certtool (every keyword)"; diag "$(diff full.csr full-certtool.csr | head -10)"; fi

# 1c. Values certtool would read differently cannot be written.
check_exit "template refuses a backslash it cannot write" 2 "$CERTDECK" template --cn 'a\b'
grep_ok "and says why" 'backslash' "$TMP/err"

# 2. A flag overrides the template.
printf 'cn = "From template"\ndns_name = a.example\nserial = 5\n' > base.cfg
check "flags over a template" "$CERTDECK" selfsign --force --load-privkey "$KEY" \
  --template base.cfg --cn "From flag" --dns-name b.example --outfile over.pem
"$CERTTOOL" -i --infile over.pem > over.txt
grep_ok "the flag's cn wins" 'Subject: CN=From flag' over.txt
grep_ok "the flag's dns names replace the template's" 'DNSname: b.example' over.txt
grep_not "and the template's are gone" 'a.example' over.txt

# 3. Requests: openssl and certtool verify the self-signature.
check "request" "$CERTDECK" request --load-privkey "$KEY" --template server.cfg \
  --outfile req.pem
check "openssl req -verify" "$OPENSSL" req -verify -noout -in req.pem
check "certtool --crq-info" "$CERTTOOL" --crq-info --infile req.pem
grep_ok "certtool sees the names" 'DNSname: example.org' "$TMP/out"

# 4. sign: from the request, from a key, from a public key; chains verify.
CAKEY="$DATA/golden/doc-credentials/ca-key.pem"
fk "$CERTDECK" selfsign --load-privkey "$CAKEY" --template ca.cfg --outfile myca.pem
for how in request privkey pubkey; do
  case $how in
  request) src="--load-request req.pem" ;;
  privkey) src="--load-privkey $KEY" ;;
  pubkey) "$CERTTOOL" --pubkey-info --load-privkey "$KEY" --outfile pub.pem 2>/dev/null
          src="--load-pubkey pub.pem" ;;
  esac
  check "sign from a $how" fk "$CERTDECK" sign --force $src --load-ca-certificate myca.pem \
    --load-ca-privkey "$CAKEY" --template server.cfg --outfile leaf-$how.pem
  check "openssl verifies the chain ($how)" "$OPENSSL" verify -attime 1709294400 \
    -CAfile myca.pem leaf-$how.pem
done
fk "$CERTTOOL" --generate-certificate --load-request req.pem \
  --load-ca-certificate myca.pem --load-ca-privkey "$CAKEY" \
  --template server.cfg --outfile leaf-certtool.pem 2>/dev/null
if cmp -s leaf-request.pem leaf-certtool.pem; then ok "sign gives certtool's certificate"
else not_ok "sign gives certtool's certificate"; fi

# 5. Encrypted keys.
"$OPENSSL" pkcs8 -topk8 -in "$KEY" -passout pass:s3cret -v2 aes-128-cbc -out enc.pem
printf 's3cret\n' > pw
check "an encrypted key with --password-file" "$CERTDECK" selfsign \
  --force --load-privkey enc.pem --password-file pw --template base.cfg --outfile enc-crt.pem
printf 'wrong\n' > badpw
check_exit "a wrong password exits 2" 2 "$CERTDECK" selfsign \
  --load-privkey enc.pem --password-file badpw --template base.cfg --outfile x.pem

# 6. Bad input: exit 2, file:line or flag, value, and no output file.
bad_case() { # DESC PATTERN ARGS...
  desc=$1 pat=$2; shift 2
  rm -f bad.pem
  check_exit "$desc exits 2" 2 "$@" --outfile bad.pem
  grep_ok "$desc: the message says where and what" "$pat" "$TMP/err"
  if [ -e bad.pem ]; then not_ok "$desc: no output file"; else ok "$desc: no output file"; fi
}
printf 'cn = x\ncountry = FRA\n' > fra.cfg
bad_case "country FRA" "fra.cfg:2: invalid country 'FRA'" \
  "$CERTDECK" selfsign --load-privkey "$KEY" --template fra.cfg
bad_case "expiration_days abc" "--expiration-days: invalid expiration_days 'abc'" \
  "$CERTDECK" selfsign --load-privkey "$KEY" --expiration-days abc
bad_case "ip_address 300.1.1.1" "--ip-address: invalid ip_address '300.1.1.1'" \
  "$CERTDECK" request --load-privkey "$KEY" --ip-address 300.1.1.1
bad_case "serial 0" "--serial: invalid serial '0'" \
  "$CERTDECK" selfsign --load-privkey "$KEY" --serial 0
bad_case "a 21-octet serial" "invalid serial '0x01" \
  "$CERTDECK" selfsign --load-privkey "$KEY" \
  --serial 0x0102030405060708090a0b0c0d0e0f101112131415
printf 'cn = x\nkey_purpose_oid = 1.2.x\n' > oid.cfg
bad_case "a bad OID" "oid.cfg:2: invalid key_purpose_oid '1.2.x'" \
  "$CERTDECK" template --template oid.cfg
check_exit "template --check refuses a bad template" 2 "$CERTDECK" template --check fra.cfg
grep_ok "and says where" 'fra.cfg:2' "$TMP/err"
printf 'dn = "garbage"\n' > dn.cfg
check_exit "template --check refuses a DN GnuTLS cannot read" 2 "$CERTDECK" template --check dn.cfg
grep_ok "... saying where and what is expected" "dn.cfg:1: invalid dn 'garbage': expected an RFC 4514 DN" "$TMP/err"
printf 'dn = "CN=Nik,O=Org,C=GR"\n' > dnok.cfg
check "... and takes one it can" "$CERTDECK" template --check dnok.cfg
printf 'cn = x\nfrobnicate = 3\n' > unknown.cfg
check "an unknown keyword is not fatal" "$CERTDECK" selfsign \
  --force --load-privkey "$KEY" --template unknown.cfg --outfile unk.pem
grep_ok "but is warned about with file:line" "unknown.cfg:2: .*'frobnicate'" "$TMP/err"
check_exit "sign without a CA exits 2" 2 "$CERTDECK" sign --load-request req.pem
grep_ok "and names the missing flags" 'load-ca-certificate' "$TMP/err"

# 7. --outfile never names a file read or written beside it.
rm -f nk.key
check_exit "request --new-key F --outfile F exits 2" 2 "$CERTDECK" request --new-key nk.key --cn a --outfile nk.key
grep_ok "... naming the other flag" "--outfile nk.key is the file of --new-key too" "$TMP/err"
[ -e nk.key ] && not_ok "... and writes no key" || ok "... and writes no key"
cp "$KEY" own.key
check_exit "request --load-privkey K --outfile K (another spelling) exits 2" 2 \
  "$CERTDECK" request --load-privkey own.key --cn a --outfile "./own.key"
cmp -s own.key "$KEY" && ok "... and the key is untouched" || not_ok "... and the key is untouched"
check_exit "sign --outfile over its CA key exits 2" 2 "$CERTDECK" sign --load-request req.pem \
  --load-ca-certificate myca.pem --load-ca-privkey "$CAKEY" --outfile "$CAKEY"
grep_ok "... naming --load-ca-privkey" "is the file of --load-ca-privkey too" "$TMP/err"
check_exit "selfsign --outfile over its template exits 2" 2 "$CERTDECK" selfsign --load-privkey "$KEY" \
  --template base.cfg --outfile base.cfg

# 8. A file of a store is written new from outside it (the lab's
# request --new-key lab/private/K --outfile lab/reqs/R), never replaced.
check "a store" "$CERTDECK" -d st init-ca --cn "Outfile CA"
check "request --outfile st/reqs/one.req: a new file of the store" \
  "$CERTDECK" request --new-key st/private/one.key --cn one --outfile st/reqs/one.req
cp st/reqs/one.req one.before
check_exit "... the same again, with another key, exits 2" 2 \
  "$CERTDECK" request --new-key st/private/two.key --cn two --outfile st/reqs/one.req
grep_ok "... saying the file belongs to the store" 'st/reqs/one.req: already exists, and belongs to a store' "$TMP/err"
cmp -s one.before st/reqs/one.req && ok "... the request is untouched" || not_ok "... the request is untouched"
[ -e st/private/two.key ] && not_ok "... and no key is made" || ok "... and no key is made"
check_exit "selfsign --outfile st/ca.crt exits 2" 2 "$CERTDECK" selfsign --load-privkey st/private/one.key \
  --template base.cfg --outfile st/ca.crt
(cd st && "$CERTDECK" request --load-privkey private/one.key --cn one --outfile reqs/one.req) >/dev/null 2>&1
[ $? -eq 2 ] && ok "... also by a path from inside the store (reqs/one.req)" ||
  not_ok "... also by a path from inside the store (reqs/one.req)"
cmp -s one.before st/reqs/one.req && ok "... the request still untouched" || not_ok "... the request still untouched"
cp st/templates/server.cfg server-copy.cfg
check "template --outfile st/templates/server.cfg updates a profile" \
  "$CERTDECK" template --template server-copy.cfg --expiration-days 90 --outfile st/templates/server.cfg
grep_ok "... with the new value" '^expiration_days = 90' st/templates/server.cfg
echo old > outside.pem
check "a file outside any store is replaced, as certtool does" "$CERTDECK" selfsign \
  --load-privkey st/private/one.key --template base.cfg --outfile outside.pem
grep_ok "... with the certificate" 'BEGIN CERTIFICATE' outside.pem

done_testing
