/* certdeck: the wizards (forms built from certtool's prompt tables),
 * and the main screen's actions that open them. */
#ifndef UI_WIZARD_H
#define UI_WIZARD_H

#include "app.h"
#include "draft.h"

/* The new CA wizard: key type and password, certtool's self-signed
 * prompts, then the certificate as it will be and "Is the above
 * information ok?"; only then the store is written. Returns a
 * ui_reaction. */
int ui_wizard_ca(struct ui *ui);
/* The new key wizard: name, type, password; private/NAME.key (0600). */
int ui_wizard_key(struct ui *ui);

/* Main screen bindings: `c` (only while the store has no CA), `K`. */
int ui_act_new_ca(struct ui *ui);
int ui_act_new_key(struct ui *ui);

/* Shared by the wizards: choose a key type (-1: backed out), ask a
 * password twice (0, or -1: backed out; "" for none), and generate the
 * key behind a spinner (NULL: abandoned or failed, said on the message
 * line). */
int ui_wizard_key_choice(const char *title);
int ui_wizard_password(const char *title, const char *label, char *out,
		       size_t size);
struct cd_draft_key *ui_wizard_generate(struct ui *ui,
					const struct cd_key_choice *choice);

#endif
