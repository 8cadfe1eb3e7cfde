/* certdeck: the CA key's password, or its token's PIN. */
#include <config.h>

#include "cakey.h"
#include "dialog.h"
#include "i18n.h"

int ui_ca_key_on_token(const struct ui *ui)
{
	return ui->store && ui->store->key_url;
}

int ui_ask_ca_key_secret(struct ui *ui, const char *title, char *out,
			 size_t size)
{
	const char *label;

	out[0] = '\0';
	if (ui->store == NULL ||
	    cd_store_ca_key_is_encrypted(&ui->ctx, ui->store) <= 0)
		return 0;
	/* A token is unlocked by a PIN, never called a password. */
	label = ui_ca_key_on_token(ui)
		    ? _("The CA key is on a PKCS #11 token. Enter the "
			"token's PIN:")
		    : _("Enter the password of the CA key:");
	return ui_dialog_input(title, label, NULL, 1, NULL, NULL, out, size);
}
