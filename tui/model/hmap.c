/*
 * hmap — string-keyed hash map with separate chaining (see hmap.h).
 *
 * Iteration walks a flat array of slots in insertion order; a deleted slot
 * becomes a hole (key NULL) that is skipped, and the array is compacted when
 * the table grows.  Buckets hold slot indices.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hmap.h"
#include "xalloc.h"

struct hmap_slot {
	char *key; /* NULL: deleted */
	void *val;
	size_t next; /* next slot in the bucket chain, or SIZE_MAX */
};

struct hmap {
	struct hmap_slot *slots;
	size_t n_slots, cap_slots, live;
	size_t *buckets; /* slot index or SIZE_MAX */
	size_t n_buckets;
};

static uint64_t hash(const char *s)
{
	uint64_t h = 1469598103934665603ull;

	while (*s) {
		h ^= (unsigned char)*s++;
		h *= 1099511628211ull;
	}
	return h;
}

struct hmap *hmap_new(void)
{
	struct hmap *m = xcalloc(1, sizeof *m);

	m->n_buckets = 64;
	m->buckets = xmalloc(m->n_buckets * sizeof *m->buckets);
	memset(m->buckets, 0xff, m->n_buckets * sizeof *m->buckets);
	return m;
}

void hmap_free(struct hmap *m, void (*free_val)(void *))
{
	size_t i;

	if (!m)
		return;
	for (i = 0; i < m->n_slots; i++) {
		if (!m->slots[i].key)
			continue;
		free(m->slots[i].key);
		if (free_val)
			free_val(m->slots[i].val);
	}
	free(m->slots);
	free(m->buckets);
	free(m);
}

static size_t find(const struct hmap *m, const char *key)
{
	size_t i = m->buckets[hash(key) % m->n_buckets];

	while (i != SIZE_MAX) {
		if (m->slots[i].key && strcmp(m->slots[i].key, key) == 0)
			return i;
		i = m->slots[i].next;
	}
	return SIZE_MAX;
}

void *hmap_get(const struct hmap *m, const char *key)
{
	size_t i = find(m, key);

	return i == SIZE_MAX ? NULL : m->slots[i].val;
}

/* Compacts the slot array and rebuilds the buckets, doubling them when the
 * table has become crowded. */
static void rehash(struct hmap *m)
{
	size_t i, j = 0;

	for (i = 0; i < m->n_slots; i++)
		if (m->slots[i].key)
			m->slots[j++] = m->slots[i];
	m->n_slots = j;
	if (m->live * 2 > m->n_buckets) {
		m->n_buckets *= 2;
		m->buckets = xrealloc(m->buckets, m->n_buckets * sizeof *m->buckets);
	}
	memset(m->buckets, 0xff, m->n_buckets * sizeof *m->buckets);
	for (i = 0; i < m->n_slots; i++) {
		size_t b = hash(m->slots[i].key) % m->n_buckets;
		m->slots[i].next = m->buckets[b];
		m->buckets[b] = i;
	}
}

void *hmap_put(struct hmap *m, const char *key, void *val)
{
	size_t i = find(m, key), b;
	void *old;

	if (i != SIZE_MAX) {
		old = m->slots[i].val;
		m->slots[i].val = val;
		return old;
	}
	if (m->n_slots == m->cap_slots) {
		if (m->live < m->n_slots / 2 || m->live * 2 > m->n_buckets)
			rehash(m);
		xgrow(&m->slots, &m->cap_slots, m->n_slots + 1, sizeof *m->slots);
	}
	b = hash(key) % m->n_buckets;
	i = m->n_slots++;
	m->slots[i].key = xstrdup(key);
	m->slots[i].val = val;
	m->slots[i].next = m->buckets[b];
	m->buckets[b] = i;
	m->live++;
	return NULL;
}

void *hmap_del(struct hmap *m, const char *key)
{
	size_t i = find(m, key);
	void *old;

	if (i == SIZE_MAX)
		return NULL;
	old = m->slots[i].val;
	/* The slot stays in its chain as a hole until the next rehash. */
	free(m->slots[i].key);
	m->slots[i].key = NULL;
	m->slots[i].val = NULL;
	m->live--;
	return old;
}

size_t hmap_count(const struct hmap *m)
{
	return m->live;
}

bool hmap_next(const struct hmap *m, size_t *iter, const char **key, void **val)
{
	while (*iter < m->n_slots) {
		const struct hmap_slot *s = &m->slots[(*iter)++];
		if (s->key) {
			if (key)
				*key = s->key;
			if (val)
				*val = s->val;
			return true;
		}
	}
	return false;
}
