/* certdeck issue: key, request and certificate in one step, in the store
 * (easy-rsa's build-server-full): private/NAME.key, reqs/NAME.req,
 * issued/NAME.crt. With --batch N, NAME-1 ... NAME-N in one transaction. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "lintprint.h"
#include "storeopts.h"

#define ISSUE_FLAGS                                                            \
	(CLI_S_PROFILE | CLI_S_PROFILE_NAME | CLI_S_PASSWORD | CLI_S_KEY |     \
	 CLI_S_BATCH | CLI_S_FORCE)
#define ISSUE_ARGS N_("NAME [--profile server|client|...] [--batch N] [FLAGS]")

/* NAME, or NAME-1 ... NAME-N with --batch N. */
static int add_jobs(struct cli *cli, struct cli_store_opts *o,
		    struct cd_ca_batch *batch, struct cd_cert_params *params,
		    const char *name)
{
	size_t n = o->batch ? (size_t)o->batch : 1, i;
	char **names = calloc(n, sizeof(*names));
	int ret =
	    names ? 0 : cd_error(&cli->ctx, CD_E_NOMEM, _("out of memory"));

	for (i = 0; i < n && ret == 0; i++) {
		size_t len = strlen(name) + 24;

		names[i] = malloc(len);
		if (names[i] == NULL)
			ret =
			    cd_error(&cli->ctx, CD_E_NOMEM, _("out of memory"));
		else if (o->batch)
			snprintf(names[i], len, "%s-%zu", name, i + 1);
		else
			snprintf(names[i], len, "%s", name);
	}
	if (ret == 0)
		ret = cd_ca_batch_add_new_keys(&cli->ctx, batch, params,
					       (const char *const *)names, n,
					       &o->key, 1);
	for (i = 0; names && i < n; i++)
		free(names[i]);
	free(names);
	return ret;
}

static int issue(struct cli *cli, struct cli_store_opts *o, const char *name)
{
	struct cd_store *store = NULL;
	struct cd_cert_params params;
	struct cd_ca_batch batch;
	gnutls_privkey_t ca_key = NULL;
	int ret;

	memset(&batch, 0, sizeof(batch));
	cd_profile_init(&params);
	ret = cd_store_new_name_check(&cli->ctx, name);
	if (ret == 0)
		ret = cd_store_open(&cli->ctx, cli->store_dir, &store);
	if (ret == 0)
		ret = cli_store_params(cli, o, store, "server", &params);
	if (ret == 0)
		ret = cli_store_ca_key(cli, o, store, &ca_key);
	if (ret == 0)
		ret = cd_ca_batch_begin(&cli->ctx, store, &batch);
	if (ret == 0)
		ret = add_jobs(cli, o, &batch, &params, name);
	if (ret == 0)
		ret = cli_lint_batch(cli, &batch, o->force);
	if (ret == 0)
		ret = cd_ca_batch_commit(&cli->ctx, &batch, ca_key);
	if (ret == 0 && o->batch == 0)
		printf(
		    /* L10N: the name (four times: the certificate, its serial,
		       its files' names); keep the file names. */
		    _("issued %s: serial %s (issued/%s.crt, private/%s.key)\n"),
		    name, batch.serials[0], name, name);
	else if (ret == 0)
		/* L10N: how many certificates, the batch's name twice, then the
		 * last number: "issued 3 certificates web-1 ... web-3". */
		printf(_("issued %zu certificates %s-1 ... %s-%ld\n"),
		       batch.n_jobs, name, name, o->batch);
	cd_ca_batch_end(&batch);
	if (ca_key)
		gnutls_privkey_deinit(ca_key);
	cd_profile_free(&params);
	cd_store_close(store);
	return ret;
}

static int issue_run(struct cli *cli, int argc, char **argv)
{
	struct cli_store_opts o;
	int ret = cli_store_parse(cli, argc, argv, ISSUE_FLAGS, &o);

	if (ret == 0 && o.help)
		cli_store_help("issue", ISSUE_ARGS,
			       N_("Generate a key, its request and its "
				  "certificate signed by the store's CA, under "
				  "NAME (the profile defaults to 'server'; "
				  "NAME is the CN, and a server's DNS name "
				  "or IP address, unless given)."),
			       ISSUE_FLAGS);
	else if (ret == 0 && argc - o.first_arg != 1)
		ret = cli_usage_error(cli, argv[0],
				      _("expected one NAME (see --help)"));
	else if (ret == 0)
		ret = cli_finish(cli, issue(cli, &o, argv[o.first_arg]));
	cli_store_opts_free(&o);
	return ret;
}

const struct cli_command cli_cmd_issue = {
    "issue",
    ISSUE_ARGS,
    N_("key, request and certificate in one step, in the store"),
    issue_run,
};
