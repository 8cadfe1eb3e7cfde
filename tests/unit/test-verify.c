/* certdeck tests: the verify backend on a sample of NIST PKITS (DER files,
 * several CRLs, a fixed validation time) and its value parsers. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "certdeck.h"
#include "tap.h"

#define PKITS_TIME "2011-04-15T00:00:00Z"

struct pkits_case {
	const char *section, *ca, *leaf;
	int verified;
	enum cd_verify_reason_kind reason; /* when not verified */
};

static const struct pkits_case cases[] = {
    {"4.1.1", "GoodCACert", "ValidCertificatePathTest1EE", 1, 0},
    {"4.1.3", "GoodCACert", "InvalidEESignatureTest3EE", 0, CD_VR_SIGNATURE},
    {"4.2.6", "GoodCACert", "InvalidEEnotAfterDateTest6EE", 0, CD_VR_EXPIRED},
    {"4.3.1", "GoodCACert", "InvalidNameChainingTest1EE", 0,
     CD_VR_UNKNOWN_ISSUER},
    {"4.4.3", "GoodCACert", "InvalidRevokedEETest3EE", 0, CD_VR_REVOKED},
    {"4.6.1", "MissingbasicConstraintsCACert",
     "InvalidMissingbasicConstraintsTest1EE", 0, CD_VR_SIGNER_NOT_CA},
    {"4.7.1", "keyUsageCriticalkeyCertSignFalseCACert",
     "InvalidkeyUsageCriticalkeyCertSignFalseTest1EE", 0,
     CD_VR_NO_KEY_CERT_SIGN},
    {"4.13.30", "nameConstraintsDNS1CACert", "ValidDNSnameConstraintsTest30EE",
     1, 0},
    {"4.13.31", "nameConstraintsDNS1CACert",
     "InvalidDNSnameConstraintsTest31EE", 0, CD_VR_NAME_CONSTRAINTS},
};

static char *sample(const char *name, const char *ext)
{
	char *p = malloc(strlen(PKITS_SAMPLE) + strlen(name) + 8);

	strcpy(p, PKITS_SAMPLE "/");
	strcat(p, name);
	strcat(p, ext);
	return p;
}

static int has_reason(const struct cd_verify_result *r,
		      enum cd_verify_reason_kind kind)
{
	size_t i;

	for (i = 0; i < r->reason_count; i++)
		if (r->reasons[i].kind == kind && r->reasons[i].hint[0])
			return 1;
	return 0;
}

/* P for one anchor, one intermediate and N_CRLS CRLs, checked at
 * PKITS_TIME. */
static void pkits_params(struct cd_ctx *ctx, struct cd_verify_params *p,
			 const char **trust, const char **untrusted,
			 const char **crls, size_t n_crls)
{
	memset(p, 0, sizeof(*p));
	p->trust = trust;
	p->trust_count = 1;
	p->untrusted = untrusted;
	p->untrusted_count = 1;
	p->crls = crls;
	p->crl_count = n_crls;
	p->has_time = 1;
	cd_verify_parse_time(ctx, PKITS_TIME, &p->time);
}

static void test_pkits(struct cd_ctx *ctx)
{
	char *anchor = sample("TrustAnchorRootCertificate", ".crt");
	const char *crls[2];
	size_t i;

	crls[0] = sample("TrustAnchorRootCRL", ".crl");
	crls[1] = sample("GoodCACRL", ".crl");
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct pkits_case *c = &cases[i];
		char *ca = sample(c->ca, ".crt"),
		     *leaf = sample(c->leaf, ".crt");
		const char *trust[] = {anchor}, *untrusted[] = {ca};
		struct cd_verify_params p;
		struct cd_verify_result r;
		int ret;

		pkits_params(ctx, &p, trust, untrusted, crls, 2);
		p.details = 1;
		p.cert = leaf;
		ret = cd_verify(ctx, &p, &r);
		is_int(ret, c->verified ? 0 : CD_E_VERIFY, "PKITS %s %s: %s",
		       c->section, c->leaf,
		       c->verified ? "verified" : "not verified");
		ok(r.verified == c->verified && (r.status == 0) == c->verified,
		   "PKITS %s: result and status agree", c->section);
		if (!c->verified)
			ok(has_reason(&r, c->reason),
			   "PKITS %s: the reason is %s, with a hint",
			   c->section, cd_verify_reason_code(c->reason));
		ok(r.chain_count >= 1 &&
		       strstr(r.chain[0].subject, "EE") != NULL,
		   "PKITS %s: the chain starts at the leaf", c->section);
		cd_verify_result_free(&r);
		free(ca);
		free(leaf);
	}
	free(anchor);
	free((char *)crls[0]);
	free((char *)crls[1]);
}

/* One verifier, many checks: the chain, the CRL line, the clock. */
static void test_verifier(struct cd_ctx *ctx)
{
	char *anchor = sample("TrustAnchorRootCertificate", ".crt");
	char *ca = sample("GoodCACert", ".crt");
	char *good = sample("ValidCertificatePathTest1EE", ".crt");
	char *crl = sample("GoodCACRL", ".crl");
	const char *trust[] = {anchor}, *untrusted[] = {ca}, *crls[] = {crl};
	struct cd_verify_params p;
	struct cd_verify_result r;
	struct cd_verifier *v;
	int i, all = 1;

	pkits_params(ctx, &p, trust, untrusted, crls, 1);
	p.details = 1;
	is_int(cd_verifier_new(ctx, &p, &v), 0, "a verifier loads DER files");
	is_int(cd_verifier_check_file(ctx, v, good, &r), 0, "check runs");
	ok(r.verified, "the good path verifies");
	is_int(r.chain_count, 2, "two links: EE and Good CA");
	if (r.chain_count == 2) {
		is_str(r.chain[0].checked_against,
		       "CN=Good CA,O=Test Certificates 2011,C=US",
		       "the EE was checked against Good CA");
		is_str(r.chain[1].checked_against,
		       "CN=Trust Anchor,O=Test Certificates 2011,C=US",
		       "Good CA was checked against the anchor");
		ok(r.chain[0].crl != NULL &&
		       strstr(r.chain[0].crl, "of: CN=Good CA") != NULL,
		   "the EE was checked against Good CA's CRL");
	}
	cd_verify_result_free(&r);
	for (i = 0; i < 50; i++) {
		all &=
		    cd_verifier_check_file(ctx, v, good, &r) == 0 && r.verified;
		cd_verify_result_free(&r);
	}
	ok(all, "the same verifier checks 50 times");
	cd_verifier_free(v);

	/* Today the EE is still valid (until 2030); in 2031 it is not. */
	p.details = 0;
	cd_verify_parse_time(ctx, "2031-01-02T00:00:00Z", &p.time);
	cd_verifier_new(ctx, &p, &v);
	cd_verifier_check_file(ctx, v, good, &r);
	ok(!r.verified && (r.status & GNUTLS_CERT_EXPIRED),
	   "checked in 2031, the path has expired");
	ok(has_reason(&r, CD_VR_EXPIRED), "... and says so");
	cd_verify_result_free(&r);
	cd_verifier_free(v);
	/* The anchor given itself: one link, checked against itself. */
	p.details = 1;
	p.has_time = 1;
	cd_verify_parse_time(ctx, PKITS_TIME, &p.time);
	cd_verifier_new(ctx, &p, &v);
	is_int(cd_verifier_check_file(ctx, v, anchor, &r), 0,
	       "check of the trust anchor itself runs");
	ok(r.verified && r.chain_count == 1 &&
	       strcmp(r.chain[0].subject, r.chain[0].checked_against) == 0,
	   "the trust anchor verifies as itself");
	cd_verify_result_free(&r);
	cd_verifier_free(v);

	/* Without --time again: GnuTLS's clock must be the real one. */
	p.has_time = 0;
	cd_verifier_new(ctx, &p, &v);
	cd_verifier_check_file(ctx, v, good, &r);
	ok(r.verified == (time(NULL) <= 1924936200), /* EE notAfter */
	   "the clock is restored after a check at another time");
	cd_verify_result_free(&r);
	cd_verifier_free(v);

	p.has_max_depth = 1;
	p.max_depth = 0;
	p.has_time = 1;
	cd_verify_parse_time(ctx, PKITS_TIME, &p.time);
	cd_verifier_new(ctx, &p, &v);
	cd_verifier_check_file(ctx, v, good, &r);
	ok(!r.verified && has_reason(&r, CD_VR_MAX_DEPTH),
	   "max_depth 0 refuses the intermediate");
	cd_verify_result_free(&r);
	cd_verifier_free(v);
	free(anchor);
	free(ca);
	free(good);
	free(crl);
}

static void flag_count(void *arg, const char *name)
{
	(void)name;
	(*(int *)arg)++;
}

static void test_parsers(struct cd_ctx *ctx)
{
	const char *oid;
	time_t t;
	int n = 0;

	is_int(cd_verify_parse_time(ctx, "0", &t), 0, "time 0");
	is_int(t, 0, "... is the epoch");
	is_int(cd_verify_parse_time(ctx, "2011-04-15T00:00:00Z", &t), 0,
	       "an ISO time");
	is_int(t, 1302825600, "... in UTC");
	is_int(cd_verify_parse_time(ctx, "2011-04-15 00:00:00", &t),
	       CD_E_INVALID, "no T and Z: refused");
	ok(strstr(cd_ctx_message(ctx), "'2011-04-15 00:00:00'") != NULL &&
	       strstr(cd_ctx_message(ctx), "YYYY-MM-DDTHH:MM:SSZ") != NULL &&
	       strstr(cd_ctx_message(ctx), "--time") == NULL,
	   "... quoting it and the forms expected (the caller names its "
	   "flag)");
	is_int(cd_verify_parse_time(ctx, "2011-02-30T00:00:00Z", &t),
	       CD_E_INVALID, "February 30th: refused");
	is_int(cd_verify_parse_time(ctx, "-5", &t), CD_E_INVALID,
	       "negative: refused");
	is_int(cd_verify_purpose_oid(ctx, "tls-server", &oid), 0, "tls-server");
	is_str(oid, GNUTLS_KP_TLS_WWW_SERVER, "... is serverAuth");
	is_int(cd_verify_purpose_oid(ctx, "1.3.6.1.5.5.7.3.8", &oid), 0,
	       "a dotted OID");
	is_int(cd_verify_purpose_oid(ctx, "1..3", &oid), CD_E_INVALID,
	       "a broken OID: refused");
	is_int(cd_verify_purpose_oid(ctx, "server", &oid), CD_E_INVALID,
	       "an unknown name: refused");
	cd_verify_status_names(GNUTLS_CERT_INVALID | GNUTLS_CERT_EXPIRED |
				   GNUTLS_CERT_SIGNER_NOT_FOUND,
			       flag_count, &n);
	is_int(n, 3, "three status flags, three names");
}

static void test_bad_input(struct cd_ctx *ctx)
{
	const char *trust[] = {"/nonexistent/ca.pem"};
	struct cd_verify_params p;
	struct cd_verify_result r;

	memset(&p, 0, sizeof(p));
	p.trust = trust;
	p.trust_count = 1;
	p.cert = "/nonexistent/leaf.pem";
	is_int(cd_verify(ctx, &p, &r), CD_E_NOTFOUND,
	       "a missing trust file is bad input, not a verdict");
	ok(strstr(cd_ctx_message(ctx), "--trust /nonexistent/ca.pem") != NULL,
	   "... named with its flag");
	p.trust_count = 0;
	p.has_max_depth = 1;
	p.max_depth = 17;
	is_int(cd_verify(ctx, &p, &r), CD_E_INVALID, "max_depth 17 refused");
	p.has_max_depth = 0;
	p.peer_name = "bad name";
	is_int(cd_verify(ctx, &p, &r), CD_E_INVALID,
	       "a peer name with a "
	       "space refused");
}

/* What check_files() saw, file after file. */
struct many_seen {
	const char *const *paths;
	size_t n;
	int in_order, rets[64], verified[64], revoked[64];
};

static void many_one(void *arg, const char *path, int ret, const char *message,
		     const struct cd_verify_result *r)
{
	struct many_seen *s = arg;

	if (s->n >= 64 || path != s->paths[s->n] || (ret < 0) != (r == NULL) ||
	    (ret < 0 && !*message))
		s->in_order = 0;
	if (s->n < 64) {
		s->rets[s->n] = ret;
		s->verified[s->n] = r && r->verified;
		s->revoked[s->n] = r && has_reason(r, CD_VR_REVOKED);
	}
	s->n++;
}

/* Many files at once (on every core): each result as one check gives it,
 * in the order given, at the time asked on every thread. */
static void test_many(struct cd_ctx *ctx)
{
	char *anchor = sample("TrustAnchorRootCertificate", ".crt");
	char *ca = sample("GoodCACert", ".crt");
	char *crl = sample("GoodCACRL", ".crl");
	char *good = sample("ValidCertificatePathTest1EE", ".crt");
	char *revoked = sample("InvalidRevokedEETest3EE", ".crt");
	const char *trust[] = {anchor}, *untrusted[] = {ca}, *crls[] = {crl};
	const char *paths[64];
	struct cd_verify_params p;
	struct many_seen seen;
	struct cd_verifier *v;
	int i, all;

	for (i = 0; i < 64; i++)
		paths[i] = i % 3 == 0	? good
			   : i % 3 == 1 ? revoked
					: "/nonexistent/certdeck-test.pem";
	pkits_params(ctx, &p, trust, untrusted, crls, 1);
	cd_verifier_new(ctx, &p, &v);
	memset(&seen, 0, sizeof(seen));
	seen.paths = paths;
	seen.in_order = 1;
	is_int(cd_verifier_check_files(ctx, &p, v, paths, 64, many_one, &seen),
	       0, "64 files checked at once");
	ok(seen.n == 64 && seen.in_order,
	   "... each reported once, in the order given");
	for (i = 0, all = 1; i < 64; i++)
		all &= i % 3 == 0   ? seen.rets[i] == 0 && seen.verified[i]
		       : i % 3 == 1 ? seen.rets[i] == 0 && !seen.verified[i] &&
					  seen.revoked[i]
				    : seen.rets[i] == CD_E_NOTFOUND;
	ok(all, "... verified, revoked, unreadable, each in its place");
	cd_verifier_free(v);

	/* In 2031 the EE has expired, whichever thread checks it. */
	for (i = 0; i < 64; i++)
		paths[i] = good;
	cd_verify_parse_time(ctx, "2031-01-02T00:00:00Z", &p.time);
	cd_verifier_new(ctx, &p, &v);
	memset(&seen, 0, sizeof(seen));
	seen.paths = paths;
	seen.in_order = 1;
	cd_verifier_check_files(ctx, &p, v, paths, 64, many_one, &seen);
	for (i = 0, all = seen.n == 64; i < 64; i++)
		all &= seen.rets[i] == 0 && !seen.verified[i];
	ok(all, "64 checks in 2031 on every core: each one expired");
	cd_verifier_free(v);
	free(anchor);
	free(ca);
	free(crl);
	free(good);
	free(revoked);
}

int main(void)
{
	struct cd_ctx ctx;

	if (cd_ctx_init(&ctx) != 0)
		return 99;
	test_parsers(&ctx);
	test_pkits(&ctx);
	test_verifier(&ctx);
	test_many(&ctx);
	test_bad_input(&ctx);
	cd_ctx_deinit(&ctx);
	return tap_done();
}
