/* certdeck: validators of certtool template values (internal to profile). */
#ifndef CD_PROFILE_CHECK_H
#define CD_PROFILE_CHECK_H

int cd_check_long(const char *value, long *out);
const char *cd_check_days(const char *value);
const char *cd_check_path_len(const char *value);
const char *cd_check_count(const char *value);
const char *cd_check_tls_feature(const char *value);
const char *cd_check_country(const char *value);
/* An RFC 4514 DN that GnuTLS reads (as it will be set). */
const char *cd_check_dn(const char *value);
const char *cd_check_nonempty(const char *value);
const char *cd_check_dns(const char *value);
const char *cd_check_nc_dns(const char *value);
const char *cd_check_email(const char *value);
const char *cd_check_nc_email(const char *value);
const char *cd_check_ip(const char *value);
const char *cd_check_cidr(const char *value);
const char *cd_check_uri(const char *value);
const char *cd_check_oid(const char *value);
const char *cd_check_hex(const char *value);
const char *cd_check_oid_text(const char *value);
const char *cd_check_oid_hex(const char *value);
const char *cd_check_extension(const char *value);
const char *cd_check_serial(const char *value);
const char *cd_check_date(const char *value);

#endif
