/* certdeck: small modal dialogs over the current screen: a message, a
 * yes/no question, one line of input (hidden for passwords), and work
 * that runs on a thread behind a spinner. Esc backs out of each. The
 * caller redraws its screen afterwards (they return; they never draw
 * anything but themselves). */
#ifndef UI_DIALOG_H
#define UI_DIALOG_H

#include <stddef.h>

#include "ui.h"

/* TEXT (wrapped; '\n' starts a line) in a box titled TITLE, in ROLE's
 * colour; any key closes it. */
void ui_dialog_message(const char *title, enum ui_role role, const char *text);

/* QUESTION, answered with y or n (Enter takes DEFAULT_YES's answer).
 * Returns 1 for yes, 0 for no, Esc or a quit signal. */
int ui_dialog_confirm(const char *title, const char *question, int default_yes);
/* The same question within a longer dialog, where Esc backs out of the
 * whole: 1 for yes, 0 for no, -1 for Esc or a quit signal. */
int ui_dialog_ask(const char *title, const char *question, int default_yes);

/* Checks a value: NULL when it is fine, else why not (shown under the
 * field, and the dialog stays). */
typedef const char *(*ui_check_fn)(const char *value, void *arg);

/* One line of input under LABEL, starting from INITIAL (may be NULL).
 * HIDDEN: nothing of it is shown (passwords). Returns 0 with the value in
 * OUT (SIZE bytes), or -1 when Esc (or a quit signal) backed out. */
int ui_dialog_input(const char *title, const char *label, const char *initial,
		    int hidden, ui_check_fn check, void *arg, char *out,
		    size_t size);

/* A choice among the N ITEMS (translated) under TEXT, starting on
 * CURRENT; Up/Down move, Enter takes it. Returns its index, or -1 when
 * Esc (or a quit signal) backed out. */
int ui_dialog_choose(const char *title, const char *text,
		     const char *const *items, size_t n, size_t current);

/* TEXT on the whole screen, scrolling (Up, Down, PgUp, PgDn, Home,
 * End), with QUESTION and (y/N) on the line under it: certtool's "Is the
 * above information ok?". Returns 1 for y, 0 for n or Enter, -1 for Esc
 * or a quit signal. */
int ui_dialog_review(const char *title, const char *text, const char *question);

/* Work for a thread: ui_dialog_progress() runs WORK(job); when the user
 * backs out first, the thread goes on alone and calls DISCARD(job) when
 * WORK returns (free what the job owns there, the job included). */
struct ui_job {
	int (*work)(struct ui_job *job);
	void (*discard)(struct ui_job *job);
	int result; /* what WORK returned */
	/* Internal: set by the thread and the dialog. */
	int state;
};

/* Run JOB on a thread while TEXT and a spinner show; the screen keeps
 * answering. Returns 0 when the work finished (its return value is in
 * job->result; the caller owns the job again), or -1 when Esc abandoned
 * it (the job then belongs to the thread, which discards it). */
int ui_dialog_progress(const char *title, const char *text, struct ui_job *job);

/* Wait until every job's thread has ended, abandoned ones included
 * (before the program lets go of GnuTLS). */
void ui_dialog_wait_jobs(void);

#endif
