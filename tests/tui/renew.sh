#!/bin/sh
# Renew from the TUI (n), driven in tmux, on stores built with the command
# line: Esc at each step writes nothing; renew (same key, new validity,
# the old one revoked as superseded), re-key (a new key, the old kept),
# re-issue (certtool's questions prefilled from the old certificate, then
# the sign wizard's review page: lint's error refuses, Esc writes nothing) and
# the CA renewed with its key, each judged by openssl and certtool; an
# encrypted CA key's password asked, a wrong one refused without a trace.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui/lib.sh"
need "$OPENSSL" "$CERTTOOL"

S="$TMP/pki"
serial_of() { "$OPENSSL" x509 -in "$1" -noout -serial | sed 's/^serial=//'; }
pub_of() { "$OPENSSL" x509 -noout -pubkey -in "$1"; }
same_state() { # DESC BEFORE AFTER
  if cmp -s "$TMP/$2" "$TMP/$3"; then ok "$1"; else not_ok "$1"; diag "$(diff "$TMP/$2" "$TMP/$3")"; fi
}
check "a store (init-ca)" "$CERTDECK" -d "$S" init-ca --cn "Renew CA"
check "a server certificate" "$CERTDECK" -d "$S" issue www.example.com --expiration-days 100
check "a client certificate" "$CERTDECK" -d "$S" issue alice --profile client
check "a request only" "$CERTDECK" request --new-key "$TMP/bob.key" --cn bob \
  --outfile "$S/reqs/bob.req"
www="$S/issued/www.example.com.crt"
cp "$www" "$TMP/www1.crt"
cp "$S/ca.crt" "$TMP/ca1.crt"
s1=$(serial_of "$www")
tui_store_state before

tui_start 80 24 "$CERTDECK" -d "$S"
tui_expect "the store opens" "F1 Help"

# n where there is nothing to renew
tui_keys / b o b Enter Home n
tui_expect "n on a request says what to select" "select an issued certificate, or the CA"

# Esc at each step: nothing written.
tui_keys Escape / w w w Enter Home n
tui_expect "n offers renew" "Renew: the same key, a new validity"
tui_expect "... re-key" "Re-key: a new key, the same subject and extensions"
tui_expect "... and re-issue" "Re-issue: edit subject and extensions"
tui_keys Escape
tui_expect "Esc at the choice: not renewed" "not renewed: nothing written"
tui_keys n
tui_wait "Renew: the same key" >/dev/null
tui_keys Enter
tui_expect "renew asks certtool's question, the old length proposed" "expire in (days)"
tui_expect "... 100 days" "100"
tui_keys Escape
tui_expect "Esc at the days: not renewed" "not renewed: nothing written"
tui_keys n
tui_wait "Renew: the same key" >/dev/null
tui_keys Enter
tui_wait "expire in (days)" >/dev/null
tui_keys Enter
tui_expect "it asks whether to revoke the old one as superseded" "as superseded"
tui_expect "... naming its serial" "$s1"
tui_keys Escape
tui_expect "Esc at the revocation question: not renewed" "not renewed: nothing written"
tui_keys n Down Down Enter
tui_expect "re-issue opens certtool's questions, prefilled" "Common name:  www.example.com"
tui_expect "... with the names" "www.example.com"
tui_keys Escape
tui_expect "Esc in the form: not renewed" "not renewed: nothing written"
tui_store_state after-esc
same_state "backing out wrote nothing" before after-esc

# Renew: 30 days, the old one superseded.
tui_keys n
tui_wait "Renew: the same key" >/dev/null
tui_keys Enter
tui_wait "expire in (days)" >/dev/null
tui_keys BSpace BSpace BSpace 3 0 Enter
tui_wait "as superseded" >/dev/null
tui_keys y
tui_expect "renew shows the certificate as it will be" "X.509 Certificate Information"
tui_expect "... naming the CA that will sign it" "Issuer: CN="
tui_expect "... and asks certtool's question" "Is the above information ok?"
shown=$(tui_screen | sed -n 's/.*Serial Number (hex): *\([0-9a-f]*\).*/\1/p' | head -1)
tui_keys End
tui_expect "... its lint findings: none" "  none"
tui_keys y
tui_expect "renewed, with the new serial" "renewed www.example.com: new serial"
s2=$(serial_of "$www")
[ -n "$shown" ] && [ "$(echo "$shown" | tr a-f A-F)" = "$s2" ] &&
  ok "the serial shown before is the one given ($shown)" ||
  not_ok "the serial shown before is the one given (shown '$shown', given $s2)"
[ "$s2" != "$s1" ] && ok "issued/www.example.com.crt has a new serial" ||
  not_ok "issued/www.example.com.crt has a new serial"
[ "$(pub_of "$www")" = "$(pub_of "$TMP/www1.crt")" ] && ok "... the same key (openssl)" ||
  not_ok "... the same key (openssl)"
check "... valid 29 days" "$OPENSSL" x509 -checkend $((29 * 86400)) -noout -in "$www"
check_exit "... not 31" 1 "$OPENSSL" x509 -checkend $((31 * 86400)) -noout -in "$www"
grep_ok "index.txt: the old one superseded" "^R	.*,superseded	$s1	" "$S/index.txt"
check "openssl verifies the renewed one" "$OPENSSL" verify -CAfile "$S/ca.crt" "$www"
check "certtool too" "$CERTTOOL" --verify --load-ca-certificate "$S/ca.crt" --infile "$www"

# Re-key alice, keeping the old one valid.
cp "$S/private/alice.key" "$TMP/alice1.key"
a1=$(serial_of "$S/issued/alice.crt")
tui_keys Escape / a l i c e Enter Home n
tui_wait "Renew: the same key" >/dev/null
tui_keys Down Enter
tui_expect "re-key asks the days too" "expire in (days)"
tui_keys BSpace BSpace BSpace 9 0 0 0 Enter
tui_wait "as superseded" >/dev/null
tui_keys n
tui_expect "re-key shows the certificate, its new key made" "X.509 Certificate Information"
tui_keys End
tui_expect "... and lint's warning: it outlives the CA" "warning: outlives-ca"
tui_keys y
tui_expect "re-keyed" "re-keyed alice: new serial"
a2=$(serial_of "$S/issued/alice.crt")
[ "$(pub_of "$S/issued/alice.crt")" != "$(pub_of "$TMP/www1.crt")" ] &&
  [ "$("$OPENSSL" pkey -pubout -in "$S/private/alice.key")" = "$(pub_of "$S/issued/alice.crt")" ] &&
  ok "a new key, in private/alice.key" || not_ok "a new key, in private/alice.key"
"$OPENSSL" pkey -pubout -in "$TMP/alice1.key" > "$TMP/alice1.pub"
[ "$(cat "$TMP/alice1.pub")" != "$(pub_of "$S/issued/alice.crt")" ] && ok "... not the old one" ||
  not_ok "... not the old one"
cmp -s "$TMP/alice1.key" "$S/renewed/private_by_serial/$a1.key" && ok "the old key is kept" ||
  not_ok "the old key is kept"
grep_ok "index.txt: the old one still valid (n)" "^V	.*	$a1	" "$S/index.txt"
check "openssl verifies the re-keyed one" "$OPENSSL" verify -CAfile "$S/ca.crt" "$S/issued/alice.crt"

# An older certificate of the same name is not the one renewed.
tui_keys Escape / a l i c e Enter Home
tui_expect "the older alice is listed first" "$a1"
tui_store_state before-old
tui_keys n
tui_expect "renewing an older certificate of the name is refused" "is no certificate's current one"
tui_store_state after-old
same_state "... and writes nothing" before-old after-old

# Re-issue www without its DNS name (the 15th field, cleared with C-u):
# the review page shows lint's error, and y is refused, nothing written.
tui_store_state before-nosan
tui_keys Escape / w w w Enter Home n Down Down Enter
tui_wait "Common name:  www.example.com" >/dev/null
tui_keys Down Down Down Down Down Down Down Down Down Down Down Down Down Down C-u
tui_gone "the DNS name is cleared in the form" "subject of the certificate:  www.example.com"
tui_keys F10
tui_wait "as superseded" >/dev/null
tui_keys n
tui_expect "the review shows the certificate as it will be" "X.509 Certificate Information"
tui_expect "... with certtool's question" "Is the above information ok?"
tui_keys End
tui_expect "the review shows lint's error" "error: server-no-san"
tui_expect "... the certtool command" "certtool --generate-certificate --load-pubkey"
tui_keys y
tui_expect "signing is refused, with the reason" "lint refuses to sign www.example.com"
tui_keys Enter
tui_expect "the refusal stays on the message line" "lint refuses to sign www.example.com"
tui_store_state after-nosan
same_state "the refusal wrote nothing" before-nosan after-nosan

# Esc on the review page writes nothing.
tui_keys n Down Down Enter
tui_wait "Common name:  www.example.com" >/dev/null
tui_keys F10
tui_wait "as superseded" >/dev/null
tui_keys y
tui_expect "the review page follows the revocation question" "Is the above information ok?"
tui_keys Escape
tui_expect "Esc on the review: not renewed" "not renewed: nothing written"
tui_store_state after-review-esc
same_state "... and nothing written" before-nosan after-review-esc

# Re-issue www: the form prefilled, finished as it is (F10), reviewed.
tui_keys n Down Down Enter
tui_wait "Common name:  www.example.com" >/dev/null
tui_keys F10
tui_expect "the revocation question follows the form" "as superseded"
tui_keys y
tui_expect "the review of the clean re-issue" "X.509 Certificate Information"
tui_keys End
tui_expect "... its lint findings: none" "  none"
tui_expect "... its template" "dns_name = \"www.example.com\""
tui_keys y
tui_expect "re-issued" "re-issued www.example.com: new serial"
s3=$(serial_of "$www")
[ "$(pub_of "$www")" = "$(pub_of "$TMP/www1.crt")" ] && ok "re-issue: the same key" ||
  not_ok "re-issue: the same key"
"$OPENSSL" x509 -noout -subject -ext subjectAltName,extendedKeyUsage -in "$TMP/www1.crt" > "$TMP/x1"
"$OPENSSL" x509 -noout -subject -ext subjectAltName,extendedKeyUsage -in "$www" > "$TMP/x3"
cmp -s "$TMP/x1" "$TMP/x3" && ok "re-issue: the same subject, names and purposes" ||
  { not_ok "re-issue: the same subject, names and purposes"; diag "$(diff "$TMP/x1" "$TMP/x3")"; }
grep_ok "index.txt: the renewed one superseded" "^R	.*,superseded	$s2	" "$S/index.txt"
check "certtool verifies the re-issued one" "$CERTTOOL" --verify --load-ca-certificate "$S/ca.crt" --infile "$www"

# A revoked certificate: only a new key replaces it, and it is not asked
# whether to revoke it again.
check "carol, issued" "$CERTDECK" -d "$S" issue carol --profile client
check "... and revoked" "$CERTDECK" -d "$S" revoke carol --reason keyCompromise
k1=$(serial_of "$S/issued/carol.crt")
tui_keys Escape R
tui_wait "carol" >/dev/null
tui_keys / c a r o l Enter End n
tui_expect "n on a revoked certificate: straight to re-key's days" "expire in (days)"
tui_absent "... no choice of renewal" "Renew: the same key"
tui_keys Enter
tui_expect "... then the review, its new key made" "Is the above information ok?"
tui_absent "... without asking to revoke it again" "as superseded"
tui_keys y
tui_expect "re-keyed carol" "re-keyed carol: new serial"
grep_ok "index.txt: the old carol still revoked, as it was" "^R	.*,keyCompromise	$k1	" "$S/index.txt"
check "openssl verifies the new carol" "$OPENSSL" verify -CAfile "$S/ca.crt" "$S/issued/carol.crt"
check "a CRL for the revocations of this test" "$CERTDECK" -d "$S" crl

# The CA, with its key: every chain still verifies.
c1=$(serial_of "$S/ca.crt")
tui_keys Escape Home n
tui_expect "n on the CA renews it" "Renew the CA"
tui_keys Enter
tui_expect "the CA's renewal is reviewed too" "Is the above information ok?"
tui_keys y
tui_expect "the CA is renewed" "renewed ca: new serial"
cmp -s "$TMP/ca1.crt" "$S/renewed/ca/$c1.crt" && ok "the old ca.crt is kept" || not_ok "the old ca.crt is kept"
check "openssl: the first www certificate against the renewed CA" "$OPENSSL" verify -CAfile "$S/ca.crt" "$TMP/www1.crt"
check "certtool: the re-issued one against it" "$CERTTOOL" --verify --load-ca-certificate "$S/ca.crt" --infile "$www"
check "check finds the store sound" "$CERTDECK" -d "$S" check --days 0
tui_leave "q quits"

# An encrypted CA key: its password asked; a wrong one refused, nothing written.
E="$TMP/enc"
printf 'secret\n' > "$TMP/pw"
check "an encrypted CA" "$CERTDECK" -d "$E" init-ca --cn "Enc CA" --password-file "$TMP/pw"
check "a certificate" "$CERTDECK" -d "$E" issue web --password-file "$TMP/pw"
# renew_to_revocation: n, renew with the same key and the days proposed:
# whether to revoke the old one as superseded is asked next.
renew_to_revocation() {
  tui_keys n
  tui_wait "Renew: the same key" >/dev/null
  tui_keys Enter
  tui_wait "expire in (days)" >/dev/null
  tui_keys Enter
  tui_wait "as superseded" >/dev/null
}
# review_to_password: no revocation, the review accepted: the CA key's
# password is asked next.
review_to_password() {
  tui_keys n
  tui_wait "Is the above information ok?" >/dev/null
  tui_keys y
}
tui_store_state enc-before "$E"
tui_start 80 24 "$CERTDECK" -d "$E"
tui_expect "the encrypted store opens" "F1 Help"
tui_keys / w e b Enter Home
renew_to_revocation
review_to_password
tui_expect "the CA key's password is asked" "Enter the password of the CA key"
tui_keys -l wrong
tui_keys Enter
tui_expect "a wrong password is asked again" "That password is wrong"
tui_keys Escape
tui_store_state enc-after "$E"
same_state "... and nothing is written" enc-before enc-after
renew_to_revocation
review_to_password
tui_wait "Enter the password of the CA key" >/dev/null
tui_keys -l secret
tui_keys Enter
tui_expect "the right password renews" "renewed web: new serial"
check "openssl verifies it" "$OPENSSL" verify -CAfile "$E/ca.crt" "$E/issued/web.crt"
tui_leave "q quits"
done_testing
