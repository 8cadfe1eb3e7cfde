/* certdeck: renewal, three distinct ways to replace a certificate of the
 * store with a new one under the same name and a new serial:
 *   renew    the same key, subject and extensions, a new validity;
 *   re-key   a new key (by default of the old one's algorithm and size),
 *            the same subject and extensions;
 *   re-issue the same key, the subject and extensions edited (a template
 *            made from the old certificate, cd_renew_params_of, changed).
 * The old certificate stays in certs_by_serial/; issued/NAME.crt becomes
 * the new one; a re-key keeps the old private/NAME.key as
 * renewed/private_by_serial/OLDSERIAL.key, and writes a request of the
 * new key in place of reqs/NAME.req, kept as
 * renewed/reqs_by_serial/OLDSERIAL.req. With REVOKE_OLD the old
 * certificate is marked superseded in the same transaction (the same
 * index.txt) as the new one is recorded, so a kill leaves both or neither.
 *
 * The CA itself is renewed with its own key: same subject, key and
 * subject key identifier, a new validity and serial, so every certificate
 * it issued still verifies; the old ca.crt is kept as
 * renewed/ca/OLDSERIAL.crt. */
#ifndef CD_RENEW_H
#define CD_RENEW_H

#include <gnutls/abstract.h>
#include <gnutls/x509.h>

#include "ctx.h"
#include "key.h"
#include "lint.h"
#include "profile.h"
#include "store.h"

enum cd_renew_kind {
	CD_RENEW_SAME_KEY, /* renew */
	CD_RENEW_NEW_KEY,  /* re-key */
	CD_RENEW_REISSUE,  /* re-issue */
};

/* Called with the certificate as built, before it is signed (the store's
 * lock held), its issuer (NULL: the CA, self-signed) and ARG: a negative
 * return refuses, and nothing is written. */
typedef int (*cd_renew_check_fn)(struct cd_ctx *ctx, gnutls_x509_crt_t crt,
				 gnutls_x509_crt_t issuer, void *arg);

struct cd_renew_params {
	enum cd_renew_kind kind;
	const char *name; /* issued/NAME.crt; NULL: the CA (renew only) */
	long days;	  /* validity; 0: the old certificate's length */
	int revoke_old;	  /* mark the old one superseded, atomically */
	/* re-key: the new key; NULL: the old key's algorithm and size. */
	const struct cd_key_params *key;
	/* re-key: a key generated beforehand (a screen generates it on a
	 * thread), used instead of KEY; the caller keeps it. */
	gnutls_x509_privkey_t new_key;
	/* re-issue: the template (from cd_renew_params_of, edited); its
	 * serial is set to the new one. */
	struct cd_cert_params *params;
	/* Lint, say (the command line's, as sign does); NULL: none. */
	cd_renew_check_fn check;
	void *check_arg;
	/* The new serial (CD_STORE_SERIAL_SIZE octets), as a preview showed
	 * it; NULL, or one taken meanwhile: a fresh one. */
	const unsigned char *serial;
	/* The CA: renew it although certificates name its serial in their
	 * authority key identifier (which the new serial breaks). */
	int force;
};

struct cd_renew_result {
	char old_serial[CD_SERIAL_HEX_MAX];
	char new_serial[CD_SERIAL_HEX_MAX];
	char kept[300]; /* where the old key or CA certificate went, or "" */
	char kept_request[300]; /* where the old request went (re-key) */
	time_t not_after;
};

/* Replace the certificate P->NAME (or the CA's) as P says, signed with
 * CA_KEY. Takes the store's lock. */
int cd_renew(struct cd_ctx *ctx, struct cd_store *store,
	     const struct cd_renew_params *p, gnutls_privkey_t ca_key,
	     struct cd_renew_result *res);

/* The certificate NAME of STORE (issued/NAME.crt; NULL: ca.crt). */
int cd_renew_load(struct cd_ctx *ctx, const struct cd_store *store,
		  const char *name, gnutls_x509_crt_t *out);

/* CRT as a certtool template: its subject (the known parts by keyword,
 * others as dn_oid), alternative names, basic constraints, key usage,
 * key purposes, CRL distribution points, OCSP and CA issuers URIs, and
 * expiration_days its validity length. PARAMS must be initialised. */
int cd_renew_params_of(struct cd_ctx *ctx, gnutls_x509_crt_t crt,
		       struct cd_cert_params *params);

/* Every keyword OVER sets replaces BASE's values of that keyword (a
 * template edits the old certificate's: its lists replace, not add).
 * Where BASE holds an extension copied whole (cd_renew_params_of), the
 * names of the kinds OVER gives go from the copy, the others staying;
 * OVER's policies replace all of BASE's. */
int cd_renew_params_merge(struct cd_ctx *ctx, struct cd_cert_params *base,
			  const struct cd_cert_params *over);
/* Where PARAMS has both nc_* keywords and name constraints copied whole
 * (a re-issue's template edited), the keywords' constraints join the
 * copy, which then holds them all: two extensions cannot. */
int cd_renew_params_join_constraints(struct cd_ctx *ctx,
				     struct cd_cert_params *params);

/* The certificate P would sign in place of OLD (P->NAME's), unsigned,
 * with a serial the store would give now: what a screen shows before
 * asking. *OUT: gnutls_x509_crt_deinit() it. */
int cd_renew_build_preview(struct cd_ctx *ctx, const struct cd_store *store,
			   const struct cd_renew_params *p,
			   gnutls_x509_crt_t old, gnutls_x509_crt_t *out);

/* The validity length of CRT in days (rounded). */
long cd_renew_days_of(gnutls_x509_crt_t crt);

/* The key CRT holds, as key parameters (algorithm, bits, curve). */
int cd_renew_key_params_of(struct cd_ctx *ctx, gnutls_x509_crt_t crt,
			   struct cd_key_params *key);

/* --- a renewal prepared by a screen ------------------------------------ */

/* The old certificate read (and, for a re-key, the new key generated)
 * before anything is written; the TUI holds one while it asks. */
struct cd_renew_draft;

/* Open the renewal of NAME (NULL: the CA). */
int cd_renew_draft_open(struct cd_ctx *ctx, const struct cd_store *store,
			const char *name, struct cd_renew_draft **out);
void cd_renew_draft_free(struct cd_renew_draft *draft);
/* The old certificate's serial (index.txt's hex), validity length in
 * days, and whether its key is RSA (certtool then asks more). */
const char *cd_renew_draft_serial(const struct cd_renew_draft *draft);
long cd_renew_draft_days(const struct cd_renew_draft *draft);
int cd_renew_draft_is_rsa(const struct cd_renew_draft *draft);
/* The old certificate as a template (cd_renew_params_of). */
int cd_renew_draft_params(struct cd_ctx *ctx,
			  const struct cd_renew_draft *draft,
			  struct cd_cert_params *params);
/* A re-key's new key, of the old key's kind: slow for RSA, so a screen
 * runs it on a thread with a CTX of its own. */
int cd_renew_draft_generate_key(struct cd_ctx *ctx,
				struct cd_renew_draft *draft);
/* What P would sign (its name and new key are the draft's): certtool's
 * description of the unsigned certificate (*TEXT: free() it) and its
 * lint findings against the store's CA (appended to REPORT). The serial
 * it shows is kept in the draft, and given by the commit. */
int cd_renew_draft_preview(struct cd_ctx *ctx, const struct cd_store *store,
			   struct cd_renew_draft *draft,
			   const struct cd_renew_params *p, char **text,
			   struct cd_lint_report *report);
/* P's re-issue template as a certtool template (*TEXT: free() it). */
int cd_renew_draft_template(struct cd_ctx *ctx, const struct cd_renew_params *p,
			    char **text);
/* Do it: P's kind, days, revoke_old and params (its name and new key are
 * the draft's), signed with the CA key opened with PASSWORD (its token's
 * PIN; NULL: none). Lint runs before signing, as the sign wizard's: an
 * error-level finding refuses (CD_E_LINT) and nothing is written; P's
 * own check, when set, replaces it. */
int cd_renew_draft_commit(struct cd_ctx *ctx, struct cd_store *store,
			  struct cd_renew_draft *draft,
			  struct cd_renew_params *p, const char *password,
			  struct cd_renew_result *res);

#endif
