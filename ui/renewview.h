/* certdeck: the main screen's renew action (n): on an issued certificate,
 * a choice of renew (same key), re-key (new key) or re-issue (certtool's
 * questions prefilled from the old certificate), the new validity,
 * whether to revoke the old one as superseded, the CA key's password or
 * PIN; on the CA, its renewal with its own key. */
#ifndef UI_RENEWVIEW_H
#define UI_RENEWVIEW_H

#include "app.h"

int ui_act_renew(struct ui *ui);

#endif
