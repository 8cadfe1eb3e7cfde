# certdeck benchmark cases, sourced by bench/run.sh (which defines rate,
# report, $W, $FX, $N, $RUNS, $CERTDECK, $LIMITS). Every rate is items per
# second of wall-clock time for the whole process (start-up, CA load and,
# for certdeck, the store's fsyncs included), measured the same way for
# certdeck, the floor and the peers.

BIN="$W/bin"

# A fresh store with an ECDSA P-256 CA in $W/out/store (untimed).
new_store() {
  fresh_out
  "$CERTDECK" -d "$W/out/store" init-ca --cn "Bench CA" --key-type ecdsa >/dev/null 2>&1
}
# rate_store N CMD...: like rate, with a fresh store before each run.
rate_store() { rate_with new_store "$@"; }
# The floor's CA is the store's, so that both sign with the same key type.
floor_in_store() { # floor_in_store ARGS... (after CA.pem CA.key)
  "$BIN/issue" "$W/out/store/ca.crt" "$W/out/store/private/ca.key" "$@"
}

# 1. issue --batch: key, request and certificate for N names.
cd_batch=$(rate_store "$N" "$CERTDECK" -d "$W/out/store" issue leaf --batch "$N")
floor_gen=$(rate_store "$N" floor_in_store --gen "$N" "$W/out")
# The peers run one process per item: PN items give their rate.
PN=$((N < ${BENCH_PEER_N:-200} ? N : ${BENCH_PEER_N:-200}))
certtool_loop=$(rate "$PN" bash "$LIMITS/issue_certtool.sh" "$FX/ca-ec.pem" "$FX/ca-ec.key" "$W/out" "$PN")
openssl_loop=$(rate "$PN" bash "$LIMITS/issue_openssl.sh" "$FX/ca-ec.pem" "$FX/ca-ec.key" "$W/out" "$PN")
report "issue --batch vs floor (bin/issue --gen)" "$cd_batch" "$floor_gen" 0.90 certs/s
report "issue --batch vs certtool loop" "$cd_batch" "$certtool_loop" 20 certs/s
report "issue --batch vs openssl loop" "$cd_batch" "$openssl_loop" 20 certs/s

# 2. sign N requests in one run (each request's signature checked).
# The fixtures' keys, in requests that carry their DNS name as a SAN (a
# server certificate without one is an error that lint stops), signed
# with --honor-extensions, as easy-rsa users do.
mkdir -p "$W/reqs"
for i in $(seq 1 "$N"); do
  openssl req -new -key "$FX/leafkeys/$i.key" -subj "/CN=leaf$i.example.test" \
    -addext "subjectAltName=DNS:leaf$i.example.test" -out "$W/reqs/r$i.csr" 2>/dev/null
done
cd_sign=$(rate_store "$N" "$CERTDECK" -d "$W/out/store" sign --profile server \
  --honor-extensions "$W"/reqs/r*.csr)
floor_csr=$(rate_store "$N" floor_in_store "csr:$FX/csr" "$N" "$W/out")
report "sign N requests vs floor (bin/issue csr:)" "$cd_sign" "$floor_csr" 0.90 certs/s
report "sign N requests vs certtool loop" "$cd_sign" "$certtool_loop" 20 certs/s

# 3. verify N certificates against one CA.
if "$CERTDECK" verify --help >/dev/null 2>&1; then
  rm -rf "$W/vfy"; mkdir -p "$W/vfy"
  "$BIN/issue" "$FX/ca-ec.pem" "$FX/ca-ec.key" "$FX/leafkeys" "$N" "$W/vfy" >/dev/null
  files=$(for i in $(seq 1 "$N"); do printf '%s ' "$W/vfy/$i.pem"; done)
  # shellcheck disable=SC2086
  cd_verify=$(rate "$N" "$CERTDECK" verify --brief --trust "$FX/ca-ec.pem" $files)
  floor_verify=$(rate "$N" "$BIN/verify" "$FX/ca-ec.pem" "$W/vfy" "$N")
  certtool_verify=$(rate "$PN" bash "$LIMITS/verify_certtool.sh" "$FX/ca-ec.pem" "$W/vfy" "$PN")
  report "verify --brief vs floor (bin/verify)" "$cd_verify" "$floor_verify" 0.90 certs/s
  report "verify --brief vs certtool loop" "$cd_verify" "$certtool_verify" 1 certs/s
fi

# 4. One process: a single key, a single certificate.
one() { # one N CMD...: N single runs, as a rate of processes per second
  local n=$1; shift
  rate "$n" bash -c 'for i in $(seq 1 '"$n"'); do "$@" || exit 1; done' one "$@"
}
M=$((N / 10 > 10 ? N / 10 : 10))
if "$CERTDECK" genkey --help >/dev/null 2>&1; then
  cd_genkey=$(one "$M" sh -c "\"$CERTDECK\" genkey --key-type ecdsa --force --outfile \"$W/k.pem\"")
  ct_genkey=$(one "$M" sh -c "certtool -p --key-type ecdsa --outfile \"$W/k.pem\" 2>/dev/null")
  report "genkey ecdsa, one process vs certtool -p" "$cd_genkey" "$ct_genkey" 0.90 runs/s
fi
cd_one=$(rate_store "$M" bash -c 'for i in $(seq 1 '"$M"'); do "$1" -d "$2" issue "one$i" || exit 1; done' one "$CERTDECK" "$W/out/store")
ct_one=$(one "$M" certtool --generate-certificate --load-privkey "$FX/leafkeys/1.key" \
  --load-ca-certificate "$FX/ca-ec.pem" --load-ca-privkey "$FX/ca-ec.key" \
  --template "$FX/tmpl/1.tmpl" --outfile "$W/one.pem")
report "issue, one process vs one certtool process" "$cd_one" "$ct_one" 0.90 runs/s
# The like-for-like peer of a single issue: what a certtool user runs to
# get a new key and its certificate, two processes (certtool -p, then
# certtool --generate-certificate with that key). The line above keeps
# the literal comparison with the second process alone.
ct_pair=$(rate "$M" bash -c 'for i in $(seq 1 '"$M"'); do
  certtool -p --key-type ecdsa --outfile "$1/pair.key" 2>/dev/null || exit 1
  certtool --generate-certificate --load-privkey "$1/pair.key" \
    --load-ca-certificate "$2/ca-ec.pem" --load-ca-privkey "$2/ca-ec.key" \
    --template "$2/tmpl/1.tmpl" --outfile "$1/pair.pem" 2>/dev/null || exit 1
done' pair "$W" "$FX")
report "issue, like for like: certtool -p, then -c" "$cd_one" "$ct_pair" 0.90 runs/s

# 5. The terminal UI, under a pseudo-terminal of 80x24 (bench/tui.py, which
# reads the refresh stamps of the CERTDECK_TUI_BENCH hook).
TUI="$top_srcdir/bench/tui.py"
TN=${BENCH_TUI_N:-10000}
if command -v python3 >/dev/null 2>&1; then
  # once CMD...: seconds of start, first screen and exit, one run.
  once() { python3 "$TUI" once "$@" | awk '$1 == "wall" {print $2}'; }
  # An empty store (a CA, nothing issued) against the ncurses floor, and
  # the floor with GnuTLS loaded (its library constructor runs
  # gnutls_global_init, which certdeck cannot skip). Runs of a few ms are
  # noisy: 3 x RUNS of each, taken in turns so that the load is the same.
  rm -rf "$W/tui0"
  "$CERTDECK" -d "$W/tui0" init-ca --cn "Bench CA" --key-type ecdsa >/dev/null 2>&1
  : >"$W/once.cd"; : >"$W/once.min"; : >"$W/once.gnutls"
  for _ in $(seq 1 $((3 * RUNS))); do
    once "$CERTDECK" -d "$W/tui0" >>"$W/once.cd"
    once "$BIN/tuimin" >>"$W/once.min"
    once "$BIN/tuimin-gnutls" >>"$W/once.gnutls"
  done
  per_s() { median <"$1" | awk '{print 1 / $1}'; }
  report "TUI start, first screen, exit vs bin/tuimin" \
    "$(per_s "$W/once.cd")" "$(per_s "$W/once.min")" 0.50 runs/s
  report "the same vs bin/tuimin-gnutls" \
    "$(per_s "$W/once.cd")" "$(per_s "$W/once.gnutls")" 0.50 runs/s

  # TN certificates (keys and requests too), built untimed.
  echo "bench: a store of $TN certificates for the terminal UI"
  rm -rf "$W/tuiN"
  "$CERTDECK" -d "$W/tuiN" init-ca --cn "Bench CA" --key-type ecdsa >/dev/null 2>&1
  "$CERTDECK" -d "$W/tuiN" issue leaf --batch "$TN" >/dev/null 2>&1
  # Each run: the first screen, the names of issued/ (a thread), then the
  # filter typed and taken back: "/leaf-42", two backspaces (each widens
  # the filter: all items are tried again).
  keys=$'/leaf-42\x7f\x7f'
  for _ in $(seq 1 "$RUNS"); do
    python3 "$TUI" session --names "$keys" "$CERTDECK" -d "$W/tuiN" |
      awk '$1 == "first" {f = $2} $1 == "names" {n = $2}
           $1 == "key" && $3 > k {k = $3} $1 == "maxrss" {m = $2}
           END {print f, n, k, m}'
  done >"$W/tui.txt"
  tui_first=$(awk '{print $1 * 1000}' "$W/tui.txt" | median)
  tui_names=$(awk '{print $2 * 1000}' "$W/tui.txt" | median)
  tui_key=$(awk '{print $3 * 1000}' "$W/tui.txt" | median)
  tui_rss=$(awk '{print $4 / 1024}' "$W/tui.txt" | sort -g | tail -1)
  echo "bench: TUI, $TN certificates: names of issued/ after $tui_names ms"
  report_max "TUI first screen, $TN certificates" "$tui_first" 100 ms
  report_max "TUI filter, slowest keystroke, $TN certs" "$tui_key" 16 ms
  report_max "TUI peak resident (largest run), $TN certs" "$tui_rss" 20 MiB
fi
