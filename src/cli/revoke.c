/* certdeck revoke: mark a certificate of the store revoked in index.txt,
 * with a reason and an invalidity date, or release a hold. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "i18n.h"
#include "revoke.h"
#include "verify.h"

#define REVOKE_ARGS                                                            \
	N_("NAME|SERIAL [--reason REASON] [--invalidity-date DATE] "           \
	   "[--release]")

enum {
	OPT_REASON = 1,
	OPT_INVALIDITY,
	OPT_RELEASE,
	OPT_HELP,
};

static const struct cli_flag revoke_flags[] = {
    {{"reason", required_argument, NULL, OPT_REASON},
     N_("REASON"),
     N_("unspecified, keyCompromise, cACompromise, affiliationChanged, "
	"superseded, cessationOfOperation, certificateHold or removeFromCRL "
	"(default: none recorded)")},
    {{"invalidity-date", required_argument, NULL, OPT_INVALIDITY},
     N_("DATE"),
     N_("when the key became unsafe: YYYY-MM-DDTHH:MM:SSZ or UNIX "
	"seconds")},
    {{"release", no_argument, NULL, OPT_RELEASE},
     NULL,
     N_("release a certificate on hold (certificateHold): valid again")},
    {{"help", no_argument, NULL, OPT_HELP}, NULL, N_("this help")},
};

#define N_FLAGS (sizeof(revoke_flags) / sizeof(revoke_flags[0]))

struct revoke_opts {
	struct cd_revoke_params p;
	int help;
};

static int take_flag(struct cli *cli, int opt, const char *arg, void *data)
{
	struct revoke_opts *o = data;

	switch (opt) {
	case OPT_REASON:
		if (cd_reason_parse(&cli->ctx, arg, &o->p.reason) < 0)
			return cli_usage_error(cli, "revoke", "--reason: %s",
					       cd_ctx_message(&cli->ctx));
		return 0;
	case OPT_INVALIDITY:
		if (cd_verify_parse_time(&cli->ctx, arg, &o->p.invalidity) < 0)
			return cli_usage_error(cli, "revoke",
					       "--invalidity-date: %s",
					       cd_ctx_message(&cli->ctx));
		o->p.has_invalidity = 1;
		return 0;
	case OPT_RELEASE:
		o->p.release = 1;
		return 0;
	case OPT_HELP:
		o->help = 1;
		return 0;
	default:
		return cli_usage_error(cli, "revoke", _("unexpected option"));
	}
}

static void revoke_help(void)
{
	printf(_("Usage: certdeck [-d DIR] revoke %s\n\n%s\n\n"),
	       _(REVOKE_ARGS),
	       _("Mark a certificate of the store revoked in index.txt, as "
		 "'openssl ca -revoke' does, with a reason and an invalidity "
		 "date; or release a hold. The next 'certdeck crl' lists it."));
	cli_flags_help(revoke_flags, N_FLAGS);
}

static void print_date(time_t t, char out[32])
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void print_result(const struct cd_revoke_params *p,
			 const struct cd_revoke_result *res)
{
	const struct cd_revocation *r = &res->revocation;
	char date[32];

	if (p->release || p->reason == CD_REASON_REMOVE_FROM_CRL) {
		printf(_("Released %s (%s): valid again\n"), res->serial,
		       res->subject);
		return;
	}
	print_date(r->date, date);
	printf(_("Revoked %s (%s) on %s, reason: %s\n"), res->serial,
	       res->subject, date,
	       r->reason == CD_REASON_NONE ? _("none given")
					   : cd_reason_name(r->reason));
	if (r->has_invalidity) {
		print_date(r->invalidity, date);
		printf(_("Invalid since %s\n"), date);
	}
}

static int revoke_check(struct cli *cli, const struct revoke_opts *o)
{
	if (o->p.release &&
	    (o->p.reason != CD_REASON_NONE || o->p.has_invalidity))
		return cli_usage_error(cli, "revoke",
				       _("--release takes no --reason nor "
					 "--invalidity-date"));
	if (o->p.has_invalidity && o->p.reason == CD_REASON_NONE)
		return cli_usage_error(cli, "revoke",
				       _("--invalidity-date needs a --reason"));
	return 0;
}

static int revoke_run(struct cli *cli, int argc, char **argv)
{
	struct revoke_opts o;
	struct cd_revoke_result res;
	struct cd_store *store = NULL;
	int ret;

	memset(&o, 0, sizeof(o));
	memset(&res, 0, sizeof(res));
	o.p.reason = CD_REASON_NONE;
	ret = cli_flags_parse(cli, "revoke", argc, argv, revoke_flags, N_FLAGS,
			      take_flag, &o);
	if (ret != 0)
		return ret;
	if (o.help) {
		revoke_help();
		return 0;
	}
	if (optind + 1 != argc)
		return cli_usage_error(cli, "revoke",
				       _("give one NAME or SERIAL"));
	o.p.target = argv[optind];
	ret = revoke_check(cli, &o);
	if (ret != 0)
		return ret;
	ret = cd_store_open(&cli->ctx, cli->store_dir, &store);
	if (ret == 0)
		ret = cd_revoke(&cli->ctx, store, &o.p, &res);
	if (ret == 0) {
		print_result(&o.p, &res);
		/* verify, serve and every relying party read the CRL */
		printf("%s\n", _("crl.pem says it once the next CRL is made: "
				 "certdeck crl"));
	}
	cd_revoke_result_free(&res);
	cd_store_close(store);
	return cli_finish(cli, ret);
}

const struct cli_command cli_cmd_revoke = {
    "revoke",
    REVOKE_ARGS,
    N_("revoke a certificate of the store, with a reason"),
    revoke_run,
};
