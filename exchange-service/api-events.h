/*
 * api-events.h — GET /v1/events?after=SEQ&wait=S, the long poll of changes
 * a caller may see, and the one thread that LISTENs for them.
 *
 * A poll that finds nothing new is parked (http_suspend): it holds no
 * worker thread and no database connection while it waits. One listener
 * thread with its own libpq connection runs LISTEN govdx_events (payload:
 * the audit seq of a committed change). For each batch of notifications it
 * asks the database once which of the waiting users may see any of the new
 * events, and resumes only their polls (and every poll whose deadline
 * passed); a resumed poll queries again on a worker and answers when it
 * finds an event the caller may see or its wait is over, else parks again.
 * A change a caller may not see neither wakes nor reaches its poll. (If
 * that question fails, every poll behind the new seq is woken and looks
 * for itself.)
 *
 * No change is missed: a poll records the newest seq its query saw, and
 * parks only if the listener has not heard of a newer one (checked under
 * the same lock the listener wakes under). When the listener's connection
 * breaks it reconnects (at most once a second) and wakes every poll, since
 * notifications may have been lost meanwhile.
 *
 * The listener also purges idempotency keys older than a day, once an hour;
 * and once an hour it asks whether a holiday notice the deadlines need is
 * missing (govdx_calendar_warning: from 1 December the next year's), and
 * says so in the log when it connects, when the warning changes, and once
 * a day while it holds.
 */
#ifndef GOVDX_SVC_API_EVENTS_H
#define GOVDX_SVC_API_EVENTS_H

#include <stdbool.h>
#include <stddef.h>

#include "db.h"
#include "http.h"

#define API_EVENTS_WAIT_MAX 60
#define API_EVENTS_WAIT_DEFAULT 25
#define API_EVENTS_BATCH 200 /* most events in one answer */

struct api_events;

/* Creates the hub (the listener is not running yet). conninfo is copied.
 * NULL when out of memory. */
struct api_events *api_events_new(const char *conninfo);
/* Starts the listener thread. False (with a reason in err) on failure. */
bool api_events_start(struct api_events *ev, char *err, size_t errsz);
/* Wakes every parked poll (they answer at once), refuses to park new ones,
 * and joins the listener. Call before http_stop. */
void api_events_stop(struct api_events *ev);
void api_events_free(struct api_events *ev);
/* The polls parked now, waiting for a change (GET /v1/metrics). */
unsigned api_events_waiting(struct api_events *ev);

/* The routes; their handlers find the hub as http_context(rq). */
extern const struct http_route api_events_routes[];
const struct db_statement *api_events_statements(size_t *n);

#endif
