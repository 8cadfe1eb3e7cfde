/* certdeck: certtool 3.7's interactive prompts, as tables of descriptors.
 *
 * Each dialog of certtool (--generate-self-signed, --generate-request,
 * --generate-certificate) asks its questions in a fixed order; a table
 * here lists them in that order with certtool's own words, the template
 * keyword each answer fills (validated by that keyword's checker in
 * cd_profile_keywords, as a flag or a template line is), the kind of
 * answer, its default and when certtool asks it at all. The TUI's wizards
 * are built from these tables, and the same tables read a template into a
 * form and write a form's answers as a template. No curses, no GnuTLS. */
#ifndef CD_PROMPT_H
#define CD_PROMPT_H

#include <stddef.h>

#include "profile.h"

enum cd_prompt_kind {
	CD_PROMPT_TEXT,	    /* one line (CD_KW_TEXT) */
	CD_PROMPT_LIST,	    /* "Enter an additional ...": CD_KW_LIST */
	CD_PROMPT_NO,	    /* (y/N): CD_KW_BOOL, off unless answered y */
	CD_PROMPT_YES,	    /* (Y/n): CD_KW_BOOL, on unless answered n */
	CD_PROMPT_NUMBER,   /* CD_KW_NUM */
	CD_PROMPT_SERIAL,   /* CD_KW_TEXT, a random default */
	CD_PROMPT_PASSWORD, /* CD_KW_TEXT, never shown */
};

/* When certtool asks a question: every condition given must hold. */
enum cd_prompt_when {
	CD_WHEN_ALWAYS = 0,
	CD_WHEN_CA = 1 << 0,	     /* "belong to an authority" answered y */
	CD_WHEN_RSA = 1 << 1,	     /* the key is RSA */
	CD_WHEN_NOT_SERVER = 1 << 2, /* not a TLS web server */
	CD_WHEN_END_ENTITY_OR_SERVER = 1 << 3, /* not a CA, or a server */
};

struct cd_prompt {
	const char *label;	  /* N_(): certtool's prompt, as it prints it */
	const char *label_server; /* N_(): its words for a TLS server; NULL */
	const char *keyword;	  /* the template keyword the answer fills */
	enum cd_prompt_kind kind;
	const char *fallback; /* the default answer ("-1"); NULL: none */
	unsigned when;	      /* CD_WHEN_* */
	const char *note;     /* N_(): what certtool says before it; NULL */
};

/* certtool's dialogs. */
enum cd_prompt_dialog {
	CD_DIALOG_SELFSIGN,    /* --generate-self-signed (a new CA) */
	CD_DIALOG_REQUEST,     /* --generate-request */
	CD_DIALOG_CERTIFICATE, /* --generate-certificate from a request */
	CD_DIALOGS
};

/* What decides whether a prompt is asked. */
struct cd_prompt_state {
	int ca, server, rsa;
};

/* The prompts of DIALOG in certtool's order; *N gets their number. */
const struct cd_prompt *cd_prompt_table(enum cd_prompt_dialog dialog,
					size_t *n);
/* Does certtool ask P in STATE? */
int cd_prompt_applies(const struct cd_prompt *p,
		      const struct cd_prompt_state *state);
/* P's label in STATE (translated). */
const char *cd_prompt_label(const struct cd_prompt *p,
			    const struct cd_prompt_state *state);
/* The keyword descriptor P fills (never NULL for the tables here). */
const struct cd_keyword *cd_prompt_keyword(const struct cd_prompt *p);

/* A random serial as certtool proposes one: 20 octets with the top bit
 * clear, "0x" and 40 lower-case hex digits. Returns 0, or -1 when the
 * system has no randomness to give. */
int cd_prompt_serial_random(char out[43]);

/* The values KW holds in PARAMS, as text: a list's I-th value, a text or
 * number's only value (I = 0), "" for a boolean that is set. Returns
 * NULL when there is no I-th value. BUF (SIZE bytes) holds numbers. */
const char *cd_params_value(const struct cd_cert_params *params,
			    const struct cd_keyword *kw, size_t i, char *buf,
			    size_t size);

#endif
