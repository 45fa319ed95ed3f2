/*
 * statute.h — the statutory public holidays of any year, from the law alone
 * (《全国年节及纪念日放假办法》), without the State Council's yearly notice.
 *
 * The law names the days; the yearly notice (imported as the calendar file,
 * calendar.h) arranges them: it moves days to make a week off and lists
 * make-up working weekends (调休). For a year whose notice is not imported
 * the service counts working days by the statute alone: weekends and the
 * days below are off, nothing else (docs/calendar.md).
 *
 * The law as in force on 1 January of each year:
 * - 2008–2013 (2007 amendment): 元旦 1 Jan; 春节 除夕, 初一, 初二; 清明; 劳动节
 *   1 May; 端午 (lunar 5/5); 中秋 (lunar 8/15); 国庆节 1–3 Oct. 11 days.
 * - 2014–2024 (2013 amendment): 春节 初一 to 初三. 11 days.
 * - 2025 on (2024 amendment): 春节 除夕 to 初三, 劳动节 1–2 May. 13 days.
 *
 * Invariants: pure functions of their arguments (no I/O, no globals); a
 * year outside STATUTE_FIRST_YEAR..STATUTE_LAST_YEAR has no statutory days
 * here (the lunar table ends in 2100; years before 2008 are history).
 */
#ifndef GOVDX_SVC_STATUTE_H
#define GOVDX_SVC_STATUTE_H

#include <stdbool.h>

#define STATUTE_FIRST_YEAR 2008
#define STATUTE_LAST_YEAR 2100
#define STATUTE_MAX_DAYS 13 /* days in one year, at most */

struct statute_day {
	char date[11];    /* YYYY-MM-DD */
	const char *name; /* the holiday, as the notices head it: 元旦, 春节 ... (static) */
};

/* The Gregorian date of lunar year/month/day (an ordinary month, not a leap
 * month; lunar year 1900 to 2100, day up to the month's length). False when
 * out of range. */
bool statute_lunar_to_solar(int lyear, int lmonth, int lday, int *year, int *month, int *day);

/* The day of April on which the solar term 清明 falls in Beijing time
 * (2001 to 2100), 0 outside that range. */
int statute_qingming(int year);

/* The statutory days of year in date order into out (room for
 * STATUTE_MAX_DAYS); returns how many (0 outside the years above). */
int statute_days(int year, struct statute_day *out);

/* Is date (YYYY-MM-DD) a statutory day? Its name in *name if so. */
bool statute_is_holiday(const char *date, const char **name);

#endif
