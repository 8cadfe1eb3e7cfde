/* certdeck: the plan of a signature: a request of the store and a profile
 * side by side, extension by extension (what the request asks, what the
 * certificate will hold, where that comes from), with a choice per
 * extension of the request: honour it (honor_crq_ext with its OID) or
 * drop it. certtool only asks "Do you want to honour all the extensions
 * from the request? (y/N)"; the plan lets a front end decide each.
 *
 * The plan signs through the store's batch path (begin, add, build, lint,
 * commit), so that lint runs as for `certdeck sign`. */
#ifndef CD_SIGNPLAN_H
#define CD_SIGNPLAN_H

#include <stddef.h>
#include <time.h>

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "ctx.h"
#include "lint.h"
#include "profile.h"
#include "store.h"

/* Where the certificate's value of an extension comes from. */
enum cd_signplan_origin {
	CD_ORIGIN_NONE = 0, /* not in the certificate */
	CD_ORIGIN_REQUEST,  /* the request's, copied as it is */
	CD_ORIGIN_PROFILE,  /* the profile's (the request's, if honoured,
			       is replaced) */
	CD_ORIGIN_EDITED,   /* the profile's as the form changed it */
	CD_ORIGIN_MERGED,   /* the request's and the profile's together */
	CD_ORIGIN_ISSUER,   /* computed from the keys (key identifiers) */
};

struct cd_signplan_row {
	char oid[128];
	const char *name;   /* readable, translated; the OID when unknown */
	char *request_text; /* NULL: the request does not carry it */
	char *cert_text;    /* NULL: the certificate will not hold it */
	int request_critical, cert_critical;
	enum cd_signplan_origin origin;
	int honour; /* the request's extension is copied (request rows) */
};

struct cd_signplan {
	struct cd_signplan_row *rows;
	size_t n;
	char *name; /* reqs/NAME.req */
	gnutls_x509_crq_t request;
	gnutls_x509_crt_t ca_crt;	       /* the store's, borrowed */
	struct cd_cert_params profile, edited; /* copies */
};

/* Load reqs/NAME.req of STORE and plan its signature with PROFILE as the
 * store holds it and EDITED as a form changed it (the same values when
 * nothing was edited). The honour choices start from EDITED's
 * honor_crq_extensions / honor_crq_ext; when neither says anything, the
 * request's subject alternative names are honoured if the profile gives
 * none of its own (a TLS certificate without them is refused by lint). */
int cd_signplan_load(struct cd_ctx *ctx, struct cd_signplan *plan,
		     struct cd_store *store, const char *name,
		     const struct cd_cert_params *profile,
		     const struct cd_cert_params *edited);

/* The same with a request already loaded (REQ is copied). */
int cd_signplan_init(struct cd_ctx *ctx, struct cd_signplan *plan,
		     gnutls_x509_crq_t req, gnutls_x509_crt_t ca_crt,
		     const struct cd_cert_params *profile,
		     const struct cd_cert_params *edited);

void cd_signplan_free(struct cd_signplan *plan);

/* Honour (1) or drop (0) the request's extension of ROW, and work the
 * certificate's values out again. CD_E_INVALID for a row the request
 * does not carry. */
int cd_signplan_set_honour(struct cd_ctx *ctx, struct cd_signplan *plan,
			   size_t row, int honour);

/* Replace the edited profile (a form changed it) and work the rows out
 * again; the honour choices start again from EDITED. */
int cd_signplan_set_edited(struct cd_ctx *ctx, struct cd_signplan *plan,
			   const struct cd_cert_params *edited);

/* Is the request's key RSA (certtool asks RSA keys about signing and
 * encryption)? */
int cd_signplan_request_is_rsa(const struct cd_signplan *plan);

/* How many days the certificate would outlive the CA's certificate (0
 * when it does not); *CA_END (may be NULL): when the CA's expires. */
long cd_signplan_days_past_ca(struct cd_ctx *ctx,
			      const struct cd_signplan *plan, time_t *ca_end);

/* The parameters the signature uses: the edited profile, with
 * honor_crq_ext the OIDs chosen and honor_crq_extensions off. */
int cd_signplan_params(struct cd_ctx *ctx, const struct cd_signplan *plan,
		       struct cd_cert_params *out);

/* A translated word for ORIGIN ("request", "profile", ...). */
const char *cd_signplan_origin_name(enum cd_signplan_origin origin);

/* What the certificate will be: certtool's description of the
 * to-be-signed certificate (*TEXT: free() it) and its lint findings
 * (appended to REPORT, which may be NULL). */
int cd_signplan_preview(struct cd_ctx *ctx, const struct cd_signplan *plan,
			char **text, struct cd_lint_report *report);

/* The certtool template of cd_signplan_params() (*TEXT: free() it). */
int cd_signplan_template(struct cd_ctx *ctx, const struct cd_signplan *plan,
			 char **text);

/* Sign with the store's CA key (PASSWORD when it is encrypted) into
 * issued/NAME.crt through the batch path. Lint findings go to REPORT;
 * an error-level one refuses (CD_E_LINT) and nothing is written.
 * SERIAL (may be NULL, CD_SERIAL_HEX_MAX bytes): the serial given. */
int cd_signplan_sign(struct cd_ctx *ctx, const struct cd_signplan *plan,
		     struct cd_store *store, const char *password,
		     struct cd_lint_report *report, char *serial);

#endif
