/*
 * edit-core — the buffer, moves, kills and built-in keys every editor of
 * the console shares (see edit-core.h).
 *
 * Words are separated by spaces and newlines; "the line" is the logical
 * line between newlines (the whole text in a single-line editor).
 */
#include "config.h"

#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "edit-core.h"
#include "ui-keys.h"
#include "ui-width.h"
#include "xalloc.h"

#define CTRL(c) ((c) & 0x1f)

void edit_core_init(struct edit_core *e, bool multiline, size_t max_chars)
{
	memset(e, 0, sizeof *e);
	e->cap = 64;
	e->buf = xcalloc(e->cap, sizeof *e->buf);
	e->multiline = multiline;
	e->max_chars = max_chars;
}

void edit_core_free(struct edit_core *e)
{
	free(e->buf);
	free(e->killed);
	e->buf = e->killed = NULL;
	e->len = e->cap = e->cur = 0;
}

static void reserve(struct edit_core *e, size_t extra)
{
	size_t need = e->len + extra + 1;

	if (need <= e->cap)
		return;
	while (e->cap < need)
		e->cap *= 2;
	e->buf = xrealloc(e->buf, e->cap * sizeof *e->buf);
}

bool edit_core_printable(wint_t ch)
{
	/* Other control characters and unassigned code points would draw
	 * as '?'. */
	return ch >= 0x20 && !(ch >= 0x7f && ch < 0xa0) && wcwidth((wchar_t)ch) >= 0;
}

void edit_core_replace(struct edit_core *e, size_t from, size_t to, const wchar_t *s, size_t n)
{
	if (to > e->len)
		to = e->len;
	if (from > to)
		from = to;
	reserve(e, n);
	wmemmove(e->buf + from + n, e->buf + to, e->len - to + 1);
	wmemcpy(e->buf + from, s, n);
	e->len = e->len - (to - from) + n;
	e->cur = from + n;
}

void edit_core_insert(struct edit_core *e, wchar_t c)
{
	if (c == L'\n' && !e->multiline)
		return;
	if (e->max_chars && e->len >= e->max_chars) {
		e->refused++;
		return;
	}
	edit_core_replace(e, e->cur, e->cur, &c, 1);
}

void edit_core_set_utf8(struct edit_core *e, const char *s)
{
	wchar_t *w = ui_width_from_utf8(s);
	size_t i;

	e->len = e->cur = 0;
	e->buf[0] = L'\0';
	for (i = 0; w[i]; i++)
		if (w[i] != L'\r')
			edit_core_insert(e, w[i]);
	free(w);
}

char *edit_core_utf8(const struct edit_core *e)
{
	return ui_width_to_utf8(e->buf);
}

/* ---- moves ------------------------------------------------------------- */

static bool is_sep(wchar_t c)
{
	return c == L' ' || c == L'\n';
}

size_t edit_core_line_start(const struct edit_core *e)
{
	size_t p = e->cur;

	while (p > 0 && e->buf[p - 1] != L'\n')
		p--;
	return p;
}

size_t edit_core_line_end(const struct edit_core *e)
{
	size_t p = e->cur;

	while (p < e->len && e->buf[p] != L'\n')
		p++;
	return p;
}

static size_t word_before(const struct edit_core *e)
{
	size_t p = e->cur;

	while (p > 0 && is_sep(e->buf[p - 1]))
		p--;
	while (p > 0 && !is_sep(e->buf[p - 1]))
		p--;
	return p;
}

static size_t word_after(const struct edit_core *e)
{
	size_t p = e->cur;

	while (p < e->len && is_sep(e->buf[p]))
		p++;
	while (p < e->len && !is_sep(e->buf[p]))
		p++;
	return p;
}

/* Removes [from, to) and keeps it for the yank; the cursor at from. */
static void kill(struct edit_core *e, size_t from, size_t to)
{
	if (from >= to)
		return;
	free(e->killed);
	e->killed = xcalloc(to - from + 1, sizeof *e->killed);
	wmemcpy(e->killed, e->buf + from, to - from);
	edit_core_replace(e, from, to, L"", 0);
}

bool edit_core_do(struct edit_core *e, enum edit_op op)
{
	switch (op) {
	case EDIT_LEFT:
		if (e->cur > 0)
			e->cur--;
		return true;
	case EDIT_RIGHT:
		if (e->cur < e->len)
			e->cur++;
		return true;
	case EDIT_HOME:
		e->cur = edit_core_line_start(e);
		return true;
	case EDIT_END:
		e->cur = edit_core_line_end(e);
		return true;
	case EDIT_WORD_BACK:
		e->cur = word_before(e);
		return true;
	case EDIT_WORD_NEXT:
		e->cur = word_after(e);
		return true;
	case EDIT_BACKSPACE:
		if (e->cur > 0)
			edit_core_replace(e, e->cur - 1, e->cur, L"", 0);
		return true;
	case EDIT_DELETE:
		if (e->cur < e->len)
			edit_core_replace(e, e->cur, e->cur + 1, L"", 0);
		return true;
	case EDIT_KILL_START:
		kill(e, edit_core_line_start(e), e->cur);
		return true;
	case EDIT_KILL_END: {
		size_t cur = e->cur;

		kill(e, cur, edit_core_line_end(e));
		e->cur = cur;
		return true;
	}
	case EDIT_KILL_WORD:
		kill(e, word_before(e), e->cur);
		return true;
	case EDIT_YANK: {
		size_t i;

		/* Typed, so that a field's limit holds for yanked text too. */
		for (i = 0; e->killed && e->killed[i]; i++)
			edit_core_insert(e, e->killed[i]);
		return true;
	}
	default:
		return false;
	}
}

/* ---- built-in keys ----------------------------------------------------- */

#define FN(k) (UI_KEY_FN + (k))

static const struct edit_core_key defaults[] = {
	{ "edit", FN(KEY_LEFT), EDIT_LEFT },
	{ "edit", CTRL('b'), EDIT_LEFT },
	{ "edit", FN(KEY_RIGHT), EDIT_RIGHT },
	{ "edit", CTRL('f'), EDIT_RIGHT },
	{ "edit", FN(KEY_HOME), EDIT_HOME },
	{ "edit", CTRL('a'), EDIT_HOME },
	{ "edit", FN(KEY_END), EDIT_END },
	{ "edit", CTRL('e'), EDIT_END },
	{ "edit", 127, EDIT_BACKSPACE },
	{ "edit", CTRL('h'), EDIT_BACKSPACE },
	{ "edit", FN(KEY_DC), EDIT_DELETE },
	{ "edit", CTRL('d'), EDIT_DELETE },
	{ "edit", CTRL('u'), EDIT_KILL_START },
	{ "edit", CTRL('k'), EDIT_KILL_END },
	{ "edit", CTRL('w'), EDIT_KILL_WORD },
	{ "edit", CTRL('y'), EDIT_YANK },
	{ "edit", UI_KEY_ENTER, EDIT_ENTER },
	{ "edit", UI_KEY_ESC, EDIT_CANCEL },
	{ "edit", CTRL('g'), EDIT_CANCEL },
	{ "edit", CTRL('c'), EDIT_CANCEL },
	{ "line", FN(KEY_UP), EDIT_HIST_PREV },
	{ "line", CTRL('p'), EDIT_HIST_PREV },
	{ "line", FN(KEY_DOWN), EDIT_HIST_NEXT },
	{ "line", CTRL('n'), EDIT_HIST_NEXT },
	{ "line", UI_KEY_TAB, EDIT_COMPLETE },
	{ "field", CTRL('o'), EDIT_NEWLINE },
	{ "field", FN(KEY_UP), EDIT_UP },
	{ "field", FN(KEY_DOWN), EDIT_DOWN },
	{ "field", UI_KEY_TAB, EDIT_NEXT_FIELD },
	{ "field", FN(KEY_BTAB), EDIT_PREV_FIELD },
};

const struct edit_core_key *edit_core_defaults(size_t *n)
{
	*n = sizeof defaults / sizeof defaults[0];
	return defaults;
}

static enum edit_op default_in(const char *keymap, int key)
{
	size_t i;

	for (i = 0; i < sizeof defaults / sizeof defaults[0]; i++)
		if (defaults[i].key == key && strcmp(defaults[i].keymap, keymap) == 0)
			return defaults[i].op;
	return EDIT_NONE;
}

enum edit_op edit_core_default_op(const char *keymap, int key)
{
	enum edit_op op = default_in(keymap, key);

	return op != EDIT_NONE ? op : default_in("edit", key);
}
