/* certdeck tests: the main screen's model (sections, counts, the filter,
 * names arriving later), without curses. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "demo.h"
#include "tap.h"
#include "ui.h"

/* 2024-06-01 00:00:00 UTC */
#define NOW 1717200000

static const char index_txt[] =
    "V\t301231000000Z\t\t0A1B\tunknown\t/C=FR/CN=www.example.org\n"
    "R\t301231000000Z\t240101000000Z\t0C2D\tunknown\t/CN=old.example.org\n"
    "V\t301231000000Z\t\tABCDEF\tunknown\t/O=Acme/CN=mail.acme.test\n"
    "V\t240101000000Z\t\t1234\tunknown\t/CN=gone.example.net\n";

static void put(const char *dir, const char *rel, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	f = fopen(path, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

/* A store written by hand: private/ca.key makes it one (no ca.crt). */
static void make_store(const char *dir)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/private", dir);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/reqs", dir);
	mkdir(path, 0700);
	put(dir, "private/ca.key", "");
	put(dir, "private/web.key", "");
	put(dir, "private/Alpha.key", "");
	put(dir, "reqs/web.req", "");
	put(dir, "reqs/notes.txt", "");
	put(dir, "index.txt", index_txt);
}

/* The item of SECTION (0 CA, 1 issued, 2 requests, 3 keys, 4 revoked). */
static const struct ui_item *section(const struct ui_model *m, int which)
{
	size_t i;
	int n = -1;

	for (i = 0; i < m->count; i++)
		if (m->items[i].kind == UI_ITEM_SECTION && ++n == which)
			return &m->items[i];
	return NULL;
}

/* The labels of the items shown (not the headings), comma separated. */
static const char *shown(const struct ui_model *m)
{
	static char buf[1024];
	size_t i;

	buf[0] = '\0';
	for (i = 0; i < m->n_shown; i++) {
		const struct ui_item *it = &m->items[m->shown[i]];

		if (it->kind == UI_ITEM_SECTION)
			continue;
		if (buf[0])
			strncat(buf, ",", sizeof(buf) - strlen(buf) - 1);
		strncat(buf, ui_item_label(it), sizeof(buf) - strlen(buf) - 1);
	}
	return buf;
}

static void test_sections(struct ui_model *m)
{
	static const struct {
		enum ui_item_kind holds;
		size_t members;
	} want[] = {
	    {UI_ITEM_CA, 0},  {UI_ITEM_ISSUED, 3},  {UI_ITEM_REQUEST, 1},
	    {UI_ITEM_KEY, 2}, {UI_ITEM_REVOKED, 1},
	};
	size_t i;

	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		const struct ui_item *s = section(m, (int)i);

		ok(s && s->holds == want[i].holds, "section %zu holds kind %d",
		   i, want[i].holds);
		is_int(s ? s->members : 99, want[i].members,
		       "section %zu (%s) counts its items", i,
		       s ? ui_section_title(s) : "?");
	}
	is_int(m->n_shown, m->count, "no filter: everything is shown");
	is_str(shown(m),
	       "www.example.org,mail.acme.test,gone.example.net,web,Alpha,web,"
	       "old.example.org",
	       "index order, then files sorted by name, labels from the CN");
	ok(m->items[m->shown[2]].status == 'V' &&
	       m->items[m->shown[2]].days_left > 2000,
	   "a valid certificate has its days left");
	ok(m->items[m->shown[4]].status == 'E',
	   "a certificate past its date is expired");
	is_str(m->items[m->shown[2]].rel, "certs_by_serial/0A1B.pem",
	       "an issued certificate's file is by serial");
	is_str(m->items[m->shown[8]].rel, "private/Alpha.key",
	       "a key's file is in private/");
	is_str(m->items[m->shown[6]].rel, "reqs/web.req",
	       "a request's file is in reqs/");
}

static void test_filter(struct ui_model *m)
{
	ui_model_filter(m, "EXAMPLE");
	is_str(shown(m), "www.example.org,gone.example.net,old.example.org",
	       "the filter ignores case");
	is_int(section(m, 1)->shown_members, 2, "the heading counts matches");
	is_int(section(m, 4)->shown_members, 1, "so does the revoked one");
	is_int(section(m, 3)->shown_members, 0, "no key matches");
	is_int(m->n_shown, 5 + 3, "headings stay");
	ui_model_filter(m, "abcd");
	is_str(shown(m), "mail.acme.test", "the filter finds a serial");
	ui_model_filter(m, "o=acme");
	is_str(shown(m), "mail.acme.test", "the filter finds a subject");
	ui_model_filter(m, "c=fr/");
	is_str(shown(m), "www.example.org", "the whole subject is searched");
	ui_model_filter(m, "zzz");
	is_str(shown(m), "", "nothing matches");
	is_int(m->n_shown, 5, "only the headings are left");
	ui_model_filter(m, "");
	is_int(m->n_shown, m->count, "an empty filter shows everything");
}

/* Typing on narrows the list that is shown: the same as filtering from
 * scratch, backspace included. */
static void test_typing(struct ui_model *m)
{
	static const char *const typed[] = {
	    "e", "ex", "exa", "exam", "example.n", "example.", "ex"};
	char narrowed[1024];
	size_t i;

	for (i = 0; i < sizeof(typed) / sizeof(typed[0]); i++) {
		ui_model_filter(m, typed[i]);
		snprintf(narrowed, sizeof(narrowed), "%s", shown(m));
		ui_model_filter(m, "");
		ui_model_filter(m, typed[i]);
		is_str(narrowed, shown(m),
		       "typing \"%s\" shows what it matches", typed[i]);
	}
	ui_model_filter(m, "");
}

static void test_names(struct ui_model *m)
{
	char **names = calloc(m->n_index, sizeof(*names));

	ui_model_filter(m, "web");
	is_str(shown(m), "web,web", "before the names: the request and key");
	names[0] = strdup("web-server");
	names[2] = strdup("mail");
	ui_model_set_names(m, names, m->n_index);
	ui_model_filter(m, m->filter);
	is_str(shown(m), "web-server,web,web",
	       "the same filter again finds a name that came later");
	ui_model_filter(m, "MAIL");
	is_str(shown(m), "mail", "the name is the label");
	ui_model_filter(m, "acme");
	is_str(shown(m), "mail", "the subject is still searched");
	ui_model_filter(m, "");
	is_str(shown(m),
	       "web-server,mail,gone.example.net,web,Alpha,web,"
	       "old.example.org",
	       "without a name, the label is the CN");
}

static void test_hand_store(void)
{
	char dir[] = "/tmp/cd-model-XXXXXX";
	struct cd_ctx ctx;
	struct cd_store *store = NULL;
	struct ui_model m;
	char cmd[600];

	cd_ctx_init(&ctx);
	cd_ctx_set_time(&ctx, NOW);
	ok(mkdtemp(dir) != NULL, "temporary directory");
	make_store(dir);
	is_int(cd_store_open(&ctx, dir, &store), 0, "the store opens");
	is_int(ui_model_load(&ctx, store, &m), 0, "the model loads");
	test_sections(&m);
	test_filter(&m);
	test_typing(&m);
	test_names(&m);
	ui_model_free(&m);
	cd_store_close(store);
	cd_ctx_deinit(&ctx);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ok(system(cmd) == 0, "cleaned up");
}

/* The demo store, written by the backend: the CA is an item, and the
 * names of issued/ match the index's serials. */
static void test_demo_store(void)
{
	char *dir = NULL, *store_dir = NULL, **names = NULL;
	struct cd_ctx ctx;
	struct cd_store *store = NULL;
	struct cd_store_entry *serials;
	struct ui_model m;
	size_t i;

	cd_ctx_init(&ctx);
	is_int(cd_demo_mkdtemp(&ctx, &dir), 0, "a directory for the demo");
	if (asprintf(&store_dir, "%s/pki", dir) < 0)
		store_dir = NULL;
	is_int(cd_demo_create(&ctx, store_dir), 0, "the demo store");
	is_int(cd_store_open(&ctx, store_dir, &store), 0, "it opens");
	is_int(ui_model_load(&ctx, store, &m), 0, "its model loads");
	is_int(section(&m, 0)->members, 1, "one CA");
	is_str(m.items[1].name, "ca", "the CA's item");
	is_str(m.items[1].rel, "ca.crt", "the CA's file");
	is_int(section(&m, 1)->members, 2, "two issued certificates");
	serials = calloc(m.n_index, sizeof(*serials));
	for (i = 0; i < m.n_index; i++)
		memcpy(serials[i].serial, m.items[m.by_index[i]].serial,
		       sizeof(serials[i].serial));
	is_int(cd_store_list_names(&ctx, store, serials, m.n_index, &names), 0,
	       "the names of issued/");
	ui_model_set_names(&m, names, m.n_index);
	ui_model_filter(&m, "LOCALHOST");
	is_int(section(&m, 1)->shown_members, 1,
	       "one issued certificate is named localhost");
	is_str(m.items[m.shown[2]].name, "localhost",
	       "the server certificate, by the name of issued/localhost.crt");
	ui_model_filter(&m, "client");
	ok(strstr(shown(&m), "client") != NULL, "the client certificate");
	free(serials);
	ui_model_free(&m);
	cd_store_close(store);
	is_int(cd_demo_remove(&ctx, dir), 0, "the demo store is removed");
	cd_ctx_deinit(&ctx);
	free(store_dir);
	free(dir);
}

int main(void)
{
	test_hand_store();
	test_demo_store();
	return tap_done();
}
