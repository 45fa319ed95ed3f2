/*
 * edit-core — the one text editor under every place the console takes
 * typing: the `:` and `/` lines (ui-line), form fields and the reason
 * prompt (ui-edit).
 *
 * A wchar_t buffer with a cursor, a kill buffer, and the edit operations
 * both editors share: moves, deletes, kills and the yank.  Each operation
 * is an enum edit_op, and each op is a command of the action table
 * (edit-left, edit-kill-end...), so keys reach it through bindings like
 * every other action.  The editor's built-in keys are a table here
 * (edit_core_defaults), loaded as bindings at start and used by
 * ui_line_key/ui_edit_key for callers without bindings.
 *
 * Characters, not bytes: the cursor always sits between whole characters,
 * so a Chinese character is deleted in one key press; widths are measured
 * with ui_width_wchar (wcwidth).  No curses calls.
 *
 * Invariants: cur <= len < cap; buf[len] == 0; a single-line buffer never
 * holds a newline; max_chars (when set) is never passed by typing.
 */
#ifndef GOVDX_EDIT_CORE_H
#define GOVDX_EDIT_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

/* What a key can do to text.  Shared ops first; then those of the `:`
 * line, then those of form fields and the reason prompt. */
enum edit_op {
	EDIT_NONE,
	EDIT_LEFT,        /* one character left */
	EDIT_RIGHT,       /* one character right */
	EDIT_HOME,        /* start of the line */
	EDIT_END,         /* end of the line */
	EDIT_WORD_BACK,   /* start of the word before the cursor */
	EDIT_WORD_NEXT,   /* end of the word after the cursor */
	EDIT_BACKSPACE,   /* delete the character before the cursor */
	EDIT_DELETE,      /* delete the character under the cursor */
	EDIT_KILL_START,  /* kill to the start of the line */
	EDIT_KILL_END,    /* kill to the end of the line */
	EDIT_KILL_WORD,   /* kill the word before the cursor */
	EDIT_YANK,        /* insert the last killed text */
	EDIT_ENTER,       /* done: run the line, leave the field */
	EDIT_CANCEL,      /* give up */
	/* the `:` and `/` lines */
	EDIT_HIST_PREV,   /* the older history entry */
	EDIT_HIST_NEXT,   /* the newer one, then the line being typed */
	EDIT_COMPLETE,    /* Tab completion */
	/* form fields and the reason prompt */
	EDIT_NEWLINE,     /* a new line in a multi-line field */
	EDIT_UP,          /* the row above, or the previous field */
	EDIT_DOWN,        /* the row below, or the next field */
	EDIT_NEXT_FIELD,
	EDIT_PREV_FIELD,
};

struct edit_core {
	wchar_t *buf;     /* the text, NUL-terminated */
	size_t len;       /* characters in buf */
	size_t cap;       /* allocated characters, > len */
	size_t cur;       /* cursor: index of the character under it */
	wchar_t *killed;  /* the last killed text, for the yank; or NULL */
	bool multiline;   /* may hold newlines */
	size_t max_chars; /* 0: no limit */
	size_t refused;   /* characters refused at the limit, until taken */
};

void edit_core_init(struct edit_core *e, bool multiline, size_t max_chars);
void edit_core_free(struct edit_core *e);

/* Whether a character is text (inserted) rather than a control. */
bool edit_core_printable(wint_t ch);
/* Inserts one character at the cursor: a newline only when multiline; a
 * character past max_chars is refused (counted in refused). */
void edit_core_insert(struct edit_core *e, wchar_t c);
/* Replaces characters [from, to) with n characters of s, the cursor after
 * them; no limit applies (history entries, completions). */
void edit_core_replace(struct edit_core *e, size_t from, size_t to, const wchar_t *s, size_t n);
/* Replaces the whole text with UTF-8 s (NULL: empty), typed one character
 * at a time (so the limit and single-line rule apply; '\r' dropped); the
 * cursor at the end. */
void edit_core_set_utf8(struct edit_core *e, const char *s);
/* The text as malloc'd UTF-8. */
char *edit_core_utf8(const struct edit_core *e);

/* Carries out a shared op (EDIT_LEFT .. EDIT_YANK).  False for any other
 * op: the editor above does those. */
bool edit_core_do(struct edit_core *e, enum edit_op op);

/* Start and end of the (logical) line around the cursor. */
size_t edit_core_line_start(const struct edit_core *e);
size_t edit_core_line_end(const struct edit_core *e);

/* The editor's built-in keys: in keymap ("edit" for every editor, "line"
 * for the `:` and `/` lines, "field" for form fields and the reason
 * prompt; line and field come before edit), key (a ui-keys code) does op. */
struct edit_core_key {
	const char *keymap;
	int key;
	enum edit_op op;
};
const struct edit_core_key *edit_core_defaults(size_t *n);
/* The built-in op of key in keymap, else in "edit"; EDIT_NONE if none. */
enum edit_op edit_core_default_op(const char *keymap, int key);

#endif /* GOVDX_EDIT_CORE_H */
