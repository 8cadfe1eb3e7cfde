#!/bin/sh
# The new key wizard, driven in tmux: a bad or taken name is refused in
# the dialog; the key is written 0600 as private/NAME.key (certtool -k
# and openssl read it, with its password); Esc at each page, and during
# a long generation, writes nothing.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui/lib.sh"
need "$CERTTOOL" "$OPENSSL"

STORE="$TMP/pki"
check "a store to put keys in" "$CERTDECK" -d "$STORE" init-ca --cn "Key CA"
check "a key of the store already" "$CERTDECK" -d "$STORE" issue taken.example

# no_key NAME DESC: private/NAME.key was not written.
no_key() {
  if [ -e "$STORE/private/$1.key" ]; then not_ok "$2"; else ok "$2"; fi
}

tui_start 80 24 "$CERTDECK" -d "$STORE"
tui_expect "the main screen" "F1 Help"
tui_keys F1
tui_expect "K is in the help" "new private key in the store"
tui_keys Escape
tui_expect "the help closes" "F1 Help"
tui_keys K
tui_expect "K asks the key's name" "Name of the key"
tui_keys -l "bad name"
tui_keys Enter
tui_expect "a name with a space is refused in the dialog" "bad name"
tui_keys C-u
tui_keys -l ca
tui_keys Enter
tui_expect "the CA's own name is refused" "'ca' is the name of the store's own CA"
tui_keys C-u
tui_keys -l taken.example
tui_keys Enter
tui_expect "a taken name is refused" "a key of that name is already in the store"
tui_keys C-u
tui_keys -l web1
tui_keys Enter
tui_expect "the key page" "Key type and size"
tui_keys Down Down Down Down Down Enter
tui_expect "the password" "Password for the key"
tui_keys -l "s3cret"
tui_keys Enter
tui_expect "asked twice" "Enter the password again"
tui_keys -l "other"
tui_keys Enter
tui_expect "different passwords are refused" "the passwords differ"
# The hidden field is emptied: the password typed again goes through.
tui_keys -l "s3cret"
tui_keys Enter
tui_expect "the key is written" "key written to private/web1.key (Ed25519, sha256:"
tui_expect "and listed" "web1"
[ "$(stat -c %a "$STORE/private/web1.key")" = 600 ] && ok "private/web1.key is 0600" ||
  not_ok "private/web1.key is 0600 ($(stat -c %a "$STORE/private/web1.key"))"
check "certtool -k accepts it with its password" \
  "$CERTTOOL" -k --pkcs8 --password s3cret --infile "$STORE/private/web1.key"
# certtool 3.7 -k shows no more than the PKCS #8 header of an encrypted
# EdDSA key: openssl says what is inside.
check "openssl reads it too" "$OPENSSL" pkey -noout -text -passin pass:s3cret -in "$STORE/private/web1.key"
grep_ok "an Ed25519 private key" 'ED25519 Private-Key' "$TMP/out"
check_exit "not with a wrong password" 1 "$OPENSSL" pkey -noout -passin pass:wrong -in "$STORE/private/web1.key"

tui_keys K
tui_expect "a second key" "Name of the key"
tui_keys -l web2
tui_keys Enter
tui_expect "its type" "Key type and size"
tui_keys Down Down Enter Enter
tui_expect "an ECDSA key without a password" "key written to private/web2.key"
check "certtool -k accepts it" "$CERTTOOL" -k --infile "$STORE/private/web2.key"
grep_ok "an ECDSA key" 'EC/ECDSA' "$TMP/out"
id=$(sed -n '/Public Key ID:/,/sha256:/s/.*sha256:\([0-9a-f]*\).*/\1/p' "$TMP/out" | head -1)
tui_expect "the key id said is certtool's" "sha256:$(printf %.20s "$id")"
[ "$(stat -c %a "$STORE/private/web2.key")" = 600 ] && ok "private/web2.key is 0600" ||
  not_ok "private/web2.key is 0600"

tui_keys K
tui_expect "Esc on the name" "Name of the key"
tui_keys -l web3
tui_keys Escape
tui_expect "backs out" "F1 Help"
no_key web3 "Esc on the name writes nothing"
tui_keys K
tui_keys -l web3
tui_keys Enter
tui_expect "Esc on the key type" "Key type and size"
tui_keys Escape
tui_expect "backs out" "F1 Help"
no_key web3 "Esc on the key type writes nothing"
tui_keys K
tui_keys -l web3
tui_keys Enter Enter
tui_expect "Esc on the password" "Password for the key"
tui_keys Escape
tui_expect "backs out" "F1 Help"
no_key web3 "Esc on the password writes nothing"
tui_keys K
tui_keys -l web3
tui_keys Enter Down Enter
tui_expect "RSA 4096: its password" "Password for the key"
# Esc in the same breath as Enter: the key takes longer than that.
tui_keys Enter Escape
tui_expect "Esc abandons it" "key generation abandoned"
tui_keys Down
tui_expect "the screen still answers" "F1 Help"
no_key web3 "an abandoned key writes nothing"
tui_keys q
tui_wait_exit 20 && ok "q quits" || not_ok "q quits"
no_key web3 "nothing written after the thread ended either"
cp "$TMP/tui.err" "$TMP/err"
no_sanitizer_report "no sanitizer report"

# A store another certdeck is changing (its lock held): the refusal is a
# message at once, and the screen answers on.
if command -v flock >/dev/null 2>&1; then
  flock -x "$STORE/.certdeck.lock" -c "sleep 30" &
  holder=$!
  n=0
  while flock -n "$STORE/.certdeck.lock" true && [ "$n" -lt 100 ]; do
    n=$((n + 1)); sleep 0.05
  done
  tui_start 80 24 "$CERTDECK" -d "$STORE"
  tui_expect "a locked store opens" "F1 Help"
  tui_keys K
  tui_keys -l web4
  tui_keys Enter Enter
  tui_expect "the password page" "Password for the key"
  tui_keys Enter
  tui_expect "the busy store is said, not waited for" "the store is busy" 5
  tui_keys Down
  tui_expect "the screen answers on" "F1 Help"
  no_key web4 "nothing written to the locked store"
  tui_keys q
  tui_wait_exit 10 && ok "q quits" || not_ok "q quits"
  kill "$holder" 2>/dev/null; wait "$holder" 2>/dev/null
else
  skip "flock(1) not installed: no locked-store case"
fi

done_testing
