/* certdeck: the text viewer's state (see textview.h); no curses here. */
#include <config.h>

#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "textview.h"

#define TAB_STOP 8
#define SIDE_STEP 8

void ui_text_init(struct ui_text *t)
{
	memset(t, 0, sizeof(*t));
}

void ui_text_free(struct ui_text *t)
{
	if (t->buf != NULL) {
		/* Not memset: the compiler may drop a store before free. */
		volatile char *p = t->buf;
		size_t i;

		for (i = 0; i < t->size; i++)
			p[i] = 0;
	}
	free(t->buf);
	free(t->lines);
	memset(t, 0, sizeof(*t));
}

static int reserve(struct ui_text *t, size_t more)
{
	char *grown;
	size_t size = t->size ? t->size : 256;

	if (t->used + more <= t->size)
		return 0;
	while (size < t->used + more)
		size *= 2;
	grown = realloc(t->buf, size);
	if (grown == NULL)
		return -1;
	memset(grown + t->size, 0, size - t->size);
	t->buf = grown;
	t->size = size;
	return 0;
}

static int put_byte(struct ui_text *t, char c)
{
	if (reserve(t, 1) < 0)
		return -1;
	t->buf[t->used++] = c;
	return 0;
}

/* Append bytes S..S+LEN as one line (tabs expanded). */
static int add_line(struct ui_text *t, enum ui_role role, const char *s,
		    size_t len)
{
	struct ui_text_line *l;
	size_t start = t->used, i;

	if (t->count == t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 64;
		struct ui_text_line *grown =
		    realloc(t->lines, cap * sizeof(*grown));

		if (grown == NULL)
			return -1;
		t->lines = grown;
		t->cap = cap;
	}
	for (i = 0; i < len; i++) {
		if (s[i] == '\r')
			continue;
		if (s[i] != '\t') {
			if (put_byte(t, s[i]) < 0)
				return -1;
			continue;
		}
		do {
			if (put_byte(t, ' ') < 0)
				return -1;
		} while (ui_text_columns(t->buf + start, t->used - start) %
			     TAB_STOP !=
			 0);
	}
	if (put_byte(t, '\0') < 0)
		return -1;
	l = &t->lines[t->count++];
	l->off = start;
	l->len = t->used - 1 - start;
	l->role = role;
	return 0;
}

int ui_text_add(struct ui_text *t, enum ui_role role, const char *text)
{
	while (*text) {
		const char *nl = strchr(text, '\n');
		size_t len = nl ? (size_t)(nl - text) : strlen(text);

		if (add_line(t, role, text, len) < 0)
			return -1;
		text += len + (nl != NULL);
	}
	return 0;
}

int ui_text_addf(struct ui_text *t, enum ui_role role, const char *fmt, ...)
{
	va_list ap;
	char *s;
	int ret;

	va_start(ap, fmt);
	ret = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (ret < 0)
		return -1;
	/* An empty line is a line too. */
	ret = *s ? ui_text_add(t, role, s) : add_line(t, role, "", 0);
	free(s);
	return ret;
}

const char *ui_text_line(const struct ui_text *t, size_t i)
{
	return t->buf + t->lines[i].off;
}

/* The next character of S (LEN bytes): its bytes and columns. */
static size_t next_char(const char *s, size_t len, mbstate_t *st, int *cols)
{
	wchar_t wc;
	size_t n = mbrtowc(&wc, s, len, st);

	if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
		memset(st, 0, sizeof(*st));
		*cols = 1;
		return 1;
	}
	*cols = wcwidth(wc);
	if (*cols < 0)
		*cols = 1;
	return n;
}

int ui_text_columns(const char *s, size_t len)
{
	mbstate_t st;
	size_t i = 0;
	int cols = 0, w;

	memset(&st, 0, sizeof(st));
	while (i < len) {
		i += next_char(s + i, len - i, &st, &w);
		cols += w;
	}
	return cols;
}

size_t ui_text_fit(const char *s, size_t len, int cols)
{
	mbstate_t st;
	size_t i = 0, n;
	int used = 0, w;

	memset(&st, 0, sizeof(st));
	while (i < len) {
		n = next_char(s + i, len - i, &st, &w);
		if (used + w > cols)
			break;
		used += w;
		i += n;
	}
	return i;
}

int ui_text_find_in(const char *s, size_t len, const char *pattern, size_t from,
		    size_t *at)
{
	size_t plen = strlen(pattern), i, k;

	if (plen == 0 || plen > len)
		return -1;
	for (i = from; i + plen <= len; i++) {
		for (k = 0; k < plen; k++)
			if (tolower((unsigned char)s[i + k]) !=
			    tolower((unsigned char)pattern[k]))
				break;
		if (k == plen) {
			*at = i;
			return 0;
		}
	}
	return -1;
}

/* ---- layout and scrolling ------------------------------------------- */

void ui_textview_init(struct ui_textview *v, struct ui_text *text)
{
	memset(v, 0, sizeof(*v));
	v->text = text;
}

void ui_textview_free(struct ui_textview *v)
{
	free(v->rows);
	v->rows = NULL;
	v->n_rows = 0;
}

static int push_row(struct ui_text_row **rows, size_t *n, size_t *cap,
		    size_t line, size_t start, size_t end)
{
	if (*n == *cap) {
		size_t grown_cap = *cap ? 2 * *cap : 64;
		struct ui_text_row *grown =
		    realloc(*rows, grown_cap * sizeof(*grown));

		if (grown == NULL)
			return -1;
		*rows = grown;
		*cap = grown_cap;
	}
	(*rows)[*n].line = line;
	(*rows)[*n].start = start;
	(*rows)[(*n)++].end = end;
	return 0;
}

/* The rows of line I: one, or as many as it takes in WIDTH columns. */
static int lay_line(struct ui_textview *v, size_t i, struct ui_text_row **rows,
		    size_t *n, size_t *cap)
{
	const char *s = ui_text_line(v->text, i);
	size_t len = v->text->lines[i].len, pos = 0, fit;
	int cols = ui_text_columns(s, len);

	if (cols > v->widest)
		v->widest = cols;
	if (!v->wrap || len == 0)
		return push_row(rows, n, cap, i, 0, len);
	while (pos < len) {
		fit = ui_text_fit(s + pos, len - pos, v->width);
		if (fit == 0) /* a character wider than the window */
			fit = ui_text_fit(s + pos, len - pos, 2);
		if (fit == 0)
			fit = 1;
		if (push_row(rows, n, cap, i, pos, pos + fit) < 0)
			return -1;
		pos += fit;
	}
	return 0;
}

int ui_textview_layout(struct ui_textview *v, int width, int wrap)
{
	struct ui_text_row *rows = NULL;
	size_t n = 0, cap = 0, i, keep_line = 0, keep_off = 0;

	if (v->n_rows > 0) {
		keep_line = v->rows[v->top].line;
		keep_off = v->rows[v->top].start;
	}
	v->width = width > 1 ? width : 1;
	v->wrap = wrap;
	v->widest = 0;
	for (i = 0; i < v->text->count; i++)
		if (lay_line(v, i, &rows, &n, &cap) < 0) {
			free(rows);
			return -1;
		}
	free(v->rows);
	v->rows = rows;
	v->n_rows = n;
	v->top = n ? ui_textview_row_of(v, keep_line, keep_off) : 0;
	if (wrap)
		v->left = 0;
	return 0;
}

size_t ui_textview_row_of(const struct ui_textview *v, size_t line, size_t off)
{
	size_t lo = 0, hi = v->n_rows;

	/* The last row starting at or before (LINE, OFF). */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		const struct ui_text_row *r = &v->rows[mid];

		if (r->line < line || (r->line == line && r->start <= off))
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

static size_t max_top(const struct ui_textview *v, int height)
{
	size_t h = height > 0 ? (size_t)height : 1;

	return v->n_rows > h ? v->n_rows - h : 0;
}

void ui_textview_move(struct ui_textview *v, enum ui_textview_move move,
		      int height)
{
	size_t page = height > 1 ? (size_t)height - 1 : 1,
	       last = max_top(v, height);

	switch (move) {
	case UI_TV_UP:
		v->top = v->top > 0 ? v->top - 1 : 0;
		break;
	case UI_TV_DOWN:
		v->top++;
		break;
	case UI_TV_PAGE_UP:
		v->top = v->top > page ? v->top - page : 0;
		break;
	case UI_TV_PAGE_DOWN:
		v->top += page;
		break;
	case UI_TV_HOME:
		v->top = 0;
		v->left = 0;
		break;
	case UI_TV_END:
		v->top = last;
		break;
	case UI_TV_LEFT:
		v->left = v->left > SIDE_STEP ? v->left - SIDE_STEP : 0;
		break;
	case UI_TV_RIGHT:
		if (!v->wrap && v->left + v->width < v->widest)
			v->left += SIDE_STEP;
		break;
	case UI_TV_STAY:
		break;
	}
	if (v->top > last)
		v->top = last;
}

/* ---- search --------------------------------------------------------- */

/* The last match in S before LIMIT bytes. */
static int find_last(const char *s, size_t len, const char *pattern,
		     size_t limit, size_t *at)
{
	size_t from = 0, found;
	int ret = -1;

	while (ui_text_find_in(s, len, pattern, from, &found) == 0 &&
	       found < limit) {
		*at = found;
		ret = 0;
		from = found + 1;
	}
	return ret;
}

/* Line by line from (LINE, OFF), round the end: K counts the lines. */
static int search_from(const struct ui_textview *v, int direction, size_t line,
		       size_t off, size_t *found_line, size_t *found_off,
		       int *wrapped)
{
	size_t count = v->text->count, k, l;

	for (k = 0; k <= count; k++) {
		const char *s;
		size_t len, at;
		int ret;

		l = direction > 0 ? (line + k) % count
				  : (line + count - k % count) % count;
		s = ui_text_line(v->text, l);
		len = v->text->lines[l].len;
		if (direction > 0)
			ret = ui_text_find_in(s, len, v->pattern,
					      k == 0 ? off : 0, &at);
		else
			ret = find_last(s, len, v->pattern,
					k == 0 ? off : SIZE_MAX, &at);
		/* Back on the first line: only what was not seen. */
		if (ret == 0 && k == count &&
		    (direction > 0 ? at >= off : at < off))
			ret = -1;
		if (ret == 0) {
			*found_line = l;
			*found_off = at;
			*wrapped = direction > 0 ? line + k >= count : k > line;
			return 0;
		}
	}
	return -1;
}

/* Scroll so that the current match shows. */
static void show_match(struct ui_textview *v, int height)
{
	size_t row = ui_textview_row_of(v, v->match_line, v->match_off);
	size_t h = height > 0 ? (size_t)height : 1;
	const char *s = ui_text_line(v->text, v->match_line);
	int col, pcols;

	if (row < v->top || row >= v->top + h)
		v->top = row > h / 3 ? row - h / 3 : 0;
	if (v->top > max_top(v, height))
		v->top = max_top(v, height);
	if (v->wrap)
		return;
	col = ui_text_columns(s, v->match_off);
	pcols = ui_text_columns(v->pattern, strlen(v->pattern));
	if (col < v->left || col + pcols > v->left + v->width)
		v->left = col > v->width / 4 ? col - v->width / 4 : 0;
}

int ui_textview_search(struct ui_textview *v, const char *pattern,
		       int direction, int again, int height, int *wrapped)
{
	size_t line = 0, off = 0, h = height > 0 ? (size_t)height : 1, row;

	*wrapped = 0;
	if (pattern != NULL) {
		snprintf(v->pattern, sizeof(v->pattern), "%s", pattern);
		again = 0;
	}
	if (v->pattern[0] == '\0' || v->text->count == 0 || v->n_rows == 0)
		return -1;
	row = v->has_match ? ui_textview_row_of(v, v->match_line, v->match_off)
			   : 0;
	if (v->has_match && row >= v->top && row < v->top + h) {
		line = v->match_line;
		off = v->match_off + (again && direction > 0);
	} else {
		line = v->rows[v->top].line;
		off = v->rows[v->top].start;
	}
	if (search_from(v, direction, line, off, &v->match_line, &v->match_off,
			wrapped) < 0) {
		v->has_match = 0;
		return -1;
	}
	v->has_match = 1;
	show_match(v, height);
	return 0;
}
