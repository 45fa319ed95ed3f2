/*
 * secret.h — the service's secrets, kept in the database (service_secret,
 * migration 013): made once from the system's random source, then read by
 * every start, so that all workers and instances share them.
 */
#ifndef GOVDX_SVC_SECRET_H
#define GOVDX_SVC_SECRET_H

#include <stdbool.h>
#include <stddef.h>

#include "cursor.h"

/* The key that signs page cursors: made if the database has none yet,
 * then read back. Returns false with a one-line reason in err. */
bool secret_cursor(const char *conninfo, struct cursor_secret *out, char *err, size_t errsz);

#endif
