/*
 * api-objections.c — the objection endpoints; see api-objections.h.
 *
 * Boxes of the list (docs/architecture.md): helpdesk = the providing
 * department is in the caller's platform subtree (where a helpdesk user
 * accepts, dismisses and closes); provider = the caller's department
 * provides the disputed data; raised = the caller's department raised it;
 * all = everything visible. Every box is also limited to what the caller
 * may see, so for a user who is not helpdesk, authority or admin the
 * helpdesk box holds only objections of its own department.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "api-objections.h"
#include "validate.h"

#define DESCRIPTION_MAX_CHARS 4000
#define EVIDENCE_MAX_CHARS 4000
#define RECORD_KEY_MAX_CHARS 200
#define ITEM_MAX_CHARS 200

static const struct db_statement statements[] = {
	{"obj_visible", "SELECT govdx_objection_visible($1::text, $2::text)"},
	/* The objects as the caller sees them, with the caller's actions
	 * (govdx_objection_caller_json); govdx_actor looks the caller up once. */
	{"obj_actions",
	 "SELECT govdx_objection_visible($1::text, $2::text), "
	 "(SELECT jsonb_agg(x.name ORDER BY x.ord) "
	 " FROM govdx_objection_rules(NULL::objection, NULL, NULL, NULL) x)::text, "
	 "(SELECT govdx_objection_actions(o, me.role, me.department_code, me.subtree_prefix) "
	 " FROM objection o, govdx_actor($1::text) me "
	 " WHERE o.id = $2::text AND govdx_objection_visible($1::text, $2::text))::text"},
	{"obj_get",
	 "SELECT govdx_objection_caller_json(o, me.role, me.department_code, me.subtree_prefix)::text "
	 "FROM objection o, govdx_actor($1::text) me "
	 "WHERE o.id = $2::text AND govdx_objection_visible($1::text, $2::text)"},
	{"obj_json",
	 "SELECT govdx_objection_caller_json(o, me.role, me.department_code, me.subtree_prefix)::text "
	 "FROM objection o, govdx_actor($2::text) me WHERE o.id = $1::text"},
	{"obj_create",
	 "SELECT govdx_objection_create($1::text, $2::text, $3::text, $4::text, $5::text, "
	 "$6::text, $7::text)"},
	{"obj_transition",
	 "SELECT govdx_objection_transition($1::text, $2::text, $3::int, $4::text, $5::text, "
	 "$6::text)"},
	/* $1..$8, $13, $14 see WORKFLOW_LIST_SQL; the box: $9 provider department, $10
	 * raiser department, $11 a platform whose subtree holds the provider;
	 * then $12 an entry code; NULL when not filtered. Visibility comes from
	 * govdx_visible_objections (an inlined SQL function), so an entry
	 * filter only narrows what the caller may see. The subtree is asked for
	 * as a range of provider codes (codes are digits, and ':' follows '9'),
	 * which the provider index serves. */
	{"obj_list",
	 WORKFLOW_LIST_SQL("govdx_visible_objections", "govdx_objection_caller_json",
	                   "($9::text IS NULL OR w.provider_department = $9::text) "
	                   " AND ($10::text IS NULL OR w.raiser_department = $10::text) "
	                   " AND ($11::text IS NULL OR (w.provider_department >= "
	                   "      (SELECT p.subtree_prefix FROM platform p WHERE p.code = $11::text) "
	                   "      AND w.provider_department < "
	                   "      (SELECT p.subtree_prefix || ':' FROM platform p "
	                   "       WHERE p.code = $11::text))) "
	                   " AND ($12::text IS NULL OR w.entry_code = $12::text)")},
};

const struct db_statement *api_objections_statements(size_t *n)
{
	*n = sizeof statements / sizeof statements[0];
	return statements;
}

static const char *const states[] = {"raised", "verifying", "dismissed", "corrected",
                                     "upheld", "closed",    NULL};
static const char *const kinds[] = {"incorrect", "incomplete", "outdated",
                                    "inconsistent", "other", NULL};

const struct workflow_kind api_objections_kind = {
	.noun = "objection",
	.id_prefix = "OBJ",
	.cursor = CURSOR_OBJECTION,
	.stmt_visible = "obj_visible",
	.stmt_actions = "obj_actions",
	.stmt_get = "obj_get",
	.stmt_json = "obj_json",
	.stmt_transition = "obj_transition",
	.stmt_create = "obj_create",
	.stmt_list = "obj_list",
	.states = states,
	.states_text = "raised, verifying, dismissed, corrected, upheld, closed",
	.transition_revision = true,
};

/* ---- POST /v1/objections ------------------------------------------------ */

static const char *const create_fields[] = {"entry_code", "item", "record_key", "kind",
                                            "description", "evidence", NULL};

static void post_objections(struct http_request *rq, const char *arg)
{
	struct body_error err;
	json_t *body;
	const char *entry, *item, *record_key, *kind, *description, *evidence, *key;
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
	    !body_get_string(body, "item", false, ITEM_MAX_CHARS, &item, &err) ||
	    !body_get_text(body, "record_key", false, RECORD_KEY_MAX_CHARS, &record_key, &err) ||
	    !body_get_string(body, "kind", true, 32, &kind, &err) ||
	    !body_get_text(body, "description", true, DESCRIPTION_MAX_CHARS, &description, &err) ||
	    !body_get_text(body, "evidence", false, EVIDENCE_MAX_CHARS, &evidence, &err)) {
		workflow_reply_body_error(rq, &err);
		goto out;
	}
	if (!validate_entry_code(entry)) {
		workflow_reply_bad_field(rq, "entry_code",
		                         "is not an entry code (like 130000008-310008-0001)");
		goto out;
	}
	if (!workflow_in_list(kind, kinds)) {
		workflow_reply_bad_field(rq, "kind",
		                         "must be incorrect, incomplete, outdated, inconsistent or other");
		goto out;
	}
	if (!workflow_idempotency_header(rq, &key))
		goto out;
	params[0] = http_user(rq)->name;
	params[1] = entry;
	params[2] = item;
	params[3] = record_key;
	params[4] = kind;
	params[5] = description;
	params[6] = evidence;
	workflow_create(rq, &api_objections_kind, key, params, 7);
out:
	json_decref(body);
}

/* ---- GET /v1/objections(/{id}), transitions ----------------------------- */

static void get_objection(struct http_request *rq, const char *id)
{
	workflow_get(rq, &api_objections_kind, id);
}

static void post_transition(struct http_request *rq, const char *id)
{
	workflow_post_transition(rq, &api_objections_kind, id);
}

/* The states the box's owner acts on, first in the list: the helpdesk
 * accepts or dismisses raised objections and closes corrected or upheld
 * ones, the provider verifies; a raiser's box and the others keep the
 * deadline order alone. */
static const char *acting(const char *box, const char *role)
{
	if (!box || !strcmp(box, "all"))
		box = !strcmp(role, "helpdesk") ? "helpdesk" : !strcmp(role, "approver") ? "provider" : "";
	if (!strcmp(box, "helpdesk"))
		return "{raised,corrected,upheld}";
	if (!strcmp(box, "provider"))
		return "{verifying}";
	return "{}";
}

static void get_objections(struct http_request *rq, const char *arg)
{
	static const char *const boxes[] = {"helpdesk", "provider", "raised", "all", NULL};
	const char *box = http_param(rq, "box"), *entry = http_param(rq, "entry");
	const struct http_user *me = http_user(rq);
	char platform[8];
	const char *params[4];

	if (box && !workflow_in_list(box, boxes)) {
		http_reply_bad_parameter(rq, "box", "must be helpdesk, provider, raised or all");
		return;
	}
	if (entry && !validate_entry_code(entry)) {
		http_reply_bad_parameter(rq, "entry", "an entry code looks like 130000008-310008-0001");
		return;
	}
	snprintf(platform, sizeof platform, "%.6s", me->department_code);
	params[0] = box && strcmp(box, "provider") == 0 ? me->department_code : NULL;
	params[1] = box && strcmp(box, "raised") == 0 ? me->department_code : NULL;
	/* The national subtree is everything: no condition, so the planner can
	 * walk the deadline index. */
	params[2] = box && strcmp(box, "helpdesk") == 0 && strcmp(platform, "000000") != 0 ? platform
	                                                                                  : NULL;
	/* An entry with no objections the caller may see (none at all, or
	 * none in its jurisdiction) gives an empty list, not a 404. */
	params[3] = entry;
	workflow_list(rq, &api_objections_kind, acting(box, me->role), params, 4);
}

/* ---- routes ------------------------------------------------------------- */

static const char *const list_params[] = {"box", "entry", "state", "overdue", "due_soon",
                                          "limit", "cursor", NULL};

const struct http_route api_objections_routes[] = {
	{"/v1/objections", true, list_params, get_objections, post_objections, NULL},
	{"/v1/objections/*", true, NULL, get_objection, NULL, NULL},
	{"/v1/objections/*/transitions", true, NULL, NULL, post_transition, NULL},
	{NULL, false, NULL, NULL, NULL, NULL},
};
