/* certdeck: the terminal, taken and given back. The one file that calls
 * initscr() and endwin(), and installs the handlers that restore the
 * terminal on every way out (as htop's CRT.c). */
#include <config.h>

#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

#include "uicurses.h"
#include "demo.h"
#include "i18n.h"
#include "ui.h"

static volatile sig_atomic_t quit_signal;
static int started;
static int attrs[UI_ROLES];
static enum { BENCH_OFF, BENCH_STAMP, BENCH_EXIT } bench;

/* SIGINT, SIGTERM, SIGHUP: the main loop sees the flag (getch returns
 * within its timeout) and leaves the normal way. */
static void on_quit_signal(int sig)
{
	quit_signal = sig;
}

/* SIGSEGV and the like: give the terminal back, then die of the signal
 * as we would have (SA_RESETHAND restored the default action). */
static void on_fatal_signal(int sig)
{
	if (started)
		endwin();
	raise(sig);
}

static void install(int sig, void (*fn)(int), int flags)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = fn;
	sa.sa_flags = flags;
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
}

/* NO_COLOR (https://no-color.org): set and not empty. */
static int color_wanted(void)
{
	const char *v = getenv("NO_COLOR");

	return (v == NULL || *v == '\0') && has_colors();
}

static void setup_attrs(void)
{
	static const struct {
		enum ui_role role;
		short fg, bg;
		int extra, mono;
	} table[] = {
	    {UI_TITLE, COLOR_BLACK, COLOR_CYAN, 0, A_REVERSE},
	    {UI_HINT, COLOR_BLACK, COLOR_CYAN, 0, A_REVERSE},
	    {UI_HINT_KEY, COLOR_WHITE, COLOR_BLUE, A_BOLD, A_BOLD},
	    {UI_SELECTED, COLOR_BLACK, COLOR_CYAN, 0, A_REVERSE},
	    {UI_SECTION, COLOR_CYAN, -1, A_BOLD, A_BOLD | A_UNDERLINE},
	    {UI_EXPIRED, COLOR_RED, -1, A_BOLD, A_BOLD},
	    {UI_EXPIRING, COLOR_YELLOW, -1, A_BOLD, A_UNDERLINE},
	    {UI_REVOKED, COLOR_MAGENTA, -1, A_BOLD, A_DIM},
	    {UI_GOOD, COLOR_GREEN, -1, 0, 0},
	    {UI_ERROR, COLOR_RED, -1, A_BOLD, A_BOLD},
	    {UI_DIM, COLOR_BLUE, -1, A_BOLD, A_DIM},
	};
	int color = color_wanted();
	size_t i;

	if (color) {
		start_color();
		use_default_colors();
	}
	memset(attrs, 0, sizeof(attrs));
	for (i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		if (!color) {
			attrs[table[i].role] = table[i].mono;
			continue;
		}
		init_pair((short)(i + 1), table[i].fg, table[i].bg);
		attrs[table[i].role] =
		    (int)COLOR_PAIR((int)i + 1) | table[i].extra;
	}
}

static void bench_setup(void)
{
	const char *v = getenv("CERTDECK_TUI_BENCH");

	bench = BENCH_OFF;
	if (v && strcmp(v, "stamp") == 0)
		bench = BENCH_STAMP;
	else if (v && strcmp(v, "exit") == 0)
		bench = BENCH_EXIT;
}

int ui_term_refreshed(void)
{
	struct timespec ts;

	if (bench == BENCH_OFF)
		return 0;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	/* a benchmark's record for bench/, not a message */
	fprintf(stderr, "refresh %lld\n",
		(long long)ts.tv_sec * 1000000000LL + ts.tv_nsec);
	fflush(stderr);
	return bench == BENCH_EXIT;
}

void ui_term_start(void)
{
	bench_setup();
	install(SIGINT, on_quit_signal, 0);
	install(SIGTERM, on_quit_signal, 0);
	install(SIGHUP, on_quit_signal, 0);
	install(SIGQUIT, on_quit_signal, 0);
	install(SIGSEGV, on_fatal_signal, SA_RESETHAND);
	install(SIGBUS, on_fatal_signal, SA_RESETHAND);
	install(SIGFPE, on_fatal_signal, SA_RESETHAND);
	install(SIGILL, on_fatal_signal, SA_RESETHAND);
	install(SIGABRT, on_fatal_signal, SA_RESETHAND);
	if (initscr() == NULL) {
		fprintf(stderr, "certdeck: %s\n",
			_("cannot start the terminal UI"));
		exit(2);
	}
	started = 1;
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	setup_attrs();
}

void ui_term_stop(void)
{
	if (!started)
		return;
	started = 0;
	curs_set(1);
	endwin();
}

int ui_attr(enum ui_role role)
{
	return role < UI_ROLES ? attrs[role] : 0;
}

int ui_term_quit_requested(void)
{
	return quit_signal != 0;
}

int ui_getkey(void)
{
	int key;

	do
		key = getch();
	while (key == ERR && !ui_term_quit_requested());
	return key;
}

int ui_term_quit_signal(void)
{
	return quit_signal;
}

/* The --demo directory, removed by ui_fatal() too. */
static const char *demo_dir;

void ui_term_set_demo_dir(const char *dir)
{
	demo_dir = dir;
}

void ui_fatal(const char *fmt, ...)
{
	va_list ap;

	ui_term_stop();
	if (demo_dir) {
		struct cd_ctx scratch;

		memset(&scratch, 0, sizeof(scratch));
		cd_demo_remove(&scratch, demo_dir);
	}
	fputs("certdeck: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

/* Write what fits of S in WIDTH columns at (Y, X) (only measure it
 * unless DRAW); *BYTES: how much of S that was. Returns the columns
 * used. */
static int fit_some(int y, int x, int width, const char *s, size_t *bytes,
		    int draw)
{
	const char *start = s;
	mbstate_t st;
	int used = 0;

	memset(&st, 0, sizeof(st));
	if (draw)
		move(y, x);
	while (*s && used < width) {
		wchar_t wc;
		size_t n = mbrtowc(&wc, s, MB_CUR_MAX, &st);
		int w;

		if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
			/* Not text in this locale: one '?' per byte. */
			memset(&st, 0, sizeof(st));
			wc = L'?';
			n = 1;
		}
		w = wcwidth(wc);
		if (w < 0) {
			wc = L'?';
			w = 1;
		}
		if (used + w > width)
			break;
		if (draw)
			addnwstr(&wc, 1);
		used += w;
		s += n;
	}
	*bytes = (size_t)(s - start);
	return used;
}

static int put_some(int y, int x, int width, const char *s, size_t *bytes)
{
	return fit_some(y, x, width, s, bytes, 1);
}

int ui_text_width(const char *s)
{
	mbstate_t st;
	int width = 0;

	memset(&st, 0, sizeof(st));
	while (*s) {
		wchar_t wc;
		size_t n = mbrtowc(&wc, s, MB_CUR_MAX, &st);
		int w;

		if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
			memset(&st, 0, sizeof(st));
			n = 1;
			w = 1;
		} else if ((w = wcwidth(wc)) < 0)
			w = 1;
		width += w;
		s += n;
	}
	return width;
}

int ui_put(int y, int x, int width, const char *s)
{
	size_t bytes;

	return put_some(y, x, width, s, &bytes);
}

/* ui_put_wrapped(), drawing only when DRAW. */
static int wrap(int y, int x, int width, int lines, const char *s, int draw)
{
	int n = 0;

	while (n < lines && width > 0 && *s) {
		size_t bytes, cut;
		char *line;

		/* What fits; then back to the last space or comma so that
		 * words stay whole (a word longer than the line is cut where
		 * it must be), the line drawn again as far as that. */
		fit_some(y + n, x, width, s, &bytes, draw);
		cut = bytes;
		if (s[bytes] != '\0' && s[bytes] != ' ') {
			/* After a comma (between a DN's parts) when one is in
			 * the second half of the line, else after a space,
			 * else after a colon in the second half (between the
			 * bytes of a fingerprint or serial). */
			while (cut > bytes / 2 && s[cut - 1] != ',')
				cut--;
			if (cut <= bytes / 2)
				for (cut = bytes; cut > 0 && s[cut - 1] != ' ';)
					cut--;
			if (cut == 0) {
				for (cut = bytes;
				     cut > bytes / 2 && s[cut - 1] != ':';)
					cut--;
				if (cut <= bytes / 2)
					cut = bytes;
			}
		}
		if (cut == 0)
			break;
		if (draw && cut != bytes && (line = strndup(s, cut)) != NULL) {
			ui_fill(y + n, x, width);
			put_some(y + n, x, width, line, &bytes);
			free(line);
		}
		n++;
		s += cut;
		while (*s == ' ')
			s++;
	}
	return n;
}

int ui_put_wrapped(int y, int x, int width, int lines, const char *s)
{
	return wrap(y, x, width, lines, s, 1);
}

int ui_wrapped_lines(int width, const char *s)
{
	return *s ? wrap(0, 0, width, 1 << 20, s, 0) : 1;
}

void ui_fill(int y, int x, int width)
{
	if (width > 0)
		mvhline(y, x, ' ', width);
}

void ui_put_bar(int y, enum ui_role role, const char *text)
{
	attrset(ui_attr(role));
	ui_fill(y, 0, COLS);
	ui_put(y, 0, COLS, text);
	attrset(A_NORMAL);
}

void ui_rows_draw(int y, int vx, const struct ui_row *rows, size_t n,
		  size_t current, const char *help)
{
	size_t i;

	for (i = 0; i < n; i++) {
		int row_y = y + (int)i + (i + 1 == n);

		attrset(ui_attr(i == current ? UI_SELECTED : UI_NORMAL));
		ui_fill(row_y, 1, COLS - 2);
		ui_put(row_y, 2, vx - 3, rows[i].label);
		if (rows[i].value)
			ui_put(row_y, vx, COLS - vx - 1, rows[i].value);
	}
	attrset(ui_attr(UI_DIM));
	ui_put_wrapped(y + (int)n + 2, 2, COLS - 4, 3, help);
}
