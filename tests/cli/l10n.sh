#!/bin/sh
# The French translation is complete (every message of the sources has a
# translation that is not fuzzy, msgfmt -c finds no format mismatch), and
# certdeck speaks it.
. "$top_srcdir/tests/lib.sh"
need xgettext msgcmp msgfmt
cd "$TMP" || exit 1
PO="$top_srcdir/po/fr.po"

check "fr.po compiles, formats checked" msgfmt -c -o fr.mo "$PO"
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
done_testing
