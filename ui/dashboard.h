/* certdeck: the dashboard of what is due (the main screen's `d`): what
 * expires within N days, sorted by date, the CRL's next update and the
 * store's consistency problems, as `certdeck check` finds them. */
#ifndef UI_DASHBOARD_H
#define UI_DASHBOARD_H

#include "app.h"

int ui_act_dashboard(struct ui *ui);

#endif
