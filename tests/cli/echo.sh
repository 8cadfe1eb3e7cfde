#!/bin/sh
# The TLS echo server and client (serve, connect) against real peers:
# gnutls-cli, gnutls-serv, openssl s_client and s_server, curl and Python's
# ssl module; the classic failures on both sides; misbehaving peers. All on
# loopback, on free ports; every wait polls against a deadline; every
# server started here is killed on exit.
. "$top_srcdir/tests/lib.sh"
need "$OPENSSL" "$FAKETIME" gnutls-cli gnutls-serv python3 curl timeout
# faketime preloads libfaketime ahead of the sanitizer runtime: allow it.
ASAN_OPTIONS="${ASAN_OPTIONS:-}:verify_asan_link_order=0"; export ASAN_OPTIONS
T="$top_srcdir/tests/cli"
# Generous: a loaded 2-core machine under ASan shakes hands slowly.
WAIT=${ECHO_TEST_WAIT:-60}
cd "$TMP" || exit 1

# wait_size FILE BYTES: poll until FILE holds BYTES bytes or more.
wait_size() {
  deadline
  until [ "$(wc -c <"$1" 2>/dev/null || echo 0)" -ge "$2" ] || past; do
    sleep 0.05
  done
}
# wait_gone PID [SECONDS]: poll until PID ended; its status in $st
# (255 when it still runs at the deadline: then it is killed).
wait_gone() {
  deadline "${2:-$WAIT}"
  while alive "$1" && ! past; do sleep 0.05; done
  if alive "$1"; then kill -9 "$1" 2>/dev/null; wait "$1" 2>/dev/null; st=255; return 1; fi
  st=0; wait "$1" || st=$?
}
# hold FILE OUT: print FILE, then keep the pipe open until OUT holds as
# many bytes (the echo came back) or the deadline: a client reading its
# standard input closes when it ends, and must not close before the echo.
hold() { cat "$1"; wait_size "$2" "$(wc -c <"$1")"; }
# Where no echo is expected, the input ends at once: feed=at_once.
at_once() { cat "$1"; }
feed=hold
# wait_listen PORT PID: poll until something listens on PORT (the
# kernel's table, without connecting: the peers' output is buffered).
wait_listen() {
  hex=$(printf ':%04X ' "$1")
  deadline
  until grep -q "$hex[0-9A-F]*:0000 0A" /proc/net/tcp /proc/net/tcp6 2>/dev/null; do
    if past || ! alive "$2"; then return 1; fi
    sleep 0.05
  done
}
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
# same DESC EXPECTED GOT: ok when the files are identical, byte for byte.
same() {
  if cmp -s "$2" "$3"; then ok "$1"; else
    not_ok "$1"; diag "$(cmp "$2" "$3" 2>&1)" "expected $(wc -c <"$2") bytes, got $(wc -c <"$3" 2>/dev/null)"
  fi
}
# ok_if DESC COMMAND...: ok when the command succeeds (a shell test).
ok_if() { local desc=$1; shift; if "$@"; then ok "$desc"; else not_ok "$desc"; fi; }

# serve NAME [-d STORE] ARGS...: certdeck serve --port 0 ARGS in the
# background, its stdout in NAME.out and log in NAME.err; sets $spid and
# $port from the "Listening on" line. SIGINT is reset to its default: a
# shell starts background commands with it ignored.
serve() {
  n=$1; shift
  store=
  [ "$1" = -d ] && { store="-d $2"; shift 2; }
  # shellcheck disable=SC2086
  env --default-signal=INT "$CERTDECK" $store serve --port 0 "$@" >"$n.out" 2>"$n.err" &
  spid=$!; bg_track "$spid"
  port=$(listening_port "$n.out" "$spid" "$WAIT") && return 0
  port=0
  not_ok "serve $* listens"; diag "stderr:" "$(head -20 "$n.err")"
  return 1
}
# stop PID: SIGTERM, then wait for it (status in $st).
stop() { kill -TERM "$1" 2>/dev/null; wait_gone "$1"; }

# connect ARGS...: certdeck connect, bounded; stdout in $TMP/out, log in
# $TMP/err, status in $rc.
connect() { run timeout "$WAIT" "$CERTDECK" connect "$@"; }

# --- Fixtures: a store with a CA made 400 days ago (so that a certificate
# issued then has expired by now), a server certificate for localhost and
# 127.0.0.1, one for 127.0.0.1 only, a client certificate, an expired one;
# an unrelated CA with a server and a client certificate of its own.
past_day=$(date -u -d '-400 days' '+%Y-%m-%d %H:%M:%S')
fixtures() {
  "$FAKETIME" -f "$past_day" "$CERTDECK" -d s init-ca --cn "Echo Test CA" &&
    "$FAKETIME" -f "$past_day" "$CERTDECK" -d s issue old --dns-name localhost \
      --ip-address 127.0.0.1 --expiration-days 30 &&
    "$FAKETIME" -f "$past_day" "$CERTDECK" -d s issue oldclient --profile client \
      --expiration-days 30 &&
    "$CERTDECK" -d s issue localhost --dns-name localhost --ip-address 127.0.0.1 &&
    "$CERTDECK" -d s issue 127.0.0.1 &&
    "$CERTDECK" -d s issue alice --profile client &&
    "$CERTDECK" -d other init-ca --cn "Unrelated CA" &&
    "$CERTDECK" -d other issue localhost --dns-name localhost --ip-address 127.0.0.1 &&
    "$CERTDECK" -d other issue mallory --profile client
}
if fixtures >fixtures.log 2>&1; then ok "fixtures: two CAs and their certificates"
else not_ok "fixtures"; diag "$(tail -20 fixtures.log)"; done_testing; exit 1; fi
CA=s/ca.crt
SC=s/issued/localhost.crt SK=s/private/localhost.key
IPC=s/issued/127.0.0.1.crt IPK=s/private/127.0.0.1.key
CC=s/issued/alice.crt CK=s/private/alice.key
OLDC=s/issued/old.crt OLDK=s/private/old.key
OCC=s/issued/oldclient.crt OCK=s/private/oldclient.key
OCA=other/ca.crt
MC=other/issued/mallory.crt MK=other/private/mallory.key
if "$OPENSSL" verify -CAfile "$CA" "$OLDC" >/dev/null 2>&1; then
  not_ok "the old certificate has expired"
else ok "the old certificate has expired"; fi

# Payloads: text lines; every byte value (NUL first); 1 MiB at random.
printf 'hello, echo\nsecond line\n' >text.txt
python3 -c 'import sys; sys.stdout.buffer.write(bytes([0]) + bytes(range(256)) * 3)' >bytes.bin
head -c 1048576 /dev/urandom >big.bin

# gnutls_cli OUT PAYLOAD ARGS...: gnutls-cli to the server on $port, the
# payload on its input until the echo is back; its messages in OUT.log.
gnutls_cli() {
  o=$1 p=$2; shift 2
  rc=0
  $feed "$p" "$o" | timeout "$WAIT" gnutls-cli --logfile="$o.log" \
    --x509cafile "$CA" -p "$port" "$@" localhost >"$o" 2>"$o.err" || rc=$?
}
# s_client OUT PAYLOAD ARGS...: the same with openssl s_client -quiet
# (only the data on stdout), checking the server's chain and name.
s_client() {
  o=$1 p=$2; shift 2
  rc=0
  $feed "$p" "$o" | timeout "$WAIT" "$OPENSSL" s_client -quiet -no_ign_eof \
    -connect "127.0.0.1:$port" -servername localhost -verify_hostname localhost \
    -CAfile "$CA" -verify_return_error "$@" >"$o" 2>"$o.err" || rc=$?
}
# py_client OUT ARGS...: the student's Python client.
py_client() {
  o=$1; shift
  rc=0
  timeout "$WAIT" python3 "$T/echo-client.py" --port "$port" --ca "$CA" \
    --timeout "$WAIT" "$@" >"$o" 2>"$o.err" || rc=$?
  [ "$rc" -eq 0 ] || diag "echo-client.py $* (port $port): exit $rc" "$(tail -3 "$o.err")"
}
# conn_line LOG N ERE: the log has a line of connection [N] matching ERE.
conn_line() { grep -Eq -- "^\[$2\] .*$3" "$1"; }
# last_conn LOG: the number of the last connection accepted.
last_conn() { sed -n 's/^\[\([0-9][0-9]*\)\] Accepted connection.*/\1/p' "$1" | tail -1; }

# --- 1. gnutls-cli and openssl s_client against certdeck serve: TLS 1.2
# and 1.3, with and without mutual TLS, the echo byte for byte.
serve plain --cert "$SC" --key "$SK"
serve_plain=$spid plain_port=$port
serve mtls --cert "$SC" --key "$SK" --ca "$CA" --require-client-cert
serve_mtls=$spid mtls_port=$port
if [ "$plain_port" -ne 0 ] && [ "$mtls_port" -ne 0 ]; then
  for v in 1.2 1.3; do
    for m in plain mtls; do
      port=$(eval echo "\$${m}_port")
      auth=; [ $m = mtls ] && auth="--x509certfile $CC --x509keyfile $CK"
      # shellcheck disable=SC2086
      gnutls_cli gc$v$m text.txt --priority "NORMAL:-VERS-ALL:+VERS-TLS$v" $auth
      ok_if "gnutls-cli TLS $v $m: exit 0" [ "$rc" -eq 0 ]
      same "gnutls-cli TLS $v $m: echoed byte for byte" text.txt gc$v$m
      n=$(last_conn $m.err)
      ok_if "serve logs TLS $v for gnutls-cli ($m)" conn_line $m.err "$n" "Version: TLS$v"
      auth=; [ $m = mtls ] && auth="-cert $CC -key $CK"
      ov=$(echo "$v" | tr . _)
      # shellcheck disable=SC2086
      s_client sc$v$m text.txt "-tls$ov" $auth
      ok_if "openssl s_client TLS $v $m: exit 0" [ "$rc" -eq 0 ]
      same "openssl s_client TLS $v $m: echoed byte for byte" text.txt sc$v$m
      n=$(last_conn $m.err)
      ok_if "serve logs TLS $v for s_client ($m)" conn_line $m.err "$n" "Version: TLS$v"
    done
  done
  grep_ok "serve shows the client's certificate (mutual TLS)" 'alice' mtls.err
fi
stop "$serve_mtls"
port=$plain_port spid=$serve_plain

# --- 1b. A client that closes (close_notify) as soon as its 3 MB are
# sent, reading slowly: everything echoed reaches it before the server's
# close_notify, none of it lost in the server's batch.
head -c 3000000 /dev/urandom > three.bin
keep_port=$port keep_spid=$spid
if serve closing --cert "$SC" --key "$SK"; then
  rc=0
  timeout "$WAIT" gnutls-cli --logfile=closing.cli.log --x509cafile "$CA" -p "$port" \
    localhost < three.bin > closing.out 2>closing.cli.err || rc=$?
  ok_if "gnutls-cli closing early: exit 0" [ "$rc" -eq 0 ]
  same "... every byte echoed back" three.bin closing.out
  wait_grep closing.err 'the client closed the connection \(3000000 bytes echoed\)' "$spid"
  grep_ok "... the server says all 3000000 bytes went back" \
    'the client closed the connection \(3000000 bytes echoed\)' closing.err
  stop "$spid"
fi
port=$keep_port spid=$keep_spid

# --- 2. The student's Python client against certdeck serve.
if [ "$port" -ne 0 ]; then
  py_client py.out --payload text.txt
  ok_if "Python client (create_default_context, wrap_socket): exit 0" [ "$rc" -eq 0 ]
  same "Python client: echoed byte for byte" text.txt py.out
  py_client py12.out --payload text.txt --tls1.2
  same "Python client over TLS 1.2: echoed" text.txt py12.out
  py_client bytes.out --payload bytes.bin
  same "every byte value, NUL included, echoed unchanged" bytes.bin bytes.out
  py_client big.out --payload big.bin
  same "1 MiB of random bytes echoed unchanged" big.bin big.out
  py_client many.out --connections 100
  ok_if "100 connections held open at once, all echoed" [ "$rc" -eq 0 ]
  [ "$rc" -eq 0 ] || diag "$(head -5 many.out.err)"
  accepted=$(grep -c 'Accepted connection' plain.err)
  ok_if "serve accepted them all ($accepted connections)" [ "$accepted" -ge 104 ]
  py_client wrongname.out --name www.example.org
  ok_if "Python client refuses a name the certificate lacks" [ "$rc" -eq 1 ]
  grep_ok "... and says so" 'mismatch|not valid for' wrongname.out.err
fi

# --- 3. certdeck connect's own echo of arbitrary bytes, and --send.
if [ "$port" -ne 0 ]; then
  connect --host 127.0.0.1 --port "$port" --ca "$CA" --peer-name localhost <bytes.bin
  ok_if "connect: every byte value: exit 0" [ "$rc" -eq 0 ]
  same "connect: every byte value back on stdout, unchanged" bytes.bin "$TMP/out"
  connect --host 127.0.0.1 --port "$port" --ca "$CA" --peer-name localhost <big.bin
  ok_if "connect: 1 MiB: exit 0" [ "$rc" -eq 0 ]
  same "connect: 1 MiB back unchanged" big.bin "$TMP/out"
  connect --host 127.0.0.1 --port "$port" --ca "$CA" --peer-name localhost \
    --send hello --send "two words"
  printf 'hello\ntwo words\n' >sent.txt
  ok_if "connect --send: exit 0" [ "$rc" -eq 0 ]
  same "connect --send: each line and its newline back" sent.txt "$TMP/out"
  grep_ok "connect logs the server's certificate" 'subject|Certificate\[0\]' "$TMP/err"
  grep_ok "connect logs the chain as trusted" 'trusted' "$TMP/err"
  # 300 lines: all back on stdout, the first 100 logged, as serve logs.
  seq 1 300 >lines300.txt
  connect --host 127.0.0.1 --port "$port" --ca "$CA" --peer-name localhost <lines300.txt
  same "connect: 300 lines back on stdout" lines300.txt "$TMP/out"
  ok_if "... its log shows the first 100 sent" [ "$(grep -c '^\[1\] > ' "$TMP/err")" -eq 100 ]
  grep_ok "... and says the others are not shown" '^\[1\] \(further lines are not shown\)' "$TMP/err"
  # A last line without its newline is logged before the close.
  printf 'one\ntwo' >partial.txt
  connect --host 127.0.0.1 --port "$port" --ca "$CA" --peer-name localhost <partial.txt
  ok_if "connect: a last line without newline is logged before the close" \
    [ "$(grep -n '^\[1\] > two$' "$TMP/err" | cut -d: -f1)" -lt \
      "$(grep -n '^\[1\] Closed' "$TMP/err" | cut -d: -f1)" ]
  # A C1 control (CSI, U+009B) and bytes that are no UTF-8: escaped in
  # both logs, never written to the terminal as they came; UTF-8 text kept.
  printf 'A\302\23331mRED \377\376 caf\303\251\n' >c1.bin
  connect --host 127.0.0.1 --port "$port" --ca "$CA" --peer-name localhost <c1.bin
  same "connect: C1 and invalid UTF-8 bytes back unchanged on stdout" c1.bin "$TMP/out"
  grep_ok "... its log escapes them, keeping UTF-8" '^\[1\] > A\\xc2\\x9b31mRED \\xff\\xfe café$' "$TMP/err"
  wait_grep plain.err 'echo: A\\xc2' "$spid"
  grep_ok "... the server's log too" 'echo: A\\xc2\\x9b31mRED \\xff\\xfe café$' plain.err
  if LC_ALL=C grep -q "$(printf '\302\233')" plain.err "$TMP/err"; then
    not_ok "... no raw C1 byte in either log"
  else ok "... no raw C1 byte in either log"; fi
fi

# --- 4. Misbehaving clients: the server logs them and keeps serving.
if [ "$port" -ne 0 ]; then
  for m in garbage halfopen reset; do
    before=$(last_conn plain.err)
    rc=0; timeout "$WAIT" python3 "$T/echo-raw.py" $m "$port" --timeout "$WAIT" >raw.out 2>&1 || rc=$?
    ok_if "$m: the server closes the connection" [ "$rc" -eq 0 ]
    wait_grep plain.err "^\[$((before + 1))\] .*(Handshake failed|Closed)" "$spid"
    ok_if "$m: serve logs why" conn_line plain.err $((before + 1)) '(Handshake failed|Closed)'
    py_client after.out
    ok_if "$m: a good client is served afterwards" [ "$rc" -eq 0 ]
  done
  before=$(last_conn plain.err)
  rc=0; timeout "$WAIT" python3 "$T/echo-raw.py" resetecho "$port" --timeout "$WAIT" >raw.out 2>&1 || rc=$?
  wait_grep plain.err "^\[$((before + 1))\] .*Closed" "$spid"
  ok_if "a client that resets the connection after its echo: serve says it reset it" \
    conn_line plain.err $((before + 1)) 'Closed: the client reset the connection'
  grep_not "no sanitizer report so far" 'AddressSanitizer|runtime error:' plain.err
fi

# --- 5. TLS below 1.2 is refused; renegotiation is refused.
if [ "$port" -ne 0 ]; then
  # SECLEVEL=0: OpenSSL 3 would refuse TLS 1.1 itself, before the server.
  before=$(last_conn plain.err)
  feed=at_once; s_client tls11.out text.txt -tls1_1 -cipher 'DEFAULT:@SECLEVEL=0'; feed=hold
  ok_if "openssl s_client -tls1_1 fails" [ "$rc" -ne 0 ]
  ok_if "... nothing echoed" [ ! -s tls11.out ]
  wait_grep plain.err "^\[$((before + 1))\] .*Handshake failed" "$spid"
  ok_if "... and serve refused it" conn_line plain.err $((before + 1)) 'Handshake failed'
  rc=0
fi
# A priority string that adds TLS 1.0 and 1.1 adds nothing below TLS 1.2.
plain_spid=$spid plain_port2=$port
if serve oldvers --cert "$SC" --key "$SK" --priority 'NORMAL:+VERS-TLS1.0:+VERS-TLS1.1'; then
  rc=0
  echo hi | timeout "$WAIT" gnutls-cli --priority 'NORMAL:-VERS-ALL:+VERS-TLS1.0' \
    --x509cafile "$CA" -p "$port" localhost >tls10.out 2>&1 || rc=$?
  ok_if "serve --priority NORMAL:+VERS-TLS1.0: gnutls-cli over TLS 1.0 fails" [ "$rc" -ne 0 ]
  grep_ok "... refused for its version" 'protocol version|[Vv]ersion' tls10.out
  feed=at_once; s_client tls11b.out text.txt -tls1_1 -cipher 'DEFAULT:@SECLEVEL=0'; feed=hold
  ok_if "... s_client over TLS 1.1 fails too" [ "$rc" -ne 0 ]
  rc=0
  echo hi | timeout "$WAIT" gnutls-cli --x509cafile "$CA" -p "$port" localhost >tls1x.out 2>&1 || rc=$?
  grep_ok "... while TLS 1.2 and 1.3 still work" '^hi$|- Description' tls1x.out
  stop "$spid"
fi
spid=$plain_spid port=$plain_port2
if [ "$port" -ne 0 ]; then
  # gnutls-cli asks for the rehandshake right after the handshake.
  wait_grep reneg.log 'ReHandshake|[Ff]ail|rror' | timeout "$WAIT" gnutls-cli --logfile=reneg.log --rehandshake \
    --priority NORMAL:-VERS-ALL:+VERS-TLS1.2 --x509cafile "$CA" -p "$port" localhost \
    >reneg.out 2>&1 || rc=$?
  grep_not "gnutls-cli --rehandshake: no second handshake" 'ReHandshake was completed' reneg.log
  grep_ok "... the server answered no_renegotiation" 'No renegotiation|ReHandshake.*fail' reneg.log
  # s_client's "R" line asks for a renegotiation; -msg shows each
  # handshake message: a second ServerHello would be a renegotiation.
  before=$(last_conn plain.err)
  rc=0
  { printf 'R\n'; wait_grep plain.err "^\[$((before + 1))\] .*([Rr]enegotiat|Closed)" "$spid"; } |
    timeout "$WAIT" "$OPENSSL" s_client -msg -tls1_2 -connect "127.0.0.1:$port" \
      -CAfile "$CA" >reneg2.out 2>&1 || rc=$?
  ok_if "s_client R: one ServerHello, no renegotiation" [ "$(grep -c 'ServerHello$' reneg2.out)" -eq 1 ]
  ok_if "... serve logs the refused renegotiation" conn_line plain.err $((before + 1)) '[Rr]enegotiat'
  py_client after.out
  ok_if "a good client is served afterwards" [ "$rc" -eq 0 ]
fi

# --- 6. SIGTERM ends serve with status 0.
if [ "$port" -ne 0 ]; then
  stop "$spid"
  ok_if "SIGTERM: serve exits 0" [ "$st" -eq 0 ]
  [ "$st" -eq 0 ] || diag "status $st" "$(tail -5 plain.err)"
  grep_not "serve: no sanitizer report" 'AddressSanitizer|LeakSanitizer|runtime error:' plain.err
fi
if serve sigint --cert "$SC" --key "$SK"; then
  py_client sigint.out
  kill -INT "$spid"; wait_gone "$spid"
  ok_if "SIGINT: serve exits 0" [ "$st" -eq 0 ]
fi

# --- 7. A client that stalls mid-handshake is dropped after
# --handshake-timeout; so is one that says nothing.
if serve stall --cert "$SC" --key "$SK" --handshake-timeout 2; then
  rc=0; timeout "$WAIT" python3 "$T/echo-raw.py" stall "$port" --timeout "$WAIT" >stall.out 2>&1 || rc=$?
  ok_if "a stalled handshake is dropped" [ "$rc" -eq 0 ]
  secs=$(sed -n 's/^dropped after \([0-9]*\).*/\1/p' stall.out)
  ok_if "... after the 2 s handshake timeout (${secs:-?} s)" [ "${secs:-99}" -ge 1 ] && [ "${secs:-99}" -lt 30 ]
  grep_ok "... and serve says why" 'time' stall.err
  py_client stall-after.out
  ok_if "a good client is served afterwards" [ "$rc" -eq 0 ]
  stop "$spid"
fi

# --- 8. A line longer than --max-line.
if serve maxline --cert "$SC" --key "$SK" --max-line 1024; then
  python3 -c 'print("y" * 1000)' >short.txt
  python3 -c 'print("x" * 5000)' >long.txt
  connect --host 127.0.0.1 --port "$port" --ca "$CA" --peer-name localhost <short.txt
  ok_if "a line within --max-line is echoed" [ "$rc" -eq 0 ]
  connect --host 127.0.0.1 --port "$port" --ca "$CA" --peer-name localhost <long.txt
  ok_if "a line longer than --max-line: connect exits 1" [ "$rc" -eq 1 ]
  n=$(last_conn maxline.err)
  wait_grep maxline.err "^\[$n\] .*Closed" "$spid"
  ok_if "... serve closes it, saying the line is too long" conn_line maxline.err "$n" '[Ll]ine|long'
  # A good line and a long one in the same record: the good one is
  # echoed, nothing of the long one, however the bytes arrive.
  connect --host 127.0.0.1 --port "$port" --ca "$CA" --peer-name localhost \
    --send short --send "$(cat long.txt)"
  ok_if "a good line, then a long one in one record: exit 1" [ "$rc" -eq 1 ]
  printf 'short\n' >short6.txt
  same "... the good line came back, nothing of the long one" short6.txt "$TMP/out"
  grep_ok "... connect says how far the echo came, and where to look" 'after echoing 6 of 5007 bytes; its log says why' "$TMP/err"
  stop "$spid"
fi

# --- 9. The classic failures, on both sides with their reasons.
# fail_case DESC SERVER-LOG-ERE CLIENT-ERE SERVE-ARGS -- CONNECT-ARGS
fail_case() {
  d=$1 sre=$2 cre=$3; shift 3
  sargs=
  while [ "$1" != -- ]; do sargs="$sargs $1"; shift; done; shift
  # shellcheck disable=SC2086
  serve fail $sargs || return
  connect --host 127.0.0.1 --port "$port" --send hello "$@"
  ok_if "$d: connect exits 1" [ "$rc" -eq 1 ]
  grep_ok "$d: connect says why" "$cre" "$TMP/err"
  n=$(last_conn fail.err)
  wait_grep fail.err "^\[${n:-1}\] .*Handshake failed" "$spid"
  ok_if "$d: serve logs the failed handshake" conn_line fail.err "${n:-1}" 'Handshake failed'
  grep_ok "$d: serve says why" "$sre" fail.err
  grep_ok "$d: serve gives a hint" "^\\[${n:-1}\\] +Hint: " fail.err
  grep_ok "$d: connect gives a hint" '^\[[0-9]+\] +Hint: ' "$TMP/err"
  stop "$spid"
}
fail_case "wrong CA" 'does not trust the CA|CA is unknown' \
  'issuer .*not found|issuer is unknown' \
  --cert "$SC" --key "$SK" -- --ca "$OCA" --peer-name localhost
fail_case "name mismatch" 'refused our certificate' \
  'name mismatch.*localhost|does not match' \
  --cert "$IPC" --key "$IPK" -- --ca "$CA" --peer-name localhost
fail_case "no client certificate" 'no certificate.*requires|[Cc]ertificate is required' \
  'requires a client certificate|[Cc]ertificate is required' \
  --cert "$SC" --key "$SK" --ca "$CA" --require-client-cert -- --ca "$CA" --peer-name localhost
grep_ok "... connect says the TLS 1.3 server answers a missing certificate after the handshake" \
  'asked for a client certificate and none was sent: in TLS 1.3 the server says' "$TMP/err"
# A GnuTLS client sends no certificate from a CA the server does not
# name in its request: the server sees none. openssl s_client sends it.
if serve fail --cert "$SC" --key "$SK" --ca "$CA" --require-client-cert; then
  feed=at_once; s_client other.out text.txt -cert "$MC" -key "$MK"; feed=hold
  ok_if "client certificate from another CA: s_client gets no echo" [ ! -s other.out ]
  wait_grep fail.err '^\[1\] .*Handshake failed' "$spid"
  ok_if "... serve logs the failed handshake" conn_line fail.err 1 'Handshake failed'
  grep_ok "... and why" '(not trusted|issuer|unknown|[Ss]igner)' fail.err
  connect --host 127.0.0.1 --port "$port" --send hello --ca "$CA" --peer-name localhost \
    --cert "$MC" --key "$MK"
  ok_if "... connect with it exits 1" [ "$rc" -eq 1 ]
  grep_ok "... saying why" 'certificate' "$TMP/err"
  stop "$spid"
fi
fail_case "expired server certificate" '[Ee]xpired' "'CN=old' expired" \
  --cert "$OLDC" --key "$OLDK" -- --ca "$CA" --peer-name localhost
grep_ok "... serve warned at its start that its certificate has expired" \
  "^- Warning: the server's certificate expired on [0-9-]+ [0-9:]+ UTC: clients will refuse it" fail.err
# A client certificate given, the server asking none: said why unsent.
if serve nocc --cert "$SC" --key "$SK"; then
  connect --host 127.0.0.1 --port "$port" --send hello --ca "$CA" --peer-name localhost \
    --cert "$CC" --key "$CK"
  ok_if "a client certificate the server did not ask for: exit 0" [ "$rc" -eq 0 ]
  grep_ok "... connect says it was not sent, and why" \
    'The server asked for no client certificate: ours was not sent' "$TMP/err"
  stop "$spid"
fi
fail_case "expired client certificate" "'CN=oldclient' expired" 'refused our certificate.*expired' \
  --cert "$SC" --key "$SK" --ca "$CA" --require-client-cert -- --ca "$CA" --peer-name localhost \
  --cert "$OCC" --key "$OCK"
# The peers agree: the same failures seen by gnutls-cli and openssl.
if serve peers --cert "$IPC" --key "$IPK"; then
  feed=at_once; gnutls_cli mism.out text.txt; feed=hold
  ok_if "gnutls-cli refuses the name mismatch too" [ "$rc" -ne 0 ] && [ ! -s mism.out ]
  feed=at_once; s_client mism2.out text.txt; feed=hold
  ok_if "openssl s_client refuses it too" [ "$rc" -ne 0 ] && [ ! -s mism2.out ]
  stop "$spid"
fi

# --- 10. A server that accepts and says nothing: connect ends on its
# --timeout, with status 1, never hangs.
rc=0
timeout "$WAIT" python3 "$T/echo-raw.py" silent --timeout "$WAIT" >silent.out 2>&1 &
sil=$!; bg_track "$sil"
if wait_grep silent.out '^Listening on ' "$sil"; then
  port=$(sed -n 's/^Listening on .*:\([0-9][0-9]*\)$/\1/p' silent.out)
  a=$(date +%s)
  connect --host 127.0.0.1 --port "$port" --ca "$CA" --peer-name localhost --timeout 2 --send hi
  b=$(date +%s)
  ok_if "connect to a silent server exits 1" [ "$rc" -eq 1 ]
  ok_if "... within its --timeout ($((b - a)) s)" [ $((b - a)) -lt 30 ]
  grep_ok "... saying it timed out" '[Tt]ime|within' "$TMP/err"
fi
kill "$sil" 2>/dev/null
# A plain HTTP server on the port: connect says to check the port and
# that the server speaks TLS (not the server's hint, "use a TLS client").
timeout "$WAIT" python3 -c 'import http.server
s = http.server.HTTPServer(("127.0.0.1", 0), http.server.BaseHTTPRequestHandler)
print(s.server_address[1], flush=True)
s.timeout = 20
s.handle_request()' >http.port 2>/dev/null &
hpid=$!; bg_track "$hpid"
if wait_grep http.port '^[0-9]' "$hpid"; then
  connect --host 127.0.0.1 --port "$(head -1 http.port)" --ca "$CA" --send hi
  ok_if "connect to a plain HTTP server exits 1" [ "$rc" -eq 1 ]
  grep_ok "... and says to check the port and that the server uses TLS" \
    'Hint: is a TLS server on that port\? A plain-text or HTTP server answers so' "$TMP/err"
fi
kill "$hpid" 2>/dev/null

# --- 11. certdeck connect against the peers' servers.
# gnutls_serv ARGS...: gnutls-serv --echo on a free port (it has no bind
# option: it listens on every interface; the test only talks on
# loopback). Sets $port and $gpid.
gnutls_serv() {
  port=$(free_port)
  timeout 300 gnutls-serv --echo -p "$port" --x509certfile "$SC" --x509keyfile "$SK" "$@" \
    >gs.out 2>gs.err &
  gpid=$!; bg_track "$gpid"
  wait_listen "$port" "$gpid" ||
    { not_ok "gnutls-serv listens"; diag "$(cat gs.out gs.err)"; return 1; }
}
if gnutls_serv; then
  connect --host 127.0.0.1 --port "$port" --ca "$CA" --peer-name localhost \
    --send hello --send "two words"
  ok_if "connect against gnutls-serv --echo: exit 0" [ "$rc" -eq 0 ]
  same "... every line back" sent.txt "$TMP/out"
  connect --host 127.0.0.1 --port "$port" --ca "$CA" --peer-name localhost --tls1.2 --send hello
  ok_if "connect --tls1.2 against gnutls-serv: exit 0" [ "$rc" -eq 0 ]
  grep_ok "... over TLS 1.2" 'TLS1\.2' "$TMP/err"
  connect --host 127.0.0.1 --port "$port" --ca "$OCA" --peer-name localhost --send hello
  ok_if "connect against gnutls-serv, wrong CA: exit 1" [ "$rc" -eq 1 ]
  kill "$gpid"
fi
if gnutls_serv --x509cafile "$CA" --require-client-cert --verify-client-cert; then
  connect --host 127.0.0.1 --port "$port" --ca "$CA" --peer-name localhost \
    --cert "$CC" --key "$CK" --send hello
  ok_if "connect with a client certificate against gnutls-serv -r: exit 0" [ "$rc" -eq 0 ]
  grep_ok "... gnutls-serv trusts it" 'trusted' gs.out
  connect --host 127.0.0.1 --port "$port" --ca "$CA" --peer-name localhost --send hello
  ok_if "connect without one against gnutls-serv -r: exit 1" [ "$rc" -eq 1 ]
  kill "$gpid"
fi
# openssl s_server does not echo: -rev answers each line reversed. A
# palindrome reversed is itself, so connect's own byte-for-byte check
# holds; a line that is not one shows the check is real.
# s_server ARGS...: on a free port of 127.0.0.1; sets $port and $opid.
s_server() {
  port=$(free_port)
  timeout 300 "$OPENSSL" s_server -rev -accept "127.0.0.1:$port" -cert "$SC" -key "$SK" "$@" \
    >ss.out 2>ss.err </dev/null &
  opid=$!; bg_track "$opid"
  wait_listen "$port" "$opid" ||
    { not_ok "openssl s_server listens"; diag "$(cat ss.out ss.err)"; return 1; }
}
if s_server; then
  connect --host 127.0.0.1 --port "$port" --ca "$CA" --peer-name localhost \
    --send racecar --send "step on no pets"
  printf 'racecar\nstep on no pets\n' >pal.txt
  ok_if "connect against openssl s_server -rev (palindromes): exit 0" [ "$rc" -eq 0 ]
  same "... every line back" pal.txt "$TMP/out"
  connect --host 127.0.0.1 --port "$port" --ca "$CA" --peer-name localhost --send abc
  ok_if "... a line that is no palindrome comes back reversed: exit 1" [ "$rc" -eq 1 ]
  grep_ok "... said as the echo's failure, with the bytes that differ" \
    "Echo failed: what came back differs from what we sent at byte 0: 'a' \\(0x61\\) sent, 'c' \\(0x63\\) back" "$TMP/err"
  grep_not "... not as the handshake's" 'Handshake failed' "$TMP/err"
  # -rev answers whole lines only: a last line without its newline gets no
  # answer; connect logs it before the failure it ends in.
  printf 'abc' >abc.txt
  connect --host 127.0.0.1 --port "$port" --ca "$CA" --peer-name localhost --timeout 2 <abc.txt
  ok_if "... a line without newline, unanswered: exit 1" [ "$rc" -eq 1 ]
  ok_if "... logged before the failure" \
    [ "$(grep -n '^\[1\] > abc$' "$TMP/err" | cut -d: -f1)" -lt \
      "$(grep -n '^\[1\] Echo failed' "$TMP/err" | cut -d: -f1)" ]
  kill "$opid"
fi
if s_server -Verify 1 -CAfile "$CA" -verify_return_error; then
  connect --host 127.0.0.1 --port "$port" --ca "$CA" --peer-name localhost \
    --cert "$CC" --key "$CK" --send level
  ok_if "connect with a client certificate against s_server -Verify: exit 0" [ "$rc" -eq 0 ]
  kill "$opid"
fi

# --- 12. The Python ssl echo server against certdeck connect.
# py_server ARGS...: sets $port and $ppid.
py_server() {
  timeout "$WAIT" python3 "$T/echo-server.py" --timeout "$WAIT" "$@" >pys.out 2>pys.err &
  ppid_=$!; bg_track "$ppid_"
  port=0
  wait_grep pys.out '^Listening on ' "$ppid_" ||
    { not_ok "Python server listens"; diag "$(cat pys.err)"; return 1; }
  port=$(sed -n 's/^Listening on .*:\([0-9][0-9]*\)$/\1/p' pys.out)
}
# A server that cuts the connection (no close_notify) once the line came
# back, the client's input still open: said as such, exit 1.
if py_server --cert "$SC" --key "$SK" --cut-after 6; then
  rc=0
  { printf 'hello\n'; sleep 3; } | timeout "$WAIT" "$CERTDECK" connect --host 127.0.0.1 \
    --port "$port" --ca "$CA" --peer-name localhost >"$TMP/out" 2>"$TMP/err" || rc=$?
  ok_if "a server that cuts the connection: connect exits 1" [ "$rc" -eq 1 ]
  grep_ok "... saying it cut it without closing TLS, once all 6 bytes had come back" \
    'the server cut the connection, without closing TLS, once all 6 bytes sent had come back' "$TMP/err"
fi
if py_server --cert "$SC" --key "$SK"; then
  connect --host 127.0.0.1 --port "$port" --ca "$CA" --peer-name localhost <big.bin
  ok_if "connect against the Python server: exit 0" [ "$rc" -eq 0 ]
  same "... 1 MiB back unchanged" big.bin "$TMP/out"
  wait_gone "$ppid_"
fi
if py_server --cert "$SC" --key "$SK" --ca "$CA" --require-client-cert --tls1.2; then
  connect --host 127.0.0.1 --port "$port" --ca "$CA" --peer-name localhost \
    --cert "$CC" --key "$CK" <text.txt
  ok_if "connect with a client certificate against the Python server (TLS 1.2)" [ "$rc" -eq 0 ]
  same "... echoed" text.txt "$TMP/out"
  wait_gone "$ppid_"
fi
if py_server --cert "$SC" --key "$SK" --ca "$CA" --require-client-cert; then
  connect --host 127.0.0.1 --port "$port" --ca "$CA" --peer-name localhost --send hello
  ok_if "connect without a client certificate against the Python server: exit 1" [ "$rc" -eq 1 ]
  wait_gone "$ppid_"
  grep_ok "... the Python server saw no certificate" '[Cc]ertificate' pys.err
fi

# --- 13. curl --cacert against serve --http.
if serve http --cert "$SC" --key "$SK" --http; then
  rc=0
  curl -sS --max-time "$WAIT" --cacert "$CA" --resolve "localhost:$port:127.0.0.1" \
    "https://localhost:$port/" >page.html 2>curl.err || rc=$?
  ok_if "curl --cacert against serve --http: exit 0" [ "$rc" -eq 0 ]
  [ "$rc" -eq 0 ] || diag "$(cat curl.err)"
  grep_ok "... the page describes the session" 'TLS1\.[23]' page.html
  rc=0
  curl -sS --max-time "$WAIT" --cacert "$OCA" --resolve "localhost:$port:127.0.0.1" \
    "https://localhost:$port/" >page2.html 2>curl.err || rc=$?
  ok_if "curl trusting another CA fails" [ "$rc" -ne 0 ]
  stop "$spid"
  ok_if "serve --http exits 0 on SIGTERM" [ "$st" -eq 0 ]
fi

# --- 14. A server from the store (-d, --name): its CA for client
# certificates by default.
if serve store -d s --name localhost --require-client-cert; then
  py_client store-py.out --cert "$CC" --key "$CK"
  ok_if "serve --name in a store, mutual TLS with the store's CA" [ "$rc" -eq 0 ]
  py_client store-py2.out --cert "$MC" --key "$MK"
  ok_if "... a client certificate of another CA refused" [ "$rc" -eq 1 ]
  connect --host 127.0.0.1 --port "$port" --ca "$CA" --peer-name localhost --send hello \
    --cert "$CC" --key "$CK"
  ok_if "... certdeck connect with a client certificate: exit 0" [ "$rc" -eq 0 ]
  grep_ok "... says the TLS 1.3 server judges it after the handshake" \
    'asked for a client certificate and ours was sent: in TLS 1.3' "$TMP/err"
  connect --host 127.0.0.1 --port "$port" --ca "$CA" --peer-name localhost --send hello \
    --cert "$CC" --key "$CK" --tls1.2
  grep_not "... not in TLS 1.2, where the handshake decides" 'in TLS 1.3 the server' "$TMP/err"
  stop "$spid"
fi

# A certificate the store has revoked: serve says so at its start.
check "a store certificate to revoke" "$CERTDECK" -d s issue gone.example
check "... revoked" "$CERTDECK" -d s revoke gone.example --reason superseded
if serve gone -d s --name gone.example; then
  grep_ok "serve --name of a revoked certificate warns, saying how to go on" \
    'warning: the certificate gone.example is revoked in the store \(on [0-9-]+ [0-9:]+ UTC, superseded\): clients that check the CRL will refuse it; serve a new one \(certdeck rekey gone.example\)' gone.err
  stop "$spid"
fi
check "a store certificate on hold" sh -c "'$CERTDECK' -d s issue held.example &&
  '$CERTDECK' -d s revoke held.example --reason certificateHold"
if serve held -d s --name held.example; then
  grep_ok "serve --name of a certificate on hold says how to release it" \
    'warning: the certificate held.example is on hold in the store \(since [0-9-]+ [0-9:]+ UTC\): .*certdeck revoke held.example --release' held.err
  stop "$spid"
fi
if serve notgone -d s --name localhost; then
  grep_not "... and a certificate not revoked, no warning" 'warning' notgone.err
  stop "$spid"
fi

# --- 15. Usage errors: status 2, the message names the value.
usage() { # usage DESC ERE ARGS...
  d=$1 re=$2; shift 2
  run timeout "$WAIT" "$CERTDECK" "$@" </dev/null
  ok_if "$d: exit 2" [ "$rc" -eq 2 ]
  [ "$rc" -eq 2 ] || diag "exit $rc" "$(head -5 "$TMP/err")"
  grep_ok "$d: the message names it" "$re" "$TMP/err"
}
usage "serve --port 70000" 70000 serve --port 70000 --cert "$SC" --key "$SK"
usage "serve --port abc" abc serve --port abc --cert "$SC" --key "$SK"
usage "serve without --cert" '--cert|--name' serve --key "$SK"
usage "serve without --key" '--key' serve --cert "$SC"
usage "serve --tls1.2 --tls1.3" 'tls1\.[23]' serve --cert "$SC" --key "$SK" --tls1.2 --tls1.3
usage "serve --handshake-timeout -1" '-1' serve --cert "$SC" --key "$SK" --handshake-timeout -1
usage "serve --max-line x" "'?x'?" serve --cert "$SC" --key "$SK" --max-line x
usage "serve --priority with TLS 1.0 and 1.1 only" 'leaves no TLS version' \
  serve --cert "$SC" --key "$SK" --priority 'NORMAL:-VERS-ALL:+VERS-TLS1.1:+VERS-TLS1.0'
usage "connect --priority with TLS 1.0 only" 'leaves no TLS version' \
  connect --host 127.0.0.1 --port 1 --priority 'NORMAL:-VERS-ALL:+VERS-TLS1.0'
usage "serve --priority without ciphers: GnuTLS's reason, not the versions" \
  'priority string "NORMAL:-CIPHER-ALL" is not valid.*insufficient priorities' \
  serve --cert "$SC" --key "$SK" --priority 'NORMAL:-CIPHER-ALL'
usage "serve --priority that GnuTLS refuses" 'priority string "NORMAL:[+]FOO" is not valid near "[+]FOO"' \
  serve --cert "$SC" --key "$SK" --priority 'NORMAL:+FOO'
usage "serve --crl without client certificates" '--request-client-cert or --require-client-cert' serve --cert "$SC" --key "$SK" --crl /nonexistent.pem
usage "serve --ca without client certificates" '--ca and --crl check client certificates' serve --cert "$SC" --key "$SK" --ca "$CA"
usage "connect --port 0" '--port|0' connect --host 127.0.0.1 --port 0 --send x
usage "connect without --host" '--host' connect --port 443 --send x
usage "connect --port 99999" 99999 connect --host 127.0.0.1 --port 99999 --send x
usage "connect --tls1.2 --tls1.3" 'tls1\.[23]' connect --host 127.0.0.1 --port 443 --tls1.2 --tls1.3
usage "connect --timeout soon" soon connect --host 127.0.0.1 --port 443 --timeout soon
usage "connect --cert without --key" '--key' connect --host 127.0.0.1 --port 443 --cert "$CC"

# --- 16. A CRL (made by certtool from the store's CA key): serve refuses a
# revoked client certificate, connect a revoked server certificate, each
# saying it is revoked.
printf 'crl_next_update = 30\ncrl_number = 1\n' >crl.tmpl
if "$CERTTOOL" --generate-crl --load-ca-certificate "$CA" --load-ca-privkey s/private/ca.key \
    --load-certificate "$CC" --template crl.tmpl --outfile revoked-alice.crl >crl.log 2>&1 &&
  cat "$SC" "$CC" >both.pem &&
  "$CERTTOOL" --generate-crl --load-ca-certificate "$CA" --load-ca-privkey s/private/ca.key \
    --load-certificate both.pem --template crl.tmpl --outfile revoked-both.crl >>crl.log 2>&1; then
  ok "certtool makes the CRLs"
  if serve crl --cert "$SC" --key "$SK" --ca "$CA" --require-client-cert --crl revoked-alice.crl; then
    connect --host 127.0.0.1 --port "$port" --peer-name localhost --ca "$CA" \
      --cert "$CC" --key "$CK" --send hello
    ok_if "serve --crl: a revoked client certificate is refused (exit 1)" [ "$rc" -eq 1 ]
    wait_grep crl.err 'Handshake failed' "$spid"
    grep_ok "... serve says it is revoked" '[Rr]evoked' crl.err
    grep_ok "... and connect hears why" '[Rr]evoked' "$TMP/err"
    stop "$spid"
  fi
  # A revocation published while the server runs: the next handshake
  # reads the changed CRL (replaced whole, as certdeck crl does).
  "$CERTTOOL" --generate-crl --load-ca-certificate "$CA" --load-ca-privkey s/private/ca.key \
    --template crl.tmpl --outfile live.crl >>crl.log 2>&1
  if serve live --cert "$SC" --key "$SK" --ca "$CA" --require-client-cert --crl live.crl; then
    connect --host 127.0.0.1 --port "$port" --peer-name localhost --ca "$CA" \
      --cert "$CC" --key "$CK" --send hello
    ok_if "serve --crl: alice is let in while the CRL does not list her (exit 0)" [ "$rc" -eq 0 ]
    cp revoked-alice.crl live.crl.new && mv live.crl.new live.crl
    connect --host 127.0.0.1 --port "$port" --peer-name localhost --ca "$CA" \
      --cert "$CC" --key "$CK" --send hello
    ok_if "... and refused once a new CRL lists her, the server still running (exit 1)" [ "$rc" -eq 1 ]
    wait_grep live.err 'live\.crl changed: read it again' "$spid"
    grep_ok "... the server says it read the CRL again" 'live\.crl changed: read it again' live.err
    printf 'garbage\n' > live.crl.new && mv live.crl.new live.crl
    connect --host 127.0.0.1 --port "$port" --peer-name localhost --ca "$CA" \
      --cert "$CC" --key "$CK" --send hello
    ok_if "... an unreadable new CRL: the one read before still refuses her (exit 1)" [ "$rc" -eq 1 ]
    wait_grep live.err 'cannot be read: the CRL read before is still used' "$spid"
    grep_ok "... and the server says so" 'cannot be read: the CRL read before is still used' live.err
    stop "$spid"
  fi
  if serve crl2 --cert "$SC" --key "$SK"; then
    connect --host 127.0.0.1 --port "$port" --peer-name localhost --ca "$CA" \
      --crl revoked-both.crl --send hello
    ok_if "connect --crl: a revoked server certificate is refused (exit 1)" [ "$rc" -eq 1 ]
    grep_ok "... saying it is revoked" 'revoked' "$TMP/err"
    connect --host 127.0.0.1 --port "$port" --peer-name localhost --ca "$CA" \
      --crl revoked-alice.crl --send hello
    ok_if "... and a CRL that does not name it lets it through" [ "$rc" -eq 0 ]
    stop "$spid"
  fi
else
  not_ok "certtool makes the CRLs"; diag "$(tail -5 crl.log)"
fi

# --- 16b. stdout and stderr to one place (a terminal, one file): the
# line "Listening on" once, not from both streams.
env --default-signal=INT "$CERTDECK" serve --port 0 --cert "$SC" --key "$SK" >both.log 2>&1 &
spid=$!; bg_track "$spid"
if port=$(listening_port both.log "$spid" "$WAIT"); then
  sleep 0.2
  n=$(grep -c '^Listening on ' both.log)
  [ "$n" -eq 1 ] && ok "serve into one file: 'Listening on' once" || not_ok "serve into one file: 'Listening on' once ($n)"
else
  not_ok "serve into one file listens"; diag "$(head -5 both.log)"
fi
stop "$spid"

# --- 17. IPv6 loopback, when the machine has it.
if [ -s /proc/net/if_inet6 ] &&
  python3 -c 'import socket; s = socket.socket(socket.AF_INET6); s.bind(("::1", 0))' 2>/dev/null; then
  if serve v6 --bind ::1 --cert "$SC" --key "$SK"; then
    grep_ok "serve --bind ::1 listens on [::1]" '^Listening on \[::1\]:' v6.out
    connect --host ::1 --port "$port" --peer-name localhost --ca "$CA" --send over-ipv6
    ok_if "connect over IPv6 (exit 0)" [ "$rc" -eq 0 ]
    grep_ok "... and the echo came back" '^over-ipv6$' "$TMP/out"
    stop "$spid"
  fi
else
  ok "# SKIP no IPv6 loopback here"
fi

# --- 18. --max-connections: one held open, the next refused and logged.
if serve maxc --max-connections 1 --cert "$SC" --key "$SK"; then
  python3 -c 'import socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
time.sleep(30)' "$port" &
  holder=$!
  bg_track "$holder"
  wait_grep maxc.err 'Accepted connection' "$spid"
  connect --host 127.0.0.1 --port "$port" --peer-name localhost --ca "$CA" --send x --timeout 5
  ok_if "a connection over --max-connections fails (exit 1)" [ "$rc" -eq 1 ]
  wait_grep maxc.err 'Refused a connection' "$spid"
  grep_ok "... and serve says why" 'Refused a connection.*--max-connections' maxc.err
  kill "$holder" 2>/dev/null
  stop "$spid"
fi

done_testing
