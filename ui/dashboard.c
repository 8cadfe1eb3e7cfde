/* certdeck: the dashboard of what is due. The facts are cd_store_check()'s
 * (src/storecheck.c, src/expiry.c), the same as `certdeck check` prints:
 * what expires within N days sorted by date (passed first), the CRL's
 * next update, then the store's problems. Enter selects the entry in the
 * main list (on the CRL: signs a new one, as c does); + and - change N, d
 * asks for it; Esc goes back. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ca.h"
#include "dashboard.h"
#include "dialog.h"
#include "expiry.h"
#include "i18n.h"
#include "revokeview.h"
#include "subscreen.h"
#include "uicurses.h"

#define KEY_ESC 27
#define DAYS_MAX 36500

/* What a row of the list shows. */
enum row_kind {
	ROW_HEADING, /* "Due", "Problems" */
	ROW_DUE,     /* an entry of the expiry report */
	ROW_PROBLEM, /* a problem finding */
	ROW_NOTE,    /* "nothing due", "no problem" */
};

struct row {
	enum row_kind kind;
	size_t at; /* the entry or finding */
	const char *text;
};

struct dash {
	struct ui *ui;
	long days;
	struct cd_check_report report;
	int failed; /* the check failed: ERROR says why */
	char error[512];
	struct row *rows;
	size_t n_rows;
	struct ui_list list;
	int quit, back;
	int recovered; /* a check finished or undid an interrupted change */
};

/* Days offered by + and -. */
static const long day_steps[] = {1, 7, 14, 30, 60, 90, 180, 365, 730, 3650};
#define N_STEPS (sizeof(day_steps) / sizeof(day_steps[0]))

static int add_row(struct dash *d, enum row_kind kind, size_t at,
		   const char *text)
{
	struct row *r = realloc(d->rows, (d->n_rows + 1) * sizeof(*r));

	if (r == NULL)
		return -1;
	d->rows = r;
	r[d->n_rows].kind = kind;
	r[d->n_rows].at = at;
	r[d->n_rows].text = text;
	d->n_rows++;
	return 0;
}

static int build_rows(struct dash *d)
{
	const struct cd_expiry *e = d->report.expiry;
	size_t i, n = e ? e->count : 0;
	int ret = add_row(d, ROW_HEADING, 0, _("Due"));

	for (i = 0; ret == 0 && i < n; i++)
		ret = add_row(d, ROW_DUE, i, NULL);
	if (ret == 0 && n == 0)
		ret = add_row(d, ROW_NOTE, 0,
			      _("nothing expires within these days"));
	if (ret == 0)
		ret = add_row(d, ROW_HEADING, 0, _("Problems"));
	for (i = 0; ret == 0 && i < d->report.count; i++)
		if (d->report.findings[i].problem)
			ret = add_row(d, ROW_PROBLEM, i, NULL);
	if (ret == 0 && d->report.problems == 0)
		ret = add_row(d, ROW_NOTE, 0,
			      _("none: index.txt, certs_by_serial/, issued/ "
				"and key modes agree"));
	return ret;
}

/* The check runs on a thread behind a spinner (a large store takes a
 * while), on a store of its own: an abandoned job goes on alone. */
struct check_job {
	struct ui_job job; /* first: the dialog hands it back */
	struct cd_ctx ctx;
	char *dir;
	long days;
	int lock_wait_ms;
	struct cd_check_report report;
};

static int check_work(struct ui_job *job)
{
	struct check_job *j = (struct check_job *)job;
	struct cd_store *store = NULL;
	int ret = cd_store_open(&j->ctx, j->dir, &store);

	if (ret == 0) {
		store->lock_wait_ms = j->lock_wait_ms;
		ret = cd_store_check(&j->ctx, store, j->days, &j->report);
	}
	/* Closing lets go of the lock: the dashboard only looks. */
	cd_store_close(store);
	return ret;
}

static void check_job_free(struct ui_job *job)
{
	struct check_job *j = (struct check_job *)job;

	cd_check_report_free(&j->report);
	free(j->dir);
	free(j);
}

static int run_check(struct dash *d)
{
	struct check_job *j = calloc(1, sizeof(*j));
	int ret;

	if (j == NULL || (j->dir = strdup(d->ui->store_dir)) == NULL) {
		free(j);
		snprintf(d->error, sizeof(d->error), "%s", _("out of memory"));
		return -1;
	}
	j->job.work = check_work;
	j->job.discard = check_job_free;
	j->ctx = d->ui->ctx;
	j->ctx.log = NULL;
	j->days = d->days;
	j->lock_wait_ms = d->ui->store->lock_wait_ms;
	if (ui_dialog_progress(_("Due"), _("checking the store..."), &j->job) <
	    0) {
		snprintf(d->error, sizeof(d->error), "%s",
			 _("the check was abandoned; R starts it again"));
		return -1;
	}
	ret = j->job.result;
	if (ret < 0)
		snprintf(d->error, sizeof(d->error), "%s",
			 cd_ctx_message(&j->ctx));
	d->report = j->report;
	memset(&j->report, 0, sizeof(j->report));
	check_job_free(&j->job);
	return ret;
}

/* Run the check for D->DAYS again. */
static void refresh_report(struct dash *d)
{
	cd_check_report_free(&d->report);
	free(d->rows);
	d->rows = NULL;
	d->n_rows = 0;
	d->failed = run_check(d) < 0;
	if (!d->failed && d->report.expiry)
		cd_expiry_sort(d->report.expiry);
	d->recovered |= d->report.recovered;
	if (build_rows(d) < 0) {
		d->failed = 1;
		snprintf(d->error, sizeof(d->error), "%s", _("out of memory"));
	}
	d->list.count = d->n_rows;
	ui_list_set(&d->list, d->list.cursor);
}

static const struct cd_expiry_entry *row_entry(const struct dash *d,
					       const struct row *r)
{
	return r->kind == ROW_DUE ? &d->report.expiry->entries[r->at] : NULL;
}

static enum ui_role entry_role(const struct cd_expiry_entry *x)
{
	if (x->passed)
		return UI_EXPIRED;
	return x->days_left <= 7 ? UI_EXPIRING : UI_NORMAL;
}

/* The CN of a one-line subject (/C=../CN=name), or the whole subject. */
static const char *subject_cn(const char *subject)
{
	const char *cn = subject ? strstr(subject, "/CN=") : NULL;

	return cn ? cn + 4 : subject ? subject : "";
}

/* What the entry is called: its name in the store, else its CN. */
static const char *entry_label(const struct dash *d,
			       const struct cd_expiry_entry *x)
{
	size_t i;

	if (x->kind == CD_EXPIRY_CRL)
		return "crl.pem";
	if (x->kind == CD_EXPIRY_CA)
		return "ca.crt";
	for (i = 0; i < d->ui->model.count; i++) {
		const struct ui_item *it = &d->ui->model.items[i];

		if (it->kind == UI_ITEM_ISSUED && it->name &&
		    strcmp(it->serial, x->serial) == 0)
			return it->name;
	}
	return subject_cn(x->subject);
}

static void entry_state(const struct cd_expiry_entry *x, char *buf, size_t size)
{
	if (x->passed && x->kind == CD_EXPIRY_CRL)
		/* L10N: the dashboard's state column: a CRL past its next
		 * update; keep it short. */
		snprintf(buf, size, "%s", _("overdue"));
	else if (x->passed)
		snprintf(buf, size, "%s", _("expired"));
	else
		/* L10N: days left, as in "396d". */
		snprintf(buf, size, _("%ldd"), x->days_left);
}

static void draw_due(const struct dash *d, const struct cd_expiry_entry *x,
		     int y, int x0, int width)
{
	static const char *const kinds[] = {
	    [CD_EXPIRY_CA] = N_("CA"),
	    [CD_EXPIRY_CERT] = N_("certificate"),
	    [CD_EXPIRY_CRL] = N_("CRL update"),
	};
	char state[32], date[64], line[512];

	entry_state(x, state, sizeof(state));
	cd_expiry_date(x->when, date, sizeof(date));
	date[10] = '\0'; /* the day is enough in a row */
	snprintf(line, sizeof(line), "%-8s %s  %-12s %s  %s", state, date,
		 _(kinds[x->kind]), entry_label(d, x), x->serial);
	ui_put(y, x0, width, line);
}

static void draw_row(void *arg, int y, int x, int width, size_t i, int selected)
{
	const struct dash *d = arg;
	const struct row *r = &d->rows[i];
	const struct cd_expiry_entry *e = row_entry(d, r);
	enum ui_role role = r->kind == ROW_HEADING   ? UI_SECTION
			    : r->kind == ROW_PROBLEM ? UI_ERROR
			    : r->kind == ROW_NOTE    ? UI_DIM
			    : e			     ? entry_role(e)
						     : UI_NORMAL;

	attrset(ui_attr(selected ? UI_SELECTED : role));
	ui_fill(y, x, width);
	if (r->kind == ROW_HEADING)
		ui_put(y, x, width, r->text);
	else if (r->kind == ROW_NOTE)
		ui_put(y, x + 2, width - 2, r->text);
	else if (r->kind == ROW_PROBLEM)
		ui_put(y, x + 2, width - 2, d->report.findings[r->at].text);
	else
		draw_due(d, e, y, x + 2, width - 2);
	attrset(A_NORMAL);
}

static int row_selectable(void *arg, size_t i)
{
	const struct dash *d = arg;

	return d->rows[i].kind == ROW_DUE || d->rows[i].kind == ROW_PROBLEM;
}

/* The summary under the title: counts, and the CRL's next update. */
static void draw_summary(const struct dash *d, int y)
{
	const struct cd_expiry *e = d->report.expiry;
	char line[512], crl[256], date[64];
	size_t i, passed = 0;

	for (i = 0; e && i < e->count; i++)
		passed += e->entries[i].passed != 0;
	/* L10N: how many have expired (or are overdue), how many are due
	 * within the days, the days, how many problems. */
	snprintf(line, sizeof(line),
		 _("%zu expired, %zu due within %ld days, %zu problem(s)"),
		 passed, e ? e->count - passed : 0, d->days,
		 d->report.problems);
	ui_put(y, 1, COLS - 2, line);
	if (e && e->crl_present && e->crl_next != (time_t)-1) {
		cd_expiry_date(e->crl_next, date, sizeof(date));
		snprintf(crl, sizeof(crl),
			 _("crl.pem: next update %s, in %ld day(s)"), date,
			 e->crl_days_left);
	} else if (e && e->crl_present)
		snprintf(crl, sizeof(crl), "%s",
			 _("crl.pem: no next update given"));
	else
		snprintf(crl, sizeof(crl), "%s",
			 _("crl.pem: none yet (c signs one)"));
	ui_put(y + 1, 1, COLS - 2, crl);
}

/* The selected row in full, as check words it, over two lines. */
static void draw_detail(const struct dash *d, int y)
{
	const struct row *r = d->n_rows ? &d->rows[d->list.cursor] : NULL;
	const struct cd_expiry_entry *e = r ? row_entry(d, r) : NULL;
	char text[1024];

	if (e)
		cd_expiry_describe(e, text, sizeof(text));
	else if (r && r->kind == ROW_PROBLEM)
		snprintf(text, sizeof(text), "%s",
			 d->report.findings[r->at].text);
	else
		return;
	attrset(ui_attr(UI_DIM));
	ui_put_wrapped(y, 1, COLS - 2, 2, text);
	attrset(A_NORMAL);
}

static void draw_hints(void);

static void draw(struct dash *d)
{
	char title[256];
	int body = LINES - 8 > 1 ? LINES - 8 : 1;

	erase();
	/* L10N: the dashboard's title; the number of days. */
	snprintf(title, sizeof(title), _(" certdeck  due within %ld days"),
		 d->days);
	ui_put_bar(0, UI_TITLE, title);
	draw_summary(d, 1);
	if (d->failed) {
		attrset(ui_attr(UI_ERROR));
		ui_put_wrapped(4, 1, COLS - 2, body, d->error);
		attrset(A_NORMAL);
	} else
		ui_list_draw(&d->list, 4, 0, body, COLS);
	draw_detail(d, LINES - 4);
	draw_hints();
	refresh();
}

/* ---- actions -------------------------------------------------------- */

/* A CRL due is renewed by signing a new one: ask, sign, look again. */
static int act_crl(void *view)
{
	struct dash *d = view;

	if (cd_store_is_pending(d->ui->store)) {
		/* the main screen's message line is not shown here */
		ui_dialog_message(_("New CRL"), UI_ERROR, ui_pending_text());
		return UI_KEY_STAY;
	}
	if (ui_crl_sign(d->ui) == 0) {
		ui_reload(d->ui);
		refresh_report(d);
	}
	return UI_KEY_STAY;
}

static int act_select(void *view)
{
	struct dash *d = view;
	const struct row *r = d->n_rows ? &d->rows[d->list.cursor] : NULL;
	const struct cd_expiry_entry *e = r ? row_entry(d, r) : NULL;
	int ret;

	if (e && e->kind == CD_EXPIRY_CRL)
		return act_crl(d);
	if (e == NULL) {
		ui_say(d->ui, UI_NORMAL, "%s",
		       _("a problem has no item of its own: see "
			 "certdeck check"));
		return UI_KEY_CLOSE;
	}
	/* the CA: whatever its serial now (it may have been renewed) */
	ret = e->kind == CD_EXPIRY_CA
		  ? ui_select(d->ui, UI_ON(UI_ITEM_CA), NULL, NULL)
		  : ui_select(d->ui, UI_ON(UI_ITEM_ISSUED), NULL, e->serial);
	if (ret < 0)
		ui_say(d->ui, UI_ERROR, _("%s: not in the list"), e->serial);
	return UI_KEY_CLOSE;
}

static int act_more(void *view)
{
	struct dash *d = view;
	size_t i;

	for (i = 0; i < N_STEPS && day_steps[i] <= d->days; i++)
		;
	if (i < N_STEPS)
		d->days = day_steps[i];
	refresh_report(d);
	return UI_KEY_STAY;
}

static int act_fewer(void *view)
{
	struct dash *d = view;
	size_t i;

	for (i = N_STEPS; i > 0 && day_steps[i - 1] >= d->days; i--)
		;
	if (i > 0)
		d->days = day_steps[i - 1];
	refresh_report(d);
	return UI_KEY_STAY;
}

static const char *days_check(const char *value, void *arg)
{
	char *end;
	long n = strtol(value, &end, 10);

	(void)arg;
	if (value[0] == '\0' || *end != '\0' || n < 1 || n > DAYS_MAX)
		return _("a whole number of days, from 1 to 36500");
	return NULL;
}

static int act_ask_days(void *view)
{
	struct dash *d = view;
	char value[16], initial[16];

	snprintf(initial, sizeof(initial), "%ld", d->days);
	if (ui_dialog_input(_("Due"), _("Show what expires within (days):"),
			    initial, 0, days_check, NULL, value,
			    sizeof(value)) < 0)
		return UI_KEY_STAY;
	d->days = strtol(value, NULL, 10);
	refresh_report(d);
	return UI_KEY_STAY;
}

static int act_again(void *view)
{
	refresh_report(view);
	return UI_KEY_STAY;
}

static int act_help(void *view);

static const struct ui_key dash_keys[] = {
    /* L10N: the dashboard's keys: the key's name as printed on the
       keyboard, a short word for the hint bar, and a line for the help. */
    {KEY_F(1), 0, N_("F1"), N_("Help"), N_("this help"), act_help},
    {'\n', KEY_ENTER, N_("Enter"), N_("select"),
     N_("go to the entry's certificate in the main list; on the CRL's "
	"row, sign a new CRL"),
     act_select},
    {'+', '=', N_("+"), N_("more days"),
     N_("look further ahead, by steps of 1, 7, 14, 30, 60, 90, 180, 365, "
	"730 and 3650 days"),
     act_more},
    {'-', 0, N_("-"), N_("fewer days"),
     N_("look less far ahead, by the same steps"), act_fewer},
    {'d', 0, N_("d"), N_("number of days"),
     N_("type how many days ahead to look"), act_ask_days},
    {'c', 0, N_("c"), N_("new CRL"), N_("sign a new CRL now"), act_crl},
    {'R', 0, N_("R"), N_("again"), N_("look at the store again"), act_again},
    {KEY_ESC, 'q', N_("Esc"), N_("back"), N_("back to the main list (q too)"),
     ui_key_close},
};

#define N_DASH_KEYS (sizeof(dash_keys) / sizeof(dash_keys[0]))

static void draw_hints(void)
{
	ui_key_hints(dash_keys, N_DASH_KEYS, 1);
}

static int act_help(void *view)
{
	(void)view;
	return ui_key_help(_("Due: every key"), dash_keys, N_DASH_KEYS, 8);
}

static void dash_key(struct dash *d, int key)
{
	const struct ui_key *b;

	if (ui_list_key(&d->list, key, LINES - 8))
		return;
	b = ui_key_find(dash_keys, N_DASH_KEYS, key == '\r' ? '\n' : key);
	if (b && b->act(d) == UI_KEY_CLOSE)
		d->back = 1;
}

int ui_act_dashboard(struct ui *ui)
{
	struct dash d;
	int recovered;

	if (ui->store == NULL) {
		ui_say(ui, UI_ERROR, "%s", _("no CA here yet: nothing is due"));
		return UI_REDRAW;
	}
	memset(&d, 0, sizeof(d));
	d.ui = ui;
	d.days = 30;
	d.list.draw_row = draw_row;
	d.list.selectable = row_selectable;
	d.list.arg = &d;
	refresh_report(&d);
	while (!d.back) {
		int key;

		draw(&d);
		key = ui_getkey();
		if (ui_term_quit_requested()) {
			d.quit = 1;
			break;
		}
		if (key != KEY_RESIZE && key != ERR)
			dash_key(&d, key);
	}
	recovered = d.recovered;
	cd_check_report_free(&d.report);
	free(d.rows);
	if (d.quit)
		return UI_QUIT;
	/* Taking the lock may have finished an interrupted change. */
	return recovered ? UI_RELOAD : UI_REDRAW;
}
