/* certdeck: the servers' sockets (src/netaddr.h). */
#include <config.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "error.h"
#include "i18n.h"
#include "netaddr.h"

void cd_netaddr_text(const struct sockaddr_storage *ss, char *host,
		     size_t host_size, unsigned *port, char *addr,
		     size_t addr_size)
{
	int v6 = ss->ss_family == AF_INET6;

	if (v6) {
		const struct sockaddr_in6 *s6 = (const void *)ss;

		inet_ntop(AF_INET6, &s6->sin6_addr, host, host_size);
		*port = ntohs(s6->sin6_port);
	} else {
		const struct sockaddr_in *s4 = (const void *)ss;

		inet_ntop(AF_INET, &s4->sin_addr, host, host_size);
		*port = ntohs(s4->sin_port);
	}
	if (addr)
		snprintf(addr, addr_size, v6 ? "[%s]:%u" : "%s:%u", host,
			 *port);
}

int cd_netaddr_listen(struct cd_ctx *ctx, const char *bind_addr, unsigned port,
		      int backlog, int nonblock, int *fd, unsigned *port_out,
		      char *addr, size_t addr_size)
{
	struct addrinfo hints, *ai = NULL;
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	char service[16], host[64];
	int s = -1, one = 1, ret;

	*fd = -1;
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV | AI_PASSIVE;
	snprintf(service, sizeof(service), "%u", port);
	ret = getaddrinfo(bind_addr, service, &hints, &ai);
	if (ret != 0)
		return cd_error(ctx, CD_E_INVALID,
				_("bind address \"%s\": %s; expected an IP "
				  "address such as 127.0.0.1 or ::1"),
				bind_addr, gai_strerror(ret));
	s = socket(ai->ai_family,
		   SOCK_STREAM | SOCK_CLOEXEC | (nonblock ? SOCK_NONBLOCK : 0),
		   0);
	if (s >= 0)
		setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (s < 0 || bind(s, ai->ai_addr, ai->ai_addrlen) < 0 ||
	    listen(s, backlog) < 0 ||
	    getsockname(s, (struct sockaddr *)&ss, &len) < 0) {
		ret = errno;
		if (s >= 0)
			close(s);
		freeaddrinfo(ai);
		/* L10N: the address, the port, the system's reason. */
		return cd_error(ctx, CD_E_IO,
				_("cannot listen on %s port %u: %s"), bind_addr,
				port, strerror(ret));
	}
	freeaddrinfo(ai);
	cd_netaddr_text(&ss, host, sizeof(host), port_out, addr, addr_size);
	*fd = s;
	return 0;
}
