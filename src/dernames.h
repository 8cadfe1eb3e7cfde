/* certdeck: names taken out of an alternative names or name constraints
 * extension, in its DER (a re-issue's template replacing some kinds of
 * names of an extension it had to copy whole). */
#ifndef CERTDECK_DERNAMES_H
#define CERTDECK_DERNAMES_H

#include <gnutls/gnutls.h>

/* Is a name of TYPE (a gnutls_x509_subject_alt_name_t; for an other
 * name, OTHER is its OID, else "") to go? EXCLUDED: an excluded
 * constraint. */
typedef int (*cd_der_name_drop_fn)(void *arg, unsigned type, const char *other,
				   int excluded);

/* EXT, the DER of a subjectAltName (CONSTRAINTS 0) or nameConstraints
 * extension, without the names DROP says go, every other byte as it
 * was: *OUT (gnutls_free), empty when no name is left. 0, or a GnuTLS
 * error code when EXT is not such DER. */
int cd_der_names_filter(const gnutls_datum_t *ext, int constraints,
			cd_der_name_drop_fn drop, void *arg,
			gnutls_datum_t *out);

/* Name constraints A and B (DER; either may be empty) as one: A's
 * permitted subtrees then B's, A's excluded then B's, in *OUT
 * (gnutls_free). */
int cd_der_constraints_join(const gnutls_datum_t *a, const gnutls_datum_t *b,
			    gnutls_datum_t *out);

#endif
