/* certdeck: what verify.c (the verdict) hands to verify-why.c (the
 * reasons). Not part of the API. */
#ifndef CD_VERIFY_INT_H
#define CD_VERIFY_INT_H

#include "verify.h"

/* A CRL as loaded, kept for the diagnostics (the trust list owns its own
 * copy). */
struct verify_crl {
	gnutls_x509_crl_t crl;
	const char *file;
};

struct cd_verifier {
	gnutls_x509_trust_list_t list;
	gnutls_x509_crt_t *untrusted; /* the pool of intermediates */
	unsigned untrusted_count;
	struct verify_crl *crls;
	size_t crl_count;
	char **files; /* names the CRLs point at */
	size_t file_count;
	char purpose[128];    /* OID, "" for none */
	char peer[256];	      /* as given, "" for none */
	unsigned char ip[16]; /* the peer as an IP address */
	unsigned ip_len;      /* 4 or 16; 0: a DNS name */
	int has_time;
	time_t time;
	int max_depth;
	int details;
};

/* One call of GnuTLS's verify output function. */
struct verify_step {
	gnutls_x509_crt_t cert, issuer;
	gnutls_x509_crl_t crl;
	unsigned status;
};

#define VERIFY_PATH_MAX (CD_VERIFY_DEPTH_MAX + 2)

/* One certificate's check. */
struct verify_run {
	const struct cd_verifier *v;
	time_t now;
	gnutls_x509_crt_t path[VERIFY_PATH_MAX]; /* leaf ... anchor */
	unsigned chain_count;	/* certificates given (leaf, intermediates) */
	unsigned path_count;	/* chain_count, and the anchor when found */
	unsigned intermediates; /* CAs between the leaf and the anchor */
	struct verify_step *steps;
	size_t step_count, step_cap;
	int nomem;
};

/* Fill R->reasons from R->status and the run. */
int verify_explain(struct cd_ctx *ctx, struct verify_run *run,
		   struct cd_verify_result *r);

/* Helpers shared by both files: malloc'ed strings (NULL: no memory). */
char *verify_dn(gnutls_x509_crt_t crt);
char *verify_issuer_dn(gnutls_x509_crt_t crt);
char *verify_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void verify_date(time_t t, char out[32]);

#endif
