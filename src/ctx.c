/* certdeck: the context every backend call takes. */
#include <config.h>

#include <stdio.h>
#include <string.h>

#include <gnutls/gnutls.h>

#include "ctx.h"
#include "error.h"
#include "i18n.h"

int cd_ctx_init(struct cd_ctx *ctx)
{
	int ret;

	memset(ctx, 0, sizeof(*ctx));
	ctx->log_threshold = CD_LOG_WARNING;
	ret = gnutls_global_init();
	if (ret < 0)
		return cd_gnutls_error(ctx, ret, _("cannot initialise GnuTLS"));
	return 0;
}

void cd_ctx_deinit(struct cd_ctx *ctx)
{
	gnutls_global_deinit();
	memset(ctx, 0, sizeof(*ctx));
}

void cd_ctx_set_log(struct cd_ctx *ctx, cd_log_fn fn, void *arg)
{
	ctx->log = fn;
	ctx->log_arg = arg;
}

time_t cd_ctx_now(const struct cd_ctx *ctx)
{
	return ctx->has_fixed_time ? ctx->fixed_time : time(NULL);
}

void cd_ctx_set_time(struct cd_ctx *ctx, time_t when)
{
	ctx->has_fixed_time = 1;
	ctx->fixed_time = when;
}

int cd_verror(struct cd_ctx *ctx, int code, const char *fmt, va_list ap)
{
	vsnprintf(ctx->message, sizeof(ctx->message), fmt, ap);
	return code;
}

int cd_error(struct cd_ctx *ctx, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cd_verror(ctx, code, fmt, ap);
	va_end(ap);
	return code;
}

static int code_for_gnutls(int gnutls_ret)
{
	switch (gnutls_ret) {
	case GNUTLS_E_MEMORY_ERROR:
		return CD_E_NOMEM;
	case GNUTLS_E_DECRYPTION_FAILED:
		return CD_E_PASSWORD;
	case GNUTLS_E_BASE64_DECODING_ERROR:
	case GNUTLS_E_BASE64_UNEXPECTED_HEADER_ERROR:
	case GNUTLS_E_ASN1_DER_ERROR:
	case GNUTLS_E_ASN1_VALUE_NOT_FOUND:
	case GNUTLS_E_ASN1_ELEMENT_NOT_FOUND:
	case GNUTLS_E_ASN1_TAG_ERROR:
	case GNUTLS_E_ASN1_DER_OVERFLOW:
	case GNUTLS_E_ASN1_TYPE_ANY_ERROR:
	case GNUTLS_E_ASN1_SYNTAX_ERROR:
	case GNUTLS_E_ASN1_GENERIC_ERROR:
	case GNUTLS_E_ASN1_VALUE_NOT_VALID:
	case GNUTLS_E_ASN1_TAG_IMPLICIT:
	case GNUTLS_E_UNKNOWN_PK_ALGORITHM:
	case GNUTLS_E_UNEXPECTED_PACKET_LENGTH:
		return CD_E_PARSE;
	default:
		return CD_E_CRYPTO;
	}
}

int cd_gnutls_error(struct cd_ctx *ctx, int gnutls_ret, const char *fmt, ...)
{
	va_list ap;
	size_t len;

	va_start(ap, fmt);
	vsnprintf(ctx->message, sizeof(ctx->message), fmt, ap);
	va_end(ap);
	len = strlen(ctx->message);
	snprintf(ctx->message + len, sizeof(ctx->message) - len, ": %s",
		 gnutls_strerror(gnutls_ret));
	return code_for_gnutls(gnutls_ret);
}

void cd_log(struct cd_ctx *ctx, enum cd_log_level level, const char *fmt, ...)
{
	char buf[CD_MESSAGE_MAX];
	va_list ap;

	if (ctx->log == NULL || level < ctx->log_threshold)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	ctx->log(ctx->log_arg, level, buf);
}

const char *cd_ctx_message(const struct cd_ctx *ctx)
{
	return ctx->message;
}

long cd_days_left(time_t until, time_t now)
{
	if (until > now)
		return (long)((until - now + 86399) / 86400);
	return -(long)((now - until) / 86400);
}
