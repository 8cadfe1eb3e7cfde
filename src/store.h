/* certdeck: the store, a directory holding one CA laid out as easy-rsa 3
 * lays out its pki/ (DESIGN.md section 2), so that easy-rsa PKIs open here
 * and `openssl ca` / `openssl ocsp -index` work on certdeck's stores.
 *
 * Every change runs under an exclusive lock (flock on DIR/.certdeck.lock)
 * and as a transaction: an intent journal is written first, new files go
 * under temporary names, one sync makes them durable, renames publish
 * them, index.txt is replaced atomically (the commit point), a second sync
 * makes that durable, and the journal is removed last (src/txn.c).
 * Whoever takes the lock next finishes or undoes an interrupted change
 * (cd_store_recover), so a kill at any instant leaves a consistent store. */
#ifndef CD_STORE_H
#define CD_STORE_H

#include <stddef.h>
#include <sys/types.h>
#include <time.h>

#include <gnutls/abstract.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "ctx.h"
#include "profile.h"

/* Serials are 16 random octets, positive (top bit clear, first octet
 * nonzero so that the DER is minimal): 127 bits, never reused. */
#define CD_STORE_SERIAL_SIZE 16
#define CD_SERIAL_HEX_MAX 41 /* 20 octets in hex, and the NUL */

struct cd_store {
	char *dir;
	int lock_fd;		  /* -1 when not locked */
	gnutls_x509_crt_t ca_crt; /* NULL while an intermediate is pending */
	/* The CA key's PKCS#11 URL (private/ca.key.url, src/token.h) when
	 * the key is on a token; NULL: the file private/ca.key. */
	char *key_url;
	int recovered; /* taking the lock finished or undid a change */
	/* How long cd_store_lock() waits for another certdeck, in ms (30 s
	 * from cd_store_open; the TUI sets 0: a busy store is said at once,
	 * never a frozen screen). */
	int lock_wait_ms;
	/* The file serial (openssl ca's next serial) in upper-case hex
	 * without leading zeros, read when the lock is taken; "" if none. */
	char openssl_next[2 * CD_SERIAL_HEX_MAX];
};

/* One line of index.txt (openssl ca's database). */
struct cd_index_entry {
	char status;	 /* 'V' valid, 'R' revoked, 'E' expired */
	char expiry[16]; /* YYMMDDHHMMSSZ or YYYYMMDDHHMMSSZ */
	/* date[,reason[,invalidity date]]; empty unless revoked */
	char revocation[64];
	char serial[CD_SERIAL_HEX_MAX]; /* upper-case hex */
	char *file;			/* "unknown" */
	char *subject;			/* /C=../O=../CN=.. */
};

struct cd_index {
	struct cd_index_entry *entries;
	size_t count;
	size_t *by_serial; /* entries sorted by serial, for cd_index_find */
};

/* Open the store DIR: it must exist and hold private/ca.key, or
 * private/ca.key.url for a key on a token (a pending intermediate has no
 * ca.crt yet). Does not lock. */
int cd_store_open(struct cd_ctx *ctx, const char *dir, struct cd_store **out);

/* Create the layout of a new store in DIR (created 0700 if missing; it
 * may exist empty). Fails with CD_E_EXISTS when DIR already holds a CA. */
int cd_store_create(struct cd_ctx *ctx, const char *dir, struct cd_store **out);

void cd_store_close(struct cd_store *store);

/* Take the store's lock, waiting up to 30 seconds for another certdeck,
 * then finish or undo an interrupted change. Returns CD_E_LOCKED on
 * timeout. */
int cd_store_lock(struct cd_ctx *ctx, struct cd_store *store);
void cd_store_unlock(struct cd_store *store);

/* A newly allocated path "DIR/REL" (NULL when out of memory). */
char *cd_store_path(const struct cd_store *store, const char *rel);
/* Is there a file (or directory) REL in STORE? */
int cd_store_has(const struct cd_store *store, const char *rel);
/* Does STORE hold the key private/NAME.key? */
int cd_store_has_key(const struct cd_store *store, const char *name);

/* The CRL of the store in DIR (DIR/crl.pem), which serve, connect,
 * verify and the echo test check by default: its path (free() it), or
 * NULL when the store has none (or memory ran out). */
char *cd_store_dir_crl(const char *dir);
/* Refuse (CD_E_INVALID, saying why) to write PATH over a file of the
 * store DIR, which only the store's own changes write: its top files
 * (ca.crt, crl.pem, index.txt, serial, crlnumber, their .old and .attr,
 * the lock and the journal) and everything in its directories (private/,
 * issued/, ...). With TEMPLATES, templates/NAME.cfg is allowed (a
 * template saved as a profile). 0 when PATH is not the store's (a PATH
 * whose directory does not exist is not). */
int cd_store_write_check(struct cd_ctx *ctx, const char *dir, const char *path,
			 int templates);
/* Refuse (CD_E_EXISTS) to replace PATH when it exists and is a file of
 * a store (the store being the file's directory, or its parent): a file
 * written from outside (request --outfile lab/reqs/x.req) may be new,
 * not replace one the store's changes wrote; templates/NAME.cfg, a
 * profile, may be replaced. 0 otherwise. */
int cd_store_replace_check(struct cd_ctx *ctx, const char *path);

/* mkdir REL in the store (MODE), fine when it is there already. */
int cd_store_make_dir(struct cd_ctx *ctx, const struct cd_store *store,
		      const char *rel, mode_t mode);

/* Does NAME suit a file name in the store (issued/NAME.crt)? Letters,
 * digits, '.', '_', '-', '@', not starting with '.' or '-'. */
int cd_store_name_check(struct cd_ctx *ctx, const char *name);
/* The same for a name given to something new in the store (a key, a
 * request, a certificate): "ca" is refused too, the name of the store's
 * own CA (ca.crt, private/ca.key, an intermediate's reqs/ca.req). */
int cd_store_new_name_check(struct cd_ctx *ctx, const char *name);
/* Refuse to sign the store's request NAME here when it is the store's own
 * CA's (reqs/ca.req, an intermediate's): its parent signs it. */
int cd_store_request_signable(struct cd_ctx *ctx, const char *name);

/* Does PASSWORD (or the token's PIN) open the CA's key? 0, or the
 * failure (CD_E_PASSWORD when it is the wrong one). */
int cd_store_ca_key_check(struct cd_ctx *ctx, const struct cd_store *store,
			  const char *password);
/* The CA's private key, as a signer (PASSWORD when it is encrypted; for
 * a key on a token, the token's PIN, NULL: GNUTLS_PIN). */
int cd_store_load_ca_key(struct cd_ctx *ctx, const struct cd_store *store,
			 const char *password, gnutls_privkey_t *out);
/* Is the CA key encrypted (a password is then needed)? For a key on a
 * token: is a PIN needed (GNUTLS_PIN unset)? */
int cd_store_ca_key_is_encrypted(struct cd_ctx *ctx,
				 const struct cd_store *store);
/* The same for the store's key NAME (private/NAME.key; NULL or "ca": the
 * CA's): 1 encrypted, 0 not (or no such key). */
int cd_store_key_is_encrypted(struct cd_ctx *ctx, const struct cd_store *store,
			      const char *name);

/* Load profile NAME: templates/NAME.cfg, else the built-in profile of
 * that name (ca, server, client), which is what init-ca writes. */
int cd_store_load_profile(struct cd_ctx *ctx, const struct cd_store *store,
			  const char *name, struct cd_cert_params *params);
/* The text of a built-in profile (NULL for an unknown name). */
const char *cd_store_builtin_profile(const char *name);

/* --- index.txt ----------------------------------------------------- */

/* index.txt, sorted by serial. CD_E_STORE when it is missing or empty
 * while certs_by_serial/ holds certificates and no change is under way
 * (no journal, whose recovery would finish or undo it): it was lost. */
int cd_index_load(struct cd_ctx *ctx, const struct cd_store *store,
		  struct cd_index *index);
/* The same without sorting by serial (no cd_index_find), for a listing. */
int cd_index_read(struct cd_ctx *ctx, const struct cd_store *store,
		  struct cd_index *index);
void cd_index_free(struct cd_index *index);
/* A subject as index.txt holds it (openssl's X509_NAME_oneline(): bytes
 * outside printable ASCII written \xHH), with each run of escapes that
 * spells UTF-8 text written as that text, in place; controls, and bytes
 * that are not UTF-8 (a BMPString's), stay escaped. */
void cd_index_subject_unescape(char *subject);
/* The entry for SERIAL (upper-case hex), or NULL. */
const struct cd_index_entry *cd_index_find(const struct cd_index *index,
					   const char *serial);
/* Fill E from CRT (status 'V', or 'E' when it has expired at NOW). */
int cd_index_entry_from_crt(struct cd_ctx *ctx, gnutls_x509_crt_t crt,
			    time_t now, struct cd_index_entry *e);
void cd_index_entry_clear(struct cd_index_entry *e);
/* The serial of N OCTETS (an INTEGER's content) as index.txt and
 * certs_by_serial/ name it: upper-case hex without the leading zero
 * octets (one kept for zero); HEX holds 2 * N + 1 characters. */
void cd_serial_hex(const unsigned char *octets, size_t n, char *hex);
/* CRT's serial in upper-case hex, as index.txt and certs_by_serial/ name it. */
int cd_crt_serial_hex(struct cd_ctx *ctx, gnutls_x509_crt_t crt,
		      char hex[CD_SERIAL_HEX_MAX]);
/* The subject of CRT in openssl's one-line form: /C=FR/O=Org/CN=name. */
int cd_crt_subject_oneline(struct cd_ctx *ctx, gnutls_x509_crt_t crt,
			   char **out);

/* --- issuing --------------------------------------------------------- */

/* One certificate to record in the store. */
struct cd_store_item {
	const char *name;	/* issued/NAME.crt (and key, request) */
	gnutls_x509_crt_t crt;	/* signed */
	gnutls_datum_t crt_pem; /* its PEM, or empty: made from CRT */
	gnutls_datum_t key_pem; /* private/NAME.key, or empty */
	gnutls_datum_t req_pem; /* reqs/NAME.req, or empty */
	int keep_request;	/* reqs/NAME.req already there: keep it */
};

/* Is the serial TEXT ("123" or "0x..", as a profile gives it) free in
 * STORE? 0, or CD_E_EXISTS saying it is used (a form checks it before
 * the CA key is asked). */
int cd_store_serial_check(struct cd_ctx *ctx, const struct cd_store *store,
			  const char *text);
/* Is HEX (upper case, as index.txt has it) used: in INDEX, in
 * certs_by_serial/, or the next serial of the file serial? */
int cd_store_serial_in_use(const struct cd_store *store,
			   const struct cd_index *index, const char *hex);
/* A fresh serial, unused in the store, not in TAKEN (N_TAKEN serials in
 * hex already handed out in this change) and not the one `openssl ca`
 * would use next (the file serial). Call with the lock held. */
int cd_store_new_serial(struct cd_ctx *ctx, const struct cd_store *store,
			const struct cd_index *index, char **taken,
			size_t n_taken,
			unsigned char serial[CD_STORE_SERIAL_SIZE]);

/* Record ITEMS in one transaction: certs_by_serial/HEX.pem,
 * issued/NAME.crt, private/NAME.key (0600), reqs/NAME.req, the index
 * lines, and the file serial when missing. Fails without changing anything
 * when a name is already taken. The lock must be held. */
int cd_store_commit(struct cd_ctx *ctx, struct cd_store *store,
		    const struct cd_store_item *items, size_t n);

/* A file to add to the store. */
struct cd_store_file {
	const char *rel; /* relative to the store */
	gnutls_datum_t data;
	mode_t mode;
};

/* Add FILES (none may exist yet) in one transaction. Lock held. */
int cd_store_add_files(struct cd_ctx *ctx, struct cd_store *store,
		       const struct cd_store_file *files, size_t n);

/* Replace (or create) FILES in one transaction: each is written as
 * FILE.certdeck-new, the journal's "C" line commits, and only then are
 * they renamed over the old ones: a kill leaves all of them old or all of
 * them new. Lock held. */
int cd_store_replace_files(struct cd_ctx *ctx, struct cd_store *store,
			   const struct cd_store_file *files, size_t n);

/* One change of several kinds, in one transaction (a renewal): new
 * certificates (ITEMS, as cd_store_commit; give them no name to write
 * only certs_by_serial/ and the index), new files (ADD, none may exist),
 * replaced files (REPLACE, renamed over the old ones once committed),
 * and, when REVOKE_SERIAL is set, that index line made 'R' with
 * REVOCATION as its third field, in the same index.txt as the new
 * lines. Lock held. */
struct cd_store_change {
	const struct cd_store_item *items;
	size_t n_items;
	const struct cd_store_file *add;
	size_t n_add;
	const struct cd_store_file *replace;
	size_t n_replace;
	const char *revoke_serial;
	const char *revocation;
};

int cd_store_apply_change(struct cd_ctx *ctx, struct cd_store *store,
			  const struct cd_store_change *change);

/* Install the CA certificate as ca.crt, with KEY (private/ca.key, or
 * private/ca.key.url for a key on a token) when not NULL, and the file
 * serial when missing, in one transaction. Lock held. */
int cd_store_install_ca(struct cd_ctx *ctx, struct cd_store *store,
			gnutls_x509_crt_t crt, const struct cd_store_file *key);

/* Finish or undo a change interrupted by a crash (the lock must be held).
 * *RECOVERED (may be NULL) tells whether there was one. */
int cd_store_recover(struct cd_ctx *ctx, struct cd_store *store,
		     int *recovered);

/* Read the file serial into STORE->openssl_next (lock held). */
void cd_store_read_openssl_serial(struct cd_store *store);

/* --- listing and checking --------------------------------------------- */

/* What `list` shows of one certificate of the index. */
struct cd_store_entry {
	char *name; /* issued/NAME.crt holding it, or NULL */
	char serial[CD_SERIAL_HEX_MAX];
	char status; /* 'V', 'R', 'E'; 'E' also for a 'V' past expiry; 'N'
		      * for a 'V' not yet valid (known once its file is read:
		      * cd_store_list, cd_store_list_names) */
	time_t expiry;
	long days_left; /* negative once expired */
	char *subject;	/* /C=../CN=.., UTF-8 (cd_index_subject_unescape) */
};

int cd_store_list(struct cd_ctx *ctx, const struct cd_store *store,
		  struct cd_store_entry **out, size_t *count);
/* The same from index.txt alone, every NAME left NULL: the names cost a
 * file of issued/ per certificate, which a screen can read afterwards
 * with cd_store_list_names() (NAMES[i] for E[i], NULL when none; the
 * status of E[i] becomes 'N' when its file says it is not yet valid). */
int cd_store_list_index(struct cd_ctx *ctx, const struct cd_store *store,
			struct cd_store_entry **out, size_t *count);
int cd_store_list_names(struct cd_ctx *ctx, const struct cd_store *store,
			struct cd_store_entry *e, size_t count, char ***names);
void cd_store_names_free(char **names, size_t count);
/* The word of STATUS ('V', 'R', 'E', 'N'), translated: valid, revoked,
 * expired, not yet valid. */
const char *cd_store_status_text(char status);
void cd_store_entries_free(struct cd_store_entry *e, size_t count);

/* A finding of cd_store_check(): a problem, or something expiring. */
struct cd_check_finding {
	int problem; /* 1: inconsistent or unsafe; 0: expiring soon */
	char *text;
};

struct cd_expiry; /* expiry.h */

struct cd_check_report {
	struct cd_check_finding *findings;
	size_t count, problems, expiring;
	int recovered; /* an interrupted change was finished or undone */
	/* What is due (src/expiry.h), each also a finding; NULL when the
	 * index could not be read. */
	struct cd_expiry *expiry;
};

/* Lock, recover, then check the index against certs_by_serial/ and
 * issued/, stray temporary files, key file modes, and what expires
 * within DAYS days, the CRL's next update included (an unreadable
 * crl.pem fails). The lock is kept: cd_store_unlock() or close. */
int cd_store_check(struct cd_ctx *ctx, struct cd_store *store, long days,
		   struct cd_check_report *report);
void cd_check_report_free(struct cd_check_report *report);

#endif
