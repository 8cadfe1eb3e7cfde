/* certdeck: the store as the main screen lists it, in sections. No
 * curses here: the filter is unit-tested. */
#include <config.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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

/* DIR/NAME.EXT of the store, one item each, sorted by name. */
static int add_files(const struct cd_store *store, struct ui_model *m,
		     enum ui_item_kind kind, const char *dir, const char *ext)
{
	char *path = cd_store_path(store, dir);
	struct dirent **list = NULL;
	size_t elen = strlen(ext);
	int n = path ? scandir(path, &list, NULL, alphasort) : -1, i, ret = 0;

	free(path);
	for (i = 0; i < n; i++) {
		const char *f = list[i]->d_name;
		size_t len = strlen(f);
		struct ui_item *it;

		if (ret == 0 && len > elen &&
		    strcmp(f + len - elen, ext) == 0 &&
		    !(kind == UI_ITEM_KEY && strcmp(f, "ca.key") == 0)) {
			it = model_add(m, kind);
			if (it == NULL ||
			    (it->name = strndup(f, len - elen)) == NULL ||
			    asprintf(&it->rel, "%s/%s", dir, f) < 0) {
				if (it)
					it->rel = NULL;
				ret = -1;
			}
		}
		free(list[i]);
	}
	free(list);
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
		if (asprintf(&it->rel, "certs_by_serial/%s.pem", e[i].serial) <
		    0) {
			it->rel = NULL;
			return -1;
		}
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

static int item_matches(const struct ui_item *it, const char *text)
{
	const char *label = ui_item_label(it);

	return strcasestr(label, text) ||
	       (it->subject && strcasestr(it->subject, text)) ||
	       (it->serial[0] && strcasestr(it->serial, text));
}

void ui_model_filter(struct ui_model *m, const char *text)
{
	size_t i, section = 0;

	if (text != m->filter)
		snprintf(m->filter, sizeof(m->filter), "%s", text);
	if (m->shown == NULL)
		m->shown =
		    malloc((m->count ? m->count : 1) * sizeof(*m->shown));
	if (m->shown == NULL)
		return;
	m->n_shown = 0;
	for (i = 0; i < m->count; i++) {
		const struct ui_item *it = &m->items[i];

		if (it->kind == UI_ITEM_SECTION) {
			section = i;
			m->items[i].shown_members = 0;
		} else if (m->filter[0] == '\0' || item_matches(it, m->filter))
			m->items[section].shown_members++;
		else
			continue;
		m->shown[m->n_shown++] = i;
	}
}
