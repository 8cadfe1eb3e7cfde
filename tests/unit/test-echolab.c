/* certdeck tests: the echo test's lab: each scenario's files exist, the
 * lab CA is not the store's, the expired certificate is expired and the
 * 127.0.0.1 one holds no DNS name (GnuTLS judges), the name a client
 * checks, the store's client certificate found, and the directory gone
 * with the lab. */
#include <config.h>

#include <arpa/inet.h>
#include <stdlib.h>
#include <unistd.h>

#include "certdeck.h"
#include "demo.h"
#include "echolab.h"
#include "tap.h"

static gnutls_x509_crt_t load(const char *path)
{
	struct cd_ctx ctx;
	gnutls_x509_crt_t crt = NULL;

	memset(&ctx, 0, sizeof(ctx));
	if (cd_file_load_crt(&ctx, path, &crt) < 0)
		return NULL;
	return crt;
}

/* GnuTLS's verdict on CERT against the CA of CA_PATH. */
static unsigned verdict(const char *cert, const char *ca_path)
{
	gnutls_x509_crt_t crt = load(cert), ca = load(ca_path);
	unsigned status = (unsigned)-1;

	if (crt && ca && gnutls_x509_crt_verify(crt, &ca, 1, 0, &status) < 0)
		status = (unsigned)-1;
	if (crt)
		gnutls_x509_crt_deinit(crt);
	if (ca)
		gnutls_x509_crt_deinit(ca);
	return status;
}

/* Does the CRL of CRL_PATH, signed by the CA of CA_PATH, list CERT? */
static int listed(const char *cert, const char *crl_path, const char *ca_path)
{
	gnutls_x509_crt_t crt = load(cert), ca = load(ca_path);
	gnutls_x509_crl_t crl = NULL;
	gnutls_datum_t data = {NULL, 0};
	unsigned status = 1;
	int revoked = 0;

	if (crt && ca && gnutls_load_file(crl_path, &data) >= 0 &&
	    gnutls_x509_crl_init(&crl) >= 0 &&
	    gnutls_x509_crl_import(crl, &data, GNUTLS_X509_FMT_PEM) >= 0 &&
	    gnutls_x509_crl_verify(crl, &ca, 1, 0, &status) >= 0 && status == 0)
		revoked = gnutls_x509_crt_check_revocation(crt, &crl, 1) == 1;
	gnutls_free(data.data);
	if (crl)
		gnutls_x509_crl_deinit(crl);
	if (crt)
		gnutls_x509_crt_deinit(crt);
	if (ca)
		gnutls_x509_crt_deinit(ca);
	return revoked;
}

static int same_der(const char *a, const char *b)
{
	gnutls_x509_crt_t x = load(a), y = load(b);
	int same = x && y && gnutls_x509_crt_equals(x, y);

	if (x)
		gnutls_x509_crt_deinit(x);
	if (y)
		gnutls_x509_crt_deinit(y);
	return same;
}

static void count_sans(const char *path, int *dns, int *ip)
{
	gnutls_x509_crt_t crt = load(path);
	unsigned i;

	*dns = *ip = 0;
	for (i = 0; crt; i++) {
		char buf[256];
		size_t len = sizeof(buf);
		int type = gnutls_x509_crt_get_subject_alt_name(crt, i, buf,
								&len, NULL);

		if (type < 0)
			break;
		*dns += type == GNUTLS_SAN_DNSNAME;
		*ip += type == GNUTLS_SAN_IPADDRESS;
	}
	if (crt)
		gnutls_x509_crt_deinit(crt);
}

static int readable(const char *path)
{
	return path && access(path, R_OK) == 0;
}

static void test_files(struct cd_echolab *lab,
		       const struct cd_echolab_base *base)
{
	struct cd_echolab_setup s;
	unsigned i;

	for (i = 0; i < CD_ECHOLAB_SCENARIOS; i++) {
		const char *title = cd_echolab_title(i);

		cd_echolab_setup(lab, i, base, &s);
		ok(readable(s.server_cert) && readable(s.server_key),
		   "%s: the server's certificate and key exist", title);
		ok(readable(s.trust), "%s: the client's CA exists", title);
		ok(s.peer_name && *s.peer_name, "%s: a name to check", title);
		ok(s.client_cert == CD_ECHO_CLIENT_CERT_IGNORE ||
		       readable(s.server_ca),
		   "%s: the server's CA for clients exists", title);
		ok(s.client_cert_file == NULL ||
		       (readable(s.client_cert_file) && readable(s.client_key)),
		   "%s: the client's certificate and key exist", title);
		ok(*cd_echolab_expect(i), "%s: says what to expect", title);
	}
}

static void test_scenarios(struct cd_echolab *lab,
			   const struct cd_echolab_base *base)
{
	struct cd_echolab_setup s;
	int dns, ip;

	cd_echolab_setup(lab, CD_ECHOLAB_WRONG_CA, base, &s);
	ok(!same_der(s.trust, lab->store_ca), "wrong CA: not the store's CA");
	ok(verdict(s.server_cert, s.trust) & GNUTLS_CERT_SIGNER_NOT_FOUND,
	   "wrong CA: GnuTLS finds no signer for the server's certificate");
	is_int(verdict(s.server_cert, lab->store_ca), 0,
	       "... which the store's CA verifies");

	cd_echolab_setup(lab, CD_ECHOLAB_NAME_MISMATCH, base, &s);
	count_sans(s.server_cert, &dns, &ip);
	is_int(dns, 0, "name mismatch: the certificate holds no DNS name");
	is_int(ip, 1, "... and one IP address");
	is_str(s.peer_name, "localhost", "... the client checks localhost");
	is_int(verdict(s.server_cert, s.trust), 0,
	       "... it verifies against the CA the client trusts");
	{
		gnutls_x509_crt_t crt = load(s.server_cert);

		ok(crt && !gnutls_x509_crt_check_hostname(crt, "localhost"),
		   "... GnuTLS: not for localhost");
		ok(crt && gnutls_x509_crt_check_hostname(crt, "127.0.0.1"),
		   "... GnuTLS: for 127.0.0.1");
		if (crt)
			gnutls_x509_crt_deinit(crt);
	}

	cd_echolab_setup(lab, CD_ECHOLAB_EXPIRED, base, &s);
	ok(verdict(s.server_cert, s.trust) & GNUTLS_CERT_EXPIRED,
	   "expired: GnuTLS says expired");
	ok((verdict(s.server_cert, s.trust) & ~GNUTLS_CERT_EXPIRED &
	    ~GNUTLS_CERT_INVALID) == 0,
	   "... and nothing else");

	cd_echolab_setup(lab, CD_ECHOLAB_REVOKED, base, &s);
	ok(s.crl && readable(s.crl), "revoked: the client checks a CRL");
	ok(verdict(s.server_cert, s.trust) == 0,
	   "revoked: without the CRL, GnuTLS trusts it");
	ok(listed(s.server_cert, s.crl, s.trust),
	   "revoked: the lab CA's CRL lists it (GnuTLS)");
	ok(s.peer_name && strcmp(s.peer_name, "localhost") == 0,
	   "revoked: the client checks localhost, which it holds");

	cd_echolab_setup(lab, CD_ECHOLAB_NO_CLIENT_CERT, base, &s);
	is_int(s.client_cert, CD_ECHO_CLIENT_CERT_REQUIRE,
	       "no client certificate: the server requires one");
	ok(s.client_cert_file == NULL, "... the client has none");

	cd_echolab_setup(lab, CD_ECHOLAB_MUTUAL, base, &s);
	is_int(s.client_cert, CD_ECHO_CLIENT_CERT_REQUIRE,
	       "mutual TLS: the server requires a client certificate");
	is_str(s.client_name, "client", "... the store's client certificate");
	is_int(verdict(s.client_cert_file, s.server_ca), 0,
	       "... which the server's CA verifies");

	cd_echolab_setup(lab, CD_ECHOLAB_PLAIN, base, &s);
	is_str(s.trust, lab->store_ca, "plain TLS: the store's CA");
	is_str(s.server_cert, base->server_cert, "... the store's server");
	is_int(verdict(s.server_cert, s.trust), 0, "... which verifies");
}

static void test_names(struct cd_ctx *ctx, struct cd_echolab *lab,
		       const char *server)
{
	char name[256];

	is_int(cd_echolab_peer_name(ctx, server, name, sizeof(name)), 0,
	       "the demo server's name to check");
	is_str(name, "localhost", "... its first DNS name");
	is_int(cd_echolab_peer_name(ctx, lab->ip_only, name, sizeof(name)), 0,
	       "the 127.0.0.1 certificate's name to check");
	is_str(name, "127.0.0.1", "... its IP address");
	is_int(cd_echolab_peer_name(ctx, lab->client, name, sizeof(name)), 0,
	       "a certificate without names");
	is_str(name, "certdeck lab client", "... its CN");
	is_int(cd_echolab_key_is_encrypted(ctx, lab->client_key), 0,
	       "the lab's keys are plain");
}

/* Without a client certificate in the store, mutual TLS uses the lab's. */
static void test_no_store_client(struct cd_ctx *ctx, const char *store,
				 const struct cd_echolab_base *base)
{
	struct cd_echolab *lab = NULL;
	struct cd_echolab_setup s;
	char path[600];

	snprintf(path, sizeof(path), "%s/issued/client.crt", store);
	ok(unlink(path) == 0, "the store's client certificate removed");
	is_int(cd_echolab_new(ctx, store, &lab), 0, "a lab again");
	if (lab == NULL)
		return;
	ok(lab->store_client == NULL, "... no client certificate found");
	cd_echolab_setup(lab, CD_ECHOLAB_MUTUAL, base, &s);
	is_str(s.client_cert_file, lab->client, "... the lab's is used");
	is_int(verdict(s.client_cert_file, s.server_ca), 0,
	       "... and the server trusts its CA");
	cd_echolab_free(lab);
}

int main(void)
{
	struct cd_ctx ctx;
	struct cd_echolab *lab = NULL;
	struct cd_echolab_base base;
	char *store = NULL, server[600], key[600], *dir;

	setenv("TZ", "UTC", 1);
	if (cd_ctx_init(&ctx) < 0 || cd_demo_mkdtemp(&ctx, &store) < 0 ||
	    cd_demo_create(&ctx, store) < 0) {
		printf("Bail out! no demo store: %s\n", cd_ctx_message(&ctx));
		return 1;
	}
	snprintf(server, sizeof(server), "%s/issued/localhost.crt", store);
	snprintf(key, sizeof(key), "%s/private/localhost.key", store);
	base.store_dir = store;
	base.server_cert = server;
	base.server_key = key;
	base.peer_name = "localhost";
	is_int(cd_echolab_new(&ctx, store, &lab), 0,
	       "a lab for the demo store");
	if (lab == NULL) {
		printf("Bail out! %s\n", cd_ctx_message(&ctx));
		return 1;
	}
	ok(access(lab->dir, F_OK) == 0, "its directory exists");
	test_files(lab, &base);
	test_scenarios(lab, &base);
	test_names(&ctx, lab, server);
	dir = strdup(lab->dir);
	cd_echolab_free(lab);
	ok(dir && access(dir, F_OK) < 0, "freeing the lab removes it");
	free(dir);
	test_no_store_client(&ctx, store, &base);
	cd_demo_remove(&ctx, store);
	free(store);
	cd_ctx_deinit(&ctx);
	return tap_done();
}
