#!/bin/sh
# The dashboard (d), driven in tmux on a store made with faketime: a
# certificate expired long ago, one expiring in 5 days, one fine, a CRL due
# in 3 days and a key file left open. It lists what is due sorted by date,
# expired first, with the CRL's next update and the problem, in the words of
# `certdeck check` (the judge of the same store); + and - and d change the
# days; Enter selects the entry in the main list; Esc goes back; looking
# writes nothing.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui/lib.sh"
need "$FAKETIME" "$OPENSSL"

S="$TMP/pki"
# libfaketime is preloaded before ASan's runtime in the sanitizer build:
# tell ASan not to mind (the clock is all libfaketime changes).
faked() {
  ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
    "$FAKETIME" -f "$@"
}
ago() { faked -400d "$CERTDECK" -d "$S" "$@"; }
check "a CA made 400 days ago" ago init-ca --cn "Dashboard CA" --expiration-days 3650
check "a certificate that expired 370 days ago" ago issue old.example.com --expiration-days 30
# An hour back: 5 days and 23 hours left, "5 days" at any second of the run.
hour_ago() { faked -1h "$CERTDECK" -d "$S" "$@"; }
check "one that expires in 5 days" hour_ago issue soon.example.com --expiration-days 6
check "one that is fine" "$CERTDECK" -d "$S" issue fine.example.com --expiration-days 365
check "a CRL due in 2 days (and 23 hours)" hour_ago crl --next-update-days 3
run "$OPENSSL" x509 -in "$S/issued/soon.example.com.crt" -noout -serial
soon=$(sed 's/^serial=//' "$TMP/out")
run "$OPENSSL" x509 -in "$S/issued/old.example.com.crt" -noout -serial
old=$(sed 's/^serial=//' "$TMP/out")
chmod 644 "$S/private/fine.example.com.key"
run "$CERTDECK" -d "$S" check --days 30
cp "$TMP/out" "$TMP/check.out"
if [ "$rc" -eq 1 ]; then ok "check (the judge) exits 1"; else not_ok "check exits 1 ($rc)"; fi
grep_ok "check: old expired" "$old \\(/CN=old.example.com\\): expired" "$TMP/check.out"
grep_ok "check: soon expires in 6 days (5 and 23 hours: 6 begun)" "$soon \\(/CN=soon.example.com\\): expires in 6 days" "$TMP/check.out"
grep_ok "check: the CRL is due" 'expiring: crl.pem: next update .* in 3 day' "$TMP/check.out"
grep_ok "check: the open key" 'problem: private/fine.example.com.key' "$TMP/check.out"
tui_store_state before

tui_start 80 24 env NO_COLOR= "$CERTDECK" -d "$S"
tui_expect "the store opens" "F1 Help"
tui_keys d
tui_expect "d opens the dashboard" "due within 30 days"
tui_expect "... counts as check does" "1 expired, 2 due within 30 days, 1 problem(s)"
tui_expect "... the CRL's next update" "crl.pem: next update"
tui_expect "... the expired certificate" "old.example.com"
tui_expect "... the one expiring in 5 days" "soon.example.com"
tui_absent "... not the fine one" "fine.example.com  "
tui_expect "... the CRL's update among them" "CRL update"
tui_expect "... the problem" "private/fine.example.com.key: permissions"
tui_screen >/dev/null
# Sorted by date: expired first, then the CRL (3 days), then soon (5 days).
order=$(grep -nE 'expired .*old\.example|CRL update|soon\.example' "$TMP/screen" | cut -d: -f1 | tr '\n' ' ')
set -- $order
if [ $# -eq 3 ] && [ "$1" -lt "$2" ] && [ "$2" -lt "$3" ] &&
  grep -q 'expired .*old\.example' "$TMP/screen" &&
  [ "$(grep -n 'soon\.example' "$TMP/screen" | cut -d: -f1)" = "$3" ]; then
  ok "sorted by date, expired first"
else not_ok "sorted by date, expired first ($order)"; diag "$(cat "$TMP/screen")"; fi
tui_expect "the selection in check's words" "$old (/CN=old.example.com): expired"
tui_keys Down Down
tui_expect "soon in check's words" "$soon (/CN=soon.example.com): expires in 6 days"
# Colours by urgency (the cursor is on soon now): red for the expired,
# yellow for what is due within a week.
esc=$(printf '\033')
tm capture-pane -e -p -t tui >"$TMP/colours"
grep_ok "the expired row is red" "${esc}\\[[0-9;]*31m.*expired .*old\\.example" "$TMP/colours"
grep_ok "the CRL due in 2 days is yellow" "${esc}\\[[0-9;]*33m.*CRL update" "$TMP/colours"

# Fewer days: 14 then 7 then 1 (nothing due but the expired one).
tui_keys -
tui_expect "- narrows to 14 days" "due within 14 days"
# (one key at a time: keys typed while the check runs are not kept)
tui_keys -
tui_expect "... then to 7 days" "due within 7 days"
tui_keys -
tui_expect "... then to 1 day" "1 expired, 0 due within 1 days"
tui_absent "... soon is not listed" "soon.example.com"
tui_keys +
tui_expect "+ widens to 7 days" "due within 7 days"
# Typed ahead while the store is checked: every key counts.
tui_keys + + + +
tui_expect "four + at once: 14, 30, 60, then 90 days" "due within 90 days"
tui_keys - - - -
tui_expect "four - at once: back to 7 days" "due within 7 days"
tui_keys d
tui_expect "d asks for the days" "Show what expires within (days):"
tui_keys C-u 4 0 0 0 0 0 Enter
tui_expect "a bad number is refused" "a whole number of days"
tui_keys C-u 4 0 0 Enter
tui_expect "400 days lists the fine one too" "due within 400 days"
tui_expect "... fine.example.com" "fine.example.com"
tui_keys d Escape
tui_expect "Esc backs out of the prompt" "due within 400 days"

# Enter on soon selects it in the main list.
tui_keys Home Down Down Enter
tui_expect "Enter goes back to the main list" "F1 Help"
tui_keys i
tui_expect "... with soon selected (i inspects it)" "soon.example.com (certs_by_serial/$soon"
tui_keys q
tui_wait "F1 Help" >/dev/null
tui_keys d
tui_expect "d again" "due within 30 days"
tui_keys Escape
tui_expect "Esc goes back" "F1 Help"
tui_leave "dashboard"

# NO_COLOR: attributes only (bold for expired, underline for soon).
tui_start 80 24 env NO_COLOR=1 "$CERTDECK" -d "$S"
tui_expect "NO_COLOR: the store opens" "F1 Help"
tui_keys d
tui_expect "NO_COLOR: the dashboard" "due within 30 days"
tui_keys End
tui_wait "permissions" >/dev/null
tm capture-pane -e -p -t tui >"$TMP/nocolour"
grep_ok "NO_COLOR: the expired row in bold" "${esc}\\[[0-9;]*1m.*expired .*old\\.example" "$TMP/nocolour"
grep_ok "NO_COLOR: the CRL underlined" "${esc}\\[[0-9;]*4m.*CRL update" "$TMP/nocolour"
grep_not "NO_COLOR: no colour at all" "${esc}\\[3[0-7]m" "$TMP/nocolour"
tui_keys Escape
tui_leave "dashboard under NO_COLOR"

tui_store_state after
if cmp -s "$TMP/before" "$TMP/after"; then ok "the dashboard wrote nothing"
else not_ok "the dashboard wrote nothing"; diag "$(diff "$TMP/before" "$TMP/after")"; fi

# The CRL due is renewed from the dashboard: Enter on its row offers a new
# one (n backs out), c signs it; then it is no longer due, for check too.
cp "$S/crl.pem" "$TMP/crl-before.pem"
tui_start 80 24 "$CERTDECK" -d "$S"
tui_expect "again: the store opens" "F1 Help"
tui_keys d
tui_expect "the dashboard" "1 expired, 2 due within 30 days"
tui_keys Home Down Enter
tui_expect "Enter on the CRL offers a new one" "Sign a new CRL now"
tui_crl_declined "n: back on the dashboard" "due within 30 days" \
  "$S/crl.pem" "$TMP/crl-before.pem"
tui_crl_sign c
tui_expect "c, y: the CRL is no longer due" "1 expired, 1 due within 30 days"
tui_absent "... no CRL row" "CRL update"
tui_keys Escape
tui_leave "the dashboard's new CRL"
run "$OPENSSL" crl -in "$S/crl.pem" -noout -nextupdate -crlnumber -CAfile "$S/ca.crt"
grep_ok "openssl: the new CRL verifies" "verify OK" "$TMP/err"
grep_ok "... due in 180 days" "nextUpdate=$(date -u -d '+180 days' '+%b %e' | sed 's/  */ +/g')" "$TMP/out"
run "$CERTDECK" -d "$S" check --days 30
grep_not "check: the CRL is not due any more" 'expiring: crl.pem' "$TMP/out"
done_testing
