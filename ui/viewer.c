/* certdeck: the text viewer, drawn with curses over textview.c's state.
 * Title bar, the text, a line for the search and messages, key hints. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "uicurses.h"
#include "viewer.h"

#define KEY_ESC 27
#define CTRL(c) ((c)&0x1f)

struct viewer {
	const char *title;
	struct ui_textview view;
	int searching; /* the / line is being typed */
	char typed[256];
	char message[300];
	enum ui_role message_role;
};

static int body_height(void)
{
	return LINES - 3 > 1 ? LINES - 3 : 1;
}

/* Bytes FROM..TO of S at (Y, *X), at most up to column WIDTH. */
static void put_piece(int y, int *x, int width, const char *s, size_t from,
		      size_t to, char *scratch)
{
	if (*x >= width || to <= from)
		return;
	memcpy(scratch, s + from, to - from);
	scratch[to - from] = '\0';
	*x += ui_put(y, *x, width - *x, scratch);
}

/* Row ROW of the text at screen line Y, its matches highlighted. */
static void draw_row(struct viewer *w, int y, size_t row, char *scratch)
{
	const struct ui_textview *v = &w->view;
	const struct ui_text_row *r = &v->rows[row];
	const struct ui_text_line *l = &v->text->lines[r->line];
	const char *s = ui_text_line(v->text, r->line);
	size_t pos = r->start, end = r->end, plen = strlen(v->pattern), at;
	int x = 0, normal = ui_attr(l->role);

	if (!v->wrap)
		pos += ui_text_fit(s + pos, end - pos, v->left);
	while (pos < end && x < v->width) {
		size_t from = pos >= plen ? pos - plen + 1 : 0;
		int current;

		if (plen == 0 ||
		    ui_text_find_in(s, l->len, v->pattern, from, &at) < 0 ||
		    at >= end) {
			attrset(normal);
			put_piece(y, &x, v->width, s, pos, end, scratch);
			break;
		}
		if (at > pos) {
			attrset(normal);
			put_piece(y, &x, v->width, s, pos, at, scratch);
			pos = at;
		}
		current = v->has_match && v->match_line == r->line &&
			  v->match_off == at;
		attrset(ui_attr(current ? UI_HINT_KEY : UI_SELECTED));
		put_piece(y, &x, v->width, s, pos,
			  at + plen < end ? at + plen : end, scratch);
		pos = at + plen < end ? at + plen : end;
	}
	attrset(A_NORMAL);
}

static void draw_title(const struct viewer *w)
{
	const struct ui_textview *v = &w->view;
	char where[64];
	size_t line = v->n_rows ? v->rows[v->top].line + 1 : 0;
	int len;

	attrset(ui_attr(UI_TITLE));
	ui_fill(0, 0, COLS);
	/* L10N: the viewer's position: first line shown / lines. */
	len = snprintf(where, sizeof(where), _("line %zu/%zu "), line,
		       v->text->count);
	ui_put(0, 0, COLS - len - 1, " ");
	ui_put(0, 1, COLS - len - 2, w->title);
	if (len < COLS)
		ui_put(0, COLS - len, len, where);
	attrset(A_NORMAL);
}

static void draw_bottom(const struct viewer *w)
{
	int y = LINES - 2;

	move(y, 0);
	clrtoeol();
	if (w->searching) {
		char line[300];

		snprintf(line, sizeof(line), "/%s", w->typed);
		ui_put(y, 0, COLS - 1, line);
		curs_set(1);
	} else {
		curs_set(0);
		attrset(ui_attr(w->message_role));
		ui_put(y, 0, COLS, w->message);
	}
	ui_put_bar(LINES - 1, UI_HINT,
		   _(" q close  / search  n next  N previous  w wrap  "
		     "arrows, PgUp/PgDn scroll"));
	if (w->searching)
		move(y, ui_text_columns(w->typed, strlen(w->typed)) + 1);
}

static void draw(struct viewer *w, char *scratch)
{
	int h = body_height(), i;

	erase();
	draw_title(w);
	for (i = 0; i < h && w->view.top + (size_t)i < w->view.n_rows; i++)
		draw_row(w, 1 + i, w->view.top + (size_t)i, scratch);
	draw_bottom(w);
	refresh();
}

static void say(struct viewer *w, enum ui_role role, const char *text)
{
	snprintf(w->message, sizeof(w->message), "%s", text);
	w->message_role = role;
}

/* Search (PATTERN NULL: again, going DIRECTION) and say how it went. */
static void search(struct viewer *w, const char *pattern, int direction)
{
	int wrapped;
	char line[300];

	if (pattern == NULL && w->view.pattern[0] == '\0') {
		say(w, UI_DIM,
		    _("nothing to search for yet: type / and a text"));
		return;
	}
	if (ui_textview_search(&w->view, pattern, direction, 1, body_height(),
			       &wrapped) < 0) {
		snprintf(line, sizeof(line), _("not found: %s"),
			 w->view.pattern);
		say(w, UI_ERROR, line);
		return;
	}
	snprintf(line, sizeof(line),
		 wrapped ? _("/%s: line %zu (went round the end)")
			 : _("/%s: line %zu"),
		 w->view.pattern, w->view.match_line + 1);
	say(w, UI_NORMAL, line);
}

/* A key while the / line is typed. */
static void search_key(struct viewer *w, int key)
{
	size_t len = strlen(w->typed);

	if (key == KEY_ESC) {
		w->searching = 0;
		w->typed[0] = '\0';
	} else if (key == '\n' || key == '\r' || key == KEY_ENTER) {
		w->searching = 0;
		/* An empty line searches for the last text again. */
		search(w, w->typed[0] ? w->typed : NULL, 1);
	} else if (key == KEY_BACKSPACE || key == 127 || key == CTRL('h')) {
		while (len > 0 &&
		       ((unsigned char)w->typed[len - 1] & 0xc0) == 0x80)
			len--;
		w->typed[len > 0 ? len - 1 : 0] = '\0';
	} else if (key == CTRL('u'))
		w->typed[0] = '\0';
	else if (key >= 0x20 && key < 0x100 && key != 0x7f &&
		 len + 1 < sizeof(w->typed)) {
		w->typed[len] = (char)key;
		w->typed[len + 1] = '\0';
	}
}

static const struct {
	int key;
	enum ui_textview_move move;
} moves[] = {
    {KEY_UP, UI_TV_UP},		  {'k', UI_TV_UP},
    {KEY_DOWN, UI_TV_DOWN},	  {'j', UI_TV_DOWN},
    {KEY_PPAGE, UI_TV_PAGE_UP},	  {'b', UI_TV_PAGE_UP},
    {KEY_NPAGE, UI_TV_PAGE_DOWN}, {' ', UI_TV_PAGE_DOWN},
    {KEY_HOME, UI_TV_HOME},	  {'g', UI_TV_HOME},
    {KEY_END, UI_TV_END},	  {'G', UI_TV_END},
    {KEY_LEFT, UI_TV_LEFT},	  {'h', UI_TV_LEFT},
    {KEY_RIGHT, UI_TV_RIGHT},	  {'l', UI_TV_RIGHT},
};

/* A key of the viewer; returns 1 when it closes it. */
static int viewer_key(struct viewer *w, int key)
{
	size_t i;

	if (w->searching) {
		search_key(w, key);
		return 0;
	}
	w->message[0] = '\0';
	for (i = 0; i < sizeof(moves) / sizeof(moves[0]); i++)
		if (moves[i].key == key) {
			ui_textview_move(&w->view, moves[i].move,
					 body_height());
			return 0;
		}
	if (key == 'q' || key == KEY_ESC)
		return 1;
	if (key == '/') {
		w->searching = 1;
		w->typed[0] = '\0';
	} else if (key == 'n')
		search(w, NULL, 1);
	else if (key == 'N')
		search(w, NULL, -1);
	else if (key == 'w' &&
		 ui_textview_layout(&w->view, COLS, !w->view.wrap) == 0)
		say(w, UI_DIM,
		    w->view.wrap ? _("long lines wrap")
				 : _("long lines scroll sideways"));
	return 0;
}

int ui_viewer_run(const char *title, struct ui_text *text)
{
	struct viewer w;
	char *scratch = NULL;
	size_t i, widest = 0;
	int ret = -1, key;

	memset(&w, 0, sizeof(w));
	w.title = title;
	ui_textview_init(&w.view, text);
	for (i = 0; i < text->count; i++)
		if (text->lines[i].len > widest)
			widest = text->lines[i].len;
	scratch = malloc(widest + 1);
	if (scratch == NULL ||
	    ui_textview_layout(&w.view, COLS, text->wrap) < 0)
		goto out;
	ret = 0;
	for (;;) {
		draw(&w, scratch);
		do
			key = getch();
		while (key == ERR && !ui_term_quit_requested());
		if (ui_term_quit_requested())
			break;
		if (key == KEY_RESIZE) {
			if (ui_textview_layout(&w.view, COLS, w.view.wrap) < 0)
				break;
			ui_textview_move(&w.view, UI_TV_STAY, body_height());
			continue;
		}
		if (viewer_key(&w, key))
			break;
	}
out:
	curs_set(0);
	free(scratch);
	ui_textview_free(&w.view);
	return ret;
}

int ui_viewer_show(const char *title, const char *text)
{
	struct ui_text t;
	int ret;

	ui_text_init(&t);
	ret = ui_text_add(&t, UI_NORMAL, text);
	if (ret == 0)
		ret = ui_viewer_run(title, &t);
	ui_text_free(&t);
	return ret;
}
