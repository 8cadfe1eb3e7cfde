/* certdeck: chain verification (the verdict; verify-why.c says why). */
#include <config.h>

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "error.h"
#include "file.h"
#include "i18n.h"
#include "parallel.h"
#include "verify-int.h"

/* GnuTLS 3.7 has no per-call time for trust lists and its verify output
 * function takes no argument: both go through these, set for the length
 * of one gnutls_x509_trust_list_verify_crt2() call by the thread making
 * it. The time function is GnuTLS's, for every thread: it is installed
 * once, and gives the system's time on a thread that set no clock. */
static _Thread_local time_t verify_clock;
static _Thread_local int verify_clock_set;
static _Thread_local struct verify_run *verify_current;
static pthread_once_t verify_time_once = PTHREAD_ONCE_INIT;

static time_t verify_time(time_t *t)
{
	time_t now = verify_clock_set ? verify_clock : time(NULL);

	if (t != NULL)
		*t = now;
	return now;
}

static void verify_time_install(void)
{
	gnutls_global_set_time_function(verify_time);
}

char *verify_printf(const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	return n < 0 ? NULL : s;
}

static char *datum_to_string(int ret, gnutls_datum_t *d)
{
	char *s;

	if (ret < 0)
		return strdup("");
	s = strdup(d->data ? (const char *)d->data : "");
	gnutls_free(d->data);
	return s;
}

char *verify_dn(gnutls_x509_crt_t crt)
{
	gnutls_datum_t d = {NULL, 0};

	return datum_to_string(gnutls_x509_crt_get_dn3(crt, &d, 0), &d);
}

char *verify_issuer_dn(gnutls_x509_crt_t crt)
{
	gnutls_datum_t d = {NULL, 0};

	return datum_to_string(gnutls_x509_crt_get_issuer_dn3(crt, &d, 0), &d);
}

void verify_date(time_t t, char out[32])
{
	struct tm tm;

	if (t == (time_t)-1 || gmtime_r(&t, &tm) == NULL)
		snprintf(out, 32, "%s", "?");
	else
		strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int cd_verify_purpose_oid(struct cd_ctx *ctx, const char *name,
			  const char **oid)
{
	static const struct {
		const char *name, *oid;
	} purposes[] = {
	    {"tls-server", GNUTLS_KP_TLS_WWW_SERVER},
	    {"tls-client", GNUTLS_KP_TLS_WWW_CLIENT},
	    {"code-signing", GNUTLS_KP_CODE_SIGNING},
	    {"email-protection", GNUTLS_KP_EMAIL_PROTECTION},
	};
	const char *p;
	size_t i, arcs = 1;

	for (i = 0; i < sizeof(purposes) / sizeof(purposes[0]); i++)
		if (strcmp(name, purposes[i].name) == 0) {
			*oid = purposes[i].oid;
			return 0;
		}
	/* A dotted OID: digits separated by single dots, first arc 0-2. */
	for (p = name; *p; p++) {
		if (*p == '.' && p != name && p[1] != 0 && p[-1] != '.')
			arcs++;
		else if (!isdigit((unsigned char)*p))
			break;
	}
	if (*p != 0 || arcs < 2 || name[0] > '2' || strlen(name) >= 128)
		return cd_error(ctx, CD_E_INVALID,
				_("--purpose: '%s' is not a purpose: expected "
				  "tls-server, tls-client, code-signing, "
				  "email-protection or a dotted OID such as "
				  "1.3.6.1.5.5.7.3.1"),
				name);
	*oid = name;
	return 0;
}

int cd_verify_parse_time(struct cd_ctx *ctx, const char *text, time_t *out)
{
	struct tm tm;
	char *end;
	long long secs;

	if (isdigit((unsigned char)text[0]) && strchr(text, '-') == NULL) {
		errno = 0;
		secs = strtoll(text, &end, 10);
		if (errno == 0 && *end == 0 && secs >= 0 &&
		    secs <= 253402300799LL) {
			*out = (time_t)secs;
			return 0;
		}
	} else {
		memset(&tm, 0, sizeof(tm));
		end = strptime(text, "%Y-%m-%dT%H:%M:%SZ", &tm);
		if (end != NULL && *end == 0 && strlen(text) == 20 &&
		    tm.tm_year >= 0) {
			struct tm back, asked = tm;
			time_t t = timegm(&tm);

			/* strptime takes 2026-02-31; timegm would roll it. */
			if (t != (time_t)-1 && gmtime_r(&t, &back) != NULL &&
			    back.tm_mday == asked.tm_mday) {
				*out = t;
				return 0;
			}
		}
	}
	return cd_error(ctx, CD_E_INVALID,
			_("'%s' is not a time: expected UNIX seconds or "
			  "YYYY-MM-DDTHH:MM:SSZ (UTC)"),
			text);
}

void cd_verify_status_names(unsigned status,
			    void (*fn)(void *arg, const char *name), void *arg)
{
	static const struct {
		unsigned flag;
		const char *name;
	} flags[] = {
	    {GNUTLS_CERT_INVALID, "INVALID"},
	    {GNUTLS_CERT_REVOKED, "REVOKED"},
	    {GNUTLS_CERT_SIGNER_NOT_FOUND, "SIGNER_NOT_FOUND"},
	    {GNUTLS_CERT_SIGNER_NOT_CA, "SIGNER_NOT_CA"},
	    {GNUTLS_CERT_INSECURE_ALGORITHM, "INSECURE_ALGORITHM"},
	    {GNUTLS_CERT_NOT_ACTIVATED, "NOT_ACTIVATED"},
	    {GNUTLS_CERT_EXPIRED, "EXPIRED"},
	    {GNUTLS_CERT_SIGNATURE_FAILURE, "SIGNATURE_FAILURE"},
	    {GNUTLS_CERT_REVOCATION_DATA_SUPERSEDED,
	     "REVOCATION_DATA_SUPERSEDED"},
	    {GNUTLS_CERT_UNEXPECTED_OWNER, "UNEXPECTED_OWNER"},
	    {GNUTLS_CERT_REVOCATION_DATA_ISSUED_IN_FUTURE,
	     "REVOCATION_DATA_ISSUED_IN_FUTURE"},
	    {GNUTLS_CERT_SIGNER_CONSTRAINTS_FAILURE,
	     "SIGNER_CONSTRAINTS_FAILURE"},
	    {GNUTLS_CERT_MISMATCH, "MISMATCH"},
	    {GNUTLS_CERT_PURPOSE_MISMATCH, "PURPOSE_MISMATCH"},
	    {GNUTLS_CERT_MISSING_OCSP_STATUS, "MISSING_OCSP_STATUS"},
	    {GNUTLS_CERT_INVALID_OCSP_STATUS, "INVALID_OCSP_STATUS"},
	    {GNUTLS_CERT_UNKNOWN_CRIT_EXTENSIONS, "UNKNOWN_CRIT_EXTENSIONS"},
	};
	size_t i;

	for (i = 0; i < sizeof(flags) / sizeof(flags[0]); i++)
		if (status & flags[i].flag)
			fn(arg, flags[i].name);
}

/* --- loading ---------------------------------------------------------- */

/* Put FLAG before the message of a failure on one of its files. */
static int flag_error(struct cd_ctx *ctx, const char *flag, int code)
{
	char was[CD_MESSAGE_MAX];

	snprintf(was, sizeof(was), "%s", ctx->message);
	return cd_error(ctx, code, "%s %s", flag, was);
}

static const char *keep_name(struct cd_verifier *v, const char *path)
{
	char **grown = realloc(v->files, (v->file_count + 1) * sizeof(*grown));

	if (grown == NULL)
		return NULL;
	v->files = grown;
	v->files[v->file_count] = strdup(path);
	if (v->files[v->file_count] == NULL)
		return NULL;
	return v->files[v->file_count++];
}

static int load_trust(struct cd_ctx *ctx, struct cd_verifier *v,
		      const char *path, const char *flag)
{
	gnutls_x509_crt_t *list;
	unsigned count;
	int ret = cd_file_load_crts(ctx, path, &list, &count);

	if (ret < 0)
		return flag_error(ctx, flag, ret);
	/* The list takes the certificates (and frees duplicates). */
	ret = gnutls_x509_trust_list_add_cas(v->list, list, count, 0);
	gnutls_free(list);
	if (ret < 0)
		return cd_gnutls_error(ctx, ret,
				       _("%s %s: cannot add to the trust list"),
				       flag, path);
	return 0;
}

static int add_untrusted(struct cd_ctx *ctx, struct cd_verifier *v,
			 gnutls_x509_crt_t *list, unsigned count)
{
	gnutls_x509_crt_t *grown;

	grown = realloc(v->untrusted,
			(v->untrusted_count + count) * sizeof(*grown));
	if (grown == NULL) {
		cd_crt_list_free(list, count);
		return cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	}
	v->untrusted = grown;
	memcpy(v->untrusted + v->untrusted_count, list, count * sizeof(*list));
	v->untrusted_count += count;
	gnutls_free(list);
	return 0;
}

static int import_crls(struct cd_ctx *ctx, const char *path,
		       const gnutls_datum_t *data, gnutls_x509_crl_t **list,
		       unsigned *count)
{
	int pem = cd_file_is_pem(data, NULL);
	int ret;

	if (pem && !cd_file_is_pem(data, "X509 CRL"))
		return cd_error(ctx, CD_E_PARSE,
				_("--crl %s: no CRL in this file (expected a "
				  "PEM \"X509 CRL\" block or DER)"),
				path);
	ret = gnutls_x509_crl_list_import2(
	    list, count, data, pem ? GNUTLS_X509_FMT_PEM : GNUTLS_X509_FMT_DER,
	    0);
	if (ret < 0)
		return cd_gnutls_error(
		    ctx, ret, _("--crl %s: cannot read the CRL"), path);
	if (*count == 0) {
		gnutls_free(*list);
		return cd_error(ctx, CD_E_PARSE, _("--crl %s: no CRL found"),
				path);
	}
	return 0;
}

static void crl_list_free(gnutls_x509_crl_t *list, unsigned count)
{
	unsigned i;

	for (i = 0; list != NULL && i < count; i++)
		gnutls_x509_crl_deinit(list[i]);
	gnutls_free(list);
}

static int load_crl(struct cd_ctx *ctx, struct cd_verifier *v, const char *path,
		    const char *flag)
{
	gnutls_datum_t data;
	gnutls_x509_crl_t *mine = NULL, *theirs = NULL;
	unsigned n_mine = 0, n_theirs = 0, i;
	struct verify_crl *grown;
	const char *name;
	int ret = cd_file_read(ctx, path, 0, &data);

	if (ret < 0)
		return flag_error(ctx, flag, ret);
	/* Two copies: the trust list owns one, the diagnostics the other. */
	ret = import_crls(ctx, path, &data, &mine, &n_mine);
	if (ret == 0)
		ret = import_crls(ctx, path, &data, &theirs, &n_theirs);
	gnutls_free(data.data);
	if (ret < 0)
		goto fail;
	name = keep_name(v, path);
	grown = realloc(v->crls, (v->crl_count + n_mine) * sizeof(*grown));
	if (name == NULL || grown == NULL) {
		ret = cd_error(ctx, CD_E_NOMEM, _("out of memory"));
		goto fail;
	}
	v->crls = grown;
	for (i = 0; i < n_mine; i++) {
		v->crls[v->crl_count].crl = mine[i];
		v->crls[v->crl_count++].file = name;
	}
	gnutls_free(mine);
	mine = NULL;
	/* As certtool --load-crl: added unverified; GnuTLS matches them by
	 * issuer name when it checks revocation. */
	ret = gnutls_x509_trust_list_add_crls(v->list, theirs, n_theirs, 0, 0);
	gnutls_free(theirs);
	theirs = NULL;
	if (ret < 0)
		return cd_gnutls_error(ctx, ret, _("--crl %s: cannot add it"),
				       path);
	return 0;
fail:
	crl_list_free(mine, n_mine);
	crl_list_free(theirs, n_theirs);
	return ret;
}

static int set_peer(struct cd_ctx *ctx, struct cd_verifier *v, const char *peer)
{
	char bare[256];
	size_t len = strlen(peer);

	if (len == 0 || len >= sizeof(v->peer) ||
	    strpbrk(peer, " \t\n/") != NULL)
		return cd_error(ctx, CD_E_INVALID,
				_("--peer-name: '%s' is not a host name or IP "
				  "address"),
				peer);
	snprintf(v->peer, sizeof(v->peer), "%s", peer);
	snprintf(bare, sizeof(bare), "%s", peer);
	if (bare[0] == '[' && bare[len - 1] == ']') { /* [::1] */
		memmove(bare, bare + 1, len - 2);
		bare[len - 2] = 0;
	}
	if (inet_pton(AF_INET, bare, v->ip) == 1)
		v->ip_len = 4;
	else if (inet_pton(AF_INET6, bare, v->ip) == 1)
		v->ip_len = 16;
	else if (strchr(bare, ':') != NULL || bare[0] == '[')
		return cd_error(ctx, CD_E_INVALID,
				_("--peer-name: '%s' is neither a host name "
				  "nor an IP address"),
				peer);
	if (v->ip_len)
		snprintf(v->peer, sizeof(v->peer), "%s", bare);
	return 0;
}

static int load_all(struct cd_ctx *ctx, struct cd_verifier *v,
		    const struct cd_verify_params *p)
{
	gnutls_x509_crt_t *list;
	unsigned count;
	size_t i;
	int ret;

	for (i = 0; i < p->trust_count; i++)
		if ((ret = load_trust(ctx, v, p->trust[i],
				      p->trust_flag ? p->trust_flag
						    : "--trust")) < 0)
			return ret;
	if (p->system_trust) {
		ret = gnutls_x509_trust_list_add_system_trust(v->list, 0, 0);
		if (ret < 0)
			return cd_gnutls_error(ctx, ret,
					       _("--system-trust: cannot load "
						 "the system's CAs"));
	}
	for (i = 0; i < p->untrusted_count; i++) {
		ret = cd_file_load_crts(ctx, p->untrusted[i], &list, &count);
		if (ret < 0)
			return flag_error(ctx, "--untrusted", ret);
		ret = add_untrusted(ctx, v, list, count);
		if (ret < 0)
			return ret;
	}
	for (i = 0; i < p->crl_count; i++)
		if ((ret = load_crl(ctx, v, p->crls[i],
				    p->crl_flag ? p->crl_flag : "--crl")) < 0)
			return ret;
	return 0;
}

int cd_verifier_new(struct cd_ctx *ctx, const struct cd_verify_params *p,
		    struct cd_verifier **out)
{
	struct cd_verifier *v;
	const char *oid;
	int ret;

	*out = NULL;
	if (p->has_max_depth &&
	    (p->max_depth < 0 || p->max_depth > CD_VERIFY_DEPTH_MAX))
		return cd_error(ctx, CD_E_INVALID,
				_("--max-depth: %d is out of range: expected 0 "
				  "to %d"),
				p->max_depth, CD_VERIFY_DEPTH_MAX);
	v = calloc(1, sizeof(*v));
	if (v == NULL)
		return cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	v->max_depth = p->has_max_depth ? p->max_depth : CD_VERIFY_DEPTH_MAX;
	v->details = p->details;
	v->has_time = p->has_time || ctx->has_fixed_time;
	v->time = p->has_time ? p->time : ctx->fixed_time;
	ret = gnutls_x509_trust_list_init(&v->list, 0);
	if (ret < 0) {
		free(v);
		return cd_gnutls_error(ctx, ret, _("cannot make a trust list"));
	}
	if (p->purpose != NULL) {
		ret = cd_verify_purpose_oid(ctx, p->purpose, &oid);
		if (ret == 0)
			snprintf(v->purpose, sizeof(v->purpose), "%s", oid);
	}
	if (ret == 0 && p->peer_name != NULL)
		ret = set_peer(ctx, v, p->peer_name);
	if (ret == 0)
		ret = load_all(ctx, v, p);
	if (ret < 0) {
		cd_verifier_free(v);
		return ret;
	}
	*out = v;
	return 0;
}

void cd_verifier_free(struct cd_verifier *v)
{
	size_t i;

	if (v == NULL)
		return;
	gnutls_x509_trust_list_deinit(v->list, 1);
	for (i = 0; i < v->untrusted_count; i++)
		gnutls_x509_crt_deinit(v->untrusted[i]);
	free(v->untrusted);
	for (i = 0; i < v->crl_count; i++)
		gnutls_x509_crl_deinit(v->crls[i].crl);
	free(v->crls);
	for (i = 0; i < v->file_count; i++)
		free(v->files[i]);
	free(v->files);
	free(v);
}

/* --- building the chain ----------------------------------------------- */

static int is_self_issued(gnutls_x509_crt_t crt)
{
	return gnutls_x509_crt_check_issuer(crt, crt) != 0;
}

/* Is CRT itself in the trust list (an anchor)? */
static int is_trusted(const struct cd_verifier *v, gnutls_x509_crt_t crt)
{
	gnutls_datum_t dn;
	gnutls_x509_crt_t found;
	int same;

	if (gnutls_x509_crt_get_raw_dn(crt, &dn) < 0)
		return 0;
	if (gnutls_x509_trust_list_get_issuer_by_dn(v->list, &dn, &found, 0) <
	    0) {
		gnutls_free(dn.data);
		return 0;
	}
	gnutls_free(dn.data);
	/* By DN, GnuTLS returns a copy. */
	same = gnutls_x509_crt_equals(found, crt) != 0;
	gnutls_x509_crt_deinit(found);
	return same;
}

static int in_path(const struct verify_run *run, gnutls_x509_crt_t crt)
{
	unsigned i;

	for (i = 0; i < run->chain_count; i++)
		if (run->path[i] == crt)
			return 1;
	return 0;
}

static int is_candidate(const struct verify_run *run, gnutls_x509_crt_t cur,
			gnutls_x509_crt_t cand)
{
	return !in_path(run, cand) && gnutls_x509_crt_check_issuer(cur, cand);
}

static int signed_by(gnutls_x509_crt_t cur, gnutls_x509_crt_t cand)
{
	unsigned st;

	return gnutls_x509_crt_verify(cur, &cand, 1,
				      GNUTLS_VERIFY_DISABLE_TIME_CHECKS |
					  GNUTLS_VERIFY_DISABLE_CA_SIGN,
				      &st) == 0 &&
	       !(st & GNUTLS_CERT_SIGNATURE_FAILURE);
}

/* The issuer of CUR among the certificates given with it, then the pool:
 * by name (and key identifier); when several match, the first whose key
 * verifies CUR's signature (a re-keyed CA keeps its name). */
static gnutls_x509_crt_t pick_issuer(const struct verify_run *run,
				     gnutls_x509_crt_t cur,
				     gnutls_x509_crt_t *given, unsigned ng)
{
	const struct cd_verifier *v = run->v;
	gnutls_x509_crt_t first = NULL, c;
	unsigned i, n = ng + v->untrusted_count, matches = 0;

	for (i = 0; i < n; i++) {
		c = i < ng ? given[i] : v->untrusted[i - ng];
		if (!is_candidate(run, cur, c))
			continue;
		if (first == NULL)
			first = c;
		matches++;
	}
	for (i = 0; matches > 1 && i < n; i++) {
		c = i < ng ? given[i] : v->untrusted[i - ng];
		if (is_candidate(run, cur, c) && signed_by(cur, c))
			return c;
	}
	return first;
}

/* From the leaf up: the given certificates first, then the pool, until
 * a certificate issued by (or being) a trusted one, or no issuer. */
static void build_chain(struct verify_run *run, gnutls_x509_crt_t *given,
			unsigned given_count)
{
	const struct cd_verifier *v = run->v;
	gnutls_x509_crt_t cur, next, anchor = NULL;

	run->path[0] = given[0];
	run->chain_count = 1;
	while (run->chain_count < CD_VERIFY_DEPTH_MAX) {
		cur = run->path[run->chain_count - 1];
		if (is_self_issued(cur))
			break;
		if (gnutls_x509_trust_list_get_issuer(v->list, cur, &anchor,
						      0) == 0)
			break;
		anchor = NULL;
		if (run->chain_count > 1 && is_trusted(v, cur))
			break;
		next = pick_issuer(run, cur, given + 1, given_count - 1);
		if (next == NULL)
			break;
		run->path[run->chain_count++] = next;
	}
	run->path_count = run->chain_count;
	/* The anchor closes the path, unless the chain ends in it. */
	cur = run->path[run->chain_count - 1];
	if (anchor == NULL && is_self_issued(cur) && !is_trusted(v, cur))
		gnutls_x509_trust_list_get_issuer(v->list, cur, &anchor, 0);
	if (anchor != NULL && !gnutls_x509_crt_equals(anchor, cur))
		run->path[run->path_count++] = anchor;
}

/* --- checking --------------------------------------------------------- */

static int record_step(gnutls_x509_crt_t cert, gnutls_x509_crt_t issuer,
		       gnutls_x509_crl_t crl, unsigned status)
{
	struct verify_run *run = verify_current;
	struct verify_step *grown;

	if (run == NULL)
		return 0;
	if (run->step_count == run->step_cap) {
		size_t cap = run->step_cap ? run->step_cap * 2 : 8;

		grown = realloc(run->steps, cap * sizeof(*grown));
		if (grown == NULL) {
			run->nomem = 1;
			return 0;
		}
		run->steps = grown;
		run->step_cap = cap;
	}
	run->steps[run->step_count].cert = cert;
	run->steps[run->step_count].issuer = issuer;
	run->steps[run->step_count].crl = crl;
	run->steps[run->step_count++].status = status;
	return 0;
}

static char *crl_label(gnutls_x509_crl_t crl)
{
	unsigned char number[64];
	size_t size = sizeof(number), i;
	gnutls_datum_t dn = {NULL, 0};
	char hex[2 * sizeof(number) + 1];
	char *issuer, *s;

	if (gnutls_x509_crl_get_number(crl, number, &size, NULL) < 0)
		snprintf(hex, sizeof(hex), "%s", "unnumbered");
	else
		for (i = 0; i < size; i++)
			snprintf(hex + 2 * i, 3, "%02x", number[i]);
	issuer =
	    datum_to_string(gnutls_x509_crl_get_issuer_dn3(crl, &dn, 0), &dn);
	s = verify_printf("CRL[%s] of: %s", hex, issuer ? issuer : "");
	free(issuer);
	return s;
}

static const char *sign_name(gnutls_x509_crt_t crt, char *buf, size_t size)
{
	int algo = gnutls_x509_crt_get_signature_algorithm(crt);

	if (algo > 0 && algo != GNUTLS_SIGN_UNKNOWN &&
	    gnutls_sign_get_name(algo) != NULL)
		return gnutls_sign_get_name(algo);
	if (gnutls_x509_crt_get_signature_oid(crt, buf, &size) < 0)
		return "?";
	return buf;
}

static int fill_link(struct cd_verify_link *l, const struct verify_step *s,
		     const struct verify_run *run)
{
	char oid[128];
	size_t i;

	l->subject = verify_dn(s->cert);
	l->issuer = verify_issuer_dn(s->cert);
	l->checked_against = s->issuer ? verify_dn(s->issuer) : NULL;
	l->signature_algorithm = strdup(sign_name(s->cert, oid, sizeof(oid)));
	l->status = s->status;
	l->not_before = gnutls_x509_crt_get_activation_time(s->cert);
	l->not_after = gnutls_x509_crt_get_expiration_time(s->cert);
	l->issuer_not_before = l->issuer_not_after = (time_t)-1;
	if (s->issuer != NULL) {
		l->issuer_not_before =
		    gnutls_x509_crt_get_activation_time(s->issuer);
		l->issuer_not_after =
		    gnutls_x509_crt_get_expiration_time(s->issuer);
	}
	for (i = 0; i < run->step_count; i++)
		if (run->steps[i].crl != NULL &&
		    run->steps[i].cert == s->cert) {
			free(l->crl);
			l->crl = crl_label(run->steps[i].crl);
			l->status |= run->steps[i].status;
		}
	if (l->subject == NULL || l->issuer == NULL ||
	    l->signature_algorithm == NULL ||
	    (s->issuer != NULL && l->checked_against == NULL))
		return CD_E_NOMEM;
	return 0;
}

/* The check of CRT as GnuTLS reported it: the first one against an issuer
 * (after a failure GnuTLS also tries the chain's top as a trusted
 * certificate, which is not the check to show), else the last one. */
static const struct verify_step *step_of(const struct verify_run *run,
					 gnutls_x509_crt_t crt)
{
	const struct verify_step *last = NULL;
	size_t k;

	for (k = 0; k < run->step_count; k++) {
		const struct verify_step *s = &run->steps[k];

		if (s->crl != NULL ||
		    (s->cert != crt && !gnutls_x509_crt_equals(s->cert, crt)))
			continue;
		if (s->issuer != NULL)
			return s;
		last = s;
	}
	return last;
}

/* The links as GnuTLS checked them, leaf first. */
static int fill_chain(struct cd_ctx *ctx, const struct verify_run *run,
		      struct cd_verify_result *r)
{
	const struct verify_step *s;
	struct verify_step found;
	unsigned i;

	r->chain = calloc(run->path_count + 1, sizeof(*r->chain));
	if (r->chain == NULL)
		return cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	for (i = 0; i < run->path_count; i++) {
		s = step_of(run, run->path[i]);
		if (s == NULL)
			continue;
		found = *s;
		/* A signer's constraint failure is reported without the
		 * issuer, though GnuTLS had found it: the next of the path. */
		if (found.issuer == NULL &&
		    !(found.status & GNUTLS_CERT_SIGNER_NOT_FOUND) &&
		    i + 1 < run->path_count)
			found.issuer = run->path[i + 1];
		if (fill_link(&r->chain[r->chain_count++], &found, run) < 0)
			return cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	}
	/* A trusted certificate given itself: GnuTLS checks nothing. */
	if (r->chain_count == 0 && r->status == 0 && run->chain_count == 1) {
		struct verify_step self = {run->path[0], run->path[0], NULL, 0};

		if (fill_link(&r->chain[r->chain_count++], &self, run) < 0)
			return cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	}
	return 0;
}

/* Intermediates between the leaf and the first trusted certificate. */
static unsigned intermediates(const struct verify_run *run)
{
	unsigned i;

	for (i = 1; i < run->chain_count; i++)
		if (is_trusted(run->v, run->path[i]))
			break;
	return i - 1;
}

static int run_gnutls(struct cd_ctx *ctx, struct verify_run *run,
		      unsigned *status)
{
	const struct cd_verifier *v = run->v;
	gnutls_typed_vdata_st vdata[2];
	unsigned n = 0;
	int ret;

	if (v->purpose[0]) {
		vdata[n].type = GNUTLS_DT_KEY_PURPOSE_OID;
		vdata[n].data = (unsigned char *)v->purpose;
		vdata[n++].size = (unsigned)strlen(v->purpose);
	}
	if (v->ip_len) {
		vdata[n].type = GNUTLS_DT_IP_ADDRESS;
		vdata[n].data = (unsigned char *)v->ip;
		vdata[n++].size = v->ip_len;
	} else if (v->peer[0]) {
		vdata[n].type = GNUTLS_DT_DNS_HOSTNAME;
		vdata[n].data = (unsigned char *)v->peer;
		vdata[n++].size = (unsigned)strlen(v->peer);
	}
	verify_current = run;
	if (v->has_time) {
		pthread_once(&verify_time_once, verify_time_install);
		verify_clock = v->time;
		verify_clock_set = 1;
	}
	/* The flags of certtool --verify, so that verdicts agree. */
	ret = gnutls_x509_trust_list_verify_crt2(
	    v->list, run->path, run->chain_count, vdata, n,
	    GNUTLS_VERIFY_DO_NOT_ALLOW_SAME, status, record_step);
	verify_clock_set = 0;
	verify_current = NULL;
	if (ret < 0)
		return cd_gnutls_error(ctx, ret,
				       _("the chain could not be checked"));
	if (run->nomem)
		return cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	return 0;
}

int cd_verifier_check(struct cd_ctx *ctx, struct cd_verifier *v,
		      gnutls_x509_crt_t *list, unsigned count,
		      struct cd_verify_result *r)
{
	struct verify_run run;
	int ret;

	memset(r, 0, sizeof(*r));
	memset(&run, 0, sizeof(run));
	run.v = v;
	run.now = v->has_time ? v->time : time(NULL);
	build_chain(&run, list, count);
	ret = run_gnutls(ctx, &run, &r->status);
	run.intermediates = intermediates(&run);
	if (ret == 0 && run.intermediates > (unsigned)v->max_depth)
		r->status |= GNUTLS_CERT_INVALID;
	r->verified = ret == 0 && r->status == 0;
	if (ret == 0 && (v->details || !r->verified))
		ret = fill_chain(ctx, &run, r);
	if (ret == 0 && !r->verified)
		ret = verify_explain(ctx, &run, r);
	free(run.steps);
	if (ret < 0)
		cd_verify_result_free(r);
	return ret;
}

int cd_verifier_check_file(struct cd_ctx *ctx, struct cd_verifier *v,
			   const char *path, struct cd_verify_result *r)
{
	gnutls_x509_crt_t *list;
	unsigned count;
	int ret;

	memset(r, 0, sizeof(*r));
	ret = cd_file_load_crts(ctx, path, &list, &count);
	if (ret < 0)
		return ret;
	ret = cd_verifier_check(ctx, v, list, count, r);
	cd_crt_list_free(list, count);
	return ret;
}

/* cd_verifier_check_files(): how many files are checked at once (their
 * results are then reported in order), and from how many on the other
 * cores help, each with a verifier of its own (GnuTLS objects are not
 * shared between threads), made when it starts. */
#define CHECK_CHUNK 256
#define CHECK_PARALLEL_MIN 32

struct check_item {
	int ret;
	char *message; /* when RET < 0 */
	struct cd_verify_result r;
};

struct check_pool {
	const struct cd_verify_params *p;
	const char *const *paths;
	struct check_item *items;
	struct cd_verifier *v[CD_PARALLEL_MAX]; /* 0: the caller's */
	struct cd_ctx ctx[CD_PARALLEL_MAX];
};

static int check_one(void *arg, unsigned worker, size_t i)
{
	struct check_pool *pool = arg;
	struct check_item *it = &pool->items[i];
	struct cd_ctx *ctx = &pool->ctx[worker];
	int ret;

	if (pool->v[worker] == NULL) {
		ret = cd_verifier_new(ctx, pool->p, &pool->v[worker]);
		if (ret < 0)
			return ret;
	}
	ctx->message[0] = '\0';
	it->ret = cd_verifier_check_file(ctx, pool->v[worker], pool->paths[i],
					 &it->r);
	if (it->ret < 0) {
		/* the file's own failure: reported with it, not as the run's */
		it->message = strdup(cd_ctx_message(ctx));
		ctx->message[0] = '\0';
		if (it->message == NULL)
			return cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	}
	return 0;
}

/* Can each core read P's files again (regular files, not standard input
 * nor a pipe, which give their content once)? */
static int files_reread(const struct cd_verify_params *p)
{
	const char *const *lists[3] = {p->trust, p->untrusted, p->crls};
	size_t counts[3] = {p->trust_count, p->untrusted_count, p->crl_count};
	struct stat st;
	size_t i, k;

	for (k = 0; k < 3; k++)
		for (i = 0; i < counts[k]; i++)
			if (strcmp(lists[k][i], "-") == 0 ||
			    stat(lists[k][i], &st) < 0 || !S_ISREG(st.st_mode))
				return 0;
	return 1;
}

int cd_verifier_check_files(struct cd_ctx *ctx,
			    const struct cd_verify_params *p,
			    struct cd_verifier *v, const char *const *paths,
			    size_t n, cd_verify_file_fn fn, void *arg)
{
	size_t chunk = n < CHECK_CHUNK ? n : CHECK_CHUNK, start, m, i;
	struct check_pool *pool = calloc(1, sizeof(*pool));
	unsigned k;
	int ret = 0;

	if (pool == NULL ||
	    (pool->items = calloc(chunk ? chunk : 1, sizeof(*pool->items))) ==
		NULL) {
		free(pool);
		return cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	}
	pool->p = p;
	pool->v[0] = v;
	for (k = 0; k < CD_PARALLEL_MAX; k++)
		pool->ctx[k] = *ctx;
	for (start = 0; start < n && ret == 0; start += m) {
		m = n - start < chunk ? n - start : chunk;
		pool->paths = paths + start;
		memset(pool->items, 0, m * sizeof(*pool->items));
		if (n >= CHECK_PARALLEL_MIN && files_reread(p))
			ret = cd_parallel_for(m, check_one, pool);
		else
			for (i = 0; i < m && ret == 0; i++)
				ret = check_one(pool, 0, i);
		for (k = 0; ret < 0 && k < CD_PARALLEL_MAX; k++)
			if (pool->ctx[k].message[0]) {
				ret = cd_error(ctx, ret, "%s",
					       pool->ctx[k].message);
				break;
			}
		for (i = 0; i < m; i++) {
			struct check_item *it = &pool->items[i];

			if (ret == 0)
				fn(arg, paths[start + i], it->ret, it->message,
				   it->ret == 0 ? &it->r : NULL);
			if (it->ret == 0)
				cd_verify_result_free(&it->r);
			free(it->message);
		}
	}
	for (k = 1; k < CD_PARALLEL_MAX; k++)
		cd_verifier_free(pool->v[k]);
	free(pool->items);
	free(pool);
	return ret;
}

int cd_verify(struct cd_ctx *ctx, const struct cd_verify_params *p,
	      struct cd_verify_result *r)
{
	struct cd_verifier *v;
	int ret;

	memset(r, 0, sizeof(*r));
	if (p->cert == NULL)
		return cd_error(ctx, CD_E_INVALID,
				_("no certificate to verify"));
	ret = cd_verifier_new(ctx, p, &v);
	if (ret < 0)
		return ret;
	ret = cd_verifier_check_file(ctx, v, p->cert, r);
	cd_verifier_free(v);
	if (ret == 0 && !r->verified)
		ret =
		    cd_error(ctx, CD_E_VERIFY, _("%s: not verified"), p->cert);
	return ret;
}

void cd_verify_result_free(struct cd_verify_result *r)
{
	size_t i;

	for (i = 0; i < r->chain_count; i++) {
		free(r->chain[i].subject);
		free(r->chain[i].issuer);
		free(r->chain[i].checked_against);
		free(r->chain[i].signature_algorithm);
		free(r->chain[i].crl);
	}
	free(r->chain);
	for (i = 0; i < r->reason_count; i++) {
		free(r->reasons[i].message);
		free(r->reasons[i].hint);
	}
	free(r->reasons);
	memset(r, 0, sizeof(*r));
}

char *cd_verify_status_text(unsigned status)
{
	gnutls_datum_t text = {NULL, 0};
	char *s;

	if (gnutls_certificate_verification_status_print(
		status, GNUTLS_CRT_X509, &text, 0) < 0)
		return strdup("");
	s = strdup((const char *)text.data);
	gnutls_free(text.data);
	return s;
}
