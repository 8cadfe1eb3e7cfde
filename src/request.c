/* certdeck: PKCS #10 requests from a profile, in certtool 3.7.9's order
 * (certtool.c generate_request). */
#include <config.h>

#include <string.h>

#include "build.h"
#include "error.h"
#include "file.h"
#include "i18n.h"
#include "issue.h"
#include "request.h"

static int crq_names(struct cd_ctx *ctx, const struct cd_build_target *t,
		     const struct cd_cert_params *p)
{
	int ret;

	ret = cd_build_san_list(ctx, t, GNUTLS_SAN_DNSNAME, &p->dns_name);
	if (ret == 0)
		ret = cd_build_san_list(ctx, t, GNUTLS_SAN_URI, &p->uri);
	if (ret == 0)
		ret = cd_build_san_ip(ctx, t, &p->ip_address);
	if (ret == 0)
		ret =
		    cd_build_san_list(ctx, t, GNUTLS_SAN_RFC822NAME, &p->email);
	if (ret == 0)
		ret = cd_build_other_names(ctx, t, p);
	if (ret == 0)
		ret = cd_build_extensions(ctx, t, p);
	if (ret == 0 && p->challenge_password) {
		ret = gnutls_x509_crq_set_challenge_password(
		    t->crq, p->challenge_password);
		if (ret < 0)
			return cd_gnutls_error(ctx, ret,
					       _("challenge password"));
	}
	return ret;
}

static unsigned crq_usage(const struct cd_cert_params *p, unsigned pk)
{
	unsigned usage = 0;

	if (pk == GNUTLS_PK_RSA || pk == GNUTLS_PK_GOST_01 ||
	    pk == GNUTLS_PK_GOST_12_256 || pk == GNUTLS_PK_GOST_12_512) {
		if (p->signing_key)
			usage |= GNUTLS_KEY_DIGITAL_SIGNATURE;
		if (p->encryption_key)
			usage |= GNUTLS_KEY_KEY_ENCIPHERMENT;
		else
			usage |= GNUTLS_KEY_DIGITAL_SIGNATURE;
	} else {
		usage |= GNUTLS_KEY_DIGITAL_SIGNATURE;
	}
	if (p->ca && p->cert_signing_key)
		usage |= GNUTLS_KEY_KEY_CERT_SIGN;
	if (p->ca && p->crl_signing_key)
		usage |= GNUTLS_KEY_CRL_SIGN;
	return usage;
}

/* The extension block certtool adds unless --no-crq-extensions. */
static int crq_extensions(struct cd_ctx *ctx, const struct cd_build_target *t,
			  const struct cd_cert_params *p, unsigned pk)
{
	const struct {
		int flag;
		const char *oid;
	} before[] =
	    {
		{p->code_signing_key, GNUTLS_KP_CODE_SIGNING},
		{p->time_stamping_key, GNUTLS_KP_TIME_STAMPING},
		{p->email_protection_key, GNUTLS_KP_EMAIL_PROTECTION},
		{p->ipsec_ike_key, GNUTLS_KP_IPSEC_IKE},
		{p->ocsp_signing_key, GNUTLS_KP_OCSP_SIGNING},
	    },
	  after[] = {
	      {p->tls_www_client, GNUTLS_KP_TLS_WWW_CLIENT},
	      {p->tls_www_server, GNUTLS_KP_TLS_WWW_SERVER},
	  };
	int path_len = p->ca && p->path_len.set ? (int)p->path_len.v : -1;
	size_t i;
	int ret;

	ret = gnutls_x509_crq_set_basic_constraints(t->crq, p->ca, path_len);
	if (ret < 0)
		return cd_gnutls_error(ctx, ret, _("basic constraints"));
	for (i = 0, ret = 0; ret == 0 && i < 5; i++)
		if (before[i].flag)
			ret = cd_build_key_purpose(ctx, t, before[i].oid);
	if (ret == 0) {
		ret = gnutls_x509_crq_set_key_usage(t->crq, crq_usage(p, pk));
		if (ret < 0)
			return cd_gnutls_error(ctx, ret, _("key usage"));
	}
	for (i = 0; ret == 0 && i < 2; i++)
		if (after[i].flag)
			ret = cd_build_key_purpose(ctx, t, after[i].oid);
	for (i = 0; ret == 0 && i < p->key_purpose_oid.n; i++)
		ret = cd_build_key_purpose(ctx, t, p->key_purpose_oid.v[i]);
	if (ret == 0)
		ret = cd_build_tls_features(ctx, t, p);
	return ret;
}

static int crq_sign(struct cd_ctx *ctx, gnutls_x509_crq_t crq,
		    gnutls_pubkey_t pub, gnutls_privkey_t key)
{
	gnutls_digest_algorithm_t dig;
	int ret;

	ret = gnutls_x509_crq_set_pubkey(crq, pub);
	if (ret < 0)
		return cd_gnutls_error(ctx, ret, _("request public key"));
	ret = gnutls_pubkey_get_preferred_hash_algorithm(pub, &dig, NULL);
	if (ret >= 0)
		ret = gnutls_x509_crq_privkey_sign(crq, key, dig, 0);
	if (ret < 0)
		return cd_gnutls_error(ctx, ret, _("signing the request"));
	return 0;
}

int cd_request_create(struct cd_ctx *ctx, const struct cd_cert_params *params,
		      gnutls_privkey_t key, int with_extensions,
		      gnutls_x509_crq_t *out)
{
	struct cd_build_target t = {NULL, NULL};
	gnutls_pubkey_t pub = NULL;
	int ret;

	*out = NULL;
	ret = gnutls_x509_crq_init(&t.crq);
	if (ret < 0)
		return cd_gnutls_error(ctx, ret, _("request"));
	ret = cd_issue_pubkey_of(ctx, key, &pub);
	if (ret == 0)
		ret = cd_build_subject(ctx, &t, params);
	if (ret == 0)
		ret = crq_names(ctx, &t, params);
	if (ret == 0 && with_extensions)
		ret = crq_extensions(
		    ctx, &t, params,
		    (unsigned)gnutls_pubkey_get_pk_algorithm(pub, NULL));
	if (ret == 0)
		ret = crq_sign(ctx, t.crq, pub, key);
	gnutls_pubkey_deinit(pub);
	if (ret < 0) {
		gnutls_x509_crq_deinit(t.crq);
		return ret;
	}
	*out = t.crq;
	return 0;
}

static int append(gnutls_datum_t *out, const void *data, size_t len)
{
	unsigned char *p = gnutls_realloc(out->data, out->size + len + 1);

	if (p == NULL)
		return CD_E_NOMEM;
	memcpy(p + out->size, data, len);
	out->data = p;
	out->size += (unsigned)len;
	p[out->size] = '\0';
	return 0;
}

int cd_request_export(struct cd_ctx *ctx, gnutls_x509_crq_t crq, int text,
		      gnutls_datum_t *out)
{
	gnutls_datum_t info = {NULL, 0}, pem = {NULL, 0};
	const char *check;
	int ret;

	out->data = NULL;
	out->size = 0;
	ret = gnutls_x509_crq_export2(crq, GNUTLS_X509_FMT_PEM, &pem);
	if (ret >= 0 && text)
		ret = gnutls_x509_crq_print(crq, GNUTLS_CRT_PRINT_FULL, &info);
	if (ret < 0) {
		ret = cd_gnutls_error(ctx, ret, _("exporting the request"));
		goto out;
	}
	/* Verifying costs more than signing: only for the text. */
	/* Not translated: certtool -i's own lines, compared with certtool's
	 * output by the golden tests. */
	check = !text ? ""
		: gnutls_x509_crq_verify(crq, 0) < 0
		    ? "Self signature: FAILED\n\n"
		    : "Self signature: verified\n\n";
	if (text &&
	    (append(out, info.data, info.size) < 0 ||
	     append(out, "\n", 1) < 0 || append(out, check, strlen(check)) < 0))
		ret = cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	if (ret == 0 && append(out, pem.data, pem.size) < 0)
		ret = cd_error(ctx, CD_E_NOMEM, _("out of memory"));
out:
	gnutls_free(info.data);
	gnutls_free(pem.data);
	if (ret < 0) {
		gnutls_free(out->data);
		out->data = NULL;
		out->size = 0;
	}
	return ret;
}

int cd_request_load(struct cd_ctx *ctx, const char *path,
		    gnutls_x509_crq_t *out)
{
	gnutls_datum_t data = {NULL, 0};
	int ret;

	*out = NULL;
	ret = cd_file_read(ctx, path, 0, &data);
	if (ret < 0)
		return ret;
	ret = gnutls_x509_crq_init(out);
	if (ret >= 0)
		ret = gnutls_x509_crq_import(*out, &data,
					     cd_file_is_pem(&data, "REQUEST")
						 ? GNUTLS_X509_FMT_PEM
						 : GNUTLS_X509_FMT_DER);
	gnutls_free(data.data);
	if (ret < 0) {
		gnutls_x509_crq_deinit(*out);
		*out = NULL;
		return cd_gnutls_error(ctx, ret,
				       _("%s: not a PKCS #10 request"), path);
	}
	return 0;
}
