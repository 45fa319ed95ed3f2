/*
 * api-metrics.h — GET /v1/metrics: the service's figures in the Prometheus
 * text exposition format (version 0.0.4), for admin users only (others get
 * 403; a scraper uses an admin's token, see docs/operations.md).
 *
 * Families: govdx_http_requests_total{route,method,status} (counter),
 * govdx_http_request_duration_seconds{route} (histogram), the database
 * connections of the workers (govdx_db_connections_in_use, _idle, _max),
 * the long polls parked on GET /v1/events (govdx_events_waiters),
 * process_start_time_seconds and govdx_build_info{version}. See metrics.h
 * for how routes are named and how a scrape stays consistent.
 */
#ifndef GOVDX_SVC_API_METRICS_H
#define GOVDX_SVC_API_METRICS_H

#include "http.h"

/* What the answer says it is. */
#define API_METRICS_CONTENT_TYPE "text/plain; version=0.0.4; charset=utf-8"

/* The route; its handler finds the events hub as http_context(rq). */
extern const struct http_route api_metrics_routes[];

#endif
