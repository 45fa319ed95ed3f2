/*
 * db.h — PostgreSQL connections: one per worker thread, prepared statements.
 *
 * The pool holds the connection string and the statements every connection
 * prepares; each worker thread owns exactly one connection, created on its
 * first request and kept in a thread-specific slot of the pool (no locks on
 * the request path). A connection that went away is re-opened at most once
 * a second per worker; meanwhile requests are told the database is
 * unavailable (503). A statement that fails because the connection broke is
 * retried once on a fresh connection, which is safe because every statement
 * run through db_exec is a read.
 *
 * Writes: connections default to read-only transactions, so a write slipped
 * into a read path fails instead of happening. A write opens its own
 * transaction with db_begin_write (BEGIN READ WRITE), runs its statements
 * with db_tx_exec and ends with db_commit or db_rollback. Nothing inside a
 * write transaction is ever retried: when the connection breaks there, the
 * outcome is unknown and the caller answers 503 (a client retries with its
 * Idempotency-Key, which makes the retry safe).
 */
#ifndef GOVDX_SVC_DB_H
#define GOVDX_SVC_DB_H

#include <stdbool.h>
#include <stddef.h>

#include <libpq-fe.h>

/* A statement every worker connection prepares. */
struct db_statement {
	const char *name;
	const char *sql;
};

struct db_pool;
struct db;

/* Creates a pool. statements lists n statements; the array must outlive the
 * pool. Returns NULL when memory or thread keys run out. */
struct db_pool *db_pool_new(const char *conninfo, const struct db_statement *statements,
                            size_t n);
/* Frees the pool; connections of live threads must be gone (daemon stopped). */
void db_pool_free(struct db_pool *pool);

/* The calling thread's connection handle (never NULL unless out of memory),
 * held by the caller's request until db_pool_release (for the figures of
 * db_pool_figures only: the handle is the thread's either way). */
struct db *db_pool_get(struct db_pool *pool);
/* The request running on this thread is done with its connection. */
void db_pool_release(struct db *db);

/* The pool's connections as they are now, each counted by its own thread
 * as it changes (read without a lock: each figure is exact, the two are
 * read one after the other). */
struct db_pool_figures {
	unsigned in_use; /* open and held by a running request */
	unsigned idle;   /* open and held by none */
};
void db_pool_figures(struct db_pool *pool, struct db_pool_figures *out);

enum db_status {
	DB_OK = 0,
	DB_UNAVAILABLE, /* no connection to the database: answer 503 */
	DB_ERROR,       /* the statement failed: answer 500 */
};

/* Runs a prepared statement with text parameters (NULL = SQL NULL). On
 * DB_OK *res holds a PGRES_TUPLES_OK or PGRES_COMMAND_OK result that the
 * caller clears. */
enum db_status db_exec(struct db *db, const char *stmt, int nparams, const char *const *params,
                       PGresult **res);

/* Reads db_exec cannot run on db (no connection, or the statement failed)
 * run on fallback instead, and so does every later one until the fallback
 * is set again (a standby's connection falling back to the primary's);
 * NULL: none. */
void db_set_fallback(struct db *db, struct db *fallback);
/* Whether db_exec ran a statement on the fallback since db_set_fallback. */
bool db_fell_back(const struct db *db);

/* Begins a read-write transaction on the worker's connection. BEGIN itself
 * is retried once on a fresh connection (nothing has been written yet). */
enum db_status db_begin_write(struct db *db);

/* Runs a prepared statement inside the write transaction; never retried.
 * On DB_OK as db_exec. On DB_ERROR *res holds the failed result (the caller
 * reads its SQLSTATE and fields, then clears it) and the transaction is
 * aborted: call db_rollback. On DB_UNAVAILABLE the connection is gone and
 * *res is NULL. */
enum db_status db_tx_exec(struct db *db, const char *stmt, int nparams,
                          const char *const *params, PGresult **res);

/* Commits. DB_UNAVAILABLE when the connection broke during COMMIT (the
 * outcome is then unknown), DB_ERROR when the server refused it. */
enum db_status db_commit(struct db *db);

/* Rolls back (harmless when no transaction is open or the connection is gone). */
void db_rollback(struct db *db);

/* Connects for a command-line tool. Returns the connection, or NULL with a
 * one-line reason in err. */
PGconn *db_connect(const char *conninfo, char *err, size_t errsz);

/* Runs SQL (maybe several statements) for a command-line tool. Returns true,
 * or false with a one-line reason in err. */
bool db_run(PGconn *conn, const char *sql, char *err, size_t errsz);
/* The same with one text parameter ($1), for a statement that takes a
 * value: never a value printed into SQL. */
bool db_run_param(PGconn *conn, const char *sql, const char *param, char *err, size_t errsz);

/* Runs sql with its n text parameters on an operator command's connection.
 * Returns the result when its status is want (the caller clears it), else
 * NULL with the database's message in err. */
PGresult *db_query(PGconn *conn, const char *sql, int n, const char *const *params,
                   ExecStatusType want, char *err, size_t errsz);

/* Runs a COPY … FROM STDIN statement with len bytes of data (a tool's
 * bulk load). Returns true, or false with a one-line reason in err. */
bool db_copy_in(PGconn *conn, const char *copy_sql, const char *data, size_t len, char *err,
                size_t errsz);

/* Copies the first line of libpq's message into err (no trailing newline). */
void db_error_line(const char *msg, char *err, size_t errsz);

#endif
