/* certdeck: the CA key's password, or its token's PIN. */
#include <config.h>

#include <stdio.h>
#include <string.h>

#include "cakey.h"
#include "dialog.h"
#include "error.h"
#include "i18n.h"
#include "ocsp.h"

int ui_ca_key_on_token(const struct ui *ui)
{
	return ui->store && ui->store->key_url;
}

int ui_ask_ca_key_secret(struct ui *ui, const char *title, char *out,
			 size_t size)
{
	struct cd_ctx scratch = ui->ctx;
	const char *label;
	int token = ui_ca_key_on_token(ui), tries;

	out[0] = '\0';
	if (ui->store == NULL ||
	    cd_store_ca_key_is_encrypted(&ui->ctx, ui->store) <= 0)
		return 0;
	scratch.log = NULL;
	/* Asked again when wrong, so that what was answered before stays;
	 * any other failure is the caller's to say, as it uses the key. */
	for (tries = 0; tries < 3; tries++) {
		/* A token is unlocked by a PIN, never called a password. */
		if (token)
			label = tries ? _("That PIN is wrong. The CA key is on "
					  "a PKCS #11 token. Enter the "
					  "token's PIN:")
				      : _("The CA key is on a PKCS #11 token. "
					  "Enter the token's PIN:");
		else
			label = tries ? _("That password is wrong. Enter the "
					  "password of the CA key:")
				      : _("Enter the password of the CA key:");
		if (ui_dialog_input(title, label, NULL, 1, NULL, NULL, out,
				    size) < 0)
			return -1;
		if (cd_store_ca_key_check(&scratch, ui->store, out) !=
		    CD_E_PASSWORD)
			return 0;
	}
	/* Not a fourth try with what is known wrong (a token counts them). */
	memset(out, 0, size);
	ui_dialog_message(title, UI_ERROR,
			  token ? _("The PIN was wrong three times: nothing "
				    "was done.")
				: _("The password was wrong three times: "
				    "nothing was done."));
	return -1;
}

int ui_choose_ocsp_signer(struct ui *ui, const char *title, char *signer,
			  size_t size)
{
	const char *items[17];
	char **names = NULL, text[16][300];
	size_t n = 0, i;
	int choice = 0;

	signer[0] = '\0';
	if (cd_ocsp_signers(&ui->ctx, ui->store, &names, &n) < 0 || n == 0) {
		cd_store_names_free(names, n);
		return 0;
	}
	items[0] = _("the CA itself");
	for (i = 0; i < n && i < 16; i++) {
		/* L10N: a certificate of the store that signs OCSP answers */
		snprintf(text[i], sizeof(text[i]),
			 _("%s (delegated OCSP signer)"), names[i]);
		items[i + 1] = text[i];
	}
	choice = ui_dialog_choose(title,
				  _("Who signs the answers? (a delegated "
				    "signer keeps the CA key out of the "
				    "responder)"),
				  items, i + 1, 0);
	if (choice > 0)
		snprintf(signer, size, "%s", names[choice - 1]);
	cd_store_names_free(names, n);
	return choice < 0 ? -1 : 0;
}

int ui_ask_ocsp_signer_secret(struct ui *ui, const char *title,
			      const char *signer, char *out, size_t size)
{
	char label[400];

	out[0] = '\0';
	if (signer[0] == '\0')
		return ui_ask_ca_key_secret(ui, title, out, size);
	if (!cd_ocsp_signer_needs_password(&ui->ctx, ui->store, signer))
		return 0;
	snprintf(label, sizeof(label), _("Password of private/%s.key:"),
		 signer);
	return ui_dialog_input(title, label, "", 1, NULL, NULL, out, size);
}
