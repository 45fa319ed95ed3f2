/*
 * metrics.h — the service's request figures in the Prometheus text format
 * (version 0.0.4), for GET /v1/metrics.
 *
 * The registry counts every answered request by route, method and status
 * (govdx_http_requests_total) and keeps a latency histogram by route
 * (govdx_http_request_duration_seconds, buckets METRICS_BUCKETS). A route
 * is named by its pattern with each '*' written as the path parameter it
 * stands for, as docs/api/openapi.yaml names it: "{id}" after requests/ and
 * objections/, "{code}" elsewhere (platforms, entries); never a path as
 * sent. A request no route matched (404) counts under route "other", a
 * method other than GET, HEAD and POST under method "other". A request
 * the client left before any answer is not counted.
 *
 * Invariants: metrics_observe may be called from any thread at once; one
 * mutex guards the figures, held for a few additions per request, and
 * metrics_write copies them under it, so a scrape is one consistent
 * snapshot (every bucket cumulative, +Inf equal to _count, the counters
 * of a route summing to its _count).
 */
#ifndef GOVDX_SVC_METRICS_H
#define GOVDX_SVC_METRICS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* The upper bounds of the latency buckets, in seconds (+Inf is added). */
#define METRICS_BUCKETS 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0

struct metrics;

/* A registry for n route patterns ('*' for one path segment); the patterns
 * are copied. NULL when out of memory. */
struct metrics *metrics_new(const char *const *patterns, size_t n);
void metrics_free(struct metrics *m);

/* Counts one answered request: route is the index of its pattern, or -1
 * when no route matched; seconds from its first byte to its completion. */
void metrics_observe(struct metrics *m, int route, const char *method, unsigned status,
                     double seconds);

/* Writes the two HTTP families (# HELP, # TYPE and samples) to f. */
void metrics_write(struct metrics *m, FILE *f);

/* Writes one gauge family of a single sample. */
void metrics_write_gauge(FILE *f, const char *name, const char *help, double value);

/* The label of a route pattern into out (a '*' after requests/ becomes
 * "{id}"); false when it does not fit. */
bool metrics_route_label(const char *pattern, char *out, size_t outsz);

#endif
