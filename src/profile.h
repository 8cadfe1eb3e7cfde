/* certdeck: the certtool template model (a "profile"): every keyword of a
 * certtool 3.7 template, parsed, validated and written back.
 *
 * One table of keyword descriptors (cd_profile_keywords) drives the template
 * parser, the writer and the command-line flags, so that a keyword is
 * validated the same way wherever it comes from. */
#ifndef CD_PROFILE_H
#define CD_PROFILE_H

#include <stddef.h>

#include <gnutls/gnutls.h>

#include "ctx.h"

/* certtool reads at most 8 policies (policy1 ... policy8). */
#define CD_PROFILE_MAX_POLICIES 8

/* A repeatable keyword: every value in the order met. */
struct cd_strlist {
	char **v;
	size_t n;
};

/* A numeric keyword, with whether it was given at all. */
struct cd_num {
	int set;
	long v;
};

struct cd_cert_params {
	/* Subject DN: dn (RFC 4514, set first), then the parts in certtool's
	 * order: cn, uid, unit, organization, locality, state, country, dc,
	 * dn_oid pairs ("OID value"), pkcs9_email. */
	char *dn;
	char *cn;
	char *uid;
	struct cd_strlist unit;
	struct cd_strlist organization;
	char *locality;
	char *state;
	char *country;
	struct cd_strlist dc;
	struct cd_strlist dn_oid; /* "OID value" */
	char *pkcs9_email;

	/* Serial and validity. Texts as written ("7", "0x1234..."). */
	char *serial;
	struct cd_num expiration_days;
	char *activation_date; /* "YYYY-MM-DD[ HH:MM:SS]", UTC */
	char *expiration_date;

	/* Subject alternative names. */
	struct cd_strlist dns_name;
	struct cd_strlist ip_address;
	struct cd_strlist email;
	struct cd_strlist uri;
	struct cd_strlist other_name;	    /* "OID hex-DER" */
	struct cd_strlist other_name_utf8;  /* "OID text" */
	struct cd_strlist other_name_octet; /* "OID text" */
	struct cd_strlist krb5_principal;
	struct cd_strlist xmpp_name;

	/* Basic constraints, usages, purposes. */
	int ca;
	struct cd_num path_len;
	int tls_www_client, tls_www_server;
	int signing_key, encryption_key;
	int cert_signing_key, crl_signing_key;
	int code_signing_key, ocsp_signing_key, time_stamping_key;
	int email_protection_key, ipsec_ike_key;
	int key_agreement, data_encipherment, non_repudiation;
	struct cd_strlist key_purpose_oid;

	/* Name constraints. */
	struct cd_strlist nc_permit_dns, nc_permit_email, nc_permit_ip;
	struct cd_strlist nc_exclude_dns, nc_exclude_email, nc_exclude_ip;

	/* Policies (policyN, policyN_txt, policyN_url). */
	char *policy_oid[CD_PROFILE_MAX_POLICIES];
	char *policy_txt[CD_PROFILE_MAX_POLICIES];
	char *policy_url[CD_PROFILE_MAX_POLICIES];
	struct cd_num inhibit_anypolicy_skip_certs;

	/* Other extensions. */
	struct cd_strlist crl_dist_points;
	struct cd_strlist ocsp_uri;
	struct cd_strlist ca_issuers_uri;
	struct cd_strlist tls_feature;
	struct cd_strlist add_extension; /* "OID hex|octet_string(hex)" */
	struct cd_strlist add_critical_extension; /* same */
	char *subject_unique_id;		  /* hex */
	char *issuer_unique_id;			  /* hex */
	char *proxy_policy_language;

	/* Requests. */
	char *challenge_password;
	int honor_crq_extensions;
	struct cd_strlist honor_crq_ext; /* OIDs */

	/* Kept for the CRL and PKCS #12 work; not used when issuing. */
	struct cd_num crl_next_update;
	char *crl_number;
	char *crl_revocation_date;
	char *crl_this_update_date;
	char *crl_next_update_date;
	char *pkcs12_key_name;
	char *password;
};

enum cd_keyword_type {
	CD_KW_TEXT, /* char *: one value, the first one counts */
	CD_KW_LIST, /* struct cd_strlist: repeatable */
	CD_KW_BOOL, /* int: a bare keyword */
	CD_KW_NUM,  /* struct cd_num */
};

struct cd_keyword {
	const char *name; /* as in a certtool template */
	enum cd_keyword_type type;
	size_t offset; /* of the field in struct cd_cert_params */
	/* Check VALUE; on failure return a short translated description of
	 * what is expected (never NULL when invalid), else NULL. */
	const char *(*check)(const char *value);
	const char *help; /* N_(): one line for --help and writers */
};

/* The keyword table, ending with a NULL name. */
extern const struct cd_keyword cd_profile_keywords[];

/* The descriptor for NAME (case-insensitive, certtool's aliases "o" and
 * "ou" included), or NULL. */
const struct cd_keyword *cd_profile_keyword(const char *name);

void cd_profile_init(struct cd_cert_params *params);
void cd_profile_free(struct cd_cert_params *params);

/* Set KEYWORD to VALUE (NULL for a boolean) after validating it. ORIGIN
 * names the source for messages ("--cn", "ca.cfg:12"). Lists grow; a text
 * already set is replaced. Returns 0, CD_E_INVALID or CD_E_NOTFOUND (no
 * such keyword). */
int cd_profile_set(struct cd_ctx *ctx, struct cd_cert_params *params,
		   const char *keyword, const char *value, const char *origin);

/* Forget the value(s) of KEYWORD (so a flag can override a template). */
void cd_profile_clear(struct cd_cert_params *params,
		      const struct cd_keyword *kw);

/* Parse a certtool template: '#' comments, "key = value", "key value",
 * quoted values, bare booleans, repeated keywords accumulating. Unknown
 * keywords are warned about (FILENAME:LINE); bad values fail with
 * CD_E_INVALID and FILENAME:LINE, the value and what is expected. */
int cd_profile_parse(struct cd_ctx *ctx, const char *text, size_t len,
		     const char *filename, struct cd_cert_params *params);
int cd_profile_load(struct cd_ctx *ctx, const char *path,
		    struct cd_cert_params *params);

/* Write PARAMS as a certtool template into OUT (gnutls_free it). */
int cd_profile_write(struct cd_ctx *ctx, const struct cd_cert_params *params,
		     gnutls_datum_t *out);

/* The same as a string (free it), for callers that hold no datum. */
int cd_profile_write_text(struct cd_ctx *ctx,
			  const struct cd_cert_params *params, char **out);
/* cd_profile_write() into the file PATH (atomically, 0644; an existing
 * file is replaced). */
int cd_profile_save(struct cd_ctx *ctx, const struct cd_cert_params *params,
		    const char *path);

/* Decode a serial ("123" or "0x..") the way certtool does: decimal gives
 * 8 big-endian octets. At most 20 octets, positive. OUT: gnutls_free. */
int cd_profile_serial_decode(struct cd_ctx *ctx, const char *text,
			     const char *what, gnutls_datum_t *out);

/* Parse "YYYY-MM-DD[ HH:MM[:SS]]" (also with 'T') as UTC, or with a
 * trailing "Z", " UTC" or " +HHMM"/" -HHMM". Dates that do not exist
 * (2025-02-29) are refused, as certtool does. Returns 0 or CD_E_INVALID. */
int cd_profile_date_parse(const char *text, time_t *out);

#endif
