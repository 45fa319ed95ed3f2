/*
 * ui-list — cursor and scrolling of one list, and row filtering.
 *
 * Shared by every list in every view so that j/k, PgUp/PgDn and g/G behave
 * the same everywhere.  Pure arithmetic, no drawing.
 *
 * Invariant after ui_list_fix: 0 <= cur < n (or cur == 0 when n == 0) and
 * top <= cur < top + height.
 */
#ifndef GOVDX_UI_LIST_H
#define GOVDX_UI_LIST_H

#include <stdbool.h>

#include "ui-req.h"

struct ui_list {
	int n;      /* rows */
	int cur;    /* cursor row */
	int top;    /* first visible row */
	int height; /* visible rows (as last drawn) */
};

/* Clamps the cursor and scrolls so it is visible in height rows. */
void ui_list_fix(struct ui_list *l, int height);
/* Moves for REQ_UP/DOWN/PAGE_UP/PAGE_DOWN/TOP/BOTTOM; false for other
 * requests. */
bool ui_list_request(struct ui_list *l, enum view_req req);

/* Whether a row matches a filter: case-insensitive (ASCII) substring of
 * any of the given fields (NULL fields are skipped); an empty or NULL
 * filter matches everything. */
bool ui_list_match(const char *filter, const char *a, const char *b);

#endif /* GOVDX_UI_LIST_H */
