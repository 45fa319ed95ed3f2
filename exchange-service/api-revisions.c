/*
 * api-revisions.c — the catalog maintenance endpoints; see api-revisions.h.
 *
 * Queues of the list (docs/architecture.md, "Catalog maintenance"):
 * review = submitted revisions the caller may publish or return (an
 * authority whose platform subtree holds the department); mine = the
 * caller's department's revisions; all = everything the caller may see
 * (the department's users; helpdesk, authority and admin users over it).
 * The states the queue's owner acts on come first (submitted for review
 * and for an authority's all; draft and returned otherwise), then the
 * rest, each in deadline order.
 *
 * Entries take one transition, retire, through the same workflow
 * mechanics as the cases (an "entry" kind whose ids are entry codes and
 * whose ETag is the entry's version). The published history and its
 * differences are public, like the entries, and read where the directory
 * is read (http_db_read).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api-revisions.h"
#include "validate.h"

/* Every field of RevisionFields, null: a published revision's fields are
 * complete, a draft's are filled up with it. */
#define NULL_FIELDS                                                                        \
	"'{\"name\":null,\"classification\":null,\"abstract\":null,\"format\":null,"       \
	"\"items\":null,\"sharing_type\":null,\"sharing_condition\":null,"                 \
	"\"sharing_method\":null,\"basis\":null,\"open_attribute\":null,"                  \
	"\"open_condition\":null,\"update_cycle\":null,\"related\":null}'::jsonb"

#define HISTORY_ROW(H)                                                                     \
	"jsonb_build_object('entry_code', $1::text, 'number', " H ".number, 'name', " H     \
	".name, 'revision', " H ".revision_id, 'published_at', govdx_utc(" H                \
	".published_at), 'published_by', " H ".published_by)"

static const struct db_statement statements[] = {
	{"rev_visible", "SELECT govdx_revision_visible($1::text, $2::text)"},
	/* The transitions' vocabulary leaves out edit (the PATCH). */
	{"rev_actions",
	 "SELECT govdx_revision_visible($1::text, $2::text), "
	 "(SELECT jsonb_agg(x.name ORDER BY x.ord) "
	 " FROM govdx_revision_rules(NULL::revision, NULL, NULL, NULL) x WHERE x.name <> 'edit')::text, "
	 "(SELECT govdx_revision_actions(r, me.role, me.department_code, me.subtree_prefix) "
	 " FROM revision r, govdx_actor($1::text) me "
	 " WHERE r.id = $2::text AND govdx_revision_visible($1::text, $2::text))::text"},
	{"rev_get",
	 "SELECT govdx_revision_caller_json(r, me.role, me.department_code, me.subtree_prefix)::text "
	 "FROM revision r, govdx_actor($1::text) me "
	 "WHERE r.id = $2::text AND govdx_revision_visible($1::text, $2::text)"},
	{"rev_json",
	 "SELECT govdx_revision_caller_json(r, me.role, me.department_code, me.subtree_prefix)::text "
	 "FROM revision r, govdx_actor($2::text) me WHERE r.id = $1::text"},
	{"rev_create",
	 "SELECT govdx_revision_create($1::text, $2::text, $3::text, $4::text)"},
	{"rev_transition",
	 "SELECT govdx_revision_transition($1::text, $2::text, $3::int, $4::text, $5::text)"},
	{"rev_edit",
	 "SELECT govdx_revision_edit($1::text, $2::text, $3::int, $4::text, $5::text, $6::boolean)"},
	/* $1..$8, $13, $14 see WORKFLOW_LIST_SQL; the queue: $9 the caller's
	 * department (mine), $10 true for review (submitted, and the caller
	 * reviews the department), $11 an entry code, $12 unused (NULL). */
	{"rev_list",
	 WORKFLOW_LIST_SQL("govdx_visible_revisions", "govdx_revision_caller_json",
	                   "($9::text IS NULL OR w.department_code = $9::text) "
	                   " AND ($10::boolean IS NULL OR (w.state = 'submitted' AND "
	                   "      govdx_revision_reviewer(me.role, me.subtree_prefix, w.department_code))) "
	                   " AND ($11::text IS NULL OR w.entry_code = $11::text) "
	                   " AND $12::text IS NULL")},
	{"rev_diff",
	 "SELECT (jsonb_build_object('from', r.base, 'to', r.id) || govdx_revision_diff("
	 " (SELECT h.fields FROM govdx_entry_history(r.entry_code) h WHERE h.number = r.base), "
	 " r.fields))::text "
	 "FROM revision r WHERE r.id = $2::text AND govdx_revision_visible($1::text, $2::text)"},

	/* Entries as a kind: public (visible when they exist), one action. */
	{"ent_visible",
	 "SELECT $1::text IS NOT NULL AND EXISTS (SELECT 1 FROM entry WHERE code = $2::text)"},
	{"ent_actions",
	 "SELECT $1::text IS NOT NULL AND EXISTS (SELECT 1 FROM entry WHERE code = $2::text), "
	 "'[\"retire\"]', (govdx_entry_json($2::text, $1::text) -> 'actions')::text"},
	{"ent_json", "SELECT govdx_entry_json($1::text, $2::text)::text"},
	{"ent_transition",
	 "SELECT govdx_entry_transition($1::text, $2::text, $3::int, $4::text, $5::text)"},

	/* The published history: the list (or NULL for an unknown entry). */
	{"ent_history",
	 "SELECT CASE WHEN EXISTS (SELECT 1 FROM entry WHERE code = $1::text) THEN "
	 " (SELECT coalesce(jsonb_agg(" HISTORY_ROW("h") " ORDER BY h.number DESC), '[]'::jsonb) "
	 "  FROM govdx_entry_history($1::text) h)::text END"},
	{"ent_revision",
	 "SELECT (" HISTORY_ROW("h") " || jsonb_build_object('fields', " NULL_FIELDS
	 " || h.fields))::text FROM govdx_entry_history($1::text) h WHERE h.number = $2::int"},
	/* Whether n and against exist, and the difference. */
	{"ent_diff",
	 "WITH h AS (SELECT * FROM govdx_entry_history($1::text)) "
	 "SELECT EXISTS (SELECT 1 FROM h WHERE h.number = $2::int), "
	 " $3::int IS NULL OR EXISTS (SELECT 1 FROM h WHERE h.number = $3::int), "
	 " (jsonb_build_object('from', $3::int, 'to', $2::int) || govdx_revision_diff("
	 "  (SELECT h.fields FROM h WHERE h.number = $3::int), "
	 "  (SELECT h.fields FROM h WHERE h.number = $2::int)))::text"},
};

const struct db_statement *api_revisions_statements(size_t *n)
{
	*n = sizeof statements / sizeof statements[0];
	return statements;
}

static const char *const states[] = {"draft", "submitted", "returned", "published", "withdrawn",
                                     NULL};

const struct workflow_kind api_revisions_kind = {
	.noun = "revision",
	.id_prefix = "REV",
	.cursor = CURSOR_REVISION,
	.stmt_visible = "rev_visible",
	.stmt_actions = "rev_actions",
	.stmt_get = "rev_get",
	.stmt_json = "rev_json",
	.stmt_transition = "rev_transition",
	.stmt_create = "rev_create",
	.stmt_list = "rev_list",
	.states = states,
	.states_text = "draft, submitted, returned, published, withdrawn",
};

static bool entry_code_ok(const char *code)
{
	return validate_entry_code(code);
}

static const char *const entry_states[] = {"published", "retired", NULL};

/* Entries for their transition (retire): no list, no create. */
static const struct workflow_kind entries_kind = {
	.noun = "entry",
	.id_prefix = "",
	.cursor = CURSOR_ENTRY,
	.stmt_visible = "ent_visible",
	.stmt_actions = "ent_actions",
	.stmt_get = NULL,
	.stmt_json = "ent_json",
	.stmt_transition = "ent_transition",
	.stmt_create = NULL,
	.stmt_list = NULL,
	.states = entry_states,
	.states_text = "published, retired",
	.valid_id = entry_code_ok,
};

/* ---- POST /v1/revisions, PATCH /v1/revisions/{id} ----------------------- */

/* The "fields" of a body: absent or null (NULL), or an object, as JSON text
 * in *text (the caller frees it). False after answering 400. */
static bool fields_text(struct http_request *rq, json_t *body, char **text)
{
	json_t *f = json_object_get(body, "fields");

	*text = NULL;
	if (!f || json_is_null(f))
		return true;
	if (!json_is_object(f)) {
		workflow_reply_bad_field(rq, "fields", "must be an object of entry fields");
		return false;
	}
	*text = json_dumps(f, JSON_COMPACT);
	if (!*text) {
		http_reply_error(rq, 500, "internal", NULL, "out of memory");
		return false;
	}
	return true;
}

/* An optional id field (null or absent: *out NULL) of the prefix's form.
 * False after answering 400. */
static bool optional_id(struct http_request *rq, json_t *body, const char *field,
                        const char *prefix, const char *example, const char **out)
{
	json_t *v = json_object_get(body, field);
	char why[96];

	*out = NULL;
	if (!v || json_is_null(v))
		return true;
	if (json_is_string(v) && (prefix ? validate_case_id(json_string_value(v), prefix)
	                                 : validate_entry_code(json_string_value(v)))) {
		*out = json_string_value(v);
		return true;
	}
	snprintf(why, sizeof why, "must be null or an id like %s", example);
	workflow_reply_bad_field(rq, field, why);
	return false;
}

static const char *const create_fields[] = {"entry_code", "fields", "objection", NULL};

static void post_revisions(struct http_request *rq, const char *arg)
{
	struct body_error err;
	json_t *body;
	const char *entry, *objection, *key;
	char *fields = NULL;
	const char *params[4];

	(void)arg;
	if (!workflow_idempotency_first(rq))
		return;
	body = body_parse_object(http_body(rq), create_fields, &err);
	if (!body) {
		workflow_reply_body_error(rq, &err);
		return;
	}
	if (!optional_id(rq, body, "entry_code", NULL, "130000008-310008-0001", &entry) ||
	    !fields_text(rq, body, &fields) ||
	    !optional_id(rq, body, "objection", "OBJ", "OBJ-000001", &objection) ||
	    !workflow_idempotency_header(rq, &key))
		goto out;
	params[0] = http_user(rq)->name;
	params[1] = entry;
	params[2] = fields;
	params[3] = objection;
	workflow_create(rq, &api_revisions_kind, key, params, 4);
out:
	free(fields);
	json_decref(body);
}

static void patch_revision(struct http_request *rq, const char *id)
{
	struct body_error err;
	json_t *body = NULL;
	const char *objection, *key;
	char *fields = NULL, vbuf[16];
	long version;
	const char *params[6];

	if (!workflow_idempotency_first(rq) || !workflow_visible(rq, &api_revisions_kind, id))
		return;
	body = body_parse_object(http_body(rq), create_fields + 1, &err);
	if (!body) {
		workflow_reply_body_error(rq, &err);
		return;
	}
	if (!json_object_get(body, "fields") && !json_object_get(body, "objection")) {
		http_reply_error(rq, 422, "invalid_parameter", json_pack("{s:s}", "parameter", "fields"),
		                 "the field \"fields\" is required");
		goto out;
	}
	if (!fields_text(rq, body, &fields) ||
	    !optional_id(rq, body, "objection", "OBJ", "OBJ-000001", &objection) ||
	    !workflow_idempotency_header(rq, &key) ||
	    !workflow_if_match(rq, &api_revisions_kind, &version))
		goto out;
	snprintf(vbuf, sizeof vbuf, "%ld", version);
	params[0] = http_user(rq)->name;
	params[1] = id;
	params[2] = vbuf;
	params[3] = fields;
	params[4] = objection;
	params[5] = json_object_get(body, "objection") ? "true" : "false";
	workflow_update(rq, &api_revisions_kind, id, key, "rev_edit", params, 6);
out:
	free(fields);
	json_decref(body);
}

/* ---- GET /v1/revisions(/{id}(/diff)), transitions ----------------------- */

static void get_revision(struct http_request *rq, const char *id)
{
	workflow_get(rq, &api_revisions_kind, id);
}

static void post_revision_transition(struct http_request *rq, const char *id)
{
	workflow_post_transition(rq, &api_revisions_kind, id);
}

static void post_entry_transition(struct http_request *rq, const char *code)
{
	workflow_post_transition(rq, &entries_kind, code);
}

/* Answers the JSON text of column 0 of a one-row result, or 404. */
static void reply_row(struct http_request *rq, enum db_status st, PGresult *r, const char *param,
                      const char *what)
{
	if (st != DB_OK) {
		http_reply_db_status(rq, st);
		return;
	}
	if (PQntuples(r) != 1 || PQgetisnull(r, 0, 0)) {
		PQclear(r);
		http_reply_error(rq, 404, "not_found", json_pack("{s:s}", "parameter", param), "no %s",
		                 what);
		return;
	}
	http_reply_text(rq, 200, PQgetvalue(r, 0, 0));
	PQclear(r);
}

static void get_revision_diff(struct http_request *rq, const char *id)
{
	const char *params[2];
	PGresult *r = NULL;
	enum db_status st;

	if (!validate_case_id(id, "REV")) {
		http_reply_error(rq, 404, "not_found", json_pack("{s:s}", "parameter", "id"),
		                 "no revision %s", id);
		return;
	}
	params[0] = http_user(rq)->name;
	params[1] = id;
	st = db_exec(http_db(rq), "rev_diff", 2, params, &r);
	reply_row(rq, st, r, "id", "such revision");
}

static void get_revisions(struct http_request *rq, const char *arg)
{
	static const char *const queues[] = {"review", "mine", "all", NULL};
	const char *queue = http_param(rq, "queue"), *entry = http_param(rq, "entry");
	const struct http_user *me = http_user(rq);
	const char *params[4], *acting;

	(void)arg;
	if (queue && !workflow_in_list(queue, queues)) {
		http_reply_bad_parameter(rq, "queue", "must be review, mine or all");
		return;
	}
	if (entry && !validate_entry_code(entry)) {
		http_reply_bad_parameter(rq, "entry", "an entry code looks like 130000008-310008-0001");
		return;
	}
	params[0] = queue && strcmp(queue, "mine") == 0 ? me->department_code : NULL;
	params[1] = queue && strcmp(queue, "review") == 0 ? "true" : NULL;
	params[2] = entry;
	params[3] = NULL;
	if (queue && strcmp(queue, "review") == 0)
		acting = "{submitted}";
	else if (queue && strcmp(queue, "mine") == 0)
		acting = "{draft,returned}";
	else
		acting = strcmp(me->role, "authority") == 0 ? "{submitted}" : "{draft,returned}";
	workflow_list(rq, &api_revisions_kind, acting, params, 4);
}

/* ---- GET /v1/entries/{code}/revisions(/{n}(/diff)) ---------------------- */

/* Splits "/v1/entries/<code>/revisions[/<n>[/diff]]": the code into code
 * (checked), n into n (0 when absent). False after answering 400. */
static bool history_path(struct http_request *rq, char *code, size_t codesz, long *n)
{
	const char *p = http_path(rq) + strlen("/v1/entries/");
	size_t len = strcspn(p, "/");
	char *end;

	snprintf(code, codesz, "%.*s", (int)(len < codesz ? len : 0), p);
	*n = 0;
	if (!validate_entry_code(code)) {
		http_reply_bad_parameter(rq, "code", "an entry code looks like 130000008-310008-0001");
		return false;
	}
	p += len + strlen("/revisions");
	if (*p != '/')
		return true;
	p++;
	len = strcspn(p, "/");
	if (len == 0 || len > 9 || strspn(p, "0123456789") != len ||
	    (*n = strtol(p, &end, 10)) < 1) {
		http_reply_bad_parameter(rq, "n", "a revision number is a whole number from 1");
		return false;
	}
	return true;
}

static void get_history(struct http_request *rq, const char *arg)
{
	char code[32];
	long n;
	const char *params[1];
	PGresult *r = NULL;
	enum db_status st;
	json_t *items;

	(void)arg;
	if (!history_path(rq, code, sizeof code, &n))
		return;
	params[0] = code;
	st = db_exec(http_db_read(rq), "ent_history", 1, params, &r);
	if (st != DB_OK) {
		http_reply_db_status(rq, st);
		return;
	}
	items = PQntuples(r) == 1 && !PQgetisnull(r, 0, 0) ? json_loads(PQgetvalue(r, 0, 0), 0, NULL)
	                                                    : NULL;
	PQclear(r);
	if (!items) {
		http_reply_error(rq, 404, "not_found", json_pack("{s:s}", "parameter", "code"),
		                 "no entry %s", code);
		return;
	}
	http_reply_json(rq, 200, json_pack("{s:o}", "items", items));
}

static void get_history_one(struct http_request *rq, const char *arg)
{
	char code[32], nbuf[24];
	long n;
	const char *params[2];
	PGresult *r = NULL;
	enum db_status st;

	(void)arg;
	if (!history_path(rq, code, sizeof code, &n))
		return;
	snprintf(nbuf, sizeof nbuf, "%ld", n);
	params[0] = code;
	params[1] = nbuf;
	st = db_exec(http_db_read(rq), "ent_revision", 2, params, &r);
	reply_row(rq, st, r, "n", "such published revision");
}

static void get_history_diff(struct http_request *rq, const char *arg)
{
	const char *against = http_param(rq, "against");
	char code[32], nbuf[24], abuf[24];
	long n, a = 0;
	const char *params[3];
	PGresult *r = NULL;
	enum db_status st;

	(void)arg;
	if (!history_path(rq, code, sizeof code, &n))
		return;
	if (against) {
		size_t len = strlen(against);

		if (len == 0 || len > 9 || strspn(against, "0123456789") != len ||
		    (a = strtol(against, NULL, 10)) < 1) {
			http_reply_bad_parameter(rq, "against",
			                         "a revision number is a whole number from 1");
			return;
		}
	} else {
		a = n - 1; /* 0: none (revision 1 against nothing) */
	}
	snprintf(nbuf, sizeof nbuf, "%ld", n);
	snprintf(abuf, sizeof abuf, "%ld", a);
	params[0] = code;
	params[1] = nbuf;
	params[2] = a > 0 ? abuf : NULL;
	st = db_exec(http_db_read(rq), "ent_diff", 3, params, &r);
	if (st != DB_OK) {
		http_reply_db_status(rq, st);
		return;
	}
	if (PQntuples(r) != 1 || PQgetvalue(r, 0, 0)[0] != 't' || PQgetvalue(r, 0, 1)[0] != 't') {
		bool n_missing = PQntuples(r) != 1 || PQgetvalue(r, 0, 0)[0] != 't';

		PQclear(r);
		http_reply_error(rq, 404, "not_found",
		                 json_pack("{s:s}", "parameter", n_missing ? "n" : "against"),
		                 "entry %s has no published revision %ld", code, n_missing ? n : a);
		return;
	}
	http_reply_text(rq, 200, PQgetvalue(r, 0, 2));
	PQclear(r);
}

/* ---- routes ------------------------------------------------------------- */

static const char *const list_params[] = {"queue", "entry", "state", "overdue", "due_soon",
                                          "limit", "cursor", NULL};
static const char *const diff_params[] = {"against", NULL};

const struct http_route api_revisions_routes[] = {
	{"/v1/revisions", true, list_params, get_revisions, post_revisions, NULL},
	{"/v1/revisions/*", true, NULL, get_revision, NULL, patch_revision},
	{"/v1/revisions/*/transitions", true, NULL, NULL, post_revision_transition, NULL},
	{"/v1/revisions/*/diff", true, NULL, get_revision_diff, NULL, NULL},
	{"/v1/entries/*/transitions", true, NULL, NULL, post_entry_transition, NULL},
	{"/v1/entries/*/revisions", true, NULL, get_history, NULL, NULL},
	{"/v1/entries/*/revisions/*", true, NULL, get_history_one, NULL, NULL},
	{"/v1/entries/*/revisions/*/diff", true, diff_params, get_history_diff, NULL, NULL},
	{NULL, false, NULL, NULL, NULL, NULL},
};
