#!/bin/sh
# The guided lab (man/certdeck-lab.7) works as written: every command line
# of it that starts with "$ " runs, in order, in a scratch directory, and
# exits as the page says (0, or the status of a trailing '\" exit N').
. "$top_srcdir/tests/lib.sh"
need "$OPENSSL"
PAGE="$top_srcdir/man/certdeck-lab.7"
cd "$TMP" || exit 1
mkdir bin lab-run
ln -s "$CERTDECK" bin/certdeck
PATH="$TMP/bin:$PATH"
export PATH

# "$ cmd \" exit N" -> "N<TAB>cmd", with roff's \- turned back into -.
sed -n 's/^\$ //p' "$PAGE" | sed 's/\\-/-/g' |
  awk '{ want = 0
         if (match($0, / *\\" exit [0-9]+$/)) {
           want = substr($0, RSTART); sub(/.*exit /, "", want)
           $0 = substr($0, 1, RSTART - 1)
         }
         printf "%s\t%s\n", want, $0 }' > steps
n=$(wc -l < steps)
[ "$n" -ge 20 ] && ok "the lab has $n commands" || not_ok "the lab has commands ($n)"
cd lab-run || exit 1
while IFS='	' read -r want cmd; do
  rc=0
  sh -c "$cmd" >out 2>err </dev/null || rc=$?
  if [ "$rc" -eq "$want" ]; then ok "lab: $cmd"
  else
    not_ok "lab: $cmd"; diag "exit $rc, the page says $want" "stdout:" "$(head -10 out)" \
      "stderr:" "$(head -10 err)"
  fi
done < ../steps
done_testing
