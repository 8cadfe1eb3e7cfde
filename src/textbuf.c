/* certdeck: a growing text buffer for the backend's reports. */
#include <config.h>

#include <stdio.h>
#include <langinfo.h>
#include <string.h>

#include "error.h"
#include "textbuf.h"

void cd_textbuf_init(struct cd_textbuf *buf)
{
	memset(buf, 0, sizeof(*buf));
}

void cd_textbuf_free(struct cd_textbuf *buf)
{
	if (buf->data != NULL) {
		gnutls_memset(buf->data, 0, buf->cap);
		gnutls_free(buf->data);
	}
	cd_textbuf_init(buf);
}

int cd_textbuf_finish(struct cd_textbuf *buf, gnutls_datum_t *out)
{
	out->data = NULL;
	out->size = 0;
	if (buf->failed || buf->len > 0xffffffffu) {
		cd_textbuf_free(buf);
		return CD_E_NOMEM;
	}
	if (buf->data == NULL)
		cd_textbuf_add(buf, "", 0);
	if (buf->failed)
		return CD_E_NOMEM;
	out->data = (unsigned char *)buf->data;
	out->size = (unsigned)buf->len;
	cd_textbuf_init(buf);
	return 0;
}

/* Room for NEED more bytes and a NUL. The old block is wiped rather than
 * realloc'ed, so no copy of a private key is left in freed memory. */
static int reserve(struct cd_textbuf *buf, size_t need)
{
	size_t cap = buf->cap ? buf->cap : 256;
	char *grown;

	if (buf->failed)
		return -1;
	if (need > ((size_t)1 << 30) ||
	    buf->len + need + 1 > ((size_t)1 << 30)) {
		buf->failed = 1;
		return -1;
	}
	if (buf->len + need + 1 <= buf->cap)
		return 0;
	while (cap < buf->len + need + 1)
		cap *= 2;
	grown = gnutls_malloc(cap);
	if (grown == NULL) {
		buf->failed = 1;
		return -1;
	}
	if (buf->data != NULL) {
		memcpy(grown, buf->data, buf->len);
		gnutls_memset(buf->data, 0, buf->cap);
		gnutls_free(buf->data);
	}
	buf->data = grown;
	buf->cap = cap;
	return 0;
}

void cd_textbuf_add(struct cd_textbuf *buf, const void *data, size_t len)
{
	if (reserve(buf, len) < 0)
		return;
	if (len > 0)
		memcpy(buf->data + buf->len, data, len);
	buf->len += len;
	buf->data[buf->len] = 0;
}

void cd_textbuf_puts(struct cd_textbuf *buf, const char *s)
{
	cd_textbuf_add(buf, s, strlen(s));
}

void cd_textbuf_printf(struct cd_textbuf *buf, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0) {
		buf->failed = 1;
		return;
	}
	if (reserve(buf, (size_t)n) < 0)
		return;
	va_start(ap, fmt);
	vsnprintf(buf->data + buf->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	buf->len += (size_t)n;
}

void cd_textbuf_hex(struct cd_textbuf *buf, const unsigned char *data,
		    size_t len, char sep)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < len; i++) {
		char two[3];
		size_t n = 2;

		two[0] = digits[data[i] >> 4];
		two[1] = digits[data[i] & 15];
		if (sep && i + 1 < len)
			two[n++] = sep;
		cd_textbuf_add(buf, two, n);
	}
}

/* Length of the valid UTF-8 sequence at P, of which LEFT bytes remain (0
 * when invalid, overlong, a surrogate or beyond U+10FFFF). */
static int utf8_len(const unsigned char *p, size_t left)
{
	int n, i;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		n = 2;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		n = 3;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		n = 4;
	else
		return 0;
	if ((size_t)n > left)
		return 0;
	for (i = 1; i < n; i++)
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	if ((p[0] == 0xe0 && p[1] < 0xa0) || (p[0] == 0xed && p[1] >= 0xa0) ||
	    (p[0] == 0xf0 && p[1] < 0x90) || (p[0] == 0xf4 && p[1] >= 0x90))
		return 0;
	return n;
}

void cd_textbuf_json_string(struct cd_textbuf *buf, const char *s)
{
	if (s == NULL)
		cd_textbuf_puts(buf, "null");
	else
		cd_textbuf_json_mem(buf, s, strlen(s));
}

void cd_textbuf_json_mem(struct cd_textbuf *buf, const void *data, size_t len)
{
	const unsigned char *p = data, *end = p + len;

	cd_textbuf_add(buf, "\"", 1);
	while (p < end) {
		int n = utf8_len(p, (size_t)(end - p));

		if (*p == '"' || *p == '\\') {
			char esc[2] = {'\\', (char)*p};

			cd_textbuf_add(buf, esc, 2);
		} else if (*p == '\n') {
			cd_textbuf_puts(buf, "\\n");
		} else if (*p == '\t') {
			cd_textbuf_puts(buf, "\\t");
		} else if (*p < 0x20 || *p == 0x7f || n == 0) {
			cd_textbuf_printf(buf, "\\u%04x", *p);
		} else {
			cd_textbuf_add(buf, p, (size_t)n);
			p += n;
			continue;
		}
		p++;
	}
	cd_textbuf_add(buf, "\"", 1);
}

void cd_textbuf_json_hex(struct cd_textbuf *buf, const unsigned char *data,
			 size_t len, char sep)
{
	cd_textbuf_add(buf, "\"", 1);
	cd_textbuf_hex(buf, data, len, sep);
	cd_textbuf_add(buf, "\"", 1);
}

size_t cd_utf8_char_len(const unsigned char *p, size_t n)
{
	int len = n ? utf8_len(p, n) : 0;

	/* U+0080 to U+009F, the C1 controls: C2 80 to C2 9F */
	return len == 2 && p[0] == 0xc2 && p[1] < 0xa0 ? 0 : (size_t)len;
}

static int hex_digit(char c)
{
	return c >= '0' && c <= '9'   ? c - '0'
	       : c >= 'A' && c <= 'F' ? c - 'A' + 10
	       : c >= 'a' && c <= 'f' ? c - 'a' + 10
				      : -1;
}

int cd_hex_byte(const char *p)
{
	int hi = hex_digit(p[0]), lo;

	if (hi < 0 || (lo = hex_digit(p[1])) < 0)
		return -1;
	return hi * 16 + lo;
}

int cd_locale_is_8bit(void)
{
	const char *codeset = nl_langinfo(CODESET);

	/* ASCII (the C locale) holds nothing above 0x7f: text from there up
	 * is taken as UTF-8, as most terminals show it */
	return codeset && strcmp(codeset, "UTF-8") != 0 &&
	       strcmp(codeset, "ANSI_X3.4-1968") != 0 &&
	       strcmp(codeset, "ASCII") != 0;
}

void cd_textbuf_sanitize(struct cd_textbuf *buf, size_t from)
{
	unsigned char *p = (unsigned char *)buf->data;
	int utf8 = !cd_locale_is_8bit();
	size_t i = from, len;

	while (i < buf->len) {
		unsigned char c = p[i];

		if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f ||
		    (!utf8 && c >= 0x80 && c <= 0x9f)) {
			p[i++] = '?';
			continue;
		}
		if (!utf8) { /* an 8-bit character set: the rest is text */
			i++;
			continue;
		}
		len = cd_utf8_char_len(p + i, buf->len - i);
		if (len == 0 && c == 0xc2 && i + 1 < buf->len &&
		    p[i + 1] >= 0x80 && p[i + 1] <= 0x9f)
			len = 2, p[i] = p[i + 1] = '?'; /* a C1 control */
		else if (len == 0)
			len = 1, p[i] = '?';
		i += len;
	}
}
