/* certdeck: the main screen's actions for requests: make one (r) and sign
 * the selected one (s). */
#ifndef UI_SIGNWIZ_H
#define UI_SIGNWIZ_H

#include "app.h"

/* s: certtool --generate-certificate for the selected request: the
 * profile, the review of its extensions (signview.h), the certificate as
 * it will be with the lint findings and the certtool command, then "Is
 * the above information ok?" signs it into the store. */
int ui_act_sign(struct ui *ui);

/* The last page of a wizard: TEXT scrolls above QUESTION (y/N). Returns
 * 1 for yes, 0 for no, Esc or a quit signal. */
int ui_wizard_last_page(const char *title, const char *text,
			const char *question);

#endif
