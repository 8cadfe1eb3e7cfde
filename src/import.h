/* certdeck: existing certificates and requests brought in from elsewhere:
 * read (PEM or DER), checked, and given back in one form (PEM, or DER for
 * a single item). Private keys are brought in by key.h. */
#ifndef CD_IMPORT_H
#define CD_IMPORT_H

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "ctx.h"
#include "store.h"

/* The certificates of DATA (PEM with one or more, or DER with one), each
 * read whole, as PEM in OUT (gnutls_free it), or as DER when DER (one
 * certificate only). *COUNT: how many. NAME names DATA in messages. */
int cd_import_certificates(struct cd_ctx *ctx, const gnutls_datum_t *data,
			   const char *name, int der, gnutls_datum_t *out,
			   unsigned *count);

/* The PKCS #10 request of DATA (PEM or DER), its self-signature checked,
 * as PEM (or DER) in OUT (gnutls_free it). */
int cd_import_request(struct cd_ctx *ctx, const gnutls_datum_t *data,
		      const char *name, int der, gnutls_datum_t *out);

/* What a PKCS #12 or PKCS #7 bundle holds. */
struct cd_bundle {
	gnutls_x509_privkey_t key; /* PKCS #12's key; NULL when none */
	gnutls_x509_crt_t *crts;   /* the key's certificate first, if any */
	unsigned count;
};

/* Nonzero when DATA is a PKCS #12 file (PEM "PKCS12" or DER), or a
 * PKCS #7 bundle (PEM "PKCS7" or DER). */
int cd_import_is_pkcs12(const gnutls_datum_t *data);
int cd_import_is_pkcs7(const gnutls_datum_t *data);

/* The key and certificates of the PKCS #12 file DATA (PEM or DER; its
 * MAC checked with PASSWORD, modern or legacy ciphers). */
int cd_import_pkcs12(struct cd_ctx *ctx, const gnutls_datum_t *data,
		     const char *name, const char *password,
		     struct cd_bundle *out);

/* The certificates of the PKCS #7 bundle DATA (PEM or DER). */
int cd_import_pkcs7(struct cd_ctx *ctx, const gnutls_datum_t *data,
		    const char *name, struct cd_bundle *out);

void cd_bundle_free(struct cd_bundle *bundle);

/* Record BUNDLE's first certificate in STORE under NAME, in one
 * transaction: issued/NAME.crt, certs_by_serial/, its index.txt line,
 * and its key (when the bundle has the certificate's key) as
 * private/NAME.key, 0600, PKCS #8 under KEY_PASSWORD (NULL: plain, as the
 * store's keys are). The store's CA must have signed it, and its serial
 * must not be in the index yet. Takes the store's lock. */
int cd_import_record(struct cd_ctx *ctx, struct cd_store *store,
		     const char *name, const struct cd_bundle *bundle,
		     const char *key_password);

#endif
