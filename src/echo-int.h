/* certdeck: what the echo server and client share (not part of the API). */
#ifndef CD_ECHO_INT_H
#define CD_ECHO_INT_H

#include <stdint.h>

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "echo.h"

#define ECHO_RECORD 16384	       /* largest TLS record payload */
#define ECHO_LINE_SHOWN 200	       /* bytes of a line shown in its text */
#define ECHO_DEFAULT_TIMEOUT_MS 10000u /* handshake, and a silent server */
#define ECHO_DEFAULT_MAX_LINE (64u * 1024)

/* Milliseconds on a monotonic clock. */
int64_t echo_now_ms(void);

/* The priority for VERSIONS (CD_ECHO_TLS*; 0: both) over PRIORITY (NULL:
 * NORMAL). A given PRIORITY without VERSIONS is used as it is; otherwise
 * the versions are set, never below TLS 1.2. */
int echo_priority_init(struct cd_ctx *ctx, const char *priority,
		       unsigned versions, gnutls_priority_t *out);

/* A certificate (chain after the leaf) and its key into CRED; with
 * VALIDITY, the leaf's activation and expiration times too. */
int echo_load_cert_key(struct cd_ctx *ctx,
		       gnutls_certificate_credentials_t cred, const char *cert,
		       const char *key, const char *password,
		       time_t validity[2]);

/* What one end reports about one connection: the peer's chain, checked. */
struct echo_peer {
	int checked;			/* the verify function ran */
	int had_certs;			/* the peer sent certificates */
	struct cd_verify_result result; /* valid when checked */
};

/* Describe and check the certificates the peer of SESSION sent, with V,
 * calling FN for PEER_CERTS and VERIFIED events (CONN on SIDE; none when
 * FN is NULL). Returns
 * 0 when the chain is acceptable (verified, or none when NONE_OK), -1 to
 * abort the handshake. */
int echo_check_peer(struct cd_ctx *ctx, gnutls_session_t session,
		    struct cd_verifier *v, int none_ok, struct echo_peer *peer,
		    enum cd_echo_side side, unsigned long conn,
		    cd_echo_event_fn fn, void *arg);
void echo_peer_clear(struct echo_peer *peer);

/* A HANDSHAKE event for SESSION. */
void echo_report_handshake(gnutls_session_t session, enum cd_echo_side side,
			   unsigned long conn, cd_echo_event_fn fn, void *arg);

/* Why a handshake (or the exchange just after it) failed with GNUTLS_RET,
 * for SIDE: REASON and HINT (HINT may be "") into the buffers. PEER is
 * this end's check of the other's chain; SENT_CERT says whether this end
 * gave a certificate. */
void echo_explain_failure(gnutls_session_t session, int gnutls_ret,
			  enum cd_echo_side side, const struct echo_peer *peer,
			  int sent_cert, char *reason, size_t reason_size,
			  char *hint, size_t hint_size);

/* The alert to send when this end refuses the peer's chain. */
gnutls_alert_description_t echo_refusal_alert(const struct echo_peer *peer);

/* Cut a stream into lines for DATA/SENT events: bytes are buffered up to
 * MAX per line; a longer line is reported in MAX-byte pieces. */
struct echo_lines {
	unsigned char *buf;
	size_t len, max;
	unsigned long reported, limit; /* limit 0: no limit */
};

/* Report the complete lines of DATA (KIND event); the rest waits. Returns
 * 0, or CD_E_NOMEM. */
int echo_lines_feed(struct echo_lines *l, const unsigned char *data,
		    size_t size, enum cd_echo_event_kind kind,
		    enum cd_echo_side side, unsigned long conn,
		    cd_echo_event_fn fn, void *arg);
/* Report what is left (a last line without a newline), and free. */
void echo_lines_flush(struct echo_lines *l, enum cd_echo_event_kind kind,
		      enum cd_echo_side side, unsigned long conn,
		      cd_echo_event_fn fn, void *arg);

/* Fill in EV's side, connection and text, and hand it to FN. */
void echo_emit(struct cd_echo_event *ev, enum cd_echo_side side,
	       unsigned long conn, const char *text, cd_echo_event_fn fn,
	       void *arg);

/* Events of one kind with only a text (NOTE), or a failure. */
void echo_note(enum cd_echo_side side, unsigned long conn, cd_echo_event_fn fn,
	       void *arg, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* The same for a failure once the handshake is done: the echo itself
 * (bytes that differ, none back in time), "Echo failed: REASON". */
void echo_failed_echo(enum cd_echo_side side, unsigned long conn,
		      cd_echo_event_fn fn, void *arg, const char *reason,
		      const char *hint);
void echo_failed(enum cd_echo_side side, unsigned long conn,
		 cd_echo_event_fn fn, void *arg, const char *reason,
		 const char *hint, int gnutls_ret);
void echo_closed(enum cd_echo_side side, unsigned long conn,
		 cd_echo_event_fn fn, void *arg, const char *reason);

/* ---- OCSP stapling (echo-ocsp.c) ---- */

/* What the server staples (P's ocsp_staple file or ocsp_responder), set
 * up in CRED; events (the status, a new one, a stale one) go to FN. */
struct echo_staple;
int echo_staple_new(struct cd_ctx *ctx, const struct cd_echo_server_params *p,
		    gnutls_certificate_credentials_t cred, cd_echo_event_fn fn,
		    void *arg, struct echo_staple **out);
/* An OCSP event saying what is stapled, once the server listens. */
void echo_staple_announce(struct echo_staple *s);
void echo_staple_free(struct echo_staple *s);

/* The client's check of the status the server of SESSION stapled for
 * its certificate (the chain verified already), against the CAs in CA
 * (NULL: the system's), at NOW: reports an OCSP event, and returns 0, or
 * the alert to send when MODE refuses the handshake, with WHY. */
int echo_ocsp_check(gnutls_session_t session, const char *ca, time_t now,
		    enum cd_echo_ocsp_mode mode, char *why, size_t why_size,
		    cd_echo_event_fn fn, void *arg);

/* Wake-up pipes, non-blocking, close-on-exec. */
int echo_pipe(struct cd_ctx *ctx, int fds[2]);
int echo_set_nonblock(int fd);

#endif
