/*
 * pages — a keyset-paged list kept as a window of pages (see pages.h).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "pages.h"
#include "xalloc.h"

size_t pages_find(const struct pages *p, size_t i)
{
	size_t lo = 0, hi = p->n_pages;

	/* The last page whose first row is at or before i. */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (p->v[mid].first <= i)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

void *pages_peek(const struct pages *p, size_t i)
{
	const struct pages_page *pg;

	if (i >= p->n)
		return NULL;
	pg = &p->v[pages_find(p, i)];
	return pg->items ? pg->items[i - pg->first] : NULL;
}

void *pages_get(struct pages *p, size_t i, size_t *dropped)
{
	size_t k;
	struct pages_page *pg;

	if (i >= p->n) {
		if (dropped)
			*dropped = (size_t)-1;
		return NULL;
	}
	k = pages_find(p, i);
	pg = &p->v[k];
	if (!pg->items) {
		if (dropped)
			*dropped = k;
		return NULL;
	}
	pg->used = ++p->clock;
	return pg->items[i - pg->first];
}

static void drop(struct pages *p, struct pages_page *pg)
{
	size_t i;

	if (!pg->items)
		return;
	if (p->free_item)
		for (i = 0; i < pg->n; i++)
			p->free_item(pg->items[i]);
	free(pg->items);
	pg->items = NULL;
	p->loaded--;
}

/* Forgets the pages from k on. */
static void cut(struct pages *p, size_t k)
{
	size_t j;

	for (j = k; j < p->n_pages; j++) {
		drop(p, &p->v[j]);
		free(p->v[j].cursor);
	}
	if (k < p->n_pages)
		p->n = p->v[k].first;
	p->n_pages = k;
}

void pages_clear(struct pages *p)
{
	cut(p, 0);
	p->n = 0;
}

void pages_free(struct pages *p)
{
	pages_clear(p);
	free(p->v);
	p->v = NULL;
	p->cap = 0;
}

void pages_trim(struct pages *p, size_t keep)
{
	while (p->window && p->loaded > p->window) {
		struct pages_page *lru = NULL;
		size_t k;

		for (k = 0; k < p->n_pages; k++)
			if (p->v[k].items && k != keep && (!lru || p->v[k].used < lru->used))
				lru = &p->v[k];
		if (!lru)
			return;
		drop(p, lru);
	}
}

void pages_append(struct pages *p, const char *cursor, void **items, size_t n)
{
	struct pages_page *pg;

	xgrow(&p->v, &p->cap, p->n_pages + 1, sizeof *p->v);
	pg = &p->v[p->n_pages++];
	pg->first = p->n;
	pg->n = n;
	pg->cursor = xstrdup(cursor);
	pg->items = items;
	pg->used = ++p->clock;
	p->n += n;
	p->loaded++;
	pages_trim(p, p->n_pages - 1);
}

bool pages_refill(struct pages *p, size_t k, void **items, size_t n, const char *next_cursor)
{
	struct pages_page *pg = &p->v[k];
	const char *known_next = k + 1 < p->n_pages ? p->v[k + 1].cursor : NULL;

	drop(p, pg);
	if (k + 1 < p->n_pages &&
	    (n != pg->n || !next_cursor || strcmp(next_cursor, known_next) != 0))
		cut(p, k + 1);
	pg->n = n;
	if (k + 1 == p->n_pages) /* only the last page may change its count */
		p->n = pg->first + n;
	pg->items = items;
	pg->used = ++p->clock;
	p->loaded++;
	pages_trim(p, k);
	return k + 1 == p->n_pages;
}

bool pages_insert(struct pages *p, size_t i, void *item)
{
	struct pages_page *pg;
	size_t k, j;

	if (i > p->n || !p->n_pages)
		return false;
	k = i == p->n ? p->n_pages - 1 : pages_find(p, i);
	pg = &p->v[k];
	if (!pg->items)
		return false;
	pg->items = xrealloc(pg->items, (pg->n + 1) * sizeof *pg->items);
	memmove(&pg->items[i - pg->first + 1], &pg->items[i - pg->first],
	        (pg->n - (i - pg->first)) * sizeof *pg->items);
	pg->items[i - pg->first] = item;
	pg->n++;
	for (j = k + 1; j < p->n_pages; j++)
		p->v[j].first++;
	p->n++;
	return true;
}

bool pages_remove(struct pages *p, size_t i)
{
	struct pages_page *pg;
	size_t k, j;

	if (i >= p->n)
		return false;
	k = pages_find(p, i);
	pg = &p->v[k];
	if (!pg->items)
		return false;
	if (p->free_item)
		p->free_item(pg->items[i - pg->first]);
	memmove(&pg->items[i - pg->first], &pg->items[i - pg->first + 1],
	        (pg->n - (i - pg->first) - 1) * sizeof *pg->items);
	pg->n--;
	for (j = k + 1; j < p->n_pages; j++)
		p->v[j].first--;
	p->n--;
	return true;
}
