/* certdeck: the one place that chooses the curses headers (as htop's
 * ProvideCurses.h). Every ui/ file includes this, never curses.h itself. */
#ifndef UI_UICURSES_H
#define UI_UICURSES_H

#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include <curses.h>

#endif
