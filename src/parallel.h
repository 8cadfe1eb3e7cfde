/* certdeck: running independent jobs on every core. */
#ifndef CD_PARALLEL_H
#define CD_PARALLEL_H

#include <stddef.h>

/* The most workers cd_parallel_for() runs: per-worker state is an array
 * of this many. */
#define CD_PARALLEL_MAX 8

/* Call FN(ARG, WORKER, I) for I in [0, N) on up to as many threads as
 * there are cores (WORKER: the thread's number, for per-thread state, below
 * cd_parallel_workers()). Returns the first negative value FN returned
 * (the remaining jobs are skipped), else 0. */
int cd_parallel_for(size_t n, int (*fn)(void *arg, unsigned worker, size_t i),
		    void *arg);

/* How many workers cd_parallel_for() uses at most. */
unsigned cd_parallel_workers(void);

#endif
