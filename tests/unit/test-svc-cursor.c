/*
 * test-svc-cursor.c — unit tests of the page cursors (exchange-service/cursor.c):
 * round trips, and refusal of cursors of another list, edited or malformed ones.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cursor.h"

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

		assert_true(cursor_encode(cases[i].kind, cases[i].key, buf, sizeof buf));
		/* base64url without padding: only the URL-safe alphabet */
		assert_int_equal(strspn(buf, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
		                             "0123456789-_"),
		                 strlen(buf));
		assert_true(cursor_decode(cases[i].kind, buf, key));
		assert_string_equal(key, cases[i].key);
	}
}

static void test_wrong_kind(void **state)
{
	char buf[128], key[CURSOR_KEY_MAX + 1];

	assert_true(cursor_encode(CURSOR_PLATFORM, "130000", buf, sizeof buf));
	assert_false(cursor_decode(CURSOR_DEPARTMENT, buf, key));
	assert_false(cursor_decode(CURSOR_ENTRY, buf, key));
}

static void test_malformed(void **state)
{
	char buf[128], key[CURSOR_KEY_MAX + 1];

	assert_false(cursor_decode(CURSOR_PLATFORM, "", key));
	assert_false(cursor_decode(CURSOR_PLATFORM, NULL, key));
	assert_false(cursor_decode(CURSOR_PLATFORM, "!!!!", key));
	assert_false(cursor_decode(CURSOR_PLATFORM, "cDoxMzAwMDA=", key)); /* padding */
	assert_false(cursor_decode(CURSOR_PLATFORM, "a", key));
	assert_false(cursor_decode(CURSOR_ENTRY, "' OR 1=1 --", key));
	/* a well-formed cursor whose key has the wrong shape */
	assert_true(cursor_encode(CURSOR_PLATFORM, "13000x", buf, sizeof buf));
	assert_false(cursor_decode(CURSOR_PLATFORM, buf, key));
	/* truncated */
	assert_true(cursor_encode(CURSOR_ENTRY, "130000008-308001-0001", buf, sizeof buf));
	buf[strlen(buf) - 2] = '\0';
	assert_false(cursor_decode(CURSOR_ENTRY, buf, key));
	/* far too long */
	memset(buf, 'A', sizeof buf - 1);
	buf[sizeof buf - 1] = '\0';
	assert_false(cursor_decode(CURSOR_ENTRY, buf, key));
}

static void test_small_buffer(void **state)
{
	char buf[8];

	assert_false(cursor_encode(CURSOR_ENTRY, "130000008-308001-0001", buf, sizeof buf));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_wrong_kind),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_small_buffer),
	};

	return cmocka_run_group_tests_name("svc-cursor", tests, NULL, NULL);
}
