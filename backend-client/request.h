/*
 * request.h — request URLs and easy handles (internal to libgovdx).
 *
 * struct request_url builds "/v1/..." paths and query strings in which every
 * path segment and query value is percent-encoded (RFC 3986: only the
 * unreserved characters stay as they are), so a code or a Chinese search
 * text can never change the shape of the URL. A failed allocation makes
 * the builder sticky-failed; request_url_take then returns NULL.
 *
 * request_setup creates the easy handle of a call with every option the
 * library insists on: no signals, connect and total timeouts, TLS
 * verification on, a size-capped answer buffer, the shared headers (or a
 * copy of them with the call's own: Content-Type, If-Match,
 * Idempotency-Key), and a header reader that records the ETag.
 */
#ifndef GOVDX_REQUEST_H
#define GOVDX_REQUEST_H

#include <stdbool.h>
#include <stddef.h>

#include <curl/curl.h>

#include "govdx.h"

struct call;
struct call_spec;

struct request_url {
	char *s;
	size_t len, cap;
	bool failed;     /* an allocation failed; the result is unusable */
	bool has_query;  /* a '?' was written */
};

/* Starts with a literal path prefix such as "/v1/platforms". */
void request_url_init(struct request_url *u, const char *literal);
/* Appends a literal (already safe) piece, e.g. "/children". */
void request_url_lit(struct request_url *u, const char *literal);
/* Appends "/" and the percent-encoded segment. */
void request_url_segment(struct request_url *u, const char *segment);
/* Appends "?name=value" or "&name=value" with value percent-encoded;
 * a NULL value appends nothing. */
void request_url_param(struct request_url *u, const char *name, const char *value);
void request_url_param_long(struct request_url *u, const char *name, long value);
/* Adds limit (when > 0) and cursor (when set); false when the limit is
 * negative (nothing is added then). */
bool request_url_page(struct request_url *u, const struct govdx_page_req *page);
/* Returns the malloc'd string (caller frees), or NULL after a failure. */
char *request_url_take(struct request_url *u);

/* Builds call->headers for a call that sends more than the client's
 * shared headers (a POST body, If-Match, Idempotency-Key): a copy of the
 * client's list plus the call's own. Returns 0, or -1 with *err. */
int request_headers(struct call *call, const struct call_spec *spec, struct govdx_error *err);

/* Overwrites every header line (the list holds the token) before freeing. */
void request_wipe_headers(struct curl_slist *l);

/* Creates call->easy for call->url: a GET, or a POST of call->post_body.
 * Returns 0, or -1 with *err. */
int request_setup(struct call *call, struct govdx_error *err);

/* Makes a finished call's easy handle ready to run again (a retry): clears
 * the answer so far and what the last attempt recorded. */
void request_rewind(struct call *call);

/* Frees the easy handle, the answer buffer, the POST body and the own
 * header list (wiped: it holds the token) of a call (not the call). */
void request_cleanup(struct call *call);

#endif
