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
#include "draft.h"
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

/* Take over KEY, generated for the wizard (draft.h): it is a new key,
 * written as private/NAME.key with the request. KEY is freed. */
void cd_reqdraft_take_key(struct cd_ctx *ctx, struct cd_reqdraft *d,
			  struct cd_draft_key *key);
/* Is NAME a key of STORE a request can use (private/NAME.key, not the
 * CA's)? 0, or CD_E_INVALID with a message. */
int cd_reqdraft_store_key_check(struct cd_ctx *ctx,
				const struct cd_store *store, const char *name);
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
