/* certdeck: the main screen. The store on the left, the selection's
 * details on the right, the message line and the key hints at the bottom.
 * Key bindings are a table; actions change state and return what needs
 * redrawing, drawing happens in one place. */
#include <config.h>

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "ca.h"
#include "dashboard.h"
#include "echoview.h"
#include "ocspview.h"
#include "exportview.h"
#include "renewview.h"
#include "revokeview.h"
#include "inspectview.h"
#include "subscreen.h"
#include "signwiz.h"
#include "wizard.h"
#include "uicurses.h"
#include "i18n.h"

#define CTRL(c) ((c)&0x1f)
#define KEY_ESC 27

struct layout {
	int body_y, body_h; /* the panes' rows */
	int list_w;	    /* the list's columns */
	int det_x, det_w;   /* the details' columns */
};

static struct layout layout_now(void)
{
	struct layout l;

	l.body_y = 1;
	l.body_h = LINES - 3 > 1 ? LINES - 3 : 1;
	l.list_w = COLS * 2 / 5;
	if (l.list_w < 24)
		l.list_w = COLS < 24 ? COLS : 24;
	if (l.list_w > 60)
		l.list_w = 60;
	l.det_x = l.list_w + 1;
	l.det_w = COLS - l.det_x;
	return l;
}

/* ---- the list ------------------------------------------------------- */

static enum ui_role item_role(const struct ui_item *it)
{
	if (it->kind == UI_ITEM_SECTION)
		return UI_SECTION;
	if (it->status == 'R')
		return UI_REVOKED;
	if (it->status == 'E' || (it->status == 'V' && it->days_left < 0))
		return UI_EXPIRED;
	if ((it->status == 'V' && it->days_left <= 30) || it->status == 'N')
		return UI_EXPIRING;
	return UI_NORMAL;
}

/* The index's word for an item of the index. */
static const char *status_words(const struct ui_item *it)
{
	/* index.txt says 'V' until openssl ca -updatedb: past its end, it
	 * is expired */
	return cd_store_status_text(
	    it->status == 'V' && it->days_left < 0 ? 'E' : it->status);
}

/* The right-hand column of a row: days left, or the state. */
static void item_state(const struct ui_item *it, char *buf, size_t size)
{
	buf[0] = '\0';
	if (it->kind == UI_ITEM_SECTION && it->shown_members != it->members)
		/* L10N: a heading's count under a filter: shown/all. */
		snprintf(buf, size, _("%zu/%zu"), it->shown_members,
			 it->members);
	else if (it->kind == UI_ITEM_SECTION)
		snprintf(buf, size, "%zu", it->members);
	else if (it->status == 'V' && it->days_left >= 0)
		/* L10N: days left, as in "396d". */
		snprintf(buf, size, _("%ldd"), it->days_left);
	else if (it->status)
		snprintf(buf, size, "%s", status_words(it));
}

static void draw_row(void *arg, int y, int x, int width, size_t row,
		     int selected)
{
	struct ui *ui = arg;
	const struct ui_item *it = &ui->model.items[ui->model.shown[row]];
	int attr = selected ? ui_attr(UI_SELECTED) : ui_attr(item_role(it));
	char state[32];
	int sw, used;

	item_state(it, state, sizeof(state));
	sw = (int)strlen(state);
	attrset(attr);
	ui_fill(y, x, width);
	if (it->kind == UI_ITEM_SECTION)
		used = ui_put(y, x, width - sw - 1, ui_section_title(it));
	else {
		used = ui_put(y, x, 2, "  ");
		used += ui_put(y, x + used, width - used - sw - 1,
			       ui_item_label(it));
	}
	(void)used;
	if (sw && sw < width)
		ui_put(y, x + width - sw, sw, state);
	attrset(A_NORMAL);
}

static int row_selectable(void *arg, size_t row)
{
	const struct ui *ui = arg;

	return ui->model.items[ui->model.shown[row]].kind != UI_ITEM_SECTION;
}

const struct ui_item *ui_current(const struct ui *ui)
{
	if (ui->model.n_shown == 0)
		return NULL;
	return &ui->model.items[ui->model.shown[ui->list.cursor]];
}

int ui_select(struct ui *ui, unsigned on, const char *name, const char *serial)
{
	size_t i;

	ui_model_filter(&ui->model, "");
	ui->list.count = ui->model.n_shown;
	for (i = 0; i < ui->model.n_shown; i++) {
		const struct ui_item *it = &ui->model.items[ui->model.shown[i]];

		if ((on & UI_ON(it->kind)) &&
		    (name == NULL ||
		     (it->name && strcmp(it->name, name) == 0)) &&
		    (serial == NULL || strcmp(it->serial, serial) == 0)) {
			ui_list_set(&ui->list, i);
			ui->details_item = (size_t)-1;
			return 0;
		}
	}
	return -1;
}

/* ---- the details ---------------------------------------------------- */

static enum ui_role mood_role(enum cd_summary_mood mood)
{
	switch (mood) {
	case CD_MOOD_GOOD:
		return UI_GOOD;
	case CD_MOOD_WARN:
		return UI_EXPIRING;
	case CD_MOOD_BAD:
		return UI_EXPIRED;
	default:
		return UI_NORMAL;
	}
}

static void details_compute(struct ui *ui)
{
	const struct ui_item *it = ui_current(ui);
	size_t at =
	    ui->model.n_shown ? ui->model.shown[ui->list.cursor] : (size_t)-1;
	char *path;
	struct cd_ctx scratch;

	if (at == ui->details_item)
		return;
	cd_summary_free(&ui->details);
	ui->details_error[0] = '\0';
	ui->details_item = at;
	if (it == NULL || it->rel == NULL)
		return;
	if (it->status)
		cd_summary_add(&ui->details, _("Status"),
			       it->status == 'R' ? CD_MOOD_BAD : CD_MOOD_PLAIN,
			       "%s", status_words(it));
	path = cd_store_path(ui->store, it->rel);
	scratch = ui->ctx;
	scratch.log = NULL;
	if (path == NULL || cd_summary_file(&scratch, path, &ui->details) < 0)
		snprintf(ui->details_error, sizeof(ui->details_error), "%s",
			 path ? cd_ctx_message(&scratch) : _("out of memory"));
	free(path);
}

static void draw_section_details(struct ui *ui, const struct ui_item *it, int y,
				 int x, int w)
{
	static const char *const what[] = {
	    [UI_ITEM_CA] = N_("The CA's certificate (ca.crt)."),
	    [UI_ITEM_ISSUED] = N_("Certificates the CA has issued "
				  "(index.txt, issued/)."),
	    [UI_ITEM_REQUEST] = N_("Certificate requests (reqs/)."),
	    [UI_ITEM_KEY] = N_("Private keys (private/)."),
	    [UI_ITEM_REVOKED] = N_("Revoked certificates (index.txt)."),
	};
	char line[128];

	(void)ui;
	attrset(ui_attr(UI_SECTION));
	ui_put(y, x, w, ui_section_title(it));
	attrset(A_NORMAL);
	ui_put(y + 2, x, w, _(what[it->holds]));
	snprintf(line, sizeof(line), _("%zu in all."), it->members);
	ui_put(y + 3, x, w, line);
}

static void draw_details(struct ui *ui, const struct layout *l)
{
	const struct ui_item *it = ui_current(ui);
	int x = l->det_x + 1, w = l->det_w - 2, y = l->body_y, label_w = 13;
	size_t i;

	if (w < 4)
		return;
	if (ui->store == NULL) {
		ui_put(y, x, w, _("This directory holds no CA yet."));
		ui_put(y + 2, x, w, ui->store_dir);
		return;
	}
	if (it == NULL)
		return;
	if (it->kind == UI_ITEM_SECTION) {
		draw_section_details(ui, it, y, x, w);
		return;
	}
	details_compute(ui);
	/* Labels 13 columns wide, or as wide as the widest (translations
	 * are longer: French needs 18 in 80 columns), within 2/5 of the
	 * pane. */
	for (i = 0; i < ui->details.count; i++) {
		int lw = ui_text_width(ui->details.lines[i].label) + 1;

		if (lw > label_w)
			label_w = lw;
	}
	if (label_w > w * 2 / 5)
		label_w = w * 2 / 5;
	attrset(ui_attr(UI_SECTION));
	ui_put(y++, x, w, ui_item_label(it));
	attrset(A_NORMAL);
	y++;
	for (i = 0; i < ui->details.count && y < l->body_y + l->body_h; i++) {
		const struct cd_summary_line *s = &ui->details.lines[i];

		attrset(ui_attr(UI_DIM));
		ui_put(y, x, label_w - 1, s->label);
		attrset(ui_attr(mood_role(s->mood)));
		y += ui_put_wrapped(y, x + label_w, w - label_w,
				    l->body_y + l->body_h - y, s->value);
		attrset(A_NORMAL);
	}
	if (ui->details_error[0]) {
		attrset(ui_attr(UI_ERROR));
		ui_put(y, x, w, ui->details_error);
		attrset(A_NORMAL);
	}
}

/* ---- the frame ------------------------------------------------------ */

/* The members of the Issued section: not always the third item (an
 * intermediate store waiting for its certificate has no CA item). */
static size_t issued_count(const struct ui_model *m)
{
	size_t i;

	for (i = 0; i < m->count; i++)
		if (m->items[i].kind == UI_ITEM_SECTION &&
		    m->items[i].holds == UI_ITEM_ISSUED)
			return m->items[i].members;
	return 0;
}

static void say_pending(struct ui *ui, enum ui_role role)
{
	ui_say(ui, role, "%s", ui_pending_text());
}

static void names_finish(struct ui *ui, int take);

int ui_reopen_completed(struct ui *ui)
{
	struct cd_store *fresh = NULL;

	if (!cd_store_is_pending(ui->store) ||
	    !cd_store_has(ui->store, "ca.crt") ||
	    cd_store_open(&ui->ctx, ui->store_dir, &fresh) < 0)
		return 0;
	fresh->lock_wait_ms = 0; /* as tui.c opens stores */
	names_finish(ui, 0);
	cd_store_close(ui->store);
	ui->store = fresh;
	ui_reload(ui);
	ui_say(ui, UI_GOOD, "%s",
	       _("the intermediate CA's certificate is installed (ca.crt): "
		 "it can sign"));
	return 1;
}

int ui_refuse_pending(struct ui *ui)
{
	if (ui_reopen_completed(ui) || !cd_store_is_pending(ui->store))
		return 0;
	say_pending(ui, UI_ERROR);
	return 1;
}

const char *ui_pending_text(void)
{
	return _("no CA certificate yet: c installs the one the parent signs "
		 "from reqs/ca.req");
}

static void draw_title(struct ui *ui)
{
	char buf[512];
	size_t issued = issued_count(&ui->model);

	attrset(ui_attr(UI_TITLE));
	ui_fill(0, 0, COLS);
	if (ui->demo_dir)
		snprintf(buf, sizeof(buf), _(" certdeck  demo store %s"),
			 ui->store_dir);
	else
		snprintf(buf, sizeof(buf), " certdeck  %s", ui->store_dir);
	ui_put(0, 0, COLS, buf);
	if (ui->store && ui->model.filter[0])
		snprintf(buf, sizeof(buf), _("filter: %s "), ui->model.filter);
	else if (cd_store_is_pending(ui->store))
		snprintf(buf, sizeof(buf), "%s",
			 _("waiting for its certificate "));
	else if (ui->store)
		snprintf(buf, sizeof(buf), _("%zu issued "), issued);
	else
		buf[0] = '\0';
	if (ui_text_width(buf) < COLS / 2)
		ui_put(0, COLS - ui_text_width(buf), ui_text_width(buf), buf);
	attrset(A_NORMAL);
}

static const struct ui_binding *bindings(size_t *n);

/* Is the key of use now (a store with its CA, or none yet)? */
static int binding_applies(const struct ui *ui, const struct ui_binding *b)
{
	switch (b->when) {
	case UI_WHEN_CA:
		return ui->store != NULL && !cd_store_is_pending(ui->store);
	case UI_WHEN_STORE:
		return ui->store != NULL;
	case UI_WHEN_NO_CA:
		return ui->store == NULL;
	case UI_WHEN_PENDING:
		return cd_store_is_pending(ui->store);
	default:
		return 1;
	}
}

/* One "KEY hint" of the hint bar at X; returns the columns it took. */
static int draw_hint(int y, int x, const struct ui_binding *b)
{
	return ui_hint_put(y, x, _(b->key_name), _(b->hint));
}

static int hint_width(const struct ui_binding *b)
{
	return ui_text_width(_(b->key_name)) + 1 + ui_text_width(_(b->hint));
}

/* Is B's hint for the bar now: of use in this store, and, for a key that
 * acts on some kinds of item, with one of them selected? */
static int hint_shown(const struct ui *ui, const struct ui_binding *b)
{
	const struct ui_item *item = ui_current(ui);

	if (b->hint == NULL || !binding_applies(ui, b))
		return 0;
	if (b->not_on_revoked && item && item->status == 'R')
		return 0;
	return b->on == 0 || (item && (b->on & UI_ON(item->kind)));
}

/* The hints of the keys of use now, in table order, the last one (quit)
 * at the right end. When they do not all fit, the general ones go first,
 * from the end of the table, then those for the selection; the first one
 * (help) stays. */
static void draw_hints(const struct ui *ui)
{
	const struct ui_binding *b, *last = NULL;
	unsigned char keep[64];
	size_t n, i, pass;
	int x = 0, y = LINES - 1, room, width = 0;

	b = bindings(&n);
	for (i = 0; i < n && i < sizeof(keep); i++) {
		keep[i] = (unsigned char)hint_shown(ui, &b[i]);
		if (keep[i])
			last = &b[i];
	}
	attrset(ui_attr(UI_HINT));
	ui_fill(y, 0, COLS);
	if (last == NULL) {
		attrset(A_NORMAL);
		return;
	}
	keep[last - b] = 0;
	room = COLS - hint_width(last) - 1;
	for (i = 0; i < n && i < sizeof(keep); i++)
		if (keep[i])
			width += hint_width(&b[i]) + 2;
	for (pass = 0; pass < 2 && width > room; pass++)
		for (i = n < sizeof(keep) ? n : sizeof(keep);
		     i-- > 1 && width > room;)
			if (keep[i] && (pass == 1 || b[i].on == 0)) {
				keep[i] = 0;
				width -= hint_width(&b[i]) + 2;
			}
	for (i = 0; i < n && i < sizeof(keep); i++)
		if (keep[i] && x + hint_width(&b[i]) <= room)
			x += draw_hint(y, x, &b[i]) + 2;
	if (room > 0)
		draw_hint(y, room + 1, last);
	attrset(A_NORMAL);
}

static void draw_message(struct ui *ui)
{
	int y = LINES - 2;

	move(y, 0);
	clrtoeol();
	if (ui->filtering) {
		char buf[300];

		snprintf(buf, sizeof(buf), "/%s", ui->model.filter);
		ui_put(y, 0, COLS - 1, buf);
		curs_set(1);
		return;
	}
	curs_set(0);
	attrset(ui_attr(ui->message_role));
	ui_put(y, 0, COLS, ui->message);
	attrset(A_NORMAL);
}

static void draw(struct ui *ui)
{
	struct layout l = layout_now();

	erase();
	draw_title(ui);
	ui->list.count = ui->model.n_shown;
	ui_list_draw(&ui->list, l.body_y, 0, l.body_h, l.list_w);
	attrset(ui_attr(UI_DIM));
	mvvline(l.body_y, l.list_w, ACS_VLINE, l.body_h);
	attrset(A_NORMAL);
	draw_details(ui, &l);
	draw_hints(ui);
	draw_message(ui);
	refresh();
}

void ui_say(struct ui *ui, enum ui_role role, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ui->message, sizeof(ui->message), fmt, ap);
	va_end(ap);
	ui->message_role = role;
}

/* ---- help ----------------------------------------------------------- */

static const struct {
	const char *keys, *help;
} movement_help[] = {
    {N_("Up, k / Down, j"), N_("move in the list")},
    {N_("PgUp / PgDn"), N_("move a page")},
    {N_("Home, g / End, G"), N_("first / last item")},
    {N_("Esc"), N_("back out of any dialog without writing anything")},
};

/* One key of the help, its text wrapped (translations run longer) in at
 * most LINES rows from Y; returns the rows used. */
static int help_line(int y, int lines, const char *keys, const char *help)
{
	int rows;

	attrset(ui_attr(UI_HINT_KEY));
	ui_put(y, 2, 20, keys);
	attrset(A_NORMAL);
	rows = ui_put_wrapped(y, 24, COLS - 25, lines, help);
	return rows > 0 ? rows : 1;
}

/* The help lists every key but the two uses of c that do not apply now
 * (a new CA, an intermediate's certificate). */
static int help_applies(const struct ui *ui, const struct ui_binding *b)
{
	return (b->when != UI_WHEN_NO_CA && b->when != UI_WHEN_PENDING) ||
	       binding_applies(ui, b);
}

static int act_help(struct ui *ui)
{
	const struct ui_binding *b;
	size_t n, i, total, top = 0;
	int key, more;

	b = bindings(&n);
	total = n + sizeof(movement_help) / sizeof(movement_help[0]);
	for (;;) {
		int y = 2, bottom = LINES - 2;

		erase();
		ui_put_bar(0, UI_TITLE,
			   _(" certdeck help: every key of the main "
			     "screen"));
		for (i = top; i < total && y < bottom; i++)
			if (i >= n)
				y += help_line(y, bottom - y,
					       _(movement_help[i - n].keys),
					       _(movement_help[i - n].help));
			else if (help_applies(ui, &b[i]))
				y += help_line(y, bottom - y, _(b[i].key_name),
					       _(b[i].help));
		/* Scrolling goes by key, while the last is not all shown. */
		more = i < total || y >= bottom;
		ui_put_bar(LINES - 1, UI_HINT,
			   _(" Up/Down scroll   q, Esc or F1 close"));
		refresh();
		key = ui_getkey();
		if (ui_term_quit_requested())
			return UI_QUIT;
		if (key == KEY_UP && top > 0)
			top--;
		else if (key == KEY_DOWN && more && top + 1 < total)
			top++;
		else if (key == 'q' || key == KEY_ESC || key == KEY_F(1) ||
			 key == '?')
			return UI_REDRAW;
	}
}

/* ---- the filter ----------------------------------------------------- */

static void refilter(struct ui *ui, const char *text)
{
	const struct ui_item *was = ui_current(ui);
	size_t at = was ? (size_t)(was - ui->model.items) : 0, i;

	ui_model_filter(&ui->model, text);
	ui->list.count = ui->model.n_shown;
	/* Stay on the same item when it is still shown, else the first
	 * match after the first heading. */
	ui->list.cursor = 0;
	for (i = 0; i < ui->model.n_shown; i++)
		if (ui->model.shown[i] == at) {
			ui->list.cursor = i;
			return;
		}
	for (i = 0; i < ui->model.n_shown; i++)
		if (ui->model.items[ui->model.shown[i]].kind !=
		    UI_ITEM_SECTION) {
			ui->list.cursor = i;
			return;
		}
}

static int act_filter(struct ui *ui)
{
	ui->filtering = 1;
	return UI_REDRAW;
}

/* A key while the filter line is typed. */
static int filter_key(struct ui *ui, int key)
{
	char text[sizeof(ui->model.filter)];
	size_t len;

	snprintf(text, sizeof(text), "%s", ui->model.filter);
	len = strlen(text);
	if (key == '\n' || key == '\r' || key == KEY_ENTER) {
		ui->filtering = 0;
		return UI_REDRAW;
	}
	if (key == KEY_ESC) {
		ui->filtering = 0;
		refilter(ui, "");
		return UI_REDRAW;
	}
	if (key == KEY_BACKSPACE || key == 127 || key == CTRL('h')) {
		/* Back over a whole UTF-8 character. */
		while (len > 0 && ((unsigned char)text[len - 1] & 0xc0) == 0x80)
			len--;
		if (len > 0)
			len--;
	} else if (key == CTRL('u'))
		len = 0;
	else if (key >= 0x20 && key < 0x100 && key != 0x7f &&
		 len + 1 < sizeof(text))
		text[len++] = (char)key;
	else
		return UI_NOTHING;
	text[len] = '\0';
	refilter(ui, text);
	return UI_REDRAW;
}

/* ---- actions -------------------------------------------------------- */

static int act_quit(struct ui *ui)
{
	(void)ui;
	return UI_QUIT;
}

static int act_redraw(struct ui *ui)
{
	(void)ui;
	clearok(curscr, TRUE);
	return UI_REDRAW;
}

static int act_reload(struct ui *ui)
{
	if (ui_reopen_completed(ui))
		return UI_REDRAW;
	ui_say(ui, UI_NORMAL, "%s", _("store read again"));
	return UI_RELOAD;
}

static int act_escape(struct ui *ui)
{
	if (ui->model.filter[0] == '\0')
		return UI_NOTHING;
	refilter(ui, "");
	return UI_REDRAW;
}

/* The keys that act on a certificate. */
#define CERTS                                                                  \
	(UI_ON(UI_ITEM_CA) | UI_ON(UI_ITEM_ISSUED) | UI_ON(UI_ITEM_REVOKED))

/* In the order of the help screen and of the hint bar (which shows what
 * fits, the keys for the selection first, the last one always). */
static const struct ui_binding main_bindings[] = {
    /* L10N: the main screen's keys: the key's name as printed on the keyboard
       (Enter, Esc, Ctrl-L: use the local names, e.g. Entrée, Échap), a short
       word for the hint bar at the bottom of an 80-column screen (keep it
       short: the bar holds all of them), and a line for the help screen (F1).
     */
    {KEY_F(1), N_("F1"), N_("Help"), N_("this help"), act_help},
    {'?', "?", NULL, N_("this help"), act_help},
    {'c', "c", N_("New CA"), N_("new CA (when the store has none yet)"),
     ui_act_new_ca, UI_WHEN_NO_CA},
    {'c', "c", N_("Install"),
     N_("install the certificate an intermediate CA waits for"), ui_act_new_ca,
     UI_WHEN_PENDING},
    {'/', "/", N_("Filter"),
     N_("filter as you type (Enter keeps it, Esc clears it)"), act_filter,
     UI_WHEN_STORE},
    {'r', "r", N_("Request"),
     N_("make a new request (certtool --generate-request)"), ui_act_request,
     UI_WHEN_CA},
    {'s', "s", N_("Sign"),
     N_("sign the selected request (certtool --generate-certificate)"),
     ui_act_sign, UI_WHEN_CA, UI_ON(UI_ITEM_REQUEST)},
    {'i', "i", N_("Inspect"),
     N_("inspect the selection (as certtool -i shows it)"), ui_act_inspect,
     UI_WHEN_STORE},
    {'\r', N_("Enter"), NULL, N_("inspect the selection"), ui_act_inspect,
     UI_WHEN_STORE},
    {'P', "P", NULL, N_("inspect a key with its private part (asks first)"),
     ui_act_inspect_private, UI_WHEN_STORE},
    {'v', "v", N_("Verify"),
     N_("verify the selection: trust, peer name, purpose"), ui_act_verify,
     UI_WHEN_CA, CERTS},
    {'K', "K", N_("Key"), N_("new private key in the store"), ui_act_new_key,
     UI_WHEN_STORE},
    {'o', "o", N_("Open"),
     N_("open a file (certificate, request, key, CRL, PKCS #12)"), ui_act_open},
    {'x', "x", N_("Revoke"),
     N_("revoke the selected certificate (a reason, then a new CRL), or "
	"release a hold"),
     ui_act_revoke, UI_WHEN_CA, UI_ON(UI_ITEM_ISSUED) | UI_ON(UI_ITEM_REVOKED),
     1},
    {'L', "L", NULL,
     N_("sign a new CRL (crl.pem) listing the revocations recorded"),
     ui_act_crl, UI_WHEN_CA},
    {'e', "e", N_("Echo"),
     N_("TLS echo test on the selected certificate: server and client "
	"panes, lab scenarios"),
     ui_act_echo, UI_WHEN_CA, UI_ON(UI_ITEM_ISSUED)},
    {'O', "O", N_("OCSP"),
     N_("OCSP responder for the store on 127.0.0.1, logging each request"),
     ui_act_ocsp, UI_WHEN_CA},
    {'d', "d", N_("Due"),
     N_("what is due: expiring certificates, the CRL's next update and the "
	"store's problems, as certdeck check finds them"),
     ui_act_dashboard, UI_WHEN_STORE},
    {'E', "E", N_("Export"),
     N_("export the selected certificate: PEM, DER, a chain, or PKCS #12 "
	"with its key"),
     ui_act_export, UI_WHEN_CA, UI_ON(UI_ITEM_ISSUED) | UI_ON(UI_ITEM_CA)},
    {'I', "I", N_("Import"),
     N_("import a PKCS #12, PKCS #7 or PEM file into the store under a name"),
     ui_act_import, UI_WHEN_CA},
    {'n', "n", N_("Renew"),
     N_("renew, re-key or re-issue the selected certificate, or renew the "
	"CA"),
     ui_act_renew, UI_WHEN_CA, CERTS},
    {KEY_ESC, N_("Esc"), NULL, N_("clear the filter"), act_escape},
    {'R', "R", NULL, N_("read the store again"), act_reload},
    {CTRL('l'), N_("Ctrl-L"), NULL, N_("redraw the screen"), act_redraw},
    {'q', "q", N_("Quit"), N_("quit certdeck"), act_quit},
};

static const struct ui_binding *bindings(size_t *n)
{
	*n = sizeof(main_bindings) / sizeof(main_bindings[0]);
	return main_bindings;
}

static int dispatch(struct ui *ui, int key)
{
	const struct ui_binding *b;
	size_t n, i;

	if (ui->filtering)
		return filter_key(ui, key);
	if (ui_list_key(&ui->list, key, layout_now().body_h))
		return UI_REDRAW;
	b = bindings(&n);
	for (i = 0; i < n; i++) {
		if (b[i].key != key)
			continue;
		if (b[i].when == UI_WHEN_CA && ui_refuse_pending(ui))
			return UI_REDRAW;
		return b[i].act(ui);
	}
	return UI_NOTHING;
}

/* ---- names of issued/, read in the background ----------------------- */

static void *names_work(void *arg)
{
	struct ui *ui = arg;

	if (cd_store_list_names(&ui->names_ctx, ui->store, ui->names_serials,
				ui->model.n_index, &ui->names) < 0)
		ui->names = NULL;
	__atomic_store_n(&ui->names_ready, 1, __ATOMIC_RELEASE);
	return NULL;
}

static void names_start(struct ui *ui)
{
	size_t i, n = ui->model.n_index;

	if (ui->store == NULL || n == 0 || ui->names_running)
		return;
	ui->names_serials = calloc(n, sizeof(*ui->names_serials));
	if (ui->names_serials == NULL)
		return;
	for (i = 0; i < n; i++) {
		const struct ui_item *it =
		    &ui->model.items[ui->model.by_index[i]];

		memcpy(ui->names_serials[i].serial, it->serial,
		       sizeof(ui->names_serials[i].serial));
		ui->names_serials[i].status = it->status;
	}
	ui->names_ctx = ui->ctx;
	ui->names_ctx.log = NULL;
	ui->names_ready = 0;
	if (pthread_create(&ui->names_thread, NULL, names_work, ui) == 0)
		ui->names_running = 1;
}

/* Wait for the thread; with TAKE, give its names to the model. */
static void names_finish(struct ui *ui, int take)
{
	if (!ui->names_running)
		return;
	pthread_join(ui->names_thread, NULL);
	ui->names_running = 0;
	if (take && ui->names) {
		size_t i;

		/* reading the files told which are not yet valid */
		for (i = 0; i < ui->model.n_index; i++)
			if (ui->names_serials[i].status == 'N') {
				ui->model.items[ui->model.by_index[i]].status =
				    'N';
				ui->details_item = (size_t)-1; /* its status */
			}
		ui_model_set_names(&ui->model, ui->names, ui->model.n_index);
		/* Names may match the filter now: keep the same item. */
		refilter(ui, ui->model.filter);
	} else
		cd_store_names_free(ui->names, ui->model.n_index);
	ui->names = NULL;
	free(ui->names_serials);
	ui->names_serials = NULL;
}

int ui_reload(struct ui *ui)
{
	struct ui_model m;
	char filter[sizeof(ui->model.filter)];
	int ret;

	names_finish(ui, 0);
	if (ui->store == NULL)
		return 0;
	ret = ui_model_load(&ui->ctx, ui->store, &m);
	if (ret < 0) {
		ui_say(ui, UI_ERROR, "%s", cd_ctx_message(&ui->ctx));
		return ret;
	}
	snprintf(filter, sizeof(filter), "%s", ui->model.filter);
	ui_model_free(&ui->model);
	ui->model = m;
	ui_model_filter(&ui->model, filter);
	ui->list.count = ui->model.n_shown;
	ui_list_set(&ui->list, ui->list.cursor);
	cd_summary_free(&ui->details);
	ui->details_item = (size_t)-1;
	names_start(ui);
	return 0;
}

/* ---- the loop ------------------------------------------------------- */

int ui_main_screen(struct ui *ui)
{
	int reaction = UI_REDRAW;

	ui->list.draw_row = draw_row;
	ui->list.selectable = row_selectable;
	ui->list.arg = ui;
	ui->list.count = ui->model.n_shown;
	ui->details_item = (size_t)-1;
	ui_list_set(&ui->list, 0);
	if (cd_store_is_pending(ui->store))
		say_pending(ui, UI_EXPIRING);
	timeout(100);
	for (;;) {
		int key;

		if (reaction & UI_QUIT)
			break;
		if (reaction & UI_RELOAD)
			ui_reload(ui);
		if (reaction & (UI_REDRAW | UI_RELOAD)) {
			draw(ui);
			if (ui_term_refreshed())
				break;
		}
		if (!ui->names_running && ui->model.n_index && !ui->names_ready)
			names_start(ui);
		key = getch();
		if (ui_term_quit_requested())
			break;
		if (ui->names_running &&
		    __atomic_load_n(&ui->names_ready, __ATOMIC_ACQUIRE)) {
			names_finish(ui, 1);
			ui->names_ready = 1;
			ui->details_item = (size_t)-1;
			reaction = UI_REDRAW;
			if (key == ERR)
				continue;
		}
		if (key == ERR) {
			reaction = UI_NOTHING;
			continue;
		}
		if (key == KEY_RESIZE) {
			reaction = UI_REDRAW;
			continue;
		}
		reaction = dispatch(ui, key);
	}
	names_finish(ui, 0);
	return 0;
}
