#!/bin/sh
# genkey and import: keys of every type, plain and encrypted, PEM and DER,
# judged by certtool and openssl; keys from openssl and certtool imported;
# bad input refused with exit 2 and nothing left behind.
. "$top_srcdir/tests/lib.sh"
need "$CERTTOOL" "$OPENSSL"
cd "$TMP" || exit 1
cd_() { "$CERTDECK" "$@"; }
mode_ok() { # DESC FILE
  if [ "$(stat -c %a "$2")" = 600 ]; then ok "$1"; else not_ok "$1"; diag "mode $(stat -c %a "$2")"; fi
}

# 1. Every type: genkey, 0600, certtool and openssl read it.
for spec in "rsa 2048" "rsa 3072" "rsa 4096" "ecdsa p256" "ecdsa p384" "ecdsa p521" ed25519 ed448; do
  set -- $spec
  t=$1 size=${2:-}
  f="k-$t$size.pem"
  case $t:$size in
    rsa:*) args="--bits $size" want_alg=RSA want_cert="($size bits)" want_ossl="Private-Key: \\($size bit" ;;
    ecdsa:*) n=${size#p}; args="--curve $size" want_alg=EC/ECDSA want_cert="curve:	SECP${n}R1" want_ossl="Private-Key: \\($n bit" ;;
    ed25519:) args= want_alg='EdDSA \(Ed25519\)' want_cert='Ed25519' want_ossl='ED25519 Private-Key' ;;
    ed448:) args= want_alg='EdDSA \(Ed448\)' want_cert='Ed448' want_ossl='ED448 Private-Key' ;;
  esac
  check "genkey $spec" cd_ genkey --key-type "$t" $args --outfile "$f"
  cp "$TMP/err" "$f.err"
  mode_ok "$spec: mode 0600" "$f"
  grep_ok "$spec: PKCS #8 PEM" '^-----BEGIN PRIVATE KEY-----$' "$f"
  "$CERTTOOL" -k --infile "$f" > "$f.txt" 2>&1
  grep_ok "$spec: certtool reads the algorithm" "Public Key Algorithm: $want_alg" "$f.txt"
  grep_ok "$spec: certtool reads the size" "$want_cert" "$f.txt"
  id=$(sed -n 's/^	sha256:\([0-9a-f]*\)$/\1/p' "$f.txt" | head -1)
  grep_ok "$spec: the confirmation gives certtool's key id" "sha256:$id" "$f.err"
  grep_not "$spec: the confirmation does not show the key" 'PRIVATE KEY' "$f.err"
  "$OPENSSL" pkey -in "$f" -noout -text > "$f.ossl" 2>&1
  grep_ok "$spec: openssl reads it" "$want_ossl" "$f.ossl"
done

done_testing
