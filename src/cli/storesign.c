/* certdeck sign, in a store: the CA signs one or many requests in one
 * transaction, each recorded under a name (issued/NAME.crt). */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "i18n.h"
#include "lintprint.h"
#include "storeopts.h"

#define STORESIGN_FLAGS                                                        \
	(CLI_S_PROFILE | CLI_S_PROFILE_NAME | CLI_S_PASSWORD | CLI_S_NAME |    \
	 CLI_S_FORCE | CLI_S_HONOR)
#define STORESIGN_ARGS                                                         \
	N_("[--profile NAME|--template FILE] [--name NAME] "                   \
	   "[--honor-extensions] [--expiration-days N] [FLAGS] REQ...")

/* The name a request gets: --name, else its file name without the
 * directory and a .req, .csr or .pem extension. */
static char *request_name(const char *path, const char *given)
{
	const char *base = strrchr(path, '/');
	char *name, *dot;

	name = strdup(given ? given : base ? base + 1 : path);
	if (name == NULL || given)
		return name;
	dot = strrchr(name, '.');
	if (dot && (strcmp(dot, ".req") == 0 || strcmp(dot, ".csr") == 0 ||
		    strcmp(dot, ".pem") == 0))
		*dot = '\0';
	return name;
}

/* Is PATH a file to read (not a directory that happens to bear the
 * request's name)? */
static int is_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && !S_ISDIR(st.st_mode);
}

/* The store's reqs/NAME.req when ARG is that file, by whatever path;
 * else NULL. */
static char *in_store_reqs(struct cd_store *store, const char *arg)
{
	const char *base = strrchr(arg, '/');
	size_t len;
	char rel[300], *path;
	struct stat a, b;

	base = base ? base + 1 : arg;
	len = strlen(base);
	if (len <= 4 || len >= 200 || strcmp(base + len - 4, ".req") != 0)
		return NULL;
	snprintf(rel, sizeof(rel), "reqs/%s", base);
	path = cd_store_path(store, rel);
	if (path && stat(path, &b) == 0 && stat(arg, &a) == 0 &&
	    a.st_dev == b.st_dev && a.st_ino == b.st_ino)
		return path;
	free(path);
	return NULL;
}

/* REQ is a file, or the NAME of the store's reqs/NAME.req. */
static int add_request(struct cli *cli, struct cd_store *store,
		       struct cd_ca_batch *batch,
		       const struct cd_cert_params *params, const char *arg,
		       const char *given_name)
{
	gnutls_x509_crq_t req = NULL;
	char rel[300], *path = NULL, *name;
	int keep = 0, ret;

	if (!is_file(arg) && strchr(arg, '/') == NULL && strlen(arg) < 200) {
		snprintf(rel, sizeof(rel), "reqs/%s.req", arg);
		path = cd_store_path(store, rel);
		keep = path && cd_file_exists(path) &&
		       (given_name == NULL || strcmp(given_name, arg) == 0);
	} else if (given_name == NULL && (path = in_store_reqs(store, arg)))
		keep = 1; /* the path of a request of the store: its name */
	name = request_name(keep ? path : arg, given_name);
	if (name == NULL) {
		free(path);
		return cd_error(&cli->ctx, CD_E_NOMEM, _("out of memory"));
	}
	/* The store's own reqs/ca.req is its parent's to sign; another
	 * store's would be named after this store's own CA. */
	if (strcmp(name, "ca") == 0 && (keep || given_name == NULL)) {
		ret = keep ? cd_store_request_signable(&cli->ctx, name)
			   : cd_error(&cli->ctx, CD_E_INVALID,
				      _("%s: its certificate would be named "
					"'ca', the name of the store's own "
					"CA: name it with --name NAME"),
				      arg);
		free(name);
		free(path);
		return ret;
	}
	/* A request already in the store under this name stays as it is. */
	if (!keep) {
		snprintf(rel, sizeof(rel), "reqs/%s.req", name);
		free(path);
		path = cd_store_path(store, rel);
	}
	ret = cd_request_load(&cli->ctx, keep ? path : arg, &req);
	if (ret == 0)
		ret = cd_ca_batch_add_request(&cli->ctx, batch, params, name,
					      req, keep);
	if (ret < 0 && strstr(cd_ctx_message(&cli->ctx), arg) == NULL) {
		char msg[CD_MESSAGE_MAX];

		snprintf(msg, sizeof(msg), "%s", cd_ctx_message(&cli->ctx));
		cd_error(&cli->ctx, ret, "%s: %s", arg, msg);
	}
	free(name);
	free(path);
	return ret;
}

static int store_sign(struct cli *cli, struct cli_store_opts *o, int argc,
		      char **argv)
{
	struct cd_store *store = NULL;
	struct cd_cert_params params;
	struct cd_ca_batch batch;
	gnutls_privkey_t ca_key = NULL;
	int i, ret;

	memset(&batch, 0, sizeof(batch));
	cd_profile_init(&params);
	ret = cd_store_open(&cli->ctx, cli->store_dir, &store);
	if (ret == 0)
		ret = cli_store_params(cli, o, store, "server", &params);
	if (ret == 0)
		ret = cli_store_ca_key(cli, o, store, &ca_key);
	if (ret == 0)
		ret = cd_ca_batch_begin(&cli->ctx, store, &batch);
	for (i = o->first_arg; i < argc && ret == 0; i++)
		ret =
		    add_request(cli, store, &batch, &params, argv[i], o->name);
	if (ret == 0)
		ret = cd_ca_batch_build(&cli->ctx, &batch);
	if (ret == 0)
		ret = cli_lint_batch(cli, &batch, o->force);
	if (ret == 0)
		ret = cd_ca_batch_commit(&cli->ctx, &batch, ca_key);
	for (i = 0; ret == 0 && (size_t)i < batch.n_jobs; i++)
		printf(_("signed %s: serial %s (issued/%s.crt)\n"),
		       batch.jobs[i].name, batch.serials[i],
		       batch.jobs[i].name);
	cd_ca_batch_end(&batch);
	if (ca_key)
		gnutls_privkey_deinit(ca_key);
	cd_profile_free(&params);
	cd_store_close(store);
	return ret;
}

int cli_store_sign_run(struct cli *cli, int argc, char **argv)
{
	struct cli_store_opts o;
	int ret = cli_store_parse(cli, argc, argv, STORESIGN_FLAGS, &o);

	if (ret == 0 && o.help) {
		cli_store_help("sign", STORESIGN_ARGS,
			       N_("The store's CA signs requests (files, or "
				  "names of the store's reqs/NAME.req) with a "
				  "profile ('server' unless given). Outside a "
				  "store, with --load-ca-certificate and "
				  "--load-ca-privkey, it works as certtool "
				  "--generate-certificate does (see 'sign "
				  "--load-ca-certificate X --help')."),
			       STORESIGN_FLAGS);
	} else if (ret == 0 && o.first_arg >= argc)
		ret = cli_usage_error(cli, argv[0],
				      _("expected one or more requests (REQ "
					"files or names of reqs/NAME.req)"));
	else if (ret == 0 && o.name && argc - o.first_arg > 1)
		ret = cli_usage_error(cli, argv[0],
				      _("--name goes with a single request"));
	else if (ret == 0)
		ret = cli_finish(cli, store_sign(cli, &o, argc, argv));
	cli_store_opts_free(&o);
	return ret;
}
