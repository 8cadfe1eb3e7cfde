#!/bin/sh
# The benchmark hook of bench/tui.py: CERTDECK_TUI_BENCH=exit leaves after
# the first screen, =stamp writes a stamp per refresh of the main screen;
# unset, nothing is written.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui/lib.sh"

STORE="$TMP/pki"
"$CERTDECK" -d "$STORE" init-ca --cn "Hook CA" --key-type ecdsa >/dev/null 2>&1 ||
  { echo "Bail out! init-ca failed"; exit 1; }
stamps() { grep -Ec '^refresh [0-9]+$' "$TMP/tui.err"; }

tui_start 80 24 env CERTDECK_TUI_BENCH=exit "$CERTDECK" -d "$STORE"
if tui_wait_exit 10; then ok "exit: it leaves after the first screen"
else not_ok "exit: it leaves after the first screen"; diag "$(tui_screen)"; fi
[ "$(cat "$TMP/tui.rc")" = 0 ] && ok "exit: status 0" || not_ok "exit: status 0"
[ "$(stamps)" = 1 ] && ok "exit: one stamp, for the first screen" ||
  { not_ok "exit: one stamp, for the first screen"; diag "$(cat "$TMP/tui.err")"; }
if grep -Eq '(^| )-icanon|(^| )-echo( |$)' "$TMP/tui.stty"; then
  not_ok "exit: the terminal is restored"
else ok "exit: the terminal is restored"; fi

tui_start 80 24 env CERTDECK_TUI_BENCH=stamp "$CERTDECK" -d "$STORE"
tui_expect "stamp: the main screen is drawn" "F1 Help"
first=$(stamps)
[ "$first" -ge 1 ] && ok "stamp: the first screen is stamped" ||
  not_ok "stamp: the first screen is stamped"
tui_keys /
tui_keys -l Hook
tui_expect "stamp: the filter is typed" "/Hook"
# '/' and four letters: five refreshes (polled, at most 5 s).
n=0
while [ "$(stamps)" -lt $((first + 5)) ] && [ $n -lt 100 ]; do
  n=$((n + 1)); sleep 0.05
done
[ "$(stamps)" -ge $((first + 5)) ] && ok "stamp: a stamp for each key of the filter" ||
  { not_ok "stamp: a stamp for each key of the filter"; diag "$(cat "$TMP/tui.err")"; }
tui_keys Escape q
tui_wait_exit 10 && ok "stamp: q still quits" || not_ok "stamp: q still quits"

tui_start 80 24 "$CERTDECK" -d "$STORE"
tui_expect "unset: the main screen is drawn" "F1 Help"
tui_keys q
tui_wait_exit 10 && ok "unset: q quits" || not_ok "unset: q quits"
[ "$(stamps)" = 0 ] && ok "unset: no stamp" || not_ok "unset: no stamp"
cp "$TMP/tui.err" "$TMP/err"
no_sanitizer_report "unset: no sanitizer report"
done_testing
