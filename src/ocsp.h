/* certdeck: an OCSP responder (RFC 6960) over the store's index.txt, and
 * the loopback HTTP server that carries it (RFC 6960 appendix A).
 *
 * The responder answers each OCSPRequest with a BasicOCSPResponse signed
 * by the CA, or by a delegated signer: a certificate the CA issued with
 * the OCSP signing key purpose, then sent along in the response. Each
 * certificate asked about is good, revoked (with the time and reason
 * index.txt records, as `openssl ca` writes them) or unknown (not issued
 * by this CA, or not in its index). A nonce is echoed. What cannot be
 * read as an OCSPRequest gets a malformedRequest response. The DER is
 * encoded with libtasn1 (src/ocsp.asn) and signed with
 * gnutls_privkey_sign_data2. Nothing here prints. */
#ifndef CD_OCSP_H
#define CD_OCSP_H

#include <stddef.h>
#include <time.h>

#include <gnutls/gnutls.h>

#include "ctx.h"
#include "store.h"

struct cd_ocsp_responder;

struct cd_ocsp_responder_params {
	/* The delegated signer: the store's issued/NAME.crt and
	 * private/NAME.key; NULL: the CA signs. */
	const char *signer;
	const char *password; /* of the signing key, when encrypted */
	/* nextUpdate this many seconds after thisUpdate; 0: none (the
	 * status is then current at every request, as RFC 6960 2.4 says). */
	unsigned long next_update_s;
};

/* Load the CA certificate and the signer of STORE (which must stay open
 * while the responder is used). A delegated signer must have been issued
 * by the CA and carry the OCSP signing key purpose. */
int cd_ocsp_responder_new(struct cd_ctx *ctx, const struct cd_store *store,
			  const struct cd_ocsp_responder_params *p,
			  struct cd_ocsp_responder **out);
void cd_ocsp_responder_free(struct cd_ocsp_responder *r);

/* What one answer said, for a log line. */
enum cd_ocsp_status { CD_OCSP_GOOD, CD_OCSP_REVOKED, CD_OCSP_UNKNOWN };

struct cd_ocsp_answer {
	int response_status; /* OCSPResponseStatus: 0 successful, 1 malformed,
				2 internal error */
	size_t count;	     /* certificates asked about */
	/* the first of them */
	char serial[CD_SERIAL_HEX_MAX];
	enum cd_ocsp_status status;
	int reason; /* revoked: the CRLReason, or -1 when index.txt has none */
	int nonce;  /* the request had a nonce, echoed */
	/* why the request was malformed (translated), or "" */
	char why[160];
};

/* Answer the DER OCSPRequest REQ: *OUT (gnutls_free it) is always an
 * OCSPResponse, a malformedRequest one for a request that cannot be read
 * and an internalError one when answering failed (the context then says
 * why and a negative code is returned). */
int cd_ocsp_respond(struct cd_ctx *ctx, struct cd_ocsp_responder *r,
		    const unsigned char *req, size_t req_size,
		    gnutls_datum_t *out, struct cd_ocsp_answer *answer);

/* The name of a status ("good", "revoked", "unknown") and of a CRLReason
 * as RFC 5280 spells it (NULL when out of range). */
const char *cd_ocsp_status_name(enum cd_ocsp_status status);

/* ---- asking a responder ---------------------------------------------- */

/* What a responder said about one certificate. */
struct cd_ocsp_check {
	enum cd_ocsp_status status;
	int reason;			 /* revoked: the CRLReason; else -1 */
	time_t revoked_at;		 /* revoked: when; else -1 */
	time_t this_update, next_update; /* next_update: -1 when none */
	int signature_ok; /* the response verifies for the issuer */
	int nonce_ok;	  /* the request's nonce came back */
};

/* Ask the responder at HOST (an address):PORT about the certificate in
 * CERT_FILE, issued by the one in ISSUER_FILE, as `openssl ocsp -issuer
 * -cert -url` does (POST, with a nonce). Fails when no OCSP response
 * comes within TIMEOUT_MS (0: 5 s), when the responder refuses, or when
 * the response is about another certificate; a signature that does not
 * verify or a nonce not echoed are told in *OUT. */
int cd_ocsp_ask(struct cd_ctx *ctx, const char *host, unsigned port,
		const char *issuer_file, const char *cert_file,
		unsigned timeout_ms, struct cd_ocsp_check *out);

/* ---- the HTTP server ------------------------------------------------- */

struct cd_ocsp_server_params {
	const char *bind;    /* NULL: 127.0.0.1 */
	unsigned port;	     /* 0: a free one */
	unsigned timeout_ms; /* for a client to send its request; 0: 5 s */
};

/* What the server did with one connection, for a log: as a line for a
 * person and as data for a front end (as src/echo.h's events). */
enum cd_ocsp_event_kind {
	CD_OCSP_ANSWERED, /* an OCSP request answered (ANSWER, ERROR) */
	CD_OCSP_REFUSED,  /* not an OCSP request over HTTP (HTTP_STATUS) */
	CD_OCSP_TIMEOUT,  /* no complete request in time: closed */
};

struct cd_ocsp_event {
	enum cd_ocsp_event_kind kind;
	/* For a person: one line, translated, without a newline. */
	const char *text;
	const char *peer;   /* "127.0.0.1:PORT" */
	const char *method; /* "POST", "GET", or "" */
	/* ANSWERED: what was answered; ERROR: 0, or the negative code of
	 * an answer that failed (an internalError response was sent). */
	const struct cd_ocsp_answer *answer;
	int error;
	const char *http_status; /* REFUSED: "405 Method Not Allowed" */
};

/* Called from the thread serving (cd_ocsp_server_run's, or the one
 * cd_ocsp_server_start made), one connection after the other. */
typedef void (*cd_ocsp_event_fn)(void *arg, const struct cd_ocsp_event *ev);

struct cd_ocsp_server;

/* Bind and listen (the port is then known); serves nothing until run.
 * CTX is the server's (messages of failed answers land there): give it
 * a context of its own when it serves from a thread. */
int cd_ocsp_server_new(struct cd_ctx *ctx,
		       const struct cd_ocsp_server_params *p,
		       struct cd_ocsp_responder *responder, cd_ocsp_event_fn fn,
		       void *arg, struct cd_ocsp_server **out);
/* "127.0.0.1:PORT" or "[::1]:PORT". */
const char *cd_ocsp_server_address(const struct cd_ocsp_server *srv);
unsigned cd_ocsp_server_port(const struct cd_ocsp_server *srv);
/* Serve, one request at a time, until cd_ocsp_server_stop. */
int cd_ocsp_server_run(struct cd_ocsp_server *srv);
/* Serve from a thread of its own, and return at once. */
int cd_ocsp_server_start(struct cd_ocsp_server *srv);
/* Safe from a signal handler and from any thread. */
void cd_ocsp_server_stop(struct cd_ocsp_server *srv);
/* Stop, wait for the thread cd_ocsp_server_start made, and free. */
void cd_ocsp_server_free(struct cd_ocsp_server *srv);

/* The certificates of STORE that can sign its OCSP answers (valid,
 * issued by its CA, for OCSP signing, with their keys): their NAMES
 * (cd_store_names_free them). */
int cd_ocsp_signers(struct cd_ctx *ctx, const struct cd_store *store,
		    char ***names, size_t *count);

/* Does the responder's signing key need a password (for SIGNER's
 * private/SIGNER.key, or the CA key: encrypted; for a CA key on a
 * token: a PIN nobody gave)? 1 yes, 0 no. */
int cd_ocsp_signer_needs_password(struct cd_ctx *ctx,
				  const struct cd_store *store,
				  const char *signer);

#endif
