/*
 * ui-canvas — the grid of cells views draw into (see ui-canvas.h).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ui-canvas.h"
#include "ui-theme.h"
#include "xalloc.h"

void ui_canvas_init(struct ui_canvas *c)
{
	memset(c, 0, sizeof *c);
	c->cursor_y = c->cursor_x = -1;
}

void ui_canvas_free(struct ui_canvas *c)
{
	free(c->cells);
	ui_canvas_init(c);
}

void ui_canvas_resize(struct ui_canvas *c, int rows, int cols)
{
	if (rows < 0)
		rows = 0;
	if (cols < 0)
		cols = 0;
	free(c->cells);
	c->rows = rows;
	c->cols = cols;
	c->cells = xcalloc((size_t)rows * (size_t)cols + 1, sizeof *c->cells);
	ui_canvas_fill(c, (struct ui_rect){ 0, 0, rows, cols }, 0);
	c->cursor_y = c->cursor_x = -1;
}

static struct ui_cell *cell(struct ui_canvas *c, int y, int x)
{
	return &c->cells[(size_t)y * (size_t)c->cols + (size_t)x];
}

/* Before overwriting [x, x+w) on row y: a wide char whose left half lies
 * left of x loses its right half, and a wide char starting inside the range
 * whose right half lies beyond it loses its left half; blank the orphans. */
static void unsplit(struct ui_canvas *c, int y, int x, int w)
{
	int end = x + w;

	if (x > 0 && x < c->cols && cell(c, y, x)->ch == 0)
		cell(c, y, x - 1)->ch = L' ';
	if (end < c->cols && end > 0 && cell(c, y, end)->ch == 0)
		cell(c, y, end)->ch = L' ';
}

void ui_canvas_fill(struct ui_canvas *c, struct ui_rect r, int role)
{
	int y, x;

	for (y = r.y; y < r.y + r.h; y++) {
		if (y < 0 || y >= c->rows)
			continue;
		int x0 = r.x < 0 ? 0 : r.x, x1 = r.x + r.w > c->cols ? c->cols : r.x + r.w;
		if (x1 <= x0)
			continue;
		unsplit(c, y, x0, x1 - x0);
		for (x = x0; x < x1; x++) {
			cell(c, y, x)->ch = L' ';
			cell(c, y, x)->role = (unsigned char)role;
		}
	}
}

int ui_canvas_wtext(struct ui_canvas *c, int y, int x, int w, int role, const wchar_t *s,
                    enum ui_width_align align)
{
	wchar_t *buf;
	size_t cap;
	int used, col, i;

	if (y < 0 || y >= c->rows || w <= 0 || x >= c->cols)
		return 0;
	if (x < 0) {
		w += x;
		x = 0;
	}
	if (x + w > c->cols)
		w = c->cols - x;
	if (w <= 0)
		return 0;
	cap = (size_t)w + 1;
	buf = xmalloc(cap * sizeof *buf);
	ui_width_fit(s ? s : L"", w, align, buf, cap);
	used = ui_width_wcs(s ? s : L"", (size_t)-1);
	unsplit(c, y, x, w);
	col = x;
	for (i = 0; buf[i] && col < x + w; i++) {
		int cw = ui_width_wchar(buf[i]);
		if (cw <= 0)
			continue;
		if (cw == 2 && col + 1 >= x + w) {
			cell(c, y, col)->ch = L' ';
			cell(c, y, col)->role = (unsigned char)role;
			col++;
			break;
		}
		cell(c, y, col)->ch = buf[i];
		cell(c, y, col)->role = (unsigned char)role;
		if (cw == 2) {
			cell(c, y, col + 1)->ch = 0;
			cell(c, y, col + 1)->role = (unsigned char)role;
		}
		col += cw;
	}
	for (; col < x + w; col++) {
		cell(c, y, col)->ch = L' ';
		cell(c, y, col)->role = (unsigned char)role;
	}
	free(buf);
	return used < w ? used : w;
}

int ui_canvas_text(struct ui_canvas *c, int y, int x, int w, int role, const char *utf8,
                   enum ui_width_align align)
{
	wchar_t *ws;
	int n;

	if (y < 0 || y >= c->rows || w <= 0)
		return 0;
	ws = ui_width_from_utf8(utf8);
	n = ui_canvas_wtext(c, y, x, w, role, ws, align);
	free(ws);
	return n;
}

void ui_canvas_role(struct ui_canvas *c, int y, int x, int w, int role)
{
	int i;

	if (y < 0 || y >= c->rows)
		return;
	if (c->cursor_mark && (role == UI_ROLE_SELECTED || role == UI_ROLE_CURSOR) && w > 0) {
		/* The mark: the row's first cell, '>' where it is blank. */
		i = x < 0 ? 0 : x;
		if (i >= c->cols)
			return;
		if (cell(c, y, i)->ch == L' ')
			cell(c, y, i)->ch = L'>';
		cell(c, y, i)->role = (unsigned char)role;
		return;
	}
	for (i = x < 0 ? 0 : x; i < x + w && i < c->cols; i++)
		cell(c, y, i)->role = (unsigned char)role;
}

void ui_canvas_vline(struct ui_canvas *c, int y, int x, int h, int role)
{
	int i;

	if (x < 0 || x >= c->cols)
		return;
	for (i = y; i < y + h; i++) {
		if (i < 0 || i >= c->rows)
			continue;
		unsplit(c, i, x, 1);
		cell(c, i, x)->ch = UI_CANVAS_VLINE;
		cell(c, i, x)->role = (unsigned char)role;
	}
}

void ui_canvas_hline(struct ui_canvas *c, int y, int x, int w, int role)
{
	int i;

	if (y < 0 || y >= c->rows)
		return;
	unsplit(c, y, x < 0 ? 0 : x, w);
	for (i = x < 0 ? 0 : x; i < x + w && i < c->cols; i++) {
		cell(c, y, i)->ch = UI_CANVAS_HLINE;
		cell(c, y, i)->role = (unsigned char)role;
	}
}

char *ui_canvas_row_utf8(const struct ui_canvas *c, int y)
{
	wchar_t *ws = xcalloc((size_t)c->cols + 1, sizeof *ws);
	char *s;
	int x, n = 0;

	for (x = 0; y >= 0 && y < c->rows && x < c->cols; x++) {
		wchar_t ch = c->cells[(size_t)y * (size_t)c->cols + (size_t)x].ch;
		if (ch == 0)
			continue;
		ws[n++] = ch == UI_CANVAS_VLINE ? L'|' : ch == UI_CANVAS_HLINE ? L'-' : ch;
	}
	s = ui_width_to_utf8(ws);
	free(ws);
	return s;
}

void ui_canvas_copy_rows(struct ui_canvas *dst, int dy, const struct ui_canvas *src, int sy,
                         int h, int x, int w)
{
	int i, j;

	if (x < 0 || w <= 0 || x + w > dst->cols || x + w > src->cols)
		return;
	for (i = 0; i < h; i++) {
		const struct ui_cell *from;
		struct ui_cell *to;
		if (sy + i < 0 || sy + i >= src->rows || dy + i < 0 || dy + i >= dst->rows)
			continue;
		unsplit(dst, dy + i, x, w);
		from = &src->cells[(size_t)(sy + i) * (size_t)src->cols + (size_t)x];
		to = cell(dst, dy + i, x);
		for (j = 0; j < w; j++)
			to[j] = from[j];
		/* A right half without its left, a left half without its right. */
		if (to[0].ch == 0)
			to[0].ch = L' ';
		if (w > 1 && to[w - 1].ch != 0 && x + w < src->cols && from[w].ch == 0)
			to[w - 1].ch = L' ';
	}
}
