/* certdeck: the state of a form (curses-free, unit-tested): fields built
 * from certtool's prompt descriptors (src/prompt.h), their values, the
 * cursor, moving between fields, and validation with the same checkers
 * as templates and flags. formview.c draws a form and feeds it keys.
 *
 * A field holds one value, or for a repeatable prompt (CD_PROMPT_LIST)
 * several, the last of which is always an empty slot for "an additional"
 * one: typing into it adds a value, and a value emptied is removed when
 * it is left. Toggles hold on/off. Moving away from a value checks it;
 * the reason a value is refused stays in field->error until it changes. */
#ifndef UI_FORM_H
#define UI_FORM_H

#include <stddef.h>

#include "ctx.h"
#include "profile.h"
#include "prompt.h"

struct form_field {
	const struct cd_prompt *prompt;
	const struct cd_keyword *kw;
	char **values; /* n_values of them (at least one) */
	size_t n_values;
	int on;		    /* toggles (CD_PROMPT_NO, CD_PROMPT_YES) */
	char *error;	    /* why a value was refused, or NULL */
	size_t error_value; /* which value it is about */
	/* A toggle that keeps its answer (form_lock): why, or NULL. */
	const char *locked;
};

struct form {
	struct form_field *fields;
	size_t n;
	size_t focus;  /* the field being edited */
	size_t value;  /* which of its values */
	size_t cursor; /* byte offset in that value (on a character) */
	int rsa;       /* the key is RSA: RSA-only prompts apply */
};

/* A form with a field per prompt, with certtool's defaults (a random
 * serial, path length -1, Y/n toggles on). Returns 0 or CD_E_NOMEM. */
int form_init(struct form *f, const struct cd_prompt *prompts, size_t n,
	      int rsa);
void form_free(struct form *f);

/* The field filling KEYWORD, or -1. */
int form_find(const struct form *f, const char *keyword);
/* What decides which prompts apply now (the CA and server toggles). */
struct cd_prompt_state form_state(const struct form *f);
/* Does field I apply now (certtool would ask it)? */
int form_applies(const struct form *f, size_t i);
/* Is field I a toggle? */
int form_is_toggle(const struct form_field *field);

/* Values. form_value: value V of field I (NULL when none); form_set:
 * replace it (the cursor goes to its end when it is the focused one). */
const char *form_value(const struct form *f, size_t i, size_t v);
int form_set(struct form *f, size_t i, size_t v, const char *text);
/* A repeatable field: add TEXT before the empty slot; remove value V. */
int form_add_value(struct form *f, size_t i, const char *text);
void form_remove_value(struct form *f, size_t i, size_t v);
/* A toggle: ON 1 or 0, or -1 to flip it. A locked toggle keeps its
 * answer and says why (field->error). */
void form_toggle(struct form *f, size_t i, int on);
/* Lock toggle I (as it is now) for WHY (translated, kept as given): the
 * CA wizard's "belong to an authority?" stays yes. */
void form_lock(struct form *f, size_t i, const char *why);

/* Editing the focused value at the cursor (UTF-8 safe). Typing 'y',
 * 'n' or ' ' on a toggle sets or flips it. Return 0, or CD_E_NOMEM. */
int form_insert(struct form *f, const char *text);
void form_backspace(struct form *f);
void form_delete(struct form *f);
void form_left(struct form *f);
void form_right(struct form *f);
void form_home(struct form *f);
void form_end(struct form *f);
/* Empty the focused value. */
void form_clear_value(struct form *f);

/* Move to the next (previous) value or applicable field, checking the
 * value left. Returns 1 when there is nowhere to go (the last or the
 * first row), else 0. */
int form_next(struct form *f);
int form_prev(struct form *f);
/* Put the focus on field I, value 0. */
void form_focus(struct form *f, size_t i);

/* Check field I's values with its keyword's checker; the reason stays in
 * its error. Returns 0 or -1. */
int form_check_field(struct form *f, size_t i);
/* Check every applicable field; the focus goes to the first refused one,
 * whose index is returned, else -1. */
int form_check(struct form *f);

/* The answers into PARAMS: each field's keyword is cleared, then set from
 * the field when it applies (through cd_profile_set, as a template line
 * is). Keywords without a field are left as they are. Returns 0 or the
 * CD_E_* code of the value refused (message in CTX). */
int form_to_params(const struct form *f, struct cd_ctx *ctx,
		   struct cd_cert_params *params);
/* The fields from PARAMS (a template just read): keywords it lacks give
 * empty fields and toggles off; the serial keeps its random default and
 * a number its certtool default. */
int form_from_params(struct form *f, const struct cd_cert_params *params);

#endif
