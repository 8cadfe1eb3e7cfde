#!/bin/sh
# The main screen, driven in tmux: the demo store listed with its details,
# the filter, the help, resizes, colours and NO_COLOR, locales, and every
# way out (q, Ctrl-C, SIGTERM) leaving the terminal sane.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui/lib.sh"

# sane_exit DESC [STATUS]: the program ended with STATUS (default 0; a
# signal's 128+N, as a shell reports it), the terminal is back
# in cooked mode with echo, and no sanitizer spoke.
sane_exit() {
  if tui_wait_exit 10; then ok "$1: it exits"; else
    not_ok "$1: it exits"; diag "$(tui_screen)"; return
  fi
  [ "$(cat "$TMP/tui.rc")" = "${2:-0}" ] && ok "$1: status ${2:-0}" ||
    not_ok "$1: status ${2:-0} (got $(cat "$TMP/tui.rc"))"
  if grep -Eq '(^| )-icanon|(^| )-echo( |$)' "$TMP/tui.stty"; then
    not_ok "$1: the terminal is restored"; diag "$(cat "$TMP/tui.stty")"
  else ok "$1: the terminal is restored"; fi
  cp "$TMP/tui.err" "$TMP/err"
  no_sanitizer_report "$1: no sanitizer report"
}

tui_start 80 24 "$CERTDECK" --demo
tui_expect "the demo store opens" "demo store"
tui_expect "the list shows the issued server certificate" "localhost"
tui_expect "the list shows the client certificate" "client"
tui_expect "the list has the request and key sections" "Requests"
tui_expect "the hint bar is drawn" "F1 Help"
tui_keys Down
tui_expect "the details show the server's names" "DNS: localhost"
tui_expect "the details show its IP address" "IP: 127.0.0.1"
tui_expect "the details show the days left" "Days left"
tui_expect "the details show the SHA-256 fingerprint" "SHA-256"
# Wrapped between bytes: the SHA-1 fingerprint's first line ends with a
# colon, and both lines together are its 20 bytes.
tui_screen | grep -A1 'SHA-1 ' | grep -oE '[0-9a-f]{2}(:[0-9a-f]{2})*:?$' > "$TMP/fp"
if [ "$(wc -l < "$TMP/fp")" -eq 2 ] && head -1 "$TMP/fp" | grep -q ':$' &&
  tr -d '\n' < "$TMP/fp" | grep -Eq '^[0-9a-f]{2}(:[0-9a-f]{2}){19}$'; then
  ok "the fingerprint wraps between its bytes"
else
  not_ok "the fingerprint wraps between its bytes"; diag "$(tui_screen)"
fi

tui_keys / c l i
tui_expect "the filter shows what is typed" "filter: cli"
tui_absent "the filter hides what does not match" "localhost"
tui_keys Escape
tui_expect "Esc clears the filter" "localhost"
# The CA is found by its subject too (CN=certdeck demo CA).
tui_keys / D E M O
tui_expect "the filter finds the CA by its subject" "Subject      CN=certdeck demo CA"
tui_keys Escape

tui_keys F1
tui_expect "F1 opens the help" "every key of the main screen"
tui_keys Down Down Down Down Down Down Down Down Down Down Down Down Down Down Down Down
tui_expect "the help lists quit (Down scrolls to it)" "quit certdeck"
tui_keys q
tui_expect "the help closes" "F1 Help"

tui_resize 200 60
tui_expect "a resize to 200x60 redraws" "Certificate authority"
tui_resize 80 24
tui_expect "and back to 80x24" "F1 Help"
tui_keys q
sane_exit "q"

tui_start 80 24 "$CERTDECK" --demo
tui_expect "started again" "F1 Help"
tui_keys C-c
sane_exit "Ctrl-C" 130

tui_start 80 24 "$CERTDECK" --demo
tui_expect "started again" "F1 Help"
if tui_signal TERM; then ok "SIGTERM sent to this test's certdeck"
else not_ok "SIGTERM sent to this test's certdeck"; fi
sane_exit "SIGTERM" 143

# Colours, and none under NO_COLOR: the revoked/expired colours are
# escape sequences in capture-pane -e.
tui_start 80 24 "$CERTDECK" --demo
tui_expect "colour run" "F1 Help"
tm capture-pane -e -p -t tui >"$TMP/colour"
grep_ok "colours are used by default" '\[3[0-7]m|\[4[0-7]m|\[3[0-7];|;4[0-7]m' "$TMP/colour"
tui_keys q; tui_wait_exit 10
tui_start 80 24 env NO_COLOR=1 "$CERTDECK" --demo
tui_expect "NO_COLOR run" "F1 Help"
tm capture-pane -e -p -t tui >"$TMP/mono"
grep_not "NO_COLOR: no colour at all" '\[3[0-7]m|\[4[0-7]m|\[3[0-7];|;4[0-7]m' "$TMP/mono"
tui_keys q; tui_wait_exit 10

# A UTF-8 locale (French) and the plain C locale both work.
if locale -a 2>/dev/null | grep -qi '^fr_FR\.utf-\?8$'; then
  mkdir -p "$TMP/locale/fr/LC_MESSAGES"
  msgfmt -o "$TMP/locale/fr/LC_MESSAGES/certdeck.mo" "$top_srcdir/po/fr.po"
  tui_start 80 24 env LC_ALL=fr_FR.UTF-8 LANGUAGE=fr \
    CERTDECK_LOCALEDIR="$TMP/locale" "$CERTDECK" --demo
  tui_expect "UTF-8 French: the headings are translated" "Émis"
  tui_keys q; sane_exit "French"
else
  skip "fr_FR.UTF-8 locale not generated"
fi

# A certificate whose validity starts later: "not yet valid" in the list
# (once the files are read) and in its details, not days left.
"$CERTDECK" -d "$TMP/nyv" init-ca --cn "NYV CA" >/dev/null 2>&1
printf 'activation_date = "%s"\nexpiration_days = 90\ntls_www_server\nsigning_key\n' \
  "$(date -u -d '+30 days' '+%Y-%m-%d %H:%M:%S')" >"$TMP/later.cfg"
"$CERTDECK" -d "$TMP/nyv" issue later --cn later --template "$TMP/later.cfg" >/dev/null 2>&1
tui_start 100 30 "$CERTDECK" -d "$TMP/nyv"
tui_expect "not yet valid: said in the list" "not yet valid"
tui_keys Down
tui_expect "... the cursor on it" "Subject      CN=later"
if tui_screen | grep -Eq 'Status +not yet valid'; then ok "... and in its details"
else not_ok "... and in its details"; diag "$(tui_screen)"; fi
tui_keys q; sane_exit "not yet valid"

# A directory without a CA says so; certdeck without a terminal refuses.
tui_start 80 24 "$CERTDECK" -d "$TMP/nothing"
tui_expect "a missing store: a CA is offered" "There is no CA in $TMP/nothing yet"
tui_keys n
tui_expect "declined: the main screen says it holds no CA" "holds no CA"
tui_keys q; sane_exit "no store"
check_exit "without a terminal the TUI refuses" 2 sh -c "'$CERTDECK' </dev/null"
grep_ok "and says why" "needs a terminal" "$TMP/err"

done_testing
