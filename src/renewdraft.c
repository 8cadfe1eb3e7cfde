/* certdeck: a renewal prepared by a screen (src/renew.h), so that the TUI
 * holds no GnuTLS object of its own. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "file.h"
#include "i18n.h"
#include "issue.h"
#include "renew.h"

struct cd_renew_draft {
	char *name; /* NULL: the CA */
	gnutls_x509_crt_t old;
	char serial[CD_SERIAL_HEX_MAX];
	struct cd_key_params key;
	gnutls_x509_privkey_t new_key;
	/* The new serial the first preview showed, given by the commit. */
	unsigned char new_serial[CD_STORE_SERIAL_SIZE];
	int has_new_serial;
};

void cd_renew_draft_free(struct cd_renew_draft *d)
{
	if (d == NULL)
		return;
	if (d->old)
		gnutls_x509_crt_deinit(d->old);
	if (d->new_key)
		gnutls_x509_privkey_deinit(d->new_key);
	free(d->name);
	free(d);
}

int cd_renew_draft_open(struct cd_ctx *ctx, const struct cd_store *store,
			const char *name, struct cd_renew_draft **out)
{
	struct cd_renew_draft *d = calloc(1, sizeof(*d));
	int ret = d ? 0 : cd_error(ctx, CD_E_NOMEM, _("out of memory"));

	*out = NULL;
	if (ret == 0 && name && (d->name = strdup(name)) == NULL)
		ret = cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	if (ret == 0)
		ret = cd_renew_load(ctx, store, name, &d->old);
	if (ret == 0)
		ret = cd_crt_serial_hex(ctx, d->old, d->serial);
	if (ret == 0)
		ret = cd_renew_key_params_of(ctx, d->old, &d->key);
	if (ret < 0)
		cd_renew_draft_free(d);
	else
		*out = d;
	return ret;
}

const char *cd_renew_draft_serial(const struct cd_renew_draft *d)
{
	return d->serial;
}

long cd_renew_draft_days(const struct cd_renew_draft *d)
{
	return cd_renew_days_of(d->old);
}

int cd_renew_draft_is_rsa(const struct cd_renew_draft *d)
{
	return d->key.pk == GNUTLS_PK_RSA;
}

int cd_renew_draft_params(struct cd_ctx *ctx, const struct cd_renew_draft *d,
			  struct cd_cert_params *params)
{
	return cd_renew_params_of(ctx, d->old, params);
}

int cd_renew_draft_generate_key(struct cd_ctx *ctx, struct cd_renew_draft *d)
{
	if (d->new_key) {
		gnutls_x509_privkey_deinit(d->new_key);
		d->new_key = NULL;
	}
	return cd_key_generate(ctx, &d->key, &d->new_key);
}

int cd_renew_draft_preview(struct cd_ctx *ctx, const struct cd_store *store,
			   struct cd_renew_draft *d,
			   const struct cd_renew_params *p, char **text,
			   struct cd_lint_report *report)
{
	struct cd_renew_params q = *p;
	gnutls_x509_crt_t crt = NULL;
	size_t size = sizeof(d->new_serial);
	int ret;

	*text = NULL;
	q.name = d->name;
	q.new_key = d->new_key;
	q.serial = d->has_new_serial ? d->new_serial : NULL;
	ret = cd_renew_build_preview(ctx, store, &q, d->old, &crt);
	if (ret == 0 &&
	    gnutls_x509_crt_get_serial(crt, d->new_serial, &size) == 0 &&
	    size == sizeof(d->new_serial))
		d->has_new_serial = 1;
	if (ret == 0)
		/* the CA's own renewal: its subject is its issuer too */
		ret = cd_issue_preview_text(ctx, crt, store->ca_crt, text);
	if (ret == 0)
		ret = cd_lint_certificate(
		    ctx, crt, d->name ? store->ca_crt : NULL, report);
	if (crt)
		gnutls_x509_crt_deinit(crt);
	return ret;
}

int cd_renew_draft_template(struct cd_ctx *ctx, const struct cd_renew_params *p,
			    char **text)
{
	gnutls_datum_t out = {NULL, 0};
	int ret;

	*text = NULL;
	if (p->params == NULL)
		return cd_error(ctx, CD_E_INVALID,
				_("internal error: a re-issue without a "
				  "template"));
	/* as it will be signed: one name constraints extension */
	ret = cd_renew_params_join_constraints(ctx, p->params);
	if (ret == 0)
		ret = cd_profile_write(ctx, p->params, &out);
	return ret < 0 ? ret : cd_datum_to_text(ctx, &out, text);
}

/* The sign wizard's rule: an error-level finding refuses. */
static int lint_refuses(struct cd_ctx *ctx, gnutls_x509_crt_t crt,
			gnutls_x509_crt_t issuer, void *arg)
{
	const struct cd_renew_draft *d = arg;
	struct cd_lint_report report;
	int ret;

	cd_lint_report_init(&report);
	ret = cd_lint_certificate(ctx, crt, issuer, &report);
	if (ret == 0)
		ret = cd_lint_refuse(ctx, d->name ? d->name : "ca", &report);
	cd_lint_report_free(&report);
	return ret;
}

int cd_renew_draft_commit(struct cd_ctx *ctx, struct cd_store *store,
			  struct cd_renew_draft *d, struct cd_renew_params *p,
			  const char *password, struct cd_renew_result *res)
{
	gnutls_privkey_t ca_key = NULL;
	int ret;

	memset(res, 0, sizeof(*res));
	if (p->kind == CD_RENEW_NEW_KEY && d->new_key == NULL)
		return cd_error(ctx, CD_E_INVALID,
				_("internal error: a re-key without its new "
				  "key"));
	p->name = d->name;
	p->new_key = d->new_key;
	if (p->serial == NULL && d->has_new_serial)
		p->serial = d->new_serial;
	if (p->check == NULL) {
		p->check = lint_refuses;
		p->check_arg = d;
	}
	ret = cd_store_load_ca_key(ctx, store, password, &ca_key);
	if (ret == 0)
		ret = cd_renew(ctx, store, p, ca_key, res);
	if (ca_key)
		gnutls_privkey_deinit(ca_key);
	return ret;
}
