/* certdeck: renew, re-key and re-issue a certificate of the store, or
 * renew the CA itself, each in one transaction (src/renew.h). */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <gnutls/x509-ext.h>

#include "error.h"
#include "expiry.h"
#include "file.h"
#include "i18n.h"
#include "issue.h"
#include "key.h"
#include "request.h"
#include "renew.h"
#include "revoke.h"

/* What one renewal holds while it runs. */
struct renewal {
	const struct cd_renew_params *p;
	gnutls_x509_crt_t old, crt;
	struct cd_index index;
	unsigned char serial[CD_STORE_SERIAL_SIZE];
	gnutls_datum_t crt_pem, key_pem, old_key;
	gnutls_datum_t req_pem, old_req; /* re-key */
	char revocation[64];
	char crt_rel[300], key_rel[300], kept_rel[300];
	char req_rel[300], kept_req_rel[300];
};

static void renewal_free(struct renewal *r)
{
	if (r->old)
		gnutls_x509_crt_deinit(r->old);
	if (r->crt)
		gnutls_x509_crt_deinit(r->crt);
	cd_index_free(&r->index);
	gnutls_free(r->crt_pem.data);
	cd_datum_wipe(&r->key_pem);
	cd_datum_wipe(&r->old_key);
	gnutls_free(r->req_pem.data);
	gnutls_free(r->old_req.data);
}

int cd_renew_load(struct cd_ctx *ctx, const struct cd_store *store,
		  const char *name, gnutls_x509_crt_t *out)
{
	char rel[300], *path;
	int ret;

	*out = NULL;
	if (name && (ret = cd_store_name_check(ctx, name)) < 0)
		return ret;
	snprintf(rel, sizeof(rel), name ? "issued/%s.crt" : "ca.crt", name);
	path = cd_store_path(store, rel);
	if (path == NULL)
		return cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	if (!cd_file_exists(path))
		ret = cd_error(ctx, CD_E_NOTFOUND,
			       _("%s: no such certificate in the store"), path);
	else
		ret = cd_file_load_crt(ctx, path, out);
	free(path);
	return ret;
}

static int set_serial_and_validity(struct cd_ctx *ctx, struct renewal *r)
{
	long days = r->p->days ? r->p->days : cd_renew_days_of(r->old);
	time_t now = cd_ctx_now(ctx);
	int ret =
	    gnutls_x509_crt_set_serial(r->crt, r->serial, sizeof(r->serial));

	if (ret >= 0)
		ret = gnutls_x509_crt_set_activation_time(r->crt, now);
	if (ret >= 0)
		ret = gnutls_x509_crt_set_expiration_time(r->crt,
							  now + days * 86400);
	return ret < 0 ? cd_gnutls_error(ctx, ret, _("the new validity")) : 0;
}

/* Re-key: the request of the new key (reqs/NAME.req), with the subject
 * and extensions of the certificate (the old one's: the same), as
 * easy-rsa's rekey makes one: the old request, for the old key, no
 * longer describes the certificate. */
static int new_request(struct cd_ctx *ctx, struct renewal *r,
		       gnutls_x509_privkey_t key)
{
	struct cd_cert_params params;
	gnutls_privkey_t signer = NULL;
	gnutls_x509_crq_t req = NULL;
	int ret;

	cd_profile_init(&params);
	ret = cd_renew_params_of(ctx, r->old, &params);
	if (ret == 0)
		ret = cd_key_to_privkey(ctx, key, &signer);
	if (ret == 0)
		ret = cd_request_create(ctx, &params, signer, 1, &req);
	if (ret == 0)
		ret = cd_request_export(ctx, req, 0, &r->req_pem);
	if (req)
		gnutls_x509_crq_deinit(req);
	if (signer)
		gnutls_privkey_deinit(signer);
	cd_profile_free(&params);
	return ret;
}

/* Re-key: a new key of the old one's kind (or P->KEY), its subject key
 * identifier, and its PEM for private/NAME.key. */
static int set_new_key(struct cd_ctx *ctx, struct renewal *r)
{
	struct cd_key_params spec;
	gnutls_x509_privkey_t key = NULL;
	gnutls_datum_t ext = {NULL, 0};
	unsigned char id[64];
	size_t size = sizeof(id);
	int ret = 0;

	if (r->p->new_key)
		key = r->p->new_key;
	else if (r->p->key)
		spec = *r->p->key;
	else
		ret = cd_renew_key_params_of(ctx, r->old, &spec);
	if (ret == 0 && key == NULL)
		ret = cd_key_generate(ctx, &spec, &key);
	if (ret == 0) {
		int g = gnutls_x509_crt_set_key(r->crt, key);

		if (g >= 0)
			g = gnutls_x509_crt_get_key_id(
			    r->crt, GNUTLS_KEYID_USE_SHA1, id, &size);
		/* set_subject_key_id refuses to replace one: the extension
		 * itself is replaced. */
		if (g >= 0)
			g = gnutls_x509_ext_export_subject_key_id(
			    &(gnutls_datum_t){id, (unsigned)size}, &ext);
		if (g >= 0)
			g = gnutls_x509_crt_set_extension_by_oid(
			    r->crt, GNUTLS_X509EXT_OID_SUBJECT_KEY_ID, ext.data,
			    ext.size, 0);
		gnutls_free(ext.data);
		if (g < 0)
			ret = cd_gnutls_error(ctx, g, _("the new key"));
	}
	if (ret == 0)
		ret = cd_key_export(ctx, key, NULL, 0, &r->key_pem);
	/* A request is a record, not what is signed: a certificate the
	 * template cannot describe still gets its new key. */
	if (ret == 0 && r->p->name && new_request(ctx, r, key) < 0)
		cd_warn(ctx,
			_("%s: no request of the new key (%s); "
			  "reqs/%s.req is left as it was"),
			r->p->name, cd_ctx_message(ctx), r->p->name);
	if (key && key != r->p->new_key)
		gnutls_x509_privkey_deinit(key);
	return ret;
}

/* Re-issue: the edited template over the old certificate's key. */
static int build_reissue(struct cd_ctx *ctx, const struct cd_store *store,
			 struct renewal *r)
{
	struct cd_issue_input in = {NULL, NULL, store->ca_crt};
	char serial[2 * CD_STORE_SERIAL_SIZE + 3] = "0x";
	size_t i;
	int ret;

	for (i = 0; i < sizeof(r->serial); i++)
		snprintf(serial + 2 + 2 * i, 3, "%02X", r->serial[i]);
	ret = cd_profile_set(ctx, r->p->params, "serial", serial, "renew");
	if (ret == 0)
		ret = cd_renew_params_join_constraints(ctx, r->p->params);
	if (ret == 0 && (ret = gnutls_pubkey_init(&in.pubkey)) >= 0 &&
	    (ret = gnutls_pubkey_import_x509(in.pubkey, r->old, 0)) < 0)
		ret = cd_gnutls_error(ctx, ret, _("the certificate's key"));
	if (ret == 0)
		ret = cd_issue_build(ctx, r->p->params, &in, &r->crt);
	gnutls_pubkey_deinit(in.pubkey);
	return ret;
}

/* Renew and re-key: a new certificate with OLD's subject (its very
 * bytes: a renewed CA must still name what its certificates name as
 * their issuer), key (WITH_KEY; a re-key sets its new one, maybe of
 * another algorithm, in a certificate that has had no other) and
 * extensions (each as it is, in its order). Not a
 * copy of OLD: GnuTLS's copy is a decoded certificate, whose validity has
 * lost the time type it did not use, and a date from 2050 on (a
 * GeneralizedTime) could not be set in it. The issuer is set when
 * signing; the serial and validity by the caller. */
static int renewable_copy(struct cd_ctx *ctx, gnutls_x509_crt_t old,
			  int with_key, gnutls_x509_crt_t *out)
{
	gnutls_x509_crt_t crt = NULL;
	gnutls_pubkey_t pub = NULL;
	char oid[128];
	unsigned i, critical;
	int ret = gnutls_x509_crt_init(&crt);

	if (ret >= 0)
		ret = gnutls_x509_crt_set_version(
		    crt, (unsigned)gnutls_x509_crt_get_version(old));
	/* name NULL: the subject copied as it is, nothing added */
	if (ret >= 0)
		ret = gnutls_x509_crt_set_proxy_dn(crt, old, 0, NULL, 0);
	if (ret >= 0 && with_key)
		ret = gnutls_pubkey_init(&pub);
	if (ret >= 0 && with_key)
		ret = gnutls_pubkey_import_x509(pub, old, 0);
	/* else set_pubkey adds the key usage the import took from OLD,
	 * ahead of the extensions' order */
	if (ret >= 0 && with_key)
		ret = gnutls_pubkey_set_key_usage(pub, 0);
	if (ret >= 0 && with_key)
		ret = gnutls_x509_crt_set_pubkey(crt, pub);
	for (i = 0; ret >= 0; i++) {
		gnutls_datum_t der = {NULL, 0};
		size_t size = sizeof(oid);

		if (gnutls_x509_crt_get_extension_info(old, i, oid, &size,
						       &critical) < 0)
			break;
		ret = gnutls_x509_crt_get_extension_data2(old, i, &der);
		if (ret >= 0)
			ret = gnutls_x509_crt_set_extension_by_oid(
			    crt, oid, der.data, der.size, critical);
		gnutls_free(der.data);
	}
	if (pub)
		gnutls_pubkey_deinit(pub);
	if (ret < 0) {
		if (crt)
			gnutls_x509_crt_deinit(crt);
		return cd_gnutls_error(ctx, ret,
				       _("copying the old certificate"));
	}
	*out = crt;
	return 0;
}

static int build(struct cd_ctx *ctx, const struct cd_store *store,
		 struct renewal *r)
{
	int ret;

	if (r->p->kind == CD_RENEW_REISSUE)
		return build_reissue(ctx, store, r);
	ret = renewable_copy(ctx, r->old, r->p->kind != CD_RENEW_NEW_KEY,
			     &r->crt);
	if (ret == 0)
		ret = set_serial_and_validity(ctx, r);
	if (ret == 0 && r->p->kind == CD_RENEW_NEW_KEY)
		ret = set_new_key(ctx, r);
	return ret;
}

/* The old certificate must be in the index, and not revoked. */
static int check_old(struct cd_ctx *ctx, struct cd_store *store,
		     struct renewal *r, struct cd_renew_result *res)
{
	const struct cd_index_entry *e;
	int ret = cd_crt_serial_hex(ctx, r->old, res->old_serial);

	if (ret == 0)
		ret = cd_index_load(ctx, store, &r->index);
	if (ret < 0 || r->p->name == NULL)
		return ret;
	e = cd_index_find(&r->index, res->old_serial);
	if (e == NULL)
		return cd_error(ctx, CD_E_NOTFOUND,
				_("%s: certificate %s is not in index.txt"),
				r->p->name, res->old_serial);
	/* A revoked certificate (its key stolen, say) gets a new key, but
	 * neither its old key again nor a second revocation. */
	if (e->status == 'R' &&
	    (r->p->kind != CD_RENEW_NEW_KEY || r->p->revoke_old)) {
		struct cd_revocation rev;
		const char *reason = NULL;
		char when[40] = "?";

		if (cd_revocation_parse(ctx, e->revocation, &rev) == 0) {
			reason = cd_reason_name(rev.reason);
			cd_expiry_date(rev.date, when, sizeof(when));
		}
		return cd_error(ctx, CD_E_INVALID,
				/* L10N: the name, the serial, the date of the
				   revocation, its RFC 5280 reason */
				_("%s: certificate %s is revoked, since %s "
				  "(%s): only a new key replaces it, the old "
				  "certificate staying revoked as it is"),
				r->p->name, res->old_serial, when,
				reason ? reason : "unspecified");
	}
	return 0;
}

static int superseded(struct cd_ctx *ctx, struct renewal *r)
{
	struct cd_revocation rev = {cd_ctx_now(ctx), 0, 0, 0};
	int ret = cd_reason_parse(ctx, "superseded", &rev.reason);

	return ret < 0 ? ret : cd_revocation_format(ctx, &rev, r->revocation);
}

/* Where the old key (re-key) or the old ca.crt (CA) is kept. */
static int keep_old(struct cd_ctx *ctx, struct cd_store *store,
		    struct renewal *r, const char *old_serial,
		    struct cd_store_file *file)
{
	int ret = cd_store_make_dir(ctx, store, "renewed", 0755);
	char *path;

	if (r->p->name == NULL) {
		snprintf(r->kept_rel, sizeof(r->kept_rel), "renewed/ca/%s.crt",
			 old_serial);
		if (ret == 0)
			ret = cd_store_make_dir(ctx, store, "renewed/ca", 0755);
		if (ret == 0)
			ret = cd_crt_export_pem(ctx, r->old, &r->old_key);
		*file = (struct cd_store_file){r->kept_rel, r->old_key, 0644};
		return ret;
	}
	snprintf(r->kept_rel, sizeof(r->kept_rel),
		 "renewed/private_by_serial/%s.key", old_serial);
	if (ret == 0)
		ret = cd_store_make_dir(ctx, store, "renewed/private_by_serial",
					0700);
	path = cd_store_path(store, r->key_rel);
	if (ret == 0 && path == NULL)
		ret = cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	if (ret == 0 && !cd_file_exists(path))
		ret = 1; /* no key in the store: nothing to keep */
	else if (ret == 0)
		ret = cd_file_read(ctx, path, 0, &r->old_key);
	free(path);
	*file = (struct cd_store_file){r->kept_rel, r->old_key, 0600};
	return ret;
}

/* Re-key: the old reqs/NAME.req, when there is one, is kept as
 * renewed/reqs_by_serial/OLD.req (as easy-rsa keeps it); 1 when there is
 * none. */
static int keep_old_request(struct cd_ctx *ctx, struct cd_store *store,
			    struct renewal *r, const char *old_serial,
			    struct cd_store_file *file)
{
	char *path = cd_store_path(store, r->req_rel);
	int ret = path ? 0 : cd_error(ctx, CD_E_NOMEM, _("out of memory"));

	if (ret == 0 && !cd_file_exists(path))
		ret = 1;
	if (ret == 0)
		ret = cd_store_make_dir(ctx, store, "renewed/reqs_by_serial",
					0755);
	if (ret == 0)
		ret = cd_file_read(ctx, path, 0, &r->old_req);
	free(path);
	snprintf(r->kept_req_rel, sizeof(r->kept_req_rel),
		 "renewed/reqs_by_serial/%s.req", old_serial);
	*file = (struct cd_store_file){r->kept_req_rel, r->old_req, 0644};
	return ret;
}

static int commit(struct cd_ctx *ctx, struct cd_store *store, struct renewal *r,
		  struct cd_renew_result *res)
{
	struct cd_store_item item = {.crt = r->crt};
	struct cd_store_file replace[3], add[2];
	struct cd_store_change c;
	int kept_key = 0, kept_req = 0;
	int ret = cd_crt_export_pem(ctx, r->crt, &r->crt_pem);

	item.crt_pem = r->crt_pem;
	memset(&c, 0, sizeof(c));
	c.replace = replace;
	c.add = add;
	if (r->p->name) {
		c.items = &item;
		c.n_items = 1;
	}
	snprintf(r->crt_rel, sizeof(r->crt_rel),
		 r->p->name ? "issued/%s.crt" : "ca.crt", r->p->name);
	snprintf(r->key_rel, sizeof(r->key_rel), "private/%s.key",
		 r->p->name ? r->p->name : "ca");
	replace[c.n_replace++] =
	    (struct cd_store_file){r->crt_rel, r->crt_pem, 0644};
	if (ret == 0 && (r->p->kind == CD_RENEW_NEW_KEY || !r->p->name)) {
		ret = keep_old(ctx, store, r, res->old_serial, &add[0]);
		kept_key = ret == 0;
		c.n_add = (size_t)kept_key;
		ret = ret > 0 ? 0 : ret;
	}
	if (r->key_pem.size)
		replace[c.n_replace++] =
		    (struct cd_store_file){r->key_rel, r->key_pem, 0600};
	if (ret == 0 && r->req_pem.size) {
		snprintf(r->req_rel, sizeof(r->req_rel), "reqs/%s.req",
			 r->p->name);
		ret = keep_old_request(ctx, store, r, res->old_serial,
				       &add[c.n_add]);
		kept_req = ret == 0;
		c.n_add += (size_t)kept_req;
		ret = ret > 0 ? 0 : ret;
		replace[c.n_replace++] =
		    (struct cd_store_file){r->req_rel, r->req_pem, 0644};
	}
	if (ret == 0 && r->p->revoke_old) {
		ret = superseded(ctx, r);
		c.revoke_serial = res->old_serial;
		c.revocation = r->revocation;
	}
	if (ret == 0)
		ret = cd_store_apply_change(ctx, store, &c);
	if (ret == 0 && kept_key)
		snprintf(res->kept, sizeof(res->kept), "%s", r->kept_rel);
	if (ret == 0 && kept_req)
		snprintf(res->kept_request, sizeof(res->kept_request), "%s",
			 r->kept_req_rel);
	return ret;
}

/* After the CA's renewal, the store holds the new ca.crt. */
static int reload_ca(struct cd_ctx *ctx, struct cd_store *store,
		     gnutls_x509_crt_t crt)
{
	gnutls_x509_crt_t copy = NULL;
	int ret = cd_crt_copy(ctx, crt, &copy);

	if (ret == 0) {
		if (store->ca_crt)
			gnutls_x509_crt_deinit(store->ca_crt);
		store->ca_crt = copy;
	}
	return ret;
}

static int check_params(struct cd_ctx *ctx, const struct cd_renew_params *p)
{
	if (p->name == NULL && p->kind != CD_RENEW_SAME_KEY)
		return cd_error(ctx, CD_E_INVALID,
				_("the CA can only be renewed with its own "
				  "key: a new CA key would break every chain "
				  "it issued"));
	if (p->name == NULL && p->revoke_old)
		return cd_error(ctx, CD_E_INVALID,
				_("the CA certificate is not in its own "
				  "index: it cannot be revoked as "
				  "superseded"));
	if (p->kind == CD_RENEW_REISSUE && p->params == NULL)
		return cd_error(ctx, CD_E_INVALID,
				_("internal error: a re-issue without a "
				  "template"));
	if (p->days < 0 || p->days > 36500)
		return cd_error(ctx, CD_E_INVALID,
				_("%ld days: expected 1 to 36500"), p->days);
	return 0;
}

/* The serial P asks for, while it is free; else a fresh one. */
static int pick_serial(struct cd_ctx *ctx, const struct cd_store *store,
		       struct renewal *r)
{
	char hex[CD_SERIAL_HEX_MAX];
	size_t i;

	if (r->p->serial) {
		for (i = 0; i < CD_STORE_SERIAL_SIZE; i++)
			snprintf(hex + 2 * i, 3, "%02X", r->p->serial[i]);
		if (!cd_store_serial_in_use(store, &r->index, hex)) {
			memcpy(r->serial, r->p->serial, CD_STORE_SERIAL_SIZE);
			return 0;
		}
	}
	return cd_store_new_serial(ctx, store, &r->index, NULL, 0, r->serial);
}

int cd_renew_build_preview(struct cd_ctx *ctx, const struct cd_store *store,
			   const struct cd_renew_params *p,
			   gnutls_x509_crt_t old, gnutls_x509_crt_t *out)
{
	struct renewal r;
	int ret = check_params(ctx, p);

	memset(&r, 0, sizeof(r));
	*out = NULL;
	r.p = p;
	r.old = old;
	if (ret == 0)
		ret = cd_index_load(ctx, store, &r.index);
	if (ret == 0)
		ret = pick_serial(ctx, store, &r);
	if (ret == 0)
		ret = build(ctx, store, &r);
	if (ret == 0) {
		*out = r.crt;
		r.crt = NULL;
	}
	r.old = NULL; /* the caller's */
	renewal_free(&r);
	return ret;
}

/* Does a valid certificate of the store name the serial of CA (the old
 * CA certificate) in its authority key identifier, as easy-rsa's do?
 * Such a certificate chains to that CA certificate only: openssl does not
 * verify it against a renewed one, whose serial is new. Its name, or
 * NULL. */
static char *names_ca_serial(struct cd_ctx *ctx, const struct cd_store *store,
			     const struct cd_index *index, gnutls_x509_crt_t ca)
{
	unsigned char want[64], got[64], id[4096];
	size_t want_size = sizeof(want), got_size, id_size, i;
	unsigned type, critical;
	char rel[CD_SERIAL_HEX_MAX + 32], *path, *found = NULL;

	if (gnutls_x509_crt_get_serial(ca, want, &want_size) < 0)
		return NULL;
	for (i = 0; i < index->count && found == NULL; i++) {
		const struct cd_index_entry *x = &index->entries[i];
		gnutls_x509_crt_t crt = NULL;
		time_t until;

		/* valid, and not past its end (openssl ca -updatedb aside) */
		if (x->status != 'V' ||
		    (cd_index_time_parse(x->expiry, &until) == 0 &&
		     until <= cd_ctx_now(ctx)))
			continue;
		snprintf(rel, sizeof(rel), "certs_by_serial/%s.pem", x->serial);
		path = cd_store_path(store, rel);
		got_size = sizeof(got);
		id_size = sizeof(id);
		if (path && cd_file_load_crt(ctx, path, &crt) == 0 &&
		    gnutls_x509_crt_get_authority_key_gn_serial(
			crt, 0, id, &id_size, &type, got, &got_size,
			&critical) >= 0 &&
		    got_size == want_size && memcmp(got, want, got_size) == 0)
			found = strdup(x->subject ? x->subject : x->serial);
		if (crt)
			gnutls_x509_crt_deinit(crt);
		free(path);
	}
	ctx->message[0] = '\0';
	return found;
}

/* A renewed CA certificate CRT that ends before valid certificates of
 * INDEX: they stop verifying on that day. Said, not refused: the CA may
 * be renewed again before then. */
static void warn_outlived(struct cd_ctx *ctx, const struct cd_index *index,
			  gnutls_x509_crt_t crt)
{
	time_t end = gnutls_x509_crt_get_expiration_time(crt), last = 0, until;
	char end_text[64], last_text[64];
	size_t i, n = 0;

	if (end == (time_t)-1)
		return;
	for (i = 0; i < index->count; i++)
		if (index->entries[i].status == 'V' &&
		    cd_index_time_parse(index->entries[i].expiry, &until) ==
			0 &&
		    until > end && until > cd_ctx_now(ctx)) {
			n++;
			if (until > last)
				last = until;
		}
	if (n == 0)
		return;
	cd_expiry_date(end, end_text, sizeof(end_text));
	cd_expiry_date(last, last_text, sizeof(last_text));
	cd_warn(ctx,
		dngettext(CD_TEXTDOMAIN,
			  "the renewed CA certificate ends on %s, before %zu "
			  "certificate it issued (which ends on %s): from that "
			  "day on it no longer verifies; renew the CA again "
			  "before then, or give it a longer validity",
			  "the renewed CA certificate ends on %s, before %zu "
			  "certificates it issued (the last ends on %s): from "
			  "that day on they no longer verify; renew the CA "
			  "again before then, or give it a longer validity",
			  n),
		end_text, n, last_text);
}

int cd_renew(struct cd_ctx *ctx, struct cd_store *store,
	     const struct cd_renew_params *p, gnutls_privkey_t ca_key,
	     struct cd_renew_result *res)
{
	struct renewal r;
	int ret;

	memset(&r, 0, sizeof(r));
	memset(res, 0, sizeof(*res));
	r.p = p;
	ret = check_params(ctx, p);
	if (ret == 0 && store->ca_crt == NULL)
		ret = cd_error(ctx, CD_E_STORE,
			       _("%s: the CA certificate is not installed "
				 "yet"),
			       store->dir);
	if (ret < 0)
		return ret;
	ret = cd_store_lock(ctx, store);
	if (ret < 0)
		return ret;
	ret = cd_renew_load(ctx, store, p->name, &r.old);
	if (ret == 0 && p->name == NULL &&
	    !gnutls_x509_crt_check_issuer(r.old, r.old))
		ret = cd_error(ctx, CD_E_INVALID,
			       _("%s: an intermediate CA's certificate is "
				 "renewed by its parent (certdeck -d PARENT "
				 "renew NAME), not by itself"),
			       store->dir);
	if (ret == 0)
		ret = check_old(ctx, store, &r, res);
	if (ret == 0 && p->name == NULL && !p->force) {
		char *who = names_ca_serial(ctx, store, &r.index, r.old);

		if (who)
			ret = cd_error(
			    ctx, CD_E_INVALID,
			    _("%s names the CA certificate's serial in its "
			      "authority key identifier (easy-rsa writes it): "
			      "openssl verifies such certificates against "
			      "this CA certificate only, not a renewed one "
			      "with a new serial; renew them after the CA, "
			      "or renew the CA anyway with the command line's "
			      "renew --ca --force"),
			    who);
		free(who);
	}
	if (ret == 0)
		ret = pick_serial(ctx, store, &r);
	if (ret == 0)
		ret = build(ctx, store, &r);
	if (ret == 0 && p->check)
		ret = p->check(ctx, r.crt, p->name ? store->ca_crt : NULL,
			       p->check_arg);
	if (ret == 0)
		ret = cd_issue_sign(ctx, r.crt, p->name ? store->ca_crt : NULL,
				    ca_key);
	if (ret == 0)
		ret = cd_crt_serial_hex(ctx, r.crt, res->new_serial);
	if (ret == 0)
		ret = commit(ctx, store, &r, res);
	if (ret == 0 && p->name == NULL)
		ret = reload_ca(ctx, store, r.crt);
	if (ret == 0 && p->name == NULL)
		warn_outlived(ctx, &r.index, r.crt);
	if (ret == 0)
		res->not_after = gnutls_x509_crt_get_expiration_time(r.crt);
	renewal_free(&r);
	cd_store_unlock(store);
	return ret;
}
