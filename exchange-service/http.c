/*
 * http.c — libmicrohttpd glue, routing, authentication, errors and the
 * request log; see http.h for the order of checks.
 *
 * Invariants: one struct http_request lives from the first call of the
 * access handler for a request to its completion callback, which counts it
 * (metrics.h), logs it and frees it. Exactly one response is queued per
 * request. The bearer token is never logged or kept beyond the lookup; only
 * its SHA-256 is compared, inside PostgreSQL. A request holds its worker's
 * database connection (db_pool_get) only while a handler runs on the
 * worker: never while parked.
 */
#include "config.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#include "http.h"
#include "listen.h"
#include "metrics.h"
#include "ratelimit.h"
#include "secret.h"
#include "standby.h"
#include "validate.h"

#define MAX_PARAMS 16
/* A declared body this large is refused at once instead of being drained. */
#define DRAIN_LIMIT (1024 * 1024)

struct http_server {
	struct MHD_Daemon *daemon;
	struct http_options opt;
	struct metrics *metrics; /* by route: the index in opt.routes */
	bool log_time;           /* the request log says the time (not under journald) */
	struct listen_spec where;
};

struct param {
	char *name;
	char *value;
};

#define MAX_HEADERS 4

struct out_header {
	char name[32];
	char value[128];
};

struct http_request {
	struct http_server *srv;
	struct MHD_Connection *conn;
	char method[16];
	char *path;
	struct timespec start;
	struct body body;
	bool answered;      /* a response was queued */
	bool path_nul;      /* the path as sent held %00 (on_uri): no such path */
	char address[64];   /* the client's address as text (client_address) */
	unsigned status;    /* for the log */
	int route;          /* index of the matched route, -1 for none (the figures) */
	struct param params[MAX_PARAMS];
	unsigned n_params;
	const char *param_error; /* wire code of the first bad parameter */
	char *bad_param;         /* its name */
	struct http_user user;
	bool has_user;
	uint64_t read_mark;      /* the user's read mark (standby.h), 0: none */
	struct db *db;
	bool read_picked;        /* http_db_read chose where this request reads */
	struct db *read_db;      /* the standby's connection it chose, or NULL */
	enum standby_why read_why; /* why (standby.h) */
	struct out_header headers[MAX_HEADERS]; /* added to the answer */
	unsigned n_headers;
	http_handler on_resume;  /* set while parked (http_suspend) */
	void *suspend_data;
	char arg[128];           /* the path segment matched by '*' */
};

static const struct db_statement statements[] = {
	/* The token's user, whether it still holds, whether its last use
	 * is to be written (at most every five minutes, in a write of its own:
	 * reads run read-only), and the user's read mark (standby.h). */
	{"auth", "SELECT a.name, a.display_name, a.role, a.department_code, "
	         "k.revoked_at IS NOT NULL, k.expires_at <= now(), k.id, "
	         "k.last_used_at IS NULL OR k.last_used_at < now() - interval '5 minutes', "
	         "m.lsn::text, a.disabled_at IS NOT NULL "
	         "FROM api_token k JOIN app_user a ON a.name = k.user_name "
	         "LEFT JOIN read_mark m ON m.user_name = a.name "
	         "WHERE k.token_sha256 = sha256(convert_to($1, 'UTF8'))"},
	{"token_used", "UPDATE api_token SET last_used_at = now() WHERE id = $1::bigint"},
	{"ping", "SELECT 1"},
	/* After a POST, a position past its commit: the caller's read mark
	 * (standby.h), in a write of its own. */
	{"read_mark", "INSERT INTO read_mark (user_name, lsn) VALUES ($1, pg_current_wal_insert_lsn()) "
	              "ON CONFLICT (user_name) DO UPDATE SET lsn = greatest(read_mark.lsn, excluded.lsn)"},
};

const struct db_statement *http_statements(size_t *n)
{
	*n = sizeof statements / sizeof statements[0];
	return statements;
}

/* ---- replies ------------------------------------------------------------ */

static void queue(struct http_request *rq, unsigned status, char *text, size_t len,
                  const char *content_type, const char *allow, bool challenge)
{
	struct MHD_Response *resp;

	if (rq->answered) {
		free(text);
		return;
	}
	resp = MHD_create_response_from_buffer(len, text, MHD_RESPMEM_MUST_FREE);
	if (!resp) {
		free(text);
		return;
	}
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
	                        content_type ? content_type : "application/json; charset=utf-8");
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	if (allow)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, allow);
	for (unsigned i = 0; i < rq->n_headers; i++)
		MHD_add_response_header(resp, rq->headers[i].name, rq->headers[i].value);
	if (challenge)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_WWW_AUTHENTICATE, "Bearer realm=\"govdx\"");
	MHD_queue_response(rq->conn, status, resp);
	MHD_destroy_response(resp);
	rq->answered = true;
	rq->status = status;
}

void http_reply_json(struct http_request *rq, unsigned status, json_t *doc)
{
	char *text = doc ? json_dumps(doc, JSON_COMPACT) : NULL;

	json_decref(doc);
	if (!text) {
		static const char oom[] =
			"{\"error\":{\"code\":\"internal\",\"message\":\"out of memory\",\"details\":{}}}";
		text = strdup(oom);
		status = 500;
		if (!text)
			return;
	}
	queue(rq, status, text, strlen(text), NULL, NULL, false);
}

void http_reply_text(struct http_request *rq, unsigned status, const char *json_text)
{
	char *text = strdup(json_text);

	if (!text) {
		http_reply_json(rq, 500, NULL);
		return;
	}
	queue(rq, status, text, strlen(text), NULL, NULL, false);
}

void http_reply_empty(struct http_request *rq, unsigned status)
{
	char *text = strdup("");

	if (text)
		queue(rq, status, text, 0, NULL, NULL, false);
}

void http_reply_plain(struct http_request *rq, unsigned status, const char *content_type,
                      char *text, size_t len)
{
	queue(rq, status, text, len, content_type, NULL, false);
}

void http_add_header(struct http_request *rq, const char *name, const char *value)
{
	if (rq->n_headers == MAX_HEADERS)
		return;
	snprintf(rq->headers[rq->n_headers].name, sizeof rq->headers[0].name, "%s", name);
	snprintf(rq->headers[rq->n_headers].value, sizeof rq->headers[0].value, "%s", value);
	rq->n_headers++;
}

static void reply_error_v(struct http_request *rq, unsigned status, const char *code,
                          json_t *details, const char *allow, const char *fmt, va_list ap)
{
	char msg[512];
	json_t *doc;
	char *text;

	vsnprintf(msg, sizeof msg, fmt, ap);
	/* A message quoting the client's bytes, or cut by the buffer, may not
	 * be UTF-8: JSON cannot carry it as it is. */
	validate_utf8_repair(msg);
	doc = json_pack("{s:{s:s,s:s,s:o}}", "error", "code", code, "message", msg, "details",
	                details ? details : json_object());
	text = doc ? json_dumps(doc, JSON_COMPACT) : NULL;
	json_decref(doc);
	if (!text)
		text = strdup("{\"error\":{\"code\":\"internal\",\"message\":\"out of memory\",\"details\":{}}}");
	if (text)
		queue(rq, status, text, strlen(text), NULL, allow, status == 401);
}

void http_reply_error(struct http_request *rq, unsigned status, const char *code, json_t *details,
                      const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	reply_error_v(rq, status, code, details, NULL, fmt, ap);
	va_end(ap);
}

static void reply_error_allow(struct http_request *rq, const char *allow, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void reply_error_allow(struct http_request *rq, const char *allow, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	reply_error_v(rq, 405, "method_not_allowed", NULL, allow, fmt, ap);
	va_end(ap);
}

void http_reply_bad_parameter(struct http_request *rq, const char *param, const char *why)
{
	http_reply_error(rq, 400, "invalid_parameter", json_pack("{s:s}", "parameter", param),
	                 "parameter \"%s\": %s", param, why);
}

void http_reply_db_status(struct http_request *rq, enum db_status st)
{
	if (st == DB_UNAVAILABLE)
		http_reply_error(rq, 503, "unavailable", NULL,
		                 "the database is not reachable; try again shortly");
	else
		http_reply_error(rq, 500, "internal", NULL, "the service failed to answer");
}

/* ---- accessors ---------------------------------------------------------- */

const char *http_param(const struct http_request *rq, const char *name)
{
	for (unsigned i = 0; i < rq->n_params; i++)
		if (strcmp(rq->params[i].name, name) == 0)
			return rq->params[i].value;
	return NULL;
}

const struct http_user *http_user(const struct http_request *rq)
{
	return rq->has_user ? &rq->user : NULL;
}

struct db *http_db(const struct http_request *rq)
{
	return rq->db;
}

const struct body *http_body(const struct http_request *rq)
{
	return &rq->body;
}

const char *http_header(const struct http_request *rq, const char *name)
{
	return MHD_lookup_connection_value(rq->conn, MHD_HEADER_KIND, name);
}

const char *http_method(const struct http_request *rq)
{
	return rq->method;
}

const char *http_path(const struct http_request *rq)
{
	return rq->path;
}

void *http_context(const struct http_request *rq)
{
	return rq->srv->opt.context;
}

void http_reply_bad_cursor(struct http_request *rq, const struct cursor_secret *secret)
{
	if (!secret)
		http_reply_db_status(rq, DB_UNAVAILABLE);
	else
		http_reply_error(rq, 400, "invalid_cursor", json_pack("{s:s}", "parameter", "cursor"),
		                 "the cursor is not one this list gave out");
}

struct standby *http_standby(const struct http_request *rq)
{
	return rq->srv->opt.standby;
}

struct db *http_db_read(struct http_request *rq)
{
	struct standby *sb = rq->srv->opt.standby;

	if (!sb)
		return rq->db;
	if (!rq->read_picked) {
		rq->read_picked = true;
		rq->read_db = standby_pick(sb, rq->read_mark, &rq->read_why);
		if (rq->read_db)
			db_set_fallback(rq->read_db, rq->db);
	}
	return rq->read_db ? rq->read_db : rq->db;
}

/* The request's reads are over: counted by the node that answered them,
 * the standby's connection released. */
static void end_reads(struct http_request *rq)
{
	if (!rq->read_picked)
		return;
	standby_count(rq->srv->opt.standby,
	              rq->read_db && db_fell_back(rq->read_db) ? STANDBY_FAILED : rq->read_why);
	if (rq->read_db) {
		db_set_fallback(rq->read_db, NULL);
		db_pool_release(rq->read_db);
	}
	rq->read_picked = false;
	rq->read_db = NULL;
}

/* After a POST by a user: the primary's WAL position, past whatever it
 * wrote, becomes the user's read mark (in the database, for every
 * instance), so that the user's reads stay on the primary until the
 * standby has replayed it (read-your-writes). A failure costs the request
 * nothing: the primary that failed it took no write either, most likely. */
static void note_write(struct http_request *rq)
{
	const char *params[1] = {rq->user.name};
	PGresult *r = NULL;

	if (db_begin_write(rq->db) != DB_OK)
		return;
	if (db_tx_exec(rq->db, "read_mark", 1, params, &r) == DB_OK && db_commit(rq->db) == DB_OK) {
		PQclear(r);
		return;
	}
	PQclear(r);
	db_rollback(rq->db);
}

const struct cursor_secret *http_cursor_secret(const struct http_request *rq)
{
	return secret_cursor(rq->srv->opt.secrets, rq->db);
}

/* ---- parking (long polls) ----------------------------------------------- */

void http_suspend(struct http_request *rq, http_handler on_resume, void *data)
{
	rq->on_resume = on_resume;
	rq->suspend_data = data;
	MHD_suspend_connection(rq->conn);
}

void *http_suspend_data(const struct http_request *rq)
{
	return rq->suspend_data;
}

void http_resume(struct http_request *rq)
{
	MHD_resume_connection(rq->conn);
}

/* Runs the handler of a resumed request on this worker thread. */
static void run_resumed(struct http_request *rq)
{
	http_handler h = rq->on_resume;

	rq->on_resume = NULL;
	rq->db = db_pool_get(rq->srv->opt.pool);
	if (!rq->db) {
		http_reply_error(rq, 500, "internal", NULL, "out of memory");
		return;
	}
	h(rq, rq->arg[0] ? rq->arg : NULL);
	if (!rq->answered && !rq->on_resume)
		http_reply_error(rq, 500, "internal", NULL, "the service failed to answer");
	end_reads(rq);
	db_pool_release(rq->db);
}

/* ---- query parameters --------------------------------------------------- */

static enum MHD_Result collect_param(void *cls, enum MHD_ValueKind kind, const char *key,
                                     size_t key_size, const char *value, size_t value_size)
{
	struct http_request *rq = cls;
	const char *code = NULL;

	if (!value)
		value = "";
	if (!validate_utf8(key, key_size) || !validate_utf8(value, value_size))
		code = "invalid_utf8";
	else if (rq->n_params == MAX_PARAMS)
		code = "invalid_parameter";
	if (code) {
		if (!rq->param_error) {
			rq->param_error = code;
			rq->bad_param = validate_utf8(key, key_size) ? strndup(key, key_size) : NULL;
		}
		return MHD_YES;
	}
	rq->params[rq->n_params].name = strndup(key, key_size);
	rq->params[rq->n_params].value = strndup(value, value_size);
	rq->n_params++;
	if (!rq->params[rq->n_params - 1].name || !rq->params[rq->n_params - 1].value) {
		if (!rq->param_error)
			rq->param_error = "out_of_memory";
		return MHD_NO;
	}
	return MHD_YES;
}

static bool name_allowed(const char *name, const char *const *allowed)
{
	for (; allowed && *allowed; allowed++)
		if (strcmp(name, *allowed) == 0)
			return true;
	return false;
}

/* Returns true when every parameter is valid UTF-8, allowed and unrepeated;
 * otherwise answers the request. A POST or PATCH takes no parameters. */
static bool check_params(struct http_request *rq, const struct http_route *route)
{
	const char *const *allowed =
		strcmp(rq->method, "POST") == 0 || strcmp(rq->method, "PATCH") == 0 ? NULL
		                                                                    : route->params;

	if (rq->param_error && strcmp(rq->param_error, "invalid_utf8") == 0) {
		http_reply_error(rq, 400, "invalid_utf8",
		                 rq->bad_param ? json_pack("{s:s}", "parameter", rq->bad_param) : NULL,
		                 "a query parameter is not valid UTF-8");
		return false;
	}
	if (rq->param_error && strcmp(rq->param_error, "out_of_memory") == 0) {
		http_reply_error(rq, 500, "internal", NULL, "out of memory");
		return false;
	}
	if (rq->param_error) {
		http_reply_error(rq, 400, "invalid_parameter", NULL, "too many query parameters");
		return false;
	}
	for (unsigned i = 0; i < rq->n_params; i++) {
		const char *name = rq->params[i].name;

		if (!name_allowed(name, allowed)) {
			http_reply_bad_parameter(rq, name, "unknown parameter");
			return false;
		}
		for (unsigned k = 0; k < i; k++)
			if (strcmp(rq->params[k].name, name) == 0) {
				http_reply_bad_parameter(rq, name, "given more than once");
				return false;
			}
	}
	return true;
}

/* ---- routing and authentication ----------------------------------------- */

/* Matches path against pattern; a '*' segment matches one non-empty segment,
 * copied into arg (of size argsz). */
static bool match(const char *pattern, const char *path, char *arg, size_t argsz)
{
	arg[0] = '\0';
	while (*pattern && *path) {
		if (*pattern == '*') {
			size_t n = strcspn(path, "/");

			if (n == 0 || n >= argsz)
				return false;
			memcpy(arg, path, n);
			arg[n] = '\0';
			path += n;
			pattern++;
			continue;
		}
		if (*pattern != *path)
			return false;
		pattern++;
		path++;
	}
	return *pattern == '\0' && *path == '\0';
}

/* Writes a token's last use; a failure costs the request nothing. */
static void touch_token(struct db *db, const char *id)
{
	const char *params[1] = {id};
	PGresult *r = NULL;

	if (db_begin_write(db) != DB_OK)
		return;
	if (db_tx_exec(db, "token_used", 1, params, &r) == DB_OK && db_commit(db) == DB_OK) {
		PQclear(r);
		return;
	}
	PQclear(r);
	db_rollback(db);
}

static bool authenticate(struct http_request *rq)
{
	const char *h = MHD_lookup_connection_value(rq->conn, MHD_HEADER_KIND,
	                                            MHD_HTTP_HEADER_AUTHORIZATION);
	const char *tok, *params[1];
	PGresult *res;
	enum db_status st;
	size_t n;

	if (!h) {
		http_reply_error(rq, 401, "unauthorized", NULL, "a bearer token is required");
		return false;
	}
	if (strncasecmp(h, "Bearer ", 7) != 0) {
		http_reply_error(rq, 401, "unauthorized", NULL,
		                 "the Authorization header must be \"Bearer <token>\"");
		return false;
	}
	tok = h + 7;
	while (*tok == ' ')
		tok++;
	n = strlen(tok);
	while (n > 0 && tok[n - 1] == ' ')
		n--;
	/* Demo tokens are 64 hex digits; anything else cannot match a stored
	 * hash, so it is refused without asking the database. */
	if (n != 64 || strspn(tok, "0123456789abcdef") < 64) {
		http_reply_error(rq, 401, "unauthorized", NULL, "the bearer token is malformed");
		return false;
	}
	{
		char copy[65];

		memcpy(copy, tok, 64);
		copy[64] = '\0';
		params[0] = copy;
		st = db_exec(rq->db, "auth", 1, params, &res);
		memset(copy, 0, sizeof copy);
	}
	if (st != DB_OK) {
		http_reply_db_status(rq, st);
		return false;
	}
	if (PQntuples(res) != 1) {
		PQclear(res);
		http_reply_error(rq, 401, "unauthorized", NULL, "the bearer token is not known");
		return false;
	}
	if (strcmp(PQgetvalue(res, 0, 4), "t") == 0 || strcmp(PQgetvalue(res, 0, 5), "t") == 0) {
		bool revoked = strcmp(PQgetvalue(res, 0, 4), "t") == 0;

		PQclear(res);
		http_reply_error(rq, 401, "unauthorized", NULL,
		                 revoked ? "the bearer token has been revoked: ask for a new one"
		                         : "the bearer token has expired: ask for a new one");
		return false;
	}
	/* A disabled user (user disable) keeps its tokens, which hold again
	 * once it is enabled; meanwhile none authenticates. */
	if (strcmp(PQgetvalue(res, 0, 9), "t") == 0) {
		PQclear(res);
		http_reply_error(rq, 401, "unauthorized", NULL,
		                 "the user of this bearer token is disabled: ask an administrator");
		return false;
	}
	if (strcmp(PQgetvalue(res, 0, 7), "t") == 0)
		touch_token(rq->db, PQgetvalue(res, 0, 6));
	snprintf(rq->user.name, sizeof rq->user.name, "%s", PQgetvalue(res, 0, 0));
	snprintf(rq->user.display_name, sizeof rq->user.display_name, "%s", PQgetvalue(res, 0, 1));
	snprintf(rq->user.role, sizeof rq->user.role, "%s", PQgetvalue(res, 0, 2));
	snprintf(rq->user.department_code, sizeof rq->user.department_code, "%s",
	         PQgetvalue(res, 0, 3));
	rq->read_mark = standby_lsn(PQgetvalue(res, 0, 8));
	rq->has_user = true;
	PQclear(res);
	return true;
}

/* Whether addr is one of the comma-separated addresses in list. */
static bool address_listed(const char *list, const char *addr)
{
	size_t n = strlen(addr);

	while (list && *list) {
		const char *end = strchr(list, ',');
		size_t len = end ? (size_t)(end - list) : strlen(list);

		if (len == n && strncmp(list, addr, n) == 0)
			return true;
		list = end ? end + 1 : NULL;
	}
	return false;
}

/* The address a trusted proxy says it received the request from: the last
 * element of X-Forwarded-For, if it is a numeric IPv4 or IPv6 address.
 * Earlier elements were written by whoever the proxy talked to, so they
 * are never believed. */
static bool forwarded_for(struct http_request *rq, char *out, size_t outsz)
{
	const char *xff = MHD_lookup_connection_value(rq->conn, MHD_HEADER_KIND, "X-Forwarded-For");
	const char *last;
	char addr[INET6_ADDRSTRLEN];
	unsigned char bin[sizeof(struct in6_addr)];
	size_t len;

	if (!xff)
		return false;
	last = strrchr(xff, ',');
	last = last ? last + 1 : xff;
	while (*last == ' ' || *last == '\t')
		last++;
	len = strcspn(last, " \t");
	if (len == 0 || len >= sizeof addr || last[len + strspn(last + len, " \t")] != '\0')
		return false;
	memcpy(addr, last, len);
	addr[len] = '\0';
	if (inet_pton(AF_INET, addr, bin) != 1 && inet_pton(AF_INET6, addr, bin) != 1)
		return false;
	snprintf(out, outsz, "%s", addr);
	return true;
}

/* The client's address as text ("127.0.0.1", "::1", "unix" for a Unix
 * socket's peer), for its rate limit and the log; when that peer is one of
 * --trust-proxy's, the address the proxy names in X-Forwarded-For. */
static const char *client_address(struct http_request *rq)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(rq->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = ci ? ci->client_addr : NULL;

	rq->address[0] = '\0';
	if (sa && sa->sa_family == AF_UNIX)
		snprintf(rq->address, sizeof rq->address, "unix");
	else if (sa)
		getnameinfo(sa, sa->sa_family == AF_INET6 ? sizeof(struct sockaddr_in6)
		                                          : sizeof(struct sockaddr_in),
		            rq->address, sizeof rq->address, NULL, 0, NI_NUMERICHOST);
	if (rq->address[0] && address_listed(rq->srv->opt.trusted_proxies, rq->address))
		forwarded_for(rq, rq->address, sizeof rq->address);
	return rq->address;
}

/* Takes one request of key from the limiter: true, after answering 429
 * with Retry-After, when the key is over its rate. */
static bool over_limit(struct http_request *rq, struct ratelimit *rl, const char *key)
{
	struct timespec now;
	unsigned wait;
	char after[16];

	if (!rl)
		return false;
	clock_gettime(CLOCK_MONOTONIC, &now);
	wait = ratelimit_take(rl, key, (double)now.tv_sec + now.tv_nsec / 1e9);
	if (!wait)
		return false;
	snprintf(after, sizeof after, "%u", wait);
	http_add_header(rq, "Retry-After", after);
	http_reply_error(rq, 429, "rate_limited", json_pack("{s:i}", "retry_after", (int)wait),
	                 "slow down: too many requests; retry in %u s", wait);
	return true;
}

/* Runs a route's handler after the limits, the token and the parameters;
 * the worker's database connection is held (rq->db). */
static void serve_route(struct http_request *rq, const struct http_route *route,
                        http_handler handler)
{
	/* Limits for what needs a token (health stays free for monitors):
	 * per address before the token is looked up, per user after. */
	if (route->auth && (over_limit(rq, rq->srv->opt.address_limit, client_address(rq)) ||
	                    !authenticate(rq) ||
	                    over_limit(rq, rq->srv->opt.user_limit, rq->user.name)))
		return;
	if (!check_params(rq, route))
		return;
	handler(rq, rq->arg[0] ? rq->arg : NULL);
	if (!rq->answered && !rq->on_resume)
		http_reply_error(rq, 500, "internal", NULL, "the service failed to answer");
}

static void dispatch(struct http_request *rq)
{
	const struct http_route *route = NULL;
	const struct http_route *routes = rq->srv->opt.routes;
	http_handler handler;

	/* The route first, so that the figures name it whatever the answer. */
	for (int i = 0; !rq->path_nul && routes[i].pattern; i++)
		if (match(routes[i].pattern, rq->path, rq->arg, sizeof rq->arg)) {
			route = &routes[i];
			rq->route = i;
			break;
		}
	if (rq->body.too_large) {
		http_reply_error(rq, 413, "payload_too_large",
		                 json_pack("{s:I}", "limit", (json_int_t)rq->body.limit),
		                 "the request body is larger than %zu bytes", rq->body.limit);
		return;
	}
	if (!validate_utf8(rq->path, strlen(rq->path))) {
		http_reply_error(rq, 400, "invalid_utf8", NULL, "the path is not valid UTF-8");
		return;
	}
	if (!route) {
		http_reply_error(rq, 404, "not_found", NULL, "no such resource");
		return;
	}
	if (strcmp(rq->method, "GET") == 0 || strcmp(rq->method, "HEAD") == 0)
		handler = route->get;
	else if (strcmp(rq->method, "POST") == 0)
		handler = route->post;
	else if (strcmp(rq->method, "PATCH") == 0)
		handler = route->patch;
	else
		handler = NULL;
	if (!handler) {
		char allow[32];

		snprintf(allow, sizeof allow, "%s%s%s%s", route->get ? "GET, HEAD" : "",
		         route->get && route->post ? ", " : "", route->post ? "POST" : "",
		         route->patch ? (route->get || route->post ? ", PATCH" : "PATCH") : "");
		reply_error_allow(rq, allow, "method %s is not allowed here", rq->method);
		return;
	}
	rq->db = db_pool_get(rq->srv->opt.pool);
	if (!rq->db) {
		http_reply_error(rq, 500, "internal", NULL, "out of memory");
		return;
	}
	serve_route(rq, route, handler);
	end_reads(rq);
	/* A refused POST (4xx: bad input, a stale version, over the rate)
	 * changed nothing a read would show; a 5xx may have (the outcome of a
	 * broken COMMIT is unknown). The mark is written before the answer
	 * leaves: libmicrohttpd sends it after this handler returns. */
	if (rq->srv->opt.standby && rq->has_user &&
	    (handler == route->post || handler == route->patch) &&
	    (rq->status < 400 || rq->status >= 500))
		note_write(rq);
	db_pool_release(rq->db);
}

/* ---- libmicrohttpd callbacks -------------------------------------------- */

/* The path of a request as the client sent it, before libmicrohttpd
 * decodes it: a %00 there would become a NUL that ends the C string, so
 * "/v1/health%00xyz" would be served as "/v1/health".  Such a request is
 * marked here (the callback's answer is the request's first context) and
 * answered 404: no path holds a NUL. */
static const char nul_path_mark;
#define NUL_PATH ((void *)(uintptr_t)&nul_path_mark)

static void *on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
	size_t n = strcspn(uri, "?");

	(void)cls;
	(void)conn;
	for (size_t i = 0; i + 2 < n; i++)
		if (uri[i] == '%' && uri[i + 1] == '0' && uri[i + 2] == '0')
			return NUL_PATH;
	return NULL;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_data_size,
                                  void **con_cls)
{
	struct http_server *srv = cls;
	struct http_request *rq = *con_cls;
	bool nul_path = rq == NUL_PATH;

	if (nul_path)
		rq = NULL;
	if (!rq) {
		const char *cl, *expect;

		rq = calloc(1, sizeof *rq);
		if (!rq)
			return MHD_NO;
		rq->srv = srv;
		rq->conn = conn;
		rq->route = -1;
		clock_gettime(CLOCK_MONOTONIC, &rq->start);
		snprintf(rq->method, sizeof rq->method, "%s", method);
		rq->path = strdup(url);
		rq->path_nul = nul_path;
		body_init(&rq->body, srv->opt.body_limit);
		*con_cls = rq;
		if (!rq->path)
			return MHD_NO;
		MHD_get_connection_values_n(conn, MHD_GET_ARGUMENT_KIND, collect_param, rq);
		/* A body announced far too large is refused before it is sent
		 * (with Expect: 100-continue) or instead of draining it; the
		 * connection then closes. Smaller oversize bodies are drained
		 * and answered 413 on a connection that stays usable. */
		cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
		expect = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_EXPECT);
		if (cl && strtoull(cl, NULL, 10) > srv->opt.body_limit &&
		    (expect || strtoull(cl, NULL, 10) > DRAIN_LIMIT)) {
			rq->body.too_large = true;
			dispatch(rq);
		}
		return MHD_YES;
	}
	if (*upload_data_size > 0) {
		if (!rq->answered && !body_append(&rq->body, upload_data, *upload_data_size))
			return MHD_NO;
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (rq->on_resume)
		run_resumed(rq); /* the only way a parked request is called again */
	else if (!rq->answered)
		dispatch(rq);
	return MHD_YES;
}

/* A logfmt value: as it is when plain, else in double quotes with '"' and
 * '\\' escaped. */
static void put_value(FILE *f, const char *v)
{
	if (*v && !strpbrk(v, " \"=\\")) {
		fputs(v, f);
		return;
	}
	fputc('"', f);
	for (; *v; v++) {
		if (*v == '"' || *v == '\\')
			fputc('\\', f);
		fputc(*v, f);
	}
	fputc('"', f);
}

/* The request log: one line per request on stderr, in one write. It says
 * the time (UTC, milliseconds; not under journald, which stamps each line
 * itself), the user ("-" before or without a token), the method, the path
 * as routed (never the query, which may carry search text or a cursor,
 * nor any header: no token can reach the log), the status (0: the client
 * left before an answer), milliseconds and the client's address. */
static void log_request(struct http_request *rq, double ms, bool aborted)
{
	struct http_server *srv = rq->srv;
	char when[40] = "";
	char *line = NULL;
	size_t len = 0;
	const char *user = rq->has_user ? rq->user.name : NULL;
	const char *path = rq->path ? rq->path : "-";
	struct timespec now;
	struct tm tm;
	FILE *f;

	clock_gettime(CLOCK_REALTIME, &now);
	gmtime_r(&now.tv_sec, &tm);
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(when + strlen(when), sizeof when - strlen(when), ".%03ldZ", now.tv_nsec / 1000000);
	for (char *p = rq->method; *p; p++)
		if ((unsigned char)*p <= 0x20 || *p == 0x7f)
			*p = '?';
	if (rq->path)
		for (char *p = rq->path; *p; p++)
			if ((unsigned char)*p < 0x20 || *p == 0x7f)
				*p = '?';
	if (!rq->address[0])
		client_address(rq);
	ms = (double)(long long)(ms * 10 + 0.5) / 10;
	if (srv->opt.request_log == HTTP_LOG_JSON) {
		json_t *doc;

		/* JSON carries UTF-8 only: a path that is not (answered 400) is
		 * logged with its bad bytes replaced. */
		if (rq->path)
			validate_utf8_repair(rq->path);
		doc = json_pack("{s:s,s:s,s:s?,s:s,s:s,s:i,s:f,s:s}", "time", when, "msg", "request",
		                "user", user, "method", rq->method, "path", path, "status",
		                (int)rq->status, "ms", ms, "addr", rq->address[0] ? rq->address : "-");
		if (doc && aborted)
			json_object_set_new(doc, "aborted", json_true());
		line = doc ? json_dumps(doc, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(12))
		           : NULL;
		json_decref(doc);
		if (line) {
			fprintf(stderr, "%s\n", line);
			free(line);
		}
		return;
	}
	f = open_memstream(&line, &len);
	if (!f)
		return;
	fputs("request", f);
	if (srv->log_time)
		fprintf(f, " time=%s", when);
	fputs(" user=", f);
	put_value(f, user ? user : "-");
	fprintf(f, " method=%s path=", rq->method);
	put_value(f, path);
	fprintf(f, " status=%u ms=%.1f addr=%s%s\n", rq->status, ms,
	        rq->address[0] ? rq->address : "-", aborted ? " aborted=true" : "");
	if (fclose(f) == 0)
		fputs(line, stderr);
	free(line);
}

/* A request is over: counted, logged, freed. */
static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
	struct http_request *rq = *con_cls == NUL_PATH ? NULL : *con_cls;
	struct timespec now;
	double ms;

	if (!rq)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	ms = (double)(now.tv_sec - rq->start.tv_sec) * 1e3 + (now.tv_nsec - rq->start.tv_nsec) / 1e6;
	if (rq->status)
		metrics_observe(rq->srv->metrics, rq->route, rq->method, rq->status, ms / 1e3);
	if (rq->srv->opt.request_log != HTTP_LOG_OFF)
		log_request(rq, ms, toe != MHD_REQUEST_TERMINATED_COMPLETED_OK);
	for (unsigned i = 0; i < rq->n_params; i++) {
		free(rq->params[i].name);
		free(rq->params[i].value);
	}
	free(rq->bad_param);
	body_free(&rq->body);
	free(rq->path);
	free(rq);
	*con_cls = NULL;
}

void http_write_metrics(const struct http_request *rq, FILE *f)
{
	const struct http_server *srv = rq->srv;
	struct db_pool_figures pf;

	metrics_write(srv->metrics, f);
	db_pool_figures(srv->opt.pool, &pf);
	metrics_write_gauge(f, "govdx_db_connections_in_use",
	                    "Database connections held by a request running on a worker now.",
	                    pf.in_use);
	metrics_write_gauge(f, "govdx_db_connections_idle",
	                    "Database connections open and held by no request.", pf.idle);
	metrics_write_gauge(f, "govdx_db_connections_max",
	                    "Database connections the workers may hold: one per worker thread.",
	                    srv->opt.threads ? srv->opt.threads : 1);
	if (srv->opt.standby)
		standby_write_metrics(srv->opt.standby, f);
}

/* Whether stderr is the journal (systemd sets JOURNAL_STREAM to its
 * device:inode), which stamps every line with the time itself. */
static bool stderr_is_journal(void)
{
	const char *js = getenv("JOURNAL_STREAM");
	unsigned long long dev, ino;
	struct stat st;

	return js && sscanf(js, "%llu:%llu", &dev, &ino) == 2 && fstat(2, &st) == 0 &&
	       (unsigned long long)st.st_dev == dev && (unsigned long long)st.st_ino == ino;
}

/* ---- start and stop ----------------------------------------------------- */

struct http_server *http_start(const struct http_options *opt, char *err, size_t errsz)
{
	struct http_server *srv = calloc(1, sizeof *srv);
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO | MHD_USE_ERROR_LOG |
	                 MHD_ALLOW_SUSPEND_RESUME;
	struct MHD_OptionItem where[2] = {{MHD_OPTION_END, 0, NULL}, {MHD_OPTION_END, 0, NULL}};
	int fd = -1;

	if (!srv) {
		snprintf(err, errsz, "out of memory");
		return NULL;
	}
	srv->opt = *opt;
	srv->log_time = !stderr_is_journal();
	if (!listen_parse(opt->listen, &srv->where, err, errsz)) {
		free(srv);
		return NULL;
	}
	{
		size_t n = 0;
		const char **patterns;

		while (opt->routes[n].pattern)
			n++;
		patterns = calloc(n + 1, sizeof *patterns);
		for (size_t i = 0; patterns && i < n; i++)
			patterns[i] = opt->routes[i].pattern;
		srv->metrics = patterns ? metrics_new(patterns, n) : NULL;
		free(patterns);
		if (!srv->metrics) {
			snprintf(err, errsz, "out of memory");
			free(srv);
			return NULL;
		}
	}
	if (srv->where.is_unix) {
		fd = listen_unix_open(&srv->where, err, errsz);
		if (fd < 0) {
			metrics_free(srv->metrics);
			free(srv);
			return NULL;
		}
		where[0] = (struct MHD_OptionItem){MHD_OPTION_LISTEN_SOCKET, fd, NULL};
	} else {
		where[0] = (struct MHD_OptionItem){MHD_OPTION_SOCK_ADDR, 0, &srv->where.addr};
		if (srv->where.addr.ss_family == AF_INET6)
			flags |= MHD_USE_IPv6;
	}
	srv->daemon = MHD_start_daemon(
		flags, 0, NULL, NULL, on_request, srv,
		MHD_OPTION_ARRAY, where,
		MHD_OPTION_THREAD_POOL_SIZE, (unsigned)(opt->threads ? opt->threads : 1),
		MHD_OPTION_CONNECTION_LIMIT, (unsigned)opt->connection_limit,
		MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)opt->per_address_limit,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)opt->connection_timeout,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(128 * 1024),
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv,
		MHD_OPTION_URI_LOG_CALLBACK, on_uri, NULL,
		MHD_OPTION_END);
	if (!srv->daemon) {
		snprintf(err, errsz, "cannot listen on %s (address in use or not available)",
		         opt->listen);
		if (fd >= 0) {
			close(fd);
			listen_unix_remove(&srv->where);
		}
		metrics_free(srv->metrics);
		free(srv);
		return NULL;
	}
	return srv;
}

unsigned http_port(const struct http_server *srv)
{
	const union MHD_DaemonInfo *info =
		MHD_get_daemon_info(srv->daemon, MHD_DAEMON_INFO_BIND_PORT);

	return info ? info->port : 0;
}

void http_stop(struct http_server *srv)
{
	if (!srv)
		return;
	MHD_stop_daemon(srv->daemon); /* closes the listening socket */
	listen_unix_remove(&srv->where);
	metrics_free(srv->metrics);
	free(srv);
}
