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

#include <gnutls/abstract.h>
#include <gnutls/x509-ext.h>

#include "error.h"
#include "i18n.h"
#include "lint.h"

#define DAY (24 * 60 * 60)
#define SERIAL_MAX 20	    /* RFC 5280 4.1.2.2 */
#define SERVER_DAYS_MAX 398 /* CA/Browser Forum baseline, 2020 */
#define OID_SAN "2.5.29.17"
#define OID_BC "2.5.29.19"
#define OID_KU "2.5.29.15"
#define OID_EKU "2.5.29.37"

struct strs {
	char **v;
	size_t n;
};

/* What a certificate or a request says, as the checks need it. */
struct facts {
	int is_request;
	char *cn;
	int bc_present, bc_critical;
	unsigned is_ca;
	int ku_present;
	unsigned usage;
	int eku_present;
	struct strs eku;
	struct strs dns, ip, email; /* ip as inet_ntop text */
	size_t n_san;		    /* names of every type */
	gnutls_pk_algorithm_t pk;
	unsigned bits;
	gnutls_ecc_curve_t curve;
	gnutls_sign_algorithm_t sign; /* GNUTLS_SIGN_UNKNOWN: not signed */
	int bad_signature;	      /* a request's self-signature fails */
	time_t not_before, not_after;
	unsigned char serial[64];
	size_t serial_size;
};

struct lint_run {
	struct cd_ctx *ctx;
	struct cd_lint_report *report;
	struct facts *f;
	gnutls_x509_crt_t issuer; /* NULL: self-signed or a request */
	int ret;
};

/* The raw DER of an extension of a certificate or request (NULL data when
 * absent). */
struct source {
	gnutls_x509_crt_t crt;
	gnutls_x509_crq_t crq;
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

/* ---- reading the facts ---- */

static int strs_add(struct strs *s, const char *value, size_t len)
{
	char **p = realloc(s->v, (s->n + 1) * sizeof(*s->v));

	if (p == NULL)
		return CD_E_NOMEM;
	s->v = p;
	if ((s->v[s->n] = strndup(value, len)) == NULL)
		return CD_E_NOMEM;
	s->n++;
	return 0;
}

static void strs_free(struct strs *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	memset(s, 0, sizeof(*s));
}

static void facts_free(struct facts *f)
{
	free(f->cn);
	strs_free(&f->eku);
	strs_free(&f->dns);
	strs_free(&f->ip);
	strs_free(&f->email);
}

static int get_extension(const struct source *src, const char *oid,
			 gnutls_datum_t *der, unsigned *critical)
{
	int ret;

	der->data = NULL;
	der->size = 0;
	if (src->crt)
		ret = gnutls_x509_crt_get_extension_by_oid2(src->crt, oid, 0,
							    der, critical);
	else
		ret = gnutls_x509_crq_get_extension_by_oid2(src->crq, oid, 0,
							    der, critical);
	return ret;
}

static int read_cn(const struct source *src, struct facts *f)
{
	char buf[1024];
	size_t size = sizeof(buf);
	int ret;

	if (src->crt)
		ret = gnutls_x509_crt_get_dn_by_oid(
		    src->crt, GNUTLS_OID_X520_COMMON_NAME, 0, 0, buf, &size);
	else
		ret = gnutls_x509_crq_get_dn_by_oid(
		    src->crq, GNUTLS_OID_X520_COMMON_NAME, 0, 0, buf, &size);
	if (ret < 0) /* none, or too long to be a host name anyway */
		return 0;
	f->cn = strndup(buf, size);
	return f->cn ? 0 : CD_E_NOMEM;
}

static int add_ip(struct facts *f, const gnutls_datum_t *name)
{
	char text[INET6_ADDRSTRLEN];
	int family = name->size == 4 ? AF_INET : AF_INET6;

	if ((name->size != 4 && name->size != 16) ||
	    inet_ntop(family, name->data, text, sizeof(text)) == NULL)
		return strs_add(&f->ip, "?", 1);
	return strs_add(&f->ip, text, strlen(text));
}

static int read_sans(const struct source *src, struct facts *f)
{
	gnutls_subject_alt_names_t sans = NULL;
	gnutls_datum_t der, name, oid;
	unsigned critical, type, i;
	int ret;

	if (get_extension(src, OID_SAN, &der, &critical) < 0)
		return 0;
	ret = gnutls_subject_alt_names_init(&sans);
	if (ret == 0)
		ret = gnutls_x509_ext_import_subject_alt_names(&der, sans, 0);
	for (i = 0; ret == 0; i++) {
		if (gnutls_subject_alt_names_get(sans, i, &type, &name, &oid) <
		    0)
			break;
		f->n_san++;
		if (type == GNUTLS_SAN_DNSNAME)
			ret = strs_add(&f->dns, (char *)name.data, name.size);
		else if (type == GNUTLS_SAN_RFC822NAME)
			ret = strs_add(&f->email, (char *)name.data, name.size);
		else if (type == GNUTLS_SAN_IPADDRESS)
			ret = add_ip(f, &name);
	}
	if (sans)
		gnutls_subject_alt_names_deinit(sans);
	gnutls_free(der.data);
	return ret == CD_E_NOMEM ? ret : 0;
}

static int read_usages(const struct source *src, struct facts *f)
{
	gnutls_x509_key_purposes_t kp = NULL;
	gnutls_datum_t der, oid;
	unsigned critical, i;
	int ret = 0, pathlen;

	if (get_extension(src, OID_BC, &der, &critical) >= 0) {
		f->bc_present = 1;
		f->bc_critical = critical != 0;
		if (gnutls_x509_ext_import_basic_constraints(&der, &f->is_ca,
							     &pathlen) < 0)
			f->is_ca = 0;
		gnutls_free(der.data);
	}
	if (get_extension(src, OID_KU, &der, &critical) >= 0) {
		f->ku_present =
		    gnutls_x509_ext_import_key_usage(&der, &f->usage) >= 0;
		gnutls_free(der.data);
	}
	if (get_extension(src, OID_EKU, &der, &critical) < 0)
		return 0;
	f->eku_present = 1;
	if (gnutls_x509_key_purpose_init(&kp) == 0 &&
	    gnutls_x509_ext_import_key_purposes(&der, kp, 0) == 0)
		for (i = 0; ret == 0; i++) {
			if (gnutls_x509_key_purpose_get(kp, i, &oid) < 0)
				break;
			ret = strs_add(&f->eku, (char *)oid.data, oid.size);
		}
	if (kp)
		gnutls_x509_key_purpose_deinit(kp);
	gnutls_free(der.data);
	return ret;
}

static void read_key(const struct source *src, struct facts *f)
{
	gnutls_pubkey_t pub = NULL;
	int ret = gnutls_pubkey_init(&pub);

	f->pk = GNUTLS_PK_UNKNOWN;
	if (ret == 0)
		ret = src->crt
			  ? gnutls_pubkey_import_x509(pub, src->crt, 0)
			  : gnutls_pubkey_import_x509_crq(pub, src->crq, 0);
	if (ret == 0) {
		ret = gnutls_pubkey_get_pk_algorithm(pub, &f->bits);
		f->pk =
		    ret < 0 ? GNUTLS_PK_UNKNOWN : (gnutls_pk_algorithm_t)ret;
	}
	if (f->pk == GNUTLS_PK_ECDSA &&
	    gnutls_pubkey_export_ecc_raw(pub, &f->curve, NULL, NULL) < 0)
		f->curve = GNUTLS_ECC_CURVE_INVALID;
	if (pub)
		gnutls_pubkey_deinit(pub);
}

static int read_facts(const struct source *src, struct facts *f)
{
	int ret, sign;

	memset(f, 0, sizeof(*f));
	f->is_request = src->crq != NULL;
	ret = read_cn(src, f);
	if (ret == 0)
		ret = read_sans(src, f);
	if (ret == 0)
		ret = read_usages(src, f);
	if (ret < 0)
		return ret;
	read_key(src, f);
	if (src->crt) {
		sign = gnutls_x509_crt_get_signature_algorithm(src->crt);
		f->not_before = gnutls_x509_crt_get_activation_time(src->crt);
		f->not_after = gnutls_x509_crt_get_expiration_time(src->crt);
		f->serial_size = sizeof(f->serial);
		if (gnutls_x509_crt_get_serial(src->crt, f->serial,
					       &f->serial_size) < 0)
			f->serial_size = 0;
	} else {
		sign = gnutls_x509_crq_get_signature_algorithm(src->crq);
		f->bad_signature = gnutls_x509_crq_verify(src->crq, 0) < 0;
	}
	f->sign =
	    sign < 0 ? GNUTLS_SIGN_UNKNOWN : (gnutls_sign_algorithm_t)sign;
	return 0;
}

/* ---- what names look like ---- */

static int parse_ip(const char *s, unsigned char out[16], unsigned *len)
{
	if (inet_pton(AF_INET, s, out) == 1) {
		*len = 4;
		return 1;
	}
	if (inet_pton(AF_INET6, s, out) == 1) {
		*len = 16;
		return 1;
	}
	return 0;
}

static int is_ip(const char *s)
{
	unsigned char buf[16];
	unsigned len;

	return s != NULL && parse_ip(s, buf, &len);
}

/* A host name: labels of letters, digits, '-' (and a leading "*."),
 * with a dot, or "localhost". */
static int is_dns_name(const char *s)
{
	const char *p;
	int dot = 0, label = 0;

	if (s == NULL || is_ip(s))
		return 0;
	if (strcmp(s, "localhost") == 0)
		return 1;
	if (strncmp(s, "*.", 2) == 0)
		s += 2;
	for (p = s; *p; p++) {
		if (*p == '.') {
			if (label == 0)
				return 0;
			dot = 1;
			label = 0;
		} else if ((*p >= 'a' && *p <= 'z') ||
			   (*p >= 'A' && *p <= 'Z') ||
			   (*p >= '0' && *p <= '9') || *p == '-') {
			label++;
		} else {
			return 0;
		}
	}
	return dot && label > 0;
}

static int strs_has_nocase(const struct strs *s, const char *value)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (strcasecmp(s->v[i], value) == 0)
			return 1;
	return 0;
}

static int has_ip(const struct strs *ips, const char *value)
{
	unsigned char a[16], b[16];
	unsigned la, lb;
	size_t i;

	if (!parse_ip(value, a, &la))
		return 0;
	for (i = 0; i < ips->n; i++)
		if (parse_ip(ips->v[i], b, &lb) && la == lb &&
		    memcmp(a, b, la) == 0)
			return 1;
	return 0;
}

static int has_eku(const struct facts *f, const char *oid)
{
	size_t i;

	for (i = 0; i < f->eku.n; i++)
		if (strcmp(f->eku.v[i], oid) == 0)
			return 1;
	return 0;
}

/* A TLS server certificate: serverAuth, or no purpose at all and not a CA
 * (then it is good for anything, TLS servers included). A request looks
 * like a server's when its name is a host name or an address. */
static int is_server(const struct facts *f)
{
	if (has_eku(f, GNUTLS_KP_TLS_WWW_SERVER))
		return 1;
	if (f->eku_present || f->is_ca)
		return 0;
	return !f->is_request || is_dns_name(f->cn) || is_ip(f->cn);
}

static const struct {
	const char *oid;
	const char *name;
} purpose_names[] = {
    {GNUTLS_KP_TLS_WWW_SERVER, N_("TLS web server")},
    {GNUTLS_KP_TLS_WWW_CLIENT, N_("TLS web client")},
    {GNUTLS_KP_CODE_SIGNING, N_("code signing")},
    {GNUTLS_KP_EMAIL_PROTECTION, N_("email protection")},
    {GNUTLS_KP_TIME_STAMPING, N_("time stamping")},
    {GNUTLS_KP_OCSP_SIGNING, N_("OCSP signing")},
    {GNUTLS_KP_IPSEC_IKE, N_("IPsec IKE")},
    {GNUTLS_KP_ANY, N_("any purpose")},
};

static const char *purpose_name(const char *oid)
{
	size_t i;

	for (i = 0; i < sizeof(purpose_names) / sizeof(purpose_names[0]); i++)
		if (strcmp(purpose_names[i].oid, oid) == 0)
			return _(purpose_names[i].name);
	return oid;
}

/* ---- the checks on a certificate's own content ---- */

static void check_ca_usage(struct lint_run *run)
{
	const struct facts *f = run->f;

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
	const struct facts *f = run->f;

	if (!f->is_ca && f->ku_present && (f->usage & GNUTLS_KEY_KEY_CERT_SIGN))
		add(run, CD_LINT_ERROR, "leaf-key-cert-sign",
		    _("keyCertSign on a certificate that is not a CA "
		      "(basic constraints CA:FALSE or absent): no verifier "
		      "accepts what it signs; remove cert_signing_key, or "
		      "make it a CA with 'ca'"));
}

static void check_usage_key_type(struct lint_run *run)
{
	const struct facts *f = run->f;
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
	const struct facts *f = run->f;
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
				    purpose_name(f->eku.v[i]), f->eku.v[i]);
				break;
			}
}

static void check_key(struct lint_run *run)
{
	const struct facts *f = run->f;
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
	const struct facts *f = run->f;
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
	const struct facts *f = run->f;
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
	const struct facts *f = run->f;
	int server = is_server(f);

	if (!is_ip(f->cn) || has_ip(&f->ip, f->cn))
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
	const struct facts *f = run->f;

	if (!is_server(f))
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
	if (is_dns_name(f->cn) && !strs_has_nocase(&f->dns, f->cn))
		add(run, CD_LINT_WARNING, "cn-not-in-san",
		    _("the common name %s is not among the DNS alternative "
		      "names, so clients will not accept it for that name: "
		      "add dns_name = %s (--dns-name %s)"),
		    f->cn, f->cn, f->cn);
}

static void check_server_validity(struct lint_run *run)
{
	const struct facts *f = run->f;
	long long days;

	if (!is_server(f) || f->is_ca)
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

static void check_email(struct lint_run *run)
{
	const struct facts *f = run->f;

	if (has_eku(f, GNUTLS_KP_EMAIL_PROTECTION) && f->email.n == 0)
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

/* ---- the checks against the issuer ---- */

static void check_dates(struct lint_run *run)
{
	const struct facts *f = run->f;
	time_t ca_start, ca_end;
	long long days;

	if (run->issuer == NULL)
		return;
	ca_start = gnutls_x509_crt_get_activation_time(run->issuer);
	ca_end = gnutls_x509_crt_get_expiration_time(run->issuer);
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
	if (ca_start != (time_t)-1 && f->not_before != (time_t)-1 &&
	    f->not_before < ca_start)
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
		if (!parse_ip(value, ip, &ip_len))
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
	    _("the %s %s%s is outside the CA's name constraints (%s): "
	      "verifiers will refuse the certificate; remove it, or have "
	      "it signed by a CA allowed to certify it"),
	    san_type_name(type), value, from_cn ? _(" (the common name)") : "",
	    constraints);
}

static void check_name_constraints(struct lint_run *run)
{
	const struct facts *f = run->f;
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
	if (is_ip(f->cn) && !has_ip(&f->ip, f->cn))
		check_one_name(run, nc, GNUTLS_SAN_IPADDRESS, f->cn, 1);
	else if (is_dns_name(f->cn) && !strs_has_nocase(&f->dns, f->cn))
		check_one_name(run, nc, GNUTLS_SAN_DNSNAME, f->cn, 1);
out:
	gnutls_x509_name_constraints_deinit(nc);
}

/* ---- the tables ---- */

typedef void (*lint_check_fn)(struct lint_run *run);

static const lint_check_fn certificate_checks[] = {
    check_ca_usage,	    check_leaf_usage, check_usage_key_type,
    check_eku_twice,	    check_key,	      check_hash,
    check_serial,	    check_cn_ip,      check_server_names,
    check_server_validity,  check_email,      check_dates,
    check_name_constraints,
};

static const lint_check_fn request_checks[] = {
    check_request_signature, check_key, check_hash, check_cn_ip,
    check_server_names,
};

static int run_checks(struct cd_ctx *ctx, const struct source *src,
		      gnutls_x509_crt_t issuer, const lint_check_fn *checks,
		      size_t n, struct cd_lint_report *report)
{
	struct facts f;
	struct lint_run run = {ctx, report, &f, issuer, 0};
	size_t i;
	int ret = read_facts(src, &f);

	if (ret < 0) {
		facts_free(&f);
		return cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	}
	for (i = 0; i < n && run.ret == 0; i++)
		checks[i](&run);
	facts_free(&f);
	return run.ret;
}

int cd_lint_certificate(struct cd_ctx *ctx, gnutls_x509_crt_t crt,
			gnutls_x509_crt_t issuer, struct cd_lint_report *report)
{
	struct source src = {crt, NULL};

	/* A self-signed certificate is not checked against itself: a trust
	 * anchor's own constraints do not apply to it (RFC 5280 6.1). */
	if (issuer == crt || (issuer && gnutls_x509_crt_equals(crt, issuer)))
		issuer = NULL;
	return run_checks(
	    ctx, &src, issuer, certificate_checks,
	    sizeof(certificate_checks) / sizeof(certificate_checks[0]), report);
}

int cd_lint_request(struct cd_ctx *ctx, gnutls_x509_crq_t crq,
		    struct cd_lint_report *report)
{
	struct source src = {NULL, crq};

	return run_checks(ctx, &src, NULL, request_checks,
			  sizeof(request_checks) / sizeof(request_checks[0]),
			  report);
}
