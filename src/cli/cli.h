/* certdeck: the batch command line.
 *
 * One file per command (src/cli/NAME.c), each exporting a
 * `const struct cli_command cli_cmd_NAME`, listed in commands.c. A command
 * parses its flags into the backend's parameter structs, calls the backend,
 * and turns the result into an exit status with cli_finish(). */
#ifndef CD_CLI_H
#define CD_CLI_H

#include <getopt.h>
#include <stddef.h>
#include <stdio.h>

#include "certdeck.h"

enum cli_exit {
	CLI_EXIT_OK = 0,   /* done */
	CLI_EXIT_NO = 1,   /* ran, and the answer is no */
	CLI_EXIT_USAGE = 2 /* bad usage or bad input */
};

struct cli {
	struct cd_ctx ctx;
	const char *progname;
	const char *store_dir; /* -d, else $CERTDECK_DIR, else ./pki */
	int verbose;
};

struct cli_command {
	const char *name;
	const char *args;    /* N_(): one-line synopsis of the arguments */
	const char *summary; /* N_(): what it does, one line */
	int (*run)(struct cli *cli, int argc, char **argv);
};

extern const struct cli_command *const cli_commands[];

/* Print "certdeck: MESSAGE" (the context's message) to stderr and return
 * the exit status for CODE: 0 for 0, 1 for verdicts, 2 for the rest. */
int cli_finish(struct cli *cli, int code);

/* Print "certdeck COMMAND: FMT" to stderr; return CLI_EXIT_USAGE. */
int cli_usage_error(struct cli *cli, const char *command, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Report an unknown option or a missing argument the way getopt saw it. */
int cli_bad_option(struct cli *cli, const char *command, int argc, char **argv);

/* A command's flag: the getopt_long option, the name of its argument for
 * the help (NULL when it takes none), and its help line (N_()). */
struct cli_flag {
	struct option opt;
	const char *arg; /* N_(): the value's name in --help (a word such as
			   FILE; single letters are left as they are) */
	const char *help;
};

/* A server is listening at ADDRESS: SIGTERM and SIGINT call STOP from now
 * on, SIGPIPE is ignored, and "Listening on ADDRESS" goes to stdout. */
void cli_server_ready(void (*stop)(int sig), const char *address);

/* The entries the servers share: --bind and --port (serve, ocsp-serve). */
#define CLI_FLAGS_LISTEN(opt_bind, opt_port)                                   \
	{{"bind", required_argument, NULL, (opt_bind)},                        \
	 N_("ADDR"),                                                           \
	 N_("listen on this address (default 127.0.0.1; ::1 for IPv6)")},      \
	{                                                                      \
		{"port", required_argument, NULL, (opt_port)}, "N",            \
		    N_("listen on this port (default 0: a free one, printed)") \
	}
/* --password-file and --password-fd for the key of a TLS end or a
 * responder (serve, connect, ocsp-serve). */
#define CLI_FLAGS_KEY_PASSWORD(opt_file, opt_fd)                               \
	{{"password-file", required_argument, NULL, (opt_file)},               \
	 "F",                                                                  \
	 N_("the password of an encrypted key, on this file's first line")},   \
	{                                                                      \
		{"password-fd", required_argument, NULL, (opt_fd)}, "N",       \
		    N_("the password of an encrypted key, read from "          \
		       "descriptor N")                                         \
	}

/* Print "  LEFT HELP" on OUT, LEFT padded to WIDTH terminal columns
 * (translations have accented letters; printf's %-24s counts bytes). */
void cli_help_line(FILE *out, int width, const char *left, const char *help);

/* Print OPT as "  --name ARG  HELP" (cli_help_line). */
void cli_option_help(FILE *out, int width, const struct option *opt,
		     const char *help);

/* A flag of a table shared by several commands: each takes those whose
 * NEEDS bits it allows (NEEDS 0: every one). */
struct cli_gated_flag {
	struct option opt;
	unsigned needs;
	const char *help; /* N_() */
};

/* Is the flag named FLAG among TABLE's (N) that ALLOWED takes? */
int cli_gated_has(const struct cli_gated_flag *table, size_t n,
		  unsigned allowed, const char *flag);
/* Print TABLE's flags that ALLOWED takes (cli_option_help). */
void cli_gated_help(const struct cli_gated_flag *table, size_t n,
		    unsigned allowed);
/* Copy into OUT (N entries at most) the options of TABLE's flags that
 * ALLOWED takes; returns how many. */
size_t cli_gated_options(const struct cli_gated_flag *table, size_t n,
			 unsigned allowed, struct option *out);

/* Print FLAGS as "  --name ARG   help" lines; ARG and help are N_(). */
void cli_flags_help(const struct cli_flag *flags, size_t n);

/* getopt_long over FLAGS, handing each option to TAKE (which returns 0 or
 * an exit status); an unknown option or a missing argument is reported
 * for COMMAND. Returns 0 or the first nonzero status; optind is left
 * at the first operand. */
int cli_flags_parse(struct cli *cli, const char *command, int argc, char **argv,
		    const struct cli_flag *flags, size_t n,
		    int (*take)(struct cli *cli, int opt, const char *arg,
				void *data),
		    void *data);

/* Flags that only keep their value (CLI_KEEP_TEXT: the argument) or
 * say yes (CLI_KEEP_SET: an int set to 1), where the command's options
 * hold them (offsetof): a table instead of a case each. */
enum cli_keep { CLI_KEEP_TEXT, CLI_KEEP_SET };
struct cli_kept_flag {
	int opt;
	enum cli_keep keep;
	size_t offset;
};
/* Keep OPT's value in DATA when TABLE has it: 1 when it did, else 0. */
int cli_take_kept(const struct cli_kept_flag *table, size_t n, int opt,
		  const char *arg, void *data);

/* Parse a decimal integer in [MIN, MAX] from the value of FLAG. */
int cli_parse_long(struct cli *cli, const char *command, const char *flag,
		   const char *value, long min, long max, long *out);

/* Read a password: from a file (first line), a file descriptor (first
 * line), or the terminal without echo (PROMPT; twice when CONFIRM). End of
 * input aborts with CD_E_PASSWORD rather than asking again. *OUT is
 * malloc'ed; wipe and free it with cli_password_free(). */
int cli_password_read(struct cli *cli, const char *file, int fd,
		      const char *prompt, int confirm, char **out);
void cli_password_free(char *password);

#endif
