/*
 * pages — a keyset-paged list kept as a window of pages.
 *
 * The service pages its lists with opaque cursors: a cursor fetches the rows
 * after it, and each answer names the cursor of the next page.  A pages
 * list remembers, for every page met so far, its first row and the cursor
 * that fetches it (a few dozen bytes a page), but holds the rows of at most
 * `window` pages (0: all): when a page arrives over the window, the pages
 * read least recently are dropped, and a dropped page is fetched again
 * with its own cursor when it is read.  So memory depends on the window, not
 * on how far the user scrolled; 142,426 rows of a search are 2,849 page
 * records (about 0.3 MB) and at most `window` pages of rows.
 *
 * No calls, no clock: the owner (store.c) fetches and hands pages in.
 * Row indices are absolute and stay put while pages come and go; only a
 * refetched page whose rows changed meanwhile cuts the list after it
 * (pages_refill), since what followed it was paged from rows that moved.
 */
#ifndef GOVDX_PAGES_H
#define GOVDX_PAGES_H

#include <stdbool.h>
#include <stddef.h>

struct pages_page {
	size_t first;        /* absolute index of its first row */
	size_t n;            /* rows in it */
	char *cursor;        /* fetches it; NULL for the first page */
	void **items;        /* its rows, or NULL while dropped */
	unsigned long used;  /* the list's clock when last read */
};

struct pages {
	struct pages_page *v;
	size_t n_pages, cap;
	size_t n;            /* rows known: the sum of the pages' n */
	size_t window;       /* pages of rows held at most; 0: no limit */
	size_t loaded;       /* pages whose rows are held */
	unsigned long clock;
	void (*free_item)(void *); /* NULL: items are not owned */
};

/* The row at i if its page is held, else NULL; reading it does not count as
 * use (for scans over what happens to be loaded). */
void *pages_peek(const struct pages *p, size_t i);
/* The row at i, and its page counts as read now.  NULL when i is past the
 * end or its page is dropped; then *dropped (if not NULL) is its page's index,
 * or (size_t)-1 past the end. */
void *pages_get(struct pages *p, size_t i, size_t *dropped);
/* Index of the page holding row i (i < p->n). */
size_t pages_find(const struct pages *p, size_t i);

/* Frees every row and page record; the list is empty and keeps its window. */
void pages_clear(struct pages *p);
void pages_free(struct pages *p);

/* Appends a page fetched by cursor (NULL: the first), taking items (an
 * xmalloc'd array of n rows), then drops pages over the window. */
void pages_append(struct pages *p, const char *cursor, void **items, size_t n);
/* Puts a dropped page's rows back (the same ownership as pages_append).
 * next_cursor is what the answer named as the next page's cursor.  When the
 * rows count or next cursor differs from what the list knew of the page
 * after k, the pages after k are forgotten.  Returns true when k is now the
 * last page: the list continues from next_cursor (the caller's cursor for
 * the next page). */
bool pages_refill(struct pages *p, size_t k, void **items, size_t n, const char *next_cursor);
/* Drops the least recently read held pages until at most window are held;
 * never page keep (pass (size_t)-1 for none). */
void pages_trim(struct pages *p, size_t keep);

/* A row arriving or leaving in the middle (a live change): item goes in
 * at i (i == p->n: at the end of the last page), or row i goes (freed
 * with free_item); the rows after move by one.  Only in a held page:
 * false (and nothing done) when the page is dropped, where a refetch
 * brings the list as it is now. */
bool pages_insert(struct pages *p, size_t i, void *item);
bool pages_remove(struct pages *p, size_t i);

#endif /* GOVDX_PAGES_H */
