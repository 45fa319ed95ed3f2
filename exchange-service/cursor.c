/*
 * cursor.c — base64url cursors for keyset pagination; see cursor.h.
 */
#include "config.h"

#include <string.h>

#include "cursor.h"
#include "validate.h"

static const char b64url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

static int b64_value(char c)
{
	const char *p = c ? strchr(b64url, c) : NULL;

	return p ? (int)(p - b64url) : -1;
}

bool cursor_encode(enum cursor_kind kind, const char *key, char *out, size_t outsz)
{
	unsigned char raw[CURSOR_KEY_MAX + 2];
	size_t klen = strlen(key), n, o = 0;

	if (klen > CURSOR_KEY_MAX)
		return false;
	raw[0] = (unsigned char)kind;
	raw[1] = ':';
	memcpy(raw + 2, key, klen);
	n = klen + 2;
	if (outsz < (n + 2) / 3 * 4 + 1)
		return false;
	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)raw[i] << 16;
		size_t rest = n - i;

		if (rest > 1)
			v |= (unsigned)raw[i + 1] << 8;
		if (rest > 2)
			v |= raw[i + 2];
		out[o++] = b64url[(v >> 18) & 63];
		out[o++] = b64url[(v >> 12) & 63];
		if (rest > 1)
			out[o++] = b64url[(v >> 6) & 63];
		if (rest > 2)
			out[o++] = b64url[v & 63];
	}
	out[o] = '\0';
	return true;
}

/* "<YYYY-MM-DD or nothing>|<PREFIX>-<digits>". */
static bool deadline_id_ok(const char *key, const char *prefix)
{
	const char *bar = strchr(key, '|');
	char date[11];

	if (!bar)
		return false;
	if (bar > key) {
		if (bar - key != 10)
			return false;
		memcpy(date, key, 10);
		date[10] = '\0';
		if (!validate_date(date, NULL))
			return false;
	}
	return validate_case_id(bar + 1, prefix);
}

static bool key_shape_ok(enum cursor_kind kind, const char *key)
{
	size_t n;

	switch (kind) {
	case CURSOR_REQUEST:
		return deadline_id_ok(key, "REQ");
	case CURSOR_OBJECTION:
		return deadline_id_ok(key, "OBJ");
	case CURSOR_AUDIT:
		n = strlen(key);
		return n >= 1 && n <= 18 && strspn(key, "0123456789") == n;
	case CURSOR_PLATFORM:
		return validate_platform_code(key);
	case CURSOR_DEPARTMENT:
		return validate_department_code(key);
	case CURSOR_ENTRY:
		return validate_entry_code(key);
	}
	return false;
}

bool cursor_decode(enum cursor_kind kind, const char *cursor, char *key)
{
	unsigned char raw[CURSOR_KEY_MAX + 3];
	size_t n = cursor ? strlen(cursor) : 0, o = 0;
	unsigned v = 0;
	int bits = 0;

	/* A length of 1 mod 4 cannot come from whole bytes. */
	if (n == 0 || n % 4 == 1 || n > (CURSOR_KEY_MAX + 2 + 2) / 3 * 4)
		return false;
	for (size_t i = 0; i < n; i++) {
		int d = b64_value(cursor[i]);

		if (d < 0)
			return false;
		v = (v << 6) | (unsigned)d;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			raw[o++] = (unsigned char)(v >> bits);
			v &= (1u << bits) - 1;
		}
	}
	/* Leftover bits must be zero, or two spellings would decode alike. */
	if (v != 0 || o < 3 || raw[0] != (unsigned char)kind || raw[1] != ':')
		return false;
	memcpy(key, raw + 2, o - 2);
	key[o - 2] = '\0';
	if (strlen(key) != o - 2)
		return false;
	return key_shape_ok(kind, key);
}
