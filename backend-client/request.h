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
 * verification on, a size-capped answer buffer, the shared headers.
 */
#ifndef GOVDX_REQUEST_H
#define GOVDX_REQUEST_H

#include <stdbool.h>
#include <stddef.h>

#include "govdx.h"

struct call;

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
/* Returns the malloc'd string (caller frees), or NULL after a failure. */
char *request_url_take(struct request_url *u);

/* Creates call->easy for GET call->url. Returns 0, or -1 with *err. */
int request_setup(struct call *call, struct govdx_error *err);

/* Frees the easy handle and the answer buffer of a call (not the call). */
void request_cleanup(struct call *call);

#endif
