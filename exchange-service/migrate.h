/*
 * migrate.h — the schema: versioned migrations, then every function
 * (govdx-exchanged migrate).
 *
 * Tables, indexes and data changes are migrations, the files
 * DIR/sql/NNN-name.sql, applied once each in order of NNN and recorded in
 * schema_migrations. Functions, views and triggers are the files of
 * DIR/sql/functions, each written once (CREATE OR REPLACE) and all applied
 * again on every run in the order their ORDER file gives, after the pending
 * migrations — so the definitions in force are always the tree's, whatever
 * history a database has. (A function that a table needs while it is built —
 * a column default, an index expression, a CHECK — stays in the migration
 * that first needs it.)
 *
 * Invariants: a run is one transaction under an advisory transaction lock:
 * concurrent runs wait for each other, and a run either applies and records
 * every pending migration and every function file or changes nothing.
 * Running migrate again applies no migration and leaves every definition as
 * it was. A functions/ folder whose .sql files and ORDER disagree (a file
 * not listed, listed twice, or listed but missing) is refused before
 * anything runs.
 */
#ifndef GOVDX_SVC_MIGRATE_H
#define GOVDX_SVC_MIGRATE_H

#include <stdbool.h>
#include <stddef.h>

#include <libpq-fe.h>

/* Applies the pending migrations and then every function file from
 * data_dir/sql. Reports progress on stdout. Returns true, or false with a
 * one-line reason in err. */
bool migrate_run(PGconn *conn, const char *data_dir, char *err, size_t errsz);

#endif
