/* certdeck: the store's OCSP responder in a pane. The backend serves from
 * a thread of its own (cd_ocsp_server_start) and reports each request
 * through a callback, which adds a line to the log under a mutex; the
 * screen, waking every 50 ms, draws it. Curses only on this thread. */
#include <config.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cakey.h"
#include "dialog.h"
#include "error.h"
#include "i18n.h"
#include "key.h"
#include "ocsp.h"
#include "ocspview.h"
#include "revoke.h"
#include "subscreen.h"
#include "uicurses.h"

#define KEY_ESC 27
#define CTRL(c) ((c)&0x1f)
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define DEFAULT_PORT "8080"

struct ocsp_view {
	struct ui *ui;
	/* The log, written by the server's thread: under LOCK. */
	pthread_mutex_t lock;
	struct ui_log log;
	unsigned long answered;
	int dirty;
	/* The server, with a context of its own (its thread). */
	struct cd_ctx srv_ctx;
	struct cd_ocsp_responder *responder;
	struct cd_ocsp_server *srv;
	char url[96];	  /* http://127.0.0.1:PORT */
	char signer[256]; /* the delegated signer's name; empty: the CA */
	char cert[600];	  /* the certificate the command checks */
	int cert_chosen;  /* CERT is the selection (not a placeholder) */
	char command[1024];
};

/* ---- the log -------------------------------------------------------- */

/* Add TEXT to the log. Call with the lock held. */
static void log_add(struct ocsp_view *v, enum ui_role role, const char *text)
{
	ui_log_add(&v->log, role, text);
	__atomic_store_n(&v->dirty, 1, __ATOMIC_RELEASE);
}

static void log_say(struct ocsp_view *v, enum ui_role role, const char *text)
{
	pthread_mutex_lock(&v->lock);
	log_add(v, role, text);
	pthread_mutex_unlock(&v->lock);
}

static enum ui_role status_role(const struct cd_ocsp_answer *a)
{
	if (a->response_status != 0)
		return UI_ERROR;
	switch (a->status) {
	case CD_OCSP_GOOD:
		return UI_GOOD;
	case CD_OCSP_REVOKED:
		return UI_REVOKED;
	default:
		return UI_EXPIRING;
	}
}

/* "serial 1A2B...: revoked (keyCompromise), nonce: yes". */
static void describe_answer(const struct cd_ocsp_answer *a, char *buf,
			    size_t size)
{
	char status[128], more[64] = "";

	if (a->status == CD_OCSP_REVOKED && a->reason >= 0)
		snprintf(status, sizeof(status), "%s (%s)",
			 cd_ocsp_status_name(a->status),
			 cd_reason_name(a->reason));
	else
		snprintf(status, sizeof(status), "%s",
			 cd_ocsp_status_name(a->status));
	if (a->count > 1)
		/* L10N: how many more certificates the request asked about */
		snprintf(more, sizeof(more), _(" (and %zu more)"),
			 a->count - 1);
	/* L10N: the serial, its status (good, revoked, unknown: OCSP's own
	   words, untranslated), more certificates asked about, then whether
	   the request carried a nonce (yes/no). */
	snprintf(buf, size, _("serial %s: %s%s, nonce: %s"), a->serial, status,
		 more, a->nonce ? _("yes") : _("no"));
}

/* The server's callback, from its thread. */
static void on_event(void *arg, const struct cd_ocsp_event *ev)
{
	struct ocsp_view *v = arg;
	const struct cd_ocsp_answer *a = ev->answer;
	char line[800], what[400], stamp[16] = "";
	time_t now = time(NULL);
	struct tm tm;
	enum ui_role role = UI_ERROR;

	if (localtime_r(&now, &tm))
		strftime(stamp, sizeof(stamp), "%H:%M:%S", &tm);
	if (ev->kind == CD_OCSP_ANSWERED && ev->error == 0 &&
	    a->response_status == 0) {
		describe_answer(a, what, sizeof(what));
		role = status_role(a);
		snprintf(line, sizeof(line), "%s %-4s %s", stamp, ev->method,
			 what);
	} else {
		snprintf(line, sizeof(line), "%s %s", stamp, ev->text);
	}
	pthread_mutex_lock(&v->lock);
	if (ev->kind == CD_OCSP_ANSWERED)
		v->answered++;
	log_add(v, role, line);
	pthread_mutex_unlock(&v->lock);
}

/* ---- starting and stopping ------------------------------------------ */

static const char *port_check(const char *value, void *arg)
{
	char *end;
	unsigned long n = strtoul(value, &end, 10);

	(void)arg;
	if (*value == '\0' || *end != '\0' || n > 65535)
		return _("a port number from 1 to 65535, or 0 for any free "
			 "port");
	return NULL;
}

/* The certificate the openssl command names: the selection when it is
 * an issued or revoked certificate, else a placeholder. */
static void choose_cert(struct ocsp_view *v)
{
	const struct ui_item *it = ui_current(v->ui);

	v->cert_chosen = 1;
	if (it && it->kind == UI_ITEM_ISSUED && it->name)
		snprintf(v->cert, sizeof(v->cert), "issued/%s.crt", it->name);
	else if (it && it->kind == UI_ITEM_REVOKED && it->rel)
		snprintf(v->cert, sizeof(v->cert), "%s", it->rel);
	else {
		v->cert_chosen = 0;
		snprintf(v->cert, sizeof(v->cert), "issued/NAME.crt");
	}
	/* a command line: not translated */
	snprintf(v->command, sizeof(v->command),
		 "openssl ocsp -issuer ca.crt -cert %s -url %s -resp_text",
		 v->cert, v->url);
}

/* Ask the port and the key's password (or PIN), load the responder and
 * start serving. 0, or -1 (said, or backed out of). */
static int ocsp_start(struct ocsp_view *v)
{
	struct ui *ui = v->ui;
	struct cd_ocsp_responder_params rp;
	struct cd_ocsp_server_params sp;
	char port[16], secret[256];
	int ret;

	if (ui_dialog_input(_("OCSP responder"),
			    _("Answer OCSP requests on 127.0.0.1, port (0: any "
			      "free port):"),
			    DEFAULT_PORT, 0, port_check, NULL, port,
			    sizeof(port)) < 0 ||
	    ui_choose_ocsp_signer(ui, _("OCSP responder"), v->signer,
				  sizeof(v->signer)) < 0 ||
	    ui_ask_ocsp_signer_secret(ui, _("OCSP responder"), v->signer,
				      secret, sizeof(secret)) < 0) {
		ui_say(ui, UI_NORMAL, "%s", _("no OCSP responder started"));
		return -1;
	}
	memset(&rp, 0, sizeof(rp));
	rp.signer = v->signer[0] ? v->signer : NULL;
	rp.password = secret[0] ? secret : NULL;
	ret = cd_ocsp_responder_new(&ui->ctx, ui->store, &rp, &v->responder);
	cd_wipe(secret, sizeof(secret));
	memset(&sp, 0, sizeof(sp));
	sp.port = (unsigned)strtoul(port, NULL, 10);
	v->srv_ctx = ui->ctx;
	v->srv_ctx.log = NULL;
	if (ret == 0)
		ret = cd_ocsp_server_new(&v->srv_ctx, &sp, v->responder,
					 on_event, v, &v->srv);
	if (ret == 0)
		ret = cd_ocsp_server_start(v->srv);
	if (ret < 0) {
		const struct cd_ctx *c = v->responder ? &v->srv_ctx : &ui->ctx;

		ui_dialog_message(_("No OCSP responder"), UI_ERROR,
				  cd_ctx_message(c));
		ui_say(ui, UI_ERROR, "%s", cd_ctx_message(c));
		return -1;
	}
	snprintf(v->url, sizeof(v->url), "http://%s",
		 cd_ocsp_server_address(v->srv));
	return 0;
}

static void ocsp_stop(struct ocsp_view *v)
{
	cd_ocsp_server_free(v->srv); /* stops and waits for its thread */
	v->srv = NULL;
	cd_ocsp_responder_free(v->responder);
	v->responder = NULL;
}

/* ---- keys ----------------------------------------------------------- */

static int act_scroll_up(void *view)
{
	struct ocsp_view *v = view;

	pthread_mutex_lock(&v->lock);
	ui_log_scroll_back(&v->log, 5);
	pthread_mutex_unlock(&v->lock);
	return UI_KEY_STAY;
}

static int act_scroll_down(void *view)
{
	struct ocsp_view *v = view;

	pthread_mutex_lock(&v->lock);
	ui_log_scroll_forward(&v->log, 5);
	pthread_mutex_unlock(&v->lock);
	return UI_KEY_STAY;
}

/* Asking the responder, on a thread (ui_dialog_progress). */
struct check_job {
	struct ui_job job; /* first: the dialog hands this back */
	struct cd_ctx ctx; /* the thread's own */
	char *issuer, *cert;
	unsigned port;
	struct cd_ocsp_check result;
};

static int check_work(struct ui_job *job)
{
	struct check_job *c = (struct check_job *)job;

	return cd_ocsp_ask(&c->ctx, "127.0.0.1", c->port, c->issuer, c->cert,
			   5000, &c->result);
}

static void check_discard(struct ui_job *job)
{
	struct check_job *c = (struct check_job *)job;

	free(c->issuer);
	free(c->cert);
	free(c);
}

/* "good", "revoked (keyCompromise) since DATE" or "unknown". */
static void check_status(const struct cd_ocsp_check *r, char *buf, size_t size)
{
	char when[64] = "", why[80] = "";
	struct tm tm;

	if (r->status != CD_OCSP_REVOKED) {
		snprintf(buf, size, "%s", cd_ocsp_status_name(r->status));
		return;
	}
	if (r->revoked_at != (time_t)-1 && gmtime_r(&r->revoked_at, &tm))
		strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S UTC", &tm);
	if (r->reason >= 0 && cd_reason_name(r->reason))
		snprintf(why, sizeof(why), " (%s)", cd_reason_name(r->reason));
	/* L10N: "revoked" (OCSP's word), the reason, the date */
	snprintf(buf, size, _("%s%s since %s"), cd_ocsp_status_name(r->status),
		 why, when);
}

static enum ui_role check_role(const struct cd_ocsp_check *r)
{
	if (!r->signature_ok || !r->nonce_ok)
		return UI_ERROR;
	if (r->status == CD_OCSP_GOOD)
		return UI_GOOD;
	return r->status == CD_OCSP_REVOKED ? UI_REVOKED : UI_EXPIRING;
}

static void check_report(struct ocsp_view *v, const struct check_job *c)
{
	char status[200], line[800];

	if (c->job.result < 0) {
		snprintf(line, sizeof(line), _("check %s: %s"), v->cert,
			 cd_ctx_message(&c->ctx));
		log_say(v, UI_ERROR, line);
		return;
	}
	check_status(&c->result, status, sizeof(status));
	/* L10N: the certificate, its status, what the signature and the
	   nonce gave */
	snprintf(line, sizeof(line), _("check %s: %s; %s; %s"), v->cert, status,
		 c->result.signature_ok
		     ? _("the response verifies against the CA")
		     : _("the response does NOT verify against the CA"),
		 c->result.nonce_ok ? _("nonce echoed")
				    : _("the nonce did not come back"));
	log_say(v, check_role(&c->result), line);
}

/* Ask the responder about the certificate of the command shown. */
static int act_check(void *view)
{
	struct ocsp_view *v = view;
	struct check_job *c;

	if (!v->cert_chosen) {
		log_say(v, UI_ERROR,
			_("no certificate to check: select an issued one on "
			  "the main screen before starting the responder"));
		return UI_KEY_STAY;
	}
	c = calloc(1, sizeof(*c));
	if (c == NULL) {
		log_say(v, UI_ERROR, _("out of memory"));
		return UI_KEY_STAY;
	}
	c->job.work = check_work;
	c->job.discard = check_discard;
	c->issuer = cd_store_path(v->ui->store, "ca.crt");
	c->cert = cd_store_path(v->ui->store, v->cert);
	c->ctx = v->ui->ctx;
	c->ctx.log = NULL;
	c->port = cd_ocsp_server_port(v->srv);
	if (c->issuer == NULL || c->cert == NULL) {
		check_discard(&c->job);
		log_say(v, UI_ERROR, _("out of memory"));
		return UI_KEY_STAY;
	}
	if (ui_dialog_progress(_("OCSP check"),
			       _("Asking the responder, as openssl ocsp "
				 "would..."),
			       &c->job) < 0)
		return UI_KEY_STAY; /* the thread frees it */
	check_report(v, c);
	check_discard(&c->job);
	return UI_KEY_STAY;
}

static int act_help(void *view);

static const struct ui_key bindings[] = {
    /* L10N: the OCSP responder's keys: the key's name as printed on the
       keyboard, a short word for the hint bar, and a line for the help. */
    {KEY_F(1), 0, N_("F1"), N_("Help"), N_("this help"), act_help},
    {'c', 0, N_("c"), N_("Check"),
     N_("ask the responder about the certificate, as the command shown "
	"does, and log what it said"),
     act_check},
    {KEY_PPAGE, 0, N_("PgUp"), NULL, N_("scroll the log back"), act_scroll_up},
    {KEY_NPAGE, 0, N_("PgDn"), NULL, N_("scroll the log forward"),
     act_scroll_down},
    {CTRL('l'), 0, N_("Ctrl-L"), NULL, N_("redraw the screen"), ui_key_redraw},
    {KEY_ESC, 'q', N_("Esc"), N_("Stop"),
     N_("stop the responder and go back (q too)"), ui_key_close},
};

static int ocsp_key(struct ocsp_view *v, int key)
{
	const struct ui_key *b =
	    ui_key_find(bindings, ARRAY_SIZE(bindings), key);

	return b ? b->act(v) : UI_KEY_STAY;
}

static int act_help(void *view)
{
	(void)view;
	return ui_key_help(_("OCSP responder: every key"), bindings,
			   ARRAY_SIZE(bindings), 9);
}

/* ---- drawing -------------------------------------------------------- */

/* The check at the bottom: the command, wrapped; its row count. */
static int check_rows(const struct ocsp_view *v)
{
	return 1 + ui_wrapped_lines(COLS - 2, v->command);
}

static void draw(struct ocsp_view *v)
{
	char line[1200];
	int check_y, log_h;

	erase();
	if (v->signer[0])
		/* L10N: the URL, then the delegated signer's name */
		snprintf(line, sizeof(line),
			 _(" OCSP responder: %s  (signed by %s)"), v->url,
			 v->signer);
	else
		snprintf(line, sizeof(line),
			 _(" OCSP responder: %s  (signed by the CA)"), v->url);
	ui_put_bar(0, UI_TITLE, line);
	attrset(ui_attr(UI_DIM));
	pthread_mutex_lock(&v->lock);
	/* L10N: the store's directory; the count of requests answered */
	snprintf(line, sizeof(line),
		 _("Answers from %s/index.txt, read at each request. "
		   "Requests answered: %lu"),
		 v->ui->store_dir, v->answered);
	ui_put_wrapped(1, 1, COLS - 2, 2, line);
	check_y = LINES - 1 - check_rows(v);
	log_h = check_y - 4;
	if (log_h > 0)
		ui_log_draw(&v->log, 3, 1, log_h, COLS - 2);
	__atomic_store_n(&v->dirty, 0, __ATOMIC_RELEASE);
	pthread_mutex_unlock(&v->lock);
	attrset(ui_attr(UI_SECTION));
	snprintf(line, sizeof(line),
		 _("Check a certificate from the store's directory:"));
	ui_put(check_y, 1, COLS - 2, line);
	attrset(A_NORMAL);
	ui_put_wrapped(check_y + 1, 1, COLS - 2, LINES - 2 - check_y,
		       v->command);
	ui_key_hints(bindings, ARRAY_SIZE(bindings), 0);
	refresh();
}

/* ---- the action ----------------------------------------------------- */

static void run(struct ocsp_view *v)
{
	int what = UI_KEY_STAY, key;

	while (what != UI_KEY_CLOSE && !ui_term_quit_requested()) {
		draw(v);
		key = ui_key_wait(&v->dirty);
		if (key != ERR)
			what = ocsp_key(v, key);
	}
	timeout(100);
}

/* The responder started: the pane until Esc, then stopped and said. */
static void ocsp_session(struct ocsp_view *v)
{
	char line[300];

	choose_cert(v);
	snprintf(line, sizeof(line), _("Listening on %s"), v->url);
	log_say(v, UI_GOOD, line);
	run(v);
	ocsp_stop(v); /* the server's thread is gone: the count is final */
	ui_say(v->ui, UI_NORMAL,
	       dngettext(CD_TEXTDOMAIN,
			 "OCSP responder stopped: %lu request answered",
			 "OCSP responder stopped: %lu requests answered",
			 v->answered),
	       v->answered);
}

int ui_act_ocsp(struct ui *ui)
{
	struct ocsp_view *v;

	if (ui->store == NULL || ui->store->ca_crt == NULL) {
		ui_say(ui, UI_ERROR, "%s",
		       _("the OCSP responder answers for a CA: this store has "
			 "none yet"));
		return UI_REDRAW;
	}
	v = calloc(1, sizeof(*v));
	if (v == NULL) {
		ui_say(ui, UI_ERROR, "%s", _("out of memory"));
		return UI_REDRAW;
	}
	v->ui = ui;
	pthread_mutex_init(&v->lock, NULL);
	if (ocsp_start(v) == 0)
		ocsp_session(v);
	ocsp_stop(v);
	ui_log_clear(&v->log);
	pthread_mutex_destroy(&v->lock);
	free(v);
	/* the store may have changed meanwhile (revoked from outside) */
	return ui_term_quit_requested() ? UI_QUIT : UI_RELOAD | UI_REDRAW;
}
