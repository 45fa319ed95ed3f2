/*
 * http.h — the HTTP side of govdx-exchanged: libmicrohttpd glue, routing,
 * authentication, the error format, the request log and the request
 * figures (metrics.h).
 *
 * A request is handled once, when its upload is complete (the second or
 * later call of the access handler), which keeps keep-alive working with
 * libmicrohttpd 0.9.75. Before a route's handler runs, the server has
 * checked, in this order: body size (413), path (404), method (405), bearer
 * token (401), query parameters: UTF-8 (400 invalid_utf8), known names and no
 * repeats (400 invalid_parameter). A handler then answers exactly once with
 * http_reply_json or http_reply_error; a handler that does not answer gets
 * a 500 on its behalf.
 *
 * Methods: GET (and HEAD) go to a route's get handler, POST to its post
 * handler; a method without a handler is 405 with an Allow header listing
 * those there are. A POST takes no query parameters.
 *
 * Long polls: a handler may park its request with http_suspend instead of
 * answering. The worker thread is then free for other connections (the
 * connection is taken out of libmicrohttpd's loop and does not time out);
 * any thread may later call http_resume, after which the on_resume handler
 * runs on a worker thread and must answer (or park again). Every parked
 * request must be resumed before http_stop.
 */
#ifndef GOVDX_SVC_HTTP_H
#define GOVDX_SVC_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <jansson.h>

#include "body.h"
#include "db.h"

struct http_request;
struct http_server;

/* Handles a matched request; arg is the path segment matched by '*' (or NULL). */
typedef void (*http_handler)(struct http_request *rq, const char *arg);

struct http_route {
	const char *pattern;        /* "/v1/platforms/" "*" "/children": '*' matches one segment */
	bool auth;                  /* needs a bearer token */
	const char *const *params;  /* allowed query parameters, NULL-terminated; NULL: none */
	http_handler get;           /* handler of GET (and HEAD), or NULL */
	http_handler post;          /* handler of POST, or NULL */
	http_handler patch;         /* handler of PATCH, or NULL (it reads a body, as POST) */
};

/* The authenticated caller. */
struct http_user {
	char name[64];
	char display_name[128];
	char role[16];
	char department_code[16];
};

struct cursor_secret;
struct ratelimit;
struct secret_store;
struct standby;

/* The request log on stderr: one line per request, logfmt (key=value) or
 * one JSON object, or none. */
enum http_request_log {
	HTTP_LOG_TEXT = 0,
	HTTP_LOG_JSON,
	HTTP_LOG_OFF,
};

struct http_options {
	const char *listen;      /* HOST:PORT (PORT 0 picks a free port) or unix:PATH (listen.h) */
	unsigned threads;        /* worker threads, each with one database connection */
	size_t body_limit;       /* largest request body accepted */
	unsigned connection_limit;
	unsigned per_address_limit;  /* of them, what one client address may hold (0: no limit) */
	unsigned connection_timeout; /* seconds of idleness before a connection closes */
	const struct http_route *routes; /* terminated by a route with pattern NULL */
	struct db_pool *pool;
	struct standby *standby; /* where http_db_read reads (standby.h), or NULL */
	void *context;           /* handed to handlers by http_context */
	struct secret_store *secrets; /* the key that signs page cursors (secret.h) */
	struct ratelimit *user_limit;    /* requests per user (ratelimit.h; NULL: none) */
	struct ratelimit *address_limit; /* requests per client address (NULL: none) */
	enum http_request_log request_log;
	/* Peers ("127.0.0.1", "::1", "unix"; comma-separated) whose
	 * X-Forwarded-For names the client for the rate limit and the log: the
	 * proxies in front of the service. NULL: none. */
	const char *trusted_proxies;
};

/* Starts serving. Returns the server, or NULL with a one-line reason in err. */
struct http_server *http_start(const struct http_options *opt, char *err, size_t errsz);
/* The bound TCP port (0 for a Unix socket). */
unsigned http_port(const struct http_server *srv);
/* Stops serving (closes connections, joins workers) and frees the server. */
void http_stop(struct http_server *srv);

/* ---- for handlers ---------------------------------------------------- */

/* A query parameter (already checked to be valid UTF-8 and allowed), or NULL. */
const char *http_param(const struct http_request *rq, const char *name);
/* The caller (NULL on routes without authentication). */
const struct http_user *http_user(const struct http_request *rq);
/* This worker's database connection. */
struct db *http_db(const struct http_request *rq);
/* The connection for the reads of a route whose data is the directory
 * alone: the read standby's when there is one that is up, within its lag
 * bound and past the caller's last write (standby.h), else http_db; the
 * same one for the whole request. A read that fails on the standby runs
 * on the primary. Every write, and every read of anything else, goes
 * through http_db. */
struct db *http_db_read(struct http_request *rq);
/* http_options.standby (NULL: none). */
struct standby *http_standby(const struct http_request *rq);
/* The request body as collected (for POST handlers). */
const struct body *http_body(const struct http_request *rq);
/* A request header (case-insensitive name), or NULL. */
const char *http_header(const struct http_request *rq, const char *name);
/* The method and the path (without the query) as received. */
const char *http_method(const struct http_request *rq);
const char *http_path(const struct http_request *rq);
/* http_options.context. */
void *http_context(const struct http_request *rq);
/* The key that signs page cursors (secret.h), through this worker's
 * connection; NULL while the database cannot give it. */
const struct cursor_secret *http_cursor_secret(const struct http_request *rq);

/* Adds a header to the coming answer (at most 4; name and value are copied,
 * values up to 127 bytes). */
void http_add_header(struct http_request *rq, const char *name, const char *value);
/* Answers with a JSON text as it is (a stored answer). */
void http_reply_text(struct http_request *rq, unsigned status, const char *json_text);
/* Answers with no body (304). */
void http_reply_empty(struct http_request *rq, unsigned status);
/* Answers with len bytes of text (taken: freed by the server) of the given
 * Content-Type. */
void http_reply_plain(struct http_request *rq, unsigned status, const char *content_type,
                      char *text, size_t len);

/* Parks the request (see the top of this file); data is kept for on_resume. */
void http_suspend(struct http_request *rq, http_handler on_resume, void *data);
/* The data given to http_suspend. */
void *http_suspend_data(const struct http_request *rq);
/* Wakes a parked request; callable from any thread, once per http_suspend. */
void http_resume(struct http_request *rq);

/* Answers with a JSON document (the reference is stolen). */
void http_reply_json(struct http_request *rq, unsigned status, json_t *doc);
/* Answers with the error format; details (stolen) may be NULL. */
void http_reply_error(struct http_request *rq, unsigned status, const char *code, json_t *details,
                      const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Shorthands. */
void http_reply_bad_parameter(struct http_request *rq, const char *param, const char *why);
void http_reply_db_status(struct http_request *rq, enum db_status st);
/* A cursor cursor_decode refused: 400 invalid_cursor, or 503 when it could
 * not be checked (no key: the database is away). */
void http_reply_bad_cursor(struct http_request *rq, const struct cursor_secret *secret);



/* Writes the HTTP layer's figures in the Prometheus text format: requests
 * by route, method and status, latency by route (metrics.h), and the
 * database connections of the workers (in use, idle, max). */
void http_write_metrics(const struct http_request *rq, FILE *f);

/* The statements the HTTP layer itself prepares (token lookup). */
const struct db_statement *http_statements(size_t *n);
#endif
