#!/bin/sh
# The guided lab works as written, in English (man/certdeck-lab.7) and in
# French (man/fr/certdeck-lab.7, under LANG=fr_FR.UTF-8 with the French
# catalogue built from po/fr.po): every command of its examples runs, in
# order, in an empty directory, exits as the page says, and prints what the
# page shows. The conventions (the header of man/certdeck-lab.7):
#   $ COMMAND             run it (a line ending in "\e" goes on below);
#                         exit 0, or N with a trailing  \" exit N
#   $ COMMAND  \" server  a server the student starts in a second terminal:
#                         run here in the background with --port 0 instead
#                         of the page's port 5556, which is then replaced by
#                         the port it printed ("Listening on 127.0.0.1:PORT")
#                         in the commands and lines that follow; it is
#                         killed when the next server starts, and at the end
#   other lines           what the student sees: each must be in the output
#                         (stdout and stderr) of the command above it, "..."
#                         standing for any text; after  .\" server:  in the
#                         server's log (polled until a deadline)
#   .\" expect: TEXT      the same, for a line the page does not show
# Loopback only; every wait is bounded.
. "$top_srcdir/tests/lib.sh"
need certtool gnutls-cli openssl faketime timeout msgfmt
# faketime preloads libfaketime ahead of the sanitizer runtime: allow it.
ASAN_OPTIONS="${ASAN_OPTIONS:-}:verify_asan_link_order=0"; export ASAN_OPTIONS
WAIT=${LAB_TEST_WAIT:-60}
PAGE_PORT=5556
cd "$TMP" || exit 1
mkdir bin
ln -s "$CERTDECK" bin/certdeck
PATH="$TMP/bin:$PATH"
export PATH

spid=
stop_server() {
  [ -n "$spid" ] || return 0
  kill "$spid" 2>/dev/null
  n=0
  while kill -0 "$spid" 2>/dev/null && [ "$n" -lt 100 ]; do sleep 0.05; n=$((n + 1)); done
  kill -9 "$spid" 2>/dev/null
  wait "$spid" 2>/dev/null
  spid=
}
trap 'stop_server; cd /; rm -rf "$TMP"' EXIT
trap 'exit 1' INT TERM HUP

# The page's roff, back to what the student reads and types.
cat >unroff.sed <<'EOF'
s/\\-/-/g
s/\\(aq/'/g
s/\\(ga/`/g
s/\\(dq/"/g
s/\\('e/é/g
s/\\(`e/è/g
s/\\(^e/ê/g
s/\\(:e/ë/g
s/\\(`a/à/g
s/\\(^a/â/g
s/\\(,c/ç/g
s/\\(^i/î/g
s/\\(:i/ï/g
s/\\(^o/ô/g
s/\\(`u/ù/g
s/\\(^u/û/g
s/\\('E/É/g
s/\\(`E/È/g
s/\\(^E/Ê/g
s/\\(`A/À/g
s/\\(,C/Ç/g
s/\\(oe/œ/g
s/\\~/ /g
s/\\&//g
s/\\e/\\/g
EOF

# steps PAGE: the examples as records, in order:
#   C <TAB> STATUS <TAB> SERVER(0|1) <TAB> COMMAND
#   E <TAB> out|server <TAB> TEXT
steps() {
  sed -f unroff.sed "$1" | awk '
    function trim(s) { sub(/^[ \t]+/, "", s); sub(/[ \t]+$/, "", s); return s }
    /^\.EX/ { ex = 1; next }
    /^\.EE/ { ex = 0; next }
    !ex { next }
    /^\.\\" server:/ { where = "server"; next }
    /^\.\\" expect: / { t = $0; sub(/^\.\\" expect: /, "", t)
                        print "E\t" where "\t" trim(t); next }
    /^\./ { next }
    {
      if (more) cmd = cmd " " trim($0)
      else if ($0 ~ /^\$ /) { cmd = substr($0, 3); where = "out" }
      else { t = trim($0); if (t != "") print "E\t" where "\t" t; next }
      if (cmd ~ /\\$/) { sub(/[ ]*\\$/, "", cmd); more = 1; next }
      more = 0; want = 0; srv = 0
      if (match(cmd, / *\\" exit [0-9]+$/)) {
        want = substr(cmd, RSTART); sub(/.*exit /, "", want)
        cmd = substr(cmd, 1, RSTART - 1)
      } else if (match(cmd, / *\\" server$/)) {
        srv = 1; cmd = substr(cmd, 1, RSTART - 1)
      }
      print "C\t" want "\t" srv "\t" cmd
    }'
}

# with_port TEXT: the page's port replaced by the running server's.
with_port() {
  printf '%s\n' "$1" | sed "s/\([^0-9]\)$PAGE_PORT\([^0-9]\|\$\)/\1${port:-$PAGE_PORT}\2/g"
}
# ere TEXT: an extended regex matching TEXT, "..." matching anything.
ere() {
  printf '%s\n' "$1" | sed -e 's/[][\\.*+?(){}|^$]/\\&/g' -e 's/\\\.\\\.\\\./.*/g'
}
# seen FILE ERE [WAIT]: FILE matches ERE, polling until WAIT seconds.
seen() {
  end=$(($(date +%s) + ${3:-0}))
  until grep -Eq -- "$2" "$1" 2>/dev/null; do
    [ "$(date +%s)" -lt "$end" ] || return 1
    sleep 0.05
  done
}

# run_page LABEL PAGE: run the page's steps in the empty directory LABEL.
run_page() {
  label=$1
  steps "$2" >"$label.steps"
  nc=$(grep -c '^C' "$label.steps")
  ne=$(grep -c '^E' "$label.steps")
  nsrv=$(grep -c '^C	[0-9]*	1	' "$label.steps")
  [ "$nc" -ge 50 ] && [ "$ne" -ge 50 ] && [ "$nsrv" -ge 3 ] &&
    ok "$label: $nc commands, $ne lines to see, $nsrv servers" ||
    not_ok "$label: the page has its commands ($nc), lines to see ($ne), servers ($nsrv)"
  mkdir "$label" && cd "$label" || return 1
  port= last=out cmd=
  while IFS='	' read -r kind a b c; do
    if [ "$kind" = C ]; then
      want=$a cmd=$c
      # ok() echoes: keep the command's backslashes.
      shown=$(printf '%s\n' "$cmd" | sed 's/\\/\\\\/g')
      if [ "$b" = 1 ]; then
        stop_server
        port=
        : >server.log
        sh -c "exec $(printf '%s\n' "$cmd" | sed "s/--port $PAGE_PORT/--port 0/")" \
          >server.log 2>&1 </dev/null &
        spid=$!
        if seen server.log 'Listening on 127\.0\.0\.1:[0-9]+' "$WAIT"; then
          port=$(sed -n 's/^Listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' server.log | head -1)
          ok "$label: $shown (port $port)"
        else
          not_ok "$label: $shown"; diag "no 'Listening on' within ${WAIT}s:" "$(head -10 server.log)"
        fi
        last=server.log
      else
        rc=0
        timeout "$WAIT" sh -c "$(with_port "$cmd")" >out 2>&1 </dev/null || rc=$?
        if [ "$rc" -eq "$want" ]; then ok "$label: $shown"
        else
          not_ok "$label: $shown"; diag "exit $rc, the page says $want" "$(head -20 out)"
        fi
        last=out
      fi
    else
      text=$(with_port "$b")
      if [ "$a" = server ] || [ "$last" = server.log ]; then
        f=server.log w=$WAIT what="the server shows"
      else
        f=out w=0 what="shows"
      fi
      if seen "$f" "$(ere "$text")" "$w"; then ok "$label: ... $what: $text"
      else
        not_ok "$label: ... $what: $text"; diag "after: $cmd" "$(head -40 "$f")"
      fi
    fi
  done <"../$label.steps"
  stop_server
  cd "$TMP" || exit 1
}

run_page en "$top_srcdir/man/certdeck-lab.7"

FR="$top_srcdir/man/fr/certdeck-lab.7"
grep '^C' en.steps >en.cmds
steps "$FR" | grep '^C' >fr.cmds
if cmp -s en.cmds fr.cmds; then ok "the French page has the same commands"
else not_ok "the French page has the same commands"; diag "$(diff en.cmds fr.cmds | head -20)"; fi
if ! locale -a 2>/dev/null | grep -qi '^fr_FR\.utf-\?8$'; then
  skip "the French lab: no fr_FR.UTF-8 locale here (./bootstrap generates it)"
  done_testing; exit $?
fi
mkdir -p locale/fr/LC_MESSAGES
msgfmt -o locale/fr/LC_MESSAGES/certdeck.mo "$top_srcdir/po/fr.po" ||
  { not_ok "po/fr.po compiles"; done_testing; exit $?; }
(
  LANGUAGE=fr LC_ALL=fr_FR.UTF-8 CERTDECK_LOCALEDIR="$TMP/locale"
  export LANGUAGE LC_ALL CERTDECK_LOCALEDIR
  trap stop_server EXIT
  run_page fr "$FR"
  echo "$tap_n $tap_failed" >"$TMP/fr.counts"
)
read -r tap_n tap_failed <fr.counts
done_testing
