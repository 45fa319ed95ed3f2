/*
 * api-requests.h — the sharing-request endpoints of the exchange API (v1):
 * GET/POST /v1/requests, GET /v1/requests/{id} (ETag, If-None-Match),
 * POST /v1/requests/{id}/transitions (If-Match, Idempotency-Key).
 *
 * The state machine, roles, jurisdiction, deadlines and the audit event of
 * every change live in PostgreSQL (govdx_request_create,
 * govdx_request_transition, govdx_request_visible, govdx_request_json); this
 * module checks the input, runs each write in one read-write transaction
 * together with its idempotency key, and maps the functions' refusals
 * (SQLSTATE GXnnn: nnn the HTTP status, HINT the error code, DETAIL the
 * details as JSON) onto the error format. Shapes and codes are those of
 * docs/architecture.md ("Sharing requests, audit, events, calendar").
 *
 * The write runner and the SQL error mapping are exported for the other
 * workflows (objections) that share the mechanism.
 */
#ifndef GOVDX_SVC_API_REQUESTS_H
#define GOVDX_SVC_API_REQUESTS_H

#include <stdbool.h>
#include <stddef.h>

#include "db.h"
#include "http.h"

extern const struct http_route api_requests_routes[];
const struct db_statement *api_requests_statements(size_t *n);

/* Answers a failed statement: a GXnnn refusal becomes its status, code,
 * message and details; anything else is logged and answered 500. extra
 * (stolen, may be NULL) is merged into the details. */
void api_requests_reply_sql_error(struct http_request *rq, const PGresult *res, json_t *extra);

/* An id of the form PREFIX-digits ("REQ-000123"): 1..12 digits. */
bool api_requests_valid_id(const char *id, const char *prefix);

/* Opaque cursors of the lists this module and the audit list give out: the
 * base64url of "<kind>:<key>". decode checks the kind and that key is
 * printable ASCII of at most 64 bytes (key has room for 65); the caller
 * checks the key's shape. */
bool api_requests_cursor_encode(char kind, const char *key, char *out, size_t outsz);
bool api_requests_cursor_decode(char kind, const char *cursor, char *key);

#endif
