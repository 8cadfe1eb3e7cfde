/* certdeck: certificates and requests from a profile, the way certtool 3.7.9
 * builds them (same order of fields and extensions, hence the same DER).
 *
 * Signing is two steps so that a caller can lint the certificate first:
 * cd_issue_build() gives the to-be-signed certificate, cd_issue_sign()
 * signs it. */
#ifndef CD_ISSUE_H
#define CD_ISSUE_H

#include <gnutls/abstract.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "ctx.h"
#include "profile.h"

/* Where the subject comes from, and who signs. */
struct cd_issue_input {
	/* Exactly one of: a request (its DN and key are taken, its extensions
	 * only when the profile honours them), or a public key (the DN and
	 * extensions come from the profile). */
	gnutls_x509_crq_t request;
	gnutls_pubkey_t pubkey;
	/* The issuer; NULL for a self-signed certificate. */
	gnutls_x509_crt_t ca_crt;
};

/* CRT, to be signed by ISSUER, as certtool prints it before asking, with
 * the issuer's name, which it has not yet (none when ISSUER is NULL).
 * *TEXT: free it. */
int cd_issue_preview_text(struct cd_ctx *ctx, gnutls_x509_crt_t crt,
			  gnutls_x509_crt_t issuer, char **text);

/* The name constraints extension P's nc_* keywords make, as DER in *DER
 * (gnutls_free; empty when P has none). */
int cd_issue_name_constraints(struct cd_ctx *ctx,
			      const struct cd_cert_params *p,
			      gnutls_datum_t *der);

/* Build the to-be-signed certificate from PARAMS and IN (certtool's
 * generate_certificate, then the CRL distribution points: the profile's,
 * else the CA's). The serial is the
 * profile's, else 20 random octets with the top bit cleared. The clock
 * is cd_ctx_now(CTX). *OUT: gnutls_x509_crt_deinit it. */
int cd_issue_build(struct cd_ctx *ctx, const struct cd_cert_params *params,
		   const struct cd_issue_input *in, gnutls_x509_crt_t *out);

/* Sign TBS with SIGNER, issued by CA_CRT (NULL: self-signed), with the hash
 * certtool picks (the signer's preferred one). */
int cd_issue_sign(struct cd_ctx *ctx, gnutls_x509_crt_t tbs,
		  gnutls_x509_crt_t ca_crt, gnutls_privkey_t signer);

/* Both steps for a self-signed certificate of KEY. */
int cd_issue_selfsign(struct cd_ctx *ctx, const struct cd_cert_params *params,
		      gnutls_privkey_t key, gnutls_x509_crt_t *out);

/* The public key of KEY (certtool's load_public_key_or_import). */
int cd_issue_pubkey_of(struct cd_ctx *ctx, gnutls_privkey_t key,
		       gnutls_pubkey_t *out);

#endif
