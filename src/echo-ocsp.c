/* certdeck: OCSP stapling in the echo test (RFC 6066 status_request).
 *
 * The server staples a DER OCSPResponse about its certificate: a file,
 * checked once (about this certificate, current, signed by the CA), or
 * one the store's responder (src/ocsp.c) makes in-process and makes
 * again halfway to its nextUpdate. GnuTLS asks for it through a callback
 * only when a client sends status_request, so a server without stapling
 * has nothing more on its handshake path. The client checks what was
 * stapled as GnuTLS's own verification would (about the certificate,
 * signed by a trusted responder, current) and says what it said. */
#include <config.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gnutls/ocsp.h>

#include "echo-int.h"
#include "error.h"
#include "file.h"
#include "i18n.h"
#include "ocsp.h"
#include "revoke.h"
#include "textbuf.h"

/* A response without nextUpdate is taken as current for as long as
 * GnuTLS takes it (its MAX_OCSP_VALIDITY_SECS). */
#define OCSP_NO_NEXT_UPDATE_S (3 * 24 * 3600)
/* The store's response is made again this long before it is due at the
 * latest, when it has no nextUpdate. */
#define OCSP_REFRESH_DEFAULT_S 1800

/* ---- reading a response ---------------------------------------------- */

static void ocsp_clear(struct cd_echo_ocsp *o)
{
	free(o->responder);
	memset(o, 0, sizeof(*o));
	o->reason = -1;
	o->this_update = o->next_update = o->revocation_time = (time_t)-1;
	o->signature_ok = -1;
}

static char *responder_name(gnutls_ocsp_resp_const_t resp)
{
	gnutls_datum_t dn = {NULL, 0};
	char *s;

	if (gnutls_ocsp_resp_get_responder2(resp, &dn, 0) < 0 || !dn.data)
		return strdup("");
	s = strdup((const char *)dn.data);
	gnutls_free(dn.data);
	return s;
}

/* What RESP says about its first certificate. */
static int ocsp_describe(gnutls_ocsp_resp_const_t resp, struct cd_echo_ocsp *o)
{
	unsigned cert_status = 0, reason = 0;

	ocsp_clear(o);
	o->status = CD_ECHO_OCSP_INVALID;
	if (gnutls_ocsp_resp_get_status(resp) != GNUTLS_OCSP_RESP_SUCCESSFUL)
		return 0;
	if (gnutls_ocsp_resp_get_single(
		resp, 0, NULL, NULL, NULL, NULL, &cert_status, &o->this_update,
		&o->next_update, &o->revocation_time, &reason) < 0)
		return 0;
	o->status = cert_status == GNUTLS_OCSP_CERT_GOOD ? CD_ECHO_OCSP_GOOD
		    : cert_status == GNUTLS_OCSP_CERT_REVOKED
			? CD_ECHO_OCSP_REVOKED
			: CD_ECHO_OCSP_UNKNOWN;
	if (o->status == CD_ECHO_OCSP_REVOKED) {
		o->reason = (int)reason;
		o->reason_name = cd_reason_name((int)reason);
	}
	o->responder = responder_name(resp);
	return o->responder ? 0 : CD_E_NOMEM;
}

/* Until when is O current (thisUpdate past, nextUpdate not yet)? */
static time_t ocsp_due(const struct cd_echo_ocsp *o)
{
	if (o->next_update != (time_t)-1)
		return o->next_update;
	return o->this_update + OCSP_NO_NEXT_UPDATE_S;
}

static int ocsp_is_current(const struct cd_echo_ocsp *o, time_t now)
{
	return o->this_update != (time_t)-1 && o->this_update <= now + 60 &&
	       now < ocsp_due(o);
}

/* Is RESP signed by a trust anchor of TL, or by a signer one of them
 * delegated (with the OCSP signing key purpose)? Returns the problem,
 * or NULL when it is. */
static const char *signature_problem(gnutls_ocsp_resp_const_t resp,
				     gnutls_x509_trust_list_t tl)
{
	unsigned verify = 0;

	if (gnutls_ocsp_resp_verify(resp, tl, &verify, 0) < 0 ||
	    (verify & GNUTLS_OCSP_VERIFY_SIGNER_NOT_FOUND))
		return _("it is signed by none of the trusted CAs, nor by an "
			 "OCSP signer they issued");
	if (verify & (GNUTLS_OCSP_VERIFY_UNTRUSTED_SIGNER |
		      GNUTLS_OCSP_VERIFY_SIGNER_KEYUSAGE_ERROR))
		return _("its signer is not trusted: neither a trusted CA "
			 "nor a certificate it issued for OCSP signing");
	if (verify & (GNUTLS_OCSP_VERIFY_CERT_EXPIRED |
		      GNUTLS_OCSP_VERIFY_CERT_NOT_ACTIVATED))
		return _("its signer's certificate has expired or is not yet "
			 "valid");
	if (verify)
		return _("its signature does not verify");
	return NULL;
}

/* Judge O, read from RESP, for LEAF at NOW, checking its signature with
 * TL (not checked when NULL). Sets o->problem when it proves nothing. */
static void ocsp_judge(gnutls_ocsp_resp_const_t resp, gnutls_x509_crt_t leaf,
		       gnutls_x509_trust_list_t tl, time_t now,
		       struct cd_echo_ocsp *o)
{
	const char *sig = tl ? signature_problem(resp, tl) : NULL;

	o->matches = gnutls_ocsp_resp_check_crt(resp, 0, leaf) == 0;
	o->signature_ok = tl ? sig == NULL : -1;
	o->current = ocsp_is_current(o, now);
	o->problem = NULL;
	if (o->status == CD_ECHO_OCSP_INVALID)
		o->problem = _("it is not a successful OCSP response");
	else if (!o->matches)
		o->problem = _("it is about another certificate (its serial "
			       "number or issuer differ)");
	else if (sig)
		o->problem = sig;
	else if (o->this_update > now + 60)
		o->problem = _("its thisUpdate is in the future: check the "
			       "clocks");
	else if (!o->current)
		o->problem = _("it is stale: its nextUpdate has passed");
}

/* A DER (or PEM) OCSPResponse into RESP. */
static int ocsp_import(gnutls_ocsp_resp_t resp, const gnutls_datum_t *data)
{
	if (gnutls_ocsp_resp_import2(resp, data, GNUTLS_X509_FMT_DER) == 0)
		return 0;
	return gnutls_ocsp_resp_import2(resp, data, GNUTLS_X509_FMT_PEM);
}

/* ---- saying it --------------------------------------------------------- */

static void when(time_t t, char *out, size_t size)
{
	struct tm tm;

	if (t == (time_t)-1 || gmtime_r(&t, &tm) == NULL ||
	    strftime(out, size, "%Y-%m-%d %H:%M:%S UTC", &tm) == 0)
		/* L10N: an OCSP response without a nextUpdate */
		snprintf(out, size, "%s", _("(none)"));
}

static const char *status_word(const struct cd_echo_ocsp *o)
{
	static const char *const words[] = {
	    [CD_ECHO_OCSP_NONE] = N_("none"),
	    [CD_ECHO_OCSP_GOOD] = N_("good"),
	    [CD_ECHO_OCSP_REVOKED] = N_("revoked"),
	    [CD_ECHO_OCSP_UNKNOWN] = N_("unknown"),
	    [CD_ECHO_OCSP_INVALID] = N_("not successful"),
	};

	return _(words[o->status]);
}

static void ocsp_text(struct cd_textbuf *t, const struct cd_echo_ocsp *o,
		      const char *first)
{
	char a[40], b[40];

	cd_textbuf_printf(t, "%s: %s", first, status_word(o));
	if (o->status == CD_ECHO_OCSP_REVOKED) {
		when(o->revocation_time, a, sizeof(a));
		/* L10N: after "revoked": the CRLReason (keyCompromise...),
		   the date of the revocation. */
		cd_textbuf_printf(
		    t, _(" (%s) on %s"),
		    o->reason_name ? o->reason_name : "unspecified", a);
	}
	if (o->status == CD_ECHO_OCSP_INVALID)
		return;
	when(o->this_update, a, sizeof(a));
	when(o->next_update, b, sizeof(b));
	cd_textbuf_printf(t, _("\n  This update: %s; next update: %s"), a, b);
	cd_textbuf_printf(t, _("\n  Responder: %s; signature: %s"),
			  o->responder ? o->responder : "",
			  o->signature_ok < 0 ? _("not checked (no CA)")
			  : o->signature_ok   ? _("verified")
					      : _("NOT verified"));
}

static void ocsp_emit(const struct cd_echo_ocsp *o, const char *first,
		      enum cd_echo_side side, unsigned long conn,
		      cd_echo_event_fn fn, void *arg)
{
	struct cd_echo_event ev = {.kind = CD_ECHO_OCSP};
	struct cd_textbuf t;
	gnutls_datum_t text = {NULL, 0};

	cd_textbuf_init(&t);
	if (o->status == CD_ECHO_OCSP_NONE)
		cd_textbuf_puts(&t, first);
	else
		ocsp_text(&t, o, first);
	if (o->problem)
		cd_textbuf_printf(&t, _("\n  Not a proof of status: %s"),
				  o->problem);
	if (cd_textbuf_finish(&t, &text) < 0)
		return;
	ev.ocsp = o;
	echo_emit(&ev, side, conn, (const char *)text.data, fn, arg);
	gnutls_free(text.data);
}

/* ---- the server -------------------------------------------------------- */

struct echo_staple {
	struct cd_ctx ctx; /* for the responder, under LOCK */
	pthread_mutex_t lock;
	struct cd_ocsp_responder *responder; /* NULL: from a file */
	gnutls_datum_t request;		     /* about LEAF, for the responder */
	gnutls_x509_crt_t leaf;
	gnutls_x509_trust_list_t trust; /* the CA, or NULL */
	gnutls_datum_t response;	/* what is stapled now */
	struct cd_echo_ocsp info;
	time_t refresh_at; /* the responder's: make it again from then */
	int stale_said;	   /* the note that stapling stopped was given */
	cd_echo_event_fn fn;
	void *arg;
};

static int staple_trust(struct cd_ctx *ctx, struct echo_staple *s,
			const char *ca)
{
	int ret = gnutls_x509_trust_list_init(&s->trust, 0);

	if (ret >= 0)
		ret = gnutls_x509_trust_list_add_trust_file(
		    s->trust, ca, NULL, GNUTLS_X509_FMT_PEM, 0, 0);
	if (ret == 0)
		ret = gnutls_x509_trust_list_add_trust_file(
		    s->trust, ca, NULL, GNUTLS_X509_FMT_DER, 0, 0);
	if (ret <= 0)
		return cd_error(ctx, CD_E_PARSE,
				_("%s: no CA certificate in it; expected the "
				  "certificate of the CA that issued the "
				  "server's"),
				ca);
	return 0;
}

/* Take RESP_DER as what is stapled, when it is acceptable. */
static int staple_take(struct cd_ctx *ctx, struct echo_staple *s,
		       gnutls_datum_t *der, const char *source)
{
	gnutls_ocsp_resp_t resp = NULL;
	struct cd_echo_ocsp o = {0};
	time_t now = cd_ctx_now(&s->ctx);
	int ret = gnutls_ocsp_resp_init(&resp);

	if (ret >= 0)
		ret = ocsp_import(resp, der);
	if (ret < 0) {
		ret = cd_gnutls_error(ctx, ret,
				      _("%s: not an OCSP response (DER, as "
					"openssl ocsp -respout writes it)"),
				      source);
		goto out;
	}
	ret = ocsp_describe(resp, &o);
	if (ret == 0)
		ocsp_judge(resp, s->leaf, s->trust, now, &o);
	if (ret == 0 && o.problem)
		/* L10N: the file (or "the store's responder"), what is wrong
		   with its OCSP response. */
		ret = cd_error(ctx, CD_E_INVALID,
			       _("%s: the OCSP response cannot be stapled: %s; "
				 "make a current one for this certificate "
				 "(certdeck serve --ocsp-staple-store, or "
				 "openssl ocsp -index ... -respout FILE)"),
			       source, o.problem);
	if (ret < 0)
		goto out;
	gnutls_free(s->response.data);
	s->response = *der;
	der->data = NULL;
	free(s->info.responder);
	s->info = o;
	o.responder = NULL;
	s->stale_said = 0;
	if (s->responder) {
		time_t due = ocsp_due(&s->info);

		s->refresh_at =
		    s->info.next_update != (time_t)-1
			? s->info.this_update + (due - s->info.this_update) / 2
			: s->info.this_update + OCSP_REFRESH_DEFAULT_S;
	}
out:
	free(o.responder);
	if (resp)
		gnutls_ocsp_resp_deinit(resp);
	return ret < 0 ? ret : 0;
}

/* Ask the store's responder about the server's certificate. */
static int staple_make(struct cd_ctx *ctx, struct echo_staple *s)
{
	gnutls_datum_t der = {NULL, 0};
	struct cd_ocsp_answer answer;
	int ret;

	ret = cd_ocsp_respond(&s->ctx, s->responder, s->request.data,
			      s->request.size, &der, &answer);
	if (ret < 0) {
		gnutls_free(der.data);
		return cd_error(ctx, ret, "%s", cd_ctx_message(&s->ctx));
	}
	ret = staple_take(ctx, s, &der, _("the store's OCSP responder"));
	gnutls_free(der.data);
	return ret;
}

static int staple_request(struct cd_ctx *ctx, struct echo_staple *s,
			  const char *ca)
{
	gnutls_x509_crt_t issuer = NULL;
	gnutls_ocsp_req_t req = NULL;
	int ret = cd_file_load_crt(ctx, ca, &issuer);

	if (ret < 0)
		return ret;
	ret = gnutls_ocsp_req_init(&req);
	if (ret >= 0)
		ret = gnutls_ocsp_req_add_cert(req, GNUTLS_DIG_SHA1, issuer,
					       s->leaf);
	if (ret >= 0)
		ret = gnutls_ocsp_req_export(req, &s->request);
	if (ret < 0)
		ret = cd_gnutls_error(ctx, ret,
				      _("cannot make the OCSP request for the "
					"server's certificate"));
	if (req)
		gnutls_ocsp_req_deinit(req);
	gnutls_x509_crt_deinit(issuer);
	return ret < 0 ? ret : 0;
}

static void staple_say(struct echo_staple *s, const char *what)
{
	ocsp_emit(&s->info, what, CD_ECHO_SERVER, 0, s->fn, s->arg);
}

/* Make the response again when it is due; 0 when there is one to
 * staple now. Under the lock. */
static int staple_fresh(struct echo_staple *s)
{
	time_t now = cd_ctx_now(&s->ctx);
	struct cd_ctx scratch;

	if (s->responder && now >= s->refresh_at) {
		memset(&scratch, 0, sizeof(scratch));
		scratch.has_fixed_time = s->ctx.has_fixed_time;
		scratch.fixed_time = s->ctx.fixed_time;
		if (staple_make(&scratch, s) == 0)
			staple_say(s, _("Stapling a new OCSP response"));
		else
			echo_note(CD_ECHO_SERVER, 0, s->fn, s->arg,
				  _("Cannot make a new OCSP response: %s"),
				  cd_ctx_message(&scratch));
	}
	if (s->response.data && now < ocsp_due(&s->info))
		return 0;
	if (!s->stale_said) {
		s->stale_said = 1;
		echo_note(CD_ECHO_SERVER, 0, s->fn, s->arg, "%s",
			  _("The stapled OCSP response is stale: no longer "
			    "stapled (make a new one and restart)"));
	}
	return -1;
}

/* GnuTLS asks for the response, for a client that sent status_request. */
static int staple_give(gnutls_session_t session, void *ptr, gnutls_datum_t *out)
{
	struct echo_staple *s = ptr;
	int ret = GNUTLS_E_NO_CERTIFICATE_STATUS;

	(void)session;
	pthread_mutex_lock(&s->lock);
	if (staple_fresh(s) == 0) {
		out->data = gnutls_malloc(s->response.size);
		if (out->data) {
			memcpy(out->data, s->response.data, s->response.size);
			out->size = s->response.size;
			ret = 0;
		}
	}
	pthread_mutex_unlock(&s->lock);
	return ret;
}

int echo_staple_new(struct cd_ctx *ctx, const struct cd_echo_server_params *p,
		    gnutls_certificate_credentials_t cred, cd_echo_event_fn fn,
		    void *arg, struct echo_staple **out)
{
	struct echo_staple *s;
	gnutls_datum_t der = {NULL, 0};
	int ret;

	*out = NULL;
	if (p->ocsp_responder && !p->ocsp_ca)
		return cd_error(ctx, CD_E_INVALID,
				_("to staple the store's OCSP status the "
				  "server needs the CA that issued its "
				  "certificate"));
	s = calloc(1, sizeof(*s));
	if (s == NULL)
		return cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	pthread_mutex_init(&s->lock, NULL);
	ocsp_clear(&s->info);
	s->responder = p->ocsp_responder;
	s->fn = fn;
	s->arg = arg;
	s->ctx.has_fixed_time = ctx->has_fixed_time;
	s->ctx.fixed_time = ctx->fixed_time;
	ret = cd_file_load_crt(ctx, p->cert, &s->leaf);
	if (ret == 0 && p->ocsp_ca)
		ret = staple_trust(ctx, s, p->ocsp_ca);
	if (ret == 0 && s->responder)
		ret = staple_request(ctx, s, p->ocsp_ca);
	if (ret == 0 && s->responder)
		ret = staple_make(ctx, s);
	else if (ret == 0) {
		ret = cd_file_read(ctx, p->ocsp_staple, 0, &der);
		if (ret == 0)
			ret = staple_take(ctx, s, &der, p->ocsp_staple);
		gnutls_free(der.data);
	}
	if (ret == 0) {
		ret = gnutls_certificate_set_ocsp_status_request_function2(
		    cred, 0, staple_give, s);
		if (ret < 0)
			ret = cd_gnutls_error(ctx, ret,
					      _("cannot set up OCSP stapling"));
	}
	if (ret < 0) {
		echo_staple_free(s);
		return ret;
	}
	*out = s;
	return 0;
}

void echo_staple_announce(struct echo_staple *s)
{
	pthread_mutex_lock(&s->lock);
	/* L10N: the server's log when it starts; then the status. */
	staple_say(s, _("Stapling an OCSP response"));
	pthread_mutex_unlock(&s->lock);
}

void echo_staple_free(struct echo_staple *s)
{
	if (s == NULL)
		return;
	if (s->leaf)
		gnutls_x509_crt_deinit(s->leaf);
	if (s->trust)
		gnutls_x509_trust_list_deinit(s->trust, 1);
	gnutls_free(s->request.data);
	gnutls_free(s->response.data);
	free(s->info.responder);
	pthread_mutex_destroy(&s->lock);
	free(s);
}

/* ---- the client -------------------------------------------------------- */

/* The CAs the client trusts (CA, else the system's), and the CA
 * certificates the server sent after its own (PEERS, already verified
 * as its chain): a delegated responder may be signed by either. */
static int client_trust(const char *ca, const gnutls_datum_t *peers,
			unsigned count, gnutls_x509_trust_list_t *out)
{
	unsigned i;
	int ret = gnutls_x509_trust_list_init(out, 0);

	if (ret < 0)
		return ret;
	if (ca == NULL)
		ret = gnutls_x509_trust_list_add_system_trust(*out, 0, 0);
	else if (gnutls_x509_trust_list_add_trust_file(
		     *out, ca, NULL, GNUTLS_X509_FMT_PEM, 0, 0) <= 0)
		ret = gnutls_x509_trust_list_add_trust_file(
		    *out, ca, NULL, GNUTLS_X509_FMT_DER, 0, 0);
	for (i = 1; ret >= 0 && i < count; i++) {
		gnutls_x509_crt_t crt;

		if (gnutls_x509_crt_init(&crt) < 0)
			break;
		if (gnutls_x509_crt_import(crt, &peers[i],
					   GNUTLS_X509_FMT_DER) < 0 ||
		    gnutls_x509_trust_list_add_cas(*out, &crt, 1, 0) != 1)
			gnutls_x509_crt_deinit(crt);
	}
	return 0;
}

/* Why O refuses the handshake under MODE (into WHY) and the alert that
 * says so, or 0. */
static int client_verdict(const struct cd_echo_ocsp *o,
			  enum cd_echo_ocsp_mode mode, char *why, size_t size)
{
	char date[40];

	if (o->status == CD_ECHO_OCSP_NONE) {
		if (mode != CD_ECHO_OCSP_REQUIRE)
			return 0;
		snprintf(why, size, "%s",
			 _("the server stapled no OCSP status, and one is "
			   "required (--require-ocsp)"));
		return GNUTLS_A_CERTIFICATE_UNOBTAINABLE;
	}
	/* as GnuTLS: a stapled response about another certificate proves
	 * nothing either way; a forged or stale one is refused */
	if (o->problem && (o->matches || mode == CD_ECHO_OCSP_REQUIRE)) {
		snprintf(why, size,
			 _("its stapled OCSP status is not valid: %s"),
			 o->problem);
		return GNUTLS_A_BAD_CERTIFICATE;
	}
	if (o->problem)
		return 0;
	if (o->status == CD_ECHO_OCSP_REVOKED) {
		when(o->revocation_time, date, sizeof(date));
		/* L10N: the CRLReason (keyCompromise...), the date */
		snprintf(why, size,
			 _("its stapled OCSP status says it is revoked (%s) "
			   "since %s"),
			 o->reason_name ? o->reason_name : "unspecified", date);
		return GNUTLS_A_CERTIFICATE_REVOKED;
	}
	if (o->status != CD_ECHO_OCSP_GOOD && mode == CD_ECHO_OCSP_REQUIRE) {
		snprintf(why, size,
			 _("its stapled OCSP status is %s, and a good one "
			   "is required (--require-ocsp)"),
			 status_word(o));
		return GNUTLS_A_BAD_CERTIFICATE;
	}
	return 0;
}

int echo_ocsp_check(gnutls_session_t session, const char *ca, time_t now,
		    enum cd_echo_ocsp_mode mode, char *why, size_t why_size,
		    cd_echo_event_fn fn, void *arg)
{
	gnutls_datum_t stapled = {NULL, 0};
	const gnutls_datum_t *peers;
	gnutls_x509_crt_t leaf = NULL;
	gnutls_x509_trust_list_t tl = NULL;
	gnutls_ocsp_resp_t resp = NULL;
	struct cd_echo_ocsp o = {0};
	unsigned count = 0;
	int ret;

	ocsp_clear(&o);
	why[0] = '\0';
	peers = gnutls_certificate_get_peers(session, &count);
	if (peers == NULL || count == 0)
		return 0; /* refused already: no certificate */
	if (gnutls_ocsp_status_request_get2(session, 0, &stapled) < 0) {
		ocsp_emit(&o, _("- No OCSP status was stapled"), CD_ECHO_CLIENT,
			  1, fn, arg);
		return client_verdict(&o, mode, why, why_size);
	}
	ret = gnutls_x509_crt_init(&leaf);
	if (ret >= 0)
		ret = gnutls_x509_crt_import(leaf, &peers[0],
					     GNUTLS_X509_FMT_DER);
	if (ret >= 0)
		ret = gnutls_ocsp_resp_init(&resp);
	if (ret >= 0 && ocsp_import(resp, &stapled) < 0) {
		o.status = CD_ECHO_OCSP_INVALID;
		o.problem = _("it cannot be read as an OCSP response");
		o.matches = 1;
	} else if (ret >= 0 && ocsp_describe(resp, &o) == 0 &&
		   client_trust(ca, peers, count, &tl) >= 0) {
		ocsp_judge(resp, leaf, tl, now, &o);
	}
	/* L10N: as gnutls-cli would say it; then the status */
	ocsp_emit(&o, _("- OCSP status (stapled)"), CD_ECHO_CLIENT, 1, fn, arg);
	ret = client_verdict(&o, mode, why, why_size);
	free(o.responder);
	if (tl)
		gnutls_x509_trust_list_deinit(tl, 1);
	if (resp)
		gnutls_ocsp_resp_deinit(resp);
	if (leaf)
		gnutls_x509_crt_deinit(leaf);
	return ret;
}
