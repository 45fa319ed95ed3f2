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
	struct rq *prev, *next;
};

struct casestore {
	struct govdx_client *c;
	struct casestore_hooks hooks;
	casestore_clock_fn now_ms; /* the monotonic clock, given at creation */
	struct hmap *items; /* id -> struct casestore_item */
	struct hmap *lists; /* "kind|box|state|entry" -> struct casestore_list */
	struct rq *rqs;
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
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->ids[i]);
	free(l->ids);
	free(l->box);
	free(l->filter);
	free(l->entry);
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
	return hmap_get(cs->items, id);
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
	return it;
}

static bool list_has(const struct casestore_list *l, const char *id)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (!strcmp(l->ids[i], id))
			return true;
	return false;
}

/* Takes id out of a queue (it no longer fits it). */
static void list_drop(struct casestore_list *l, const char *id)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (!strcmp(l->ids[i], id)) {
			free(l->ids[i]);
			memmove(&l->ids[i], &l->ids[i + 1], (l->n - i - 1) * sizeof *l->ids);
			l->n--;
			return;
		}
}

/* Whether a case belongs in a list: its box and state, and its entry when
 * the list is of one entry's cases. */
static bool list_fits(const struct casestore *cs, const struct casestore_list *l,
                      const struct casestore_item *it, const char *box, bool who)
{
	if (l->entry[0] && (!it->c.entry_code || strcmp(it->c.entry_code, l->entry) != 0))
		return false;
	return it->kind->fits(it->obj, box, l->filter, who ? cs->department : NULL,
	                      who ? cs->role : NULL);
}

/* Whether the case at index i of a queue stands in deadline order with
 * its neighbours. */
static bool in_order(const struct casestore *cs, const struct casestore_list *l, size_t i)
{
	const struct casestore_item *it = hmap_get(cs->items, l->ids[i]), *o;

	if (!it || !it->obj)
		return true;
	if (i > 0 && (o = hmap_get(cs->items, l->ids[i - 1])) && o->obj &&
	    case_order(&o->c, &it->c) > 0)
		return false;
	if (i + 1 < l->n && (o = hmap_get(cs->items, l->ids[i + 1])) && o->obj &&
	    case_order(&it->c, &o->c) > 0)
		return false;
	return true;
}

/* A case now known (new or changed) goes into every loaded queue of its
 * kind it fits, where it sorts — a case already there whose deadline
 * changed (a resubmitted request) moves to its new place; past the loaded
 * part of an incomplete queue it is left for a later page to bring.  It
 * leaves every queue it no longer fits: an approved request is not in
 * `inbox · pending` any more, and the count says so. */
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
		if (fits && list_has(l, it->id)) {
			size_t k;
			for (k = 0; k < l->n && strcmp(l->ids[k], it->id); k++)
				;
			if (in_order(cs, l, k))
				continue;
			list_drop(l, it->id); /* and in again below, where it sorts now */
		}
		if (!fits || list_has(l, it->id))
			continue;
		for (i = 0; i < l->n; i++) {
			struct casestore_item *o = hmap_get(cs->items, l->ids[i]);
			if (o && o->obj && case_order(&it->c, &o->c) < 0)
				break;
		}
		if (i == l->n && !l->complete)
			continue;
		xgrow(&l->ids, &l->cap, l->n + 1, sizeof *l->ids);
		memmove(&l->ids[i + 1], &l->ids[i], (l->n - i) * sizeof *l->ids);
		l->ids[i] = xstrdup(it->id);
		l->n++;
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
                      const char *entry)
{
	return xasprintf("%s|%s|%s|%s", kind->name, box && *box ? box : "all", state ? state : "",
	                 entry ? entry : "");
}

struct casestore_list *casestore_list_entry(struct casestore *cs, const struct case_kind *kind,
                                            const char *box, const char *state,
                                            const char *entry)
{
	char *key;
	struct casestore_list *l;

	if (!kind->by_entry || !entry)
		entry = "";
	key = list_key(kind, box, state, entry);
	l = hmap_get(cs->lists, key);
	if (!l) {
		l = xcalloc(1, sizeof *l);
		l->kind = kind;
		l->box = xstrdup(box && *box ? box : "all");
		l->filter = xstrdup(state ? state : "");
		l->entry = xstrdup(entry);
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

static void list_cb(struct case_call *call, const struct govdx_error *err, struct case_page *p)
{
	struct rq *q = (struct rq *)call;
	struct casestore *cs = q->cs;
	struct casestore_list *l = hmap_get(cs->lists, q->key);
	size_t i;

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
	if (q->first) {
		for (i = 0; i < l->n; i++)
			free(l->ids[i]);
		l->n = 0;
	}
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
		if (!list_has(l, it->id)) {
			xgrow(&l->ids, &l->cap, l->n + 1, sizeof *l->ids);
			l->ids[l->n++] = xstrdup(it->id);
		}
	}
	free(l->cursor);
	l->cursor = p->next_cursor;
	p->next_cursor = NULL;
	l->complete = l->cursor == NULL;
	l->refreshing = false;
	l->state = STORE_DONE;
	free(l->error);
	l->error = NULL;
	changed(cs);
out:
	if (p) {
		free(p->items);
		free(p->next_cursor);
	}
	rq_done(q);
}

static void start_list(struct casestore *cs, struct casestore_list *l, bool first)
{
	char *key;
	struct rq *q;

	if (!cs->c)
		return;
	key = list_key(l->kind, l->box, l->filter, l->entry);
	q = rq_new(cs, RQ_LIST, key, l->gen);
	free(key);
	q->call.page = list_cb;
	q->first = first;
	l->state = STORE_LOADING;
	l->kind->list(cs->c, l->box, l->filter, l->entry[0] ? l->entry : NULL,
	              first ? NULL : l->cursor, PAGE_LIMIT, &q->call);
}

void casestore_want_first(struct casestore *cs, struct casestore_list *l)
{
	if (l->state == STORE_EMPTY)
		start_list(cs, l, true);
}

void casestore_more(struct casestore *cs, struct casestore_list *l)
{
	if (l->state == STORE_DONE && !l->complete && l->cursor)
		start_list(cs, l, false);
}

void casestore_refresh_list(struct casestore *cs, struct casestore_list *l)
{
	l->gen++;
	l->refreshing = true;
	start_list(cs, l, true);
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
			l->state = l->n ? STORE_DONE : STORE_EMPTY;
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
