/* certdeck: what the sub-screens opened from the main screen (the echo
 * test, the OCSP responder) share on screen: a log drawn in a rectangle,
 * and a key table that also gives the hint bar and the help (F1). */
#ifndef UI_SUBSCREEN_H
#define UI_SUBSCREEN_H

#include <stddef.h>

#include "logpane.h"

/* What a sub-screen's action asks of its loop. */
enum ui_key_reaction {
	UI_KEY_STAY,
	UI_KEY_CLOSE,
};

/* One key of a sub-screen; ACT gets the screen's own state and returns
 * an enum ui_key_reaction. */
struct ui_key {
	int key, key2;	      /* KEY2: another key for it, or 0 */
	const char *key_name; /* N_(): as printed on the keyboard */
	const char *hint;     /* N_(): for the hint bar; NULL: none */
	const char *help;     /* N_(): for the help */
	int (*act)(void *view);
};

/* The lines of LOG that fill H rows of W columns from Y, X, in their
 * colours: the last ones, less those scrolled back. Call with the log's
 * lock held. */
void ui_log_draw(const struct ui_log *log, int y, int x, int h, int w);
/* The key of KEYS bound to KEY, or NULL. */
const struct ui_key *ui_key_find(const struct ui_key *keys, size_t n, int key);
/* The actions every sub-screen has: close it (Esc), redraw (Ctrl-L). */
int ui_key_close(void *view);
int ui_key_redraw(void *view);
/* The next key to act on, waking every 50 ms; ERR when the screen is to
 * be drawn again first (*DIRTY set by another thread, a resize) or a
 * quit was asked for (SIGINT, SIGTERM: ui_term_quit_requested()). */
int ui_key_wait(const int *dirty);
/* "KEY hint" at Y, X in the hint bar's colours (both translated); the
 * columns it took. The main screen's hint bar draws with it too. */
int ui_hint_put(int y, int x, const char *key_name, const char *hint);
/* The hint bar on the bottom line: "KEY hint" in table order, those that
 * fit; with KEEP_LAST, the last one always shows, at the right end. */
void ui_key_hints(const struct ui_key *keys, size_t n, int keep_last);
/* The help in a dialog titled TITLE: each key's name, then its help
 * wrapped under itself from column KEY_WIDTH. Returns UI_KEY_STAY. */
int ui_key_help(const char *title, const struct ui_key *keys, size_t n,
		int key_width);

#endif
