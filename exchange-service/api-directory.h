/*
 * api-directory.h — the directory endpoints of the exchange API (v1):
 * health, me, platforms (node, children, departments), entries (list and one).
 *
 * Shapes and error codes are those of docs/architecture.md ("The wire
 * contract"). Every list is keyset-paginated on its code with an opaque
 * cursor (cursor.h); nothing here counts rows at request time (the counts
 * come from platform_counts and department.entry_count).
 */
#ifndef GOVDX_SVC_API_DIRECTORY_H
#define GOVDX_SVC_API_DIRECTORY_H

#include <stddef.h>

#include "db.h"
#include "http.h"

/* The routes, terminated by a route with pattern NULL. */
extern const struct http_route api_directory_routes[];

/* The statements the endpoints use. */
const struct db_statement *api_directory_statements(size_t *n);

#endif
