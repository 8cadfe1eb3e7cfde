/* certdeck: what the sub-screens opened from the main screen (the echo
 * test, the OCSP responder) share on screen: a log drawn in a rectangle,
 * and a key table that also gives the hint bar and the help (F1). */
#ifndef UI_SUBSCREEN_H
#define UI_SUBSCREEN_H

#include <stddef.h>

#include "logpane.h"

/* One key of a sub-screen; ACT gets the screen's own state. */
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
/* The hint bar on the bottom line: "KEY hint" in table order, those that
 * fit; with KEEP_LAST, the last one always shows, at the right end. */
void ui_key_hints(const struct ui_key *keys, size_t n, int keep_last);
/* The help in a dialog titled TITLE: each key's name, then its help
 * wrapped under itself from column KEY_WIDTH. */
void ui_key_help(const char *title, const struct ui_key *keys, size_t n,
		 int key_width);

#endif
