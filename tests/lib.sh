# certdeck tests: shared shell helpers producing TAP.
# Source it from a test: . "$top_srcdir/tests/lib.sh"
# Environment (from Makefile.am): top_srcdir, top_builddir, CERTDECK,
# CERTTOOL, OPENSSL, FAKETIME; LC_ALL=C, TZ=UTC.

set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
: "${CERTDECK:=$top_builddir/src/certdeck}"
: "${CERTTOOL:=$(command -v certtool || true)}"
: "${OPENSSL:=$(command -v openssl || true)}"
: "${FAKETIME:=$(command -v faketime || true)}"
DATA="$top_srcdir/tests/data"

tap_n=0
tap_failed=0

# A scratch directory removed at exit, after the servers the test started
# in the background (bg_track PID) are killed.
TMP=$(mktemp -d "${TMPDIR:-/tmp}/certdeck-test.XXXXXX")
TEST_PIDS=
bg_track() { TEST_PIDS="$TEST_PIDS $*"; }
trap 'for p in $TEST_PIDS; do kill -9 "$p" 2>/dev/null; done; cd / && rm -rf "$TMP"' EXIT
trap 'exit 1' INT TERM HUP

# listening_port FILE PID SECONDS: poll FILE for the line serve and
# ocsp-serve print once ready, "Listening on ADDRESS:PORT", while PID
# runs; print PORT. Status 1 past SECONDS or when PID ended first.
listening_port() {
  lp_end=$(($(date +%s) + $3))
  until grep -q '^Listening on ' "$1" 2>/dev/null; do
    if [ "$(date +%s)" -ge "$lp_end" ] || ! kill -0 "$2" 2>/dev/null; then
      grep -q '^Listening on ' "$1" 2>/dev/null || return 1
    fi
    sleep 0.05
  done
  sed -n 's/^Listening on .*:\([0-9][0-9]*\)$/\1/p' "$1" | head -1
}

# alive PID: the process runs (a zombie does not count).
alive() {
  kill -0 "$1" 2>/dev/null || return 1
  ! grep -q '^[0-9]* (.*) Z' "/proc/$1/stat" 2>/dev/null
}
# deadline [SECONDS]: set $end; past: 0 once it is reached.
deadline() { end=$(($(date +%s) + ${1:-${WAIT:-60}})); }
past() { [ "$(date +%s)" -ge "$end" ]; }
# wait_grep FILE ERE [PID]: poll until FILE matches; 1 on the deadline or
# when PID ended without FILE matching.
wait_grep() {
  deadline
  while ! grep -Eq -- "$2" "$1" 2>/dev/null; do
    if past || { [ -n "${3:-}" ] && ! alive "$3"; }; then
      grep -Eq -- "$2" "$1" 2>/dev/null
      return
    fi
    sleep 0.05
  done
}

ok() { tap_n=$((tap_n + 1)); echo "ok $tap_n - $*"; }
not_ok() { tap_n=$((tap_n + 1)); tap_failed=$((tap_failed + 1)); echo "not ok $tap_n - $*"; }
diag() { printf '%s\n' "$@" | sed 's/^/# /'; }
skip() { tap_n=$((tap_n + 1)); echo "ok $tap_n # SKIP $*"; }
# skip_all REASON: the whole file is skipped (automake counts it as SKIP).
skip_all() { echo "1..0 # SKIP $*"; trap - EXIT; rm -rf "$TMP"; exit 0; }
done_testing() { echo "1..$tap_n"; [ "$tap_failed" -eq 0 ]; }

# need TOOL...: skip the whole file without the tools it relies on as judges.
need() {
  for t in "$@"; do
    command -v "$t" >/dev/null 2>&1 || skip_all "$t not installed"
  done
}

# run CMD...: run, capturing stdout in $TMP/out, stderr in $TMP/err, status in $rc.
run() {
  rc=0
  "$@" >"$TMP/out" 2>"$TMP/err" || rc=$?
}

# check DESC CMD...: ok when CMD exits 0.
check() {
  local desc=$1; shift
  run "$@"
  if [ "$rc" -eq 0 ]; then ok "$desc"; else
    not_ok "$desc"; diag "command: $*" "exit: $rc" "stdout:"; diag "$(head -20 "$TMP/out")"
    diag "stderr:"; diag "$(head -20 "$TMP/err")"
  fi
}

# check_exit DESC STATUS CMD...: ok when CMD exits with STATUS.
check_exit() {
  local desc=$1 want=$2; shift 2
  run "$@"
  if [ "$rc" -eq "$want" ]; then ok "$desc"; else
    not_ok "$desc"; diag "command: $*" "exit: $rc, expected $want" "stderr:"; diag "$(head -20 "$TMP/err")"
  fi
}

# grep_ok DESC PATTERN FILE: ok when FILE matches the extended regex PATTERN.
grep_ok() {
  if grep -Eq -- "$2" "$3"; then ok "$1"; else
    not_ok "$1"; diag "pattern '$2' not in $3:"; diag "$(head -30 "$3")"
  fi
}
grep_not() {
  if grep -Eq -- "$2" "$3"; then
    not_ok "$1"; diag "pattern '$2' unexpectedly in $3:"; diag "$(grep -E -- "$2" "$3" | head -5)"
  else ok "$1"; fi
}

# sanitizer_clean DESC: no sanitizer report in the last stderr.
no_sanitizer_report() {
  if grep -Eq 'ERROR: AddressSanitizer|runtime error:|ERROR: LeakSanitizer' "$TMP/err"; then
    not_ok "$1"; diag "$(head -30 "$TMP/err")"
  else ok "$1"; fi
}
