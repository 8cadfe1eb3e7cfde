/* certdeck ocsp-serve: an OCSP responder over HTTP on loopback, from the
 * store's index.txt (openssl ocsp -index ... -port, headless). */
#include <config.h>

#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "echolog.h"
#include "i18n.h"
#include "keyio.h"
#include "storeopts.h"
#include "ocsp.h"

#define OCSP_SERVE_ARGS                                                        \
	N_("[--bind ADDR] [--port N] [--signer NAME] [--next-update MINUTES] " \
	   "[--password-file F | --password-fd N]")

enum {
	OPT_BIND = 1,
	OPT_PORT,
	OPT_SIGNER,
	OPT_NEXT,
	OPT_PWFILE,
	OPT_PWFD,
	OPT_HELP,
};

static const struct cli_flag ocsp_flags[] = {
    CLI_FLAGS_LISTEN(OPT_BIND, OPT_PORT),
    {{"signer", required_argument, NULL, OPT_SIGNER},
     N_("NAME"),
     N_("sign with the store's issued/NAME.crt, a delegated OCSP signer "
	"(default: the CA signs)")},
    {{"next-update", required_argument, NULL, OPT_NEXT},
     N_("MINUTES"),
     N_("give each status a next update so many minutes on (default: "
	"none)")},
    CLI_FLAGS_KEY_PASSWORD(OPT_PWFILE, OPT_PWFD),
    {{"help", no_argument, NULL, OPT_HELP}, NULL, N_("this help")},
};

#define N_FLAGS (sizeof(ocsp_flags) / sizeof(ocsp_flags[0]))

struct ocsp_opts {
	struct cd_ocsp_server_params sp;
	struct cd_ocsp_responder_params rp;
	const char *password_file;
	int password_fd, help;
};

static void ocsp_help(void)
{
	printf(_("Usage: certdeck [-d DIR] ocsp-serve %s\n\n%s\n\n"),
	       _(OCSP_SERVE_ARGS),
	       _("Answer OCSP requests (RFC 6960, POST or GET over HTTP) "
		 "from the store's index.txt: good, revoked (with its time "
		 "and reason) or unknown, the nonce echoed, signed by the CA "
		 "or by a delegated OCSP signer. Prints \"Listening on "
		 "ADDRESS:PORT\" once ready, logs each request on standard "
		 "error, and exits 0 on SIGTERM or SIGINT."));
	cli_flags_help(ocsp_flags, N_FLAGS);
}

static const struct cli_kept_flag ocsp_kept[] = {
    {OPT_BIND, CLI_KEEP_TEXT, offsetof(struct ocsp_opts, sp.bind)},
    {OPT_PWFILE, CLI_KEEP_TEXT, offsetof(struct ocsp_opts, password_file)},
    {OPT_HELP, CLI_KEEP_SET, offsetof(struct ocsp_opts, help)},
};

static int take_flag(struct cli *cli, int opt, const char *arg, void *data)
{
	struct ocsp_opts *o = data;
	long v;

	if (cli_take_kept(ocsp_kept, sizeof(ocsp_kept) / sizeof(ocsp_kept[0]),
			  opt, arg, data))
		return 0;
	switch (opt) {
	case OPT_PORT:
		if (cli_parse_long(cli, "ocsp-serve", "--port", arg, 0, 65535,
				   &v))
			return CLI_EXIT_USAGE;
		o->sp.port = (unsigned)v;
		return 0;
	case OPT_SIGNER:
		if (cd_store_name_check(&cli->ctx, arg) < 0)
			return cli_usage_error(cli, "ocsp-serve",
					       "--signer: %s",
					       cd_ctx_message(&cli->ctx));
		o->rp.signer = arg;
		return 0;
	case OPT_NEXT:
		if (cli_parse_long(cli, "ocsp-serve", "--next-update", arg, 1,
				   525600, &v))
			return CLI_EXIT_USAGE;
		o->rp.next_update_s = (unsigned long)v * 60;
		return 0;
	case OPT_PWFD:
		return cli_parse_fd(cli, "ocsp-serve", "--password-fd", arg,
				    &o->password_fd);
	default:
		return cli_usage_error(cli, "ocsp-serve",
				       _("unexpected option"));
	}
}

static int ocsp_parse(struct cli *cli, int argc, char **argv,
		      struct ocsp_opts *o)
{
	int ret;

	o->password_fd = -1;
	ret = cli_flags_parse(cli, "ocsp-serve", argc, argv, ocsp_flags,
			      N_FLAGS, take_flag, o);
	if (ret != 0 || o->help)
		return ret;
	if (optind < argc)
		return cli_usage_error(cli, "ocsp-serve",
				       _("unexpected argument '%s'"),
				       argv[optind]);
	if (o->password_file && o->password_fd >= 0)
		return cli_usage_error(cli, "ocsp-serve",
				       _("give --password-file or "
					 "--password-fd, not both"));
	return 0;
}

/* The password of the signing key, when it is encrypted. */
static int signing_password(struct cli *cli, const struct cd_store *store,
			    struct ocsp_opts *o, char **out)
{
	char rel[512];
	char *path;
	int ret;

	*out = NULL;
	if (o->rp.signer == NULL && store->key_url)
		return cli_token_pin(cli, o->password_file, o->password_fd,
				     out);
	snprintf(rel, sizeof(rel), "private/%s.key",
		 o->rp.signer ? o->rp.signer : "ca");
	path = cd_store_path(store, rel);
	if (path == NULL)
		return cd_error(&cli->ctx, CD_E_NOMEM, _("out of memory"));
	if (cd_file_exists(path))
		ret = cli_echo_key_password(cli, "ocsp-serve", path,
					    o->password_file, o->password_fd,
					    out);
	else if (o->password_file || o->password_fd >= 0)
		ret = cli_key_password(cli, o->password_file, o->password_fd,
				       NULL, 0, out);
	else
		ret = 0;
	free(path);
	return ret;
}

static void log_event(void *arg, const struct cd_ocsp_event *ev)
{
	(void)arg;
	fprintf(stderr, "%s\n", ev->text);
}

static struct cd_ocsp_server *running;

static void on_signal(int sig)
{
	(void)sig;
	if (running)
		cd_ocsp_server_stop(running);
}

static int serve(struct cli *cli, struct cd_ocsp_responder *r,
		 struct ocsp_opts *o)
{
	int ret;

	ret =
	    cd_ocsp_server_new(&cli->ctx, &o->sp, r, log_event, NULL, &running);
	if (ret < 0)
		return ret;
	cli_server_ready(on_signal, cd_ocsp_server_address(running));
	ret = cd_ocsp_server_run(running);
	cd_ocsp_server_free(running);
	running = NULL;
	return ret;
}

static int ocsp_serve(struct cli *cli, struct ocsp_opts *o)
{
	struct cd_store *store = NULL;
	struct cd_ocsp_responder *r = NULL;
	char *password = NULL;
	int ret = cd_store_open(&cli->ctx, cli->store_dir, &store);

	if (ret == 0)
		ret = signing_password(cli, store, o, &password);
	o->rp.password = password;
	if (ret == 0)
		ret = cd_ocsp_responder_new(&cli->ctx, store, &o->rp, &r);
	cli_password_free(password);
	if (ret == 0)
		ret = serve(cli, r, o);
	cd_ocsp_responder_free(r);
	cd_store_close(store);
	return ret;
}

static int ocsp_run(struct cli *cli, int argc, char **argv)
{
	struct ocsp_opts o;
	int ret;

	memset(&o, 0, sizeof(o));
	ret = ocsp_parse(cli, argc, argv, &o);
	if (ret == 0 && o.help)
		ocsp_help();
	else if (ret == 0)
		ret = cli_finish(cli, ocsp_serve(cli, &o));
	return ret;
}

const struct cli_command cli_cmd_ocsp_serve = {
    "ocsp-serve", OCSP_SERVE_ARGS,
    N_("an OCSP responder over HTTP, from the store's index"), ocsp_run};
