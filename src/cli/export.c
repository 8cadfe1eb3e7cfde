/* certdeck export: a certificate of the store (or its key) for other
 * programs: PEM, DER, a full chain, or PKCS #12 (modern or legacy). */
#include <config.h>

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exchange.h"
#include "export.h"
#include "file.h"
#include "i18n.h"
#include "keyio.h"

#define EXPORT_ARGS                                                            \
	N_("NAME [--format pem|der|pkcs12|pkcs12-legacy] [--chain] "           \
	   "[--with-root] [--issuers FILE] [--key] [--friendly-name TEXT] "    \
	   "[--password | --password-file F | --password-fd N | "              \
	   "--no-encrypt] [--key-password-file F | --key-password-fd N] "      \
	   "[--outfile FILE] [--force]")

enum export_format { FMT_PEM, FMT_DER, FMT_P12, FMT_P12_LEGACY };

static const char *const format_names[] = {
    [FMT_PEM] = "pem",
    [FMT_DER] = "der",
    [FMT_P12] = "pkcs12",
    [FMT_P12_LEGACY] = "pkcs12-legacy",
};

enum {
	OPT_FORMAT = 1,
	OPT_CHAIN,
	OPT_ROOT,
	OPT_ISSUERS,
	OPT_KEY,
	OPT_FRIENDLY,
	OPT_PASSWORD,
	OPT_PWFILE,
	OPT_PWFD,
	OPT_NO_ENCRYPT,
	OPT_KEY_PWFILE,
	OPT_KEY_PWFD,
	OPT_OUTFILE,
	OPT_FORCE,
	OPT_HELP,
};

static const struct cli_flag export_flags[] = {
    {{"format", required_argument, NULL, OPT_FORMAT},
     N_("FORMAT"),
     N_("pem (default), der, pkcs12 (PBES2 AES-256) or pkcs12-legacy (3DES "
	"and RC2-40, for old clients)")},
    {{"chain", no_argument, NULL, OPT_CHAIN},
     NULL,
     N_("the certificate followed by its issuers (the CA, intermediates)")},
    {{"with-root", no_argument, NULL, OPT_ROOT},
     NULL,
     N_("with --chain: the root CA too")},
    {{"issuers", required_argument, NULL, OPT_ISSUERS},
     N_("FILE"),
     N_("with --chain: more CA certificates (PEM) to build the chain from, "
	"such as the parents of an intermediate CA")},
    {{"key", no_argument, NULL, OPT_KEY},
     NULL,
     N_("the private key (PKCS #8, PEM or DER) instead of the certificate")},
    {{"friendly-name", required_argument, NULL, OPT_FRIENDLY},
     N_("TEXT"),
     N_("the PKCS #12 friendly name (default: NAME)")},
    {{"password", no_argument, NULL, OPT_PASSWORD},
     NULL,
     N_("ask for the new password on the terminal (the default)")},
    {{"password-file", required_argument, NULL, OPT_PWFILE},
     "F",
     N_("the PKCS #12 file's or the key's new password, from this file's "
	"first line")},
    {{"password-fd", required_argument, NULL, OPT_PWFD},
     "N",
     N_("the new password, read from descriptor N")},
    {{"no-encrypt", no_argument, NULL, OPT_NO_ENCRYPT},
     NULL,
     N_("with --key: write the key in the clear")},
    {{"key-password-file", required_argument, NULL, OPT_KEY_PWFILE},
     "F",
     N_("the password of the store's key when it is encrypted (asked on "
	"the terminal otherwise)")},
    {{"key-password-fd", required_argument, NULL, OPT_KEY_PWFD},
     "N",
     N_("the store key's password, read from descriptor N")},
    {{"outfile", required_argument, NULL, OPT_OUTFILE},
     N_("FILE"),
     N_("write here (a key or PKCS #12 file with mode 0600); else to "
	"standard output, which must not be a terminal for them")},
    {{"force", no_argument, NULL, OPT_FORCE},
     NULL,
     N_("replace an existing --outfile")},
    {{"help", no_argument, NULL, OPT_HELP}, NULL, N_("this help")},
};

#define N_FLAGS (sizeof(export_flags) / sizeof(export_flags[0]))

struct export_opts {
	const char *name, *issuers, *friendly, *outfile;
	const char *password_file, *key_password_file;
	int password_fd, key_password_fd;
	enum export_format format;
	int chain, root, key, ask_password, no_encrypt, force, help;
};

static int parse_format(struct cli *cli, const char *arg,
			enum export_format *out)
{
	size_t i;

	for (i = 0; i < sizeof(format_names) / sizeof(format_names[0]); i++) {
		if (strcmp(arg, format_names[i]) == 0) {
			*out = (enum export_format)i;
			return 0;
		}
	}
	return cli_usage_error(cli, "export",
			       _("unknown format '%s'; expected pem, der, "
				 "pkcs12 or pkcs12-legacy"),
			       arg);
}

static const struct cli_kept_flag export_kept[] = {
    {OPT_CHAIN, CLI_KEEP_SET, offsetof(struct export_opts, chain)},
    {OPT_ROOT, CLI_KEEP_SET, offsetof(struct export_opts, root)},
    {OPT_ISSUERS, CLI_KEEP_TEXT, offsetof(struct export_opts, issuers)},
    {OPT_KEY, CLI_KEEP_SET, offsetof(struct export_opts, key)},
    {OPT_FRIENDLY, CLI_KEEP_TEXT, offsetof(struct export_opts, friendly)},
    {OPT_PASSWORD, CLI_KEEP_SET, offsetof(struct export_opts, ask_password)},
    {OPT_PWFILE, CLI_KEEP_TEXT, offsetof(struct export_opts, password_file)},
    {OPT_NO_ENCRYPT, CLI_KEEP_SET, offsetof(struct export_opts, no_encrypt)},
    {OPT_KEY_PWFILE, CLI_KEEP_TEXT,
     offsetof(struct export_opts, key_password_file)},
    {OPT_OUTFILE, CLI_KEEP_TEXT, offsetof(struct export_opts, outfile)},
    {OPT_FORCE, CLI_KEEP_SET, offsetof(struct export_opts, force)},
    {OPT_HELP, CLI_KEEP_SET, offsetof(struct export_opts, help)},
};

static int take_flag(struct cli *cli, int opt, const char *arg, void *data)
{
	struct export_opts *o = data;

	if (cli_take_kept(export_kept,
			  sizeof(export_kept) / sizeof(export_kept[0]), opt,
			  arg, data))
		return 0;
	switch (opt) {
	case OPT_FORMAT:
		return parse_format(cli, arg, &o->format);
	case OPT_PWFD:
		return cli_parse_fd(cli, "export", "--password-fd", arg,
				    &o->password_fd);
	case OPT_KEY_PWFD:
		return cli_parse_fd(cli, "export", "--key-password-fd", arg,
				    &o->key_password_fd);
	default:
		return cli_usage_error(cli, "export", _("unexpected option"));
	}
}

static int is_p12(const struct export_opts *o)
{
	return o->format == FMT_P12 || o->format == FMT_P12_LEGACY;
}

/* What goes together, once the flags are read. */
static int export_check(struct cli *cli, const struct export_opts *o)
{
	if (!!o->ask_password + !!o->password_file + (o->password_fd >= 0) +
		!!o->no_encrypt >
	    1)
		return cli_usage_error(cli, "export",
				       _("give one of --password, "
					 "--password-file, --password-fd and "
					 "--no-encrypt"));
	if (o->key_password_file && o->key_password_fd >= 0)
		return cli_usage_error(cli, "export",
				       _("give one of --key-password-file and "
					 "--key-password-fd"));
	if ((o->root || o->issuers) && !o->chain)
		return cli_usage_error(
		    cli, "export",
		    _("--with-root and --issuers go with --chain"));
	if (o->key && (is_p12(o) || o->chain))
		return cli_usage_error(cli, "export",
				       _("--key writes the key alone: not with "
					 "--chain nor a PKCS #12 format (which "
					 "holds the key already)"));
	if (o->no_encrypt && !o->key)
		return cli_usage_error(cli, "export",
				       _("--no-encrypt goes with --key; a PKCS "
					 "#12 file always has a password"));
	if (o->friendly && !is_p12(o))
		return cli_usage_error(
		    cli, "export",
		    _("--friendly-name goes with the PKCS #12 formats"));
	if (!o->key && !is_p12(o) &&
	    (o->ask_password || o->password_file || o->password_fd >= 0))
		return cli_usage_error(cli, "export",
				       _("a certificate is public: password "
					 "flags go with --key and PKCS #12"));
	return 0;
}

static int export_parse(struct cli *cli, int argc, char **argv,
			struct export_opts *o)
{
	int ret;

	memset(o, 0, sizeof(*o));
	o->password_fd = -1;
	o->key_password_fd = -1;
	ret = cli_flags_parse(cli, "export", argc, argv, export_flags, N_FLAGS,
			      take_flag, o);
	if (ret != 0 || o->help)
		return ret;
	if (optind >= argc)
		return cli_usage_error(cli, "export",
				       _("which certificate? expected a NAME "
					 "of the store (or ca)"));
	if (optind + 1 < argc)
		return cli_usage_error(cli, "export",
				       _("unexpected argument '%s'"),
				       argv[optind + 1]);
	o->name = argv[optind];
	return export_check(cli, o);
}

static void export_help(void)
{
	printf(_("Usage: certdeck export %s\n\n%s\n\n"), _(EXPORT_ARGS),
	       _("Write the store's certificate NAME (issued/NAME.crt, or "
		 "ca.crt for ca) as PEM or DER, with its chain, or with its "
		 "key as PKCS #12; or its private key alone with --key. Keys "
		 "and PKCS #12 files are written 0600 and encrypted unless "
		 "--no-encrypt; the password is asked on the terminal unless "
		 "given by file or descriptor."));
	cli_flags_help(export_flags, N_FLAGS);
}

/* The store's key NAME, asking its password only when it is encrypted. */
static int load_key(struct cli *cli, const struct export_opts *o,
		    const struct cd_store *store, gnutls_x509_privkey_t *key)
{
	char *password = NULL;
	int ret = 0;

	if (cd_export_needs_key_password(&cli->ctx, store, o->name))
		ret = cli_key_password(
		    cli, o->key_password_file, o->key_password_fd,
		    _("Enter the key's password: "), 0, &password);
	if (ret == 0)
		ret = cd_export_key(&cli->ctx, store, o->name, password, key);
	cli_password_free(password);
	return ret;
}

/* The new password of a key or PKCS #12 file (asked twice). */
static int new_password(struct cli *cli, const struct export_opts *o,
			char **out)
{
	*out = NULL;
	if (o->no_encrypt)
		return 0;
	return cli_key_password(cli, o->password_file, o->password_fd,
				_("Enter the new password: "), 1, out);
}

static int make_key(struct cli *cli, const struct export_opts *o,
		    const struct cd_store *store, gnutls_datum_t *out)
{
	gnutls_x509_privkey_t key = NULL;
	char *password = NULL;
	int ret = load_key(cli, o, store, &key);

	if (ret == 0)
		ret = new_password(cli, o, &password);
	if (ret == 0)
		ret = cd_key_export(&cli->ctx, key, password,
				    o->format == FMT_DER, out);
	cli_password_free(password);
	if (key)
		gnutls_x509_privkey_deinit(key);
	return ret;
}

/* The certificates (and for PKCS #12 the key) in OUT; *COUNT of them.
 * *MISSING: with --with-root, the issuer the chain stops at, when it
 * reached no root (free it). */
static int make_certificates(struct cli *cli, const struct export_opts *o,
			     const struct cd_store *store, gnutls_datum_t *out,
			     unsigned *count, char **missing)
{
	gnutls_x509_crt_t *extra = NULL, *list = NULL;
	gnutls_x509_privkey_t key = NULL;
	char *password = NULL;
	unsigned n_extra = 0;
	int ret = 0, r;

	*count = 0;
	if (o->issuers)
		ret =
		    cd_file_load_crts(&cli->ctx, o->issuers, &extra, &n_extra);
	if (ret == 0)
		ret = cd_export_chain(&cli->ctx, store, o->name, extra, n_extra,
				      o->chain, o->root, &list, count);
	if (ret == 0 && o->chain && o->root &&
	    (r = cd_export_chain_missing(&cli->ctx, list, *count, missing)) < 0)
		ret = r;
	if (ret == 0 && is_p12(o))
		ret = load_key(cli, o, store, &key);
	if (ret == 0 && is_p12(o))
		ret = new_password(cli, o, &password);
	if (ret == 0 && is_p12(o))
		ret = cd_export_pkcs12(
		    &cli->ctx, list, *count, key, password,
		    o->friendly ? o->friendly : o->name,
		    o->format == FMT_P12 ? CD_P12_MODERN : CD_P12_LEGACY, out);
	else if (ret == 0)
		ret = cd_export_certificates(&cli->ctx, list, *count,
					     o->format == FMT_DER, out);
	cli_password_free(password);
	if (key)
		gnutls_x509_privkey_deinit(key);
	cd_crt_list_free(list, *count);
	cd_crt_list_free(extra, n_extra);
	return ret;
}

static void report(struct cli *cli, const struct export_opts *o, unsigned count)
{
	const char *to = o->outfile && strcmp(o->outfile, "-") != 0
			     ? o->outfile
			     : _("standard output");

	if (o->key)
		/* L10N: the name, then the file written. */
		fprintf(stderr, _("%s export: the key of %s, in %s\n"),
			cli->progname, o->name, to);
	else if (is_p12(o))
		fprintf(stderr,
			/* L10N: the name, how many certificates, the file. */
			dngettext(CD_TEXTDOMAIN,
				  "%s export: %s as PKCS #12 (its key and "
				  "%u certificate), in %s\n",
				  "%s export: %s as PKCS #12 (its key and "
				  "%u certificates), in %s\n",
				  count),
			cli->progname, o->name, count, to);
	else
		fprintf(stderr,
			dngettext(CD_TEXTDOMAIN,
				  "%s export: %s, %u certificate, in %s\n",
				  "%s export: %s, %u certificates, in %s\n",
				  count),
			cli->progname, o->name, count, to);
}

static int export(struct cli *cli, const struct export_opts *o)
{
	struct cd_store *store = NULL;
	char *missing = NULL;
	gnutls_datum_t out = {NULL, 0};
	unsigned count = 1;
	int secret = o->key || is_p12(o);
	int ret =
	    secret ? cli_key_output_check(cli, "export", o->outfile, o->force)
		   : cli_outfile_check(cli, "export", o->outfile, o->force);

	if (ret != 0)
		return ret;
	if (o->outfile && strcmp(o->outfile, "-") != 0 &&
	    cd_store_write_check(&cli->ctx, cli->store_dir, o->outfile, 0) < 0)
		return cli_finish(cli, CD_E_INVALID);
	ret = cd_store_open(&cli->ctx, cli->store_dir, &store);
	if (ret == 0 && o->key)
		ret = make_key(cli, o, store, &out);
	else if (ret == 0)
		ret = make_certificates(cli, o, store, &out, &count, &missing);
	if (ret == 0)
		ret = cli_output_write(cli, o->outfile, &out,
				       secret ? 0600 : 0644, o->force);
	if (ret == 0)
		report(cli, o, count);
	if (ret == 0 && missing)
		fprintf(stderr,
			/* L10N: the program, then the issuer's name. */
			_("%s export: warning: the chain has no root: it stops "
			  "at the certificate issued by %s, which is in "
			  "neither the store nor --issuers; give its "
			  "certificate with --issuers FILE\n"),
			cli->progname, missing);
	free(missing);
	cd_datum_wipe(&out);
	cd_store_close(store);
	return cli_finish(cli, ret);
}

static int export_run(struct cli *cli, int argc, char **argv)
{
	struct export_opts o;
	int ret = export_parse(cli, argc, argv, &o);

	if (ret != 0)
		return ret;
	if (o.help) {
		export_help();
		return CLI_EXIT_OK;
	}
	return export(cli, &o);
}

const struct cli_command cli_cmd_export = {
    "export",
    EXPORT_ARGS,
    N_("a certificate as PEM, DER, a chain or PKCS #12, or its key"),
    export_run,
};
