/* certdeck: error codes of the backend API.
 *
 * Every backend function returns 0 or one of these negative codes; the
 * context (ctx.h) then holds a message for a person. */
#ifndef CD_ERROR_H
#define CD_ERROR_H

enum cd_error {
	CD_E_OK = 0,
	CD_E_NOMEM = -1,       /* out of memory */
	CD_E_IO = -2,          /* a file could not be read or written */
	CD_E_INVALID = -3,     /* a value given by the user is not acceptable */
	CD_E_PARSE = -4,       /* a file is malformed, truncated or of the wrong type */
	CD_E_CRYPTO = -5,      /* GnuTLS refused an operation */
	CD_E_PASSWORD = -6,    /* a password is wrong or missing */
	CD_E_NOTFOUND = -7,    /* a named item does not exist */
	CD_E_EXISTS = -8,      /* the item to create already exists */
	CD_E_LOCKED = -9,      /* the store is locked by another process */
	CD_E_VERIFY = -10,     /* ran fine, and the answer is no (chain not trusted) */
	CD_E_LINT = -11,       /* a lint finding at error level stops the operation */
	CD_E_STORE = -12,      /* the store is inconsistent */
	CD_E_UNSUPPORTED = -13 /* valid, but not something certdeck does */
};

/* A short description of CODE, translated. */
const char *cd_strerror(int code);

/* Nonzero when CODE means "the operation ran and the answer is no"
 * (command-line exit status 1) rather than bad input (exit status 2). */
int cd_error_is_verdict(int code);

#endif
