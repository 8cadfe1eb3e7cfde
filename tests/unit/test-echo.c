/* certdeck tests: the echo engine through its API: the events a front end
 * gets (their structured side as well as their text), bytes echoed
 * unchanged, TLS 1.2 and 1.3, mutual TLS, a refusal seen on both sides
 * with its reason and hint, the connection limit, the handshake timeout,
 * a clean stop, and OCSP stapling (the store's responder, a status
 * required). Loopback only, a free port. */
#include <config.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "certdeck.h"
#include "demo.h"
#include "echo.h"
#include "echolab.h"
#include "ocsp.h"
#include "store.h"
#include "tap.h"

/* What one event said, kept after the callback returned. */
struct seen {
	enum cd_echo_event_kind kind;
	enum cd_echo_side side;
	unsigned long conn;
	char *text, *reason, *hint, *protocol, *subject, *pin, *key;
	size_t certs;
	int verified, client_certificate;
	int ocsp_status, ocsp_signature_ok;
	unsigned char *data;
	size_t size;
};

struct record {
	pthread_mutex_t lock;
	struct seen *seen;
	size_t count;
};

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

static void on_event(void *arg, const struct cd_echo_event *ev)
{
	struct record *r = arg;
	struct seen s;

	memset(&s, 0, sizeof(s));
	s.kind = ev->kind;
	s.side = ev->side;
	s.conn = ev->conn;
	s.text = dup_or_null(ev->text);
	s.reason = dup_or_null(ev->reason);
	s.hint = dup_or_null(ev->hint);
	if (ev->session) {
		s.protocol = dup_or_null(ev->session->protocol);
		s.client_certificate = ev->session->client_certificate;
	}
	if (ev->certs && ev->cert_count) {
		s.certs = ev->cert_count;
		s.subject = dup_or_null(ev->certs[0].subject);
		s.pin = dup_or_null(ev->certs[0].pin_sha256);
		s.key = dup_or_null(ev->certs[0].key);
	}
	if (ev->verify)
		s.verified = ev->verify->verified;
	if (ev->ocsp) {
		s.ocsp_status = (int)ev->ocsp->status;
		s.ocsp_signature_ok = ev->ocsp->signature_ok;
	}
	if (ev->data && ev->size) {
		s.data = malloc(ev->size);
		memcpy(s.data, ev->data, ev->size);
		s.size = ev->size;
	}
	pthread_mutex_lock(&r->lock);
	r->seen = realloc(r->seen, (r->count + 1) * sizeof(*r->seen));
	r->seen[r->count++] = s;
	pthread_mutex_unlock(&r->lock);
}

static void record_clear(struct record *r)
{
	size_t i;

	pthread_mutex_lock(&r->lock);
	for (i = 0; i < r->count; i++) {
		struct seen *s = &r->seen[i];

		free(s->text);
		free(s->reason);
		free(s->hint);
		free(s->protocol);
		free(s->subject);
		free(s->pin);
		free(s->key);
		free(s->data);
	}
	free(r->seen);
	r->seen = NULL;
	r->count = 0;
	pthread_mutex_unlock(&r->lock);
}

/* The first event of KIND on SIDE, waiting up to 5 s (the server's
 * events come from its threads). */
static const struct seen *find(struct record *r, enum cd_echo_event_kind kind,
			       enum cd_echo_side side)
{
	struct timespec pause = {0, 10 * 1000 * 1000};
	int tries;
	size_t i;

	for (tries = 0; tries < 500; tries++) {
		const struct seen *found = NULL;

		pthread_mutex_lock(&r->lock);
		for (i = 0; i < r->count && !found; i++)
			if (r->seen[i].kind == kind && r->seen[i].side == side)
				found = &r->seen[i];
		pthread_mutex_unlock(&r->lock);
		if (found)
			return found;
		nanosleep(&pause, NULL);
	}
	return NULL;
}

/* The DATA bytes of SIDE, end to end, into BUF; their count. */
static size_t data_of(struct record *r, enum cd_echo_side side,
		      unsigned char *buf, size_t size)
{
	size_t i, len = 0;

	pthread_mutex_lock(&r->lock);
	for (i = 0; i < r->count; i++)
		if (r->seen[i].kind == CD_ECHO_DATA &&
		    r->seen[i].side == side && len + r->seen[i].size <= size) {
			memcpy(buf + len, r->seen[i].data, r->seen[i].size);
			len += r->seen[i].size;
		}
	pthread_mutex_unlock(&r->lock);
	return len;
}

struct fixture {
	char *store, server[600], key[600], ca[600], client[600],
	    client_key[600];
	struct cd_echolab *lab;
};

static int run_client(struct cd_echo_client_params *cp, struct record *r)
{
	struct cd_ctx ctx;
	struct cd_echo_client *cli = NULL;
	int ret;

	cd_ctx_init(&ctx);
	ret = cd_echo_client_new(&ctx, cp, on_event, r, &cli);
	if (ret == 0)
		ret = cd_echo_client_run(cli);
	cd_echo_client_free(cli);
	cd_ctx_deinit(&ctx);
	return ret;
}

static void client_params(const struct fixture *f, unsigned port,
			  struct cd_echo_client_params *cp)
{
	memset(cp, 0, sizeof(*cp));
	cp->host = "127.0.0.1";
	cp->port = port;
	cp->ca = f->ca;
	cp->peer_name = "localhost";
	cp->input_fd = -1;
	cp->report_data = 1;
	cp->timeout_ms = 20000;
}

static void test_echo(const struct fixture *f, unsigned port, struct record *r,
		      unsigned versions, const char *proto)
{
	static const unsigned char payload[] = "hello\n\0\x01\x02\xff binary\n"
					       "a last line without newline";
	unsigned char back[256];
	struct cd_echo_client_params cp;
	const struct seen *s;

	record_clear(r);
	client_params(f, port, &cp);
	cp.versions = versions;
	cp.send = payload;
	cp.send_size = sizeof(payload);
	is_int(run_client(&cp, r), 0, "%s: the client's run succeeds", proto);
	s = find(r, CD_ECHO_CONNECTED, CD_ECHO_CLIENT);
	ok(s && s->text && strstr(s->text, "127.0.0.1"),
	   "%s: CONNECTED names the address", proto);
	s = find(r, CD_ECHO_PEER_CERTS, CD_ECHO_CLIENT);
	ok(s && s->certs == 1 && s->subject &&
	       strcmp(s->subject, "CN=localhost") == 0,
	   "%s: PEER_CERTS: one certificate, CN=localhost", proto);
	ok(s && s->pin && strncmp(s->pin, "pin-sha256:", 11) == 0 &&
	       strlen(s->pin) == 11 + 44,
	   "%s: ... with its pin-sha256", proto);
	ok(s && s->key && strcmp(s->key, "ECDSA SECP256R1 (256 bits)") == 0,
	   "%s: ... its key type and size (%s)", proto,
	   s && s->key ? s->key : "none");
	s = find(r, CD_ECHO_VERIFIED, CD_ECHO_CLIENT);
	ok(s && s->verified && strstr(s->text, "is trusted"),
	   "%s: VERIFIED: trusted", proto);
	s = find(r, CD_ECHO_HANDSHAKE, CD_ECHO_CLIENT);
	ok(s && s->protocol && strcmp(s->protocol, proto) == 0,
	   "%s: HANDSHAKE on the client: the protocol", proto);
	s = find(r, CD_ECHO_HANDSHAKE, CD_ECHO_SERVER);
	ok(s && s->protocol && strcmp(s->protocol, proto) == 0 &&
	       !s->client_certificate,
	   "%s: HANDSHAKE on the server, no client certificate", proto);
	ok(find(r, CD_ECHO_CLOSED, CD_ECHO_SERVER) != NULL,
	   "%s: the server reports the close", proto);
	is_int((int)data_of(r, CD_ECHO_CLIENT, back, sizeof(back)),
	       (int)sizeof(payload), "%s: every byte came back", proto);
	ok(memcmp(back, payload, sizeof(payload)) == 0,
	   "%s: ... unchanged, NUL and 0xff included", proto);
	is_int((int)data_of(r, CD_ECHO_SERVER, back, sizeof(back)),
	       (int)sizeof(payload), "%s: the server's DATA events hold them",
	       proto);
}

static void test_refusal(const struct fixture *f, unsigned port,
			 struct record *r)
{
	struct cd_echo_client_params cp;
	const struct seen *s;

	record_clear(r);
	client_params(f, port, &cp);
	cp.ca = f->lab->lab_ca; /* the wrong CA */
	cp.send = "x\n";
	cp.send_size = 2;
	is_int(run_client(&cp, r), CD_E_VERIFY,
	       "wrong CA: the run says no (CD_E_VERIFY)");
	s = find(r, CD_ECHO_VERIFIED, CD_ECHO_CLIENT);
	ok(s && !s->verified, "wrong CA: VERIFIED says not verified");
	s = find(r, CD_ECHO_FAILED, CD_ECHO_CLIENT);
	ok(s && s->reason && strstr(s->reason, "issuer") && s->hint &&
	       strstr(s->hint, "--ca"),
	   "wrong CA: the client's reason and hint");
	s = find(r, CD_ECHO_FAILED, CD_ECHO_SERVER);
	ok(s && s->reason && strstr(s->reason, "does not trust") && s->hint,
	   "wrong CA: the server sees it too, with a hint");
	ok(find(r, CD_ECHO_DATA, CD_ECHO_SERVER) == NULL,
	   "wrong CA: nothing was echoed");
}

static void test_mutual(const struct fixture *f, struct record *r)
{
	struct cd_echo_server_params sp;
	struct cd_echo_client_params cp;
	struct cd_echo_server *srv = NULL;
	struct cd_ctx ctx;
	const struct seen *s;

	cd_ctx_init(&ctx);
	memset(&sp, 0, sizeof(sp));
	sp.cert = f->server;
	sp.key = f->key;
	sp.ca = f->ca;
	sp.client_cert = CD_ECHO_CLIENT_CERT_REQUIRE;
	sp.workers = 1;
	is_int(cd_echo_server_new(&ctx, &sp, on_event, r, &srv), 0,
	       "mutual TLS: a server requiring client certificates");
	if (srv == NULL || cd_echo_server_start(srv) < 0) {
		cd_echo_server_free(srv);
		cd_ctx_deinit(&ctx);
		return;
	}
	record_clear(r);
	client_params(f, cd_echo_server_port(srv), &cp);
	cp.cert = f->client;
	cp.key = f->client_key;
	cp.send = "mutual\n";
	cp.send_size = 7;
	is_int(run_client(&cp, r), 0, "mutual TLS: with a client certificate");
	s = find(r, CD_ECHO_PEER_CERTS, CD_ECHO_SERVER);
	ok(s && s->subject && strcmp(s->subject, "CN=client") == 0,
	   "mutual TLS: the server sees the client's certificate");
	s = find(r, CD_ECHO_HANDSHAKE, CD_ECHO_SERVER);
	ok(s && s->client_certificate,
	   "mutual TLS: HANDSHAKE says a client certificate was given");

	record_clear(r);
	cp.cert = cp.key = NULL;
	is_int(run_client(&cp, r), CD_E_VERIFY,
	       "mutual TLS: without a client certificate, refused");
	s = find(r, CD_ECHO_FAILED, CD_ECHO_SERVER);
	ok(s && s->reason && strstr(s->reason, "no certificate"),
	   "mutual TLS: the server says the client sent none");
	s = find(r, CD_ECHO_FAILED, CD_ECHO_CLIENT);
	ok(s && s->reason && strstr(s->reason, "client certificate") &&
	       s->hint && strstr(s->hint, "--cert"),
	   "mutual TLS: the client says the server requires one, and how");
	cd_echo_server_free(srv);
	cd_ctx_deinit(&ctx);
}

static int tcp_to(unsigned port)
{
	struct sockaddr_in sa;
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((unsigned short)port);
	inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
	if (fd >= 0 && connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* One connection at most, a 300 ms handshake: a silent client holds the
 * slot, the next is refused, and the silent one is dropped in time. */
static void test_limits(const struct fixture *f, struct record *r)
{
	struct cd_echo_server_params sp;
	struct cd_echo_server *srv = NULL;
	struct cd_ctx ctx;
	const struct seen *s;
	int a, b;

	cd_ctx_init(&ctx);
	memset(&sp, 0, sizeof(sp));
	sp.cert = f->server;
	sp.key = f->key;
	sp.max_connections = 1;
	sp.handshake_timeout_ms = 300;
	sp.workers = 1;
	record_clear(r);
	if (cd_echo_server_new(&ctx, &sp, on_event, r, &srv) < 0 ||
	    cd_echo_server_start(srv) < 0) {
		ok(0, "limits: a server (%s)", cd_ctx_message(&ctx));
		cd_echo_server_free(srv);
		cd_ctx_deinit(&ctx);
		return;
	}
	a = tcp_to(cd_echo_server_port(srv));
	ok(find(r, CD_ECHO_ACCEPTED, CD_ECHO_SERVER) != NULL,
	   "limits: the first connection is accepted");
	b = tcp_to(cd_echo_server_port(srv));
	s = find(r, CD_ECHO_NOTE, CD_ECHO_SERVER);
	ok(s && s->text && strstr(s->text, "--max-connections"),
	   "limits: the second is refused, naming --max-connections");
	s = find(r, CD_ECHO_FAILED, CD_ECHO_SERVER);
	ok(s && s->reason && strstr(s->reason, "--handshake-timeout"),
	   "limits: the silent client is dropped after the timeout");
	if (a >= 0)
		close(a);
	if (b >= 0)
		close(b);
	cd_echo_server_free(srv);
	cd_ctx_deinit(&ctx);
}

static void test_bad_params(const struct fixture *f)
{
	struct cd_echo_server_params sp;
	struct cd_echo_client_params cp;
	struct cd_echo_server *srv = NULL;
	struct cd_echo_client *cli = NULL;
	struct cd_ctx ctx;

	cd_ctx_init(&ctx);
	memset(&sp, 0, sizeof(sp));
	sp.cert = f->server;
	sp.key = f->client_key;
	is_int(cd_echo_server_new(&ctx, &sp, on_event, NULL, &srv),
	       CD_E_INVALID, "a key that is not the certificate's: refused");
	ok(strstr(cd_ctx_message(&ctx), "not the key"), "... saying so (%s)",
	   cd_ctx_message(&ctx));
	sp.key = f->key;
	sp.client_cert = CD_ECHO_CLIENT_CERT_REQUIRE;
	is_int(cd_echo_server_new(&ctx, &sp, on_event, NULL, &srv),
	       CD_E_INVALID, "client certificates without a CA: refused");
	sp.client_cert = CD_ECHO_CLIENT_CERT_IGNORE;
	sp.priority = "NORMAL:+NONSENSE";
	is_int(cd_echo_server_new(&ctx, &sp, on_event, NULL, &srv),
	       CD_E_INVALID, "a bad priority string: refused");
	ok(strstr(cd_ctx_message(&ctx), "NONSENSE"),
	   "... naming where it is wrong");
	client_params(f, 0, &cp);
	is_int(cd_echo_client_new(&ctx, &cp, on_event, NULL, &cli),
	       CD_E_INVALID, "a client to port 0: refused");
	ok(srv == NULL && cli == NULL, "nothing made on refusal");
	cd_ctx_deinit(&ctx);
}

/* OCSP stapling: the store's responder in the server, a client that
 * requires a good status; a file that is no OCSP response; a client that
 * requires one from a server that staples none. */
static void test_staple(const struct fixture *f, struct record *r)
{
	struct cd_ctx ctx;
	struct cd_store *store = NULL;
	struct cd_ocsp_responder *responder = NULL;
	struct cd_ocsp_responder_params rp = {NULL, NULL, 3600};
	struct cd_echo_server_params sp;
	struct cd_echo_client_params cp;
	struct cd_echo_server *srv = NULL;
	const struct seen *s;

	cd_ctx_init(&ctx);
	record_clear(r);
	memset(&sp, 0, sizeof(sp));
	sp.cert = f->server;
	sp.key = f->key;
	sp.workers = 1;
	if (cd_store_open(&ctx, f->store, &store) < 0 ||
	    cd_ocsp_responder_new(&ctx, store, &rp, &responder) < 0) {
		printf("Bail out! %s\n", cd_ctx_message(&ctx));
		exit(1);
	}
	sp.ocsp_responder = responder;
	sp.ocsp_ca = f->ca;
	is_int(cd_echo_server_new(&ctx, &sp, on_event, r, &srv), 0,
	       "staple: a server stapling the store's status");
	if (srv && cd_echo_server_start(srv) == 0) {
		s = find(r, CD_ECHO_OCSP, CD_ECHO_SERVER);
		ok(s && s->ocsp_status == CD_ECHO_OCSP_GOOD &&
		       s->ocsp_signature_ok == 1 && s->text &&
		       strstr(s->text, "Stapling an OCSP response: good"),
		   "staple: the server says what it staples: good, signed");
		client_params(f, cd_echo_server_port(srv), &cp);
		cp.send = "ocsp\n";
		cp.send_size = 5;
		cp.ocsp = CD_ECHO_OCSP_REQUIRE;
		is_int(run_client(&cp, r), 0,
		       "staple: a client requiring a good status connects");
		s = find(r, CD_ECHO_OCSP, CD_ECHO_CLIENT);
		ok(s && s->ocsp_status == CD_ECHO_OCSP_GOOD &&
		       s->ocsp_signature_ok == 1,
		   "staple: the client's OCSP event: good, signature checked");
	}
	cd_echo_server_free(srv);
	srv = NULL;
	sp.ocsp_responder = NULL;
	sp.ocsp_staple = f->ca; /* a certificate, not an OCSP response */
	ok(cd_echo_server_new(&ctx, &sp, on_event, r, &srv) < 0 && !srv &&
	       strstr(cd_ctx_message(&ctx), "not an OCSP response"),
	   "staple: a file that is no OCSP response is refused");
	sp.ocsp_staple = NULL;
	record_clear(r);
	if (cd_echo_server_new(&ctx, &sp, on_event, r, &srv) == 0 &&
	    cd_echo_server_start(srv) == 0) {
		client_params(f, cd_echo_server_port(srv), &cp);
		cp.send = "ocsp\n";
		cp.send_size = 5;
		cp.ocsp = CD_ECHO_OCSP_REQUIRE;
		is_int(run_client(&cp, r), CD_E_VERIFY,
		       "staple: nothing stapled, a good status required: "
		       "refused");
		s = find(r, CD_ECHO_FAILED, CD_ECHO_CLIENT);
		ok(s && s->reason && strstr(s->reason, "--require-ocsp"),
		   "staple: ... saying why");
	}
	cd_echo_server_free(srv);
	cd_ocsp_responder_free(responder);
	cd_store_close(store);
	cd_ctx_deinit(&ctx);
}

static int setup(struct cd_ctx *ctx, struct fixture *f)
{
	memset(f, 0, sizeof(*f));
	if (cd_demo_mkdtemp(ctx, &f->store) < 0 ||
	    cd_demo_create(ctx, f->store) < 0 ||
	    cd_echolab_new(ctx, f->store, &f->lab) < 0)
		return -1;
	snprintf(f->server, sizeof(f->server), "%s/issued/localhost.crt",
		 f->store);
	snprintf(f->key, sizeof(f->key), "%s/private/localhost.key", f->store);
	snprintf(f->ca, sizeof(f->ca), "%s/ca.crt", f->store);
	snprintf(f->client, sizeof(f->client), "%s/issued/client.crt",
		 f->store);
	snprintf(f->client_key, sizeof(f->client_key), "%s/private/client.key",
		 f->store);
	return 0;
}

int main(void)
{
	struct cd_ctx ctx;
	struct fixture f;
	struct record r;
	struct cd_echo_server_params sp;
	struct cd_echo_server *srv = NULL;
	const struct seen *s;

	setenv("TZ", "UTC", 1);
	pthread_mutex_init(&r.lock, NULL);
	r.seen = NULL;
	r.count = 0;
	if (cd_ctx_init(&ctx) < 0 || setup(&ctx, &f) < 0) {
		printf("Bail out! no fixtures: %s\n", cd_ctx_message(&ctx));
		return 1;
	}
	memset(&sp, 0, sizeof(sp));
	sp.cert = f.server;
	sp.key = f.key;
	sp.workers = 2;
	sp.report_data = 1;
	is_int(cd_echo_server_new(&ctx, &sp, on_event, &r, &srv), 0,
	       "a server on a free port");
	if (srv == NULL) {
		printf("Bail out! %s\n", cd_ctx_message(&ctx));
		return 1;
	}
	ok(cd_echo_server_port(srv) > 0, "its port is known before it runs");
	ok(strncmp(cd_echo_server_address(srv), "127.0.0.1:", 10) == 0,
	   "it listens on 127.0.0.1 by default");
	is_int(cd_echo_server_start(srv), 0, "it starts");
	s = find(&r, CD_ECHO_LISTENING, CD_ECHO_SERVER);
	ok(s && s->text && strstr(s->text, cd_echo_server_address(srv)),
	   "LISTENING gives the address");
	test_echo(&f, cd_echo_server_port(srv), &r, 0, "TLS1.3");
	test_echo(&f, cd_echo_server_port(srv), &r, CD_ECHO_TLS12, "TLS1.2");
	test_refusal(&f, cd_echo_server_port(srv), &r);
	cd_echo_server_free(srv);
	test_mutual(&f, &r);
	test_limits(&f, &r);
	test_bad_params(&f);
	test_staple(&f, &r);
	record_clear(&r);
	cd_echolab_free(f.lab);
	cd_demo_remove(&ctx, f.store);
	free(f.store);
	cd_ctx_deinit(&ctx);
	return tap_done();
}
