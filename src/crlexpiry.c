/* certdeck: the next update of the store's CRL. */
#include <config.h>

#include <stdlib.h>

#include <gnutls/x509.h>

#include "crlexpiry.h"
#include "error.h"
#include "file.h"
#include "i18n.h"

int cd_crl_next_update(struct cd_ctx *ctx, const struct cd_store *store,
		       int *present, time_t *next)
{
	char *path = cd_store_path(store, "crl.pem");
	gnutls_datum_t data = {NULL, 0};
	gnutls_x509_crl_t crl = NULL;
	int ret;

	*present = 0;
	if (path == NULL)
		return cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	if (!cd_file_exists(path)) {
		free(path);
		return 0;
	}
	*present = 1;
	ret = cd_file_read(ctx, path, 0, &data);
	if (ret == 0 && (ret = gnutls_x509_crl_init(&crl)) >= 0)
		ret = gnutls_x509_crl_import(crl, &data,
					     cd_file_is_pem(&data, "X509 CRL")
						 ? GNUTLS_X509_FMT_PEM
						 : GNUTLS_X509_FMT_DER);
	if (ret < 0 && crl)
		ret = cd_gnutls_error(ctx, ret, _("%s: not a readable CRL"),
				      path);
	if (ret == 0)
		*next = gnutls_x509_crl_get_next_update(crl);
	if (crl)
		gnutls_x509_crl_deinit(crl);
	gnutls_free(data.data);
	free(path);
	return ret < 0 ? ret : 0;
}
