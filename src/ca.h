/* certdeck: what a CA does with its store: create itself (root or
 * intermediate), and issue certificates, one or many in one transaction.
 *
 * Issuing is a batch in three steps, so that a front end can lint each
 * certificate before anything is signed:
 *   cd_ca_batch_begin()   locks the store;
 *   cd_ca_batch_add_*()   builds each to-be-signed certificate with a fresh
 *                         serial (batch->jobs[i].crt, for cd_lint_*);
 *   cd_ca_batch_commit()  signs them all and records them atomically;
 *   cd_ca_batch_end()     unlocks and frees. */
#ifndef CD_CA_H
#define CD_CA_H

#include <gnutls/abstract.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "ctx.h"
#include "key.h"
#include "lint.h"
#include "profile.h"
#include "store.h"

struct cd_ca_init {
	const char *dir;
	struct cd_key_params key; /* checked by cd_key_generate() */
	const char *password;	  /* encrypts private/ca.key; NULL: plain */
	int intermediate;	  /* key and request only: reqs/ca.req */
	/* The key on a PKCS#11 token (src/token.h) instead of private/ca.key:
	 * the store records its URL in private/ca.key.url. PASSWORD is then
	 * the token's PIN (NULL: GNUTLS_PIN). KEY_GENERATE: generate the key
	 * there (of KEY), labelled with the URL's object=; else use the key
	 * the URL names. */
	const char *key_url;
	int key_generate;
};

/* Create the store INIT->DIR with its CA from PARAMS (ca, cert_signing_key
 * and crl_signing_key are added; 3650 days unless given). Nothing is left
 * behind on failure (but a key generated on a token stays there). *OUT
 * (may be NULL): the open store. */
int cd_ca_init(struct cd_ctx *ctx, const struct cd_ca_init *init,
	       struct cd_cert_params *params, struct cd_store **out);

/* What init-ca adds to PARAMS for a root CA: ca, cert_signing_key,
 * crl_signing_key (told when a template forgot it), 3650 days unless
 * given. Fails when PARAMS give no name (cn or dn). */
int cd_ca_params_complete(struct cd_ctx *ctx, struct cd_cert_params *params);
/* Create the store DIR (as cd_ca_init) from a key and its self-signed CA
 * certificate built beforehand (a wizard shows the certificate before it
 * is written); PASSWORD encrypts private/ca.key (NULL: plain). */
int cd_ca_init_from(struct cd_ctx *ctx, const char *dir,
		    gnutls_x509_privkey_t key, gnutls_x509_crt_t crt,
		    const char *password, struct cd_store **out);
/* The same for a key on a PKCS #11 token: the store records KEY_URL
 * (private/ca.key.url) and no key file. */
int cd_ca_init_from_url(struct cd_ctx *ctx, const char *dir,
			const char *key_url, gnutls_x509_crt_t crt,
			struct cd_store **out);
/* The same for an intermediate CA (as cd_ca_init with INTERMEDIATE),
 * from its request CRQ built beforehand and signed by KEY, or by the key
 * on a token that KEY_URL names (KEY is then NULL): the store holds the
 * key (PASSWORD encrypts it; NULL: plain) or its URL, and reqs/ca.req,
 * and waits for the certificate its parent signs. */
int cd_ca_init_request_from(struct cd_ctx *ctx, const char *dir,
			    gnutls_x509_privkey_t key, const char *key_url,
			    gnutls_x509_crq_t crq, const char *password,
			    struct cd_store **out);
/* Complete a pending intermediate store with the certificate its parent
 * issued from reqs/ca.req (checked: a CA certificate for private/ca.key). */
int cd_ca_install_certificate(struct cd_ctx *ctx, struct cd_store *store,
			      const char *password, gnutls_x509_crt_t crt);
/* The same from the certificate file PATH, the store unlocked after. */
int cd_ca_install_certificate_file(struct cd_ctx *ctx, struct cd_store *store,
				   const char *password, const char *path);
/* Is STORE an intermediate one waiting for its certificate? */
int cd_store_is_pending(const struct cd_store *store);

/* Fill in what `issue NAME` implies when the profile leaves it out: the
 * common name NAME, and for a TLS server NAME as dNSName (or IP address). */
int cd_ca_params_for_name(struct cd_ctx *ctx, struct cd_cert_params *params,
			  const char *name);

struct cd_ca_job {
	char *name;		   /* issued/NAME.crt; NULL: none */
	gnutls_x509_crq_t request; /* what was signed */
	gnutls_x509_crt_t crt;	   /* to be signed, then signed */
	gnutls_datum_t key_pem;	   /* a key generated here */
	gnutls_datum_t req_pem;	   /* reqs/NAME.req to write */
	gnutls_datum_t crt_pem;	   /* once signed */
	gnutls_x509_privkey_t key; /* a key generated here, until built */
	int keep_request;	   /* reqs/NAME.req is the source */
	/* The name's own values (cd_ca_params_for_name), when defaulted. */
	char *def_cn, *def_dns, *def_ip;
	int pending; /* a request not yet checked and built */
};

struct cd_ca_batch {
	struct cd_store *store;
	struct cd_index index;
	char **serials; /* handed out in this batch, hex */
	struct cd_ca_job *jobs;
	size_t n_jobs;
	const struct cd_cert_params *params; /* of the pending requests */
};

int cd_ca_batch_begin(struct cd_ctx *ctx, struct cd_store *store,
		      struct cd_ca_batch *batch);

/* Sign REQ (consumed: the batch owns it) under NAME with PARAMS.
 * KEEP_REQUEST: it is the store's reqs/NAME.req already. */
int cd_ca_batch_add_request(struct cd_ctx *ctx, struct cd_ca_batch *batch,
			    const struct cd_cert_params *params,
			    const char *name, gnutls_x509_crq_t req,
			    int keep_request);

/* Check the signatures of the requests added and build their
 * certificates, on every core; before linting or committing. */
int cd_ca_batch_build(struct cd_ctx *ctx, struct cd_ca_batch *batch);

/* For each of the N NAMES, a new key of SPEC (generated on every core),
 * its request and certificate. NAME_DEFAULTS: each name is also the CN,
 * and a server's dNSName or IP address, where PARAMS give none
 * (cd_ca_params_for_name). */
int cd_ca_batch_add_new_keys(struct cd_ctx *ctx, struct cd_ca_batch *batch,
			     struct cd_cert_params *params,
			     const char *const *names, size_t n,
			     const struct cd_key_params *spec,
			     int name_defaults);

/* Lint every job's certificate against the store's CA, on every core:
 * REPORTS (one per job, initialised here; the caller frees them) get
 * each job's findings, for the caller to print and judge in order. */
int cd_ca_batch_lint(struct cd_ctx *ctx, struct cd_ca_batch *batch,
		     struct cd_lint_report *reports);

int cd_ca_batch_commit(struct cd_ctx *ctx, struct cd_ca_batch *batch,
		       gnutls_privkey_t ca_key);

void cd_ca_batch_end(struct cd_ca_batch *batch);

#endif
