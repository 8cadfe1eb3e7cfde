/* certdeck: what the echo server and client share: priorities,
 * credentials, the peer's chain described and checked, the handshake
 * described, failures explained, and streams cut into lines. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <gnutls/abstract.h>

#include "echo-int.h"
#include "error.h"
#include "file.h"
#include "i18n.h"
#include "key.h"
#include "textbuf.h"

int64_t echo_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void echo_emit(struct cd_echo_event *ev, enum cd_echo_side side,
	       unsigned long conn, const char *text, cd_echo_event_fn fn,
	       void *arg)
{
	ev->side = side;
	ev->conn = conn;
	ev->text = text;
	fn(arg, ev);
}

/* Does PRIO enable TLS 1.2 or 1.3, the versions certdeck speaks? */
static int speaks_current(gnutls_priority_t prio)
{
	const unsigned *protocols;
	int i, n = gnutls_priority_protocol_list(prio, &protocols);

	for (i = 0; i < n; i++)
		if (protocols[i] == GNUTLS_TLS1_2 ||
		    protocols[i] == GNUTLS_TLS1_3)
			return 1;
	return 0;
}

/* Does PRIORITY, as given, enable only versions below TLS 1.2? (What is
 * left once they are taken out is then nothing.) */
static int only_old_versions(const char *priority)
{
	gnutls_priority_t prio;
	int old;

	if (gnutls_priority_init(&prio, priority, NULL) < 0)
		return 0;
	old = !speaks_current(prio);
	gnutls_priority_deinit(prio);
	return old;
}

int echo_priority_init(struct cd_ctx *ctx, const char *priority,
		       unsigned versions, gnutls_priority_t *out)
{
	static const char *const suffix[] = {
	    ":-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2", /* both */
	    ":-VERS-ALL:+VERS-TLS1.2",
	    ":-VERS-ALL:+VERS-TLS1.3",
	    ":-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2",
	};
	char text[1024];
	const char *err = NULL;
	int ret;

	/* A priority string of the user's keeps its versions, those below
	 * TLS 1.2 taken out: nothing older is ever spoken. */
	if (priority != NULL && versions == 0)
		snprintf(text, sizeof(text), "%s%s", priority,
			 ":-VERS-TLS1.1:-VERS-TLS1.0:-VERS-SSL3.0");
	else
		snprintf(text, sizeof(text), "%s%s",
			 priority ? priority : "NORMAL", suffix[versions & 3]);
	ret = gnutls_priority_init(out, text, &err);
	if (ret == GNUTLS_E_NO_PRIORITIES_WERE_SET && priority &&
	    versions == 0 && only_old_versions(priority))
		goto no_version;
	if (ret < 0) {
		/* said of the string given, without what was added to it:
		 * a fault in the part added is the whole string's */
		size_t given = strlen(priority ? priority : "NORMAL");
		size_t at = err && err >= text ? (size_t)(err - text) : given;

		if (at >= given)
			at = 0;
		return cd_error(ctx, CD_E_INVALID,
				/* L10N: the priority string given, where GnuTLS
				   stopped reading it, GnuTLS's reason; keep
				   NORMAL and SECURE256. */
				_("priority string \"%s\" is not valid near "
				  "\"%.*s\": %s; expected a GnuTLS priority "
				  "string such as NORMAL or SECURE256"),
				priority ? priority : "NORMAL",
				(int)(given - at), text + at,
				gnutls_strerror(ret));
	}
	if (speaks_current(*out))
		return 0;
	gnutls_priority_deinit(*out);
no_version:
	*out = NULL;
	return cd_error(ctx, CD_E_INVALID,
			_("priority string \"%s\" leaves no TLS version "
			  "certdeck speaks: TLS 1.2 and 1.3 only (nothing "
			  "older); expected a string such as NORMAL"),
			priority ? priority : "NORMAL");
}

int echo_load_cert_key(struct cd_ctx *ctx,
		       gnutls_certificate_credentials_t cred, const char *cert,
		       const char *key, const char *password,
		       time_t validity[2])
{
	gnutls_x509_crt_t *crts = NULL;
	gnutls_x509_privkey_t pk = NULL;
	unsigned count = 0;
	int ret;

	ret = cd_file_load_crts(ctx, cert, &crts, &count);
	if (ret < 0)
		return ret;
	ret = cd_key_load(ctx, key, password, &pk);
	if (ret < 0)
		goto out;
	if (validity) {
		validity[0] = gnutls_x509_crt_get_activation_time(crts[0]);
		validity[1] = gnutls_x509_crt_get_expiration_time(crts[0]);
	}
	ret = gnutls_certificate_set_x509_key(cred, crts, count, pk);
	if (ret == GNUTLS_E_CERTIFICATE_KEY_MISMATCH)
		ret = cd_error(ctx, CD_E_INVALID,
			       _("%s is not the key of the certificate in %s; "
				 "give the key the certificate was made for"),
			       key, cert);
	else if (ret < 0)
		ret = cd_gnutls_error(ctx, ret,
				      _("%s, %s: cannot use this certificate "
					"and key"),
				      cert, key);
out:
	if (pk)
		gnutls_x509_privkey_deinit(pk);
	cd_crt_list_free(crts, count);
	return ret < 0 ? ret : 0;
}

/* ---- the peer's certificates --------------------------------------- */

static char *dn_of(gnutls_x509_crt_t crt, int issuer)
{
	gnutls_datum_t dn = {NULL, 0};
	char *s;
	int ret = issuer ? gnutls_x509_crt_get_issuer_dn3(crt, &dn, 0)
			 : gnutls_x509_crt_get_dn3(crt, &dn, 0);

	if (ret < 0)
		return strdup("");
	s = strdup((const char *)dn.data);
	gnutls_free(dn.data);
	return s;
}

static char *serial_of(gnutls_x509_crt_t crt)
{
	unsigned char buf[64];
	size_t size = sizeof(buf), i;
	char *s;

	if (gnutls_x509_crt_get_serial(crt, buf, &size) < 0 || size == 0)
		return strdup("");
	s = malloc(3 * size);
	if (s == NULL)
		return NULL;
	for (i = 0; i < size; i++)
		snprintf(s + 3 * i, 4, i + 1 < size ? "%02x:" : "%02x", buf[i]);
	return s;
}

static char *key_of(gnutls_x509_crt_t crt)
{
	unsigned bits = 0;
	int algo = gnutls_x509_crt_get_pk_algorithm(crt, &bits);
	gnutls_ecc_curve_t curve = GNUTLS_ECC_CURVE_INVALID;
	const char *name =
	    algo < 0 ? "?" : gnutls_pk_get_name((gnutls_pk_algorithm_t)algo);
	char buf[96];

	if (algo == GNUTLS_PK_ECDSA &&
	    gnutls_x509_crt_get_pk_ecc_raw(crt, &curve, NULL, NULL) >= 0)
		snprintf(buf, sizeof(buf), "ECDSA %s (%u bits)",
			 gnutls_ecc_curve_get_name(curve), bits);
	else
		snprintf(buf, sizeof(buf), "%s (%u bits)", name ? name : "?",
			 bits);
	return strdup(buf);
}

static char *pin_of(gnutls_x509_crt_t crt)
{
	gnutls_pubkey_t pub = NULL;
	gnutls_datum_t der = {NULL, 0}, b64 = {NULL, 0}, digest;
	unsigned char sha[32];
	char *s = NULL;

	if (gnutls_pubkey_init(&pub) < 0)
		return NULL;
	if (gnutls_pubkey_import_x509(pub, crt, 0) < 0 ||
	    gnutls_pubkey_export2(pub, GNUTLS_X509_FMT_DER, &der) < 0 ||
	    gnutls_hash_fast(GNUTLS_DIG_SHA256, der.data, der.size, sha) < 0)
		goto out;
	digest.data = sha;
	digest.size = sizeof(sha);
	if (gnutls_base64_encode2(&digest, &b64) < 0)
		goto out;
	s = malloc(b64.size + sizeof("pin-sha256:"));
	if (s)
		snprintf(s, b64.size + sizeof("pin-sha256:"), "pin-sha256:%.*s",
			 (int)b64.size, (const char *)b64.data);
out:
	gnutls_free(der.data);
	gnutls_free(b64.data);
	gnutls_pubkey_deinit(pub);
	return s;
}

void cd_echo_peer_cert_clear(struct cd_echo_peer_cert *c)
{
	free(c->subject);
	free(c->issuer);
	free(c->serial);
	free(c->key);
	free(c->signature_algorithm);
	free(c->pin_sha256);
	memset(c, 0, sizeof(*c));
}

static int describe_cert(gnutls_x509_crt_t crt, struct cd_echo_peer_cert *c)
{
	int sig = gnutls_x509_crt_get_signature_algorithm(crt);
	const char *sig_name =
	    sig < 0 ? NULL : gnutls_sign_get_name((gnutls_sign_algorithm_t)sig);

	c->subject = dn_of(crt, 0);
	c->issuer = dn_of(crt, 1);
	c->serial = serial_of(crt);
	c->key = key_of(crt);
	c->signature_algorithm = strdup(sig_name ? sig_name : "?");
	c->pin_sha256 = pin_of(crt);
	c->not_before = gnutls_x509_crt_get_activation_time(crt);
	c->not_after = gnutls_x509_crt_get_expiration_time(crt);
	if (!c->subject || !c->issuer || !c->serial || !c->key ||
	    !c->signature_algorithm || !c->pin_sha256) {
		cd_echo_peer_cert_clear(c);
		return CD_E_NOMEM;
	}
	return 0;
}

/* gnutls-cli's lines for the certificate list. */
static void certs_text(struct cd_textbuf *t, gnutls_x509_crt_t *crts,
		       unsigned count)
{
	unsigned i;

	cd_textbuf_printf(t, _("- Certificate type: X.509\n"));
	cd_textbuf_printf(t,
			  ngettext("- Got a certificate list of %u "
				   "certificate.",
				   "- Got a certificate list of %u "
				   "certificates.",
				   count),
			  count);
	for (i = 0; i < count; i++) {
		gnutls_datum_t line = {NULL, 0};

		cd_textbuf_printf(t, _("\n- Certificate[%u] info:\n"), i);
		if (gnutls_x509_crt_print(crts[i], GNUTLS_CRT_PRINT_ONELINE,
					  &line) >= 0)
			cd_textbuf_printf(t, " - %s", (const char *)line.data);
		gnutls_free(line.data);
	}
}

static void report_certs(gnutls_x509_crt_t *crts, unsigned count,
			 enum cd_echo_side side, unsigned long conn,
			 cd_echo_event_fn fn, void *arg)
{
	struct cd_echo_peer_cert *certs = calloc(count, sizeof(*certs));
	struct cd_echo_event ev = {.kind = CD_ECHO_PEER_CERTS};
	struct cd_textbuf t;
	gnutls_datum_t text = {NULL, 0};
	unsigned i, n = 0;

	if (certs == NULL)
		return;
	for (n = 0; n < count; n++)
		if (describe_cert(crts[n], &certs[n]) < 0)
			break;
	cd_textbuf_init(&t);
	certs_text(&t, crts, count);
	if (cd_textbuf_finish(&t, &text) == 0) {
		ev.certs = certs;
		ev.cert_count = n;
		echo_emit(&ev, side, conn, (const char *)text.data, fn, arg);
	}
	gnutls_free(text.data);
	for (i = 0; i < n; i++)
		cd_echo_peer_cert_clear(&certs[i]);
	free(certs);
}

static void report_verified(const struct cd_verify_result *r,
			    enum cd_echo_side side, unsigned long conn,
			    cd_echo_event_fn fn, void *arg)
{
	struct cd_echo_event ev = {.kind = CD_ECHO_VERIFIED};
	struct cd_textbuf t;
	gnutls_datum_t status = {NULL, 0}, text = {NULL, 0};
	size_t i;

	cd_textbuf_init(&t);
	gnutls_certificate_verification_status_print(r->status, GNUTLS_CRT_X509,
						     &status, 0);
	cd_textbuf_printf(&t, _("- Status: %s"),
			  status.data ? (const char *)status.data : "");
	gnutls_free(status.data);
	for (i = 0; i < r->reason_count; i++)
		/* L10N: the reason's code (e.g. CD_VR_EXPIRED, keep it), the
		 * reason, the hint; one per line in the echo log. */
		cd_textbuf_printf(&t, _("\n- Reason (%s): %s\n  Hint: %s"),
				  cd_verify_reason_code(r->reasons[i].kind),
				  r->reasons[i].message, r->reasons[i].hint);
	if (cd_textbuf_finish(&t, &text) == 0) {
		ev.verify = r;
		echo_emit(&ev, side, conn, (const char *)text.data, fn, arg);
	}
	gnutls_free(text.data);
}

/* The verifier's hints name `certdeck verify`'s flags; these say what to
 * do in the echo test instead. */
static const struct {
	enum cd_verify_reason_kind kind;
	enum cd_echo_side side; /* the end that refused */
	const char *hint;	/* N_() */
} echo_hints[] = {
    {CD_VR_UNKNOWN_ISSUER, CD_ECHO_CLIENT,
     N_("trust the CA that issued the server's certificate: certdeck "
	"connect --ca FILE (gnutls-cli --x509cafile FILE, openssl s_client "
	"-CAfile FILE)")},
    {CD_VR_UNKNOWN_ISSUER, CD_ECHO_SERVER,
     N_("start the server with the CA that issued the client's "
	"certificate (certdeck serve --ca FILE), or give the client a "
	"certificate from this server's CA")},
    {CD_VR_EXPIRED, CD_ECHO_CLIENT,
     N_("the server's certificate has expired: renew it (certdeck renew "
	"NAME) and restart the server with it")},
    {CD_VR_EXPIRED, CD_ECHO_SERVER,
     N_("the client's certificate has expired: renew it (certdeck renew "
	"NAME)")},
    {CD_VR_NOT_YET_VALID, CD_ECHO_CLIENT,
     N_("check both machines' clocks: the certificate is valid only "
	"from the date shown")},
    {CD_VR_NOT_YET_VALID, CD_ECHO_SERVER,
     N_("check both machines' clocks: the certificate is valid only "
	"from the date shown")},
};

static void echo_rehint(struct cd_verify_result *r, enum cd_echo_side side)
{
	size_t i, j;

	for (i = 0; i < r->reason_count; i++)
		for (j = 0; j < sizeof(echo_hints) / sizeof(echo_hints[0]);
		     j++) {
			char *hint;

			if (echo_hints[j].kind != r->reasons[i].kind ||
			    echo_hints[j].side != side ||
			    (r->reasons[i].depth > 0 &&
			     r->reasons[i].kind != CD_VR_UNKNOWN_ISSUER))
				continue;
			hint = strdup(_(echo_hints[j].hint));
			if (hint == NULL)
				continue;
			free(r->reasons[i].hint);
			r->reasons[i].hint = hint;
		}
}

int echo_check_peer(struct cd_ctx *ctx, gnutls_session_t session,
		    struct cd_verifier *v, int none_ok, struct echo_peer *peer,
		    enum cd_echo_side side, unsigned long conn,
		    cd_echo_event_fn fn, void *arg)
{
	const gnutls_datum_t *der;
	gnutls_x509_crt_t *crts = NULL;
	unsigned count = 0, n = 0;
	int ret = -1;

	der = gnutls_certificate_get_peers(session, &count);
	if (der == NULL || count == 0)
		return none_ok ? 0 : -1;
	peer->had_certs = 1;
	crts = calloc(count, sizeof(*crts));
	if (crts == NULL)
		return -1;
	for (n = 0; n < count; n++)
		if (gnutls_x509_crt_init(&crts[n]) < 0 ||
		    gnutls_x509_crt_import(crts[n], &der[n],
					   GNUTLS_X509_FMT_DER) < 0) {
			if (crts[n])
				gnutls_x509_crt_deinit(crts[n]);
			break;
		}
	if (n == 0)
		goto out;
	if (fn)
		report_certs(crts, n, side, conn, fn, arg);
	echo_peer_clear(peer);
	peer->had_certs = 1;
	if (cd_verifier_check(ctx, v, crts, n, &peer->result) < 0)
		goto out;
	peer->checked = 1;
	echo_rehint(&peer->result, side);
	if (fn)
		report_verified(&peer->result, side, conn, fn, arg);
	ret = peer->result.verified ? 0 : -1;
out:
	cd_crt_list_free(crts, n);
	return ret;
}

void echo_peer_clear(struct echo_peer *peer)
{
	if (peer->checked)
		cd_verify_result_free(&peer->result);
	memset(peer, 0, sizeof(*peer));
}

gnutls_alert_description_t echo_refusal_alert(const struct echo_peer *peer)
{
	unsigned s = peer->checked ? peer->result.status : 0;

	if (!peer->had_certs)
		return GNUTLS_A_CERTIFICATE_REQUIRED;
	if (s & GNUTLS_CERT_REVOKED)
		return GNUTLS_A_CERTIFICATE_REVOKED;
	if (s & (GNUTLS_CERT_EXPIRED | GNUTLS_CERT_NOT_ACTIVATED))
		return GNUTLS_A_CERTIFICATE_EXPIRED;
	if (s & GNUTLS_CERT_SIGNER_NOT_FOUND)
		return GNUTLS_A_UNKNOWN_CA;
	return GNUTLS_A_BAD_CERTIFICATE;
}

/* ---- the handshake -------------------------------------------------- */

void echo_report_handshake(gnutls_session_t session, enum cd_echo_side side,
			   unsigned long conn, cd_echo_event_fn fn, void *arg)
{
	struct cd_echo_session info;
	struct cd_echo_event ev = {.kind = CD_ECHO_HANDSHAKE};
	gnutls_protocol_t version = gnutls_protocol_get_version(session);
	gnutls_group_t group = gnutls_group_get(session);
	struct cd_textbuf t;
	gnutls_datum_t text = {NULL, 0};
	unsigned count = 0;

	memset(&info, 0, sizeof(info));
	info.protocol = gnutls_protocol_get_name(version);
	info.group = group ? gnutls_group_get_name(group) : NULL;
	info.kx = version == GNUTLS_TLS1_3
		      ? (info.group ? info.group : "?")
		      : gnutls_kx_get_name(gnutls_kx_get(session));
	info.cipher = gnutls_cipher_get_name(gnutls_cipher_get(session));
	info.mac = gnutls_mac_get_name(gnutls_mac_get(session));
	info.description = gnutls_session_get_desc(session);
	info.resumed = gnutls_session_is_resumed(session) != 0;
	if (side == CD_ECHO_SERVER)
		info.client_certificate =
		    gnutls_certificate_get_peers(session, &count) != NULL &&
		    count > 0;
	else
		info.client_certificate =
		    gnutls_certificate_get_ours(session) != NULL;
	cd_textbuf_init(&t);
	cd_textbuf_printf(&t, _("- Description: %s\n"),
			  info.description ? info.description : "");
	cd_textbuf_printf(&t, _("- Version: %s\n"),
			  info.protocol ? info.protocol : "?");
	cd_textbuf_printf(&t, _("- Key Exchange: %s\n"),
			  info.kx ? info.kx : "?");
	if (info.group)
		cd_textbuf_printf(&t, _("- Group: %s\n"), info.group);
	cd_textbuf_printf(&t, _("- Cipher: %s\n"),
			  info.cipher ? info.cipher : "?");
	cd_textbuf_printf(&t, _("- MAC: %s\n"), info.mac ? info.mac : "?");
	cd_textbuf_printf(&t, _("- Session resumed: %s\n"),
			  /* L10N: the answers in the session description of the
			     echo log (Session resumed: yes). */
			  info.resumed ? _("yes") : _("no"));
	cd_textbuf_printf(&t, _("- Client certificate: %s\n"),
			  info.client_certificate ? _("yes") : _("no"));
	cd_textbuf_printf(&t, _("- Handshake was completed"));
	if (cd_textbuf_finish(&t, &text) == 0) {
		ev.session = &info;
		echo_emit(&ev, side, conn, (const char *)text.data, fn, arg);
	}
	gnutls_free(text.data);
	gnutls_free(info.description);
}

/* ---- failures, explained -------------------------------------------- */

struct alert_why {
	gnutls_alert_description_t alert;
	enum cd_echo_side side; /* the end that received the alert */
	const char *reason;	/* N_() */
	const char *hint;	/* N_() */
};

static const struct alert_why alert_whys[] = {
    {GNUTLS_A_UNKNOWN_CA, CD_ECHO_SERVER,
     N_("the client does not trust the CA that issued our certificate"),
     N_("give the client the certificate of the CA that signed the "
	"server's certificate (certdeck connect --ca ca.crt, gnutls-cli "
	"--x509cafile ca.crt)")},
    {GNUTLS_A_CERTIFICATE_EXPIRED, CD_ECHO_SERVER,
     N_("the client refused our certificate: it has expired or is not yet "
	"valid"),
     N_("issue a new certificate for the server and restart it with that "
	"one; check both clocks")},
    {GNUTLS_A_CERTIFICATE_REVOKED, CD_ECHO_SERVER,
     N_("the client refused our certificate: it is revoked"),
     N_("issue a new certificate for the server and restart it with that "
	"one")},
    {GNUTLS_A_BAD_CERTIFICATE, CD_ECHO_SERVER,
     N_("the client refused our certificate"),
     N_("the client's log says why; most often the name the client checks "
	"is not among the certificate's names (its subject alternative "
	"names), or the OCSP status stapled says the certificate is "
	"revoked")},
    {GNUTLS_A_UNKNOWN_CA, CD_ECHO_CLIENT,
     N_("the server does not trust the CA that issued our certificate"),
     N_("use a client certificate issued by the CA the server trusts "
	"(certdeck serve --ca)")},
    {GNUTLS_A_CERTIFICATE_EXPIRED, CD_ECHO_CLIENT,
     N_("the server refused our certificate: it has expired or is not yet "
	"valid"),
     N_("issue a new client certificate")},
    {GNUTLS_A_CERTIFICATE_REVOKED, CD_ECHO_CLIENT,
     N_("the server refused our certificate: it is revoked"),
     N_("issue a new client certificate")},
    {GNUTLS_A_BAD_CERTIFICATE, CD_ECHO_CLIENT,
     N_("the server refused our certificate"),
     N_("the server's log says why; a client certificate must be issued "
	"by a CA the server trusts and be made for client authentication "
	"(the client profile)")},
};

static int client_cert_missing(gnutls_session_t session, int sent_cert,
			       int alert)
{
	if (sent_cert)
		return 0;
	if (alert == GNUTLS_A_CERTIFICATE_REQUIRED)
		return 1;
	return (alert == GNUTLS_A_HANDSHAKE_FAILURE ||
		alert == GNUTLS_A_BAD_CERTIFICATE) &&
	       gnutls_certificate_client_get_request_status(session);
}

static void explain_alert(gnutls_session_t session, enum cd_echo_side side,
			  int sent_cert, char *reason, size_t rsize, char *hint,
			  size_t hsize)
{
	int alert = (int)gnutls_alert_get(session);
	const char *name =
	    gnutls_alert_get_name((gnutls_alert_description_t)alert);
	size_t i;

	if (name == NULL)
		name = "?";
	if (side == CD_ECHO_CLIENT && alert == GNUTLS_A_CERTIFICATE_REQUIRED &&
	    sent_cert) {
		snprintf(reason, rsize,
			 _("the server requires a client certificate from a "
			   "CA it trusts; ours is from another CA, so none "
			   "was sent (alert: %s)"),
			 name);
		snprintf(hint, hsize, "%s",
			 _("use a client certificate issued by the CA the "
			   "server trusts (its --ca)"));
		return;
	}
	if (side == CD_ECHO_CLIENT &&
	    client_cert_missing(session, sent_cert, alert)) {
		snprintf(reason, rsize,
			 _("the server requires a client certificate and we "
			   "sent none (alert: %s)"),
			 name);
		snprintf(hint, hsize, "%s",
			 _("this server uses mutual TLS: give a client "
			   "certificate and its key (certdeck connect --cert "
			   "FILE --key FILE) issued by a CA the server "
			   "trusts"));
		return;
	}
	for (i = 0; i < sizeof(alert_whys) / sizeof(alert_whys[0]); i++)
		if ((int)alert_whys[i].alert == alert &&
		    alert_whys[i].side == side) {
			/* L10N: a reason, then GnuTLS's name of the alert */
			snprintf(reason, rsize, _("%s (alert: %s)"),
				 _(alert_whys[i].reason), name);
			snprintf(hint, hsize, "%s", _(alert_whys[i].hint));
			return;
		}
	if (alert == GNUTLS_A_PROTOCOL_VERSION ||
	    alert == GNUTLS_A_HANDSHAKE_FAILURE ||
	    alert == GNUTLS_A_INSUFFICIENT_SECURITY) {
		snprintf(reason, rsize,
			 _("the peer found nothing in common with us: no TLS "
			   "version or cipher suite both accept (alert: %s)"),
			 name);
		snprintf(hint, hsize, "%s",
			 _("both ends must allow the same TLS version (1.2 "
			   "or 1.3: --tls1.2, --tls1.3) and priority"));
		return;
	}
	snprintf(reason, rsize, _("the peer ended the handshake (alert: %s)"),
		 name);
	hint[0] = '\0';
}

static void explain_refusal(const struct echo_peer *peer,
			    enum cd_echo_side side, char *reason, size_t rsize,
			    char *hint, size_t hsize)
{
	const struct cd_verify_result *r = &peer->result;

	if (!peer->had_certs) {
		snprintf(reason, rsize, "%s",
			 side == CD_ECHO_SERVER
			     ? _("the client sent no certificate, and this "
				 "server requires one (mutual TLS)")
			     : _("the server sent no certificate"));
		snprintf(hint, hsize, "%s",
			 side == CD_ECHO_SERVER
			     ? _("give the client a certificate and its key "
				 "(certdeck connect --cert FILE --key FILE, "
				 "gnutls-cli --x509certfile FILE "
				 "--x509keyfile FILE) issued by the CA this "
				 "server trusts")
			     : "");
		return;
	}
	if (peer->checked && r->reason_count > 0) {
		snprintf(reason, rsize,
			 side == CD_ECHO_SERVER
			     ? _("we refused the client's certificate: %s")
			     : _("we refused the server's certificate: %s"),
			 r->reasons[0].message);
		snprintf(hint, hsize, "%s", r->reasons[0].hint);
		return;
	}
	snprintf(reason, rsize, "%s",
		 side == CD_ECHO_SERVER
		     ? _("we refused the client's certificate")
		     : _("we refused the server's certificate"));
	hint[0] = '\0';
}

void echo_explain_failure(gnutls_session_t session, int gnutls_ret,
			  enum cd_echo_side side, const struct echo_peer *peer,
			  int sent_cert, char *reason, size_t rsize, char *hint,
			  size_t hsize)
{
	hint[0] = '\0';
	switch (gnutls_ret) {
	case GNUTLS_E_FATAL_ALERT_RECEIVED:
		explain_alert(session, side, sent_cert, reason, rsize, hint,
			      hsize);
		return;
	case GNUTLS_E_CERTIFICATE_VERIFICATION_ERROR:
	case GNUTLS_E_CERTIFICATE_ERROR:
	case GNUTLS_E_NO_CERTIFICATE_FOUND:
	case GNUTLS_E_CERTIFICATE_REQUIRED:
		explain_refusal(peer, side, reason, rsize, hint, hsize);
		return;
	case GNUTLS_E_UNEXPECTED_PACKET_LENGTH:
	case GNUTLS_E_UNEXPECTED_PACKET:
	case GNUTLS_E_UNEXPECTED_HANDSHAKE_PACKET:
	case GNUTLS_E_RECORD_OVERFLOW:
		snprintf(reason, rsize,
			 _("the peer does not speak TLS as expected: %s"),
			 gnutls_strerror(gnutls_ret));
		snprintf(hint, hsize, "%s",
			 side == CD_ECHO_SERVER
			     ? _("connect with a TLS client (certdeck connect, "
				 "gnutls-cli, openssl s_client), not a "
				 "plain-text or HTTP one")
			     : _("is a TLS server on that port? A plain-text "
				 "or HTTP server answers so: check the port, "
				 "and that the server uses TLS"));
		return;
	case GNUTLS_E_UNSUPPORTED_VERSION_PACKET:
		snprintf(reason, rsize,
			 _("the peer offered no TLS version we accept: %s"),
			 gnutls_strerror(gnutls_ret));
		snprintf(hint, hsize, "%s",
			 _("certdeck accepts TLS 1.2 and 1.3 only; both ends "
			   "must allow the same version"));
		return;
	case GNUTLS_E_NO_CIPHER_SUITES:
	case GNUTLS_E_INSUFFICIENT_CREDENTIALS:
	case GNUTLS_E_NO_COMMON_KEY_SHARE:
	case GNUTLS_E_UNKNOWN_CIPHER_SUITE:
		snprintf(reason, rsize,
			 _("no cipher suite in common with the peer: %s"),
			 gnutls_strerror(gnutls_ret));
		snprintf(hint, hsize, "%s",
			 _("compare the priority strings and TLS versions of "
			   "both ends"));
		return;
	case GNUTLS_E_PREMATURE_TERMINATION:
	case GNUTLS_E_PUSH_ERROR:
	case GNUTLS_E_PULL_ERROR:
		snprintf(reason, rsize,
			 _("the connection was cut during the handshake: %s"),
			 gnutls_strerror(gnutls_ret));
		return;
	default:
		snprintf(reason, rsize, "%s", gnutls_strerror(gnutls_ret));
	}
}

/* ---- events --------------------------------------------------------- */

void echo_note(enum cd_echo_side side, unsigned long conn, cd_echo_event_fn fn,
	       void *arg, const char *fmt, ...)
{
	struct cd_echo_event ev = {.kind = CD_ECHO_NOTE};
	char text[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	echo_emit(&ev, side, conn, text, fn, arg);
}

static void failed(enum cd_echo_side side, unsigned long conn,
		   cd_echo_event_fn fn, void *arg, const char *reason,
		   const char *hint, int gnutls_ret, int echo)
{
	struct cd_echo_event ev = {.kind = CD_ECHO_FAILED};
	char text[2048];

	if (hint && *hint)
		snprintf(text, sizeof(text),
			 echo ? _("Echo failed: %s\n  Hint: %s")
			      : _("Handshake failed: %s\n  Hint: %s"),
			 reason, hint);
	else
		snprintf(text, sizeof(text),
			 echo ? _("Echo failed: %s")
			      : _("Handshake failed: %s"),
			 reason);
	ev.reason = reason;
	ev.hint = hint && *hint ? hint : NULL;
	ev.gnutls_error = gnutls_ret;
	echo_emit(&ev, side, conn, text, fn, arg);
}

void echo_failed(enum cd_echo_side side, unsigned long conn,
		 cd_echo_event_fn fn, void *arg, const char *reason,
		 const char *hint, int gnutls_ret)
{
	failed(side, conn, fn, arg, reason, hint, gnutls_ret, 0);
}

void echo_failed_echo(enum cd_echo_side side, unsigned long conn,
		      cd_echo_event_fn fn, void *arg, const char *reason,
		      const char *hint)
{
	failed(side, conn, fn, arg, reason, hint, 0, 1);
}

void echo_closed(enum cd_echo_side side, unsigned long conn,
		 cd_echo_event_fn fn, void *arg, const char *reason)
{
	struct cd_echo_event ev = {.kind = CD_ECHO_CLOSED};
	char text[1024];

	snprintf(text, sizeof(text), _("Closed: %s"), reason);
	ev.reason = reason;
	echo_emit(&ev, side, conn, text, fn, arg);
}

/* ---- lines ---------------------------------------------------------- */

static void report_line(struct echo_lines *l, const unsigned char *data,
			size_t size, enum cd_echo_event_kind kind,
			enum cd_echo_side side, unsigned long conn,
			cd_echo_event_fn fn, void *arg)
{
	struct cd_echo_event ev = {.kind = kind};
	struct cd_textbuf t;
	gnutls_datum_t text = {NULL, 0};
	size_t shown = size, i;
	int utf8 = !cd_locale_is_8bit();

	if (l->limit && l->reported >= l->limit) {
		if (l->reported++ == l->limit)
			echo_note(side, conn, fn, arg, "%s",
				  _("(further lines are not shown)"));
		return;
	}
	l->reported++;
	while (shown > 0 &&
	       (data[shown - 1] == '\n' || data[shown - 1] == '\r'))
		shown--;
	cd_textbuf_init(&t);
	cd_textbuf_puts(&t, kind == CD_ECHO_SENT ? "> "
			    /* L10N: the prefix of a line the server echoes
			       back, in the server's log (the client's log says
			       what it received); keep it short. */
			    : side == CD_ECHO_SERVER ? _("echo: ")
						     : "< ");
	/* Printable ASCII and UTF-8 as they are; controls (C1 ones too)
	 * and bytes that are no UTF-8 as \xNN: a peer's bytes never drive
	 * the terminal. In an 8-bit locale its characters from 0xa0 up. */
	for (i = 0; i < shown && i < ECHO_LINE_SHOWN; i++) {
		size_t n = data[i] < 0x80 ? (data[i] >= 0x20 && data[i] < 0x7f)
			   : utf8 ? cd_utf8_char_len(&data[i], shown - i)
				  : data[i] >= 0xa0;

		if (n == 0 || i + n > ECHO_LINE_SHOWN) {
			cd_textbuf_printf(&t, "\\x%02x", data[i]);
			continue;
		}
		cd_textbuf_add(&t, &data[i], n);
		i += n - 1;
	}
	if (shown > ECHO_LINE_SHOWN)
		cd_textbuf_printf(&t, _("... (%zu bytes)"), size);
	cd_textbuf_sanitize(&t, 0);
	if (cd_textbuf_finish(&t, &text) < 0)
		return;
	ev.data = data;
	ev.size = size;
	echo_emit(&ev, side, conn, (const char *)text.data, fn, arg);
	gnutls_free(text.data);
}

int echo_lines_feed(struct echo_lines *l, const unsigned char *data,
		    size_t size, enum cd_echo_event_kind kind,
		    enum cd_echo_side side, unsigned long conn,
		    cd_echo_event_fn fn, void *arg)
{
	while (size > 0) {
		const unsigned char *nl = memchr(data, '\n', size);
		size_t take = nl ? (size_t)(nl - data) + 1 : size;

		if (take > l->max - l->len)
			take = l->max - l->len;
		if (l->len == 0 && (nl && take == (size_t)(nl - data) + 1)) {
			/* a whole line: report it from where it is */
			report_line(l, data, take, kind, side, conn, fn, arg);
		} else {
			if (l->buf == NULL) {
				l->buf = malloc(l->max);
				if (l->buf == NULL)
					return CD_E_NOMEM;
			}
			memcpy(l->buf + l->len, data, take);
			l->len += take;
			if (l->buf[l->len - 1] == '\n' || l->len == l->max) {
				report_line(l, l->buf, l->len, kind, side, conn,
					    fn, arg);
				l->len = 0;
			}
		}
		data += take;
		size -= take;
	}
	return 0;
}

void echo_lines_flush(struct echo_lines *l, enum cd_echo_event_kind kind,
		      enum cd_echo_side side, unsigned long conn,
		      cd_echo_event_fn fn, void *arg)
{
	if (l->len > 0)
		report_line(l, l->buf, l->len, kind, side, conn, fn, arg);
	free(l->buf);
	l->buf = NULL;
	l->len = 0;
}

/* ---- descriptors ---------------------------------------------------- */

int echo_set_nonblock(int fd)
{
	int flags = fcntl(fd, F_GETFL);

	return flags < 0 ? -1 : fcntl(fd, F_SETFL, flags | O_NONBLOCK);
}

int echo_pipe(struct cd_ctx *ctx, int fds[2])
{
	if (pipe(fds) < 0)
		return cd_error(ctx, CD_E_IO, _("cannot make a pipe: %s"),
				strerror(errno));
	if (echo_set_nonblock(fds[0]) < 0 || echo_set_nonblock(fds[1]) < 0 ||
	    fcntl(fds[0], F_SETFD, FD_CLOEXEC) < 0 ||
	    fcntl(fds[1], F_SETFD, FD_CLOEXEC) < 0) {
		close(fds[0]);
		close(fds[1]);
		return cd_error(ctx, CD_E_IO, _("cannot set up a pipe: %s"),
				strerror(errno));
	}
	return 0;
}
