/* certdeck: the certtool template model: keyword table, setter, parser. */
#include <config.h>

#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "error.h"
#include "file.h"
#include "i18n.h"
#include "profile-check.h"
#include "profile.h"

#define F(field) offsetof(struct cd_cert_params, field)
#define TEXT(n, f, c, h)                                                       \
	{                                                                      \
		n, CD_KW_TEXT, F(f), c, h                                      \
	}
#define LIST(n, f, c, h)                                                       \
	{                                                                      \
		n, CD_KW_LIST, F(f), c, h                                      \
	}
#define BOOL(n, f, h)                                                          \
	{                                                                      \
		n, CD_KW_BOOL, F(f), NULL, h                                   \
	}
#define NUM(n, f, c, h)                                                        \
	{                                                                      \
		n, CD_KW_NUM, F(f), c, h                                       \
	}
#define POLICY(i)                                                              \
	TEXT("policy" #i, policy_oid[i - 1], cd_check_oid,                     \
	     N_("certificate policy OID")),                                    \
	    TEXT("policy" #i "_txt", policy_txt[i - 1], cd_check_nonempty,     \
		 N_("user notice of the policy")),                             \
	    TEXT("policy" #i "_url", policy_url[i - 1], cd_check_uri,          \
		 N_("CPS URI of the policy"))

/* In certtool's template order, which the writer follows. */
const struct cd_keyword cd_profile_keywords[] = {
    TEXT("dn", dn, cd_check_dn,
	 N_("the whole subject DN, RFC 4514 (cn=Nik,O=Org,C=GR)")),
    TEXT("cn", cn, cd_check_nonempty, N_("common name")),
    TEXT("uid", uid, cd_check_nonempty, N_("user id (LDAP UID)")),
    LIST("unit", unit, cd_check_nonempty,
	 N_("organizational unit (repeatable)")),
    LIST("organization", organization, cd_check_nonempty,
	 N_("organization (repeatable)")),
    TEXT("locality", locality, cd_check_nonempty, N_("locality (city)")),
    TEXT("state", state, cd_check_nonempty, N_("state or province")),
    TEXT("country", country, cd_check_country, N_("two-letter country code")),
    LIST("dc", dc, cd_check_nonempty, N_("domain component (repeatable)")),
    LIST("dn_oid", dn_oid, cd_check_oid_text,
	 N_("any DN part: \"OID value\" (repeatable)")),
    TEXT("pkcs9_email", pkcs9_email, cd_check_email,
	 N_("e-mail address in the DN (deprecated)")),
    TEXT("serial", serial, cd_check_serial,
	 N_("serial number: decimal or 0x hexadecimal, at most 20 octets")),
    NUM("expiration_days", expiration_days, cd_check_days,
	N_("days of validity from now (-1: no expiration)")),
    TEXT("activation_date", activation_date, cd_check_date,
	 N_("start of validity, \"YYYY-MM-DD HH:MM:SS\" UTC")),
    TEXT("expiration_date", expiration_date, cd_check_date,
	 N_("end of validity, \"YYYY-MM-DD HH:MM:SS\" UTC")),
    LIST("dns_name", dns_name, cd_check_dns,
	 N_("DNS name alternative name (repeatable)")),
    LIST("ip_address", ip_address, cd_check_ip,
	 N_("IP address alternative name (repeatable)")),
    LIST("email", email, cd_check_email,
	 N_("e-mail alternative name (repeatable)")),
    LIST("uri", uri, cd_check_uri, N_("URI alternative name (repeatable)")),
    LIST("other_name", other_name, cd_check_oid_hex,
	 N_("other name: \"OID DER-hex\" (repeatable)")),
    LIST("other_name_utf8", other_name_utf8, cd_check_oid_text,
	 N_("other name as UTF8String: \"OID text\" (repeatable)")),
    LIST("other_name_octet", other_name_octet, cd_check_oid_text,
	 N_("other name as OCTET STRING: \"OID text\" (repeatable)")),
    LIST("krb5_principal", krb5_principal, cd_check_nonempty,
	 N_("Kerberos principal name (repeatable)")),
    LIST("xmpp_name", xmpp_name, cd_check_nonempty,
	 N_("XMPP address (repeatable)")),
    BOOL("ca", ca, N_("the certificate is a CA")),
    NUM("path_len", path_len, cd_check_path_len,
	N_("path length constraint of a CA (-1: none)")),
    BOOL("tls_www_client", tls_www_client, N_("TLS web client purpose")),
    BOOL("tls_www_server", tls_www_server, N_("TLS web server purpose")),
    BOOL("signing_key", signing_key, N_("digital signature key usage")),
    BOOL("encryption_key", encryption_key, N_("key encipherment key usage")),
    BOOL("cert_signing_key", cert_signing_key, N_("signs certificates (CAs)")),
    BOOL("crl_signing_key", crl_signing_key, N_("signs CRLs (CAs)")),
    BOOL("code_signing_key", code_signing_key, N_("code signing purpose")),
    BOOL("ocsp_signing_key", ocsp_signing_key, N_("OCSP signing purpose")),
    BOOL("time_stamping_key", time_stamping_key, N_("time stamping purpose")),
    BOOL("email_protection_key", email_protection_key,
	 N_("e-mail protection purpose")),
    BOOL("ipsec_ike_key", ipsec_ike_key, N_("IPsec IKE purpose")),
    BOOL("key_agreement", key_agreement, N_("key agreement key usage")),
    BOOL("data_encipherment", data_encipherment,
	 N_("data encipherment key usage")),
    BOOL("non_repudiation", non_repudiation, N_("non-repudiation key usage")),
    LIST("key_purpose_oid", key_purpose_oid, cd_check_oid,
	 N_("any key purpose OID (repeatable)")),
    LIST("nc_permit_dns", nc_permit_dns, cd_check_nc_dns,
	 N_("name constraint: permitted DNS domain (repeatable)")),
    LIST("nc_exclude_dns", nc_exclude_dns, cd_check_nc_dns,
	 N_("name constraint: excluded DNS domain (repeatable)")),
    LIST("nc_permit_email", nc_permit_email, cd_check_nc_email,
	 N_("name constraint: permitted e-mail (repeatable)")),
    LIST("nc_exclude_email", nc_exclude_email, cd_check_nc_email,
	 N_("name constraint: excluded e-mail (repeatable)")),
    LIST("nc_permit_ip", nc_permit_ip, cd_check_cidr,
	 N_("name constraint: permitted IP range (repeatable)")),
    LIST("nc_exclude_ip", nc_exclude_ip, cd_check_cidr,
	 N_("name constraint: excluded IP range (repeatable)")),
    POLICY(1),
    POLICY(2),
    POLICY(3),
    POLICY(4),
    POLICY(5),
    POLICY(6),
    POLICY(7),
    POLICY(8),
    NUM("inhibit_anypolicy_skip_certs", inhibit_anypolicy_skip_certs,
	cd_check_count, N_("inhibit anyPolicy after this many CAs")),
    LIST("crl_dist_points", crl_dist_points, cd_check_uri,
	 N_("CRL distribution point URI (repeatable)")),
    LIST("ocsp_uri", ocsp_uri, cd_check_uri,
	 N_("OCSP responder URI (repeatable)")),
    LIST("ca_issuers_uri", ca_issuers_uri, cd_check_uri,
	 N_("CA issuers URI (repeatable)")),
    LIST("tls_feature", tls_feature, cd_check_tls_feature,
	 N_("TLS feature number, 5 for OCSP must-staple (repeatable)")),
    LIST("add_extension", add_extension, cd_check_extension,
	 N_("extension: \"OID hex\" or \"OID octet_string(hex)\"")),
    LIST("add_critical_extension", add_critical_extension, cd_check_extension,
	 N_("critical extension, as add_extension")),
    TEXT("subject_unique_id", subject_unique_id, cd_check_hex,
	 N_("subject unique ID, hexadecimal")),
    TEXT("issuer_unique_id", issuer_unique_id, cd_check_hex,
	 N_("issuer unique ID, hexadecimal")),
    TEXT("proxy_policy_language", proxy_policy_language, cd_check_oid,
	 N_("proxy policy language OID")),
    TEXT("challenge_password", challenge_password, cd_check_nonempty,
	 N_("challenge password of a request")),
    BOOL("honor_crq_extensions", honor_crq_extensions,
	 N_("copy every extension of the request")),
    LIST("honor_crq_ext", honor_crq_ext, cd_check_oid,
	 N_("copy this extension (OID) of the request (repeatable)")),
    NUM("crl_next_update", crl_next_update, cd_check_days,
	N_("days until the next CRL")),
    TEXT("crl_number", crl_number, cd_check_serial, N_("CRL number")),
    TEXT("crl_revocation_date", crl_revocation_date, cd_check_date,
	 N_("revocation date of the certificates in a CRL")),
    TEXT("crl_this_update_date", crl_this_update_date, cd_check_date,
	 N_("this update date of a CRL")),
    TEXT("crl_next_update_date", crl_next_update_date, cd_check_date,
	 N_("next update date of a CRL")),
    TEXT("pkcs12_key_name", pkcs12_key_name, cd_check_nonempty,
	 N_("name of the key in a PKCS #12 file")),
    TEXT("password", password, NULL, N_("password of a PKCS #12 file")),
    {NULL, CD_KW_TEXT, 0, NULL, NULL},
};

/* certtool's short aliases. */
static const struct {
	const char *alias, *name;
} keyword_aliases[] = {
    {"o", "organization"},
    {"ou", "unit"},
};

const struct cd_keyword *cd_profile_keyword(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(keyword_aliases) / sizeof(keyword_aliases[0]);
	     i++)
		if (strcasecmp(name, keyword_aliases[i].alias) == 0)
			name = keyword_aliases[i].name;
	for (i = 0; cd_profile_keywords[i].name != NULL; i++)
		if (strcasecmp(name, cd_profile_keywords[i].name) == 0)
			return &cd_profile_keywords[i];
	return NULL;
}

void cd_profile_init(struct cd_cert_params *params)
{
	memset(params, 0, sizeof(*params));
}

static void *field_of(struct cd_cert_params *params,
		      const struct cd_keyword *kw)
{
	return (char *)params + kw->offset;
}

void cd_profile_clear(struct cd_cert_params *params,
		      const struct cd_keyword *kw)
{
	void *field = field_of(params, kw);
	struct cd_strlist *list = field;
	size_t i;

	switch (kw->type) {
	case CD_KW_TEXT:
		free(*(char **)field);
		*(char **)field = NULL;
		break;
	case CD_KW_LIST:
		for (i = 0; i < list->n; i++)
			free(list->v[i]);
		free(list->v);
		list->v = NULL;
		list->n = 0;
		break;
	case CD_KW_BOOL:
		*(int *)field = 0;
		break;
	case CD_KW_NUM:
		memset(field, 0, sizeof(struct cd_num));
		break;
	}
}

void cd_profile_free(struct cd_cert_params *params)
{
	size_t i;

	if (params->challenge_password)
		gnutls_memset(params->challenge_password, 0,
			      strlen(params->challenge_password));
	if (params->password)
		gnutls_memset(params->password, 0, strlen(params->password));
	for (i = 0; cd_profile_keywords[i].name != NULL; i++)
		cd_profile_clear(params, &cd_profile_keywords[i]);
}

static int list_append(struct cd_strlist *list, const char *value)
{
	char **v = realloc(list->v, (list->n + 1) * sizeof(*v));

	if (v == NULL)
		return CD_E_NOMEM;
	list->v = v;
	v[list->n] = strdup(value);
	if (v[list->n] == NULL)
		return CD_E_NOMEM;
	list->n++;
	return 0;
}

static int store_value(struct cd_ctx *ctx, struct cd_cert_params *params,
		       const struct cd_keyword *kw, const char *value)
{
	void *field = field_of(params, kw);
	char *copy;
	long num;

	switch (kw->type) {
	case CD_KW_BOOL:
		*(int *)field = 1;
		return 0;
	case CD_KW_LIST:
		if (list_append(field, value) < 0)
			return cd_error(ctx, CD_E_NOMEM, _("out of memory"));
		return 0;
	case CD_KW_NUM:
		if (cd_check_long(value, &num) < 0)
			return CD_E_INVALID; /* the checker said why */
		((struct cd_num *)field)->set = 1;
		((struct cd_num *)field)->v = num;
		return 0;
	case CD_KW_TEXT:
		copy = strdup(value);
		if (copy == NULL)
			return cd_error(ctx, CD_E_NOMEM, _("out of memory"));
		free(*(char **)field);
		*(char **)field = copy;
		return 0;
	}
	return CD_E_INVALID;
}

int cd_profile_set(struct cd_ctx *ctx, struct cd_cert_params *params,
		   const char *keyword, const char *value, const char *origin)
{
	const struct cd_keyword *kw = cd_profile_keyword(keyword);
	const char *expected;

	if (kw == NULL)
		return cd_error(ctx, CD_E_NOTFOUND,
				_("%s: unknown keyword '%s'"), origin, keyword);
	if (kw->type == CD_KW_BOOL) {
		if (value != NULL && *value != '\0')
			return cd_error(
			    ctx, CD_E_INVALID,
			    /* L10N: where the value comes from (a template file
			       and line, or a flag), the template keyword
			       (certtool's, keep it), the value given. */
			    _("%s: '%s' takes no value (got '%s')"), origin,
			    kw->name, value);
		return store_value(ctx, params, kw, NULL);
	}
	if (value == NULL)
		value = "";
	expected = kw->check ? kw->check(value) : NULL;
	if (expected != NULL)
		return cd_error(
		    ctx, CD_E_INVALID,
		    /* L10N: where the value comes from (a template file and
		       line, or a flag), the template keyword (certtool's, keep
		       it), the value given, what is expected. */
		    _("%s: invalid %s '%s': expected %s"), origin, kw->name,
		    value, expected);
	return store_value(ctx, params, kw, value);
}
