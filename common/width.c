/*
 * width — display columns by wcwidth(3) (see width.h).
 */
#include "config.h"

#include <stddef.h>
#include <wchar.h>

#include "utf8.h"
#include "width.h"

static bool is_control(uint32_t c)
{
	return c < 0x20 || (c >= 0x7F && c < 0xA0);
}

int width_char(uint32_t c)
{
	int w;

	if (is_control(c) || c > 0x7FFFFFFF)
		return 1;
	w = wcwidth((wchar_t)c);
	return w < 0 ? 1 : w;
}

bool width_undrawable(uint32_t c)
{
	return is_control(c) || c > 0x7FFFFFFF || wcwidth((wchar_t)c) < 0;
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
