/*
 * ui-canvas — the in-memory screen that views draw into.
 *
 * Views never call curses: they write fitted text into a grid of cells, each
 * a character and a theme role, and the screen owner (ui-screen) copies the
 * grid to the terminal once per loop iteration.  This keeps drawing testable
 * and makes the "model → repaint" step a single place.
 *
 * Invariants: every cell holds one printable character (or a line-drawing
 * code below) or 0, which means "covered by the wide character to the left";
 * a wide character is never cut: writes that would leave half of one replace
 * the orphan half with a space.
 */
#ifndef GOVDX_UI_CANVAS_H
#define GOVDX_UI_CANVAS_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

#include "ui-width.h"

/* Line drawing, mapped to the terminal's alternate character set by
 * ui-screen (box-drawing characters have an ambiguous width in CJK
 * terminals, the alternate set does not). */
#define UI_CANVAS_VLINE ((wchar_t)0xE000)
#define UI_CANVAS_HLINE ((wchar_t)0xE001)

struct ui_cell {
	wchar_t ch;         /* 0: right half of the wide char to the left */
	unsigned char role; /* enum ui_role */
};

struct ui_rect {
	int y, x, h, w;
};

struct ui_canvas {
	int rows, cols;
	struct ui_cell *cells; /* rows * cols */
	int cursor_y, cursor_x; /* visible cursor, or -1 */
	/* `set cursor mark`: a cursor row (the selected and cursor roles
	 * given by ui_canvas_role) is a mark in its first column, not the
	 * whole row in the role; a step then rewrites two cells instead of
	 * two rows (mutt's arrow_cursor, for slow links). */
	bool cursor_mark;
};

void ui_canvas_init(struct ui_canvas *c);
void ui_canvas_free(struct ui_canvas *c);
/* Resizes and clears. */
void ui_canvas_resize(struct ui_canvas *c, int rows, int cols);

/* Fills a rectangle with spaces in the role. */
void ui_canvas_fill(struct ui_canvas *c, struct ui_rect r, int role);

/* Writes s fitted to exactly w columns at (y, x) (cut with '~', padded);
 * clipped to the canvas.  Returns the columns the text itself took
 * (without padding). */
int ui_canvas_text(struct ui_canvas *c, int y, int x, int w, int role, const char *utf8,
                   enum ui_width_align align);
int ui_canvas_wtext(struct ui_canvas *c, int y, int x, int w, int role, const wchar_t *s,
                    enum ui_width_align align);

/* Changes the role of w cells (e.g. to highlight the cursor row). */
void ui_canvas_role(struct ui_canvas *c, int y, int x, int w, int role);

void ui_canvas_vline(struct ui_canvas *c, int y, int x, int h, int role);
void ui_canvas_hline(struct ui_canvas *c, int y, int x, int w, int role);

/* The text of one row as UTF-8 (line drawing as '|' and '-'), malloc'd;
 * for tests and dumps. */
char *ui_canvas_row_utf8(const struct ui_canvas *c, int y);
/* Copies h rows of src from row sy, columns [x, x+w), to dst from row dy,
 * the same columns; rows outside either canvas are left out.  A wide
 * character cut by the edges becomes a space. */
void ui_canvas_copy_rows(struct ui_canvas *dst, int dy, const struct ui_canvas *src, int sy,
                         int h, int x, int w);

#endif /* GOVDX_UI_CANVAS_H */
