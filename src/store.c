/* certdeck: the store: layout, lock, CA key and profiles. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"
#include "file.h"
#include "i18n.h"
#include "key.h"
#include "store.h"
#include "token.h"

#define LOCK_FILE ".certdeck.lock"
#define LOCK_WAIT_MS 30000

/* The directories of an easy-rsa 3 pki/, all 0700 as easy-rsa makes them. */
static const char *const store_dirs[] = {
    "private",
    "reqs",
    "issued",
    "certs_by_serial",
    "templates",
    "revoked",
    "revoked/certs_by_serial",
    "revoked/private_by_serial",
    "revoked/reqs_by_serial",
    NULL,
};

/* The built-in profiles, written to templates/ by init-ca. Plain certtool
 * templates: certtool --template reads them as they are. */
static const struct {
	const char *name;
	const char *text;
	/* Files written into the store (certtool templates), not messages: kept
	 * in English whatever the locale, like certtool's keywords. */
} builtin_profiles[] = {
    {"ca", "# certdeck profile \"ca\": a subordinate CA signed by this one.\n"
	   "# A certtool template (certtool --template ca.cfg).\n"
	   "expiration_days = 1825\n"
	   "ca\n"
	   "path_len = 0\n"
	   "cert_signing_key\n"
	   "crl_signing_key\n"},
    {"server",
     "# certdeck profile \"server\": a TLS server certificate.\n"
     "# A certtool template (certtool --template server.cfg).\n"
     "# 'certdeck issue NAME' puts NAME into dns_name (or ip_address)\n"
     "# when none is given; 'sign' takes the names of --dns-name,\n"
     "# --ip-address or, with --honor-extensions, the request's:\n"
     "# browsers look only at the subject alternative name.\n"
     "expiration_days = 397\n"
     "signing_key\n"
     "encryption_key\n"
     "tls_www_server\n"},
    {"client", "# certdeck profile \"client\": a TLS client certificate.\n"
	       "# A certtool template (certtool --template client.cfg).\n"
	       "expiration_days = 397\n"
	       "signing_key\n"
	       "tls_www_client\n"},
};

const char *cd_store_builtin_profile(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(builtin_profiles) / sizeof(builtin_profiles[0]);
	     i++)
		if (strcmp(builtin_profiles[i].name, name) == 0)
			return builtin_profiles[i].text;
	return NULL;
}

char *cd_store_path(const struct cd_store *store, const char *rel)
{
	return cd_path_join(store->dir, rel);
}

static int store_alloc(struct cd_ctx *ctx, const char *dir,
		       struct cd_store **out)
{
	struct cd_store *s = calloc(1, sizeof(*s));

	if (s == NULL || (s->dir = strdup(dir)) == NULL) {
		free(s);
		return cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	}
	s->lock_fd = -1;
	s->lock_wait_ms = LOCK_WAIT_MS;
	*out = s;
	return 0;
}

void cd_store_close(struct cd_store *store)
{
	if (store == NULL)
		return;
	cd_store_unlock(store);
	if (store->ca_crt)
		gnutls_x509_crt_deinit(store->ca_crt);
	free(store->key_url);
	free(store->dir);
	free(store);
}

int cd_store_has(const struct cd_store *store, const char *rel)
{
	char *p = cd_store_path(store, rel);
	int ret = p != NULL && cd_file_exists(p);

	free(p);
	return ret;
}

int cd_store_has_key(const struct cd_store *store, const char *name)
{
	char rel[300];

	snprintf(rel, sizeof(rel), "private/%s.key", name);
	return cd_store_has(store, rel);
}

/* private/ca.key.url: the token's URL, on its first line. */
static int read_key_url(struct cd_ctx *ctx, struct cd_store *s)
{
	gnutls_datum_t data = {NULL, 0};
	char *path = cd_store_path(s, CD_TOKEN_URL_FILE);
	int ret = path ? cd_file_read(ctx, path, 0, &data) : CD_E_NOMEM;

	if (ret == 0) {
		s->key_url = strndup((const char *)data.data,
				     strcspn((const char *)data.data, "\r\n"));
		ret = s->key_url ? 0 : CD_E_NOMEM;
	}
	if (ret == CD_E_NOMEM)
		cd_error(ctx, ret, _("out of memory"));
	if (ret == 0 && !cd_token_is_url(s->key_url))
		ret = cd_error(ctx, CD_E_STORE,
			       _("%s: not a PKCS #11 URL (pkcs11:...)"), path);
	gnutls_free(data.data);
	free(path);
	return ret;
}

int cd_store_open(struct cd_ctx *ctx, const char *dir, struct cd_store **out)
{
	struct cd_store *s = NULL;
	struct stat st;
	char *path = NULL;
	int ret;

	if (stat(dir, &st) < 0 || !S_ISDIR(st.st_mode))
		return cd_error(ctx, CD_E_NOTFOUND,
				_("%s: no store here; create one with "
				  "'certdeck -d %s init-ca' or choose another "
				  "with -d DIR or $CERTDECK_DIR"),
				dir, dir);
	ret = store_alloc(ctx, dir, &s);
	if (ret < 0)
		return ret;
	if (cd_store_has(s, CD_TOKEN_URL_FILE))
		ret = read_key_url(ctx, s);
	else if (!cd_store_has(s, "private/ca.key"))
		ret = cd_error(ctx, CD_E_NOTFOUND,
			       _("%s: not a CA store (no private/ca.key); "
				 "create one with 'certdeck -d %s init-ca'"),
			       dir, dir);
	if (ret < 0)
		goto out;
	if (cd_store_has(s, "ca.crt")) {
		path = cd_store_path(s, "ca.crt");
		ret = path ? cd_file_load_crt(ctx, path, &s->ca_crt)
			   : cd_error(ctx, CD_E_NOMEM, _("out of memory"));
		if (ret < 0)
			goto out;
	}
	*out = s;
	s = NULL;
out:
	free(path);
	cd_store_close(s);
	return ret;
}

static int make_dir(struct cd_ctx *ctx, const char *path)
{
	if (mkdir(path, 0700) < 0 && errno != EEXIST)
		return cd_error(ctx, CD_E_IO, _("%s: cannot create: %s"), path,
				strerror(errno));
	return 0;
}

int cd_store_make_dir(struct cd_ctx *ctx, const struct cd_store *store,
		      const char *rel, mode_t mode)
{
	char *path = cd_store_path(store, rel);
	int ret = 0;

	if (path == NULL)
		return cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	if (mkdir(path, mode) < 0 && errno != EEXIST)
		ret = cd_error(ctx, CD_E_IO, _("%s: cannot create: %s"), path,
			       strerror(errno));
	free(path);
	return ret;
}

/* An empty file, unless one is there (easy-rsa's index.txt, serial...). */
static int touch(struct cd_ctx *ctx, const struct cd_store *s, const char *rel,
		 const char *content)
{
	char *p = cd_store_path(s, rel);
	int ret = 0;

	if (p == NULL)
		return cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	if (!cd_file_exists(p))
		ret = cd_file_write_atomic(ctx, p, content, strlen(content),
					   0644, 1);
	free(p);
	return ret;
}

/* The directories above DIR that are missing, as mkdir -p makes them
 * (0755, less the umask): init-ca -d a/new/pki works as easy-rsa's
 * init-pki does. */
static int make_parents(struct cd_ctx *ctx, const char *dir)
{
	char *copy = strdup(dir), *p;
	int ret = 0;

	if (copy == NULL)
		return cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	for (p = strchr(copy + 1, '/'); p && ret == 0; p = strchr(p + 1, '/')) {
		*p = '\0';
		if (mkdir(copy, 0755) < 0 && errno != EEXIST)
			ret = cd_error(ctx, CD_E_IO, _("%s: cannot create: %s"),
				       copy, strerror(errno));
		*p = '/';
	}
	free(copy);
	return ret;
}

int cd_store_create(struct cd_ctx *ctx, const char *dir, struct cd_store **out)
{
	struct cd_store *s = NULL;
	size_t i;
	int ret;

	ret = make_parents(ctx, dir);
	if (ret == 0)
		ret = make_dir(ctx, dir);
	if (ret < 0)
		return ret;
	ret = store_alloc(ctx, dir, &s);
	if (ret < 0)
		return ret;
	if (cd_store_has(s, "private/ca.key") ||
	    cd_store_has(s, CD_TOKEN_URL_FILE) || cd_store_has(s, "ca.crt")) {
		ret = cd_error(ctx, CD_E_EXISTS,
			       _("%s: already holds a CA; choose another "
				 "directory with -d DIR"),
			       dir);
		goto out;
	}
	for (i = 0; store_dirs[i] != NULL; i++) {
		char *p = cd_store_path(s, store_dirs[i]);

		ret = p ? make_dir(ctx, p)
			: cd_error(ctx, CD_E_NOMEM, _("out of memory"));
		free(p);
		if (ret < 0)
			goto out;
	}
	ret = touch(ctx, s, "index.txt", "");
	if (ret == 0)
		ret = touch(ctx, s, "index.txt.attr", "unique_subject = no\n");
	if (ret < 0)
		goto out;
	*out = s;
	s = NULL;
out:
	cd_store_close(s);
	return ret;
}

int cd_store_lock(struct cd_ctx *ctx, struct cd_store *store)
{
	char *path;
	int fd, ret, waited = 0;

	if (store->lock_fd >= 0)
		return 0;
	path = cd_store_path(store, LOCK_FILE);
	if (path == NULL)
		return cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0) {
		ret = cd_error(ctx, CD_E_IO, _("%s: cannot open: %s"), path,
			       strerror(errno));
		free(path);
		return ret;
	}
	while (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		if (errno != EWOULDBLOCK && errno != EINTR) {
			ret = cd_error(ctx, CD_E_IO, _("%s: cannot lock: %s"),
				       path, strerror(errno));
			close(fd);
			free(path);
			return ret;
		}
		if (waited >= store->lock_wait_ms && store->lock_wait_ms == 0) {
			close(fd);
			cd_error(ctx, CD_E_LOCKED,
				 _("%s: the store is busy: another certdeck "
				   "is changing it; try again in a moment"),
				 store->dir);
			free(path);
			return CD_E_LOCKED;
		}
		if (waited >= store->lock_wait_ms) {
			close(fd);
			cd_error(ctx, CD_E_LOCKED,
				 _("%s: the store is busy: another certdeck "
				   "has held its lock for %d seconds"),
				 store->dir, store->lock_wait_ms / 1000);
			free(path);
			return CD_E_LOCKED;
		}
		usleep(2000);
		waited += 2;
	}
	free(path);
	store->lock_fd = fd;
	ret = cd_store_recover(ctx, store, &store->recovered);
	if (ret == 0)
		cd_store_read_openssl_serial(store);
	return ret;
}

void cd_store_unlock(struct cd_store *store)
{
	if (store->lock_fd >= 0) {
		close(store->lock_fd); /* releases the flock */
		store->lock_fd = -1;
	}
}

int cd_store_name_check(struct cd_ctx *ctx, const char *name)
{
	size_t i, n = strlen(name);

	if (n == 0 || n > 200 || name[0] == '.' || name[0] == '-')
		goto bad;
	for (i = 0; i < n; i++) {
		char c = name[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '.' || c == '_' ||
		      c == '-' || c == '@'))
			goto bad;
	}
	return 0;
bad:
	return cd_error(ctx, CD_E_INVALID,
			_("'%s' is not a usable name: expected letters, "
			  "digits, '.', '_', '-' or '@' (at most 200, not "
			  "starting with '.' or '-')"),
			name);
}

int cd_store_new_name_check(struct cd_ctx *ctx, const char *name)
{
	int ret = cd_store_name_check(ctx, name);

	if (ret == 0 && strcmp(name, "ca") == 0)
		ret = cd_error(ctx, CD_E_INVALID, "%s",
			       _("'ca' is the name of the store's own CA "
				 "(ca.crt, private/ca.key): choose another "
				 "name"));
	return ret;
}

int cd_store_request_signable(struct cd_ctx *ctx, const char *name)
{
	if (strcmp(name, "ca") == 0)
		return cd_error(ctx, CD_E_INVALID, "%s",
				_("reqs/ca.req is this store's own CA's "
				  "request: its parent CA signs it, once "
				  "imported in the parent's store"));
	return 0;
}

int cd_store_ca_key_is_encrypted(struct cd_ctx *ctx,
				 const struct cd_store *store)
{
	return cd_store_key_is_encrypted(ctx, store, NULL);
}

int cd_store_key_is_encrypted(struct cd_ctx *ctx, const struct cd_store *store,
			      const char *name)
{
	gnutls_datum_t data = {NULL, 0};
	char rel[300], *path;
	int ret;

	if (name == NULL || strcmp(name, "ca") == 0) {
		if (store->key_url)
			return cd_token_pin_needed();
		name = "ca";
	}
	snprintf(rel, sizeof(rel), "private/%s.key", name);
	path = cd_store_path(store, rel);
	ret = path ? cd_file_read(ctx, path, 0, &data) : CD_E_NOMEM;
	free(path);
	if (ret < 0)
		return 0;
	ret = cd_key_is_encrypted(&data);
	gnutls_memset(data.data, 0, data.size);
	gnutls_free(data.data);
	return ret;
}

int cd_store_ca_key_check(struct cd_ctx *ctx, const struct cd_store *store,
			  const char *password)
{
	gnutls_privkey_t key = NULL;
	int ret = cd_store_load_ca_key(ctx, store, password, &key);

	if (key)
		gnutls_privkey_deinit(key);
	return ret;
}

int cd_store_load_ca_key(struct cd_ctx *ctx, const struct cd_store *store,
			 const char *password, gnutls_privkey_t *out)
{
	gnutls_x509_privkey_t key = NULL;
	char *path;
	int ret;

	if (store->key_url)
		return cd_token_load_key(ctx, store->key_url, password, out,
					 NULL);
	path = cd_store_path(store, "private/ca.key");
	if (path == NULL)
		return cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	ret = cd_key_load(ctx, path, password, &key);
	if (ret == 0)
		ret = cd_key_to_privkey(ctx, key, out);
	if (key)
		gnutls_x509_privkey_deinit(key);
	free(path);
	return ret;
}

int cd_store_load_profile(struct cd_ctx *ctx, const struct cd_store *store,
			  const char *name, struct cd_cert_params *params)
{
	char rel[256];
	char *path;
	const char *text;
	int ret;

	if (cd_store_name_check(ctx, name) < 0)
		return cd_error(ctx, CD_E_INVALID,
				_("'%s' is not a profile name: expected one of "
				  "the store's templates/NAME.cfg"),
				name);
	snprintf(rel, sizeof(rel), "templates/%s.cfg", name);
	path = cd_store_path(store, rel);
	if (path == NULL)
		return cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	if (cd_file_exists(path)) {
		ret = cd_profile_load(ctx, path, params);
		free(path);
		return ret;
	}
	free(path);
	text = cd_store_builtin_profile(name);
	if (text == NULL)
		return cd_error(ctx, CD_E_NOTFOUND,
				_("no profile '%s': %s/%s does not exist "
				  "(built-in profiles: ca, server, client)"),
				name, store->dir, rel);
	return cd_profile_parse(ctx, text, strlen(text), name, params);
}

char *cd_store_dir_crl(const char *dir)
{
	char *path = cd_path_join(dir, "crl.pem");

	if (path && !cd_file_exists(path)) {
		free(path);
		path = NULL;
	}
	return path;
}

/* Is BASE one of the top files of a store (or its lock or journal)? */
static int top_file(const char *base)
{
	static const char *const names[] = {
	    "ca.crt",	      "crl.pem",       "index.txt",
	    "index.txt.attr", "index.txt.old", "index.txt.attr.old",
	    "serial",	      "serial.old",    "crlnumber",
	    "crlnumber.old"};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(base, names[i]) == 0)
			return 1;
	return strncmp(base, ".certdeck", 9) == 0;
}

/* Is REL (below the store's top) in one of the store's directories? */
static int own_dir(const char *rel)
{
	size_t i, n = strcspn(rel, "/");

	for (i = 0; store_dirs[i]; i++)
		if (strlen(store_dirs[i]) == n &&
		    strncmp(rel, store_dirs[i], n) == 0)
			return 1;
	return n == 7 && strncmp(rel, "renewed", n) == 0;
}

static int dir_owns(const char *dir, const char *path, int templates)
{
	char *copy = strdup(path), *slash, *real_dir = NULL,
	     *real_parent = NULL;
	const char *base, *parent;
	size_t n;
	int owns = 0;

	if (copy == NULL)
		return 0;
	slash = strrchr(copy, '/');
	if (slash) {
		*slash = '\0';
		parent = slash == copy ? "/" : copy;
		base = slash + 1;
	} else {
		parent = ".";
		base = copy;
	}
	real_dir = realpath(dir, NULL);
	real_parent = realpath(parent, NULL);
	if (real_dir && real_parent) {
		n = strlen(real_dir);
		if (strcmp(real_parent, real_dir) == 0)
			owns = top_file(base);
		else if (strncmp(real_parent, real_dir, n) == 0 &&
			 real_parent[n] == '/')
			owns = own_dir(real_parent + n + 1) &&
			       !(templates &&
				 strcmp(real_parent + n, "/templates") == 0 &&
				 strlen(base) > 4 &&
				 strcmp(base + strlen(base) - 4, ".cfg") == 0);
	}
	free(real_parent);
	free(real_dir);
	free(copy);
	return owns;
}

/* The directory above PATH, newly allocated: "." for a bare name, ".."
 * for ".". */
static char *parent_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (strcmp(path, ".") == 0)
		return strdup("..");
	if (slash == NULL)
		return strdup(".");
	if (slash == path)
		return strdup("/");
	return strndup(path, (size_t)(slash - path));
}

int cd_store_replace_check(struct cd_ctx *ctx, const char *path)
{
	char *dir, *up = NULL, *index;
	int i, owned = 0;

	if (!cd_file_exists(path))
		return 0;
	/* The store: the file's directory (a top file), or its parent. */
	dir = parent_of(path);
	for (i = 0; i < 2 && dir && !owned; i++) {
		index = cd_path_join(dir, "index.txt");
		/* templates/NAME.cfg is the template command's to update */
		owned =
		    index && cd_file_exists(index) && dir_owns(dir, path, 1);
		free(index);
		up = i == 0 ? parent_of(dir) : NULL;
		free(dir);
		dir = up;
	}
	free(dir);
	if (!owned)
		return 0;
	return cd_error(ctx, CD_E_EXISTS,
			_("%s: already exists, and belongs to a store: only "
			  "the store's own changes replace its files; choose "
			  "another name (a certificate is replaced by renewing "
			  "it: certdeck renew NAME)"),
			path);
}

int cd_store_write_check(struct cd_ctx *ctx, const char *dir, const char *path,
			 int templates)
{
	if (!dir_owns(dir, path, templates))
		return 0;
	return cd_error(ctx, CD_E_INVALID,
			templates ? _("%s: a file of the store, which only "
				      "its own changes write: save the "
				      "template outside the store, or as "
				      "templates/NAME.cfg for a profile")
				  : _("%s: a file of the store, which only "
				      "its own changes write: choose a file "
				      "outside the store's directories"),
			path);
}
