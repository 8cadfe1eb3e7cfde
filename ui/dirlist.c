/* certdeck: a directory listed for the file chooser (see dirlist.h). */
#include <config.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "dirlist.h"

static void entries_free(struct ui_dir_entry *e, size_t count)
{
	size_t i;

	for (i = 0; i < count; i++)
		free(e[i].name);
	free(e);
}

void ui_dirlist_free(struct ui_dirlist *l)
{
	entries_free(l->entries, l->count);
	free(l->shown);
	free(l->dir);
	memset(l, 0, sizeof(*l));
}

/* ".." first, directories, then files; by name within each. */
static int entry_order(const void *a, const void *b)
{
	const struct ui_dir_entry *x = a, *y = b;
	int xp = strcmp(x->name, "..") == 0, yp = strcmp(y->name, "..") == 0;

	if (xp != yp)
		return yp - xp;
	if (x->is_dir != y->is_dir)
		return y->is_dir - x->is_dir;
	return strcoll(x->name, y->name);
}

static int is_dir_at(const char *dir, const char *name)
{
	struct stat st;
	char *path;
	int ret;

	if (asprintf(&path, "%s/%s", dir, name) < 0)
		return 0;
	ret = stat(path, &st) == 0 && S_ISDIR(st.st_mode);
	free(path);
	return ret;
}

static int entries_read(DIR *d, const char *dir, struct ui_dir_entry **out,
			size_t *count)
{
	struct ui_dir_entry *e = NULL, *grown;
	size_t n = 0, cap = 0;
	struct dirent *de;

	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    (strcmp(de->d_name, "..") == 0 && strcmp(dir, "/") == 0))
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			grown = realloc(e, cap * sizeof(*e));
			if (grown == NULL)
				goto fail;
			e = grown;
		}
		e[n].name = strdup(de->d_name);
		if (e[n].name == NULL)
			goto fail;
		e[n].is_dir = is_dir_at(dir, de->d_name);
		n++;
	}
	if (n > 1)
		qsort(e, n, sizeof(*e), entry_order);
	*out = e;
	*count = n;
	return 0;
fail:
	entries_free(e, n);
	errno = ENOMEM;
	return -1;
}

int ui_dirlist_read(struct ui_dirlist *l, const char *dir)
{
	struct ui_dir_entry *e = NULL;
	size_t count = 0;
	char *abs = realpath(dir, NULL);
	DIR *d;
	int ret = -1, saved;

	if (abs == NULL)
		return -1;
	d = opendir(abs);
	if (d != NULL) {
		ret = entries_read(d, abs, &e, &count);
		saved = errno;
		closedir(d);
		errno = saved;
	}
	if (ret < 0) {
		free(abs);
		return -1;
	}
	entries_free(l->entries, l->count);
	free(l->dir);
	l->dir = abs;
	l->entries = e;
	l->count = count;
	ui_dirlist_filter(l, "");
	return 0;
}

static int contains(const char *name, const char *text)
{
	size_t n = strlen(text), i, k;

	for (i = 0; name[i] && n; i++) {
		for (k = 0; k < n && name[i + k]; k++)
			if (tolower((unsigned char)name[i + k]) !=
			    tolower((unsigned char)text[k]))
				break;
		if (k == n)
			return 1;
	}
	return n == 0;
}

void ui_dirlist_filter(struct ui_dirlist *l, const char *text)
{
	size_t *shown = realloc(l->shown, (l->count + 1) * sizeof(*shown)), i;

	snprintf(l->filter, sizeof(l->filter), "%s", text);
	l->n_shown = 0;
	if (shown == NULL)
		return;
	l->shown = shown;
	for (i = 0; i < l->count; i++) {
		const char *name = l->entries[i].name;
		int parent = strcmp(name, "..") == 0;

		if (!parent && name[0] == '.' && text[0] != '.')
			continue;
		if (parent ? text[0] == '\0' : contains(name, text))
			l->shown[l->n_shown++] = i;
	}
}

char *ui_dirlist_parent(const struct ui_dirlist *l)
{
	const char *slash = strrchr(l->dir, '/');

	if (slash == NULL || slash == l->dir)
		return strdup("/");
	return strndup(l->dir, (size_t)(slash - l->dir));
}

char *ui_dirlist_path(const struct ui_dirlist *l, size_t i)
{
	const char *name = l->entries[l->shown[i]].name;
	char *path;

	if (strcmp(name, "..") == 0)
		return ui_dirlist_parent(l);
	if (asprintf(&path, "%s%s%s", l->dir,
		     strcmp(l->dir, "/") == 0 ? "" : "/", name) < 0)
		return NULL;
	return path;
}
