/* certdeck tests: each lint check, on certificates and requests built in
 * memory from certtool templates (src/issue.h, src/request.h) or with
 * GnuTLS directly where a template cannot say it (a non-critical basic
 * constraints, a negative serial, a SHA-1 signature). */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include <gnutls/x509-ext.h>

#include "certdeck.h"
#include "tap.h"

#define NOW 1700000000 /* 2023-11-14 */

static struct cd_ctx ctx;
static gnutls_privkey_t ec_key, ca_key, rsa1024, rsa2048;

static gnutls_privkey_t new_key(gnutls_pk_algorithm_t pk, unsigned bits)
{
	gnutls_privkey_t key;

	if (gnutls_privkey_init(&key) < 0)
		return NULL;
	if (gnutls_privkey_generate(key, pk, bits, 0) < 0) {
		gnutls_privkey_deinit(key);
		return NULL;
	}
	return key;
}

static int params_of(const char *tmpl, struct cd_cert_params *p)
{
	cd_profile_init(p);
	return cd_profile_parse(&ctx, tmpl, strlen(tmpl), "test.cfg", p);
}

/* The to-be-signed certificate of TMPL for KEY (or REQ), issued by CA. */
static gnutls_x509_crt_t build(const char *tmpl, gnutls_privkey_t key,
			       gnutls_x509_crq_t req, gnutls_x509_crt_t ca)
{
	struct cd_cert_params p;
	struct cd_issue_input in = {req, NULL, ca};
	gnutls_x509_crt_t crt = NULL;
	int ret = params_of(tmpl, &p);

	if (ret == 0 && req == NULL)
		ret = cd_issue_pubkey_of(&ctx, key, &in.pubkey);
	if (ret == 0)
		ret = cd_issue_build(&ctx, &p, &in, &crt);
	if (ret < 0)
		printf("# build: %s\n", cd_ctx_message(&ctx));
	if (in.pubkey)
		gnutls_pubkey_deinit(in.pubkey);
	cd_profile_free(&p);
	return crt;
}

/* Built and signed: by CA_KEY when CA is given, else by KEY itself. */
static gnutls_x509_crt_t make(const char *tmpl, gnutls_privkey_t key,
			      gnutls_x509_crt_t ca)
{
	gnutls_x509_crt_t crt = build(tmpl, key, NULL, ca);

	if (crt && cd_issue_sign(&ctx, crt, ca, ca ? ca_key : key) < 0) {
		printf("# sign: %s\n", cd_ctx_message(&ctx));
		gnutls_x509_crt_deinit(crt);
		return NULL;
	}
	return crt;
}

static gnutls_x509_crq_t make_request(const char *tmpl, gnutls_privkey_t key)
{
	struct cd_cert_params p;
	gnutls_x509_crq_t req = NULL;

	if (params_of(tmpl, &p) == 0 &&
	    cd_request_create(&ctx, &p, key, 1, &req) < 0)
		printf("# request: %s\n", cd_ctx_message(&ctx));
	cd_profile_free(&p);
	return req;
}

/* The finding ID of REPORT (NULL when absent). */
static const struct cd_lint_finding *find(const struct cd_lint_report *r,
					  const char *id)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (strcmp(r->findings[i].id, id) == 0)
			return &r->findings[i];
	return NULL;
}

static void show(const struct cd_lint_report *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		printf("#   %s: %s: %s\n",
		       cd_lint_level_id(r->findings[i].level),
		       r->findings[i].id, r->findings[i].message);
}

/* Lint CRT against ISSUER: ID must be found at LEVEL (and its message
 * contain WORDS when given), or be absent when LEVEL is -1. */
static void expect(gnutls_x509_crt_t crt, gnutls_x509_crt_t issuer,
		   const char *id, int level, const char *words,
		   const char *desc)
{
	struct cd_lint_report r;
	const struct cd_lint_finding *f;
	int good;

	cd_lint_report_init(&r);
	if (crt == NULL || cd_lint_certificate(&ctx, crt, issuer, &r) < 0) {
		ok(0, "%s (no certificate to lint)", desc);
		return;
	}
	f = find(&r, id);
	if (level < 0)
		good = f == NULL;
	else
		good = f != NULL && (int)f->level == level &&
		       (words == NULL || strstr(f->message, words) != NULL);
	if (!ok(good, "%s", desc))
		show(&r);
	cd_lint_report_free(&r);
}

static void expect_request(gnutls_x509_crq_t req, const char *id, int level,
			   const char *desc)
{
	struct cd_lint_report r;
	const struct cd_lint_finding *f;
	int good;

	cd_lint_report_init(&r);
	if (req == NULL || cd_lint_request(&ctx, req, &r) < 0) {
		ok(0, "%s (no request to lint)", desc);
		return;
	}
	f = find(&r, id);
	good = level < 0 ? f == NULL : f != NULL && (int)f->level == level;
	if (!ok(good, "%s", desc))
		show(&r);
	cd_lint_report_free(&r);
}

static size_t count_findings(gnutls_x509_crt_t crt, gnutls_x509_crt_t issuer)
{
	struct cd_lint_report r;
	size_t n;

	cd_lint_report_init(&r);
	if (crt == NULL || cd_lint_certificate(&ctx, crt, issuer, &r) < 0)
		return (size_t)-1;
	n = r.n;
	if (n)
		show(&r);
	cd_lint_report_free(&r);
	return n;
}

static void drop(gnutls_x509_crt_t crt)
{
	if (crt)
		gnutls_x509_crt_deinit(crt);
}

static const char good_ca[] = "cn = Good CA\nca\ncert_signing_key\n"
			      "crl_signing_key\nexpiration_days = 3650\n";
static const char server[] = "cn = www.example.org\n"
			     "dns_name = www.example.org\ntls_www_server\n"
			     "signing_key\nexpiration_days = 365\n";

static void test_ca_usage(void)
{
	gnutls_x509_crt_t c;

	c = make("cn = CA\nca\ncert_signing_key\n", ec_key, NULL);
	expect(c, c, "ca-no-crl-sign", CD_LINT_ERROR, "crl_signing_key",
	       "a CA without crl_signing_key: ca-no-crl-sign, an error");
	expect(c, c, "ca-no-cert-sign", -1, NULL,
	       "... but it signs certificates");
	drop(c);
	c = make("cn = CA\nca\ncrl_signing_key\n", ec_key, NULL);
	expect(c, c, "ca-no-cert-sign", CD_LINT_ERROR, "cert_signing_key",
	       "a CA without cert_signing_key: ca-no-cert-sign, an error");
	drop(c);
	c = make(good_ca, ca_key, NULL);
	is_int((long long)count_findings(c, c), 0,
	       "a CA with both usages, EC P-256: no finding");
	is_int((long long)count_findings(c, NULL), 0,
	       "... the same with no issuer given");
	drop(c);
}

/* A CA certificate made by hand: basic constraints not critical. */
static void test_bc_not_critical(void)
{
	gnutls_x509_crt_t c = build(good_ca, ca_key, NULL, NULL);
	gnutls_datum_t der = {NULL, 0};

	ok(c && gnutls_x509_ext_export_basic_constraints(1, -1, &der) == 0 &&
	       gnutls_x509_crt_set_extension_by_oid(c, "2.5.29.19", der.data,
						    der.size, 0) == 0,
	   "basic constraints CA:TRUE set non-critical");
	gnutls_free(der.data);
	expect(c, NULL, "ca-bc-not-critical", CD_LINT_WARNING, NULL,
	       "a CA without critical basic constraints: a warning");
	drop(c);
}

static void test_usage_mismatch(void)
{
	gnutls_x509_crt_t c = build(server, ec_key, NULL, NULL);

	ok(c && gnutls_x509_crt_set_key_usage(
		    c, GNUTLS_KEY_DIGITAL_SIGNATURE |
			   GNUTLS_KEY_KEY_ENCIPHERMENT) == 0,
	   "keyEncipherment on an EC key");
	expect(c, NULL, "key-usage-key-type", CD_LINT_WARNING, "encryption_key",
	       "keyEncipherment on an EC key: a warning");
	ok(c && gnutls_x509_crt_set_key_usage(
		    c, GNUTLS_KEY_DIGITAL_SIGNATURE |
			   GNUTLS_KEY_KEY_CERT_SIGN) == 0,
	   "keyCertSign on a leaf");
	expect(c, NULL, "leaf-key-cert-sign", CD_LINT_ERROR, NULL,
	       "keyCertSign without CA:TRUE: an error");
	expect(c, NULL, "key-usage-key-type", -1, NULL,
	       "... and digitalSignature suits an EC key");
	drop(c);
}

static void test_eku_twice(gnutls_x509_crt_t ca)
{
	gnutls_x509_crq_t req = make_request(server, ec_key);
	gnutls_x509_crt_t c =
	    req ? build("honor_crq_extensions\ntls_www_server\n", NULL, req, ca)
		: NULL;

	expect(c, ca, "eku-duplicate", CD_LINT_WARNING, "TLS web server",
	       "tls_www_server from the request and the template: "
	       "eku-duplicate, a warning naming the purpose");
	drop(c);
	c = req ? build("honor_crq_extensions\n", NULL, req, ca) : NULL;
	expect(c, ca, "eku-duplicate", -1, NULL,
	       "honoured from the request only: no duplicate");
	drop(c);
	if (req)
		gnutls_x509_crq_deinit(req);
}

static void test_name_constraints(void)
{
	gnutls_x509_crt_t ca, c;

	ca = make("cn = NC CA\nca\ncert_signing_key\ncrl_signing_key\n"
		  "nc_permit_dns = example.org\nnc_permit_ip = 10.0.0.0/8\n"
		  "nc_exclude_email = bad.example.org\n",
		  ca_key, NULL);
	c = make("cn = www.example.org\ndns_name = www.example.org\n"
		 "ip_address = 10.1.2.3\ntls_www_server\n",
		 ec_key, ca);
	expect(c, ca, "name-outside-constraints", -1, NULL,
	       "names inside the constraints: no finding");
	drop(c);
	c = make("cn = www.example.org\ndns_name = www.example.org\n"
		 "dns_name = www.evil.com\ntls_www_server\n",
		 ec_key, ca);
	expect(c, ca, "name-outside-constraints", CD_LINT_ERROR,
	       "www.evil.com is outside the CA's name constraints "
	       "(permitted example.org)",
	       "a DNS name outside: an error naming the name and the "
	       "constraint");
	drop(c);
	c = make("cn = x.example.org\ndns_name = x.example.org\n"
		 "ip_address = 192.168.1.1\ntls_www_server\n",
		 ec_key, ca);
	expect(c, ca, "name-outside-constraints", CD_LINT_ERROR,
	       "192.168.1.1 is outside the CA's name constraints "
	       "(permitted 10.0.0.0/8)",
	       "an IP address outside: the CIDR is named");
	drop(c);
	c = make("cn = mail.evil.com\ndns_name = x.example.org\n"
		 "tls_www_client\n",
		 ec_key, ca);
	expect(c, ca, "name-outside-constraints", CD_LINT_ERROR,
	       "(the common name)", "a CN outside: an error");
	drop(c);
	c = make("cn = bob\nemail = bob@bad.example.org\n"
		 "email_protection_key\n",
		 ec_key, ca);
	expect(c, ca, "name-outside-constraints", CD_LINT_ERROR,
	       "excluded bad.example.org", "an excluded e-mail: an error");
	drop(c);
	drop(ca);
}

static void test_dates(void)
{
	gnutls_x509_crt_t ca, c;

	ca = make("cn = Short CA\nca\ncert_signing_key\ncrl_signing_key\n"
		  "expiration_days = 30\n",
		  ca_key, NULL);
	c = make(server, ec_key, ca);
	expect(c, ca, "outlives-ca", CD_LINT_WARNING,
	       "outlives its CA by 335 days",
	       "365 days under a 30-day CA: outlives its CA by 335 days");
	expect(c, NULL, "outlives-ca", -1, NULL,
	       "... not checked without an issuer");
	drop(c);
	c = make("cn = www.example.org\ndns_name = www.example.org\n"
		 "tls_www_server\nexpiration_days = 10\n"
		 "activation_date = \"2023-01-01 00:00:00\"\n",
		 ec_key, ca);
	expect(c, ca, "starts-before-ca", -1, NULL,
	       "a validity starting before a CA valid now: moot, nothing said");
	expect(c, ca, "outlives-ca", -1, NULL,
	       "... and it does not outlive it");
	drop(c);
	drop(ca);
	ca = make("cn = Future CA\nca\ncert_signing_key\ncrl_signing_key\n"
		  "activation_date = \"2099-01-01 00:00:00\"\n"
		  "expiration_date = \"2099-12-31 00:00:00\"\n",
		  ca_key, NULL);
	c = make("cn = www.example.org\ndns_name = www.example.org\n"
		 "tls_www_server\n"
		 "activation_date = \"2099-01-01 00:00:00\"\n"
		 "expiration_date = \"2098-01-01 00:00:00\"\n",
		 ec_key, ca);
	expect(c, ca, "validity-inverted", CD_LINT_ERROR,
	       "expires before it becomes valid",
	       "an expiration before the activation: an error");
	expect(c, NULL, "validity-inverted", CD_LINT_ERROR, NULL,
	       "... with an issuer or without");
	drop(c);
	c = make("cn = www.example.org\ndns_name = www.example.org\n"
		 "tls_www_server\n"
		 "activation_date = \"2098-06-01 00:00:00\"\n"
		 "expiration_date = \"2098-12-31 00:00:00\"\n",
		 ec_key, ca);
	expect(c, ca, "starts-before-ca", CD_LINT_WARNING, NULL,
	       "a validity starting before a CA not valid yet: a warning");
	expect(c, ca, "validity-inverted", -1, NULL, "... and not inverted");
	drop(c);
	drop(ca);
	ca = make("cn = Old CA\nca\ncert_signing_key\ncrl_signing_key\n"
		  "activation_date = \"2001-01-01 00:00:00\"\n"
		  "expiration_date = \"2002-01-01 00:00:00\"\n",
		  ca_key, NULL);
	c = make(server, ec_key, ca);
	expect(c, ca, "ca-expired", CD_LINT_ERROR, "renew the CA first",
	       "a CA expired: an error, nothing it signs verifies");
	expect(c, ca, "outlives-ca", -1, NULL,
	       "... and not that the certificate outlives it");
	drop(c);
	drop(ca);
}

static void test_names(gnutls_x509_crt_t ca)
{
	gnutls_x509_crt_t c;

	c = make("cn = 192.0.2.1\ndns_name = www.example.org\ntls_www_server\n",
		 ec_key, ca);
	expect(c, ca, "cn-ip-not-in-san", CD_LINT_ERROR,
	       "ip_address = 192.0.2.1",
	       "a server named by IP without an IP SAN: an error");
	drop(c);
	c = make("cn = 192.0.2.1\nip_address = 192.0.2.1\ntls_www_server\n",
		 ec_key, ca);
	expect(c, ca, "cn-ip-not-in-san", -1, NULL, "with the IP SAN: none");
	drop(c);
	c = make("cn = www.example.org\ndns_name = other.example.org\n"
		 "tls_www_server\n",
		 ec_key, ca);
	expect(c, ca, "cn-not-in-san", CD_LINT_WARNING, "www.example.org",
	       "a CN host name not among the SANs: a warning");
	drop(c);
	c = make("cn = www.example.org\ntls_www_server\n", ec_key, ca);
	expect(c, ca, "server-no-san", CD_LINT_ERROR, "dns_name",
	       "a TLS server without a SAN: an error");
	drop(c);
	c = make("cn = www.example.org\n", ec_key, ca);
	expect(c, ca, "server-no-san", CD_LINT_ERROR, NULL,
	       "no purpose, not a CA, no SAN: a server without SAN too");
	drop(c);
	c = make("cn = alice\ntls_www_client\n", ec_key, ca);
	expect(c, ca, "server-no-san", -1, NULL,
	       "a TLS client without a SAN: no finding");
	drop(c);
	c = make("cn = alice\nemail_protection_key\n", ec_key, ca);
	expect(c, ca, "email-no-san", CD_LINT_WARNING, NULL,
	       "email protection without an e-mail SAN: a warning");
	drop(c);
	c = make(
	    "cn = alice\nemail = alice@example.org\nemail_protection_key\n",
	    ec_key, ca);
	expect(c, ca, "email-no-san", -1, NULL, "with one: none");
	drop(c);
	c = make("cn = www.example.org\ndns_name = www.example.org\n"
		 "tls_www_server\nexpiration_days = 825\n",
		 ec_key, ca);
	expect(c, ca, "server-validity-over-398", CD_LINT_NOTICE, "825",
	       "a server certificate of 825 days: a notice");
	drop(c);
	c = make(server, ec_key, ca);
	is_int((long long)count_findings(c, ca), 0,
	       "a server certificate of 365 days with its name: no finding");
	drop(c);
}

static void test_keys(gnutls_x509_crt_t ca)
{
	gnutls_privkey_t p192 = new_key(
	    GNUTLS_PK_ECDSA, GNUTLS_CURVE_TO_BITS(GNUTLS_ECC_CURVE_SECP192R1));
	gnutls_x509_crt_t c;

	c = make(server, rsa1024, ca);
	expect(c, ca, "rsa-key-too-small", CD_LINT_ERROR, "1024",
	       "RSA 1024: an error");
	drop(c);
	c = make(server, rsa2048, ca);
	expect(c, ca, "rsa-key-under-3072", CD_LINT_NOTICE, "2048",
	       "RSA 2048: a notice");
	expect(c, ca, "rsa-key-too-small", -1, NULL, "... and no error");
	drop(c);
	if (p192 == NULL) {
		ok(1, "# SKIP this GnuTLS cannot make SECP192R1 keys");
		return;
	}
	c = make(server, p192, ca);
	expect(c, ca, "ec-curve-too-small", CD_LINT_ERROR, "SECP192R1",
	       "an ECDSA key on P-192: an error");
	drop(c);
	gnutls_privkey_deinit(p192);
}

static void test_hash_and_serial(void)
{
	gnutls_x509_crt_t c = build(server, rsa2048, NULL, NULL);
	unsigned char long_serial[21] = {0x01}, neg[2] = {0x80, 0x01};
	int ret;

	expect(c, NULL, "weak-hash", -1, NULL,
	       "a to-be-signed certificate has no hash to judge yet");
	ret =
	    c ? gnutls_x509_crt_privkey_sign(c, c, rsa2048, GNUTLS_DIG_SHA1, 0)
	      : -1;
	if (ret < 0) {
		ok(1, "# SKIP this GnuTLS refuses to sign with SHA-1 (%s)",
		   gnutls_strerror(ret));
	} else {
		expect(c, NULL, "weak-hash", CD_LINT_ERROR, "SHA1",
		       "signed with SHA-1: weak-hash, an error");
	}
	drop(c);
	c = build(server, ec_key, NULL, NULL);
	ok(c && gnutls_x509_crt_set_serial(c, long_serial, 21) == 0,
	   "a 21-octet serial set");
	expect(c, NULL, "serial-too-long", CD_LINT_ERROR, "21",
	       "a 21-octet serial: an error");
	ok(c && gnutls_x509_crt_set_serial(c, neg, 2) == 0,
	   "a negative serial set");
	expect(c, NULL, "serial-not-positive", CD_LINT_ERROR, NULL,
	       "a negative serial: an error");
	drop(c);
}

static void test_requests(void)
{
	gnutls_x509_crq_t req;
	gnutls_datum_t der = {NULL, 0};

	req = make_request("cn = 192.0.2.9\n", ec_key);
	expect_request(req, "cn-ip-not-in-san", CD_LINT_ERROR,
		       "a request named by IP without an IP SAN: an error");
	expect_request(req, "request-no-san", CD_LINT_WARNING,
		       "... and a server's request without SAN: a warning");
	if (req)
		gnutls_x509_crq_deinit(req);
	req = make_request(server, rsa1024);
	expect_request(req, "rsa-key-too-small", CD_LINT_ERROR,
		       "a request with an RSA-1024 key: an error");
	expect_request(req, "request-no-san", -1,
		       "... with its SAN: no missing-SAN warning");
	expect_request(req, "request-bad-signature", -1,
		       "... its self-signature verifies");
	if (req &&
	    gnutls_x509_crq_export2(req, GNUTLS_X509_FMT_DER, &der) == 0) {
		der.data[der.size - 5] ^= 0x55; /* in the signature */
		gnutls_x509_crq_deinit(req);
		req = NULL;
		if (gnutls_x509_crq_init(&req) == 0 &&
		    gnutls_x509_crq_import(req, &der, GNUTLS_X509_FMT_DER) <
			0) {
			gnutls_x509_crq_deinit(req);
			req = NULL;
		}
	}
	gnutls_free(der.data);
	expect_request(req, "request-bad-signature", CD_LINT_ERROR,
		       "an altered request: its signature fails, an error");
	if (req)
		gnutls_x509_crq_deinit(req);
	req = make_request(server, rsa2048);
	if (req &&
	    gnutls_x509_crq_privkey_sign(req, rsa2048, GNUTLS_DIG_SHA1, 0) == 0)
		expect_request(req, "weak-hash", CD_LINT_ERROR,
			       "a request signed with SHA-1: an error");
	else
		ok(1, "# SKIP this GnuTLS refuses to sign with SHA-1");
	if (req)
		gnutls_x509_crq_deinit(req);
	req = make_request("cn = alice\ntls_www_client\n", ec_key);
	expect_request(req, "request-no-san", -1,
		       "a client's request without SAN: no warning");
	if (req)
		gnutls_x509_crq_deinit(req);
}

static void test_report(void)
{
	enum cd_lint_level l;
	gnutls_x509_crt_t c = make("cn = 10.0.0.1\nca\n", rsa1024, NULL);
	struct cd_lint_report r;

	ok(cd_lint_level_parse("warning", &l) == 0 && l == CD_LINT_WARNING,
	   "level 'warning' parses");
	ok(cd_lint_level_parse("fatal", &l) < 0, "level 'fatal' does not");
	is_str(cd_lint_level_id(CD_LINT_NOTICE), "notice", "level ids");
	cd_lint_report_init(&r);
	ok(c && cd_lint_certificate(&ctx, c, NULL, &r) == 0,
	   "lint a certificate with several findings");
	ok(r.count[CD_LINT_ERROR] >= 1 &&
	       cd_lint_count_at_least(&r, CD_LINT_ERROR) ==
		   r.count[CD_LINT_ERROR] &&
	       cd_lint_count_at_least(&r, CD_LINT_NOTICE) == r.n,
	   "counts per level add up (%zu findings)", r.n);
	cd_lint_report_free(&r);
	ok(r.n == 0 && r.findings == NULL, "a freed report is empty");
	drop(c);
}

int main(void)
{
	gnutls_x509_crt_t ca;

	if (cd_ctx_init(&ctx) < 0)
		return 1;
	cd_ctx_set_time(&ctx, NOW);
	ec_key = new_key(GNUTLS_PK_ECDSA,
			 GNUTLS_CURVE_TO_BITS(GNUTLS_ECC_CURVE_SECP256R1));
	ca_key = new_key(GNUTLS_PK_ECDSA,
			 GNUTLS_CURVE_TO_BITS(GNUTLS_ECC_CURVE_SECP256R1));
	rsa1024 = new_key(GNUTLS_PK_RSA, 1024);
	rsa2048 = new_key(GNUTLS_PK_RSA, 2048);
	if (!ok(ec_key && ca_key && rsa1024 && rsa2048, "keys generated"))
		return tap_done();
	ca = make(good_ca, ca_key, NULL);
	test_ca_usage();
	test_bc_not_critical();
	test_usage_mismatch();
	test_eku_twice(ca);
	test_name_constraints();
	test_dates();
	test_names(ca);
	test_keys(ca);
	test_hash_and_serial();
	test_requests();
	test_report();
	drop(ca);
	gnutls_privkey_deinit(ec_key);
	gnutls_privkey_deinit(ca_key);
	gnutls_privkey_deinit(rsa1024);
	gnutls_privkey_deinit(rsa2048);
	cd_ctx_deinit(&ctx);
	return tap_done();
}
