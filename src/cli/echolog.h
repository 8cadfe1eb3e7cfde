/* certdeck: what `serve` and `connect` share: the TLS version flags, the
 * key's password, and the log of the echo test's events on stderr. */
#ifndef CD_CLI_ECHOLOG_H
#define CD_CLI_ECHOLOG_H

#include <stddef.h>

#include "echo.h"
#include "cli.h"

/* The events of the echo test as lines on stderr, each prefixed with its
 * connection ("[3] "), whole lines at a time from any thread. When
 * DATA_OUT is set, the bytes of the client's DATA events go there. */
struct cli_echo_log {
	int data_to_stdout;
};
void cli_echo_log(void *arg, const struct cd_echo_event *ev);

/* --tls1.2 and --tls1.3 into VERSIONS (giving both is an error). */
int cli_echo_version(struct cli *cli, const char *command, unsigned bit,
		     unsigned *versions);

/* The password of KEY when it is encrypted: from FILE or FD, else an
 * error saying how to give it. *OUT is NULL for a plain key. */
int cli_echo_key_password(struct cli *cli, const char *command, const char *key,
			  const char *file, int fd, char **out);

/* --timeout and --handshake-timeout: seconds (decimals allowed) to ms. */
int cli_echo_seconds(struct cli *cli, const char *command, const char *flag,
		     const char *value, unsigned *ms);

#endif
