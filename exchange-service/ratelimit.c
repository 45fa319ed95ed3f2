/*
 * ratelimit.c — token buckets per key; see ratelimit.h.
 */
#include "config.h"

#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ratelimit.h"

#define SLOTS 8192 /* a power of two */
#define PROBES 8
#define KEY_MAX 64

struct bucket {
	char key[KEY_MAX]; /* "" for a free slot */
	double tokens;
	double last; /* when tokens was last brought up to date */
};

struct ratelimit {
	pthread_mutex_t lock;
	double rate, burst;
	struct bucket slots[SLOTS];
};

struct ratelimit *ratelimit_new(double rate, double burst)
{
	struct ratelimit *rl;

	if (rate <= 0)
		return NULL;
	rl = calloc(1, sizeof *rl);
	if (!rl)
		return NULL;
	if (pthread_mutex_init(&rl->lock, NULL) != 0) {
		free(rl);
		return NULL;
	}
	rl->rate = rate;
	rl->burst = burst < 1 ? 1 : burst;
	return rl;
}

void ratelimit_free(struct ratelimit *rl)
{
	if (!rl)
		return;
	pthread_mutex_destroy(&rl->lock);
	free(rl);
}

static uint32_t hash(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* The key's bucket (key at most KEY_MAX-1 bytes): its own, else a free
 * one, else the one idle longest among those probed, which the key takes
 * with a full bucket. */
static struct bucket *find(struct ratelimit *rl, const char *key, double now)
{
	uint32_t h = hash(key);
	struct bucket *free_b = NULL, *oldest = NULL, *b;

	for (unsigned i = 0; i < PROBES; i++) {
		b = &rl->slots[(h + i) & (SLOTS - 1)];
		if (!b->key[0]) {
			if (!free_b)
				free_b = b;
		} else if (strcmp(b->key, key) == 0) {
			return b;
		} else if (!oldest || b->last < oldest->last) {
			oldest = b;
		}
	}
	b = free_b ? free_b : oldest;
	memcpy(b->key, key, strlen(key) + 1);
	b->tokens = rl->burst;
	b->last = now;
	return b;
}

unsigned ratelimit_take(struct ratelimit *rl, const char *key, double now_s)
{
	struct bucket *b;
	unsigned wait = 0;
	char k[KEY_MAX];

	if (!rl || !key || !key[0])
		return 0;
	snprintf(k, sizeof k, "%s", key);
	pthread_mutex_lock(&rl->lock);
	b = find(rl, k, now_s);
	if (now_s > b->last) {
		b->tokens += (now_s - b->last) * rl->rate;
		if (b->tokens > rl->burst)
			b->tokens = rl->burst;
		b->last = now_s;
	}
	if (b->tokens >= 1) {
		b->tokens -= 1;
	} else {
		double secs = (1 - b->tokens) / rl->rate;

		wait = secs < 1 ? 1 : (unsigned)ceil(secs);
	}
	pthread_mutex_unlock(&rl->lock);
	return wait;
}
