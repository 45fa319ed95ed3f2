/*
 * client.h — the client and its calls in flight (internal to libgovdx).
 *
 * A struct govdx_client owns one curl multi handle and a doubly linked list
 * of struct call, one per transfer in flight. A call is in the list exactly
 * while its easy handle is added to the multi handle; leaving the list and
 * leaving the multi handle always happen together, and the call's callback
 * runs only after both (so it may start, cancel or wait for other calls).
 *
 * struct call_kind describes one endpoint's answer: how to parse a 2xx
 * answer into a typed result, optionally how to read an error answer, and
 * how to hand the result (or an error) to the caller's typed callback. The
 * callback is stored as a generic function pointer and cast back to its
 * real type by the kind's deliver function. The transport knows no domain:
 * it hands each kind a struct call_answer (status, body, the ETag's
 * version) and the kind's own data; a workflow object's kinds (requests,
 * objections) bring parse-case.c's slots and their case type there.
 *
 * struct call_spec says what a call sends: a GET, or a POST with a JSON
 * body, If-Match, Idempotency-Key; extra time for a long poll; how many
 * transport failures to retry with the very same request (POSTs: one).
 */
#ifndef GOVDX_CLIENT_H
#define GOVDX_CLIENT_H

#include <stdbool.h>
#include <stddef.h>

#include <curl/curl.h>

#include "govdx.h"

typedef void (*call_generic_cb)(void);

struct call_kind;

/* A finished transfer's answer, as the kind's parsers see it. */
struct call_answer {
	long status;      /* the HTTP status */
	const char *body; /* NUL-terminated, or NULL when empty */
	size_t len;
	long etag;        /* the version of a numeric ETag, or -1 */
};

/* A kind's parser of a 2xx answer: sets *out to a malloc'd typed result
 * and returns 0, or returns -1 with *err (and *out NULL). */
typedef int (*call_parse_fn)(const struct call_kind *kind, const struct call_answer *a,
                             void **out, struct govdx_error *err);

/* The parser of a kind whose result type T comes from a function
 * fn(body, len, T **out, err), as every govdx_parse_* is. */
#define CALL_PARSER(name, T, fn) \
	static int name(const struct call_kind *kind, const struct call_answer *a, void **out, \
	                struct govdx_error *err) \
	{ \
		T *r = NULL; \
		int rc = fn(a->body, a->len, &r, err); \
		(void)kind; \
		*out = r; \
		return rc; \
	}

struct call_kind {
	const char *what; /* what the call fetches, for messages: "the entry list" */
	call_parse_fn parse;
	/* Optional: reads an error answer (status outside 2xx) into *err; it
	 * may bring a result along (a 412 with the current object) in *out.
	 * NULL: the contract's error object (govdx_parse_error). */
	void (*parse_error)(const struct call_kind *kind, const struct call_answer *a,
	                    struct govdx_error *err, void **out);
	/* Calls the typed callback cb (or frees result when cb is NULL). An
	 * error may come with a result (412 with the current object). */
	void (*deliver)(call_generic_cb cb, void *arg, const struct govdx_error *err, void *result);
	const void *data; /* the kind's own, for its parsers (a case type) */
};

/* What to send; everything but path_query is optional. */
struct call_spec {
	const char *path_query;      /* "/v1/..." */
	const char *post_body;       /* JSON: the call is a POST; NULL: a GET */
	const char *method;          /* a literal method for a call with a body
	                                that is not a POST ("PATCH"), else NULL */
	long if_match;               /* > 0: If-Match: "<if_match>" */
	const char *idempotency_key; /* sent as Idempotency-Key */
	long timeout_ms;             /* > 0: this call's limit when shorter than the
	                                client's (a health check) */
	long extra_timeout_ms;       /* added to the client's timeout (long polls) */
	int retries;                 /* transport failures to retry with the same request */
};

struct call {
	struct call *prev, *next; /* the client's in-flight list */
	struct govdx_client *client;
	govdx_call_id id;
	const struct call_kind *kind;
	call_generic_cb cb; /* the caller's callback, may be NULL */
	void *arg;
	CURL *easy;
	char *url;          /* full request URL; never contains the token */
	char *body;         /* answer body so far (NUL-terminated when non-NULL) */
	size_t body_len, body_cap;
	bool oversize;      /* the answer passed max_answer_bytes */
	char *post_body;    /* owned; NULL for a GET */
	const char *method; /* spec's method (a literal), or NULL */
	struct curl_slist *headers; /* own header list (the client's plus the
	                               call's), or NULL to use the client's; it
	                               holds the token and is wiped on free */
	long timeout_ms;    /* of each attempt */
	int retries_left;   /* transport failures still to retry (POST) */
	long etag;          /* version from the answer's ETag, or -1 */
	char errbuf[CURL_ERROR_SIZE];
};

struct govdx_client {
	CURLM *multi;
	char *base_url;      /* as given, without trailing slashes */
	char *display_url;   /* scheme://host[:port] for messages: no user info */
	char *host;          /* host name, for DNS and TLS messages */
	char *token;         /* bearer token, or NULL; wiped on free */
	char *ca_file, *cert_file, *key_file;
	char *user_agent;
	struct curl_slist *headers; /* shared by every easy handle */
	long connect_timeout_ms;
	long timeout_ms;
	size_t max_answer_bytes;
	struct call *head, *tail;
	int n_inflight;
	govdx_call_id next_id;
	int depth;    /* nesting of govdx_client_perform (callbacks may wait) */
	bool closing; /* govdx_client_free was called inside a callback */
};

/* Starts a GET of path_query (which begins with "/v1/") on c. On success
 * returns the new call's id; on failure delivers the error to cb at once
 * and returns 0. */
govdx_call_id client_start(struct govdx_client *c, const struct call_kind *kind,
                           call_generic_cb cb, void *arg, const char *path_query);

/* Starts the call that spec describes, as client_start does. */
govdx_call_id client_start_spec(struct govdx_client *c, const struct call_kind *kind,
                                call_generic_cb cb, void *arg, const struct call_spec *spec);

/* Delivers err to cb through kind without starting anything; returns 0.
 * Used for calls refused before they start (bad arguments). */
govdx_call_id client_refuse(const struct call_kind *kind, call_generic_cb cb, void *arg,
                            const struct govdx_error *err);

/* Keeps c alive across code that runs callbacks: govdx_client_free called
 * meanwhile (from a callback) only cancels everything, and the release
 * that ends the outermost hold frees the client. Returns false from
 * client_release when the client was freed (c is then gone). */
void client_hold(struct govdx_client *c);
bool client_release(struct govdx_client *c);

/* True while the call with this id is in flight. */
bool client_in_flight(const struct govdx_client *c, govdx_call_id id);

#endif
