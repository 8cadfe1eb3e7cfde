#!/bin/sh
# OCSP stapling in the echo test: certdeck serve --ocsp-staple FILE and
# --ocsp-staple-store, judged by openssl s_client -status and gnutls-cli
# (and the stapled response itself, saved by gnutls-cli --save-ocsp, by
# openssl ocsp -respin); certdeck connect against gnutls-serv
# --ocsp-response with responses made by openssl ocsp -index and by
# certdeck's own responder. Good, revoked (reason and date), stale,
# about another certificate, forged; made again before its next update;
# a delegated signer. All on loopback, on free ports; every wait is
# bounded; every server started here is killed on exit.
. "$top_srcdir/tests/lib.sh"
need "$OPENSSL" "$FAKETIME" gnutls-cli gnutls-serv python3 timeout
ASAN_OPTIONS="${ASAN_OPTIONS:-}:verify_asan_link_order=0"; export ASAN_OPTIONS
WAIT=${ECHO_TEST_WAIT:-60}
cd "$TMP" || exit 1

ok_if() { d=$1; shift; if "$@"; then ok "$d"; else not_ok "$d"; fi; }
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
# serve NAME STORE ARGS...: certdeck -d STORE serve --port 0 ARGS in the
# background (stdout NAME.out, log NAME.err); sets $spid and $port. With
# $PRELOAD set, that shim is preloaded, its log in $TMP/slowsend.log.
serve() {
  n=$1; st=$2; shift 2
  env --default-signal=INT ${PRELOAD:+LD_PRELOAD="$PRELOAD" SLOWSEND_LOG="$TMP/slowsend.log"} "$CERTDECK" -d "$st" serve --port 0 --workers 1 "$@" >"$n.out" 2>"$n.err" &
  spid=$!; bg_track "$spid"
  port=$(listening_port "$n.out" "$spid" "$WAIT") && return 0
  not_ok "serve $* listens"; diag "$(head -20 "$n.err")"; port=0; return 1
}
# stop PID: SIGTERM; the server must exit 0 (with sanitizers: no leak).
stop() {
  kill -TERM "$1" 2>/dev/null; st=0; wait "$1" 2>/dev/null || st=$?
  [ "$st" -eq 0 ] || { not_ok "the server exits 0 on SIGTERM (got $st)"; diag "$(tail -20 "$n.err")"; }
}
# connect STORE ARGS...: certdeck connect to $port, bounded.
connect() {
  st=$1; shift
  run timeout "$WAIT" "$CERTDECK" -d "$st" connect --host 127.0.0.1 --port "$port" \
    --peer-name localhost --send hello "$@"
  cat "$TMP/err" >>connects.err
}
# s_client ARGS...: openssl s_client -status, its output in $TMP/out.
s_client() {
  run timeout "$WAIT" "$OPENSSL" s_client -connect "127.0.0.1:$port" -status \
    -servername localhost -CAfile s/ca.crt "$@" </dev/null
}
# g_cli ARGS...: gnutls-cli, its output in $TMP/out.
g_cli() {
  rc=0
  echo hello | timeout "$WAIT" gnutls-cli --x509cafile s/ca.crt -p "$port" localhost "$@" \
    >"$TMP/out" 2>&1 || rc=$?
}
# gnutls_serv ARGS...: gnutls-serv --echo with srv's certificate on a
# free port; sets $port and $gpid.
gnutls_serv() {
  port=$(free_port)
  timeout 300 gnutls-serv --echo -p "$port" --x509certfile s/issued/srv.crt \
    --x509keyfile s/private/srv.key "$@" >gs.out 2>gs.err &
  gpid=$!; bg_track "$gpid"
  hex=$(printf ':%04X ' "$port"); n=0
  until grep -q "$hex[0-9A-F]*:0000 0A" /proc/net/tcp /proc/net/tcp6 2>/dev/null; do
    n=$((n + 1))
    if [ $n -gt $((WAIT * 20)) ] || ! alive "$gpid"; then
      not_ok "gnutls-serv $* listens"; diag "$(cat gs.out gs.err)"; return 1
    fi
    sleep 0.05
  done
}
# respout FILE STORE NAME [ARGS]: openssl ocsp -index, as a responder
# would answer about NAME, into FILE (DER).
respout() {
  f=$1 st=$2 nm=$3; shift 3
  "$OPENSSL" ocsp -index "$st/index.txt" -rsigner "$st/ca.crt" -rkey "$st/private/ca.key" \
    -CA "$st/ca.crt" -issuer "$st/ca.crt" -cert "$st/issued/$nm.crt" -respout "$f" \
    -ndays 1 "$@" >/dev/null 2>&1
}

fixtures() {
  "$CERTDECK" -d s init-ca --cn "Staple CA" &&
    "$CERTDECK" -d s issue srv --dns-name localhost --ip-address 127.0.0.1 &&
    "$CERTDECK" -d s issue other --dns-name localhost &&
    "$CERTDECK" -d s issue responder --profile client --ocsp-signing-key &&
    "$CERTDECK" -d x init-ca --cn "Forger CA" &&
    cp -r s r && "$CERTDECK" -d r revoke srv --reason keyCompromise &&
    cp -r s t &&
    respout good.der s srv && respout other.der s other &&
    respout revoked.der r srv &&
    "$FAKETIME" -f "-3d" "$OPENSSL" ocsp -index s/index.txt -rsigner s/ca.crt \
      -rkey s/private/ca.key -CA s/ca.crt -issuer s/ca.crt -cert s/issued/srv.crt \
      -respout stale.der -ndays 1 &&
    "$OPENSSL" ocsp -index s/index.txt -rsigner x/ca.crt -rkey x/private/ca.key \
      -CA s/ca.crt -issuer s/ca.crt -cert s/issued/srv.crt -respout forged.der -ndays 1 &&
    echo "not an OCSP response" >junk.der
}
if fixtures >fixtures.log 2>&1; then ok "fixtures: a CA, srv (revoked in a copy), openssl ocsp responses"
else not_ok "fixtures"; diag "$(tail -20 fixtures.log)"; done_testing; exit 1; fi
revdate=$(awk -F '\t' '$1 == "R" { print substr($3, 1, 6) }' r/index.txt)
# YYMMDD as the logs print it: 20YY-MM-DD
revday="20$(echo "$revdate" | cut -c1-2)-$(echo "$revdate" | cut -c3-4)-$(echo "$revdate" | cut -c5-6)"

# --- 1. the store's own status, good --------------------------------------
if serve good s --name srv --ocsp-staple-store; then
  ok "serve --ocsp-staple-store listens on $port"
  grep_ok "... and says what it staples: good" '^Stapling an OCSP response: good' good.err
  grep_ok "... signed by the CA, checked" 'Responder: CN=Staple CA; signature: verified' good.err
  s_client
  grep_ok "openssl s_client -status (TLS 1.3): successful" 'OCSP Response Status: successful' "$TMP/out"
  grep_ok "... Cert Status: good" 'Cert Status: good' "$TMP/out"
  grep_ok "... the responder is the CA" 'Responder Id: CN = Staple CA' "$TMP/out"
  s_client -tls1_2
  grep_ok "openssl s_client -status -tls1_2: Cert Status: good" 'Cert Status: good' "$TMP/out"
  g_cli --save-ocsp=saved.der
  ok_if "gnutls-cli: exit 0" [ "$rc" -eq 0 ]
  grep_ok "... its OCSP line: the status request was answered and checked" \
    '^- Options: .*OCSP status request' "$TMP/out"
  grep_ok "... trusted" 'Status: The certificate is trusted' "$TMP/out"
  run "$OPENSSL" ocsp -respin saved.der -CAfile s/ca.crt -issuer s/ca.crt -cert s/issued/srv.crt
  grep_ok "the stapled response (gnutls-cli --save-ocsp): openssl ocsp verifies it" \
    '^Response verify OK' "$TMP/err"
  grep_ok "... and finds srv good" 'srv\.crt: good' "$TMP/out"
  connect s
  ok_if "certdeck connect: exit 0" [ "$rc" -eq 0 ]
  grep_ok "... shows the stapled status: good" '^\[1\] - OCSP status \(stapled\): good' "$TMP/err"
  grep_ok "... its updates" 'This update: 20[0-9-]* [0-9:]* UTC; next update: 20' "$TMP/err"
  grep_ok "... its signature verified" 'signature: verified' "$TMP/err"
  connect s --require-ocsp --tls1.2
  ok_if "connect --require-ocsp --tls1.2: exit 0" [ "$rc" -eq 0 ]
  stop "$spid"
fi

# --- 2. the store's own status, revoked ------------------------------------
if serve rev r --name srv --ocsp-staple-store; then
  grep_ok "serve --ocsp-staple-store of a revoked certificate staples revoked" \
    '^Stapling an OCSP response: revoked \(keyCompromise\)' rev.err
  s_client
  grep_ok "openssl s_client -status: Cert Status: revoked" 'Cert Status: revoked' "$TMP/out"
  grep_ok "... Revocation Reason: keyCompromise" 'Revocation Reason: keyCompromise' "$TMP/out"
  g_cli
  ok_if "gnutls-cli refuses it" [ "$rc" -ne 0 ]
  grep_ok "... as revoked" 'NOT trusted.*revoked' "$TMP/out"
  for v in --tls1.3 --tls1.2; do
    connect r "$v"
    ok_if "certdeck connect $v: exit 1" [ "$rc" -eq 1 ]
    grep_ok "... refused: revoked, with the reason and date" \
      "Handshake failed: .*revoked \(keyCompromise\) since $revday" "$TMP/err"
  done
  grep_ok "the server hears why: the client found it revoked" \
    'client refused our certificate: it is revoked' rev.err
  grep_ok "gnutls-cli's bad_certificate: the hint names the stapled status" \
    'OCSP status stapled says the certificate is revoked' rev.err
  stop "$spid"
fi

# The client refuses while our flight is still being written (the server
# made to wait between its writes by tests/cli/slowsend.so): the write
# fails, and the server must still read the alert that says why, not
# report a cut connection.
PRELOAD="$top_builddir/tests/cli/slowsend.so"
if [ ! -f "$PRELOAD" ]; then
  not_ok "the test shim $PRELOAD is built (make check builds it)"
elif serve slow r --name srv --ocsp-staple-store; then
  g_cli
  ok_if "a refusal in the middle of our flight: gnutls-cli refuses" [ "$rc" -ne 0 ]
  wait_grep slow.err '^\[1\] Closed' "$spid"
  grep_ok "... a write of the server's flight failed: the client had gone" \
    '^sendmsg: (Broken pipe|Connection reset by peer)' "$TMP/slowsend.log"
  grep_ok "... the server still hears its alert, not a cut connection" \
    'the client refused our certificate \(alert: ' slow.err
  grep_not "... no push error" 'push function' slow.err
  stop "$spid"
fi
PRELOAD=

# --- 3. made again before its next update ----------------------------------
if serve live t --name srv --ocsp-staple-store --ocsp-validity 2; then
  connect t
  ok_if "--ocsp-validity 2: good at first" [ "$rc" -eq 0 ]
  "$CERTDECK" -d t revoke srv --reason superseded >/dev/null 2>&1
  i=0
  until grep -q 'revoked (superseded)' "$TMP/err" || [ $i -ge 40 ]; do
    sleep 0.25; i=$((i + 1)); connect t
  done
  grep_ok "... once the store revokes it, a new response says revoked" \
    'OCSP status \(stapled\): revoked \(superseded\)' "$TMP/err"
  grep_ok "... the server made a new one" '^Stapling a new OCSP response: revoked' live.err
  stop "$spid"
fi

# --- 4. a delegated signer ---------------------------------------------------
if serve deleg s --name srv --ocsp-staple-store --ocsp-signer responder; then
  s_client
  grep_ok "--ocsp-signer: openssl sees the delegated responder" 'Responder Id: CN = responder' "$TMP/out"
  grep_ok "... good" 'Cert Status: good' "$TMP/out"
  connect s --require-ocsp
  ok_if "... certdeck connect --require-ocsp accepts it: exit 0" [ "$rc" -eq 0 ]
  grep_ok "... its signature verified through the CA" 'CN=responder; signature: verified' "$TMP/err"
  stop "$spid"
fi

# --- 5. a response file ------------------------------------------------------
if serve file s --name srv --ocsp-staple good.der; then
  grep_ok "serve --ocsp-staple (openssl ocsp -respout): good, checked" \
    'signature: verified' file.err
  s_client
  grep_ok "... openssl s_client -status: good" 'Cert Status: good' "$TMP/out"
  g_cli
  grep_ok "... gnutls-cli: OCSP status request answered" '^- Options: .*OCSP status request' "$TMP/out"
  connect s --require-ocsp
  ok_if "... certdeck connect --require-ocsp: exit 0" [ "$rc" -eq 0 ]
  stop "$spid"
fi
for bad in stale:'stale: its nextUpdate has passed' other:'about another certificate' \
  forged:'its signer is not trusted' junk:'not an OCSP response'; do
  f=${bad%%:*} why=${bad#*:}
  run timeout "$WAIT" "$CERTDECK" -d s serve --port 0 --name srv --ocsp-staple "$f.der"
  ok_if "serve --ocsp-staple $f.der is refused: exit 2" [ "$rc" -eq 2 ]
  grep_ok "... saying why: $why" "$f\.der: .*$why" "$TMP/err"
done
# Outside a store (no CA to check it with), the forged file is stapled;
# the client refuses it.
if serve forged nostore --cert s/issued/srv.crt --key s/private/srv.key --ocsp-staple forged.der; then
  grep_ok "outside a store the signature is not checked, and said so" 'not checked \(no CA\)' forged.err
  connect s
  ok_if "certdeck connect refuses a forged stapled status: exit 1" [ "$rc" -eq 1 ]
  grep_ok "... saying why" 'stapled OCSP status is not valid: its signer is not trusted' "$TMP/err"
  g_cli
  ok_if "... gnutls-cli refuses it too" [ "$rc" -ne 0 ]
  stop "$spid"
fi

# --- 6. certdeck connect against gnutls-serv --ocsp-response -----------------
if gnutls_serv --ocsp-response good.der; then
  connect s --require-ocsp
  ok_if "connect --require-ocsp against gnutls-serv --ocsp-response (openssl's): exit 0" [ "$rc" -eq 0 ]
  grep_ok "... good, verified" 'OCSP status \(stapled\): good' "$TMP/err"
  kill "$gpid"
fi
# certdeck's own responder: ocsp-serve, asked by openssl ocsp without a
# nonce (a stapled response has none).
env --default-signal=INT "$CERTDECK" -d s ocsp-serve --port 0 --next-update 60 \
  >ocsp.out 2>ocsp.err &
opid=$!; bg_track "$opid"
oport=$(listening_port ocsp.out "$opid" "$WAIT") || oport=0
run timeout "$WAIT" "$OPENSSL" ocsp -issuer s/ca.crt -cert s/issued/srv.crt \
  -url "http://127.0.0.1:$oport" -CAfile s/ca.crt -no_nonce -respout cd.der
kill "$opid" 2>/dev/null
if [ -s cd.der ] && gnutls_serv --ocsp-response cd.der; then
  connect s
  ok_if "connect against gnutls-serv --ocsp-response (certdeck ocsp-serve's): exit 0" [ "$rc" -eq 0 ]
  grep_ok "... good, verified" 'OCSP status \(stapled\): good' "$TMP/err"
  kill "$gpid"
else
  not_ok "a response from certdeck ocsp-serve for gnutls-serv"; diag "$(cat ocsp.err "$TMP/err")"
fi
if gnutls_serv; then
  connect s
  ok_if "connect against gnutls-serv without a response: exit 0" [ "$rc" -eq 0 ]
  grep_ok "... saying none was stapled" 'No OCSP status was stapled' "$TMP/err"
  connect s --require-ocsp
  ok_if "connect --require-ocsp against it: exit 1" [ "$rc" -eq 1 ]
  grep_ok "... saying why" 'stapled no OCSP status, and one is required' "$TMP/err"
  kill "$gpid"
fi

# --- 7. a CA key with a password ------------------------------------------------
echo "ca secret" >pw
if "$CERTDECK" -d enc init-ca --cn "Encrypted CA" --password-file pw >enc.log 2>&1 &&
  "$CERTDECK" -d enc issue srv --dns-name localhost --password-file pw >>enc.log 2>&1; then
  run timeout "$WAIT" "$CERTDECK" -d enc serve --port 0 --name srv --ocsp-staple-store
  ok_if "an encrypted CA key without --ocsp-password-file: exit 2" [ "$rc" -eq 2 ]
  grep_ok "... saying which flag gives it" 'encrypted; give its password with --ocsp-password-file' "$TMP/err"
  if serve enc enc --name srv --ocsp-staple-store --ocsp-password-file pw; then
    grep_ok "with --ocsp-password-file it staples: good" '^Stapling an OCSP response: good' enc.err
    connect enc --require-ocsp
    ok_if "... certdeck connect --require-ocsp: exit 0" [ "$rc" -eq 0 ]
    stop "$spid"
  fi
else not_ok "a store with an encrypted CA key"; diag "$(cat enc.log)"; fi

# --- 8. usage ------------------------------------------------------------------
check_exit "--ocsp-staple and --ocsp-staple-store together: exit 2" 2 \
  "$CERTDECK" -d s serve --name srv --ocsp-staple good.der --ocsp-staple-store
check_exit "--ocsp-signer without --ocsp-staple-store: exit 2" 2 \
  "$CERTDECK" -d s serve --name srv --ocsp-signer responder
check_exit "--ocsp-staple-store outside a store: exit 2" 2 \
  "$CERTDECK" -d nostore serve --cert s/issued/srv.crt --key s/private/srv.key --ocsp-staple-store
grep_ok "... saying so" 'no store CA' "$TMP/err"
cat ./*.err >all.err
grep_not "no sanitizer report from the servers and clients" \
  'ERROR: AddressSanitizer|runtime error:|ERROR: LeakSanitizer' all.err
done_testing
