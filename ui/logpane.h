/* certdeck: a log of coloured lines, as the echo test's panes and the
 * OCSP responder's pane keep it: bounded, multi-line texts split, and a
 * scroll-back that stays on what the user looks at while lines arrive.
 * Curses-free: the views draw it (ui_log_draw, subscreen.h) and lock it
 * (engine threads add lines under the view's mutex). */
#ifndef UI_LOGPANE_H
#define UI_LOGPANE_H

#include <stddef.h>

#include "ui.h"

#define UI_LOG_MAX 2000 /* lines kept, the oldest dropped */

struct ui_log_line {
	char *text;
	enum ui_role role;
};

/* Zeroed: an empty log of UI_LOG_MAX lines at most. */
struct ui_log {
	struct ui_log_line *lines;
	size_t count, size;
	size_t back; /* lines scrolled back from the end */
	size_t max;  /* 0: UI_LOG_MAX */
};

/* Add TEXT, a line per '\n'-separated part (out of memory: what is left
 * is dropped). */
void ui_log_add(struct ui_log *log, enum ui_role role, const char *text);
/* Free the lines: the log is empty again (its maximum kept). */
void ui_log_clear(struct ui_log *log);
/* Scroll N lines back (older), or forward (newer), within the log. */
void ui_log_scroll_back(struct ui_log *log, size_t n);
void ui_log_scroll_forward(struct ui_log *log, size_t n);
/* The lines shown are [*START, *END): the last less those scrolled back,
 * as many as fill ROWS rows, HEIGHT giving a line's rows in WIDTH
 * columns (ui_wrapped_lines on screen). */
void ui_log_window(const struct ui_log *log, int width, int rows,
		   int (*height)(int width, const char *text), size_t *start,
		   size_t *end);

#endif
