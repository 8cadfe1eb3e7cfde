/* certdeck: the generic list pane. */
#include <config.h>

#include "list.h"

static int list_move(struct ui_list *l, int key, int height);

static int can_rest(const struct ui_list *l, size_t row)
{
	return l->selectable == NULL || l->selectable(l->arg, row);
}

/* From the cursor, the nearest row it can rest on in direction DIR (+1 or
 * -1), else the other way; the cursor stays when there is none. */
static void settle(struct ui_list *l, int dir)
{
	size_t r;

	if (l->count == 0 || can_rest(l, l->cursor))
		return;
	for (r = l->cursor; dir > 0 ? r < l->count : r != (size_t)-1;
	     r += (size_t)dir)
		if (can_rest(l, r)) {
			l->cursor = r;
			return;
		}
	for (r = l->cursor; dir > 0 ? r != (size_t)-1 : r < l->count;
	     r -= (size_t)dir)
		if (can_rest(l, r)) {
			l->cursor = r;
			return;
		}
}

void ui_list_set(struct ui_list *l, size_t row)
{
	l->cursor = l->count == 0 ? 0 : row < l->count ? row : l->count - 1;
	settle(l, 1);
}

void ui_list_draw(struct ui_list *l, int y, int x, int height, int width)
{
	size_t h = height > 0 ? (size_t)height : 0, i;

	ui_list_set(l, l->cursor);
	if (l->cursor < l->top)
		l->top = l->cursor;
	if (h && l->cursor >= l->top + h)
		l->top = l->cursor - h + 1;
	if (l->top + h > l->count)
		l->top = l->count > h ? l->count - h : 0;
	for (i = 0; i < h && l->top + i < l->count; i++)
		l->draw_row(l->arg, y + (int)i, x, width, l->top + i,
			    l->top + i == l->cursor);
}

int ui_list_key(struct ui_list *l, int key, int height)
{
	size_t was = l->cursor;
	int ret = list_move(l, key, height);

	if (ret)
		settle(l, l->cursor >= was ? 1 : -1);
	/* At an end, a heading is not where the cursor should go. */
	if (ret && !can_rest(l, l->cursor))
		l->cursor = was;
	return ret;
}

static int list_move(struct ui_list *l, int key, int height)
{
	size_t page = height > 1 ? (size_t)height - 1 : 1;

	switch (key) {
	case KEY_UP:
	case 'k':
		if (l->cursor > 0)
			l->cursor--;
		return 1;
	case KEY_DOWN:
	case 'j':
		ui_list_set(l, l->cursor + 1);
		return 1;
	case KEY_PPAGE:
		l->cursor = l->cursor > page ? l->cursor - page : 0;
		return 1;
	case KEY_NPAGE:
		ui_list_set(l, l->cursor + page);
		return 1;
	case KEY_HOME:
	case 'g':
		l->cursor = 0;
		return 1;
	case KEY_END:
	case 'G':
		ui_list_set(l, l->count ? l->count - 1 : 0);
		return 1;
	default:
		return 0;
	}
}
