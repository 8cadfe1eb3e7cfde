/* certdeck: the demonstration store of `certdeck --demo`. */
#ifndef CD_DEMO_H
#define CD_DEMO_H

#include "ctx.h"

/* Create in DIR (missing or empty) a store with an ECDSA CA, a server
 * certificate for localhost and 127.0.0.1 (issued/localhost.crt) and a
 * client certificate (issued/client.crt), keys unencrypted. */
int cd_demo_create(struct cd_ctx *ctx, const char *dir);

/* Make a fresh directory for a demo under $TMPDIR (else /tmp): *OUT,
 * to free. */
int cd_demo_mkdtemp(struct cd_ctx *ctx, char **out);
/* Remove the demo directory DIR and everything in it. */
int cd_demo_remove(struct cd_ctx *ctx, const char *dir);

#endif
