/*
 * api-directory.c — the directory endpoints; see api-directory.h.
 *
 * Subtrees are code ranges: a platform's subtree is every entry whose code
 * starts with the platform's subtree_prefix, and a department's entries are
 * those whose code starts with "<department code>-" (docs/architecture.md,
 * "Entry codes"). So a list by platform, department or code prefix is one
 * range scan of the entry primary key, resumed after the cursor's code.
 * A name search is govdx_entry_search (sql/functions/): it counts the
 * matches first, then reads them from a name index or walks the code
 * order, whichever reads fewer rows.
 *
 * Every read of the platforms, departments and entries goes through
 * http_db_read: to the read standby when there is one (standby.h). Health
 * and /v1/me (the caller's account) stay on the primary.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api-calendar.h"
#include "api-directory.h"
#include "cursor.h"
#include "standby.h"
#include "validate.h"

#define PLATFORM_COLS                                                                        \
	"p.code, p.name, p.level, p.parent_code, c.children, c.departments, c.entries, "     \
	"c.subtree_departments, c.subtree_entries"
#define N_PLATFORM_COLS 9

static const struct db_statement statements[] = {
	{"platform", "SELECT " PLATFORM_COLS ", p.subtree_prefix FROM platform p "
	             "JOIN platform_counts c ON c.platform_code = p.code WHERE p.code = $1::text"},
	{"platform_path", "SELECT p.code, p.name, p.level FROM platform_ancestor a "
	                  "JOIN platform p ON p.code = a.ancestor_code "
	                  "WHERE a.platform_code = $1::text ORDER BY length(p.subtree_prefix)"},
	{"children", "SELECT " PLATFORM_COLS " FROM platform p "
	             "JOIN platform_counts c ON c.platform_code = p.code "
	             "WHERE p.parent_code = $1::text AND p.code > $2::text ORDER BY p.code LIMIT $3::int"},
	{"departments", "SELECT code, name, platform_code, entry_count FROM department "
	                "WHERE platform_code = $1::text AND code > $2::text ORDER BY code LIMIT $3::int"},
	{"department", "SELECT code FROM department WHERE code = $1::text"},
	{"entries",
	 "SELECT e.code, e.name, e.department_code, d.name, left(e.code, 6), e.sharing_type, "
	 "e.open_attribute, e.update_cycle, e.disputed, e.status FROM ("
	 " SELECT code, name, department_code, sharing_type, open_attribute, update_cycle, disputed,"
	 " status FROM entry"
	 " WHERE code > $1::text AND code >= $2::text AND ($3::text IS NULL OR code < $3::text)"
	 " AND code >= $4::text AND ($5::text IS NULL OR code < $5::text)"
	 " AND $6::text IS NULL" /* a name search is entries_search */
	 " AND ($7::text IS NULL OR sharing_type = $7::text)"
	 " AND ($8::text IS NULL OR open_attribute = $8::text)"
	 " AND ($9::boolean IS NULL OR disputed = $9::boolean)"
	 " ORDER BY code LIMIT $10::int) e "
	 "JOIN department d ON d.code = e.department_code ORDER BY e.code"},
	/* The same parameters, $6 the name text: govdx_entry_search chooses
	 * how to find the page (exchange-service/sql/functions/govdx_entry_search.sql). */
	{"entries_search",
	 "SELECT e.code, e.name, e.department_code, d.name, left(e.code, 6), e.sharing_type, "
	 "e.open_attribute, e.update_cycle, e.disputed, e.status "
	 "FROM govdx_entry_search($6::text, $1::text, $2::text, $3::text, $4::text, $5::text,"
	 " $7::text, $8::text, $9::boolean, $10::int) AS s (code) "
	 "JOIN entry e ON e.code = s.code "
	 "JOIN department d ON d.code = e.department_code ORDER BY e.code"},
	/* The whole entry as the caller sees it, with its actions
	 * (sql/functions/govdx_entry_json.sql). */
	{"entry", "SELECT govdx_entry_json($1::text, $2::text)::text"},
	{"me", "SELECT u.name, u.display_name, u.role, d.code, d.name, " PLATFORM_COLS
	       " FROM app_user u JOIN department d ON d.code = u.department_code "
	       "JOIN platform p ON p.code = d.platform_code "
	       "JOIN platform_counts c ON c.platform_code = p.code WHERE u.name = $1::text"},
};

const struct db_statement *api_directory_statements(size_t *n)
{
	*n = sizeof statements / sizeof statements[0];
	return statements;
}

/* ---- helpers ------------------------------------------------------------ */

static json_t *text_or_null(const PGresult *r, int row, int col)
{
	return PQgetisnull(r, row, col) ? json_null() : json_string(PQgetvalue(r, row, col));
}

static json_int_t num(const PGresult *r, int row, int col)
{
	return (json_int_t)strtoll(PQgetvalue(r, row, col), NULL, 10);
}

/* A platform object from N_PLATFORM_COLS columns starting at col. */
static json_t *platform_json(const PGresult *r, int row, int col)
{
	return json_pack("{s:s,s:s,s:s,s:o,s:{s:I,s:I,s:I,s:I,s:I}}",
	                 "code", PQgetvalue(r, row, col), "name", PQgetvalue(r, row, col + 1),
	                 "level", PQgetvalue(r, row, col + 2),
	                 "parent_code", text_or_null(r, row, col + 3),
	                 "counts",
	                 "children", num(r, row, col + 4), "departments", num(r, row, col + 5),
	                 "entries", num(r, row, col + 6), "subtree_departments", num(r, row, col + 7),
	                 "subtree_entries", num(r, row, col + 8));
}

/* Starts the scope of a directory list: its kind, the caller and, for a
 * platform's children or departments, the platform code (path, else NULL);
 * the entry list adds its filters. */
static void page_scope(struct http_request *rq, enum cursor_kind kind, const char *path,
                       struct cursor_scope *scope)
{
	cursor_scope_init(scope, http_cursor_secret(rq), kind, http_user(rq)->name);
	if (path)
		cursor_scope_add(scope, "code", path);
}

/* Reads limit and cursor (which must be one of the list scope describes).
 * Returns false after answering a bad one. */
static bool page_params(struct http_request *rq, enum cursor_kind kind,
                        const struct cursor_scope *scope, int *limit, char *after)
{
	const char *l = http_param(rq, "limit"), *c = http_param(rq, "cursor");

	*limit = VALIDATE_LIMIT_DEFAULT;
	after[0] = '\0';
	if (l && !validate_limit(l, limit)) {
		http_reply_bad_parameter(rq, "limit", "must be a whole number from 1 to 200");
		return false;
	}
	if (c && !cursor_decode(kind, scope, c, after)) {
		http_reply_bad_cursor(rq, scope->secret);
		return false;
	}
	return true;
}

/* Builds {"items": rows 0..limit-1, "next_cursor"} from a result holding up
 * to limit+1 rows; key_col is the column the cursor resumes after. */
static json_t *page_json(const PGresult *r, int limit, enum cursor_kind kind,
                         const struct cursor_scope *scope, int key_col,
                         json_t *(*row_json)(const PGresult *, int))
{
	int n = PQntuples(r);
	json_t *items = json_array(), *next = json_null();

	for (int i = 0; i < n && i < limit; i++)
		json_array_append_new(items, row_json(r, i));
	if (n > limit) {
		char buf[128];

		if (cursor_encode(kind, scope, PQgetvalue(r, limit - 1, key_col), buf, sizeof buf))
			next = json_string(buf);
	}
	return json_pack("{s:o,s:o}", "items", items, "next_cursor", next);
}

/* Validates a platform code in the path; answers 400 if malformed. */
static bool path_platform_code(struct http_request *rq, const char *code)
{
	if (!validate_platform_code(code)) {
		http_reply_bad_parameter(rq, "code", "a platform code is 6 digits");
		return false;
	}
	return true;
}

/* Looks a platform up; answers 404 or the database status when it fails. */
static PGresult *find_platform(struct http_request *rq, const char *code, const char *param)
{
	const char *params[] = {code};
	PGresult *r;
	enum db_status st = db_exec(http_db_read(rq), "platform", 1, params, &r);

	if (st != DB_OK) {
		http_reply_db_status(rq, st);
		return NULL;
	}
	if (PQntuples(r) == 0) {
		PQclear(r);
		http_reply_error(rq, 404, "not_found", json_pack("{s:s}", "parameter", param),
		                 "no platform %s", code);
		return NULL;
	}
	return r;
}

/* ---- handlers ----------------------------------------------------------- */

static void get_health(struct http_request *rq, const char *arg)
{
	PGresult *r;
	enum db_status st = db_exec(http_db(rq), "ping", 0, NULL, &r);
	json_t *doc;

	PQclear(r);
	doc = json_pack("{s:s,s:s,s:s,s:o}", "status", st == DB_OK ? "ok" : "degraded", "version",
	                PACKAGE_VERSION, "database", st == DB_OK ? "ok" : "unavailable", "calendar",
	                st == DB_OK ? api_calendar_health(rq)
	                            : json_pack("{s:s}", "status", "unknown"));
	/* The read standby's state, when there is one: reads go to the
	 * primary while it is down or lagging, so it never degrades the
	 * service's status. */
	if (doc && http_standby(rq))
		json_object_set_new(doc, "standby", standby_health(http_standby(rq)));
	http_reply_json(rq, 200, doc);
}

static void get_me(struct http_request *rq, const char *arg)
{
	const char *params[] = {http_user(rq)->name};
	PGresult *r;
	enum db_status st = db_exec(http_db(rq), "me", 1, params, &r);

	if (st != DB_OK) {
		http_reply_db_status(rq, st);
		return;
	}
	if (PQntuples(r) != 1) {
		PQclear(r);
		http_reply_error(rq, 401, "unauthorized", NULL, "the user of this token is gone");
		return;
	}
	http_reply_json(rq, 200,
	                json_pack("{s:s,s:s,s:s,s:{s:s,s:s},s:o}", "user", PQgetvalue(r, 0, 0),
	                          "display_name", PQgetvalue(r, 0, 1), "role", PQgetvalue(r, 0, 2),
	                          "department", "code", PQgetvalue(r, 0, 3), "name",
	                          PQgetvalue(r, 0, 4), "platform", platform_json(r, 0, 5)));
	PQclear(r);
}

static void get_platform(struct http_request *rq, const char *code)
{
	const char *params[] = {code};
	PGresult *r, *path;
	enum db_status st;
	json_t *doc, *arr;

	if (!path_platform_code(rq, code) || !(r = find_platform(rq, code, "code")))
		return;
	st = db_exec(http_db_read(rq), "platform_path", 1, params, &path);
	if (st != DB_OK) {
		PQclear(r);
		http_reply_db_status(rq, st);
		return;
	}
	doc = platform_json(r, 0, 0);
	arr = json_array();
	for (int i = 0; i < PQntuples(path); i++)
		json_array_append_new(arr, json_pack("{s:s,s:s,s:s}", "code", PQgetvalue(path, i, 0),
		                                     "name", PQgetvalue(path, i, 1), "level",
		                                     PQgetvalue(path, i, 2)));
	json_object_set_new(doc, "path", arr);
	PQclear(path);
	PQclear(r);
	http_reply_json(rq, 200, doc);
}

static json_t *platform_row(const PGresult *r, int row)
{
	return platform_json(r, row, 0);
}

/* Answers a page of what lies under the platform code (statement stmt,
 * parameters: code, the cursor key, the limit plus one), each row turned
 * into JSON by row; a platform that does not exist is a 404. */
static void get_platform_page(struct http_request *rq, const char *code, enum cursor_kind kind,
                              const char *stmt, json_t *(*row)(const PGresult *r, int row))
{
	char after[CURSOR_KEY_MAX + 1], lim[16];
	const char *params[3];
	int limit;
	PGresult *r;
	enum db_status st;
	struct cursor_scope scope;

	page_scope(rq, kind, code, &scope);
	if (!path_platform_code(rq, code) || !page_params(rq, kind, &scope, &limit, after))
		return;
	if (!(r = find_platform(rq, code, "code")))
		return;
	PQclear(r);
	snprintf(lim, sizeof lim, "%d", limit + 1);
	params[0] = code;
	params[1] = after;
	params[2] = lim;
	st = db_exec(http_db_read(rq), stmt, 3, params, &r);
	if (st != DB_OK) {
		http_reply_db_status(rq, st);
		return;
	}
	http_reply_json(rq, 200, page_json(r, limit, kind, &scope, 0, row));
	PQclear(r);
}

static void get_children(struct http_request *rq, const char *code)
{
	get_platform_page(rq, code, CURSOR_PLATFORM, "children", platform_row);
}

static json_t *department_row(const PGresult *r, int row)
{
	return json_pack("{s:s,s:s,s:s,s:I}", "code", PQgetvalue(r, row, 0), "name",
	                 PQgetvalue(r, row, 1), "platform_code", PQgetvalue(r, row, 2),
	                 "entry_count", num(r, row, 3));
}

static void get_departments(struct http_request *rq, const char *code)
{
	get_platform_page(rq, code, CURSOR_DEPARTMENT, "departments", department_row);
}

static json_t *entry_summary(const PGresult *r, int row)
{
	return json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:b,s:s}", "code", PQgetvalue(r, row, 0),
	                 "name", PQgetvalue(r, row, 1), "department_code", PQgetvalue(r, row, 2),
	                 "department_name", PQgetvalue(r, row, 3), "platform_code",
	                 PQgetvalue(r, row, 4), "sharing_type", PQgetvalue(r, row, 5),
	                 "open_attribute", PQgetvalue(r, row, 6), "update_cycle",
	                 PQgetvalue(r, row, 7), "disputed", PQgetvalue(r, row, 8)[0] == 't',
	                 "status", PQgetvalue(r, row, 9));
}

/* The exclusive upper bound of a code prefix range: the prefix with its last
 * byte raised by one (codes are ASCII digits and '-', compared bytewise). */
static void prefix_end(const char *prefix, char *out, size_t outsz)
{
	size_t n = strlen(prefix);

	snprintf(out, outsz, "%s", prefix);
	if (n > 0 && n < outsz)
		out[n - 1]++;
}

static bool one_of(const char *v, const char *a, const char *b, const char *c)
{
	return strcmp(v, a) == 0 || strcmp(v, b) == 0 || strcmp(v, c) == 0;
}

/* The entry list's filters: its rows, and so the scope of its cursors. */
static const char *const entry_filter_names[] = {"platform", "department", "q", "sharing",
                                                 "open", "disputed", NULL};

static void get_entries(struct http_request *rq, const char *arg)
{
	struct cursor_scope scope;
	const char *platform = http_param(rq, "platform"), *department = http_param(rq, "department");
	const char *q = http_param(rq, "q"), *sharing = http_param(rq, "sharing");
	const char *open = http_param(rq, "open"), *disputed = http_param(rq, "disputed");
	char after[CURSOR_KEY_MAX + 1], lim[16], range[32] = "", range_end[32];
	char qrange_end[32];
	const char *params[10];
	int limit;
	bool dflag;
	PGresult *r;
	enum db_status st;

	if (platform && !validate_platform_code(platform)) {
		http_reply_bad_parameter(rq, "platform", "a platform code is 6 digits");
		return;
	}
	if (department && !validate_department_code(department)) {
		http_reply_bad_parameter(rq, "department", "a department code is 9 digits");
		return;
	}
	if (sharing && !one_of(sharing, "unconditional", "conditional", "none")) {
		http_reply_bad_parameter(rq, "sharing", "must be unconditional, conditional or none");
		return;
	}
	if (open && !one_of(open, "open", "conditional", "closed")) {
		http_reply_bad_parameter(rq, "open", "must be open, conditional or closed");
		return;
	}
	if (disputed && !validate_bool(disputed, &dflag)) {
		http_reply_bad_parameter(rq, "disputed", "must be true or false");
		return;
	}
	if (q && validate_utf8_chars(q) < 2) {
		http_reply_error(rq, 400, "query_too_short", json_pack("{s:s}", "parameter", "q"),
		                 "the search text needs at least two characters");
		return;
	}
	if (q && validate_utf8_chars(q) > 100) {
		http_reply_bad_parameter(rq, "q", "the search text is longer than 100 characters");
		return;
	}
	page_scope(rq, CURSOR_ENTRY, NULL, &scope);
	for (const char *const *f = entry_filter_names; *f; f++)
		cursor_scope_add(&scope, *f, http_param(rq, *f));
	if (!page_params(rq, CURSOR_ENTRY, &scope, &limit, after))
		return;

	/* The subtree of the platform and the department, as one prefix. */
	if (platform) {
		PGresult *p = find_platform(rq, platform, "platform");

		if (!p)
			return;
		snprintf(range, sizeof range, "%s", PQgetvalue(p, 0, N_PLATFORM_COLS));
		PQclear(p);
	}
	if (department) {
		const char *dp[] = {department};
		char dprefix[16];

		st = db_exec(http_db_read(rq), "department", 1, dp, &r);
		if (st != DB_OK) {
			http_reply_db_status(rq, st);
			return;
		}
		if (PQntuples(r) == 0) {
			PQclear(r);
			http_reply_error(rq, 404, "not_found",
			                 json_pack("{s:s}", "parameter", "department"),
			                 "no department %s", department);
			return;
		}
		PQclear(r);
		snprintf(dprefix, sizeof dprefix, "%s-", department);
		if (strncmp(dprefix, range, strlen(range)) != 0) {
			/* The department is outside the platform's subtree. */
			http_reply_json(rq, 200, json_pack("{s:[],s:n}", "items", "next_cursor"));
			return;
		}
		snprintf(range, sizeof range, "%s", dprefix);
	}
	prefix_end(range, range_end, sizeof range_end);
	snprintf(lim, sizeof lim, "%d", limit + 1);
	params[0] = after;
	params[1] = range;
	params[2] = range[0] ? range_end : NULL;
	params[3] = "";
	params[4] = NULL;
	params[5] = NULL;
	if (q && validate_code_prefix(q)) {
		prefix_end(q, qrange_end, sizeof qrange_end);
		params[3] = q;
		params[4] = qrange_end;
	} else if (q) {
		params[5] = q;
	}
	params[6] = sharing;
	params[7] = open;
	params[8] = disputed;
	params[9] = lim;
	st = db_exec(http_db_read(rq), params[5] ? "entries_search" : "entries", 10, params, &r);
	if (st != DB_OK) {
		http_reply_db_status(rq, st);
		return;
	}
	http_reply_json(rq, 200, page_json(r, limit, CURSOR_ENTRY, &scope, 0, entry_summary));
	PQclear(r);
}

static void get_entry(struct http_request *rq, const char *code)
{
	const char *params[] = {code, http_user(rq)->name};
	PGresult *r;
	enum db_status st;
	json_t *doc, *version;
	char etag[32];

	if (!validate_entry_code(code)) {
		http_reply_bad_parameter(rq, "code",
		                         "an entry code looks like 130000008-310008-0001");
		return;
	}
	st = db_exec(http_db_read(rq), "entry", 2, params, &r);
	if (st != DB_OK) {
		http_reply_db_status(rq, st);
		return;
	}
	doc = PQntuples(r) == 1 && !PQgetisnull(r, 0, 0) ? json_loads(PQgetvalue(r, 0, 0), 0, NULL)
	                                                  : NULL;
	PQclear(r);
	if (!doc) {
		http_reply_error(rq, 404, "not_found", json_pack("{s:s}", "parameter", "code"),
		                 "no entry %s", code);
		return;
	}
	/* Its ETag, for the If-Match of a retire (api-revisions.c). */
	version = json_object_get(doc, "version");
	snprintf(etag, sizeof etag, "\"%lld\"",
	         json_is_integer(version) ? (long long)json_integer_value(version) : 0LL);
	http_add_header(rq, "ETag", etag);
	http_reply_json(rq, 200, doc);
}

/* ---- routes ------------------------------------------------------------- */

static const char *const page_only[] = {"limit", "cursor", NULL};
static const char *const entry_filters[] = {"platform", "department", "q", "sharing", "open",
                                            "disputed", "limit", "cursor", NULL};

const struct http_route api_directory_routes[] = {
	{"/v1/health", false, NULL, get_health, NULL, NULL},
	{"/v1/me", true, NULL, get_me, NULL, NULL},
	{"/v1/platforms/*", true, NULL, get_platform, NULL, NULL},
	{"/v1/platforms/*/children", true, page_only, get_children, NULL, NULL},
	{"/v1/platforms/*/departments", true, page_only, get_departments, NULL, NULL},
	{"/v1/entries", true, entry_filters, get_entries, NULL, NULL},
	{"/v1/entries/*", true, NULL, get_entry, NULL, NULL},
	{NULL, false, NULL, NULL, NULL, NULL},
};
