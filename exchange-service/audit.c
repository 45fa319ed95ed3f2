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

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "anchor.h"
#include "audit.h"
#include "cli.h"
#include "db.h"
#include "files.h"

#define PROG "govdx-exchanged audit"

static int usage(FILE *f, int status)
{
	fprintf(f, "Usage: govdx-exchanged audit verify [--db CONNINFO]\n"
	           "                                    [--anchor FILE --key-file KEY]\n"
	           "Recomputes the audit trail's hash chain and holds every request, objection\n"
	           "and disputed mark against what its events say; with --anchor, holds the\n"
	           "chain to every signed line serve --audit-anchor wrote to FILE with KEY.\n"
	           "Exit 0 when all holds, 1 when something does not (one line each) or the\n"
	           "database or a file cannot be read.\n");
	return status;
}

struct anchored {
	struct anchor a;
	long line;
};

/* Reads the anchor file: every good line into *out, one finding printed
 * for each bad one. Returns the findings, or -1 with err. */
static int read_anchors(const char *path, const char *key, struct anchored **out, size_t *n,
                        char *err, size_t errsz)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0, have = 0;
	long no = 0, last_seq = -1;
	ssize_t len;
	int found = 0;

	*out = NULL;
	*n = 0;
	if (!f) {
		snprintf(err, errsz, "--anchor %s: %s", path, strerror(errno));
		return -1;
	}
	while ((len = getline(&line, &cap, f)) >= 0) {
		struct anchor a;
		enum anchor_status st;

		no++;
		if (len > 0 && line[len - 1] == '\n')
			line[--len] = '\0';
		st = anchor_parse(key, strlen(key), line, &a);
		if (st == ANCHOR_MALFORMED) {
			printf("anchor line %ld: not an anchor line\n", no);
			found++;
			continue;
		}
		if (st == ANCHOR_BAD_MAC) {
			printf("anchor line %ld: the signature does not match (the line was edited, or "
			       "signed with another key)\n", no);
			found++;
			continue;
		}
		if (a.seq < last_seq) {
			printf("anchor line %ld: seq %lld comes after seq %ld (lines reordered, or "
			       "another database's)\n", no, a.seq, last_seq);
			found++;
		}
		last_seq = (long)a.seq;
		if (*n == have) {
			struct anchored *grown = realloc(*out, (have ? 2 * have : 64) * sizeof **out);

			if (!grown) {
				snprintf(err, errsz, "out of memory");
				found = -1;
				break;
			}
			*out = grown;
			have = have ? 2 * have : 64;
		}
		(*out)[*n].a = a;
		(*out)[(*n)++].line = no;
	}
	free(line);
	fclose(f);
	if (found >= 0 && *n == 0 && no == 0) {
		printf("anchors: %s has no line\n", path);
		found++;
	}
	return found;
}

/* Holds the chain to the anchors (one query for all of them). Returns the
 * findings, or -1 with err. */
static int check_anchors(PGconn *conn, const char *path, const char *key, char *err,
                         size_t errsz)
{
	struct anchored *an;
	size_t n, i;
	int found = read_anchors(path, key, &an, &n, err, errsz);
	char *list = NULL;
	size_t listlen = 0;
	FILE *m;
	PGresult *r = NULL;

	if (found < 0 || n == 0) {
		free(an);
		return found;
	}
	m = open_memstream(&list, &listlen);
	if (!m) {
		free(an);
		snprintf(err, errsz, "out of memory");
		return -1;
	}
	fputc('{', m);
	for (i = 0; i < n; i++)
		fprintf(m, "%s%lld", i ? "," : "", an[i].a.seq);
	fputc('}', m);
	if (fclose(m) == 0) {
		const char *params[1] = {list};

		r = PQexecParams(conn,
		                 "SELECT e.hash FROM unnest($1::bigint[]) WITH ORDINALITY AS u(s, i) "
		                 "LEFT JOIN audit_event e ON e.seq = u.s ORDER BY u.i",
		                 1, NULL, params, NULL, NULL, 0);
	}
	free(list);
	if (PQresultStatus(r) != PGRES_TUPLES_OK || (size_t)PQntuples(r) != n) {
		db_error_line(r ? PQresultErrorMessage(r) : "out of memory", err, errsz);
		PQclear(r);
		free(an);
		return -1;
	}
	for (i = 0; i < n; i++) {
		const struct anchor *a = &an[i].a;

		if (a->seq == 0)
			continue; /* anchored before the first event */
		if (PQgetisnull(r, (int)i, 0)) {
			printf("anchor line %ld (seq %lld, %s): the chain has no event %lld: its end was "
			       "cut\n", an[i].line, a->seq, a->at, a->seq);
			found++;
		} else if (strcmp(PQgetvalue(r, (int)i, 0), a->hash) != 0) {
			printf("anchor line %ld (seq %lld, %s): event %lld's hash is not the anchored one: "
			       "the chain was rewritten\n", an[i].line, a->seq, a->at, a->seq);
			found++;
		}
	}
	if (!found)
		printf("anchors: %zu lines hold, the last at seq %lld (%s)\n", n, an[n - 1].a.seq,
		       an[n - 1].a.at);
	PQclear(r);
	free(an);
	return found;
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
static int verify(PGconn *conn, const char *anchor_path, const char *key, char *err, size_t errsz)
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
	if (anchor_path) {
		int k = check_anchors(conn, anchor_path, key, err, errsz);

		if (k < 0)
			return -1;
		found += k;
	}
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
	const char *anchor = NULL, *key_file = NULL;
	const struct cli_option more[] = {{"anchor", &anchor}, {"key-file", &key_file}};
	char *key = NULL;
	int rc = cli_options(argc, argv, &db, more, 2, usage);

	if (rc >= 0)
		return rc;
	if (argc - optind != 1 || strcmp(argv[optind], "verify") != 0) {
		fprintf(stderr, "govdx-exchanged: audit wants: verify\n");
		return usage(stderr, 2);
	}
	if (!anchor != !key_file) {
		fprintf(stderr, "govdx-exchanged: --anchor and --key-file go together\n");
		return usage(stderr, 2);
	}
	if (key_file && !(key = files_read_secret(key_file, err, sizeof err))) {
		fprintf(stderr, PROG ": --key-file %s\n", err);
		return 1;
	}
	conn = db_connect(db, err, sizeof err);
	if (!conn) {
		fprintf(stderr, PROG ": %s\n", err);
		free(key);
		return 1;
	}
	rc = verify(conn, anchor, key, err, sizeof err);
	PQfinish(conn);
	if (key) {
		explicit_bzero(key, strlen(key));
		free(key);
	}
	if (rc < 0) {
		fprintf(stderr, PROG ": %s\n", err);
		return 1;
	}
	return rc;
}
