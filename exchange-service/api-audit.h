/*
 * api-audit.h — the audit endpoints: GET /v1/audit?subject= (the events of
 * one subject the caller may see, in sequence order) and GET
 * /v1/audit/verify (the hash chain checked from the first event; admin and
 * authority only).
 *
 * The audit rows are written by the database functions of each workflow in
 * the same transaction as the change; this module only reads them.
 */
#ifndef GOVDX_SVC_API_AUDIT_H
#define GOVDX_SVC_API_AUDIT_H

#include <stddef.h>

#include "db.h"
#include "http.h"

extern const struct http_route api_audit_routes[];
const struct db_statement *api_audit_statements(size_t *n);

#endif
