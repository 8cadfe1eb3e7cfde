#!/bin/sh
# A CA key on a PKCS #11 token: init-ca --key pkcs11:URL, with a SoftHSM2
# token this test makes in $TMP (SOFTHSM2_CONF; the module is named in the
# URL by module-path, so neither p11-kit's nor SoftHSM's system
# configuration is read or touched). Issuing, signing requests, batches
# and an intermediate CA all sign on the token; certtool and openssl
# verify the chains; no private/ca.key ever appears.
. "$top_srcdir/tests/lib.sh"
need "$CERTTOOL" "$OPENSSL"
. "$top_srcdir/tests/hsm-lib.sh"
cd "$TMP" || exit 1
cd_() { "$CERTDECK" "$@"; }
sum() { find "$1" -type f ! -name .certdeck.lock -exec sha256sum {} + | sort; }
absent_ok() { if [ ! -e "$2" ]; then ok "$1"; else not_ok "$1"; fi; }

# The token, in $TMP only.
hsm_token certdeck-test
printf '123456\n' >pin
printf '000000\n' >wrong
MP="?module-path=$MODULE"
TOKEN="pkcs11:token=certdeck-test"

# 1. A root CA whose key is generated on the token.
check "init-ca --generate-on-token" cd_ -d root init-ca --cn "Token Root" \
  --key "$TOKEN;object=root-ca$MP" --generate-on-token --password-file pin
grep_ok "... says the key stays on the token" 'stays on the token' "$TMP/out"
absent_ok "no private/ca.key in the store" root/private/ca.key
[ -z "$(find root -name '*.key' -o -name '*.p8' -o -name '*.pem' -path '*private*')" ] &&
  ok "no key file anywhere in the store" || not_ok "no key file anywhere in the store"
grep_ok "private/ca.key.url records the token's URL" \
  '^pkcs11:.*token=certdeck-test.*id=.*object=root-ca.*type=private' root/private/ca.key.url
grep_ok "... with its module" "module-path=$MODULE" root/private/ca.key.url
if grep -q '123456' root/private/ca.key.url; then not_ok "the PIN is not recorded"; else
  ok "the PIN is not recorded"; fi
[ "$(stat -c %a root/private/ca.key.url)" = 600 ] && ok "ca.key.url is 0600" ||
  not_ok "ca.key.url is 0600"
check "the token holds the key (p11tool)" sh -c \
  "GNUTLS_PIN=123456 p11tool --provider '$MODULE' --login --list-privkeys '$TOKEN' | grep -q 'Label: root-ca'"
check "openssl reads ca.crt as self-signed" "$OPENSSL" verify -CAfile root/ca.crt root/ca.crt
check "certtool verifies ca.crt" "$CERTTOOL" --verify --load-ca-certificate root/ca.crt \
  --infile root/ca.crt
check "certdeck check finds the store sound" cd_ -d root check

# 2. Issue, sign a request, a batch: signed on the token.
check "issue (PIN from --password-file)" cd_ -d root issue www.example.test \
  --profile server --password-file pin
check "openssl verifies the issued chain" "$OPENSSL" verify -CAfile root/ca.crt \
  root/issued/www.example.test.crt
check "certtool verifies the issued chain" "$CERTTOOL" --verify \
  --load-ca-certificate root/ca.crt --infile root/issued/www.example.test.crt
check "issue (PIN from --password-fd)" sh -c \
  "exec 3<pin; '$CERTDECK' -d root issue alice --profile client --password-fd 3"
check "issue (PIN from GNUTLS_PIN)" env GNUTLS_PIN=123456 "$CERTDECK" -d root issue \
  bob --profile client
check "issue --batch 5 signs each on the token" cd_ -d root issue node --batch 5 \
  --profile client --password-file pin
n=0
for i in 1 2 3 4 5; do
  "$OPENSSL" verify -CAfile root/ca.crt root/issued/node-$i.crt >/dev/null 2>&1 && n=$((n + 1))
done
[ "$n" = 5 ] && ok "openssl verifies the 5 batch certificates" ||
  not_ok "openssl verifies the 5 batch certificates ($n)"
"$CERTTOOL" --generate-privkey --key-type ecdsa --outfile req.key 2>/dev/null
printf 'cn = "req.example.test"\ndns_name = "req.example.test"\n' >req.tmpl
"$CERTTOOL" --generate-request --load-privkey req.key --template req.tmpl \
  --outfile req.pem 2>/dev/null
check "sign a request in the store" cd_ -d root sign req.pem --name req --honor-extensions \
  --profile server --password-file pin
check "certtool verifies the signed request's chain" "$CERTTOOL" --verify \
  --load-ca-certificate root/ca.crt --infile root/issued/req.crt

# 3. A wrong PIN, no PIN: a clear error, exit 2, nothing written.
sum root >before.sum
check_exit "a wrong PIN exits 2" 2 cd_ -d root issue eve --profile client \
  --password-file wrong
grep_ok "... and says the PIN is wrong" 'wrong PIN' "$TMP/err"
check_exit "a wrong GNUTLS_PIN exits 2" 2 env GNUTLS_PIN=000000 "$CERTDECK" -d root \
  issue eve --profile client
check_exit "no PIN and no terminal exits 2" 2 setsid "$CERTDECK" -d root issue eve \
  --profile client
sum root >after.sum
cmp -s before.sum after.sum && ok "... nothing was written" || not_ok "... nothing was written"
check_exit "init-ca with a wrong PIN exits 2" 2 cd_ -d bad init-ca --cn Bad \
  --key "$TOKEN;object=bad$MP" --generate-on-token --password-file wrong
grep_ok "... and says the PIN is wrong" 'wrong PIN' "$TMP/err"
absent_ok "... and makes no store" bad

# 4. Refusals.
check_exit "a key that is not there exits 2" 2 cd_ -d none init-ca --cn None \
  --key "$TOKEN;object=nothing$MP" --password-file pin
grep_ok "... saying no key answers the URL" 'no private key answers' "$TMP/err"
absent_ok "... and makes no store" none
check_exit "generating over an existing key exits 2" 2 cd_ -d dup init-ca --cn Dup \
  --key "$TOKEN;object=root-ca$MP" --generate-on-token --password-file pin
grep_ok "... saying the token holds it" 'already holds this key' "$TMP/err"
check_exit "a PIN in the URL is refused" 2 cd_ -d pinurl init-ca --cn P \
  --key "$TOKEN;object=root-ca?pin-value=123456" --password-file pin
grep_ok "... since the URL is recorded" 'never the PIN' "$TMP/err"
check_exit "... before the PIN is asked for (no terminal, no --password-file)" 2 \
  setsid "$CERTDECK" -d pinurl init-ca --cn P --key "$TOKEN;object=root-ca?pin-value=123456"
grep_ok "... the same reason" 'never the PIN' "$TMP/err"
check_exit "--key with a file name is refused" 2 cd_ -d f init-ca --cn F --key ca.pem
check_exit "--generate-on-token without --key is refused" 2 cd_ -d f init-ca --cn F \
  --generate-on-token

# 5. An existing key on the token: a second CA uses it (RSA, made by p11tool).
check "p11tool generates an RSA key on the token" sh -c \
  "GNUTLS_PIN=123456 p11tool --provider '$MODULE' --login --generate-privkey rsa \
   --bits 2048 --label other-ca --outfile /dev/null '$TOKEN' >/dev/null 2>&1"
check "init-ca --key uses the existing key" cd_ -d other init-ca --cn "Other Root" \
  --key "$TOKEN;object=other-ca;type=private$MP" --password-file pin
"$CERTTOOL" -i --infile other/ca.crt >other.txt 2>&1
grep_ok "... an RSA CA (certtool)" 'Subject Public Key Algorithm: RSA' other.txt
check "... which issues" cd_ -d other issue srv.test --profile server --password-file pin
check "openssl verifies its chain" "$OPENSSL" verify -CAfile other/ca.crt \
  other/issued/srv.test.crt

# 6. An intermediate CA on the token, signed by the root on the token.
check "init-ca --intermediate on the token" cd_ -d sub init-ca --intermediate \
  --cn "Token Sub" --key "$TOKEN;object=sub-ca$MP" --generate-on-token \
  --password-file pin
absent_ok "... no private/ca.key" sub/private/ca.key
check "the root signs its request" cd_ -d root sign sub/reqs/ca.req --name sub \
  --profile ca --password-file pin
check "the intermediate installs its certificate" cd_ -d sub init-ca --intermediate \
  --certificate root/issued/sub.crt --password-file pin
check "the intermediate issues on the token" cd_ -d sub issue leaf.test --profile server \
  --password-file pin
cat sub/ca.crt root/ca.crt >chain.pem
check "openssl verifies root > sub > leaf" "$OPENSSL" verify -CAfile root/ca.crt \
  -untrusted sub/ca.crt sub/issued/leaf.test.crt
cat sub/issued/leaf.test.crt sub/ca.crt >leafchain.pem
check "certtool verifies root > sub > leaf" "$CERTTOOL" --verify \
  --load-ca-certificate root/ca.crt --infile leafchain.pem
[ -z "$(find root sub other -name ca.key)" ] && ok "no store holds a ca.key" ||
  not_ok "no store holds a ca.key"

# 7. Renewals signed on the token: the root renewed with its key (old
# chains still verify), a certificate renewed; an intermediate is renewed
# by its parent, not by itself.
cp root/ca.crt root-old.crt
check "renew --ca on the token" cd_ -d root renew --ca --password-file pin
absent_ok "... still no private/ca.key" root/private/ca.key
check "... openssl: a chain issued before verifies against the renewed root" \
  "$OPENSSL" verify -CAfile root/ca.crt root/issued/www.example.test.crt
check "... certtool too" "$CERTTOOL" --verify --load-ca-certificate root/ca.crt \
  --infile root/issued/www.example.test.crt
check "renew a certificate on the token, revoking the old" cd_ -d root renew bob \
  --revoke-old --password-file pin
check "... openssl verifies it against the old root certificate" "$OPENSSL" verify \
  -CAfile root-old.crt root/issued/bob.crt
check_exit "renew --ca of an intermediate is refused" 2 cd_ -d sub renew --ca \
  --password-file pin
grep_ok "... saying its parent renews it" 'renewed by its parent' "$TMP/err"
check "the parent renews the intermediate's certificate" cd_ -d root renew sub \
  --password-file pin
check "... which still verifies the intermediate's leaf (openssl)" "$OPENSSL" verify \
  -CAfile root/ca.crt -untrusted root/issued/sub.crt sub/issued/leaf.test.crt

# 8. The OCSP responder and the echo server's stapling, signed by the CA
# key on the token: its PIN from a file, the prompt or GNUTLS_PIN; none
# without a terminal is a clear error. openssl ocsp and s_client judge.
WAIT=60
# bg NAME CMD...: CMD in the background (stdout NAME.out, stderr
# NAME.err) until it prints "Listening on"; sets $bpid and $port.
bg() {
  n=$1; shift
  env --default-signal=INT "$@" >"$n.out" 2>"$n.err" </dev/null &
  bpid=$!; bg_track "$bpid"
  port=$(listening_port "$n.out" "$bpid" "$WAIT") && return 0
  not_ok "$n listens"; diag "$(head -5 "$n.err")"; port=0; return 1
}
if bg ocsp "$CERTDECK" -d root ocsp-serve --port 0 --password-file pin; then
  ok "ocsp-serve signs with the token (PIN from --password-file)"
  run timeout "$WAIT" "$OPENSSL" ocsp -issuer root/ca.crt -cert root/issued/www.example.test.crt \
    -url "http://127.0.0.1:$port" -CAfile root/ca.crt -timeout 30 -resp_text
  grep_ok "... openssl ocsp: good" ': good' "$TMP/out"
  grep_ok "... and the response verifies" 'Response verify OK' "$TMP/err"
  kill -INT "$bpid"; wait "$bpid" 2>/dev/null
fi
check_exit "ocsp-serve with no PIN and no terminal exits 2" 2 setsid "$CERTDECK" -d root \
  ocsp-serve --port 0
grep_ok "... and says the PIN is needed" 'no terminal to ask it on' "$TMP/err"
run timeout "$WAIT" python3 "$top_srcdir/tests/cli/pty-answer.py" --answer 000000 \
  --deadline "$WAIT" --transcript tty.txt -- "$CERTDECK" -d root ocsp-serve --port 0
grep_ok "ocsp-serve asks the token's PIN on the terminal" 'Enter the PIN of the token' tty.txt
grep_ok "... and a wrong one is refused" 'wrong PIN' tty.txt
if [ "$rc" -eq 2 ]; then ok "... exit 2"; else not_ok "... exit 2 (got $rc)"; fi
check_exit "serve --ocsp-staple-store with no PIN exits 2" 2 setsid "$CERTDECK" -d root \
  serve --port 0 --cert root/issued/www.example.test.crt \
  --key root/private/www.example.test.key --ocsp-staple-store
grep_ok "... naming --ocsp-password-file" 'on a token: give its PIN with --ocsp-password-file' \
  "$TMP/err"
if bg staple "$CERTDECK" -d root serve --port 0 --cert root/issued/www.example.test.crt \
  --key root/private/www.example.test.key --ocsp-staple-store --ocsp-password-file pin; then
  grep_ok "serve staples a response the token signed" '^Stapling an OCSP response: good' \
    staple.err
  run timeout "$WAIT" "$OPENSSL" s_client -connect "127.0.0.1:$port" -status \
    -servername www.example.test -CAfile root/ca.crt </dev/null
  grep_ok "... openssl s_client -status: Cert Status: good" 'Cert Status: good' "$TMP/out"
  kill -INT "$bpid"; wait "$bpid" 2>/dev/null
fi
if bg staplepin env GNUTLS_PIN=123456 "$CERTDECK" -d root serve --port 0 \
  --cert root/issued/www.example.test.crt --key root/private/www.example.test.key \
  --ocsp-staple-store; then
  grep_ok "... or with GNUTLS_PIN" '^Stapling an OCSP response: good' staplepin.err
  kill -INT "$bpid"; wait "$bpid" 2>/dev/null
fi

done_testing
