#!/bin/sh
# Making requests from the TUI (r): the name, the key (new behind a
# spinner, or the store's), certtool --generate-request's questions, the
# last page (the request as certtool --crq-info prints it, lint, certtool
# commands and template), Esc at each step writing nothing; the request
# judged by openssl and certtool, then signed through the sign wizard and
# verified with openssl.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui/lib.sh"
need openssl

S="$TMP/pki"
check "a store" "$CERTDECK" -d "$S" init-ca --cn "Request CA" --key-type ecdsa

nothing_written() {
  if [ -z "$(ls "$S/reqs")" ] && [ "$(ls "$S/private")" = ca.key ]; then ok "$1"; else
    not_ok "$1"; diag "$(ls "$S/reqs" "$S/private")"; fi
}

# start_request NAME KEYS...: r, the name, the key (KEYS move in the list
# of keys from RSA 3072), up to the form.
start_request() {
  local name=$1
  shift
  tui_keys r
  tui_expect "r asks for the name" "The request's name (reqs/NAME.req):"
  tui_keys -l "$name"
  tui_keys Enter
  tui_expect "then for the key" "The request's key:"
  tui_expect "a key of the store is offered" "A key of the store"
  [ $# -gt 0 ] && tui_keys "$@"
  tui_keys Enter
  tui_expect "then certtool's questions" "Country name (2 chars):"
}

# fill_form: the DN, two dnsNames, an IP, a challenge password, and a TLS
# web server (the field order of an EC key's form).
fill_form() {
  tui_keys -l FR; tui_keys Tab Tab Tab
  tui_keys -l Example; tui_keys Tab Tab
  tui_keys -l srv.example.org; tui_keys Tab Tab Tab
  tui_keys -l srv.example.org; tui_keys Tab
  tui_keys -l www.srv.example.org; tui_keys Tab Tab Tab
  tui_keys -l 127.0.0.1; tui_keys Tab Tab Tab
  tui_keys -l s3cret; tui_keys Tab
  tui_keys Tab Tab Tab Tab Tab Tab Tab Tab
  tui_keys y
  tui_expect "the TLS web server toggle is on" "Is this a TLS web server certificate? (y/N): y"
  tui_absent "the challenge password is not echoed" "s3cret"
}

tui_start 80 24 "$CERTDECK" -d "$S"
tui_expect "the store opens" "Request CA"
tui_expect "the hint bar offers r" "r Request"

tui_keys r
tui_expect "r asks for the name" "The request's name"
# The dialog's title on its rule, a space on each side.
if tui_screen | grep -Eq '(─|q) New request (─|q)'; then
  ok "the dialog's title stands apart from its rule"
else not_ok "the dialog's title stands apart from its rule"; diag "$(cat "$TMP/screen")"; fi
tui_keys Escape
tui_expect "Esc at the name backs out" "no request made: nothing written"
nothing_written "Esc at the name writes nothing"

tui_keys r
tui_expect "r again" "The request's name"
tui_keys -l "bad name"
tui_keys Enter
tui_expect "a bad name is refused beside the field" "bad name"
tui_keys Escape
nothing_written "and nothing is written"

tui_keys r
tui_expect "r again" "The request's name"
tui_keys -l srv
tui_keys Enter
tui_expect "the key list" "The request's key:"
tui_keys End Enter
tui_expect "a key of the store: its name" "The name of the store's key"
tui_keys -l ca
tui_keys Enter
tui_expect "the CA's key is refused, saying what is expected" "not the CA's"
tui_keys Escape
tui_expect "Esc at the key backs out" "no request made: nothing written"
nothing_written "Esc at the key writes nothing"

start_request srv Down Down
tui_expect "the title names the request and its key" "New request reqs/srv.req (ECDSA"
tui_absent "no e-mail field: certtool does not ask it for requests" "E-mail:"
tui_expect "the challenge password is asked" "Enter a challenge password:"
tui_keys Escape
tui_expect "Esc at the form backs out" "no request made: nothing written"
nothing_written "Esc at the form writes nothing (no key either)"

start_request srv Down Down
fill_form
tui_keys F10
tui_expect "the last page shows the request as certtool --crq-info" "PKCS #10 Certificate Request Information"
tui_expect "with the challenge password" "Challenge password: s3cret"
tui_expect "and the names" "Subject Alternative Name"
tui_keys End
tui_expect "the lint findings" "Lint findings:"
tui_expect "the certtool commands" "certtool --generate-request --load-privkey private/srv.key"
tui_expect "the template" 'dns_name = "www.srv.example.org"'
tui_absent "the template keeps the challenge password out" 'challenge_password'
tui_keys Escape
tui_expect "Esc at the last page backs out" "no request made: nothing written"
nothing_written "Esc at the last page writes nothing"

start_request srv Down Down
fill_form
tui_keys F10
tui_expect "the last page" "Is the above information ok? (y/N)"
tui_keys y
tui_expect "y writes the request and its key" "new request reqs/srv.req and key private/srv.key"
check "openssl req -verify checks its signature" \
  "$OPENSSL" req -verify -noout -in "$S/reqs/srv.req"
"$OPENSSL" req -in "$S/reqs/srv.req" -noout -text >"$TMP/req.txt" 2>&1
grep_ok "openssl sees the names" "DNS:srv.example.org, DNS:www.srv.example.org, IP Address:127.0.0.1" "$TMP/req.txt"
grep_ok "and the subject" "C *= *FR, O *= *Example, CN *= *srv.example.org" "$TMP/req.txt"
grep_ok "and the challenge password" "challengePassword *:s3cret" "$TMP/req.txt"
if [ -n "$CERTTOOL" ]; then
  "$CERTTOOL" --crq-info --infile "$S/reqs/srv.req" >"$TMP/crq.txt" 2>&1
  grep_ok "certtool --crq-info: the self-signature verifies" "Self signature: verified" "$TMP/crq.txt"
  grep_ok "certtool --crq-info: a TLS web server" "TLS WWW Server" "$TMP/crq.txt"
else skip "certtool not installed"; skip "certtool not installed"; fi
[ "$(stat -c %a "$S/private/srv.key")" = 600 ] && ok "private/srv.key is 0600" ||
  not_ok "private/srv.key is 0600"
k=$("$OPENSSL" pkey -in "$S/private/srv.key" -pubout 2>/dev/null)
r=$("$OPENSSL" req -in "$S/reqs/srv.req" -noout -pubkey 2>/dev/null)
[ -n "$k" ] && [ "$k" = "$r" ] && ok "the request is for the new key" ||
  not_ok "the request is for the new key"

# The store's key for a second request: no new key file.
tui_keys r
tui_expect "r" "The request's name"
tui_keys -l other
tui_keys Enter
tui_expect "the key list" "The request's key:"
tui_keys End Enter
tui_expect "the store key's name" "The name of the store's key"
tui_keys -l srv
tui_keys Enter
tui_expect "the store's key is used" "New request reqs/other.req (ECDSA"
tui_keys -l FR; tui_keys Tab Tab Tab Tab Tab
tui_keys -l other.example.org
tui_keys F10
tui_expect "the last page" "Is the above information ok? (y/N)"
tui_keys End
tui_expect "no key generated in the commands" "certtool --generate-request --load-privkey private/srv.key"
tui_keys y
tui_expect "y writes the request alone" "new request reqs/other.req"
[ ! -e "$S/private/other.key" ] && ok "no private/other.key" || not_ok "no private/other.key"
r2=$("$OPENSSL" req -in "$S/reqs/other.req" -noout -pubkey 2>/dev/null)
[ "$r2" = "$k" ] && ok "other is for the store's key srv" || not_ok "other is for the store's key srv"

# A name whose key is in the store: a new key is refused at the key list,
# not after the form; the name ca (the store's own CA) at once.
tui_keys r
tui_wait "The request's name" >/dev/null
tui_keys -l ca
tui_keys Enter
tui_expect "the name ca is refused at once" "'ca' is the name of the store's own CA"
tui_keys C-u
tui_keys -l srv2
tui_keys Escape
tui_wait "F1 Help" >/dev/null
mv "$S/reqs/srv.req" "$TMP/srv.req.kept"
tui_keys r
tui_wait "The request's name" >/dev/null
tui_keys -l srv
tui_keys Enter
tui_wait "The request's key:" >/dev/null
tui_keys Enter
tui_expect "a new key over the store's srv.key is refused at once" "the store has a key of this name already"
tui_keys Enter
tui_expect "... and the key list comes back" "The request's key:"
tui_keys Escape
tui_wait "F1 Help" >/dev/null
mv "$TMP/srv.req.kept" "$S/reqs/srv.req"

# An RSA key: generated behind the spinner, and certtool's RSA questions.
start_request rsa Up
tui_expect "RSA keys are asked about signing" "Will the certificate be used for signing (DHE ciphersuites)? (Y/n): y"
# F2 never writes over the store's own files, and asks before replacing
# another file.
cp "$S/index.txt" "$TMP/index-before"
tui_keys F2
tui_wait "certtool template file to write" >/dev/null
tui_keys C-u
tui_keys -l "$S/index.txt"
tui_keys Enter
tui_expect "F2 over the store's index.txt is refused" "index.txt: a file of the store,"
tui_expect "... saying where a template goes" "templates/NAME.cfg for a profile"
tui_keys Enter
cmp -s "$S/index.txt" "$TMP/index-before" && ok "... index.txt is untouched" || not_ok "... index.txt is untouched"
tui_keys F2
tui_wait "certtool template file to write" >/dev/null
tui_keys C-u
tui_keys -l "$TMP/rsa.cfg"
tui_keys Enter
tui_expect "F2 writes a new file" "template written to $TMP/rsa.cfg"
tui_keys F2
tui_wait "certtool template file to write" >/dev/null
tui_keys C-u
tui_keys -l "$TMP/rsa.cfg"
tui_keys Enter
tui_expect "F2 over an existing file asks first" "The file exists. Replace it?"
tui_keys n
tui_expect "... no: not saved" "template not saved"
tui_keys F2
tui_wait "certtool template file to write" >/dev/null
tui_keys C-u
tui_keys -l "$TMP/rsa.cfg"
tui_keys Enter
tui_wait "The file exists. Replace it?" >/dev/null
tui_keys y
tui_expect "... yes: replaced" "template written to $TMP/rsa.cfg"
tui_keys Escape
tui_expect "backed out" "no request made: nothing written"
[ ! -e "$S/private/rsa.key" ] && ok "the RSA key backed out of is not written" ||
  not_ok "the RSA key backed out of is not written"

# Sign the new request through the sign wizard; openssl verifies it.
tui_sign_pick srv
tui_keys Enter
tui_expect "the sign form" "The certificate will expire in (days)"
tui_keys F10
tui_expect "the review shows the request's names" "DNSname: www.srv.example.org"
tui_keys Enter
tui_expect "the last page" "Is the above information ok?"
tui_keys y
tui_expect "signed" "signed srv: serial"
check "openssl verify -CAfile ca.crt issued/srv.crt" \
  "$OPENSSL" verify -CAfile "$S/ca.crt" -purpose sslserver "$S/issued/srv.crt"
tui_keys q
tui_wait_exit 10 && ok "q quits" || not_ok "q quits"
cp "$TMP/tui.err" "$TMP/err"
no_sanitizer_report "no sanitizer report"

done_testing
