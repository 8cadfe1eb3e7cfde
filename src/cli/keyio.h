/* certdeck: what genkey and import share: where a private key may be
 * written, descriptors given as flags, and the confirmation line. */
#ifndef CD_CLI_KEYIO_H
#define CD_CLI_KEYIO_H

#include <sys/types.h>

#include "cli.h"

/* May a private key go to OUTFILE (NULL or "-": standard output)? Not to
 * a terminal, and not over an existing file unless FORCE. Returns 0 or an
 * exit status (message printed). */
int cli_key_output_check(struct cli *cli, const char *command,
			 const char *outfile, int force);

/* Do paths A and B name the same file (the same inode when both exist,
 * else the same place)? */
int cli_same_file(const char *a, const char *b);
/* May OUTFILE be written? An existing file must be a regular file (never
 * a device or a link: it is replaced by rename) and FORCE given. */
int cli_outfile_check(struct cli *cli, const char *command, const char *outfile,
		      int force);

/* Write DATA to OUTFILE atomically with MODE (refusing an existing file
 * unless FORCE), or to standard output when OUTFILE is NULL or "-". */
int cli_output_write(struct cli *cli, const char *outfile,
		     const gnutls_datum_t *data, mode_t mode, int force);

/* The value of FLAG as an open file descriptor. Returns 0 or an exit
 * status (message printed). */
int cli_parse_fd(struct cli *cli, const char *command, const char *flag,
		 const char *value, int *out);

/* "certdeck COMMAND: ECDSA SECP256R1 (256 bits), public key id sha256:..."
 * on stderr: what was made, never the key itself. */
int cli_key_report(struct cli *cli, const char *command,
		   gnutls_x509_privkey_t key, int encrypted,
		   const char *outfile);

/* cli_password_read(), where a terminal that goes away at the prompt is
 * end of input (CD_E_PASSWORD) rather than a kill by SIGHUP. */
int cli_key_password(struct cli *cli, const char *file, int fd,
		     const char *prompt, int confirm, char **out);

#endif
