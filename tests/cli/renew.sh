#!/bin/sh
# certdeck renew, rekey, reissue and renew --ca, judged by openssl and
# certtool: the same or a new public key (certtool's pin-sha256 and
# openssl's public key), the same subject and extensions, index.txt lines
# (the old one "superseded" with --revoke-old, in the same change), the
# CRL read by openssl crl -text and certtool --crl-info, and every chain
# issued under the old CA certificate verifying against the renewed one.
# Each lints what it signs as sign does: an error refuses (exit 1, nothing
# written) until --force, a warning is printed and signed.
. "$top_srcdir/tests/lib.sh"
need "$CERTTOOL" "$OPENSSL"
cd "$TMP" || exit 1

serial_of() { "$OPENSSL" x509 -noout -serial -in "$1" | sed 's/serial=//'; }
pin_of() { "$CERTTOOL" -i --infile "$1" | sed -n 's/.*pin-sha256://p' | head -1; }
pub_of() { "$OPENSSL" x509 -noout -pubkey -in "$1"; }
keypub_of() { "$OPENSSL" pkey -pubout -in "$1"; }
subject_of() { "$OPENSSL" x509 -noout -subject -nameopt RFC2253 -in "$1"; }
# The extensions, but the key identifiers (a new key has a new one).
exts_of() {
  "$OPENSSL" x509 -noout -ext subjectAltName,keyUsage,extendedKeyUsage,basicConstraints,crlDistributionPoints -in "$1"
}
# SAME DESC A B: ok when the texts A and B are equal and not empty.
same() {
  if [ -n "$2" ] && [ "$2" = "$3" ]; then ok "$1"; else
    not_ok "$1"; diag "first: $2" "second: $3"; fi
}
differ() {
  if [ -n "$2" ] && [ -n "$3" ] && [ "$2" != "$3" ]; then ok "$1"; else
    not_ok "$1"; diag "both: $2"; fi
}
# index.txt's line for SERIAL
line_of() { awk -F '\t' -v s="$2" '$4 == s' "$1/index.txt"; }
judges_verify() { # DESC CA CERT
  check "$1: openssl verify" "$OPENSSL" verify -CAfile "$2" "$3"
  check "$1: certtool --verify" "$CERTTOOL" --verify --load-ca-certificate "$2" --infile "$3"
}

for alg in ecdsa rsa; do
  d=s-$alg
  check "$alg: init-ca" "$CERTDECK" -d $d init-ca --cn "Renew CA $alg" --key-type $alg \
    --crl-dist-points http://crl.example/ca.crl
  check "$alg: issue" "$CERTDECK" -d $d issue www --key-type $alg --dns-name www.example \
    --dns-name alt.example --organization "Renew Org" --expiration-days 200
  cp $d/issued/www.crt v1.crt
  s1=$(serial_of v1.crt)

  # ---- renew: same key, new validity --------------------------------------
  check "$alg: renew" "$CERTDECK" -d $d renew www
  grep_ok "$alg: renew says the serials" "^renew www: serial $s1 replaced by [0-9A-F]+" "$TMP/out"
  cp $d/issued/www.crt v2.crt
  s2=$(serial_of v2.crt)
  differ "$alg: renew: a new serial" "$s1" "$s2"
  same "$alg: renew: the same key (certtool pin-sha256)" "$(pin_of v1.crt)" "$(pin_of v2.crt)"
  same "$alg: renew: the same key (openssl)" "$(pub_of v1.crt)" "$(pub_of v2.crt)"
  same "$alg: renew: the same subject" "$(subject_of v1.crt)" "$(subject_of v2.crt)"
  same "$alg: renew: the same extensions" "$(exts_of v1.crt)" "$(exts_of v2.crt)"
  same "$alg: renew: private/www.key still matches" "$(keypub_of $d/private/www.key)" "$(pub_of v2.crt)"
  # the default validity is the old one's length (200 days)
  check "$alg: renew: valid 199 days from now" "$OPENSSL" x509 -checkend $((199 * 86400)) -noout -in v2.crt
  check_exit "$alg: renew: not 201" 1 "$OPENSSL" x509 -checkend $((201 * 86400)) -noout -in v2.crt
  judges_verify "$alg: renew" $d/ca.crt v2.crt
  [ -f $d/certs_by_serial/$s1.pem ] && ok "$alg: renew: the old one stays in certs_by_serial/" ||
    not_ok "$alg: renew: the old one stays in certs_by_serial/"
  grep_ok "$alg: renew: both valid in index.txt" "^V" "$(line_of $d "$s1" > l1; echo l1)"
  grep_ok "$alg: renew: new line in index.txt" "^V.*	$s2	unknown	/O=Renew Org/CN=www$" "$d/index.txt"

  check "$alg: renew --expiration-days 10 --revoke-old" "$CERTDECK" -d $d renew www \
    --expiration-days 10 --revoke-old
  grep_ok "$alg: it says the old is revoked" "^revoked $s2 as superseded" "$TMP/out"
  cp $d/issued/www.crt v3.crt
  s3=$(serial_of v3.crt)
  check "$alg: valid 9 days" "$OPENSSL" x509 -checkend $((9 * 86400)) -noout -in v3.crt
  check_exit "$alg: not 11" 1 "$OPENSSL" x509 -checkend $((11 * 86400)) -noout -in v3.crt
  line_of $d "$s2" > l2
  grep_ok "$alg: index.txt: the old one revoked, superseded" "^R	[0-9]+Z	[0-9]{12}Z,superseded	$s2	" l2

  # ---- rekey: new key, same subject and extensions -------------------------
  cp $d/private/www.key k3.key
  cp $d/reqs/www.req r3.req
  check "$alg: rekey --revoke-old" "$CERTDECK" -d $d rekey www --revoke-old
  grep_ok "$alg: rekey says where the old key went" \
    "the old key is kept as renewed/private_by_serial/$s3.key" "$TMP/out"
  cp $d/issued/www.crt v4.crt
  s4=$(serial_of v4.crt)
  differ "$alg: rekey: a new key (certtool pin-sha256)" "$(pin_of v3.crt)" "$(pin_of v4.crt)"
  same "$alg: rekey: private/www.key is the new key" "$(keypub_of $d/private/www.key)" "$(pub_of v4.crt)"
  cmp -s k3.key $d/renewed/private_by_serial/$s3.key && ok "$alg: rekey: the old key is kept" ||
    not_ok "$alg: rekey: the old key is kept"
  [ "$(stat -c %a $d/private/www.key) $(stat -c %a $d/renewed/private_by_serial/$s3.key)" = "600 600" ] &&
    ok "$alg: rekey: both keys 0600" || not_ok "$alg: rekey: both keys 0600"
  same "$alg: rekey: the same subject" "$(subject_of v3.crt)" "$(subject_of v4.crt)"
  same "$alg: rekey: the same extensions" "$(exts_of v3.crt)" "$(exts_of v4.crt)"
  "$CERTTOOL" -i --infile v3.crt | grep -E 'Subject Public Key Algorithm|Algorithm Security Level' > a3
  "$CERTTOOL" -i --infile v4.crt | grep -E 'Subject Public Key Algorithm|Algorithm Security Level' > a4
  cmp -s a3 a4 && ok "$alg: rekey: the same algorithm and size" ||
    { not_ok "$alg: rekey: the same algorithm and size"; diag "$(cat a3 a4)"; }
  "$CERTTOOL" -i --infile v4.crt > v4.txt
  grep -A1 "Subject Key Identifier" v4.txt | tail -1 | tr -d '\t ' > ski4
  "$CERTTOOL" --key-info --infile $d/private/www.key | grep -A1 -m1 "Public Key ID" > /dev/null
  grep -q "$(cat ski4)" v4.txt && [ -s ski4 ] && ok "$alg: rekey: a subject key identifier" ||
    not_ok "$alg: rekey: a subject key identifier"
  judges_verify "$alg: rekey" $d/ca.crt v4.crt
  # the request of the new key replaces the old one's, kept as easy-rsa does
  check "$alg: rekey: openssl checks the new reqs/www.req's signature" \
    "$OPENSSL" req -verify -noout -in $d/reqs/www.req
  same "$alg: rekey: reqs/www.req is the new key's" \
    "$("$OPENSSL" req -pubkey -noout -in $d/reqs/www.req 2>/dev/null)" "$(pub_of v4.crt)"
  same "$alg: rekey: ... with the certificate's subject" "$(subject_of v4.crt)" \
    "$("$OPENSSL" req -noout -subject -nameopt RFC2253 -in $d/reqs/www.req)"
  grep_ok "$alg: rekey: ... and its names" 'DNS:www.example, DNS:alt.example' \
    "$("$OPENSSL" req -noout -text -in $d/reqs/www.req >rq4.txt; echo rq4.txt)"
  cmp -s r3.req $d/renewed/reqs_by_serial/$s3.req && ok "$alg: rekey: the old request is kept" ||
    not_ok "$alg: rekey: the old request is kept"
  check_exit "$alg: rekey: check says the old certificate's revocation is not in a CRL yet" 1 \
    "$CERTDECK" -d $d check --days 5
  grep_ok "$alg: rekey: ... and what to do" 'crl\.pem: .*certdeck crl' "$TMP/out"
  check "$alg: rekey: crl" "$CERTDECK" -d $d crl
  check "$alg: rekey: check then finds the store sound" "$CERTDECK" -d $d check --days 5
  grep_ok "$alg: index.txt: the re-keyed one superseded" "^R	.*,superseded	$s3	" "$d/index.txt"

  # ---- reissue: same key, edited --------------------------------------------
  printf 'organization = "Edited Org"\nunit = "Ops"\n' > edit.cfg
  check "$alg: reissue --template --dns-name" "$CERTDECK" -d $d reissue www \
    --template edit.cfg --dns-name new.example --revoke-old
  cp $d/issued/www.crt v5.crt
  s5=$(serial_of v5.crt)
  same "$alg: reissue: the same key" "$(pin_of v4.crt)" "$(pin_of v5.crt)"
  same "$alg: reissue: the subject edited by the template" \
    "CN=www,OU=Ops,O=Edited Org" "$(subject_of v5.crt | sed 's/^subject=//')"
  "$OPENSSL" x509 -noout -ext subjectAltName -in v5.crt > san5
  grep_ok "$alg: reissue: --dns-name replaced the names" "DNS:new.example$" san5
  grep_not "$alg: reissue: the old names are gone" "www.example" san5
  "$OPENSSL" x509 -noout -ext keyUsage,extendedKeyUsage,basicConstraints,crlDistributionPoints -in v4.crt > e4
  "$OPENSSL" x509 -noout -ext keyUsage,extendedKeyUsage,basicConstraints,crlDistributionPoints -in v5.crt > e5
  sort e4 > e4s; sort e5 > e5s
  cmp -s e4s e5s && ok "$alg: reissue: the other extensions kept" ||
    { not_ok "$alg: reissue: the other extensions kept"; diag "$(diff e4 e5)"; }
  judges_verify "$alg: reissue" $d/ca.crt v5.crt
  cp -a $d $d.copy
  check "$alg: reissue without an edit" "$CERTDECK" -d $d.copy reissue www
  same "$alg: ... the same subject" "$(subject_of v5.crt)" "$(subject_of $d.copy/issued/www.crt)"
  same "$alg: ... the same extensions" "$(exts_of v5.crt)" "$(exts_of $d.copy/issued/www.crt)"
  grep_ok "$alg: index.txt: the old one superseded" "^R	.*,superseded	$s4	" "$d/index.txt"

  # ---- the CRL ---------------------------------------------------------------
  check "$alg: crl" "$CERTDECK" -d $d crl
  check "$alg: openssl crl -text" "$OPENSSL" crl -in $d/crl.pem -noout -text
  n=$(grep -c "Superseded" "$TMP/out")
  [ "$n" -eq 3 ] && ok "$alg: openssl: 3 entries Superseded" || not_ok "$alg: openssl: 3 entries Superseded ($n)"
  for s in $s2 $s3 $s4; do
    grep -q "Serial Number: $s" "$TMP/out" || not_ok "$alg: $s in the CRL"
  done
  grep -q "Serial Number: $s5" "$TMP/out" && not_ok "$alg: the current one is not in the CRL"
  check "$alg: certtool --crl-info" "$CERTTOOL" --crl-info --infile $d/crl.pem
  grep_ok "$alg: certtool counts 3 revoked" "Revoked certificates \(3\)" "$TMP/out"
  check "$alg: openssl verify -crl_check: the current one" "$OPENSSL" verify -crl_check \
    -CAfile $d/ca.crt -CRLfile $d/crl.pem v5.crt
  check_exit "$alg: openssl verify -crl_check: the superseded one refused" 2 "$OPENSSL" verify \
    -crl_check -CAfile $d/ca.crt -CRLfile $d/crl.pem v4.crt
  cat "$TMP/out" "$TMP/err" > said
  grep_ok "$alg: openssl says revoked" "certificate revoked" said

  # ---- refusals ---------------------------------------------------------------
  check_exit "$alg: a name not in the store" 2 "$CERTDECK" -d $d renew nosuch
  check_exit "$alg: renew --ca --revoke-old refused" 2 "$CERTDECK" -d $d renew --ca --revoke-old
  check_exit "$alg: rekey --ca is no flag of rekey" 2 "$CERTDECK" -d $d rekey --ca
  check_exit "$alg: renew takes no template keywords" 2 "$CERTDECK" -d $d renew www --cn x
  "$CERTDECK" -d $d issue gone >/dev/null 2>&1 && "$CERTDECK" -d $d revoke gone >/dev/null 2>&1
  check_exit "$alg: a revoked certificate is not renewed" 2 "$CERTDECK" -d $d renew gone
  grep_ok "$alg: it says why" "is revoked" "$TMP/err"
  check_exit "$alg: nor re-issued" 2 "$CERTDECK" -d $d reissue gone
  check_exit "$alg: nor re-keyed with --revoke-old" 2 "$CERTDECK" -d $d rekey gone --revoke-old
  check "$alg: but re-keyed (its key was stolen, say)" "$CERTDECK" -d $d rekey gone
  judges_verify "$alg: the re-keyed revoked one" $d/ca.crt $d/issued/gone.crt

  # ---- renew --ca: same key and identifier; old chains still verify ------------
  cp $d/ca.crt ca1.crt
  cs1=$(serial_of ca1.crt)
  check "$alg: renew --ca" "$CERTDECK" -d $d renew --ca --expiration-days 7300
  grep_not "$alg: ... no warning: the CA outlives what it issued" 'warning' "$TMP/err"
  grep_ok "$alg: it says where the old CA certificate went" \
    "the old CA certificate is kept as renewed/ca/$cs1.crt" "$TMP/out"
  cmp -s ca1.crt $d/renewed/ca/$cs1.crt && ok "$alg: the old ca.crt is kept" ||
    not_ok "$alg: the old ca.crt is kept"
  differ "$alg: renew --ca: a new serial" "$cs1" "$(serial_of $d/ca.crt)"
  same "$alg: renew --ca: the same key" "$(pin_of ca1.crt)" "$(pin_of $d/ca.crt)"
  same "$alg: renew --ca: the same subject" "$(subject_of ca1.crt)" "$(subject_of $d/ca.crt)"
  same "$alg: renew --ca: the same key identifier" \
    "$("$OPENSSL" x509 -noout -ext subjectKeyIdentifier -in ca1.crt)" \
    "$("$OPENSSL" x509 -noout -ext subjectKeyIdentifier -in $d/ca.crt)"
  same "$alg: renew --ca: the same extensions" "$(exts_of ca1.crt)" "$(exts_of $d/ca.crt)"
  check "$alg: renew --ca: valid 7299 days" "$OPENSSL" x509 -checkend $((7299 * 86400)) -noout -in $d/ca.crt
  check "$alg: renew --ca: self-signed (openssl)" "$OPENSSL" verify -CAfile $d/ca.crt $d/ca.crt
  judges_verify "$alg: a certificate issued under the old CA certificate, against the new" \
    $d/ca.crt v5.crt
  judges_verify "$alg: the first certificate, against the new CA certificate" $d/ca.crt v1.crt
  check "$alg: issue after renew --ca" "$CERTDECK" -d $d issue after
  judges_verify "$alg: a certificate issued after, against the old CA certificate" \
    ca1.crt $d/issued/after.crt
  check "$alg: crl after renew --ca" "$CERTDECK" -d $d crl
  check "$alg: certtool --verify-crl against the old CA certificate" "$CERTTOOL" --verify-crl \
    --load-ca-certificate ca1.crt --infile $d/crl.pem
  check "$alg: check is clean (the reissued one has 10 days)" "$CERTDECK" -d $d check --days 5
done

# renew --ca for fewer days than what the CA issued: done, with a warning
# that names the day they stop verifying.
check "a short CA: init-ca" "$CERTDECK" -d s-short init-ca --cn "Short CA"
check "... issues two certificates for a year" sh -c \
  "'$CERTDECK' -d s-short issue one && '$CERTDECK' -d s-short issue two"
check "... renew --ca --expiration-days 30" "$CERTDECK" -d s-short renew --ca --expiration-days 30
grep_ok "... warns that 2 certificates outlive it, and when they stop verifying" \
  "warning: the renewed CA certificate ends on [0-9-]+ [0-9:]+ UTC, before 2 certificates it issued \(the last ends on [0-9-]+ [0-9:]+ UTC\): from that day on they no longer verify" \
  "$TMP/err"

# ---- lint before signing, as sign does ----------------------------------------
# A re-issue whose common name becomes an IP address no alternative name
# holds: lint's error refuses it (exit 1, the sign's messages, nothing
# written) until --force; a warning only (the name not among the DNS
# names) is printed and signed. renew lints too: outliving the CA warns.
d=s-lint
state_of() { # the files of $d and index.txt, to compare
  { cat $d/index.txt; ls $d/issued $d/certs_by_serial; sha256sum $d/issued/*.crt; } > "$1"
}
check "lint: init-ca" "$CERTDECK" -d $d init-ca --cn "Lint CA" --expiration-days 365
check "lint: issue a server" "$CERTDECK" -d $d issue www --dns-name www.example
state_of lint-before
check_exit "lint: reissue --cn 10.0.0.5 refused" 1 "$CERTDECK" -d $d reissue www --cn 10.0.0.5
grep_ok "lint: the finding, as sign prints it" "^www: error: cn-ip-not-in-san: " "$TMP/err"
grep_ok "lint: the refusal, as sign says it" "not signed: 1 error\(s\); use --force" "$TMP/err"
[ ! -s "$TMP/out" ] && ok "lint: nothing said done" || not_ok "lint: nothing said done"
state_of lint-after
cmp -s lint-before lint-after && ok "lint: nothing written (index.txt, issued/, certs_by_serial/)" ||
  { not_ok "lint: nothing written (index.txt, issued/, certs_by_serial/)"; diag "$(diff lint-before lint-after)"; }
check "lint: reissue --cn 10.0.0.5 --force" "$CERTDECK" -d $d reissue www --cn 10.0.0.5 --force
grep_ok "lint: --force says it signs despite the error" "www: signing despite 1 error\(s\) \(--force\)" "$TMP/err"
"$OPENSSL" x509 -noout -subject -nameopt RFC2253 -in $d/issued/www.crt > lint-subject
grep_ok "lint: openssl reads the forced one: CN=10.0.0.5" "CN=10\.0\.0\.5" lint-subject
"$OPENSSL" x509 -noout -ext subjectAltName -in $d/issued/www.crt > lint-san
grep_ok "lint: ... its DNS name kept" "DNS:www.example" lint-san
check "lint: openssl verifies the forced one" "$OPENSSL" verify -CAfile $d/ca.crt $d/issued/www.crt
check_exit "lint: renew of the forced one refused too" 1 "$CERTDECK" -d $d renew www
check "lint: renew --force" "$CERTDECK" -d $d renew www --force
check "lint: reissue --cn other.example (a warning only)" "$CERTDECK" -d $d reissue www \
  --cn other.example
grep_ok "lint: the warning is printed" "^www: warning: cn-not-in-san: " "$TMP/err"
grep_ok "lint: and it is signed" "^reissue www: serial " "$TMP/out"
"$OPENSSL" x509 -noout -subject -nameopt RFC2253 -in $d/issued/www.crt > lint-subject
grep_ok "lint: openssl reads it: CN=other.example" "CN=other\.example" lint-subject
check "lint: renew past the CA's end" "$CERTDECK" -d $d renew www --expiration-days 400
grep_ok "lint: renew warns that it outlives the CA" "^www: warning: outlives-ca: " "$TMP/err"
check "lint: openssl verifies the renewed one" "$OPENSSL" verify -CAfile $d/ca.crt $d/issued/www.crt

# ---- rekey to another algorithm, and an encrypted CA key ------------------------
d=s-pw
printf 'secret\n' > pw
check "init-ca with a password" "$CERTDECK" -d $d init-ca --cn "PW CA" --password-file pw
check "issue with the password" "$CERTDECK" -d $d issue web --password-file pw
check_exit "rekey without the password refused" 2 "$CERTDECK" -d $d rekey web --password-fd 9 9</dev/null
check "rekey --key-type rsa --bits 2048" "$CERTDECK" -d $d rekey web --key-type rsa --bits 2048 \
  --password-file pw
"$CERTTOOL" -i --infile $d/issued/web.crt > web.txt
grep_ok "rekey: an RSA 2048 key now" "Algorithm Security Level: .*2048 bits|Modulus \(bits 2048\)" web.txt
same "rekey: private/web.key matches" "$(keypub_of $d/private/web.key)" "$(pub_of $d/issued/web.crt)"
check "renew --ca with the password" "$CERTDECK" -d $d renew --ca --password-file pw
judges_verify "renewed CA with a password" $d/ca.crt $d/issued/web.crt
check "check is clean" "$CERTDECK" -d $d check

# ---- reissue keeps what the template has keywords for, and copies the rest ----
# Other names, TLS features, policies, name constraints (by keyword, or
# whole when a kind has none: a directory name), inhibit anyPolicy and
# unknown extensions: certtool reads the same extensions in both (their
# order aside: the key identifiers are new).
d=s-keep
check "keep: init-ca" "$CERTDECK" -d $d init-ca --cn "Keep CA"
cat > keep-svc.cfg <<'EOF_'
cn = "svc.example"
dns_name = "svc.example"
xmpp_name = "svc@example"
krb5_principal = "HTTP/svc.example@EXAMPLE"
other_name_utf8 = "1.3.6.1.4.1.99999.1 hello"
tls_www_server
signing_key
tls_feature = 5
policy1 = 1.3.6.1.4.1.5484.1.10.99.1.0
policy1_txt = "This is a long policy to summarize"
policy1_url = http://www.example.com/a-policy-to-read
policy2 = 1.3.6.1.4.1.5484.1.10.99.1.1
add_extension = "1.2.3.4.5 0x0403010203"
add_critical_extension = "1.2.3.4.6 octet_string(0102)"
expiration_days = 100
EOF_
cat > keep-sub.cfg <<'EOF_'
cn = "Sub CA"
ca
cert_signing_key
crl_signing_key
path_len = 0
nc_permit_dns = "example.com"
nc_exclude_dns = "bad.example.com"
nc_permit_email = "example.com"
nc_permit_ip = "192.168.0.0/16"
nc_exclude_ip = "fd00::/8"
inhibit_anypolicy_skip_certs = 1
policy1 = 1.3.6.1.4.1.5484.1.10.99.1.0
expiration_days = 300
EOF_
# a directory name (O=Example) in the name constraints: no keyword
cat > keep-dir.cfg <<'EOF_'
cn = "Dir CA"
ca
cert_signing_key
crl_signing_key
add_critical_extension = "2.5.29.30 0x301aa0183016a41430123110300e060355040a0c074578616d706c65"
expiration_days = 100
EOF_
# extensions_of CERT: certtool's extension lines, sorted, the key
# identifiers' values out (a re-key's are new)
extensions_of() {
  "$CERTTOOL" -i --infile "$1" | sed -n '/^	Extensions:/,/^	Signature Algorithm:/p' |
    grep -v -E '^[[:space:]]*[0-9a-f]{40}$' | sort
}
# same_extensions DESC BEFORE AFTER: the files of extensions_of match.
same_extensions() {
  if [ -s "$2" ] && cmp -s "$2" "$3"; then ok "$1"; else
    not_ok "$1"; diag "$(diff "$2" "$3")"; fi
}
for n in svc sub dir; do
  check "keep: issue $n" "$CERTDECK" -d $d issue $n --template keep-$n.cfg --force
  cp $d/issued/$n.crt keep-$n-1.crt
  check "keep: reissue $n" "$CERTDECK" -d $d reissue $n --force
  extensions_of keep-$n-1.crt >keep-$n-1.txt
  extensions_of $d/issued/$n.crt >keep-$n-2.txt
  same_extensions "keep: $n reissued with the same extensions (certtool)" \
    keep-$n-1.txt keep-$n-2.txt
done
grep_ok "keep: ... among them the XMPP address" 'XMPP Address: svc@example' keep-svc-2.txt
grep_ok "keep: ... OCSP must-staple" 'OCSP Status Request\(5\)' keep-svc-2.txt
grep_ok "keep: ... the directory name constraint" 'directoryName: O=Example' keep-dir-2.txt
grep_ok "keep: ... inhibit anyPolicy" 'Inhibit anyPolicy skip certs: 1' keep-sub-2.txt
check "keep: openssl verifies the reissued sub CA" "$OPENSSL" verify -CAfile $d/ca.crt \
  $d/issued/sub.crt
# Values the template's checks refuse, or kinds it has no keyword for,
# are copied whole: a constraint on ".example.com" (as openssl writes
# it), a Microsoft UPN and a DNS name with '_'. Re-key makes its
# request from the same reading.
cat > keep-dot.cfg <<'EOF_'
cn = "Dot CA"
ca
cert_signing_key
crl_signing_key
add_critical_extension = "2.5.29.30 0x3012a010300e820c2e6578616d706c652e636f6d"
expiration_days = 100
EOF_
cat > keep-upn.cfg <<'EOF_'
cn = "upn"
dns_name = "upn.example"
dns_name = "bad_name.example"
other_name_utf8 = "1.3.6.1.4.1.311.20.2.3 user@corp"
tls_www_client
EOF_
for n in dot upn; do
  check "keep: issue $n" "$CERTDECK" -d $d issue $n --template keep-$n.cfg --force
  extensions_of $d/issued/$n.crt >keep-$n-1.txt
  check "keep: reissue $n" "$CERTDECK" -d $d reissue $n --force
  check "keep: rekey $n" "$CERTDECK" -d $d rekey $n --force
  extensions_of $d/issued/$n.crt >keep-$n-2.txt
  same_extensions "keep: $n re-issued and re-keyed with the same extensions (certtool)" \
    keep-$n-1.txt keep-$n-2.txt
done
grep_ok "keep: ... the constraint on .example.com" 'DNSname: \.example\.com' keep-dot-2.txt
grep_ok "keep: ... the UPN" 'User Principal Name: user@corp' keep-upn-2.txt
grep_ok "keep: ... and the re-keyed request holds the UPN too" 'othername: UPN::user@corp' \
  "$("$OPENSSL" req -noout -text -in $d/reqs/upn.req >upn-req.txt; echo upn-req.txt)"

# A certificate signed from a request, its key elsewhere: a re-key keeps
# the request, and says so (no key was there to keep).
"$CERTTOOL" -p --key-type ecdsa --outfile ext.key >/dev/null 2>&1
printf 'cn = ext.example\ndns_name = ext.example\n' >ext.cfg
"$CERTTOOL" -q --load-privkey ext.key --template ext.cfg --outfile ext.req >/dev/null 2>&1
check "keep: sign a request from elsewhere" "$CERTDECK" -d $d sign ext.req --name ext \
  --honor-extensions
check "keep: rekey it" "$CERTDECK" -d $d rekey ext
grep_ok "keep: ... says where the old request is kept" \
  '^the old request is kept as renewed/reqs_by_serial/' "$TMP/out"
grep_not "keep: ... and no old key it did not have" 'old key is kept' "$TMP/out"

# ---- reissue --template over what was copied whole ------------------------------
# The template's keywords replace the old values of their kind, as they do
# over keywords: policies all of them (a policy1 alone does not keep the
# old policy2, nor join a policy copied whole); alternative names and name
# constraints only of the kinds given, the others kept in the whole copy
# (a UPN, a directory name, a constraint on ".example.com"); a template's
# name constraints join those copied whole in one extension.
# a policy with two CPS URIs: no keywords for it
cat > over-pol.cfg <<'EOF_'
cn = "pol"
tls_www_server
add_extension = "2.5.29.32 0x30563054060c2b06010401aa6c010a6301073044302006082b060105050702011614687474703a2f2f612e6578616d706c652f637073302006082b060105050702011614687474703a2f2f622e6578616d706c652f637073"
EOF_
cat > over-kwpol.cfg <<'EOF_'
cn = "kwpol"
tls_www_server
policy1 = 1.3.6.1.4.1.5484.1.10.99.1.1
policy2 = 1.3.6.1.4.1.5484.1.10.99.1.2
policy2_url = http://www.example.com/two
EOF_
printf 'policy1 = 1.3.6.1.4.1.5484.1.10.99.1.9\n' >over-newpol.cfg
printf 'dns_name = "new.example"\n' >over-dns.cfg
printf 'nc_permit_dns = "example.org"\nnc_exclude_ip = "10.0.0.0/8"\n' >over-nc.cfg
printf 'nc_exclude_dns = "bad.example.com"\n' >over-nc2.cfg
policies_of() { "$OPENSSL" x509 -in "$1" -noout -text | grep -E '^ +Policy: ' | sed 's/^ *//'; }
for n in pol kwpol; do
  check "over: issue $n" "$CERTDECK" -d $d issue $n --template over-$n.cfg --force
  check "over: reissue $n --template policy1" "$CERTDECK" -d $d reissue $n --template over-newpol.cfg --force
  same "over: $n: the template's policy alone" "$(policies_of $d/issued/$n.crt)" \
    "Policy: 1.3.6.1.4.1.5484.1.10.99.1.9"
done
printf 'policy1_txt = "A new notice"\n' >over-txt.cfg
check "over: reissue kwpol --template policy1_txt alone" "$CERTDECK" -d $d reissue kwpol \
  --template over-txt.cfg --force
same "over: kwpol: the policy kept, its notice the new one" \
  "$(policies_of $d/issued/kwpol.crt) $("$OPENSSL" x509 -in $d/issued/kwpol.crt -noout -text | grep -c 'Explicit Text: A new notice')" \
  "Policy: 1.3.6.1.4.1.5484.1.10.99.1.9 1"
check "over: reissue upn --template dns_name" "$CERTDECK" -d $d reissue upn --template over-dns.cfg --force
same "over: upn: the new DNS name, the UPN kept, the old DNS names gone" \
  "$("$OPENSSL" x509 -in $d/issued/upn.crt -noout -ext subjectAltName | tail -1 | sed 's/^ *//')" \
  "othername: UPN::user@corp, DNS:new.example"
check "over: reissue dir --template nc_permit_dns, nc_exclude_ip" "$CERTDECK" -d $d reissue dir \
  --template over-nc.cfg --force
"$OPENSSL" x509 -in $d/issued/dir.crt -noout -ext nameConstraints >over-dir.txt 2>&1
same "over: dir: one extension, the directory name kept, the template's joined" \
  "$(grep -c 'Name Constraints' over-dir.txt) $(tr -d ' \n' <over-dir.txt)" \
  "1 X509v3NameConstraints:criticalPermitted:DirName:O=ExampleDNS:example.orgExcluded:IP:10.0.0.0/255.0.0.0"
judges_verify "over: dir" $d/ca.crt $d/issued/dir.crt
check "over: reissue dot --template nc_exclude_dns" "$CERTDECK" -d $d reissue dot --template over-nc2.cfg --force
"$OPENSSL" x509 -in $d/issued/dot.crt -noout -ext nameConstraints >over-dot.txt 2>&1
same "over: dot: .example.com still permitted, the exclusion joined" "$(tr -d ' \n' <over-dot.txt)" \
  "X509v3NameConstraints:criticalPermitted:DNS:.example.comExcluded:DNS:bad.example.com"
"$CERTTOOL" -i --infile $d/issued/dot.crt >over-dot-ct.txt 2>&1
grep_ok "over: ... certtool reads them" 'DNSname: bad.example.com' over-dot-ct.txt
check "over: check is clean" "$CERTDECK" -d $d check

# ---- past 2049: the new validity ends in a GeneralizedTime ----------------------
d=s-2050
check "2050: a CA for 60 years" "$CERTDECK" -d $d init-ca --cn "Long CA" --expiration-days 21900
check "2050: issue" "$CERTDECK" -d $d issue far
check "2050: renew for 9000 days (past 2049)" "$CERTDECK" -d $d renew far --expiration-days 9000
grep_ok "2050: ... openssl reads its end" 'notAfter=.* 20[5-9][0-9] GMT' \
  "$("$OPENSSL" x509 -noout -enddate -in $d/issued/far.crt >far.end; echo far.end)"
judges_verify "2050: renew" $d/ca.crt $d/issued/far.crt
check "2050: rekey for 9500 days" "$CERTDECK" -d $d rekey far --expiration-days 9500
judges_verify "2050: rekey" $d/ca.crt $d/issued/far.crt
check "2050: renew --ca for 12000 days" "$CERTDECK" -d $d renew --ca --expiration-days 12000
judges_verify "2050: the re-keyed one against the renewed CA" $d/ca.crt $d/issued/far.crt

# ---- rekey across algorithms: from a key with no parameters (EdDSA) ------------
check "algos: issue an Ed448 certificate" "$CERTDECK" -d $d issue ed --key-type ed448
check "algos: rekey it to RSA" "$CERTDECK" -d $d rekey ed --key-type rsa --bits 2048
judges_verify "algos: Ed448 -> RSA" $d/ca.crt $d/issued/ed.crt
same "algos: ... private/ed.key is the new key" "$(keypub_of $d/private/ed.key)" \
  "$(pub_of $d/issued/ed.crt)"
check "algos: rekey it to Ed25519" "$CERTDECK" -d $d rekey ed --key-type ed25519
judges_verify "algos: RSA -> Ed25519" $d/ca.crt $d/issued/ed.crt
grep_ok "algos: ... certtool reads an Ed25519 key" 'EdDSA \(Ed25519\)' \
  "$("$CERTTOOL" -i --infile $d/issued/ed.crt >ed.txt; echo ed.txt)"

done_testing
