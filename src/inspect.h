/* certdeck: describe certificates, requests, keys, CRLs and PKCS #12 files
 * (what certtool -i, -k, --crq-info, --crl-info and --p12-info show, with
 * fingerprints, pin-sha256 and the key's random art), as text or JSON. */
#ifndef CD_INSPECT_H
#define CD_INSPECT_H

#include <gnutls/gnutls.h>

#include "ctx.h"

/* What to look for; ANY detects it (PEM by its labels; DER by trying a
 * certificate, a request, a CRL, a PKCS #12 file, then a private key). */
enum cd_inspect_type {
	CD_INSPECT_ANY = 0,
	CD_INSPECT_CERT,
	CD_INSPECT_REQUEST,
	CD_INSPECT_KEY,
	CD_INSPECT_CRL,
	CD_INSPECT_PKCS12,
};

struct cd_inspect_opts {
	const char *password; /* encrypted keys and PKCS #12; NULL: none */
	int json;	      /* a JSON array of objects, one per item */
	int json_items;	      /* with json: the objects only, comma-separated,
				 without brackets (to join several files) */
	int show_private;     /* also the private key; never otherwise */
	enum cd_inspect_type type;
};

/* Describe what DATA holds into OUT (gnutls_free it after wiping it when
 * show_private was set). NAME names the source in messages and JSON.
 * Returns 0, CD_E_PARSE (not something inspect knows, malformed,
 * truncated, or not of opts->type), CD_E_PASSWORD (a password is missing
 * or wrong), or another CD_E_* code. */
int cd_inspect(struct cd_ctx *ctx, const gnutls_datum_t *data, const char *name,
	       const struct cd_inspect_opts *opts, gnutls_datum_t *out);

/* cd_inspect() on the file PATH, for front ends that hold no GnuTLS
 * data: *TEXT is a NUL-terminated string; give it to
 * cd_inspect_text_free(), which wipes it. Errors as cd_inspect(), and
 * those of reading PATH. */
int cd_inspect_file(struct cd_ctx *ctx, const char *path,
		    const struct cd_inspect_opts *opts, char **text);
void cd_inspect_text_free(char *text);

/* The type named WORD (cert, request, key, crl, pkcs12); -1 when none. */
int cd_inspect_type_from_name(const char *word);

#endif
