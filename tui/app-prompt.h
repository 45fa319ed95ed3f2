/*
 * app-prompt — questions the console asks in the middle of a command: a
 * reason (multi-line, Chinese input) and a y/n confirmation.
 *
 * A question takes over the keyboard (app->mode APP_MODE_PROMPT or
 * APP_MODE_CONFIRM) and is drawn as a box above the status line; the loop
 * keeps running meanwhile, so answers and live updates still arrive.  The
 * command that asked is continued by a callback with what was answered.
 *
 * Invariants: at most one question at a time; its callback runs exactly
 * once (with NULL when the question was cancelled or the console is
 * switching contexts), and owns its argument from then on.
 */
#ifndef GOVDX_APP_PROMPT_H
#define GOVDX_APP_PROMPT_H

#include <stdbool.h>

#include "ui-edit.h"

struct app;
struct ui_edit;

/* text: the answer (a reason; "y" for a yes), or NULL for cancelled/no. */
typedef void (*app_answer_fn)(struct app *app, const char *text, void *arg);

struct app_prompt {
	bool active;
	bool confirm;           /* y/n rather than text */
	char title[400];        /* the question */
	char refusal[200];      /* shown when Enter comes on a blank answer that is required */
	bool required;
	struct ui_edit *edit;
	char note[300];         /* a message inside the box (a refusal) */
	bool discarding;        /* Esc came on typed text: a second Esc discards it */
	app_answer_fn fn;
	void *arg;
};

/* Asks for text.  required: a blank answer is refused with `refusal`
 * (and the question stays). */
void app_ask(struct app *app, const char *title, bool required, const char *refusal,
             app_answer_fn fn, void *arg);
/* Asks y/n. */
void app_confirm(struct app *app, const char *question, app_answer_fn fn, void *arg);
/* Ends a question without an answer (fn gets NULL). */
void app_prompt_cancel(struct app *app);

/* Answers the y/n question asked (confirm-yes, confirm-no); nothing
 * when none is. */
void app_prompt_answer(struct app *app, bool yes);
/* A key while a question is open: the confirm keymap for a y/n question,
 * the field keymap (then edit) for text (app-prompt-keys.c). */
void app_prompt_key(struct app *app, int key);
/* What an edit of the reason came to (ui_edit's result): Enter answers,
 * unless a required answer is blank; Esc cancels an empty box, and on
 * typed text only asks first; anything else goes on editing. */
void app_prompt_edited(struct app *app, enum ui_edit_result res);
/* Draws the question above the status line (rows, cols: the screen). */
void app_prompt_draw(struct app *app, int rows, int cols);
void app_prompt_free(struct app *app);

#endif /* GOVDX_APP_PROMPT_H */
