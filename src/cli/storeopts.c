/* certdeck: the flags of the commands that work on a store. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "i18n.h"
#include "storeopts.h"
#include "token.h"

enum {
	OPT_PROFILE = 1,
	OPT_TEMPLATE,
	OPT_PWFILE,
	OPT_PWFD,
	OPT_KEYTYPE,
	OPT_BITS,
	OPT_CURVE,
	OPT_NAME,
	OPT_BATCH,
	OPT_FORCE,
	OPT_INTERMEDIATE,
	OPT_CERTIFICATE,
	OPT_PASSWORD,
	OPT_DAYS,
	OPT_JSON,
	OPT_HONOR,
	OPT_KEYURL,
	OPT_GENERATE,
	OPT_REVOKE_OLD,
	OPT_EXPIRY,
	OPT_RENEW_CA,
	OPT_HELP,
};

static const struct cli_gated_flag store_flags[] = {
    {{"profile", required_argument, NULL, OPT_PROFILE},
     CLI_S_PROFILE_NAME,
     N_("the store's profile templates/NAME.cfg (ca, server, client...)")},
    {{"template", required_argument, NULL, OPT_TEMPLATE},
     CLI_S_PROFILE,
     N_("a certtool template, instead of a profile")},
    {{"honor-extensions", no_argument, NULL, OPT_HONOR},
     CLI_S_HONOR,
     N_("copy the request's extensions (honor_crq_extensions)")},
    {{"key-type", required_argument, NULL, OPT_KEYTYPE},
     CLI_S_KEY,
     N_("rsa, ecdsa (default), ed25519 or ed448")},
    {{"bits", required_argument, NULL, OPT_BITS},
     CLI_S_KEY,
     N_("RSA modulus: 2048, 3072 (default for RSA) or 4096")},
    {{"curve", required_argument, NULL, OPT_CURVE},
     CLI_S_KEY,
     N_("ECDSA curve: p256 (default), p384 or p521")},
    {{"name", required_argument, NULL, OPT_NAME},
     CLI_S_NAME,
     N_("the name in the store (issued/NAME.crt)")},
    {{"batch", required_argument, NULL, OPT_BATCH},
     CLI_S_BATCH,
     N_("issue N certificates NAME-1 ... NAME-N in one transaction")},
    {{"force", no_argument, NULL, OPT_FORCE},
     CLI_S_FORCE,
     N_("sign even when lint finds errors")},
    {{"intermediate", no_argument, NULL, OPT_INTERMEDIATE},
     CLI_S_INIT,
     N_("a subordinate CA: key and request (reqs/ca.req) for the parent")},
    {{"certificate", required_argument, NULL, OPT_CERTIFICATE},
     CLI_S_INIT,
     N_("with --intermediate: install the certificate the parent issued")},
    {{"key", required_argument, NULL, OPT_KEYURL},
     CLI_S_TOKEN,
     N_("the CA key on a PKCS #11 token (pkcs11:URL), never on disk")},
    {{"generate-on-token", no_argument, NULL, OPT_GENERATE},
     CLI_S_TOKEN,
     N_("with --key: generate the key on the token (object=LABEL)")},
    {{"password", no_argument, NULL, OPT_PASSWORD},
     CLI_S_INIT,
     N_("encrypt the CA key with a password (asked twice)")},
    {{"password-file", required_argument, NULL, OPT_PWFILE},
     CLI_S_PASSWORD,
     N_("the CA key's password, from this file")},
    {{"password-fd", required_argument, NULL, OPT_PWFD},
     CLI_S_PASSWORD,
     N_("the CA key's password, from this descriptor")},
    {{"days", required_argument, NULL, OPT_DAYS},
     CLI_S_DAYS,
     N_("report what expires within N days (default 30)")},
    {{"json", no_argument, NULL, OPT_JSON}, CLI_S_JSON, N_("JSON output")},
    {{"expiration-days", required_argument, NULL, OPT_EXPIRY},
     CLI_S_EXPIRY,
     N_("the new validity in days (default: the old certificate's)")},
    {{"revoke-old", no_argument, NULL, OPT_REVOKE_OLD},
     CLI_S_RENEW,
     N_("revoke the old certificate as superseded, in the same change")},
    {{"ca", no_argument, NULL, OPT_RENEW_CA},
     CLI_S_RENEW_CA,
     N_("renew the CA certificate itself (same key), not NAME")},
    {{"help", no_argument, NULL, OPT_HELP}, 0, N_("this help")},
};

#define STORE_FLAGS (sizeof(store_flags) / sizeof(store_flags[0]))

/* Is FLAG one of the command's own (ALLOWED) flags? */
static int store_flag_taken(const char *flag, void *arg)
{
	return cli_gated_has(store_flags, STORE_FLAGS, *(const unsigned *)arg,
			     flag);
}

void cli_store_help(const char *name, const char *synopsis,
		    const char *description, unsigned allowed)
{
	/* L10N: a command's usage: the command, its options, its text. */
	printf(_("Usage: certdeck [-d DIR] %s %s\n\n%s\n\n"), name, _(synopsis),
	       _(description));
	cli_gated_help(store_flags, STORE_FLAGS, allowed);
	if (allowed & CLI_S_PROFILE) {
		putchar('\n');
		cli_params_help(stdout, store_flag_taken, &allowed);
	}
}

/* A key flag's value through the backend's parser, its message as ours. */
static int key_flag(struct cli *cli, const char *cmd, int ret)
{
	return ret < 0
		   ? cli_usage_error(cli, cmd, "%s", cd_ctx_message(&cli->ctx))
		   : 0;
}

static int take_flag(struct cli *cli, const char *cmd, int opt, const char *arg,
		     struct cli_store_opts *o, long *bits)
{
	long v;

	switch (opt) {
	case OPT_PROFILE:
		o->profile = arg;
		return 0;
	case OPT_TEMPLATE:
		o->params.template_path = arg;
		return 0;
	case OPT_PWFILE:
		o->password_file = arg;
		return 0;
	case OPT_NAME:
		o->name = arg;
		return 0;
	case OPT_FORCE:
		o->force = 1;
		return 0;
	case OPT_INTERMEDIATE:
		o->intermediate = 1;
		return 0;
	case OPT_CERTIFICATE:
		o->certificate = arg;
		return 0;
	case OPT_PASSWORD:
		o->ask_password = 1;
		return 0;
	case OPT_JSON:
		o->json = 1;
		return 0;
	case OPT_HONOR:
		o->honor = 1;
		return 0;
	case OPT_KEYURL:
		o->key_url = arg;
		return 0;
	case OPT_GENERATE:
		o->key_generate = 1;
		return 0;
	case OPT_HELP:
		o->help = 1;
		return 0;
	case OPT_RENEW_CA:
		o->renew_ca = 1;
		return 0;
	case OPT_REVOKE_OLD:
		o->revoke_old = 1;
		return 0;
	case OPT_EXPIRY:
		return cli_parse_long(cli, cmd, "--expiration-days", arg, 1,
				      36500, &o->expiration_days);
	case OPT_KEYTYPE:
		o->key_given = 1;
		return key_flag(cli, cmd,
				cd_key_type_parse(&cli->ctx, arg, &o->key.pk));
	case OPT_CURVE:
		o->key_given = 1;
		return key_flag(
		    cli, cmd,
		    cd_key_curve_parse(&cli->ctx, arg, &o->key.curve));
	case OPT_BITS:
		o->key_given = 1;
		return cli_parse_long(cli, cmd, "--bits", arg, 2048, 16384,
				      bits);
	case OPT_PWFD:
		if (cli_parse_long(cli, cmd, "--password-fd", arg, 0, 1023,
				   &v) != 0)
			return CLI_EXIT_USAGE;
		o->password_fd = (int)v;
		return 0;
	case OPT_BATCH:
		/* One transaction holds them all: about 25 KB each. */
		return cli_parse_long(cli, cmd, "--batch", arg, 1, 100000,
				      &o->batch);
	case OPT_DAYS:
		return cli_parse_long(cli, cmd, "--days", arg, 0, 36500,
				      &o->days);
	default:
		return cli_usage_error(cli, cmd, _("unexpected option"));
	}
}

/* --bits and --curve against --key-type. */
static int settle_key(struct cli *cli, const char *cmd,
		      struct cli_store_opts *o, long bits)
{
	o->key.bits = (unsigned)bits;
	return key_flag(cli, cmd, cd_key_params_check(&cli->ctx, &o->key));
}

static struct option *store_options(unsigned allowed)
{
	struct option own[STORE_FLAGS];
	size_t n = cli_gated_options(store_flags, STORE_FLAGS, allowed, own);

	if (!(allowed & CLI_S_PROFILE)) {
		struct option *o = calloc(n + 1, sizeof(*o));

		if (o)
			memcpy(o, own, n * sizeof(*o));
		return o;
	}
	return cli_params_options(own, n);
}

int cli_store_parse(struct cli *cli, int argc, char **argv, unsigned allowed,
		    struct cli_store_opts *o)
{
	struct option *opts = store_options(allowed);
	long bits = 0;
	int opt, ret = 0;

	memset(o, 0, sizeof(*o));
	o->password_fd = -1;
	cd_key_params_init(&o->key);
	o->key.pk = GNUTLS_PK_ECDSA; /* a store's default, unlike genkey's */
	o->days = 30;
	if (opts == NULL)
		return cli_finish(
		    cli, cd_error(&cli->ctx, CD_E_NOMEM, _("out of memory")));
	while (ret == 0 &&
	       (opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (opt == '?' || opt == ':') {
			ret = cli_bad_option(cli, argv[0], argc, argv);
			break;
		}
		if (cli_params_take(&o->params, opt, optarg) != 0)
			continue;
		ret = take_flag(cli, argv[0], opt, optarg, o, &bits);
	}
	if (ret == 0)
		ret = settle_key(cli, argv[0], o, bits);
	if (ret == 0 && o->profile && o->params.template_path)
		ret = cli_usage_error(cli, argv[0],
				      _("give --profile or --template, not "
					"both"));
	o->first_arg = optind;
	free(opts);
	return ret;
}

void cli_store_opts_free(struct cli_store_opts *o)
{
	cli_params_free(&o->params);
}

int cli_store_params(struct cli *cli, struct cli_store_opts *o,
		     const struct cd_store *store, const char *default_profile,
		     struct cd_cert_params *params)
{
	const char *profile = o->profile ? o->profile : default_profile;
	int ret = 0;

	if (o->params.template_path == NULL && profile != NULL)
		ret = cd_store_load_profile(&cli->ctx, store, profile, params);
	if (ret == 0)
		ret = cli_params_apply(cli, &o->params, params);
	if (ret == 0 && o->honor)
		ret = cd_profile_set(&cli->ctx, params, "honor_crq_extensions",
				     NULL, "--honor-extensions");
	return ret;
}

int cli_token_pin(struct cli *cli, const char *file, int fd, char **pin)
{
	*pin = NULL;
	if (file == NULL && fd < 0 && !cd_token_pin_needed())
		return 0; /* GNUTLS_PIN */
	return cli_password_read(cli, file, fd,
				 _("Enter the PIN of the token holding the CA "
				   "key: "),
				 0, pin);
}

int cli_store_token_pin(struct cli *cli, const struct cli_store_opts *o,
			char **pin)
{
	return cli_token_pin(cli, o->password_file, o->password_fd, pin);
}

/* The CA key on a token, with its PIN. */
static int token_ca_key(struct cli *cli, const struct cli_store_opts *o,
			const struct cd_store *store, gnutls_privkey_t *out)
{
	char *pin = NULL;
	int ret = cli_store_token_pin(cli, o, &pin);

	if (ret == 0)
		ret = cd_store_load_ca_key(&cli->ctx, store, pin, out);
	cli_password_free(pin);
	return ret;
}

int cli_store_ca_key(struct cli *cli, const struct cli_store_opts *o,
		     const struct cd_store *store, gnutls_privkey_t *out)
{
	char *path;
	int ret;

	if (store->key_url)
		return token_ca_key(cli, o, store, out);
	path = cd_store_path(store, "private/ca.key");

	if (path == NULL)
		return cd_error(&cli->ctx, CD_E_NOMEM, _("out of memory"));
	ret =
	    cli_load_privkey(cli, path, o->password_file, o->password_fd, out);
	free(path);
	return ret < 0 ? ret : 0;
}

char *cli_store_crl(const struct cli *cli)
{
	return cd_store_dir_crl(cli->store_dir);
}
