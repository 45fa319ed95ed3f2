/*
 * headers.h — the request headers of the case workflows, read without I/O:
 * If-Match (a transition's precondition), If-None-Match (a conditional
 * GET) and Idempotency-Key (any POST). See docs/architecture.md, "Versions
 * and ETags" and "Idempotency".
 *
 * Pure functions, so the unit tests cover them directly. The service gives
 * out exactly one kind of ETag, a strong "<version>" with version ≥ 1, and
 * accepts exactly that in If-Match: a weak tag, "*", a list or anything
 * else is malformed (400), never treated as a match.
 */
#ifndef GOVDX_SVC_HEADERS_H
#define GOVDX_SVC_HEADERS_H

#include <stdbool.h>

/* The longest Idempotency-Key. */
#define HEADERS_IDEMPOTENCY_KEY_MAX 128

/* If-Match h (NULL when absent). Returns 1 with *version set for one strong
 * tag "<digits>" (1..2147483647, no leading zero), 0 when absent, -1 when
 * malformed. */
int headers_if_match(const char *h, long *version);

/* Does If-None-Match h (NULL when absent) name etag, or "*"? A list and weak
 * tags (W/"3") are taken, as RFC 9110 wants weak comparison here. */
bool headers_if_none_match_hits(const char *h, const char *etag);

/* An Idempotency-Key: 1..128 printable ASCII characters (0x20..0x7e). */
bool headers_idempotency_key_valid(const char *key);

#endif
