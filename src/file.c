/* certdeck: reading and atomically writing files. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"
#include "file.h"
#include "i18n.h"

static int read_fd(struct cd_ctx *ctx, int fd, const char *path,
		   gnutls_datum_t *out)
{
	size_t cap = 4096, len = 0;
	unsigned char *buf, *grown;
	ssize_t n;

	buf = gnutls_malloc(cap + 1);
	if (buf == NULL)
		return cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	for (;;) {
		if (len == cap) {
			if (cap >= CD_FILE_MAX) {
				gnutls_free(buf);
				return cd_error(
				    ctx, CD_E_PARSE,
				    _("%s: file too large (more than %u MiB)"),
				    path, CD_FILE_MAX >> 20);
			}
			cap *= 2;
			grown = gnutls_realloc(buf, cap + 1);
			if (grown == NULL) {
				gnutls_free(buf);
				return cd_error(ctx, CD_E_NOMEM,
						_("out of memory"));
			}
			buf = grown;
		}
		n = read(fd, buf + len, cap - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int err = errno;

			gnutls_free(buf);
			return cd_error(ctx, CD_E_IO, _("%s: cannot read: %s"),
					path, strerror(err));
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	buf[len] = 0;
	out->data = buf;
	out->size = (unsigned)len;
	return 0;
}

int cd_file_read(struct cd_ctx *ctx, const char *path, int allow_empty,
		 gnutls_datum_t *out)
{
	int fd, ret;
	struct stat st;

	out->data = NULL;
	out->size = 0;
	if (strcmp(path, "-") == 0) {
		fd = STDIN_FILENO;
		path = _("standard input");
	} else {
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			return cd_error(
			    ctx, errno == ENOENT ? CD_E_NOTFOUND : CD_E_IO,
			    _("%s: cannot open: %s"), path, strerror(errno));
		if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
			close(fd);
			return cd_error(
			    ctx, CD_E_INVALID,
			    _("%s: is a directory, expected a file"), path);
		}
	}
	ret = read_fd(ctx, fd, path, out);
	if (fd != STDIN_FILENO)
		close(fd);
	if (ret == 0 && out->size == 0 && !allow_empty) {
		gnutls_free(out->data);
		out->data = NULL;
		return cd_error(ctx, CD_E_PARSE, _("%s: file is empty"), path);
	}
	return ret;
}

static int write_all(int fd, const unsigned char *p, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

char *cd_path_join(const char *dir, const char *name)
{
	size_t a = strlen(dir), b = strlen(name);
	char *p = malloc(a + b + 2);

	if (p == NULL)
		return NULL;
	memcpy(p, dir, a);
	p[a] = '/';
	memcpy(p + a + 1, name, b + 1);
	return p;
}

int cd_file_sync_dir(struct cd_ctx *ctx, const char *path)
{
	char dir[PATH_MAX];
	const char *slash = strrchr(path, '/');
	int fd;

	if (slash == NULL)
		strcpy(dir, ".");
	else if (slash == path)
		strcpy(dir, "/");
	else if ((size_t)(slash - path) >= sizeof(dir))
		return cd_error(ctx, CD_E_INVALID, _("%s: path too long"),
				path);
	else {
		memcpy(dir, path, (size_t)(slash - path));
		dir[slash - path] = 0;
	}
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return cd_error(ctx, CD_E_IO,
				_("%s: cannot open directory: %s"), dir,
				strerror(errno));
	if (fsync(fd) < 0 && errno != EINVAL) {
		int err = errno;

		close(fd);
		return cd_error(ctx, CD_E_IO, _("%s: cannot sync: %s"), dir,
				strerror(err));
	}
	close(fd);
	return 0;
}

static int write_atomic(struct cd_ctx *ctx, const char *path, const void *data,
			size_t len, mode_t mode, int exclusive, int sync)
{
	char tmp[PATH_MAX];
	int fd = -1, ret, n;
	unsigned attempt;

	if (exclusive && cd_file_exists(path))
		return cd_error(
		    ctx, CD_E_EXISTS,
		    _("%s: already exists; remove it or choose another name"),
		    path);
	/* A unique temporary name beside the target: same file system, so
	 * the rename is atomic. */
	for (attempt = 0; attempt < 100; attempt++) {
		unsigned char rnd[6];

		if (gnutls_rnd(GNUTLS_RND_NONCE, rnd, sizeof(rnd)) < 0)
			return cd_error(ctx, CD_E_CRYPTO,
					_("cannot get random bytes"));
		n = snprintf(tmp, sizeof(tmp),
			     "%s.tmp-%02x%02x%02x%02x%02x%02x", path, rnd[0],
			     rnd[1], rnd[2], rnd[3], rnd[4], rnd[5]);
		if (n < 0 || (size_t)n >= sizeof(tmp))
			return cd_error(ctx, CD_E_INVALID,
					_("%s: path too long"), path);
		fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
		if (fd >= 0 || errno != EEXIST)
			break;
	}
	/* The temporary name is ours: the messages name PATH. */
	if (fd < 0)
		return cd_error(ctx, errno == ENOENT ? CD_E_NOTFOUND : CD_E_IO,
				_("%s: cannot create: %s"), path,
				strerror(errno));
	if (write_all(fd, data, len) < 0 || (sync && fsync(fd) < 0)) {
		ret = cd_error(ctx, CD_E_IO, _("%s: cannot write: %s"), path,
			       strerror(errno));
		close(fd);
		unlink(tmp);
		return ret;
	}
	if (close(fd) < 0) {
		ret = cd_error(ctx, CD_E_IO, _("%s: cannot write: %s"), path,
			       strerror(errno));
		unlink(tmp);
		return ret;
	}
	/* Exclusive: link() fails when PATH appeared meanwhile, where
	 * rename() would silently replace it. */
	if (exclusive ? link(tmp, path) < 0 : rename(tmp, path) < 0) {
		int err = errno;

		ret = cd_error(ctx, err == EEXIST ? CD_E_EXISTS : CD_E_IO,
			       _("%s: cannot rename to %s: %s"), tmp, path,
			       strerror(err));
		unlink(tmp);
		return ret;
	}
	if (exclusive)
		unlink(tmp);
	return sync ? cd_file_sync_dir(ctx, path) : 0;
}

int cd_file_write_atomic(struct cd_ctx *ctx, const char *path, const void *data,
			 size_t len, mode_t mode, int exclusive)
{
	return write_atomic(ctx, path, data, len, mode, exclusive, 1);
}

int cd_file_write_atomic_unsynced(struct cd_ctx *ctx, const char *path,
				  const void *data, size_t len, mode_t mode,
				  int exclusive)
{
	return write_atomic(ctx, path, data, len, mode, exclusive, 0);
}

int cd_file_exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}

int cd_file_is_pem(const gnutls_datum_t *data, const char *label)
{
	const char *p = (const char *)data->data, *end, *hit;
	size_t n = data->size;

	if (p == NULL)
		return 0;
	end = p + n;
	for (hit = p; hit + 11 <= end; hit++) {
		const char *nl;

		if (memcmp(hit, "-----BEGIN ", 11) != 0)
			continue;
		if (label == NULL)
			return 1;
		nl = memchr(hit, '\n', (size_t)(end - hit));
		if (nl == NULL)
			nl = end;
		if (memmem(hit + 11, (size_t)(nl - hit - 11), label,
			   strlen(label)) != NULL)
			return 1;
	}
	return 0;
}

void cd_crt_list_free(gnutls_x509_crt_t *list, unsigned count)
{
	unsigned i;

	if (list == NULL)
		return;
	for (i = 0; i < count; i++)
		gnutls_x509_crt_deinit(list[i]);
	gnutls_free(list);
}

int cd_crts_parse(struct cd_ctx *ctx, const gnutls_datum_t *data,
		  const char *name, gnutls_x509_crt_t **list, unsigned *count)
{
	gnutls_x509_crt_fmt_t fmt;
	int ret;

	*list = NULL;
	*count = 0;
	fmt = cd_file_is_pem(data, NULL) ? GNUTLS_X509_FMT_PEM
					 : GNUTLS_X509_FMT_DER;
	if (fmt == GNUTLS_X509_FMT_PEM && !cd_file_is_pem(data, "CERTIFICATE"))
		return cd_error(ctx, CD_E_PARSE,
				_("%s: no certificate in this file (expected a "
				  "PEM \"CERTIFICATE\" block or DER)"),
				name);
	/* "CERTIFICATE" is found in "CERTIFICATE REQUEST" too. */
	if (fmt == GNUTLS_X509_FMT_PEM &&
	    cd_file_is_pem(data, "CERTIFICATE REQUEST") &&
	    memmem(data->data, data->size, "-----BEGIN CERTIFICATE-----", 27) ==
		NULL &&
	    memmem(data->data, data->size, "-----BEGIN X509 CERTIFICATE-----",
		   32) == NULL)
		return cd_error(ctx, CD_E_PARSE,
				_("%s: a certificate request, not a "
				  "certificate: a CA signs it first (certdeck "
				  "sign), then its certificate is checked"),
				name);
	ret = gnutls_x509_crt_list_import2(list, count, data, fmt, 0);
	if (ret < 0)
		return cd_gnutls_error(ctx, ret,
				       _("%s: cannot read the certificate "
					 "(truncated or damaged?)"),
				       name);
	if (*count == 0) {
		gnutls_free(*list);
		*list = NULL;
		return cd_error(ctx, CD_E_PARSE, _("%s: no certificate found"),
				name);
	}
	return 0;
}

int cd_file_load_crts(struct cd_ctx *ctx, const char *path,
		      gnutls_x509_crt_t **list, unsigned *count)
{
	gnutls_datum_t data;
	int ret;

	*list = NULL;
	*count = 0;
	ret = cd_file_read(ctx, path, 0, &data);
	if (ret < 0)
		return ret;
	ret = cd_crts_parse(ctx, &data, path, list, count);
	gnutls_free(data.data);
	return ret;
}

int cd_file_load_crt(struct cd_ctx *ctx, const char *path,
		     gnutls_x509_crt_t *crt)
{
	gnutls_x509_crt_t *list;
	unsigned count, i;
	int ret;

	ret = cd_file_load_crts(ctx, path, &list, &count);
	if (ret < 0)
		return ret;
	*crt = list[0];
	for (i = 1; i < count; i++)
		gnutls_x509_crt_deinit(list[i]);
	gnutls_free(list);
	return 0;
}

int cd_datum_to_text(struct cd_ctx *ctx, gnutls_datum_t *d, char **text)
{
	*text = strndup(d->data ? (const char *)d->data : "", d->size);
	gnutls_free(d->data);
	d->data = NULL;
	if (*text == NULL)
		return cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	return 0;
}

int cd_crt_copy(struct cd_ctx *ctx, gnutls_x509_crt_t src,
		gnutls_x509_crt_t *out)
{
	gnutls_datum_t der = {NULL, 0};
	int ret = gnutls_x509_crt_export2(src, GNUTLS_X509_FMT_DER, &der);

	*out = NULL;
	if (ret >= 0)
		ret = gnutls_x509_crt_init(out);
	if (ret >= 0)
		ret = gnutls_x509_crt_import(*out, &der, GNUTLS_X509_FMT_DER);
	gnutls_free(der.data);
	if (ret < 0) {
		if (*out)
			gnutls_x509_crt_deinit(*out);
		*out = NULL;
		return cd_gnutls_error(ctx, ret,
				       _("cannot copy a certificate"));
	}
	return 0;
}

int cd_crt_export_pem(struct cd_ctx *ctx, gnutls_x509_crt_t crt,
		      gnutls_datum_t *out)
{
	int ret = gnutls_x509_crt_export2(crt, GNUTLS_X509_FMT_PEM, out);

	if (ret < 0)
		return cd_gnutls_error(ctx, ret,
				       _("cannot encode certificate"));
	return 0;
}

int cd_file_write_unsynced(struct cd_ctx *ctx, const char *path,
			   const void *data, size_t len, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	int ret = 0;

	if (fd < 0)
		return cd_error(ctx, errno == EEXIST ? CD_E_EXISTS : CD_E_IO,
				_("%s: cannot create: %s"), path,
				strerror(errno));
	if (write_all(fd, data, len) < 0)
		ret = cd_error(ctx, CD_E_IO, _("%s: cannot write: %s"), path,
			       strerror(errno));
	if (close(fd) < 0 && ret == 0)
		ret = cd_error(ctx, CD_E_IO, _("%s: cannot write: %s"), path,
			       strerror(errno));
	if (ret < 0)
		unlink(path);
	return ret;
}
