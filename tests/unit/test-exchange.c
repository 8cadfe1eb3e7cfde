/* certdeck tests: export and import file to file (src/exchange.c), on two
 * demo stores: every form written with its mode and count, an existing
 * file kept unless replacing, a PKCS #12 without a password refused, and
 * what import refuses (a wrong password, a certificate already in the
 * store, one of another CA, a key alone). Written files are read back
 * through the backend; tests/tui/export.sh has openssl and certtool judge
 * them. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "certdeck.h"
#include "demo.h"
#include "exchange.h"
#include "tap.h"

static char *out_path(const char *dir, const char *name)
{
	return cd_path_join(dir, name);
}

static int mode_of(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? (int)(st.st_mode & 0777) : -1;
}

static void export_one(struct cd_ctx *ctx, struct cd_store *store,
		       const char *dir, enum cd_export_form form,
		       const char *file, unsigned want, int mode)
{
	struct cd_export_job job;
	char *path = out_path(dir, file), *missing = (char *)"unset";
	unsigned count = 0;

	memset(&job, 0, sizeof(job));
	job.name = "localhost";
	job.form = form;
	job.outfile = path;
	job.password = "pw";
	is_int(cd_export_write(ctx, store, &job, &count, &missing), 0,
	       "export %s", file);
	is_int(count, want, "... %u certificate(s)", want);
	is_int(mode_of(path), mode, "... mode %o", mode);
	ok(missing == NULL, "... no issuer missing: the chain is whole");
	free(path);
}

static void test_export(struct cd_ctx *ctx, struct cd_store *store,
			const char *dir)
{
	struct cd_export_job job;
	unsigned count;
	enum cd_import_form form;
	char *pem = out_path(dir, "l.pem"), *p12 = out_path(dir, "l.p12");

	export_one(ctx, store, dir, CD_EXPORT_PEM, "l.pem", 1, 0644);
	export_one(ctx, store, dir, CD_EXPORT_DER, "l.der", 1, 0644);
	export_one(ctx, store, dir, CD_EXPORT_CHAIN, "c.pem", 1, 0644);
	export_one(ctx, store, dir, CD_EXPORT_FULL_CHAIN, "f.pem", 2, 0644);
	export_one(ctx, store, dir, CD_EXPORT_PKCS12, "l.p12", 1, 0600);
	export_one(ctx, store, dir, CD_EXPORT_PKCS12_LEGACY, "o.p12", 1, 0600);
	memset(&job, 0, sizeof(job));
	job.name = "localhost";
	job.form = CD_EXPORT_PEM;
	job.outfile = pem;
	is_int(cd_export_write(ctx, store, &job, &count, NULL), CD_E_EXISTS,
	       "an existing file is kept");
	job.replace = 1;
	is_int(cd_export_write(ctx, store, &job, &count, NULL), 0,
	       "... and replaced when asked");
	job.form = CD_EXPORT_PKCS12;
	job.outfile = p12;
	is_int(cd_export_write(ctx, store, &job, &count, NULL), CD_E_INVALID,
	       "PKCS #12 without a password is refused");
	job.name = "nosuch";
	job.form = CD_EXPORT_PEM;
	ok(cd_export_write(ctx, store, &job, &count, NULL) < 0,
	   "an unknown name is refused");
	is_int(cd_import_form_of(ctx, p12, &form), 0, "import: what l.p12 is");
	is_int(form, CD_IMPORT_PKCS12, "... PKCS #12");
	is_int(cd_import_form_of(ctx, pem, &form), 0, "what l.pem is");
	is_int(form, CD_IMPORT_CERTIFICATES, "... certificates");
	free(pem);
	free(p12);
}

static void test_import(struct cd_ctx *ctx, struct cd_store *store,
			const char *dir, const char *other)
{
	enum cd_import_form form;
	char *p12 = out_path(dir, "l.p12"), *pem = out_path(dir, "l.pem");
	char *key = out_path(other, "private/client.key");
	char *foreign = out_path(other, "issued/client.crt");
	int has_key = 0;

	is_int(
	    cd_import_into_store(ctx, store, p12, "wrong", "again", &has_key),
	    CD_E_PASSWORD, "a wrong PKCS #12 password");
	ok(cd_import_into_store(ctx, store, p12, "pw", "again", &has_key) < 0 &&
	       strstr(cd_ctx_message(ctx), "already") != NULL,
	   "a certificate already in the store is refused (%s)",
	   cd_ctx_message(ctx));
	ok(cd_import_into_store(ctx, store, foreign, NULL, "foreign",
				&has_key) < 0,
	   "a certificate of another CA is refused (%s)", cd_ctx_message(ctx));
	is_int(cd_import_into_store(ctx, store, pem, NULL, "../evil", &has_key),
	       CD_E_INVALID, "a bad name is refused");
	ok(cd_import_form_of(ctx, key, &form) < 0 &&
	       strstr(cd_ctx_message(ctx), "neither") != NULL,
	   "a key alone is none of the forms");
	ok(!has_key, "nothing recorded");
	free(p12);
	free(pem);
	free(key);
	free(foreign);
}

/* The store's own files are not written over; other files are. */
static void test_store_files(struct cd_ctx *ctx, const char *dir)
{
	static const struct {
		const char *rel;
		int templates, refused;
	} cases[] = {
	    {"ca.crt", 0, 1},
	    {"index.txt", 0, 1},
	    {"index.txt.attr", 0, 1},
	    {"serial", 0, 1},
	    {"crl.pem", 0, 1},
	    {".certdeck.lock", 0, 1},
	    {"private/ca.key", 0, 1},
	    {"issued/localhost.crt", 0, 1},
	    {"issued/new.crt", 0, 1},
	    {"issued/../ca.crt", 0, 1},
	    {"templates/server.cfg", 0, 1},
	    {"templates/server.cfg", 1, 0},
	    {"templates/index.txt", 1, 1},
	    {"new.pem", 0, 0},
	    {"out/l.pem", 0, 0},
	    {"nosuchdir/x.pem", 0, 0},
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *path = cd_path_join(dir, cases[i].rel);
		int ret =
		    cd_store_write_check(ctx, dir, path, cases[i].templates);

		ok(cases[i].refused ? ret == CD_E_INVALID : ret == 0,
		   "%s%s: %s", cases[i].rel,
		   cases[i].templates ? " (a template)" : "",
		   cases[i].refused ? "refused" : "allowed");
		free(path);
	}
}

static void test_export_over_store(struct cd_ctx *ctx, struct cd_store *store,
				   const char *dir)
{
	struct cd_export_job job;
	char *ca = cd_path_join(dir, "ca.crt");
	gnutls_datum_t before = {NULL, 0}, after = {NULL, 0};
	unsigned count;

	memset(&job, 0, sizeof(job));
	job.name = "localhost";
	job.form = CD_EXPORT_PKCS12;
	job.password = "pw";
	job.outfile = ca;
	job.replace = 1;
	cd_file_read(ctx, ca, 0, &before);
	is_int(cd_export_write(ctx, store, &job, &count, NULL), CD_E_INVALID,
	       "an export over the store's ca.crt is refused: %s",
	       cd_ctx_message(ctx));
	cd_file_read(ctx, ca, 0, &after);
	ok(before.size > 0 && before.size == after.size &&
	       memcmp(before.data, after.data, before.size) == 0,
	   "... and ca.crt is as it was");
	gnutls_free(before.data);
	gnutls_free(after.data);
	free(ca);
}

int main(void)
{
	struct cd_ctx ctx;
	struct cd_store *store = NULL;
	char *dir = NULL, *other = NULL, *outdir, cmd[1200];

	setenv("TZ", "UTC", 1);
	if (cd_ctx_init(&ctx) < 0 || cd_demo_mkdtemp(&ctx, &dir) < 0 ||
	    cd_demo_create(&ctx, dir) < 0 ||
	    cd_demo_mkdtemp(&ctx, &other) < 0 ||
	    cd_demo_create(&ctx, other) < 0 ||
	    cd_store_open(&ctx, dir, &store) < 0) {
		printf("Bail out! no demo store: %s\n", cd_ctx_message(&ctx));
		return 1;
	}
	outdir = cd_path_join(dir, "out");
	ok(outdir && mkdir(outdir, 0700) == 0, "a directory for the files");
	test_export(&ctx, store, outdir);
	test_import(&ctx, store, outdir, other);
	test_store_files(&ctx, dir);
	test_export_over_store(&ctx, store, dir);
	cd_store_close(store);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", outdir);
	ok(system(cmd) == 0, "files removed");
	cd_demo_remove(&ctx, dir);
	cd_demo_remove(&ctx, other);
	free(outdir);
	free(dir);
	free(other);
	cd_ctx_deinit(&ctx);
	return tap_done();
}
