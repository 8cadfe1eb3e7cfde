/* certdeck: the new CA wizard. Key type and password, certtool's
 * --generate-self-signed prompts, then the certificate as it will be
 * (with lint findings, the certtool commands and the template) and
 * "Is the above information ok?". Nothing is written before that yes. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dialog.h"
#include "error.h"
#include "formview.h"
#include "i18n.h"
#include "wizard.h"

struct ca_wizard {
	struct ui *ui;
	const struct cd_key_choice *choice;
	struct cd_draft_key *key;
	char password[256];
	struct form form;
	struct cd_cert_params params;
	char *template_dir;
};

/* What a CA is asked with certdeck's defaults rather than certtool's:
 * a CA, signing CRLs (certtool's trap), ten years. */
static void ca_presets(struct form *f)
{
	form_toggle(f, form_find(f, "ca"), 1);
	form_toggle(f, form_find(f, "crl_signing_key"), 1);
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

/* The last page: the certificate, the findings, the commands, the
 * template. */
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

/* The key page and the key: 0, or -1 when backed out of. */
static int key_page(struct ca_wizard *w)
{
	int choice = ui_wizard_key_choice(_("New CA: its key"));

	if (choice < 0)
		return -1;
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

	if (cd_draft_ca_build(&ui->ctx, w->key, &w->params,
			      w->password[0] != '\0', &d) < 0) {
		ui_dialog_message(_("New CA"), UI_ERROR,
				  cd_ctx_message(&ui->ctx));
		return 0;
	}
	text = review_text(&d);
	answer =
	    text ? ui_dialog_review(_("New CA: the certificate as it "
				      "will be"),
				    text, _("Is the above information ok? "))
		 : -1;
	free(text);
	if (answer == 1 && cd_lint_count_at_least(&d.lint, CD_LINT_ERROR)) {
		ui_dialog_message(_("New CA"), UI_ERROR,
				  _("lint finds an error in this certificate: "
				    "change the answers first"));
		answer = 0;
	}
	if (answer == 1 &&
	    cd_draft_ca_commit(&ui->ctx, &d, w->key, ui->store_dir, w->password,
			       &ui->store) < 0) {
		ui_dialog_message(_("New CA"), UI_ERROR,
				  cd_ctx_message(&ui->ctx));
		answer = 0;
	}
	cd_draft_ca_free(&d);
	return answer == 1 ? 1 : 0;
}

static int form_pages(struct ca_wizard *w)
{
	struct ui_form_view v;
	size_t n;
	const struct cd_prompt *p = cd_prompt_table(CD_DIALOG_SELFSIGN, &n);

	if (form_init(&w->form, p, n, w->choice->rsa) < 0)
		return -1;
	ca_presets(&w->form);
	memset(&v, 0, sizeof(v));
	v.title = _("New CA: certtool --generate-self-signed");
	v.intro = _("Please enter the details of the certificate's "
		    "distinguished name. Just press enter to ignore a field.");
	v.form = &w->form;
	v.ctx = &w->ui->ctx;
	v.params = &w->params;
	v.template_dir = w->template_dir;
	for (;;) {
		if (ui_form_run(&v) != UI_FORM_DONE)
			return -1;
		if (last_page(w) == 1)
			return 0;
		v.note[0] = '\0';
	}
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
	if (key_page(&w) == 0 && form_pages(&w) == 0) {
		ui_say(ui, UI_GOOD, _("the CA is created in %s"),
		       ui->store_dir);
		reaction = UI_RELOAD;
	} else if (w.key)
		ui_say(ui, UI_NORMAL, "%s",
		       _("no CA created: nothing was written"));
	form_free(&w.form);
	cd_profile_free(&w.params);
	cd_draft_key_free(w.key);
	memset(w.password, 0, sizeof(w.password));
	free(w.template_dir);
	return reaction;
}

int ui_act_new_ca(struct ui *ui)
{
	if (ui->store != NULL) {
		ui_say(ui, UI_ERROR, "%s",
		       _("this store has its CA already (one CA per store)"));
		return UI_REDRAW;
	}
	return ui_wizard_ca(ui);
}
