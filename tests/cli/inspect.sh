#!/bin/sh
# inspect: certificates, requests, keys, CRLs and PKCS #12 files made by
# certtool and openssl, judged by certtool's and openssl's own views.
. "$top_srcdir/tests/lib.sh"
need "$CERTTOOL" "$OPENSSL" python3
cd "$TMP" || exit 1
cd_() { "$CERTDECK" "$@"; }

# prefix_ok DESC THEIRS OURS: THEIRS (certtool's text) is the start of OURS.
prefix_ok() {
  n=$(wc -l < "$2")
  if head -n "$n" "$3" | cmp -s "$2" -; then ok "$1"; else
    not_ok "$1"; diag "$(head -n "$n" "$3" | diff "$2" - | head -20)"
  fi
}
# same DESC A B
same() { if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1"; diag "'$2' != '$3'"; fi; }
norm() { tr -d ':\n ' | tr 'A-F' 'a-f'; }
# openssl's pin-sha256 of a certificate (x509), request (req) or key (pkey)
pin_of() {
  case $1 in
  x509) "$OPENSSL" x509 -in "$2" -noout -pubkey ;;
  req) "$OPENSSL" req -in "$2" -noout -pubkey ;;
  pkey) "$OPENSSL" pkey -in "$2" -pubout ${3:+-passin pass:$3} ;;
  esac | "$OPENSSL" pkey -pubin -outform der | "$OPENSSL" dgst -sha256 -binary | base64
}
# certtool -k's private parameters: the hex lines of its private sections
private_lines() {
  awk '/^(private key|private exponent|prime1|prime2|coefficient|exp1|exp2):$/ {p=1; next}
       /^[a-z].*:/ {p=0} p {print}' "$1" | grep -E '^	([0-9a-f][0-9a-f]:){15}[0-9a-f][0-9a-f]$'
}

# Material, made by certtool and openssl.
"$CERTTOOL" -p --key-type ecdsa --outfile ca.key 2>/dev/null
"$CERTTOOL" -p --key-type rsa --bits 2048 --outfile rsa.key 2>/dev/null
"$CERTTOOL" -p --key-type ed25519 --outfile ed.key 2>/dev/null
"$OPENSSL" genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out ec.key 2>/dev/null
"$OPENSSL" pkey -in rsa.key -aes256 -passout pass:keypass -out enc.key
printf 'keypass\n' > keypass; printf 'wrong\n' > wrongpass
cat > ca.tmpl <<'T'
cn = Inspect CA
organization = Lab
ca
path_len = 1
cert_signing_key
crl_signing_key
expiration_days = 365
T
cat > leaf.tmpl <<'T'
cn = www.example.org
organization = Example
dns_name = www.example.org
dns_name = example.org
ip_address = 127.0.0.1
ip_address = ::1
email = admin@example.org
uri = https://www.example.org/
tls_www_server
tls_www_client
signing_key
encryption_key
expiration_days = 30
T
"$CERTTOOL" -s --load-privkey ca.key --template ca.tmpl --outfile ca.pem 2>/dev/null
"$CERTTOOL" -q --load-privkey rsa.key --template leaf.tmpl --outfile leaf.csr 2>/dev/null
"$CERTTOOL" -c --load-request leaf.csr --load-ca-certificate ca.pem --load-ca-privkey ca.key \
  --template leaf.tmpl --outfile leaf.pem 2>/dev/null
"$CERTTOOL" -q --load-privkey ed.key --template leaf.tmpl --outfile ed.csr 2>/dev/null
"$CERTTOOL" -c --load-request ed.csr --load-ca-certificate ca.pem --load-ca-privkey ca.key \
  --template leaf.tmpl --outfile ed.pem 2>/dev/null
printf 'crl_next_update = 7\ncrl_number = 42\n' > crl.tmpl
cat leaf.pem ed.pem > revoked.pem
"$CERTTOOL" --generate-crl --load-ca-certificate ca.pem --load-ca-privkey ca.key \
  --load-certificate revoked.pem --template crl.tmpl --outfile crl.pem 2>/dev/null
"$CERTTOOL" --to-p12 --load-certificate leaf.pem --load-privkey rsa.key --p12-name "leaf key" \
  --password p12pass --outder --outfile certtool.p12 2>/dev/null
"$OPENSSL" pkcs12 -export -in leaf.pem -inkey rsa.key -certfile ca.pem -name "ossl leaf" \
  -passout pass:p12pass -out openssl.p12
printf 'p12pass\n' > p12pass
for f in ca.pem leaf.pem leaf.csr crl.pem certtool.p12 openssl.p12 enc.key; do
  [ -s "$f" ] || skip_all "could not make $f with certtool/openssl"
done

# 1. Certificates: certtool -i's text, then fingerprints, pin, random art.
for c in ca leaf ed; do
  "$CERTTOOL" -i --infile $c.pem > $c.certtool
  check "inspect $c.pem" cd_ inspect $c.pem
  cp "$TMP/out" $c.txt
  prefix_ok "$c: certtool -i's whole text starts inspect's" $c.certtool $c.txt
  for alg in sha1 sha256; do
    want=$("$OPENSSL" x509 -in $c.pem -noout -fingerprint -$alg | sed 's/.*=//' | norm)
    got=$(grep -m1 "^	$(echo $alg | sed 's/sha/SHA-/'): " $c.txt | sed 's/.*: //' | norm)
    same "$c: $alg fingerprint as openssl" "$got" "$want"
    tool=$(sed -n '/^	Fingerprint:/,/^	[A-Z]/p' $c.certtool | grep "$alg:" | sed 's/.*://')
    same "$c: $alg fingerprint as certtool -i" "$got" "$tool"
  done
  same "$c: pin-sha256 as openssl" "$(grep -m1 'pin-sha256:' $c.txt | sed 's/.*pin-sha256://')" \
    "$(pin_of x509 $c.pem)"
  grep_ok "$c: random art" '^\+--\[ ?[A-Z0-9]+ +[0-9]+\]?-+\+$' $c.txt
  grep_ok "$c: random art's frame" '^\+-{17}\+$' $c.txt
done
grep_ok "every SAN line is shown (IPv6)" 'IPAddress: ::1' leaf.txt

# 2. DER input.
"$OPENSSL" x509 -in leaf.pem -outform der -out leaf.der
check "inspect DER certificate" cd_ inspect leaf.der
prefix_ok "DER: certtool -i's text starts inspect's" leaf.certtool "$TMP/out"
"$OPENSSL" req -in leaf.csr -outform der -out leaf.csr.der
check "inspect DER request" cd_ inspect leaf.csr.der
grep_ok "... described as a request" 'PKCS #10 Certificate Request Information' "$TMP/out"
"$OPENSSL" crl -in crl.pem -outform der -out crl.der
check "inspect DER CRL" cd_ inspect crl.der
grep_ok "... described as a CRL" 'Revocation List Information' "$TMP/out"
"$OPENSSL" pkey -in ed.key -outform der -out ed.der
check "inspect DER key" cd_ inspect ed.der
grep_ok "... described as a key" 'EdDSA \(Ed25519\)' "$TMP/out"

# 3. Requests: certtool --crq-info, self-signature.
"$CERTTOOL" --crq-info --infile leaf.csr > csr.certtool
check "inspect request" cd_ inspect leaf.csr
cp "$TMP/out" csr.txt
prefix_ok "request: certtool --crq-info's text starts inspect's" csr.certtool csr.txt
grep_ok "request: self-signature verified" '^Self signature: verified' csr.txt
same "request: pin-sha256 as openssl" "$(grep -m1 'pin-sha256:' csr.txt | sed 's/.*pin-sha256://')" \
  "$(pin_of req leaf.csr)"
# A request whose signature is broken (one byte of the signature changed).
"$OPENSSL" req -in leaf.csr -outform der -out bad.der
python3 -c 'import sys
d = bytearray(open("bad.der", "rb").read()); d[-5] ^= 0x55; open("bad.der", "wb").write(d)'
if "$OPENSSL" req -inform der -in bad.der -noout -verify 2>&1 | grep -q 'verify OK'; then
  skip "openssl still verifies the damaged request"
else
  check "inspect a request with a bad signature" cd_ inspect bad.der
  grep_ok "... says the self-signature FAILED (as openssl)" '^Self signature: FAILED' "$TMP/out"
  "$CERTTOOL" --crq-info --inder --infile bad.der > bad.certtool 2>/dev/null
  prefix_ok "... certtool --crq-info's text starts inspect's" bad.certtool "$TMP/out"
fi

# 4. Keys: the public part only, unless --show-private.
for k in rsa ed ca ec; do
  "$CERTTOOL" -k --infile $k.key > $k.k.certtool
  "$CERTTOOL" --pubkey-info --load-privkey $k.key > $k.pub.certtool
  private_lines $k.k.certtool > $k.secret
  [ -s $k.secret ] || { not_ok "$k: certtool -k shows private lines"; continue; }
  check "inspect $k.key" cd_ inspect $k.key
  cp "$TMP/out" $k.txt
  prefix_ok "$k: certtool --pubkey-info's text starts inspect's" $k.pub.certtool $k.txt
  if grep -qxF -f $k.secret $k.txt; then not_ok "$k: no private key bytes without --show-private"
  else ok "$k: no private key bytes without --show-private"; fi
  grep_not "$k: no private key PEM" 'PRIVATE KEY' $k.txt
  same "$k: pin-sha256 as openssl" "$(grep -m1 'pin-sha256:' $k.txt | sed 's/.*pin-sha256://')" \
    "$(pin_of pkey $k.key)"
  check "inspect --show-private $k.key" cd_ inspect --show-private $k.key
  if python3 -c 'import sys; sys.exit(open(sys.argv[1]).read() not in open(sys.argv[2]).read())' \
    $k.k.certtool "$TMP/out"; then ok "$k: --show-private shows all of certtool -k"
  else not_ok "$k: --show-private shows all of certtool -k"; fi
done

# 5. Encrypted keys: the password, from a file or a descriptor.
check_exit "encrypted key without a password exits 2" 2 cd_ inspect enc.key
grep_ok "... naming the file and how to give one" 'enc.key: .*encrypted.*--password-file' "$TMP/err"
check_exit "encrypted key with a wrong password exits 2" 2 cd_ inspect --password-file wrongpass enc.key
grep_ok "... saying the password is wrong" 'enc.key: wrong password' "$TMP/err"
check "encrypted key with its password" cd_ inspect --password-file keypass enc.key
same "... its pin-sha256 as openssl" "$(grep -m1 'pin-sha256:' "$TMP/out" | sed 's/.*pin-sha256://')" \
  "$(pin_of pkey enc.key keypass)"
if grep -qxF -f rsa.secret "$TMP/out"; then not_ok "... and no private key bytes"; else ok "... and no private key bytes"; fi
check "password from a descriptor" sh -c "exec 3<keypass; \"\$0\" inspect --password-fd 3 enc.key" "$CERTDECK"
check_exit "two password sources exit 2" 2 cd_ inspect --password-file keypass --password-fd 0 enc.key

# 6. CRLs: certtool --crl-info's text, serials as openssl reads them.
"$CERTTOOL" --crl-info --infile crl.pem > crl.certtool
check "inspect CRL" cd_ inspect crl.pem
cp "$TMP/out" crl.txt
prefix_ok "CRL: certtool --crl-info's text starts inspect's" crl.certtool crl.txt
"$OPENSSL" crl -in crl.pem -noout -text | sed -n 's/.*Serial Number: *//p' | norm > want.serials
sed -n 's/.*Serial Number (hex): *//p' crl.txt | norm > got.serials
[ -s want.serials ] && cmp -s want.serials got.serials && ok "CRL: serials as openssl crl -text" \
  || not_ok "CRL: serials as openssl crl -text"
want=$("$OPENSSL" crl -in crl.pem -outform der | "$OPENSSL" dgst -sha256 -r | cut -c1-64)
got=$(sed -n '/^CRL fingerprints:/,$p' crl.txt | grep 'SHA-256' | sed 's/.*: //' | norm)
same "CRL: SHA-256 fingerprint of its DER" "$got" "$want"

# 7. PKCS #12 (certtool --to-p12, openssl pkcs12 -export).
for p in certtool openssl; do
  check_exit "$p.p12 without its password exits 2" 2 cd_ inspect $p.p12
  grep_ok "... naming the file" "$p.p12: .*password" "$TMP/err"
  check_exit "$p.p12 with a wrong password exits 2" 2 cd_ inspect --password-file wrongpass $p.p12
  check "inspect $p.p12 with its password" cd_ inspect --password-file p12pass $p.p12
  cp "$TMP/out" $p.p12.txt
  grep_ok "$p.p12: MAC verified" 'MAC verified' $p.p12.txt
  grep_ok "$p.p12: lists the certificate" '^	Type: Certificate' $p.p12.txt
  grep_ok "$p.p12: lists the key" '^	Type: PKCS #8 (encrypted )?key' $p.p12.txt
  grep_ok "$p.p12: friendly name" '^	Friendly name: (leaf key|ossl leaf)' $p.p12.txt
  grep_ok "$p.p12: local key ID" '^	Key ID: [0-9a-f:]+$' $p.p12.txt
  grep_ok "$p.p12: describes the certificate" "Subject: CN=www.example.org" $p.p12.txt
  [ "$(grep -c "pin-sha256:$(pin_of x509 leaf.pem)" $p.p12.txt)" -ge 2 ] \
    && ok "$p.p12: the key is the certificate's (pin-sha256)" || not_ok "$p.p12: the key is the certificate's (pin-sha256)"
  if grep -qxF -f rsa.secret $p.p12.txt; then not_ok "$p.p12: no private key bytes"; else ok "$p.p12: no private key bytes"; fi
  check "$p.p12 --show-private" cd_ inspect --show-private --password-file p12pass $p.p12
  if grep -qxF -f rsa.secret "$TMP/out"; then ok "$p.p12: --show-private shows the key"; else not_ok "$p.p12: --show-private shows the key"; fi
done
grep_ok "openssl.p12: the CA certificate too" 'Subject: CN=Inspect CA' openssl.p12.txt
"$OPENSSL" pkcs12 -export -in leaf.pem -inkey rsa.key -nomac -passout pass:p12pass -out nomac.p12
check "a PKCS #12 without MAC (openssl -nomac)" cd_ inspect --password-file p12pass nomac.p12
grep_ok "... says it has none" '^MAC: none' "$TMP/out"
check_exit "... and still refuses a wrong password" 2 cd_ inspect --password-file wrongpass nomac.p12

# 8. JSON, checked against openssl.
check "inspect --json" cd_ inspect --json ca.pem leaf.pem leaf.csr rsa.key crl.pem
cp "$TMP/out" all.json
check "JSON parses (python3 -m json.tool)" python3 -m json.tool all.json
for f in ca leaf; do
  "$OPENSSL" x509 -in $f.pem -noout -serial -startdate -enddate -fingerprint -sha256 > $f.ossl
  "$OPENSSL" x509 -in $f.pem -noout -fingerprint -sha1 >> $f.ossl
  "$OPENSSL" x509 -in $f.pem -noout -ext subjectAltName,keyUsage,extendedKeyUsage,basicConstraints >> $f.ossl 2>/dev/null
  "$OPENSSL" x509 -in $f.pem -noout -text | grep 'Public-Key:' >> $f.ossl
  pin_of x509 $f.pem > $f.pin
done
cat > judge.py <<'PY'
import json, sys, datetime, re
items = json.load(open("all.json"))
fails = []
def expect(what, got, want):
    if got != want:
        fails.append("%s: got %r, want %r" % (what, got, want))
def norm(s): return s.replace(":", "").lower()
def date(s): return datetime.datetime.strptime(s, "%b %d %H:%M:%S %Y GMT").strftime("%Y-%m-%dT%H:%M:%SZ")
expect("types", [i["type"] for i in items], ["certificate", "certificate", "request", "private_key", "crl"])
ku_names = {"Digital Signature": "digitalSignature", "Key Encipherment": "keyEncipherment",
            "Certificate Sign": "keyCertSign", "CRL Sign": "cRLSign"}
eku_names = {"TLS Web Server Authentication": "serverAuth", "TLS Web Client Authentication": "clientAuth"}
for item, name in zip(items[:2], ["ca", "leaf"]):
    o = open(name + ".ossl").read()
    expect(name + " file", item["file"], name + ".pem")
    expect(name + " serial", item["serial"], re.search(r"serial=(\w+)", o).group(1))
    expect(name + " not_before", item["not_before"], date(re.search(r"notBefore=(.*)", o).group(1)))
    expect(name + " not_after", item["not_after"], date(re.search(r"notAfter=(.*)", o).group(1)))
    expect(name + " sha256", norm(item["fingerprints"]["sha256"]), norm(re.search(r"(?i)SHA256 Fingerprint=(.*)", o).group(1)))
    expect(name + " sha1", norm(item["fingerprints"]["sha1"]), norm(re.search(r"(?i)SHA1 Fingerprint=(.*)", o).group(1)))
    expect(name + " pin", item["pin_sha256"], open(name + ".pin").read().strip())
    expect(name + " bits", item["key"]["bits"], int(re.search(r"Public-Key: \((\d+) bit", o).group(1)))
    lines = o.splitlines()
    def ext(title):
        for i, l in enumerate(lines):
            if l.startswith("X509v3 " + title):
                return lines[i + 1].strip()
        return None
    ku = ext("Key Usage")
    expect(name + " key_usage", sorted(item["key_usage"]), sorted(ku_names[k.strip()] for k in ku.split(",")) if ku else [])
    eku = ext("Extended Key Usage")
    expect(name + " eku", sorted(item["extended_key_usage"]), sorted(eku_names[k.strip()] for k in eku.split(",")) if eku else [])
    bc = ext("Basic Constraints")
    want_bc = None
    if bc:
        m = re.search(r"pathlen:(\d+)", bc)
        want_bc = {"ca": "CA:TRUE" in bc, "path_len": int(m.group(1)) if m else None}
    expect(name + " basic_constraints", item["basic_constraints"], want_bc)
    san = ext("Subject Alternative Name")
    kinds = {"DNS": "dns", "IP Address": "ip", "email": "email", "URI": "uri"}
    want_san = []
    if san:
        for part in san.split(", "):
            k, v = part.split(":", 1)
            if k == "IP Address" and ":" in v:
                v = "::1" if v.replace("0:", "") == "1" else v.lower()
            want_san.append({"type": kinds[k], "value": v})
    expect(name + " san", item["san"], want_san)
expect("ca key", items[0]["key"], {"algorithm": "ecdsa", "bits": 256, "curve": "SECP256R1"})
expect("request signature", items[2]["signature_valid"], True)
expect("key: no private part", "private_key_pem" in items[3], False)
expect("key algorithm", items[3]["key"]["algorithm"], "rsa")
expect("crl number", items[4]["crl_number"], "2A")
for f in fails: print(f)
sys.exit(1 if fails else 0)
PY
check "JSON fields agree with openssl" python3 judge.py
check "JSON: the CRL's serials as openssl's" python3 -c '
import json, subprocess, sys
crl = json.load(open("all.json"))[4]
text = subprocess.run([sys.argv[1], "crl", "-in", "crl.pem", "-noout", "-text"], capture_output=True, text=True).stdout
want = [l.split(":")[1].strip() for l in text.splitlines() if "Serial Number:" in l]
sys.exit([r["serial"] for r in crl["revoked"]] != want)' "$OPENSSL"
check "JSON for PKCS #12" cd_ inspect --json --password-file p12pass openssl.p12
cp "$TMP/out" p12.json
check "... parses, lists the certificates and the key" python3 -c '
import json, sys
p = json.load(open(sys.argv[1]))[0]
els = [e for b in p["bags"] for e in b["elements"]]
types = sorted(e["type"] for e in els)
assert p["mac"]["verified"] and types == ["certificate", "certificate", "encrypted_key"], types
key = [e for e in els if e["type"] == "encrypted_key"][0]
assert key["friendly_name"] == "ossl leaf" and "private_key_pem" not in key["item"]' p12.json
check "JSON --show-private has the private key" cd_ inspect --json --show-private ed.key
cp "$TMP/out" ed.json
check "... as openssl reads it" python3 -c '
import json, subprocess, sys
k = json.load(open(sys.argv[1]))[0]["private_key_pem"]
a = subprocess.run([sys.argv[2], "pkey", "-outform", "der"], input=k.encode(), capture_output=True).stdout
b = subprocess.run([sys.argv[2], "pkey", "-in", "ed.key", "-outform", "der"], capture_output=True).stdout
sys.exit(not a or a != b)' ed.json "$OPENSSL"

# 9. Several PEM objects in one file; stdin; several files.
cat ca.pem leaf.csr rsa.key crl.pem leaf.pem > bundle.pem
check "inspect a bundle of five PEM objects" cd_ inspect bundle.pem
cp "$TMP/out" bundle.txt
same "... two certificates" "$(grep -c '^X.509 Certificate Information:' bundle.txt)" 2
same "... one request" "$(grep -c '^PKCS #10 Certificate Request Information:' bundle.txt)" 1
same "... one CRL" "$(grep -c '^X.509 Certificate Revocation List Information:' bundle.txt)" 1
same "... one key" "$(grep -c '^Private key: not shown' bundle.txt)" 1
check "--type cert picks the certificates" cd_ inspect --json --type cert bundle.pem
cp "$TMP/out" certs.json
check "... only them, in order" python3 -c '
import json, sys
i = json.load(open(sys.argv[1]))
sys.exit([x["type"] for x in i] != ["certificate"] * 2 or "Inspect CA" not in i[0]["subject"])' certs.json
run cd_ inspect - < leaf.pem
cp "$TMP/out" stdin.txt
cmp -s stdin.txt leaf.txt && ok "stdin ('-') as the file" || not_ok "stdin ('-') as the file"
check_exit "one bad file among good ones exits 2" 2 cd_ inspect ca.pem nosuchfile leaf.pem
grep_ok "... naming it" 'nosuchfile' "$TMP/err"
same "... and the good ones are still shown" "$(grep -c '^X.509 Certificate Information:' "$TMP/out")" 2
check_exit "--type with a bad value exits 2" 2 cd_ inspect --type nonsense ca.pem
grep_ok "... naming the value and what is expected" "--type: 'nonsense'.*expected cert, request" "$TMP/err"
check_exit "no file exits 2" 2 cd_ inspect
check_exit "a request read as a CRL (--type crl) exits 2" 2 cd_ inspect --type crl leaf.csr
grep_ok "... saying what was expected" 'leaf.csr: no CRL in this file' "$TMP/err"
check "inspect --help" cd_ inspect --help
done_testing
