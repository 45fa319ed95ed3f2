/*
 * standby.h — directory reads on a streaming-replication standby
 * (serve --read-dsn), with read-your-writes and a lag bound.
 *
 * The standby has a pool of its own (db.h: one connection per worker
 * thread). A route whose data is the directory alone asks for its
 * connection through http_db_read; the HTTP layer then asks standby_pick,
 * which answers the standby's connection or NULL (the read goes to the
 * primary) and why:
 *   - down: the standby cannot be reached, or is no standby (not in
 *     recovery);
 *   - lagging: its replay lag is over the bound (--read-max-lag). The lag
 *     is 0 while it streams and has replayed all it received, else an
 *     upper bound of how old what it shows may be: the age of the last
 *     transaction it replayed or the time since it was last seen caught
 *     up, whichever is less (standby.c, refresh);
 *   - own_write: the caller wrote something (any POST) whose WAL position,
 *     the caller's read mark, the standby has not replayed yet.
 * The standby's state (replay position, lag, up) is read every
 * STANDBY_REFRESH_MS by a thread of its own, so that no request waits on a
 * standby that does not answer: a state older than STANDBY_STALE_MS counts
 * as down. A caller whose read mark is past the replay position last seen
 * looks again at once, through its worker's standby connection, before
 * falling back.
 *
 * Read-your-writes: after every POST the HTTP layer writes the primary's
 * WAL insert position (pg_current_wal_insert_lsn(), past the write's
 * commit record) as the caller's read mark (table read_mark, migration
 * 017), and the token lookup, on the primary at every request, returns
 * it: any instance sees the marks of writes made through any other, at no
 * cost to reads. A read whose mark is past the standby's replay position
 * goes to the primary.
 *
 * Invariants: every figure is an atomic; the replay position only grows;
 * the standby connection standby_pick gives is the calling thread's
 * (db_pool_get), released by the caller with db_pool_release; the checker
 * runs from standby_new to standby_free, with every signal blocked.
 */
#ifndef GOVDX_SVC_STANDBY_H
#define GOVDX_SVC_STANDBY_H

#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#include "db.h"

#define STANDBY_REFRESH_MS 100
#define STANDBY_STALE_MS 2000
/* The default bound of the replay lag, seconds. */
#define STANDBY_MAX_LAG_DEFAULT 5.0

struct standby;

/* Why a read went where it went. */
enum standby_why {
	STANDBY_SERVED = 0, /* by the standby */
	STANDBY_DOWN,       /* the standby is not reachable, or is no standby */
	STANDBY_LAGGING,    /* over the lag bound */
	STANDBY_OWN_WRITE,  /* the caller's last write is not replayed there yet */
	STANDBY_FAILED,     /* a statement failed there: run on the primary */
	STANDBY_N_WHY,
};

/* A standby of conninfo whose connections prepare statements (n; the
 * array must outlive it) and its own; max_lag in seconds. NULL when out of
 * memory. */
struct standby *standby_new(const char *conninfo, const struct db_statement *statements,
                            size_t n, double max_lag);
void standby_free(struct standby *sb);

/* The statements the standby's connections prepare besides the caller's. */
const struct db_statement *standby_statements(size_t *n);

/* This thread's standby connection, held, for a read by a caller whose
 * read mark is mark (a WAL position, 0: none); or NULL, the read going to
 * the primary, with *why saying why. */
struct db *standby_pick(struct standby *sb, uint64_t mark, enum standby_why *why);

/* Counts one read: by the standby (STANDBY_SERVED) or by the primary and
 * why. */
void standby_count(struct standby *sb, enum standby_why why);

/* The reads by node, the fallbacks by reason, the standby's state. */
void standby_write_metrics(struct standby *sb, FILE *f);

/* {"status": "ok"|"lagging"|"down", "lag_seconds": N} as last seen. */
json_t *standby_health(struct standby *sb);

/* An "X/Y" WAL position as a number (0 when it is not one). */
uint64_t standby_lsn(const char *text);

#endif
