/* certdeck: the sign review screen: the request and the certificate to be
 * issued side by side, extension by extension, with where each value
 * comes from and an honour/drop toggle for the request's extensions.
 * The plan (src/signplan.h) does the work; this screen draws it. */
#ifndef UI_SIGNVIEW_H
#define UI_SIGNVIEW_H

#include "signplan.h"

/* Review PLAN under TITLE. Space toggles the selected extension of the
 * request, v shows it whole, Enter accepts. Returns 1 when accepted,
 * 0 when Esc (or a quit signal) backed out: the plan then keeps the
 * choices made, and nothing was written. */
int ui_signview(struct cd_ctx *ctx, struct cd_signplan *plan,
		const char *title);

#endif
