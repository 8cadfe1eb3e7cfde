# certdeck benchmark: the TLS echo server (issue 4), sourced by bench/run.sh
# (which defines median, report, results, $W, $FX, $RUNS, $CERTDECK).
#
# Three servers side by side on loopback, with the same ECDSA P-256
# certificate and key (the fixtures' tls/server.pem) and the same CA:
# certdeck serve, gnutls-serv --echo (session tickets on, as by default;
# -a: no client certificate asked for, as the others) and the floor,
# bin/tlsechod (thread per connection, TCP_NODELAY, tickets on). The load
# is bin/tlsclient: full TLS 1.3 handshakes with one echo round trip each
# (sequential, two concurrent clients, mutual TLS), and 64 MiB through one
# connection. Each figure is the median of ERUNS runs (BENCH_ECHO_RUNS,
# default 9: a run is short, and loopback figures vary more from run to
# run than the others), the servers taken in turns within each run so
# that they share the machine's load. The throughput runs also record the
# share of its time the load client spent on the CPU: near 1, the figure
# is the client's own limit, not the server's.

BIN="$W/bin"
ERUNS=${BENCH_ECHO_RUNS:-9}
HS_N=${BENCH_HS_N:-1000}
TPUT=67108864
TLS="$FX/tls"
ECA="$FX/ca-ec.pem"
echo_pids=
echo_cleanup() { for p in $echo_pids; do kill "$p" 2>/dev/null; done; echo_pids=; }
trap 'echo_cleanup; rm -rf "$W"' EXIT

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
# wait_listen PORT: poll (10 s at most) until something listens on PORT.
wait_listen() {
  local hex end
  hex=$(printf ':%04X ' "$1")
  end=$(($(date +%s) + 10))
  until grep -q "$hex[0-9A-F]*:0000 0A" /proc/net/tcp /proc/net/tcp6 2>/dev/null; do
    [ "$(date +%s)" -lt "$end" ] || return 1
    sleep 0.05
  done
}
# start_servers MODE: the three servers, each on its port (cd_port,
# gs_port, fl_port); MODE mtls requires and verifies client certificates.
start_servers() {
  local cd_auth gs_auth fl_auth
  cd_auth=() gs_auth=(-a) fl_auth=()
  if [ "$1" = mtls ]; then
    cd_auth=(--ca "$ECA" --require-client-cert)
    gs_auth=(-r --verify-client-cert --x509cafile "$ECA")
    fl_auth=(-C "$ECA" -r)
  fi
  "$CERTDECK" serve --port 0 --quiet --cert "$TLS/server.pem" --key "$TLS/server.key" \
    "${cd_auth[@]}" >"$W/serve.out" 2>/dev/null &
  echo_pids="$echo_pids $!"
  gs_port=$(free_port)
  gnutls-serv --echo -q -p "$gs_port" --x509certfile "$TLS/server.pem" \
    --x509keyfile "$TLS/server.key" "${gs_auth[@]}" >/dev/null 2>&1 &
  echo_pids="$echo_pids $!"
  fl_port=$(free_port)
  "$BIN/tlsechod" -p "$fl_port" -c "$TLS/server.pem" -k "$TLS/server.key" "${fl_auth[@]}" \
    >/dev/null 2>&1 &
  echo_pids="$echo_pids $!"
  local end=$(($(date +%s) + 10))
  until grep -q '^Listening on ' "$W/serve.out" 2>/dev/null; do
    [ "$(date +%s)" -lt "$end" ] || { echo "bench: certdeck serve did not start" >&2; return 1; }
    sleep 0.05
  done
  cd_port=$(sed -n 's/^Listening on .*:\([0-9][0-9]*\)$/\1/p' "$W/serve.out")
  wait_listen "$gs_port" && wait_listen "$fl_port"
}
# hs PORT ARGS...: handshakes per second of one tlsclient run.
hs() {
  local port=$1; shift
  "$BIN/tlsclient" -p "$port" -C "$ECA" -n "$HS_N" "$@" 2>/dev/null |
    sed -n 's/.*hs_per_s=\([0-9.]*\).*/\1/p' | grep . || { echo "bench: tlsclient $* failed on $port" >&2; echo 0; }
}
# tput PORT: MB/s of 64 MiB echoed (0 when a byte came back different);
# the client's CPU time over its elapsed time goes to $W/cpu.PORT.
tput() {
  local TIMEFORMAT='%U %S %R' t
  t=$({ time "$BIN/tlsclient" -p "$1" -C "$ECA" -T "$TPUT" >"$W/tput.out" 2>/dev/null; } 2>&1) || true
  awk -v t="$t" 'BEGIN { split(t, a, " "); if (a[3] > 0) print (a[1] + a[2]) / a[3] }' >>"$W/cpu.$1"
  awk '/^throughput/ { for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
         print ((v["mismatch"] == 0) ? v["MB_per_s"] : 0) }' "$W/tput.out" | grep . || echo 0
}
# many PORT: seconds for 100 connections held open at once, all echoed
# (the Python client of the tests); "fail" when one did not come back.
many() {
  local a b
  a=$(now)
  python3 "$top_srcdir/tests/cli/echo-client.py" --port "$1" --ca "$ECA" --name localhost \
    --connections 100 --timeout 30 >/dev/null 2>&1 || { echo fail; return; }
  b=$(now)
  awk -v a="$a" -v b="$b" 'BEGIN {print b - a}'
}
# measure MODE LABEL ARGS...: ERUNS runs of tlsclient ARGS against the
# three servers in turns; medians in cd_v, gs_v, fl_v.
measure() {
  local mode=$1; shift
  : >"$W/e.cd"; : >"$W/e.gs"; : >"$W/e.fl"
  for _ in $(seq 1 "$ERUNS"); do
    "$mode" "$cd_port" "$@" >>"$W/e.cd"
    "$mode" "$gs_port" "$@" >>"$W/e.gs"
    "$mode" "$fl_port" "$@" >>"$W/e.fl"
  done
  cd_v=$(median <"$W/e.cd") gs_v=$(median <"$W/e.gs") fl_v=$(median <"$W/e.fl")
}

if ! command -v gnutls-serv >/dev/null || ! command -v python3 >/dev/null ||
  ! "$CERTDECK" serve --help >/dev/null 2>&1; then
  echo "bench: echo server skipped (gnutls-serv, python3 or certdeck serve missing)" >&2
else
  echo "bench: TLS echo servers ($HS_N handshakes per run, TLS 1.3, ECDSA P-256, medians of $ERUNS runs)"
  start_servers plain || echo "bench: a server did not start" >&2
  measure hs -c 1
  echo "bench: handshakes/s, sequential: certdeck $cd_v, gnutls-serv $gs_v, tlsechod $fl_v"
  report "TLS 1.3 handshakes/s, seq, vs gnutls-serv" "$cd_v" "$gs_v" 1.00 hs/s
  report "TLS 1.3 handshakes/s, seq, vs tlsechod" "$cd_v" "$fl_v" 0.90 hs/s
  measure hs -c 2
  echo "bench: handshakes/s, 2 clients: certdeck $cd_v, gnutls-serv $gs_v, tlsechod $fl_v"
  report "handshakes/s, 2 clients, vs gnutls-serv" "$cd_v" "$gs_v" 1.25 hs/s
  report "handshakes/s, 2 clients, vs tlsechod" "$cd_v" "$fl_v" 0.90 hs/s
  rm -f "$W/cpu.$cd_port" "$W/cpu.$gs_port" "$W/cpu.$fl_port"
  measure tput
  echo "bench: 64 MiB echo, MB/s: certdeck $cd_v, gnutls-serv $gs_v, tlsechod $fl_v"
  echo "bench: ... the load client's CPU time over its elapsed time (median): against certdeck" \
    "$(median <"$W/cpu.$cd_port"), gnutls-serv $(median <"$W/cpu.$gs_port"), tlsechod $(median <"$W/cpu.$fl_port")"
  report "64 MiB echo MB/s vs tlsechod" "$cd_v" "$fl_v" 0.90 MB/s
  report "64 MiB echo MB/s vs gnutls-serv" "$cd_v" "$gs_v" 2.50 MB/s
  : >"$W/many.cd"; : >"$W/many.fl"
  for _ in $(seq 1 "$ERUNS"); do
    many "$cd_port" >>"$W/many.cd"
    many "$fl_port" >>"$W/many.fl"
  done
  if grep -q fail "$W/many.cd"; then many_cd=0; else many_cd=$(median <"$W/many.cd"); fi
  many_fl=$(grep -v fail "$W/many.fl" | median)
  echo "bench: 100 connections held open, all echoed: certdeck ${many_cd} s, tlsechod ${many_fl} s"
  # The goal is that all come back; the times are there to compare.
  verdict=met; [ "$many_cd" = 0 ] && verdict=MISSED
  results+=("$(printf '%-44s %10.2f %10.2f %7.2f  %-8s %s' "100 conns held open, all echoed (s)" \
    "$many_cd" "${many_fl:-0}" "$(awk -v a="$many_cd" -v b="${many_fl:-0}" 'BEGIN {print (b > 0 ? a / b : 0)}')" \
    "all back" "$verdict")")
  echo_cleanup
  start_servers mtls || echo "bench: a server did not start" >&2
  measure hs -c 1 -m "$TLS/client.pem" "$TLS/client.key"
  echo "bench: handshakes/s, mutual TLS: certdeck $cd_v, gnutls-serv $gs_v, tlsechod $fl_v"
  report "mTLS handshakes/s, seq, vs tlsechod" "$cd_v" "$fl_v" 0.90 hs/s
  measure hs -c 2 -m "$TLS/client.pem" "$TLS/client.key"
  echo "bench: handshakes/s, mutual TLS, 2 clients: certdeck $cd_v, gnutls-serv $gs_v, tlsechod $fl_v"
  report "mTLS handshakes/s, 2 clients, vs tlsechod" "$cd_v" "$fl_v" 0.90 hs/s
  echo_cleanup
fi
