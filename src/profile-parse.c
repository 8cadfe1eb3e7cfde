/* certdeck: reading certtool templates (the syntax of autoopts' config
 * files as certtool uses them). */
#include <config.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "file.h"
#include "i18n.h"
#include "profile.h"

struct line_ctx {
	const char *filename;
	unsigned lineno;
	char origin[512];
};

/* Copy P..END into OUT the way autoopts reads certtool templates: a
 * backslash before QUOTE gives QUOTE, and a backslash before anything else
 * drops both characters (so "New\, York" reads "New York"). Stops at an
 * unescaped QUOTE (0: none); *STOP gets where it stopped. */
static size_t copy_value(const char *p, const char *end, char quote, char *out,
			 const char **stop)
{
	size_t n = 0;

	for (; p < end && (quote == 0 || *p != quote); p++) {
		if (*p != '\\') {
			out[n++] = *p;
		} else if (p + 1 < end) {
			p++;
			if (quote != 0 && *p == quote)
				out[n++] = *p;
		}
	}
	out[n] = '\0';
	*stop = p;
	return n;
}

static int value_is_dup(const struct cd_keyword *kw,
			struct cd_cert_params *params)
{
	const char *field = (const char *)params + kw->offset;

	if (kw->type == CD_KW_TEXT)
		return *(char *const *)(const void *)field != NULL;
	if (kw->type == CD_KW_NUM)
		return ((const struct cd_num *)(const void *)field)->set;
	return 0;
}

static int parse_value(struct cd_ctx *ctx, struct line_ctx *lc, const char *p,
		       const char *end, char *value, int *has_value)
{
	*has_value = 0;
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (p < end && (*p == '=' || *p == ':')) {
		p++;
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
	}
	/* Unquoted values keep their trailing blanks, as certtool's do;
	 * only a CRLF line end is taken off. */
	if (end > p && end[-1] == '\r')
		end--;
	if (p == end)
		return 0;
	*has_value = 1;
	if (*p != '"' && *p != '\'') {
		copy_value(p, end, 0, value, &p);
		return 0;
	}
	copy_value(p + 1, end, *p, value, &p);
	if (p >= end)
		return cd_error(ctx, CD_E_INVALID,
				_("%s: unterminated quoted value"), lc->origin);
	for (p++; p < end && isspace((unsigned char)*p); p++)
		;
	if (p < end && *p != '#')
		return cd_error(ctx, CD_E_INVALID,
				_("%s: text after the quoted value"),
				lc->origin);
	return 0;
}

static int parse_line(struct cd_ctx *ctx, struct line_ctx *lc, const char *p,
		      const char *end, struct cd_cert_params *params, char *buf)
{
	const struct cd_keyword *kw;
	const char *name = p;
	size_t name_len;
	char name_buf[64];
	int has_value, ret;

	while (p < end && (isalnum((unsigned char)*p) || *p == '_'))
		p++;
	name_len = (size_t)(p - name);
	if (name_len == 0 || name_len >= sizeof(name_buf))
		return cd_error(ctx, CD_E_INVALID,
				_("%s: expected 'keyword = value'"),
				lc->origin);
	memcpy(name_buf, name, name_len);
	name_buf[name_len] = '\0';
	ret = parse_value(ctx, lc, p, end, buf, &has_value);
	if (ret < 0)
		return ret;
	kw = cd_profile_keyword(name_buf);
	if (kw == NULL) {
		cd_warn(ctx, _("%s: skipping unknown keyword '%s'"), lc->origin,
			name_buf);
		return 0;
	}
	if (kw->type != CD_KW_BOOL && !has_value)
		return cd_error(ctx, CD_E_INVALID, _("%s: '%s' needs a value"),
				lc->origin, kw->name);
	if (value_is_dup(kw, params)) {
		cd_warn(ctx,
			_("%s: '%s' given again; only the first one "
			  "counts (as with certtool)"),
			lc->origin, kw->name);
		return 0;
	}
	return cd_profile_set(ctx, params, kw->name, has_value ? buf : NULL,
			      lc->origin);
}

int cd_profile_parse(struct cd_ctx *ctx, const char *text, size_t len,
		     const char *filename, struct cd_cert_params *params)
{
	struct line_ctx lc = {filename, 0, ""};
	const char *p = text, *end = text + len, *eol;
	char *buf = malloc(len + 1);
	int ret = 0;

	if (buf == NULL)
		return cd_error(ctx, CD_E_NOMEM, _("out of memory"));
	while (p < end && ret == 0) {
		eol = memchr(p, '\n', (size_t)(end - p));
		if (eol == NULL)
			eol = end;
		lc.lineno++;
		snprintf(lc.origin, sizeof(lc.origin), "%s:%u", filename,
			 lc.lineno);
		while (p < eol && isspace((unsigned char)*p))
			p++;
		if (p < eol && *p != '#')
			ret = parse_line(ctx, &lc, p, eol, params, buf);
		p = eol + 1;
	}
	free(buf);
	return ret;
}

int cd_profile_load(struct cd_ctx *ctx, const char *path,
		    struct cd_cert_params *params)
{
	gnutls_datum_t data = {NULL, 0};
	int ret;

	ret = cd_file_read(ctx, path, 1, &data);
	if (ret < 0)
		return ret;
	if (memchr(data.data, '\0', data.size) != NULL) {
		ret = cd_error(ctx, CD_E_PARSE,
			       _("%s: not a template (binary data)"), path);
		goto out;
	}
	ret = cd_profile_parse(ctx, (const char *)data.data, data.size, path,
			       params);
out:
	gnutls_free(data.data);
	return ret;
}
