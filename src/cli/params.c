/* certdeck: keyword flags and shared issuing flags. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "keyio.h"
#include "params.h"

#define FLAG_NAME_MAX 40

static size_t keyword_count(void)
{
	size_t n = 0;

	while (cd_profile_keywords[n].name != NULL)
		n++;
	return n;
}

/* "dns_name" -> "dns-name", kept for the life of the process. */
static const char *flag_name(size_t i)
{
	static char names[128][FLAG_NAME_MAX];
	char *p;

	if (names[i][0] == '\0') {
		snprintf(names[i], FLAG_NAME_MAX, "%s",
			 cd_profile_keywords[i].name);
		for (p = names[i]; *p; p++)
			if (*p == '_')
				*p = '-';
	}
	return names[i];
}

struct option *cli_params_options(const struct option *own, size_t n)
{
	size_t k = keyword_count(), i;
	struct option *opts = calloc(n + k + 1, sizeof(*opts));

	if (opts == NULL || k > 128)
		return NULL;
	memcpy(opts, own, n * sizeof(*opts));
	for (i = 0; i < k; i++) {
		opts[n + i].name = flag_name(i);
		opts[n + i].has_arg = cd_profile_keywords[i].type == CD_KW_BOOL
					  ? no_argument
					  : required_argument;
		opts[n + i].val = CLI_PARAMS_BASE + (int)i;
	}
	return opts;
}

int cli_params_take(struct cli_params *cp, int opt, const char *arg)
{
	struct cli_params_flag *grown;
	size_t i = (size_t)(opt - CLI_PARAMS_BASE);

	if (opt < CLI_PARAMS_BASE || i >= keyword_count())
		return 0;
	grown = realloc(cp->flags, (cp->n + 1) * sizeof(*grown));
	if (grown == NULL)
		return -1;
	cp->flags = grown;
	cp->flags[cp->n].kw = &cd_profile_keywords[i];
	cp->flags[cp->n].value = arg;
	cp->n++;
	return 1;
}

/* Has keyword KW appeared among the flags before index I? */
static int seen_before(const struct cli_params *cp, size_t i)
{
	size_t j;

	for (j = 0; j < i; j++)
		if (cp->flags[j].kw == cp->flags[i].kw)
			return 1;
	return 0;
}

int cli_params_apply(struct cli *cli, struct cli_params *cp,
		     struct cd_cert_params *params)
{
	int ret = 0;

	if (cp->template_path != NULL)
		ret = cd_profile_load(&cli->ctx, cp->template_path, params);
	return ret < 0 ? ret : cli_params_apply_flags(cli, cp, params);
}

int cli_params_apply_flags(struct cli *cli, struct cli_params *cp,
			   struct cd_cert_params *params)
{
	char origin[FLAG_NAME_MAX + 3];
	size_t i;
	int ret;

	for (i = 0; i < cp->n; i++) {
		if (!seen_before(cp, i))
			cd_profile_clear(params, cp->flags[i].kw);
		snprintf(
		    origin, sizeof(origin), "--%s",
		    flag_name((size_t)(cp->flags[i].kw - cd_profile_keywords)));
		ret = cd_profile_set(&cli->ctx, params, cp->flags[i].kw->name,
				     cp->flags[i].value, origin);
		if (ret < 0)
			return ret;
	}
	return 0;
}

void cli_params_free(struct cli_params *cp)
{
	free(cp->flags);
	cp->flags = NULL;
	cp->n = 0;
}

void cli_params_help(FILE *out, int (*taken)(const char *flag, void *arg),
		     void *arg)
{
	size_t i;
	char left[FLAG_NAME_MAX + 16];

	fputs(_("Template keywords (a flag overrides the template):\n"), out);
	for (i = 0; cd_profile_keywords[i].name != NULL; i++) {
		if (taken && taken(flag_name(i), arg))
			continue;
		snprintf(left, sizeof(left), "--%s%s%s", flag_name(i),
			 cd_profile_keywords[i].type == CD_KW_BOOL ? "" : " ",
			 cd_profile_keywords[i].type == CD_KW_BOOL
			     ? ""
			     /* L10N: a template keyword's value in --help */
			     : _("VALUE"));
		cli_help_line(out, 32, left, _(cd_profile_keywords[i].help));
	}
}

int cli_load_privkey(struct cli *cli, const char *path,
		     const char *password_file, int password_fd,
		     gnutls_privkey_t *out)
{
	gnutls_datum_t data = {NULL, 0};
	gnutls_x509_privkey_t xkey = NULL;
	char *password = NULL;
	int ret;

	*out = NULL;
	ret = cd_file_read(&cli->ctx, path, 0, &data);
	if (ret < 0)
		return ret;
	if (cd_key_is_encrypted(&data) || password_file || password_fd >= 0)
		ret = cli_password_read(cli, password_file, password_fd,
					_("Enter the key's password: "), 0,
					&password);
	if (ret == 0)
		ret = cd_key_import(&cli->ctx, &data, path, password, &xkey);
	if (ret == 0)
		ret = cd_key_to_privkey(&cli->ctx, xkey, out);
	cli_password_free(password);
	if (xkey)
		gnutls_x509_privkey_deinit(xkey);
	gnutls_memset(data.data, 0, data.size);
	gnutls_free(data.data);
	return ret;
}

int cli_write_output(struct cli *cli, const char *path,
		     const gnutls_datum_t *data)
{
	if (path == NULL || strcmp(path, "-") == 0) {
		if (fwrite(data->data, 1, data->size, stdout) != data->size ||
		    fflush(stdout) != 0)
			return cd_error(&cli->ctx, CD_E_IO,
					_("cannot write to standard output"));
		return 0;
	}
	if (cd_store_replace_check(&cli->ctx, path) < 0)
		return CD_E_EXISTS;
	return cd_file_write_atomic(&cli->ctx, path, data->data, data->size,
				    0644, 0);
}

enum {
	OPT_PRIVKEY = 256,
	OPT_PUBKEY,
	OPT_REQUEST,
	OPT_CA_CERT,
	OPT_CA_KEY,
	OPT_OUTFILE,
	OPT_TEMPLATE,
	OPT_PWFILE,
	OPT_PWFD,
	OPT_NOTEXT,
	OPT_CHECK,
	OPT_HELP,
	OPT_FORCE,
	OPT_NEWKEY,
	OPT_KEYTYPE,
	OPT_BITS,
	OPT_CURVE,
};

static const struct cli_gated_flag issue_flags[] = {
    {{"load-privkey", required_argument, NULL, OPT_PRIVKEY},
     CLI_F_PRIVKEY,
     N_("the subject's private key (PEM or DER)")},
    {{"load-pubkey", required_argument, NULL, OPT_PUBKEY},
     CLI_F_PUBKEY,
     N_("the subject's public key, instead of a key")},
    {{"load-request", required_argument, NULL, OPT_REQUEST},
     CLI_F_REQUEST,
     N_("the PKCS #10 request to sign")},
    {{"load-ca-certificate", required_argument, NULL, OPT_CA_CERT},
     CLI_F_CA,
     N_("the CA certificate")},
    {{"load-ca-privkey", required_argument, NULL, OPT_CA_KEY},
     CLI_F_CA,
     N_("the CA private key")},
    {{"password-file", required_argument, NULL, OPT_PWFILE},
     CLI_F_PASSWORD,
     N_("read the key password from this file")},
    {{"password-fd", required_argument, NULL, OPT_PWFD},
     CLI_F_PASSWORD,
     N_("read the key password from this descriptor")},
    {{"no-text", no_argument, NULL, OPT_NOTEXT},
     CLI_F_NOTEXT,
     N_("write the PEM only, without the description")},
    {{"check", required_argument, NULL, OPT_CHECK},
     CLI_F_CHECK,
     N_("validate this template and say where it is wrong")},
    {{"force", no_argument, NULL, OPT_FORCE},
     CLI_F_FORCE,
     N_("sign even when lint finds errors")},
    {{"new-key", required_argument, NULL, OPT_NEWKEY},
     CLI_F_NEWKEY,
     N_("generate the key, written to this new file (0600)")},
    {{"key-type", required_argument, NULL, OPT_KEYTYPE},
     CLI_F_NEWKEY,
     N_("with --new-key: rsa (default), ecdsa, ed25519 or ed448")},
    {{"bits", required_argument, NULL, OPT_BITS},
     CLI_F_NEWKEY,
     N_("with --new-key: RSA modulus, 2048, 3072 (default) or 4096")},
    {{"curve", required_argument, NULL, OPT_CURVE},
     CLI_F_NEWKEY,
     N_("with --new-key: ECDSA curve, p256 (default), p384 or p521")},
    {{"template", required_argument, NULL, OPT_TEMPLATE},
     0,
     N_("a certtool template")},
    {{"outfile", required_argument, NULL, OPT_OUTFILE},
     0,
     N_("write here (default: standard output)")},
    {{"help", no_argument, NULL, OPT_HELP}, 0, N_("this help")},
};

#define ISSUE_FLAGS (sizeof(issue_flags) / sizeof(issue_flags[0]))

/* Is FLAG one of the command's own (ALLOWED) flags? */
static int issue_flag_taken(const char *flag, void *arg)
{
	return cli_gated_has(issue_flags, ISSUE_FLAGS, *(const unsigned *)arg,
			     flag);
}

void cli_issue_help(const char *name, const char *synopsis, unsigned allowed)
{
	printf(_("Usage: certdeck %s %s\n\n"), name, _(synopsis));
	cli_gated_help(issue_flags, ISSUE_FLAGS, allowed);
	putchar('\n');
	cli_params_help(stdout, issue_flag_taken, &allowed);
}

static int take_issue_flag(struct cli *cli, int opt, const char *arg,
			   const char *name, struct cli_issue_opts *o)
{
	long fd;

	switch (opt) {
	case OPT_PRIVKEY:
		o->privkey = arg;
		break;
	case OPT_PUBKEY:
		o->pubkey = arg;
		break;
	case OPT_REQUEST:
		o->request = arg;
		break;
	case OPT_CA_CERT:
		o->ca_cert = arg;
		break;
	case OPT_CA_KEY:
		o->ca_privkey = arg;
		break;
	case OPT_OUTFILE:
		o->outfile = arg;
		break;
	case OPT_TEMPLATE:
		o->params.template_path = arg;
		break;
	case OPT_PWFILE:
		o->password_file = arg;
		break;
	case OPT_NOTEXT:
		o->no_text = 1;
		break;
	case OPT_CHECK:
		o->check = arg;
		break;
	case OPT_HELP:
		o->help = 1;
		break;
	case OPT_FORCE:
		o->force = 1;
		break;
	case OPT_NEWKEY:
		o->new_key = arg;
		break;
	case OPT_KEYTYPE:
	case OPT_CURVE:
		if ((opt == OPT_KEYTYPE
			 ? cd_key_type_parse(&cli->ctx, arg, &o->key.pk)
			 : cd_key_curve_parse(&cli->ctx, arg, &o->key.curve)) <
		    0)
			return cli_usage_error(cli, name, "%s",
					       cd_ctx_message(&cli->ctx));
		o->key_flags = 1;
		break;
	case OPT_BITS:
		if (cli_parse_long(cli, name, "--bits", arg, 2048, 16384,
				   &fd) != 0)
			return CLI_EXIT_USAGE;
		o->key.bits = (unsigned)fd;
		o->key_flags = 1;
		break;
	case OPT_PWFD:
		if (cli_parse_long(cli, name, "--password-fd", arg, 0, 1023,
				   &fd) != 0)
			return CLI_EXIT_USAGE;
		o->password_fd = (int)fd;
		break;
	default:
		return -1;
	}
	return 0;
}

static struct option *issue_options(unsigned allowed)
{
	struct option own[ISSUE_FLAGS];

	return cli_params_options(
	    own, cli_gated_options(issue_flags, ISSUE_FLAGS, allowed, own));
}

/* --outfile must not be one of the files read or written beside it: a
 * key would be replaced by its own request. */
static int outfile_distinct(struct cli *cli, const char *command,
			    const struct cli_issue_opts *o)
{
	const struct {
		const char *flag, *path;
	} others[] = {
	    {"--new-key", o->new_key},
	    {"--load-privkey", o->privkey},
	    {"--load-pubkey", o->pubkey},
	    {"--load-request", o->request},
	    {"--load-ca-certificate", o->ca_cert},
	    {"--load-ca-privkey", o->ca_privkey},
	    {"--template", o->params.template_path},
	};
	size_t i;

	for (i = 0; o->outfile && i < sizeof(others) / sizeof(others[0]); i++)
		if (cli_same_file(o->outfile, others[i].path))
			return cli_usage_error(
			    cli, command,
			    /* L10N: the file, then the other flag naming it */
			    _("--outfile %s is the file of %s too: it would "
			      "be lost; choose another file"),
			    o->outfile, others[i].flag);
	return 0;
}

int cli_issue_parse(struct cli *cli, int argc, char **argv, unsigned allowed,
		    struct cli_issue_opts *o)
{
	struct option *opts = issue_options(allowed);
	int opt, ret = 0;

	memset(o, 0, sizeof(*o));
	o->password_fd = -1;
	cd_key_params_init(&o->key);
	if (opts == NULL)
		return cli_finish(
		    cli, cd_error(&cli->ctx, CD_E_NOMEM, _("out of memory")));
	while (ret == 0 &&
	       (opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (opt == '?' || opt == ':') {
			ret = cli_bad_option(cli, argv[0], argc, argv);
			break;
		}
		if (cli_params_take(&o->params, opt, optarg) != 0)
			continue;
		ret = take_issue_flag(cli, opt, optarg, argv[0], o);
		if (ret < 0)
			ret = cli_bad_option(cli, argv[0], argc, argv);
	}
	if (ret == 0 && o->key_flags && o->new_key == NULL)
		ret = cli_usage_error(cli, argv[0],
				      _("--key-type, --bits and --curve go "
					"with --new-key FILE"));
	if (ret == 0 && o->new_key &&
	    cd_key_params_check(&cli->ctx, &o->key) < 0)
		ret = cli_usage_error(cli, argv[0], "%s",
				      cd_ctx_message(&cli->ctx));
	if (ret == 0 && optind < argc)
		ret = cli_usage_error(
		    cli, argv[0], _("unexpected argument '%s'"), argv[optind]);
	if (ret == 0)
		ret = outfile_distinct(cli, argv[0], o);
	free(opts);
	return ret;
}
