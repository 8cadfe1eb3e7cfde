/* certdeck: private keys: generate, load, write. */
#include <config.h>

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <gnutls/pkcs12.h>

#include "error.h"
#include "file.h"
#include "i18n.h"
#include "key.h"

void cd_wipe(void *secret, size_t size)
{
	gnutls_memset(secret, 0, size);
}

void cd_datum_wipe(gnutls_datum_t *datum)
{
	if (datum->data != NULL) {
		gnutls_memset(datum->data, 0, datum->size);
		gnutls_free(datum->data);
	}
	datum->data = NULL;
	datum->size = 0;
}

/* What the PEM label LABEL (LEN bytes, "CERTIFICATE", "EC PRIVATE KEY"...)
 * announces. */
static enum cd_content pem_label_content(const char *label, size_t len)
{
	static const struct {
		const char *label;
		enum cd_content content;
	} labels[] = {
	    {"CERTIFICATE", CD_CONTENT_CERTIFICATE},
	    {"X509 CERTIFICATE", CD_CONTENT_CERTIFICATE},
	    {"TRUSTED CERTIFICATE", CD_CONTENT_CERTIFICATE},
	    {"CERTIFICATE REQUEST", CD_CONTENT_REQUEST},
	    {"NEW CERTIFICATE REQUEST", CD_CONTENT_REQUEST},
	    {"PUBLIC KEY", CD_CONTENT_PUBKEY},
	    {"RSA PUBLIC KEY", CD_CONTENT_PUBKEY},
	    {"X509 CRL", CD_CONTENT_CRL},
	    {"PKCS12", CD_CONTENT_PKCS12},
	};
	size_t i;

	if (len >= 11 && memcmp(label + len - 11, "PRIVATE KEY", 11) == 0)
		return CD_CONTENT_PRIVKEY;
	for (i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
		if (strlen(labels[i].label) == len &&
		    memcmp(labels[i].label, label, len) == 0)
			return labels[i].content;
	return CD_CONTENT_OTHER_PEM;
}

/* Call FN on the label of each "-----BEGIN LABEL-----" line of DATA until
 * it returns nonzero; returns that value, or 0. */
static int pem_each_label(const gnutls_datum_t *data,
			  int (*fn)(void *arg, const char *label, size_t len),
			  void *arg)
{
	const char *p = (const char *)data->data;
	const char *end = p + data->size, *hit, *stop;
	int ret;

	if (p == NULL)
		return 0;
	for (hit = p; hit + 11 <= end; hit++) {
		if (memcmp(hit, "-----BEGIN ", 11) != 0)
			continue;
		hit += 11;
		for (stop = hit; stop < end && *stop != '-' && *stop != '\n';
		     stop++)
			;
		ret = fn(arg, hit, (size_t)(stop - hit));
		if (ret != 0)
			return ret;
	}
	return 0;
}

struct pem_scan {
	enum cd_content first; /* the first block's kind */
	int has_key;
	char label[64]; /* the first block's label */
};

static int scan_label(void *arg, const char *label, size_t len)
{
	struct pem_scan *scan = arg;
	enum cd_content content = pem_label_content(label, len);

	if (scan->first == CD_CONTENT_UNKNOWN) {
		scan->first = content;
		if (len >= sizeof(scan->label))
			len = sizeof(scan->label) - 1;
		memcpy(scan->label, label, len);
		scan->label[len] = 0;
	}
	if (content == CD_CONTENT_PRIVKEY)
		scan->has_key = 1;
	return 0;
}

static void pem_scan(const gnutls_datum_t *data, struct pem_scan *scan)
{
	memset(scan, 0, sizeof(*scan));
	pem_each_label(data, scan_label, scan);
}

/* DER: each structure in turn, as GnuTLS reads it. */
static enum cd_content der_identify(const gnutls_datum_t *data)
{
	enum cd_content found = CD_CONTENT_UNKNOWN;
	gnutls_x509_privkey_t key;
	gnutls_x509_crt_t crt;
	gnutls_x509_crq_t crq;
	gnutls_x509_crl_t crl;
	gnutls_pubkey_t pub;
	gnutls_pkcs12_t p12;
	int ret;

	if (gnutls_x509_privkey_init(&key) == 0) {
		ret = gnutls_x509_privkey_import2(
		    key, data, GNUTLS_X509_FMT_DER, NULL, GNUTLS_PKCS_PLAIN);
		gnutls_x509_privkey_deinit(key);
		if (ret == 0 || ret == GNUTLS_E_DECRYPTION_FAILED)
			return CD_CONTENT_PRIVKEY;
	}
	if (gnutls_x509_crt_init(&crt) == 0) {
		if (gnutls_x509_crt_import(crt, data, GNUTLS_X509_FMT_DER) == 0)
			found = CD_CONTENT_CERTIFICATE;
		gnutls_x509_crt_deinit(crt);
	}
	if (found == CD_CONTENT_UNKNOWN && gnutls_x509_crq_init(&crq) == 0) {
		if (gnutls_x509_crq_import(crq, data, GNUTLS_X509_FMT_DER) == 0)
			found = CD_CONTENT_REQUEST;
		gnutls_x509_crq_deinit(crq);
	}
	if (found == CD_CONTENT_UNKNOWN && gnutls_x509_crl_init(&crl) == 0) {
		if (gnutls_x509_crl_import(crl, data, GNUTLS_X509_FMT_DER) == 0)
			found = CD_CONTENT_CRL;
		gnutls_x509_crl_deinit(crl);
	}
	if (found == CD_CONTENT_UNKNOWN && gnutls_pubkey_init(&pub) == 0) {
		if (gnutls_pubkey_import(pub, data, GNUTLS_X509_FMT_DER) == 0)
			found = CD_CONTENT_PUBKEY;
		gnutls_pubkey_deinit(pub);
	}
	if (found == CD_CONTENT_UNKNOWN && gnutls_pkcs12_init(&p12) == 0) {
		if (gnutls_pkcs12_import(p12, data, GNUTLS_X509_FMT_DER, 0) ==
		    0)
			found = CD_CONTENT_PKCS12;
		gnutls_pkcs12_deinit(p12);
	}
	return found;
}

enum cd_content cd_content_identify(const gnutls_datum_t *data)
{
	struct pem_scan scan;

	if (data->data == NULL || data->size == 0)
		return CD_CONTENT_UNKNOWN;
	if (!cd_file_is_pem(data, NULL))
		return der_identify(data);
	pem_scan(data, &scan);
	return scan.has_key ? CD_CONTENT_PRIVKEY : scan.first;
}

const char *cd_content_name(enum cd_content content)
{
	switch (content) {
	case CD_CONTENT_PRIVKEY:
		return _("a private key");
	case CD_CONTENT_CERTIFICATE:
		return _("a certificate");
	case CD_CONTENT_REQUEST:
		return _("a certificate request");
	case CD_CONTENT_PUBKEY:
		return _("a public key");
	case CD_CONTENT_CRL:
		return _("a certificate revocation list");
	case CD_CONTENT_PKCS12:
		return _("a PKCS #12 bundle");
	case CD_CONTENT_OTHER_PEM:
		return _("PEM data of another kind");
	case CD_CONTENT_UNKNOWN:
	default:
		return _("nothing certdeck recognises");
	}
}

int cd_key_is_encrypted(const gnutls_datum_t *data)
{
	if (cd_file_is_pem(data, "ENCRYPTED PRIVATE KEY"))
		return 1;
	if (data->data != NULL && memmem(data->data, data->size,
					 "Proc-Type: 4,ENCRYPTED", 22) != NULL)
		return 1;
	if (!cd_file_is_pem(data, NULL)) {
		/* DER: try as a plain PKCS#8 or raw key first; encrypted
		 * PKCS#8 DER is recognised by the failure below. */
		gnutls_x509_privkey_t k;
		int ret;

		if (gnutls_x509_privkey_init(&k) < 0)
			return 0;
		ret = gnutls_x509_privkey_import2(k, data, GNUTLS_X509_FMT_DER,
						  NULL, GNUTLS_PKCS_PLAIN);
		gnutls_x509_privkey_deinit(k);
		return ret == GNUTLS_E_DECRYPTION_FAILED;
	}
	return 0;
}

/* DATA holds no private key: say what it holds instead. */
static int not_a_key(struct cd_ctx *ctx, const gnutls_datum_t *data,
		     const char *name)
{
	enum cd_content content;
	struct pem_scan scan;

	if (cd_file_is_pem(data, NULL)) {
		pem_scan(data, &scan);
		if (scan.first == CD_CONTENT_OTHER_PEM)
			return cd_error(
			    ctx, CD_E_PARSE,
			    _("%s: holds a PEM \"%s\" block, not a private key "
			      "(expected PRIVATE KEY, RSA PRIVATE KEY, EC "
			      "PRIVATE KEY or ENCRYPTED PRIVATE KEY)"),
			    name, scan.label);
		content = scan.first;
	} else {
		content = der_identify(data);
	}
	if (content == CD_CONTENT_UNKNOWN || content == CD_CONTENT_PRIVKEY)
		return cd_error(
		    ctx, CD_E_PARSE,
		    _("%s: holds no private key: neither PEM nor a DER key "
		      "GnuTLS can read (truncated or damaged?)"),
		    name);
	return cd_error(ctx, CD_E_PARSE, _("%s: holds %s, not a private key"),
			name, cd_content_name(content));
}

/* Why the import of an (encrypted or plain) key failed. */
static int import_failed(struct cd_ctx *ctx, int ret, int encrypted,
			 const char *name)
{
	if (encrypted &&
	    (ret == GNUTLS_E_DECRYPTION_FAILED ||
	     ret == GNUTLS_E_ASN1_DER_ERROR || ret == GNUTLS_E_ASN1_TAG_ERROR ||
	     ret == GNUTLS_E_ASN1_DER_OVERFLOW))
		/* A wrong password decrypts to garbage: PBES1 and legacy
		 * PEM only notice when the result is not DER. */
		return cd_error(ctx, CD_E_PASSWORD,
				_("%s: wrong password for this key (or the key "
				  "is damaged)"),
				name);
	if (encrypted && ret == GNUTLS_E_UNKNOWN_CIPHER_TYPE)
		return cd_gnutls_error(
		    ctx, ret,
		    _("%s: the key is encrypted with a cipher GnuTLS does not "
		      "offer; re-encrypt it with PBES2 AES (openssl pkcs8 "
		      "-topk8 -v2 aes-256-cbc)"),
		    name);
	ret = cd_gnutls_error(
	    ctx, ret,
	    _("%s: cannot read the private key (truncated or damaged?)"), name);
	return ret == CD_E_NOMEM ? ret : CD_E_PARSE;
}

int cd_key_import(struct cd_ctx *ctx, const gnutls_datum_t *data,
		  const char *name, const char *password,
		  gnutls_x509_privkey_t *out)
{
	gnutls_x509_privkey_t key = NULL;
	gnutls_x509_crt_fmt_t fmt;
	int ret, encrypted = 0;

	*out = NULL;
	if (data->data == NULL || data->size == 0)
		return cd_error(ctx, CD_E_PARSE,
				_("%s: is empty; expected a private key"),
				name);
	fmt = cd_file_is_pem(data, NULL) ? GNUTLS_X509_FMT_PEM
					 : GNUTLS_X509_FMT_DER;
	if (fmt == GNUTLS_X509_FMT_PEM &&
	    cd_content_identify(data) != CD_CONTENT_PRIVKEY)
		return not_a_key(ctx, data, name);
	ret = gnutls_x509_privkey_init(&key);
	if (ret < 0)
		return cd_gnutls_error(ctx, ret, _("cannot allocate a key"));
	if (fmt == GNUTLS_X509_FMT_PEM) {
		encrypted = cd_key_is_encrypted(data);
	} else {
		/* DER says nothing up front: a plain import tells. */
		ret = gnutls_x509_privkey_import2(key, data, fmt, NULL,
						  GNUTLS_PKCS_PLAIN);
		if (ret == 0)
			goto done;
		if (ret != GNUTLS_E_DECRYPTION_FAILED) {
			gnutls_x509_privkey_deinit(key);
			return not_a_key(ctx, data, name);
		}
		encrypted = 1;
	}
	if (encrypted && (password == NULL || *password == 0)) {
		gnutls_x509_privkey_deinit(key);
		return cd_error(
		    ctx, CD_E_PASSWORD,
		    _("%s: the key is encrypted; give its password "
		      "(--password-file, --password-fd, or at the prompt)"),
		    name);
	}
	ret = gnutls_x509_privkey_import2(key, data, fmt,
					  encrypted ? password : NULL,
					  encrypted ? 0 : GNUTLS_PKCS_PLAIN);
	if (ret < 0) {
		gnutls_x509_privkey_deinit(key);
		return import_failed(ctx, ret, encrypted, name);
	}
done:
	*out = key;
	return 0;
}

int cd_key_load(struct cd_ctx *ctx, const char *path, const char *password,
		gnutls_x509_privkey_t *out)
{
	gnutls_datum_t data;
	int ret;

	ret = cd_file_read(ctx, path, 0, &data);
	if (ret < 0)
		return ret;
	ret = cd_key_import(ctx, &data, path, password, out);
	cd_datum_wipe(&data);
	return ret;
}

int cd_key_to_privkey(struct cd_ctx *ctx, gnutls_x509_privkey_t key,
		      gnutls_privkey_t *out)
{
	gnutls_privkey_t pk;
	int ret;

	*out = NULL;
	ret = gnutls_privkey_init(&pk);
	if (ret < 0)
		return cd_gnutls_error(ctx, ret, _("cannot allocate a key"));
	ret = gnutls_privkey_import_x509(pk, key, GNUTLS_PRIVKEY_IMPORT_COPY);
	if (ret < 0) {
		gnutls_privkey_deinit(pk);
		return cd_gnutls_error(ctx, ret,
				       _("cannot use the private key"));
	}
	*out = pk;
	return 0;
}

void cd_key_params_init(struct cd_key_params *params)
{
	params->pk = GNUTLS_PK_RSA;
	params->bits = 0;
	params->curve = GNUTLS_ECC_CURVE_INVALID;
}

int cd_key_type_parse(struct cd_ctx *ctx, const char *s,
		      gnutls_pk_algorithm_t *out)
{
	static const struct {
		const char *name;
		gnutls_pk_algorithm_t pk;
	} types[] = {
	    {"rsa", GNUTLS_PK_RSA},
	    {"ecdsa", GNUTLS_PK_ECDSA},
	    {"ec", GNUTLS_PK_ECDSA},
	    {"ecc", GNUTLS_PK_ECDSA},
	    {"ed25519", GNUTLS_PK_EDDSA_ED25519},
	    {"ed448", GNUTLS_PK_EDDSA_ED448},
	};
	size_t i;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (strcasecmp(s, types[i].name) == 0) {
			*out = types[i].pk;
			return 0;
		}
	return cd_error(ctx, CD_E_INVALID,
			_("--key-type: '%s' is not a key type certdeck makes; "
			  "expected rsa, ecdsa, ed25519 or ed448"),
			s);
}

int cd_key_curve_parse(struct cd_ctx *ctx, const char *s,
		       gnutls_ecc_curve_t *out)
{
	static const struct {
		const char *name;
		gnutls_ecc_curve_t curve;
	} curves[] = {
	    {"p256", GNUTLS_ECC_CURVE_SECP256R1},
	    {"p-256", GNUTLS_ECC_CURVE_SECP256R1},
	    {"secp256r1", GNUTLS_ECC_CURVE_SECP256R1},
	    {"prime256v1", GNUTLS_ECC_CURVE_SECP256R1},
	    {"p384", GNUTLS_ECC_CURVE_SECP384R1},
	    {"p-384", GNUTLS_ECC_CURVE_SECP384R1},
	    {"secp384r1", GNUTLS_ECC_CURVE_SECP384R1},
	    {"p521", GNUTLS_ECC_CURVE_SECP521R1},
	    {"p-521", GNUTLS_ECC_CURVE_SECP521R1},
	    {"secp521r1", GNUTLS_ECC_CURVE_SECP521R1},
	};
	size_t i;

	for (i = 0; i < sizeof(curves) / sizeof(curves[0]); i++)
		if (strcasecmp(s, curves[i].name) == 0) {
			*out = curves[i].curve;
			return 0;
		}
	return cd_error(ctx, CD_E_INVALID,
			_("--curve: '%s' is not a curve certdeck offers; "
			  "expected p256, p384 or p521"),
			s);
}

static const char *curve_name(gnutls_ecc_curve_t curve)
{
	const char *name = gnutls_ecc_curve_get_name(curve);

	return name != NULL ? name : "?";
}

/* The curve as --curve names it. */
static const char *curve_flag_name(gnutls_ecc_curve_t curve)
{
	switch (curve) {
	case GNUTLS_ECC_CURVE_SECP256R1:
		return "p256";
	case GNUTLS_ECC_CURVE_SECP384R1:
		return "p384";
	case GNUTLS_ECC_CURVE_SECP521R1:
		return "p521";
	default:
		return curve_name(curve);
	}
}

int cd_key_params_check(struct cd_ctx *ctx, const struct cd_key_params *params)
{
	switch (params->pk) {
	case GNUTLS_PK_RSA:
		break;
	case GNUTLS_PK_ECDSA:
		if (params->curve != GNUTLS_ECC_CURVE_INVALID &&
		    params->curve != GNUTLS_ECC_CURVE_SECP256R1 &&
		    params->curve != GNUTLS_ECC_CURVE_SECP384R1 &&
		    params->curve != GNUTLS_ECC_CURVE_SECP521R1)
			return cd_error(
			    ctx, CD_E_INVALID,
			    _("--curve: '%s' is not a curve certdeck offers; "
			      "expected p256, p384 or p521"),
			    curve_name(params->curve));
		break;
	case GNUTLS_PK_EDDSA_ED25519:
	case GNUTLS_PK_EDDSA_ED448:
		break;
	default:
		return cd_error(
		    ctx, CD_E_INVALID,
		    _("--key-type: '%s' is not a key type certdeck makes; "
		      "expected rsa, ecdsa, ed25519 or ed448"),
		    cd_key_type_name(params->pk));
	}
	if (params->curve != GNUTLS_ECC_CURVE_INVALID &&
	    params->pk != GNUTLS_PK_ECDSA)
		return cd_error(ctx, CD_E_INVALID,
				_("--curve: '%s' goes only with --key-type "
				  "ecdsa, not with %s keys"),
				curve_flag_name(params->curve),
				cd_key_type_name(params->pk));
	if (params->bits != 0 && params->pk != GNUTLS_PK_RSA)
		return cd_error(
		    ctx, CD_E_INVALID,
		    _("--bits: %u goes only with --key-type rsa; %s keys have "
		      "a fixed size (use --curve for ECDSA)"),
		    params->bits, cd_key_type_name(params->pk));
	if (params->pk == GNUTLS_PK_RSA && params->bits != 0 &&
	    params->bits != 2048 && params->bits != 3072 &&
	    params->bits != 4096)
		return cd_error(ctx, CD_E_INVALID,
				_("--bits: %u is not an RSA size certdeck "
				  "makes; expected 2048, 3072 or 4096"),
				params->bits);
	return 0;
}

int cd_key_generate(struct cd_ctx *ctx, const struct cd_key_params *params,
		    gnutls_x509_privkey_t *out)
{
	gnutls_x509_privkey_t key = NULL;
	unsigned bits;
	int ret;

	*out = NULL;
	ret = cd_key_params_check(ctx, params);
	if (ret < 0)
		return ret;
	switch (params->pk) {
	case GNUTLS_PK_RSA:
		bits = params->bits ? params->bits : CD_KEY_DEFAULT_RSA_BITS;
		break;
	case GNUTLS_PK_ECDSA:
		bits = GNUTLS_CURVE_TO_BITS(params->curve !=
						    GNUTLS_ECC_CURVE_INVALID
						? params->curve
						: GNUTLS_ECC_CURVE_SECP256R1);
		break;
	case GNUTLS_PK_EDDSA_ED25519:
		bits = GNUTLS_CURVE_TO_BITS(GNUTLS_ECC_CURVE_ED25519);
		break;
	default:
		bits = GNUTLS_CURVE_TO_BITS(GNUTLS_ECC_CURVE_ED448);
		break;
	}
	ret = gnutls_x509_privkey_init(&key);
	if (ret == 0)
		ret = gnutls_x509_privkey_generate2(key, params->pk, bits, 0,
						    NULL, 0);
	if (ret < 0) {
		if (key)
			gnutls_x509_privkey_deinit(key);
		return cd_gnutls_error(ctx, ret, _("cannot generate an %s key"),
				       cd_key_type_name(params->pk));
	}
	*out = key;
	return 0;
}

int cd_key_export(struct cd_ctx *ctx, gnutls_x509_privkey_t key,
		  const char *password, int der, gnutls_datum_t *out)
{
	int ret;

	out->data = NULL;
	out->size = 0;
	if (password != NULL && *password == 0)
		return cd_error(
		    ctx, CD_E_PASSWORD,
		    _("an empty password would not protect the key; give a "
		      "password, or none for a plain key"));
	ret = gnutls_x509_privkey_export2_pkcs8(
	    key, der ? GNUTLS_X509_FMT_DER : GNUTLS_X509_FMT_PEM, password,
	    password ? GNUTLS_PKCS_PBES2_AES_256 : GNUTLS_PKCS_PLAIN, out);
	if (ret < 0)
		return cd_gnutls_error(ctx, ret,
				       _("cannot encode the key as PKCS #8"));
	return 0;
}

int cd_key_write(struct cd_ctx *ctx, const char *path,
		 gnutls_x509_privkey_t key, const char *password, int der,
		 int overwrite)
{
	gnutls_datum_t data;
	struct stat st;
	int ret;

	if (lstat(path, &st) == 0 && !S_ISREG(st.st_mode))
		/* rename() would replace a device or a link, not write
		 * through it. */
		return cd_error(ctx, CD_E_INVALID,
				_("%s: is not a regular file; expected a new "
				  "file or one to replace"),
				path);
	if (!overwrite && cd_file_exists(path))
		return cd_error(ctx, CD_E_EXISTS,
				_("%s: already exists; choose another file or "
				  "give --force to replace it"),
				path);
	ret = cd_key_export(ctx, key, password, der, &data);
	if (ret == 0)
		ret = cd_file_write_atomic(ctx, path, data.data, data.size,
					   0600, !overwrite);
	cd_datum_wipe(&data);
	return ret;
}

const char *cd_key_type_name(gnutls_pk_algorithm_t pk)
{
	switch (pk) {
	case GNUTLS_PK_RSA:
		return "RSA";
	case GNUTLS_PK_ECDSA:
		return "ECDSA";
	case GNUTLS_PK_EDDSA_ED25519:
		return "Ed25519";
	case GNUTLS_PK_EDDSA_ED448:
		return "Ed448";
	default:
		return gnutls_pk_get_name(pk) ? gnutls_pk_get_name(pk) : "?";
	}
}

int cd_key_describe(struct cd_ctx *ctx, gnutls_x509_privkey_t key, char *buf,
		    size_t size)
{
	gnutls_datum_t x = {NULL, 0}, y = {NULL, 0}, k = {NULL, 0};
	gnutls_ecc_curve_t curve;
	unsigned bits = 0;
	int pk, ret;

	pk = gnutls_x509_privkey_get_pk_algorithm2(key, &bits);
	if (pk < 0)
		return cd_gnutls_error(ctx, pk,
				       _("cannot read the key's type"));
	if (pk == GNUTLS_PK_RSA) {
		snprintf(buf, size, _("RSA %u bits"), bits);
	} else if (pk == GNUTLS_PK_ECDSA) {
		ret =
		    gnutls_x509_privkey_export_ecc_raw(key, &curve, &x, &y, &k);
		if (ret < 0)
			return cd_gnutls_error(
			    ctx, ret, _("cannot read the key's curve"));
		snprintf(buf, size, _("ECDSA %s (%u bits)"), curve_name(curve),
			 bits);
		gnutls_free(x.data);
		gnutls_free(y.data);
		cd_datum_wipe(&k);
	} else {
		snprintf(buf, size, "%s",
			 cd_key_type_name((gnutls_pk_algorithm_t)pk));
	}
	return 0;
}

int cd_key_id_sha256(struct cd_ctx *ctx, gnutls_x509_privkey_t key,
		     char out[65])
{
	unsigned char id[32];
	size_t size = sizeof(id), i;
	int ret;

	ret = gnutls_x509_privkey_get_key_id(key, GNUTLS_KEYID_USE_SHA256, id,
					     &size);
	if (ret < 0)
		return cd_gnutls_error(ctx, ret,
				       _("cannot compute the key's id"));
	for (i = 0; i < size && i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", id[i]);
	out[2 * i] = 0;
	return 0;
}
