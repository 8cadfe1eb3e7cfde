/* certdeck: revocation, recorded in index.txt as `openssl ca` records it.
 *
 * A revoked certificate's line has status R and, in its third field, the
 * revocation date (UTCTime, YYMMDDHHMMSSZ), then ",REASON" when a reason
 * was given, in openssl's spelling (CACompromise for cACompromise). An
 * invalidity date (GeneralizedTime) follows as openssl writes it:
 * "keyTime,DATE" for keyCompromise, "CAkeyTime,DATE" for cACompromise;
 * for the other reasons certdeck writes "REASON,DATE", which openssl ca
 * reads as REASON (it ignores the date). A certificate on hold
 * (certificateHold) can be released: its line becomes V again. */
#ifndef CD_REVOKE_H
#define CD_REVOKE_H

#include <time.h>

#include <gnutls/gnutls.h>
#include <libtasn1.h>

#include "ctx.h"
#include "store.h"

#define CD_REASON_NONE (-1)
#define CD_REASON_UNSPECIFIED 0
#define CD_REASON_KEY_COMPROMISE 1
#define CD_REASON_CA_COMPROMISE 2
#define CD_REASON_AA_COMPROMISE 10
#define CD_REASON_HOLD 6
#define CD_REASON_REMOVE_FROM_CRL 8

/* A revocation as index.txt records it. */
struct cd_revocation {
	time_t date;
	int reason; /* RFC 5280 CRLReason code, CD_REASON_NONE when none */
	int has_invalidity;
	time_t invalidity; /* when the key is known or suspected bad */
};

/* The RFC 5280 name of reason CODE ("keyCompromise"...), NULL if none. */
const char *cd_reason_name(int code);
/* What reason CODE means, for people (translated); NULL if none. */
const char *cd_reason_text(int code);
/* The code of NAME: an RFC 5280 name or openssl's, any case, of a reason
 * index.txt can record (not privilegeWithdrawn, aACompromise). */
int cd_reason_parse(struct cd_ctx *ctx, const char *name, int *code);
/* Call FN with the code of each reason index.txt can record, in RFC
 * 5280's order. */
void cd_reason_each(void (*fn)(void *arg, int code), void *arg);

/* Read and write the third field of an index.txt line. */
int cd_revocation_parse(struct cd_ctx *ctx, const char *field,
			struct cd_revocation *r);
int cd_revocation_format(struct cd_ctx *ctx, const struct cd_revocation *r,
			 char out[64]);

/* T as index.txt and a CRL write it: UTCTime (YYMMDDHHMMSSZ) from 1950
 * to 2049, GeneralizedTime (YYYYMMDDHHMMSSZ) otherwise. */
void cd_asn1_time(time_t t, char out[16]);
/* GeneralizedTime (YYYYMMDDHHMMSSZ) always, as CRL and OCSP fields want. */
void cd_generalized_time(time_t t, char out[16]);
/* Parse an index.txt date (YYMMDDHHMMSSZ or YYYYMMDDHHMMSSZ). */
int cd_index_time_parse(const char *text, time_t *out);

/* The DER of element NAME ("" for the whole) of NODE into OUT
 * (gnutls_free it), for the CRL and the OCSP encoders; a failure says
 * "WHAT: libtasn1's reason". */
int cd_der_encode(struct cd_ctx *ctx, asn1_node node, const char *name,
		  const char *what, gnutls_datum_t *out);

struct cd_revoke_params {
	const char *target; /* NAME (issued/NAME.crt) or a serial in hex */
	int reason;	    /* CD_REASON_NONE: no reason recorded */
	int has_invalidity;
	time_t invalidity;
	int release; /* lift a hold instead (removeFromCRL does too) */
};

/* What cd_revoke() did. */
struct cd_revoke_result {
	char serial[CD_SERIAL_HEX_MAX];
	char *subject;
	struct cd_revocation revocation; /* the new one (none on release) */
	int changed_hold; /* a hold made permanent with another reason */
};

/* Revoke a certificate of STORE (or release its hold): one transaction
 * that replaces index.txt. Takes the lock. */
int cd_revoke(struct cd_ctx *ctx, struct cd_store *store,
	      const struct cd_revoke_params *p, struct cd_revoke_result *res);
void cd_revoke_result_free(struct cd_revoke_result *res);

/* The serial in index.txt's form for TARGET: NAME's certificate, else
 * TARGET itself read as hex (colons allowed, leading zeros dropped). */
int cd_revoke_find_serial(struct cd_ctx *ctx, const struct cd_store *store,
			  const char *target, char serial[CD_SERIAL_HEX_MAX]);

/* Is the certificate SERIAL (index.txt's hex) revoked in the store? 1
 * (with its revocation in *R), 0, or a negative CD_E_* code when
 * index.txt cannot be read. */
int cd_revoke_status(struct cd_ctx *ctx, const struct cd_store *store,
		     const char *serial, struct cd_revocation *r);

/* Is the certificate SERIAL (index.txt's hex) on hold? 1, 0, or a
 * negative CD_E_* code when index.txt cannot be read. */
int cd_revoke_is_on_hold(struct cd_ctx *ctx, const struct cd_store *store,
			 const char *serial);

#endif
