/* certdeck: the context every backend call takes.
 *
 * It carries the clock (settable by tests), the log sink (the command line
 * points it at stderr, the TUI at its message line, tests at a buffer) and
 * the message describing the last failure. No globals elsewhere. */
#ifndef CD_CTX_H
#define CD_CTX_H

#include <stdarg.h>
#include <stddef.h>
#include <time.h>

enum cd_log_level {
	CD_LOG_DEBUG,
	CD_LOG_INFO,
	CD_LOG_WARNING, /* shown to the user, operation goes on */
};

typedef void (*cd_log_fn)(void *arg, enum cd_log_level level,
			  const char *message);

#define CD_MESSAGE_MAX 2048

struct cd_ctx {
	char message[CD_MESSAGE_MAX]; /* last failure, for a person */
	int has_fixed_time;
	time_t fixed_time;
	cd_log_fn log;
	void *log_arg;
	enum cd_log_level log_threshold;
};

/* Initialise CTX and GnuTLS. Returns 0 or a negative CD_E_* code. */
int cd_ctx_init(struct cd_ctx *ctx);
void cd_ctx_deinit(struct cd_ctx *ctx);

void cd_ctx_set_log(struct cd_ctx *ctx, cd_log_fn fn, void *arg);

/* The clock: the fixed time when one is set, else time(NULL). */
time_t cd_ctx_now(const struct cd_ctx *ctx);
/* The days from NOW to UNTIL as every screen and list says them: whole
 * days begun (a certificate issued for 30 days has 30 left on its first
 * day), negative once UNTIL is past (whole days since). "Within N days"
 * is then a value <= N. */
long cd_days_left(time_t until, time_t now);
void cd_ctx_set_time(struct cd_ctx *ctx, time_t when);

/* Record a message for a person and return CODE, so that callers write
 *     return cd_error(ctx, CD_E_INVALID, _("%s: ..."), path);
 * The message says what failed, on which file or field, and what to do. */
int cd_error(struct cd_ctx *ctx, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int cd_verror(struct cd_ctx *ctx, int code, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));

/* Like cd_error, appending GnuTLS's text for GNUTLS_RET and mapping it to a
 * CD_E_* code (parse errors to CD_E_PARSE, memory to CD_E_NOMEM, wrong
 * passwords to CD_E_PASSWORD, the rest to CD_E_CRYPTO). */
int cd_gnutls_error(struct cd_ctx *ctx, int gnutls_ret, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Send a message to the log sink. Warnings reach the user. */
void cd_log(struct cd_ctx *ctx, enum cd_log_level level, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
#define cd_warn(ctx, ...) cd_log(ctx, CD_LOG_WARNING, __VA_ARGS__)

/* The message of the last failure ("" when none). */
const char *cd_ctx_message(const struct cd_ctx *ctx);

#endif
