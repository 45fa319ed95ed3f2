/*
 * casestore — what the console knows about cases (sharing requests and
 * objections, see case.h), and keeping it live.
 *
 * Like the directory store (store.h), views never hold results of calls:
 * they ask the casestore for a queue (a kind, a box and a state filter), a
 * case or its history, and the casestore starts the calls and files the
 * answers.  Cases are kept once, by id (an id names its kind); a queue is a
 * list of ids in the service's order (deadline, then id), so a case that
 * changes changes in every queue at once.
 *
 * Live updates: while connected, one long poll (GET /v1/events) is always
 * in flight for both kinds.  Each event refetches its case; the new version
 * replaces the old one everywhere, a case not yet in a loaded queue is
 * inserted where it sorts (when its box and state fit), and the row is
 * marked until the user looks at it.  Changes the console made itself
 * (casestore_put after a transition) are not marked.  A case of a kind
 * that touches its entry (objections) reports its entry through the
 * `entry` hook whenever its state is learnt anew, so the directory can
 * fetch the entry's disputed mark again.
 *
 * Memory does not grow with the distance scrolled: a queue holds the ids of
 * its 16 pages read most recently (pages.h) and fetches a dropped page
 * again by its cursor when a view reads a row of it (casestore_row); a live
 * change goes into or out of a held page only (a dropped one comes back as
 * it is now).  Cases are kept while a held page lists them, while a call
 * for them is in flight, while marked or with an outcome to tell; past
 * 2,048 cases the others asked for least recently are freed when a page
 * arrives (never while a frame is drawn or a key handled), and a view
 * asks for them again by id.
 *
 * Invariants: a queue has at most one page call in flight; answers for a
 * queue refreshed since are dropped; queues live until casestore_free, so
 * views may keep pointers to them between frames, and items for the frame
 * or key they were asked for in; the long poll is never
 * counted as work in flight (casestore_idle_calls) so the spinner stays
 * still while nothing else happens.
 */
#ifndef GOVDX_CASESTORE_H
#define GOVDX_CASESTORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <govdx.h>

#include "case.h"
#include "pages.h"
#include "store.h"

struct casestore_item {
	char *id;
	const struct case_kind *kind;
	void *obj;              /* the newest version known (struct govdx_request ...), or NULL */
	struct case_info c;     /* its common fields (valid while obj is set) */
	enum store_state state; /* of the last GET */
	char *error;
	bool not_found;
	bool marked;      /* arrived or changed live; cleared when looked at */
	long own_version; /* the version this console's own action produced */
	bool refetch;     /* fetch again when the GET in flight returns */
	/* the history (GET /v1/audit?subject=KIND:ID), all pages */
	enum store_state audit_state;
	struct govdx_audit_event *events;
	size_t n_events, cap_events;
	char *audit_error;
	unsigned audit_gen;
	/* the outcome of the last action taken on it here, when it failed */
	char *result;
	unsigned long used; /* when last asked for (casestore_item, _find, _row) */
};

struct casestore_list {
	const struct case_kind *kind;
	char *box;    /* one of kind->boxes */
	char *filter; /* state filter, "" for any */
	char *entry;  /* "" or an entry code: only the cases against it (kind->by_entry) */
	char *overdue_of; /* "" or a department code: only the overdue cases it provides
	                     (kind->by_provider) */
	enum store_state state;
	bool complete;
	bool refreshing;
	char *cursor;
	unsigned gen;
	char *error;
	/* the ids in the service's order (char *), a window of pages: ids.n
	 * rows known, the ids of at most 16 pages held (casestore_row) */
	struct pages ids;
};

/* How live updates are going. */
enum casestore_live { LIVE_OFF, LIVE_STARTING, LIVE_ON, LIVE_DOWN, LIVE_UNSUPPORTED };

struct casestore_hooks {
	void (*changed)(void *arg);
	/* a call the user asked for failed (not the long poll) */
	void (*failed)(void *arg, const struct govdx_error *err, const char *what);
	/* something arrived live: one line for the status line */
	void (*notify)(void *arg, const char *msg);
	/* a case that touches its entry changed (may be NULL) */
	void (*entry)(void *arg, const char *entry_code);
	void *arg;
};

struct casestore;

/* The monotonic clock in milliseconds (the console's app_now_ms): the
 * casestore reads no clock of its own, so a test may give it any time. */
typedef int64_t (*casestore_clock_fn)(void);

struct casestore *casestore_new(struct govdx_client *c, const struct casestore_hooks *hooks,
                                casestore_clock_fn now_ms);
/* Call after the client is freed or with no calls in flight. */
void casestore_free(struct casestore *cs);

/* Who the caller is, for placing live arrivals in the right boxes. */
void casestore_set_me(struct casestore *cs, const char *department, const char *role);

/* The queue of a kind for a box and state ("" or NULL: any), created empty
 * if new. */
struct casestore_list *casestore_list(struct casestore *cs, const struct case_kind *kind,
                                      const char *box, const char *state);
/* The same, of the cases against one entry (entry NULL or "": all; for a
 * kind that is not by_entry the entry is ignored). */
struct casestore_list *casestore_list_entry(struct casestore *cs, const struct case_kind *kind,
                                            const char *box, const char *state,
                                            const char *entry);
/* The same, of one provider department's overdue cases (overdue_of NULL
 * or "": all; ignored for a kind that is not by_provider). */
struct casestore_list *casestore_list_narrow(struct casestore *cs, const struct case_kind *kind,
                                             const char *box, const char *state,
                                             const char *entry, const char *overdue_of);
void casestore_want_first(struct casestore *cs, struct casestore_list *l);
void casestore_more(struct casestore *cs, struct casestore_list *l);
void casestore_refresh_list(struct casestore *cs, struct casestore_list *l);
/* The case at row i of a queue (i < l->ids.n), read now; NULL while its
 * page is dropped, whose fetch this starts when nothing else is in flight
 * for the queue. */
struct casestore_item *casestore_row(struct casestore *cs, struct casestore_list *l, size_t i);
/* Cases kept, and ids of queues held (for tests and the console's test
 * report): bounded however far the queues were scrolled. */
size_t casestore_count(const struct casestore *cs);
size_t casestore_held(const struct casestore *cs);

/* One case, created empty if new (NULL for an id of no known kind);
 * casestore_find gives NULL for an unknown one. */
struct casestore_item *casestore_item(struct casestore *cs, const char *id);
struct casestore_item *casestore_find(struct casestore *cs, const char *id);
void casestore_want_item(struct casestore *cs, struct casestore_item *it);
void casestore_refresh_item(struct casestore *cs, struct casestore_item *it);
void casestore_want_audit(struct casestore *cs, struct casestore_item *it);
void casestore_refresh_audit(struct casestore *cs, struct casestore_item *it);

/* Files a case the console got from its own call (create, transition, or
 * the current object of a 412); takes obj (freed with kind->free).  own:
 * the change was made here, so it is not marked as new. */
struct casestore_item *casestore_put(struct casestore *cs, const struct case_kind *kind,
                                     void *obj, bool own);

/* Keeps the long poll going: starts it when connected and due; call once
 * per loop iteration. */
void casestore_tick(struct casestore *cs, bool connected);
/* When casestore_tick next has work (a monotonic ms), INT64_MAX while an
 * events poll is in flight: its answer wakes the loop. */
int64_t casestore_next_due(const struct casestore *cs);
enum casestore_live casestore_live_state(const struct casestore *cs);
/* Calls in flight that are not work the user waits for (the long poll). */
int casestore_idle_calls(const struct casestore *cs);
/* After reconnecting: whatever failed becomes fetchable again. */
void casestore_retry_errors(struct casestore *cs);

#endif /* GOVDX_CASESTORE_H */
