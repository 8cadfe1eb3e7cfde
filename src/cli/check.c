/* certdeck check: the store's consistency, and what expires soon. */
#include <config.h>

#include <stdio.h>
#include <string.h>

#include "expiry.h"
#include "i18n.h"
#include "storeopts.h"

#define CHECK_FLAGS CLI_S_DAYS
#define CHECK_ARGS N_("[--days N]")

/* The CRL's next update is said always: here when it is not due (a due
 * one is among the findings). */
static void say_crl(struct cli *cli, const struct cd_check_report *r)
{
	char text[256];
	size_t i;

	if (r->expiry == NULL)
		return;
	for (i = 0; i < r->expiry->count; i++)
		if (r->expiry->entries[i].kind == CD_EXPIRY_CRL)
			return;
	cd_expiry_describe_crl(r->expiry, text, sizeof(text));
	if (text[0])
		printf(_("%s: %s\n"), cli->store_dir, text);
}

static int check(struct cli *cli, const struct cli_store_opts *o)
{
	struct cd_store *store = NULL;
	struct cd_check_report r;
	size_t i;
	int ret = cd_store_open(&cli->ctx, cli->store_dir, &store);

	memset(&r, 0, sizeof(r));
	if (ret == 0)
		ret = cd_store_check(&cli->ctx, store, o->days, &r);
	if (ret < 0)
		goto out;
	if (r.recovered)
		printf(_("%s: an interrupted change was completed or undone\n"),
		       cli->store_dir);
	for (i = 0; i < r.count; i++)
		/* L10N: the store, "problem" or "expiring", the finding. */
		printf(_("%s: %s: %s\n"), cli->store_dir,
		       r.findings[i].problem ? _("problem") : _("expiring"),
		       r.findings[i].text);
	say_crl(cli, &r);
	/* L10N: the store's directory, how many problems, how many certificates
	 * expire soon, the days checked. */
	printf(_("%s: %zu problem(s), %zu expiring within %ld days\n"),
	       cli->store_dir, r.problems, r.expiring, o->days);
	if (r.problems || r.expiring)
		ret = cd_error(&cli->ctx, CD_E_VERIFY,
			       _("%s: %zu problem(s), %zu expiring"),
			       cli->store_dir, r.problems, r.expiring);
out:
	cd_check_report_free(&r);
	cd_store_close(store);
	return ret;
}

static int check_run(struct cli *cli, int argc, char **argv)
{
	struct cli_store_opts o;
	int ret = cli_store_parse(cli, argc, argv, CHECK_FLAGS, &o);

	if (ret == 0 && o.help)
		cli_store_help("check", CHECK_ARGS,
			       N_("Check the store: index.txt against "
				  "certs_by_serial/ and issued/, leftovers of "
				  "an interrupted change, key file modes, and "
				  "what expires within N days (default 30), "
				  "the CRL's next update included. "
				  "Exit 1 when anything is wrong or "
				  "expiring."),
			       CHECK_FLAGS);
	else if (ret == 0 && o.first_arg < argc)
		ret =
		    cli_usage_error(cli, argv[0], _("unexpected argument '%s'"),
				    argv[o.first_arg]);
	else if (ret == 0)
		ret = cli_finish(cli, check(cli, &o));
	cli_store_opts_free(&o);
	return ret;
}

const struct cli_command cli_cmd_check = {
    "check",
    CHECK_ARGS,
    N_("the store's consistency, and what expires within --days N"),
    check_run,
};
