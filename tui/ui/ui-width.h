/*
 * ui-width — display columns of text, for drawing Chinese and other wide
 * characters in exact columns.
 *
 * No curses here: this module only measures and fits text; the drawing module
 * puts the result on the screen.  Widths come from wcwidth(3), so the caller
 * must have set a UTF-8 LC_CTYPE (the console forces C.UTF-8 when the user's
 * locale is not UTF-8).  UTF-8 is decoded by common/utf8, not mbrtowc, so
 * that decoding does not depend on the locale: invalid bytes always become
 * U+FFFD.
 *
 * Invariants: a fitted string never contains half of a wide character, never
 * contains a control character (shown escaped, "^[" or "<U+009B>", as
 * common/width's width_escape says; another undrawable character is drawn
 * as '?'), and occupies exactly the requested number of columns
 * (truncation is marked with an ASCII '~'; an escape is cut whole).
 */
#ifndef GOVDX_UI_WIDTH_H
#define GOVDX_UI_WIDTH_H

#include <stddef.h>
#include <wchar.h>

/* Columns of one character: wcwidth, except that control characters count
 * their escape's columns, other non-printable characters 1 (drawn as '?')
 * and combining characters 0. */
int ui_width_wchar(wchar_t c);

/* Columns of the first n characters of s (n == (size_t)-1: up to the NUL). */
int ui_width_wcs(const wchar_t *s, size_t n);

/* Columns of a UTF-8 string (invalid bytes count as U+FFFD). */
int ui_width_utf8(const char *s);

/* malloc'd wide copy of a UTF-8 string; invalid bytes become U+FFFD.
 * Never fails (aborts on out-of-memory).  NULL s gives an empty string. */
wchar_t *ui_width_from_utf8(const char *s);

/* malloc'd UTF-8 copy of a wide string (aborts on out-of-memory).
 * Characters that are not valid code points become U+FFFD. */
char *ui_width_to_utf8(const wchar_t *s);

enum ui_width_align { UI_WIDTH_LEFT, UI_WIDTH_RIGHT };

/* Fits s into exactly cols columns: copies whole characters while they fit;
 * if the text is longer, it is cut on a character boundary and the last
 * column is an ASCII '~'; a wide char that would straddle the edge is never
 * split (padded with a space instead); then pads with spaces to exactly cols
 * (left or right aligned).  Writes into out (capacity outcap wide chars
 * including the NUL; truncates safely if outcap is small).  Control
 * characters become their escapes, other undrawable ones '?'.  Returns the
 * number of columns written (== cols unless outcap was too small).
 * cols <= 0 writes "". */
int ui_width_fit(const wchar_t *s, int cols, enum ui_width_align align,
                 wchar_t *out, size_t outcap);
int ui_width_fit_utf8(const char *s, int cols, enum ui_width_align align,
                      wchar_t *out, size_t outcap);

#endif /* GOVDX_UI_WIDTH_H */
