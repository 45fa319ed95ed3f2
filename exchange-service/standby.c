/*
 * standby.c — directory reads on a streaming-replication standby; see
 * standby.h.
 */
#include "config.h"

#include <inttypes.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "metrics.h"
#include "standby.h"

struct standby {
	struct db_pool *pool;
	struct db_statement *statements; /* the caller's and ours, for the pool */
	int64_t max_lag_us;
	_Atomic int64_t checked_ns;      /* monotonic time of the last check; 0: never */
	atomic_int up;                   /* reachable and in recovery at the last check */
	_Atomic int64_t lag_us;          /* the replay lag at the last check */
	_Atomic int64_t caught_up_ns;    /* when a check last found it caught up; 0: never */
	_Atomic uint64_t replay;         /* the highest replay position seen */
	_Atomic uint64_t count[STANDBY_N_WHY];
	atomic_int said;                 /* the state last logged: 0 none, else a state */
	pthread_t checker;               /* checks the state every STANDBY_REFRESH_MS */
	pthread_mutex_t lock;            /* guards stopping, for wake */
	pthread_cond_t wake;             /* the checker's sleep, cut short to stop */
	bool stopping;
};

/* The standby's state as the log says it. */
enum said { SAID_NONE = 0, SAID_OK, SAID_LAGGING, SAID_DOWN };

/* The standby's state in one statement: its replay position, the age of
 * the last transaction it replayed (unknown: 1e9 s), whether it is in
 * recovery, and whether it is caught up: a WAL receiver streams and all it
 * received is replayed. (The receiver may report less than was replayed:
 * after a restart it says where it started streaming, the beginning of a
 * segment.) */
static const struct db_statement own_statements[] = {
	{"standby_state",
	 "SELECT pg_last_wal_replay_lsn()::text, "
	 "coalesce(extract(epoch FROM now() - pg_last_xact_replay_timestamp()), 1e9), "
	 "pg_is_in_recovery(), "
	 "EXISTS (SELECT 1 FROM pg_stat_wal_receiver) "
	 " AND pg_last_wal_receive_lsn() <= pg_last_wal_replay_lsn()"},
};

const struct db_statement *standby_statements(size_t *n)
{
	*n = sizeof own_statements / sizeof own_statements[0];
	return own_statements;
}

uint64_t standby_lsn(const char *text)
{
	static const char hex[] = "0123456789ABCDEFabcdef";
	size_t hi, lo;

	if (!text)
		return 0;
	hi = strspn(text, hex);
	if (hi == 0 || hi > 8 || text[hi] != '/')
		return 0;
	lo = strspn(text + hi + 1, hex);
	if (lo == 0 || lo > 8 || text[hi + 1 + lo])
		return 0;
	return (uint64_t)strtoull(text, NULL, 16) << 32 | strtoull(text + hi + 1, NULL, 16);
}

static int64_t now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

/* Raises *a to v unless it is higher already. */
static void raise_to(_Atomic uint64_t *a, uint64_t v)
{
	uint64_t cur = atomic_load(a);

	while (cur < v && !atomic_compare_exchange_weak(a, &cur, v))
		;
}

static void *check_loop(void *arg);

/* Starts the checker with every signal blocked (the daemon takes its
 * stop signals in its main thread); its sleep is on the monotonic clock. */
static bool start_checker(struct standby *sb)
{
	pthread_condattr_t ca;
	sigset_t all, old;
	bool ok;

	if (pthread_condattr_init(&ca) != 0)
		return false;
	ok = pthread_condattr_setclock(&ca, CLOCK_MONOTONIC) == 0 &&
	     pthread_cond_init(&sb->wake, &ca) == 0;
	pthread_condattr_destroy(&ca);
	if (!ok)
		return false;
	if (pthread_mutex_init(&sb->lock, NULL) != 0) {
		pthread_cond_destroy(&sb->wake);
		return false;
	}
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	ok = pthread_create(&sb->checker, NULL, check_loop, sb) == 0;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (!ok) {
		pthread_mutex_destroy(&sb->lock);
		pthread_cond_destroy(&sb->wake);
	}
	return ok;
}

struct standby *standby_new(const char *conninfo, const struct db_statement *statements,
                            size_t n, double max_lag)
{
	struct standby *sb = calloc(1, sizeof *sb);
	size_t own;
	const struct db_statement *ours = standby_statements(&own);

	if (!sb)
		return NULL;
	sb->statements = calloc(n + own, sizeof *sb->statements);
	if (!sb->statements) {
		free(sb);
		return NULL;
	}
	memcpy(sb->statements, statements, n * sizeof *statements);
	memcpy(sb->statements + n, ours, own * sizeof *ours);
	sb->pool = db_pool_new(conninfo, sb->statements, n + own);
	if (!sb->pool) {
		free(sb->statements);
		free(sb);
		return NULL;
	}
	sb->max_lag_us = (int64_t)(max_lag * 1e6);
	if (!start_checker(sb)) {
		db_pool_free(sb->pool);
		free(sb->statements);
		free(sb);
		return NULL;
	}
	return sb;
}

void standby_free(struct standby *sb)
{
	if (!sb)
		return;
	pthread_mutex_lock(&sb->lock);
	sb->stopping = true;
	pthread_cond_signal(&sb->wake);
	pthread_mutex_unlock(&sb->lock);
	pthread_join(sb->checker, NULL);
	pthread_cond_destroy(&sb->wake);
	pthread_mutex_destroy(&sb->lock);
	db_pool_free(sb->pool);
	free(sb->statements);
	free(sb);
}

/* One line on stderr when the standby's state changes (at start, the
 * first state seen): where directory reads go from now on. */
static void say_state(struct standby *sb)
{
	double lag = (double)atomic_load(&sb->lag_us) / 1e6;
	int now = !atomic_load(&sb->up)                     ? SAID_DOWN
	          : atomic_load(&sb->lag_us) > sb->max_lag_us ? SAID_LAGGING
	                                                      : SAID_OK;

	if (atomic_exchange(&sb->said, now) == now)
		return;
	if (now == SAID_OK)
		fprintf(stderr, "govdx-exchanged: read standby ok: directory reads on it\n");
	else if (now == SAID_LAGGING)
		fprintf(stderr,
		        "govdx-exchanged: read standby lagging (%.1f s, over %.1f s): directory reads "
		        "on the primary\n",
		        lag, (double)sb->max_lag_us / 1e6);
	else
		fprintf(stderr, "govdx-exchanged: read standby down (not reachable, or not in "
		                "recovery): directory reads on the primary\n");
}

/* Reads the standby's state through db (this thread's connection).
 *
 * The replay lag: 0 when caught up. Else two upper bounds of how old what
 * it shows may be, the smaller one: the age of the last transaction it
 * replayed (too high when the primary was idle before the WAL now
 * pending, or that WAL holds no commit), and the time since a check last
 * found it caught up (it then had what the primary had flushed). */
static void refresh(struct standby *sb, struct db *db)
{
	PGresult *r;
	bool up = false;
	int64_t now = now_ns();

	if (db_exec(db, "standby_state", 0, NULL, &r) == DB_OK) {
		up = PQntuples(r) == 1 && strcmp(PQgetvalue(r, 0, 2), "t") == 0;
		if (up) {
			int64_t lag = (int64_t)(strtod(PQgetvalue(r, 0, 1), NULL) * 1e6);
			int64_t since = atomic_load(&sb->caught_up_ns);

			raise_to(&sb->replay, standby_lsn(PQgetvalue(r, 0, 0)));
			if (strcmp(PQgetvalue(r, 0, 3), "t") == 0) {
				lag = 0;
				atomic_store(&sb->caught_up_ns, now);
			} else if (since && (now - since) / 1000 < lag) {
				lag = (now - since) / 1000;
			}
			atomic_store(&sb->lag_us, lag);
		}
		PQclear(r);
	}
	atomic_store(&sb->up, up);
	atomic_store(&sb->checked_ns, now);
	say_state(sb);
}

/* The checker: the standby's state every STANDBY_REFRESH_MS, through a
 * connection of its own (this thread's in the pool), until standby_free. */
static void *check_loop(void *arg)
{
	struct standby *sb = arg;
	struct timespec until;

	pthread_mutex_lock(&sb->lock);
	while (!sb->stopping) {
		struct db *db;

		pthread_mutex_unlock(&sb->lock);
		db = db_pool_get(sb->pool);
		if (db) {
			refresh(sb, db);
			db_pool_release(db);
		}
		pthread_mutex_lock(&sb->lock);
		clock_gettime(CLOCK_MONOTONIC, &until);
		until.tv_nsec += STANDBY_REFRESH_MS * 1000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		while (!sb->stopping && pthread_cond_timedwait(&sb->wake, &sb->lock, &until) == 0)
			;
	}
	pthread_mutex_unlock(&sb->lock);
	return NULL;
}

/* Why a read by a caller of mark may not go to the standby now. A state
 * older than STANDBY_STALE_MS is no state: the checker is stuck (a
 * connection attempt to a host that does not answer), so is the standby. */
static enum standby_why judge(struct standby *sb, uint64_t mark)
{
	int64_t checked = atomic_load(&sb->checked_ns);

	if (!atomic_load(&sb->up) || !checked ||
	    now_ns() - checked > (int64_t)STANDBY_STALE_MS * 1000000)
		return STANDBY_DOWN;
	if (atomic_load(&sb->lag_us) > sb->max_lag_us)
		return STANDBY_LAGGING;
	if (mark > atomic_load(&sb->replay))
		return STANDBY_OWN_WRITE;
	return STANDBY_SERVED;
}

struct db *standby_pick(struct standby *sb, uint64_t mark, enum standby_why *why)
{
	struct db *db;

	*why = judge(sb, mark);
	if (*why != STANDBY_SERVED && *why != STANDBY_OWN_WRITE)
		return NULL;
	db = db_pool_get(sb->pool);
	if (!db) {
		*why = STANDBY_DOWN;
		return NULL;
	}
	if (*why == STANDBY_OWN_WRITE) {
		/* Maybe replayed since the last check: look again, once,
		 * through this thread's connection. */
		refresh(sb, db);
		*why = judge(sb, mark);
	}
	if (*why == STANDBY_SERVED)
		return db;
	db_pool_release(db);
	return NULL;
}

void standby_count(struct standby *sb, enum standby_why why)
{
	if (why < STANDBY_N_WHY)
		atomic_fetch_add(&sb->count[why], 1);
}

static const char *const why_label[STANDBY_N_WHY] = {
	[STANDBY_SERVED] = "served", [STANDBY_DOWN] = "down", [STANDBY_LAGGING] = "lagging",
	[STANDBY_OWN_WRITE] = "own_write", [STANDBY_FAILED] = "failed",
};

void standby_write_metrics(struct standby *sb, FILE *f)
{
	uint64_t c[STANDBY_N_WHY], primary = 0;

	for (int i = 0; i < STANDBY_N_WHY; i++) {
		c[i] = atomic_load(&sb->count[i]);
		if (i != STANDBY_SERVED)
			primary += c[i];
	}
	fprintf(f,
	        "# HELP govdx_db_reads_total Directory reads by the database node that answered them.\n"
	        "# TYPE govdx_db_reads_total counter\n"
	        "govdx_db_reads_total{node=\"primary\"} %" PRIu64 "\n"
	        "govdx_db_reads_total{node=\"standby\"} %" PRIu64 "\n",
	        primary, c[STANDBY_SERVED]);
	fputs("# HELP govdx_db_read_fallbacks_total Directory reads the primary answered instead of "
	      "the standby, by reason.\n"
	      "# TYPE govdx_db_read_fallbacks_total counter\n",
	      f);
	for (int i = 1; i < STANDBY_N_WHY; i++)
		fprintf(f, "govdx_db_read_fallbacks_total{reason=\"%s\"} %" PRIu64 "\n", why_label[i],
		        c[i]);
	metrics_write_gauge(f, "govdx_standby_up",
	                    "1 when the read standby answered and was in recovery at its last check.",
	                    atomic_load(&sb->up) ? 1 : 0);
	metrics_write_gauge(f, "govdx_standby_lag_seconds",
	                    "The read standby's replay lag at its last check.",
	                    (double)atomic_load(&sb->lag_us) / 1e6);
}

json_t *standby_health(struct standby *sb)
{
	enum standby_why why = judge(sb, 0);

	return json_pack("{s:s,s:o}", "status",
	                 why == STANDBY_SERVED   ? "ok"
	                 : why == STANDBY_DOWN   ? "down"
	                                         : "lagging",
	                 "lag_seconds",
	                 why == STANDBY_DOWN ? json_null()
	                                     : json_real((double)atomic_load(&sb->lag_us) / 1e6));
}
