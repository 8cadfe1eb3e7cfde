/* certdeck: a verification's result as the viewer shows it (curses-free):
 * the overall verdict in colour, the settings, then the chain link by
 * link from the leaf to the root with each verdict, reason and hint. */
#ifndef UI_VERIFYTEXT_H
#define UI_VERIFYTEXT_H

#include <time.h>

#include "textview.h"
#include "verify.h"

/* What was asked, as the text repeats it. */
struct ui_verify_asked {
	const char *cert;      /* the file verified */
	const char *trust;     /* the trust file */
	const char *peer_name; /* NULL or "": not checked */
	const char *purpose;   /* translated: any, TLS server... */
	time_t now;	       /* for the days left */
};

/* Append the result R of what A asked to T. Returns 0, or -1 when out of
 * memory. */
int ui_verify_text(struct ui_text *t, const struct ui_verify_asked *a,
		   const struct cd_verify_result *r);

#endif
