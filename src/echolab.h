/* certdeck: the echo test's lab: the classic TLS failures (and two
 * successes) set up around a store's server certificate.
 *
 * The material a scenario needs that a store does not hold (a CA of its
 * own, a certificate for 127.0.0.1 only, an expired certificate, a client
 * certificate) is made in a throwaway directory, signed by a lab CA that
 * is not the store's, and removed with the lab. Nothing of the store is
 * written. */
#ifndef CD_ECHOLAB_H
#define CD_ECHOLAB_H

#include <stddef.h>

#include "ctx.h"
#include "echo.h"

enum cd_echolab_scenario {
	CD_ECHOLAB_WRONG_CA,	   /* the client trusts another CA */
	CD_ECHOLAB_NAME_MISMATCH,  /* localhost against 127.0.0.1 only */
	CD_ECHOLAB_NO_CLIENT_CERT, /* required by the server, none given */
	CD_ECHOLAB_EXPIRED,	   /* the server's certificate expired */
	CD_ECHOLAB_REVOKED,	   /* the server's certificate is revoked */
	CD_ECHOLAB_MUTUAL,	   /* mutual TLS that works */
	CD_ECHOLAB_PLAIN,	   /* plain TLS that works */
	CD_ECHOLAB_SCENARIOS
};

/* What a scenario starts from: the store's server certificate. */
struct cd_echolab_base {
	const char *store_dir;
	const char *server_cert; /* issued/NAME.crt */
	const char *server_key;	 /* private/NAME.key */
	const char *peer_name;	 /* the name the client checks */
};

/* What both ends get. The strings belong to the lab or to the base. */
struct cd_echolab_setup {
	const char *server_cert, *server_key;
	const char *server_ca; /* CAs of client certificates, or NULL */
	enum cd_echo_client_cert client_cert;
	const char *trust;     /* the CA the client trusts */
	const char *peer_name; /* the name it checks */
	const char *client_cert_file, *client_key; /* NULL: none */
	const char *crl;	 /* the CRL the client checks, or NULL */
	const char *client_name; /* the store's name of it, or NULL */
};

struct cd_echolab {
	char *dir;     /* the throwaway directory */
	char *lab_ca;  /* lab-ca.crt: the lab's CA, not the store's */
	char *ip_only; /* ip-only.crt: for 127.0.0.1 only, by the lab CA */
	char *ip_only_key;
	char *expired; /* expired.crt: for localhost, expired in 2021 */
	char *expired_key;
	char *revoked; /* revoked.crt: for localhost, in lab-ca.crl */
	char *revoked_key;
	char *lab_crl; /* lab-ca.crl: the lab CA's CRL, listing revoked.crt */
	char *client;  /* client.crt: a TLS client, by the lab CA */
	char *client_key;
	char *store_ca;	 /* the store's ca.crt */
	char *store_crl; /* the store's crl.pem, or NULL when it has none */
	/* The store's first client certificate with its key, or NULL. */
	char *store_client_name, *store_client, *store_client_key;
};

/* Make the lab for the store STORE_DIR in a new directory under $TMPDIR
 * (else /tmp): the lab CA and the certificates it signs, ECDSA keys. */
int cd_echolab_new(struct cd_ctx *ctx, const char *store_dir,
		   struct cd_echolab **out);
/* Remove the directory and free. */
void cd_echolab_free(struct cd_echolab *lab);

/* The setup of scenario S around BASE. */
void cd_echolab_setup(const struct cd_echolab *lab, enum cd_echolab_scenario s,
		      const struct cd_echolab_base *base,
		      struct cd_echolab_setup *out);

/* N_(): the scenario's title, and what should happen. */
const char *cd_echolab_title(enum cd_echolab_scenario s);
const char *cd_echolab_expect(enum cd_echolab_scenario s);

/* The name a client checks for the certificate of CERT: its first DNS
 * name or IP address, else its CN. */
int cd_echolab_peer_name(struct cd_ctx *ctx, const char *cert, char *out,
			 size_t size);

/* Is the private key file PATH encrypted? 1, 0, or a CD_E_* code. */
int cd_echolab_key_is_encrypted(struct cd_ctx *ctx, const char *path);

/* The store's first issued certificate (by name) for a TLS client that
 * has its key in private/, valid now and not revoked: its NAME (free
 * it), or NULL when none. */
char *cd_echolab_store_client(struct cd_ctx *ctx, const char *store_dir);

#endif
