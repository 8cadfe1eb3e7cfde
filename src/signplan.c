/* certdeck: the plan of a signature, extension by extension (signplan.h).
 *
 * The certificate's values are not guessed: the to-be-signed certificate
 * is built three times (with the choices, with the edited profile alone,
 * with the store's profile alone) and compared, so that what the plan
 * shows is what cd_issue_build() will make. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gnutls/x509-ext.h>

#include "ca.h"
#include "error.h"
#include "file.h"
#include "i18n.h"
#include "issue.h"
#include "request.h"
#include "signplan.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static const struct {
	const char *oid;
	const char *name;
} ext_names[] = {
    {GNUTLS_X509EXT_OID_SAN, N_("Subject alternative names")},
    {GNUTLS_X509EXT_OID_KEY_USAGE, N_("Key usage")},
    {GNUTLS_X509EXT_OID_EXTENDED_KEY_USAGE, N_("Extended key usage")},
    {GNUTLS_X509EXT_OID_BASIC_CONSTRAINTS, N_("Basic constraints")},
    {GNUTLS_X509EXT_OID_SUBJECT_KEY_ID, N_("Subject key identifier")},
    {GNUTLS_X509EXT_OID_AUTHORITY_KEY_ID, N_("Authority key identifier")},
    {GNUTLS_X509EXT_OID_CRL_DIST_POINTS, N_("CRL distribution points")},
    {GNUTLS_X509EXT_OID_AUTHORITY_INFO_ACCESS,
     N_("Authority information access")},
    {GNUTLS_X509EXT_OID_NAME_CONSTRAINTS, N_("Name constraints")},
    {GNUTLS_X509EXT_OID_CRT_POLICY, N_("Certificate policies")},
    {GNUTLS_X509EXT_OID_TLSFEATURES, N_("TLS features")},
    {GNUTLS_X509EXT_OID_IAN, N_("Issuer alternative names")},
    {"2.16.840.1.113730.1.13", N_("Netscape comment")},
};

/* The extensions of a certificate or a request. */
struct ext_set {
	size_t n;
	char oid[32][128];
	unsigned critical[32];
	gnutls_datum_t der[32];
};

static void ext_set_free(struct ext_set *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		gnutls_free(s->der[i].data);
	s->n = 0;
}

static int ext_set_read(struct cd_ctx *ctx, gnutls_x509_crt_t crt,
			gnutls_x509_crq_t crq, struct ext_set *s)
{
	size_t size;
	int ret;

	for (s->n = 0; s->n < ARRAY_SIZE(s->oid); s->n++) {
		size = sizeof(s->oid[0]);
		ret = crt ? gnutls_x509_crt_get_extension_info(
				crt, (unsigned)s->n, s->oid[s->n], &size,
				&s->critical[s->n])
			  : gnutls_x509_crq_get_extension_info(
				crq, (unsigned)s->n, s->oid[s->n], &size,
				&s->critical[s->n]);
		if (ret == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
			return 0;
		if (ret >= 0)
			ret = crt ? gnutls_x509_crt_get_extension_data2(
					crt, (unsigned)s->n, &s->der[s->n])
				  : gnutls_x509_crq_get_extension_data2(
					crq, (unsigned)s->n, &s->der[s->n]);
		if (ret < 0) {
			ext_set_free(s);
			return cd_gnutls_error(ctx, ret,
					       _("reading the extensions"));
		}
	}
	return 0;
}

static int ext_set_find(const struct ext_set *s, const char *oid)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (strcmp(s->oid[i], oid) == 0)
			return (int)i;
	return -1;
}

static int ext_same(const struct ext_set *a, int i, const struct ext_set *b,
		    int j)
{
	return i >= 0 && j >= 0 && a->critical[i] == b->critical[j] &&
	       a->der[i].size == b->der[j].size &&
	       memcmp(a->der[i].data, b->der[j].data, a->der[i].size) == 0;
}

static const char *ext_name(const char *oid)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ext_names); i++)
		if (strcmp(ext_names[i].oid, oid) == 0)
			return _(ext_names[i].name);
	return NULL;
}

/* GnuTLS's description of one extension, without its heading line and
 * the indentation: one line per value. */
static char *ext_text(const struct ext_set *s, size_t i)
{
	gnutls_x509_ext_st ext;
	gnutls_datum_t out = {NULL, 0};
	char *text, *src, *dst;
	int bol = 1;

	ext.oid = (char *)s->oid[i];
	ext.critical = s->critical[i];
	ext.data = s->der[i];
	if (gnutls_x509_ext_print(&ext, 1, GNUTLS_CRT_PRINT_FULL, &out) < 0)
		return strdup("?");
	src = strchr((char *)out.data, '\n');
	text = strdup(src ? src + 1 : (char *)out.data);
	gnutls_free(out.data);
	if (text == NULL)
		return NULL;
	for (src = dst = text; *src; src++) {
		if (bol && (*src == '\t' || *src == ' '))
			continue;
		bol = *src == '\n';
		*dst++ = (*src >= 0 && *src < ' ' && *src != '\n') ? '?' : *src;
	}
	while (dst > text && dst[-1] == '\n')
		dst--;
	*dst = '\0';
	return text;
}

/* A deep copy, through the template writer and parser (one code path
 * that knows every keyword). */
static int params_copy(struct cd_ctx *ctx, const struct cd_cert_params *src,
		       struct cd_cert_params *dst)
{
	gnutls_datum_t text = {NULL, 0};
	int ret;

	cd_profile_init(dst);
	ret = cd_profile_write(ctx, src, &text);
	if (ret == 0)
		ret = cd_profile_parse(ctx, (const char *)text.data, text.size,
				       "profile", dst);
	gnutls_free(text.data);
	if (ret < 0)
		cd_profile_free(dst);
	return ret;
}

/* BASE without honour settings; with CHOICES, the OIDs chosen. */
static int params_with(struct cd_ctx *ctx, const struct cd_signplan *plan,
		       const struct cd_cert_params *base, int choices,
		       struct cd_cert_params *out)
{
	size_t i;
	int ret = params_copy(ctx, base, out);

	if (ret < 0)
		return ret;
	out->honor_crq_extensions = 0;
	cd_profile_clear(out, cd_profile_keyword("honor_crq_ext"));
	for (i = 0; choices && ret == 0 && i < plan->n; i++)
		if (plan->rows[i].honour)
			ret = cd_profile_set(ctx, out, "honor_crq_ext",
					     plan->rows[i].oid, "review");
	if (ret < 0)
		cd_profile_free(out);
	return ret;
}

static int build_exts(struct cd_ctx *ctx, const struct cd_signplan *plan,
		      const struct cd_cert_params *base, int choices,
		      struct ext_set *s)
{
	struct cd_cert_params p;
	struct cd_issue_input in = {plan->request, NULL, plan->ca_crt};
	gnutls_x509_crt_t crt = NULL;
	int ret = params_with(ctx, plan, base, choices, &p);

	if (ret < 0)
		return ret;
	ret = cd_issue_build(ctx, &p, &in, &crt);
	if (ret == 0)
		ret = ext_set_read(ctx, crt, NULL, s);
	if (crt)
		gnutls_x509_crt_deinit(crt);
	cd_profile_free(&p);
	return ret;
}

static int has_san(const struct cd_cert_params *p)
{
	return p->dns_name.n || p->ip_address.n || p->email.n || p->uri.n ||
	       p->other_name.n || p->other_name_utf8.n ||
	       p->other_name_octet.n || p->krb5_principal.n || p->xmpp_name.n;
}

/* The first choice for the request's extension OID. */
static int default_honour(const struct cd_signplan *plan, const char *oid)
{
	const struct cd_cert_params *p = &plan->edited;
	size_t i;

	if (p->honor_crq_extensions)
		return 1;
	for (i = 0; i < p->honor_crq_ext.n; i++)
		if (strcmp(p->honor_crq_ext.v[i], oid) == 0)
			return 1;
	return p->honor_crq_ext.n == 0 &&
	       strcmp(oid, GNUTLS_X509EXT_OID_SAN) == 0 && !has_san(p);
}

static int honour_of(const struct cd_signplan *plan, const char *oid)
{
	size_t i;

	for (i = 0; i < plan->n; i++)
		if (strcmp(plan->rows[i].oid, oid) == 0)
			return plan->rows[i].honour;
	return default_honour(plan, oid);
}

static void rows_free(struct cd_signplan_row *rows, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(rows[i].request_text);
		free(rows[i].cert_text);
	}
	free(rows);
}

static enum cd_signplan_origin origin_of(const struct cd_signplan_row *row,
					 const struct ext_set *req, int r,
					 const struct ext_set *cert, int c,
					 const struct ext_set *edited, int e,
					 const struct ext_set *profile, int p)
{
	if (c < 0)
		return CD_ORIGIN_NONE;
	if (strcmp(row->oid, GNUTLS_X509EXT_OID_SUBJECT_KEY_ID) == 0 ||
	    strcmp(row->oid, GNUTLS_X509EXT_OID_AUTHORITY_KEY_ID) == 0)
		return CD_ORIGIN_ISSUER;
	if (row->honour && ext_same(cert, c, req, r))
		return CD_ORIGIN_REQUEST;
	if (row->honour && !ext_same(cert, c, edited, e))
		return CD_ORIGIN_MERGED;
	return ext_same(edited, e, profile, p) ? CD_ORIGIN_PROFILE
					       : CD_ORIGIN_EDITED;
}

/* One row for OID: the request's and the certificate's values. */
static int row_fill(struct cd_signplan_row *row, const char *oid,
		    const struct ext_set *sets[4])
{
	int idx[4], k;

	snprintf(row->oid, sizeof(row->oid), "%s", oid);
	row->name = ext_name(oid);
	for (k = 0; k < 4; k++)
		idx[k] = ext_set_find(sets[k], oid);
	if (idx[0] >= 0) {
		row->request_critical = (int)sets[0]->critical[idx[0]];
		if ((row->request_text = ext_text(sets[0], (size_t)idx[0])) ==
		    NULL)
			return CD_E_NOMEM;
	}
	if (idx[1] >= 0) {
		row->cert_critical = (int)sets[1]->critical[idx[1]];
		if ((row->cert_text = ext_text(sets[1], (size_t)idx[1])) ==
		    NULL)
			return CD_E_NOMEM;
	}
	row->origin = origin_of(row, sets[0], idx[0], sets[1], idx[1], sets[2],
				idx[2], sets[3], idx[3]);
	return 0;
}

/* The rows: the request's extensions in its order, then those only the
 * certificate holds. SETS: request, certificate, edited, profile. */
static int rows_make(struct cd_ctx *ctx, struct cd_signplan *plan,
		     const struct ext_set *sets[4])
{
	size_t i, n = 0, total = sets[0]->n + sets[1]->n;
	struct cd_signplan_row *rows = calloc(total + 1, sizeof(*rows));
	int ret = 0;

	if (rows == NULL)
		return cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	for (i = 0; i < sets[0]->n && ret == 0; i++) {
		rows[n].honour = honour_of(plan, sets[0]->oid[i]);
		ret = row_fill(&rows[n++], sets[0]->oid[i], sets);
	}
	for (i = 0; i < sets[1]->n && ret == 0; i++)
		if (ext_set_find(sets[0], sets[1]->oid[i]) < 0)
			ret = row_fill(&rows[n++], sets[1]->oid[i], sets);
	if (ret < 0) {
		rows_free(rows, n);
		return cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	}
	rows_free(plan->rows, plan->n);
	plan->rows = rows;
	plan->n = n;
	return 0;
}

/* Work the rows out again from the request and the choices. */
static int plan_compute(struct cd_ctx *ctx, struct cd_signplan *plan)
{
	struct ext_set *s = calloc(4, sizeof(*s));
	const struct ext_set *sets[4];
	int ret, k;

	if (s == NULL)
		return cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	ret = ext_set_read(ctx, NULL, plan->request, &s[0]);
	/* The choices are read from the rows: make them first. */
	for (k = 0; k < 4; k++)
		sets[k] = &s[k];
	if (ret == 0 && plan->rows == NULL)
		ret = rows_make(ctx, plan, sets);
	if (ret == 0)
		ret = build_exts(ctx, plan, &plan->edited, 1, &s[1]);
	if (ret == 0)
		ret = build_exts(ctx, plan, &plan->edited, 0, &s[2]);
	if (ret == 0)
		ret = build_exts(ctx, plan, &plan->profile, 0, &s[3]);
	if (ret == 0)
		ret = rows_make(ctx, plan, sets);
	for (k = 0; k < 4; k++)
		ext_set_free(&s[k]);
	free(s);
	return ret;
}

static int crq_copy(struct cd_ctx *ctx, gnutls_x509_crq_t src,
		    gnutls_x509_crq_t *out)
{
	gnutls_datum_t der = {NULL, 0};
	int ret = gnutls_x509_crq_export2(src, GNUTLS_X509_FMT_DER, &der);

	*out = NULL;
	if (ret >= 0)
		ret = gnutls_x509_crq_init(out);
	if (ret >= 0)
		ret = gnutls_x509_crq_import(*out, &der, GNUTLS_X509_FMT_DER);
	gnutls_free(der.data);
	if (ret < 0) {
		if (*out)
			gnutls_x509_crq_deinit(*out);
		*out = NULL;
		return cd_gnutls_error(ctx, ret, _("copying the request"));
	}
	return 0;
}

int cd_signplan_init(struct cd_ctx *ctx, struct cd_signplan *plan,
		     gnutls_x509_crq_t req, gnutls_x509_crt_t ca_crt,
		     const struct cd_cert_params *profile,
		     const struct cd_cert_params *edited)
{
	int ret;

	memset(plan, 0, sizeof(*plan));
	cd_profile_init(&plan->profile);
	cd_profile_init(&plan->edited);
	plan->ca_crt = ca_crt;
	ret = crq_copy(ctx, req, &plan->request);
	if (ret == 0) {
		cd_profile_free(&plan->profile);
		ret = params_copy(ctx, profile, &plan->profile);
	}
	if (ret == 0) {
		cd_profile_free(&plan->edited);
		ret = params_copy(ctx, edited, &plan->edited);
	}
	if (ret == 0)
		ret = plan_compute(ctx, plan);
	if (ret < 0)
		cd_signplan_free(plan);
	return ret;
}

int cd_signplan_load(struct cd_ctx *ctx, struct cd_signplan *plan,
		     struct cd_store *store, const char *name,
		     const struct cd_cert_params *profile,
		     const struct cd_cert_params *edited)
{
	gnutls_x509_crq_t req = NULL;
	char rel[300], *path;
	int ret;

	memset(plan, 0, sizeof(*plan));
	if (store->ca_crt == NULL)
		return cd_error(ctx, CD_E_STORE,
				_("the store's CA has no certificate yet"));
	ret = cd_store_name_check(ctx, name);
	if (ret < 0)
		return ret;
	snprintf(rel, sizeof(rel), "reqs/%s.req", name);
	path = cd_store_path(store, rel);
	if (path == NULL)
		return cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	ret = cd_request_load(ctx, path, &req);
	free(path);
	if (ret == 0)
		ret = cd_signplan_init(ctx, plan, req, store->ca_crt, profile,
				       edited);
	if (req)
		gnutls_x509_crq_deinit(req);
	if (ret == 0 && (plan->name = strdup(name)) == NULL) {
		cd_signplan_free(plan);
		return cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	}
	return ret;
}

void cd_signplan_free(struct cd_signplan *plan)
{
	rows_free(plan->rows, plan->n);
	if (plan->request)
		gnutls_x509_crq_deinit(plan->request);
	cd_profile_free(&plan->profile);
	cd_profile_free(&plan->edited);
	free(plan->name);
	memset(plan, 0, sizeof(*plan));
}

int cd_signplan_set_honour(struct cd_ctx *ctx, struct cd_signplan *plan,
			   size_t row, int honour)
{
	if (row >= plan->n || plan->rows[row].request_text == NULL)
		return cd_error(ctx, CD_E_INVALID,
				_("the request does not carry this extension"));
	plan->rows[row].honour = honour != 0;
	return plan_compute(ctx, plan);
}

int cd_signplan_set_edited(struct cd_ctx *ctx, struct cd_signplan *plan,
			   const struct cd_cert_params *edited)
{
	struct cd_cert_params copy;
	int ret = params_copy(ctx, edited, &copy);

	if (ret < 0)
		return ret;
	cd_profile_free(&plan->edited);
	plan->edited = copy;
	rows_free(plan->rows, plan->n);
	plan->rows = NULL;
	plan->n = 0;
	return plan_compute(ctx, plan);
}

int cd_signplan_params(struct cd_ctx *ctx, const struct cd_signplan *plan,
		       struct cd_cert_params *out)
{
	return params_with(ctx, plan, &plan->edited, 1, out);
}

int cd_signplan_request_is_rsa(const struct cd_signplan *plan)
{
	unsigned bits;

	return gnutls_x509_crq_get_pk_algorithm(plan->request, &bits) ==
	       GNUTLS_PK_RSA;
}

long cd_signplan_days_past_ca(struct cd_ctx *ctx,
			      const struct cd_signplan *plan, time_t *ca_end)
{
	struct cd_cert_params p;
	struct cd_issue_input in = {plan->request, NULL, plan->ca_crt};
	gnutls_x509_crt_t crt = NULL;
	time_t end, ca = gnutls_x509_crt_get_expiration_time(plan->ca_crt);
	long days = 0;

	if (ca_end)
		*ca_end = ca;
	if (cd_signplan_params(ctx, plan, &p) < 0)
		return 0;
	if (cd_issue_build(ctx, &p, &in, &crt) == 0) {
		end = gnutls_x509_crt_get_expiration_time(crt);
		if (end != (time_t)-1 && ca != (time_t)-1 && end > ca)
			days = (long)((end - ca + 86399) / 86400);
		gnutls_x509_crt_deinit(crt);
	}
	cd_profile_free(&p);
	return days;
}

const char *cd_signplan_origin_name(enum cd_signplan_origin origin)
{
	static const char *const names[] = {
	    /* L10N: where a certificate's extension comes from */
	    [CD_ORIGIN_NONE] = N_("dropped"),
	    [CD_ORIGIN_REQUEST] = N_("request"),
	    [CD_ORIGIN_PROFILE] = N_("profile"),
	    [CD_ORIGIN_EDITED] = N_("edited"),
	    [CD_ORIGIN_MERGED] = N_("request+profile"),
	    [CD_ORIGIN_ISSUER] = N_("computed"),
	};

	if ((size_t)origin >= ARRAY_SIZE(names))
		return "?";
	return _(names[origin]);
}

int cd_signplan_preview(struct cd_ctx *ctx, const struct cd_signplan *plan,
			char **text, struct cd_lint_report *report)
{
	struct cd_cert_params p;
	struct cd_issue_input in = {plan->request, NULL, plan->ca_crt};
	gnutls_x509_crt_t crt = NULL;
	int ret = cd_signplan_params(ctx, plan, &p);

	*text = NULL;
	if (ret < 0)
		return ret;
	ret = cd_issue_build(ctx, &p, &in, &crt);
	if (ret == 0)
		ret = cd_issue_preview_text(ctx, crt, plan->ca_crt, text);
	if (ret == 0 && report)
		ret = cd_lint_certificate(ctx, crt, plan->ca_crt, report);
	if (crt)
		gnutls_x509_crt_deinit(crt);
	cd_profile_free(&p);
	return ret;
}

int cd_signplan_template(struct cd_ctx *ctx, const struct cd_signplan *plan,
			 char **text)
{
	struct cd_cert_params p;
	gnutls_datum_t out = {NULL, 0};
	int ret = cd_signplan_params(ctx, plan, &p);

	*text = NULL;
	if (ret < 0)
		return ret;
	ret = cd_profile_write(ctx, &p, &out);
	if (ret == 0)
		ret = cd_datum_to_text(ctx, &out, text);
	cd_profile_free(&p);
	return ret;
}

/* Lint the batch's certificate: an error-level finding refuses. */
static int lint_job(struct cd_ctx *ctx, struct cd_ca_batch *batch,
		    struct cd_lint_report *report)
{
	int ret = cd_lint_certificate(ctx, batch->jobs[0].crt,
				      batch->store->ca_crt, report);

	return ret < 0 ? ret : cd_lint_refuse(ctx, batch->jobs[0].name, report);
}

static int sign_batch(struct cd_ctx *ctx, const struct cd_signplan *plan,
		      struct cd_store *store, const struct cd_cert_params *p,
		      gnutls_privkey_t ca_key, struct cd_lint_report *report,
		      char *serial)
{
	struct cd_ca_batch batch;
	gnutls_x509_crq_t req = NULL;
	int ret;

	memset(&batch, 0, sizeof(batch));
	ret = cd_ca_batch_begin(ctx, store, &batch);
	if (ret == 0)
		ret = crq_copy(ctx, plan->request, &req);
	if (ret == 0)
		ret =
		    cd_ca_batch_add_request(ctx, &batch, p, plan->name, req, 1);
	if (ret == 0)
		ret = cd_ca_batch_build(ctx, &batch);
	if (ret == 0)
		ret = lint_job(ctx, &batch, report);
	if (ret == 0)
		ret = cd_ca_batch_commit(ctx, &batch, ca_key);
	if (ret == 0 && serial)
		snprintf(serial, CD_SERIAL_HEX_MAX, "%s", batch.serials[0]);
	cd_ca_batch_end(&batch);
	return ret;
}

int cd_signplan_sign(struct cd_ctx *ctx, const struct cd_signplan *plan,
		     struct cd_store *store, const char *password,
		     struct cd_lint_report *report, char *serial)
{
	struct cd_cert_params p;
	struct cd_lint_report own;
	gnutls_privkey_t ca_key = NULL;
	int ret;

	if (plan->name == NULL)
		return cd_error(ctx, CD_E_INVALID,
				_("the request is not one of the store's"));
	cd_lint_report_init(&own);
	ret = cd_signplan_params(ctx, plan, &p);
	if (ret < 0)
		return ret;
	ret = cd_store_load_ca_key(ctx, store, password, &ca_key);
	if (ret == 0)
		ret = sign_batch(ctx, plan, store, &p, ca_key,
				 report ? report : &own, serial);
	if (ca_key)
		gnutls_privkey_deinit(ca_key);
	cd_lint_report_free(&own);
	cd_profile_free(&p);
	return ret;
}
