#!/bin/bash
# certdeck benchmarks: `make bench`. Never part of `make check`.
#
# Each figure is measured side by side, in the same run, with the floor of
# ../shared/limits (what GnuTLS alone does in one process) and with the peers
# (certtool and openssl, one process per item, as people script them), and
# compared with the goal the issues set. Medians of $BENCH_RUNS runs.
#
# Environment: CERTDECK (the binary), LIMITS (the limits directory, default
# $top_srcdir/../shared/limits), BENCH_RUNS (default 5), BENCH_N (default 200),
# BENCH_PEER_N (items for the one-process-per-item peers, default 200),
# BENCH_TUI_N (certificates of the terminal UI's big store, default 10000),
# BENCH_ECHO_RUNS (runs of the echo figures, default 9), BENCH_ONLY (cases
# or echo: one part only).
set -euo pipefail

top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
CERTDECK=${CERTDECK:-$top_srcdir/_build/src/certdeck}
LIMITS=${LIMITS:-$top_srcdir/../shared/limits}
RUNS=${BENCH_RUNS:-5}
N=${BENCH_N:-200}
export LC_ALL=C TZ=UTC

if [ ! -d "$LIMITS" ]; then
  echo "bench: $LIMITS not found; set LIMITS=DIR to the floors of ../shared/limits" >&2
  exit 77
fi
W=$(mktemp -d "${TMPDIR:-/tmp}/certdeck-bench.XXXXXX")
trap 'rm -rf "$W"' EXIT
echo "bench: building the floors of $LIMITS"
make -s -C "$LIMITS" BIN="$W/bin" >/dev/null
echo "bench: fixtures ($N leaf keys and requests)"
D="$W/fx" NLEAF=$N bash "$LIMITS/setup.sh" >/dev/null 2>&1
FX="$W/fx"
export D="$FX"   # the peers' scripts find their fixtures there

now() { date +%s.%N; }
# A fresh, empty $W/out. The previous one is moved aside, not removed:
# removing thousands of files between runs makes the next run's file
# creations slower on ext4 (it skips inodes freed in the last minute),
# and would weigh on whoever writes more files. Then everything written
# so far is flushed (untimed): certdeck makes its store durable with one
# syncfs, which would otherwise also write out what the runs before it
# left in the page cache (the floor and the peers never flush); each run
# pays for its own writes only.
fresh_out() {
  [ -e "$W/out" ] && mv "$W/out" "$(mktemp -d "$W/spent.XXXXXX")/out"
  mkdir -p "$W/out"
  sync
}
# median of the numbers on stdin
median() { sort -g | awk '{v[NR]=$1} END {print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }
# time_cmd CMD...: wall seconds of one run
time_cmd() { local a b; a=$(now); "$@" >/dev/null 2>&1 || { echo "bench: failed: $(echo "$*" | cut -c1-300)" >&2; "$@" 2>&1 >/dev/null | head -5 >&2; return 1; }; b=$(now); awk -v a="$a" -v b="$b" 'BEGIN {print b - a}'; }
# rate_with SETUP N CMD...: median items per second over RUNS runs, SETUP
# (untimed) before each.
rate_with() {
  local setup=$1 n=$2; shift 2
  for _ in $(seq 1 "$RUNS"); do
    "$setup"
    t=$(time_cmd "$@") || return 1
    awk -v n="$n" -v t="$t" 'BEGIN {print n / t}'
  done | median
}
# rate N CMD...: the same, in a fresh, empty output directory each time.
rate() { rate_with fresh_out "$@"; }
results=()
report() { # report NAME CERTDECK FLOOR_OR_PEER RATIO_GOAL UNIT
  local ratio verdict
  ratio=$(awk -v a="$2" -v b="$3" 'BEGIN {print a / b}')
  verdict=$(awk -v r="$ratio" -v g="$4" 'BEGIN {print (r >= g) ? 1 : 0}')
  [ "$verdict" = 1 ] && verdict=met || verdict=MISSED
  results+=("$(printf '%-44s %10.1f %10.1f %7.2f  >= %-5s %s' "$1" "$2" "$3" "$ratio" "$4" "$verdict")")
}

# report_max NAME VALUE LIMIT UNIT: a figure with an absolute goal (at
# most LIMIT), no floor to compare with.
report_max() {
  local verdict
  verdict=$(awk -v v="$2" -v l="$3" 'BEGIN {print (v <= l) ? "met" : "MISSED"}')
  results+=("$(printf '%-44s %10.1f %10s %7s  <= %-5s %s' "$1" "$2" - - "$3 $4" "$verdict")")
}

echo "bench: running (RUNS=$RUNS, N=$N)"
# BENCH_ONLY=cases or BENCH_ONLY=echo runs one part.
case ${BENCH_ONLY:-all} in all | cases) . "$top_srcdir/bench/cases.sh" ;; esac
case ${BENCH_ONLY:-all} in all | echo) . "$top_srcdir/bench/echo.sh" ;; esac

printf '\n%-44s %10s %10s %7s  %-8s %s\n' "figure ($N items, medians of $RUNS${ERUNS:+; echo $ERUNS})" certdeck "reference" ratio goal verdict
printf '%s\n' "${results[@]}"
