/* certdeck: pick a file by browsing directories (full screen): Enter
 * opens a directory or picks a file, Backspace goes up, typing filters
 * the names, Esc backs out. */
#ifndef UI_FILECHOOSER_H
#define UI_FILECHOOSER_H

/* Browse from START (NULL: the current directory). Returns 0 with the
 * picked file in *PATH (free it), or -1 when Esc or a quit signal backed
 * out. */
int ui_file_choose(const char *title, const char *start, char **path);

/* Browse for where to write: Tab picks the directory shown (*IS_DIR 1),
 * Enter on a file picks it, to be replaced (*IS_DIR 0). Returns 0 with
 * the path in *PATH (free it), or -1 when Esc backed out. */
int ui_file_choose_target(const char *title, const char *start, char **path,
			  int *is_dir);

#endif
