/* certdeck tests: the TUI's curses-free parts of inspect and verify: the
 * viewer's text, layout, scrolling and search (ui/textview.c), the file
 * chooser's listing (ui/dirlist.c) and a verification's text
 * (ui/verifytext.c). */
#include <config.h>

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dirlist.h"
#include "tap.h"
#include "textview.h"
#include "verifytext.h"

static void test_text(void)
{
	struct ui_text t;

	ui_text_init(&t);
	ok(ui_text_add(&t, UI_NORMAL, "a\tb\r\n\nSerial Number\n") == 0,
	   "text: added");
	is_int(t.count, 3, "text: a last newline starts no line");
	is_str(ui_text_line(&t, 0), "a       b",
	       "text: a tab goes to the 8th column, \\r dropped");
	is_str(ui_text_line(&t, 1), "", "text: an empty line stays");
	ok(ui_text_addf(&t, UI_ERROR, "%s %d", "x", 7) == 0 &&
	       t.lines[3].role == UI_ERROR,
	   "text: addf keeps the role");
	ok(ui_text_addf(&t, UI_NORMAL, "%s", "") == 0 && t.count == 5,
	   "text: addf of nothing is an empty line");
	is_int(ui_text_columns("abc", 3), 3, "columns of ASCII");
	is_int(ui_text_fit("abcdef", 6, 4), 4, "fit: 4 columns, 4 bytes");
	ui_text_free(&t);
	ok(t.buf == NULL && t.count == 0, "text: freed");
}

static void test_find(void)
{
	size_t at = 99;

	ok(ui_text_find_in("Serial Number", 13, "serial", 0, &at) == 0 &&
	       at == 0,
	   "find: case-insensitive at the start");
	ok(ui_text_find_in("Serial Number", 13, "NUMBER", 0, &at) == 0 &&
	       at == 7,
	   "find: later in the line");
	ok(ui_text_find_in("Serial Number", 13, "serial", 1, &at) < 0,
	   "find: from past the only match, none");
	ok(ui_text_find_in("ab", 2, "abc", 0, &at) < 0,
	   "find: a pattern longer than the line");
	ok(ui_text_find_in("ab", 2, "", 0, &at) < 0, "find: an empty pattern");
}

static void test_layout(void)
{
	struct ui_text t;
	struct ui_textview v;

	ui_text_init(&t);
	ui_text_add(&t, UI_NORMAL, "abcdefghij\n\nxy\n");
	ui_textview_init(&v, &t);
	ok(ui_textview_layout(&v, 4, 0) == 0, "layout: without wrap");
	is_int(v.n_rows, 3, "layout: a row per line without wrap");
	is_int(v.widest, 10, "layout: the widest line");
	ui_textview_move(&v, UI_TV_RIGHT, 2);
	is_int(v.left, 8, "right: 8 columns sideways");
	ui_textview_move(&v, UI_TV_RIGHT, 2);
	is_int(v.left, 8, "right: not past the widest line");
	ui_textview_move(&v, UI_TV_LEFT, 2);
	is_int(v.left, 0, "left: back");
	ok(ui_textview_layout(&v, 4, 1) == 0, "layout: wrapped");
	is_int(v.n_rows, 5, "layout: 10 columns in 4 are 3 rows");
	ok(v.rows[1].line == 0 && v.rows[1].start == 4 && v.rows[1].end == 8,
	   "layout: the second row of the first line");
	is_int(ui_textview_row_of(&v, 0, 9), 2, "row_of: byte 9 of line 0");
	is_int(ui_textview_row_of(&v, 2, 0), 4, "row_of: line 2");
	v.top = 4;
	ui_textview_layout(&v, 80, 1);
	is_int(v.top, 2, "a resize keeps the top line on top");
	ui_textview_free(&v);
	ui_text_free(&t);
}

/* 100 lines; "match" on lines 10, 50 and 90 (1-based). */
static void hundred_lines(struct ui_text *t)
{
	int i;

	ui_text_init(t);
	for (i = 1; i <= 100; i++)
		ui_text_addf(t, UI_NORMAL, "line %d%s", i,
			     i % 40 == 10 ? " has a Match here" : "");
}

static void test_scroll(void)
{
	struct ui_text t;
	struct ui_textview v;

	hundred_lines(&t);
	ui_textview_init(&v, &t);
	ui_textview_layout(&v, 80, 0);
	ui_textview_move(&v, UI_TV_PAGE_DOWN, 20);
	is_int(v.top, 19, "PgDn: a page less one line");
	ui_textview_move(&v, UI_TV_END, 20);
	is_int(v.top, 80, "End: the last page");
	ui_textview_move(&v, UI_TV_DOWN, 20);
	is_int(v.top, 80, "Down: not past the end");
	ui_textview_move(&v, UI_TV_PAGE_UP, 20);
	is_int(v.top, 61, "PgUp");
	ui_textview_move(&v, UI_TV_HOME, 20);
	is_int(v.top, 0, "Home");
	ui_textview_move(&v, UI_TV_UP, 20);
	is_int(v.top, 0, "Up: not before the start");
	ui_textview_free(&v);
	ui_text_free(&t);
}

static void test_search(void)
{
	struct ui_text t;
	struct ui_textview v;
	int wrapped;

	hundred_lines(&t);
	ui_textview_init(&v, &t);
	ui_textview_layout(&v, 80, 0);
	ok(ui_textview_search(&v, "MATCH", 1, 0, 20, &wrapped) == 0 &&
	       v.match_line == 9 && v.match_off == 14 && !wrapped,
	   "search: the first match, line 10");
	is_int(v.top, 0, "search: a visible match scrolls nothing");
	ok(ui_textview_search(&v, NULL, 1, 1, 20, &wrapped) == 0 &&
	       v.match_line == 49,
	   "n: the next match, line 50");
	ok(v.top <= 49 && v.top + 20 > 49, "n: scrolled to show it");
	ui_textview_search(&v, NULL, 1, 1, 20, &wrapped);
	ok(v.match_line == 89 && !wrapped, "n: line 90");
	ok(ui_textview_search(&v, NULL, 1, 1, 20, &wrapped) == 0 &&
	       v.match_line == 9 && wrapped,
	   "n: round the end to line 10, and says so");
	ok(ui_textview_search(&v, NULL, -1, 1, 20, &wrapped) == 0 &&
	       v.match_line == 89 && wrapped,
	   "N: back round the start to line 90");
	ok(ui_textview_search(&v, NULL, -1, 1, 20, &wrapped) == 0 &&
	       v.match_line == 49 && !wrapped,
	   "N: line 50");
	ok(ui_textview_search(&v, "nowhere", 1, 0, 20, &wrapped) < 0 &&
	       !v.has_match,
	   "search: not found");
	ui_textview_free(&v);
	ui_text_free(&t);

	ui_text_init(&t);
	ui_text_add(&t, UI_NORMAL, "foo bar foo\n");
	ui_textview_init(&v, &t);
	ui_textview_layout(&v, 80, 0);
	ui_textview_search(&v, "foo", 1, 0, 5, &wrapped);
	is_int(v.match_off, 0, "one line: the first foo");
	ui_textview_search(&v, NULL, 1, 1, 5, &wrapped);
	ok(v.match_off == 8 && !wrapped, "one line: n goes to the second");
	ui_textview_search(&v, NULL, 1, 1, 5, &wrapped);
	ok(v.match_off == 0 && wrapped, "one line: and round to the first");
	ui_textview_free(&v);
	ui_text_free(&t);
}

static void touch(const char *dir, const char *name)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (f)
		fclose(f);
}

static void test_dirlist(void)
{
	char dir[] = "/tmp/certdeck-test-viewer-XXXXXX", sub[600];
	struct ui_dirlist l;
	char *path;

	memset(&l, 0, sizeof(l));
	if (mkdtemp(dir) == NULL) {
		ok(0, "mkdtemp");
		return;
	}
	touch(dir, "b.crt");
	touch(dir, "A.pem");
	touch(dir, ".hidden");
	snprintf(sub, sizeof(sub), "%s/sub", dir);
	mkdir(sub, 0700);
	ok(ui_dirlist_read(&l, dir) == 0, "dir: read");
	ok(l.n_shown == 4 && strcmp(l.entries[l.shown[0]].name, "..") == 0 &&
	       strcmp(l.entries[l.shown[1]].name, "sub") == 0 &&
	       l.entries[l.shown[1]].is_dir &&
	       strcmp(l.entries[l.shown[2]].name, "A.pem") == 0,
	   "dir: .., directories, then files; hidden names hidden");
	ui_dirlist_filter(&l, "CRT");
	ok(l.n_shown == 1 && strcmp(l.entries[l.shown[0]].name, "b.crt") == 0,
	   "dir: the filter keeps b.crt (case-insensitive)");
	path = ui_dirlist_path(&l, 0);
	ok(path && strcmp(path + strlen(path) - 6, "/b.crt") == 0 &&
	       path[0] == '/',
	   "dir: the picked file's absolute path");
	free(path);
	ui_dirlist_filter(&l, ".h");
	ok(l.n_shown == 1, "dir: a filter starting with . shows hidden names");
	path = ui_dirlist_parent(&l);
	ok(path && strncmp(path, "/tmp", 4) == 0 && strlen(path) < strlen(dir),
	   "dir: the parent");
	free(path);
	ok(ui_dirlist_read(&l, "/nonexistent-certdeck") < 0 && l.dir != NULL,
	   "dir: a missing directory fails, the old one stays");
	ui_dirlist_free(&l);
	snprintf(sub, sizeof(sub), "rm -rf '%s'", dir);
	if (system(sub) != 0)
		ok(0, "cleanup");
}

static int text_has(const struct ui_text *t, const char *s, enum ui_role *role)
{
	size_t i;

	for (i = 0; i < t->count; i++)
		if (strstr(ui_text_line(t, i), s)) {
			if (role)
				*role = t->lines[i].role;
			return 1;
		}
	return 0;
}

static void test_verifytext(void)
{
	char subject[] = "CN=old", ca[] = "CN=CA", ca2[] = "CN=CA",
	     algo[] = "ECDSA-SHA256", message[] = "'CN=old' expired",
	     hint[] = "renew the certificate";
	struct cd_verify_link link = {subject, ca,   ca2,  algo, NULL,
				      1026,    1000, 2000, 0,	 100000000};
	struct cd_verify_reason why = {CD_VR_EXPIRED, 0, message, hint};
	struct cd_verify_result r = {1026, 0, &link, 1, &why, 1};
	struct ui_verify_asked a = {"old.crt", "ca.crt", NULL, "any",
				    2000 + 10 * 86400};
	struct ui_text t;
	enum ui_role role = UI_NORMAL;

	ui_text_init(&t);
	ok(ui_verify_text(&t, &a, &r) == 0, "verify text: built");
	ok(strncmp(ui_text_line(&t, 0), "NOT VERIFIED.", 13) == 0 &&
	       t.lines[0].role == UI_EXPIRED,
	   "verify text: the verdict first, in red");
	ok(text_has(&t, "EXPIRED 10 days ago", &role) && role == UI_EXPIRED,
	   "verify text: the leaf's validity says expired");
	ok(text_has(&t, "Reason (expired): 'CN=old' expired", NULL),
	   "verify text: the reason under the link");
	ok(text_has(&t, "Hint: renew the certificate", NULL),
	   "verify text: the hint");
	ok(text_has(&t, "root (trusted): CN=CA", NULL),
	   "verify text: the root the leaf was checked against");
	ok(text_has(&t, "(not checked)", NULL),
	   "verify text: no peer name: not checked");
	ui_text_free(&t);

	link.status = 0;
	r.status = 0;
	r.verified = 1;
	r.reason_count = 0;
	link.not_after = 2000 + 400 * 86400;
	a.peer_name = "www.example.com";
	ui_text_init(&t);
	ui_verify_text(&t, &a, &r);
	ok(strncmp(ui_text_line(&t, 0), "VERIFIED.", 9) == 0 &&
	       t.lines[0].role == UI_GOOD,
	   "verify text: verified, in green");
	ok(text_has(&t, "(390 days left)", NULL), "verify text: the days left");
	ok(text_has(&t, "Peer name:   www.example.com", NULL),
	   "verify text: the peer name asked");
	ui_text_free(&t);
}

/* Columns, not bytes, in a UTF-8 locale. */
static void test_utf8(void)
{
	struct ui_text t;
	struct ui_textview v;

	if (setlocale(LC_ALL, "C.UTF-8") == NULL &&
	    setlocale(LC_ALL, "en_US.UTF-8") == NULL) {
		printf("ok %d # SKIP no UTF-8 locale\n", ++tap_count);
		return;
	}
	is_int(ui_text_columns("Caf\xc3\xa9", 5), 4,
	       "utf-8: an accented letter is one column");
	is_int(ui_text_fit("\xc3\xa9t\xc3\xa9", 5, 2), 3,
	       "utf-8: two columns are three bytes");
	ui_text_init(&t);
	ui_text_add(&t, UI_NORMAL, "\xc3\xa9\tx\n");
	is_str(ui_text_line(&t, 0), "\xc3\xa9       x",
	       "utf-8: a tab counts columns");
	ui_textview_init(&v, &t);
	ui_textview_layout(&v, 4, 1);
	ok(v.n_rows == 3 && v.rows[0].end == 5,
	   "utf-8: wrapped in columns, not bytes");
	ui_textview_free(&v);
	ui_text_free(&t);
	setlocale(LC_ALL, "C");
}

int main(void)
{
	setlocale(LC_ALL, "C");
	test_text();
	test_find();
	test_layout();
	test_scroll();
	test_search();
	test_dirlist();
	test_verifytext();
	test_utf8();
	return tap_done();
}
