/*
 * test-svc-cursor.c — unit tests of the page cursors (exchange-service/cursor.c):
 * round trips of every list's keys, and refusal of cursors of another list (another
 * kind, other filters, another caller), edited, cut or malformed ones.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cursor.h"

/* The service's key (in the service: service_secret), and another's. */
static const struct cursor_secret secret = {{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}};
static const struct cursor_secret other = {{16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1}};

/* The scope of a list of kind asked for by "hebei-helpdesk" with box=all. */
static const struct cursor_scope *scope_of(enum cursor_kind kind)
{
	static struct cursor_scope s;

	cursor_scope_init(&s, &secret, kind, "hebei-helpdesk");
	cursor_scope_add(&s, "box", "all");
	return &s;
}

static void test_round_trip(void **state)
{
	static const struct {
		enum cursor_kind kind;
		const char *key;
	} cases[] = {
		{CURSOR_PLATFORM, "130000"},
		{CURSOR_DEPARTMENT, "130000008"},
		{CURSOR_ENTRY, "130000008-308001-0001"},
		{CURSOR_ENTRY, "659004022-310101-9999"},
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char buf[128], key[CURSOR_KEY_MAX + 1];

		assert_true(cursor_encode(cases[i].kind, scope_of(cases[i].kind), cases[i].key, buf, sizeof buf));
		/* base64url without padding: only the URL-safe alphabet */
		assert_int_equal(strspn(buf, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
		                             "0123456789-_"),
		                 strlen(buf));
		assert_true(cursor_decode(cases[i].kind, scope_of(cases[i].kind), buf, key));
		assert_string_equal(key, cases[i].key);
	}
}

static void test_wrong_kind(void **state)
{
	char buf[128], key[CURSOR_KEY_MAX + 1];

	assert_true(cursor_encode(CURSOR_PLATFORM, scope_of(CURSOR_PLATFORM), "130000", buf, sizeof buf));
	assert_false(cursor_decode(CURSOR_DEPARTMENT, scope_of(CURSOR_DEPARTMENT), buf, key));
	assert_false(cursor_decode(CURSOR_ENTRY, scope_of(CURSOR_ENTRY), buf, key));
}

static void test_malformed(void **state)
{
	char buf[128], key[CURSOR_KEY_MAX + 1];

	assert_false(cursor_decode(CURSOR_PLATFORM, scope_of(CURSOR_PLATFORM), "", key));
	assert_false(cursor_decode(CURSOR_PLATFORM, scope_of(CURSOR_PLATFORM), NULL, key));
	assert_false(cursor_decode(CURSOR_PLATFORM, scope_of(CURSOR_PLATFORM), "!!!!", key));
	assert_false(cursor_decode(CURSOR_PLATFORM, scope_of(CURSOR_PLATFORM), "cDoxMzAwMDA=", key)); /* padding */
	assert_false(cursor_decode(CURSOR_PLATFORM, scope_of(CURSOR_PLATFORM), "a", key));
	assert_false(cursor_decode(CURSOR_ENTRY, scope_of(CURSOR_ENTRY), "' OR 1=1 --", key));
	/* a well-formed cursor whose key has the wrong shape */
	assert_true(cursor_encode(CURSOR_PLATFORM, scope_of(CURSOR_PLATFORM), "13000x", buf, sizeof buf));
	assert_false(cursor_decode(CURSOR_PLATFORM, scope_of(CURSOR_PLATFORM), buf, key));
	/* truncated */
	assert_true(cursor_encode(CURSOR_ENTRY, scope_of(CURSOR_ENTRY), "130000008-308001-0001", buf, sizeof buf));
	buf[strlen(buf) - 2] = '\0';
	assert_false(cursor_decode(CURSOR_ENTRY, scope_of(CURSOR_ENTRY), buf, key));
	/* far too long */
	memset(buf, 'A', sizeof buf - 1);
	buf[sizeof buf - 1] = '\0';
	assert_false(cursor_decode(CURSOR_ENTRY, scope_of(CURSOR_ENTRY), buf, key));
}

/* The case lists' keys: "<deadline or nothing>|<id>", and the audit seq. */
static void test_case_round_trip(void **state)
{
	static const struct {
		enum cursor_kind kind;
		const char *key;
	} cases[] = {
		{CURSOR_REQUEST, "1|2026-12-11|REQ-000123"}, /* acting first, then by deadline */
		{CURSOR_REQUEST, "0|2026-12-11|REQ-000123"},
		{CURSOR_REQUEST, "1||REQ-000001"},          /* no deadline: nulls sort last */
		{CURSOR_REQUEST, "0|2024-02-29|REQ-1234567"},
		{CURSOR_OBJECTION, "1|2027-01-04|OBJ-000042"},
		{CURSOR_OBJECTION, "0||OBJ-999999999999"},
		{CURSOR_AUDIT, "1"},
		{CURSOR_AUDIT, "123456789012345678"},
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char buf[128], key[CURSOR_KEY_MAX + 1];

		assert_true(cursor_encode(cases[i].kind, scope_of(cases[i].kind), cases[i].key, buf, sizeof buf));
		assert_true(cursor_decode(cases[i].kind, scope_of(cases[i].kind), buf, key));
		assert_string_equal(key, cases[i].key);
	}
}

/* Every cursor but the one given out is refused: another list's, one with a
 * character changed, cut or extended, and well-encoded keys of a bad shape. */
static void test_tampered(void **state)
{
	static const char *const alphabet =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	static const struct {
		enum cursor_kind kind;
		const char *key;
	} bad_keys[] = {
		{CURSOR_REQUEST, "1|2026-12-11|OBJ-000123"},  /* another kind's id */
		{CURSOR_REQUEST, "1|2026-12-11REQ-000123"},   /* no bar */
		{CURSOR_REQUEST, "1|2026-02-30|REQ-000123"},  /* not a day */
		{CURSOR_REQUEST, "0|2026-12-1|REQ-000123"},
		{CURSOR_REQUEST, "0|2026-12-11|REQ-"},
		{CURSOR_REQUEST, "0|2026-12-11|REQ-1234567890123"},
		{CURSOR_REQUEST, "0|2026-12-11|REQ-1' OR '1'='1"},
		{CURSOR_REQUEST, "2026-12-11|REQ-000123"},    /* no acting mark (an older cursor) */
		{CURSOR_REQUEST, "2|2026-12-11|REQ-000123"},  /* a mark but 0 or 1 */
		{CURSOR_OBJECTION, "0||OBJ-12x"},
		{CURSOR_AUDIT, ""},
		{CURSOR_AUDIT, "-1"},
		{CURSOR_AUDIT, "1234567890123456789"},       /* past bigint's digits */
	};
	char good[128], buf[128], key[CURSOR_KEY_MAX + 1];
	size_t n, cut1;

	for (size_t i = 0; i < sizeof bad_keys / sizeof bad_keys[0]; i++) {
		assert_true(cursor_encode(bad_keys[i].kind, scope_of(bad_keys[i].kind), bad_keys[i].key, buf, sizeof buf));
		if (cursor_decode(bad_keys[i].kind, scope_of(bad_keys[i].kind), buf, key))
			fail_msg("the key \"%s\" was taken", bad_keys[i].key);
	}

	assert_true(cursor_encode(CURSOR_REQUEST, scope_of(CURSOR_REQUEST), "1|2026-12-11|REQ-000123", good, sizeof good));
	assert_false(cursor_decode(CURSOR_OBJECTION, scope_of(CURSOR_OBJECTION), good, key)); /* another list's */
	assert_false(cursor_decode(CURSOR_AUDIT, scope_of(CURSOR_AUDIT), good, key));
	n = strlen(good);
	/* Each single-character change decodes to another key or to nothing;
	 * whatever it decodes to must still be a well-shaped request key (so
	 * never reaches SQL unchecked), and never the same key twice over. */
	for (size_t i = 0; i < n; i++) {
		for (const char *c = alphabet; *c; c++) {
			if (*c == good[i])
				continue;
			memcpy(buf, good, n + 1);
			buf[i] = *c;
			if (cursor_decode(CURSOR_REQUEST, scope_of(CURSOR_REQUEST), buf, key)) {
				const char *bar = strchr(key + 2, '|');

				assert_non_null(bar);
				assert_int_equal(strncmp(bar + 1, "REQ-", 4), 0);
				assert_string_not_equal(key, "1|2026-12-11|REQ-000123");
			}
		}
	}
	/* Cut by one to three characters: refused, or (a cursor is not signed)
	 * a shorter key that is still a well-shaped request key. */
	for (size_t cut = 1; cut <= 3; cut++) {
		memcpy(buf, good, n + 1);
		buf[n - cut] = '\0';
		if (cursor_decode(CURSOR_REQUEST, scope_of(CURSOR_REQUEST), buf, key)) {
			assert_int_equal(strncmp(key, "1|2026-12-11|REQ-", 17), 0);
			assert_true(strspn(key + 17, "0123456789") == strlen(key + 17));
			assert_string_not_equal(key, "1|2026-12-11|REQ-000123");
		}
	}
	/* a length of 1 mod 4 cannot come from whole bytes */
	cut1 = (n - 1) / 4 * 4 + 1;
	if (cut1 >= n)
		cut1 -= 4;
	memcpy(buf, good, cut1);
	buf[cut1] = '\0';
	assert_int_equal(strlen(buf) % 4, 1);
	assert_false(cursor_decode(CURSOR_REQUEST, scope_of(CURSOR_REQUEST), buf, key));
	memcpy(buf, good, n + 1);
	buf[n] = 'A';
	buf[n + 1] = '\0';
	assert_false(cursor_decode(CURSOR_REQUEST, scope_of(CURSOR_REQUEST), buf, key));
	/* standard base64's '+', '/' and padding are not base64url */
	memcpy(buf, good, n + 1);
	buf[0] = '+';
	assert_false(cursor_decode(CURSOR_REQUEST, scope_of(CURSOR_REQUEST), buf, key));
	buf[0] = '/';
	assert_false(cursor_decode(CURSOR_REQUEST, scope_of(CURSOR_REQUEST), buf, key));
}

/* A cursor is taken only by the list that gave it out: the same kind,
 * caller and filters. Another caller, another filter value, an added
 * filter, an absent filter for an empty one, or a shifted boundary between
 * name and value is another list. */
static void test_scope(void **state)
{
	struct cursor_scope a, b;
	char buf[128], key[CURSOR_KEY_MAX + 1];

	cursor_scope_init(&a, &secret, CURSOR_OBJECTION, "hebei-helpdesk");
	cursor_scope_add(&a, "box", "helpdesk");
	cursor_scope_add(&a, "state", NULL);
	assert_true(cursor_encode(CURSOR_OBJECTION, &a, "1|2026-11-26|OBJ-000011", buf, sizeof buf));
	/* the same list, built again */
	cursor_scope_init(&b, &secret, CURSOR_OBJECTION, "hebei-helpdesk");
	cursor_scope_add(&b, "box", "helpdesk");
	cursor_scope_add(&b, "state", NULL);
	assert_true(cursor_decode(CURSOR_OBJECTION, &b, buf, key));
	assert_string_equal(key, "1|2026-11-26|OBJ-000011");
	/* box=all */
	cursor_scope_init(&b, &secret, CURSOR_OBJECTION, "hebei-helpdesk");
	cursor_scope_add(&b, "box", "all");
	cursor_scope_add(&b, "state", NULL);
	assert_false(cursor_decode(CURSOR_OBJECTION, &b, buf, key));
	/* box=helpdesk&state=raised */
	cursor_scope_init(&b, &secret, CURSOR_OBJECTION, "hebei-helpdesk");
	cursor_scope_add(&b, "box", "helpdesk");
	cursor_scope_add(&b, "state", "raised");
	assert_false(cursor_decode(CURSOR_OBJECTION, &b, buf, key));
	/* state= (empty) is not an absent state */
	cursor_scope_init(&b, &secret, CURSOR_OBJECTION, "hebei-helpdesk");
	cursor_scope_add(&b, "box", "helpdesk");
	cursor_scope_add(&b, "state", "");
	assert_false(cursor_decode(CURSOR_OBJECTION, &b, buf, key));
	/* another user */
	cursor_scope_init(&b, &secret, CURSOR_OBJECTION, "hebei-official");
	cursor_scope_add(&b, "box", "helpdesk");
	cursor_scope_add(&b, "state", NULL);
	assert_false(cursor_decode(CURSOR_OBJECTION, &b, buf, key));
	/* the same words cut elsewhere: actor "hebei-helpdeskbox" … */
	cursor_scope_init(&b, &secret, CURSOR_OBJECTION, "hebei-helpdeskbox");
	cursor_scope_add(&b, "", "helpdesk");
	cursor_scope_add(&b, "state", NULL);
	assert_false(cursor_decode(CURSOR_OBJECTION, &b, buf, key));
	/* the request list with the same caller and filters */
	cursor_scope_init(&b, &secret, CURSOR_REQUEST, "hebei-helpdesk");
	cursor_scope_add(&b, "box", "helpdesk");
	cursor_scope_add(&b, "state", NULL);
	assert_false(cursor_decode(CURSOR_OBJECTION, &b, buf, key));
	/* a platform's children: the platform code is the list */
	cursor_scope_init(&a, &secret, CURSOR_PLATFORM, "u");
	cursor_scope_add(&a, "code", "130000");
	cursor_scope_init(&b, &secret, CURSOR_PLATFORM, "u");
	cursor_scope_add(&b, "code", "140000");
	assert_true(cursor_encode(CURSOR_PLATFORM, &a, "130100", buf, sizeof buf));
	assert_true(cursor_decode(CURSOR_PLATFORM, &a, buf, key));
	assert_false(cursor_decode(CURSOR_PLATFORM, &b, buf, key));
}

static void test_small_buffer(void **state)
{
	char buf[8];

	assert_false(cursor_encode(CURSOR_ENTRY, scope_of(CURSOR_ENTRY), "130000008-308001-0001", buf, sizeof buf));
}

/* SipHash-2-4's reference vector: key 00..0f, message 00..0e. */
static void test_siphash_vector(void **state)
{
	unsigned char key[16], msg[15];

	(void)state;
	for (int i = 0; i < 16; i++)
		key[i] = (unsigned char)i;
	for (int i = 0; i < 15; i++)
		msg[i] = (unsigned char)i;
	assert_true(cursor_siphash(key, msg, sizeof msg) == UINT64_C(0xa129ca6149be45e5));
	assert_true(cursor_siphash(key, msg, 0) == UINT64_C(0x726fdb47dd0e0e31));
}

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/* base64url without padding, as a client would write it by hand. */
static void b64_encode(const char *in, size_t n, char *out)
{
	size_t o = 0;

	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)(unsigned char)in[i] << 16;
		if (i + 1 < n)
			v |= (unsigned)(unsigned char)in[i + 1] << 8;
		if (i + 2 < n)
			v |= (unsigned char)in[i + 2];
		out[o++] = b64[(v >> 18) & 63];
		out[o++] = b64[(v >> 12) & 63];
		if (i + 1 < n)
			out[o++] = b64[(v >> 6) & 63];
		if (i + 2 < n)
			out[o++] = b64[v & 63];
	}
	out[o] = '\0';
}

static size_t b64_decode(const char *in, char *out)
{
	unsigned v = 0;
	int bits = 0;
	size_t o = 0;

	for (; *in; in++) {
		v = (v << 6) | (unsigned)(strchr(b64, *in) - b64);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[o++] = (char)(v >> bits);
			v &= (1u << bits) - 1;
		}
	}
	out[o] = '\0';
	return o;
}

/* A cursor made by hand, the head (kind and tag) of a real one before
 * another key, is refused; so is one signed under another key. */
static void test_forged(void **state)
{
	char c[128], raw[128], forged[128], key[CURSOR_KEY_MAX + 1];
	const size_t head = 2 + CURSOR_SCOPE_HEX + 1;
	struct cursor_scope s, t;
	size_t n;

	(void)state;
	cursor_scope_init(&s, &secret, CURSOR_ENTRY, "hebei-official");
	assert_true(cursor_encode(CURSOR_ENTRY, &s, "130000008-308001-0001", c, sizeof c));
	assert_true(cursor_decode(CURSOR_ENTRY, &s, c, key));
	n = b64_decode(c, raw);
	assert_int_equal(n, head + strlen("130000008-308001-0001"));
	memcpy(raw + head, "130000008-308001-0002", 21);
	b64_encode(raw, n, forged);
	assert_string_not_equal(c, forged);
	assert_false(cursor_decode(CURSOR_ENTRY, &s, forged, key));
	/* The tag edited by one digit. */
	b64_decode(c, raw);
	raw[2] = raw[2] == '0' ? '1' : '0';
	b64_encode(raw, n, forged);
	assert_false(cursor_decode(CURSOR_ENTRY, &s, forged, key));
	cursor_scope_init(&t, &other, CURSOR_ENTRY, "hebei-official");
	assert_false(cursor_decode(CURSOR_ENTRY, &t, c, key));
}

/* The longest cursor the length check lets through, 112 characters, is
 * 84 bytes: a head and a key of CURSOR_KEY_MAX + 1 bytes.  It is refused
 * without writing past the key buffer (once its NUL went one byte past,
 * on the stack, before the tag was checked; found by the fuzz target
 * tests/fuzz/fuzz-svc-cursor, corpus/svc-cursor/key-too-long). */
static void test_key_one_too_long(void **state)
{
	const size_t head = 2 + CURSOR_SCOPE_HEX + 1;
	char raw[128], c[160];
	struct {
		char key[CURSOR_KEY_MAX + 1];
		char guard;
	} out;

	(void)state;
	raw[0] = (char)CURSOR_PLATFORM;
	raw[1] = ':';
	memset(raw + 2, '0', CURSOR_SCOPE_HEX);
	raw[head - 1] = ':';
	memset(raw + head, '1', CURSOR_KEY_MAX + 1);
	b64_encode(raw, head + CURSOR_KEY_MAX + 1, c);
	assert_int_equal(strlen(c), 112);
	out.guard = 'G';
	assert_false(cursor_decode(CURSOR_PLATFORM, scope_of(CURSOR_PLATFORM), c, out.key));
	assert_int_equal(out.guard, 'G');
	/* One byte shorter is the longest key: decoded (and refused by its
	 * tag), within the buffer. */
	b64_encode(raw, head + CURSOR_KEY_MAX, c);
	assert_false(cursor_decode(CURSOR_PLATFORM, scope_of(CURSOR_PLATFORM), c, out.key));
	assert_int_equal(out.guard, 'G');
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_wrong_kind),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_case_round_trip),
		cmocka_unit_test(test_tampered),
		cmocka_unit_test(test_scope),
		cmocka_unit_test(test_small_buffer),
		cmocka_unit_test(test_siphash_vector),
		cmocka_unit_test(test_forged),
		cmocka_unit_test(test_key_one_too_long),
	};

	return cmocka_run_group_tests_name("svc-cursor", tests, NULL, NULL);
}
