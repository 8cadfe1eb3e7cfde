/* certdeck: certificates and requests brought in from elsewhere. */
#include <config.h>

#include <string.h>

#include <gnutls/pkcs12.h>
#include <gnutls/pkcs7.h>

#include "error.h"
#include "file.h"
#include "i18n.h"
#include "export.h"
#include "import.h"
#include "key.h"

/* Append the DER or PEM of CRT to OUT. */
int cd_import_certificates(struct cd_ctx *ctx, const gnutls_datum_t *data,
			   const char *name, int der, gnutls_datum_t *out,
			   unsigned *count)
{
	gnutls_x509_crt_t *list = NULL;
	unsigned n = 0, i;
	int ret = 0;

	out->data = NULL;
	out->size = 0;
	*count = 0;
	/* GnuTLS would take a "CERTIFICATE REQUEST" block for a damaged
	 * certificate. */
	if (cd_file_is_pem(data, "CERTIFICATE REQUEST"))
		return cd_error(
		    ctx, CD_E_PARSE,
		    _("%s: holds a certificate request among the certificates; "
		      "import each from a file of its own"),
		    name);
	ret = cd_crts_parse(ctx, data, name, &list, &n);
	if (ret == 0 && der && n > 1)
		ret = cd_error(ctx, CD_E_INVALID,
			       _("%s: holds %u certificates and DER holds one; "
				 "leave out --der to write them as PEM"),
			       name, n);
	if (ret == 0)
		ret = cd_export_certificates(ctx, list, n, der, out);
	for (i = 0; i < n; i++)
		gnutls_x509_crt_deinit(list[i]);
	gnutls_free(list);
	if (ret == 0)
		*count = n;
	return ret;
}

int cd_import_request(struct cd_ctx *ctx, const gnutls_datum_t *data,
		      const char *name, int der, gnutls_datum_t *out)
{
	gnutls_x509_crq_t crq = NULL;
	gnutls_x509_crt_fmt_t fmt;
	int ret;

	out->data = NULL;
	out->size = 0;
	fmt = cd_file_is_pem(data, NULL) ? GNUTLS_X509_FMT_PEM
					 : GNUTLS_X509_FMT_DER;
	ret = gnutls_x509_crq_init(&crq);
	if (ret < 0)
		return cd_gnutls_error(ctx, ret, _("out of memory"));
	ret = gnutls_x509_crq_import(crq, data, fmt);
	if (ret < 0) {
		ret = cd_gnutls_error(ctx, ret,
				      _("%s: cannot read the certificate "
					"request (truncated or damaged?)"),
				      name);
		goto out;
	}
	ret = gnutls_x509_crq_verify(crq, 0);
	if (ret < 0) {
		ret = cd_gnutls_error(ctx, ret,
				      _("%s: the request's signature does not "
					"verify: it was altered or damaged"),
				      name);
		if (ret != CD_E_NOMEM)
			ret = CD_E_PARSE;
		goto out;
	}
	ret = gnutls_x509_crq_export2(
	    crq, der ? GNUTLS_X509_FMT_DER : GNUTLS_X509_FMT_PEM, out);
	if (ret < 0)
		ret = cd_gnutls_error(ctx, ret,
				      _("%s: cannot encode the request"), name);
out:
	gnutls_x509_crq_deinit(crq);
	return ret;
}

/* --- PKCS #12 and PKCS #7 bundles ------------------------------------ */

void cd_bundle_free(struct cd_bundle *bundle)
{
	if (bundle->key)
		gnutls_x509_privkey_deinit(bundle->key);
	cd_crt_list_free(bundle->crts, bundle->count);
	memset(bundle, 0, sizeof(*bundle));
}

static gnutls_x509_crt_fmt_t format_of(const gnutls_datum_t *data,
				       const char *label)
{
	return cd_file_is_pem(data, label) ? GNUTLS_X509_FMT_PEM
					   : GNUTLS_X509_FMT_DER;
}

int cd_import_is_pkcs12(const gnutls_datum_t *data)
{
	gnutls_pkcs12_t p12;
	int ret;

	if (gnutls_pkcs12_init(&p12) < 0)
		return 0;
	ret = gnutls_pkcs12_import(p12, data, format_of(data, "PKCS12"), 0);
	gnutls_pkcs12_deinit(p12);
	return ret >= 0;
}

int cd_import_is_pkcs7(const gnutls_datum_t *data)
{
	gnutls_pkcs7_t p7;
	int ret;

	if (gnutls_pkcs7_init(&p7) < 0)
		return 0;
	ret = gnutls_pkcs7_import(p7, data, format_of(data, "PKCS7"));
	gnutls_pkcs7_deinit(p7);
	return ret >= 0;
}

/* Join the key's CHAIN and the EXTRA certificates into OUT. */
static int bundle_join(gnutls_x509_crt_t *chain, unsigned n_chain,
		       gnutls_x509_crt_t *extra, unsigned n_extra,
		       struct cd_bundle *out)
{
	out->crts = gnutls_calloc(n_chain + n_extra + 1, sizeof(*out->crts));
	if (out->crts == NULL)
		return CD_E_NOMEM;
	if (n_chain)
		memcpy(out->crts, chain, n_chain * sizeof(*chain));
	if (n_extra)
		memcpy(out->crts + n_chain, extra, n_extra * sizeof(*extra));
	out->count = n_chain + n_extra;
	return 0;
}

int cd_import_pkcs12(struct cd_ctx *ctx, const gnutls_datum_t *data,
		     const char *name, const char *password,
		     struct cd_bundle *out)
{
	gnutls_pkcs12_t p12 = NULL;
	gnutls_x509_crt_t *chain = NULL, *extra = NULL;
	unsigned n_chain = 0, n_extra = 0, i;
	int ret;

	memset(out, 0, sizeof(*out));
	ret = gnutls_pkcs12_init(&p12);
	if (ret >= 0)
		ret = gnutls_pkcs12_import(p12, data, format_of(data, "PKCS12"),
					   0);
	if (ret < 0) {
		ret = cd_gnutls_error(
		    ctx, ret, _("%s: not a readable PKCS #12 file"), name);
		goto out;
	}
	ret = gnutls_pkcs12_verify_mac(p12, password ? password : "");
	if (ret < 0) {
		ret = cd_error(ctx, CD_E_PASSWORD,
			       _("%s: wrong password (the PKCS #12 file's "
				 "integrity check fails with it)"),
			       name);
		goto out;
	}
	ret = gnutls_pkcs12_simple_parse(p12, password ? password : "",
					 &out->key, &chain, &n_chain, &extra,
					 &n_extra, NULL, 0);
	if (ret < 0) {
		ret = cd_gnutls_error(ctx, ret,
				      _("%s: cannot read the PKCS #12 file's "
					"contents"),
				      name);
		goto out;
	}
	ret = bundle_join(chain, n_chain, extra, n_extra, out);
	if (ret < 0) {
		for (i = 0; i < n_chain; i++)
			gnutls_x509_crt_deinit(chain[i]);
		for (i = 0; i < n_extra; i++)
			gnutls_x509_crt_deinit(extra[i]);
		ret = cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	}
out:
	gnutls_free(chain);
	gnutls_free(extra);
	if (p12)
		gnutls_pkcs12_deinit(p12);
	if (ret < 0)
		cd_bundle_free(out);
	return ret < 0 ? ret : 0;
}

static int pkcs7_crt(struct cd_ctx *ctx, gnutls_pkcs7_t p7, unsigned i,
		     const char *name, gnutls_x509_crt_t *out)
{
	gnutls_datum_t der = {NULL, 0};
	int ret = gnutls_pkcs7_get_crt_raw2(p7, i, &der);

	if (ret >= 0)
		ret = gnutls_x509_crt_init(out);
	if (ret >= 0)
		ret = gnutls_x509_crt_import(*out, &der, GNUTLS_X509_FMT_DER);
	gnutls_free(der.data);
	if (ret < 0)
		return cd_gnutls_error(
		    ctx, ret, _("%s: cannot read certificate %u"), name, i + 1);
	return 0;
}

int cd_import_pkcs7(struct cd_ctx *ctx, const gnutls_datum_t *data,
		    const char *name, struct cd_bundle *out)
{
	gnutls_pkcs7_t p7 = NULL;
	int ret, n;

	memset(out, 0, sizeof(*out));
	ret = gnutls_pkcs7_init(&p7);
	if (ret >= 0)
		ret = gnutls_pkcs7_import(p7, data, format_of(data, "PKCS7"));
	n = ret >= 0 ? gnutls_pkcs7_get_crt_count(p7) : ret;
	if (n <= 0) {
		ret = n < 0 ? cd_gnutls_error(ctx, n,
					      _("%s: not a readable PKCS #7 "
						"bundle"),
					      name)
			    : cd_error(ctx, CD_E_PARSE,
				       _("%s: the PKCS #7 bundle holds no "
					 "certificate"),
				       name);
		goto out;
	}
	out->crts = gnutls_calloc((unsigned)n, sizeof(*out->crts));
	ret = out->crts ? 0 : cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	for (; ret == 0 && out->count < (unsigned)n; out->count++)
		ret = pkcs7_crt(ctx, p7, out->count, name,
				&out->crts[out->count]);
out:
	if (p7)
		gnutls_pkcs7_deinit(p7);
	if (ret < 0)
		cd_bundle_free(out);
	return ret < 0 ? ret : 0;
}

/* May LEAF be recorded in STORE: signed by its CA, not recorded yet? */
static int record_check(struct cd_ctx *ctx, struct cd_store *store,
			const struct cd_index *index, gnutls_x509_crt_t leaf,
			const char *name)
{
	char hex[CD_SERIAL_HEX_MAX];
	unsigned status = 0;
	int ret =
	    gnutls_x509_crt_verify(leaf, &store->ca_crt, 1,
				   GNUTLS_VERIFY_DISABLE_TIME_CHECKS, &status);

	if (ret < 0 || status != 0)
		return cd_error(ctx, CD_E_INVALID,
				_("%s: its certificate was not signed by this "
				  "store's CA; only the CA's own certificates "
				  "are recorded"),
				name);
	ret = cd_crt_serial_hex(ctx, leaf, hex);
	if (ret == 0 && cd_index_find(index, hex))
		ret = cd_error(ctx, CD_E_EXISTS,
			       _("%s: serial %s is already recorded in the "
				 "store"),
			       name, hex);
	return ret;
}

/* Does KEY belong to CRT? */
static int key_matches(gnutls_x509_privkey_t key, gnutls_x509_crt_t crt)
{
	unsigned char a[64], b[64];
	size_t na = sizeof(a), nb = sizeof(b);

	return gnutls_x509_privkey_get_key_id(key, 0, a, &na) >= 0 &&
	       gnutls_x509_crt_get_key_id(crt, 0, b, &nb) >= 0 && na == nb &&
	       memcmp(a, b, na) == 0;
}

int cd_import_record(struct cd_ctx *ctx, struct cd_store *store,
		     const char *name, const struct cd_bundle *bundle,
		     const char *key_password)
{
	struct cd_store_item item;
	struct cd_index index;
	int ret;

	memset(&item, 0, sizeof(item));
	memset(&index, 0, sizeof(index));
	ret = cd_store_new_name_check(ctx, name);
	if (ret == 0 && bundle->count == 0)
		ret = cd_error(ctx, CD_E_PARSE,
			       _("%s: the bundle holds no certificate"), name);
	if (ret == 0 && store->ca_crt == NULL)
		ret = cd_error(ctx, CD_E_NOTFOUND,
			       _("%s: the CA has no certificate yet"),
			       store->dir);
	if (ret == 0 && bundle->key &&
	    !key_matches(bundle->key, bundle->crts[0]))
		ret = cd_error(ctx, CD_E_PARSE,
			       _("%s: the bundle's key is not its first "
				 "certificate's"),
			       name);
	if (ret == 0)
		ret = cd_store_lock(ctx, store);
	if (ret < 0)
		return ret;
	ret = cd_index_load(ctx, store, &index);
	if (ret == 0)
		ret = record_check(ctx, store, &index, bundle->crts[0], name);
	if (ret == 0 && bundle->key)
		ret = cd_key_export(ctx, bundle->key, key_password, 0,
				    &item.key_pem);
	item.name = name;
	item.crt = bundle->crts[0];
	if (ret == 0)
		ret = cd_store_commit(ctx, store, &item, 1);
	cd_datum_wipe(&item.key_pem);
	cd_index_free(&index);
	cd_store_unlock(store);
	return ret;
}
