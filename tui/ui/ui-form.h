/*
 * ui-form — what every form of the console shares (the sharing-request
 * form, the objection form): a label column, edit fields drawn over some
 * rows with the terminal cursor in them, a choice drawn as "< value >", a
 * wrapped message under the buttons, keys fed to an edit field, and the
 * idempotency key that a form keeps while its content stays the same, so
 * that submitting again after a lost answer is a retry, not a second case.
 *
 * No curses calls: drawing goes to a ui_canvas.
 */
#ifndef GOVDX_UI_FORM_H
#define GOVDX_UI_FORM_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include <govdx.h>

#include "ui-canvas.h"
#include "ui-edit.h"

#define UI_FORM_LABEL_W 13

/* A field's label at (y, x), highlighted when the field has focus. */
void ui_form_label(struct ui_canvas *c, int y, int x, const char *text, bool focused);
/* An edit field over rows rows at (y, x), w wide, scrolled so the cursor
 * row shows; the terminal cursor goes into it when focused.  A focused
 * text field with a limit (100 characters or more) shows "used/limit" at
 * the right of its last row. */
void ui_form_edit(struct ui_canvas *c, int y, int x, int w, int rows, struct ui_edit *ed,
                  bool focused);
/* A choice among values: "< value >", highlighted when focused. */
void ui_form_choice(struct ui_canvas *c, int y, int x, int w, const char *value, bool focused);
/* A message wrapped to w columns from row y, not past row bottom (exclusive);
 * returns the row after it. */
int ui_form_message(struct ui_canvas *c, int y, int x, int w, int bottom, const char *text,
                    int role);

/* "used/limit" of a field with a limit of 100 characters or more, else
 * "" (written to buf). */
const char *ui_form_counter(const struct ui_edit *ed, char *buf, size_t len);
/* The words for characters refused at a full field, or NULL when none
 * were (takes the count): "Purpose is full: at most 2000 characters; 3
 * more were not taken.", counting the whole run of refused keys (a
 * paste), not only the last one. */
const char *ui_form_refusal(struct ui_edit *ed, const char *label, char *buf, size_t len);

/* Dates of a request's usage period.  The service's "today" is the date in
 * Beijing (UTC+8, no summer time), whatever the machine's time zone: it
 * is computed by common/beijing (tzdata's Asia/Shanghai).
 * ui_form_beijing_date writes that date plus years (29 February becomes
 * the 28th when the year has none) as YYYY-MM-DD. */
void ui_form_beijing_date(time_t now, int years, char out[11]);
/* Whether s is a real date YYYY-MM-DD. */
bool ui_form_valid_date(const char *s);
/* What is wrong with a period from..to as of now, in the service's words
 * ("the usage period cannot start in the past ..."), or NULL when nothing
 * is: two dates, from not after to, from not before today in Beijing,
 * at most five years. */
const char *ui_form_period_error(const char *from, const char *to, time_t now, char *buf,
                                 size_t len);

/* The idempotency key of a form's POST. */
struct ui_form_key {
	char key[GOVDX_IDEMPOTENCY_KEY_SIZE];
	char *body; /* the content the key was made for */
};
/* The key for this content: the same as last time if the content is the
 * same, else a new one.  NULL when no random key could be made (the
 * library then makes one per call). */
const char *ui_form_key_for(struct ui_form_key *k, const char *body);
void ui_form_key_free(struct ui_form_key *k);

#endif /* GOVDX_UI_FORM_H */
