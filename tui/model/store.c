/*
 * store — the console's cache of the directory and the calls that fill it
 * (see store.h).
 *
 * Every call carries a small request record naming what it is for (a kind
 * and a key, e.g. the children of platform 130000) and the generation of
 * the list it fills.  The record is the callback's argument, so nothing
 * points from the client into views.  Records are kept in a list so that
 * the ones whose calls were cancelled (the client was freed) are freed too.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hmap.h"
#include "i18n.h"
#include "pages.h"
#include "store.h"
#include "xalloc.h"

#define KIDS_LIMIT 200
#define DEPTS_LIMIT 200
#define ENTRIES_LIMIT 100
#define SEARCH_LIMIT 50
/* More prefetches than this in flight and the next waits its turn. */
#define PREFETCH_MAX 3
/* A search holds the rows of this many pages (800 rows, a few screens
 * either way of the cursor); the rest are fetched again when read. */
#define SEARCH_WINDOW 16
/* Searches kept at most; the one asked for least recently goes first. */
#define SEARCHES_MAX 8
/* Entry details kept at most (the preview fetches one per row passed). */
#define ENTRIES_MAX 256
/* A request that fills a list whole or at its end, not a dropped page. */
#define NO_PAGE ((size_t)-1)

enum req_kind { RQ_NODE, RQ_KIDS, RQ_DEPTS, RQ_DEPT_ENTRIES, RQ_SEARCH, RQ_ENTRY };

struct store_req {
	struct store *s;
	enum req_kind kind;
	char *key;
	unsigned gen;
	bool first;    /* first page: replaces the list's items */
	size_t refill; /* a dropped page fetched again, or NO_PAGE */
	bool prefetch; /* asked for ahead of the user (an entry for the preview,
	                  the departments beside the tree's cursor): a failure
	                  other than the service being away is not said */
	struct store_req *prev, *next;
};

struct store {
	struct govdx_client *c;
	struct store_hooks hooks;
	struct hmap *platforms;    /* code -> struct store_platform */
	struct hmap *dept_entries; /* department code -> struct store_list */
	struct hmap *searches;     /* q -> struct store_list */
	struct hmap *entries;      /* code -> struct store_entry */
	struct store_req *reqs;
	int n_prefetch;
	unsigned long clock;       /* stamps searches and entries when asked for */
};

/* ---- records and copies ------------------------------------------------ */

static struct store_req *req_new(struct store *s, enum req_kind kind, const char *key,
                                 unsigned gen, bool first)
{
	struct store_req *r = xcalloc(1, sizeof *r);

	r->s = s;
	r->kind = kind;
	r->key = xstrdup(key);
	r->gen = gen;
	r->first = first;
	r->refill = NO_PAGE;
	r->next = s->reqs;
	if (s->reqs)
		s->reqs->prev = r;
	s->reqs = r;
	return r;
}

static void req_done(struct store_req *r)
{
	struct store *s = r->s;

	if (r->prev)
		r->prev->next = r->next;
	else
		s->reqs = r->next;
	if (r->next)
		r->next->prev = r->prev;
	if (r->prefetch)
		s->n_prefetch--;
	free(r->key);
	free(r);
}

static struct govdx_department *dept_copy(const struct govdx_department *d)
{
	struct govdx_department *c = xcalloc(1, sizeof *c);

	c->code = xstrdup(d->code);
	c->name = xstrdup(d->name);
	memcpy(c->platform_code, d->platform_code, sizeof c->platform_code);
	c->entry_count = d->entry_count;
	return c;
}

static void dept_free(void *p)
{
	struct govdx_department *d = p;

	if (!d)
		return;
	free(d->code);
	free(d->name);
	free(d);
}

static struct govdx_entry *summary_copy(const struct govdx_entry *e)
{
	struct govdx_entry *c = xcalloc(1, sizeof *c);

	c->code = xstrdup(e->code);
	c->name = xstrdup(e->name);
	c->department_code = xstrdup(e->department_code);
	c->department_name = xstrdup(e->department_name);
	memcpy(c->platform_code, e->platform_code, sizeof c->platform_code);
	c->sharing_type = e->sharing_type;
	c->open_attribute = e->open_attribute;
	c->update_cycle = xstrdup(e->update_cycle);
	c->disputed = e->disputed;
	return c;
}

static void summary_free(void *p)
{
	struct govdx_entry *e = p;

	if (!e)
		return;
	free(e->code);
	free(e->name);
	free(e->department_code);
	free(e->department_name);
	free(e->update_cycle);
	free(e);
}

static void list_free(struct store_list *l)
{
	pages_free(&l->rows);
	free(l->cursor);
	free(l->error);
}

static void entry_list_free(void *p)
{
	struct store_list *l = p;

	list_free(l);
	free(l);
}

static struct store_list *entry_list_new(size_t window)
{
	struct store_list *l = xcalloc(1, sizeof *l);

	l->rows.free_item = summary_free;
	l->rows.window = window;
	return l;
}

static void platform_free(void *p)
{
	struct store_platform *sp = p;

	free(sp->p.name);
	list_free(&sp->kids);
	list_free(&sp->depts);
	free(sp->path);
	free(sp);
}

static void entry_free(void *p)
{
	struct store_entry *e = p;

	govdx_entry_free(e->e);
	free(e->error);
	free(e);
}


/* ---- life ---------------------------------------------------------------- */

struct store *store_new(struct govdx_client *c, const struct store_hooks *hooks)
{
	struct store *s = xcalloc(1, sizeof *s);

	s->c = c;
	s->hooks = *hooks;
	s->platforms = hmap_new();
	s->dept_entries = hmap_new();
	s->searches = hmap_new();
	s->entries = hmap_new();
	return s;
}

void store_free(struct store *s)
{
	if (!s)
		return;
	while (s->reqs)
		req_done(s->reqs);
	hmap_free(s->platforms, platform_free);
	hmap_free(s->dept_entries, entry_list_free);
	hmap_free(s->searches, entry_list_free);
	hmap_free(s->entries, entry_free);
	free(s);
}

static void changed(struct store *s)
{
	if (s->hooks.changed)
		s->hooks.changed(s->hooks.arg);
}

/* Records a failure on a list (or entry) and tells the console. */
static void fail(struct store *s, const struct govdx_error *err, char **error, bool *transient,
                 const char *what)
{
	free(*error);
	*error = xstrdup(err->message[0] ? err->message : _("request failed"));
	*transient = err->kind == GOVDX_ERR_TRANSPORT || err->http_status >= 500;
	if (s->hooks.failed)
		s->hooks.failed(s->hooks.arg, err, what);
	changed(s);
}

/* A failure of a call the user did not ask for (a prefetch) is kept on its
 * record but not worth a status message, unless the service is away (which
 * the console must learn); any other is said (fail). */
static void quiet_or_fail(struct store *s, const struct store_req *rq,
                          const struct govdx_error *err, char **error, bool *transient,
                          const char *what)
{
	if (rq->prefetch && err->kind != GOVDX_ERR_TRANSPORT) {
		free(*error);
		*error = xstrdup(err->message);
		*transient = err->http_status >= 500;
		changed(s);
	} else {
		fail(s, err, error, transient, what);
	}
}

/* ---- platforms --------------------------------------------------------- */

struct store_platform *store_platform_find(struct store *s, const char *code)
{
	return hmap_get(s->platforms, code);
}

struct store_platform *store_platform(struct store *s, const char *code)
{
	struct store_platform *p = hmap_get(s->platforms, code);

	if (!p) {
		p = xcalloc(1, sizeof *p);
		snprintf(p->p.code, sizeof p->p.code, "%s", code);
		p->depts.rows.free_item = dept_free;
		hmap_put(s->platforms, code, p);
	}
	return p;
}

struct store_platform *store_platform_next(struct store *s, size_t *iter)
{
	void *v;

	return hmap_next(s->platforms, iter, NULL, &v) ? v : NULL;
}

/* Files what a list or node says about a platform. */
static struct store_platform *learn(struct store *s, const struct govdx_platform *gp,
                                    bool counts)
{
	struct store_platform *p = store_platform(s, gp->code);

	if (gp->name && (!p->p.name || strcmp(p->p.name, gp->name) != 0)) {
		free(p->p.name);
		p->p.name = xstrdup(gp->name);
	}
	if (gp->level != GOVDX_LEVEL_UNKNOWN)
		p->p.level = gp->level;
	if (gp->parent_code[0] || counts)
		memcpy(p->p.parent_code, gp->parent_code, sizeof p->p.parent_code);
	if (counts) {
		p->p.counts = gp->counts;
		p->have_counts = true;
	}
	return p;
}

static void node_cb(void *arg, const struct govdx_error *err, struct govdx_platform_node *r)
{
	struct store_req *rq = arg;
	struct store *s = rq->s;
	struct store_platform *p = store_platform(s, rq->key);
	size_t i;

	if (err) {
		char *e = NULL;
		bool t;
		p->node_state = STORE_ERROR;
		fail(s, err, &e, &t, rq->key);
		free(e);
		req_done(rq);
		return;
	}
	learn(s, &r->platform, true);
	free(p->path);
	p->path = xcalloc(r->path_len + 1, sizeof *p->path);
	p->path_len = r->path_len;
	for (i = 0; i < r->path_len; i++) {
		struct govdx_platform pp = r->path[i];
		struct store_platform *q;
		if (i > 0 && !pp.parent_code[0])
			memcpy(pp.parent_code, r->path[i - 1].code, sizeof pp.parent_code);
		q = learn(s, &pp, false);
		memcpy(p->path[i], q->p.code, sizeof p->path[i]);
	}
	p->node_state = STORE_DONE;
	govdx_platform_node_free(r);
	req_done(rq);
	changed(s);
}

void store_want_node(struct store *s, struct store_platform *p)
{
	struct store_req *r;

	if (p->node_state != STORE_EMPTY)
		return;
	p->node_state = STORE_LOADING;
	r = req_new(s, RQ_NODE, p->p.code, 0, true);
	govdx_platform(s->c, p->p.code, node_cb, r);
}

/* Is the answer for the list as it is now (not refreshed since)? */
static bool page_fresh(const struct store_req *rq, const struct store_list *l)
{
	return l && rq->gen == l->gen;
}

/* Files a fresh page of rows (items: an xmalloc'd array, taken) into its
 * list: the first page replaces the list, a next page is appended, and a
 * dropped page is put back where it was. */
static void page_take(struct store_req *rq, struct store_list *l, void **items, size_t n,
                      const char *next_cursor)
{
	bool last = true;

	if (rq->refill != NO_PAGE && rq->refill < l->rows.n_pages) {
		last = pages_refill(&l->rows, rq->refill, items, n, next_cursor);
	} else {
		if (rq->first)
			pages_clear(&l->rows);
		pages_append(&l->rows, rq->first ? NULL : l->cursor, items, n);
	}
	if (last) {
		free(l->cursor);
		l->cursor = xstrdup(next_cursor);
		l->complete = next_cursor == NULL;
	}
	l->refreshing = false;
	l->state = STORE_DONE;
	free(l->error);
	l->error = NULL;
}

static void start_list(struct store *s, struct store_list *l, enum req_kind kind,
                       const char *key, bool first, bool prefetch);
static void evict_searches(struct store *s, const struct store_list *keep);

static void kids_cb(void *arg, const struct govdx_error *err, struct govdx_platform_page *r)
{
	struct store_req *rq = arg;
	struct store *s = rq->s;
	struct store_platform *p = store_platform_find(s, rq->key);
	struct store_list *l = p ? &p->kids : NULL;
	size_t i;

	if (err) {
		if (l && rq->gen == l->gen) {
			l->state = STORE_ERROR;
			fail(s, err, &l->error, &l->transient, p->p.name ? p->p.name : rq->key);
		}
	} else if (page_fresh(rq, l)) {
		void **items = xcalloc(r->n ? r->n : 1, sizeof *items);
		for (i = 0; i < r->n; i++)
			items[i] = learn(s, &r->items[i], true);
		page_take(rq, l, items, r->n, r->next_cursor);
		/* Children are short lists: fetch them to the end. */
		if (!l->complete)
			start_list(s, l, RQ_KIDS, rq->key, false, false);
		changed(s);
	}
	govdx_platform_page_free(r);
	req_done(rq);
}

static void depts_cb(void *arg, const struct govdx_error *err, struct govdx_department_page *r)
{
	struct store_req *rq = arg;
	struct store *s = rq->s;
	struct store_platform *p = store_platform_find(s, rq->key);
	struct store_list *l = p ? &p->depts : NULL;
	size_t i;

	if (err) {
		if (l && rq->gen == l->gen) {
			l->state = STORE_ERROR;
			quiet_or_fail(s, rq, err, &l->error, &l->transient,
			              p->p.name ? p->p.name : rq->key);
		}
	} else if (page_fresh(rq, l)) {
		void **items = xcalloc(r->n ? r->n : 1, sizeof *items);
		for (i = 0; i < r->n; i++)
			items[i] = dept_copy(&r->items[i]);
		page_take(rq, l, items, r->n, r->next_cursor);
		if (!l->complete)
			start_list(s, l, RQ_DEPTS, rq->key, false, false);
		changed(s);
	}
	govdx_department_page_free(r);
	req_done(rq);
}

static void entries_cb(void *arg, const struct govdx_error *err, struct govdx_entry_page *r)
{
	struct store_req *rq = arg;
	struct store *s = rq->s;
	struct store_list *l =
		hmap_get(rq->kind == RQ_SEARCH ? s->searches : s->dept_entries, rq->key);
	size_t i;

	if (err) {
		if (l && rq->gen == l->gen) {
			l->state = STORE_ERROR;
			fail(s, err, &l->error, &l->transient,
			     rq->kind == RQ_SEARCH ? _("search") : _("entries"));
		}
	} else if (page_fresh(rq, l)) {
		void **items = xcalloc(r->n ? r->n : 1, sizeof *items);
		for (i = 0; i < r->n; i++)
			items[i] = summary_copy(&r->items[i]);
		page_take(rq, l, items, r->n, r->next_cursor);
		if (rq->kind == RQ_SEARCH)
			evict_searches(s, l);
		changed(s);
	}
	govdx_entry_page_free(r);
	req_done(rq);
}

/* Starts the call for a list's first page (first), its next page, or the
 * dropped page refill (not NO_PAGE), which its own cursor fetches again. */
static void start_call(struct store *s, struct store_list *l, enum req_kind kind,
                       const char *key, bool first, size_t refill, bool prefetch)
{
	struct store_req *r = req_new(s, kind, key, l->gen, first);
	struct govdx_page_req page = { first ? NULL : l->cursor, 0 };
	struct govdx_entry_query q;

	if (refill != NO_PAGE)
		page.cursor = l->rows.v[refill].cursor;
	r->refill = refill;
	r->prefetch = prefetch;
	if (prefetch)
		s->n_prefetch++;
	l->state = STORE_LOADING;
	memset(&q, 0, sizeof q);
	q.disputed = -1;
	switch (kind) {
	case RQ_KIDS:
		page.limit = KIDS_LIMIT;
		govdx_platform_children(s->c, key, &page, kids_cb, r);
		break;
	case RQ_DEPTS:
		page.limit = DEPTS_LIMIT;
		govdx_platform_departments(s->c, key, &page, depts_cb, r);
		break;
	case RQ_DEPT_ENTRIES:
		q.department = key;
		q.page = page;
		q.page.limit = ENTRIES_LIMIT;
		govdx_entries(s->c, &q, entries_cb, r);
		break;
	case RQ_SEARCH:
		q.q = key;
		q.page = page;
		q.page.limit = SEARCH_LIMIT;
		govdx_entries(s->c, &q, entries_cb, r);
		break;
	default:
		abort();
	}
}

static void start_list(struct store *s, struct store_list *l, enum req_kind kind,
                       const char *key, bool first, bool prefetch)
{
	start_call(s, l, kind, key, first, NO_PAGE, prefetch);
}

void store_want_kids(struct store *s, struct store_platform *p)
{
	if (p->kids.state == STORE_EMPTY)
		start_list(s, &p->kids, RQ_KIDS, p->p.code, true, false);
}

void store_want_depts(struct store *s, struct store_platform *p, bool prefetch)
{
	if (p->depts.state != STORE_EMPTY || (prefetch && s->n_prefetch >= PREFETCH_MAX))
		return;
	start_list(s, &p->depts, RQ_DEPTS, p->p.code, true, prefetch);
}

/* ---- entry lists ------------------------------------------------------- */

struct store_list *store_dept_entries(struct store *s, const char *dept_code)
{
	struct store_list *l = hmap_get(s->dept_entries, dept_code);

	if (!l) {
		l = entry_list_new(SEARCH_WINDOW);
		hmap_put(s->dept_entries, dept_code, l);
	}
	return l;
}

struct store_list *store_search(struct store *s, const char *q)
{
	struct store_list *l = hmap_get(s->searches, q);

	if (!l) {
		l = entry_list_new(SEARCH_WINDOW);
		hmap_put(s->searches, q, l);
	}
	l->used = ++s->clock;
	return l;
}

/* Over SEARCHES_MAX searches, the ones asked for least recently are freed
 * (never keep, never one with a call in flight): a view that comes back to
 * one starts it again. */
static void evict_searches(struct store *s, const struct store_list *keep)
{
	while (hmap_count(s->searches) > SEARCHES_MAX) {
		size_t it = 0;
		const char *k, *lru_key = NULL;
		struct store_list *lru = NULL;
		void *v;

		while (hmap_next(s->searches, &it, &k, &v)) {
			struct store_list *l = v;
			if (l != keep && l->state != STORE_LOADING && (!lru || l->used < lru->used)) {
				lru = l;
				lru_key = k;
			}
		}
		if (!lru)
			return;
		entry_list_free(hmap_del(s->searches, lru_key));
	}
}

/* Which list is this, and under which key?  Lists are found by identity. */
static bool list_identity(struct store *s, struct store_list *l, enum req_kind *kind,
                          const char **key)
{
	size_t it = 0;
	const char *k;
	void *v;

	while (hmap_next(s->dept_entries, &it, &k, &v))
		if (v == l) {
			*kind = RQ_DEPT_ENTRIES;
			*key = k;
			return true;
		}
	it = 0;
	while (hmap_next(s->searches, &it, &k, &v))
		if (v == l) {
			*kind = RQ_SEARCH;
			*key = k;
			return true;
		}
	it = 0;
	while (hmap_next(s->platforms, &it, &k, &v)) {
		struct store_platform *p = v;
		if (&p->kids == l || &p->depts == l) {
			*kind = &p->kids == l ? RQ_KIDS : RQ_DEPTS;
			*key = k;
			return true;
		}
	}
	return false;
}

void store_want_first(struct store *s, struct store_list *l)
{
	enum req_kind kind;
	const char *key;

	if (l->state == STORE_EMPTY && list_identity(s, l, &kind, &key))
		start_list(s, l, kind, key, true, false);
}

void store_more(struct store *s, struct store_list *l)
{
	enum req_kind kind;
	const char *key;

	if (l->state == STORE_DONE && !l->complete && l->cursor &&
	    list_identity(s, l, &kind, &key))
		start_list(s, l, kind, key, false, false);
}

void *store_row(struct store *s, struct store_list *l, size_t i)
{
	size_t k;
	enum req_kind kind;
	const char *key;
	void *item = pages_get(&l->rows, i, &k);

	/* One call in flight per list: a dropped page waits for the list to be
	 * idle, and the frame after the answer asks again. */
	if (!item && k != NO_PAGE && l->state == STORE_DONE && list_identity(s, l, &kind, &key))
		start_call(s, l, kind, key, false, k, false);
	return item;
}

void store_refresh_list(struct store *s, struct store_list *l)
{
	enum req_kind kind;
	const char *key;

	if (!list_identity(s, l, &kind, &key))
		return;
	l->gen++;
	l->refreshing = true;
	start_list(s, l, kind, key, true, false);
}

/* ---- entry details ----------------------------------------------------- */

struct store_entry *store_entry(struct store *s, const char *code)
{
	struct store_entry *e = hmap_get(s->entries, code);

	if (!e) {
		e = xcalloc(1, sizeof *e);
		hmap_put(s->entries, code, e);
	}
	e->used = ++s->clock;
	return e;
}

/* Over ENTRIES_MAX details, the ones asked for least recently are freed
 * (never keep, never one with a call in flight); they are fetched again
 * when shown. */
static void evict_entries(struct store *s, const struct store_entry *keep)
{
	while (hmap_count(s->entries) > ENTRIES_MAX) {
		size_t it = 0;
		const char *k, *lru_key = NULL;
		struct store_entry *lru = NULL;
		void *v;

		while (hmap_next(s->entries, &it, &k, &v)) {
			struct store_entry *e = v;
			if (e != keep && e->state != STORE_LOADING && (!lru || e->used < lru->used)) {
				lru = e;
				lru_key = k;
			}
		}
		if (!lru)
			return;
		entry_free(hmap_del(s->entries, lru_key));
	}
}

/* The summary with this code among a list's held rows (at most one). */
static struct govdx_entry *summary_in(struct store_list *l, const char *code)
{
	size_t k, i;

	for (k = 0; l && k < l->rows.n_pages; k++) {
		const struct pages_page *pg = &l->rows.v[k];
		for (i = 0; pg->items && i < pg->n; i++) {
			struct govdx_entry *e = pg->items[i];
			if (e && e->code && !strcmp(e->code, code))
				return e;
		}
	}
	return NULL;
}

/* Calls fn on every summary of the entry code in a loaded list: its
 * department's entries (the code's part before '-') and every search. */
static void each_summary(struct store *s, const char *code,
                         void (*fn)(struct govdx_entry *summary, void *arg), void *arg)
{
	char dept[32];
	size_t it = 0, n = strcspn(code, "-");
	struct govdx_entry *sum;
	void *v;

	if (n < sizeof dept) {
		memcpy(dept, code, n);
		dept[n] = '\0';
		if ((sum = summary_in(hmap_get(s->dept_entries, dept), code)))
			fn(sum, arg);
	}
	while (hmap_next(s->searches, &it, NULL, &v))
		if ((sum = summary_in(v, code)))
			fn(sum, arg);
}

static void copy_disputed(struct govdx_entry *summary, void *arg)
{
	summary->disputed = ((const struct govdx_entry *)arg)->disputed;
}

/* A detail that arrived tells the lists' summaries whether it is disputed:
 * the lists are not fetched again for one flag. */
static void spread_disputed(struct store *s, struct govdx_entry *e)
{
	if (e->code)
		each_summary(s, e->code, copy_disputed, e);
}

static void found_summary(struct govdx_entry *summary, void *arg)
{
	*(bool *)arg = true;
}

void store_entry_touched(struct store *s, const char *code)
{
	struct store_entry *e = hmap_get(s->entries, code);
	bool listed = false;

	if (!e) {
		/* Only an entry on screen somewhere is worth fetching. */
		each_summary(s, code, found_summary, &listed);
		if (!listed)
			return;
		e = store_entry(s, code);
	}
	if (e->state == STORE_LOADING)
		e->again = true;
	else
		store_refresh_entry(s, e);
}

static void entry_cb(void *arg, const struct govdx_error *err, struct govdx_entry *r)
{
	struct store_req *rq = arg;
	struct store *s = rq->s;
	struct store_entry *e = hmap_get(s->entries, rq->key);

	if (err) {
		if (e) {
			e->state = STORE_ERROR;
			e->not_found = err->http_status == 404;
			/* A preview's failure is not worth a status message unless
			 * the service is away (which the console must learn). */
			quiet_or_fail(s, rq, err, &e->error, &e->transient, rq->key);
		}
	} else if (e) {
		govdx_entry_free(e->e);
		e->e = r;
		r = NULL;
		e->state = STORE_DONE;
		free(e->error);
		e->error = NULL;
		spread_disputed(s, e->e);
		changed(s);
	}
	if (e)
		evict_entries(s, e);
	govdx_entry_free(r);
	req_done(rq);
	/* Touched while this answer was on its way: it may be stale. */
	if (e && e->again) {
		e->again = false;
		store_refresh_entry(s, e);
	}
}

void store_want_entry(struct store *s, struct store_entry *e, bool prefetch)
{
	struct store_req *r;
	const char *code = NULL;
	size_t it = 0;
	const char *k;
	void *v;

	if (e->state != STORE_EMPTY)
		return;
	if (prefetch && s->n_prefetch >= PREFETCH_MAX)
		return;
	while (hmap_next(s->entries, &it, &k, &v))
		if (v == e) {
			code = k;
			break;
		}
	if (!code)
		return;
	e->state = STORE_LOADING;
	r = req_new(s, RQ_ENTRY, code, 0, true);
	r->prefetch = prefetch;
	if (prefetch)
		s->n_prefetch++;
	govdx_entry(s->c, code, entry_cb, r);
}

void store_refresh_entry(struct store *s, struct store_entry *e)
{
	if (e->state == STORE_LOADING)
		return;
	e->state = STORE_EMPTY;
	store_want_entry(s, e, false);
}

static void summary_name(struct govdx_entry *summary, void *arg)
{
	const char **name = arg;

	if (!*name)
		*name = summary->name;
}

const char *store_entry_name(struct store *s, const char *code)
{
	struct store_entry *e = hmap_get(s->entries, code);
	const char *name;

	if (e && e->e && e->e->name)
		return e->e->name;
	name = NULL;
	each_summary(s, code, summary_name, &name);
	return name;
}

/* ---- reconnecting ------------------------------------------------------ */

static void list_retry(struct store_list *l)
{
	if (l->state == STORE_ERROR && l->transient)
		l->state = l->rows.n || l->refreshing ? STORE_DONE : STORE_EMPTY;
	if (l->state == STORE_DONE && l->rows.n == 0 && !l->complete && !l->cursor)
		l->state = STORE_EMPTY;
}

void store_retry_errors(struct store *s)
{
	size_t it = 0;
	void *v;

	while (hmap_next(s->platforms, &it, NULL, &v)) {
		struct store_platform *p = v;
		list_retry(&p->kids);
		list_retry(&p->depts);
		if (p->node_state == STORE_ERROR)
			p->node_state = STORE_EMPTY;
	}
	it = 0;
	while (hmap_next(s->dept_entries, &it, NULL, &v))
		list_retry(v);
	it = 0;
	while (hmap_next(s->searches, &it, NULL, &v))
		list_retry(v);
	it = 0;
	while (hmap_next(s->entries, &it, NULL, &v)) {
		struct store_entry *e = v;
		if (e->state == STORE_ERROR && (e->transient || !e->error))
			e->state = STORE_EMPTY;
	}
	changed(s);
}

static size_t held_rows(const struct hmap *m)
{
	size_t it = 0, n = 0, k;
	void *v;

	while (hmap_next(m, &it, NULL, &v)) {
		const struct store_list *l = v;
		for (k = 0; k < l->rows.n_pages; k++)
			if (l->rows.v[k].items)
				n += l->rows.v[k].n;
	}
	return n;
}

size_t store_held(const struct store *s)
{
	return held_rows(s->searches) + held_rows(s->dept_entries);
}
