/* certdeck: the OCSP responder's HTTP server (RFC 6960 appendix A).
 *
 * One loop, one connection at a time: poll the listening socket and the
 * stop pipe, take a connection, read its request within the timeout,
 * answer and close. A POST carries the DER request as its body; a GET
 * carries it base64-encoded, URL-escaped, as the path. */
#include <config.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "error.h"
#include "file.h"
#include "key.h"
#include "i18n.h"
#include "netaddr.h"
#include "ocsp.h"
#include "revoke.h"
#include "textbuf.h"

#define HEAD_MAX 16384	/* request line and headers */
#define BODY_MAX 65536	/* a POSTed request */
#define TIMEOUT_MS 5000 /* default, to send the whole request */

struct cd_ocsp_server {
	struct cd_ctx *ctx;
	struct cd_ocsp_responder *responder;
	cd_ocsp_event_fn fn;
	void *arg;
	int listen_fd;
	int stop[2];
	unsigned timeout_ms;
	unsigned port;
	char address[80];
	pthread_t thread;
	int thread_running;
};

/* One HTTP exchange. */
struct exchange {
	char peer[64];
	char buf[HEAD_MAX + BODY_MAX + 1];
	size_t len;
	size_t head_len; /* up to the blank line, included */
	size_t body_len; /* Content-Length */
	char method[8];
	char *path;	     /* into buf */
	const char *headers; /* into buf: the CRLF ending the request line */
	const char *refusal; /* HTTP status line of a refusal, or NULL */
};

/* Tell the callback about EV, its text made from FMT. */
static void tell(struct cd_ocsp_server *srv, struct cd_ocsp_event *ev,
		 const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void tell(struct cd_ocsp_server *srv, struct cd_ocsp_event *ev,
		 const char *fmt, ...)
{
	char line[512];
	va_list ap;

	if (srv->fn == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	ev->text = line;
	srv->fn(srv->arg, ev);
}

/* An event of KIND about exchange X. */
static struct cd_ocsp_event event_of(enum cd_ocsp_event_kind kind,
				     const struct exchange *x)
{
	struct cd_ocsp_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.kind = kind;
	ev.peer = x->peer;
	ev.method = x->method;
	return ev;
}

static int listen_on(struct cd_ocsp_server *srv, const char *bind_addr,
		     unsigned port_no)
{
	return cd_netaddr_listen(srv->ctx, bind_addr, port_no, 64, 0,
				 &srv->listen_fd, &srv->port, srv->address,
				 sizeof(srv->address));
}

int cd_ocsp_server_new(struct cd_ctx *ctx,
		       const struct cd_ocsp_server_params *p,
		       struct cd_ocsp_responder *responder, cd_ocsp_event_fn fn,
		       void *arg, struct cd_ocsp_server **out)
{
	struct cd_ocsp_server *srv;
	int ret;

	*out = NULL;
	srv = calloc(1, sizeof(*srv));
	if (srv == NULL)
		return cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	srv->ctx = ctx;
	srv->responder = responder;
	srv->fn = fn;
	srv->arg = arg;
	srv->listen_fd = srv->stop[0] = srv->stop[1] = -1;
	srv->timeout_ms = p->timeout_ms ? p->timeout_ms : TIMEOUT_MS;
	if (pipe2(srv->stop, O_CLOEXEC | O_NONBLOCK) < 0) {
		ret = cd_error(ctx, CD_E_IO, _("cannot create a pipe: %s"),
			       strerror(errno));
		goto fail;
	}
	ret = listen_on(srv, p->bind ? p->bind : "127.0.0.1", p->port);
	if (ret < 0)
		goto fail;
	*out = srv;
	return 0;
fail:
	cd_ocsp_server_free(srv);
	return ret;
}

const char *cd_ocsp_server_address(const struct cd_ocsp_server *srv)
{
	return srv->address;
}

unsigned cd_ocsp_server_port(const struct cd_ocsp_server *srv)
{
	return srv->port;
}

void cd_ocsp_server_stop(struct cd_ocsp_server *srv)
{
	char c = 's';
	ssize_t n = write(srv->stop[1], &c, 1);

	(void)n;
}

void cd_ocsp_server_free(struct cd_ocsp_server *srv)
{
	if (srv == NULL)
		return;
	if (srv->thread_running) {
		cd_ocsp_server_stop(srv);
		pthread_join(srv->thread, NULL);
	}
	if (srv->listen_fd >= 0)
		close(srv->listen_fd);
	if (srv->stop[0] >= 0)
		close(srv->stop[0]);
	if (srv->stop[1] >= 0)
		close(srv->stop[1]);
	free(srv);
}

/* ---- one exchange ------------------------------------------------------- */

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Wait for FD to be readable (1), the stop pipe (-1) or the deadline (0). */
static int wait_for(struct cd_ocsp_server *srv, int fd, int64_t deadline)
{
	struct pollfd pfd[2] = {{fd, POLLIN, 0}, {srv->stop[0], POLLIN, 0}};
	int64_t left = deadline < 0 ? -1 : deadline - now_ms();
	int ret;

	if (deadline >= 0 && left <= 0)
		return 0;
	do
		ret = poll(pfd, 2, (int)left);
	while (ret < 0 && errno == EINTR && !(pfd[1].revents & POLLIN));
	if (pfd[1].revents & POLLIN)
		return -1;
	return ret > 0 ? 1 : 0;
}

/* The value of header NAME in the head of X, or NULL. */
static const char *header(const struct exchange *x, const char *name)
{
	const char *line = x->headers;
	size_t n = strlen(name);

	while (line && line[2] != '\r') {
		line += 2;
		if (strncasecmp(line, name, n) == 0 && line[n] == ':')
			return line + n + 1;
		line = strstr(line, "\r\n");
	}
	return NULL;
}

/* Parse the request line and headers once the blank line came. */
static int parse_head(struct exchange *x)
{
	char *end = strstr(x->buf, "\r\n\r\n"), *sp, *sp2;
	const char *cl;
	char *tail;
	unsigned long v;

	if (end == NULL)
		return x->len >= HEAD_MAX ? -1 : 0;
	x->head_len = (size_t)(end - x->buf) + 4;
	sp = strchr(x->buf, ' ');
	sp2 = sp ? strchr(sp + 1, ' ') : NULL;
	if (sp == NULL || sp2 == NULL || sp2 > end ||
	    (size_t)(sp - x->buf) >= sizeof(x->method) ||
	    strncmp(sp2 + 1, "HTTP/1.", 7) != 0) {
		x->refusal = "400 Bad Request";
		return 1;
	}
	x->headers = strstr(sp2, "\r\n");
	memcpy(x->method, x->buf, (size_t)(sp - x->buf));
	x->method[sp - x->buf] = '\0';
	*sp2 = '\0';
	x->path = sp + 1;
	if (strcmp(x->method, "GET") == 0)
		return 1;
	if (strcmp(x->method, "POST") != 0) {
		x->refusal = "405 Method Not Allowed";
		return 1;
	}
	cl = header(x, "Content-Length");
	v = cl ? strtoul(cl, &tail, 10) : 0;
	if (cl == NULL || (*tail != '\r' && *tail != ' '))
		x->refusal = "411 Length Required";
	else if (v > BODY_MAX)
		x->refusal = "413 Content Too Large";
	x->body_len = v;
	return 1;
}

/* Read the whole request: 0, or -1 (stopped, timed out, closed). */
static int read_request(struct cd_ocsp_server *srv, int fd, struct exchange *x)
{
	int64_t deadline = now_ms() + srv->timeout_ms;
	ssize_t n;
	int ret;

	for (;;) {
		if (x->head_len &&
		    (x->refusal || x->len >= x->head_len + x->body_len))
			return 0;
		ret = wait_for(srv, fd, deadline);
		if (ret <= 0)
			return -1;
		n = read(fd, x->buf + x->len, HEAD_MAX + BODY_MAX - x->len);
		if (n <= 0)
			return -1;
		x->len += (size_t)n;
		x->buf[x->len] = '\0';
		if (x->head_len == 0) {
			ret = parse_head(x);
			if (ret < 0)
				x->refusal =
				    "431 Request Header Fields Too Large";
			if (ret < 0)
				x->head_len = x->len;
		}
	}
}

/* A GET's path: "/" and the URL-escaped base64 of the DER request. */
static int decode_get(const char *path, gnutls_datum_t *der)
{
	char *b64 = malloc(strlen(path) + 1);
	size_t o = 0;
	gnutls_datum_t in;
	int ret;

	if (b64 == NULL)
		return -1;
	if (*path == '/')
		path++;
	for (; *path; path++) {
		if (*path == '%' && cd_hex_byte(path + 1) >= 0) {
			b64[o++] = (char)cd_hex_byte(path + 1);
			path += 2;
		} else {
			b64[o++] = *path;
		}
	}
	in.data = (unsigned char *)b64;
	in.size = (unsigned)o;
	ret = o ? gnutls_base64_decode2(&in, der) : -1;
	free(b64);
	return ret < 0 ? -1 : 0;
}

static void send_all(int fd, const void *data, size_t size)
{
	const char *p = data;
	ssize_t n;

	while (size > 0) {
		n = send(fd, p, size, MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		p += n;
		size -= (size_t)n;
	}
}

static void send_response(int fd, const char *status, const char *type,
			  const unsigned char *body, size_t size)
{
	char head[256];
	int n = snprintf(head, sizeof(head),
			 "HTTP/1.0 %s\r\nContent-Type: %s\r\n"
			 "Content-Length: %zu\r\nConnection: close\r\n\r\n",
			 status, type, size);

	send_all(fd, head, (size_t)n);
	send_all(fd, body, size);
}

static void log_answer(struct cd_ocsp_server *srv, const struct exchange *x,
		       const struct cd_ocsp_answer *a, int ret)
{
	struct cd_ocsp_event ev = event_of(CD_OCSP_ANSWERED, x);

	ev.answer = a;
	ev.error = ret < 0 ? ret : 0;
	if (ret < 0)
		tell(srv, &ev, _("%s: %s: internal error: %s"), x->peer,
		     x->method, cd_ctx_message(srv->ctx));
	else if (a->response_status == 1)
		tell(srv, &ev, _("%s: %s: malformed request: %s"), x->peer,
		     x->method, a->why);
	else if (a->status == CD_OCSP_REVOKED && a->reason >= 0)
		/* L10N: peer, method, serial, "revoked", the reason, the
		   number of certificates asked about, "nonce" or "". */
		tell(srv, &ev, _("%s: %s: serial %s: %s (%s)%s%s"), x->peer,
		     x->method, a->serial, cd_ocsp_status_name(a->status),
		     cd_reason_name(a->reason),
		     a->count > 1 ? _(", and more") : "",
		     a->nonce ? _(", nonce echoed") : "");
	else
		tell(srv, &ev, _("%s: %s: serial %s: %s%s%s"), x->peer,
		     x->method, a->serial, cd_ocsp_status_name(a->status),
		     a->count > 1 ? _(", and more") : "",
		     a->nonce ? _(", nonce echoed") : "");
}

/* Answer X's OCSP request (POST body or GET path) on FD. */
static void answer(struct cd_ocsp_server *srv, int fd, struct exchange *x)
{
	gnutls_datum_t get = {NULL, 0}, resp = {NULL, 0};
	const unsigned char *der;
	size_t size;
	struct cd_ocsp_answer a;
	int ret;

	if (strcmp(x->method, "GET") == 0) {
		if (decode_get(x->path, &get) < 0) {
			get.data = NULL;
			get.size = 0;
		}
		der = get.data;
		size = get.size;
	} else {
		der = (const unsigned char *)x->buf + x->head_len;
		size = x->body_len;
	}
	ret = cd_ocsp_respond(srv->ctx, srv->responder, der, size, &resp, &a);
	log_answer(srv, x, &a, ret);
	if (resp.size)
		send_response(fd, "200 OK", "application/ocsp-response",
			      resp.data, resp.size);
	else
		send_response(fd, "500 Internal Server Error", "text/plain",
			      NULL, 0);
	gnutls_free(get.data);
	gnutls_free(resp.data);
}

static void peer_name(int fd, char *out, size_t size)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	char host[64];
	unsigned port;

	if (getpeername(fd, (struct sockaddr *)&ss, &len) == 0)
		cd_netaddr_text(&ss, host, sizeof(host), &port, out, size);
	else
		snprintf(out, size, "?:0");
}

static void serve_one(struct cd_ocsp_server *srv, int fd, struct exchange *x)
{
	memset(x->peer, 0, sizeof(x->peer));
	memset(x->method, 0, sizeof(x->method));
	x->len = x->head_len = x->body_len = 0;
	x->buf[0] = '\0';
	x->path = NULL;
	x->refusal = NULL;
	peer_name(fd, x->peer, sizeof(x->peer));
	if (read_request(srv, fd, x) < 0) {
		struct cd_ocsp_event ev = event_of(CD_OCSP_TIMEOUT, x);

		tell(srv, &ev, _("%s: no complete request in time; closed"),
		     x->peer);
		return;
	}
	if (x->refusal) {
		struct cd_ocsp_event ev = event_of(CD_OCSP_REFUSED, x);

		ev.http_status = x->refusal;
		tell(srv, &ev, _("%s: refused: HTTP %s"), x->peer, x->refusal);
		send_response(fd, x->refusal, "text/plain", NULL, 0);
		return;
	}
	answer(srv, fd, x);
}

int cd_ocsp_server_run(struct cd_ocsp_server *srv)
{
	struct exchange *x = malloc(sizeof(*x));
	int fd, ret;

	if (x == NULL)
		return cd_error(srv->ctx, CD_E_NOMEM, _("out of memory"));
	for (;;) {
		ret = wait_for(srv, srv->listen_fd, -1);
		if (ret < 0)
			break;
		fd = accept4(srv->listen_fd, NULL, NULL, SOCK_CLOEXEC);
		if (fd < 0)
			continue;
		serve_one(srv, fd, x);
		shutdown(fd, SHUT_WR);
		close(fd);
	}
	free(x);
	return 0;
}

static void *server_main(void *arg)
{
	cd_ocsp_server_run(arg);
	return NULL;
}

int cd_ocsp_server_start(struct cd_ocsp_server *srv)
{
	int ret = pthread_create(&srv->thread, NULL, server_main, srv);

	if (ret != 0)
		return cd_error(srv->ctx, CD_E_NOMEM,
				_("cannot start the OCSP responder's thread: "
				  "%s"),
				strerror(ret));
	srv->thread_running = 1;
	return 0;
}

int cd_ocsp_signer_needs_password(struct cd_ctx *ctx,
				  const struct cd_store *store,
				  const char *signer)
{
	return cd_store_key_is_encrypted(ctx, store, signer) > 0;
}
