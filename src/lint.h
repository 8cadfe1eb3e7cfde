/* certdeck: what would be wrong with a certificate or a request, before it
 * is signed (DESIGN.md section 5: certtool's traps, and the rules browsers
 * and GnuTLS apply at verification time).
 *
 * The checks run on a to-be-signed certificate as on a signed one, so that
 * every signing path lints what cd_issue_build() made before signing it.
 * A finding is not a failure of the call: cd_lint_* return 0 with the
 * findings in the report, and a negative CD_E_* code only when the lint
 * itself could not run (memory). The caller decides what stops. */
#ifndef CD_LINT_H
#define CD_LINT_H

#include <stddef.h>

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "ctx.h"

/* Ordered from the most to the least serious. */
enum cd_lint_level {
	CD_LINT_ERROR,	 /* will fail verification or break something */
	CD_LINT_WARNING, /* probably a mistake */
	CD_LINT_NOTICE	 /* allowed, but below current practice */
};

struct cd_lint_finding {
	enum cd_lint_level level;
	const char *id; /* stable, e.g. "ca-no-crl-sign" (not translated) */
	char *message;	/* for a person, with what to change */
};

struct cd_lint_report {
	struct cd_lint_finding *findings;
	size_t n;
	size_t count[3]; /* findings per level, indexed by cd_lint_level */
};

void cd_lint_report_init(struct cd_lint_report *report);
void cd_lint_report_free(struct cd_lint_report *report);

/* Lint CRT (signed or not), issued by ISSUER (NULL, or CRT itself, for a
 * self-signed certificate: the checks against an issuer are skipped).
 * Findings are appended to REPORT. */
int cd_lint_certificate(struct cd_ctx *ctx, gnutls_x509_crt_t crt,
			gnutls_x509_crt_t issuer,
			struct cd_lint_report *report);

/* Lint a PKCS #10 request (its key, its signature, its names). */
int cd_lint_request(struct cd_ctx *ctx, gnutls_x509_crq_t crq,
		    struct cd_lint_report *report);

/* The screens' rule before signing NAME: CD_E_LINT, saying the first
 * error-level finding of REPORT, when there is one; else 0. */
int cd_lint_refuse(struct cd_ctx *ctx, const char *name,
		   const struct cd_lint_report *report);

/* Findings at LEVEL or more serious. */
size_t cd_lint_count_at_least(const struct cd_lint_report *report,
			      enum cd_lint_level level);

/* "error", "warning", "notice" (stable, not translated: for --level and
 * JSON), and the reverse (-1 when NAME is none of them). */
const char *cd_lint_level_id(enum cd_lint_level level);
/* The same for a person: translated. */
const char *cd_lint_level_word(enum cd_lint_level level);
int cd_lint_level_parse(const char *name, enum cd_lint_level *out);

#endif
