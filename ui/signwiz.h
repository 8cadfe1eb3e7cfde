/* certdeck: the main screen's actions for requests: make one (r) and sign
 * the selected one (s). */
#ifndef UI_SIGNWIZ_H
#define UI_SIGNWIZ_H

#include "app.h"
#include "lint.h"

/* s: certtool --generate-certificate for the selected request: the
 * profile, the review of its extensions (signview.h), the certificate as
 * it will be with the lint findings and the certtool command, then "Is
 * the above information ok?" signs it into the store. */
int ui_act_sign(struct ui *ui);

/* r: certtool --generate-request: a name, a key (new or the store's),
 * certtool's questions, the request as --crq-info prints it with lint
 * and the certtool commands; writes reqs/NAME.req (and its new key). */
int ui_act_request(struct ui *ui);

/* The last page before signing, as the sign wizard shows it: CERT
 * (certtool's description of the certificate as it will be), REPORT's
 * findings, COMMAND (the same with certtool, lines ending in \n) and the
 * template TMPL under TEMPLATE_NAME (COMMAND NULL: neither). free() it;
 * NULL: out of memory. */
char *ui_sign_review_text(const char *cert, const struct cd_lint_report *report,
			  const char *command, const char *template_name,
			  const char *tmpl);

#endif
