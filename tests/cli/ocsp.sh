#!/bin/sh
# certdeck ocsp-serve, judged by openssl ocsp and GnuTLS's ocsptool: good,
# revoked (time and reason, as index.txt records them), unknown; the nonce
# echoed; the signature checked against the CA (and failing against
# another); GET as well as POST; malformed requests answered with
# malformedRequest without the server falling over; a delegated OCSP
# signer. All on loopback, on free ports (--port 0 and the "Listening on"
# line); every wait is bounded; every server started here is killed on
# exit. Revocations are written into index.txt as `openssl ca -revoke`
# writes them.
. "$top_srcdir/tests/lib.sh"
need "$OPENSSL" ocsptool curl timeout python3
WAIT=${OCSP_TEST_WAIT:-60}
cd "$TMP" || exit 1

# start NAME ARGS...: certdeck -d s ocsp-serve --port 0 ARGS in the
# background (stdout NAME.out, log NAME.err); sets $spid and $port.
start() {
  n=$1; shift
  env --default-signal=INT "$CERTDECK" -d s ocsp-serve --port 0 "$@" >"$n.out" 2>"$n.err" &
  spid=$!; bg_track "$spid"
  if ! port=$(listening_port "$n.out" "$spid" "$WAIT"); then
    not_ok "ocsp-serve $* listens"; diag "$(head -20 "$n.err")"; return 1
  fi
  ok "ocsp-serve $* listens on 127.0.0.1:$port"
}
# ask CERT [ARGS]: openssl ocsp against the server, the CA as trust.
ask() {
  c=$1; shift
  run timeout "$WAIT" "$OPENSSL" ocsp -issuer s/ca.crt -cert "$c" \
    -url "http://127.0.0.1:$port" -CAfile s/ca.crt -timeout 30 -resp_text "$@"
}
# has DESC ERE [FILE]: ok when FILE (default: the last output) matches.
has() {
  if grep -Eq -- "$2" "${3:-$TMP/out}"; then ok "$1"; else
    not_ok "$1"; diag "expected /$2/ in:"; diag "$(head -40 "${3:-$TMP/out}")" "$(head -10 "$TMP/err")"
  fi
}
hasnt() {
  if grep -Eq -- "$2" "${3:-$TMP/out}"; then
    not_ok "$1"; diag "unexpected /$2/ in:"; diag "$(head -40 "${3:-$TMP/out}")"
  else ok "$1"; fi
}

fixtures() {
  "$CERTDECK" -d s init-ca --cn "OCSP Test CA" &&
    for n in good bad held bare gone old; do "$CERTDECK" -d s issue "$n" || return 1; done &&
    "$CERTDECK" -d s issue responder --profile client --ocsp-signing-key &&
    "$CERTDECK" -d other init-ca --cn "Unrelated CA" &&
    "$CERTDECK" -d other issue stranger
}
if fixtures >fixtures.log 2>&1; then ok "fixtures: a CA, its certificates, a delegated signer"
else not_ok "fixtures"; diag "$(tail -20 fixtures.log)"; done_testing; exit 1; fi

serial() { "$OPENSSL" x509 -in "s/issued/$1.crt" -noout -serial | sed 's/^serial=//'; }
# revoke NAME FIELD: index.txt's line for NAME becomes R with FIELD as its
# revocation field, as openssl ca writes it; gone: the line is removed.
revoke() {
  s=$(serial "$1")
  awk -F '\t' -v OFS='\t' -v s="$s" -v f="$2" \
    '$4 == s { if (f == "-") next; $1 = "R"; $3 = f } { print }' s/index.txt >s/index.new &&
    mv s/index.new s/index.txt
}
revoke bad 260101120000Z,keyCompromise
revoke held 250615083000Z,certificateHold
revoke bare 240229235959Z
revoke gone -
if grep -q "^R.*260101120000Z,keyCompromise	$(serial bad)	" s/index.txt &&
  ! grep -q "	$(serial gone)	" s/index.txt; then ok "index.txt: revocations recorded as openssl ca does"
else not_ok "index.txt: revocations"; diag "$(cat s/index.txt)"; fi

start ca || { done_testing; exit 1; }

# --- openssl ocsp ------------------------------------------------------
ask s/issued/good.crt
has "openssl: good" '^s/issued/good\.crt: good$'
has "openssl: the response signature verifies against the CA" '^Response verify OK' "$TMP/err"
has "openssl: signed by the CA (responder id)" 'Responder Id: CN = OCSP Test CA'
has "openssl: the nonce is echoed" 'OCSP Nonce'
hasnt "openssl: no nonce complaint" 'nonce' "$TMP/err"
ask s/issued/bad.crt
has "openssl: revoked" '^s/issued/bad\.crt: revoked$'
has "openssl: revoked with its reason" 'Reason: keyCompromise'
has "openssl: revoked at the time index.txt says" 'Revocation Time: Jan  1 12:00:00 2026 GMT'
ask s/issued/held.crt
has "openssl: on hold (certificateHold, four-digit-year-free date)" 'Reason: certificateHold'
has "openssl: hold time" 'Revocation Time: Jun 15 08:30:00 2025 GMT'
ask s/issued/bare.crt
has "openssl: revoked without a reason" '^s/issued/bare\.crt: revoked$'
hasnt "openssl: and no reason given" 'Reason:'
# certdeck's own revoke, as the store records it, reaches the responder
# (index.txt is read again for each request).
check "certdeck revoke old --reason superseded" "$CERTDECK" -d s revoke old --reason superseded
ask s/issued/old.crt
has "openssl: revoked by certdeck revoke" '^s/issued/old\.crt: revoked$'
has "openssl: ... with its reason (superseded)" 'Reason: superseded'
ask s/issued/gone.crt
has "openssl: a serial not in the index is unknown" '^s/issued/gone\.crt: unknown$'
ask other/issued/stranger.crt
has "openssl: another CA's certificate is unknown" '^other/issued/stranger\.crt: unknown$'
ask s/issued/good.crt -cert s/issued/bad.crt -cert s/issued/gone.crt
if grep -q '^s/issued/good\.crt: good$' "$TMP/out" && grep -q '^s/issued/bad\.crt: revoked$' "$TMP/out" &&
  grep -q '^s/issued/gone\.crt: unknown$' "$TMP/out"; then ok "openssl: three certificates in one request"
else not_ok "openssl: three certificates in one request"; diag "$(cat "$TMP/out")"; fi
ask s/issued/good.crt -respout ca.der -reqout ca.req
run "$OPENSSL" ocsp -respin ca.der -reqin ca.req -VAfile s/ca.crt
has "openssl -VAfile: the saved response verifies" '^Response verify OK' "$TMP/err"
run "$OPENSSL" ocsp -respin ca.der -VAfile other/ca.crt
has "openssl -VAfile: it does not verify against another CA" 'Response Verify Failure' "$TMP/err"
# flip the last octet, which is in the signature
python3 -c 'import sys; d = bytearray(open(sys.argv[1], "rb").read()); d[-1] ^= 1
open(sys.argv[2], "wb").write(d)' ca.der forged.der
run "$OPENSSL" ocsp -respin forged.der -VAfile s/ca.crt
has "openssl -VAfile: a response with a changed signature fails" 'Response Verify Failure' "$TMP/err"
ask s/issued/good.crt -no_nonce
hasnt "openssl -no_nonce: no nonce in the response" 'OCSP Nonce'

# --- ocsptool --ask ----------------------------------------------------
ot() {
  run timeout "$WAIT" ocsptool --ask="http://127.0.0.1:$port/" --load-issuer s/ca.crt \
    --load-cert "$1" --load-trust s/ca.crt --nonce
}
ot s/issued/good.crt
has "ocsptool: good" 'Certificate Status: good'
has "ocsptool: the response verifies" 'Verifying OCSP Response: Success'
[ "$rc" -eq 0 ] && ok "ocsptool: exit 0" || { not_ok "ocsptool: exit 0"; diag "rc=$rc" "$(cat "$TMP/err")"; }
ot s/issued/bad.crt
has "ocsptool: revoked" 'Certificate Status: revoked'
has "ocsptool: revocation time" 'Revocation time: Thu Jan 01 12:00:00 UTC 2026'
has "ocsptool: the revoked response verifies" 'Verifying OCSP Response: Success'

# --- GET (RFC 6960 appendix A.1) ----------------------------------------
"$OPENSSL" ocsp -issuer s/ca.crt -cert s/issued/bad.crt -reqout req.der 2>/dev/null
path=$(python3 -c 'import base64, sys, urllib.parse
print(urllib.parse.quote(base64.b64encode(open(sys.argv[1], "rb").read()).decode(), safe=""))' req.der)
run timeout "$WAIT" curl -sS -o get.der -D get.hdr "http://127.0.0.1:$port/$path"
has "GET: answered 200 as application/ocsp-response" 'application/ocsp-response' get.hdr
run "$OPENSSL" ocsp -respin get.der -VAfile s/ca.crt -resp_text
has "GET: openssl verifies the response" '^Response verify OK' "$TMP/err"
has "GET: revoked, keyCompromise" 'Revocation Reason: keyCompromise'

# --- malformed requests: an error response, and the server goes on -----
post() { run timeout "$WAIT" curl -sS -o "$2" -w '%{http_code}' --data-binary @"$1" \
  -H 'Content-Type: application/ocsp-request' "http://127.0.0.1:$port/"; }
printf 'not DER at all' >junk
post junk bad1.der
run "$OPENSSL" ocsp -respin bad1.der -resp_text -noverify
has "POST junk: malformedRequest" 'malformedrequest \(1\)'
head -c 20 req.der >trunc
post trunc bad2.der
run "$OPENSSL" ocsp -respin bad2.der -resp_text -noverify
has "POST a truncated request: malformedRequest" 'malformedrequest \(1\)'
{ cat req.der; printf 'trailing'; } >trail
post trail bad3.der
run "$OPENSSL" ocsp -respin bad3.der -resp_text -noverify
has "POST with trailing data: malformedRequest" 'malformedrequest \(1\)'
run timeout "$WAIT" curl -sS -o bad4.der "http://127.0.0.1:$port/%%%not-base64"
run "$OPENSSL" ocsp -respin bad4.der -resp_text -noverify
has "GET bad base64: malformedRequest" 'malformedrequest \(1\)'
run timeout "$WAIT" curl -sS -o /dev/null -w '%{http_code}' -X DELETE "http://127.0.0.1:$port/"
has "DELETE: HTTP 405" '^405$'
run timeout "$WAIT" curl -sS -o /dev/null -w '%{http_code}' -H 'Content-Length: 99999999' \
  -X POST "http://127.0.0.1:$port/"
has "an oversized body: HTTP 413" '^413$'
printf 'GARBAGE\r\n\r\n' | timeout "$WAIT" python3 -c '
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=30)
s.sendall(sys.stdin.buffer.read()); print(s.recv(100).decode(errors="replace").split("\r\n")[0])' "$port" >raw.out 2>&1
has "not HTTP: 400" '^HTTP/1.0 400' raw.out
if alive "$spid"; then ok "the server still runs after the bad requests"; else not_ok "the server still runs"; fi
ask s/issued/good.crt
has "and still answers" '^s/issued/good\.crt: good$'
has "the log names each answer" 'serial .*: revoked \(keyCompromise\), nonce echoed' ca.err
has "the log names malformed requests" 'malformed request' ca.err

kill -TERM "$spid"; st=0
end=$(($(date +%s) + WAIT))
while alive "$spid" && [ "$(date +%s)" -lt "$end" ]; do sleep 0.05; done
wait "$spid" || st=$?
[ "$st" -eq 0 ] && ok "SIGTERM: exits 0" || not_ok "SIGTERM: exits 0 (got $st)"

# --- a delegated OCSP signer -------------------------------------------
start deleg --signer responder || { done_testing; exit 1; }
ask s/issued/bad.crt
has "delegated: openssl verifies (signer issued by the CA, OCSP signing)" '^Response verify OK' "$TMP/err"
has "delegated: revoked" '^s/issued/bad\.crt: revoked$'
has "delegated: the responder is the signer" 'Responder Id: CN = responder'
has "delegated: its certificate is in the response" 'Subject: CN ?= ?responder'
ot s/issued/good.crt
has "delegated: ocsptool verifies" 'Verifying OCSP Response: Success'
ask s/issued/good.crt -respout deleg.der
run "$OPENSSL" ocsp -respin deleg.der -CAfile other/ca.crt
has "delegated: refused against another CA" 'Response Verify Failure' "$TMP/err"
run "$OPENSSL" ocsp -respin deleg.der -CAfile s/ca.crt
has "delegated: the saved response verifies against the CA alone" '^Response verify OK' "$TMP/err"
kill -TERM "$spid"

check_exit "--signer of a certificate without OCSP signing: refused" 2 \
  "$CERTDECK" -d s ocsp-serve --signer good
grep_ok "and says why" "lacks the OCSP signing key purpose" "$TMP/err"
check_exit "--signer of another CA's certificate: refused" 2 \
  sh -c 'cp other/issued/stranger.crt s/issued/stranger.crt && cp other/private/stranger.key s/private/stranger.key &&
    exec "$0" -d s ocsp-serve --signer stranger' "$CERTDECK"
grep_ok "and says why" "was not issued by the store's CA" "$TMP/err"
check_exit "--signer of no certificate: refused" 2 "$CERTDECK" -d s ocsp-serve --signer nobody
check_exit "--port out of range: usage error" 2 "$CERTDECK" -d s ocsp-serve --port 70000

done_testing
