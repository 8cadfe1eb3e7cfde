/* certdeck: describing one certificate, request, CRL or key, as certtool
 * shows it (followed by fingerprints, pin-sha256 and random art), or as
 * one JSON object. */
#include <config.h>

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <gnutls/crypto.h>
#include <gnutls/x509-ext.h>

#include "error.h"
#include "i18n.h"
#include "inspect-int.h"
#include "key.h"

/* What is said about every public key: hashes are of the DER
 * SubjectPublicKeyInfo (the SHA-1 one is also GnuTLS's key ID). */
struct key_facts {
	gnutls_pk_algorithm_t algo;
	unsigned bits;
	const char *curve; /* NULL unless an elliptic curve key */
	unsigned char sha1[20], sha256[32];
	char pin[64]; /* base64 of sha256 */
};

static const struct {
	gnutls_pk_algorithm_t algo;
	const char *id;	 /* as genkey's --key-type names it */
	const char *art; /* short enough for the random art's frame */
	int on_curve;
} pk_names[] = {
    {GNUTLS_PK_RSA, "rsa", "RSA", 0},
    {GNUTLS_PK_RSA_PSS, "rsa-pss", "RSA", 0},
    {GNUTLS_PK_DSA, "dsa", "DSA", 0},
    {GNUTLS_PK_ECDSA, "ecdsa", "ECDSA", 1},
    {GNUTLS_PK_EDDSA_ED25519, "ed25519", "ED25519", 1},
    {GNUTLS_PK_EDDSA_ED448, "ed448", "ED448", 1},
    {GNUTLS_PK_ECDH_X25519, "x25519", "X25519", 1},
    {GNUTLS_PK_ECDH_X448, "x448", "X448", 1},
    {GNUTLS_PK_GOST_01, "gost01", "GOST", 0},
    {GNUTLS_PK_GOST_12_256, "gost12-256", "GOST", 0},
    {GNUTLS_PK_GOST_12_512, "gost12-512", "GOST", 0},
};

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static size_t pk_index(gnutls_pk_algorithm_t algo)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(pk_names); i++)
		if (pk_names[i].algo == algo)
			return i;
	return ARRAY_SIZE(pk_names);
}

static const char *pk_printable(gnutls_pk_algorithm_t algo)
{
	const char *name = gnutls_pk_algorithm_get_name(algo);

	/* certtool's word, in its English output */
	return name != NULL ? name : "Unknown";
}

/* SHA-1 and SHA-256 of DER: the fingerprints certtool shows. */
static int digests(const gnutls_datum_t *der, unsigned char sha1[20],
		   unsigned char sha256[32])
{
	int ret = gnutls_hash_fast(GNUTLS_DIG_SHA1, der->data, der->size, sha1);

	return ret < 0 ? ret
		       : gnutls_hash_fast(GNUTLS_DIG_SHA256, der->data,
					  der->size, sha256);
}

static int key_facts_get(struct inspect_run *r, gnutls_pubkey_t pub,
			 struct key_facts *f)
{
	gnutls_datum_t der = {NULL, 0}, digest, b64 = {NULL, 0};
	size_t i;
	int ret;

	memset(f, 0, sizeof(*f));
	ret = gnutls_pubkey_get_pk_algorithm(pub, &f->bits);
	if (ret < 0)
		return cd_gnutls_error(
		    r->ctx, ret, _("%s: cannot read the public key"), r->name);
	f->algo = (gnutls_pk_algorithm_t)ret;
	i = pk_index(f->algo);
	if (i < ARRAY_SIZE(pk_names) && pk_names[i].on_curve) {
		gnutls_ecc_curve_t curve;
		gnutls_datum_t x = {NULL, 0}, y = {NULL, 0};

		if (gnutls_pubkey_export_ecc_raw2(pub, &curve, &x, &y, 0) >= 0)
			f->curve = gnutls_ecc_curve_get_name(curve);
		gnutls_free(x.data);
		gnutls_free(y.data);
	}
	ret = gnutls_pubkey_export2(pub, GNUTLS_X509_FMT_DER, &der);
	if (ret < 0)
		return cd_gnutls_error(r->ctx, ret,
				       _("%s: cannot encode the public key"),
				       r->name);
	ret = digests(&der, f->sha1, f->sha256);
	gnutls_free(der.data);
	digest.data = f->sha256;
	digest.size = sizeof(f->sha256);
	if (ret >= 0)
		ret = gnutls_base64_encode2(&digest, &b64);
	if (ret < 0)
		return cd_gnutls_error(
		    r->ctx, ret, _("%s: cannot hash the public key"), r->name);
	if (b64.size < sizeof(f->pin))
		memcpy(f->pin, b64.data, b64.size);
	gnutls_free(b64.data);
	return 0;
}

/* ---- text ---------------------------------------------------------- */

static void text_digests(struct cd_textbuf *buf, const char *title,
			 const unsigned char *sha1, const unsigned char *sha256)
{
	cd_textbuf_printf(buf, "%s\n\tSHA-1: ", title);
	cd_textbuf_hex(buf, sha1, 20, ':');
	cd_textbuf_puts(buf, "\n\tSHA-256: ");
	cd_textbuf_hex(buf, sha256, 32, ':');
	cd_textbuf_puts(buf, "\n");
}

/* Fingerprints and pin of the key, and its random art (which certtool -k
 * used to print: OpenSSH's drawing of the SHA-1 key ID). */
static void text_key_facts(struct inspect_run *r, const struct key_facts *f)
{
	gnutls_datum_t art = {NULL, 0};
	size_t i = pk_index(f->algo);

	text_digests(r->buf, _("Public key fingerprints:"), f->sha1, f->sha256);
	cd_textbuf_printf(r->buf, "\tpin-sha256:%s\n", f->pin);
	if (gnutls_random_art(GNUTLS_RANDOM_ART_OPENSSH,
			      i < ARRAY_SIZE(pk_names) ? pk_names[i].art : "?",
			      f->bits, (void *)f->sha1, sizeof(f->sha1),
			      &art) >= 0) {
		cd_textbuf_printf(r->buf, "%s\n%s\n",
				  _("Public key's random art:"),
				  (const char *)art.data);
		gnutls_free(art.data);
	}
}

static void text_datum(struct cd_textbuf *buf, const gnutls_datum_t *d)
{
	cd_textbuf_add(buf, d->data, d->size);
}

/* ---- JSON ---------------------------------------------------------- */

static void json_time(struct cd_textbuf *buf, time_t t)
{
	struct tm tm;
	char out[64];

	if (t == (time_t)-1 || gmtime_r(&t, &tm) == NULL ||
	    strftime(out, sizeof(out), "\"%Y-%m-%dT%H:%M:%SZ\"", &tm) == 0)
		cd_textbuf_puts(buf, "null");
	else
		cd_textbuf_puts(buf, out);
}

/* An INTEGER's bytes as upper-case hex without the sign byte, as openssl
 * prints serial numbers. */
static void json_integer(struct cd_textbuf *buf, const unsigned char *p,
			 size_t n)
{
	size_t i;

	while (n > 1 && p[0] == 0) {
		p++;
		n--;
	}
	cd_textbuf_puts(buf, "\"");
	for (i = 0; i < n; i++)
		cd_textbuf_printf(buf, "%02X", p[i]);
	cd_textbuf_puts(buf, "\"");
}

static void json_head(struct inspect_run *r, const char *type)
{
	cd_textbuf_printf(r->buf, "{\"type\": \"%s\", \"file\": ", type);
	cd_textbuf_json_string(r->buf, r->name);
}

static void json_key_facts(struct cd_textbuf *buf, const struct key_facts *f)
{
	size_t i = pk_index(f->algo);

	cd_textbuf_printf(
	    buf, ", \"key\": {\"algorithm\": \"%s\", \"bits\": %u, \"curve\": ",
	    i < ARRAY_SIZE(pk_names) ? pk_names[i].id : "unknown", f->bits);
	cd_textbuf_json_string(buf, f->curve);
	cd_textbuf_puts(buf, "}, \"public_key_fingerprints\": {\"sha1\": ");
	cd_textbuf_json_hex(buf, f->sha1, sizeof(f->sha1), ':');
	cd_textbuf_puts(buf, ", \"sha256\": ");
	cd_textbuf_json_hex(buf, f->sha256, sizeof(f->sha256), ':');
	cd_textbuf_printf(buf, "}, \"pin_sha256\": \"%s\"", f->pin);
}

static void json_digests(struct cd_textbuf *buf, const gnutls_datum_t *der)
{
	unsigned char sha1[20], sha256[32];

	if (digests(der, sha1, sha256) < 0) {
		cd_textbuf_puts(buf, ", \"fingerprints\": null");
		return;
	}
	cd_textbuf_puts(buf, ", \"fingerprints\": {\"sha1\": ");
	cd_textbuf_json_hex(buf, sha1, sizeof(sha1), ':');
	cd_textbuf_puts(buf, ", \"sha256\": ");
	cd_textbuf_json_hex(buf, sha256, sizeof(sha256), ':');
	cd_textbuf_puts(buf, "}");
}

static void json_sign_algo(struct cd_textbuf *buf, int sign)
{
	cd_textbuf_puts(buf, ", \"signature_algorithm\": ");
	cd_textbuf_json_string(
	    buf, sign > 0 ? gnutls_sign_get_name((gnutls_sign_algorithm_t)sign)
			  : NULL);
}

/* The extensions certificates and requests share, read the same way from
 * either through GET (the DER of the extension OID, gnutls_free'd). */
typedef int (*ext_get_fn)(void *obj, const char *oid, gnutls_datum_t *der);

static int crt_ext(void *obj, const char *oid, gnutls_datum_t *der)
{
	unsigned critical;

	return gnutls_x509_crt_get_extension_by_oid2(obj, oid, 0, der,
						     &critical);
}

static int crq_ext(void *obj, const char *oid, gnutls_datum_t *der)
{
	unsigned critical;

	return gnutls_x509_crq_get_extension_by_oid2(obj, oid, 0, der,
						     &critical);
}

static const struct {
	unsigned type;
	const char *name;
} san_names[] = {
    {GNUTLS_SAN_DNSNAME, "dns"},
    {GNUTLS_SAN_RFC822NAME, "email"},
    {GNUTLS_SAN_URI, "uri"},
    {GNUTLS_SAN_IPADDRESS, "ip"},
    {GNUTLS_SAN_DN, "dn"},
    {GNUTLS_SAN_OTHERNAME, "othername"},
    {GNUTLS_SAN_OTHERNAME_XMPP, "xmpp"},
    {GNUTLS_SAN_OTHERNAME_KRB5PRINCIPAL, "krb5principal"},
    {GNUTLS_SAN_REGISTERED_ID, "registered_id"},
};

static void json_san_value(struct cd_textbuf *buf, unsigned type,
			   const gnutls_datum_t *san)
{
	char ip[INET6_ADDRSTRLEN];
	gnutls_x509_dn_t dn = NULL;
	gnutls_datum_t str = {NULL, 0};

	if (type == GNUTLS_SAN_IPADDRESS &&
	    (san->size == 4 || san->size == 16) &&
	    inet_ntop(san->size == 4 ? AF_INET : AF_INET6, san->data, ip,
		      sizeof(ip)) != NULL) {
		cd_textbuf_json_string(buf, ip);
	} else if (type == GNUTLS_SAN_DN && gnutls_x509_dn_init(&dn) >= 0 &&
		   gnutls_x509_dn_import(dn, san) >= 0 &&
		   gnutls_x509_dn_get_str2(dn, &str, 0) >= 0) {
		cd_textbuf_json_mem(buf, str.data, str.size);
	} else if (type == GNUTLS_SAN_OTHERNAME || type == GNUTLS_SAN_DN ||
		   type == GNUTLS_SAN_IPADDRESS) {
		cd_textbuf_json_hex(buf, san->data, san->size, 0);
	} else {
		cd_textbuf_json_mem(buf, san->data, san->size);
	}
	gnutls_free(str.data);
	if (dn != NULL)
		gnutls_x509_dn_deinit(dn);
}

static void json_san(struct cd_textbuf *buf, ext_get_fn get, void *obj)
{
	gnutls_subject_alt_names_t sans = NULL;
	gnutls_datum_t der = {NULL, 0};
	unsigned i, type;
	size_t k;

	cd_textbuf_puts(buf, ", \"san\": [");
	if (get(obj, GNUTLS_X509EXT_OID_SAN, &der) < 0 ||
	    gnutls_subject_alt_names_init(&sans) < 0)
		goto out;
	if (gnutls_x509_ext_import_subject_alt_names(&der, sans, 0) < 0)
		goto out;
	for (i = 0;; i++) {
		gnutls_datum_t san, oid;

		if (gnutls_subject_alt_names_get(sans, i, &type, &san, &oid) <
		    0)
			break;
		for (k = 0; k < ARRAY_SIZE(san_names); k++)
			if (san_names[k].type == type)
				break;
		cd_textbuf_printf(
		    buf, "%s{\"type\": \"%s\", \"value\": ", i ? ", " : "",
		    k < ARRAY_SIZE(san_names) ? san_names[k].name : "unknown");
		json_san_value(buf, type, &san);
		if (type == GNUTLS_SAN_OTHERNAME) {
			cd_textbuf_puts(buf, ", \"oid\": ");
			cd_textbuf_json_mem(buf, oid.data, oid.size);
		}
		cd_textbuf_puts(buf, "}");
	}
out:
	cd_textbuf_puts(buf, "]");
	if (sans != NULL)
		gnutls_subject_alt_names_deinit(sans);
	gnutls_free(der.data);
}

/* RFC 5280's names for the key usage bits. */
static const struct {
	unsigned bit;
	const char *name;
} ku_names[] = {
    {GNUTLS_KEY_DIGITAL_SIGNATURE, "digitalSignature"},
    {GNUTLS_KEY_NON_REPUDIATION, "nonRepudiation"},
    {GNUTLS_KEY_KEY_ENCIPHERMENT, "keyEncipherment"},
    {GNUTLS_KEY_DATA_ENCIPHERMENT, "dataEncipherment"},
    {GNUTLS_KEY_KEY_AGREEMENT, "keyAgreement"},
    {GNUTLS_KEY_KEY_CERT_SIGN, "keyCertSign"},
    {GNUTLS_KEY_CRL_SIGN, "cRLSign"},
    {GNUTLS_KEY_ENCIPHER_ONLY, "encipherOnly"},
    {GNUTLS_KEY_DECIPHER_ONLY, "decipherOnly"},
};

static void json_key_usage(struct cd_textbuf *buf, ext_get_fn get, void *obj)
{
	gnutls_datum_t der = {NULL, 0};
	unsigned usage = 0, n = 0;
	size_t k;

	cd_textbuf_puts(buf, ", \"key_usage\": [");
	if (get(obj, GNUTLS_X509EXT_OID_KEY_USAGE, &der) >= 0 &&
	    gnutls_x509_ext_import_key_usage(&der, &usage) >= 0)
		for (k = 0; k < ARRAY_SIZE(ku_names); k++)
			if (usage & ku_names[k].bit)
				cd_textbuf_printf(buf, "%s\"%s\"",
						  n++ ? ", " : "",
						  ku_names[k].name);
	cd_textbuf_puts(buf, "]");
	gnutls_free(der.data);
}

/* RFC 5280's names for the usual key purposes; others stay OIDs. */
static const struct {
	const char *oid;
	const char *name;
} eku_names[] = {
    {GNUTLS_KP_TLS_WWW_SERVER, "serverAuth"},
    {GNUTLS_KP_TLS_WWW_CLIENT, "clientAuth"},
    {GNUTLS_KP_CODE_SIGNING, "codeSigning"},
    {GNUTLS_KP_EMAIL_PROTECTION, "emailProtection"},
    {GNUTLS_KP_TIME_STAMPING, "timeStamping"},
    {GNUTLS_KP_OCSP_SIGNING, "OCSPSigning"},
    {GNUTLS_KP_IPSEC_IKE, "ipsecIKE"},
    {GNUTLS_KP_ANY, "anyExtendedKeyUsage"},
};

static void json_eku(struct cd_textbuf *buf, ext_get_fn get, void *obj)
{
	gnutls_x509_key_purposes_t kp = NULL;
	gnutls_datum_t der = {NULL, 0}, oid;
	unsigned i;
	size_t k;

	cd_textbuf_puts(buf, ", \"extended_key_usage\": [");
	if (get(obj, GNUTLS_X509EXT_OID_EXTENDED_KEY_USAGE, &der) < 0 ||
	    gnutls_x509_key_purpose_init(&kp) < 0 ||
	    gnutls_x509_ext_import_key_purposes(&der, kp, 0) < 0)
		goto out;
	for (i = 0; gnutls_x509_key_purpose_get(kp, i, &oid) >= 0; i++) {
		const char *name = NULL;

		for (k = 0; k < ARRAY_SIZE(eku_names); k++)
			if (strlen(eku_names[k].oid) == oid.size &&
			    memcmp(eku_names[k].oid, oid.data, oid.size) == 0)
				name = eku_names[k].name;
		cd_textbuf_puts(buf, i ? ", " : "");
		if (name != NULL)
			cd_textbuf_json_string(buf, name);
		else
			cd_textbuf_json_mem(buf, oid.data, oid.size);
	}
out:
	cd_textbuf_puts(buf, "]");
	if (kp != NULL)
		gnutls_x509_key_purpose_deinit(kp);
	gnutls_free(der.data);
}

static void json_basic_constraints(struct cd_textbuf *buf, ext_get_fn get,
				   void *obj)
{
	gnutls_datum_t der = {NULL, 0};
	unsigned ca = 0;
	int path_len = -1;

	cd_textbuf_puts(buf, ", \"basic_constraints\": ");
	if (get(obj, GNUTLS_X509EXT_OID_BASIC_CONSTRAINTS, &der) < 0 ||
	    gnutls_x509_ext_import_basic_constraints(&der, &ca, &path_len) < 0)
		cd_textbuf_puts(buf, "null");
	else if (path_len < 0)
		cd_textbuf_printf(buf, "{\"ca\": %s, \"path_len\": null}",
				  ca ? "true" : "false");
	else
		cd_textbuf_printf(buf, "{\"ca\": %s, \"path_len\": %d}",
				  ca ? "true" : "false", path_len);
	gnutls_free(der.data);
}

static void json_extensions(struct cd_textbuf *buf, ext_get_fn get, void *obj)
{
	json_san(buf, get, obj);
	json_key_usage(buf, get, obj);
	json_eku(buf, get, obj);
	json_basic_constraints(buf, get, obj);
}

static void json_dn(struct cd_textbuf *buf, const char *field,
		    const gnutls_datum_t *dn, int ok)
{
	cd_textbuf_printf(buf, ", \"%s\": ", field);
	if (ok)
		cd_textbuf_json_mem(buf, dn->data, dn->size);
	else
		cd_textbuf_puts(buf, "null");
}

/* ---- certificates -------------------------------------------------- */

static void crt_json(struct inspect_run *r, gnutls_x509_crt_t crt,
		     const struct key_facts *f, const gnutls_datum_t *der)
{
	struct cd_textbuf *buf = r->buf;
	gnutls_datum_t dn = {NULL, 0};
	unsigned char serial[64];
	size_t size = sizeof(serial);
	int ret;

	json_head(r, "certificate");
	cd_textbuf_printf(buf, ", \"version\": %d",
			  gnutls_x509_crt_get_version(crt));
	cd_textbuf_puts(buf, ", \"serial\": ");
	if (gnutls_x509_crt_get_serial(crt, serial, &size) >= 0)
		json_integer(buf, serial, size);
	else
		cd_textbuf_puts(buf, "null");
	ret = gnutls_x509_crt_get_dn3(crt, &dn, 0);
	json_dn(buf, "subject", &dn, ret >= 0);
	gnutls_free(dn.data);
	dn.data = NULL;
	ret = gnutls_x509_crt_get_issuer_dn3(crt, &dn, 0);
	json_dn(buf, "issuer", &dn, ret >= 0);
	gnutls_free(dn.data);
	cd_textbuf_puts(buf, ", \"not_before\": ");
	json_time(buf, gnutls_x509_crt_get_activation_time(crt));
	cd_textbuf_puts(buf, ", \"not_after\": ");
	json_time(buf, gnutls_x509_crt_get_expiration_time(crt));
	json_sign_algo(buf, gnutls_x509_crt_get_signature_algorithm(crt));
	json_key_facts(buf, f);
	json_extensions(buf, crt_ext, crt);
	json_digests(buf, der);
	cd_textbuf_puts(buf, "}");
}

int inspect_crt(struct inspect_run *r, gnutls_x509_crt_t crt)
{
	gnutls_pubkey_t pub = NULL;
	gnutls_datum_t info = {NULL, 0}, pem = {NULL, 0}, der = {NULL, 0};
	unsigned char sha1[20], sha256[32];
	struct key_facts f;
	int ret;

	ret = gnutls_x509_crt_export2(crt, GNUTLS_X509_FMT_DER, &der);
	if (ret >= 0)
		ret = gnutls_pubkey_init(&pub);
	if (ret >= 0)
		ret = gnutls_pubkey_import_x509(pub, crt, 0);
	if (ret < 0) {
		ret = cd_gnutls_error(
		    r->ctx, ret, _("%s: cannot read the certificate"), r->name);
		goto out;
	}
	ret = key_facts_get(r, pub, &f);
	if (ret < 0)
		goto out;
	if (r->opts->json) {
		crt_json(r, crt, &f, &der);
		goto out;
	}
	ret = gnutls_x509_crt_print(crt, GNUTLS_CRT_PRINT_FULL, &info);
	if (ret >= 0)
		ret = gnutls_x509_crt_export2(crt, GNUTLS_X509_FMT_PEM, &pem);
	if (ret >= 0)
		ret = digests(&der, sha1, sha256);
	if (ret < 0) {
		ret = cd_gnutls_error(r->ctx, ret,
				      _("%s: cannot describe the certificate"),
				      r->name);
		goto out;
	}
	/* certtool -i: the description, a blank line, the PEM. */
	text_datum(r->buf, &info);
	cd_textbuf_puts(r->buf, "\n");
	text_datum(r->buf, &pem);
	cd_textbuf_puts(r->buf, "\n");
	text_digests(r->buf, _("Certificate fingerprints:"), sha1, sha256);
	text_key_facts(r, &f);
	ret = 0;
out:
	gnutls_free(info.data);
	gnutls_free(pem.data);
	gnutls_free(der.data);
	if (pub != NULL)
		gnutls_pubkey_deinit(pub);
	return ret;
}

/* ---- requests ------------------------------------------------------ */

static void crq_json(struct inspect_run *r, gnutls_x509_crq_t crq,
		     const struct key_facts *f, int verified)
{
	struct cd_textbuf *buf = r->buf;
	gnutls_datum_t dn = {NULL, 0};
	int ret;

	json_head(r, "request");
	cd_textbuf_printf(buf, ", \"version\": %d",
			  gnutls_x509_crq_get_version(crq));
	ret = gnutls_x509_crq_get_dn3(crq, &dn, 0);
	json_dn(buf, "subject", &dn, ret >= 0);
	gnutls_free(dn.data);
	json_sign_algo(buf, gnutls_x509_crq_get_signature_algorithm(crq));
	json_key_facts(buf, f);
	json_extensions(buf, crq_ext, crq);
	cd_textbuf_printf(buf, ", \"signature_valid\": %s}",
			  verified ? "true" : "false");
}

int inspect_crq(struct inspect_run *r, gnutls_x509_crq_t crq)
{
	gnutls_pubkey_t pub = NULL;
	gnutls_datum_t info = {NULL, 0}, pem = {NULL, 0};
	struct key_facts f;
	int ret, verified;

	ret = gnutls_pubkey_init(&pub);
	if (ret >= 0)
		ret = gnutls_pubkey_import_x509_crq(pub, crq, 0);
	if (ret < 0) {
		ret = cd_gnutls_error(
		    r->ctx, ret, _("%s: cannot read the request's public key"),
		    r->name);
		goto out;
	}
	ret = key_facts_get(r, pub, &f);
	if (ret < 0)
		goto out;
	verified = gnutls_x509_crq_verify(crq, 0) >= 0;
	if (r->opts->json) {
		crq_json(r, crq, &f, verified);
		goto out;
	}
	ret = gnutls_x509_crq_print(crq, GNUTLS_CRT_PRINT_FULL, &info);
	if (ret >= 0)
		ret = gnutls_x509_crq_export2(crq, GNUTLS_X509_FMT_PEM, &pem);
	if (ret < 0) {
		ret = cd_gnutls_error(
		    r->ctx, ret, _("%s: cannot describe the request"), r->name);
		goto out;
	}
	/* certtool --crq-info: description, self-signature, PEM. */
	text_datum(r->buf, &info);
	cd_textbuf_printf(r->buf, "\n%s\n\n",
			  verified ? _("Self signature: verified")
				   : _("Self signature: FAILED"));
	text_datum(r->buf, &pem);
	cd_textbuf_puts(r->buf, "\n");
	text_key_facts(r, &f);
	ret = 0;
out:
	gnutls_free(info.data);
	gnutls_free(pem.data);
	if (pub != NULL)
		gnutls_pubkey_deinit(pub);
	return ret;
}

/* ---- CRLs ---------------------------------------------------------- */

static void crl_json_revoked(struct cd_textbuf *buf, gnutls_x509_crl_t crl)
{
	gnutls_x509_crl_iter_t iter = NULL;
	unsigned char serial[64];
	size_t size = sizeof(serial);
	time_t when;
	unsigned n = 0;

	cd_textbuf_puts(buf, ", \"revoked\": [");
	while (gnutls_x509_crl_iter_crt_serial(crl, &iter, serial, &size,
					       &when) >= 0) {
		cd_textbuf_puts(buf, n++ ? ", {\"serial\": " : "{\"serial\": ");
		json_integer(buf, serial, size);
		cd_textbuf_puts(buf, ", \"revoked_at\": ");
		json_time(buf, when);
		cd_textbuf_puts(buf, "}");
		size = sizeof(serial);
	}
	cd_textbuf_puts(buf, "]");
	gnutls_x509_crl_iter_deinit(iter);
}

static void crl_json(struct inspect_run *r, gnutls_x509_crl_t crl,
		     const gnutls_datum_t *der)
{
	struct cd_textbuf *buf = r->buf;
	gnutls_datum_t dn = {NULL, 0};
	unsigned char number[64];
	size_t size = sizeof(number);
	unsigned critical;
	int ret;

	json_head(r, "crl");
	cd_textbuf_printf(buf, ", \"version\": %d",
			  gnutls_x509_crl_get_version(crl));
	ret = gnutls_x509_crl_get_issuer_dn3(crl, &dn, 0);
	json_dn(buf, "issuer", &dn, ret >= 0);
	gnutls_free(dn.data);
	cd_textbuf_puts(buf, ", \"this_update\": ");
	json_time(buf, gnutls_x509_crl_get_this_update(crl));
	cd_textbuf_puts(buf, ", \"next_update\": ");
	json_time(buf, gnutls_x509_crl_get_next_update(crl));
	cd_textbuf_puts(buf, ", \"crl_number\": ");
	if (gnutls_x509_crl_get_number(crl, number, &size, &critical) >= 0)
		json_integer(buf, number, size);
	else
		cd_textbuf_puts(buf, "null");
	json_sign_algo(buf, gnutls_x509_crl_get_signature_algorithm(crl));
	crl_json_revoked(buf, crl);
	json_digests(buf, der);
	cd_textbuf_puts(buf, "}");
}

int inspect_crl(struct inspect_run *r, gnutls_x509_crl_t crl)
{
	gnutls_datum_t info = {NULL, 0}, pem = {NULL, 0}, der = {NULL, 0};
	unsigned char sha1[20], sha256[32];
	int ret;

	ret = gnutls_x509_crl_export2(crl, GNUTLS_X509_FMT_DER, &der);
	if (ret >= 0 && r->opts->json) {
		crl_json(r, crl, &der);
		goto out;
	}
	if (ret >= 0)
		ret = gnutls_x509_crl_print(crl, GNUTLS_CRT_PRINT_FULL, &info);
	if (ret >= 0)
		ret = gnutls_x509_crl_export2(crl, GNUTLS_X509_FMT_PEM, &pem);
	if (ret >= 0)
		ret = digests(&der, sha1, sha256);
	if (ret < 0) {
		ret = cd_gnutls_error(
		    r->ctx, ret, _("%s: cannot describe the CRL"), r->name);
		goto out;
	}
	/* certtool --crl-info: description, a blank line, the PEM. */
	text_datum(r->buf, &info);
	cd_textbuf_puts(r->buf, "\n");
	text_datum(r->buf, &pem);
	cd_textbuf_puts(r->buf, "\n");
	text_digests(r->buf, _("CRL fingerprints:"), sha1, sha256);
out:
	gnutls_free(info.data);
	gnutls_free(pem.data);
	gnutls_free(der.data);
	return ret < 0 ? ret : 0;
}

/* ---- keys ---------------------------------------------------------- */

static int pubkey_common(struct inspect_run *r, gnutls_pubkey_t pub,
			 const char *type, int encrypted)
{
	gnutls_datum_t info = {NULL, 0}, pem = {NULL, 0};
	struct key_facts f;
	int ret;

	ret = key_facts_get(r, pub, &f);
	if (ret < 0)
		return ret;
	ret = gnutls_pubkey_export2(pub, GNUTLS_X509_FMT_PEM, &pem);
	if (ret >= 0 && !r->opts->json)
		ret = gnutls_pubkey_print(pub, GNUTLS_CRT_PRINT_FULL, &info);
	if (ret < 0) {
		ret = cd_gnutls_error(r->ctx, ret,
				      _("%s: cannot describe the public key"),
				      r->name);
		goto out;
	}
	if (r->opts->json) {
		json_head(r, type);
		if (encrypted >= 0)
			cd_textbuf_printf(r->buf, ", \"encrypted\": %s",
					  encrypted ? "true" : "false");
		json_key_facts(r->buf, &f);
		cd_textbuf_puts(r->buf, ", \"public_key_pem\": ");
		cd_textbuf_json_mem(r->buf, pem.data, pem.size);
		goto out;
	}
	/* certtool --pubkey-info: the description, then the PEM. */
	text_datum(r->buf, &info);
	cd_textbuf_puts(r->buf, "\n\n");
	text_datum(r->buf, &pem);
	cd_textbuf_puts(r->buf, "\n");
	text_key_facts(r, &f);
	ret = 0;
out:
	gnutls_free(info.data);
	gnutls_free(pem.data);
	return ret;
}

int inspect_pubkey(struct inspect_run *r, gnutls_pubkey_t pub)
{
	int ret = pubkey_common(r, pub, "public_key", -1);

	if (ret == 0 && r->opts->json)
		cd_textbuf_puts(r->buf, "}");
	return ret;
}

/* certtool -k's hex dump: 16 bytes a line. */
static void text_param(struct cd_textbuf *buf, const char *label,
		       const gnutls_datum_t *d)
{
	unsigned j;

	if (d->data == NULL)
		return;
	cd_textbuf_printf(buf, "%s:\n\t", label);
	for (j = 0; j < d->size; j++)
		cd_textbuf_printf(buf, "%.2x%s", d->data[j],
				  (j + 1) % 16 == 0 ? "\n\t" : ":");
	cd_textbuf_puts(buf, "\n\n");
}

static void wipe_params(gnutls_datum_t *d, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (d[i].data != NULL)
			gnutls_memset(d[i].data, 0, d[i].size);
		gnutls_free(d[i].data);
		d[i].data = NULL;
	}
}

/* The raw parameters, private ones included, as certtool -k prints them. */
static void text_private_params(struct cd_textbuf *buf,
				gnutls_x509_privkey_t key,
				gnutls_pk_algorithm_t algo)
{
	static const char *const rsa[] = {"modulus",
					  "public exponent",
					  "private exponent",
					  "prime1",
					  "prime2",
					  "coefficient",
					  "exp1",
					  "exp2"};
	static const char *const dsa[] = {"p", "q", "g", "public key",
					  "private key"};
	static const int dsa_order[] = {4, 3, 0, 1, 2};
	gnutls_datum_t d[8];
	gnutls_ecc_curve_t curve;
	size_t i;

	memset(d, 0, sizeof(d));
	if (algo == GNUTLS_PK_RSA || algo == GNUTLS_PK_RSA_PSS) {
		if (gnutls_x509_privkey_export_rsa_raw2(
			key, &d[0], &d[1], &d[2], &d[3], &d[4], &d[5], &d[6],
			&d[7]) < 0)
			return;
		for (i = 0; i < 8; i++)
			text_param(buf, rsa[i], &d[i]);
		wipe_params(d, 8);
	} else if (algo == GNUTLS_PK_DSA) {
		if (gnutls_x509_privkey_export_dsa_raw(key, &d[0], &d[1], &d[2],
						       &d[3], &d[4]) < 0)
			return;
		for (i = 0; i < 5; i++)
			text_param(buf, dsa[dsa_order[i]], &d[dsa_order[i]]);
		wipe_params(d, 5);
	} else if (algo == GNUTLS_PK_ECDSA || algo == GNUTLS_PK_EDDSA_ED25519 ||
		   algo == GNUTLS_PK_EDDSA_ED448) {
		if (gnutls_x509_privkey_export_ecc_raw(key, &curve, &d[0],
						       &d[1], &d[2]) < 0)
			return;
		cd_textbuf_printf(buf, "curve:\t%s\n",
				  gnutls_ecc_curve_get_name(curve));
		text_param(buf, "private key", &d[2]);
		text_param(buf, "x", &d[0]);
		text_param(buf, "y", &d[1]);
		wipe_params(d, 3);
	}
}

/* The private key as certtool -k shows it: parameters, pin, key IDs, and
 * the key in PEM. Only when asked for. */
static int text_private(struct inspect_run *r, gnutls_x509_privkey_t key,
			const struct key_facts *f)
{
	struct cd_textbuf *buf = r->buf;
	gnutls_datum_t pem = {NULL, 0};
	gnutls_digest_algorithm_t dig;
	unsigned char seed[256];
	size_t seed_size = sizeof(seed);
	unsigned bits = 0;
	int algo, ret;

	ret = gnutls_x509_privkey_export2(key, GNUTLS_X509_FMT_PEM, &pem);
	if (ret < 0)
		return cd_gnutls_error(r->ctx, ret,
				       _("%s: cannot encode the private key"),
				       r->name);
	algo = gnutls_x509_privkey_get_pk_algorithm2(key, &bits);
	/* Not translated: certtool -k's own text, line for line (the golden
	 * tests compare it with certtool's). */
	cd_textbuf_printf(buf, "Public Key Info:\n\tPublic Key Algorithm: %s\n",
			  pk_printable((gnutls_pk_algorithm_t)algo));
	cd_textbuf_printf(
	    buf, "\tKey Security Level: %s (%u bits)\n\n",
	    gnutls_sec_param_get_name(gnutls_x509_privkey_sec_param(key)),
	    bits);
	text_private_params(buf, key, (gnutls_pk_algorithm_t)algo);
	if (gnutls_x509_privkey_get_seed(key, &dig, seed, &seed_size) >= 0) {
		cd_textbuf_printf(
		    buf, "Validation parameters:\n\tHash: %s\n\tSeed: ",
		    gnutls_digest_get_name(dig));
		cd_textbuf_hex(buf, seed, seed_size, 0);
		cd_textbuf_puts(buf, "\n");
	}
	cd_textbuf_printf(buf, "\nPublic Key PIN:\n\tpin-sha256:%s\n", f->pin);
	cd_textbuf_puts(buf, "Public Key ID:\n\tsha256:");
	cd_textbuf_hex(buf, f->sha256, sizeof(f->sha256), 0);
	cd_textbuf_puts(buf, "\n\tsha1:");
	cd_textbuf_hex(buf, f->sha1, sizeof(f->sha1), 0);
	cd_textbuf_puts(buf, "\n\n");
	text_datum(buf, &pem);
	gnutls_memset(pem.data, 0, pem.size);
	gnutls_free(pem.data);
	return 0;
}

int inspect_privkey(struct inspect_run *r, gnutls_x509_privkey_t key,
		    int encrypted)
{
	gnutls_privkey_t priv = NULL;
	gnutls_pubkey_t pub = NULL;
	gnutls_datum_t pem = {NULL, 0};
	struct key_facts f;
	int ret;

	ret = cd_key_to_privkey(r->ctx, key, &priv);
	if (ret < 0)
		return ret;
	ret = gnutls_pubkey_init(&pub);
	if (ret >= 0)
		ret = gnutls_pubkey_import_privkey(pub, priv, 0, 0);
	if (ret < 0) {
		ret = cd_gnutls_error(r->ctx, ret,
				      _("%s: cannot derive the public key"),
				      r->name);
		goto out;
	}
	ret = pubkey_common(r, pub, "private_key", encrypted);
	if (ret < 0)
		goto out;
	if (r->opts->json) {
		if (r->opts->show_private) {
			ret = gnutls_x509_privkey_export2(
			    key, GNUTLS_X509_FMT_PEM, &pem);
			if (ret < 0) {
				ret = cd_gnutls_error(
				    r->ctx, ret,
				    _("%s: cannot encode the private key"),
				    r->name);
				goto out;
			}
			cd_textbuf_puts(r->buf, ", \"private_key_pem\": ");
			cd_textbuf_json_mem(r->buf, pem.data, pem.size);
		}
		cd_textbuf_puts(r->buf, "}");
		goto out;
	}
	if (!r->opts->show_private) {
		cd_textbuf_printf(r->buf, "%s\n",
				  _("Private key: not shown (ask for it "
				    "explicitly to see it)"));
		goto out;
	}
	ret = key_facts_get(r, pub, &f);
	if (ret == 0) {
		cd_textbuf_printf(r->buf, "%s\n", _("Private key:"));
		ret = text_private(r, key, &f);
	}
out:
	if (pem.data != NULL) {
		gnutls_memset(pem.data, 0, pem.size);
		gnutls_free(pem.data);
	}
	if (pub != NULL)
		gnutls_pubkey_deinit(pub);
	gnutls_privkey_deinit(priv);
	return ret;
}
