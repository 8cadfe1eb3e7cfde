/* certdeck init-ca: a new store with its root CA, or an intermediate's
 * key and request, or the intermediate's certificate once signed. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>

#include "i18n.h"
#include "storeopts.h"
#include "token.h"

#define INITCA_FLAGS                                                           \
	(CLI_S_PROFILE | CLI_S_KEY | CLI_S_INIT | CLI_S_PASSWORD | CLI_S_TOKEN)
#define INITCA_ARGS N_("[--template FILE] [--cn NAME] [FLAGS]")

static int install_certificate(struct cli *cli, struct cli_store_opts *o)
{
	struct cd_store *store = NULL;
	gnutls_x509_crt_t crt = NULL;
	char *password = NULL;
	int ret;

	ret = cd_store_open(&cli->ctx, cli->store_dir, &store);
	if (ret == 0)
		ret = cd_file_load_crt(&cli->ctx, o->certificate, &crt);
	if (ret == 0 && store->key_url)
		ret = cli_store_token_pin(cli, o, &password);
	else if (ret == 0 && cd_store_ca_key_is_encrypted(&cli->ctx, store))
		ret = cli_password_read(cli, o->password_file, o->password_fd,
					_("Enter the CA key's password: "), 0,
					&password);
	if (ret == 0)
		ret =
		    cd_ca_install_certificate(&cli->ctx, store, password, crt);
	if (ret == 0)
		printf(_("%s: the intermediate CA is complete (ca.crt)\n"),
		       cli->store_dir);
	cli_password_free(password);
	if (crt)
		gnutls_x509_crt_deinit(crt);
	cd_store_close(store);
	return ret;
}

static int create(struct cli *cli, struct cli_store_opts *o)
{
	struct cd_cert_params params;
	struct cd_ca_init init;
	char *password = NULL;
	int ret;

	cd_profile_init(&params);
	init.dir = cli->store_dir;
	init.key = o->key;
	init.intermediate = o->intermediate;
	init.password = NULL;
	init.key_url = o->key_url;
	init.key_generate = o->key_generate;
	ret = cli_params_apply(cli, &o->params, &params);
	/* Said in the command line's words, before any key is made. */
	if (ret == 0 && params.cn == NULL && params.dn == NULL)
		ret = cd_error(&cli->ctx, CD_E_INVALID,
			       _("init-ca: the CA needs a name: give --cn NAME "
				 "(or a template with cn or dn)"));
	if (ret == 0 && o->key_url)
		ret = cli_store_token_pin(cli, o, &password);
	else if (ret == 0 &&
		 (o->ask_password || o->password_file || o->password_fd >= 0))
		ret = cli_password_read(cli, o->password_file, o->password_fd,
					_("Enter a password for the CA key: "),
					1, &password);
	init.password = password;
	if (ret == 0)
		ret = cd_ca_init(&cli->ctx, &init, &params, NULL);
	if (ret == 0 && o->intermediate)
		printf(_("%s: intermediate CA key and request (reqs/ca.req); "
			 "have the parent sign it with its 'ca' profile, then "
			 "run 'certdeck -d %s init-ca --intermediate "
			 "--certificate FILE'\n"),
		       cli->store_dir, cli->store_dir);
	else if (ret == 0 && o->key_url)
		printf(_("%s: new CA (ca.crt; its key stays on the token, "
			 "private/ca.key.url)\n"),
		       cli->store_dir);
	else if (ret == 0)
		printf(_("%s: new CA (ca.crt, private/ca.key)\n"),
		       cli->store_dir);
	cli_password_free(password);
	cd_profile_free(&params);
	return ret;
}

/* --key and --generate-on-token against the other flags. */
static int token_flags_check(struct cli *cli, const char *cmd,
			     const struct cli_store_opts *o)
{
	if (o->key_generate && o->key_url == NULL)
		return cli_usage_error(cli, cmd,
				       _("--generate-on-token goes with "
					 "--key pkcs11:URL"));
	if (o->key_url && o->ask_password)
		return cli_usage_error(cli, cmd,
				       _("--password encrypts a key file; a "
					 "key on a token has its PIN instead"));
	if (o->key_url && o->certificate)
		return cli_usage_error(cli, cmd,
				       _("--key goes with creating the CA, not "
					 "with --certificate"));
	if (o->key_url && !cd_token_is_url(o->key_url))
		return cli_usage_error(cli, cmd,
				       _("--key: '%s' is not a PKCS #11 URL "
					 "(pkcs11:...)"),
				       o->key_url);
	/* the URL's own faults (a PIN in it, its module) before the PIN is
	 * asked for */
	if (o->key_url && cd_token_url_check(&cli->ctx, o->key_url) < 0)
		return cli_usage_error(cli, cmd, "--key: %s", cli->ctx.message);
	return 0;
}

static int initca_run(struct cli *cli, int argc, char **argv)
{
	struct cli_store_opts o;
	int ret = cli_store_parse(cli, argc, argv, INITCA_FLAGS, &o);

	if (ret == 0 && o.help)
		cli_store_help("init-ca", INITCA_ARGS,
			       N_("Create a store with a new root CA (key and "
				  "self-signed certificate), or with "
				  "--intermediate a subordinate CA's key and "
				  "request."),
			       INITCA_FLAGS);
	if (ret == 0 && !o.help && o.first_arg < argc)
		ret =
		    cli_usage_error(cli, argv[0], _("unexpected argument '%s'"),
				    argv[o.first_arg]);
	if (ret == 0 && !o.help && o.certificate && !o.intermediate)
		ret = cli_usage_error(cli, argv[0],
				      _("--certificate goes with "
					"--intermediate"));
	if (ret == 0 && !o.help)
		ret = token_flags_check(cli, argv[0], &o);
	if (ret == 0 && !o.help)
		ret =
		    cli_finish(cli, o.certificate ? install_certificate(cli, &o)
						  : create(cli, &o));
	cli_store_opts_free(&o);
	return ret;
}

const struct cli_command cli_cmd_init_ca = {
    "init-ca",
    INITCA_ARGS,
    N_("create a store with its CA (root, or intermediate with its request)"),
    initca_run,
};
