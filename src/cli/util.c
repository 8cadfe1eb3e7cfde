/* certdeck: helpers shared by the commands. */
#include <config.h>

#include <errno.h>
#include <signal.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <wchar.h>

#include "cli.h"
#include "i18n.h"

int cli_finish(struct cli *cli, int code)
{
	if (code == 0)
		return CLI_EXIT_OK;
	if (cli->ctx.message[0])
		fprintf(stderr, _("%s: %s\n"), cli->progname, cli->ctx.message);
	else
		fprintf(stderr, _("%s: %s\n"), cli->progname,
			cd_strerror(code));
	return cd_error_is_verdict(code) ? CLI_EXIT_NO : CLI_EXIT_USAGE;
}

int cli_usage_error(struct cli *cli, const char *command, const char *fmt, ...)
{
	va_list ap;

	if (command != NULL)
		fprintf(stderr, "%s %s: ", cli->progname, command);
	else
		fprintf(stderr, "%s: ", cli->progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return CLI_EXIT_USAGE;
}

int cli_bad_option(struct cli *cli, const char *command, int argc, char **argv)
{
	const char *arg =
	    (optind > 0 && optind <= argc) ? argv[optind - 1] : "?";

	/* certdeck's own options go before the command (given there, one
	 * lacks its value) */
	if (command != NULL &&
	    ((optopt == 'd' && strcmp(arg, "-d") == 0) ||
	     strcmp(arg, "--dir") == 0 || strncmp(arg, "--dir=", 6) == 0))
		return cli_usage_error(
		    cli, command,
		    _("option '%s' is certdeck's own: put it before the "
		      "command (certdeck -d DIR %s ...)"),
		    arg, command);
	if (optopt != 0 && strchr("?:", optopt) == NULL && arg[0] == '-' &&
	    arg[1] != '-')
		return cli_usage_error(
		    cli, command,
		    _("option '-%c' is unknown or lacks its value; see --help"),
		    optopt);
	return cli_usage_error(
	    cli, command,
	    _("option '%s' is unknown or lacks its value; see --help"), arg);
}

int cli_parse_long(struct cli *cli, const char *command, const char *flag,
		   const char *value, long min, long max, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(value, &end, 10);
	if (errno != 0 || end == value || *end != 0 || v < min || v > max)
		return cli_usage_error(
		    cli, command,
		    /* L10N: the flag (e.g. --bits), the value given, the
		       smallest and largest accepted. */
		    _("%s: '%s' is not valid; expected a "
		      "whole number from %ld to %ld"),
		    flag, value, min, max);
	*out = v;
	return 0;
}

static int read_line_fd(int fd, char *buf, size_t size)
{
	size_t len = 0;

	for (;;) {
		char ch;
		ssize_t n = read(fd, &ch, 1);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0 && len == 0)
			return -2; /* end of input */
		if (n == 0 || ch == '\n')
			break; /* a last line without its newline counts */
		if (len + 1 < size)
			buf[len++] = ch;
	}
	if (len > 0 && buf[len - 1] == '\r')
		len--;
	buf[len] = 0;
	return (int)len;
}

static int prompt_no_echo(struct cli *cli, const char *prompt, char *buf,
			  size_t size)
{
	struct termios saved, quiet;
	int fd, ret, restore = 0;

	fd = open("/dev/tty", O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return cd_error(
		    &cli->ctx, CD_E_PASSWORD,
		    _("a password is needed and there is no terminal to ask it "
		      "on; use --password-file or --password-fd"));
	if (tcgetattr(fd, &saved) == 0) {
		quiet = saved;
		quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
		quiet.c_lflag |= ICANON;
		restore = tcsetattr(fd, TCSAFLUSH, &quiet) == 0;
	}
	if (write(fd, prompt, strlen(prompt)) < 0) {
		/* The prompt is a courtesy; reading still works. */
	}
	ret = read_line_fd(fd, buf, size);
	if (restore)
		tcsetattr(fd, TCSAFLUSH, &saved);
	if (write(fd, "\n", 1) < 0) {
		/* as above */
	}
	close(fd);
	if (ret == -2)
		return cd_error(&cli->ctx, CD_E_PASSWORD,
				_("end of input while reading the password; "
				  "nothing was done"));
	if (ret < 0)
		return cd_error(&cli->ctx, CD_E_PASSWORD,
				_("cannot read the password: %s"),
				strerror(errno));
	return 0;
}

int cli_password_read(struct cli *cli, const char *file, int fd,
		      const char *prompt, int confirm, char **out)
{
	char buf[1024], again[1024];
	int ret, src_fd, err;

	*out = NULL;
	if (file != NULL || fd >= 0) {
		src_fd = fd;
		if (file != NULL) {
			src_fd = open(file, O_RDONLY | O_CLOEXEC);
			if (src_fd < 0)
				return cd_error(
				    &cli->ctx, CD_E_IO,
				    _("%s: cannot open the password file: %s"),
				    file, strerror(errno));
		}
		ret = read_line_fd(src_fd, buf, sizeof(buf));
		err = errno;
		if (file != NULL)
			close(src_fd);
		if (ret == -1)
			return cd_error(&cli->ctx, CD_E_IO,
					_("%s: cannot read the password: %s"),
					file != NULL ? file
						     : _("password descriptor"),
					strerror(err));
		if (ret < 0)
			return cd_error(
			    &cli->ctx, CD_E_PASSWORD,
			    _("%s: no password in it (expected the password on "
			      "its first line)"),
			    file != NULL ? file : _("password descriptor"));
	} else {
		ret = prompt_no_echo(cli, prompt, buf, sizeof(buf));
		if (ret < 0)
			return ret;
		if (confirm) {
			ret =
			    prompt_no_echo(cli, _("Enter the password again: "),
					   again, sizeof(again));
			if (ret == 0 && strcmp(buf, again) != 0)
				ret = cd_error(&cli->ctx, CD_E_PASSWORD,
					       _("the two passwords differ; "
						 "nothing was done"));
			explicit_bzero(again, sizeof(again));
			if (ret < 0) {
				explicit_bzero(buf, sizeof(buf));
				return ret;
			}
		}
	}
	*out = strdup(buf);
	explicit_bzero(buf, sizeof(buf));
	if (*out == NULL)
		return cd_error(&cli->ctx, CD_E_NOMEM, _("out of memory"));
	return 0;
}

void cli_password_free(char *password)
{
	if (password == NULL)
		return;
	explicit_bzero(password, strlen(password));
	free(password);
}

/* The terminal columns S takes (printf's %-24s counts bytes). */
static int text_width(const char *s)
{
	size_t n = mbstowcs(NULL, s, 0);
	wchar_t *ws;
	int w = -1;

	if (n == (size_t)-1)
		return (int)strlen(s);
	ws = malloc((n + 1) * sizeof(*ws));
	if (ws && mbstowcs(ws, s, n + 1) != (size_t)-1)
		w = wcswidth(ws, n);
	free(ws);
	return w < 0 ? (int)strlen(s) : w;
}

void cli_help_line(FILE *out, int width, const char *left, const char *help)
{
	int w = text_width(left);

	fprintf(out, "  %s", left);
	for (; w < width; w++)
		putc(' ', out);
	fprintf(out, " %s\n", help);
}

void cli_option_help(FILE *out, int width, const struct option *opt,
		     const char *help)
{
	char left[64];

	snprintf(left, sizeof(left), "--%s%s%s", opt->name,
		 opt->has_arg ? " " : "",
		 /* L10N: an option's value in --help: "--bits ARG" */
		 opt->has_arg ? _("ARG") : "");
	cli_help_line(out, width, left, help);
}

void cli_flags_help(const struct cli_flag *flags, size_t n)
{
	char left[64];
	size_t i;

	for (i = 0; i < n; i++) {
		snprintf(left, sizeof(left), "--%s%s%s", flags[i].opt.name,
			 flags[i].arg ? " " : "",
			 flags[i].arg ? _(flags[i].arg) : "");
		cli_help_line(stdout, 24, left, _(flags[i].help));
	}
}

int cli_flags_parse(struct cli *cli, const char *command, int argc, char **argv,
		    const struct cli_flag *flags, size_t n,
		    int (*take)(struct cli *cli, int opt, const char *arg,
				void *data),
		    void *data)
{
	struct option *options = calloc(n + 1, sizeof(*options));
	size_t i;
	int opt, ret = 0;

	if (options == NULL)
		return cli_finish(
		    cli, cd_error(&cli->ctx, CD_E_NOMEM, _("out of memory")));
	for (i = 0; i < n; i++)
		options[i] = flags[i].opt;
	while (ret == 0 &&
	       (opt = getopt_long(argc, argv, "", options, NULL)) != -1) {
		if (opt == '?' || opt == ':')
			ret = cli_bad_option(cli, command, argc, argv);
		else
			ret = take(cli, opt, optarg, data);
	}
	free(options);
	return ret;
}

int cli_take_kept(const struct cli_kept_flag *table, size_t n, int opt,
		  const char *arg, void *data)
{
	const int yes = 1;
	size_t i;

	for (i = 0; i < n; i++) {
		char *field = (char *)data + table[i].offset;

		if (table[i].opt != opt)
			continue;
		if (table[i].keep == CLI_KEEP_TEXT)
			memcpy(field, &arg, sizeof(arg));
		else
			memcpy(field, &yes, sizeof(yes));
		return 1;
	}
	return 0;
}

void cli_server_ready(void (*stop)(int sig), const char *address)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = stop;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	/* the line scripts wait for, on stdout: the same in every language */
	printf("Listening on %s\n", address);
	fflush(stdout);
}

int cli_gated_has(const struct cli_gated_flag *table, size_t n,
		  unsigned allowed, const char *flag)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((!table[i].needs || (table[i].needs & allowed)) &&
		    strcmp(table[i].opt.name, flag) == 0)
			return 1;
	return 0;
}

void cli_gated_help(const struct cli_gated_flag *table, size_t n,
		    unsigned allowed)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!table[i].needs || (table[i].needs & allowed))
			cli_option_help(stdout, 32, &table[i].opt,
					_(table[i].help));
}

size_t cli_gated_options(const struct cli_gated_flag *table, size_t n,
			 unsigned allowed, struct option *out)
{
	size_t i, m = 0;

	for (i = 0; i < n; i++)
		if (!table[i].needs || (table[i].needs & allowed))
			out[m++] = table[i].opt;
	return m;
}
