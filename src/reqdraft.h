/* certdeck: a request being made for the store (certtool
 * --generate-request from a front end): its key, new or the store's, the
 * request built in memory, described as certtool --crq-info prints it,
 * linted, with the certtool commands and template doing the same. Only
 * cd_reqdraft_commit() writes: reqs/NAME.req, and private/NAME.key for a
 * new key, in one transaction under the store's lock. */
#ifndef CD_REQDRAFT_H
#define CD_REQDRAFT_H

#include <gnutls/x509.h>

#include "ctx.h"
#include "key.h"
#include "lint.h"
#include "profile.h"
#include "store.h"

struct cd_reqdraft {
	gnutls_x509_privkey_t key;
	int new_key;	    /* generated here: private/NAME.key is written */
	char key_name[128]; /* the store's key used, when not new */
	char key_label[64]; /* "RSA 3072 bits", ... */
	char key_args[64];  /* certtool's flags for a new key */
	gnutls_x509_crq_t crq;
	char *text;	     /* certtool --crq-info */
	char *template_text; /* the answers as a certtool template */
	char *commands;	     /* certtool's commands doing the same */
	struct cd_lint_report lint;
};

void cd_reqdraft_init(struct cd_reqdraft *d);
void cd_reqdraft_free(struct cd_reqdraft *d);

/* Parse the key a person asks for: "rsa", "rsa:4096", "ecdsa",
 * "ecdsa:p384", "ed25519", "ed448" (a new key), else the NAME of the
 * store's private/NAME.key. NEW: 1 with SPEC filled for a new key, 0 for
 * a store key. CD_E_INVALID with a message otherwise. */
int cd_reqdraft_key_spec(struct cd_ctx *ctx, const struct cd_store *store,
			 const char *text, int *is_new,
			 struct cd_key_params *spec);

/* A new key of SPEC (RSA 4096 takes seconds: run it on a thread, with a
 * context of its own). */
int cd_reqdraft_new_key(struct cd_ctx *ctx, struct cd_reqdraft *d,
			const struct cd_key_params *spec);
/* The store's private/NAME.key (PASSWORD when encrypted). */
int cd_reqdraft_store_key(struct cd_ctx *ctx, struct cd_reqdraft *d,
			  const struct cd_store *store, const char *name,
			  const char *password);
/* Is the key RSA (certtool asks RSA keys about signing and encryption)? */
int cd_reqdraft_key_is_rsa(const struct cd_reqdraft *d);

/* Build the request from PARAMS for NAME, its description, lint findings,
 * template and commands (replacing those of an earlier build). */
int cd_reqdraft_build(struct cd_ctx *ctx, struct cd_reqdraft *d,
		      const struct cd_cert_params *params, const char *name);

/* Write reqs/NAME.req (and private/NAME.key, 0600, for a new key) into
 * STORE, atomically, under its lock. A name taken is refused
 * (CD_E_EXISTS) and nothing is written. */
int cd_reqdraft_commit(struct cd_ctx *ctx, const struct cd_reqdraft *d,
		       struct cd_store *store, const char *name);

#endif
