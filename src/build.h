/* certdeck: the steps that certificates and requests share (subject DN,
 * alternative names, raw extensions), written once for both: GnuTLS has a
 * crt and a crq variant of each setter. Internal to issue.c and request.c. */
#ifndef CD_BUILD_H
#define CD_BUILD_H

#include <gnutls/x509.h>

#include "ctx.h"
#include "profile.h"

struct cd_build_target {
	gnutls_x509_crt_t crt; /* exactly one of crt and crq */
	gnutls_x509_crq_t crq;
};

/* One DN part by OID (VALUE as is). */
int cd_build_dn_oid(struct cd_ctx *ctx, const struct cd_build_target *t,
		    const char *oid, const char *value);
/* The whole "dn" keyword (RFC 4514). */
int cd_build_dn_string(struct cd_ctx *ctx, const struct cd_build_target *t,
		       const char *dn);
/* The subject: dn, then country, state, locality, organization, unit, cn,
 * uid, dc, dn_oid (certtool 3.7.9's order, for certificates and
 * requests alike). */
int cd_build_subject(struct cd_ctx *ctx, const struct cd_build_target *t,
		     const struct cd_cert_params *params);
/* Every "dc" then every "dn_oid" pair. */
int cd_build_dc(struct cd_ctx *ctx, const struct cd_build_target *t,
		const struct cd_cert_params *params);
int cd_build_dn_oids(struct cd_ctx *ctx, const struct cd_build_target *t,
		     const struct cd_cert_params *params);

/* Alternative names, each kind in certtool's function. */
int cd_build_san_list(struct cd_ctx *ctx, const struct cd_build_target *t,
		      gnutls_x509_subject_alt_name_t type,
		      const struct cd_strlist *list);
int cd_build_san_ip(struct cd_ctx *ctx, const struct cd_build_target *t,
		    const struct cd_strlist *list);
/* other_name, other_name_octet, other_name_utf8, xmpp_name,
 * krb5_principal, in that order (certtool's get_other_name_set). */
int cd_build_other_names(struct cd_ctx *ctx, const struct cd_build_target *t,
			 const struct cd_cert_params *params);

/* add_extension then add_critical_extension. */
int cd_build_extensions(struct cd_ctx *ctx, const struct cd_build_target *t,
			const struct cd_cert_params *params);
int cd_build_key_purpose(struct cd_ctx *ctx, const struct cd_build_target *t,
			 const char *oid);
int cd_build_tls_features(struct cd_ctx *ctx, const struct cd_build_target *t,
			  const struct cd_cert_params *params);

/* Split "OID value" at the first blank: OID copied into OID_BUF. */
const char *cd_build_split_pair(const char *pair, char *oid_buf,
				size_t oid_size);

#endif
