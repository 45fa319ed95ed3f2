/*
 * ui-text — a laid-out block of labelled text rows, for detail views, the
 * preview pane and help.
 *
 * A block is built for one width: each field becomes a label in a fixed
 * label column and a value wrapped (on character boundaries, never inside a
 * wide character) into the remaining columns.  Rows may carry a link (an
 * entry code) that the entry view opens on Enter.  No curses: drawing goes
 * to a ui_canvas.
 */
#ifndef GOVDX_UI_TEXT_H
#define GOVDX_UI_TEXT_H

#include <stddef.h>

#include "ui-canvas.h"

struct ui_text_row {
	int role;    /* role of the value */
	char *label; /* NULL on continuation rows and plain lines */
	char *text;
	char *link;  /* entry code opened by Enter, or NULL */
	char *item;  /* the information item the row shows (an objection may name it), or NULL */
	int field;   /* 1: drawn in the label and value columns */
};

struct ui_text {
	struct ui_text_row *rows;
	size_t n, cap;
	int width;   /* total columns */
	int label_w; /* label column, including one space after it */
};

/* Empties the block and sets its geometry. */
void ui_text_reset(struct ui_text *t, int width, int label_w);
void ui_text_free(struct ui_text *t);

/* A labelled field; the value is wrapped to width - label_w columns (and
 * at newlines).  NULL or empty values show as "-". */
void ui_text_field(struct ui_text *t, const char *label, const char *value, int role);
/* A plain row over the whole width (cut with '~' if too long). */
void ui_text_line(struct ui_text *t, int role, const char *text, const char *link);
/* Wrapped plain text over the whole width. */
void ui_text_para(struct ui_text *t, int role, const char *text);

/* Draws row i at (y, x) over w columns; role_override >= 0 replaces the
 * roles (for the cursor row). */
void ui_text_draw_row(struct ui_canvas *c, int y, int x, int w, const struct ui_text *t,
                      size_t i, int role_override);

/* Splits a UTF-8 string into lines of at most width columns (and at
 * newlines); returns the number of lines, *lines malloc'd (free each and
 * the array). */
size_t ui_text_wrap(const char *s, int width, char ***lines);

#endif /* GOVDX_UI_TEXT_H */
