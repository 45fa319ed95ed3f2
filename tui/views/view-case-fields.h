/*
 * view-case-fields — how the views show what the model says of a case:
 * the theme role of its deadline's urgency and the rows of the fields only
 * its kind has.
 *
 * The model (case.h) knows no themes and no canvas: it says how near a
 * deadline is (enum case_urgency) and lists a kind's own fields as labelled
 * values; the queues, the detail and the entry's list of cases draw them
 * through these two, so a deadline is marked alike everywhere.
 */
#ifndef GOVDX_VIEW_CASE_FIELDS_H
#define GOVDX_VIEW_CASE_FIELDS_H

#include <stddef.h>

#include "case.h"

struct ui_text;

/* Working days left as case_days_left words them ("3d", "≈-2d", "-"), with
 * the theme role that marks them: dim for none, due soon, overdue. */
const char *view_case_fields_days_left(const struct case_info *c, char *buf, size_t len,
                                       int *role);

/* The theme role of an urgency. */
int view_case_fields_role(enum case_urgency urgency);

/* The fields only the kind has (kind->describe), one labelled row each,
 * the labels translated (_()); the values are shown as the kind gives them. */
void view_case_fields_describe(const struct case_kind *kind, const void *obj,
                               struct ui_text *t);

#endif /* GOVDX_VIEW_CASE_FIELDS_H */
