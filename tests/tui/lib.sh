# certdeck TUI tests: drive the real binary in tmux and read its screen.
# Source after tests/lib.sh:
#     . "$top_srcdir/tests/lib.sh"; . "$top_srcdir/tests/tui/lib.sh"
#
#   tui_start W H CMD...   run CMD in a detached tmux pane of W x H; its
#                          stderr goes to $TMP/tui.err; when it exits, its
#                          status goes to $TMP/tui.rc and `stty -a` of the
#                          pane to $TMP/tui.stty
#   tui_keys KEY...        tmux send-keys (names such as Enter, Escape, F1,
#                          Down, C-c; -l TEXT for literal text)
#   tui_screen             the pane's text now (also in $TMP/screen)
#   tui_wait TEXT [S]      poll the screen until it shows TEXT (a fixed
#                          string), at most S seconds (default 10)
#   tui_expect DESC TEXT   a TAP line: TEXT shows within the deadline
#   tui_absent DESC TEXT   a TAP line: TEXT is not on the screen now
#   tui_wait_exit [S]      poll until CMD has exited; 0 when it has
#   tui_resize W H         resize the pane
#   tui_gone DESC TEXT     a TAP line: TEXT leaves the screen in time
#   tui_leave DESC         q, then TAP lines: status 0, no sanitizer report
#   tui_store_state NAME [DIR]  checksums of the files of the store DIR
#                          (default $TMP/pki) in $TMP/NAME (compare two to
#                          show that looking wrote nothing)
#   tui_sign_pick NAME     filter the main list down to the request NAME
#                          and press s on it: TAP lines, the filter and
#                          the profile asked
#   tui_sign_defaults NAME tui_sign_pick, then the server profile, the
#                          form, the review and the last page with their
#                          defaults, y: the CA key's password or PIN is
#                          asked next
#   tui_crl_declined DESC TEXT CRL COPY  n at the offer of a new CRL:
#                          TAP lines, TEXT shows and CRL is still COPY
#   tui_crl_sign KEY...    KEY... offers a new CRL again, y signs it
#   tui_stop               end the tmux server (also done at exit)
# Polling only, no bare sleeps: each wait has a deadline.

need tmux

TUI_SOCKET="certdeck-test-$$"
tm() { tmux -u -L "$TUI_SOCKET" -f /dev/null "$@"; }

tui_stop() { tm kill-server >/dev/null 2>&1 || true; }
trap 'tui_stop; rm -rf "$TMP"' EXIT

tui_start() {
  local w=$1 h=$2 a
  shift 2
  tui_stop
  # A new server on a new socket: a client that reaches the old one while
  # it exits fails ("server exited unexpectedly").
  TUI_RUNS=$((${TUI_RUNS:-0} + 1))
  TUI_SOCKET="certdeck-test-$$-$TUI_RUNS"
  rm -f "$TMP/tui.rc" "$TMP/tui.stty" "$TMP/tui.err"
  {
    echo '#!/bin/sh'
    printf 'exec 2>"%s"\n' "$TMP/tui.err"
    # The pane's shell outlives a Ctrl-C meant for the program.
    echo 'trap : INT'
    printf '%s' 'set --'
    for a in "$@"; do printf " '%s'" "$(printf '%s' "$a" | sed "s/'/'\\\\''/g")"; done
    echo
    echo '"$@"'
    printf 'echo $? >"%s.tmp"\n' "$TMP/tui.rc"
    printf 'stty -a >"%s" 2>&1\n' "$TMP/tui.stty"
    printf 'mv "%s.tmp" "%s"\n' "$TMP/tui.rc" "$TMP/tui.rc"
    echo 'exec sleep 600'
  } >"$TMP/tui.sh"
  tm new-session -d -s tui -x "$w" -y "$h" "sh '$TMP/tui.sh'"
}

tui_keys() { tm send-keys -t tui "$@"; }

# tui_signal SIG: send SIG to the program tui_start runs (the child of the
# pane's shell), never to another test's.
tui_signal() {
  local sh
  sh=$(tm display-message -p -t tui '#{pane_pid}') &&
    pkill "-$1" -P "$sh" 2>/dev/null
}

tui_screen() { tm capture-pane -p -t tui >"$TMP/screen" 2>/dev/null; cat "$TMP/screen"; }

# The time in hundredths of a second, for deadlines.
tui_now() { local t; t=$(cat /proc/uptime); t=${t%% *}; echo "${t%.*}${t#*.}"; }

tui_wait() {
  local text=$1 limit=${2:-10} end
  end=$(( $(tui_now) + limit * 100 ))
  while :; do
    tui_screen >/dev/null
    grep -qF -- "$text" "$TMP/screen" && return 0
    [ "$(tui_now)" -ge "$end" ] && return 1
    sleep 0.05
  done
}

tui_expect() {
  if tui_wait "$2" "${3:-10}"; then ok "$1"; else
    not_ok "$1"; diag "'$2' not on the screen:"; diag "$(cat "$TMP/screen")"
    [ -s "$TMP/tui.err" ] && { diag "stderr:"; diag "$(head -20 "$TMP/tui.err")"; }
  fi
}

tui_absent() {
  tui_screen >/dev/null
  if grep -qF -- "$2" "$TMP/screen"; then
    not_ok "$1"; diag "'$2' unexpectedly on the screen:"; diag "$(cat "$TMP/screen")"
  else ok "$1"; fi
}

tui_wait_exit() {
  local limit=${1:-10} end
  end=$(( $(tui_now) + limit * 100 ))
  while [ ! -f "$TMP/tui.rc" ]; do
    [ "$(tui_now)" -ge "$end" ] && return 1
    sleep 0.05
  done
  return 0
}

tui_resize() { tm resize-window -t tui -x "$1" -y "$2"; }

tui_gone() {
  local end=$(( $(tui_now) + 1000 ))
  while tui_screen | grep -qF -- "$2"; do
    if [ "$(tui_now)" -ge "$end" ]; then
      not_ok "$1"; diag "'$2' still on the screen:"; diag "$(cat "$TMP/screen")"
      return
    fi
    sleep 0.05
  done
  ok "$1"
}

tui_leave() {
  tui_keys q
  if tui_wait_exit 10 && [ "$(cat "$TMP/tui.rc")" = 0 ]; then
    ok "$1: q quits with status 0"
  else
    not_ok "$1: q quits with status 0"; diag "$(tui_screen)"
  fi
  cp "$TMP/tui.err" "$TMP/err"
  no_sanitizer_report "$1: no sanitizer report"
}

tui_store_state() {
  (cd "${2:-$TMP/pki}" && find . -type f ! -name .certdeck.lock | sort |
    xargs sha256sum) >"$TMP/$1"
}

tui_sign_pick() {
  tui_keys /
  tui_keys C-u
  tui_keys -l "$1"
  tui_keys Enter
  tui_expect "the filter shows $1" "filter: $1"
  tui_keys s
  tui_expect "s asks for the profile" "The profile to sign with"
}

tui_sign_defaults() {
  tui_sign_pick "$1"
  tui_keys Enter
  tui_expect "the form" "The certificate will expire in (days)"
  tui_keys F10
  tui_expect "the review" "Certificate to be issued"
  tui_keys Enter
  tui_expect "the last page" "Is the above information ok?"
  tui_keys y
}

tui_crl_declined() {
  tui_keys n
  tui_expect "$1" "$2"
  if cmp -s "$3" "$4"; then ok "... ${3##*/} untouched"
  else not_ok "... ${3##*/} untouched"; fi
}

tui_crl_sign() {
  tui_keys "$@"
  tui_wait "Sign a new CRL now" >/dev/null
  tui_keys y
}
