/* certdeck: a request being made for the store (reqdraft.h). */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gnutls/abstract.h>

#include "error.h"
#include "file.h"
#include "i18n.h"
#include "inspect.h"
#include "reqdraft.h"
#include "request.h"

void cd_reqdraft_init(struct cd_reqdraft *d)
{
	memset(d, 0, sizeof(*d));
	cd_lint_report_init(&d->lint);
}

static void built_free(struct cd_reqdraft *d)
{
	if (d->crq)
		gnutls_x509_crq_deinit(d->crq);
	d->crq = NULL;
	free(d->text);
	free(d->template_text);
	free(d->commands);
	d->text = d->template_text = d->commands = NULL;
	cd_lint_report_free(&d->lint);
	cd_lint_report_init(&d->lint);
}

void cd_reqdraft_free(struct cd_reqdraft *d)
{
	built_free(d);
	cd_lint_report_free(&d->lint);
	if (d->key)
		gnutls_x509_privkey_deinit(d->key);
	memset(d, 0, sizeof(*d));
}

int cd_reqdraft_store_key_check(struct cd_ctx *ctx,
				const struct cd_store *store, const char *name)
{
	if (cd_store_name_check(ctx, name) < 0)
		return CD_E_INVALID;
	if (strcmp(name, "ca") != 0 && cd_store_has_key(store, name))
		return 0;
	return cd_error(ctx, CD_E_INVALID,
			_("'%s': not a key of the store (private/NAME.key, "
			  "not the CA's)"),
			name);
}

static void describe(struct cd_ctx *ctx, struct cd_reqdraft *d)
{
	if (cd_key_describe(ctx, d->key, d->key_label, sizeof(d->key_label)) <
	    0)
		snprintf(d->key_label, sizeof(d->key_label), "?");
}

void cd_reqdraft_take_key(struct cd_ctx *ctx, struct cd_reqdraft *d,
			  struct cd_draft_key *key)
{
	if (d->key)
		gnutls_x509_privkey_deinit(d->key);
	d->key = key->key;
	key->key = NULL;
	d->new_key = 1;
	snprintf(d->key_args, sizeof(d->key_args), "%s",
		 key->choice ? key->choice->certtool_args : "");
	describe(ctx, d);
	cd_draft_key_free(key);
}

int cd_reqdraft_store_key(struct cd_ctx *ctx, struct cd_reqdraft *d,
			  const struct cd_store *store, const char *name,
			  const char *password)
{
	char rel[300], *path;
	int ret;

	snprintf(rel, sizeof(rel), "private/%s.key", name);
	path = cd_store_path(store, rel);
	if (path == NULL)
		return cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	ret = cd_key_load(ctx, path, password, &d->key);
	free(path);
	if (ret < 0)
		return ret;
	d->new_key = 0;
	snprintf(d->key_name, sizeof(d->key_name), "%s", name);
	describe(ctx, d);
	return 0;
}

int cd_reqdraft_key_is_rsa(const struct cd_reqdraft *d)
{
	return d->key &&
	       gnutls_x509_privkey_get_pk_algorithm(d->key) == GNUTLS_PK_RSA;
}

static int describe_request(struct cd_ctx *ctx, struct cd_reqdraft *d,
			    const char *name)
{
	struct cd_inspect_opts opts;
	gnutls_datum_t pem = {NULL, 0}, out = {NULL, 0};
	int ret = gnutls_x509_crq_export2(d->crq, GNUTLS_X509_FMT_PEM, &pem);

	if (ret < 0)
		return cd_gnutls_error(ctx, ret, _("exporting the request"));
	memset(&opts, 0, sizeof(opts));
	opts.type = CD_INSPECT_REQUEST;
	ret = cd_inspect(ctx, &pem, name, &opts, &out);
	gnutls_free(pem.data);
	if (ret == 0) {
		d->text = strndup((const char *)out.data, out.size);
		gnutls_free(out.data);
		if (d->text == NULL)
			ret = cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	}
	return ret;
}

static int make_template(struct cd_ctx *ctx, struct cd_reqdraft *d,
			 const struct cd_cert_params *params)
{
	struct cd_cert_params copy = *params;
	gnutls_datum_t out = {NULL, 0};
	int ret;

	/* The challenge password is a secret: not in a file to share. */
	copy.challenge_password = NULL;
	ret = cd_profile_write(ctx, &copy, &out);
	if (ret < 0)
		return ret;
	d->template_text = strndup((const char *)out.data, out.size);
	gnutls_free(out.data);
	return d->template_text ? 0
				: cd_error(ctx, CD_E_NOMEM, _("out of memory"));
}

static int make_commands(struct cd_ctx *ctx, struct cd_reqdraft *d,
			 const char *name)
{
	char key[300];
	int ret;

	if (d->new_key)
		snprintf(key, sizeof(key), "private/%s.key", name);
	else
		snprintf(key, sizeof(key), "private/%s.key", d->key_name);
	if (d->new_key)
		ret = asprintf(
		    &d->commands,
		    /* command lines: not translated */
		    "certtool --generate-privkey %s \\\n"
		    "    --outfile %s\n"
		    "certtool --generate-request --load-privkey %s "
		    "\\\n    --template %s.cfg --outfile reqs/%s.req\n",
		    d->key_args, key, key, name, name);
	else
		ret = asprintf(
		    &d->commands,
		    "certtool --generate-request --load-privkey %s "
		    "\\\n    --template %s.cfg --outfile reqs/%s.req\n",
		    key, name, name);
	if (ret < 0) {
		d->commands = NULL;
		return cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	}
	return 0;
}

int cd_reqdraft_build(struct cd_ctx *ctx, struct cd_reqdraft *d,
		      const struct cd_cert_params *params, const char *name)
{
	gnutls_privkey_t pk = NULL;
	int ret;

	built_free(d);
	if (d->key == NULL)
		return cd_error(ctx, CD_E_INVALID, _("no key for the request"));
	ret = cd_key_to_privkey(ctx, d->key, &pk);
	if (ret == 0)
		ret = cd_request_create(ctx, params, pk, 1, &d->crq);
	if (pk)
		gnutls_privkey_deinit(pk);
	if (ret == 0)
		ret = describe_request(ctx, d, name);
	if (ret == 0)
		ret = cd_lint_request(ctx, d->crq, &d->lint);
	if (ret == 0)
		ret = make_template(ctx, d, params);
	if (ret == 0)
		ret = make_commands(ctx, d, name);
	if (ret < 0)
		built_free(d);
	return ret;
}

int cd_reqdraft_commit(struct cd_ctx *ctx, const struct cd_reqdraft *d,
		       struct cd_store *store, const char *name)
{
	struct cd_store_file files[2];
	gnutls_datum_t req = {NULL, 0}, key = {NULL, 0};
	char req_rel[300], key_rel[300];
	size_t n = 0;
	int ret = cd_store_new_name_check(ctx, name);

	if (ret < 0)
		return ret;
	if (d->crq == NULL)
		return cd_error(ctx, CD_E_INVALID, _("no request built"));
	snprintf(req_rel, sizeof(req_rel), "reqs/%s.req", name);
	snprintf(key_rel, sizeof(key_rel), "private/%s.key", name);
	ret = gnutls_x509_crq_export2(d->crq, GNUTLS_X509_FMT_PEM, &req);
	if (ret < 0)
		return cd_gnutls_error(ctx, ret, _("exporting the request"));
	if (d->new_key)
		ret = cd_key_export(ctx, d->key, NULL, 0, &key);
	if (ret == 0 && d->new_key)
		files[n++] = (struct cd_store_file){key_rel, key, 0600};
	files[n++] = (struct cd_store_file){req_rel, req, 0644};
	if (ret == 0)
		ret = cd_store_lock(ctx, store);
	if (ret == 0) {
		ret = cd_store_add_files(ctx, store, files, n);
		cd_store_unlock(store);
	}
	cd_datum_wipe(&key);
	gnutls_free(req.data);
	return ret;
}
