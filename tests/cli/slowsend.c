/* A test shim, preloaded into certdeck serve by tests/cli/staple.sh.
 *
 * Each sendmsg on the socket of the one before it first waits for the
 * peer to close its end (3 seconds at most); once it has, a byte sent
 * draws the peer's reset, and the write then fails. So the server's
 * flight is still being written when a client that refused its first
 * messages has sent its alert and gone, as when a loaded server is
 * preempted between its writes. A write that fails is logged to
 * $SLOWSEND_LOG: the test knows the race did happen.
 *
 * Built without the sanitizers (it is loaded before their runtime). */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

ssize_t sendmsg(int fd, const struct msghdr *msg, int flags)
{
	static ssize_t (*next)(int, const struct msghdr *, int);
	static __thread int last = -1;
	struct pollfd p = {.fd = fd, .events = POLLRDHUP};
	const char *log = getenv("SLOWSEND_LOG");
	ssize_t n;
	int err;

	if (next == NULL)
		*(void **)&next = dlsym(RTLD_NEXT, "sendmsg");
	if (fd == last && poll(&p, 1, 3000) == 1 &&
	    !(p.revents & (POLLERR | POLLHUP)) && msg->msg_iovlen > 0 &&
	    msg->msg_iov[0].iov_len > 0) {
		/* the peer closed: one byte draws its reset, then the rest
		 * fails, as a write does once the peer is gone */
		struct msghdr one = *msg;
		struct iovec first = {msg->msg_iov[0].iov_base, 1};

		one.msg_iov = &first;
		one.msg_iovlen = 1;
		next(fd, &one, flags);
		p.events = 0;
		poll(&p, 1, 3000);
	}
	last = fd;
	n = next(fd, msg, flags);
	err = errno;
	if (n < 0 && log) {
		FILE *f = fopen(log, "a");

		if (f) {
			fprintf(f, "sendmsg: %s\n", strerror(err));
			fclose(f);
		}
	}
	errno = err;
	return n;
}
