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

/* "<kind>:<scope hex>:" before the key. */
#define HEAD (2 + CURSOR_SCOPE_HEX + 1)

static void scope_bytes(struct cursor_scope *s, const void *data, size_t n)
{
	const unsigned char *p = data;

	for (size_t i = 0; i < n; i++) {
		s->hash ^= p[i];
		s->hash *= UINT64_C(0x100000001b3);
	}
}

/* A string as its length then its bytes, so no two lists of strings hash
 * the same way by shifting a boundary; NULL (absent) is a length no string
 * has. */
static void scope_string(struct cursor_scope *s, const char *v)
{
	uint64_t len = v ? strlen(v) : UINT64_MAX;
	unsigned char b[8];

	for (int i = 0; i < 8; i++)
		b[i] = (unsigned char)(len >> (8 * i));
	scope_bytes(s, b, sizeof b);
	if (v)
		scope_bytes(s, v, strlen(v));
}

void cursor_scope_init(struct cursor_scope *s, enum cursor_kind kind, const char *actor)
{
	unsigned char k = (unsigned char)kind;

	s->hash = UINT64_C(0xcbf29ce484222325);
	scope_bytes(s, &k, 1);
	scope_string(s, actor);
}

void cursor_scope_add(struct cursor_scope *s, const char *name, const char *value)
{
	scope_string(s, name);
	scope_string(s, value);
}

static void scope_hex(const struct cursor_scope *s, char *out)
{
	static const char hex[] = "0123456789abcdef";

	for (int i = 0; i < CURSOR_SCOPE_HEX; i++)
		out[i] = hex[(s->hash >> (4 * (CURSOR_SCOPE_HEX - 1 - i))) & 15];
}

bool cursor_encode(enum cursor_kind kind, const struct cursor_scope *scope, const char *key,
                   char *out, size_t outsz)
{
	unsigned char raw[CURSOR_KEY_MAX + HEAD];
	size_t klen = strlen(key), n, o = 0;

	if (klen > CURSOR_KEY_MAX)
		return false;
	raw[0] = (unsigned char)kind;
	raw[1] = ':';
	scope_hex(scope, (char *)raw + 2);
	raw[HEAD - 1] = ':';
	memcpy(raw + HEAD, key, klen);
	n = klen + HEAD;
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

bool cursor_decode(enum cursor_kind kind, const struct cursor_scope *scope, const char *cursor,
                   char *key)
{
	unsigned char raw[CURSOR_KEY_MAX + HEAD + 1];
	char hex[CURSOR_SCOPE_HEX];
	size_t n = cursor ? strlen(cursor) : 0, o = 0;
	unsigned v = 0;
	int bits = 0;

	/* A length of 1 mod 4 cannot come from whole bytes. */
	if (n == 0 || n % 4 == 1 || n > (CURSOR_KEY_MAX + HEAD + 2) / 3 * 4)
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
	if (v != 0 || o < HEAD + 1 || raw[0] != (unsigned char)kind || raw[1] != ':' ||
	    raw[HEAD - 1] != ':')
		return false;
	/* Another list's cursor (other filters, another caller). */
	scope_hex(scope, hex);
	if (memcmp(raw + 2, hex, CURSOR_SCOPE_HEX) != 0)
		return false;
	memcpy(key, raw + HEAD, o - HEAD);
	key[o - HEAD] = '\0';
	if (strlen(key) != o - HEAD)
		return false;
	return key_shape_ok(kind, key);
}
