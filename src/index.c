/* certdeck: index.txt, openssl ca's database, as easy-rsa and openssl
 * write it: status, expiry, revocation, serial, file, subject, tab
 * separated. */
#include <config.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "file.h"
#include "i18n.h"
#include "revoke.h"
#include "store.h"
#include "textbuf.h"

void cd_index_entry_clear(struct cd_index_entry *e)
{
	free(e->file);
	free(e->subject);
	memset(e, 0, sizeof(*e));
}

void cd_index_free(struct cd_index *index)
{
	size_t i;

	for (i = 0; i < index->count; i++)
		cd_index_entry_clear(&index->entries[i]);
	free(index->entries);
	free(index->by_serial);
	index->entries = NULL;
	index->by_serial = NULL;
	index->count = 0;
}

/* Serials compare as numbers: by length, then as text (upper-case hex). */
static int serial_cmp(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);

	if (la != lb)
		return la < lb ? -1 : 1;
	return strcmp(a, b);
}

static int by_serial_cmp(const void *a, const void *b, void *arg)
{
	const struct cd_index *index = arg;

	return serial_cmp(index->entries[*(const size_t *)a].serial,
			  index->entries[*(const size_t *)b].serial);
}

static int index_sort(struct cd_ctx *ctx, struct cd_index *index)
{
	size_t i;

	index->by_serial = malloc((index->count ? index->count : 1) *
				  sizeof(*index->by_serial));
	if (index->by_serial == NULL)
		return cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	for (i = 0; i < index->count; i++)
		index->by_serial[i] = i;
	qsort_r(index->by_serial, index->count, sizeof(*index->by_serial),
		by_serial_cmp, index);
	return 0;
}

static int copy_field(char *dst, size_t size, const char *src)
{
	if (strlen(src) >= size)
		return -1;
	strcpy(dst, src);
	return 0;
}

/* Split LINE (modified) into its six fields. */
static int parse_line(char *line, struct cd_index_entry *e)
{
	char *f[6];
	size_t i;
	char *p = line;

	for (i = 0; i < 6; i++) {
		f[i] = p;
		p = strchr(p, '\t');
		if (p == NULL && i < 5)
			return -1;
		if (p)
			*p++ = '\0';
	}
	if (strlen(f[0]) != 1 || strchr("VRE", f[0][0]) == NULL)
		return -1;
	e->status = f[0][0];
	if (copy_field(e->expiry, sizeof(e->expiry), f[1]) < 0 ||
	    copy_field(e->revocation, sizeof(e->revocation), f[2]) < 0 ||
	    copy_field(e->serial, sizeof(e->serial), f[3]) < 0 ||
	    e->serial[0] == '\0' ||
	    strspn(e->serial, "0123456789ABCDEFabcdef") != strlen(e->serial))
		return -1;
	for (i = 0; e->serial[i]; i++)
		if (e->serial[i] >= 'a' && e->serial[i] <= 'f')
			e->serial[i] = (char)(e->serial[i] - 'a' + 'A');
	e->file = strdup(f[4]);
	e->subject = strdup(f[5]);
	return e->file && e->subject ? 0 : -2;
}

static int index_append(struct cd_ctx *ctx, struct cd_index *index,
			struct cd_index_entry *e)
{
	struct cd_index_entry *n;

	if (index->count % 64 == 0) {
		n = realloc(index->entries,
			    (index->count + 64) * sizeof(*index->entries));
		if (n == NULL)
			return cd_error(ctx, CD_E_NOMEM, _("out of memory"));
		index->entries = n;
	}
	index->entries[index->count++] = *e;
	return 0;
}

static int parse_index(struct cd_ctx *ctx, const char *path, char *text,
		       struct cd_index *index)
{
	char *line = text, *next;
	unsigned lineno = 0;
	int ret;

	for (; *line; line = next) {
		struct cd_index_entry e;

		lineno++;
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		else
			next = line + strlen(line);
		if (*line == '\0')
			continue;
		memset(&e, 0, sizeof(e));
		ret = parse_line(line, &e);
		if (ret == -2) {
			cd_index_entry_clear(&e);
			return cd_error(ctx, CD_E_NOMEM, _("out of memory"));
		}
		if (ret < 0) {
			cd_index_entry_clear(&e);
			return cd_error(ctx, CD_E_PARSE,
					_("%s:%u: not an index line: expected "
					  "STATUS, expiry, revocation, serial, "
					  "file and subject, tab separated"),
					path, lineno);
		}
		ret = index_append(ctx, index, &e);
		if (ret < 0) {
			cd_index_entry_clear(&e);
			return ret;
		}
	}
	return 0;
}

/* Does DIR of the store hold a certificate file (NAME.pem or NAME.crt)? */
static int dir_has_certificate(const struct cd_store *store, const char *dir)
{
	char *path = cd_store_path(store, dir);
	DIR *d = path ? opendir(path) : NULL;
	struct dirent *e;
	int found = 0;

	while (d && !found && (e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);

		found = e->d_name[0] != '.' && len > 4 &&
			(strcmp(e->d_name + len - 4, ".pem") == 0 ||
			 strcmp(e->d_name + len - 4, ".crt") == 0);
	}
	if (d)
		closedir(d);
	free(path);
	return found;
}

/* An index.txt missing or empty in a store that has issued certificates,
 * with no change under way, has been lost: a CRL made from it would
 * revoke nothing, and serials could be given twice. */
static int index_lost(struct cd_ctx *ctx, const struct cd_store *store,
		      int missing)
{
	char *journal = cd_store_path(store, ".certdeck-journal");
	int changing = journal == NULL || cd_file_exists(journal);

	free(journal);
	/* A change under way, or interrupted, may show certificates that
	 * index.txt does not name yet: its recovery decides, not this. */
	if (changing ||
	    (!dir_has_certificate(store, "certs_by_serial") &&
	     !dir_has_certificate(store, "revoked/certs_by_serial")))
		return 0;
	return cd_error(
	    ctx, CD_E_STORE,
	    missing ? _("%s: index.txt is missing, yet certs_by_serial/ "
			"holds certificates: the record of what the CA issued "
			"and revoked is lost; restore index.txt (from "
			"index.txt.old or a backup) before anything else")
		    : _("%s: index.txt is empty, yet certs_by_serial/ holds "
			"certificates: the record of what the CA issued and "
			"revoked is lost; restore index.txt (from "
			"index.txt.old or a backup) before anything else"),
	    store->dir);
}

static int index_read(struct cd_ctx *ctx, const struct cd_store *store,
		      struct cd_index *index, int sort)
{
	gnutls_datum_t data = {NULL, 0};
	char *path = cd_store_path(store, "index.txt");
	char *text = NULL;
	int ret;

	index->entries = NULL;
	index->count = 0;
	index->by_serial = NULL;
	if (path == NULL)
		return cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	if (!cd_file_exists(path)) {
		free(path);
		return index_lost(ctx, store, 1);
	}
	ret = cd_file_read(ctx, path, 1, &data);
	if (ret < 0)
		goto out;
	text = malloc(data.size + 1);
	if (text == NULL) {
		ret = cd_error(ctx, CD_E_NOMEM, _("out of memory"));
		goto out;
	}
	memcpy(text, data.data, data.size);
	text[data.size] = '\0';
	ret = parse_index(ctx, path, text, index);
	if (ret == 0 && index->count == 0)
		ret = index_lost(ctx, store, 0);
	if (ret == 0 && sort)
		ret = index_sort(ctx, index);
	if (ret < 0)
		cd_index_free(index);
out:
	free(text);
	gnutls_free(data.data);
	free(path);
	return ret;
}

int cd_index_load(struct cd_ctx *ctx, const struct cd_store *store,
		  struct cd_index *index)
{
	return index_read(ctx, store, index, 1);
}

int cd_index_read(struct cd_ctx *ctx, const struct cd_store *store,
		  struct cd_index *index)
{
	return index_read(ctx, store, index, 0);
}

const struct cd_index_entry *cd_index_find(const struct cd_index *index,
					   const char *serial)
{
	size_t lo = 0, hi = index->count;

	if (index->by_serial == NULL)
		return NULL;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct cd_index_entry *e =
		    &index->entries[index->by_serial[mid]];
		int c = serial_cmp(serial, e->serial);

		if (c == 0)
			return e;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

void cd_serial_hex(const unsigned char *octets, size_t n, char *hex)
{
	static const char digits[] = "0123456789ABCDEF";
	size_t i, skip;

	/* A positive serial with its top bit set has a leading zero octet
	 * in DER; openssl names it without. */
	for (skip = 0; skip + 1 < n && octets[skip] == 0; skip++)
		;
	for (i = skip; i < n; i++) {
		*hex++ = digits[octets[i] >> 4];
		*hex++ = digits[octets[i] & 15];
	}
	if (n == 0) {
		*hex++ = '0';
		*hex++ = '0';
	}
	*hex = '\0';
}

int cd_crt_serial_hex(struct cd_ctx *ctx, gnutls_x509_crt_t crt,
		      char hex[CD_SERIAL_HEX_MAX])
{
	unsigned char serial[40];
	size_t size = sizeof(serial);
	int ret = gnutls_x509_crt_get_serial(crt, serial, &size);

	if (ret < 0)
		return cd_gnutls_error(ctx, ret, _("reading the serial"));
	if (size > 20)
		return cd_error(ctx, CD_E_PARSE,
				_("the serial has %zu octets, more than the "
				  "20 allowed"),
				size);
	cd_serial_hex(serial, size, hex);
	return 0;
}

/* openssl's short names for the attributes of its one-line form. */
static const struct {
	const char *oid, *name;
} dn_names[] = {
    {"2.5.4.6", "C"},
    {"2.5.4.8", "ST"},
    {"2.5.4.7", "L"},
    {"2.5.4.10", "O"},
    {"2.5.4.11", "OU"},
    {"2.5.4.3", "CN"},
    {"2.5.4.4", "SN"},
    {"2.5.4.42", "GN"},
    {"2.5.4.5", "serialNumber"},
    {"2.5.4.9", "street"},
    {"2.5.4.12", "title"},
    {"2.5.4.17", "postalCode"},
    {"2.5.4.46", "dnQualifier"},
    {"2.5.4.65", "pseudonym"},
    {"0.9.2342.19200300.100.1.25", "DC"},
    {"0.9.2342.19200300.100.1.1", "UID"},
    {"1.2.840.113549.1.9.1", "emailAddress"},
};

static const char *dn_short_name(const char *oid)
{
	size_t i;

	for (i = 0; i < sizeof(dn_names) / sizeof(dn_names[0]); i++)
		if (strcmp(dn_names[i].oid, oid) == 0)
			return dn_names[i].name;
	return oid;
}

struct buf {
	char *p;
	size_t len, size;
};

static int buf_add(struct buf *b, const void *data, size_t len)
{
	if (b->len + len + 1 > b->size) {
		size_t size = (b->len + len + 1) * 2;
		char *p = realloc(b->p, size);

		if (p == NULL)
			return -1;
		b->p = p;
		b->size = size;
	}
	memcpy(b->p + b->len, data, len);
	b->len += len;
	b->p[b->len] = '\0';
	return 0;
}

/* One attribute, escaped as X509_NAME_oneline does: bytes outside
 * printable ASCII as \xHH (and tabs and newlines, which would break the
 * index's lines). */
static int add_ava(struct buf *b, const gnutls_x509_ava_st *ava)
{
	char oid[128];
	const char *name;
	size_t i;

	if (ava->oid.size >= sizeof(oid))
		return -1;
	memcpy(oid, ava->oid.data, ava->oid.size);
	oid[ava->oid.size] = '\0';
	name = dn_short_name(oid);
	if (buf_add(b, "/", 1) < 0 || buf_add(b, name, strlen(name)) < 0 ||
	    buf_add(b, "=", 1) < 0)
		return -1;
	for (i = 0; i < ava->value.size; i++) {
		unsigned char c = ava->value.data[i];
		char esc[5];

		if (c >= 0x20 && c < 0x7f) {
			if (buf_add(b, &c, 1) < 0)
				return -1;
			continue;
		}
		snprintf(esc, sizeof(esc), "\\x%02X", c);
		if (buf_add(b, esc, 4) < 0)
			return -1;
	}
	return 0;
}

/* The byte of the escape \xHH at P, or -1. */
static int escaped_byte(const char *p)
{
	return p[0] == '\\' && p[1] == 'x' ? cd_hex_byte(p + 2) : -1;
}

/* Are the N bytes of B characters of UTF-8 from U+00A0 up (no controls,
 * no overlong or surrogate forms)? */
static int utf8_text(const unsigned char *b, size_t n)
{
	size_t i, len;

	/* a length of 1 is ASCII, which an escape never stands for */
	for (i = 0; i < n; i += len)
		if ((len = cd_utf8_char_len(b + i, n - i)) < 2)
			return 0;
	return 1;
}

void cd_index_subject_unescape(char *s)
{
	char *in = s, *out = s;

	while (*in) {
		unsigned char run[1024];
		size_t n = 0, i;
		const char *start = in;
		int c;

		while (n < sizeof(run) && (c = escaped_byte(in)) >= 0x80) {
			run[n++] = (unsigned char)c;
			in += 4;
		}
		if (n == 0) {
			*out++ = *in++;
			continue;
		}
		if (utf8_text(run, n)) {
			for (i = 0; i < n; i++)
				*out++ = (char)run[i];
		} else {
			memmove(out, start, (size_t)(in - start));
			out += in - start;
		}
	}
	*out = '\0';
}

int cd_crt_subject_oneline(struct cd_ctx *ctx, gnutls_x509_crt_t crt,
			   char **out)
{
	gnutls_x509_dn_t dn;
	gnutls_x509_ava_st ava;
	struct buf b = {NULL, 0, 0};
	int irdn, iava, ret;

	ret = gnutls_x509_crt_get_subject(crt, &dn);
	if (ret < 0)
		return cd_gnutls_error(ctx, ret, _("reading the subject"));
	for (irdn = 0;; irdn++) {
		for (iava = 0;; iava++) {
			ret = gnutls_x509_dn_get_rdn_ava(dn, irdn, iava, &ava);
			if (ret < 0)
				break;
			if (add_ava(&b, &ava) < 0) {
				free(b.p);
				return cd_error(ctx, CD_E_NOMEM,
						_("out of memory"));
			}
		}
		if (iava == 0)
			break;
	}
	if (b.p == NULL && buf_add(&b, "", 0) < 0)
		return cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	*out = b.p;
	return 0;
}

int cd_index_entry_from_crt(struct cd_ctx *ctx, gnutls_x509_crt_t crt,
			    time_t now, struct cd_index_entry *e)
{
	time_t expiry = gnutls_x509_crt_get_expiration_time(crt);
	int ret;

	memset(e, 0, sizeof(*e));
	if (expiry == (time_t)-1)
		return cd_error(ctx, CD_E_PARSE,
				_("the certificate has no readable expiry"));
	e->status = expiry < now ? 'E' : 'V';
	cd_asn1_time(expiry, e->expiry); /* as index.txt writes dates */
	ret = cd_crt_serial_hex(ctx, crt, e->serial);
	if (ret == 0)
		ret = cd_crt_subject_oneline(ctx, crt, &e->subject);
	if (ret == 0 && (e->file = strdup("unknown")) == NULL)
		ret = cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	if (ret < 0)
		cd_index_entry_clear(e);
	return ret;
}
