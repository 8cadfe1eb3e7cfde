/* certdeck: validators of certtool template values (one per kind of value).
 * Each returns NULL when VALUE is acceptable, else what is expected. */
#include <config.h>

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <gnutls/x509.h>

#include "i18n.h"
#include "profile-check.h"

static int parse_long(const char *value, long min, long max, long *out)
{
	char *end;
	long v;

	if (value == NULL || *value == '\0')
		return -1;
	errno = 0;
	v = strtol(value, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

int cd_check_long(const char *value, long *out)
{
	return parse_long(value, LONG_MIN, LONG_MAX, out);
}

const char *cd_check_days(const char *value)
{
	long v;

	if (parse_long(value, -1, 1000000, &v) < 0 || v == 0)
		return _("a number of days from 1 to 1000000, or -1 for no "
			 "well-defined expiration");
	return NULL;
}

const char *cd_check_path_len(const char *value)
{
	long v;

	if (parse_long(value, -1, INT_MAX, &v) < 0)
		return _("a number of intermediate CAs (0 or more; -1 for no "
			 "limit)");
	return NULL;
}

const char *cd_check_count(const char *value)
{
	long v;

	if (parse_long(value, 0, INT_MAX, &v) < 0)
		return _("a number, 0 or more");
	return NULL;
}

const char *cd_check_tls_feature(const char *value)
{
	long v;

	if (parse_long(value, 0, 65535, &v) < 0)
		return _("a TLS extension number (0 to 65535; 5 is "
			 "status_request)");
	return NULL;
}

const char *cd_check_country(const char *value)
{
	if (strlen(value) != 2 || !isalpha((unsigned char)value[0]) ||
	    !isalpha((unsigned char)value[1]))
		return _("a two-letter country code (ISO 3166), such as GR");
	return NULL;
}

static int has_space(const char *value)
{
	for (; *value; value++)
		if (isspace((unsigned char)*value) ||
		    iscntrl((unsigned char)*value))
			return 1;
	return 0;
}

const char *cd_check_dn(const char *value)
{
	gnutls_x509_crt_t crt;
	int ret;

	if (*value == '\0')
		return _("a non-empty value");
	if (gnutls_x509_crt_init(&crt) < 0)
		return NULL; /* said when it is set, if ever */
	ret = gnutls_x509_crt_set_dn(crt, value, NULL);
	gnutls_x509_crt_deinit(crt);
	return ret < 0 ? _("an RFC 4514 DN such as CN=Nik,O=Org,C=GR") : NULL;
}

const char *cd_check_nonempty(const char *value)
{
	if (*value == '\0')
		return _("a non-empty value");
	return NULL;
}

const char *cd_check_dns(const char *value)
{
	const char *p;

	if (*value == '\0' || has_space(value) || value[0] == '.' ||
	    strstr(value, "..") != NULL)
		return _("a DNS name such as www.example.com");
	for (p = value; *p; p++)
		if (strchr("/\\@:,;\"'()<>", *p) != NULL)
			return _("a DNS name such as www.example.com");
	return NULL;
}

/* Name constraints take a domain or nothing ('' excludes every name). */
const char *cd_check_nc_dns(const char *value)
{
	if (*value == '\0')
		return NULL;
	return cd_check_dns(value);
}

const char *cd_check_email(const char *value)
{
	const char *at = strchr(value, '@');

	if (at == NULL || at == value || at[1] == '\0' || has_space(value) ||
	    strchr(at + 1, '@') != NULL)
		return _("an e-mail address such as user@example.com");
	return NULL;
}

/* Constraints take an address or a domain (example.com or .example.com). */
const char *cd_check_nc_email(const char *value)
{
	if (strchr(value, '@') != NULL)
		return cd_check_email(value);
	if (*value == '\0' || has_space(value))
		return _("an e-mail address or a domain such as example.com");
	return NULL;
}

const char *cd_check_ip(const char *value)
{
	unsigned char buf[16];

	if (inet_pton(AF_INET, value, buf) == 1 ||
	    inet_pton(AF_INET6, value, buf) == 1)
		return NULL;
	return _(
	    "an IPv4 address (192.168.1.1) or an IPv6 address (2001:db8::1)");
}

const char *cd_check_cidr(const char *value)
{
	char addr[64];
	const char *slash = strchr(value, '/');
	unsigned char buf[16];
	long bits, max;

	if (slash == NULL || (size_t)(slash - value) >= sizeof(addr))
		goto bad;
	memcpy(addr, value, (size_t)(slash - value));
	addr[slash - value] = '\0';
	if (inet_pton(AF_INET, addr, buf) == 1)
		max = 32;
	else if (inet_pton(AF_INET6, addr, buf) == 1)
		max = 128;
	else
		goto bad;
	if (parse_long(slash + 1, 0, max, &bits) < 0)
		goto bad;
	return NULL;
bad:
	return _("an address range in CIDR notation, such as 192.168.5.0/24 "
		 "or fc00::/64");
}

const char *cd_check_uri(const char *value)
{
	const char *colon = strchr(value, ':');
	const char *p;

	if (colon == NULL || colon == value || has_space(value))
		goto bad;
	for (p = value; p < colon; p++)
		if (!isalnum((unsigned char)*p) && !strchr("+-.", *p))
			goto bad;
	return NULL;
bad:
	return _("a URI such as http://example.com/ca.crl");
}

/* An OID of LEN characters: two arcs at least, digits and dots. */
static int oid_is_valid(const char *value, size_t len)
{
	size_t i, arcs = 1, digits = 0;

	if (len == 0 || value[0] < '0' || value[0] > '2')
		return 0;
	for (i = 0; i < len; i++) {
		if (value[i] == '.') {
			if (digits == 0)
				return 0;
			arcs++;
			digits = 0;
		} else if (isdigit((unsigned char)value[i])) {
			if (digits == 1 && value[i - 1] == '0')
				return 0; /* no leading zeros */
			digits++;
		} else {
			return 0;
		}
	}
	return digits > 0 && arcs >= 2;
}

const char *cd_check_oid(const char *value)
{
	if (!oid_is_valid(value, strlen(value)))
		return _("an OID in dotted form, such as 1.3.6.1.5.5.7.3.1");
	return NULL;
}

static int hex_is_valid(const char *p, size_t len)
{
	size_t i;

	if (len == 0 || len % 2 != 0)
		return 0;
	for (i = 0; i < len; i++)
		if (!isxdigit((unsigned char)p[i]))
			return 0;
	return 1;
}

const char *cd_check_hex(const char *value)
{
	if (!hex_is_valid(value, strlen(value)))
		return _("an even number of hexadecimal digits");
	return NULL;
}

/* "OID value": certtool splits at the first space or tab. */
static const char *pair_value(const char *value, size_t *oid_len)
{
	const char *sep = value + strcspn(value, " \t");

	if (*sep == '\0')
		return NULL;
	*oid_len = (size_t)(sep - value);
	while (*sep == ' ' || *sep == '\t')
		sep++;
	return *sep ? sep : NULL;
}

const char *cd_check_oid_text(const char *value)
{
	size_t len;

	if (pair_value(value, &len) == NULL || !oid_is_valid(value, len))
		return _("an OID, a space, then the value (2.5.4.12 Dr.)");
	return NULL;
}

const char *cd_check_oid_hex(const char *value)
{
	size_t len;
	const char *v = pair_value(value, &len);

	if (v == NULL || !oid_is_valid(value, len) ||
	    !hex_is_valid(v, strlen(v)))
		return _("an OID, a space, then the DER value in hexadecimal");
	return NULL;
}

const char *cd_check_extension(const char *value)
{
	size_t len, hlen;
	const char *v = pair_value(value, &len);
	const char *close;

	if (v == NULL || !oid_is_valid(value, len))
		goto bad;
	if (strncmp(v, "octet_string(", 13) == 0) {
		v += 13;
		close = strchr(v, ')');
		if (close == NULL || close[1] != '\0')
			goto bad;
		hlen = (size_t)(close - v);
	} else {
		hlen = strlen(v);
	}
	if (hlen >= 2 && v[0] == '0' && v[1] == 'x') {
		v += 2;
		hlen -= 2;
	}
	if (!hex_is_valid(v, hlen))
		goto bad;
	return NULL;
bad:
	return _("an OID, a space, then the DER value in hexadecimal or "
		 "octet_string(HEX)");
}
