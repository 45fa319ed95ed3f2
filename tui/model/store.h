/*
 * store — what the console knows about the directory, and fetching more.
 *
 * Views never hold results of calls: they ask the store ("want") for what
 * they are about to show, and the store starts the calls it needs on the
 * client and files the answers when they come back.  So a late answer for a
 * view that has been closed is harmless — it only fills the cache — and
 * what is on screen stays when the service goes away: a failed call leaves
 * the data there and marks the list in error until store_retry_errors.
 *
 * Lists are paged (keyset cursors) and kept as pages (pages.h).  Children
 * and departments of a platform are fetched to the end by themselves (they
 * are short); department entry lists and search results fetch their next
 * page when a view calls store_more, i.e. when its cursor nears the end.
 *
 * Memory does not grow with the distance scrolled: a search holds the rows
 * of its 16 pages read most recently, and a dropped page is fetched again
 * by its cursor when a view reads a row of it (store_row); at most 8
 * searches and 256 entry details are kept, the ones asked for least
 * recently going first.
 *
 * Invariants: a list has at most one call in flight; an answer whose
 * generation is older than its list's (the list was refreshed since) is
 * dropped.  Platforms, their lists and department entry lists live until
 * store_free, so views may keep pointers to them between frames.  Searches,
 * their rows and entry details may be freed when an answer arrives (never
 * while a frame is drawn or a key handled): views ask for them again
 * by key (store_search, store_entry) or index (store_row) each frame and
 * keep only codes and indices.
 */
#ifndef GOVDX_STORE_H
#define GOVDX_STORE_H

#include <stdbool.h>
#include <stddef.h>

#include <govdx.h>

#include "pages.h"

enum store_state {
	STORE_EMPTY,   /* never asked for */
	STORE_LOADING, /* a call is in flight */
	STORE_DONE,    /* the last call succeeded */
	STORE_ERROR,   /* the last call failed; error says why */
};

struct store_list {
	enum store_state state;
	bool complete;   /* the last page has arrived */
	bool refreshing; /* the first page is being fetched again; replace on arrival */
	char *cursor;    /* for the next page */
	unsigned gen;
	char *error;     /* message of the last failure */
	bool transient;  /* ... and it may go away by itself (transport, 5xx) */
	struct pages rows; /* rows.n: the rows known; pages_peek reads one */
	unsigned long used; /* searches: when last asked for */
};

struct store_platform {
	struct govdx_platform p; /* name owned; counts valid if have_counts */
	bool have_counts;
	struct store_list kids;  /* items: struct store_platform * (not owned) */
	struct store_list depts; /* items: struct govdx_department * */
	/* The breadcrumb path from GET /v1/platforms/{code}, national first. */
	enum store_state node_state;
	char (*path)[8];
	size_t path_len;
};

struct store_entry {
	enum store_state state;
	struct govdx_entry *e; /* full detail once DONE */
	char *error;
	bool transient; /* the failure may go away by itself (transport, 5xx) */
	bool not_found;
	bool again;     /* touched while loading: fetch again when it arrives */
	unsigned long used; /* when last asked for */
};

struct store;

/* Hooks into the console: changed (something new to draw) and failed (a
 * call failed; the console updates its connection state and status line). */
struct store_hooks {
	void (*changed)(void *arg);
	void (*failed)(void *arg, const struct govdx_error *err, const char *what);
	void *arg;
};

struct store *store_new(struct govdx_client *c, const struct store_hooks *hooks);
/* Frees everything; call after the client is freed or with no calls in flight
 * (the client cancels its calls, and the store then frees their requests). */
void store_free(struct store *s);

/* The platform with this code, created empty (name unknown) if new. */
struct store_platform *store_platform(struct store *s, const char *code);
/* The platform if known, else NULL. */
struct store_platform *store_platform_find(struct store *s, const char *code);
/* Iterates over all known platforms (start with *iter = 0). */
struct store_platform *store_platform_next(struct store *s, size_t *iter);

void store_want_node(struct store *s, struct store_platform *p);
void store_want_kids(struct store *s, struct store_platform *p);
/* The departments of a platform; prefetch (asked for ahead of the user, the
 * tree's neighbours) is left out while a few prefetches are in flight, as
 * a preview's entry is, and its failure is not said unless the service is
 * away. */
void store_want_depts(struct store *s, struct store_platform *p, bool prefetch);

/* Entries of one department (items: struct govdx_entry * summaries). */
struct store_list *store_dept_entries(struct store *s, const char *dept_code);
/* Search results for q (items: struct govdx_entry * summaries). */
struct store_list *store_search(struct store *s, const char *q);
/* Starts the first page if the list was never fetched. */
void store_want_first(struct store *s, struct store_list *l);
/* Fetches the next page if there is one and nothing is in flight. */
void store_more(struct store *s, struct store_list *l);
/* Row i of a list (i < l->rows.n), read now; NULL while its page is
 * dropped, whose fetch this starts when nothing else is in flight. */
void *store_row(struct store *s, struct store_list *l, size_t i);

/* The detail of one entry; prefetch calls may be deferred while many are
 * in flight (the preview asks again on the next frame). */
struct store_entry *store_entry(struct store *s, const char *code);
void store_want_entry(struct store *s, struct store_entry *e, bool prefetch);

/* Something changed the entry (an objection was accepted or closed): if
 * it is on screen anywhere, its detail is fetched again, and the disputed
 * mark of the detail is copied into the summaries of the loaded lists. */
void store_entry_touched(struct store *s, const char *code);

/* Any entry summary or detail known for code (for names of related codes). */
const char *store_entry_name(struct store *s, const char *code);

/* Rows of entry lists held (searches and department entries), for the
 * test hook's report: bounded however far the lists were scrolled. */
size_t store_held(const struct store *s);

/* After reconnecting: every list or object in error becomes fetchable again. */
void store_retry_errors(struct store *s);
/* Refresh: fetch the first page again, keeping the old items on screen until
 * the new ones arrive. */
void store_refresh_list(struct store *s, struct store_list *l);
void store_refresh_entry(struct store *s, struct store_entry *e);

#endif /* GOVDX_STORE_H */
