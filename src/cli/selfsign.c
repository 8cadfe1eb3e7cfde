/* certdeck selfsign: a self-signed certificate from a key and a template
 * (certtool --generate-self-signed). */
#include <config.h>

#include "i18n.h"
#include "lintprint.h"
#include "params.h"

#define SELFSIGN_FLAGS (CLI_F_PRIVKEY | CLI_F_PASSWORD | CLI_F_FORCE)
#define SELFSIGN_ARGS N_("--load-privkey KEY [--template FILE] [FLAGS]")

/* The to-be-signed certificate, linted against itself. */
static int selfsign_build(struct cli *cli, const struct cli_issue_opts *o,
			  const struct cd_cert_params *params,
			  gnutls_privkey_t key, gnutls_x509_crt_t *crt)
{
	struct cd_issue_input in = {NULL, NULL, NULL};
	int ret = cd_issue_pubkey_of(&cli->ctx, key, &in.pubkey);

	if (ret == 0)
		ret = cd_issue_build(&cli->ctx, params, &in, crt);
	if (ret == 0)
		ret = cli_lint_before_signing(
		    cli, o->outfile ? o->outfile : _("certificate"), *crt, *crt,
		    o->force);
	if (in.pubkey)
		gnutls_pubkey_deinit(in.pubkey);
	return ret;
}

static int selfsign_run(struct cli *cli, int argc, char **argv)
{
	struct cli_issue_opts o;
	struct cd_cert_params params;
	gnutls_privkey_t key = NULL;
	gnutls_x509_crt_t crt = NULL;
	gnutls_datum_t pem = {NULL, 0};
	int ret;

	ret = cli_issue_parse(cli, argc, argv, SELFSIGN_FLAGS, &o);
	if (ret != 0 || o.help) {
		if (o.help)
			cli_issue_help("selfsign", SELFSIGN_ARGS,
				       SELFSIGN_FLAGS);
		cli_params_free(&o.params);
		return ret;
	}
	cd_profile_init(&params);
	if (o.privkey == NULL) {
		ret = cd_error(&cli->ctx, CD_E_INVALID,
			       _("selfsign: --load-privkey is required"));
		goto out;
	}
	ret = cli_params_apply(cli, &o.params, &params);
	if (ret == 0)
		ret = cli_load_privkey(cli, o.privkey, o.password_file,
				       o.password_fd, &key);
	if (ret == 0)
		ret = selfsign_build(cli, &o, &params, key, &crt);
	if (ret == 0)
		ret = cd_issue_sign(&cli->ctx, crt, NULL, key);
	if (ret == 0)
		ret = cd_crt_export_pem(&cli->ctx, crt, &pem);
	if (ret == 0)
		ret = cli_write_output(cli, o.outfile, &pem);
out:
	gnutls_free(pem.data);
	if (crt)
		gnutls_x509_crt_deinit(crt);
	if (key)
		gnutls_privkey_deinit(key);
	cd_profile_free(&params);
	cli_params_free(&o.params);
	return cli_finish(cli, ret);
}

const struct cli_command cli_cmd_selfsign = {
    "selfsign",
    SELFSIGN_ARGS,
    N_("a self-signed certificate from a key and a template"),
    selfsign_run,
};
