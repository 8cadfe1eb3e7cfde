/* certdeck: the TLS echo test, a server and a client on GnuTLS.
 *
 * Both ends are event-driven (epoll, poll; non-blocking sockets): the
 * server runs one event loop per worker thread (one per CPU by default), each
 * accepting from the shared listening socket and serving many connections
 * at once; the client runs one loop. Neither prints anything: each step
 * is reported through a callback, as a line or two of text for a person
 * (what gnutls-serv and gnutls-cli would print) and as structured data
 * for a front end. The server's callback is called from its worker
 * threads, concurrently; the client's from the thread running it. */
#ifndef CD_ECHO_H
#define CD_ECHO_H

#include <stddef.h>
#include <time.h>

#include "ctx.h"
#include "verify.h"

struct cd_ocsp_responder;

enum cd_echo_side {
	CD_ECHO_SERVER,
	CD_ECHO_CLIENT,
};

enum cd_echo_event_kind {
	CD_ECHO_LISTENING,  /* server: bound and listening (address, port) */
	CD_ECHO_ACCEPTED,   /* server: a connection came in (address, port) */
	CD_ECHO_CONNECTED,  /* client: TCP connected (address, port) */
	CD_ECHO_HANDSHAKE,  /* handshake done (session) */
	CD_ECHO_PEER_CERTS, /* the peer's certificate list (certs) */
	CD_ECHO_VERIFIED,   /* the peer's chain checked (verify) */
	CD_ECHO_DATA,	    /* server: a line echoed; client: a line back */
	CD_ECHO_SENT,	    /* client: a line sent */
	CD_ECHO_FAILED,	    /* a failure on one connection (reason, hint) */
	CD_ECHO_CLOSED,	    /* a connection closed (reason) */
	CD_ECHO_NOTE,	    /* anything else worth saying (text) */
	CD_ECHO_OCSP,	    /* an OCSP status stapled or received (ocsp) */
};

/* TLS versions, for cd_echo_*_params.versions (0: both). */
#define CD_ECHO_TLS12 1u
#define CD_ECHO_TLS13 2u

/* One certificate the peer sent. */
struct cd_echo_peer_cert {
	char *subject;
	char *issuer;
	char *serial; /* hex, colon-separated, as certtool */
	char *key;    /* "ECDSA SECP256R1 (256 bits)", "RSA (3072 bits)" */
	char *signature_algorithm; /* "ECDSA-SHA256" */
	time_t not_before, not_after;
	char *pin_sha256; /* "pin-sha256:BASE64" */
};

/* What the handshake agreed on. */
struct cd_echo_session {
	const char *protocol; /* "TLS1.3" */
	const char *kx;	      /* "ECDHE-RSA", or the group in TLS 1.3 */
	const char *group;    /* "SECP256R1", "X25519", or NULL */
	const char *cipher;   /* "AES-256-GCM" */
	const char *mac;      /* "AEAD" */
	char *description;    /* gnutls_session_get_desc() */
	int resumed;
	int client_certificate; /* the client sent a certificate */
};

/* An OCSP response (RFC 6960), as stapled in the handshake (RFC 6066
 * status_request): what the server staples, or what the client got. */
enum cd_echo_ocsp_status {
	CD_ECHO_OCSP_NONE,    /* nothing stapled */
	CD_ECHO_OCSP_GOOD,    /* the certificate is good */
	CD_ECHO_OCSP_REVOKED, /* revoked (reason, revocation_time) */
	CD_ECHO_OCSP_UNKNOWN, /* the responder does not know it */
	CD_ECHO_OCSP_INVALID, /* unreadable, or not a successful response */
};

struct cd_echo_ocsp {
	enum cd_echo_ocsp_status status;
	int reason; /* REVOKED: the CRLReason (RFC 5280), -1: none given */
	time_t revocation_time;		 /* REVOKED */
	time_t this_update, next_update; /* (time_t)-1: none */
	const char *reason_name;	 /* "keyCompromise", or NULL */
	char *responder;		 /* its name (byName) or "" */
	/* The checks: about this certificate (serial, issuer); signed by
	 * the CA or a signer it delegated (-1: no CA to check it with);
	 * current (thisUpdate past, nextUpdate not yet). */
	int matches, signature_ok, current;
	/* Why it does not do as a proof of status (translated), or NULL. */
	const char *problem;
};

struct cd_echo_event {
	enum cd_echo_event_kind kind;
	enum cd_echo_side side;
	unsigned long conn; /* the connection, from 1; 0: the listener */
	/* For a person: one or more lines, without a final newline,
	 * translated, shaped as gnutls-serv and gnutls-cli print them. */
	const char *text;
	/* The structured side, by kind (NULL or 0 when not concerned). */
	const char *address; /* LISTENING, ACCEPTED, CONNECTED */
	unsigned port;
	const struct cd_echo_session *session; /* HANDSHAKE */
	const struct cd_echo_peer_cert *certs; /* PEER_CERTS, leaf first */
	size_t cert_count;
	const struct cd_verify_result *verify; /* VERIFIED */
	const unsigned char *data;	       /* DATA, SENT: the bytes */
	size_t size;
	const char *reason; /* FAILED, CLOSED: what happened */
	const char *hint;   /* FAILED: what to do about it, or NULL */
	int gnutls_error;   /* FAILED: GnuTLS's code, or 0 */
	const struct cd_echo_ocsp *ocsp; /* OCSP */
};

typedef void (*cd_echo_event_fn)(void *arg, const struct cd_echo_event *ev);

enum cd_echo_client_cert {
	CD_ECHO_CLIENT_CERT_IGNORE,  /* not asked for */
	CD_ECHO_CLIENT_CERT_REQUEST, /* asked for, checked when sent */
	CD_ECHO_CLIENT_CERT_REQUIRE, /* mutual TLS: none, no handshake */
};

struct cd_echo_server_params {
	const char *bind; /* address; NULL: 127.0.0.1 (never every interface) */
	unsigned port;	  /* 0: a free one */
	const char *cert; /* certificate file (chain after the leaf) */
	const char *key;  /* its private key */
	const char *key_password; /* for an encrypted key, or NULL */
	const char *ca;		  /* CAs that issue client certificates */
	enum cd_echo_client_cert client_cert;
	const char *crl;	  /* CRL for client certificates, or NULL */
	unsigned versions;	  /* CD_ECHO_TLS12 | CD_ECHO_TLS13; 0: both */
	const char *priority;	  /* GnuTLS priority string; NULL: NORMAL */
	int http;		  /* answer HTTP requests with a page */
	unsigned workers;	  /* event loops; 0: one per CPU */
	unsigned max_connections; /* open at once; 0: 1024 */
	size_t max_line;	  /* longest line; 0: 64 KiB */
	unsigned handshake_timeout_ms; /* 0: 10 s */
	int report_data;	       /* a DATA event for each line */
	unsigned report_data_max; /* at most so many per connection; 0: all */
	int quiet; /* report failures and refusals only (gnutls-serv -q) */
	/* OCSP stapling, for clients that ask (status_request). Either a
	 * DER OCSPResponse file about CERT (gnutls-serv --ocsp-response),
	 * refused when stale or about another certificate; or a responder
	 * (src/ocsp.h, made with a next_update_s) that makes it from the
	 * store's index, made again halfway to its nextUpdate. OCSP_CA is
	 * the CA that issued CERT: it names the certificate to the
	 * responder and checks a file's signature. NULL: nothing stapled,
	 * and nothing added to the handshake. */
	const char *ocsp_staple;
	struct cd_ocsp_responder *ocsp_responder;
	const char *ocsp_ca;
};

struct cd_echo_server;

/* Load the credentials, bind and listen: on return the port is known
 * (cd_echo_server_port) and connections queue, but none is served until
 * cd_echo_server_run or cd_echo_server_start. */
int cd_echo_server_new(struct cd_ctx *ctx,
		       const struct cd_echo_server_params *p,
		       cd_echo_event_fn fn, void *arg,
		       struct cd_echo_server **out);
unsigned cd_echo_server_port(const struct cd_echo_server *srv);
/* "127.0.0.1:PORT" or "[::1]:PORT". */
const char *cd_echo_server_address(const struct cd_echo_server *srv);
/* Serve until cd_echo_server_stop: the calling thread is one worker. */
int cd_echo_server_run(struct cd_echo_server *srv);
/* Serve from threads of its own, and return at once. */
int cd_echo_server_start(struct cd_echo_server *srv);
/* Ask every worker to close its connections and return. Safe from a
 * signal handler and from any thread. */
void cd_echo_server_stop(struct cd_echo_server *srv);
/* Stop, wait for the workers, and free. */
void cd_echo_server_free(struct cd_echo_server *srv);

/* Ask the server for its OCSP status (status_request) and check it: a
 * stapled revoked, stale or forged status refuses the handshake; REQUIRE
 * refuses one without a valid stapled good status too. */
enum cd_echo_ocsp_mode {
	CD_ECHO_OCSP_IGNORE,
	CD_ECHO_OCSP_ASK,
	CD_ECHO_OCSP_REQUIRE,
};

struct cd_echo_client_params {
	const char *host; /* address or name to connect to */
	unsigned port;
	const char *ca;	  /* CAs to trust; NULL: the system's */
	const char *crl;  /* CRL for the server's certificate */
	const char *cert; /* client certificate (mutual TLS), or NULL */
	const char *key;  /* its private key */
	const char *key_password;
	const char
	    *peer_name;	      /* name to check and to send as SNI; NULL: host */
	unsigned versions;    /* CD_ECHO_TLS12 | CD_ECHO_TLS13; 0: both */
	const char *priority; /* NULL: NORMAL */
	const void *send;     /* bytes to send first, or NULL */
	size_t send_size;
	int input_fd;	 /* more bytes to send, until end of file; -1: none */
	int interactive; /* wait for cd_echo_client_send until _finish */
	unsigned
	    timeout_ms;	 /* waiting on the server for longer fails; 0: 10 s */
	int report_data; /* SENT and DATA events for each line */
	/* at most so many SENT events (the lines sent, logged); 0: all.
	 * DATA events are never capped: they carry what came back. */
	unsigned report_sent_max;
	enum cd_echo_ocsp_mode ocsp;
};

struct cd_echo_client;

/* Check the parameters and load the credentials; connects in _run.
 * CTX is used by _run: a client run on a thread of its own needs a
 * context of its own. */
int cd_echo_client_new(struct cd_ctx *ctx,
		       const struct cd_echo_client_params *p,
		       cd_echo_event_fn fn, void *arg,
		       struct cd_echo_client **out);
/* Connect, shake hands, send, read the echo back and close. Returns 0
 * when the server's chain verified and every byte came back unchanged,
 * CD_E_VERIFY when the handshake or the verification failed or the echo
 * was short or different (the context says why), CD_E_IO when the
 * connection could not be made. */
int cd_echo_client_run(struct cd_echo_client *cli);
/* For an interactive client, from another thread: queue bytes to send;
 * then no more input (close once everything came back); or stop now. */
int cd_echo_client_send(struct cd_echo_client *cli, const void *data,
			size_t size);
void cd_echo_client_finish(struct cd_echo_client *cli);
void cd_echo_client_stop(struct cd_echo_client *cli);
void cd_echo_client_free(struct cd_echo_client *cli);

/* Free the strings of a certificate description. */
void cd_echo_peer_cert_clear(struct cd_echo_peer_cert *c);

#endif
