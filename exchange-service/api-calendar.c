/*
 * api-calendar.c — the calendar endpoint; see api-calendar.h.
 *
 * A day is a working day when calendar_day lists it as a workday, or it is
 * Monday to Friday and not listed as a holiday (docs/architecture.md,
 * "Calendar"); this endpoint only shows the listed days, which is what a
 * client needs to draw a month. Both dates are checked here, strictly,
 * before PostgreSQL sees them, so a bad date is a 400 naming the parameter
 * rather than a database error.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "api-calendar.h"
#include "validate.h"

static const struct db_statement statements[] = {
	{"calendar", "SELECT date::text, kind, coalesce(name, '') FROM calendar_day "
	             "WHERE date BETWEEN $1::date AND $2::date ORDER BY date"},
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
	json_t *items;

	if (!from) {
		http_reply_bad_parameter(rq, "from", "is required (YYYY-MM-DD)");
		return;
	}
	if (!api_calendar_parse_date(from, &f)) {
		http_reply_bad_parameter(rq, "from", "must be a date YYYY-MM-DD");
		return;
	}
	if (!to) {
		http_reply_bad_parameter(rq, "to", "is required (YYYY-MM-DD)");
		return;
	}
	if (!api_calendar_parse_date(to, &t)) {
		http_reply_bad_parameter(rq, "to", "must be a date YYYY-MM-DD");
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
		json_array_append_new(items, json_pack("{s:s,s:s,s:s}", "date", PQgetvalue(r, i, 0),
		                                       "kind", PQgetvalue(r, i, 1), "name",
		                                       PQgetvalue(r, i, 2)));
	PQclear(r);
	http_reply_json(rq, 200, json_pack("{s:o}", "items", items));
}

static const char *const calendar_params[] = {"from", "to", NULL};

const struct http_route api_calendar_routes[] = {
	{"/v1/calendar", true, calendar_params, get_calendar, NULL},
	{NULL, false, NULL, NULL, NULL},
};
