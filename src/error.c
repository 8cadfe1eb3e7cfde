/* certdeck: error codes of the backend API. */
#include <config.h>

#include <stddef.h>

#include "error.h"
#include "i18n.h"

static const struct {
	int code;
	const char *text;
} error_texts[] = {
	{CD_E_OK, N_("success")},
	{CD_E_NOMEM, N_("out of memory")},
	{CD_E_IO, N_("input/output error")},
	{CD_E_INVALID, N_("invalid value")},
	{CD_E_PARSE, N_("malformed input")},
	{CD_E_CRYPTO, N_("cryptographic operation failed")},
	{CD_E_PASSWORD, N_("wrong or missing password")},
	{CD_E_NOTFOUND, N_("not found")},
	{CD_E_EXISTS, N_("already exists")},
	{CD_E_LOCKED, N_("store is locked")},
	{CD_E_VERIFY, N_("verification failed")},
	{CD_E_LINT, N_("lint found errors")},
	{CD_E_STORE, N_("store is inconsistent")},
	{CD_E_UNSUPPORTED, N_("not supported")},
};

const char *cd_strerror(int code)
{
	size_t i;

	for (i = 0; i < sizeof(error_texts) / sizeof(error_texts[0]); i++)
		if (error_texts[i].code == code)
			return _(error_texts[i].text);
	return _("unknown error");
}

int cd_error_is_verdict(int code)
{
	return code == CD_E_VERIFY || code == CD_E_LINT || code == CD_E_STORE;
}
