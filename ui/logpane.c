/* certdeck: a log of coloured lines (see logpane.h). */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "logpane.h"

static size_t log_max(const struct ui_log *log)
{
	return log->max ? log->max : UI_LOG_MAX;
}

/* Room for one line more: the oldest dropped at the maximum. */
static int log_make_room(struct ui_log *log)
{
	struct ui_log_line *l;
	size_t size;

	if (log->count > 0 && log->count >= log_max(log)) {
		free(log->lines[0].text);
		memmove(log->lines, log->lines + 1,
			(log->count - 1) * sizeof(*log->lines));
		log->count--;
	}
	if (log->count < log->size)
		return 0;
	size = log->size ? log->size * 2 : 64;
	l = realloc(log->lines, size * sizeof(*l));
	if (l == NULL)
		return -1;
	log->lines = l;
	log->size = size;
	return 0;
}

void ui_log_add(struct ui_log *log, enum ui_role role, const char *text)
{
	while (text) {
		const char *nl = strchr(text, '\n');
		size_t len = nl ? (size_t)(nl - text) : strlen(text);
		char *line = strndup(text, len);

		text = nl ? nl + 1 : NULL;
		if (line == NULL || log_make_room(log) < 0) {
			free(line);
			return;
		}
		log->lines[log->count].text = line;
		log->lines[log->count++].role = role;
		/* What the user looks at stays (unless it was dropped). */
		if (log->back && log->back < log->count)
			log->back++;
	}
}

void ui_log_clear(struct ui_log *log)
{
	size_t i, max = log->max;

	for (i = 0; i < log->count; i++)
		free(log->lines[i].text);
	free(log->lines);
	memset(log, 0, sizeof(*log));
	log->max = max;
}

void ui_log_scroll_back(struct ui_log *log, size_t n)
{
	log->back = log->back + n < log->count ? log->back + n : log->count;
}

void ui_log_scroll_forward(struct ui_log *log, size_t n)
{
	log->back = log->back > n ? log->back - n : 0;
}

void ui_log_window(const struct ui_log *log, int width, int rows,
		   int (*height)(int width, const char *text), size_t *start,
		   size_t *end)
{
	size_t last =
	    log->count - (log->back < log->count ? log->back : log->count);
	size_t first = last;
	int used = 0;

	while (first > 0) {
		int n = height(width, log->lines[first - 1].text);

		if (used + n > rows)
			break;
		used += n;
		first--;
	}
	*start = first;
	*end = last;
}
