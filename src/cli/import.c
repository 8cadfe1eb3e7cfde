/* certdeck import: an existing key, certificate or request brought in and
 * written in certdeck's form: a key as PKCS #8 (0600, re-encrypted or
 * not), certificates and requests checked and as PEM. */
#include <config.h>

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "exchange.h"
#include "export.h"
#include "i18n.h"
#include "import.h"
#include "keyio.h"

#define IMPORT_ARGS                                                            \
	N_("[--outfile FILE] [--der] [--password | --password-file F | "       \
	   "--password-fd N] [--new-password-file F | --new-password-fd N | "  \
	   "--no-encrypt] [--name NAME | --key-outfile F] [--force] FILE")

enum {
	OPT_OUTFILE = 1,
	OPT_DER,
	OPT_PASSWORD,
	OPT_PWFILE,
	OPT_PWFD,
	OPT_NEW_PWFILE,
	OPT_NEW_PWFD,
	OPT_NO_ENCRYPT,
	OPT_FORCE,
	OPT_NAME,
	OPT_KEY_OUTFILE,
	OPT_HELP,
};

static const struct cli_flag import_flags[] = {
    {{"outfile", required_argument, NULL, OPT_OUTFILE},
     N_("FILE"),
     N_("write here (a key with mode 0600); else to standard output, "
	"which must not be a terminal for a key")},
    {{"der", no_argument, NULL, OPT_DER}, NULL, N_("DER instead of PEM")},
    {{"password", no_argument, NULL, OPT_PASSWORD},
     NULL,
     N_("ask for the key's password on the terminal")},
    {{"password-file", required_argument, NULL, OPT_PWFILE},
     "F",
     N_("the key's password, from this file's first line")},
    {{"password-fd", required_argument, NULL, OPT_PWFD},
     "N",
     N_("the key's password, read from descriptor N")},
    {{"new-password-file", required_argument, NULL, OPT_NEW_PWFILE},
     "F",
     N_("encrypt the written key with the password in this file")},
    {{"new-password-fd", required_argument, NULL, OPT_NEW_PWFD},
     "N",
     N_("encrypt the written key with the password read from N")},
    {{"no-encrypt", no_argument, NULL, OPT_NO_ENCRYPT},
     NULL,
     N_("write an encrypted key in the clear")},
    {{"force", no_argument, NULL, OPT_FORCE},
     NULL,
     N_("replace an existing --outfile")},
    {{"name", required_argument, NULL, OPT_NAME},
     N_("NAME"),
     N_("record in the store: a bundle's (or a PEM file's) first "
	"certificate, signed by the store's CA, as issued/NAME.crt, with a "
	"PKCS #12 file's key as private/NAME.key; a certificate request as "
	"reqs/NAME.req, to sign")},
    {{"key-outfile", required_argument, NULL, OPT_KEY_OUTFILE},
     "F",
     N_("a PKCS #12 file: write its key here (0600), the certificates "
	"going to --outfile")},
    {{"help", no_argument, NULL, OPT_HELP}, NULL, N_("this help")},
};

#define N_FLAGS (sizeof(import_flags) / sizeof(import_flags[0]))

struct import_opts {
	const char *infile, *outfile, *password_file, *new_password_file;
	const char *name, *key_outfile;
	int password_fd, new_password_fd, ask_password, no_encrypt;
	int der, force, help;
};

static void import_help(void)
{
	printf(_("Usage: certdeck import %s\n\n%s\n\n"), _(IMPORT_ARGS),
	       _("Read a private key (PEM or DER; PKCS #1, SEC1 or PKCS #8; "
		 "encrypted or not) and write it as PKCS #8, re-encrypted "
		 "with PBES2 AES-256 when a new password is given; or read "
		 "certificates or a request, check them and write them as "
		 "PEM; or read a PKCS #12 or PKCS #7 bundle and write its "
		 "certificates (and key). With --name, certificates and "
		 "bundles are recorded in the store, and a request is put "
		 "among its requests, to sign."));
	cli_flags_help(import_flags, N_FLAGS);
}

static const struct cli_kept_flag import_kept[] = {
    {OPT_OUTFILE, CLI_KEEP_TEXT, offsetof(struct import_opts, outfile)},
    {OPT_DER, CLI_KEEP_SET, offsetof(struct import_opts, der)},
    {OPT_PASSWORD, CLI_KEEP_SET, offsetof(struct import_opts, ask_password)},
    {OPT_PWFILE, CLI_KEEP_TEXT, offsetof(struct import_opts, password_file)},
    {OPT_NEW_PWFILE, CLI_KEEP_TEXT,
     offsetof(struct import_opts, new_password_file)},
    {OPT_NO_ENCRYPT, CLI_KEEP_SET, offsetof(struct import_opts, no_encrypt)},
    {OPT_FORCE, CLI_KEEP_SET, offsetof(struct import_opts, force)},
    {OPT_NAME, CLI_KEEP_TEXT, offsetof(struct import_opts, name)},
    {OPT_KEY_OUTFILE, CLI_KEEP_TEXT, offsetof(struct import_opts, key_outfile)},
    {OPT_HELP, CLI_KEEP_SET, offsetof(struct import_opts, help)},
};

static int take_flag(struct cli *cli, int opt, const char *arg, void *data)
{
	struct import_opts *o = data;

	if (cli_take_kept(import_kept,
			  sizeof(import_kept) / sizeof(import_kept[0]), opt,
			  arg, data))
		return 0;
	switch (opt) {
	case OPT_PWFD:
		return cli_parse_fd(cli, "import", "--password-fd", arg,
				    &o->password_fd);
	case OPT_NEW_PWFD:
		return cli_parse_fd(cli, "import", "--new-password-fd", arg,
				    &o->new_password_fd);
	default:
		return cli_usage_error(cli, "import", _("unexpected option"));
	}
}

static int new_password_given(const struct import_opts *o)
{
	return o->new_password_file != NULL || o->new_password_fd >= 0;
}

static int import_parse(struct cli *cli, int argc, char **argv,
			struct import_opts *o)
{
	int ret;

	memset(o, 0, sizeof(*o));
	o->password_fd = -1;
	o->new_password_fd = -1;
	ret = cli_flags_parse(cli, "import", argc, argv, import_flags, N_FLAGS,
			      take_flag, o);
	if (ret != 0 || o->help)
		return ret;
	if (optind >= argc)
		return cli_usage_error(cli, "import",
				       _("which file? expected a key, "
					 "certificate or request FILE"));
	if (optind + 1 < argc)
		return cli_usage_error(
		    cli, "import",
		    _("unexpected argument '%s'; one FILE at a time"),
		    argv[optind + 1]);
	o->infile = argv[optind];
	if (!!o->ask_password + !!o->password_file + (o->password_fd >= 0) > 1)
		return cli_usage_error(cli, "import",
				       _("give one of --password, "
					 "--password-file and --password-fd"));
	if (!!o->new_password_file + (o->new_password_fd >= 0) +
		!!o->no_encrypt >
	    1)
		return cli_usage_error(cli, "import",
				       _("give one of --new-password-file, "
					 "--new-password-fd and --no-encrypt"));
	if (o->name && (o->key_outfile || o->outfile || o->der))
		return cli_usage_error(
		    cli, "import",
		    _("--name records in the store: not with "
		      "--outfile, --key-outfile nor --der"));
	/* Two outputs: neither may be the other, nor the input (the key
	 * would have no copy left if the second write failed). */
	if (o->key_outfile && (cli_same_file(o->outfile, o->key_outfile) ||
			       cli_same_file(o->infile, o->key_outfile) ||
			       cli_same_file(o->infile, o->outfile)))
		return cli_usage_error(
		    cli, "import",
		    _("--outfile, --key-outfile and the input must be three "
		      "files: choose others"));
	return 0;
}

static int import_key(struct cli *cli, const struct import_opts *o,
		      const gnutls_datum_t *data)
{
	gnutls_x509_privkey_t key = NULL;
	gnutls_datum_t out = {NULL, 0};
	char *password = NULL, *new_password = NULL;
	struct stat st;
	int ret, encrypted = cd_key_is_encrypted(data);

	ret = cli_key_output_check(cli, "import", o->outfile, o->force);
	if (ret != 0)
		return ret;
	if (strcmp(o->infile, "-") != 0 && stat(o->infile, &st) == 0 &&
	    S_ISREG(st.st_mode) && (st.st_mode & 077) != 0)
		/* As ssh does: a private key others can read is said so. */
		cd_warn(&cli->ctx,
			_("%s: the private key is readable by others (mode "
			  "%03o); the copy written is 0600, consider removing "
			  "the original"),
			o->infile, (unsigned)(st.st_mode & 0777));
	if (encrypted && !new_password_given(o) && !o->no_encrypt)
		return cli_usage_error(
		    cli, "import",
		    _("%s: the key is encrypted; give --new-password-file or "
		      "--new-password-fd to keep it encrypted, or --no-encrypt "
		      "to write it in the clear"),
		    o->infile);
	if (encrypted || o->password_file || o->password_fd >= 0)
		ret = cli_key_password(cli, o->password_file, o->password_fd,
				       _("Enter the key's password: "), 0,
				       &password);
	if (ret == 0)
		ret = cd_key_import(&cli->ctx, data, o->infile, password, &key);
	if (ret == 0 && new_password_given(o))
		ret =
		    cli_key_password(cli, o->new_password_file,
				     o->new_password_fd, "", 0, &new_password);
	if (ret == 0)
		ret = cd_key_export(&cli->ctx, key, new_password, o->der, &out);
	if (ret == 0)
		ret = cli_output_write(cli, o->outfile, &out, 0600, o->force);
	if (ret == 0)
		ret = cli_key_report(cli, "import", key, new_password != NULL,
				     o->outfile);
	cd_datum_wipe(&out);
	cli_password_free(password);
	cli_password_free(new_password);
	if (key)
		gnutls_x509_privkey_deinit(key);
	return cli_finish(cli, ret);
}

static const char *where(const char *outfile)
{
	if (outfile == NULL || strcmp(outfile, "-") == 0)
		return _("standard output");
	return outfile;
}

/* Certificates and requests: public, so standard output may be a
 * terminal. */
static int import_public(struct cli *cli, const struct import_opts *o,
			 const gnutls_datum_t *data, enum cd_content content)
{
	gnutls_datum_t out = {NULL, 0};
	unsigned count = 1;
	int ret;

	if (new_password_given(o) || o->no_encrypt || o->ask_password ||
	    o->password_file || o->password_fd >= 0)
		return cli_usage_error(
		    cli, "import",
		    _("%s: holds %s; password flags go with private keys only"),
		    o->infile, cd_content_name(content));
	if (cli_outfile_check(cli, "import", o->outfile, o->force) != 0)
		return CLI_EXIT_USAGE;
	if (content == CD_CONTENT_CERTIFICATE)
		ret = cd_import_certificates(&cli->ctx, data, o->infile, o->der,
					     &out, &count);
	else
		ret =
		    cd_import_request(&cli->ctx, data, o->infile, o->der, &out);
	if (ret == 0)
		ret = cli_output_write(cli, o->outfile, &out, 0644, o->force);
	if (ret == 0 && content == CD_CONTENT_REQUEST)
		fprintf(stderr,
			_("%s import: a certificate request, its signature "
			  "checked, in %s\n"),
			cli->progname, where(o->outfile));
	else if (ret == 0)
		fprintf(stderr,
			dngettext(CD_TEXTDOMAIN,
				  "%s import: %u certificate, in %s\n",
				  "%s import: %u certificates, in %s\n", count),
			cli->progname, count, where(o->outfile));
	gnutls_free(out.data);
	return cli_finish(cli, ret);
}

/* The bundle's key to --key-outfile, as import_key writes keys. */
static int bundle_key_out(struct cli *cli, const struct import_opts *o,
			  gnutls_x509_privkey_t key, const char *new_password)
{
	gnutls_datum_t out = {NULL, 0};
	int ret;

	if (key == NULL || o->key_outfile == NULL)
		return 0;
	ret = cd_key_export(&cli->ctx, key, new_password, o->der, &out);
	if (ret == 0)
		ret =
		    cli_output_write(cli, o->key_outfile, &out, 0600, o->force);
	if (ret == 0)
		ret = cli_key_report(cli, "import", key, new_password != NULL,
				     o->key_outfile);
	cd_datum_wipe(&out);
	return ret;
}

/* The certificates to --outfile, the key to --key-outfile. */
static int bundle_out(struct cli *cli, const struct import_opts *o,
		      const struct cd_bundle *b, const char *new_password)
{
	gnutls_datum_t out = {NULL, 0};
	/* A new --outfile goes again when the key cannot be written. */
	int fresh = b->count && o->outfile && strcmp(o->outfile, "-") != 0 &&
		    !cd_file_exists(o->outfile);
	int ret =
	    cd_export_certificates(&cli->ctx, b->crts, b->count, o->der, &out);

	if (ret == 0 && b->count)
		ret = cli_output_write(cli, o->outfile, &out, 0644, o->force);
	gnutls_free(out.data);
	if (ret == 0) {
		ret = bundle_key_out(cli, o, b->key, new_password);
		if (ret < 0 && fresh)
			unlink(o->outfile);
	}
	if (ret == 0)
		fprintf(stderr,
			dngettext(
			    CD_TEXTDOMAIN, "%s import: %u certificate, in %s\n",
			    "%s import: %u certificates, in %s\n", b->count),
			cli->progname, b->count, where(o->outfile));
	if (ret == 0 && b->key && o->key_outfile == NULL)
		cd_warn(&cli->ctx,
			_("%s: its private key was not written; give "
			  "--key-outfile F for it"),
			o->infile);
	return ret;
}

static int bundle_record(struct cli *cli, const struct import_opts *o,
			 const struct cd_bundle *b, const char *new_password)
{
	struct cd_store *store = NULL;
	int ret = cd_store_open(&cli->ctx, cli->store_dir, &store);

	if (ret == 0)
		ret = cd_import_record(&cli->ctx, store, o->name, b,
				       new_password);
	if (ret == 0 && b->key)
		printf(_("imported %s (issued/%s.crt, private/%s.key)\n"),
		       o->name, o->name, o->name);
	else if (ret == 0)
		printf(_("imported %s (issued/%s.crt)\n"), o->name, o->name);
	cd_store_close(store);
	return ret;
}

/* import --name of certificates or a request: into the store. */
static int record_public(struct cli *cli, const struct import_opts *o,
			 enum cd_content content)
{
	struct cd_store *store = NULL;
	int has_key = 0, ret;

	if (o->outfile || o->der || new_password_given(o) || o->no_encrypt ||
	    o->ask_password || o->password_file || o->password_fd >= 0)
		return cli_usage_error(
		    cli, "import",
		    _("%s: with --name, %s goes into the store: no --outfile, "
		      "--der or password flags"),
		    o->infile, cd_content_name(content));
	ret = cd_store_open(&cli->ctx, cli->store_dir, &store);
	if (ret == 0 && content == CD_CONTENT_REQUEST)
		ret = cd_import_request_into_store(&cli->ctx, store, o->infile,
						   o->name);
	else if (ret == 0)
		ret = cd_import_into_store(&cli->ctx, store, o->infile, NULL,
					   o->name, &has_key);
	if (ret == 0 && content == CD_CONTENT_REQUEST)
		printf(_("imported the request %s (reqs/%s.req), its "
			 "signature checked: 'certdeck sign %s' signs it\n"),
		       o->name, o->name, o->name);
	else if (ret == 0)
		printf(_("imported %s (issued/%s.crt)\n"), o->name, o->name);
	cd_store_close(store);
	return cli_finish(cli, ret);
}

static int import_bundle(struct cli *cli, const struct import_opts *o,
			 const gnutls_datum_t *data, int pkcs12)
{
	struct cd_bundle b;
	char *password = NULL, *new_password = NULL;
	int ret = 0;

	memset(&b, 0, sizeof(b));
	if (!pkcs12 &&
	    (o->ask_password || o->password_file || o->password_fd >= 0 ||
	     new_password_given(o) || o->no_encrypt || o->key_outfile))
		return cli_usage_error(cli, "import",
				       _("%s: a PKCS #7 bundle holds no key; "
					 "password flags and --key-outfile go "
					 "with PKCS #12"),
				       o->infile);
	if (pkcs12 && o->key_outfile && !new_password_given(o) &&
	    !o->no_encrypt)
		return cli_usage_error(
		    cli, "import",
		    _("%s: give --new-password-file or --new-password-fd to "
		      "keep the key encrypted, or --no-encrypt to write it in "
		      "the clear"),
		    o->infile);
	if (o->key_outfile)
		ret = cli_key_output_check(cli, "import", o->key_outfile,
					   o->force);
	if (ret == 0 && o->name == NULL)
		ret = cli_outfile_check(cli, "import", o->outfile, o->force);
	if (ret != 0)
		return ret;
	if (pkcs12)
		ret = cli_key_password(
		    cli, o->password_file, o->password_fd,
		    _("Enter the PKCS #12 file's password: "), 0, &password);
	if (ret == 0 && pkcs12)
		ret =
		    cd_import_pkcs12(&cli->ctx, data, o->infile, password, &b);
	else if (ret == 0)
		ret = cd_import_pkcs7(&cli->ctx, data, o->infile, &b);
	if (ret == 0 && new_password_given(o))
		ret =
		    cli_key_password(cli, o->new_password_file,
				     o->new_password_fd, "", 0, &new_password);
	if (ret == 0 && o->name)
		ret = bundle_record(cli, o, &b, new_password);
	else if (ret == 0)
		ret = bundle_out(cli, o, &b, new_password);
	cd_bundle_free(&b);
	cli_password_free(password);
	cli_password_free(new_password);
	return cli_finish(cli, ret);
}

static int import_run(struct cli *cli, int argc, char **argv)
{
	struct import_opts o;
	gnutls_datum_t data = {NULL, 0};
	enum cd_content content;
	int ret = import_parse(cli, argc, argv, &o);

	if (ret != 0)
		return ret;
	if (o.help) {
		import_help();
		return CLI_EXIT_OK;
	}
	ret = cd_file_read(&cli->ctx, o.infile, 0, &data);
	if (ret < 0)
		return cli_finish(cli, ret);
	content = cd_content_identify(&data);
	if (cd_import_is_pkcs12(&data))
		ret = import_bundle(cli, &o, &data, 1);
	else if (cd_import_is_pkcs7(&data))
		ret = import_bundle(cli, &o, &data, 0);
	else if (o.name && !o.key_outfile &&
		 (content == CD_CONTENT_CERTIFICATE ||
		  content == CD_CONTENT_REQUEST))
		ret = record_public(cli, &o, content);
	else if (o.name &&
		 cd_import_key_with_certificates(&cli->ctx, &data, o.infile))
		ret = cli_finish(cli, CD_E_UNSUPPORTED);
	else if ((o.name || o.key_outfile) && content != CD_CONTENT_UNKNOWN)
		ret = cli_usage_error(
		    cli, "import",
		    _("%s: --name goes with certificates, requests and "
		      "bundles, --key-outfile with PKCS #12 and PKCS #7 "
		      "bundles"),
		    o.infile);
	else
		switch (content) {
		case CD_CONTENT_PRIVKEY:
			ret = import_key(cli, &o, &data);
			break;
		case CD_CONTENT_CERTIFICATE:
		case CD_CONTENT_REQUEST:
			ret = import_public(cli, &o, &data, content);
			break;
		case CD_CONTENT_UNKNOWN:
			ret = cli_finish(
			    cli,
			    cd_error(&cli->ctx, CD_E_PARSE,
				     _("%s: holds nothing certdeck recognises; "
				       "expected a "
				       "private key, certificates or a "
				       "certificate request, "
				       "PEM or DER (truncated or damaged?)"),
				     o.infile));
			break;
		default:
			ret = cli_finish(
			    cli,
			    cd_error(&cli->ctx, CD_E_PARSE,
				     _("%s: holds %s; expected a private key, "
				       "certificates or a certificate request"),
				     o.infile, cd_content_name(content)));
			break;
		}
	cd_datum_wipe(&data);
	return ret;
}

const struct cli_command cli_cmd_import = {
    "import",
    IMPORT_ARGS,
    N_("bring in a key (as PKCS #8, 0600), certificates or a request"),
    import_run,
};
