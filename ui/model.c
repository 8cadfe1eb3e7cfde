/* certdeck: the store as the main screen lists it, in sections. No
 * curses here: the filter is unit-tested. */
#include <config.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "i18n.h"
#include "ui.h"

static struct ui_item *model_add(struct ui_model *m, enum ui_item_kind kind)
{
	struct ui_item *it;

	if (m->count == m->size) {
		size_t size = m->size ? 2 * m->size : 64;

		it = realloc(m->items, size * sizeof(*it));
		if (it == NULL)
			return NULL;
		m->items = it;
		m->size = size;
	}
	it = &m->items[m->count++];
	memset(it, 0, sizeof(*it));
	it->kind = kind;
	return it;
}

static int add_section(struct ui_model *m, enum ui_item_kind holds)
{
	struct ui_item *it = model_add(m, UI_ITEM_SECTION);

	if (it == NULL)
		return -1;
	it->holds = holds;
	return 0;
}

/* The last section gets its count from the items after it. */
static void close_section(struct ui_model *m, size_t at)
{
	m->items[at].members = m->count - at - 1;
}

/* DIR/NAME+EXT, allocated (cheaper than asprintf, once per item). */
static char *rel_path(const char *dir, const char *name, size_t len,
		      const char *ext)
{
	size_t dlen = strlen(dir), elen = strlen(ext);
	char *rel = malloc(dlen + 1 + len + elen + 1);

	if (rel == NULL)
		return NULL;
	memcpy(rel, dir, dlen);
	rel[dlen] = '/';
	memcpy(rel + dlen + 1, name, len);
	memcpy(rel + dlen + 1 + len, ext, elen + 1);
	return rel;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The NAMEs of DIR/NAME.EXT, sorted (byte order: the same in every
 * locale, and no strcoll over thousands of keys). */
static int read_names(const struct cd_store *store, const char *dir,
		      const char *ext, int skip_ca, char ***out, size_t *n)
{
	char *path = cd_store_path(store, dir), **v = NULL, **grown;
	DIR *d = path ? opendir(path) : NULL;
	size_t elen = strlen(ext), size = 0;
	struct dirent *e;
	int ret = 0;

	free(path);
	*n = 0;
	while (d && ret == 0 && (e = readdir(d)) != NULL) {
		const char *f = e->d_name;
		size_t len = strlen(f);

		if (len <= elen || strcmp(f + len - elen, ext) != 0 ||
		    (skip_ca && strcmp(f, "ca.key") == 0))
			continue;
		if (*n == size) {
			size = size ? 2 * size : 64;
			grown = realloc(v, size * sizeof(*v));
			if (grown == NULL) {
				ret = -1;
				break;
			}
			v = grown;
		}
		if ((v[*n] = strndup(f, len - elen)) == NULL)
			ret = -1;
		else
			(*n)++;
	}
	if (d)
		closedir(d);
	if (ret == 0 && *n > 1)
		qsort(v, *n, sizeof(*v), by_name);
	*out = v;
	return ret;
}

/* DIR/NAME.EXT of the store, one item each, sorted by name. */
static int add_files(const struct cd_store *store, struct ui_model *m,
		     enum ui_item_kind kind, const char *dir, const char *ext)
{
	char **names;
	size_t n, i;
	int ret = read_names(store, dir, ext, kind == UI_ITEM_KEY, &names, &n);

	for (i = 0; i < n; i++) {
		struct ui_item *it = ret == 0 ? model_add(m, kind) : NULL;

		if (it == NULL) {
			free(names[i]);
			ret = -1;
			continue;
		}
		it->name = names[i];
		it->rel = rel_path(dir, names[i], strlen(names[i]), ext);
		if (it->rel == NULL)
			ret = -1;
	}
	free(names);
	return ret;
}

/* The index's entries with STATUS (or, for 'V', also 'E'), as KIND. */
static int add_entries(struct ui_model *m, struct cd_store_entry *e,
		       size_t count, int revoked)
{
	size_t i;

	for (i = 0; i < count; i++) {
		struct ui_item *it;

		if ((e[i].status == 'R') != revoked)
			continue;
		it = model_add(m, revoked ? UI_ITEM_REVOKED : UI_ITEM_ISSUED);
		if (it == NULL)
			return -1;
		it->subject = e[i].subject;
		e[i].subject = NULL;
		memcpy(it->serial, e[i].serial, sizeof(it->serial));
		it->status = e[i].status;
		it->days_left = e[i].days_left;
		it->rel = rel_path("certs_by_serial", e[i].serial,
				   strlen(e[i].serial), ".pem");
		if (it->rel == NULL)
			return -1;
		m->by_index[i] = m->count - 1;
	}
	return 0;
}

int ui_model_load(struct cd_ctx *ctx, const struct cd_store *store,
		  struct ui_model *m)
{
	struct cd_store_entry *e = NULL;
	size_t count = 0, at;
	int ret;

	memset(m, 0, sizeof(*m));
	ret = cd_store_list_index(ctx, store, &e, &count);
	if (ret < 0)
		return ret;
	m->by_index = calloc(count ? count : 1, sizeof(*m->by_index));
	m->n_index = count;
	ret = m->by_index ? add_section(m, UI_ITEM_CA) : -1;
	if (ret == 0 && store->ca_crt) {
		struct ui_item *it = model_add(m, UI_ITEM_CA);

		if (it == NULL || (it->rel = strdup("ca.crt")) == NULL ||
		    (it->name = strdup("ca")) == NULL)
			ret = -1;
		else {
			/* Its subject, for the filter (a failure leaves it
			 * out, and says nothing). */
			struct cd_ctx scratch = *ctx;

			scratch.log = NULL;
			if (cd_crt_subject_oneline(&scratch, store->ca_crt,
						   &it->subject) < 0)
				it->subject = NULL;
		}
	}
	if (ret == 0) {
		close_section(m, 0);
		at = m->count;
		ret = add_section(m, UI_ITEM_ISSUED);
	}
	if (ret == 0)
		ret = add_entries(m, e, count, 0);
	if (ret == 0) {
		close_section(m, at);
		at = m->count;
		ret = add_section(m, UI_ITEM_REQUEST);
	}
	if (ret == 0)
		ret = add_files(store, m, UI_ITEM_REQUEST, "reqs", ".req");
	if (ret == 0) {
		close_section(m, at);
		at = m->count;
		ret = add_section(m, UI_ITEM_KEY);
	}
	if (ret == 0)
		ret = add_files(store, m, UI_ITEM_KEY, "private", ".key");
	if (ret == 0) {
		close_section(m, at);
		at = m->count;
		ret = add_section(m, UI_ITEM_REVOKED);
	}
	if (ret == 0)
		ret = add_entries(m, e, count, 1);
	if (ret == 0)
		close_section(m, at);
	cd_store_entries_free(e, count);
	if (ret < 0) {
		ui_model_free(m);
		return cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	}
	ui_model_filter(m, "");
	return m->shown ? 0 : cd_error(ctx, CD_E_NOMEM, _("out of memory"));
}

void ui_model_free(struct ui_model *m)
{
	size_t i;

	for (i = 0; i < m->count; i++) {
		free(m->items[i].name);
		free(m->items[i].subject);
		free(m->items[i].rel);
	}
	free(m->items);
	free(m->shown);
	free(m->by_index);
	memset(m, 0, sizeof(*m));
}

void ui_model_set_names(struct ui_model *m, char **names, size_t count)
{
	size_t i;

	for (i = 0; i < count; i++) {
		if (i < m->n_index && names[i] && m->by_index) {
			struct ui_item *it = &m->items[m->by_index[i]];

			free(it->name);
			it->name = names[i];
			names[i] = NULL;
		}
		free(names[i]);
	}
	free(names);
	m->shown_valid = 0; /* the labels changed: filter again in full */
}

const char *ui_item_label(const struct ui_item *it)
{
	const char *cn;

	if (it->name)
		return it->name;
	if (it->subject && (cn = strstr(it->subject, "/CN=")) != NULL)
		return cn + 4;
	return it->subject ? it->subject : it->serial;
}

const char *ui_section_title(const struct ui_item *it)
{
	switch (it->holds) {
	case UI_ITEM_CA:
		/* L10N: headings of the main screen's list. */
		return _("Certificate authority");
	case UI_ITEM_ISSUED:
		return _("Issued");
	case UI_ITEM_REQUEST:
		return _("Requests");
	case UI_ITEM_KEY:
		return _("Keys");
	case UI_ITEM_REVOKED:
		return _("Revoked");
	default:
		return "";
	}
}

/* ASCII case folding, byte by byte as strcasestr does in a UTF-8 locale
 * (other bytes compare as they are). */
static unsigned char fold(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c;
}

static size_t fold_copy(char *dst, size_t size, const char *src)
{
	size_t n = 0;

	while (src[n] && n + 1 < size) {
		dst[n] = (char)fold((unsigned char)src[n]);
		n++;
	}
	dst[n] = '\0';
	return n;
}

/* HAY contains NEEDLE (folded, LEN > 0 bytes), ignoring ASCII case. A
 * plain loop: strcasestr() analyses its needle on each call, which costs
 * more than the search in strings this short. */
static int contains(const char *hay, const char *needle, size_t len)
{
	const unsigned char *h = (const unsigned char *)hay;
	const unsigned char *n = (const unsigned char *)needle;
	size_t i;

	for (; *h; h++) {
		if (fold(*h) != n[0])
			continue;
		for (i = 1; i < len && fold(h[i]) == n[i]; i++)
			;
		if (i == len)
			return 1;
	}
	return 0;
}

static int item_matches(const struct ui_item *it, const char *needle,
			size_t len)
{
	return contains(ui_item_label(it), needle, len) ||
	       (it->subject && contains(it->subject, needle, len)) ||
	       (it->serial[0] && contains(it->serial, needle, len));
}

void ui_model_filter(struct ui_model *m, const char *text)
{
	char needle[sizeof(m->filter)], old[sizeof(m->filter)];
	size_t len, i, n, section = 0;
	int narrow;

	fold_copy(old, sizeof(old), m->filter);
	len = fold_copy(needle, sizeof(needle), text);
	/* Typing on: what matches TEXT matched the old filter when TEXT
	 * holds it, so only the items shown now are tried. */
	narrow = m->shown && m->shown_valid && old[0] && strstr(needle, old);
	if (text != m->filter)
		snprintf(m->filter, sizeof(m->filter), "%s", text);
	if (m->shown == NULL)
		m->shown =
		    malloc((m->count ? m->count : 1) * sizeof(*m->shown));
	if (m->shown == NULL)
		return;
	n = narrow ? m->n_shown : m->count;
	m->n_shown = 0;
	for (i = 0; i < n; i++) {
		size_t at = narrow ? m->shown[i] : i;
		struct ui_item *it = &m->items[at];

		if (it->kind == UI_ITEM_SECTION) {
			section = at;
			it->shown_members = 0;
		} else if (len == 0 || item_matches(it, needle, len))
			m->items[section].shown_members++;
		else
			continue;
		m->shown[m->n_shown++] = at;
	}
	m->shown_valid = 1;
}
