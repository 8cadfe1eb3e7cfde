/* certdeck: inspect's internals, shared by inspect.c (finding the objects)
 * and inspect-item.c (describing one). Not part of the API. */
#ifndef CD_INSPECT_INT_H
#define CD_INSPECT_INT_H

#include <gnutls/abstract.h>
#include <gnutls/x509.h>

#include "inspect.h"
#include "textbuf.h"

struct inspect_run {
	struct cd_ctx *ctx;
	const struct cd_inspect_opts *opts;
	const char *name; /* the source, for messages and JSON */
	struct cd_textbuf *buf;
	unsigned items; /* top-level items written so far */
};

/* Each writes one item: text as certtool shows it plus certdeck's
 * additions, or (opts->json) one JSON object. 0 or a CD_E_* code. */
int inspect_crt(struct inspect_run *r, gnutls_x509_crt_t crt);
int inspect_crq(struct inspect_run *r, gnutls_x509_crq_t crq);
int inspect_crl(struct inspect_run *r, gnutls_x509_crl_t crl);
int inspect_pubkey(struct inspect_run *r, gnutls_pubkey_t pub);
/* ENCRYPTED: the key was stored encrypted (reported, not used). */
int inspect_privkey(struct inspect_run *r, gnutls_x509_privkey_t key,
		    int encrypted);

#endif
