/* certdeck: the OCSP responder (RFC 6960) over the store's index.txt. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <gnutls/abstract.h>
#include <gnutls/crypto.h>
#include <gnutls/x509.h>
#include <libtasn1.h>

#include "error.h"
#include "file.h"
#include "i18n.h"
#include "key.h"
#include "ocsp.h"
#include "revoke.h"

#define OID_BASIC "1.3.6.1.5.5.7.48.1.1"
#define OID_NONCE "1.3.6.1.5.5.7.48.1.2"
#define REQUESTS_MAX 64 /* certificates asked about in one request */
#define NONCE_MAX 128	/* octets of the nonce's extnValue */
#define GENTIME_SIZE 16 /* YYYYMMDDHHMMSSZ and the NUL */

extern const asn1_static_node cd_ocsp_asn1_tab[];

struct cd_ocsp_responder {
	const struct cd_store *store;
	asn1_node defs;
	gnutls_privkey_t key;
	gnutls_sign_algorithm_t sign;
	gnutls_datum_t signer_der; /* the delegated signer's certificate */
	gnutls_datum_t ca_dn;	   /* the CA's subject, DER */
	gnutls_datum_t ca_key;	   /* the CA's subjectPublicKey bits */
	gnutls_datum_t responder;  /* the signer's subject, DER: byName */
	unsigned long next_update_s;
};

/* What a request asks about one certificate (its CertID, copied back). */
struct certid {
	char hash_oid[64];
	unsigned char params[64]; /* the algorithm's parameters, DER */
	int params_size;
	unsigned char name_hash[64], key_hash[64], serial[32];
	int name_hash_size, key_hash_size, serial_size;
};

const char *cd_ocsp_status_name(enum cd_ocsp_status status)
{
	static const char *const names[] = {"good", "revoked", "unknown"};

	return names[status];
}

/* index.txt's revocation field (as src/revoke.c reads it) into a
 * GeneralizedTime and a reason code (CD_REASON_NONE: none). */
static int parse_revocation(const char *field, char out[GENTIME_SIZE],
			    int *reason)
{
	struct cd_revocation r;
	struct cd_ctx scratch; /* the message is not needed: unknown */

	memset(&scratch, 0, sizeof(scratch));
	if (cd_revocation_parse(&scratch, field, &r) < 0)
		return -1;
	cd_generalized_time(r.date, out);
	*reason = r.reason;
	return 0;
}

static int asn1_fail(struct cd_ctx *ctx, int ret, const char *what)
{
	return cd_error(ctx, CD_E_CRYPTO, _("OCSP response: %s: %s"), what,
			asn1_strerror(ret));
}

/* ---- loading ------------------------------------------------------------ */

/* The subjectPublicKey bits of CRT, as CertID and ResponderID hash them. */
static int key_bits(struct cd_ctx *ctx, asn1_node defs, gnutls_x509_crt_t crt,
		    gnutls_datum_t *out)
{
	gnutls_pubkey_t pub = NULL;
	gnutls_datum_t spki = {NULL, 0};
	asn1_node node = NULL;
	int ret, len;

	ret = gnutls_pubkey_init(&pub);
	if (ret >= 0)
		ret = gnutls_pubkey_import_x509(pub, crt, 0);
	if (ret >= 0)
		ret = gnutls_pubkey_export2(pub, GNUTLS_X509_FMT_DER, &spki);
	if (ret < 0) {
		ret = cd_gnutls_error(ctx, ret, _("reading a public key"));
		goto out;
	}
	ret = asn1_create_element(defs, "CertdeckOCSP.SubjectPublicKeyInfo",
				  &node);
	if (ret == ASN1_SUCCESS)
		ret = asn1_der_decoding(&node, spki.data, (int)spki.size, NULL);
	out->data = gnutls_malloc(spki.size);
	len = (int)spki.size;
	if (ret == ASN1_SUCCESS && out->data)
		ret =
		    asn1_read_value(node, "subjectPublicKey", out->data, &len);
	if (ret != ASN1_SUCCESS || out->data == NULL) {
		ret = asn1_fail(ctx, out->data ? ret : ASN1_MEM_ERROR,
				_("reading a public key"));
		goto out;
	}
	out->size = (unsigned)(len + 7) / 8;
	ret = 0;
out:
	asn1_delete_structure(&node);
	gnutls_free(spki.data);
	gnutls_pubkey_deinit(pub);
	return ret;
}

/* The signature algorithm for KEY: its preferred hash (SHA-256 for RSA). */
static int choose_sign(struct cd_ctx *ctx, gnutls_privkey_t key,
		       gnutls_sign_algorithm_t *out)
{
	gnutls_pubkey_t pub = NULL;
	gnutls_digest_algorithm_t dig = GNUTLS_DIG_SHA256;
	int pk = gnutls_privkey_get_pk_algorithm(key, NULL), ret;

	if (pk == GNUTLS_PK_RSA_PSS)
		return cd_error(ctx, CD_E_UNSUPPORTED,
				_("an RSA-PSS signing key is not supported for "
				  "OCSP responses; use an RSA, ECDSA or EdDSA "
				  "key"));
	ret = gnutls_pubkey_init(&pub);
	if (ret >= 0)
		ret = gnutls_pubkey_import_privkey(pub, key, 0, 0);
	if (ret >= 0 && pk != GNUTLS_PK_RSA)
		ret =
		    gnutls_pubkey_get_preferred_hash_algorithm(pub, &dig, NULL);
	gnutls_pubkey_deinit(pub);
	if (ret < 0)
		return cd_gnutls_error(ctx, ret, _("reading the signing key"));
	*out = gnutls_pk_to_sign((gnutls_pk_algorithm_t)pk, dig);
	if (*out == GNUTLS_SIGN_UNKNOWN || gnutls_sign_get_oid(*out) == NULL)
		return cd_error(ctx, CD_E_UNSUPPORTED,
				_("no signature algorithm for a %s key"),
				gnutls_pk_get_name((gnutls_pk_algorithm_t)pk));
	return 0;
}

static int has_ocsp_purpose(gnutls_x509_crt_t crt)
{
	char oid[128];
	size_t size;
	unsigned i;

	for (i = 0;; i++) {
		size = sizeof(oid);
		if (gnutls_x509_crt_get_key_purpose_oid(crt, i, oid, &size,
							NULL) < 0)
			return 0;
		if (strcmp(oid, GNUTLS_KP_OCSP_SIGNING) == 0)
			return 1;
	}
}

/* Could issued/NAME.crt sign for STORE's CA: issued by it, for OCSP
 * signing, with its key beside it? */
static int can_sign(const struct cd_store *store, const char *name)
{
	char rel[512];
	char *crt_path, *key_path;
	gnutls_x509_crt_t crt = NULL;
	struct cd_ctx quiet;
	unsigned status = 1;
	int ok = 0;

	memset(&quiet, 0, sizeof(quiet));
	snprintf(rel, sizeof(rel), "issued/%s.crt", name);
	crt_path = cd_store_path(store, rel);
	snprintf(rel, sizeof(rel), "private/%s.key", name);
	key_path = cd_store_path(store, rel);
	if (crt_path && key_path && cd_file_exists(key_path) &&
	    cd_file_load_crt(&quiet, crt_path, &crt) == 0 &&
	    gnutls_x509_crt_verify(crt, &store->ca_crt, 1, 0, &status) >= 0)
		ok = status == 0 && has_ocsp_purpose(crt);
	if (crt)
		gnutls_x509_crt_deinit(crt);
	free(crt_path);
	free(key_path);
	return ok;
}

int cd_ocsp_signers(struct cd_ctx *ctx, const struct cd_store *store,
		    char ***names, size_t *count)
{
	struct cd_store_entry *e = NULL;
	size_t n = 0, i;
	int ret = cd_store_list(ctx, store, &e, &n);

	*names = NULL;
	*count = 0;
	if (ret < 0)
		return ret;
	*names = calloc(n ? n : 1, sizeof(**names));
	if (*names == NULL) {
		cd_store_entries_free(e, n);
		return cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	}
	for (i = 0; i < n; i++)
		if (e[i].name && e[i].status == 'V' &&
		    can_sign(store, e[i].name)) {
			(*names)[(*count)++] = e[i].name;
			e[i].name = NULL;
		}
	cd_store_entries_free(e, n);
	return 0;
}

/* The delegated signer NAME: issued by the CA, for OCSP signing. */
static int load_signer(struct cd_ctx *ctx, struct cd_ocsp_responder *r,
		       const char *name, const char *password,
		       gnutls_x509_crt_t *crt)
{
	char rel[512];
	char *path;
	gnutls_x509_privkey_t key = NULL;
	unsigned status = 0;
	int ret;

	ret = cd_store_name_check(ctx, name);
	if (ret < 0)
		return ret;
	snprintf(rel, sizeof(rel), "issued/%s.crt", name);
	path = cd_store_path(r->store, rel);
	if (path == NULL)
		return cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	ret = cd_file_exists(path)
		  ? cd_file_load_crt(ctx, path, crt)
		  : cd_error(ctx, CD_E_NOTFOUND,
			     _("%s does not exist; expected the name of a "
			       "certificate issued in the store"),
			     path);
	free(path);
	if (ret < 0)
		return ret;
	ret = gnutls_x509_crt_verify(*crt, &r->store->ca_crt, 1, 0, &status);
	if (ret < 0 || status != 0)
		return cd_error(ctx, CD_E_INVALID,
				_("the OCSP signer %s was not issued by the "
				  "store's CA"),
				name);
	if (!has_ocsp_purpose(*crt))
		return cd_error(ctx, CD_E_INVALID,
				_("the certificate %s lacks the OCSP signing "
				  "key purpose (ocsp_signing_key in its "
				  "template)"),
				name);
	snprintf(rel, sizeof(rel), "private/%s.key", name);
	path = cd_store_path(r->store, rel);
	if (path == NULL)
		return cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	ret = cd_key_load(ctx, path, password, &key);
	free(path);
	if (ret == 0)
		ret = cd_key_to_privkey(ctx, key, &r->key);
	if (key)
		gnutls_x509_privkey_deinit(key);
	if (ret == 0) {
		ret = gnutls_x509_crt_export2(*crt, GNUTLS_X509_FMT_DER,
					      &r->signer_der);
		if (ret < 0)
			ret = cd_gnutls_error(ctx, ret,
					      _("reading the OCSP signer"));
	}
	return ret;
}

/* The ResponderID: the signer's name, as openssl ocsp gives it (GnuTLS
 * then finds the signer by name among its trust anchors; a key hash would
 * have to match their subject key identifiers, which need not hash the
 * key as RFC 6960 does). */
static int responder_id(struct cd_ctx *ctx, struct cd_ocsp_responder *r,
			gnutls_x509_crt_t signer)
{
	int ret = gnutls_x509_crt_get_raw_dn(signer ? signer : r->store->ca_crt,
					     &r->responder);

	return ret < 0 ? cd_gnutls_error(ctx, ret, _("reading the CA's name"))
		       : 0;
}

int cd_ocsp_responder_new(struct cd_ctx *ctx, const struct cd_store *store,
			  const struct cd_ocsp_responder_params *p,
			  struct cd_ocsp_responder **out)
{
	struct cd_ocsp_responder *r;
	gnutls_x509_crt_t signer = NULL;
	char err[ASN1_MAX_ERROR_DESCRIPTION_SIZE];
	int ret;

	*out = NULL;
	if (store->ca_crt == NULL)
		return cd_error(ctx, CD_E_STORE,
				_("the store has no CA certificate yet"));
	r = calloc(1, sizeof(*r));
	if (r == NULL)
		return cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	r->store = store;
	r->next_update_s = p->next_update_s;
	ret = asn1_array2tree(cd_ocsp_asn1_tab, &r->defs, err);
	if (ret != ASN1_SUCCESS) {
		ret = cd_error(ctx, CD_E_CRYPTO, "ocsp.asn: %s", err);
		goto out;
	}
	ret = gnutls_x509_crt_get_raw_dn(store->ca_crt, &r->ca_dn);
	if (ret < 0) {
		ret = cd_gnutls_error(ctx, ret, _("reading the CA's name"));
		goto out;
	}
	ret = key_bits(ctx, r->defs, store->ca_crt, &r->ca_key);
	if (ret == 0 && p->signer)
		ret = load_signer(ctx, r, p->signer, p->password, &signer);
	else if (ret == 0)
		ret = cd_store_load_ca_key(ctx, store, p->password, &r->key);
	if (ret == 0)
		ret = responder_id(ctx, r, signer);
	if (ret == 0)
		ret = choose_sign(ctx, r->key, &r->sign);
out:
	if (signer)
		gnutls_x509_crt_deinit(signer);
	if (ret < 0)
		cd_ocsp_responder_free(r);
	else
		*out = r;
	return ret;
}

void cd_ocsp_responder_free(struct cd_ocsp_responder *r)
{
	if (r == NULL)
		return;
	asn1_delete_structure(&r->defs);
	if (r->key)
		gnutls_privkey_deinit(r->key);
	gnutls_free(r->signer_der.data);
	gnutls_free(r->ca_dn.data);
	gnutls_free(r->responder.data);
	gnutls_free(r->ca_key.data);
	free(r);
}

/* ---- reading the request ------------------------------------------------ */

static int read_field(asn1_node node, const char *name, void *buf, int size,
		      int *len)
{
	*len = size;
	return asn1_read_value(node, name, buf, len);
}

static int read_certid(asn1_node req, unsigned i, struct certid *id)
{
	static const char *const base = "tbsRequest.requestList.?%u.reqCert.%s";
	char name[128];
	int len, ret;

	memset(id, 0, sizeof(*id));
	snprintf(name, sizeof(name), base, i, "hashAlgorithm.algorithm");
	ret = read_field(req, name, id->hash_oid, sizeof(id->hash_oid), &len);
	snprintf(name, sizeof(name), base, i, "hashAlgorithm.parameters");
	if (ret == ASN1_SUCCESS &&
	    read_field(req, name, id->params, sizeof(id->params),
		       &id->params_size) != ASN1_SUCCESS)
		id->params_size = 0;
	snprintf(name, sizeof(name), base, i, "issuerNameHash");
	if (ret == ASN1_SUCCESS)
		ret = read_field(req, name, id->name_hash,
				 sizeof(id->name_hash), &id->name_hash_size);
	snprintf(name, sizeof(name), base, i, "issuerKeyHash");
	if (ret == ASN1_SUCCESS)
		ret = read_field(req, name, id->key_hash, sizeof(id->key_hash),
				 &id->key_hash_size);
	snprintf(name, sizeof(name), base, i, "serialNumber");
	if (ret == ASN1_SUCCESS)
		ret = read_field(req, name, id->serial, sizeof(id->serial),
				 &id->serial_size);
	return ret;
}

/* The nonce extension's extnValue, copied into NONCE (0 when none). */
static int read_nonce(asn1_node req, unsigned char *nonce, int *size)
{
	char name[96], oid[64];
	int n = 0, i, len;

	*size = 0;
	if (asn1_number_of_elements(req, "tbsRequest.requestExtensions", &n) !=
	    ASN1_SUCCESS)
		return 0;
	for (i = 1; i <= n; i++) {
		snprintf(name, sizeof(name),
			 "tbsRequest.requestExtensions.?%d.extnID", i);
		if (read_field(req, name, oid, sizeof(oid), &len) !=
			ASN1_SUCCESS ||
		    strcmp(oid, OID_NONCE) != 0)
			continue;
		snprintf(name, sizeof(name),
			 "tbsRequest.requestExtensions.?%d.extnValue", i);
		return read_field(req, name, nonce, NONCE_MAX, size) ==
			       ASN1_SUCCESS
			   ? 0
			   : -1;
	}
	return 0;
}

static int serial_hex(const struct certid *id, char hex[CD_SERIAL_HEX_MAX])
{
	int skip;

	if (id->serial_size < 1 || (id->serial[0] & 0x80))
		return -1; /* negative: never one of ours */
	for (skip = 0; skip + 1 < id->serial_size && id->serial[skip] == 0;
	     skip++)
		;
	if (id->serial_size - skip > 20)
		return -1;
	cd_serial_hex(id->serial, (size_t)id->serial_size, hex);
	return 0;
}

/* Is ID about a certificate of this CA (its name and key hashes)? */
static int issued_here(const struct cd_ocsp_responder *r,
		       const struct certid *id)
{
	int dig = gnutls_oid_to_digest(id->hash_oid);
	unsigned char h[64];
	int len;

	if (dig <= 0)
		return 0;
	len = (int)gnutls_hash_get_len((gnutls_digest_algorithm_t)dig);
	if (len <= 0 || len > (int)sizeof(h) || len != id->name_hash_size ||
	    len != id->key_hash_size)
		return 0;
	if (gnutls_hash_fast((gnutls_digest_algorithm_t)dig, r->ca_dn.data,
			     r->ca_dn.size, h) < 0 ||
	    memcmp(h, id->name_hash, (size_t)len) != 0)
		return 0;
	return gnutls_hash_fast((gnutls_digest_algorithm_t)dig, r->ca_key.data,
				r->ca_key.size, h) == 0 &&
	       memcmp(h, id->key_hash, (size_t)len) == 0;
}

/* ---- writing the response ---------------------------------------------- */

struct writer {
	asn1_node node;
	int ret;
	const char *failed; /* the element that could not be written */
};

static void put(struct writer *w, const char *name, const void *value, int len)
{
	int ret;

	if (w->ret != ASN1_SUCCESS)
		return;
	ret = asn1_write_value(w->node, name, value, len);
	if (ret != ASN1_SUCCESS) {
		w->ret = ret;
		w->failed = name;
	}
}

static void put_certid(struct writer *w, const char *base,
		       const struct certid *id)
{
	char name[128];

	snprintf(name, sizeof(name), "%s.hashAlgorithm.algorithm", base);
	put(w, name, id->hash_oid, 1);
	snprintf(name, sizeof(name), "%s.hashAlgorithm.parameters", base);
	put(w, name, id->params_size ? id->params : NULL, id->params_size);
	snprintf(name, sizeof(name), "%s.issuerNameHash", base);
	put(w, name, id->name_hash, id->name_hash_size);
	snprintf(name, sizeof(name), "%s.issuerKeyHash", base);
	put(w, name, id->key_hash, id->key_hash_size);
	snprintf(name, sizeof(name), "%s.serialNumber", base);
	put(w, name, id->serial, id->serial_size);
}

/* The status of ID in INDEX, written as the last SingleResponse. */
static void put_single(struct writer *w, const struct cd_ocsp_responder *r,
		       const struct cd_index *index, const struct certid *id,
		       time_t now, enum cd_ocsp_status *status, int *reason,
		       char hex[CD_SERIAL_HEX_MAX])
{
	static const char *const base = "tbsResponseData.responses.?LAST";
	const struct cd_index_entry *e = NULL;
	char name[96], when[GENTIME_SIZE], revoked[GENTIME_SIZE];

	*status = CD_OCSP_UNKNOWN;
	*reason = -1;
	strcpy(hex, "?");
	if (serial_hex(id, hex) == 0 && issued_here(r, id))
		e = cd_index_find(index, hex);
	if (e && e->status == 'R' &&
	    parse_revocation(e->revocation, revoked, reason) == 0)
		*status = CD_OCSP_REVOKED;
	else if (e && e->status != 'R')
		*status = CD_OCSP_GOOD;
	put(w, "tbsResponseData.responses", "NEW", 1);
	put_certid(w, "tbsResponseData.responses.?LAST.certID", id);
	snprintf(name, sizeof(name), "%s.certStatus", base);
	put(w, name, cd_ocsp_status_name(*status), 1);
	if (*status == CD_OCSP_REVOKED) {
		snprintf(name, sizeof(name),
			 "%s.certStatus.revoked.revocationTime", base);
		put(w, name, revoked, (int)strlen(revoked));
		snprintf(name, sizeof(name),
			 "%s.certStatus.revoked.revocationReason", base);
		if (*reason >= 0)
			put(w, name, cd_reason_name(*reason), 0);
		else
			put(w, name, NULL, 0);
	}
	cd_generalized_time(now, when);
	snprintf(name, sizeof(name), "%s.thisUpdate", base);
	put(w, name, when, (int)strlen(when));
	cd_generalized_time(now + (time_t)r->next_update_s, when);
	snprintf(name, sizeof(name), "%s.nextUpdate", base);
	put(w, name, r->next_update_s ? when : NULL,
	    r->next_update_s ? (int)strlen(when) : 0);
	snprintf(name, sizeof(name), "%s.singleExtensions", base);
	put(w, name, NULL, 0);
}

static void put_nonce(struct writer *w, const unsigned char *nonce, int size)
{
	static const char *const ext = "tbsResponseData.responseExtensions";

	if (size == 0) {
		put(w, ext, NULL, 0);
		return;
	}
	put(w, ext, "NEW", 1);
	put(w, "tbsResponseData.responseExtensions.?LAST.extnID", OID_NONCE, 1);
	put(w, "tbsResponseData.responseExtensions.?LAST.extnValue", nonce,
	    size);
}

static int der_of(struct cd_ctx *ctx, asn1_node node, const char *name,
		  gnutls_datum_t *out)
{
	return cd_der_encode(ctx, node, name, _("OCSP response"), out);
}

/* Sign the tbsResponseData in W, fill in the rest, and encode. */
static int sign_basic(struct cd_ctx *ctx, const struct cd_ocsp_responder *r,
		      struct writer *w, gnutls_datum_t *out)
{
	static const unsigned char der_null[] = {0x05, 0x00};
	gnutls_datum_t tbs = {NULL, 0}, sig = {NULL, 0};
	int rsa = gnutls_sign_get_pk_algorithm(r->sign) == GNUTLS_PK_RSA;
	int ret = w->ret == ASN1_SUCCESS
		      ? der_of(ctx, w->node, "tbsResponseData", &tbs)
		      : asn1_fail(ctx, w->ret, w->failed);

	if (ret == 0) {
		ret = gnutls_privkey_sign_data2(r->key, r->sign, 0, &tbs, &sig);
		if (ret < 0)
			ret = cd_gnutls_error(ctx, ret,
					      _("signing the OCSP response"));
	}
	if (ret < 0)
		goto out;
	put(w, "signatureAlgorithm.algorithm", gnutls_sign_get_oid(r->sign), 1);
	put(w, "signatureAlgorithm.parameters", rsa ? der_null : NULL,
	    rsa ? (int)sizeof(der_null) : 0);
	put(w, "signature", sig.data, (int)sig.size * 8);
	if (r->signer_der.size) {
		put(w, "certs", "NEW", 1);
		put(w, "certs.?LAST", r->signer_der.data,
		    (int)r->signer_der.size);
	} else {
		put(w, "certs", NULL, 0);
	}
	ret = w->ret == ASN1_SUCCESS ? der_of(ctx, w->node, "", out)
				     : asn1_fail(ctx, w->ret, w->failed);
out:
	gnutls_free(tbs.data);
	gnutls_free(sig.data);
	return ret;
}

/* The BasicOCSPResponse for the parsed request REQ (N certificates). */
static int basic_response(struct cd_ctx *ctx, struct cd_ocsp_responder *r,
			  asn1_node req, int n, struct cd_ocsp_answer *a,
			  gnutls_datum_t *out)
{
	struct writer w = {NULL, ASN1_SUCCESS, NULL};
	struct cd_index index;
	struct certid id;
	unsigned char nonce[NONCE_MAX];
	char when[GENTIME_SIZE], hex[CD_SERIAL_HEX_MAX];
	enum cd_ocsp_status status;
	time_t now = cd_ctx_now(ctx);
	int nonce_size, reason, i, ret;

	memset(&index, 0, sizeof(index));
	ret = cd_index_load(ctx, r->store, &index);
	if (ret < 0)
		return ret;
	ret = asn1_create_element(r->defs, "CertdeckOCSP.BasicOCSPResponse",
				  &w.node);
	if (ret != ASN1_SUCCESS) {
		ret = asn1_fail(ctx, ret, "BasicOCSPResponse");
		goto out;
	}
	cd_generalized_time(now, when);
	put(&w, "tbsResponseData.responderID", "byName", 1);
	put(&w, "tbsResponseData.responderID.byName", r->responder.data,
	    (int)r->responder.size);
	put(&w, "tbsResponseData.producedAt", when, (int)strlen(when));
	for (i = 1; i <= n && w.ret == ASN1_SUCCESS; i++) {
		if (read_certid(req, (unsigned)i, &id) != ASN1_SUCCESS) {
			ret = cd_error(ctx, CD_E_PARSE,
				       _("request %d: unreadable CertID"), i);
			goto out;
		}
		put_single(&w, r, &index, &id, now, &status, &reason, hex);
		if (i == 1) {
			a->status = status;
			a->reason = reason;
			snprintf(a->serial, sizeof(a->serial), "%s", hex);
		}
	}
	if (read_nonce(req, nonce, &nonce_size) < 0) {
		ret = cd_error(ctx, CD_E_PARSE, _("the nonce is too long"));
		goto out;
	}
	a->nonce = nonce_size > 0;
	put_nonce(&w, nonce, nonce_size);
	ret = sign_basic(ctx, r, &w, out);
out:
	asn1_delete_structure(&w.node);
	cd_index_free(&index);
	return ret;
}

/* The OCSPResponse: STATUS, with BASIC when successful. */
static int wrap_response(struct cd_ctx *ctx, struct cd_ocsp_responder *r,
			 const char *status, const gnutls_datum_t *basic,
			 gnutls_datum_t *out)
{
	struct writer w = {NULL, ASN1_SUCCESS, NULL};
	int ret;

	ret =
	    asn1_create_element(r->defs, "CertdeckOCSP.OCSPResponse", &w.node);
	if (ret != ASN1_SUCCESS)
		return asn1_fail(ctx, ret, "OCSPResponse");
	put(&w, "responseStatus", status, 0);
	if (basic) {
		put(&w, "responseBytes.responseType", OID_BASIC, 1);
		put(&w, "responseBytes.response", basic->data,
		    (int)basic->size);
	} else {
		put(&w, "responseBytes", NULL, 0);
	}
	ret = w.ret == ASN1_SUCCESS ? der_of(ctx, w.node, "", out)
				    : asn1_fail(ctx, w.ret, w.failed);
	asn1_delete_structure(&w.node);
	return ret;
}

/* Parse REQ; 0, or -1 with A->why saying what is wrong. */
static int parse_request(struct cd_ocsp_responder *r, const unsigned char *der,
			 size_t size, asn1_node *req, int *n,
			 struct cd_ocsp_answer *a)
{
	char err[ASN1_MAX_ERROR_DESCRIPTION_SIZE] = "";
	int len = (int)size, ret;

	if (size == 0 || size > (1u << 20)) {
		snprintf(a->why, sizeof(a->why), "%s",
			 _("empty or oversized request"));
		return -1;
	}
	ret = asn1_create_element(r->defs, "CertdeckOCSP.OCSPRequest", req);
	if (ret == ASN1_SUCCESS)
		ret = asn1_der_decoding2(req, der, &len, 0, err);
	if (ret != ASN1_SUCCESS || len != (int)size) {
		snprintf(a->why, sizeof(a->why), _("not an OCSP request (%s)"),
			 ret != ASN1_SUCCESS ? asn1_strerror(ret)
					     : _("trailing data"));
		return -1;
	}
	if (asn1_number_of_elements(*req, "tbsRequest.requestList", n) !=
		ASN1_SUCCESS ||
	    *n < 1 || *n > REQUESTS_MAX) {
		snprintf(a->why, sizeof(a->why),
			 _("a request must ask about 1 to %d certificates"),
			 REQUESTS_MAX);
		return -1;
	}
	return 0;
}

int cd_ocsp_respond(struct cd_ctx *ctx, struct cd_ocsp_responder *r,
		    const unsigned char *req_der, size_t req_size,
		    gnutls_datum_t *out, struct cd_ocsp_answer *a)
{
	gnutls_datum_t basic = {NULL, 0};
	asn1_node req = NULL;
	int n = 0, ret, wrapped;

	memset(a, 0, sizeof(a[0]));
	a->reason = -1;
	out->data = NULL;
	out->size = 0;
	if (parse_request(r, req_der, req_size, &req, &n, a) < 0) {
		a->response_status = 1;
		ret = wrap_response(ctx, r, "malformedRequest", NULL, out);
		goto out;
	}
	a->count = (size_t)n;
	ret = basic_response(ctx, r, req, n, a, &basic);
	if (ret == 0) {
		ret = wrap_response(ctx, r, "successful", &basic, out);
		goto out;
	}
	/* say internalError, keeping the context's message */
	a->response_status = 2;
	gnutls_free(out->data);
	out->data = NULL;
	wrapped = wrap_response(ctx, r, "internalError", NULL, out);
	(void)wrapped;
out:
	asn1_delete_structure(&req);
	gnutls_free(basic.data);
	return ret;
}
