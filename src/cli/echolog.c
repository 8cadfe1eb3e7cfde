/* certdeck: the log of the echo test on stderr, and the flags `serve` and
 * `connect` share. */
#include <config.h>

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "echolog.h"
#include "i18n.h"
#include "keyio.h"

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;

static void write_all(int fd, const unsigned char *data, size_t size)
{
	while (size > 0) {
		ssize_t n = write(fd, data, size);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		data += n;
		size -= (size_t)n;
	}
}

/* The lines of TEXT, each after PREFIX, into BUF; the length written. */
static size_t prefix_lines(char *buf, size_t size, const char *prefix,
			   const char *text)
{
	size_t len = 0;

	for (;;) {
		const char *nl = strchr(text, '\n');
		int n = nl ? (int)(nl - text) : (int)strlen(text);
		int w = snprintf(buf + len, size - len, "%s%.*s\n", prefix, n,
				 text);

		if (w < 0 || (size_t)w >= size - len) {
			buf[size - 2] = '\n'; /* cut: the rest does not fit */
			return size - 1;
		}
		len += (size_t)w;
		if (nl == NULL)
			return len;
		text = nl + 1;
	}
}

/* Do stdout and stderr go to one place (a terminal, one file)? */
static int same_output(void)
{
	struct stat out, err;

	return fstat(STDOUT_FILENO, &out) == 0 &&
	       fstat(STDERR_FILENO, &err) == 0 && out.st_dev == err.st_dev &&
	       out.st_ino == err.st_ino;
}

void cli_echo_log(void *arg, const struct cd_echo_event *ev)
{
	const struct cli_echo_log *log = arg;
	char prefix[32] = "", buf[8192];
	size_t len;

	/* "Listening on ..." went to stdout already (cli_server_ready), in
	 * these very words when they are not translated: said once where
	 * both streams show together. */
	if (ev->kind == CD_ECHO_LISTENING && ev->text &&
	    strncmp(ev->text, "Listening on ", 13) == 0 && same_output())
		return;

	if (ev->kind == CD_ECHO_DATA && ev->side == CD_ECHO_CLIENT &&
	    log->data_to_stdout) {
		pthread_mutex_lock(&log_lock);
		write_all(STDOUT_FILENO, ev->data, ev->size);
		pthread_mutex_unlock(&log_lock);
		return;
	}
	if (ev->conn)
		snprintf(prefix, sizeof(prefix), "[%lu] ", ev->conn);
	/* one write per event: lines of two connections never mix */
	len = prefix_lines(buf, sizeof(buf), prefix, ev->text ? ev->text : "");
	write_all(STDERR_FILENO, (const unsigned char *)buf, len);
}

int cli_echo_version(struct cli *cli, const char *command, unsigned bit,
		     unsigned *versions)
{
	if (*versions && *versions != bit)
		return cli_usage_error(cli, command,
				       _("give --tls1.2 or --tls1.3, not "
					 "both (neither: both versions)"));
	*versions = bit;
	return 0;
}

int cli_echo_key_password(struct cli *cli, const char *command, const char *key,
			  const char *file, int fd, char **out)
{
	gnutls_datum_t data = {NULL, 0};
	int encrypted, ret;

	*out = NULL;
	ret = cd_file_read(&cli->ctx, key, 0, &data);
	if (ret < 0)
		return ret;
	encrypted = cd_key_is_encrypted(&data);
	cd_datum_wipe(&data);
	if (!encrypted)
		return 0;
	if (file == NULL && fd < 0)
		return cd_error(&cli->ctx, CD_E_PASSWORD,
				_("%s: the key is encrypted; give its password "
				  "with --password-file FILE or --password-fd "
				  "N"),
				key);
	(void)command;
	return cli_key_password(cli, file, fd, NULL, 0, out);
}

int cli_echo_seconds(struct cli *cli, const char *command, const char *flag,
		     const char *value, unsigned *ms)
{
	char *end;
	double s;

	errno = 0;
	s = strtod(value, &end);
	if (errno || end == value || *end || !(s > 0) || s > 86400)
		return cli_usage_error(cli, command,
				       _("%s: '%s' is not valid; expected a "
					 "number of seconds from 0.001 to "
					 "86400"),
				       flag, value);
	*ms = (unsigned)(s * 1000 + 0.999);
	return 0;
}
