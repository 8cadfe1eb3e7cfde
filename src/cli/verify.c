/* certdeck verify: a chain, with what is wrong and what to do about it
 * (certtool --verify's output, plus reasons and hints). */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "storeopts.h"
#include "json.h"
#include "verify.h"
#include "cli.h"

#define VERIFY_ARGS                                                            \
	N_("[--trust FILE]... [--untrusted FILE]... [--crl FILE]... "          \
	   "[--peer-name NAME] [--purpose P] [--time T] [--max-depth N] "      \
	   "[--system-trust] [--json] [--brief] CERT...")

enum {
	OPT_TRUST = 1,
	OPT_UNTRUSTED,
	OPT_CRL,
	OPT_PEER,
	OPT_PURPOSE,
	OPT_TIME,
	OPT_DEPTH,
	OPT_SYSTEM,
	OPT_JSON,
	OPT_BRIEF,
	OPT_HELP,
};

static const struct {
	struct option opt;
	const char *help;
} verify_flags[] = {
    {{"trust", required_argument, NULL, OPT_TRUST},
     N_("trusted CA certificates (PEM or DER, several per file); "
	"default: the store's ca.crt")},
    {{"untrusted", required_argument, NULL, OPT_UNTRUSTED},
     N_("intermediate certificates to build the chain with")},
    {{"crl", required_argument, NULL, OPT_CRL},
     N_("CRLs to check revocation against")},
    {{"peer-name", required_argument, NULL, OPT_PEER},
     N_("the DNS name or IP address the certificate must be for")},
    {{"purpose", required_argument, NULL, OPT_PURPOSE},
     N_("tls-server, tls-client, code-signing, email-protection or an "
	"OID")},
    {{"time", required_argument, NULL, OPT_TIME},
     N_("check at this time: UNIX seconds or YYYY-MM-DDTHH:MM:SSZ")},
    {{"max-depth", required_argument, NULL, OPT_DEPTH},
     N_("intermediate CAs allowed between leaf and anchor (default 16)")},
    {{"system-trust", no_argument, NULL, OPT_SYSTEM},
     N_("trust the system's CAs too")},
    {{"json", no_argument, NULL, OPT_JSON},
     N_("JSON output, with the raw GNUTLS_CERT_* flags")},
    {{"brief", no_argument, NULL, OPT_BRIEF},
     N_("one line per certificate: FILE: verified, or not and why")},
    {{"help", no_argument, NULL, OPT_HELP}, N_("this help")},
};

#define VERIFY_FLAG_COUNT (sizeof(verify_flags) / sizeof(verify_flags[0]))

struct verify_opts {
	struct cd_verify_params p;
	const char **trust, **untrusted, **crls;
	int json, brief, help;
};

static void verify_help(void)
{
	size_t i;

	printf(_("Usage: certdeck [-d DIR] verify %s\n\n%s\n\n"),
	       _(VERIFY_ARGS),
	       _("Verify each CERT (a file whose first certificate is the "
		 "leaf; the others are intermediates) against the trusted "
		 "CAs, and say why when it does not verify. Exit 0 when "
		 "every CERT verifies, 1 when one does not, 2 on bad "
		 "input."));
	for (i = 0; i < VERIFY_FLAG_COUNT; i++) {
		cli_option_help(stdout, 24, &verify_flags[i].opt,
				_(verify_flags[i].help));
	}
}

/* Append VALUE to the NULL-terminated *LIST of *COUNT. */
static int push(const char ***list, size_t *count, const char *value)
{
	const char **grown = realloc(*list, (*count + 2) * sizeof(*grown));

	if (grown == NULL)
		return -1;
	grown[(*count)++] = value;
	grown[*count] = NULL;
	*list = grown;
	return 0;
}

static int take(struct cli *cli, const char *cmd, int opt, const char *arg,
		struct verify_opts *o)
{
	const char *oid;
	long depth;
	int ret = 0;

	switch (opt) {
	case OPT_TRUST:
		ret = push(&o->trust, &o->p.trust_count, arg);
		break;
	case OPT_UNTRUSTED:
		ret = push(&o->untrusted, &o->p.untrusted_count, arg);
		break;
	case OPT_CRL:
		ret = push(&o->crls, &o->p.crl_count, arg);
		break;
	case OPT_PEER:
		o->p.peer_name = arg;
		return 0;
	case OPT_PURPOSE:
		if (cd_verify_purpose_oid(&cli->ctx, arg, &oid) < 0)
			return cli_usage_error(cli, cmd, "%s",
					       cd_ctx_message(&cli->ctx));
		o->p.purpose = arg;
		return 0;
	case OPT_TIME:
		if (cd_verify_parse_time(&cli->ctx, arg, &o->p.time) < 0)
			return cli_usage_error(cli, cmd, "--time: %s",
					       cd_ctx_message(&cli->ctx));
		o->p.has_time = 1;
		return 0;
	case OPT_DEPTH:
		if (cli_parse_long(cli, cmd, "--max-depth", arg, 0,
				   CD_VERIFY_DEPTH_MAX, &depth) != 0)
			return CLI_EXIT_USAGE;
		o->p.max_depth = (int)depth;
		o->p.has_max_depth = 1;
		return 0;
	case OPT_SYSTEM:
		o->p.system_trust = 1;
		return 0;
	case OPT_JSON:
		o->json = 1;
		return 0;
	case OPT_BRIEF:
		o->brief = 1;
		return 0;
	case OPT_HELP:
		o->help = 1;
		return 0;
	default:
		return cli_usage_error(cli, cmd, _("unexpected option"));
	}
	if (ret < 0)
		return cli_finish(
		    cli, cd_error(&cli->ctx, CD_E_NOMEM, _("out of memory")));
	return 0;
}

static int parse(struct cli *cli, int argc, char **argv, struct verify_opts *o)
{
	struct option opts[VERIFY_FLAG_COUNT + 1];
	size_t i;
	int opt, ret = 0;

	memset(o, 0, sizeof(*o));
	memset(opts, 0, sizeof(opts));
	for (i = 0; i < VERIFY_FLAG_COUNT; i++)
		opts[i] = verify_flags[i].opt;
	while (ret == 0 &&
	       (opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (opt == '?' || opt == ':')
			return cli_bad_option(cli, argv[0], argc, argv);
		ret = take(cli, argv[0], opt, optarg, o);
	}
	if (ret == 0 && o->json && o->brief)
		ret = cli_usage_error(cli, argv[0],
				      _("give --json or --brief, not both"));
	o->p.trust = o->trust;
	o->p.untrusted = o->untrusted;
	o->p.crls = o->crls;
	o->p.details = !o->brief;
	return ret;
}

/* No --trust nor --system-trust: the store's CA, and its crl.pem when
 * there is one and no --crl is given. */
static int default_trust(struct cli *cli, const char *cmd,
			 struct verify_opts *o, char **path, char **crl)
{
	*path = NULL;
	*crl = NULL;
	if (o->p.trust_count > 0 || o->p.system_trust)
		return 0;
	*path = cd_path_join(cli->store_dir, "ca.crt");
	if (*path == NULL)
		return cli_finish(
		    cli, cd_error(&cli->ctx, CD_E_NOMEM, _("out of memory")));
	if (!cd_file_exists(*path))
		return cli_usage_error(cli, cmd,
				       _("nothing to trust: give --trust FILE "
					 "or --system-trust, or -d DIR for a "
					 "store (%s does not exist)"),
				       *path);
	if (push(&o->trust, &o->p.trust_count, *path) < 0)
		return cli_finish(
		    cli, cd_error(&cli->ctx, CD_E_NOMEM, _("out of memory")));
	o->p.trust = o->trust;
	if (o->p.crl_count == 0 && (*crl = cli_store_crl(cli)) != NULL) {
		if (push(&o->crls, &o->p.crl_count, *crl) < 0)
			return cli_finish(cli, cd_error(&cli->ctx, CD_E_NOMEM,
							_("out of memory")));
		o->p.crls = o->crls;
	}
	return 0;
}

/* --- output ----------------------------------------------------------- */

static void print_status(FILE *out, unsigned status)
{
	gnutls_datum_t text = {NULL, 0};

	fputs(status ? _("Not verified.") : _("Verified."), out);
	if (gnutls_certificate_verification_status_print(
		status, GNUTLS_CRT_X509, &text, 0) == 0)
		fprintf(out, " %s", (const char *)text.data);
	gnutls_free(text.data);
}

static void print_text(const struct cd_verify_result *r)
{
	size_t i;

	for (i = 0; i < r->chain_count; i++) {
		const struct cd_verify_link *l = &r->chain[i];

		printf(_("\tSubject: %s\n"), l->subject);
		printf(_("\tIssuer: %s\n"), l->issuer);
		if (l->checked_against)
			printf(_("\tChecked against: %s\n"),
			       l->checked_against);
		printf(_("\tSignature algorithm: %s\n"),
		       l->signature_algorithm);
		if (l->crl)
			printf(_("\tChecked against %s\n"), l->crl);
		fputs(_("\tOutput: "), stdout);
		print_status(stdout, l->status);
		fputs("\n\n", stdout);
	}
	fputs(_("Chain verification output: "), stdout);
	print_status(stdout, r->status);
	fputs("\n", stdout);
	for (i = 0; i < r->reason_count; i++) {
		printf(_("Reason (%s): %s\n"),
		       cd_verify_reason_code(r->reasons[i].kind),
		       r->reasons[i].message);
		printf(_("\tHint: %s\n"), r->reasons[i].hint);
	}
	fputs("\n", stdout);
}

static void json_flag(void *arg, const char *name)
{
	int *first = arg;

	printf("%s\"%s\"", *first ? "" : ", ", name);
	*first = 0;
}

static void json_status(unsigned status)
{
	int first = 1;

	printf("\"status\": %u, \"status_flags\": [", status);
	cd_verify_status_names(status, json_flag, &first);
	fputs("]", stdout);
}

static void json_field(const char *name, const char *value)
{
	printf(", \"%s\": ", name);
	cli_json_string(stdout, value);
}

static void print_json(const char *file, const struct cd_verify_result *r)
{
	size_t i;

	fputs("{\"file\": ", stdout);
	cli_json_string(stdout, file);
	printf(", \"verified\": %s, ", r->verified ? "true" : "false");
	json_status(r->status);
	fputs(",\n \"chain\": [", stdout);
	for (i = 0; i < r->chain_count; i++) {
		const struct cd_verify_link *l = &r->chain[i];

		fputs(i ? ",\n  {" : "\n  {", stdout);
		fputs("\"subject\": ", stdout);
		cli_json_string(stdout, l->subject);
		json_field("issuer", l->issuer);
		json_field("checked_against", l->checked_against);
		json_field("signature_algorithm", l->signature_algorithm);
		json_field("crl", l->crl);
		fputs(", ", stdout);
		json_status(l->status);
		fputs("}", stdout);
	}
	fputs("],\n \"reasons\": [", stdout);
	for (i = 0; i < r->reason_count; i++) {
		fputs(i ? ",\n  {" : "\n  {", stdout);
		printf("\"code\": \"%s\", \"depth\": %d",
		       cd_verify_reason_code(r->reasons[i].kind),
		       r->reasons[i].depth);
		json_field("message", r->reasons[i].message);
		json_field("hint", r->reasons[i].hint);
		fputs("}", stdout);
	}
	fputs("]}", stdout);
}

static void print_json_error(const char *file, const char *message)
{
	fputs("{\"file\": ", stdout);
	cli_json_string(stdout, file);
	fputs(", \"verified\": false, \"error\": ", stdout);
	cli_json_string(stdout, message);
	fputs("}", stdout);
}

/* What verify_file() needs, and the exit status so far. */
struct verify_print {
	struct cli *cli;
	const struct verify_opts *o;
	int several, first, status;
};

/* Print the result of FILE (cd_verifier_check_files() calls it for each,
 * in order); its exit status goes into the batch's. */
static void verify_file(void *arg, const char *file, int ret,
			const char *message, const struct cd_verify_result *r)
{
	struct verify_print *vp = arg;
	const struct verify_opts *o = vp->o;
	int one;

	if (o->json && !vp->first)
		fputs(",\n", stdout);
	vp->first = 0;
	if (ret < 0) {
		snprintf(vp->cli->ctx.message, sizeof(vp->cli->ctx.message),
			 "%s", message ? message : "");
		if (o->json)
			print_json_error(file, cd_ctx_message(&vp->cli->ctx));
		/* The messages of stderr follow the results before them. */
		fflush(stdout);
		one = cli_finish(vp->cli, ret);
	} else {
		if (o->brief) {
			if (r->verified)
				printf(_("%s: verified\n"), file);
			else
				printf(_("%s: not verified: %s\n"), file,
				       r->reason_count ? r->reasons[0].message
						       : "?");
		} else if (o->json)
			print_json(file, r);
		else {
			if (vp->several)
				printf("%s:\n", file);
			print_text(r);
		}
		one = r->verified ? CLI_EXIT_OK : CLI_EXIT_NO;
	}
	if (one > vp->status)
		vp->status = one;
}

static int verify_run(struct cli *cli, int argc, char **argv)
{
	struct verify_opts o;
	struct cd_verifier *v = NULL;
	struct verify_print vp;
	char *store_ca = NULL, *store_crl = NULL;
	int ret;

	ret = parse(cli, argc, argv, &o);
	if (ret == 0 && o.help)
		verify_help();
	else if (ret == 0 && optind >= argc)
		ret = cli_usage_error(cli, argv[0],
				      _("no certificate to verify: give CERT "
					"(a file)"));
	if (ret != 0 || o.help)
		goto out;
	ret = default_trust(cli, argv[0], &o, &store_ca, &store_crl);
	if (ret != 0)
		goto out;
	ret = cd_verifier_new(&cli->ctx, &o.p, &v);
	if (ret < 0) {
		ret = cli_finish(cli, ret);
		goto out;
	}
	vp.cli = cli;
	vp.o = &o;
	vp.several = argc - optind > 1;
	vp.first = 1;
	vp.status = 0;
	if (o.json && vp.several)
		fputs("[", stdout);
	ret = cd_verifier_check_files(
	    &cli->ctx, &o.p, v, (const char *const *)argv + optind,
	    (size_t)(argc - optind), verify_file, &vp);
	if (o.json)
		fputs(vp.several ? "]\n" : "\n", stdout);
	ret = ret < 0 ? cli_finish(cli, ret) : vp.status;
out:
	cd_verifier_free(v);
	free(store_ca);
	free(store_crl);
	free(o.trust);
	free(o.untrusted);
	free(o.crls);
	return ret;
}

const struct cli_command cli_cmd_verify = {
    "verify",
    VERIFY_ARGS,
    N_("verify a chain, saying why it fails and what to do"),
    verify_run,
};
