/*
 * api-audit.c — the audit endpoints; see api-audit.h.
 *
 * A subject is "request:REQ-000123", "objection:OBJ-000123", "revision:REV-000123",
 * "entry:<entry code>" or "calendar:<year>" (the imports of that year's
 * holiday notice). Whether the caller may see it is decided exactly as for
 * the subject itself (a request or objection outside the caller's
 * jurisdiction is 404 here too); entries and the calendar are public. The
 * list is keyset-paginated on seq.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api-audit.h"
#include "api-objections.h"
#include "api-revisions.h"
#include "api-requests.h"
#include "cursor.h"
#include "validate.h"

static const struct db_statement statements[] = {
	{"audit_page", "SELECT seq, govdx_utc(at), actor, action, subject, from_state, "
	               "to_state, reason, prev_hash, hash FROM audit_event "
	               "WHERE subject = $1::text AND seq > $2::bigint ORDER BY seq LIMIT $3::int"},
	{"audit_entry", "SELECT 1 FROM entry WHERE code = $1::text"},
	{"audit_calendar", "SELECT 1 WHERE $1::int BETWEEN 1900 AND 2999"},
	/* The chain, and the rows that disagree with their events (at most
	 * 100), in one statement: one snapshot. */
	{"audit_verify",
	 "SELECT v.ok, v.checked, v.last_seq, v.broken_at, v.message, "
	 "(SELECT coalesce(json_agg(json_build_object('subject', s.subject, 'message', s.message) "
	 "ORDER BY s.subject), '[]')::text FROM (SELECT * FROM govdx_audit_subjects() LIMIT 100) s) "
	 "FROM govdx_audit_verify() v"},
};

const struct db_statement *api_audit_statements(size_t *n)
{
	*n = sizeof statements / sizeof statements[0];
	return statements;
}

static json_t *text_or_null(const PGresult *r, int row, int col)
{
	return PQgetisnull(r, row, col) ? json_null() : json_string(PQgetvalue(r, row, col));
}

static json_t *int_or_null(const PGresult *r, int row, int col)
{
	return PQgetisnull(r, row, col) ? json_null()
	                                : json_integer(strtoll(PQgetvalue(r, row, col), NULL, 10));
}

/* Is the subject there for this caller? Answers and returns false if not. */
static bool subject_visible(struct http_request *rq, const char *subject)
{
	const struct workflow_kind *const kinds[] = {&api_requests_kind, &api_objections_kind,
	                                             &api_revisions_kind};
	const char *colon = strchr(subject, ':');
	const char *stmt = NULL, *params[2];
	int nparams = 0;
	PGresult *r;
	enum db_status st;
	bool yes;

	for (size_t i = 0; colon && i < sizeof kinds / sizeof kinds[0]; i++)
		if (strlen(kinds[i]->noun) == (size_t)(colon - subject) &&
		    strncmp(subject, kinds[i]->noun, (size_t)(colon - subject)) == 0 &&
		    validate_case_id(colon + 1, kinds[i]->id_prefix)) {
			stmt = kinds[i]->stmt_visible;
			params[0] = http_user(rq)->name;
			params[1] = colon + 1;
			nparams = 2;
		}
	if (colon && !stmt && strncmp(subject, "entry:", 6) == 0 && validate_entry_code(colon + 1)) {
		stmt = "audit_entry";
		params[0] = colon + 1;
		nparams = 1;
	}
	if (colon && !stmt && strncmp(subject, "calendar:", 9) == 0 && strlen(colon + 1) == 4 &&
	    strspn(colon + 1, "0123456789") == 4) {
		stmt = "audit_calendar";
		params[0] = colon + 1;
		nparams = 1;
	}
	if (!stmt) {
		http_reply_bad_parameter(rq, "subject",
		                         "must be request:<id>, objection:<id>, revision:<id>, "
		                         "entry:<code> or calendar:<year>");
		return false;
	}
	st = db_exec(http_db(rq), stmt, nparams, params, &r);
	if (st != DB_OK) {
		http_reply_db_status(rq, st);
		return false;
	}
	/* audit_entry and audit_calendar answer a row when the subject exists;
	 * the others a boolean. */
	yes = PQntuples(r) == 1 && (nparams == 1 || PQgetvalue(r, 0, 0)[0] == 't');
	PQclear(r);
	if (!yes)
		http_reply_error(rq, 404, "not_found", json_pack("{s:s}", "parameter", "subject"),
		                 "no subject %s", subject);
	return yes;
}

static void get_audit(struct http_request *rq, const char *arg)
{
	const char *subject = http_param(rq, "subject");
	const char *l = http_param(rq, "limit"), *c = http_param(rq, "cursor");
	char after[80] = "0", lim[16];
	const char *params[3];
	struct cursor_scope scope;
	int limit = VALIDATE_LIMIT_DEFAULT, n;
	PGresult *r;
	enum db_status st;
	json_t *items, *next = json_null();

	if (!subject) {
		http_reply_bad_parameter(rq, "subject", "is required");
		return;
	}
	if (l && !validate_limit(l, &limit)) {
		http_reply_bad_parameter(rq, "limit", "must be a whole number from 1 to 200");
		return;
	}
	cursor_scope_init(&scope, http_cursor_secret(rq), CURSOR_AUDIT, http_user(rq)->name);
	cursor_scope_add(&scope, "subject", subject);
	if (c && !cursor_decode(CURSOR_AUDIT, &scope, c, after)) {
		http_reply_bad_cursor(rq, scope.secret);
		return;
	}
	if (!subject_visible(rq, subject))
		return;
	snprintf(lim, sizeof lim, "%d", limit + 1);
	params[0] = subject;
	params[1] = after;
	params[2] = lim;
	st = db_exec(http_db(rq), "audit_page", 3, params, &r);
	if (st != DB_OK) {
		http_reply_db_status(rq, st);
		return;
	}
	n = PQntuples(r);
	items = json_array();
	for (int i = 0; i < n && i < limit; i++)
		json_array_append_new(
			items, json_pack("{s:o,s:s,s:s,s:s,s:s,s:o,s:s,s:o,s:s,s:s}", "seq",
			                 int_or_null(r, i, 0), "at", PQgetvalue(r, i, 1), "actor",
			                 PQgetvalue(r, i, 2), "action", PQgetvalue(r, i, 3), "subject",
			                 PQgetvalue(r, i, 4), "from_state", text_or_null(r, i, 5),
			                 "to_state", PQgetvalue(r, i, 6), "reason", text_or_null(r, i, 7),
			                 "prev_hash", PQgetvalue(r, i, 8), "hash", PQgetvalue(r, i, 9)));
	if (n > limit) {
		char buf[64];

		if (cursor_encode(CURSOR_AUDIT, &scope, PQgetvalue(r, limit - 1, 0), buf, sizeof buf))
			next = json_string(buf);
	}
	PQclear(r);
	http_reply_json(rq, 200, json_pack("{s:o,s:o}", "items", items, "next_cursor", next));
}

static void get_verify(struct http_request *rq, const char *arg)
{
	const char *role = http_user(rq)->role;
	PGresult *r;
	enum db_status st;
	json_t *doc, *rows;

	if (strcmp(role, "admin") != 0 && strcmp(role, "authority") != 0) {
		http_reply_error(rq, 403, "forbidden", NULL,
		                 "only admin and authority users verify the audit chain");
		return;
	}
	st = db_exec(http_db(rq), "audit_verify", 0, NULL, &r);
	if (st != DB_OK) {
		http_reply_db_status(rq, st);
		return;
	}
	if (PQntuples(r) != 1) {
		PQclear(r);
		http_reply_error(rq, 500, "internal", NULL, "the audit verification gave no answer");
		return;
	}
	if (PQgetvalue(r, 0, 0)[0] == 't')
		doc = json_pack("{s:b,s:o,s:o}", "ok", 1, "checked", int_or_null(r, 0, 1), "last_seq",
		                int_or_null(r, 0, 2));
	else
		doc = json_pack("{s:b,s:o,s:o,s:o}", "ok", 0, "checked", int_or_null(r, 0, 1),
		                "broken_at", int_or_null(r, 0, 3), "message", text_or_null(r, 0, 4));
	rows = json_loads(PQgetvalue(r, 0, 5), 0, NULL);
	PQclear(r);
	if (!doc || !json_is_array(rows)) {
		json_decref(doc);
		json_decref(rows);
		http_reply_error(rq, 500, "internal", NULL, "the audit verification gave no answer");
		return;
	}
	json_object_set_new(doc, "rows_ok", json_boolean(json_array_size(rows) == 0));
	json_object_set_new(doc, "rows", rows);
	http_reply_json(rq, 200, doc);
}

static const char *const audit_params[] = {"subject", "limit", "cursor", NULL};

const struct http_route api_audit_routes[] = {
	{"/v1/audit", true, audit_params, get_audit, NULL, NULL},
	{"/v1/audit/verify", true, NULL, get_verify, NULL, NULL},
	{NULL, false, NULL, NULL, NULL, NULL},
};
