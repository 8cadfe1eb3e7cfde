#!/bin/sh
# make install DESTDIR=...: the binary, the man pages in English and in
# French, the French catalogue, each where man and gettext look for them;
# make uninstall takes them all away again.
#
# The binary looks for its catalogues in LOCALEDIR, the configured
# $(localedir), compiled in. Under DESTDIR they are staged elsewhere, so the
# test checks the two halves of "it finds them once installed": the
# binary holds the configured localedir, and the catalogue is staged at
# DESTDIR + that same localedir; then it runs the staged binary with
# CERTDECK_LOCALEDIR pointing at the staged directory, to see that it
# speaks French from the installed catalogue (not the build tree's).
. "$top_srcdir/tests/lib.sh"
cd "$TMP" || exit 1
ROOT="$TMP/root"

# A make of its own, without the jobserver and flags of make check's.
mk() { env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u MAKEOVERRIDES make "$@"; }
# The value of a variable of the build's Makefile, expanded.
var() {
  printf 'print-var:\n\t@echo $(%s)\n' "$1" |
    mk -s -C "$top_builddir" -f Makefile -f - print-var
}
bindir=$(var bindir)
mandir=$(var mandir)
localedir=$(var localedir)
case $bindir$mandir$localedir in /*/*/*) ok "configured: $bindir, $mandir, $localedir" ;;
*) not_ok "configured directories"; diag "bindir=$bindir mandir=$mandir localedir=$localedir"
   done_testing; exit 1 ;;
esac

if mk -s -C "$top_builddir" install DESTDIR="$ROOT" > install.out 2>&1; then
  ok "make install DESTDIR=..."
else
  not_ok "make install DESTDIR=..."; diag "$(tail -20 install.out)"
fi

# installed FILE WHAT
installed() {
  if [ -f "$ROOT$1" ] && [ -s "$ROOT$1" ]; then ok "$2: $1"
  else not_ok "$2: $1"; diag "$(cd "$ROOT" && find . -type f | sort)"; fi
}
BIN="$ROOT$bindir/certdeck"
[ -x "$BIN" ] && ok "the binary: $bindir/certdeck" ||
  not_ok "the binary: $bindir/certdeck"
installed "$mandir/man1/certdeck.1" "the manual"
installed "$mandir/man7/certdeck-lab.7" "the lab"
installed "$mandir/fr/man1/certdeck.1" "the French manual"
if [ -f "$top_srcdir/man/fr/certdeck-lab.7" ]; then
  installed "$mandir/fr/man7/certdeck-lab.7" "the French lab"
else
  skip "man/fr/certdeck-lab.7 is not in the sources yet"
fi
installed "$localedir/fr/LC_MESSAGES/certdeck.mo" "the French catalogue"
cmp -s "$top_srcdir/man/fr/certdeck.1" "$ROOT$mandir/fr/man1/certdeck.1" &&
  ok "... the French manual is man/fr/certdeck.1" ||
  not_ok "... the French manual is man/fr/certdeck.1"

# The binary's LOCALEDIR is the configured one: installed without DESTDIR,
# it finds the catalogue where the line above found it.
if LC_ALL=C grep -aq "$localedir" "$BIN"; then
  ok "the binary looks for its catalogues in $localedir"
else
  not_ok "the binary looks for its catalogues in $localedir"
fi

have_fr=0
locale -a 2>/dev/null | grep -qi '^fr_FR\.utf-\?8$' && have_fr=1
"$BIN" --version > version.out 2>&1 && grep -q '^certdeck ' version.out &&
  ok "the installed binary runs" || not_ok "the installed binary runs"
if [ $have_fr = 1 ]; then
  LANGUAGE= LC_ALL=fr_FR.UTF-8 CERTDECK_LOCALEDIR="$ROOT$localedir" \
    "$BIN" --help > fr.help 2>&1
  grep -q 'Utilisation' fr.help &&
    ok "the installed binary speaks French from the installed catalogue" ||
    { not_ok "the installed binary speaks French from the installed catalogue"
      diag "$(head -3 fr.help)"; }
  # and not by chance: without the catalogue, English
  LANGUAGE= LC_ALL=fr_FR.UTF-8 CERTDECK_LOCALEDIR="$TMP/nowhere" \
    "$BIN" --help > nofr.help 2>&1
  grep -q '^Usage:' nofr.help &&
    ok "... and English without it" || not_ok "... and English without it"
else
  skip "no fr_FR.UTF-8 locale here (./bootstrap generates it)"
  skip "no fr_FR.UTF-8 locale here"
fi

# man finds both languages under the staged man directory: MANPATH, as
# man -M does not look into the language subdirectories (man-db 2.11).
if command -v man > /dev/null 2>&1 && man -w man > /dev/null 2>&1; then
  MANROOT="$ROOT$mandir"
  w=$(LANGUAGE= LC_ALL=C MANPATH="$MANROOT" man -w certdeck 2> man.err)
  [ "$w" = "$MANROOT/man1/certdeck.1" ] &&
    ok "man finds the English page" ||
    { not_ok "man finds the English page"; diag "got: $w $(cat man.err)"; }
  w=$(LANGUAGE= LC_ALL=C MANPATH="$MANROOT" man -w 7 certdeck-lab 2> man.err)
  [ "$w" = "$MANROOT/man7/certdeck-lab.7" ] &&
    ok "man finds the lab, section 7" ||
    { not_ok "man finds the lab, section 7"; diag "got: $w $(cat man.err)"; }
  MANPAGER=cat PAGER=cat MANWIDTH=80 LANGUAGE= LC_ALL=C MANPATH="$MANROOT" \
    man certdeck > en.man 2> man.err
  grep -q 'GLOBAL OPTIONS' en.man && ok "... and shows it" ||
    { not_ok "... and shows it"; diag "$(cat man.err)"; }
  if [ $have_fr = 1 ]; then
    w=$(LANGUAGE= LC_ALL=fr_FR.UTF-8 MANPATH="$MANROOT" man -w certdeck 2> man.err)
    [ "$w" = "$MANROOT/fr/man1/certdeck.1" ] &&
      ok "under LC_ALL=fr_FR.UTF-8, man finds the French page" ||
      { not_ok "under LC_ALL=fr_FR.UTF-8, man finds the French page"
        diag "got: $w $(cat man.err)"; }
    MANPAGER=cat PAGER=cat MANWIDTH=80 LANGUAGE= LC_ALL=fr_FR.UTF-8 MANPATH="$MANROOT" \
      man certdeck > fr.man 2> man.err
    grep -q 'OPTIONS GLOBALES' fr.man && grep -q 'dépôt' fr.man &&
      ok "... and shows it, accents and all" ||
      { not_ok "... and shows it, accents and all"; diag "$(head -20 fr.man) $(cat man.err)"; }
    if [ -f "$top_srcdir/man/fr/certdeck-lab.7" ]; then
      w=$(LANGUAGE= LC_ALL=fr_FR.UTF-8 MANPATH="$MANROOT" man -w 7 certdeck-lab 2> man.err)
      [ "$w" = "$MANROOT/fr/man7/certdeck-lab.7" ] &&
        ok "under LC_ALL=fr_FR.UTF-8, man finds the French lab" ||
        { not_ok "under LC_ALL=fr_FR.UTF-8, man finds the French lab"
          diag "got: $w $(cat man.err)"; }
    fi
  else
    skip "no fr_FR.UTF-8 locale: man's choice of language not checked"
  fi
else
  # without man-db, where it would look: MANPATH/LANG/manN
  skip "man (man-db) is not installed: the paths above are man-db's"
fi

if mk -s -C "$top_builddir" uninstall DESTDIR="$ROOT" > uninstall.out 2>&1; then
  ok "make uninstall DESTDIR=..."
else
  not_ok "make uninstall DESTDIR=..."; diag "$(tail -20 uninstall.out)"
fi
left=$(cd "$ROOT" && find . -type f | sort | tr '\n' ' ')
[ -z "$left" ] && ok "... leaves no file behind" ||
  { not_ok "... leaves no file behind"; diag "left: $left"; }
done_testing
