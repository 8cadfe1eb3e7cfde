/* certdeck: a form page on the screen (ui/form.h is its state): every
 * applicable field visible at once, scrolling when the page is taller
 * than the screen, each refused value's reason beside it, a hint line.
 * Tab/Down next, Shift-Tab/Up previous, Enter next (on the last field:
 * finish), F10 finish, F2 save the answers as a certtool template, F3
 * load one, Esc back out. Follows resizes; works in 80x24. */
#ifndef UI_FORMVIEW_H
#define UI_FORMVIEW_H

#include "form.h"
#include "ui.h"

enum ui_form_result {
	UI_FORM_DONE, /* finished: every value checked, PARAMS filled */
	UI_FORM_BACK, /* Esc (or a quit signal): nothing was kept */
};

struct ui_form_view {
	const char *title; /* translated, on the top line */
	const char *intro; /* translated line above the fields, or NULL */
	struct form *form;
	struct cd_ctx *ctx;
	/* Finishing fills PARAMS from the form (form_to_params); F3 reads a
	 * template into it and the form; F2 writes it with the form's
	 * answers. Keywords without a field (from a template) stay. */
	struct cd_cert_params *params;
	const char *template_dir; /* where F2/F3 propose files; NULL: . */
	/* The store, whose own files F2 does not write over; NULL: none. */
	const char *store_dir;
	/* Internal: the first line shown, and the line under the fields. */
	int top;
	char note[512];
	enum ui_role note_role;
};

/* Run the page until it is finished or backed out of. */
enum ui_form_result ui_form_run(struct ui_form_view *v);

#endif
