/* certdeck: the state of a form, without curses. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "form.h"
#include "i18n.h"

static int is_list(const struct form_field *field)
{
	return field->prompt->kind == CD_PROMPT_LIST;
}

int form_is_toggle(const struct form_field *field)
{
	return field->prompt->kind == CD_PROMPT_NO ||
	       field->prompt->kind == CD_PROMPT_YES;
}

static void field_reset(struct form_field *field)
{
	size_t i;

	for (i = 0; i < field->n_values; i++) {
		memset(field->values[i], 0, strlen(field->values[i]));
		free(field->values[i]);
	}
	free(field->values);
	field->values = NULL;
	field->n_values = 0;
	free(field->error);
	field->error = NULL;
}

/* Give FIELD the single value TEXT. */
static int field_set_one(struct form_field *field, const char *text)
{
	field_reset(field);
	field->values = calloc(1, sizeof(char *));
	if (field->values == NULL)
		return CD_E_NOMEM;
	field->values[0] = strdup(text);
	if (field->values[0] == NULL)
		return CD_E_NOMEM;
	field->n_values = 1;
	return 0;
}

static int field_defaults(struct form_field *field)
{
	char serial[43];
	const char *text =
	    field->prompt->fallback ? field->prompt->fallback : "";

	if (field->prompt->kind == CD_PROMPT_SERIAL &&
	    cd_prompt_serial_random(serial) == 0)
		text = serial;
	field->on = field->prompt->kind == CD_PROMPT_YES;
	return field_set_one(field, text);
}

int form_init(struct form *f, const struct cd_prompt *prompts, size_t n,
	      int rsa)
{
	size_t i;

	memset(f, 0, sizeof(*f));
	f->rsa = rsa;
	f->fields = calloc(n ? n : 1, sizeof(*f->fields));
	if (f->fields == NULL)
		return CD_E_NOMEM;
	f->n = n;
	for (i = 0; i < n; i++) {
		f->fields[i].prompt = &prompts[i];
		f->fields[i].kw = cd_prompt_keyword(&prompts[i]);
		if (field_defaults(&f->fields[i]) < 0) {
			form_free(f);
			return CD_E_NOMEM;
		}
	}
	form_focus(f, 0);
	return 0;
}

void form_free(struct form *f)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		field_reset(&f->fields[i]);
	free(f->fields);
	memset(f, 0, sizeof(*f));
}

int form_find(const struct form *f, const char *keyword)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		if (strcmp(f->fields[i].prompt->keyword, keyword) == 0)
			return (int)i;
	return -1;
}

static int toggle_on(const struct form *f, const char *keyword)
{
	int i = form_find(f, keyword);

	return i >= 0 && f->fields[i].on;
}

struct cd_prompt_state form_state(const struct form *f)
{
	struct cd_prompt_state s;

	s.ca = toggle_on(f, "ca");
	s.server = toggle_on(f, "tls_www_server");
	s.rsa = f->rsa;
	return s;
}

int form_applies(const struct form *f, size_t i)
{
	struct cd_prompt_state s = form_state(f);

	return i < f->n && cd_prompt_applies(f->fields[i].prompt, &s);
}

const char *form_value(const struct form *f, size_t i, size_t v)
{
	if (i >= f->n || v >= f->fields[i].n_values)
		return NULL;
	return f->fields[i].values[v];
}

static void clear_error(struct form_field *field)
{
	if (field == NULL)
		return;
	free(field->error);
	field->error = NULL;
}

int form_set(struct form *f, size_t i, size_t v, const char *text)
{
	struct form_field *field;
	char *copy;

	if (i >= f->n || v >= f->fields[i].n_values)
		return CD_E_INVALID;
	field = &f->fields[i];
	copy = strdup(text);
	if (copy == NULL)
		return CD_E_NOMEM;
	free(field->values[v]);
	field->values[v] = copy;
	clear_error(field);
	if (f->focus == i && f->value == v)
		f->cursor = strlen(copy);
	/* Typing into the empty slot of a list opens a new one after it. */
	if (is_list(field) && v + 1 == field->n_values && *copy)
		return form_add_value(f, i, "") < 0 ? CD_E_NOMEM : 0;
	return 0;
}

/* Insert TEXT as value V of field I. */
static int insert_value(struct form_field *field, size_t v, const char *text)
{
	char **values =
	    realloc(field->values, (field->n_values + 1) * sizeof(char *));
	char *copy = strdup(text);

	if (values)
		field->values = values;
	if (values == NULL || copy == NULL) {
		free(copy);
		return CD_E_NOMEM;
	}
	memmove(values + v + 1, values + v,
		(field->n_values - v) * sizeof(char *));
	values[v] = copy;
	field->n_values++;
	return 0;
}

int form_add_value(struct form *f, size_t i, const char *text)
{
	struct form_field *field;

	if (i >= f->n || !is_list(&f->fields[i]))
		return CD_E_INVALID;
	field = &f->fields[i];
	/* Before the empty slot (keeping one at the end). */
	if (*text == '\0' || field->values[field->n_values - 1][0] != '\0')
		return insert_value(field, field->n_values, text);
	return insert_value(field, field->n_values - 1, text);
}

void form_remove_value(struct form *f, size_t i, size_t v)
{
	struct form_field *field;

	if (i >= f->n || v >= f->fields[i].n_values)
		return;
	field = &f->fields[i];
	if (field->n_values == 1) {
		field->values[0][0] = '\0';
	} else {
		free(field->values[v]);
		memmove(field->values + v, field->values + v + 1,
			(field->n_values - v - 1) * sizeof(char *));
		field->n_values--;
	}
	if (field->error && field->error_value == v)
		clear_error(field);
	if (f->focus == i && f->value >= field->n_values)
		f->value = field->n_values - 1;
	if (f->focus == i)
		f->cursor = strlen(field->values[f->value]);
}

void form_toggle(struct form *f, size_t i, int on)
{
	struct form_field *field;
	int want;

	if (i >= f->n || !form_is_toggle(&f->fields[i]))
		return;
	field = &f->fields[i];
	want = on < 0 ? !field->on : on != 0;
	if (field->locked && want != field->on) {
		free(field->error);
		field->error = strdup(field->locked);
		field->error_value = 0;
		return;
	}
	field->on = want;
}

void form_lock(struct form *f, size_t i, const char *why)
{
	if (i < f->n && form_is_toggle(&f->fields[i]))
		f->fields[i].locked = why;
}

/* ---- editing the focused value -------------------------------------- */

static struct form_field *focused(struct form *f)
{
	return f->n ? &f->fields[f->focus] : NULL;
}

static char *focused_text(struct form *f)
{
	struct form_field *field = focused(f);

	return field ? field->values[f->value] : NULL;
}

static int toggle_key(struct form *f, const char *text)
{
	if (strcmp(text, " ") == 0)
		form_toggle(f, f->focus, -1);
	/* L10N: not a message: the keys of a yes/no field; o and O (oui) answer
	 * yes too, so a French (o/N) works; n and N answer no in both
	 * languages. */
	else if (strchr("yYoO", text[0]) && text[1] == '\0')
		form_toggle(f, f->focus, 1);
	else if (strchr("nN", text[0]) && text[1] == '\0')
		form_toggle(f, f->focus, 0);
	return 0;
}

int form_insert(struct form *f, const char *text)
{
	struct form_field *field = focused(f);
	char *old, *neu;
	size_t len, add = strlen(text);

	if (field == NULL || add == 0)
		return 0;
	if (form_is_toggle(field))
		return toggle_key(f, text);
	old = focused_text(f);
	len = strlen(old);
	neu = malloc(len + add + 1);
	if (neu == NULL)
		return CD_E_NOMEM;
	memcpy(neu, old, f->cursor);
	memcpy(neu + f->cursor, text, add);
	memcpy(neu + f->cursor + add, old + f->cursor, len - f->cursor + 1);
	memset(old, 0, len);
	free(old);
	field->values[f->value] = neu;
	f->cursor += add;
	clear_error(field);
	if (is_list(field) && f->value + 1 == field->n_values)
		return form_add_value(f, f->focus, "");
	return 0;
}

/* The start of the character before byte POS of S. */
static size_t char_before(const char *s, size_t pos)
{
	while (pos > 0) {
		pos--;
		if (((unsigned char)s[pos] & 0xc0) != 0x80)
			break;
	}
	return pos;
}

/* The start of the character after the one at byte POS of S. */
static size_t char_after(const char *s, size_t pos)
{
	if (s[pos] == '\0')
		return pos;
	pos++;
	while (((unsigned char)s[pos] & 0xc0) == 0x80)
		pos++;
	return pos;
}

/* Remove bytes [FROM, TO) of the focused value. */
static void cut(struct form *f, size_t from, size_t to)
{
	char *s = focused_text(f);

	if (s == NULL || from >= to)
		return;
	memmove(s + from, s + to, strlen(s + to) + 1);
	f->cursor = from;
	clear_error(focused(f));
}

void form_backspace(struct form *f)
{
	char *s = focused_text(f);

	if (s && !form_is_toggle(focused(f)))
		cut(f, char_before(s, f->cursor), f->cursor);
}

void form_delete(struct form *f)
{
	char *s = focused_text(f);

	if (s && !form_is_toggle(focused(f)))
		cut(f, f->cursor, char_after(s, f->cursor));
}

void form_left(struct form *f)
{
	char *s = focused_text(f);

	if (s)
		f->cursor = char_before(s, f->cursor);
}

void form_right(struct form *f)
{
	char *s = focused_text(f);

	if (s)
		f->cursor = char_after(s, f->cursor);
}

void form_home(struct form *f)
{
	f->cursor = 0;
}

void form_end(struct form *f)
{
	char *s = focused_text(f);

	f->cursor = s ? strlen(s) : 0;
}

void form_clear_value(struct form *f)
{
	char *s = focused_text(f);

	if (s && !form_is_toggle(focused(f)))
		cut(f, 0, strlen(s));
}

/* ---- moving and checking -------------------------------------------- */

int form_check_field(struct form *f, size_t i)
{
	struct form_field *field = &f->fields[i];
	const char *why = NULL;
	size_t v;

	clear_error(field);
	if (form_is_toggle(field) || field->kw->check == NULL)
		return 0;
	for (v = 0; v < field->n_values && why == NULL; v++)
		if (field->values[v][0] != '\0')
			why = field->kw->check(field->values[v]);
	if (why == NULL)
		return 0;
	/* L10N: beside a refused value of a form: what it should be. */
	if (asprintf(&field->error, _("expected %s"), why) < 0)
		field->error = NULL;
	field->error_value = v - 1;
	return -1;
}

/* Leaving the focused value: an emptied value of a list goes, and the
 * field is checked. */
static void leave_value(struct form *f)
{
	struct form_field *field = focused(f);

	if (field == NULL)
		return;
	if (is_list(field) && field->values[f->value][0] == '\0' &&
	    f->value + 1 < field->n_values) {
		form_remove_value(f, f->focus, f->value);
	}
	form_check_field(f, f->focus);
}

static void enter(struct form *f, size_t i, size_t v)
{
	f->focus = i;
	f->value = v;
	f->cursor = strlen(f->fields[i].values[v]);
}

void form_focus(struct form *f, size_t i)
{
	if (i < f->n)
		enter(f, i, 0);
}

int form_next(struct form *f)
{
	struct form_field *field = focused(f);
	size_t i, v = f->value;
	int emptied;

	if (field == NULL)
		return 1;
	emptied = is_list(field) && field->values[v][0] == '\0' &&
		  v + 1 < field->n_values;
	leave_value(f);
	/* An emptied value was removed and the next took its place: go
	 * there, unless it is the empty slot (the field is done). */
	if (is_list(field) && v + 1 < field->n_values) {
		enter(f, f->focus, emptied ? v : v + 1);
		return 0;
	}
	for (i = f->focus + 1; i < f->n; i++)
		if (form_applies(f, i)) {
			enter(f, i, 0);
			return 0;
		}
	return 1;
}

int form_prev(struct form *f)
{
	size_t i;

	if (focused(f) == NULL)
		return 1;
	leave_value(f);
	if (f->value > 0) {
		enter(f, f->focus, f->value - 1);
		return 0;
	}
	for (i = f->focus; i-- > 0;)
		if (form_applies(f, i)) {
			enter(f, i, f->fields[i].n_values - 1);
			return 0;
		}
	return 1;
}

int form_check(struct form *f)
{
	size_t i;
	int first = -1;

	for (i = 0; i < f->n; i++)
		if (form_applies(f, i) && form_check_field(f, i) < 0 &&
		    first < 0)
			first = (int)i;
	if (first >= 0)
		enter(f, (size_t)first, f->fields[first].error_value);
	return first;
}

/* ---- to and from the parameters -------------------------------------- */

static int field_to_params(const struct form_field *field, struct cd_ctx *ctx,
			   struct cd_cert_params *params)
{
	const char *name = field->kw->name;
	size_t v;
	int ret = 0;

	if (form_is_toggle(field))
		return field->on ? cd_profile_set(ctx, params, name, NULL, name)
				 : 0;
	for (v = 0; v < field->n_values && ret == 0; v++)
		if (field->values[v][0] != '\0')
			ret = cd_profile_set(ctx, params, name,
					     field->values[v], name);
	return ret;
}

int form_to_params(const struct form *f, struct cd_ctx *ctx,
		   struct cd_cert_params *params)
{
	size_t i;
	int ret = 0;

	for (i = 0; i < f->n; i++)
		cd_profile_clear(params, f->fields[i].kw);
	for (i = 0; i < f->n && ret == 0; i++)
		if (form_applies(f, i))
			ret = field_to_params(&f->fields[i], ctx, params);
	return ret;
}

static int field_from_params(struct form_field *field,
			     const struct cd_cert_params *params)
{
	char buf[32];
	const char *first =
	    cd_params_value(params, field->kw, 0, buf, sizeof(buf));
	size_t v;
	int ret;

	if (form_is_toggle(field)) {
		/* A locked toggle keeps its answer whatever a template says. */
		if (!field->locked)
			field->on = first != NULL;
		return 0;
	}
	if (first == NULL)
		return field->prompt->kind == CD_PROMPT_SERIAL
			   ? 0
			   : field_set_one(field, field->prompt->fallback
						      ? field->prompt->fallback
						      : "");
	ret = field_set_one(field, first);
	if (!is_list(field))
		return ret;
	for (v = 1; ret == 0 && (first = cd_params_value(params, field->kw, v,
							 buf, sizeof(buf)));
	     v++)
		ret = insert_value(field, field->n_values, first);
	return ret == 0 ? insert_value(field, field->n_values, "") : ret;
}

int form_from_params(struct form *f, const struct cd_cert_params *params)
{
	size_t i;
	int ret = 0;

	for (i = 0; i < f->n && ret == 0; i++)
		ret = field_from_params(&f->fields[i], params);
	form_focus(f, 0);
	return ret;
}
