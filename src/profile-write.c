/* certdeck: writing certtool templates, and the decoding of the values
 * that need more than a string (serials, dates). */
#include <config.h>

#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "error.h"
#include "file.h"
#include "i18n.h"
#include "profile-check.h"
#include "profile.h"

#define SERIAL_MAX 20

struct buf {
	char *data;
	size_t len, cap;
	int failed;
	const char *unwritable; /* a keyword whose value cannot be written */
};

static void buf_add(struct buf *b, const char *s, size_t n)
{
	char *grown;

	if (b->failed)
		return;
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		grown = gnutls_realloc(b->data, b->cap);
		if (grown == NULL) {
			b->failed = 1;
			return;
		}
		b->data = grown;
	}
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

static void buf_str(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

/* key = "value" ('"' escaped). A backslash or a line break cannot be
 * written so that certtool reads it back: refuse those. */
static void put_quoted(struct buf *b, const char *name, const char *value)
{
	if (strpbrk(value, "\\\n\r") != NULL) {
		b->unwritable = name;
		return;
	}
	buf_str(b, name);
	buf_str(b, " = \"");
	for (; *value; value++) {
		if (*value == '"')
			buf_add(b, "\\", 1);
		buf_add(b, value, 1);
	}
	buf_str(b, "\"\n");
}

static void put_keyword(struct buf *b, const struct cd_keyword *kw,
			const struct cd_cert_params *params)
{
	const void *field = (const char *)params + kw->offset;
	const struct cd_strlist *list = field;
	const struct cd_num *num = field;
	char tmp[64];
	size_t i;

	switch (kw->type) {
	case CD_KW_TEXT:
		if (*(char *const *)field != NULL)
			put_quoted(b, kw->name, *(char *const *)field);
		break;
	case CD_KW_LIST:
		for (i = 0; i < list->n; i++)
			put_quoted(b, kw->name, list->v[i]);
		break;
	case CD_KW_BOOL:
		if (*(const int *)field) {
			buf_str(b, kw->name);
			buf_str(b, "\n");
		}
		break;
	case CD_KW_NUM:
		if (num->set) {
			snprintf(tmp, sizeof(tmp), "%s = %ld\n", kw->name,
				 num->v);
			buf_str(b, tmp);
		}
		break;
	}
}

int cd_profile_write(struct cd_ctx *ctx, const struct cd_cert_params *params,
		     gnutls_datum_t *out)
{
	struct buf b = {NULL, 0, 0, 0, NULL};
	size_t i;

	/* a file's content (a certtool template): not translated */
	buf_str(&b, "# certtool template written by certdeck\n");
	for (i = 0; cd_profile_keywords[i].name != NULL; i++)
		put_keyword(&b, &cd_profile_keywords[i], params);
	if (b.unwritable) {
		gnutls_free(b.data);
		return cd_error(ctx, CD_E_INVALID,
				_("%s: a value with a backslash or a line "
				  "break cannot be written in a certtool "
				  "template (certtool would drop it)"),
				b.unwritable);
	}
	if (b.failed) {
		gnutls_free(b.data);
		return cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	}
	out->data = (unsigned char *)b.data;
	out->size = (unsigned)b.len;
	return 0;
}

int cd_profile_write_text(struct cd_ctx *ctx,
			  const struct cd_cert_params *params, char **out)
{
	gnutls_datum_t d = {NULL, 0};
	int ret = cd_profile_write(ctx, params, &d);

	*out = NULL;
	if (ret < 0)
		return ret;
	*out = strndup((const char *)d.data, d.size);
	gnutls_free(d.data);
	if (*out == NULL)
		return cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	return 0;
}

int cd_profile_save(struct cd_ctx *ctx, const struct cd_cert_params *params,
		    const char *path)
{
	gnutls_datum_t d = {NULL, 0};
	int ret = cd_profile_write(ctx, params, &d);

	if (ret == 0)
		ret = cd_file_write_atomic(ctx, path, d.data, d.size, 0644, 0);
	gnutls_free(d.data);
	return ret;
}

static int serial_from_decimal(const char *text, gnutls_datum_t *out)
{
	char *end;
	long long v;
	int i;

	if (!isdigit((unsigned char)text[0]))
		return -1;
	errno = 0;
	v = strtoll(text, &end, 10);
	if (errno != 0 || *end != '\0' || v <= 0)
		return -1;
	/* certtool encodes a decimal serial on 8 octets (GnuTLS drops the
	 * leading zeros when it writes the DER). */
	out->data = gnutls_malloc(8);
	if (out->data == NULL)
		return -1;
	out->size = 8;
	for (i = 7; i >= 0; i--) {
		out->data[i] = (unsigned char)(v & 0xff);
		v >>= 8;
	}
	return 0;
}

static int serial_is_zero(const gnutls_datum_t *d)
{
	unsigned i;

	for (i = 0; i < d->size; i++)
		if (d->data[i] != 0)
			return 0;
	return 1;
}

static int serial_parse(const char *text, gnutls_datum_t *out)
{
	gnutls_datum_t hex;

	out->data = NULL;
	out->size = 0;
	if (text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
		hex.data = (unsigned char *)(uintptr_t)(text + 2);
		hex.size = (unsigned)strlen(text + 2);
		if (hex.size == 0 || cd_check_hex(text + 2) != NULL ||
		    gnutls_hex_decode2(&hex, out) < 0)
			return -1;
	} else if (serial_from_decimal(text, out) < 0) {
		return -1;
	}
	if (serial_is_zero(out) || out->size > SERIAL_MAX ||
	    (out->size == SERIAL_MAX && (out->data[0] & 0x80))) {
		gnutls_free(out->data);
		out->data = NULL;
		return -1;
	}
	return 0;
}

const char *cd_check_serial(const char *value)
{
	gnutls_datum_t d;

	if (serial_parse(value, &d) < 0)
		return _("a positive number, decimal (123) or hexadecimal "
			 "(0x7b), of at most 20 octets");
	gnutls_free(d.data);
	return NULL;
}

int cd_profile_serial_decode(struct cd_ctx *ctx, const char *text,
			     const char *what, gnutls_datum_t *out)
{
	if (serial_parse(text, out) < 0)
		return cd_error(ctx, CD_E_INVALID,
				/* L10N: what the value is (e.g. serial), the
				   value given, what is expected. */
				_("invalid %s '%s': expected %s"), what, text,
				cd_check_serial(text));
	return 0;
}

/* " +HHMM" or " -HHMM" (also without the space), as certtool takes. */
static int parse_offset(const char *p, long *offset)
{
	int i;

	if (*p == ' ')
		p++;
	if ((*p != '+' && *p != '-') || strlen(p) != 5)
		return -1;
	for (i = 1; i < 5; i++)
		if (!isdigit((unsigned char)p[i]))
			return -1;
	*offset = ((p[1] - '0') * 10 + (p[2] - '0')) * 3600L +
		  ((p[3] - '0') * 10 + (p[4] - '0')) * 60L;
	if (p[1] > '1' || ((p[3] - '0') * 10 + (p[4] - '0')) > 59)
		return -1;
	if (*p == '-')
		*offset = -*offset;
	return 0;
}

int cd_profile_date_parse(const char *text, time_t *out)
{
	struct tm tm, back;
	int n = 0, y, mo, d, h = 0, mi = 0, s = 0;
	long offset = 0;
	const char *p;
	time_t t;

	if (sscanf(text, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3)
		return CD_E_INVALID;
	p = text + n;
	if ((*p == ' ' || *p == 'T') &&
	    sscanf(p + 1, "%2d:%2d%n", &h, &mi, &n) == 2) {
		p += 1 + n;
		if (*p == ':' && sscanf(p + 1, "%2d%n", &s, &n) == 1)
			p += 1 + n;
	}
	if (strcmp(p, "Z") == 0 || strcmp(p, " UTC") == 0)
		p += strlen(p);
	else if (parse_offset(p, &offset) == 0)
		p += strlen(p);
	if (*p != '\0')
		return CD_E_INVALID;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = s;
	t = timegm(&tm);
	/* Reject 2023-02-30 and 25:00, which timegm would normalise. */
	if (gmtime_r(&t, &back) == NULL || back.tm_mday != d ||
	    back.tm_mon != mo - 1 || back.tm_hour != h || back.tm_min != mi ||
	    back.tm_sec != s)
		return CD_E_INVALID;
	*out = t - offset;
	return 0;
}

const char *cd_check_date(const char *value)
{
	time_t t;

	if (cd_profile_date_parse(value, &t) < 0)
		return _("a UTC date, \"YYYY-MM-DD HH:MM:SS\"");
	return NULL;
}
