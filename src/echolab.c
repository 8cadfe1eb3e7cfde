/* certdeck: the echo test's lab scenarios and their throwaway material,
 * made with the same calls as `init-ca` and `issue`. */
#include <config.h>

#include <arpa/inet.h>
#include <dirent.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "demo.h"
#include "echolab.h"
#include "error.h"
#include "file.h"
#include "store.h"
#include "i18n.h"
#include "issue.h"
#include "key.h"
#include "profile.h"

/* The lab CA, as a certtool template: valid since 2019, so that the
 * expired certificate it signed was within its validity. */
static const char lab_ca_template[] = "cn = certdeck lab CA\n"
				      "organization = certdeck lab\n"
				      "ca\n"
				      "cert_signing_key\n"
				      "crl_signing_key\n"
				      "activation_date = 2019-01-01 00:00:00\n"
				      "expiration_days = 3650\n";

/* What the lab CA signs: FILE.crt and FILE.key in the lab directory. */
static const struct lab_cert {
	const char *file;
	const char *template;
	size_t crt, key; /* offsets of the paths in struct cd_echolab */
} lab_certs[] = {
    {"ip-only",
     "cn = 127.0.0.1\n"
     "ip_address = 127.0.0.1\n"
     "signing_key\n"
     "tls_www_server\n"
     "expiration_days = 30\n",
     offsetof(struct cd_echolab, ip_only),
     offsetof(struct cd_echolab, ip_only_key)},
    {"expired",
     "cn = localhost\n"
     "dns_name = localhost\n"
     "ip_address = 127.0.0.1\n"
     "signing_key\n"
     "tls_www_server\n"
     "activation_date = 2020-01-01 00:00:00\n"
     "expiration_date = 2021-01-01 00:00:00\n",
     offsetof(struct cd_echolab, expired),
     offsetof(struct cd_echolab, expired_key)},
    {"revoked",
     "cn = localhost\n"
     "dns_name = localhost\n"
     "ip_address = 127.0.0.1\n"
     "signing_key\n"
     "tls_www_server\n"
     "expiration_days = 30\n",
     offsetof(struct cd_echolab, revoked),
     offsetof(struct cd_echolab, revoked_key)},
    {"client",
     "cn = certdeck lab client\n"
     "signing_key\n"
     "tls_www_client\n"
     "expiration_days = 30\n",
     offsetof(struct cd_echolab, client),
     offsetof(struct cd_echolab, client_key)},
};

#define N_LAB_CERTS (sizeof(lab_certs) / sizeof(lab_certs[0]))

static char **lab_path(struct cd_echolab *lab, size_t offset)
{
	return (char **)((char *)lab + offset);
}

/* DIR/BASE.EXT into *OUT. */
static int lab_file(struct cd_ctx *ctx, const char *dir, const char *base,
		    const char *ext, char **out)
{
	if (asprintf(out, "%s/%s.%s", dir, base, ext) < 0) {
		*out = NULL;
		return cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	}
	return 0;
}

static int write_crt(struct cd_ctx *ctx, const char *path,
		     gnutls_x509_crt_t crt)
{
	gnutls_datum_t pem = {NULL, 0};
	int ret = cd_crt_export_pem(ctx, crt, &pem);

	if (ret == 0)
		ret = cd_file_write_atomic_unsynced(ctx, path, pem.data,
						    pem.size, 0644, 1);
	gnutls_free(pem.data);
	return ret;
}

/* A new ECDSA P-256 key, as both kinds of handle. */
static int new_key(struct cd_ctx *ctx, gnutls_x509_privkey_t *key,
		   gnutls_privkey_t *signer)
{
	struct cd_key_params spec;
	int ret;

	cd_key_params_init(&spec);
	spec.pk = GNUTLS_PK_ECDSA;
	ret = cd_key_generate(ctx, &spec, key);
	if (ret == 0)
		ret = cd_key_to_privkey(ctx, *key, signer);
	return ret;
}

/* TEMPLATE's certificate for a new key, signed by CA_CRT with CA_KEY
 * (self-signed when CA_CRT is NULL): BASE.crt and BASE.key in the lab. */
static int make_cert(struct cd_ctx *ctx, const char *dir, const char *base,
		     const char *template, gnutls_x509_crt_t ca_crt,
		     gnutls_privkey_t ca_key, char **crt_path, char **key_path,
		     gnutls_x509_crt_t *crt_out, gnutls_privkey_t *key_out)
{
	struct cd_cert_params params;
	struct cd_issue_input in;
	gnutls_x509_privkey_t key = NULL;
	gnutls_privkey_t signer = NULL;
	gnutls_x509_crt_t crt = NULL;
	int ret;

	memset(&in, 0, sizeof(in));
	cd_profile_init(&params);
	ret = cd_profile_parse(ctx, template, strlen(template), base, &params);
	if (ret == 0)
		ret = new_key(ctx, &key, &signer);
	if (ret == 0 && ca_crt == NULL)
		ret = cd_issue_selfsign(ctx, &params, signer, &crt);
	if (ret == 0 && ca_crt) {
		in.ca_crt = ca_crt;
		ret = cd_issue_pubkey_of(ctx, signer, &in.pubkey);
		if (ret == 0)
			ret = cd_issue_build(ctx, &params, &in, &crt);
		if (ret == 0)
			ret = cd_issue_sign(ctx, crt, ca_crt, ca_key);
	}
	if (ret == 0)
		ret = lab_file(ctx, dir, base, "crt", crt_path);
	if (ret == 0)
		ret = write_crt(ctx, *crt_path, crt);
	if (ret == 0 && key_path)
		ret = lab_file(ctx, dir, base, "key", key_path);
	if (ret == 0 && key_path)
		ret = cd_key_write(ctx, *key_path, key, NULL, 0, 0);
	if (ret == 0 && crt_out) {
		*crt_out = crt;
		crt = NULL;
	}
	if (ret == 0 && key_out) {
		*key_out = signer;
		signer = NULL;
	}
	if (in.pubkey)
		gnutls_pubkey_deinit(in.pubkey);
	if (crt)
		gnutls_x509_crt_deinit(crt);
	if (signer)
		gnutls_privkey_deinit(signer);
	if (key)
		gnutls_x509_privkey_deinit(key);
	cd_profile_free(&params);
	return ret;
}

/* lab-ca.crl: the lab CA's CRL, revoking revoked.crt (keyCompromise is
 * the store's business: this one only needs to list it). */
static int make_crl(struct cd_ctx *ctx, struct cd_echolab *lab,
		    gnutls_x509_crt_t ca_crt, gnutls_privkey_t ca_key)
{
	gnutls_x509_crl_t crl = NULL;
	gnutls_x509_crt_t revoked = NULL;
	gnutls_datum_t pem = {NULL, 0};
	time_t now = cd_ctx_now(ctx);
	int ret = cd_file_load_crt(ctx, lab->revoked, &revoked);

	if (ret == 0 && (ret = gnutls_x509_crl_init(&crl)) < 0)
		ret = cd_gnutls_error(ctx, ret, _("cannot make the lab's CRL"));
	if (ret == 0 &&
	    ((ret = gnutls_x509_crl_set_version(crl, 2)) < 0 ||
	     (ret = gnutls_x509_crl_set_this_update(crl, now)) < 0 ||
	     (ret = gnutls_x509_crl_set_next_update(crl, now + 30 * 86400)) <
		 0 ||
	     /* revoked now: not before the certificate's own start */
	     (ret = gnutls_x509_crl_set_crt(crl, revoked, now)) < 0 ||
	     (ret = gnutls_x509_crl_privkey_sign(crl, ca_crt, ca_key,
						 GNUTLS_DIG_SHA256, 0)) < 0 ||
	     (ret = gnutls_x509_crl_export2(crl, GNUTLS_X509_FMT_PEM, &pem)) <
		 0))
		ret = cd_gnutls_error(ctx, ret, _("cannot make the lab's CRL"));
	if (ret == 0)
		ret = lab_file(ctx, lab->dir, "lab-ca", "crl", &lab->lab_crl);
	if (ret == 0)
		ret = cd_file_write_atomic_unsynced(ctx, lab->lab_crl, pem.data,
						    pem.size, 0644, 1);
	gnutls_free(pem.data);
	if (crl)
		gnutls_x509_crl_deinit(crl);
	if (revoked)
		gnutls_x509_crt_deinit(revoked);
	return ret;
}

/* The lab CA and what it signs. */
static int make_material(struct cd_ctx *ctx, struct cd_echolab *lab)
{
	gnutls_x509_crt_t ca_crt = NULL;
	gnutls_privkey_t ca_key = NULL;
	size_t i;
	int ret;

	ret = make_cert(ctx, lab->dir, "lab-ca", lab_ca_template, NULL, NULL,
			&lab->lab_ca, NULL, &ca_crt, &ca_key);
	for (i = 0; ret == 0 && i < N_LAB_CERTS; i++)
		ret = make_cert(ctx, lab->dir, lab_certs[i].file,
				lab_certs[i].template, ca_crt, ca_key,
				lab_path(lab, lab_certs[i].crt),
				lab_path(lab, lab_certs[i].key), NULL, NULL);
	if (ret == 0)
		ret = make_crl(ctx, lab, ca_crt, ca_key);
	if (ca_crt)
		gnutls_x509_crt_deinit(ca_crt);
	if (ca_key)
		gnutls_privkey_deinit(ca_key);
	return ret;
}

/* The store's client certificate, when it has one. */
static int find_store_client(struct cd_ctx *ctx, struct cd_echolab *lab,
			     const char *store_dir)
{
	char *issued = cd_path_join(store_dir, "issued");
	char *private = cd_path_join(store_dir, "private");
	int ret = 0;

	lab->store_client_name = cd_echolab_store_client(ctx, store_dir);
	if (issued == NULL || private == NULL)
		ret = cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	if (ret == 0 && lab->store_client_name) {
		ret = lab_file(ctx, issued, lab->store_client_name, "crt",
			       &lab->store_client);
		if (ret == 0)
			ret = lab_file(ctx, private, lab->store_client_name,
				       "key", &lab->store_client_key);
	}
	free(issued);
	free(private);
	return ret;
}

int cd_echolab_new(struct cd_ctx *ctx, const char *store_dir,
		   struct cd_echolab **out)
{
	struct cd_echolab *lab = calloc(1, sizeof(*lab));
	int ret;

	*out = NULL;
	if (lab == NULL)
		return cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	ret = cd_demo_mkdtemp(ctx, &lab->dir);
	if (ret == 0) {
		lab->store_ca = cd_path_join(store_dir, "ca.crt");
		lab->store_crl = cd_store_dir_crl(store_dir);
		if (lab->store_ca == NULL)
			ret = cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	}
	if (ret == 0)
		ret = make_material(ctx, lab);
	if (ret == 0)
		ret = find_store_client(ctx, lab, store_dir);
	if (ret < 0) {
		cd_echolab_free(lab);
		return ret;
	}
	*out = lab;
	return 0;
}

void cd_echolab_free(struct cd_echolab *lab)
{
	struct cd_ctx scratch;
	size_t i;

	if (lab == NULL)
		return;
	if (lab->dir) {
		memset(&scratch, 0, sizeof(scratch));
		cd_demo_remove(&scratch, lab->dir);
	}
	for (i = 0; i < N_LAB_CERTS; i++) {
		free(*lab_path(lab, lab_certs[i].crt));
		free(*lab_path(lab, lab_certs[i].key));
	}
	free(lab->dir);
	free(lab->lab_ca);
	free(lab->lab_crl);
	free(lab->store_ca);
	free(lab->store_crl);
	free(lab->store_client_name);
	free(lab->store_client);
	free(lab->store_client_key);
	free(lab);
}

/* ---- the scenarios -------------------------------------------------- */

static const struct {
	const char *title;  /* N_() */
	const char *expect; /* N_() */
} scenarios[] = {
    [CD_ECHOLAB_WRONG_CA] = {N_("The client trusts the wrong CA"),
			     N_("The handshake fails: the server's "
				"certificate is signed by a CA the client "
				"does not trust.")},
    [CD_ECHOLAB_NAME_MISMATCH] =
	{N_("The name does not match (localhost against 127.0.0.1)"),
	 N_("The handshake fails: the certificate is for 127.0.0.1 only, "
	    "the client checks localhost.")},
    [CD_ECHOLAB_NO_CLIENT_CERT] =
	{N_("Client certificate required, none given"),
	 N_("The handshake fails: mutual TLS without a client "
	    "certificate.")},
    [CD_ECHOLAB_EXPIRED] = {N_("An expired certificate"),
			    N_("The handshake fails: the server's "
			       "certificate expired in 2021.")},
    [CD_ECHOLAB_REVOKED] = {N_("A revoked certificate"),
			    N_("The handshake fails: the server's "
			       "certificate is on its CA's CRL.")},
    [CD_ECHOLAB_MUTUAL] = {N_("Mutual TLS that works"),
			   N_("The handshake succeeds: the server requires "
			      "a client certificate and gets one.")},
    [CD_ECHOLAB_PLAIN] = {N_("Plain TLS that works"),
			  N_("The handshake succeeds and lines come back "
			     "echoed.")},
};

const char *cd_echolab_title(enum cd_echolab_scenario s)
{
	return s < CD_ECHOLAB_SCENARIOS ? scenarios[s].title : "";
}

const char *cd_echolab_expect(enum cd_echolab_scenario s)
{
	return s < CD_ECHOLAB_SCENARIOS ? scenarios[s].expect : "";
}

/* The server with its client certificates required, checked against CA. */
static void require_client(struct cd_echolab_setup *out, const char *ca)
{
	out->client_cert = CD_ECHO_CLIENT_CERT_REQUIRE;
	out->server_ca = ca;
}

void cd_echolab_setup(const struct cd_echolab *lab, enum cd_echolab_scenario s,
		      const struct cd_echolab_base *base,
		      struct cd_echolab_setup *out)
{
	memset(out, 0, sizeof(*out));
	out->server_cert = base->server_cert;
	out->server_key = base->server_key;
	out->client_cert = CD_ECHO_CLIENT_CERT_IGNORE;
	out->trust = lab->store_ca;
	out->crl = lab->store_crl;
	out->peer_name = base->peer_name;
	switch (s) {
	case CD_ECHOLAB_WRONG_CA:
		out->trust = lab->lab_ca;
		out->crl = NULL;
		break;
	case CD_ECHOLAB_NAME_MISMATCH:
		out->server_cert = lab->ip_only;
		out->server_key = lab->ip_only_key;
		out->trust = lab->lab_ca;
		out->crl = NULL;
		out->peer_name = "localhost";
		break;
	case CD_ECHOLAB_NO_CLIENT_CERT:
		require_client(out, lab->store_ca);
		break;
	case CD_ECHOLAB_EXPIRED:
		out->server_cert = lab->expired;
		out->server_key = lab->expired_key;
		out->trust = lab->lab_ca;
		out->crl = NULL;
		out->peer_name = "localhost";
		break;
	case CD_ECHOLAB_REVOKED:
		out->server_cert = lab->revoked;
		out->server_key = lab->revoked_key;
		out->trust = lab->lab_ca;
		out->crl = lab->lab_crl;
		out->peer_name = "localhost";
		break;
	case CD_ECHOLAB_MUTUAL:
		if (lab->store_client) {
			require_client(out, lab->store_ca);
			out->client_cert_file = lab->store_client;
			out->client_key = lab->store_client_key;
			out->client_name = lab->store_client_name;
		} else {
			require_client(out, lab->lab_ca);
			out->client_cert_file = lab->client;
			out->client_key = lab->client_key;
		}
		break;
	default:
		break;
	}
}

/* ---- names and keys ------------------------------------------------- */

/* The first DNS name or IP address of CRT's subject alternative names. */
static int first_san(gnutls_x509_crt_t crt, char *out, size_t size)
{
	unsigned i;

	for (i = 0;; i++) {
		char buf[256];
		size_t len = sizeof(buf) - 1;
		int type = gnutls_x509_crt_get_subject_alt_name(crt, i, buf,
								&len, NULL);

		if (type == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
			return -1;
		if (type == GNUTLS_SAN_DNSNAME) {
			buf[len] = '\0';
			snprintf(out, size, "%s", buf);
			return 0;
		}
		if (type == GNUTLS_SAN_IPADDRESS &&
		    inet_ntop(len == 4 ? AF_INET : AF_INET6, buf, out,
			      (socklen_t)size) != NULL)
			return 0;
		if (type < 0 && type != GNUTLS_E_SHORT_MEMORY_BUFFER)
			return -1;
	}
}

int cd_echolab_peer_name(struct cd_ctx *ctx, const char *cert, char *out,
			 size_t size)
{
	gnutls_x509_crt_t crt = NULL;
	size_t len = size;
	int ret = cd_file_load_crt(ctx, cert, &crt);

	if (ret < 0)
		return ret;
	if (first_san(crt, out, size) < 0 &&
	    gnutls_x509_crt_get_dn_by_oid(crt, GNUTLS_OID_X520_COMMON_NAME, 0,
					  0, out, &len) < 0)
		ret = cd_error(ctx, CD_E_NOTFOUND,
			       _("%s: the certificate names no DNS name, IP "
				 "address or CN to check"),
			       cert);
	gnutls_x509_crt_deinit(crt);
	return ret;
}

int cd_echolab_key_is_encrypted(struct cd_ctx *ctx, const char *path)
{
	gnutls_datum_t data = {NULL, 0};
	int ret = cd_file_read(ctx, path, 0, &data);

	if (ret < 0)
		return ret;
	ret = cd_key_is_encrypted(&data) ? 1 : 0;
	gnutls_free(data.data);
	return ret;
}

/* Is the certificate of PATH for a TLS client, valid at NOW, and not
 * revoked in INDEX (NULL: none read)? */
static int is_tls_client(const char *path, time_t now,
			 const struct cd_index *index)
{
	struct cd_ctx scratch;
	gnutls_x509_crt_t crt = NULL;
	const struct cd_index_entry *e;
	char serial[CD_SERIAL_HEX_MAX];
	int found = 0;
	unsigned i;

	memset(&scratch, 0, sizeof(scratch));
	if (cd_file_load_crt(&scratch, path, &crt) < 0)
		return 0;
	if (gnutls_x509_crt_get_activation_time(crt) > now ||
	    gnutls_x509_crt_get_expiration_time(crt) <= now ||
	    cd_crt_serial_hex(&scratch, crt, serial) < 0 ||
	    (index && (e = cd_index_find(index, serial)) != NULL &&
	     e->status == 'R')) {
		gnutls_x509_crt_deinit(crt);
		return 0;
	}
	for (i = 0; !found; i++) {
		char oid[128];
		size_t len = sizeof(oid);

		if (gnutls_x509_crt_get_key_purpose_oid(crt, i, oid, &len,
							NULL) < 0)
			break;
		found = strcmp(oid, GNUTLS_KP_TLS_WWW_CLIENT) == 0;
	}
	gnutls_x509_crt_deinit(crt);
	return found;
}

/* Is issued/NAME.crt (of D_NAME, "NAME.crt") a client's with its key,
 * of use now (is_tls_client)? */
static char *client_name_of(const char *store_dir, const char *d_name,
			    time_t now, const struct cd_index *index)
{
	size_t len = strlen(d_name);
	char *name, *crt = NULL, *key = NULL;

	if (len <= 4 || strcmp(d_name + len - 4, ".crt") != 0)
		return NULL;
	name = strndup(d_name, len - 4);
	if (name == NULL ||
	    asprintf(&crt, "%s/issued/%s.crt", store_dir, name) < 0)
		crt = NULL;
	if (name == NULL ||
	    asprintf(&key, "%s/private/%s.key", store_dir, name) < 0)
		key = NULL;
	if (crt == NULL || key == NULL || !cd_file_exists(key) ||
	    !is_tls_client(crt, now, index)) {
		free(name);
		name = NULL;
	}
	free(crt);
	free(key);
	return name;
}

/* Does the file D_NAME ("NAME.crt") name something before BEST? */
static int name_before(const char *d_name, const char *best)
{
	size_t len = strlen(d_name), n;
	int cmp;

	if (len <= 4)
		return 0;
	n = len - 4;
	cmp = strncmp(d_name, best, n);
	return cmp < 0 || (cmp == 0 && strlen(best) > n);
}

char *cd_echolab_store_client(struct cd_ctx *ctx, const char *store_dir)
{
	char *issued = cd_path_join(store_dir, "issued"), *best = NULL;
	struct cd_ctx scratch = *ctx;
	struct cd_store *store = NULL;
	struct cd_index index, *read = NULL;
	time_t now = cd_ctx_now(ctx);
	struct dirent *d;
	DIR *dir;

	/* index.txt says which are revoked; unreadable, none is known */
	scratch.log = NULL;
	if (cd_store_open(&scratch, store_dir, &store) == 0 &&
	    cd_index_load(&scratch, store, &index) == 0)
		read = &index;
	dir = issued ? opendir(issued) : NULL;
	while (dir && (d = readdir(dir)) != NULL) {
		char *name;

		/* The first by name: the same one every time. */
		if (best && !name_before(d->d_name, best))
			continue;
		name = client_name_of(store_dir, d->d_name, now, read);
		if (name) {
			free(best);
			best = name;
		}
	}
	if (dir)
		closedir(dir);
	free(issued);
	if (read)
		cd_index_free(read);
	cd_store_close(store);
	return best;
}
