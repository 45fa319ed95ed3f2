/*
 * reqstore — sharing requests, their queues and history, and the long poll
 * that keeps them live (see reqstore.h).
 *
 * Every call carries a small record (what it is for, the key, the
 * generation of what it fills) as its callback argument, kept in a list so
 * the records of calls cancelled with the client are freed too — the same
 * scheme as the directory store.  Results are moved out of the pages the
 * library hands over (their structs are public), and the emptied page
 * freed, so nothing is copied field by field.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "hmap.h"
#include "reqstore.h"
#include "xalloc.h"

#define PAGE_LIMIT 50
#define AUDIT_LIMIT 200
#define EVENTS_WAIT_S 25
/* After a failed long poll: try again this much later. */
#define EVENTS_RETRY_MS 2000
#define EVENTS_UNSUPPORTED_RETRY_MS 30000

enum rq_kind { RQ_LIST, RQ_ITEM, RQ_AUDIT, RQ_EVENTS };

struct rq {
	struct reqstore *rs;
	enum rq_kind kind;
	char *key; /* list key "box|state", or request id */
	unsigned gen;
	bool first; /* first page: replaces the list */
	bool live;  /* an item fetched because of an event */
	struct rq *prev, *next;
};

struct reqstore {
	struct govdx_client *c;
	struct reqstore_hooks hooks;
	struct hmap *items; /* id -> struct reqstore_item */
	struct hmap *lists; /* "box|state" -> struct reqstore_list */
	struct rq *rqs;
	char *department, *role;
	/* the long poll */
	enum reqstore_live live;
	long last_seq; /* -1: not known yet */
	bool polling;
	int64_t next_poll_ms;
};

/* ---- records ----------------------------------------------------------- */

static struct rq *rq_new(struct reqstore *rs, enum rq_kind kind, const char *key, unsigned gen)
{
	struct rq *r = xcalloc(1, sizeof *r);

	r->rs = rs;
	r->kind = kind;
	r->key = xstrdup(key ? key : "");
	r->gen = gen;
	r->next = rs->rqs;
	if (rs->rqs)
		rs->rqs->prev = r;
	rs->rqs = r;
	return r;
}

static void rq_done(struct rq *r)
{
	struct reqstore *rs = r->rs;

	if (r->prev)
		r->prev->next = r->next;
	else
		rs->rqs = r->next;
	if (r->next)
		r->next->prev = r->prev;
	free(r->key);
	free(r);
}

static void changed(struct reqstore *rs)
{
	if (rs->hooks.changed)
		rs->hooks.changed(rs->hooks.arg);
}

static void failed(struct reqstore *rs, const struct govdx_error *err, const char *what)
{
	if (rs->hooks.failed)
		rs->hooks.failed(rs->hooks.arg, err, what);
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
	struct reqstore_item *it = p;
	size_t i;

	govdx_request_free(it->r);
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
	struct reqstore_list *l = p;
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->ids[i]);
	free(l->ids);
	free(l->box);
	free(l->filter);
	free(l->cursor);
	free(l->error);
	free(l);
}

struct reqstore *reqstore_new(struct govdx_client *c, const struct reqstore_hooks *hooks)
{
	struct reqstore *rs = xcalloc(1, sizeof *rs);

	rs->c = c;
	rs->hooks = *hooks;
	rs->items = hmap_new();
	rs->lists = hmap_new();
	rs->last_seq = -1;
	rs->live = LIVE_OFF;
	return rs;
}

void reqstore_free(struct reqstore *rs)
{
	if (!rs)
		return;
	while (rs->rqs)
		rq_done(rs->rqs);
	hmap_free(rs->items, item_free);
	hmap_free(rs->lists, list_free);
	free(rs->department);
	free(rs->role);
	free(rs);
}

void reqstore_set_me(struct reqstore *rs, const char *department, const char *role)
{
	free(rs->department);
	free(rs->role);
	rs->department = xstrdup(department);
	rs->role = xstrdup(role);
}

/* ---- order and fit ----------------------------------------------------- */

int reqstore_order(const struct govdx_request *a, const struct govdx_request *b)
{
	bool da = a->has_deadline && a->deadline[0], db = b->has_deadline && b->deadline[0];
	int c;

	if (da != db)
		return da ? -1 : 1;
	if (da && (c = strcmp(a->deadline, b->deadline)) != 0)
		return c;
	return strcmp(a->id ? a->id : "", b->id ? b->id : "");
}

static bool same(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

bool reqstore_fits(const struct govdx_request *r, const char *box, const char *state,
                   const char *department, const char *role)
{
	if (state && *state && !same(r->state_name, state))
		return false;
	if (!box || !*box || !strcmp(box, "all"))
		return true;
	if (!strcmp(box, "inbox")) {
		if (same(role, "authority"))
			return r->state == GOVDX_REQUEST_COORDINATING;
		return same(r->provider_department, department);
	}
	if (!strcmp(box, "outbox"))
		return same(r->requester_department, department);
	return false;
}

/* ---- items ------------------------------------------------------------- */

struct reqstore_item *reqstore_find(struct reqstore *rs, const char *id)
{
	return hmap_get(rs->items, id);
}

struct reqstore_item *reqstore_item(struct reqstore *rs, const char *id)
{
	struct reqstore_item *it = hmap_get(rs->items, id);

	if (!it) {
		it = xcalloc(1, sizeof *it);
		it->id = xstrdup(id);
		hmap_put(rs->items, id, it);
	}
	return it;
}

static bool list_has(const struct reqstore_list *l, const char *id)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (!strcmp(l->ids[i], id))
			return true;
	return false;
}

/* A request now known (new or changed) goes into every loaded queue it fits
 * and is not in yet, where it sorts; past the loaded part of an incomplete
 * queue it is left for a later page to bring. */
static void place(struct reqstore *rs, struct reqstore_item *it)
{
	size_t li = 0, i;
	void *v;

	while (hmap_next(rs->lists, &li, NULL, &v)) {
		struct reqstore_list *l = v;
		if (l->state == STORE_EMPTY || list_has(l, it->id) ||
		    !reqstore_fits(it->r, l->box, l->filter, rs->department, rs->role))
			continue;
		for (i = 0; i < l->n; i++) {
			struct reqstore_item *o = hmap_get(rs->items, l->ids[i]);
			if (o && o->r && reqstore_order(it->r, o->r) < 0)
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

/* Replaces an item's request with r (taken). */
static void item_set(struct reqstore *rs, struct reqstore_item *it, struct govdx_request *r)
{
	govdx_request_free(it->r);
	it->r = r;
	it->state = STORE_DONE;
	it->not_found = false;
	free(it->error);
	it->error = NULL;
}

struct reqstore_item *reqstore_put(struct reqstore *rs, struct govdx_request *r, bool own)
{
	struct reqstore_item *it;

	if (!r || !r->id) {
		govdx_request_free(r);
		return NULL;
	}
	it = reqstore_item(rs, r->id);
	if (it->r && it->r->version > r->version) {
		/* An older answer than what is known (a slow call): keep the newer. */
		govdx_request_free(r);
		return it;
	}
	if (own)
		it->own_version = r->version;
	item_set(rs, it, r);
	place(rs, it);
	changed(rs);
	return it;
}

static void start_audit(struct reqstore *rs, struct reqstore_item *it, const char *cursor);
static void start_item(struct reqstore *rs, struct reqstore_item *it, bool live);

static void item_cb(void *arg, const struct govdx_error *err, struct govdx_request *r)
{
	struct rq *q = arg;
	struct reqstore *rs = q->rs;
	struct reqstore_item *it = hmap_get(rs->items, q->key);
	bool live = q->live, known;

	rq_done(q);
	if (!it) {
		govdx_request_free(r);
		return;
	}
	if (err) {
		it->state = it->r ? STORE_DONE : STORE_ERROR;
		it->not_found = err->http_status == 404;
		free(it->error);
		it->error = xstrdup(err->message);
		if (!live)
			failed(rs, err, it->id);
		govdx_request_free(r);
		changed(rs);
		return;
	}
	known = it->r != NULL;
	if (live && r->version != it->own_version && (!it->r || it->r->version != r->version)) {
		char msg[300];
		it->marked = true;
		snprintf(msg, sizeof msg, "%s %s: %s", r->id, known ? "changed" : "arrived",
		         r->state_name ? r->state_name : "?");
		if (rs->hooks.notify)
			rs->hooks.notify(rs->hooks.arg, msg);
	}
	item_set(rs, it, r);
	place(rs, it);
	/* A history on screen follows the request. */
	if (live && it->audit_state == STORE_DONE)
		reqstore_refresh_audit(rs, it);
	if (it->refetch) {
		it->refetch = false;
		start_item(rs, it, true);
	}
	changed(rs);
}

static void start_item(struct reqstore *rs, struct reqstore_item *it, bool live)
{
	struct rq *q = rq_new(rs, RQ_ITEM, it->id, 0);

	q->live = live;
	it->state = STORE_LOADING;
	govdx_request_get(rs->c, it->id, item_cb, q);
}

void reqstore_want_item(struct reqstore *rs, struct reqstore_item *it)
{
	if (it->state == STORE_EMPTY)
		start_item(rs, it, false);
}

void reqstore_refresh_item(struct reqstore *rs, struct reqstore_item *it)
{
	if (it->state == STORE_LOADING) {
		it->refetch = true;
		return;
	}
	start_item(rs, it, false);
}

/* ---- history ----------------------------------------------------------- */

static void audit_cb(void *arg, const struct govdx_error *err, struct govdx_audit_page *p)
{
	struct rq *q = arg;
	struct reqstore *rs = q->rs;
	struct reqstore_item *it = hmap_get(rs->items, q->key);
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
		changed(rs);
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
		start_audit(rs, it, p->next_cursor);
	} else {
		it->audit_state = STORE_DONE;
		free(it->audit_error);
		it->audit_error = NULL;
	}
	govdx_audit_page_free(p);
	changed(rs);
}

static void start_audit(struct reqstore *rs, struct reqstore_item *it, const char *cursor)
{
	struct rq *q = rq_new(rs, RQ_AUDIT, it->id, it->audit_gen);
	struct govdx_page_req page = { cursor, AUDIT_LIMIT };
	char subject[160];

	q->first = cursor == NULL;
	it->audit_state = STORE_LOADING;
	snprintf(subject, sizeof subject, "request:%s", it->id);
	govdx_audit(rs->c, subject, &page, audit_cb, q);
}

void reqstore_want_audit(struct reqstore *rs, struct reqstore_item *it)
{
	if (it->audit_state == STORE_EMPTY)
		start_audit(rs, it, NULL);
}

void reqstore_refresh_audit(struct reqstore *rs, struct reqstore_item *it)
{
	it->audit_gen++;
	start_audit(rs, it, NULL);
}

/* ---- queues ------------------------------------------------------------ */

static char *list_key(const char *box, const char *state)
{
	return xasprintf("%s|%s", box && *box ? box : "all", state ? state : "");
}

struct reqstore_list *reqstore_list(struct reqstore *rs, const char *box, const char *state)
{
	char *key = list_key(box, state);
	struct reqstore_list *l = hmap_get(rs->lists, key);

	if (!l) {
		l = xcalloc(1, sizeof *l);
		l->box = xstrdup(box && *box ? box : "all");
		l->filter = xstrdup(state ? state : "");
		hmap_put(rs->lists, key, l);
	}
	free(key);
	return l;
}

static void list_cb(void *arg, const struct govdx_error *err, struct govdx_request_page *p)
{
	struct rq *q = arg;
	struct reqstore *rs = q->rs;
	struct reqstore_list *l = hmap_get(rs->lists, q->key);
	size_t i;

	if (!l || q->gen != l->gen) {
		rq_done(q);
		govdx_request_page_free(p);
		return;
	}
	if (err) {
		l->state = STORE_ERROR;
		l->refreshing = false;
		free(l->error);
		l->error = xstrdup(err->message);
		failed(rs, err, "requests");
		rq_done(q);
		changed(rs);
		return;
	}
	if (q->first) {
		for (i = 0; i < l->n; i++)
			free(l->ids[i]);
		l->n = 0;
	}
	for (i = 0; i < p->n; i++) {
		struct govdx_request *r = xmalloc(sizeof *r);
		struct reqstore_item *it;
		*r = p->items[i];
		memset(&p->items[i], 0, sizeof p->items[i]);
		if (!r->id) {
			govdx_request_free(r);
			continue;
		}
		it = reqstore_item(rs, r->id);
		if (it->r && it->r->version > r->version)
			govdx_request_free(r);
		else
			item_set(rs, it, r);
		if (!list_has(l, it->id)) {
			xgrow(&l->ids, &l->cap, l->n + 1, sizeof *l->ids);
			l->ids[l->n++] = xstrdup(it->id);
		}
	}
	free(l->cursor);
	l->cursor = xstrdup(p->next_cursor);
	l->complete = p->next_cursor == NULL;
	l->refreshing = false;
	l->state = STORE_DONE;
	free(l->error);
	l->error = NULL;
	rq_done(q);
	govdx_request_page_free(p);
	changed(rs);
}

static void start_list(struct reqstore *rs, struct reqstore_list *l, bool first)
{
	char *key = list_key(l->box, l->filter);
	struct rq *q = rq_new(rs, RQ_LIST, key, l->gen);
	struct govdx_request_query query;

	free(key);
	q->first = first;
	memset(&query, 0, sizeof query);
	query.box = l->box;
	query.state = l->filter[0] ? l->filter : NULL;
	query.overdue = -1;
	query.due_soon = -1;
	query.page.cursor = first ? NULL : l->cursor;
	query.page.limit = PAGE_LIMIT;
	l->state = STORE_LOADING;
	govdx_requests(rs->c, &query, list_cb, q);
}

void reqstore_want_first(struct reqstore *rs, struct reqstore_list *l)
{
	if (l->state == STORE_EMPTY)
		start_list(rs, l, true);
}

void reqstore_more(struct reqstore *rs, struct reqstore_list *l)
{
	if (l->state == STORE_DONE && !l->complete && l->cursor)
		start_list(rs, l, false);
}

void reqstore_refresh_list(struct reqstore *rs, struct reqstore_list *l)
{
	l->gen++;
	l->refreshing = true;
	start_list(rs, l, true);
}

/* ---- the long poll ----------------------------------------------------- */

/* Whether some loaded queue takes requests in this state. */
static bool wanted(struct reqstore *rs, const char *state)
{
	size_t li = 0;
	void *v;

	while (hmap_next(rs->lists, &li, NULL, &v)) {
		struct reqstore_list *l = v;
		if (l->state != STORE_EMPTY && (!l->filter[0] || (state && !strcmp(l->filter, state))))
			return true;
	}
	return false;
}

static void events_cb(void *arg, const struct govdx_error *err, struct govdx_event_batch *b)
{
	struct rq *q = arg;
	struct reqstore *rs = q->rs;
	size_t i;

	rq_done(q);
	rs->polling = false;
	if (err) {
		bool missing = err->http_status == 404 || err->http_status == 405;
		rs->live = missing ? LIVE_UNSUPPORTED : LIVE_DOWN;
		rs->next_poll_ms = app_now_ms() +
		                   (missing ? EVENTS_UNSUPPORTED_RETRY_MS : EVENTS_RETRY_MS);
		changed(rs);
		return;
	}
	rs->live = LIVE_ON;
	for (i = 0; i < b->n; i++) {
		const struct govdx_event *e = &b->items[i];
		struct reqstore_item *it;
		if (!e->id || (e->kind && strcmp(e->kind, "request") != 0))
			continue;
		/* An unknown request is fetched only if a loaded queue may want
		 * it: a province's whole stream is not worth a GET per event. */
		if (!reqstore_find(rs, e->id) && !wanted(rs, e->state))
			continue;
		it = reqstore_item(rs, e->id);
		if (it->state == STORE_LOADING) {
			it->refetch = true;
			continue;
		}
		start_item(rs, it, true);
	}
	if (b->last_seq > rs->last_seq)
		rs->last_seq = b->last_seq;
	rs->next_poll_ms = 0;
	govdx_event_batch_free(b);
	changed(rs);
}

void reqstore_tick(struct reqstore *rs, bool connected)
{
	struct rq *q;

	if (!connected) {
		if (rs->live == LIVE_ON || rs->live == LIVE_STARTING)
			rs->live = LIVE_DOWN;
		return;
	}
	if (rs->polling || app_now_ms() < rs->next_poll_ms)
		return;
	q = rq_new(rs, RQ_EVENTS, NULL, 0);
	rs->polling = true;
	if (rs->live != LIVE_ON)
		rs->live = LIVE_STARTING;
	/* The first call (no "after") answers at once with where to start. */
	if (!govdx_events(rs->c, rs->last_seq, rs->last_seq < 0 ? 0 : EVENTS_WAIT_S, events_cb,
	                  q)) {
		/* Could not start: the callback has run and scheduled a retry. */
	}
}

enum reqstore_live reqstore_live_state(const struct reqstore *rs)
{
	return rs->live;
}

int reqstore_idle_calls(const struct reqstore *rs)
{
	return rs->polling ? 1 : 0;
}

void reqstore_retry_errors(struct reqstore *rs)
{
	size_t it = 0;
	void *v;

	while (hmap_next(rs->lists, &it, NULL, &v)) {
		struct reqstore_list *l = v;
		if (l->state == STORE_ERROR)
			l->state = l->n ? STORE_DONE : STORE_EMPTY;
	}
	it = 0;
	while (hmap_next(rs->items, &it, NULL, &v)) {
		struct reqstore_item *i = v;
		if (i->state == STORE_ERROR && !i->not_found)
			i->state = STORE_EMPTY;
		if (i->audit_state == STORE_ERROR)
			i->audit_state = STORE_EMPTY;
	}
	rs->next_poll_ms = 0;
	changed(rs);
}
