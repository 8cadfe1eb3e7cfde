/* certdeck: a directory as the file chooser lists it, without curses:
 * ".." first, then directories, then files, each group by name; hidden
 * names only when the filter starts with '.'; a filter keeps the names
 * that contain it (case-insensitive for ASCII letters). */
#ifndef UI_DIRLIST_H
#define UI_DIRLIST_H

#include <stddef.h>

struct ui_dir_entry {
	char *name;
	int is_dir;
};

struct ui_dirlist {
	char *dir; /* absolute */
	struct ui_dir_entry *entries;
	size_t count;
	size_t *shown; /* the entries the filter lets through */
	size_t n_shown;
	char filter[256];
};

/* Read DIR (made absolute) into L, freeing what L held. Returns 0, or -1
 * with errno set (L then still holds the directory it held). */
int ui_dirlist_read(struct ui_dirlist *l, const char *dir);
void ui_dirlist_free(struct ui_dirlist *l);
/* Show only the entries whose name contains TEXT. */
void ui_dirlist_filter(struct ui_dirlist *l, const char *text);
/* The path of shown entry I (newly allocated; NULL when out of memory);
 * "..": the parent directory. */
char *ui_dirlist_path(const struct ui_dirlist *l, size_t i);
/* The parent of L's directory (newly allocated). */
char *ui_dirlist_parent(const struct ui_dirlist *l);

#endif
