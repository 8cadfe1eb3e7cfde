/* certdeck: a certificate of the store given to other programs: PEM or
 * DER, with its chain (with or without the root), or as PKCS #12 with its
 * key, in a modern (PBES2 AES-256, HMAC-SHA256) or a legacy (3DES key,
 * RC2-40 certificates, HMAC-SHA1, for old clients) variant. */
#ifndef CD_EXPORT_H
#define CD_EXPORT_H

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "ctx.h"
#include "store.h"

/* The certificate NAME of STORE (ca.crt for "ca", else issued/NAME.crt),
 * then, when CHAIN, its issuers found among ca.crt and EXTRA (N_EXTRA
 * certificates: the parents of an intermediate CA), up to the root, which
 * is kept only when ROOT. *LIST: cd_crt_list_free() it. */
int cd_export_chain(struct cd_ctx *ctx, const struct cd_store *store,
		    const char *name, const gnutls_x509_crt_t *extra,
		    unsigned n_extra, int chain, int root,
		    gnutls_x509_crt_t **list, unsigned *count);

/* Does LIST (COUNT, leaf first) stop short of a root? 1 when its last
 * certificate is not self-signed, its issuer's name in *MISSING (free
 * it); 0 when it ends with a root. */
int cd_export_chain_missing(struct cd_ctx *ctx, const gnutls_x509_crt_t *list,
			    unsigned count, char **missing);

/* The private key of NAME (private/ca.key for "ca", else
 * private/NAME.key), with PASSWORD when it is encrypted. */
int cd_export_key(struct cd_ctx *ctx, const struct cd_store *store,
		  const char *name, const char *password,
		  gnutls_x509_privkey_t *key);

/* LIST as PEM, or as DER (one certificate only), in OUT (gnutls_free). */
int cd_export_certificates(struct cd_ctx *ctx, const gnutls_x509_crt_t *list,
			   unsigned count, int der, gnutls_datum_t *out);

enum cd_p12_variant {
	CD_P12_MODERN, /* PBES2 AES-256 for key and certificates, SHA-256 MAC */
	CD_P12_LEGACY  /* 3DES key, RC2-40 certificates, SHA-1 MAC */
};

/* LIST (leaf first) and KEY (the leaf's; NULL: none) as a PKCS #12 file
 * (DER, in OUT: gnutls_free it) under PASSWORD, the leaf and key carrying
 * FRIENDLY as friendly name and the leaf's key id as local key id. */
int cd_export_pkcs12(struct cd_ctx *ctx, const gnutls_x509_crt_t *list,
		     unsigned count, gnutls_x509_privkey_t key,
		     const char *password, const char *friendly,
		     enum cd_p12_variant variant, gnutls_datum_t *out);

#endif
