/* certdeck: the terminal UI's entry point: open the store (or build the
 * demo one), take the terminal, run the main screen, give it back. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "dialog.h"
#include "demo.h"
#include "error.h"
#include "i18n.h"
#include "tui.h"
#include "wizard.h"

/* Warnings of the backend go to the message line. */
static void log_to_message_line(void *arg, enum cd_log_level level,
				const char *message)
{
	struct ui *ui = arg;

	if (level >= CD_LOG_WARNING)
		ui_say(ui, UI_EXPIRING, "%s", message);
}

static int open_store(struct ui *ui)
{
	int ret = cd_store_open(&ui->ctx, ui->store_dir, &ui->store);

	if (ret == CD_E_NOTFOUND) {
		/* An empty or missing store: the screen says so. */
		ui->store = NULL;
		return 0;
	}
	if (ret == 0)
		ret = ui_model_load(&ui->ctx, ui->store, &ui->model);
	return ret;
}

/* A missing or empty store: offer to create its CA there and then. */
static void offer_ca(struct ui *ui)
{
	char question[1024];

	snprintf(question, sizeof(question),
		 _("There is no CA in %s yet. Create one now?"), ui->store_dir);
	if (!ui_dialog_confirm(_("No CA"), question, 1))
		return;
	if (ui_wizard_ca(ui) == UI_RELOAD && ui->store &&
	    ui_model_load(&ui->ctx, ui->store, &ui->model) < 0)
		ui_say(ui, UI_ERROR, "%s", cd_ctx_message(&ui->ctx));
}

int ui_run(const struct ui_options *o)
{
	struct ui *ui = calloc(1, sizeof(*ui));
	char *demo = NULL, *demo_store = NULL;
	int ret;

	if (ui == NULL) {
		fprintf(stderr, "certdeck: %s\n", _("out of memory"));
		return 2;
	}
	ret = cd_ctx_init(&ui->ctx);
	ui->store_dir = o->store_dir;
	if (ret == 0 && o->demo) {
		ret = cd_demo_mkdtemp(&ui->ctx, &demo);
		if (ret == 0 && asprintf(&demo_store, "%s/pki", demo) < 0)
			ret =
			    cd_error(&ui->ctx, CD_E_NOMEM, _("out of memory"));
		if (ret == 0)
			ret = cd_demo_create(&ui->ctx, demo_store);
		ui->store_dir = demo_store;
		ui->demo_dir = demo;
	}
	if (ret == 0)
		ret = open_store(ui);
	if (ret == 0) {
		cd_ctx_set_log(&ui->ctx, log_to_message_line, ui);
		ui_term_start();
		if (ui->store == NULL)
			offer_ca(ui);
		ret = ui_main_screen(ui);
		ui_term_stop();
	} else
		fprintf(stderr, "certdeck: %s\n", cd_ctx_message(&ui->ctx));
	if (demo && cd_demo_remove(&ui->ctx, demo) < 0)
		fprintf(stderr, "certdeck: %s\n", cd_ctx_message(&ui->ctx));
	ui_model_free(&ui->model);
	cd_summary_free(&ui->details);
	cd_store_close(ui->store);
	cd_ctx_deinit(&ui->ctx);
	free(demo_store);
	free(demo);
	free(ui);
	return ret < 0 ? 2 : 0;
}
