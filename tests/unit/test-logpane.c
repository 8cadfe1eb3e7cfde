/* certdeck tests: the log of the echo test's and the OCSP responder's
 * panes (ui/logpane.c): lines split, bounded, the scroll-back staying on
 * what the user looks at, the window of lines that fills a rectangle;
 * without curses. */
#include <config.h>

#include <stdio.h>
#include <string.h>

#include "logpane.h"
#include "tap.h"

/* A line's rows: its characters in WIDTH columns, at least one. */
static int rows_of(int width, const char *text)
{
	int n = (int)strlen(text);

	return n ? (n + width - 1) / width : 1;
}

static void test_split(void)
{
	struct ui_log log = {0};

	ui_log_add(&log, UI_GOOD, "one");
	ui_log_add(&log, UI_ERROR, "two\nthree\n\nfive");
	is_int(log.count, 5, "a text of four lines makes four lines");
	is_str(log.lines[0].text, "one", "... after the first");
	is_str(log.lines[2].text, "three", "... each line its own");
	is_str(log.lines[3].text, "", "... an empty line kept");
	is_str(log.lines[4].text, "five", "... the last without a newline");
	is_int(log.lines[0].role, UI_GOOD, "the first line's role");
	is_int(log.lines[4].role, UI_ERROR, "... the text's role on each line");
	ui_log_add(&log, UI_NORMAL, "trailing\n");
	is_int(log.count, 7, "a trailing newline: an empty line after");
	ui_log_clear(&log);
	is_int(log.count, 0, "cleared: empty");
	ok(log.lines == NULL && log.back == 0, "... nothing kept");
}

static void test_bound(void)
{
	struct ui_log log = {0};
	char line[32];
	int i;

	for (i = 0; i < UI_LOG_MAX + 5; i++) {
		snprintf(line, sizeof(line), "line %d", i);
		ui_log_add(&log, UI_NORMAL, line);
	}
	is_int(log.count, UI_LOG_MAX, "at most UI_LOG_MAX lines kept");
	is_str(log.lines[0].text, "line 5", "... the oldest dropped");
	snprintf(line, sizeof(line), "line %d", UI_LOG_MAX + 4);
	is_str(log.lines[UI_LOG_MAX - 1].text, line, "... the newest kept");
	ui_log_clear(&log);

	log.max = 3;
	ui_log_add(&log, UI_NORMAL, "a\nb\nc\nd");
	is_int(log.count, 3, "a maximum of 3: a text of 4 lines leaves 3");
	is_str(log.lines[0].text, "b", "... from its second");
	ui_log_clear(&log);
	is_int(log.max, 3, "cleared: the maximum stays");
}

static void test_scroll(void)
{
	struct ui_log log = {0};
	int i;

	for (i = 0; i < 12; i++)
		ui_log_add(&log, UI_NORMAL, "x");
	ui_log_scroll_back(&log, 5);
	is_int(log.back, 5, "scrolled back 5");
	ui_log_scroll_back(&log, 5);
	ui_log_scroll_back(&log, 5);
	is_int(log.back, 12, "... never past the first line");
	ui_log_scroll_forward(&log, 5);
	is_int(log.back, 7, "forward 5");
	ui_log_add(&log, UI_NORMAL, "new\nnewer");
	is_int(log.back, 9, "lines arriving: the view stays where it was");
	ui_log_scroll_forward(&log, 5);
	ui_log_scroll_forward(&log, 5);
	is_int(log.back, 0, "forward: never past the end");
	ui_log_add(&log, UI_NORMAL, "newest");
	is_int(log.back, 0, "at the end, the view follows new lines");
	ui_log_clear(&log);

	log.max = 4;
	ui_log_add(&log, UI_NORMAL, "1\n2\n3\n4");
	ui_log_scroll_back(&log, 10);
	ui_log_add(&log, UI_NORMAL, "5");
	is_int(log.back, 4, "at the top of a full log: the view stays in it");
	ui_log_clear(&log);
}

static void test_window(void)
{
	struct ui_log log = {0};
	size_t start, end;

	ui_log_window(&log, 10, 5, rows_of, &start, &end);
	ok(start == 0 && end == 0, "an empty log shows nothing");
	ui_log_add(&log, UI_NORMAL, "a\nbbbbbbbbbbbbbbb\nc\nd");
	ui_log_window(&log, 10, 5, rows_of, &start, &end);
	ok(start == 0 && end == 4,
	   "5 rows of 10: all four lines (one of 2 rows)");
	ui_log_window(&log, 10, 3, rows_of, &start, &end);
	ok(start == 2 && end == 4,
	   "3 rows: the last two only, not part of one");
	ui_log_window(&log, 10, 4, rows_of, &start, &end);
	ok(start == 1 && end == 4, "4 rows: the wrapped line whole");
	ui_log_scroll_back(&log, 1);
	ui_log_window(&log, 10, 3, rows_of, &start, &end);
	ok(start == 1 && end == 3,
	   "scrolled back 1: the window ends before it");
	ui_log_scroll_back(&log, 10);
	ui_log_window(&log, 10, 3, rows_of, &start, &end);
	ok(start == 0 && end == 0, "scrolled back to the top: nothing before");
	ui_log_scroll_forward(&log, 10);
	ui_log_window(&log, 5, 1, rows_of, &start, &end);
	ok(start == 3 && end == 4, "one row: the last line");
	ui_log_window(&log, 10, 0, rows_of, &start, &end);
	ok(start == 4 && end == 4, "no rows: no line");
	ui_log_clear(&log);
}

int main(void)
{
	test_split();
	test_bound();
	test_scroll();
	test_window();
	return tap_done();
}
