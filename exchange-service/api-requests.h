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
 * The case mechanics requests share with objections are in workflow.c.
 */
#ifndef GOVDX_SVC_API_REQUESTS_H
#define GOVDX_SVC_API_REQUESTS_H

#include <stdbool.h>
#include <stddef.h>

#include "db.h"
#include "http.h"
#include "workflow.h"

extern const struct http_route api_requests_routes[];
const struct db_statement *api_requests_statements(size_t *n);

/* Requests as a workflow kind (for the audit of a request). */
extern const struct workflow_kind api_requests_kind;

#endif
