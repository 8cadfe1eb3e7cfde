/* certdeck: the TLS echo server.
 *
 * One event loop per worker thread (epoll). Every worker watches the
 * shared, non-blocking listening socket, its own connections and the stop
 * pipe; whichever worker is idle takes the next connection, so a handshake's
 * arithmetic on one core never holds up the others. A connection goes
 * through the handshake (bounded in time), then echoes each record back
 * as it comes, with no copy beyond GnuTLS's own. */
#include <config.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "echo-int.h"
#include "error.h"
#include "expiry.h"
#include "i18n.h"
#include "netaddr.h"

#define WORKERS_MAX 64
#define HTTP_REQUEST_MAX 8192
#define RECORDS_PER_TURN 32 /* records echoed before the next poll */

#define LINGER_MS 2000 /* for the client to close after we did */
/* Reads from the socket go through a buffer of this size: GnuTLS asks
 * for a record's header, then for its body, two system calls a record;
 * the buffer takes in several records at once. */
#define IN_BUF 65536
/* The records echoed in one turn are written together, up to this much
 * at once, rather than a system call each. */
#define OUT_BUF (256 * 1024)

enum conn_state { CONN_HANDSHAKE, CONN_ECHO, CONN_LINGER };

struct conn {
	int fd;
	unsigned long id;
	enum conn_state state;
	gnutls_session_t session;
	int64_t deadline; /* of the handshake or the linger, ms */
	struct echo_peer peer;
	struct echo_lines lines;
	/* A record being echoed: GnuTLS's own buffer, no copy (TLS 1.3), or
	 * a copy (TLS 1.2: GnuTLS 3.7 leaks the packet of a renegotiation
	 * request that gnutls_record_recv_packet reports). */
	gnutls_packet_t packet;
	unsigned char *copy;
	int tls13;
	const unsigned char *out;
	size_t out_len, out_off;
	unsigned long long echoed;
	unsigned char *in; /* what was read and GnuTLS has not taken */
	size_t in_len, in_off;
	unsigned char *outb; /* records written while batching, unsent */
	size_t outb_len, outb_off, outb_size;
	int batching;	  /* within a turn of do_echo */
	int no_refill;	  /* the turn is over: the buffer only drains */
	int peer_closed;  /* close_notify read: close once all is sent */
	size_t line_run;  /* bytes since the last newline */
	size_t index;	  /* in worker->conns */
	uint32_t watched; /* the epoll events asked for */
	char *request;	  /* --http: the request so far */
	size_t request_len;
	struct worker *worker;
};

struct worker {
	struct cd_echo_server *srv;
	struct cd_ctx ctx; /* for the verifier's messages */
	pthread_t thread;
	int started;
	int epfd; /* its connections, the listening socket, the stop pipe */
	struct conn **conns;
	size_t count, size;
};

struct cd_echo_server {
	struct cd_ctx *ctx;
	struct cd_echo_server_params p;
	cd_echo_event_fn fn;
	void *arg;
	gnutls_certificate_credentials_t cred;
	gnutls_priority_t prio;
	gnutls_datum_t ticket_key;
	/* Client certificates are checked with VERIFIER; when the CRL file
	 * changes (a revocation published while the server runs), the next
	 * check makes a new one from VP (verifier_update). */
	struct cd_verifier *verifier;
	struct cd_verify_params vp;
	const char *vp_trust[1], *vp_crls[1];
	struct stat crl_st; /* the CRL file as VERIFIER read it */
	/* The paths read again while it runs (a changed CRL), its own: the
	 * caller may change its copies meanwhile. */
	char *ca_path, *crl_path;
	pthread_rwlock_t verifier_lock;
	struct echo_staple *staple; /* NULL: no OCSP stapling */
	int listen_fd;
	int stop[2];
	unsigned port;
	char address[80];
	unsigned nworkers;
	struct worker workers[WORKERS_MAX];
	atomic_ulong next_id;
	atomic_uint open; /* connections open */
	atomic_int stopping;
};

static void emit_addr(struct cd_echo_server *srv, enum cd_echo_event_kind kind,
		      unsigned long conn, const char *text, const char *addr,
		      unsigned port)
{
	struct cd_echo_event ev = {.kind = kind};

	ev.address = addr;
	ev.port = port;
	echo_emit(&ev, CD_ECHO_SERVER, conn, text, srv->fn, srv->arg);
}

/* ---- setting up ----------------------------------------------------- */

static unsigned default_max_connections(void)
{
	struct rlimit rl;
	unsigned max = 1024;

	/* each connection is a descriptor; keep a margin for the rest */
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 &&
	    rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < max + 64)
		max = rl.rlim_cur > 96 ? (unsigned)rl.rlim_cur - 64 : 32;
	return max;
}

/* A server certificate out of its VALIDITY (activation, expiration)
 * starts all the same (the lab shows the failure), but the server says
 * what clients will do. */
static void warn_dates(struct cd_echo_server *srv, const time_t validity[2])
{
	time_t now = cd_ctx_now(srv->ctx);
	char when[40];

	if (srv->p.quiet || srv->fn == NULL)
		return;
	if (validity[1] != (time_t)-1 && validity[1] <= now) {
		cd_expiry_date(validity[1], when, sizeof(when));
		echo_note(CD_ECHO_SERVER, 0, srv->fn, srv->arg,
			  _("- Warning: the server's certificate expired on "
			    "%s: clients will refuse it (renew it: certdeck "
			    "renew NAME)"),
			  when);
	} else if (validity[0] != (time_t)-1 && validity[0] > now) {
		cd_expiry_date(validity[0], when, sizeof(when));
		echo_note(CD_ECHO_SERVER, 0, srv->fn, srv->arg,
			  _("- Warning: the server's certificate is valid "
			    "only from %s: clients will refuse it until then"),
			  when);
	}
}

static int load_credentials(struct cd_echo_server *srv)
{
	const struct cd_echo_server_params *p = &srv->p;
	struct cd_ctx *ctx = srv->ctx;
	time_t validity[2];
	int ret;

	ret = gnutls_certificate_allocate_credentials(&srv->cred);
	if (ret < 0)
		return cd_gnutls_error(ctx, ret, _("cannot set up TLS"));
	ret = echo_load_cert_key(ctx, srv->cred, p->cert, p->key,
				 p->key_password, validity);
	if (ret < 0)
		return ret;
	warn_dates(srv, validity);
	if (p->client_cert != CD_ECHO_CLIENT_CERT_IGNORE) {
		struct cd_verify_params *vp = &srv->vp;

		srv->vp_trust[0] = p->ca;
		srv->vp_crls[0] = p->crl;
		vp->trust = srv->vp_trust;
		vp->trust_count = 1;
		vp->crls = srv->vp_crls;
		vp->crl_count = p->crl ? 1 : 0;
		vp->trust_flag = "--ca";
		vp->purpose = GNUTLS_KP_TLS_WWW_CLIENT;
		if (p->crl && stat(p->crl, &srv->crl_st) < 0)
			memset(&srv->crl_st, 0, sizeof(srv->crl_st));
		ret = cd_verifier_new(ctx, vp, &srv->verifier);
		if (ret < 0)
			return ret;
		/* the CA names go into the certificate request */
		ret = gnutls_certificate_set_x509_trust_file(
		    srv->cred, p->ca, GNUTLS_X509_FMT_PEM);
		if (ret <= 0)
			ret = gnutls_certificate_set_x509_trust_file(
			    srv->cred, p->ca, GNUTLS_X509_FMT_DER);
		if (ret <= 0)
			return cd_error(
			    ctx, CD_E_PARSE,
			    _("%s: no CA certificate in it; expected "
			      "the certificate of the CA that "
			      "issues client certificates"),
			    p->ca);
	}
	if (p->ocsp_staple || p->ocsp_responder) {
		ret = echo_staple_new(ctx, p, srv->cred, srv->fn, srv->arg,
				      &srv->staple);
		if (ret < 0)
			return ret;
	}
	ret = gnutls_session_ticket_key_generate(&srv->ticket_key);
	if (ret < 0)
		return cd_gnutls_error(ctx, ret, _("cannot set up TLS"));
	return echo_priority_init(ctx, p->priority, p->versions, &srv->prio);
}

static int listen_on(struct cd_echo_server *srv)
{
	return cd_netaddr_listen(srv->ctx, srv->p.bind, srv->p.port, 1024, 1,
				 &srv->listen_fd, &srv->port, srv->address,
				 sizeof(srv->address));
}

int cd_echo_server_new(struct cd_ctx *ctx,
		       const struct cd_echo_server_params *p,
		       cd_echo_event_fn fn, void *arg,
		       struct cd_echo_server **out)
{
	struct cd_echo_server *srv;
	long cpus;
	unsigned i;
	int ret;

	*out = NULL;
	if (p->cert == NULL || p->key == NULL)
		return cd_error(
		    ctx, CD_E_INVALID,
		    _("the server needs a certificate and its key"));
	if (p->client_cert != CD_ECHO_CLIENT_CERT_IGNORE && p->ca == NULL)
		return cd_error(ctx, CD_E_INVALID,
				_("to check client certificates the server "
				  "needs the CA that issues them (--ca FILE)"));
	if (p->port > 65535)
		return cd_error(ctx, CD_E_INVALID,
				_("port %u is out of range; expected 0 to "
				  "65535 (0: a free port)"),
				p->port);
	srv = calloc(1, sizeof(*srv));
	if (srv == NULL)
		return cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	srv->ctx = ctx;
	srv->p = *p;
	if ((p->ca && (srv->p.ca = srv->ca_path = strdup(p->ca)) == NULL) ||
	    (p->crl && (srv->p.crl = srv->crl_path = strdup(p->crl)) == NULL)) {
		free(srv->ca_path);
		free(srv);
		return cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	}
	srv->fn = fn;
	srv->arg = arg;
	srv->listen_fd = -1;
	srv->stop[0] = srv->stop[1] = -1;
	pthread_rwlock_init(&srv->verifier_lock, NULL);
	if (srv->p.bind == NULL)
		srv->p.bind = "127.0.0.1";
	if (srv->p.max_connections == 0)
		srv->p.max_connections = default_max_connections();
	if (srv->p.max_line == 0)
		srv->p.max_line = ECHO_DEFAULT_MAX_LINE;
	if (srv->p.handshake_timeout_ms == 0)
		srv->p.handshake_timeout_ms = ECHO_DEFAULT_TIMEOUT_MS;
	cpus = sysconf(_SC_NPROCESSORS_ONLN);
	srv->nworkers = p->workers ? p->workers : cpus > 0 ? (unsigned)cpus : 1;
	if (srv->nworkers > WORKERS_MAX)
		srv->nworkers = WORKERS_MAX;
	for (i = 0; i < srv->nworkers; i++) {
		srv->workers[i].srv = srv;
		srv->workers[i].epfd = -1;
		cd_ctx_init(&srv->workers[i].ctx);
	}
	atomic_init(&srv->next_id, 1);
	ret = load_credentials(srv);
	if (ret == 0)
		ret = echo_pipe(ctx, srv->stop);
	if (ret == 0)
		ret = listen_on(srv);
	if (ret < 0) {
		cd_echo_server_free(srv);
		return ret;
	}
	*out = srv;
	return 0;
}

unsigned cd_echo_server_port(const struct cd_echo_server *srv)
{
	return srv->port;
}

const char *cd_echo_server_address(const struct cd_echo_server *srv)
{
	return srv->address;
}

/* ---- connections ---------------------------------------------------- */

static void conn_free(struct conn *c)
{
	if (c->packet)
		gnutls_packet_deinit(c->packet);
	free(c->copy);
	free(c->in);
	free(c->outb);
	if (c->session)
		gnutls_deinit(c->session);
	if (c->fd >= 0)
		close(c->fd);
	echo_peer_clear(&c->peer);
	free(c->lines.buf);
	free(c->request);
	free(c);
}

static void conn_remove(struct worker *w, size_t i)
{
	conn_free(w->conns[i]); /* closing the socket leaves the epoll set */
	w->conns[i] = w->conns[--w->count];
	if (i < w->count)
		w->conns[i]->index = i;
	atomic_fetch_sub(&w->srv->open, 1);
}

static void conn_watch(struct worker *w, struct conn *c);
static int out_flush(struct conn *c);

/* Read and drop what the client still sends: 0 while it is open. */
static int drain(int fd)
{
	char sink[4096];
	ssize_t n;

	while ((n = read(fd, sink, sizeof(sink))) > 0)
		;
	return n < 0 && (errno == EAGAIN || errno == EINTR) ? 0 : -1;
}

/* Close our side and wait, briefly, for the client to close its own:
 * closing a socket with unread bytes resets the connection, and the
 * client would then lose the alert that says why. */
static void conn_linger(struct worker *w, size_t i)
{
	struct conn *c = w->conns[i];

	gnutls_deinit(c->session);
	c->session = NULL;
	c->batching = 0;
	(void)out_flush(c); /* what was echoed, as far as it goes now */
	shutdown(c->fd, SHUT_WR);
	c->state = CONN_LINGER;
	c->deadline = echo_now_ms() + LINGER_MS;
	if (drain(c->fd) != 0)
		conn_remove(w, i);
	else
		conn_watch(w, c);
}

static void conn_report_close(struct worker *w, struct conn *c,
			      const char *reason)
{
	struct cd_echo_server *srv = w->srv;
	char text[256];

	if (c->state == CONN_ECHO && srv->p.report_data)
		echo_lines_flush(&c->lines, CD_ECHO_DATA, CD_ECHO_SERVER, c->id,
				 srv->fn, srv->arg);
	if (c->state == CONN_ECHO && !srv->p.http) {
		snprintf(text, sizeof(text), _("%s (%llu bytes echoed)"),
			 reason, c->echoed);
		reason = text;
	}
	if (!srv->p.quiet)
		echo_closed(CD_ECHO_SERVER, c->id, srv->fn, srv->arg, reason);
}

static void conn_close(struct worker *w, size_t i, const char *reason)
{
	conn_report_close(w, w->conns[i], reason);
	conn_linger(w, i);
}

static int same_file(const struct stat *a, const struct stat *b)
{
	return a->st_ino == b->st_ino && a->st_dev == b->st_dev &&
	       a->st_size == b->st_size &&
	       a->st_mtim.tv_sec == b->st_mtim.tv_sec &&
	       a->st_mtim.tv_nsec == b->st_mtim.tv_nsec;
}

/* The CRL file changed since the verifier read it (certdeck replaces it
 * whole, by a rename): read it again, for connection C. A CRL that cannot
 * be read leaves the verifier as it was, and says so. */
static void verifier_update(struct conn *c)
{
	struct cd_echo_server *srv = c->worker->srv;
	struct cd_verifier *fresh;
	struct stat st;
	struct cd_ctx ctx;

	if (srv->p.crl == NULL || stat(srv->p.crl, &st) < 0)
		return;
	pthread_rwlock_rdlock(&srv->verifier_lock);
	if (same_file(&st, &srv->crl_st)) {
		pthread_rwlock_unlock(&srv->verifier_lock);
		return;
	}
	pthread_rwlock_unlock(&srv->verifier_lock);
	pthread_rwlock_wrlock(&srv->verifier_lock);
	if (!same_file(&st, &srv->crl_st)) {
		ctx = c->worker->ctx;
		ctx.message[0] = '\0';
		srv->crl_st = st; /* tried once per change of the file */
		if (cd_verifier_new(&ctx, &srv->vp, &fresh) == 0) {
			cd_verifier_free(srv->verifier);
			srv->verifier = fresh;
			if (!srv->p.quiet)
				echo_note(CD_ECHO_SERVER, c->id, srv->fn,
					  srv->arg,
					  _("- %s changed: read it again"),
					  srv->p.crl);
		} else
			echo_note(CD_ECHO_SERVER, c->id, srv->fn, srv->arg,
				  _("- %s changed, and cannot be read: the "
				    "CRL read before is still used (%s)"),
				  srv->p.crl, cd_ctx_message(&ctx));
	}
	pthread_rwlock_unlock(&srv->verifier_lock);
}

static int verify_client(gnutls_session_t session)
{
	struct conn *c = gnutls_session_get_ptr(session);
	struct cd_echo_server *srv = c->worker->srv;
	int required = srv->p.client_cert == CD_ECHO_CLIENT_CERT_REQUIRE;
	int ret;

	verifier_update(c);
	pthread_rwlock_rdlock(&srv->verifier_lock);
	ret = echo_check_peer(&c->worker->ctx, session, srv->verifier,
			      !required, &c->peer, CD_ECHO_SERVER, c->id,
			      srv->p.quiet ? NULL : srv->fn, srv->arg);
	pthread_rwlock_unlock(&srv->verifier_lock);
	if (!c->peer.had_certs && !required && !srv->p.quiet)
		echo_note(CD_ECHO_SERVER, c->id, srv->fn, srv->arg, "%s",
			  _("- The client sent no certificate"));
	/* asked, not required: the chain is reported, not enforced */
	return required ? ret : 0;
}

/* Writes straight to the socket: GnuTLS's own, in effect. */
static ssize_t fd_push(gnutls_transport_ptr_t ptr, const giovec_t *iov,
		       int iovcnt)
{
	struct msghdr msg;

	memset(&msg, 0, sizeof(msg));
	msg.msg_iov = (struct iovec *)(void *)iov;
	msg.msg_iovlen = (size_t)iovcnt;
	return sendmsg(((struct conn *)ptr)->fd, &msg, MSG_NOSIGNAL);
}

/* Send what the batch holds: 1 when all is sent, 0 when the socket is
 * full (the rest waits for EPOLLOUT), -1 on an error (errno). */
static int out_flush(struct conn *c)
{
	ssize_t n;

	while (c->outb_off < c->outb_len) {
		n = send(c->fd, c->outb + c->outb_off,
			 c->outb_len - c->outb_off, MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return errno == EAGAIN ? 0 : -1;
		c->outb_off += (size_t)n;
	}
	c->outb_off = c->outb_len = 0;
	return 1;
}

/* Add IOV to the batch, when it has room (growing it up to OUT_BUF). */
static int out_add(struct conn *c, const giovec_t *iov, int iovcnt,
		   size_t total)
{
	int i;

	if (c->outb_len + total > c->outb_size) {
		size_t size = c->outb_size ? c->outb_size : 32768;
		unsigned char *p;

		while (size < c->outb_len + total)
			size *= 2;
		if (size > OUT_BUF)
			return -1;
		if ((p = realloc(c->outb, size)) == NULL)
			return -1;
		c->outb = p;
		c->outb_size = size;
	}
	for (i = 0; i < iovcnt; i++) {
		memcpy(c->outb + c->outb_len, iov[i].iov_base, iov[i].iov_len);
		c->outb_len += iov[i].iov_len;
	}
	return 0;
}

/* The writes of an established session: into the batch during a turn of
 * do_echo (sent at its end, or when it is full), else straight out once
 * the batch is sent. */
static ssize_t echo_push(gnutls_transport_ptr_t ptr, const giovec_t *iov,
			 int iovcnt)
{
	struct conn *c = ptr;
	size_t total = 0;
	int i, r;

	for (i = 0; i < iovcnt; i++)
		total += iov[i].iov_len;
	if (c->batching && out_add(c, iov, iovcnt, total) == 0)
		return (ssize_t)total;
	r = out_flush(c);
	if (r <= 0) {
		if (r == 0)
			errno = EAGAIN;
		return -1;
	}
	if (c->batching && out_add(c, iov, iovcnt, total) == 0)
		return (ssize_t)total;
	return fd_push(ptr, iov, iovcnt);
}

/* The handshake's writes. A client that refuses our certificate sends
 * its alert and closes, and may do so while our flight is still being
 * written (it needs only the Certificate message to decide); the next
 * write then fails, and GnuTLS, stuck in writing, never reads the alert
 * that says why. So a write the peer has reset is counted as done when
 * the peer left data to read (in the socket or already in the buffer): the
 * handshake goes on to read it, and reports the alert (or the cut, if it was
 * none). The bytes are lost either way: the peer is gone. do_handshake puts
 * echo_push in its place once the handshake is done. */
static ssize_t handshake_push(gnutls_transport_ptr_t ptr, const giovec_t *iov,
			      int iovcnt)
{
	struct conn *c = ptr;
	ssize_t n = fd_push(ptr, iov, iovcnt);
	int err = errno, i;
	unsigned char b;

	if (n < 0 && (err == EPIPE || err == ECONNRESET) &&
	    (c->in_off < c->in_len ||
	     recv(c->fd, &b, 1, MSG_PEEK | MSG_DONTWAIT) == 1)) {
		for (i = 0, n = 0; i < iovcnt; i++)
			n += (ssize_t)iov[i].iov_len;
		return n;
	}
	errno = err;
	return n;
}

/* GnuTLS's reads: from the buffer, filled by one read of the socket
 * when it is empty (a read as large as the buffer goes straight in). */
static ssize_t buffered_pull(gnutls_transport_ptr_t ptr, void *data,
			     size_t size)
{
	struct conn *c = ptr;
	ssize_t n;

	if (c->in_off == c->in_len) {
		if (c->no_refill) {
			errno =
			    EAGAIN; /* epoll says when the socket has more */
			return -1;
		}
		if (size >= IN_BUF)
			return recv(c->fd, data, size, 0);
		if (c->in == NULL && (c->in = malloc(IN_BUF)) == NULL)
			return recv(c->fd, data, size, 0);
		n = recv(c->fd, c->in, IN_BUF, 0);
		if (n <= 0)
			return n;
		c->in_len = (size_t)n;
		c->in_off = 0;
	}
	n = (ssize_t)(size < c->in_len - c->in_off ? size
						   : c->in_len - c->in_off);
	memcpy(data, c->in + c->in_off, (size_t)n);
	c->in_off += (size_t)n;
	return n;
}

static int conn_session(struct cd_echo_server *srv, struct conn *c)
{
	int ret = gnutls_init(&c->session, GNUTLS_SERVER | GNUTLS_NONBLOCK);

	if (ret < 0)
		return ret;
	gnutls_session_set_ptr(c->session, c);
	ret = gnutls_priority_set(c->session, srv->prio);
	if (ret == 0)
		ret = gnutls_credentials_set(c->session, GNUTLS_CRD_CERTIFICATE,
					     srv->cred);
	if (ret == 0)
		ret = gnutls_session_ticket_enable_server(c->session,
							  &srv->ticket_key);
	if (ret < 0)
		return ret;
	if (srv->p.client_cert != CD_ECHO_CLIENT_CERT_IGNORE) {
		gnutls_certificate_server_set_request(
		    c->session,
		    srv->p.client_cert == CD_ECHO_CLIENT_CERT_REQUIRE
			? GNUTLS_CERT_REQUIRE
			: GNUTLS_CERT_REQUEST);
		gnutls_session_set_verify_function(c->session, verify_client);
	}
	gnutls_transport_set_ptr(c->session, c);
	gnutls_transport_set_pull_function(c->session, buffered_pull);
	gnutls_transport_set_vec_push_function(c->session, handshake_push);
	return 0;
}

static uint32_t wanted_events(struct conn *c)
{
	if (c->state == CONN_ECHO &&
	    (c->out_off < c->out_len || c->outb_off < c->outb_len))
		return EPOLLOUT;
	if (c->state == CONN_HANDSHAKE &&
	    gnutls_record_get_direction(c->session))
		return EPOLLOUT;
	return EPOLLIN;
}

/* Ask epoll for what C waits on now. */
static void conn_watch(struct worker *w, struct conn *c)
{
	struct epoll_event ev;
	uint32_t want = wanted_events(c);

	if (want == c->watched)
		return;
	memset(&ev, 0, sizeof(ev));
	ev.events = want;
	ev.data.ptr = c;
	if (epoll_ctl(w->epfd, c->watched ? EPOLL_CTL_MOD : EPOLL_CTL_ADD,
		      c->fd, &ev) == 0)
		c->watched = want;
}

static int worker_add(struct worker *w, struct conn *c)
{
	if (w->count == w->size) {
		size_t size = w->size ? 2 * w->size : 16;
		struct conn **conns = realloc(w->conns, size * sizeof(*conns));

		if (conns == NULL)
			return -1;
		w->conns = conns;
		w->size = size;
	}
	c->index = w->count;
	w->conns[w->count++] = c;
	return 0;
}

static int do_handshake(struct worker *w, size_t i);
static int do_echo(struct worker *w, size_t i);

/* Take one connection from the listening socket, if there is one. */
static int accept_one(struct worker *w)
{
	struct cd_echo_server *srv = w->srv;
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	char host[64], text[160];
	unsigned port = 0;
	struct conn *c;
	int fd, one = 1;

	fd = accept4(srv->listen_fd, (struct sockaddr *)&ss, &len,
		     SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (fd < 0)
		return -1;
	cd_netaddr_text(&ss, host, sizeof(host), &port, NULL, 0);
	if (atomic_fetch_add(&srv->open, 1) >= srv->p.max_connections) {
		atomic_fetch_sub(&srv->open, 1);
		close(fd);
		echo_note(CD_ECHO_SERVER, 0, srv->fn, srv->arg,
			  /* L10N: as "Accepted connection from": the
			     client's address (with [ and ] around an IPv6
			     address: the 2nd and 3rd %s), its port. */
			  _("Refused a connection from %s%s%s:%u: %u "
			    "connections are open, the most this server "
			    "takes (--max-connections)"),
			  ss.ss_family == AF_INET6 ? "[" : "", host,
			  ss.ss_family == AF_INET6 ? "]" : "", port,
			  srv->p.max_connections);
		return 0;
	}
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	c = calloc(1, sizeof(*c));
	if (c == NULL) {
		close(fd);
		atomic_fetch_sub(&srv->open, 1);
		return 0;
	}
	c->fd = fd;
	c->worker = w;
	c->id = atomic_fetch_add(&srv->next_id, 1);
	c->deadline = echo_now_ms() + srv->p.handshake_timeout_ms;
	c->lines.max = srv->p.max_line < ECHO_DEFAULT_MAX_LINE
			   ? srv->p.max_line
			   : ECHO_DEFAULT_MAX_LINE;
	c->lines.limit = srv->p.report_data_max;
	if (!srv->p.quiet) {
		snprintf(text, sizeof(text),
			 /* L10N: the client's address (with [ and ] around an
			    IPv6 address: the 2nd and 3rd %s), its port. */
			 _("Accepted connection from %s%s%s:%u"),
			 ss.ss_family == AF_INET6 ? "[" : "", host,
			 ss.ss_family == AF_INET6 ? "]" : "", port);
		emit_addr(srv, CD_ECHO_ACCEPTED, c->id, text, host, port);
	}
	if (conn_session(srv, c) < 0 || worker_add(w, c) < 0) {
		echo_closed(CD_ECHO_SERVER, c->id, srv->fn, srv->arg,
			    _("out of memory"));
		conn_free(c);
		atomic_fetch_sub(&srv->open, 1);
		return 0;
	}
	/* the ClientHello is usually there already: no poll round */
	if (do_handshake(w, c->index) &&
	    (c->state != CONN_ECHO || do_echo(w, c->index)))
		conn_watch(w, c);
	return 0;
}

/* The client refused, or we did: say why, on this side. */
static void handshake_failed(struct worker *w, size_t i, int ret)
{
	struct conn *c = w->conns[i];
	char reason[1024], hint[1024];

	if (ret == GNUTLS_E_CERTIFICATE_VERIFICATION_ERROR ||
	    ret == GNUTLS_E_CERTIFICATE_ERROR ||
	    ret == GNUTLS_E_NO_CERTIFICATE_FOUND ||
	    ret == GNUTLS_E_CERTIFICATE_REQUIRED)
		gnutls_alert_send(c->session, GNUTLS_AL_FATAL,
				  echo_refusal_alert(&c->peer));
	else if (ret != GNUTLS_E_FATAL_ALERT_RECEIVED &&
		 ret != GNUTLS_E_PREMATURE_TERMINATION &&
		 ret != GNUTLS_E_PULL_ERROR && ret != GNUTLS_E_PUSH_ERROR)
		gnutls_alert_send_appropriate(c->session, ret);
	echo_explain_failure(c->session, ret, CD_ECHO_SERVER, &c->peer, 1,
			     reason, sizeof(reason), hint, sizeof(hint));
	echo_failed(CD_ECHO_SERVER, c->id, w->srv->fn, w->srv->arg, reason,
		    hint, ret);
	conn_close(w, i, _("the handshake failed"));
}

/* Returns 1 when the connection is still open. */
static int do_handshake(struct worker *w, size_t i)
{
	struct conn *c = w->conns[i];
	int ret;

	do
		ret = gnutls_handshake(c->session);
	while (ret < 0 && ret != GNUTLS_E_AGAIN && !gnutls_error_is_fatal(ret));
	if (ret == GNUTLS_E_AGAIN)
		return 1;
	if (ret < 0) {
		handshake_failed(w, i, ret);
		return 0;
	}
	c->state = CONN_ECHO;
	gnutls_transport_set_vec_push_function(c->session, echo_push);
	c->tls13 = gnutls_protocol_get_version(c->session) == GNUTLS_TLS1_3;
	if (!w->srv->p.quiet)
		echo_report_handshake(c->session, CD_ECHO_SERVER, c->id,
				      w->srv->fn, w->srv->arg);
	return 1;
}

/* TEXT (N bytes) as HTML text into OUT. */
static void html_escape(const char *text, size_t n, char *out, size_t size)
{
	size_t i, o = 0;

	for (i = 0; i < n && o + 7 < size; i++) {
		const char *e = text[i] == '<'	 ? "&lt;"
				: text[i] == '>' ? "&gt;"
				: text[i] == '&' ? "&amp;"
						 : NULL;

		if (e) {
			memcpy(out + o, e, strlen(e));
			o += strlen(e);
		} else {
			out[o++] =
			    (unsigned char)text[i] < 0x20 ? '?' : text[i];
		}
	}
	out[o] = '\0';
}

/* --http: the page gnutls-serv --http gives, describing the session. */
static void http_answer(struct worker *w, struct conn *c)
{
	struct cd_echo_server *srv = w->srv;
	char *desc = gnutls_session_get_desc(c->session);
	gnutls_group_t group = gnutls_group_get(c->session);
	const char *kx =
	    gnutls_protocol_get_version(c->session) == GNUTLS_TLS1_3 && group
		? gnutls_group_get_name(group)
		: gnutls_kx_get_name(gnutls_kx_get(c->session));
	unsigned count = 0;
	const gnutls_datum_t *peers =
	    gnutls_certificate_get_peers(c->session, &count);
	char body[4096], head[256], line[1024];
	size_t len = strcspn(c->request, "\r\n");
	int n, m;

	html_escape(c->request, len, line, sizeof(line));
	n = snprintf(
	    body, sizeof(body),
	    /* Not translated: the page a browser gets, as gnutls-serv --http
	       serves it; the server's locale is not the reader's. */
	    "<!DOCTYPE html>\n<html><head><title>certdeck echo "
	    "server</title></head>\n<body>\n<h1>certdeck TLS echo "
	    "server</h1>\n<p>%s</p>\n<table>\n"
	    "<tr><td>Protocol</td><td>%s</td></tr>\n"
	    "<tr><td>Key exchange</td><td>%s</td></tr>\n"
	    "<tr><td>Cipher</td><td>%s</td></tr>\n"
	    "<tr><td>MAC</td><td>%s</td></tr>\n"
	    "<tr><td>Session resumed</td><td>%s</td></tr>\n"
	    "<tr><td>Client certificate</td><td>%s</td></tr>\n"
	    "<tr><td>Connection</td><td>%lu</td></tr>\n"
	    "</table>\n<p>Your request: <code>%s</code></p>\n"
	    "</body></html>\n",
	    desc ? desc : "",
	    gnutls_protocol_get_name(gnutls_protocol_get_version(c->session)),
	    kx ? kx : "(TLS 1.3)",
	    gnutls_cipher_get_name(gnutls_cipher_get(c->session)),
	    gnutls_mac_get_name(gnutls_mac_get(c->session)),
	    gnutls_session_is_resumed(c->session) ? "yes" : "no",
	    peers && count ? "yes" : "no", c->id, line);
	gnutls_free(desc);
	if (n >= (int)sizeof(body))
		n = sizeof(body) - 1;
	m = snprintf(head, sizeof(head),
		     "HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n"
		     "Content-Length: %d\r\nConnection: close\r\n\r\n",
		     n);
	/* a page this small fits the socket's buffer: the loop ends */
	gnutls_record_cork(c->session);
	gnutls_record_send(c->session, head, m);
	gnutls_record_send(c->session, body, n);
	while (gnutls_record_uncork(c->session, GNUTLS_RECORD_WAIT) ==
	       GNUTLS_E_AGAIN)
		;
	echo_note(CD_ECHO_SERVER, c->id, srv->fn, srv->arg,
		  _("Answered the HTTP request \"%s\""), line);
}

/* --http: gather the request; 1 once it is whole, -1 if too long. */
static int http_gather(struct conn *c, const unsigned char *data, size_t n)
{
	char *r = realloc(c->request, c->request_len + n + 1);

	if (r == NULL)
		return -1;
	c->request = r;
	memcpy(r + c->request_len, data, n);
	c->request_len += n;
	r[c->request_len] = '\0';
	if (strstr(r, "\r\n\r\n") || strstr(r, "\n\n"))
		return 1;
	return c->request_len > HTTP_REQUEST_MAX ? -1 : 0;
}

/* Is a line of the N new bytes (with what came before the first
 * newline) longer than --max-line? Counts the bytes since the last one.
 * When it is, *KEEP is how many of the N bytes come before that line:
 * whole lines, still to be echoed. */
static int line_too_long(struct conn *c, const unsigned char *data, size_t n,
			 size_t *keep)
{
	size_t max = c->worker->srv->p.max_line;
	const unsigned char *p = data, *end = data + n, *nl;

	*keep = 0;
	if (n <= max) {
		/* the lines inside the record are shorter than it: only the
		 * first (which goes on the line before) and the last count */
		nl = memchr(p, '\n', n);
		if (nl == NULL) {
			c->line_run += n;
			return c->line_run > max;
		}
		if (c->line_run + (size_t)(nl - p) > max)
			return 1;
		nl = memrchr(p, '\n', n);
		c->line_run = (size_t)(end - nl - 1);
		return 0;
	}
	while ((nl = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		if (c->line_run + (size_t)(nl - p) > max) {
			*keep = (size_t)(p - data);
			return 1;
		}
		c->line_run = 0;
		p = nl + 1;
	}
	c->line_run += (size_t)(end - p);
	*keep = (size_t)(p - data);
	return c->line_run > max;
}

/* The next record into c->out: its size, 0 at the end, or GnuTLS's
 * error code. */
static ssize_t receive(struct conn *c)
{
	gnutls_datum_t d;
	ssize_t n;

	if (!c->tls13) {
		if (c->copy == NULL && (c->copy = malloc(ECHO_RECORD)) == NULL)
			return GNUTLS_E_MEMORY_ERROR;
		c->out = c->copy;
		return gnutls_record_recv(c->session, c->copy, ECHO_RECORD);
	}
	n = gnutls_record_recv_packet(c->session, &c->packet);
	if (n > 0) {
		gnutls_packet_get(c->packet, &d, NULL);
		c->out = d.data;
		n = (ssize_t)d.size;
	}
	return n;
}

static void send_failed(struct worker *w, size_t i);

/* The client closed (close_notify): once everything echoed is sent, our
 * close_notify, and the connection goes; while the socket is full, it
 * waits for EPOLLOUT (1: still open). */
static int close_peer(struct worker *w, size_t i)
{
	struct conn *c = w->conns[i];
	int r;

	c->batching = 0;
	c->no_refill = 0;
	r = out_flush(c);
	if (r < 0) {
		send_failed(w, i);
		return 0;
	}
	if (r == 0)
		return 1;
	gnutls_bye(c->session, GNUTLS_SHUT_WR);
	conn_report_close(w, c, _("the client closed the connection"));
	conn_remove(w, i);
	return 0;
}

/* One turn of do_echo, its writes batched. Returns 1 when the
 * connection is open. */
static int echo_turn(struct worker *w, size_t i)
{
	struct conn *c = w->conns[i];
	struct cd_echo_server *srv = w->srv;
	char why[256];
	ssize_t n;
	size_t keep;
	int turn;

	/* Past the turn's records, what the buffer holds is read too (epoll
	 * would not say the socket has it), but no more from the socket:
	 * the other connections get their turn. */
	for (turn = 0;; turn++) {
		if (turn >= RECORDS_PER_TURN) {
			if (c->in_off >= c->in_len)
				break;
			c->no_refill = 1;
		}
		while (c->out_off < c->out_len) {
			n = gnutls_record_send(c->session, c->out + c->out_off,
					       c->out_len - c->out_off);
			if (n == GNUTLS_E_AGAIN)
				return 1;
			if (n < 0) {
				snprintf(why, sizeof(why),
					 _("cannot send to the client: %s"),
					 gnutls_strerror((int)n));
				conn_close(w, i, why);
				return 0;
			}
			c->out_off += (size_t)n;
			c->echoed += (size_t)n;
		}
		if (c->packet) {
			gnutls_packet_deinit(c->packet);
			c->packet = NULL;
		}
		n = receive(c);
		if (n == GNUTLS_E_AGAIN)
			return 1;
		if (n == GNUTLS_E_REHANDSHAKE) {
			/* client-initiated renegotiation: refused */
			gnutls_alert_send(c->session, GNUTLS_AL_WARNING,
					  GNUTLS_A_NO_RENEGOTIATION);
			echo_note(CD_ECHO_SERVER, c->id, srv->fn, srv->arg,
				  "%s",
				  _("Refused the client's request to "
				    "renegotiate (alert: no renegotiation)"));
			continue;
		}
		if (n == 0) {
			/* a clean close: nothing unread, no need to linger;
			 * what was echoed is sent first (close_peer) */
			c->peer_closed = 1;
			return close_peer(w, i);
		}
		if (n < 0) {
			int err = errno; /* of the read that failed */

			if (!gnutls_error_is_fatal((int)n))
				continue;
			if (n == GNUTLS_E_PULL_ERROR && err == ECONNRESET)
				snprintf(why, sizeof(why), "%s",
					 _("the client reset the connection"));
			else if (n == GNUTLS_E_PULL_ERROR)
				snprintf(why, sizeof(why),
					 _("cannot read from the client: %s"),
					 strerror(err));
			else
				snprintf(why, sizeof(why), "%s",
					 n == GNUTLS_E_PREMATURE_TERMINATION
					     ? _("the client went away without "
						 "closing TLS")
					     : gnutls_strerror((int)n));
			conn_close(w, i, why);
			return 0;
		}
		if (srv->p.http) {
			int r = http_gather(c, c->out, (size_t)n);

			if (r == 0)
				continue;
			if (r > 0)
				http_answer(w, c);
			c->batching = 0;
			(void)out_flush(c);
			gnutls_bye(c->session, GNUTLS_SHUT_WR);
			conn_close(w, i,
				   r > 0 ? _("answered over HTTP")
					 : _("the HTTP request is too long"));
			return 0;
		}
		if (line_too_long(c, c->out, (size_t)n, &keep)) {
			/* the whole lines before it are echoed, as they
			 * would have been in records of their own */
			if (keep > 0 && srv->p.report_data)
				(void)echo_lines_feed(
				    &c->lines, c->out, keep, CD_ECHO_DATA,
				    CD_ECHO_SERVER, c->id, srv->fn, srv->arg);
			if (keep > 0 &&
			    gnutls_record_send(c->session, c->out, keep) ==
				(ssize_t)keep)
				c->echoed += keep;
			snprintf(why, sizeof(why),
				 _("a line is longer than %zu bytes "
				   "(--max-line)"),
				 srv->p.max_line);
			conn_close(w, i, why);
			return 0;
		}
		if (srv->p.report_data &&
		    echo_lines_feed(&c->lines, c->out, (size_t)n, CD_ECHO_DATA,
				    CD_ECHO_SERVER, c->id, srv->fn,
				    srv->arg) < 0) {
			conn_close(w, i, _("out of memory"));
			return 0;
		}
		c->out_len = (size_t)n;
		c->out_off = 0;
	}
	return 1;
}

/* What send() failing on C says. */
static void send_failed(struct worker *w, size_t i)
{
	char why[256];

	snprintf(why, sizeof(why), _("cannot send to the client: %s"),
		 strerror(errno));
	conn_close(w, i, why);
}

/* Echo what can be echoed now: what the last turn left unsent first,
 * then a turn whose records go out together at its end. Returns 1 when
 * the connection is open. */
static int do_echo(struct worker *w, size_t i)
{
	struct conn *c = w->conns[i];
	int r;

	if (c->peer_closed)
		return close_peer(w, i);
	r = out_flush(c);

	if (r <= 0) {
		if (r < 0)
			send_failed(w, i);
		return r == 0;
	}
	c->batching = 1;
	if (!echo_turn(w, i))
		return 0; /* C is closed (and may be freed) */
	c->batching = 0;
	c->no_refill = 0;
	if (out_flush(c) < 0) {
		send_failed(w, i);
		return 0;
	}
	return 1;
}

/* ---- the loop ------------------------------------------------------- */

static int poll_timeout(struct worker *w, int64_t now)
{
	int64_t soonest = -1;
	size_t i;

	for (i = 0; i < w->count; i++)
		if (w->conns[i]->state != CONN_ECHO &&
		    (soonest < 0 || w->conns[i]->deadline < soonest))
			soonest = w->conns[i]->deadline;
	if (soonest < 0)
		return -1;
	return soonest <= now ? 0 : (int)(soonest - now);
}

static void expire_handshakes(struct worker *w, int64_t now)
{
	size_t i = 0;
	char why[160];

	while (i < w->count) {
		struct conn *c = w->conns[i];

		if (c->state == CONN_ECHO || c->deadline > now) {
			i++;
			continue;
		}
		if (c->state == CONN_LINGER) {
			conn_remove(w, i);
			continue;
		}
		/* in the option's own unit, seconds, when it is whole */
		if (w->srv->p.handshake_timeout_ms % 1000 == 0)
			snprintf(why, sizeof(why),
				 _("the client did not finish the handshake "
				   "within %u s (--handshake-timeout)"),
				 w->srv->p.handshake_timeout_ms / 1000);
		else
			snprintf(why, sizeof(why),
				 _("the client did not finish the handshake "
				   "within %u ms (--handshake-timeout)"),
				 w->srv->p.handshake_timeout_ms);
		echo_failed(CD_ECHO_SERVER, c->id, w->srv->fn, w->srv->arg, why,
			    NULL, 0);
		conn_close(w, i, _("handshake timed out"));
	}
}

/* Serve one connection epoll found ready. */
static void serve_ready(struct worker *w, struct conn *c)
{
	if (c->state == CONN_LINGER) {
		if (drain(c->fd) != 0)
			conn_remove(w, c->index);
		return;
	}
	if (c->state == CONN_HANDSHAKE && !do_handshake(w, c->index))
		return;
	if (c->state == CONN_ECHO && !do_echo(w, c->index))
		return;
	conn_watch(w, c);
}

/* Markers for the descriptors that are not connections. */
static char stop_mark, listen_mark;

static int worker_watch(struct worker *w)
{
	struct cd_echo_server *srv = w->srv;
	struct epoll_event ev;

	w->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (w->epfd < 0)
		return -1;
	memset(&ev, 0, sizeof(ev));
	ev.events = EPOLLIN;
	ev.data.ptr = &stop_mark;
	if (epoll_ctl(w->epfd, EPOLL_CTL_ADD, srv->stop[0], &ev) < 0)
		return -1;
	/* not EPOLLEXCLUSIVE: that wakes a worker about to be busy as
	 * readily as an idle one, and measured slower with two clients;
	 * every worker tries, the first takes it (accept_one) */
	ev.events = EPOLLIN;
	ev.data.ptr = &listen_mark;
	return epoll_ctl(w->epfd, EPOLL_CTL_ADD, srv->listen_fd, &ev);
}

static void worker_loop(struct worker *w)
{
	struct cd_echo_server *srv = w->srv;
	struct epoll_event evs[64];
	int i, n, stop = 0;

	if (worker_watch(w) < 0) {
		echo_note(CD_ECHO_SERVER, 0, srv->fn, srv->arg,
			  _("a worker cannot wait for events: %s"),
			  strerror(errno));
		return;
	}
	while (!stop && !atomic_load(&srv->stopping)) {
		n = epoll_wait(w->epfd, evs, 64,
			       poll_timeout(w, echo_now_ms()));
		if (n < 0 && errno != EINTR)
			break;
		for (i = 0; i < n && !stop; i++) {
			if (evs[i].data.ptr == &stop_mark)
				stop = 1;
			else if (evs[i].data.ptr == &listen_mark)
				accept_one(w);
			else
				serve_ready(w, evs[i].data.ptr);
		}
		expire_handshakes(w, echo_now_ms());
	}
	atomic_store(&srv->stopping, 1);
	while (w->count > 0) {
		struct conn *c = w->conns[w->count - 1];

		if (c->state == CONN_ECHO)
			gnutls_bye(c->session, GNUTLS_SHUT_WR);
		if (c->state != CONN_LINGER)
			conn_report_close(w, c, _("the server is stopping"));
		conn_remove(w, w->count - 1);
	}
}

static void *worker_main(void *arg)
{
	sigset_t all;

	/* signals go to the thread that started the server */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, NULL);
	worker_loop(arg);
	return NULL;
}

static int start_threads(struct cd_echo_server *srv, unsigned first)
{
	unsigned i;

	for (i = first; i < srv->nworkers; i++) {
		if (pthread_create(&srv->workers[i].thread, NULL, worker_main,
				   &srv->workers[i]) != 0)
			return cd_error(srv->ctx, CD_E_NOMEM,
					_("cannot start a worker thread"));
		srv->workers[i].started = 1;
	}
	return 0;
}

static void announce(struct cd_echo_server *srv)
{
	char text[160];

	snprintf(text, sizeof(text), _("Listening on %s"), srv->address);
	emit_addr(srv, CD_ECHO_LISTENING, 0, text, srv->p.bind, srv->port);
	if (srv->staple)
		echo_staple_announce(srv->staple);
}

int cd_echo_server_run(struct cd_echo_server *srv)
{
	int ret;

	announce(srv);
	ret = start_threads(srv, 1);
	if (ret == 0)
		worker_loop(&srv->workers[0]);
	cd_echo_server_stop(srv);
	return ret;
}

int cd_echo_server_start(struct cd_echo_server *srv)
{
	announce(srv);
	return start_threads(srv, 0);
}

void cd_echo_server_stop(struct cd_echo_server *srv)
{
	ssize_t n;

	/* one byte, never read: every worker's poll sees it */
	if (srv->stop[1] >= 0)
		n = write(srv->stop[1], "", 1);
	(void)n;
}

void cd_echo_server_free(struct cd_echo_server *srv)
{
	unsigned i;

	if (srv == NULL)
		return;
	cd_echo_server_stop(srv);
	for (i = 0; i < srv->nworkers; i++) {
		if (srv->workers[i].started)
			pthread_join(srv->workers[i].thread, NULL);
		free(srv->workers[i].conns);
		if (srv->workers[i].epfd >= 0)
			close(srv->workers[i].epfd);
		cd_ctx_deinit(&srv->workers[i].ctx);
	}
	if (srv->listen_fd >= 0)
		close(srv->listen_fd);
	if (srv->stop[0] >= 0) {
		close(srv->stop[0]);
		close(srv->stop[1]);
	}
	if (srv->verifier)
		cd_verifier_free(srv->verifier);
	pthread_rwlock_destroy(&srv->verifier_lock);
	free(srv->ca_path);
	free(srv->crl_path);
	echo_staple_free(srv->staple);
	if (srv->cred)
		gnutls_certificate_free_credentials(srv->cred);
	if (srv->prio)
		gnutls_priority_deinit(srv->prio);
	if (srv->ticket_key.data)
		gnutls_free(srv->ticket_key.data);
	free(srv);
}
