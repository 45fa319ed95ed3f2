/*
 * test-svc-statute.c — the statutory holidays of govdx-exchanged (statute.c)
 * against published dates: the lunar table (春节, 除夕, 端午, 中秋), the
 * solar term 清明, the three versions of the law, and every statutory day of
 * 2025 and 2026 being a holiday in the notices (data/holidays-cn.csv).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "statute.h"

static void assert_lunar(int ly, int lm, int ld, const char *want)
{
	int y = 0, m = 0, d = 0;
	char got[16];

	assert_true(statute_lunar_to_solar(ly, lm, ld, &y, &m, &d));
	snprintf(got, sizeof got, "%04d-%02d-%02d", y, m, d);
	assert_string_equal(got, want);
}

static void test_lunar_dates(void **state)
{
	(void)state;
	/* 2024, from the 2024 notice (春节 初一, 端午, 中秋). */
	assert_lunar(2024, 1, 1, "2024-02-10");
	assert_lunar(2024, 5, 5, "2024-06-10");
	assert_lunar(2024, 8, 15, "2024-09-17");
	/* 2025 and 2026. */
	assert_lunar(2025, 1, 1, "2025-01-29");
	assert_lunar(2025, 5, 5, "2025-05-31");
	assert_lunar(2025, 8, 15, "2025-10-06");
	assert_lunar(2026, 1, 1, "2026-02-17");
	assert_lunar(2026, 5, 5, "2026-06-19");
	assert_lunar(2026, 8, 15, "2026-09-25");
	/* Known future dates. */
	assert_lunar(2027, 1, 1, "2027-02-06");
	assert_lunar(2027, 5, 5, "2027-06-09");
	assert_lunar(2027, 8, 15, "2027-09-15");
	assert_lunar(2028, 1, 1, "2028-01-26");
	assert_lunar(2028, 8, 15, "2028-10-03");
	/* 2033: the leap month follows the 11th (GB/T 33661-2017). */
	assert_lunar(2033, 8, 15, "2033-09-08");
	/* The table's first and last years. */
	assert_lunar(1900, 1, 1, "1900-01-31");
	assert_lunar(2100, 1, 1, "2100-02-09");
}

static void test_lunar_out_of_range(void **state)
{
	int y, m, d;

	(void)state;
	assert_false(statute_lunar_to_solar(1899, 1, 1, &y, &m, &d));
	assert_false(statute_lunar_to_solar(2101, 1, 1, &y, &m, &d));
	assert_false(statute_lunar_to_solar(2027, 13, 1, &y, &m, &d));
	assert_false(statute_lunar_to_solar(2027, 1, 31, &y, &m, &d));
	assert_false(statute_lunar_to_solar(2027, 1, 0, &y, &m, &d));
}

static void test_qingming(void **state)
{
	(void)state;
	assert_int_equal(statute_qingming(2008), 4);
	assert_int_equal(statute_qingming(2010), 5);
	assert_int_equal(statute_qingming(2024), 4);
	assert_int_equal(statute_qingming(2025), 4);
	assert_int_equal(statute_qingming(2026), 5);
	assert_int_equal(statute_qingming(2027), 5);
	assert_int_equal(statute_qingming(2028), 4);
	assert_int_equal(statute_qingming(2100), 5);
	assert_int_equal(statute_qingming(2000), 0);
	assert_int_equal(statute_qingming(2101), 0);
}

/* The year's days as "MM-DD name" joined by spaces. */
static void days_text(int year, char *buf, size_t sz)
{
	struct statute_day days[STATUTE_MAX_DAYS];
	int n = statute_days(year, days);
	size_t len = 0;

	buf[0] = '\0';
	for (int i = 0; i < n; i++)
		len += (size_t)snprintf(buf + len, sz - len, "%s%s %s", i ? ", " : "", days[i].date + 5,
		                        days[i].name);
}

static void test_the_law_by_year(void **state)
{
	char buf[1024];

	(void)state;
	/* 2024, the 2013 law: 11 days, 春节 初一 to 初三, 劳动节 one day. */
	days_text(2024, buf, sizeof buf);
	assert_string_equal(buf, "01-01 元旦, 02-10 春节, 02-11 春节, 02-12 春节, 04-04 清明节, "
	                         "05-01 劳动节, 06-10 端午节, 09-17 中秋节, 10-01 国庆节, 10-02 国庆节, "
	                         "10-03 国庆节");
	/* 2027, the 2024 law: 13 days, 除夕 2027-02-05. */
	days_text(2027, buf, sizeof buf);
	assert_string_equal(buf, "01-01 元旦, 02-05 春节, 02-06 春节, 02-07 春节, 02-08 春节, "
	                         "04-05 清明节, 05-01 劳动节, 05-02 劳动节, 06-09 端午节, 09-15 中秋节, "
	                         "10-01 国庆节, 10-02 国庆节, 10-03 国庆节");
	/* 2028: 中秋 on 10-03 is one day for both, 12 days. */
	days_text(2028, buf, sizeof buf);
	assert_string_equal(buf, "01-01 元旦, 01-25 春节, 01-26 春节, 01-27 春节, 01-28 春节, "
	                         "04-04 清明节, 05-01 劳动节, 05-02 劳动节, 05-28 端午节, 10-01 国庆节, "
	                         "10-02 国庆节, 10-03 国庆节、中秋节");
	/* 2010, the 2007 law: 春节 除夕 to 初二 (初一 2010-02-14). */
	days_text(2010, buf, sizeof buf);
	assert_non_null(strstr(buf, "02-13 春节, 02-14 春节, 02-15 春节, 04-05 清明节, 05-01 劳动节, 06-16"));
	assert_int_equal(statute_days(2007, (struct statute_day[STATUTE_MAX_DAYS]){0}), 0);
	assert_int_equal(statute_days(2101, (struct statute_day[STATUTE_MAX_DAYS]){0}), 0);
	for (int y = STATUTE_FIRST_YEAR; y <= STATUTE_LAST_YEAR; y++) {
		struct statute_day d[STATUTE_MAX_DAYS];
		int n = statute_days(y, d);

		assert_in_range(n, 10, STATUTE_MAX_DAYS);
		for (int i = 1; i < n; i++)
			assert_true(strcmp(d[i - 1].date, d[i].date) < 0);
	}
}

/* Every statutory day of 2025 and 2026 is a holiday row of the notices. */
static void test_notices_cover_the_statute(void **state)
{
	static const char *const notice_holidays =
		"2025-01-01 2025-01-28 2025-01-29 2025-01-30 2025-01-31 2025-02-01 2025-02-02 "
		"2025-02-03 2025-02-04 2025-04-04 2025-04-05 2025-04-06 2025-05-01 2025-05-02 "
		"2025-05-03 2025-05-04 2025-05-05 2025-05-31 2025-06-01 2025-06-02 2025-10-01 "
		"2025-10-02 2025-10-03 2025-10-04 2025-10-05 2025-10-06 2025-10-07 2025-10-08 "
		"2026-01-01 2026-01-02 2026-01-03 2026-02-15 2026-02-16 2026-02-17 2026-02-18 "
		"2026-02-19 2026-02-20 2026-02-21 2026-02-22 2026-02-23 2026-04-04 2026-04-05 "
		"2026-04-06 2026-05-01 2026-05-02 2026-05-03 2026-05-04 2026-05-05 2026-06-19 "
		"2026-06-20 2026-06-21 2026-09-25 2026-09-26 2026-09-27 2026-10-01 2026-10-02 "
		"2026-10-03 2026-10-04 2026-10-05 2026-10-06 2026-10-07";

	(void)state;
	for (int y = 2025; y <= 2026; y++) {
		struct statute_day d[STATUTE_MAX_DAYS];
		int n = statute_days(y, d);

		assert_int_equal(n, 13);
		for (int i = 0; i < n; i++) {
			const char *name = NULL;

			if (!strstr(notice_holidays, d[i].date))
				fail_msg("%s (%s) is no holiday in the %d notice", d[i].date, d[i].name, y);
			assert_true(statute_is_holiday(d[i].date, &name));
			assert_string_equal(name, d[i].name);
		}
	}
	assert_false(statute_is_holiday("2027-01-04", NULL));
	assert_false(statute_is_holiday("2027-1-1", NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lunar_dates),
		cmocka_unit_test(test_lunar_out_of_range),
		cmocka_unit_test(test_qingming),
		cmocka_unit_test(test_the_law_by_year),
		cmocka_unit_test(test_notices_cover_the_statute),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
