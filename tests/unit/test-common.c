/*
 * Unit tests for common/: the UTF-8 decoder on well-formed, ill-formed,
 * overlong, surrogate and cut-off sequences; display widths of Chinese,
 * combining and control characters; Beijing time of instants around
 * midnight, whatever TZ says, and the reading of a TZif footer.
 */
#include "config.h"

#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "beijing.h"
#include "utf8.h"
#include "width.h"

/* Decodes s (n bytes) and checks the length taken and the code point. */
static void expect_decode(const char *s, size_t n, size_t len, uint32_t cp)
{
	uint32_t got = 0;

	assert_int_equal(utf8_decode(s, n, &got), len);
	assert_int_equal(got, cp);
}

static void test_decode_valid(void **state)
{
	(void)state;
	expect_decode("A", 1, 1, 0x41);
	expect_decode("\xC3\xA9", 2, 2, 0xE9);                /* é */
	expect_decode("\xE4\xB8\xAD", 3, 3, 0x4E2D);          /* 中 */
	expect_decode("\xF0\x9F\x98\x80", 4, 4, 0x1F600);     /* an emoji */
	expect_decode("\xF4\x8F\xBF\xBF", 4, 4, 0x10FFFF);    /* the last code point */
	expect_decode("\xEF\xBF\xBD", 3, 3, 0xFFFD);          /* U+FFFD itself is valid */
	expect_decode("\xE4\xB8\xADx", SIZE_MAX, 3, 0x4E2D);  /* NUL-terminated */
	expect_decode("", 1, 1, 0);                           /* a NUL is U+0000 */
}

static void test_decode_invalid(void **state)
{
	(void)state;
	expect_decode("\x80", 1, 1, UTF8_INVALID);            /* stray continuation */
	expect_decode("\xBF\xBF", 2, 1, UTF8_INVALID);
	expect_decode("\xF5\x80\x80\x80", 4, 1, UTF8_INVALID); /* past U+10FFFF */
	expect_decode("\xFF", 1, 1, UTF8_INVALID);
	expect_decode("\xF4\x90\x80\x80", 4, 1, UTF8_INVALID); /* U+110000 */
	expect_decode("\xE4\x41", 2, 1, UTF8_INVALID);         /* no continuation */
}

static void test_decode_overlong(void **state)
{
	(void)state;
	expect_decode("\xC0\xAF", 2, 1, UTF8_INVALID);         /* '/' in two bytes */
	expect_decode("\xC1\xBF", 2, 1, UTF8_INVALID);
	expect_decode("\xE0\x80\xAF", 3, 1, UTF8_INVALID);     /* '/' in three */
	expect_decode("\xE0\x9F\xBF", 3, 1, UTF8_INVALID);     /* U+07FF in three */
	expect_decode("\xF0\x80\x80\xAF", 4, 1, UTF8_INVALID); /* '/' in four */
	expect_decode("\xF0\x8F\xBF\xBF", 4, 1, UTF8_INVALID); /* U+FFFF in four */
	expect_decode("\xE0\xA0\x80", 3, 3, 0x800);            /* the first 3-byte */
	expect_decode("\xF0\x90\x80\x80", 4, 4, 0x10000);      /* the first 4-byte */
}

static void test_decode_surrogate(void **state)
{
	(void)state;
	expect_decode("\xED\xA0\x80", 3, 1, UTF8_INVALID);     /* U+D800 */
	expect_decode("\xED\xBF\xBF", 3, 1, UTF8_INVALID);     /* U+DFFF */
	expect_decode("\xED\x9F\xBF", 3, 3, 0xD7FF);           /* just below */
	expect_decode("\xEE\x80\x80", 3, 3, 0xE000);           /* just above */
}

static void test_decode_truncated(void **state)
{
	(void)state;
	/* The maximal subpart: a cut-off 中 is one bad sequence of 2 bytes. */
	expect_decode("\xE4\xB8", 2, 2, UTF8_INVALID);
	expect_decode("\xE4\xB8", SIZE_MAX, 2, UTF8_INVALID);  /* stops at the NUL */
	expect_decode("\xE4\xB8\x41", 3, 2, UTF8_INVALID);
	expect_decode("\xF0\x9F\x98", 3, 3, UTF8_INVALID);
	expect_decode("\xE4\xB8\xAD", 2, 2, UTF8_INVALID);      /* cut by the length */
	expect_decode("\xE4\xB8\xAD", 1, 1, UTF8_INVALID);
	expect_decode("\xC3", 1, 1, UTF8_INVALID);
	expect_decode("A", 0, 0, UTF8_INVALID);
}

static void test_valid(void **state)
{
	(void)state;
	assert_true(utf8_valid("", 0));
	assert_true(utf8_valid("婚姻登记 ok", strlen("婚姻登记 ok")));
	assert_false(utf8_valid("a\0b", 3));                   /* a NUL */
	assert_false(utf8_valid("\xC0\xAF", 2));
	assert_false(utf8_valid("\xED\xA0\x80", 3));
	assert_false(utf8_valid("中", 2));                     /* cut */
	assert_false(utf8_valid("ab\x80", 3));
}

static void test_encode(void **state)
{
	static const uint32_t cps[] = { 0x41, 0xE9, 0x7FF, 0x800, 0x4E2D, 0xFFFD, 0x10000, 0x10FFFF };
	char buf[4];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cps / sizeof cps[0]; i++) {
		size_t n = utf8_encode(cps[i], buf);

		expect_decode(buf, n, n, cps[i]);
	}
	assert_int_equal(utf8_encode(0xD800, buf), 3);          /* a surrogate: U+FFFD */
	assert_memory_equal(buf, "\xEF\xBF\xBD", 3);
	assert_int_equal(utf8_encode(0x110000, buf), 3);
	assert_memory_equal(buf, "\xEF\xBF\xBD", 3);
}

static void expect_escape(uint32_t c, const char *want)
{
	char out[WIDTH_ESCAPE_SIZE];

	assert_int_equal(width_escape(c, out), strlen(want));
	assert_string_equal(out, want);
}

static void test_escape(void **state)
{
	(void)state;
	expect_escape(0x1B, "^[");
	expect_escape(0x07, "^G");
	expect_escape(0x00, "^@");
	expect_escape(0x7F, "^?");
	expect_escape(0x9B, "<U+009B>");
	expect_escape(0x80, "<U+0080>");
	expect_escape(0x202E, "<U+202E>");
	expect_escape(0x2066, "<U+2066>");
	expect_escape(0x200F, "<U+200F>");
	expect_escape(0x061C, "<U+061C>");
	expect_escape(0x2029, "<U+2029>");
	expect_escape('A', "");
	expect_escape(0xA0, "");
	expect_escape(0x4E2D, "");
	expect_escape(0x200D, ""); /* the joiner of emoji sequences stays */
}

static void test_width(void **state)
{
	(void)state;
	assert_int_equal(width_char('A'), 1);
	assert_int_equal(width_char(0x4E2D), 2);                /* 中 */
	assert_int_equal(width_char(0x3000), 2);                /* ideographic space */
	assert_int_equal(width_char(0xFF21), 2);                /* fullwidth A */
	assert_int_equal(width_char(0x0301), 0);                /* combining acute */
	assert_int_equal(width_char('\t'), 2);                  /* shown as ^I */
	assert_int_equal(width_char(0x7F), 2);                  /* ^? */
	assert_int_equal(width_char(0x85), 8);                  /* C1: <U+0085> */
	assert_int_equal(width_char(0x202E), 8);                /* <U+202E> */
	assert_int_equal(width_char(0xFFFFFFFF), 1);
	assert_true(width_undrawable('\t'));
	assert_true(width_undrawable(0x9F));
	assert_true(width_undrawable(0x2066));
	assert_false(width_undrawable('A'));
	assert_false(width_undrawable(0x4E2D));
	assert_false(width_undrawable(0x0301));
	assert_int_equal(width_utf8(NULL), 0);
	assert_int_equal(width_utf8(""), 0);
	assert_int_equal(width_utf8("中文ab"), 6);
	assert_int_equal(width_utf8("e\xCC\x81"), 1);           /* e + combining */
	assert_int_equal(width_utf8("\xE4\xB8"), 1);            /* one U+FFFD */
	assert_int_equal(width_utf8("a\x80\x80" "b"), 4);       /* one U+FFFD each */
}

/* The UTC instant of a civil date and time. */
static time_t utc(int y, int mo, int d, int h, int mi, int s)
{
	struct tm tm = { 0 };

	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = s;
	return timegm(&tm);
}

static void expect_beijing(time_t t, const char *want)
{
	struct tm tm;
	char got[32];

	assert_non_null(beijing_time(t, &tm));
	strftime(got, sizeof got, "%Y-%m-%d %H:%M:%S", &tm);
	assert_string_equal(got, want);
	assert_int_equal(tm.tm_gmtoff, 8 * 3600);
	assert_int_equal(tm.tm_isdst, 0);
}

static void test_beijing(void **state)
{
	(void)state;
	/* The machine's zone is not Beijing's, and must not matter. */
	setenv("TZ", "America/Los_Angeles", 1);
	tzset();
	assert_int_equal(beijing_offset(), 8 * 3600);
	assert_non_null(beijing_source());
	if (access("/usr/share/zoneinfo/Asia/Shanghai", R_OK) == 0 && !getenv("TZDIR"))
		assert_string_equal(beijing_source(), "tzdata");
	expect_beijing(0, "1970-01-01 08:00:00");
	/* Across midnight UTC: the same UTC day, two Beijing days. */
	expect_beijing(utc(2026, 11, 26, 15, 59, 59), "2026-11-26 23:59:59");
	expect_beijing(utc(2026, 11, 26, 16, 0, 0), "2026-11-27 00:00:00");
	expect_beijing(utc(2026, 11, 26, 23, 59, 59), "2026-11-27 07:59:59");
	expect_beijing(utc(2026, 11, 27, 0, 0, 0), "2026-11-27 08:00:00");
	/* A new year, and a leap day, in Beijing first. */
	expect_beijing(utc(2025, 12, 31, 16, 30, 0), "2026-01-01 00:30:00");
	expect_beijing(utc(2028, 2, 28, 16, 0, 0), "2028-02-29 00:00:00");
	unsetenv("TZ");
	tzset();
}

/* A TZif image of version v with the given footer line. */
static size_t tzif(char *buf, char v, const char *footer)
{
	size_t n = 44;

	memset(buf, 0, n);
	memcpy(buf, "TZif", 4);
	buf[4] = v;
	n += (size_t)snprintf(buf + n, 200, "\n%s\n", footer);
	return n;
}

static void test_parse_tzif(void **state)
{
	char buf[256];
	long off = 0;
	size_t n;

	(void)state;
	n = tzif(buf, '2', "CST-8");
	assert_true(beijing_parse_tzif(buf, n, &off));
	assert_int_equal(off, 8 * 3600);
	n = tzif(buf, '3', "<+0530>-5:30");
	assert_true(beijing_parse_tzif(buf, n, &off));
	assert_int_equal(off, 5 * 3600 + 30 * 60);
	n = tzif(buf, '2', "UTC0");
	assert_true(beijing_parse_tzif(buf, n, &off));
	assert_int_equal(off, 0);
	n = tzif(buf, '4', "EST5");
	assert_true(beijing_parse_tzif(buf, n, &off));
	assert_int_equal(off, -5 * 3600);
	/* Summer time, a version 1 file, no footer, no name: not understood. */
	n = tzif(buf, '2', "CST-8CDT,M4.2.0,M9.2.0");
	assert_false(beijing_parse_tzif(buf, n, &off));
	n = tzif(buf, '\0', "CST-8");
	assert_false(beijing_parse_tzif(buf, n, &off));
	n = tzif(buf, '2', "");
	assert_false(beijing_parse_tzif(buf, n, &off));
	n = tzif(buf, '2', "X-8");
	assert_false(beijing_parse_tzif(buf, n, &off));
	n = tzif(buf, '2', "CST-8");
	assert_false(beijing_parse_tzif(buf, n - 1, &off));     /* no final newline */
	assert_false(beijing_parse_tzif("TZif2", 5, &off));
	memcpy(buf, "TZiF", 4);
	assert_false(beijing_parse_tzif(buf, n, &off));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode_valid),
		cmocka_unit_test(test_decode_invalid),
		cmocka_unit_test(test_decode_overlong),
		cmocka_unit_test(test_decode_surrogate),
		cmocka_unit_test(test_decode_truncated),
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_encode),
		cmocka_unit_test(test_escape),
		cmocka_unit_test(test_width),
		cmocka_unit_test(test_beijing),
		cmocka_unit_test(test_parse_tzif),
	};

	/* wcwidth knows 中 is two columns only in a UTF-8 locale. */
	if (!setlocale(LC_CTYPE, "C.UTF-8"))
		setlocale(LC_CTYPE, "en_US.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
