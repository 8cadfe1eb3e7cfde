/* certdeck: listing the store, and checking its consistency. */
#include <config.h>

#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "crl.h"
#include "error.h"
#include "expiry.h"
#include "file.h"
#include "i18n.h"
#include "store.h"

/* Days from 1970-01-01 to Y-M-D (proleptic Gregorian; H. Hinnant's
 * days_from_civil): timegm() costs more than the rest of a listing. */
static long days_from_civil(long y, int m, int d)
{
	long era, yoe, doy;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

/* index.txt's YYMMDDHHMMSSZ or YYYYMMDDHHMMSSZ as a time. */
static int index_time_parse(const char *s, time_t *out)
{
	struct tm tm;
	size_t len = strlen(s);
	int y, off = 0;

	memset(&tm, 0, sizeof(tm));
	if ((len != 13 && len != 15) || s[len - 1] != 'Z' ||
	    strspn(s, "0123456789") != len - 1)
		return -1;
	if (len == 13) {
		y = (s[0] - '0') * 10 + (s[1] - '0');
		tm.tm_year = (y < 50 ? 2000 + y : 1900 + y) - 1900;
		off = 2;
	} else {
		y = atoi((char[]){s[0], s[1], s[2], s[3], 0});
		tm.tm_year = y - 1900;
		off = 4;
	}
#define TWO(i) ((s[off + (i)] - '0') * 10 + (s[off + (i) + 1] - '0'))
	tm.tm_mon = TWO(0) - 1;
	tm.tm_mday = TWO(2);
	tm.tm_hour = TWO(4);
	tm.tm_min = TWO(6);
	tm.tm_sec = TWO(8);
#undef TWO
	*out = (time_t)days_from_civil(tm.tm_year + 1900L, tm.tm_mon + 1,
				       tm.tm_mday) *
		   86400 +
	       tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec;
	return 0;
}

/* Serial (hex) to the name of issued/NAME.crt holding it. */
struct name_pair {
	char *serial, *name;
	time_t not_before; /* 0 when unread */
};

struct name_map {
	struct name_pair *v;
	size_t n, size;
};

static void name_map_free(struct name_map *m)
{
	size_t i;

	for (i = 0; i < m->n; i++) {
		free(m->v[i].serial);
		free(m->v[i].name);
	}
	free(m->v);
}

static int name_map_add(struct name_map *m, const char *serial,
			time_t not_before, const char *name, size_t len)
{
	if (m->n == m->size) {
		size_t size = m->size ? 2 * m->size : 64;
		struct name_pair *v = realloc(m->v, size * sizeof(*v));

		if (v == NULL)
			return -1;
		m->v = v;
		m->size = size;
	}
	m->v[m->n].serial = strdup(serial);
	m->v[m->n].name = strndup(name, len);
	m->v[m->n].not_before = not_before;
	m->n++;
	return m->v[m->n - 1].serial && m->v[m->n - 1].name ? 0 : -1;
}

/* Visit each issued/NAME.crt: FN(arg, file name, certificate or NULL). */
typedef void (*issued_fn)(void *arg, const char *file, gnutls_x509_crt_t crt,
			  const char *serial);

static void for_each_issued(struct cd_ctx *ctx, const struct cd_store *store,
			    issued_fn fn, void *arg)
{
	char *dir = cd_store_path(store, "issued");
	DIR *d = dir ? opendir(dir) : NULL;
	struct dirent *e;

	while (d && (e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);
		gnutls_x509_crt_t crt = NULL;
		char serial[CD_SERIAL_HEX_MAX] = "";
		char *path;
		struct cd_ctx scratch = *ctx;

		if (len < 5 || strcmp(e->d_name + len - 4, ".crt") != 0)
			continue;
		path = cd_path_join(dir, e->d_name);
		if (path && cd_file_load_crt(&scratch, path, &crt) == 0 &&
		    cd_crt_serial_hex(&scratch, crt, serial) < 0)
			serial[0] = '\0';
		fn(arg, e->d_name, crt, serial);
		if (crt)
			gnutls_x509_crt_deinit(crt);
		free(path);
	}
	if (d)
		closedir(d);
	free(dir);
}

/* One DER header at P (LEN octets left): its tag and the length of its
 * content; returns the header's size, or 0 when malformed. */
static size_t der_header(const unsigned char *p, size_t len, unsigned *tag,
			 size_t *content)
{
	size_t n, i, size = 0;

	if (len < 2)
		return 0;
	*tag = p[0];
	if (p[1] < 0x80) {
		*content = p[1];
		return *content <= len - 2 ? 2 : 0;
	}
	n = p[1] & 0x7f;
	if (n == 0 || n > sizeof(size_t) - 1 || len < 2 + n)
		return 0;
	for (i = 0; i < n; i++)
		size = size << 8 | p[2 + i];
	*content = size;
	return size <= len - 2 - n ? 2 + n : 0;
}

/* The start of the validity that follows the serial at P (LEN octets
 * left, up to the end of tbsCertificate), or 0 when unreadable. */
static time_t der_not_before(const unsigned char *p, size_t len)
{
	char text[16];
	size_t h, content;
	unsigned tag;
	time_t t;
	int i;

	/* serialNumber, signature AlgorithmIdentifier, issuer Name, then
	 * validity SEQUENCE { notBefore Time, ... } */
	for (i = 0; i < 3; i++) {
		h = der_header(p, len, &tag, &content);
		if (h == 0)
			return 0;
		p += h + content;
		len -= h + content;
	}
	h = der_header(p, len, &tag, &content);
	if (h == 0 || tag != 0x30)
		return 0;
	p += h;
	len = content;
	h = der_header(p, len, &tag, &content);
	if (h == 0 || (tag != 0x17 && tag != 0x18) || content >= sizeof(text))
		return 0;
	memcpy(text, p + h, content);
	text[content] = '\0';
	return index_time_parse(text, &t) == 0 ? t : 0;
}

/* The serial of the certificate in DER, as cd_crt_serial_hex() writes it,
 * and the start of its validity (0 when unreadable), read straight from
 * the encoding: listing reads every file of issued/, and a full parse of
 * each would cost most of the time. */
static int der_serial_hex(const gnutls_datum_t *der,
			  char hex[CD_SERIAL_HEX_MAX], time_t *not_before)
{
	const unsigned char *p = der->data;
	size_t len = der->size, h, content, i;
	unsigned tag;

	/* Certificate ::= SEQUENCE { tbsCertificate SEQUENCE { [0] version
	 * OPTIONAL, serialNumber INTEGER, ... */
	for (i = 0; i < 2; i++) {
		h = der_header(p, len, &tag, &content);
		if (h == 0 || tag != 0x30)
			return -1;
		p += h;
		len = content;
	}
	h = der_header(p, len, &tag, &content);
	if (h != 0 && tag == 0xa0) {
		p += h + content;
		len -= h + content;
		h = der_header(p, len, &tag, &content);
	}
	if (h == 0 || tag != 0x02 || content == 0 || content > 21)
		return -1;
	*not_before = der_not_before(p, len);
	p += h;
	for (i = 0; i + 1 < content && p[i] == 0; i++)
		;
	if (content - i > 20)
		return -1; /* more than 20 octets: no serial of ours */
	cd_serial_hex(p, content, hex);
	return 0;
}

/* The serial of the certificate in the file PATH (PEM or DER), and the
 * start of its validity. */
static int file_serial_hex(const char *path, char hex[CD_SERIAL_HEX_MAX],
			   time_t *not_before)
{
	struct cd_ctx scratch;
	gnutls_datum_t data = {NULL, 0}, der = {NULL, 0};
	int ret;

	memset(&scratch, 0, sizeof(scratch));
	if (cd_file_read(&scratch, path, 0, &data) < 0)
		return -1;
	if (cd_file_is_pem(&data, "CERTIFICATE")) {
		ret = gnutls_pem_base64_decode2("CERTIFICATE", &data, &der);
		ret = ret < 0 ? -1 : der_serial_hex(&der, hex, not_before);
		gnutls_free(der.data);
	} else
		ret = der_serial_hex(&data, hex, not_before);
	gnutls_free(data.data);
	return ret;
}

static int map_compare(const void *a, const void *b)
{
	return strcmp(((const struct name_pair *)a)->serial,
		      ((const struct name_pair *)b)->serial);
}

/* The names of issued/, sorted by serial. */
static int name_map_read(struct cd_ctx *ctx, const struct cd_store *store,
			 struct name_map *m)
{
	char *dir = cd_store_path(store, "issued");
	DIR *d = dir ? opendir(dir) : NULL;
	struct dirent *e;
	int ret = 0;

	while (d && ret == 0 && (e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);
		char serial[CD_SERIAL_HEX_MAX];
		time_t not_before;
		char *path;

		if (len < 5 || strcmp(e->d_name + len - 4, ".crt") != 0)
			continue;
		path = cd_path_join(dir, e->d_name);
		if (path && file_serial_hex(path, serial, &not_before) == 0)
			ret = name_map_add(m, serial, not_before, e->d_name,
					   len - 4);
		free(path);
	}
	if (d)
		closedir(d);
	free(dir);
	if (ret < 0)
		return cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	if (m->n > 1)
		qsort(m->v, m->n, sizeof(*m->v), map_compare);
	return 0;
}

static const struct name_pair *name_of(const struct name_map *m,
				       const char *serial)
{
	struct name_pair key;

	key.serial = (char *)serial;
	return m->n ? bsearch(&key, m->v, m->n, sizeof(*m->v), map_compare)
		    : NULL;
}

void cd_store_entries_free(struct cd_store_entry *e, size_t count)
{
	size_t i;

	for (i = 0; i < count; i++) {
		free(e[i].name);
		free(e[i].subject);
	}
	free(e);
}

int cd_store_list_index(struct cd_ctx *ctx, const struct cd_store *store,
			struct cd_store_entry **out, size_t *count)
{
	struct cd_index index;
	struct cd_store_entry *e = NULL;
	time_t now = cd_ctx_now(ctx);
	size_t i;
	int ret = cd_index_read(ctx, store, &index);

	*out = NULL;
	*count = 0;
	if (ret < 0)
		return ret;
	e = calloc(index.count ? index.count : 1, sizeof(*e));
	if (e == NULL) {
		ret = cd_error(ctx, CD_E_NOMEM, _("out of memory"));
		goto out;
	}
	for (i = 0; i < index.count; i++) {
		struct cd_index_entry *x = &index.entries[i];

		strcpy(e[i].serial, x->serial);
		e[i].status = x->status;
		if (index_time_parse(x->expiry, &e[i].expiry) < 0)
			e[i].expiry = 0;
		e[i].days_left = cd_days_left(e[i].expiry, now);
		if (e[i].expiry <= now && e[i].status == 'V')
			e[i].status = 'E';
		/* The index's own strings change hands, as text. */
		e[i].subject = x->subject;
		x->subject = NULL;
		if (e[i].subject)
			cd_index_subject_unescape(e[i].subject);
	}
	*out = e;
	*count = index.count;
out:
	cd_index_free(&index);
	return ret;
}

int cd_store_list_names(struct cd_ctx *ctx, const struct cd_store *store,
			struct cd_store_entry *e, size_t count, char ***names)
{
	struct name_map map = {NULL, 0, 0};
	time_t now = cd_ctx_now(ctx);
	size_t i;
	int ret = name_map_read(ctx, store, &map);

	*names = calloc(count ? count : 1, sizeof(**names));
	if (ret == 0 && *names == NULL)
		ret = cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	for (i = 0; ret == 0 && i < count; i++) {
		const struct name_pair *found = name_of(&map, e[i].serial);

		if (found == NULL)
			continue;
		if (((*names)[i] = strdup(found->name)) == NULL)
			ret = cd_error(ctx, CD_E_NOMEM, _("out of memory"));
		if (e[i].status == 'V' && found->not_before > now)
			e[i].status = 'N';
	}
	if (ret < 0) {
		cd_store_names_free(*names, count);
		*names = NULL;
	}
	name_map_free(&map);
	return ret;
}

const char *cd_store_status_text(char status)
{
	/* L10N: the status of a certificate of the store, in list's column
	 * and the TUI's; keep them short. */
	return status == 'R'   ? _("revoked")
	       : status == 'E' ? _("expired")
	       : status == 'N' ? _("not yet valid")
			       : _("valid");
}

void cd_store_names_free(char **names, size_t count)
{
	size_t i;

	for (i = 0; names && i < count; i++)
		free(names[i]);
	free(names);
}

int cd_store_list(struct cd_ctx *ctx, const struct cd_store *store,
		  struct cd_store_entry **out, size_t *count)
{
	char **names;
	size_t i;
	int ret = cd_store_list_index(ctx, store, out, count);

	if (ret == 0)
		ret = cd_store_list_names(ctx, store, *out, *count, &names);
	if (ret < 0) {
		cd_store_entries_free(*out, *count);
		*out = NULL;
		*count = 0;
		return ret;
	}
	for (i = 0; i < *count; i++)
		(*out)[i].name = names[i];
	free(names);
	return 0;
}

/* ---- check ------------------------------------------------------------ */

static void add_finding(struct cd_check_report *r, int problem, const char *fmt,
			...) __attribute__((format(printf, 3, 4)));

static void add_finding(struct cd_check_report *r, int problem, const char *fmt,
			...)
{
	struct cd_check_finding *f;
	char text[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	f = realloc(r->findings, (r->count + 1) * sizeof(*f));
	if (f == NULL)
		return;
	r->findings = f;
	f[r->count].problem = problem;
	f[r->count].text = strdup(text);
	if (f[r->count].text == NULL)
		return;
	r->count++;
	if (problem)
		r->problems++;
	else
		r->expiring++;
}

void cd_check_report_free(struct cd_check_report *report)
{
	size_t i;

	for (i = 0; i < report->count; i++)
		free(report->findings[i].text);
	free(report->findings);
	if (report->expiry)
		cd_expiry_free(report->expiry);
	free(report->expiry);
	memset(report, 0, sizeof(*report));
}

struct check_state {
	struct cd_ctx *ctx;
	const struct cd_store *store;
	const struct cd_index *index;
	struct cd_check_report *r;
};

/* Every index line has its certs_by_serial/HEX.pem, with that serial. */
static void check_index_files(struct check_state *s)
{
	size_t i;

	for (i = 0; i < s->index->count; i++) {
		const char *serial = s->index->entries[i].serial;
		char rel[CD_SERIAL_HEX_MAX + 32], hex[CD_SERIAL_HEX_MAX];
		gnutls_x509_crt_t crt = NULL;
		struct cd_ctx scratch = *s->ctx;
		char *path;

		snprintf(rel, sizeof(rel), "certs_by_serial/%s.pem", serial);
		path = cd_store_path(s->store, rel);
		if (path == NULL)
			continue;
		if (!cd_file_exists(path) &&
		    s->index->entries[i].status == 'R') {
			/* easy-rsa 3 moves a revoked certificate there */
			free(path);
			snprintf(rel, sizeof(rel),
				 "revoked/certs_by_serial/%s.crt", serial);
			if ((path = cd_store_path(s->store, rel)) == NULL)
				continue;
		}
		if (!cd_file_exists(path))
			add_finding(s->r, 1,
				    _("index.txt: serial %s has no "
				      "certificate %s"),
				    serial, rel);
		else if (cd_file_load_crt(&scratch, path, &crt) < 0)
			add_finding(s->r, 1, _("%s: %s"), rel,
				    cd_ctx_message(&scratch));
		else if (cd_crt_serial_hex(&scratch, crt, hex) < 0 ||
			 strcmp(hex, serial) != 0)
			/* L10N: a file of the store, the serial it holds, the
			 * serial index.txt gives for it. */
			add_finding(s->r, 1, _("%s: holds serial %s, not %s"),
				    rel, hex, serial);
		if (crt)
			gnutls_x509_crt_deinit(crt);
		free(path);
	}
}

/* Every certs_by_serial/HEX.pem has its index line; no stray files. */
static void check_serial_dir(struct check_state *s)
{
	char *dir = cd_store_path(s->store, "certs_by_serial");
	DIR *d = dir ? opendir(dir) : NULL;
	struct dirent *e;

	while (d && (e = readdir(d)) != NULL) {
		char serial[CD_SERIAL_HEX_MAX + 8];
		size_t len = strlen(e->d_name), i;

		if (e->d_name[0] == '.')
			continue;
		if (len < 5 || len - 4 >= CD_SERIAL_HEX_MAX ||
		    strcmp(e->d_name + len - 4, ".pem") != 0) {
			add_finding(s->r, 1,
				    _("certs_by_serial/%s: not a certificate "
				      "file of the store (a leftover?)"),
				    e->d_name);
			continue;
		}
		memcpy(serial, e->d_name, len - 4);
		serial[len - 4] = '\0';
		for (i = 0; serial[i]; i++)
			if (serial[i] >= 'a' && serial[i] <= 'f')
				serial[i] = (char)(serial[i] - 'a' + 'A');
		if (!cd_index_find(s->index, serial))
			add_finding(s->r, 1,
				    _("certs_by_serial/%s: not in index.txt"),
				    e->d_name);
	}
	if (d)
		closedir(d);
	free(dir);
}

static void check_issued_one(void *arg, const char *file, gnutls_x509_crt_t crt,
			     const char *serial)
{
	struct check_state *s = arg;

	if (crt == NULL)
		add_finding(s->r, 1, _("issued/%s: not a certificate"), file);
	else if (!cd_index_find(s->index, serial))
		add_finding(s->r, 1, _("issued/%s: serial %s not in index.txt"),
			    file, serial);
}

/* Keys readable by group or others, as ssh reports them. */
static void check_key_modes(struct check_state *s)
{
	char *dir = cd_store_path(s->store, "private");
	DIR *d = dir ? opendir(dir) : NULL;
	struct dirent *e;
	struct stat st;

	if (dir && stat(dir, &st) == 0 && (st.st_mode & 077))
		add_finding(s->r, 1,
			    _("private/: mode %03o lets others in; "
			      "chmod 700 it"),
			    (unsigned)(st.st_mode & 0777));
	while (d && (e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' ||
		    fstatat(dirfd(d), e->d_name, &st, 0) < 0 ||
		    !S_ISREG(st.st_mode))
			continue;
		if (st.st_mode & 077)
			add_finding(s->r, 1,
				    _("private/%s: permissions %04o are too "
				      "open: a private key must not be "
				      "readable by others (chmod 600)"),
				    e->d_name, (unsigned)(st.st_mode & 07777));
	}
	if (d)
		closedir(d);
	free(dir);
}

/* qsort and bsearch over serials (NULL, from a failed strdup, first). */
static int serial_ptr_cmp(const void *a, const void *b)
{
	const char *x = *(const char *const *)a, *y = *(const char *const *)b;

	if (x == NULL || y == NULL)
		return (x != NULL) - (y != NULL);
	return strcmp(x, y);
}

/* crl.pem says what index.txt says: every revocation (holds included),
 * and no certificate valid again. A CRL older than a revocation lets the
 * certificate verify everywhere. crl.pem itself unreadable is reported
 * by check_expiry. */
static void check_crl_current(struct check_state *s)
{
	struct cd_ctx scratch = *s->ctx;
	gnutls_x509_crl_t crl = NULL;
	char **listed = NULL, hex[CD_SERIAL_HEX_MAX];
	unsigned char serial[64];
	size_t size, i, missing = 0, stale = 0;
	int n = 0, k, present;

	if (cd_crl_load_published(&scratch, s->store, &crl) < 0)
		return;
	present = crl != NULL;
	if (present &&
	    ((n = gnutls_x509_crl_get_crt_count(crl)) < 0 ||
	     (listed = calloc((size_t)n + 1, sizeof(*listed))) == NULL))
		goto out;
	for (k = 0; k < n; k++) {
		size = sizeof(serial);
		if (gnutls_x509_crl_get_crt_serial(crl, k, serial, &size,
						   NULL) < 0 ||
		    size == 0 || size > 21 || (size == 21 && serial[0] != 0))
			continue; /* more than 20 octets: none of index.txt */
		cd_serial_hex(serial, size, hex);
		listed[k] = strdup(hex);
		if (listed[k] && cd_index_find(s->index, listed[k]) &&
		    cd_index_find(s->index, listed[k])->status == 'V')
			stale++;
	}
	if (listed)
		qsort(listed, (size_t)n, sizeof(*listed), serial_ptr_cmp);
	for (i = 0; i < s->index->count; i++) {
		const char *x = s->index->entries[i].serial;

		if (s->index->entries[i].status == 'R' &&
		    (listed == NULL ||
		     bsearch(&x, listed, (size_t)n, sizeof(*listed),
			     serial_ptr_cmp) == NULL))
			missing++;
	}
	if (!present && missing)
		add_finding(s->r, 1,
			    _("crl.pem: missing, while index.txt holds %zu "
			      "revocation(s): nobody can know of them; make "
			      "the CRL: certdeck crl"),
			    missing);
	else if (missing || stale)
		add_finding(
		    s->r, 1,
		    _("crl.pem: older than index.txt: %zu revocation(s) "
		      "not in it, %zu certificate(s) valid again still "
		      "in it; make a new CRL: certdeck crl"),
		    missing, stale);
out:
	for (k = 0; listed && k < n; k++)
		free(listed[k]);
	free(listed);
	if (crl)
		gnutls_x509_crl_deinit(crl);
}

/* The CA's certificate: there, unless an intermediate waits for it. */
static void check_ca(struct check_state *s)
{
	char *req;

	if (s->store->ca_crt != NULL)
		return;
	req = cd_store_path(s->store, "reqs/ca.req");
	if (req && !cd_file_exists(req))
		add_finding(s->r, 1,
			    _("ca.crt: missing: the CA cannot sign, and its "
			      "certificates cannot be checked; restore it "
			      "from a backup"));
	free(req);
}

/* What is due within DAYS, as cd_expiry_scan() finds it, the CRL's next
 * update included: kept whole in the report, and each as a finding. A
 * file it cannot read (a damaged crl.pem) is a finding too. */
static int check_expiry(struct check_state *s, long days)
{
	char text[1024];
	size_t i;
	int ret;

	s->r->expiry = calloc(1, sizeof(*s->r->expiry));
	if (s->r->expiry == NULL)
		return cd_error(s->ctx, CD_E_NOMEM, _("out of memory"));
	ret = cd_expiry_scan(s->ctx, s->store, s->index, days, s->r->expiry);
	if (ret < 0 && ret != CD_E_NOMEM) {
		add_finding(s->r, 1, "%s", cd_ctx_message(s->ctx));
		ret = 0;
	}
	for (i = 0; ret == 0 && i < s->r->expiry->count; i++) {
		cd_expiry_describe(&s->r->expiry->entries[i], text,
				   sizeof(text));
		add_finding(s->r, 0, "%s", text);
	}
	return ret;
}

int cd_store_check(struct cd_ctx *ctx, struct cd_store *store, long days,
		   struct cd_check_report *report)
{
	struct cd_index index;
	struct check_state s = {ctx, store, &index, report};
	int ret;

	memset(report, 0, sizeof(*report));
	ret = cd_store_lock(ctx, store);
	/* A store this user may only read (a read-only mount, monitoring):
	 * checked as it is, unlocked, with no recovery. */
	if (ret == CD_E_IO && access(store->dir, W_OK) != 0) {
		char *journal = cd_store_path(store, ".certdeck-journal");

		ret = 0;
		if (journal && cd_file_exists(journal))
			add_finding(report, 1,
				    _(".certdeck-journal: a change was "
				      "interrupted, and finishing it needs "
				      "write access: run certdeck check as a "
				      "user who may write the store"));
		free(journal);
	}
	if (ret < 0)
		return ret;
	report->recovered = store->recovered;
	ret = cd_index_load(ctx, store, &index);
	if (ret < 0) {
		add_finding(report, 1, "%s", cd_ctx_message(ctx));
		return 0;
	}
	check_ca(&s);
	check_crl_current(&s);
	check_index_files(&s);
	check_serial_dir(&s);
	for_each_issued(ctx, store, check_issued_one, &s);
	check_key_modes(&s);
	ret = check_expiry(&s, days);
	cd_index_free(&index);
	return ret;
}
