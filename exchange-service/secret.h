/*
 * secret.h — the service's secrets, kept in the database (service_secret,
 * migration 013): made once from the system's random source, then read by
 * every worker of every instance, so that all of them share them and a
 * restart keeps them.
 *
 * Loaded on first use through the asking worker's connection, not at
 * start: the service starts, and answers health, while its database is
 * away.  Thread-safe: one store per service, loaded once under its lock.
 */
#ifndef GOVDX_SVC_SECRET_H
#define GOVDX_SVC_SECRET_H

#include <stddef.h>

#include "cursor.h"
#include "db.h"

struct secret_store;

struct secret_store *secret_store_new(void);
void secret_store_free(struct secret_store *s);

/* The key that signs page cursors: made if the database has none yet, then
 * read back, once; NULL while the database cannot give it (the caller
 * answers as for any database failure). */
const struct cursor_secret *secret_cursor(struct secret_store *s, struct db *db);

/* The statements it prepares on each worker connection. */
const struct db_statement *secret_statements(size_t *n);

#endif
