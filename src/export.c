/* certdeck: certificates and keys of the store as PEM, DER or PKCS #12. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gnutls/pkcs12.h>

#include "error.h"
#include "exchange.h"
#include "export.h"
#include "file.h"
#include "i18n.h"
#include "key.h"

#define CHAIN_MAX 16

/* CA_REL for the CA, else DIR/NAME.EXT. */
static char *item_path(const struct cd_store *store, const char *name,
		       const char *ca_rel, const char *dir, const char *ext)
{
	char rel[512];

	if (strcmp(name, "ca") == 0)
		return cd_store_path(store, ca_rel);
	snprintf(rel, sizeof(rel), "%s/%s.%s", dir, name, ext);
	return cd_store_path(store, rel);
}

static int is_self_signed(gnutls_x509_crt_t crt)
{
	return gnutls_x509_crt_check_issuer(crt, crt) != 0;
}

/* The candidates: ca.crt, then copies of EXTRA. */
static int load_candidates(struct cd_ctx *ctx, const struct cd_store *store,
			   const gnutls_x509_crt_t *extra, unsigned n_extra,
			   gnutls_x509_crt_t *cand)
{
	char *path = cd_store_path(store, "ca.crt");
	unsigned i;
	int ret;

	if (path == NULL)
		return cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	ret = cd_file_load_crt(ctx, path, &cand[0]);
	free(path);
	for (i = 0; i < n_extra && ret == 0; i++)
		ret = cd_crt_copy(ctx, extra[i], &cand[i + 1]);
	return ret;
}

/* Move the issuer of LAST from CAND (N) to *OUT; 0 when none. */
static int take_issuer(gnutls_x509_crt_t last, gnutls_x509_crt_t *cand,
		       unsigned n, gnutls_x509_crt_t *out)
{
	unsigned i;

	for (i = 0; i < n; i++) {
		if (cand[i] && gnutls_x509_crt_check_issuer(last, cand[i])) {
			*out = cand[i];
			cand[i] = NULL;
			return 1;
		}
	}
	return 0;
}

int cd_export_chain(struct cd_ctx *ctx, const struct cd_store *store,
		    const char *name, const gnutls_x509_crt_t *extra,
		    unsigned n_extra, int chain, int root,
		    gnutls_x509_crt_t **list, unsigned *count)
{
	gnutls_x509_crt_t *cand = NULL, *out = NULL;
	char *path = NULL;
	unsigned n = 0, i;
	int ret = 0;

	*list = NULL;
	*count = 0;
	if (strcmp(name, "ca") != 0 && (ret = cd_store_name_check(ctx, name)))
		return ret;
	cand = gnutls_calloc(n_extra + 1, sizeof(*cand));
	out = gnutls_calloc(CHAIN_MAX, sizeof(*out));
	path = item_path(store, name, "ca.crt", "issued", "crt");
	if (cand == NULL || out == NULL || path == NULL) {
		ret = cd_error(ctx, CD_E_NOMEM, _("out of memory"));
		goto out;
	}
	if (!cd_file_exists(path)) {
		ret = cd_error(ctx, CD_E_NOTFOUND,
			       _("%s: no certificate of that name in the store "
				 "(looked for %s)"),
			       name, path);
		goto out;
	}
	ret = cd_file_load_crt(ctx, path, &out[n]);
	if (ret < 0)
		goto out;
	n++;
	if (chain)
		ret = load_candidates(ctx, store, extra, n_extra, cand);
	while (chain && ret == 0 && n < CHAIN_MAX &&
	       !is_self_signed(out[n - 1]) &&
	       take_issuer(out[n - 1], cand, n_extra + 1, &out[n]))
		n++;
	if (ret == 0 && !root && n > 1 && is_self_signed(out[n - 1]))
		gnutls_x509_crt_deinit(out[--n]);
	if (ret == 0) {
		*list = out;
		*count = n;
		out = NULL;
	}
out:
	cd_crt_list_free(out, n);
	for (i = 0; cand && i < n_extra + 1; i++)
		if (cand[i])
			gnutls_x509_crt_deinit(cand[i]);
	gnutls_free(cand);
	free(path);
	return ret;
}

/* The name of CRT's issuer in *NAME (free it). */
static int issuer_name(struct cd_ctx *ctx, gnutls_x509_crt_t crt, char **name)
{
	gnutls_datum_t dn = {NULL, 0};
	int ret = gnutls_x509_crt_get_issuer_dn3(crt, &dn, 0);

	*name = NULL;
	if (ret < 0)
		ret = cd_gnutls_error(ctx, ret, _("reading an issuer's name"));
	else if ((*name = strndup((const char *)dn.data, dn.size)) == NULL)
		ret = cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	gnutls_free(dn.data);
	return ret;
}

int cd_export_chain_missing(struct cd_ctx *ctx, const gnutls_x509_crt_t *list,
			    unsigned count, char **missing)
{
	int ret;

	*missing = NULL;
	if (count == 0 || is_self_signed(list[count - 1]))
		return 0;
	ret = issuer_name(ctx, list[count - 1], missing);
	return ret < 0 ? ret : 1;
}

int cd_export_chain_open(struct cd_ctx *ctx, const struct cd_store *store,
			 const char *name, const char *issuers, char **missing)
{
	gnutls_x509_crt_t *extra = NULL, *list = NULL;
	unsigned n_extra = 0, count = 0;
	int ret = 0;

	*missing = NULL;
	if (issuers)
		ret = cd_file_load_crts(ctx, issuers, &extra, &n_extra);
	if (ret == 0)
		ret = cd_export_chain(ctx, store, name, extra, n_extra, 1, 1,
				      &list, &count);
	if (ret == 0)
		ret = cd_export_chain_missing(ctx, list, count, missing);
	cd_crt_list_free(list, count);
	cd_crt_list_free(extra, n_extra);
	return ret;
}

int cd_export_key(struct cd_ctx *ctx, const struct cd_store *store,
		  const char *name, const char *password,
		  gnutls_x509_privkey_t *key)
{
	char *path = item_path(store, name, "private/ca.key", "private", "key");
	int ret;

	*key = NULL;
	if (strcmp(name, "ca") != 0 && (ret = cd_store_name_check(ctx, name))) {
		free(path);
		return ret;
	}
	if (path == NULL)
		return cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	if (!cd_file_exists(path))
		ret =
		    cd_error(ctx, CD_E_NOTFOUND,
			     _("%s: the store holds no key for it (looked for "
			       "%s; a certificate signed from a request "
			       "keeps its key elsewhere)"),
			     name, path);
	else
		ret = cd_key_load(ctx, path, password, key);
	free(path);
	return ret;
}

int cd_export_certificates(struct cd_ctx *ctx, const gnutls_x509_crt_t *list,
			   unsigned count, int der, gnutls_datum_t *out)
{
	gnutls_datum_t one = {NULL, 0};
	unsigned char *p;
	unsigned i;
	int ret;

	out->data = NULL;
	out->size = 0;
	if (der && count != 1)
		return cd_error(ctx, CD_E_INVALID,
				_("DER holds one certificate; a chain is PEM "
				  "or PKCS #12"));
	for (i = 0; i < count; i++) {
		ret = gnutls_x509_crt_export2(
		    list[i], der ? GNUTLS_X509_FMT_DER : GNUTLS_X509_FMT_PEM,
		    &one);
		if (ret < 0)
			goto fail;
		p = gnutls_realloc(out->data, out->size + one.size + 1);
		if (p == NULL) {
			ret = GNUTLS_E_MEMORY_ERROR;
			goto fail;
		}
		memcpy(p + out->size, one.data, one.size);
		out->data = p;
		out->size += one.size;
		gnutls_free(one.data);
		one.data = NULL;
	}
	return 0;
fail:
	gnutls_free(one.data);
	gnutls_free(out->data);
	out->data = NULL;
	out->size = 0;
	return cd_gnutls_error(ctx, ret, _("cannot encode certificate"));
}

/* How each variant protects the certificates, the key and the whole. */
static const struct p12_variant {
	unsigned crt_cipher, key_cipher;
	gnutls_mac_algorithm_t mac;
} p12_variants[] = {
    [CD_P12_MODERN] = {GNUTLS_PKCS_PBES2_AES_256, GNUTLS_PKCS_PBES2_AES_256,
		       GNUTLS_MAC_SHA256},
    [CD_P12_LEGACY] = {GNUTLS_PKCS_PKCS12_RC2_40, GNUTLS_PKCS_PKCS12_3DES,
		       GNUTLS_MAC_SHA1},
};

/* FRIENDLY and the key id ID on element IDX of BAG. */
static int bag_label(gnutls_pkcs12_bag_t bag, int idx, const char *friendly,
		     const gnutls_datum_t *id)
{
	int ret = gnutls_pkcs12_bag_set_key_id(bag, idx, id);

	if (ret >= 0 && friendly && *friendly)
		ret = gnutls_pkcs12_bag_set_friendly_name(bag, idx, friendly);
	return ret;
}

static int crt_bag(const gnutls_x509_crt_t *list, unsigned count,
		   const char *password, const char *friendly,
		   const gnutls_datum_t *id, unsigned cipher,
		   gnutls_pkcs12_bag_t *out)
{
	unsigned i;
	int idx, ret = gnutls_pkcs12_bag_init(out);

	for (i = 0; i < count && ret >= 0; i++) {
		ret = idx = gnutls_pkcs12_bag_set_crt(*out, list[i]);
		if (ret >= 0 && i == 0)
			ret = bag_label(*out, idx, friendly, id);
	}
	if (ret >= 0)
		ret = gnutls_pkcs12_bag_encrypt(*out, password, cipher);
	return ret;
}

static int key_bag(gnutls_x509_privkey_t key, const char *password,
		   const char *friendly, const gnutls_datum_t *id,
		   unsigned cipher, gnutls_pkcs12_bag_t *out)
{
	gnutls_datum_t der = {NULL, 0};
	int idx, ret = gnutls_pkcs12_bag_init(out);

	if (ret >= 0)
		ret = gnutls_x509_privkey_export2_pkcs8(
		    key, GNUTLS_X509_FMT_DER, password, cipher, &der);
	if (ret >= 0)
		ret = idx = gnutls_pkcs12_bag_set_data(
		    *out, GNUTLS_BAG_PKCS8_ENCRYPTED_KEY, &der);
	if (ret >= 0)
		ret = bag_label(*out, idx, friendly, id);
	if (der.data) {
		gnutls_memset(der.data, 0, der.size);
		gnutls_free(der.data);
	}
	return ret;
}

int cd_export_pkcs12(struct cd_ctx *ctx, const gnutls_x509_crt_t *list,
		     unsigned count, gnutls_x509_privkey_t key,
		     const char *password, const char *friendly,
		     enum cd_p12_variant variant, gnutls_datum_t *out)
{
	const struct p12_variant *v = &p12_variants[variant];
	gnutls_pkcs12_t p12 = NULL;
	gnutls_pkcs12_bag_t cbag = NULL, kbag = NULL;
	unsigned char id_buf[64];
	size_t id_size = sizeof(id_buf);
	gnutls_datum_t id;
	int ret;

	out->data = NULL;
	out->size = 0;
	if (password == NULL || *password == 0)
		return cd_error(ctx, CD_E_PASSWORD,
				_("a PKCS #12 file needs a password"));
	ret = gnutls_x509_crt_get_key_id(list[0], 0, id_buf, &id_size);
	id.data = id_buf;
	id.size = (unsigned)id_size;
	if (ret >= 0)
		ret = gnutls_pkcs12_init(&p12);
	if (ret >= 0)
		ret = crt_bag(list, count, password, friendly, &id,
			      v->crt_cipher, &cbag);
	if (ret >= 0)
		ret = gnutls_pkcs12_set_bag(p12, cbag);
	if (ret >= 0 && key)
		ret =
		    key_bag(key, password, friendly, &id, v->key_cipher, &kbag);
	if (ret >= 0 && key)
		ret = gnutls_pkcs12_set_bag(p12, kbag);
	if (ret >= 0)
		ret = gnutls_pkcs12_generate_mac2(p12, v->mac, password);
	if (ret >= 0)
		ret = gnutls_pkcs12_export2(p12, GNUTLS_X509_FMT_DER, out);
	if (ret < 0)
		ret = cd_gnutls_error(ctx, ret,
				      _("cannot build the PKCS #12 "
					"file"));
	if (cbag)
		gnutls_pkcs12_bag_deinit(cbag);
	if (kbag)
		gnutls_pkcs12_bag_deinit(kbag);
	if (p12)
		gnutls_pkcs12_deinit(p12);
	return ret < 0 ? ret : 0;
}
