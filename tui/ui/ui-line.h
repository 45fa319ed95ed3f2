/*
 * ui-line — the `:` (and `/`) command line widget.
 *
 * The editor core (edit-core.h) fed one edit op or character at a time,
 * libedit history(3) for history (kept in a file between runs) and a
 * caller-supplied Tab completer.  libedit's readline interface and el_gets
 * cannot live inside a full-screen curses program (they write to the
 * terminal themselves and block), so editing is done here and only
 * history(3) is borrowed.
 *
 * This module makes no curses calls (it only uses the KEY_* constants): the
 * screen owner asks ui_line_visible() for the slice to draw and where the
 * cursor is.  That keeps it testable by feeding keys and reading the text.
 *
 * Invariants: 0 <= cursor <= length; the buffer is always NUL-terminated;
 * history entries are UTF-8; the newest history entry is never repeated.
 */
#ifndef GOVDX_UI_LINE_H
#define GOVDX_UI_LINE_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

#include "edit-core.h"

struct ui_line;

/* A new line widget keeping at most history_size entries (<= 0: 500). */
struct ui_line *ui_line_new(int history_size);
void ui_line_free(struct ui_line *l);

/* Replaces the history in memory with the file's entries.  Returns the
 * number of entries loaded, 0 if the file does not exist, -1 on error. */
int ui_line_history_load(struct ui_line *l, const char *path);
/* Adds the lines entered since the last save to what the file holds now
 * (so consoles sharing one file each keep their lines, whichever saves
 * last), under a lock on its directory; creates the parent directories
 * (mode 0700), writes the file with mode 0600, atomically.  Returns 0, or
 * -1 on error (errno set; the lines are kept for the next save). */
int ui_line_history_save(struct ui_line *l, const char *path);

/* Begins editing: clears the buffer (then inserts initial_utf8, may be NULL),
 * puts the cursor at the end, forgets completion candidates and rewinds the
 * history walk.  prompt_utf8 is drawn before the text, like ":" or "/". */
void ui_line_start(struct ui_line *l, const char *prompt_utf8,
                   const char *initial_utf8);

enum ui_line_result { UI_LINE_EDITING, UI_LINE_DONE, UI_LINE_CANCEL };

/* Carries out one edit op (a command bound to a key: see edit-core.h):
 * the shared moves, deletes, kills and yank; EDIT_HIST_PREV/NEXT walk the
 * history (the line being typed is kept to come back to); EDIT_COMPLETE
 * completes; EDIT_ENTER gives UI_LINE_DONE and enters a non-blank line
 * into the history unless it equals the newest entry; EDIT_CANCEL gives
 * UI_LINE_CANCEL.  The ops of form fields do nothing here. */
enum ui_line_result ui_line_do(struct ui_line *l, enum edit_op op);
/* A character typed that no binding took: printable characters (Chinese
 * too) insert at the cursor, others are dropped. */
void ui_line_insert(struct ui_line *l, wint_t ch);
/* Feeds one key as returned by wget_wch (is_key = (rc == KEY_CODE_YES))
 * with the editor's built-in keys (edit_core_defaults, keymaps "line" and
 * "edit"), for callers without bindings: the console itself looks keys up
 * in its bindings and calls ui_line_do or ui_line_insert. */
enum ui_line_result ui_line_key(struct ui_line *l, bool is_key, wint_t ch);

/* The current buffer as UTF-8 (owned by l, valid until the next call). */
const char *ui_line_text(struct ui_line *l);

/* Completion: the completer gets the whole line (UTF-8) and the byte offset
 * of the start of the word under the cursor (words split on spaces; quotes
 * are not special), and returns a malloc'd NULL-terminated array of malloc'd
 * candidate words, or NULL.  One candidate: the word is replaced (plus a
 * space).  Several: the word is replaced with their longest common prefix
 * and the candidates are kept so the drawing code can list them; Tab again
 * cycles through them. */
typedef char **(*ui_line_completer)(void *arg, const char *line,
                                    size_t word_start);
void ui_line_set_completer(struct ui_line *l, ui_line_completer fn, void *arg);
/* The last ambiguous candidate list (n receives its length), or NULL. */
const char *const *ui_line_candidates(struct ui_line *l, size_t *n);

/* Layout for drawing: the visible slice of prompt+buffer that fits in cols
 * columns, scrolled horizontally so the cursor stays visible, never
 * splitting a wide char, padded with spaces to cols.  *cursor_col receives
 * the cursor's column.  Returns the columns written (as ui_width_fit). */
int ui_line_visible(struct ui_line *l, int cols, wchar_t *out, size_t outcap,
                    int *cursor_col);

#endif /* GOVDX_UI_LINE_H */
