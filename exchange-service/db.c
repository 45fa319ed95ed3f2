/*
 * db.c — one PostgreSQL connection per worker thread; see db.h.
 *
 * Invariants: a struct db is touched only by the thread that owns it; the
 * pool itself is read-only after db_pool_new but for its two figures
 * (in_use, idle), atomic counters each thread moves for its own
 * connection in set_state only. A connection is "ready" only
 * after all statements were prepared and the session settings applied, so
 * a half-prepared connection is never used.
 */
#include "config.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db.h"

struct db_pool {
	char *conninfo;
	const struct db_statement *statements;
	size_t n_statements;
	pthread_key_t key;
	atomic_uint in_use;     /* connections ready and held (db_pool_figures) */
	atomic_uint idle;       /* connections ready and not held */
};

struct db {
	struct db_pool *pool;
	PGconn *conn;
	bool ready;             /* connected, prepared, settings applied */
	bool held;              /* by a request (db_pool_get .. db_pool_release) */
	struct timespec last_try; /* of the last connection attempt */
	struct db *fallback;    /* where failed reads run instead (db_set_fallback) */
	bool fell_back;         /* a read ran there since */
};

/* Sets ready and held, keeping the pool's figures in step. */
static void set_state(struct db *db, bool ready, bool held)
{
	if (db->ready && db->held)
		atomic_fetch_sub(&db->pool->in_use, 1);
	else if (db->ready)
		atomic_fetch_sub(&db->pool->idle, 1);
	db->ready = ready;
	db->held = held;
	if (ready && held)
		atomic_fetch_add(&db->pool->in_use, 1);
	else if (ready)
		atomic_fetch_add(&db->pool->idle, 1);
}

/* Session settings of every worker connection. Custom plans let the planner
 * see the actual filter values (an absent filter folds away, a name search
 * counts its matches with them); the timeout keeps a runaway query from holding a
 * worker. */
static const char session_sql[] =
	"SET plan_cache_mode = force_custom_plan; SET statement_timeout = '15s';"
	"SET default_transaction_read_only = on; SET jit = off";

static void db_destroy(void *p)
{
	struct db *db = p;

	set_state(db, false, false);
	if (db->conn)
		PQfinish(db->conn);
	free(db);
}

struct db_pool *db_pool_new(const char *conninfo, const struct db_statement *statements,
                            size_t n)
{
	struct db_pool *pool = calloc(1, sizeof *pool);

	if (!pool)
		return NULL;
	pool->conninfo = strdup(conninfo ? conninfo : "");
	pool->statements = statements;
	pool->n_statements = n;
	atomic_init(&pool->in_use, 0);
	atomic_init(&pool->idle, 0);
	if (!pool->conninfo || pthread_key_create(&pool->key, db_destroy) != 0) {
		free(pool->conninfo);
		free(pool);
		return NULL;
	}
	return pool;
}

void db_pool_free(struct db_pool *pool)
{
	if (!pool)
		return;
	pthread_key_delete(pool->key);
	free(pool->conninfo);
	free(pool);
}

struct db *db_pool_get(struct db_pool *pool)
{
	struct db *db = pthread_getspecific(pool->key);

	if (db) {
		set_state(db, db->ready, true);
		return db;
	}
	db = calloc(1, sizeof *db);
	if (!db)
		return NULL;
	db->pool = pool;
	if (pthread_setspecific(pool->key, db) != 0) {
		free(db);
		return NULL;
	}
	db->held = true;
	return db;
}

void db_pool_release(struct db *db)
{
	if (db)
		set_state(db, db->ready, false);
}

void db_pool_figures(struct db_pool *pool, struct db_pool_figures *out)
{
	out->in_use = atomic_load(&pool->in_use);
	out->idle = atomic_load(&pool->idle);
}

static PGconn *open_conn(const char *conninfo)
{
	/* Our defaults come first so that the caller's string overrides them. */
	const char *keys[] = {"connect_timeout", "application_name", "client_encoding", "dbname",
	                      NULL};
	const char *vals[] = {"5", "govdx-exchanged", "UTF8", conninfo, NULL};

	return PQconnectdbParams(keys, vals, 1);
}

PGconn *db_connect(const char *conninfo, char *err, size_t errsz)
{
	PGconn *conn = open_conn(conninfo ? conninfo : "");

	if (!conn) {
		snprintf(err, errsz, "out of memory");
		return NULL;
	}
	if (PQstatus(conn) != CONNECTION_OK) {
		db_error_line(PQerrorMessage(conn), err, errsz);
		PQfinish(conn);
		return NULL;
	}
	PQsetNoticeProcessor(conn, NULL, NULL);
	return conn;
}

void db_error_line(const char *msg, char *err, size_t errsz)
{
	size_t n = 0;

	if (!msg || !*msg)
		msg = "unknown database error";
	while (msg[n] && msg[n] != '\n')
		n++;
	snprintf(err, errsz, "%.*s", (int)n, msg);
}

/* Whether a tool's statement worked; the reason in err if not.  Clears r.
 * SQL of comments only (a migration whose work moved elsewhere) does
 * nothing and is no error. */
static bool run_result(PGconn *conn, PGresult *r, char *err, size_t errsz)
{
	ExecStatusType st = PQresultStatus(r);
	bool ok = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK || st == PGRES_EMPTY_QUERY;

	if (!ok)
		db_error_line(PQresultErrorMessage(r)[0] ? PQresultErrorMessage(r)
		                                         : PQerrorMessage(conn),
		              err, errsz);
	PQclear(r);
	return ok;
}

bool db_run(PGconn *conn, const char *sql, char *err, size_t errsz)
{
	return run_result(conn, PQexec(conn, sql), err, errsz);
}

bool db_copy_in(PGconn *conn, const char *copy_sql, const char *data, size_t len, char *err,
                size_t errsz)
{
	PGresult *r = PQexec(conn, copy_sql);
	bool ok = PQresultStatus(r) == PGRES_COPY_IN;

	if (!ok)
		db_error_line(PQresultErrorMessage(r), err, errsz);
	PQclear(r);
	if (!ok)
		return false;
	ok = PQputCopyData(conn, data, (int)len) == 1 && PQputCopyEnd(conn, NULL) == 1;
	r = PQgetResult(conn);
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		ok = false;
		db_error_line(PQresultErrorMessage(r), err, errsz);
	} else if (!ok) {
		db_error_line(PQerrorMessage(conn), err, errsz);
	}
	PQclear(r);
	while ((r = PQgetResult(conn)) != NULL)
		PQclear(r);
	return ok;
}

bool db_run_param(PGconn *conn, const char *sql, const char *param, char *err, size_t errsz)
{
	return run_result(conn, PQexecParams(conn, sql, 1, NULL, &param, NULL, NULL, 0), err,
	                  errsz);
}

static double seconds_since(const struct timespec *t)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - t->tv_sec) + (now.tv_nsec - t->tv_nsec) / 1e9;
}

static void drop(struct db *db)
{
	if (db->conn)
		PQfinish(db->conn);
	db->conn = NULL;
	set_state(db, false, db->held);
}

/* Makes the connection ready, opening it if needed. force skips the once a
 * second limit (used right after a connection broke under a statement). */
static bool ensure(struct db *db, bool force)
{
	char err[256];

	if (db->ready && PQstatus(db->conn) == CONNECTION_OK)
		return true;
	if (!force && (db->last_try.tv_sec || db->last_try.tv_nsec) && seconds_since(&db->last_try) < 1.0)
		return false;
	clock_gettime(CLOCK_MONOTONIC, &db->last_try);
	drop(db);
	db->conn = db_connect(db->pool->conninfo, err, sizeof err);
	if (!db->conn)
		return false;
	if (!db_run(db->conn, session_sql, err, sizeof err))
		goto fail;
	for (size_t i = 0; i < db->pool->n_statements; i++) {
		const struct db_statement *s = &db->pool->statements[i];
		PGresult *r = PQprepare(db->conn, s->name, s->sql, 0, NULL);
		bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;

		if (!ok)
			fprintf(stderr, "govdx-exchanged: preparing %s: %s", s->name,
			        PQresultErrorMessage(r));
		PQclear(r);
		if (!ok)
			goto fail;
	}
	set_state(db, true, db->held);
	return true;
fail:
	drop(db);
	return false;
}

static enum db_status exec_read(struct db *db, const char *stmt, int nparams,
                                const char *const *params, PGresult **res);

void db_set_fallback(struct db *db, struct db *fallback)
{
	db->fallback = fallback;
	db->fell_back = false;
}

bool db_fell_back(const struct db *db)
{
	return db->fell_back;
}

enum db_status db_exec(struct db *db, const char *stmt, int nparams, const char *const *params,
                       PGresult **res)
{
	enum db_status st;

	if (db->fallback && db->fell_back)
		return exec_read(db->fallback, stmt, nparams, params, res);
	st = exec_read(db, stmt, nparams, params, res);
	if (st == DB_OK || !db->fallback)
		return st;
	db->fell_back = true;
	return exec_read(db->fallback, stmt, nparams, params, res);
}

/* db_exec on db itself. */
static enum db_status exec_read(struct db *db, const char *stmt, int nparams,
                                const char *const *params, PGresult **res)
{
	*res = NULL;
	for (int attempt = 0; attempt < 2; attempt++) {
		PGresult *r;
		ExecStatusType st;

		if (!ensure(db, attempt > 0))
			return DB_UNAVAILABLE;
		r = PQexecPrepared(db->conn, stmt, nparams, params, NULL, NULL, 0);
		st = PQresultStatus(r);
		if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK) {
			*res = r;
			return DB_OK;
		}
		if (PQstatus(db->conn) == CONNECTION_OK) {
			fprintf(stderr, "govdx-exchanged: statement %s failed: %s", stmt,
			        PQresultErrorMessage(r));
			PQclear(r);
			return DB_ERROR;
		}
		/* The connection broke (server restart, network): retry once on
		 * a fresh one; if that fails too, the database is away. */
		PQclear(r);
		drop(db);
	}
	return DB_UNAVAILABLE;
}

/* ---- write transactions ------------------------------------------------- */

enum db_status db_begin_write(struct db *db)
{
	for (int attempt = 0; attempt < 2; attempt++) {
		PGresult *r;
		bool ok;

		if (!ensure(db, attempt > 0))
			return DB_UNAVAILABLE;
		r = PQexec(db->conn, "BEGIN READ WRITE");
		ok = PQresultStatus(r) == PGRES_COMMAND_OK;
		if (!ok && PQstatus(db->conn) == CONNECTION_OK) {
			fprintf(stderr, "govdx-exchanged: BEGIN failed: %s", PQresultErrorMessage(r));
			PQclear(r);
			/* Most likely a transaction left open: clear it for the next request. */
			PQclear(PQexec(db->conn, "ROLLBACK"));
			return DB_ERROR;
		}
		PQclear(r);
		if (ok)
			return DB_OK;
		drop(db);
	}
	return DB_UNAVAILABLE;
}

enum db_status db_tx_exec(struct db *db, const char *stmt, int nparams,
                          const char *const *params, PGresult **res)
{
	PGresult *r;
	ExecStatusType st;

	*res = NULL;
	if (!db->ready || PQstatus(db->conn) != CONNECTION_OK)
		return DB_UNAVAILABLE;
	r = PQexecPrepared(db->conn, stmt, nparams, params, NULL, NULL, 0);
	st = PQresultStatus(r);
	if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK) {
		*res = r;
		return DB_OK;
	}
	if (PQstatus(db->conn) == CONNECTION_OK) {
		*res = r;
		return DB_ERROR;
	}
	PQclear(r);
	drop(db);
	return DB_UNAVAILABLE;
}

enum db_status db_commit(struct db *db)
{
	PGresult *r;
	bool ok;

	if (!db->ready || PQstatus(db->conn) != CONNECTION_OK)
		return DB_UNAVAILABLE;
	r = PQexec(db->conn, "COMMIT");
	/* COMMIT of an aborted transaction "succeeds" as ROLLBACK. */
	ok = PQresultStatus(r) == PGRES_COMMAND_OK && strcmp(PQcmdStatus(r), "COMMIT") == 0;
	if (!ok && PQstatus(db->conn) != CONNECTION_OK) {
		PQclear(r);
		drop(db);
		return DB_UNAVAILABLE;
	}
	if (!ok)
		fprintf(stderr, "govdx-exchanged: COMMIT failed: %s", PQresultErrorMessage(r));
	PQclear(r);
	return ok ? DB_OK : DB_ERROR;
}

void db_rollback(struct db *db)
{
	if (db->conn && PQstatus(db->conn) == CONNECTION_OK &&
	    PQtransactionStatus(db->conn) != PQTRANS_IDLE)
		PQclear(PQexec(db->conn, "ROLLBACK"));
}

PGresult *db_query(PGconn *conn, const char *sql, int n, const char *const *params,
                   ExecStatusType want, char *err, size_t errsz)
{
	PGresult *r = PQexecParams(conn, sql, n, NULL, params, NULL, NULL, 0);

	if (PQresultStatus(r) == want)
		return r;
	db_error_line(PQresultErrorMessage(r), err, errsz);
	PQclear(r);
	return NULL;
}
