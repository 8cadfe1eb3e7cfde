/* certdeck: lint of certificates and requests.
 *
 * What a certificate or request says is first read into a struct (the
 * "facts": names, key, extensions, dates), the same way for both, through
 * GnuTLS's extension parsers; then a table of checks looks at the facts. */
#include <config.h>

#include <arpa/inet.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "i18n.h"
#include "lint.h"
#include "lintfacts.h"

#define DAY (24 * 60 * 60)
#define SERIAL_MAX 20	    /* RFC 5280 4.1.2.2 */
#define SERVER_DAYS_MAX 398 /* CA/Browser Forum baseline, 2020 */

struct lint_run {
	struct cd_ctx *ctx;
	struct cd_lint_report *report;
	struct cd_lint_facts *f;
	gnutls_x509_crt_t issuer; /* NULL: self-signed or a request */
	int ret;
};

void cd_lint_report_init(struct cd_lint_report *report)
{
	memset(report, 0, sizeof(*report));
}

void cd_lint_report_free(struct cd_lint_report *report)
{
	size_t i;

	for (i = 0; i < report->n; i++)
		free(report->findings[i].message);
	free(report->findings);
	memset(report, 0, sizeof(*report));
}

size_t cd_lint_count_at_least(const struct cd_lint_report *report,
			      enum cd_lint_level level)
{
	size_t n = 0;
	int l;

	for (l = CD_LINT_ERROR; l <= (int)level && l <= CD_LINT_NOTICE; l++)
		n += report->count[l];
	return n;
}

static const char *const level_ids[] = {"error", "warning", "notice"};

const char *cd_lint_level_id(enum cd_lint_level level)
{
	return level_ids[level];
}

int cd_lint_refuse(struct cd_ctx *ctx, const char *name,
		   const struct cd_lint_report *report)
{
	size_t i;

	for (i = 0; i < report->n; i++)
		if (report->findings[i].level == CD_LINT_ERROR)
			return cd_error(ctx, CD_E_LINT,
					_("lint refuses to sign %s: %s (%s)"),
					name, report->findings[i].message,
					report->findings[i].id);
	return 0;
}

const char *cd_lint_level_word(enum cd_lint_level level)
{
	/* L10N: the level of a lint finding, as in "FILE: error: ID: ..." */
	return level == CD_LINT_ERROR	  ? _("error")
	       : level == CD_LINT_WARNING ? _("warning")
					  : _("notice");
}

int cd_lint_level_parse(const char *name, enum cd_lint_level *out)
{
	int l;

	for (l = CD_LINT_ERROR; l <= CD_LINT_NOTICE; l++)
		if (strcmp(name, level_ids[l]) == 0) {
			*out = (enum cd_lint_level)l;
			return 0;
		}
	return -1;
}

static void add(struct lint_run *run, enum cd_lint_level level, const char *id,
		const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void add(struct lint_run *run, enum cd_lint_level level, const char *id,
		const char *fmt, ...)
{
	struct cd_lint_report *r = run->report;
	struct cd_lint_finding *p;
	char *message = NULL;
	va_list ap;
	int len;

	if (run->ret < 0)
		return;
	va_start(ap, fmt);
	len = vasprintf(&message, fmt, ap);
	va_end(ap);
	p = len < 0 ? NULL
		    : realloc(r->findings, (r->n + 1) * sizeof(*r->findings));
	if (p == NULL) {
		if (len >= 0)
			free(message);
		run->ret = cd_error(run->ctx, CD_E_NOMEM, _("out of memory"));
		return;
	}
	r->findings = p;
	r->findings[r->n].level = level;
	r->findings[r->n].id = id;
	r->findings[r->n].message = message;
	r->n++;
	r->count[level]++;
}

/* ---- the checks on a certificate's own content ---- */

static void check_ca_usage(struct lint_run *run)
{
	const struct cd_lint_facts *f = run->f;

	if (!f->is_ca)
		return;
	if (!f->bc_critical)
		add(run, CD_LINT_WARNING, "ca-bc-not-critical",
		    _("a CA whose basic constraints are not marked critical "
		      "(RFC 5280 4.2.1.9 requires it): issue it with "
		      "certdeck or certtool, which mark them critical"));
	if (!f->ku_present) {
		add(run, CD_LINT_WARNING, "ca-no-key-usage",
		    _("a CA without a key usage extension (RFC 5280 requires "
		      "one): add cert_signing_key and crl_signing_key"));
		return;
	}
	if (!(f->usage & GNUTLS_KEY_KEY_CERT_SIGN))
		add(run, CD_LINT_ERROR, "ca-no-cert-sign",
		    _("a CA without the keyCertSign key usage: the "
		      "certificates it signs will not verify; add "
		      "cert_signing_key (--cert-signing-key)"));
	if (!(f->usage & GNUTLS_KEY_CRL_SIGN))
		add(run, CD_LINT_ERROR, "ca-no-crl-sign",
		    _("a CA without the cRLSign key usage: the CRLs it signs "
		      "will fail verification (certtool --verify-crl, openssl "
		      "crl -verify); add crl_signing_key (--crl-signing-key)"));
}

static void check_leaf_usage(struct lint_run *run)
{
	const struct cd_lint_facts *f = run->f;

	if (!f->is_ca && f->ku_present && (f->usage & GNUTLS_KEY_KEY_CERT_SIGN))
		add(run, CD_LINT_ERROR, "leaf-key-cert-sign",
		    _("keyCertSign on a certificate that is not a CA "
		      "(basic constraints CA:FALSE or absent): no verifier "
		      "accepts what it signs; remove cert_signing_key, or "
		      "make it a CA with 'ca'"));
}

static void check_usage_key_type(struct lint_run *run)
{
	const struct cd_lint_facts *f = run->f;
	int rsa = f->pk == GNUTLS_PK_RSA || f->pk == GNUTLS_PK_RSA_PSS;
	int ec = f->pk == GNUTLS_PK_ECDSA || f->pk == GNUTLS_PK_EDDSA_ED25519 ||
		 f->pk == GNUTLS_PK_EDDSA_ED448;

	if (!f->ku_present)
		return;
	if (ec && (f->usage & (GNUTLS_KEY_KEY_ENCIPHERMENT |
			       GNUTLS_KEY_DATA_ENCIPHERMENT)))
		add(run, CD_LINT_WARNING, "key-usage-key-type",
		    _("key or data encipherment on a %s key, which cannot "
		      "encrypt: remove encryption_key and "
		      "data_encipherment (they only suit RSA keys)"),
		    gnutls_pk_get_name(f->pk));
	else if (rsa && (f->usage & GNUTLS_KEY_KEY_AGREEMENT))
		add(run, CD_LINT_WARNING, "key-usage-key-type",
		    _("key agreement on an RSA key, which cannot agree keys: "
		      "remove key_agreement"));
}

static void check_eku_twice(struct lint_run *run)
{
	const struct cd_lint_facts *f = run->f;
	size_t i, j;

	for (i = 0; i < f->eku.n; i++)
		for (j = 0; j < i; j++)
			if (strcmp(f->eku.v[i], f->eku.v[j]) == 0) {
				add(run, CD_LINT_WARNING, "eku-duplicate",
				    _("%s (%s) given twice in the extended "
				      "key usage, from the request and the "
				      "template: drop it from the template "
				      "or do not honour the request's "
				      "extensions"),
				    cd_lint_purpose_name(f->eku.v[i]),
				    f->eku.v[i]);
				break;
			}
}

static void check_key(struct lint_run *run)
{
	const struct cd_lint_facts *f = run->f;
	int rsa = f->pk == GNUTLS_PK_RSA || f->pk == GNUTLS_PK_RSA_PSS;

	if (rsa && f->bits < 2048)
		add(run, CD_LINT_ERROR, "rsa-key-too-small",
		    _("an RSA key of %u bits: below 2048 bits it is breakable "
		      "and refused by current software; make a new key of "
		      "3072 bits or an ECDSA key"),
		    f->bits);
	else if (rsa && f->bits < 3072)
		add(run, CD_LINT_NOTICE, "rsa-key-under-3072",
		    _("an RSA key of %u bits: acceptable, but 3072 bits are "
		      "advised for use beyond 2030"),
		    f->bits);
	else if (f->pk == GNUTLS_PK_DSA && f->bits < 2048)
		add(run, CD_LINT_ERROR, "dsa-key-too-small",
		    _("a DSA key of %u bits: make a new ECDSA key"), f->bits);
	else if (f->pk == GNUTLS_PK_ECDSA && f->bits < 256)
		add(run, CD_LINT_ERROR, "ec-curve-too-small",
		    _("an ECDSA key on %s (%u bits): curves below P-256 are "
		      "weak and refused by current software; make a new key "
		      "on P-256 or P-384"),
		    gnutls_ecc_curve_get_name(f->curve)
			? gnutls_ecc_curve_get_name(f->curve)
			: "?",
		    f->bits);
}

static void check_hash(struct lint_run *run)
{
	const struct cd_lint_facts *f = run->f;
	gnutls_digest_algorithm_t dig;

	if (f->sign == GNUTLS_SIGN_UNKNOWN)
		return; /* not signed yet */
	dig = gnutls_sign_get_hash_algorithm(f->sign);
	if (dig == GNUTLS_DIG_SHA1 || dig == GNUTLS_DIG_MD5 ||
	    dig == GNUTLS_DIG_MD2)
		add(run, CD_LINT_ERROR, "weak-hash",
		    _("signed with %s, a broken hash that verifiers refuse: "
		      "sign again with SHA-256 or better"),
		    gnutls_sign_get_name(f->sign));
}

static void check_serial(struct lint_run *run)
{
	const struct cd_lint_facts *f = run->f;
	size_t i, zero = 1;

	for (i = 0; i < f->serial_size; i++)
		zero = zero && f->serial[i] == 0;
	if (f->serial_size == 0 || zero || (f->serial[0] & 0x80))
		add(run, CD_LINT_ERROR, "serial-not-positive",
		    _("the serial number is zero or negative (RFC 5280 "
		      "4.1.2.2 requires a positive one): leave serial out, "
		      "serials are then random and positive"));
	else if (f->serial_size > SERIAL_MAX)
		add(run, CD_LINT_ERROR, "serial-too-long",
		    _("the serial number is %zu octets long; RFC 5280 allows "
		      "at most 20 and verifiers may refuse it: use a shorter "
		      "serial, or leave it out"),
		    f->serial_size);
}

static void check_cn_ip(struct lint_run *run)
{
	const struct cd_lint_facts *f = run->f;
	int server = cd_lint_is_server(f);

	if (!cd_lint_is_ip(f->cn) || cd_lint_has_ip(&f->ip, f->cn))
		return;
	add(run, server ? CD_LINT_ERROR : CD_LINT_WARNING, "cn-ip-not-in-san",
	    _("the common name %s is an IP address but no IP address "
	      "alternative name holds it: clients compare addresses with IP "
	      "SANs only and will refuse the server; add ip_address = %s "
	      "(--ip-address %s)"),
	    f->cn, f->cn, f->cn);
}

static void check_server_names(struct lint_run *run)
{
	const struct cd_lint_facts *f = run->f;

	if (!cd_lint_is_server(f))
		return;
	if (f->n_san == 0) {
		if (f->is_request)
			add(run, CD_LINT_WARNING, "request-no-san",
			    _("a server's request without a subject "
			      "alternative name: unless the CA adds them, "
			      "clients will refuse the certificate; add "
			      "dns_name or ip_address to the request's "
			      "template"));
		else
			add(run, CD_LINT_ERROR, "server-no-san",
			    _("a TLS server certificate without a subject "
			      "alternative name: browsers ignore the common "
			      "name (GnuTLS and OpenSSL only fall back to "
			      "it) and will refuse it; add dns_name = NAME "
			      "(--dns-name) or ip_address (--ip-address)"));
		return;
	}
	if (cd_lint_is_dns_name(f->cn) && !cd_lint_strs_has(&f->dns, f->cn))
		add(run, CD_LINT_WARNING, "cn-not-in-san",
		    _("the common name %s is not among the DNS alternative "
		      "names, so clients will not accept it for that name: "
		      "add dns_name = %s (--dns-name %s)"),
		    f->cn, f->cn, f->cn);
}

static void check_server_validity(struct lint_run *run)
{
	const struct cd_lint_facts *f = run->f;
	long long days;

	if (!cd_lint_is_server(f) || f->is_ca)
		return;
	if (f->not_after == (time_t)-1 || f->not_before == (time_t)-1) {
		add(run, CD_LINT_NOTICE, "server-validity-over-398",
		    _("a TLS server certificate without a well-defined "
		      "expiration: browsers accept at most 398 days; set "
		      "expiration_days to 398 or less"));
		return;
	}
	days = ((long long)f->not_after - (long long)f->not_before) / DAY;
	if (days > SERVER_DAYS_MAX)
		add(run, CD_LINT_NOTICE, "server-validity-over-398",
		    _("a TLS server certificate valid for %lld days: browsers "
		      "accept at most 398; set expiration_days to 398 or "
		      "less"),
		    days);
}

/* RFC 5280's upper bound for a common name (ub-common-name). */
#define CN_CHARS_MAX 64
/* RFC 1035: a label of at most 63 octets, a name of at most 253. */
#define DNS_LABEL_MAX 63
#define DNS_NAME_MAX 253

static void check_cn_length(struct lint_run *run)
{
	const struct cd_lint_facts *f = run->f;
	size_t chars = 0;
	const char *p;

	for (p = f->cn; p && *p; p++)
		chars += ((unsigned char)*p & 0xc0) != 0x80; /* UTF-8 starts */
	if (chars > CN_CHARS_MAX)
		add(run, CD_LINT_WARNING, "cn-too-long",
		    _("the common name has %zu characters; RFC 5280 allows "
		      "at most 64, OpenSSL refuses to make such a request and "
		      "some clients such a certificate: shorten cn (a long "
		      "host name belongs in dns_name, which has no such "
		      "limit)"),
		    chars);
}

/* Why NAME is no DNS name a client can match (NULL: it is one). */
static const char *dns_name_problem(const char *name)
{
	const char *p = name;
	size_t label = 0;

	if (strncmp(p, "*.", 2) == 0)
		p += 2;
	if (strlen(name) > DNS_NAME_MAX)
		return N_("longer than 253 characters");
	for (; *p; p++) {
		if (*p == '.') {
			if (label == 0)
				return N_("an empty label");
			label = 0;
		} else if ((*p >= 'a' && *p <= 'z') ||
			   (*p >= 'A' && *p <= 'Z') ||
			   (*p >= '0' && *p <= '9') || *p == '-') {
			if (++label > DNS_LABEL_MAX)
				return N_("a label longer than 63 characters");
		} else
			return *p == '*' ? N_("a wildcard not alone in the "
					      "first label")
					 : N_("a character other than letters, "
					      "digits, '-' and '.'");
	}
	return label == 0 ? N_("an empty label") : NULL;
}

static void check_dns_names(struct lint_run *run)
{
	const struct cd_lint_facts *f = run->f;
	size_t i;

	for (i = 0; i < f->dns.n; i++) {
		const char *why = dns_name_problem(f->dns.v[i]);

		if (why)
			add(run, CD_LINT_WARNING, "dns-name-syntax",
			    _("the DNS name %s is no host name clients can "
			      "match (%s): use letters, digits and '-' in "
			      "labels of at most 63 characters, an IDN in its "
			      "xn-- form"),
			    f->dns.v[i], _(why));
	}
}

static void check_email(struct lint_run *run)
{
	const struct cd_lint_facts *f = run->f;

	if (cd_lint_has_eku(f, GNUTLS_KP_EMAIL_PROTECTION) && f->email.n == 0)
		add(run, CD_LINT_WARNING, "email-no-san",
		    _("email protection without an e-mail alternative name: "
		      "S/MIME clients look for the address there; add "
		      "email = ADDRESS (--email)"));
}

static void check_request_signature(struct lint_run *run)
{
	if (run->f->bad_signature)
		add(run, CD_LINT_ERROR, "request-bad-signature",
		    _("the request's self-signature does not verify: it was "
		      "altered or not made with its key; make the request "
		      "again"));
}

static void check_validity(struct lint_run *run)
{
	const struct cd_lint_facts *f = run->f;

	if (f->not_before != (time_t)-1 && f->not_after != (time_t)-1 &&
	    f->not_after < f->not_before)
		add(run, CD_LINT_ERROR, "validity-inverted",
		    _("the certificate expires before it becomes valid: "
		      "no verifier ever accepts it; set expiration_date "
		      "after activation_date (or use expiration_days)"));
}

/* ---- the checks against the issuer ---- */

static void check_dates(struct lint_run *run)
{
	const struct cd_lint_facts *f = run->f;
	time_t ca_start, ca_end;
	long long days;

	if (run->issuer == NULL)
		return;
	ca_start = gnutls_x509_crt_get_activation_time(run->issuer);
	ca_end = gnutls_x509_crt_get_expiration_time(run->issuer);
	if (ca_end != (time_t)-1 && ca_end <= cd_ctx_now(run->ctx)) {
		/* nothing it signs can verify: the rest would only mislead */
		add(run, CD_LINT_ERROR, "ca-expired",
		    _("the CA's certificate has expired: nothing it signs "
		      "verifies; renew the CA first (certdeck renew --ca)"));
		return;
	}
	if (ca_end != (time_t)-1 && f->not_after == (time_t)-1)
		add(run, CD_LINT_WARNING, "outlives-ca",
		    _("the certificate never expires but its CA does: it "
		      "stops verifying with the CA; set expiration_days"));
	else if (ca_end != (time_t)-1 && f->not_after > ca_end) {
		days = ((long long)f->not_after - ca_end + DAY - 1) / DAY;
		add(run, CD_LINT_WARNING, "outlives-ca",
		    _("the certificate outlives its CA by %lld days: it stops "
		      "verifying when the CA expires; lower expiration_days "
		      "(--expiration-days) or renew the CA"),
		    days);
	}
	/* Once the CA is valid, an earlier start of the certificate's is
	 * moot (a CA renewed later starts after all it signed). */
	if (ca_start != (time_t)-1 && f->not_before != (time_t)-1 &&
	    f->not_before < ca_start && ca_start > cd_ctx_now(run->ctx))
		add(run, CD_LINT_WARNING, "starts-before-ca",
		    _("the certificate's validity starts before its CA's: "
		      "verifiers refuse it until the CA is valid; drop "
		      "activation_date or set it later"));
}

static const char *san_type_name(gnutls_x509_subject_alt_name_t type)
{
	return type == GNUTLS_SAN_DNSNAME     ? _("DNS name")
	       : type == GNUTLS_SAN_IPADDRESS ? _("IP address")
					      : _("e-mail address");
}

/* "example.org" or "10.0.0.0/8": a constraint as the template writes it. */
static void constraint_text(gnutls_x509_subject_alt_name_t type,
			    const gnutls_datum_t *name, char *out, size_t size)
{
	char addr[INET6_ADDRSTRLEN];
	unsigned half = name->size / 2, i, bits = 0;

	if (type != GNUTLS_SAN_IPADDRESS) {
		snprintf(out, size, "%.*s", (int)name->size,
			 (const char *)name->data);
		return;
	}
	if ((half != 4 && half != 16) ||
	    inet_ntop(half == 4 ? AF_INET : AF_INET6, name->data, addr,
		      sizeof(addr)) == NULL) {
		snprintf(out, size, "?");
		return;
	}
	for (i = 0; i < half; i++)
		bits += (unsigned)__builtin_popcount(name->data[half + i]);
	snprintf(out, size, "%s/%u", addr, bits);
}

/* The constraints of TYPE, "permitted a, b; excluded c". */
static void describe_constraints(gnutls_x509_name_constraints_t nc,
				 gnutls_x509_subject_alt_name_t type, char *out,
				 size_t size)
{
	int (*get[2])(gnutls_x509_name_constraints_t, unsigned, unsigned *,
		      gnutls_datum_t *) = {
	    gnutls_x509_name_constraints_get_permitted,
	    gnutls_x509_name_constraints_get_excluded};
	const char *label[2] = {_("permitted"), _("excluded")};
	char one[300];
	gnutls_datum_t name;
	unsigned k, i, t;
	size_t len = 0;
	int first;

	out[0] = '\0';
	for (k = 0; k < 2; k++) {
		first = 1;
		for (i = 0; get[k](nc, i, &t, &name) >= 0; i++) {
			if (t != (unsigned)type)
				continue;
			constraint_text(type, &name, one, sizeof(one));
			if (first)
				snprintf(out + len, size - len, "%s%s %s",
					 len ? "; " : "", label[k], one);
			else
				snprintf(out + len, size - len, ", %s", one);
			len = strlen(out);
			first = 0;
		}
	}
}

static void check_one_name(struct lint_run *run,
			   gnutls_x509_name_constraints_t nc,
			   gnutls_x509_subject_alt_name_t type,
			   const char *value, int from_cn)
{
	unsigned char ip[16];
	unsigned ip_len;
	gnutls_datum_t name;
	char constraints[1024];

	if (type == GNUTLS_SAN_IPADDRESS) {
		if (!cd_lint_parse_ip(value, ip, &ip_len))
			return;
		name.data = ip;
		name.size = ip_len;
	} else {
		name.data = (unsigned char *)(uintptr_t)value;
		name.size = (unsigned)strlen(value);
	}
	if (gnutls_x509_name_constraints_check(nc, type, &name))
		return;
	describe_constraints(nc, type, constraints, sizeof(constraints));
	add(run, CD_LINT_ERROR, "name-outside-constraints",
	    /* L10N: the kind of name (DNS name, IP address...), the name,
	       either nothing or " (the common name)", the CA's constraints. */
	    _("the %s %s%s is outside the CA's name constraints (%s): "
	      "verifiers will refuse the certificate; remove it, or have "
	      "it signed by a CA allowed to certify it"),
	    san_type_name(type), value, from_cn ? _(" (the common name)") : "",
	    constraints);
}

static void check_name_constraints(struct lint_run *run)
{
	const struct cd_lint_facts *f = run->f;
	gnutls_x509_name_constraints_t nc = NULL;
	unsigned critical;
	size_t i;

	if (run->issuer == NULL || gnutls_x509_name_constraints_init(&nc) < 0)
		return;
	if (gnutls_x509_crt_get_name_constraints(run->issuer, nc, 0,
						 &critical) < 0)
		goto out;
	for (i = 0; i < f->dns.n; i++)
		check_one_name(run, nc, GNUTLS_SAN_DNSNAME, f->dns.v[i], 0);
	for (i = 0; i < f->ip.n; i++)
		check_one_name(run, nc, GNUTLS_SAN_IPADDRESS, f->ip.v[i], 0);
	for (i = 0; i < f->email.n; i++)
		check_one_name(run, nc, GNUTLS_SAN_RFC822NAME, f->email.v[i],
			       0);
	/* Verifiers check a host name in the CN too. */
	if (cd_lint_is_ip(f->cn) && !cd_lint_has_ip(&f->ip, f->cn))
		check_one_name(run, nc, GNUTLS_SAN_IPADDRESS, f->cn, 1);
	else if (cd_lint_is_dns_name(f->cn) &&
		 !cd_lint_strs_has(&f->dns, f->cn))
		check_one_name(run, nc, GNUTLS_SAN_DNSNAME, f->cn, 1);
out:
	gnutls_x509_name_constraints_deinit(nc);
}

/* ---- the tables ---- */

typedef void (*lint_check_fn)(struct lint_run *run);

static const lint_check_fn certificate_checks[] = {
    check_ca_usage,  check_leaf_usage, check_usage_key_type,
    check_eku_twice, check_key,	       check_hash,
    check_serial,    check_cn_ip,      check_server_names,
    check_cn_length, check_dns_names,  check_server_validity,
    check_email,     check_dates,      check_name_constraints,
    check_validity,
};

static const lint_check_fn request_checks[] = {
    check_request_signature, check_key,	      check_hash,      check_cn_ip,
    check_server_names,	     check_cn_length, check_dns_names,
};

static int run_checks(struct cd_ctx *ctx, const struct cd_lint_source *src,
		      gnutls_x509_crt_t issuer, const lint_check_fn *checks,
		      size_t n, struct cd_lint_report *report)
{
	struct cd_lint_facts f;
	struct lint_run run = {ctx, report, &f, issuer, 0};
	size_t i;
	int ret = cd_lint_facts_read(src, &f);

	if (ret < 0) {
		cd_lint_facts_free(&f);
		return cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	}
	for (i = 0; i < n && run.ret == 0; i++)
		checks[i](&run);
	cd_lint_facts_free(&f);
	return run.ret;
}

/* Whether CRT is ISSUER itself. Different serials answer at once:
 * comparing whole certificates encodes both, a cost each certificate of
 * a batch would pay. */
static int same_certificate(gnutls_x509_crt_t crt, gnutls_x509_crt_t issuer)
{
	unsigned char a[64], b[64];
	size_t na = sizeof(a), nb = sizeof(b);

	if (issuer == crt)
		return 1;
	if (gnutls_x509_crt_get_serial(crt, a, &na) == 0 &&
	    gnutls_x509_crt_get_serial(issuer, b, &nb) == 0 &&
	    (na != nb || memcmp(a, b, na) != 0))
		return 0;
	return gnutls_x509_crt_equals(crt, issuer) != 0;
}

int cd_lint_certificate(struct cd_ctx *ctx, gnutls_x509_crt_t crt,
			gnutls_x509_crt_t issuer, struct cd_lint_report *report)
{
	struct cd_lint_source src = {crt, NULL};

	/* A self-signed certificate is not checked against itself: a trust
	 * anchor's own constraints do not apply to it (RFC 5280 6.1). */
	if (issuer && same_certificate(crt, issuer))
		issuer = NULL;
	return run_checks(
	    ctx, &src, issuer, certificate_checks,
	    sizeof(certificate_checks) / sizeof(certificate_checks[0]), report);
}

int cd_lint_request(struct cd_ctx *ctx, gnutls_x509_crq_t crq,
		    struct cd_lint_report *report)
{
	struct cd_lint_source src = {NULL, crq};

	return run_checks(ctx, &src, NULL, request_checks,
			  sizeof(request_checks) / sizeof(request_checks[0]),
			  report);
}
