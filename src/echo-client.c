/* certdeck: the TLS echo client.
 *
 * One loop on one connection: connect (bounded), shake hands (checking
 * the server's chain with the verifier, so that a refusal says why), send
 * what there is to send, and check that every byte comes back unchanged.
 * At the end of the input it closes TLS and reads until the server does,
 * so that a refusal the server sends after the handshake (TLS 1.3 checks
 * the client's certificate then) is still seen. */
#include <config.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "echo-int.h"
#include "error.h"
#include "i18n.h"

#define BACKLOG_MAX (1024 * 1024) /* sent, not yet back: stop reading input */

enum client_phase {
	PHASE_HANDSHAKE,
	PHASE_EXCHANGE,
	PHASE_CLOSING, /* bye sent, reading until the server closes */
	PHASE_DONE,
};

struct cd_echo_client {
	struct cd_ctx *ctx;
	struct cd_ctx vctx; /* the verifier's, inside the handshake */
	struct cd_echo_client_params p;
	cd_echo_event_fn fn;
	void *arg;
	gnutls_certificate_credentials_t cred;
	gnutls_priority_t prio;
	struct cd_verifier *verifier;
	const char *peer_name;
	int peer_is_ip;
	int wake[2];

	pthread_mutex_t lock; /* guards inbox, finished */
	unsigned char *inbox;
	size_t inbox_len;
	int finished;
	atomic_int stopped;

	int fd;
	gnutls_session_t session;
	enum client_phase phase;
	struct echo_peer peer;
	int ocsp_alert;	    /* the stapled status refused: this alert */
	char ocsp_why[512]; /* and why */
	int input_open;
	unsigned char *q; /* bytes to send; [0, echoed) came back */
	size_t q_len, q_size, q_sent, q_echoed;
	int send_pending; /* a record waits in GnuTLS (E_AGAIN) */
	struct echo_lines sent_lines, back_lines;
	unsigned long long total_back;
	int64_t last_progress;
	unsigned char buf[ECHO_RECORD];
};

static int client_load(struct cd_echo_client *cli)
{
	struct cd_ctx *ctx = cli->ctx;
	struct cd_verify_params vp;
	const char *trust[1] = {cli->p.ca};
	const char *crls[1] = {cli->p.crl};
	int ret;

	ret = gnutls_certificate_allocate_credentials(&cli->cred);
	if (ret < 0)
		return cd_gnutls_error(ctx, ret, _("cannot set up TLS"));
	if (cli->p.cert || cli->p.key) {
		if (!cli->p.cert || !cli->p.key)
			return cd_error(ctx, CD_E_INVALID,
					_("a client certificate needs both "
					  "the certificate and its key"));
		ret = echo_load_cert_key(ctx, cli->cred, cli->p.cert,
					 cli->p.key, cli->p.key_password, NULL);
		if (ret < 0)
			return ret;
	}
	memset(&vp, 0, sizeof(vp));
	vp.trust = trust;
	vp.trust_count = cli->p.ca ? 1 : 0;
	vp.system_trust = cli->p.ca == NULL;
	vp.crls = crls;
	vp.crl_count = cli->p.crl ? 1 : 0;
	vp.trust_flag = "--ca";
	vp.peer_name = cli->peer_name;
	vp.purpose = GNUTLS_KP_TLS_WWW_SERVER;
	ret = cd_verifier_new(ctx, &vp, &cli->verifier);
	if (ret < 0)
		return ret;
	return echo_priority_init(ctx, cli->p.priority, cli->p.versions,
				  &cli->prio);
}

int cd_echo_client_new(struct cd_ctx *ctx,
		       const struct cd_echo_client_params *p,
		       cd_echo_event_fn fn, void *arg,
		       struct cd_echo_client **out)
{
	struct cd_echo_client *cli;
	unsigned char ip[16];
	int ret;

	*out = NULL;
	if (p->host == NULL || *p->host == '\0')
		return cd_error(ctx, CD_E_INVALID,
				_("no host to connect to; expected a name or "
				  "an address such as 127.0.0.1"));
	if (p->port == 0 || p->port > 65535)
		return cd_error(ctx, CD_E_INVALID,
				_("port %u is out of range; expected 1 to "
				  "65535"),
				p->port);
	cli = calloc(1, sizeof(*cli));
	if (cli == NULL)
		return cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	cli->ctx = ctx;
	cli->p = *p;
	cli->fn = fn;
	cli->arg = arg;
	cli->fd = -1;
	cli->wake[0] = cli->wake[1] = -1;
	pthread_mutex_init(&cli->lock, NULL);
	cd_ctx_init(&cli->vctx);
	if (cli->p.timeout_ms == 0)
		cli->p.timeout_ms = ECHO_DEFAULT_TIMEOUT_MS;
	cli->peer_name = p->peer_name ? p->peer_name : p->host;
	cli->peer_is_ip = inet_pton(AF_INET, cli->peer_name, ip) == 1 ||
			  inet_pton(AF_INET6, cli->peer_name, ip) == 1;
	cli->sent_lines.max = cli->back_lines.max = ECHO_DEFAULT_MAX_LINE;
	cli->sent_lines.limit = p->report_sent_max;
	ret = client_load(cli);
	if (ret == 0)
		ret = echo_pipe(ctx, cli->wake);
	if (ret < 0) {
		cd_echo_client_free(cli);
		return ret;
	}
	*out = cli;
	return 0;
}

/* ---- from other threads --------------------------------------------- */

static void wake(struct cd_echo_client *cli)
{
	ssize_t n = write(cli->wake[1], "", 1);

	(void)n; /* a full pipe is already a wake-up */
}

int cd_echo_client_send(struct cd_echo_client *cli, const void *data,
			size_t size)
{
	unsigned char *in;

	pthread_mutex_lock(&cli->lock);
	in = realloc(cli->inbox, cli->inbox_len + size);
	if (in) {
		cli->inbox = in;
		memcpy(in + cli->inbox_len, data, size);
		cli->inbox_len += size;
	}
	pthread_mutex_unlock(&cli->lock);
	if (in == NULL)
		return cd_error(cli->ctx, CD_E_NOMEM, _("out of memory"));
	wake(cli);
	return 0;
}

void cd_echo_client_finish(struct cd_echo_client *cli)
{
	pthread_mutex_lock(&cli->lock);
	cli->finished = 1;
	pthread_mutex_unlock(&cli->lock);
	wake(cli);
}

void cd_echo_client_stop(struct cd_echo_client *cli)
{
	atomic_store(&cli->stopped, 1);
	wake(cli);
}

/* ---- connecting ----------------------------------------------------- */

static int connect_one(struct cd_echo_client *cli, const struct addrinfo *ai,
		       int *err)
{
	struct pollfd pfd;
	socklen_t len = sizeof(*err);
	int fd, one = 1;

	fd = socket(ai->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
		    0);
	if (fd < 0) {
		*err = errno;
		return -1;
	}
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	if (connect(fd, ai->ai_addr, ai->ai_addrlen) < 0 &&
	    errno != EINPROGRESS) {
		*err = errno;
		close(fd);
		return -1;
	}
	pfd.fd = fd;
	pfd.events = POLLOUT;
	if (poll(&pfd, 1, (int)cli->p.timeout_ms) <= 0) {
		*err = ETIMEDOUT;
		close(fd);
		return -1;
	}
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, err, &len) < 0 || *err != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static int client_connect(struct cd_echo_client *cli)
{
	struct addrinfo hints, *list = NULL, *ai;
	struct cd_echo_event ev = {.kind = CD_ECHO_CONNECTED};
	char port[16], host[64], text[160];
	int ret, err = 0;

	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICSERV;
	snprintf(port, sizeof(port), "%u", cli->p.port);
	ret = getaddrinfo(cli->p.host, port, &hints, &list);
	if (ret != 0)
		return cd_error(cli->ctx, CD_E_VERIFY,
				_("cannot find the address of %s: %s"),
				cli->p.host, gai_strerror(ret));
	for (ai = list; ai && cli->fd < 0; ai = ai->ai_next) {
		cli->fd = connect_one(cli, ai, &err);
		if (cli->fd >= 0) {
			const void *a =
			    ai->ai_family == AF_INET6
				? (const void *)&(
				      (struct sockaddr_in6 *)ai->ai_addr)
				      ->sin6_addr
				: (const void *)&(
				      (struct sockaddr_in *)ai->ai_addr)
				      ->sin_addr;

			inet_ntop(ai->ai_family, a, host, sizeof(host));
			snprintf(text, sizeof(text),
				 ai->ai_family == AF_INET6
				     ? _("Connected to [%s]:%u")
				     : _("Connected to %s:%u"),
				 host, cli->p.port);
		}
	}
	freeaddrinfo(list);
	if (cli->fd < 0)
		return cd_error(
		    cli->ctx, CD_E_VERIFY,
		    /* L10N: the host, the port, the system's reason. */
		    _("cannot connect to %s port %u: %s"), cli->p.host,
		    cli->p.port, strerror(err));
	ev.address = host;
	ev.port = cli->p.port;
	echo_emit(&ev, CD_ECHO_CLIENT, 1, text, cli->fn, cli->arg);
	return 0;
}

static int verify_server(gnutls_session_t session)
{
	struct cd_echo_client *cli = gnutls_session_get_ptr(session);
	int ret =
	    echo_check_peer(&cli->vctx, session, cli->verifier, 0, &cli->peer,
			    CD_ECHO_CLIENT, 1, cli->fn, cli->arg);

	if (ret < 0 || cli->p.ocsp == CD_ECHO_OCSP_IGNORE)
		return ret;
	cli->ocsp_alert = echo_ocsp_check(
	    session, cli->p.ca, cd_ctx_now(cli->ctx), cli->p.ocsp,
	    cli->ocsp_why, sizeof(cli->ocsp_why), cli->fn, cli->arg);
	return cli->ocsp_alert ? -1 : 0;
}

static int client_session(struct cd_echo_client *cli)
{
	int ret = gnutls_init(&cli->session, GNUTLS_CLIENT | GNUTLS_NONBLOCK);

	if (ret < 0)
		return cd_gnutls_error(cli->ctx, ret, _("cannot set up TLS"));
	gnutls_session_set_ptr(cli->session, cli);
	ret = gnutls_priority_set(cli->session, cli->prio);
	if (ret == 0)
		ret = gnutls_credentials_set(cli->session,
					     GNUTLS_CRD_CERTIFICATE, cli->cred);
	/* SNI carries DNS names only (RFC 6066) */
	if (ret == 0 && !cli->peer_is_ip)
		ret = gnutls_server_name_set(cli->session, GNUTLS_NAME_DNS,
					     cli->peer_name,
					     strlen(cli->peer_name));
	if (ret < 0)
		return cd_gnutls_error(cli->ctx, ret, _("cannot set up TLS"));
	if (cli->p.ocsp != CD_ECHO_OCSP_IGNORE)
		ret = gnutls_ocsp_status_request_enable_client(cli->session,
							       NULL, 0, NULL);
	if (ret < 0)
		return cd_gnutls_error(cli->ctx, ret, _("cannot set up TLS"));
	gnutls_session_set_verify_function(cli->session, verify_server);
	gnutls_transport_set_int(cli->session, cli->fd);
	return 0;
}

/* ---- failing -------------------------------------------------------- */

/* The last lines without their newline, sent and back, said before what
 * ends the connection. */
static void flush_lines(struct cd_echo_client *cli)
{
	echo_lines_flush(&cli->sent_lines, CD_ECHO_SENT, CD_ECHO_CLIENT, 1,
			 cli->fn, cli->arg);
	echo_lines_flush(&cli->back_lines, CD_ECHO_DATA, CD_ECHO_CLIENT, 1,
			 cli->fn, cli->arg);
}

/* The connection fails: the handshake, or (ECHO) the echo once the
 * handshake is done (bytes that differ, none back in time). */
static int fail_as(struct cd_echo_client *cli, int gnutls_ret,
		   const char *reason, const char *hint, int echo)
{
	flush_lines(cli);
	if (echo)
		echo_failed_echo(CD_ECHO_CLIENT, 1, cli->fn, cli->arg, reason,
				 hint);
	else
		echo_failed(CD_ECHO_CLIENT, 1, cli->fn, cli->arg, reason, hint,
			    gnutls_ret);
	cli->phase = PHASE_DONE;
	if (hint && *hint)
		return cd_error(cli->ctx, CD_E_VERIFY, "%s (%s)", reason, hint);
	return cd_error(cli->ctx, CD_E_VERIFY, "%s", reason);
}

static int fail(struct cd_echo_client *cli, int gnutls_ret, const char *reason,
		const char *hint)
{
	return fail_as(cli, gnutls_ret, reason, hint, 0);
}

static int fail_echo(struct cd_echo_client *cli, const char *reason,
		     const char *hint)
{
	return fail_as(cli, 0, reason, hint, 1);
}

/* A byte as a reader knows it: 'h' (0x68), or 0x0a. */
static void byte_text(unsigned char c, char *out, size_t size)
{
	if (c > 0x20 && c < 0x7f && c != '\'')
		snprintf(out, size, "'%c' (0x%02x)", c, c);
	else
		snprintf(out, size, "0x%02x", c);
}

static int fail_tls(struct cd_echo_client *cli, int gnutls_ret)
{
	char reason[1024], hint[1024];

	if (cli->ocsp_alert &&
	    (gnutls_ret == GNUTLS_E_CERTIFICATE_ERROR ||
	     gnutls_ret == GNUTLS_E_CERTIFICATE_VERIFICATION_ERROR)) {
		gnutls_alert_send(cli->session, GNUTLS_AL_FATAL,
				  (gnutls_alert_description_t)cli->ocsp_alert);
		snprintf(reason, sizeof(reason),
			 _("we refused the server's certificate: %s"),
			 cli->ocsp_why);
		return fail(cli, gnutls_ret, reason,
			    cli->ocsp_alert == GNUTLS_A_CERTIFICATE_REVOKED
				? _("the server's certificate is revoked: "
				    "issue a new one and restart the server "
				    "with it")
				: _("the server must staple a current OCSP "
				    "response about its certificate, signed "
				    "by its CA (certdeck serve "
				    "--ocsp-staple-store)"));
	}
	if (gnutls_ret == GNUTLS_E_CERTIFICATE_VERIFICATION_ERROR ||
	    gnutls_ret == GNUTLS_E_CERTIFICATE_ERROR)
		gnutls_alert_send(cli->session, GNUTLS_AL_FATAL,
				  echo_refusal_alert(&cli->peer));
	else if (gnutls_ret != GNUTLS_E_FATAL_ALERT_RECEIVED &&
		 gnutls_ret != GNUTLS_E_PREMATURE_TERMINATION)
		gnutls_alert_send_appropriate(cli->session, gnutls_ret);
	echo_explain_failure(cli->session, gnutls_ret, CD_ECHO_CLIENT,
			     &cli->peer, cli->p.cert != NULL, reason,
			     sizeof(reason), hint, sizeof(hint));
	return fail(cli, gnutls_ret, reason, hint);
}

/* ---- the exchange --------------------------------------------------- */

static int queue(struct cd_echo_client *cli, const void *data, size_t size)
{
	if (cli->q_len + size > cli->q_size) {
		size_t want = cli->q_size ? cli->q_size : 4096;
		unsigned char *q;

		while (want < cli->q_len + size)
			want *= 2;
		q = realloc(cli->q, want);
		if (q == NULL)
			return cd_error(cli->ctx, CD_E_NOMEM,
					_("out of memory"));
		cli->q = q;
		cli->q_size = want;
	}
	memcpy(cli->q + cli->q_len, data, size);
	cli->q_len += size;
	return 0;
}

/* Drop what came back, when it is most of the queue. */
static void compact(struct cd_echo_client *cli)
{
	if (cli->q_echoed < 65536 || cli->q_echoed < cli->q_len / 2)
		return;
	memmove(cli->q, cli->q + cli->q_echoed, cli->q_len - cli->q_echoed);
	cli->q_len -= cli->q_echoed;
	cli->q_sent -= cli->q_echoed;
	cli->q_echoed = 0;
}

static int take_inbox(struct cd_echo_client *cli)
{
	int ret = 0;

	pthread_mutex_lock(&cli->lock);
	if (cli->inbox_len)
		ret = queue(cli, cli->inbox, cli->inbox_len);
	cli->inbox_len = 0;
	if (cli->finished)
		cli->p.interactive = 0;
	pthread_mutex_unlock(&cli->lock);
	return ret;
}

static int read_input(struct cd_echo_client *cli)
{
	ssize_t n = read(cli->p.input_fd, cli->buf, sizeof(cli->buf));

	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return 0;
	if (n <= 0) {
		cli->input_open = 0;
		return 0;
	}
	return queue(cli, cli->buf, (size_t)n);
}

static int send_some(struct cd_echo_client *cli)
{
	while (cli->send_pending || cli->q_sent < cli->q_len) {
		size_t size = cli->q_len - cli->q_sent;
		ssize_t n;

		if (size > ECHO_RECORD)
			size = ECHO_RECORD;
		n = cli->send_pending
			? gnutls_record_send(cli->session, NULL, 0)
			: gnutls_record_send(cli->session, cli->q + cli->q_sent,
					     size);
		if (n == GNUTLS_E_AGAIN || n == GNUTLS_E_INTERRUPTED) {
			cli->send_pending = 1;
			return 0;
		}
		if (n < 0)
			return fail_tls(cli, (int)n);
		if (cli->p.report_data &&
		    echo_lines_feed(&cli->sent_lines, cli->q + cli->q_sent,
				    (size_t)n, CD_ECHO_SENT, CD_ECHO_CLIENT, 1,
				    cli->fn, cli->arg) < 0)
			return cd_error(cli->ctx, CD_E_NOMEM,
					_("out of memory"));
		cli->send_pending = 0;
		cli->q_sent += (size_t)n;
	}
	return 0;
}

static int check_back(struct cd_echo_client *cli, size_t n)
{
	char reason[256], want[32], got[32];
	size_t i, common = cli->q_sent - cli->q_echoed;

	if (common > n)
		common = n;
	/* What differs first, then what is too much: a server that speaks
	 * first (a banner) differs from the first byte. */
	if (memcmp(cli->q + cli->q_echoed, cli->buf, common) != 0) {
		for (i = 0; cli->q[cli->q_echoed + i] == cli->buf[i]; i++)
			;
		byte_text(cli->q[cli->q_echoed + i], want, sizeof(want));
		byte_text(cli->buf[i], got, sizeof(got));
		snprintf(reason, sizeof(reason),
			 _("what came back differs from what we sent at byte "
			   "%llu: %s sent, %s back"),
			 cli->total_back + i, want, got);
		return fail_echo(cli, reason,
				 _("the server is no echo server, or changes "
				   "what it echoes"));
	}
	if (n > common) {
		snprintf(reason, sizeof(reason),
			 _("the server sent %zu bytes more than we sent"),
			 n - common);
		return fail_echo(cli, reason,
				 _("the server is no echo server, or says more "
				   "than it echoes"));
	}
	if (cli->p.report_data &&
	    echo_lines_feed(&cli->back_lines, cli->buf, n, CD_ECHO_DATA,
			    CD_ECHO_CLIENT, 1, cli->fn, cli->arg) < 0)
		return cd_error(cli->ctx, CD_E_NOMEM, _("out of memory"));
	cli->q_echoed += n;
	cli->total_back += n;
	compact(cli);
	return 0;
}

static int server_closed(struct cd_echo_client *cli, int gnutls_ret)
{
	char reason[256];
	int clean = cli->q_echoed == cli->q_len && !cli->p.interactive &&
		    !cli->input_open;

	if (gnutls_ret == GNUTLS_E_FATAL_ALERT_RECEIVED)
		return fail_tls(cli, gnutls_ret);
	flush_lines(cli);
	if (clean || cli->phase == PHASE_CLOSING ||
	    (atomic_load(&cli->stopped) && cli->q_echoed == cli->q_sent)) {
		echo_closed(CD_ECHO_CLIENT, 1, cli->fn, cli->arg,
			    clean ? _("everything came back; connection closed")
				  : _("the server closed the connection"));
		cli->phase = PHASE_DONE;
		return 0;
	}
	/* How it closed (with TLS's close_notify, or the connection cut),
	 * and how far the echo had come. */
	if (cli->total_back == 0 && cli->q_len == cli->q_echoed)
		snprintf(reason, sizeof(reason), "%s",
			 gnutls_ret == GNUTLS_E_PREMATURE_TERMINATION
			     ? _("the server cut the connection, without "
				 "closing TLS, before we sent anything")
			     : _("the server closed the connection before we "
				 "sent anything"));
	else if (cli->q_len == cli->q_echoed)
		snprintf(reason, sizeof(reason),
			 gnutls_ret == GNUTLS_E_PREMATURE_TERMINATION
			     ? _("the server cut the connection, without "
				 "closing TLS, once all %llu bytes sent had "
				 "come back")
			     : _("the server closed the connection once all "
				 "%llu bytes sent had come back"),
			 cli->total_back);
	else
		snprintf(reason, sizeof(reason),
			 gnutls_ret == GNUTLS_E_PREMATURE_TERMINATION
			     ? _("the server cut the connection, without "
				 "closing TLS, after echoing %llu of %llu "
				 "bytes; its log says why (a line longer than "
				 "its limit, say)")
			     : _("the server closed the connection after "
				 "echoing %llu of %llu bytes; its log says why "
				 "(a line longer than its limit, say)"),
			 cli->total_back,
			 (unsigned long long)(cli->q_len - cli->q_echoed) +
			     cli->total_back);
	echo_closed(CD_ECHO_CLIENT, 1, cli->fn, cli->arg, reason);
	cli->phase = PHASE_DONE;
	return cd_error(cli->ctx, CD_E_VERIFY, "%s", reason);
}

static int receive_some(struct cd_echo_client *cli)
{
	int turn;

	for (turn = 0; turn < 32 && cli->phase != PHASE_DONE; turn++) {
		ssize_t n = gnutls_record_recv(cli->session, cli->buf,
					       sizeof(cli->buf));

		if (n == GNUTLS_E_AGAIN)
			return 0;
		if (n == GNUTLS_E_INTERRUPTED || n == GNUTLS_E_REHANDSHAKE ||
		    (n < 0 && !gnutls_error_is_fatal((int)n)))
			continue;
		if (n == 0 || n == GNUTLS_E_PREMATURE_TERMINATION ||
		    n == GNUTLS_E_FATAL_ALERT_RECEIVED)
			return server_closed(cli, (int)n);
		if (n < 0)
			return fail_tls(cli, (int)n);
		cli->last_progress = echo_now_ms();
		if (check_back(cli, (size_t)n) < 0)
			return CD_E_VERIFY;
	}
	return 0;
}

/* No more to send and everything back: close TLS, wait for the server. */
static void maybe_close(struct cd_echo_client *cli)
{
	if (cli->phase != PHASE_EXCHANGE || cli->p.interactive ||
	    cli->input_open || cli->q_echoed < cli->q_len)
		return;
	if (gnutls_bye(cli->session, GNUTLS_SHUT_WR) == GNUTLS_E_AGAIN)
		return;
	flush_lines(cli);
	cli->phase = PHASE_CLOSING;
	cli->last_progress = echo_now_ms();
}

static int handshake_step(struct cd_echo_client *cli)
{
	int ret;

	do
		ret = gnutls_handshake(cli->session);
	while (ret < 0 && ret != GNUTLS_E_AGAIN && !gnutls_error_is_fatal(ret));
	if (ret == GNUTLS_E_AGAIN)
		return 0;
	if (ret < 0)
		return fail_tls(cli, ret);
	echo_report_handshake(cli->session, CD_ECHO_CLIENT, 1, cli->fn,
			      cli->arg);
	/* Given a certificate, and not asked for one: say why it went
	 * unsent, beside gnutls-cli's "Client certificate: no". */
	if (cli->p.cert && gnutls_certificate_get_ours(cli->session) == NULL &&
	    !gnutls_certificate_client_get_request_status(cli->session))
		echo_note(CD_ECHO_CLIENT, 1, cli->fn, cli->arg, "%s",
			  _("- The server asked for no client certificate: "
			    "ours was not sent"));
	/* In TLS 1.3 our side is done before the server has judged our
	 * certificate (or its absence): a refusal comes after "Handshake
	 * was completed", with the server's first answer. Said here, so
	 * that the refusal does not read as a contradiction. */
	if (gnutls_protocol_get_version(cli->session) == GNUTLS_TLS1_3 &&
	    gnutls_certificate_client_get_request_status(cli->session))
		echo_note(
		    CD_ECHO_CLIENT, 1, cli->fn, cli->arg, "%s",
		    gnutls_certificate_get_ours(cli->session)
			? _("- The server asked for a client certificate and "
			    "ours was sent: in TLS 1.3 the server says whether "
			    "it accepts it after this point, with its first "
			    "answer")
			: _("- The server asked for a client certificate and "
			    "none was sent: in TLS 1.3 the server says whether "
			    "it goes on without one after this point, with its "
			    "first answer"));
	cli->phase = PHASE_EXCHANGE;
	cli->last_progress = echo_now_ms();
	return 0;
}

/* Are we waiting on the server (and so bound by the timeout)? */
static int waiting_on_server(const struct cd_echo_client *cli)
{
	return cli->phase == PHASE_HANDSHAKE || cli->phase == PHASE_CLOSING ||
	       cli->q_echoed < cli->q_sent || cli->send_pending;
}

static int poll_once(struct cd_echo_client *cli)
{
	struct pollfd pfd[3];
	nfds_t n = 2;
	int timeout = -1, wait_out;
	int64_t now = echo_now_ms();

	wait_out = cli->phase == PHASE_HANDSHAKE
		       ? gnutls_record_get_direction(cli->session)
		       : cli->send_pending;
	pfd[0].fd = cli->fd;
	pfd[0].events = wait_out ? POLLOUT : POLLIN;
	if (cli->phase == PHASE_EXCHANGE)
		pfd[0].events |= POLLIN;
	pfd[1].fd = cli->wake[0];
	pfd[1].events = POLLIN;
	if (cli->phase == PHASE_EXCHANGE && cli->input_open &&
	    cli->q_len - cli->q_echoed < BACKLOG_MAX) {
		pfd[2].fd = cli->p.input_fd;
		pfd[2].events = POLLIN;
		n = 3;
	}
	if (waiting_on_server(cli)) {
		int64_t left = cli->last_progress + cli->p.timeout_ms - now;

		timeout = left > 0 ? (int)left : 0;
	}
	pfd[0].revents = pfd[1].revents = pfd[2].revents = 0;
	if (poll(pfd, n, timeout) < 0 && errno != EINTR)
		return cd_error(cli->ctx, CD_E_IO, _("poll: %s"),
				strerror(errno));
	if (pfd[1].revents & POLLIN) {
		char drain[64];

		while (read(cli->wake[0], drain, sizeof(drain)) > 0)
			;
	}
	if (n == 3 && (pfd[2].revents & (POLLIN | POLLHUP | POLLERR)))
		return read_input(cli);
	return 0;
}

static int timed_out(struct cd_echo_client *cli)
{
	char reason[256];

	if (!waiting_on_server(cli) ||
	    echo_now_ms() - cli->last_progress < (int64_t)cli->p.timeout_ms)
		return 0;
	snprintf(reason, sizeof(reason),
		 cli->phase == PHASE_HANDSHAKE
		     ? _("no handshake with the server within %u ms")
		 : cli->phase == PHASE_CLOSING
		     ? _("the server did not close the connection within %u ms")
		     : _("the server did not echo within %u ms"),
		 cli->p.timeout_ms);
	return fail_as(cli, 0, reason,
		       _("is the server on that port a TLS echo server "
			 "(certdeck serve, gnutls-serv --echo)?"),
		       cli->phase != PHASE_HANDSHAKE);
}

static int exchange_step(struct cd_echo_client *cli)
{
	int ret = take_inbox(cli);

	if (ret == 0 && cli->phase == PHASE_EXCHANGE)
		ret = send_some(cli);
	if (ret == 0 && cli->phase != PHASE_DONE)
		ret = receive_some(cli);
	if (ret == 0)
		maybe_close(cli);
	return ret;
}

/* After a failure: close our side and let the server close its own
 * before we close the socket, which would otherwise reset the connection
 * (unread bytes) and the server would lose the alert that says why. */
static void linger(struct cd_echo_client *cli)
{
	struct pollfd pfd = {.fd = cli->fd, .events = POLLIN};
	int64_t until = echo_now_ms() + 1000;
	char sink[4096];

	shutdown(cli->fd, SHUT_WR);
	while (echo_now_ms() < until &&
	       poll(&pfd, 1, (int)(until - echo_now_ms())) > 0) {
		ssize_t n = read(cli->fd, sink, sizeof(sink));

		if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR))
			break;
	}
}

int cd_echo_client_run(struct cd_echo_client *cli)
{
	int ret;

	cli->input_open = cli->p.input_fd >= 0;
	if (cli->input_open)
		echo_set_nonblock(cli->p.input_fd);
	ret = cli->p.send_size ? queue(cli, cli->p.send, cli->p.send_size) : 0;
	if (ret == 0)
		ret = client_connect(cli);
	if (ret == 0)
		ret = client_session(cli);
	cli->last_progress = echo_now_ms();
	cli->phase = PHASE_HANDSHAKE;
	while (ret == 0 && cli->phase != PHASE_DONE) {
		if (atomic_load(&cli->stopped)) {
			if (cli->phase != PHASE_HANDSHAKE)
				gnutls_bye(cli->session, GNUTLS_SHUT_WR);
			flush_lines(cli);
			echo_closed(CD_ECHO_CLIENT, 1, cli->fn, cli->arg,
				    _("stopped"));
			break;
		}
		if (cli->phase == PHASE_HANDSHAKE)
			ret = handshake_step(cli);
		if (ret == 0 && cli->phase >= PHASE_EXCHANGE &&
		    cli->phase != PHASE_DONE)
			ret = exchange_step(cli);
		if (ret == 0 && cli->phase != PHASE_DONE)
			ret = timed_out(cli);
		if (ret == 0 && cli->phase != PHASE_DONE)
			ret = poll_once(cli);
	}
	flush_lines(cli);
	if (ret < 0 && cli->fd >= 0)
		linger(cli);
	return ret;
}

void cd_echo_client_free(struct cd_echo_client *cli)
{
	if (cli == NULL)
		return;
	if (cli->session)
		gnutls_deinit(cli->session);
	if (cli->fd >= 0)
		close(cli->fd);
	if (cli->wake[0] >= 0) {
		close(cli->wake[0]);
		close(cli->wake[1]);
	}
	echo_peer_clear(&cli->peer);
	if (cli->verifier)
		cd_verifier_free(cli->verifier);
	if (cli->cred)
		gnutls_certificate_free_credentials(cli->cred);
	if (cli->prio)
		gnutls_priority_deinit(cli->prio);
	cd_ctx_deinit(&cli->vctx);
	pthread_mutex_destroy(&cli->lock);
	free(cli->inbox);
	free(cli->q);
	free(cli->sent_lines.buf);
	free(cli->back_lines.buf);
	free(cli);
}
