/*
 * audit.c — `govdx-exchanged audit verify`; see audit.h.
 *
 * Prints one line for the chain ("chain: intact, N events, up to seq S"
 * or "chain: broken at seq S: why"), one line per row that disagrees with
 * its events ("request REQ-000123 is approved, but its last audit event
 * says pending"), and a last line that sums up.  It reads in one
 * repeatable-read transaction, so the chain and the rows are one moment's.
 */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "audit.h"
#include "cli.h"
#include "db.h"

#define PROG "govdx-exchanged audit"

static int usage(FILE *f, int status)
{
	fprintf(f, "Usage: govdx-exchanged audit verify [--db CONNINFO]\n"
	           "Recomputes the audit trail's hash chain and holds every request, objection\n"
	           "and disputed mark against what its events say. Exit 0 when all holds, 1 when\n"
	           "something does not (one line each) or the database cannot be read.\n");
	return status;
}

static PGresult *run(PGconn *conn, const char *sql, char *err, size_t errsz)
{
	PGresult *r = PQexec(conn, sql);

	if (PQresultStatus(r) == PGRES_TUPLES_OK || PQresultStatus(r) == PGRES_COMMAND_OK)
		return r;
	db_error_line(PQresultErrorMessage(r), err, errsz);
	PQclear(r);
	return NULL;
}

/* Prints the findings; returns 0 (all holds), 1 (a finding) or -1 with err. */
static int verify(PGconn *conn, char *err, size_t errsz)
{
	PGresult *r;
	int i, found = 0;

	r = run(conn, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", err, errsz);
	if (!r)
		return -1;
	PQclear(r);
	r = run(conn, "SELECT ok, checked, last_seq, broken_at, message FROM govdx_audit_verify()", err,
	        errsz);
	if (!r)
		return -1;
	if (PQntuples(r) == 1 && strcmp(PQgetvalue(r, 0, 0), "t") == 0) {
		printf("chain: intact, %s events, up to seq %s\n", PQgetvalue(r, 0, 1),
		       PQgetisnull(r, 0, 2) ? "0" : PQgetvalue(r, 0, 2));
	} else if (PQntuples(r) == 1) {
		printf("chain: broken at seq %s: %s\n", PQgetvalue(r, 0, 3), PQgetvalue(r, 0, 4));
		found++;
	}
	PQclear(r);
	r = run(conn, "SELECT subject, message FROM govdx_audit_subjects()", err, errsz);
	if (!r)
		return -1;
	for (i = 0; i < PQntuples(r); i++)
		printf("%s\n", PQgetvalue(r, i, 1));
	found += PQntuples(r);
	if (!PQntuples(r))
		printf("rows: every request, objection and disputed mark agrees with its events\n");
	PQclear(r);
	r = run(conn, "COMMIT", err, errsz);
	if (!r)
		return -1;
	PQclear(r);
	printf("%s\n", found ? "audit: NOT VERIFIED" : "audit: verified");
	return found ? 1 : 0;
}

int audit_main(int argc, char **argv, const char *db)
{
	char err[1024];
	PGconn *conn;
	int rc = cli_db_options(argc, argv, &db, usage);

	if (rc >= 0)
		return rc;
	if (argc - optind != 1 || strcmp(argv[optind], "verify") != 0) {
		fprintf(stderr, "govdx-exchanged: audit wants: verify\n");
		return usage(stderr, 2);
	}
	conn = db_connect(db, err, sizeof err);
	if (!conn) {
		fprintf(stderr, PROG ": %s\n", err);
		return 1;
	}
	rc = verify(conn, err, sizeof err);
	PQfinish(conn);
	if (rc < 0) {
		fprintf(stderr, PROG ": %s\n", err);
		return 1;
	}
	return rc;
}
