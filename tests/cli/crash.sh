#!/bin/sh
# Faults: issue, revoke, crl and the renewals (renew, rekey, reissue,
# renew --ca) killed with SIGKILL at random moments, and two issue loops
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

# span_of FUNCTION: the slowest of three runs of FUNCTION (given 1, 2 and
# 3), in microseconds, since the machine's load varies.
span_of() {
  local w t0 t max=0
  for w in 1 2 3; do
    t0=$(date +%s%N)
    "$1" "$w" >/dev/null 2>&1
    t=$(( ($(date +%s%N) - t0) / 1000 ))
    [ "$t" -gt "$max" ] && max=$t
  done
  echo "$max"
}

# kill_at_random CMD...: start CMD and SIGKILL it (its process group when
# it leads one, as setsid makes it) at a random moment within the run,
# $span microseconds and a quarter more; $us is the moment, $st CMD's
# status. A run that finished first says runs are now quicker than
# measured (warm caches, a quieter machine): aim earlier from now on.
kill_at_random() {
  local pid
  "$@" >/dev/null 2>&1 &
  pid=$!
  us=$(( $(od -An -N4 -tu4 /dev/urandom) % (span * 5 / 4 + 1) ))
  sleep "$(printf '%d.%06d' $((us / 1000000)) $((us % 1000000)))"
  kill -9 -- "-$pid" 2>/dev/null || kill -9 "$pid" 2>/dev/null
  st=0; wait "$pid" 2>/dev/null || st=$?
  [ "$st" -eq 0 ] && span=$((span * 3 / 4 + 1))
}

# loop_verdict DESC RUNS MIN: after a loop of kills, TAP lines: "$i DESC"
# when no check failed ($fails), and at least MIN RUNS really killed
# ($killed of them).
loop_verdict() {
  [ "$fails" -eq 0 ] && ok "$i $1" || not_ok "$i $1 ($fails failures)"
  [ "$killed" -ge "$3" ] && ok "at least $3 $2 were really killed ($killed)" ||
    not_ok "at least $3 $2 were really killed ($killed of $i)"
}

# revoked_lists DIR: the serials DIR/crl.pem lists, in crl.serials, and
# those DIR/index.txt marks revoked, in idx.revoked (both sorted).
revoked_lists() {
  "$OPENSSL" crl -in "$1/crl.pem" -noout -text | sed -n 's/^ *Serial Number: //p' | sort > crl.serials
  awk -F'\t' '$1 == "R" {print $4}' "$1/index.txt" | sort > idx.revoked
}

# 1. SIGKILL at random moments during a batch: moments spread over the
# time one run takes here (the slowest of three runs, measured now, since
# the machine's load varies), so that kills land in every step. Runs that
# finish before their kill do not count (and shorten the span): the loop
# goes on until at least 20 runs were really killed (bounded at 4 x KILLS
# attempts).
warmup() { "$CERTDECK" -d s issue "warmup$1" --batch 8; }
span=$(span_of warmup)
diag "one run takes up to $span us"
fails=0 killed=0 i=0
while [ "$i" -lt "$KILLS" ] || { [ "$killed" -lt 20 ] && [ "$i" -lt $((KILLS * 4)) ]; }; do
  i=$((i + 1))
  kill_at_random "$CERTDECK" -d s issue "k$i" --batch 8
  [ "$st" -eq 137 ] && killed=$((killed + 1))
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
loop_verdict "kills at random moments leave a consistent store" runs 20
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
crl_run() { "$CERTDECK" -d r crl; }
# sound STORE: check finds nothing wrong but, maybe, a CRL not made yet
# since the last revocation (a kill between revoke and crl leaves that,
# and check rightly says it); the output in check.out.
sound() {
  "$CERTDECK" -d "$1" check --days 0 >check.out 2>&1
  case $? in 0) return 0 ;; 1) ;; *) return 1 ;; esac
  ! grep 'problem:' check.out | grep -vq 'problem: crl\.pem: \(older than index\.txt\|missing, while\)'
}
span=$(( $(span_of crl_run) * 2 ))
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
  kill_at_random setsid sh -c "'$CERTDECK' -d r revoke $name --reason keyCompromise && '$CERTDECK' -d r crl"
  [ "$st" -ne 0 ] && killed=$((killed + 1))
  sound r || { fails=$((fails + 1)); diag "after kill $i: $(cat check.out)"; }
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
  revoked_lists r
  cmp -s crl.serials idx.revoked || { fails=$((fails + 1)); diag "after kill $i the CRL and index.txt disagree"; }
done
diag "$killed of $i revoke+crl runs were killed before they finished"
loop_verdict "kills of revoke and crl: whole files, every revoked certificate in the next CRL" \
  "revoke+crl runs" 10
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
# 4. renew, rekey and renew --ca killed at random moments: the new
# certificate, the replaced issued/NAME.crt and private/NAME.key, the kept
# old key or CA certificate and the old certificate marked superseded go
# in one change. After each kill (and the recovery by check): either
# nothing happened or all of it did; never a certificate marked revoked
# without its successor written, nor a successor without the old one
# marked; the key matches the certificate; check is clean.
"$CERTDECK" -d n init-ca --cn "Renew Crash CA" >/dev/null 2>&1
"$CERTDECK" -d n issue rn --batch 8 >/dev/null 2>&1
serial_of() { "$OPENSSL" x509 -noout -serial -in "$1" 2>/dev/null | sed 's/serial=//'; }
status_of() { awk -F'\t' -v s="$2" '$4 == s {print $1 substr($3, index($3, ","))}' "$1/index.txt"; }
# renewal_state NAME OLD_SERIAL OLD_KEY_COPY: "old", "new" or what is wrong
renewal_state() {
  local cur st_old st_new
  cur=$(serial_of "n/issued/$1.crt")
  [ -n "$cur" ] || { echo "torn issued/$1.crt"; return; }
  st_old=$(status_of n "$2")
  [ "$("$OPENSSL" x509 -noout -pubkey -in "n/issued/$1.crt")" = "$("$OPENSSL" pkey -pubout -in "n/private/$1.key" 2>/dev/null)" ] ||
    { echo "private/$1.key does not match issued/$1.crt"; return; }
  if [ "$cur" = "$2" ]; then
    [ "$st_old" = V ] && echo old || echo "the old certificate is $st_old without a successor"
    return
  fi
  st_new=$(status_of n "$cur")
  [ "$st_new" = V ] || { echo "the new certificate $cur is '$st_new' in index.txt"; return; }
  [ "$st_old" = "R,superseded" ] || { echo "the old certificate is '$st_old' beside its successor"; return; }
  "$OPENSSL" x509 -noout -in "n/certs_by_serial/$cur.pem" 2>/dev/null || { echo "no certs_by_serial/$cur.pem"; return; }
  [ -z "${3:-}" ] || cmp -s "$3" "n/renewed/private_by_serial/$2.key" || { echo "the old key is lost"; return; }
  echo new
}
rekey_run() { "$CERTDECK" -d n rekey "rn-$1"; }
span=$(span_of rekey_run)
fails=0 killed=0 i=0 done_n=0 ca_new=0
while [ "$i" -lt "$KILLS" ] || { [ "$killed" -lt 10 ] && [ "$i" -lt $((KILLS * 4)) ]; }; do
  i=$((i + 1))
  name=rn-$(( i % 8 + 1 ))
  old=$(serial_of n/issued/$name.crt)
  cp n/private/$name.key old.key
  cp n/ca.crt oldca.crt
  case $((i % 4)) in
  0) cmd="renew --ca" ;; 1) cmd="rekey $name --revoke-old" ;;
  2) cmd="renew $name --revoke-old" ;; 3) cmd="reissue $name --revoke-old --dns-name r$i.example" ;;
  esac
  kill_at_random "$CERTDECK" -d n $cmd
  [ "$st" -eq 137 ] && killed=$((killed + 1))
  sound n || { fails=$((fails + 1)); diag "after kill $i ($cmd), check: $(cat check.out)"; }
  ls n/*/*.certdeck-new n/*.certdeck-new n/renewed/*/*.certdeck-new n/.certdeck-journal 2>/dev/null | grep -q . &&
    { fails=$((fails + 1)); diag "leftovers after kill $i ($cmd)"; }
  if [ $((i % 4)) -eq 0 ]; then
    cur=$(serial_of n/ca.crt); olds=$(serial_of oldca.crt)
    if [ -z "$cur" ]; then fails=$((fails + 1)); diag "torn ca.crt after kill $i"
    elif [ "$cur" != "$olds" ]; then
      ca_new=$((ca_new + 1))
      cmp -s oldca.crt "n/renewed/ca/$olds.crt" || { fails=$((fails + 1)); diag "the old ca.crt is lost after kill $i"; }
    fi
  else
    key=; [ $((i % 4)) -eq 1 ] && key=old.key
    state=$(renewal_state $name "$old" $key)
    case $state in
    old) ;; new) done_n=$((done_n + 1)) ;;
    *) fails=$((fails + 1)); diag "after kill $i ($cmd), state: [$state]" ;;
    esac
  fi
  judge n >judge.out || { fails=$((fails + 1)); diag "after kill $i (judge): $(cat judge.out)"; }
done
diag "$killed of $i renewals were killed before they finished; $done_n renewals and $ca_new CA renewals took effect"
loop_verdict "kills of renew, rekey, reissue and renew --ca: all or nothing, keys kept" \
  renewals 10
# The windows by hand, from a re-key done on a copy of the store: its
# files written and the journal left, index.txt not yet replaced (undone:
# the old certificate, key and index line as they were), or index.txt
# replaced and the renames not done (finished: the new certificate and
# key in place, the old key kept, the old certificate superseded).
cp -a n m
old=$(serial_of n/issued/rn-1.crt)
cp n/private/rn-1.key old.key; cp n/issued/rn-1.crt old.crt; cp n/index.txt old.idx
"$CERTDECK" -d m rekey rn-1 --revoke-old >/dev/null 2>&1
new=$(serial_of m/issued/rn-1.crt)
stage_rekey() { # the files of m's re-key in n, before its renames
  printf 'certdeck-journal 2\nS %s\nF certs_by_serial/%s.pem\nF renewed/private_by_serial/%s.key\nR issued/rn-1.crt\nR private/rn-1.key\n' \
    "$new" "$new" "$old" > n/.certdeck-journal
  mkdir -p n/renewed/private_by_serial
  cp m/certs_by_serial/$new.pem n/certs_by_serial/
  cp m/renewed/private_by_serial/$old.key n/renewed/private_by_serial/
  cp m/issued/rn-1.crt n/issued/rn-1.crt.certdeck-new
  cp m/private/rn-1.key n/private/rn-1.key.certdeck-new
}
stage_rekey
"$CERTDECK" -d n check --days 0 >check.out 2>&1
if cmp -s n/issued/rn-1.crt old.crt && cmp -s n/private/rn-1.key old.key && cmp -s n/index.txt old.idx &&
   [ ! -e n/certs_by_serial/$new.pem ] && [ ! -e n/renewed/private_by_serial/$old.key ] &&
   ! ls n/*/*.certdeck-new n/.certdeck-journal 2>/dev/null | grep -q . && [ "$(renewal_state rn-1 "$old")" = old ]; then
  ok "an uncommitted re-key is undone: the old certificate, key and index line"
else not_ok "an uncommitted re-key is undone: the old certificate, key and index line"; diag "$(cat check.out)"; fi
stage_rekey
cp m/index.txt n/index.txt
"$CERTDECK" -d n check --days 0 >check.out 2>&1
if cmp -s n/issued/rn-1.crt m/issued/rn-1.crt && cmp -s n/private/rn-1.key m/private/rn-1.key &&
   [ "$(renewal_state rn-1 "$old" old.key)" = new ] && ! ls n/*/*.certdeck-new n/.certdeck-journal 2>/dev/null | grep -q .; then
  ok "a committed re-key is finished: new certificate and key, the old key kept, the old one superseded"
else not_ok "a committed re-key is finished: new certificate and key, the old key kept, the old one superseded"
  diag "$(cat check.out)" "$(renewal_state rn-1 "$old" old.key)"; fi
# every superseded certificate is in the next CRL, which verifies against
# the CA certificate however many times it was renewed
check "crl after the renewals" "$CERTDECK" -d n crl
revoked_lists n
cmp -s crl.serials idx.revoked && [ -s idx.revoked ] && ok "the CRL lists every superseded certificate ($(wc -l < idx.revoked))" ||
  not_ok "the CRL lists every superseded certificate"
check "every issued certificate verifies against the last ca.crt" "$OPENSSL" verify -CAfile n/ca.crt n/issued/rn-*.crt
check "certdeck check is clean after the renewals" "$CERTDECK" -d n check --days 0
done_testing
