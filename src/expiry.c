/* certdeck: what in a store expires within N days (see expiry.h). */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crl.h"
#include "error.h"
#include "expiry.h"
#include "i18n.h"
#include "revoke.h"

void cd_expiry_free(struct cd_expiry *e)
{
	size_t i;

	for (i = 0; i < e->count; i++) {
		free(e->entries[i].name);
		free(e->entries[i].subject);
	}
	free(e->entries);
	e->entries = NULL;
	e->count = 0;
}

/* Is WHEN within the window? Then add it (SUBJECT copied). */
static int add_if_due(struct cd_ctx *ctx, struct cd_expiry *e,
		      enum cd_expiry_kind kind, time_t when, const char *serial,
		      const char *subject)
{
	struct cd_expiry_entry *n, *x;

	if (when - e->now >= e->days * 86400)
		return 0;
	n = realloc(e->entries, (e->count + 1) * sizeof(*n));
	if (n == NULL)
		return cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	e->entries = n;
	x = &n[e->count];
	memset(x, 0, sizeof(*x));
	x->kind = kind;
	x->when = when;
	x->days_left = cd_days_left(when, e->now);
	x->passed = when <= e->now;
	snprintf(x->serial, sizeof(x->serial), "%s", serial ? serial : "");
	if (subject && (x->subject = strdup(subject)) == NULL)
		return cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	if (x->subject)
		cd_index_subject_unescape(x->subject);
	e->count++;
	return 0;
}

static int scan_ca(struct cd_ctx *ctx, const struct cd_store *store,
		   struct cd_expiry *e)
{
	char serial[CD_SERIAL_HEX_MAX] = "";
	char *subject = NULL;
	int ret;

	if (store->ca_crt == NULL)
		return 0;
	if (cd_crt_serial_hex(ctx, store->ca_crt, serial) < 0)
		serial[0] = '\0';
	if (cd_crt_subject_oneline(ctx, store->ca_crt, &subject) < 0)
		subject = NULL;
	ret = add_if_due(ctx, e, CD_EXPIRY_CA,
			 gnutls_x509_crt_get_expiration_time(store->ca_crt),
			 serial, subject);
	free(subject);
	if (ret == 0 && e->count &&
	    e->entries[e->count - 1].kind == CD_EXPIRY_CA)
		e->entries[e->count - 1].name = strdup("ca");
	return ret;
}

static int scan_index(struct cd_ctx *ctx, const struct cd_index *index,
		      struct cd_expiry *e)
{
	size_t i;
	int ret = 0;

	for (i = 0; i < index->count && ret == 0; i++) {
		const struct cd_index_entry *x = &index->entries[i];
		time_t t;

		if (x->status != 'V' || cd_index_time_parse(x->expiry, &t) < 0)
			continue;
		ret = add_if_due(ctx, e, CD_EXPIRY_CERT, t, x->serial,
				 x->subject);
	}
	return ret;
}

static int scan_crl(struct cd_ctx *ctx, const struct cd_store *store,
		    struct cd_expiry *e)
{
	int ret = cd_crl_next_update(ctx, store, &e->crl_present, &e->crl_next);

	if (ret < 0 || !e->crl_present || e->crl_next == (time_t)-1)
		return ret;
	e->crl_days_left = cd_days_left(e->crl_next, e->now);
	return add_if_due(ctx, e, CD_EXPIRY_CRL, e->crl_next, NULL, NULL);
}

int cd_expiry_scan(struct cd_ctx *ctx, const struct cd_store *store,
		   const struct cd_index *index, long days,
		   struct cd_expiry *out)
{
	int ret;

	memset(out, 0, sizeof(*out));
	out->days = days;
	out->now = cd_ctx_now(ctx);
	out->crl_next = (time_t)-1;
	ret = scan_ca(ctx, store, out);
	if (ret == 0)
		ret = scan_index(ctx, index, out);
	if (ret == 0)
		ret = scan_crl(ctx, store, out);
	return ret;
}

/* The names of issued/ for the certificates among the entries. */
static int add_names(struct cd_ctx *ctx, const struct cd_store *store,
		     struct cd_expiry *e)
{
	struct cd_store_entry *list = calloc(e->count + 1, sizeof(*list));
	char **names = NULL;
	size_t i;
	int ret;

	if (list == NULL)
		return cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	for (i = 0; i < e->count; i++)
		memcpy(list[i].serial, e->entries[i].serial,
		       sizeof(list[i].serial));
	ret = cd_store_list_names(ctx, store, list, e->count, &names);
	for (i = 0; ret == 0 && i < e->count; i++)
		if (e->entries[i].kind == CD_EXPIRY_CERT) {
			e->entries[i].name = names[i];
			names[i] = NULL;
		}
	if (ret == 0)
		cd_store_names_free(names, e->count);
	free(list);
	return ret;
}

int cd_expiry_list(struct cd_ctx *ctx, const struct cd_store *store, long days,
		   int with_names, struct cd_expiry *out)
{
	struct cd_index index;
	int ret = cd_index_read(ctx, store, &index);

	memset(out, 0, sizeof(*out));
	if (ret < 0)
		return ret;
	ret = cd_expiry_scan(ctx, store, &index, days, out);
	if (ret == 0 && with_names && out->count)
		ret = add_names(ctx, store, out);
	cd_index_free(&index);
	return ret;
}

static int by_date(const void *a, const void *b)
{
	const struct cd_expiry_entry *x = a, *y = b;

	if (x->when != y->when)
		return x->when < y->when ? -1 : 1;
	return (int)x->kind - (int)y->kind;
}

void cd_expiry_sort(struct cd_expiry *e)
{
	if (e->count > 1)
		qsort(e->entries, e->count, sizeof(*e->entries), by_date);
}

void cd_expiry_date(time_t when, char *buf, size_t size)
{
	struct tm tm;

	if (gmtime_r(&when, &tm) == NULL ||
	    strftime(buf, size, "%Y-%m-%d %H:%M:%S UTC", &tm) == 0)
		snprintf(buf, size, "?");
}

static void describe_crl(const struct cd_expiry_entry *x, char *buf,
			 size_t size)
{
	char when[64];

	cd_expiry_date(x->when, when, sizeof(when));
	if (x->passed)
		/* L10N: the date the CRL was due. */
		snprintf(buf, size,
			 _("crl.pem: its next update (%s) has passed; sign a "
			   "new CRL"),
			 when);
	else
		/* L10N: the date, the days left. */
		snprintf(buf, size,
			 _("crl.pem: next update %s, in %ld day(s); sign a "
			   "new CRL before then"),
			 when, x->days_left);
}

void cd_expiry_describe(const struct cd_expiry_entry *x, char *buf, size_t size)
{
	const char *subject = x->subject ? x->subject : "";

	switch (x->kind) {
	case CD_EXPIRY_CA:
		snprintf(buf, size,
			 x->passed ? _("ca.crt: the CA has expired")
				   : _("ca.crt: the CA expires in %ld days"),
			 x->days_left);
		break;
	case CD_EXPIRY_CERT:
		if (x->passed)
			snprintf(buf, size, _("%s (%s): expired"), x->serial,
				 subject);
		else
			/* L10N: a certificate's serial, its subject, days
			 * left. */
			snprintf(buf, size, _("%s (%s): expires in %ld days"),
				 x->serial, subject, x->days_left);
		break;
	case CD_EXPIRY_CRL:
		describe_crl(x, buf, size);
		break;
	}
}

void cd_expiry_describe_crl(const struct cd_expiry *e, char *buf, size_t size)
{
	char when[64];

	buf[0] = '\0';
	if (!e->crl_present || e->crl_next == (time_t)-1)
		return;
	cd_expiry_date(e->crl_next, when, sizeof(when));
	snprintf(buf, size, _("crl.pem: next update %s, in %ld day(s)"), when,
		 e->crl_days_left);
}
