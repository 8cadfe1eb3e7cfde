/* certdeck tests: what expires within N days (src/expiry.c), on a store
 * made of PKITS' GoodCA certificate and CRL (both end 2030-12-31
 * 08:30:00 UTC) and an index held in memory, at a fixed clock. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "certdeck.h"
#include "expiry.h"
#include "tap.h"

#define NOW 1922313600 /* 2030-12-01 00:00:00 UTC */

/* The file and subject are char *: writable arrays (-Wwrite-strings). */
static char unknown[] = "unknown", soon[] = "/CN=soon", old[] = "/CN=old",
	    gone[] = "/CN=gone", far[] = "/CN=far";

static struct cd_index_entry lines[] = {
    {'V', "301215000000Z", "", "0A", unknown, soon},
    {'V', "291201000000Z", "", "0B", unknown, old},
    {'R', "301202000000Z", "301101000000Z,keyCompromise", "0C", unknown, gone},
    {'V', "20510101000000Z", "", "0D", unknown, far},
};

static void copy_file(const char *from, const char *dir, const char *name)
{
	char *to = cd_path_join(dir, name), cmd[1024];

	snprintf(cmd, sizeof(cmd), "cp '%s' '%s'", from, to);
	ok(system(cmd) == 0, "%s in the store", name);
	free(to);
}

static void describe(const struct cd_expiry_entry *e, const char *want,
		     const char *what)
{
	char text[512];

	cd_expiry_describe(e, text, sizeof(text));
	is_str(text, want, "%s", what);
}

static void test_window(struct cd_ctx *ctx, struct cd_store *store,
			struct cd_index *index)
{
	struct cd_expiry e;
	char text[256];

	is_int(cd_expiry_scan(ctx, store, index, 31, &e), 0, "scan 31 days");
	is_int(e.count, 4, "the CA, two certificates and the CRL are due");
	ok(e.count == 4 && e.entries[0].kind == CD_EXPIRY_CA &&
	       e.entries[1].kind == CD_EXPIRY_CERT &&
	       strcmp(e.entries[1].serial, "0A") == 0 &&
	       e.entries[3].kind == CD_EXPIRY_CRL,
	   "in the store's order: CA, index.txt, CRL");
	cd_expiry_sort(&e);
	if (e.count == 4) {
		describe(&e.entries[0], "0B (/CN=old): expired",
			 "sorted: the expired one first, in check's words");
		ok(e.entries[0].passed && e.entries[0].days_left < 0,
		   "... passed, days left negative");
		describe(&e.entries[1], "0A (/CN=soon): expires in 14 days",
			 "then the one in 14 days");
		describe(&e.entries[2], "ca.crt: the CA expires in 31 days",
			 "then the CA");
		describe(&e.entries[3],
			 "crl.pem: next update 2030-12-31 08:30:00 UTC, in 31 "
			 "day(s); sign a new CRL before then",
			 "and the CRL at the same time, after the CA");
	}
	/* 30 days and some hours: 31 days begun, as every screen says */
	ok(e.crl_present && e.crl_days_left == 31, "the CRL: 31 days left");
	cd_expiry_free(&e);

	is_int(cd_expiry_scan(ctx, store, index, 10, &e), 0, "scan 10 days");
	is_int(e.count, 1, "only the expired one is due");
	cd_expiry_describe_crl(&e, text, sizeof(text));
	is_str(text,
	       "crl.pem: next update 2030-12-31 08:30:00 UTC, in 31 day(s)",
	       "the CRL's next update is said when not due");
	cd_expiry_free(&e);
}

int main(void)
{
	struct cd_ctx ctx;
	struct cd_store store;
	struct cd_index index;
	struct cd_expiry e;
	char dir[] = "/tmp/cd-expiry-XXXXXX", text[256];
	char *crl;

	cd_ctx_init(&ctx);
	cd_ctx_set_time(&ctx, NOW);
	memset(&store, 0, sizeof(store));
	memset(&index, 0, sizeof(index));
	store.lock_fd = -1;
	store.dir = dir;
	index.entries = lines;
	index.count = sizeof(lines) / sizeof(lines[0]);
	ok(mkdtemp(dir) != NULL, "temporary directory");

	is_int(cd_expiry_scan(&ctx, &store, &index, 31, &e), 0,
	       "no CA certificate, no CRL");
	is_int(e.count, 2, "... the two certificates due");
	ok(!e.crl_present, "... no CRL");
	cd_expiry_describe_crl(&e, text, sizeof(text));
	is_str(text, "", "... and nothing said of one");
	cd_expiry_free(&e);

	ok(cd_file_load_crt(&ctx, PKITS_SAMPLE "/GoodCACert.crt",
			    &store.ca_crt) == 0,
	   "the CA certificate");
	copy_file(PKITS_SAMPLE "/GoodCACRL.crl", dir, "crl.pem");
	test_window(&ctx, &store, &index);

	crl = cd_path_join(dir, "crl.pem");
	ok(cd_file_write_atomic(&ctx, crl, "garbage", 7, 0644, 0) == 0,
	   "crl.pem damaged");
	ok(cd_expiry_scan(&ctx, &store, &index, 31, &e) < 0 &&
	       strstr(cd_ctx_message(&ctx), "crl.pem") != NULL,
	   "an unreadable CRL fails, naming it");
	cd_expiry_free(&e);
	unlink(crl);
	free(crl);
	rmdir(dir);
	gnutls_x509_crt_deinit(store.ca_crt);
	cd_ctx_deinit(&ctx);
	return tap_done();
}
