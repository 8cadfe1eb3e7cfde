/* certdeck: signing a request of the store from the TUI (signwiz.h). */
#include <config.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cakey.h"
#include "dialog.h"
#include "error.h"
#include "form.h"
#include "formview.h"
#include "i18n.h"
#include "key.h"
#include "signview.h"
#include "signwiz.h"
#include "uicurses.h"

#define KEY_ESC 27

/* ---- signing ---------------------------------------------------------- */

struct sign_run {
	struct ui *ui;
	char name[256];
	struct cd_cert_params profile;
	char profile_name[64];
	struct cd_signplan plan;
	struct cd_lint_report report;
};

static const char *check_profile(const char *value, void *arg)
{
	struct sign_run *run = arg;
	struct cd_cert_params p;
	static char why[300];
	int ret;

	cd_profile_init(&p);
	ret = cd_store_load_profile(&run->ui->ctx, run->ui->store, value, &p);
	cd_profile_free(&p);
	if (ret == 0)
		return NULL;
	snprintf(why, sizeof(why), "%s", cd_ctx_message(&run->ui->ctx));
	return why;
}

/* Append to *TEXT (free()d and replaced); on failure *TEXT stays. */
static void text_add(char **text, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void text_add(char **text, const char *fmt, ...)
{
	char *more = NULL, *both = NULL;
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = vasprintf(&more, fmt, ap);
	va_end(ap);
	if (ret < 0)
		return;
	if (asprintf(&both, "%s%s", *text ? *text : "", more) >= 0) {
		free(*text);
		*text = both;
	}
	free(more);
}

static void add_findings(char **text, const struct cd_lint_report *report)
{
	size_t i;

	text_add(text, "\n%s\n", _("Lint findings:"));
	if (report->n == 0)
		text_add(text, "  %s\n", _("none"));
	for (i = 0; i < report->n; i++)
		text_add(text, "  %s: %s: %s\n",
			 cd_lint_level_word(report->findings[i].level),
			 report->findings[i].id, report->findings[i].message);
}

char *ui_sign_review_text(const char *cert, const struct cd_lint_report *report,
			  const char *command, const char *template_name,
			  const char *tmpl)
{
	char *text = NULL;

	text_add(&text, "%s\n", cert);
	add_findings(&text, report);
	if (command == NULL)
		return text;
	text_add(&text, "\n%s\n", _("The same with certtool:"));
	text_add(&text, "%s", command);
	text_add(&text, "\n%s %s:\n%s", _("Template"), template_name, tmpl);
	return text;
}

/* The certificate as it will be, the findings, the certtool command line
 * and template. NULL on failure (the message is in the context). */
static char *last_page_text(struct sign_run *run)
{
	char *cert = NULL, *tmpl = NULL, *command = NULL, *cfg = NULL;
	char *text = NULL;
	struct cd_ctx *ctx = &run->ui->ctx;

	cd_lint_report_free(&run->report);
	cd_lint_report_init(&run->report);
	if (cd_signplan_preview(ctx, &run->plan, &cert, &run->report) < 0 ||
	    cd_signplan_template(ctx, &run->plan, &tmpl) < 0) {
		free(cert);
		return NULL;
	}
	/* a command line: not translated */
	if (asprintf(&command,
		     "  certtool --generate-certificate --load-request "
		     "reqs/%s.req \\\n    --load-ca-certificate ca.crt "
		     "--load-ca-privkey private/ca.key \\\n    --template "
		     "%s.cfg --outfile issued/%s.crt\n",
		     run->name, run->name, run->name) >= 0 &&
	    asprintf(&cfg, "%s.cfg", run->name) >= 0)
		text =
		    ui_sign_review_text(cert, &run->report, command, cfg, tmpl);
	if (text == NULL)
		cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	free(command);
	free(cfg);
	free(cert);
	free(tmpl);
	return text;
}

static int sign_now(struct sign_run *run)
{
	struct ui *ui = run->ui;
	char password[256] = "", serial[CD_SERIAL_HEX_MAX] = "";
	int ret;

	if (ui_ask_ca_key_secret(ui, _("Sign"), password, sizeof(password)) <
	    0) {
		ui_say(ui, UI_NORMAL, "%s", _("not signed: nothing written"));
		return UI_REDRAW;
	}
	cd_lint_report_free(&run->report);
	cd_lint_report_init(&run->report);
	ret = cd_signplan_sign(&ui->ctx, &run->plan, ui->store,
			       password[0] ? password : NULL, &run->report,
			       serial);
	cd_wipe(password, sizeof(password));
	if (ret < 0) {
		ui_dialog_message(_("Not signed"), UI_ERROR,
				  cd_ctx_message(&ui->ctx));
		ui_say(ui, UI_ERROR, "%s", cd_ctx_message(&ui->ctx));
		return UI_REDRAW;
	}
	ui_reload(ui);
	ui_select(ui, ~0u, NULL, serial);
	/* L10N: the name (three times: the request's, the serial, the file's
	 * name); keep the file name. */
	ui_say(ui, UI_GOOD, _("signed %s: serial %s (issued/%s.crt)"),
	       run->name, serial, run->name);
	return UI_REDRAW;
}

/* Warn when the certificate would outlive the CA, as certtool does. */
static void warn_outlives(struct sign_run *run)
{
	char text[512], date[64];
	time_t ca_end;
	struct tm tm;
	long days =
	    cd_signplan_days_past_ca(&run->ui->ctx, &run->plan, &ca_end);

	if (days <= 0)
		return;
	gmtime_r(&ca_end, &tm);
	strftime(date, sizeof(date), "%Y-%m-%d", &tm);
	snprintf(text, sizeof(text),
		 _("The certificate would outlive the CA by %ld day(s): the "
		   "CA's certificate expires on %s, and nothing it signed "
		   "verifies after that. Lint warns about it on the last "
		   "page."),
		 days, date);
	ui_dialog_message(_("Warning"), UI_EXPIRING, text);
}

/* The serial a form gave is used in the store: said beside it, which
 * the form shows again with the focus there. */
static void serial_refused(struct ui_form_view *v, const char *why)
{
	struct form *f = v->form;
	int i = form_find(f, "serial");

	snprintf(v->note, sizeof(v->note), "%s", why);
	v->note_role = UI_ERROR;
	if (i < 0)
		return;
	free(f->fields[i].error);
	f->fields[i].error = strdup(why);
	f->fields[i].error_value = 0;
	f->focus = (size_t)i;
	f->value = 0;
	f->cursor = strlen(f->fields[i].values[0]);
}

/* certtool --generate-certificate's questions, from the profile. */
static int sign_form(struct sign_run *run, const char *title)
{
	struct ui *ui = run->ui;
	const struct cd_prompt *prompts;
	struct cd_cert_params edited;
	struct ui_form_view v;
	struct form f;
	char *dir = cd_store_path(ui->store, "templates");
	size_t n;
	int ret;

	prompts = cd_prompt_table(CD_DIALOG_CERTIFICATE, &n);
	cd_profile_init(&edited);
	ret = form_init(&f, prompts, n, cd_signplan_request_is_rsa(&run->plan));
	if (ret == 0)
		ret = form_from_params(&f, &run->profile);
	if (ret == 0)
		ret = cd_store_load_profile(&ui->ctx, ui->store,
					    run->profile_name, &edited);
	if (ret < 0) {
		ret = -1;
		goto out;
	}
	memset(&v, 0, sizeof(v));
	v.title = title;
	v.intro = _("The subject and its key come from the request; "
		    "certtool --generate-certificate asks:");
	v.form = &f;
	v.ctx = &ui->ctx;
	v.params = &edited;
	v.template_dir = dir;
	v.store_dir = ui->store->dir;
	while ((ret = ui_form_run(&v) == UI_FORM_DONE ? 1 : 0) == 1 &&
	       edited.serial &&
	       cd_store_serial_check(&ui->ctx, ui->store, edited.serial) < 0)
		serial_refused(&v, cd_ctx_message(&ui->ctx));
	if (ret == 1 &&
	    cd_signplan_set_edited(&ui->ctx, &run->plan, &edited) < 0)
		ret = -1;
	if (ret == 1)
		warn_outlives(run);
out:
	form_free(&f);
	cd_profile_free(&edited);
	free(dir);
	return ret;
}

static int sign_steps(struct sign_run *run)
{
	struct ui *ui = run->ui;
	char title[300], *text;
	int ok;

	/* Short enough for one line of the dialog in 80 columns. */
	if (ui_dialog_input(_("Sign a request"),
			    _("The profile to sign with (server, client, ca "
			      "or a template):"),
			    "server", 0, check_profile, run, run->profile_name,
			    sizeof(run->profile_name)) < 0)
		return 0;
	if (cd_store_load_profile(&ui->ctx, ui->store, run->profile_name,
				  &run->profile) < 0 ||
	    cd_signplan_load(&ui->ctx, &run->plan, ui->store, run->name,
			     &run->profile, &run->profile) < 0)
		return -1;
	snprintf(title, sizeof(title), _("Sign reqs/%s.req with profile %s"),
		 run->name, run->profile_name);
	ok = sign_form(run, title);
	if (ok <= 0)
		return ok;
	if (!ui_signview(&ui->ctx, &run->plan, title))
		return 0;
	text = last_page_text(run);
	if (text == NULL)
		return -1;
	ok = ui_dialog_review(title, text, _("Is the above information ok? "));
	free(text);
	return ok > 0 ? 1 : 0;
}

int ui_act_sign(struct ui *ui)
{
	const struct ui_item *it = ui_current(ui);
	struct sign_run run;
	char issued[300];
	int ret, reaction = UI_REDRAW;

	if (ui->store == NULL || it == NULL || it->kind != UI_ITEM_REQUEST ||
	    it->name == NULL) {
		ui_say(ui, UI_ERROR, "%s",
		       _("select a request (under Requests) to sign it"));
		return UI_REDRAW;
	}
	memset(&run, 0, sizeof(run));
	run.ui = ui;
	snprintf(run.name, sizeof(run.name), "%s", it->name);
	/* Said before any question, not after them all. */
	if (cd_store_request_signable(&ui->ctx, it->name) < 0) {
		ui_say(ui, UI_ERROR, "%s", cd_ctx_message(&ui->ctx));
		return UI_REDRAW;
	}
	snprintf(issued, sizeof(issued), "issued/%s.crt", it->name);
	if (cd_store_has(ui->store, issued)) {
		ui_say(ui, UI_ERROR,
		       _("%s is signed already (%s): n renews or re-issues "
			 "it"),
		       it->name, issued);
		return UI_REDRAW;
	}
	cd_profile_init(&run.profile);
	cd_lint_report_init(&run.report);
	ret = sign_steps(&run);
	if (ret < 0) {
		ui_dialog_message(_("Sign a request"), UI_ERROR,
				  cd_ctx_message(&ui->ctx));
		ui_say(ui, UI_ERROR, "%s", cd_ctx_message(&ui->ctx));
	} else if (ret == 0) {
		ui_say(ui, UI_NORMAL, "%s", _("not signed: nothing written"));
	} else {
		reaction = sign_now(&run);
	}
	cd_signplan_free(&run.plan);
	cd_lint_report_free(&run.report);
	cd_profile_free(&run.profile);
	return reaction;
}
