/* certdeck: the terminal UI, as main() starts it (no curses here). */
#ifndef UI_TUI_H
#define UI_TUI_H

struct ui_options {
	const char *store_dir; /* -d, $CERTDECK_DIR or ./pki */
	int demo;	       /* --demo: a throwaway store */
};

/* Run the TUI until the user quits. Returns the exit status. */
int ui_run(const struct ui_options *o);

#endif
