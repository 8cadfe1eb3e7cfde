/* certdeck: a growing text buffer for the backend's reports (text or JSON),
 * which front ends print or show as they see fit. */
#ifndef CD_TEXTBUF_H
#define CD_TEXTBUF_H

#include <stdarg.h>
#include <stddef.h>

#include <gnutls/gnutls.h>

struct cd_textbuf {
	char *data; /* gnutls_malloc'ed, always NUL-terminated once used */
	size_t len, cap;
	int failed; /* an allocation failed: the text is incomplete */
};

void cd_textbuf_init(struct cd_textbuf *buf);
/* Wipe and free (the text may hold private key material). */
void cd_textbuf_free(struct cd_textbuf *buf);
/* Hand the text over to OUT (gnutls_free it); 0, or CD_E_NOMEM when an
 * append failed (BUF is then freed). */
int cd_textbuf_finish(struct cd_textbuf *buf, gnutls_datum_t *out);

void cd_textbuf_add(struct cd_textbuf *buf, const void *data, size_t len);
void cd_textbuf_puts(struct cd_textbuf *buf, const char *s);
void cd_textbuf_printf(struct cd_textbuf *buf, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* DATA as hex, lower case, bytes separated by SEP (0 for none). */
void cd_textbuf_hex(struct cd_textbuf *buf, const unsigned char *data,
		    size_t len, char sep);
/* S as a JSON string (null when S is NULL); bytes that are not valid
 * UTF-8 become \u00XX, so the output is always valid JSON. */
void cd_textbuf_json_string(struct cd_textbuf *buf, const char *s);
/* LEN bytes at DATA as a JSON string (they may hold NULs). */
void cd_textbuf_json_mem(struct cd_textbuf *buf, const void *data, size_t len);
/* DATA as a JSON string of hex (SEP as in cd_textbuf_hex). */
void cd_textbuf_json_hex(struct cd_textbuf *buf, const unsigned char *data,
			 size_t len, char sep);

/* The length of the UTF-8 character at P (N bytes there), 0 when they
 * are not one (a stray or missing byte, an overlong form, a surrogate,
 * beyond U+10FFFF) or when it is a C1 control (U+0080 to U+009F), which
 * a terminal may take as a command. */
size_t cd_utf8_char_len(const unsigned char *p, size_t n);

/* The byte of the two hex digits at P (either case), or -1: what follows
 * "%" in a URL, "\x" in index.txt's subjects. No byte past a NUL is read. */
int cd_hex_byte(const char *p);

/* Is the locale's character set an 8-bit one (ISO 8859-15, say), not
 * UTF-8 nor ASCII? */
int cd_locale_is_8bit(void);

/* Replace control characters other than newline and tab by '?', C1
 * controls too, and the bytes that are not UTF-8, so that text taken
 * from a hostile file cannot drive the terminal. In an 8-bit locale the
 * bytes from 0xa0 up are its characters, and stay. */
void cd_textbuf_sanitize(struct cd_textbuf *buf, size_t from);

#endif
