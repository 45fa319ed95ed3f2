/*
 * width — display columns of characters and UTF-8 text, for drawing
 * Chinese and other wide characters in exact columns.
 *
 * Widths come from wcwidth(3), so the program must have set a UTF-8
 * LC_CTYPE (the console forces C.UTF-8 when the user's locale is not
 * UTF-8).  Decoding does not depend on the locale: it is common/utf8's,
 * and an ill-formed sequence counts as one U+FFFD.
 *
 * Text that comes from elsewhere (a service) is never written to a
 * terminal raw: a control character (C0, DEL, C1) and an invisible
 * bidirectional control are shown escaped (width_escape): "^[" for ESC,
 * "<U+202E>" for a right-to-left override.  Other characters that cannot
 * be drawn are shown as '?'.
 *
 * Invariants: pure functions (wcwidth reads only the locale), no state, no
 * allocation, no output.  Every character is exactly as wide as what the
 * console draws for it: an escaped character counts the columns of its
 * escape, another undrawable one column ('?').
 */
#ifndef GOVDX_COMMON_WIDTH_H
#define GOVDX_COMMON_WIDTH_H

#include <stdbool.h>
#include <stdint.h>

/* The longest escape width_escape writes, with its NUL. */
#define WIDTH_ESCAPE_SIZE 10

/* The visible form of a character that must never reach a terminal as
 * itself, in out (NUL-terminated ASCII): caret notation for C0 and DEL
 * ("^[", "^G", "^?"), "<U+XXXX>" for a C1 control and for the invisible
 * bidirectional controls (U+061C, U+200E, U+200F, U+202A..U+202E,
 * U+2066..U+2069) and U+2028, U+2029.  Returns its length, or 0 (out "")
 * for any other character. */
size_t width_escape(uint32_t c, char out[WIDTH_ESCAPE_SIZE]);

/* Columns of one character: wcwidth, except that an escaped character
 * (width_escape) counts its escape's columns, what wcwidth does not know
 * counts 1 (drawn as '?'), and combining characters count 0. */
int width_char(uint32_t c);

/* Whether c cannot be drawn as itself (an escaped character, or one
 * wcwidth does not know). */
bool width_undrawable(uint32_t c);

/* Columns of a NUL-terminated UTF-8 string; NULL is 0 columns. */
int width_utf8(const char *s);

#endif /* GOVDX_COMMON_WIDTH_H */
