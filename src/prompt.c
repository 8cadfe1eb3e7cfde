/* certdeck: certtool 3.7's interactive prompts, as tables. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "i18n.h"
#include "prompt.h"

#define P(label, keyword, kind, when)                                          \
	{                                                                      \
		label, NULL, keyword, kind, NULL, when, NULL                   \
	}
#define NO(label, keyword, when) P(label, keyword, CD_PROMPT_NO, when)
#define YES(label, keyword, when) P(label, keyword, CD_PROMPT_YES, when)
#define LIST(label, keyword, when) P(label, keyword, CD_PROMPT_LIST, when)

/* The distinguished name, "Just press enter to ignore a field". */
#define DN_PROMPTS                                                             \
	/* L10N: certtool's own prompts (certtool 3.7), the labels */          \
	/* of the TUI's forms: translate them; keep the colon. */              \
	P(N_("Country name (2 chars): "), "country", CD_PROMPT_TEXT, 0),       \
	    P(N_("State or province name: "), "state", CD_PROMPT_TEXT, 0),     \
	    P(N_("Locality name: "), "locality", CD_PROMPT_TEXT, 0),           \
	    P(N_("Organization name: "), "organization", CD_PROMPT_TEXT, 0),   \
	    P(N_("Organizational unit name: "), "unit", CD_PROMPT_TEXT, 0),    \
	    P(N_("Common name: "), "cn", CD_PROMPT_TEXT, 0),                   \
	    P(N_("UID: "), "uid", CD_PROMPT_TEXT, 0),                          \
	    LIST(N_("Enter the subject's domain component (DC): "), "dc", 0)

#define SERIAL_DAYS_PROMPTS                                                    \
	/* L10N: keep the examples 123 and 0xabcd as they are. */              \
	P(N_("Enter the certificate's serial number in decimal (123) or hex "  \
	     "(0xabcd): "),                                                    \
	  "serial", CD_PROMPT_SERIAL, 0),                                      \
	    P(N_("The certificate will expire in (days): "),                   \
	      "expiration_days", CD_PROMPT_NUMBER, 0)

#define CA_PROMPTS                                                             \
	/* L10N: a yes/no question: (y/N) means no unless y is typed, */       \
	/* (Y/n) yes unless n is typed. The forms take y, Y, o and O */        \
	/* for yes, n and N for no: French can write (o/N), (O/n). */          \
	NO(N_("Does the certificate belong to an authority? (y/N): "), "ca",   \
	   0),                                                                 \
	{                                                                      \
		/* L10N: keep -1 (the value for no constraint). */             \
		N_("Path length constraint (decimal, -1 for no "               \
		   "constraint): "),                                           \
		    NULL, "path_len", CD_PROMPT_NUMBER, "-1", CD_WHEN_CA, NULL \
	}

/* The extensions of a certificate (--generate-self-signed and
 * --generate-certificate ask the same). */
#define CERT_EXTENSION_PROMPTS                                                 \
	CA_PROMPTS,                                                            \
	    NO(N_("Is this a TLS web client certificate? (y/N): "),            \
	       "tls_www_client", 0),                                           \
	    NO(N_("Will the certificate be used for IPsec IKE operations? "    \
		  "(y/N): "),                                                  \
	       "ipsec_ike_key", 0),                                            \
	    NO(N_("Is this a TLS web server certificate? (y/N): "),            \
	       "tls_www_server", 0),                                           \
	    LIST(N_("Enter a dnsName of the subject of the certificate: "),    \
		 "dns_name", 0),                                               \
	    LIST(N_("Enter a URI of the subject of the certificate: "), "uri", \
		 0),                                                           \
	    LIST(N_("Enter the IP address of the subject of the "              \
		    "certificate: "),                                          \
		 "ip_address", 0),                                             \
	    LIST(N_("Enter the e-mail of the subject of the certificate: "),   \
		 "email", CD_WHEN_NOT_SERVER),                                 \
	    {N_("Will the certificate be used for signing (required for "      \
		"TLS)? (Y/n): "),                                              \
	     N_("Will the certificate be used for signing (DHE "               \
		"ciphersuites)? (Y/n): "),                                     \
	     "signing_key",                                                    \
	     CD_PROMPT_YES,                                                    \
	     NULL,                                                             \
	     CD_WHEN_RSA,                                                      \
	     NULL},                                                            \
	    {N_("Will the certificate be used for encryption (not required "   \
		"for TLS)? (Y/n): "),                                          \
	     N_("Will the certificate be used for encryption (RSA "            \
		"ciphersuites)? (Y/n): "),                                     \
	     "encryption_key",                                                 \
	     CD_PROMPT_YES,                                                    \
	     NULL,                                                             \
	     CD_WHEN_RSA | CD_WHEN_END_ENTITY_OR_SERVER,                       \
	     NULL},                                                            \
	    NO(N_("Will the certificate be used for data encryption? "         \
		  "(y/N): "),                                                  \
	       "data_encipherment", 0),                                        \
	    NO(N_("Will the certificate be used to sign OCSP requests? "       \
		  "(y/N): "),                                                  \
	       "ocsp_signing_key", 0),                                         \
	    NO(N_("Will the certificate be used to sign code? (y/N): "),       \
	       "code_signing_key", 0),                                         \
	    NO(N_("Will the certificate be used for time stamping? (y/N): "),  \
	       "time_stamping_key", 0),                                        \
	    NO(N_("Will the certificate be used for email protection? "        \
		  "(y/N): "),                                                  \
	       "email_protection_key", 0),                                     \
	    YES(N_("Will the certificate be used to sign other "               \
		   "certificates? (Y/n): "),                                   \
		"cert_signing_key", CD_WHEN_CA),                               \
	    NO(N_("Will the certificate be used to sign CRLs? (y/N): "),       \
	       "crl_signing_key", CD_WHEN_CA),                                 \
	    LIST(N_("Enter the URI of the CRL distribution point: "),          \
		 "crl_dist_points", 0)

static const struct cd_prompt selfsign_prompts[] = {
    DN_PROMPTS,
    {N_("E-mail: "), NULL, "pkcs9_email", CD_PROMPT_TEXT, NULL, 0,
     N_("This field should not be used in new certificates.")},
    SERIAL_DAYS_PROMPTS,
    CERT_EXTENSION_PROMPTS,
};

static const struct cd_prompt certificate_prompts[] = {
    SERIAL_DAYS_PROMPTS,
    NO(N_("Do you want to honour all the extensions from the request? "
	  "(y/N): "),
       "honor_crq_extensions", 0),
    CERT_EXTENSION_PROMPTS,
};

/* --generate-request asks the names first, and its extensions in another
 * order, with the TLS server's words for signing and encryption. */
static const struct cd_prompt request_prompts[] = {
    DN_PROMPTS,
    LIST(N_("Enter a dnsName of the subject of the certificate: "), "dns_name",
	 0),
    LIST(N_("Enter a URI of the subject of the certificate: "), "uri", 0),
    LIST(N_("Enter the IP address of the subject of the certificate: "),
	 "ip_address", 0),
    LIST(N_("Enter the e-mail of the subject of the certificate: "), "email",
	 0),
    P(N_("Enter a challenge password: "), "challenge_password",
      CD_PROMPT_PASSWORD, 0),
    CA_PROMPTS,
    YES(N_("Will the certificate be used for signing (DHE ciphersuites)? "
	   "(Y/n): "),
	"signing_key", CD_WHEN_RSA),
    YES(N_("Will the certificate be used for encryption (RSA ciphersuites)? "
	   "(Y/n): "),
	"encryption_key", CD_WHEN_RSA),
    NO(N_("Will the certificate be used to sign code? (y/N): "),
       "code_signing_key", 0),
    NO(N_("Will the certificate be used for time stamping? (y/N): "),
       "time_stamping_key", 0),
    NO(N_("Will the certificate be used for email protection? (y/N): "),
       "email_protection_key", 0),
    NO(N_("Will the certificate be used for IPsec IKE operations? (y/N): "),
       "ipsec_ike_key", 0),
    NO(N_("Will the certificate be used to sign OCSP requests? (y/N): "),
       "ocsp_signing_key", 0),
    YES(N_("Will the certificate be used to sign other certificates? "
	   "(Y/n): "),
	"cert_signing_key", CD_WHEN_CA),
    NO(N_("Will the certificate be used to sign CRLs? (y/N): "),
       "crl_signing_key", CD_WHEN_CA),
    NO(N_("Is this a TLS web client certificate? (y/N): "), "tls_www_client",
       0),
    NO(N_("Is this a TLS web server certificate? (y/N): "), "tls_www_server",
       0),
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const struct {
	const struct cd_prompt *prompts;
	size_t n;
} tables[CD_DIALOGS] = {
    [CD_DIALOG_SELFSIGN] = {selfsign_prompts, COUNT(selfsign_prompts)},
    [CD_DIALOG_REQUEST] = {request_prompts, COUNT(request_prompts)},
    [CD_DIALOG_CERTIFICATE] = {certificate_prompts, COUNT(certificate_prompts)},
};

const struct cd_prompt *cd_prompt_table(enum cd_prompt_dialog dialog, size_t *n)
{
	if ((unsigned)dialog >= CD_DIALOGS) {
		*n = 0;
		return NULL;
	}
	*n = tables[dialog].n;
	return tables[dialog].prompts;
}

int cd_prompt_applies(const struct cd_prompt *p,
		      const struct cd_prompt_state *state)
{
	if ((p->when & CD_WHEN_CA) && !state->ca)
		return 0;
	if ((p->when & CD_WHEN_RSA) && !state->rsa)
		return 0;
	if ((p->when & CD_WHEN_NOT_SERVER) && state->server)
		return 0;
	if ((p->when & CD_WHEN_END_ENTITY_OR_SERVER) && state->ca &&
	    !state->server)
		return 0;
	return 1;
}

const char *cd_prompt_label(const struct cd_prompt *p,
			    const struct cd_prompt_state *state)
{
	if (p->label_server && state->server)
		return _(p->label_server);
	return _(p->label);
}

const struct cd_keyword *cd_prompt_keyword(const struct cd_prompt *p)
{
	return cd_profile_keyword(p->keyword);
}

static int random_bytes(unsigned char *buf, size_t n)
{
	ssize_t got = getrandom(buf, n, 0);

	if (got == (ssize_t)n)
		return 0;
	return -1;
}

int cd_prompt_serial_random(char out[43])
{
	unsigned char raw[20];
	size_t i;

	if (random_bytes(raw, sizeof(raw)) < 0)
		return -1;
	raw[0] &= 0x7f;
	out[0] = '0';
	out[1] = 'x';
	for (i = 0; i < sizeof(raw); i++)
		snprintf(out + 2 + 2 * i, 3, "%02x", raw[i]);
	return 0;
}

const char *cd_params_value(const struct cd_cert_params *params,
			    const struct cd_keyword *kw, size_t i, char *buf,
			    size_t size)
{
	const void *field = (const char *)params + kw->offset;
	const struct cd_strlist *list = field;
	const struct cd_num *num = field;

	switch (kw->type) {
	case CD_KW_TEXT:
		return i == 0 ? *(char *const *)field : NULL;
	case CD_KW_LIST:
		return i < list->n ? list->v[i] : NULL;
	case CD_KW_BOOL:
		return i == 0 && *(const int *)field ? "" : NULL;
	case CD_KW_NUM:
		if (i != 0 || !num->set)
			return NULL;
		snprintf(buf, size, "%ld", num->v);
		return buf;
	}
	return NULL;
}
