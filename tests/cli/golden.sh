#!/bin/sh
# certdeck selfsign/request/sign against GnuTLS's golden certtool outputs:
# same key, template and frozen clock must give the same PEM (and, for
# requests, the same text certtool writes before it).
. "$top_srcdir/tests/lib.sh"
need "$FAKETIME"
# faketime preloads libfaketime ahead of the sanitizer runtime: allow it.
ASAN_OPTIONS="${ASAN_OPTIONS:-}:verify_asan_link_order=0"; export ASAN_OPTIONS

G="$DATA/golden"

# Run one case's operation through certdeck, output in $TMP/got.
run_case() {
  op=$1 time=$2 key=$3 tmpl=$4 cakey=$5 cacrt=$6 req=$7
  set -- "$FAKETIME" -f "$time" "$CERTDECK"
  # Every certificate case signs with GnuTLS's RSA-1024 test keys, which
  # lint stops (rsa-key-too-small): --force, as they are here to match
  # certtool (which does not lint) byte for byte.
  case $op in
  generate-self-signed) set -- "$@" selfsign --force --load-privkey "$G/$key" ;;
  generate-request) set -- "$@" request --load-privkey "$G/$key" ;;
  generate-certificate)
    set -- "$@" sign --force --load-ca-certificate "$G/$cacrt" \
      --load-ca-privkey "$G/$cakey"
    if [ -n "$req" ]; then set -- "$@" --load-request "$G/$req"
    else set -- "$@" --load-privkey "$G/$key"; fi ;;
  esac
  run "$@" --template "$G/$tmpl" --outfile "$TMP/got"
}

# Drop the lines containing any of the ;-separated substrings of $1.
filter() {
  if [ -z "$1" ]; then cat "$2"; return; fi
  printf '%s\n' "$1" | tr ';' '\n' > "$TMP/ignore"
  grep -v -F -f "$TMP/ignore" "$2"
}

while IFS='|' read -r id op time key tmpl cakey cacrt req expected mode ign; do
  case $id in ''|'#'*) continue ;; esac
  rm -f "$TMP/got"
  run_case "$op" "$time" "$key" "$tmpl" "$cakey" "$cacrt" "$req"
  case $mode in
  fail)
    if [ "$rc" -ne 0 ] && [ ! -e "$TMP/got" ]; then ok "$id: refused"
    else not_ok "$id: should fail (exit $rc)"; fi ;;
  success)
    if [ "$rc" -eq 0 ] && [ -s "$TMP/got" ]; then ok "$id: succeeds"
    else not_ok "$id: exit $rc"; diag "$(head -5 "$TMP/err")"; fi ;;
  compare)
    filter "$ign" "$G/$expected" > "$TMP/want"
    if [ "$rc" -eq 0 ] && filter "$ign" "$TMP/got" | cmp -s - "$TMP/want"
    then ok "$id: same output as certtool"
    else
      not_ok "$id: differs from certtool (exit $rc)"
      diag "$(head -5 "$TMP/err")"
      [ -e "$TMP/got" ] && diag "$(filter "$ign" "$TMP/got" | diff - "$TMP/want" | head -20)"
    fi ;;
  esac
done < "$G/manifest.txt"

done_testing
