/* certdeck: renew the selected certificate, or the CA, from the main
 * screen (renewview.h). The backend does the work (src/renew.c). */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cakey.h"
#include "dialog.h"
#include "error.h"
#include "form.h"
#include "formview.h"
#include "i18n.h"
#include "key.h"
#include "renew.h"
#include "renewview.h"
#include "signwiz.h"
#include "uicurses.h"

/* The three ways, in the order offered. */
static const struct {
	enum cd_renew_kind kind;
	const char *item; /* N_() */
} kinds[] = {
    {CD_RENEW_SAME_KEY, N_("Renew: the same key, a new validity")},
    {CD_RENEW_NEW_KEY, /* kinds[1]: a revoked certificate's only way */
     N_("Re-key: a new key, the same subject and extensions")},
    {CD_RENEW_REISSUE,
     N_("Re-issue: edit subject and extensions, then sign (same key)")},
};

#define N_KINDS (sizeof(kinds) / sizeof(kinds[0]))

struct renew_run {
	struct ui *ui;
	char name[256]; /* "" for the CA */
	size_t kind;	/* index in kinds[] */
	struct cd_renew_draft *draft;
	struct cd_cert_params params; /* re-issue: the edited template */
	long days;
	int revoke_old;
	int revoked; /* the certificate is: only a re-key replaces it */
};

static const char *title_of(const struct renew_run *run)
{
	static char title[300];

	if (run->name[0] == '\0')
		snprintf(title, sizeof(title), "%s", _("Renew the CA"));
	else if (kinds[run->kind].kind == CD_RENEW_NEW_KEY)
		snprintf(title, sizeof(title), _("Re-key %s"), run->name);
	else if (kinds[run->kind].kind == CD_RENEW_REISSUE)
		snprintf(title, sizeof(title), _("Re-issue %s"), run->name);
	else
		snprintf(title, sizeof(title), _("Renew %s"), run->name);
	return title;
}

static const char *check_days(const char *value, void *arg)
{
	char *end;
	long days = strtol(value, &end, 10);

	(void)arg;
	if (*value == '\0' || *end != '\0' || days < 1 || days > 36500)
		return _("a number of days, from 1 to 36500");
	return NULL;
}

/* Renew and re-key: the new validity, the old one's length proposed. */
static int ask_days(struct renew_run *run)
{
	char initial[32], value[32];

	snprintf(initial, sizeof(initial), "%ld",
		 cd_renew_draft_days(run->draft));
	if (ui_dialog_input(
		title_of(run), _("The certificate will expire in (days): "),
		initial, 0, check_days, NULL, value, sizeof(value)) < 0)
		return 0;
	run->days = strtol(value, NULL, 10);
	return 1;
}

/* Re-issue: certtool's questions, prefilled from the old certificate
 * (but the serial, a fresh one of the store). */
static int reissue_form(struct renew_run *run)
{
	struct ui *ui = run->ui;
	const struct cd_prompt *all;
	struct cd_prompt *prompts;
	char *dir = cd_store_path(ui->store, "templates");
	struct ui_form_view v;
	struct form f;
	size_t n, m = 0, i;
	int ret;

	all = cd_prompt_table(CD_DIALOG_SELFSIGN, &n);
	prompts = calloc(n, sizeof(*prompts));
	if (prompts == NULL || dir == NULL) {
		free(prompts);
		free(dir);
		return cd_error(&ui->ctx, CD_E_NOMEM, _("out of memory"));
	}
	for (i = 0; i < n; i++)
		if (strcmp(all[i].keyword, "serial") != 0)
			prompts[m++] = all[i];
	ret = cd_renew_draft_params(&ui->ctx, run->draft, &run->params);
	if (ret == 0 &&
	    (ret = form_init(&f, prompts, m,
			     cd_renew_draft_is_rsa(run->draft))) == 0) {
		ret = form_from_params(&f, &run->params);
		memset(&v, 0, sizeof(v));
		v.title = title_of(run);
		v.intro = _("The old certificate's answers, to edit; the key "
			    "stays and the serial is a new one:");
		v.form = &f;
		v.ctx = &ui->ctx;
		v.params = &run->params;
		v.template_dir = dir;
		v.store_dir = ui->store->dir;
		if (ret == 0)
			ret = ui_form_run(&v) == UI_FORM_DONE ? 1 : 0;
		form_free(&f);
	}
	free(prompts);
	free(dir);
	return ret;
}

/* The review page's text: the certificate as it will be and its lint
 * findings; for a re-issue, the same with certtool and the template too
 * (a renewal or a re-key has no certtool equivalent). */
static int review_text(struct renew_run *run, char **text)
{
	struct ui *ui = run->ui;
	struct cd_renew_params p;
	struct cd_lint_report report;
	char *cert = NULL, *tmpl = NULL, *command = NULL, *cfg = NULL;
	int reissue = kinds[run->kind].kind == CD_RENEW_REISSUE;
	int ret;

	memset(&p, 0, sizeof(p));
	p.kind = kinds[run->kind].kind;
	p.days = reissue ? 0 : run->days;
	p.params = reissue ? &run->params : NULL;
	cd_lint_report_init(&report);
	*text = NULL;
	ret = cd_renew_draft_preview(&ui->ctx, ui->store, run->draft, &p, &cert,
				     &report);
	if (ret == 0 && !reissue &&
	    (*text = ui_sign_review_text(cert, &report, NULL, NULL, NULL)) ==
		NULL)
		ret = cd_error(&ui->ctx, CD_E_NOMEM, _("out of memory"));
	if (ret == 0 && reissue)
		ret = cd_renew_draft_template(&ui->ctx, &p, &tmpl);
	/* a command line: not translated */
	if (ret == 0 && reissue &&
	    (asprintf(&command,
		      "  certtool --pubkey-info --load-certificate "
		      "issued/%s.crt --outfile %s.pub\n"
		      "  certtool --generate-certificate --load-pubkey "
		      "%s.pub \\\n    --load-ca-certificate ca.crt "
		      "--load-ca-privkey private/ca.key \\\n    --template "
		      "%s.cfg --outfile issued/%s.crt\n",
		      run->name, run->name, run->name, run->name,
		      run->name) < 0 ||
	     asprintf(&cfg, "%s.cfg", run->name) < 0 ||
	     (*text = ui_sign_review_text(cert, &report, command, cfg, tmpl)) ==
		 NULL))
		ret = cd_error(&ui->ctx, CD_E_NOMEM, _("out of memory"));
	cd_lint_report_free(&report);
	free(command);
	free(cfg);
	free(cert);
	free(tmpl);
	return ret;
}

/* The sign wizard's last page, then "Is the above information ok?": 1
 * sign, 0 backed out, -1 an error. Lint refuses an error-level finding
 * when signing, as the sign wizard does; warnings are seen here. */
static int review(struct renew_run *run)
{
	char *text = NULL;
	int ret = review_text(run, &text);

	if (ret == 0)
		ret = ui_dialog_review(title_of(run), text,
				       _("Is the above information ok? ")) > 0;
	free(text);
	return ret;
}

/* Key generation on a thread (ui_dialog_progress): nothing is written
 * until it is done, so Esc abandons it cleanly. The job holds the draft
 * meanwhile: when abandoned, the thread frees it. */
struct keygen {
	struct ui_job job; /* first: the dialog hands this back */
	struct cd_ctx ctx;
	struct cd_renew_draft *draft;
};

static int keygen_work(struct ui_job *job)
{
	struct keygen *k = (struct keygen *)job;

	return cd_renew_draft_generate_key(&k->ctx, k->draft);
}

static void keygen_discard(struct ui_job *job)
{
	struct keygen *k = (struct keygen *)job;

	cd_renew_draft_free(k->draft);
	free(k);
}

static int generate_key(struct renew_run *run)
{
	struct keygen *k = calloc(1, sizeof(*k));
	int ret;

	if (k == NULL)
		return cd_error(&run->ui->ctx, CD_E_NOMEM, _("out of memory"));
	k->job.work = keygen_work;
	k->job.discard = keygen_discard;
	k->ctx = run->ui->ctx;
	k->ctx.log = NULL;
	k->draft = run->draft;
	run->draft = NULL;
	erase();
	if (ui_dialog_progress(title_of(run), _("Generating the key..."),
			       &k->job) < 0)
		return 0; /* the thread frees the job and the draft */
	run->draft = k->draft;
	ret = k->job.result < 0 ? cd_error(&run->ui->ctx, k->job.result, "%s",
					   cd_ctx_message(&k->ctx))
				: 1;
	free(k);
	return ret;
}

/* The choices before anything is written: 1 go on, 0 backed out, -1 an
 * error (in the context). */
static int ask(struct renew_run *run)
{
	const char *items[N_KINDS];
	char question[512];
	size_t i;
	int ret;

	for (i = 0; i < N_KINDS; i++)
		items[i] = _(kinds[i].item);
	if (run->revoked)
		run->kind = 1; /* Re-key: the old key is not to be trusted */
	else if (run->name[0] != '\0') {
		ret = ui_dialog_choose(title_of(run),
				       _("A new certificate under the same "
					 "name, with a new serial:"),
				       items, N_KINDS, 0);
		if (ret < 0)
			return 0;
		run->kind = (size_t)ret;
	}
	if (kinds[run->kind].kind == CD_RENEW_REISSUE)
		ret = reissue_form(run);
	else
		ret = ask_days(run);
	if (ret <= 0)
		return ret;
	if (run->name[0] == '\0')
		return review(run);
	if (run->revoked) /* revoked already: nothing to ask */
		ret = 0;
	else {
	snprintf(question, sizeof(question),
		 _("Revoke the old certificate %s (serial %s) as superseded, "
		   "in the same change?"),
		 run->name, cd_renew_draft_serial(run->draft));
	ret = ui_dialog_ask(title_of(run), question, 0);
	if (ret < 0)
		return 0;
	}
	run->revoke_old = ret;
	if (kinds[run->kind].kind == CD_RENEW_NEW_KEY &&
	    (ret = generate_key(run)) <= 0)
		return ret;
	return review(run);
}

/* The CA key's password (or its token's PIN), then the renewal. */
static int renew_now(struct renew_run *run, struct cd_renew_result *res)
{
	struct ui *ui = run->ui;
	struct cd_renew_params p;
	char secret[256] = "";
	int ret;

	if (ui_ask_ca_key_secret(ui, title_of(run), secret, sizeof(secret)) < 0)
		return 0;
	memset(&p, 0, sizeof(p));
	p.kind = kinds[run->kind].kind;
	p.days = p.kind == CD_RENEW_REISSUE ? 0 : run->days;
	p.revoke_old = run->revoke_old;
	p.params = &run->params;
	ret = cd_renew_draft_commit(&ui->ctx, ui->store, run->draft, &p,
				    secret[0] ? secret : NULL, res);
	cd_wipe(secret, sizeof(secret));
	return ret < 0 ? -1 : 1;
}

/* The selection must be the certificate NAME holds now, not an older
 * one of the same name. */
static int check_current(struct renew_run *run, const struct ui_item *item)
{
	const char *serial = cd_renew_draft_serial(run->draft);

	if (item->kind == UI_ITEM_CA || item->serial[0] == '\0' ||
	    strcmp(serial, item->serial) == 0)
		return 0;
	return cd_error(&run->ui->ctx, CD_E_INVALID,
			_("serial %s is an older certificate of %s: "
			  "issued/%s.crt is serial %s, the one to renew"),
			item->serial, run->name, run->name, serial);
}

/* What the selection names: 1 a certificate or the CA, 0 nothing, -1 an
 * older certificate (said on the message line). */
static int target_of(struct ui *ui, struct renew_run *run)
{
	const struct ui_item *item = ui_current(ui);

	if (ui->store == NULL || item == NULL)
		return 0;
	if (item->kind == UI_ITEM_CA)
		return 1;
	if (item->kind != UI_ITEM_ISSUED && item->kind != UI_ITEM_REVOKED)
		return 0;
	if (item->name == NULL) {
		ui_say(ui, UI_ERROR,
		       _("serial %s is no certificate's current one (no "
			 "issued/NAME.crt holds it): select the one its name "
			 "holds now"),
		       item->serial);
		return -1;
	}
	snprintf(run->name, sizeof(run->name), "%s", item->name);
	run->revoked = item->status == 'R';
	return 1;
}

/* The message line after it: what was done, the old and new serials. */
static void say_done(struct renew_run *run, const struct cd_renew_result *res)
{
	const char *name = run->name[0] ? run->name : "ca";

	switch (kinds[run->kind].kind) {
	case CD_RENEW_SAME_KEY:
		ui_say(run->ui, UI_GOOD,
		       _("renewed %s: new serial %s (was %s)"), name,
		       res->new_serial, res->old_serial);
		break;
	case CD_RENEW_NEW_KEY:
		ui_say(run->ui, UI_GOOD,
		       _("re-keyed %s: new serial %s (was %s)"), name,
		       res->new_serial, res->old_serial);
		break;
	case CD_RENEW_REISSUE:
		ui_say(run->ui, UI_GOOD,
		       _("re-issued %s: new serial %s (was %s)"), name,
		       res->new_serial, res->old_serial);
		break;
	}
}

static void report(struct renew_run *run, int ret,
		   const struct cd_renew_result *res)
{
	struct ui *ui = run->ui;

	if (ret < 0) {
		ui_dialog_message(title_of(run), UI_ERROR,
				  cd_ctx_message(&ui->ctx));
		ui_say(ui, UI_ERROR, "%s", cd_ctx_message(&ui->ctx));
	} else if (ret == 0) {
		ui_say(ui, UI_NORMAL, "%s", _("not renewed: nothing written"));
	} else {
		ui_reload(ui);
		say_done(run, res);
	}
}

int ui_act_renew(struct ui *ui)
{
	struct renew_run run;
	struct cd_renew_result res;
	int ret;

	memset(&run, 0, sizeof(run));
	memset(&res, 0, sizeof(res));
	run.ui = ui;
	ret = target_of(ui, &run);
	if (ret == 0)
		ui_say(ui, UI_ERROR, "%s",
		       _("select an issued certificate, or the CA, to renew "
			 "it"));
	if (ret <= 0)
		return UI_REDRAW;
	cd_profile_init(&run.params);
	ret = cd_renew_draft_open(&ui->ctx, ui->store,
				  run.name[0] ? run.name : NULL, &run.draft);
	if (ret == 0)
		ret = check_current(&run, ui_current(ui));
	ret = ret < 0 ? -1 : ask(&run);
	if (ret > 0)
		ret = renew_now(&run, &res);
	report(&run, ret, &res);
	cd_renew_draft_free(run.draft);
	cd_profile_free(&run.params);
	return UI_REDRAW;
}
