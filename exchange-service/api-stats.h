/*
 * api-stats.h — the supervision figures of the exchange API (v1):
 * GET /v1/stats and GET /v1/stats/unmet, and the log of entry searches that
 * found nothing, which the second reads.
 *
 * The figures are computed in PostgreSQL (govdx_stats, govdx_stats_unmet,
 * over request_span, search_miss and the request and objection tables:
 * migration 019); this module checks the parameters, and maps the
 * functions' refusals (scope: 403, 404; period: 400) onto the error format.
 * Shapes and codes are those of docs/api/openapi.yaml.
 */
#ifndef GOVDX_SVC_API_STATS_H
#define GOVDX_SVC_API_STATS_H

#include <stddef.h>

#include "db.h"
#include "http.h"

/* The days the search log keeps by default (serve --search-log-days). */
#define API_STATS_SEARCH_LOG_DAYS 180
#define API_STATS_SEARCH_LOG_DAYS_MAX 3650

extern const struct http_route api_stats_routes[];
const struct db_statement *api_stats_statements(size_t *n);

/* Counts a search of the entries by name (q) whose first page found
 * nothing, in the scope it searched: department (its platform) or
 * platform, or the whole directory when both are NULL. Best effort: a
 * failure is logged, never answered (the search has its answer). Does
 * nothing when the search log is off (http_search_log_days 0). */
void api_stats_log_miss(struct http_request *rq, const char *platform, const char *department,
                        const char *q);

#endif
