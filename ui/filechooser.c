/* certdeck: the file chooser, drawn with curses over dirlist.c's listing
 * and list.c's list pane. */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dirlist.h"
#include "filechooser.h"
#include "i18n.h"
#include "list.h"
#include "ui.h"
#include "uicurses.h"

#define KEY_ESC 27
#define CTRL(c) ((c)&0x1f)
#define LIST_Y 3

struct chooser {
	const char *title;
	struct ui_dirlist dir;
	struct ui_list list;
	char message[512];
	char *picked;
	int want_target; /* Tab picks the directory shown */
	int picked_dir;
};

static int list_height(void)
{
	return LINES - LIST_Y - 2 > 1 ? LINES - LIST_Y - 2 : 1;
}

static void draw_entry(void *arg, int y, int x, int width, size_t row,
		       int selected)
{
	const struct chooser *c = arg;
	const struct ui_dir_entry *e = &c->dir.entries[c->dir.shown[row]];
	int used;

	attrset(selected ? ui_attr(UI_SELECTED)
			 : ui_attr(e->is_dir ? UI_SECTION : UI_NORMAL));
	ui_fill(y, x, width);
	used = ui_put(y, x + 1, width - 2, e->name);
	if (e->is_dir)
		ui_put(y, x + 1 + used, width - 2 - used, "/");
	attrset(A_NORMAL);
}

static void draw(struct chooser *c)
{
	char line[600];

	erase();
	attrset(ui_attr(UI_TITLE));
	ui_fill(0, 0, COLS);
	ui_put(0, 1, COLS - 1, c->title);
	attrset(ui_attr(UI_DIM));
	ui_put(1, 0, COLS, c->dir.dir);
	attrset(A_NORMAL);
	/* L10N: the file chooser's filter line. */
	snprintf(line, sizeof(line), _("filter: %s"), c->dir.filter);
	ui_put(2, 0, COLS, line);
	c->list.count = c->dir.n_shown;
	ui_list_draw(&c->list, LIST_Y, 0, list_height(), COLS);
	if (c->dir.n_shown == 0)
		ui_put(LIST_Y, 1, COLS - 1, _("(nothing here matches)"));
	attrset(ui_attr(UI_ERROR));
	ui_put(LINES - 2, 0, COLS, c->message);
	ui_put_bar(LINES - 1, UI_HINT,
		   c->want_target
		       ? _(" Tab write here  Enter open/replace  Backspace up  "
			   "type to filter  Esc back out")
		       : _(" Enter open/pick  Backspace up  type to filter  "
			   "Esc back out"));
	refresh();
}

/* Go into DIR; on failure say why and stay. */
static void enter_dir(struct chooser *c, const char *dir)
{
	if (ui_dirlist_read(&c->dir, dir) < 0) {
		snprintf(c->message, sizeof(c->message), _("%s: %s"), dir,
			 strerror(errno));
		return;
	}
	c->message[0] = '\0';
	/* On the first entry after "..", where there is one. */
	c->list.count = c->dir.n_shown;
	ui_list_set(&c->list, c->dir.n_shown > 1 ? 1 : 0);
}

/* Enter on the entry under the cursor: 1 when a file was picked. */
static int open_entry(struct chooser *c)
{
	char *path;
	int is_dir;

	if (c->dir.n_shown == 0)
		return 0;
	path = ui_dirlist_path(&c->dir, c->list.cursor);
	if (path == NULL)
		return 0;
	is_dir = c->dir.entries[c->dir.shown[c->list.cursor]].is_dir;
	if (!is_dir) {
		c->picked = path;
		return 1;
	}
	enter_dir(c, path);
	free(path);
	return 0;
}

static void go_up(struct chooser *c)
{
	char *parent = ui_dirlist_parent(&c->dir);

	if (parent != NULL)
		enter_dir(c, parent);
	free(parent);
}

static void refilter(struct chooser *c, const char *text)
{
	ui_dirlist_filter(&c->dir, text);
	c->list.count = c->dir.n_shown;
	ui_list_set(&c->list, 0);
}

/* A key; returns 1 when the chooser is done (picked or backed out). */
static int chooser_key(struct chooser *c, int key)
{
	char text[sizeof(c->dir.filter)];
	size_t len;

	if (key > 0xff && ui_list_key(&c->list, key, list_height()))
		return 0;
	snprintf(text, sizeof(text), "%s", c->dir.filter);
	len = strlen(text);
	if (key == KEY_ESC)
		return 1;
	if (key == '\t' && c->want_target) {
		c->picked = strdup(c->dir.dir);
		c->picked_dir = 1;
		return c->picked != NULL;
	}
	if (key == '\n' || key == '\r' || key == KEY_ENTER)
		return open_entry(c);
	if (key == KEY_BACKSPACE || key == 127 || key == CTRL('h')) {
		if (len == 0) {
			go_up(c);
			return 0;
		}
		while (len > 0 && ((unsigned char)text[len - 1] & 0xc0) == 0x80)
			len--;
		text[len - 1] = '\0';
	} else if (key == CTRL('u'))
		text[0] = '\0';
	else if (key >= 0x20 && key < 0x100 && key != 0x7f &&
		 len + 1 < sizeof(text)) {
		text[len] = (char)key;
		text[len + 1] = '\0';
	} else
		return 0;
	refilter(c, text);
	return 0;
}

static int choose(const char *title, const char *start, int want_target,
		  char **path, int *is_dir)
{
	struct chooser c;
	int key;

	*path = NULL;
	memset(&c, 0, sizeof(c));
	c.title = title;
	c.want_target = want_target;
	c.list.draw_row = draw_entry;
	c.list.arg = &c;
	if (ui_dirlist_read(&c.dir, start ? start : ".") < 0 &&
	    ui_dirlist_read(&c.dir, "/") < 0)
		return -1;
	c.list.count = c.dir.n_shown;
	ui_list_set(&c.list, c.dir.n_shown > 1 ? 1 : 0);
	for (;;) {
		draw(&c);
		do
			key = getch();
		while (key == ERR && !ui_term_quit_requested());
		if (ui_term_quit_requested() || chooser_key(&c, key))
			break;
	}
	ui_dirlist_free(&c.dir);
	*path = c.picked;
	if (is_dir)
		*is_dir = c.picked_dir;
	return c.picked ? 0 : -1;
}

int ui_file_choose(const char *title, const char *start, char **path)
{
	return choose(title, start, 0, path, NULL);
}

int ui_file_choose_target(const char *title, const char *start, char **path,
			  int *is_dir)
{
	return choose(title, start, 1, path, is_dir);
}
