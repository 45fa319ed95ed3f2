/*
 * ui-edit — a single- or multi-line text field (see ui-edit.h).
 *
 * Wrapping is one function (spans) that cuts the buffer into visual rows:
 * at each newline, and before a character that would pass the width.  The
 * layout for drawing and the Up/Down movement both use it, so the cursor
 * moves over the rows the user sees.  The width is the one of the last
 * layout (a field is laid out before it is drawn, and keys come after).
 */
#include "config.h"

#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include "edit-core.h"
#include "ui-edit.h"
#include "ui-keys.h"
#include "ui-width.h"
#include "xalloc.h"

struct ui_edit {
	struct edit_core ed; /* the text, cursor, limit and refused count */
	size_t burst; /* refused in a row: since the last key that was not */
	int width;    /* of the last layout; 0 before the first */
	char *text;
};

/* One visual row: characters [start, end) of the buffer. */
struct span {
	size_t start, end;
};

struct ui_edit *ui_edit_new(bool multiline, size_t max_chars)
{
	struct ui_edit *e = xcalloc(1, sizeof *e);

	edit_core_init(&e->ed, multiline, max_chars);
	return e;
}

void ui_edit_free(struct ui_edit *e)
{
	if (!e)
		return;
	edit_core_free(&e->ed);
	free(e->text);
	free(e);
}

void ui_edit_set(struct ui_edit *e, const char *utf8)
{
	edit_core_set_utf8(&e->ed, utf8);
	e->burst = 0;
}

const char *ui_edit_text(struct ui_edit *e)
{
	free(e->text);
	e->text = edit_core_utf8(&e->ed);
	return e->text;
}

size_t ui_edit_length(const struct ui_edit *e)
{
	return e->ed.len;
}

size_t ui_edit_max(const struct ui_edit *e)
{
	return e->ed.max_chars;
}

size_t ui_edit_take_refused(struct ui_edit *e)
{
	size_t n = e->ed.refused;

	e->ed.refused = 0;
	return n;
}

size_t ui_edit_refused_burst(const struct ui_edit *e)
{
	return e->burst;
}

bool ui_edit_blank(const struct ui_edit *e)
{
	size_t i;

	for (i = 0; i < e->ed.len; i++)
		if (!iswspace((wint_t)e->ed.buf[i]) && e->ed.buf[i] != 0x3000)
			return false;
	return true;
}

/* ---- wrapping ---------------------------------------------------------- */

/* Cuts the buffer into rows of at most width columns; returns the number
 * of rows (at least one), *out malloc'd. */
static size_t spans(const struct ui_edit *e, int width, struct span **out)
{
	struct span *v = NULL;
	size_t n = 0, cap = 0, i, start = 0;
	int col = 0;

	if (width < 2)
		width = 2;
	for (i = 0; i <= e->ed.len; i++) {
		int cw = i < e->ed.len ? ui_width_wchar(e->ed.buf[i]) : 0;
		bool nl = i < e->ed.len && e->ed.buf[i] == L'\n';
		if (i == e->ed.len || nl || col + cw > width) {
			xgrow(&v, &cap, n + 1, sizeof *v);
			v[n].start = start;
			v[n].end = i;
			n++;
			if (i == e->ed.len)
				break;
			if (nl) {
				start = i + 1;
				col = 0;
				continue;
			}
			start = i;
			col = 0;
		}
		col += cw;
	}
	*out = v;
	return n;
}

/* The row and column of the cursor in the rows. */
static void locate(const struct ui_edit *e, const struct span *v, size_t n, int *row, int *col)
{
	size_t r;

	for (r = 0; r < n; r++) {
		/* A cursor at the end of a row that wrapped (not at a newline)
		 * belongs to the start of the next row. */
		bool last = r + 1 == n;
		if (e->ed.cur >= v[r].start &&
		    (e->ed.cur < v[r].end || (e->ed.cur == v[r].end && (last || v[r + 1].start > v[r].end))))
			break;
	}
	if (r == n)
		r = n - 1;
	*row = (int)r;
	*col = ui_width_wcs(e->ed.buf + v[r].start, e->ed.cur - v[r].start);
}

/* The index in row r nearest to column col. */
static size_t at_column(const struct ui_edit *e, const struct span *s, int col)
{
	size_t i = s->start;
	int c = 0;

	while (i < s->end) {
		int cw = ui_width_wchar(e->ed.buf[i]);
		if (c + cw > col)
			break;
		c += cw;
		i++;
	}
	return i;
}

void ui_edit_layout(struct ui_edit *e, int width, struct ui_edit_layout *out)
{
	struct span *v;
	size_t n, r;

	e->width = width < 2 ? 2 : width;
	n = spans(e, e->width, &v);
	out->rows = xcalloc(n, sizeof *out->rows);
	out->n = (int)n;
	for (r = 0; r < n; r++) {
		size_t len = v[r].end - v[r].start;
		out->rows[r] = xcalloc(len + 1, sizeof **out->rows);
		wmemcpy(out->rows[r], e->ed.buf + v[r].start, len);
	}
	locate(e, v, n, &out->cur_row, &out->cur_col);
	/* The cursor after a full row sits at the start of a row of its own. */
	if (out->cur_col >= e->width && out->cur_row == out->n - 1) {
		out->rows = xrealloc(out->rows, (n + 1) * sizeof *out->rows);
		out->rows[n] = xcalloc(1, sizeof **out->rows);
		out->n++;
		out->cur_row++;
		out->cur_col = 0;
	}
	free(v);
}

void ui_edit_layout_free(struct ui_edit_layout *l)
{
	int i;

	for (i = 0; i < l->n; i++)
		free(l->rows[i]);
	free(l->rows);
	l->rows = NULL;
	l->n = 0;
}

/* Up (dir -1) or Down (+1) one visual row; false at the first/last row. */
static bool move_row(struct ui_edit *e, int dir)
{
	struct span *v;
	size_t n;
	int row, col;
	bool moved = false;

	n = spans(e, e->width ? e->width : 1 << 20, &v);
	locate(e, v, n, &row, &col);
	if (row + dir >= 0 && row + dir < (int)n) {
		e->ed.cur = at_column(e, &v[row + dir], col);
		moved = true;
	}
	free(v);
	return moved;
}

/* ---- keys -------------------------------------------------------------- */

static enum ui_edit_result do_op(struct ui_edit *e, enum edit_op op)
{
	switch (op) {
	case EDIT_NEWLINE:
		edit_core_insert(&e->ed, L'\n'); /* dropped in a single-line field */
		break;
	case EDIT_UP:
		return e->ed.multiline && move_row(e, -1) ? UI_EDIT_EDITING : UI_EDIT_PREV;
	case EDIT_DOWN:
		return e->ed.multiline && move_row(e, 1) ? UI_EDIT_EDITING : UI_EDIT_NEXT;
	case EDIT_NEXT_FIELD:
		return UI_EDIT_NEXT;
	case EDIT_PREV_FIELD:
		return UI_EDIT_PREV;
	case EDIT_ENTER:
		return UI_EDIT_DONE;
	case EDIT_CANCEL:
		return UI_EDIT_CANCEL;
	default:
		/* The shared ops; the `:` line's (history, completion) do nothing. */
		edit_core_do(&e->ed, op);
		break;
	}
	return UI_EDIT_EDITING;
}

/* A key that was not refused (an edit, a move, leaving) ends the run of
 * refused characters. */
static void count_burst(struct ui_edit *e, size_t refused_before)
{
	if (e->ed.refused == refused_before)
		e->burst = 0;
	else
		e->burst += e->ed.refused - refused_before;
}

enum ui_edit_result ui_edit_do(struct ui_edit *e, enum edit_op op)
{
	size_t before = e->ed.refused;
	enum ui_edit_result res = do_op(e, op);

	count_burst(e, before);
	return res;
}

void ui_edit_insert(struct ui_edit *e, wint_t ch)
{
	size_t before = e->ed.refused;

	if (edit_core_printable(ch))
		edit_core_insert(&e->ed, (wchar_t)ch);
	count_burst(e, before);
}

enum ui_edit_result ui_edit_key(struct ui_edit *e, bool is_key, wint_t ch)
{
	enum edit_op op = edit_core_default_op("field", ui_keys_from_curses(is_key, ch));

	if (op != EDIT_NONE)
		return ui_edit_do(e, op);
	if (is_key)
		e->burst = 0;
	else
		ui_edit_insert(e, ch);
	return UI_EDIT_EDITING;
}
