/*
 * ui-chart — bars and sparklines as characters; see ui-chart.h.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ui-chart.h"

/* The left eighths: 1/8 (U+258F) to 7/8 (U+2589), and the full block. */
static const wchar_t eighths[8] = { 0, 0x258F, 0x258E, 0x258D, 0x258C, 0x258B, 0x258A, 0x2589 };
#define FULL_BLOCK ((wchar_t)0x2588)
/* The lower blocks: 1/8 (U+2581) to 8/8 (U+2588). */
static const wchar_t lower[8] = { 0x2581, 0x2582, 0x2583, 0x2584,
                                  0x2585, 0x2586, 0x2587, 0x2588 };
static const char ascii_ramp[8] = { '.', ':', '-', '=', '+', '*', '%', '#' };

static bool utf8_name(const char *locale)
{
	const char *dot = strchr(locale, '.');
	size_t n;

	if (!dot)
		return false;
	dot++;
	n = strcspn(dot, "@");
	return (n == 5 && !strncasecmp(dot, "utf-8", 5)) || (n == 4 && !strncasecmp(dot, "utf8", 4));
}

enum ui_chart_style ui_chart_style_for(const char *term, const char *lc_all,
                                       const char *lc_ctype, const char *lang)
{
	const char *loc = lc_all && *lc_all ? lc_all : lc_ctype && *lc_ctype ? lc_ctype : lang;

	if (!term || !*term || !strncmp(term, "vt", 2) || !strcmp(term, "linux") ||
	    !strncmp(term, "linux-", 6) || !strcmp(term, "dumb"))
		return UI_CHART_ASCII;
	if (!loc || !*loc || !utf8_name(loc))
		return UI_CHART_ASCII;
	return UI_CHART_BLOCKS;
}

enum ui_chart_style ui_chart_style_env(void)
{
	return ui_chart_style_for(getenv("TERM"), getenv("LC_ALL"), getenv("LC_CTYPE"),
	                          getenv("LANG"));
}

/* Appends c at *i when room is left for it and the NUL. */
static void put(wchar_t *out, size_t cap, size_t *i, wchar_t c)
{
	if (*i + 1 < cap)
		out[(*i)++] = c;
}

int ui_chart_bar(wchar_t *out, size_t cap, double frac, int cols, enum ui_chart_style st)
{
	size_t i = 0;
	long units, full, part, used = 0, per = st == UI_CHART_BLOCKS ? 8 : 1;
	long total = cols > 0 ? (long)cols * per : 0;

	if (cap == 0)
		return 0;
	if (!(frac > 0)) /* NaN too */
		frac = 0;
	if (frac > 1)
		frac = 1;
	units = (long)(frac * (double)total + 0.5);
	if (frac > 0 && units == 0 && total > 0)
		units = st == UI_CHART_BLOCKS ? 1 : 0;
	if (frac < 1 && units == total && total > 0)
		units--;
	full = units / per;
	part = units % per;
	for (; used < full; used++)
		put(out, cap, &i, st == UI_CHART_BLOCKS ? FULL_BLOCK : L'#');
	if (part) {
		put(out, cap, &i, eighths[part]);
		used++;
	} else if (st == UI_CHART_ASCII && frac > 0 && full == 0 && cols > 0) {
		put(out, cap, &i, L'.'); /* more than nothing, less than half a column */
		used++;
	}
	while ((long)i < cols && i + 1 < cap)
		out[i++] = L' ';
	out[i] = L'\0';
	return (int)used;
}

int ui_chart_spark(wchar_t *out, size_t cap, const long *v, size_t n, long max, int cols,
                   enum ui_chart_style st)
{
	size_t i = 0, k, first = 0;
	int used = 0;

	if (cap == 0)
		return 0;
	if (cols < 0)
		cols = 0;
	if (n > (size_t)cols)
		first = n - (size_t)cols;
	if (max <= 0)
		for (k = first; k < n; k++)
			if (v[k] > max)
				max = v[k];
	for (k = first; k < n; k++, used++) {
		long x = v[k] < 0 ? 0 : v[k] > max ? max : v[k];
		long level;

		if (x == 0) {
			put(out, cap, &i, L' ');
			continue;
		}
		/* 1..8, rounded up: any value shows */
		level = (x * 8 + max - 1) / max;
		put(out, cap, &i, st == UI_CHART_BLOCKS ? lower[level - 1] : (wchar_t)ascii_ramp[level - 1]);
	}
	while ((long)i < cols && i + 1 < cap)
		out[i++] = L' ';
	out[i] = L'\0';
	return used;
}
