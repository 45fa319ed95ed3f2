/*
 * view-case-fields — a case's deadline role and kind fields as the views
 * draw them (see view-case-fields.h).
 */
#include "config.h"

#include "i18n.h"
#include "ui-text.h"
#include "ui-theme.h"
#include "view-case-fields.h"

int view_case_fields_role(enum case_urgency urgency)
{
	switch (urgency) {
	case CASE_NO_DAYS:
		return UI_ROLE_DIM;
	case CASE_DUE_SOON:
		return UI_ROLE_DUE_SOON;
	case CASE_OVERDUE:
		return UI_ROLE_OVERDUE;
	case CASE_IN_TIME:
		return UI_ROLE_DEADLINE_OK;
	default:
		return UI_ROLE_NORMAL;
	}
}

const char *view_case_fields_days_left(const struct case_info *c, char *buf, size_t len,
                                       int *role)
{
	enum case_urgency urgency;
	const char *s = case_days_left(c, buf, len, &urgency);

	*role = view_case_fields_role(urgency);
	return s;
}

/* A kind's field as a row of the detail, its label in the user's language
 * (the kinds mark their labels N_()). */
static void field_row(void *arg, const char *label, const char *value)
{
	ui_text_field(arg, label && *label ? _(label) : label, value, UI_ROLE_NORMAL);
}

void view_case_fields_describe(const struct case_kind *kind, const void *obj,
                               struct ui_text *t)
{
	kind->describe(obj, field_row, t);
}
