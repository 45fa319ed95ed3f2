/*
 * casestore — requests and objections, their queues and history, and the
 * long poll that keeps them live (see casestore.h).
 *
 * Every call carries a small record (what it is for, the key, the
 * generation of what it fills) as its callback argument, kept in a list so
 * the records of calls cancelled with the client are freed too — the same
 * scheme as the directory store.  The record starts with a struct
 * case_call, which the kind's typed library callback calls back (case.h).
 * Results are moved out of the pages the library hands over, so nothing is
 * copied field by field.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "casestore.h"
#include "hmap.h"
#include "i18n.h"
#include "xalloc.h"

#define PAGE_LIMIT 50
/* Pages of ids a queue holds; cases kept beyond those listed there. */
#define QUEUE_WINDOW 16
#define ITEMS_MAX 2048
#define NO_PAGE ((size_t)-1)
#define AUDIT_LIMIT 200
#define EVENTS_WAIT_S 25
/* After a failed long poll: try again this much later. */
#define EVENTS_RETRY_MS 2000
#define EVENTS_UNSUPPORTED_RETRY_MS 30000

enum rq_kind { RQ_LIST, RQ_ITEM, RQ_AUDIT, RQ_EVENTS };

struct rq {
	struct case_call call; /* first: the kind calls back through it */
	struct casestore *cs;
	enum rq_kind kind;
	char *key; /* list key "kind|box|state|entry", or case id */
	unsigned gen;
	bool first; /* first page: replaces the list */
	bool live;  /* an item fetched because of an event */
	size_t refill; /* a dropped page of a queue fetched again, or NO_PAGE */
	struct rq *prev, *next;
};

struct casestore {
	struct govdx_client *c;
	struct casestore_hooks hooks;
	casestore_clock_fn now_ms; /* the monotonic clock, given at creation */
	struct hmap *items; /* id -> struct casestore_item */
	struct hmap *lists; /* "kind|box|state|entry" -> struct casestore_list */
	struct rq *rqs;
	unsigned long clock; /* counts asks for items (item->used) */
	char *department, *role;
	/* the long poll */
	enum casestore_live live;
	long last_seq; /* -1: not known yet */
	bool polling;
	int64_t next_poll_ms;
};

/* ---- records ----------------------------------------------------------- */

static struct rq *rq_new(struct casestore *cs, enum rq_kind kind, const char *key, unsigned gen)
{
	struct rq *r = xcalloc(1, sizeof *r);

	r->cs = cs;
	r->kind = kind;
	r->key = xstrdup(key ? key : "");
	r->gen = gen;
	r->refill = NO_PAGE;
	r->next = cs->rqs;
	if (cs->rqs)
		cs->rqs->prev = r;
	cs->rqs = r;
	return r;
}

static void rq_done(struct rq *r)
{
	struct casestore *cs = r->cs;

	if (r->prev)
		r->prev->next = r->next;
	else
		cs->rqs = r->next;
	if (r->next)
		r->next->prev = r->prev;
	free(r->key);
	free(r);
}

static void changed(struct casestore *cs)
{
	if (cs->hooks.changed)
		cs->hooks.changed(cs->hooks.arg);
}

static void failed(struct casestore *cs, const struct govdx_error *err, const char *what)
{
	if (cs->hooks.failed)
		cs->hooks.failed(cs->hooks.arg, err, what);
}

/* ---- life -------------------------------------------------------------- */

/* Frees the strings of an event moved out of an audit page. */
static void event_clear(struct govdx_audit_event *e)
{
	free(e->at);
	free(e->actor);
	free(e->action);
	free(e->subject);
	free(e->from_state);
	free(e->to_state);
	free(e->reason);
	free(e->prev_hash);
	free(e->hash);
	memset(e, 0, sizeof *e);
}

static int by_used(const void *a, const void *b)
{
	const struct casestore_item *x = *(struct casestore_item *const *)a;
	const struct casestore_item *y = *(struct casestore_item *const *)b;

	return x->used < y->used ? -1 : x->used > y->used;
}

static void item_free(void *p)
{
	struct casestore_item *it = p;
	size_t i;

	if (it->obj)
		it->kind->free(it->obj);
	free(it->id);
	free(it->error);
	free(it->audit_error);
	free(it->result);
	for (i = 0; i < it->n_events; i++)
		event_clear(&it->events[i]);
	free(it->events);
	free(it);
}

static void list_free(void *p)
{
	struct casestore_list *l = p;

	pages_free(&l->ids);
	free(l->box);
	free(l->filter);
	free(l->entry);
	free(l->overdue_of);
	free(l->cursor);
	free(l->error);
	free(l);
}

struct casestore *casestore_new(struct govdx_client *c, const struct casestore_hooks *hooks,
                                casestore_clock_fn now_ms)
{
	struct casestore *cs = xcalloc(1, sizeof *cs);

	cs->c = c;
	cs->hooks = *hooks;
	cs->now_ms = now_ms;
	cs->items = hmap_new();
	cs->lists = hmap_new();
	cs->last_seq = -1;
	cs->live = LIVE_OFF;
	return cs;
}

void casestore_free(struct casestore *cs)
{
	if (!cs)
		return;
	while (cs->rqs)
		rq_done(cs->rqs);
	hmap_free(cs->items, item_free);
	hmap_free(cs->lists, list_free);
	free(cs->department);
	free(cs->role);
	free(cs);
}

void casestore_set_me(struct casestore *cs, const char *department, const char *role)
{
	free(cs->department);
	free(cs->role);
	cs->department = xstrdup(department);
	cs->role = xstrdup(role);
}

/* ---- items ------------------------------------------------------------- */

struct casestore_item *casestore_find(struct casestore *cs, const char *id)
{
	struct casestore_item *it = hmap_get(cs->items, id);

	if (it)
		it->used = ++cs->clock;
	return it;
}

size_t casestore_count(const struct casestore *cs)
{
	return hmap_count(cs->items);
}

size_t casestore_held(const struct casestore *cs)
{
	size_t it = 0, n = 0, k;
	void *v;

	while (hmap_next(cs->lists, &it, NULL, &v)) {
		const struct casestore_list *l = v;
		for (k = 0; k < l->ids.n_pages; k++)
			if (l->ids.v[k].items)
				n += l->ids.v[k].n;
	}
	return n;
}

struct casestore_item *casestore_item(struct casestore *cs, const char *id)
{
	struct casestore_item *it = hmap_get(cs->items, id);
	const struct case_kind *kind;

	if (!it) {
		if (!(kind = case_kind_of_id(id)))
			return NULL;
		it = xcalloc(1, sizeof *it);
		it->id = xstrdup(id);
		it->kind = kind;
		hmap_put(cs->items, id, it);
	}
	it->used = ++cs->clock;
	return it;
}

/* The row of id among a queue's held pages, or NO_PAGE. */
static size_t list_index(const struct casestore_list *l, const char *id)
{
	size_t k, i;

	for (k = 0; k < l->ids.n_pages; k++) {
		const struct pages_page *pg = &l->ids.v[k];
		for (i = 0; pg->items && i < pg->n; i++)
			if (!strcmp(pg->items[i], id))
				return pg->first + i;
	}
	return NO_PAGE;
}

static bool list_has(const struct casestore_list *l, const char *id)
{
	return list_index(l, id) != NO_PAGE;
}

/* Takes id out of a queue (it no longer fits it). */
static void list_drop(struct casestore_list *l, const char *id)
{
	size_t i = list_index(l, id);

	if (i != NO_PAGE)
		pages_remove(&l->ids, i);
}

/* The case of a queue's row i if its page is held. */
static const struct casestore_item *peek_item(const struct casestore *cs,
                                              const struct casestore_list *l, size_t i)
{
	const char *id = pages_peek(&l->ids, i);

	return id ? hmap_get(cs->items, id) : NULL;
}

/* Whether a case belongs in a list: its box and state, its entry when
 * the list is of one entry's cases, its provider and being overdue when
 * it is of one department's overdue cases. */
static bool list_fits(const struct casestore *cs, const struct casestore_list *l,
                      const struct casestore_item *it, const char *box, bool who)
{
	if (l->entry[0] && (!it->c.entry_code || strcmp(it->c.entry_code, l->entry) != 0))
		return false;
	if (l->overdue_of[0] && (!it->c.overdue || !it->c.provider_department ||
	                         strcmp(it->c.provider_department, l->overdue_of) != 0))
		return false;
	return it->kind->fits(it->obj, box, l->filter, who ? cs->department : NULL,
	                      who ? cs->role : NULL);
}

/* Whether the case at index i of a queue stands in deadline order with
 * its neighbours. */
static bool in_order(const struct casestore *cs, const struct casestore_list *l, size_t i)
{
	const struct casestore_item *it = peek_item(cs, l, i), *o;

	if (!it || !it->obj)
		return true;
	if (i > 0 && (o = peek_item(cs, l, i - 1)) && o->obj && case_order(&o->c, &it->c) > 0)
		return false;
	if (i + 1 < l->ids.n && (o = peek_item(cs, l, i + 1)) && o->obj &&
	    case_order(&it->c, &o->c) > 0)
		return false;
	return true;
}

/* The row of the first held case of a queue that sorts after it (the
 * number of rows when none does). */
static size_t sorts_before(const struct casestore *cs, const struct casestore_list *l,
                           const struct casestore_item *it)
{
	size_t k, i;

	for (k = 0; k < l->ids.n_pages; k++) {
		const struct pages_page *pg = &l->ids.v[k];
		for (i = 0; pg->items && i < pg->n; i++) {
			const struct casestore_item *o = hmap_get(cs->items, pg->items[i]);
			if (o && o->obj && case_order(&it->c, &o->c) < 0)
				return pg->first + i;
		}
	}
	return l->ids.n;
}

static void insert_id(struct casestore_list *l, size_t i, const char *id)
{
	char *copy = xstrdup(id);

	if (!l->ids.n_pages) {
		void **v = xmalloc(sizeof *v);
		v[0] = copy;
		pages_append(&l->ids, NULL, v, 1);
	} else if (!pages_insert(&l->ids, i, copy)) {
		free(copy);
	}
}

/* A case now known (new or changed) goes into every loaded queue of its
 * kind it fits, where it sorts — a case already there whose deadline
 * changed (a resubmitted request) moves to its new place; past the loaded
 * part of an incomplete queue it is left for a later page to bring, and
 * next to a dropped page for the page's refetch to bring.  It leaves every
 * queue it no longer fits: an approved request is not in `inbox · pending`
 * any more, and the count says so. */
static void place(struct casestore *cs, struct casestore_item *it)
{
	size_t li = 0, i;
	void *v;

	while (hmap_next(cs->lists, &li, NULL, &v)) {
		struct casestore_list *l = v;
		bool fits;
		if (l->kind != it->kind || l->state == STORE_EMPTY)
			continue;
		fits = list_fits(cs, l, it, l->box, true);
		/* Who the caller is may not be known yet: then only the state
		 * (and the entry) decides whether a listed case leaves. */
		if (!fits && (cs->department || !list_fits(cs, l, it, "all", false)))
			list_drop(l, it->id);
		if (fits && (i = list_index(l, it->id)) != NO_PAGE) {
			if (in_order(cs, l, i))
				continue;
			list_drop(l, it->id); /* and in again below, where it sorts now */
		}
		if (!fits || list_has(l, it->id))
			continue;
		/* The first held case that sorts after it, and the one before
		 * it must be held too: next to a dropped page its place is
		 * not known. */
		i = sorts_before(cs, l, it);
		if (i == l->ids.n && !l->complete)
			continue;
		if (i > 0 && !pages_peek(&l->ids, i - 1))
			continue;
		insert_id(l, i, it->id);
	}
}

/* Replaces an item's object with obj (taken); tells the console when a
 * case that touches its entry is in a state not seen before. */
static void item_set(struct casestore *cs, struct casestore_item *it, void *obj)
{
	struct case_info c;
	bool news;

	it->kind->info(obj, &c);
	news = !it->obj || !it->c.state || !c.state || strcmp(it->c.state, c.state) != 0;
	if (it->obj)
		it->kind->free(it->obj);
	it->obj = obj;
	it->c = c;
	it->state = STORE_DONE;
	it->not_found = false;
	free(it->error);
	it->error = NULL;
	if (news && it->kind->touches_entry && c.entry_code && cs->hooks.entry)
		cs->hooks.entry(cs->hooks.arg, c.entry_code);
}

/* An answer older than what is known (a slow call) does not replace it. */
static bool stale(const struct casestore_item *it, void *obj)
{
	struct case_info c;

	if (!it->obj)
		return false;
	it->kind->info(obj, &c);
	return it->c.version > c.version;
}

struct casestore_item *casestore_put(struct casestore *cs, const struct case_kind *kind,
                                     void *obj, bool own)
{
	struct casestore_item *it;
	struct case_info c;

	if (!obj)
		return NULL;
	kind->info(obj, &c);
	if (!c.id || !(it = casestore_item(cs, c.id)) || it->kind != kind) {
		kind->free(obj);
		return NULL;
	}
	if (stale(it, obj)) {
		kind->free(obj);
		return it;
	}
	if (own)
		it->own_version = c.version;
	item_set(cs, it, obj);
	place(cs, it);
	changed(cs);
	return it;
}

static void start_audit(struct casestore *cs, struct casestore_item *it, const char *cursor);
static void start_item(struct casestore *cs, struct casestore_item *it, bool live);

static void item_cb(struct case_call *call, const struct govdx_error *err, void *obj)
{
	struct rq *q = (struct rq *)call;
	struct casestore *cs = q->cs;
	struct casestore_item *it = hmap_get(cs->items, q->key);
	bool live = q->live, known;
	struct case_info c;
	const struct case_kind *stray = it ? NULL : case_kind_of_id(q->key);

	rq_done(q);
	if (!it) {
		/* Items live until casestore_free: only a stray answer. */
		if (obj && stray)
			stray->free(obj);
		return;
	}
	if (err) {
		it->state = it->obj ? STORE_DONE : STORE_ERROR;
		it->not_found = err->http_status == 404;
		free(it->error);
		it->error = xstrdup(err->message);
		if (!live)
			failed(cs, err, it->id);
		if (obj)
			it->kind->free(obj);
		changed(cs);
		return;
	}
	known = it->obj != NULL;
	it->kind->info(obj, &c);
	if (live && c.version != it->own_version && (!known || it->c.version != c.version)) {
		char msg[300];
		it->marked = true;
		snprintf(msg, sizeof msg, known ? _("%s changed: %s") : _("%s arrived: %s"), c.id,
		         c.state ? case_state_label(c.state) : "?");
		if (cs->hooks.notify)
			cs->hooks.notify(cs->hooks.arg, msg);
	}
	item_set(cs, it, obj);
	place(cs, it);
	/* A history on screen follows the case. */
	if (live && it->audit_state == STORE_DONE)
		casestore_refresh_audit(cs, it);
	if (it->refetch) {
		it->refetch = false;
		start_item(cs, it, true);
	}
	changed(cs);
}

static void start_item(struct casestore *cs, struct casestore_item *it, bool live)
{
	struct rq *q;

	/* A store without a client (unit tests) only files what it is given. */
	if (!cs->c)
		return;
	q = rq_new(cs, RQ_ITEM, it->id, 0);

	q->call.done = item_cb;
	q->live = live;
	it->state = STORE_LOADING;
	it->kind->get(cs->c, it->id, &q->call);
}

void casestore_want_item(struct casestore *cs, struct casestore_item *it)
{
	if (it->state == STORE_EMPTY)
		start_item(cs, it, false);
}

void casestore_refresh_item(struct casestore *cs, struct casestore_item *it)
{
	if (it->state == STORE_LOADING) {
		it->refetch = true;
		return;
	}
	start_item(cs, it, false);
}

/* ---- history ----------------------------------------------------------- */

static void audit_cb(void *arg, const struct govdx_error *err, struct govdx_audit_page *p)
{
	struct rq *q = arg;
	struct casestore *cs = q->cs;
	struct casestore_item *it = hmap_get(cs->items, q->key);
	size_t i;

	if (!it || q->gen != it->audit_gen) {
		rq_done(q);
		govdx_audit_page_free(p);
		return;
	}
	if (err) {
		it->audit_state = STORE_ERROR;
		free(it->audit_error);
		it->audit_error = xstrdup(err->message);
		rq_done(q);
		changed(cs);
		return;
	}
	if (q->first) {
		/* Drop what a refresh replaces. */
		for (i = 0; i < it->n_events; i++)
			event_clear(&it->events[i]);
		it->n_events = 0;
	}
	for (i = 0; i < p->n; i++) {
		xgrow(&it->events, &it->cap_events, it->n_events + 1, sizeof *it->events);
		it->events[it->n_events++] = p->items[i];
		memset(&p->items[i], 0, sizeof p->items[i]);
	}
	rq_done(q);
	if (p->next_cursor) {
		start_audit(cs, it, p->next_cursor);
	} else {
		it->audit_state = STORE_DONE;
		free(it->audit_error);
		it->audit_error = NULL;
	}
	govdx_audit_page_free(p);
	changed(cs);
}

static void start_audit(struct casestore *cs, struct casestore_item *it, const char *cursor)
{
	struct rq *q;
	struct govdx_page_req page = { cursor, AUDIT_LIMIT };
	char subject[160];

	if (!cs->c)
		return;
	q = rq_new(cs, RQ_AUDIT, it->id, it->audit_gen);
	q->first = cursor == NULL;
	it->audit_state = STORE_LOADING;
	snprintf(subject, sizeof subject, "%s:%s", it->kind->name, it->id);
	govdx_audit(cs->c, subject, &page, audit_cb, q);
}

void casestore_want_audit(struct casestore *cs, struct casestore_item *it)
{
	if (it->audit_state == STORE_EMPTY)
		start_audit(cs, it, NULL);
}

void casestore_refresh_audit(struct casestore *cs, struct casestore_item *it)
{
	it->audit_gen++;
	start_audit(cs, it, NULL);
}

/* ---- queues ------------------------------------------------------------ */

static char *list_key(const struct case_kind *kind, const char *box, const char *state,
                      const char *entry, const char *overdue_of)
{
	return xasprintf("%s|%s|%s|%s|%s", kind->name, box && *box ? box : "all",
	                 state ? state : "", entry ? entry : "", overdue_of ? overdue_of : "");
}

struct casestore_list *casestore_list_entry(struct casestore *cs, const struct case_kind *kind,
                                            const char *box, const char *state,
                                            const char *entry)
{
	return casestore_list_narrow(cs, kind, box, state, entry, NULL);
}

struct casestore_list *casestore_list_narrow(struct casestore *cs, const struct case_kind *kind,
                                             const char *box, const char *state,
                                             const char *entry, const char *overdue_of)
{
	char *key;
	struct casestore_list *l;

	if (!kind->by_entry || !entry)
		entry = "";
	if (!kind->by_provider || !overdue_of)
		overdue_of = "";
	key = list_key(kind, box, state, entry, overdue_of);
	l = hmap_get(cs->lists, key);
	if (!l) {
		l = xcalloc(1, sizeof *l);
		l->kind = kind;
		l->box = xstrdup(box && *box ? box : "all");
		l->filter = xstrdup(state ? state : "");
		l->entry = xstrdup(entry);
		l->overdue_of = xstrdup(overdue_of);
		l->ids.window = QUEUE_WINDOW;
		l->ids.free_item = free;
		hmap_put(cs->lists, key, l);
	}
	free(key);
	return l;
}

struct casestore_list *casestore_list(struct casestore *cs, const struct case_kind *kind,
                                      const char *box, const char *state)
{
	return casestore_list_entry(cs, kind, box, state, NULL);
}

static bool has_id(void **ids, size_t n, const char *id)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(ids[i], id))
			return true;
	return false;
}

/* Whether a case must stay: a held page lists it, a call for it is in
 * flight, or it carries what the user has not seen yet. */
static bool pinned(const struct casestore_item *it)
{
	return it->state == STORE_LOADING || it->refetch || it->marked || it->result ||
	       it->audit_state == STORE_LOADING;
}

/* Past ITEMS_MAX cases, frees the ones asked for least recently that no
 * held page lists and that are not pinned. */
static void evict_items(struct casestore *cs)
{
	struct hmap *held;
	size_t li = 0, k, i, n, it_i;
	void *v;
	const char *key;
	struct casestore_item **cand = NULL;

	if (hmap_count(cs->items) <= ITEMS_MAX)
		return;
	held = hmap_new();
	while (hmap_next(cs->lists, &li, NULL, &v)) {
		const struct casestore_list *l = v;
		for (k = 0; k < l->ids.n_pages; k++)
			for (i = 0; l->ids.v[k].items && i < l->ids.v[k].n; i++)
				hmap_put(held, l->ids.v[k].items[i], cs);
	}
	cand = xcalloc(hmap_count(cs->items), sizeof *cand);
	n = 0;
	it_i = 0;
	while (hmap_next(cs->items, &it_i, &key, &v)) {
		struct casestore_item *it = v;
		if (!pinned(it) && !hmap_get(held, key))
			cand[n++] = it;
	}
	hmap_free(held, NULL);
	qsort(cand, n, sizeof *cand, by_used);
	for (i = 0; i < n && hmap_count(cs->items) > ITEMS_MAX; i++) {
		hmap_del(cs->items, cand[i]->id);
		item_free(cand[i]);
	}
	free(cand);
}

static void list_cb(struct case_call *call, const struct govdx_error *err, struct case_page *p)
{
	struct rq *q = (struct rq *)call;
	struct casestore *cs = q->cs;
	struct casestore_list *l = hmap_get(cs->lists, q->key);
	size_t i, n = 0;
	void **ids;
	bool last;

	if (!l || q->gen != l->gen || err) {
		if (l && q->gen == l->gen && err) {
			l->state = STORE_ERROR;
			l->refreshing = false;
			free(l->error);
			l->error = xstrdup(err->message);
			failed(cs, err, l->kind->noun(2));
			changed(cs);
		}
		for (i = 0; p && i < p->n; i++)
			if (l)
				l->kind->free(p->items[i]);
		goto out;
	}
	ids = xcalloc(p->n ? p->n : 1, sizeof *ids);
	for (i = 0; i < p->n; i++) {
		struct casestore_item *it;
		struct case_info c;
		l->kind->info(p->items[i], &c);
		if (!c.id || !(it = casestore_item(cs, c.id)) || it->kind != l->kind) {
			l->kind->free(p->items[i]);
			continue;
		}
		if (stale(it, p->items[i]))
			l->kind->free(p->items[i]);
		else
			item_set(cs, it, p->items[i]);
		/* A page older than a decision taken since brings the case as
		 * it was: what is known now decides whether it belongs. */
		if (!list_fits(cs, l, it, "all", true))
			continue;
		if ((q->first || !list_has(l, it->id)) && !has_id(ids, n, it->id))
			ids[n++] = xstrdup(it->id);
	}
	if (q->refill != NO_PAGE && q->refill < l->ids.n_pages) {
		last = pages_refill(&l->ids, q->refill, ids, n, p->next_cursor);
	} else {
		if (q->first)
			pages_clear(&l->ids);
		pages_append(&l->ids, q->first ? NULL : l->cursor, ids, n);
		last = true;
	}
	if (last) {
		free(l->cursor);
		l->cursor = p->next_cursor;
		p->next_cursor = NULL;
		l->complete = l->cursor == NULL;
	}
	l->refreshing = false;
	l->state = STORE_DONE;
	free(l->error);
	l->error = NULL;
	evict_items(cs);
	changed(cs);
out:
	if (p) {
		free(p->items);
		free(p->next_cursor);
	}
	rq_done(q);
}

/* Fetches a queue's first page, its next one, or the dropped page refill
 * (not NO_PAGE) again with the page's own cursor. */
static void start_list(struct casestore *cs, struct casestore_list *l, bool first, size_t refill)
{
	char *key;
	struct rq *q;
	const char *cursor = first ? NULL : l->cursor;

	if (!cs->c)
		return;
	if (refill != NO_PAGE)
		cursor = l->ids.v[refill].cursor;
	key = list_key(l->kind, l->box, l->filter, l->entry, l->overdue_of);
	q = rq_new(cs, RQ_LIST, key, l->gen);
	free(key);
	q->call.page = list_cb;
	q->first = first;
	q->refill = refill;
	l->state = STORE_LOADING;
	l->kind->list(cs->c, l->box, l->filter, l->entry[0] ? l->entry : NULL,
	              l->overdue_of[0] ? l->overdue_of : NULL, cursor, PAGE_LIMIT, &q->call);
}

struct casestore_item *casestore_row(struct casestore *cs, struct casestore_list *l, size_t i)
{
	size_t k;
	const char *id = pages_get(&l->ids, i, &k);

	if (!id) {
		if (k != NO_PAGE && l->state == STORE_DONE)
			start_list(cs, l, false, k);
		return NULL;
	}
	return casestore_item(cs, id);
}

void casestore_want_first(struct casestore *cs, struct casestore_list *l)
{
	if (l->state == STORE_EMPTY)
		start_list(cs, l, true, NO_PAGE);
}

void casestore_more(struct casestore *cs, struct casestore_list *l)
{
	if (l->state == STORE_DONE && !l->complete && l->cursor)
		start_list(cs, l, false, NO_PAGE);
}

void casestore_refresh_list(struct casestore *cs, struct casestore_list *l)
{
	l->gen++;
	l->refreshing = true;
	start_list(cs, l, true, NO_PAGE);
}

/* ---- the long poll ----------------------------------------------------- */

/* Whether some loaded queue of the kind takes cases in this state. */
static bool wanted(struct casestore *cs, const struct case_kind *kind, const char *state)
{
	size_t li = 0;
	void *v;

	while (hmap_next(cs->lists, &li, NULL, &v)) {
		struct casestore_list *l = v;
		if (l->kind == kind && l->state != STORE_EMPTY &&
		    (!l->filter[0] || (state && !strcmp(l->filter, state))))
			return true;
	}
	return false;
}

/* Whether a case arriving in this state may change its entry's mark. */
static bool moves_entry(const struct case_kind *kind, const char *state)
{
	size_t i;

	for (i = 0; kind->entry_states && state && kind->entry_states[i]; i++)
		if (!strcmp(kind->entry_states[i], state))
			return true;
	return false;
}

static void events_cb(void *arg, const struct govdx_error *err, struct govdx_event_batch *b)
{
	struct rq *q = arg;
	struct casestore *cs = q->cs;
	size_t i;

	rq_done(q);
	cs->polling = false;
	if (err) {
		bool missing = err->http_status == 404 || err->http_status == 405;
		cs->live = missing ? LIVE_UNSUPPORTED : LIVE_DOWN;
		cs->next_poll_ms = cs->now_ms() +
		                   (missing ? EVENTS_UNSUPPORTED_RETRY_MS : EVENTS_RETRY_MS);
		changed(cs);
		return;
	}
	cs->live = LIVE_ON;
	for (i = 0; i < b->n; i++) {
		const struct govdx_event *e = &b->items[i];
		const struct case_kind *kind = case_kind_of_id(e->id);
		struct casestore_item *it;
		/* An entry published anew or retired (catalog maintenance):
		 * one already on screen is fetched again. */
		if (e->kind && !strcmp(e->kind, "entry") && e->id && cs->hooks.entry) {
			cs->hooks.entry(cs->hooks.arg, e->id);
			continue;
		}
		if (!kind || (e->kind && strcmp(e->kind, kind->name) != 0))
			continue;
		/* An unknown case is fetched only if a loaded queue may want
		 * it: a province's whole stream is not worth a GET per event.
		 * An objection is fetched anyway: its entry may have changed. */
		if (!casestore_find(cs, e->id) && !wanted(cs, kind, e->state) &&
		    !moves_entry(kind, e->state))
			continue;
		it = casestore_item(cs, e->id);
		if (it->state == STORE_LOADING) {
			it->refetch = true;
			continue;
		}
		start_item(cs, it, true);
	}
	if (b->last_seq > cs->last_seq)
		cs->last_seq = b->last_seq;
	cs->next_poll_ms = 0;
	govdx_event_batch_free(b);
	changed(cs);
}

void casestore_tick(struct casestore *cs, bool connected)
{
	struct rq *q;

	if (!connected) {
		if (cs->live == LIVE_ON || cs->live == LIVE_STARTING)
			cs->live = LIVE_DOWN;
		return;
	}
	if (cs->polling || cs->now_ms() < cs->next_poll_ms)
		return;
	q = rq_new(cs, RQ_EVENTS, NULL, 0);
	cs->polling = true;
	if (cs->live != LIVE_ON)
		cs->live = LIVE_STARTING;
	/* The first call (no "after") answers at once with where to start.
	 * A call that cannot start runs its callback, which schedules a
	 * retry. */
	govdx_events(cs->c, cs->last_seq, cs->last_seq < 0 ? 0 : EVENTS_WAIT_S, events_cb, q);
}

int64_t casestore_next_due(const struct casestore *cs)
{
	return cs->polling ? INT64_MAX : cs->next_poll_ms;
}

enum casestore_live casestore_live_state(const struct casestore *cs)
{
	return cs->live;
}

int casestore_idle_calls(const struct casestore *cs)
{
	return cs->polling ? 1 : 0;
}

void casestore_retry_errors(struct casestore *cs)
{
	size_t it = 0;
	void *v;

	while (hmap_next(cs->lists, &it, NULL, &v)) {
		struct casestore_list *l = v;
		if (l->state == STORE_ERROR)
			l->state = l->ids.n ? STORE_DONE : STORE_EMPTY;
	}
	it = 0;
	while (hmap_next(cs->items, &it, NULL, &v)) {
		struct casestore_item *i = v;
		if (i->state == STORE_ERROR && !i->not_found)
			i->state = STORE_EMPTY;
		if (i->audit_state == STORE_ERROR)
			i->audit_state = STORE_EMPTY;
	}
	cs->next_poll_ms = 0;
	changed(cs);
}
