/* certdeck: private keys: generate, load, write. */
#ifndef CD_KEY_H
#define CD_KEY_H

#include <stddef.h>

#include <gnutls/abstract.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "ctx.h"

/* Load the private key of DATA (PEM or DER; PKCS#1, SEC1 or PKCS#8;
 * encrypted or not). NAME names the source in messages. PASSWORD may be
 * NULL: an encrypted key then fails with CD_E_PASSWORD and a message
 * asking for one; a wrong password also gives CD_E_PASSWORD. Anything that
 * is not a private key (a certificate, a request, garbage, a truncated
 * key) fails with CD_E_PARSE and a message saying what DATA holds. */
int cd_key_import(struct cd_ctx *ctx, const gnutls_datum_t *data,
		  const char *name, const char *password,
		  gnutls_x509_privkey_t *out);

/* cd_key_import() on the contents of PATH. */
int cd_key_load(struct cd_ctx *ctx, const char *path, const char *password,
		gnutls_x509_privkey_t *out);

/* The same key as a gnutls_privkey_t for signing (an independent copy). */
int cd_key_to_privkey(struct cd_ctx *ctx, gnutls_x509_privkey_t key,
		      gnutls_privkey_t *out);

/* Nonzero when DATA is an encrypted private key (PKCS#8 "ENCRYPTED PRIVATE
 * KEY" or a legacy "Proc-Type: 4,ENCRYPTED" PEM). */
int cd_key_is_encrypted(const gnutls_datum_t *data);

/* What a key is made from. Defaults (cd_key_params_init): RSA, 3072 bits,
 * as certtool 3.7's --generate-privkey. BITS 0 and CURVE
 * GNUTLS_ECC_CURVE_INVALID mean "not given": RSA then gets 3072 bits and
 * ECDSA P-256. */
struct cd_key_params {
	gnutls_pk_algorithm_t pk; /* RSA, ECDSA, Ed25519 or Ed448 */
	unsigned bits;		  /* RSA modulus: 2048, 3072 or 4096 */
	gnutls_ecc_curve_t curve; /* ECDSA: P-256, P-384 or P-521 */
};

#define CD_KEY_DEFAULT_RSA_BITS 3072

void cd_key_params_init(struct cd_key_params *params);

/* "rsa", "ecdsa" (or "ec", "ecc"), "ed25519", "ed448", any case. */
int cd_key_type_parse(struct cd_ctx *ctx, const char *s,
		      gnutls_pk_algorithm_t *out);

/* "p256", "p384", "p521" (also "p-256", "secp256r1", "prime256v1", ...). */
int cd_key_curve_parse(struct cd_ctx *ctx, const char *s,
		       gnutls_ecc_curve_t *out);

/* Is PARAMS a key certdeck makes? RSA bits 2048, 3072 or 4096 only; a
 * curve only for ECDSA; bits only for RSA. CD_E_INVALID with a message
 * naming the flag (--bits, --curve), the value and what is expected. */
int cd_key_params_check(struct cd_ctx *ctx, const struct cd_key_params *params);

/* A new key from PARAMS (checked first). */
int cd_key_generate(struct cd_ctx *ctx, const struct cd_key_params *params,
		    gnutls_x509_privkey_t *out);

/* KEY as PKCS#8, PEM ("PRIVATE KEY") or DER; with PASSWORD (not NULL, not
 * empty) encrypted with PBES2 AES-256 ("ENCRYPTED PRIVATE KEY"). OUT holds
 * the secret: free it with cd_datum_wipe(). */
int cd_key_export(struct cd_ctx *ctx, gnutls_x509_privkey_t key,
		  const char *password, int der, gnutls_datum_t *out);

/* cd_key_export() written atomically to PATH, created 0600. An existing
 * PATH is refused (CD_E_EXISTS) unless OVERWRITE. */
int cd_key_write(struct cd_ctx *ctx, const char *path,
		 gnutls_x509_privkey_t key, const char *password, int der,
		 int overwrite);

/* "RSA", "ECDSA", "Ed25519", "Ed448", else GnuTLS's name. */
const char *cd_key_type_name(gnutls_pk_algorithm_t pk);

/* KEY for a person: "RSA 3072 bits", "ECDSA P-256", "Ed25519". */
int cd_key_describe(struct cd_ctx *ctx, gnutls_x509_privkey_t key, char *buf,
		    size_t size);

/* The SHA-256 id of KEY's public key in lower-case hex (64 digits), as
 * certtool -k prints it after "sha256:". */
int cd_key_id_sha256(struct cd_ctx *ctx, gnutls_x509_privkey_t key,
		     char out[65]);

/* Zero the secret material DATUM holds, free it and empty it. */
void cd_datum_wipe(gnutls_datum_t *datum);
/* Zero SIZE bytes of SECRET (a password), stores the compiler keeps. */
void cd_wipe(void *secret, size_t size);

/* What a file holds, as far as certdeck can tell without a password. */
enum cd_content {
	CD_CONTENT_UNKNOWN = 0, /* nothing certdeck recognises */
	CD_CONTENT_PRIVKEY,	/* a private key, encrypted or not */
	CD_CONTENT_CERTIFICATE, /* one or more X.509 certificates */
	CD_CONTENT_REQUEST,	/* a PKCS#10 request */
	CD_CONTENT_PUBKEY,	/* a public key (SubjectPublicKeyInfo) */
	CD_CONTENT_CRL,		/* a certificate revocation list */
	CD_CONTENT_PKCS12,	/* a PKCS#12 bundle */
	CD_CONTENT_OTHER_PEM,	/* PEM of some other kind */
};

/* Look at DATA (PEM by its labels; DER by trying each structure). A PEM
 * file with a private key among other blocks is CD_CONTENT_PRIVKEY. */
enum cd_content cd_content_identify(const gnutls_datum_t *data);

/* "a certificate", "a certificate request", ... for messages. */
const char *cd_content_name(enum cd_content content);

#endif
