/* certdeck: a verification's result as text with colours (verifytext.h).
 * GnuTLS's flags stay in the backend: a link's verdict is its status
 * being zero, its words come from cd_verify_status_text(). */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "verifytext.h"

#define DAY (24L * 3600L)

static void format_time(time_t when, char *buf, size_t size)
{
	struct tm tm;

	if (when == (time_t)-1 || gmtime_r(&when, &tm) == NULL)
		snprintf(buf, size, "%s", _("(none)"));
	else
		strftime(buf, size, "%Y-%m-%d %H:%M", &tm);
}

/* "Valid: FROM to TO (N days left)", red when outside it. */
static int add_validity(struct ui_text *t, time_t from, time_t to, time_t now)
{
	char a[64], b[64];

	format_time(from, a, sizeof(a));
	format_time(to, b, sizeof(b));
	if (from != (time_t)-1 && now < from)
		return ui_text_addf(t, UI_EXPIRED,
				    _("    Valid:      %s to %s UTC (NOT YET "
				      "VALID)"),
				    a, b);
	if (to == (time_t)-1)
		return ui_text_addf(t, UI_NORMAL,
				    _("    Valid:      from %s UTC, no "
				      "expiration"),
				    a);
	if (to < now)
		return ui_text_addf(t, UI_EXPIRED,
				    /* L10N: keep the columns aligned with the
				       other lines of the verify view: the first
				       and last day, the days since. */
				    _("    Valid:      %s to %s UTC (EXPIRED "
				      "%ld days ago)"),
				    a, b, -cd_days_left(to, now));
	return ui_text_addf(
	    t, to - now < 30 * DAY ? UI_EXPIRING : UI_NORMAL,
	    /* L10N: keep the columns aligned with the other lines of the verify
	       view: the first and last day, the days left. */
	    _("    Valid:      %s to %s UTC (%ld days left)"), a, b,
	    cd_days_left(to, now));
}

/* The reasons about the certificate at DEPTH (-1: those of no link). */
static int add_reasons(struct ui_text *t, const struct cd_verify_result *r,
		       int depth)
{
	size_t i;
	int ret = 0;

	for (i = 0; i < r->reason_count && ret == 0; i++) {
		const struct cd_verify_reason *why = &r->reasons[i];
		int mine = depth >= 0 ? why->depth == depth
				      : why->depth < 0 || (size_t)why->depth >=
							      r->chain_count;

		if (!mine)
			continue;
		ret = ui_text_addf(t, UI_ERROR, _("    Reason (%s): %s"),
				   cd_verify_reason_code(why->kind),
				   why->message);
		if (ret == 0)
			ret = ui_text_addf(t, UI_EXPIRING, _("      Hint: %s"),
					   why->hint);
	}
	return ret;
}

static int has_reasons(const struct cd_verify_result *r, int depth)
{
	size_t i;

	for (i = 0; i < r->reason_count; i++)
		if (r->reasons[i].depth == depth)
			return 1;
	return 0;
}

static int add_link(struct ui_text *t, const struct cd_verify_result *r,
		    size_t i, time_t now)
{
	const struct cd_verify_link *l = &r->chain[i];
	int bad = l->status != 0 || has_reasons(r, (int)i), ret;
	char *words;

	const char *what = i == 0 ? _("leaf") : _("intermediate");

	if (i + 1 == r->chain_count && l->checked_against &&
	    strcmp(l->subject, l->checked_against) == 0)
		what = _("root");
	ret = ui_text_addf(t, bad ? UI_ERROR : UI_SECTION, "[%zu] %s: %s",
			   i + 1, what, l->subject);
	if (ret == 0)
		ret = ui_text_addf(t, UI_NORMAL, _("    Issuer:     %s"),
				   l->issuer);
	if (ret == 0)
		ret = add_validity(t, l->not_before, l->not_after, now);
	if (ret == 0)
		ret = ui_text_addf(t, UI_NORMAL, _("    Signature:  %s"),
				   l->signature_algorithm);
	if (ret == 0 && l->crl)
		ret = ui_text_addf(t, UI_NORMAL, _("    Checked against %s"),
				   l->crl);
	/* GnuTLS's words for a status of 0 say "trusted": under a verdict
	 * made by certdeck's own checks (the reasons below), say nothing. */
	words = l->status != 0 ? cd_verify_status_text(l->status) : NULL;
	if (ret == 0)
		ret = ui_text_addf(t, bad ? UI_ERROR : UI_GOOD,
				   _("    Verdict:    %s %s"),
				   bad ? _("NOT VERIFIED.") : _("verified."),
				   words ? words : "");
	free(words);
	if (ret == 0)
		ret = add_reasons(t, r, (int)i);
	return ret;
}

/* The root the last link was checked against (when it is not a link). */
static int add_anchor(struct ui_text *t, const struct cd_verify_result *r,
		      time_t now)
{
	const struct cd_verify_link *l = &r->chain[r->chain_count - 1];
	int ret;

	if (l->checked_against == NULL) {
		ret = ui_text_addf(t, UI_NORMAL, "     |");
		if (ret == 0)
			ret = ui_text_addf(t, UI_ERROR,
					   _("[%zu] issuer NOT FOUND: %s"),
					   r->chain_count + 1, l->issuer);
		return ret;
	}
	if (strcmp(l->subject, l->checked_against) == 0)
		return 0; /* the last link is the root itself */
	ret = ui_text_addf(t, UI_NORMAL, "     |");
	if (ret == 0)
		ret = ui_text_addf(t, UI_SECTION, _("[%zu] root (trusted): %s"),
				   r->chain_count + 1, l->checked_against);
	if (ret == 0)
		ret = add_validity(t, l->issuer_not_before, l->issuer_not_after,
				   now);
	return ret;
}

static int add_header(struct ui_text *t, const struct ui_verify_asked *a,
		      const struct cd_verify_result *r)
{
	char *words = cd_verify_status_text(r->status);
	int ret;

	ret = ui_text_addf(t, r->verified ? UI_GOOD : UI_EXPIRED, "%s %s",
			   r->verified ? _("VERIFIED.") : _("NOT VERIFIED."),
			   words ? words : "");
	free(words);
	if (ret == 0)
		ret = ui_text_addf(t, UI_NORMAL, "%s", "");
	if (ret == 0)
		ret = ui_text_addf(t, UI_NORMAL, _("Certificate: %s"), a->cert);
	if (ret == 0)
		ret =
		    ui_text_addf(t, UI_NORMAL, _("Trust:       %s"), a->trust);
	if (ret == 0)
		ret = ui_text_addf(t, UI_NORMAL, _("Peer name:   %s"),
				   a->peer_name && a->peer_name[0]
				       ? a->peer_name
				       : _("(not checked)"));
	if (ret == 0)
		ret = ui_text_addf(t, UI_NORMAL, _("Purpose:     %s"),
				   a->purpose);
	if (ret == 0)
		ret = ui_text_addf(t, UI_NORMAL, "%s", "");
	if (ret == 0)
		ret = ui_text_addf(t, UI_DIM, "%s",
				   _("The chain, from the leaf to the root:"));
	return ret;
}

int ui_verify_text(struct ui_text *t, const struct ui_verify_asked *a,
		   const struct cd_verify_result *r)
{
	size_t i;
	int ret = add_header(t, a, r);

	for (i = 0; i < r->chain_count && ret == 0; i++) {
		if (i > 0)
			ret = ui_text_addf(t, UI_NORMAL, "     |");
		if (ret == 0)
			ret = add_link(t, r, i, a->now);
	}
	if (ret == 0 && r->chain_count > 0)
		ret = add_anchor(t, r, a->now);
	if (ret == 0 && r->chain_count == 0)
		ret = ui_text_addf(t, UI_ERROR, "%s",
				   _("(no certificate was checked)"));
	for (i = 0; i < r->reason_count && ret == 0; i++)
		if (r->reasons[i].depth < 0 ||
		    (size_t)r->reasons[i].depth >= r->chain_count) {
			ret = ui_text_addf(t, UI_NORMAL, "%s", "");
			if (ret == 0)
				ret = ui_text_addf(
				    t, UI_ERROR, "%s",
				    _("About the chain as a whole:"));
			if (ret == 0)
				ret = add_reasons(t, r, -1);
			break;
		}
	return ret;
}
