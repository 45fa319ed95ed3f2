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

#include "ui-edit.h"
#include "ui-width.h"
#include "xalloc.h"

#define CTRL(c) ((c) & 0x1f)

struct ui_edit {
	wchar_t *buf;
	size_t len, cap, cur;
	bool multiline;
	size_t max_chars;
	size_t refused; /* characters refused at the limit, until taken */
	size_t burst;   /* refused in a row: since the last key that was not */
	int width; /* of the last layout; 0 before the first */
	char *text;
};

/* One visual row: characters [start, end) of the buffer. */
struct span {
	size_t start, end;
};

struct ui_edit *ui_edit_new(bool multiline, size_t max_chars)
{
	struct ui_edit *e = xcalloc(1, sizeof *e);

	e->cap = 64;
	e->buf = xcalloc(e->cap, sizeof *e->buf);
	e->multiline = multiline;
	e->max_chars = max_chars;
	return e;
}

void ui_edit_free(struct ui_edit *e)
{
	if (!e)
		return;
	free(e->buf);
	free(e->text);
	free(e);
}

static void reserve(struct ui_edit *e, size_t extra)
{
	size_t need = e->len + extra + 1;

	if (need <= e->cap)
		return;
	while (e->cap < need)
		e->cap *= 2;
	e->buf = xrealloc(e->buf, e->cap * sizeof *e->buf);
}

static void insert(struct ui_edit *e, wchar_t c)
{
	if (c == L'\n' && !e->multiline)
		return;
	if (e->max_chars && e->len >= e->max_chars) {
		e->refused++;
		e->burst++;
		return;
	}
	reserve(e, 1);
	wmemmove(e->buf + e->cur + 1, e->buf + e->cur, e->len - e->cur + 1);
	e->buf[e->cur++] = c;
	e->len++;
}

static void cut(struct ui_edit *e, size_t from, size_t to)
{
	if (from >= to || to > e->len)
		return;
	wmemmove(e->buf + from, e->buf + to, e->len - to + 1);
	e->len -= to - from;
	e->cur = from;
}

void ui_edit_set(struct ui_edit *e, const char *utf8)
{
	wchar_t *w = ui_width_from_utf8(utf8);
	size_t i;

	e->len = e->cur = 0;
	e->buf[0] = L'\0';
	e->burst = 0;
	for (i = 0; w[i]; i++)
		if (w[i] != L'\r')
			insert(e, w[i]);
	free(w);
}

const char *ui_edit_text(struct ui_edit *e)
{
	free(e->text);
	e->text = ui_width_to_utf8(e->buf);
	return e->text;
}

size_t ui_edit_length(const struct ui_edit *e)
{
	return e->len;
}

size_t ui_edit_max(const struct ui_edit *e)
{
	return e->max_chars;
}

size_t ui_edit_take_refused(struct ui_edit *e)
{
	size_t n = e->refused;

	e->refused = 0;
	return n;
}

size_t ui_edit_refused_burst(const struct ui_edit *e)
{
	return e->burst;
}

bool ui_edit_blank(const struct ui_edit *e)
{
	size_t i;

	for (i = 0; i < e->len; i++)
		if (!iswspace((wint_t)e->buf[i]) && e->buf[i] != 0x3000)
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
	for (i = 0; i <= e->len; i++) {
		int cw = i < e->len ? ui_width_wchar(e->buf[i]) : 0;
		bool nl = i < e->len && e->buf[i] == L'\n';
		if (i == e->len || nl || col + cw > width) {
			xgrow(&v, &cap, n + 1, sizeof *v);
			v[n].start = start;
			v[n].end = i;
			n++;
			if (i == e->len)
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
		if (e->cur >= v[r].start &&
		    (e->cur < v[r].end || (e->cur == v[r].end && (last || v[r + 1].start > v[r].end))))
			break;
	}
	if (r == n)
		r = n - 1;
	*row = (int)r;
	*col = ui_width_wcs(e->buf + v[r].start, e->cur - v[r].start);
}

/* The index in row r nearest to column col. */
static size_t at_column(const struct ui_edit *e, const struct span *s, int col)
{
	size_t i = s->start;
	int c = 0;

	while (i < s->end) {
		int cw = ui_width_wchar(e->buf[i]);
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
		wmemcpy(out->rows[r], e->buf + v[r].start, len);
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
		e->cur = at_column(e, &v[row + dir], col);
		moved = true;
	}
	free(v);
	return moved;
}

/* ---- keys -------------------------------------------------------------- */

static size_t line_start(const struct ui_edit *e)
{
	size_t p = e->cur;

	while (p > 0 && e->buf[p - 1] != L'\n')
		p--;
	return p;
}

static size_t line_end(const struct ui_edit *e)
{
	size_t p = e->cur;

	while (p < e->len && e->buf[p] != L'\n')
		p++;
	return p;
}

static size_t word_before(const struct ui_edit *e)
{
	size_t p = e->cur;

	while (p > 0 && (e->buf[p - 1] == L' ' || e->buf[p - 1] == L'\n'))
		p--;
	while (p > 0 && e->buf[p - 1] != L' ' && e->buf[p - 1] != L'\n')
		p--;
	return p;
}

static enum ui_edit_result edit_key(struct ui_edit *e, bool is_key, wint_t ch);

enum ui_edit_result ui_edit_key(struct ui_edit *e, bool is_key, wint_t ch)
{
	size_t before = e->refused;
	enum ui_edit_result res = edit_key(e, is_key, ch);

	/* A key that was not refused (an edit, a move, leaving) ends the run
	 * of refused characters. */
	if (e->refused == before)
		e->burst = 0;
	return res;
}

static enum ui_edit_result edit_key(struct ui_edit *e, bool is_key, wint_t ch)
{
	if (is_key) {
		switch (ch) {
		case KEY_LEFT: ch = CTRL('b'); break;
		case KEY_RIGHT: ch = CTRL('f'); break;
		case KEY_HOME: ch = CTRL('a'); break;
		case KEY_END: ch = CTRL('e'); break;
		case KEY_BACKSPACE: ch = CTRL('h'); break;
		case KEY_DC: ch = CTRL('d'); break;
		case KEY_ENTER: ch = L'\r'; break;
		case KEY_BTAB: return UI_EDIT_PREV;
		case KEY_UP:
			return e->multiline && move_row(e, -1) ? UI_EDIT_EDITING : UI_EDIT_PREV;
		case KEY_DOWN:
			return e->multiline && move_row(e, 1) ? UI_EDIT_EDITING : UI_EDIT_NEXT;
		default:
			return UI_EDIT_EDITING;
		}
	}
	switch (ch) {
	case CTRL('a'):
		e->cur = line_start(e);
		break;
	case CTRL('e'):
		e->cur = line_end(e);
		break;
	case CTRL('b'):
		if (e->cur > 0)
			e->cur--;
		break;
	case CTRL('f'):
		if (e->cur < e->len)
			e->cur++;
		break;
	case CTRL('h'):
	case 127:
		if (e->cur > 0)
			cut(e, e->cur - 1, e->cur);
		break;
	case CTRL('d'):
		if (e->cur < e->len) {
			size_t cur = e->cur;
			cut(e, cur, cur + 1);
		}
		break;
	case CTRL('u'):
		cut(e, line_start(e), e->cur);
		break;
	case CTRL('k'): {
		size_t cur = e->cur;
		cut(e, cur, line_end(e));
		e->cur = cur;
		break;
	}
	case CTRL('w'):
		cut(e, word_before(e), e->cur);
		break;
	case CTRL('o'):
		insert(e, L'\n');
		break;
	case L'\t':
		return UI_EDIT_NEXT;
	case L'\n':
	case L'\r':
		return UI_EDIT_DONE;
	case 27:
	case CTRL('g'):
	case CTRL('c'):
		return UI_EDIT_CANCEL;
	default:
		if (ch >= 0x20 && !(ch >= 0x7f && ch < 0xa0) && wcwidth((wchar_t)ch) >= 0)
			insert(e, (wchar_t)ch);
		break;
	}
	return UI_EDIT_EDITING;
}
