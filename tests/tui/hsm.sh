#!/bin/sh
# A CA key on a PKCS #11 token from the TUI, with a SoftHSM2 token this
# test makes in $TMP (as tests/cli/hsm.sh): the CA wizard's key page
# offers the token, its URL, the key found or generated there, and asks
# the token's PIN (a PIN, never a password); a wrong PIN creates nothing;
# the CA made has no private/ca.key, only its URL. Then signing a request,
# revoking with a new CRL and the OCSP responder all ask for the PIN and
# sign on the token: openssl and certtool judge what they wrote.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui/lib.sh"
need "$CERTTOOL" "$OPENSSL" timeout
. "$top_srcdir/tests/hsm-lib.sh"

# The token, in $TMP only.
hsm_token certdeck-tui
URL="pkcs11:token=certdeck-tui;object=tui-ca?module-path=$MODULE"
S="$TMP/pki"

# no_store DESC: nothing at all was written.
no_store() {
  if [ -e "$S" ]; then not_ok "$1"; diag "$(ls -lR "$S")"; else ok "$1"; fi
}
# token_page: from the main screen, the CA wizard's key page to the URL.
token_page() {
  tui_keys c
  tui_wait "Which CA:" >/dev/null
  tui_keys Enter
  tui_wait "Key type and size" >/dev/null
  tui_keys End Enter
  tui_expect "the token's URL is asked" "Key on a PKCS #11 token (URL"
  tui_keys C-u
  tui_keys -l "$URL"
  tui_keys Enter
  tui_expect "the key found or generated" "Use the key the URL names"
}
pin() {
  tui_expect "$1" "Enter the token's PIN:"
  tui_absent "$1: PIN, not password" "assword"
  tui_keys -l "$2"
  tui_keys Enter
}

tui_start 80 24 "$CERTDECK" -d "$S"
tui_expect "a missing store: the CA is offered" "There is no CA in $S yet"
tui_keys Escape
tui_wait "F1 Help" >/dev/null
tui_keys c Enter
tui_expect "the key page offers a token" "Key on a PKCS #11 token (smart card"
tui_keys Escape

# A wrong PIN: refused, nothing written.
token_page
tui_expect "RSA and ECDSA may be generated there" "Generate it on the token: ECDSA P-256"
tui_absent "Ed25519 is not offered on a token" "token: Ed25519"
tui_keys Down Down Down Down Enter
pin "the token's PIN is asked" 000000
tui_expect "a wrong PIN is refused" "wrong PIN"
tui_keys Enter
no_store "a wrong PIN writes nothing"

# Esc at the URL: nothing.
tui_keys c
tui_wait "Which CA:" >/dev/null
tui_keys Enter
tui_wait "Key type and size" >/dev/null
tui_keys End Enter
tui_wait "Key on a PKCS #11 token (URL" >/dev/null
tui_keys Escape
tui_expect "Esc at the URL backs out" "F1 Help"
no_store "Esc at the URL writes nothing"

# Generate an ECDSA P-256 key on the token, and the CA.
token_page
tui_keys Down Down Down Down Enter
pin "the PIN, for generating" 123456
tui_expect "then certtool's questions" "Country name (2 chars):"
tui_keys Tab Tab Tab
tui_keys -l "Token Org"
tui_keys Down Down
tui_keys -l "Token TUI CA"
tui_keys F10
tui_expect "the certificate as it will be" "X.509 Certificate Information:"
tui_keys End
tui_expect "p11tool generates it in the equivalent commands" \
  "p11tool --login --generate-privkey=ecdsa --curve=secp256r1"
tui_expect "certtool self-signs with the token's key" "certtool --generate-self-signed --load-privkey"
tui_expect "... named by its complete URL" "'pkcs11:model=SoftHSM"
tui_keys y
tui_expect "the CA is created, its key on the token" "its key stays on the token"
if [ -e "$S/private/ca.key" ]; then not_ok "no private/ca.key"; else ok "no private/ca.key"; fi
grep_ok "private/ca.key.url names the token's key" \
  '^pkcs11:.*token=certdeck-tui.*object=tui-ca' "$S/private/ca.key.url"
if grep -q 123456 "$S/private/ca.key.url"; then not_ok "the PIN is not recorded"
else ok "the PIN is not recorded"; fi
check "openssl: ca.crt is self-signed and verifies" "$OPENSSL" verify -CAfile "$S/ca.crt" "$S/ca.crt"
check "certtool verifies ca.crt" "$CERTTOOL" --verify --load-ca-certificate "$S/ca.crt" \
  --infile "$S/ca.crt"
run "$OPENSSL" x509 -in "$S/ca.crt" -noout -subject
grep_ok "the subject as typed" "CN *= *Token TUI CA" "$TMP/out"
check "the token holds the key (p11tool)" sh -c \
  "GNUTLS_PIN=123456 p11tool --provider '$MODULE' --login --list-privkeys 'pkcs11:token=certdeck-tui' | grep -q 'Label: tui-ca'"

# Sign a request: the PIN is asked, the token signs.
cp "$DATA/signplan/web.req" "$S/reqs/web.req"
tui_keys R
tui_sign_defaults web
pin "signing asks the token's PIN" 123456
tui_expect "signed on the token" "signed web: serial"
check "openssl verifies the certificate signed in the TUI" "$OPENSSL" verify \
  -CAfile "$S/ca.crt" "$S/issued/web.crt"
check "certtool verifies it" "$CERTTOOL" --verify --load-ca-certificate "$S/ca.crt" \
  --infile "$S/issued/web.crt"

# Revoke it, with a new CRL signed on the token.
tui_keys Escape / C-u
tui_keys -l web
tui_keys Enter Home x
tui_expect "x asks for a reason" "Why is the certificate revoked?"
tui_keys Enter
tui_expect "keyCompromise asks since when (left empty)" "Since when is the key known"
tui_keys Enter
tui_wait "for keyCompromise?" >/dev/null
tui_keys y
tui_expect "a new CRL is offered" "Sign a new CRL now"
tui_keys y
pin "the CRL asks the token's PIN" 123456
tui_expect "the CRL is published" "CRL number 01, 1 revoked"
run "$OPENSSL" crl -in "$S/crl.pem" -CAfile "$S/ca.crt" -noout -text
grep_ok "openssl: the CRL's signature verifies" "verify OK" "$TMP/err"
grep_ok "openssl: it lists the certificate, keyCompromise" "Key Compromise" "$TMP/out"
check "certtool --verify-crl accepts it" "$CERTTOOL" --verify-crl \
  --load-ca-certificate "$S/ca.crt" --infile "$S/crl.pem"

# The OCSP responder signs on the token too.
tui_keys O
tui_wait "Answer OCSP requests" >/dev/null
tui_keys C-u 0 Enter
pin "the OCSP responder asks the token's PIN" 123456
tui_expect "the responder listens" "Listening on http://127.0.0.1:"
port=$(sed -n 's|.*Listening on http://127\.0\.0\.1:\([0-9]*\).*|\1|p' "$TMP/screen" | head -1)
run timeout 30 "$OPENSSL" ocsp -issuer "$S/ca.crt" -cert "$S/issued/web.crt" \
  -url "http://127.0.0.1:$port" -CAfile "$S/ca.crt" -timeout 20 -resp_text
grep_ok "openssl ocsp: revoked" ": revoked$" "$TMP/out"
grep_ok "openssl ocsp: the response signed on the token verifies" "^Response verify OK" "$TMP/err"
tui_expect "the pane logs it" "revoked"
tui_keys Escape
tui_expect "Esc stops it" "OCSP responder stopped: 1 request answered"
tui_leave "after the token CA"

# A second store on the key already on the token: generating again under
# the same label is refused; using it gives a CA with the same key.
S="$TMP/pki2"
tui_start 80 24 "$CERTDECK" -d "$S"
tui_expect "a second, empty store" "There is no CA in $S yet"
tui_keys Escape
tui_wait "F1 Help" >/dev/null
token_page
tui_keys Down Down Down Down Enter
pin "the PIN, to generate again" 123456
tui_expect "the same label again: refused" "already holds a key with this URL's"
tui_absent "... in the TUI's words" "--generate-on-token"
tui_keys Enter
no_store "the refusal writes nothing"
token_page
tui_keys Enter
pin "the PIN, to use the key there" 123456
tui_expect "certtool's questions" "Country name (2 chars):"
tui_keys Tab Tab Tab Tab Tab
tui_keys -l "Token TUI CA 2"
tui_keys F10
tui_expect "the certificate as it will be" "X.509 Certificate Information:"
tui_keys End
tui_absent "no p11tool: the key is there already" "p11tool --login"
tui_keys y
tui_expect "the second CA, its key on the token" "its key stays on the token"
if [ -e "$S/private/ca.key" ]; then not_ok "no private/ca.key in the second store"
else ok "no private/ca.key in the second store"; fi
check "openssl verifies the second ca.crt" "$OPENSSL" verify -CAfile "$S/ca.crt" "$S/ca.crt"
"$OPENSSL" x509 -in "$TMP/pki/ca.crt" -noout -pubkey >"$TMP/pub1"
"$OPENSSL" x509 -in "$S/ca.crt" -noout -pubkey >"$TMP/pub2"
if [ -s "$TMP/pub1" ] && cmp -s "$TMP/pub1" "$TMP/pub2"; then ok "both CAs hold the token's one key"
else not_ok "both CAs hold the token's one key"; fi
tui_leave "after the second token CA"
done_testing
