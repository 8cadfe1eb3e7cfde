/* certdeck: the TLS echo test in split panes. The server runs on threads
 * of its own (cd_echo_server_start), the client on one thread of its own
 * (cd_echo_client_run, interactive); both report through callbacks that
 * add lines to the panes under a mutex, and the screen, waking every
 * 50 ms, draws them while the user types. */
#include <config.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cakey.h"
#include "dialog.h"
#include "echolab.h"
#include "file.h"
#include "echoview.h"
#include "error.h"
#include "i18n.h"
#include "key.h"
#include "ocsp.h"
#include "subscreen.h"
#include "uicurses.h"

#define KEY_ESC 27
#define CTRL(c) ((c)&0x1f)
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define WIDE 100 /* side by side from this many columns */

enum { PANE_SERVER, PANE_CLIENT, PANES };

struct echo_view {
	struct ui *ui;
	struct ui_echo_config cfg;
	/* The store's certificate the test was opened on (the lab's
	 * scenarios start from it). */
	char base_cert[UI_ECHO_PATH], base_key[UI_ECHO_PATH];
	char base_peer[256], base_label[256];
	const char *scenario; /* N_(): the lab scenario running, or NULL */
	const char *expect;   /* N_(): what it should show */
	/* The panes, written by the ends' threads: under LOCK. */
	pthread_mutex_t lock;
	struct ui_log panes[PANES];
	int dirty;
	/* The ends, each with a context of its own (threads). */
	struct cd_ctx srv_ctx, cli_ctx;
	struct cd_echo_server *srv;
	struct cd_ocsp_responder *responder; /* the server's staple */
	char store_ca[UI_ECHO_PATH];
	struct cd_echo_client *cli;
	pthread_t cli_thread;
	int cli_thread_running;
	int cli_done; /* atomic: cd_echo_client_run returned */
	char server_pw[256], client_pw[256];
	char server_pw_for[UI_ECHO_PATH], client_pw_for[UI_ECHO_PATH];
	struct cd_echolab *lab;
	char input[1024];
	char status[CD_MESSAGE_MAX];
	enum ui_role status_role;
};

/* ---- the panes ------------------------------------------------------ */

/* Say TEXT in pane WHICH, from the screen's thread. */
static void say(struct echo_view *v, int which, enum ui_role role,
		const char *text)
{
	pthread_mutex_lock(&v->lock);
	ui_log_add(&v->panes[which], role, text);
	__atomic_store_n(&v->dirty, 1, __ATOMIC_RELEASE);
	pthread_mutex_unlock(&v->lock);
}

static enum ui_role event_role(const struct cd_echo_event *ev)
{
	switch (ev->kind) {
	case CD_ECHO_FAILED:
		return UI_ERROR;
	case CD_ECHO_VERIFIED:
		return ev->verify && ev->verify->verified ? UI_GOOD : UI_ERROR;
	case CD_ECHO_HANDSHAKE:
		return UI_GOOD;
	case CD_ECHO_OCSP:
		if (ev->ocsp->status == CD_ECHO_OCSP_NONE)
			return UI_DIM;
		return ev->ocsp->status == CD_ECHO_OCSP_GOOD &&
			       !ev->ocsp->problem
			   ? UI_GOOD
			   : UI_ERROR;
	case CD_ECHO_NOTE:
	case CD_ECHO_CLOSED:
		return UI_DIM;
	default:
		return UI_NORMAL;
	}
}

/* The ends' callback, from their threads. */
static void on_event(void *arg, const struct cd_echo_event *ev)
{
	struct echo_view *v = arg;
	struct ui_log *p =
	    &v->panes[ev->side == CD_ECHO_SERVER ? PANE_SERVER : PANE_CLIENT];
	char hint[1024];

	pthread_mutex_lock(&v->lock);
	if (ev->text)
		ui_log_add(p, event_role(ev), ev->text);
	/* The hint, when the text left it out. */
	if (ev->kind == CD_ECHO_FAILED && ev->hint &&
	    (ev->text == NULL || strstr(ev->text, ev->hint) == NULL)) {
		snprintf(hint, sizeof(hint), _("Hint: %s"), ev->hint);
		ui_log_add(p, UI_EXPIRING, hint);
	}
	__atomic_store_n(&v->dirty, 1, __ATOMIC_RELEASE);
	pthread_mutex_unlock(&v->lock);
}

/* ---- the ends ------------------------------------------------------- */

/* The password of the key KEY when it is encrypted, asked once: PW
 * (remembered for FOR). Returns 0, or -1 when the user backed out. */
static int key_password(const char *key, char *pw, size_t size, char *for_key,
			size_t for_size)
{
	struct cd_ctx scratch;
	char label[UI_ECHO_PATH + 64];

	memset(&scratch, 0, sizeof(scratch));
	if (strcmp(for_key, key) == 0)
		return 0;
	cd_wipe(pw, size);
	for_key[0] = '\0';
	if (cd_echolab_key_is_encrypted(&scratch, key) != 1)
		return 0;
	snprintf(label, sizeof(label),
		 _("%s\nThis key is encrypted. Its password:"), key);
	if (ui_dialog_input(_("Password"), label, NULL, 1, NULL, NULL, pw,
			    size) < 0)
		return -1;
	snprintf(for_key, for_size, "%s", key);
	return 0;
}

static void client_stop(struct echo_view *v)
{
	if (v->cli)
		cd_echo_client_stop(v->cli);
	if (v->cli_thread_running)
		pthread_join(v->cli_thread, NULL);
	v->cli_thread_running = 0;
	if (v->cli)
		cd_echo_client_free(v->cli);
	v->cli = NULL;
}

static void server_stop(struct echo_view *v)
{
	if (v->srv)
		cd_echo_server_free(v->srv);
	v->srv = NULL;
	cd_ocsp_responder_free(v->responder);
	v->responder = NULL;
}

/* The store's OCSP responder, for the server to staple its status, signed
 * by the CA or the delegated signer the settings chose: its key's
 * password (or PIN) asked when it has one. Returns 0, or -1. */
static int staple_setup(struct echo_view *v, struct cd_echo_server_params *p)
{
	struct cd_ocsp_responder_params rp = {NULL, NULL, 3600};
	char password[256] = "";
	char *ca = cd_store_path(v->ui->store, "ca.crt");
	int ret;

	if (ca == NULL)
		return cd_error(&v->srv_ctx, CD_E_NOMEM, _("out of memory"));
	snprintf(v->store_ca, sizeof(v->store_ca), "%s", ca);
	free(ca);

	if (ui_ask_ocsp_signer_secret(v->ui, _("OCSP stapling"),
				      v->cfg.staple_signer, password,
				      sizeof(password)) < 0)
		return cd_error(&v->srv_ctx, CD_E_PASSWORD, "%s",
				_("no OCSP response without the signing "
				  "key's password"));
	rp.signer = v->cfg.staple_signer[0] ? v->cfg.staple_signer : NULL;
	rp.password = password[0] ? password : NULL;
	ret = cd_ocsp_responder_new(&v->srv_ctx, v->ui->store, &rp,
				    &v->responder);
	cd_wipe(password, sizeof(password));
	if (ret < 0)
		return ret;
	p->ocsp_responder = v->responder;
	p->ocsp_ca = v->store_ca;
	return 0;
}

static void *client_main(void *arg)
{
	struct echo_view *v = arg;
	int ret = cd_echo_client_run(v->cli);
	char line[CD_MESSAGE_MAX + 64];

	/* A failed handshake was told by its event, reason and hint. */
	if (ret == CD_E_VERIFY)
		snprintf(line, sizeof(line), "%s", _("The client stopped."));
	else if (ret < 0)
		snprintf(line, sizeof(line), _("The client stopped: %s"),
			 cd_ctx_message(&v->cli_ctx));
	else
		snprintf(line, sizeof(line), "%s",
			 _("The client closed its connection."));
	say(v, PANE_CLIENT, ret < 0 ? UI_ERROR : UI_DIM, line);
	__atomic_store_n(&v->cli_done, 1, __ATOMIC_RELEASE);
	return NULL;
}

static int server_start(struct echo_view *v)
{
	struct cd_echo_server_params p;
	const struct ui_echo_config *c = &v->cfg;
	char line[CD_MESSAGE_MAX + 64];
	int ret, staple_failed;

	if (key_password(c->server_key, v->server_pw, sizeof(v->server_pw),
			 v->server_pw_for, sizeof(v->server_pw_for)) < 0) {
		say(v, PANE_SERVER, UI_ERROR,
		    _("Not started: the key's password was not given."));
		return -1;
	}
	memset(&p, 0, sizeof(p));
	p.port = c->port;
	p.cert = c->server_cert;
	p.key = c->server_key;
	p.key_password = v->server_pw_for[0] ? v->server_pw : NULL;
	p.client_cert = c->client_cert_mode;
	p.ca = c->client_cert_mode != CD_ECHO_CLIENT_CERT_IGNORE ? c->server_ca
								 : NULL;
	/* The store's CRL (a scenario's) for client certificates too, as
	 * serve's --crl: a revoked one is refused. */
	p.crl = p.ca && c->crl[0] ? c->crl : NULL;
	p.versions = c->versions;
	p.workers = 1;
	p.report_data = 1;
	v->srv_ctx = v->ui->ctx;
	v->srv_ctx.log = NULL;
	ret = c->staple ? staple_setup(v, &p) : 0;
	staple_failed = ret < 0;
	if (ret == 0)
		ret = cd_echo_server_new(&v->srv_ctx, &p, on_event, v, &v->srv);
	if (ret == 0)
		ret = cd_echo_server_start(v->srv);
	if (ret < 0) {
		server_stop(v);
		snprintf(line, sizeof(line), _("The server did not start: %s"),
			 cd_ctx_message(&v->srv_ctx));
		say(v, PANE_SERVER, UI_ERROR, line);
		if (ret == CD_E_PASSWORD && !staple_failed)
			v->server_pw_for[0] = '\0'; /* ask again */
	}
	return ret;
}

static int client_start(struct echo_view *v)
{
	struct cd_echo_client_params p;
	const struct ui_echo_config *c = &v->cfg;
	char line[CD_MESSAGE_MAX + 64];
	int ret;

	if (v->srv == NULL) {
		say(v, PANE_CLIENT, UI_ERROR,
		    _("Not started: the server is not running (F2 to change "
		      "its settings, F6 to start both ends again)."));
		return -1;
	}
	if (c->client_label[0] &&
	    key_password(c->client_key, v->client_pw, sizeof(v->client_pw),
			 v->client_pw_for, sizeof(v->client_pw_for)) < 0) {
		say(v, PANE_CLIENT, UI_ERROR,
		    _("Not started: the key's password was not given."));
		return -1;
	}
	memset(&p, 0, sizeof(p));
	p.host = "127.0.0.1";
	p.port = cd_echo_server_port(v->srv);
	p.ca = c->trust;
	p.crl = c->crl[0] ? c->crl : NULL;
	if (c->client_label[0]) {
		p.cert = c->client_cert;
		p.key = c->client_key;
		p.key_password = v->client_pw_for[0] ? v->client_pw : NULL;
	}
	p.peer_name = c->peer_name;
	p.versions = c->versions;
	p.input_fd = -1;
	p.interactive = 1;
	p.report_data = 1;
	p.ocsp = CD_ECHO_OCSP_ASK; /* the stapled status, shown */
	v->cli_ctx = v->ui->ctx;
	v->cli_ctx.log = NULL;
	v->cli_done = 0;
	ret = cd_echo_client_new(&v->cli_ctx, &p, on_event, v, &v->cli);
	if (ret == 0 && pthread_create(&v->cli_thread, NULL, client_main, v))
		ret = cd_error(&v->cli_ctx, CD_E_NOMEM, _("out of memory"));
	if (ret == 0) {
		v->cli_thread_running = 1;
		return 0;
	}
	if (v->cli)
		cd_echo_client_free(v->cli);
	v->cli = NULL;
	snprintf(line, sizeof(line), _("The client did not start: %s"),
		 cd_ctx_message(&v->cli_ctx));
	say(v, PANE_CLIENT, UI_ERROR, line);
	if (ret == CD_E_PASSWORD)
		v->client_pw_for[0] = '\0';
	return ret;
}

/* A new connection: the client again, the server going on. 0, or -1
 * when the client did not start (its pane says why). */
static int restart_client(struct echo_view *v)
{
	client_stop(v);
	say(v, PANE_CLIENT, UI_DIM, "--");
	return client_start(v) < 0 ? -1 : 0;
}

/* Both ends again, with the panes cleared: 0, or -1 when the server did
 * not start (its pane says why; the client is then not started). */
static int restart_both(struct echo_view *v)
{
	size_t i;

	client_stop(v);
	server_stop(v);
	pthread_mutex_lock(&v->lock);
	for (i = 0; i < PANES; i++)
		ui_log_clear(&v->panes[i]);
	__atomic_store_n(&v->dirty, 1, __ATOMIC_RELEASE);
	pthread_mutex_unlock(&v->lock);
	if (v->scenario) {
		char line[512];

		snprintf(line, sizeof(line), _("Lab: %s"), _(v->scenario));
		for (i = 0; i < PANES; i++) {
			say(v, (int)i, UI_SECTION, line);
			say(v, (int)i, UI_DIM, _(v->expect));
		}
	}
	if (server_start(v) < 0)
		return -1;
	client_start(v);
	return 0;
}

/* ---- actions -------------------------------------------------------- */

/* The status line's word when the server did not start. */
#define SERVER_DOWN                                                            \
	N_("The server is not running: F2 changes its settings, F6 starts "    \
	   "both ends again.")

static void status(struct echo_view *v, enum ui_role role, const char *text)
{
	snprintf(v->status, sizeof(v->status), "%s", text);
	v->status_role = role;
}

static int act_send(void *view)
{
	struct echo_view *v = view;
	size_t len = strlen(v->input);

	if (v->srv == NULL) {
		status(v, UI_ERROR, _(SERVER_DOWN));
		return UI_KEY_STAY;
	}
	if (v->cli == NULL || __atomic_load_n(&v->cli_done, __ATOMIC_ACQUIRE)) {
		status(v, UI_ERROR,
		       _("The client is not connected: F5 connects again."));
		return UI_KEY_STAY;
	}
	v->input[len] = '\n';
	if (cd_echo_client_send(v->cli, v->input, len + 1) < 0)
		status(v, UI_ERROR, _("The line could not be sent."));
	else
		status(v, UI_NORMAL, "");
	memset(v->input, 0, sizeof(v->input));
	return UI_KEY_STAY;
}

static int act_restart_client(void *view)
{
	struct echo_view *v = view;

	if (restart_client(v) == 0)
		status(v, UI_NORMAL, _("The client connects again."));
	else
		status(v, UI_ERROR,
		       v->srv == NULL
			   ? _(SERVER_DOWN)
			   : _("The client did not start: its pane says why."));
	return UI_KEY_STAY;
}

static int act_restart_both(void *view)
{
	struct echo_view *v = view;

	if (restart_both(v) < 0)
		status(v, UI_ERROR,
		       _("The server did not start: its pane says why."));
	else
		status(v, UI_NORMAL,
		       _("The server and the client start again."));
	return UI_KEY_STAY;
}

static int act_settings(void *view)
{
	struct echo_view *v = view;
	int ret = ui_echo_settings(v->ui, &v->cfg);

	if (ret == 1) {
		v->scenario = NULL;
		if (restart_both(v) < 0)
			status(v, UI_ERROR,
			       _("Settings applied, but the server did not "
				 "start: its pane says why."));
		else
			status(v, UI_NORMAL,
			       _("Settings applied: both ends started again."));
	}
	return ret < 0 ? UI_KEY_CLOSE : UI_KEY_STAY;
}

struct lab_job {
	struct ui_job job;
	struct cd_ctx ctx;
	char *store_dir;
	struct cd_echolab *lab;
};

static int lab_work(struct ui_job *job)
{
	struct lab_job *j = (struct lab_job *)job;

	return cd_echolab_new(&j->ctx, j->store_dir, &j->lab);
}

static void lab_discard(struct ui_job *job)
{
	struct lab_job *j = (struct lab_job *)job;

	cd_echolab_free(j->lab);
	free(j->store_dir);
	free(j);
}

/* The lab's material, made once behind a spinner. */
static int lab_make(struct echo_view *v)
{
	struct lab_job *j;

	if (v->lab)
		return 0;
	j = calloc(1, sizeof(*j));
	if (j == NULL || (j->store_dir = strdup(v->ui->store_dir)) == NULL) {
		free(j);
		status(v, UI_ERROR, _("out of memory"));
		return -1;
	}
	j->ctx = v->ui->ctx;
	j->ctx.log = NULL;
	j->job.work = lab_work;
	j->job.discard = lab_discard;
	if (ui_dialog_progress(_("Lab"),
			       _("Making the lab's CA and certificates..."),
			       &j->job) < 0) {
		status(v, UI_DIM, _("Lab: abandoned."));
		return -1;
	}
	if (j->job.result < 0)
		status(v, UI_ERROR, cd_ctx_message(&j->ctx));
	v->lab = j->lab;
	j->lab = NULL;
	lab_discard(&j->job);
	return v->lab ? 0 : -1;
}

static void copy(char *dst, size_t size, const char *src)
{
	snprintf(dst, size, "%s", src ? src : "");
}

/* The settings of scenario S. */
static void lab_apply(struct echo_view *v, enum cd_echolab_scenario s)
{
	struct cd_echolab_base base;
	struct cd_echolab_setup set;
	struct ui_echo_config *c = &v->cfg;
	const char *dir = v->lab->dir;
	size_t dl = strlen(dir);

	base.store_dir = v->ui->store_dir;
	base.server_cert = v->base_cert;
	base.server_key = v->base_key;
	base.peer_name = v->base_peer;
	cd_echolab_setup(v->lab, s, &base, &set);
	copy(c->server_cert, sizeof(c->server_cert), set.server_cert);
	copy(c->server_key, sizeof(c->server_key), set.server_key);
	/* A lab file shows by its name in the lab, the store's by its own. */
	if (strncmp(set.server_cert, dir, dl) == 0)
		copy(c->server_label, sizeof(c->server_label),
		     set.server_cert + dl + 1);
	else
		copy(c->server_label, sizeof(c->server_label), v->base_label);
	c->client_cert_mode = set.client_cert;
	copy(c->server_ca, sizeof(c->server_ca),
	     set.server_ca ? set.server_ca : v->lab->store_ca);
	copy(c->trust, sizeof(c->trust), set.trust);
	copy(c->crl, sizeof(c->crl), set.crl);
	copy(c->peer_name, sizeof(c->peer_name), set.peer_name);
	copy(c->client_cert, sizeof(c->client_cert), set.client_cert_file);
	copy(c->client_key, sizeof(c->client_key), set.client_key);
	if (set.client_name)
		copy(c->client_label, sizeof(c->client_label), set.client_name);
	else if (set.client_cert_file)
		copy(c->client_label, sizeof(c->client_label),
		     set.client_cert_file + dl + 1);
	else
		c->client_label[0] = '\0';
	v->scenario = cd_echolab_title(s);
	v->expect = cd_echolab_expect(s);
}

static int act_lab(void *view)
{
	struct echo_view *v = view;
	const char *items[CD_ECHOLAB_SCENARIOS];
	char line[600];
	int pick;
	size_t i;

	for (i = 0; i < CD_ECHOLAB_SCENARIOS; i++)
		items[i] = _(cd_echolab_title(i));
	pick = ui_dialog_choose(_("Lab scenarios"),
				_("Set up and run a classic failure, or a "
				  "success:"),
				items, CD_ECHOLAB_SCENARIOS, 0);
	if (pick < 0 || lab_make(v) < 0)
		return ui_term_quit_requested() ? UI_KEY_CLOSE : UI_KEY_STAY;
	lab_apply(v, (enum cd_echolab_scenario)pick);
	restart_both(v);
	snprintf(line, sizeof(line), _("Lab: %s"), _(v->scenario));
	status(v, UI_NORMAL, line);
	return UI_KEY_STAY;
}

/* Both panes, by five lines. */
static int act_scroll_up(void *view)
{
	struct echo_view *v = view;
	size_t i;

	pthread_mutex_lock(&v->lock);
	for (i = 0; i < PANES; i++)
		ui_log_scroll_back(&v->panes[i], 5);
	pthread_mutex_unlock(&v->lock);
	return UI_KEY_STAY;
}

static int act_scroll_down(void *view)
{
	struct echo_view *v = view;
	size_t i;

	pthread_mutex_lock(&v->lock);
	for (i = 0; i < PANES; i++)
		ui_log_scroll_forward(&v->panes[i], 5);
	pthread_mutex_unlock(&v->lock);
	return UI_KEY_STAY;
}

static int act_help(void *view);

static const struct ui_key bindings[] = {
    /* L10N: the echo test's keys: the key's name as printed on the keyboard
       (Enter, Esc, PgUp: use the local names), a short word for the hint bar
       (keep it short: the bar holds all of them in 80 columns; NULL has none),
       and a line for the help screen. */
    {KEY_F(1), 0, N_("F1"), N_("Help"), N_("this help"), act_help},
    {KEY_F(2), 0, N_("F2"), N_("Settings"),
     N_("settings: port, name, CA, client certificate, TLS version"),
     act_settings},
    {KEY_F(3), 0, N_("F3"), N_("Lab"),
     N_("lab scenarios: the classic failures, and what works"), act_lab},
    {KEY_F(5), 0, N_("F5"), N_("Reconnect"),
     N_("restart the client: a new connection"), act_restart_client},
    {KEY_F(6), 0, N_("F6"), N_("Restart"),
     N_("restart the server and the client"), act_restart_both},
    {'\r', '\n', N_("Enter"), NULL,
     N_("send the line typed, with a newline; it comes back echoed"), act_send},
    {KEY_PPAGE, 0, N_("PgUp"), NULL, N_("scroll both panes back"),
     act_scroll_up},
    {KEY_NPAGE, 0, N_("PgDn"), NULL, N_("scroll both panes forward"),
     act_scroll_down},
    {CTRL('l'), 0, N_("Ctrl-L"), NULL, N_("redraw the screen"), ui_key_redraw},
    {KEY_ESC, 0, N_("Esc"), N_("Close"),
     N_("close the echo test (q too, when the line is empty)"), ui_key_close},
};

/* A key: a binding, else the line being typed. */
static int echo_key(struct echo_view *v, int key)
{
	size_t len = strlen(v->input);
	const struct ui_key *b;

	b = ui_key_find(bindings, ARRAY_SIZE(bindings),
			key == KEY_ENTER ? '\r' : key);
	if (b)
		return b->act(v);
	if (key == 'q' && len == 0)
		return UI_KEY_CLOSE;
	if (key == KEY_BACKSPACE || key == 127 || key == CTRL('h')) {
		while (len > 0 &&
		       ((unsigned char)v->input[len - 1] & 0xc0) == 0x80)
			len--;
		if (len > 0)
			len--;
		v->input[len] = '\0';
	} else if (key == CTRL('u'))
		memset(v->input, 0, sizeof(v->input));
	else if (key >= 0x20 && key < 0x100 && key != 0x7f &&
		 len + 2 < sizeof(v->input)) {
		v->input[len] = (char)key;
		v->input[len + 1] = '\0';
	}
	return UI_KEY_STAY;
}

static int act_help(void *view)
{
	(void)view;
	/* key names in a column of 11 (Entrée, Échap aligned) */
	return ui_key_help(_("Echo test: every key"), bindings,
			   ARRAY_SIZE(bindings), 11);
}

/* ---- drawing -------------------------------------------------------- */

struct rect {
	int y, x, h, w;
};

struct echo_layout {
	struct rect pane[PANES]; /* each with its heading line */
	int input_y, input_x, input_w;
	int wide;
};

static struct echo_layout layout_now(void)
{
	struct echo_layout l;
	int body = LINES - 3 > 4 ? LINES - 3 : 4; /* rows 1 .. LINES-3 */

	memset(&l, 0, sizeof(l));
	l.wide = COLS >= WIDE;
	if (l.wide) {
		int half = COLS / 2;

		l.pane[PANE_SERVER] = (struct rect){1, 0, body, half};
		l.pane[PANE_CLIENT] =
		    (struct rect){1, half + 1, body - 1, COLS - half - 1};
	} else {
		int top = (body - 1) / 2;

		l.pane[PANE_SERVER] = (struct rect){1, 0, top, COLS};
		l.pane[PANE_CLIENT] =
		    (struct rect){1 + top, 0, body - 1 - top, COLS};
	}
	l.input_y = LINES - 3;
	l.input_x = l.pane[PANE_CLIENT].x;
	l.input_w = l.pane[PANE_CLIENT].w;
	return l;
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

static void draw_pane(struct echo_view *v, int which, const struct rect *r)
{
	/* L10N: the titles of the echo test's two panes. */
	static const char *const titles[] = {N_("Server"), N_("Client")};
	char head[512];

	if (which == PANE_SERVER && v->srv)
		snprintf(head, sizeof(head), _(" Server  %s  %s"),
			 cd_echo_server_address(v->srv), v->cfg.server_label);
	else if (which == PANE_CLIENT)
		snprintf(head, sizeof(head), _(" Client  checks %s, trusts %s"),
			 v->cfg.peer_name, base_name(v->cfg.trust));
	else
		snprintf(head, sizeof(head), " %s", _(titles[which]));
	attrset(ui_attr(UI_SECTION) | A_REVERSE);
	ui_fill(r->y, r->x, r->w);
	ui_put(r->y, r->x, r->w, head);
	attrset(A_NORMAL);
	ui_log_draw(&v->panes[which], r->y + 1, r->x + 1, r->h - 1, r->w - 2);
}

static void draw_input(struct echo_view *v, const struct echo_layout *l)
{
	const char *shown = v->input;
	int used;

	attrset(ui_attr(UI_HINT_KEY));
	used = ui_put(l->input_y, l->input_x, l->input_w, "> ");
	attrset(A_NORMAL);
	/* The end of a long line stays in sight. */
	while (ui_text_width(shown) > l->input_w - used - 1) {
		shown++;
		while (((unsigned char)*shown & 0xc0) == 0x80)
			shown++;
	}
	used +=
	    ui_put(l->input_y, l->input_x + used, l->input_w - used - 1, shown);
	move(l->input_y, l->input_x + used);
}

static void draw(struct echo_view *v)
{
	struct echo_layout l = layout_now();
	char title[800];
	int i;

	erase();
	/* The lab scenario shows in the panes and on the status line. */
	snprintf(title, sizeof(title), _(" Echo test: %s"),
		 v->cfg.server_label);
	ui_put_bar(0, UI_TITLE, title);
	pthread_mutex_lock(&v->lock);
	for (i = 0; i < PANES; i++)
		draw_pane(v, i, &l.pane[i]);
	__atomic_store_n(&v->dirty, 0, __ATOMIC_RELEASE);
	pthread_mutex_unlock(&v->lock);
	attrset(ui_attr(UI_DIM));
	if (l.wide)
		mvvline(1, l.pane[PANE_CLIENT].x - 1, ACS_VLINE, LINES - 3);
	attrset(ui_attr(v->status_role));
	ui_put(LINES - 2, 0, COLS, v->status);
	ui_key_hints(bindings, ARRAY_SIZE(bindings), 1);
	draw_input(v, &l);
	curs_set(1);
	refresh();
}

/* ---- opening and closing -------------------------------------------- */

/* The selected issued certificate's files and name to check, into V. */
static int echo_open(struct ui *ui, struct echo_view *v)
{
	const struct ui_item *it = ui_current(ui);
	char rel[600], *crt, *key, *ca, *crl;
	struct ui_echo_config *c = &v->cfg;
	int ret = -1;

	if (ui->store == NULL || it == NULL || it->kind != UI_ITEM_ISSUED) {
		ui_say(ui, UI_ERROR, "%s",
		       _("the echo test runs on an issued certificate: select "
			 "one"));
		return -1;
	}
	if (it->name == NULL) {
		ui_say(ui, UI_ERROR, "%s",
		       _("the certificate's name is being read: try again in "
			 "a moment"));
		return -1;
	}
	snprintf(rel, sizeof(rel), "issued/%s.crt", it->name);
	crt = cd_store_path(ui->store, rel);
	snprintf(rel, sizeof(rel), "private/%s.key", it->name);
	key = cd_store_path(ui->store, rel);
	ca = cd_store_path(ui->store, "ca.crt");
	if (crt == NULL || key == NULL || ca == NULL)
		ui_say(ui, UI_ERROR, "%s", _("out of memory"));
	else if (access(key, R_OK) < 0)
		ui_say(ui, UI_ERROR,
		       _("%s has no private key in the store (%s): the "
			 "server needs it"),
		       it->name, rel);
	else if (cd_echolab_peer_name(&ui->ctx, crt, c->peer_name,
				      sizeof(c->peer_name)) < 0)
		ui_say(ui, UI_ERROR, "%s", cd_ctx_message(&ui->ctx));
	else
		ret = 0;
	if (ret == 0) {
		copy(c->server_label, sizeof(c->server_label), it->name);
		copy(c->server_cert, sizeof(c->server_cert), crt);
		copy(c->server_key, sizeof(c->server_key), key);
		copy(c->server_ca, sizeof(c->server_ca), ca);
		copy(c->trust, sizeof(c->trust), ca);
		/* the store's CRL, when it has one, as serve and connect do */
		crl = cd_store_dir_crl(ui->store->dir);
		copy(c->crl, sizeof(c->crl), crl);
		free(crl);
		copy(v->base_cert, sizeof(v->base_cert), crt);
		copy(v->base_key, sizeof(v->base_key), key);
		copy(v->base_peer, sizeof(v->base_peer), c->peer_name);
		copy(v->base_label, sizeof(v->base_label), it->name);
	}
	free(crt);
	free(key);
	free(ca);
	return ret;
}

static void echo_close(struct echo_view *v)
{
	size_t i;

	client_stop(v);
	server_stop(v);
	cd_echolab_free(v->lab);
	for (i = 0; i < PANES; i++)
		ui_log_clear(&v->panes[i]);
	cd_wipe(v->server_pw, sizeof(v->server_pw));
	cd_wipe(v->client_pw, sizeof(v->client_pw));
	pthread_mutex_destroy(&v->lock);
}

int ui_act_echo(struct ui *ui)
{
	struct echo_view *v = calloc(1, sizeof(*v));
	int what = UI_KEY_STAY, key;

	if (v == NULL) {
		ui_say(ui, UI_ERROR, "%s", _("out of memory"));
		return UI_REDRAW;
	}
	v->ui = ui;
	pthread_mutex_init(&v->lock, NULL);
	if (echo_open(ui, v) < 0) {
		pthread_mutex_destroy(&v->lock);
		free(v);
		return UI_REDRAW;
	}
	restart_both(v);
	while (what != UI_KEY_CLOSE && !ui_term_quit_requested()) {
		draw(v);
		key = ui_key_wait(&v->dirty);
		if (key != ERR)
			what = echo_key(v, key);
	}
	curs_set(0);
	timeout(100);
	echo_close(v);
	free(v);
	if (ui_term_quit_requested())
		return UI_QUIT;
	ui_say(ui, UI_NORMAL, "%s", _("echo test closed: both ends stopped"));
	return UI_REDRAW;
}
