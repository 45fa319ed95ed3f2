/*
 * api-requests.c — the sharing-request endpoints; see api-requests.h.
 *
 * The shared case mechanics (GET with ETag, transitions with If-Match and
 * Idempotency-Key, the write runner, list paging) are workflow.c's; this
 * module describes requests to it (api_requests_kind) and checks what only
 * requests have: the create body and the inbox/outbox boxes.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api-calendar.h"
#include "api-requests.h"
#include "validate.h"
#include "workflow.h"

#define TEXT_MAX_CHARS 2000  /* purpose, legal_basis, reason */
#define ITEMS_MAX 200        /* requested information items */
#define ITEM_MAX_CHARS 200

static const struct db_statement statements[] = {
	{"req_visible", "SELECT govdx_request_visible($1::text, $2::text)"},
	/* The objects as the caller sees them, with the caller's actions
	 * (govdx_request_caller_json); govdx_actor looks the caller up once. */
	{"req_actions",
	 "SELECT govdx_request_visible($1::text, $2::text), "
	 "(SELECT jsonb_agg(x.name ORDER BY x.ord) "
	 " FROM govdx_request_rules(NULL::request, NULL, NULL, NULL) x)::text, "
	 "(SELECT govdx_request_actions(r, me.role, me.department_code, me.subtree_prefix) "
	 " FROM request r, govdx_actor($1::text) me "
	 " WHERE r.id = $2::text AND govdx_request_visible($1::text, $2::text))::text"},
	{"req_get",
	 "SELECT govdx_request_caller_json(r, me.role, me.department_code, me.subtree_prefix)::text "
	 "FROM request r, govdx_actor($1::text) me "
	 "WHERE r.id = $2::text AND govdx_request_visible($1::text, $2::text)"},
	{"req_json",
	 "SELECT govdx_request_caller_json(r, me.role, me.department_code, me.subtree_prefix)::text "
	 "FROM request r, govdx_actor($2::text) me WHERE r.id = $1::text"},
	{"req_create",
	 "SELECT govdx_request_create($1::text, $2::text, $3::text, $4::text, "
	 "ARRAY(SELECT jsonb_array_elements_text($5::jsonb)), $6::date, $7::date)::text"},
	{"req_transition",
	 "SELECT govdx_request_transition($1::text, $2::text, $3::int, $4::text, $5::text)"},
	/* $1..$8, $13, $14 see WORKFLOW_LIST_SQL; the box: $9 provider department, $10
	 * requester department, $11 provider platform (its subtree), $12 the
	 * state the box requires; NULL when not filtered. Visibility comes from
	 * govdx_visible_requests (an inlined SQL function). */
	{"req_list",
	 WORKFLOW_LIST_SQL("govdx_visible_requests", "govdx_request_caller_json",
	                   "($9::text IS NULL OR w.provider_department = $9::text) "
	                   " AND ($10::text IS NULL OR w.requester_department = $10::text) "
	                   " AND ($11::text IS NULL OR starts_with(w.provider_department, "
	                   "      (SELECT p.subtree_prefix FROM platform p WHERE p.code = $11::text))) "
	                   " AND ($12::text IS NULL OR w.state = $12::text)")},
};

const struct db_statement *api_requests_statements(size_t *n)
{
	*n = sizeof statements / sizeof statements[0];
	return statements;
}

static const char *const states[] = {"pending", "approved", "rejected", "returned",
                                     "withdrawn", "coordinating", "closed", NULL};

const struct workflow_kind api_requests_kind = {
	.noun = "request",
	.id_prefix = "REQ",
	.cursor = CURSOR_REQUEST,
	.stmt_visible = "req_visible",
	.stmt_actions = "req_actions",
	.stmt_get = "req_get",
	.stmt_json = "req_json",
	.stmt_transition = "req_transition",
	.stmt_create = "req_create",
	.stmt_list = "req_list",
	.states = states,
	.states_text = "pending, approved, rejected, returned, withdrawn, coordinating, closed",
};

/* ---- POST /v1/requests -------------------------------------------------- */

static const char *const create_fields[] = {"entry_code", "purpose", "legal_basis", "items",
                                            "period", NULL};
static const char *const period_fields[] = {"from", "to", NULL};

/* Checks period {"from","to"}; answers and returns false when bad. */
static bool period_ok(struct http_request *rq, json_t *body, const char **from, const char **to)
{
	json_t *p = json_object_get(body, "period"), *v;
	const char *key;
	long f, t;

	if (!p || json_is_null(p)) {
		http_reply_error(rq, 422, "invalid_parameter", json_pack("{s:s}", "parameter", "period"),
		                 "the field \"period\" is required");
		return false;
	}
	if (!json_is_object(p)) {
		workflow_reply_bad_field(rq, "period", "must be an object {\"from\",\"to\"}");
		return false;
	}
	json_object_foreach(p, key, v) {
		bool known = false;

		for (const char *const *k = period_fields; *k; k++)
			known = known || strcmp(*k, key) == 0;
		if (!known) {
			char field[96];

			snprintf(field, sizeof field, "period.%s", key);
			http_reply_error(rq, 400, "invalid_parameter", json_pack("{s:s}", "parameter", field),
			                 "unknown field \"%s\"", field);
			return false;
		}
	}
	*from = json_string_value(json_object_get(p, "from"));
	*to = json_string_value(json_object_get(p, "to"));
	if (!*from || !api_calendar_parse_date(*from, &f)) {
		workflow_reply_bad_field(rq, "period.from", "must be a date YYYY-MM-DD, from 1900-01-01 on");
		return false;
	}
	if (!*to || !api_calendar_parse_date(*to, &t)) {
		workflow_reply_bad_field(rq, "period.to", "must be a date YYYY-MM-DD, from 1900-01-01 on");
		return false;
	}
	if (t < f) {
		workflow_reply_bad_field(rq, "period.to", "must not be before period.from");
		return false;
	}
	return true;
}

static void post_requests(struct http_request *rq, const char *arg)
{
	struct body_error err;
	json_t *body;
	const char *entry, *purpose, *basis, *from, *to, *key;
	json_t *items;
	char *items_text;
	const char *params[7];

	/* A key used before is answered before the body is judged. */
	if (!workflow_idempotency_first(rq))
		return;
	body = body_parse_object(http_body(rq), create_fields, &err);
	if (!body) {
		workflow_reply_body_error(rq, &err);
		return;
	}
	if (!body_get_string(body, "entry_code", true, 32, &entry, &err) ||
	    !body_get_text(body, "purpose", true, TEXT_MAX_CHARS, &purpose, &err) ||
	    !body_get_text(body, "legal_basis", true, TEXT_MAX_CHARS, &basis, &err) ||
	    !body_get_string_array(body, "items", true, ITEMS_MAX, ITEM_MAX_CHARS, &items, &err)) {
		workflow_reply_body_error(rq, &err);
		goto out;
	}
	if (!validate_entry_code(entry)) {
		workflow_reply_bad_field(rq, "entry_code", "is not an entry code (like 130000008-310008-0001)");
		goto out;
	}
	if (json_array_size(items) == 0) {
		workflow_reply_bad_field(rq, "items", "must name at least one information item");
		goto out;
	}
	if (!period_ok(rq, body, &from, &to) || !workflow_idempotency_header(rq, &key))
		goto out;
	items_text = json_dumps(items, JSON_COMPACT);
	if (!items_text) {
		http_reply_error(rq, 500, "internal", NULL, "out of memory");
		goto out;
	}
	params[0] = http_user(rq)->name;
	params[1] = entry;
	params[2] = purpose;
	params[3] = basis;
	params[4] = items_text;
	params[5] = from;
	params[6] = to;
	workflow_create(rq, &api_requests_kind, key, params, 7);
	free(items_text);
out:
	json_decref(body);
}

/* ---- GET /v1/requests(/{id}), transitions ------------------------------ */

static void get_request(struct http_request *rq, const char *id)
{
	workflow_get(rq, &api_requests_kind, id);
}

static void post_transition(struct http_request *rq, const char *id)
{
	workflow_post_transition(rq, &api_requests_kind, id);
}

/* The states the box's owner acts on, first in the list: an approver
 * decides pending requests (coordinating ones are the data authority's),
 * the authority coordinates, a requester resubmits, withdraws or
 * escalates its own. */
static const char *acting(const char *box, const char *role)
{
	bool authority = !strcmp(role, "authority");

	if (!box || !strcmp(box, "all"))
		box = !strcmp(role, "official") ? "outbox" :
		      !strcmp(role, "approver") || authority ? "inbox" : "";
	if (!strcmp(box, "inbox"))
		return authority ? "{coordinating}" : "{pending}";
	if (!strcmp(box, "outbox"))
		return "{pending,returned,rejected}";
	return "{}";
}

static void get_requests(struct http_request *rq, const char *arg)
{
	static const char *const boxes[] = {"inbox", "outbox", "all", NULL};
	const char *box = http_param(rq, "box");
	const struct http_user *me = http_user(rq);
	char platform[8];
	const char *params[4];
	bool inbox = box && strcmp(box, "inbox") == 0, authority_inbox;

	if (box && !workflow_in_list(box, boxes)) {
		http_reply_bad_parameter(rq, "box", "must be inbox, outbox or all");
		return;
	}
	/* inbox = the caller's department provides (for an authority: requests
	 * in coordination in its platform's subtree); outbox = it requests;
	 * all = everything visible. */
	snprintf(platform, sizeof platform, "%.6s", me->department_code);
	authority_inbox = inbox && strcmp(me->role, "authority") == 0;
	params[0] = inbox && !authority_inbox ? me->department_code : NULL;
	params[1] = box && strcmp(box, "outbox") == 0 ? me->department_code : NULL;
	params[2] = authority_inbox ? platform : NULL;
	params[3] = authority_inbox ? "coordinating" : NULL;
	workflow_list(rq, &api_requests_kind, acting(box, me->role), params, 4);
}

/* ---- routes ------------------------------------------------------------- */

static const char *const list_params[] = {"box", "state", "overdue", "due_soon",
                                          "limit", "cursor", NULL};

const struct http_route api_requests_routes[] = {
	{"/v1/requests", true, list_params, get_requests, post_requests, NULL},
	{"/v1/requests/*", true, NULL, get_request, NULL, NULL},
	{"/v1/requests/*/transitions", true, NULL, NULL, post_transition, NULL},
	{NULL, false, NULL, NULL, NULL, NULL},
};
