/* certdeck tests: the OCSP responder's server as a front end drives it
 * (the TUI's pane): served from its own thread (cd_ocsp_server_start),
 * one event per connection with the answer as data (status, nonce,
 * method) or the HTTP refusal, the response checked with GnuTLS's OCSP
 * reader, stopped and joined by cd_ocsp_server_free; and whether the
 * signing key needs a password. */
#define _XOPEN_SOURCE 700
#include <config.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gnutls/ocsp.h>

#include "ca.h"
#include "certdeck.h"
#include "ocsp.h"
#include "tap.h"
#include "tmpdir.h"

#define EVENTS_MAX 8

struct seen {
	enum cd_ocsp_event_kind kind;
	char method[8], http_status[64], text[512];
	int response_status, nonce, error;
	enum cd_ocsp_status status;
	size_t count;
};

struct log {
	pthread_mutex_t lock;
	struct seen ev[EVENTS_MAX];
	size_t n;
	pthread_t thread;
};

static void on_event(void *arg, const struct cd_ocsp_event *ev)
{
	struct log *l = arg;
	struct seen *s;

	pthread_mutex_lock(&l->lock);
	l->thread = pthread_self();
	if (l->n < EVENTS_MAX) {
		s = &l->ev[l->n++];
		memset(s, 0, sizeof(*s));
		s->kind = ev->kind;
		snprintf(s->method, sizeof(s->method), "%s", ev->method);
		snprintf(s->text, sizeof(s->text), "%s", ev->text);
		if (ev->http_status)
			snprintf(s->http_status, sizeof(s->http_status), "%s",
				 ev->http_status);
		s->error = ev->error;
		if (ev->answer) {
			s->response_status = ev->answer->response_status;
			s->nonce = ev->answer->nonce;
			s->status = ev->answer->status;
			s->count = ev->answer->count;
		}
	}
	pthread_mutex_unlock(&l->lock);
}

/* Send HEAD and BODY to 127.0.0.1:PORT; the whole answer into OUT. */
static int exchange(unsigned port, const char *head, const void *body,
		    size_t size, gnutls_datum_t *out)
{
	struct sockaddr_in sa;
	char buf[4096];
	ssize_t n;
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((unsigned short)port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	out->data = NULL;
	out->size = 0;
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if (write(fd, head, strlen(head)) < 0 ||
	    (size && write(fd, body, size) < 0)) {
		close(fd);
		return -1;
	}
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		unsigned char *d = realloc(out->data, out->size + (size_t)n);

		if (d == NULL)
			break;
		memcpy(d + out->size, buf, (size_t)n);
		out->data = d;
		out->size += (unsigned)n;
	}
	close(fd);
	return 0;
}

/* The body of an HTTP answer, in place. */
static gnutls_datum_t body_of(const gnutls_datum_t *answer)
{
	gnutls_datum_t b = {NULL, 0};
	size_t i;

	for (i = 0; i + 4 <= answer->size; i++)
		if (memcmp(answer->data + i, "\r\n\r\n", 4) == 0) {
			b.data = answer->data + i + 4;
			b.size = answer->size - (unsigned)(i + 4);
			break;
		}
	return b;
}

/* An OCSP request about the CA's own certificate, with a nonce. */
static int make_request(gnutls_x509_crt_t ca, gnutls_datum_t *der)
{
	gnutls_ocsp_req_t req;
	int ret = gnutls_ocsp_req_init(&req);

	if (ret < 0)
		return ret;
	ret = gnutls_ocsp_req_add_cert(req, GNUTLS_DIG_SHA1, ca, ca);
	if (ret == 0)
		ret = gnutls_ocsp_req_randomize_nonce(req);
	if (ret == 0)
		ret = gnutls_ocsp_req_export(req, der);
	gnutls_ocsp_req_deinit(req);
	return ret;
}

static void test_post(struct log *l, unsigned port, gnutls_x509_crt_t ca)
{
	gnutls_datum_t der = {NULL, 0}, answer, body;
	gnutls_ocsp_resp_t resp = NULL;
	unsigned cert_status = 99, verify = 99;
	char head[256];

	is_int(make_request(ca, &der), 0, "an OCSP request (GnuTLS)");
	snprintf(head, sizeof(head),
		 "POST / HTTP/1.0\r\nContent-Type: application/ocsp-request\r\n"
		 "Content-Length: %u\r\n\r\n",
		 der.size);
	is_int(exchange(port, head, der.data, der.size, &answer), 0,
	       "POSTed to the server");
	body = body_of(&answer);
	ok(gnutls_ocsp_resp_init(&resp) == 0 &&
	       gnutls_ocsp_resp_import(resp, &body) == 0,
	   "GnuTLS reads the response");
	is_int(gnutls_ocsp_resp_get_status(resp), GNUTLS_OCSP_RESP_SUCCESSFUL,
	       "successful");
	ok(gnutls_ocsp_resp_get_single(resp, 0, NULL, NULL, NULL, NULL,
				       &cert_status, NULL, NULL, NULL,
				       NULL) == 0 &&
	       cert_status == GNUTLS_OCSP_CERT_UNKNOWN,
	   "the CA's own certificate, not in its index: unknown");
	ok(gnutls_ocsp_resp_verify_direct(resp, ca, &verify, 0) == 0 &&
	       verify == 0,
	   "the response is signed by the CA");
	is_int(l->n, 1, "one event");
	is_int(l->ev[0].kind, CD_OCSP_ANSWERED, "... an answer");
	is_str(l->ev[0].method, "POST", "... to a POST");
	is_int(l->ev[0].response_status, 0, "... successful");
	is_int(l->ev[0].status, CD_OCSP_UNKNOWN, "... unknown, as data");
	is_int(l->ev[0].count, 1, "... about one certificate");
	is_int(l->ev[0].nonce, 1, "... with the nonce echoed");
	ok(strstr(l->ev[0].text, "unknown") != NULL, "... and as text: %s",
	   l->ev[0].text);
	ok(!pthread_equal(l->thread, pthread_self()),
	   "called from the server's own thread");
	if (resp)
		gnutls_ocsp_resp_deinit(resp);
	gnutls_free(der.data);
	free(answer.data);
}

static void test_refusals(struct log *l, unsigned port)
{
	gnutls_datum_t answer;
	static const char junk[] = "not DER";
	char head[128];

	exchange(port, "DELETE / HTTP/1.0\r\n\r\n", NULL, 0, &answer);
	ok(answer.size > 12 && memcmp(answer.data, "HTTP/1.0 405", 12) == 0,
	   "DELETE: HTTP 405");
	is_int(l->n, 2, "an event for it");
	is_int(l->ev[1].kind, CD_OCSP_REFUSED, "... a refusal");
	is_str(l->ev[1].http_status, "405 Method Not Allowed",
	       "... with the HTTP status");
	free(answer.data);
	snprintf(head, sizeof(head),
		 "POST / HTTP/1.0\r\nContent-Length: %zu\r\n\r\n",
		 sizeof(junk) - 1);
	exchange(port, head, junk, sizeof(junk) - 1, &answer);
	is_int(l->n, 3, "junk POSTed: an event");
	is_int(l->ev[2].kind, CD_OCSP_ANSWERED, "... answered");
	is_int(l->ev[2].response_status, 1, "... malformedRequest");
	free(answer.data);
}

/* cd_ocsp_ask, as the pane's c key uses it. */
static void test_ask(struct cd_ctx *ctx, struct cd_store *store, struct log *l,
		     unsigned port)
{
	struct cd_ocsp_check chk;
	char *ca = cd_store_path(store, "ca.crt");

	is_int(cd_ocsp_ask(ctx, "127.0.0.1", port, ca, ca, 5000, &chk), 0,
	       "cd_ocsp_ask: an answer");
	is_int(chk.status, CD_OCSP_UNKNOWN, "... unknown");
	ok(chk.signature_ok, "... signed by the CA");
	ok(chk.nonce_ok, "... the nonce echoed");
	is_int(chk.reason, -1, "... no reason");
	is_int(l->n, 4, "the server told of it");
	is_int(l->ev[3].nonce, 1, "... with a nonce");
	free(ca);
}

static void test_server(struct cd_ctx *ctx, struct cd_store *store)
{
	struct cd_ocsp_responder_params rp;
	struct cd_ocsp_server_params sp;
	struct cd_ocsp_responder *r = NULL;
	struct cd_ocsp_server *srv = NULL;
	struct cd_ctx srv_ctx;
	struct log l;
	gnutls_datum_t answer;
	struct cd_ocsp_check chk;
	char *ca;
	unsigned port;

	memset(&rp, 0, sizeof(rp));
	memset(&sp, 0, sizeof(sp));
	memset(&l, 0, sizeof(l));
	pthread_mutex_init(&l.lock, NULL);
	cd_ctx_init(&srv_ctx);
	is_int(cd_ocsp_responder_new(ctx, store, &rp, &r), 0, "a responder");
	is_int(cd_ocsp_server_new(&srv_ctx, &sp, r, on_event, &l, &srv), 0,
	       "a server on a free port");
	port = srv ? cd_ocsp_server_port(srv) : 0;
	ok(port > 0, "its port is known: %u", port);
	is_int(cd_ocsp_server_start(srv), 0, "serving from its own thread");
	test_post(&l, port, store->ca_crt);
	test_refusals(&l, port);
	test_ask(ctx, store, &l, port);
	cd_ocsp_server_free(srv);
	ok(exchange(port, "GET / HTTP/1.0\r\n\r\n", NULL, 0, &answer) < 0,
	   "freed: stopped, the port refuses");
	free(answer.data);
	ca = cd_store_path(store, "ca.crt");
	ok(ca && cd_ocsp_ask(ctx, "127.0.0.1", port, ca, ca, 2000, &chk) ==
		     CD_E_IO,
	   "cd_ocsp_ask of a stopped responder: %s", cd_ctx_message(ctx));
	free(ca);
	cd_ocsp_responder_free(r);
	cd_ctx_deinit(&srv_ctx);
	pthread_mutex_destroy(&l.lock);
}

static struct cd_store *make_store(struct cd_ctx *ctx, const char *dir,
				   const char *password)
{
	struct cd_cert_params params;
	struct cd_ca_init init;
	struct cd_store *store = NULL;

	memset(&init, 0, sizeof(init));
	init.dir = dir;
	init.key.pk = GNUTLS_PK_ECDSA;
	init.key.curve = GNUTLS_ECC_CURVE_SECP256R1;
	init.password = password;
	cd_profile_init(&params);
	cd_profile_set(ctx, &params, "cn", "Unit OCSP CA", "test");
	if (cd_ca_init(ctx, &init, &params, &store) < 0)
		printf("# %s\n", cd_ctx_message(ctx));
	cd_profile_free(&params);
	return store;
}

int main(void)
{
	struct cd_ctx ctx;
	struct cd_store *plain, *locked;
	char dir[] = "/tmp/cd-test-ocsp-XXXXXX", a[300], b[300];

	cd_ctx_init(&ctx);
	ok(mkdtemp(dir) != NULL, "temporary directory");
	snprintf(a, sizeof(a), "%s/plain", dir);
	snprintf(b, sizeof(b), "%s/locked", dir);
	plain = make_store(&ctx, a, NULL);
	locked = make_store(&ctx, b, "secret");
	ok(plain && locked, "two stores, one with a password on its CA key");
	if (plain && locked) {
		is_int(cd_ocsp_signer_needs_password(&ctx, plain, NULL), 0,
		       "a plain CA key needs no password");
		is_int(cd_ocsp_signer_needs_password(&ctx, locked, NULL), 1,
		       "an encrypted one does");
		is_int(cd_ocsp_signer_needs_password(&ctx, plain, "nosuch"), 0,
		       "a signer without a key: none (the responder says)");
		test_server(&ctx, plain);
	}
	cd_store_close(plain);
	cd_store_close(locked);
	tmpdir_remove(dir);
	cd_ctx_deinit(&ctx);
	return tap_done();
}
