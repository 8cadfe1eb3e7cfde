/* certdeck: running independent jobs on every core. */
#include <config.h>

#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#include "parallel.h"

struct pool {
	size_t n, next;
	int (*fn)(void *arg, unsigned worker, size_t i);
	void *arg;
	int ret;
	pthread_mutex_t lock;
};

struct worker {
	struct pool *pool;
	unsigned id;
};

unsigned cd_parallel_workers(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > CD_PARALLEL_MAX ? CD_PARALLEL_MAX : (unsigned)n;
}

static void *work(void *p)
{
	struct worker *w = p;
	struct pool *pool = w->pool;

	for (;;) {
		size_t i;
		int ret;

		pthread_mutex_lock(&pool->lock);
		i = pool->next++;
		if (pool->ret < 0)
			i = pool->n; /* stop after a failure */
		pthread_mutex_unlock(&pool->lock);
		if (i >= pool->n)
			return NULL;
		ret = pool->fn(pool->arg, w->id, i);
		if (ret < 0) {
			pthread_mutex_lock(&pool->lock);
			if (pool->ret == 0)
				pool->ret = ret;
			pthread_mutex_unlock(&pool->lock);
		}
	}
}

int cd_parallel_for(size_t n, int (*fn)(void *arg, unsigned worker, size_t i),
		    void *arg)
{
	struct pool pool = {n, 0, fn, arg, 0, PTHREAD_MUTEX_INITIALIZER};
	struct worker w[CD_PARALLEL_MAX];
	pthread_t t[CD_PARALLEL_MAX];
	unsigned nw, started = 0, k;

	/* One job (a single issue): on this thread, without asking the
	 * system for its cores. */
	if (n <= 1)
		return n ? fn(arg, 0, 0) : 0;
	nw = cd_parallel_workers();
	if (n < (size_t)nw)
		nw = n ? (unsigned)n : 1;
	/* Worker 0 is this thread; the others are started beside it. */
	for (k = 0; k < nw; k++) {
		w[k].pool = &pool;
		w[k].id = k;
	}
	for (k = 1; k < nw; k++) {
		if (pthread_create(&t[k], NULL, work, &w[k]) != 0)
			break;
		started = k;
	}
	work(&w[0]);
	for (k = 1; k <= started; k++)
		pthread_join(t[k], NULL);
	pthread_mutex_destroy(&pool.lock);
	return pool.ret;
}
