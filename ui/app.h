/* certdeck: the TUI's state, and the key bindings of its main screen. */
#ifndef UI_APP_H
#define UI_APP_H

#include <pthread.h>

#include "list.h"
#include "summary.h"
#include "ui.h"

/* What an action asks of the main loop (as htop's Htop_Reaction). */
enum ui_reaction {
	UI_NOTHING = 0,
	UI_REDRAW = 1, /* the screen */
	UI_RELOAD = 2, /* the store changed: read it again */
	UI_QUIT = 4,
};

struct ui {
	struct cd_ctx ctx;
	const char *store_dir;
	const char *demo_dir;	/* --demo: the throwaway directory */
	struct cd_store *store; /* NULL: no CA there yet */
	struct ui_model model;
	struct ui_list list;
	/* The details pane: the summary of the item under the cursor. */
	struct cd_summary details;
	size_t details_item; /* (size_t)-1: none computed */
	char details_error[512];
	/* The message line: the last warning, refusal or result. */
	char message[512];
	enum ui_role message_role;
	int filtering; /* the '/' line is being typed */
	/* Names of issued/ are read by a thread after the first screen. */
	pthread_t names_thread;
	int names_running;
	volatile int names_ready;
	char **names;
	size_t n_names;
	struct cd_store_entry *names_serials;
	struct cd_ctx names_ctx;
};

/* When a key is of use: always, in a store with its CA certificate, in
 * any store (an intermediate waiting for its certificate too), before
 * the store is made, or while an intermediate waits. */
enum ui_when {
	UI_WHEN_ALWAYS = 0,
	UI_WHEN_CA,
	UI_WHEN_STORE,
	UI_WHEN_NO_CA,
	UI_WHEN_PENDING,
};

struct ui_binding {
	int key;
	const char *key_name; /* N_(): as the help shows it */
	const char *hint;     /* N_(): a word for the hint bar; NULL: none */
	const char *help;     /* N_(): one line for the help screen */
	int (*act)(struct ui *ui);
	enum ui_when when; /* when the hint bar shows it */
	/* The kinds of item the key acts on (UI_ON()), 0 for any: the hint
	 * bar shows the hint only on them, before the general ones. */
	unsigned on;
	/* Its hint is not shown on a revoked certificate (the key may still
	 * do something there: say so in its help). */
	int not_on_revoked;
};

/* A bit of struct ui_binding's ON: an item of KIND (enum ui_item_kind). */
#define UI_ON(kind) (1u << (kind))

/* Show TEXT on the message line (ROLE: UI_ERROR for refusals). */
void ui_say(struct ui *ui, enum ui_role role, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* The item under the cursor, or NULL. */
const struct ui_item *ui_current(const struct ui *ui);
/* Clear the list's filter and put the cursor on the first item in ON
 * (UI_ON bits) named NAME and with SERIAL (each NULL: any). Returns 0,
 * or -1 when there is none (the cursor stays). */
int ui_select(struct ui *ui, unsigned on, const char *name, const char *serial);
/* An intermediate store waiting for its certificate: say so, and how to
 * go on, and return 1 (the caller refuses); 0 otherwise. */
int ui_refuse_pending(struct ui *ui);
/* What says so. */
const char *ui_pending_text(void);
/* An intermediate store that was waiting and whose ca.crt has since been
 * installed (by another program): open it again, say so, and return 1. */
int ui_reopen_completed(struct ui *ui);
/* Read the store again (after a change), keeping the cursor near. */
int ui_reload(struct ui *ui);
/* The main loop, until q or a signal. Returns the exit status. */
int ui_main_screen(struct ui *ui);

#endif
