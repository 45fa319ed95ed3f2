/*
 * idempotency.c — stored first answers of POSTs; see idempotency.h.
 *
 * The request's fingerprint is hashed inside PostgreSQL (sha256 of
 * "METHOD PATH\n" + body), so no hash code lives here. The body has been
 * checked to be UTF-8 without NUL bytes before it gets here, so it passes
 * through a text parameter unchanged.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "idempotency.h"

#define FINGERPRINT "encode(sha256(convert_to($3::text, 'UTF8')), 'hex')"

static const struct db_statement statements[] = {
	{"idem_claim", "INSERT INTO idempotency_key (actor, key, request_sha256) "
	               "VALUES ($1::text, $2::text, " FINGERPRINT ") "
	               "ON CONFLICT (actor, key) DO NOTHING RETURNING 1"},
	{"idem_get", "SELECT request_sha256 = " FINGERPRINT ", status, body, etag "
	             "FROM idempotency_key WHERE actor = $1::text AND key = $2::text"},
	{"idem_peek", "SELECT $3::text IS NOT NULL AND request_sha256 = " FINGERPRINT ", status, body, "
	              "etag FROM idempotency_key WHERE actor = $1::text AND key = $2::text "
	              "AND status IS NOT NULL AND body IS NOT NULL"},
	{"idem_store", "UPDATE idempotency_key SET status = $3::int, body = $4::text, "
	               "etag = nullif($5::text, '') WHERE actor = $1::text AND key = $2::text"},
};

const struct db_statement *idempotency_statements(size_t *n)
{
	*n = sizeof statements / sizeof statements[0];
	return statements;
}

void idempotency_answer_free(struct idempotency_answer *a)
{
	free(a->body);
	memset(a, 0, sizeof *a);
}

/* Logs a failed statement (the caller answers 500) and clears it. */
static enum db_status failed(const char *what, PGresult *r)
{
	fprintf(stderr, "govdx-exchanged: %s failed: %s", what,
	        r ? PQresultErrorMessage(r) : "no result\n");
	PQclear(r);
	return DB_ERROR;
}

/* Reads a committed answer row (same, status, body, etag) of r. */
static enum db_status read_answer(const PGresult *r, enum idempotency_outcome *outcome,
                                  struct idempotency_answer *answer)
{
	if (PQgetvalue(r, 0, 0)[0] != 't') {
		*outcome = IDEMPOTENCY_MISMATCH;
		return DB_OK;
	}
	*outcome = IDEMPOTENCY_REPLAY;
	answer->status = (unsigned)strtoul(PQgetvalue(r, 0, 1), NULL, 10);
	answer->body = strdup(PQgetvalue(r, 0, 2));
	if (!PQgetisnull(r, 0, 3))
		snprintf(answer->etag, sizeof answer->etag, "%s", PQgetvalue(r, 0, 3));
	return answer->body ? DB_OK : DB_ERROR;
}

/* "METHOD PATH\n" + body, or NULL when body is NULL (or out of memory,
 * which *oom says). */
static char *fingerprint(const char *method, const char *path, const char *body, bool *oom)
{
	size_t len;
	char *fp;

	*oom = false;
	if (!body)
		return NULL;
	len = strlen(method) + strlen(path) + strlen(body) + 3;
	fp = malloc(len);
	if (!fp)
		*oom = true;
	else
		snprintf(fp, len, "%s %s\n%s", method, path, body);
	return fp;
}

enum db_status idempotency_peek(struct db *db, const char *actor, const char *key,
                                const char *method, const char *path, const char *body,
                                enum idempotency_outcome *outcome,
                                struct idempotency_answer *answer)
{
	bool oom;
	char *fp = fingerprint(method, path, body, &oom);
	const char *params[3] = {actor, key, fp};
	PGresult *r;
	enum db_status st;

	memset(answer, 0, sizeof *answer);
	*outcome = IDEMPOTENCY_FRESH;
	if (oom)
		return DB_ERROR;
	st = db_exec(db, "idem_peek", 3, params, &r);
	free(fp);
	if (st == DB_ERROR)
		return failed("looking up an idempotency key", r);
	if (st != DB_OK)
		return st;
	if (PQntuples(r) == 1)
		st = read_answer(r, outcome, answer);
	PQclear(r);
	return st;
}

enum db_status idempotency_claim(struct db *db, const char *actor, const char *key,
                                 const char *method, const char *path, const char *body,
                                 enum idempotency_outcome *outcome,
                                 struct idempotency_answer *answer)
{
	bool oom;
	char *fp = fingerprint(method, path, body, &oom);
	const char *params[3];
	PGresult *r;
	enum db_status st;

	memset(answer, 0, sizeof *answer);
	if (!fp)
		return DB_ERROR;
	params[0] = actor;
	params[1] = key;
	params[2] = fp;
	st = db_tx_exec(db, "idem_claim", 3, params, &r);
	if (st == DB_ERROR)
		st = failed("claiming an idempotency key", r);
	if (st != DB_OK)
		goto out;
	if (PQntuples(r) == 1) {
		PQclear(r);
		*outcome = IDEMPOTENCY_FRESH;
		goto out;
	}
	PQclear(r);
	/* The key exists and is committed (a concurrent holder was waited
	 * for by the insert above): read its answer. */
	st = db_tx_exec(db, "idem_get", 3, params, &r);
	if (st == DB_ERROR)
		st = failed("reading an idempotency key", r);
	if (st != DB_OK)
		goto out;
	if (PQntuples(r) != 1 || PQgetisnull(r, 0, 1) || PQgetisnull(r, 0, 2)) {
		st = failed("reading an idempotency key (no stored answer)", r);
		goto out;
	}
	st = read_answer(r, outcome, answer);
	PQclear(r);
out:
	free(fp);
	return st;
}

enum db_status idempotency_store(struct db *db, const char *actor, const char *key,
                                 unsigned status, const char *body, const char *etag)
{
	char s[16];
	const char *params[5];
	PGresult *r;
	enum db_status st;

	snprintf(s, sizeof s, "%u", status);
	params[0] = actor;
	params[1] = key;
	params[2] = s;
	params[3] = body;
	params[4] = etag ? etag : "";
	st = db_tx_exec(db, "idem_store", 5, params, &r);
	if (st == DB_ERROR)
		return failed("storing an idempotency answer", r);
	PQclear(r);
	return st;
}
