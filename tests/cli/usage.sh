#!/bin/sh
# The command line's frame: help, version, unknown commands and options.
. "$top_srcdir/tests/lib.sh"

check "--help exits 0" "$CERTDECK" --help
grep_ok "--help shows the usage line" '^Usage: certdeck' "$TMP/out"
check "--version exits 0" "$CERTDECK" --version
grep_ok "--version prints the version" '^certdeck [0-9]+\.[0-9]+' "$TMP/out"
check_exit "an unknown command exits 2" 2 "$CERTDECK" frobnicate
grep_ok "and names the command" "'frobnicate' is not a command" "$TMP/err"
check_exit "an unknown global option exits 2" 2 "$CERTDECK" --frob
grep_ok "and names the option" "'--frob' is unknown" "$TMP/err"
check_exit "-d after the command exits 2" 2 "$CERTDECK" list -d somewhere
grep_ok "... saying it goes before the command" "'-d' is certdeck's own: put it before the command \(certdeck -d DIR list" "$TMP/err"
check_exit "--dir after the command exits 2" 2 "$CERTDECK" check --dir=somewhere
grep_ok "... the same" "'--dir=somewhere' is certdeck's own" "$TMP/err"
done_testing
