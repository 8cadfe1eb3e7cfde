/* certdeck: a CA key held on a PKCS#11 token (a smart card, an HSM,
 * SoftHSM), reached through GnuTLS by its RFC 7512 URL. The key never
 * leaves the token: certdeck keeps only its URL (the store's
 * private/ca.key.url), never the PIN.
 *
 * The token's module is found by p11-kit (its modules/ configuration),
 * or named in the URL by the RFC 7512 query attribute module-path
 * ("pkcs11:token=ca;object=root?module-path=/usr/lib/softhsm/libsofthsm2.so"),
 * which certdeck then loads itself. The PIN: the one given, else the
 * environment variable GNUTLS_PIN (as p11tool reads it). */
#ifndef CD_TOKEN_H
#define CD_TOKEN_H

#include <gnutls/abstract.h>
#include <gnutls/gnutls.h>

#include "ctx.h"
#include "key.h"

/* The store's file holding the URL of a CA key on a token. */
#define CD_TOKEN_URL_FILE "private/ca.key.url"

/* Is S a PKCS#11 URL ("pkcs11:...")? */
int cd_token_is_url(const char *s);

/* Is URL usable as a key's place: "pkcs11:", no PIN in it (pin-value,
 * pin-source: a PIN is never recorded), its module (module-path) loaded. */
int cd_token_url_check(struct cd_ctx *ctx, const char *url);

/* Does using the key need a PIN nobody gave (GNUTLS_PIN unset)? */
int cd_token_pin_needed(void);

/* The private key URL names, as a signer; PIN (NULL: GNUTLS_PIN) logs in.
 * A wrong PIN is CD_E_PASSWORD, no such key CD_E_NOTFOUND. *FULL_URL (may
 * be NULL): the key's complete URL (token serial, id, label), with the
 * module-path of URL kept, for the store to record. */
int cd_token_load_key(struct cd_ctx *ctx, const char *url, const char *pin,
		      gnutls_privkey_t *out, char **full_url);

/* Generate a key of SPEC on the token URL names, labelled with its
 * object= attribute (required), unless a key already answers URL
 * (CD_E_EXISTS). Then as cd_token_load_key. */
int cd_token_generate_key(struct cd_ctx *ctx, const char *url, const char *pin,
			  const struct cd_key_params *spec,
			  gnutls_privkey_t *out, char **full_url);

#endif
