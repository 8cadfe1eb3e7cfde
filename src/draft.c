/* certdeck: keys and CAs prepared by the TUI's wizards. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ca.h"
#include "draft.h"
#include "error.h"
#include "file.h"
#include "i18n.h"
#include "inspect.h"
#include "issue.h"
#include "request.h"
#include "token.h"

#define KEY(label, args, pk, bits, curve, rsa)                                 \
	{                                                                      \
		label, args, {pk, bits, curve}, rsa                            \
	}

const struct cd_key_choice cd_key_choices[] = {
    KEY(N_("RSA 2048 bits"), "--key-type rsa --bits 2048", GNUTLS_PK_RSA, 2048,
	GNUTLS_ECC_CURVE_INVALID, 1),
    KEY(N_("RSA 3072 bits"), "--key-type rsa --bits 3072", GNUTLS_PK_RSA, 3072,
	GNUTLS_ECC_CURVE_INVALID, 1),
    KEY(N_("RSA 4096 bits"), "--key-type rsa --bits 4096", GNUTLS_PK_RSA, 4096,
	GNUTLS_ECC_CURVE_INVALID, 1),
    KEY(N_("ECDSA P-256"), "--key-type ecdsa --curve secp256r1",
	GNUTLS_PK_ECDSA, 0, GNUTLS_ECC_CURVE_SECP256R1, 0),
    KEY(N_("ECDSA P-384"), "--key-type ecdsa --curve secp384r1",
	GNUTLS_PK_ECDSA, 0, GNUTLS_ECC_CURVE_SECP384R1, 0),
    KEY(N_("ECDSA P-521"), "--key-type ecdsa --curve secp521r1",
	GNUTLS_PK_ECDSA, 0, GNUTLS_ECC_CURVE_SECP521R1, 0),
    KEY(N_("Ed25519"), "--key-type ed25519", GNUTLS_PK_EDDSA_ED25519, 0,
	GNUTLS_ECC_CURVE_INVALID, 0),
    KEY(N_("Ed448"), "--key-type ed448", GNUTLS_PK_EDDSA_ED448, 0,
	GNUTLS_ECC_CURVE_INVALID, 0),
    {NULL, NULL, {GNUTLS_PK_UNKNOWN, 0, GNUTLS_ECC_CURVE_INVALID}, 0},
};

int cd_draft_key_generate(struct cd_ctx *ctx,
			  const struct cd_key_choice *choice,
			  struct cd_draft_key **out)
{
	struct cd_draft_key *k = calloc(1, sizeof(*k));
	int ret;

	*out = NULL;
	if (k == NULL)
		return cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	k->choice = choice;
	ret = cd_key_generate(ctx, &choice->params, &k->key);
	if (ret < 0) {
		free(k);
		return ret;
	}
	*out = k;
	return 0;
}

void cd_draft_key_free(struct cd_draft_key *key)
{
	if (key == NULL)
		return;
	if (key->key)
		gnutls_x509_privkey_deinit(key->key);
	if (key->token_key)
		gnutls_privkey_deinit(key->token_key);
	free(key->url);
	free(key->given_url);
	free(key);
}

int cd_draft_key_from_token(struct cd_ctx *ctx, const char *url,
			    const char *pin,
			    const struct cd_key_choice *generate,
			    struct cd_draft_key **out)
{
	struct cd_draft_key *k = calloc(1, sizeof(*k));
	int ret;

	*out = NULL;
	if (k == NULL || (k->given_url = strdup(url)) == NULL) {
		free(k);
		return cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	}
	k->choice = generate;
	ret = cd_token_url_check(ctx, url);
	if (ret == 0 && generate)
		ret = cd_token_generate_key(ctx, url, pin, &generate->params,
					    &k->token_key, &k->url);
	else if (ret == 0)
		ret = cd_token_load_key(ctx, url, pin, &k->token_key, &k->url);
	k->generated = generate != NULL && ret == 0;
	if (ret < 0) {
		cd_draft_key_free(k);
		return ret;
	}
	*out = k;
	return 0;
}

int cd_key_choice_fits_token(const struct cd_key_choice *choice)
{
	return choice->params.pk == GNUTLS_PK_RSA ||
	       choice->params.pk == GNUTLS_PK_ECDSA;
}

int cd_draft_key_is_rsa(const struct cd_draft_key *key)
{
	if (key->token_key)
		return gnutls_privkey_get_pk_algorithm(key->token_key, NULL) ==
		       GNUTLS_PK_RSA;
	return key->choice && key->choice->rsa;
}

int cd_draft_key_describe(struct cd_ctx *ctx, const struct cd_draft_key *key,
			  char *buf, size_t size)
{
	char id[65];
	int ret;

	if (key->token_key) {
		snprintf(buf, size, _("on a PKCS #11 token: %s"), key->url);
		return 0;
	}
	ret = cd_key_id_sha256(ctx, key->key, id);

	if (ret == 0)
		snprintf(buf, size, "%s, sha256:%s", _(key->choice->label), id);
	return ret;
}

static const char *password_or_null(const char *password)
{
	return password && *password ? password : NULL;
}

int cd_draft_key_save(struct cd_ctx *ctx, struct cd_store *store,
		      const char *name, const struct cd_draft_key *key,
		      const char *password)
{
	struct cd_store_file file = {NULL, {NULL, 0}, 0600};
	char rel[300];
	int ret = cd_store_new_name_check(ctx, name);

	if (ret < 0)
		return ret;
	snprintf(rel, sizeof(rel), "private/%s.key", name);
	file.rel = rel;
	ret = cd_key_export(ctx, key->key, password_or_null(password), 0,
			    &file.data);
	if (ret == 0)
		ret = cd_store_lock(ctx, store);
	if (ret < 0)
		goto out;
	ret = cd_store_add_files(ctx, store, &file, 1);
	cd_store_unlock(store);
out:
	cd_datum_wipe(&file.data);
	return ret;
}

/* What certtool -i (or --crq-info, by TYPE) prints of PEM, named FILE;
 * PEM is freed. */
static int describe_pem(struct cd_ctx *ctx, gnutls_datum_t *pem,
			enum cd_inspect_type type, const char *file, char **out)
{
	struct cd_inspect_opts opts;
	gnutls_datum_t text = {NULL, 0};
	int ret;

	memset(&opts, 0, sizeof(opts));
	opts.type = type;
	ret = cd_inspect(ctx, pem, file, &opts, &text);
	if (ret == 0 &&
	    (*out = strndup((const char *)text.data, text.size)) == NULL)
		ret = cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	gnutls_free(pem->data);
	gnutls_free(text.data);
	return ret;
}

/* What certtool -i prints of CRT. */
static int describe(struct cd_ctx *ctx, gnutls_x509_crt_t crt, char **out)
{
	gnutls_datum_t pem = {NULL, 0};
	int ret = gnutls_x509_crt_export2(crt, GNUTLS_X509_FMT_PEM, &pem);

	if (ret < 0)
		return cd_gnutls_error(ctx, ret,
				       _("exporting the certificate"));
	return describe_pem(ctx, &pem, CD_INSPECT_CERT, "ca.crt", out);
}

/* p11tool's words for generating KEY's choice on a token. */
static void p11tool_args(const struct cd_key_choice *c, char *buf, size_t size)
{
	const char *curve = gnutls_ecc_curve_get_name(c->params.curve);
	size_t i;

	if (c->params.pk == GNUTLS_PK_RSA) {
		snprintf(buf, size, "--generate-privkey=rsa --bits=%u",
			 c->params.bits);
		return;
	}
	snprintf(buf, size, "--generate-privkey=ecdsa --curve=%s",
		 curve ? curve : "?");
	for (i = 0; buf[i]; i++)
		if (buf[i] >= 'A' && buf[i] <= 'Z')
			buf[i] = (char)(buf[i] - 'A' + 'a');
}

/* The same as certtool and p11tool would do it with a key on a token;
 * MAKE: certtool's command and output file, as
 * "--generate-self-signed ... ca.crt". */
static int token_commands(struct cd_ctx *ctx, const struct cd_draft_key *key,
			  const char *make, const char *file, char **out)
{
	char gen[160], line[2048] = "";

	if (key->generated) {
		p11tool_args(key->choice, gen, sizeof(gen));
		/* command lines: not translated */
		snprintf(line, sizeof(line), "p11tool --login %s '%s'\n", gen,
			 key->given_url);
	}
	if (asprintf(out,
		     "%scerttool %s --load-privkey '%s' "
		     "--template ca.cfg --outfile %s\n",
		     line, make, key->url, file) < 0) {
		*out = NULL;
		return cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	}
	return 0;
}

/* certtool asks the password of a --pkcs8 key as it writes it, and
 * again as it loads it. INTERMEDIATE: the request, not the certificate. */
static int commands(struct cd_ctx *ctx, const struct cd_draft_key *key,
		    int encrypted, int intermediate, char **out)
{
	const char *make =
	    intermediate ? "--generate-request" : "--generate-self-signed";
	const char *file = intermediate ? "ca.req" : "ca.crt";

	if (key->token_key)
		return token_commands(ctx, key, make, file, out);
	if (asprintf(out,
		     /* command lines: not translated */
		     "certtool --generate-privkey %s%s --outfile ca.key\n"
		     "certtool %s --load-privkey ca.key "
		     "--template ca.cfg --outfile %s\n",
		     key->choice->certtool_args, encrypted ? " --pkcs8" : "",
		     make, file) < 0) {
		*out = NULL;
		return cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	}
	return 0;
}

/* What certtool --crq-info prints of CRQ, named FILE. */
static int describe_request(struct cd_ctx *ctx, gnutls_x509_crq_t crq,
			    const char *file, char **out)
{
	gnutls_datum_t pem = {NULL, 0};
	int ret = gnutls_x509_crq_export2(crq, GNUTLS_X509_FMT_PEM, &pem);

	if (ret < 0)
		return cd_gnutls_error(ctx, ret, _("exporting the request"));
	return describe_pem(ctx, &pem, CD_INSPECT_REQUEST, file, out);
}

/* The self-signed certificate, or the request of an INTERMEDIATE. */
static int draft_build(struct cd_ctx *ctx, const struct cd_draft_key *key,
		       struct cd_cert_params *params, int encrypted,
		       int intermediate, struct cd_draft_ca *out)
{
	gnutls_privkey_t signer = NULL, k;
	struct cd_cert_params shared;
	int ret;

	memset(out, 0, sizeof(*out));
	cd_lint_report_init(&out->lint);
	ret = cd_ca_params_complete(ctx, params);
	if (ret == 0 && key->token_key == NULL)
		ret = cd_key_to_privkey(ctx, key->key, &signer);
	k = signer ? signer : key->token_key;
	if (ret == 0 && intermediate) {
		ret = cd_request_create(ctx, params, k, 1, &out->crq);
		if (ret == 0)
			ret = describe_request(ctx, out->crq, "reqs/ca.req",
					       &out->text);
		if (ret == 0)
			ret = cd_lint_request(ctx, out->crq, &out->lint);
	} else if (ret == 0) {
		ret = cd_issue_selfsign(ctx, params, k, &out->crt);
		if (ret == 0)
			ret = describe(ctx, out->crt, &out->text);
		if (ret == 0)
			ret = cd_lint_certificate(ctx, out->crt, NULL,
						  &out->lint);
	}
	/* A request's challenge password is a secret: not in a file to
	 * share. */
	shared = *params;
	shared.challenge_password = NULL;
	if (ret == 0)
		ret = cd_profile_write_text(ctx, &shared, &out->template_text);
	if (ret == 0)
		ret =
		    commands(ctx, key, encrypted, intermediate, &out->commands);
	if (signer)
		gnutls_privkey_deinit(signer);
	if (ret < 0)
		cd_draft_ca_free(out);
	return ret;
}

int cd_draft_ca_build(struct cd_ctx *ctx, const struct cd_draft_key *key,
		      struct cd_cert_params *params, int encrypted,
		      struct cd_draft_ca *out)
{
	return draft_build(ctx, key, params, encrypted, 0, out);
}

int cd_draft_ca_build_request(struct cd_ctx *ctx,
			      const struct cd_draft_key *key,
			      struct cd_cert_params *params, int encrypted,
			      struct cd_draft_ca *out)
{
	return draft_build(ctx, key, params, encrypted, 1, out);
}

int cd_draft_ca_commit(struct cd_ctx *ctx, const struct cd_draft_ca *ca,
		       const struct cd_draft_key *key, const char *dir,
		       const char *password, struct cd_store **out)
{
	if (ca->crq)
		return cd_ca_init_request_from(
		    ctx, dir, key->token_key ? NULL : key->key,
		    key->token_key ? key->url : NULL, ca->crq,
		    password_or_null(password), out);
	if (key->token_key)
		return cd_ca_init_from_url(ctx, dir, key->url, ca->crt, out);
	return cd_ca_init_from(ctx, dir, key->key, ca->crt,
			       password_or_null(password), out);
}

void cd_draft_ca_free(struct cd_draft_ca *ca)
{
	if (ca->crt)
		gnutls_x509_crt_deinit(ca->crt);
	if (ca->crq)
		gnutls_x509_crq_deinit(ca->crq);
	free(ca->text);
	free(ca->template_text);
	free(ca->commands);
	cd_lint_report_free(&ca->lint);
	memset(ca, 0, sizeof(*ca));
}
