/*
 * seed.h — the demo directory (govdx-exchanged seed).
 *
 * Stages DIR/data/{divisions,departments,resources}.csv into temporary
 * tables with COPY and runs DIR/sql/seed-directory.sql, which generates
 * platforms, departments, resource templates and `scale` entries inside
 * PostgreSQL, all in one transaction: a seed is complete or absent. A seeded
 * database is refused unless force is set, which replaces the directory and
 * removes the users (their departments are regenerated), the requests and
 * the objections.
 *
 * Then the demo accounts (users without tokens; demo-users gives them
 * tokens) and, in one transaction, DIR/sql/seed-requests.sql and
 * DIR/sql/seed-objections.sql: requests and objections in every state with
 * their audit history (each only if there are none of its kind yet). Both
 * stage their backdated events in one temporary table, appended to the
 * audit chain together in time order at the end. The audit log is never
 * emptied, not even by force: the new events continue the chain (and their
 * backdated times are clamped to its last event).
 */
#ifndef GOVDX_SVC_SEED_H
#define GOVDX_SVC_SEED_H

#include <stdbool.h>
#include <stddef.h>

#include <libpq-fe.h>

#define SEED_SCALE_DEFAULT 50000L
#define SEED_SCALE_MIN 1000L
#define SEED_SCALE_MAX 5000000L

/* What a seed tells as it goes, for a progress display (seed --progress):
 * step(arg, STEP, DETAIL) as each step begins (DETAIL may be NULL):
 * "directory" (platforms, departments, resource templates), "entries" (the
 * number of entries to load), "index" (an index of the entries, by name, built
 * after the load), "counts" (the counts per platform and department),
 * "names" (the name search dictionary), "statistics" (ANALYZE after the
 * commit), "workflows" (the demo requests and objections); and, during
 * "entries", entries(arg, DONE, TOTAL) before the first batch and after each.
 * A NULL member is not called. */
struct seed_progress {
	void (*step)(void *arg, const char *step, const char *detail);
	void (*entries)(void *arg, long done, long total);
	void *arg;
};

/* Returns true, or false with a one-line reason in err. Reports on stdout;
 * progress (may be NULL) hears of each step. */
bool seed_run(PGconn *conn, const char *data_dir, long scale, bool force,
              const struct seed_progress *progress, char *err, size_t errsz);

#endif
