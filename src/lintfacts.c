/* certdeck: reading what a certificate or request says, for lint. */
#include <config.h>

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <gnutls/abstract.h>
#include <gnutls/x509-ext.h>

#include "error.h"
#include "i18n.h"
#include "lintfacts.h"

#define OID_SAN "2.5.29.17"
#define OID_BC "2.5.29.19"
#define OID_KU "2.5.29.15"
#define OID_EKU "2.5.29.37"

static int strs_add(struct cd_lint_strs *s, const char *value, size_t len)
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

static void strs_free(struct cd_lint_strs *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	memset(s, 0, sizeof(*s));
}

void cd_lint_facts_free(struct cd_lint_facts *f)
{
	free(f->cn);
	strs_free(&f->eku);
	strs_free(&f->dns);
	strs_free(&f->ip);
	strs_free(&f->email);
}

static int get_extension(const struct cd_lint_source *src, const char *oid,
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

static int read_cn(const struct cd_lint_source *src, struct cd_lint_facts *f)
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

static int add_ip(struct cd_lint_facts *f, const gnutls_datum_t *name)
{
	char text[INET6_ADDRSTRLEN];
	int family = name->size == 4 ? AF_INET : AF_INET6;

	if ((name->size != 4 && name->size != 16) ||
	    inet_ntop(family, name->data, text, sizeof(text)) == NULL)
		return strs_add(&f->ip, "?", 1);
	return strs_add(&f->ip, text, strlen(text));
}

static int read_sans(const struct cd_lint_source *src, struct cd_lint_facts *f)
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

static int read_usages(const struct cd_lint_source *src,
		       struct cd_lint_facts *f)
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

static void read_key(const struct cd_lint_source *src, struct cd_lint_facts *f)
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

int cd_lint_facts_read(const struct cd_lint_source *src,
		       struct cd_lint_facts *f)
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

int cd_lint_parse_ip(const char *s, unsigned char out[16], unsigned *len)
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

int cd_lint_is_ip(const char *s)
{
	unsigned char buf[16];
	unsigned len;

	return s != NULL && cd_lint_parse_ip(s, buf, &len);
}

/* A host name: labels of letters, digits, '-' (and a leading "*."),
 * with a dot, or "localhost". */
int cd_lint_is_dns_name(const char *s)
{
	const char *p;
	int dot = 0, label = 0;

	if (s == NULL || cd_lint_is_ip(s))
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

int cd_lint_strs_has(const struct cd_lint_strs *s, const char *value)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (strcasecmp(s->v[i], value) == 0)
			return 1;
	return 0;
}

int cd_lint_has_ip(const struct cd_lint_strs *ips, const char *value)
{
	unsigned char a[16], b[16];
	unsigned la, lb;
	size_t i;

	if (!cd_lint_parse_ip(value, a, &la))
		return 0;
	for (i = 0; i < ips->n; i++)
		if (cd_lint_parse_ip(ips->v[i], b, &lb) && la == lb &&
		    memcmp(a, b, la) == 0)
			return 1;
	return 0;
}

int cd_lint_has_eku(const struct cd_lint_facts *f, const char *oid)
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
int cd_lint_is_server(const struct cd_lint_facts *f)
{
	if (cd_lint_has_eku(f, GNUTLS_KP_TLS_WWW_SERVER))
		return 1;
	if (f->eku_present || f->is_ca)
		return 0;
	return !f->is_request || cd_lint_is_dns_name(f->cn) ||
	       cd_lint_is_ip(f->cn);
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

const char *cd_lint_purpose_name(const char *oid)
{
	size_t i;

	for (i = 0; i < sizeof(purpose_names) / sizeof(purpose_names[0]); i++)
		if (strcmp(purpose_names[i].oid, oid) == 0)
			return _(purpose_names[i].name);
	return oid;
}
