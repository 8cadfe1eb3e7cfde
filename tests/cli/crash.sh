#!/bin/sh
# Faults: issue killed with SIGKILL at random moments, and two issue loops
# at once on one store. After each, the store must hold no torn file and
# index.txt must match certs_by_serial/ exactly, as judged by openssl and
# by a count here, not only by 'certdeck check'.
. "$top_srcdir/tests/lib.sh"
need "$OPENSSL"
cd "$TMP" || exit 1
KILLS=${CERTDECK_KILLS:-30}

"$CERTDECK" -d s init-ca --cn "Crash CA" >/dev/null 2>&1 || { not_ok "init-ca"; done_testing; exit 1; }

# Independent judge: every index line has its certificate and every
# certificate its index line (all of them, by name); the certificates and
# keys named PATTERN (default: all) parse with openssl, and each issued
# certificate is in the index.
judge() { # judge DIR [PATTERN]
  local d=$1 pat=${2:-*} bad=0 s f
  cut -f4 "$d/index.txt" | sort > idx.list
  ls "$d/certs_by_serial" | sed -n 's/\.pem$//p' | sort > cbs.list
  comm -23 idx.list cbs.list | sed 's/^/index line without its certificate: /' > diff.out
  comm -13 idx.list cbs.list | sed 's/^/certificate without its index line: /' >> diff.out
  [ -s diff.out ] && { cat diff.out; bad=1; }
  for f in "$d"/issued/$pat.crt; do
    [ -e "$f" ] || continue
    s=$("$OPENSSL" x509 -noout -serial -in "$f" 2>/dev/null | sed 's/serial=//')
    [ -n "$s" ] || { echo "torn $f"; bad=1; continue; }
    grep -qx "$s" idx.list || { echo "$f not in the index"; bad=1; }
    "$OPENSSL" x509 -noout -in "$d/certs_by_serial/$s.pem" 2>/dev/null ||
      { echo "torn certs_by_serial/$s.pem"; bad=1; }
  done
  for f in "$d"/private/$pat.key; do
    [ -e "$f" ] || continue
    "$OPENSSL" pkey -noout -in "$f" 2>/dev/null || { echo "torn $f"; bad=1; }
  done
  return $bad
}

# 1. SIGKILL at random moments during a batch: moments spread over the
# time one run takes here (the slowest of three runs, measured now, since
# the machine's load varies), so that kills land in every step. Runs that
# finish before their kill do not count (and shorten the span): the loop
# goes on until at least 20 runs were really killed (bounded at 4 x KILLS
# attempts).
span=0
for w in 1 2 3; do
  t0=$(date +%s%N)
  "$CERTDECK" -d s issue "warmup$w" --batch 8 >/dev/null 2>&1
  t=$(( ($(date +%s%N) - t0) / 1000 ))   # microseconds
  [ "$t" -gt "$span" ] && span=$t
done
diag "one run takes up to $span us"
fails=0 killed=0 i=0
while [ "$i" -lt "$KILLS" ] || { [ "$killed" -lt 20 ] && [ "$i" -lt $((KILLS * 4)) ]; }; do
  i=$((i + 1))
  "$CERTDECK" -d s issue "k$i" --batch 8 >/dev/null 2>&1 &
  pid=$!
  # a random moment within the run
  us=$(( $(od -An -N4 -tu4 /dev/urandom) % (span * 5 / 4 + 1) ))
  sleep "$(printf '%d.%06d' $((us / 1000000)) $((us % 1000000)))"
  kill -9 "$pid" 2>/dev/null
  st=0; wait "$pid" 2>/dev/null || st=$?
  [ "$st" -eq 137 ] && killed=$((killed + 1))
  # A run that finished first says runs are now quicker than measured
  # (warm caches, a quieter machine): aim earlier from now on.
  [ "$st" -eq 0 ] && span=$((span * 3 / 4 + 1))
  diag "kill $i at $us us: status $st"
  if ! "$CERTDECK" -d s check --days 0 >check.out 2>&1; then
    fails=$((fails + 1)); diag "after kill $i:"; diag "$(cat check.out)"
  fi
  if ! judge s "k$i-*" >judge.out; then
    fails=$((fails + 1)); diag "after kill $i (judge):"; diag "$(cat judge.out)"
  fi
  ls s/*/*.certdeck-new s/.certdeck-journal 2>/dev/null | grep -q . && {
    fails=$((fails + 1)); diag "leftovers after kill $i"; }
done
diag "$killed of $i runs were killed before they finished"
if judge s > judge.out; then ok "every certificate and key of the store parses, each in the index"
else not_ok "every certificate and key of the store parses, each in the index"; diag "$(cat judge.out)"; fi
# The judge itself catches a torn certificate and a lost index line.
cp -a s torn
f=$(ls torn/issued/*.crt | head -1)
head -c 200 "$f" > cut.tmp && cat cut.tmp > "$f"
sed -i '1d' torn/index.txt
judge torn > judge.out && not_ok "the judge sees a torn certificate and a lost index line" ||
  { grep -q "torn" judge.out && grep -q "without its index line" judge.out &&
    ok "the judge sees a torn certificate and a lost index line" ||
    not_ok "the judge sees a torn certificate and a lost index line"; }
[ "$fails" -eq 0 ] && ok "$i kills at random moments leave a consistent store" \
  || not_ok "$i kills at random moments leave a consistent store ($fails failures)"
[ "$killed" -ge 20 ] && ok "at least 20 runs were really killed ($killed)" \
  || not_ok "at least 20 runs were really killed ($killed)"
n=$(wc -l < s/index.txt)
diag "$n certificates survived"


# 1b. The windows of the ordering, set up by hand as a kill leaves them
# (a random kill lands in the short ones only by luck): a change whose
# files were renamed (some of them) but which did not reach its commit
# point is undone, files included; a committed one is finished; a journal
# of an older certdeck (which replaced `serial`) is undone without
# removing the files it names.
staged() { # staged NAME: issue NAME, then print its serial
  "$CERTDECK" -d s issue "$1" >/dev/null 2>&1 &&
    "$OPENSSL" x509 -noout -serial -in "s/issued/$1.crt" | sed 's/serial=//'
}
journal_of() { # journal_of VERSION SERIAL NAME
  printf 'certdeck-journal %s\nS %s\nF certs_by_serial/%s.pem\nF issued/%s.crt\nF private/%s.key\nF reqs/%s.req\n' \
    "$1" "$2" "$2" "$3" "$3" "$3"
}
sn=$(staged w-undo)
journal_of 2 "$sn" w-undo > s/.certdeck-journal
grep -v "	$sn	" s/index.txt > idx.tmp && cat idx.tmp > s/index.txt
mv s/reqs/w-undo.req s/reqs/w-undo.req.certdeck-new   # not renamed yet
"$CERTDECK" -d s check --days 0 >check.out 2>&1 || { diag "$(cat check.out)"; }
if [ ! -e s/issued/w-undo.crt ] && [ ! -e s/certs_by_serial/$sn.pem ] && [ ! -e s/private/w-undo.key ] &&
   ! ls s/*/*.certdeck-new s/.certdeck-journal 2>/dev/null | grep -q . && judge s >judge.out; then
  ok "renamed files of an uncommitted change are removed"
else not_ok "renamed files of an uncommitted change are removed"; diag "$(cat check.out judge.out)"; fi
sn=$(staged w-done)
journal_of 2 "$sn" w-done > s/.certdeck-journal
mv s/issued/w-done.crt s/issued/w-done.crt.certdeck-new
"$CERTDECK" -d s check --days 0 >check.out 2>&1 || { diag "$(cat check.out)"; }
if [ -e s/issued/w-done.crt ] && [ -e s/certs_by_serial/$sn.pem ] &&
   ! ls s/*/*.certdeck-new s/.certdeck-journal 2>/dev/null | grep -q . && judge s >judge.out; then
  ok "a committed change is finished"
else not_ok "a committed change is finished"; diag "$(cat check.out judge.out)"; fi
cp s/serial serial.before
printf 'certdeck-journal 1\nF issued/w-old.crt\nF serial\n' > s/.certdeck-journal
echo 0123 > s/serial.certdeck-new
echo junk > s/issued/w-old.crt.certdeck-new
"$CERTDECK" -d s check --days 0 >check.out 2>&1 || { diag "$(cat check.out)"; }
if cmp -s s/serial serial.before && [ ! -e s/serial.certdeck-new ] && [ ! -e s/issued/w-old.crt.certdeck-new ] &&
   [ ! -e s/.certdeck-journal ]; then
  ok "an older certdeck's journal is undone, serial kept"
else not_ok "an older certdeck's journal is undone, serial kept"; diag "$(cat check.out)"; fi


# 2. Two issue loops at once.
"$CERTDECK" -d c init-ca --cn "Concurrent CA" >/dev/null 2>&1
loop() { for j in $(seq 1 15); do "$CERTDECK" -d c issue "$1-$j" >/dev/null 2>>"loop-$1.err" || echo "fail $1-$j" >> "loop-$1.err"; done; }
loop a & pa=$!
loop b & pb=$!
wait $pa $pb
[ ! -s loop-a.err ] && [ ! -s loop-b.err ] && ok "both loops issued all their certificates" \
  || { not_ok "both loops issued all their certificates"; diag "$(cat loop-*.err)"; }
n=$(wc -l < c/index.txt)
u=$(cut -f4 c/index.txt | sort -u | wc -l)
f=$(ls c/certs_by_serial | wc -l)
[ "$n" -eq 30 ] && [ "$u" -eq 30 ] && [ "$f" -eq 30 ] && ok "30 distinct serials, 30 index lines, 30 files" \
  || not_ok "30 distinct serials, 30 index lines, 30 files ($u, $n, $f)"
if judge c > judge.out; then ok "index.txt matches certs_by_serial/ exactly"
else not_ok "index.txt matches certs_by_serial/ exactly"; diag "$(cat judge.out)"; fi
check "certdeck check agrees" "$CERTDECK" -d c check

# 3. revoke and crl killed at random moments: index.txt, crl.pem and
# crlnumber change in transactions (replaced files renamed after the commit
# point). After each kill: no leftovers, a whole index and CRL, the next CRL
# lists every certificate index.txt marks revoked, and no CRL number is
# ever published twice nor at or above crlnumber.
"$CERTDECK" -d r init-ca --cn "Revoke Crash CA" >/dev/null 2>&1
"$CERTDECK" -d r issue rv --batch 60 >/dev/null 2>&1
ls r/issued | sed -n 's/\.crt$//p' | grep -v '^ca$' > names.list
crlnum() { "$OPENSSL" crl -in "$1" -noout -crlnumber 2>/dev/null | sed 's/crlNumber=0x//;s/crlNumber=//'; }
: > seen.list
span=0
for w in 1 2 3; do
  t0=$(date +%s%N)
  "$CERTDECK" -d r crl >/dev/null 2>&1
  t=$(( ($(date +%s%N) - t0) / 1000 ))
  [ "$t" -gt "$span" ] && span=$t
done
span=$((span * 2))
echo "$(crlnum r/crl.pem) $(sha1sum < r/crl.pem)" >> seen.list
fails=0 killed=0 i=0
# runs that finish before their kill do not count: go on (through the 60
# certificates at most) until 10 runs were really killed
for name in $(cat names.list); do
  [ "$i" -ge "$KILLS" ] && [ "$killed" -ge 10 ] && break
  i=$((i + 1))
  # a session of its own: the kill takes sh and whichever certdeck it
  # runs at that instant (killing the children first could miss a crl
  # that sh starts just after, which would then run on alone)
  setsid sh -c "'$CERTDECK' -d r revoke $name --reason keyCompromise && '$CERTDECK' -d r crl" >/dev/null 2>&1 &
  pid=$!
  us=$(( $(od -An -N4 -tu4 /dev/urandom) % (span * 5 / 4 + 1) ))
  sleep "$(printf '%d.%06d' $((us / 1000000)) $((us % 1000000)))"
  kill -9 -- "-$pid" 2>/dev/null
  st=0; wait "$pid" 2>/dev/null || st=$?
  [ "$st" -ne 0 ] && killed=$((killed + 1))
  [ "$st" -eq 0 ] && span=$((span * 3 / 4 + 1))   # finished first: aim earlier
  "$CERTDECK" -d r check --days 0 >check.out 2>&1 || { fails=$((fails + 1)); diag "after kill $i: $(cat check.out)"; }
  ls r/*.certdeck-new r/.certdeck-journal 2>/dev/null | grep -q . && { fails=$((fails + 1)); diag "leftovers after kill $i"; }
  awk -F'\t' 'NF != 6 { exit 1 }' r/index.txt || { fails=$((fails + 1)); diag "torn index after kill $i"; }
  n=$(crlnum r/crl.pem)
  [ -n "$n" ] || { fails=$((fails + 1)); diag "torn crl.pem after kill $i"; continue; }
  h=$(sha1sum < r/crl.pem)
  grep -q "^$n " seen.list && ! grep -qx "$n $h" seen.list && { fails=$((fails + 1)); diag "CRL number $n reused after kill $i"; }
  grep -qx "$n $h" seen.list || echo "$n $h" >> seen.list
  next=$(tr -d '\n' < r/crlnumber)
  [ $((0x$next)) -gt $((0x$n)) ] || { fails=$((fails + 1)); diag "crlnumber $next not above the published $n after kill $i"; }
  # the next CRL lists every revoked certificate
  "$CERTDECK" -d r crl >/dev/null 2>&1 || { fails=$((fails + 1)); diag "crl fails after kill $i"; }
  n=$(crlnum r/crl.pem); echo "$n $(sha1sum < r/crl.pem)" >> seen.list
  "$OPENSSL" crl -in r/crl.pem -noout -text | sed -n 's/^ *Serial Number: //p' | sort > crl.serials
  awk -F'\t' '$1 == "R" {print $4}' r/index.txt | sort > idx.revoked
  cmp -s crl.serials idx.revoked || { fails=$((fails + 1)); diag "after kill $i the CRL and index.txt disagree"; }
done
diag "$killed of $i revoke+crl runs were killed before they finished"
[ "$fails" -eq 0 ] && ok "$i kills of revoke and crl: whole files, every revoked certificate in the next CRL" ||
  not_ok "$i kills of revoke and crl: whole files, every revoked certificate in the next CRL ($fails failures)"
[ "$killed" -ge 10 ] && ok "at least 10 revoke+crl runs were really killed ($killed)" ||
  not_ok "at least 10 revoke+crl runs were really killed ($killed of $i)"
dup=$(cut -d' ' -f1 seen.list | sort | uniq -d | wc -l)
[ "$dup" -eq 0 ] && ok "no CRL number was published twice ($(wc -l < seen.list) CRLs)" ||
  not_ok "no CRL number was published twice ($dup reused)"

# The windows by hand: a CRL change written but not committed is undone
# (crl.pem and crlnumber as they were); a committed one is finished.
cp r/crl.pem crl.before; cp r/crlnumber num.before
printf 'certdeck-journal 2\nR crl.pem\nR crlnumber\n' > r/.certdeck-journal
echo junk > r/crl.pem.certdeck-new; echo FF > r/crlnumber.certdeck-new
"$CERTDECK" -d r check --days 0 >check.out 2>&1
if cmp -s r/crl.pem crl.before && cmp -s r/crlnumber num.before && [ ! -e r/crl.pem.certdeck-new ] &&
   [ ! -e r/.certdeck-journal ]; then ok "an uncommitted CRL change is undone"
else not_ok "an uncommitted CRL change is undone"; diag "$(cat check.out)"; fi
printf 'certdeck-journal 2\nR crl.pem\nR crlnumber\nC\n' > r/.certdeck-journal
cp crl.before r/crl.pem.certdeck-new; echo FF > r/crlnumber.certdeck-new
echo junk > r/crl.pem
"$CERTDECK" -d r check --days 0 >check.out 2>&1
if cmp -s r/crl.pem crl.before && grep -qx FF r/crlnumber && [ ! -e r/.certdeck-journal ]; then
  ok "a committed CRL change is finished"
else not_ok "a committed CRL change is finished"; diag "$(cat check.out)"; fi
check "the next CRL is numbered FF" "$CERTDECK" -d r crl
grep_ok "(as crlnumber said)" "CRL number FF:" "$TMP/out"
done_testing
