/* certdeck sign (outside a store): the CA signs a request or a public key
 * (certtool --generate-certificate). */
#include <config.h>

#include "i18n.h"
#include "lintprint.h"
#include "params.h"
#include "storeopts.h"

#include <string.h>

/* Outside a store, sign loads its CA and subject from --load-* flags. */
static int sign_is_outside_store(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
		if (strncmp(argv[i], "--load-", 7) == 0)
			return 1;
	return 0;
}

#define SIGN_FLAGS                                                             \
	(CLI_F_PRIVKEY | CLI_F_PUBKEY | CLI_F_REQUEST | CLI_F_CA |             \
	 CLI_F_PASSWORD | CLI_F_FORCE)
#define SIGN_ARGS                                                              \
	N_("--load-request REQ|--load-privkey KEY|--load-pubkey PUB "          \
	   "--load-ca-certificate CRT --load-ca-privkey KEY [--template "      \
	   "FILE] [FLAGS]")

struct sign_state {
	gnutls_privkey_t key, ca_key;
	struct cd_issue_input in;
	gnutls_x509_crt_t crt;
};

static int load_pubkey(struct cli *cli, const char *path, gnutls_pubkey_t *out)
{
	gnutls_datum_t data = {NULL, 0};
	int ret = cd_file_read(&cli->ctx, path, 0, &data);

	if (ret < 0)
		return ret;
	ret = gnutls_pubkey_init(out);
	if (ret >= 0)
		ret = gnutls_pubkey_import(*out, &data,
					   cd_file_is_pem(&data, "PUBLIC KEY")
					       ? GNUTLS_X509_FMT_PEM
					       : GNUTLS_X509_FMT_DER);
	gnutls_free(data.data);
	if (ret < 0)
		return cd_gnutls_error(&cli->ctx, ret,
				       _("%s: not a public key"), path);
	return 0;
}

static int load_subject(struct cli *cli, const struct cli_issue_opts *o,
			struct sign_state *s)
{
	int given = !!o->request + !!o->privkey + !!o->pubkey;

	if (given != 1)
		return cd_error(&cli->ctx, CD_E_INVALID,
				_("sign: give one of --load-request, "
				  "--load-privkey or --load-pubkey"));
	if (o->request)
		return cd_request_load(&cli->ctx, o->request, &s->in.request);
	if (o->pubkey)
		return load_pubkey(cli, o->pubkey, &s->in.pubkey);
	if (cli_load_privkey(cli, o->privkey, o->password_file, o->password_fd,
			     &s->key) < 0)
		return CD_E_INVALID;
	return cd_issue_pubkey_of(&cli->ctx, s->key, &s->in.pubkey);
}

static int sign_steps(struct cli *cli, const struct cli_issue_opts *o,
		      const struct cd_cert_params *params, struct sign_state *s,
		      gnutls_datum_t *pem)
{
	int ret;

	if (o->ca_cert == NULL || o->ca_privkey == NULL)
		return cd_error(&cli->ctx, CD_E_INVALID,
				_("sign: --load-ca-certificate and "
				  "--load-ca-privkey are required"));
	ret = load_subject(cli, o, s);
	if (ret == 0)
		ret = cd_file_load_crt(&cli->ctx, o->ca_cert, &s->in.ca_crt);
	if (ret == 0)
		ret = cli_load_privkey(cli, o->ca_privkey, o->password_file,
				       o->password_fd, &s->ca_key);
	if (ret == 0)
		ret = cd_issue_build(&cli->ctx, params, &s->in, &s->crt);
	if (ret == 0)
		ret = cli_lint_before_signing(
		    cli, o->outfile ? o->outfile : _("certificate"), s->crt,
		    s->in.ca_crt, o->force);
	if (ret == 0)
		ret = cd_issue_sign(&cli->ctx, s->crt, s->in.ca_crt, s->ca_key);
	if (ret == 0)
		ret = cd_crt_export_pem(&cli->ctx, s->crt, pem);
	return ret;
}

static void sign_state_free(struct sign_state *s)
{
	if (s->key)
		gnutls_privkey_deinit(s->key);
	if (s->ca_key)
		gnutls_privkey_deinit(s->ca_key);
	if (s->in.request)
		gnutls_x509_crq_deinit(s->in.request);
	if (s->in.pubkey)
		gnutls_pubkey_deinit(s->in.pubkey);
	if (s->in.ca_crt)
		gnutls_x509_crt_deinit(s->in.ca_crt);
	if (s->crt)
		gnutls_x509_crt_deinit(s->crt);
}

static int sign_run(struct cli *cli, int argc, char **argv)
{
	struct cli_issue_opts o;
	struct cd_cert_params params;
	struct sign_state s = {NULL, NULL, {NULL, NULL, NULL}, NULL};
	gnutls_datum_t pem = {NULL, 0};
	int ret;

	if (!sign_is_outside_store(argc, argv))
		return cli_store_sign_run(cli, argc, argv);
	ret = cli_issue_parse(cli, argc, argv, SIGN_FLAGS, &o);
	if (ret != 0 || o.help) {
		if (o.help)
			cli_issue_help("sign", SIGN_ARGS, SIGN_FLAGS);
		cli_params_free(&o.params);
		return ret;
	}
	cd_profile_init(&params);
	ret = cli_params_apply(cli, &o.params, &params);
	if (ret == 0)
		ret = sign_steps(cli, &o, &params, &s, &pem);
	if (ret == 0)
		ret = cli_write_output(cli, o.outfile, &pem);
	gnutls_free(pem.data);
	sign_state_free(&s);
	cd_profile_free(&params);
	cli_params_free(&o.params);
	return cli_finish(cli, ret);
}

const struct cli_command cli_cmd_sign = {
    "sign",
    SIGN_ARGS,
    N_("the CA signs a request or a public key (outside a store)"),
    sign_run,
};
