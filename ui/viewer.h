/* certdeck: the full-screen text viewer (inspect output, a verification's
 * chain): scrolling up and down and sideways (or wrapped with w), search
 * with /, n and N; q or Esc closes it. Its state is textview.h's. */
#ifndef UI_VIEWER_H
#define UI_VIEWER_H

#include "textview.h"

/* Show TEXT under TITLE until q, Esc or a quit signal. Returns 0, or -1
 * when out of memory (nothing was shown). */
int ui_viewer_run(const char *title, struct ui_text *text);
/* The same for plain text in one colour. */
int ui_viewer_show(const char *title, const char *text);

#endif
