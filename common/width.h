/*
 * width — display columns of characters and UTF-8 text, for drawing
 * Chinese and other wide characters in exact columns.
 *
 * Widths come from wcwidth(3), so the program must have set a UTF-8
 * LC_CTYPE (the console forces C.UTF-8 when the user's locale is not
 * UTF-8).  Decoding does not depend on the locale: it is common/utf8's,
 * and an ill-formed sequence counts as one U+FFFD.
 *
 * Invariants: pure functions (wcwidth reads only the locale), no state, no
 * allocation, no output.  Every character is at least as wide as what the
 * console draws for it: control and other undrawable characters count one
 * column, because they are drawn as '?'.
 */
#ifndef GOVDX_COMMON_WIDTH_H
#define GOVDX_COMMON_WIDTH_H

#include <stdbool.h>
#include <stdint.h>

/* Columns of one character: wcwidth, except that control characters (C0,
 * DEL, C1) and what wcwidth does not know count 1; combining characters
 * count 0. */
int width_char(uint32_t c);

/* Whether c cannot be drawn as itself (a control character, or one
 * wcwidth does not know) and is shown as '?'. */
bool width_undrawable(uint32_t c);

/* Columns of a NUL-terminated UTF-8 string; NULL is 0 columns. */
int width_utf8(const char *s);

#endif /* GOVDX_COMMON_WIDTH_H */
