/*
 * setup.h — what makes a database ready, as one step each: migrate (the
 * schema, the functions, the statutory days and the shipped holiday
 * calendar) and `demo load` (migrate, the seed, the demo users).
 */
#ifndef GOVDX_SVC_SETUP_H
#define GOVDX_SVC_SETUP_H

#include <stdbool.h>
#include <stddef.h>

#include <libpq-fe.h>

#include "seed.h"

/* migrate: the migrations and functions of data_dir/sql, the statutory
 * days, then data_dir/data/holidays-cn.csv for the years without a notice.
 * Reports on stdout. Returns false with a one-line reason in err. */
bool setup_migrate(PGconn *conn, const char *data_dir, char *err, size_t errsz);

/* demo load: migrate; the seed of scale entries, unless the directory is
 * seeded already and force is false (then it is kept, and said so); then
 * the demo users, with their tokens written to token_dir when it is not
 * NULL (else the accounts without tokens). progress, when not NULL, is
 * told each step (migrate, the seed's, users). Reports on stdout. */
bool setup_demo_load(PGconn *conn, const char *data_dir, long scale, bool force,
                     const char *token_dir, const struct seed_progress *progress, char *err,
                     size_t errsz);

#endif
