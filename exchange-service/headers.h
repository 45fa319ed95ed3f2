/*
 * headers.h — the request headers of the case workflows, read without I/O:
 * If-Match (a transition's precondition), If-None-Match (a conditional
 * GET) and Idempotency-Key (any POST). See docs/architecture.md, "Versions
 * and ETags" and "Idempotency".
 *
 * Pure functions, so the unit tests cover them directly. The service gives
 * out exactly one kind of ETag, a strong "<version>" with version ≥ 1.
 * If-Match is read as RFC 9110 says: a well-formed tag that is not the
 * current one fails the precondition (412), whether it is weak (never
 * strongly equal), of another form ("stale-0") or of a version past any
 * the service gives out; only a header that is not a list of entity-tags
 * is malformed (400). "*" does not say which version the client saw, and a
 * transition must (428); a list naming two versions is refused (400).
 */
#ifndef GOVDX_SVC_HEADERS_H
#define GOVDX_SVC_HEADERS_H

#include <stdbool.h>

/* The longest Idempotency-Key. */
#define HEADERS_IDEMPOTENCY_KEY_MAX 128

/* If-Match h (NULL when absent). Returns 1 with *version set: the version
 * its one strong tag "<digits>" names (1..2147483647, no leading zero), or
 * 0 when no tag of it can be the current one (the transition then fails
 * its precondition); 0 when absent; -1 when malformed;
 * HEADERS_IF_MATCH_ANY for "*"; HEADERS_IF_MATCH_SEVERAL for tags of two
 * versions. */
#define HEADERS_IF_MATCH_ANY (-2)
#define HEADERS_IF_MATCH_SEVERAL (-3)
int headers_if_match(const char *h, long *version);

/* Does If-None-Match h (NULL when absent) name etag, or "*"? A list and weak
 * tags (W/"3") are taken, as RFC 9110 wants weak comparison here. */
bool headers_if_none_match_hits(const char *h, const char *etag);

/* An Idempotency-Key: 1..128 printable ASCII characters (0x20..0x7e). */
bool headers_idempotency_key_valid(const char *key);

#endif
