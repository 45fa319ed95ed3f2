/*
 * hmap — a string-keyed hash map for the console's caches.
 *
 * The data store keeps platforms, department entry lists, entry details and
 * search results by code (thousands of platforms at national scale), so
 * lookups must not be linear.  Keys are copied; values belong to the caller
 * (hmap_free can free them with a given function).
 *
 * Invariant: at most one value per key; iteration order is unspecified and
 * the map must not be changed while iterating.
 */
#ifndef GOVDX_HMAP_H
#define GOVDX_HMAP_H

#include <stdbool.h>
#include <stddef.h>

struct hmap;

struct hmap *hmap_new(void);
/* Frees the map; free_val (may be NULL) is called on every value. */
void hmap_free(struct hmap *m, void (*free_val)(void *));

void *hmap_get(const struct hmap *m, const char *key);
/* Sets key to val; returns the value it replaced, or NULL. */
void *hmap_put(struct hmap *m, const char *key, void *val);
/* Removes key; returns its value, or NULL. */
void *hmap_del(struct hmap *m, const char *key);
size_t hmap_count(const struct hmap *m);

/* Iteration: start with *iter = 0; returns false at the end. */
bool hmap_next(const struct hmap *m, size_t *iter, const char **key, void **val);

#endif /* GOVDX_HMAP_H */
