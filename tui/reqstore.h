/*
 * reqstore — what the console knows about sharing requests, and keeping it
 * live.
 *
 * Like the directory store (store.h), views never hold results of calls:
 * they ask the reqstore for a queue (a box and a state filter), a request or
 * its history, and the reqstore starts the calls and files the answers.
 * Requests are kept once, by id; a queue is a list of ids in the service's
 * order (deadline, then id), so a request that changes changes in every
 * queue at once.
 *
 * Live updates: while connected, one long poll (GET /v1/events) is always
 * in flight.  Each request event refetches that request; the new version
 * replaces the old one everywhere, a request not yet in a loaded queue is
 * inserted where it sorts (when its box and state fit), and the row is
 * marked until the user looks at it.  Changes the console made itself
 * (reqstore_put after a transition) are not marked.
 *
 * Invariants: a queue has at most one page call in flight; answers for a
 * queue refreshed since are dropped; items live until reqstore_free, so
 * views may keep pointers to them between frames; the long poll is never
 * counted as work in flight (reqstore_idle_calls) so the spinner stays
 * still while nothing else happens.
 */
#ifndef GOVDX_REQSTORE_H
#define GOVDX_REQSTORE_H

#include <stdbool.h>
#include <stddef.h>

#include <govdx.h>

#include "store.h"

struct reqstore_item {
	char *id;
	struct govdx_request *r; /* the newest version known, or NULL */
	enum store_state state;  /* of the last GET */
	char *error;
	bool not_found;
	bool marked;      /* arrived or changed live; cleared when looked at */
	long own_version; /* the version this console's own action produced */
	bool refetch;     /* fetch again when the GET in flight returns */
	/* the history (GET /v1/audit?subject=request:ID), all pages */
	enum store_state audit_state;
	struct govdx_audit_event *events;
	size_t n_events, cap_events;
	char *audit_error;
	unsigned audit_gen;
	/* the outcome of the last action taken on it here, when it failed */
	char *result;
};

struct reqstore_list {
	char *box;   /* "inbox", "outbox", "all" */
	char *filter; /* state filter, "" for any */
	enum store_state state;
	bool complete;
	bool refreshing;
	char *cursor;
	unsigned gen;
	char *error;
	char **ids;
	size_t n, cap;
};

/* How live updates are going. */
enum reqstore_live { LIVE_OFF, LIVE_STARTING, LIVE_ON, LIVE_DOWN, LIVE_UNSUPPORTED };

struct reqstore_hooks {
	void (*changed)(void *arg);
	/* a call the user asked for failed (not the long poll) */
	void (*failed)(void *arg, const struct govdx_error *err, const char *what);
	/* something arrived live: one line for the status line */
	void (*notify)(void *arg, const char *msg);
	void *arg;
};

struct reqstore;

struct reqstore *reqstore_new(struct govdx_client *c, const struct reqstore_hooks *hooks);
/* Call after the client is freed or with no calls in flight. */
void reqstore_free(struct reqstore *rs);

/* Who the caller is, for placing live arrivals in the right boxes. */
void reqstore_set_me(struct reqstore *rs, const char *department, const char *role);

/* The queue for a box and state ("" or NULL: any), created empty if new. */
struct reqstore_list *reqstore_list(struct reqstore *rs, const char *box, const char *state);
void reqstore_want_first(struct reqstore *rs, struct reqstore_list *l);
void reqstore_more(struct reqstore *rs, struct reqstore_list *l);
void reqstore_refresh_list(struct reqstore *rs, struct reqstore_list *l);

/* One request, created empty if new; reqstore_find gives NULL for unknown. */
struct reqstore_item *reqstore_item(struct reqstore *rs, const char *id);
struct reqstore_item *reqstore_find(struct reqstore *rs, const char *id);
void reqstore_want_item(struct reqstore *rs, struct reqstore_item *it);
void reqstore_refresh_item(struct reqstore *rs, struct reqstore_item *it);
void reqstore_want_audit(struct reqstore *rs, struct reqstore_item *it);
void reqstore_refresh_audit(struct reqstore *rs, struct reqstore_item *it);

/* Files a request the console got from its own call (create, transition,
 * or the current object of a 412); takes r.  own: the change was made
 * here, so it is not marked as new. */
struct reqstore_item *reqstore_put(struct reqstore *rs, struct govdx_request *r, bool own);

/* Keeps the long poll going: starts it when connected and due; call once
 * per loop iteration. */
void reqstore_tick(struct reqstore *rs, bool connected);
enum reqstore_live reqstore_live_state(const struct reqstore *rs);
/* Calls in flight that are not work the user waits for (the long poll). */
int reqstore_idle_calls(const struct reqstore *rs);
/* After reconnecting: whatever failed becomes fetchable again. */
void reqstore_retry_errors(struct reqstore *rs);

/* Sort key of a request in a queue: deadline (none last), then id.  < 0,
 * 0, > 0 like strcmp. */
int reqstore_order(const struct govdx_request *a, const struct govdx_request *b);
/* Whether a request belongs in a queue, for a caller of this department
 * and role. */
bool reqstore_fits(const struct govdx_request *r, const char *box, const char *state,
                   const char *department, const char *role);

#endif /* GOVDX_REQSTORE_H */
