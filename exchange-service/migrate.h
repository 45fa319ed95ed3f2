/*
 * migrate.h — versioned schema migrations (govdx-exchanged migrate).
 *
 * Migrations are the files DIR/sql/NNN-name.sql, applied in order of NNN,
 * each in its own transaction together with its row in schema_migrations, so
 * a migration is either wholly applied and recorded or not at all. Applied
 * versions are skipped, so running migrate again is harmless; an advisory
 * lock keeps two concurrent runs from applying the same file twice.
 */
#ifndef GOVDX_SVC_MIGRATE_H
#define GOVDX_SVC_MIGRATE_H

#include <stdbool.h>
#include <stddef.h>

#include <libpq-fe.h>

/* Applies the pending migrations from data_dir/sql. Reports progress on
 * stdout. Returns true, or false with a one-line reason in err. */
bool migrate_run(PGconn *conn, const char *data_dir, char *err, size_t errsz);

#endif
