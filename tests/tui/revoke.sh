#!/bin/sh
# Revoke from the TUI, driven in tmux, on a store built with the command
# line: Esc backs out without a trace; a revocation with a reason lands in
# index.txt and, when asked, in a new CRL that openssl reads (the entry
# with its reason) and that makes openssl verify -crl_check refuse the
# certificate; a hold is released from the same key; L signs a CRL alone.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui/lib.sh"
need "$OPENSSL"

S="$TMP/pki"
check "a store (init-ca)" "$CERTDECK" -d "$S" init-ca --cn "Revoke CA"
check "a server certificate" "$CERTDECK" -d "$S" issue www.example.com
check "a client certificate" "$CERTDECK" -d "$S" issue alice --profile client
www="$S/issued/www.example.com.crt"
serial=$("$OPENSSL" x509 -in "$www" -noout -serial | sed 's/^serial=//')
tui_store_state before

tui_start 100 30 "$CERTDECK" -d "$S"
tui_expect "the store opens" "F1 Help"

# Esc at the reason, then n at the confirmation: nothing written.
tui_keys / w w w Enter Home x
tui_expect "x asks for a reason" "Why is the certificate revoked?"
tui_expect "... among RFC 5280's" "keyCompromise"
tui_expect "... each with its meaning whole, at 80 columns" "superseded by another certificate"
tui_expect "... the longest too" "no longer in operation"
tui_keys Escape
tui_expect "Esc: not revoked" "not revoked: nothing written"
tui_keys x
tui_wait "Why is the certificate revoked?" >/dev/null
tui_keys Enter
tui_expect "a compromise asks since when" "Since when is the key known"
tui_keys Escape
tui_expect "Esc there: not revoked" "not revoked: nothing written"
tui_keys x
tui_wait "Why is the certificate revoked?" >/dev/null
tui_keys Enter
tui_wait "Since when is the key known" >/dev/null
tui_keys -l "last week"
tui_keys Enter
tui_expect "a date that is no date is refused" "a date as YYYY-MM-DDTHH:MM:SSZ"
tui_keys C-u
tui_keys -l "2999-01-01T00:00:00Z"
tui_keys Enter
tui_expect "a date to come is refused" "a date already past"
tui_keys C-u Enter
tui_expect "a confirmation names the certificate and reason" "for keyCompromise?"
tui_keys n
tui_expect "n: not revoked" "not revoked: nothing written"
tui_store_state after-esc
if cmp -s "$TMP/before" "$TMP/after-esc"; then ok "backing out wrote nothing"
else not_ok "backing out wrote nothing"; diag "$(diff "$TMP/before" "$TMP/after-esc")"; fi

# Revoke for keyCompromise and publish a CRL.
tui_keys x
tui_wait "Why is the certificate revoked?" >/dev/null
tui_keys Enter
tui_wait "Since when is the key known" >/dev/null
tui_keys -l "2024-01-02T03:04:05Z"
tui_keys Enter
tui_wait "for keyCompromise?" >/dev/null
tui_keys y
tui_expect "a new CRL is offered" "Sign a new CRL now"
tui_keys y
tui_expect "the CRL is published" "CRL number 01, 1 revoked"
grep_ok "index.txt: R with keyCompromise and its invalidity date (openssl's keyTime)" \
  "^R	.*,keyTime,20240102030405Z	$serial	" "$S/index.txt"
run "$OPENSSL" crl -in "$S/crl.pem" -noout -text
grep_ok "openssl crl lists the serial" "Serial Number: $serial" "$TMP/out"
grep_ok "... with its reason" "Key Compromise" "$TMP/out"
grep_ok "... and its invalidity date" "Jan  2 03:04:05 2024 GMT" "$TMP/out"
cat "$S/ca.crt" "$S/crl.pem" >"$TMP/chain-crl.pem"
run "$OPENSSL" verify -crl_check -CAfile "$TMP/chain-crl.pem" "$www"
if [ "$rc" -ne 0 ] && grep -q 'revoked' "$TMP/out" "$TMP/err"; then
  ok "openssl verify -crl_check refuses it: revoked"
else not_ok "openssl verify -crl_check refuses it"; diag "$(cat "$TMP/out" "$TMP/err")"; fi
tui_expect "the screen lists it as revoked" "Revoked"
# x again on it: refused at once, nothing asked; the hint bar no longer
# offers to revoke it.
tui_keys Escape / w w w Enter End
tui_expect "... the cursor on the revoked certificate" "Status       revoked"
if tui_screen | tail -1 | grep -q 'x Revoke'; then
  not_ok "... the hint bar offers no 'x Revoke' on it"; diag "$(tui_screen | tail -1)"
else ok "... the hint bar offers no 'x Revoke' on it"; fi
tui_keys x
tui_expect "x on a certificate revoked for good is refused at once" "is revoked for good: a revocation is final"
tui_absent "... without the reasons' list" "Why is the certificate revoked?"

# A hold on alice, then released from the same key.
tui_keys Escape / a l i c e Enter Home x
tui_wait "Why is the certificate revoked?" >/dev/null
# unspecified, keyCompromise, cACompromise, affiliationChanged,
# superseded, cessationOfOperation, certificateHold
tui_keys Down Down Down Down Down
tui_expect "certificateHold is offered" "certificateHold"
tui_keys Enter
tui_expect "the confirmation says certificateHold" "certificateHold? Only a hold"
tui_keys y
tui_wait "Sign a new CRL now" >/dev/null
tui_keys n
tui_expect "on hold" "revoked"
grep_ok "index.txt: alice on hold" "^R	.*,certificateHold	" "$S/index.txt"
tui_keys Escape / a l i c e Enter End x
tui_expect "a hold can be released" "release the hold"
tui_keys Enter
tui_expect "the confirmation asks to release" "Release the hold on"
tui_keys y
tui_wait "Sign a new CRL now" >/dev/null
tui_keys y
tui_expect "released and a new CRL" "CRL number 02, 1 revoked"
if grep -q 'certificateHold' "$S/index.txt"; then not_ok "index.txt: alice valid again"
else ok "index.txt: alice valid again"; fi
run "$OPENSSL" crl -in "$S/crl.pem" -noout -text
n=$(grep -A1 'X509v3 CRL Number' "$TMP/out" | tail -1 | tr -d ' ')
if [ "$n" = 2 ]; then ok "the second CRL is number 2"; else not_ok "the second CRL is number 2 ($n)"; fi
grep_ok "... and still lists www with its reason" "Key Compromise" "$TMP/out"

# L signs a CRL alone: n backs out, y signs the next number, same entries.
cp "$S/crl.pem" "$TMP/crl-2.pem"
tui_keys Escape L
tui_expect "L offers a new CRL" "Sign a new CRL now"
tui_crl_declined "n: no new CRL" "no new CRL: nothing written" \
  "$S/crl.pem" "$TMP/crl-2.pem"
tui_crl_sign L
tui_expect "y: the third CRL" "CRL number 03, 1 revoked"
run "$OPENSSL" crl -in "$S/crl.pem" -noout -text -CAfile "$S/ca.crt"
n=$(grep -A1 'X509v3 CRL Number' "$TMP/out" | tail -1 | tr -d ' ')
if [ "$n" = 3 ]; then ok "openssl: CRL number 3"; else not_ok "openssl: CRL number 3 ($n)"; fi
grep_ok "openssl: its signature verifies" "verify OK" "$TMP/err"
grep_ok "... www still listed with its reason" "Key Compromise" "$TMP/out"
check "certtool --verify-crl accepts it" "$CERTTOOL" --verify-crl \
  --load-ca-certificate "$S/ca.crt" --infile "$S/crl.pem"

tui_keys Escape
tui_leave "q quits"
done_testing
