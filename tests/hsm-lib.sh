# certdeck tests: a SoftHSM2 token made in $TMP, for the PKCS #11 tests
# (tests/cli/hsm.sh, tests/tui/hsm.sh). Source it after tests/lib.sh:
# without softhsm2 the whole file is skipped. MODULE is SoftHSM2's module;
# the token's configuration is $TMP/softhsm2.conf (SOFTHSM2_CONF), so
# neither p11-kit's nor SoftHSM's system configuration is read or touched.

command -v softhsm2-util >/dev/null 2>&1 ||
  skip_all "softhsm2 not installed (apt-get install softhsm2)"
MODULE=
for m in /usr/lib/softhsm/libsofthsm2.so /usr/lib/*/softhsm/libsofthsm2.so \
  /usr/lib64/pkcs11/libsofthsm2.so /usr/lib/*/libsofthsm2.so; do
  [ -f "$m" ] && { MODULE=$m; break; }
done
[ -n "$MODULE" ] || skip_all "softhsm2's module libsofthsm2.so not found"

# hsm_token LABEL: a token LABEL (PIN 123456, SO PIN 654321) in
# $TMP/tokens, as one check; GNUTLS_PIN unset, so each PIN is asked.
hsm_token() {
  mkdir "$TMP/tokens"
  printf 'directories.tokendir = %s/tokens\nobjectstore.backend = file\nlog.level = ERROR\n' \
    "$TMP" >"$TMP/softhsm2.conf"
  SOFTHSM2_CONF=$TMP/softhsm2.conf
  export SOFTHSM2_CONF
  unset GNUTLS_PIN
  check "softhsm2-util makes a token in \$TMP" softhsm2-util --init-token --free \
    --label "$1" --pin 123456 --so-pin 654321
}
