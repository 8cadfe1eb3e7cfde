/* certdeck issue: key, request and certificate in one step, in the store
 * (easy-rsa's build-server-full): private/NAME.key, reqs/NAME.req,
 * issued/NAME.crt. With --batch N, NAME-1 ... NAME-N in one transaction. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "storeopts.h"

#define ISSUE_FLAGS                                                            \
	(CLI_S_PROFILE | CLI_S_PASSWORD | CLI_S_KEY | CLI_S_BATCH | CLI_S_FORCE)
#define ISSUE_ARGS N_("NAME [--profile server|client|...] [--batch N] [FLAGS]")

/* Add the job for NAME: its CN and (for a server) its SAN default to NAME,
 * and are forgotten again so that the next name gets its own. */
static int add_job(struct cli *cli, struct cd_ca_batch *batch,
		   struct cd_cert_params *params, const char *name,
		   const struct cd_ca_keyspec *key)
{
	int had_cn = params->cn != NULL || params->dn != NULL;
	int had_san = params->dns_name.n || params->ip_address.n;
	int ret = cd_ca_params_for_name(&cli->ctx, params, name);

	if (ret == 0)
		ret = cd_ca_batch_add_new_key(&cli->ctx, batch, params, name,
					      key);
	if (!had_cn)
		cd_profile_clear(params, cd_profile_keyword("cn"));
	if (!had_san) {
		cd_profile_clear(params, cd_profile_keyword("dns_name"));
		cd_profile_clear(params, cd_profile_keyword("ip_address"));
	}
	return ret;
}

static int add_jobs(struct cli *cli, struct cli_store_opts *o,
		    struct cd_ca_batch *batch, struct cd_cert_params *params,
		    const char *name)
{
	char sub[256];
	long i;
	int ret = 0;

	if (o->batch == 0)
		return add_job(cli, batch, params, name, &o->key);
	for (i = 1; i <= o->batch && ret == 0; i++) {
		snprintf(sub, sizeof(sub), "%s-%ld", name, i);
		ret = add_job(cli, batch, params, sub, &o->key);
	}
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
	ret = cd_store_name_check(&cli->ctx, name);
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
		ret = cd_ca_batch_commit(&cli->ctx, &batch, ca_key);
	if (ret == 0 && o->batch == 0)
		printf(
		    _("issued %s: serial %s (issued/%s.crt, private/%s.key)\n"),
		    name, batch.serials[0], name, name);
	else if (ret == 0)
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
