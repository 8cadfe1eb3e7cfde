/* certdeck: asking what unlocks the store's CA key, in the words that fit
 * it: the PIN of the token holding it (a key on a PKCS#11 token), else
 * the password of private/ca.key. */
#ifndef UI_CAKEY_H
#define UI_CAKEY_H

#include <stddef.h>

#include "app.h"

/* Ask it under TITLE when the key needs it, again when it is wrong: 0
 * with it in OUT ("" when nothing is needed), or -1 when Esc (or a quit
 * signal) backed out, or after three wrong answers (said). */
int ui_ask_ca_key_secret(struct ui *ui, const char *title, char *out,
			 size_t size);

/* Is the store's CA key on a token? */
int ui_ca_key_on_token(const struct ui *ui);

/* Who signs OCSP answers: the CA, or one of the store's delegated OCSP
 * signers, asked under TITLE only when it has some. SIGNER gets the
 * signer's name ("" for the CA). Returns 0, or -1 when Esc backed out. */
int ui_choose_ocsp_signer(struct ui *ui, const char *title, char *signer,
			  size_t size);

/* What unlocks SIGNER's key ("": the CA's, ui_ask_ca_key_secret), asked
 * under TITLE when it needs it; as ui_ask_ca_key_secret. */
int ui_ask_ocsp_signer_secret(struct ui *ui, const char *title,
			      const char *signer, char *out, size_t size);

#endif
