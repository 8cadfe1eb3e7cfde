/* certdeck: PKCS #10 requests from a profile, as certtool 3.7.9 builds them
 * (--generate-request). */
#ifndef CD_REQUEST_H
#define CD_REQUEST_H

#include <gnutls/abstract.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "ctx.h"
#include "profile.h"

/* A signed request for KEY. WITH_EXTENSIONS: add basic constraints, key
 * usage and purposes from the profile (certtool does unless
 * --no-crq-extensions). *OUT: gnutls_x509_crq_deinit it. */
int cd_request_create(struct cd_ctx *ctx, const struct cd_cert_params *params,
		      gnutls_privkey_t key, int with_extensions,
		      gnutls_x509_crq_t *out);

/* What certtool writes for a request: the text description, the
 * self-signature check, then the PEM (TEXT=0: the PEM only). */
int cd_request_export(struct cd_ctx *ctx, gnutls_x509_crq_t crq, int text,
		      gnutls_datum_t *out);

/* Load one request (PEM or DER) from PATH. */
int cd_request_load(struct cd_ctx *ctx, const char *path,
		    gnutls_x509_crq_t *out);

#endif
