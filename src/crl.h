/* certdeck: the store's CRL (crl.pem, numbered from the file crlnumber as
 * `openssl ca -gencrl` numbers them).
 *
 * GnuTLS cannot put a reason code or an invalidity date on a CRL entry,
 * so the TBSCertList is encoded here with libtasn1 (src/crl.asn) and
 * signed with the CA key through gnutls_privkey_sign_data2. */
#ifndef CD_CRL_H
#define CD_CRL_H

#include <time.h>

#include <gnutls/abstract.h>

#include "ctx.h"
#include "store.h"

/* easy-rsa's default (EASYRSA_CRL_DAYS) when neither the flag nor the
 * template's crl_next_update says. */
#define CD_CRL_DEFAULT_DAYS 180

struct cd_crl_info {
	char number[CD_SERIAL_HEX_MAX]; /* the CRL number, in hex */
	size_t entries;
	time_t this_update, next_update;
};

/* Sign a CRL of every revoked certificate of STORE's index.txt with KEY,
 * valid for DAYS days, and write it as crl.pem with the next number in
 * crlnumber, in one transaction. Takes the lock. */
int cd_crl_make(struct cd_ctx *ctx, struct cd_store *store,
		gnutls_privkey_t key, long days, struct cd_crl_info *info);

/* The next update of the store's CRLs, in days: the ca template's
 * crl_next_update, else CD_CRL_DEFAULT_DAYS. */
int cd_crl_default_days(struct cd_ctx *ctx, const struct cd_store *store,
			long *days);

/* cd_crl_make() with the store's CA key (PASSWORD: its password or the
 * token's PIN, NULL when none is needed) and the default days. */
int cd_crl_publish(struct cd_ctx *ctx, struct cd_store *store,
		   const char *password, struct cd_crl_info *info);

/* The store's crl.pem, parsed (deinit it); *OUT NULL when there is none;
 * a negative CD_E_* when it cannot be read. */
int cd_crl_load_published(struct cd_ctx *ctx, const struct cd_store *store,
			  gnutls_x509_crl_t *out);
/* The next update of STORE's crl.pem in *NEXT; *PRESENT is 0 (and the
 * rest untouched) when the store has no CRL. A CRL without a next update
 * gives (time_t)-1. */
int cd_crl_next_update(struct cd_ctx *ctx, const struct cd_store *store,
		       int *present, time_t *next);

#endif
