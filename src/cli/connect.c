/* certdeck connect: the TLS echo client, headless (gnutls-cli). */
#include <config.h>

#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "echolog.h"
#include "i18n.h"
#include "storeopts.h"
#include "keyio.h"

#define CONNECT_ARGS                                                           \
	N_("--host HOST --port N [--ca FILE] [--crl FILE] [--cert FILE --key " \
	   "FILE] [--peer-name NAME] [--tls1.2 | --tls1.3] [--priority S] "    \
	   "[--send TEXT]... [--timeout SECONDS] [--password-file F | "        \
	   "--password-fd N] [--require-ocsp]")

enum {
	OPT_HOST = 1,
	OPT_PORT,
	OPT_CA,
	OPT_CRL,
	OPT_CERT,
	OPT_KEY,
	OPT_PEER,
	OPT_TLS12,
	OPT_TLS13,
	OPT_PRIORITY,
	OPT_SEND,
	OPT_TIMEOUT,
	OPT_PWFILE,
	OPT_PWFD,
	OPT_REQUIRE_OCSP,
	OPT_HELP,
};

static const struct cli_flag connect_flags[] = {
    {{"host", required_argument, NULL, OPT_HOST},
     N_("HOST"),
     N_("the server's name or address")},
    {{"port", required_argument, NULL, OPT_PORT}, "N", N_("its port")},
    {{"ca", required_argument, NULL, OPT_CA},
     N_("FILE"),
     N_("the CAs to trust (default: the store's ca.crt in a store, else "
	"the system's)")},
    {{"crl", required_argument, NULL, OPT_CRL},
     N_("FILE"),
     N_("refuse a server certificate this CRL revokes")},
    {{"cert", required_argument, NULL, OPT_CERT},
     N_("FILE"),
     N_("a client certificate, for mutual TLS")},
    {{"key", required_argument, NULL, OPT_KEY},
     N_("FILE"),
     N_("the client certificate's private key")},
    {{"peer-name", required_argument, NULL, OPT_PEER},
     N_("NAME"),
     N_("the name to check in the server's certificate and to send as "
	"SNI (default: HOST)")},
    {{"tls1.2", no_argument, NULL, OPT_TLS12}, NULL, N_("TLS 1.2 only")},
    {{"tls1.3", no_argument, NULL, OPT_TLS13}, NULL, N_("TLS 1.3 only")},
    {{"priority", required_argument, NULL, OPT_PRIORITY},
     "S",
     N_("GnuTLS priority string (default NORMAL, TLS 1.2 and 1.3)")},
    {{"send", required_argument, NULL, OPT_SEND},
     N_("TEXT"),
     N_("send TEXT and a newline (repeatable); without it, standard "
	"input")},
    {{"timeout", required_argument, NULL, OPT_TIMEOUT},
     N_("SECONDS"),
     N_("give up when the server says nothing for this long (default "
	"10)")},
    CLI_FLAGS_KEY_PASSWORD(OPT_PWFILE, OPT_PWFD),
    {{"require-ocsp", no_argument, NULL, OPT_REQUIRE_OCSP},
     NULL,
     N_("refuse a server that staples no valid OCSP status saying its "
	"certificate is good")},
    {{"help", no_argument, NULL, OPT_HELP}, NULL, N_("this help")},
};

#define N_FLAGS (sizeof(connect_flags) / sizeof(connect_flags[0]))

struct connect_opts {
	struct cd_echo_client_params p;
	char *send; /* the --send texts, each with its newline */
	size_t send_size;
	int sends;
	const char *password_file;
	int password_fd, help, require_ocsp;
	char *ca_path, *crl_path;
};

static void connect_help(void)
{
	printf(_("Usage: certdeck [-d DIR] connect %s\n\n%s\n\n"),
	       _(CONNECT_ARGS),
	       _("Connect to a TLS echo server, check its certificate, send "
		 "the --send texts (or standard input) and check that every "
		 "byte comes back unchanged. What comes back goes to standard "
		 "output; the handshake, the server's certificates and their "
		 "verification to standard error. Exit 0 when the server's "
		 "chain verified and everything came back, 1 with the reason "
		 "when not, 2 on bad usage. The server's OCSP status is asked "
		 "for and shown when stapled; a stapled revoked, stale or "
		 "forged status refuses the handshake."));
	cli_flags_help(connect_flags, N_FLAGS);
}

static int add_send(struct connect_opts *o, const char *text)
{
	size_t len = strlen(text);
	char *s = realloc(o->send, o->send_size + len + 1);

	if (s == NULL)
		return -1;
	memcpy(s + o->send_size, text, len);
	s[o->send_size + len] = '\n';
	o->send = s;
	o->send_size += len + 1;
	o->sends++;
	return 0;
}

static const struct cli_kept_flag connect_kept[] = {
    {OPT_HOST, CLI_KEEP_TEXT, offsetof(struct connect_opts, p.host)},
    {OPT_CA, CLI_KEEP_TEXT, offsetof(struct connect_opts, p.ca)},
    {OPT_CRL, CLI_KEEP_TEXT, offsetof(struct connect_opts, p.crl)},
    {OPT_CERT, CLI_KEEP_TEXT, offsetof(struct connect_opts, p.cert)},
    {OPT_KEY, CLI_KEEP_TEXT, offsetof(struct connect_opts, p.key)},
    {OPT_PEER, CLI_KEEP_TEXT, offsetof(struct connect_opts, p.peer_name)},
    {OPT_PRIORITY, CLI_KEEP_TEXT, offsetof(struct connect_opts, p.priority)},
    {OPT_PWFILE, CLI_KEEP_TEXT, offsetof(struct connect_opts, password_file)},
    {OPT_HELP, CLI_KEEP_SET, offsetof(struct connect_opts, help)},
    {OPT_REQUIRE_OCSP, CLI_KEEP_SET,
     offsetof(struct connect_opts, require_ocsp)},
};

static int take_flag(struct cli *cli, int opt, const char *arg, void *data)
{
	struct connect_opts *o = data;
	long v;

	if (cli_take_kept(connect_kept,
			  sizeof(connect_kept) / sizeof(connect_kept[0]), opt,
			  arg, data))
		return 0;
	switch (opt) {
	case OPT_PORT:
		if (cli_parse_long(cli, "connect", "--port", arg, 1, 65535, &v))
			return CLI_EXIT_USAGE;
		o->p.port = (unsigned)v;
		return 0;
	case OPT_TLS12:
	case OPT_TLS13:
		return cli_echo_version(cli, "connect",
					opt == OPT_TLS12 ? CD_ECHO_TLS12
							 : CD_ECHO_TLS13,
					&o->p.versions);
	case OPT_SEND:
		if (add_send(o, arg) < 0)
			return cli_finish(cli, cd_error(&cli->ctx, CD_E_NOMEM,
							_("out of memory")));
		return 0;
	case OPT_TIMEOUT:
		return cli_echo_seconds(cli, "connect", "--timeout", arg,
					&o->p.timeout_ms);
	case OPT_PWFD:
		return cli_parse_fd(cli, "connect", "--password-fd", arg,
				    &o->password_fd);
	default:
		return cli_usage_error(cli, "connect", _("unexpected option"));
	}
}

static int connect_parse(struct cli *cli, int argc, char **argv,
			 struct connect_opts *o)
{
	int ret;

	o->password_fd = -1;
	ret = cli_flags_parse(cli, "connect", argc, argv, connect_flags,
			      N_FLAGS, take_flag, o);
	if (ret != 0 || o->help)
		return ret;
	if (optind < argc)
		return cli_usage_error(cli, "connect",
				       _("unexpected argument '%s'"),
				       argv[optind]);
	if (o->p.host == NULL || o->p.port == 0)
		return cli_usage_error(cli, "connect",
				       _("give the server with --host HOST "
					 "and --port N"));
	if (!o->p.cert != !o->p.key)
		return cli_usage_error(cli, "connect",
				       _("a client certificate needs both "
					 "--cert FILE and --key FILE"));
	if (o->password_file && o->password_fd >= 0)
		return cli_usage_error(cli, "connect",
				       _("give --password-file or "
					 "--password-fd, not both"));
	if (o->p.ca == NULL) {
		o->ca_path = cd_path_join(cli->store_dir, "ca.crt");
		if (o->ca_path && cd_file_exists(o->ca_path))
			o->p.ca = o->ca_path;
		if (o->p.ca && o->p.crl == NULL)
			o->p.crl = o->crl_path = cli_store_crl(cli);
	}
	return 0;
}

static int run_client(struct cli *cli, struct connect_opts *o)
{
	struct cli_echo_log log = {1};
	struct cd_echo_client *client = NULL;
	char *password = NULL;
	int ret = 0;

	if (o->p.key)
		ret = cli_echo_key_password(cli, "connect", o->p.key,
					    o->password_file, o->password_fd,
					    &password);
	o->p.key_password = password;
	o->p.send = o->send;
	o->p.send_size = o->send_size;
	o->p.input_fd = o->sends ? -1 : STDIN_FILENO;
	o->p.report_data = 1;
	o->p.report_sent_max = 100; /* as serve logs at most */
	/* ask for the stapled status, as gnutls-cli does */
	o->p.ocsp = o->require_ocsp ? CD_ECHO_OCSP_REQUIRE : CD_ECHO_OCSP_ASK;
	if (o->p.ca == NULL)
		fprintf(stderr, "%s\n",
			_("- Trusting the system's CAs (no --ca, no store)"));
	if (ret == 0)
		ret = cd_echo_client_new(&cli->ctx, &o->p, cli_echo_log, &log,
					 &client);
	cli_password_free(password);
	if (ret == 0) {
		signal(SIGPIPE, SIG_IGN);
		ret = cd_echo_client_run(client);
	}
	cd_echo_client_free(client);
	return ret;
}

static int connect_run(struct cli *cli, int argc, char **argv)
{
	struct connect_opts o;
	int ret;

	memset(&o, 0, sizeof(o));
	ret = connect_parse(cli, argc, argv, &o);
	if (ret == 0 && o.help)
		connect_help();
	else if (ret == 0)
		ret = cli_finish(cli, run_client(cli, &o));
	free(o.send);
	free(o.ca_path);
	free(o.crl_path);
	return ret;
}

const struct cli_command cli_cmd_connect = {
    "connect", CONNECT_ARGS,
    N_("a TLS echo client: check the server, send, compare (gnutls-cli)"),
    connect_run};
