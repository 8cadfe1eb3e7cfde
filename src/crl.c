/* certdeck: a CRL with reasons and invalidity dates, encoded with
 * libtasn1 and signed with the CA key (see crl.h). */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libtasn1.h>

#include "error.h"
#include "file.h"
#include "i18n.h"
#include "crl.h"
#include "revoke.h"

extern const asn1_static_node cd_crl_asn1_tab[];

#define OID_CRL_NUMBER "2.5.29.20"
#define OID_CRL_REASON "2.5.29.21"
#define OID_INVALIDITY_DATE "2.5.29.24"
#define OID_AUTHORITY_KEY_ID "2.5.29.35"
#define NUMBER_MAX 20 /* octets of a CRL number (RFC 5280 5.2.3) */

struct crl_build {
	asn1_node defs, tbs;
	gnutls_x509_crt_t ca;
	gnutls_sign_algorithm_t sign;
	unsigned char number[NUMBER_MAX + 1]; /* big-endian, sign octet */
	size_t number_len;
	time_t now;
	long days;
	size_t entries;
};

static int asn1_fail(struct cd_ctx *ctx, int ret, const char *what)
{
	return cd_error(ctx, CD_E_CRYPTO, _("encoding the CRL (%s): %s"), what,
			asn1_strerror(ret));
}

/* DER of the element NODE into OUT (gnutls_free it). */
static int der_of(struct cd_ctx *ctx, asn1_node node, gnutls_datum_t *out)
{
	return cd_der_encode(ctx, node, "", _("encoding the CRL"), out);
}

/* The DER of a small value of TYPE (CRLNumber, CRLReason...) */
static int encode_value(struct cd_ctx *ctx, struct crl_build *b,
			const char *type, const void *value, int len,
			gnutls_datum_t *out)
{
	asn1_node node = NULL;
	int ret = asn1_create_element(b->defs, type, &node);

	if (ret == ASN1_SUCCESS)
		ret = asn1_write_value(node, "", value, len);
	ret = ret == ASN1_SUCCESS ? der_of(ctx, node, out)
				  : asn1_fail(ctx, ret, type);
	asn1_delete_structure(&node);
	return ret;
}

/* A Time at NAME: UTCTime before 2050, GeneralizedTime from 2050. */
static int write_time(asn1_node node, const char *name, time_t t)
{
	char path[128], text[16];
	int general, ret;

	cd_asn1_time(t, text);
	general = strlen(text) == 15;
	ret = asn1_write_value(node, name, general ? "generalTime" : "utcTime",
			       1);
	snprintf(path, sizeof(path), "%s.%s", name,
		 general ? "generalTime" : "utcTime");
	return ret == ASN1_SUCCESS
		   ? asn1_write_value(node, path, text, (int)strlen(text))
		   : ret;
}

/* Append an extension to the SEQUENCE OF Extension at LIST. */
static int add_extension(asn1_node node, const char *list, const char *oid,
			 const gnutls_datum_t *value)
{
	char path[160];
	int ret = asn1_write_value(node, list, "NEW", 1);

	snprintf(path, sizeof(path), "%s.?LAST.extnID", list);
	if (ret == ASN1_SUCCESS)
		ret = asn1_write_value(node, path, oid, 1);
	snprintf(path, sizeof(path), "%s.?LAST.critical", list);
	if (ret == ASN1_SUCCESS) /* DEFAULT FALSE: left out of the DER */
		ret = asn1_write_value(node, path, "FALSE", 1);
	snprintf(path, sizeof(path), "%s.?LAST.extnValue", list);
	if (ret == ASN1_SUCCESS)
		ret =
		    asn1_write_value(node, path, value->data, (int)value->size);
	return ret;
}

/* HEX (index.txt's serial) as a positive INTEGER's octets. */
static size_t hex_to_integer(const char *hex, unsigned char *out)
{
	size_t n = strlen(hex) / 2, i, o = 0;
	unsigned v;

	for (i = 0; i < n; i++) {
		sscanf(hex + 2 * i, "%2x", &v);
		if (o == 0 && v & 0x80)
			out[o++] = 0;
		out[o++] = (unsigned char)v;
	}
	return o;
}

static int add_entry_extensions(struct cd_ctx *ctx, struct crl_build *b,
				const struct cd_revocation *r)
{
	const char *list = "revokedCertificates.?LAST.crlEntryExtensions";
	gnutls_datum_t v = {NULL, 0};
	char text[16];
	int ret = 0;

	/* RFC 5280 5.3.1: unspecified is said by leaving the reason out. */
	if (r->reason > CD_REASON_UNSPECIFIED) {
		snprintf(text, sizeof(text), "%d", r->reason);
		ret =
		    encode_value(ctx, b, "CertdeckCRL.CRLReason", text, 0, &v);
		if (ret == 0 &&
		    (ret = add_extension(b->tbs, list, OID_CRL_REASON, &v)) !=
			ASN1_SUCCESS)
			ret = asn1_fail(ctx, ret, "reasonCode");
		gnutls_free(v.data);
		v.data = NULL;
	}
	if (ret == 0 && r->has_invalidity) {
		cd_generalized_time(r->invalidity, text);
		ret = encode_value(ctx, b, "CertdeckCRL.InvalidityDate", text,
				   (int)strlen(text), &v);
		if (ret == 0 &&
		    (ret = add_extension(b->tbs, list, OID_INVALIDITY_DATE,
					 &v)) != ASN1_SUCCESS)
			ret = asn1_fail(ctx, ret, "invalidityDate");
		gnutls_free(v.data);
	}
	if (ret == 0 && r->reason <= CD_REASON_UNSPECIFIED &&
	    !r->has_invalidity &&
	    (ret = asn1_write_value(b->tbs, list, NULL, 0)) != ASN1_SUCCESS)
		ret = asn1_fail(ctx, ret, "crlEntryExtensions");
	return ret;
}

static int add_entry(struct cd_ctx *ctx, struct crl_build *b,
		     const struct cd_index_entry *e)
{
	const char *base = "revokedCertificates.?LAST";
	struct cd_revocation r;
	unsigned char serial[CD_SERIAL_HEX_MAX];
	char path[96];
	int ret = cd_revocation_parse(ctx, e->revocation, &r);

	if (ret < 0)
		return ret;
	ret = asn1_write_value(b->tbs, "revokedCertificates", "NEW", 1);
	snprintf(path, sizeof(path), "%s.userCertificate", base);
	if (ret == ASN1_SUCCESS)
		ret = asn1_write_value(b->tbs, path, serial,
				       (int)hex_to_integer(e->serial, serial));
	snprintf(path, sizeof(path), "%s.revocationDate", base);
	if (ret == ASN1_SUCCESS)
		ret = write_time(b->tbs, path, r.date);
	if (ret != ASN1_SUCCESS)
		return asn1_fail(ctx, ret, e->serial);
	b->entries++;
	return add_entry_extensions(ctx, b, &r);
}

static int add_entries(struct cd_ctx *ctx, struct crl_build *b,
		       const struct cd_index *index)
{
	size_t i;
	int ret = 0;

	for (i = 0; i < index->count && ret == 0; i++)
		if (index->entries[i].status == 'R')
			ret = add_entry(ctx, b, &index->entries[i]);
	if (ret == 0 && b->entries == 0 &&
	    (ret = asn1_write_value(b->tbs, "revokedCertificates", NULL, 0)) !=
		ASN1_SUCCESS)
		ret = asn1_fail(ctx, ret, "revokedCertificates");
	return ret;
}

/* The DER of the authority key identifier: the CA's subject key
 * identifier (or its key id when it has none). */
static int aki_value(struct cd_ctx *ctx, struct crl_build *b, gnutls_datum_t *v)
{
	unsigned char id[64];
	size_t id_size = sizeof(id);
	asn1_node aki = NULL;
	int ret = gnutls_x509_crt_get_subject_key_id(b->ca, id, &id_size, NULL);

	if (ret < 0) {
		id_size = sizeof(id);
		ret = gnutls_x509_crt_get_key_id(b->ca, 0, id, &id_size);
	}
	if (ret < 0)
		return cd_gnutls_error(ctx, ret, _("reading the CA's key id"));
	ret = asn1_create_element(b->defs, "CertdeckCRL.AuthorityKeyIdentifier",
				  &aki);
	if (ret == ASN1_SUCCESS)
		ret = asn1_write_value(aki, "keyIdentifier", id, (int)id_size);
	ret = ret == ASN1_SUCCESS ? der_of(ctx, aki, v)
				  : asn1_fail(ctx, ret, "AKI");
	asn1_delete_structure(&aki);
	return ret;
}

/* The authority key identifier and the CRL number. */
static int add_crl_extensions(struct cd_ctx *ctx, struct crl_build *b)
{
	gnutls_datum_t v = {NULL, 0};
	int ret = aki_value(ctx, b, &v);

	if (ret == 0 &&
	    (ret = add_extension(b->tbs, "crlExtensions", OID_AUTHORITY_KEY_ID,
				 &v)) != ASN1_SUCCESS)
		ret = asn1_fail(ctx, ret, "authorityKeyIdentifier");
	gnutls_free(v.data);
	v.data = NULL;
	if (ret == 0)
		ret = encode_value(ctx, b, "CertdeckCRL.CRLNumber", b->number,
				   (int)b->number_len, &v);
	if (ret == 0 &&
	    (ret = add_extension(b->tbs, "crlExtensions", OID_CRL_NUMBER,
				 &v)) != ASN1_SUCCESS)
		ret = asn1_fail(ctx, ret, "cRLNumber");
	gnutls_free(v.data);
	return ret;
}

/* The signature algorithm for KEY: the hash the CA's key prefers. */
static int pick_algorithm(struct cd_ctx *ctx, struct crl_build *b,
			  gnutls_privkey_t key)
{
	gnutls_pubkey_t pub = NULL;
	gnutls_digest_algorithm_t hash = GNUTLS_DIG_SHA256;
	int pk = gnutls_privkey_get_pk_algorithm(key, NULL);
	int ret = gnutls_pubkey_init(&pub);

	if (ret == 0)
		ret = gnutls_pubkey_import_x509(pub, b->ca, 0);
	if (ret == 0)
		ret = gnutls_pubkey_get_preferred_hash_algorithm(pub, &hash,
								 NULL);
	gnutls_pubkey_deinit(pub);
	if (ret < 0)
		return cd_gnutls_error(ctx, ret, _("reading the CA's key"));
	if (pk == GNUTLS_PK_RSA_PSS)
		return cd_error(ctx, CD_E_UNSUPPORTED,
				_("certdeck cannot sign a CRL with an RSA-PSS "
				  "CA key"));
	b->sign = gnutls_pk_to_sign((gnutls_pk_algorithm_t)pk, hash);
	if (b->sign == GNUTLS_SIGN_UNKNOWN ||
	    gnutls_sign_get_oid(b->sign) == NULL)
		return cd_error(ctx, CD_E_UNSUPPORTED,
				_("no signature algorithm for the CA's key"));
	return 0;
}

/* An AlgorithmIdentifier at NAME: RSA's parameters are NULL, the others'
 * absent (RFC 3279, RFC 5758, RFC 8410). */
static int write_algorithm(asn1_node node, const char *name,
			   gnutls_sign_algorithm_t sign)
{
	char path[96];
	int rsa = gnutls_sign_get_pk_algorithm(sign) == GNUTLS_PK_RSA;
	int ret;

	snprintf(path, sizeof(path), "%s.algorithm", name);
	ret = asn1_write_value(node, path, gnutls_sign_get_oid(sign), 1);
	snprintf(path, sizeof(path), "%s.parameters", name);
	if (ret == ASN1_SUCCESS)
		ret = asn1_write_value(node, path, rsa ? "\x05\x00" : NULL,
				       rsa ? 2 : 0);
	return ret;
}

static int build_tbs(struct cd_ctx *ctx, struct crl_build *b,
		     const struct cd_index *index)
{
	gnutls_datum_t issuer = {NULL, 0};
	int ret =
	    asn1_create_element(b->defs, "CertdeckCRL.TBSCertList", &b->tbs);

	if (ret == ASN1_SUCCESS)
		ret = asn1_write_value(b->tbs, "version", "1", 0); /* v2 */
	if (ret == ASN1_SUCCESS)
		ret = write_algorithm(b->tbs, "signature", b->sign);
	if (ret == ASN1_SUCCESS &&
	    (ret = gnutls_x509_crt_get_raw_dn(b->ca, &issuer)) < 0)
		return cd_gnutls_error(ctx, ret, _("reading the CA's name"));
	if (ret == ASN1_SUCCESS)
		ret = asn1_write_value(b->tbs, "issuer", issuer.data,
				       (int)issuer.size);
	gnutls_free(issuer.data);
	if (ret == ASN1_SUCCESS)
		ret = write_time(b->tbs, "thisUpdate", b->now);
	if (ret == ASN1_SUCCESS)
		ret = write_time(b->tbs, "nextUpdate",
				 b->now + (time_t)b->days * 86400);
	if (ret != ASN1_SUCCESS)
		return asn1_fail(ctx, ret, "TBSCertList");
	ret = add_entries(ctx, b, index);
	return ret == 0 ? add_crl_extensions(ctx, b) : ret;
}

/* TBS signed by KEY, as a CertificateList in PEM. */
static int sign_crl(struct cd_ctx *ctx, struct crl_build *b,
		    gnutls_privkey_t key, gnutls_datum_t *pem)
{
	gnutls_datum_t tbs = {NULL, 0}, sig = {NULL, 0}, der = {NULL, 0};
	asn1_node list = NULL;
	int ret = der_of(ctx, b->tbs, &tbs);

	if (ret < 0)
		return ret;
	ret = gnutls_privkey_sign_data2(key, b->sign, 0, &tbs, &sig);
	if (ret < 0) {
		ret = cd_gnutls_error(ctx, ret, _("signing the CRL"));
		goto out;
	}
	ret =
	    asn1_create_element(b->defs, "CertdeckCRL.CertificateList", &list);
	if (ret == ASN1_SUCCESS)
		ret = asn1_write_value(list, "tbsCertList", tbs.data,
				       (int)tbs.size);
	if (ret == ASN1_SUCCESS)
		ret = write_algorithm(list, "signatureAlgorithm", b->sign);
	if (ret == ASN1_SUCCESS)
		ret = asn1_write_value(list, "signature", sig.data,
				       (int)sig.size * 8);
	ret = ret == ASN1_SUCCESS ? der_of(ctx, list, &der)
				  : asn1_fail(ctx, ret, "CertificateList");
	if (ret == 0 &&
	    (ret = gnutls_pem_base64_encode2("X509 CRL", &der, pem)) < 0)
		ret = cd_gnutls_error(ctx, ret, _("writing the CRL"));
out:
	asn1_delete_structure(&list);
	gnutls_free(tbs.data);
	gnutls_free(sig.data);
	gnutls_free(der.data);
	return ret;
}

/* GnuTLS reads the CRL back and checks its signature with the CA. */
static int crl_self_check(struct cd_ctx *ctx, const struct crl_build *b,
			  const gnutls_datum_t *pem)
{
	gnutls_x509_crl_t crl = NULL;
	unsigned verify = 0;
	int ret = gnutls_x509_crl_init(&crl);

	if (ret == 0)
		ret = gnutls_x509_crl_import(crl, pem, GNUTLS_X509_FMT_PEM);
	if (ret == 0)
		ret = gnutls_x509_crl_verify(crl, (gnutls_x509_crt_t *)&b->ca,
					     1, 0, &verify);
	gnutls_x509_crl_deinit(crl);
	if (ret < 0)
		return cd_gnutls_error(ctx, ret,
				       _("reading back the CRL just signed"));
	if (verify != 0)
		return cd_error(ctx, CD_E_CRYPTO,
				_("the CRL just signed does not verify with "
				  "ca.crt: is private/ca.key the CA's key?"));
	return 0;
}

/* crlnumber: the number of the next CRL in hex (openssl ca's file);
 * 01 when missing. */
static int read_number(struct cd_ctx *ctx, struct cd_store *store,
		       struct crl_build *b)
{
	char *path = cd_store_path(store, "crlnumber");
	char line[2 * NUMBER_MAX + 4] = "01", hex[CD_SERIAL_HEX_MAX];
	FILE *f = path ? fopen(path, "re") : NULL;
	size_t n;

	if (f && fgets(line, sizeof(line), f) == NULL)
		line[0] = '\0';
	if (f)
		fclose(f);
	n = strspn(line, "0123456789abcdefABCDEF");
	line[n] = '\0';
	if (n == 0 || n > 2 * NUMBER_MAX) {
		cd_error(ctx, CD_E_STORE,
			 _("%s: not a CRL number in hex; write the next "
			   "number there (01 to start again)"),
			 path ? path : "crlnumber");
		free(path);
		return CD_E_STORE;
	}
	free(path);
	snprintf(hex, sizeof(hex), "%s%s", n % 2 ? "0" : "", line);
	b->number_len = hex_to_integer(hex, b->number);
	return 0;
}

/* The number after B's, in hex with a newline, as openssl writes it. */
static void next_number(const struct crl_build *b, char *out)
{
	unsigned char n[NUMBER_MAX + 2];
	size_t len = b->number_len, i;

	memcpy(n + 1, b->number, len);
	n[0] = 0;
	for (i = len; i > 0; i--)
		if (++n[i] != 0)
			break;
	if (i == 0)
		n[0] = 1;
	cd_serial_hex(n, len + 1, out);
	strcat(out, "\n");
}

/* The magnitude of big-endian N (LEN octets) against M's: <0, 0, >0. */
static int number_cmp(const unsigned char *n, size_t len,
		      const unsigned char *m, size_t mlen)
{
	while (len > 0 && *n == 0)
		n++, len--;
	while (mlen > 0 && *m == 0)
		m++, mlen--;
	if (len != mlen)
		return len < mlen ? -1 : 1;
	return len ? memcmp(n, m, len) : 0;
}

/* CRL numbers only grow (RFC 5280 5.2.3): when crlnumber is not above the
 * number of the CRL in crl.pem (crlnumber reset, or lost), the CRL takes
 * the number after crl.pem's, and says so. */
static void number_after_published(struct cd_ctx *ctx, struct cd_store *store,
				   struct crl_build *b)
{
	struct cd_ctx scratch = *ctx; /* a CRL that cannot be read: none */
	gnutls_x509_crl_t crl = NULL;
	unsigned char num[NUMBER_MAX + 1];
	size_t size = sizeof(num) - 1;
	struct crl_build last;
	char hex[2 * NUMBER_MAX + 8], was[2 * NUMBER_MAX + 8];
	unsigned critical;

	if (cd_crl_load_published(&scratch, store, &crl) < 0 || crl == NULL ||
	    gnutls_x509_crl_get_number(crl, num + 1, &size, &critical) < 0 ||
	    number_cmp(b->number, b->number_len, num + 1, size) > 0)
		goto out;
	memset(&last, 0, sizeof(last));
	num[0] = 0;
	memcpy(last.number, num, size + 1);
	last.number_len = size + 1;
	next_number(&last, hex);
	hex[strcspn(hex, "\n")] = '\0';
	cd_serial_hex(b->number, b->number_len, was);
	cd_warn(ctx,
		_("crlnumber (%s) is not above the number of crl.pem: the "
		  "new CRL takes %s, so that CRL numbers only grow"),
		was, hex);
	b->number_len = hex_to_integer(hex, b->number);
out:
	if (crl)
		gnutls_x509_crl_deinit(crl);
}

static int crl_commit(struct cd_ctx *ctx, struct cd_store *store,
		      const struct crl_build *b, const gnutls_datum_t *pem)
{
	char next[2 * NUMBER_MAX + 8];
	struct cd_store_file files[2] = {
	    {"crl.pem", *pem, 0644},
	    {"crlnumber", {(unsigned char *)next, 0}, 0644},
	};

	next_number(b, next);
	files[1].data.size = (unsigned)strlen(next);
	return cd_store_replace_files(ctx, store, files, 2);
}

static void fill_info(const struct crl_build *b, struct cd_crl_info *info)
{
	cd_serial_hex(b->number, b->number_len, info->number);
	info->entries = b->entries;
	info->this_update = b->now;
	info->next_update = b->now + (time_t)b->days * 86400;
}

int cd_crl_make(struct cd_ctx *ctx, struct cd_store *store,
		gnutls_privkey_t key, long days, struct cd_crl_info *info)
{
	char err[ASN1_MAX_ERROR_DESCRIPTION_SIZE];
	struct cd_index index = {NULL, 0, NULL};
	gnutls_datum_t pem = {NULL, 0};
	struct crl_build b;
	int ret;

	memset(&b, 0, sizeof(b));
	memset(info, 0, sizeof(*info));
	b.ca = store->ca_crt;
	b.now = cd_ctx_now(ctx);
	b.days = days;
	if (b.ca == NULL)
		return cd_error(ctx, CD_E_STORE,
				_("%s: no ca.crt yet: install the CA "
				  "certificate first"),
				store->dir);
	if (gnutls_x509_crt_get_expiration_time(b.ca) <= b.now)
		cd_warn(ctx, _("the CA's certificate has expired: its CRLs "
			       "are not accepted; renew the CA (certdeck "
			       "renew --ca)"));
	ret = asn1_array2tree(cd_crl_asn1_tab, &b.defs, err);
	if (ret != ASN1_SUCCESS)
		return cd_error(ctx, CD_E_CRYPTO, "%s", err);
	ret = cd_store_lock(ctx, store);
	if (ret < 0)
		goto out;
	ret = read_number(ctx, store, &b);
	if (ret == 0)
		number_after_published(ctx, store, &b);
	if (ret == 0)
		ret = cd_index_read(ctx, store, &index);
	if (ret == 0)
		ret = pick_algorithm(ctx, &b, key);
	if (ret == 0)
		ret = build_tbs(ctx, &b, &index);
	if (ret == 0)
		ret = sign_crl(ctx, &b, key, &pem);
	if (ret == 0)
		ret = crl_self_check(ctx, &b, &pem);
	if (ret == 0)
		ret = crl_commit(ctx, store, &b, &pem);
	if (ret == 0)
		fill_info(&b, info);
	cd_store_unlock(store);
out:
	gnutls_free(pem.data);
	cd_index_free(&index);
	asn1_delete_structure(&b.tbs);
	asn1_delete_structure(&b.defs);
	return ret;
}

int cd_crl_default_days(struct cd_ctx *ctx, const struct cd_store *store,
			long *days)
{
	struct cd_cert_params params;
	int ret;

	*days = CD_CRL_DEFAULT_DAYS;
	cd_profile_init(&params);
	ret = cd_store_load_profile(ctx, store, "ca", &params);
	if (ret == 0 && params.crl_next_update.set)
		*days = params.crl_next_update.v;
	cd_profile_free(&params);
	return ret;
}

int cd_crl_publish(struct cd_ctx *ctx, struct cd_store *store,
		   const char *password, struct cd_crl_info *info)
{
	gnutls_privkey_t key = NULL;
	long days;
	int ret = cd_crl_default_days(ctx, store, &days);

	if (ret == 0)
		ret = cd_store_load_ca_key(ctx, store, password, &key);
	if (ret == 0)
		ret = cd_crl_make(ctx, store, key, days, info);
	if (key)
		gnutls_privkey_deinit(key);
	return ret;
}

int cd_crl_load_published(struct cd_ctx *ctx, const struct cd_store *store,
			  gnutls_x509_crl_t *out)
{
	char *path = cd_store_path(store, "crl.pem");
	gnutls_datum_t data = {NULL, 0};
	gnutls_x509_crl_t crl = NULL;
	int ret;

	*out = NULL;
	if (path == NULL)
		return cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	if (!cd_file_exists(path)) {
		free(path);
		return 0;
	}
	ret = cd_file_read(ctx, path, 0, &data);
	if (ret == 0 && (ret = gnutls_x509_crl_init(&crl)) >= 0)
		ret = gnutls_x509_crl_import(crl, &data,
					     cd_file_is_pem(&data, "X509 CRL")
						 ? GNUTLS_X509_FMT_PEM
						 : GNUTLS_X509_FMT_DER);
	if (ret < 0 && crl)
		ret = cd_gnutls_error(ctx, ret, _("%s: not a readable CRL"),
				      path);
	if (ret < 0 && crl) {
		gnutls_x509_crl_deinit(crl);
		crl = NULL;
	}
	*out = crl;
	gnutls_free(data.data);
	free(path);
	return ret < 0 ? ret : 0;
}

int cd_crl_next_update(struct cd_ctx *ctx, const struct cd_store *store,
		       int *present, time_t *next)
{
	char *path = cd_store_path(store, "crl.pem");
	gnutls_x509_crl_t crl = NULL;
	int ret;

	*present = path != NULL && cd_file_exists(path);
	free(path);
	ret = cd_crl_load_published(ctx, store, &crl);
	if (ret == 0 && crl)
		*next = gnutls_x509_crl_get_next_update(crl);
	if (crl)
		gnutls_x509_crl_deinit(crl);
	return ret;
}
