/* certdeck: revoke the selected certificate from the main screen: a
 * reason from RFC 5280's list (or releasing a hold), a confirmation, the
 * revocation recorded in index.txt, then, when asked, a new CRL signed
 * with the CA key. The backend does the work (src/revoke.c, src/crl.c). */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "cakey.h"
#include "crl.h"
#include "dialog.h"
#include "i18n.h"
#include "key.h"
#include "revoke.h"
#include "revokeview.h"
#include "verify.h"

#define REASONS_MAX 12

struct reason_list {
	const char *items[REASONS_MAX];
	char text[REASONS_MAX][160];
	int code[REASONS_MAX];
	size_t n;
};

static void add_reason(void *arg, int code)
{
	struct reason_list *l = arg;

	/* removeFromCRL is how a hold is released, offered on its own */
	if (l->n >= REASONS_MAX || code == CD_REASON_REMOVE_FROM_CRL)
		return;
	snprintf(l->text[l->n], sizeof(l->text[l->n]), "%-22s %s",
		 cd_reason_name(code), cd_reason_text(code));
	l->items[l->n] = l->text[l->n];
	l->code[l->n++] = code;
}

/* The reason for ITEM, or -1 when the user backed out; *RELEASE set when
 * the choice is to release a hold. */
static int choose_reason(int hold, int *release)
{
	struct reason_list l;
	int i;

	memset(&l, 0, sizeof(l));
	*release = 0;
	if (hold) {
		snprintf(l.text[0], sizeof(l.text[0]), "%s",
			 _("release the hold (removeFromCRL): valid again"));
		l.items[0] = l.text[0];
		l.code[0] = CD_REASON_REMOVE_FROM_CRL;
		l.n = 1;
	}
	cd_reason_each(add_reason, &l);
	i = ui_dialog_choose(_("Revoke"),
			     hold ? _("This certificate is on hold. Release "
				      "it, or revoke it for good with a "
				      "reason:")
				  : _("Why is the certificate revoked? (RFC "
				      "5280 reasons; a CRL entry carries it)"),
			     l.items, l.n, hold ? 0 : 1);
	if (i < 0)
		return -1;
	*release = l.code[i] == CD_REASON_REMOVE_FROM_CRL;
	return l.code[i];
}

/* A compromise has a date of its own: since when the key is known or
 * suspected bad (the CRL entry's invalidity date). */
static int is_compromise(int code)
{
	return code == CD_REASON_KEY_COMPROMISE ||
	       code == CD_REASON_CA_COMPROMISE ||
	       code == CD_REASON_AA_COMPROMISE;
}

static const char *invalidity_check(const char *value, void *arg)
{
	struct ui *ui = arg;
	time_t t;

	if (value[0] == '\0')
		return NULL;
	if (cd_verify_parse_time(&ui->ctx, value, &t) < 0)
		return _("a date as YYYY-MM-DDTHH:MM:SSZ (or UNIX seconds), "
			 "or nothing");
	if (t > cd_ctx_now(&ui->ctx))
		return _("a date already past: since when the key is known or "
			 "suspected to be bad");
	return NULL;
}

/* For a compromise, the invalidity date into P (none when left empty).
 * Returns 0, or -1 when the user backed out. */
static int ask_invalidity(struct ui *ui, int code, struct cd_revoke_params *p)
{
	char value[64];

	if (!is_compromise(code))
		return 0;
	if (ui_dialog_input(_("Revoke"),
			    _("Since when is the key known or suspected to be "
			      "compromised? (the CRL entry's invalidity date, "
			      "YYYY-MM-DDTHH:MM:SSZ; empty for none)"),
			    "", 0, invalidity_check, ui, value,
			    sizeof(value)) < 0)
		return -1;
	if (value[0] == '\0')
		return 0;
	p->has_invalidity = 1;
	return cd_verify_parse_time(&ui->ctx, value, &p->invalidity);
}

/* Sign a new CRL now, asking the CA key's password (or its token's PIN)
 * when it needs one. BACKED_OUT is said when the secret is not given.
 * Returns 0 when crl.pem was written. */
static int publish(struct ui *ui, const char *backed_out)
{
	struct cd_crl_info info;
	char password[256] = "";
	int ret;

	if (ui_ask_ca_key_secret(ui, _("New CRL"), password, sizeof(password)) <
	    0) {
		ui_say(ui, UI_ERROR, "%s", backed_out);
		return -1;
	}
	ret = cd_crl_publish(&ui->ctx, ui->store, password[0] ? password : NULL,
			     &info);
	cd_wipe(password, sizeof(password));
	if (ret < 0) {
		ui_dialog_message(_("No new CRL"), UI_ERROR,
				  cd_ctx_message(&ui->ctx));
		ui_say(ui, UI_ERROR, "%s", cd_ctx_message(&ui->ctx));
		return -1;
	}
	/* L10N: the CRL number, then how many certificates it lists */
	ui_say(ui, UI_GOOD, _("crl.pem: CRL number %s, %zu revoked"),
	       info.number, info.entries);
	return 0;
}

int ui_crl_sign(struct ui *ui)
{
	char question[512];
	long days;

	if (ui_refuse_pending(ui))
		return -1;
	if (cd_crl_default_days(&ui->ctx, ui->store, &days) < 0) {
		ui_say(ui, UI_ERROR, "%s", cd_ctx_message(&ui->ctx));
		return -1;
	}
	/* L10N: the days until the new CRL's next update. */
	snprintf(question, sizeof(question),
		 _("Sign a new CRL now, listing the revocations recorded in "
		   "index.txt? It will be due again in %ld days (crl.pem)."),
		 days);
	if (ui_dialog_confirm(_("New CRL"), question, 1) != 1) {
		ui_say(ui, UI_NORMAL, "%s", _("no new CRL: nothing written"));
		return -1;
	}
	return publish(ui, _("no new CRL: nothing written"));
}

int ui_act_crl(struct ui *ui)
{
	ui_crl_sign(ui);
	return UI_RELOAD;
}

int ui_act_revoke(struct ui *ui)
{
	const struct ui_item *item = ui_current(ui);
	struct cd_revoke_params p;
	struct cd_revoke_result res;
	char question[512], target[CD_SERIAL_HEX_MAX + 8];
	int release, hold, code, ret;

	if (item == NULL ||
	    (item->kind != UI_ITEM_ISSUED && item->kind != UI_ITEM_REVOKED) ||
	    item->serial[0] == '\0') {
		ui_say(ui, UI_ERROR, "%s",
		       _("select an issued certificate to revoke"));
		return UI_REDRAW;
	}
	hold = item->status == 'R' &&
	       cd_revoke_is_on_hold(&ui->ctx, ui->store, item->serial) > 0;
	if (item->status == 'R' && !hold) {
		ui_say(ui, UI_ERROR,
		       _("%s is revoked for good: a revocation is final (only "
			 "a hold can be released)"),
		       ui_item_label(item));
		return UI_REDRAW;
	}
	memset(&p, 0, sizeof(p));
	code = choose_reason(hold, &release);
	if (code >= 0 && !release && ask_invalidity(ui, code, &p) < 0)
		code = -1;
	if (code < 0) {
		ui_say(ui, UI_NORMAL, "%s", _("not revoked: nothing written"));
		return UI_REDRAW;
	}
	snprintf(question, sizeof(question),
		 release ? _("Release the hold on %s (serial %s)?")
			 : _("Revoke %s (serial %s) for %s? Only a hold "
			     "(certificateHold) can be undone."),
		 item->name ? item->name : item->serial, item->serial,
		 cd_reason_name(code));
	if (ui_dialog_confirm(_("Revoke"), question, 0) != 1) {
		ui_say(ui, UI_NORMAL, "%s", _("not revoked: nothing written"));
		return UI_REDRAW;
	}
	snprintf(target, sizeof(target), "%s", item->serial);
	p.target = target;
	p.reason = release ? CD_REASON_NONE : code;
	p.release = release;
	ret = cd_revoke(&ui->ctx, ui->store, &p, &res);
	if (ret < 0) {
		ui_dialog_message(_("Not revoked"), UI_ERROR,
				  cd_ctx_message(&ui->ctx));
		ui_say(ui, UI_ERROR, "%s", cd_ctx_message(&ui->ctx));
		return UI_REDRAW;
	}
	cd_revoke_result_free(&res);
	ui_reload(ui);
	ui_say(ui, UI_GOOD,
	       release ? _("released %s: valid again") : _("revoked %s: %s"),
	       target, cd_reason_name(code));
	if (ui_dialog_confirm(_("New CRL"),
			      _("Sign a new CRL now, so that clients learn "
				"of it? (crl.pem)"),
			      1) == 1)
		publish(ui, _("no new CRL: the revocation is recorded; "
			      "publish one later (L, or certdeck crl)"));
	return UI_REDRAW;
}
