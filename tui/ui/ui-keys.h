/*
 * ui-keys — key codes and their names in the config language.
 *
 * A key is one int: a character (its code point: 'j', '/', 12 for Ctrl-L,
 * '中') or a curses function key stored as UI_KEY_FN + KEY_xxx, so that both
 * fit one binding table.  Names are what `bind` accepts and help shows:
 * a single character, C-x, Enter, Esc, Tab, BTab, Space, BSpace, Up, Down,
 * Left, Right, PgUp, PgDn, Home, End, Ins, Del, F1..F12, and Semicolon
 * (also written ;).
 */
#ifndef GOVDX_UI_KEYS_H
#define GOVDX_UI_KEYS_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

#define UI_KEY_FN 0x200000
#define UI_KEY_ENTER '\n'
#define UI_KEY_ESC 27
#define UI_KEY_CTRL_C 3 /* raw mode: Ctrl-C is a key (it stops long work) */
#define UI_KEY_TAB '\t'
/* An escape sequence the terminal sent that no key is known for: ignored. */
#define UI_KEY_UNKNOWN (UI_KEY_FN + 0x1fff)
/* The test hook's sync key (GOVDX_TEST_REPORT): the curses code
 * ui-screen gives the private sequence ESC [ 9999 ~, read in test mode
 * only.  Far above the codes curses gives the terminal's extended keys. */
#define UI_SYNC_CURSES 0x1000
#define UI_KEY_SYNC (UI_KEY_FN + UI_SYNC_CURSES)

/* The key of what wget_wch gave (is_fn: KEY_CODE_YES): a function key as
 * UI_KEY_FN + its code; Enter ('\r', KEY_ENTER) as UI_KEY_ENTER and
 * KEY_BACKSPACE as BSpace (127), so that one binding serves each however
 * the terminal sends it. */
int ui_keys_from_curses(bool is_fn, wint_t ch);

/* The key of a name, or -1 if the name is unknown. */
int ui_keys_parse(const char *name);
/* The name of a key, written to buf. */
const char *ui_keys_name(int key, char *buf, size_t len);

#endif /* GOVDX_UI_KEYS_H */
