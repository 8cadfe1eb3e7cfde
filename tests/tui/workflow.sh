#!/bin/sh
# The whole CA workflow in one session, as a new user would do it, in
# 80x24 and with nothing but keys: the CA offered on an empty store and
# made through the wizard (ECDSA, with a password), a server request (a
# host name, its dnsName and an IP address) and a client request (a
# person, with an e-mail address), both signed (server and client
# profiles), the server certificate inspected and searched, then verified
# for its name (verified) and a wrong one (not, with the hint), and q.
# The forms are walked with Enter, as their hint bar says. Then the store
# is judged outside the TUI: certtool -i and openssl x509 on each
# certificate, openssl verify (purposes, host name, e-mail), certdeck
# check, and a TLS handshake between openssl s_server with the server
# certificate and openssl s_client with the client certificate.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui/lib.sh"
need "$CERTTOOL" "$OPENSSL"

S="$TMP/pki"
HOST=www.example.org

# state: the screen and the cursor, to see that a key was taken.
state() {
  tm capture-pane -p -t tui 2>/dev/null
  tm display-message -p -t tui '#{cursor_x},#{cursor_y}' 2>/dev/null
}

# enter_until DESC TEXT MAX: press Enter, one field at a time (each press
# waits up to a second for the screen or the cursor to move: a toggle may
# move neither), until TEXT shows; at most MAX presses.
enter_until() {
  local desc=$1 text=$2 max=$3 n=0 before end
  while [ "$n" -lt "$max" ]; do
    before=$(state)
    tui_keys Enter
    n=$((n + 1))
    end=$(( $(tui_now) + 100 ))
    while [ "$(state)" = "$before" ] && [ "$(tui_now)" -lt "$end" ]; do
      sleep 0.05
    done
    if tui_wait "$text" 0; then ok "$desc ($n x Enter)"; return; fi
  done
  not_ok "$desc"; diag "'$text' not on the screen after $max x Enter:"
  diag "$(cat "$TMP/screen")"
}

# fails DESC CMD...: ok when CMD exits with a failure.
fails() {
  local desc=$1; shift
  run "$@"
  if [ "$rc" != 0 ]; then ok "$desc"; else not_ok "$desc"; diag "command: $*"; fi
}

# password WHAT: the CA key's password, asked by a dialog.
password() {
  tui_expect "$1" "$2"
  tui_keys -l capass
  tui_keys Enter
}

tui_start 80 24 "$CERTDECK" -d "$S"

# 1. The CA.
tui_expect "an empty store: a CA is offered" "There is no CA in $S yet"
tui_keys Enter
tui_expect "a root or an intermediate CA" "Which CA:"
tui_keys Enter
tui_expect "the CA's key: the list of types" "Key type and size:"
tui_keys Down Down Enter
password "ECDSA P-256: its password" "Password for the CA key"
password "asked twice" "Enter the password again:"
tui_expect "certtool's questions" "Country name (2 chars):"
tui_keys -l FR
tui_keys Tab Tab Tab
tui_keys -l "Example Org"
tui_keys Down Down
tui_keys -l "Example Root CA"
tui_expect "the organisation as typed" "Organization name:  Example Org"
tui_expect "the common name as typed" "Common name:  Example Root CA"
tui_expect "a CA, as certtool answers it" "Does the certificate belong to an authority? (y/N): y"
enter_until "Enter through the fields to the last page" "Is the above information ok? (y/N)" 40
tui_expect "the CA as certtool prints it" "Subject: CN=Example Root CA,O=Example Org,C=FR"
tui_keys y
tui_expect "y: the CA is created" "the CA is created in $S"
tui_expect "the main screen shows it" "Subject      CN=Example Root CA,"
tui_expect "its subject whole, wrapped between its parts" "O=Example Org,C=FR"
tui_expect "an ECDSA key" "Key          ECDSA SECP256R1"
tui_keys Home
tui_expect "on the CA, the hint bar offers r" "r Request"

# 2. A server request: its host name, dnsName and IP address.
tui_keys r
tui_expect "r asks the request's name" "The request's name (reqs/NAME.req):"
tui_keys -l www
tui_keys Enter
tui_expect "then its key" "A key of the store (private/NAME.key)"
tui_keys Down Down Enter
tui_expect "an ECDSA key, and certtool's questions" "New request reqs/www.req (ECDSA"
tui_keys -l FR
tui_keys Tab Tab Tab
tui_keys -l "Example Org"
tui_keys Tab Tab
tui_keys -l "$HOST"
tui_keys Tab Tab Tab
tui_keys -l "$HOST"
tui_keys Tab Tab Tab
tui_keys -l 127.0.0.1
tui_expect "the dnsName" "Enter a dnsName of the subject of the certificate:  $HOST"
tui_expect "the IP address" "Enter the IP address of the subject of the certificate:  127.0.0.1"
tui_keys Tab Tab Tab Tab Tab Tab Tab Tab Tab Tab Tab Tab Tab
tui_keys y
tui_expect "a TLS web server" "Is this a TLS web server certificate? (y/N): y"
enter_until "Enter to the last page" "Is the above information ok? (y/N)" 30
tui_expect "the request as certtool --crq-info prints it" "PKCS #10 Certificate Request Information"
tui_expect "with the host name" "DNSname: $HOST"
tui_keys y
tui_expect "y writes the request and its key" "new request reqs/www.req and key private/www.key"
tui_expect "the details show the request's names" "Names        DNS: $HOST"
tui_expect "its IP address" "IP: 127.0.0.1"
tui_expect "its self-signature, the label whole" "Signature    self-signature verifies"

# ... and a client request for a person.
tui_keys r
tui_expect "r again" "The request's name (reqs/NAME.req):"
tui_keys -l alice
tui_keys Enter
tui_expect "its key" "A key of the store (private/NAME.key)"
tui_keys Down Down Enter
tui_expect "the form for alice" "New request reqs/alice.req (ECDSA"
tui_keys -l FR
tui_keys Tab Tab Tab
tui_keys -l "Example Org"
tui_keys Tab Tab
tui_keys -l "Alice Martin"
tui_keys Tab Tab Tab Tab Tab Tab
tui_keys -l alice@example.org
tui_expect "her e-mail address" "Enter the e-mail of the subject of the certificate:  alice@example.org"
tui_keys Tab Tab Tab Tab Tab Tab Tab Tab Tab
tui_keys y
tui_expect "a TLS web client" "Is this a TLS web client certificate? (y/N): y"
enter_until "Enter to the last page" "Is the above information ok? (y/N)" 30
tui_expect "the request's subject" "Subject: CN=Alice Martin,O=Example Org,C=FR"
tui_keys y
tui_expect "y writes alice's request and key" "new request reqs/alice.req and key private/alice.key"
tui_expect "the details show her address" "Names        email: alice@example.org"

# 3. Sign both: the server request with the server profile ...
tui_keys Down
tui_expect "Down selects the server request" "Purposes     TLS web server"
tui_keys s
tui_expect "s asks the profile, server by default" "The profile to sign with"
tui_expect "the question on one line" "The profile to sign with (server, client, ca or a template):"
tui_keys Enter
tui_expect "the sign form" "Sign reqs/www.req with profile server"
enter_until "Enter to the review" "Space honour/drop" 30
tui_expect "the request's names are honoured" "[x] Subject alternative names"
tui_expect "the host name" "DNSname: $HOST"
tui_expect "the IP address" "IPAddress: 127.0.0.1"
tui_expect "the server usage from the profile" "TLS WWW Server."
tui_keys Enter
tui_expect "the last page" "Is the above information ok? (y/N)"
tui_keys y
password "the CA key's password is asked" "Enter the password of the CA key:"
tui_expect "signed" "signed www: serial"
tui_expect "the certificate is selected" "Status       valid"

# ... and the client request with the client profile.
tui_keys Down
tui_expect "Down selects alice's request" "Purposes     TLS web client"
tui_keys s
tui_expect "the profile again" "The profile to sign with"
tui_keys C-u
tui_keys -l client
tui_keys Enter
tui_expect "the sign form, client profile" "Sign reqs/alice.req with profile client"
enter_until "Enter to the review" "Space honour/drop" 30
tui_expect "her address honoured" "RFC822Name: alice@example.org"
tui_expect "the client usage from the profile" "TLS WWW Client."
tui_keys Enter
tui_expect "the last page" "Is the above information ok? (y/N)"
tui_keys y
password "the password again" "Enter the password of the CA key:"
tui_expect "signed" "signed alice: serial"
tui_expect "two certificates" "2 issued"

# 4. Inspect the server certificate and search in it. The issued ones
# are in the order of their (random) serials: / filters down to www.
tui_keys /
tui_keys -l www
tui_keys Enter
tui_expect "/ filters the list" "filter: www"
tui_expect "the server certificate is selected" "Names        DNS: $HOST"
tui_expect "a certificate" "Status       valid"
tui_keys i
tui_expect "i: the certificate as certtool -i shows it" "X.509 Certificate Information:"
tui_expect "its issuer" "Issuer: CN=Example Root CA,O=Example Org,C=FR"
tui_expect "its subject" "Subject: CN=$HOST,O=Example Org,C=FR"
"$CERTDECK" inspect "$S/issued/www.crt" >"$TMP/inspect.txt"
eku=$(grep -n "TLS WWW Server" "$TMP/inspect.txt" | cut -d: -f1 | head -1)
ip=$(grep -n "IPAddress: 127.0.0.1" "$TMP/inspect.txt" | cut -d: -f1 | head -1)
tui_keys /
tui_keys -l "TLS WWW Server"
tui_keys Enter
tui_expect "/ finds the server usage (line $eku)" "/TLS WWW Server: line $eku"
tui_keys /
tui_keys -l "IPAddress"
tui_keys Enter
tui_expect "/ finds the IP address (line $ip)" "/IPAddress: line $ip"
tui_keys n
tui_expect "n: there is only that one" "/IPAddress: line $ip (went round the end)"
tui_keys q
tui_expect "q closes the viewer" "F1 Help"

# 5. Verify it for its name (verified) and a wrong one (not, with the hint).
tui_keys v
tui_expect "v: the verify form" "Verify www"
tui_expect "against the store's CA" "the store's CA (ca.crt)"
tui_keys Down Enter
tui_expect "the peer name is asked" "DNS name or IP address the certificate"
tui_keys -l "$HOST"
tui_keys Enter
tui_expect "the peer name" "Peer name    $HOST"
tui_keys Down Enter
tui_expect "the purpose: TLS server" "Purpose      TLS server"
tui_keys v
tui_expect "verified" "VERIFIED. The certificate is trusted."
tui_expect "for its name" "Peer name:   $HOST"
tui_expect "the leaf" "[1] leaf: CN=$HOST,O=Example Org,C=FR"
tui_expect "the root" "[2] root (trusted): CN=Example Root CA,O=Example Org,C=FR"
tui_keys q
tui_expect "q: back to the form" "[ Verify ]"
tui_keys Up Enter C-u
tui_keys -l wrong.example.org
tui_keys Enter
tui_expect "a wrong peer name" "Peer name    wrong.example.org"
tui_keys v
tui_expect "not verified" "NOT VERIFIED."
tui_expect "a name mismatch" "Reason (name-mismatch)"
tui_expect "the names it holds" "it holds: DNS $HOST, IP 127.0.0.1"
tui_expect "the hint" "Hint: connect with one of the names it holds"
tui_keys q
tui_expect "back to the form" "[ Verify ]"
tui_keys Escape
tui_expect "Esc: the main screen says how it went" "www: NOT verified"

# 6. Quit.
tui_keys q
if tui_wait_exit 10 && [ "$(cat "$TMP/tui.rc")" = 0 ]; then ok "q quits with status 0"
else not_ok "q quits with status 0"; diag "$(tui_screen)"; fi
cp "$TMP/tui.err" "$TMP/err"
no_sanitizer_report "no sanitizer report"

# The store, judged outside the TUI.
ca="$S/ca.crt"
www="$S/issued/www.crt"
alice="$S/issued/alice.crt"
check "certtool -i reads the CA" "$CERTTOOL" -i --infile "$ca"
grep_ok "the CA's subject" 'Subject: CN=Example Root CA,O=Example Org,C=FR' "$TMP/out"
grep_ok "a CA" 'Certificate Authority \(CA\): TRUE' "$TMP/out"
check "openssl x509 reads it" "$OPENSSL" x509 -noout -text -in "$ca"
grep_ok "an ECDSA P-256 key" 'prime256v1|P-256' "$TMP/out"
check "the CA key opens with its password" \
  "$OPENSSL" pkey -noout -passin pass:capass -in "$S/private/ca.key"
fails "and not without" "$OPENSSL" pkey -noout -passin pass:wrong -in "$S/private/ca.key"

check "certtool -i reads the server certificate" "$CERTTOOL" -i --infile "$www"
grep_ok "its subject" "Subject: CN=$HOST,O=Example Org,C=FR" "$TMP/out"
grep_ok "its issuer" 'Issuer: CN=Example Root CA,O=Example Org,C=FR' "$TMP/out"
grep_ok "its dnsName" "DNSname: $HOST" "$TMP/out"
grep_ok "its IP address" 'IPAddress: 127.0.0.1' "$TMP/out"
grep_ok "a TLS server" 'TLS WWW Server' "$TMP/out"
grep_not "not a TLS client" 'TLS WWW Client' "$TMP/out"
check "openssl x509 reads it" "$OPENSSL" x509 -noout -text -in "$www"
grep_ok "openssl: the subject" "Subject: C *= *FR, O *= *Example Org, CN *= *$HOST" "$TMP/out"
grep_ok "openssl: the names" "DNS:$HOST, IP Address:127.0.0.1" "$TMP/out"
grep_ok "openssl: TLS Web Server Authentication" 'TLS Web Server Authentication' "$TMP/out"

check "certtool -i reads the client certificate" "$CERTTOOL" -i --infile "$alice"
grep_ok "her subject" 'Subject: CN=Alice Martin,O=Example Org,C=FR' "$TMP/out"
grep_ok "her e-mail address" 'RFC822Name: alice@example.org' "$TMP/out"
grep_ok "a TLS client" 'TLS WWW Client' "$TMP/out"
grep_not "not a TLS server" 'TLS WWW Server' "$TMP/out"
check "openssl x509 reads it" "$OPENSSL" x509 -noout -text -in "$alice"
grep_ok "openssl: her address" 'email:alice@example.org' "$TMP/out"
grep_ok "openssl: TLS Web Client Authentication" 'TLS Web Client Authentication' "$TMP/out"

check "openssl verify: the server certificate, TLS server" \
  "$OPENSSL" verify -CAfile "$ca" -purpose sslserver "$www"
check "openssl verify: the client certificate, TLS client" \
  "$OPENSSL" verify -CAfile "$ca" -purpose sslclient "$alice"
fails "openssl verify: the server certificate is not for a TLS client" \
  "$OPENSSL" verify -CAfile "$ca" -purpose sslclient "$www"
check "openssl verify -verify_hostname $HOST" \
  "$OPENSSL" verify -CAfile "$ca" -verify_hostname "$HOST" "$www"
fails "openssl verify -verify_hostname wrong.example.org fails" \
  "$OPENSSL" verify -CAfile "$ca" -verify_hostname wrong.example.org "$www"
check "openssl verify -verify_ip 127.0.0.1" \
  "$OPENSSL" verify -CAfile "$ca" -verify_ip 127.0.0.1 "$www"
check "openssl verify -verify_email alice@example.org" \
  "$OPENSSL" verify -CAfile "$ca" -verify_email alice@example.org "$alice"
check "certdeck check: the store is consistent" "$CERTDECK" -d "$S" check
grep_ok "no problem" '0 problem' "$TMP/out"

# A TLS handshake: s_server with the server certificate and key, on a
# port the system picks (127.0.0.1:0, read back from its ACCEPT line),
# asking for a client certificate; s_client with the client certificate,
# checking the host name; then a wrong host name fails.
tls() {
  local end port pid
  command -v timeout >/dev/null 2>&1 || {
    skip "TLS handshake: no timeout command"; return; }
  timeout 60 "$OPENSSL" s_server -accept 127.0.0.1:0 -naccept 2 -www \
    -cert "$www" -key "$S/private/www.key" \
    -Verify 1 -verify_return_error -CAfile "$ca" \
    </dev/null >"$TMP/server.out" 2>&1 &
  pid=$!
  end=$(( $(tui_now) + 1000 ))
  port=
  while [ -z "$port" ] && [ "$(tui_now)" -lt "$end" ] && kill -0 "$pid" 2>/dev/null; do
    port=$(sed -n 's/^ACCEPT 127\.0\.0\.1:\([1-9][0-9]*\)$/\1/p' "$TMP/server.out")
    [ -n "$port" ] || sleep 0.05
  done
  if [ -z "$port" ]; then
    skip "TLS handshake: s_server could not listen on 127.0.0.1"
    skip "TLS handshake: wrong host name"
    diag "$(head -5 "$TMP/server.out")"
    kill "$pid" 2>/dev/null
    return
  fi
  printf 'GET / HTTP/1.0\r\n\r\n' >"$TMP/get"
  run timeout 20 "$OPENSSL" s_client -connect "127.0.0.1:$port" \
    -servername "$HOST" -CAfile "$ca" -verify_hostname "$HOST" \
    -verify_return_error -cert "$alice" -key "$S/private/alice.key" \
    -ign_eof <"$TMP/get"
  if [ "$rc" = 0 ] && grep -q 'Verify return code: 0 (ok)' "$TMP/out" &&
    grep -q 'Subject: C=FR, O=Example Org, CN=Alice Martin' "$TMP/out"; then
    ok "TLS handshake on 127.0.0.1:$port: $HOST verified, alice's certificate taken"
  else
    not_ok "TLS handshake on 127.0.0.1:$port: $HOST verified, alice's certificate taken"
    diag "s_client: exit $rc"; diag "$(tail -15 "$TMP/err")"
    diag "s_server:"; diag "$(tail -10 "$TMP/server.out")"
  fi
  run timeout 20 "$OPENSSL" s_client -connect "127.0.0.1:$port" \
    -CAfile "$ca" -verify_hostname wrong.example.org -verify_return_error </dev/null
  if [ "$rc" != 0 ] && grep -q 'hostname mismatch' "$TMP/out" "$TMP/err"; then
    ok "TLS handshake for wrong.example.org fails: hostname mismatch"
  else
    not_ok "TLS handshake for wrong.example.org fails: hostname mismatch"
    diag "s_client: exit $rc"; diag "$(tail -15 "$TMP/err")"
  fi
  kill "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
}
tls

done_testing
