/* certdeck: inspect: find what a file holds (PEM blocks by their labels,
 * DER by trying each type in turn) and have inspect-item.c describe each
 * object; PKCS #12 files are opened here, bag by bag. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gnutls/pkcs12.h>

#include "error.h"
#include "file.h"
#include "i18n.h"
#include "inspect-int.h"
#include "key.h"

/* A PEM "PUBLIC KEY": described when the type is not restricted. */
#define INSPECT_PUBKEY 100
/* Returned by the readers told to be quiet: the data is not of this type
 * (a positive value, never a CD_E_* code). */
#define NOT_THIS 1

static const struct {
	const char *word;
	enum cd_inspect_type type;
	const char *what; /* N_(): for "no %s in this file" */
} type_names[] = {
    {"cert", CD_INSPECT_CERT, N_("certificate")},
    {"request", CD_INSPECT_REQUEST, N_("certificate request")},
    {"key", CD_INSPECT_KEY, N_("private key")},
    {"crl", CD_INSPECT_CRL, N_("CRL")},
    {"pkcs12", CD_INSPECT_PKCS12, N_("PKCS #12 file")},
};

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

int cd_inspect_type_from_name(const char *word)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(type_names); i++)
		if (strcmp(type_names[i].word, word) == 0)
			return (int)type_names[i].type;
	return -1;
}

static const char *type_what(enum cd_inspect_type type)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(type_names); i++)
		if (type_names[i].type == type)
			return _(type_names[i].what);
	return "?";
}

static const struct {
	const char *label;
	int type;
} pem_labels[] = {
    {"CERTIFICATE", CD_INSPECT_CERT},
    {"X509 CERTIFICATE", CD_INSPECT_CERT},
    {"NEW CERTIFICATE REQUEST", CD_INSPECT_REQUEST},
    {"CERTIFICATE REQUEST", CD_INSPECT_REQUEST},
    {"X509 CRL", CD_INSPECT_CRL},
    {"PRIVATE KEY", CD_INSPECT_KEY},
    {"ENCRYPTED PRIVATE KEY", CD_INSPECT_KEY},
    {"RSA PRIVATE KEY", CD_INSPECT_KEY},
    {"EC PRIVATE KEY", CD_INSPECT_KEY},
    {"DSA PRIVATE KEY", CD_INSPECT_KEY},
    {"PKCS12", CD_INSPECT_PKCS12},
    {"PUBLIC KEY", INSPECT_PUBKEY},
};

static int pem_label_type(const char *label)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(pem_labels); i++)
		if (strcmp(pem_labels[i].label, label) == 0)
			return pem_labels[i].type;
	return -1;
}

/* ---- one object ---------------------------------------------------- */

static void item_begin(struct inspect_run *r)
{
	if (r->items++ > 0)
		cd_textbuf_puts(r->buf, r->opts->json ? ",\n" : "\n");
}

static int need_password(struct inspect_run *r, const char *what)
{
	/* L10N: %s is a file name, then what needs the password */
	return cd_error(r->ctx, CD_E_PASSWORD,
			_("%s: the %s is encrypted; give its password "
			  "(--password-file FILE, --password-fd N, or "
			  "--password to be asked)"),
			r->name, what);
}

static int do_crt(struct inspect_run *r, const gnutls_datum_t *d,
		  gnutls_x509_crt_fmt_t fmt, int quiet)
{
	gnutls_x509_crt_t crt;
	int ret = gnutls_x509_crt_init(&crt);

	if (ret >= 0)
		ret = gnutls_x509_crt_import(crt, d, fmt);
	if (ret < 0) {
		gnutls_x509_crt_deinit(crt);
		return quiet ? NOT_THIS
			     : cd_gnutls_error(r->ctx, ret,
					       _("%s: not a valid certificate"),
					       r->name);
	}
	item_begin(r);
	ret = inspect_crt(r, crt);
	gnutls_x509_crt_deinit(crt);
	return ret;
}

static int do_crq(struct inspect_run *r, const gnutls_datum_t *d,
		  gnutls_x509_crt_fmt_t fmt, int quiet)
{
	gnutls_x509_crq_t crq;
	int ret = gnutls_x509_crq_init(&crq);

	if (ret >= 0)
		ret = gnutls_x509_crq_import(crq, d, fmt);
	if (ret < 0) {
		gnutls_x509_crq_deinit(crq);
		return quiet ? NOT_THIS
			     : cd_gnutls_error(
				   r->ctx, ret,
				   _("%s: not a valid certificate request"),
				   r->name);
	}
	item_begin(r);
	ret = inspect_crq(r, crq);
	gnutls_x509_crq_deinit(crq);
	return ret;
}

static int do_crl(struct inspect_run *r, const gnutls_datum_t *d,
		  gnutls_x509_crt_fmt_t fmt, int quiet)
{
	gnutls_x509_crl_t crl;
	int ret = gnutls_x509_crl_init(&crl);

	if (ret >= 0)
		ret = gnutls_x509_crl_import(crl, d, fmt);
	if (ret < 0) {
		gnutls_x509_crl_deinit(crl);
		return quiet
			   ? NOT_THIS
			   : cd_gnutls_error(r->ctx, ret,
					     _("%s: not a valid CRL"), r->name);
	}
	item_begin(r);
	ret = inspect_crl(r, crl);
	gnutls_x509_crl_deinit(crl);
	return ret;
}

static int do_pubkey(struct inspect_run *r, const gnutls_datum_t *d,
		     gnutls_x509_crt_fmt_t fmt, int quiet)
{
	gnutls_pubkey_t pub;
	int ret = gnutls_pubkey_init(&pub);

	if (ret >= 0)
		ret = gnutls_pubkey_import(pub, d, fmt);
	if (ret < 0) {
		gnutls_pubkey_deinit(pub);
		return quiet ? NOT_THIS
			     : cd_gnutls_error(r->ctx, ret,
					       _("%s: not a valid public key"),
					       r->name);
	}
	item_begin(r);
	ret = inspect_pubkey(r, pub);
	gnutls_pubkey_deinit(pub);
	return ret;
}

static int do_key(struct inspect_run *r, const gnutls_datum_t *d, int quiet)
{
	gnutls_x509_privkey_t key = NULL;
	int encrypted = cd_key_is_encrypted(d), ret;

	if (encrypted && (r->opts->password == NULL || !*r->opts->password))
		return need_password(r, _("private key"));
	ret = cd_key_import(r->ctx, d, r->name, r->opts->password, &key);
	if (ret < 0)
		return quiet && ret != CD_E_PASSWORD ? NOT_THIS : ret;
	item_begin(r);
	ret = inspect_privkey(r, key, encrypted);
	gnutls_x509_privkey_deinit(key);
	return ret;
}

/* ---- PKCS #12 ------------------------------------------------------ */

static int p12_mac(struct inspect_run *r, gnutls_pkcs12_t p12)
{
	unsigned mac, iter = 0;
	unsigned char salt[64];
	unsigned salt_size = sizeof(salt);
	char *oid = NULL;
	const char *pass = r->opts->password;
	int ret;

	ret = gnutls_pkcs12_mac_info(p12, &mac, salt, &salt_size, &iter, &oid);
	gnutls_free(oid);
	if (ret < 0) {
		/* No MAC at all (openssl pkcs12 -nomac), or one that cannot
		 * be read: only the former is described, never skipped. */
		ret = gnutls_pkcs12_verify_mac(p12, pass != NULL ? pass : "");
		if (ret != GNUTLS_E_ASN1_ELEMENT_NOT_FOUND &&
		    ret != GNUTLS_E_ASN1_VALUE_NOT_FOUND)
			return cd_error(
			    r->ctx, CD_E_PARSE,
			    _("%s: the PKCS #12 file's MAC cannot be read"),
			    r->name);
		cd_textbuf_puts(r->buf, r->opts->json ? ", \"mac\": null"
						      : _("MAC: none\n"));
		return 0;
	}
	ret = gnutls_pkcs12_verify_mac(p12, pass != NULL ? pass : "");
	if (ret < 0 && pass == NULL)
		ret = gnutls_pkcs12_verify_mac(p12, NULL);
	if (ret < 0 && pass == NULL)
		return need_password(r, _("PKCS #12 file"));
	if (ret < 0)
		return cd_error(r->ctx, CD_E_PASSWORD,
				_("%s: wrong password for this PKCS #12 file "
				  "(its MAC does not verify)"),
				r->name);
	if (r->opts->json) {
		cd_textbuf_printf(
		    r->buf,
		    ", \"mac\": {\"algorithm\": \"%s\", "
		    "\"iterations\": %u, \"verified\": true}",
		    gnutls_mac_get_name((gnutls_mac_algorithm_t)mac), iter);
		return 0;
	}
	cd_textbuf_printf(r->buf, "%s\n\tMAC: %s\n\t%s: ", _("MAC info:"),
			  gnutls_mac_get_name((gnutls_mac_algorithm_t)mac),
			  _("Salt"));
	cd_textbuf_hex(r->buf, salt, salt_size < sizeof(salt) ? salt_size : 0,
		       0);
	cd_textbuf_printf(r->buf, "\n\t%s: %u\n\t%s\n", _("Iteration count"),
			  iter, _("MAC verified"));
	return 0;
}

static int p12_decrypt(struct inspect_run *r, gnutls_pkcs12_bag_t bag,
		       unsigned index)
{
	unsigned schema, cipher, iter = 0;
	unsigned char salt[64];
	unsigned salt_size = sizeof(salt);
	char *oid = NULL;
	const char *pass = r->opts->password;
	int ret;

	ret = gnutls_pkcs12_bag_enc_info(bag, &schema, &cipher, salt,
					 &salt_size, &iter, &oid);
	gnutls_free(oid);
	if (r->opts->json)
		cd_textbuf_printf(
		    r->buf, "\"encrypted\": true, \"cipher\": \"%s\", ",
		    ret >= 0 ? gnutls_cipher_get_name(cipher) : "unknown");
	else
		cd_textbuf_printf(r->buf, "\t%s: %s\n\t%s: %s\n\t%s: %u\n",
				  _("Type"), _("Encrypted"), _("Cipher"),
				  ret >= 0 ? gnutls_cipher_get_name(cipher)
					   : "unknown",
				  _("Iteration count"), iter);
	ret = gnutls_pkcs12_bag_decrypt(bag, pass != NULL ? pass : "");
	if (ret < 0 && pass == NULL)
		return need_password(r, _("PKCS #12 file"));
	if (ret < 0)
		return cd_gnutls_error(
		    r->ctx, ret,
		    _("%s: bag %u cannot be decrypted (wrong password?)"),
		    r->name, index);
	return 0;
}

static const struct {
	gnutls_pkcs12_bag_type_t type;
	const char *json;
	const char *text; /* N_() */
} bag_types[] = {
    {GNUTLS_BAG_CERTIFICATE, "certificate", N_("Certificate")},
    {GNUTLS_BAG_CRL, "crl", N_("CRL")},
    {GNUTLS_BAG_PKCS8_KEY, "key", N_("PKCS #8 key")},
    {GNUTLS_BAG_PKCS8_ENCRYPTED_KEY, "encrypted_key",
     N_("PKCS #8 encrypted key")},
    {GNUTLS_BAG_SECRET, "secret", N_("Secret")},
};

/* One element of a bag: its attributes, then the object described. */
static int p12_element(struct inspect_run *r, gnutls_pkcs12_bag_t bag,
		       unsigned j)
{
	int type = gnutls_pkcs12_bag_get_type(bag, j);
	const char *json = "unknown", *text = N_("Unknown");
	char *name = NULL;
	gnutls_datum_t id = {NULL, 0}, data = {NULL, 0};
	gnutls_x509_privkey_t key = NULL;
	size_t k;
	int ret = 0;

	for (k = 0; k < ARRAY_SIZE(bag_types); k++)
		if ((int)bag_types[k].type == type) {
			json = bag_types[k].json;
			text = bag_types[k].text;
		}
	if (gnutls_pkcs12_bag_get_friendly_name(bag, j, &name) < 0)
		name = NULL;
	if (gnutls_pkcs12_bag_get_key_id(bag, j, &id) < 0)
		id.data = NULL;
	if (r->opts->json) {
		cd_textbuf_printf(r->buf,
				  "%s{\"type\": \"%s\", \"friendly_name\": ",
				  j ? ", " : "", json);
		cd_textbuf_json_string(r->buf, name);
		cd_textbuf_puts(r->buf, ", \"local_key_id\": ");
		if (id.data != NULL)
			cd_textbuf_json_hex(r->buf, id.data, id.size, ':');
		else
			cd_textbuf_puts(r->buf, "null");
		cd_textbuf_puts(r->buf, ", \"item\": ");
	} else {
		cd_textbuf_printf(r->buf, "%s\t%s: %s\n", j ? "\n" : "",
				  _("Type"), _(text));
		if (name != NULL)
			cd_textbuf_printf(r->buf, "\t%s: %s\n",
					  _("Friendly name"), name);
		if (id.data != NULL) {
			cd_textbuf_printf(r->buf, "\t%s: ", _("Key ID"));
			cd_textbuf_hex(r->buf, id.data, id.size, ':');
			cd_textbuf_puts(r->buf, "\n");
		}
		cd_textbuf_puts(r->buf, "\n");
	}
	if (gnutls_pkcs12_bag_get_data(bag, j, &data) < 0)
		data.data = NULL;
	if (data.data == NULL ||
	    (type != GNUTLS_BAG_CERTIFICATE && type != GNUTLS_BAG_CRL &&
	     type != GNUTLS_BAG_PKCS8_KEY &&
	     type != GNUTLS_BAG_PKCS8_ENCRYPTED_KEY)) {
		if (r->opts->json)
			cd_textbuf_puts(r->buf, "null");
	} else if (type == GNUTLS_BAG_CERTIFICATE) {
		r->items = 0;
		ret = do_crt(r, &data, GNUTLS_X509_FMT_DER, 0);
	} else if (type == GNUTLS_BAG_CRL) {
		r->items = 0;
		ret = do_crl(r, &data, GNUTLS_X509_FMT_DER, 0);
	} else {
		const char *pass = r->opts->password;

		ret = gnutls_x509_privkey_init(&key);
		if (ret >= 0)
			ret = gnutls_x509_privkey_import_pkcs8(
			    key, &data, GNUTLS_X509_FMT_DER,
			    pass != NULL ? pass : "",
			    type == GNUTLS_BAG_PKCS8_KEY ? GNUTLS_PKCS_PLAIN
							 : 0);
		if (ret < 0 && type == GNUTLS_BAG_PKCS8_ENCRYPTED_KEY &&
		    pass == NULL)
			ret = need_password(r, _("PKCS #12 file"));
		else if (ret < 0)
			ret = cd_gnutls_error(
			    r->ctx, ret,
			    _("%s: cannot read the key in the PKCS #12 file"),
			    r->name);
		else
			ret = inspect_privkey(
			    r, key, type == GNUTLS_BAG_PKCS8_ENCRYPTED_KEY);
	}
	if (key != NULL)
		gnutls_x509_privkey_deinit(key);
	if (ret == 0 && r->opts->json)
		cd_textbuf_puts(r->buf, "}");
	return ret;
}

static int p12_bag(struct inspect_run *r, gnutls_pkcs12_bag_t bag,
		   unsigned index)
{
	int count, ret = 0, j;

	if (r->opts->json)
		cd_textbuf_puts(r->buf, index ? ", {" : "{");
	else
		cd_textbuf_printf(r->buf, "%s%s #%u\n", index ? "\n" : "",
				  _("BAG"), index);
	if (gnutls_pkcs12_bag_get_type(bag, 0) == GNUTLS_BAG_ENCRYPTED) {
		ret = p12_decrypt(r, bag, index);
		if (ret < 0)
			return ret;
	} else if (r->opts->json) {
		cd_textbuf_puts(r->buf, "\"encrypted\": false, ");
	}
	count = gnutls_pkcs12_bag_get_count(bag);
	if (count < 0)
		return cd_gnutls_error(r->ctx, count,
				       _("%s: bag %u is malformed"), r->name,
				       index);
	if (r->opts->json)
		cd_textbuf_puts(r->buf, "\"elements\": [");
	else
		cd_textbuf_printf(r->buf, "\t%s: %d\n", _("Elements"), count);
	for (j = 0; j < count && ret == 0; j++)
		ret = p12_element(r, bag, (unsigned)j);
	if (r->opts->json)
		cd_textbuf_puts(r->buf, "]}");
	return ret;
}

static int p12_describe(struct inspect_run *r, gnutls_pkcs12_t p12)
{
	unsigned saved = r->items, i;
	int ret;

	if (r->opts->json) {
		cd_textbuf_puts(r->buf, "{\"type\": \"pkcs12\", \"file\": ");
		cd_textbuf_json_string(r->buf, r->name);
	} else {
		cd_textbuf_printf(r->buf, "%s\n", _("PKCS #12 file:"));
	}
	ret = p12_mac(r, p12);
	if (ret == 0 && r->opts->json)
		cd_textbuf_puts(r->buf, ", \"bags\": [");
	for (i = 0; ret == 0; i++) {
		gnutls_pkcs12_bag_t bag;

		ret = gnutls_pkcs12_bag_init(&bag);
		if (ret < 0)
			break;
		ret = gnutls_pkcs12_get_bag(p12, (int)i, bag);
		if (ret == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE) {
			gnutls_pkcs12_bag_deinit(bag);
			ret = 0;
			break;
		}
		if (ret < 0)
			ret = cd_gnutls_error(r->ctx, ret,
					      _("%s: bag %u is malformed"),
					      r->name, i);
		else
			ret = p12_bag(r, bag, i);
		gnutls_pkcs12_bag_deinit(bag);
	}
	if (ret < 0)
		return ret;
	if (r->opts->json)
		cd_textbuf_puts(r->buf, "]}");
	r->items = saved;
	return 0;
}

static int do_p12(struct inspect_run *r, const gnutls_datum_t *d,
		  gnutls_x509_crt_fmt_t fmt, int quiet)
{
	gnutls_pkcs12_t p12;
	unsigned saved;
	int ret = gnutls_pkcs12_init(&p12);

	if (ret >= 0)
		ret = gnutls_pkcs12_import(p12, d, fmt, 0);
	if (ret < 0) {
		gnutls_pkcs12_deinit(p12);
		return quiet
			   ? NOT_THIS
			   : cd_gnutls_error(r->ctx, ret,
					     _("%s: not a valid PKCS #12 file"),
					     r->name);
	}
	item_begin(r);
	saved = r->items;
	ret = p12_describe(r, p12);
	r->items = saved;
	gnutls_pkcs12_deinit(p12);
	return ret;
}

/* ---- finding the objects ------------------------------------------- */

static int do_one(struct inspect_run *r, int type, const gnutls_datum_t *d,
		  gnutls_x509_crt_fmt_t fmt)
{
	switch (type) {
	case CD_INSPECT_CERT:
		return do_crt(r, d, fmt, 0);
	case CD_INSPECT_REQUEST:
		return do_crq(r, d, fmt, 0);
	case CD_INSPECT_CRL:
		return do_crl(r, d, fmt, 0);
	case CD_INSPECT_PKCS12:
		return do_p12(r, d, fmt, 0);
	case CD_INSPECT_KEY:
		return do_key(r, d, 0);
	case INSPECT_PUBKEY:
		return do_pubkey(r, d, fmt, 0);
	default:
		return cd_error(r->ctx, CD_E_PARSE, _("%s: unknown type"),
				r->name);
	}
}

static int not_recognised(struct inspect_run *r)
{
	if (r->opts->type != CD_INSPECT_ANY)
		return cd_error(
		    r->ctx, CD_E_PARSE,
		    _("%s: no %s in this file (expected PEM or DER)"), r->name,
		    type_what(r->opts->type));
	return cd_error(r->ctx, CD_E_PARSE,
			_("%s: not a certificate, request, key, CRL or "
			  "PKCS #12 file (expected PEM or DER)"),
			r->name);
}

/* DER: the one type asked for, or each in turn. */
static int inspect_der(struct inspect_run *r, const gnutls_datum_t *d)
{
	gnutls_x509_crt_fmt_t der = GNUTLS_X509_FMT_DER;
	int ret;

	if (r->opts->type != CD_INSPECT_ANY)
		return do_one(r, (int)r->opts->type, d, der);
	ret = do_crt(r, d, der, 1);
	if (ret == NOT_THIS)
		ret = do_crq(r, d, der, 1);
	if (ret == NOT_THIS)
		ret = do_crl(r, d, der, 1);
	if (ret == NOT_THIS)
		ret = do_p12(r, d, der, 1);
	if (ret == NOT_THIS)
		ret = do_key(r, d, 1);
	if (ret == NOT_THIS)
		ret = do_pubkey(r, d, der, 1);
	return ret == NOT_THIS ? not_recognised(r) : ret;
}

/* The next PEM block from *POS: its label and extent. 1 when found, 0
 * when there is none, CD_E_PARSE when a block has no END line. */
struct pem_block {
	char label[64];
	size_t start, end; /* offsets in the data */
};

static int pem_next(struct inspect_run *r, const gnutls_datum_t *d, size_t *pos,
		    struct pem_block *b)
{
	const char *base = (const char *)d->data, *p, *q, *end_line;
	size_t left, n;
	char marker[96];

	while (*pos < d->size) {
		left = d->size - *pos;
		p = memmem(base + *pos, left, "-----BEGIN ", 11);
		if (p == NULL)
			return 0;
		*pos = (size_t)(p - base) + 11;
		left = d->size - *pos;
		end_line = memchr(base + *pos, '\n', left);
		n = end_line ? (size_t)(end_line - (base + *pos)) : left;
		q = memmem(base + *pos, n, "-----", 5);
		if (q == NULL ||
		    (size_t)(q - (base + *pos)) >= sizeof(b->label))
			continue; /* not a header line: keep looking */
		n = (size_t)(q - (base + *pos));
		memcpy(b->label, base + *pos, n);
		b->label[n] = 0;
		if (memchr(b->label, 0, n) != NULL)
			continue;
		b->start = (size_t)(p - base);
		snprintf(marker, sizeof(marker), "-----END %s-----", b->label);
		left = d->size - *pos;
		q = memmem(base + *pos, left, marker, strlen(marker));
		if (q == NULL)
			return cd_error(r->ctx, CD_E_PARSE,
					_("%s: the PEM block \"%s\" has no END "
					  "line (is the file truncated?)"),
					r->name, b->label);
		b->end = (size_t)(q - base) + strlen(marker);
		if (b->end < d->size && base[b->end] == '\r')
			b->end++;
		if (b->end < d->size && base[b->end] == '\n')
			b->end++;
		*pos = b->end;
		return 1;
	}
	return 0;
}

/* Each PEM block of a type asked for, in the order of the file. */
static int inspect_pem(struct inspect_run *r, const gnutls_datum_t *d)
{
	struct pem_block b;
	size_t pos = 0;
	int ret, type;

	while ((ret = pem_next(r, d, &pos, &b)) == 1) {
		gnutls_datum_t block;

		type = pem_label_type(b.label);
		if (type < 0 || (r->opts->type != CD_INSPECT_ANY &&
				 type != (int)r->opts->type))
			continue;
		/* A NUL-terminated copy of the block alone. */
		block.size = (unsigned)(b.end - b.start);
		block.data = gnutls_malloc(block.size + 1);
		if (block.data == NULL)
			return cd_error(r->ctx, CD_E_NOMEM, _("out of memory"));
		memcpy(block.data, d->data + b.start, block.size);
		block.data[block.size] = 0;
		ret = do_one(r, type, &block, GNUTLS_X509_FMT_PEM);
		gnutls_memset(block.data, 0, block.size);
		gnutls_free(block.data);
		if (ret < 0)
			return ret;
	}
	if (ret < 0)
		return ret;
	return r->items > 0 ? 0 : not_recognised(r);
}

int cd_inspect(struct cd_ctx *ctx, const gnutls_datum_t *data, const char *name,
	       const struct cd_inspect_opts *opts, gnutls_datum_t *out)
{
	struct cd_textbuf buf;
	struct inspect_run r;
	int ret;

	out->data = NULL;
	out->size = 0;
	cd_textbuf_init(&buf);
	memset(&r, 0, sizeof(r));
	r.ctx = ctx;
	r.opts = opts;
	r.name = name;
	r.buf = &buf;
	if (data->data == NULL || data->size == 0)
		return cd_error(ctx, CD_E_PARSE,
				_("%s: the file is empty; expected a "
				  "certificate, request, key, CRL or PKCS #12 "
				  "file"),
				name);
	if (opts->json && !opts->json_items)
		cd_textbuf_puts(&buf, "[\n");
	if (cd_file_is_pem(data, NULL))
		ret = inspect_pem(&r, data);
	else
		ret = inspect_der(&r, data);
	if (ret == 0 && r.items == 0)
		ret = not_recognised(&r);
	if (ret < 0) {
		cd_textbuf_free(&buf);
		return ret;
	}
	if (opts->json && !opts->json_items)
		cd_textbuf_puts(&buf, "\n]\n");
	if (!opts->json)
		cd_textbuf_sanitize(&buf, 0);
	ret = cd_textbuf_finish(&buf, out);
	if (ret < 0)
		return cd_error(ctx, ret, _("out of memory"));
	return 0;
}

static void datum_wipe(gnutls_datum_t *d)
{
	if (d->data != NULL) {
		gnutls_memset(d->data, 0, d->size);
		gnutls_free(d->data);
	}
	d->data = NULL;
	d->size = 0;
}

int cd_inspect_file(struct cd_ctx *ctx, const char *path,
		    const struct cd_inspect_opts *opts, char **text)
{
	gnutls_datum_t data = {NULL, 0}, out = {NULL, 0};
	int ret;

	*text = NULL;
	ret = cd_file_read(ctx, path, 0, &data);
	if (ret == 0)
		ret = cd_inspect(ctx, &data, path, opts, &out);
	if (ret == 0) {
		*text = malloc(out.size + 1);
		if (*text == NULL)
			ret = cd_error(ctx, CD_E_NOMEM, _("out of memory"));
		else {
			memcpy(*text, out.data, out.size);
			(*text)[out.size] = '\0';
		}
	}
	datum_wipe(&data);
	datum_wipe(&out);
	return ret;
}

void cd_inspect_text_free(char *text)
{
	if (text == NULL)
		return;
	gnutls_memset(text, 0, strlen(text));
	free(text);
}
