/* certdeck template: write a certtool template from flags, or check one. */
#include <config.h>

#include <stdio.h>

#include "i18n.h"
#include "params.h"

#define TEMPLATE_FLAGS CLI_F_CHECK
#define TEMPLATE_ARGS                                                          \
	N_("[--template FILE] [FLAGS] [--outfile FILE] | "                     \
	   "--check FILE")

static int template_run(struct cli *cli, int argc, char **argv)
{
	struct cli_issue_opts o;
	struct cd_cert_params params;
	gnutls_datum_t out = {NULL, 0};
	int ret;

	ret = cli_issue_parse(cli, argc, argv, TEMPLATE_FLAGS, &o);
	if (ret != 0 || o.help) {
		if (o.help)
			cli_issue_help("template", TEMPLATE_ARGS,
				       TEMPLATE_FLAGS);
		cli_params_free(&o.params);
		return ret;
	}
	cd_profile_init(&params);
	if (o.check != NULL) {
		ret = cd_profile_load(&cli->ctx, o.check, &params);
		if (ret == 0)
			printf(_("%s: a valid certtool template\n"), o.check);
		goto out;
	}
	ret = cli_params_apply(cli, &o.params, &params);
	if (ret == 0)
		ret = cd_profile_write(&cli->ctx, &params, &out);
	if (ret == 0)
		ret = cli_write_output(cli, o.outfile, &out);
out:
	gnutls_free(out.data);
	cd_profile_free(&params);
	cli_params_free(&o.params);
	return cli_finish(cli, ret);
}

const struct cli_command cli_cmd_template = {
    "template",
    TEMPLATE_ARGS,
    N_("write a certtool template from flags, or check one"),
    template_run,
};
