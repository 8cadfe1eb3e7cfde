/* certdeck: a certificate read back as a certtool template, the starting
 * point of a re-issue (and of the TUI's prefilled form). */
#include <config.h>

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "file.h"
#include "i18n.h"
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

static int alt_names_of(struct cd_ctx *ctx, gnutls_x509_crt_t crt,
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
			continue; /* too long or unknown: skipped */
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
	}
	return ret;
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

long cd_renew_days_of(gnutls_x509_crt_t crt)
{
	time_t from = gnutls_x509_crt_get_activation_time(crt);
	time_t to = gnutls_x509_crt_get_expiration_time(crt);
	long days = (long)((to - from + 43200) / 86400);

	return days > 0 ? days : 1;
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
		ret = alt_names_of(ctx, crt, params);
	if (ret == 0)
		ret = constraints_and_usage_of(ctx, crt, params);
	if (ret == 0)
		ret = purposes_of(ctx, crt, params);
	if (ret == 0)
		ret = uris_of(ctx, crt, params);
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

int cd_renew_params_merge(struct cd_ctx *ctx, struct cd_cert_params *base,
			  const struct cd_cert_params *over)
{
	const struct cd_keyword *kw;
	int ret = 0;

	for (kw = cd_profile_keywords; kw->name && ret == 0; kw++) {
		if (!keyword_is_set(over, kw))
			continue;
		cd_profile_clear(base, kw);
		ret = merge_keyword(ctx, base, over, kw);
	}
	return ret;
}
