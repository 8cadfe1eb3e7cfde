/* certdeck: printing lint findings. */
#include <config.h>

#include <stdlib.h>

#include "i18n.h"
#include "json.h"
#include "lintprint.h"

void cli_lint_print(struct cli *cli, FILE *out, const char *name,
		    const struct cd_lint_report *report, enum cd_lint_level min)
{
	size_t i;

	(void)cli;
	for (i = 0; i < report->n; i++) {
		const struct cd_lint_finding *f = &report->findings[i];

		if (f->level <= min)
			fprintf(out, "%s: %s: %s: %s\n", name,
				cd_lint_level_word(f->level), f->id,
				f->message);
	}
}

void cli_lint_print_json(struct cli *cli, FILE *out, const char *name,
			 const struct cd_lint_report *report,
			 enum cd_lint_level min)
{
	size_t i;
	int first = 1;

	(void)cli;
	fputs("{\"file\": ", out);
	cli_json_string(out, name);
	fprintf(out, ", \"errors\": %zu, \"warnings\": %zu, \"notices\": %zu",
		report->count[CD_LINT_ERROR], report->count[CD_LINT_WARNING],
		report->count[CD_LINT_NOTICE]);
	fputs(", \"findings\": [", out);
	for (i = 0; i < report->n; i++) {
		const struct cd_lint_finding *f = &report->findings[i];

		if (f->level > min)
			continue;
		fputs(first ? "\n  {\"level\": " : ",\n  {\"level\": ", out);
		cli_json_string(out, cd_lint_level_id(f->level));
		fputs(", \"id\": ", out);
		cli_json_string(out, f->id);
		fputs(", \"message\": ", out);
		cli_json_string(out, f->message);
		fputs("}", out);
		first = 0;
	}
	fputs("]}", out);
}

/* Print REPORT's errors and warnings under NAME; CD_E_LINT when it has
 * errors and FORCE is not set. */
static int lint_verdict(struct cli *cli, const char *name,
			const struct cd_lint_report *report, int force)
{
	size_t errors = report->count[CD_LINT_ERROR];

	cli_lint_print(cli, stderr, name, report, CD_LINT_WARNING);
	if (errors == 0)
		return 0;
	if (force) {
		fprintf(stderr,
			/* L10N: the program's name, the request, the number of
			   lint errors. */
			_("%s: %s: signing despite %zu error(s) (--force)\n"),
			cli->progname, name, errors);
		return 0;
	}
	return cd_error(&cli->ctx, CD_E_LINT,
			_("not signed: %zu error(s); use --force to sign "
			  "anyway"),
			errors);
}

int cli_lint_before_signing(struct cli *cli, const char *name,
			    gnutls_x509_crt_t crt, gnutls_x509_crt_t issuer,
			    int force)
{
	struct cd_lint_report report;
	int ret;

	cd_lint_report_init(&report);
	ret = cd_lint_certificate(&cli->ctx, crt, issuer, &report);
	if (ret == 0)
		ret = lint_verdict(cli, name, &report, force);
	cd_lint_report_free(&report);
	return ret;
}

int cli_lint_batch(struct cli *cli, struct cd_ca_batch *batch, int force)
{
	struct cd_lint_report *reports =
	    calloc(batch->n_jobs ? batch->n_jobs : 1, sizeof(*reports));
	size_t i;
	int ret;

	if (reports == NULL)
		return cd_error(&cli->ctx, CD_E_NOMEM, _("out of memory"));
	ret = cd_ca_batch_lint(&cli->ctx, batch, reports);
	for (i = 0; i < batch->n_jobs && ret == 0; i++)
		ret = lint_verdict(
		    cli, batch->jobs[i].name ? batch->jobs[i].name : "-",
		    &reports[i], force);
	for (i = 0; i < batch->n_jobs; i++)
		cd_lint_report_free(&reports[i]);
	free(reports);
	return ret;
}
