#!/bin/sh
# Inspect from the TUI, driven in tmux, on a store built with the command
# line: the viewer shows what certtool -i shows (subject, serial) and the
# SHA-256 fingerprint openssl computes; search with /, n and N; the file
# chooser opens files outside the store (an encrypted key asks its
# password, a wrong one is a message, an unknown file is a message); Esc
# leaves each dialog without a trace.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui/lib.sh"
need "$CERTTOOL" "$OPENSSL"

check "a store (init-ca)" "$CERTDECK" -d "$TMP/pki" init-ca --cn "Test CA"
check "a server certificate (issue)" "$CERTDECK" -d "$TMP/pki" issue www.example.com
crt="$TMP/pki/issued/www.example.com.crt"
mkdir -p "$TMP/outside/sub"
cat >"$TMP/outside.cfg" <<EOF
cn = "Outside Cert"
serial = 4242
expiration_days = 30
EOF
check "a key outside the store" "$CERTTOOL" --generate-privkey --key-type ecdsa \
  --outfile "$TMP/outside/ext.key"
check "a certificate outside the store" "$CERTTOOL" --generate-self-signed \
  --load-privkey "$TMP/outside/ext.key" --template "$TMP/outside.cfg" \
  --outfile "$TMP/outside/ext.crt"
echo "hello, not a certificate" >"$TMP/outside/junk.txt"
ln -s "$TMP/nowhere" "$TMP/outside/broken.crt"
check "a PKCS #12 file with a password outside the store" "$CERTTOOL" --to-p12 \
  --load-privkey "$TMP/outside/ext.key" --load-certificate "$TMP/outside/ext.crt" \
  --p12-name bundle --password secret --outder --outfile "$TMP/outside/bundle.p12"
echo secret >"$TMP/pw"
check "an encrypted key outside the store" "$CERTDECK" genkey --key-type ecdsa \
  --password-file "$TMP/pw" --outfile "$TMP/outside/sub/enc.key"
tui_store_state before

# What the judges say about the certificate.
"$CERTTOOL" -i --infile "$crt" >"$TMP/certtool.txt"
subject=$(sed -n 's/^[[:space:]]*Subject: //p' "$TMP/certtool.txt" | head -1)
serial=$(sed -n 's/^[[:space:]]*Serial Number (hex): //p' "$TMP/certtool.txt")
fp=$("$OPENSSL" x509 -in "$crt" -noout -fingerprint -sha256 | sed 's/.*=//' |
  tr 'A-F' 'a-f')
[ -n "$subject" ] && [ -n "$serial" ] && [ -n "$fp" ] &&
  ok "certtool and openssl describe it" || not_ok "certtool and openssl describe it"
"$CERTDECK" inspect "$crt" >"$TMP/inspect.txt"
lines=$(grep -in "key identifier" "$TMP/inspect.txt" | cut -d: -f1 | head -2)
first=$(echo "$lines" | sed -n 1p)
second=$(echo "$lines" | sed -n 2p)

tui_start 80 24 sh -c "cd '$TMP/outside' && exec '$CERTDECK' -d '$TMP/pki'"
tui_expect "the store opens" "F1 Help"
tui_expect "the hint bar offers inspect" "i Inspect"
tui_keys F1
tui_expect "the help lists inspect" "inspect the selection (as certtool -i shows it)"
tui_expect "the help lists open" "open a file (certificate, request, key, CRL, PKCS #12)"
tui_expect "the help lists verify" "verify the selection: trust, peer name, purpose"
tui_keys q
tui_expect "the help closes" "F1 Help"
tui_keys / w w w Enter i
tui_expect "i opens the viewer on the certificate" "X.509 Certificate Information"
tui_expect "the subject is certtool's" "Subject: $subject"
tui_expect "the serial is certtool's" "Serial Number (hex): $serial"
tui_expect "the viewer says where it is" "line 1/"

# Search: / finds, n moves to the next match, N back, not found said.
tui_keys / k e y Space i d e n t i f i e r Enter
tui_expect "/ finds the first match (line $first)" "/key identifier: line $first"
tui_keys n
tui_expect "n moves to the next match (line $second)" "/key identifier: line $second"
tui_keys N
tui_expect "N goes back (line $first)" "/key identifier: line $first"
tui_keys / z z z q q Enter
tui_expect "a search that finds nothing says so" "not found: zzzqq"
tui_keys / a b c
tui_expect "the search line shows what is typed" "/abc"
tui_keys Escape
tui_gone "Esc leaves the search line" "/abc"

# The SHA-256 fingerprint, whole: wrapped lines, found by search.
tui_keys w
tui_expect "w wraps long lines" "long lines wrap"
tui_keys / c e r t i f i c a t e Space f i n g e r p r i n t s Enter
tui_expect "the fingerprints are found" "/certificate fingerprints: line"
tui_screen | tr -d '\n' >"$TMP/joined"
grep_ok "the SHA-256 fingerprint is openssl's" "SHA-256: $fp" "$TMP/joined"
tui_keys End
tui_expect "End shows the last line" "+-----------------+"
tui_keys Home
tui_expect "Home shows the first line" "X.509 Certificate Information"
tui_resize 120 40
tui_expect "the viewer follows a resize" "X.509 Certificate Information"
tui_resize 80 24
tui_keys q
tui_expect "q closes the viewer" "F1 Help"

# Enter inspects too; a request and a key of the store.
tui_keys Enter
tui_expect "Enter inspects too" "X.509 Certificate Information"
tui_keys Escape
tui_expect "Esc closes the viewer" "F1 Help"
tui_keys End i
tui_expect "a key shows its public part" "Public Key Information"
tui_keys / p r i v a t e Space k e y - - Enter
tui_expect "and not its private part" "not found: private key--"
tui_keys q P
tui_expect "P asks before showing a private key" "Show the private key"
tui_keys n
tui_gone "n: nothing shown" "Show the private key"
tui_absent "n: no viewer" "line 1/"
tui_keys P y
tui_expect "y: the key in the viewer" "private/www.example.com.key"
tui_keys End
tui_expect "y: its private part is shown" "BEGIN EC PRIVATE KEY"
tui_keys q
tui_expect "the viewer closes" "F1 Help"
tui_keys Home i
tui_expect "back on the certificate" "X.509 Certificate Information"
tui_keys q

# The file chooser: outside the store, from the current directory.
tui_keys o
tui_expect "o opens the file chooser" "Open a file to inspect"
tui_expect "it starts in the current directory" "$TMP/outside"
tui_expect "it lists the files" "junk.txt"
tui_keys e x t . c
tui_expect "typing filters" "filter: ext.c"
tui_absent "the filter hides the others" "junk.txt"
tui_keys Enter
tui_expect "Enter picks the file and the viewer shows it" "Subject: CN=Outside Cert"
tui_keys q o j u n k Enter
tui_expect "an unknown file is a message" "Cannot inspect"
tui_keys Enter
tui_expect "the message closes" "F1 Help"
tui_keys o b r o k e n Enter
tui_expect "an unreadable file is a message" "Cannot inspect"
tui_expect "saying why" "broken.crt: cannot open"
tui_keys Enter
tui_expect "that message closes" "F1 Help"
tui_keys o b u n d l e Enter
tui_expect "a PKCS #12 file asks its password" "This file is encrypted. Its password"
tui_keys -l secret
tui_keys Enter
tui_expect "the PKCS #12 file is shown" "CN=Outside Cert"
tui_keys q
tui_expect "back again" "F1 Help"
tui_keys o s u b
tui_expect "a directory is listed" "sub/"
tui_keys Enter
tui_expect "Enter opens the directory" "enc.key"
tui_keys BSpace
tui_expect "Backspace goes up" "junk.txt"
tui_keys Escape
tui_gone "Esc leaves the file chooser" "Open a file"
tui_expect "back on the main screen" "F1 Help"

# An encrypted key: its password, hidden; a wrong one is a message.
tui_keys o s u b Enter Enter
tui_expect "an encrypted key asks its password" "This file is encrypted. Its password"
tui_keys -l wrong
tui_absent "the password is not shown" "wrong"
tui_keys Enter
tui_expect "a wrong password is said" "That password is wrong"
tui_keys Escape
tui_expect "Esc backs out of the password" "inspect: backed out"
tui_keys o s u b Enter Enter
tui_expect "asked again" "This file is encrypted. Its password"
tui_keys -l secret
tui_keys Enter
tui_expect "the right password shows the key" "Public Key Information"
tui_keys / p r i v a t e Space k e y - - Enter
tui_expect "without its private part" "not found: private key--"
tui_keys q
tui_expect "back to the main screen" "F1 Help"
tui_leave "inspect"

tui_store_state after
if cmp -s "$TMP/before" "$TMP/after"; then ok "inspecting wrote nothing in the store"
else not_ok "inspecting wrote nothing in the store"; diag "$(diff "$TMP/before" "$TMP/after")"; fi

if grep -rn 'gnutls_' "$top_srcdir/ui" >"$TMP/gnutls-in-ui"; then
  not_ok "ui/ calls no gnutls_* function"; diag "$(head -5 "$TMP/gnutls-in-ui")"
else ok "ui/ calls no gnutls_* function"; fi

done_testing
