/*
 * ratelimit.h — request rate limits per key (a user's name, a client
 * address), as token buckets: a key may send `burst` requests at once and
 * `rate` a second after that.  What goes over is answered 429 with
 * Retry-After (http.c).
 *
 * Kept in memory, per instance, in a table of fixed size: a key not seen
 * for a while gives its slot to a new one (a full bucket again), so memory
 * stays bounded whatever the clients do.  Thread-safe.
 */
#ifndef GOVDX_SVC_RATELIMIT_H
#define GOVDX_SVC_RATELIMIT_H

struct ratelimit;

/* rate requests a second, burst at once; NULL for rate 0 (no limit) or
 * when memory runs out. */
struct ratelimit *ratelimit_new(double rate, double burst);
void ratelimit_free(struct ratelimit *rl);

/* Takes one request of key at now_s (monotonic seconds): 0 when it may go,
 * else the whole seconds to wait before the next one may (at least 1).
 * A NULL limiter lets everything through. */
unsigned ratelimit_take(struct ratelimit *rl, const char *key, double now_s);

#endif
