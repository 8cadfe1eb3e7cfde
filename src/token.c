/* certdeck: a CA key on a PKCS#11 token, through GnuTLS. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gnutls/crypto.h>
#include <gnutls/pkcs11.h>

#include "error.h"
#include "i18n.h"
#include "textbuf.h"
#include "token.h"

#define PIN_MAX 256
#define MODULES_MAX 4
#define TOKEN_ID_SIZE 20

/* The PIN while a key is being found and logged into: GnuTLS keeps the
 * callback's data with the key, so the data lives here (one CA key per
 * process) and the PIN is wiped as soon as the login is done. */
static struct {
	char pin[PIN_MAX];
	int given; /* a PIN is here */
	int asked; /* the token asked for it */
	int wrong; /* the token refused it */
} pin_state;

/* The modules loaded for a module-path attribute. */
static char *modules[MODULES_MAX];

static int pin_cb(void *userdata, int attempt, const char *token_url,
		  const char *token_label, unsigned flags, char *pin,
		  size_t pin_max)
{
	(void)userdata;
	(void)token_url;
	(void)token_label;
	pin_state.asked = 1;
	if (flags & GNUTLS_PIN_WRONG)
		pin_state.wrong = 1;
	/* One try only: a token locks itself after a few wrong PINs. */
	if (attempt > 0 || pin_state.wrong || !pin_state.given ||
	    strlen(pin_state.pin) >= pin_max)
		return -1;
	memcpy(pin, pin_state.pin, strlen(pin_state.pin) + 1);
	return 0;
}

static void pin_set(const char *pin)
{
	if (pin == NULL)
		pin = getenv("GNUTLS_PIN");
	memset(&pin_state, 0, sizeof(pin_state));
	if (pin != NULL && strlen(pin) < PIN_MAX) {
		memcpy(pin_state.pin, pin, strlen(pin) + 1);
		pin_state.given = 1;
	}
}

static void pin_wipe(void)
{
	gnutls_memset(pin_state.pin, 0, sizeof(pin_state.pin));
	pin_state.given = 0;
}

int cd_token_is_url(const char *s)
{
	return s != NULL && strncmp(s, "pkcs11:", 7) == 0;
}

int cd_token_pin_needed(void)
{
	return getenv("GNUTLS_PIN") == NULL;
}

/* The value of attribute NAME of URL (path attributes split by ';', query
 * ones by '&' after '?'), percent-decoded; NULL when absent. *NOMEM is
 * set when memory ran out. */
static char *url_attr(const char *url, const char *name, int *nomem)
{
	size_t n = strlen(name);
	const char *p = url + 7, *end;
	char *v, *o;

	while (*p) {
		end = p + strcspn(p, ";?&");
		if ((size_t)(end - p) > n && strncmp(p, name, n) == 0 &&
		    p[n] == '=')
			break;
		p = *end ? end + 1 : end;
	}
	if (!*p)
		return NULL;
	p += n + 1;
	if ((v = o = malloc(end - p + 1)) == NULL) {
		*nomem = 1;
		return NULL;
	}
	for (; p < end; p++) {
		if (*p == '%' && p + 2 < end + 1 && cd_hex_byte(p + 1) >= 0) {
			*o++ = (char)cd_hex_byte(p + 1);
			p += 2;
		} else
			*o++ = *p;
	}
	*o = '\0';
	return v;
}

/* Load the module a module-path attribute names, once; certdeck then
 * works with that module alone, whatever p11-kit's configuration. */
static int module_load(struct cd_ctx *ctx, const char *path)
{
	size_t i;
	int ret;

	for (i = 0; i < MODULES_MAX && modules[i]; i++)
		if (strcmp(modules[i], path) == 0)
			return 0;
	if (i == MODULES_MAX)
		return cd_error(ctx, CD_E_UNSUPPORTED,
				_("%s: too many PKCS #11 modules"), path);
	if (i == 0)
		gnutls_pkcs11_init(GNUTLS_PKCS11_FLAG_MANUAL, NULL);
	ret = gnutls_pkcs11_add_provider(path, NULL);
	if (ret < 0)
		return cd_gnutls_error(
		    ctx, ret, _("%s: cannot load the PKCS #11 module"), path);
	if ((modules[i] = strdup(path)) == NULL)
		return cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	return 0;
}

int cd_token_url_check(struct cd_ctx *ctx, const char *url)
{
	static const char *const secrets[] = {"pin-value", "pin-source"};
	char *v;
	size_t i;
	int nomem = 0, ret = 0;

	if (!cd_token_is_url(url))
		return cd_error(ctx, CD_E_INVALID,
				_("'%s' is not a PKCS #11 URL (pkcs11:...)"),
				url);
	for (i = 0; i < 2; i++) {
		v = url_attr(url, secrets[i], &nomem);
		free(v);
		if (v != NULL)
			return cd_error(
			    ctx, CD_E_INVALID,
			    _("the URL holds a PIN (%s): certdeck records the "
			      "URL, never the PIN; give the PIN with "
			      "--password-file, --password-fd, the prompt or "
			      "GNUTLS_PIN"),
			    secrets[i]);
	}
	v = url_attr(url, "module-path", &nomem);
	if (v != NULL)
		ret = module_load(ctx, v);
	free(v);
	if (nomem)
		ret = cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	return ret;
}

/* A GnuTLS failure to reach the key, said for people. */
static int token_error(struct cd_ctx *ctx, int ret, const char *url)
{
	if (pin_state.wrong)
		return cd_error(ctx, CD_E_PASSWORD,
				_("%s: wrong PIN: the token refused it"), url);
	if (pin_state.asked && !pin_state.given)
		return cd_error(ctx, CD_E_PASSWORD,
				_("%s: the token needs its PIN: give it with "
				  "--password-file, --password-fd, the prompt "
				  "or GNUTLS_PIN"),
				url);
	if (ret == GNUTLS_E_PKCS11_PIN_ERROR)
		return cd_error(ctx, CD_E_PASSWORD,
				_("%s: the token refused the PIN"), url);
	if (ret == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE ||
	    ret == GNUTLS_E_PKCS11_REQUESTED_OBJECT_NOT_AVAILBLE)
		return cd_error(ctx, CD_E_NOTFOUND,
				_("%s: no private key answers this URL on any "
				  "token (see p11tool --list-all-privkeys)"),
				url);
	return cd_gnutls_error(ctx, ret, _("%s: the token's key"), url);
}

/* The one private key URL names, as a complete URL: token serial,
 * model, manufacturer, id, label (logged in with the PIN of pin_state). */
static int url_find_key(struct cd_ctx *ctx, const char *url, char **out)
{
	gnutls_pkcs11_obj_t *objs = NULL;
	unsigned i, n = 0;
	int ret;

	gnutls_pkcs11_set_pin_function(pin_cb, NULL);
	ret = gnutls_pkcs11_obj_list_import_url4(
	    &objs, &n, url,
	    GNUTLS_PKCS11_OBJ_FLAG_PRIVKEY | GNUTLS_PKCS11_OBJ_FLAG_LOGIN);
	gnutls_pkcs11_set_pin_function(NULL, NULL);
	if (ret < 0)
		ret = token_error(ctx, ret, url);
	else if (n != 1)
		ret = cd_error(ctx, CD_E_INVALID,
			       _("%s: %u private keys answer this URL; name "
				 "one with id= or object= (p11tool "
				 "--list-privkeys --login shows them)"),
			       url, n);
	else if ((ret = gnutls_pkcs11_obj_export_url(
		      objs[0], GNUTLS_PKCS11_URL_GENERIC, out)) < 0)
		ret = cd_gnutls_error(ctx, ret, _("%s: the token's key"), url);
	for (i = 0; i < n; i++)
		gnutls_pkcs11_obj_deinit(objs[i]);
	gnutls_free(objs);
	return ret;
}

/* The key's complete URL, with the module-path of URL kept. */
static int full_url_of(struct cd_ctx *ctx, const char *url, char **out)
{
	const char *q = strchr(url, '?');
	char *u = NULL;
	int ret = url_find_key(ctx, url, &u);

	if (ret < 0)
		return ret;
	if (q == NULL || strchr(u, '?'))
		q = "";
	*out = malloc(strlen(u) + strlen(q) + 1);
	if (*out != NULL)
		sprintf(*out, "%s%s", u, q);
	gnutls_free(u);
	return *out ? 0 : cd_error(ctx, CD_E_NOMEM, _("out of memory"));
}

int cd_token_load_key(struct cd_ctx *ctx, const char *url, const char *pin,
		      gnutls_privkey_t *out, char **full_url)
{
	gnutls_privkey_t key = NULL;
	int ret = cd_token_url_check(ctx, url);

	*out = NULL;
	if (ret < 0)
		return ret;
	pin_set(pin);
	ret = gnutls_privkey_init(&key);
	if (ret == 0) {
		gnutls_privkey_set_pin_function(key, pin_cb, NULL);
		ret = gnutls_privkey_import_url(key, url, 0);
	}
	if (ret < 0)
		ret = token_error(ctx, ret, url);
	if (ret == 0 && full_url)
		ret = full_url_of(ctx, url, full_url);
	pin_wipe();
	if (ret < 0) {
		if (key)
			gnutls_privkey_deinit(key);
		return ret;
	}
	*out = key;
	return 0;
}

static unsigned generate_bits(const struct cd_key_params *spec)
{
	if (spec->pk == GNUTLS_PK_RSA)
		return spec->bits ? spec->bits : CD_KEY_DEFAULT_RSA_BITS;
	if (spec->pk == GNUTLS_PK_ECDSA)
		return GNUTLS_CURVE_TO_BITS(spec->curve !=
						    GNUTLS_ECC_CURVE_INVALID
						? spec->curve
						: GNUTLS_ECC_CURVE_SECP256R1);
	return 0;
}

static int generate(struct cd_ctx *ctx, const char *url, const char *label,
		    const struct cd_key_params *spec)
{
	unsigned char id[TOKEN_ID_SIZE];
	gnutls_datum_t cid = {id, sizeof(id)};
	int ret;

	ret = gnutls_rnd(GNUTLS_RND_NONCE, id, sizeof(id));
	gnutls_pkcs11_set_pin_function(pin_cb, NULL);
	if (ret == 0)
		ret = gnutls_pkcs11_privkey_generate3(
		    url, spec->pk, generate_bits(spec), label, &cid,
		    GNUTLS_X509_FMT_DER, NULL,
		    GNUTLS_KEY_DIGITAL_SIGNATURE | GNUTLS_KEY_KEY_CERT_SIGN |
			GNUTLS_KEY_CRL_SIGN,
		    GNUTLS_PKCS11_OBJ_FLAG_LOGIN |
			GNUTLS_PKCS11_OBJ_FLAG_MARK_PRIVATE |
			GNUTLS_PKCS11_OBJ_FLAG_MARK_SENSITIVE);
	gnutls_pkcs11_set_pin_function(NULL, NULL);
	if (ret < 0)
		return token_error(ctx, ret, url);
	return 0;
}

int cd_token_generate_key(struct cd_ctx *ctx, const char *url, const char *pin,
			  const struct cd_key_params *spec,
			  gnutls_privkey_t *out, char **full_url)
{
	char *label;
	int nomem = 0, ret;

	*out = NULL;
	ret = cd_key_params_check(ctx, spec);
	if (ret < 0)
		return ret;
	if (spec->pk != GNUTLS_PK_RSA && spec->pk != GNUTLS_PK_ECDSA)
		return cd_error(ctx, CD_E_UNSUPPORTED,
				_("a key on a token is RSA or ECDSA"));
	label = url_attr(url, "object", &nomem);
	if (label == NULL)
		return nomem ? cd_error(ctx, CD_E_NOMEM, _("out of memory"))
			     : cd_error(
				   ctx, CD_E_INVALID,
				   _("%s: name the new key with object=LABEL "
				     "in the URL"),
				   url);
	ret = cd_token_load_key(ctx, url, pin, out, NULL);
	if (ret == 0) {
		gnutls_privkey_deinit(*out);
		*out = NULL;
		ret = cd_error(ctx, CD_E_EXISTS,
			       _("%s: the token already holds this key; use it "
				 "without --generate-on-token"),
			       url);
	}
	if (ret == CD_E_NOTFOUND) {
		pin_set(pin);
		ret = generate(ctx, url, label, spec);
		pin_wipe();
	}
	if (ret == 0)
		ret = cd_token_load_key(ctx, url, pin, out, full_url);
	free(label);
	return ret;
}
