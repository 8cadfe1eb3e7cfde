/* certdeck inspect: what certtool -i, -k, --crq-info, --crl-info and
 * --p12-info show, plus fingerprints, pin-sha256 and random art; never a
 * private key unless asked. */
#include <config.h>

#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "i18n.h"
#include "inspect.h"

#define INSPECT_ARGS                                                           \
	N_("[--json] [--show-private] [--password-file F | --password-fd N | " \
	   "--password] [--type cert|request|key|crl|pkcs12] FILE...")

enum {
	OPT_JSON = 256,
	OPT_SHOW_PRIVATE,
	OPT_PWFILE,
	OPT_PWFD,
	OPT_PASSWORD,
	OPT_TYPE,
	OPT_HELP,
};

struct inspect_flags {
	struct cd_inspect_opts opts;
	const char *password_file;
	int password_fd;
	int ask_password;
	int help;
};

static const struct {
	struct option opt;
	const char *help; /* N_() */
} inspect_options[] = {
    {{"json", no_argument, NULL, OPT_JSON},
     N_("a JSON array, one object per item")},
    {{"show-private", no_argument, NULL, OPT_SHOW_PRIVATE},
     N_("also show private keys (never shown otherwise)")},
    {{"password-file", required_argument, NULL, OPT_PWFILE},
     N_("read the password from this file (first line)")},
    {{"password-fd", required_argument, NULL, OPT_PWFD},
     N_("read the password from this descriptor (first line)")},
    {{"password", no_argument, NULL, OPT_PASSWORD},
     N_("ask for the password on the terminal")},
    {{"type", required_argument, NULL, OPT_TYPE},
     N_("only this type: cert, request, key, crl or pkcs12")},
    {{"help", no_argument, NULL, OPT_HELP}, N_("this help")},
};

#define N_OPTIONS (sizeof(inspect_options) / sizeof(inspect_options[0]))

static void inspect_help(void)
{
	size_t i;

	printf(_("Usage: certdeck inspect %s\n\n"), _(INSPECT_ARGS));
	printf("%s\n\n",
	       _("Describe certificates, requests, keys, CRLs and PKCS #12 "
		 "files (PEM, possibly several objects, or DER; \"-\" is "
		 "standard input)."));
	for (i = 0; i < N_OPTIONS; i++) {
		cli_option_help(stdout, 24, &inspect_options[i].opt,
				_(inspect_options[i].help));
	}
}

static int take_flag(struct cli *cli, int opt, const char *arg,
		     struct inspect_flags *f)
{
	long fd;
	int type;

	switch (opt) {
	case OPT_JSON:
		f->opts.json = 1;
		return 0;
	case OPT_SHOW_PRIVATE:
		f->opts.show_private = 1;
		return 0;
	case OPT_PWFILE:
		f->password_file = arg;
		return 0;
	case OPT_PWFD:
		if (cli_parse_long(cli, "inspect", "--password-fd", arg, 0,
				   1023, &fd) != 0)
			return CLI_EXIT_USAGE;
		f->password_fd = (int)fd;
		return 0;
	case OPT_PASSWORD:
		f->ask_password = 1;
		return 0;
	case OPT_TYPE:
		type = cd_inspect_type_from_name(arg);
		if (type < 0)
			return cli_usage_error(
			    cli, "inspect",
			    _("--type: '%s' is not a type; expected cert, "
			      "request, key, crl or pkcs12"),
			    arg);
		f->opts.type = (enum cd_inspect_type)type;
		return 0;
	case OPT_HELP:
		f->help = 1;
		return 0;
	default:
		return -1;
	}
}

static int parse_flags(struct cli *cli, int argc, char **argv,
		       struct inspect_flags *f)
{
	struct option opts[N_OPTIONS + 1];
	size_t i;
	int opt, ret, sources;

	memset(f, 0, sizeof(*f));
	f->password_fd = -1;
	for (i = 0; i < N_OPTIONS; i++)
		opts[i] = inspect_options[i].opt;
	memset(&opts[N_OPTIONS], 0, sizeof(opts[N_OPTIONS]));
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (opt == '?' || opt == ':')
			return cli_bad_option(cli, "inspect", argc, argv);
		ret = take_flag(cli, opt, optarg, f);
		if (ret != 0)
			return ret < 0
				   ? cli_bad_option(cli, "inspect", argc, argv)
				   : ret;
	}
	sources = (f->password_file != NULL) + (f->password_fd >= 0) +
		  f->ask_password;
	if (sources > 1)
		return cli_usage_error(
		    cli, "inspect",
		    _("give the password one way only: --password-file, "
		      "--password-fd or --password"));
	if (!f->help && optind >= argc)
		return cli_usage_error(cli, "inspect",
				       _("no file given; expected one or more "
					 "files (\"-\" for standard input)"));
	return 0;
}

/* Inspect PATH and print what was found; 0 or a CD_E_* code. */
static int inspect_file(struct cli *cli, const char *path,
			const struct inspect_flags *f, int *printed)
{
	gnutls_datum_t data = {NULL, 0}, out = {NULL, 0};
	const char *name = strcmp(path, "-") == 0 ? _("standard input") : path;
	int ret;

	ret = cd_file_read(&cli->ctx, path, 0, &data);
	if (ret == 0)
		ret = cd_inspect(&cli->ctx, &data, name, &f->opts, &out);
	if (ret == 0) {
		if (*printed && f->opts.json)
			fputs(",\n", stdout);
		fwrite(out.data, 1, out.size, stdout);
		(*printed)++;
	}
	if (data.data != NULL) {
		gnutls_memset(data.data, 0, data.size);
		gnutls_free(data.data);
	}
	if (out.data != NULL) {
		gnutls_memset(out.data, 0, out.size);
		gnutls_free(out.data);
	}
	return ret;
}

static int inspect_run(struct cli *cli, int argc, char **argv)
{
	struct inspect_flags f;
	char *password = NULL;
	int ret, i, printed = 0, failed = 0;

	ret = parse_flags(cli, argc, argv, &f);
	if (ret != 0)
		return ret;
	if (f.help) {
		inspect_help();
		return CLI_EXIT_OK;
	}
	if (f.password_file != NULL || f.password_fd >= 0 || f.ask_password) {
		ret =
		    cli_password_read(cli, f.password_file, f.password_fd,
				      _("Enter the password: "), 0, &password);
		if (ret < 0)
			return cli_finish(cli, ret);
		f.opts.password = password;
	}
	f.opts.json_items = 1;
	if (f.opts.json)
		fputs("[\n", stdout);
	for (i = optind; i < argc; i++) {
		if (!f.opts.json && argc - optind > 1)
			printf("%s==> %s <==\n", i > optind ? "\n" : "",
			       argv[i]);
		ret = inspect_file(cli, argv[i], &f, &printed);
		if (ret < 0) {
			cli_finish(cli, ret);
			failed = 1;
		}
	}
	if (f.opts.json)
		fputs(printed ? "\n]\n" : "]\n", stdout);
	cli_password_free(password);
	return failed ? CLI_EXIT_USAGE : CLI_EXIT_OK;
}

const struct cli_command cli_cmd_inspect = {
    "inspect",
    INSPECT_ARGS,
    N_("describe certificates, requests, keys, CRLs, PKCS #12 files"),
    inspect_run,
};
