/* certdeck tests: the key API: type, curve and size checks, generation,
 * PKCS #8 export (plain and PBES2) and import of every form back. */
#include <config.h>

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "certdeck.h"
#include "tap.h"

static int has(const struct cd_ctx *ctx, const char *text)
{
	return strstr(cd_ctx_message(ctx), text) != NULL;
}

static int starts(const gnutls_datum_t *d, const char *text)
{
	return d->size >= strlen(text) &&
	       memcmp(d->data, text, strlen(text)) == 0;
}

static void test_parse(struct cd_ctx *ctx)
{
	gnutls_pk_algorithm_t pk;
	gnutls_ecc_curve_t curve;

	is_int(cd_key_type_parse(ctx, "rsa", &pk), 0, "rsa parses");
	is_int(pk, GNUTLS_PK_RSA, "... as RSA");
	is_int(cd_key_type_parse(ctx, "ECDSA", &pk), 0, "ECDSA parses");
	is_int(pk, GNUTLS_PK_ECDSA, "... as ECDSA");
	is_int(cd_key_type_parse(ctx, "ec", &pk), 0, "ec parses");
	is_int(pk, GNUTLS_PK_ECDSA, "... as ECDSA");
	is_int(cd_key_type_parse(ctx, "Ed25519", &pk), 0, "Ed25519 parses");
	is_int(pk, GNUTLS_PK_EDDSA_ED25519, "... as Ed25519");
	is_int(cd_key_type_parse(ctx, "ed448", &pk), 0, "ed448 parses");
	is_int(pk, GNUTLS_PK_EDDSA_ED448, "... as Ed448");
	is_int(cd_key_type_parse(ctx, "dsa", &pk), CD_E_INVALID,
	       "dsa is refused");
	ok(has(ctx, "--key-type") && has(ctx, "'dsa'") &&
	       has(ctx, "rsa, ecdsa, ed25519 or ed448"),
	   "... naming the flag, the value and what is expected");
	is_int(cd_key_type_parse(ctx, "", &pk), CD_E_INVALID,
	       "an empty type is refused");

	is_int(cd_key_curve_parse(ctx, "p256", &curve), 0, "p256 parses");
	is_int(curve, GNUTLS_ECC_CURVE_SECP256R1, "... as SECP256R1");
	is_int(cd_key_curve_parse(ctx, "prime256v1", &curve), 0,
	       "prime256v1 parses");
	is_int(curve, GNUTLS_ECC_CURVE_SECP256R1, "... as SECP256R1");
	is_int(cd_key_curve_parse(ctx, "SECP384R1", &curve), 0,
	       "SECP384R1 parses");
	is_int(curve, GNUTLS_ECC_CURVE_SECP384R1, "... as SECP384R1");
	is_int(cd_key_curve_parse(ctx, "p521", &curve), 0, "p521 parses");
	is_int(curve, GNUTLS_ECC_CURVE_SECP521R1, "... as SECP521R1");
	is_int(cd_key_curve_parse(ctx, "secp521r1", &curve), 0,
	       "secp521r1 parses");
	is_int(cd_key_curve_parse(ctx, "p192", &curve), CD_E_INVALID,
	       "p192 is refused");
	ok(has(ctx, "--curve") && has(ctx, "'p192'") &&
	       has(ctx, "p256, p384 or p521"),
	   "... naming the flag, the value and what is expected");
}

static void test_check(struct cd_ctx *ctx)
{
	struct cd_key_params p;

	cd_key_params_init(&p);
	is_int(p.pk, GNUTLS_PK_RSA, "the default key is RSA (as certtool)");
	is_int(cd_key_params_check(ctx, &p), 0, "the defaults pass");
	p.bits = 1024;
	is_int(cd_key_params_check(ctx, &p), CD_E_INVALID,
	       "RSA 1024 is refused");
	ok(has(ctx, "--bits") && has(ctx, "1024") &&
	       has(ctx, "2048, 3072 or 4096"),
	   "... naming the flag, the value and what is expected");
	p.bits = 3000;
	is_int(cd_key_params_check(ctx, &p), CD_E_INVALID,
	       "RSA 3000 is refused");
	p.bits = 4096;
	is_int(cd_key_params_check(ctx, &p), 0, "RSA 4096 passes");
	p.curve = GNUTLS_ECC_CURVE_SECP256R1;
	is_int(cd_key_params_check(ctx, &p), CD_E_INVALID,
	       "a curve with RSA is refused");
	ok(has(ctx, "--curve") && has(ctx, "ecdsa"),
	   "... saying --curve goes with ecdsa");
	cd_key_params_init(&p);
	p.pk = GNUTLS_PK_EDDSA_ED25519;
	p.bits = 256;
	is_int(cd_key_params_check(ctx, &p), CD_E_INVALID,
	       "--bits with Ed25519 is refused");
	ok(has(ctx, "--bits") && has(ctx, "Ed25519"),
	   "... naming the flag and the key type");
	cd_key_params_init(&p);
	p.pk = GNUTLS_PK_EDDSA_ED448;
	p.curve = GNUTLS_ECC_CURVE_SECP384R1;
	is_int(cd_key_params_check(ctx, &p), CD_E_INVALID,
	       "a curve with Ed448 is refused");
	cd_key_params_init(&p);
	p.pk = GNUTLS_PK_ECDSA;
	p.curve = GNUTLS_ECC_CURVE_SECP224R1;
	is_int(cd_key_params_check(ctx, &p), CD_E_INVALID,
	       "a curve certdeck does not offer is refused");
	p.curve = GNUTLS_ECC_CURVE_SECP521R1;
	is_int(cd_key_params_check(ctx, &p), 0, "ECDSA P-521 passes");
	p.pk = GNUTLS_PK_DSA;
	p.curve = GNUTLS_ECC_CURVE_INVALID;
	is_int(cd_key_params_check(ctx, &p), CD_E_INVALID, "DSA is refused");
}

/* The key id of the key DATA holds (imported with PASSWORD). */
static int reimport_id(struct cd_ctx *ctx, const gnutls_datum_t *data,
		       const char *password, char id[65])
{
	gnutls_x509_privkey_t key;
	int ret = cd_key_import(ctx, data, "test", password, &key);

	if (ret < 0)
		return ret;
	ret = cd_key_id_sha256(ctx, key, id);
	gnutls_x509_privkey_deinit(key);
	return ret;
}

static void test_roundtrip(struct cd_ctx *ctx, gnutls_pk_algorithm_t pk,
			   unsigned bits, gnutls_ecc_curve_t curve,
			   const char *described)
{
	struct cd_key_params p;
	gnutls_x509_privkey_t key = NULL;
	gnutls_datum_t d = {NULL, 0};
	char id[65], back[65], what[128];
	unsigned got_bits = 0;
	int ret;

	cd_key_params_init(&p);
	p.pk = pk;
	p.bits = bits;
	p.curve = curve;
	ret = cd_key_generate(ctx, &p, &key);
	if (!ok(ret == 0, "%s: generated", described)) {
		printf("#   %s\n", cd_ctx_message(ctx));
		return;
	}
	is_int(gnutls_x509_privkey_get_pk_algorithm2(key, &got_bits), pk,
	       "%s: of the type asked", described);
	is_int(cd_key_describe(ctx, key, what, sizeof(what)), 0,
	       "%s: described", described);
	is_str(what, described, "%s: description", described);
	is_int(cd_key_id_sha256(ctx, key, id), 0, "%s: key id", described);
	is_int(strlen(id), 64, "%s: the id is 64 hex digits", described);

	is_int(cd_key_export(ctx, key, NULL, 0, &d), 0, "%s: PKCS #8 PEM",
	       described);
	ok(starts(&d, "-----BEGIN PRIVATE KEY-----"),
	   "%s: ... labelled PRIVATE KEY", described);
	ok(!cd_key_is_encrypted(&d), "%s: ... not encrypted", described);
	ok(reimport_id(ctx, &d, NULL, back) == 0 && strcmp(id, back) == 0,
	   "%s: ... imports back to the same key", described);
	cd_datum_wipe(&d);
	ok(d.data == NULL && d.size == 0, "cd_datum_wipe empties the datum");

	is_int(cd_key_export(ctx, key, "s3cret", 0, &d), 0,
	       "%s: encrypted PKCS #8 PEM", described);
	ok(starts(&d, "-----BEGIN ENCRYPTED PRIVATE KEY-----"),
	   "%s: ... labelled ENCRYPTED PRIVATE KEY", described);
	ok(cd_key_is_encrypted(&d), "%s: ... seen as encrypted", described);
	is_int(reimport_id(ctx, &d, NULL, back), CD_E_PASSWORD,
	       "%s: ... no password: CD_E_PASSWORD", described);
	is_int(reimport_id(ctx, &d, "wrong", back), CD_E_PASSWORD,
	       "%s: ... wrong password: CD_E_PASSWORD", described);
	ok(has(ctx, "wrong password"), "%s: ... saying so", described);
	ok(reimport_id(ctx, &d, "s3cret", back) == 0 && strcmp(id, back) == 0,
	   "%s: ... right password: the same key", described);
	cd_datum_wipe(&d);

	is_int(cd_key_export(ctx, key, NULL, 1, &d), 0, "%s: PKCS #8 DER",
	       described);
	ok(d.size > 0 && d.data[0] == 0x30, "%s: ... is DER", described);
	ok(!cd_key_is_encrypted(&d), "%s: ... not encrypted", described);
	ok(reimport_id(ctx, &d, NULL, back) == 0 && strcmp(id, back) == 0,
	   "%s: ... imports back to the same key", described);
	cd_datum_wipe(&d);

	is_int(cd_key_export(ctx, key, "s3cret", 1, &d), 0,
	       "%s: encrypted PKCS #8 DER", described);
	ok(cd_key_is_encrypted(&d), "%s: ... seen as encrypted", described);
	is_int(reimport_id(ctx, &d, "wrong", back), CD_E_PASSWORD,
	       "%s: ... wrong password: CD_E_PASSWORD", described);
	ok(reimport_id(ctx, &d, "s3cret", back) == 0 && strcmp(id, back) == 0,
	   "%s: ... right password: the same key", described);
	cd_datum_wipe(&d);

	/* PKCS #1 / SEC1, as GnuTLS writes them outside PKCS #8. */
	if (pk == GNUTLS_PK_RSA || pk == GNUTLS_PK_ECDSA) {
		ok(gnutls_x509_privkey_export2(key, GNUTLS_X509_FMT_PEM, &d) ==
			   0 &&
		       starts(&d, pk == GNUTLS_PK_RSA
				      ? "-----BEGIN RSA PRIVATE KEY-----"
				      : "-----BEGIN EC PRIVATE KEY-----"),
		   "%s: PKCS #1 / SEC1 PEM", described);
		ok(reimport_id(ctx, &d, NULL, back) == 0 &&
		       strcmp(id, back) == 0,
		   "%s: ... imports to the same key", described);
		cd_datum_wipe(&d);
	}
	is_int(cd_key_export(ctx, key, "", 0, &d), CD_E_PASSWORD,
	       "%s: an empty password is refused", described);
	gnutls_x509_privkey_deinit(key);
}

static void test_write(struct cd_ctx *ctx)
{
	char dir[] = "/tmp/cd-test-key-XXXXXX";
	struct cd_key_params p;
	gnutls_x509_privkey_t key = NULL, back = NULL;
	char *path, *link_path;
	struct stat st;
	char id[65], id2[65];

	ok(mkdtemp(dir) != NULL, "temporary directory");
	path = cd_path_join(dir, "k.pem");
	link_path = cd_path_join(dir, "link.pem");
	cd_key_params_init(&p);
	p.pk = GNUTLS_PK_ECDSA;
	is_int(cd_key_generate(ctx, &p, &key), 0, "ECDSA key for writing");
	is_int(cd_key_write(ctx, path, key, "pw", 0, 0), 0,
	       "cd_key_write writes");
	ok(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600,
	   "... a file of mode 0600");
	is_int(cd_key_write(ctx, path, key, NULL, 0, 0), CD_E_EXISTS,
	       "... refuses an existing file");
	is_int(cd_key_write(ctx, path, key, NULL, 0, 1), 0,
	       "... replaces it when asked");
	ok(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600,
	   "... still 0600");
	is_int(cd_key_load(ctx, path, NULL, &back), 0, "cd_key_load reads it");
	ok(back && cd_key_id_sha256(ctx, key, id) == 0 &&
	       cd_key_id_sha256(ctx, back, id2) == 0 && strcmp(id, id2) == 0,
	   "... the same key");
	ok(symlink(path, link_path) == 0, "a symbolic link");
	is_int(cd_key_write(ctx, link_path, key, NULL, 0, 1), CD_E_INVALID,
	       "cd_key_write refuses to replace a link");
	if (back)
		gnutls_x509_privkey_deinit(back);
	gnutls_x509_privkey_deinit(key);
	unlink(link_path);
	unlink(path);
	rmdir(dir);
	free(path);
	free(link_path);
}

/* A self-signed certificate and a request for KEY. */
static void make_crt_crq(gnutls_x509_privkey_t key, gnutls_datum_t *crt_pem,
			 gnutls_datum_t *crt_der, gnutls_datum_t *crq_der)
{
	gnutls_x509_crt_t crt;
	gnutls_x509_crq_t crq;

	gnutls_x509_crt_init(&crt);
	gnutls_x509_crt_set_version(crt, 3);
	gnutls_x509_crt_set_serial(crt, "\x01", 1);
	gnutls_x509_crt_set_dn(crt, "CN=test", NULL);
	gnutls_x509_crt_set_issuer_dn(crt, "CN=test", NULL);
	gnutls_x509_crt_set_activation_time(crt, 1700000000);
	gnutls_x509_crt_set_expiration_time(crt, 1800000000);
	gnutls_x509_crt_set_key(crt, key);
	gnutls_x509_crt_sign2(crt, crt, key, GNUTLS_DIG_SHA256, 0);
	gnutls_x509_crt_export2(crt, GNUTLS_X509_FMT_PEM, crt_pem);
	gnutls_x509_crt_export2(crt, GNUTLS_X509_FMT_DER, crt_der);
	gnutls_x509_crt_deinit(crt);
	gnutls_x509_crq_init(&crq);
	gnutls_x509_crq_set_dn(crq, "CN=test", NULL);
	gnutls_x509_crq_set_key(crq, key);
	gnutls_x509_crq_sign2(crq, key, GNUTLS_DIG_SHA256, 0);
	gnutls_x509_crq_export2(crq, GNUTLS_X509_FMT_DER, crq_der);
	gnutls_x509_crq_deinit(crq);
}

static void test_bad_input(struct cd_ctx *ctx)
{
	static const char garbage[] = "this is not a key\n\x01\x02\x03";
	struct cd_key_params p;
	gnutls_x509_privkey_t key = NULL, out = NULL;
	gnutls_datum_t d, pem = {NULL, 0}, crt_pem = {NULL, 0};
	gnutls_datum_t crt_der = {NULL, 0}, crq_der = {NULL, 0}, imp;
	unsigned count;

	d.data = (unsigned char *)garbage;
	d.size = sizeof(garbage) - 1;
	is_int(cd_key_import(ctx, &d, "g.pem", NULL, &out), CD_E_PARSE,
	       "garbage: CD_E_PARSE");
	ok(has(ctx, "g.pem") && has(ctx, "no private key"),
	   "... naming the file and what is missing");
	is_int(cd_content_identify(&d), CD_CONTENT_UNKNOWN,
	       "garbage holds nothing recognised");
	d.size = 0;
	is_int(cd_key_import(ctx, &d, "e.pem", NULL, &out), CD_E_PARSE,
	       "empty: CD_E_PARSE");
	ok(has(ctx, "e.pem") && has(ctx, "empty"), "... saying it is empty");

	cd_key_params_init(&p);
	p.pk = GNUTLS_PK_ECDSA;
	if (cd_key_generate(ctx, &p, &key) < 0 ||
	    cd_key_export(ctx, key, NULL, 0, &pem) < 0) {
		ok(0, "a key for the bad-input tests: %s", cd_ctx_message(ctx));
		return;
	}
	d.data = pem.data;
	d.size = pem.size / 2;
	is_int(cd_key_import(ctx, &d, "t.pem", NULL, &out), CD_E_PARSE,
	       "a truncated PEM key: CD_E_PARSE");
	ok(has(ctx, "t.pem") && has(ctx, "truncated"),
	   "... naming the file, suggesting truncation");

	make_crt_crq(key, &crt_pem, &crt_der, &crq_der);
	is_int(cd_key_import(ctx, &crt_pem, "c.pem", NULL, &out), CD_E_PARSE,
	       "a PEM certificate as key: CD_E_PARSE");
	ok(has(ctx, "c.pem: holds a certificate, not a private key"),
	   "... saying it holds a certificate");
	is_int(cd_key_import(ctx, &crt_der, "c.der", NULL, &out), CD_E_PARSE,
	       "a DER certificate as key: CD_E_PARSE");
	ok(has(ctx, "c.der: holds a certificate, not a private key"),
	   "... saying it holds a certificate");
	is_int(cd_key_import(ctx, &crq_der, "r.der", NULL, &out), CD_E_PARSE,
	       "a DER request as key: CD_E_PARSE");
	ok(has(ctx, "holds a certificate request, not a private key"),
	   "... saying it holds a request");
	ok(out == NULL, "no key is returned on failure");
	is_int(cd_content_identify(&crt_pem), CD_CONTENT_CERTIFICATE,
	       "a PEM certificate is identified");
	is_int(cd_content_identify(&crt_der), CD_CONTENT_CERTIFICATE,
	       "a DER certificate is identified");
	is_int(cd_content_identify(&crq_der), CD_CONTENT_REQUEST,
	       "a DER request is identified");
	is_int(cd_content_identify(&pem), CD_CONTENT_PRIVKEY,
	       "a PEM key is identified");

	is_int(cd_import_certificates(ctx, &crt_der, "c.der", 0, &imp, &count),
	       0, "a DER certificate imports");
	ok(count == 1 && imp.size == crt_pem.size &&
	       memcmp(imp.data, crt_pem.data, imp.size) == 0,
	   "... as the same certificate in PEM");
	gnutls_free(imp.data);
	is_int(cd_import_request(ctx, &crq_der, "r.der", 0, &imp), 0,
	       "a DER request imports");
	ok(imp.size > 0 && starts(&imp, "-----BEGIN NEW CERTIFICATE REQUEST"),
	   "... as PEM");
	gnutls_free(imp.data);
	crq_der.data[crq_der.size - 1] ^= 1; /* the signature's last byte */
	is_int(cd_import_request(ctx, &crq_der, "r.der", 0, &imp), CD_E_PARSE,
	       "a request with a damaged signature is refused");
	ok(has(ctx, "signature"), "... saying so");

	cd_datum_wipe(&pem);
	gnutls_free(crt_pem.data);
	gnutls_free(crt_der.data);
	gnutls_free(crq_der.data);
	gnutls_x509_privkey_deinit(key);
}

int main(void)
{
	struct cd_ctx ctx;

	if (cd_ctx_init(&ctx) < 0)
		return 99;
	test_parse(&ctx);
	test_check(&ctx);
	test_roundtrip(&ctx, GNUTLS_PK_RSA, 2048, GNUTLS_ECC_CURVE_INVALID,
		       "RSA 2048 bits");
	test_roundtrip(&ctx, GNUTLS_PK_ECDSA, 0, GNUTLS_ECC_CURVE_INVALID,
		       "ECDSA SECP256R1 (256 bits)");
	test_roundtrip(&ctx, GNUTLS_PK_ECDSA, 0, GNUTLS_ECC_CURVE_SECP384R1,
		       "ECDSA SECP384R1 (384 bits)");
	test_roundtrip(&ctx, GNUTLS_PK_EDDSA_ED25519, 0,
		       GNUTLS_ECC_CURVE_INVALID, "Ed25519");
	test_roundtrip(&ctx, GNUTLS_PK_EDDSA_ED448, 0, GNUTLS_ECC_CURVE_INVALID,
		       "Ed448");
	test_write(&ctx);
	test_bad_input(&ctx);
	cd_ctx_deinit(&ctx);
	return tap_done();
}
