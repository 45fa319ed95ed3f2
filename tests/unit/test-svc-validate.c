/*
 * test-svc-validate.c — unit tests of the service's input checks
 * (exchange-service/validate.c): UTF-8, codes, limits, booleans, dates.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "validate.h"

static bool utf8(const char *s)
{
	return validate_utf8(s, strlen(s));
}

static void test_utf8_accepts(void **state)
{
	assert_true(utf8(""));
	assert_true(utf8("abc"));
	assert_true(utf8("婚姻登记信息"));
	assert_true(utf8("\xf0\x9f\x98\x80")); /* U+1F600, four bytes */
	assert_true(utf8("\xf4\x8f\xbf\xbf")); /* U+10FFFF, the last code point */
}

static void test_utf8_rejects(void **state)
{
	assert_false(utf8("\xe4\xb8"));         /* truncated 中 */
	assert_false(utf8("\xe4\xb8x"));        /* bad continuation */
	assert_false(utf8("\x80"));             /* lone continuation */
	assert_false(utf8("\xc0\xaf"));         /* overlong '/' */
	assert_false(utf8("\xe0\x80\xaf"));     /* overlong, three bytes */
	assert_false(utf8("\xed\xa0\x80"));     /* surrogate U+D800 */
	assert_false(utf8("\xf4\x90\x80\x80")); /* past U+10FFFF */
	assert_false(utf8("\xff"));
	assert_false(validate_utf8("a\0b", 3)); /* embedded NUL */
}

static void test_utf8_chars(void **state)
{
	assert_int_equal(validate_utf8_chars(""), 0);
	assert_int_equal(validate_utf8_chars("ab"), 2);
	assert_int_equal(validate_utf8_chars("婚姻"), 2);
	assert_int_equal(validate_utf8_chars("婚"), 1);
}

static void test_codes(void **state)
{
	assert_true(validate_platform_code("130000"));
	assert_false(validate_platform_code("13000"));
	assert_false(validate_platform_code("1300000"));
	assert_false(validate_platform_code("13000a"));
	assert_false(validate_platform_code(""));
	assert_false(validate_platform_code(NULL));
	assert_true(validate_department_code("130000008"));
	assert_false(validate_department_code("13000000"));
	assert_true(validate_entry_code("130000008-308001-0001"));
	assert_false(validate_entry_code("130000008-408001-0001")); /* class 1..3 only */
	assert_false(validate_entry_code("130000008-308001-001"));
	assert_false(validate_entry_code("130000008/308001/0001"));
	assert_false(validate_entry_code("130000008-308001-00011"));
}

static void test_code_prefix(void **state)
{
	assert_true(validate_code_prefix("13"));
	assert_true(validate_code_prefix("130000008-3"));
	assert_true(validate_code_prefix("130000008-308001-0001"));
	assert_false(validate_code_prefix("1"));
	assert_false(validate_code_prefix("-13"));
	assert_false(validate_code_prefix("婚姻"));
	assert_false(validate_code_prefix("13a"));
	assert_false(validate_code_prefix("130000008-308001-00011"));
}

static void test_limit(void **state)
{
	int v = 0;

	assert_true(validate_limit("1", &v));
	assert_int_equal(v, 1);
	assert_true(validate_limit("200", &v));
	assert_int_equal(v, 200);
	assert_true(validate_limit("50", &v));
	assert_int_equal(v, 50);
	assert_false(validate_limit("0", &v));
	assert_false(validate_limit("201", &v));
	assert_false(validate_limit("99999999999999999999", &v));
	assert_false(validate_limit("-1", &v));
	assert_false(validate_limit("+5", &v));
	assert_false(validate_limit("05", &v));
	assert_false(validate_limit(" 5", &v));
	assert_false(validate_limit("5x", &v));
	assert_false(validate_limit("", &v));
	assert_false(validate_limit(NULL, &v));
}

static void test_bool(void **state)
{
	bool b = false;

	assert_true(validate_bool("true", &b));
	assert_true(b);
	assert_true(validate_bool("false", &b));
	assert_false(b);
	assert_false(validate_bool("1", &b));
	assert_false(validate_bool("TRUE", &b));
	assert_false(validate_bool(NULL, &b));
}

static void test_date(void **state)
{
	long day = -1;

	assert_true(validate_date("1970-01-01", &day));
	assert_int_equal(day, 0);
	assert_true(validate_date("1970-01-02", &day));
	assert_int_equal(day, 1);
	assert_true(validate_date("1969-12-31", &day));
	assert_int_equal(day, -1);
	assert_true(validate_date("2000-03-01", &day));
	assert_int_equal(day, 11017);
	assert_true(validate_date("2026-11-27", &day));
	assert_int_equal(day, 20784);
	assert_true(validate_date("1900-01-01", &day)); /* the first year taken */
	assert_int_equal(day, -25567);
	assert_true(validate_date("9999-12-31", NULL));
	/* leap years: every 4th, not every 100th, but every 400th */
	assert_true(validate_date("2024-02-29", NULL));
	assert_true(validate_date("2000-02-29", NULL));
	assert_false(validate_date("2026-02-29", NULL));
	assert_false(validate_date("1900-02-29", NULL));
	assert_false(validate_date("2026-02-30", NULL));
	assert_false(validate_date("2026-04-31", NULL));
	assert_true(validate_date("2026-12-31", NULL));
	assert_false(validate_date("2026-12-32", NULL));
	assert_false(validate_date("2026-13-01", NULL));
	assert_false(validate_date("2026-00-10", NULL));
	assert_false(validate_date("2026-01-00", NULL));
	assert_false(validate_date("1899-12-31", NULL));
}

static void test_date_shape(void **state)
{
	static const char *const bad[] = {
		"", "2026-1-01", "2026-01-1", "26-01-01", "2026/01/01", "2026-01-01T00:00:00",
		"2026-01-01 ", " 2026-01-01", "20260101", "2026-0a-01", "+026-01-01", "2026--1-01",
		"２０２６-01-01", "2026-01-01\n",
	};
	long day = 12345;

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (validate_date(bad[i], &day))
			fail_msg("date \"%s\" was taken", bad[i]);
		assert_int_equal(day, 12345); /* untouched on refusal */
	}
	assert_false(validate_date(NULL, &day));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_accepts), cmocka_unit_test(test_utf8_rejects),
		cmocka_unit_test(test_utf8_chars),   cmocka_unit_test(test_codes),
		cmocka_unit_test(test_code_prefix),  cmocka_unit_test(test_limit),
		cmocka_unit_test(test_bool),         cmocka_unit_test(test_date),
		cmocka_unit_test(test_date_shape),
	};

	return cmocka_run_group_tests_name("svc-validate", tests, NULL, NULL);
}
