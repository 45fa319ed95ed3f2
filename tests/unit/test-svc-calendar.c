/*
 * test-svc-calendar.c — the calendar file parser of govdx-exchanged
 * (calendar_parse): what it accepts, and that every refusal names its line;
 * and the check of a notice against the statute (calendar_check_statute).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "calendar.h"

static bool parse(const char *text, struct calendar_rows *rows, char *err, size_t errsz)
{
	memset(rows, 0, sizeof *rows);
	return calendar_parse("cal.csv", text, strlen(text), rows, err, errsz);
}

static void test_accepts_the_format(void **state)
{
	struct calendar_rows rows;
	char err[256] = "";

	(void)state;
	assert_true(parse("date,kind,name\r\n"
	                  "# 2025\n"
	                  "\n"
	                  "2025-09-28,workday,国庆节、中秋节\n"
	                  "2025-10-01,holiday,\"国庆节, \"\"中秋节\"\"\"\n"
	                  "2024-02-29,holiday,\n",
	                  &rows, err, sizeof err));
	assert_int_equal(rows.n, 3);
	assert_string_equal(rows.date[0], "2025-09-28");
	assert_string_equal(rows.kind[0], "workday");
	assert_string_equal(rows.name[0], "国庆节、中秋节");
	assert_int_equal(rows.line[0], 4);
	assert_string_equal(rows.name[1], "国庆节, \"中秋节\"");
	assert_string_equal(rows.kind[1], "holiday");
	assert_string_equal(rows.date[2], "2024-02-29");
	assert_string_equal(rows.name[2], "");
	calendar_rows_free(&rows);
}

struct bad {
	const char *text;
	const char *want; /* a piece of the message, with its line */
};

static void test_refuses_with_the_line(void **state)
{
	static const struct bad cases[] = {
		{"2025-02-29,holiday,x\n", "cal.csv:1: \"2025-02-29\" is no date"},
		{"2024-01-01,holiday,x\n2024-1-02,holiday,x\n", "cal.csv:2: \"2024-1-02\""},
		{"2024-01-01,day off,x\n", "cal.csv:1: kind \"day off\""},
		{"2025-10-09,workday,x\n", "cal.csv:1: 2025-10-09 is a weekday"},
		{"2025-10-11,workday,x\n2025-10-11,holiday,y\n", "cal.csv:2: 2025-10-11 is listed twice (first on line 1)"},
		{"2025-10-11,workday\n", "cal.csv:1: expected 3 fields"},
		{"2025-10-11,workday,x,y\n", "cal.csv:1: expected 3 fields"},
		{"2025-10-11,workday,\"x\n", "cal.csv:1: a broken field"},
		{"2025-10-11,work\"day,x\n", "cal.csv:1: a broken field"},
		{"x\n\n2025-13-01,holiday,x\n", "cal.csv:1:"},
		{"date,kind,name\n", "no calendar days"},
		{"", "no calendar days"},
		{"2025-10-11,workday,\xff\n", "not UTF-8"},
		{"1899-12-31,holiday,x\n", "years 1900 to 2999"},
		{"date,kind,name\n2025-10-01,holiday,国庆节\ndate,kind,name\n", "cal.csv:3:"},
	};
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct calendar_rows rows;
		char err[256] = "";

		if (parse(cases[i].text, &rows, err, sizeof err))
			fail_msg("case %zu accepted", i);
		if (!strstr(err, cases[i].want))
			fail_msg("case %zu: \"%s\" lacks \"%s\"", i, err, cases[i].want);
		assert_int_equal(rows.n, 0);
	}
}

static void test_counts_further_bad_lines(void **state)
{
	struct calendar_rows rows;
	char err[256] = "";

	(void)state;
	assert_false(parse("2025-10-01,holiday,a\nbad\n2025-10-02,holiday,b\nworse\nworst\n", &rows, err,
	                   sizeof err));
	assert_non_null(strstr(err, "cal.csv:2: expected 3 fields: date,kind,name (and 2 more bad lines); nothing was imported"));
}

static void test_long_names(void **state)
{
	struct calendar_rows rows;
	char text[1024], err[256] = "";
	size_t n;

	(void)state;
	/* 100 Chinese characters pass, 101 do not. */
	n = (size_t)snprintf(text, sizeof text, "2025-10-01,holiday,");
	for (int i = 0; i < 100; i++)
		n += (size_t)snprintf(text + n, sizeof text - n, "节");
	snprintf(text + n, sizeof text - n, "\n");
	assert_true(parse(text, &rows, err, sizeof err));
	calendar_rows_free(&rows);
	snprintf(text + n, sizeof text - n, "日\n");
	assert_false(parse(text, &rows, err, sizeof err));
	assert_non_null(strstr(err, "cal.csv:1: the name is longer than 100 characters"));
}

/* A notice must give every statutory day of its years off. */
static void test_statute_check(void **state)
{
	static const char *const y2027 =
		"2027-01-01,holiday,元旦\n2027-02-05,holiday,春节\n2027-02-06,holiday,春节\n"
		"2027-02-07,holiday,春节\n2027-02-08,holiday,春节\n2027-04-05,holiday,清明节\n"
		"2027-05-01,holiday,劳动节\n2027-05-02,holiday,劳动节\n2027-06-09,holiday,端午节\n"
		"2027-09-15,holiday,中秋节\n2027-10-01,holiday,国庆节\n2027-10-02,holiday,国庆节\n";
	struct calendar_rows rows;
	char text[1024], err[512] = "";

	(void)state;
	/* 10-03 missing. */
	assert_true(parse(y2027, &rows, err, sizeof err));
	assert_false(calendar_check_statute("cal.csv", &rows, err, sizeof err));
	assert_non_null(strstr(err, "cal.csv: 2027-10-03 (国庆节) is a statutory holiday of 2027"));
	assert_non_null(strstr(err, "nothing was imported"));
	calendar_rows_free(&rows);
	/* 10-03 there: good, with a make-up Saturday. */
	snprintf(text, sizeof text, "%s2027-10-03,holiday,国庆节\n2027-09-25,workday,国庆节\n", y2027);
	assert_true(parse(text, &rows, err, sizeof err));
	assert_true(calendar_check_statute("cal.csv", &rows, err, sizeof err));
	calendar_rows_free(&rows);
	/* 10-03 a workday (a Sunday in 2027): refused naming its line. */
	snprintf(text, sizeof text, "%s2027-10-03,workday,国庆节\n", y2027);
	assert_true(parse(text, &rows, err, sizeof err));
	assert_false(calendar_check_statute("cal.csv", &rows, err, sizeof err));
	assert_non_null(strstr(err, "cal.csv:13: 2027-10-03 (国庆节) is a statutory holiday of 2027 but the file "
	                            "makes it a workday"));
	calendar_rows_free(&rows);
	/* A year the statute does not reach is not checked. */
	assert_true(parse("2007-05-01,holiday,劳动节\n", &rows, err, sizeof err));
	assert_true(calendar_check_statute("cal.csv", &rows, err, sizeof err));
	calendar_rows_free(&rows);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_accepts_the_format),
		cmocka_unit_test(test_refuses_with_the_line),
		cmocka_unit_test(test_counts_further_bad_lines),
		cmocka_unit_test(test_long_names),
		cmocka_unit_test(test_statute_check),
	};
	return cmocka_run_group_tests_name("svc-calendar", tests, NULL, NULL);
}
