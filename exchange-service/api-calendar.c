/*
 * api-calendar.c — the calendar endpoint and the calendar's health; see
 * api-calendar.h.
 *
 * A day's working status comes from the State Council's notice of its year
 * when that is imported, else from the statute alone (statutory holidays
 * and weekends off; 011-calendar-statute.sql, docs/calendar.md). This
 * endpoint shows the listed days, which is what a client needs to draw a
 * month: the notice's holidays and make-up working days, or the statutory
 * holidays of a year without a notice, each with its source; and per year
 * where its days come from. Both dates are checked here, strictly, before
 * PostgreSQL sees them, so a bad date is a 400 naming the parameter rather
 * than a database error.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api-calendar.h"
#include "validate.h"

static const struct db_statement statements[] = {
	{"calendar", "SELECT day::text, kind, coalesce(name, ''), source "
	             "FROM govdx_calendar_span($1::date, $2::date) WHERE kind IS NOT NULL ORDER BY day"},
	{"calendar_years",
	 "SELECT y, CASE WHEN n.year IS NULL THEN 'statute' ELSE 'notice' END, govdx_utc(n.imported_at) "
	 "FROM generate_series(extract(year FROM $1::date)::int, extract(year FROM $2::date)::int) y "
	 "LEFT JOIN calendar_notice n ON n.year = y ORDER BY y"},
	{"calendar_warning", "SELECT govdx_calendar_warning()"},
};

const struct db_statement *api_calendar_statements(size_t *n)
{
	*n = sizeof statements / sizeof statements[0];
	return statements;
}

bool api_calendar_parse_date(const char *s, long *day)
{
	return validate_date(s, day);
}

static void get_calendar(struct http_request *rq, const char *arg)
{
	const char *from = http_param(rq, "from"), *to = http_param(rq, "to");
	const char *params[2];
	long f, t;
	PGresult *r;
	enum db_status st;
	json_t *items, *years;

	if (!from) {
		http_reply_bad_parameter(rq, "from", "is required (YYYY-MM-DD)");
		return;
	}
	if (!api_calendar_parse_date(from, &f)) {
		http_reply_bad_parameter(rq, "from", "must be a date YYYY-MM-DD, from 1900-01-01 on");
		return;
	}
	if (!to) {
		http_reply_bad_parameter(rq, "to", "is required (YYYY-MM-DD)");
		return;
	}
	if (!api_calendar_parse_date(to, &t)) {
		http_reply_bad_parameter(rq, "to", "must be a date YYYY-MM-DD, from 1900-01-01 on");
		return;
	}
	if (t < f) {
		http_reply_bad_parameter(rq, "to", "must not be before from");
		return;
	}
	if (t - f + 1 > API_CALENDAR_MAX_DAYS) {
		http_reply_bad_parameter(rq, "to", "the span from..to is at most 366 days");
		return;
	}
	params[0] = from;
	params[1] = to;
	st = db_exec(http_db(rq), "calendar", 2, params, &r);
	if (st != DB_OK) {
		http_reply_db_status(rq, st);
		return;
	}
	items = json_array();
	for (int i = 0; i < PQntuples(r); i++)
		json_array_append_new(items, json_pack("{s:s,s:s,s:s,s:s}", "date", PQgetvalue(r, i, 0),
		                                       "kind", PQgetvalue(r, i, 1), "name",
		                                       PQgetvalue(r, i, 2), "source", PQgetvalue(r, i, 3)));
	PQclear(r);
	st = db_exec(http_db(rq), "calendar_years", 2, params, &r);
	if (st != DB_OK) {
		json_decref(items);
		http_reply_db_status(rq, st);
		return;
	}
	years = json_array();
	for (int i = 0; i < PQntuples(r); i++)
		json_array_append_new(years, json_pack("{s:I,s:s,s:o}", "year",
		                                       (json_int_t)atoi(PQgetvalue(r, i, 0)), "source",
		                                       PQgetvalue(r, i, 1), "imported_at",
		                                       PQgetisnull(r, i, 2)
		                                           ? json_null()
		                                           : json_string(PQgetvalue(r, i, 2))));
	PQclear(r);
	http_reply_json(rq, 200, json_pack("{s:o,s:o}", "items", items, "years", years));
}

json_t *api_calendar_health(struct http_request *rq)
{
	PGresult *r;
	json_t *j;

	if (db_exec(http_db(rq), "calendar_warning", 0, NULL, &r) != DB_OK)
		return json_pack("{s:s}", "status", "unknown");
	if (PQntuples(r) == 1 && !PQgetisnull(r, 0, 0))
		j = json_pack("{s:s,s:s}", "status", "warning", "warning", PQgetvalue(r, 0, 0));
	else
		j = json_pack("{s:s}", "status", "ok");
	PQclear(r);
	return j;
}

static const char *const calendar_params[] = {"from", "to", NULL};

const struct http_route api_calendar_routes[] = {
	{"/v1/calendar", true, calendar_params, get_calendar, NULL, NULL},
	{NULL, false, NULL, NULL, NULL, NULL},
};
