/*
 * statute.c — statutory public holidays computed from the law; see statute.h.
 *
 * Lunar dates come from the compact table below: one number per lunar year
 * 1900–2100, in the encoding that has been republished for decades with
 * the Hong Kong Observatory's Gregorian–lunar conversion tables (香港天文台
 * 《公历与农历日期对照表》) as its source, e.g. in calendar.js (jjonline)
 * and many others:
 *   bits 0–3   the leap month (0 = none);
 *   bits 4–15  months 1..12, bit 15 for month 1: 1 = 30 days, 0 = 29;
 *   bit 16     the leap month has 30 days (else 29).
 * Lunar year 1900 began on 1900-01-31. Every month length and leap month
 * of 2008–2100 was checked against an independent astronomical computation
 * (the lunar-javascript library, 1.7.7, by new moons and solar terms). It
 * found one difference, corrected here: 2033 has its leap month after the
 * 11th (闰十一月, 0x04afb), as GB/T 33661-2017 《农历的编算和颁行》 rules it,
 * where the old table had a leap 7th month (0x04bd7) and so put 中秋 2033 on
 * 10-07 instead of 09-08 (the "2033 problem"). The unit tests hold the
 * published dates (tests/unit/test-svc-statute.c).
 *
 * 清明 is the day the sun reaches 15° ecliptic longitude (Beijing time);
 * the usual formula for the 21st century, day = [Y·0.2422 + C] − L with
 * Y = year mod 100 (100 for 2100), C = 4.81 and L the leap years 2001..year,
 * agrees with the astronomical computation for every year 2001–2100.
 * Sources and the operator's side: docs/calendar.md.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "statute.h"

#define LUNAR_FIRST 1900
#define LUNAR_LAST 2100

static const unsigned lunar_info[LUNAR_LAST - LUNAR_FIRST + 1] = {
	0x04bd8, 0x04ae0, 0x0a570, 0x054d5, 0x0d260, 0x0d950, 0x16554, 0x056a0, 0x09ad0, 0x055d2, /* 1900 */
	0x04ae0, 0x0a5b6, 0x0a4d0, 0x0d250, 0x1d255, 0x0b540, 0x0d6a0, 0x0ada2, 0x095b0, 0x14977, /* 1910 */
	0x04970, 0x0a4b0, 0x0b4b5, 0x06a50, 0x06d40, 0x1ab54, 0x02b60, 0x09570, 0x052f2, 0x04970, /* 1920 */
	0x06566, 0x0d4a0, 0x0ea50, 0x06e95, 0x05ad0, 0x02b60, 0x186e3, 0x092e0, 0x1c8d7, 0x0c950, /* 1930 */
	0x0d4a0, 0x1d8a6, 0x0b550, 0x056a0, 0x1a5b4, 0x025d0, 0x092d0, 0x0d2b2, 0x0a950, 0x0b557, /* 1940 */
	0x06ca0, 0x0b550, 0x15355, 0x04da0, 0x0a5b0, 0x14573, 0x052b0, 0x0a9a8, 0x0e950, 0x06aa0, /* 1950 */
	0x0aea6, 0x0ab50, 0x04b60, 0x0aae4, 0x0a570, 0x05260, 0x0f263, 0x0d950, 0x05b57, 0x056a0, /* 1960 */
	0x096d0, 0x04dd5, 0x04ad0, 0x0a4d0, 0x0d4d4, 0x0d250, 0x0d558, 0x0b540, 0x0b6a0, 0x195a6, /* 1970 */
	0x095b0, 0x049b0, 0x0a974, 0x0a4b0, 0x0b27a, 0x06a50, 0x06d40, 0x0af46, 0x0ab60, 0x09570, /* 1980 */
	0x04af5, 0x04970, 0x064b0, 0x074a3, 0x0ea50, 0x06b58, 0x055c0, 0x0ab60, 0x096d5, 0x092e0, /* 1990 */
	0x0c960, 0x0d954, 0x0d4a0, 0x0da50, 0x07552, 0x056a0, 0x0abb7, 0x025d0, 0x092d0, 0x0cab5, /* 2000 */
	0x0a950, 0x0b4a0, 0x0baa4, 0x0ad50, 0x055d9, 0x04ba0, 0x0a5b0, 0x15176, 0x052b0, 0x0a930, /* 2010 */
	0x07954, 0x06aa0, 0x0ad50, 0x05b52, 0x04b60, 0x0a6e6, 0x0a4e0, 0x0d260, 0x0ea65, 0x0d530, /* 2020 */
	0x05aa0, 0x076a3, 0x096d0, 0x04afb, 0x04ad0, 0x0a4d0, 0x1d0b6, 0x0d250, 0x0d520, 0x0dd45, /* 2030 */
	0x0b5a0, 0x056d0, 0x055b2, 0x049b0, 0x0a577, 0x0a4b0, 0x0aa50, 0x1b255, 0x06d20, 0x0ada0, /* 2040 */
	0x14b63, 0x09370, 0x049f8, 0x04970, 0x064b0, 0x168a6, 0x0ea50, 0x06b20, 0x1a6c4, 0x0aae0, /* 2050 */
	0x092e0, 0x0d2e3, 0x0c960, 0x0d557, 0x0d4a0, 0x0da50, 0x05d55, 0x056a0, 0x0a6d0, 0x055d4, /* 2060 */
	0x052d0, 0x0a9b8, 0x0a950, 0x0b4a0, 0x0b6a6, 0x0ad50, 0x055a0, 0x0aba4, 0x0a5b0, 0x052b0, /* 2070 */
	0x0b273, 0x06930, 0x07337, 0x06aa0, 0x0ad50, 0x14b55, 0x04b60, 0x0a570, 0x054e4, 0x0d160, /* 2080 */
	0x0e968, 0x0d520, 0x0daa0, 0x16aa6, 0x056d0, 0x04ae0, 0x0a9d4, 0x0a2d0, 0x0d150, 0x0f252, /* 2090 */
	0x0d520,                                                                                   /* 2100 */
};

/* Days since 1970-01-01 of a civil date (proleptic Gregorian). */
static long days_from_civil(int y, int m, int d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* The civil date of a day number (the inverse of days_from_civil). */
static void civil_from_days(long z, int *y, int *m, int *d)
{
	long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static int month_days(unsigned info, int month)
{
	return info & (0x10000u >> month) ? 30 : 29;
}

static int leap_month(unsigned info)
{
	return (int)(info & 0xf);
}

static int leap_days(unsigned info)
{
	return leap_month(info) ? (info & 0x10000u ? 30 : 29) : 0;
}

static int year_days(unsigned info)
{
	int n = leap_days(info);

	for (int m = 1; m <= 12; m++)
		n += month_days(info, m);
	return n;
}

bool statute_lunar_to_solar(int lyear, int lmonth, int lday, int *year, int *month, int *day)
{
	long z = days_from_civil(1900, 1, 31);
	unsigned info;

	if (lyear < LUNAR_FIRST || lyear > LUNAR_LAST || lmonth < 1 || lmonth > 12 || lday < 1)
		return false;
	for (int y = LUNAR_FIRST; y < lyear; y++)
		z += year_days(lunar_info[y - LUNAR_FIRST]);
	info = lunar_info[lyear - LUNAR_FIRST];
	if (lday > month_days(info, lmonth))
		return false;
	for (int m = 1; m < lmonth; m++) {
		z += month_days(info, m);
		if (leap_month(info) == m)
			z += leap_days(info);
	}
	civil_from_days(z + lday - 1, year, month, day);
	return true;
}

int statute_qingming(int year)
{
	int y = year == 2100 ? 100 : year % 100;

	if (year < 2001 || year > 2100)
		return 0;
	/* (Y·0.2422 + 4.81) in ten-thousandths, to stay in integers. */
	return (y * 2422 + 48100) / 10000 - (y / 4 - (year == 2100));
}

static void put(struct statute_day *out, int *n, int y, int m, int d, const char *name)
{
	snprintf(out[*n].date, sizeof out[*n].date, "%04u-%02u-%02u", (unsigned)y % 10000u,
	         (unsigned)m % 100u, (unsigned)d % 100u);
	out[*n].name = name;
	(*n)++;
}

/* Adds the lunar date's solar day plus `extra` days after it (from is
 * its offset from lunar lmonth/lday: -1 for 除夕). */
static void put_lunar(struct statute_day *out, int *n, int lyear, int lmonth, int lday, int from,
                      int count, const char *name)
{
	int y, m, d;
	long z;

	if (!statute_lunar_to_solar(lyear, lmonth, lday, &y, &m, &d))
		return;
	z = days_from_civil(y, m, d) + from;
	for (int i = 0; i < count; i++) {
		civil_from_days(z + i, &y, &m, &d);
		put(out, n, y, m, d, name);
	}
}

static int by_date(const void *a, const void *b)
{
	return strcmp(((const struct statute_day *)a)->date, ((const struct statute_day *)b)->date);
}

int statute_days(int year, struct statute_day *out)
{
	int n = 0;

	if (year < STATUTE_FIRST_YEAR || year > STATUTE_LAST_YEAR)
		return 0;
	put(out, &n, year, 1, 1, "元旦");
	if (year <= 2013)
		put_lunar(out, &n, year, 1, 1, -1, 3, "春节"); /* 除夕, 初一, 初二 */
	else if (year <= 2024)
		put_lunar(out, &n, year, 1, 1, 0, 3, "春节"); /* 初一 to 初三 */
	else
		put_lunar(out, &n, year, 1, 1, -1, 4, "春节"); /* 除夕 to 初三 */
	put(out, &n, year, 4, statute_qingming(year), "清明节");
	put(out, &n, year, 5, 1, "劳动节");
	if (year >= 2025)
		put(out, &n, year, 5, 2, "劳动节");
	put_lunar(out, &n, year, 5, 5, 0, 1, "端午节");
	for (int d = 1; d <= 3; d++)
		put(out, &n, year, 10, d, "国庆节");
	/* 中秋 may fall on 1–3 October (2028, 2031 ...): one day off for both,
	 * as the law gives no extra day (the notice may), named for both. */
	put_lunar(out, &n, year, 8, 15, 0, 1, "中秋节");
	for (int i = 0; i < n - 1; i++)
		if (strcmp(out[i].date, out[n - 1].date) == 0) {
			out[i].name = "国庆节、中秋节";
			n--;
			break;
		}
	qsort(out, (size_t)n, sizeof *out, by_date);
	return n;
}

bool statute_is_holiday(const char *date, const char **name)
{
	struct statute_day days[STATUTE_MAX_DAYS];
	int n;

	if (strlen(date) != 10)
		return false;
	n = statute_days(atoi(date), days);
	for (int i = 0; i < n; i++)
		if (strcmp(days[i].date, date) == 0) {
			if (name)
				*name = days[i].name;
			return true;
		}
	return false;
}
