/*
 * ui-form — shared pieces of the console's forms (see ui-form.h).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "beijing.h"
#include "i18n.h"
#include "ui-form.h"
#include "ui-keys.h"
#include "ui-text.h"
#include "ui-theme.h"
#include "ui-width.h"
#include "xalloc.h"

void ui_form_label(struct ui_canvas *c, int y, int x, const char *text, bool focused)
{
	ui_canvas_text(c, y, x, UI_FORM_LABEL_W, focused ? UI_ROLE_SELECTED : UI_ROLE_LABEL, text,
	               UI_WIDTH_LEFT);
}

void ui_form_edit(struct ui_canvas *c, int y, int x, int w, int rows, struct ui_edit *ed,
                  bool focused)
{
	struct ui_edit_layout L;
	int first = 0, i, cw = 0;
	char count[48];

	if (focused && ui_form_counter(ed, count, sizeof count)[0]) {
		cw = ui_width_utf8(count) + 1;
		if (cw > w / 3)
			cw = 0;
	}
	w -= cw;
	ui_edit_layout(ed, w, &L);
	/* With the focus, the rows around the cursor; without, the start. */
	if (focused && L.cur_row >= rows)
		first = L.cur_row - rows + 1;
	for (i = 0; i < rows; i++) {
		ui_canvas_fill(c, (struct ui_rect){ y + i, x, 1, w }, UI_ROLE_CURSOR);
		if (first + i < L.n)
			ui_canvas_wtext(c, y + i, x, w, UI_ROLE_CURSOR, L.rows[first + i],
			                UI_WIDTH_LEFT);
	}
	/* Text out of sight is marked, never silently hidden: ^ above, ~ below. */
	if (w > 1 && first > 0)
		ui_canvas_text(c, y, x + w - 1, 1, UI_ROLE_DIM, "^", UI_WIDTH_LEFT);
	if (w > 1 && first + rows < L.n)
		ui_canvas_text(c, y + rows - 1, x + w - 1, 1, UI_ROLE_DIM, "~", UI_WIDTH_LEFT);
	if (cw)
		ui_canvas_text(c, y + rows - 1, x + w, cw,
		               ui_edit_length(ed) >= ui_edit_max(ed) ? UI_ROLE_ERROR : UI_ROLE_DIM,
		               count, UI_WIDTH_RIGHT);
	if (focused) {
		c->cursor_y = y + L.cur_row - first;
		c->cursor_x = x + (L.cur_col < w ? L.cur_col : w - 1);
	}
	ui_edit_layout_free(&L);
}

void ui_form_choice(struct ui_canvas *c, int y, int x, int w, const char *value, bool focused)
{
	char *s = xasprintf("< %s >", value);

	ui_canvas_text(c, y, x, w, focused ? UI_ROLE_SELECTED : UI_ROLE_CURSOR, s, UI_WIDTH_LEFT);
	free(s);
}

int ui_form_message(struct ui_canvas *c, int y, int x, int w, int bottom, const char *text,
                    int role)
{
	char **lines;
	size_t n = ui_text_wrap(text, w, &lines), k;

	for (k = 0; k < n; k++) {
		if (y < bottom)
			ui_canvas_text(c, y++, x, w, role, lines[k], UI_WIDTH_LEFT);
		free(lines[k]);
	}
	free(lines);
	return y;
}

const char *ui_form_counter(const struct ui_edit *ed, char *buf, size_t len)
{
	buf[0] = '\0';
	if (ui_edit_max(ed) >= 100)
		snprintf(buf, len, "%zu/%zu", ui_edit_length(ed), ui_edit_max(ed));
	return buf;
}

const char *ui_form_refusal(struct ui_edit *ed, const char *label, char *buf, size_t len)
{
	size_t n = ui_edit_take_refused(ed);

	if (!n)
		return NULL;
	/* The whole run, not just this key: a paste 100 characters too
	 * long is refused key by key and says 100. */
	if (ui_edit_refused_burst(ed) > n)
		n = ui_edit_refused_burst(ed);
	snprintf(buf, len,
	         P_("%s is full: at most %zu characters; %zu more was not taken.",
	            "%s is full: at most %zu characters; %zu more were not taken.", n),
	         label, ui_edit_max(ed), n);
	return buf;
}

void ui_form_beijing_date(time_t now, int years, char out[11])
{
	struct tm tm = { 0 };
	char buf[64];

	beijing_time(now, &tm);
	tm.tm_year += years;
	if (years && tm.tm_mon == 1 && tm.tm_mday == 29)
		tm.tm_mday = 28;

	snprintf(buf, sizeof buf, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	memcpy(out, buf, 10);
	out[10] = '\0';
}

bool ui_form_valid_date(const char *s)
{
	int y, m, d;
	char extra;
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
	    sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &extra) != 3)
		return false;
	if (y < 1900 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return false;
	return m != 2 || d < 29 || (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0));
}

const char *ui_form_period_error(const char *from, const char *to, time_t now, char *buf,
                                 size_t len)
{
	char today[11], last[64];
	int y, m, d;

	if (!ui_form_valid_date(from) || !ui_form_valid_date(to) || strcmp(from, to) > 0) {
		snprintf(buf, len, "%s", _("two dates YYYY-MM-DD, the first not after the second"));
		return buf;
	}
	ui_form_beijing_date(now, 0, today);
	if (strcmp(from, today) < 0) {
		snprintf(buf, len,
		         _("the usage period cannot start in the past (from must be %s or later: "
		           "today in Beijing)"),
		         today);
		return buf;
	}
	/* Five years on from `from`; a 29 February start ends on the 28th. */
	sscanf(from, "%4d-%2d-%2d", &y, &m, &d);
	if (m == 2 && d == 29)
		d = 28;
	snprintf(last, sizeof last, "%04d-%02d-%02d", y + 5, m, d);
	if (strcmp(to, last) > 0) {
		snprintf(buf, len, _("the usage period is at most 5 years (to must be %s or earlier)"),
		         last);
		return buf;
	}
	return NULL;
}

const char *ui_form_key_for(struct ui_form_key *k, const char *body)
{
	if (!k->body || strcmp(k->body, body) != 0 || !k->key[0]) {
		if (govdx_idempotency_key(k->key) < 0)
			k->key[0] = '\0';
		free(k->body);
		k->body = xstrdup(body);
	}
	return k->key[0] ? k->key : NULL;
}

void ui_form_key_free(struct ui_form_key *k)
{
	free(k->body);
	k->body = NULL;
}
