/* certdeck: what a wizard prepares before anything is written: a new key
 * (generated on a thread while the screen waits), and a new CA built and
 * self-signed in memory, described as certtool would print it, linted,
 * and given as the certtool commands and template that would make it.
 * Only the *_save and *_commit calls write to the store. */
#ifndef CD_DRAFT_H
#define CD_DRAFT_H

#include <stddef.h>

#include <gnutls/x509.h>

#include "ctx.h"
#include "key.h"
#include "lint.h"
#include "profile.h"
#include "store.h"

/* The keys a wizard offers. */
struct cd_key_choice {
	const char *label;	   /* N_(): "RSA 3072 bits" */
	const char *certtool_args; /* "--key-type rsa --bits 3072" */
	struct cd_key_params params;
	int rsa; /* certtool asks RSA keys about signing and encryption */
};

/* The choices, ending with a NULL label; the default is
 * cd_key_choices[CD_KEY_CHOICE_DEFAULT] (RSA 3072, as certtool). */
extern const struct cd_key_choice cd_key_choices[];
#define CD_KEY_CHOICE_DEFAULT 1

/* A key generated for a wizard, not yet written anywhere; or a key on a
 * PKCS #11 token (found or generated there), of which only the URL is
 * ever written. */
struct cd_draft_key {
	gnutls_x509_privkey_t key;	    /* NULL for a key on a token */
	const struct cd_key_choice *choice; /* NULL: a token's own key */
	gnutls_privkey_t token_key;	    /* the key on a token */
	char *url;			    /* its complete URL */
	char *given_url;		    /* the URL as given */
	int generated;			    /* generated on the token */
};

/* Generate a key of CHOICE (RSA 4096 takes seconds: run it on a thread,
 * with a CTX of its own). *OUT: cd_draft_key_free it. */
int cd_draft_key_generate(struct cd_ctx *ctx,
			  const struct cd_key_choice *choice,
			  struct cd_draft_key **out);
void cd_draft_key_free(struct cd_draft_key *key);
/* The key on the PKCS #11 token URL names (src/token.h), logged in with
 * PIN (NULL: GNUTLS_PIN); GENERATE (NULL: none) generates one of that
 * choice there first, labelled with the URL's object=. A generated key
 * stays on the token whatever happens next. Slow on some tokens: run it
 * on a thread, with a CTX of its own. */
int cd_draft_key_from_token(struct cd_ctx *ctx, const char *url,
			    const char *pin,
			    const struct cd_key_choice *generate,
			    struct cd_draft_key **out);
/* Can a key of CHOICE be generated on a token (RSA or ECDSA)? */
int cd_key_choice_fits_token(const struct cd_key_choice *choice);
/* Is KEY an RSA key (certtool asks RSA keys about signing and
 * encryption)? */
int cd_draft_key_is_rsa(const struct cd_draft_key *key);
/* KEY for a person: "ECDSA P-256, sha256:1a2b..." (its type and the
 * public key id certtool -k prints). */
int cd_draft_key_describe(struct cd_ctx *ctx, const struct cd_draft_key *key,
			  char *buf, size_t size);
/* Write KEY as private/NAME.key in STORE (0600, atomically, under the
 * store's lock), encrypted with PASSWORD unless it is NULL or empty.
 * Refused: a bad NAME, or one already taken (CD_E_EXISTS). */
int cd_draft_key_save(struct cd_ctx *ctx, struct cd_store *store,
		      const char *name, const struct cd_draft_key *key,
		      const char *password);

/* A CA certificate as it will be, or an intermediate CA's request. */
struct cd_draft_ca {
	gnutls_x509_crt_t crt;	    /* signed by the draft key */
	gnutls_x509_crq_t crq;	    /* or the intermediate's request */
	char *text;		    /* as certtool -i (--crq-info) prints it */
	char *template_text;	    /* the answers, as a certtool template */
	char *commands;		    /* the certtool commands doing the same */
	struct cd_lint_report lint; /* what lint finds in it */
};

/* Complete PARAMS as init-ca does (cd_ca_params_complete), then build
 * and self-sign the CA certificate with KEY. ENCRYPTED: the key will be
 * written with a password (the certtool commands say so). Nothing is
 * written. */
int cd_draft_ca_build(struct cd_ctx *ctx, const struct cd_draft_key *key,
		      struct cd_cert_params *params, int encrypted,
		      struct cd_draft_ca *out);
/* The same for an intermediate CA: its request (reqs/ca.req), as
 * init-ca --intermediate makes it, in OUT->crq. */
int cd_draft_ca_build_request(struct cd_ctx *ctx,
			      const struct cd_draft_key *key,
			      struct cd_cert_params *params, int encrypted,
			      struct cd_draft_ca *out);
/* Create the store DIR with that key and certificate (cd_ca_init_from),
 * or key and request (cd_ca_init_request_from: an intermediate store
 * waiting for its certificate);
 * PASSWORD (NULL or empty: none) encrypts private/ca.key. For a key on
 * a token, the store records its URL (private/ca.key.url) and PASSWORD
 * is not used. */
int cd_draft_ca_commit(struct cd_ctx *ctx, const struct cd_draft_ca *ca,
		       const struct cd_draft_key *key, const char *dir,
		       const char *password, struct cd_store **out);
void cd_draft_ca_free(struct cd_draft_ca *ca);

#endif
