#!/bin/sh
# The store's OCSP responder from the TUI (key O), driven in tmux at 80x24
# and asked from outside by openssl ocsp and GnuTLS's ocsptool: Esc at the
# port backs out; a wrong CA key password starts nothing; then the pane
# logs each request (serial, status, nonce) while openssl and ocsptool
# get "good", then "revoked" (with its reason) once `certdeck revoke` has
# run on the same store, and "unknown" for another CA's certificate; the
# openssl command for the selected certificate is shown, and c runs the
# same check through the backend (cd_ocsp_ask); Esc stops the
# responder (its port refuses connections).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui/lib.sh"
need "$OPENSSL" ocsptool timeout
WAIT=30

S="$TMP/pki"
printf 'ocsp secret\n' >"$TMP/pw"
check "a store whose CA key has a password" "$CERTDECK" -d "$S" init-ca \
  --cn "TUI OCSP CA" --key-type ecdsa --password-file "$TMP/pw"
check "a server certificate" "$CERTDECK" -d "$S" issue www.example.com \
  --password-file "$TMP/pw"
check "another CA and its certificate" sh -c \
  "'$CERTDECK' -d '$TMP/other' init-ca --cn Other && '$CERTDECK' -d '$TMP/other' issue stranger"
www="$S/issued/www.example.com.crt"
serial=$("$OPENSSL" x509 -in "$www" -noout -serial | sed 's/^serial=//')
tui_store_state before

tui_start 80 24 "$CERTDECK" -d "$S"
tui_expect "the store opens" "F1 Help"
tui_keys F1
tui_expect "the help lists O" "OCSP responder for the store on 127.0.0.1"
tui_keys Escape
tui_gone "the help closes" "OCSP responder for the store"

# Esc at the port: nothing started.
tui_keys / w w w Enter Home O
tui_expect "O asks for the port" "Answer OCSP requests on 127.0.0.1"
tui_expect "... 8080 by default" "8080"
tui_keys Escape
tui_expect "Esc: no responder" "no OCSP responder started"

# A wrong password: refused, nothing started.
tui_keys O
tui_wait "Answer OCSP requests" >/dev/null
tui_keys C-u 0 Enter
tui_expect "the CA key's password is asked" "Enter the password of the CA key:"
tui_keys -l "wrong"
tui_keys Enter
tui_expect "a wrong password: asked again" "That password is wrong"
tui_keys Escape
# The message line said so already (Esc at the port): the dialog must go
# first, or the next O would follow the Esc as one escape sequence.
tui_gone "... Esc closes the question" "That password is wrong"
tui_expect "... Esc: no responder" "no OCSP responder started"

# The right one: the responder runs, on a free port.
tui_keys O
tui_wait "Answer OCSP requests" >/dev/null
tui_keys C-u 0 Enter
tui_wait "Enter the password of the CA key:" >/dev/null
tui_keys -l "ocsp secret"
tui_keys Enter
tui_expect "the responder listens" "Listening on http://127.0.0.1:"
port=$(sed -n 's|.*Listening on http://127\.0\.0\.1:\([0-9]*\).*|\1|p' "$TMP/screen" | head -1)
case $port in
'' | *[!0-9]*) not_ok "the port is shown"; diag "$(cat "$TMP/screen")"; done_testing; exit 1 ;;
*) ok "the port is shown ($port)" ;;
esac
tui_expect "the openssl command for the selection" "-cert issued/www.example.com.crt"
tui_expect "... with the responder's URL" "http://127.0.0.1:$port -resp_text"

ask() {
  c=$1; shift
  run timeout "$WAIT" "$OPENSSL" ocsp -issuer "$S/ca.crt" -cert "$c" \
    -url "http://127.0.0.1:$port" -CAfile "$S/ca.crt" -timeout 20 -resp_text "$@"
}
ot() {
  run timeout "$WAIT" ocsptool --ask="http://127.0.0.1:$port/" --load-issuer "$S/ca.crt" \
    --load-cert "$1" --load-trust "$S/ca.crt" --nonce
}

ask "$www"
grep_ok "openssl: good" ": good$" "$TMP/out"
grep_ok "openssl: the response verifies against the CA" "^Response verify OK" "$TMP/err"
grep_ok "openssl: the nonce is echoed" "OCSP Nonce" "$TMP/out"
tui_expect "the pane logs it: serial, good, nonce" "POST serial $serial: good, nonce: yes"
ot "$www"
grep_ok "ocsptool: good" "Certificate Status: good" "$TMP/out"
grep_ok "ocsptool: the response verifies" "Verifying OCSP Response: Success" "$TMP/out"
ask "$www" -no_nonce
grep_ok "openssl -no_nonce: good" ": good$" "$TMP/out"
tui_expect "the pane logs a request without a nonce" "good, nonce: no"
# c: the pane asks the responder itself (wide enough for its line whole).
tui_resize 100 30
tui_keys c
tui_expect "c checks the selection: good, verified, nonce back" \
  "check issued/www.example.com.crt: good; the response verifies against the CA; nonce echoed"

check "certdeck revoke in the same store" "$CERTDECK" -d "$S" revoke www.example.com \
  --reason keyCompromise
ask "$www"
grep_ok "openssl: revoked" ": revoked$" "$TMP/out"
grep_ok "openssl: with its reason" "Reason: keyCompromise" "$TMP/out"
grep_ok "openssl: the revoked response verifies" "^Response verify OK" "$TMP/err"
tui_expect "the pane logs it revoked" "serial $serial: revoked"
tui_expect "... with the reason" "(keyCompromise), nonce: yes"
tui_keys c
tui_expect "c checks it again: revoked, with the reason and time" \
  "check issued/www.example.com.crt: revoked (keyCompromise) since 20"
ot "$www"
grep_ok "ocsptool: revoked" "Certificate Status: revoked" "$TMP/out"
grep_ok "ocsptool: the revoked response verifies" "Verifying OCSP Response: Success" "$TMP/out"
ask "$TMP/other/issued/stranger.crt" -issuer "$TMP/other/ca.crt"
tui_expect "the pane logs another CA's certificate as unknown" ": unknown, nonce: yes"
tui_expect "the requests are counted" "Requests answered: 8"
tui_resize 80 24
tui_expect "a resize keeps the log" "(keyCompromise), nonce: yes"

# Esc stops it: the port refuses.
tui_keys Escape
tui_expect "Esc stops the responder" "OCSP responder stopped: 8 requests answered"
ask "$www"
if [ "$rc" -ne 0 ] && ! grep -q ": good\|: revoked" "$TMP/out"; then
  ok "the responder no longer answers"
else not_ok "the responder no longer answers"; diag "$(cat "$TMP/out" "$TMP/err")"; fi
tui_leave "after the OCSP responder"

# ---- in French -------------------------------------------------------------
if locale -a 2>/dev/null | grep -qi '^fr_FR\.utf-\?8$' && command -v msgfmt >/dev/null; then
  mkdir -p "$TMP/locale/fr/LC_MESSAGES"
  msgfmt -o "$TMP/locale/fr/LC_MESSAGES/certdeck.mo" "$top_srcdir/po/fr.po"
  tui_start 80 24 env LANGUAGE=fr LC_ALL=fr_FR.UTF-8 CERTDECK_LOCALEDIR="$TMP/locale" \
    "$CERTDECK" -d "$S"
  tui_expect "fr: the store opens" "F1 Aide"
  tui_keys / w w w Enter Home O
  tui_expect "fr: the port is asked" "Répondre aux requêtes OCSP"
  tui_keys C-u 0 Enter
  tui_expect "fr: the CA key's password" "Entrez le mot de passe de la clé de la CA"
  tui_keys -l "ocsp secret"
  tui_keys Enter
  tui_expect "fr: the responder listens" "En écoute sur http://127.0.0.1:"
  port=$(sed -n 's|.*En écoute sur http://127\.0\.0\.1:\([0-9]*\).*|\1|p' "$TMP/screen" | head -1)
  tui_expect "fr: the title" "Répondeur OCSP : http://127.0.0.1:$port  (signé par la CA)"
  tui_expect "fr: the check's heading" "Vérifier un certificat depuis le répertoire du dépôt :"
  tui_expect "fr: the hint bar" "Échap Arrêt"
  ask "$www"
  tui_expect "fr: the request logged" "numéro de série $serial : revoked"
  tui_expect "fr: counted" "Requêtes traitées : 1"
  tui_keys Escape
  tui_expect "fr: stopped, in the singular" "répondeur OCSP arrêté : 1 requête traitée"
  tui_leave "fr: after the OCSP responder"
else
  skip "no fr_FR.UTF-8 locale or msgfmt: the pane in French is not checked"
fi

# ---- a delegated signer -----------------------------------------------------
check "a delegated OCSP signer (ocsp_signing_key), its key without password" \
  "$CERTDECK" -d "$S" issue responder --profile client --ocsp-signing-key \
  --password-file "$TMP/pw"
tui_start 80 24 "$CERTDECK" -d "$S"
tui_expect "again: the store opens" "F1 Help"
tui_keys / w w w Enter Home O
tui_wait "Answer OCSP requests" >/dev/null
tui_keys C-u 0 Enter
tui_expect "who signs is asked" "Who signs the answers?"
tui_expect "... the CA, or the delegated signer" "responder (delegated OCSP signer)"
tui_keys Escape
tui_expect "Esc there: no responder" "no OCSP responder started"
tui_keys O
tui_wait "Answer OCSP requests" >/dev/null
tui_keys C-u 0 Enter
tui_wait "Who signs the answers?" >/dev/null
tui_keys Down Enter
tui_expect "no CA key password: the signer's key has none" "Listening on http://127.0.0.1:"
port=$(sed -n 's|.*Listening on http://127\.0\.0\.1:\([0-9]*\).*|\1|p' "$TMP/screen" | head -1)
tui_expect "the title names the signer" "(signed by responder)"
ask "$www"
grep_ok "openssl: revoked, signed by the delegated signer" ": revoked$" "$TMP/out"
grep_ok "openssl: the responder is the signer" "Responder Id: CN = responder" "$TMP/out"
grep_ok "openssl: the response verifies (signer issued by the CA, OCSP signing)" \
  "^Response verify OK" "$TMP/err"
ot "$www"
grep_ok "ocsptool: the delegated response verifies" "Verifying OCSP Response: Success" "$TMP/out"
tui_keys Escape
tui_expect "Esc stops it" "OCSP responder stopped"
tui_leave "after the delegated responder"
done_testing
