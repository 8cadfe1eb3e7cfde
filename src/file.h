/* certdeck: reading and atomically writing files.
 *
 * Every file certdeck writes goes through cd_file_write_atomic(): a
 * temporary file in the same directory, created with the final mode (keys
 * are never chmod'ed after the fact), written, fsync'ed, renamed over the
 * target, and the directory fsync'ed, so a kill at any instant leaves either
 * the old file or the new one. */
#ifndef CD_FILE_H
#define CD_FILE_H

#include <stddef.h>
#include <sys/types.h>

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <gnutls/crypto.h>

#include "ctx.h"

/* Largest file certdeck reads whole (certificates, keys, CRLs, templates). */
#define CD_FILE_MAX (64u * 1024u * 1024u)

/* Read PATH ("-" is standard input) into OUT (gnutls_free it; always
 * NUL-terminated one byte past OUT->size). Empty files are an error
 * (CD_E_PARSE) unless ALLOW_EMPTY. */
int cd_file_read(struct cd_ctx *ctx, const char *path, int allow_empty,
		 gnutls_datum_t *out);

/* Write DATA atomically to PATH with MODE. EXCLUSIVE: fail with
 * CD_E_EXISTS when PATH exists (the check and the rename are not one atomic
 * step across processes; stores serialise writers with their lock). */
int cd_file_write_atomic(struct cd_ctx *ctx, const char *path,
			 const void *data, size_t len, mode_t mode,
			 int exclusive);

/* cd_file_write_atomic() without the fsyncs: a kill leaves the old file
 * or the new one, and a later sync (syncfs) makes it durable. */
int cd_file_write_atomic_unsynced(struct cd_ctx *ctx, const char *path,
				  const void *data, size_t len, mode_t mode,
				  int exclusive);

/* Create PATH (which must not exist) with MODE and write DATA, without
 * syncing: for transactions that sync once for many files (syncfs) and
 * publish them by rename afterwards. On failure nothing is left. */
int cd_file_write_unsynced(struct cd_ctx *ctx, const char *path,
			   const void *data, size_t len, mode_t mode);

/* fsync the directory holding PATH (after a rename or unlink). */
int cd_file_sync_dir(struct cd_ctx *ctx, const char *path);

/* Nonzero when DATA holds a PEM block whose label contains LABEL (for
 * example "CERTIFICATE"); LABEL NULL matches any PEM block. */
int cd_file_is_pem(const gnutls_datum_t *data, const char *label);

/* Every certificate of DATA (PEM, or one DER), read from NAME (for the
 * messages): *LIST (COUNT of them; deinit each, gnutls_free the list).
 * None is an error. */
int cd_crts_parse(struct cd_ctx *ctx, const gnutls_datum_t *data,
		  const char *name, gnutls_x509_crt_t **list, unsigned *count);

/* Load every certificate of PATH (PEM with one or more certificates, or
 * DER with one). *LIST is gnutls_free'd by cd_crt_list_free(). */
int cd_file_load_crts(struct cd_ctx *ctx, const char *path,
		      gnutls_x509_crt_t **list, unsigned *count);
/* Exactly one certificate (the first when the file holds several). */
int cd_file_load_crt(struct cd_ctx *ctx, const char *path,
		     gnutls_x509_crt_t *crt);
void cd_crt_list_free(gnutls_x509_crt_t *list, unsigned count);

/* D (gnutls_free'd, its data set to NULL) as a string in *TEXT for
 * free(). */
int cd_datum_to_text(struct cd_ctx *ctx, gnutls_datum_t *d, char **text);

/* A copy of SRC in *OUT (gnutls_x509_crt_deinit it), read back from its
 * DER: GnuTLS re-encodes only what is changed on it afterwards. */
int cd_crt_copy(struct cd_ctx *ctx, gnutls_x509_crt_t src,
		gnutls_x509_crt_t *out);

/* Export CRT as PEM into OUT (gnutls_free it). */
int cd_crt_export_pem(struct cd_ctx *ctx, gnutls_x509_crt_t crt,
		      gnutls_datum_t *out);

/* Does PATH exist (any type)? */
int cd_file_exists(const char *path);

/* Join DIR and NAME into a newly allocated string (NULL on failure). */
char *cd_path_join(const char *dir, const char *name);

#endif
