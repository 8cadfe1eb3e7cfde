/* certdeck tests: certtool's prompt tables (src/prompt.c) and the form
 * engine's state (ui/form.c), without a terminal. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "certdeck.h"
#include "form.h"
#include "prompt.h"
#include "tap.h"

static const char *const dialog_names[CD_DIALOGS] = {"self-signed", "request",
						     "certificate"};

/* The keyword type a prompt kind can fill. */
static int kind_fits(enum cd_prompt_kind kind, enum cd_keyword_type type)
{
	switch (kind) {
	case CD_PROMPT_TEXT:
		return type == CD_KW_TEXT || type == CD_KW_LIST;
	case CD_PROMPT_LIST:
		return type == CD_KW_LIST;
	case CD_PROMPT_NO:
	case CD_PROMPT_YES:
		return type == CD_KW_BOOL;
	case CD_PROMPT_NUMBER:
		return type == CD_KW_NUM;
	case CD_PROMPT_SERIAL:
	case CD_PROMPT_PASSWORD:
		return type == CD_KW_TEXT;
	}
	return 0;
}

static int position(const struct cd_prompt *p, size_t n, const char *kw)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(p[i].keyword, kw) == 0)
			return (int)i;
	return -1;
}

static void test_tables(void)
{
	int d;

	for (d = 0; d < CD_DIALOGS; d++) {
		size_t n, i, j;
		const struct cd_prompt *p = cd_prompt_table(d, &n);
		int bad_kw = 0, bad_kind = 0, dup = 0, bad_label = 0;

		ok(p != NULL && n > 10, "%s: a table of prompts",
		   dialog_names[d]);
		for (i = 0; i < n; i++) {
			const struct cd_keyword *kw = cd_prompt_keyword(&p[i]);
			size_t len = strlen(p[i].label);

			bad_kw += kw == NULL;
			bad_kind += kw && !kind_fits(p[i].kind, kw->type);
			/* certtool's prompts end with ": ". */
			bad_label +=
			    len < 3 || strcmp(p[i].label + len - 2, ": ") != 0;
			for (j = 0; j < i; j++)
				dup += strcmp(p[i].keyword, p[j].keyword) == 0;
		}
		is_int(bad_kw, 0, "%s: every keyword is a template keyword",
		       dialog_names[d]);
		is_int(bad_kind, 0, "%s: every kind fits its keyword's type",
		       dialog_names[d]);
		is_int(bad_label, 0, "%s: labels end as certtool's do",
		       dialog_names[d]);
		is_int(dup, 0, "%s: no keyword asked twice", dialog_names[d]);
		ok(cd_prompt_table(d, &n) == p, "%s: the same table again",
		   dialog_names[d]);
	}
}

static void test_order(void)
{
	size_t n;
	const struct cd_prompt *s = cd_prompt_table(CD_DIALOG_SELFSIGN, &n);
	const struct cd_prompt *r;

	is_str(s[0].label, "Country name (2 chars): ",
	       "self-signed: first "
	       "the country");
	ok(position(s, n, "country") < position(s, n, "cn") &&
	       position(s, n, "cn") < position(s, n, "dc") &&
	       position(s, n, "dc") < position(s, n, "pkcs9_email") &&
	       position(s, n, "pkcs9_email") < position(s, n, "serial") &&
	       position(s, n, "serial") < position(s, n, "expiration_days") &&
	       position(s, n, "expiration_days") < position(s, n, "ca") &&
	       position(s, n, "ca") < position(s, n, "path_len") &&
	       position(s, n, "tls_www_server") < position(s, n, "dns_name") &&
	       position(s, n, "email") < position(s, n, "signing_key") &&
	       position(s, n, "cert_signing_key") <
		   position(s, n, "crl_signing_key") &&
	       position(s, n, "crl_signing_key") <
		   position(s, n, "crl_dist_points"),
	   "self-signed: certtool's order");
	is_str(s[n - 1].keyword, "crl_dist_points",
	       "self-signed: the CRL distribution point last");
	r = cd_prompt_table(CD_DIALOG_REQUEST, &n);
	ok(position(r, n, "pkcs9_email") < 0, "request: no DN e-mail");
	ok(position(r, n, "challenge_password") > position(r, n, "email") &&
	       position(r, n, "tls_www_server") == (int)n - 1,
	   "request: challenge password after the names, TLS server last");
	r = cd_prompt_table(CD_DIALOG_CERTIFICATE, &n);
	is_str(r[0].keyword, "serial", "certificate: the serial first");
	ok(position(r, n, "honor_crq_extensions") == position(r, n, "ca") - 1,
	   "certificate: honour the request's extensions, then the CA");
	ok(position(r, n, "cn") < 0, "certificate: the DN is the request's");
}

static void test_applies(void)
{
	size_t n;
	const struct cd_prompt *s = cd_prompt_table(CD_DIALOG_SELFSIGN, &n);
	const struct cd_prompt *plen = &s[position(s, n, "path_len")];
	const struct cd_prompt *enc = &s[position(s, n, "encryption_key")];
	const struct cd_prompt *mail = &s[position(s, n, "email")];
	const struct cd_prompt *sign = &s[position(s, n, "signing_key")];
	struct cd_prompt_state st = {0, 0, 1};

	ok(!cd_prompt_applies(plen, &st), "path length only for a CA");
	st.ca = 1;
	ok(cd_prompt_applies(plen, &st), "path length for a CA");
	ok(!cd_prompt_applies(enc, &st), "no encryption for an RSA CA");
	st.server = 1;
	ok(cd_prompt_applies(enc, &st), "encryption for an RSA CA server");
	ok(!cd_prompt_applies(mail, &st), "no e-mail SAN for a server");
	is_str(cd_prompt_label(sign, &st),
	       "Will the certificate be used for signing (DHE ciphersuites)? "
	       "(Y/n): ",
	       "a server's words for signing");
	st.server = 0;
	is_str(cd_prompt_label(sign, &st),
	       "Will the certificate be used for signing (required for TLS)? "
	       "(Y/n): ",
	       "signing, required for TLS");
	st.rsa = 0;
	ok(!cd_prompt_applies(sign, &st), "EC keys are not asked to sign");
}

static void test_serial(void)
{
	char a[43], b[43];
	size_t i;
	int hex = 1;

	ok(cd_prompt_serial_random(a) == 0 && cd_prompt_serial_random(b) == 0,
	   "random serials");
	is_int(strlen(a), 42, "0x and 40 hex digits");
	for (i = 2; i < 42; i++)
		hex &= strchr("0123456789abcdef", a[i]) != NULL;
	ok(hex && strncmp(a, "0x", 2) == 0, "as certtool shows it");
	ok(strchr("01234567", a[2]) != NULL, "the top bit is clear");
	ok(strcmp(a, b) != 0, "two serials differ");
}

static struct form new_form(enum cd_prompt_dialog d, int rsa)
{
	struct form f;
	size_t n;
	const struct cd_prompt *p = cd_prompt_table(d, &n);

	if (form_init(&f, p, n, rsa) < 0)
		abort();
	return f;
}

static void test_defaults(void)
{
	struct form f = new_form(CD_DIALOG_SELFSIGN, 1);
	int sign = form_find(&f, "signing_key"), ca = form_find(&f, "ca");

	is_int(f.focus, 0, "the focus starts on the first field");
	is_str(form_value(&f, form_find(&f, "path_len"), 0), "-1",
	       "path length -1");
	is_int(strlen(form_value(&f, form_find(&f, "serial"), 0)), 42,
	       "a random serial");
	ok(f.fields[sign].on && !f.fields[ca].on, "Y/n on, y/N off");
	is_int(form_find(&f, "no_such"), -1, "no field for an unknown word");
	form_free(&f);
}

static void test_editing(void)
{
	struct form f = new_form(CD_DIALOG_SELFSIGN, 1);
	int cn = form_find(&f, "cn");

	form_focus(&f, cn);
	form_insert(&f, "acme");
	form_home(&f);
	form_insert(&f, "\xc3\x89"); /* É */
	is_str(form_value(&f, cn, 0),
	       "\xc3\x89"
	       "acme",
	       "insert at home");
	is_int(f.cursor, 2, "the cursor after the inserted character");
	form_left(&f);
	is_int(f.cursor, 0, "left over a two-byte character");
	form_right(&f);
	form_right(&f);
	is_int(f.cursor, 3, "right, character by character");
	form_backspace(&f);
	is_str(form_value(&f, cn, 0),
	       "\xc3\x89"
	       "cme",
	       "backspace");
	form_left(&f);
	form_delete(&f);
	is_str(form_value(&f, cn, 0), "cme", "delete a two-byte character");
	form_end(&f);
	is_int(f.cursor, 3, "end");
	form_backspace(&f);
	form_backspace(&f);
	form_backspace(&f);
	form_backspace(&f);
	is_str(form_value(&f, cn, 0), "", "backspace at the start is harmless");
	form_insert(&f, "x");
	form_clear_value(&f);
	is_str(form_value(&f, cn, 0), "", "clear the value");
	form_free(&f);
}

static void test_moving(void)
{
	struct form f = new_form(CD_DIALOG_SELFSIGN, 1);
	int ca = form_find(&f, "ca"), plen = form_find(&f, "path_len");
	int client = form_find(&f, "tls_www_client");

	ok(form_prev(&f) == 1 && f.focus == 0, "nothing before the first");
	is_int(form_next(&f), 0, "next");
	is_int(f.focus, 1, "on the second field");
	form_focus(&f, ca);
	form_next(&f);
	is_int(f.focus, client, "path length skipped when not a CA");
	form_prev(&f);
	form_insert(&f, "y");
	ok(f.fields[ca].on, "y sets a toggle");
	form_insert(&f, " ");
	ok(!f.fields[ca].on, "space flips it");
	form_insert(&f, "Y");
	form_next(&f);
	is_int(f.focus, plen, "path length asked of a CA");
	is_str(form_value(&f, ca, 0), "", "a toggle's text stays empty");
	form_focus(&f, f.n - 1);
	ok(form_next(&f) == 1, "nothing after the last");
	form_free(&f);
}

static void test_lists(void)
{
	struct form f = new_form(CD_DIALOG_SELFSIGN, 1);
	int dns = form_find(&f, "dns_name"), uri = form_find(&f, "uri");

	form_focus(&f, dns);
	is_int(f.fields[dns].n_values, 1, "a list starts with an empty slot");
	form_insert(&f, "a.example");
	is_int(f.fields[dns].n_values, 2, "typing opens another slot");
	form_next(&f);
	ok(f.focus == (size_t)dns && f.value == 1, "next: the new slot");
	form_insert(&f, "b.example");
	form_next(&f);
	form_next(&f);
	is_int(f.focus, uri, "an empty slot leads to the next field");
	is_int(f.fields[dns].n_values, 3, "two names and a slot");
	is_str(form_value(&f, dns, 1), "b.example", "the second name");
	form_prev(&f);
	form_prev(&f);
	is_int(f.value, 1, "back on the second name");
	form_clear_value(&f);
	form_prev(&f);
	is_int(f.fields[dns].n_values, 2, "an emptied value goes");
	is_str(form_value(&f, dns, 0), "a.example", "the first stays");
	form_add_value(&f, dns, "c.example");
	is_str(form_value(&f, dns, 1), "c.example", "add before the slot");
	is_str(form_value(&f, dns, 2), "", "the slot stays last");
	form_remove_value(&f, dns, 0);
	is_str(form_value(&f, dns, 0), "c.example", "remove a value");
	form_focus(&f, dns);
	form_clear_value(&f);
	form_next(&f);
	ok(f.focus == (size_t)uri && f.fields[dns].n_values == 1,
	   "the last value emptied: gone, and on to the next field");
	form_free(&f);
}

static void test_validation(void)
{
	struct form f = new_form(CD_DIALOG_SELFSIGN, 1);
	int country = form_find(&f, "country"),
	    ip = form_find(&f, "ip_address");

	form_insert(&f, "FRA");
	form_next(&f);
	ok(f.fields[country].error != NULL, "FRA refused when left");
	if (f.fields[country].error)
		ok(strstr(f.fields[country].error, "two") != NULL,
		   "the reason is kept: %s", f.fields[country].error);
	else
		ok(0, "the reason is kept");
	is_int(f.focus, 1, "the focus moves on all the same");
	is_int(form_check(&f), country, "the check finds it first");
	is_int(f.focus, country, "and goes back to it");
	form_backspace(&f);
	ok(f.fields[country].error == NULL, "editing clears the reason");
	form_next(&f);
	ok(f.fields[country].error == NULL, "FR is fine");
	form_set(&f, ip, 0, "10.0.0.1");
	form_add_value(&f, ip, "not-an-ip");
	ok(form_check_field(&f, ip) < 0 && f.fields[ip].error_value == 1,
	   "the second IP is the one refused");
	form_remove_value(&f, ip, 1);
	is_int(form_check(&f), -1, "nothing refused");
	form_free(&f);
}

static void test_params(void)
{
	struct form f = new_form(CD_DIALOG_SELFSIGN, 1), g;
	struct cd_cert_params p, q;
	struct cd_ctx ctx;
	char *text = NULL;
	int dns = form_find(&f, "dns_name");

	cd_ctx_init(&ctx);
	cd_profile_init(&p);
	cd_profile_init(&q);
	form_set(&f, form_find(&f, "cn"), 0, "Test CA");
	form_set(&f, form_find(&f, "country"), 0, "FR");
	form_set(&f, form_find(&f, "organization"), 0, "Acme");
	form_set(&f, form_find(&f, "expiration_days"), 0, "365");
	form_set(&f, form_find(&f, "serial"), 0, "0x1234");
	form_set(&f, dns, 0, "a.example");
	form_add_value(&f, dns, "b.example");
	form_toggle(&f, form_find(&f, "ca"), 1);
	form_toggle(&f, form_find(&f, "crl_signing_key"), 1);
	form_toggle(&f, form_find(&f, "tls_www_server"), 0);
	is_int(form_to_params(&f, &ctx, &p), 0, "the form fills the params");
	is_str(p.cn, "Test CA", "cn");
	ok(p.organization.n == 1 && strcmp(p.organization.v[0], "Acme") == 0,
	   "organization");
	ok(p.expiration_days.set && p.expiration_days.v == 365, "days");
	ok(p.path_len.set && p.path_len.v == -1, "path length -1");
	ok(p.dns_name.n == 2 && strcmp(p.dns_name.v[1], "b.example") == 0,
	   "both DNS names");
	ok(p.ca && p.cert_signing_key && p.crl_signing_key && p.signing_key,
	   "toggles");
	ok(!p.encryption_key, "no encryption for a CA (not asked)");
	is_int(form_to_params(&f, &ctx, &p), 0, "again: same params");
	ok(p.dns_name.n == 2, "no value twice");
	ok(cd_profile_write_text(&ctx, &p, &text) == 0 && text &&
	       strstr(text, "dns_name = ") && strstr(text, "\nca\n"),
	   "a template from the form");
	ok(text && cd_profile_parse(&ctx, text, strlen(text), "t", &q) == 0 &&
	       q.dns_name.n == 2 && q.ca && q.path_len.v == -1,
	   "and back: %s", cd_ctx_message(&ctx));
	cd_profile_free(&q);
	cd_profile_init(&q);
	form_set(&f, form_find(&f, "country"), 0, "FRA");
	ok(form_to_params(&f, &ctx, &q) == CD_E_INVALID &&
	       strstr(cd_ctx_message(&ctx), "country") != NULL,
	   "a bad value is refused by cd_profile_set: %s",
	   cd_ctx_message(&ctx));

	g = new_form(CD_DIALOG_SELFSIGN, 1);
	is_int(form_from_params(&g, &p), 0, "params back into a form");
	is_str(form_value(&g, form_find(&g, "cn"), 0), "Test CA", "cn back");
	is_str(form_value(&g, form_find(&g, "serial"), 0), "0x1234",
	       "serial back");
	is_int(g.fields[form_find(&g, "dns_name")].n_values, 3,
	       "two names and a slot back");
	ok(g.fields[form_find(&g, "ca")].on &&
	       !g.fields[form_find(&g, "tls_www_client")].on,
	   "toggles back");
	form_free(&g);
	free(text);
	cd_profile_free(&p);
	cd_profile_free(&q);
	form_free(&f);
	cd_ctx_deinit(&ctx);
}

static void test_lock(void)
{
	struct form f = new_form(CD_DIALOG_SELFSIGN, 0);
	int ca = form_find(&f, "ca");

	form_toggle(&f, ca, 1);
	form_lock(&f, ca, "stays yes");
	f.focus = (size_t)ca;
	form_insert(&f, "n");
	ok(f.fields[ca].on, "a locked toggle keeps its answer (n typed)");
	is_str(f.fields[ca].error, "stays yes", "... and says why");
	form_toggle(&f, ca, -1);
	ok(f.fields[ca].on, "... flipped, kept too");
	form_insert(&f, "y");
	ok(f.fields[ca].on, "... y leaves it as it is");
	form_toggle(&f, form_find(&f, "tls_www_client"), 1);
	ok(f.fields[form_find(&f, "tls_www_client")].on,
	   "another toggle changes as before");
	{
		struct cd_cert_params p;

		cd_profile_init(&p); /* no ca keyword: a template without it */
		is_int(form_from_params(&f, &p), 0, "a template read into it");
		ok(f.fields[ca].on, "... leaves the locked toggle as it was");
		ok(!f.fields[form_find(&f, "tls_www_client")].on,
		   "... and sets the others");
		cd_profile_free(&p);
	}
	form_free(&f);
}

int main(void)
{
	test_tables();
	test_order();
	test_applies();
	test_serial();
	test_defaults();
	test_editing();
	test_moving();
	test_lists();
	test_validation();
	test_params();
	test_lock();
	return tap_done();
}
