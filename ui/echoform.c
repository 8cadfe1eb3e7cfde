/* certdeck: the echo test's settings panel: port, the name to check, the
 * CA to trust, a client certificate, the TLS version and what the server
 * asks of clients. A table of rows; Esc leaves without changing
 * anything, Apply checks everything first. */
#include <config.h>

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cakey.h"
#include "dialog.h"
#include "echoview.h"
#include "i18n.h"
#include "uicurses.h"

#define KEY_ESC 27
#define ROWS_Y 2

enum { FORM_STAY, FORM_APPLY, FORM_LEAVE };

struct echo_form {
	struct ui *ui;
	struct ui_echo_config c; /* the copy being edited */
	size_t row;
	char message[512];
};

static const struct {
	unsigned versions;
	const char *label; /* N_() */
} versions[] = {
    {0, N_("TLS 1.2 and 1.3")},
    {CD_ECHO_TLS12, N_("TLS 1.2 only")},
    {CD_ECHO_TLS13, N_("TLS 1.3 only")},
};

static const char *const client_modes[] = {
    [CD_ECHO_CLIENT_CERT_IGNORE] = N_("no client certificate"),
    [CD_ECHO_CLIENT_CERT_REQUEST] = N_("a client certificate, if any"),
    [CD_ECHO_CLIENT_CERT_REQUIRE] =
	N_("a client certificate, required (mutual TLS)"),
};

#define N_VERSIONS (sizeof(versions) / sizeof(versions[0]))
#define N_MODES (sizeof(client_modes) / sizeof(client_modes[0]))

/* ---- checks --------------------------------------------------------- */

static const char *check_port(const char *value, void *arg)
{
	char *end;
	unsigned long port;

	(void)arg;
	errno = 0;
	port = strtoul(value, &end, 10);
	if (*value == '\0' || !isdigit((unsigned char)*value) || *end ||
	    errno || port > 65535)
		return _("a port is a number from 0 to 65535 (0: a free one)");
	return NULL;
}

static const char *check_name(const char *value, void *arg)
{
	(void)arg;
	if (*value == '\0')
		return _("the client checks a name: a DNS name or an IP "
			 "address");
	for (; *value; value++)
		if (isspace((unsigned char)*value))
			return _("a DNS name or an IP address has no spaces");
	return NULL;
}

static const char *check_readable(const char *value, void *arg)
{
	static char why[600];

	(void)arg;
	if (*value == '\0')
		return _("give a file");
	if (access(value, R_OK) < 0) {
		snprintf(why, sizeof(why), _("%s: cannot read it: %s"), value,
			 strerror(errno));
		return why;
	}
	return NULL;
}

const char *ui_echo_config_check(const struct ui_echo_config *c, char *buf,
				 size_t size)
{
	const char *why;

	if (c->port > 65535)
		return check_port("65536", NULL);
	if ((why = check_name(c->peer_name, NULL)) != NULL)
		return why;
	if ((why = check_readable(c->trust, NULL)) != NULL) {
		snprintf(buf, size, _("CA to trust: %s"), why);
		return buf;
	}
	if (c->client_label[0] &&
	    ((why = check_readable(c->client_cert, NULL)) != NULL ||
	     (why = check_readable(c->client_key, NULL)) != NULL)) {
		snprintf(buf, size, _("client certificate: %s"), why);
		return buf;
	}
	if (c->client_cert_mode != CD_ECHO_CLIENT_CERT_IGNORE &&
	    (why = check_readable(c->server_ca, NULL)) != NULL) {
		snprintf(buf, size, _("the server's CA for clients: %s"), why);
		return buf;
	}
	return NULL;
}

/* ---- the rows ------------------------------------------------------- */

static void port_value(const struct echo_form *f, char *buf, size_t size)
{
	if (f->c.port)
		snprintf(buf, size, "%u", f->c.port);
	else
		snprintf(buf, size, "%s", _("0 (a free one)"));
}

static void name_value(const struct echo_form *f, char *buf, size_t size)
{
	snprintf(buf, size, "%s", f->c.peer_name);
}

static void trust_value(const struct echo_form *f, char *buf, size_t size)
{
	snprintf(buf, size, "%s", f->c.trust);
}

static void client_value(const struct echo_form *f, char *buf, size_t size)
{
	snprintf(buf, size, "%s",
		 f->c.client_label[0] ? f->c.client_label : _("none"));
}

static size_t version_index(unsigned v)
{
	size_t i;

	for (i = 0; i < N_VERSIONS; i++)
		if (versions[i].versions == v)
			return i;
	return 0;
}

static void version_value(const struct echo_form *f, char *buf, size_t size)
{
	snprintf(buf, size, "%s",
		 _(versions[version_index(f->c.versions)].label));
}

static void mode_value(const struct echo_form *f, char *buf, size_t size)
{
	snprintf(buf, size, "%s", _(client_modes[f->c.client_cert_mode]));
}

static int port_enter(struct echo_form *f)
{
	char value[16];

	snprintf(value, sizeof(value), "%u", f->c.port);
	if (ui_dialog_input(_("Port"),
			    _("The port the server listens on, on 127.0.0.1 "
			      "(0: a free one):"),
			    value, 0, check_port, NULL, value,
			    sizeof(value)) == 0)
		f->c.port = (unsigned)strtoul(value, NULL, 10);
	return FORM_STAY;
}

static int name_enter(struct echo_form *f)
{
	char value[sizeof(f->c.peer_name)];

	if (ui_dialog_input(_("Name to check"),
			    _("The DNS name or IP address the client checks "
			      "in the server's certificate (and sends as "
			      "SNI):"),
			    f->c.peer_name, 0, check_name, NULL, value,
			    sizeof(value)) == 0)
		snprintf(f->c.peer_name, sizeof(f->c.peer_name), "%s", value);
	return FORM_STAY;
}

static int trust_enter(struct echo_form *f)
{
	char value[sizeof(f->c.trust)];

	if (ui_dialog_input(_("CA to trust"),
			    _("The file of CA certificates the client trusts "
			      "(the store's is ca.crt):"),
			    f->c.trust, 0, check_readable, NULL, value,
			    sizeof(value)) == 0)
		snprintf(f->c.trust, sizeof(f->c.trust), "%s", value);
	return FORM_STAY;
}

/* The store's issued certificates by name, "none" first. */
static const char **client_choices(struct ui *ui, size_t *n)
{
	const char **items = calloc(ui->model.count + 1, sizeof(*items));
	size_t i;

	*n = 0;
	if (items == NULL)
		return NULL;
	items[(*n)++] = _("none");
	for (i = 0; i < ui->model.count; i++)
		if (ui->model.items[i].kind == UI_ITEM_ISSUED &&
		    ui->model.items[i].name)
			items[(*n)++] = ui->model.items[i].name;
	return items;
}

static int client_enter(struct echo_form *f)
{
	size_t n, current = 0, i;
	const char **items = client_choices(f->ui, &n);
	int pick;
	char *crt, *key, rel[600];

	if (items == NULL)
		return FORM_STAY;
	for (i = 1; i < n; i++)
		if (strcmp(items[i], f->c.client_label) == 0)
			current = i;
	pick = ui_dialog_choose(_("Client certificate"),
				_("The store's certificate the client shows "
				  "(mutual TLS), with its key in private/:"),
				items, n, current);
	if (pick == 0)
		f->c.client_label[0] = '\0';
	if (pick > 0) {
		snprintf(rel, sizeof(rel), "issued/%s.crt", items[pick]);
		crt = cd_store_path(f->ui->store, rel);
		snprintf(rel, sizeof(rel), "private/%s.key", items[pick]);
		key = cd_store_path(f->ui->store, rel);
		if (crt && key) {
			snprintf(f->c.client_label, sizeof(f->c.client_label),
				 "%s", items[pick]);
			snprintf(f->c.client_cert, sizeof(f->c.client_cert),
				 "%s", crt);
			snprintf(f->c.client_key, sizeof(f->c.client_key), "%s",
				 key);
		}
		free(crt);
		free(key);
	}
	free(items);
	return FORM_STAY;
}

static int version_enter(struct echo_form *f)
{
	f->c.versions =
	    versions[(version_index(f->c.versions) + 1) % N_VERSIONS].versions;
	return FORM_STAY;
}

static int mode_enter(struct echo_form *f)
{
	f->c.client_cert_mode = (f->c.client_cert_mode + 1) % N_MODES;
	return FORM_STAY;
}

static void staple_value(const struct echo_form *f, char *buf, size_t size)
{
	if (!f->c.staple)
		snprintf(buf, size, "%s", _("no"));
	else if (f->c.staple_signer[0] == '\0')
		snprintf(buf, size, "%s",
			 _("yes: the store's status, from index.txt"));
	else
		/* L10N: the name of the delegated OCSP signer */
		snprintf(buf, size,
			 _("yes: the store's status, from index.txt, signed "
			   "by %s"),
			 f->c.staple_signer);
}

/* On: who signs, asked when the store has delegated OCSP signers (Esc
 * leaves it off); off: the choice is forgotten. */
static int staple_enter(struct echo_form *f)
{
	if (f->c.staple) {
		f->c.staple = 0;
		f->c.staple_signer[0] = '\0';
	} else if (ui_choose_ocsp_signer(f->ui, _("OCSP stapling"),
					 f->c.staple_signer,
					 sizeof(f->c.staple_signer)) == 0)
		f->c.staple = 1;
	return FORM_STAY;
}

static int apply_enter(struct echo_form *f)
{
	(void)f;
	return FORM_APPLY;
}

static const struct form_row {
	const char *label; /* N_() */
	const char *help;  /* N_() */
	void (*value)(const struct echo_form *f, char *buf, size_t size);
	int (*enter)(struct echo_form *f);
	int cycles; /* Space and Left/Right change it too */
} form_rows[] = {
    {N_("Port"), N_("Enter edits it: 0 to 65535; 0 picks a free port."),
     port_value, port_enter, 0},
    {N_("Name to check"),
     N_("Enter edits it: the name the client checks and sends as SNI."),
     name_value, name_enter, 0},
    {N_("CA to trust"),
     N_("Enter edits it: the file of CA certificates the client trusts."),
     trust_value, trust_enter, 0},
    {N_("Client certificate"),
     N_("Enter picks one of the store's certificates, or none (mutual "
	"TLS)."),
     client_value, client_enter, 0},
    {N_("TLS version"),
     N_("Enter or Space: TLS 1.2 and 1.3, 1.2 only, 1.3 only (both "
	"ends)."),
     version_value, version_enter, 1},
    {N_("Server asks for"),
     N_("Enter or Space: no client certificate, one if the client has "
	"one, or one required."),
     mode_value, mode_enter, 1},
    {N_("OCSP stapling"),
     N_("Enter or Space: staple an OCSP response, the store's status of the "
	"server's certificate (good, or revoked) signed by the CA or a "
	"delegated OCSP signer (asked when the store has one); the client "
	"shows it."),
     staple_value, staple_enter, 1},
    {N_("[ Apply ]"),
     N_("Enter (or F10, from any row) applies: both ends restart."), NULL,
     apply_enter, 0},
};

#define N_ROWS (sizeof(form_rows) / sizeof(form_rows[0]))

/* ---- drawing -------------------------------------------------------- */

/* The widest label, translated, and two columns. */
static int value_x(void)
{
	int w = 0, lw;
	size_t i;

	for (i = 0; i < N_ROWS; i++)
		if ((lw = ui_text_width(_(form_rows[i].label))) > w)
			w = lw;
	return w + 4;
}

static void draw_form(const struct echo_form *f)
{
	char line[UI_ECHO_PATH + 64], values[N_ROWS][UI_ECHO_PATH + 64];
	struct ui_row rows[N_ROWS];
	int vx = value_x();
	size_t i;

	erase();
	snprintf(line, sizeof(line), _(" Echo test settings: %s"),
		 f->c.server_label);
	ui_put_bar(0, UI_TITLE, line);
	for (i = 0; i < N_ROWS; i++) {
		rows[i].label = _(form_rows[i].label);
		rows[i].value = NULL;
		if (form_rows[i].value) {
			form_rows[i].value(f, values[i], sizeof(values[i]));
			rows[i].value = values[i];
		}
	}
	ui_rows_draw(ROWS_Y, vx, rows, N_ROWS, f->row,
		     _(form_rows[f->row].help));
	attrset(ui_attr(UI_ERROR));
	ui_put_wrapped(LINES - 4, 0, COLS, 2, f->message);
	ui_put_bar(LINES - 1, UI_HINT,
		   _(" Up/Down move  Enter change  F10 apply  Esc back out"));
	refresh();
}

/* ---- the loop ------------------------------------------------------- */

static int form_key(struct echo_form *f, int key)
{
	const struct form_row *r = &form_rows[f->row];

	if (key == KEY_ESC)
		return FORM_LEAVE;
	if (key == KEY_F(10))
		return FORM_APPLY;
	if ((key == KEY_UP || key == 'k') && f->row > 0)
		f->row--;
	else if ((key == KEY_DOWN || key == 'j' || key == '\t') &&
		 f->row + 1 < N_ROWS)
		f->row++;
	else if (key == '\n' || key == '\r' || key == KEY_ENTER)
		return r->enter(f);
	else if (r->cycles &&
		 (key == ' ' || key == KEY_RIGHT || key == KEY_LEFT))
		return r->enter(f);
	return FORM_STAY;
}

int ui_echo_settings(struct ui *ui, struct ui_echo_config *c)
{
	struct echo_form f;
	const char *why;
	int key, what = FORM_STAY;

	memset(&f, 0, sizeof(f));
	f.ui = ui;
	f.c = *c;
	for (;;) {
		draw_form(&f);
		key = ui_getkey();
		if (ui_term_quit_requested())
			return -1;
		if (key == KEY_RESIZE)
			continue;
		f.message[0] = '\0';
		what = form_key(&f, key);
		if (what == FORM_LEAVE)
			return 0;
		if (what != FORM_APPLY)
			continue;
		why = ui_echo_config_check(&f.c, f.message, sizeof(f.message));
		if (why == NULL) {
			*c = f.c;
			return 1;
		}
		if (why != f.message)
			snprintf(f.message, sizeof(f.message), "%s", why);
	}
}
