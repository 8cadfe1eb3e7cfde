/* certdeck tests: what the wizards prepare (src/draft.c): the key
 * choices, a key generated and saved into a store, a CA built and shown
 * before anything is written, then committed; an intermediate CA's
 * request the same way, leaving a store that waits for its certificate. */
#define _XOPEN_SOURCE 700
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "certdeck.h"
#include "draft.h"
#include "tap.h"
#include "tmpdir.h"

static int exists(const char *dir, const char *rel)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	return access(path, F_OK) == 0;
}

static int mode_of(const char *dir, const char *rel)
{
	char path[512];
	struct stat st;

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	return stat(path, &st) == 0 ? (int)(st.st_mode & 0777) : -1;
}

static void test_choices(void)
{
	size_t n, rsa = 0, token = 0;

	for (n = 0; cd_key_choices[n].label; n++) {
		rsa += cd_key_choices[n].rsa;
		token += cd_key_choice_fits_token(&cd_key_choices[n]) != 0;
	}
	is_int(n, 8, "eight key choices");
	is_int(rsa, 3, "three of them RSA");
	is_int(token, 6, "six of them (RSA, ECDSA) fit a PKCS #11 token");
	is_str(cd_key_choices[CD_KEY_CHOICE_DEFAULT].certtool_args,
	       "--key-type rsa --bits 3072",
	       "RSA 3072 by default, as certtool");
}

static const struct cd_key_choice *choice_named(const char *label)
{
	size_t i;

	for (i = 0; cd_key_choices[i].label; i++)
		if (strcmp(cd_key_choices[i].label, label) == 0)
			return &cd_key_choices[i];
	return NULL;
}

typedef int (*build_fn)(struct cd_ctx *ctx, const struct cd_draft_key *key,
			struct cd_cert_params *params, int encrypted,
			struct cd_draft_ca *out);

/* A key of CHOICE, then BUILD refused without a name and done with CN. */
static void draft_start(struct cd_ctx *ctx, const char *choice, build_fn build,
			const char *cn, int encrypted,
			struct cd_draft_key **key,
			struct cd_cert_params *params, struct cd_draft_ca *ca)
{
	is_int(cd_draft_key_generate(ctx, choice_named(choice), key), 0,
	       "a key (%s)", choice);
	cd_profile_init(params);
	is_int(build(ctx, *key, params, encrypted, ca), CD_E_INVALID,
	       "nothing built without a name: %s", cd_ctx_message(ctx));
	cd_profile_set(ctx, params, "cn", cn, "test");
	is_int(build(ctx, *key, params, encrypted, ca), 0, "built: %s", cn);
}

static void test_ca(struct cd_ctx *ctx, const char *dir)
{
	struct cd_draft_key *key = NULL;
	struct cd_draft_ca ca;
	struct cd_cert_params params;
	struct cd_store *store = NULL;
	char store_dir[300];

	snprintf(store_dir, sizeof(store_dir), "%s/pki", dir);
	draft_start(ctx, "Ed25519", cd_draft_ca_build, "Draft CA", 1, &key,
		    &params, &ca);
	ok(ca.text && strstr(ca.text, "Certificate Authority (CA): TRUE"),
	   "shown as certtool -i shows it");
	ok(ca.template_text && strstr(ca.template_text, "\nca\n") &&
	       strstr(ca.template_text, "crl_signing_key"),
	   "its template, with what init-ca adds");
	ok(ca.commands && strstr(ca.commands, "--key-type ed25519 --pkcs8") &&
	       strstr(ca.commands, "--generate-self-signed"),
	   "the certtool commands");
	is_int(cd_lint_count_at_least(&ca.lint, CD_LINT_ERROR), 0,
	       "nothing lint calls an error");
	ok(!exists(dir, "pki"), "nothing written yet");
	is_int(cd_draft_ca_commit(ctx, &ca, key, store_dir, "pw", &store), 0,
	       "committed: %s", cd_ctx_message(ctx));
	ok(exists(store_dir, "ca.crt") && exists(store_dir, "index.txt"),
	   "the store is written");
	is_int(mode_of(store_dir, "private/ca.key"), 0600, "ca.key is 0600");
	ok(store && cd_store_ca_key_is_encrypted(ctx, store) == 1,
	   "and encrypted with the password");
	is_int(cd_draft_ca_commit(ctx, &ca, key, store_dir, NULL, NULL),
	       CD_E_EXISTS, "a second CA in the same store is refused");
	ok(exists(store_dir, "ca.crt"), "and the first stays");

	is_int(cd_draft_key_save(ctx, store, "web", key, NULL), 0,
	       "a key saved in the store");
	is_int(mode_of(store_dir, "private/web.key"), 0600, "web.key is 0600");
	is_int(cd_draft_key_save(ctx, store, "web", key, NULL), CD_E_EXISTS,
	       "not twice: %s", cd_ctx_message(ctx));
	ok(cd_draft_key_save(ctx, store, "../x", key, NULL) < 0 &&
	       !exists(dir, "x.key"),
	   "a bad name is refused");
	cd_store_close(store);
	cd_draft_ca_free(&ca);
	cd_profile_free(&params);
	cd_draft_key_free(key);
}

static void test_intermediate(struct cd_ctx *ctx, const char *dir)
{
	struct cd_draft_key *key = NULL;
	struct cd_draft_ca ca;
	struct cd_cert_params params;
	struct cd_store *store = NULL;
	char store_dir[300];

	snprintf(store_dir, sizeof(store_dir), "%s/sub", dir);
	draft_start(ctx, "ECDSA P-256", cd_draft_ca_build_request,
		    "Draft Sub CA", 0, &key, &params, &ca);
	cd_draft_ca_free(&ca);
	cd_profile_set(ctx, &params, "challenge_password", "s3cret", "test");
	is_int(cd_draft_ca_build_request(ctx, key, &params, 0, &ca), 0,
	       "with a challenge password too");
	ok(ca.crq != NULL && ca.crt == NULL, "a request, no certificate");
	ok(ca.text && strstr(ca.text, "PKCS #10 Certificate Request") &&
	       strstr(ca.text, "Certificate Authority (CA): TRUE"),
	   "shown as certtool --crq-info shows a CA's request");
	ok(ca.template_text && strstr(ca.template_text, "\nca\n") &&
	       strstr(ca.template_text, "cert_signing_key") &&
	       !strstr(ca.template_text, "s3cret"),
	   "its template, without the challenge password");
	ok(ca.commands && strstr(ca.commands, "--generate-request") &&
	       strstr(ca.commands, "--outfile ca.req") &&
	       !strstr(ca.commands, "--pkcs8"),
	   "the certtool commands (a key without a password)");
	is_int(cd_lint_count_at_least(&ca.lint, CD_LINT_ERROR), 0,
	       "nothing lint calls an error");
	ok(!exists(dir, "sub"), "nothing written yet");
	is_int(cd_draft_ca_commit(ctx, &ca, key, store_dir, "pw", &store), 0,
	       "committed: %s", cd_ctx_message(ctx));
	ok(exists(store_dir, "reqs/ca.req") && !exists(store_dir, "ca.crt"),
	   "reqs/ca.req written, no ca.crt");
	ok(store && cd_store_is_pending(store),
	   "the store waits for its certificate");
	is_int(mode_of(store_dir, "private/ca.key"), 0600, "ca.key is 0600");
	ok(store && cd_store_ca_key_is_encrypted(ctx, store) == 1,
	   "and encrypted with the password");
	is_int(cd_draft_ca_commit(ctx, &ca, key, store_dir, NULL, NULL),
	       CD_E_EXISTS, "not twice in the same store");
	cd_store_close(store);
	cd_draft_ca_free(&ca);
	cd_profile_free(&params);
	cd_draft_key_free(key);
}

int main(void)
{
	struct cd_ctx ctx;
	char dir[] = "/tmp/cd-test-draft-XXXXXX";

	cd_ctx_init(&ctx);
	ok(mkdtemp(dir) != NULL, "temporary directory");
	test_choices();
	test_ca(&ctx, dir);
	test_intermediate(&ctx, dir);
	tmpdir_remove(dir);
	cd_ctx_deinit(&ctx);
	return tap_done();
}
