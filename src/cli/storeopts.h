/* certdeck: the flags shared by the commands that work on a store
 * (init-ca, issue, sign in a store, list, check). */
#ifndef CD_CLI_STOREOPTS_H
#define CD_CLI_STOREOPTS_H

#include "ca.h"
#include "params.h"

enum cli_store_flag {
	CLI_S_PROFILE = 1 << 0,	 /* --template, keyword flags */
	CLI_S_PASSWORD = 1 << 1, /* --password-file/--password-fd (CA key) */
	CLI_S_KEY = 1 << 2,	 /* --key-type, --bits, --curve */
	CLI_S_NAME = 1 << 3,	 /* --name */
	CLI_S_BATCH = 1 << 4,	 /* --batch N */
	CLI_S_FORCE = 1 << 5,	 /* --force */
	CLI_S_INIT = 1 << 6,	 /* --intermediate, --certificate, --password */
	CLI_S_DAYS = 1 << 7,	 /* --days N */
	CLI_S_JSON = 1 << 8,	 /* --json */
	CLI_S_HONOR = 1 << 9,	 /* --honor-extensions */
	CLI_S_TOKEN = 1 << 10,	 /* --key URL, --generate-on-token */
	CLI_S_RENEW = 1 << 11,	 /* --revoke-old */
	CLI_S_EXPIRY = 1 << 12,	 /* --expiration-days N (no keyword flags) */
	CLI_S_RENEW_CA = 1 << 13, /* --ca: the CA itself (no keyword flags) */
	CLI_S_PROFILE_NAME = 1 << 14, /* --profile: a store's profile */
};

struct cli_store_opts {
	const char *profile;
	struct cli_params params;
	const char *password_file;
	int password_fd;
	int ask_password; /* init-ca --password: prompt for a new one */
	struct cd_key_params key;
	const char *name;
	const char *certificate;
	const char *key_url; /* init-ca --key pkcs11:... */
	int key_generate;    /* --generate-on-token */
	long batch, days;
	long expiration_days; /* --expiration-days (CLI_S_EXPIRY), 0: none */
	int key_given;	      /* --key-type, --bits or --curve was given */
	int revoke_old;	      /* --revoke-old */
	int renew_ca;	      /* --ca (CLI_S_RENEW_CA) */
	int intermediate, force, json, honor, help;
	int first_arg; /* optind after parsing */
};

/* Parse ARGV with the flags ALLOWED; positional arguments are left from
 * o->first_arg. Returns 0 or an exit status (message printed). */
int cli_store_parse(struct cli *cli, int argc, char **argv, unsigned allowed,
		    struct cli_store_opts *o);
void cli_store_help(const char *name, const char *synopsis,
		    const char *description, unsigned allowed);
void cli_store_opts_free(struct cli_store_opts *o);

/* The profile (or --template) with the keyword flags over it. DEFAULT:
 * the profile when --profile is not given (NULL: none). */
int cli_store_params(struct cli *cli, struct cli_store_opts *o,
		     const struct cd_store *store, const char *default_profile,
		     struct cd_cert_params *params);

/* The PIN of the token holding a CA key: from FILE or descriptor FD
 * (-1: none), else NULL when GNUTLS_PIN gives it, else asked on the
 * terminal. */
int cli_token_pin(struct cli *cli, const char *file, int fd, char **pin);

/* cli_token_pin() from --password-file or --password-fd. */
int cli_store_token_pin(struct cli *cli, const struct cli_store_opts *o,
			char **pin);

/* The CA key of STORE, asking for its password when it is encrypted (for
 * a key on a token, its PIN). */
int cli_store_ca_key(struct cli *cli, const struct cli_store_opts *o,
		     const struct cd_store *store, gnutls_privkey_t *out);

/* The store's crl.pem when it has one (newly allocated), else NULL: the
 * CRL verify, serve and connect use by default with the store's CA. */
char *cli_store_crl(const struct cli *cli);

/* `sign` in a store (sign.c hands over when no --load-* flag is given). */
int cli_store_sign_run(struct cli *cli, int argc, char **argv);

#endif
