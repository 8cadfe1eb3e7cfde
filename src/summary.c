/* certdeck: short descriptions for the TUI's details pane. */
#include <config.h>

#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "error.h"
#include "file.h"
#include "i18n.h"
#include "key.h"
#include "lintfacts.h"
#include "summary.h"

void cd_summary_free(struct cd_summary *s)
{
	size_t i;

	for (i = 0; i < s->count; i++) {
		free(s->lines[i].label);
		free(s->lines[i].value);
	}
	free(s->lines);
	memset(s, 0, sizeof(*s));
}

int cd_summary_add(struct cd_summary *s, const char *label,
		   enum cd_summary_mood mood, const char *fmt, ...)
{
	struct cd_summary_line *l;
	va_list ap;
	int n;

	if (s->count == s->size) {
		size_t size = s->size ? 2 * s->size : 16;

		l = realloc(s->lines, size * sizeof(*l));
		if (l == NULL)
			return CD_E_NOMEM;
		s->lines = l;
		s->size = size;
	}
	l = &s->lines[s->count];
	va_start(ap, fmt);
	n = vasprintf(&l->value, fmt, ap);
	va_end(ap);
	if (n < 0)
		return CD_E_NOMEM;
	l->label = strdup(label);
	if (l->label == NULL) {
		free(l->value);
		return CD_E_NOMEM;
	}
	l->mood = mood;
	s->count++;
	return 0;
}

static void utc(time_t t, char out[32])
{
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(out, 32, "%Y-%m-%d %H:%M:%S UTC", &tm) == 0)
		snprintf(out, 32, "?");
}

/* "ECDSA P-256", "RSA 2048 bits", "Ed25519". */
static void key_words(const struct cd_lint_facts *f, char *buf, size_t size)
{
	if (f->pk == GNUTLS_PK_RSA || f->pk == GNUTLS_PK_RSA_PSS)
		snprintf(buf, size, _("%s %u bits"), gnutls_pk_get_name(f->pk),
			 f->bits);
	else if (f->pk == GNUTLS_PK_ECDSA)
		snprintf(buf, size, _("ECDSA %s (%u bits)"),
			 gnutls_ecc_curve_get_name(f->curve), f->bits);
	else
		snprintf(buf, size, "%s", cd_key_type_name(f->pk));
}

static const struct {
	unsigned bit;
	const char *name;
} usage_names[] = {
    {GNUTLS_KEY_DIGITAL_SIGNATURE, N_("digital signature")},
    {GNUTLS_KEY_NON_REPUDIATION, N_("non repudiation")},
    {GNUTLS_KEY_KEY_ENCIPHERMENT, N_("key encipherment")},
    {GNUTLS_KEY_DATA_ENCIPHERMENT, N_("data encipherment")},
    {GNUTLS_KEY_KEY_AGREEMENT, N_("key agreement")},
    {GNUTLS_KEY_KEY_CERT_SIGN, N_("certificate signing")},
    {GNUTLS_KEY_CRL_SIGN, N_("CRL signing")},
    {GNUTLS_KEY_ENCIPHER_ONLY, N_("encipher only")},
    {GNUTLS_KEY_DECIPHER_ONLY, N_("decipher only")},
};

static int add_usages(struct cd_summary *s, const struct cd_lint_facts *f)
{
	size_t i;
	int ret = 0, first = 1;

	if (!f->ku_present)
		return 0;
	for (i = 0;
	     ret == 0 && i < sizeof(usage_names) / sizeof(usage_names[0]); i++)
		if (f->usage & usage_names[i].bit) {
			ret = cd_summary_add(s, first ? _("Key usage") : "",
					     CD_MOOD_PLAIN, "%s",
					     _(usage_names[i].name));
			first = 0;
		}
	for (i = 0; ret == 0 && i < f->eku.n; i++)
		ret = cd_summary_add(s, i == 0 ? _("Purposes") : "",
				     CD_MOOD_PLAIN, "%s",
				     cd_lint_purpose_name(f->eku.v[i]));
	return ret;
}

/* One subject alternative name as "DNS: name". */
static int add_san(struct cd_summary *s, int first, unsigned type,
		   const unsigned char *v, size_t size)
{
	const char *label = first ? _("Names") : "";
	char ip[64];

	switch (type) {
	case GNUTLS_SAN_DNSNAME:
		return cd_summary_add(s, label, CD_MOOD_PLAIN, "DNS: %.*s",
				      (int)size, (const char *)v);
	case GNUTLS_SAN_RFC822NAME:
		return cd_summary_add(s, label, CD_MOOD_PLAIN, "email: %.*s",
				      (int)size, (const char *)v);
	case GNUTLS_SAN_URI:
		return cd_summary_add(s, label, CD_MOOD_PLAIN, "URI: %.*s",
				      (int)size, (const char *)v);
	case GNUTLS_SAN_IPADDRESS:
		if ((size == 4 || size == 16) &&
		    inet_ntop(size == 4 ? AF_INET : AF_INET6, v, ip,
			      sizeof(ip)))
			return cd_summary_add(s, label, CD_MOOD_PLAIN, "IP: %s",
					      ip);
		return cd_summary_add(s, label, CD_MOOD_BAD, "IP: ?");
	default:
		return cd_summary_add(s, label, CD_MOOD_PLAIN, _("other name"));
	}
}

static int add_sans(struct cd_summary *s, gnutls_x509_crt_t crt,
		    gnutls_x509_crq_t crq)
{
	unsigned char buf[1024];
	unsigned seq, type;
	int ret = 0;

	for (seq = 0; ret == 0; seq++) {
		size_t size = sizeof(buf) - 1;
		int r = crt ? gnutls_x509_crt_get_subject_alt_name2(
				  crt, seq, buf, &size, &type, NULL)
			    : gnutls_x509_crq_get_subject_alt_name(
				  crq, seq, buf, &size, &type, NULL);

		if (r == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
			break;
		if (r < 0)
			continue; /* too long to show here: inspect shows it */
		ret = add_san(s, seq == 0, (unsigned)r, buf, size);
	}
	return ret;
}

static int add_dn(struct cd_summary *s, const char *label, int ret,
		  gnutls_datum_t *dn)
{
	if (ret < 0)
		return cd_summary_add(s, label, CD_MOOD_PLAIN, "%s",
				      _("(empty)"));
	ret = cd_summary_add(s, label, CD_MOOD_PLAIN, "%s", (char *)dn->data);
	gnutls_free(dn->data);
	return ret;
}

static int add_fingerprints(struct cd_summary *s, gnutls_x509_crt_t crt)
{
	static const struct {
		gnutls_digest_algorithm_t dig;
		const char *label;
	} fp[] = {{GNUTLS_DIG_SHA1, "SHA-1"}, {GNUTLS_DIG_SHA256, "SHA-256"}};
	unsigned char buf[32];
	char hex[3 * sizeof(buf) + 1];
	size_t i, j, size;
	int ret = 0;

	for (i = 0; ret == 0 && i < 2; i++) {
		size = sizeof(buf);
		if (gnutls_x509_crt_get_fingerprint(crt, fp[i].dig, buf,
						    &size) < 0)
			continue;
		for (j = 0; j < size; j++)
			snprintf(hex + 3 * j, 4,
				 j + 1 < size ? "%02x:" : "%02x", buf[j]);
		ret = cd_summary_add(s, fp[i].label, CD_MOOD_PLAIN, "%s", hex);
	}
	return ret;
}

static int add_validity(struct cd_ctx *ctx, struct cd_summary *s,
			const struct cd_lint_facts *f)
{
	time_t now = cd_ctx_now(ctx);
	long days = cd_days_left(f->not_after, now);
	char from[32], until[32];
	int ret;

	utc(f->not_before, from);
	utc(f->not_after, until);
	ret = cd_summary_add(s, _("Valid from"), CD_MOOD_PLAIN, "%s", from);
	if (ret == 0)
		ret = cd_summary_add(s, _("Valid until"), CD_MOOD_PLAIN, "%s",
				     until);
	if (ret != 0)
		return ret;
	if (now < f->not_before)
		return cd_summary_add(s, _("Days left"), CD_MOOD_WARN, "%s",
				      _("not yet valid"));
	if (now >= f->not_after)
		return cd_summary_add(s, _("Days left"), CD_MOOD_BAD,
				      _("expired %ld days ago"), -days);
	return cd_summary_add(s, _("Days left"),
			      days <= 30 ? CD_MOOD_WARN : CD_MOOD_GOOD, "%ld",
			      days);
}

static int add_facts(struct cd_summary *s, const struct cd_lint_facts *f)
{
	char key[64];
	int ret;

	key_words(f, key, sizeof(key));
	ret = cd_summary_add(s, _("Key"), CD_MOOD_PLAIN, "%s", key);
	if (ret == 0 && f->bc_present)
		ret = f->is_ca ? cd_summary_add(
				     s, _("CA"), CD_MOOD_PLAIN, "%s",
				     /* L10N: the answers in the details pane of
					the main screen (e.g. CA: yes). */
				     _("yes"))
			       : cd_summary_add(s, _("CA"), CD_MOOD_PLAIN, "%s",
						_("no"));
	if (ret == 0)
		ret = add_usages(s, f);
	return ret;
}

static int summary_crt(struct cd_ctx *ctx, gnutls_x509_crt_t crt,
		       struct cd_summary *s)
{
	struct cd_lint_source src = {crt, NULL};
	struct cd_lint_facts f;
	gnutls_datum_t dn;
	char serial[2 * sizeof(f.serial) + 1];
	size_t i;
	int ret;

	if (cd_lint_facts_read(&src, &f) < 0) {
		cd_lint_facts_free(&f);
		return cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	}
	ret =
	    add_dn(s, _("Subject"), gnutls_x509_crt_get_dn3(crt, &dn, 0), &dn);
	if (ret == 0)
		ret = add_dn(s, _("Issuer"),
			     gnutls_x509_crt_get_issuer_dn3(crt, &dn, 0), &dn);
	for (i = 0; i < f.serial_size; i++)
		snprintf(serial + 2 * i, 3, "%02X", f.serial[i]);
	serial[2 * f.serial_size] = '\0';
	if (ret == 0)
		ret =
		    cd_summary_add(s, _("Serial"), CD_MOOD_PLAIN, "%s", serial);
	if (ret == 0)
		ret = add_validity(ctx, s, &f);
	if (ret == 0)
		ret = add_facts(s, &f);
	if (ret == 0)
		ret = add_sans(s, crt, NULL);
	if (ret == 0)
		ret = cd_summary_add(s, _("Signature"), CD_MOOD_PLAIN, "%s",
				     gnutls_sign_get_name(f.sign)
					 ? gnutls_sign_get_name(f.sign)
					 : "?");
	if (ret == 0)
		ret = add_fingerprints(s, crt);
	cd_lint_facts_free(&f);
	return ret < 0 ? cd_error(ctx, CD_E_NOMEM, _("out of memory")) : 0;
}

static int summary_crq(struct cd_ctx *ctx, gnutls_x509_crq_t crq,
		       struct cd_summary *s)
{
	struct cd_lint_source src = {NULL, crq};
	struct cd_lint_facts f;
	gnutls_datum_t dn;
	int ret;

	if (cd_lint_facts_read(&src, &f) < 0) {
		cd_lint_facts_free(&f);
		return cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	}
	ret =
	    add_dn(s, _("Subject"), gnutls_x509_crq_get_dn3(crq, &dn, 0), &dn);
	if (ret == 0)
		ret = add_facts(s, &f);
	if (ret == 0)
		ret = add_sans(s, NULL, crq);
	if (ret == 0)
		/* "Signature": a label longer than the main screen's
		 * column (12) would be cut. */
		ret = f.bad_signature
			  ? cd_summary_add(s, _("Signature"), CD_MOOD_BAD, "%s",
					   _("self-signature does not verify"))
			  : cd_summary_add(s, _("Signature"), CD_MOOD_GOOD,
					   "%s", _("self-signature verifies"));
	cd_lint_facts_free(&f);
	return ret < 0 ? cd_error(ctx, CD_E_NOMEM, _("out of memory")) : 0;
}

static int summary_key(struct cd_ctx *ctx, const char *path,
		       const gnutls_datum_t *data, struct cd_summary *s)
{
	gnutls_x509_privkey_t key = NULL;
	struct stat st;
	char what[64], id[65];
	int ret;

	if (stat(path, &st) == 0 && (st.st_mode & 077))
		ret = cd_summary_add(s, _("File mode"), CD_MOOD_WARN,
				     _("%04o: readable by others, should be "
				       "0600"),
				     (unsigned)(st.st_mode & 07777));
	else
		ret = cd_summary_add(s, _("File mode"), CD_MOOD_GOOD, "%04o",
				     (unsigned)(st.st_mode & 07777));
	if (ret < 0)
		return cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	if (cd_key_is_encrypted(data))
		return cd_summary_add(s, _("Key"), CD_MOOD_PLAIN, "%s",
				      _("encrypted (inspect asks the "
					"password)")) < 0
			   ? cd_error(ctx, CD_E_NOMEM, _("out of memory"))
			   : 0;
	ret = cd_key_import(ctx, data, path, NULL, &key);
	if (ret == 0)
		ret = cd_key_describe(ctx, key, what, sizeof(what));
	if (ret == 0)
		ret = cd_key_id_sha256(ctx, key, id);
	if (ret == 0 &&
	    (cd_summary_add(s, _("Key"), CD_MOOD_PLAIN, "%s", what) < 0 ||
	     cd_summary_add(s, _("Key ID"), CD_MOOD_PLAIN, "sha256:%s", id) <
		 0))
		ret = cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	if (key)
		gnutls_x509_privkey_deinit(key);
	return ret;
}

int cd_summary_file(struct cd_ctx *ctx, const char *path,
		    struct cd_summary *out)
{
	gnutls_datum_t data = {NULL, 0};
	gnutls_x509_crt_t crt = NULL;
	gnutls_x509_crq_t crq = NULL;
	gnutls_x509_crt_fmt_t fmt;
	int ret = cd_file_read(ctx, path, 0, &data);

	if (ret < 0)
		return ret;
	fmt = memmem(data.data, data.size, "-----BEGIN", 10)
		  ? GNUTLS_X509_FMT_PEM
		  : GNUTLS_X509_FMT_DER;
	switch (cd_content_identify(&data)) {
	case CD_CONTENT_CERTIFICATE:
		ret = gnutls_x509_crt_init(&crt);
		if (ret == 0)
			ret = gnutls_x509_crt_import(crt, &data, fmt);
		ret = ret < 0 ? cd_gnutls_error(ctx, ret, "%s", path)
			      : summary_crt(ctx, crt, out);
		break;
	case CD_CONTENT_REQUEST:
		ret = gnutls_x509_crq_init(&crq);
		if (ret == 0)
			ret = gnutls_x509_crq_import(crq, &data, fmt);
		ret = ret < 0 ? cd_gnutls_error(ctx, ret, "%s", path)
			      : summary_crq(ctx, crq, out);
		break;
	case CD_CONTENT_PRIVKEY:
		ret = summary_key(ctx, path, &data, out);
		break;
	default:
		ret =
		    cd_error(ctx, CD_E_PARSE,
			     _("%s: not a certificate, request or key"), path);
	}
	if (crt)
		gnutls_x509_crt_deinit(crt);
	if (crq)
		gnutls_x509_crq_deinit(crq);
	cd_datum_wipe(&data);
	return ret;
}
