#!/bin/sh
# A store made by easy-rsa 3 opens, lists, verifies and signs in certdeck;
# easy-rsa goes on working on it afterwards.
. "$top_srcdir/tests/lib.sh"
need "$OPENSSL" "$CERTTOOL"
EASYRSA=${EASYRSA:-/usr/share/easy-rsa/easyrsa}
[ -x "$EASYRSA" ] || skip_all "easy-rsa not installed ($EASYRSA)"
cd "$TMP" || exit 1
EASYRSA_BATCH=1 EASYRSA_PKI="$TMP/pki"
export EASYRSA_BATCH EASYRSA_PKI
ersa() { "$EASYRSA" "$@" >ersa.log 2>&1; }

check "easyrsa init-pki" ersa init-pki
check "easyrsa build-ca nopass" env EASYRSA_REQ_CN="Easy CA" "$EASYRSA" build-ca nopass
check "easyrsa build-server-full srv nopass" ersa build-server-full srv nopass
[ -f pki/issued/srv.crt ] || skip_all "easy-rsa did not build its PKI: $(tail -3 ersa.log)"

check "certdeck lists easy-rsa's store" "$CERTDECK" -d pki list
grep_ok "... with srv, valid" '^srv +[0-9A-F]+ +valid .*/CN=srv' "$TMP/out"
check "certdeck check: easy-rsa's store is sound" "$CERTDECK" -d pki check
check "certdeck issues with easy-rsa's CA (RSA)" "$CERTDECK" -d pki issue web.example.org
check "openssl verifies it against easy-rsa's CA" "$OPENSSL" verify -CAfile pki/ca.crt \
  -verify_hostname web.example.org pki/issued/web.example.org.crt
"$CERTTOOL" --verify --load-ca-certificate pki/ca.crt --infile pki/issued/srv.crt > v.txt 2>&1
grep_ok "certtool verifies easy-rsa's srv" 'Chain verification output: Verified' v.txt
check "certdeck -d pki verify: easy-rsa's srv verifies against its ca.crt" \
  "$CERTDECK" -d pki verify --purpose tls-server --peer-name srv pki/issued/srv.crt
grep_ok "... as certtool says it" '^Chain verification output: Verified' "$TMP/out"
check "easyrsa gen-req" ersa gen-req cli nopass
check "certdeck signs easy-rsa's request by name" "$CERTDECK" -d pki sign --profile client cli
check "openssl verifies it" "$OPENSSL" verify -CAfile pki/ca.crt -purpose sslclient pki/issued/cli.crt
check "easyrsa still works on the store" ersa build-client-full after nopass
check "certdeck check after easy-rsa's change" "$CERTDECK" -d pki check
check "certdeck lists all four" "$CERTDECK" -d pki list
n=$(grep -c ' valid ' "$TMP/out")
[ "$n" -eq 4 ] && ok "four valid certificates" || not_ok "four valid certificates ($n)"
cp pki/issued/web.example.org.crt web.crt
check "easyrsa revoke reads certdeck's index" ersa revoke web.example.org keyCompromise
check "easyrsa gen-crl" ersa gen-crl
check "certdeck lists the revocation" "$CERTDECK" -d pki list
grep_ok "... as revoked (easy-rsa moved its file out of issued/)" ' revoked .*/CN=web.example.org' "$TMP/out"
check "certdeck check: sound after easy-rsa's revocation (revoked/certs_by_serial/)" \
  "$CERTDECK" -d pki check
s=$("$OPENSSL" x509 -noout -serial -in web.crt 2>/dev/null | sed 's/serial=//')
check_exit "certdeck verify with easy-rsa's CRL: revoked" 1 \
  "$CERTDECK" -d pki verify --crl pki/crl.pem web.crt
grep_ok "... names the CRL and the reason" 'revoked: .*pki/crl.pem.*reason: keyCompromise' "$TMP/out"
check_exit "... as openssl says" 2 "$OPENSSL" verify -CAfile pki/ca.crt -crl_check -CRLfile pki/crl.pem web.crt
# easy-rsa names its CA certificate's serial in each certificate's
# authority key identifier: renewing the CA certificate (a new serial)
# would leave openssl unable to verify them. Refused, saying so.
sum() { find "$1" -type f ! -name .certdeck.lock -exec sha256sum {} + | sort; }
sum pki > before.sum
check_exit "renew --ca of easy-rsa's CA exits 2" 2 "$CERTDECK" -d pki renew --ca
grep_ok "... saying which certificate names the CA's serial, and why it matters" \
  "names the CA certificate's serial in its authority key identifier.*--force" "$TMP/err"
sum pki > after.sum
cmp -s before.sum after.sum && ok "... and nothing changed" || not_ok "... and nothing changed"
done_testing
