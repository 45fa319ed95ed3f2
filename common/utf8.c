/*
 * utf8 — the one UTF-8 decoder and encoder of govdx (see utf8.h).
 *
 * The second byte of a sequence has a narrower range for four lead bytes
 * (E0, ED, F0, F4): checking it there, rather than the code point at the
 * end, is what rules out overlong forms, surrogates and values above
 * U+10FFFF while keeping the maximal-subpart length exact.
 */
#include "config.h"

#include "utf8.h"

size_t utf8_decode(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned char c, lo = 0x80, hi = 0xBF;
	uint32_t v;
	size_t need, i;

	*cp = UTF8_INVALID;
	if (n == 0)
		return 0;
	c = p[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		need = 1;
		v = c & 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		need = 2;
		v = c & 0x0F;
		if (c == 0xE0)
			lo = 0xA0; /* below: overlong */
		else if (c == 0xED)
			hi = 0x9F; /* above: a surrogate */
	} else if (c >= 0xF0 && c <= 0xF4) {
		need = 3;
		v = c & 0x07;
		if (c == 0xF0)
			lo = 0x90; /* below: overlong */
		else if (c == 0xF4)
			hi = 0x8F; /* above: past U+10FFFF */
	} else {
		/* 0x80..0xC1 (a continuation or an overlong lead), 0xF5..0xFF. */
		return 1;
	}
	for (i = 1; i <= need; i++) {
		unsigned char b;

		if (i >= n)
			return i; /* cut short by the length given */
		b = p[i];
		if (b < lo || b > hi)
			return i; /* b may be a NUL: nothing past it is read */
		lo = 0x80;
		hi = 0xBF;
		v = (v << 6) | (b & 0x3F);
	}
	*cp = v;
	return need + 1;
}

bool utf8_valid(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		uint32_t cp;
		size_t len = utf8_decode(s + i, n - i, &cp);

		if (cp == UTF8_INVALID || cp == 0)
			return false;
		i += len;
	}
	return true;
}

size_t utf8_encode(uint32_t c, char *buf)
{
	if (c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		c = UTF8_REPLACEMENT;
	if (c < 0x80) {
		buf[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		buf[0] = (char)(0xC0 | (c >> 6));
		buf[1] = (char)(0x80 | (c & 0x3F));
		return 2;
	}
	if (c < 0x10000) {
		buf[0] = (char)(0xE0 | (c >> 12));
		buf[1] = (char)(0x80 | ((c >> 6) & 0x3F));
		buf[2] = (char)(0x80 | (c & 0x3F));
		return 3;
	}
	buf[0] = (char)(0xF0 | (c >> 18));
	buf[1] = (char)(0x80 | ((c >> 12) & 0x3F));
	buf[2] = (char)(0x80 | ((c >> 6) & 0x3F));
	buf[3] = (char)(0x80 | (c & 0x3F));
	return 4;
}
