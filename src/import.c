/* certdeck: certificates and requests brought in from elsewhere. */
#include <config.h>

#include <string.h>

#include "error.h"
#include "file.h"
#include "i18n.h"
#include "import.h"

/* Append the DER or PEM of CRT to OUT. */
static int append_crt(struct cd_ctx *ctx, gnutls_x509_crt_t crt, int der,
		      gnutls_datum_t *out, const char *name, unsigned index)
{
	gnutls_datum_t one = {NULL, 0};
	unsigned char *grown;
	int ret;

	ret = gnutls_x509_crt_export2(
	    crt, der ? GNUTLS_X509_FMT_DER : GNUTLS_X509_FMT_PEM, &one);
	if (ret < 0)
		return cd_gnutls_error(ctx, ret,
				       _("%s: cannot encode certificate %u"),
				       name, index + 1);
	grown = gnutls_realloc(out->data, out->size + one.size + 1);
	if (grown == NULL) {
		gnutls_free(one.data);
		return cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	}
	memcpy(grown + out->size, one.data, one.size);
	out->data = grown;
	out->size += one.size;
	out->data[out->size] = 0;
	gnutls_free(one.data);
	return 0;
}

int cd_import_certificates(struct cd_ctx *ctx, const gnutls_datum_t *data,
			   const char *name, int der, gnutls_datum_t *out,
			   unsigned *count)
{
	gnutls_x509_crt_t *list = NULL;
	gnutls_x509_crt_fmt_t fmt;
	unsigned n = 0, i;
	int ret;

	out->data = NULL;
	out->size = 0;
	*count = 0;
	fmt = cd_file_is_pem(data, NULL) ? GNUTLS_X509_FMT_PEM
					 : GNUTLS_X509_FMT_DER;
	if (fmt == GNUTLS_X509_FMT_PEM && !cd_file_is_pem(data, "CERTIFICATE"))
		return cd_error(ctx, CD_E_PARSE,
				_("%s: no certificate in this file (expected a "
				  "PEM \"CERTIFICATE\" block or DER)"),
				name);
	/* GnuTLS would take a "CERTIFICATE REQUEST" block for a damaged
	 * certificate. */
	if (fmt == GNUTLS_X509_FMT_PEM &&
	    cd_file_is_pem(data, "CERTIFICATE REQUEST"))
		return cd_error(
		    ctx, CD_E_PARSE,
		    _("%s: holds a certificate request among the certificates; "
		      "import each from a file of its own"),
		    name);
	ret = gnutls_x509_crt_list_import2(&list, &n, data, fmt, 0);
	if (ret < 0)
		return cd_gnutls_error(ctx, ret,
				       _("%s: cannot read the certificate "
					 "(truncated or damaged?)"),
				       name);
	if (n == 0)
		ret = cd_error(ctx, CD_E_PARSE, _("%s: no certificate found"),
			       name);
	else if (der && n > 1)
		ret = cd_error(ctx, CD_E_INVALID,
			       _("%s: holds %u certificates and DER holds one; "
				 "leave out --der to write them as PEM"),
			       name, n);
	for (i = 0; i < n && ret == 0; i++)
		ret = append_crt(ctx, list[i], der, out, name, i);
	for (i = 0; i < n; i++)
		gnutls_x509_crt_deinit(list[i]);
	gnutls_free(list);
	if (ret < 0) {
		gnutls_free(out->data);
		out->data = NULL;
		out->size = 0;
		return ret;
	}
	*count = n;
	return 0;
}

int cd_import_request(struct cd_ctx *ctx, const gnutls_datum_t *data,
		      const char *name, int der, gnutls_datum_t *out)
{
	gnutls_x509_crq_t crq = NULL;
	gnutls_x509_crt_fmt_t fmt;
	int ret;

	out->data = NULL;
	out->size = 0;
	fmt = cd_file_is_pem(data, NULL) ? GNUTLS_X509_FMT_PEM
					 : GNUTLS_X509_FMT_DER;
	ret = gnutls_x509_crq_init(&crq);
	if (ret < 0)
		return cd_gnutls_error(ctx, ret, _("out of memory"));
	ret = gnutls_x509_crq_import(crq, data, fmt);
	if (ret < 0) {
		ret = cd_gnutls_error(ctx, ret,
				      _("%s: cannot read the certificate "
					"request (truncated or damaged?)"),
				      name);
		goto out;
	}
	ret = gnutls_x509_crq_verify(crq, 0);
	if (ret < 0) {
		ret = cd_gnutls_error(ctx, ret,
				      _("%s: the request's signature does not "
					"verify: it was altered or damaged"),
				      name);
		if (ret != CD_E_NOMEM)
			ret = CD_E_PARSE;
		goto out;
	}
	ret = gnutls_x509_crq_export2(
	    crq, der ? GNUTLS_X509_FMT_DER : GNUTLS_X509_FMT_PEM, out);
	if (ret < 0)
		ret = cd_gnutls_error(ctx, ret,
				      _("%s: cannot encode the request"), name);
out:
	gnutls_x509_crq_deinit(crq);
	return ret;
}
