/* certdeck: the terminal UI, shared declarations.
 *
 * ui/ drives the backend of src/ and never calls GnuTLS. term.c owns the
 * terminal (initscr/endwin, signals, colours); model.c is the store as a
 * list (curses-free); list.c is the generic list pane; mainscreen.c the
 * main screen and its key table; tui.c the entry point. */
#ifndef UI_UI_H
#define UI_UI_H

#include <signal.h>
#include <stddef.h>

#include "ctx.h"
#include "store.h"

/* ---- term.c --------------------------------------------------------- */

/* What a piece of text is, for its colour (or attribute under NO_COLOR). */
enum ui_role {
	UI_NORMAL,
	UI_TITLE,
	UI_HINT,
	UI_HINT_KEY,
	UI_SELECTED,
	UI_SECTION,
	UI_EXPIRED,
	UI_EXPIRING,
	UI_REVOKED,
	UI_GOOD,
	UI_ERROR,
	UI_DIM,
	UI_ROLES
};

/* Take the terminal: curses, colours unless NO_COLOR, and handlers that
 * restore it on SIGINT, SIGTERM, SIGHUP and fatal signals. */
void ui_term_start(void);
/* Give the terminal back; safe to call twice. */
void ui_term_stop(void);
/* The curses attribute for ROLE. */
int ui_attr(enum ui_role role);
/* The benchmark hook of bench/tui.py, after each refresh of the main
 * screen. CERTDECK_TUI_BENCH=stamp writes "refresh NANOSECONDS" (of
 * CLOCK_MONOTONIC) to stderr; =exit also returns 1: quit after the first
 * screen, as ../shared/limits' tuimin does. Unset: nothing, returns 0. */
int ui_term_refreshed(void);
/* A signal asked us to quit (SIGINT, SIGTERM, SIGHUP). */
int ui_term_quit_requested(void);
/* The next key, waiting as long as it takes (getch()'s timeout only
 * lets a quit signal through: ERR then): modal screens redraw on keys,
 * not ten times a second. */
int ui_getkey(void);
/* The signal that asked to quit, or 0. */
int ui_term_quit_signal(void);
/* The --demo store's directory: ui_fatal() removes it too. */
void ui_term_set_demo_dir(const char *dir);
/* Restore the terminal, print the message to stderr and exit(2). */
void ui_fatal(const char *fmt, ...)
    __attribute__((format(printf, 1, 2), noreturn));

/* Write S at (Y, X) in at most WIDTH columns (multibyte-aware; bytes that
 * are not text in the locale show as '?'). Returns the columns used. */
int ui_put(int y, int x, int width, const char *s);
/* The columns S takes on the screen. */
int ui_text_width(const char *s);
/* The same, going on over at most LINES lines. Returns the lines used. */
int ui_put_wrapped(int y, int x, int width, int lines, const char *s);
/* The lines ui_put_wrapped() takes for S in WIDTH columns (1 for ""). */
int ui_wrapped_lines(int width, const char *s);
/* Blank WIDTH columns from (Y, X) in the current attribute. */
void ui_fill(int y, int x, int width);
/* The whole line Y in ROLE's colours with TEXT from its first column: a
 * screen's title bar, or its hint bar on the bottom line. The attribute
 * is normal again after. */
void ui_put_bar(int y, enum ui_role role, const char *text);

/* A settings panel's rows: label and value (NULL for the last row, the
 * button, which stands apart after a blank line), one per line from Y,
 * values from column VX, the CURRENT row highlighted, and HELP (the
 * current row's) below them. */
struct ui_row {
	const char *label; /* translated */
	const char *value;
};
void ui_rows_draw(int y, int vx, const struct ui_row *rows, size_t n,
		  size_t current, const char *help);

/* ---- model.c -------------------------------------------------------- */

enum ui_item_kind {
	UI_ITEM_SECTION, /* a heading: CA, Issued, Requests, Keys, Revoked */
	UI_ITEM_CA,
	UI_ITEM_ISSUED,
	UI_ITEM_REQUEST,
	UI_ITEM_KEY,
	UI_ITEM_REVOKED,
};

struct ui_item {
	enum ui_item_kind kind;
	char *name;    /* issued/NAME.crt, reqs/NAME.req...; NULL: unknown */
	char *subject; /* /C=../CN=..; NULL for requests and keys */
	char serial[CD_SERIAL_HEX_MAX]; /* certificates of the index */
	char status;			/* 'V', 'E', 'R' */
	long days_left;
	char *rel; /* the file, relative to the store; NULL: none */
	enum ui_item_kind holds; /* a section: the kind of its items */
	size_t members;		 /* a section: how many items it has */
	size_t shown_members;	 /* a section: how many the filter shows */
};

struct ui_model {
	struct ui_item *items;
	size_t count, size;
	size_t *shown; /* indexes of the items the filter lets through */
	size_t n_shown;
	int shown_valid;  /* shown follows filter (not after new names) */
	size_t *by_index; /* the item of each entry of index.txt */
	size_t n_index;
	char filter[256];
};

/* Read the store into M (index.txt, reqs/, private/, ca.crt); names of
 * issued certificates are left for ui_model_set_names(). */
int ui_model_load(struct cd_ctx *ctx, const struct cd_store *store,
		  struct ui_model *m);
void ui_model_free(struct ui_model *m);
/* Give the issued certificates their names: NAMES[i] for the index's
 * I-th entry, as cd_store_list_names() returns them (taken over). */
void ui_model_set_names(struct ui_model *m, char **names, size_t count);
/* Show only what matches TEXT (ignoring ASCII case, in the name, subject
 * or serial); "" shows everything. Sections stay, with their matches.
 * When TEXT holds the previous filter, only what it showed is tried. */
void ui_model_filter(struct ui_model *m, const char *text);
/* What the list shows for an item: the name, else the subject's CN. */
const char *ui_item_label(const struct ui_item *it);
/* The translated heading of a section item. */
const char *ui_section_title(const struct ui_item *it);

#endif
