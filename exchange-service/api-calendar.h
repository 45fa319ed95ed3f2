/*
 * api-calendar.h — GET /v1/calendar: the listed days (holidays and make-up
 * working days) of the working-day calendar between two dates, each with
 * its source (the year's notice, or the statute for a year without one);
 * the calendar's part of GET /v1/health; and the strict date parser the
 * other write endpoints share.
 */
#ifndef GOVDX_SVC_API_CALENDAR_H
#define GOVDX_SVC_API_CALENDAR_H

#include <stdbool.h>
#include <stddef.h>

#include "db.h"
#include "http.h"

/* The longest span GET /v1/calendar answers, in days (from and to included). */
#define API_CALENDAR_MAX_DAYS 366

/* Parses a calendar date YYYY-MM-DD (a real date, years 1900..9999) into a
 * day number (days since 1970-01-01). Anything else returns false. */
bool api_calendar_parse_date(const char *s, long *day);

/* {"status":"ok"} or {"status":"warning","warning":"..."} when a holiday
 * notice the deadlines need is missing ({"status":"unknown"} when the
 * database does not answer). */
json_t *api_calendar_health(struct http_request *rq);

extern const struct http_route api_calendar_routes[];
const struct db_statement *api_calendar_statements(size_t *n);

#endif
