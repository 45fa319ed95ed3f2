/*
 * api-stats.c — the supervision figures; see api-stats.h.
 *
 * Parameters are checked here, strictly and in the order of the query
 * string's meaning (platform, from, to, by, sort, limit), before PostgreSQL
 * sees them: a bad one is a 400 naming it. Defaults, the period's bounds
 * (from after to, over five years) and the scope (role, jurisdiction) are
 * the database's (govdx_stats_scope, govdx_stats_period), whose refusals
 * govdx_stats_answer returns as {"error":{...}}.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api-stats.h"
#include "validate.h"
#include "workflow.h"

#define STATS_LIMIT_DEFAULT "200"
#define STATS_LIMIT_MAX 1000

static const struct db_statement statements[] = {
	{"stats",
	 "SELECT govdx_stats_answer($1::text, $2::text, $3::text, $4::date, $5::date, $6::text, "
	 "$7::text, $8::int)::text"},
	{"stats_miss", "SELECT govdx_search_miss_log($1::text, $2::text, $3::text, $4::int)"},
};

const struct db_statement *api_stats_statements(size_t *n)
{
	*n = sizeof statements / sizeof statements[0];
	return statements;
}

/* 1..STATS_LIMIT_MAX, digits only, no leading zero. */
static bool limit_ok(const char *s)
{
	size_t n = strlen(s);
	long v = 0;

	if (n == 0 || n > 4 || s[0] == '0')
		return false;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	return v >= 1 && v <= STATS_LIMIT_MAX;
}

/* Checks the parameters both endpoints take; answers and returns false
 * when one is bad. */
static bool period_params_ok(struct http_request *rq)
{
	const char *platform = http_param(rq, "platform"), *from = http_param(rq, "from");
	const char *to = http_param(rq, "to"), *limit = http_param(rq, "limit");
	long day;

	if (platform && !validate_platform_code(platform)) {
		http_reply_bad_parameter(rq, "platform", "a platform code is 6 digits");
		return false;
	}
	if (from && !validate_date(from, &day)) {
		http_reply_bad_parameter(rq, "from", "must be a date YYYY-MM-DD, from 1900-01-01 on");
		return false;
	}
	if (to && !validate_date(to, &day)) {
		http_reply_bad_parameter(rq, "to", "must be a date YYYY-MM-DD, from 1900-01-01 on");
		return false;
	}
	if (limit && !limit_ok(limit)) {
		http_reply_bad_parameter(rq, "limit", "must be a whole number from 1 to 1000");
		return false;
	}
	return true;
}

/* Answers govdx_stats_answer's {"status","code","message","details"}. */
static void reply_refusal(struct http_request *rq, json_t *err)
{
	json_t *status = json_object_get(err, "status"), *details = json_object_get(err, "details");
	const char *code = json_string_value(json_object_get(err, "code"));
	const char *message = json_string_value(json_object_get(err, "message"));

	if (!json_is_integer(status) || !code || !message) {
		http_reply_error(rq, 500, "internal", NULL, "the service failed to answer");
		return;
	}
	http_reply_error(rq, (unsigned)json_integer_value(status), code, json_incref(details), "%s",
	                 message);
}

/* Runs govdx_stats_answer and answers with its JSON or its refusal. */
static void answer(struct http_request *rq, const char *what, const char *by, const char *sort)
{
	const char *limit = http_param(rq, "limit");
	const char *params[8] = {what,
	                         http_user(rq)->name,
	                         http_param(rq, "platform"),
	                         http_param(rq, "from"),
	                         http_param(rq, "to"),
	                         by,
	                         sort,
	                         limit ? limit : STATS_LIMIT_DEFAULT};
	PGresult *r;
	enum db_status st = db_exec(http_db(rq), "stats", 8, params, &r);
	json_t *doc;

	if (st != DB_OK) {
		http_reply_db_status(rq, st);
		return;
	}
	if (PQntuples(r) != 1 || PQgetisnull(r, 0, 0)) {
		PQclear(r);
		http_reply_error(rq, 500, "internal", NULL, "the service failed to answer");
		return;
	}
	/* The figures go out as PostgreSQL wrote them (numbers as computed,
	 * not through a double); only a refusal is read. */
	if (strncmp(PQgetvalue(r, 0, 0), "{\"error\"", 8) != 0) {
		http_reply_text(rq, 200, PQgetvalue(r, 0, 0));
		PQclear(r);
		return;
	}
	doc = json_loads(PQgetvalue(r, 0, 0), 0, NULL);
	PQclear(r);
	reply_refusal(rq, json_object_get(doc, "error"));
	json_decref(doc);
}

static void get_stats(struct http_request *rq, const char *arg)
{
	static const char *const bys[] = {"department", "entry", "month", NULL};
	static const char *const department_sorts[] = {"code", "late", "overdue", "received",
	                                               "median", "p90", NULL};
	static const char *const entry_sorts[] = {"code", "requests", "objections", "disputed", NULL};
	const char *by = http_param(rq, "by"), *sort = http_param(rq, "sort");

	(void)arg;
	if (!period_params_ok(rq))
		return;
	if (!by)
		by = "department";
	if (!workflow_in_list(by, bys)) {
		http_reply_bad_parameter(rq, "by", "must be department, entry or month");
		return;
	}
	if (sort && strcmp(by, "department") == 0 && !workflow_in_list(sort, department_sorts)) {
		http_reply_bad_parameter(rq, "sort",
		                         "must be code, late, overdue, received, median or p90 "
		                         "(by=department)");
		return;
	}
	if (sort && strcmp(by, "entry") == 0 && !workflow_in_list(sort, entry_sorts)) {
		http_reply_bad_parameter(rq, "sort",
		                         "must be code, requests, objections or disputed (by=entry)");
		return;
	}
	answer(rq, "stats", by, sort ? sort : "code");
}

static void get_unmet(struct http_request *rq, const char *arg)
{
	(void)arg;
	if (period_params_ok(rq))
		answer(rq, "unmet", NULL, NULL);
}

void api_stats_log_miss(struct http_request *rq, const char *platform, const char *department,
                        const char *q)
{
	char days[16], dplatform[8];
	const char *params[4];
	PGresult *r = NULL;
	struct db *db;
	enum db_status st;

	if (http_search_log_days(rq) == 0 || !q)
		return;
	snprintf(days, sizeof days, "%u", http_search_log_days(rq));
	if (department) {
		snprintf(dplatform, sizeof dplatform, "%.6s", department);
		platform = dplatform;
	}
	params[0] = platform;
	params[1] = department;
	params[2] = q;
	params[3] = days;
	/* A write on the primary (the search may have read the standby). */
	db = http_db(rq);
	if (db_begin_write(db) != DB_OK)
		return;
	st = db_tx_exec(db, "stats_miss", 4, params, &r);
	if (st == DB_ERROR)
		fprintf(stderr, "govdx-exchanged: the search log failed: %s",
		        r ? PQresultErrorMessage(r) : "no result\n");
	PQclear(r);
	if (st != DB_OK || db_commit(db) != DB_OK)
		db_rollback(db);
}

static const char *const stats_params[] = {"platform", "from", "to", "by", "sort", "limit", NULL};
static const char *const unmet_params[] = {"platform", "from", "to", "limit", NULL};

const struct http_route api_stats_routes[] = {
	{"/v1/stats", true, stats_params, get_stats, NULL},
	{"/v1/stats/unmet", true, unmet_params, get_unmet, NULL},
	{NULL, false, NULL, NULL, NULL},
};
