/* certdeck request: a PKCS #10 request from a key and a template
 * (certtool --generate-request). */
#include <config.h>

#include <string.h>
#include <unistd.h>

#include "i18n.h"
#include "params.h"

#define REQUEST_FLAGS                                                          \
	(CLI_F_PRIVKEY | CLI_F_PASSWORD | CLI_F_NOTEXT | CLI_F_NEWKEY)
#define REQUEST_ARGS                                                           \
	N_("--load-privkey KEY | --new-key FILE [--key-type T] "               \
	   "[--template FILE] [FLAGS]")

static int request_run(struct cli *cli, int argc, char **argv)
{
	struct cli_issue_opts o;
	struct cd_cert_params params;
	gnutls_privkey_t key = NULL;
	gnutls_x509_privkey_t new_key = NULL;
	gnutls_x509_crq_t crq = NULL;
	gnutls_datum_t out = {NULL, 0};
	int ret;

	ret = cli_issue_parse(cli, argc, argv, REQUEST_FLAGS, &o);
	if (ret != 0 || o.help) {
		if (o.help)
			cli_issue_help("request", REQUEST_ARGS, REQUEST_FLAGS);
		cli_params_free(&o.params);
		return ret;
	}
	cd_profile_init(&params);
	if ((o.privkey == NULL) == (o.new_key == NULL)) {
		ret = cd_error(&cli->ctx, CD_E_INVALID,
			       _("request: give the key, --load-privkey KEY, "
				 "or have one made, --new-key FILE"));
		goto out;
	}
	/* Refused before any key is made. */
	if (o.outfile && strcmp(o.outfile, "-") != 0 &&
	    (ret = cd_store_replace_check(&cli->ctx, o.outfile)) < 0)
		goto out;
	if (o.new_key && cd_file_exists(o.new_key)) {
		ret = cd_error(&cli->ctx, CD_E_EXISTS,
			       _("%s: already exists; --new-key writes a new "
				 "file: choose another name"),
			       o.new_key);
		goto out;
	}
	ret = cli_params_apply(cli, &o.params, &params);
	if (ret == 0 && o.new_key)
		ret = cd_key_generate(&cli->ctx, &o.key, &new_key);
	if (ret == 0 && o.new_key)
		ret = cd_key_to_privkey(&cli->ctx, new_key, &key);
	else if (ret == 0)
		ret = cli_load_privkey(cli, o.privkey, o.password_file,
				       o.password_fd, &key);
	if (ret == 0)
		ret = cd_request_create(&cli->ctx, &params, key, 1, &crq);
	if (ret == 0)
		ret = cd_request_export(&cli->ctx, crq, !o.no_text, &out);
	/* The new key first (a new file, never replacing one), then the
	 * request; a request that cannot be written takes the key back. */
	if (ret == 0 && o.new_key)
		ret = cd_key_write(&cli->ctx, o.new_key, new_key, NULL, 0, 0);
	if (ret == 0) {
		ret = cli_write_output(cli, o.outfile, &out);
		if (ret < 0 && o.new_key)
			unlink(o.new_key);
	}
out:
	if (new_key)
		gnutls_x509_privkey_deinit(new_key);
	gnutls_free(out.data);
	if (crq)
		gnutls_x509_crq_deinit(crq);
	if (key)
		gnutls_privkey_deinit(key);
	cd_profile_free(&params);
	cli_params_free(&o.params);
	return cli_finish(cli, ret);
}

const struct cli_command cli_cmd_request = {
    "request",
    REQUEST_ARGS,
    N_("a PKCS #10 request from a key and a template"),
    request_run,
};
