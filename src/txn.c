/* certdeck: changes to the store as transactions.
 *
 * A change to the store goes through these steps, each safe to be killed:
 *   1. the journal (.certdeck-journal, written atomically) names the
 *      serials being added and every file about to appear, and each new
 *      file is written as FILE.certdeck-new;
 *   2. one flush (syncfs) makes the journal and all the files durable,
 *      however many there are;
 *   3. each FILE.certdeck-new is renamed to FILE;
 *   4. index.txt is replaced atomically: this is the commit point (a
 *      change that adds no certificate commits by rewriting the journal
 *      with a final "C" line instead);
 *   5. a second flush makes the renames and the commit point durable;
 *   6. the journal is removed (no flush: a journal found again is found
 *      committed, and only removed).
 * A change that replaces files (index.txt on a revocation, crl.pem and
 * crlnumber for a CRL) names them on "R" lines: they are written as
 * FILE.certdeck-new in step 1 and renamed over FILE only after the commit
 * point (the "C" line), so that an undo just removes FILE.certdeck-new.
 * Every FILE of an "F" line was absent when the change began (checked
 * under the lock), so the change owns it until it commits. Recovery (under
 * the lock) reads a journal left behind: when index.txt holds its serials
 * (or the journal its "C") the change committed, and the renames of step 3
 * are finished; otherwise it never happened, and both FILE.certdeck-new
 * and FILE are removed, then flushed away before the journal goes. A
 * failure within the change undoes it the same way. */
#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"
#include "file.h"
#include "parallel.h"
#include "profile.h"
#include "i18n.h"
#include "store.h"

#define JOURNAL ".certdeck-journal"
/* Version 2 renames before the commit point; a version 1 journal (left by
 * an older certdeck) renamed after it, and may name `serial`, which it
 * replaced: undoing it removes only the FILE.certdeck-new files. */
#define JOURNAL_MAGIC "certdeck-journal 2\n"
#define JOURNAL_MAGIC_V1 "certdeck-journal 1\n"
#define NEW_SUFFIX ".certdeck-new"

struct strbuf {
	char *p;
	size_t len, size;
};

static int sb_printf(struct strbuf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int sb_printf(struct strbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(b->p ? b->p + b->len : NULL,
			      b->p ? b->size - b->len : 0, fmt, ap);
		va_end(ap);
		if (n < 0)
			return -1;
		if (b->p && b->len + (size_t)n < b->size) {
			b->len += (size_t)n;
			return 0;
		}
		size_t size = (b->size + (size_t)n + 1) * 2;
		char *p = realloc(b->p, size);

		if (p == NULL)
			return -1;
		b->p = p;
		b->size = size;
	}
}

/* ---- serials ---------------------------------------------------------- */

static void serial_to_hex(const unsigned char *s, size_t n, char *hex)
{
	size_t i;

	for (i = 0; i < n; i++)
		snprintf(hex + 2 * i, 3, "%02X", s[i]);
}

/* HEX without its leading zeros, for comparing with openssl_next. */
static const char *hex_significant(const char *hex)
{
	return hex + strspn(hex, "0");
}

void cd_store_read_openssl_serial(struct cd_store *store)
{
	char *path = cd_store_path(store, "serial");
	FILE *f = path ? fopen(path, "re") : NULL;
	char line[sizeof(store->openssl_next)] = "";
	size_t i, n;

	store->openssl_next[0] = '\0';
	if (f && fgets(line, sizeof(line), f)) {
		n = strspn(line, "0123456789abcdefABCDEF");
		line[n] = '\0';
		for (i = 0; i < n; i++)
			if (line[i] >= 'a' && line[i] <= 'f')
				line[i] = (char)(line[i] - 'a' + 'A');
		strcpy(store->openssl_next, hex_significant(line));
	}
	if (f)
		fclose(f);
	free(path);
}

static int serial_in_use(const struct cd_store *store,
			 const struct cd_index *index, char **taken,
			 size_t n_taken, const char *hex)
{
	char rel[CD_SERIAL_HEX_MAX + 32];
	char *path;
	size_t i;
	int used;

	if (cd_index_find(index, hex) ||
	    strcmp(hex_significant(hex), store->openssl_next) == 0)
		return 1;
	for (i = 0; i < n_taken; i++)
		if (strcmp(taken[i], hex) == 0)
			return 1;
	snprintf(rel, sizeof(rel), "certs_by_serial/%s.pem", hex);
	path = cd_store_path(store, rel);
	used = path == NULL || cd_file_exists(path);
	free(path);
	return used;
}

int cd_store_new_serial(struct cd_ctx *ctx, const struct cd_store *store,
			const struct cd_index *index, char **taken,
			size_t n_taken,
			unsigned char serial[CD_STORE_SERIAL_SIZE])
{
	char hex[CD_SERIAL_HEX_MAX];
	unsigned attempt;

	for (attempt = 0; attempt < 100; attempt++) {
		if (gnutls_rnd(GNUTLS_RND_NONCE, serial, CD_STORE_SERIAL_SIZE) <
		    0)
			return cd_error(ctx, CD_E_CRYPTO,
					_("cannot get random bytes"));
		serial[0] &= 0x7f; /* positive */
		if (serial[0] == 0)
			continue; /* keep the DER minimal and 16 octets */
		serial_to_hex(serial, CD_STORE_SERIAL_SIZE, hex);
		if (!serial_in_use(store, index, taken, n_taken, hex))
			return 0;
	}
	return cd_error(ctx, CD_E_STORE, _("%s: cannot find an unused serial"),
			store->dir);
}

int cd_store_serial_check(struct cd_ctx *ctx, const struct cd_store *store,
			  const char *text)
{
	struct cd_index index = {NULL, 0, NULL};
	gnutls_datum_t d = {NULL, 0};
	char hex[CD_SERIAL_HEX_MAX];
	size_t skip = 0;
	int ret = cd_profile_serial_decode(ctx, text, "serial", &d);

	if (ret < 0)
		return ret;
	/* As cd_crt_serial_hex names it: no leading zero octet. */
	while (skip + 1 < d.size && d.data[skip] == 0)
		skip++;
	serial_to_hex(d.data + skip, d.size - skip, hex);
	hex[2 * (d.size - skip)] = '\0';
	gnutls_free(d.data);
	ret = cd_index_load(ctx, store, &index);
	if (ret == 0 && strcmp(hex_significant(hex), store->openssl_next) == 0)
		ret = cd_error(ctx, CD_E_EXISTS,
			       _("serial %s is the next one of the store's "
				 "file serial (openssl ca's): leave the serial "
				 "empty for a random one"),
			       hex);
	else if (ret == 0 && serial_in_use(store, &index, NULL, 0, hex))
		ret = cd_error(ctx, CD_E_EXISTS,
			       _("serial %s is already used in this store: "
				 "leave the serial empty for a random one"),
			       hex);
	cd_index_free(&index);
	return ret;
}

int cd_store_serial_in_use(const struct cd_store *store,
			   const struct cd_index *index, const char *hex)
{
	return serial_in_use(store, index, NULL, 0, hex);
}

/* ---- the journal ----------------------------------------------------- */

struct journal {
	char **serials;
	size_t n_serials;
	char **files; /* relative to the store */
	size_t n_files;
	char **replaces; /* files replaced once the change commits */
	size_t n_replaces;
	int committed; /* the "C" line */
	int v1;	       /* written by an older certdeck (JOURNAL_MAGIC_V1) */
};

static void journal_free(struct journal *j)
{
	size_t i;

	for (i = 0; i < j->n_serials; i++)
		free(j->serials[i]);
	for (i = 0; i < j->n_files; i++)
		free(j->files[i]);
	for (i = 0; i < j->n_replaces; i++)
		free(j->replaces[i]);
	free(j->serials);
	free(j->files);
	free(j->replaces);
	memset(j, 0, sizeof(*j));
}

static int list_add(char ***list, size_t *n, const char *s, size_t len)
{
	char **l = realloc(*list, (*n + 1) * sizeof(**list));

	if (l == NULL)
		return -1;
	*list = l;
	if ((l[*n] = strndup(s, len)) == NULL)
		return -1;
	(*n)++;
	return 0;
}

/* A journal path must stay inside the store. */
static int rel_path_ok(const char *rel)
{
	return rel[0] != '\0' && rel[0] != '/' && strstr(rel, "..") == NULL;
}

static int journal_parse(struct cd_ctx *ctx, const char *path,
			 const gnutls_datum_t *data, struct journal *j)
{
	const char *p = (const char *)data->data;
	const char *end = p + data->size;
	size_t magic = strlen(JOURNAL_MAGIC);

	if (data->size >= magic && memcmp(p, JOURNAL_MAGIC_V1, magic) == 0)
		j->v1 = 1;
	else if (data->size < magic || memcmp(p, JOURNAL_MAGIC, magic) != 0)
		goto bad;
	for (p += magic; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len;
		int ret;

		if (nl != NULL && nl - p == 1 && p[0] == 'C' && nl + 1 == end) {
			j->committed = 1;
			break;
		}
		if (nl == NULL || nl - p < 3 || p[1] != ' ')
			goto bad;
		len = (size_t)(nl - p - 2);
		if (p[0] == 'S')
			ret = list_add(&j->serials, &j->n_serials, p + 2, len);
		else if (p[0] == 'F')
			ret = list_add(&j->files, &j->n_files, p + 2, len);
		else if (p[0] == 'R' && !j->v1)
			ret =
			    list_add(&j->replaces, &j->n_replaces, p + 2, len);
		else
			goto bad;
		if (ret < 0)
			return cd_error(ctx, CD_E_NOMEM, _("out of memory"));
		if (p[0] == 'F' && !rel_path_ok(j->files[j->n_files - 1]))
			goto bad;
		if (p[0] == 'R' && !rel_path_ok(j->replaces[j->n_replaces - 1]))
			goto bad;
		p = nl + 1;
	}
	return 0;
bad:
	return cd_error(ctx, CD_E_STORE,
			_("%s: unreadable journal of an interrupted change; "
			  "move it away and run 'certdeck check'"),
			path);
}

/* The store's path of REL in *FINAL and its .certdeck-new name in *TMP
 * (free both, also on failure). */
static int new_paths(struct cd_ctx *ctx, const struct cd_store *store,
		     const char *rel, char **final, char **tmp)
{
	*final = cd_store_path(store, rel);
	*tmp = *final ? malloc(strlen(*final) + sizeof(NEW_SUFFIX)) : NULL;
	if (*tmp == NULL)
		return cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	sprintf(*tmp, "%s%s", *final, NEW_SUFFIX);
	return 0;
}

/* Run FN(CTX, ARG, I) for I in [0, N): on every core when there are many
 * (creating and renaming files is most of a batch's time, and the file
 * system does it in parallel across directories), else here. The first
 * failure's message ends up in CTX. */
static int txn_each(struct cd_ctx *ctx, size_t n,
		    int (*fn)(struct cd_ctx *ctx, void *arg, size_t i),
		    void *arg);

/* Forward: rename FILE.certdeck-new to FILE for file I of J. Back:
 * remove FILE.certdeck-new and FILE (which the change created: every file
 * of a journal was absent when its change began). */
struct journal_step {
	struct cd_store *store;
	const struct journal *j;
	int forward;
};

static int journal_apply_one(struct cd_ctx *ctx, void *arg, size_t i)
{
	const struct journal_step *s = arg;
	const struct journal *j = s->j;
	char *final, *tmp;
	int ret = 0;

	if (new_paths(ctx, s->store, j->files[i], &final, &tmp) < 0) {
		free(final);
		return CD_E_NOMEM;
	}
	if (s->forward && rename(tmp, final) < 0) {
		if (errno != ENOENT)
			ret = cd_error(ctx, CD_E_IO,
				       _("%s: cannot rename to %s: %s"), tmp,
				       final, strerror(errno));
		else if (!cd_file_exists(final)) /* nor renamed */
			ret = cd_error(ctx, CD_E_STORE,
				       _("%s: missing after an interrupted "
					 "change; run 'certdeck check'"),
				       final);
	} else if (!s->forward && unlink(tmp) < 0 && errno != ENOENT)
		ret = cd_error(ctx, CD_E_IO, _("%s: cannot remove: %s"), tmp,
			       strerror(errno));
	else if (!s->forward && !j->v1 && unlink(final) < 0 && errno != ENOENT)
		ret = cd_error(ctx, CD_E_IO, _("%s: cannot remove: %s"), final,
			       strerror(errno));
	free(tmp);
	free(final);
	return ret;
}

static int journal_apply(struct cd_ctx *ctx, struct cd_store *store,
			 const struct journal *j, int forward)
{
	struct journal_step s = {store, j, forward};

	return txn_each(ctx, j->n_files, journal_apply_one, &s);
}

/* Forward: rename FILE.certdeck-new over FILE for every replaced file of
 * J (the change committed). Back: remove FILE.certdeck-new, leaving FILE
 * as it was. A FILE.certdeck-new already gone was renamed before. */
static int replace_apply(struct cd_ctx *ctx, struct cd_store *store,
			 const struct journal *j, int forward)
{
	size_t i;
	int ret = 0;

	for (i = 0; i < j->n_replaces && ret == 0; i++) {
		char *final, *tmp;

		if (new_paths(ctx, store, j->replaces[i], &final, &tmp) < 0) {
			free(final);
			return CD_E_NOMEM;
		}
		if (forward && rename(tmp, final) < 0 && errno != ENOENT)
			ret = cd_error(ctx, CD_E_IO,
				       _("%s: cannot rename to %s: %s"), tmp,
				       final, strerror(errno));
		else if (!forward && unlink(tmp) < 0 && errno != ENOENT)
			ret = cd_error(ctx, CD_E_IO, _("%s: cannot remove: %s"),
				       tmp, strerror(errno));
		free(tmp);
		free(final);
	}
	return ret;
}

/* One flush of the store's file system (syncfs): everything written or
 * renamed so far is durable, whatever the number of files and
 * directories; the steps of a change are ordered by these flushes. */
static int store_sync(struct cd_ctx *ctx, struct cd_store *store)
{
	int fd = open(store->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int ret = 0;

	if (fd < 0)
		return cd_error(ctx, CD_E_IO, _("%s: cannot open: %s"),
				store->dir, strerror(errno));
#ifdef HAVE_SYNCFS
	if (syncfs(fd) < 0)
		ret = cd_error(ctx, CD_E_IO, _("%s: cannot sync: %s"),
			       store->dir, strerror(errno));
#else
	sync();
#endif
	close(fd);
	return ret;
}

static int journal_remove(struct cd_ctx *ctx, struct cd_store *store)
{
	char *path = cd_store_path(store, JOURNAL);
	int ret = 0;

	if (path == NULL)
		return cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	/* No sync: a journal that outlives a crash is found done by the
	 * recovery, which removes it again. */
	if (unlink(path) < 0 && errno != ENOENT)
		ret = cd_error(ctx, CD_E_IO, _("%s: cannot remove: %s"), path,
			       strerror(errno));
	free(path);
	return ret;
}

/* Remove what cd_file_write_atomic() leaves when killed (NAME.tmp-XXXXXX)
 * where the store writes that way: its top (index.txt, serial, the
 * journal) and templates/. The other directories only ever get
 * FILE.certdeck-new files, which the journal accounts for; not reading
 * them keeps a change's cost independent of the store's size. */
static void remove_stale_temporaries(struct cd_store *store)
{
	static const char *const dirs[] = {".", "templates"};
	size_t i;

	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		char *dir = cd_store_path(store, dirs[i]);
		DIR *d = dir ? opendir(dir) : NULL;
		struct dirent *e;

		while (d && (e = readdir(d)) != NULL) {
			const char *t = strstr(e->d_name, ".tmp-");

			if (t && strlen(t) == 17 &&
			    strspn(t + 5, "0123456789abcdef") == 12)
				unlinkat(dirfd(d), e->d_name, 0);
		}
		if (d)
			closedir(d);
		free(dir);
	}
}

int cd_store_recover(struct cd_ctx *ctx, struct cd_store *store, int *recovered)
{
	struct journal j;
	struct cd_index index = {NULL, 0, NULL};
	gnutls_datum_t data = {NULL, 0};
	char *path = cd_store_path(store, JOURNAL);
	size_t i, found = 0;
	int ret, forward;

	memset(&j, 0, sizeof(j));
	if (recovered)
		*recovered = 0;
	if (path == NULL)
		return cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	remove_stale_temporaries(store);
	if (!cd_file_exists(path)) {
		free(path);
		return 0;
	}
	ret = cd_file_read(ctx, path, 1, &data);
	if (ret == 0)
		ret = journal_parse(ctx, path, &data, &j);
	if (ret == 0)
		ret = cd_index_load(ctx, store, &index);
	if (ret < 0)
		goto out;
	for (i = 0; i < j.n_serials; i++)
		found += cd_index_find(&index, j.serials[i]) != NULL;
	if (found != 0 && found != j.n_serials) {
		ret = cd_error(ctx, CD_E_STORE,
			       _("%s: index.txt holds only part of an "
				 "interrupted change; run 'certdeck check'"),
			       store->dir);
		goto out;
	}
	forward = j.n_serials ? found == j.n_serials : j.committed;
	ret = journal_apply(ctx, store, &j, forward);
	if (ret == 0)
		ret = replace_apply(ctx, store, &j, forward);
	if (ret == 0)
		ret = store_sync(ctx, store);
	if (ret == 0)
		ret = journal_remove(ctx, store);
	if (ret == 0) {
		cd_log(ctx, CD_LOG_INFO,
		       found || j.committed
			   ? _("%s: finished an interrupted change")
			   : _("%s: undid an interrupted change"),
		       store->dir);
		if (recovered)
			*recovered = 1;
	}
out:
	cd_index_free(&index);
	journal_free(&j);
	gnutls_free(data.data);
	free(path);
	return ret;
}

/* ---- commit ---------------------------------------------------------- */

struct txn {
	struct journal j;
	struct strbuf index_lines;
	gnutls_datum_t *contents; /* one per file, new or replaced */
	const char **rels;	  /* its name, in j's lists */
	mode_t *modes;
	size_t n_contents;
	/* An index line to mark revoked with the new lines (a renewal). */
	const char *mark_serial, *mark_revocation;
};

static void txn_free(struct txn *t)
{
	journal_free(&t->j);
	free(t->index_lines.p);
	free(t->contents);
	free(t->rels);
	free(t->modes);
}

/* Add the content of REL to T, its name going to the journal's LIST. */
static int txn_add_content(struct cd_ctx *ctx, struct txn *t, char ***list,
			   size_t *n, const char *rel,
			   const gnutls_datum_t *data, mode_t mode)
{
	void *c, *m, *r;

	c = realloc(t->contents, (t->n_contents + 1) * sizeof(*t->contents));
	if (c)
		t->contents = c;
	m = realloc(t->modes, (t->n_contents + 1) * sizeof(*t->modes));
	if (m)
		t->modes = m;
	r = realloc(t->rels, (t->n_contents + 1) * sizeof(*t->rels));
	if (r)
		t->rels = r;
	if (c == NULL || m == NULL || r == NULL ||
	    list_add(list, n, rel, strlen(rel)) < 0)
		return cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	t->contents[t->n_contents] = *data;
	t->rels[t->n_contents] = (*list)[*n - 1];
	t->modes[t->n_contents++] = mode;
	return 0;
}

/* Add REL, a new file, to T: it must not exist (a rollback removes it). */
static int txn_add_file(struct cd_ctx *ctx, struct cd_store *store,
			struct txn *t, const char *rel,
			const gnutls_datum_t *data, mode_t mode)
{
	char *path = cd_store_path(store, rel);
	int taken = path == NULL || cd_file_exists(path);

	/* Within one change names and serials are distinct (the batch
	 * checks them), and O_EXCL catches the rest when writing. */
	free(path);
	if (taken)
		return cd_error(ctx, CD_E_EXISTS,
				_("%s/%s already exists: choose another name "
				  "(a certificate is replaced by renewing it: "
				  "certdeck renew NAME)"),
				store->dir, rel);
	return txn_add_content(ctx, t, &t->j.files, &t->j.n_files, rel, data,
			       mode);
}

static int txn_add_item(struct cd_ctx *ctx, struct cd_store *store,
			struct txn *t, const struct cd_store_item *it,
			gnutls_datum_t *pem)
{
	struct cd_index_entry e;
	char rel[300];
	int ret;

	ret = cd_index_entry_from_crt(ctx, it->crt, cd_ctx_now(ctx), &e);
	if (ret < 0)
		return ret;
	if (list_add(&t->j.serials, &t->j.n_serials, e.serial,
		     strlen(e.serial)) < 0 ||
	    sb_printf(&t->index_lines, "%c\t%s\t%s\t%s\t%s\t%s\n", e.status,
		      e.expiry, e.revocation, e.serial, e.file,
		      e.subject) < 0) {
		cd_index_entry_clear(&e);
		return cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	}
	snprintf(rel, sizeof(rel), "certs_by_serial/%s.pem", e.serial);
	cd_index_entry_clear(&e);
	ret = txn_add_file(ctx, store, t, rel, pem, 0644);
	if (ret == 0 && it->name) {
		snprintf(rel, sizeof(rel), "issued/%s.crt", it->name);
		ret = txn_add_file(ctx, store, t, rel, pem, 0644);
	}
	if (ret == 0 && it->name && it->key_pem.size) {
		snprintf(rel, sizeof(rel), "private/%s.key", it->name);
		ret = txn_add_file(ctx, store, t, rel, &it->key_pem, 0600);
	}
	if (ret == 0 && it->name && it->req_pem.size && !it->keep_request) {
		snprintf(rel, sizeof(rel), "reqs/%s.req", it->name);
		ret = txn_add_file(ctx, store, t, rel, &it->req_pem, 0644);
	}
	return ret;
}

/* The PEM of an item's certificate: the one it carries (made on the
 * signing workers), else exported here. */
static int item_pem(struct cd_ctx *ctx, const struct cd_store_item *it,
		    gnutls_datum_t *pem)
{
	if (it->crt_pem.size == 0)
		return cd_crt_export_pem(ctx, it->crt, pem);
	pem->data = gnutls_malloc(it->crt_pem.size);
	if (pem->data == NULL)
		return cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	memcpy(pem->data, it->crt_pem.data, it->crt_pem.size);
	pem->size = it->crt_pem.size;
	return 0;
}

static int txn_write_journal(struct cd_ctx *ctx, struct cd_store *store,
			     const struct txn *t, int committed)
{
	struct strbuf b = {NULL, 0, 0};
	char *path = cd_store_path(store, JOURNAL);
	size_t i;
	int ret = path ? sb_printf(&b, "%s", JOURNAL_MAGIC) : -1;

	for (i = 0; ret == 0 && i < t->j.n_serials; i++)
		ret = sb_printf(&b, "S %s\n", t->j.serials[i]);
	for (i = 0; ret == 0 && i < t->j.n_files; i++)
		ret = sb_printf(&b, "F %s\n", t->j.files[i]);
	for (i = 0; ret == 0 && i < t->j.n_replaces; i++)
		ret = sb_printf(&b, "R %s\n", t->j.replaces[i]);
	if (ret == 0 && committed)
		ret = sb_printf(&b, "C\n");
	/* Unsynced: the flush that follows (step 2 or 5) covers it. */
	if (ret < 0)
		ret = cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	else
		ret = cd_file_write_atomic_unsynced(ctx, path, b.p, b.len, 0600,
						    !committed);
	free(b.p);
	free(path);
	return ret;
}

/* Step 1: one new file under its .certdeck-new name. */
struct file_step {
	struct cd_store *store;
	const struct txn *t;
};

static int write_new_file(struct cd_ctx *ctx, void *arg, size_t i)
{
	const struct file_step *s = arg;
	char *final, *tmp;
	int ret = new_paths(ctx, s->store, s->t->rels[i], &final, &tmp);

	if (ret == 0)
		ret = cd_file_write_unsynced(ctx, tmp, s->t->contents[i].data,
					     s->t->contents[i].size,
					     s->t->modes[i]);
	free(tmp);
	free(final);
	return ret;
}

struct each_pool {
	int (*fn)(struct cd_ctx *ctx, void *arg, size_t i);
	void *arg;
	struct cd_ctx ctx[CD_PARALLEL_MAX];
};

static int each_one(void *arg, unsigned worker, size_t i)
{
	struct each_pool *p = arg;

	return p->fn(&p->ctx[worker], p->arg, i);
}

static int txn_each(struct cd_ctx *ctx, size_t n,
		    int (*fn)(struct cd_ctx *ctx, void *arg, size_t i),
		    void *arg)
{
	struct each_pool *p;
	size_t i;
	unsigned k;
	int ret = 0;

	if (n < 32) {
		for (i = 0; i < n && ret == 0; i++)
			ret = fn(ctx, arg, i);
		return ret;
	}
	if ((p = malloc(sizeof(*p))) == NULL)
		return cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	p->fn = fn;
	p->arg = arg;
	for (k = 0; k < CD_PARALLEL_MAX; k++) {
		p->ctx[k] = *ctx;
		p->ctx[k].message[0] = '\0';
	}
	ret = cd_parallel_for(n, each_one, p);
	for (k = 0; ret < 0 && k < CD_PARALLEL_MAX; k++)
		if (p->ctx[k].message[0]) {
			ret = cd_error(ctx, ret, "%s", p->ctx[k].message);
			break;
		}
	free(p);
	return ret;
}

/* Step 1 and 2: every new file under its .certdeck-new name, then sync. */
static int txn_write_files(struct cd_ctx *ctx, struct cd_store *store,
			   const struct txn *t)
{
	struct file_step s = {store, t};
	int ret = txn_each(ctx, t->n_contents, write_new_file, &s);

	return ret < 0 ? ret : store_sync(ctx, store);
}

/* Copy TEXT into OUT with the line of serial T->mark_serial made 'R'
 * with T->mark_revocation as its revocation field. */
static int index_mark(struct cd_ctx *ctx, const struct txn *t, const char *text,
		      size_t len, struct strbuf *out)
{
	const char *p = text, *end = text + len;
	int found = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		char *line = strndup(p, n);
		char *f[6] = {NULL};
		char *save = line;
		int i, ret;

		if (line == NULL)
			return cd_error(ctx, CD_E_NOMEM, _("out of memory"));
		for (i = 0; i < 6 && save; i++)
			f[i] = strsep(&save, "\t");
		if (i == 6 && save == NULL &&
		    strcmp(f[3], t->mark_serial) == 0 &&
		    (f[0][0] == 'V' || f[0][0] == 'E')) {
			ret = sb_printf(out, "R\t%s\t%s\t%s\t%s\t%s\n", f[1],
					t->mark_revocation, f[3], f[4], f[5]);
			found = 1;
		} else
			ret = sb_printf(out, "%.*s\n", (int)n, p);
		free(line);
		if (ret < 0)
			return cd_error(ctx, CD_E_NOMEM, _("out of memory"));
		p = nl ? nl + 1 : end;
	}
	if (!found)
		return cd_error(ctx, CD_E_STORE,
				_("certificate %s is not valid in index.txt: "
				  "it cannot be marked superseded"),
				t->mark_serial);
	return 0;
}

/* Step 4, the commit point: index.txt with the new lines (unsynced: the
 * flush of step 5 follows). */
static int txn_write_index(struct cd_ctx *ctx, struct cd_store *store,
			   const struct txn *t)
{
	gnutls_datum_t old = {NULL, 0};
	struct stat st;
	char *path = cd_store_path(store, "index.txt");
	char *text = NULL;
	int ret;

	if (path == NULL)
		return cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	ret = cd_file_exists(path) ? cd_file_read(ctx, path, 1, &old) : 0;
	if (ret == 0 && t->mark_serial) {
		struct strbuf marked = {NULL, 0, 0};

		ret = index_mark(ctx, t, (const char *)old.data, old.size,
				 &marked);
		gnutls_free(old.data);
		old.data = (unsigned char *)marked.p;
		old.size = (unsigned)marked.len;
		if (ret < 0) {
			free(marked.p);
			old.data = NULL;
		}
	}
	if (ret < 0)
		goto out;
	text = malloc(old.size + t->index_lines.len + 2);
	if (text == NULL) {
		ret = cd_error(ctx, CD_E_NOMEM, _("out of memory"));
		goto out;
	}
	memcpy(text, old.data, old.size);
	size_t len = old.size;
	if (len > 0 && text[len - 1] != '\n')
		text[len++] = '\n';
	memcpy(text + len, t->index_lines.p, t->index_lines.len);
	len += t->index_lines.len;
	/* Keep the mode the index has (easy-rsa makes it 0600). */
	ret = cd_file_write_atomic_unsynced(
	    ctx, path, text, len,
	    stat(path, &st) == 0 ? st.st_mode & 0777 : 0644, 0);
out:
	free(text);
	if (t->mark_serial)
		free(old.data);
	else
		gnutls_free(old.data);
	free(path);
	return ret;
}

/* Undo a change that did not reach its commit point: its files go, and
 * their removal is durable before the journal goes (else a power loss
 * could bring back renamed files without their journal). */
static void txn_undo(struct cd_ctx *ctx, struct cd_store *store,
		     const struct txn *t)
{
	struct cd_ctx scratch = *ctx; /* keep the first failure's message */

	if (journal_apply(&scratch, store, &t->j, 0) == 0 &&
	    replace_apply(&scratch, store, &t->j, 0) == 0 &&
	    store_sync(&scratch, store) == 0)
		journal_remove(&scratch, store);
}

static int txn_run(struct cd_ctx *ctx, struct cd_store *store, struct txn *t)
{
	int ret = txn_write_journal(ctx, store, t, 0);

	if (ret < 0)
		return ret;
	ret = txn_write_files(ctx, store, t);
	if (ret == 0)
		ret = journal_apply(ctx, store, &t->j, 1);
	if (ret == 0)
		ret = t->j.n_serials ? txn_write_index(ctx, store, t)
				     : txn_write_journal(ctx, store, t, 1);
	if (ret < 0) {
		txn_undo(ctx, store, t);
		return ret;
	}
	/* Committed: a failure from here on leaves the journal, and the
	 * next change (or 'certdeck check') finishes it. Replaced files are
	 * renamed over the old ones only now, so that an undo never has to
	 * bring an old file back. */
	ret = replace_apply(ctx, store, &t->j, 1);
	if (ret == 0)
		ret = store_sync(ctx, store);
	if (ret == 0)
		ret = journal_remove(ctx, store);
	return ret;
}

/* The file `serial` (the next serial of `openssl ca`, should someone use
 * it on this store), written once, when missing, with a fresh random
 * serial: certdeck never replaces it, and avoids its value
 * (cd_store_new_serial), so that openssl ca and certdeck never collide. */
static int txn_add_serial_file(struct cd_ctx *ctx, struct cd_store *store,
			       const struct cd_index *index, struct txn *t,
			       char *hex)
{
	unsigned char s[CD_STORE_SERIAL_SIZE];
	gnutls_datum_t data;
	char *path = cd_store_path(store, "serial");
	int ret;

	if (path == NULL)
		return cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	ret = cd_file_exists(path);
	free(path);
	if (ret)
		return 0;
	ret = cd_store_new_serial(ctx, store, index, t->j.serials,
				  t->j.n_serials, s);
	if (ret < 0)
		return ret;
	serial_to_hex(s, sizeof(s), hex);
	strcpy(store->openssl_next, hex_significant(hex));
	hex[2 * sizeof(s)] = '\n';
	hex[2 * sizeof(s) + 1] = '\0';
	data.data = (unsigned char *)hex;
	data.size = 2 * sizeof(s) + 1;
	return txn_add_file(ctx, store, t, "serial", &data, 0644);
}

int cd_store_commit(struct cd_ctx *ctx, struct cd_store *store,
		    const struct cd_store_item *items, size_t n)
{
	struct txn t;
	struct cd_index index = {NULL, 0, NULL};
	gnutls_datum_t *pems = calloc(n ? n : 1, sizeof(*pems));
	char serial_hex[2 * CD_STORE_SERIAL_SIZE + 2];
	size_t i;
	int ret;

	memset(&t, 0, sizeof(t));
	if (pems == NULL)
		return cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	if (store->lock_fd < 0) {
		free(pems);
		return cd_error(ctx, CD_E_STORE,
				_("internal error: the store is not locked"));
	}
	ret = 0;
	for (i = 0; i < n && ret == 0; i++) {
		ret = item_pem(ctx, &items[i], &pems[i]);
		if (ret == 0)
			ret = txn_add_item(ctx, store, &t, &items[i], &pems[i]);
	}
	/* A store made before init-ca wrote it, or by hand. Its fresh serial
	 * is checked against the new serials and certs_by_serial/ (which
	 * holds every serial of index.txt in a sound store): reading
	 * index.txt again would cost as much as the rest of a single issue
	 * in a large store. */
	if (ret == 0)
		ret = txn_add_serial_file(ctx, store, &index, &t, serial_hex);
	if (ret == 0)
		ret = txn_run(ctx, store, &t);
	for (i = 0; i < n; i++)
		gnutls_free(pems[i].data);
	free(pems);
	cd_index_free(&index);
	txn_free(&t);
	return ret;
}

/* FILES, and the file serial when missing if WITH_SERIAL. */
static int add_files(struct cd_ctx *ctx, struct cd_store *store,
		     const struct cd_store_file *files, size_t n,
		     int with_serial)
{
	struct cd_index empty = {NULL, 0, NULL};
	char serial_hex[2 * CD_STORE_SERIAL_SIZE + 2];
	struct txn t;
	size_t i;
	int ret = 0;

	memset(&t, 0, sizeof(t));
	if (store->lock_fd < 0)
		return cd_error(ctx, CD_E_STORE,
				_("internal error: the store is not locked"));
	for (i = 0; i < n && ret == 0; i++)
		ret = txn_add_file(ctx, store, &t, files[i].rel, &files[i].data,
				   files[i].mode);
	if (ret == 0 && with_serial)
		ret = txn_add_serial_file(ctx, store, &empty, &t, serial_hex);
	if (ret == 0)
		ret = txn_run(ctx, store, &t);
	txn_free(&t);
	return ret;
}

int cd_store_add_files(struct cd_ctx *ctx, struct cd_store *store,
		       const struct cd_store_file *files, size_t n)
{
	return add_files(ctx, store, files, n, 0);
}

int cd_store_install_ca(struct cd_ctx *ctx, struct cd_store *store,
			gnutls_x509_crt_t crt, const struct cd_store_file *key)
{
	struct cd_store_file files[2];
	gnutls_datum_t pem = {NULL, 0};
	int ret;

	ret = cd_crt_export_pem(ctx, crt, &pem);
	files[0].rel = "ca.crt";
	files[0].data = pem;
	files[0].mode = 0644;
	if (key)
		files[1] = *key;
	if (ret == 0)
		ret = add_files(ctx, store, files, key ? 2 : 1, 1);
	if (ret == 0 && store->ca_crt == NULL) {
		gnutls_datum_t der;

		ret = gnutls_x509_crt_init(&store->ca_crt);
		if (ret == 0 && (ret = gnutls_x509_crt_export2(
				     crt, GNUTLS_X509_FMT_DER, &der)) == 0) {
			ret = gnutls_x509_crt_import(store->ca_crt, &der,
						     GNUTLS_X509_FMT_DER);
			gnutls_free(der.data);
		}
		if (ret < 0)
			ret = cd_gnutls_error(ctx, ret, _("loading ca.crt"));
	}
	gnutls_free(pem.data);
	return ret;
}

int cd_store_replace_files(struct cd_ctx *ctx, struct cd_store *store,
			   const struct cd_store_file *files, size_t n)
{
	struct txn t;
	size_t i;
	int ret = 0;

	memset(&t, 0, sizeof(t));
	if (store->lock_fd < 0)
		return cd_error(ctx, CD_E_STORE,
				_("internal error: the store is not locked"));
	for (i = 0; i < n && ret == 0; i++)
		ret = txn_add_content(ctx, &t, &t.j.replaces, &t.j.n_replaces,
				      files[i].rel, &files[i].data,
				      files[i].mode);
	if (ret == 0)
		ret = txn_run(ctx, store, &t);
	txn_free(&t);
	return ret;
}

int cd_store_apply_change(struct cd_ctx *ctx, struct cd_store *store,
			  const struct cd_store_change *c)
{
	struct txn t;
	gnutls_datum_t *pems = calloc(c->n_items + 1, sizeof(*pems));
	size_t i;
	int ret = 0;

	memset(&t, 0, sizeof(t));
	if (pems == NULL)
		return cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	if (store->lock_fd < 0)
		ret = cd_error(ctx, CD_E_STORE,
			       _("internal error: the store is not locked"));
	else if (c->revoke_serial && c->n_items == 0)
		/* the mark is written with the new certificates' lines */
		ret = cd_error(ctx, CD_E_STORE, "%s",
			       _("internal error: marking a certificate "
				 "revoked needs a new one in the same change"));
	t.mark_serial = c->revoke_serial;
	t.mark_revocation = c->revocation;
	for (i = 0; i < c->n_items && ret == 0; i++) {
		ret = item_pem(ctx, &c->items[i], &pems[i]);
		if (ret == 0)
			ret = txn_add_item(ctx, store, &t, &c->items[i],
					   &pems[i]);
	}
	for (i = 0; i < c->n_add && ret == 0; i++)
		ret = txn_add_file(ctx, store, &t, c->add[i].rel,
				   &c->add[i].data, c->add[i].mode);
	for (i = 0; i < c->n_replace && ret == 0; i++)
		ret = txn_add_content(ctx, &t, &t.j.replaces, &t.j.n_replaces,
				      c->replace[i].rel, &c->replace[i].data,
				      c->replace[i].mode);
	if (ret == 0)
		ret = txn_run(ctx, store, &t);
	for (i = 0; i < c->n_items; i++)
		gnutls_free(pems[i].data);
	free(pems);
	txn_free(&t);
	return ret;
}
