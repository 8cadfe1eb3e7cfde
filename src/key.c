/* certdeck: private keys: generate, load, write. */
#include <config.h>

#include <string.h>

#include "error.h"
#include "file.h"
#include "i18n.h"
#include "key.h"

int cd_key_is_encrypted(const gnutls_datum_t *data)
{
	if (cd_file_is_pem(data, "ENCRYPTED PRIVATE KEY"))
		return 1;
	if (data->data != NULL &&
	    memmem(data->data, data->size, "Proc-Type: 4,ENCRYPTED", 22) != NULL)
		return 1;
	if (!cd_file_is_pem(data, NULL)) {
		/* DER: try as a plain PKCS#8 or raw key first; encrypted
		 * PKCS#8 DER is recognised by the failure below. */
		gnutls_x509_privkey_t k;
		int ret;

		if (gnutls_x509_privkey_init(&k) < 0)
			return 0;
		ret = gnutls_x509_privkey_import2(k, data, GNUTLS_X509_FMT_DER,
						  NULL, GNUTLS_PKCS_PLAIN);
		gnutls_x509_privkey_deinit(k);
		return ret == GNUTLS_E_DECRYPTION_FAILED;
	}
	return 0;
}

int cd_key_import(struct cd_ctx *ctx, const gnutls_datum_t *data,
		  const char *name, const char *password,
		  gnutls_x509_privkey_t *out)
{
	gnutls_x509_privkey_t key = NULL;
	gnutls_x509_crt_fmt_t fmt;
	int ret, encrypted;

	*out = NULL;
	fmt = cd_file_is_pem(data, NULL) ? GNUTLS_X509_FMT_PEM
					 : GNUTLS_X509_FMT_DER;
	if (fmt == GNUTLS_X509_FMT_PEM && !cd_file_is_pem(data, "PRIVATE KEY"))
		return cd_error(ctx, CD_E_PARSE,
				_("%s: no private key in this file (expected a PEM \"PRIVATE KEY\" block or DER)"),
				name);
	encrypted = cd_key_is_encrypted(data);
	if (encrypted && (password == NULL || *password == 0))
		return cd_error(ctx, CD_E_PASSWORD,
				_("%s: the key is encrypted; give its password (--password-file, --password-fd, or at the prompt)"),
				name);
	ret = gnutls_x509_privkey_init(&key);
	if (ret < 0)
		return cd_gnutls_error(ctx, ret, _("cannot allocate a key"));
	ret = gnutls_x509_privkey_import2(key, data, fmt,
					  encrypted ? password : NULL,
					  encrypted ? 0 : GNUTLS_PKCS_PLAIN);
	if (ret < 0) {
		gnutls_x509_privkey_deinit(key);
		if (encrypted && (ret == GNUTLS_E_DECRYPTION_FAILED ||
				  ret == GNUTLS_E_ASN1_DER_ERROR))
			return cd_error(ctx, CD_E_PASSWORD,
					_("%s: wrong password for this key"),
					name);
		return cd_gnutls_error(ctx, ret,
				       _("%s: cannot read the private key"),
				       name);
	}
	*out = key;
	return 0;
}

int cd_key_load(struct cd_ctx *ctx, const char *path, const char *password,
		gnutls_x509_privkey_t *out)
{
	gnutls_datum_t data;
	int ret;

	ret = cd_file_read(ctx, path, 0, &data);
	if (ret < 0)
		return ret;
	ret = cd_key_import(ctx, &data, path, password, out);
	gnutls_memset(data.data, 0, data.size);
	gnutls_free(data.data);
	return ret;
}

int cd_key_to_privkey(struct cd_ctx *ctx, gnutls_x509_privkey_t key,
		      gnutls_privkey_t *out)
{
	gnutls_privkey_t pk;
	int ret;

	*out = NULL;
	ret = gnutls_privkey_init(&pk);
	if (ret < 0)
		return cd_gnutls_error(ctx, ret, _("cannot allocate a key"));
	ret = gnutls_privkey_import_x509(pk, key, GNUTLS_PRIVKEY_IMPORT_COPY);
	if (ret < 0) {
		gnutls_privkey_deinit(pk);
		return cd_gnutls_error(ctx, ret, _("cannot use the private key"));
	}
	*out = pk;
	return 0;
}
