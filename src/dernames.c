/* certdeck: names taken out of an alternative names or name constraints
 * extension, in its DER, every other byte kept as it was (see
 * dernames.h). GnuTLS cannot write back every kind of name it reads (a
 * directory name in name constraints, in 3.7), so this never goes through
 * its structures. */
#include <config.h>

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "dernames.h"

struct tlv {
	const unsigned char *at; /* the tag */
	size_t head, len;	 /* of the tag and length; of the value */
};

/* The TLV at P (N bytes left): 0, or -1 when it is not DER. Tags of one
 * byte only: those of the names are. */
static int tlv_read(const unsigned char *p, size_t n, struct tlv *t)
{
	size_t i, k;

	if (n < 2 || (p[0] & 0x1f) == 0x1f)
		return -1;
	t->at = p;
	t->len = p[1];
	t->head = 2;
	if (p[1] & 0x80) {
		k = p[1] & 0x7f;
		if (k == 0 || k > 4 || n < 2 + k)
			return -1;
		for (t->len = 0, i = 0; i < k; i++)
			t->len = (t->len << 8) | p[2 + i];
		t->head += k;
	}
	return t->len <= n - t->head ? 0 : -1;
}

/* TAG, a length and LEN bytes of VALUE at OUT; the bytes written. */
static size_t tlv_write(unsigned char *out, unsigned char tag,
			const unsigned char *value, size_t len)
{
	size_t head = 2, k;

	out[0] = tag;
	if (len < 0x80)
		out[1] = (unsigned char)len;
	else {
		for (k = 0; (len >> (8 * k)) != 0; k++)
			;
		out[1] = (unsigned char)(0x80 | k);
		for (head = 2; k > 0; k--)
			out[head++] = (unsigned char)(len >> (8 * (k - 1)));
	}
	memmove(out + head, value, len);
	return head + len;
}

/* The dotted form of the OID (its DER value V, N bytes) in BUF. */
static void oid_text(const unsigned char *v, size_t n, char *buf, size_t size)
{
	unsigned long x = 0;
	size_t i, o = 0;

	buf[0] = '\0';
	for (i = 0; i < n && o + 24 < size; i++) {
		x = (x << 7) | (v[i] & 0x7f);
		if (v[i] & 0x80)
			continue;
		if (o == 0)
			o = (size_t)snprintf(buf, size, "%lu.%lu",
					     x < 80 ? x / 40 : 2,
					     x < 80 ? x % 40 : x - 80);
		else
			o += (size_t)snprintf(buf + o, size - o, ".%lu", x);
		x = 0;
	}
}

/* Does DROP take the GeneralName T? */
static int dropped(const struct tlv *t, int excluded, cd_der_name_drop_fn drop,
		   void *arg)
{
	static const struct {
		unsigned char tag;
		unsigned type;
	} kinds[] = {
	    {0xa0, GNUTLS_SAN_OTHERNAME}, {0x81, GNUTLS_SAN_RFC822NAME},
	    {0x82, GNUTLS_SAN_DNSNAME},	  {0x86, GNUTLS_SAN_URI},
	    {0x87, GNUTLS_SAN_IPADDRESS}, {0xa4, GNUTLS_SAN_DN},
	};
	struct tlv oid;
	char other[128] = "";
	size_t k;

	for (k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++)
		if (kinds[k].tag == t->at[0])
			break;
	if (k == sizeof(kinds) / sizeof(kinds[0]))
		return 0;
	if (kinds[k].type == GNUTLS_SAN_OTHERNAME &&
	    tlv_read(t->at + t->head, t->len, &oid) == 0 && oid.at[0] == 0x06)
		oid_text(oid.at + oid.head, oid.len, other, sizeof(other));
	return drop(arg, kinds[k].type, other, excluded);
}

/* The elements of the SEQUENCE OF in V (N bytes) that DROP keeps, into
 * OUT: GeneralNames, or GeneralSubtrees (SUBTREE), whose first element
 * is the GeneralName. *COUNT: how many. The bytes written, or -1. */
static long kept(const unsigned char *v, size_t n, int subtree, int excluded,
		 cd_der_name_drop_fn drop, void *arg, unsigned char *out,
		 unsigned *count)
{
	size_t at = 0, o = 0;
	struct tlv t, name;

	*count = 0;
	while (at < n) {
		if (tlv_read(v + at, n - at, &t) < 0)
			return -1;
		name = t;
		if (subtree && tlv_read(t.at + t.head, t.len, &name) < 0)
			return -1;
		if (!dropped(&name, excluded, drop, arg)) {
			memmove(out + o, t.at, t.head + t.len);
			o += t.head + t.len;
			(*count)++;
		}
		at += t.head + t.len;
	}
	return (long)o;
}

int cd_der_names_filter(const gnutls_datum_t *ext, int constraints,
			cd_der_name_drop_fn drop, void *arg,
			gnutls_datum_t *out)
{
	unsigned char *buf, *body;
	struct tlv outer, part;
	size_t at = 0, o = 0;
	unsigned count, total = 0;
	long n;

	out->data = NULL;
	out->size = 0;
	if (tlv_read(ext->data, ext->size, &outer) < 0 || outer.at[0] != 0x30)
		return GNUTLS_E_ASN1_DER_ERROR;
	/* never longer than the input: lengths only shrink */
	buf = gnutls_malloc(2 * (size_t)ext->size + 16);
	if (buf == NULL)
		return GNUTLS_E_MEMORY_ERROR;
	body = buf + ext->size + 8;
	if (!constraints) {
		n = kept(outer.at + outer.head, outer.len, 0, 0, drop, arg,
			 body, &total);
		if (n >= 0)
			o = (size_t)n;
	} else {
		/* permittedSubtrees [0], excludedSubtrees [1] */
		for (n = 0; n >= 0 && at < outer.len;) {
			unsigned char *mark = body + o;

			if (tlv_read(outer.at + outer.head + at, outer.len - at,
				     &part) < 0 ||
			    (part.at[0] != 0xa0 && part.at[0] != 0xa1)) {
				n = -1;
				break;
			}
			n = kept(part.at + part.head, part.len, 1,
				 part.at[0] == 0xa1, drop, arg, buf, &count);
			if (n > 0)
				o +=
				    tlv_write(mark, part.at[0], buf, (size_t)n);
			total += count;
			at += part.head + part.len;
		}
	}
	if (n < 0) {
		gnutls_free(buf);
		return GNUTLS_E_ASN1_DER_ERROR;
	}
	if (total > 0) {
		o = tlv_write(buf, 0x30, body, o);
		out->data = buf;
		out->size = (unsigned)o;
	} else
		gnutls_free(buf);
	return 0;
}

/* The value of A's part TAG ([0] permitted, [1] excluded): *AT, *LEN
 * (0 when it has none). 0, or -1 when A is not DER. */
static int part_of(const gnutls_datum_t *a, unsigned char tag,
		   const unsigned char **at, size_t *len)
{
	struct tlv outer, part;
	size_t o = 0;

	*at = NULL;
	*len = 0;
	if (a->size == 0)
		return 0;
	if (tlv_read(a->data, a->size, &outer) < 0 || outer.at[0] != 0x30)
		return -1;
	while (o < outer.len) {
		if (tlv_read(outer.at + outer.head + o, outer.len - o, &part) <
		    0)
			return -1;
		if (part.at[0] == tag) {
			*at = part.at + part.head;
			*len = part.len;
		}
		o += part.head + part.len;
	}
	return 0;
}

int cd_der_constraints_join(const gnutls_datum_t *a, const gnutls_datum_t *b,
			    gnutls_datum_t *out)
{
	const unsigned char *pa, *pb;
	size_t la, lb, o = 0;
	unsigned char *buf, *body, *scratch, tag;
	size_t size = (size_t)a->size + b->size + 32;

	out->data = NULL;
	out->size = 0;
	buf = gnutls_malloc(3 * size);
	if (buf == NULL)
		return GNUTLS_E_MEMORY_ERROR;
	body = buf + size;
	scratch = buf + 2 * size;
	for (tag = 0xa0; tag <= 0xa1; tag++) {
		if (part_of(a, tag, &pa, &la) < 0 ||
		    part_of(b, tag, &pb, &lb) < 0) {
			gnutls_free(buf);
			return GNUTLS_E_ASN1_DER_ERROR;
		}
		if (la + lb == 0)
			continue;
		if (la > 0)
			memcpy(scratch, pa, la);
		if (lb > 0)
			memcpy(scratch + la, pb, lb);
		o += tlv_write(body + o, tag, scratch, la + lb);
	}
	out->size = (unsigned)tlv_write(buf, 0x30, body, o);
	out->data = buf;
	return 0;
}
