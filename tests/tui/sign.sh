#!/bin/sh
# Signing requests from the TUI (s): the profile, the review screen with
# the request and the certificate side by side and a toggle per
# extension, the last page (certificate, lint, certtool command), Esc at
# each step writing nothing, lint refusing a server request without
# names, and the certificates judged by openssl and certtool.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui/lib.sh"
need openssl

S="$TMP/pki"
check "a store" "$CERTDECK" -d "$S" init-ca --cn "Sign CA" --key-type ecdsa
# Requests made by openssl (tests/data/signplan/README).
cp "$DATA/signplan/web.req" "$S/reqs/web.req"
cp "$DATA/signplan/web.req" "$S/reqs/nameless.req"
cp "$DATA/signplan/nosan.req" "$S/reqs/nosan.req"

# nothing_written DESC: issued/ is still empty and the index too.
nothing_written() {
  if [ -z "$(ls "$S/issued")" ] && [ ! -s "$S/index.txt" ]; then ok "$1"; else
    not_ok "$1"; diag "$(ls "$S/issued")"; fi
}

tui_start 80 24 "$CERTDECK" -d "$S"
tui_expect "the store opens with its requests" "nosan"
tui_absent "on the CA, the hint bar does not offer s" "s Sign"
tui_keys s
tui_expect "s on the CA refuses" "select a request"
tui_keys / n o s a n Enter
tui_expect "on a request, the hint bar offers s" "s Sign"
tui_keys Escape

tui_sign_pick web
tui_keys Escape
tui_expect "Esc at the profile backs out" "not signed: nothing written"
nothing_written "Esc at the profile writes nothing"

tui_sign_pick web
tui_keys Enter
tui_expect "the form asks certtool's questions" "Enter the certificate's serial number in decimal (123) or hex (0xabcd):"
tui_expect "with a random serial as certtool proposes it" "0x"
tui_expect "and the profile's days" "The certificate will expire in (days):  397"
tui_expect "and certtool's all-or-nothing question" "Do you want to honour all the extensions from the request? (y/N): n"
tui_keys Escape
tui_expect "Esc at the form backs out" "not signed: nothing written"
nothing_written "Esc at the form writes nothing"

tui_sign_pick web
tui_keys Enter
tui_expect "the form again" "The certificate will expire in (days)"
tui_keys F10
tui_expect "the review screen opens" "Sign reqs/web.req with profile server"
tui_expect "it shows the request column" "Request"
tui_expect "it shows the certificate column" "Certificate to be issued"
tui_expect "the SANs, honoured (the profile has none)" "[x] Subject alternative names"
tui_expect "the request's name on both sides" "DNSname: www.example.org"
tui_expect "the comment, dropped by default" "[ ] Netscape comment"
tui_expect "the basic constraints come from the profile" "(not in the request)"
tui_expect "origins are named" "computed"
tui_resize 200 60
tui_expect "a resize to 200x60 redraws the review" "Certificate to be issued"
tui_resize 80 24
tui_expect "and back to 80x24" "Space honour/drop"
tui_keys Escape
tui_expect "Esc at the review backs out" "not signed: nothing written"
nothing_written "Esc at the review writes nothing"

tui_sign_pick web
tui_keys Enter
tui_expect "the form" "The certificate will expire in (days)"
tui_keys Tab C-u
tui_keys -l 5000
tui_keys F10
tui_expect "days outliving the CA are warned about" "would outlive the CA by"
tui_keys Enter
tui_expect "the review again" "[ ] Netscape comment"
tui_keys Down Down Down
tui_keys Space
tui_expect "Space honours the comment" "[x] Netscape comment"
tui_keys v
tui_expect "v shows the extension whole" "Press any key"
tui_keys Escape
tui_keys Enter
tui_expect "the last page shows the certificate as certtool does" "X.509 Certificate Information"
tui_expect "... naming the CA that will sign it" "Issuer: CN="
tui_expect "and asks certtool's question" "Is the above information ok? (y/N)"
tui_keys End
tui_expect "the page gives the certtool command" "certtool --generate-certificate --load-request"
tui_expect "and the template, honouring the two extensions" 'honor_crq_ext = "2.16.840.1.113730.1.13"'
tui_expect "lint warns that it outlives the CA" "warning: outlives-ca"
tui_keys Escape
tui_expect "Esc at the last page backs out" "not signed: nothing written"
nothing_written "Esc at the last page writes nothing"

tui_sign_pick web
tui_keys Enter
tui_expect "the form" "The certificate will expire in (days)"
tui_keys F10
tui_expect "the review once more" "[ ] Netscape comment"
tui_keys Down Down Down Space
tui_expect "honour the comment" "[x] Netscape comment"
tui_keys Enter
tui_expect "the last page" "Is the above information ok?"
tui_keys y
tui_expect "y signs" "signed web: serial"
tui_expect "the new certificate is selected, its details shown" "Status       valid"
check "openssl verify -CAfile ca.crt issued/web.crt" \
  "$OPENSSL" verify -CAfile "$S/ca.crt" "$S/issued/web.crt"
"$OPENSSL" x509 -in "$S/issued/web.crt" -noout -text >"$TMP/web.txt" 2>&1
grep_ok "the honoured comment is in the certificate" "Netscape Comment" "$TMP/web.txt"
grep_ok "the honoured names too" "DNS:www.example.org, IP Address:127.0.0.1" "$TMP/web.txt"

# s again on web's request: refused at once, before any question.
tui_keys / C-u
tui_keys -l web
tui_keys Enter
tui_keys Home
tui_wait "filter: web" >/dev/null
tui_keys Down s
tui_expect "a request signed already is refused at once" "web is signed already (issued/web.crt)"
tui_absent "... without asking the profile" "The profile to sign with"

# Dropping the request's names (honoured by default) drops them, with the
# client profile (lint does not insist on names there). First, web's
# serial in the form: refused beside the field, and the form stays.
websn=$("$OPENSSL" x509 -in "$S/issued/web.crt" -noout -serial | sed 's/serial=//')
tui_sign_pick nameless
tui_keys C-u
tui_keys -l client
tui_keys Enter
tui_expect "the form" "The certificate will expire in (days)"
tui_keys C-u
tui_keys -l "0x$websn"
tui_keys F10
tui_expect "a serial in use is refused in the form" "serial $websn is already used in this store"
tui_expect "... which stays" "The certificate will expire in (days)"
tui_keys C-u
tui_keys F10
tui_expect "the client profile" "with profile client"
tui_expect "names honoured by default" "[x] Subject alternative names"
tui_keys Space
tui_expect "Space drops them" "[ ] Subject alternative names"
tui_expect "... and the certificate column says so" "(not in the certificate)"
tui_keys Enter
tui_expect "the last page" "Is the above information ok?"
tui_keys y
tui_expect "signed" "signed nameless: serial"
check "openssl verifies the client certificate" \
  "$OPENSSL" verify -CAfile "$S/ca.crt" -purpose sslclient "$S/issued/nameless.crt"
"$OPENSSL" x509 -in "$S/issued/nameless.crt" -noout -text >"$TMP/nameless.txt" 2>&1
grep_not "the dropped names are not in the certificate" "Subject Alternative Name" "$TMP/nameless.txt"
grep_not "nor the comment" "Netscape Comment" "$TMP/nameless.txt"
if [ -n "$CERTTOOL" ]; then
  "$CERTTOOL" -i --infile "$S/issued/nameless.crt" >"$TMP/ct.txt" 2>&1
  grep_ok "certtool reads it: a TLS client certificate" "TLS WWW Client" "$TMP/ct.txt"
else skip "certtool not installed"; fi

# A server request without names: lint refuses, nothing is written.
tui_sign_pick nosan
tui_keys Enter
tui_expect "the form" "The certificate will expire in (days)"
tui_keys F10
tui_expect "the review of nosan" "Sign reqs/nosan.req"
tui_keys Enter
tui_keys End
tui_expect "the last page shows the lint error" "error: server-no-san"
tui_keys y
tui_expect "signing is refused, with the reason" "lint refuses to sign nosan"
tui_keys Enter
tui_expect "the refusal stays on the message line" "lint refuses to sign nosan: a TLS server"
if [ ! -e "$S/issued/nosan.crt" ] && [ "$(wc -l <"$S/index.txt")" -eq 2 ]; then
  ok "the refusal writes nothing"
else not_ok "the refusal writes nothing"; fi
tui_keys q
tui_wait_exit 10 && ok "q quits" || not_ok "q quits"
cp "$TMP/tui.err" "$TMP/err"
no_sanitizer_report "no sanitizer report"

# A CA key with a password: asked before signing; a wrong one refuses.
E="$TMP/enc"
printf 'ca-secret\n' >"$TMP/pw"
check "a store with an encrypted CA key" "$CERTDECK" -d "$E" init-ca \
  --cn "Locked CA" --key-type ecdsa --password-file "$TMP/pw"
cp "$DATA/signplan/web.req" "$E/reqs/web.req"
tui_start 80 24 "$CERTDECK" -d "$E"
tui_expect "the store opens" "Locked CA"
S=$E
tui_sign_defaults web
tui_expect "the CA key's password is asked" "Enter the password of the CA key:"
for _ in 1 2 3; do
  tui_keys -l wrong
  tui_keys Enter
  sleep 0.3
done
tui_expect "three wrong passwords: said, no fourth try" "The password was wrong three times: nothing was done."
tui_keys Enter
tui_expect "... not signed" "not signed: nothing written"
tui_sign_defaults web
tui_expect "the password asked afresh" "Enter the password of the CA key:"
tui_keys -l wrong
tui_keys Enter
tui_expect "a wrong password is asked again, the answers kept" "That password is wrong. Enter the password of the CA key:"
[ ! -e "$E/issued/web.crt" ] && ok "a wrong password writes nothing" ||
  not_ok "a wrong password writes nothing"
tui_keys -l ca-secret
tui_keys Enter
tui_expect "the right one signs" "signed web: serial"
check "openssl verifies it" "$OPENSSL" verify -CAfile "$E/ca.crt" "$E/issued/web.crt"
tui_keys q
tui_wait_exit 10 && ok "q quits" || not_ok "q quits"
cp "$TMP/tui.err" "$TMP/err"
no_sanitizer_report "no sanitizer report"

done_testing
