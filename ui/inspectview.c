/* certdeck: inspect an item of the store or any file, in the viewer. The
 * text is the backend's (cd_inspect_file: what certtool prints). */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dialog.h"
#include "error.h"
#include "filechooser.h"
#include "i18n.h"
#include "key.h"
#include "inspect.h"
#include "inspectview.h"
#include "viewer.h"

/* Ask the password of PATH; 0 with it in PW, -1 when Esc. */
static int ask_password(const char *path, int again, char *pw, size_t size)
{
	char label[600];

	snprintf(label, sizeof(label),
		 again ? _("%s\nThat password is wrong. Try again:")
		       : _("%s\nThis file is encrypted. Its password:"),
		 path);
	return ui_dialog_input(_("Password"), label, NULL, 1, NULL, NULL, pw,
			       size);
}

/* Inspect PATH (asking a password when it needs one) into *TEXT. Returns
 * 0, 1 when the user backed out, or a CD_E_* code (the ctx says why). */
static int inspect_text(struct ui *ui, const char *path, int show_private,
			char **text)
{
	struct cd_inspect_opts opts;
	char pw[256] = "";
	int ret, tries = 0;

	memset(&opts, 0, sizeof(opts));
	opts.show_private = show_private;
	ret = cd_inspect_file(&ui->ctx, path, &opts, text);
	while (ret == CD_E_PASSWORD && tries < 3) {
		if (ask_password(path, tries > 0, pw, sizeof(pw)) < 0) {
			ret = 1;
			break;
		}
		opts.password = pw;
		ret = cd_inspect_file(&ui->ctx, path, &opts, text);
		tries++;
	}
	cd_wipe(pw, sizeof(pw));
	return ret;
}

/* PATH in the viewer under TITLE; a refusal goes to the message line. */
static int show_file(struct ui *ui, const char *path, const char *title,
		     int show_private)
{
	char *text = NULL;
	int ret = inspect_text(ui, path, show_private, &text);

	if (ret == 1)
		ui_say(ui, UI_DIM, "%s", _("inspect: backed out"));
	else if (ret < 0) {
		ui_say(ui, UI_ERROR, "%s", cd_ctx_message(&ui->ctx));
		ui_dialog_message(_("Cannot inspect"), UI_ERROR,
				  cd_ctx_message(&ui->ctx));
	} else if (ui_viewer_show(title, text) < 0)
		ui_say(ui, UI_ERROR, "%s", _("out of memory"));
	cd_inspect_text_free(text);
	return UI_REDRAW;
}

static int inspect_item(struct ui *ui, int show_private)
{
	const struct ui_item *it = ui_current(ui);
	char title[512];
	char *path;
	int ret;

	if (ui->store == NULL || it == NULL || it->rel == NULL) {
		ui_say(ui, UI_ERROR, "%s",
		       _("nothing to inspect here: select a certificate, "
			 "request or key"));
		return UI_REDRAW;
	}
	path = cd_store_path(ui->store, it->rel);
	if (path == NULL) {
		ui_say(ui, UI_ERROR, "%s", _("out of memory"));
		return UI_REDRAW;
	}
	snprintf(title, sizeof(title), "%s (%s)", ui_item_label(it), it->rel);
	ret = show_file(ui, path, title, show_private);
	free(path);
	return ret;
}

int ui_act_inspect(struct ui *ui)
{
	return inspect_item(ui, 0);
}

int ui_act_inspect_private(struct ui *ui)
{
	const struct ui_item *it = ui_current(ui);

	if (it == NULL || it->kind != UI_ITEM_KEY) {
		ui_say(ui, UI_ERROR, "%s",
		       _("only a key has a private part: select a key"));
		return UI_REDRAW;
	}
	if (!ui_dialog_confirm(_("Private key"),
			       _("Show the private key on the screen? Anyone "
				 "who sees it can use the key."),
			       0))
		return UI_REDRAW;
	return inspect_item(ui, 1);
}

int ui_act_open(struct ui *ui)
{
	char *path = NULL;
	int ret;

	if (ui_file_choose(_("Open a file to inspect"), NULL, &path) < 0)
		return UI_REDRAW;
	ret = show_file(ui, path, path, 0);
	free(path);
	return ret;
}
