/* certdeck: a certificate read back as a certtool template, the starting
 * point of a re-issue (and of the TUI's prefilled form). */
#include <config.h>

#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dernames.h"
#include "error.h"
#include "file.h"
#include "i18n.h"
#include "issue.h"
#include "renew.h"

#define ORIGIN "certificate"

/* Subject attributes with a keyword of their own. */
static const struct {
	const char *oid, *keyword;
} dn_keywords[] = {
    {GNUTLS_OID_X520_COUNTRY_NAME, "country"},
    {GNUTLS_OID_X520_STATE_OR_PROVINCE_NAME, "state"},
    {GNUTLS_OID_X520_LOCALITY_NAME, "locality"},
    {GNUTLS_OID_X520_ORGANIZATION_NAME, "organization"},
    {GNUTLS_OID_X520_ORGANIZATIONAL_UNIT_NAME, "unit"},
    {GNUTLS_OID_X520_COMMON_NAME, "cn"},
    {GNUTLS_OID_LDAP_UID, "uid"},
    {GNUTLS_OID_LDAP_DC, "dc"},
    {GNUTLS_OID_PKCS9_EMAIL, "pkcs9_email"},
};

#define N_DN (sizeof(dn_keywords) / sizeof(dn_keywords[0]))

static const struct {
	unsigned bit;
	const char *keyword;
} usage_keywords[] = {
    {GNUTLS_KEY_DIGITAL_SIGNATURE, "signing_key"},
    {GNUTLS_KEY_KEY_ENCIPHERMENT, "encryption_key"},
    {GNUTLS_KEY_KEY_CERT_SIGN, "cert_signing_key"},
    {GNUTLS_KEY_CRL_SIGN, "crl_signing_key"},
    {GNUTLS_KEY_DATA_ENCIPHERMENT, "data_encipherment"},
    {GNUTLS_KEY_KEY_AGREEMENT, "key_agreement"},
    {GNUTLS_KEY_NON_REPUDIATION, "non_repudiation"},
};

static const struct {
	const char *oid, *keyword;
} purpose_keywords[] = {
    {GNUTLS_KP_TLS_WWW_SERVER, "tls_www_server"},
    {GNUTLS_KP_TLS_WWW_CLIENT, "tls_www_client"},
    {GNUTLS_KP_CODE_SIGNING, "code_signing_key"},
    {GNUTLS_KP_OCSP_SIGNING, "ocsp_signing_key"},
    {GNUTLS_KP_TIME_STAMPING, "time_stamping_key"},
    {GNUTLS_KP_EMAIL_PROTECTION, "email_protection_key"},
    {GNUTLS_KP_IPSEC_IKE, "ipsec_ike_key"},
};

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

static const char *dn_keyword(const char *oid)
{
	size_t i;

	for (i = 0; i < N_DN; i++)
		if (strcmp(dn_keywords[i].oid, oid) == 0)
			return dn_keywords[i].keyword;
	return NULL;
}

/* Every value of attribute OID, as KEYWORD (NULL: a dn_oid pair). */
static int subject_attribute(struct cd_ctx *ctx, gnutls_x509_crt_t crt,
			     const char *oid, struct cd_cert_params *params)
{
	const char *kw = dn_keyword(oid);
	char value[1024], pair[1200];
	unsigned i;
	int ret = 0;

	for (i = 0; ret == 0; i++) {
		size_t size = sizeof(value);

		if (gnutls_x509_crt_get_dn_by_oid(crt, oid, i, 0, value,
						  &size) < 0)
			break;
		if (kw == NULL) {
			snprintf(pair, sizeof(pair), "%s %s", oid, value);
			ret =
			    cd_profile_set(ctx, params, "dn_oid", pair, ORIGIN);
		} else if (i == 0 || strcmp(kw, "organization") == 0 ||
			   strcmp(kw, "unit") == 0 || strcmp(kw, "dc") == 0)
			ret = cd_profile_set(ctx, params, kw, value, ORIGIN);
	}
	return ret;
}

static int subject_of(struct cd_ctx *ctx, gnutls_x509_crt_t crt,
		      struct cd_cert_params *params)
{
	char oid[128], seen[32][128];
	size_t n_seen = 0, j;
	unsigned i;
	int ret = 0;

	for (i = 0; ret == 0 && n_seen < 32; i++) {
		size_t size = sizeof(oid);

		if (gnutls_x509_crt_get_dn_oid(crt, i, oid, &size) < 0)
			break;
		for (j = 0; j < n_seen && strcmp(seen[j], oid) != 0; j++)
			;
		if (j < n_seen)
			continue; /* every value of it was taken */
		strcpy(seen[n_seen++], oid);
		ret = subject_attribute(ctx, crt, oid, params);
	}
	return ret;
}

/* The other name I of CRT, its value VALUE (SIZE bytes): an XMPP
 * address or a Kerberos principal by its keyword (GnuTLS decodes
 * those), any other as other_name "OID hex" (the value's DER); 1 for
 * one GnuTLS decodes into no keyword's form (a Microsoft UPN, say). */
static int other_name_of(struct cd_ctx *ctx, gnutls_x509_crt_t crt, unsigned i,
			 const unsigned char *value, size_t size,
			 struct cd_cert_params *params)
{
	gnutls_datum_t der = {(unsigned char *)(uintptr_t)value,
			      (unsigned)size},
		       hex = {NULL, 0};
	char oid[128];
	size_t oid_size = sizeof(oid);
	char *pair;
	int type = gnutls_x509_crt_get_subject_alt_othername_oid(crt, i, oid,
								 &oid_size);
	int ret;

	if (type == GNUTLS_SAN_OTHERNAME_XMPP)
		return cd_profile_set(ctx, params, "xmpp_name",
				      (const char *)value, ORIGIN);
	if (type == GNUTLS_SAN_OTHERNAME_KRB5PRINCIPAL)
		return cd_profile_set(ctx, params, "krb5_principal",
				      (const char *)value, ORIGIN);
	if (type != GNUTLS_SAN_OTHERNAME)
		return 1;
	if (gnutls_hex_encode2(&der, &hex) < 0)
		return cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	pair = malloc(strlen(oid) + hex.size + 2);
	if (pair == NULL) {
		gnutls_free(hex.data);
		return cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	}
	sprintf(pair, "%s %s", oid, (const char *)hex.data);
	ret = cd_profile_set(ctx, params, "other_name", pair, ORIGIN);
	free(pair);
	gnutls_free(hex.data);
	return ret;
}

/* Every alternative name of CRT by its keyword into PARAMS; 1 when one
 * has no keyword (a directory name, a registered ID), or is unreadable. */
static int alt_names_in(struct cd_ctx *ctx, gnutls_x509_crt_t crt,
			struct cd_cert_params *params)
{
	unsigned char buf[1024];
	char ip[INET6_ADDRSTRLEN];
	unsigned i;
	int ret = 0;

	for (i = 0; ret == 0; i++) {
		size_t size = sizeof(buf) - 1;
		int type = gnutls_x509_crt_get_subject_alt_name(crt, i, buf,
								&size, NULL);

		if (type == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
			break;
		if (type < 0)
			return 1; /* too long or unknown */
		buf[size] = '\0';
		if (type == GNUTLS_SAN_DNSNAME)
			ret = cd_profile_set(ctx, params, "dns_name",
					     (char *)buf, ORIGIN);
		else if (type == GNUTLS_SAN_RFC822NAME)
			ret = cd_profile_set(ctx, params, "email", (char *)buf,
					     ORIGIN);
		else if (type == GNUTLS_SAN_URI)
			ret = cd_profile_set(ctx, params, "uri", (char *)buf,
					     ORIGIN);
		else if (type == GNUTLS_SAN_IPADDRESS &&
			 inet_ntop(size == 4 ? AF_INET : AF_INET6, buf, ip,
				   sizeof(ip)))
			ret = cd_profile_set(ctx, params, "ip_address", ip,
					     ORIGIN);
		else if (type == GNUTLS_SAN_OTHERNAME ||
			 type == GNUTLS_SAN_OTHERNAME_XMPP ||
			 type == GNUTLS_SAN_OTHERNAME_KRB5PRINCIPAL)
			ret = other_name_of(ctx, crt, i, buf, size, params);
		else
			ret = 1;
	}
	return ret;
}

/* READ's keywords into PARAMS when every value is one the template takes
 * (tried on a scratch template first: each keyword checks its values, a
 * DNS name with '_' or a constraint on ".example.com" are refused); 1,
 * nothing set, when one is not: the extension is then copied whole. */
static int all_or_whole(struct cd_ctx *ctx, gnutls_x509_crt_t crt,
			struct cd_cert_params *params,
			int (*read)(struct cd_ctx *, gnutls_x509_crt_t,
				    struct cd_cert_params *))
{
	struct cd_cert_params scratch;
	struct cd_ctx quiet = *ctx;
	int ret;

	cd_profile_init(&scratch);
	ret = read(&quiet, crt, &scratch);
	cd_profile_free(&scratch);
	if (ret == CD_E_NOMEM)
		return cd_error(ctx, ret, _("out of memory"));
	return ret != 0 ? 1 : read(ctx, crt, params);
}

static int constraints_and_usage_of(struct cd_ctx *ctx, gnutls_x509_crt_t crt,
				    struct cd_cert_params *params)
{
	unsigned critical, ca = 0, usage = 0;
	int path_len = -1, ret = 0;
	char num[32];
	size_t i;

	if (gnutls_x509_crt_get_basic_constraints(crt, &critical, &ca,
						  &path_len) >= 0 &&
	    ca) {
		ret = cd_profile_set(ctx, params, "ca", NULL, ORIGIN);
		snprintf(num, sizeof(num), "%d", path_len);
		if (ret == 0 && path_len >= 0)
			ret = cd_profile_set(ctx, params, "path_len", num,
					     ORIGIN);
	}
	if (gnutls_x509_crt_get_key_usage(crt, &usage, &critical) < 0)
		usage = 0;
	for (i = 0; ret == 0 && i < N_OF(usage_keywords); i++)
		if (usage & usage_keywords[i].bit)
			ret = cd_profile_set(ctx, params,
					     usage_keywords[i].keyword, NULL,
					     ORIGIN);
	return ret;
}

static int purposes_of(struct cd_ctx *ctx, gnutls_x509_crt_t crt,
		       struct cd_cert_params *params)
{
	char oid[128];
	unsigned i;
	size_t k;
	int ret = 0;

	for (i = 0; ret == 0; i++) {
		size_t size = sizeof(oid);

		if (gnutls_x509_crt_get_key_purpose_oid(crt, i, oid, &size,
							NULL) < 0)
			break;
		for (k = 0; k < N_OF(purpose_keywords) &&
			    strcmp(purpose_keywords[k].oid, oid) != 0;
		     k++)
			;
		if (k < N_OF(purpose_keywords))
			ret = cd_profile_set(ctx, params,
					     purpose_keywords[k].keyword, NULL,
					     ORIGIN);
		else
			ret = cd_profile_set(ctx, params, "key_purpose_oid",
					     oid, ORIGIN);
	}
	return ret;
}

static int uris_of(struct cd_ctx *ctx, gnutls_x509_crt_t crt,
		   struct cd_cert_params *params)
{
	char buf[1024];
	unsigned i, flags;
	int ret = 0;

	for (i = 0; ret == 0; i++) {
		size_t size = sizeof(buf) - 1;
		int type = gnutls_x509_crt_get_crl_dist_points(
		    crt, i, buf, &size, &flags, NULL);

		if (type < 0)
			break;
		buf[size] = '\0';
		if (type == GNUTLS_SAN_URI)
			ret = cd_profile_set(ctx, params, "crl_dist_points",
					     buf, ORIGIN);
	}
	for (i = 0; ret == 0; i++) {
		gnutls_datum_t uri = {NULL, 0};
		int r = gnutls_x509_crt_get_authority_info_access(
		    crt, i, GNUTLS_IA_OCSP_URI, &uri, NULL);
		const char *kw = "ocsp_uri";

		if (r == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
			break;
		if (r < 0) {
			kw = "ca_issuers_uri";
			r = gnutls_x509_crt_get_authority_info_access(
			    crt, i, GNUTLS_IA_CAISSUERS_URI, &uri, NULL);
		}
		if (r >= 0) {
			char *text = strndup((char *)uri.data, uri.size);

			ret =
			    text
				? cd_profile_set(ctx, params, kw, text, ORIGIN)
				: cd_error(ctx, CD_E_NOMEM, _("out of memory"));
			free(text);
		}
		gnutls_free(uri.data);
	}
	return ret;
}

/* The TLS features (tls_feature: OCSP must-staple is 5). */
static int features_of(struct cd_ctx *ctx, gnutls_x509_crt_t crt,
		       struct cd_cert_params *params)
{
	gnutls_x509_tlsfeatures_t f = NULL;
	unsigned i, feature, critical;
	char num[16];
	int ret = gnutls_x509_tlsfeatures_init(&f);

	if (ret < 0)
		return cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	if (gnutls_x509_crt_get_tlsfeatures(crt, f, 0, &critical) < 0) {
		gnutls_x509_tlsfeatures_deinit(f);
		return 0; /* none */
	}
	ret = 0;
	for (i = 0;
	     ret == 0 && gnutls_x509_tlsfeatures_get(f, i, &feature) == 0;
	     i++) {
		snprintf(num, sizeof(num), "%u", feature);
		ret = cd_profile_set(ctx, params, "tls_feature", num, ORIGIN);
	}
	gnutls_x509_tlsfeatures_deinit(f);
	return ret;
}

/* Whether every certificate policy of CRT fits the template: at most
 * CD_PROFILE_MAX_POLICIES, each with at most one notice text and one
 * URI. */
static int policies_fit(gnutls_x509_crt_t crt)
{
	gnutls_x509_policy_st pol;
	unsigned i, k, critical;
	int fit = 1;

	for (i = 0; fit; i++) {
		unsigned txt = 0, url = 0;

		if (gnutls_x509_crt_get_policy(crt, i, &pol, &critical) < 0)
			break;
		for (k = 0; k < pol.qualifiers; k++) {
			txt += pol.qualifier[k].type ==
			       GNUTLS_X509_QUALIFIER_NOTICE;
			url +=
			    pol.qualifier[k].type == GNUTLS_X509_QUALIFIER_URI;
		}
		fit = i < CD_PROFILE_MAX_POLICIES && txt <= 1 && url <= 1 &&
		      txt + url == pol.qualifiers;
		gnutls_x509_policy_release(&pol);
	}
	return fit;
}

/* The certificate policies as policyN, policyN_txt and policyN_url; 1
 * (nothing set) when they do not fit: the extension is then copied
 * whole. */
static int policies_of(struct cd_ctx *ctx, gnutls_x509_crt_t crt,
		       struct cd_cert_params *params)
{
	gnutls_x509_policy_st pol;
	unsigned i, k, critical;
	char kw[32];
	int ret = 0;

	if (!policies_fit(crt))
		return 1;
	for (i = 0; ret == 0; i++) {
		if (gnutls_x509_crt_get_policy(crt, i, &pol, &critical) < 0)
			break;
		snprintf(kw, sizeof(kw), "policy%u", i + 1);
		ret = cd_profile_set(ctx, params, kw, pol.oid, ORIGIN);
		for (k = 0; ret == 0 && k < pol.qualifiers; k++) {
			snprintf(kw, sizeof(kw),
				 pol.qualifier[k].type ==
					 GNUTLS_X509_QUALIFIER_NOTICE
				     ? "policy%u_txt"
				     : "policy%u_url",
				 i + 1);
			ret = cd_profile_set(ctx, params, kw,
					     pol.qualifier[k].data, ORIGIN);
		}
		gnutls_x509_policy_release(&pol);
	}
	return ret;
}

#define OID_INHIBIT_ANYPOLICY "2.5.29.54"

/* inhibit_anypolicy_skip_certs; 1 (nothing set) when it cannot be read:
 * the extension is then copied whole. Its value is a DER INTEGER read
 * here: GnuTLS 3.7's gnutls_x509_crt_get_inhibit_anypolicy() fails on
 * the extension it writes itself. */
static int inhibit_of(struct cd_ctx *ctx, gnutls_x509_crt_t crt,
		      struct cd_cert_params *params)
{
	gnutls_datum_t der = {NULL, 0};
	unsigned critical, k;
	unsigned long skip = 0;
	char num[32];
	int fit;

	if (gnutls_x509_crt_get_extension_by_oid2(crt, OID_INHIBIT_ANYPOLICY, 0,
						  &der, &critical) < 0)
		return 0; /* none */
	fit = der.size >= 3 && der.size <= 6 && der.data[0] == 0x02 &&
	      der.data[1] == der.size - 2 && !(der.data[2] & 0x80);
	for (k = 2; fit && k < der.size; k++)
		skip = skip << 8 | der.data[k];
	gnutls_free(der.data);
	if (!fit)
		return 1;
	snprintf(num, sizeof(num), "%lu", skip);
	return cd_profile_set(ctx, params, "inhibit_anypolicy_skip_certs", num,
			      ORIGIN);
}

/* An IP name constraint (address, then mask) as CIDR text; -1 when the
 * mask is not a prefix. */
static int cidr_of(const gnutls_datum_t *name, char *out, size_t size)
{
	unsigned half = name->size / 2, bits = 0, k;
	char ip[INET6_ADDRSTRLEN];

	if (half != 4 && half != 16)
		return -1;
	for (k = 0; k < half * 8; k++) {
		unsigned set = (name->data[half + k / 8] >> (7 - k % 8)) & 1;

		if (set && bits != k)
			return -1; /* a one after a zero */
		bits += set;
	}
	if (inet_ntop(half == 4 ? AF_INET : AF_INET6, name->data, ip,
		      sizeof(ip)) == NULL)
		return -1;
	snprintf(out, size, "%s/%u", ip, bits);
	return 0;
}

/* Name constraint I (PERMITTED or excluded) of NC as a keyword and its
 * value; 1 when there is no such constraint, -1 when the template has
 * no keyword for its kind (a directory name, say). */
static int constraint_keyword(gnutls_x509_name_constraints_t nc,
			      unsigned permitted, unsigned i, char kw[32],
			      char text[128])
{
	gnutls_datum_t name;
	unsigned type;
	const char *how = permitted ? "permit" : "exclude";
	int r = permitted
		    ? gnutls_x509_name_constraints_get_permitted(nc, i, &type,
								 &name)
		    : gnutls_x509_name_constraints_get_excluded(nc, i, &type,
								&name);

	if (r < 0)
		return 1;
	if (type == GNUTLS_SAN_IPADDRESS)
		return cidr_of(&name, text, 128) < 0
			   ? -1
			   : (snprintf(kw, 32, "nc_%s_ip", how), 0);
	if ((type != GNUTLS_SAN_DNSNAME && type != GNUTLS_SAN_RFC822NAME) ||
	    name.size >= 128 || memchr(name.data, 0, name.size))
		return -1;
	memcpy(text, name.data, name.size);
	text[name.size] = '\0';
	snprintf(kw, 32, "nc_%s_%s", how,
		 type == GNUTLS_SAN_DNSNAME ? "dns" : "email");
	return 0;
}

/* The name constraints as nc_permit_* and nc_exclude_*; 1 when one has
 * no keyword (all_or_whole copies the extension whole then). */
static int constraints_in(struct cd_ctx *ctx, gnutls_x509_crt_t crt,
			  struct cd_cert_params *params)
{
	gnutls_x509_name_constraints_t nc = NULL;
	unsigned critical, i, permitted;
	char text[128], kw[32];
	int ret = gnutls_x509_name_constraints_init(&nc);

	if (ret < 0)
		return cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	if (gnutls_x509_crt_get_name_constraints(crt, nc, 0, &critical) < 0) {
		gnutls_x509_name_constraints_deinit(nc);
		return 0; /* none */
	}
	ret = 0;
	for (permitted = 0; permitted < 2 && ret == 0; permitted++)
		for (i = 0; ret == 0; i++) {
			int r = constraint_keyword(nc, !permitted, i, kw, text);

			if (r > 0)
				break;
			ret = r < 0 ? 1
				    : cd_profile_set(ctx, params, kw, text,
						     ORIGIN);
		}
	gnutls_x509_name_constraints_deinit(nc);
	return ret;
}

/* The extensions the template's keywords give, or that are made anew
 * (the key identifiers). */
static const char *const known_extensions[] = {
    GNUTLS_X509EXT_OID_SAN,
    GNUTLS_X509EXT_OID_BASIC_CONSTRAINTS,
    GNUTLS_X509EXT_OID_KEY_USAGE,
    GNUTLS_X509EXT_OID_EXTENDED_KEY_USAGE,
    GNUTLS_X509EXT_OID_SUBJECT_KEY_ID,
    GNUTLS_X509EXT_OID_AUTHORITY_KEY_ID,
    GNUTLS_X509EXT_OID_CRL_DIST_POINTS,
    GNUTLS_X509EXT_OID_AUTHORITY_INFO_ACCESS,
    GNUTLS_X509EXT_OID_TLSFEATURES,
};

/* Is extension OID given by keywords, or made anew (when it fits them:
 * see whole_or_keywords)? */
static int expressed(const char *oid)
{
	static const char *const by_keyword[] = {
	    GNUTLS_X509EXT_OID_NAME_CONSTRAINTS,
	    GNUTLS_X509EXT_OID_CRT_POLICY,
	    OID_INHIBIT_ANYPOLICY,
	};
	size_t k;

	for (k = 0; k < N_OF(known_extensions); k++)
		if (strcmp(known_extensions[k], oid) == 0)
			return 1;
	for (k = 0; k < N_OF(by_keyword); k++)
		if (strcmp(by_keyword[k], oid) == 0)
			return 1;
	return 0;
}

/* An extension copied whole, as add_extension holds it: "OID 0xHEX" of
 * the LEN bytes of OID and DER (free it); NULL when out of memory. */
static char *whole_entry(const char *oid, size_t len, const gnutls_datum_t *der)
{
	gnutls_datum_t hex = {NULL, 0};
	char *entry = NULL;

	if (gnutls_hex_encode2(der, &hex) == 0 &&
	    (entry = malloc(len + hex.size + 4)) != NULL)
		sprintf(entry, "%.*s 0x%s", (int)len, oid,
			(const char *)hex.data);
	gnutls_free(hex.data);
	return entry;
}

/* The length of ENTRY's OID when it is such a copy, else 0. */
static size_t whole_oid_len(const char *entry)
{
	const char *sp = strchr(entry, ' ');

	return sp && strncmp(sp, " 0x", 3) == 0 ? (size_t)(sp - entry) : 0;
}

/* The DER of such a copy, whose OID is LEN bytes long (gnutls_free). */
static int whole_der(const char *entry, size_t len, gnutls_datum_t *der)
{
	gnutls_datum_t hex = {(unsigned char *)(uintptr_t)(entry + len + 3),
			      (unsigned)strlen(entry + len + 3)};

	return gnutls_hex_decode2(&hex, der);
}

/* Every other extension of CRT, and those of WHOLE (N_WHOLE) that the
 * keywords could not express, copied as they are: add_extension or
 * add_critical_extension "OID 0xHEX". */
static int extensions_of(struct cd_ctx *ctx, gnutls_x509_crt_t crt,
			 const char *const *whole, size_t n_whole,
			 struct cd_cert_params *params)
{
	char oid[128];
	unsigned i, critical;
	size_t k;
	int ret = 0;

	for (i = 0; ret == 0; i++) {
		size_t size = sizeof(oid);
		gnutls_datum_t der = {NULL, 0};
		char *pair;

		if (gnutls_x509_crt_get_extension_info(crt, i, oid, &size,
						       &critical) < 0)
			break;
		for (k = 0; k < n_whole && strcmp(whole[k], oid) != 0; k++)
			;
		if (k == n_whole && expressed(oid))
			continue;
		if (gnutls_x509_crt_get_extension_data2(crt, i, &der) < 0)
			continue;
		pair = whole_entry(oid, strlen(oid), &der);
		ret = pair ? cd_profile_set(ctx, params,
					    critical ? "add_critical_extension"
						     : "add_extension",
					    pair, ORIGIN)
			   : cd_error(ctx, CD_E_NOMEM, _("out of memory"));
		free(pair);
		gnutls_free(der.data);
	}
	return ret;
}

long cd_renew_days_of(gnutls_x509_crt_t crt)
{
	time_t from = gnutls_x509_crt_get_activation_time(crt);
	time_t to = gnutls_x509_crt_get_expiration_time(crt);
	long days = (long)((to - from + 43200) / 86400);

	return days > 0 ? days : 1;
}

/* Alternative names, policies and name constraints by keyword where
 * they fit, else copied whole, and every extension the template has no
 * keyword for. */
static int whole_or_keywords(struct cd_ctx *ctx, gnutls_x509_crt_t crt,
			     struct cd_cert_params *params)
{
	const char *whole[4];
	size_t n = 0;
	int ret = all_or_whole(ctx, crt, params, alt_names_in);

	if (ret == 1) {
		whole[n++] = GNUTLS_X509EXT_OID_SAN;
		ret = 0;
	}
	if (ret == 0)
		ret = all_or_whole(ctx, crt, params, policies_of);
	if (ret == 1) {
		whole[n++] = GNUTLS_X509EXT_OID_CRT_POLICY;
		ret = 0;
	}
	if (ret == 0)
		ret = inhibit_of(ctx, crt, params);
	if (ret == 1) {
		whole[n++] = OID_INHIBIT_ANYPOLICY;
		ret = 0;
	}
	if (ret == 0)
		ret = all_or_whole(ctx, crt, params, constraints_in);
	if (ret == 1) {
		whole[n++] = GNUTLS_X509EXT_OID_NAME_CONSTRAINTS;
		ret = 0;
	}
	return ret < 0 ? ret : extensions_of(ctx, crt, whole, n, params);
}

int cd_renew_params_of(struct cd_ctx *ctx, gnutls_x509_crt_t given,
		       struct cd_cert_params *params)
{
	gnutls_x509_crt_t crt;
	char days[32];
	/* As read from its DER: GnuTLS answers some queries (the alternative
	 * names) from what it parsed on import, not from a certificate built
	 * in memory. */
	int ret = cd_crt_copy(ctx, given, &crt);

	if (ret == 0)
		ret = subject_of(ctx, crt, params);
	if (ret == 0)
		ret = constraints_and_usage_of(ctx, crt, params);
	if (ret == 0)
		ret = purposes_of(ctx, crt, params);
	if (ret == 0)
		ret = uris_of(ctx, crt, params);
	if (ret == 0)
		ret = features_of(ctx, crt, params);
	if (ret == 0)
		ret = whole_or_keywords(ctx, crt, params);
	snprintf(days, sizeof(days), "%ld", cd_renew_days_of(given));
	if (ret == 0)
		ret = cd_profile_set(ctx, params, "expiration_days", days,
				     ORIGIN);
	if (crt)
		gnutls_x509_crt_deinit(crt);
	return ret;
}

int cd_renew_key_params_of(struct cd_ctx *ctx, gnutls_x509_crt_t crt,
			   struct cd_key_params *key)
{
	unsigned bits = 0;
	int pk = gnutls_x509_crt_get_pk_algorithm(crt, &bits);

	cd_key_params_init(key);
	if (pk < 0)
		return cd_gnutls_error(ctx, pk, _("the certificate's key"));
	key->pk = (gnutls_pk_algorithm_t)pk;
	if (pk == GNUTLS_PK_RSA || pk == GNUTLS_PK_RSA_PSS) {
		key->pk = GNUTLS_PK_RSA;
		key->bits = bits;
	} else if (pk == GNUTLS_PK_ECDSA) {
		gnutls_datum_t x = {NULL, 0}, y = {NULL, 0};
		int r =
		    gnutls_x509_crt_get_pk_ecc_raw(crt, &key->curve, &x, &y);

		gnutls_free(x.data);
		gnutls_free(y.data);
		if (r < 0)
			return cd_gnutls_error(ctx, r,
					       _("the certificate's curve"));
	}
	return cd_key_params_check(ctx, key);
}

/* Copy the values of KW from OVER into BASE (which has none of it). */
static int merge_keyword(struct cd_ctx *ctx, struct cd_cert_params *base,
			 const struct cd_cert_params *over,
			 const struct cd_keyword *kw)
{
	const char *field = (const char *)over + kw->offset;
	const struct cd_strlist *list = (const struct cd_strlist *)field;
	const struct cd_num *num = (const struct cd_num *)field;
	char text[32];
	size_t i;
	int ret = 0;

	switch (kw->type) {
	case CD_KW_TEXT:
		return cd_profile_set(ctx, base, kw->name,
				      *(char *const *)field, ORIGIN);
	case CD_KW_LIST:
		for (i = 0; i < list->n && ret == 0; i++)
			ret = cd_profile_set(ctx, base, kw->name, list->v[i],
					     ORIGIN);
		return ret;
	case CD_KW_BOOL:
		return cd_profile_set(ctx, base, kw->name, NULL, ORIGIN);
	case CD_KW_NUM:
		snprintf(text, sizeof(text), "%ld", num->v);
		return cd_profile_set(ctx, base, kw->name, text, ORIGIN);
	}
	return 0;
}

static int keyword_is_set(const struct cd_cert_params *p,
			  const struct cd_keyword *kw)
{
	const char *field = (const char *)p + kw->offset;

	switch (kw->type) {
	case CD_KW_TEXT:
		return *(char *const *)field != NULL;
	case CD_KW_LIST:
		return ((const struct cd_strlist *)field)->n != 0;
	case CD_KW_BOOL:
		return *(const int *)field != 0;
	case CD_KW_NUM:
		return ((const struct cd_num *)field)->set;
	}
	return 0;
}

#define OID_KRB5 "1.3.6.1.5.2.2"
#define OID_XMPP "1.3.6.1.5.5.7.8.5"

/* What a template keyword writes into an extension the old certificate
 * may have had copied whole (whole_or_keywords): the extension, and for
 * the alternative names and the name constraints, the kind of name (the
 * other name's OID; "" for any other than KRB5 and XMPP) and, for the
 * constraints, whether excluded. */
static const struct family {
	/* a prefix when it ends with '*'; "policy#": policyN, its digits */
	const char *keyword;
	const char *oid;
	unsigned type;
	const char *other; /* GNUTLS_SAN_OTHERNAME: its OID */
	int excluded;
} families[] = {
    {"policy#", GNUTLS_X509EXT_OID_CRT_POLICY, 0, NULL, 0},
    {"inhibit_anypolicy_skip_certs", OID_INHIBIT_ANYPOLICY, 0, NULL, 0},
    {"dns_name", GNUTLS_X509EXT_OID_SAN, GNUTLS_SAN_DNSNAME, NULL, 0},
    {"ip_address", GNUTLS_X509EXT_OID_SAN, GNUTLS_SAN_IPADDRESS, NULL, 0},
    {"email", GNUTLS_X509EXT_OID_SAN, GNUTLS_SAN_RFC822NAME, NULL, 0},
    {"uri", GNUTLS_X509EXT_OID_SAN, GNUTLS_SAN_URI, NULL, 0},
    {"other_name*", GNUTLS_X509EXT_OID_SAN, GNUTLS_SAN_OTHERNAME, "", 0},
    {"krb5_principal", GNUTLS_X509EXT_OID_SAN, GNUTLS_SAN_OTHERNAME, OID_KRB5,
     0},
    {"xmpp_name", GNUTLS_X509EXT_OID_SAN, GNUTLS_SAN_OTHERNAME, OID_XMPP, 0},
    {"nc_permit_dns", GNUTLS_X509EXT_OID_NAME_CONSTRAINTS, GNUTLS_SAN_DNSNAME,
     NULL, 0},
    {"nc_exclude_dns", GNUTLS_X509EXT_OID_NAME_CONSTRAINTS, GNUTLS_SAN_DNSNAME,
     NULL, 1},
    {"nc_permit_email", GNUTLS_X509EXT_OID_NAME_CONSTRAINTS,
     GNUTLS_SAN_RFC822NAME, NULL, 0},
    {"nc_exclude_email", GNUTLS_X509EXT_OID_NAME_CONSTRAINTS,
     GNUTLS_SAN_RFC822NAME, NULL, 1},
    {"nc_permit_ip", GNUTLS_X509EXT_OID_NAME_CONSTRAINTS, GNUTLS_SAN_IPADDRESS,
     NULL, 0},
    {"nc_exclude_ip", GNUTLS_X509EXT_OID_NAME_CONSTRAINTS, GNUTLS_SAN_IPADDRESS,
     NULL, 1},
};

static int family_matches(const struct family *f, const char *keyword)
{
	size_t n = strlen(f->keyword);

	if (f->keyword[n - 1] == '*')
		return strncmp(keyword, f->keyword, n - 1) == 0;
	if (f->keyword[n - 1] == '#')
		return strncmp(keyword, f->keyword, n - 1) == 0 &&
		       keyword[n - 1] != '\0' &&
		       strspn(keyword + n - 1, "0123456789") ==
			   strlen(keyword + n - 1);
	return strcmp(keyword, f->keyword) == 0;
}

/* The kinds of names OVER gives: REPLACED[i] for families[i]. */
static void replaced_kinds(const struct cd_cert_params *over,
			   int replaced[N_OF(families)])
{
	const struct cd_keyword *kw;
	size_t i;

	memset(replaced, 0, N_OF(families) * sizeof(*replaced));
	for (kw = cd_profile_keywords; kw->name; kw++)
		for (i = 0; i < N_OF(families); i++)
			if (keyword_is_set(over, kw) &&
			    family_matches(&families[i], kw->name))
				replaced[i] = 1;
}

/* Is a name of TYPE (OTHER: an other name's OID) in extension OID
 * (EXCLUDED: an excluded constraint) one the template replaces? */
static int name_replaced(const int *replaced, const char *oid, unsigned type,
			 const char *other, int excluded)
{
	size_t i;

	for (i = 0; i < N_OF(families); i++) {
		const struct family *f = &families[i];

		if (!replaced[i] || strcmp(f->oid, oid) != 0 ||
		    f->type != type || f->excluded != excluded)
			continue;
		if (type != GNUTLS_SAN_OTHERNAME ||
		    strcmp(f->other, other) == 0)
			return 1;
		if (f->other[0] == '\0' && strcmp(other, OID_KRB5) != 0 &&
		    strcmp(other, OID_XMPP) != 0)
			return 1;
	}
	return 0;
}

/* What edit_one hands cd_der_names_filter: whose names go. */
struct replacing {
	const int *replaced;
	const char *oid;
};

static int name_goes(void *arg, unsigned type, const char *other, int excluded)
{
	const struct replacing *r = arg;

	return name_replaced(r->replaced, r->oid, type, other, excluded);
}

/* Are the LEN bytes of ENTRY the OID? */
static int same_oid(const char *entry, size_t len, const char *oid)
{
	return strlen(oid) == len && strncmp(entry, oid, len) == 0;
}

/* Is ENTRY ("OID 0xHEX") a whole copy of an extension REPLACED touches? */
static int touched(const char *entry, const int *replaced)
{
	size_t k, len = whole_oid_len(entry);

	for (k = 0; len && k < N_OF(families); k++)
		if (replaced[k] && same_oid(entry, len, families[k].oid))
			return 1;
	return 0;
}

/* ENTRY, a whole copy, without what the template replaces: *EDITED the
 * new entry, or NULL when nothing of it is left. */
static int edit_one(const char *entry, const int *replaced, char **edited)
{
	size_t len = whole_oid_len(entry);
	gnutls_datum_t der = {NULL, 0}, out = {NULL, 0};
	int ret = whole_der(entry, len, &der);
	struct replacing r = {replaced, GNUTLS_X509EXT_OID_SAN};

	*edited = NULL;
	if (ret == 0 && same_oid(entry, len, GNUTLS_X509EXT_OID_SAN))
		ret = cd_der_names_filter(&der, 0, name_goes, &r, &out);
	r.oid = GNUTLS_X509EXT_OID_NAME_CONSTRAINTS;
	if (ret == 0 &&
	    same_oid(entry, len, GNUTLS_X509EXT_OID_NAME_CONSTRAINTS))
		ret = cd_der_names_filter(&der, 1, name_goes, &r, &out);
	/* the policies, inhibit anyPolicy: all of it goes */
	if (ret == 0 && out.size > 0 &&
	    (*edited = whole_entry(entry, len, &out)) == NULL)
		ret = GNUTLS_E_MEMORY_ERROR;
	gnutls_free(der.data);
	gnutls_free(out.data);
	return ret;
}

/* Edit LIST's whole copies for what REPLACED says the template gives:
 * the policies and inhibit anyPolicy go; of alternative names and name
 * constraints, only the kinds the template gives go, the others staying,
 * as they would were they keywords. */
static int edit_whole(struct cd_ctx *ctx, struct cd_strlist *list,
		      const int *replaced)
{
	size_t i, n = 0;
	int ret = 0;

	for (i = 0; i < list->n; i++) {
		char *edited = NULL;

		if (ret == 0 && touched(list->v[i], replaced)) {
			ret = edit_one(list->v[i], replaced, &edited);
			if (ret == 0) {
				free(list->v[i]);
				list->v[i] = edited;
			}
		}
		if (list->v[i])
			list->v[n++] = list->v[i];
	}
	list->n = n;
	return ret < 0 ? cd_gnutls_error(ctx, ret,
					 _("the old certificate's extensions"))
		       : 0;
}

/* Where OVER gives what the old certificate had, the old goes, as a
 * keyword's values replace the old ones: in its whole copies
 * (edit_whole), and for the policies every policyN keyword, so that the
 * template's policies replace the old ones instead of joining them (a
 * policy1 alone would keep the old policy2). */
static int clear_replaced(struct cd_ctx *ctx, struct cd_cert_params *base,
			  const struct cd_cert_params *over)
{
	int replaced[N_OF(families)];
	const struct cd_keyword *kw;
	int ret;

	replaced_kinds(over, replaced);
	if (replaced[0]) /* a policyN: every policy keyword goes */
		for (kw = cd_profile_keywords; kw->name; kw++)
			if (strncmp(kw->name, "policy", 6) == 0)
				cd_profile_clear(base, kw);
	ret = edit_whole(ctx, &base->add_extension, replaced);
	return ret < 0
		   ? ret
		   : edit_whole(ctx, &base->add_critical_extension, replaced);
}

/* Remove LIST's entry AT. */
static void drop_entry(struct cd_strlist *list, size_t at)
{
	free(list->v[at]);
	memmove(list->v + at, list->v + at + 1,
		(list->n - at - 1) * sizeof(*list->v));
	list->n--;
}

/* The whole copy of the name constraints in LIST: its index, or -1. */
static long constraints_copy(const struct cd_strlist *list)
{
	size_t i;

	for (i = 0; i < list->n; i++)
		if (same_oid(list->v[i], whole_oid_len(list->v[i]),
			     GNUTLS_X509EXT_OID_NAME_CONSTRAINTS))
			return (long)i;
	return -1;
}

int cd_renew_params_join_constraints(struct cd_ctx *ctx,
				     struct cd_cert_params *params)
{
	struct cd_strlist *list = &params->add_critical_extension;
	gnutls_datum_t kw = {NULL, 0}, whole = {NULL, 0}, joined = {NULL, 0};
	const struct cd_keyword *k;
	long at = constraints_copy(list);
	char *entry = NULL;
	int ret;

	if (!params->ca)
		return 0; /* issue writes the keywords' for a CA only */
	if (at < 0) {
		list = &params->add_extension;
		at = constraints_copy(list);
	}
	if (at < 0)
		return 0;
	ret = cd_issue_name_constraints(ctx, params, &kw);
	if (ret < 0 || kw.size == 0)
		return ret;
	ret = whole_der(list->v[at],
			strlen(GNUTLS_X509EXT_OID_NAME_CONSTRAINTS), &whole);
	if (ret == 0)
		ret = cd_der_constraints_join(&whole, &kw, &joined);
	if (ret == 0 &&
	    (entry = whole_entry(GNUTLS_X509EXT_OID_NAME_CONSTRAINTS,
				 strlen(GNUTLS_X509EXT_OID_NAME_CONSTRAINTS),
				 &joined)) == NULL)
		ret = GNUTLS_E_MEMORY_ERROR;
	if (ret < 0)
		ret = cd_gnutls_error(ctx, ret, _("name constraints"));
	else {
		/* critical, as the keywords' are (RFC 5280 4.2.1.10) */
		drop_entry(list, (size_t)at);
		ret = cd_profile_set(ctx, params, "add_critical_extension",
				     entry, ORIGIN);
		for (k = cd_profile_keywords; ret == 0 && k->name; k++)
			if (strncmp(k->name, "nc_", 3) == 0)
				cd_profile_clear(params, k);
	}
	free(entry);
	gnutls_free(kw.data);
	gnutls_free(whole.data);
	gnutls_free(joined.data);
	return ret;
}

int cd_renew_params_merge(struct cd_ctx *ctx, struct cd_cert_params *base,
			  const struct cd_cert_params *over)
{
	const struct cd_keyword *kw;
	int ret = 0;

	ret = clear_replaced(ctx, base, over);
	for (kw = cd_profile_keywords; kw->name && ret == 0; kw++) {
		if (!keyword_is_set(over, kw))
			continue;
		cd_profile_clear(base, kw);
		ret = merge_keyword(ctx, base, over, kw);
	}
	return ret;
}
