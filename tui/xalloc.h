/*
 * xalloc — allocation helpers for the console.
 *
 * The console cannot do anything useful once memory runs out, so these
 * abort with a message instead of returning NULL (STYLE.md: xmalloc-style
 * helpers may abort on out-of-memory).  Nothing else in tui/ checks for NULL
 * after allocating.
 */
#ifndef GOVDX_XALLOC_H
#define GOVDX_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
/* NULL gives NULL, so optional fields can be copied blindly. */
char *xstrdup(const char *s);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Grows *items (of elem bytes each) so that it holds at least need items. */
void xgrow(void *items_ptr, size_t *cap, size_t need, size_t elem);

#endif /* GOVDX_XALLOC_H */
