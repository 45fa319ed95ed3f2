/*
 * audit — the operator's check of the audit trail: `govdx-exchanged audit
 * verify` recomputes the hash chain (govdx_audit_verify(), the same check as
 * GET /v1/audit/verify) and holds every request, objection and disputed
 * mark against what its events say (govdx_audit_subjects()).
 */
#ifndef GOVDX_SVC_AUDIT_H
#define GOVDX_SVC_AUDIT_H

/* `govdx-exchanged audit ...`: argv[0] is "audit". db is the default
 * connection string. Returns the exit status: 0 all holds, 1 something
 * does not (each finding one line on stdout) or the database failed (one
 * line on stderr), 2 usage. */
int audit_main(int argc, char **argv, const char *db);

#endif
