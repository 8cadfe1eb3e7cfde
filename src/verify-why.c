/* certdeck: why a chain did not verify, and what to do about it.
 *
 * GnuTLS says what kind of failure it met (GNUTLS_CERT_* flags, some of
 * them shared by several causes); this file looks at the certificates of
 * the path to say which one, which name, which date, which CRL. */
#include <config.h>

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "i18n.h"
#include "revoke.h"
#include "verify-int.h"

static const char *const reason_codes[] = {
    [CD_VR_EXPIRED] = "expired",
    [CD_VR_NOT_YET_VALID] = "not-yet-valid",
    [CD_VR_UNKNOWN_ISSUER] = "unknown-issuer",
    [CD_VR_SIGNER_NOT_CA] = "signer-not-ca",
    [CD_VR_NO_KEY_CERT_SIGN] = "no-keycertsign",
    [CD_VR_PATH_LENGTH] = "path-length",
    [CD_VR_NAME_CONSTRAINTS] = "name-constraints",
    [CD_VR_PURPOSE] = "purpose",
    [CD_VR_NAME_MISMATCH] = "name-mismatch",
    [CD_VR_REVOKED] = "revoked",
    [CD_VR_CRL_OUTDATED] = "crl-outdated",
    [CD_VR_CRL_IN_FUTURE] = "crl-in-future",
    [CD_VR_INSECURE_ALGORITHM] = "insecure-algorithm",
    [CD_VR_SIGNATURE] = "signature",
    [CD_VR_UNKNOWN_CRITICAL] = "unknown-critical-extension",
    [CD_VR_MAX_DEPTH] = "max-depth",
    [CD_VR_OTHER] = "other",
};

const char *cd_verify_reason_code(enum cd_verify_reason_kind kind)
{
	if ((unsigned)kind >= sizeof(reason_codes) / sizeof(reason_codes[0]))
		return "other";
	return reason_codes[kind];
}

struct why {
	struct cd_ctx *ctx;
	struct verify_run *run;
	struct cd_verify_result *r;
	int nomem;
};

/* Add a reason; MESSAGE and HINT are malloc'ed (taken over). */
static void add(struct why *w, enum cd_verify_reason_kind kind, int depth,
		char *message, char *hint)
{
	struct cd_verify_reason *grown;

	grown =
	    realloc(w->r->reasons, (w->r->reason_count + 1) * sizeof(*grown));
	if (grown == NULL || message == NULL || hint == NULL) {
		if (grown != NULL)
			w->r->reasons = grown;
		free(message);
		free(hint);
		w->nomem = 1;
		return;
	}
	w->r->reasons = grown;
	grown[w->r->reason_count].kind = kind;
	grown[w->r->reason_count].depth = depth;
	grown[w->r->reason_count].message = message;
	grown[w->r->reason_count++].hint = hint;
}

/* The subject of the certificate at DEPTH, for messages. */
static char *name_at(const struct why *w, unsigned depth)
{
	return verify_dn(w->run->path[depth]);
}

/* --- dates ------------------------------------------------------------ */

static void explain_dates(struct why *w, unsigned status)
{
	char when[32], now[32];
	unsigned i;

	verify_date(w->run->now, now);
	for (i = 0; i < w->run->path_count; i++) {
		gnutls_x509_crt_t c = w->run->path[i];
		time_t after = gnutls_x509_crt_get_expiration_time(c);
		time_t before = gnutls_x509_crt_get_activation_time(c);
		char *who;

		if ((status & GNUTLS_CERT_EXPIRED) && after != (time_t)-1 &&
		    after < w->run->now) {
			verify_date(after, when);
			who = name_at(w, i);
			add(w, CD_VR_EXPIRED, (int)i,
			    /* L10N: the certificate's subject, its notAfter
			       date, the date of the check; keep notAfter (the
			       field's name). */
			    verify_printf(_("'%s' expired: valid until "
					    "(notAfter) %s, checked at %s"),
					  who ? who : "", when, now),
			    verify_printf(
				i == 0
				    ? _("renew the certificate (a new one "
					"from its CA); or, to know whether it "
					"was valid at some time, give --time")
				    : _("renew this CA certificate (same key, "
					"new dates) and give it again: the "
					"certificates it signed then verify "
					"again")));
			free(who);
		}
		if ((status & GNUTLS_CERT_NOT_ACTIVATED) &&
		    before != (time_t)-1 && before > w->run->now) {
			verify_date(before, when);
			who = name_at(w, i);
			add(w, CD_VR_NOT_YET_VALID, (int)i,
			    /* L10N: the certificate's subject, its notBefore
			       date, the date of the check; keep notBefore (the
			       field's name). */
			    verify_printf(_("'%s' is not yet valid: valid from "
					    "(notBefore) %s, checked at %s"),
					  who ? who : "", when, now),
			    verify_printf(
				_("check this machine's clock and the "
				  "clock of the CA that issued it; or "
				  "give --time after %s"),
				when));
			free(who);
		}
	}
}

/* --- the issuers ------------------------------------------------------ */

static void explain_unknown_issuer(struct why *w)
{
	unsigned top = w->run->chain_count - 1;
	gnutls_x509_crt_t c = w->run->path[top];
	char *who = name_at(w, top), *issuer = verify_issuer_dn(c);

	if (gnutls_x509_crt_check_issuer(c, c))
		add(w, CD_VR_UNKNOWN_ISSUER, (int)top,
		    verify_printf(_("'%s' is self-signed and not among the "
				    "trusted certificates"),
				  who ? who : ""),
		    verify_printf(_("if you trust it, give it with --trust")));
	else
		add(w, CD_VR_UNKNOWN_ISSUER, (int)top,
		    verify_printf(_("the issuer of '%s' was not found: looked "
				    "for '%s' among the trusted and "
				    "intermediate certificates"),
				  who ? who : "", issuer ? issuer : ""),
		    verify_printf(_("give the CA with --trust or the "
				    "intermediate with --untrusted")));
	free(who);
	free(issuer);
}

/* The issuer of path[I] (NULL at the top). */
static gnutls_x509_crt_t issuer_of(const struct why *w, unsigned i)
{
	return i + 1 < w->run->path_count ? w->run->path[i + 1] : NULL;
}

static void explain_not_ca(struct why *w)
{
	unsigned i, ca;
	int ret;

	for (i = 1; i < w->run->path_count; i++) {
		char *who, *below;

		ret = gnutls_x509_crt_get_basic_constraints(w->run->path[i],
							    NULL, &ca, NULL);
		if (ret >= 0 && ca)
			continue;
		who = name_at(w, i);
		below = name_at(w, i - 1);
		add(w, CD_VR_SIGNER_NOT_CA, (int)i,
		    verify_printf(_("'%s' signed '%s' but is not a CA (no "
				    "basicConstraints CA:TRUE)"),
				  who ? who : "", below ? below : ""),
		    verify_printf(_("the issuer's certificate lacks "
				    "keyCertSign/CA:TRUE: reissue it with the "
				    "ca profile")));
		free(who);
		free(below);
	}
}

static int explain_key_usage(struct why *w)
{
	unsigned i, usage;
	int found = 0;

	for (i = 1; i < w->run->path_count; i++) {
		char *who;

		if (gnutls_x509_crt_get_key_usage(w->run->path[i], &usage,
						  NULL) < 0 ||
		    (usage & GNUTLS_KEY_KEY_CERT_SIGN))
			continue;
		who = name_at(w, i);
		add(w, CD_VR_NO_KEY_CERT_SIGN, (int)i,
		    verify_printf(_("'%s' has a key usage without "
				    "keyCertSign: it may not sign "
				    "certificates"),
				  who ? who : ""),
		    verify_printf(_("the issuer's certificate lacks "
				    "keyCertSign/CA:TRUE: reissue it with the "
				    "ca profile (cert_signing_key)")));
		free(who);
		found = 1;
	}
	return found;
}

static int explain_path_length(struct why *w)
{
	unsigned i, ca;
	int pathlen, found = 0;

	for (i = 2; i < w->run->path_count; i++) {
		char *who;

		if (gnutls_x509_crt_get_basic_constraints(w->run->path[i], NULL,
							  &ca, &pathlen) < 0 ||
		    !ca || pathlen < 0 || (int)(i - 1) <= pathlen)
			continue;
		who = name_at(w, i);
		add(w, CD_VR_PATH_LENGTH, (int)i,
		    verify_printf(_("path length exceeded: '%s' allows %d "
				    "intermediate CA(s) below it "
				    "(pathLenConstraint), the chain has %u"),
				  who ? who : "", pathlen, i - 1),
		    verify_printf(_("have the certificate signed by a CA "
				    "higher up, or reissue '%s' with a larger "
				    "path_len"),
				  who ? who : ""));
		free(who);
		found = 1;
	}
	return found;
}

/* A SAN of TYPE as text (IP addresses printed). */
static void san_text(unsigned type, const char *raw, size_t size, char *out,
		     size_t out_size)
{
	if (type == GNUTLS_SAN_IPADDRESS && (size == 4 || size == 16))
		inet_ntop(size == 4 ? AF_INET : AF_INET6, raw, out,
			  (socklen_t)out_size);
	else
		snprintf(out, out_size, "%.*s", (int)size, raw);
}

static const char *san_kind(unsigned type)
{
	switch (type) {
	case GNUTLS_SAN_DNSNAME:
		return "DNS";
	case GNUTLS_SAN_RFC822NAME:
		return "email";
	case GNUTLS_SAN_URI:
		return "URI";
	case GNUTLS_SAN_IPADDRESS:
		return "IP";
	case GNUTLS_SAN_DN:
		return "DN";
	default:
		return "name";
	}
}

/* The constraints of NC as "permitted: a, b; excluded: c". */
static char *constraints_text(gnutls_x509_name_constraints_t nc)
{
	char buf[1024], one[300];
	size_t len = 0;
	unsigned i, type, pass;
	gnutls_datum_t name;

	buf[0] = 0;
	for (pass = 0; pass < 2; pass++) {
		for (i = 0;; i++) {
			int ret =
			    pass == 0
				? gnutls_x509_name_constraints_get_permitted(
				      nc, i, &type, &name)
				: gnutls_x509_name_constraints_get_excluded(
				      nc, i, &type, &name);

			if (ret < 0)
				break;
			if (type == GNUTLS_SAN_IPADDRESS &&
			    (name.size == 8 || name.size == 32)) {
				/* address and mask */
				char a[INET6_ADDRSTRLEN], m[INET6_ADDRSTRLEN];
				int af = name.size == 8 ? AF_INET : AF_INET6;

				inet_ntop(af, name.data, a, sizeof(a));
				inet_ntop(af, name.data + name.size / 2, m,
					  sizeof(m));
				snprintf(one, sizeof(one), "IP %s/%s", a, m);
			} else
				snprintf(one, sizeof(one), "%s %.*s",
					 san_kind(type), (int)name.size,
					 (const char *)name.data);
			len += (size_t)snprintf(buf + len, sizeof(buf) - len,
						"%s%s%s", len ? "; " : "",
						i == 0 ? (pass == 0
							      ? _("permitted: ")
							      : _("excluded: "))
						       : "",
						one);
			if (len >= sizeof(buf))
				len = sizeof(buf) - 1;
		}
	}
	return strdup(buf);
}

/* Names of CRT that NC does not allow, as "DNS evil.com, ..." */
static char *names_outside(gnutls_x509_name_constraints_t nc,
			   gnutls_x509_crt_t crt)
{
	static const unsigned types[] = {GNUTLS_SAN_DNSNAME,
					 GNUTLS_SAN_RFC822NAME,
					 GNUTLS_SAN_IPADDRESS, GNUTLS_SAN_URI};
	char buf[1024], raw[512], text[300];
	size_t len = 0, size, t;
	unsigned i, type;
	int ret;

	buf[0] = 0;
	for (i = 0;; i++) {
		size = sizeof(raw);
		ret = gnutls_x509_crt_get_subject_alt_name2(crt, i, raw, &size,
							    &type, NULL);
		if (ret == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
			break;
		if (ret < 0)
			continue;
		gnutls_datum_t name = {(unsigned char *)raw, (unsigned)size};

		if (gnutls_x509_name_constraints_check(nc, type, &name))
			continue;
		san_text(type, raw, size, text, sizeof(text));
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%s %s",
					len ? ", " : "", san_kind(type), text);
		if (len >= sizeof(buf))
			len = sizeof(buf) - 1;
	}
	/* The CN (checked when there is no DNS name) and the subject DN. */
	for (t = 0; len == 0 && t < sizeof(types) / sizeof(types[0]); t++)
		if (!gnutls_x509_name_constraints_check_crt(nc, types[t],
							    crt)) {
			size = sizeof(raw);
			if (types[t] == GNUTLS_SAN_DNSNAME &&
			    gnutls_x509_crt_get_dn_by_oid(
				crt, GNUTLS_OID_X520_COMMON_NAME, 0, 0, raw,
				&size) == 0)
				snprintf(buf, sizeof(buf), "CN %s", raw);
			else
				snprintf(buf, sizeof(buf), "%s",
					 san_kind(types[t]));
			len = strlen(buf);
		}
	if (len == 0 &&
	    !gnutls_x509_name_constraints_check_crt(nc, GNUTLS_SAN_DN, crt)) {
		char *dn = verify_dn(crt);

		snprintf(buf, sizeof(buf), "DN %s", dn ? dn : "");
		free(dn);
	}
	return buf[0] ? strdup(buf) : NULL;
}

static int explain_name_constraints(struct why *w)
{
	gnutls_x509_name_constraints_t nc;
	unsigned i, j;
	int found = 0;

	for (i = 1; i < w->run->path_count; i++) {
		if (gnutls_x509_name_constraints_init(&nc) < 0)
			break;
		if (gnutls_x509_crt_get_name_constraints(w->run->path[i], nc, 0,
							 NULL) < 0) {
			gnutls_x509_name_constraints_deinit(nc);
			continue;
		}
		for (j = 0; j < i; j++) {
			char *bad = names_outside(nc, w->run->path[j]), *who,
			     *ca, *allowed;

			if (bad == NULL)
				continue;
			who = name_at(w, j);
			ca = name_at(w, i);
			allowed = constraints_text(nc);
			add(w, CD_VR_NAME_CONSTRAINTS, (int)j,
			    /* L10N: the certificate, the name it holds, the CA,
			       the names the CA allows. */
			    verify_printf(_("name constraints violated: '%s' "
					    "holds %s, outside what '%s' "
					    "allows (%s)"),
					  who ? who : "", bad, ca ? ca : "",
					  allowed ? allowed : ""),
			    verify_printf(_("reissue the certificate for names "
					    "the CA may certify, or have it "
					    "signed by a CA without these "
					    "constraints")));
			free(bad);
			free(who);
			free(ca);
			free(allowed);
			found = 1;
		}
		gnutls_x509_name_constraints_deinit(nc);
	}
	return found;
}

/* --- purpose and names ------------------------------------------------ */

static const char *purpose_name(const char *oid)
{
	if (strcmp(oid, GNUTLS_KP_TLS_WWW_SERVER) == 0)
		return "tls-server";
	if (strcmp(oid, GNUTLS_KP_TLS_WWW_CLIENT) == 0)
		return "tls-client";
	if (strcmp(oid, GNUTLS_KP_CODE_SIGNING) == 0)
		return "code-signing";
	if (strcmp(oid, GNUTLS_KP_EMAIL_PROTECTION) == 0)
		return "email-protection";
	return oid;
}

/* The extended key usages of CRT: "tls-client (1.3.6.1.5.5.7.3.2)", or
 * the OID alone when it has no name here. */
static char *ekus_of(gnutls_x509_crt_t crt)
{
	char buf[1024], oid[128];
	size_t len = 0, size;
	unsigned i;

	for (i = 0;; i++) {
		size = sizeof(oid);
		if (gnutls_x509_crt_get_key_purpose_oid(crt, i, oid, &size,
							NULL) < 0)
			break;
		if (purpose_name(oid) != oid)
			len += (size_t)snprintf(buf + len, sizeof(buf) - len,
						"%s%s (%s)", len ? ", " : "",
						purpose_name(oid), oid);
		else
			len += (size_t)snprintf(buf + len, sizeof(buf) - len,
						"%s%s", len ? ", " : "", oid);
		if (len >= sizeof(buf))
			len = sizeof(buf) - 1;
	}
	return len ? strdup(buf) : strdup(_("(no extended key usage)"));
}

static void explain_purpose(struct why *w)
{
	const char *oid = w->run->v->purpose;
	unsigned i;

	for (i = 0; i < w->run->chain_count; i++) {
		char *who, *ekus;

		if (gnutls_x509_crt_check_key_purpose(w->run->path[i], oid, 0))
			continue;
		who = name_at(w, i);
		ekus = ekus_of(w->run->path[i]);
		add(w, CD_VR_PURPOSE, (int)i,
		    /* L10N: the certificate, its extended key usages, the usage
		       asked for, its name (e.g. TLS WWW server). */
		    verify_printf(_("wrong purpose: '%s' holds the extended "
				    "key usages %s, not %s (%s)"),
				  who ? who : "", ekus ? ekus : "",
				  purpose_name(oid), oid),
		    verify_printf(
			i == 0 ? _("use a certificate issued for this purpose "
				   "(certtool template: tls_www_server, "
				   "tls_www_client, code_signing_key, "
				   "email_protection_key), or ask for the "
				   "purpose it has")
			       : _("this CA is restricted to other purposes: "
				   "use a CA allowed this one")));
		free(who);
		free(ekus);
	}
}

/* "DNS a, IP 1.2.3.4, CN x" and whether the peer appears as text only. */
static char *names_of(gnutls_x509_crt_t crt, const char *peer,
		      int *peer_as_text)
{
	char buf[2048], raw[512], text[300];
	size_t len = 0, size;
	unsigned i, type;
	int ret;

	buf[0] = 0;
	for (i = 0;; i++) {
		size = sizeof(raw) - 1;
		ret = gnutls_x509_crt_get_subject_alt_name2(crt, i, raw, &size,
							    &type, NULL);
		if (ret == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
			break;
		if (ret < 0 || (type != GNUTLS_SAN_DNSNAME &&
				type != GNUTLS_SAN_IPADDRESS))
			continue;
		san_text(type, raw, size, text, sizeof(text));
		if (type == GNUTLS_SAN_DNSNAME && strcmp(text, peer) == 0)
			*peer_as_text = 1;
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%s %s",
					len ? ", " : "", san_kind(type), text);
		if (len >= sizeof(buf))
			len = sizeof(buf) - 1;
	}
	for (i = 0;; i++) {
		size = sizeof(raw);
		if (gnutls_x509_crt_get_dn_by_oid(
			crt, GNUTLS_OID_X520_COMMON_NAME, i, 0, raw, &size) < 0)
			break;
		if (strcmp(raw, peer) == 0)
			*peer_as_text = 2;
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%sCN %s",
					len ? ", " : "", raw);
		if (len >= sizeof(buf))
			len = sizeof(buf) - 1;
	}
	return strdup(len ? buf : _("no names"));
}

static void explain_name(struct why *w)
{
	const struct cd_verifier *v = w->run->v;
	int as_text = 0;
	char *names = names_of(w->run->path[0], v->peer, &as_text);

	if (v->ip_len && as_text)
		add(w, CD_VR_NAME_MISMATCH, 0,
		    verify_printf(
			_("name mismatch: %s is present only as %s, "
			  "not as an IP address subject alternative "
			  "name (the certificate holds: %s); clients "
			  "match IP addresses against IP address SANs "
			  "only"),
			v->peer, as_text == 2 ? _("a CN") : _("a DNS name"),
			names ? names : ""),
		    verify_printf(_("reissue it with ip_address = \"%s\" in "
				    "the template (certdeck: --ip-address %s)"),
				  v->peer, v->peer));
	else
		add(w, CD_VR_NAME_MISMATCH, 0,
		    verify_printf(_("name mismatch: the certificate is not for "
				    "'%s'; it holds: %s"),
				  v->peer, names ? names : ""),
		    verify_printf(_("connect with one of the names it holds "
				    "(--peer-name), or reissue it with '%s' as "
				    "a %s"),
				  v->peer,
				  v->ip_len ? _("subject alternative name "
						"(ip_address)")
					    : _("subject alternative name "
						"(dns_name)")));
	free(names);
}

/* --- CRLs ------------------------------------------------------------- */

/* One DER TLV at P (LEN bytes): tag, value, and the size of the whole. */
static int der_next(const unsigned char *p, size_t len, unsigned char *tag,
		    const unsigned char **val, size_t *vlen, size_t *total)
{
	size_t n, i, hdr = 2;

	if (len < 2)
		return -1;
	*tag = p[0];
	n = p[1];
	if (n & 0x80) {
		unsigned k = n & 0x7f;

		if (k == 0 || k > 4 || len < 2 + k)
			return -1;
		for (n = 0, i = 0; i < k; i++)
			n = (n << 8) | p[2 + i];
		hdr += k;
	}
	if (n > len - hdr)
		return -1;
	*val = p + hdr;
	*vlen = n;
	*total = hdr + n;
	return 0;
}

/* The reasonCode of the entry for SERIAL in the CRL's DER (-1: none). */
static int crl_reason(gnutls_x509_crl_t crl, const unsigned char *serial,
		      size_t serial_size)
{
	static const unsigned char reason_oid[] = {0x06, 0x03, 0x55, 0x1d,
						   0x15};
	gnutls_datum_t der = {NULL, 0};
	const unsigned char *p, *v, *e, *x;
	size_t len, vl, tot, el, et, xl, xt;
	unsigned char tag;
	int reason = -1;

	if (gnutls_x509_crl_export2(crl, GNUTLS_X509_FMT_DER, &der) < 0)
		return -1;
	/* CertificateList, then TBSCertList. */
	if (der_next(der.data, der.size, &tag, &p, &len, &tot) < 0 ||
	    der_next(p, len, &tag, &p, &len, &tot) < 0)
		goto out;
	/* Skip to the SEQUENCE OF revoked entries: version, algorithm,
	 * issuer, thisUpdate, nextUpdate come first. */
	while (der_next(p, len, &tag, &v, &vl, &tot) == 0) {
		if (tag == 0x30 && vl > 0 && v[0] == 0x30) {
			/* entries: a SEQUENCE of SEQUENCEs starting with an
			 * INTEGER; the algorithm and issuer start otherwise. */
			if (der_next(v, vl, &tag, &e, &el, &et) == 0 &&
			    el > 0 && e[0] == 0x02)
				break;
		}
		p += tot;
		len -= tot;
	}
	if (len == 0)
		goto out;
	for (p = v, len = vl; der_next(p, len, &tag, &e, &el, &et) == 0;
	     p += et, len -= et) {
		const unsigned char *s;
		size_t sl, st;

		if (der_next(e, el, &tag, &s, &sl, &st) < 0 || tag != 0x02)
			continue;
		/* Compare without a leading zero octet. */
		while (sl > 1 && s[0] == 0) {
			s++;
			sl--;
		}
		while (serial_size > 1 && serial[0] == 0) {
			serial++;
			serial_size--;
		}
		if (sl != serial_size || memcmp(s, serial, sl) != 0)
			continue;
		/* Skip the serial and the date: the extensions follow. */
		e += st;
		el -= st;
		if (der_next(e, el, &tag, &x, &xl, &xt) < 0)
			break;
		e += xt;
		el -= xt;
		if (der_next(e, el, &tag, &x, &xl, &xt) < 0 || tag != 0x30)
			break;
		while (der_next(x, xl, &tag, &e, &el, &et) == 0) {
			if (el >= sizeof(reason_oid) + 5 &&
			    memcmp(e, reason_oid, sizeof(reason_oid)) == 0) {
				/* OCTET STRING { ENUMERATED } at the end. */
				if (e[el - 3] == 0x0a && e[el - 2] == 1)
					reason = e[el - 1];
			}
			x += et;
			xl -= et;
		}
		break;
	}
out:
	gnutls_free(der.data);
	return reason;
}

static const char *reason_name(int reason)
{
	const char *name = cd_reason_name(reason);

	if (reason < 0)
		return _("no reason given");
	return name ? name : "?";
}

/* Does CRL cover CRT (same issuer name)? */
static int crl_covers(gnutls_x509_crl_t crl, gnutls_x509_crt_t crt)
{
	gnutls_datum_t a = {NULL, 0}, b = {NULL, 0};
	int same;

	if (gnutls_x509_crl_get_raw_issuer_dn(crl, &a) < 0)
		return 0;
	if (gnutls_x509_crt_get_raw_issuer_dn(crt, &b) < 0) {
		gnutls_free(a.data);
		return 0;
	}
	same = a.size == b.size && memcmp(a.data, b.data, a.size) == 0;
	gnutls_free(a.data);
	gnutls_free(b.data);
	return same;
}

/* What to do about a revoked certificate at DEPTH: a hold can be lifted, a
 * revocation cannot. */
static const char *revoked_hint(unsigned depth, int reason)
{
	if (reason == CD_REASON_HOLD)
		return depth == 0 ? _("the certificate is on hold: its CA can "
				      "release it (certdeck revoke --release) "
				      "and publish a new CRL")
				  : _("the CA certificate itself is on hold: "
				      "its issuer can release it and publish "
				      "a new CRL");
	return depth == 0 ? _("do not use this certificate: issue a new one "
			      "(a revocation cannot be undone)")
			  : _("the CA certificate itself is revoked: every "
			      "certificate below it needs a new CA");
}

static void explain_revoked_by(struct why *w, unsigned depth,
			       const struct verify_crl *c)
{
	gnutls_x509_crl_iter_t iter = NULL;
	unsigned char serial[64], want[64];
	size_t size, want_size = sizeof(want), i;
	char hex[2 * sizeof(want) + 1], date[32], *who, *issuer;
	time_t when;
	int reason;

	if (gnutls_x509_crt_get_serial(w->run->path[depth], want, &want_size) <
	    0)
		return;
	for (;;) {
		size = sizeof(serial);
		if (gnutls_x509_crl_iter_crt_serial(c->crl, &iter, serial,
						    &size, &when) < 0)
			break;
		if (size != want_size || memcmp(serial, want, size) != 0)
			continue;
		/* As openssl prints it: without the sign octet. */
		for (i = 0; i + 1 < want_size && want[i] == 0;)
			i++;
		for (size = 0; i < want_size; i++, size++)
			snprintf(hex + 2 * size, 3, "%02X", want[i]);
		verify_date(when, date);
		reason = crl_reason(c->crl, want, want_size);
		who = name_at(w, depth);
		issuer = verify_issuer_dn(w->run->path[depth]);
		add(w, CD_VR_REVOKED, (int)depth,
		    verify_printf(
			/* L10N: the certificate, its serial, the CA that
			   revoked it, the CRL's file, the date of revocation,
			   the reason (a word such as keyCompromise). */
			_("revoked: '%s' (serial %s) is listed in "
			  "the CRL of '%s' (%s), revoked on %s, "
			  "reason: %s"),
			who ? who : "", hex, issuer ? issuer : "", c->file,
			date, reason_name(reason)),
		    verify_printf("%s", revoked_hint(depth, reason)));
		free(who);
		free(issuer);
		break;
	}
	gnutls_x509_crl_iter_deinit(iter);
}

static void explain_crls(struct why *w, unsigned status)
{
	const struct cd_verifier *v = w->run->v;
	char date[32], *issuer;
	unsigned i;
	size_t k;

	for (i = 0; i < w->run->chain_count; i++)
		for (k = 0; k < v->crl_count; k++) {
			gnutls_x509_crl_t crl = v->crls[k].crl;
			time_t next = gnutls_x509_crl_get_next_update(crl);
			time_t this = gnutls_x509_crl_get_this_update(crl);

			if (!crl_covers(crl, w->run->path[i]))
				continue;
			if (status & GNUTLS_CERT_REVOKED)
				explain_revoked_by(w, i, &v->crls[k]);
			issuer = verify_issuer_dn(w->run->path[i]);
			if ((status & GNUTLS_CERT_REVOCATION_DATA_SUPERSEDED) &&
			    next != (time_t)-1 && next < w->run->now) {
				verify_date(next, date);
				add(w, CD_VR_CRL_OUTDATED, (int)i,
				    verify_printf(
					/* L10N: the CRL's file, the CA that
					   issued it, its nextUpdate date; keep
					   nextUpdate (the field's name). */
					_("%s: the CRL of '%s' is out "
					  "of date (nextUpdate %s)"),
					v->crls[k].file, issuer ? issuer : "",
					date),
				    verify_printf(_("issue a new CRL "
						    "(certtool --generate-crl) "
						    "and give it with --crl")));
			}
			if ((status &
			     GNUTLS_CERT_REVOCATION_DATA_ISSUED_IN_FUTURE) &&
			    this > w->run->now) {
				verify_date(this, date);
				add(w, CD_VR_CRL_IN_FUTURE, (int)i,
				    /* L10N: the CRL's file, the CA that issued
				       it, its thisUpdate date; keep thisUpdate
				       (the field's name). */
				    verify_printf(_("%s: the CRL of '%s' is "
						    "dated in the future "
						    "(thisUpdate %s)"),
						  v->crls[k].file,
						  issuer ? issuer : "", date),
				    verify_printf(_("check the clock of this "
						    "machine and of the CA")));
			}
			free(issuer);
		}
}

/* --- signatures and the rest ------------------------------------------ */

static const char *sign_oid(gnutls_x509_crt_t crt, char *buf, size_t size)
{
	if (gnutls_x509_crt_get_signature_oid(crt, buf, &size) < 0)
		return "?";
	return buf;
}

static void explain_algorithms(struct why *w)
{
	char oid[128];
	unsigned i, bits;
	int algo, pk;

	for (i = 0; i < w->run->chain_count; i++) {
		gnutls_x509_crt_t c = w->run->path[i];
		char *who;

		algo = gnutls_x509_crt_get_signature_algorithm(c);
		if (algo > 0 && gnutls_sign_is_secure2(
				    algo, GNUTLS_SIGN_FLAG_SECURE_FOR_CERTS)) {
			gnutls_x509_crt_t up = issuer_of(w, i);

			if (up == NULL)
				continue;
			pk = gnutls_x509_crt_get_pk_algorithm(up, &bits);
			if (pk < 0 || gnutls_pk_bits_to_sec_param(pk, bits) >=
					  GNUTLS_SEC_PARAM_LOW)
				continue;
			who = name_at(w, i + 1);
			add(w, CD_VR_INSECURE_ALGORITHM, (int)i + 1,
			    /* L10N: the certificate, its key's algorithm
			       (RSA...), the key's size. */
			    verify_printf(_("insecure algorithm: '%s' has a "
					    "%s key of %u bits, too weak to "
					    "trust"),
					  who ? who : "",
					  gnutls_pk_get_name(pk), bits),
			    verify_printf(_("reissue it with a key of at least "
					    "2048 bits (RSA) or an EC key")));
			free(who);
			continue;
		}
		who = name_at(w, i);
		add(w, CD_VR_INSECURE_ALGORITHM, (int)i,
		    verify_printf(_("insecure algorithm: '%s' is signed with "
				    "%s, which is no longer accepted (SHA-1 "
				    "and MD5 signatures can be forged)"),
				  who ? who : "",
				  algo > 0 ? gnutls_sign_get_name(algo)
					   : sign_oid(c, oid, sizeof(oid))),
		    verify_printf(_("reissue it with SHA-256 or better "
				    "(certtool --hash SHA256)")));
		free(who);
	}
}

static void explain_signature(struct why *w)
{
	unsigned i, st;

	for (i = 0; i + 1 < w->run->path_count; i++) {
		gnutls_x509_crt_t up = w->run->path[i + 1];
		char *who, *by;

		if (gnutls_x509_crt_verify(w->run->path[i], &up, 1,
					   GNUTLS_VERIFY_DISABLE_TIME_CHECKS |
					       GNUTLS_VERIFY_DISABLE_CA_SIGN |
					       GNUTLS_VERIFY_ALLOW_BROKEN,
					   &st) < 0 ||
		    !(st & GNUTLS_CERT_SIGNATURE_FAILURE))
			continue;
		who = name_at(w, i);
		by = name_at(w, i + 1);
		add(w, CD_VR_SIGNATURE, (int)i,
		    verify_printf(_("signature failure: the signature on '%s' "
				    "does not verify with the key of '%s'"),
				  who ? who : "", by ? by : ""),
		    verify_printf(_("the certificate was altered, or it was "
				    "signed by another CA of the same name: "
				    "give the CA whose key signed it")));
		free(who);
		free(by);
	}
}

/* Which certificate GnuTLS flagged with FLAG (its depth), or -1. */
static int flagged(const struct why *w, unsigned flag)
{
	size_t k;
	unsigned i;

	for (k = 0; k < w->run->step_count; k++) {
		if (!(w->run->steps[k].status & flag))
			continue;
		for (i = 0; i < w->run->chain_count; i++)
			if (w->run->steps[k].cert == w->run->path[i])
				return (int)i;
	}
	return -1;
}

static void explain_critical(struct why *w)
{
	char oid[128], list[512];
	size_t size, len;
	unsigned i, k, critical;
	int only = flagged(w, GNUTLS_CERT_UNKNOWN_CRIT_EXTENSIONS);

	for (i = 0; i < w->run->chain_count; i++) {
		char *who;

		list[0] = 0;
		len = 0;
		for (k = 0;; k++) {
			size = sizeof(oid);
			if (gnutls_x509_crt_get_extension_info(
				w->run->path[i], k, oid, &size, &critical) < 0)
				break;
			if (!critical)
				continue;
			len += (size_t)snprintf(list + len, sizeof(list) - len,
						"%s%s", len ? ", " : "", oid);
			if (len >= sizeof(list))
				len = sizeof(list) - 1;
		}
		if (len == 0 || (only >= 0 && (unsigned)only != i))
			continue;
		who = name_at(w, i);
		add(w, CD_VR_UNKNOWN_CRITICAL, (int)i,
		    verify_printf(_("'%s' has critical extensions (%s), one of "
				    "which GnuTLS does not know"),
				  who ? who : "", list),
		    verify_printf(_("reissue it without marking unknown "
				    "extensions critical")));
		free(who);
	}
}

static void explain_depth(struct why *w)
{
	if (w->run->intermediates <= (unsigned)w->run->v->max_depth)
		return;
	add(w, CD_VR_MAX_DEPTH, -1,
	    verify_printf(_("the chain has %u intermediate CA(s), more than "
			    "--max-depth %d"),
			  w->run->intermediates, w->run->v->max_depth),
	    verify_printf(_("raise --max-depth if this chain is the one you "
			    "expect")));
}

static void explain_constraints(struct why *w)
{
	int found = explain_key_usage(w);

	found |= explain_path_length(w);
	found |= explain_name_constraints(w);
	if (!found)
		add(w, CD_VR_OTHER,
		    flagged(w, GNUTLS_CERT_SIGNER_CONSTRAINTS_FAILURE),
		    verify_printf(_("a constraint set by an issuer (key usage, "
				    "path length or name constraints) is not "
				    "met")),
		    verify_printf(_("compare the CA certificates' extensions "
				    "with the certificates below them "
				    "(certdeck inspect)")));
}

int verify_explain(struct cd_ctx *ctx, struct verify_run *run,
		   struct cd_verify_result *r)
{
	struct why w = {ctx, run, r, 0};
	unsigned s = r->status;

	if (s & (GNUTLS_CERT_EXPIRED | GNUTLS_CERT_NOT_ACTIVATED))
		explain_dates(&w, s);
	if (s & GNUTLS_CERT_SIGNER_NOT_FOUND)
		explain_unknown_issuer(&w);
	if (s & GNUTLS_CERT_SIGNER_NOT_CA)
		explain_not_ca(&w);
	if (s & GNUTLS_CERT_SIGNER_CONSTRAINTS_FAILURE)
		explain_constraints(&w);
	if ((s & GNUTLS_CERT_PURPOSE_MISMATCH) && run->v->purpose[0])
		explain_purpose(&w);
	if ((s & (GNUTLS_CERT_MISMATCH | GNUTLS_CERT_UNEXPECTED_OWNER)) &&
	    run->v->peer[0])
		explain_name(&w);
	if (s & (GNUTLS_CERT_REVOKED | GNUTLS_CERT_REVOCATION_DATA_SUPERSEDED |
		 GNUTLS_CERT_REVOCATION_DATA_ISSUED_IN_FUTURE))
		explain_crls(&w, s);
	if (s & GNUTLS_CERT_INSECURE_ALGORITHM)
		explain_algorithms(&w);
	if (s & GNUTLS_CERT_SIGNATURE_FAILURE)
		explain_signature(&w);
	if (s & GNUTLS_CERT_UNKNOWN_CRIT_EXTENSIONS)
		explain_critical(&w);
	explain_depth(&w);
	if (r->reason_count == 0 && !w.nomem) {
		gnutls_datum_t text = {NULL, 0};

		gnutls_certificate_verification_status_print(s, GNUTLS_CRT_X509,
							     &text, 0);
		add(&w, CD_VR_OTHER, -1,
		    verify_printf("%s", text.data ? (char *)text.data : ""),
		    verify_printf(_("see the output of each certificate "
				    "above")));
		gnutls_free(text.data);
	}
	if (w.nomem)
		return cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	return 0;
}
