#!/bin/sh
# The TUI in French (LC_ALL=fr_FR.UTF-8, the catalogue built from po/fr.po)
# at 80x24, where French strings run longer than English: the main screen
# (hint bar, sections, details labels), F1 help, the echo test (panes, log
# lines, F1, F2 settings, F3 lab menu), the verify and inspect views, the
# no-CA dialog and the CA wizard. Each label is checked whole, with what
# follows it, so that a cut or an overlap fails.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui/lib.sh"
need msgfmt

if ! locale -a 2>/dev/null | grep -qi '^fr_FR\.utf-\?8$'; then
  skip_all "no fr_FR.UTF-8 locale here (./bootstrap generates it)"
fi
mkdir -p "$TMP/locale/fr/LC_MESSAGES"
msgfmt -o "$TMP/locale/fr/LC_MESSAGES/certdeck.mo" "$top_srcdir/po/fr.po" ||
  { not_ok "fr.po compiles"; done_testing; exit 1; }
FR="env LANGUAGE=fr LC_ALL=fr_FR.UTF-8 CERTDECK_LOCALEDIR=$TMP/locale"

# last_line_ends DESC TEXT: the screen's last line ends with TEXT (the
# hint bar's last item, whole at the right end).
last_line_ends() {
  tui_screen >/dev/null
  if tail -1 "$TMP/screen" | sed 's/ *$//' | grep -qF -- "$2" &&
     [ "$(tail -1 "$TMP/screen" | sed 's/ *$//' | tail -c $((${#2} + 1)))" = "$2" ]; then
    ok "$1"
  else not_ok "$1"; diag "$(cat "$TMP/screen")"; fi
}

# ---- the main screen ------------------------------------------------------
tui_start 80 24 $FR "$CERTDECK" --demo
tui_expect "the demo store, in French" "dépôt de démonstration"
tui_expect "section: the CA" "Autorité de certification"
tui_expect "section: requests" "Requêtes"
tui_expect "section: revoked" "Révoqués"
tui_expect "the hint bar in French" "F1 Aide"
last_line_ends "the hint bar's last item, quit, whole at the right end" "q Quitter"
tui_keys Down
tui_expect "details: the state" "État            valide"
tui_expect "details: the serial's label whole" "Numéro de série "
tui_expect "details: the end of validity whole" "Valide jusqu'au 20"
tui_expect "details: days left" "Jours restants  3"
tui_expect "details: key usage whole" "Usage de la clé signature numérique"
tui_expect "details: extended usages" "Usages étendus  serveur web TLS"
tui_expect "details: the names" "DNS: localhost"

tui_keys F1
tui_expect "F1: the help in French" "toutes les touches de l'écran principal"
tui_expect "F1: a long help line wraps, whole" "                        --generate-request)"
tui_expect "F1: the movement keys' names" "Entrée"
tui_expect "F1: its hint bar" "q, Échap ou F1 fermer"
tui_keys q
tui_expect "F1 closes" "F1 Aide"

# ---- verify and inspect ---------------------------------------------------
tui_keys v
tui_expect "verify: the panel in French" "Confiance    la CA du dépôt (ca.crt)"
tui_expect "verify: its labels" "Nom du pair  (non vérifié)"
tui_expect "verify: its hint bar" "Échap annuler"
tui_keys v
tui_expect "verify: the verdict" "VÉRIFIÉ."
tui_expect "verify: the chain" "La chaîne, de la feuille à la racine"
tui_expect "verify: the validity line" "jours restants)"
tui_expect "verify: the viewer's keys" "q fermer  / chercher"
tui_keys q
tui_expect "verify: q goes back to the panel" "Haut/Bas aller"
tui_keys Escape
tui_expect "verify closes" "F1 Aide"
tui_keys i
tui_expect "inspect: the viewer in French" "ligne 1/"
tui_expect "inspect: its hint bar" "q fermer  / chercher  n suivant"
tui_keys q
tui_expect "inspect closes" "F1 Aide"

# ---- the echo test ----------------------------------------------------------
tui_keys e
tui_expect "echo: the title" "Test d'écho : localhost"
tui_expect "echo: the server's pane" " Serveur  127.0.0.1:"
tui_expect "echo: the client's pane" " Client  vérifie localhost"
tui_expect "echo: the log's lines" "Négociation terminée"
tui_expect "echo: the session's description" "Session reprise : non"
last_line_ends "echo: the hint bar ends whole with Close" "Échap Fermer"
tui_expect "echo: the hint bar's keys" "F2 Réglages  F3 Labo"
tui_keys -l "bonjour"
tui_keys Enter
tui_expect "echo: the line comes back, said in French" "écho : bonjour"

tui_keys F1
tui_expect "echo F1: the help" "Test d'écho : toutes les touches"
tui_expect "echo F1: key names aligned (Entrée)" "Entrée     envoyer la ligne tapée"
tui_expect "echo F1: a wrapped line under its text" "│            revient en écho"
tui_expect "echo F1: Échap aligned" "Échap      fermer le test d'écho"
tui_keys Escape
tui_gone "echo F1 closes" "toutes les touches"

tui_keys F2
tui_expect "F2: the settings" "Réglages du test d'écho : localhost"
tui_expect "F2: port" "  Port                0 (un port libre)"
tui_expect "F2: name to check" "  Nom à vérifier      localhost"
tui_expect "F2: trusted CA" "  CA de confiance     "
tui_expect "F2: client certificate" "  Certificat client   aucun"
tui_expect "F2: TLS version" "  Version de TLS      TLS 1.2 et 1.3"
tui_expect "F2: what the server asks" "  Le serveur demande  aucun certificat client"
tui_expect "F2: apply" "[ Appliquer ]"
tui_expect "F2: its hint bar" "Échap sortir"
tui_keys Escape
tui_expect "F2 closes" "Échap Fermer"

tui_keys F3
tui_expect "F3: the lab menu" "Scénarios du labo"
tui_expect "F3: wrong CA" "│  Le client fait confiance à la mauvaise CA "
tui_expect "F3: name mismatch, whole" "│  Le nom ne correspond pas (localhost contre 127.0.0.1) "
tui_expect "F3: client certificate required" "│  Certificat client exigé, aucun donné "
tui_expect "F3: expired" "│  Un certificat expiré "
tui_expect "F3: mutual TLS" "│  TLS mutuel qui fonctionne "
tui_expect "F3: its keys" "Entrée choisit, Échap annule"
tui_keys Escape
tui_gone "F3 closes" "Scénarios du labo"
tui_keys Escape
tui_expect "the echo test closes" "F1 Aide"
tui_leave "demo"

# ---- no CA yet: the dialog and the CA wizard ------------------------------
mkdir -p "$TMP/empty"
tui_start 80 24 $FR "$CERTDECK" -d "$TMP/empty/pki"
tui_keys c
tui_expect "the no-CA dialog's title" "Pas de CA"
tui_expect "its question" "Il n'y a pas encore de CA"
tui_expect "its French answers" "(O/n)"
tui_keys Enter
tui_expect "the CA wizard's first question" "Quelle CA :"
tui_expect "... a root" "CA racine, autosignée"
tui_keys Enter
tui_expect "the CA wizard's key page" "Nouvelle CA : sa clé"
tui_expect "... asks the key's type and size" "Type et taille de la clé :"
tui_expect "... its keys" "Entrée choisit, Échap annule"
tui_keys Enter
tui_expect "then the key's password" "Mot de passe de la clé de la CA"
tui_keys Enter
tui_expect "the certtool form in French" "Nouvelle CA : certtool --generate-self-signed"
tui_expect "certtool's prompts, translated" "Nom du pays (2 caractères) :"
tui_expect "the serial's prompt whole" "hexa (0xabcd) :"
tui_expect "a y/N toggle answered in French" "(o/N) : o"
tui_expect "the form's keys" "Échap retour"
tui_keys Escape
tui_keys Escape
tui_keys Escape
tui_wait "F1 Aide" 10
tui_leave "no CA"
done_testing
