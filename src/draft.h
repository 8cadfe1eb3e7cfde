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

/* A key generated for a wizard, not yet written anywhere. */
struct cd_draft_key {
	gnutls_x509_privkey_t key;
	const struct cd_key_choice *choice;
};

/* Generate a key of CHOICE (RSA 4096 takes seconds: run it on a thread,
 * with a CTX of its own). *OUT: cd_draft_key_free it. */
int cd_draft_key_generate(struct cd_ctx *ctx,
			  const struct cd_key_choice *choice,
			  struct cd_draft_key **out);
void cd_draft_key_free(struct cd_draft_key *key);
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

/* A CA certificate as it will be. */
struct cd_draft_ca {
	gnutls_x509_crt_t crt;	    /* signed by the draft key */
	char *text;		    /* as certtool -i prints it */
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
/* Create the store DIR with that key and certificate (cd_ca_init_from);
 * PASSWORD (NULL or empty: none) encrypts private/ca.key. */
int cd_draft_ca_commit(struct cd_ctx *ctx, const struct cd_draft_ca *ca,
		       const struct cd_draft_key *key, const char *dir,
		       const char *password, struct cd_store **out);
void cd_draft_ca_free(struct cd_draft_ca *ca);

#endif
