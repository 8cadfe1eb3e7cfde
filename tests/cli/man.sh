#!/bin/sh
# The manuals: certdeck.1 and certdeck-lab.7, in English and in French.
#  - each page formats without a warning under groff -ww and mandoc -T lint;
#  - the French pages are ASCII (accents as groff escapes: groff without
#    preconv reads UTF-8 as Latin-1 and says nothing);
#  - certdeck.1's COMMANDS describe exactly the commands of 'certdeck --help';
#  - each command's entry has an item (.TP, the option in the tag) for every
#    option of its --help, and every option its items and its tag name is in
#    its --help; the template keyword flags are items of the TEMPLATE
#    KEYWORDS section, which the entries of the commands taking them name;
#  - GLOBAL OPTIONS is 'certdeck --help''s global options, both ways;
#  - ENVIRONMENT names every variable the program reads (getenv in src/, ui/).
. "$top_srcdir/tests/lib.sh"
need groff
cd "$TMP" || exit 1

# ---- what the program says ------------------------------------------------
"$CERTDECK" --help > main.help
sed -n '/^Commands:/,/^$/p' main.help | awk 'NF && !/^Commands:/ {print $1}' |
  sort > help.cmds
[ "$(wc -l < help.cmds)" -ge 15 ] && ok "--help lists the commands" ||
  not_ok "--help lists the commands"
# the option column of the global options ("  -d, --dir DIR    the store")
sed -n '/^Global options:/,/^$/p' main.help | sed -n 's/^ *\(-[^ ].*[^ ]\)  .*/\1/p' |
  grep -o -- '-\{1,2\}[A-Za-z][A-Za-z0-9.-]*' | sort -u > help.global

# Long options of a --help text: the option lines ("  --name ..."), split
# into the command's own and the template keywords. --help itself is said
# once, at the head of COMMANDS (checked below), not in every entry.
for c in $(cat help.cmds); do
  "$CERTDECK" "$c" --help > "$c.help" 2>&1
  # sign outside a store has its own options (its --help says so)
  [ "$c" = sign ] &&
    "$CERTDECK" sign --load-ca-certificate X --help >> "$c.help" 2>&1
  awk '/^Usage:/ {kw = 0} /^Template keywords/ {kw = 1}
    /^  --/ && $1 != "--help" {print (kw ? "K " : "O ") $1}' \
    "$c.help" | sort -u > "$c.helpopts"
  sed -n 's/^O //p' "$c.helpopts" > "$c.own"
  sed -n 's/^K //p' "$c.helpopts" > "$c.kw"
done
cat ./*.kw | sort -u > help.kw

# ---- what a page says ------------------------------------------------------
# items PAGE COMMANDS-HEADING KEYWORDS-HEADING GLOBAL-HEADING: one line per
# option named in an item's tag: "CMD OPT" under COMMANDS (CMD from the tag
# of the top-level item, whose own options count as well), "@kw OPT" under
# the keywords, "@global OPT" under the global options; "CMD @kwref" when a
# command's entry names the keywords' section.
items() {
  # (headings through the environment: awk -v would read \- as an escape)
  CMDS=$2 KWS=$3 GLOB=$4 awk '
    BEGIN { cmds = ENVIRON["CMDS"]; kws = ENVIRON["KWS"]; glob = ENVIRON["GLOB"] }
    function opts(line, tag,   s, o) {
      s = line
      gsub(/\\-/, "-", s)
      gsub(/\\f[BIRP]/, " ", s)
      while (match(s, /(^|[^A-Za-z0-9-])--?[A-Za-z][A-Za-z0-9.-]*/)) {
        o = substr(s, RSTART, RLENGTH)
        sub(/^[^-]*/, "", o)
        sub(/[.]$/, "", o)
        if (tag == "@global" || o ~ /^--/)
          print tag, o
        s = substr(s, RSTART + RLENGTH)
      }
    }
    /^\.SH / {
      h = $0; sub(/^\.SH +/, "", h); gsub(/"/, "", h)
      sec = (h == cmds) ? "c" : (h == kws) ? "k" : (h == glob) ? "g" : ""
      depth = 0; cmd = ""; prev = ""; next
    }
    /^\.RS/ { depth++ }
    /^\.RE/ { depth-- }
    sec == "c" && index($0, kws) && cmd != "" { print cmd, "@kwref" }
    prev == ".TP" && sec == "c" && depth == 0 && /^\.B / {
      cmd = $2; gsub(/\\-/, "-", cmd); $1 = ""; $2 = ""; opts($0, cmd)
    }
    prev == ".TP" && sec == "c" && depth == 1 && cmd != "" { opts($0, cmd) }
    prev == ".TP" && sec == "k" { opts($0, "@kw") }
    prev == ".TP" && sec == "g" { opts($0, "@global") }
    { prev = $0 }
  ' "$1" | sort -u
}

# same LIST-A LIST-B WHAT: every line of A is in B
subset() {
  missing=$(comm -23 "$1" "$2" | tr '\n' ' ')
  if [ -z "$missing" ]; then ok "$3"; else not_ok "$3"; diag "missing: $missing"; fi
}

check_page() { # check_page PAGE LABEL COMMANDS KEYWORDS GLOBAL ENVIRONMENT
  page=$1; l=$2
  if [ ! -f "$page" ]; then not_ok "$l exists"; return; fi
  items "$page" "$3" "$4" "$5" > "$l.items"
  # the commands: the tags of the top-level items under COMMANDS
  CMDS=$3 awk '
    BEGIN { cmds = ENVIRON["CMDS"] }
    /^\.SH / { h = $0; sub(/^\.SH +/, "", h); gsub(/"/, "", h); in_c = (h == cmds); d = 0 }
    /^\.RS/ { d++ } /^\.RE/ { d-- }
    in_c && d == 0 && prev == ".TP" && /^\.B / { c = $2; gsub(/\\-/, "-", c); print c }
    { prev = $0 }' "$page" | sort -u > "$l.cmds"
  subset help.cmds "$l.cmds" "$l: every command of --help has an entry"
  sed -n "/^\.SH $3\$/,/^\.[ST][PS]/p" "$page" | grep -q '^\.B \\-\\-help' &&
    ok "$l: $3 says that every command takes --help" ||
    not_ok "$l: $3 says that every command takes --help"
  subset "$l.cmds" help.cmds "$l: every command of the page is in --help"
  for c in $(cat help.cmds); do
    awk -v c="$c" '$1 == c && $2 != "@kwref" {print $2}' "$l.items" | sort -u > "$l.$c"
    subset "$c.own" "$l.$c" "$l: $c: every option of its --help is an item"
    comm -23 "$l.$c" "$c.own" > "$l.$c.extra"
    # a keyword flag may be named in an entry; it must then be a keyword
    if [ -s "$c.kw" ]; then
      comm -23 "$l.$c.extra" "$c.kw" > "$l.$c.x"; mv "$l.$c.x" "$l.$c.extra"
      grep -qx "$c @kwref" "$l.items" &&
        ok "$l: $c: its entry refers to $4" ||
        not_ok "$l: $c: its entry refers to $4"
    fi
    if [ ! -s "$l.$c.extra" ]; then ok "$l: $c: every option of its entry is in its --help"
    else not_ok "$l: $c: every option of its entry is in its --help"
      diag "not in --help: $(tr '\n' ' ' < "$l.$c.extra")"; fi
  done
  awk '$1 == "@kw" {print $2}' "$l.items" | sort -u > "$l.kw"
  subset help.kw "$l.kw" "$l: every template keyword flag is an item of $4"
  subset "$l.kw" help.kw "$l: every item of $4 is a keyword flag of --help"
  awk '$1 == "@global" {print $2}' "$l.items" | sort -u > "$l.global"
  subset help.global "$l.global" "$l: every global option is an item of $5"
  subset "$l.global" help.global "$l: every item of $5 is a global option"
  # ENVIRONMENT: the tags of its items
  ENV=$6 awk '
    BEGIN { env = ENVIRON["ENV"] }
    /^\.SH / { h = $0; sub(/^\.SH +/, "", h); gsub(/"/, "", h); in_e = (h == env) }
    in_e && prev == ".TP" { gsub(/[",]/, " "); for (i = 2; i <= NF; i++) print $i }
    { prev = $0 }' "$page" | sort -u > "$l.env"
  subset env.read "$l.env" "$l: $6 names every variable the program reads"
}

grep -ho 'getenv("[A-Z_]*")' "$top_srcdir"/src/*.c "$top_srcdir"/src/cli/*.c \
  "$top_srcdir"/ui/*.c | sed 's/getenv("\(.*\)")/\1/' | sort -u > env.read
[ "$(wc -l < env.read)" -ge 4 ] && ok "the program reads environment variables" ||
  not_ok "the program reads environment variables"

check_page "$top_srcdir/man/certdeck.1" en COMMANDS "TEMPLATE KEYWORDS" \
  "GLOBAL OPTIONS" ENVIRONMENT
check_page "$top_srcdir/man/fr/certdeck.1" fr COMMANDES \
  "MOTS\\-CL\\('ES DES MOD\\(\`ELES" "OPTIONS GLOBALES" ENVIRONNEMENT

# ---- formatting ------------------------------------------------------------
# mandoc -W warning: every message from WARNING up. Its STYLE class is
# advice (e.g. input lines over 80 bytes, which the lab's long command
# lines need); it is printed in diag but fails nothing.
have_mandoc=0
command -v mandoc >/dev/null 2>&1 && have_mandoc=1
for p in man/certdeck.1 man/fr/certdeck.1 man/certdeck-lab.7 man/fr/certdeck-lab.7; do
  f="$top_srcdir/$p"
  case $p in man/certdeck.1 | man/fr/certdeck.1) ;;
  *) [ -f "$f" ] || { skip "$p is not there yet"; continue; } ;;
  esac
  groff -man -Tutf8 -ww -z "$f" > /dev/null 2> groff.err
  if [ ! -s groff.err ]; then ok "$p: groff -ww says nothing"
  else not_ok "$p: groff -ww says nothing"; diag "$(cat groff.err)"; fi
  if [ $have_mandoc = 1 ]; then
    mandoc -T lint -W warning "$f" > mandoc.err 2>&1
    if [ ! -s mandoc.err ]; then ok "$p: mandoc -T lint -W warning says nothing"
    else not_ok "$p: mandoc -T lint -W warning says nothing"; diag "$(cat mandoc.err)"; fi
    mandoc -T lint -W style "$f" > mandoc.style 2>&1
    [ -s mandoc.style ] && diag "mandoc style advice: $(cat mandoc.style)"
  else
    skip "mandoc is not installed ($p)"
  fi
  case $p in man/fr/*)
    if LC_ALL=C grep -q '[^ -~	]' "$f"; then
      not_ok "$p: ASCII only (accents as escapes)"
      diag "$(LC_ALL=C grep -n '[^ -~	]' "$f" | head -5)"
    else ok "$p: ASCII only (accents as escapes)"; fi
    ;;
  esac
done
done_testing
