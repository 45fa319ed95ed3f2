/*
 * ui-edit — a text field for forms and prompts, single- or multi-line.
 *
 * The `:` line (ui-line) is one line with history and completion; a form
 * needs several fields, some of them multi-line (a legal basis, a reason),
 * that wrap to the width they are drawn in.  This is that field: the
 * editor core (edit-core.h) with the same ops as ui-line, plus a new
 * line in multi-line fields and moves between rows and fields, and a
 * layout step that wraps the text into rows on character boundaries (never inside a wide character)
 * and says where the cursor is.
 *
 * No curses calls (only the KEY_* constants): the drawing code asks for the
 * rows.  Invariants: cur <= len < cap; buf[len] == 0; a single-line field
 * never holds a newline; max_chars (when set) is never exceeded.
 */
#ifndef GOVDX_UI_EDIT_H
#define GOVDX_UI_EDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

#include "edit-core.h"

struct ui_edit;

/* A new empty field; max_chars 0: no limit. */
struct ui_edit *ui_edit_new(bool multiline, size_t max_chars);
void ui_edit_free(struct ui_edit *e);

/* Replaces the text (newlines dropped in a single-line field); the cursor
 * goes to the end. */
void ui_edit_set(struct ui_edit *e, const char *utf8);
/* The text as UTF-8 (owned by e, valid until the next call on e). */
const char *ui_edit_text(struct ui_edit *e);
/* Characters in the field, and its limit (0: none). */
size_t ui_edit_length(const struct ui_edit *e);
size_t ui_edit_max(const struct ui_edit *e);
/* Characters refused since the last call because the field was full (a
 * key or a paste past max_chars); resets the count.  Nothing is ever cut
 * silently: the caller says so when this is not 0. */
size_t ui_edit_take_refused(struct ui_edit *e);
/* Characters refused in the current run: since the last key that was
 * taken, moved or left the field (a paste refused one key at a time
 * counts as one run).  Not reset by ui_edit_take_refused. */
size_t ui_edit_refused_burst(const struct ui_edit *e);
/* Whether the text is empty or only white space. */
bool ui_edit_blank(const struct ui_edit *e);

enum ui_edit_result {
	UI_EDIT_EDITING, /* the key changed the text or the cursor (or did nothing) */
	UI_EDIT_DONE,    /* Enter */
	UI_EDIT_CANCEL,  /* Esc, Ctrl-G, Ctrl-C */
	UI_EDIT_NEXT,    /* Tab, or Down on the last row */
	UI_EDIT_PREV,    /* BTab, or Up on the first row */
};

/* Carries out one edit op (a command bound to a key: see edit-core.h):
 * the shared moves, deletes, kills and yank; EDIT_NEWLINE (multi-line
 * only); EDIT_UP/EDIT_DOWN move between rows of a multi-line field, and
 * leave it (UI_EDIT_PREV/NEXT) from the first/last row or in a single-line
 * one; EDIT_NEXT_FIELD/PREV_FIELD, EDIT_ENTER and EDIT_CANCEL give their
 * result.  The `:` line's ops do nothing here. */
enum ui_edit_result ui_edit_do(struct ui_edit *e, enum edit_op op);
/* A character typed that no binding took: printable characters (Chinese
 * too) insert, others are dropped. */
void ui_edit_insert(struct ui_edit *e, wint_t ch);
/* Feeds one key as wget_wch gave it (is_key: a KEY_* code) with the
 * editor's built-in keys (edit_core_defaults, keymaps "field" and "edit"),
 * for callers without bindings: the console looks keys up in its bindings
 * and calls ui_edit_do or ui_edit_insert. */
enum ui_edit_result ui_edit_key(struct ui_edit *e, bool is_key, wint_t ch);

/* The text wrapped to width columns: rows (malloc'd wide strings, each at
 * most width columns, without the newline) and the cursor's row and
 * column.  There is always at least one row. */
struct ui_edit_layout {
	wchar_t **rows;
	int n;
	int cur_row, cur_col;
};
void ui_edit_layout(struct ui_edit *e, int width, struct ui_edit_layout *out);
void ui_edit_layout_free(struct ui_edit_layout *l);

#endif /* GOVDX_UI_EDIT_H */
