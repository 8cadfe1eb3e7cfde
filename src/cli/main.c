/* certdeck: program entry. Global options, then a command from the table. */
#include <config.h>

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "i18n.h"
#include "tui.h"

static void log_to_stderr(void *arg, enum cd_log_level level,
			  const char *message)
{
	const struct cli *cli = arg;

	if (level >= CD_LOG_WARNING)
		fprintf(stderr, _("%s: warning: %s\n"), cli->progname, message);
	else
		/* L10N: a program's (or a store's) name, then its message. */
		fprintf(stderr, _("%s: %s\n"), cli->progname, message);
}

static void print_usage(FILE *out)
{
	const struct cli_command *const *cmd;

	fprintf(
	    out,
	    _("Usage: certdeck [-d DIR] COMMAND [OPTION]... [ARG]...\n"
	      "       certdeck [-d DIR | --demo]\n"
	      "A terminal X.509 certificate manager on GnuTLS. Without a\n"
	      "command, the terminal UI opens on the store.\n\n"
	      "Global options:\n"
	      "  -d, --dir DIR    the store (default: $CERTDECK_DIR, else "
	      "./pki)\n"
	      "      --demo       the terminal UI on a throwaway demo store\n"
	      "  -v, --verbose    say more about what is done\n"
	      "  -h, --help       show this help and exit\n"
	      "  -V, --version    show the version and exit\n\n"
	      "Commands:\n"));
	for (cmd = cli_commands; *cmd != NULL; cmd++)
		fprintf(out, "  %-10s %s\n", (*cmd)->name, _((*cmd)->summary));
	fprintf(out, _("\n'certdeck COMMAND --help' describes a command.\n"));
}

static const struct cli_command *find_command(const char *name)
{
	const struct cli_command *const *cmd;

	for (cmd = cli_commands; *cmd != NULL; cmd++)
		if (strcmp((*cmd)->name, name) == 0)
			return *cmd;
	return NULL;
}

/* No command (or --demo): the terminal UI, which needs a terminal. */
static int start_tui(struct cli *cli, int demo, int has_command)
{
	struct ui_options o = {cli->store_dir, demo};

	if (has_command) {
		fprintf(stderr,
			_("%s: --demo opens the terminal UI and takes "
			  "no command\n"),
			cli->progname);
		return CLI_EXIT_USAGE;
	}
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr,
			_("%s: the terminal UI needs a terminal; "
			  "'certdeck --help' lists the commands\n"),
			cli->progname);
		return CLI_EXIT_USAGE;
	}
	return ui_run(&o);
}

int main(int argc, char **argv)
{
	static const struct option options[] = {
	    {"dir", required_argument, NULL, 'd'},
	    {"verbose", no_argument, NULL, 'v'},
	    {"help", no_argument, NULL, 'h'},
	    {"version", no_argument, NULL, 'V'},
	    {"demo", no_argument, NULL, 'D'},
	    {NULL, 0, NULL, 0},
	};
	const struct cli_command *cmd;
	struct cli cli;
	int c, ret, demo = 0;

	const char *localedir = getenv("CERTDECK_LOCALEDIR");

	/* Only the categories certdeck uses: messages, and the character
	 * set (their encoding, widths in list). LC_ALL would load a dozen
	 * locale files at every start; dates and numbers are printed in
	 * fixed formats. */
	setlocale(LC_CTYPE, "");
	setlocale(LC_MESSAGES, "");
	/* CERTDECK_LOCALEDIR: catalogs from elsewhere (tests, uninstalled
	 * builds). */
	bindtextdomain(CD_TEXTDOMAIN,
		       localedir && *localedir ? localedir : LOCALEDIR);
	textdomain(CD_TEXTDOMAIN);

	memset(&cli, 0, sizeof(cli));
	cli.progname = "certdeck";
	cli.store_dir = getenv("CERTDECK_DIR");
	if (cli.store_dir == NULL || *cli.store_dir == 0)
		cli.store_dir = "pki";

	/* '+': stop at the command name; its options are its own. */
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+d:vhV", options, NULL)) != -1) {
		switch (c) {
		case 'd':
			cli.store_dir = optarg;
			break;
		case 'v':
			cli.verbose++;
			break;
		case 'h':
			print_usage(stdout);
			return CLI_EXIT_OK;
		case 'V':
			printf("certdeck %s\n", PACKAGE_VERSION);
			return CLI_EXIT_OK;
		case 'D':
			demo = 1;
			break;
		default:
			return cli_bad_option(&cli, NULL, argc, argv);
		}
	}
	if (optind >= argc || demo)
		return start_tui(&cli, demo, optind < argc);
	cmd = find_command(argv[optind]);
	if (cmd == NULL) {
		fprintf(stderr,
			_("%s: '%s' is not a command; 'certdeck --help' lists "
			  "them\n"),
			cli.progname, argv[optind]);
		return CLI_EXIT_USAGE;
	}
	ret = cd_ctx_init(&cli.ctx);
	if (ret < 0)
		return cli_finish(&cli, ret);
	cd_ctx_set_log(&cli.ctx, log_to_stderr, &cli);
	if (cli.verbose)
		cli.ctx.log_threshold = CD_LOG_INFO;

	argc -= optind;
	argv += optind;
	optind = 0; /* full re-initialisation of getopt for the command */
	opterr = 0;
	ret = cmd->run(&cli, argc, argv);
	cd_ctx_deinit(&cli.ctx);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, _("%s: cannot write to standard output\n"),
			cli.progname);
		return CLI_EXIT_USAGE;
	}
	return ret;
}
