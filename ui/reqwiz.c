/* certdeck: the request wizard (r): certtool --generate-request from the
 * TUI. The name, the key (new, generated behind a spinner, or one of the
 * store's), certtool's questions, then the request as certtool
 * --crq-info prints it with the lint findings and the certtool commands
 * and template; "Is the above information ok?" writes reqs/NAME.req (and
 * private/NAME.key for a new key). */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dialog.h"
#include "error.h"
#include "file.h"
#include "form.h"
#include "formview.h"
#include "i18n.h"
#include "reqdraft.h"
#include "signwiz.h"
#include "wizard.h"
#include "uicurses.h"

struct req_run {
	struct ui *ui;
	char name[128];
	char key_text[128];
	char password[256];
	struct cd_cert_params params;
	struct cd_reqdraft draft;
	char why[CD_MESSAGE_MAX];
};

static const char *check_name(const char *value, void *arg)
{
	struct req_run *run = arg;
	char rel[300], *path;
	int taken;

	if (cd_store_new_name_check(&run->ui->ctx, value) < 0) {
		snprintf(run->why, sizeof(run->why), "%s",
			 cd_ctx_message(&run->ui->ctx));
		return run->why;
	}
	snprintf(rel, sizeof(rel), "reqs/%s.req", value);
	path = cd_store_path(run->ui->store, rel);
	taken = path == NULL || cd_file_exists(path);
	free(path);
	return taken ? _("a request of that name exists already") : NULL;
}

static int store_key(struct req_run *run);

static const char *check_key(const char *value, void *arg)
{
	struct req_run *run = arg;

	if (cd_reqdraft_store_key_check(&run->ui->ctx, run->ui->store, value) ==
	    0)
		return NULL;
	snprintf(run->why, sizeof(run->why), "%s",
		 cd_ctx_message(&run->ui->ctx));
	return run->why;
}

/* The key: one of the wizards' new keys (generated behind a spinner), or
 * the store's. 1: a key is in the draft; 0: backed out; -1: failed. */
static int choose_key(struct req_run *run)
{
	const char *items[20];
	struct cd_draft_key *key;
	size_t n;
	int i;

	for (n = 0; cd_key_choices[n].label && n < 18; n++)
		items[n] = _(cd_key_choices[n].label);
	items[n] = _("A key of the store (private/NAME.key)");
	for (;;) {
		i = ui_dialog_choose(_("New request"), _("The request's key:"),
				     items, n + 1, CD_KEY_CHOICE_DEFAULT);
		if (i < 0)
			return 0;
		/* A new key would be written where one is: said now. */
		if ((size_t)i == n ||
		    !cd_store_has_key(run->ui->store, run->name))
			break;
		ui_dialog_message(
		    _("New request"), UI_ERROR,
		    _("the store has a key of this name already: choose \"A "
		      "key of the store\" to make the request for it, or "
		      "back out and choose another name"));
	}
	if ((size_t)i == n) {
		if (ui_dialog_input(_("New request"),
				    _("The name of the store's key "
				      "(private/NAME.key):"),
				    NULL, 0, check_key, run, run->key_text,
				    sizeof(run->key_text)) < 0)
			return 0;
		return store_key(run);
	}
	key = ui_wizard_generate(run->ui, &cd_key_choices[i]);
	if (key == NULL)
		return 0; /* abandoned, or said on the message line */
	cd_reqdraft_take_key(&run->ui->ctx, &run->draft, key);
	return 1;
}

/* The store's key, asking its password when it has one. */
static int store_key(struct req_run *run)
{
	struct ui *ui = run->ui;
	int ret = cd_reqdraft_store_key(&ui->ctx, &run->draft, ui->store,
					run->key_text, NULL);
	int tried = 0;

	while (ret == CD_E_PASSWORD) {
		if (ui_dialog_input(_("New request"),
				    tried ? _("Wrong password. Enter the "
					      "password of the key again:")
					  : _("Enter the password of the key:"),
				    NULL, 1, NULL, NULL, run->password,
				    sizeof(run->password)) < 0)
			return 0;
		tried = 1;
		ret = cd_reqdraft_store_key(&ui->ctx, &run->draft, ui->store,
					    run->key_text, run->password);
		memset(run->password, 0, sizeof(run->password));
	}
	return ret < 0 ? -1 : 1;
}

/* certtool --generate-request's questions. */
static int req_form(struct req_run *run, const char *title)
{
	const struct cd_prompt *prompts;
	struct ui_form_view v;
	struct form f;
	char *dir = cd_store_path(run->ui->store, "templates");
	size_t n;
	int ret;

	prompts = cd_prompt_table(CD_DIALOG_REQUEST, &n);
	ret = form_init(&f, prompts, n, cd_reqdraft_key_is_rsa(&run->draft));
	if (ret < 0) {
		free(dir);
		return -1;
	}
	memset(&v, 0, sizeof(v));
	v.title = title;
	v.intro = _("Just press enter to ignore a field.");
	v.form = &f;
	v.ctx = &run->ui->ctx;
	v.params = &run->params;
	v.template_dir = dir;
	v.store_dir = run->ui->store ? run->ui->store->dir : NULL;
	ret = ui_form_run(&v) == UI_FORM_DONE ? 1 : 0;
	form_free(&f);
	free(dir);
	return ret;
}

/* The request, the findings, the commands and the template: the sign
 * wizard's last page (ui_sign_review_text), the key named first. */
static char *last_page_text(struct req_run *run)
{
	const struct cd_reqdraft *d = &run->draft;
	char *head = NULL, *cfg = NULL, *text = NULL;
	int ok = asprintf(&head, "%s: %s\n\n%s", _("Key"), d->key_label,
			  d->text) >= 0;

	/* on failure, asprintf leaves its pointer undefined */
	if (!ok)
		head = NULL;
	if (ok && asprintf(&cfg, "%s.cfg", run->name) < 0)
		cfg = NULL;
	if (cfg)
		text = ui_sign_review_text(head, &d->lint, d->commands, cfg,
					   d->template_text);
	free(head);
	free(cfg);
	return text;
}

/* 1: written; 0: backed out; -1: failed (message in the context). */
static int req_steps(struct req_run *run)
{
	struct ui *ui = run->ui;
	char title[300], *text;
	int ret;

	if (ui_dialog_input(_("New request"),
			    _("The request's name (reqs/NAME.req):"), NULL, 0,
			    check_name, run, run->name, sizeof(run->name)) < 0)
		return 0;
	ret = choose_key(run);
	if (ret <= 0)
		return ret;
	snprintf(title, sizeof(title), _("New request reqs/%s.req (%s key)"),
		 run->name, run->draft.key_label);
	ret = req_form(run, title);
	if (ret <= 0)
		return ret;
	if (cd_reqdraft_build(&ui->ctx, &run->draft, &run->params, run->name) <
	    0)
		return -1;
	text = last_page_text(run);
	if (text == NULL)
		return -1;
	ret = ui_dialog_review(title, text, _("Is the above information ok? "));
	free(text);
	if (ret <= 0)
		return 0;
	if (cd_reqdraft_commit(&ui->ctx, &run->draft, ui->store, run->name) < 0)
		return -1;
	return 1;
}

int ui_act_request(struct ui *ui)
{
	struct req_run *run;
	int ret;

	if (ui->store == NULL) {
		ui_say(ui, UI_ERROR, "%s", _("the store has no CA yet"));
		return UI_REDRAW;
	}
	run = calloc(1, sizeof(*run));
	if (run == NULL)
		return UI_REDRAW;
	run->ui = ui;
	cd_profile_init(&run->params);
	cd_reqdraft_init(&run->draft);
	ret = req_steps(run);
	if (ret < 0) {
		ui_dialog_message(_("New request"), UI_ERROR,
				  cd_ctx_message(&ui->ctx));
		ui_say(ui, UI_ERROR, "%s", cd_ctx_message(&ui->ctx));
	} else if (ret == 0) {
		ui_say(ui, UI_NORMAL, "%s",
		       _("no request made: nothing written"));
	} else {
		ui_reload(ui);
		ui_select(ui, UI_ON(UI_ITEM_REQUEST), run->name, NULL);
		if (run->draft.new_key)
			ui_say(ui, UI_GOOD,
			       _("new request reqs/%s.req and key "
				 "private/%s.key"),
			       run->name, run->name);
		else
			ui_say(ui, UI_GOOD, _("new request reqs/%s.req"),
			       run->name);
	}
	cd_reqdraft_free(&run->draft);
	cd_profile_free(&run->params);
	memset(run, 0, sizeof(*run));
	free(run);
	return UI_REDRAW;
}
