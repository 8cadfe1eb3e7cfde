#!/bin/sh
# check --days N: the CRL's next update listed, and counted as expiring
# within N days (exit 1); the CRL signed by certtool as the judge.
. "$top_srcdir/tests/lib.sh"
need "$CERTTOOL" "$OPENSSL"
cd "$TMP" || exit 1
cd_() { "$CERTDECK" "$@"; }

check "a store" cd_ -d pki init-ca --cn "CRL Check CA"
check "check without a CRL" cd_ -d pki check --days 30
grep_not "... says nothing of a CRL" 'crl.pem' "$TMP/out"
printf 'crl_next_update = 7\ncrl_number = 1\n' > crl.tmpl
"$CERTTOOL" --generate-crl --load-ca-certificate pki/ca.crt \
  --load-ca-privkey pki/private/ca.key --template crl.tmpl --outfile pki/crl.pem >/dev/null 2>&1
"$CERTTOOL" --crl-info --infile pki/crl.pem > crl.txt 2>&1
grep_ok "certtool made a CRL due in 7 days" 'Next at:' crl.txt
check_exit "check --days 30: the CRL is due: exit 1" 1 cd_ -d pki check --days 30
grep_ok "... listed as expiring, with its date" '^pki: expiring: crl.pem: next update [0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:]{8} UTC, in [67] day' "$TMP/out"
grep_ok "... and counted" '0 problem\(s\), 1 expiring within 30 days' "$TMP/out"
check "check --days 3: the CRL is not due yet" cd_ -d pki check --days 3
grep_ok "... its next update still listed" '^pki: crl.pem: next update .* in [67] day' "$TMP/out"
# A CRL already past its next update (signed with a date in the past).
printf 'crl_next_update = 1\ncrl_number = 2\n' > old.tmpl
if [ -n "$FAKETIME" ] && command -v "$FAKETIME" >/dev/null 2>&1; then
  "$FAKETIME" -f -10d "$CERTTOOL" --generate-crl --load-ca-certificate pki/ca.crt \
    --load-ca-privkey pki/private/ca.key --template old.tmpl --outfile pki/crl.pem >/dev/null 2>&1
  check_exit "a CRL past its next update: exit 1" 1 cd_ -d pki check --days 1
  grep_ok "... says it has passed" 'crl.pem: its next update .* has passed' "$TMP/out"
else
  skip "faketime not installed"
  skip "faketime not installed"
fi
echo 'garbage' > pki/crl.pem
check_exit "an unreadable crl.pem: a problem (exit 1)" 1 cd_ -d pki check
grep_ok "... named" 'problem: .*crl\.pem' "$TMP/out"

done_testing
