/* certdeck: the CA: creating a store, issuing into it. */
#include <config.h>

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ca.h"
#include "error.h"
#include "file.h"
#include "i18n.h"
#include "issue.h"
#include "key.h"
#include "request.h"
#include "token.h"

/* PKCS #8 PEM, encrypted (PBES2, AES-256) when PASSWORD is given. */
static int key_pem(struct cd_ctx *ctx, gnutls_x509_privkey_t key,
		   const char *password, gnutls_datum_t *out)
{
	int ret = gnutls_x509_privkey_export2_pkcs8(
	    key, GNUTLS_X509_FMT_PEM, password,
	    password ? GNUTLS_PKCS_PBES2_AES_256 : GNUTLS_PKCS_PLAIN, out);

	if (ret < 0)
		return cd_gnutls_error(ctx, ret, _("exporting the key"));
	return 0;
}

static void datum_wipe(gnutls_datum_t *d)
{
	if (d->data) {
		gnutls_memset(d->data, 0, d->size);
		gnutls_free(d->data);
	}
	d->data = NULL;
	d->size = 0;
}

/* A CA certificate signs certificates and CRLs (certtool's trap: a CA
 * without crl_signing_key issues CRLs that fail verification). */
int cd_ca_params_complete(struct cd_ctx *ctx, struct cd_cert_params *params)
{
	int ret;

	if (params->cn == NULL && params->dn == NULL)
		return cd_error(
		    ctx, CD_E_INVALID,
		    _("the CA needs a name: a common name (cn) or a "
		      "distinguished name (dn)"));
	/* A template that asks for a CA but forgot CRL signing is told. */
	if (params->ca && !params->crl_signing_key)
		cd_warn(ctx, _("adding crl_signing_key: without it the CA's "
			       "CRLs fail verification"));
	ret = cd_profile_set(ctx, params, "ca", NULL, "init-ca");
	if (ret == 0)
		ret = cd_profile_set(ctx, params, "cert_signing_key", NULL,
				     "init-ca");
	if (ret == 0)
		ret = cd_profile_set(ctx, params, "crl_signing_key", NULL,
				     "init-ca");
	if (ret == 0 && !params->expiration_days.set &&
	    params->expiration_date == NULL)
		ret = cd_profile_set(ctx, params, "expiration_days", "3650",
				     "init-ca");
	return ret;
}

/* templates/NAME.cfg for the built-in profiles not already there. */
static int write_profiles(struct cd_ctx *ctx, struct cd_store *store)
{
	static const char *const names[] = {"ca", "server", "client"};
	size_t i;
	int ret = 0;

	for (i = 0; i < 3 && ret == 0; i++) {
		char rel[64];
		const char *text = cd_store_builtin_profile(names[i]);
		char *path;

		snprintf(rel, sizeof(rel), "templates/%s.cfg", names[i]);
		path = cd_store_path(store, rel);
		if (path == NULL)
			return cd_error(ctx, CD_E_NOMEM, _("out of memory"));
		if (!cd_file_exists(path))
			ret = cd_file_write_atomic(ctx, path, text,
						   strlen(text), 0644, 1);
		free(path);
	}
	return ret;
}

/* Everything of the new CA, built in memory before the store exists. */
struct ca_parts {
	gnutls_x509_privkey_t key;
	gnutls_privkey_t signer;
	gnutls_x509_crt_t crt;
	gnutls_x509_crq_t crq;
	gnutls_datum_t key_pem, req_pem;
	char *key_url; /* the key on a token: its complete URL */
};

static void ca_parts_free(struct ca_parts *p)
{
	if (p->key)
		gnutls_x509_privkey_deinit(p->key);
	if (p->signer)
		gnutls_privkey_deinit(p->signer);
	if (p->crt)
		gnutls_x509_crt_deinit(p->crt);
	if (p->crq)
		gnutls_x509_crq_deinit(p->crq);
	datum_wipe(&p->key_pem);
	gnutls_free(p->req_pem.data);
	free(p->key_url);
}

/* The CA's key: new, or on a token (found or generated there). */
static int ca_key(struct cd_ctx *ctx, const struct cd_ca_init *init,
		  struct ca_parts *p)
{
	int ret;

	if (init->key_url && init->key_generate)
		return cd_token_generate_key(ctx, init->key_url, init->password,
					     &init->key, &p->signer,
					     &p->key_url);
	if (init->key_url)
		return cd_token_load_key(ctx, init->key_url, init->password,
					 &p->signer, &p->key_url);
	ret = cd_key_generate(ctx, &init->key, &p->key);
	if (ret == 0)
		ret = cd_key_to_privkey(ctx, p->key, &p->signer);
	if (ret == 0)
		ret = key_pem(ctx, p->key, init->password, &p->key_pem);
	return ret;
}

/* What the store records of the key: private/ca.key, or its URL. */
static struct cd_store_file ca_key_file(const struct ca_parts *p)
{
	struct cd_store_file f = {"private/ca.key", p->key_pem, 0600};

	if (p->key_url) {
		f.rel = CD_TOKEN_URL_FILE;
		f.data.data = (unsigned char *)p->key_url;
		f.data.size = strlen(p->key_url);
	}
	return f;
}

static int ca_build(struct cd_ctx *ctx, const struct cd_ca_init *init,
		    const struct cd_cert_params *params, struct ca_parts *p)
{
	int ret = ca_key(ctx, init, p);

	if (ret == 0 && !init->intermediate)
		ret = cd_issue_selfsign(ctx, params, p->signer, &p->crt);
	if (ret == 0 && init->intermediate)
		ret = cd_request_create(ctx, params, p->signer, 1, &p->crq);
	if (ret == 0 && init->intermediate)
		ret = cd_request_export(ctx, p->crq, 0, &p->req_pem);
	return ret;
}

/* Undo a failed init-ca: the store's empty directories and files it made. */
static void ca_init_undo(struct cd_store *store, int dir_existed)
{
	static const char *const rels[] = {"templates/ca.cfg",
					   "templates/server.cfg",
					   "templates/client.cfg",
					   "index.txt",
					   "index.txt.attr",
					   CD_TOKEN_URL_FILE,
					   ".certdeck.lock",
					   "revoked/certs_by_serial",
					   "revoked/private_by_serial",
					   "revoked/reqs_by_serial",
					   "revoked",
					   "private",
					   "reqs",
					   "issued",
					   "certs_by_serial",
					   "templates"};
	size_t i;

	for (i = 0; i < sizeof(rels) / sizeof(rels[0]); i++) {
		char *p = cd_store_path(store, rels[i]);

		/* Files, then directories (which go only when empty). */
		if (p && unlink(p) < 0)
			rmdir(p);
		free(p);
	}
	if (!dir_existed)
		rmdir(store->dir);
}

/* Write the store DIR from the parts built (the certificate, or the
 * request of an intermediate); nothing is left behind on failure. */
static int ca_write(struct cd_ctx *ctx, const char *dir,
		    const struct ca_parts *p, int intermediate,
		    struct cd_store **out)
{
	struct cd_store *store = NULL;
	struct cd_store_file key = ca_key_file(p);
	int dir_existed = cd_file_exists(dir);
	int ret = cd_store_create(ctx, dir, &store);

	if (ret < 0)
		return ret;
	ret = cd_store_lock(ctx, store);
	if (ret == 0)
		ret = write_profiles(ctx, store);
	if (ret == 0 && !intermediate)
		ret = cd_store_install_ca(ctx, store, p->crt, &key);
	if (ret == 0 && intermediate) {
		struct cd_store_file files[2] = {
		    key,
		    {"reqs/ca.req", p->req_pem, 0644},
		};

		ret = cd_store_add_files(ctx, store, files, 2);
	}
	if (ret == 0 && p->key_url &&
	    (store->key_url = strdup(p->key_url)) == NULL)
		ret = cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	if (ret < 0) {
		ca_init_undo(store, dir_existed);
		goto out;
	}
	if (out) {
		*out = store;
		store = NULL;
	}
out:
	cd_store_close(store);
	return ret;
}

/* Refuse a directory that holds a CA before making anything (a key
 * generated on a token would stay there). */
static int ca_dir_free(struct cd_ctx *ctx, const char *dir)
{
	static const char *const rels[] = {"private/ca.key", CD_TOKEN_URL_FILE,
					   "ca.crt"};
	size_t i;
	int taken = 0;

	for (i = 0; i < 3; i++) {
		char *path = cd_path_join(dir, rels[i]);

		if (path == NULL)
			return cd_error(ctx, CD_E_NOMEM, _("out of memory"));
		taken |= cd_file_exists(path);
		free(path);
	}
	if (taken)
		return cd_error(ctx, CD_E_EXISTS,
				_("%s: already holds a CA; choose another "
				  "directory with -d DIR"),
				dir);
	return 0;
}

int cd_ca_init(struct cd_ctx *ctx, const struct cd_ca_init *init,
	       struct cd_cert_params *params, struct cd_store **out)
{
	struct ca_parts p;
	int ret;

	memset(&p, 0, sizeof(p));
	ret = cd_ca_params_complete(ctx, params);
	if (ret == 0)
		ret = ca_dir_free(ctx, init->dir);
	if (ret == 0)
		ret = ca_build(ctx, init, params, &p);
	if (ret == 0)
		ret = ca_write(ctx, init->dir, &p, init->intermediate, out);
	ca_parts_free(&p);
	return ret;
}

int cd_ca_init_from(struct cd_ctx *ctx, const char *dir,
		    gnutls_x509_privkey_t key, gnutls_x509_crt_t crt,
		    const char *password, struct cd_store **out)
{
	struct ca_parts p;
	int ret;

	memset(&p, 0, sizeof(p));
	ret = key_pem(ctx, key, password, &p.key_pem);
	p.crt = crt; /* the caller's */
	if (ret == 0)
		ret = ca_write(ctx, dir, &p, 0, out);
	p.crt = NULL;
	ca_parts_free(&p);
	return ret;
}

int cd_ca_init_from_url(struct cd_ctx *ctx, const char *dir,
			const char *key_url, gnutls_x509_crt_t crt,
			struct cd_store **out)
{
	struct ca_parts p;
	int ret;

	memset(&p, 0, sizeof(p));
	p.key_url = strdup(key_url);
	if (p.key_url == NULL)
		return cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	p.crt = crt; /* the caller's */
	ret = ca_write(ctx, dir, &p, 0, out);
	p.crt = NULL;
	ca_parts_free(&p);
	return ret;
}

int cd_ca_init_request_from(struct cd_ctx *ctx, const char *dir,
			    gnutls_x509_privkey_t key, const char *key_url,
			    gnutls_x509_crq_t crq, const char *password,
			    struct cd_store **out)
{
	struct ca_parts p;
	int ret = 0;

	memset(&p, 0, sizeof(p));
	if (key_url && (p.key_url = strdup(key_url)) == NULL)
		ret = cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	else if (key_url == NULL)
		ret = key_pem(ctx, key, password, &p.key_pem);
	if (ret == 0 && (ret = gnutls_x509_crq_export2(crq, GNUTLS_X509_FMT_PEM,
						       &p.req_pem)) < 0)
		ret = cd_gnutls_error(ctx, ret, _("exporting the request"));
	if (ret == 0)
		ret = ca_write(ctx, dir, &p, 1, out);
	ca_parts_free(&p);
	return ret;
}

/* Do CRT and the store's key hold the same public key? */
static int crt_matches_key(struct cd_ctx *ctx, gnutls_x509_crt_t crt,
			   gnutls_privkey_t key)
{
	gnutls_pubkey_t a = NULL, b = NULL;
	gnutls_datum_t da = {NULL, 0}, db = {NULL, 0};
	int ret = gnutls_pubkey_init(&a);

	if (ret == 0)
		ret = gnutls_pubkey_import_x509(a, crt, 0);
	if (ret == 0)
		ret = gnutls_pubkey_export2(a, GNUTLS_X509_FMT_DER, &da);
	if (ret < 0) {
		ret = cd_gnutls_error(ctx, ret,
				      _("reading the certificate's key"));
		goto out;
	}
	ret = cd_issue_pubkey_of(ctx, key, &b);
	if (ret == 0 &&
	    (ret = gnutls_pubkey_export2(b, GNUTLS_X509_FMT_DER, &db)) < 0)
		ret = cd_gnutls_error(ctx, ret, _("reading the CA key"));
	if (ret == 0 &&
	    (da.size != db.size || memcmp(da.data, db.data, da.size) != 0))
		ret = cd_error(ctx, CD_E_INVALID,
			       _("the certificate is not for this store's key "
				 "(private/ca.key or the token's): was it "
				 "issued from this store's reqs/ca.req?"));
out:
	gnutls_free(da.data);
	gnutls_free(db.data);
	if (a)
		gnutls_pubkey_deinit(a);
	if (b)
		gnutls_pubkey_deinit(b);
	return ret;
}

/* Do A's and B's subject (ISSUER 0) or issuer (1) DNs match, byte for
 * byte? */
static int same_dn(gnutls_x509_crt_t a, gnutls_x509_crt_t b, int issuer)
{
	gnutls_datum_t da = {NULL, 0}, db = {NULL, 0};
	int same = issuer ? gnutls_x509_crt_get_raw_issuer_dn(a, &da) >= 0 &&
				gnutls_x509_crt_get_raw_issuer_dn(b, &db) >= 0
			  : gnutls_x509_crt_get_raw_dn(a, &da) >= 0 &&
				gnutls_x509_crt_get_raw_dn(b, &db) >= 0;

	same = same && da.size == db.size &&
	       memcmp(da.data, db.data, da.size) == 0;
	gnutls_free(da.data);
	gnutls_free(db.data);
	return same;
}

/* An intermediate's certificate renewed by its parent (the same subject,
 * issuer and key, checked by the caller for the key) replaces ca.crt;
 * the old one is kept as renewed/ca/SERIAL.crt, as renew --ca keeps it,
 * in one change. Lock held. */
static int install_renewed(struct cd_ctx *ctx, struct cd_store *store,
			   gnutls_x509_crt_t crt)
{
	char old_serial[CD_SERIAL_HEX_MAX], kept[80];
	gnutls_datum_t old_pem = {NULL, 0}, new_pem = {NULL, 0};
	struct cd_store_file replace, add;
	struct cd_store_change c;
	int ret;

	if (gnutls_x509_crt_equals(crt, store->ca_crt))
		return cd_error(ctx, CD_E_EXISTS,
				_("%s: this certificate is the CA's already "
				  "(ca.crt)"),
				store->dir);
	if (!same_dn(crt, store->ca_crt, 0) || !same_dn(crt, store->ca_crt, 1))
		return cd_error(
		    ctx, CD_E_INVALID,
		    _("%s: the CA has its certificate (ca.crt), and this one "
		      "is no renewal of it: a renewal by the parent keeps the "
		      "subject, the issuer and the key"),
		    store->dir);
	if (gnutls_x509_crt_get_expiration_time(crt) <
	    gnutls_x509_crt_get_expiration_time(store->ca_crt))
		return cd_error(
		    ctx, CD_E_INVALID,
		    _("%s: this certificate expires before the CA's "
		      "(ca.crt): an older one, not its renewal; give the "
		      "certificate the parent's renew made"),
		    store->dir);
	ret = cd_crt_serial_hex(ctx, store->ca_crt, old_serial);
	if (ret < 0)
		return ret;
	snprintf(kept, sizeof(kept), "renewed/ca/%s.crt", old_serial);
	ret = cd_store_make_dir(ctx, store, "renewed", 0755);
	if (ret == 0)
		ret = cd_store_make_dir(ctx, store, "renewed/ca", 0755);
	if (ret == 0)
		ret = cd_crt_export_pem(ctx, store->ca_crt, &old_pem);
	if (ret == 0)
		ret = cd_crt_export_pem(ctx, crt, &new_pem);
	if (ret == 0) {
		memset(&c, 0, sizeof(c));
		replace = (struct cd_store_file){"ca.crt", new_pem, 0644};
		add = (struct cd_store_file){kept, old_pem, 0644};
		c.replace = &replace;
		c.n_replace = 1;
		c.add = &add;
		c.n_add = 1;
		ret = cd_store_apply_change(ctx, store, &c);
	}
	if (ret == 0) {
		gnutls_x509_crt_t copy = NULL;

		ret = cd_crt_copy(ctx, crt, &copy);
		if (ret == 0) {
			gnutls_x509_crt_deinit(store->ca_crt);
			store->ca_crt = copy;
		}
	}
	gnutls_free(old_pem.data);
	gnutls_free(new_pem.data);
	return ret;
}

int cd_ca_install_certificate(struct cd_ctx *ctx, struct cd_store *store,
			      const char *password, gnutls_x509_crt_t crt)
{
	gnutls_privkey_t key = NULL;
	unsigned ca = 0;
	int ret;

	if (store->ca_crt &&
	    gnutls_x509_crt_check_issuer(store->ca_crt, store->ca_crt))
		return cd_error(ctx, CD_E_EXISTS,
				_("%s: the CA already has its certificate "
				  "(ca.crt), its own: a root renews it with "
				  "renew --ca"),
				store->dir);
	if (gnutls_x509_crt_get_basic_constraints(crt, NULL, &ca, NULL) < 0 ||
	    !ca)
		return cd_error(ctx, CD_E_INVALID,
				_("the certificate is not a CA's (no basic "
				  "constraints CA:TRUE): have the parent "
				  "sign with its 'ca' profile"));
	ret = cd_store_load_ca_key(ctx, store, password, &key);
	if (ret == 0)
		ret = crt_matches_key(ctx, crt, key);
	if (ret == 0)
		ret = cd_store_lock(ctx, store);
	if (ret == 0 && store->ca_crt)
		ret = install_renewed(ctx, store, crt);
	else if (ret == 0)
		ret = cd_store_install_ca(ctx, store, crt, NULL);
	if (key)
		gnutls_privkey_deinit(key);
	return ret;
}

int cd_ca_install_certificate_file(struct cd_ctx *ctx, struct cd_store *store,
				   const char *password, const char *path)
{
	gnutls_x509_crt_t crt = NULL;
	int ret = cd_file_load_crt(ctx, path, &crt);

	if (ret == 0)
		ret = cd_ca_install_certificate(ctx, store, password, crt);
	cd_store_unlock(store);
	if (crt)
		gnutls_x509_crt_deinit(crt);
	return ret;
}

int cd_store_is_pending(const struct cd_store *store)
{
	return store != NULL && store->ca_crt == NULL;
}

static int looks_like_ip(const char *name)
{
	unsigned char buf[16];

	return inet_pton(AF_INET, name, buf) == 1 ||
	       inet_pton(AF_INET6, name, buf) == 1;
}

int cd_ca_params_for_name(struct cd_ctx *ctx, struct cd_cert_params *params,
			  const char *name)
{
	int ret = 0;

	if (params->cn == NULL && params->dn == NULL)
		ret = cd_profile_set(ctx, params, "cn", name, name);
	if (ret == 0 && params->tls_www_server && params->dns_name.n == 0 &&
	    params->ip_address.n == 0)
		ret = cd_profile_set(ctx, params,
				     looks_like_ip(name) ? "ip_address"
							 : "dns_name",
				     name, name);
	return ret;
}
