/* certdeck: export and import, file to file (see exchange.h). */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "exchange.h"
#include "export.h"
#include "file.h"
#include "i18n.h"
#include "import.h"
#include "key.h"

/* What each form asks of export.c. */
static const struct export_form {
	const char *ext;
	int der, chain, root, pkcs12;
	enum cd_p12_variant variant;
} forms[] = {
    [CD_EXPORT_PEM] = {"pem", 0, 0, 0, 0, CD_P12_MODERN},
    [CD_EXPORT_DER] = {"der", 1, 0, 0, 0, CD_P12_MODERN},
    [CD_EXPORT_CHAIN] = {"pem", 0, 1, 0, 0, CD_P12_MODERN},
    [CD_EXPORT_FULL_CHAIN] = {"pem", 0, 1, 1, 0, CD_P12_MODERN},
    [CD_EXPORT_PKCS12] = {"p12", 0, 1, 0, 1, CD_P12_MODERN},
    [CD_EXPORT_PKCS12_LEGACY] = {"p12", 0, 1, 0, 1, CD_P12_LEGACY},
};

int cd_export_form_is_pkcs12(enum cd_export_form form)
{
	return forms[form].pkcs12;
}

int cd_export_form_has_chain(enum cd_export_form form)
{
	return forms[form].chain;
}

int cd_export_form_has_root(enum cd_export_form form)
{
	return forms[form].root;
}

const char *cd_export_form_ext(enum cd_export_form form)
{
	return forms[form].ext;
}

int cd_export_needs_key_password(struct cd_ctx *ctx,
				 const struct cd_store *store, const char *name)
{
	return cd_store_key_is_encrypted(ctx, store, name) > 0;
}

static int make_pkcs12(struct cd_ctx *ctx, const struct cd_store *store,
		       const struct cd_export_job *job,
		       const gnutls_x509_crt_t *list, unsigned count,
		       gnutls_datum_t *out)
{
	gnutls_x509_privkey_t key = NULL;
	int ret;

	if (job->password == NULL || job->password[0] == '\0')
		return cd_error(ctx, CD_E_INVALID,
				_("a PKCS #12 file needs a password"));
	ret = cd_export_key(ctx, store, job->name, job->key_password, &key);
	if (ret == 0)
		ret = cd_export_pkcs12(ctx, list, count, key, job->password,
				       job->friendly && job->friendly[0]
					   ? job->friendly
					   : job->name,
				       forms[job->form].variant, out);
	if (key)
		gnutls_x509_privkey_deinit(key);
	return ret;
}

int cd_export_write(struct cd_ctx *ctx, const struct cd_store *store,
		    const struct cd_export_job *job, unsigned *count,
		    char **missing)
{
	const struct export_form *f = &forms[job->form];
	gnutls_x509_crt_t *list = NULL, *extra = NULL;
	gnutls_datum_t out = {NULL, 0};
	unsigned n_extra = 0;
	int ret = 0;

	*count = 0;
	if (missing)
		*missing = NULL;
	if ((ret = cd_store_write_check(ctx, store->dir, job->outfile, 0)) < 0)
		return ret;
	if (job->issuers && f->chain)
		ret = cd_file_load_crts(ctx, job->issuers, &extra, &n_extra);
	if (ret == 0)
		ret = cd_export_chain(ctx, store, job->name, extra, n_extra,
				      f->chain, f->root, &list, count);
	if (ret == 0 && missing && f->chain && f->root &&
	    (ret = cd_export_chain_missing(ctx, list, *count, missing)) > 0)
		ret = 0;
	if (ret == 0 && f->pkcs12)
		ret = make_pkcs12(ctx, store, job, list, *count, &out);
	else if (ret == 0)
		ret = cd_export_certificates(ctx, list, *count, f->der, &out);
	if (ret == 0)
		ret = cd_file_write_atomic(ctx, job->outfile, out.data,
					   out.size, f->pkcs12 ? 0600 : 0644,
					   !job->replace);
	cd_datum_wipe(&out);
	cd_crt_list_free(list, *count);
	cd_crt_list_free(extra, n_extra);
	if (ret < 0 && missing) {
		free(*missing);
		*missing = NULL;
	}
	return ret;
}

int cd_import_key_with_certificates(struct cd_ctx *ctx,
				    const gnutls_datum_t *data,
				    const char *path)
{
	if (cd_content_identify(data) != CD_CONTENT_PRIVKEY ||
	    !cd_file_is_pem(data, "CERTIFICATE"))
		return 0;
	return cd_error(ctx, CD_E_UNSUPPORTED,
			_("%s: holds a private key besides certificates: a "
			  "certificate is recorded with its key from a "
			  "PKCS #12 file (openssl pkcs12 -export, certtool "
			  "--to-p12)"),
			path);
}

int cd_import_form_of(struct cd_ctx *ctx, const char *path,
		      enum cd_import_form *form)
{
	gnutls_datum_t data = {NULL, 0};
	int ret = cd_file_read(ctx, path, 0, &data);

	if (ret < 0)
		return ret;
	if ((ret = cd_import_key_with_certificates(ctx, &data, path)) < 0)
		;
	else if (cd_import_is_pkcs12(&data))
		*form = CD_IMPORT_PKCS12;
	else if (cd_import_is_pkcs7(&data))
		*form = CD_IMPORT_PKCS7;
	else if (cd_content_identify(&data) == CD_CONTENT_CERTIFICATE)
		*form = CD_IMPORT_CERTIFICATES;
	else if (cd_content_identify(&data) == CD_CONTENT_REQUEST)
		*form = CD_IMPORT_REQUEST;
	else
		ret = cd_error(ctx, CD_E_PARSE,
			       _("%s: neither a PKCS #12 file, a PKCS #7 "
				 "bundle, certificates nor a certificate "
				 "request (PEM or DER)"),
			       path);
	cd_datum_wipe(&data);
	return ret;
}

static int read_bundle(struct cd_ctx *ctx, const char *path,
		       const char *password, struct cd_bundle *b)
{
	gnutls_datum_t data = {NULL, 0};
	int ret = cd_file_read(ctx, path, 0, &data);

	if (ret < 0)
		return ret;
	if (cd_import_is_pkcs12(&data))
		ret = cd_import_pkcs12(ctx, &data, path,
				       password ? password : "", b);
	else if (cd_import_is_pkcs7(&data))
		ret = cd_import_pkcs7(ctx, &data, path, b);
	else
		ret = cd_crts_parse(ctx, &data, path, &b->crts, &b->count);
	cd_datum_wipe(&data);
	return ret;
}

int cd_import_into_store(struct cd_ctx *ctx, struct cd_store *store,
			 const char *path, const char *password,
			 const char *name, int *has_key)
{
	struct cd_bundle b;
	int ret = cd_store_new_name_check(ctx, name);

	memset(&b, 0, sizeof(b));
	*has_key = 0;
	if (ret == 0)
		ret = read_bundle(ctx, path, password, &b);
	if (ret == 0 && b.count == 0)
		ret = cd_error(ctx, CD_E_PARSE, _("%s: holds no certificate"),
			       path);
	if (ret == 0)
		ret = cd_import_record(ctx, store, name, &b, NULL);
	if (ret == 0)
		*has_key = b.key != NULL;
	cd_bundle_free(&b);
	return ret;
}

int cd_import_name_check(struct cd_ctx *ctx, const struct cd_store *store,
			 const char *name, enum cd_import_what what)
{
	/* A request under a name in use would be signed into a clash. */
	static const struct {
		const char *dir, *ext;
		enum cd_import_what from; /* checked for this and after */
	} taken[] = {{"issued", "crt", CD_IMPORT_WHAT_CERTS},
		     {"private", "key", CD_IMPORT_WHAT_KEYED},
		     {"reqs", "req", CD_IMPORT_WHAT_REQUEST}};
	char rel[300];
	int ret = cd_store_new_name_check(ctx, name);
	size_t i;

	for (i = 0; ret == 0 && i < sizeof(taken) / sizeof(taken[0]); i++) {
		if (what < taken[i].from)
			continue;
		snprintf(rel, sizeof(rel), "%s/%s.%s", taken[i].dir, name,
			 taken[i].ext);
		if (cd_store_has(store, rel))
			ret = cd_error(ctx, CD_E_EXISTS,
				       _("%s: the store has %s already: choose "
					 "another name"),
				       name, rel);
	}
	return ret;
}

int cd_import_request_into_store(struct cd_ctx *ctx, struct cd_store *store,
				 const char *path, const char *name)
{
	gnutls_datum_t data = {NULL, 0}, pem = {NULL, 0};
	struct cd_store_file file;
	char rel[300];
	int ret =
	    cd_import_name_check(ctx, store, name, CD_IMPORT_WHAT_REQUEST);

	if (ret == 0)
		ret = cd_file_read(ctx, path, 0, &data);
	if (ret == 0)
		ret = cd_import_request(ctx, &data, path, 0, &pem);
	snprintf(rel, sizeof(rel), "reqs/%s.req", name);
	file = (struct cd_store_file){rel, pem, 0644};
	if (ret == 0)
		ret = cd_store_lock(ctx, store);
	if (ret == 0) {
		ret = cd_store_add_files(ctx, store, &file, 1);
		cd_store_unlock(store);
	}
	gnutls_free(data.data);
	gnutls_free(pem.data);
	return ret;
}
