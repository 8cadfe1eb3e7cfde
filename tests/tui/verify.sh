#!/bin/sh
# Verify from the TUI, driven in tmux, on a store built with the command
# line, with openssl verify as the judge: a good server certificate
# verifies (with its name and purpose), a wrong peer name fails with the
# name-mismatch hint, the wrong trust fails, an expired certificate shows
# as expired; Esc leaves every dialog without a trace.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui/lib.sh"
need "$OPENSSL"

# judge DESC WANT ARGS...: openssl verify ARGS exits 0 (WANT=0) or not.
judge() {
  local desc=$1 want=$2; shift 2
  run "$OPENSSL" verify "$@"
  if { [ "$want" = 0 ] && [ "$rc" = 0 ]; } || { [ "$want" != 0 ] && [ "$rc" != 0 ]; }; then
    ok "$desc"
  else
    not_ok "$desc"; diag "openssl verify $*: exit $rc"; diag "$(cat "$TMP/out" "$TMP/err")"
  fi
}

check "a store (init-ca)" "$CERTDECK" -d "$TMP/pki" init-ca --cn "Test CA"
check "a server certificate (issue)" "$CERTDECK" -d "$TMP/pki" issue www.example.com
check "an expired certificate (issue with past dates)" "$CERTDECK" -d "$TMP/pki" \
  issue old --activation-date "2020-01-01 00:00:00" \
  --expiration-date "2021-01-01 00:00:00"
check "a server certificate for an IP address" "$CERTDECK" -d "$TMP/pki" \
  issue ipsrv --ip-address 192.0.2.7
check "another CA, the wrong trust" "$CERTDECK" -d "$TMP/other" init-ca --cn "Other CA"
ca="$TMP/pki/ca.crt"
www="$TMP/pki/issued/www.example.com.crt"
old="$TMP/pki/issued/old.crt"
tui_store_state before

tui_start 80 24 sh -c "cd '$TMP/other' && exec '$CERTDECK' -d '$TMP/pki'"
tui_expect "the store opens" "F1 Help"
tui_expect "the hint bar offers verify" "v Verify"

# A request cannot be verified: a message.
tui_keys / w w w Enter End v
tui_expect "a key is not verified: a message" "only a certificate can be verified"
tui_keys Home v
tui_expect "v opens the verify form" "Verify www.example.com"
tui_expect "the trust is the store's CA by default" "the store's CA (ca.crt)"
tui_expect "no peer name by default" "(not checked)"
tui_expect "the purpose is any by default" "any"

# The good server certificate verifies; openssl agrees.
tui_keys v
tui_expect "it verifies" "VERIFIED. The certificate is trusted."
tui_expect "the leaf is drawn" "[1] leaf: CN=www.example.com"
tui_expect "its verdict" "Verdict:    verified."
tui_expect "then the root it was checked against" "[2] root (trusted): CN=Test CA"
tui_expect "with its validity" "days left)"
judge "openssl verify agrees: verified" 0 -CAfile "$ca" "$www"
tm capture-pane -e -p -t tui | grep 'VERIFIED\.' >"$TMP/colour" || true
grep_ok "the verdict is in green" '\[32m.*VERIFIED\.' "$TMP/colour"

# With its name and the TLS server purpose: still verified.
tui_keys q
tui_expect "q goes back to the form" "[ Verify ]"
tui_keys Down Enter
tui_expect "Enter on the peer name asks it" "DNS name or IP address the certificate"
tui_keys -l www.example.com
tui_keys Enter
tui_expect "the form shows the peer name" "Peer name    www.example.com"
tui_keys Down Enter
tui_expect "Enter on the purpose goes to TLS server" "Purpose      TLS server"
tui_keys v
tui_expect "verified for its name and purpose" "VERIFIED. The certificate is trusted."
tui_expect "the peer name is said" "Peer name:   www.example.com"
tui_expect "the purpose is said" "Purpose:     TLS server"
judge "openssl verify agrees: its name, TLS server" 0 -CAfile "$ca" \
  -verify_hostname www.example.com -purpose sslserver "$www"

# The TLS client purpose: a server certificate is not for it.
tui_keys q Enter
tui_expect "Enter again: TLS client" "Purpose      TLS client"
tui_keys v
tui_expect "a server certificate is not for a TLS client" "Reason (purpose)"
judge "openssl verify agrees: not for a TLS client" 1 -CAfile "$ca" \
  -purpose sslclient "$www"
tui_keys q Enter
tui_expect "Enter goes round to any" "Purpose      any"

# A name with a space is refused where it is typed.
tui_keys Up Enter C-u
tui_keys -l "a b"
tui_keys Enter
tui_expect "a peer name with a space is refused" "has no spaces"
tui_keys Escape
tui_expect "Esc keeps the name it had" "Peer name    www.example.com"

# A wrong peer name: name mismatch, with the hint.
tui_keys Enter C-u
tui_keys -l wrong.example.com
tui_keys Enter
tui_expect "the form shows the wrong name" "Peer name    wrong.example.com"
tui_keys v
tui_expect "a wrong name does not verify" "NOT VERIFIED."
tui_expect "the reason is a name mismatch" "Reason (name-mismatch)"
tui_keys w
tui_expect "the hint says what to change" "Hint: connect with one of the names it holds"
judge "openssl verify agrees: the wrong name fails" 1 -CAfile "$ca" \
  -verify_hostname wrong.example.com "$www"

# Esc in the peer name's dialog changes nothing.
tui_keys q Enter C-u
tui_keys -l nothing.example
tui_keys Escape
tui_gone "Esc backs out of the peer name" "nothing.example"
tui_expect "the peer name stays" "Peer name    wrong.example.com"

# The wrong trust, picked with the file chooser: unknown issuer.
tui_keys Up C-u Enter
tui_expect "Enter on the trust opens the file chooser" "Trust: pick a file"
tui_keys c a . c r t Enter
tui_expect "the trust is the picked file" "Trust        $TMP/other/ca.crt"
tui_keys Down Enter C-u Enter
tui_expect "the peer name is emptied" "Peer name    (not checked)"
tui_keys v
tui_expect "the wrong trust does not verify" "NOT VERIFIED."
tui_expect "the issuer is not found" "issuer NOT FOUND: CN=Test CA"
tui_expect "the reason is an unknown issuer" "Reason (unknown-issuer)"
judge "openssl verify agrees: the wrong trust fails" 1 -CAfile "$TMP/other/ca.crt" "$www"
tui_keys q Up BSpace
tui_expect "Backspace on the trust goes back to the store's CA" "the store's CA (ca.crt)"
tui_keys Escape
tui_gone "Esc leaves the verify form" "[ Verify ]"
tui_expect "back on the main screen" "F1 Help"
tui_expect "the main screen says how it went" "www.example.com: NOT verified"

# Esc in the file chooser, and in the form, leave nothing.
tui_keys v Enter
tui_expect "the chooser again" "Trust: pick a file"
tui_keys Escape
tui_expect "Esc leaves the chooser, the trust stays" "the store's CA (ca.crt)"
tui_keys Escape
tui_gone "and Esc the form" "[ Verify ]"

# An expired certificate shows as expired; openssl agrees.
tui_keys / Escape
tui_expect "the filter is cleared" "old"
tui_keys / o l d Enter v
tui_expect "the form for the expired certificate" "Verify old"
tui_keys v
tui_expect "an expired certificate does not verify" "NOT VERIFIED."
tui_expect "its validity says expired" "(EXPIRED"
tui_expect "the reason is expired" "Reason (expired)"
tm capture-pane -e -p -t tui | grep 'NOT VERIFIED\.' >"$TMP/colour" || true
grep_ok "the verdict is in red" '\[31m.*NOT VERIFIED\.' "$TMP/colour"
judge "openssl verify agrees: expired" 1 -CAfile "$ca" "$old"
cat "$TMP/out" "$TMP/err" >"$TMP/openssl.txt"
grep_ok "openssl says expired" "has expired" "$TMP/openssl.txt"
tui_resize 120 40
tui_expect "the result follows a resize" "Reason (expired)"
tui_resize 80 24
tui_keys q Escape
tui_gone "back from the expired one" "[ Verify ]"
tui_keys / Escape
tui_expect "the filter is cleared again" "www.example.com"

# An IP address as the peer name.
tui_keys / i p s r v Enter v
tui_expect "the form for the IP certificate" "Verify ipsrv"
tui_keys Down Enter
tui_keys -l 192.0.2.7
tui_keys Enter
tui_expect "an IP address is a peer name" "Peer name    192.0.2.7"
tui_keys v
tui_expect "it verifies for its IP address" "VERIFIED. The certificate is trusted."
judge "openssl verify agrees: its IP address" 0 -CAfile "$ca" -verify_ip 192.0.2.7 \
  "$TMP/pki/issued/ipsrv.crt"
tui_keys q Enter C-u
tui_keys -l 192.0.2.8
tui_keys Enter v
tui_expect "another IP address does not verify" "Reason (name-mismatch)"
judge "openssl verify agrees: another IP address fails" 1 -CAfile "$ca" \
  -verify_ip 192.0.2.8 "$TMP/pki/issued/ipsrv.crt"
tui_keys q Escape
tui_gone "back from the IP certificate" "[ Verify ]"
tui_leave "verify"

tui_store_state after
if cmp -s "$TMP/before" "$TMP/after"; then ok "verifying wrote nothing in the store"
else not_ok "verifying wrote nothing in the store"; diag "$(diff "$TMP/before" "$TMP/after")"; fi

# A revoked certificate, with the store's CRL: the form says the CRL is
# used (as verify does without --trust), and the verdict is revoked, as
# openssl verify -crl_check judges it.
check "revoke www.example.com" "$CERTDECK" -d "$TMP/pki" revoke www.example.com --reason keyCompromise
check "and publish the CRL" "$CERTDECK" -d "$TMP/pki" crl
cp "$ca" "$TMP/other/pki-ca.pem"
tui_start 80 24 sh -c "cd '$TMP/other' && exec '$CERTDECK' -d '$TMP/pki'"
tui_expect "revoked: the store opens" "F1 Help"
tui_keys / w w w Enter End v
tui_expect "revoked: the verify form" "Verify www.example.com"
tui_expect "revoked: the store's CRL goes with its CA" "the store's CA (ca.crt) and its CRL (crl.pem)"
tui_keys v
tui_expect "revoked: not verified" "NOT VERIFIED"
tui_expect "revoked: the reason" "Reason (revoked)"
judge "openssl verify agrees: revoked" 1 -CAfile "$ca" -crl_check -CRLfile "$TMP/pki/crl.pem" "$www"
tui_keys q Enter
tui_expect "revoked: another trust file" "Trust: pick a file of CA certificates"
tui_keys -l pki-ca.pem
tui_keys Enter
tui_expect "revoked: a file picked goes without the CRL" "Trust        $TMP/other/pki-ca.pem"
tui_keys v
tui_expect "revoked: without a CRL, verified (as verify --trust does)" "VERIFIED. The certificate is trusted."
tui_keys q Escape
tui_leave "verify revoked"
done_testing
