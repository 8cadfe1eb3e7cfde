/* certdeck: the main screen's revoke action (a reason, a confirmation,
 * index.txt, then a new CRL when asked), and signing a CRL alone. */
#ifndef UI_REVOKEVIEW_H
#define UI_REVOKEVIEW_H

#include "app.h"

int ui_act_revoke(struct ui *ui);
/* Ask, then sign a new CRL (crl.pem) from index.txt: 0 when written. */
int ui_crl_sign(struct ui *ui);
/* The main screen's L: ui_crl_sign. */
int ui_act_crl(struct ui *ui);

#endif
