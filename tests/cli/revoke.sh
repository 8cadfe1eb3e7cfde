#!/bin/sh
# certdeck revoke and crl: every RFC 5280 reason recorded in index.txt as
# openssl ca records it, a CRL whose entries carry their reason and
# invalidity date, judged by openssl crl -text, certtool --crl-info and
# --verify-crl, and openssl verify -crl_check; holds released; CRL numbers
# counted from crlnumber.
. "$top_srcdir/tests/lib.sh"
need "$CERTTOOL" "$OPENSSL"
cd "$TMP" || exit 1

REASONS="unspecified keyCompromise cACompromise affiliationChanged superseded
cessationOfOperation certificateHold"
# openssl crl -text's words for each reason (unspecified: no extension).
words() {
  case $1 in
  keyCompromise) echo "Key Compromise" ;; cACompromise) echo "CA Compromise" ;;
  affiliationChanged) echo "Affiliation Changed" ;; superseded) echo "Superseded" ;;
  cessationOfOperation) echo "Cessation Of Operation" ;; certificateHold) echo "Certificate Hold" ;;
  esac
}
serial_of() { "$OPENSSL" x509 -noout -serial -in "$1" | sed 's/serial=//'; }
# The block of openssl crl -text for SERIAL (up to the next serial).
entry_of() {
  awk -v s="$2" '/Serial Number:/ { on = ($3 == s) } on' "$1"
}

for alg in ecdsa rsa ed25519; do
  d=s-$alg
  check "$alg: init-ca" "$CERTDECK" -d $d init-ca --cn "Revoke CA $alg" --key-type $alg
  for r in $REASONS ok; do
    "$CERTDECK" -d $d issue "$r" --cn "$r.example" >/dev/null 2>&1 || not_ok "$alg: issue $r"
  done
  fails=0
  for r in $REASONS; do
    inv=
    [ "$r" = keyCompromise ] || [ "$r" = superseded ] && inv="--invalidity-date 2024-01-02T03:04:05Z"
    "$CERTDECK" -d $d revoke "$r" --reason "$r" $inv > out 2>err || { fails=$((fails + 1)); diag "$(cat err)"; }
  done
  [ "$fails" -eq 0 ] && ok "$alg: every reason revokes" || not_ok "$alg: every reason revokes ($fails failures)"
  check "$alg: crl signs" "$CERTDECK" -d $d crl --next-update-days 7
  grep_ok "$alg: crl says its number and entries" "^CRL number 01: 7 revoked" "$TMP/out"
  check "$alg: openssl crl reads it" "$OPENSSL" crl -in $d/crl.pem -noout -text
  cp "$TMP/out" crl.txt
  fails=0
  for r in $REASONS; do
    s=$(serial_of $d/issued/$r.crt)
    entry_of crl.txt "$s" > entry.txt
    grep -q "Serial Number: $s" entry.txt || { fails=$((fails + 1)); diag "$r: $s not in the CRL"; continue; }
    w=$(words "$r")
    if [ -n "$w" ]; then
      grep -q "^ *$w\$" entry.txt || { fails=$((fails + 1)); diag "$r: no '$w'"; diag "$(cat entry.txt)"; }
    elif grep -q "Reason Code" entry.txt; then fails=$((fails + 1)); diag "$r: a reason code"; fi
    case $r in keyCompromise|superseded)
      grep -q "Jan  2 03:04:05 2024 GMT" entry.txt || { fails=$((fails + 1)); diag "$r: no invalidity date"; } ;;
    *) grep -q "Invalidity Date" entry.txt && { fails=$((fails + 1)); diag "$r: an invalidity date"; } ;;
    esac
  done
  [ "$fails" -eq 0 ] && ok "$alg: openssl crl -text: each entry with its reason and invalidity date" ||
    not_ok "$alg: openssl crl -text: each entry with its reason and invalidity date"
  grep_ok "$alg: CRL number 1" "CRL Number: *\$" crl.txt
  grep -A1 "CRL Number" crl.txt | grep -q "^ *1\$" && ok "$alg: CRL number is 1" || not_ok "$alg: CRL number is 1"
  grep_ok "$alg: version 2" "Version 2" crl.txt
  ski=$("$OPENSSL" x509 -noout -ext subjectKeyIdentifier -in $d/ca.crt | tail -1 | tr -d ' ')
  grep -A1 "Authority Key Identifier" crl.txt | tail -1 | tr -d ' ' | grep -q "$ski" &&
    ok "$alg: authority key identifier is the CA's" || not_ok "$alg: authority key identifier is the CA's"
  grep_ok "$alg: next update in 7 days" "Next Update: $(date -u -d '+7 days' '+%b %e' | sed 's/  */ +/g')" crl.txt
  check "$alg: certtool --crl-info reads it" "$CERTTOOL" --crl-info --infile $d/crl.pem
  grep_ok "$alg: certtool counts 7 revoked" "Revoked certificates \(7\)" "$TMP/out"
  check "$alg: certtool --verify-crl accepts the signature" "$CERTTOOL" --verify-crl \
    --load-ca-certificate $d/ca.crt --infile $d/crl.pem
  grep_ok "$alg: certtool: verified" "Verification output: Verified" "$TMP/out"
  check_exit "$alg: openssl verify -crl_check refuses a revoked certificate" 2 \
    "$OPENSSL" verify -crl_check -CAfile $d/ca.crt -CRLfile $d/crl.pem $d/issued/keyCompromise.crt
  grep -q "certificate revoked" "$TMP/out" "$TMP/err" && ok "$alg: openssl says revoked" || not_ok "$alg: openssl says revoked"
  check "$alg: openssl verify -crl_check accepts a valid one" \
    "$OPENSSL" verify -crl_check -CAfile $d/ca.crt -CRLfile $d/crl.pem $d/issued/ok.crt
done

d=s-ecdsa
# The two reasons openssl ca has no name for in index.txt are refused:
# recorded, they stopped openssl ca and easy-rsa on the whole store.
sum() { find "$1" -type f ! -name .certdeck.lock -exec sha256sum {} + | sort; }
sum $d > before.sum
for r in privilegeWithdrawn aACompromise; do
  check_exit "revoke --reason $r exits 2" 2 "$CERTDECK" -d $d revoke ok --reason $r
  grep_ok "... saying openssl ca and easy-rsa cannot read it, and what to use" \
    "'$r' cannot be recorded: openssl ca and easy-rsa have no name for it.*use affiliationChanged" "$TMP/err"
done
sum $d > after.sum
cmp -s before.sum after.sum && ok "... and nothing changed" || not_ok "... and nothing changed"
cp -a $d ossl
printf '[ ca ]\ndefault_ca = store\n[ store ]\ndir = ossl\ndatabase = $dir/index.txt\ncrlnumber = $dir/crlnumber\ncertificate = $dir/ca.crt\nprivate_key = $dir/private/ca.key\ndefault_md = sha256\ndefault_crl_days = 7\n' > ossl.cnf
check "openssl ca -gencrl reads the index.txt of every reason certdeck records" \
  "$OPENSSL" ca -config ossl.cnf -gencrl -out ossl-crl.pem
# index.txt as openssl ca writes it
line() { awk -F'\t' -v s="$(serial_of $d/issued/$1.crt)" '$4 == s' $d/index.txt; }
line keyCompromise > l.txt
grep_ok "index: keyCompromise with its invalidity date as openssl's keyTime" \
  "^R	[0-9]{12}Z	[0-9]{12}Z,keyTime,20240102030405Z	" l.txt
line cACompromise > l.txt
grep_ok "index: cACompromise spelt as openssl does" "^R	[0-9]{12}Z	[0-9]{12}Z,CACompromise	" l.txt
line superseded > l.txt
grep_ok "index: superseded with its invalidity date" "^R	.*Z,superseded,20240102030405Z	" l.txt
line ok > l.txt
grep_ok "index: a valid certificate stays V" "^V	[0-9]{12}Z		" l.txt

# refusals
check_exit "revoking twice is refused" 2 "$CERTDECK" -d $d revoke keyCompromise --reason superseded
grep_ok "and says it is revoked already, since when and why" "revoked already, since [0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:]{8} UTC \(keyCompromise\): a revocation is final" "$TMP/err"
check_exit "an unknown reason is refused" 2 "$CERTDECK" -d $d revoke ok --reason stolen
grep_ok "naming the reasons" "keyCompromise" "$TMP/err"
check_exit "an unknown certificate is refused" 2 "$CERTDECK" -d $d revoke nosuch
check_exit "releasing a certificate not on hold is refused" 2 "$CERTDECK" -d $d revoke superseded --release
check_exit "--invalidity-date without a reason is refused" 2 "$CERTDECK" -d $d revoke ok --invalidity-date 2024-01-01T00:00:00Z
check_exit "a bad date is refused" 2 "$CERTDECK" -d $d revoke ok --reason superseded --invalidity-date yesterday
grep_ok "... naming its flag, not another" "^certdeck revoke: --invalidity-date: 'yesterday' is not a time" "$TMP/err"
grep_not "... (no --time)" '\-\-time' "$TMP/err"
check_exit "an invalidity date to come is refused" 2 "$CERTDECK" -d $d revoke ok --reason keyCompromise --invalidity-date 2999-01-01T00:00:00Z
grep_ok "... saying it is in the future" "invalidity date is in the future" "$TMP/err"
line ok > l.txt
grep_ok "... and ok stays valid" "^V	[0-9]{12}Z		" l.txt

# verify's hint: a hold can be released, a revocation cannot be undone
check_exit "verify refuses a certificate on hold" 1 "$CERTDECK" -d $d verify $d/issued/certificateHold.crt
grep_ok "verify: a hold is said to be releasable" "on hold: its CA can release it" "$TMP/out"
grep -q "cannot be undone" "$TMP/out" && not_ok "verify: no 'cannot be undone' for a hold" || ok "verify: no 'cannot be undone' for a hold"
check_exit "verify refuses a compromised key" 1 "$CERTDECK" -d $d verify $d/issued/keyCompromise.crt
grep_ok "verify: a revocation cannot be undone" "cannot be undone" "$TMP/out"

# a hold is released; the next CRL has the next number and no entry for it
held=$(serial_of $d/issued/certificateHold.crt)
check "a hold is released (by serial)" "$CERTDECK" -d $d revoke "$held" --release
line certificateHold > l.txt
grep_ok "index: released, V again" "^V	[0-9]{12}Z		$held	" l.txt
check "the next CRL signs" "$CERTDECK" -d $d crl
grep_ok "with number 02 and 6 entries" "^CRL number 02: 6 revoked" "$TMP/out"
grep -qx 03 $d/crlnumber && ok "crlnumber holds the next number (03)" || not_ok "crlnumber holds the next number (03): $(cat $d/crlnumber)"
"$OPENSSL" crl -in $d/crl.pem -noout -text > crl.txt
grep -q "$held" crl.txt && not_ok "the released certificate is out of the CRL" || ok "the released certificate is out of the CRL"
check "openssl verify -crl_check accepts the released certificate" \
  "$OPENSSL" verify -crl_check -CAfile $d/ca.crt -CRLfile $d/crl.pem $d/issued/certificateHold.crt
# CRL numbers only grow: a crlnumber reset, or lost, gives the number
# after crl.pem's, with a warning.
echo 01 > $d/crlnumber
check "a crlnumber reset to 01: crl signs" "$CERTDECK" -d $d crl
grep_ok "... with number 03, after crl.pem's" "^CRL number 03:" "$TMP/out"
grep_ok "... and says why" "crlnumber \(01\) is not above the number of crl.pem: the new CRL takes 03" "$TMP/err"
rm $d/crlnumber
check "crlnumber lost: crl signs" "$CERTDECK" -d $d crl
grep_ok "... with number 04" "^CRL number 04:" "$TMP/out"
"$OPENSSL" crl -in $d/crl.pem -noout -crlnumber > num.txt
grep_ok "... as openssl reads it" "crlNumber=0x04" num.txt
grep -qx 05 $d/crlnumber && ok "... crlnumber holds 05" || not_ok "... crlnumber holds 05: $(cat $d/crlnumber)"
# a hold made permanent keeps its date and takes the new reason
check "hold again (removeFromCRL then releases it too)" "$CERTDECK" -d $d revoke certificateHold --reason certificateHold
check "removeFromCRL releases a hold" "$CERTDECK" -d $d revoke certificateHold --reason removeFromCRL
line certificateHold > l.txt
grep_ok "index: V again" "^V	" l.txt
check "hold" "$CERTDECK" -d $d revoke certificateHold --reason certificateHold
check_exit "a hold put on hold again is refused" 2 "$CERTDECK" -d $d revoke certificateHold --reason certificateHold
grep_ok "and says since when, and what can be done" "on hold already, since [0-9-]{10} [0-9:]{8} UTC: release the hold, or revoke it for good" "$TMP/err"
check "a hold made permanent" "$CERTDECK" -d $d revoke certificateHold --reason keyCompromise
line certificateHold > l.txt
grep_ok "index: keyCompromise now" "Z,keyCompromise	" l.txt

# the crl_next_update of the ca template
printf 'crl_next_update = 3\n' >> $d/templates/ca.cfg
check "crl with the template's crl_next_update" "$CERTDECK" -d $d crl
grep_ok "next update in 3 days" "next update $(date -u -d '+3 days' +%Y-%m-%d)" "$TMP/out"

# verify, serve and connect use the store's crl.pem by default
check_exit "verify in a store refuses a revoked certificate (its crl.pem)" 1 \
  "$CERTDECK" -d $d verify --brief $d/issued/superseded.crt
grep_ok "saying revoked, with the date and the reason" \
  "revoked on [0-9-]+T[0-9:]+Z, reason: superseded" "$TMP/out"
check "verify in a store accepts a valid certificate" "$CERTDECK" -d $d verify --brief $d/issued/ok.crt
check_exit "verify --crl given replaces the store's" 0 \
  "$CERTDECK" -d $d verify --brief --crl s-rsa/crl.pem $d/issued/superseded.crt

"$CERTDECK" -d $d issue web --profile server --cn localhost --dns-name localhost >/dev/null 2>&1
"$CERTDECK" -d $d issue alice --profile client --cn alice >/dev/null 2>&1
"$CERTDECK" -d $d issue mallory --profile client --cn mallory >/dev/null 2>&1
# listen NAME ARGS...: certdeck serve in the background until "Listening on"
listen() {
  n=$1; shift
  env --default-signal=INT "$CERTDECK" -d $d serve --port 0 "$@" >"$n.out" 2>"$n.err" &
  spid=$!
  i=0
  until grep -q '^Listening on ' "$n.out" 2>/dev/null || [ $i -ge 200 ]; do sleep 0.05; i=$((i + 1)); done
  port=$(sed -n 's/^Listening on .*:\([0-9][0-9]*\)$/\1/p' "$n.out" | head -1)
}
listen mtls --name web --require-client-cert
echo hi > hi.txt
check "serve accepts a valid client certificate" timeout 20 "$CERTDECK" -d $d connect --host 127.0.0.1 \
  --port "$port" --peer-name localhost --cert $d/issued/alice.crt --key $d/private/alice.key --send hi
check "mallory is revoked" "$CERTDECK" -d $d revoke mallory --reason keyCompromise
check "and the CRL published" "$CERTDECK" -d $d crl
kill -TERM $spid; wait $spid 2>/dev/null
listen mtls2 --name web --require-client-cert
check_exit "serve refuses a revoked client certificate" 1 timeout 20 "$CERTDECK" -d $d connect --host 127.0.0.1 \
  --port "$port" --peer-name localhost --cert $d/issued/mallory.crt --key $d/private/mallory.key --send hi
kill -TERM $spid; wait $spid 2>/dev/null
grep_ok "serve's log says revoked, with the reason" "revoked.*reason: keyCompromise" mtls2.err
check "web is revoked" "$CERTDECK" -d $d revoke web --reason cessationOfOperation
check "and the CRL published" "$CERTDECK" -d $d crl
listen plain --name web
check_exit "connect refuses a revoked server certificate" 1 timeout 20 "$CERTDECK" -d $d connect --host 127.0.0.1 \
  --port "$port" --peer-name localhost --send hi
kill -TERM $spid; wait $spid 2>/dev/null
cat "$TMP/out" "$TMP/err" > conn.txt
grep_ok "connect says revoked, with the reason" "revoked.*reason: cessationOfOperation" conn.txt
done_testing
