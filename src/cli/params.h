/* certdeck: the command-line flags named after certtool template keywords
 * (--cn, --dns-name, --ca, ...), generated from cd_profile_keywords, and
 * the flags every issuing command shares (--template, key loading). */
#ifndef CD_CLI_PARAMS_H
#define CD_CLI_PARAMS_H

#include <stdio.h>

#include "cli.h"
#include "key.h"

/* getopt values of keyword flags are CLI_PARAMS_BASE + keyword index. */
#define CLI_PARAMS_BASE 1000

struct cli_params_flag {
	const struct cd_keyword *kw;
	const char *value; /* optarg (NULL for a boolean) */
};

struct cli_params {
	const char *template_path;
	struct cli_params_flag *flags;
	size_t n;
};

/* Copy the keyword options after the N entries of OWN (which must not end
 * with the zero entry) into a new array ending with a zero entry. */
struct option *cli_params_options(const struct option *own, size_t n);

/* Take OPT when it is a keyword flag (returns 1), else 0; -1 on memory. */
int cli_params_take(struct cli_params *cp, int opt, const char *arg);

/* Load the template (if any) then apply the flags over it: a flag replaces
 * the template's value(s) of its keyword. Messages name file:line or the
 * flag. */
int cli_params_apply(struct cli *cli, struct cli_params *cp,
		     struct cd_cert_params *params);
/* The flags alone over PARAMS (the caller has loaded the template). */
int cli_params_apply_flags(struct cli *cli, struct cli_params *cp,
			   struct cd_cert_params *params);

void cli_params_free(struct cli_params *cp);

/* The keyword flags for --help. */
/* The keyword flags' help, but for those TAKEN (the command's own flag
 * of that name wins; NULL: none). */
void cli_params_help(FILE *out, int (*taken)(const char *flag, void *arg),
		     void *arg);

/* Load a private key, asking for its password (file, fd, or terminal)
 * when it is encrypted. */
int cli_load_privkey(struct cli *cli, const char *path,
		     const char *password_file, int password_fd,
		     gnutls_privkey_t *out);

/* Write DATA to PATH atomically (mode 0644), or to stdout when PATH is
 * NULL or "-". */
int cli_write_output(struct cli *cli, const char *path,
		     const gnutls_datum_t *data);

/* The flags of the issuing commands (selfsign, request, sign, template). */
enum cli_issue_flag {
	CLI_F_PRIVKEY = 1 << 0,
	CLI_F_PUBKEY = 1 << 1,
	CLI_F_REQUEST = 1 << 2,
	CLI_F_CA = 1 << 3,
	CLI_F_PASSWORD = 1 << 4,
	CLI_F_NOTEXT = 1 << 5,
	CLI_F_CHECK = 1 << 6,
	CLI_F_FORCE = 1 << 7,  /* --force: sign despite lint errors */
	CLI_F_NEWKEY = 1 << 8, /* --new-key FILE, --key-type, --bits, --curve */
};

struct cli_issue_opts {
	const char *privkey, *pubkey, *request, *ca_cert, *ca_privkey;
	const char *outfile, *password_file, *check;
	int password_fd, no_text, help;
	int force;		  /* --force */
	const char *new_key;	  /* --new-key FILE */
	struct cd_key_params key; /* --key-type, --bits, --curve */
	int key_flags;		  /* one of them was given */
	struct cli_params params;
};

/* Parse ARGV for a command accepting the ALLOWED flags (plus --outfile,
 * --template, --help and the keyword flags). Returns 0, or an exit
 * status (usage error already printed). */
int cli_issue_parse(struct cli *cli, int argc, char **argv, unsigned allowed,
		    struct cli_issue_opts *o);
void cli_issue_help(const char *name, const char *synopsis, unsigned allowed);

#endif
