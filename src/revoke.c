/* certdeck: revocation in index.txt (see revoke.h for the format). */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <strings.h>
#include <sys/stat.h>

#include "error.h"
#include "expiry.h"
#include "file.h"
#include "i18n.h"
#include "revoke.h"

/* RFC 5280's reasons; openssl's spelling where it differs. The last two
 * are known (a CRL may hold them) but never recorded: openssl ca (and so
 * easy-rsa) has no name for them in index.txt, and stops on such a line. */
static const struct reason {
	int code;
	const char *name, *openssl, *text;
	int recordable;
} reasons[] = {
    {0, "unspecified", NULL, N_("unspecified"), 1},
    {1, "keyCompromise", NULL, N_("the key was compromised"), 1},
    {2, "cACompromise", "CACompromise", N_("the CA was compromised"), 1},
    {3, "affiliationChanged", NULL, N_("the affiliation changed"), 1},
    {4, "superseded", NULL, N_("superseded by another certificate"), 1},
    {5, "cessationOfOperation", NULL, N_("no longer in operation"), 1},
    {6, "certificateHold", NULL, N_("on hold"), 1},
    {8, "removeFromCRL", NULL, N_("removed from the CRL"), 1},
    {9, "privilegeWithdrawn", NULL, N_("a privilege was withdrawn"), 0},
    {10, "aACompromise", NULL, N_("the attribute authority was compromised"),
     0},
};

#define N_REASONS (sizeof(reasons) / sizeof(reasons[0]))

static const struct reason *reason_by_code(int code)
{
	size_t i;

	for (i = 0; i < N_REASONS; i++)
		if (reasons[i].code == code)
			return &reasons[i];
	return NULL;
}

static const struct reason *reason_by_name(const char *name)
{
	size_t i;

	for (i = 0; i < N_REASONS; i++)
		if (strcasecmp(reasons[i].name, name) == 0)
			return &reasons[i];
	return NULL;
}

const char *cd_reason_name(int code)
{
	const struct reason *r = reason_by_code(code);

	return r ? r->name : NULL;
}

const char *cd_reason_text(int code)
{
	const struct reason *r = reason_by_code(code);

	return r ? _(r->text) : NULL;
}

void cd_reason_each(void (*fn)(void *arg, int code), void *arg)
{
	size_t i;

	for (i = 0; i < N_REASONS; i++)
		if (reasons[i].recordable)
			fn(arg, reasons[i].code);
}

int cd_reason_parse(struct cd_ctx *ctx, const char *name, int *code)
{
	const struct reason *r = reason_by_name(name);

	if (r == NULL)
		return cd_error(ctx, CD_E_INVALID,
				_("'%s' is not a revocation reason: expected "
				  "unspecified, keyCompromise, cACompromise, "
				  "affiliationChanged, superseded, "
				  "cessationOfOperation, certificateHold or "
				  "removeFromCRL"),
				name);
	if (!r->recordable)
		return cd_error(ctx, CD_E_INVALID,
				_("'%s' cannot be recorded: openssl ca and "
				  "easy-rsa have no name for it in index.txt, "
				  "and would stop working on this store; use "
				  "affiliationChanged, cessationOfOperation or "
				  "unspecified"),
				r->name);
	*code = r->code;
	return 0;
}

int cd_index_time_parse(const char *text, time_t *out)
{
	struct tm tm;
	size_t len = strlen(text);
	int year;

	memset(&tm, 0, sizeof(tm));
	if ((len != 13 && len != 15) || text[len - 1] != 'Z' ||
	    strspn(text, "0123456789") != len - 1)
		return -1;
	if (len == 13) {
		year = (text[0] - '0') * 10 + (text[1] - '0');
		year += year < 50 ? 2000 : 1900;
		text += 2;
	} else {
		year = (text[0] - '0') * 1000 + (text[1] - '0') * 100 +
		       (text[2] - '0') * 10 + (text[3] - '0');
		text += 4;
	}
	tm.tm_year = year - 1900;
	tm.tm_mon = (text[0] - '0') * 10 + (text[1] - '0') - 1;
	tm.tm_mday = (text[2] - '0') * 10 + (text[3] - '0');
	tm.tm_hour = (text[4] - '0') * 10 + (text[5] - '0');
	tm.tm_min = (text[6] - '0') * 10 + (text[7] - '0');
	tm.tm_sec = (text[8] - '0') * 10 + (text[9] - '0');
	if (tm.tm_mon > 11 || tm.tm_mday < 1 || tm.tm_mday > 31 ||
	    tm.tm_hour > 23 || tm.tm_min > 59 || tm.tm_sec > 60)
		return -1;
	*out = timegm(&tm);
	return 0;
}

/* UTCTime (YYMMDDHHMMSSZ) from 1950 to 2049, else GeneralizedTime. */
void cd_asn1_time(time_t t, char out[16])
{
	char buf[96];
	struct tm tm;
	int year;

	gmtime_r(&t, &tm);
	year = tm.tm_year + 1900;
	if (year >= 2050 || year < 1950)
		snprintf(buf, sizeof(buf), "%04d%02d%02d%02d%02d%02dZ", year,
			 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
			 tm.tm_sec);
	else
		snprintf(buf, sizeof(buf), "%02d%02d%02d%02d%02d%02dZ",
			 year % 100, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
			 tm.tm_min, tm.tm_sec);
	snprintf(out, 16, "%.15s", buf);
}

void cd_generalized_time(time_t t, char out[16])
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 16, "%Y%m%d%H%M%SZ", &tm);
}

/* DATE[,REASON[,ARG]]: openssl's pseudo-reasons keyTime and CAkeyTime
 * carry an invalidity date; holdInstruction is a hold. */
int cd_revocation_parse(struct cd_ctx *ctx, const char *field,
			struct cd_revocation *r)
{
	char buf[64], *reason, *arg;
	const struct reason *known;

	memset(r, 0, sizeof(*r));
	r->reason = CD_REASON_NONE;
	if (strlen(field) >= sizeof(buf))
		goto bad;
	strcpy(buf, field);
	reason = strchr(buf, ',');
	if (reason)
		*reason++ = '\0';
	arg = reason ? strchr(reason, ',') : NULL;
	if (arg)
		*arg++ = '\0';
	if (cd_index_time_parse(buf, &r->date) < 0)
		goto bad;
	if (reason == NULL)
		return 0;
	if (strcasecmp(reason, "keyTime") == 0)
		r->reason = CD_REASON_KEY_COMPROMISE;
	else if (strcasecmp(reason, "CAkeyTime") == 0)
		r->reason = CD_REASON_CA_COMPROMISE;
	else if (strcasecmp(reason, "holdInstruction") == 0) {
		r->reason = CD_REASON_HOLD;
		return 0; /* its argument is the instruction's OID */
	} else if ((known = reason_by_name(reason)) != NULL)
		r->reason = known->code;
	else
		goto bad;
	if (arg && *arg) {
		if (cd_index_time_parse(arg, &r->invalidity) < 0)
			goto bad;
		r->has_invalidity = 1;
	}
	return 0;
bad:
	return cd_error(ctx, CD_E_PARSE,
			_("index.txt: '%s' is not a revocation (expected "
			  "DATE[,REASON[,DATE]])"),
			field);
}

int cd_revocation_format(struct cd_ctx *ctx, const struct cd_revocation *r,
			 char out[64])
{
	const struct reason *known = reason_by_code(r->reason);
	char date[16], inv[16];
	const char *name;

	cd_asn1_time(r->date, date);
	if (r->reason == CD_REASON_NONE) {
		strcpy(out, date);
		return 0;
	}
	if (known == NULL)
		return cd_error(ctx, CD_E_INVALID,
				_("unknown revocation reason %d"), r->reason);
	name = known->openssl ? known->openssl : known->name;
	if (!r->has_invalidity) {
		snprintf(out, 64, "%s,%s", date, name);
		return 0;
	}
	cd_generalized_time(r->invalidity, inv);
	if (r->reason == CD_REASON_KEY_COMPROMISE)
		name = "keyTime";
	else if (r->reason == CD_REASON_CA_COMPROMISE)
		name = "CAkeyTime";
	snprintf(out, 64, "%s,%s,%s", date, name, inv);
	return 0;
}

/* TARGET as a serial: hex digits (colons allowed), upper case, without
 * leading zeros; 0 when it is one. */
static int serial_normalize(const char *target, char out[CD_SERIAL_HEX_MAX])
{
	size_t n = 0;
	const char *p = target;

	if (strncasecmp(p, "0x", 2) == 0)
		p += 2;
	for (; *p; p++) {
		if (*p == ':')
			continue;
		if (strchr("0123456789abcdefABCDEF", *p) == NULL)
			return -1;
		if (n == 0 && *p == '0')
			continue;
		if (n + 1 >= CD_SERIAL_HEX_MAX)
			return -1;
		out[n++] =
		    (*p >= 'a' && *p <= 'f') ? (char)(*p - 'a' + 'A') : *p;
	}
	if (n % 2) { /* index.txt names whole octets */
		memmove(out + 1, out, n++);
		out[0] = '0';
	}
	out[n] = '\0';
	return n ? 0 : -1;
}

int cd_revoke_find_serial(struct cd_ctx *ctx, const struct cd_store *store,
			  const char *target, char serial[CD_SERIAL_HEX_MAX])
{
	gnutls_x509_crt_t crt = NULL;
	char rel[300], *path;
	int ret;

	if (strlen(target) < 200 && cd_store_name_check(ctx, target) == 0) {
		snprintf(rel, sizeof(rel), "issued/%s.crt", target);
		path = cd_store_path(store, rel);
		if (path == NULL)
			return cd_error(ctx, CD_E_NOMEM, _("out of memory"));
		ret = cd_file_exists(path) ? cd_file_load_crt(ctx, path, &crt)
					   : 1;
		free(path);
		if (ret == 0) {
			ret = cd_crt_serial_hex(ctx, crt, serial);
			gnutls_x509_crt_deinit(crt);
		}
		if (ret <= 0)
			return ret;
	}
	if (serial_normalize(target, serial) == 0)
		return 0;
	return cd_error(ctx, CD_E_NOTFOUND,
			_("'%s': no certificate of that name in %s/issued, "
			  "and not a serial"),
			target, store->dir);
}

/* A revocation that stands: said with its date and reason. */
static int already_revoked(struct cd_ctx *ctx, const char *serial,
			   const struct cd_revocation *old)
{
	const char *reason = cd_reason_name(old->reason);
	char when[40];

	cd_expiry_date(old->date, when, sizeof(when));
	if (old->reason == CD_REASON_HOLD)
		return cd_error(ctx, CD_E_EXISTS,
				/* L10N: the serial, the date of the hold */
				_("certificate %s is on hold already, since "
				  "%s: release the hold, or revoke it for "
				  "good with another reason"),
				serial, when);
	return cd_error(ctx, CD_E_EXISTS,
			/* L10N: the serial, the date, the RFC 5280 reason */
			_("certificate %s is revoked already, since %s (%s): "
			  "a revocation is final"),
			serial, when, reason ? reason : "unspecified");
}

/* The new revocation of E, or an error when it cannot change so. */
static int revoke_entry(struct cd_ctx *ctx, struct cd_index_entry *e,
			const struct cd_revoke_params *p,
			struct cd_revoke_result *res)
{
	struct cd_revocation old, r;
	int release = p->release || p->reason == CD_REASON_REMOVE_FROM_CRL;
	int ret = 0;

	if (e->status == 'R' &&
	    (ret = cd_revocation_parse(ctx, e->revocation, &old)) < 0)
		return ret;
	if (release) {
		if (e->status != 'R' || old.reason != CD_REASON_HOLD)
			return cd_error(ctx, CD_E_INVALID,
					_("certificate %s is not on hold: "
					  "only a hold (certificateHold) can "
					  "be released"),
					e->serial);
		e->status = 'V';
		e->revocation[0] = '\0';
		res->revocation.reason = CD_REASON_NONE;
		return 0;
	}
	r.date = cd_ctx_now(ctx);
	if (p->has_invalidity && p->invalidity > r.date)
		return cd_error(ctx, CD_E_INVALID, "%s",
				_("the invalidity date is in the future: it "
				  "says since when the key is known or "
				  "suspected to be bad, a date already past"));
	r.reason = p->reason;
	r.has_invalidity = p->has_invalidity;
	r.invalidity = p->invalidity;
	if (e->status == 'R') {
		if (old.reason != CD_REASON_HOLD || p->reason == CD_REASON_HOLD)
			return already_revoked(ctx, e->serial, &old);
		r.date = old.date; /* a hold made permanent keeps its date */
		res->changed_hold = 1;
	}
	ret = cd_revocation_format(ctx, &r, e->revocation);
	if (ret == 0) {
		e->status = 'R';
		res->revocation = r;
	}
	return ret;
}

static int index_write(struct cd_ctx *ctx, struct cd_store *store,
		       const struct cd_index *index)
{
	struct cd_store_file file = {"index.txt", {NULL, 0}, 0644};
	char *path = cd_store_path(store, "index.txt");
	size_t i, size = 1, len = 0;
	struct stat st;
	char *text;
	int ret;

	for (i = 0; i < index->count; i++)
		size += 200 + strlen(index->entries[i].file) +
			strlen(index->entries[i].subject);
	text = malloc(size);
	if (text == NULL || path == NULL) {
		free(text);
		free(path);
		return cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	}
	for (i = 0; i < index->count; i++) {
		const struct cd_index_entry *e = &index->entries[i];

		len += (size_t)snprintf(text + len, size - len,
					"%c\t%s\t%s\t%s\t%s\t%s\n", e->status,
					e->expiry, e->revocation, e->serial,
					e->file, e->subject);
	}
	if (stat(path, &st) == 0)
		file.mode = st.st_mode & 0777; /* easy-rsa makes it 0600 */
	file.data.data = (unsigned char *)text;
	file.data.size = (unsigned)len;
	ret = cd_store_replace_files(ctx, store, &file, 1);
	free(text);
	free(path);
	return ret;
}

int cd_revoke(struct cd_ctx *ctx, struct cd_store *store,
	      const struct cd_revoke_params *p, struct cd_revoke_result *res)
{
	struct cd_index index = {NULL, 0, NULL};
	struct cd_index_entry *e = NULL;
	char serial[CD_SERIAL_HEX_MAX];
	size_t i;
	int ret;

	memset(res, 0, sizeof(*res));
	ret = cd_store_lock(ctx, store);
	if (ret < 0)
		return ret;
	ret = cd_revoke_find_serial(ctx, store, p->target, serial);
	if (ret == 0)
		ret = cd_index_read(ctx, store, &index);
	for (i = 0; ret == 0 && i < index.count && e == NULL; i++)
		if (strcmp(index.entries[i].serial, serial) == 0)
			e = &index.entries[i];
	if (ret == 0 && e == NULL)
		ret = cd_error(ctx, CD_E_NOTFOUND,
			       _("%s: no certificate of serial %s in "
				 "index.txt"),
			       store->dir, serial);
	if (ret == 0)
		ret = revoke_entry(ctx, e, p, res);
	if (ret == 0)
		ret = index_write(ctx, store, &index);
	if (ret == 0) {
		strcpy(res->serial, serial);
		res->subject = strdup(e->subject);
		if (res->subject == NULL)
			ret = cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	}
	cd_index_free(&index);
	cd_store_unlock(store);
	return ret;
}

void cd_revoke_result_free(struct cd_revoke_result *res)
{
	free(res->subject);
	res->subject = NULL;
}

int cd_revoke_status(struct cd_ctx *ctx, const struct cd_store *store,
		     const char *serial, struct cd_revocation *r)
{
	struct cd_index index;
	const struct cd_index_entry *e;
	int ret = cd_index_load(ctx, store, &index);

	if (ret < 0)
		return ret;
	e = cd_index_find(&index, serial);
	ret = e && e->status == 'R' &&
	      cd_revocation_parse(ctx, e->revocation, r) == 0;
	cd_index_free(&index);
	return ret;
}

int cd_revoke_is_on_hold(struct cd_ctx *ctx, const struct cd_store *store,
			 const char *serial)
{
	struct cd_revocation r;
	int ret = cd_revoke_status(ctx, store, serial, &r);

	return ret > 0 ? r.reason == CD_REASON_HOLD : ret;
}

int cd_der_encode(struct cd_ctx *ctx, asn1_node node, const char *name,
		  const char *what, gnutls_datum_t *out)
{
	char err[ASN1_MAX_ERROR_DESCRIPTION_SIZE];
	int len = 0, ret;

	out->data = NULL;
	out->size = 0;
	ret = asn1_der_coding(node, name, NULL, &len, err);
	if (ret != ASN1_MEM_ERROR)
		return cd_error(ctx, CD_E_CRYPTO, "%s: %s", what, err);
	out->data = gnutls_malloc((size_t)len);
	if (out->data == NULL)
		return cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	ret = asn1_der_coding(node, name, out->data, &len, err);
	if (ret != ASN1_SUCCESS) {
		gnutls_free(out->data);
		out->data = NULL;
		return cd_error(ctx, CD_E_CRYPTO, "%s: %s", what, err);
	}
	out->size = (unsigned)len;
	return 0;
}
