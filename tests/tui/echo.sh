#!/bin/sh
# The TLS echo test from the TUI, driven in tmux on the demo store: both
# ends shake hands and echo a line in both panes; each lab scenario fails
# (or works) on both sides with its reason and hint; the settings panel
# (TLS 1.2, its labels whole at 80x24); panes side by side at 120x30 and
# stacked at 80x24; closing stops both ends, q exits 0, and nothing is
# left behind (no temporary directory, no process).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui/lib.sh"

# tui_count DESC TEXT N: TEXT shows at least N times within the deadline.
tui_count() {
  local end=$(( $(tui_now) + 1000 ))
  while :; do
    tui_screen >/dev/null
    [ "$(grep -oF -- "$2" "$TMP/screen" | wc -l)" -ge "$3" ] && { ok "$1"; return; }
    if [ "$(tui_now)" -ge "$end" ]; then
      not_ok "$1"; diag "'$2' not $3 times on the screen:"; diag "$(cat "$TMP/screen")"
      [ -s "$TMP/tui.err" ] && diag "$(head -20 "$TMP/tui.err")"
      return
    fi
    sleep 0.05
  done
}

# pane_text WHICH: the server's pane (the lines above the client's
# heading, stacked) or the client's (from its heading), at 80 columns.
pane_text() {
  tui_screen >/dev/null
  if [ "$1" = server ]; then sed -n '1,/ Client  checks/p' "$TMP/screen" | sed '$d'
  else sed -n '/ Client  checks/,$p' "$TMP/screen"; fi
}

# in_pane DESC WHICH TEXT: TEXT shows in that pane within the deadline.
in_pane() {
  local end=$(( $(tui_now) + 1000 ))
  while :; do
    pane_text "$2" | grep -qF -- "$3" && { ok "$1"; return; }
    if [ "$(tui_now)" -ge "$end" ]; then
      not_ok "$1"; diag "'$3' not in the $2 pane:"; diag "$(cat "$TMP/screen")"
      return
    fi
    sleep 0.05
  done
}

# scenario N: pick the N-th lab scenario (from 0) in the F3 menu.
scenario() {
  local i=0
  tui_keys F3
  tui_wait "Lab scenarios" 10 || true
  while [ "$i" -lt "$1" ]; do tui_keys Down; i=$((i + 1)); done
  tui_keys Enter
}

mkdir -p "$TMP/t"
tui_start 120 30 env TMPDIR="$TMP/t" "$CERTDECK" --demo
tui_expect "the demo store opens" "F1 Help"
tui_absent "on the CA, the hint bar does not offer the echo test" "e Echo"

# Only an issued certificate runs the echo test.
tui_keys Home e
tui_expect "e on the CA: a message" "the echo test runs on an issued certificate"

tui_keys / l o c a l h o s t Enter
tui_expect "on localhost, the hint bar offers the echo test" "e Echo"
tui_keys e
tui_expect "e opens the echo test" "Echo test: localhost"
tui_count "the handshake completes on both sides" "Handshake was completed" 2
tui_expect "the client checks the certificate's first DNS name" "checks localhost"
tui_expect "and trusts the store's CA" "trusts ca.crt"
tui_screen >/dev/null
if grep -F " Server  127.0.0.1:" "$TMP/screen" | grep -qF " Client  checks"; then
  ok "120x30: the panes side by side"
else not_ok "120x30: the panes side by side"; diag "$(cat "$TMP/screen")"; fi

tui_keys -l "hello echo"
tui_keys Enter
tui_count "the line shows echoed in both panes" "hello echo" 2

tui_resize 80 24
tui_expect "80x24: redrawn" " Client  checks localhost"
tui_screen >/dev/null
if grep -qF " Server  127.0.0.1:" "$TMP/screen" &&
  ! grep -F " Server  127.0.0.1:" "$TMP/screen" | grep -qF " Client  checks"; then
  ok "80x24: the panes stacked"
else not_ok "80x24: the panes stacked"; diag "$(cat "$TMP/screen")"; fi
in_pane "80x24: the echo in the server's pane" server "hello echo"
in_pane "80x24: the echo in the client's pane" client "hello echo"

# The help of the echo screen, from its binding table.
tui_keys F1
tui_expect "F1: the echo screen's keys" "restart the client: a new connection"
tui_keys Escape
tui_gone "the help closes" "restart the client: a new connection"

# The lab scenarios: each failure on both sides, with a hint.
scenario 0
tui_expect "lab: the wrong CA" "Lab: The client trusts the wrong CA"
in_pane "wrong CA: the client trusts the lab's CA" client "trusts lab-ca.crt"
in_pane "wrong CA: the server's handshake fails" server "Handshake failed"
in_pane "wrong CA: the server's reason" server "the client does not trust the CA"
in_pane "wrong CA: the client's handshake fails" client "Handshake failed"
in_pane "wrong CA: the client's reason" client "was not found"
in_pane "wrong CA: the client's hint" client "Hint"
in_pane "wrong CA: the server's hint" server "Hint"

scenario 1
tui_expect "lab: the name mismatch" "Lab: The name does not match"
in_pane "name mismatch: the server has the 127.0.0.1 certificate" server "ip-only.crt"
in_pane "name mismatch: the server's handshake fails" server "Handshake failed"
in_pane "name mismatch: the server's reason" server "the client refused our certificate"
in_pane "name mismatch: the server's hint" server "Hint"
in_pane "name mismatch: the client's handshake fails" client "Handshake failed"
in_pane "name mismatch: the client's reason" client "name mismatch"
in_pane "name mismatch: the client's hint" client "Hint"

scenario 2
tui_expect "lab: no client certificate" "Lab: Client certificate required, none given"
in_pane "no client certificate: the server's handshake fails" server "Handshake failed"
in_pane "no client certificate: the server's reason" server "the client sent no certificate"
in_pane "no client certificate: the server's hint" server "Hint"
in_pane "no client certificate: the client's handshake fails" client "Handshake failed"
in_pane "no client certificate: the client's reason" client "requires a client certificate"
in_pane "no client certificate: the client's hint" client "Hint"

scenario 3
tui_expect "lab: the expired certificate" "Lab: An expired certificate"
in_pane "expired: the server has the expired certificate" server "expired.crt"
in_pane "expired: the server's handshake fails" server "Handshake failed"
in_pane "expired: the server's reason" server "Certificate is expired"
in_pane "expired: the server's hint" server "Hint"
in_pane "expired: the client's handshake fails" client "Handshake failed"
in_pane "expired: the client's reason" client "expired: valid until"
in_pane "expired: the client's hint" client "Hint"

scenario 4
tui_expect "lab: the revoked certificate" "Lab: A revoked certificate"
in_pane "revoked: the server has the revoked certificate" server "revoked.crt"
in_pane "revoked: the server's handshake fails" server "Handshake failed"
in_pane "revoked: the server's reason" server "Certificate was revoked"
in_pane "revoked: the client's handshake fails" client "Handshake failed"
in_pane "revoked: the client's reason" client "revoked"
in_pane "revoked: the client's hint" client "Hint"

scenario 5
tui_expect "lab: mutual TLS" "Lab: Mutual TLS that works"
tui_count "mutual TLS: the handshake completes on both sides" "Handshake was completed" 2
tui_absent "mutual TLS: no failure" "Handshake failed"
tui_keys -l "mutual line"
tui_keys Enter
tui_count "mutual TLS: the line echoed in both panes" "mutual line" 2

scenario 6
tui_expect "lab: plain TLS" "Lab: Plain TLS that works"
tui_count "plain TLS: the handshake completes on both sides" "Handshake was completed" 2
tui_absent "plain TLS: no failure" "Handshake failed"

# The settings panel at 80x24: every label whole, TLS 1.2 applied.
tui_keys F2
tui_expect "F2 opens the settings" "Echo test settings: localhost"
for label in "Port                0 (a free one)" "Name to check       localhost" \
  "CA to trust" "Client certificate  none" "TLS version         TLS 1.2 and 1.3" \
  "Server asks for     no client certificate" "[ Apply ]"; do
  tui_expect "settings at 80x24: '$label' whole" "$label"
done
tui_keys Enter
tui_expect "the port is asked" "The port the server listens on"
tui_keys C-u
tui_keys -l 70000
tui_keys Enter
tui_expect "a port above 65535 is refused" "a port is a number from 0 to 65535"
tui_keys Escape
tui_keys Down Down Enter C-u
tui_keys -l /nonexistent/ca.crt
tui_keys Enter
tui_expect "an unreadable CA is refused" "/nonexistent/ca.crt: cannot read it"
tui_keys Escape Down Down Space
tui_expect "TLS 1.2 only" "TLS version         TLS 1.2 only"
tui_keys F10
tui_expect "applied: both ends again" "Settings applied"
tui_count "TLS 1.2 shows on both sides" "TLS1.2" 2
tui_count "and the handshake completes" "Handshake was completed" 2

# Esc backs out of the settings without a change.
tui_keys F2
tui_expect "F2 again" "Echo test settings"
tui_keys Down Down Down Down Space Escape
tui_gone "Esc leaves the settings" "Echo test settings"
tui_absent "nothing restarted" "TLS1.3"

# Applied on a port another program holds: the status says the server did
# not start, as its pane does; then port 0 again, and both ends start.
python3 -c 'import socket, sys, time
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(1)
print(s.getsockname()[1]); sys.stdout.flush(); time.sleep(120)' > "$TMP/busy.port" &
bg_track $!
deadline 10
until [ -s "$TMP/busy.port" ] || past; do sleep 0.05; done
tui_keys F2
tui_expect "F2 for a busy port" "Echo test settings"
tui_keys Enter C-u
tui_keys -l "$(cat "$TMP/busy.port")"
tui_keys Enter F10
tui_expect "a busy port: the status says the server did not start" \
  "Settings applied, but the server did not start"
tui_absent "... not that both ends started" "both ends started again"
tui_expect "... as the server's pane says" "The server did not start"
tui_keys F5
tui_expect "F5 then: the client's pane says the server is not running" \
  "Not started: the server is not running (F2 to change its settings"
tui_expect "... the status line too" "The server is not running: F2 changes its settings"
tui_absent "... not that the client connects again" "The client connects again."
tui_keys -l hello
tui_keys Enter
tui_expect "... and a line sent says so too" "The server is not running: F2 changes its settings"
tui_keys C-u
tui_keys F2
tui_expect "F2 to take port 0 again" "Echo test settings"
tui_keys Enter C-u 0 Enter F10
tui_expect "port 0: both ends start again" "Settings applied: both ends started again"
tui_count "... and the handshake completes" "Handshake was completed" 2

# Closing: back to the main screen, both ends stopped, then quit.
pid=$(tm list-panes -t tui -F '#{pane_pid}')
tui_keys Escape
tui_expect "Esc closes the echo test" "echo test closed: both ends stopped"
tui_expect "back on the main screen" "F1 Help"
tui_leave "after the echo test"
if [ -z "$(ls -A "$TMP/t")" ]; then ok "no temporary directory left"
else not_ok "no temporary directory left"; diag "$(ls -A "$TMP/t")"; fi
if pgrep -P "$pid" >/dev/null 2>&1 || pgrep -f "TMPDIR=$TMP/t" >/dev/null 2>&1; then
  not_ok "no certdeck process left"; diag "$(ps -ef | grep certdeck)"
else ok "no certdeck process left"; fi

# q on an empty line closes it too; a quit signal inside ends cleanly.
tui_start 80 24 env TMPDIR="$TMP/t" "$CERTDECK" --demo
tui_expect "started again" "F1 Help"
tui_keys / l o c a l h o s t Enter e
tui_count "echo test again" "Handshake was completed" 2
tui_keys q
tui_expect "q on an empty line closes it" "echo test closed"
tui_keys q
if tui_wait_exit 10 && [ "$(cat "$TMP/tui.rc")" = 0 ]; then ok "q quits with status 0"
else not_ok "q quits with status 0"; fi
cp "$TMP/tui.err" "$TMP/err"
no_sanitizer_report "q on an empty line: no sanitizer report"
if [ -z "$(ls -A "$TMP/t")" ]; then ok "nothing left in TMPDIR"
else not_ok "nothing left in TMPDIR"; diag "$(ls -A "$TMP/t")"; fi

# An encrypted server key: its password is asked (Esc: not started; a
# wrong one: said); the right one starts the server.
if command -v "$OPENSSL" >/dev/null 2>&1; then
  check "a store (init-ca)" "$CERTDECK" -d "$TMP/pki" init-ca --cn "Test CA" --key-type ecdsa
  check "a server certificate (issue)" "$CERTDECK" -d "$TMP/pki" issue srv.example --key-type ecdsa
  check "its key encrypted (openssl pkcs8)" "$OPENSSL" pkcs8 -topk8 -v2 aes256 \
    -in "$TMP/pki/private/srv.example.key" -out "$TMP/enc.key" -passout pass:s3cret
  cp "$TMP/enc.key" "$TMP/pki/private/srv.example.key"
  tui_start 80 24 env TMPDIR="$TMP/t" "$CERTDECK" -d "$TMP/pki"
  tui_expect "the store opens" "F1 Help"
  tui_keys / s r v Enter e
  tui_expect "the key's password is asked" "This key is encrypted. Its password:"
  tui_keys Escape
  tui_expect "Esc: the server is not started" "Not started: the key's password was not given."
  tui_keys F6
  tui_expect "F6 asks again" "This key is encrypted. Its password:"
  tui_keys -l wrong
  tui_keys Enter
  tui_expect "a wrong password: said" "The server did not start"
  tui_keys F6
  tui_expect "asked once more" "This key is encrypted. Its password:"
  tui_keys -l s3cret
  tui_keys Enter
  tui_count "the right one: the handshake completes" "Handshake was completed" 2
  tui_expect "the name checked is the DNS name" "checks srv.example"
  tui_keys Escape
  tui_expect "closed" "echo test closed"
  tui_leave "encrypted key"
fi

# Revoked and expired client certificates: "Mutual TLS that works" takes
# the first client of the store neither revoked nor out of date (bob, not
# aaold nor alice), and the server checks client certificates against the
# store's CRL: alice, from outside, is refused as revoked.
M="$TMP/mt"
check "mutual: a store" "$CERTDECK" -d "$M" init-ca --cn "MT CA"
check "mutual: a server" "$CERTDECK" -d "$M" issue srv --cn localhost --dns-name localhost
check "mutual: an expired client, first by name" "$CERTDECK" -d "$M" issue aaold --profile client \
  --cn aaold --activation-date "2025-01-01 00:00:00" --expiration-date "2025-02-01 00:00:00"
check "mutual: alice, then bob" sh -c "'$CERTDECK' -d '$M' issue alice --profile client --cn alice &&
  '$CERTDECK' -d '$M' issue bob --profile client --cn bob"
check "mutual: alice revoked, and a CRL" sh -c "'$CERTDECK' -d '$M' revoke alice --reason keyCompromise &&
  '$CERTDECK' -d '$M' crl"
tui_start 120 30 env TMPDIR="$TMP/t" "$CERTDECK" -d "$M"
tui_expect "mutual: the store opens" "F1 Help"
tui_keys / s r v Enter e
tui_count "mutual: the echo test runs on srv" "Handshake was completed" 2
scenario 5
tui_expect "mutual: the scenario" "Lab: Mutual TLS that works"
# (side by side at 120 columns: the texts are the server's alone)
tui_expect "mutual: the server gets bob's certificate" "subject \`CN=bob'"
tui_count "... and the handshake completes on both sides" "Handshake was completed" 2
tui_absent "... neither aaold's nor alice's" "CN=a"
port=$(tui_screen | sed -n 's/.* Server  127\.0\.0\.1:\([0-9][0-9]*\) .*/\1/p' | head -1)
run timeout 10 "$CERTDECK" connect --host 127.0.0.1 --port "${port:-1}" --peer-name localhost \
  --ca "$M/ca.crt" --cert "$M/issued/alice.crt" --key "$M/private/alice.key" --send hi
if [ "$rc" -eq 1 ]; then ok "mutual: alice's revoked certificate, from outside, is refused (exit 1)"
else not_ok "mutual: alice's revoked certificate, from outside, is refused (exit 1)"; diag "exit $rc, port '$port'"; fi
tui_expect "... the server's pane says it is on the store's CRL" "revoked: 'CN=alice'"
tui_keys Escape
tui_expect "mutual: closed" "echo test closed"
tui_leave "mutual"

done_testing
