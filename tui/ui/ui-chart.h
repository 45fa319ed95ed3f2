/*
 * ui-chart — charts drawn with characters: a horizontal bar of a fraction
 * and a sparkline of a series, written into a wide-character buffer of
 * exactly the columns asked for, for the canvas to draw (no curses here).
 *
 * Two styles.  Blocks: a bar is full blocks (U+2588) and one partial
 * block of eighths (U+258F..U+2589) for the fraction of a column, a
 * sparkline one of the eight lower blocks (U+2581..U+2588) per value.
 * ASCII: a bar is '#' per column (a value too small for one is '.'),
 * a sparkline the ramp ".:-=+*%#".  The console draws ASCII where block
 * elements may not show: a vt100-like terminal (TERM vt*, linux, dumb)
 * or a locale that is not UTF-8 (the console forces C.UTF-8 for its own
 * widths, so the user's locale is read from LC_ALL, LC_CTYPE, LANG).
 *
 * Invariants: every character written is one column wide; a bar of a
 * value above 0 is never empty and one below 1 never full; a zero in a
 * sparkline is a blank, any other value at least the lowest mark.
 */
#ifndef GOVDX_UI_CHART_H
#define GOVDX_UI_CHART_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

enum ui_chart_style { UI_CHART_BLOCKS, UI_CHART_ASCII };

/* The style for a terminal type and the user's locale variables (each
 * NULL or as in the environment). */
enum ui_chart_style ui_chart_style_for(const char *term, const char *lc_all,
                                       const char *lc_ctype, const char *lang);
/* The same from the environment. */
enum ui_chart_style ui_chart_style_env(void);

/* A bar of frac (clamped to 0..1) of cols columns, padded with spaces to
 * exactly cols, into out (cap wide characters with the NUL; cut safely
 * when smaller).  Returns the columns the bar itself took (partial block
 * included). */
int ui_chart_bar(wchar_t *out, size_t cap, double frac, int cols, enum ui_chart_style st);

/* A sparkline of the n values (negative ones count as 0), one column
 * each, scaled to max (max <= 0: the largest value), then padded with
 * spaces to cols (the last cols values when there are more).  Returns the
 * columns of marks written. */
int ui_chart_spark(wchar_t *out, size_t cap, const long *v, size_t n, long max, int cols,
                   enum ui_chart_style st);

#endif /* GOVDX_UI_CHART_H */
