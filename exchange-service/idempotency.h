/*
 * idempotency.h — Idempotency-Key for POSTs: the first answer of a write is
 * stored with the key, and a retry gets that answer back instead of a
 * second write (docs/architecture.md, "Idempotency"; table in
 * sql/006-idempotency.sql).
 *
 * Everything happens inside the write's own transaction (db_begin_write):
 * idempotency_claim first, then the write, then idempotency_store, then
 * COMMIT. The claim inserts the key row; a concurrent request with the same
 * key blocks on that row until the first commits (and then replays its
 * answer) or rolls back (and then writes itself). So one key never causes
 * two writes, and a stored answer always belongs to a committed write.
 */
#ifndef GOVDX_SVC_IDEMPOTENCY_H
#define GOVDX_SVC_IDEMPOTENCY_H

#include <stdbool.h>
#include <stddef.h>

#include "db.h"

enum idempotency_outcome {
	IDEMPOTENCY_FRESH,    /* the key is ours now: write, then store the answer */
	IDEMPOTENCY_REPLAY,   /* the key was used for this very request: answer as stored */
	IDEMPOTENCY_MISMATCH, /* the key was used for another request: 422 */
};

/* A stored answer. */
struct idempotency_answer {
	unsigned status;
	char *body;      /* JSON text */
	char etag[64];   /* "" when none */
};

/* Claims key for actor and the request (method, path, body) inside the open
 * write transaction. On REPLAY *answer is filled (free it with
 * idempotency_answer_free). DB_ERROR leaves the transaction aborted. */
enum db_status idempotency_claim(struct db *db, const char *actor, const char *key,
                                 const char *method, const char *path, const char *body,
                                 enum idempotency_outcome *outcome,
                                 struct idempotency_answer *answer);

/* Looks key up for actor before anything about the request is judged (no
 * transaction, nothing locked): REPLAY with *answer filled when its stored
 * answer is of this very request (method, path, body), MISMATCH when it
 * was of another, FRESH when the key holds no committed answer (yet: a
 * concurrent first use is settled later by idempotency_claim). body is
 * NULL when it is not text (broken UTF-8, a NUL byte), which no stored
 * request had: then a used key is a MISMATCH. */
enum db_status idempotency_peek(struct db *db, const char *actor, const char *key,
                                const char *method, const char *path, const char *body,
                                enum idempotency_outcome *outcome,
                                struct idempotency_answer *answer);

/* Stores the answer of the write for a claimed key (same transaction). */
enum db_status idempotency_store(struct db *db, const char *actor, const char *key,
                                 unsigned status, const char *body, const char *etag);

void idempotency_answer_free(struct idempotency_answer *a);

/* The statements this module uses. */
const struct db_statement *idempotency_statements(size_t *n);

#endif
