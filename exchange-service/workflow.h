/*
 * workflow.h — what the case workflows of the exchange API share: sharing
 * requests (api-requests.c) and objections (api-objections.c) are both
 * "cases" with an id, a state, a version (ETag), a deadline, and
 * transitions taken with If-Match and Idempotency-Key. Each workflow
 * describes itself with a struct workflow_kind (its statements, actions and
 * states); this module serves, for any kind:
 *
 *   GET  /v1/<cases>/{id}               workflow_get (ETag, If-None-Match → 304)
 *   POST /v1/<cases>/{id}/transitions   workflow_post_transition
 *   GET  /v1/<cases>                    workflow_list (state, overdue, due_soon,
 *                                       limit, keyset cursor; the kind adds its box
 *                                       and, for objections, entry)
 *   POST creates                        workflow_create (the kind checks its body)
 *
 * The state machines, roles, jurisdiction, deadlines and audit events live
 * in PostgreSQL (sql/functions/govdx_request_*.sql and
 * govdx_objection_*.sql); their refusals arrive as SQLSTATE GXnnn (nnn the
 * HTTP status, HINT the error code, DETAIL the details as JSON) and
 * workflow_reply_sql_error maps them onto the error format.
 *
 * Order of checks of a transition (docs/architecture.md): an already used
 * Idempotency-Key (422 or its stored answer, workflow_idempotency_first), 404 (unknown id
 * or outside the caller's jurisdiction, checked with a read before anything
 * else), 400 (body, action, Idempotency-Key, a malformed If-Match), 428 (no
 * If-Match), then the database decides 412, 403, 409 and 422 inside the
 * write transaction, where its guarded update settles races: of two callers
 * holding the same version exactly one wins, the other gets 412 with the
 * current object read after its transaction rolled back.
 *
 * Invariants: a write is one transaction (BEGIN READ WRITE … COMMIT) that
 * first claims its Idempotency-Key, then writes, then stores its answer;
 * nothing in it is retried, except the whole transaction after a
 * serialization failure or deadlock, which PostgreSQL rolled back. A
 * refused write leaves nothing behind.
 */
#ifndef GOVDX_SVC_WORKFLOW_H
#define GOVDX_SVC_WORKFLOW_H

#include <stdbool.h>
#include <stddef.h>

#include "cursor.h"
#include "db.h"
#include "http.h"

/* One workflow. Statement names refer to statements the kind's module
 * prepares. Its actions, and which of them a caller may take now, are the
 * database's (govdx_<kind>_rules): every object carries the caller's
 * "actions", and the action names come from there too. */
struct workflow_kind {
	const char *noun;            /* "request": messages, audit subjects ("request:REQ-…") */
	const char *id_prefix;       /* "REQ" */
	enum cursor_kind cursor;     /* the kind of its list cursors */
	const char *stmt_visible;    /* ($1 actor, $2 id) → may the actor see it (boolean) */
	const char *stmt_actions;    /* ($1 actor, $2 id) → visible (boolean), every action name of
	                                the kind (JSON array), and the actor's actions now (JSON
	                                array of {"name","reason"}; NULL when not visible) */
	const char *stmt_get;        /* ($1 actor, $2 id) → its JSON text with the actor's
	                                actions; no row when not visible */
	const char *stmt_json;       /* ($1 id, $2 actor) → its JSON text with the actor's actions */
	const char *stmt_transition; /* ($1 actor, $2 id, $3 version, $4 action, $5 reason) */
	const char *stmt_create;     /* ($1 actor, the kind's fields…) → the new id */
	const char *stmt_list;       /* the list: WORKFLOW_LIST_* below, then the kind's box */
	const char *const *states;   /* its states, NULL-terminated */
	const char *states_text;
	/* Whether id is one of the kind's ids (a malformed one is 404); NULL:
	 * validate_case_id with id_prefix. */
	bool (*valid_id)(const char *id);
	/* Its transitions take "revision" (an objection's correct names the
	 * revision that carries the fix): stmt_transition gets it as $6. */
	bool transition_revision;
};

/* A list: the cases of a box the caller may see, those in a state the box's
 * owner acts on first ("acting": an approver's pending requests, the
 * helpdesk's raised objections), each part by deadline (none last), then
 * id.  WORKFLOW_LIST_SQL reads one part, a walk of the kind's (department,
 * deadline, id) index; workflow_list reads the second part only on the page
 * where the first ends, so a page costs a page, not a sort of the box.  It
 * is built from the kind's visible set function VISIBLE (taking $1, the
 * actor), its JSON function and its box conditions BOX on rows "w"
 * ($9..$12), and returns id, the deadline as text ('' when none) and the
 * object's JSON text.  $2 state, $3 overdue, $4 due_soon (NULL: not
 * filtered); $5 the cursor has a deadline (NULL: from the part's start), $6
 * that deadline, $7 its id; $8 the limit; $13 the acting states (a text[]
 * literal, '{}' for none); $14 which part (true: the acting one).  Overdue
 * and due soon are those of the objects: a deadline before today, or from
 * today to the 2nd working day after it.  Custom plans fold the absent
 * filters away. */
#define WORKFLOW_LIST_FILTER \
	" ($2::text IS NULL OR w.state = $2::text) " \
	" AND ($3::boolean IS NULL OR (w.deadline IS NOT NULL " \
	"      AND w.deadline < (SELECT govdx_today())) = $3::boolean) " \
	" AND ($4::boolean IS NULL OR (w.deadline IS NOT NULL AND w.deadline >= (SELECT govdx_today()) " \
	"      AND w.deadline <= (SELECT govdx_add_working_days(govdx_today(), 2))) = $4::boolean) "
/* After the cursor's (deadline, id) in the same part. */
#define WORKFLOW_LIST_AFTER \
	" (($5::boolean AND (w.deadline > $6::date OR w.deadline IS NULL " \
	"      OR (w.deadline = $6::date AND w.id > $7::text))) " \
	"  OR (NOT $5::boolean AND w.deadline IS NULL AND w.id > $7::text)) "
#define WORKFLOW_LIST_SQL(VISIBLE, JSON, BOX) \
	"SELECT w.id, coalesce(w.deadline::text, ''), " \
	" " JSON "(w, me.role, me.department_code, me.subtree_prefix)::text " \
	"FROM " VISIBLE "($1::text) w, govdx_actor($1::text) me " \
	"WHERE " BOX " AND " WORKFLOW_LIST_FILTER \
	" AND (w.state = ANY($13::text[])) = $14::boolean " \
	" AND ($5::boolean IS NULL OR " WORKFLOW_LIST_AFTER ") " \
	"ORDER BY w.deadline, w.id LIMIT $8::int"
#define WORKFLOW_LIST_COMMON_PARAMS 8
#define WORKFLOW_LIST_BOX 4 /* $9..$12 */

/* Answers a failed statement: a GXnnn refusal becomes its status, code,
 * message and details; anything else is logged and answered 500. extra
 * (stolen, may be NULL) is merged into the details. */
void workflow_reply_sql_error(struct http_request *rq, const PGresult *res, json_t *extra);

/* Is v one of list (NULL-terminated)? */
bool workflow_in_list(const char *v, const char *const *list);

/* Reads the Idempotency-Key header: true with *key (NULL when absent), or
 * false after answering 400. */
bool workflow_idempotency_header(struct http_request *rq, const char **key);

/* The first check of every POST after authentication, before its body is
 * judged: when the caller already used its Idempotency-Key (a well-formed
 * one; a malformed one is left to workflow_idempotency_header), answers the
 * stored answer if that was of the same method, path and body, else 422
 * idempotency_key_reused, and returns false; also false after answering a
 * database failure. True: go on (the write still claims the key in its
 * transaction, which settles a concurrent first use). */
bool workflow_idempotency_first(struct http_request *rq);

/* Answers 400 invalid_parameter naming a body field. */
void workflow_reply_bad_field(struct http_request *rq, const char *field, const char *why);

/* Answers a body refusal (body_parse_object, body_get_*). */
void workflow_reply_body_error(struct http_request *rq, const struct body_error *e);

/* Creates an object of the kind: one transaction that claims the
 * Idempotency-Key key (when not NULL), runs kind->stmt_create with params
 * and answers 201 with the new object (its id the first column of the
 * statement's answer) and its ETag. */
void workflow_create(struct http_request *rq, const struct workflow_kind *kind, const char *key,
                     const char *const *params, int nparams);

/* Answers 404 (or the database's status) and returns false unless the
 * caller may see the case (kind->stmt_visible). */
bool workflow_visible(struct http_request *rq, const struct workflow_kind *kind, const char *id);

/* Reads If-Match as a write of one version needs it: true with *version,
 * or false after answering 400 (malformed, several) or 428 (none, *). */
bool workflow_if_match(struct http_request *rq, const struct workflow_kind *kind, long *version);

/* A write of an existing case id other than a transition (a PATCH): one
 * transaction that claims key (when not NULL), runs stmt with params
 * (refusals as GXnnn; a 412 carries the case as it is now) and answers 200
 * with the case and its ETag. */
void workflow_update(struct http_request *rq, const struct workflow_kind *kind, const char *id,
                     const char *key, const char *stmt, const char *const *params, int nparams);

/* The handlers. */
void workflow_get(struct http_request *rq, const struct workflow_kind *kind, const char *id);
void workflow_post_transition(struct http_request *rq, const struct workflow_kind *kind,
                              const char *id);
/* Checks state, overdue, due_soon, limit and cursor, then runs the kind's
 * list with the box parameters box[0..nbox-1] as $9… and answers the page. */
/* acting: the states the box's owner acts on, a text[] literal ("{pending}",
 * "{}" for none): they come first (WORKFLOW_LIST_SQL). */
void workflow_list(struct http_request *rq, const struct workflow_kind *kind, const char *acting,
                   const char *const *box, int nbox);

#endif
