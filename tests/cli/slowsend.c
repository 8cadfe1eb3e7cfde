/* A test shim, preloaded into certdeck serve by tests/cli/staple.sh: each
 * sendmsg on the socket of the one before it waits first (200 ms, or
 * SLOWSEND_MS), as a server preempted between the writes of its flight
 * would. A client that refuses our certificate then sends its alert and
 * closes while the flight is still being written.
 *
 * Built without the sanitizers (it is loaded before their runtime). */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>

ssize_t sendmsg(int fd, const struct msghdr *msg, int flags)
{
	static ssize_t (*next)(int, const struct msghdr *, int);
	static __thread int last = -1;
	const char *env = getenv("SLOWSEND_MS");
	long ms = env ? atol(env) : 200;

	if (next == NULL)
		*(void **)&next = dlsym(RTLD_NEXT, "sendmsg");
	if (fd == last && ms > 0) {
		struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

		nanosleep(&ts, NULL);
	}
	last = fd;
	return next(fd, msg, flags);
}
