/*
 * ui-width — display columns of text (see ui-width.h).
 *
 * Why a module of its own: printf("%-16.16s") counts bytes and addnwstr
 * counts characters, and both break the columns of a table as soon as a
 * Chinese name (two columns per character) appears.  Everything that puts
 * text in a fixed number of columns goes through ui_width_fit here.
 *
 * UTF-8 is decoded by common/utf8, not mbrtowc, so that the result does
 * not depend on the locale's codeset; widths come from common/width
 * (wcwidth(3), which needs a UTF-8 LC_CTYPE to know that 中 is two columns
 * wide).
 *
 * Decoding follows the "maximal subpart" practice of Unicode (and of every
 * browser): an ill-formed sequence becomes one U+FFFD for the longest prefix
 * that could have started a valid sequence, so "\xE4\xB8" (a cut-off 中)
 * gives one U+FFFD, and a stray continuation byte gives one U+FFFD each.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "ui-width.h"
#include "utf8.h"
#include "width.h"

static void *
width_alloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL) {
		fputs("govdx: out of memory\n", stderr);
		abort();
	}
	return p;
}

/* Decodes one character from s (which is not at its NUL) by common/utf8.
 * Stores it in *out, U+FFFD for an ill-formed sequence, and returns the
 * number of bytes consumed (always >= 1). */
static size_t
utf8_decode_one(const unsigned char *s, wchar_t *out)
{
	uint32_t cp;
	size_t n = utf8_decode((const char *)s, SIZE_MAX, &cp);

	*out = (wchar_t)(cp == UTF8_INVALID ? UTF8_REPLACEMENT : cp);
	return n;
}

/* A character that cannot be drawn as itself and is shown as '?'. */
static int
is_undrawable(wchar_t c)
{
	return width_undrawable((uint32_t)c);
}

int
ui_width_wchar(wchar_t c)
{
	return width_char((uint32_t)c);
}

int
ui_width_wcs(const wchar_t *s, size_t n)
{
	int cols = 0;
	size_t i;

	if (s == NULL)
		return 0;
	for (i = 0; i < n && s[i] != L'\0'; i++)
		cols += ui_width_wchar(s[i]);
	return cols;
}

int
ui_width_utf8(const char *s)
{
	return width_utf8(s);
}

wchar_t *
ui_width_from_utf8(const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	/* Never more characters than bytes. */
	wchar_t *out = width_alloc((strlen((const char *)p) + 1) * sizeof(*out));
	size_t n = 0;

	while (*p != '\0')
		p += utf8_decode_one(p, &out[n++]);
	out[n] = L'\0';
	return out;
}

char *
ui_width_to_utf8(const wchar_t *s)
{
	size_t len = s ? wcslen(s) : 0, i, n = 0;
	char *out = width_alloc(len * 4 + 1);

	for (i = 0; i < len; i++)
		n += utf8_encode((uint32_t)s[i], out + n);
	out[n] = '\0';
	return out;
}

/* Output cursor for ui_width_fit: stops writing (but never overflows) when
 * out is full, always leaving room for the NUL. */
struct fit_out {
	wchar_t *buf;
	size_t cap;   /* wide chars including the NUL */
	size_t len;
	int cols;     /* columns actually written */
	int full;     /* a character did not fit into cap */
};

static void
fit_put(struct fit_out *o, wchar_t c, int w)
{
	if (o->full || o->len + 1 >= o->cap) {
		o->full = 1;
		return;
	}
	o->buf[o->len++] = c;
	o->cols += w;
}

static void
fit_pad(struct fit_out *o, int n)
{
	while (n-- > 0)
		fit_put(o, L' ', 1);
}

int
ui_width_fit(const wchar_t *s, int cols, enum ui_width_align align,
             wchar_t *out, size_t outcap)
{
	struct fit_out o = { out, outcap, 0, 0, 0 };
	int total, avail, used = 0, truncated;
	size_t take = 0, i;

	if (out == NULL || outcap == 0)
		return 0;
	out[0] = L'\0';
	if (cols <= 0)
		return 0;
	if (s == NULL)
		s = L"";

	total = ui_width_wcs(s, (size_t)-1);
	truncated = total > cols;
	/* When cut, the last column is the '~', so the text gets one less. */
	avail = truncated ? cols - 1 : cols;
	/* Whole characters while they fit; zero-width (combining) characters
	 * that follow a kept character are kept with it. */
	while (s[take] != L'\0') {
		int w = ui_width_wchar(s[take]);

		if (used + w > avail)
			break;
		used += w;
		take++;
	}

	/* What is left over is the straddle gap (a wide char that did not fit)
	 * plus, when the text is short, the alignment padding. */
	if (align == UI_WIDTH_RIGHT)
		fit_pad(&o, avail - used);
	for (i = 0; i < take; i++) {
		char esc[WIDTH_ESCAPE_SIZE];
		size_t k, n = width_escape((uint32_t)s[i], esc);

		/* Service text may carry escape sequences: shown, never sent. */
		for (k = 0; k < n; k++)
			fit_put(&o, (wchar_t)esc[k], 1);
		if (n > 0)
			continue;
		if (is_undrawable(s[i]))
			fit_put(&o, L'?', 1);
		else
			fit_put(&o, s[i], ui_width_wchar(s[i]));
	}
	if (align != UI_WIDTH_RIGHT)
		fit_pad(&o, avail - used);
	if (truncated)
		fit_put(&o, L'~', 1);
	out[o.len] = L'\0';
	return o.cols;
}

int
ui_width_fit_utf8(const char *s, int cols, enum ui_width_align align,
                  wchar_t *out, size_t outcap)
{
	wchar_t *w = ui_width_from_utf8(s);
	int n = ui_width_fit(w, cols, align, out, outcap);

	free(w);
	return n;
}
