/* certdeck: a short description of a certificate, request or key, as
 * label and value lines, for the TUI's details pane (inspect gives the
 * whole of it). */
#ifndef CD_SUMMARY_H
#define CD_SUMMARY_H

#include <stddef.h>

#include "ctx.h"

/* How a line should look: plain, or a state worth a colour. */
enum cd_summary_mood {
	CD_MOOD_PLAIN = 0,
	CD_MOOD_GOOD, /* valid, signature checks */
	CD_MOOD_WARN, /* expiring within 30 days, readable key file */
	CD_MOOD_BAD,  /* expired, revoked, bad signature */
};

struct cd_summary_line {
	char *label; /* translated; "" continues the line above */
	char *value;
	enum cd_summary_mood mood;
};

struct cd_summary {
	struct cd_summary_line *lines;
	size_t count, size;
};

void cd_summary_free(struct cd_summary *s);

/* Describe the certificate, request or private key in the file PATH
 * (PEM or DER; an encrypted key is only named as such). Appends to OUT.
 * Returns 0, CD_E_PARSE for a file it does not recognise, or another
 * CD_E_* code. */
int cd_summary_file(struct cd_ctx *ctx, const char *path,
		    struct cd_summary *out);

/* Append a line (the UI adds its own, e.g. the index's status). */
int cd_summary_add(struct cd_summary *s, const char *label,
		   enum cd_summary_mood mood, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#endif
