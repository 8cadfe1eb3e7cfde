/* certdeck: the store's OCSP responder from the main screen: started on
 * 127.0.0.1 with a port asked, in a pane logging each request answered
 * (serial, status, nonce), with the openssl ocsp command that checks the
 * selected certificate against it. Esc stops it. */
#ifndef UI_OCSPVIEW_H
#define UI_OCSPVIEW_H

#include "app.h"

/* Main screen binding `O`. */
int ui_act_ocsp(struct ui *ui);

#endif
