/* certdeck: verify the selected certificate from the main screen. A form
 * of three settings (trust, peer name, purpose), a table of rows; the
 * result goes to the viewer (verifytext.c), then back to the form. */
#include <config.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dialog.h"
#include "error.h"
#include "filechooser.h"
#include "i18n.h"
#include "inspectview.h"
#include "store.h"
#include "uicurses.h"
#include "verify.h"
#include "verifytext.h"
#include "viewer.h"

#define KEY_ESC 27
#define CTRL(c) ((c)&0x1f)
#define ROWS_Y 4
#define VALUE_X 15

static const struct {
	const char *name;  /* for cd_verify_params.purpose; NULL: any */
	const char *label; /* N_() */
} purposes[] = {
    {NULL, N_("any")},
    {"tls-server", N_("TLS server")},
    {"tls-client", N_("TLS client")},
};

#define N_PURPOSES (sizeof(purposes) / sizeof(purposes[0]))

struct verify_form {
	struct ui *ui;
	const char *label; /* the certificate, as the list names it */
	char *cert;	   /* its file */
	char *store_ca;	   /* the store's ca.crt */
	char *store_crl;   /* its crl.pem, or NULL when it has none */
	char *trust_file;  /* picked; NULL: the store's CA (and CRL) */
	char peer[256];
	size_t purpose;
	size_t row;
	char message[512];
};

enum { FORM_STAY, FORM_RUN, FORM_LEAVE };

/* ---- the rows ------------------------------------------------------- */

static void trust_value(const struct verify_form *f, char *buf, size_t size)
{
	if (f->trust_file)
		snprintf(buf, size, "%s", f->trust_file);
	else if (f->store_crl)
		snprintf(buf, size, "%s",
			 _("the store's CA (ca.crt) and its CRL (crl.pem)"));
	else
		snprintf(buf, size, "%s", _("the store's CA (ca.crt)"));
}

static void peer_value(const struct verify_form *f, char *buf, size_t size)
{
	snprintf(buf, size, "%s", f->peer[0] ? f->peer : _("(not checked)"));
}

static void purpose_value(const struct verify_form *f, char *buf, size_t size)
{
	snprintf(buf, size, "%s", _(purposes[f->purpose].label));
}

static int trust_enter(struct verify_form *f)
{
	char *path = NULL;

	if (ui_file_choose(_("Trust: pick a file of CA certificates"), NULL,
			   &path) == 0) {
		free(f->trust_file);
		f->trust_file = path;
	}
	return FORM_STAY;
}

static const char *check_peer(const char *value, void *arg)
{
	(void)arg;
	for (; *value; value++)
		if (isspace((unsigned char)*value))
			return _("a DNS name or an IP address has no spaces");
	return NULL;
}

static int peer_enter(struct verify_form *f)
{
	char value[sizeof(f->peer)];

	if (ui_dialog_input(_("Peer name"),
			    _("The DNS name or IP address the certificate "
			      "must be for (empty: not checked):"),
			    f->peer, 0, check_peer, NULL, value,
			    sizeof(value)) == 0)
		snprintf(f->peer, sizeof(f->peer), "%s", value);
	return FORM_STAY;
}

static int purpose_enter(struct verify_form *f)
{
	f->purpose = (f->purpose + 1) % N_PURPOSES;
	return FORM_STAY;
}

static int run_enter(struct verify_form *f)
{
	(void)f;
	return FORM_RUN;
}

static const struct form_row {
	const char *label; /* N_() */
	const char *help;  /* N_() */
	void (*value)(const struct verify_form *f, char *buf, size_t size);
	int (*enter)(struct verify_form *f);
} form_rows[] = {
    {N_("Trust"),
     N_("Enter picks a file of trusted CA certificates; Backspace: the "
	"store's CA."),
     trust_value, trust_enter},
    {N_("Peer name"),
     N_("Enter edits it: a DNS name or an IP address; empty: not "
	"checked."),
     peer_value, peer_enter},
    {N_("Purpose"),
     N_("Enter or Space: any, TLS server or TLS client (the key "
	"purpose)."),
     purpose_value, purpose_enter},
    {N_("[ Verify ]"), N_("Enter (or v, from any row) verifies."), NULL,
     run_enter},
};

#define N_ROWS (sizeof(form_rows) / sizeof(form_rows[0]))

/* ---- drawing -------------------------------------------------------- */

static void draw_form(const struct verify_form *f)
{
	char line[600], values[N_ROWS][600];
	struct ui_row rows[N_ROWS];
	size_t i;

	erase();
	snprintf(line, sizeof(line), _(" Verify %s"), f->label);
	ui_put_bar(0, UI_TITLE, line);
	attrset(ui_attr(UI_DIM));
	ui_put(2, 1, COLS - 1, f->cert);
	attrset(A_NORMAL);
	for (i = 0; i < N_ROWS; i++) {
		rows[i].label = _(form_rows[i].label);
		rows[i].value = NULL;
		if (form_rows[i].value) {
			form_rows[i].value(f, values[i], sizeof(values[i]));
			rows[i].value = values[i];
		}
	}
	ui_rows_draw(ROWS_Y, VALUE_X, rows, N_ROWS, f->row,
		     _(form_rows[f->row].help));
	attrset(ui_attr(UI_ERROR));
	ui_put(LINES - 2, 0, COLS, f->message);
	ui_put_bar(LINES - 1, UI_HINT,
		   _(" Up/Down move  Enter change  v verify  Esc back out"));
	refresh();
}

/* ---- running it ----------------------------------------------------- */

static void show_result(struct verify_form *f, const char *trust,
			const struct cd_verify_result *r)
{
	struct ui_verify_asked a;
	struct ui_text t;
	char title[600];

	a.cert = f->cert;
	a.trust = trust;
	a.peer_name = f->peer;
	a.purpose = _(purposes[f->purpose].label);
	a.now = cd_ctx_now(&f->ui->ctx);
	ui_text_init(&t);
	snprintf(title, sizeof(title), _("Verification of %s"), f->label);
	/* Reasons and hints are sentences: wrapped, they show whole. */
	t.wrap = 1;
	if (ui_verify_text(&t, &a, r) < 0 || ui_viewer_run(title, &t) < 0)
		snprintf(f->message, sizeof(f->message), "%s",
			 _("out of memory"));
	ui_text_free(&t);
}

static void run(struct verify_form *f)
{
	struct cd_verify_params p;
	struct cd_verify_result r;
	const char *trust = f->trust_file ? f->trust_file : f->store_ca;
	const char *crl = f->store_crl;
	int ret;

	memset(&p, 0, sizeof(p));
	p.trust = &trust;
	p.trust_count = 1;
	/* As verify does without --trust: the store's CRL with its CA. */
	if (f->trust_file == NULL && crl) {
		p.crls = &crl;
		p.crl_count = 1;
	}
	p.peer_name = f->peer[0] ? f->peer : NULL;
	p.purpose = purposes[f->purpose].name;
	p.details = 1;
	p.cert = f->cert;
	f->message[0] = '\0';
	ret = cd_verify(&f->ui->ctx, &p, &r);
	if (ret < 0 && ret != CD_E_VERIFY) {
		snprintf(f->message, sizeof(f->message), "%s",
			 cd_ctx_message(&f->ui->ctx));
		ui_dialog_message(_("Cannot verify"), UI_ERROR, f->message);
		return;
	}
	show_result(f, trust, &r);
	ui_say(f->ui, r.verified ? UI_GOOD : UI_ERROR,
	       r.verified ? _("%s: verified") : _("%s: NOT verified"),
	       f->label);
	cd_verify_result_free(&r);
}

/* A key of the form. */
static int form_key(struct verify_form *f, int key)
{
	if (key == KEY_ESC)
		return FORM_LEAVE;
	if ((key == KEY_UP || key == 'k') && f->row > 0)
		f->row--;
	else if ((key == KEY_DOWN || key == 'j' || key == '\t') &&
		 f->row + 1 < N_ROWS)
		f->row++;
	else if (key == '\n' || key == '\r' || key == KEY_ENTER)
		return form_rows[f->row].enter(f);
	else if (key == 'v')
		return FORM_RUN;
	else if (form_rows[f->row].enter == purpose_enter &&
		 (key == ' ' || key == KEY_RIGHT || key == KEY_LEFT))
		purpose_enter(f);
	else if (form_rows[f->row].enter == trust_enter &&
		 (key == KEY_BACKSPACE || key == 127 || key == CTRL('h') ||
		  key == KEY_DC)) {
		free(f->trust_file);
		f->trust_file = NULL;
	}
	return FORM_STAY;
}

static int is_certificate(const struct ui_item *it)
{
	return it != NULL && it->rel != NULL &&
	       (it->kind == UI_ITEM_CA || it->kind == UI_ITEM_ISSUED ||
		it->kind == UI_ITEM_REVOKED);
}

int ui_act_verify(struct ui *ui)
{
	const struct ui_item *it = ui_current(ui);
	struct verify_form f;
	int key, what = FORM_STAY;

	if (ui->store == NULL || !is_certificate(it)) {
		ui_say(ui, UI_ERROR, "%s",
		       _("only a certificate can be verified: select one"));
		return UI_REDRAW;
	}
	memset(&f, 0, sizeof(f));
	f.ui = ui;
	f.label = ui_item_label(it);
	f.cert = cd_store_path(ui->store, it->rel);
	f.store_ca = cd_store_path(ui->store, "ca.crt");
	f.store_crl = cd_store_dir_crl(ui->store->dir);
	if (f.cert == NULL || f.store_ca == NULL) {
		ui_say(ui, UI_ERROR, "%s", _("out of memory"));
		what = FORM_LEAVE;
	}
	while (what != FORM_LEAVE) {
		draw_form(&f);
		do
			key = getch();
		while (key == ERR && !ui_term_quit_requested());
		if (ui_term_quit_requested())
			break;
		what = form_key(&f, key);
		if (what == FORM_RUN)
			run(&f);
	}
	free(f.cert);
	free(f.store_ca);
	free(f.store_crl);
	free(f.trust_file);
	return UI_REDRAW;
}
