/* certdeck: when the store's CRL (crl.pem) must be replaced, for `check`. */
#ifndef CD_CRLEXPIRY_H
#define CD_CRLEXPIRY_H

#include <time.h>

#include "ctx.h"
#include "store.h"

/* The next update of STORE's crl.pem in *NEXT; *PRESENT is 0 (and the
 * rest untouched) when the store has no CRL. A CRL without a next update
 * gives (time_t)-1. */
int cd_crl_next_update(struct cd_ctx *ctx, const struct cd_store *store,
		       int *present, time_t *next);

#endif
