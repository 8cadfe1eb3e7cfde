/* certdeck: export and import as one call each, file to file, for the TUI
 * (which never touches GnuTLS objects): the pieces are src/export.c's and
 * src/import.c's, which the command line drives flag by flag. */
#ifndef CD_EXCHANGE_H
#define CD_EXCHANGE_H

#include "ctx.h"
#include "store.h"

enum cd_export_form {
	CD_EXPORT_PEM,		/* the certificate, PEM */
	CD_EXPORT_DER,		/* the certificate, DER */
	CD_EXPORT_CHAIN,	/* PEM: it and its issuers, without the root */
	CD_EXPORT_FULL_CHAIN,	/* PEM: it and its issuers up to the root */
	CD_EXPORT_PKCS12,	/* its key and chain, PBES2 AES-256 */
	CD_EXPORT_PKCS12_LEGACY /* the same with 3DES and RC2-40 */
};

struct cd_export_job {
	const char *name; /* issued/NAME.crt, or "ca" */
	enum cd_export_form form;
	const char *outfile;
	int replace;		  /* OUTFILE may exist: replace it */
	const char *password;	  /* PKCS #12: the file's password */
	const char *friendly;	  /* PKCS #12: its friendly name (NULL: NAME) */
	const char *key_password; /* the store key's, when it is encrypted */
	const char *issuers; /* a chain: more CA certificates (PEM), or NULL */
};

/* Is FORM a PKCS #12 one (a password, a friendly name, the key)? */
int cd_export_form_is_pkcs12(enum cd_export_form form);
/* The file extension usual for FORM ("pem", "der", "p12"). */
const char *cd_export_form_ext(enum cd_export_form form);
/* Does FORM hold NAME's issuers (a chain, PKCS #12)? */
int cd_export_form_has_chain(enum cd_export_form form);
/* Does FORM hold the root? */
int cd_export_form_has_root(enum cd_export_form form);
/* Does exporting NAME as PKCS #12 need the store key's password? */
int cd_export_needs_key_password(struct cd_ctx *ctx,
				 const struct cd_store *store,
				 const char *name);

/* Does NAME's chain, built from ca.crt and the certificates of ISSUERS
 * (a PEM file; NULL: none), stop short of a root? 1 when it ends with a
 * certificate that is not self-signed, whose issuer's name is then in
 * *MISSING (free it): an intermediate store holds its own certificate
 * only; 0 when it reaches a root. */
int cd_export_chain_open(struct cd_ctx *ctx, const struct cd_store *store,
			 const char *name, const char *issuers, char **missing);

/* Write JOB's file (certificates 0644, PKCS #12 0600, atomically; an
 * existing OUTFILE is refused unless JOB->REPLACE). *COUNT: how many
 * certificates it holds. MISSING (may be NULL): when JOB's form holds the
 * root but the chain written stops short of one, the name of the issuer
 * it lacks (free it), as cd_export_chain_open() tells; else NULL. */
int cd_export_write(struct cd_ctx *ctx, const struct cd_store *store,
		    const struct cd_export_job *job, unsigned *count,
		    char **missing);

enum cd_import_form {
	CD_IMPORT_PKCS12, /* a password is needed */
	CD_IMPORT_PKCS7,
	CD_IMPORT_CERTIFICATES, /* PEM (or DER) certificates */
	CD_IMPORT_REQUEST,	/* a PKCS #10 request */
};

/* A failure when DATA (from PATH) is PEM with a private key and
 * certificates, which the store takes only as PKCS #12; else 0. */
int cd_import_key_with_certificates(struct cd_ctx *ctx,
				    const gnutls_datum_t *data,
				    const char *path);

/* What PATH holds, or a failure saying it is none of the above. */
int cd_import_form_of(struct cd_ctx *ctx, const char *path,
		      enum cd_import_form *form);

/* What is imported under a name (cd_import_name_check). */
enum cd_import_what {
	CD_IMPORT_WHAT_CERTS,	/* certificates: issued/NAME.crt */
	CD_IMPORT_WHAT_KEYED,	/* and a key: private/NAME.key too */
	CD_IMPORT_WHAT_REQUEST, /* reqs/NAME.req, signed into the others */
};
/* Can NAME be given to WHAT is imported into STORE: a usable new name
 * (not ca), and none of the files it would make, or a request's
 * certificate and key would make, in the store already? 0, or why. */
int cd_import_name_check(struct cd_ctx *ctx, const struct cd_store *store,
			 const char *name, enum cd_import_what what);
/* Record the request of PATH (PEM or DER, its signature checked) as
 * STORE's reqs/NAME.req, for signing; one that exists is refused. */
int cd_import_request_into_store(struct cd_ctx *ctx, struct cd_store *store,
				 const char *path, const char *name);

/* Record the first certificate of PATH (its key too, for PKCS #12, read
 * with PASSWORD) in STORE as NAME (cd_import_record). *HAS_KEY: a key
 * was recorded too. */
int cd_import_into_store(struct cd_ctx *ctx, struct cd_store *store,
			 const char *path, const char *password,
			 const char *name, int *has_key);

#endif
