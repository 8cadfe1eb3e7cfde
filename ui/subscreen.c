/* certdeck: what the sub-screens share on screen (see subscreen.h). */
#include <config.h>

#include <stdio.h>
#include <string.h>

#include "dialog.h"
#include "i18n.h"
#include "subscreen.h"
#include "uicurses.h"

#define HELP_W 66 /* the help dialog's text, in columns */

void ui_log_draw(const struct ui_log *log, int y, int x, int h, int w)
{
	size_t start, end;

	ui_log_window(log, w, h, ui_wrapped_lines, &start, &end);
	for (; start < end; start++) {
		attrset(ui_attr(log->lines[start].role));
		y += ui_put_wrapped(y, x, w, h, log->lines[start].text);
	}
	attrset(A_NORMAL);
}

const struct ui_key *ui_key_find(const struct ui_key *keys, size_t n, int key)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (keys[i].key == key || (keys[i].key2 && keys[i].key2 == key))
			return &keys[i];
	return NULL;
}

int ui_key_close(void *view)
{
	(void)view;
	return UI_KEY_CLOSE;
}

int ui_key_redraw(void *view)
{
	(void)view;
	clearok(curscr, TRUE);
	return UI_KEY_STAY;
}

int ui_key_wait(const int *dirty)
{
	int key;

	timeout(50); /* dialogs may have changed it */
	do
		key = getch();
	while (key == ERR && !ui_term_quit_requested() &&
	       !__atomic_load_n(dirty, __ATOMIC_ACQUIRE));
	return key == KEY_RESIZE || ui_term_quit_requested() ? ERR : key;
}

/* The columns of "KEY hint". */
static int hint_width(const struct ui_key *k)
{
	return ui_text_width(_(k->key_name)) + ui_text_width(_(k->hint)) + 1;
}

int ui_hint_put(int y, int x, const char *key_name, const char *hint)
{
	int used;

	attrset(ui_attr(UI_HINT_KEY));
	used = ui_put(y, x, COLS - x, key_name);
	attrset(ui_attr(UI_HINT));
	used += ui_put(y, x + used, COLS - x - used, " ");
	used += ui_put(y, x + used, COLS - x - used, hint);
	return used;
}

static void draw_hint(int y, int x, const struct ui_key *k)
{
	ui_hint_put(y, x, _(k->key_name), _(k->hint));
}

void ui_key_hints(const struct ui_key *keys, size_t n, int keep_last)
{
	const struct ui_key *last = NULL;
	size_t i;
	int x = 0, y = LINES - 1, room = COLS;

	for (i = 0; keep_last && i < n; i++)
		if (keys[i].hint)
			last = &keys[i];
	attrset(ui_attr(UI_HINT));
	ui_fill(y, 0, COLS);
	if (last)
		room = COLS - hint_width(last) - 1;
	for (i = 0; i < n; i++) {
		if (keys[i].hint == NULL || &keys[i] == last ||
		    x + hint_width(&keys[i]) > room)
			continue;
		draw_hint(y, x, &keys[i]);
		x += hint_width(&keys[i]) + 2;
	}
	if (last)
		draw_hint(y, room + 1, last);
	attrset(A_NORMAL);
}

struct help_text {
	char text[4096];
	size_t len;
	int col;
};

static void help_add(struct help_text *h, const char *s, size_t n)
{
	char piece[256];

	if (n >= sizeof(piece) || h->len + n >= sizeof(h->text))
		return;
	memcpy(piece, s, n);
	piece[n] = '\0';
	memcpy(h->text + h->len, piece, n + 1);
	h->len += n;
	h->col = strchr(piece, '\n') ? 0 : h->col + ui_text_width(piece);
}

static void help_pad(struct help_text *h, int col)
{
	while (h->col < col)
		help_add(h, " ", 1);
}

/* "KEY  help", the help wrapped under itself by words (translations run
 * longer than a line; the key's name may hold accented letters). */
static void help_entry(struct help_text *h, int key_width, const char *key,
		       const char *help)
{
	const char *p = help;

	help_add(h, key, strlen(key));
	help_add(h, " ", 1);
	help_pad(h, key_width);
	while (*p) {
		size_t n = strcspn(p, " ");
		char word[256];

		snprintf(word, sizeof(word), "%.*s", (int)n, p);
		if (h->col > key_width &&
		    h->col + 1 + ui_text_width(word) > HELP_W) {
			help_add(h, "\n", 1);
			help_pad(h, key_width);
		} else if (h->col > key_width) {
			help_add(h, " ", 1);
		}
		help_add(h, p, n);
		p += n;
		p += strspn(p, " ");
	}
	help_add(h, "\n", 1);
}

int ui_key_help(const char *title, const struct ui_key *keys, size_t n,
		int key_width)
{
	struct help_text h = {"", 0, 0};
	size_t i;

	for (i = 0; i < n; i++)
		help_entry(&h, key_width, _(keys[i].key_name), _(keys[i].help));
	ui_dialog_message(title, UI_NORMAL, h.text);
	return UI_KEY_STAY;
}
