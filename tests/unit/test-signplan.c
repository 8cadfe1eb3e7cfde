/* certdeck tests: the signing plan (src/signplan.h) on requests made with
 * openssl (tests/data/signplan/README), signed by a CA made here: the rows,
 * their origins, the honour/drop choices, and the signature through the
 * store's batch path, lint refusing a server certificate without names. */
#include <config.h>

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gnutls/x509-ext.h>

#include "certdeck.h"
#include "reqdraft.h"
#include "signplan.h"
#include "tap.h"

#define NSCOMMENT "2.16.840.1.113730.1.13"

static struct cd_ctx ctx;
static char dir[] = "/tmp/test-signplan-XXXXXX";

static void run(const char *cmd)
{
	if (system(cmd) != 0)
		printf("# failed: %s\n", cmd);
}

static struct cd_store *make_store(void)
{
	struct cd_ca_init init;
	struct cd_cert_params p;
	struct cd_store *store = NULL;
	char store_dir[300], cmd[1200];
	const char *src = getenv("top_srcdir");

	snprintf(store_dir, sizeof(store_dir), "%s/pki", dir);
	memset(&init, 0, sizeof(init));
	init.dir = store_dir;
	cd_key_params_init(&init.key);
	init.key.pk = GNUTLS_PK_ECDSA;
	init.key.bits = 0;
	init.key.curve = GNUTLS_ECC_CURVE_SECP256R1;
	cd_profile_init(&p);
	cd_profile_set(&ctx, &p, "cn", "Test CA", "test");
	if (cd_ca_init(&ctx, &init, &p, &store) < 0)
		printf("# init: %s\n", cd_ctx_message(&ctx));
	cd_profile_free(&p);
	snprintf(cmd, sizeof(cmd),
		 "cp %s/tests/data/signplan/web.req %s/tests/data/signplan/"
		 "nosan.req %s/reqs/",
		 src ? src : "..", src ? src : "..", store_dir);
	run(cmd);
	return store;
}

static const struct cd_signplan_row *row(const struct cd_signplan *plan,
					 const char *oid, size_t *index)
{
	size_t i;

	for (i = 0; i < plan->n; i++)
		if (strcmp(plan->rows[i].oid, oid) == 0) {
			if (index)
				*index = i;
			return &plan->rows[i];
		}
	return NULL;
}

static int has_text(const char *text, const char *what)
{
	return text != NULL && strstr(text, what) != NULL;
}

static void test_rows(struct cd_signplan *plan)
{
	const struct cd_signplan_row *san, *ku, *eku, *bc, *ns, *ski;

	san = row(plan, GNUTLS_X509EXT_OID_SAN, NULL);
	ku = row(plan, GNUTLS_X509EXT_OID_KEY_USAGE, NULL);
	eku = row(plan, GNUTLS_X509EXT_OID_EXTENDED_KEY_USAGE, NULL);
	bc = row(plan, GNUTLS_X509EXT_OID_BASIC_CONSTRAINTS, NULL);
	ns = row(plan, NSCOMMENT, NULL);
	ski = row(plan, GNUTLS_X509EXT_OID_SUBJECT_KEY_ID, NULL);
	ok(san && ku && eku && bc && ns && ski, "a row per extension");
	if (!(san && ku && eku && bc && ns && ski))
		return;
	is_int(plan->rows[0].honour, 1,
	       "the SANs first, honoured by default "
	       "(the profile has none)");
	is_str(san->name, "Subject alternative names", "SAN's readable name");
	ok(has_text(san->request_text, "www.example.org") &&
	       has_text(san->request_text, "127.0.0.1"),
	   "the request's SANs as text");
	ok(has_text(san->cert_text, "www.example.org"),
	   "the certificate's SANs as text");
	is_int(san->origin, CD_ORIGIN_REQUEST, "SAN comes from the request");
	is_int(ku->honour, 0, "key usage not honoured by default");
	is_int(ku->origin, CD_ORIGIN_PROFILE, "key usage from the profile");
	ok(has_text(ku->cert_text, "Key encipherment") == 0 &&
	       has_text(ku->cert_text, "Digital signature"),
	   "the profile's key usage (EC key: no encipherment)");
	is_int(eku->origin, CD_ORIGIN_PROFILE, "EKU from the profile");
	ok(bc->request_text == NULL, "basic constraints: not in the request");
	is_int(bc->origin, CD_ORIGIN_PROFILE, "basic constraints: profile");
	ok(ns->name == NULL || strcmp(ns->name, "Netscape comment") == 0,
	   "the comment by name");
	ok(has_text(ns->request_text, "openssl"), "the comment's text");
	ok(ns->cert_text == NULL, "not honoured: not in the certificate");
	is_int(ns->origin, CD_ORIGIN_NONE, "... origin none");
	is_int(ski->origin, CD_ORIGIN_ISSUER, "the key identifier: computed");
}

static void test_choices(struct cd_signplan *plan)
{
	struct cd_cert_params p, edited;
	const struct cd_signplan_row *r;
	size_t ns = 0, san = 0;

	row(plan, NSCOMMENT, &ns);
	row(plan, GNUTLS_X509EXT_OID_SAN, &san);
	is_int(cd_signplan_set_honour(&ctx, plan, ns, 1), 0,
	       "honour the "
	       "comment");
	r = row(plan, NSCOMMENT, NULL);
	ok(r && r->honour && r->origin == CD_ORIGIN_REQUEST &&
	       has_text(r->cert_text, "openssl"),
	   "... now copied from the request");
	is_int(cd_signplan_params(&ctx, plan, &p), 0, "the parameters");
	is_int(p.honor_crq_ext.n, 2, "... honour two OIDs");
	is_int(p.honor_crq_extensions, 0, "... and not all of them");
	cd_profile_free(&p);
	is_int(cd_signplan_set_honour(&ctx, plan, ns, 0), 0, "drop it again");
	is_int(row(plan, NSCOMMENT, NULL)->origin, CD_ORIGIN_NONE,
	       "... dropped");
	is_int(cd_signplan_set_honour(
		   &ctx, plan,
		   row(plan, GNUTLS_X509EXT_OID_BASIC_CONSTRAINTS, NULL) -
		       plan->rows,
		   1),
	       CD_E_INVALID, "a row the request lacks has no choice");

	cd_profile_init(&edited);
	cd_profile_set(&ctx, &edited, "tls_www_server", NULL, "test");
	cd_profile_set(&ctx, &edited, "signing_key", NULL, "test");
	cd_profile_set(&ctx, &edited, "dns_name", "alt.example.org", "test");
	is_int(cd_signplan_set_edited(&ctx, plan, &edited), 0, "an edit");
	r = row(plan, GNUTLS_X509EXT_OID_SAN, NULL);
	ok(r && r->honour == 0 && r->origin == CD_ORIGIN_EDITED,
	   "the edit gives names: the request's are not honoured by default");
	is_int(cd_signplan_set_honour(&ctx, plan, san, 1), 0,
	       "honour them too");
	r = row(plan, GNUTLS_X509EXT_OID_SAN, NULL);
	ok(r && r->origin == CD_ORIGIN_MERGED &&
	       has_text(r->cert_text, "alt.example.org") &&
	       has_text(r->cert_text, "www.example.org"),
	   "SAN: the request's and the edited one together");
	is_int(cd_signplan_set_honour(&ctx, plan, san, 0), 0, "drop the SANs");
	r = row(plan, GNUTLS_X509EXT_OID_SAN, NULL);
	ok(r && r->origin == CD_ORIGIN_EDITED &&
	       !has_text(r->cert_text, "www.example.org"),
	   "SAN: the edited one alone");
	cd_profile_set(&ctx, &edited, "honor_crq_extensions", NULL, "test");
	cd_signplan_set_edited(&ctx, plan, &edited);
	ok(row(plan, NSCOMMENT, NULL)->honour &&
	       row(plan, GNUTLS_X509EXT_OID_KEY_USAGE, NULL)->honour &&
	       row(plan, NSCOMMENT, NULL)->origin == CD_ORIGIN_REQUEST,
	   "honour all (certtool's question answered y): every row honoured");
	edited.honor_crq_extensions = 0;
	ok(cd_signplan_request_is_rsa(plan) == 0, "the request's key: EC");
	is_int(cd_signplan_days_past_ca(&ctx, plan, NULL), 0,
	       "397 days: within the CA's");
	cd_profile_set(&ctx, &edited, "expiration_days", "5000", "test");
	cd_signplan_set_edited(&ctx, plan, &edited);
	ok(cd_signplan_days_past_ca(&ctx, plan, NULL) > 1000,
	   "5000 days outlive the CA (3650 days)");
	cd_profile_free(&edited);
}

static void test_sign(struct cd_store *store,
		      const struct cd_cert_params *server)
{
	struct cd_signplan plan;
	struct cd_lint_report report;
	char *text = NULL, *tmpl = NULL;
	gnutls_x509_crt_t crt = NULL;
	gnutls_datum_t pem = {NULL, 0};
	char serial[CD_SERIAL_HEX_MAX] = "", path[400];
	size_t ns = 0;

	is_int(cd_signplan_load(&ctx, &plan, store, "web", server, server), 0,
	       "plan web again");
	row(&plan, NSCOMMENT, &ns);
	cd_signplan_set_honour(&ctx, &plan, ns, 0);
	cd_lint_report_init(&report);
	is_int(cd_signplan_preview(&ctx, &plan, &text, &report), 0,
	       "a preview");
	ok(has_text(text, "www.example.org"), "... showing the names");
	ok(has_text(text, "\tIssuer: CN=") &&
	       strstr(text, "\tIssuer: ") < strstr(text, "\tValidity:"),
	   "... and the CA that will sign it, before the validity");
	is_int(report.count[CD_LINT_ERROR], 0, "... no lint error");
	free(text);
	is_int(cd_signplan_template(&ctx, &plan, &tmpl), 0, "a template");
	ok(has_text(tmpl, "honor_crq_ext") && has_text(tmpl, "2.5.29.17") &&
	       !has_text(tmpl, NSCOMMENT) && has_text(tmpl, "tls_www_server"),
	   "... honouring the SANs alone, with the profile");
	free(tmpl);
	cd_lint_report_free(&report);
	cd_lint_report_init(&report);
	is_int(cd_signplan_sign(&ctx, &plan, store, NULL, &report, serial), 0,
	       "signed");
	if (serial[0] == 0)
		printf("# %s\n", cd_ctx_message(&ctx));
	ok(strlen(serial) >= 16, "a serial (%s)", serial);
	snprintf(path, sizeof(path), "%s/issued/web.crt", store->dir);
	ok(gnutls_load_file(path, &pem) == 0 &&
	       gnutls_x509_crt_init(&crt) == 0 &&
	       gnutls_x509_crt_import(crt, &pem, GNUTLS_X509_FMT_PEM) == 0,
	   "issued/web.crt");
	if (crt) {
		gnutls_datum_t der;
		unsigned crit;

		ok(gnutls_x509_crt_get_extension_by_oid2(
		       crt, GNUTLS_X509EXT_OID_SAN, 0, &der, &crit) == 0,
		   "... with the request's names");
		gnutls_free(der.data);
		der.data = NULL;
		ok(gnutls_x509_crt_get_extension_by_oid2(crt, NSCOMMENT, 0,
							 &der, &crit) < 0,
		   "... without the dropped comment");
		gnutls_free(der.data);
		gnutls_x509_crt_deinit(crt);
	}
	gnutls_free(pem.data);
	cd_lint_report_free(&report);
	cd_signplan_free(&plan);
}

static void test_refused(struct cd_store *store,
			 const struct cd_cert_params *server)
{
	struct cd_signplan plan;
	struct cd_lint_report report;
	char path[400];

	is_int(cd_signplan_load(&ctx, &plan, store, "nosan", server, server), 0,
	       "plan nosan");
	is_int(row(&plan, GNUTLS_X509EXT_OID_SAN, NULL) == NULL, 1,
	       "no SAN row: nobody gives one");
	cd_lint_report_init(&report);
	is_int(cd_signplan_sign(&ctx, &plan, store, NULL, &report, NULL),
	       CD_E_LINT, "lint refuses a server certificate without names");
	ok(strstr(cd_ctx_message(&ctx), "server-no-san") != NULL,
	   "... saying why: %s", cd_ctx_message(&ctx));
	snprintf(path, sizeof(path), "%s/issued/nosan.crt", store->dir);
	ok(access(path, F_OK) != 0, "... and writes nothing");
	cd_lint_report_free(&report);
	cd_signplan_free(&plan);
	ok(cd_signplan_load(&ctx, &plan, store, "missing", server, server) < 0,
	   "a missing request fails");
	ok(cd_ctx_message(&ctx)[0] != 0, "... with a message");
}

/* A request made for the store (reqdraft.h), then planned and signed. */
static void test_reqdraft(struct cd_store *store,
			  const struct cd_cert_params *server)
{
	struct cd_reqdraft d;
	struct cd_draft_key *key = NULL;
	struct cd_cert_params p;
	struct cd_signplan plan;
	struct stat st;
	char path[400];

	is_int(cd_draft_key_generate(&ctx, &cd_key_choices[3], &key), 0,
	       "a new ECDSA key (draft.h)");
	cd_reqdraft_init(&d);
	cd_reqdraft_take_key(&ctx, &d, key);
	is_int(cd_reqdraft_key_is_rsa(&d), 0, "... taken: not RSA");
	is_int(cd_reqdraft_store_key_check(&ctx, store, "nosuch"), CD_E_INVALID,
	       "an unknown key name is refused");
	ok(strstr(cd_ctx_message(&ctx), "private/NAME.key") != NULL,
	   "... saying what is expected");
	is_int(cd_reqdraft_store_key_check(&ctx, store, "ca"), CD_E_INVALID,
	       "the CA's key is refused");
	cd_profile_init(&p);
	cd_profile_set(&ctx, &p, "cn", "made.example.org", "test");
	cd_profile_set(&ctx, &p, "dns_name", "made.example.org", "test");
	cd_profile_set(&ctx, &p, "dns_name", "www.made.example.org", "test");
	cd_profile_set(&ctx, &p, "challenge_password", "s3cret", "test");
	cd_profile_set(&ctx, &p, "tls_www_server", NULL, "test");
	is_int(cd_reqdraft_build(&ctx, &d, &p, "made"), 0, "a request built");
	ok(has_text(d.text, "PKCS #10") && has_text(d.text, "www.made"),
	   "... described as certtool --crq-info does");
	ok(has_text(d.template_text, "dns_name") &&
	       !has_text(d.template_text, "s3cret"),
	   "... a template without the challenge password");
	ok(has_text(d.commands,
		    "--generate-privkey --key-type ecdsa --curve secp256r1") &&
	       has_text(d.commands, "--generate-request"),
	   "... the certtool commands");
	is_int(cd_reqdraft_commit(&ctx, &d, store, "made"), 0, "committed");
	snprintf(path, sizeof(path), "%s/private/made.key", store->dir);
	ok(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600,
	   "private/made.key, 0600");
	snprintf(path, sizeof(path), "%s/reqs/made.req", store->dir);
	ok(access(path, F_OK) == 0, "reqs/made.req");
	ok(cd_reqdraft_commit(&ctx, &d, store, "made") < 0,
	   "a name taken is refused");
	cd_reqdraft_free(&d);

	cd_reqdraft_init(&d);
	is_int(cd_reqdraft_store_key_check(&ctx, store, "made"), 0,
	       "the store's key by name");
	is_int(cd_reqdraft_store_key(&ctx, &d, store, "made", NULL), 0,
	       "... loaded");
	cd_profile_clear(&p, cd_profile_keyword("dns_name"));
	is_int(cd_reqdraft_build(&ctx, &d, &p, "again"), 0, "built again");
	ok(!has_text(d.commands, "--generate-privkey") &&
	       has_text(d.commands, "private/made.key"),
	   "... with the store's key");
	is_int(cd_reqdraft_commit(&ctx, &d, store, "again"), 0,
	       "... committed");
	snprintf(path, sizeof(path), "%s/private/again.key", store->dir);
	ok(access(path, F_OK) != 0, "... no key written");
	cd_reqdraft_free(&d);
	cd_profile_free(&p);

	is_int(cd_signplan_load(&ctx, &plan, store, "made", server, server), 0,
	       "the new request planned");
	ok(row(&plan, GNUTLS_X509EXT_OID_SAN, NULL) &&
	       row(&plan, GNUTLS_X509EXT_OID_SAN, NULL)->origin ==
		   CD_ORIGIN_REQUEST,
	   "... its names honoured");
	is_int(cd_signplan_sign(&ctx, &plan, store, NULL, NULL, NULL), 0,
	       "... and signed");
	cd_signplan_free(&plan);
}

int main(void)
{
	struct cd_store *store;
	struct cd_signplan plan;
	struct cd_cert_params server;
	char cmd[200];

	if (cd_ctx_init(&ctx) < 0 || mkdtemp(dir) == NULL)
		return 1;
	cd_ctx_set_time(&ctx, 1700000000);
	store = make_store();
	ok(store != NULL, "a store");
	if (store == NULL)
		return 1;
	cd_profile_init(&server);
	is_int(cd_store_load_profile(&ctx, store, "server", &server), 0,
	       "the server profile");
	is_int(cd_signplan_load(&ctx, &plan, store, "web", &server, &server), 0,
	       "plan web");
	test_rows(&plan);
	test_choices(&plan);
	cd_signplan_free(&plan);
	test_sign(store, &server);
	test_refused(store, &server);
	test_reqdraft(store, &server);
	cd_profile_free(&server);
	cd_store_close(store);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	run(cmd);
	cd_ctx_deinit(&ctx);
	printf("1..%d\n", tap_count);
	return tap_failed ? 1 : 0;
}
