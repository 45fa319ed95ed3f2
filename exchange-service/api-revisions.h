/*
 * api-revisions.h — catalog maintenance (issue 15) in the exchange API (v1):
 *
 *   GET/POST /v1/revisions                      the queues; a draft (Idempotency-Key)
 *   GET/PATCH /v1/revisions/{id}                one revision (ETag); its edit (If-Match)
 *   POST /v1/revisions/{id}/transitions         submit, withdraw, publish, return
 *   GET  /v1/revisions/{id}/diff                against its base
 *   POST /v1/entries/{code}/transitions         retire (If-Match: the entry's ETag)
 *   GET  /v1/entries/{code}/revisions           the published history, newest first
 *   GET  /v1/entries/{code}/revisions/{n}       one published revision
 *   GET  /v1/entries/{code}/revisions/{n}/diff  against ?against=m (default n-1)
 *
 * The state machine, who drafts and who reviews, the code sequence, the
 * publication into the directory (counts and search in the same
 * transaction), the audit events and the events-stream notices live in
 * PostgreSQL (sql/functions/govdx_revision_*.sql, govdx_entry_*.sql); the
 * case mechanics (If-Match, Idempotency-Key, 412 with the current object)
 * are workflow.c's. Shapes and codes: docs/api/openapi.yaml (tag catalog)
 * and docs/architecture.md ("Catalog maintenance").
 */
#ifndef GOVDX_SVC_API_REVISIONS_H
#define GOVDX_SVC_API_REVISIONS_H

#include <stddef.h>

#include "db.h"
#include "http.h"
#include "workflow.h"

extern const struct http_route api_revisions_routes[];
const struct db_statement *api_revisions_statements(size_t *n);

/* Revisions as a workflow kind (for the audit of a revision). */
extern const struct workflow_kind api_revisions_kind;

#endif
