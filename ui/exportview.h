/* certdeck: the main screen's export (E: the selected certificate as PEM,
 * DER, a chain or PKCS #12) and import (I: a PKCS #12, PKCS #7 or PEM
 * file recorded in the store under a name). */
#ifndef UI_EXPORTVIEW_H
#define UI_EXPORTVIEW_H

#include "app.h"

int ui_act_export(struct ui *ui);
int ui_act_import(struct ui *ui);

#endif
