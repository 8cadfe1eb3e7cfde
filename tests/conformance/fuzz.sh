#!/bin/sh
# check-conformance: inspect on every file of the shared fuzz corpora
# ($SHARED/testdata/fuzz-corpora): the crash reproducers (*.repro/) with
# every option, and the seed corpora (*.in/, BoringSSL's) plain and as JSON.
# A run is bad when it ends other than with exit 0 or 2 (a signal, ASan's 99,
# UBSan's 98) or leaves a sanitizer report. Prints
# "fuzz: N files, N ok, N bad"; exit 77 when the corpora are absent.
: "${top_builddir:=.}"
: "${CERTDECK:=$top_builddir/src/certdeck}"
corpora="${SHARED:-}/testdata/fuzz-corpora"
if [ -z "${SHARED:-}" ] || [ ! -d "$corpora" ]; then
  echo "fuzz: $corpora not found; skipped"
  exit 77
fi
TMP=$(mktemp -d "${TMPDIR:-/tmp}/certdeck-fuzz.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
echo secret > "$TMP/pw"

# one FILE ARGS...: 0 when inspect ends well on FILE with ARGS.
one() {
  f=$1; shift
  rc=0
  "$CERTDECK" inspect "$@" "$f" >/dev/null 2>"$TMP/err" </dev/null || rc=$?
  if [ "$rc" -ne 0 ] && [ "$rc" -ne 2 ]; then
    echo "bad: exit $rc: inspect $* $f"; head -3 "$TMP/err"; return 1
  fi
  if grep -Eq 'runtime error|AddressSanitizer|LeakSanitizer' "$TMP/err"; then
    echo "bad: sanitizer report: inspect $* $f"; head -10 "$TMP/err"; return 1
  fi
  return 0
}

files=0 good=0 bad=0
list=$(find "$corpora" -type f ! -name PROVENANCE.md | sort)
for f in $list; do
  files=$((files + 1))
  result=0
  case $f in
  *.repro/*)
    for args in "" "--json" "--type cert" "--type request" "--type key" \
      "--type crl" "--type pkcs12" "--show-private --password-file $TMP/pw"; do
      # shellcheck disable=SC2086
      one "$f" $args || result=1
    done ;;
  *)
    one "$f" || result=1
    one "$f" --json || result=1 ;;
  esac
  if [ "$result" -eq 0 ]; then good=$((good + 1)); else bad=$((bad + 1)); fi
done
repro=$(echo "$list" | grep -c '\.repro/')
echo "fuzz: $files files, $good ok, $bad bad ($repro crash reproducers with every option)"
[ "$bad" -eq 0 ]
