/* certdeck: drawing a form and feeding it keys. The page is laid out as
 * rows (a note, a label, a value, a reason) from the form's state each
 * time it is drawn; the rows that fit are shown, scrolled so that the
 * focused value is in sight. */
#include <config.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

#include "dialog.h"
#include "error.h"
#include "formview.h"
#include "i18n.h"
#include "store.h"
#include "uicurses.h"

#define KEY_ESC 27
#define CTRL(c) ((c)&0x1f)
#define MIN_BOX 20 /* columns of a value box beside its label */

enum row_kind { ROW_NOTE, ROW_LABEL, ROW_VALUE, ROW_TOGGLE, ROW_REASON };

struct row {
	enum row_kind kind;
	size_t field, value;
	int label_x; /* where the label of a value row ends (0: none) */
	int box_x, box_w;
	int reason_beside;
};

struct layout {
	struct row *rows;
	size_t n, size;
	int width;
};

/* Columns S takes (its first LEN bytes) in the locale; bytes that are
 * not text count as one, as ui_put shows them. */
static int text_cols(const char *s, size_t len)
{
	mbstate_t st;
	int cols = 0;

	memset(&st, 0, sizeof(st));
	while (len > 0) {
		wchar_t wc;
		size_t k = mbrtowc(&wc, s, len, &st);
		int w;

		if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
			memset(&st, 0, sizeof(st));
			k = 1;
			w = 1;
		} else {
			w = wcwidth(wc);
			w = w < 0 ? 1 : w;
		}
		cols += w;
		s += k;
		len -= k;
	}
	return cols;
}

static int add_row(struct layout *l, struct row r)
{
	if (l->n == l->size) {
		size_t size = l->size ? 2 * l->size : 64;
		struct row *rows = realloc(l->rows, size * sizeof(*rows));

		if (rows == NULL)
			return -1;
		l->rows = rows;
		l->size = size;
	}
	l->rows[l->n++] = r;
	return 0;
}

static int reason_here(const struct form_field *field, size_t v)
{
	return field->error && field->error_value == v;
}

static void layout_field(struct layout *l, const struct form *f, size_t i)
{
	const struct form_field *field = &f->fields[i];
	struct cd_prompt_state st = form_state(f);
	const char *label = cd_prompt_label(field->prompt, &st);
	int lw = text_cols(label, strlen(label)), inline_ok;
	struct row r;
	size_t v;

	memset(&r, 0, sizeof(r));
	r.field = i;
	if (field->prompt->note) {
		r.kind = ROW_NOTE;
		add_row(l, r);
	}
	if (form_is_toggle(field)) {
		r.kind = ROW_TOGGLE;
		add_row(l, r);
		return;
	}
	inline_ok = lw + MIN_BOX <= l->width;
	if (!inline_ok) {
		r.kind = ROW_LABEL;
		add_row(l, r);
	}
	for (v = 0; v < field->n_values; v++) {
		const char *text = field->values[v];
		int want = text_cols(text, strlen(text)) + 2;

		r.kind = ROW_VALUE;
		r.value = v;
		r.label_x = inline_ok && v == 0 ? lw : 0;
		r.box_x = inline_ok ? lw : 4;
		r.box_w = l->width - r.box_x;
		if (want < MIN_BOX)
			want = MIN_BOX;
		if (want < r.box_w)
			r.box_w = want;
		r.reason_beside =
		    reason_here(field, v) &&
		    l->width - r.box_x - r.box_w - 1 >=
			text_cols(field->error, strlen(field->error));
		add_row(l, r);
		if (reason_here(field, v) && !r.reason_beside) {
			r.kind = ROW_REASON;
			add_row(l, r);
		}
	}
}

static void layout_build(struct layout *l, const struct form *f, int width)
{
	size_t i;

	l->n = 0;
	l->width = width;
	for (i = 0; i < f->n; i++)
		if (form_applies(f, i))
			layout_field(l, f, i);
}

/* The row of the focused value. */
static size_t focus_row(const struct layout *l, const struct form *f)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (l->rows[i].field == f->focus &&
		    (l->rows[i].kind == ROW_TOGGLE ||
		     (l->rows[i].kind == ROW_VALUE &&
		      l->rows[i].value == f->value)))
			return i;
	return 0;
}

/* ---- drawing -------------------------------------------------------- */

/* The value TEXT in its box, from a character chosen so that the cursor
 * (at byte CURSOR) stays inside; returns the cursor's column. */
static int draw_value(int y, const struct row *r, const char *text,
		      size_t cursor, int hidden, int focused)
{
	size_t start = 0;
	int cx;

	attrset(focused ? ui_attr(UI_SELECTED)
			: (int)(ui_attr(UI_DIM) | A_UNDERLINE));
	ui_fill(y, r->box_x, r->box_w);
	if (hidden) {
		attrset(A_NORMAL);
		return r->box_x;
	}
	while (text_cols(text + start, cursor - start) > r->box_w - 2) {
		start++;
		while (((unsigned char)text[start] & 0xc0) == 0x80)
			start++;
	}
	ui_put(y, r->box_x + 1, r->box_w - 2, text + start);
	cx = r->box_x + 1 + text_cols(text + start, cursor - start);
	attrset(A_NORMAL);
	return cx;
}

static void draw_toggle(int y, const struct form *f, const struct row *r,
			const char *label, int width)
{
	const struct form_field *field = &f->fields[r->field];
	int focused = f->focus == r->field;
	int x = ui_put(y, 0, width - 2, label);

	attrset(focused ? ui_attr(UI_SELECTED) : ui_attr(UI_HINT_KEY));
	/* L10N: a y/N answer shown in a form; keep y and n. */
	ui_put(y, x, 1, field->on ? _("y") : _("n"));
	if (field->error && x + 3 < width) {
		/* a locked toggle's reason */
		attrset(ui_attr(UI_ERROR));
		ui_put(y, x + 3, width - x - 3, field->error);
	}
	attrset(A_NORMAL);
}

/* Draw row R at screen line Y; returns the cursor column when R holds
 * the focus, else -1. */
static int draw_row(int y, const struct form *f, const struct row *r, int width)
{
	const struct form_field *field = &f->fields[r->field];
	struct cd_prompt_state st = form_state(f);
	const char *label = cd_prompt_label(field->prompt, &st);
	int focused = f->focus == r->field && f->value == r->value;
	int cx = -1;

	switch (r->kind) {
	case ROW_NOTE:
		attrset(ui_attr(UI_DIM));
		ui_put(y, 0, width, _(field->prompt->note));
		break;
	case ROW_LABEL:
		ui_put(y, 0, width, label);
		break;
	case ROW_TOGGLE:
		draw_toggle(y, f, r, label, width);
		break;
	case ROW_VALUE:
		if (r->label_x)
			ui_put(y, 0, r->label_x, label);
		cx = draw_value(
		    y, r, field->values[r->value],
		    focused ? f->cursor : strlen(field->values[r->value]),
		    field->prompt->kind == CD_PROMPT_PASSWORD, focused);
		if (r->reason_beside) {
			int x = r->box_x + r->box_w + 1;

			attrset(ui_attr(UI_ERROR));
			ui_put(y, x, width - x, field->error);
		}
		if (!focused)
			cx = -1;
		break;
	case ROW_REASON:
		attrset(ui_attr(UI_ERROR));
		ui_put(y, r->box_x, width - r->box_x, field->error);
		break;
	}
	attrset(A_NORMAL);
	return cx;
}

static void draw_hints(int y)
{
	static const char *const hints[][2] = {
	    {N_("Tab"), N_("next")},
	    {N_("Up"), N_("prev")},
	    {N_("Enter"), N_("next")},
	    {N_("F10"), N_("finish")},
	    {N_("Esc"), N_("back")},
	    {N_("F2/F3"), N_("save/load template")},
	};
	size_t i;
	int x = 0;

	attrset(ui_attr(UI_HINT));
	ui_fill(y, 0, COLS);
	for (i = 0; i < sizeof(hints) / sizeof(hints[0]); i++) {
		const char *key = _(hints[i][0]), *word = _(hints[i][1]);

		if (x + text_cols(key, strlen(key)) +
			text_cols(word, strlen(word)) + 2 >
		    COLS)
			break;
		attrset(ui_attr(UI_HINT_KEY));
		x += ui_put(y, x, COLS - x, key);
		attrset(ui_attr(UI_HINT));
		x += ui_put(y, x, COLS - x, " ");
		x += ui_put(y, x, COLS - x, word);
		x += ui_put(y, x, COLS - x, "  ");
	}
	attrset(A_NORMAL);
}

static void draw(struct ui_form_view *v, struct layout *l)
{
	int body_y = 1, body_h, cy = -1, cx = -1;
	size_t i, fr;

	erase();
	if (v->intro)
		body_y += ui_put_wrapped(1, 0, COLS, 2, v->intro);
	body_h = LINES - body_y - 2 > 1 ? LINES - body_y - 2 : 1;
	layout_build(l, v->form, COLS);
	fr = focus_row(l, v->form);
	if ((int)fr < v->top)
		v->top = (int)fr;
	if ((int)fr >= v->top + body_h)
		v->top = (int)fr - body_h + 1;
	if (v->top > 0 && (int)l->n - v->top < body_h)
		v->top = (int)l->n > body_h ? (int)l->n - body_h : 0;
	ui_put_bar(0, UI_TITLE, v->title);
	for (i = (size_t)v->top; i < l->n && (int)i < v->top + body_h; i++) {
		int y = body_y + (int)i - v->top;
		int x = draw_row(y, v->form, &l->rows[i], COLS);

		if (x >= 0) {
			cy = y;
			cx = x;
		}
	}
	attrset(ui_attr(v->note_role));
	ui_put(LINES - 2, 0, COLS, v->note);
	attrset(A_NORMAL);
	draw_hints(LINES - 1);
	if (cy >= 0) {
		move(cy, cx < COLS ? cx : COLS - 1);
		curs_set(1);
	} else
		curs_set(0);
	refresh();
}

/* ---- keys ----------------------------------------------------------- */

static void say(struct ui_form_view *v, enum ui_role role, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void say(struct ui_form_view *v, enum ui_role role, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(v->note, sizeof(v->note), fmt, ap);
	va_end(ap);
	v->note_role = role;
}

static void template_path(struct ui_form_view *v, char *buf, size_t size)
{
	snprintf(buf, size, "%s/", v->template_dir ? v->template_dir : ".");
}

static void save_template(struct ui_form_view *v)
{
	char path[1024];

	template_path(v, path, sizeof(path));
	if (ui_dialog_input(_("Save the answers as a template"),
			    _("certtool template file to write:"), path, 0,
			    NULL, NULL, path, sizeof(path)) < 0)
		return;
	if (form_check(v->form) >= 0) {
		say(v, UI_ERROR, "%s", _("a value is refused: see beside it"));
		return;
	}
	if (v->store_dir &&
	    cd_store_write_check(v->ctx, v->store_dir, path, 1) < 0) {
		/* Too long for the line under the fields: a dialog. */
		ui_dialog_message(_("Template not saved"), UI_ERROR,
				  cd_ctx_message(v->ctx));
		say(v, UI_ERROR, "%s", cd_ctx_message(v->ctx));
		return;
	}
	if (access(path, F_OK) == 0 &&
	    ui_dialog_confirm(_("Save the answers as a template"),
			      _("The file exists. Replace it?"), 0) != 1) {
		say(v, UI_NORMAL, "%s", _("template not saved"));
		return;
	}
	if (form_to_params(v->form, v->ctx, v->params) < 0 ||
	    cd_profile_save(v->ctx, v->params, path) < 0) {
		say(v, UI_ERROR, "%s", cd_ctx_message(v->ctx));
		return;
	}
	say(v, UI_GOOD, _("template written to %s"), path);
}

static void load_template(struct ui_form_view *v)
{
	struct cd_cert_params loaded;
	char path[1024];

	template_path(v, path, sizeof(path));
	if (ui_dialog_input(_("Load a template"),
			    _("certtool template file to read:"), path, 0, NULL,
			    NULL, path, sizeof(path)) < 0)
		return;
	cd_profile_init(&loaded);
	if (cd_profile_load(v->ctx, path, &loaded) < 0 ||
	    form_from_params(v->form, &loaded) < 0) {
		say(v, UI_ERROR, "%s", cd_ctx_message(v->ctx));
		cd_profile_free(&loaded);
		return;
	}
	cd_profile_free(v->params);
	*v->params = loaded;
	form_check(v->form);
	form_focus(v->form, 0);
	say(v, UI_GOOD, _("template %s loaded"), path);
}

/* Every value checked and the params filled: the page is done. */
static int finish(struct ui_form_view *v)
{
	if (form_check(v->form) >= 0) {
		say(v, UI_ERROR, "%s", _("a value is refused: see beside it"));
		return 0;
	}
	if (form_to_params(v->form, v->ctx, v->params) < 0) {
		say(v, UI_ERROR, "%s", cd_ctx_message(v->ctx));
		return 0;
	}
	return 1;
}

/* A character typed: its first byte KEY, the rest read now. */
static void type_char(struct form *f, int key)
{
	char buf[8];
	int more = 0, i;

	if ((key & 0xe0) == 0xc0)
		more = 1;
	else if ((key & 0xf0) == 0xe0)
		more = 2;
	else if ((key & 0xf8) == 0xf0)
		more = 3;
	buf[0] = (char)key;
	for (i = 1; i <= more; i++) {
		int next = getch();

		if (next == ERR || (next & 0xc0) != 0x80)
			break;
		buf[i] = (char)next;
	}
	buf[i] = '\0';
	form_insert(f, buf);
}

static const struct {
	int key;
	void (*edit)(struct form *f);
} edit_keys[] = {
    {KEY_LEFT, form_left},
    {KEY_RIGHT, form_right},
    {KEY_HOME, form_home},
    {CTRL('a'), form_home},
    {KEY_END, form_end},
    {CTRL('e'), form_end},
    {KEY_BACKSPACE, form_backspace},
    {127, form_backspace},
    {CTRL('h'), form_backspace},
    {KEY_DC, form_delete},
    {CTRL('d'), form_delete},
    {CTRL('u'), form_clear_value},
};

/* Returns 1 when the page is finished, -1 when backed out of, else 0. */
static int page_key(struct ui_form_view *v, int key)
{
	size_t i;

	for (i = 0; i < sizeof(edit_keys) / sizeof(edit_keys[0]); i++)
		if (edit_keys[i].key == key) {
			edit_keys[i].edit(v->form);
			return 0;
		}
	switch (key) {
	case KEY_ESC:
		return -1;
	case '\t':
	case KEY_DOWN:
		form_next(v->form);
		return 0;
	case KEY_BTAB:
	case KEY_UP:
		form_prev(v->form);
		return 0;
	case '\n':
	case '\r':
	case KEY_ENTER:
		return form_next(v->form) == 1 ? finish(v) : 0;
	case KEY_F(10):
		return finish(v);
	case KEY_F(2):
		save_template(v);
		return 0;
	case KEY_F(3):
		load_template(v);
		return 0;
	}
	if (key >= 0x20 && key < 0x100 && key != 0x7f)
		type_char(v->form, key);
	return 0;
}

enum ui_form_result ui_form_run(struct ui_form_view *v)
{
	struct layout l;
	int done = 0, dirty = 1;

	memset(&l, 0, sizeof(l));
	timeout(100);
	while (!done) {
		int key;

		if (dirty)
			draw(v, &l);
		key = ui_getkey();
		dirty = key != ERR;
		if (ui_term_quit_requested())
			done = -1;
		else if (key != KEY_RESIZE && key != ERR) {
			if (key != KEY_F(2) && key != KEY_F(3))
				v->note[0] = '\0';
			done = page_key(v, key);
		}
	}
	curs_set(0);
	free(l.rows);
	return done > 0 ? UI_FORM_DONE : UI_FORM_BACK;
}
