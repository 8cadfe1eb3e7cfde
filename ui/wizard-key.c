/* certdeck: the new key wizard, and what the wizards share: the key
 * type, its password, and generating it without freezing the screen. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dialog.h"
#include "error.h"
#include "file.h"
#include "i18n.h"
#include "key.h"
#include "uicurses.h"
#include "wizard.h"

int ui_wizard_key_choice(const char *title)
{
	const char *items[16];
	size_t n;

	erase();
	for (n = 0; cd_key_choices[n].label && n < 16; n++)
		items[n] = _(cd_key_choices[n].label);
	return ui_dialog_choose(title, _("Key type and size:"), items, n,
				CD_KEY_CHOICE_DEFAULT);
}

struct same_arg {
	const char *first;
};

static const char *check_same(const char *value, void *arg)
{
	const struct same_arg *a = arg;

	return strcmp(value, a->first) == 0 ? NULL : _("the passwords differ");
}

int ui_wizard_password(const char *title, const char *label, char *out,
		       size_t size)
{
	struct same_arg a = {out};
	char again[256];
	int ret;

	erase();
	if (ui_dialog_input(title, label, NULL, 1, NULL, NULL, out, size) < 0)
		return -1;
	if (*out == '\0')
		return 0;
	erase();
	ret = ui_dialog_input(title, _("Enter the password again:"), NULL, 1,
			      check_same, &a, again, sizeof(again));
	memset(again, 0, sizeof(again));
	if (ret < 0)
		memset(out, 0, size);
	return ret;
}

/* Key generation on a thread (ui_dialog_progress). */
struct keygen {
	struct ui_job job; /* first: the dialog hands this back */
	struct cd_ctx ctx; /* the thread's own */
	const struct cd_key_choice *choice;
	struct cd_draft_key *key;
};

static int keygen_work(struct ui_job *job)
{
	struct keygen *k = (struct keygen *)job;

	return cd_draft_key_generate(&k->ctx, k->choice, &k->key);
}

static void keygen_discard(struct ui_job *job)
{
	struct keygen *k = (struct keygen *)job;

	cd_draft_key_free(k->key);
	free(k);
}

struct cd_draft_key *ui_wizard_generate(struct ui *ui,
					const struct cd_key_choice *choice)
{
	struct keygen *k = calloc(1, sizeof(*k));
	struct cd_draft_key *key = NULL;

	if (k == NULL) {
		ui_say(ui, UI_ERROR, "%s", _("out of memory"));
		return NULL;
	}
	k->job.work = keygen_work;
	k->job.discard = keygen_discard;
	k->ctx = ui->ctx;
	k->ctx.log = NULL;
	k->choice = choice;
	erase();
	if (ui_dialog_progress(_("New key"), _("Generating the key..."),
			       &k->job) < 0) {
		ui_say(ui, UI_NORMAL, "%s", _("key generation abandoned"));
		return NULL; /* the thread frees it */
	}
	if (k->job.result < 0)
		ui_say(ui, UI_ERROR, "%s", cd_ctx_message(&k->ctx));
	else
		key = k->key;
	free(k);
	return key;
}

/* ---- the new key wizard --------------------------------------------- */

static const char *check_key_name(const char *value, void *arg)
{
	struct ui *ui = arg;

	if (cd_store_new_name_check(&ui->ctx, value) < 0)
		return cd_ctx_message(&ui->ctx);
	return cd_store_has_key(ui->store, value)
		   ? _("a key of that name is already in the store")
		   : NULL;
}

int ui_wizard_key(struct ui *ui)
{
	char name[256], password[256] = "";
	struct cd_draft_key *key = NULL;
	int choice, reaction = UI_REDRAW;

	if (ui_dialog_input(_("New key"),
			    _("Name of the key (private/NAME.key):"), NULL, 0,
			    check_key_name, ui, name, sizeof(name)) < 0)
		return UI_REDRAW;
	choice = ui_wizard_key_choice(_("New key"));
	if (choice < 0 ||
	    ui_wizard_password(_("New key"),
			       _("Password for the key (empty: none):"),
			       password, sizeof(password)) < 0)
		return UI_REDRAW;
	key = ui_wizard_generate(ui, &cd_key_choices[choice]);
	if (key == NULL)
		goto out;
	if (cd_draft_key_save(&ui->ctx, ui->store, name, key, password) < 0)
		ui_say(ui, UI_ERROR, "%s", cd_ctx_message(&ui->ctx));
	else {
		char what[256] = "";

		cd_draft_key_describe(&ui->ctx, key, what, sizeof(what));
		/* L10N: the key's file, then its type and public key id. */
		ui_say(ui, UI_GOOD, _("key written to private/%s.key (%s)"),
		       name, what);
		reaction = UI_RELOAD;
	}
out:
	cd_draft_key_free(key);
	cd_wipe(password, sizeof(password));
	return reaction;
}

int ui_act_new_key(struct ui *ui)
{
	if (ui->store == NULL) {
		ui_say(ui, UI_ERROR, "%s",
		       _("no store here yet: create its CA first (c)"));
		return UI_REDRAW;
	}
	return ui_wizard_key(ui);
}
