#!/bin/sh
# Export (E) and import (I) from the TUI, driven in tmux. What E writes is
# judged by openssl (x509, verify, pkcs12 -info) and certtool (--p12-info):
# PEM, DER, the chain with and without the root, PKCS #12 modern and
# legacy with a friendly name and mode 0600. I records in the store a
# PKCS #12 made by openssl (wrong password first), a PKCS #7 bundle made by
# openssl crl2pkcs7 and a PEM certificate made by certtool, each signed by
# the store's CA outside certdeck; check finds the store sound afterwards.
# Esc anywhere writes nothing.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui/lib.sh"
need "$OPENSSL" "$CERTTOOL"

S="$TMP/pki"
O="$TMP/exports"
mkdir -p "$O" "$TMP/in"
check "a store (init-ca)" "$CERTDECK" -d "$S" init-ca --cn "Export CA"
check "a server certificate" "$CERTDECK" -d "$S" issue www.example.com
count_is() { # DESC N FILE: N certificates in the PEM FILE
  n=$(grep -c 'BEGIN CERTIFICATE' "$3" 2>/dev/null)
  if [ "$n" = "$2" ]; then ok "$1"; else not_ok "$1"; diag "$n certificates"; fi
}
mode_is() { # DESC MODE FILE
  if [ "$(stat -c %a "$3" 2>/dev/null)" = "$2" ]; then ok "$1"; else not_ok "$1"; diag "mode $(stat -c %a "$3" 2>&1)"; fi
}
# Certificates the store's CA signs outside certdeck, for import.
outside() { # NAME: $TMP/in/NAME.key and NAME.crt
  printf 'cn = "%s"\ndns_name = "%s"\ntls_www_server\nexpiration_days = 90\n' "$1" "$1" >"$TMP/in/$1.cfg"
  "$CERTTOOL" --generate-privkey --key-type ecdsa --outfile "$TMP/in/$1.key" >/dev/null 2>&1
  "$CERTTOOL" --generate-self-signed --load-privkey "$TMP/in/$1.key" \
    --template "$TMP/in/$1.cfg" --outfile "$TMP/in/$1.self" >/dev/null 2>&1
  "$CERTTOOL" --generate-certificate --load-privkey "$TMP/in/$1.key" \
    --load-ca-certificate "$S/ca.crt" --load-ca-privkey "$S/private/ca.key" \
    --template "$TMP/in/$1.cfg" --outfile "$TMP/in/$1.crt" >/dev/null 2>&1
}
outside p12.example.com
outside p7.example.com
outside pem.example.com
check "openssl makes a PKCS #12 of one" "$OPENSSL" pkcs12 -export -in "$TMP/in/p12.example.com.crt" \
  -inkey "$TMP/in/p12.example.com.key" -passout pass:imp0rt -out "$TMP/in/bundle.p12"
check "openssl makes a PKCS #7 of another" "$OPENSSL" crl2pkcs7 -nocrl \
  -certfile "$TMP/in/p7.example.com.crt" -out "$TMP/in/bundle.p7b"
cp "$TMP/in/pem.example.com.crt" "$TMP/in/plain.pem"
cp "$TMP/in/pem.example.com.key" "$TMP/in/akey.pem"
"$OPENSSL" req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$TMP/in/req.key" \
  -subj /CN=req.example.com -addext subjectAltName=DNS:req.example.com -out "$TMP/in/req.csr" 2>/dev/null
tui_store_state before

cd "$O" || exit 1
tui_start 80 24 "$CERTDECK" -d "$S"
tui_expect "the store opens" "F1 Help"

# Backing out: Esc at the format, then at the file chooser.
tui_keys / w w w Enter Home E
tui_expect "E asks the format" "Export as:"
tui_expect "... PKCS #12 legacy among them" "PKCS #12, legacy"
tui_keys Escape
tui_expect "Esc: nothing written" "not exported: nothing written"
tui_keys E
tui_wait "Export as:" >/dev/null
tui_keys Enter
tui_expect "then where to write" "Tab write here"
tui_keys Escape
tui_expect "Esc in the chooser: nothing written" "not exported: nothing written"
tui_store_state after-esc
if cmp -s "$TMP/before" "$TMP/after-esc" && [ -z "$(ls "$O")" ]; then ok "backing out wrote nothing"
else not_ok "backing out wrote nothing"; diag "$(ls "$O"; diff "$TMP/before" "$TMP/after-esc")"; fi

# export FORM-DOWNS NAME: E, the format DOWNS lines down, Tab (this
# directory), the file name NAME.
export_as() {
  tui_keys E
  tui_wait "Export as:" >/dev/null
  [ "$1" -gt 0 ] && for _ in $(seq "$1"); do tui_keys Down; done
  tui_keys Enter
  tui_wait "Tab write here" >/dev/null
  tui_keys Tab
  tui_wait "File name:" >/dev/null
  tui_keys C-u; tui_keys -l "$2"
  tui_keys Enter
}

export_as 0 w.pem
tui_expect "PEM exported" "exported www.example.com (1 certificate) to w.pem in"
if cmp -s "$O/w.pem" "$S/issued/www.example.com.crt"; then ok "... it is issued/NAME.crt"; else not_ok "... it is issued/NAME.crt"; fi
mode_is "... mode 0644" 644 "$O/w.pem"
export_as 1 w.der
tui_expect "DER exported" "to w.der in"
run "$OPENSSL" x509 -inform DER -in "$O/w.der" -noout -subject
grep_ok "openssl reads the DER" 'CN ?= ?www.example.com' "$TMP/out"
export_as 2 chain.pem
tui_expect "chain without the root" "to chain.pem in"
count_is "... one certificate: the root left out" 1 "$O/chain.pem"
export_as 3 full.pem
tui_expect "full chain" "exported www.example.com (2 certificates) to full.pem in"
count_is "... two certificates" 2 "$O/full.pem"
run "$OPENSSL" verify -CAfile "$S/ca.crt" "$O/full.pem"
grep_ok "openssl verifies the leaf of the full chain" 'full.pem: OK' "$TMP/out"
if sed -n '/BEGIN/,/END/p' "$O/full.pem" | tail -n +2 | sed -n '/BEGIN/,$p' | cmp -s - "$S/ca.crt"; then
  ok "... the root follows the leaf"; else not_ok "... the root follows the leaf"; fi

# The same name again: replacing is asked, n keeps the file.
export_as 0 w.pem
tui_expect "an existing file: replace?" "The file exists. Replace it?"
tui_keys n
tui_expect "n: nothing written" "not exported: nothing written"

# PKCS #12, modern, with a friendly name.
export_as 4 m.p12
tui_expect "PKCS #12 asks a password" "Enter the new password of the PKCS #12"
tui_keys -l 'S3cret pass'
tui_keys Enter
tui_expect "... twice" "Enter the password again:"
tui_keys -l 'S3cret pass'
tui_keys Enter
tui_expect "... and a friendly name" "Friendly name"
tui_keys C-u; tui_keys -l 'My Web Server'
tui_keys Enter
tui_expect "PKCS #12 exported" "to m.p12 in"
mode_is "... mode 0600" 600 "$O/m.p12"
run "$OPENSSL" pkcs12 -info -nokeys -in "$O/m.p12" -passin 'pass:S3cret pass'
grep_ok "openssl pkcs12 -info: AES-256 (PBES2)" 'PBES2, PBKDF2, AES-256-CBC' "$TMP/err"
grep_ok "... the friendly name" 'friendlyName: My Web Server' "$TMP/out"
grep_ok "... the certificate" 'subject=.*www.example.com' "$TMP/out"
"$OPENSSL" pkcs12 -in "$O/m.p12" -passin 'pass:S3cret pass' -nocerts -nodes 2>/dev/null | "$OPENSSL" pkey -pubout >"$TMP/m.pub"
"$OPENSSL" pkey -in "$S/private/www.example.com.key" -pubout >"$TMP/w.pub"
if [ -s "$TMP/m.pub" ] && cmp -s "$TMP/m.pub" "$TMP/w.pub"; then ok "... with the certificate's key"; else not_ok "... with the certificate's key"; fi
run "$CERTTOOL" --p12-info --inder --password 'S3cret pass' --infile "$O/m.p12"
grep_ok "certtool --p12-info: PBES2 AES-256" 'PBES2-AES256' "$TMP/out"
grep_ok "certtool: the friendly name" 'Friendly name: My Web Server' "$TMP/out"

# PKCS #12, legacy: passwords that differ are asked again.
export_as 5 l.p12
tui_wait "Enter the new password of the PKCS #12" >/dev/null
tui_keys -l one
tui_keys Enter
tui_wait "Enter the password again:" >/dev/null
tui_keys -l two
tui_keys Enter
tui_expect "differing passwords are refused" "The two passwords differ"
tui_keys Enter
tui_expect "... and asked again" "Enter the new password of the PKCS #12"
tui_keys -l legacy
tui_keys Enter
tui_wait "Enter the password again:" >/dev/null
tui_keys -l legacy
tui_keys Enter
tui_wait "Friendly name" >/dev/null
tui_keys Enter
tui_expect "legacy PKCS #12 exported" "to l.p12 in"
legacy=
"$OPENSSL" pkcs12 -info -nokeys -in "$O/l.p12" -passin pass:legacy >/dev/null 2>"$TMP/l.err" ||
  grep -q unsupported "$TMP/l.err" && legacy=-legacy
run "$OPENSSL" pkcs12 $legacy -info -nokeys -in "$O/l.p12" -passin pass:legacy
grep_ok "openssl pkcs12 $legacy -info: RC2-40" 'pbeWithSHA1And40BitRC2-CBC' "$TMP/err"
grep_ok "... friendly name: the store's name" 'friendlyName: www.example.com' "$TMP/out"
run "$CERTTOOL" --p12-info --inder --password legacy --infile "$O/l.p12"
grep_ok "certtool --p12-info: 3DES" 'Schema: PKCS12-3DES-SHA1' "$TMP/out"

# Import: a PKCS #12 made by openssl, a wrong password first.
tui_keys I
tui_expect "I opens the file chooser" "Import a PKCS #12, PKCS #7 or PEM file"
tui_keys BSpace
tui_wait "exports/" >/dev/null
tui_keys -l in
tui_keys Enter
tui_wait "$TMP/in" >/dev/null
tui_keys -l bundle.p12
tui_keys Enter
tui_expect "the name is asked" "Name in the store"
tui_keys C-u; tui_keys -l imported-p12
tui_keys Enter
tui_expect "the PKCS #12 password is asked" "Enter the PKCS #12 file's password:"
tui_keys -l wrong
tui_keys Enter
tui_expect "a wrong password: asked again" "That password is wrong"
tui_keys -l imp0rt
tui_keys Enter
tui_expect "imported with its key" "imported imported-p12 (issued/imported-p12.crt, private/imported-p12.key)"
serial=$("$OPENSSL" x509 -in "$TMP/in/p12.example.com.crt" -noout -serial | sed 's/^serial=//')
grep_ok "index.txt has its serial" "^V	.*	$serial	" "$S/index.txt"
if cmp -s "$S/issued/imported-p12.crt" "$TMP/in/p12.example.com.crt"; then ok "issued/imported-p12.crt is the certificate"
else not_ok "issued/imported-p12.crt is the certificate"; fi
mode_is "private/imported-p12.key is 0600" 600 "$S/private/imported-p12.key"
"$OPENSSL" pkey -in "$S/private/imported-p12.key" -pubout >"$TMP/i.pub" 2>/dev/null
"$OPENSSL" pkey -in "$TMP/in/p12.example.com.key" -pubout >"$TMP/o.pub" 2>/dev/null
if [ -s "$TMP/i.pub" ] && cmp -s "$TMP/i.pub" "$TMP/o.pub"; then ok "... holding its key (openssl pkey)"; else not_ok "... holding its key"; fi
tui_expect "the list shows it" "imported-p12"

# A PKCS #7 bundle, a PEM certificate, then something that is neither.
to_in() { # I, then into $TMP/in (the chooser starts where certdeck runs)
  tui_keys I
  tui_wait "Import a PKCS #12" >/dev/null
  tui_keys BSpace
  tui_wait "exports/" >/dev/null
  tui_keys -l in
  tui_keys Enter
  tui_wait "bundle.p7b" >/dev/null
}
import_file() { # FILE-IN-in/ NAME
  to_in
  tui_keys -l "$1"
  tui_keys Enter
  tui_wait "Name in the store" >/dev/null
  tui_keys C-u; tui_keys -l "$2"
  tui_keys Enter
}
import_file bundle.p7b imported-p7
tui_expect "the PKCS #7 bundle imported" "imported imported-p7 (issued/imported-p7.crt)"
import_file plain.pem imported-pem
tui_expect "the PEM certificate imported" "imported imported-pem (issued/imported-pem.crt)"
import_file req.csr imported-req
tui_expect "a request made by openssl imported among the requests" \
  "imported the request imported-req (reqs/imported-req.req): s signs it"
if "$OPENSSL" req -in "$S/reqs/imported-req.req" -noout -verify >/dev/null 2>&1; then
  ok "... reqs/imported-req.req: openssl verifies it"; else not_ok "... reqs/imported-req.req"; fi
tui_keys s
tui_expect "... selected: s opens its signing" "Sign a request"
tui_keys Escape
tui_wait "not signed" >/dev/null
for n in p7 pem; do
  run "$OPENSSL" verify -CAfile "$S/ca.crt" "$S/issued/imported-$n.crt"
  grep_ok "openssl verifies issued/imported-$n.crt" ': OK' "$TMP/out"
done
to_in
tui_keys -l akey.pem
tui_keys Enter
tui_expect "a key alone is refused" "neither a PKCS #12 file"
tui_keys Enter
import_file plain.pem again
tui_expect "the same certificate twice is refused" "Not imported"
tui_keys Enter
# A name in use is refused in the name dialog, which stays to take another.
import_file req.csr imported-req
tui_expect "a request's name in use: said at once" "the store has reqs/imported-req.req already"
tui_keys C-u; tui_keys -l imported-req2
tui_keys Enter
tui_expect "... another name goes through" "imported the request imported-req2 (reqs/imported-req2.req)"
import_file plain.pem ca
tui_expect "the name ca is refused in the dialog" "'ca' is the name of the store's own CA"
tui_keys Escape
tui_expect "... Esc: nothing imported" "not imported: nothing written"
tui_keys I
tui_wait "Import a PKCS #12" >/dev/null
tui_keys Escape
tui_expect "Esc: nothing imported" "not imported: nothing written"
tui_leave "export"

run "$CERTDECK" -d "$S" check
if [ "$rc" -eq 0 ]; then ok "check: the store is sound after the imports"; else not_ok "check after the imports"; diag "$(cat "$TMP/out" "$TMP/err")"; fi
grep_not "... again was not recorded" 'again' "$S/index.txt"
[ -e "$S/issued/again.crt" ] && not_ok "no issued/again.crt" || ok "no issued/again.crt"

# An intermediate store holds its own certificate only: a full chain
# offers to take the issuers from a file (the CLI's --issuers); a file
# with no certificate in it is said and another asked; the root from the
# right one ends the chain. Declined, the chain is written without the
# root, and the message line says so.
R="$TMP/root" I="$TMP/sub" X="$TMP/x"
mkdir -p "$X"
check "a root store" "$CERTDECK" -d "$R" init-ca --cn "Export Root"
check "an intermediate store" "$CERTDECK" -d "$I" init-ca --intermediate --cn "Export Issuing"
check "the root signs it" "$CERTDECK" -d "$R" sign --profile ca --name sub "$I/reqs/ca.req"
check "installed" "$CERTDECK" -d "$I" init-ca --intermediate --certificate "$R/issued/sub.crt"
check "a leaf of the intermediate" "$CERTDECK" -d "$I" issue leaf.example.org
cp "$R/ca.crt" "$X/roots.pem"
echo "not a certificate" >"$X/junk.pem"
cd "$X" || exit 1
tui_start 80 24 "$CERTDECK" -d "$I"
tui_expect "the intermediate store opens" "F1 Help"
tui_keys / l e a f Enter Home E
tui_wait "Export as:" >/dev/null
tui_keys Down Down Down Enter
tui_expect "a full chain: the issuer missing is named" "stops at the certificate issued by CN=Export"
tui_expect "... and its file offered" "Add the issuers from a file"
tui_keys Enter
tui_expect "the issuers' file is asked" "the issuers' certificates"
tui_keys -l junk.pem
tui_keys Enter
tui_expect "a file with no certificate: said, another offered" "Choose another file?"
tui_keys Enter
tui_wait "the issuers' certificates" >/dev/null
tui_keys -l roots.pem
tui_keys Enter
tui_wait "Tab write here" >/dev/null
tui_keys Tab
tui_wait "File name:" >/dev/null
tui_keys C-u; tui_keys -l full.pem
tui_keys Enter
tui_expect "exported with the root" "exported leaf.example.org (3 certificates) to full.pem in"
count_is "... leaf, intermediate and root" 3 "$X/full.pem"
run "$OPENSSL" verify -CAfile "$R/ca.crt" -untrusted "$X/full.pem" "$X/full.pem"
grep_ok "... openssl verifies it" 'full.pem: OK' "$TMP/out"
tui_keys E
tui_wait "Export as:" >/dev/null
tui_keys Down Down Down Enter
tui_wait "Add the issuers from a file" >/dev/null
tui_keys n
tui_wait "Tab write here" >/dev/null
tui_keys Tab
tui_wait "File name:" >/dev/null
tui_keys C-u; tui_keys -l noroot.pem
tui_keys Enter
tui_expect "declined: written, without the root, and said" \
  "no root: exported leaf.example.org (2 certificates) to noroot.pem"
count_is "... leaf and intermediate" 2 "$X/noroot.pem"
tui_leave "export from an intermediate store"
# The store's own files are never an export's target: refused as soon as
# the file is named, before any other question.
cp "$S/ca.crt" "$TMP/ca-before.crt"
cd "$S" || exit 1
tui_start 80 24 "$CERTDECK" -d "$S"
tui_expect "own files: the store opens" "F1 Help"
tui_keys / w w w Enter Home
export_as 0 ca.crt
tui_expect "an export over the store's ca.crt is refused at once" "a file of the store,"
tui_absent "... before asking to replace it" "The file exists. Replace it?"
tui_keys Enter
tui_expect "... nothing written" "not exported: nothing written"
cmp -s "$S/ca.crt" "$TMP/ca-before.crt" && ok "... ca.crt is untouched" || not_ok "... ca.crt is untouched"
tui_leave "own files"
done_testing
