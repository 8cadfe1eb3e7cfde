/* certdeck tests: the certtool template parser, setter and writer. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "certdeck.h"
#include "tap.h"

static char last_warning[512];

static void keep_warning(void *arg, enum cd_log_level level, const char *msg)
{
	(void)arg;
	if (level == CD_LOG_WARNING)
		snprintf(last_warning, sizeof(last_warning), "%s", msg);
}

static const char sample[] =
    "# a comment\n"
    "  organization = \"Koko inc.\"\n"
    "o = Second Org\n"
    "unit = 'sleeping dept.'\n"
    "cn = \"Cindy \\\"CL\\\" Lauper\"\n"
    "country = GR\n"
    "dn_oid = 2.5.4.12 Dr.\n"
    "serial = 0x1234567890abcdeffedcba0987654321abcdef12\n"
    "expiration_days = -1\n"
    "activation_date = \"2029-01-12 11:36:11\"\n"
    "dns_name = www.none.org\n"
    "dns_name = \"www.morethanone.org\"\n"
    "ip_address = fc4c:fe8f:7ffa:18bd::1\n"
    "nc_exclude_dns = ''\n"
    "nc_permit_ip = 10.10.10.0/16\n"
    "add_extension = \"1.0.1.5 octet_string(CAFEBEAF)\"\n"
    "policy1 = 2.16.840.1.101.3.2.1.48.1\n"
    "policy1_txt = \"A notice\"\n"
    "honor_crq_ext 2.5.29.15\n"
    "tls_feature = 5\n"
    "ca\n"
    "path_len = 2\n"
    "signing_key\n"
    "locality = New\\, York \r\n";

static int write_text(struct cd_ctx *ctx, const struct cd_cert_params *p,
		      char **out)
{
	gnutls_datum_t d;
	int ret = cd_profile_write(ctx, p, &d);

	if (ret < 0)
		return ret;
	*out = strdup((const char *)d.data);
	gnutls_free(d.data);
	return 0;
}

static void test_parse(struct cd_ctx *ctx)
{
	struct cd_cert_params p;

	cd_profile_init(&p);
	is_int(cd_profile_parse(ctx, sample, strlen(sample), "s.cfg", &p), 0,
	       "the sample template parses");
	is_str(p.cn, "Cindy \"CL\" Lauper", "quoted value with escapes");
	is_int((int)p.organization.n, 2, "organization and its alias o add up");
	is_str(p.unit.v[0], "sleeping dept.", "single-quoted value");
	is_str(p.dn_oid.v[0], "2.5.4.12 Dr.", "unquoted value keeps its space");
	ok(p.expiration_days.set && p.expiration_days.v == -1,
	   "expiration_days -1");
	is_int((int)p.dns_name.n, 2, "repeated dns_name accumulate");
	is_str(p.nc_exclude_dns.v[0], "", "'' is an empty value");
	is_str(p.honor_crq_ext.v[0], "2.5.29.15", "'key value' without '='");
	ok(p.ca && p.signing_key && !p.encryption_key, "bare booleans");
	ok(p.path_len.set && p.path_len.v == 2, "path_len");
	is_str(p.policy_txt[0], "A notice", "policy1_txt");
	is_str(p.locality, "New York ",
	       "as certtool: a backslash escape other "
	       "than a quote is dropped, trailing blanks kept");
	cd_profile_free(&p);
}

static void test_round_trip(struct cd_ctx *ctx)
{
	struct cd_cert_params a, b;
	char *first = NULL, *second = NULL;

	cd_profile_init(&a);
	cd_profile_init(&b);
	cd_profile_parse(ctx, sample, strlen(sample), "s.cfg", &a);
	ok(write_text(ctx, &a, &first) == 0, "the template is written");
	ok(first &&
	       cd_profile_parse(ctx, first, strlen(first), "w.cfg", &b) == 0,
	   "what is written parses back");
	ok(write_text(ctx, &b, &second) == 0 && first &&
	       strcmp(first, second) == 0,
	   "and gives the same parameters (written again identically)");
	is_str(b.cn, a.cn, "the quoted cn survives the round trip");
	ok(b.nc_exclude_dns.n == 1 && b.nc_exclude_dns.v[0][0] == '\0',
	   "the empty value survives the round trip");
	free(first);
	free(second);
	cd_profile_free(&a);
	cd_profile_free(&b);
}

static void bad(struct cd_ctx *ctx, const char *text, const char *want,
		const char *desc)
{
	struct cd_cert_params p;
	int ret;

	cd_profile_init(&p);
	ret = cd_profile_parse(ctx, text, strlen(text), "t.cfg", &p);
	ok(ret == CD_E_INVALID && strstr(cd_ctx_message(ctx), want) != NULL,
	   "%s", desc);
	if (ret != CD_E_INVALID || !strstr(cd_ctx_message(ctx), want))
		printf("# message: %s\n", cd_ctx_message(ctx));
	cd_profile_free(&p);
}

static void test_bad_values(struct cd_ctx *ctx)
{
	struct cd_cert_params p;

	bad(ctx, "cn = a\ncountry = FRA\n", "t.cfg:2: invalid country 'FRA'",
	    "a three-letter country is refused with file:line");
	bad(ctx, "expiration_days = abc\n", "t.cfg:1: invalid expiration_days",
	    "days must be a number");
	bad(ctx, "ip_address = 300.1.1.1\n", "'300.1.1.1'",
	    "an IPv4 address out of range");
	bad(ctx, "serial = 0\n", "invalid serial '0'", "serial 0");
	bad(ctx, "serial = 0x800102030405060708090a0b0c0d0e0f10111213\n",
	    "at most 20 octets", "a 20-octet serial with the top bit set");
	bad(ctx, "serial = 0x01000102030405060708090a0b0c0d0e0f10111213\n",
	    "invalid serial", "a 21-octet serial");
	bad(ctx, "key_purpose_oid = 1.3.6.x\n", "expected an OID",
	    "an OID must be dotted digits");
	bad(ctx, "dns_name = \"bad name.org\"\n", "expected a DNS name",
	    "a DNS name with a space");
	bad(ctx, "ca = yes\n", "takes no value", "a boolean takes no value");
	bad(ctx, "cn = \"unterminated\n", "unterminated",
	    "an unterminated quote");
	bad(ctx, "activation_date = 2023-02-30\n", "invalid activation_date",
	    "a date that does not exist");
	cd_profile_init(&p);
	last_warning[0] = '\0';
	is_int(
	    cd_profile_parse(ctx, "cn = a\nfrobnicate = 1\n", 22, "u.cfg", &p),
	    0, "an unknown keyword is not an error");
	ok(strstr(last_warning, "u.cfg:2") &&
	       strstr(last_warning, "frobnicate"),
	   "but it is warned about with file:line");
	cd_profile_free(&p);
}

static void test_set(struct cd_ctx *ctx)
{
	struct cd_cert_params p;

	cd_profile_init(&p);
	is_int(cd_profile_set(ctx, &p, "cn", "one", "--cn"), 0, "set cn");
	is_int(cd_profile_set(ctx, &p, "cn", "two", "--cn"), 0, "set it again");
	is_str(p.cn, "two", "a text set again is replaced");
	is_int(cd_profile_set(ctx, &p, "nope", "x", "--nope"), CD_E_NOTFOUND,
	       "an unknown keyword");
	is_int(cd_profile_set(ctx, &p, "country", "FRA", "--country"),
	       CD_E_INVALID, "validation applies to flags too");
	ok(strstr(cd_ctx_message(ctx), "--country") != NULL,
	   "and names the flag");
	cd_profile_free(&p);
}

int main(void)
{
	struct cd_ctx ctx;

	if (cd_ctx_init(&ctx) < 0)
		return 99;
	cd_ctx_set_log(&ctx, keep_warning, NULL);
	test_parse(&ctx);
	test_round_trip(&ctx);
	test_bad_values(&ctx);
	test_set(&ctx);
	cd_ctx_deinit(&ctx);
	return tap_done();
}
