/* certdeck genkey: a new private key, written 0600 as PKCS #8 (certtool
 * --generate-privkey). */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "keyio.h"

#define GENKEY_ARGS                                                            \
	N_("[--key-type T] [--bits N] [--curve C] [--outfile FILE] [--der] "   \
	   "[--password | --password-file F | --password-fd N] [--force]")

enum {
	OPT_KEYTYPE = 1,
	OPT_BITS,
	OPT_CURVE,
	OPT_OUTFILE,
	OPT_DER,
	OPT_PASSWORD,
	OPT_PWFILE,
	OPT_PWFD,
	OPT_FORCE,
	OPT_HELP,
};

static const struct cli_flag genkey_flags[] = {
    {{"key-type", required_argument, NULL, OPT_KEYTYPE},
     "T",
     N_("rsa (default), ecdsa, ed25519 or ed448")},
    {{"bits", required_argument, NULL, OPT_BITS},
     "N",
     N_("RSA modulus: 2048, 3072 (default) or 4096")},
    {{"curve", required_argument, NULL, OPT_CURVE},
     "C",
     N_("ECDSA curve: p256 (default), p384 or p521")},
    {{"outfile", required_argument, NULL, OPT_OUTFILE},
     N_("FILE"),
     N_("write the key here (mode 0600); else to standard output, "
	"which must not be a terminal")},
    {{"der", no_argument, NULL, OPT_DER}, NULL, N_("DER instead of PEM")},
    {{"password", no_argument, NULL, OPT_PASSWORD},
     NULL,
     N_("encrypt the key with a password asked twice (PBES2 AES-256)")},
    {{"password-file", required_argument, NULL, OPT_PWFILE},
     "F",
     N_("encrypt the key with the password on this file's first line")},
    {{"password-fd", required_argument, NULL, OPT_PWFD},
     "N",
     N_("encrypt the key with the password read from descriptor N")},
    {{"force", no_argument, NULL, OPT_FORCE},
     NULL,
     N_("replace an existing --outfile")},
    {{"help", no_argument, NULL, OPT_HELP}, NULL, N_("this help")},
};

#define N_FLAGS (sizeof(genkey_flags) / sizeof(genkey_flags[0]))

struct genkey_opts {
	struct cd_key_params params;
	const char *outfile, *password_file;
	int password_fd, ask_password, der, force, help;
};

static void genkey_help(void)
{
	printf(_("Usage: certdeck genkey %s\n\n%s\n\n"), _(GENKEY_ARGS),
	       _("Generate a private key and write it as PKCS #8. The key "
		 "and a confirmation line (type, size, public key id) on "
		 "standard error; the key is never shown on a terminal."));
	cli_flags_help(genkey_flags, N_FLAGS);
}

static int parse_bits(struct cli *cli, const char *value, unsigned *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(value, &end, 10);
	if (errno != 0 || end == value || *end != 0 || v <= 0 || v > 65536)
		return cli_usage_error(
		    cli, "genkey",
		    _("--bits: '%s' is not valid; expected 2048, 3072 or 4096"),
		    value);
	*out = (unsigned)v;
	return 0;
}

static int take_flag(struct cli *cli, int opt, const char *arg, void *data)
{
	struct genkey_opts *o = data;

	switch (opt) {
	case OPT_KEYTYPE:
		if (cd_key_type_parse(&cli->ctx, arg, &o->params.pk) < 0)
			return cli_usage_error(cli, "genkey", "%s",
					       cd_ctx_message(&cli->ctx));
		return 0;
	case OPT_CURVE:
		if (cd_key_curve_parse(&cli->ctx, arg, &o->params.curve) < 0)
			return cli_usage_error(cli, "genkey", "%s",
					       cd_ctx_message(&cli->ctx));
		return 0;
	case OPT_BITS:
		return parse_bits(cli, arg, &o->params.bits);
	case OPT_OUTFILE:
		o->outfile = arg;
		return 0;
	case OPT_DER:
		o->der = 1;
		return 0;
	case OPT_PASSWORD:
		o->ask_password = 1;
		return 0;
	case OPT_PWFILE:
		o->password_file = arg;
		return 0;
	case OPT_PWFD:
		return cli_parse_fd(cli, "genkey", "--password-fd", arg,
				    &o->password_fd);
	case OPT_FORCE:
		o->force = 1;
		return 0;
	case OPT_HELP:
		o->help = 1;
		return 0;
	default:
		return cli_usage_error(cli, "genkey", _("unexpected option"));
	}
}

static int genkey_parse(struct cli *cli, int argc, char **argv,
			struct genkey_opts *o)
{
	int ret;

	memset(o, 0, sizeof(*o));
	cd_key_params_init(&o->params);
	o->password_fd = -1;
	ret = cli_flags_parse(cli, "genkey", argc, argv, genkey_flags, N_FLAGS,
			      take_flag, o);
	if (ret != 0 || o->help)
		return ret;
	if (optind < argc)
		return cli_usage_error(cli, "genkey",
				       _("unexpected argument '%s'; the key "
					 "goes to --outfile FILE"),
				       argv[optind]);
	if (!!o->ask_password + !!o->password_file + (o->password_fd >= 0) > 1)
		return cli_usage_error(cli, "genkey",
				       _("give one of --password, "
					 "--password-file and --password-fd"));
	if (cd_key_params_check(&cli->ctx, &o->params) < 0)
		return cli_usage_error(cli, "genkey", "%s",
				       cd_ctx_message(&cli->ctx));
	return cli_key_output_check(cli, "genkey", o->outfile, o->force);
}

static int genkey(struct cli *cli, const struct genkey_opts *o)
{
	gnutls_x509_privkey_t key = NULL;
	gnutls_datum_t data = {NULL, 0};
	char *password = NULL;
	int ret = 0;

	if (o->ask_password || o->password_file || o->password_fd >= 0)
		ret = cli_key_password(cli, o->password_file, o->password_fd,
				       _("Enter a password for the new key: "),
				       o->ask_password, &password);
	if (ret == 0 && password != NULL && *password == 0)
		ret = cd_error(&cli->ctx, CD_E_PASSWORD,
			       _("the password is empty; an empty password "
				 "does not protect the key (leave out the "
				 "password flags for a plain key)"));
	if (ret == 0)
		ret = cd_key_generate(&cli->ctx, &o->params, &key);
	if (ret == 0 && o->outfile != NULL && strcmp(o->outfile, "-") != 0)
		ret = cd_key_write(&cli->ctx, o->outfile, key, password, o->der,
				   o->force);
	else if (ret == 0) {
		ret = cd_key_export(&cli->ctx, key, password, o->der, &data);
		if (ret == 0)
			ret = cli_output_write(cli, NULL, &data, 0600, 0);
	}
	if (ret == 0)
		ret = cli_key_report(cli, "genkey", key, password != NULL,
				     o->outfile);
	cd_datum_wipe(&data);
	cli_password_free(password);
	if (key)
		gnutls_x509_privkey_deinit(key);
	return ret;
}

static int genkey_run(struct cli *cli, int argc, char **argv)
{
	struct genkey_opts o;
	int ret = genkey_parse(cli, argc, argv, &o);

	if (ret != 0)
		return ret;
	if (o.help) {
		genkey_help();
		return CLI_EXIT_OK;
	}
	return cli_finish(cli, genkey(cli, &o));
}

const struct cli_command cli_cmd_genkey = {
    "genkey",
    GENKEY_ARGS,
    N_("a private key (RSA, ECDSA, Ed25519, Ed448), PKCS #8, mode 0600"),
    genkey_run,
};
