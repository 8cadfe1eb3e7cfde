#!/bin/sh
# certdeck verify: chains built here with certtool templates under faketime;
# each verdict judged by certtool --verify and openssl verify, each failure
# checked for the hint a person needs.
. "$top_srcdir/tests/lib.sh"
need "$CERTTOOL" "$OPENSSL" "$FAKETIME" python3
cd "$TMP" || exit 1

# --- fixtures --------------------------------------------------------------
PAST='2019-06-01 00:00:00'
key() { "$CERTTOOL" --generate-privkey --key-type ecdsa --outfile "$1.key" >/dev/null 2>&1; }
# selfsign NAME TEMPLATE-TEXT
selfsign() {
  key "$1"; printf '%s\n' "$2" > "$1.cfg"
  "$FAKETIME" "$PAST" "$CERTTOOL" --generate-self-signed --load-privkey "$1.key" \
    --template "$1.cfg" --outfile "$1.pem" >/dev/null 2>&1 || echo "cannot make $1" >&2
}
# sign NAME CA TEMPLATE-TEXT [TIME]
sign() {
  key "$1"; printf '%s\n' "$3" > "$1.cfg"
  "$FAKETIME" "${4:-$PAST}" "$CERTTOOL" --generate-certificate --load-privkey "$1.key" \
    --load-ca-certificate "$2.pem" --load-ca-privkey "$2.key" \
    --template "$1.cfg" --outfile "$1.pem" >/dev/null 2>&1 || echo "cannot make $1" >&2
}
CA='cn = "%s"
expiration_days = 7300
ca
cert_signing_key
crl_signing_key'
SRV='cn = "%s"
dns_name = "%s"
expiration_days = %s
signing_key
tls_www_server'

selfsign root "$(printf "$CA" "Test Root")"
sign inter root "$(printf "$CA" "Test Intermediate")"
sign leaf inter "$(printf "$SRV" www.example.org www.example.org 3650)"
sign client inter 'cn = "alice"
expiration_days = 3650
signing_key
tls_www_client'
cat leaf.pem inter.pem > chain.pem
sign old inter "$(printf "$SRV" old.example.org old.example.org 30)" '2020-01-01 00:00:00'
sign future inter "$(printf "$SRV" new.example.org new.example.org 365)" '2035-01-01 00:00:00'
sign ipcn inter 'cn = "127.0.0.1"
dns_name = "localhost"
expiration_days = 3650
signing_key
tls_www_server'
sign ipcnonly inter 'cn = "127.0.0.1"
expiration_days = 3650
signing_key
tls_www_server'
sign ipsan inter 'cn = "127.0.0.1"
ip_address = "127.0.0.1"
expiration_days = 3650
signing_key
tls_www_server'
# path length: pl0 (path_len 0) signs another CA, which signs a leaf
sign pl0 root "$(printf "$CA" "PathLen Zero")
path_len = 0"
sign sub pl0 "$(printf "$CA" "Sub CA")"
sign deep sub "$(printf "$SRV" deep.example.org deep.example.org 3650)"
# name constraints: a CA for example.org signing evil.com
sign nc root "$(printf "$CA" "Example.org CA")
nc_permit_dns = example.org"
sign evil nc "$(printf "$SRV" evil.com evil.com 3650)"
sign good nc "$(printf "$SRV" www.example.org www.example.org 3650)"
# a CA without keyCertSign, and a leaf used as a CA
sign nosign root 'cn = "No KeyCertSign CA"
expiration_days = 7300
ca
signing_key'
sign victim nosign "$(printf "$SRV" victim.example.org victim.example.org 3650)"
sign byleaf leaf "$(printf "$SRV" byleaf.example.org byleaf.example.org 3650)"
# revocation: root revokes rev
sign rev root "$(printf "$SRV" rev.example.org rev.example.org 3650)"
sign kept root "$(printf "$SRV" kept.example.org kept.example.org 3650)"
printf 'crl_next_update = 3650\ncrl_number = 7\n' > crl.cfg
"$FAKETIME" "$PAST" "$CERTTOOL" --generate-crl --load-ca-privkey root.key \
  --load-ca-certificate root.pem --load-certificate rev.pem --template crl.cfg \
  --outfile crl.pem >/dev/null 2>&1
for f in root inter leaf client old future ipcn ipcnonly ipsan pl0 sub deep nc evil \
  good nosign victim byleaf rev kept; do
  [ -s $f.pem ] || skip_all "certtool could not build the fixture $f"
done
[ -s crl.pem ] || skip_all "certtool could not build the CRL"

# --- judges ----------------------------------------------------------------
vrc() { "$@" >/dev/null 2>&1 && echo 0 || echo 1; }
# certtool_judge CHAINFILE [certtool flags...]: verdict of certtool --verify
certtool_judge() {
  f=$1; shift
  vrc "$CERTTOOL" --verify --load-ca-certificate root.pem --infile "$f" "$@"
}
openssl_judge() { vrc "$OPENSSL" verify -CAfile root.pem "$@"; }
cdv() { run "$CERTDECK" verify --trust root.pem "$@"; cp "$TMP/out" last.out; }
# verdict NAME WANT CERTTOOL-RC OPENSSL-RC: certdeck's last exit ($rc)
verdict() {
  if [ "$rc" -eq "$2" ]; then ok "$1: certdeck exits $2"; else
    not_ok "$1: certdeck exits $2 (got $rc)"; diag "$(cat last.out "$TMP/err")"; fi
  [ "$3" -eq "$2" ] && ok "$1: certtool agrees" || not_ok "$1: certtool agrees (certtool: $3)"
  [ "$4" -eq "$2" ] && ok "$1: openssl agrees" || not_ok "$1: openssl agrees (openssl: $4)"
}
hint() { grep_ok "$1" "$2" last.out; }

# 1. A good chain: root -> intermediate -> leaf.
cdv --untrusted inter.pem --peer-name www.example.org --purpose tls-server leaf.pem
verdict "good chain" 0 \
  "$(certtool_judge chain.pem --verify-hostname www.example.org --verify-purpose 1.3.6.1.5.5.7.3.1)" \
  "$(openssl_judge -untrusted inter.pem -purpose sslserver -verify_hostname www.example.org leaf.pem)"
hint "... says it is trusted as certtool does" '^Chain verification output: Verified\. The certificate is trusted\.'
hint "... shows the leaf checked against the intermediate" '^	Checked against: CN=Test Intermediate$'
hint "... and the intermediate against the root" '^	Checked against: CN=Test Root$'
n=$(grep -c '^	Subject:' last.out)
[ "$n" -eq 2 ] && ok "... two links, leaf first" || not_ok "... two links, leaf first ($n)"
[ "$(grep -m1 '^	Subject:' last.out)" = "	Subject: CN=www.example.org" ] && ok "... the leaf comes first" || not_ok "... the leaf comes first"
check "a CERT file holding the chain verifies" "$CERTDECK" verify --trust root.pem chain.pem
check "DER trust anchor and intermediate are read" sh -c \
  "'$CERTTOOL' --certificate-info --infile root.pem --outder --outfile root.der >/dev/null 2>&1 &&
   '$CERTTOOL' --certificate-info --infile inter.pem --outder --outfile inter.der >/dev/null 2>&1 &&
   '$CERTDECK' verify --trust root.der --untrusted inter.der leaf.pem"
cat root.pem inter.pem > both.pem
check "two trusted certificates in one file" "$CERTDECK" verify --trust both.pem leaf.pem

# 1b. A decoy of the same name (another key) among the intermediates.
sign decoy root "$(printf "$CA" "Test Intermediate")"
cat decoy.pem root.pem inter.pem > pool.pem
cat leaf.pem decoy.pem inter.pem > decoychain.pem
cdv --untrusted pool.pem leaf.pem
verdict "a decoy intermediate of the same name" 0 "$(certtool_judge decoychain.pem)" \
  "$(openssl_judge -untrusted pool.pem leaf.pem)"

# 2. Expired.
cdv --untrusted inter.pem old.pem
verdict "expired" 1 "$(certtool_judge old.pem --load-certificate inter.pem)" \
  "$(openssl_judge -untrusted inter.pem old.pem)"
hint "... gives notAfter and the time checked" "expired: valid until \(notAfter\) 2020-01-31T00:00:[0-9]{2}Z, checked at 20[0-9-]+T"
hint "... and says to renew" 'Hint: renew the certificate'
# certtool's own judge for a chain: leaf and intermediate in one file
cat old.pem inter.pem > oldchain.pem
[ "$(certtool_judge oldchain.pem)" -eq 1 ] && ok "expired: certtool (whole chain) agrees" || not_ok "expired: certtool (whole chain) agrees"

# 3. Not yet valid.
cdv --untrusted inter.pem future.pem
cat future.pem inter.pem > futurechain.pem
verdict "not yet valid" 1 "$(certtool_judge futurechain.pem)" \
  "$(openssl_judge -untrusted inter.pem future.pem)"
hint "... gives notBefore" 'not yet valid: valid from \(notBefore\) 2035-01-01T'

# 4. --time inside and outside the validity (judges: openssl -attime, certtool under faketime).
inside=$(date -u -d '2020-01-10 00:00:00' +%s)
cdv --untrusted inter.pem --time "$inside" old.pem
verdict "--time inside the validity (UNIX seconds)" 0 \
  "$(vrc "$FAKETIME" '2020-01-10 00:00:00' "$CERTTOOL" --verify --load-ca-certificate root.pem --infile oldchain.pem)" \
  "$(openssl_judge -attime "$inside" -untrusted inter.pem old.pem)"
cdv --untrusted inter.pem --time 2020-01-10T00:00:00Z old.pem
[ "$rc" -eq 0 ] && ok "--time as YYYY-MM-DDTHH:MM:SSZ" || not_ok "--time as YYYY-MM-DDTHH:MM:SSZ"
outside=$(date -u -d '2020-03-01 00:00:00' +%s)
cdv --untrusted inter.pem --time 2020-03-01T00:00:00Z old.pem
verdict "--time after notAfter" 1 \
  "$(vrc "$FAKETIME" '2020-03-01 00:00:00' "$CERTTOOL" --verify --load-ca-certificate root.pem --infile oldchain.pem)" \
  "$(openssl_judge -attime "$outside" -untrusted inter.pem old.pem)"
hint "... checked at the time given" 'checked at 2020-03-01T00:00:00Z'

# 5. Unknown issuer.
cdv leaf.pem
verdict "unknown issuer" 1 "$(certtool_judge leaf.pem)" "$(openssl_judge leaf.pem)"
hint "... names the issuer looked for" "looked for 'CN=Test Intermediate'"
hint "... and what to give" 'give the CA with --trust or the intermediate with --untrusted'

# 6. Wrong purpose: a client certificate used as a TLS server.
cdv --untrusted inter.pem --purpose tls-server client.pem
cat client.pem inter.pem > clientchain.pem
verdict "wrong purpose" 1 \
  "$(certtool_judge clientchain.pem --verify-purpose 1.3.6.1.5.5.7.3.1)" \
  "$(openssl_judge -untrusted inter.pem -purpose sslserver client.pem)"
hint "... the EKUs held, named, and the one asked" 'holds the extended key usages tls-client \(1\.3\.6\.1\.5\.5\.7\.3\.2\), not tls-server \(1\.3\.6\.1\.5\.5\.7\.3\.1\)'
cdv --untrusted inter.pem --purpose tls-client client.pem
verdict "right purpose" 0 \
  "$(certtool_judge clientchain.pem --verify-purpose 1.3.6.1.5.5.7.3.2)" \
  "$(openssl_judge -untrusted inter.pem -purpose sslclient client.pem)"

# 7. Name mismatch.
cdv --untrusted inter.pem --peer-name other.example.org leaf.pem
verdict "name mismatch" 1 "$(certtool_judge chain.pem --verify-hostname other.example.org)" \
  "$(openssl_judge -untrusted inter.pem -verify_hostname other.example.org leaf.pem)"
hint "... lists the names the certificate holds" "not for 'other.example.org'; it holds: DNS www.example.org, CN www.example.org"

# 8. An IP address written only as a CN (beside a DNS name).
cat ipcn.pem inter.pem > ipcnchain.pem
cdv --untrusted inter.pem --peer-name 127.0.0.1 ipcn.pem
verdict "IP only in the CN" 1 "$(certtool_judge ipcnchain.pem --verify-hostname 127.0.0.1)" \
  "$(openssl_judge -untrusted inter.pem -verify_ip 127.0.0.1 ipcn.pem)"
hint "... says the IP is only a CN, not an IP SAN" '127\.0\.0\.1 is present only as a CN, not as an IP address subject alternative name'
hint "... and how to fix it" 'ip_address = "127.0.0.1"'
# The CN alone, no SAN at all.
cat ipcnonly.pem inter.pem > ipcnonlychain.pem
cdv --untrusted inter.pem --peer-name 127.0.0.1 ipcnonly.pem
verdict "IP as the only CN" 1 "$(certtool_judge ipcnonlychain.pem --verify-hostname 127.0.0.1)" \
  "$(openssl_judge -untrusted inter.pem -verify_ip 127.0.0.1 ipcnonly.pem)"
hint "... with the same hint" 'present only as a CN'
cat ipsan.pem inter.pem > ipsanchain.pem
cdv --untrusted inter.pem --peer-name 127.0.0.1 ipsan.pem
verdict "IP as an IP SAN" 0 "$(certtool_judge ipsanchain.pem --verify-hostname 127.0.0.1)" \
  "$(openssl_judge -untrusted inter.pem -verify_ip 127.0.0.1 ipsan.pem)"

# 9. Path length exceeded.
cat deep.pem sub.pem pl0.pem > deepchain.pem
cat sub.pem pl0.pem > deepinter.pem
cdv --untrusted deepinter.pem deep.pem
verdict "path length exceeded" 1 "$(certtool_judge deepchain.pem)" \
  "$(openssl_judge -untrusted deepinter.pem deep.pem)"
hint "... names the CA and its limit" "path length exceeded: 'CN=PathLen Zero' allows 0 intermediate CA\(s\) below it"

# 10. Name constraints violated.
cat evil.pem nc.pem > evilchain.pem
cdv --untrusted nc.pem evil.pem
verdict "name constraints violated" 1 "$(certtool_judge evilchain.pem)" \
  "$(openssl_judge -untrusted nc.pem evil.pem)"
hint "... names the name outside them" "name constraints violated: 'CN=evil.com' holds DNS evil.com, outside what 'CN=Example.org CA' allows \(permitted: DNS example.org\)"
cat good.pem nc.pem > goodchain.pem
cdv --untrusted nc.pem good.pem
verdict "a name inside the constraints" 0 "$(certtool_judge goodchain.pem)" \
  "$(openssl_judge -untrusted nc.pem good.pem)"

# 10b. IP address constraints (IPv4 and IPv6 subtrees), an address outside.
sign ncip root "$(printf "$CA" "IP CA")
nc_permit_ip = 10.0.0.0/8
nc_permit_ip = fd00::/8"
sign iplf ncip 'cn = "ipleaf"
ip_address = "192.168.1.1"
expiration_days = 3650
signing_key
tls_www_server'
cat iplf.pem ncip.pem > iplfchain.pem
cdv --untrusted ncip.pem iplf.pem
verdict "IP outside the name constraints" 1 "$(certtool_judge iplfchain.pem)" \
  "$(openssl_judge -untrusted ncip.pem iplf.pem)"
hint "... names the address and the subtrees" "holds IP 192\.168\.1\.1, outside what 'CN=IP CA' allows \(permitted: IP 10\.0\.0\.0/255\.0\.0\.0; IP fd00::/ff00::\)"

# 11. A CA without keyCertSign; a leaf used as a CA.
cat victim.pem nosign.pem > victimchain.pem
cdv --untrusted nosign.pem victim.pem
verdict "CA without keyCertSign" 1 "$(certtool_judge victimchain.pem)" \
  "$(openssl_judge -untrusted nosign.pem victim.pem)"
hint "... says what to reissue" "lacks keyCertSign/CA:TRUE: reissue it with the ca profile"
cat byleaf.pem leaf.pem inter.pem > byleafchain.pem
cat leaf.pem inter.pem > byleafinter.pem
cdv --untrusted byleafinter.pem byleaf.pem
verdict "signer not a CA" 1 "$(certtool_judge byleafchain.pem)" \
  "$(openssl_judge -untrusted byleafinter.pem byleaf.pem)"
hint "... names the signer" "'CN=www.example.org' signed 'CN=byleaf.example.org' but is not a CA"

# 12. Revoked (CRL by certtool --generate-crl).
cdv --crl crl.pem rev.pem
verdict "revoked" 1 "$(certtool_judge rev.pem --load-crl crl.pem)" \
  "$(openssl_judge -crl_check -CRLfile crl.pem rev.pem)"
hint "... names the CRL and the date" "revoked: 'CN=rev.example.org' \(serial [0-9A-F]+\) is listed in the CRL of 'CN=Test Root' \(crl.pem\), revoked on 2019-06-01T"
hint "... shows the CRL checked as certtool does" '^	Checked against CRL\[07\] of: CN=Test Root'
cdv --crl crl.pem kept.pem
verdict "not revoked" 0 "$(certtool_judge kept.pem --load-crl crl.pem)" \
  "$(openssl_judge -crl_check -CRLfile crl.pem kept.pem)"

# 12b. A SHA-1 signature (openssl checks signature strength with -auth_level).
key sha1
printf "$SRV\n" sha1.example.org sha1.example.org 3650 > sha1.cfg
"$FAKETIME" "$PAST" "$CERTTOOL" --generate-certificate --hash SHA1 --load-privkey sha1.key \
  --load-ca-certificate root.pem --load-ca-privkey root.key --template sha1.cfg \
  --outfile sha1.pem >/dev/null 2>&1
if "$OPENSSL" x509 -in sha1.pem -noout -text 2>/dev/null | grep -q 'ecdsa-with-SHA1'; then
  cdv sha1.pem
  verdict "SHA-1 signature" 1 "$(certtool_judge sha1.pem)" "$(openssl_judge -auth_level 1 sha1.pem)"
  hint "... names the algorithm" "insecure algorithm: 'CN=sha1.example.org' is signed with ECDSA-SHA1"
else
  skip "certtool would not sign with SHA-1"
fi

# 12c. A signature that does not verify (one bit of the leaf's signature flipped).
"$OPENSSL" x509 -in kept.pem -outform DER -out kept.der
python3 -c 'import sys; d = bytearray(open(sys.argv[1], "rb").read()); d[-1] ^= 1; open(sys.argv[2], "wb").write(d)' kept.der bad.der
"$OPENSSL" x509 -inform DER -in bad.der -out bad.pem
cdv bad.pem
verdict "signature failure" 1 "$(certtool_judge bad.pem)" "$(openssl_judge bad.pem)"
hint "... says which signature and whose key" "signature failure: the signature on 'CN=kept.example.org' does not verify with the key of 'CN=Test Root'"

# 13. --max-depth (openssl's -verify_depth counts intermediates the same way).
cdv --untrusted inter.pem --max-depth 0 leaf.pem
[ "$rc" -eq 1 ] && ok "--max-depth 0 refuses one intermediate" || not_ok "--max-depth 0 refuses one intermediate"
[ "$(openssl_judge -verify_depth 0 -untrusted inter.pem leaf.pem)" -eq 1 ] && ok "... as openssl -verify_depth 0" || not_ok "... as openssl -verify_depth 0"
hint "... and says so" 'more than --max-depth 0'
cdv --untrusted inter.pem --max-depth 1 leaf.pem
[ "$rc" -eq 0 ] && ok "--max-depth 1 allows it" || not_ok "--max-depth 1 allows it"
[ "$(openssl_judge -verify_depth 1 -untrusted inter.pem leaf.pem)" -eq 0 ] && ok "... as openssl -verify_depth 1" || not_ok "... as openssl -verify_depth 1"

# 14. --json: parses, holds the flags.
run "$CERTDECK" verify --json --trust root.pem --untrusted inter.pem --peer-name other.example.org leaf.pem
[ "$rc" -eq 1 ] && ok "--json: exit 1 for a mismatch" || not_ok "--json: exit 1 for a mismatch"
cp "$TMP/out" one.json
check "--json parses and holds the raw flags" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["verified"] is False, d
assert d["status"] & 2 and "INVALID" in d["status_flags"], d
assert "UNEXPECTED_OWNER" in d["status_flags"] or "MISMATCH" in d["status_flags"], d
assert [l["subject"] for l in d["chain"]] == ["CN=www.example.org", "CN=Test Intermediate"], d
assert d["chain"][0]["checked_against"] == "CN=Test Intermediate", d
assert any(r["code"] == "name-mismatch" and r["hint"] for r in d["reasons"]), d
' one.json
run "$CERTDECK" verify --json --trust root.pem --untrusted inter.pem leaf.pem old.pem
cp "$TMP/out" several.json
check "--json over several CERTs is an array" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert [x["verified"] for x in d] == [True, False], d
assert "EXPIRED" in d[1]["status_flags"] and d[1]["status"] & 1024, d
' several.json

# 15. Several CERTs, --brief.
run "$CERTDECK" verify --brief --trust root.pem --untrusted inter.pem leaf.pem old.pem client.pem
[ "$rc" -eq 1 ] && ok "--brief: exit 1 when one fails" || not_ok "--brief: exit 1 when one fails ($rc)"
cp "$TMP/out" last.out
hint "--brief: a verified line" '^leaf\.pem: verified$'
hint "--brief: a not verified line with the reason" '^old\.pem: not verified: .*expired'
n=$(wc -l < last.out)
[ "$n" -eq 3 ] && ok "--brief: one line per CERT" || not_ok "--brief: one line per CERT ($n)"
check "--brief: all verified exits 0" "$CERTDECK" verify --brief --trust root.pem --untrusted inter.pem leaf.pem client.pem

# 15b. Many CERTs are checked on every core, and reported as one by one:
# the same lines, in the order given, errors in their place, the worst
# exit status. 48 files: good, expired, wrong purpose (no error, as no
# purpose is asked), garbage, missing, in turns; checked at one time (the
# messages give it).
AT=2026-01-01T00:00:00Z
: > many.list; : > many.want; i=0
while [ $i -lt 48 ]; do
  case $((i % 5)) in
    0) cp leaf.pem m$i.pem ;; 1) cp old.pem m$i.pem ;; 2) cp client.pem m$i.pem ;;
    3) printf 'garbage\n' > m$i.pem ;; 4) : ;;
  esac
  printf 'm%s.pem\n' $i >> many.list
  "$CERTDECK" verify --brief --time "$AT" --trust root.pem --untrusted inter.pem m$i.pem >> many.want 2>&1
  i=$((i + 1))
done
# shellcheck disable=SC2046
run "$CERTDECK" verify --brief --time "$AT" --trust root.pem --untrusted inter.pem $(cat many.list)
[ "$rc" -eq 2 ] && ok "48 CERTs: exit 2 (a file could not be read)" || not_ok "48 CERTs: exit 2 (got $rc)"
cp "$TMP/out" many.out
cat many.out "$TMP/err" | sort > many.got; sort many.want > many.wants
check "... each file's line as when checked alone" cmp many.got many.wants
grep -v '^certdeck' many.want > many.wantout
check "... the results in the order given" cmp many.out many.wantout
# pick DIGITS: the files whose number modulo 5 is one of DIGITS
pick() { awk -v r="$1" '{ if (index(r, (substr($0, 2) + 0) % 5)) print }' many.list; }
# shellcheck disable=SC2046
run "$CERTDECK" verify --json --trust root.pem --untrusted inter.pem $(pick 012)
cp "$TMP/out" many.json
check "... --json: an array in the order given" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
want = [f for f in open(sys.argv[2]).read().split() if int(f[1:-4]) % 5 < 3]
assert [x["file"] for x in d] == want, [x["file"] for x in d]
assert [x["verified"] for x in d] == [int(f[1:-4]) % 5 != 1 for f in want], d
' many.json many.list
# --time on every core: the expired certificate valid when it was.
# shellcheck disable=SC2046
run "$CERTDECK" verify --brief --time 2020-01-15T00:00:00Z --trust root.pem --untrusted inter.pem $(pick 1)
[ "$rc" -eq 0 ] && ok "... --time: 10 once-expired CERTs verify at that time" || not_ok "... --time: 10 once-expired CERTs verify at that time ($rc)"
n=$(grep -c ': verified$' "$TMP/out")
[ "$n" -eq 10 ] && ok "... each of them" || not_ok "... each of them ($n)"

# The trusted CA from standard input, read once: 40 CERTs still verify.
i=0; : > l.list
while [ $i -lt 40 ]; do cp leaf.pem l$i.pem; printf 'l%s.pem\n' $i >> l.list; i=$((i + 1)); done
# shellcheck disable=SC2046
run "$CERTDECK" verify --brief --trust - --untrusted inter.pem $(cat l.list) < root.pem
[ "$rc" -eq 0 ] && ok "--trust - (standard input) with 40 CERTs: exit 0" || not_ok "--trust - (standard input) with 40 CERTs: exit 0 ($rc)"
n=$(grep -c ': verified$' "$TMP/out")
[ "$n" -eq 40 ] && ok "... each verified" || not_ok "... each verified ($n)"

# 16. The store's CA is trusted by default.
check "a certdeck store" "$CERTDECK" -d store init-ca --cn "Store CA"
check "... issues" "$CERTDECK" -d store issue web.example.org
check "verify -d store trusts its ca.crt" "$CERTDECK" -d store verify --peer-name web.example.org store/issued/web.example.org.crt
check_exit "... and not another CA's certificate" 1 "$CERTDECK" -d store verify leaf.pem

# 17. --system-trust: a CA of the system's store verifies (itself trusted).
SYS=/etc/ssl/certs/ca-certificates.crt
if [ -s "$SYS" ] && "$OPENSSL" x509 -in "$SYS" -out sys.pem 2>/dev/null; then
  run "$CERTDECK" verify --system-trust sys.pem; cp "$TMP/out" last.out
  verdict "--system-trust" 0 "$(vrc "$CERTTOOL" --verify --infile sys.pem)" \
    "$(vrc "$OPENSSL" verify -CAfile "$SYS" sys.pem)"
  hint "... shows the certificate checked against itself" '^	Checked against: '
  cdv --system-trust leaf.pem
  [ "$rc" -eq 1 ] && ok "--system-trust with --trust: another CA still unknown" || not_ok "--system-trust with --trust: another CA still unknown"
else
  skip "no system trust store at $SYS"
fi

# 18. Bad input exits 2 and names the flag or file.
check_exit "a missing CERT exits 2" 2 "$CERTDECK" verify --trust root.pem nosuch.pem
grep_ok "... naming the file" 'nosuch\.pem' "$TMP/err"
check_exit "a missing --trust file exits 2" 2 "$CERTDECK" verify --trust nosuch.pem leaf.pem
grep_ok "... naming the flag and the file" '\-\-trust nosuch\.pem: cannot open' "$TMP/err"
check_exit "a missing --untrusted file exits 2" 2 "$CERTDECK" verify --trust root.pem --untrusted nosuch.pem leaf.pem
grep_ok "... naming the flag and the file" '\-\-untrusted nosuch\.pem' "$TMP/err"
"$OPENSSL" req -new -key leaf.key -subj /CN=req -out leaf.req 2>/dev/null
check_exit "a certificate request exits 2" 2 "$CERTDECK" verify --trust root.pem leaf.req
grep_ok "... saying it is a request, to be signed first" 'leaf\.req: a certificate request, not a certificate: a CA signs it first' "$TMP/err"
printf 'garbage\n' > garbage.pem
check_exit "garbage exits 2" 2 "$CERTDECK" verify --trust root.pem garbage.pem
grep_ok "... naming the file" 'garbage\.pem' "$TMP/err"
check_exit "a garbage --crl exits 2" 2 "$CERTDECK" verify --trust root.pem --crl garbage.pem leaf.pem
grep_ok "... naming the flag" '\-\-crl garbage\.pem' "$TMP/err"
check_exit "--time nonsense exits 2" 2 "$CERTDECK" verify --trust root.pem --time yesterday leaf.pem
grep_ok "... naming the flag and the forms" "\-\-time: 'yesterday'.*YYYY-MM-DDTHH:MM:SSZ" "$TMP/err"
check_exit "--time 2026-02-31T00:00:00Z exits 2" 2 "$CERTDECK" verify --trust root.pem --time 2026-02-31T00:00:00Z leaf.pem
check_exit "--purpose unknown exits 2" 2 "$CERTDECK" verify --trust root.pem --purpose nonsense leaf.pem
grep_ok "... naming the flag and the choices" "\-\-purpose: 'nonsense'.*tls-server" "$TMP/err"
check_exit "--max-depth -1 exits 2" 2 "$CERTDECK" verify --trust root.pem --max-depth -1 leaf.pem
grep_ok "... naming the flag" "\-\-max-depth: '-1'" "$TMP/err"
check_exit "no CERT exits 2" 2 "$CERTDECK" verify --trust root.pem
check_exit "nothing to trust exits 2" 2 env CERTDECK_DIR="$TMP/none" "$CERTDECK" verify leaf.pem
grep_ok "... saying what to give" '\-\-trust FILE or --system-trust' "$TMP/err"
check_exit "an unknown option exits 2" 2 "$CERTDECK" verify --frob leaf.pem
check_exit "--json with --brief exits 2" 2 "$CERTDECK" verify --json --brief --trust root.pem leaf.pem
check "--help" "$CERTDECK" verify --help
grep_ok "... lists --peer-name" '\-\-peer-name' "$TMP/out"
done_testing
