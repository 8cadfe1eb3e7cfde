/* certdeck: modal dialogs. */
#include <config.h>

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dialog.h"
#include "i18n.h"
#include "uicurses.h"

#define KEY_ESC 27
#define CTRL(c) ((c)&0x1f)

enum { JOB_RUNNING, JOB_DONE, JOB_ABANDONED };

/* A centred box of HEIGHT x WIDTH (clamped to the screen), cleared, with
 * TITLE on its top border. Returns its top-left corner. */
static void box_at(int height, int width, const char *title, int *y, int *x)
{
	int i, used;

	if (width > COLS)
		width = COLS;
	if (height > LINES)
		height = LINES;
	*y = (LINES - height) / 2;
	*x = (COLS - width) / 2;
	attrset(A_NORMAL);
	for (i = 0; i < height; i++)
		ui_fill(*y + i, *x, width);
	attrset(ui_attr(UI_DIM));
	mvhline(*y, *x, ACS_HLINE, width);
	mvhline(*y + height - 1, *x, ACS_HLINE, width);
	mvvline(*y, *x, ACS_VLINE, height);
	mvvline(*y, *x + width - 1, ACS_VLINE, height);
	mvaddch(*y, *x, ACS_ULCORNER);
	mvaddch(*y, *x + width - 1, ACS_URCORNER);
	mvaddch(*y + height - 1, *x, ACS_LLCORNER);
	mvaddch(*y + height - 1, *x + width - 1, ACS_LRCORNER);
	attrset(ui_attr(UI_SECTION));
	if (title && width > 6) {
		/* " Title " on the rule, a space on each side */
		ui_put(*y, *x + 2, 1, " ");
		used = ui_put(*y, *x + 3, width - 6, title);
		ui_put(*y, *x + 3 + used, 1, " ");
	}
	attrset(A_NORMAL);
}

/* How many lines TEXT takes in WIDTH columns (approximate for wide
 * characters: bytes count as columns, which only overestimates). */
static int text_lines(const char *text, int width)
{
	int lines = 0;

	while (*text) {
		const char *nl = strchr(text, '\n');
		size_t len = nl ? (size_t)(nl - text) : strlen(text);

		lines += len == 0
			     ? 1
			     : (int)((len + (size_t)width - 1) / (size_t)width);
		text += len + (nl != NULL);
	}
	return lines ? lines : 1;
}

/* TEXT wrapped in WIDTH columns from (Y, X), at most MAX lines. */
static int put_text(int y, int x, int width, int max, const char *text)
{
	int used = 0;

	while (*text && used < max) {
		const char *nl = strchr(text, '\n');
		size_t len = nl ? (size_t)(nl - text) : strlen(text);
		char *line = strndup(text, len);

		if (line == NULL)
			break;
		used += ui_put_wrapped(y + used, x, width, max - used, line);
		free(line);
		text += len + (nl != NULL);
	}
	return used;
}

void ui_dialog_message(const char *title, enum ui_role role, const char *text)
{
	for (;;) {
		int w = COLS - 4 < 70 ? COLS - 4 : 70, y, x, h, key;

		h = text_lines(text, w - 4) + 4;
		box_at(h, w, title, &y, &x);
		attrset(ui_attr(role));
		put_text(y + 1, x + 2, w - 4, h - 3, text);
		attrset(ui_attr(UI_DIM));
		ui_put(y + h - 2, x + 2, w - 4, _("Press any key"));
		attrset(A_NORMAL);
		refresh();
		key = ui_getkey();
		if (key == KEY_RESIZE) {
			erase();
			continue;
		}
		if (key != ERR || ui_term_quit_requested())
			return;
	}
}

/* The yes/no dialog; Esc (or a quit signal) answers ON_ESC. */
static int yes_no(const char *title, const char *question, int default_yes,
		  int on_esc)
{
	for (;;) {
		int w = COLS - 4 < 70 ? COLS - 4 : 70, y, x, h, key;

		h = text_lines(question, w - 4) + 4;
		box_at(h, w, title, &y, &x);
		put_text(y + 1, x + 2, w - 4, h - 3, question);
		attrset(ui_attr(UI_HINT_KEY));
		/* L10N: the answers of a yes/no dialog; y and n are the keys.
		 */
		ui_put(y + h - 2, x + 2, w - 4,
		       default_yes ? _("(Y/n)") : _("(y/N)"));
		attrset(A_NORMAL);
		refresh();
		key = ui_getkey();
		if (ui_term_quit_requested() || key == KEY_ESC)
			return on_esc;
		/* y, or o for the French "oui" the translation shows. */
		if (key == 'y' || key == 'Y' || key == 'o' || key == 'O')
			return 1;
		if (key == 'n' || key == 'N')
			return 0;
		if (key == '\n' || key == '\r' || key == KEY_ENTER)
			return default_yes;
		if (key == KEY_RESIZE)
			erase();
	}
}

int ui_dialog_confirm(const char *title, const char *question, int default_yes)
{
	return yes_no(title, question, default_yes, 0);
}

int ui_dialog_ask(const char *title, const char *question, int default_yes)
{
	return yes_no(title, question, default_yes, -1);
}

/* Remove the last UTF-8 character of BUF. */
static void backspace(char *buf)
{
	size_t len = strlen(buf);

	while (len > 0 && ((unsigned char)buf[len - 1] & 0xc0) == 0x80)
		len--;
	if (len > 0)
		len--;
	buf[len] = '\0';
}

int ui_dialog_input(const char *title, const char *label, const char *initial,
		    int hidden, ui_check_fn check, void *arg, char *out,
		    size_t size)
{
	const char *why = NULL;

	if (size == 0)
		return -1;
	snprintf(out, size, "%s", initial ? initial : "");
	for (;;) {
		int w = COLS - 4 < 70 ? COLS - 4 : 70, y, x, h, key, lw,
		    shown_w;
		size_t len = strlen(out);

		lw = text_lines(label, w - 4);
		h = lw + 6;
		box_at(h, w, title, &y, &x);
		put_text(y + 1, x + 2, w - 4, lw, label);
		attrset(ui_attr(UI_SELECTED));
		ui_fill(y + lw + 2, x + 2, w - 4);
		shown_w = 0;
		if (!hidden) {
			/* The end of a long value stays in sight, whole
			 * characters of it. */
			const char *shown = out;

			while (ui_text_width(shown) > w - 6) {
				shown++;
				while (((unsigned char)*shown & 0xc0) == 0x80)
					shown++;
			}
			shown_w = ui_put(y + lw + 2, x + 2, w - 5, shown);
		}
		attrset(why ? ui_attr(UI_ERROR) : ui_attr(UI_DIM));
		ui_put_wrapped(y + lw + 3, x + 2, w - 4, 2,
			       why ? why : _("Enter accepts, Esc backs out"));
		attrset(A_NORMAL);
		move(y + lw + 2, x + 2 + shown_w);
		curs_set(1);
		refresh();
		key = ui_getkey();
		curs_set(0);
		if (ui_term_quit_requested() || key == KEY_ESC) {
			memset(out, 0, size);
			return -1;
		}
		if (key == '\n' || key == '\r' || key == KEY_ENTER) {
			why = check ? check(out, arg) : NULL;
			if (why == NULL)
				return 0;
			/* Hidden text cannot be corrected: type it anew. */
			if (hidden)
				memset(out, 0, size);
		} else if (key == KEY_BACKSPACE || key == 127 ||
			   key == CTRL('h'))
			backspace(out);
		else if (key == CTRL('u'))
			memset(out, 0, size);
		else if (key == KEY_RESIZE)
			erase();
		else if (key >= 0x20 && key < 0x100 && key != 0x7f &&
			 len + 1 < size) {
			out[len] = (char)key;
			out[len + 1] = '\0';
			why = NULL;
		}
	}
}

int ui_dialog_choose(const char *title, const char *text,
		     const char *const *items, size_t n, size_t current)
{
	if (n == 0)
		return -1;
	if (current >= n)
		current = 0;
	for (;;) {
		int w = 60, y, x, h, key, tl;
		size_t i;

		/* wide enough for the longest item, when the screen is */
		for (i = 0; i < n; i++)
			if ((int)strlen(items[i]) + 8 > w)
				w = (int)strlen(items[i]) + 8;
		if (w > COLS - 4)
			w = COLS - 4;
		tl = text_lines(text, w - 4);
		h = tl + (int)n + 5;
		box_at(h, w, title, &y, &x);
		put_text(y + 1, x + 2, w - 4, tl, text);
		for (i = 0; i < n && y + tl + 2 + (int)i < y + h - 2; i++) {
			attrset(i == current ? ui_attr(UI_SELECTED)
					     : (int)A_NORMAL);
			ui_fill(y + tl + 2 + (int)i, x + 2, w - 4);
			ui_put(y + tl + 2 + (int)i, x + 3, w - 6, items[i]);
		}
		attrset(ui_attr(UI_DIM));
		ui_put(y + h - 2, x + 2, w - 4,
		       _("Enter chooses, Esc backs out"));
		attrset(A_NORMAL);
		refresh();
		key = ui_getkey();
		if (ui_term_quit_requested() || key == KEY_ESC)
			return -1;
		if (key == KEY_UP && current > 0)
			current--;
		else if (key == KEY_DOWN && current + 1 < n)
			current++;
		else if (key == KEY_HOME)
			current = 0;
		else if (key == KEY_END)
			current = n - 1;
		else if (key == '\n' || key == '\r' || key == KEY_ENTER)
			return (int)current;
		else if (key == KEY_RESIZE)
			erase();
	}
}

/* TEXT with its tabs expanded to the next multiple of 8 columns (as a
 * terminal shows certtool's output). */
static char *expand_tabs(const char *text)
{
	size_t tabs = 0, col = 0;
	const char *p;
	char *out, *q;

	for (p = text; *p; p++)
		tabs += *p == '\t';
	out = malloc(strlen(text) + 7 * tabs + 1);
	if (out == NULL)
		return NULL;
	for (p = text, q = out; *p; p++) {
		if (*p == '\t') {
			do
				*q++ = ' ';
			while (++col % 8);
			continue;
		}
		*q++ = *p;
		col = *p == '\n' ? 0 : col + 1;
	}
	*q = '\0';
	return out;
}

/* The lines of TEXT, split at '\n' (pointers into a copy, *BUF). */
static char **split_lines(const char *text, char **buf, size_t *n)
{
	char **lines, *p;
	size_t count = 1, i = 0;

	*buf = expand_tabs(text);
	if (*buf == NULL)
		return NULL;
	for (p = *buf; *p; p++)
		count += *p == '\n';
	lines = calloc(count, sizeof(*lines));
	if (lines == NULL)
		return NULL;
	for (p = *buf; p && i < count;) {
		char *nl = strchr(p, '\n');

		lines[i++] = p;
		if (nl)
			*nl = '\0';
		p = nl ? nl + 1 : NULL;
	}
	*n = i;
	return lines;
}

static void review_draw(const char *title, char **lines, size_t n, size_t top,
			const char *question)
{
	int body = LINES - 3 > 1 ? LINES - 3 : 1, i;

	erase();
	ui_put_bar(0, UI_TITLE, title);
	/* Long lines (the certtool command) go on over the next ones. */
	for (i = 0; i < body && top < n; top++)
		i += ui_put_wrapped(1 + i, 0, COLS, body - i, lines[top]);
	attrset(ui_attr(UI_HINT_KEY));
	i = ui_put(LINES - 2, 0, COLS, question);
	ui_put(LINES - 2, i, COLS - i, _("(y/N)"));
	ui_put_bar(LINES - 1, UI_HINT,
		   _("Up/Down/PgUp/PgDn scroll  y yes  n no  Esc back"));
	refresh();
}

/* The top line from which the last lines, wrapped, fill PAGE rows. */
static size_t review_last_top(char **lines, size_t n, size_t page)
{
	size_t top = n, rows = 0;

	while (top > 0) {
		size_t more = (size_t)text_lines(lines[top - 1], COLS);

		if (rows + more > page)
			break;
		rows += more;
		top--;
	}
	return top < n ? top : (n ? n - 1 : 0);
}

int ui_dialog_review(const char *title, const char *text, const char *question)
{
	char *buf = NULL, **lines;
	size_t n = 0, top = 0;
	int answer = -2;

	lines = split_lines(text, &buf, &n);
	while (lines && answer == -2) {
		size_t page = LINES - 3 > 1 ? (size_t)LINES - 3 : 1;
		size_t last = review_last_top(lines, n, page);
		int key;

		review_draw(title, lines, n, top, question);
		key = ui_getkey();
		if (ui_term_quit_requested() || key == KEY_ESC)
			answer = -1;
		else if (key == 'y' || key == 'Y' || key == 'o' || key == 'O')
			answer = 1;
		else if (key == 'n' || key == 'N' || key == '\n' ||
			 key == '\r' || key == KEY_ENTER)
			answer = 0;
		else if (key == KEY_DOWN && top < last)
			top++;
		else if (key == KEY_UP && top > 0)
			top--;
		else if (key == KEY_NPAGE || key == ' ')
			top = top + page < last ? top + page : last;
		else if (key == KEY_PPAGE)
			top = top > page ? top - page : 0;
		else if (key == KEY_HOME)
			top = 0;
		else if (key == KEY_END)
			top = last;
	}
	free(lines);
	free(buf);
	return answer == -2 ? -1 : answer;
}

/* Give back the keys typed while a job ran, in their order (ungetch
 * hands back the last one pushed first): 0. */
static int typed_back(const int *typed, size_t n)
{
	while (n > 0)
		ungetch(typed[--n]);
	return 0;
}

/* Threads of jobs still running, abandoned ones included. */
static int live_jobs;

void ui_dialog_wait_jobs(void)
{
	while (__atomic_load_n(&live_jobs, __ATOMIC_ACQUIRE) > 0)
		usleep(10000);
}

static void *job_thread(void *arg)
{
	struct ui_job *job = arg;
	int result = job->work(job), was = JOB_RUNNING;

	job->result = result;
	/* Whoever comes second owns the end of the job. */
	if (!__atomic_compare_exchange_n(&job->state, &was, JOB_DONE, 0,
					 __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
		job->discard(job);
	__atomic_sub_fetch(&live_jobs, 1, __ATOMIC_ACQ_REL);
	return NULL;
}

int ui_dialog_progress(const char *title, const char *text, struct ui_job *job)
{
	static const char spin[] = "|/-\\";
	pthread_t thread;
	unsigned tick = 0;
	int typed[32]; /* keys typed ahead meanwhile */
	size_t n_typed = 0;

	job->state = JOB_RUNNING;
	__atomic_add_fetch(&live_jobs, 1, __ATOMIC_ACQ_REL);
	if (pthread_create(&thread, NULL, job_thread, job) != 0) {
		__atomic_sub_fetch(&live_jobs, 1, __ATOMIC_ACQ_REL);
		/* No thread: do it here, the screen waits. */
		job->result = job->work(job);
		return 0;
	}
	pthread_detach(thread);
	timeout(100);
	for (;;) {
		int w = COLS - 4 < 60 ? COLS - 4 : 60, y, x, key, was;
		char line[8];

		if (__atomic_load_n(&job->state, __ATOMIC_ACQUIRE) == JOB_DONE)
			return typed_back(typed, n_typed);
		box_at(5, w, title, &y, &x);
		snprintf(line, sizeof(line), "%c ", spin[tick++ % 4]);
		attrset(ui_attr(UI_SECTION));
		ui_put(y + 1, x + 2, 2, line);
		attrset(A_NORMAL);
		ui_put(y + 1, x + 4, w - 6, text);
		attrset(ui_attr(UI_DIM));
		ui_put(y + 3, x + 2, w - 4, _("Esc abandons it"));
		attrset(A_NORMAL);
		refresh();
		key = getch();
		if (key == KEY_RESIZE)
			erase();
		else if (key != ERR && key != KEY_ESC &&
			 n_typed < sizeof(typed) / sizeof(typed[0]))
			typed[n_typed++] = key; /* typed ahead: kept */
		if (key != KEY_ESC && !ui_term_quit_requested())
			continue;
		was = JOB_RUNNING;
		if (__atomic_compare_exchange_n(
			&job->state, &was, JOB_ABANDONED, 0, __ATOMIC_ACQ_REL,
			__ATOMIC_ACQUIRE))
			return -1;
		return typed_back(typed, n_typed); /* it finished just now */
	}
}
