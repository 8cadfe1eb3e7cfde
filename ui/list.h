/* certdeck: the generic list pane (as tmux's mode-tree): a cursor and a
 * scroll position over COUNT rows that a callback draws. */
#ifndef UI_LIST_H
#define UI_LIST_H

#include <stddef.h>

#include "uicurses.h"

struct ui_list {
	size_t count, cursor, top;
	/* Draw row ROW at (Y, X), WIDTH columns; SELECTED: under the cursor. */
	void (*draw_row)(void *arg, int y, int x, int width, size_t row,
			 int selected);
	/* Can the cursor rest on ROW? NULL: on every row. Headings say no,
	 * and the cursor moves past them. */
	int (*selectable)(void *arg, size_t row);
	void *arg;
};

/* Draw the rows that fit in HEIGHT lines from (Y, X), scrolling so that
 * the cursor is visible. */
void ui_list_draw(struct ui_list *l, int y, int x, int height, int width);
/* Move the cursor for KEY (arrows, j/k, Page Up/Down, Home/End) in a pane
 * of HEIGHT lines. Returns 1 when KEY was a movement. */
int ui_list_key(struct ui_list *l, int key, int height);
/* Put the cursor on ROW (clamped). */
void ui_list_set(struct ui_list *l, size_t row);

#endif
