/* certdeck: printing lint findings, for `lint` and for every command that
 * lints a certificate before signing it. */
#ifndef CD_CLI_LINTPRINT_H
#define CD_CLI_LINTPRINT_H

#include <stdio.h>

#include "cli.h"

/* One line per finding at MIN or more serious:
 *     NAME: LEVEL: ID: message */
void cli_lint_print(struct cli *cli, FILE *out, const char *name,
		    const struct cd_lint_report *report,
		    enum cd_lint_level min);

/* One JSON object: {"file": NAME, "errors": N, "warnings": N,
 * "notices": N, "findings": [{"level", "id", "message"}, ...]} (the
 * findings at MIN or more serious; the counts are of all of them). */
void cli_lint_print_json(struct cli *cli, FILE *out, const char *name,
			 const struct cd_lint_report *report,
			 enum cd_lint_level min);

/* Before signing CRT: lint it against ISSUER (CRT itself when
 * self-signed), print the errors and warnings on stderr under NAME, and
 * return CD_E_LINT ("not signed: N error(s); use --force to sign anyway")
 * when there are errors and FORCE is not set; else 0. */
int cli_lint_before_signing(struct cli *cli, const char *name,
			    gnutls_x509_crt_t crt, gnutls_x509_crt_t issuer,
			    int force);

/* cli_lint_before_signing() for each job of BATCH against the store's CA
 * (jobs named by their name; linted on every core, judged in order),
 * stopping at the first with errors. */
int cli_lint_batch(struct cli *cli, struct cd_ca_batch *batch, int force);

#endif
