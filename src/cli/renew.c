/* certdeck renew, rekey, reissue: replace a certificate of the store with
 * a new one under the same name (src/renew.h), or renew the CA itself. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "i18n.h"
#include "lintprint.h"
#include "renew.h"
#include "storeopts.h"

/* One of the three commands. */
struct renew_command {
	const char *name;
	enum cd_renew_kind kind;
	unsigned flags;
	const char *args;
	const char *help;
};

static const struct renew_command renew_commands[] = {
    {"renew", CD_RENEW_SAME_KEY,
     CLI_S_PASSWORD | CLI_S_RENEW | CLI_S_EXPIRY | CLI_S_RENEW_CA | CLI_S_FORCE,
     N_("NAME|--ca [--expiration-days N] [--revoke-old] [--force]"),
     N_("Renew the certificate NAME: the same key, subject and extensions, "
	"a new serial and validity (by default as long as the old one's). "
	"issued/NAME.crt becomes the new certificate; the old one stays in "
	"certs_by_serial/. With --ca, the CA's own certificate is renewed "
	"with its key, subject and key identifier, so that every "
	"certificate it issued still verifies; the old ca.crt is kept as "
	"renewed/ca/SERIAL.crt.")},
    {"rekey", CD_RENEW_NEW_KEY,
     CLI_S_PASSWORD | CLI_S_RENEW | CLI_S_EXPIRY | CLI_S_KEY | CLI_S_FORCE,
     N_("NAME [--key-type T [--bits N|--curve C]] [--expiration-days N] "
	"[--revoke-old] [--force]"),
     N_("Re-key the certificate NAME: a new key (of the old key's type "
	"and size unless given), the same subject and extensions, a new "
	"serial and validity. The new key replaces private/NAME.key, and "
	"its request reqs/NAME.req; the old key and request are kept as "
	"renewed/private_by_serial/SERIAL.key and "
	"renewed/reqs_by_serial/SERIAL.req (SERIAL: the old "
	"certificate's).")},
    {"reissue", CD_RENEW_REISSUE,
     CLI_S_PASSWORD | CLI_S_RENEW | CLI_S_PROFILE | CLI_S_PROFILE_NAME |
	 CLI_S_FORCE,
     N_("NAME [--template FILE|--profile NAME] [FLAGS] [--revoke-old] "
	"[--force]"),
     N_("Re-issue the certificate NAME with the same key: the old "
	"certificate's subject and extensions (and validity length) are the "
	"starting template, the keywords of --template FILE (or of the "
	"store's --profile NAME) and the keyword flags replace theirs, and "
	"the CA signs the result under a new serial.")},
};

/* The template of a re-issue: the old certificate's, edited. */
static int reissue_params(struct cli *cli, struct cli_store_opts *o,
			  const struct cd_store *store, const char *name,
			  struct cd_cert_params *params)
{
	struct cd_cert_params over;
	gnutls_x509_crt_t old = NULL;
	const char *template_path = o->params.template_path;
	int ret = cd_renew_load(&cli->ctx, store, name, &old);

	/* The template (or profile) edits the old certificate's answers,
	 * its lists replacing theirs; then the flags edit the result. */
	cd_profile_init(&over);
	if (ret == 0)
		ret = cd_renew_params_of(&cli->ctx, old, params);
	if (ret == 0 && template_path)
		ret = cd_profile_load(&cli->ctx, template_path, &over);
	else if (ret == 0 && o->profile)
		ret =
		    cd_store_load_profile(&cli->ctx, store, o->profile, &over);
	if (ret == 0)
		ret = cd_renew_params_merge(&cli->ctx, params, &over);
	if (ret == 0)
		ret = cli_params_apply_flags(cli, &o->params, params);
	cd_profile_free(&over);
	if (old)
		gnutls_x509_crt_deinit(old);
	return ret;
}

/* What the command line gives cd_renew() to lint with, as sign does. */
struct renew_lint {
	struct cli *cli;
	const char *name;
	int force;
};

static int lint_before_signing(struct cd_ctx *ctx, gnutls_x509_crt_t crt,
			       gnutls_x509_crt_t issuer, void *arg)
{
	struct renew_lint *l = arg;

	(void)ctx; /* the command line's own */
	return cli_lint_before_signing(l->cli, l->name, crt,
				       issuer ? issuer : crt, l->force);
}

static void print_result(const struct renew_command *c, const char *name,
			 const struct cd_renew_params *p,
			 const struct cd_renew_result *res)
{
	char date[32];
	struct tm tm;

	gmtime_r(&res->not_after, &tm);
	strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%SZ", &tm);
	/* L10N: the command (renew, rekey, reissue), the name, the old and
	 * new serials, the new certificate's end of validity. */
	printf(_("%s %s: serial %s replaced by %s, valid until %s\n"), c->name,
	       name, res->old_serial, res->new_serial, date);
	if (p->revoke_old)
		printf(_("revoked %s as superseded\n%s\n"), res->old_serial,
		       _("crl.pem says it once the next CRL is made: "
			 "certdeck crl"));
	if (res->kept[0] && p->name)
		printf(_("the old key is kept as %s\n"), res->kept);
	else if (res->kept[0])
		printf(_("the old CA certificate is kept as %s\n"), res->kept);
	if (res->kept_request[0])
		printf(_("the old request is kept as %s\n"), res->kept_request);
}

static int renew(struct cli *cli, const struct renew_command *c,
		 struct cli_store_opts *o, const char *name)
{
	struct renew_lint lint = {cli, name ? name : "ca", o->force};
	struct cd_renew_params p = {
	    .kind = c->kind,
	    .name = name,
	    .days = o->expiration_days,
	    .revoke_old = o->revoke_old,
	    .check = lint_before_signing,
	    .check_arg = &lint,
	    .force = o->force,
	};
	struct cd_renew_result res;
	struct cd_cert_params params;
	struct cd_store *store = NULL;
	gnutls_privkey_t ca_key = NULL;
	int ret;

	cd_profile_init(&params);
	if (c->kind == CD_RENEW_NEW_KEY && o->key_given)
		p.key = &o->key;
	ret = cd_store_open(&cli->ctx, cli->store_dir, &store);
	if (ret == 0 && c->kind == CD_RENEW_REISSUE) {
		ret = reissue_params(cli, o, store, name, &params);
		p.params = &params;
	}
	if (ret == 0)
		ret = cli_store_ca_key(cli, o, store, &ca_key);
	if (ret == 0)
		ret = cd_renew(&cli->ctx, store, &p, ca_key, &res);
	if (ret == 0)
		print_result(c, name ? name : "ca", &p, &res);
	if (ca_key)
		gnutls_privkey_deinit(ca_key);
	cd_profile_free(&params);
	cd_store_close(store);
	return ret;
}

static int renew_run_command(const struct renew_command *c, struct cli *cli,
			     int argc, char **argv)
{
	struct cli_store_opts o;
	int ret = cli_store_parse(cli, argc, argv, c->flags, &o);
	int n_args = argc - o.first_arg;

	if (ret == 0 && o.help)
		cli_store_help(c->name, c->args, c->help, c->flags);
	else if (ret == 0 && o.renew_ca && n_args != 0)
		ret = cli_usage_error(cli, c->name,
				      _("--ca renews the CA: give no NAME"));
	else if (ret == 0 && !o.renew_ca && n_args != 1)
		ret = cli_usage_error(cli, c->name,
				      _("expected one NAME (see --help)"));
	else if (ret == 0)
		ret = cli_finish(
		    cli,
		    renew(cli, c, &o, o.renew_ca ? NULL : argv[o.first_arg]));
	cli_store_opts_free(&o);
	return ret;
}

static int renew_run(struct cli *cli, int argc, char **argv)
{
	return renew_run_command(&renew_commands[0], cli, argc, argv);
}

static int rekey_run(struct cli *cli, int argc, char **argv)
{
	return renew_run_command(&renew_commands[1], cli, argc, argv);
}

static int reissue_run(struct cli *cli, int argc, char **argv)
{
	return renew_run_command(&renew_commands[2], cli, argc, argv);
}

const struct cli_command cli_cmd_renew = {
    "renew",
    N_("NAME|--ca [--expiration-days N] [--revoke-old] [--force]"),
    N_("a new validity for a certificate of the store, or the CA: same "
       "key"),
    renew_run,
};

const struct cli_command cli_cmd_rekey = {
    "rekey",
    N_("NAME [--key-type T [--bits N|--curve C]] [--expiration-days N] "
       "[--revoke-old] [--force]"),
    N_("a new key for a certificate of the store: same subject and "
       "extensions"),
    rekey_run,
};

const struct cli_command cli_cmd_reissue = {
    "reissue",
    N_("NAME [--template FILE|--profile NAME] [FLAGS] [--revoke-old] "
       "[--force]"),
    N_("sign a certificate of the store again, its template edited: same "
       "key"),
    reissue_run,
};
