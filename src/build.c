/* certdeck: setters shared by certificates and requests. */
#include <config.h>

#include <arpa/inet.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gnutls/x509-ext.h>
#include <libtasn1.h>

#include "build.h"
#include "error.h"
#include "i18n.h"

int cd_build_dn_oid(struct cd_ctx *ctx, const struct cd_build_target *t,
		    const char *oid, const char *value)
{
	unsigned len = (unsigned)strlen(value);
	int ret;

	if (t->crt)
		ret = gnutls_x509_crt_set_dn_by_oid(t->crt, oid, 0, value, len);
	else
		ret = gnutls_x509_crq_set_dn_by_oid(t->crq, oid, 0, value, len);
	if (ret < 0)
		return cd_gnutls_error(ctx, ret, _("subject part %s '%s'"), oid,
				       value);
	return 0;
}

int cd_build_dn_string(struct cd_ctx *ctx, const struct cd_build_target *t,
		       const char *dn)
{
	const char *err = NULL;
	int ret;

	if (t->crt)
		ret = gnutls_x509_crt_set_dn(t->crt, dn, &err);
	else
		ret = gnutls_x509_crq_set_dn(t->crq, dn, &err);
	if (ret < 0)
		return cd_error(ctx, CD_E_INVALID,
				/* L10N: the distinguished name given, where
				   GnuTLS stopped reading it, GnuTLS's reason;
				   keep the example DN as it is. */
				_("invalid dn '%s' at '%s': %s (expected an "
				  "RFC 4514 DN such as CN=Nik,O=Org,C=GR)"),
				dn, err ? err : "", gnutls_strerror(ret));
	return 0;
}

int cd_build_dc(struct cd_ctx *ctx, const struct cd_build_target *t,
		const struct cd_cert_params *params)
{
	size_t i;
	int ret;

	for (i = 0; i < params->dc.n; i++) {
		ret = cd_build_dn_oid(ctx, t, GNUTLS_OID_LDAP_DC,
				      params->dc.v[i]);
		if (ret < 0)
			return ret;
	}
	return 0;
}

const char *cd_build_split_pair(const char *pair, char *oid_buf,
				size_t oid_size)
{
	size_t len = strcspn(pair, " \t");
	const char *v = pair + len;

	if (*v == '\0' || len >= oid_size)
		return NULL;
	memcpy(oid_buf, pair, len);
	oid_buf[len] = '\0';
	while (*v == ' ' || *v == '\t')
		v++;
	return *v ? v : NULL;
}

int cd_build_dn_oids(struct cd_ctx *ctx, const struct cd_build_target *t,
		     const struct cd_cert_params *params)
{
	char oid[128];
	const char *value;
	size_t i;
	int ret;

	for (i = 0; i < params->dn_oid.n; i++) {
		value =
		    cd_build_split_pair(params->dn_oid.v[i], oid, sizeof(oid));
		if (value == NULL)
			return cd_error(ctx, CD_E_INVALID,
					_("invalid dn_oid '%s'"),
					params->dn_oid.v[i]);
		ret = cd_build_dn_oid(ctx, t, oid, value);
		if (ret < 0)
			return ret;
	}
	return 0;
}

/* Alternative names are gathered and the extension written once per call:
 * GnuTLS's APPEND setters decode and re-encode the whole extension for
 * each name (quadratic: thousands of names took a minute). The result is
 * the same bytes, as the setters go through the same steps: the existing
 * extension imported, the names appended, exported, set in place with the
 * criticality it had. */
struct san_batch {
	gnutls_subject_alt_names_t sans;
	unsigned critical, added;
};

static int san_begin(struct cd_ctx *ctx, const struct cd_build_target *t,
		     struct san_batch *b)
{
	gnutls_datum_t prev = {NULL, 0};
	int ret;

	b->critical = 0;
	b->added = 0;
	ret = gnutls_subject_alt_names_init(&b->sans);
	if (ret < 0)
		return cd_gnutls_error(ctx, ret, _("alternative names"));
	ret = t->crt
		  ? gnutls_x509_crt_get_extension_by_oid2(
			t->crt, GNUTLS_X509EXT_OID_SAN, 0, &prev, &b->critical)
		  : gnutls_x509_crq_get_extension_by_oid2(
			t->crq, GNUTLS_X509EXT_OID_SAN, 0, &prev, &b->critical);
	if (ret == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE) {
		b->critical = 0;
		return 0;
	}
	if (ret == 0 && prev.size > 0)
		ret =
		    gnutls_x509_ext_import_subject_alt_names(&prev, b->sans, 0);
	gnutls_free(prev.data);
	if (ret < 0) {
		gnutls_subject_alt_names_deinit(b->sans);
		return cd_gnutls_error(ctx, ret, _("alternative names"));
	}
	return 0;
}

static int san_add(struct cd_ctx *ctx, struct san_batch *b,
		   gnutls_x509_subject_alt_name_t type, const void *data,
		   unsigned size, const char *othername_oid, const char *shown)
{
	gnutls_datum_t d = {(unsigned char *)(uintptr_t)data, size};
	int ret =
	    gnutls_subject_alt_names_set(b->sans, type, &d, othername_oid);

	if (ret < 0)
		return cd_gnutls_error(ctx, ret, _("alternative name '%s'"),
				       shown);
	b->added++;
	return 0;
}

/* Write the extension when names were added (RET 0), and free B. */
static int san_end(struct cd_ctx *ctx, const struct cd_build_target *t,
		   struct san_batch *b, int ret)
{
	gnutls_datum_t der = {NULL, 0};

	if (ret == 0 && b->added) {
		ret = gnutls_x509_ext_export_subject_alt_names(b->sans, &der);
		if (ret == 0)
			ret = t->crt ? gnutls_x509_crt_set_extension_by_oid(
					   t->crt, GNUTLS_X509EXT_OID_SAN,
					   der.data, der.size, b->critical)
				     : gnutls_x509_crq_set_extension_by_oid(
					   t->crq, GNUTLS_X509EXT_OID_SAN,
					   der.data, der.size, b->critical);
		gnutls_free(der.data);
		if (ret < 0)
			ret = cd_gnutls_error(ctx, ret, _("alternative names"));
	}
	gnutls_subject_alt_names_deinit(b->sans);
	return ret;
}

int cd_build_san_list(struct cd_ctx *ctx, const struct cd_build_target *t,
		      gnutls_x509_subject_alt_name_t type,
		      const struct cd_strlist *list)
{
	struct san_batch b;
	size_t i;
	int ret;

	if (list->n == 0)
		return 0;
	ret = san_begin(ctx, t, &b);
	if (ret < 0)
		return ret;
	for (i = 0; i < list->n && ret == 0; i++)
		ret = san_add(ctx, &b, type, list->v[i],
			      (unsigned)strlen(list->v[i]), NULL, list->v[i]);
	return san_end(ctx, t, &b, ret);
}

int cd_build_san_ip(struct cd_ctx *ctx, const struct cd_build_target *t,
		    const struct cd_strlist *list)
{
	struct san_batch b;
	unsigned char ip[16];
	unsigned len;
	size_t i;
	int ret, ok;

	if (list->n == 0)
		return 0;
	ret = san_begin(ctx, t, &b);
	if (ret < 0)
		return ret;
	for (i = 0; i < list->n && ret == 0; i++) {
		/* certtool's test: a colon or a long string means IPv6. */
		if (strchr(list->v[i], ':') || strlen(list->v[i]) > 16) {
			ok = inet_pton(AF_INET6, list->v[i], ip);
			len = 16;
		} else {
			ok = inet_pton(AF_INET, list->v[i], ip);
			len = 4;
		}
		if (ok != 1)
			ret = cd_error(ctx, CD_E_INVALID,
				       _("invalid ip_address '%s': expected "
					 "an IPv4 or IPv6 address"),
				       list->v[i]);
		else
			ret = san_add(ctx, &b, GNUTLS_SAN_IPADDRESS, ip, len,
				      NULL, list->v[i]);
	}
	return san_end(ctx, t, &b, ret);
}

/* VALUE as a DER OCTET STRING or UTF8String, as GnuTLS encodes other
 * names given with GNUTLS_FSAN_ENCODE_*. */
static int encode_string(unsigned char tag, const char *value,
			 gnutls_datum_t *out)
{
	size_t len = strlen(value), n = 0, i;
	unsigned char hdr[8];

	hdr[n++] = tag;
	if (len < 0x80)
		hdr[n++] = (unsigned char)len;
	else {
		size_t l = len, bytes = 0;

		while (l) {
			bytes++;
			l >>= 8;
		}
		hdr[n++] = (unsigned char)(0x80 | bytes);
		for (i = bytes; i > 0; i--)
			hdr[n++] = (unsigned char)(len >> (8 * (i - 1)));
	}
	out->data = gnutls_malloc(n + len);
	if (out->data == NULL)
		return GNUTLS_E_MEMORY_ERROR;
	memcpy(out->data, hdr, n);
	memcpy(out->data + n, value, len);
	out->size = (unsigned)(n + len);
	return 0;
}

/* One of other_name (hex DER), other_name_octet (tag 4),
 * other_name_utf8 (tag 12). */
static int other_name_list(struct cd_ctx *ctx, const struct cd_build_target *t,
			   const struct cd_strlist *list, unsigned char tag)
{
	struct san_batch b;
	gnutls_datum_t in, raw;
	const char *value;
	char oid[128];
	size_t i;
	int ret;

	if (list->n == 0)
		return 0;
	ret = san_begin(ctx, t, &b);
	if (ret < 0)
		return ret;
	for (i = 0; i < list->n && ret == 0; i++) {
		raw.data = NULL;
		value = cd_build_split_pair(list->v[i], oid, sizeof(oid));
		if (value == NULL) {
			ret =
			    cd_error(ctx, CD_E_INVALID,
				     _("invalid other name '%s'"), list->v[i]);
			break;
		}
		if (tag) {
			ret = encode_string(tag, value, &raw);
			if (ret < 0)
				ret = cd_error(ctx, CD_E_NOMEM,
					       _("out of memory"));
		} else {
			in.data = (unsigned char *)(uintptr_t)value;
			in.size = (unsigned)strlen(value);
			ret = gnutls_hex_decode2(&in, &raw);
			if (ret < 0)
				ret = cd_error(ctx, CD_E_INVALID,
					       _("invalid other_name '%s': "
						 "expected hexadecimal DER"),
					       list->v[i]);
		}
		if (ret == 0)
			ret = san_add(ctx, &b, GNUTLS_SAN_OTHERNAME, raw.data,
				      raw.size, oid, list->v[i]);
		gnutls_free(raw.data);
	}
	return san_end(ctx, t, &b, ret);
}

int cd_build_other_names(struct cd_ctx *ctx, const struct cd_build_target *t,
			 const struct cd_cert_params *params)
{
	int ret;

	ret = other_name_list(ctx, t, &params->other_name, 0);
	if (ret == 0)
		ret = other_name_list(ctx, t, &params->other_name_octet, 0x04);
	if (ret == 0)
		ret = other_name_list(ctx, t, &params->other_name_utf8, 0x0c);
	if (ret == 0)
		ret = cd_build_san_list(ctx, t, GNUTLS_SAN_OTHERNAME_XMPP,
					&params->xmpp_name);
	if (ret == 0)
		ret = cd_build_san_list(ctx, t,
					GNUTLS_SAN_OTHERNAME_KRB5PRINCIPAL,
					&params->krb5_principal);
	return ret;
}

/* "HEX", "0xHEX" or "octet_string(HEX)" into DER. */
static int extension_value(const char *text, gnutls_datum_t *out)
{
	unsigned char tag[ASN1_MAX_TL_SIZE];
	unsigned int tag_len = sizeof(tag);
	gnutls_datum_t in, raw = {NULL, 0};
	int octet = strncmp(text, "octet_string(", 13) == 0;
	size_t len;

	if (octet)
		text += 13;
	len = octet ? strcspn(text, ")") : strlen(text);
	if (len >= 2 && text[0] == '0' && text[1] == 'x') {
		text += 2;
		len -= 2;
	}
	in.data = (unsigned char *)(uintptr_t)text;
	in.size = (unsigned)len;
	if (gnutls_hex_decode2(&in, &raw) < 0)
		return -1;
	if (!octet) {
		*out = raw;
		return 0;
	}
	if (asn1_encode_simple_der(ASN1_ETYPE_OCTET_STRING, raw.data, raw.size,
				   tag, &tag_len) != ASN1_SUCCESS)
		goto fail;
	out->data = gnutls_malloc(raw.size + tag_len);
	if (out->data == NULL)
		goto fail;
	memcpy(out->data, tag, tag_len);
	memcpy(out->data + tag_len, raw.data, raw.size);
	out->size = raw.size + tag_len;
	gnutls_free(raw.data);
	return 0;
fail:
	gnutls_free(raw.data);
	return -1;
}

static int extension_list(struct cd_ctx *ctx, const struct cd_build_target *t,
			  const struct cd_strlist *list, unsigned critical)
{
	gnutls_datum_t der = {NULL, 0};
	const char *value;
	char oid[128];
	size_t i;
	int ret;

	for (i = 0; i < list->n; i++) {
		value = cd_build_split_pair(list->v[i], oid, sizeof(oid));
		if (value == NULL || extension_value(value, &der) < 0)
			return cd_error(ctx, CD_E_INVALID,
					_("invalid extension '%s': expected "
					  "\"OID hex\" or \"OID "
					  "octet_string(hex)\""),
					list->v[i]);
		if (t->crt)
			ret = gnutls_x509_crt_set_extension_by_oid(
			    t->crt, oid, der.data, der.size, critical);
		else
			ret = gnutls_x509_crq_set_extension_by_oid(
			    t->crq, oid, der.data, der.size, critical);
		gnutls_free(der.data);
		if (ret < 0)
			return cd_gnutls_error(ctx, ret, _("extension %s"),
					       oid);
	}
	return 0;
}

int cd_build_extensions(struct cd_ctx *ctx, const struct cd_build_target *t,
			const struct cd_cert_params *params)
{
	int ret = extension_list(ctx, t, &params->add_extension, 0);

	if (ret == 0)
		ret =
		    extension_list(ctx, t, &params->add_critical_extension, 1);
	return ret;
}

int cd_build_key_purpose(struct cd_ctx *ctx, const struct cd_build_target *t,
			 const char *oid)
{
	int ret;

	if (t->crt)
		ret = gnutls_x509_crt_set_key_purpose_oid(t->crt, oid, 0);
	else
		ret = gnutls_x509_crq_set_key_purpose_oid(t->crq, oid, 0);
	if (ret < 0)
		return cd_gnutls_error(ctx, ret, _("key purpose %s"), oid);
	return 0;
}

int cd_build_tls_features(struct cd_ctx *ctx, const struct cd_build_target *t,
			  const struct cd_cert_params *params)
{
	gnutls_x509_tlsfeatures_t features = NULL;
	size_t i;
	int ret;

	if (params->tls_feature.n == 0)
		return 0;
	ret = gnutls_x509_tlsfeatures_init(&features);
	for (i = 0; ret >= 0 && i < params->tls_feature.n; i++)
		ret = gnutls_x509_tlsfeatures_add(
		    features,
		    (unsigned)strtoul(params->tls_feature.v[i], NULL, 10));
	if (ret >= 0 && t->crt)
		ret = gnutls_x509_crt_set_tlsfeatures(t->crt, features);
	else if (ret >= 0)
		ret = gnutls_x509_crq_set_tlsfeatures(t->crq, features);
	if (features)
		gnutls_x509_tlsfeatures_deinit(features);
	if (ret < 0)
		return cd_gnutls_error(ctx, ret, _("TLS features"));
	return 0;
}

int cd_build_subject(struct cd_ctx *ctx, const struct cd_build_target *t,
		     const struct cd_cert_params *p)
{
	const struct {
		char *const *one;	       /* a single value, or */
		const struct cd_strlist *many; /* a repeatable one */
		const char *oid;
	} parts[] = {
	    {&p->country, NULL, GNUTLS_OID_X520_COUNTRY_NAME},
	    {&p->state, NULL, GNUTLS_OID_X520_STATE_OR_PROVINCE_NAME},
	    {&p->locality, NULL, GNUTLS_OID_X520_LOCALITY_NAME},
	    {NULL, &p->organization, GNUTLS_OID_X520_ORGANIZATION_NAME},
	    {NULL, &p->unit, GNUTLS_OID_X520_ORGANIZATIONAL_UNIT_NAME},
	    {&p->cn, NULL, GNUTLS_OID_X520_COMMON_NAME},
	    {&p->uid, NULL, GNUTLS_OID_LDAP_UID},
	    {NULL, &p->dc, GNUTLS_OID_LDAP_DC},
	};
	size_t i, j;
	int ret = 0;

	if (p->dn)
		ret = cd_build_dn_string(ctx, t, p->dn);
	for (i = 0; ret == 0 && i < sizeof(parts) / sizeof(parts[0]); i++) {
		if (parts[i].one && *parts[i].one)
			ret = cd_build_dn_oid(ctx, t, parts[i].oid,
					      *parts[i].one);
		for (j = 0; parts[i].many && ret == 0 && j < parts[i].many->n;
		     j++)
			ret = cd_build_dn_oid(ctx, t, parts[i].oid,
					      parts[i].many->v[j]);
	}
	if (ret == 0)
		ret = cd_build_dn_oids(ctx, t, p);
	return ret;
}
