#!/bin/sh
# The new CA wizard, driven in tmux: offered on a missing store; a bad
# country code shows its reason beside the field and writes nothing; the
# certificate shown before "Is the above information ok?"; the store it
# writes, judged by certtool and openssl; the template it saves gives
# certtool the same certificate (same DER, under faketime); Esc at each
# page writes nothing.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui/lib.sh"
need "$CERTTOOL" "$OPENSSL" "$FAKETIME"

STORE="$TMP/pki"

# no_store DESC: nothing at all was written.
no_store() {
  if [ -e "$STORE" ]; then not_ok "$1"; diag "$(ls -lR "$STORE")"; else ok "$1"; fi
}

tui_start 80 24 "$CERTDECK" -d "$STORE"
tui_expect "a missing store: the CA is offered" "There is no CA in $STORE yet"
tui_keys Enter
tui_expect "a root or an intermediate CA" "Which CA:"
tui_expect "root first" "Root CA, self-signed"
tui_keys Enter
tui_expect "the key page" "Key type and size"
tui_expect "Ed25519 is offered" "Ed25519"
tui_keys Down Down Down Down Down Enter
tui_expect "a password for the CA key is asked" "Password for the CA key"
tui_keys -l secret
tui_keys Enter
tui_expect "and asked again" "Enter the password again"
tui_keys -l secret
tui_keys Enter
tui_expect "the form shows certtool's first prompt" "Country name (2 chars):"
tui_expect "certtool's DC prompt" "Enter the subject's domain component (DC):"
tui_expect "certtool's serial prompt" "serial number in decimal (123) or hex (0xabcd)"
tui_expect "the random serial as certtool shows it" "0x"
tui_expect "the authority question, answered y for a CA" "Does the certificate belong to an authority? (y/N): y"
tui_expect "path length -1" "Path length constraint (decimal, -1 for no constraint):  -1"
tui_absent "EC and EdDSA keys are not asked about signing" "used for signing"
tui_expect "the hint line" "F2/F3 save/load template"

tui_keys -l FRA
tui_keys Tab
tui_expect "FRA: the reason by the field" "expected a two-letter country code"
tui_keys F10
tui_expect "finishing is refused while a value is" "a value is refused: see beside it"
no_store "a refused country writes nothing"
tui_keys BSpace
tui_absent "editing clears the reason" "expected a two-letter"
tui_keys Tab Tab Tab
tui_keys -l Acme
tui_keys Down Down
tui_keys -l "Test CA"
tui_keys Tab
# A repeatable field: two DC values.
tui_keys Tab
tui_keys -l example
tui_keys Tab
tui_keys -l com
tui_keys Tab
tui_expect "the second DC value" "com"

tui_keys F2
tui_expect "F2 asks where to save the template" "certtool template file to write"
tui_keys C-u
tui_keys -l "$TMP/saved.cfg"
tui_keys Enter
tui_expect "the template is saved" "template written to"
grep_ok "the template holds the CN" '^cn = "Test CA"' "$TMP/saved.cfg"
grep_ok "the template holds both DCs" '^dc = "com"' "$TMP/saved.cfg"
grep_ok "the template says ca" '^ca$' "$TMP/saved.cfg"
no_store "saving a template writes no store"

tui_keys F10
tui_expect "the last page shows the certificate as certtool prints it" "X.509 Certificate Information:"
tui_expect "with certtool's question" "Is the above information ok? (y/N)"
tui_keys End
tui_expect "the certtool commands" "certtool --generate-privkey --key-type ed25519 --pkcs8 --outfile ca.key"
tui_expect "the self-signing one" "certtool --generate-self-signed --load-privkey ca.key"
tui_expect "the template" "Template (ca.cfg):"
# End shows the very end (wrapped lines counted): the findings are above.
tui_keys Up Up Up
tui_expect "the lint findings" "Lint findings:"
tui_keys Escape
tui_expect "Esc on the last page: back to the form" "Country name (2 chars):"
no_store "Esc on the last page writes nothing"
tui_keys F10
tui_expect "the last page again" "Is the above information ok?"
tui_keys n
tui_expect "n: back to the form" "Country name (2 chars):"
no_store "n writes nothing"
tui_keys F10
tui_expect "the last page once more" "Is the above information ok?"
tui_keys y
tui_expect "y: the CA is created" "the CA is created in"
tui_expect "and the main screen shows it" "Test CA"
tui_keys c
tui_expect "c refuses a second CA" "this store has its CA already"
tui_keys q
tui_wait_exit 10 && ok "q quits" || not_ok "q quits"
cp "$TMP/tui.err" "$TMP/err"
no_sanitizer_report "no sanitizer report from the wizard"

check "certtool reads ca.crt" "$CERTTOOL" -i --infile "$STORE/ca.crt"
grep_ok "the subject as entered" 'Subject: DC=com,DC=example,CN=Test CA,O=Acme,C=FR' "$TMP/out"
grep_ok "a CA certificate" 'Certificate Authority \(CA\): TRUE' "$TMP/out"
grep_ok "that signs CRLs" 'CRL signing' "$TMP/out"
check "openssl reads ca.crt" "$OPENSSL" x509 -noout -text -in "$STORE/ca.crt"
grep_ok "an Ed25519 key" 'ED25519' "$TMP/out"
check "certtool reads private/ca.key with its password" \
  "$CERTTOOL" -k --pkcs8 --password secret --infile "$STORE/private/ca.key"
# certtool 3.7 -k shows no more than the PKCS #8 header of an encrypted
# EdDSA key: openssl says what is inside.
check "openssl reads it too" "$OPENSSL" pkey -noout -text -passin pass:secret -in "$STORE/private/ca.key"
grep_ok "an Ed25519 private key" 'ED25519 Private-Key' "$TMP/out"
check_exit "not without it" 1 "$OPENSSL" pkey -noout -passin pass:wrong -in "$STORE/private/ca.key"
[ "$(stat -c %a "$STORE/private/ca.key")" = 600 ] && ok "private/ca.key is 0600" ||
  not_ok "private/ca.key is 0600 ($(stat -c %a "$STORE/private/ca.key"))"
check "openssl verifies the self-signed CA" \
  "$OPENSSL" verify -CAfile "$STORE/ca.crt" "$STORE/ca.crt"

# The saved template with the same key and clock: certtool's DER.
start=$("$OPENSSL" x509 -noout -startdate -in "$STORE/ca.crt" | sed 's/notBefore=//')
when=$(date -u -d "$start" '+%Y-%m-%d %H:%M:%S')
check "certtool signs the saved template" env TZ=UTC "$FAKETIME" -f "$when" \
  "$CERTTOOL" --generate-self-signed --load-privkey "$STORE/private/ca.key" \
  --password secret --template "$TMP/saved.cfg" --outfile "$TMP/certtool.crt"
"$OPENSSL" x509 -outform DER -in "$STORE/ca.crt" -out "$TMP/wizard.der"
"$OPENSSL" x509 -outform DER -in "$TMP/certtool.crt" -out "$TMP/certtool.der"
if cmp -s "$TMP/wizard.der" "$TMP/certtool.der"; then
  ok "the saved template gives certtool the same certificate (DER)"
else
  not_ok "the saved template gives certtool the same certificate (DER)"
  "$CERTTOOL" -i --infile "$STORE/ca.crt" >"$TMP/a"
  "$CERTTOOL" -i --infile "$TMP/certtool.crt" >"$TMP/b"
  diag "$(diff "$TMP/a" "$TMP/b" | head -30)"
fi

# Esc at each page writes nothing.
rm -rf "$STORE"
tui_start 80 24 "$CERTDECK" -d "$STORE"
tui_expect "offered again" "There is no CA"
tui_keys Escape
tui_expect "Esc on the offer: the main screen" "F1 Help"
no_store "Esc on the offer writes nothing"
tui_keys c
tui_expect "c opens the wizard on a store without a CA" "Which CA:"
tui_keys Escape
tui_expect "Esc on the kind of CA: the main screen" "F1 Help"
no_store "Esc on the kind of CA writes nothing"
tui_keys c Enter
tui_expect "the key page" "Key type and size"
tui_keys Escape
tui_expect "Esc on the key page: the main screen" "F1 Help"
no_store "Esc on the key page writes nothing"
tui_keys c Enter
tui_expect "the key page again" "Key type and size"
tui_keys Enter
tui_expect "the password page" "Password for the CA key"
tui_keys Escape
tui_expect "Esc on the password: the main screen" "F1 Help"
no_store "Esc on the password page writes nothing"
tui_keys c Enter
tui_expect "the key page, for RSA 4096" "RSA 4096 bits"
tui_keys Down Enter
tui_expect "its password" "Password for the CA key"
# Esc in the same breath as Enter: the key takes longer than that.
tui_keys Enter Escape
tui_expect "Esc abandons the key" "key generation abandoned"
no_store "an abandoned key writes nothing"
tui_keys c Enter
tui_expect "the key page, for ECDSA" "ECDSA P-256"
tui_keys Down Down Enter Enter
tui_expect "the form" "Country name (2 chars):"
tui_keys Escape
tui_expect "Esc on the form: nothing was written" "no CA created: nothing was written"
no_store "Esc on the form writes nothing"
tui_resize 200 60
tui_keys c Enter Down Down Enter Enter
tui_expect "the form in 200x60" "Will the certificate be used to sign CRLs? (y/N): y"
tui_resize 80 24
tui_expect "and back in 80x24" "Country name (2 chars):"
tui_keys F3
tui_expect "F3 asks for a template" "certtool template file to read"
tui_keys C-u
tui_keys -l "$TMP/none.cfg"
tui_keys Enter
tui_expect "a missing template is a message" "none.cfg"
tui_keys F3
tui_keys C-u
tui_keys -l "$TMP/saved.cfg"
tui_keys Enter
tui_expect "the saved template is loaded" "template $TMP/saved.cfg loaded"
tui_expect "its common name in the form" "Test CA"
tui_expect "its second DC" "com"
tui_keys Escape q
tui_wait_exit 10 && ok "q quits" || not_ok "q quits"
no_store "nothing written at all"
cp "$TMP/tui.err" "$TMP/err"
no_sanitizer_report "no sanitizer report"

# UTF-8: a name typed and edited character by character.
if locale -a 2>/dev/null | grep -qi '^c\.utf-\?8$'; then
  rm -rf "$STORE"
  tui_start 80 24 env LC_ALL=C.UTF-8 "$CERTDECK" -d "$STORE"
  tui_expect "UTF-8: offered" "There is no CA"
  tui_keys Enter
  tui_wait "Which CA:" >/dev/null
  tui_keys Enter
  tui_expect "UTF-8: the key page" "Key type and size"
  tui_keys Down Down Enter Enter
  tui_expect "UTF-8: the form" "Country name (2 chars):"
  tui_keys Tab Tab Tab Tab Tab
  tui_keys -l "Zo CA"
  tui_keys Left Left Left
  tui_keys -l "ë"
  tui_keys -l "x"
  tui_keys BSpace
  tui_expect "UTF-8: inserted in the middle" "Zoë CA"
  tui_keys F10
  tui_expect "UTF-8: the last page" "Is the above information ok?"
  tui_keys y
  tui_expect "UTF-8: created" "the CA is created in"
  tui_keys q
  tui_wait_exit 10 && ok "UTF-8: q quits" || not_ok "UTF-8: q quits"
  check "UTF-8: certtool reads the CA" "$CERTTOOL" -i --infile "$STORE/ca.crt"
  grep_ok "UTF-8: the name as typed" 'Subject: CN=Zoë CA' "$TMP/out"
else
  skip "C.UTF-8 locale not available"
fi

# An intermediate store made by init-ca --intermediate waits for its
# certificate: the TUI says so, refuses what needs the CA (signing, a
# CRL), takes the certificate with c (a certificate for another key is
# refused and nothing written), and the store is then complete.
R="$TMP/root" I="$TMP/sub" F="$TMP/files"
mkdir -p "$F"
check "pending: a root store" "$CERTDECK" -d "$R" init-ca --cn "Parent CA"
check "pending: an intermediate's key and request" "$CERTDECK" -d "$I" init-ca --intermediate --cn "Pending Sub"
check "pending: the parent signs it" "$CERTDECK" -d "$R" sign --profile ca --name sub "$I/reqs/ca.req"
cp "$R/issued/sub.crt" "$F/sub.crt"
cp "$R/ca.crt" "$F/other.crt"
cd "$F" || exit 1
tui_start 100 24 "$CERTDECK" -d "$I"
tui_expect "pending: the title says it waits" "waiting for its certificate"
tui_expect "pending: the message line says how to go on" "no CA certificate yet: c installs the one the parent signs from reqs/ca.req"
tui_expect "pending: c is offered as Install" "c Install"
tui_keys c
tui_expect "pending: c asks for the certificate" "signed by its parent"
tui_keys -l other.crt
tui_keys Enter
tui_expect "pending: another key's certificate is refused" "Not installed"
tui_keys Enter
[ -e "$I/ca.crt" ] && not_ok "pending: ... nothing written" || ok "pending: ... nothing written"
tui_absent "pending: (the message line now says why)" "no CA certificate yet"
tui_keys s
tui_expect "pending: s is refused, saying why" "no CA certificate yet"
sleep 0.5
tui_absent "pending: ... no sign wizard opens" "The profile to sign with"
tui_keys L
sleep 0.5
tui_absent "pending: L asks for no CRL" "Sign a new CRL now"
tui_keys d
tui_wait "due within" >/dev/null
tui_keys c
tui_expect "pending: the dashboard's c says why, in a dialog" "no CA certificate yet"
tui_keys Enter
tui_keys Escape
tui_wait "c Install" >/dev/null
tui_keys c
tui_wait "signed by its parent" >/dev/null
tui_keys -l sub.crt
tui_keys Enter
tui_expect "pending: installed" "the intermediate CA is complete (ca.crt)"
tui_expect "pending: the title counts issued certificates again" "0 issued"
tui_keys Down s
tui_expect "pending: s on the store's own reqs/ca.req is refused, saying who signs it" \
  "reqs/ca.req is this store's own CA's request: its parent CA signs it"
tui_leave "pending"
run "$OPENSSL" verify -CAfile "$R/ca.crt" "$I/ca.crt"
grep_ok "pending: openssl verifies the installed ca.crt against the parent" 'ca.crt: OK' "$TMP/out"
check "pending: the store is sound" "$CERTDECK" -d "$I" check
check "pending: and signs" "$CERTDECK" -d "$I" issue leaf.example
# Installed by another program while the TUI waits: R (or any key that
# needs the CA) finds it.
I2="$TMP/sub2"
check "pending: a second intermediate" "$CERTDECK" -d "$I2" init-ca --intermediate --cn "Pending Two"
check "pending: the parent signs it" "$CERTDECK" -d "$R" sign --profile ca --name sub2 "$I2/reqs/ca.req"
tui_start 100 24 "$CERTDECK" -d "$I2"
tui_expect "pending two: waiting" "waiting for its certificate"
check "pending two: init-ca --certificate installs it meanwhile" "$CERTDECK" -d "$I2" init-ca \
  --intermediate --certificate "$R/issued/sub2.crt"
tui_keys R
tui_expect "pending two: R finds it installed" "certificate is installed (ca.crt)"
tui_expect "pending two: ... the title counts again" "0 issued"
tui_leave "pending two"

# An intermediate CA made in the TUI: "Intermediate CA" on the first
# page, certtool --generate-request's questions (the authority question
# answered y), the request as it will be, then a store waiting for its
# certificate. The request is a CA's for openssl and certtool; the parent
# signs it, and c installs the certificate.
I3="$TMP/sub3"
tui_start 100 30 "$CERTDECK" -d "$I3"
tui_expect "tui intermediate: offered" "There is no CA in $I3 yet"
tui_keys Enter
tui_expect "tui intermediate: the second kind" "Intermediate CA, signed by a parent CA"
tui_keys Down Enter
tui_expect "tui intermediate: the key page" "Key type and size"
tui_keys Down Down Enter Enter
tui_expect "tui intermediate: certtool --generate-request's form" "New intermediate CA: certtool --generate-request"
tui_expect "tui intermediate: its challenge password" "Enter a challenge password:"
tui_expect "tui intermediate: the authority question answered y" "Does the certificate belong to an authority? (y/N): y"
tui_absent "tui intermediate: no serial (a request has none)" "serial number in decimal"
tui_keys Tab Tab Tab Tab Tab
tui_keys -l "TUI Sub CA"
# uid, dc, dns_name, uri, ip_address, email, challenge: then the CA toggle.
tui_keys Tab Tab Tab Tab Tab Tab Tab Tab
tui_keys n
tui_expect "tui intermediate: n on the authority question is refused, saying why" "(y/N): y  always y for a CA"
tui_expect "tui intermediate: ... and the answer stays y" "Does the certificate belong to an authority? (y/N): y"
tui_keys F10
tui_expect "tui intermediate: the request as it will be" "New intermediate CA: the request as it will be"
tui_expect "tui intermediate: as certtool --crq-info prints it" "PKCS #10 Certificate Request Information:"
tui_keys End
tui_expect "tui intermediate: the certtool command" "certtool --generate-request --load-privkey ca.key --template ca.cfg --outfile ca.req"
[ -e "$I3" ] && not_ok "tui intermediate: nothing written before yes" || ok "tui intermediate: nothing written before yes"
tui_keys y
tui_expect "tui intermediate: the store waits" "waiting for its certificate"
tui_expect "tui intermediate: and says what comes next" "c installs the one the parent signs from reqs/ca.req"
[ -e "$I3/ca.crt" ] && not_ok "tui intermediate: no ca.crt yet" || ok "tui intermediate: no ca.crt yet"
run "$OPENSSL" req -in "$I3/reqs/ca.req" -noout -verify -text
grep_ok "tui intermediate: openssl verifies the request" 'verify OK' "$TMP/err"
grep_ok "tui intermediate: a CA's request (CA:TRUE)" 'CA:TRUE' "$TMP/out"
grep_ok "tui intermediate: with its name" 'CN *= *TUI Sub CA' "$TMP/out"
check "tui intermediate: certtool reads the request" "$CERTTOOL" --crq-info --infile "$I3/reqs/ca.req"
grep_ok "tui intermediate: certtool sees a CA" 'Certificate Authority \(CA\): TRUE' "$TMP/out"
run ls -l "$I3/private/ca.key"
grep_ok "tui intermediate: its key is 0600" '^-rw-------' "$TMP/out"
check "tui intermediate: the parent signs it" "$CERTDECK" -d "$R" sign --profile ca --name sub3 "$I3/reqs/ca.req"
cp "$R/issued/sub3.crt" "$F/sub3.crt"
tui_keys c
tui_wait "signed by its parent" >/dev/null
tui_keys -l sub3.crt
tui_keys Enter
tui_expect "tui intermediate: installed" "the intermediate CA is complete (ca.crt)"
tui_leave "tui intermediate"
run "$OPENSSL" verify -CAfile "$R/ca.crt" "$I3/ca.crt"
grep_ok "tui intermediate: openssl verifies its certificate against the parent" 'ca.crt: OK' "$TMP/out"
check "tui intermediate: the store is sound" "$CERTDECK" -d "$I3" check
done_testing
