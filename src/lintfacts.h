/* certdeck: what a certificate or request says, read once for the lint
 * checks (internal to lint.c): its names, key, extensions and dates, read
 * the same way for both through GnuTLS's extension parsers. */
#ifndef CD_LINTFACTS_H
#define CD_LINTFACTS_H

#include <stddef.h>
#include <time.h>

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

struct cd_lint_strs {
	char **v;
	size_t n;
};

/* What a certificate or a request says, as the checks need it. */
struct cd_lint_facts {
	int is_request;
	char *cn;
	int bc_present, bc_critical;
	unsigned is_ca;
	int ku_present;
	unsigned usage;
	int eku_present;
	struct cd_lint_strs eku;
	struct cd_lint_strs dns, ip, email; /* ip as inet_ntop text */
	size_t n_san;			    /* names of every type */
	gnutls_pk_algorithm_t pk;
	unsigned bits;
	gnutls_ecc_curve_t curve;
	gnutls_sign_algorithm_t sign; /* GNUTLS_SIGN_UNKNOWN: not signed */
	int bad_signature;	      /* a request's self-signature fails */
	time_t not_before, not_after;
	unsigned char serial[64];
	size_t serial_size;
};

/* Where the facts come from: exactly one of crt and crq. */
struct cd_lint_source {
	gnutls_x509_crt_t crt;
	gnutls_x509_crq_t crq;
};

/* Read SRC into F (cd_lint_facts_free it, also on failure). Returns 0 or
 * CD_E_NOMEM. */
int cd_lint_facts_read(const struct cd_lint_source *src,
		       struct cd_lint_facts *f);
void cd_lint_facts_free(struct cd_lint_facts *f);

/* An IPv4 or IPv6 address in text: its octets (LEN 4 or 16). */
int cd_lint_parse_ip(const char *s, unsigned char out[16], unsigned *len);
int cd_lint_is_ip(const char *s);
/* A host name: labels of letters, digits, '-' (and a leading "*."), with
 * a dot, or "localhost". */
int cd_lint_is_dns_name(const char *s);
/* Is VALUE in S (case-insensitive); is the address VALUE among IPS? */
int cd_lint_strs_has(const struct cd_lint_strs *s, const char *value);
int cd_lint_has_ip(const struct cd_lint_strs *ips, const char *value);
int cd_lint_has_eku(const struct cd_lint_facts *f, const char *oid);
/* A TLS server certificate: serverAuth, or no purpose at all and not a CA.
 * A request looks like a server's when its CN is a host name or address. */
int cd_lint_is_server(const struct cd_lint_facts *f);
/* "TLS web server" for its OID (translated), else the OID. */
const char *cd_lint_purpose_name(const char *oid);

#endif
