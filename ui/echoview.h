/* certdeck: the TLS echo test from the main screen: a server and a client
 * on the selected certificate, in two panes, with a line to type into,
 * a settings panel (echoform.c) and the lab scenarios. */
#ifndef UI_ECHOVIEW_H
#define UI_ECHOVIEW_H

#include "app.h"
#include "echo.h"

#define UI_ECHO_PATH 1024

/* What both ends run with. */
struct ui_echo_config {
	/* The server. */
	char server_label[256]; /* the certificate, as the list names it */
	char server_cert[UI_ECHO_PATH], server_key[UI_ECHO_PATH];
	char server_ca[UI_ECHO_PATH]; /* CAs of client certificates */
	enum cd_echo_client_cert client_cert_mode;
	unsigned port;	   /* 0: a free one */
	unsigned versions; /* CD_ECHO_TLS12 | CD_ECHO_TLS13; 0: both */
	int staple; /* staple the store's OCSP status of the certificate */
	char staple_signer[256]; /* who signs it: a delegated signer; "": CA */
	/* The client. */
	char peer_name[256];	  /* the name it checks */
	char trust[UI_ECHO_PATH]; /* the CA it trusts */
	char crl[UI_ECHO_PATH];	  /* the CRL it checks; "": none */
	char client_label[256];	  /* its certificate; "": none */
	char client_cert[UI_ECHO_PATH], client_key[UI_ECHO_PATH];
};

/* Main screen binding `e`: the echo test on the selected issued
 * certificate (issued/NAME.crt with private/NAME.key). */
int ui_act_echo(struct ui *ui);

/* The settings panel over C (the store's for the client certificates
 * and the default CA). Returns 1 when applied (C holds the new
 * settings, checked), 0 when backed out (C unchanged), -1 on a quit
 * signal. */
int ui_echo_settings(struct ui *ui, struct ui_echo_config *c);

/* Why the settings C cannot run, or NULL (a translated message in BUF). */
const char *ui_echo_config_check(const struct ui_echo_config *c, char *buf,
				 size_t size);

#endif
