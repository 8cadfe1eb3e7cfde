#!/bin/sh
# The manual: it formats without a warning, and its COMMANDS section
# describes exactly the commands that 'certdeck --help' lists.
. "$top_srcdir/tests/lib.sh"
need groff
MAN="$top_srcdir/man/certdeck.1"
cd "$TMP" || exit 1

groff -man -Tutf8 -ww -z "$MAN" >/dev/null 2>groff.err
if [ ! -s groff.err ]; then ok "certdeck.1 formats without warnings"
else not_ok "certdeck.1 formats without warnings"; diag "$(cat groff.err)"; fi

"$CERTDECK" --help | sed -n '/^Commands:/,/^$/p' | awk 'NF && !/^Commands:/ {print $1}' |
  sort > help.cmds
# the tag line after each .TP of the COMMANDS section: ".B name ..."
sed -n '/^\.SH COMMANDS/,/^\.SH EXIT/p' "$MAN" |
  awk 'prev == ".TP" && /^\.B / {print $2} {prev = $0}' | sed 's/\\-/-/g' | sort -u > man.cmds
[ "$(wc -l < help.cmds)" -ge 8 ] && ok "--help lists the commands" || not_ok "--help lists the commands"
for c in $(cat help.cmds); do
  grep -qx -- "$c" man.cmds && ok "certdeck.1 describes $c" || not_ok "certdeck.1 describes $c"
done
for c in $(cat man.cmds); do
  grep -qx -- "$c" help.cmds && ok "$c, in the manual, exists" ||
    not_ok "$c, in the manual, exists"
done
done_testing
