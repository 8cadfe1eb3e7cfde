/* certdeck: the demonstration store, built with the same calls as
 * `init-ca` and `issue`. */
#include <config.h>

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ca.h"
#include "demo.h"
#include "error.h"
#include "i18n.h"
#include "profile.h"
#include "store.h"

/* Add NAME's key, request and certificate with PROFILE to BATCH. */
static int demo_add(struct cd_ctx *ctx, struct cd_ca_batch *batch,
		    const char *profile, const char *name, const char *ip)
{
	struct cd_cert_params params;
	struct cd_key_params spec;
	int ret;

	cd_profile_init(&params);
	cd_key_params_init(&spec);
	spec.pk = GNUTLS_PK_ECDSA;
	ret = cd_store_load_profile(ctx, batch->store, profile, &params);
	/* A server for both its name and its address. */
	if (ret == 0 && ip)
		ret = cd_profile_set(ctx, &params, "dns_name", name, "demo");
	if (ret == 0 && ip)
		ret = cd_profile_set(ctx, &params, "ip_address", ip, "demo");
	if (ret == 0)
		ret = cd_ca_batch_add_new_keys(ctx, batch, &params, &name, 1,
					       &spec, 1);
	cd_profile_free(&params);
	return ret;
}

int cd_demo_create(struct cd_ctx *ctx, const char *dir)
{
	struct cd_ca_init init;
	struct cd_cert_params params;
	struct cd_store *store = NULL;
	struct cd_ca_batch batch;
	gnutls_privkey_t ca_key = NULL;
	int ret;

	memset(&init, 0, sizeof(init));
	memset(&batch, 0, sizeof(batch));
	init.dir = dir;
	cd_key_params_init(&init.key);
	init.key.pk = GNUTLS_PK_ECDSA;
	cd_profile_init(&params);
	ret = cd_profile_set(ctx, &params, "cn", "certdeck demo CA", "demo");
	if (ret == 0)
		ret = cd_profile_set(ctx, &params, "organization",
				     "certdeck demo", "demo");
	if (ret == 0)
		ret = cd_ca_init(ctx, &init, &params, &store);
	if (ret == 0)
		ret = cd_store_load_ca_key(ctx, store, NULL, &ca_key);
	if (ret == 0)
		ret = cd_ca_batch_begin(ctx, store, &batch);
	if (ret == 0)
		ret = demo_add(ctx, &batch, "server", "localhost", "127.0.0.1");
	if (ret == 0)
		ret = demo_add(ctx, &batch, "client", "client", NULL);
	if (ret == 0)
		ret = cd_ca_batch_commit(ctx, &batch, ca_key);
	cd_ca_batch_end(&batch);
	if (ca_key)
		gnutls_privkey_deinit(ca_key);
	cd_profile_free(&params);
	cd_store_close(store);
	return ret;
}

int cd_demo_mkdtemp(struct cd_ctx *ctx, char **out)
{
	const char *tmp = getenv("TMPDIR");
	char *dir;

	if (tmp == NULL || *tmp == '\0')
		tmp = "/tmp";
	if (asprintf(&dir, "%s/certdeck-demo-XXXXXX", tmp) < 0)
		return cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	if (mkdtemp(dir) == NULL) {
		int ret = cd_error(ctx, CD_E_IO,
				   _("%s: cannot create a directory: %s"), tmp,
				   strerror(errno));

		free(dir);
		return ret;
	}
	*out = dir;
	return 0;
}

static int remove_one(const char *path, const struct stat *st, int flag,
		      struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	return (flag == FTW_DP ? rmdir(path) : unlink(path)) < 0 ? -1 : 0;
}

int cd_demo_remove(struct cd_ctx *ctx, const char *dir)
{
	if (nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS) < 0)
		return cd_error(ctx, CD_E_IO, _("%s: cannot remove: %s"), dir,
				strerror(errno));
	return 0;
}
