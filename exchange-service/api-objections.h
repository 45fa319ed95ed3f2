/*
 * api-objections.h — the objection endpoints of the exchange API (v1):
 * GET/POST /v1/objections, GET /v1/objections/{id} (ETag, If-None-Match),
 * POST /v1/objections/{id}/transitions (If-Match, Idempotency-Key).
 *
 * The state machine (raised → verifying → corrected|upheld → closed, with
 * dismiss and reopen), roles, jurisdiction, deadlines, the disputed mark
 * of entries and the audit event of every change live in PostgreSQL
 * (sql/functions/govdx_objection_*.sql); the case mechanics are workflow.c's. This
 * module checks the create body and the boxes. Shapes and codes are those
 * of docs/architecture.md ("Objections").
 */
#ifndef GOVDX_SVC_API_OBJECTIONS_H
#define GOVDX_SVC_API_OBJECTIONS_H

#include <stddef.h>

#include "db.h"
#include "http.h"
#include "workflow.h"

extern const struct http_route api_objections_routes[];
const struct db_statement *api_objections_statements(size_t *n);

/* Objections as a workflow kind (for the audit of an objection). */
extern const struct workflow_kind api_objections_kind;

#endif
