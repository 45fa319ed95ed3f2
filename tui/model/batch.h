/*
 * batch — decisions on cases (sharing requests or objections), staged and
 * then committed together (mutt's tag-and-apply, with the service's ETag
 * and idempotency).
 *
 * A batch holds one action of one case kind (approve, reject, accept,
 * close, ...) with one reason for one or more cases of that kind.  Staging
 * records, per case, the version it was
 * decided on (sent as If-Match) and an idempotency key made ONCE; a commit
 * sends every staged decision that is not yet done, and a retry sends the
 * ones that failed in transport, with a 5xx or for their rate (429) again
 * with the SAME key, so the service
 * answers a decision that did land the first time instead of applying it
 * twice.  Each answer is filed in the casestore (the new case, or the
 * current one of a 412) and each failure kept per case, in words: a 412
 * says who decided what and when.
 *
 * Invariants: a decision's key never changes; a decision that succeeded is
 * never sent again; the done callback runs once per commit, when the last
 * answer of that commit is in.
 */
#ifndef GOVDX_BATCH_H
#define GOVDX_BATCH_H

#include <stdbool.h>
#include <stddef.h>

#include <govdx.h>

#include "casestore.h"

enum batch_state { BATCH_STAGED, BATCH_SENDING, BATCH_DONE, BATCH_FAILED };

struct batch_decision {
	char *id;
	long version;
	char key[GOVDX_IDEMPOTENCY_KEY_SIZE];
	enum batch_state state;
	char *error;     /* why it failed, one line */
	bool retryable;  /* failed in transport, with a 5xx or rate-limited (429):
	                    may be sent again */
	int retry_after; /* a 429: seconds the service asked to wait */
	long http_status;
	bool said_who;   /* error is "was not approved: <who> <did> it at <when>" */
};

struct batch;

/* The done callback: the commit's last answer is in. */
typedef void (*batch_done_fn)(void *arg, struct batch *b);

/* A new empty batch for one action of a kind; reason may be NULL. */
struct batch *batch_new(const struct case_kind *kind, const char *action, const char *reason);
void batch_free(struct batch *b);

/* Stages a decision on case id at version (0: no If-Match). */
void batch_stage(struct batch *b, const char *id, long version);

/* Sends every staged decision (and, on a retry, every retryable failure);
 * returns how many were sent.  The client and casestore must outlive the
 * calls (they do: the console frees the client, which cancels them, before
 * the batch). */
int batch_commit(struct batch *b, struct govdx_client *c, struct casestore *cs,
                 batch_done_fn done, void *arg);
/* Decisions that failed in a way a retry may mend. */
size_t batch_retryable(const struct batch *b);
/* The longest wait the service asked for (seconds) among the decisions it
 * refused for their rate (429), 0 when none was: a retry is due then. */
int batch_retry_after(const struct batch *b);
bool batch_busy(const struct batch *b);

const struct case_kind *batch_kind(const struct batch *b);
const char *batch_action(const struct batch *b);
const char *batch_reason(const struct batch *b);
/* The ground of a refusal (reject: "not_held", ...), sent with every
 * decision of the batch; NULL (the default): none sent. */
void batch_set_ground(struct batch *b, const char *ground);
size_t batch_count(const struct batch *b);
const struct batch_decision *batch_get(const struct batch *b, size_t i);

/* "2 approved, 1 failed: REQ-000123 precondition failed — approved by
 * hebei-approver2 at 2025-11-20 10:02; ..." into buf. */
void batch_summary(const struct batch *b, char *buf, size_t len);

#endif /* GOVDX_BATCH_H */
