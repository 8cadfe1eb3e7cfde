#!/bin/sh
# The store: init-ca, issue, sign, list, check, intermediate CAs; judged by
# certtool and openssl (verify, openssl ca, openssl ocsp -index).
. "$top_srcdir/tests/lib.sh"
need "$CERTTOOL" "$OPENSSL"
cd "$TMP" || exit 1
cd_() { "$CERTDECK" "$@"; }
sum() { find "$1" -type f ! -name .certdeck.lock -exec sha256sum {} + | sort; }

# 1. A root CA.
check "init-ca makes a store" cd_ -d root init-ca --cn "Lab Root CA" --organization Lab
for f in ca.crt private/ca.key index.txt index.txt.attr templates/ca.cfg \
  templates/server.cfg templates/client.cfg; do
  if [ -f root/$f ]; then ok "init-ca wrote $f"; else not_ok "init-ca wrote $f"; fi
done
[ "$(stat -c %a root/private/ca.key)" = 600 ] && ok "CA key is 0600" || not_ok "CA key is 0600"
[ "$(stat -c %a root/private)" = 700 ] && ok "private/ is 0700" || not_ok "private/ is 0700"
check "certtool reads the CA key" "$CERTTOOL" -k --infile root/private/ca.key
"$CERTTOOL" -i --infile root/ca.crt > ca.txt 2>&1
grep_ok "CA certificate is a CA (certtool)" 'Certificate Authority \(CA\): TRUE' ca.txt
grep_ok "CA signs certificates and CRLs (certtool)" 'Certificate signing' ca.txt
grep_ok "CA signs CRLs (certtool)" 'CRL signing' ca.txt
check "openssl accepts the CA as self-signed" "$OPENSSL" verify -CAfile root/ca.crt root/ca.crt
for p in ca server client; do
  check "certtool reads profile $p" "$CERTTOOL" --generate-self-signed \
    --load-privkey root/private/ca.key --template root/templates/$p.cfg --outfile p.pem
done

# 2. Bad input changes nothing.
sum root > before.sum
check_exit "init-ca refuses a store that has a CA" 2 cd_ -d root init-ca --cn Again
grep_ok "... and says so" 'already holds a CA' "$TMP/err"
check "init-ca makes the missing directories above the store" cd_ -d deep/er/pki \
  init-ca --cn "Deep CA"
[ -f deep/er/pki/ca.crt ] && ok "... and the store in them" || not_ok "... and the store in them"
check_exit "init-ca where a directory cannot be made exits 2" 2 cd_ -d /proc/no/pki \
  init-ca --cn Nowhere
grep_ok "... naming it" '/proc/no: cannot create' "$TMP/err"
check_exit "init-ca without a name exits 2" 2 cd_ -d noname init-ca
grep_ok "... naming what is missing" '--cn' "$TMP/err"
[ ! -e noname ] && ok "... and creates nothing" || not_ok "... and creates nothing"
check_exit "a bad --key-type exits 2" 2 cd_ -d k1 init-ca --cn X --key-type dsa
grep_ok "... naming the flag and what is expected" "--key-type: 'dsa'.*expected rsa, ecdsa" "$TMP/err"
check_exit "--curve with RSA exits 2" 2 cd_ -d k1 init-ca --cn X --key-type rsa --curve p256
check_exit "--bits 1024 exits 2" 2 cd_ -d k1 init-ca --cn X --key-type rsa --bits 1024
check_exit "a bad country exits 2" 2 cd_ -d k1 init-ca --cn X --country FRA
[ ! -e k1 ] && ok "failed init-ca leave no directory" || not_ok "failed init-ca leave no directory"
check_exit "issue with a bad name exits 2" 2 cd_ -d root issue ../evil
check_exit "issue --batch 0 exits 2" 2 cd_ -d root issue x --batch 0
check_exit "issue --batch 100001 exits 2" 2 cd_ -d root issue x --batch 100001
grep_ok "... giving the range" "from 1 to 100000" "$TMP/err"
check_exit "issue with an unknown profile exits 2" 2 cd_ -d root issue x --profile nosuch
grep_ok "... naming the profile" "no profile 'nosuch'" "$TMP/err"
check_exit "a missing store exits 2" 2 cd_ -d nostore list
grep_ok "... and says how to make one" 'init-ca' "$TMP/err"
sum root > after.sum
cmp -s before.sum after.sum && ok "the store is unchanged by bad input" || not_ok "the store is unchanged by bad input"

# 3. issue: server (DNS and IP), client.
check "issue a server certificate" cd_ -d root issue www.example.org
check "issue a server certificate for an IP address" cd_ -d root issue 127.0.0.1
check "issue a client certificate" cd_ -d root issue alice --profile client
check "issue RSA" cd_ -d root issue rsa.example.org --key-type rsa --bits 2048
check "issue Ed25519" cd_ -d root issue ed.example.org --key-type ed25519
check "openssl: server certificate for its DNS name" "$OPENSSL" verify -CAfile root/ca.crt \
  -purpose sslserver -verify_hostname www.example.org root/issued/www.example.org.crt
check "openssl: server certificate for its IP address" "$OPENSSL" verify -CAfile root/ca.crt \
  -purpose sslserver -verify_ip 127.0.0.1 root/issued/127.0.0.1.crt
check "openssl: client certificate" "$OPENSSL" verify -CAfile root/ca.crt \
  -purpose sslclient root/issued/alice.crt
for n in www.example.org rsa.example.org ed.example.org; do
  "$CERTTOOL" --verify --load-ca-certificate root/ca.crt --verify-hostname $n \
    --infile root/issued/$n.crt > v.txt 2>&1
  grep_ok "certtool: $n verifies" 'Chain verification output: Verified' v.txt
  [ "$(stat -c %a root/private/$n.key)" = 600 ] && ok "$n key is 0600" || not_ok "$n key is 0600"
  check "certtool reads the request of $n" "$CERTTOOL" --crq-info --infile root/reqs/$n.req
done
sum root > before.sum
check_exit "issue refuses a name already taken" 2 cd_ -d root issue alice --profile client
grep_ok "... saying which file exists" 'issued/alice.crt already exists' "$TMP/err"
grep_ok "... and that renew replaces a certificate (not: remove it)" 'certdeck renew NAME' "$TMP/err"
sum root > after.sum
cmp -s before.sum after.sum && ok "... and leaves the store unchanged" || not_ok "... and leaves the store unchanged"

# 4. index.txt, certs_by_serial and list agree with the certificates.
for n in www.example.org alice; do
  s=$("$OPENSSL" x509 -noout -serial -in root/issued/$n.crt | sed 's/serial=//')
  grep_ok "index.txt holds $n's serial" "^V	[0-9]{12}Z		$s	unknown	/CN=$n\$" root/index.txt
  if cmp -s root/issued/$n.crt root/certs_by_serial/$s.pem; then ok "certs_by_serial/$s.pem is $n"
  else not_ok "certs_by_serial/$s.pem is $n"; fi
  [ ${#s} -ge 16 ] && ok "serial of $n has at least 64 bits" || not_ok "serial of $n has at least 64 bits ($s)"
done
check "list" cd_ -d root list
grep_ok "list shows name, serial, status, expiry, days, subject" \
  "^alice +[0-9A-F]{32} +valid +[0-9]{4}-[0-9]{2}-[0-9]{2} +39[67] +/CN=alice" "$TMP/out"
check "list --json" cd_ -d root list --json
cp "$TMP/out" list.json
check "list --json is JSON" python3 -c "import json,sys; d=json.load(open('list.json')); assert len(d)==5 and {'alice','www.example.org'} <= {e['name'] for e in d}"
check "check: a sound store" cd_ -d root check
# A subject beyond ASCII: escaped in index.txt (as openssl ca writes it),
# shown as text where the locale is UTF-8 and in JSON.
check "a store for a UTF-8 subject" cd_ -d u8 init-ca --cn "U8 CA"
check "... issues to Zoë Müller" cd_ -d u8 issue zoe --cn "Zoë Müller" --dns-name zoe.example.org
grep_ok "... index.txt escapes it as openssl does" '/CN=Zo\\xC3\\xAB M\\xC3\\xBCller$' u8/index.txt
check "... list in a UTF-8 locale" env LC_ALL=C.UTF-8 "$CERTDECK" -d u8 list
grep_ok "... shows the name as text" ' /CN=Zoë Müller$' "$TMP/out"
check "... list in the C locale" env LC_ALL=C "$CERTDECK" -d u8 list
grep_ok "... shows it escaped" ' /CN=Zo\\xC3\\xAB M\\xC3\\xBCller$' "$TMP/out"
check "... list --json" env LC_ALL=C "$CERTDECK" -d u8 list --json
cp "$TMP/out" u8.json
check "... gives it as text in JSON" python3 -c "import json; d = json.load(open('u8.json', encoding='utf-8')); assert d[0]['subject'] == '/CN=Zo\u00eb M\u00fcller', d"
# A certificate whose validity starts in 30 days: not yet valid, not "valid".
printf 'activation_date = "%s"\nexpiration_days = 90\ntls_www_server\nsigning_key\n' \
  "$(date -u -d '+30 days' '+%Y-%m-%d %H:%M:%S')" >later.cfg
check "a certificate valid from 30 days on" cd_ -d u8 issue later --cn later --template later.cfg
check "... list" env LC_ALL=C.UTF-8 "$CERTDECK" -d u8 list
grep_ok "... says it is not yet valid" '^later +[0-9A-F]{32} +not yet valid +[0-9-]{10} +(89|90) +/CN=later$' "$TMP/out"
grep_ok "... the others stay valid, their columns aligned" '^zoe +[0-9A-F]{32} +valid {9}[0-9-]{10} ' "$TMP/out"
check "... list --json" cd_ -d u8 list --json
cp "$TMP/out" later.json
check "... says not-yet-valid in JSON" python3 -c "import json; d = {e['name']: e for e in json.load(open('later.json'))}; assert d['later']['status'] == 'not-yet-valid' and d['zoe']['status'] == 'valid', d"

# 5. sign in the store: requests from certtool and openssl, several at once.
"$CERTTOOL" --generate-privkey --key-type ecdsa --outfile bob.key 2>/dev/null
printf 'cn = "bob"\ntls_www_client\n' > bob.tmpl
"$CERTTOOL" --generate-request --load-privkey bob.key --template bob.tmpl --outfile bob.csr 2>/dev/null
"$OPENSSL" req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout carol.key \
  -subj "/O=Lab/CN=carol.example.org" -out carol.csr 2>/dev/null
check "sign two requests in one run" cd_ -d root sign --profile client bob.csr carol.csr
check "openssl: bob's certificate" "$OPENSSL" verify -CAfile root/ca.crt -purpose sslclient root/issued/bob.crt
check "openssl: carol's certificate" "$OPENSSL" verify -CAfile root/ca.crt root/issued/carol.crt
"$OPENSSL" x509 -noout -subject -in root/issued/carol.crt > subj.txt
grep_ok "sign keeps the request's subject" 'O ?= ?Lab, ?CN ?= ?carol' subj.txt
[ -f root/reqs/bob.req ] && ok "sign files the request in reqs/" || not_ok "sign files the request in reqs/"
check "sign a request under another name" cd_ -d root sign --profile server --name carol-srv \
  --dns-name carol.example.org carol.csr
check "openssl: carol-srv serves carol.example.org" "$OPENSSL" verify -CAfile root/ca.crt \
  -verify_hostname carol.example.org root/issued/carol-srv.crt
check "sign --expiration-days" cd_ -d root sign --profile client --name bob30 --expiration-days 30 bob.csr
days=$(( ( $(date -d "$("$OPENSSL" x509 -noout -enddate -in root/issued/bob30.crt | cut -d= -f2)" +%s) - $(date +%s) ) / 86400 ))
[ "$days" -ge 29 ] && [ "$days" -le 30 ] && ok "--expiration-days 30 gives 30 days" || not_ok "--expiration-days 30 gives 30 days ($days)"
check_exit "check reports what expires within 60 days" 1 cd_ -d root check --days 60
grep_ok "... naming it" 'expiring: .*CN=bob.*expires in (29|30) days' "$TMP/out"
head -c 300 bob.csr > torn.csr
sum root > before.sum
check_exit "sign refuses a torn request" 2 cd_ -d root sign --profile client torn.csr
grep_ok "... naming the file" 'torn.csr' "$TMP/err"
check_exit "sign of several requests stops on a bad one" 2 cd_ -d root sign --profile client carol.csr torn.csr
sum root > after.sum
cmp -s before.sum after.sum && ok "... and signs none of them" || not_ok "... and signs none of them"
# An explicit serial: one certificate only, and one not used already
# (index.txt, certs_by_serial/, the next serial of openssl ca's file).
check_exit "--serial for two requests exits 2" 2 cd_ -d root sign --profile client --serial 0x77 bob.csr carol.csr
grep_ok "... saying a serial names one certificate" 'serial 77 would be given to every certificate of this batch' "$TMP/err"
grep_not "... without a temporary file's name" 'certdeck-new' "$TMP/err"
sum root > after.sum
cmp -s before.sum after.sum && ok "... and signs neither" || not_ok "... and signs neither"
s=$("$OPENSSL" x509 -noout -serial -in root/issued/bob.crt | sed 's/serial=//')
check_exit "--serial of a certificate of the store exits 2" 2 cd_ -d root sign --profile client --name x2 --serial "0x$s" bob.csr
grep_ok "... saying it is used" "serial $s is already used in this store" "$TMP/err"
cp root/issued/bob.crt root/certs_by_serial/0ABC.pem
check_exit "--serial of a file of certs_by_serial/ exits 2" 2 cd_ -d root sign --profile client --name x2 --serial 0x0abc bob.csr
grep_ok "... saying it is used" "serial 0ABC is already used in this store" "$TMP/err"
rm root/certs_by_serial/0ABC.pem
check_exit "--serial of openssl ca's next serial exits 2" 2 cd_ -d root sign --profile client --name x2 --serial "0x$(cat root/serial)" bob.csr
grep_ok "... saying it is used" "serial $(cat root/serial) is already used in this store" "$TMP/err"
# The path of a request of the store is that request, by its name.
"$OPENSSL" req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout root/private/bypath.key \
  -subj "/CN=bypath" -out root/reqs/bypath.req 2>/dev/null
check "sign root/reqs/bypath.req: the store's own request, by its path" \
  cd_ -d root sign --profile client root/reqs/bypath.req
grep_ok "... signed under its name" 'signed bypath: ' "$TMP/out"

# 6. An intermediate CA: request, signed by the root's 'ca' profile, installed.
check_exit "init-ca takes no --profile (a new store has none)" 2 cd_ -d noprof init-ca --cn X --profile ca
[ -e noprof ] && not_ok "... and makes nothing" || ok "... and makes nothing"
check "init-ca --intermediate" cd_ -d sub init-ca --intermediate --cn "Lab Issuing CA"
[ -f sub/reqs/ca.req ] && [ ! -f sub/ca.crt ] && ok "... makes a key and a request" || not_ok "... makes a key and a request"
check_exit "a pending intermediate cannot issue yet" 2 cd_ -d sub issue early
grep_ok "... and says what to do" 'init-ca --intermediate --certificate' "$TMP/err"
check_exit "signed without --name, it would be named ca: refused" 2 cd_ -d root sign --profile ca sub/reqs/ca.req
grep_ok "... saying to name it" "its certificate would be named 'ca', the name of the store's own CA: name it with --name NAME" "$TMP/err"
[ -e root/issued/ca.crt ] && not_ok "... nothing signed" || ok "... nothing signed"
check_exit "nor can a request be imported as ca" 2 cd_ -d root import --name ca sub/reqs/ca.req
grep_ok "... the name of the store's own CA" "'ca' is the name of the store's own CA" "$TMP/err"
check "the root signs it with its ca profile" cd_ -d root sign --profile ca --name sub sub/reqs/ca.req
check_exit "installing the wrong certificate exits 2" 2 cd_ -d sub init-ca --intermediate --certificate root/issued/alice.crt
check "install the intermediate's certificate" cd_ -d sub init-ca --intermediate --certificate root/issued/sub.crt
check_exit "the intermediate does not sign its own reqs/ca.req" 2 cd_ -d sub sign ca
grep_ok "... saying its parent does" "reqs/ca.req is this store's own CA's request: its parent CA signs it" "$TMP/err"
check "the intermediate issues" cd_ -d sub issue leaf.example.org
check "openssl: leaf -> intermediate -> root" "$OPENSSL" verify -CAfile root/ca.crt \
  -untrusted sub/ca.crt -verify_hostname leaf.example.org sub/issued/leaf.example.org.crt
cat sub/issued/leaf.example.org.crt sub/ca.crt > chain.pem
"$CERTTOOL" --verify --load-ca-certificate root/ca.crt --infile chain.pem > v.txt 2>&1
grep_ok "certtool: leaf -> intermediate -> root" 'Chain verification output: Verified' v.txt
check_exit "openssl: the leaf alone does not verify against the root" 2 \
  "$OPENSSL" verify -CAfile root/ca.crt sub/issued/leaf.example.org.crt
# The parent renews the intermediate; the store installs the renewal the
# same way, the old certificate kept.
old_sub=$("$OPENSSL" x509 -noout -serial -in sub/ca.crt | sed 's/serial=//')
check "the root renews the intermediate (for longer)" cd_ -d root renew sub --expiration-days 3000
check "the intermediate installs its renewed certificate" \
  cd_ -d sub init-ca --intermediate --certificate root/issued/sub.crt
cmp -s root/issued/sub.crt sub/ca.crt && ok "... as its ca.crt" || not_ok "... as its ca.crt"
[ -f "sub/renewed/ca/$old_sub.crt" ] && ok "... the old one kept in renewed/ca/" || not_ok "... the old one kept in renewed/ca/"
check "openssl: the leaf still verifies through the renewed intermediate" "$OPENSSL" verify \
  -CAfile root/ca.crt -untrusted sub/ca.crt sub/issued/leaf.example.org.crt
check_exit "installing it again exits 2" 2 cd_ -d sub init-ca --intermediate --certificate root/issued/sub.crt
grep_ok "... saying it is the CA's already" "this certificate is the CA's already" "$TMP/err"
check_exit "a certificate that is no renewal of it exits 2" 2 \
  cd_ -d sub init-ca --intermediate --certificate root/ca.crt
check_exit "the older certificate, kept in renewed/ca/, is refused (exit 2)" 2 \
  cd_ -d sub init-ca --intermediate --certificate "sub/renewed/ca/$old_sub.crt"
grep_ok "... as no renewal" "expires before the CA's" "$TMP/err"
check "check: the intermediate's store is sound" cd_ -d sub check

# 7. openssl ca and openssl ocsp -index accept the store.
cat > ossl.cnf <<EOF
[ ca ]
default_ca = store
[ store ]
dir = $TMP/root
database = \$dir/index.txt
new_certs_dir = \$dir/certs_by_serial
certificate = \$dir/ca.crt
private_key = \$dir/private/ca.key
serial = \$dir/serial
default_md = sha256
default_days = 30
policy = any
unique_subject = no
[ any ]
commonName = supplied
EOF
s=$("$OPENSSL" x509 -noout -serial -in root/issued/alice.crt | sed 's/serial=//')
# (openssl ca -status exits 1 even when it found the serial)
run "$OPENSSL" ca -config ossl.cnf -status "$s"
grep_ok "openssl ca -status reads index.txt and finds alice valid" "$s=Valid" "$TMP/err"
"$OPENSSL" req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout dave.key \
  -subj "/CN=dave" -out dave.csr 2>/dev/null
check "openssl ca issues into certdeck's store" "$OPENSSL" ca -batch -config ossl.cnf -in dave.csr -out dave.crt
check "certdeck check accepts what openssl ca added" cd_ -d root check --days 1
check "certdeck lists openssl's certificate" cd_ -d root list
grep_ok "... with its subject" '/CN=dave' "$TMP/out"
check "issue after openssl ca" cd_ -d root issue after.example.org
"$OPENSSL" ocsp -issuer root/ca.crt -cert root/issued/alice.crt -no_nonce -reqout ocsp.req >/dev/null 2>&1
check "openssl ocsp -index answers from index.txt" "$OPENSSL" ocsp -index root/index.txt \
  -rsigner root/ca.crt -rkey root/private/ca.key -CA root/ca.crt -reqin ocsp.req -respout ocsp.resp
check "... a response openssl verifies" "$OPENSSL" ocsp -respin ocsp.resp -CAfile root/ca.crt \
  -issuer root/ca.crt -cert root/issued/alice.crt
grep_ok "... saying alice is good" 'alice.crt: good' "$TMP/out"

# 8. check finds what is wrong.
cp -a root broken
s=$("$OPENSSL" x509 -noout -serial -in broken/issued/alice.crt | sed 's/serial=//')
rm broken/certs_by_serial/$s.pem
chmod 644 broken/private/alice.key
check_exit "check: a missing certificate and an open key" 1 cd_ -d broken check
grep_ok "... the index line without its certificate" "serial $s has no certificate" "$TMP/out"
grep_ok "... the key readable by others" 'private/alice.key: permissions 0644' "$TMP/out"

# check goes on past a damaged crl.pem, and finds a missing ca.crt.
cp -a root nocacrt && rm nocacrt/ca.crt
check_exit "check: a missing ca.crt is a problem" 1 cd_ -d nocacrt check
grep_ok "... saying so" 'problem: ca\.crt: missing' "$TMP/out"
cp -a root tborncrl && cd_ -d tborncrl crl >/dev/null 2>&1 && truncate -s 300 tborncrl/crl.pem
check_exit "check: a damaged crl.pem is a problem" 1 cd_ -d tborncrl check --days 400
grep_ok "... naming it" 'problem: .*crl\.pem: not a readable CRL' "$TMP/out"
grep_ok "... and the other checks still run" 'expiring: ' "$TMP/out"

# check on a read-only copy of the store (a mount of its own, in a mount
# namespace of its own, when the machine allows one): checked as it is.
mkdir -p romnt
if unshare -m --propagation private sh -c \
    'mount -t tmpfs none romnt && cp -a root romnt/ && mount -o remount,ro romnt &&
     ! touch romnt/root/probe 2>/dev/null' 2>/dev/null; then
  rc=0
  unshare -m --propagation private sh -c \
    'mount -t tmpfs none romnt && cp -a root romnt/ && mount -o remount,ro romnt &&
     exec "$0" -d romnt/root check --days 0' "$CERTDECK" >ro.out 2>ro.err || rc=$?
  [ "$rc" -eq 0 ] && ok "check on a read-only store: exit 0" ||
    { not_ok "check on a read-only store: exit 0 ($rc)"; diag "$(cat ro.out ro.err)"; }
  grep_ok "... it checked the store" '0 problem\(s\)' ro.out
else
  skip "no read-only mount here (unshare -m, mount)"
fi

# 9. An encrypted CA key.
printf 'secret\n' > pw
check "init-ca with an encrypted key" cd_ -d enc init-ca --cn "Enc CA" --password-file pw
grep_ok "the CA key is encrypted (PKCS #8)" 'ENCRYPTED PRIVATE KEY' enc/private/ca.key
check "certtool decrypts it" "$CERTTOOL" -k --password secret --infile enc/private/ca.key
printf 'wrong\n' > bad
sum enc > before.sum
check_exit "a wrong password exits 2" 2 cd_ -d enc issue x.example.org --password-file bad
sum enc > after.sum
cmp -s before.sum after.sum && ok "... and changes nothing" || not_ok "... and changes nothing"
check "issue with the right password" cd_ -d enc issue x.example.org --password-file pw
check_exit "no password and no terminal exits 2" 2 setsid "$CERTDECK" -d enc issue y.example.org </dev/null

# 10. A missing or torn CA key, a torn index: exit 2, a message naming the
# file, the store unchanged.
cp -a root nokey && rm nokey/private/ca.key
sum nokey > before.sum
check_exit "issue without the CA key exits 2" 2 cd_ -d nokey issue lost.example.org
grep_ok "... naming the CA key" 'private/ca\.key' "$TMP/err"
check_exit "sign without the CA key exits 2" 2 cd_ -d nokey sign root/reqs/alice.req --name again
sum nokey > after.sum
cmp -s before.sum after.sum && ok "... and nothing changed" || not_ok "... and nothing changed"
cp -a root tornkey && head -c 120 root/private/ca.key > tornkey/private/ca.key
sum tornkey > before.sum
check_exit "issue with a torn CA key exits 2" 2 cd_ -d tornkey issue lost.example.org
grep_ok "... naming the CA key" 'private/ca\.key' "$TMP/err"
sum tornkey > after.sum
cmp -s before.sum after.sum && ok "... and nothing changed" || not_ok "... and nothing changed"
cp -a root tornidx && printf 'V\tgarbage\n' >> tornidx/index.txt
sum tornidx > before.sum
check_exit "issue with a damaged index.txt exits 2" 2 cd_ -d tornidx issue lost.example.org
grep_ok "... naming index.txt and its line" 'index\.txt:[0-9]+' "$TMP/err"
sum tornidx > after.sum
cmp -s before.sum after.sum && ok "... and nothing changed" || not_ok "... and nothing changed"
# A lost index.txt (missing or emptied) while certs_by_serial/ holds the
# certificates: crl would publish a CRL that revokes nothing, issue
# would start a new record. Both refuse, with the status of a store with
# problems (1); check says it.
for how in missing empty; do
  cp -a root lost-$how
  if [ $how = missing ]; then rm lost-$how/index.txt; else : > lost-$how/index.txt; fi
  sum lost-$how > before.sum
  check_exit "crl with index.txt $how exits 1" 1 cd_ -d lost-$how crl
  grep_ok "... saying the record is lost and what to do" "index\.txt is $how, yet certs_by_serial/ holds certificates.*restore index\.txt" "$TMP/err"
  check_exit "issue with index.txt $how exits 1" 1 cd_ -d lost-$how issue lost.example.org
  sum lost-$how > after.sum
  cmp -s before.sum after.sum && ok "... and nothing changed" || not_ok "... and nothing changed"
  check_exit "check reports index.txt $how" 1 cd_ -d lost-$how check
  grep_ok "... naming it" "index\.txt is $how" "$TMP/out"
done

# 11. An altered request among good ones: nothing signed, the store unchanged.
"$OPENSSL" req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ok.key \
  -subj /CN=ok.example.org -addext subjectAltName=DNS:ok.example.org -out ok.csr 2>/dev/null
"$OPENSSL" req -in ok.csr -outform der -out ok.der
# one letter of the name changed: the signature no longer matches
sed 's/ok\.example\.org/ol.example.org/' ok.der > bad.der
"$OPENSSL" req -inform der -in bad.der -out altered.csr 2>/dev/null
# (openssl req -verify exits 0 either way: its words are the verdict)
run "$OPENSSL" req -in altered.csr -noout -verify
grep_ok "openssl agrees the altered request does not verify" 'verify failure' "$TMP/err"
sum root > before.sum
check_exit "sign of a good and an altered request exits 2" 2 cd_ -d root sign --honor-extensions ok.csr altered.csr
grep_ok "... naming the altered one" 'altered: the request.s signature does not verify' "$TMP/err"
sum root > after.sum
cmp -s before.sum after.sum && ok "... and signs neither" || not_ok "... and signs neither"
check "the good one alone signs" cd_ -d root sign --honor-extensions ok.csr
check "openssl verifies it" "$OPENSSL" verify -CAfile root/ca.crt -verify_hostname ok.example.org root/issued/ok.crt

done_testing
