/*
 * ui-text — labelled, wrapped text blocks (see ui-text.h).
 */
#include "config.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "ui-text.h"
#include "ui-theme.h"
#include "ui-width.h"
#include "xalloc.h"

void ui_text_reset(struct ui_text *t, int width, int label_w)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		free(t->rows[i].label);
		free(t->rows[i].text);
		free(t->rows[i].link);
		free(t->rows[i].item);
	}
	t->n = 0;
	t->width = width < 1 ? 1 : width;
	t->label_w = label_w < 0 ? 0 : label_w >= t->width ? t->width / 2 : label_w;
}

void ui_text_free(struct ui_text *t)
{
	ui_text_reset(t, 1, 0);
	free(t->rows);
	memset(t, 0, sizeof *t);
}

static void add(struct ui_text *t, int role, const char *label, const char *text,
                const char *link)
{
	struct ui_text_row *r;

	xgrow(&t->rows, &t->cap, t->n + 1, sizeof *t->rows);
	r = &t->rows[t->n++];
	r->role = role;
	r->label = xstrdup(label);
	r->text = xstrdup(text ? text : "");
	r->link = xstrdup(link);
	r->item = NULL;
	r->field = 0;
}

/* Chinese line breaking: a line does not start with closing punctuation
 * (，。、；：？！）」』》】” and the fullwidth ．) nor end with opening
 * punctuation (（「『《【“). */
static bool no_line_start(wchar_t c)
{
	static const wchar_t set[] = L"\uFF0C\u3002\u3001\uFF1B\uFF1A\uFF1F\uFF01\uFF09"
	                             L"\u300D\u300F\u300B\u3011\u201D\uFF0E";

	return c && wcschr(set, c);
}

static bool no_line_end(wchar_t c)
{
	static const wchar_t set[] = L"\uFF08\u300C\u300E\u300A\u3010\u201C";

	return c && wcschr(set, c);
}

/* Whether a break before b (between b[-1] and b[0]) will not do, where
 * the text overflowed at p: it breaks those rules (only beside wide text:
 * English, curly quotes and all, wraps as ever), or it would part a
 * combining mark from its character. */
static bool bad_break(const wchar_t *b, const wchar_t *p)
{
	if (b < p && ui_width_wchar(*b) == 0)
		return true;
	if (ui_width_wchar(b[-1]) < 2 && ui_width_wchar(b[0]) < 2)
		return false;
	return no_line_start(b[0]) || no_line_end(b[-1]);
}

/* Where a break in the middle of text, before p, goes: before p, or when
 * that will not do a character earlier (carried to the next line), and so
 * on while it still will not (。” goes with the character before it), the
 * line keeping a character at least; before p after all when no earlier
 * break will do. */
static wchar_t *cjk_break(wchar_t *start, wchar_t *p)
{
	wchar_t *b = p;

	while (b > start + 1 && bad_break(b, p))
		b--;
	return bad_break(b, p) ? p : b;
}

size_t ui_text_wrap(const char *s, int width, char ***lines)
{
	wchar_t *w = ui_width_from_utf8(s), *start, *p;
	size_t n = 0, cap = 0;
	char **out = NULL;
	int col = 0;

	if (width < 1)
		width = 1;
	start = p = w;
	for (;;) {
		int cw = *p ? ui_width_wchar(*p) : 0;
		if (*p && *p != L'\n' && p == start && cw > width) {
			/* Wider than the whole line: it goes alone. */
			col += cw;
			p++;
			continue;
		}
		if (*p == L'\0' || *p == L'\n' || col + cw > width) {
			/* Prefer to break ASCII text at the last space. */
			wchar_t *cut = p, *next = p, save;
			if (*p == L'\n' || *p == L' ') {
				next = p + 1;
			} else if (*p) {
				wchar_t *q;
				for (q = p; q > start && q[-1] != L' '; q--)
					;
				if (q > start + 1 && (p - q) < width / 2 && *q < 0x80) {
					cut = q - 1;
					next = q;
				} else {
					cut = next = cjk_break(start, p);
				}
			}
			save = *cut;
			*cut = L'\0';
			xgrow(&out, &cap, n + 1, sizeof *out);
			out[n++] = ui_width_to_utf8(start);
			*cut = save;
			if (*p == L'\0' && next == p)
				break;
			start = p = next;
			col = 0;
			continue;
		}
		col += cw;
		p++;
	}
	free(w);
	*lines = out;
	return n;
}

void ui_text_field(struct ui_text *t, const char *label, const char *value, int role)
{
	char **lines;
	size_t n, i;

	if (!value || !*value)
		value = "-";
	n = ui_text_wrap(value, t->width - t->label_w, &lines);
	for (i = 0; i < n; i++) {
		add(t, role, i == 0 ? label : NULL, lines[i], NULL);
		t->rows[t->n - 1].field = 1;
		free(lines[i]);
	}
	free(lines);
}

void ui_text_line(struct ui_text *t, int role, const char *text, const char *link)
{
	add(t, role, NULL, text, link);
	t->rows[t->n - 1].label = NULL;
}

void ui_text_para(struct ui_text *t, int role, const char *text)
{
	char **lines;
	size_t n, i;

	n = ui_text_wrap(text ? text : "", t->width, &lines);
	for (i = 0; i < n; i++) {
		ui_text_line(t, role, lines[i], NULL);
		free(lines[i]);
	}
	free(lines);
}

void ui_text_draw_row(struct ui_canvas *c, int y, int x, int w, const struct ui_text *t,
                      size_t i, int role_override)
{
	const struct ui_text_row *r;
	int lw = t->label_w;

	if (i >= t->n)
		return;
	r = &t->rows[i];
	if (c->cursor_mark && (role_override == UI_ROLE_SELECTED || role_override == UI_ROLE_CURSOR)) {
		/* `set cursor mark`: the row as it is, a mark before it. */
		ui_canvas_role(c, y, x > 0 ? x - 1 : x, 1, role_override);
		role_override = -1;
	}
	if (lw > w)
		lw = w;
	if (!r->field) {
		ui_canvas_text(c, y, x, w, role_override >= 0 ? role_override : r->role, r->text,
		               UI_WIDTH_LEFT);
		return;
	}
	ui_canvas_text(c, y, x, lw, role_override >= 0 ? role_override : UI_ROLE_LABEL,
	               r->label ? r->label : "", UI_WIDTH_LEFT);
	ui_canvas_text(c, y, x + lw, w - lw, role_override >= 0 ? role_override : r->role,
	               r->text, UI_WIDTH_LEFT);
}
