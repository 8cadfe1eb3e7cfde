/* certdeck: issuing one or many certificates into the store, in one
 * locked transaction. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ca.h"
#include "error.h"
#include "file.h"
#include "i18n.h"
#include "issue.h"
#include "key.h"
#include "lint.h"
#include "parallel.h"
#include "request.h"

int cd_ca_batch_begin(struct cd_ctx *ctx, struct cd_store *store,
		      struct cd_ca_batch *batch)
{
	int ret;

	memset(batch, 0, sizeof(*batch));
	if (store->ca_crt == NULL)
		return cd_error(ctx, CD_E_NOTFOUND,
				_("%s: the CA has no certificate yet (an "
				  "intermediate waiting for its parent): "
				  "complete it with 'init-ca --intermediate "
				  "--certificate FILE'"),
				store->dir);
	batch->store = store;
	ret = cd_store_lock(ctx, store);
	if (ret == 0)
		ret = cd_index_load(ctx, store, &batch->index);
	return ret;
}

static void job_clear(struct cd_ca_job *job)
{
	free(job->name);
	free(job->def_cn);
	free(job->def_dns);
	free(job->def_ip);
	if (job->request)
		gnutls_x509_crq_deinit(job->request);
	if (job->crt)
		gnutls_x509_crt_deinit(job->crt);
	if (job->key_pem.data) {
		gnutls_memset(job->key_pem.data, 0, job->key_pem.size);
		gnutls_free(job->key_pem.data);
	}
	gnutls_free(job->req_pem.data);
	gnutls_free(job->crt_pem.data);
	if (job->key)
		gnutls_x509_privkey_deinit(job->key);
	memset(job, 0, sizeof(*job));
}

static int clear_one(void *arg, unsigned worker, size_t i)
{
	struct cd_ca_batch *batch = arg;

	(void)worker;
	job_clear(&batch->jobs[i]);
	free(batch->serials[i]);
	return 0;
}

void cd_ca_batch_end(struct cd_ca_batch *batch)
{
	size_t i;

	/* Freeing a job's GnuTLS objects costs as much as some of their
	 * steps: on every core too, for a large batch. */
	if (batch->n_jobs >= 32)
		(void)cd_parallel_for(batch->n_jobs, clear_one, batch);
	else
		for (i = 0; i < batch->n_jobs; i++)
			clear_one(batch, 0, i);
	free(batch->jobs);
	free(batch->serials);
	cd_index_free(&batch->index);
	if (batch->store)
		cd_store_unlock(batch->store);
	memset(batch, 0, sizeof(*batch));
}

/* A new job, with a name not already used in the batch. */
static int job_new(struct cd_ctx *ctx, struct cd_ca_batch *b, const char *name,
		   struct cd_ca_job **out)
{
	size_t i;
	void *p;

	if (name && cd_store_new_name_check(ctx, name) < 0)
		return CD_E_INVALID;
	for (i = 0; name && i < b->n_jobs; i++)
		if (b->jobs[i].name && strcmp(b->jobs[i].name, name) == 0)
			return cd_error(ctx, CD_E_EXISTS,
					_("'%s' is given twice"), name);
	if (b->n_jobs % 32 == 0) {
		p = realloc(b->jobs, (b->n_jobs + 32) * sizeof(*b->jobs));
		if (p == NULL)
			return cd_error(ctx, CD_E_NOMEM, _("out of memory"));
		b->jobs = p;
		p = realloc(b->serials, (b->n_jobs + 32) * sizeof(*b->serials));
		if (p == NULL)
			return cd_error(ctx, CD_E_NOMEM, _("out of memory"));
		b->serials = p;
	}
	memset(&b->jobs[b->n_jobs], 0, sizeof(*b->jobs));
	b->serials[b->n_jobs] = NULL;
	if (name && (b->jobs[b->n_jobs].name = strdup(name)) == NULL)
		return cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	*out = &b->jobs[b->n_jobs++];
	return 0;
}

/* Drop the last job (it failed before being complete). */
static void job_drop(struct cd_ca_batch *b)
{
	b->n_jobs--;
	job_clear(&b->jobs[b->n_jobs]);
	free(b->serials[b->n_jobs]);
	b->serials[b->n_jobs] = NULL;
}

/* Give the job's to-be-signed certificate a serial unused in the store and
 * in the batch (a profile's explicit serial is kept when it is unused). */
static int job_serial(struct cd_ctx *ctx, struct cd_ca_batch *b,
		      struct cd_ca_job *job, int explicit_serial)
{
	unsigned char serial[CD_STORE_SERIAL_SIZE];
	char hex[CD_SERIAL_HEX_MAX];
	size_t slot = (size_t)(job - b->jobs);
	int ret;

	if (explicit_serial) {
		size_t i;

		ret = cd_crt_serial_hex(ctx, job->crt, hex);
		if (ret < 0)
			return ret;
		for (i = 0; i < slot; i++)
			if (strcmp(b->serials[i], hex) == 0)
				return cd_error(
				    ctx, CD_E_EXISTS,
				    _("serial %s would be given to every "
				      "certificate of this batch, and a serial "
				      "names one certificate: leave serial out "
				      "of the profile (serials are then "
				      "random), or sign one request at a time"),
				    hex);
		if (cd_store_serial_in_use(b->store, &b->index, hex))
			return cd_error(ctx, CD_E_EXISTS,
					_("serial %s is already used in this "
					  "store: leave serial out of the "
					  "profile, serials are then random"),
					hex);
	} else {
		ret = cd_store_new_serial(ctx, b->store, &b->index, b->serials,
					  slot, serial);
		if (ret < 0)
			return ret;
		ret = gnutls_x509_crt_set_serial(job->crt, serial,
						 sizeof(serial));
		if (ret < 0)
			return cd_gnutls_error(ctx, ret,
					       _("setting the serial"));
		ret = cd_crt_serial_hex(ctx, job->crt, hex);
		if (ret < 0)
			return ret;
	}
	if ((b->serials[slot] = strdup(hex)) == NULL)
		return cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	return 0;
}

/* The to-be-signed certificate of JOB, issued by CA (the store's, or a
 * worker's copy of it), without its serial yet. */
static int job_tbs(struct cd_ctx *ctx, gnutls_x509_crt_t ca,
		   struct cd_ca_job *job, const struct cd_cert_params *params,
		   gnutls_pubkey_t pubkey)
{
	struct cd_issue_input in = {NULL, NULL, ca};

	if (pubkey)
		in.pubkey = pubkey;
	else
		in.request = job->request;
	return cd_issue_build(ctx, params, &in, &job->crt);
}

/* As certtool, the CA copies a request's extensions only when told to;
 * say so when the request asks for some, the SANs above all. */
static void warn_dropped_extensions(struct cd_ctx *ctx,
				    const struct cd_cert_params *params,
				    const char *name, gnutls_x509_crq_t req)
{
	char oid[128];
	size_t size = sizeof(oid);
	unsigned i, n = 0, san = 0;

	if (params->honor_crq_extensions)
		return;
	for (i = 0;
	     gnutls_x509_crq_get_extension_info(req, i, oid, &size, NULL) >= 0;
	     i++, size = sizeof(oid)) {
		if (strcmp(oid, GNUTLS_X509EXT_OID_SAN) == 0)
			san = 1;
		n++;
	}
	if (n == 0 || params->honor_crq_ext.n >= n)
		return;
	cd_warn(ctx,
		/* L10N: the request's name, how many extensions, then either
		   nothing or ", subject alternative names among them"; keep the
		   flag and keyword. */
		_("%s: the request asks for %u extension(s)%s, which the CA "
		  "does not copy: the profile decides; --honor-extensions "
		  "(honor_crq_extensions) copies them"),
		name ? name : _("request"), n,
		san ? _(", subject alternative names among them") : "");
}

int cd_ca_batch_add_request(struct cd_ctx *ctx, struct cd_ca_batch *batch,
			    const struct cd_cert_params *params,
			    const char *name, gnutls_x509_crq_t req,
			    int keep_request)
{
	struct cd_ca_job *job;
	int ret = job_new(ctx, batch, name, &job);

	if (ret < 0) {
		gnutls_x509_crq_deinit(req);
		return ret;
	}
	/* Checked and built by cd_ca_batch_build(), all at once. */
	job->request = req;
	job->keep_request = keep_request;
	job->pending = 1;
	batch->params = params;
	return 0;
}

/* Per-thread state of the parallel steps. */
struct workers {
	struct cd_ca_batch *batch;
	size_t first; /* the first job of this call */
	const struct cd_key_params *spec;
	const struct cd_cert_params *params;
	gnutls_privkey_t ca_key;
	struct cd_lint_report *reports; /* cd_ca_batch_lint() */
	struct cd_ctx ctx[CD_PARALLEL_MAX];
	gnutls_x509_crt_t ca_crt[CD_PARALLEL_MAX]; /* see workers_copy_ca() */
};

/* Report the failure of a worker in the caller's context. */
static int workers_error(struct cd_ctx *ctx, struct workers *w, int ret)
{
	unsigned k;

	for (k = 0; k < CD_PARALLEL_MAX; k++)
		if (cd_ctx_message(&w->ctx[k])[0])
			return cd_error(ctx, ret, "%s",
					cd_ctx_message(&w->ctx[k]));
	return ret;
}

static void workers_init(struct cd_ctx *ctx, struct workers *w,
			 struct cd_ca_batch *batch)
{
	unsigned k;

	memset(w, 0, sizeof(*w));
	w->batch = batch;
	for (k = 0; k < CD_PARALLEL_MAX; k++) {
		w->ctx[k] = *ctx;
		w->ctx[k].message[0] = '\0';
	}
}

/* The CA certificate for each worker running N_JOBS jobs: worker 0 is the
 * calling thread and uses the store's; the others get a copy each, since
 * GnuTLS objects are not shared between threads. One job (a single issue)
 * thus copies nothing and starts no thread. */
static int workers_copy_ca(struct cd_ctx *ctx, struct workers *w, size_t n_jobs)
{
	gnutls_datum_t der = {NULL, 0};
	unsigned k, nw = n_jobs > 1 ? cd_parallel_workers() : 1;
	int ret = 0;

	if (n_jobs < nw)
		nw = (unsigned)n_jobs;
	w->ca_crt[0] = w->batch->store->ca_crt;
	if (nw > 1)
		ret = gnutls_x509_crt_export2(w->batch->store->ca_crt,
					      GNUTLS_X509_FMT_DER, &der);
	for (k = 1; k < nw && ret == 0; k++) {
		ret = gnutls_x509_crt_init(&w->ca_crt[k]);
		if (ret == 0)
			ret = gnutls_x509_crt_import(w->ca_crt[k], &der,
						     GNUTLS_X509_FMT_DER);
	}
	gnutls_free(der.data);
	return ret < 0
		   ? cd_gnutls_error(ctx, ret, _("copying the CA certificate"))
		   : 0;
}

static void workers_free_ca(struct workers *w)
{
	unsigned k;

	for (k = 1; k < CD_PARALLEL_MAX; k++) /* 0 is the store's */
		if (w->ca_crt[k])
			gnutls_x509_crt_deinit(w->ca_crt[k]);
}

/* Serially: the values a name gives (cd_ca_params_for_name, which
 * checks them), kept in the job so that workers need not touch PARAMS. */
static int name_defaults_of(struct cd_ctx *ctx, struct cd_cert_params *params,
			    struct cd_ca_job *job)
{
	int had_cn = params->cn != NULL || params->dn != NULL;
	int had_san = params->dns_name.n || params->ip_address.n;
	int ret = cd_ca_params_for_name(ctx, params, job->name);

	if (ret == 0 && !had_cn && params->cn &&
	    (job->def_cn = strdup(params->cn)) == NULL)
		ret = cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	if (ret == 0 && !had_san && params->dns_name.n &&
	    (job->def_dns = strdup(params->dns_name.v[0])) == NULL)
		ret = cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	if (ret == 0 && !had_san && params->ip_address.n &&
	    (job->def_ip = strdup(params->ip_address.v[0])) == NULL)
		ret = cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	if (!had_cn)
		cd_profile_clear(params, cd_profile_keyword("cn"));
	if (!had_san) {
		cd_profile_clear(params, cd_profile_keyword("dns_name"));
		cd_profile_clear(params, cd_profile_keyword("ip_address"));
	}
	return ret;
}

/* On a worker: the key, its request and the to-be-signed certificate.
 * PARAMS is read only; the job's own values go into a shallow copy. */
static int generate_one(void *arg, unsigned worker, size_t i)
{
	struct workers *w = arg;
	struct cd_ca_job *job = &w->batch->jobs[w->first + i];
	struct cd_ctx *ctx = &w->ctx[worker];
	struct cd_cert_params p = *w->params;
	gnutls_privkey_t signer = NULL;
	gnutls_pubkey_t pub = NULL;
	int ret;

	if (job->def_cn)
		p.cn = job->def_cn;
	if (job->def_dns) {
		p.dns_name.v = &job->def_dns;
		p.dns_name.n = 1;
	}
	if (job->def_ip) {
		p.ip_address.v = &job->def_ip;
		p.ip_address.n = 1;
	}
	ret = cd_key_generate(ctx, w->spec, &job->key);
	if (ret == 0 && (ret = gnutls_x509_privkey_export2_pkcs8(
			     job->key, GNUTLS_X509_FMT_PEM, NULL,
			     GNUTLS_PKCS_PLAIN, &job->key_pem)) < 0)
		ret = cd_gnutls_error(ctx, ret, _("exporting the key"));
	if (ret == 0)
		ret = cd_key_to_privkey(ctx, job->key, &signer);
	if (ret == 0)
		ret = cd_request_create(ctx, &p, signer, 1, &job->request);
	if (ret == 0)
		ret = cd_request_export(ctx, job->request, 0, &job->req_pem);
	/* Only its PEM is written: a large batch keeps no parsed request. */
	if (job->request) {
		gnutls_x509_crq_deinit(job->request);
		job->request = NULL;
	}
	if (ret == 0)
		ret = cd_issue_pubkey_of(ctx, signer, &pub);
	if (ret == 0)
		ret = job_tbs(ctx, w->ca_crt[worker], job, &p, pub);
	if (pub)
		gnutls_pubkey_deinit(pub);
	if (signer)
		gnutls_privkey_deinit(signer);
	if (job->key)
		gnutls_x509_privkey_deinit(job->key);
	job->key = NULL;
	return ret;
}

int cd_ca_batch_add_new_keys(struct cd_ctx *ctx, struct cd_ca_batch *batch,
			     struct cd_cert_params *params,
			     const char *const *names, size_t n,
			     const struct cd_key_params *spec,
			     int name_defaults)
{
	struct workers *w = malloc(sizeof(*w));
	size_t first = batch->n_jobs, i;
	int ret = 0;

	if (w == NULL)
		return cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	workers_init(ctx, w, batch);
	w->first = first;
	w->spec = spec;
	w->params = params;
	for (i = 0; i < n && ret == 0; i++) {
		struct cd_ca_job *job;

		ret = job_new(ctx, batch, names[i], &job);
		if (ret == 0 && name_defaults)
			ret = name_defaults_of(ctx, params, job);
	}
	if (ret == 0)
		ret = workers_copy_ca(ctx, w, batch->n_jobs - first);
	if (ret == 0) {
		ret = cd_parallel_for(batch->n_jobs - first, generate_one, w);
		if (ret < 0)
			ret = workers_error(ctx, w, ret);
	}
	/* Serials come from the batch's state: one job after the other. */
	for (i = first; i < batch->n_jobs && ret == 0; i++)
		ret = job_serial(ctx, batch, &batch->jobs[i],
				 params->serial != NULL);
	while (ret < 0 && batch->n_jobs > first)
		job_drop(batch);
	workers_free_ca(w);
	free(w);
	return ret;
}

static int lint_one(void *arg, unsigned worker, size_t i)
{
	struct workers *w = arg;

	return cd_lint_certificate(&w->ctx[worker], w->batch->jobs[i].crt,
				   w->ca_crt[worker], &w->reports[i]);
}

int cd_ca_batch_lint(struct cd_ctx *ctx, struct cd_ca_batch *batch,
		     struct cd_lint_report *reports)
{
	struct workers *w = malloc(sizeof(*w));
	size_t i;
	int ret;

	for (i = 0; i < batch->n_jobs; i++)
		cd_lint_report_init(&reports[i]);
	if (w == NULL)
		return cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	workers_init(ctx, w, batch);
	w->reports = reports;
	ret = workers_copy_ca(ctx, w, batch->n_jobs);
	if (ret == 0 && (ret = cd_parallel_for(batch->n_jobs, lint_one, w)) < 0)
		ret = workers_error(ctx, w, ret);
	workers_free_ca(w);
	free(w);
	return ret;
}

/* The certificate signed, and its PEM for the store made here too, on
 * the worker rather than one after the other in cd_store_commit(). */
static int sign_one(void *arg, unsigned worker, size_t i)
{
	struct workers *w = arg;
	struct cd_ca_job *job = &w->batch->jobs[i];
	int ret = cd_issue_sign(&w->ctx[worker], job->crt, w->ca_crt[worker],
				w->ca_key);

	return ret < 0 ? ret
		       : cd_crt_export_pem(&w->ctx[worker], job->crt,
					   &job->crt_pem);
}

/* A key on a token signs one certificate after the other: a PKCS#11
 * session runs one operation at a time. */
static int sign_serially(struct workers *w, size_t n)
{
	size_t i;
	int ret = 0;

	for (i = 0; i < n && ret == 0; i++)
		ret = sign_one(w, 0, i);
	return ret;
}

/* Sign every job, on every core (one after the other on a token). */
static int sign_all(struct cd_ctx *ctx, struct cd_ca_batch *batch,
		    gnutls_privkey_t ca_key)
{
	struct workers *w = malloc(sizeof(*w));
	int token = gnutls_privkey_get_type(ca_key) == GNUTLS_PRIVKEY_PKCS11;
	int ret;

	if (w == NULL)
		return cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	workers_init(ctx, w, batch);
	w->ca_key = ca_key;
	ret = workers_copy_ca(ctx, w, batch->n_jobs);
	if (ret == 0 && token && (ret = sign_serially(w, batch->n_jobs)) < 0)
		ret = workers_error(ctx, w, ret);
	else if (ret == 0 && !token &&
		 (ret = cd_parallel_for(batch->n_jobs, sign_one, w)) < 0)
		ret = workers_error(ctx, w, ret);
	workers_free_ca(w);
	free(w);
	return ret;
}

int cd_ca_batch_commit(struct cd_ctx *ctx, struct cd_ca_batch *batch,
		       gnutls_privkey_t ca_key)
{
	struct cd_store_item *items;
	size_t i;
	int ret = 0;

	if (batch->n_jobs == 0)
		return 0;
	items = calloc(batch->n_jobs, sizeof(*items));
	if (items == NULL)
		return cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	ret = sign_all(ctx, batch, ca_key);
	for (i = 0; i < batch->n_jobs && ret == 0; i++) {
		struct cd_ca_job *job = &batch->jobs[i];

		items[i].name = job->name;
		items[i].crt = job->crt;
		items[i].key_pem = job->key_pem;
		items[i].req_pem = job->req_pem;
		items[i].crt_pem = job->crt_pem;
		items[i].keep_request = job->keep_request;
	}
	if (ret == 0)
		ret = cd_store_commit(ctx, batch->store, items, batch->n_jobs);
	free(items);
	return ret;
}

/* On a worker: a pending request's signature, its PEM, its certificate. */
static int prepare_one(void *arg, unsigned worker, size_t i)
{
	struct workers *w = arg;
	struct cd_ca_job *job = &w->batch->jobs[i];
	struct cd_ctx *ctx = &w->ctx[worker];
	int ret;

	if (!job->pending)
		return 0;
	ret = gnutls_x509_crq_verify(job->request, 0);
	if (ret < 0)
		return cd_gnutls_error(
		    ctx, ret, "%s: %s", job->name ? job->name : "-",
		    _("the request's signature does not verify: it was "
		      "altered or not made with its key"));
	if (!job->keep_request)
		ret = cd_request_export(ctx, job->request, 0, &job->req_pem);
	if (ret == 0)
		ret = job_tbs(ctx, w->ca_crt[worker], job, w->params, NULL);
	return ret;
}

int cd_ca_batch_build(struct cd_ctx *ctx, struct cd_ca_batch *batch)
{
	struct workers *w;
	size_t i;
	int ret;

	if (batch->params == NULL)
		return 0;
	w = malloc(sizeof(*w));
	if (w == NULL)
		return cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	workers_init(ctx, w, batch);
	w->params = batch->params;
	ret = workers_copy_ca(ctx, w, batch->n_jobs);
	if (ret == 0 &&
	    (ret = cd_parallel_for(batch->n_jobs, prepare_one, w)) < 0)
		ret = workers_error(ctx, w, ret);
	workers_free_ca(w);
	free(w);
	/* Serials come from the batch's state: one job after the other. */
	for (i = 0; i < batch->n_jobs && ret == 0; i++) {
		struct cd_ca_job *job = &batch->jobs[i];

		if (!job->pending)
			continue;
		warn_dropped_extensions(ctx, batch->params, job->name,
					job->request);
		ret =
		    job_serial(ctx, batch, job, batch->params->serial != NULL);
		job->pending = 0;
	}
	return ret;
}
