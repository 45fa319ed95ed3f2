/*
 * width — display columns by wcwidth(3) (see width.h).
 */
#include "config.h"

#include <stddef.h>
#include <stdio.h>
#include <wchar.h>

#include "utf8.h"
#include "width.h"

static bool is_control(uint32_t c)
{
	return c < 0x20 || (c >= 0x7F && c < 0xA0);
}

static bool is_bidi(uint32_t c)
{
	return c == 0x061C || c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E) ||
	       (c >= 0x2066 && c <= 0x2069) || c == 0x2028 || c == 0x2029;
}

size_t width_escape(uint32_t c, char out[WIDTH_ESCAPE_SIZE])
{
	if (c < 0x20 || c == 0x7F) {
		out[0] = '^';
		out[1] = (char)(c == 0x7F ? '?' : c + 0x40);
		out[2] = '\0';
		return 2;
	}
	if ((c >= 0x80 && c < 0xA0) || is_bidi(c))
		return (size_t)snprintf(out, WIDTH_ESCAPE_SIZE, "<U+%04X>", (unsigned)c);
	out[0] = '\0';
	return 0;
}

int width_char(uint32_t c)
{
	char esc[WIDTH_ESCAPE_SIZE];
	int w;

	if (c > 0x7FFFFFFF)
		return 1;
	if (is_control(c) || is_bidi(c))
		return (int)width_escape(c, esc);
	w = wcwidth((wchar_t)c);
	return w < 0 ? 1 : w;
}

bool width_undrawable(uint32_t c)
{
	return is_control(c) || is_bidi(c) || c > 0x7FFFFFFF || wcwidth((wchar_t)c) < 0;
}

int width_utf8(const char *s)
{
	int cols = 0;

	if (s == NULL)
		return 0;
	while (*s != '\0') {
		uint32_t c;

		s += utf8_decode(s, SIZE_MAX, &c);
		cols += width_char(c == UTF8_INVALID ? UTF8_REPLACEMENT : c);
	}
	return cols;
}
