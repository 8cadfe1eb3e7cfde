/* certdeck: the new CA wizard. A root or an intermediate CA; key type
 * and password (or a key on a PKCS #11 token, found or generated there,
 * and the token's PIN); certtool's --generate-self-signed prompts (for an
 * intermediate, --generate-request's); then the certificate (the request)
 * as it will be, with lint findings, the certtool commands and the
 * template, and "Is the above information ok?". Nothing is written before
 * that yes. An intermediate store then waits for the certificate its
 * parent signs from reqs/ca.req, which c installs. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ca.h"
#include "cakey.h"
#include "dialog.h"
#include "error.h"
#include "filechooser.h"
#include "formview.h"
#include "i18n.h"
#include "key.h"
#include "token.h"
#include "wizard.h"

struct ca_wizard {
	struct ui *ui;
	const struct cd_key_choice *choice;
	struct cd_draft_key *key;
	char password[256];
	struct form form;
	struct cd_cert_params params;
	char *template_dir;
	int intermediate; /* a request for a parent CA, not a root */
};

/* What a CA is asked with certdeck's defaults rather than certtool's:
 * a CA, signing CRLs (certtool's trap), ten years. The first three are
 * locked: init-ca gives every CA certificate and CRL signing. */
static void ca_presets(struct form *f)
{
	static const char *const locked[] = {"ca", "cert_signing_key",
					     "crl_signing_key"};
	size_t i;

	for (i = 0; i < sizeof(locked) / sizeof(locked[0]); i++) {
		form_toggle(f, form_find(f, locked[i]), 1);
		form_lock(f, form_find(f, locked[i]), _("always y for a CA"));
	}
	form_set(f, form_find(f, "expiration_days"), 0, "3650");
}

static int append(char **text, size_t *len, const char *s)
{
	size_t add = strlen(s);
	char *t = realloc(*text, *len + add + 1);

	if (t == NULL)
		return -1;
	memcpy(t + *len, s, add + 1);
	*text = t;
	*len += add;
	return 0;
}

/* The last page: the certificate (or request), the findings, the
 * commands, the template. */
static char *review_text(const struct cd_draft_ca *d)
{
	char *text = NULL, line[2048];
	size_t len = 0, i;
	int fail = append(&text, &len, d->text);

	fail |= append(&text, &len, "\n");
	fail |= append(&text, &len, _("Lint findings:"));
	fail |= append(&text, &len, "\n");
	for (i = 0; i < d->lint.n; i++) {
		snprintf(line, sizeof(line), "  %s: %s (%s)\n",
			 cd_lint_level_id(d->lint.findings[i].level),
			 d->lint.findings[i].message, d->lint.findings[i].id);
		fail |= append(&text, &len, line);
	}
	if (d->lint.n == 0) {
		fail |= append(&text, &len, _("  none"));
		fail |= append(&text, &len, "\n");
	}
	fail |= append(&text, &len, "\n");
	fail |= append(&text, &len, _("The same with certtool:"));
	fail |= append(&text, &len, "\n");
	fail |= append(&text, &len, d->commands);
	fail |= append(&text, &len, "\n");
	fail |= append(&text, &len, _("Template (ca.cfg):"));
	fail |= append(&text, &len, "\n");
	fail |= append(&text, &len, d->template_text);
	if (fail) {
		free(text);
		return NULL;
	}
	return text;
}

/* Opening (or generating) the key on a token, on a thread. */
struct token_job {
	struct ui_job job; /* first: the dialog hands this back */
	struct cd_ctx ctx; /* the thread's own */
	char url[1024], pin[256];
	const struct cd_key_choice *generate;
	struct cd_draft_key *key;
};

static int token_work(struct ui_job *job)
{
	struct token_job *t = (struct token_job *)job;

	return cd_draft_key_from_token(
	    &t->ctx, t->url, t->pin[0] ? t->pin : NULL, t->generate, &t->key);
}

static void token_discard(struct ui_job *job)
{
	struct token_job *t = (struct token_job *)job;

	cd_draft_key_free(t->key);
	memset(t->pin, 0, sizeof(t->pin));
	free(t);
}

/* The key on the token, behind a spinner: 0, or -1 (said). */
static int token_open(struct ca_wizard *w, struct token_job *t)
{
	t->job.work = token_work;
	t->job.discard = token_discard;
	t->ctx = w->ui->ctx;
	t->ctx.log = NULL;
	erase();
	if (ui_dialog_progress(_("New CA: its key on a token"),
			       t->generate
				   ? _("Generating the key on the "
				       "token...")
				   : _("Opening the key on the token..."),
			       &t->job) < 0) {
		ui_say(w->ui, UI_NORMAL, "%s",
		       _("abandoned: no CA created (a key being generated on "
			 "the token stays there)"));
		return -1; /* the thread frees it */
	}
	if (t->job.result == CD_E_EXISTS)
		/* the backend's words name the command line's flag */
		cd_error(&t->ctx, CD_E_EXISTS,
			 _("the token already holds a key with this URL's "
			   "label: choose \"%s\" instead, or another "
			   "object= label"),
			 _("Use the key the URL names, already on the token"));
	if (t->job.result < 0) {
		ui_dialog_message(_("New CA: its key on a token"), UI_ERROR,
				  cd_ctx_message(&t->ctx));
		ui_say(w->ui, UI_ERROR, "%s", cd_ctx_message(&t->ctx));
	}
	w->key = t->key;
	t->key = NULL;
	token_discard(&t->job);
	return w->key ? 0 : -1;
}

static const char *check_url(const char *value, void *arg)
{
	struct ui *ui = arg;

	return cd_token_url_check(&ui->ctx, value) < 0
		   ? cd_ctx_message(&ui->ctx)
		   : NULL;
}

#define TOKEN_CHOICES 16

/* Use the key the URL names, or generate one (RSA or ECDSA: what
 * tokens hold) there: -1 backed out, 0 use it, else 1 + the index in
 * cd_key_choices of the key to generate. */
static int token_what(void)
{
	const char *items[TOKEN_CHOICES];
	char text[TOKEN_CHOICES][128];
	int index[TOKEN_CHOICES];
	size_t n = 1, i;
	int pick;

	items[0] = _("Use the key the URL names, already on the token");
	index[0] = -1;
	for (i = 0; cd_key_choices[i].label && n < TOKEN_CHOICES; i++) {
		if (!cd_key_choice_fits_token(&cd_key_choices[i]))
			continue;
		/* L10N: a key type, as "RSA 3072 bits" */
		snprintf(text[n], sizeof(text[n]),
			 _("Generate it on the token: %s"),
			 _(cd_key_choices[i].label));
		items[n] = text[n];
		index[n++] = (int)i;
	}
	erase();
	pick = ui_dialog_choose(_("New CA: its key on a token"),
				_("The key on the token:"), items, n, 0);
	return pick < 0 ? -1 : index[pick] + 1;
}

/* The key on a token: its URL, found or generated, the token's PIN. */
static int token_page(struct ca_wizard *w)
{
	struct token_job *t = calloc(1, sizeof(*t));
	int what;

	if (t == NULL) {
		ui_say(w->ui, UI_ERROR, "%s", _("out of memory"));
		return -1;
	}
	erase();
	if (ui_dialog_input(_("New CA: its key on a token"),
			    _("Key on a PKCS #11 token (URL, such as "
			      "pkcs11:token=NAME;object=LABEL):"),
			    "pkcs11:", 0, check_url, w->ui, t->url,
			    sizeof(t->url)) < 0 ||
	    (what = token_what()) < 0)
		goto back;
	t->generate = what > 0 ? &cd_key_choices[what - 1] : NULL;
	w->choice = t->generate;
	erase();
	/* A token is unlocked by its PIN: never called a password. */
	if (cd_token_pin_needed() &&
	    ui_dialog_input(_("New CA: its key on a token"),
			    _("Enter the token's PIN:"), NULL, 1, NULL, NULL,
			    t->pin, sizeof(t->pin)) < 0)
		goto back;
	return token_open(w, t);
back:
	token_discard(&t->job);
	return -1;
}

/* The key types, and last a key on a PKCS #11 token: the index picked
 * (N_TYPES for the token), or -1 when backed out. */
static int key_place(size_t *n_types)
{
	const char *items[17];
	size_t n;

	erase();
	for (n = 0; cd_key_choices[n].label && n < 16; n++)
		items[n] = _(cd_key_choices[n].label);
	*n_types = n;
	items[n] = _("Key on a PKCS #11 token (smart card, HSM, SoftHSM)");
	return ui_dialog_choose(_("New CA: its key"), _("Key type and size:"),
				items, n + 1, CD_KEY_CHOICE_DEFAULT);
}

/* The key page and the key: 0, or -1 when backed out of. */
static int key_page(struct ca_wizard *w)
{
	size_t n_types;
	int choice = key_place(&n_types);

	if (choice < 0)
		return -1;
	if ((size_t)choice == n_types)
		return token_page(w);
	w->choice = &cd_key_choices[choice];
	if (ui_wizard_password(_("New CA: its key"),
			       _("Password for the CA key (empty: none):"),
			       w->password, sizeof(w->password)) < 0)
		return -1;
	w->key = ui_wizard_generate(w->ui, w->choice);
	return w->key ? 0 : -1;
}

/* The certificate as it will be; 1 when the user says it is ok and the
 * store is written, 0 to go back to the form, -1 on failure. */
static int last_page(struct ca_wizard *w)
{
	struct ui *ui = w->ui;
	struct cd_draft_ca d;
	char *text;
	int answer;

	if ((w->intermediate ? cd_draft_ca_build_request : cd_draft_ca_build)(
		&ui->ctx, w->key, &w->params, w->password[0] != '\0', &d) < 0) {
		ui_dialog_message(_("New CA"), UI_ERROR,
				  cd_ctx_message(&ui->ctx));
		return 0;
	}
	text = review_text(&d);
	answer = text ? ui_dialog_review(
			    w->intermediate
				? _("New intermediate CA: the request as it "
				    "will be")
				: _("New CA: the certificate as it will be"),
			    text, _("Is the above information ok? "))
		      : -1;
	free(text);
	if (answer == 1 && cd_lint_count_at_least(&d.lint, CD_LINT_ERROR)) {
		ui_dialog_message(_("New CA"), UI_ERROR,
				  w->intermediate
				      ? _("lint finds an error in this "
					  "request: change the answers first")
				      : _("lint finds an error in this "
					  "certificate: change the answers "
					  "first"));
		answer = 0;
	}
	if (answer == 1 &&
	    cd_draft_ca_commit(&ui->ctx, &d, w->key, ui->store_dir, w->password,
			       &ui->store) < 0) {
		ui_dialog_message(_("New CA"), UI_ERROR,
				  cd_ctx_message(&ui->ctx));
		answer = 0;
	}
	if (ui->store)
		ui->store->lock_wait_ms = 0; /* as tui.c opens stores */
	cd_draft_ca_free(&d);
	return answer == 1 ? 1 : 0;
}

static int form_pages(struct ca_wizard *w)
{
	struct ui_form_view v;
	size_t n;
	const struct cd_prompt *p = cd_prompt_table(
	    w->intermediate ? CD_DIALOG_REQUEST : CD_DIALOG_SELFSIGN, &n);

	if (form_init(&w->form, p, n, cd_draft_key_is_rsa(w->key)) < 0)
		return -1;
	ca_presets(&w->form);
	memset(&v, 0, sizeof(v));
	v.title = w->intermediate
		      ? _("New intermediate CA: certtool --generate-request")
		      : _("New CA: certtool --generate-self-signed");
	v.intro = _("Please enter the details of the certificate's "
		    "distinguished name. Just press enter to ignore a field.");
	v.form = &w->form;
	v.ctx = &w->ui->ctx;
	v.params = &w->params;
	v.template_dir = w->template_dir;
	v.store_dir = w->ui->store_dir;
	for (;;) {
		if (ui_form_run(&v) != UI_FORM_DONE)
			return -1;
		if (last_page(w) == 1)
			return 0;
		v.note[0] = '\0';
	}
}

/* A root CA, or an intermediate one: 0, or -1 when backed out of. */
static int kind_page(struct ca_wizard *w)
{
	const char *items[2] = {
	    _("Root CA, self-signed"),
	    _("Intermediate CA, signed by a parent CA"),
	};
	int pick;

	erase();
	pick = ui_dialog_choose(_("New CA"), _("Which CA:"), items, 2, 0);
	if (pick < 0)
		return -1;
	w->intermediate = pick == 1;
	return 0;
}

int ui_wizard_ca(struct ui *ui)
{
	struct ca_wizard w;
	int reaction = UI_REDRAW;

	memset(&w, 0, sizeof(w));
	w.ui = ui;
	cd_profile_init(&w.params);
	w.template_dir =
	    ui->store ? cd_store_path(ui->store, "templates") : NULL;
	if (kind_page(&w) == 0 && key_page(&w) == 0 && form_pages(&w) == 0) {
		if (w.intermediate)
			ui_say(ui, UI_GOOD,
			       _("the intermediate CA's key and request are in "
				 "%s (reqs/ca.req): have its parent CA sign "
				 "the request with its ca profile, then press "
				 "c to install the certificate"),
			       ui->store_dir);
		else if (w.key->token_key)
			ui_say(ui, UI_GOOD,
			       _("the CA is created in %s; its key stays on "
				 "the token (private/ca.key.url)"),
			       ui->store_dir);
		else
			ui_say(ui, UI_GOOD, _("the CA is created in %s"),
			       ui->store_dir);
		reaction = UI_RELOAD;
	} else if (w.key && w.key->generated)
		ui_say(ui, UI_NORMAL, "%s",
		       _("no CA created: nothing was written (the key "
			 "generated on the token stays there)"));
	else if (w.key)
		ui_say(ui, UI_NORMAL, "%s",
		       _("no CA created: nothing was written"));
	form_free(&w.form);
	cd_profile_free(&w.params);
	cd_draft_key_free(w.key);
	memset(w.password, 0, sizeof(w.password));
	free(w.template_dir);
	return reaction;
}

/* An intermediate store waiting for its certificate: the file its parent
 * signed, the CA key's password or PIN when it has one, and the store is
 * complete (certdeck init-ca --intermediate --certificate FILE). */
static int install_pending(struct ui *ui)
{
	char *path = NULL, secret[256] = "";
	int ret;

	if (ui_file_choose(_("The intermediate CA's certificate, signed by "
			     "its parent from reqs/ca.req"),
			   NULL, &path) < 0 ||
	    ui_ask_ca_key_secret(ui, _("Install the CA's certificate"), secret,
				 sizeof(secret)) < 0) {
		free(path);
		ui_say(ui, UI_NORMAL, "%s",
		       _("not installed: nothing written"));
		return UI_REDRAW;
	}
	ret = cd_ca_install_certificate_file(&ui->ctx, ui->store,
					     secret[0] ? secret : NULL, path);
	cd_wipe(secret, sizeof(secret));
	free(path);
	if (ret < 0) {
		ui_dialog_message(_("Not installed"), UI_ERROR,
				  cd_ctx_message(&ui->ctx));
		ui_say(ui, UI_ERROR, "%s", cd_ctx_message(&ui->ctx));
		return UI_REDRAW;
	}
	ui_say(ui, UI_GOOD, "%s",
	       _("the intermediate CA is complete (ca.crt): it can sign"));
	return UI_RELOAD;
}

int ui_act_new_ca(struct ui *ui)
{
	if (ui_reopen_completed(ui))
		return UI_REDRAW;
	if (cd_store_is_pending(ui->store))
		return install_pending(ui);
	if (ui->store != NULL) {
		ui_say(ui, UI_ERROR, "%s",
		       _("this store has its CA already (one CA per store)"));
		return UI_REDRAW;
	}
	return ui_wizard_ca(ui);
}
