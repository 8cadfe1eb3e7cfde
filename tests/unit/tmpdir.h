/* certdeck tests: removing a unit test's temporary directory, whatever
 * it holds. Define _XOPEN_SOURCE 700 before the first include (nftw). */
#ifndef CD_TEST_TMPDIR_H
#define CD_TEST_TMPDIR_H

#include <ftw.h>
#include <stdio.h>
#include <sys/stat.h>

static inline int tmpdir_remove_one(const char *path, const struct stat *st,
				    int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* Remove DIR and everything below it (symbolic links not followed). */
static inline void tmpdir_remove(const char *dir)
{
	nftw(dir, tmpdir_remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

#endif
