/* certdeck: private keys: generate, load, write. */
#ifndef CD_KEY_H
#define CD_KEY_H

#include <gnutls/abstract.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "ctx.h"

/* Load the private key of DATA (PEM or DER; PKCS#1, SEC1 or PKCS#8;
 * encrypted or not). NAME names the source in messages. PASSWORD may be
 * NULL: an encrypted key then fails with CD_E_PASSWORD and a message
 * asking for one; a wrong password also gives CD_E_PASSWORD. */
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

#endif
