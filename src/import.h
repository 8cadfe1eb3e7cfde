/* certdeck: existing certificates and requests brought in from elsewhere:
 * read (PEM or DER), checked, and given back in one form (PEM, or DER for
 * a single item). Private keys are brought in by key.h. */
#ifndef CD_IMPORT_H
#define CD_IMPORT_H

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "ctx.h"

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

#endif
