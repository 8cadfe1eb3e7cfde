/* certdeck: the main screen's revoke action (a reason, a confirmation,
 * index.txt, then a new CRL when asked). */
#ifndef UI_REVOKEVIEW_H
#define UI_REVOKEVIEW_H

#include "app.h"

int ui_act_revoke(struct ui *ui);

#endif
