/*
 * test-svc-headers.c — unit tests of the workflow request headers
 * (exchange-service/headers.c): If-Match takes exactly one strong tag
 * "<version>" and refuses weak tags, "*", lists and garbage; If-None-Match
 * matches by weak comparison and in lists; an Idempotency-Key is 1..128
 * printable ASCII characters.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "headers.h"

static void test_if_match_strong(void **state)
{
	long v = 0;

	assert_int_equal(headers_if_match("\"1\"", &v), 1);
	assert_int_equal(v, 1);
	assert_int_equal(headers_if_match("\"42\"", &v), 1);
	assert_int_equal(v, 42);
	assert_int_equal(headers_if_match("\"2147483647\"", &v), 1);
	assert_int_equal(v, 2147483647L);
}

static void test_if_match_absent(void **state)
{
	long v = 7;

	assert_int_equal(headers_if_match(NULL, &v), 0);
	assert_int_equal(v, 7); /* untouched */
}

static void test_if_match_refused(void **state)
{
	static const char *const bad[] = {
		"w/\"1\"",          /* W/ is case-sensitive */
		"1",                /* unquoted */
		"\"1",              /* unterminated */
		"1\"",
		"\" 1\"",           /* no space inside a tag */
		"\"1 \"",
		"\"1\"\"",
		"\"1\" \"2\"",       /* two tags without a comma */
		"",
		" ",
		",",
		"garbage",
		"*, \"1\"",          /* * stands alone */
		"\"1\x01\"",         /* a control character */
	};
	long v = 5;

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (headers_if_match(bad[i], &v) != -1)
			fail_msg("If-Match %s was not refused", bad[i]);
		assert_int_equal(v, 5);
	}
}

/* Well-formed tags that cannot be the current one: a version of 0, so the
 * transition fails its precondition (412), as RFC 9110 wants. */
static void test_if_match_never_current(void **state)
{
	static const char *const never[] = {
		"W/\"1\"",          /* weak: never strongly equal */
		"\"stale-0\"",
		"\"\"",             /* empty */
		"\"0\"",            /* versions start at 1 */
		"\"01\"",           /* leading zero: not the tag we gave out */
		"\"-1\"",
		"\"+1\"",
		"\"1a\"",
		"\"2147483648\"",   /* past any version given out */
		"\"99999999999\"",
		"\"١\"",            /* a non-ASCII digit */
		"\"a\", W/\"2\"",
	};
	long v;

	(void)state;
	for (size_t i = 0; i < sizeof never / sizeof never[0]; i++) {
		v = 5;
		if (headers_if_match(never[i], &v) != 1 || v != 0)
			fail_msg("If-Match %s: %ld, not a tag that cannot match", never[i], v);
	}
}

static void test_if_match_lists(void **state)
{
	long v = 5;

	(void)state;
	assert_int_equal(headers_if_match(" \"3\" ", &v), 1);
	assert_int_equal(v, 3);
	assert_int_equal(headers_if_match("\"x\", \"3\",, W/\"4\"", &v), 1);
	assert_int_equal(v, 3);
	assert_int_equal(headers_if_match("\"3\",\"3\"", &v), 1);
	assert_int_equal(v, 3);
	v = 5;
	assert_int_equal(headers_if_match("\"1\", \"2\"", &v), HEADERS_IF_MATCH_SEVERAL);
	assert_int_equal(headers_if_match("*", &v), HEADERS_IF_MATCH_ANY);
	assert_int_equal(headers_if_match(" * ", &v), HEADERS_IF_MATCH_ANY);
	assert_int_equal(v, 5);
}

static void test_if_none_match(void **state)
{
	assert_true(headers_if_none_match_hits("\"3\"", "\"3\""));
	assert_true(headers_if_none_match_hits("W/\"3\"", "\"3\""));   /* weak comparison */
	assert_true(headers_if_none_match_hits("\"1\", \"3\"", "\"3\""));
	assert_true(headers_if_none_match_hits("\"1\",W/\"3\"", "\"3\""));
	assert_true(headers_if_none_match_hits("*", "\"3\""));
	assert_false(headers_if_none_match_hits(NULL, "\"3\""));
	assert_false(headers_if_none_match_hits("", "\"3\""));
	assert_false(headers_if_none_match_hits("\"2\"", "\"3\""));
	assert_false(headers_if_none_match_hits("\"33\"", "\"3\""));
	assert_false(headers_if_none_match_hits("\"3\"x", "\"3\""));
	assert_false(headers_if_none_match_hits("3", "\"3\""));
	assert_false(headers_if_none_match_hits("\"1\", \"2\"", "\"3\""));
}

static void test_idempotency_key(void **state)
{
	char k[200];

	assert_true(headers_idempotency_key_valid("a"));
	assert_true(headers_idempotency_key_valid("0b5f8e2c-6f4e-4f5a-9d8a-1c2b3d4e5f60"));
	assert_true(headers_idempotency_key_valid("with space and ~!@#$%^&*()"));
	memset(k, 'k', 128);
	k[128] = '\0';
	assert_true(headers_idempotency_key_valid(k));       /* 128: the most */
	k[128] = 'k';
	k[129] = '\0';
	assert_false(headers_idempotency_key_valid(k));      /* 129 */
	assert_false(headers_idempotency_key_valid(""));
	assert_false(headers_idempotency_key_valid(NULL));
	assert_false(headers_idempotency_key_valid("a\tb"));  /* control characters */
	assert_false(headers_idempotency_key_valid("a\nb"));
	assert_false(headers_idempotency_key_valid("a\x7f"));  /* DEL */
	assert_false(headers_idempotency_key_valid("键"));     /* not ASCII */
	assert_false(headers_idempotency_key_valid("caf\xc3\xa9"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_if_match_strong),  cmocka_unit_test(test_if_match_absent),
		cmocka_unit_test(test_if_match_refused), cmocka_unit_test(test_if_none_match),
		cmocka_unit_test(test_if_match_never_current), cmocka_unit_test(test_if_match_lists),
		cmocka_unit_test(test_idempotency_key),
	};

	return cmocka_run_group_tests_name("svc-headers", tests, NULL, NULL);
}
