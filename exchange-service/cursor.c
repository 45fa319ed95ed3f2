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

/* "<kind>:<tag hex>:" before the key. */
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

void cursor_scope_init(struct cursor_scope *s, const struct cursor_secret *secret,
                       enum cursor_kind kind, const char *actor)
{
	unsigned char k = (unsigned char)kind;

	s->secret = secret;
	s->hash = UINT64_C(0xcbf29ce484222325);
	scope_bytes(s, &k, 1);
	scope_string(s, actor);
}

void cursor_scope_add(struct cursor_scope *s, const char *name, const char *value)
{
	scope_string(s, name);
	scope_string(s, value);
}

#define ROTL(x, b) (uint64_t)(((x) << (b)) | ((x) >> (64 - (b))))
#define SIPROUND                                                                          \
	do {                                                                              \
		v0 += v1; v1 = ROTL(v1, 13); v1 ^= v0; v0 = ROTL(v0, 32);                 \
		v2 += v3; v3 = ROTL(v3, 16); v3 ^= v2;                                    \
		v0 += v3; v3 = ROTL(v3, 21); v3 ^= v0;                                    \
		v2 += v1; v1 = ROTL(v1, 17); v1 ^= v2; v2 = ROTL(v2, 32);                 \
	} while (0)

static uint64_t le64(const unsigned char *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

uint64_t cursor_siphash(const unsigned char key[16], const void *data, size_t n)
{
	const unsigned char *p = data;
	uint64_t k0 = le64(key), k1 = le64(key + 8), m, b = (uint64_t)n << 56;
	uint64_t v0 = k0 ^ UINT64_C(0x736f6d6570736575), v1 = k1 ^ UINT64_C(0x646f72616e646f6d);
	uint64_t v2 = k0 ^ UINT64_C(0x6c7967656e657261), v3 = k1 ^ UINT64_C(0x7465646279746573);
	size_t i;

	for (i = 0; i + 8 <= n; i += 8) {
		m = le64(p + i);
		v3 ^= m;
		SIPROUND;
		SIPROUND;
		v0 ^= m;
	}
	for (size_t j = 0; i + j < n; j++)
		b |= (uint64_t)p[i + j] << (8 * j);
	v3 ^= b;
	SIPROUND;
	SIPROUND;
	v0 ^= b;
	v2 ^= 0xff;
	SIPROUND;
	SIPROUND;
	SIPROUND;
	SIPROUND;
	return v0 ^ v1 ^ v2 ^ v3;
}

/* The tag of a cursor: the MAC of the list's scope, the kind and the key. */
static void tag_hex(const struct cursor_scope *s, enum cursor_kind kind, const char *key,
                    size_t klen, char *out)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char msg[9 + CURSOR_KEY_MAX];
	uint64_t t;

	for (int i = 0; i < 8; i++)
		msg[i] = (unsigned char)(s->hash >> (8 * i));
	msg[8] = (unsigned char)kind;
	memcpy(msg + 9, key, klen);
	t = cursor_siphash(s->secret->key, msg, 9 + klen);
	for (int i = 0; i < CURSOR_SCOPE_HEX; i++)
		out[i] = hex[(t >> (4 * (CURSOR_SCOPE_HEX - 1 - i))) & 15];
}

bool cursor_encode(enum cursor_kind kind, const struct cursor_scope *scope, const char *key,
                   char *out, size_t outsz)
{
	unsigned char raw[CURSOR_KEY_MAX + HEAD];
	size_t klen = strlen(key), n, o = 0;

	if (klen > CURSOR_KEY_MAX || !scope->secret)
		return false;
	raw[0] = (unsigned char)kind;
	raw[1] = ':';
	tag_hex(scope, kind, key, klen, (char *)raw + 2);
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

/* "<1 or 0>|<YYYY-MM-DD or nothing>|<PREFIX>-<digits>": whether the row
 * was in a state its box acts on (those come first), its deadline, its id. */
static bool deadline_id_ok(const char *key, const char *prefix)
{
	const char *bar;
	char date[11];

	if ((key[0] != '0' && key[0] != '1') || key[1] != '|')
		return false;
	key += 2;
	bar = strchr(key, '|');
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
	case CURSOR_REVISION:
		return deadline_id_ok(key, "REV");
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
	unsigned char raw[CURSOR_KEY_MAX + HEAD + 1], diff = 0;
	char hex[CURSOR_SCOPE_HEX];
	size_t n = cursor ? strlen(cursor) : 0, o = 0;
	unsigned v = 0;
	int bits = 0;

	/* A length of 1 mod 4 cannot come from whole bytes. */
	if (!scope->secret || n == 0 || n % 4 == 1 || n > (CURSOR_KEY_MAX + HEAD + 2) / 3 * 4)
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
	/* Leftover bits must be zero, or two spellings would decode alike.
	 * The length check above lets through one byte more than a key may
	 * have (a cursor of whole base64 quads): key holds CURSOR_KEY_MAX. */
	if (v != 0 || o < HEAD + 1 || o - HEAD > CURSOR_KEY_MAX ||
	    raw[0] != (unsigned char)kind || raw[1] != ':' || raw[HEAD - 1] != ':')
		return false;
	memcpy(key, raw + HEAD, o - HEAD);
	key[o - HEAD] = '\0';
	if (strlen(key) != o - HEAD)
		return false;
	/* Another list's cursor (other filters, another caller), or one made
	 * or edited by hand: its tag is not the one the service would give. */
	tag_hex(scope, kind, key, o - HEAD, hex);
	for (int i = 0; i < CURSOR_SCOPE_HEX; i++)
		diff |= (unsigned char)(raw[2 + i] ^ (unsigned char)hex[i]);
	if (diff)
		return false;
	return key_shape_ok(kind, key);
}
