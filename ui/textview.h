/* certdeck: the text viewer's state, without curses: a text as lines
 * (tabs expanded, each with its colour), laid out in screen rows
 * (wrapped or scrolled sideways), the scroll position, and search.
 * viewer.c draws it and feeds it keys; tests/unit/test-viewer.c checks
 * it. Columns are counted as the screen shows them (multibyte-aware;
 * a byte that is not text in the locale is one column, as ui_put()
 * shows it). */
#ifndef UI_TEXTVIEW_H
#define UI_TEXTVIEW_H

#include <stddef.h>

#include "ui.h"

struct ui_text_line {
	size_t off, len; /* in buf; each line is NUL-terminated there */
	enum ui_role role;
};

struct ui_text {
	char *buf;
	size_t used, size;
	struct ui_text_line *lines;
	size_t count, cap;
	int wrap; /* shown with long lines wrapped at first (w toggles) */
};

void ui_text_init(struct ui_text *t);
/* Wipe (it may have held a private key) and free. */
void ui_text_free(struct ui_text *t);
/* Append TEXT in ROLE's colour: one line per '\n' (a last '\n' ends the
 * line, it starts no other), tabs expanded to every 8th column, '\r'
 * dropped. Returns 0, or -1 when out of memory. */
int ui_text_add(struct ui_text *t, enum ui_role role, const char *text);
int ui_text_addf(struct ui_text *t, enum ui_role role, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
const char *ui_text_line(const struct ui_text *t, size_t i);

/* The columns of the first LEN bytes of S. */
int ui_text_columns(const char *s, size_t len);
/* How many bytes of S (LEN bytes) fit in COLS columns. */
size_t ui_text_fit(const char *s, size_t len, int cols);

/* Where PATTERN (case-insensitive for ASCII letters) occurs in S (LEN
 * bytes) at FROM or after: 0 with its offset in *AT, else -1. */
int ui_text_find_in(const char *s, size_t len, const char *pattern, size_t from,
		    size_t *at);

/* One screen row: bytes START..END of line LINE. */
struct ui_text_row {
	size_t line, start, end;
};

struct ui_textview {
	struct ui_text *text;
	struct ui_text_row *rows;
	size_t n_rows;
	int width, wrap;
	int widest; /* the widest line, in columns */
	size_t top; /* the first row shown */
	int left;   /* columns scrolled sideways (without wrap) */
	char pattern[256];
	int has_match; /* match_line/match_off: the current match */
	size_t match_line, match_off;
};

enum ui_textview_move {
	UI_TV_UP,
	UI_TV_DOWN,
	UI_TV_PAGE_UP,
	UI_TV_PAGE_DOWN,
	UI_TV_HOME,
	UI_TV_END,
	UI_TV_LEFT,
	UI_TV_RIGHT,
	UI_TV_STAY, /* only keep the position within the text */
};

/* Start viewing TEXT (not taken over). */
void ui_textview_init(struct ui_textview *v, struct ui_text *text);
void ui_textview_free(struct ui_textview *v);
/* Lay the text out in WIDTH columns, wrapped or not; the top line stays
 * the top one. Returns 0, or -1 when out of memory. */
int ui_textview_layout(struct ui_textview *v, int width, int wrap);
/* Scroll for MOVE in a window of HEIGHT rows. */
void ui_textview_move(struct ui_textview *v, enum ui_textview_move move,
		      int height);
/* Search for PATTERN (NULL: the last one) going DIRECTION (1 forward, -1
 * backward) from the current match, or from the top row when there is
 * none; AGAIN: skip past the current match (n, N) rather than take it.
 * The search goes round the end; *WRAPPED says when it did. Scrolls the
 * match into a window of HEIGHT rows. Returns 0 when found, -1 if not. */
int ui_textview_search(struct ui_textview *v, const char *pattern,
		       int direction, int again, int height, int *wrapped);
/* The row holding byte OFF of LINE. */
size_t ui_textview_row_of(const struct ui_textview *v, size_t line, size_t off);

#endif
