#!/bin/sh
# OCSP stapling in the TUI's echo test, on the demo store: the client pane
# says when nothing is stapled; the settings' "OCSP stapling" toggle
# ("Staple an OCSP response") makes the server staple the store's status, shown in both panes
# and judged by openssl s_client -status against the TUI's own server;
# once the store revokes the certificate (certdeck revoke), a restart
# staples "revoked" and the client refuses with the reason.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui/lib.sh"
need "$OPENSSL" timeout

# server_port: the port in the server pane's heading.
server_port() {
  tui_screen >/dev/null
  sed -n 's/.* Server  127\.0\.0\.1:\([0-9][0-9]*\).*/\1/p' "$TMP/screen" | head -1
}
# s_client: openssl s_client -status against the TUI's server.
s_client() {
  port=$(server_port)
  run timeout 60 "$OPENSSL" s_client -connect "127.0.0.1:${port:-1}" -status \
    -CAfile "$store/ca.crt" </dev/null
}

mkdir -p "$TMP/t"
tui_start 120 30 env TMPDIR="$TMP/t" "$CERTDECK" --demo
tui_expect "the demo store opens" "F1 Help"
# the demo store (the echo lab keeps a scratch directory beside it)
store=
for d in "$TMP"/t/*/pki; do [ -f "$d/private/ca.key" ] && store=$d; done
tui_keys / l o c a l h o s t Enter e
tui_expect "e opens the echo test" "Echo test: localhost"
tui_expect "the client asks for the status: none stapled yet" "No OCSP status was stapled"

tui_keys F2
tui_expect "F2 opens the settings" "Echo test settings: localhost"
tui_expect "... off by default" "OCSP stapling       no"
tui_keys Down Down Down Down Down Down
tui_expect "... its help says what it does" "staple an OCSP response, the store's status"
tui_keys Space
tui_expect "Space turns it on" "yes: the store's status, from index.txt"
tui_keys F10
tui_expect "applied" "Settings applied"
tui_expect "the server staples the store's status: good" "Stapling an OCSP response: good"
tui_expect "the client pane shows it" "OCSP status (stapled): good"
tui_expect "... signed by the CA, verified" "signature: verified"
s_client
grep_ok "openssl s_client -status against the TUI's server: successful" \
  'OCSP Response Status: successful' "$TMP/out"
grep_ok "... Cert Status: good" 'Cert Status: good' "$TMP/out"

if "$CERTDECK" -d "$store" revoke localhost --reason keyCompromise >"$TMP/rev.log" 2>&1; then
  ok "certdeck revoke localhost in the demo store"
else not_ok "certdeck revoke localhost"; diag "$(cat "$TMP/rev.log")"; fi
tui_keys F6
tui_expect "F6: the server staples the new status: revoked" \
  "Stapling an OCSP response: revoked (keyCompromise)"
tui_expect "the client refuses the handshake, saying why" \
  "its stapled OCSP status says it is revoked"
s_client
grep_ok "openssl s_client -status: Cert Status: revoked" 'Cert Status: revoked' "$TMP/out"
grep_ok "... Revocation Reason: keyCompromise" 'Revocation Reason: keyCompromise' "$TMP/out"

# A delegated OCSP signer in the store: turning stapling on asks who signs.
if "$CERTDECK" -d "$store" issue responder --profile client --ocsp-signing-key \
  >"$TMP/resp.log" 2>&1; then ok "a delegated OCSP signer in the demo store"
else not_ok "a delegated OCSP signer in the demo store"; diag "$(cat "$TMP/resp.log")"; fi
tui_keys F2
tui_wait "Echo test settings: localhost" >/dev/null
tui_keys Down Down Down Down Down Down Space
tui_expect "Space turns stapling off" "OCSP stapling       no"
tui_keys Space
tui_expect "turned on again, it asks who signs" "Who signs the answers?"
tui_expect "... the CA, or the delegated signer" "responder (delegated OCSP signer)"
tui_keys Down Enter
tui_expect "the setting names the signer" "signed by responder"
tui_keys F10
tui_expect "the server staples an answer the signer signed" "Responder: CN=responder"
s_client
grep_ok "openssl s_client -status: the responder is the signer" \
  'Responder Id: CN = responder' "$TMP/out"
grep_ok "... Cert Status: revoked" 'Cert Status: revoked' "$TMP/out"

tui_keys Escape
tui_expect "Esc closes the echo test" "echo test closed: both ends stopped"
tui_leave "after stapling"
if [ -z "$(ls -A "$TMP/t")" ]; then ok "no temporary directory left"
else not_ok "no temporary directory left"; diag "$(ls -A "$TMP/t")"; fi
done_testing
