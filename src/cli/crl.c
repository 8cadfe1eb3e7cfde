/* certdeck crl: sign the store's CRL (crl.pem) with its reasons and
 * invalidity dates. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "crl.h"
#include "i18n.h"
#include "keyio.h"
#include "storeopts.h"

#define CRL_ARGS                                                               \
	N_("[--next-update-days N] [--password-file F | --password-fd N]")

enum {
	OPT_DAYS = 1,
	OPT_PWFILE,
	OPT_PWFD,
	OPT_HELP,
};

static const struct cli_flag crl_flags[] = {
    {{"next-update-days", required_argument, NULL, OPT_DAYS},
     "N",
     N_("the next CRL is due in N days (default: the ca template's "
	"crl_next_update, else 180)")},
    {{"password-file", required_argument, NULL, OPT_PWFILE},
     "F",
     N_("the CA key's password, on this file's first line")},
    {{"password-fd", required_argument, NULL, OPT_PWFD},
     "N",
     N_("the CA key's password, read from descriptor N")},
    {{"help", no_argument, NULL, OPT_HELP}, NULL, N_("this help")},
};

#define N_FLAGS (sizeof(crl_flags) / sizeof(crl_flags[0]))

struct crl_opts {
	struct cli_store_opts store;
	long days;
	int help;
};

static int take_flag(struct cli *cli, int opt, const char *arg, void *data)
{
	struct crl_opts *o = data;

	switch (opt) {
	case OPT_DAYS:
		return cli_parse_long(cli, "crl", "--next-update-days", arg, 1,
				      36500, &o->days)
			   ? CLI_EXIT_USAGE
			   : 0;
	case OPT_PWFILE:
		o->store.password_file = arg;
		return 0;
	case OPT_PWFD:
		return cli_parse_fd(cli, "crl", "--password-fd", arg,
				    &o->store.password_fd);
	case OPT_HELP:
		o->help = 1;
		return 0;
	default:
		return cli_usage_error(cli, "crl", _("unexpected option"));
	}
}

static void crl_help(void)
{
	printf(_("Usage: certdeck [-d DIR] crl %s\n\n%s\n\n"), _(CRL_ARGS),
	       _("Sign the store's CRL: every certificate revoked in "
		 "index.txt, with its reason and invalidity date, numbered "
		 "from the file crlnumber as 'openssl ca -gencrl' numbers "
		 "them; written to crl.pem."));
	cli_flags_help(crl_flags, N_FLAGS);
}

/* --next-update-days, else the ca template's crl_next_update. */
static int crl_days(struct cli *cli, const struct cd_store *store,
		    const struct crl_opts *o, long *days)
{
	*days = o->days;
	return o->days ? 0 : cd_crl_default_days(&cli->ctx, store, days);
}

static void print_info(const struct cd_crl_info *info)
{
	char date[32];
	struct tm tm;

	gmtime_r(&info->next_update, &tm);
	strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%SZ", &tm);
	printf(_("CRL number %s: %zu revoked, next update %s\n"), info->number,
	       info->entries, date);
}

static int crl_run(struct cli *cli, int argc, char **argv)
{
	struct crl_opts o;
	struct cd_crl_info info;
	struct cd_store *store = NULL;
	gnutls_privkey_t key = NULL;
	long days = 0;
	int ret;

	memset(&o, 0, sizeof(o));
	o.store.password_fd = -1;
	ret = cli_flags_parse(cli, "crl", argc, argv, crl_flags, N_FLAGS,
			      take_flag, &o);
	if (ret != 0)
		return ret;
	if (o.help) {
		crl_help();
		return 0;
	}
	if (optind < argc)
		return cli_usage_error(
		    cli, "crl", _("unexpected argument '%s'"), argv[optind]);
	ret = cd_store_open(&cli->ctx, cli->store_dir, &store);
	if (ret == 0)
		ret = crl_days(cli, store, &o, &days);
	if (ret == 0)
		ret = cli_store_ca_key(cli, &o.store, store, &key);
	if (ret == 0)
		ret = cd_crl_make(&cli->ctx, store, key, days, &info);
	if (ret == 0)
		print_info(&info);
	gnutls_privkey_deinit(key);
	cd_store_close(store);
	return cli_finish(cli, ret);
}

const struct cli_command cli_cmd_crl = {
    "crl",
    CRL_ARGS,
    N_("sign the store's CRL (crl.pem), with reasons"),
    crl_run,
};
