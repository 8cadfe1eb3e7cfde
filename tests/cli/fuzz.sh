#!/bin/sh
# inspect on hostile input: the vendored fuzz reproducers and seeds
# (tests/data/fuzz), and truncations and bit flips of valid files made here.
# Every run must end with exit 0 or 2: no signal, no sanitizer report.
. "$top_srcdir/tests/lib.sh"
need "$CERTTOOL" "$OPENSSL" python3
cd "$TMP" || exit 1

# one_run DESC ARGS...: inspect ARGS; ok when the exit is 0 or 2 and stderr
# holds no sanitizer report (ASan exits 99, UBSan 98 in make check).
bad=0
one_run() {
  desc=$1; shift
  run "$CERTDECK" inspect "$@"
  if [ "$rc" -ne 0 ] && [ "$rc" -ne 2 ]; then
    bad=$((bad + 1)); diag "$desc: exit $rc: $*"; diag "$(head -5 "$TMP/err")"
  elif grep -Eq 'runtime error|AddressSanitizer|LeakSanitizer' "$TMP/err"; then
    bad=$((bad + 1)); diag "$desc: sanitizer report: $*"; diag "$(head -10 "$TMP/err")"
  fi
}
# replay FILE: plain, JSON, and as each type.
replay() {
  one_run "$1" "$1"
  one_run "$1" --json "$1"
  for t in cert request key crl pkcs12; do one_run "$1" --type $t "$1"; done
  one_run "$1" --show-private --password-file "$TMP/pw" "$1"
}
echo secret > pw

files=$(cd "$DATA/fuzz" && find . -type f ! -name PROVENANCE | sort)
n=$(echo "$files" | wc -l)
[ "$n" -ge 40 ] && ok "$n vendored fuzz files" || not_ok "only $n vendored fuzz files"
for kind in x509_parser crq_parser crl_parser private_key pkcs8_key pkcs7 \
  base64_decoder set_trust_file dn_parser x509_verify cert_corpus read_pem_corpus; do
  bad=0
  for f in $(echo "$files" | grep "$kind"); do replay "$DATA/fuzz/$f"; done
  [ "$bad" -eq 0 ] && ok "fuzz files of $kind: exit 0 or 2, no sanitizer report" \
    || not_ok "fuzz files of $kind: $bad bad runs"
done
bad=0
for f in $(echo "$files" | grep '\.repro/'); do replay "$DATA/fuzz/$f"; done
[ "$bad" -eq 0 ] && ok "every crash reproducer (*.repro) exits 0 or 2" || not_ok "reproducers: $bad bad runs"

# Valid material, then damaged copies of it.
"$CERTTOOL" -p --key-type ecdsa --outfile ec.key 2>/dev/null
"$CERTTOOL" -p --key-type rsa --bits 2048 --outfile rsa.key 2>/dev/null
printf 'cn = Fuzz CA\nca\ncert_signing_key\ncrl_signing_key\nexpiration_days = 30\n' > ca.tmpl
printf 'cn = fuzz.example\ndns_name = fuzz.example\nexpiration_days = 30\n' > leaf.tmpl
"$CERTTOOL" -s --load-privkey ec.key --template ca.tmpl --outfile ca.pem 2>/dev/null
"$CERTTOOL" -q --load-privkey rsa.key --template leaf.tmpl --outfile req.pem 2>/dev/null
"$CERTTOOL" -c --load-request req.pem --load-ca-certificate ca.pem --load-ca-privkey ec.key \
  --template leaf.tmpl --outfile leaf.pem 2>/dev/null
printf 'crl_next_update = 7\ncrl_number = 3\n' > crl.tmpl
"$CERTTOOL" --generate-crl --load-ca-certificate ca.pem --load-ca-privkey ec.key \
  --load-certificate leaf.pem --template crl.tmpl --outfile crl.pem 2>/dev/null
# openssl's PKCS #12 (2048 iterations: certtool's 600000 would make this slow)
"$OPENSSL" pkcs12 -export -in leaf.pem -inkey rsa.key -name x -passout pass:secret -out p12.der
"$CERTTOOL" -i --infile leaf.pem --outder --outfile leaf.der 2>/dev/null
"$CERTTOOL" -k --infile rsa.key --outder --outfile rsa.der 2>/dev/null
for f in ca.pem req.pem leaf.pem crl.pem p12.der leaf.der rsa.der ec.key; do
  check_exit "valid $f is read" 0 "$CERTDECK" inspect --password-file pw "$f"
done

# Truncations at a few cuts, and single bit flips at several offsets.
bad=0
for f in ca.pem req.pem crl.pem p12.der leaf.der rsa.der ec.key; do
  size=$(stat -c %s "$f")
  for cut in 1 10 $((size / 3)) $((size / 2)) $((size - 30)) $((size - 1)); do
    [ "$cut" -gt 0 ] || continue
    head -c "$cut" "$f" > cut.bin
    replay cut.bin
  done
done
[ "$bad" -eq 0 ] && ok "truncated files: exit 0 or 2, no sanitizer report" || not_ok "truncations: $bad bad runs"
bad=0
for f in ca.pem req.pem crl.pem p12.der leaf.der rsa.der; do
  size=$(stat -c %s "$f")
  for off in 0 5 30 $((size / 4)) $((size / 2)) $((size * 3 / 4)) $((size - 40)); do
    [ "$off" -ge 0 ] || continue
    python3 -c 'import sys
d = bytearray(open(sys.argv[1], "rb").read()); o = int(sys.argv[2]) % len(d)
d[o] ^= 1 << (o % 8); open("flip.bin", "wb").write(d)' "$f" "$off"
    replay flip.bin
  done
done
[ "$bad" -eq 0 ] && ok "bit-flipped files: exit 0 or 2, no sanitizer report" || not_ok "bit flips: $bad bad runs"

# Garbage and empty input say what was expected.
printf 'hello, world\n' > garbage.txt
check_exit "garbage exits 2" 2 "$CERTDECK" inspect garbage.txt
grep_ok "... naming the file and what was expected" \
  'garbage.txt: not a certificate, request, key, CRL or PKCS #12 file' "$TMP/err"
: > empty
check_exit "an empty file exits 2" 2 "$CERTDECK" inspect empty
grep_ok "... naming the file" 'empty' "$TMP/err"
head -c 200 ca.pem > trunc.pem
check_exit "a PEM block without its END line exits 2" 2 "$CERTDECK" inspect trunc.pem
grep_ok "... saying it looks truncated" 'trunc.pem: .*END.*truncated' "$TMP/err"
check_exit "a certificate read as a key (--type key) exits 2" 2 "$CERTDECK" inspect --type key ca.pem
grep_ok "... saying what was expected" 'ca.pem: no private key in this file' "$TMP/err"
done_testing
