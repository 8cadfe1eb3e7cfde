/* certdeck: the sign review screen (signview.h).
 *
 * Each extension is a block: a heading (toggle, name, OID, origin), then
 * the request's value on the left and the certificate's on the right, a
 * line per value, at most BLOCK_LINES lines (v shows the whole). */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dialog.h"
#include "i18n.h"
#include "signview.h"
#include "uicurses.h"

#define KEY_ESC 27
#define BLOCK_LINES 3

struct view {
	struct cd_ctx *ctx;
	struct cd_signplan *plan;
	const char *title;
	size_t cursor, top;
	char message[256];
	int message_error;
};

static int text_count_lines(const char *text)
{
	int n = 1;

	if (text == NULL)
		return 1;
	for (; *text; text++)
		n += *text == '\n';
	return n;
}

static int block_height(const struct cd_signplan_row *row)
{
	int a = text_count_lines(row->request_text);
	int b = text_count_lines(row->cert_text);
	int n = a > b ? a : b;

	return 1 + (n > BLOCK_LINES ? BLOCK_LINES : n);
}

/* Draw the lines of TEXT (NULL: NONE, dimmed) from (Y, X), at most MAX. */
static void put_lines(int y, int x, int width, int max, const char *text,
		      const char *none)
{
	char line[512];
	int i = 0;

	if (text == NULL) {
		attrset(ui_attr(UI_DIM));
		ui_put(y, x, width, none);
		attrset(A_NORMAL);
		return;
	}
	while (*text && i < max) {
		size_t len = strcspn(text, "\n");

		snprintf(line, sizeof(line), "%.*s", (int)len, text);
		if (i == max - 1 && text[len] == '\n' && text[len + 1])
			/* L10N: a value cut short in the review screen */
			snprintf(line, sizeof(line), "%s",
				 _("... (v shows it whole)"));
		ui_put(y + i++, x, width, line);
		text += len + (text[len] == '\n');
	}
}

static enum ui_role origin_role(enum cd_signplan_origin origin)
{
	switch (origin) {
	case CD_ORIGIN_NONE:
		return UI_DIM;
	case CD_ORIGIN_REQUEST:
	case CD_ORIGIN_MERGED:
		return UI_GOOD;
	case CD_ORIGIN_EDITED:
		return UI_EXPIRING;
	default:
		return UI_NORMAL;
	}
}

static void draw_heading(int y, const struct cd_signplan_row *row, int selected)
{
	char head[300];
	const char *origin = cd_signplan_origin_name(row->origin);
	int ow = (int)strlen(origin) + 1;

	attrset(selected ? ui_attr(UI_SELECTED) : ui_attr(UI_SECTION));
	ui_fill(y, 0, COLS);
	snprintf(head, sizeof(head), "%s %s (%s)%s",
		 row->request_text == NULL ? "   "
		 : row->honour		   ? "[x]"
					   : "[ ]",
		 row->name ? row->name : _("Extension"), row->oid,
		 (row->cert_text ? row->cert_critical : row->request_critical)
		     ? _(", critical")
		     : "");
	ui_put(y, 0, COLS - ow - 1, head);
	if (!selected)
		attrset(ui_attr(origin_role(row->origin)));
	ui_put(y, COLS - ow, ow, origin);
	attrset(A_NORMAL);
}

static void draw_block(int y, int height, const struct cd_signplan_row *row,
		       int selected)
{
	int half = (COLS - 1) / 2;

	draw_heading(y, row, selected);
	put_lines(y + 1, 4, half - 4, height - 1, row->request_text,
		  _("(not in the request)"));
	attrset(ui_attr(UI_DIM));
	mvvline(y + 1, half, ACS_VLINE, height - 1);
	attrset(A_NORMAL);
	put_lines(y + 1, half + 2, COLS - half - 2, height - 1, row->cert_text,
		  _("(not in the certificate)"));
}

/* Keep the cursor's block in the BODY lines shown. */
static void scroll_to_cursor(struct view *v, int body)
{
	size_t i;
	int used;

	if (v->plan->n == 0)
		return;
	if (v->cursor < v->top)
		v->top = v->cursor;
	for (;;) {
		for (used = 0, i = v->top; i <= v->cursor; i++)
			used += block_height(&v->plan->rows[i]);
		if (used <= body || v->top == v->cursor)
			return;
		v->top++;
	}
}

static void draw(struct view *v)
{
	int body = LINES - 5, y = 3, half = (COLS - 1) / 2;
	size_t i;

	erase();
	attrset(ui_attr(UI_TITLE));
	ui_fill(0, 0, COLS);
	ui_put(0, 1, COLS - 1, v->title);
	attrset(ui_attr(UI_HINT_KEY));
	ui_put(2, 4, half - 4, _("Request"));
	ui_put(2, half + 2, COLS - half - 2, _("Certificate to be issued"));
	attrset(A_NORMAL);
	ui_put(1, 1, COLS - 1,
	       _("Do you want to honour the extensions from the request? "
		 "Choose each one:"));
	scroll_to_cursor(v, body);
	for (i = v->top; i < v->plan->n; i++) {
		int h = block_height(&v->plan->rows[i]);

		if (y + h > 3 + body && i != v->top)
			break;
		draw_block(y, h, &v->plan->rows[i], i == v->cursor);
		y += h;
	}
	attrset(ui_attr(v->message_error ? UI_ERROR : UI_NORMAL));
	ui_put(LINES - 2, 1, COLS - 1, v->message);
	ui_put_bar(LINES - 1, UI_HINT,
		   _(" Up/Down move  Space honour/drop  v whole value  "
		     "Enter continue  Esc back"));
	refresh();
}

static void show_whole(const struct cd_signplan_row *row)
{
	char *text = NULL;
	const char *none = _("(none)");

	if (asprintf(&text,
		     /* L10N: the extension's name, its OID, what the request
			asks, where the certificate's value comes from, the
			certificate's value. */
		     _("%s (%s)\n\nRequest:\n%s\n\nCertificate (%s):\n%s"),
		     row->name ? row->name : _("Extension"), row->oid,
		     row->request_text ? row->request_text : none,
		     cd_signplan_origin_name(row->origin),
		     row->cert_text ? row->cert_text : none) < 0)
		return;
	ui_dialog_message(_("Extension"), UI_NORMAL, text);
	free(text);
}

static void toggle(struct view *v)
{
	struct cd_signplan_row *row = &v->plan->rows[v->cursor];
	char oid[sizeof(row->oid)];
	size_t i;

	if (row->request_text == NULL) {
		snprintf(v->message, sizeof(v->message), "%s",
			 _("the request does not carry this extension: the "
			   "profile decides it"));
		v->message_error = 1;
		return;
	}
	snprintf(oid, sizeof(oid), "%s", row->oid);
	v->message_error = cd_signplan_set_honour(v->ctx, v->plan, v->cursor,
						  !row->honour) < 0;
	snprintf(v->message, sizeof(v->message), "%s",
		 v->message_error ? cd_ctx_message(v->ctx) : "");
	/* The rows were made again: stay on the same extension. */
	for (i = 0; i < v->plan->n; i++)
		if (strcmp(v->plan->rows[i].oid, oid) == 0)
			v->cursor = i;
}

/* A key; 1 accept, 0 back out, -1 go on. */
static int key_of(struct view *v, int key)
{
	if (key == KEY_ESC)
		return 0;
	if (key == '\n' || key == '\r' || key == KEY_ENTER)
		return 1;
	if ((key == KEY_UP || key == 'k') && v->cursor > 0)
		v->cursor--;
	else if ((key == KEY_DOWN || key == 'j') && v->cursor + 1 < v->plan->n)
		v->cursor++;
	else if (key == KEY_HOME || key == 'g')
		v->cursor = 0;
	else if ((key == KEY_END || key == 'G') && v->plan->n)
		v->cursor = v->plan->n - 1;
	else if (key == ' ' && v->plan->n)
		toggle(v);
	else if ((key == 'v' || key == KEY_RIGHT) && v->plan->n)
		show_whole(&v->plan->rows[v->cursor]);
	return -1;
}

int ui_signview(struct cd_ctx *ctx, struct cd_signplan *plan, const char *title)
{
	struct view v;
	int ret = -1;

	memset(&v, 0, sizeof(v));
	v.ctx = ctx;
	v.plan = plan;
	v.title = title;
	if (plan->n == 0)
		snprintf(v.message, sizeof(v.message), "%s",
			 _("neither the request nor the profile has "
			   "extensions"));
	while (ret < 0) {
		int key;

		draw(&v);
		do
			key = getch();
		while (key == ERR && !ui_term_quit_requested());
		if (ui_term_quit_requested())
			return 0;
		if (key != KEY_RESIZE)
			ret = key_of(&v, key);
	}
	return ret;
}
