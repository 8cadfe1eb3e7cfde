#!/bin/sh
# The French translation is complete (every message of the sources has a
# translation that is not fuzzy, msgfmt -c finds no format mismatch), and
# certdeck speaks it.
. "$top_srcdir/tests/lib.sh"
need xgettext msgcmp msgfmt
cd "$TMP" || exit 1
PO="$top_srcdir/po/fr.po"

check "fr.po compiles, formats checked" msgfmt -c -o fr.mo "$PO"
# Every source file with a message is in po/POTFILES.in, else its
# messages are never extracted (nor translated).
missing=$(cd "$top_srcdir" && grep -l -E '\bN?_\("' src/*.c src/cli/*.c ui/*.c |
  while read -r f; do grep -qx "$f" po/POTFILES.in || echo "$f"; done)
[ -z "$missing" ] && ok "every source file with messages is in po/POTFILES.in" ||
  { not_ok "every source file with messages is in po/POTFILES.in"; diag "missing: $missing"; }
(cd "$top_srcdir" && xgettext --keyword=_ --keyword=N_ --from-code=UTF-8 \
  -o "$TMP/sources.pot" $(grep -v '^#' po/POTFILES.in)) 2>xg.err
[ -s sources.pot ] && ok "xgettext extracts the messages" || { not_ok "xgettext extracts the messages"; diag "$(cat xg.err)"; }
n=$(grep -c '^msgid ' sources.pot)
[ "$n" -gt 300 ] && ok "$n messages in the sources" || not_ok "messages in the sources ($n)"
check "every message has a French translation (msgcmp)" msgcmp "$PO" sources.pot
run msgfmt --statistics -o /dev/null "$PO"
grep_ok "... none fuzzy or untranslated" '^[0-9]+ translated messages\.$' "$TMP/err"

mkdir -p locale/fr/LC_MESSAGES && cp fr.mo locale/fr/LC_MESSAGES/certdeck.mo
if ! locale -a 2>/dev/null | grep -qi '^fr_FR\.utf-\?8$'; then
  skip "no fr_FR.UTF-8 locale here (./bootstrap generates it)"
  done_testing; exit $?
fi
fr() { LANGUAGE=fr LC_ALL=fr_FR.UTF-8 CERTDECK_LOCALEDIR="$TMP/locale" "$CERTDECK" "$@"; }
run fr --help
grep_ok "--help in French" 'Utilisation' "$TMP/out"
run fr genkey --key-type dsa --outfile k.pem
[ "$rc" -eq 2 ] && ok "a bad flag still exits 2" || not_ok "a bad flag still exits 2 ($rc)"
grep_ok "... with its message in French" 'attendu|valeur|type de cl' "$TMP/err"
run fr -d nowhere list
grep_ok "a missing store, said in French" 'dépôt' "$TMP/err"

# Each command's --help in French: its usage, its text, its options' value
# names, aligned by terminal columns (accented words count one column).
run fr serve --help
cp "$TMP/out" "$TMP/out.serve"
grep_ok "serve --help in French" '^Utilisation : certdeck .*serve .*--cert FICHIER' "$TMP/out"
grep_ok "... its text" 'serveur d.écho TLS' "$TMP/out"
grep_ok "... its options, value names translated" '^  --handshake-timeout SECONDES +[^ ]' "$TMP/out"
grep_ok "... aligned by columns (CHAÎNE: 6 columns, 7 bytes)" '^  --priority CHAÎNE {8}[^ ]' "$TMP/out"
grep_not "... no English help line left" 'listen on this|this help$' "$TMP/out"
run fr connect --help
grep_ok "connect --help in French" '^Utilisation : certdeck .*connect --host HÔTE' "$TMP/out"
grep_ok "... its options" '^  --send TEXTE +[^ ]' "$TMP/out"
run fr verify --help
grep_ok "verify --help in French" '^Utilisation : certdeck .*verify .*--trust FICHIER' "$TMP/out"
grep_ok "... its options" '^  --peer-name ARG +[^ ]' "$TMP/out"
run fr lint --help
grep_ok "lint --help: value names translated" '^  --issuer FICHIER +[^ ]' "$TMP/out"
run fr verify nothing.pem
[ "$rc" -eq 2 ] && ok "verify without a CA exits 2" || not_ok "verify without a CA exits 2 ($rc)"
grep_ok "... and says why in French" 'rien à quoi faire confiance.*--trust FICHIER' "$TMP/err"
grep_ok "serve --help: the Listening on line is quoted as printed" '« Listening on ' "$TMP/out.serve"

# serve under French: the log is French, but the line scripts wait for on
# stdout stays "Listening on" (a protocol line, the same in every language).
if check "a store for serve" fr -d pki init-ca --cn "Test CA" &&
   check "... with a server certificate" fr -d pki issue localhost --dns-name localhost; then
  env --default-signal=INT LANGUAGE=fr LC_ALL=fr_FR.UTF-8 CERTDECK_LOCALEDIR="$TMP/locale" \
    "$CERTDECK" -d pki serve --port 0 --name localhost >serve.out 2>serve.err &
  spid=$!
  i=0
  while ! grep -q '^Listening on ' serve.out && [ $i -lt 200 ] && kill -0 $spid 2>/dev/null; do
    sleep 0.05; i=$((i + 1))
  done
  grep_ok "serve prints Listening on, in English, under French" '^Listening on 127\.0\.0\.1:[0-9]+$' serve.out
  port=$(sed -n 's/^Listening on .*:\([0-9]*\)$/\1/p' serve.out)
  if [ -n "$port" ]; then
    run fr -d pki connect --host localhost --port "$port" --send bonjour --timeout 10
    grep_ok "connect's log in French" 'Négociation terminée' "$TMP/err"
  else skip "no port"; fi
  kill -TERM $spid 2>/dev/null
  i=0
  while kill -0 $spid 2>/dev/null && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
  kill -9 $spid 2>/dev/null
  wait $spid 2>/dev/null
  grep_ok "serve's log in French" 'Connexion acceptée|Négociation terminée' serve.err
fi
done_testing
