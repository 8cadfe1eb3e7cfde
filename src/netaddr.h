/* certdeck: the servers' sockets (the echo server, the OCSP responder):
 * listening on an address and naming the peers, one way for both. */
#ifndef CD_NETADDR_H
#define CD_NETADDR_H

#include <stddef.h>
#include <sys/socket.h>

#include "ctx.h"

/* The host (numeric) and port of SS; ADDR, when not NULL, gets
 * "HOST:PORT", or "[HOST]:PORT" for IPv6. */
void cd_netaddr_text(const struct sockaddr_storage *ss, char *host,
		     size_t host_size, unsigned *port, char *addr,
		     size_t addr_size);

/* A TCP socket listening on BIND (a numeric address) and PORT (0: one
 * the system picks), with BACKLOG, close-on-exec (and non-blocking when
 * NONBLOCK): *FD, the port it got in *PORT_OUT and "ADDRESS:PORT" in
 * ADDR. A bad address or a failure is said in CTX. */
int cd_netaddr_listen(struct cd_ctx *ctx, const char *bind_addr, unsigned port,
		      int backlog, int nonblock, int *fd, unsigned *port_out,
		      char *addr, size_t addr_size);

#endif
