/* certdeck: certificates from a profile, in certtool 3.7.9's order
 * (certtool.c generate_certificate), so that the DER is the same. */
#include <config.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <gnutls/crypto.h>
#include <gnutls/x509-ext.h>
#include <string.h>

#include "build.h"
#include "error.h"
#include "file.h"
#include "i18n.h"
#include "issue.h"

#define SERIAL_MAX 20
#define DAY (24 * 60 * 60)

static int set_subject_and_exts(struct cd_ctx *ctx,
				const struct cd_build_target *t,
				const struct cd_cert_params *p)
{
	size_t i;
	int ret = cd_build_subject(ctx, t, p);

	for (i = 0; ret == 0 && i < p->key_purpose_oid.n; i++)
		ret = cd_build_key_purpose(ctx, t, p->key_purpose_oid.v[i]);
	if (ret == 0 && p->pkcs9_email)
		ret = cd_build_dn_oid(ctx, t, GNUTLS_OID_PKCS9_EMAIL,
				      p->pkcs9_email);
	if (ret == 0)
		ret = cd_build_tls_features(ctx, t, p);
	return ret;
}

/* The request's DN and key, and the extensions named by honor_crq_ext. */
static int set_from_request(struct cd_ctx *ctx, gnutls_x509_crt_t crt,
			    gnutls_x509_crq_t crq,
			    const struct cd_cert_params *p)
{
	size_t i;
	int ret = gnutls_x509_crt_set_crq(crt, crq);

	if (ret < 0)
		return cd_gnutls_error(ctx, ret, _("copying the request"));
	for (i = 0; i < p->honor_crq_ext.n; i++) {
		ret = gnutls_x509_crt_set_crq_extension_by_oid(
		    crt, crq, p->honor_crq_ext.v[i], 0);
		/* certtool goes on when the request lacks the extension. */
		if (ret < 0)
			cd_warn(ctx, _("request extension %s not copied: %s"),
				p->honor_crq_ext.v[i], gnutls_strerror(ret));
	}
	return 0;
}

static int set_serial(struct cd_ctx *ctx, gnutls_x509_crt_t crt,
		      const struct cd_cert_params *p)
{
	unsigned char rnd[SERIAL_MAX];
	gnutls_datum_t s = {NULL, 0};
	int ret;

	if (p->serial) {
		ret = cd_profile_serial_decode(ctx, p->serial, "serial", &s);
		if (ret < 0)
			return ret;
		ret = gnutls_x509_crt_set_serial(crt, s.data, s.size);
		gnutls_free(s.data);
	} else {
		/* certtool's default: 20 random octets, positive. */
		ret = gnutls_rnd(GNUTLS_RND_NONCE, rnd, sizeof(rnd));
		rnd[0] &= 0x7f;
		if (ret == 0)
			ret = gnutls_x509_crt_set_serial(crt, rnd, sizeof(rnd));
	}
	if (ret < 0)
		return cd_gnutls_error(ctx, ret, _("setting the serial"));
	return 0;
}

/* certtool's get_int_date(): a date, else days from now (0 or less than
 * -2: 365; -1: no well-defined expiration). */
static int expiration_time(struct cd_ctx *ctx, const struct cd_cert_params *p,
			   time_t now, time_t *out)
{
	long days = p->expiration_days.set ? p->expiration_days.v : 0;

	if (p->expiration_date) {
		if (cd_profile_date_parse(p->expiration_date, out) < 0)
			return cd_error(ctx, CD_E_INVALID,
					_("invalid expiration_date '%s'"),
					p->expiration_date);
		return 0;
	}
	if (days == 0 || days < -2)
		days = 365;
	if (days == -1) {
		*out = (time_t)-1;
		return 0;
	}
	if (days > 0 && (time_t)days > (time_t)((~(unsigned long long)0 >> 1) -
						(unsigned long long)now) /
					   DAY)
		return cd_error(ctx, CD_E_INVALID,
				_("expiration_days %ld: the date overflows"),
				days);
	*out = now + (time_t)days * DAY;
	return 0;
}

static int set_validity(struct cd_ctx *ctx, gnutls_x509_crt_t crt,
			const struct cd_cert_params *p)
{
	time_t now = cd_ctx_now(ctx), start = now, end;
	int ret;

	if (p->activation_date &&
	    cd_profile_date_parse(p->activation_date, &start) < 0)
		return cd_error(ctx, CD_E_INVALID,
				_("invalid activation_date '%s'"),
				p->activation_date);
	ret = gnutls_x509_crt_set_activation_time(crt, start);
	if (ret < 0)
		return cd_gnutls_error(ctx, ret,
				       _("setting the activation time"));
	ret = expiration_time(ctx, p, now, &end);
	if (ret < 0)
		return ret;
	ret = gnutls_x509_crt_set_expiration_time(crt, end);
	if (ret < 0)
		return cd_gnutls_error(ctx, ret,
				       _("setting the expiration time"));
	return 0;
}

static int set_unique_ids(struct cd_ctx *ctx, gnutls_x509_crt_t crt,
			  const struct cd_cert_params *p)
{
	gnutls_datum_t in, raw = {NULL, 0};
	const char *ids[2] = {p->subject_unique_id, p->issuer_unique_id};
	int i, ret = 0;

	for (i = 0; i < 2 && ret >= 0; i++) {
		if (ids[i] == NULL)
			continue;
		in.data = (unsigned char *)(uintptr_t)ids[i];
		in.size = (unsigned)strlen(ids[i]);
		ret = gnutls_hex_decode2(&in, &raw);
		if (ret < 0)
			break;
		if (i == 0)
			ret = gnutls_x509_crt_set_subject_unique_id(
			    crt, raw.data, raw.size);
		else
			ret = gnutls_x509_crt_set_issuer_unique_id(
			    crt, raw.data, raw.size);
		gnutls_free(raw.data);
	}
	if (ret < 0)
		return cd_gnutls_error(ctx, ret, _("setting the unique IDs"));
	return 0;
}

static int set_policies(struct cd_ctx *ctx, gnutls_x509_crt_t crt,
			const struct cd_cert_params *p)
{
	gnutls_x509_policy_st pol;
	int i, ret = 0;

	if (p->inhibit_anypolicy_skip_certs.set)
		ret = gnutls_x509_crt_set_inhibit_anypolicy(
		    crt, (unsigned)p->inhibit_anypolicy_skip_certs.v);
	/* certtool stops at the first policyN missing. */
	for (i = 0; ret >= 0 && i < CD_PROFILE_MAX_POLICIES &&
		    p->policy_oid[i] != NULL;
	     i++) {
		memset(&pol, 0, sizeof(pol));
		pol.oid = p->policy_oid[i];
		if (p->policy_txt[i]) {
			pol.qualifier[pol.qualifiers].type =
			    GNUTLS_X509_QUALIFIER_NOTICE;
			pol.qualifier[pol.qualifiers].data = p->policy_txt[i];
			pol.qualifier[pol.qualifiers++].size =
			    (unsigned)strlen(p->policy_txt[i]);
		}
		if (p->policy_url[i]) {
			pol.qualifier[pol.qualifiers].type =
			    GNUTLS_X509_QUALIFIER_URI;
			pol.qualifier[pol.qualifiers].data = p->policy_url[i];
			pol.qualifier[pol.qualifiers++].size =
			    (unsigned)strlen(p->policy_url[i]);
		}
		ret = gnutls_x509_crt_set_policy(crt, &pol, 0);
	}
	if (ret < 0)
		return cd_gnutls_error(ctx, ret, _("setting the policies"));
	return 0;
}

static int add_constraints(struct cd_ctx *ctx,
			   gnutls_x509_name_constraints_t nc,
			   const struct cd_strlist *list,
			   gnutls_x509_subject_alt_name_t type, int permitted)
{
	gnutls_datum_t name;
	size_t i;
	int ret;

	for (i = 0; i < list->n; i++) {
		if (type == GNUTLS_SAN_IPADDRESS) {
			ret = gnutls_x509_cidr_to_rfc5280(list->v[i], &name);
			if (ret < 0)
				return cd_gnutls_error(ctx, ret,
						       _("IP constraint '%s'"),
						       list->v[i]);
		} else {
			name.data = (unsigned char *)list->v[i];
			name.size = (unsigned)strlen(list->v[i]);
		}
		if (permitted)
			ret = gnutls_x509_name_constraints_add_permitted(
			    nc, type, &name);
		else
			ret = gnutls_x509_name_constraints_add_excluded(
			    nc, type, &name);
		if (type == GNUTLS_SAN_IPADDRESS)
			gnutls_free(name.data);
		if (ret < 0)
			return cd_gnutls_error(
			    ctx, ret, _("name constraint '%s'"), list->v[i]);
	}
	return 0;
}

/* P's name constraints in *NC (NULL when it has none). */
static int name_constraints_of(struct cd_ctx *ctx,
			       const struct cd_cert_params *p,
			       gnutls_x509_name_constraints_t *nc)
{
	const struct {
		const struct cd_strlist *list;
		gnutls_x509_subject_alt_name_t type;
		int permitted;
	} order[] = {
	    {&p->nc_permit_ip, GNUTLS_SAN_IPADDRESS, 1},
	    {&p->nc_exclude_ip, GNUTLS_SAN_IPADDRESS, 0},
	    {&p->nc_permit_dns, GNUTLS_SAN_DNSNAME, 1},
	    {&p->nc_exclude_dns, GNUTLS_SAN_DNSNAME, 0},
	    {&p->nc_permit_email, GNUTLS_SAN_RFC822NAME, 1},
	    {&p->nc_exclude_email, GNUTLS_SAN_RFC822NAME, 0},
	};
	size_t i, total = 0;
	int ret;

	*nc = NULL;
	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++)
		total += order[i].list->n;
	if (total == 0)
		return 0;
	ret = gnutls_x509_name_constraints_init(nc);
	if (ret < 0)
		return cd_gnutls_error(ctx, ret, _("name constraints"));
	for (i = 0; ret >= 0 && i < sizeof(order) / sizeof(order[0]); i++)
		ret = add_constraints(ctx, *nc, order[i].list, order[i].type,
				      order[i].permitted);
	if (ret < 0) {
		gnutls_x509_name_constraints_deinit(*nc);
		*nc = NULL;
		return ret;
	}
	return 0;
}

static int set_name_constraints(struct cd_ctx *ctx, gnutls_x509_crt_t crt,
				const struct cd_cert_params *p)
{
	gnutls_x509_name_constraints_t nc;
	int ret = name_constraints_of(ctx, p, &nc);

	if (ret < 0 || nc == NULL)
		return ret;
	ret = gnutls_x509_crt_set_name_constraints(crt, nc, 1);
	gnutls_x509_name_constraints_deinit(nc);
	return ret < 0 ? cd_gnutls_error(ctx, ret, _("name constraints")) : 0;
}

int cd_issue_name_constraints(struct cd_ctx *ctx,
			      const struct cd_cert_params *p,
			      gnutls_datum_t *der)
{
	gnutls_x509_name_constraints_t nc;
	int ret = name_constraints_of(ctx, p, &nc);

	der->data = NULL;
	der->size = 0;
	if (ret < 0 || nc == NULL)
		return ret;
	ret = gnutls_x509_ext_export_name_constraints(nc, der);
	gnutls_x509_name_constraints_deinit(nc);
	return ret < 0 ? cd_gnutls_error(ctx, ret, _("name constraints")) : 0;
}

static int set_aia(struct cd_ctx *ctx, gnutls_x509_crt_t crt,
		   const struct cd_strlist *list, int what)
{
	gnutls_datum_t uri;
	size_t i;
	int ret;

	for (i = 0; i < list->n; i++) {
		uri.data = (unsigned char *)list->v[i];
		uri.size = (unsigned)strlen(list->v[i]);
		ret =
		    gnutls_x509_crt_set_authority_info_access(crt, what, &uri);
		if (ret < 0)
			return cd_gnutls_error(ctx, ret, _("access URI '%s'"),
					       list->v[i]);
	}
	return 0;
}

static int set_kp(struct cd_ctx *ctx, gnutls_x509_crt_t crt, int flag,
		  const char *oid)
{
	struct cd_build_target t = {crt, NULL};

	return flag ? cd_build_key_purpose(ctx, &t, oid) : 0;
}

/* Names, then the policies (certtool's order). */
static int set_names(struct cd_ctx *ctx, gnutls_x509_crt_t crt,
		     const struct cd_cert_params *p)
{
	struct cd_build_target t = {crt, NULL};
	int ret;

	ret = cd_build_san_list(ctx, &t, GNUTLS_SAN_DNSNAME, &p->dns_name);
	if (ret == 0)
		ret = cd_build_san_list(ctx, &t, GNUTLS_SAN_URI, &p->uri);
	if (ret == 0)
		ret = cd_build_san_ip(ctx, &t, &p->ip_address);
	if (ret == 0)
		ret = cd_build_other_names(ctx, &t, p);
	if (ret == 0)
		ret = set_policies(ctx, crt, p);
	if (ret == 0 && p->tls_www_server)
		ret = set_kp(ctx, crt, 1, GNUTLS_KP_TLS_WWW_SERVER);
	else if (ret == 0)
		ret = cd_build_san_list(ctx, &t, GNUTLS_SAN_RFC822NAME,
					&p->email);
	return ret;
}

static int is_rsa_like(unsigned pk)
{
	return pk == GNUTLS_PK_RSA || pk == GNUTLS_PK_GOST_01 ||
	       pk == GNUTLS_PK_GOST_12_256 || pk == GNUTLS_PK_GOST_12_512;
}

/* Key usage bits and the purposes set in between (certtool's order). */
static int set_usages(struct cd_ctx *ctx, gnutls_x509_crt_t crt,
		      const struct cd_cert_params *p, unsigned *usage)
{
	unsigned pk = (unsigned)gnutls_x509_crt_get_pk_algorithm(crt, NULL);
	int server = p->tls_www_server, ret = 0;

	if (!p->ca || server) {
		if (!is_rsa_like(pk) || p->signing_key)
			*usage |= GNUTLS_KEY_DIGITAL_SIGNATURE;
		if (is_rsa_like(pk) && p->encryption_key)
			*usage |= GNUTLS_KEY_KEY_ENCIPHERMENT;
		ret = set_kp(ctx, crt, p->ipsec_ike_key, GNUTLS_KP_IPSEC_IKE);
	} else if (p->signing_key) {
		*usage |= GNUTLS_KEY_DIGITAL_SIGNATURE;
	}
	*usage |= p->key_agreement ? GNUTLS_KEY_KEY_AGREEMENT : 0;
	*usage |= p->data_encipherment ? GNUTLS_KEY_DATA_ENCIPHERMENT : 0;
	*usage |= p->non_repudiation ? GNUTLS_KEY_NON_REPUDIATION : 0;
	if (ret == 0)
		ret = set_kp(ctx, crt, p->ocsp_signing_key,
			     GNUTLS_KP_OCSP_SIGNING);
	if (ret == 0)
		ret = set_kp(ctx, crt, p->code_signing_key,
			     GNUTLS_KP_CODE_SIGNING);
	if (ret == 0)
		ret = set_kp(ctx, crt, p->time_stamping_key,
			     GNUTLS_KP_TIME_STAMPING);
	if (ret == 0)
		ret = set_kp(ctx, crt, p->email_protection_key,
			     GNUTLS_KP_EMAIL_PROTECTION);
	if (ret == 0 && p->ca) {
		*usage |= p->cert_signing_key ? GNUTLS_KEY_KEY_CERT_SIGN : 0;
		*usage |= p->crl_signing_key ? GNUTLS_KEY_CRL_SIGN : 0;
		ret = set_name_constraints(ctx, crt, p);
	}
	return ret;
}

static int set_key_ids(struct cd_ctx *ctx, gnutls_x509_crt_t crt,
		       gnutls_x509_crt_t ca_crt)
{
	unsigned char id[128];
	size_t size = sizeof(id);
	int ret;

	if (gnutls_x509_crt_get_key_id(crt, GNUTLS_KEYID_USE_SHA1, id, &size) >=
	    0) {
		ret = gnutls_x509_crt_set_subject_key_id(crt, id, size);
		if (ret < 0)
			return cd_gnutls_error(ctx, ret, _("subject key ID"));
	}
	size = sizeof(id);
	if (ca_crt != NULL &&
	    gnutls_x509_crt_get_subject_key_id(ca_crt, id, &size, NULL) >= 0) {
		ret = gnutls_x509_crt_set_authority_key_id(crt, id, size);
		if (ret < 0)
			return cd_gnutls_error(ctx, ret, _("authority key ID"));
	}
	return 0;
}

/* The extensions block of generate_certificate (a v3 certificate). */
static int set_extensions(struct cd_ctx *ctx, gnutls_x509_crt_t crt,
			  const struct cd_cert_params *p,
			  gnutls_x509_crt_t ca_crt)
{
	unsigned usage = 0;
	int path_len = p->ca && p->path_len.set ? (int)p->path_len.v : -1;
	int ret;

	ret = gnutls_x509_crt_set_basic_constraints(crt, p->ca, path_len);
	if (ret < 0)
		return cd_gnutls_error(ctx, ret, _("basic constraints"));
	ret = set_kp(ctx, crt, p->tls_www_client, GNUTLS_KP_TLS_WWW_CLIENT);
	if (ret == 0)
		ret = set_unique_ids(ctx, crt, p);
	if (ret == 0)
		ret = set_names(ctx, crt, p);
	if (ret == 0)
		ret = set_usages(ctx, crt, p, &usage);
	if (ret == 0)
		ret = set_aia(ctx, crt, &p->ocsp_uri, GNUTLS_IA_OCSP_URI);
	if (ret == 0)
		ret = set_aia(ctx, crt, &p->ca_issuers_uri,
			      GNUTLS_IA_CAISSUERS_URI);
	if (ret == 0 && usage != 0) {
		/* RFC 4945 5.1.3.2: IKE certificates with a key usage need
		 * digitalSignature or nonRepudiation. */
		if (p->ipsec_ike_key && !p->signing_key)
			usage |= GNUTLS_KEY_NON_REPUDIATION;
		ret = gnutls_x509_crt_set_key_usage(crt, usage);
		if (ret < 0)
			return cd_gnutls_error(ctx, ret, _("key usage"));
	}
	if (ret == 0)
		ret = set_key_ids(ctx, crt, ca_crt);
	return ret;
}

static int set_crl_dist_points(struct cd_ctx *ctx, gnutls_x509_crt_t crt,
			       const struct cd_cert_params *p,
			       gnutls_x509_crt_t ca_crt)
{
	size_t i;
	int ret;

	if (ca_crt != NULL && p->crl_dist_points.n == 0) {
		/* Without any in the profile, the CA's (if it has some). */
		gnutls_x509_crt_cpy_crl_dist_points(crt, ca_crt);
		return 0;
	}
	for (i = 0; i < p->crl_dist_points.n; i++) {
		ret = gnutls_x509_crt_set_crl_dist_points(
		    crt, GNUTLS_SAN_URI, p->crl_dist_points.v[i], 0);
		if (ret < 0)
			return cd_gnutls_error(ctx, ret,
					       _("CRL distribution point '%s'"),
					       p->crl_dist_points.v[i]);
	}
	return 0;
}

static int build_steps(struct cd_ctx *ctx, gnutls_x509_crt_t crt,
		       const struct cd_cert_params *p,
		       const struct cd_issue_input *in)
{
	struct cd_build_target t = {crt, NULL};
	int ret;

	if (in->request) {
		ret = set_from_request(ctx, crt, in->request, p);
	} else {
		ret = set_subject_and_exts(ctx, &t, p);
		if (ret == 0 && gnutls_x509_crt_set_pubkey(crt, in->pubkey) < 0)
			ret = cd_error(ctx, CD_E_CRYPTO,
				       _("cannot set the public key"));
	}
	/* certtool 3.7.9 adds the template's raw extensions here, for a
	 * request as for a key. */
	if (ret == 0)
		ret = cd_build_extensions(ctx, &t, p);
	if (ret == 0)
		ret = set_serial(ctx, crt, p);
	if (ret == 0)
		ret = set_validity(ctx, crt, p);
	if (ret == 0 && in->request && p->honor_crq_extensions) {
		ret = gnutls_x509_crt_set_crq_extensions(crt, in->request);
		if (ret < 0)
			return cd_gnutls_error(ctx, ret,
					       _("copying the request's "
						 "extensions"));
	}
	if (ret == 0)
		ret = set_extensions(ctx, crt, p, in->ca_crt);
	if (ret == 0 && gnutls_x509_crt_set_version(crt, 3) < 0)
		ret = cd_error(ctx, CD_E_CRYPTO, _("cannot set the version"));
	if (ret == 0)
		ret = set_crl_dist_points(ctx, crt, p, in->ca_crt);
	return ret;
}

int cd_issue_build(struct cd_ctx *ctx, const struct cd_cert_params *params,
		   const struct cd_issue_input *in, gnutls_x509_crt_t *out)
{
	gnutls_x509_crt_t crt;
	int ret;

	*out = NULL;
	if ((in->request == NULL) == (in->pubkey == NULL))
		return cd_error(ctx, CD_E_INVALID,
				_("give either a request or a public key"));
	ret = gnutls_x509_crt_init(&crt);
	if (ret < 0)
		return cd_gnutls_error(ctx, ret, _("certificate"));
	ret = build_steps(ctx, crt, params, in);
	if (ret < 0) {
		gnutls_x509_crt_deinit(crt);
		return ret;
	}
	*out = crt;
	return 0;
}

int cd_issue_sign(struct cd_ctx *ctx, gnutls_x509_crt_t tbs,
		  gnutls_x509_crt_t ca_crt, gnutls_privkey_t signer)
{
	gnutls_x509_crt_t issuer = ca_crt ? ca_crt : tbs;
	gnutls_digest_algorithm_t dig = GNUTLS_DIG_UNKNOWN;
	gnutls_pubkey_t pub = NULL;
	int ret;

	/* certtool's get_dig(): the issuer key's preferred hash. */
	ret = gnutls_pubkey_init(&pub);
	if (ret >= 0)
		ret = gnutls_pubkey_import_x509(pub, issuer, 0);
	if (ret >= 0)
		ret =
		    gnutls_pubkey_get_preferred_hash_algorithm(pub, &dig, NULL);
	gnutls_pubkey_deinit(pub);
	if (ret < 0)
		return cd_gnutls_error(ctx, ret, _("choosing the hash"));
	ret = gnutls_x509_crt_privkey_sign(tbs, issuer, signer, dig, 0);
	if (ret < 0)
		return cd_gnutls_error(ctx, ret,
				       _("signing the certificate (does the "
					 "key match the CA certificate?)"));
	return 0;
}

int cd_issue_pubkey_of(struct cd_ctx *ctx, gnutls_privkey_t key,
		       gnutls_pubkey_t *out)
{
	int ret = gnutls_pubkey_init(out);

	if (ret >= 0)
		ret = gnutls_pubkey_import_privkey(*out, key, 0, 0);
	if (ret < 0) {
		gnutls_pubkey_deinit(*out);
		*out = NULL;
		return cd_gnutls_error(ctx, ret, _("public key of the key"));
	}
	return 0;
}

int cd_issue_selfsign(struct cd_ctx *ctx, const struct cd_cert_params *params,
		      gnutls_privkey_t key, gnutls_x509_crt_t *out)
{
	struct cd_issue_input in = {NULL, NULL, NULL};
	int ret;

	*out = NULL;
	ret = cd_issue_pubkey_of(ctx, key, &in.pubkey);
	if (ret < 0)
		return ret;
	ret = cd_issue_build(ctx, params, &in, out);
	gnutls_pubkey_deinit(in.pubkey);
	if (ret == 0)
		ret = cd_issue_sign(ctx, *out, NULL, key);
	if (ret < 0 && *out) {
		gnutls_x509_crt_deinit(*out);
		*out = NULL;
	}
	return ret;
}

int cd_issue_preview_text(struct cd_ctx *ctx, gnutls_x509_crt_t crt,
			  gnutls_x509_crt_t issuer, char **text)
{
	gnutls_datum_t out = {NULL, 0}, dn = {NULL, 0};
	const char *at;
	char *joined;
	size_t head;
	int ret;

	*text = NULL;
	/* certtool prints the certificate unsigned before asking */
	ret = gnutls_x509_crt_print(crt, GNUTLS_CRT_PRINT_UNSIGNED_FULL, &out);
	if (ret < 0)
		return cd_gnutls_error(ctx, ret,
				       _("describing the certificate"));
	ret = cd_datum_to_text(ctx, &out, text);
	if (ret < 0 || issuer == NULL)
		return ret;
	/* which has no issuer yet: the one that will sign, before the
	 * validity, where a signed certificate's print has it */
	at = strstr(*text, "\n\tValidity:");
	if (at == NULL || gnutls_x509_crt_get_dn3(issuer, &dn, 0) < 0)
		return 0;
	head = (size_t)(at - *text) + 1;
	joined = malloc(strlen(*text) + dn.size + 16);
	if (joined) {
		sprintf(joined, "%.*s\tIssuer: %.*s\n%s", (int)head, *text,
			(int)dn.size, (const char *)dn.data, *text + head);
		free(*text);
		*text = joined;
	}
	gnutls_free(dn.data);
	return joined ? 0 : cd_error(ctx, CD_E_NOMEM, _("out of memory"));
}
