/* certdeck tests: a certificate read back as a template (src/renew.h):
 * built from a profile, read back with cd_renew_params_of, the template
 * written out is the same, and a certificate built again from it has the
 * same subject and extensions; a template merged over it replaces lists;
 * the key's kind and the validity length are read back. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "certdeck.h"
#include "dernames.h"
#include "issue.h"
#include "renew.h"
#include "tap.h"

static struct cd_ctx ctx;

static const char *const settings[][2] = {
    {"cn", "www.example"},
    {"organization", "Org A"},
    {"organization", "Org B"},
    {"unit", "Ops"},
    {"country", "FR"},
    {"dn_oid", "2.5.4.5 SN123"},
    {"dns_name", "www.example"},
    {"dns_name", "alt.example"},
    {"ip_address", "192.0.2.1"},
    {"ip_address", "2001:db8::1"},
    {"uri", "https://www.example/"},
    {"tls_www_server", NULL},
    {"tls_www_client", NULL},
    {"signing_key", NULL},
    {"encryption_key", NULL},
    {"key_purpose_oid", "1.2.3.4.5"},
    {"crl_dist_points", "http://crl.example/ca.crl"},
    {"ocsp_uri", "http://ocsp.example/"},
    {"ca_issuers_uri", "http://ca.example/ca.crt"},
    {"expiration_days", "90"},
};

static gnutls_privkey_t make_key(gnutls_pk_algorithm_t pk, unsigned bits,
				 gnutls_ecc_curve_t curve)
{
	struct cd_key_params kp;
	gnutls_x509_privkey_t x = NULL;
	gnutls_privkey_t key = NULL;

	cd_key_params_init(&kp);
	kp.pk = pk;
	kp.bits = bits;
	kp.curve = curve;
	if (cd_key_generate(&ctx, &kp, &x) < 0 ||
	    cd_key_to_privkey(&ctx, x, &key) < 0)
		printf("# key: %s\n", cd_ctx_message(&ctx));
	if (x)
		gnutls_x509_privkey_deinit(x);
	return key;
}

static char *written(const struct cd_cert_params *p)
{
	char *text = NULL;

	if (cd_profile_write_text(&ctx, p, &text) < 0)
		printf("# write: %s\n", cd_ctx_message(&ctx));
	return text;
}

/* Every extension of A is in B with the same value, and as many. */
static int same_extensions(gnutls_x509_crt_t a, gnutls_x509_crt_t b)
{
	unsigned i, j;
	int same = 1;

	for (i = 0; same; i++) {
		char oid[128];
		size_t size = sizeof(oid);
		gnutls_datum_t da = {NULL, 0}, db = {NULL, 0};
		int found = 0;

		if (gnutls_x509_crt_get_extension_info(a, i, oid, &size, NULL) <
		    0)
			break;
		gnutls_x509_crt_get_extension_data2(a, i, &da);
		for (j = 0; !found; j++) {
			char o2[128];
			size_t s2 = sizeof(o2);

			if (gnutls_x509_crt_get_extension_info(b, j, o2, &s2,
							       NULL) < 0)
				break;
			if (strcmp(o2, oid) != 0)
				continue;
			gnutls_x509_crt_get_extension_data2(b, j, &db);
			found = da.size == db.size &&
				memcmp(da.data, db.data, da.size) == 0;
			gnutls_free(db.data);
		}
		if (!found)
			printf("#   extension %s differs\n", oid);
		same = found;
		gnutls_free(da.data);
	}
	return same;
}

static void test_round_trip(void)
{
	struct cd_cert_params p, back, over;
	gnutls_privkey_t key = make_key(GNUTLS_PK_RSA, 2048, 0);
	gnutls_x509_crt_t crt = NULL, again = NULL;
	gnutls_datum_t dn1 = {NULL, 0}, dn2 = {NULL, 0};
	struct cd_key_params kp;
	char *t1, *t2;
	size_t i;

	cd_profile_init(&p);
	cd_profile_init(&back);
	cd_profile_init(&over);
	for (i = 0; i < sizeof(settings) / sizeof(settings[0]); i++)
		if (cd_profile_set(&ctx, &p, settings[i][0], settings[i][1],
				   "test") < 0)
			printf("# %s\n", cd_ctx_message(&ctx));
	ok(cd_issue_selfsign(&ctx, &p, key, &crt) == 0, "self-signed: %s",
	   cd_ctx_message(&ctx));
	ok(cd_renew_params_of(&ctx, crt, &back) == 0, "read back: %s",
	   cd_ctx_message(&ctx));
	t1 = written(&p);
	t2 = written(&back);
	if (!ok(t1 && t2 && strcmp(t1, t2) == 0,
		"the template read back is the one it was made from"))
		printf("# made from:\n%s# read back:\n%s", t1, t2);
	free(t1);
	free(t2);
	ok(cd_issue_selfsign(&ctx, &back, key, &again) == 0,
	   "built again from it");
	ok(again && gnutls_x509_crt_get_raw_dn(crt, &dn1) >= 0 &&
	       gnutls_x509_crt_get_raw_dn(again, &dn2) >= 0 &&
	       dn1.size == dn2.size &&
	       memcmp(dn1.data, dn2.data, dn1.size) == 0,
	   "the same subject, to the octet");
	ok(again && same_extensions(crt, again) && same_extensions(again, crt),
	   "the same extensions, to the octet");
	is_int(cd_renew_days_of(crt), 90, "the validity length: 90 days");
	ok(cd_renew_key_params_of(&ctx, crt, &kp) == 0 &&
	       kp.pk == GNUTLS_PK_RSA && kp.bits == 2048,
	   "the key: RSA 2048");

	cd_profile_set(&ctx, &over, "dns_name", "new.example", "test");
	cd_profile_set(&ctx, &over, "organization", "X", "test");
	ok(cd_renew_params_merge(&ctx, &back, &over) == 0, "merged");
	ok(back.dns_name.n == 1 &&
	       strcmp(back.dns_name.v[0], "new.example") == 0,
	   "a list merged replaces the old list");
	ok(back.organization.n == 1 && strcmp(back.organization.v[0], "X") == 0,
	   "... organizations too");
	is_str(back.cn, "www.example", "what the template leaves is kept");
	ok(back.tls_www_server && back.ip_address.n == 2,
	   "... purposes and other names too");

	gnutls_free(dn1.data);
	gnutls_free(dn2.data);
	if (crt)
		gnutls_x509_crt_deinit(crt);
	if (again)
		gnutls_x509_crt_deinit(again);
	gnutls_privkey_deinit(key);
	cd_profile_free(&p);
	cd_profile_free(&back);
	cd_profile_free(&over);
}

static void test_ca_and_curve(void)
{
	struct cd_cert_params p, back;
	gnutls_privkey_t key =
	    make_key(GNUTLS_PK_ECDSA, 0, GNUTLS_ECC_CURVE_SECP384R1);
	gnutls_x509_crt_t crt = NULL;
	struct cd_key_params kp;

	cd_profile_init(&p);
	cd_profile_init(&back);
	cd_profile_set(&ctx, &p, "cn", "Sub CA", "test");
	cd_profile_set(&ctx, &p, "ca", NULL, "test");
	cd_profile_set(&ctx, &p, "path_len", "0", "test");
	cd_profile_set(&ctx, &p, "cert_signing_key", NULL, "test");
	cd_profile_set(&ctx, &p, "crl_signing_key", NULL, "test");
	/* (certtool writes an e-mail name only when not a TLS server) */
	cd_profile_set(&ctx, &p, "email", "ca@example.org", "test");
	cd_profile_set(&ctx, &p, "expiration_days", "3650", "test");
	ok(cd_issue_selfsign(&ctx, &p, key, &crt) == 0, "a CA: %s",
	   cd_ctx_message(&ctx));
	ok(crt && cd_renew_params_of(&ctx, crt, &back) == 0, "read back");
	ok(back.ca && back.path_len.set && back.path_len.v == 0,
	   "ca and path_len 0");
	ok(back.cert_signing_key && back.crl_signing_key,
	   "certificate and CRL signing");
	ok(back.email.n == 1 && strcmp(back.email.v[0], "ca@example.org") == 0,
	   "an e-mail name");
	ok(crt && cd_renew_key_params_of(&ctx, crt, &kp) == 0 &&
	       kp.pk == GNUTLS_PK_ECDSA &&
	       kp.curve == GNUTLS_ECC_CURVE_SECP384R1,
	   "the key: ECDSA P-384");
	if (crt)
		gnutls_x509_crt_deinit(crt);
	gnutls_privkey_deinit(key);
	cd_profile_free(&p);
	cd_profile_free(&back);
}

static int drop_dns(void *arg, unsigned type, const char *other, int excluded)
{
	(void)arg;
	(void)other;
	(void)excluded;
	return type == GNUTLS_SAN_DNSNAME;
}

static int drop_upn(void *arg, unsigned type, const char *other, int excluded)
{
	(void)arg;
	(void)excluded;
	return type == GNUTLS_SAN_OTHERNAME &&
	       strcmp(other, "1.3.6.1.4.1.311.20.2.3") == 0;
}

static int filtered(const char *hex, int constraints, cd_der_name_drop_fn drop,
		    char *out, size_t size)
{
	gnutls_datum_t h = {(unsigned char *)hex, (unsigned)strlen(hex)};
	gnutls_datum_t der = {NULL, 0}, res = {NULL, 0}, rhex = {NULL, 0};
	int ret = gnutls_hex_decode2(&h, &der);

	out[0] = '\0';
	if (ret == 0)
		ret = cd_der_names_filter(&der, constraints, drop, NULL, &res);
	if (ret == 0 && res.size > 0 && gnutls_hex_encode2(&res, &rhex) == 0)
		snprintf(out, size, "%s", (const char *)rhex.data);
	gnutls_free(der.data);
	gnutls_free(res.data);
	gnutls_free(rhex.data);
	return ret;
}

/* The DER name filter of a re-issue over whole copies: every byte of
 * what stays kept, malformed DER refused, never read past its end. */
static void test_der_names(void)
{
	/* DNS:a.example, UPN user@corp.example, DNS:b.example */
	const char *san =
	    "30398209612e6578616d706c65a021060a2b060104018237140203a0130c1175"
	    "73657240636f72702e6578616d706c658209622e6578616d706c65";
	/* permitted DirName O=Example, DNS .example.com; excluded DNS
	 * x.example */
	const char *nc =
	    "3039a0283016a41430123110300e060355040a0c074578616d706c65300e820c"
	    "2e6578616d706c652e636f6da10d300b8209782e6578616d706c65";
	const char *dir =
	    "301aa0183016a41430123110300e060355040a0c074578616d706c65";
	static const char *const bad[] = {
	    "",	      "30",	    "3005820161", "3080", "3084ffffffff",
	    "040100", "3003a20100",
	};
	char out[512];
	gnutls_datum_t a = {NULL, 0}, b = {NULL, 0}, j = {NULL, 0}, h;
	size_t i;

	is_int(filtered(san, 0, drop_dns, out, sizeof(out)), 0,
	       "SAN: the DNS names taken out");
	is_str(out,
	       "3023a021060a2b060104018237140203a0130c117573657240636f72702e65"
	       "78616d706c65",
	       "... the UPN kept, byte for byte");
	is_int(filtered(san, 0, drop_upn, out, sizeof(out)), 0,
	       "SAN: the UPN taken out");
	is_str(out, "30168209612e6578616d706c658209622e6578616d706c65",
	       "... both DNS names kept");
	is_int(filtered(nc, 1, drop_dns, out, sizeof(out)), 0,
	       "NC: the DNS constraints taken out");
	is_str(out, dir,
	       "... the directory name kept, the empty excluded part gone");
	is_int(filtered("300b8209612e6578616d706c65", 0, drop_dns, out,
			sizeof(out)),
	       0, "SAN: nothing left");
	is_str(out, "", "... an empty result");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ok(filtered(bad[i], i == 6, drop_dns, out, sizeof(out)) < 0,
		   "malformed DER refused: '%s'", bad[i]);

	h.data = (unsigned char *)dir;
	h.size = (unsigned)strlen(dir);
	gnutls_hex_decode2(&h, &a);
	h.data = (unsigned char *)"300fa10d300b8209622e6578616d706c65";
	h.size = (unsigned)strlen((const char *)h.data);
	gnutls_hex_decode2(&h, &b);
	is_int(cd_der_constraints_join(&a, &b, &j), 0, "NC joined");
	h.data = NULL;
	gnutls_hex_encode2(&j, &h);
	is_str(h.data ? (const char *)h.data : "",
	       "3029a0183016a41430123110300e060355040a0c074578616d706c65a10d30"
	       "0b8209622e6578616d706c65",
	       "... A's permitted, then B's excluded");
	gnutls_free(h.data);
	gnutls_free(a.data);
	gnutls_free(b.data);
	gnutls_free(j.data);
}

int main(void)
{
	if (cd_ctx_init(&ctx) < 0)
		return 1;
	test_round_trip();
	test_ca_and_curve();
	test_der_names();
	return tap_done();
}
