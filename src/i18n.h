/* certdeck: gettext wrappers shared by the library and its front ends. */
#ifndef CD_I18N_H
#define CD_I18N_H

#include <libintl.h>

#define CD_TEXTDOMAIN "certdeck"
/* The library translates through its own domain, so it works whatever
 * domain the program that links it has chosen (as dialog does). */
#define _(s) dgettext(CD_TEXTDOMAIN, s)
#define N_(s) (s)

#endif
