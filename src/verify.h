/* certdeck: chain verification with diagnostics a person can act on.
 *
 * A verifier holds what does not change from one certificate to the next
 * (the trust list, the untrusted intermediates, the CRLs), so that many
 * certificates are checked against one list loaded once. GnuTLS gives the
 * verdict (gnutls_x509_trust_list_verify_crt2 with typed data for the peer
 * name and the purpose); certdeck then works out why, certificate by
 * certificate, and says what to do about it. */
#ifndef CD_VERIFY_H
#define CD_VERIFY_H

#include <stddef.h>
#include <time.h>

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "ctx.h"

/* The default and largest --max-depth (GnuTLS builds no longer chains). */
#define CD_VERIFY_DEPTH_MAX 16

struct cd_verify_params {
	const char *const *trust; /* files of trusted certificates */
	size_t trust_count;
	const char *const *untrusted; /* files of intermediates */
	size_t untrusted_count;
	const char *const *crls; /* files of CRLs */
	size_t crl_count;
	int system_trust;      /* add the system's trusted CAs */
	const char *peer_name; /* DNS name or IP address, or NULL */
	const char *purpose;   /* key purpose OID (cd_verify_purpose_oid) */
	int has_time;	       /* check at TIME rather than the ctx clock */
	time_t time;
	int has_max_depth; /* else CD_VERIFY_DEPTH_MAX */
	int max_depth;	   /* intermediates allowed (openssl's -verify_depth) */
	int details; /* chain and reasons even for a verified certificate */
	/* The flags that gave TRUST and CRLS, for messages (NULL: "--trust"
	 * and "--crl", verify's own). */
	const char *trust_flag, *crl_flag;
	const char *cert; /* cd_verify(): the certificate (and chain) file */
};

enum cd_verify_reason_kind {
	CD_VR_EXPIRED,
	CD_VR_NOT_YET_VALID,
	CD_VR_UNKNOWN_ISSUER,
	CD_VR_SIGNER_NOT_CA,
	CD_VR_NO_KEY_CERT_SIGN,
	CD_VR_PATH_LENGTH,
	CD_VR_NAME_CONSTRAINTS,
	CD_VR_PURPOSE,
	CD_VR_NAME_MISMATCH,
	CD_VR_REVOKED,
	CD_VR_CRL_OUTDATED,
	CD_VR_CRL_IN_FUTURE,
	CD_VR_INSECURE_ALGORITHM,
	CD_VR_SIGNATURE,
	CD_VR_UNKNOWN_CRITICAL,
	CD_VR_MAX_DEPTH,
	CD_VR_OTHER,
};

struct cd_verify_reason {
	enum cd_verify_reason_kind kind;
	int depth;     /* the certificate concerned (0: the leaf), -1: none */
	char *message; /* what is wrong */
	char *hint;    /* what to do about it */
};

/* One certificate of the chain, as GnuTLS checked it. */
struct cd_verify_link {
	char *subject;
	char *issuer;
	char *checked_against; /* the issuer's subject; NULL: not found */
	char *signature_algorithm;
	char *crl;	 /* "CRL[number] of: issuer", or NULL */
	unsigned status; /* GNUTLS_CERT_* for this link */
	/* Validity of the certificate and of the one it was checked
	 * against; (time_t)-1: none (no expiration, or no issuer). */
	time_t not_before, not_after;
	time_t issuer_not_before, issuer_not_after;
};

struct cd_verify_result {
	unsigned status; /* GNUTLS_CERT_* of the whole chain; 0: verified */
	int verified;
	struct cd_verify_link *chain; /* leaf first */
	size_t chain_count;
	struct cd_verify_reason *reasons;
	size_t reason_count;
};

struct cd_verifier;

/* Load the trust list, intermediates and CRLs of P once. */
int cd_verifier_new(struct cd_ctx *ctx, const struct cd_verify_params *p,
		    struct cd_verifier **out);
void cd_verifier_free(struct cd_verifier *v);

/* Verify the certificate of PATH (its first certificate; the others are
 * intermediates for it). Returns 0 when the check ran (R says whether it
 * verified), or a negative CD_E_* when PATH cannot be read. */
int cd_verifier_check_file(struct cd_ctx *ctx, struct cd_verifier *v,
			   const char *path, struct cd_verify_result *r);
/* The files PATHS[0 .. N), each as cd_verifier_check_file() checks it,
 * on every core when there are many and P's files can be read again
 * (each core then makes a verifier of its own from P, the parameters V
 * was made with; standard input or a pipe is read once). FN is called on this
 * thread for each file, in order: with RET 0 and its result R (valid for
 * the call only), or with cd_verifier_check_file()'s negative RET and
 * its MESSAGE (R is then NULL). Returns 0, or a negative CD_E_* when a
 * core's verifier cannot be made or memory runs out: FN is then not
 * called for the files from the failing group of files on. */
typedef void (*cd_verify_file_fn)(void *arg, const char *path, int ret,
				  const char *message,
				  const struct cd_verify_result *r);
int cd_verifier_check_files(struct cd_ctx *ctx,
			    const struct cd_verify_params *p,
			    struct cd_verifier *v, const char *const *paths,
			    size_t n, cd_verify_file_fn fn, void *arg);
/* The same on certificates in memory: LIST[0] is the leaf. */
int cd_verifier_check(struct cd_ctx *ctx, struct cd_verifier *v,
		      gnutls_x509_crt_t *list, unsigned count,
		      struct cd_verify_result *r);

/* All of it for P->cert: 0 verified, CD_E_VERIFY not verified (R says
 * why), or another negative code on bad input. */
int cd_verify(struct cd_ctx *ctx, const struct cd_verify_params *p,
	      struct cd_verify_result *r);

void cd_verify_result_free(struct cd_verify_result *r);

/* "tls-server", "tls-client", "code-signing", "email-protection" or a
 * dotted OID, to the OID. */
int cd_verify_purpose_oid(struct cd_ctx *ctx, const char *name,
			  const char **oid);
/* UNIX seconds or YYYY-MM-DDTHH:MM:SSZ. */
int cd_verify_parse_time(struct cd_ctx *ctx, const char *text, time_t *out);

/* The names of the GNUTLS_CERT_* flags of STATUS, for JSON: calls FN with
 * each ("INVALID", "SIGNER_NOT_FOUND", ...). */
void cd_verify_status_names(unsigned status,
			    void (*fn)(void *arg, const char *name), void *arg);
/* GnuTLS's sentence for STATUS ("The certificate is trusted."...),
 * newly allocated (free it); NULL when out of memory. */
char *cd_verify_status_text(unsigned status);
/* A stable short name of KIND ("expired", "unknown-issuer", ...). */
const char *cd_verify_reason_code(enum cd_verify_reason_kind kind);

#endif
