/* certdeck: what in a store expires within N days: the CA certificate,
 * the certificates of index.txt still valid, and the CRL's next update.
 * One computation for `certdeck check` and the TUI's dashboard, so that
 * both say the same facts in the same words. */
#ifndef CD_EXPIRY_H
#define CD_EXPIRY_H

#include <stddef.h>
#include <time.h>

#include "ctx.h"
#include "store.h"

enum cd_expiry_kind {
	CD_EXPIRY_CA,	/* ca.crt */
	CD_EXPIRY_CERT, /* a valid certificate of index.txt */
	CD_EXPIRY_CRL,	/* crl.pem's next update */
};

struct cd_expiry_entry {
	enum cd_expiry_kind kind;
	char *name;			/* issued/NAME.crt; NULL: unknown */
	char *subject;			/* /C=../CN=..; NULL for the CRL */
	char serial[CD_SERIAL_HEX_MAX]; /* "" for the CRL */
	time_t when;			/* not after; the CRL's next update */
	long days_left;			/* whole days from now; <= 0 once due */
	int passed;			/* WHEN is now or past */
};

struct cd_expiry {
	long days;  /* the window asked */
	time_t now; /* the clock it was computed at */
	/* What is due within DAYS (passed included), in the store's order:
	 * the CA, index.txt's lines, the CRL. */
	struct cd_expiry_entry *entries;
	size_t count;
	/* The CRL, due or not: PRESENT 0 when the store has none; NEXT is
	 * (time_t)-1 for a CRL without a next update. */
	int crl_present;
	time_t crl_next;
	long crl_days_left;
};

/* What of STORE (INDEX: its index.txt, loaded by the caller) is due
 * within DAYS days of the context's clock. An unreadable crl.pem fails,
 * naming it. Free OUT with cd_expiry_free() (also after a failure). */
int cd_expiry_scan(struct cd_ctx *ctx, const struct cd_store *store,
		   const struct cd_index *index, long days,
		   struct cd_expiry *out);

/* The same, reading index.txt, and with WITH_NAMES the name of each
 * certificate in issued/ (a file read each). */
int cd_expiry_list(struct cd_ctx *ctx, const struct cd_store *store, long days,
		   int with_names, struct cd_expiry *out);

void cd_expiry_free(struct cd_expiry *e);

/* Sort the entries by date, the most urgent (passed) first. */
void cd_expiry_sort(struct cd_expiry *e);

/* One entry for a person, as `check` prints it after "expiring:":
 * "SERIAL (SUBJECT): expires in N days", "crl.pem: ... sign a new CRL". */
void cd_expiry_describe(const struct cd_expiry_entry *entry, char *buf,
			size_t size);

/* The CRL's next update when it is not due, "crl.pem: next update DATE,
 * in N day(s)"; "" when the store has no CRL or it has no next update. */
void cd_expiry_describe_crl(const struct cd_expiry *e, char *buf, size_t size);

/* WHEN as check prints dates: "YYYY-MM-DD HH:MM:SS UTC". */
void cd_expiry_date(time_t when, char *buf, size_t size);

#endif
