/* certdeck: export the selected certificate (E) and import a bundle into
 * the store (I). The dialogs ask; src/exchange.c does the work with
 * src/export.c and src/import.c, as `certdeck export` and `import` do. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dialog.h"
#include "error.h"
#include "exchange.h"
#include "exportview.h"
#include "file.h"
#include "filechooser.h"
#include "i18n.h"
#include "key.h"

#define SECRET_MAX 256
#define TRIES 3

/* The forms in the order offered, and how each is named. */
static const struct {
	enum cd_export_form form;
	const char *label;
} export_forms[] = {
    {CD_EXPORT_PEM, N_("PEM: the certificate")},
    {CD_EXPORT_DER, N_("DER: the certificate")},
    {CD_EXPORT_CHAIN, N_("chain without the root (PEM)")},
    {CD_EXPORT_FULL_CHAIN, N_("full chain, with the root (PEM)")},
    {CD_EXPORT_PKCS12, N_("PKCS #12, modern (PBES2 AES-256)")},
    {CD_EXPORT_PKCS12_LEGACY,
     N_("PKCS #12, legacy (3DES and RC2-40, for old clients)")},
};
#define N_FORMS (sizeof(export_forms) / sizeof(export_forms[0]))

struct secrets {
	char password[SECRET_MAX], again[SECRET_MAX], key_password[SECRET_MAX];
	char friendly[SECRET_MAX];
};

static void secrets_wipe(struct secrets *s)
{
	cd_wipe(s->password, sizeof(s->password));
	cd_wipe(s->again, sizeof(s->again));
	cd_wipe(s->key_password, sizeof(s->key_password));
}

/* The store's name of the selection: "ca" or issued/NAME.crt's NAME. */
static const char *export_name(const struct ui_item *it)
{
	if (it == NULL)
		return NULL;
	if (it->kind == UI_ITEM_CA)
		return "ca";
	if (it->kind == UI_ITEM_ISSUED || it->kind == UI_ITEM_REVOKED)
		return it->name;
	return NULL;
}

static const char *file_name_check(const char *value, void *arg)
{
	(void)arg;
	if (value[0] == '\0' || strchr(value, '/') != NULL)
		return _("a file name, without '/'");
	return NULL;
}

static const char *nonempty_check(const char *value, void *arg)
{
	(void)arg;
	return value[0] ? NULL : _("it cannot be empty");
}

/* Where to write: a directory and a name, or a file to replace (never
 * one of the store's own). Returns the path (free it), NULL when backed
 * out; *REPLACE when it exists. */
static char *ask_target(struct ui *ui, const char *name,
			enum cd_export_form form, int *replace)
{
	char file[512], *dir = NULL, *path = NULL;
	int is_dir = 0;

	if (ui_file_choose_target(_("Export: where to write (Tab: this "
				    "directory)"),
				  NULL, &dir, &is_dir) < 0)
		return NULL;
	if (!is_dir)
		path = dir;
	else {
		snprintf(file, sizeof(file), "%s.%s",
			 strcmp(name, "ca") == 0 ? "ca" : name,
			 cd_export_form_ext(form));
		if (ui_dialog_input(_("Export"), _("File name:"), file, 0,
				    file_name_check, NULL, file,
				    sizeof(file)) == 0)
			path = cd_path_join(dir, file);
		free(dir);
	}
	if (path &&
	    cd_store_write_check(&ui->ctx, ui->store->dir, path, 0) < 0) {
		ui_dialog_message(_("Export"), UI_ERROR,
				  cd_ctx_message(&ui->ctx));
		free(path);
		return NULL;
	}
	*replace = path && cd_file_exists(path);
	if (*replace &&
	    ui_dialog_confirm(_("Export"), _("The file exists. Replace it?"),
			      0) != 1) {
		free(path);
		path = NULL;
	}
	return path;
}

/* The PKCS #12 password twice, and the friendly name. 0, or -1. */
static int ask_pkcs12(const char *name, struct secrets *s)
{
	int i;

	for (i = 0; i < TRIES; i++) {
		if (ui_dialog_input(_("PKCS #12"),
				    _("Enter the new password of the PKCS #12 "
				      "file:"),
				    NULL, 1, nonempty_check, NULL, s->password,
				    sizeof(s->password)) < 0 ||
		    ui_dialog_input(_("PKCS #12"),
				    _("Enter the password again:"), NULL, 1,
				    NULL, NULL, s->again, sizeof(s->again)) < 0)
			return -1;
		if (strcmp(s->password, s->again) == 0)
			break;
		ui_dialog_message(_("PKCS #12"), UI_ERROR,
				  _("The two passwords differ. Try again."));
	}
	if (i == TRIES)
		return -1;
	return ui_dialog_input(
	    _("PKCS #12"), _("Friendly name (what programs show for it):"),
	    name, 0, NULL, NULL, s->friendly, sizeof(s->friendly));
}

/* The passwords JOB needs; 0, or -1 when backed out. */
static int ask_secrets(struct ui *ui, struct cd_export_job *job,
		       struct secrets *s)
{
	char label[300];

	if (!cd_export_form_is_pkcs12(job->form))
		return 0;
	if (ask_pkcs12(job->name, s) < 0)
		return -1;
	job->password = s->password;
	job->friendly = s->friendly;
	if (!cd_export_needs_key_password(&ui->ctx, ui->store, job->name))
		return 0;
	job->key_password = s->key_password;
	if (strcmp(job->name, "ca") == 0)
		snprintf(label, sizeof(label), "%s",
			 _("Enter the password of the CA key:"));
	else
		snprintf(label, sizeof(label), _("Password of private/%s.key:"),
			 job->name);
	return ui_dialog_input(_("PKCS #12"), label, NULL, 1, NULL, NULL,
			       s->key_password, sizeof(s->key_password));
}

static int choose_form(enum cd_export_form *form)
{
	const char *items[N_FORMS];
	size_t i;
	int at;

	for (i = 0; i < N_FORMS; i++)
		items[i] = _(export_forms[i].label);
	at = ui_dialog_choose(_("Export"), _("Export as:"), items, N_FORMS, 0);
	if (at < 0)
		return -1;
	*form = export_forms[at].form;
	return 0;
}

/* A chain stops short of its root when the store is an intermediate
 * one: it holds its own certificate only. Offer to take the issuers from
 * a file (the CLI's --issuers): yes by default for a full chain, no for
 * the forms without the root, which gain from the file only the
 * intermediates above the store's CA, if there are any. *ISSUERS is its
 * path (free it), or NULL. 0, or -1 when backed out. */
static int ask_issuers(struct ui *ui, const struct cd_export_job *job,
		       char **issuers)
{
	struct cd_ctx *ctx = &ui->ctx;
	char *missing = NULL, *path = NULL, head[768], text[1024];
	int root = cd_export_form_has_root(job->form), ret, still;

	*issuers = NULL;
	if (!cd_export_form_has_chain(job->form) ||
	    cd_export_chain_open(ctx, ui->store, job->name, NULL, &missing) !=
		1)
		return 0; /* complete, or a failure the export will say */
	snprintf(head, sizeof(head),
		 root ? _("The store's chain stops at the certificate issued "
			  "by %s: that issuer is not in the store.")
		      : _("The store's chain stops at the certificate issued "
			  "by %s: that issuer is not in the store (this form "
			  "leaves the root out, but not the intermediates "
			  "above)."),
		 missing);
	snprintf(text, sizeof(text), "%s\n\n%s", head,
		 _("Add the issuers from a file (PEM)?"));
	ret = ui_dialog_ask(_("Export"), text, root);
	while (ret == 1) {
		free(path);
		path = NULL;
		if (ui_file_choose(_("Export: the issuers' certificates (PEM)"),
				   NULL, &path) < 0) {
			ret = -1;
			break;
		}
		free(missing);
		missing = NULL;
		still = cd_export_chain_open(ctx, ui->store, job->name, path,
					     &missing);
		if (still == 0 || (still == 1 && !root))
			break;
		if (still == 1)
			snprintf(text, sizeof(text),
				 _("With that file the chain still stops at "
				   "the certificate issued by %s.\n\nChoose "
				   "another file?"),
				 missing);
		else
			snprintf(text, sizeof(text), "%s\n\n%s",
				 cd_ctx_message(ctx),
				 _("Choose another file?"));
		ret = ui_dialog_ask(_("Export"), text, 1);
		if (ret == 0 && still < 0) {
			free(path); /* it cannot be read: without it */
			path = NULL;
		}
	}
	free(missing);
	if (ret < 0) {
		free(path);
		return -1;
	}
	*issuers = path;
	return 0;
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/* MISSING: the issuer a chain written without its root lacks, or NULL. */
static void export_done(struct ui *ui, const struct cd_export_job *job, int ret,
			unsigned count, const char *missing)
{
	char *dir;

	if (ret < 0) {
		ui_dialog_message(_("Not exported"), UI_ERROR,
				  cd_ctx_message(&ui->ctx));
		ui_say(ui, UI_ERROR, "%s", cd_ctx_message(&ui->ctx));
		return;
	}
	dir = strndup(job->outfile,
		      (size_t)(base_name(job->outfile) - job->outfile));
	if (dir && strlen(dir) > 1)
		dir[strlen(dir) - 1] = '\0'; /* the last slash */
	if (missing)
		/* L10N: the name, how many certificates, the file written (its
		 * name, then its directory), the issuer missing. */
		ui_say(ui, UI_EXPIRING,
		       dngettext(CD_TEXTDOMAIN,
				 "no root: exported %s (%u certificate) to %s "
				 "in %s; the chain stops at the certificate "
				 "issued by %s",
				 "no root: exported %s (%u certificates) to %s "
				 "in %s; the chain stops at the certificate "
				 "issued by %s",
				 count),
		       job->name, count, base_name(job->outfile),
		       dir ? dir : "?", missing);
	else
		/* L10N: the name, how many certificates, the file written (its
		 * name, then its directory). */
		ui_say(ui, UI_GOOD,
		       dngettext(CD_TEXTDOMAIN,
				 "exported %s (%u certificate) to %s in %s",
				 "exported %s (%u certificates) to %s in %s",
				 count),
		       job->name, count, base_name(job->outfile),
		       dir ? dir : "?");
	free(dir);
}

int ui_act_export(struct ui *ui)
{
	const char *name = export_name(ui_current(ui));
	struct cd_export_job job;
	struct secrets s;
	char *path = NULL, *issuers = NULL, *missing = NULL;
	unsigned count = 0;
	int ret;

	if (ui->store == NULL || name == NULL) {
		ui_say(ui, UI_ERROR, "%s",
		       _("select the CA or an issued certificate to export"));
		return UI_REDRAW;
	}
	memset(&job, 0, sizeof(job));
	memset(&s, 0, sizeof(s));
	job.name = name;
	if (choose_form(&job.form) == 0 &&
	    ask_issuers(ui, &job, &issuers) == 0 &&
	    (path = ask_target(ui, name, job.form, &job.replace)) != NULL &&
	    ask_secrets(ui, &job, &s) == 0) {
		job.outfile = path;
		job.issuers = issuers;
		ret = cd_export_write(&ui->ctx, ui->store, &job, &count,
				      &missing);
		export_done(ui, &job, ret, count, missing);
	} else
		ui_say(ui, UI_NORMAL, "%s", _("not exported: nothing written"));
	secrets_wipe(&s);
	free(path);
	free(issuers);
	free(missing);
	return UI_REDRAW;
}

/* ---- import ----------------------------------------------------------- */

struct import_name {
	struct ui *ui;
	enum cd_import_what what;
	char why[CD_MESSAGE_MAX];
};

/* NAME's check: a usable name, free in the store (asked again if not). */
static const char *import_name_check(const char *value, void *arg)
{
	struct import_name *n = arg;
	struct cd_ctx scratch = n->ui->ctx;

	scratch.log = NULL;
	if (cd_import_name_check(&scratch, n->ui->store, value, n->what) == 0)
		return NULL;
	snprintf(n->why, sizeof(n->why), "%s", cd_ctx_message(&scratch));
	return n->why;
}

/* The file's base name without its extension, as the name offered. */
static void name_from_path(const char *path, char *out, size_t size)
{
	const char *base = strrchr(path, '/');
	char *dot;

	snprintf(out, size, "%s", base ? base + 1 : path);
	dot = strrchr(out, '.');
	if (dot && dot != out)
		*dot = '\0';
}

/* Record PATH as NAME, asking a PKCS #12 password (again when wrong). */
static int import_file(struct ui *ui, const char *path, int pkcs12,
		       const char *name, int *has_key)
{
	char password[SECRET_MAX] = "";
	int ret = CD_E_PASSWORD, i;

	for (i = 0; i < TRIES && ret == CD_E_PASSWORD; i++) {
		if (pkcs12 &&
		    ui_dialog_input(
			_("Import"),
			i ? _("That password is wrong. The PKCS #12 "
			      "file's password:")
			  : _("Enter the PKCS #12 file's password:"),
			NULL, 1, NULL, NULL, password, sizeof(password)) < 0) {
			ret = 1;
			break;
		}
		ret = cd_import_into_store(&ui->ctx, ui->store, path,
					   pkcs12 ? password : NULL, name,
					   has_key);
	}
	cd_wipe(password, sizeof(password));
	return ret;
}

static void import_done(struct ui *ui, int ret, const char *name, int has_key,
			int request)
{
	if (ret == 1) {
		ui_say(ui, UI_NORMAL, "%s", _("not imported: nothing written"));
		return;
	}
	if (ret < 0) {
		ui_dialog_message(_("Not imported"), UI_ERROR,
				  cd_ctx_message(&ui->ctx));
		ui_say(ui, UI_ERROR, "%s", cd_ctx_message(&ui->ctx));
		return;
	}
	ui_reload(ui);
	if (request) {
		ui_select(ui, UI_ON(UI_ITEM_REQUEST), name, NULL);
		ui_say(ui, UI_GOOD,
		       _("imported the request %s (reqs/%s.req): s signs it"),
		       name, name);
	} else if (has_key)
		ui_say(ui, UI_GOOD,
		       _("imported %s (issued/%s.crt, private/%s.key)"), name,
		       name, name);
	else
		ui_say(ui, UI_GOOD, _("imported %s (issued/%s.crt)"), name,
		       name);
}

int ui_act_import(struct ui *ui)
{
	enum cd_import_form form = CD_IMPORT_CERTIFICATES;
	char name[256] = "", *path = NULL;
	int has_key = 0, ret = 1;

	if (ui->store == NULL) {
		ui_say(ui, UI_ERROR, "%s", _("no CA here yet to import into"));
		return UI_REDRAW;
	}
	if (ui_file_choose(_("Import a PKCS #12, PKCS #7 or PEM file (or a "
			     "request to sign) into the store"),
			   NULL, &path) == 0) {
		struct import_name check = {ui, CD_IMPORT_WHAT_CERTS, ""};

		ret = cd_import_form_of(&ui->ctx, path, &form);
		/* A PKCS #12 file holds a key, as a rule. */
		check.what = form == CD_IMPORT_REQUEST	? CD_IMPORT_WHAT_REQUEST
			     : form == CD_IMPORT_PKCS12 ? CD_IMPORT_WHAT_KEYED
							: CD_IMPORT_WHAT_CERTS;
		name_from_path(path, name, sizeof(name));
		if (ret == 0 &&
		    ui_dialog_input(
			_("Import"),
			form == CD_IMPORT_REQUEST
			    ? _("Name in the store (reqs/NAME.req):")
			    : _("Name in the store "
				"(issued/NAME.crt):"),
			name, 0, import_name_check, &check, name,
			sizeof(name)) < 0)
			ret = 1;
		if (ret == 0 && form == CD_IMPORT_REQUEST)
			ret = cd_import_request_into_store(&ui->ctx, ui->store,
							   path, name);
		else if (ret == 0)
			ret = import_file(ui, path, form == CD_IMPORT_PKCS12,
					  name, &has_key);
	}
	import_done(ui, ret, name, has_key, form == CD_IMPORT_REQUEST);
	free(path);
	return UI_REDRAW;
}
