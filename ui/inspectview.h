/* certdeck: inspect and verify from the main screen: the actions of its
 * i, Enter, P, o and v keys. */
#ifndef UI_INSPECTVIEW_H
#define UI_INSPECTVIEW_H

#include "app.h"

/* The selected item, as `certdeck inspect` describes it, in the viewer
 * (an encrypted key asks its password). Never the private key. */
int ui_act_inspect(struct ui *ui);
/* The same with the private key, after a question. */
int ui_act_inspect_private(struct ui *ui);
/* A file picked with the file chooser, in the viewer. */
int ui_act_open(struct ui *ui);
/* Verify the selected certificate: trust, peer name and purpose, then
 * the chain link by link with each verdict and hint. */
int ui_act_verify(struct ui *ui);

#endif
