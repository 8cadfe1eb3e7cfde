/* certdeck lint: what would be wrong with certificates or requests (PEM or
 * DER), one line per finding; exit 1 when any is at error level. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "lintprint.h"

#define LINT_ARGS                                                              \
	N_("[--issuer FILE] [--json] [--level error|warning|notice] FILE...")

enum { OPT_ISSUER = 256, OPT_JSON, OPT_LEVEL, OPT_HELP };

struct lint_opts {
	const char *issuer;
	int json, help;
	enum cd_lint_level min;
	int first_arg;
};

/* One file: a certificate or a request. */
struct lint_item {
	gnutls_x509_crt_t crt;
	gnutls_x509_crq_t crq;
};

static int lint_parse(struct cli *cli, int argc, char **argv,
		      struct lint_opts *o)
{
	static const struct option options[] = {
	    {"issuer", required_argument, NULL, OPT_ISSUER},
	    {"json", no_argument, NULL, OPT_JSON},
	    {"level", required_argument, NULL, OPT_LEVEL},
	    {"help", no_argument, NULL, OPT_HELP},
	    {NULL, 0, NULL, 0},
	};
	int opt;

	memset(o, 0, sizeof(*o));
	o->min = CD_LINT_NOTICE;
	while ((opt = getopt_long(argc, argv, "", options, NULL)) != -1) {
		switch (opt) {
		case OPT_ISSUER:
			o->issuer = optarg;
			break;
		case OPT_JSON:
			o->json = 1;
			break;
		case OPT_HELP:
			o->help = 1;
			break;
		case OPT_LEVEL:
			if (cd_lint_level_parse(optarg, &o->min) < 0)
				return cli_usage_error(
				    cli, argv[0],
				    _("--level: '%s' is not a level; expected "
				      "error, warning or notice"),
				    optarg);
			break;
		default:
			return cli_bad_option(cli, argv[0], argc, argv);
		}
	}
	o->first_arg = optind;
	if (!o->help && optind >= argc)
		return cli_usage_error(cli, argv[0],
				       _("expected one or more certificates or "
					 "requests (see --help)"));
	return 0;
}

static void lint_help(void)
{
	printf(_("Usage: certdeck lint %s\n\n"), _(LINT_ARGS));
	printf("%s\n\n",
	       _("Say what is wrong with certificates or requests (PEM or "
		 "DER): one line per finding, FILE: LEVEL: ID: message. "
		 "Exit status 1 when a finding is at error level."));
	char left[64];

	snprintf(left, sizeof(left), "--issuer %s", _("FILE"));
	cli_help_line(stdout, 24, left,
		      _("the issuer's certificate, for the checks against it "
			"(validity, name constraints)"));
	cli_help_line(stdout, 24, "--json", _("write the findings as JSON"));
	snprintf(left, sizeof(left), "--level %s", _("LEVEL"));
	cli_help_line(
	    stdout, 24, left,
	    _("show findings at this level or above (default: notice)"));
	cli_help_line(stdout, 24, "--help", _("this help"));
}

static int import_request(const gnutls_datum_t *data, gnutls_x509_crt_fmt_t fmt,
			  gnutls_x509_crq_t *out)
{
	int ret = gnutls_x509_crq_init(out);

	if (ret == 0)
		ret = gnutls_x509_crq_import(*out, data, fmt);
	if (ret < 0 && *out) {
		gnutls_x509_crq_deinit(*out);
		*out = NULL;
	}
	return ret;
}

static int import_certificate(const gnutls_datum_t *data,
			      gnutls_x509_crt_fmt_t fmt, gnutls_x509_crt_t *out)
{
	int ret = gnutls_x509_crt_init(out);

	if (ret == 0)
		ret = gnutls_x509_crt_import(*out, data, fmt);
	if (ret < 0 && *out) {
		gnutls_x509_crt_deinit(*out);
		*out = NULL;
	}
	return ret;
}

/* A request (PEM "CERTIFICATE REQUEST", or DER that parses as one), else a
 * certificate. */
static int load_item(struct cli *cli, const char *path, struct lint_item *it)
{
	gnutls_datum_t data = {NULL, 0};
	gnutls_x509_crt_fmt_t fmt;
	int ret;

	memset(it, 0, sizeof(*it));
	ret = cd_file_read(&cli->ctx, path, 0, &data);
	if (ret < 0)
		return ret;
	fmt = cd_file_is_pem(&data, NULL) ? GNUTLS_X509_FMT_PEM
					  : GNUTLS_X509_FMT_DER;
	if (fmt == GNUTLS_X509_FMT_PEM &&
	    cd_file_is_pem(&data, "CERTIFICATE REQUEST")) {
		ret = import_request(&data, fmt, &it->crq);
		if (ret < 0)
			ret = cd_gnutls_error(
			    &cli->ctx, ret, _("%s: not a valid request"), path);
	} else if (fmt == GNUTLS_X509_FMT_PEM ||
		   import_request(&data, fmt, &it->crq) < 0) {
		ret = import_certificate(&data, fmt, &it->crt);
		if (ret < 0)
			ret = cd_gnutls_error(&cli->ctx, ret,
					      _("%s: neither a certificate nor "
						"a request (PEM or DER)"),
					      path);
	}
	gnutls_free(data.data);
	return ret;
}

static void item_free(struct lint_item *it)
{
	if (it->crt)
		gnutls_x509_crt_deinit(it->crt);
	if (it->crq)
		gnutls_x509_crq_deinit(it->crq);
	memset(it, 0, sizeof(*it));
}

/* Every file is read first: bad input gives exit 2 and no findings. */
static int lint_files(struct cli *cli, const struct lint_opts *o, int n,
		      char **files)
{
	struct lint_item *items = calloc((size_t)n, sizeof(*items));
	gnutls_x509_crt_t issuer = NULL;
	size_t errors = 0, shown = 0;
	int i, ret = 0;

	if (items == NULL)
		return cd_error(&cli->ctx, CD_E_NOMEM, _("out of memory"));
	if (o->issuer)
		ret = cd_file_load_crt(&cli->ctx, o->issuer, &issuer);
	for (i = 0; i < n && ret == 0; i++)
		ret = load_item(cli, files[i], &items[i]);
	if (o->json && ret == 0)
		fputs("[", stdout);
	for (i = 0; i < n && ret == 0; i++) {
		struct cd_lint_report report;

		cd_lint_report_init(&report);
		if (items[i].crt)
			ret = cd_lint_certificate(
			    &cli->ctx, items[i].crt,
			    issuer ? issuer : items[i].crt, &report);
		else
			ret = cd_lint_request(&cli->ctx, items[i].crq, &report);
		if (ret == 0 && o->json) {
			fputs(i ? ",\n " : "\n ", stdout);
			cli_lint_print_json(cli, stdout, files[i], &report,
					    o->min);
		} else if (ret == 0) {
			cli_lint_print(cli, stdout, files[i], &report, o->min);
		}
		errors += report.count[CD_LINT_ERROR];
		for (int l = CD_LINT_ERROR; l <= (int)o->min; l++)
			shown += report.count[l];
		cd_lint_report_free(&report);
	}
	if (o->json && ret == 0)
		fputs("\n]\n", stdout);
	for (i = 0; i < n; i++)
		item_free(&items[i]);
	free(items);
	if (issuer)
		gnutls_x509_crt_deinit(issuer);
	if (ret == 0 && errors > 0)
		ret = cd_error(&cli->ctx, CD_E_LINT, _("%zu error(s) found"),
			       errors);
	/* a word for a person; standard output stays empty for scripts */
	if (ret == 0 && shown == 0 && !o->json)
		fprintf(stderr, _("certdeck lint: no finding in %d file(s)\n"),
			n);
	return ret;
}

static int lint_run(struct cli *cli, int argc, char **argv)
{
	struct lint_opts o;
	int ret = lint_parse(cli, argc, argv, &o);

	if (ret != 0)
		return ret;
	if (o.help) {
		lint_help();
		return CLI_EXIT_OK;
	}
	return cli_finish(
	    cli, lint_files(cli, &o, argc - o.first_arg, argv + o.first_arg));
}

const struct cli_command cli_cmd_lint = {
    "lint",
    LINT_ARGS,
    N_("what would be wrong with certificates or requests"),
    lint_run,
};
