/* certdeck serve: the TLS echo server, headless (gnutls-serv --echo). */
#include <config.h>

#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "echolog.h"
#include "i18n.h"
#include "expiry.h"
#include "ocsp.h"
#include "revoke.h"
#include "storeopts.h"
#include "keyio.h"

#define SERVE_ARGS                                                             \
	N_("[--bind ADDR] [--port N] (--cert FILE --key FILE | --name NAME) "  \
	   "[--ca FILE] [--request-client-cert | --require-client-cert] "      \
	   "[--crl FILE] [--tls1.2 | --tls1.3] [--priority STRING] [--http] "  \
	   "[--workers N] [--max-connections N] [--max-line BYTES] "           \
	   "[--handshake-timeout SECONDS] [--password-file F | "               \
	   "--password-fd N] [--quiet] [--ocsp-staple FILE | "                 \
	   "--ocsp-staple-store [--ocsp-signer NAME] "                         \
	   "[--ocsp-validity SECONDS] [--ocsp-password-file F]]")

enum {
	OPT_BIND = 1,
	OPT_PORT,
	OPT_CERT,
	OPT_KEY,
	OPT_NAME,
	OPT_CA,
	OPT_REQUEST,
	OPT_REQUIRE,
	OPT_CRL,
	OPT_TLS12,
	OPT_TLS13,
	OPT_PRIORITY,
	OPT_HTTP,
	OPT_WORKERS,
	OPT_MAXCONN,
	OPT_MAXLINE,
	OPT_HSTIMEOUT,
	OPT_PWFILE,
	OPT_PWFD,
	OPT_QUIET,
	OPT_STAPLE,
	OPT_STAPLE_STORE,
	OPT_SIGNER,
	OPT_VALIDITY,
	OPT_OCSP_PWFILE,
	OPT_HELP,
};

static const struct cli_flag serve_flags[] = {
    /* L10N: the names of the options' values in --help (FILE, NAME,
     * SECONDS...): capitals, as in the usage line, where they are
     * translated the same way. */
    CLI_FLAGS_LISTEN(OPT_BIND, OPT_PORT),
    {{"cert", required_argument, NULL, OPT_CERT},
     N_("FILE"),
     N_("the server's certificate (its chain after it)")},
    {{"key", required_argument, NULL, OPT_KEY},
     N_("FILE"),
     N_("the certificate's private key")},
    {{"name", required_argument, NULL, OPT_NAME},
     N_("NAME"),
     N_("the store's issued/NAME.crt and private/NAME.key")},
    {{"ca", required_argument, NULL, OPT_CA},
     N_("FILE"),
     N_("the CA that issues client certificates (default in a store: "
	"its ca.crt)")},
    {{"request-client-cert", no_argument, NULL, OPT_REQUEST},
     NULL,
     N_("ask for a client certificate; check and show it when one is "
	"sent")},
    {{"require-client-cert", no_argument, NULL, OPT_REQUIRE},
     NULL,
     N_("mutual TLS: refuse a client without a valid certificate")},
    {{"crl", required_argument, NULL, OPT_CRL},
     N_("FILE"),
     N_("refuse client certificates this CRL revokes")},
    {{"tls1.2", no_argument, NULL, OPT_TLS12}, NULL, N_("TLS 1.2 only")},
    {{"tls1.3", no_argument, NULL, OPT_TLS13}, NULL, N_("TLS 1.3 only")},
    {{"priority", required_argument, NULL, OPT_PRIORITY},
     N_("STRING"),
     N_("GnuTLS priority string (default NORMAL, TLS 1.2 and 1.3)")},
    {{"http", no_argument, NULL, OPT_HTTP},
     NULL,
     N_("answer HTTP requests with a page describing the session")},
    {{"workers", required_argument, NULL, OPT_WORKERS},
     "N",
     N_("event loops, each on a thread (default: one per CPU)")},
    {{"max-connections", required_argument, NULL, OPT_MAXCONN},
     "N",
     N_("connections open at once; more are refused (default 1024)")},
    {{"max-line", required_argument, NULL, OPT_MAXLINE},
     N_("BYTES"),
     N_("close a connection whose line is longer (default 65536; 0: no "
	"limit)")},
    {{"handshake-timeout", required_argument, NULL, OPT_HSTIMEOUT},
     N_("SECONDS"),
     N_("drop a client that has not finished its handshake by then "
	"(default 10)")},
    CLI_FLAGS_KEY_PASSWORD(OPT_PWFILE, OPT_PWFD),
    {{"quiet", no_argument, NULL, OPT_QUIET},
     NULL,
     N_("log only failures and refusals, not each connection (as "
	"gnutls-serv -q)")},
    {{"ocsp-staple", required_argument, NULL, OPT_STAPLE},
     N_("FILE"),
     N_("staple this DER OCSP response about the certificate (as "
	"gnutls-serv --ocsp-response); refused when stale or about another "
	"certificate")},
    {{"ocsp-staple-store", no_argument, NULL, OPT_STAPLE_STORE},
     NULL,
     N_("staple the store's own OCSP status of the certificate, made from "
	"index.txt and signed by the CA, made again halfway to its next "
	"update")},
    {{"ocsp-signer", required_argument, NULL, OPT_SIGNER},
     N_("NAME"),
     N_("with --ocsp-staple-store: sign with the store's delegated OCSP "
	"signer issued/NAME.crt instead of the CA")},
    {{"ocsp-validity", required_argument, NULL, OPT_VALIDITY},
     N_("SECONDS"),
     N_("with --ocsp-staple-store: the next update this long after each "
	"response (default 3600)")},
    {{"ocsp-password-file", required_argument, NULL, OPT_OCSP_PWFILE},
     "F",
     N_("with --ocsp-staple-store: the password of the key that signs the "
	"responses (the CA's or the signer's), on this file's first line")},
    {{"help", no_argument, NULL, OPT_HELP}, NULL, N_("this help")},
};

#define N_FLAGS (sizeof(serve_flags) / sizeof(serve_flags[0]))

struct serve_opts {
	struct cd_echo_server_params p;
	const char *name, *password_file, *ocsp_password_file;
	int password_fd, quiet, help;
	char *cert_path, *key_path, *ca_path, *crl_path, *store_ca_path;
	int staple_store;
	struct cd_ocsp_responder_params rp;
};

static void serve_help(void)
{
	printf(_("Usage: certdeck [-d DIR] serve %s\n\n%s\n\n"), _(SERVE_ARGS),
	       /* L10N: "Listening on ADDRESS:PORT" is printed as it is, in
		* English (scripts wait for it): keep it untranslated. */
	       _("Run a TLS echo server in the foreground: every byte a "
		 "client sends comes back unchanged. Prints \"Listening on "
		 "ADDRESS:PORT\" once ready, logs each connection (handshake, "
		 "client certificate, verification, lines echoed, close) on "
		 "standard error, and exits 0 on SIGTERM or SIGINT."));
	cli_flags_help(serve_flags, N_FLAGS);
}

static const struct cli_kept_flag serve_kept[] = {
    {OPT_BIND, CLI_KEEP_TEXT, offsetof(struct serve_opts, p.bind)},
    {OPT_CERT, CLI_KEEP_TEXT, offsetof(struct serve_opts, p.cert)},
    {OPT_KEY, CLI_KEEP_TEXT, offsetof(struct serve_opts, p.key)},
    {OPT_CA, CLI_KEEP_TEXT, offsetof(struct serve_opts, p.ca)},
    {OPT_CRL, CLI_KEEP_TEXT, offsetof(struct serve_opts, p.crl)},
    {OPT_PRIORITY, CLI_KEEP_TEXT, offsetof(struct serve_opts, p.priority)},
    {OPT_PWFILE, CLI_KEEP_TEXT, offsetof(struct serve_opts, password_file)},
    {OPT_HTTP, CLI_KEEP_SET, offsetof(struct serve_opts, p.http)},
    {OPT_QUIET, CLI_KEEP_SET, offsetof(struct serve_opts, quiet)},
    {OPT_STAPLE, CLI_KEEP_TEXT, offsetof(struct serve_opts, p.ocsp_staple)},
    {OPT_STAPLE_STORE, CLI_KEEP_SET, offsetof(struct serve_opts, staple_store)},
    {OPT_SIGNER, CLI_KEEP_TEXT, offsetof(struct serve_opts, rp.signer)},
    {OPT_OCSP_PWFILE, CLI_KEEP_TEXT,
     offsetof(struct serve_opts, ocsp_password_file)},
    {OPT_HELP, CLI_KEEP_SET, offsetof(struct serve_opts, help)},
};

static int take_flag(struct cli *cli, int opt, const char *arg, void *data)
{
	struct serve_opts *o = data;
	long v;

	if (cli_take_kept(serve_kept,
			  sizeof(serve_kept) / sizeof(serve_kept[0]), opt, arg,
			  data))
		return 0;
	switch (opt) {
	case OPT_PORT:
		if (cli_parse_long(cli, "serve", "--port", arg, 0, 65535, &v))
			return CLI_EXIT_USAGE;
		o->p.port = (unsigned)v;
		return 0;
	case OPT_NAME:
		if (cd_store_name_check(&cli->ctx, arg) < 0)
			return cli_usage_error(cli, "serve", "--name: %s",
					       cd_ctx_message(&cli->ctx));
		o->name = arg;
		return 0;
	case OPT_REQUEST:
	case OPT_REQUIRE:
		if (o->p.client_cert != CD_ECHO_CLIENT_CERT_IGNORE)
			return cli_usage_error(
			    cli, "serve",
			    _("give --request-client-cert or "
			      "--require-client-cert, not both"));
		o->p.client_cert = opt == OPT_REQUEST
				       ? CD_ECHO_CLIENT_CERT_REQUEST
				       : CD_ECHO_CLIENT_CERT_REQUIRE;
		return 0;
	case OPT_TLS12:
	case OPT_TLS13:
		return cli_echo_version(cli, "serve",
					opt == OPT_TLS12 ? CD_ECHO_TLS12
							 : CD_ECHO_TLS13,
					&o->p.versions);
	case OPT_WORKERS:
		if (cli_parse_long(cli, "serve", "--workers", arg, 1, 64, &v))
			return CLI_EXIT_USAGE;
		o->p.workers = (unsigned)v;
		return 0;
	case OPT_MAXCONN:
		if (cli_parse_long(cli, "serve", "--max-connections", arg, 1,
				   1000000, &v))
			return CLI_EXIT_USAGE;
		o->p.max_connections = (unsigned)v;
		return 0;
	case OPT_MAXLINE:
		if (cli_parse_long(cli, "serve", "--max-line", arg, 0, 1L << 30,
				   &v))
			return CLI_EXIT_USAGE;
		o->p.max_line = v ? (size_t)v : (size_t)-1;
		return 0;
	case OPT_HSTIMEOUT:
		return cli_echo_seconds(cli, "serve", "--handshake-timeout",
					arg, &o->p.handshake_timeout_ms);
	case OPT_PWFD:
		return cli_parse_fd(cli, "serve", "--password-fd", arg,
				    &o->password_fd);
	case OPT_VALIDITY:
		if (cli_parse_long(cli, "serve", "--ocsp-validity", arg, 2,
				   7L * 86400, &v))
			return CLI_EXIT_USAGE;
		o->rp.next_update_s = (unsigned long)v;
		return 0;
	default:
		return cli_usage_error(cli, "serve", _("unexpected option"));
	}
}

/* --name, and the store's CA for client certificates. */
static int store_paths(struct cli *cli, struct serve_opts *o)
{
	char rel[512];

	if (o->name) {
		snprintf(rel, sizeof(rel), "issued/%s.crt", o->name);
		o->cert_path = cd_path_join(cli->store_dir, rel);
		snprintf(rel, sizeof(rel), "private/%s.key", o->name);
		o->key_path = cd_path_join(cli->store_dir, rel);
		if (!o->cert_path || !o->key_path)
			return cli_finish(cli, cd_error(&cli->ctx, CD_E_NOMEM,
							_("out of memory")));
		if (!cd_file_exists(o->cert_path))
			return cli_usage_error(
			    cli, "serve",
			    /* L10N: the name given, the certificate file looked
			       for, the store's directory. */
			    _("--name %s: %s does not exist; expected the "
			      "name of a certificate issued in the store %s"),
			    o->name, o->cert_path, cli->store_dir);
		o->p.cert = o->cert_path;
		o->p.key = o->key_path;
	}
	/* --ca and --crl check client certificates: without them asked,
	 * they would be silently unused. */
	if (o->p.client_cert == CD_ECHO_CLIENT_CERT_IGNORE &&
	    (o->p.ca || o->p.crl))
		return cli_usage_error(
		    cli, "serve",
		    _("--ca and --crl check client certificates: give "
		      "--request-client-cert or --require-client-cert too"));
	if (o->p.client_cert != CD_ECHO_CLIENT_CERT_IGNORE && !o->p.ca) {
		o->ca_path = cd_path_join(cli->store_dir, "ca.crt");
		if (o->ca_path == NULL)
			return cli_finish(cli, cd_error(&cli->ctx, CD_E_NOMEM,
							_("out of memory")));
		if (!cd_file_exists(o->ca_path))
			return cli_usage_error(
			    cli, "serve",
			    _("to check client certificates, give the CA "
			      "that issues them with --ca FILE (there is no "
			      "store CA at %s)"),
			    o->ca_path);
		o->p.ca = o->ca_path;
		if (o->p.crl == NULL)
			o->p.crl = o->crl_path = cli_store_crl(cli);
	}
	return 0;
}

/* --ocsp-staple FILE or --ocsp-staple-store: the CA that issued the
 * certificate is the store's (to name it to the responder, and to check
 * a file's signature when the certificate is the store's). */
static int staple_opts(struct cli *cli, struct serve_opts *o)
{
	if (o->p.ocsp_staple && o->staple_store)
		return cli_usage_error(cli, "serve",
				       _("give --ocsp-staple FILE or "
					 "--ocsp-staple-store, not both"));
	if ((o->rp.signer || o->rp.next_update_s || o->ocsp_password_file) &&
	    !o->staple_store)
		return cli_usage_error(cli, "serve",
				       _("--ocsp-signer, --ocsp-validity and "
					 "--ocsp-password-file go with "
					 "--ocsp-staple-store"));
	if (!o->staple_store && !(o->p.ocsp_staple && o->name))
		return 0;
	o->store_ca_path = cd_path_join(cli->store_dir, "ca.crt");
	if (o->store_ca_path == NULL)
		return cli_finish(
		    cli, cd_error(&cli->ctx, CD_E_NOMEM, _("out of memory")));
	if (o->staple_store && !cd_file_exists(o->store_ca_path))
		return cli_usage_error(
		    cli, "serve",
		    _("--ocsp-staple-store: there is no store CA at %s; run "
		      "it in a store (-d DIR), or staple a file with "
		      "--ocsp-staple FILE"),
		    o->store_ca_path);
	if (cd_file_exists(o->store_ca_path))
		o->p.ocsp_ca = o->store_ca_path;
	if (o->staple_store && !o->rp.next_update_s)
		o->rp.next_update_s = 3600;
	return 0;
}

static int serve_parse(struct cli *cli, int argc, char **argv,
		       struct serve_opts *o)
{
	int ret;

	o->password_fd = -1;
	ret = cli_flags_parse(cli, "serve", argc, argv, serve_flags, N_FLAGS,
			      take_flag, o);
	if (ret != 0 || o->help)
		return ret;
	if (optind < argc)
		return cli_usage_error(
		    cli, "serve", _("unexpected argument '%s'"), argv[optind]);
	if (o->name && (o->p.cert || o->p.key))
		return cli_usage_error(cli, "serve",
				       _("give --name NAME or --cert and "
					 "--key, not both"));
	if (!o->name && (!o->p.cert || !o->p.key))
		return cli_usage_error(cli, "serve",
				       _("the server needs --cert FILE and "
					 "--key FILE (or --name NAME of a "
					 "certificate of the store)"));
	if (o->password_file && o->password_fd >= 0)
		return cli_usage_error(cli, "serve",
				       _("give --password-file or "
					 "--password-fd, not both"));
	ret = staple_opts(cli, o);
	return ret ? ret : store_paths(cli, o);
}

/* The password of the key that signs the stapled responses (the CA's,
 * or --ocsp-signer's), from --ocsp-password-file, when it is encrypted. */
static int staple_password(struct cli *cli, const struct cd_store *store,
			   const struct serve_opts *o, char **out)
{
	*out = NULL;
	if (o->ocsp_password_file)
		return cli_key_password(cli, o->ocsp_password_file, -1, NULL, 0,
					out);
	if (!cd_ocsp_signer_needs_password(&cli->ctx, store, o->rp.signer))
		return 0;
	if (o->rp.signer == NULL && store->key_url)
		return cd_error(&cli->ctx, CD_E_PASSWORD,
				_("%s: the CA key, which signs the stapled "
				  "OCSP responses, is on a token: give its "
				  "PIN with --ocsp-password-file FILE (or "
				  "GNUTLS_PIN)"),
				store->dir);
	return cd_error(&cli->ctx, CD_E_PASSWORD,
			_("%s/private/%s.key: the key that signs the stapled "
			  "OCSP responses is encrypted; give its password "
			  "with --ocsp-password-file FILE"),
			store->dir, o->rp.signer ? o->rp.signer : "ca");
}

static struct cd_echo_server *running;

static void on_signal(int sig)
{
	(void)sig;
	if (running)
		cd_echo_server_stop(running);
}

/* --name of a certificate the store has revoked: said at the start, as
 * an expired one is (clients that check the CRL refuse it). */
static void warn_revoked(struct cli *cli, const char *name)
{
	struct cd_ctx scratch = cli->ctx;
	struct cd_store *store = NULL;
	struct cd_revocation r;
	char serial[CD_SERIAL_HEX_MAX], when[40];

	scratch.log = NULL;
	if (cd_store_open(&scratch, cli->store_dir, &store) == 0 &&
	    cd_revoke_find_serial(&scratch, store, name, serial) == 0 &&
	    cd_revoke_status(&scratch, store, serial, &r) > 0) {
		cd_expiry_date(r.date, when, sizeof(when));
		if (r.reason == CD_REASON_HOLD)
			cd_warn(&cli->ctx,
				_("the certificate %s is on hold in the store "
				  "(since %s): clients that check the CRL "
				  "will refuse it until the hold is released "
				  "(certdeck revoke %s --release, then "
				  "certdeck crl)"),
				name, when, name);
		else
			cd_warn(&cli->ctx,
				_("the certificate %s is revoked in the store "
				  "(on %s, %s): clients that check the CRL "
				  "will refuse it; serve a new one (certdeck "
				  "rekey %s)"),
				name, when,
				r.reason != CD_REASON_NONE
				    ? cd_reason_name(r.reason)
				    : _("no reason given"),
				name);
	}
	cd_store_close(store);
}

static int serve(struct cli *cli, struct serve_opts *o, struct cd_store **store)
{
	struct cli_echo_log log = {0};
	char *password = NULL;
	int ret = 0;

	if (o->staple_store) {
		ret = cd_store_open(&cli->ctx, cli->store_dir, store);
		if (ret == 0)
			ret = staple_password(cli, *store, o, &password);
		o->rp.password = password;
		if (ret == 0)
			ret = cd_ocsp_responder_new(&cli->ctx, *store, &o->rp,
						    &o->p.ocsp_responder);
		cli_password_free(password);
		password = NULL;
		o->rp.password = NULL;
		if (ret < 0)
			return ret;
	}
	if (o->name)
		warn_revoked(cli, o->name);
	ret = cli_echo_key_password(cli, "serve", o->p.key, o->password_file,
				    o->password_fd, &password);
	o->p.key_password = password;
	o->p.report_data = !o->quiet;
	o->p.quiet = o->quiet;
	o->p.report_data_max = 100;
	if (ret == 0)
		ret = cd_echo_server_new(&cli->ctx, &o->p, cli_echo_log, &log,
					 &running);
	cli_password_free(password);
	if (ret < 0)
		return ret;
	cli_server_ready(on_signal, cd_echo_server_address(running));
	ret = cd_echo_server_run(running);
	cd_echo_server_free(running);
	running = NULL;
	return ret;
}

static int serve_run(struct cli *cli, int argc, char **argv)
{
	struct serve_opts o;
	struct cd_store *store = NULL;
	int ret;

	memset(&o, 0, sizeof(o));
	ret = serve_parse(cli, argc, argv, &o);
	if (ret == 0 && o.help)
		serve_help();
	else if (ret == 0)
		ret = cli_finish(cli, serve(cli, &o, &store));
	cd_ocsp_responder_free(o.p.ocsp_responder);
	cd_store_close(store);
	free(o.store_ca_path);
	free(o.cert_path);
	free(o.key_path);
	free(o.ca_path);
	free(o.crl_path);
	return ret;
}

const struct cli_command cli_cmd_serve = {
    "serve", SERVE_ARGS,
    N_("a TLS echo server, with mutual TLS (gnutls-serv --echo)"), serve_run};
