/*
 * api-requests.c — the sharing-request endpoints; see api-requests.h.
 *
 * Order of checks of a transition (docs/architecture.md): 404 (unknown id
 * or outside the caller's jurisdiction, checked with a read before anything
 * else), 400 (body, action, Idempotency-Key, a malformed If-Match), 428 (no
 * If-Match), then the database decides 412, 403, 409 and 422 inside the
 * write transaction, where its guarded update settles races: of two callers
 * holding the same version exactly one wins, the other gets 412 with the
 * current request read after its transaction rolled back.
 *
 * Invariants: a write is one transaction (BEGIN READ WRITE … COMMIT) that
 * first claims its Idempotency-Key, then writes, then stores its answer;
 * nothing in it is retried, except the whole transaction after a
 * serialization failure or deadlock, which PostgreSQL rolled back. A
 * refused write leaves nothing behind.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api-calendar.h"
#include "api-requests.h"
#include "idempotency.h"
#include "validate.h"

#define TEXT_MAX_CHARS 2000  /* purpose, legal_basis, reason */
#define ITEMS_MAX 200        /* requested information items */
#define ITEM_MAX_CHARS 200
#define WRITE_ATTEMPTS 3     /* of a transaction PostgreSQL rolled back (40001, 40P01) */

static const struct db_statement statements[] = {
	{"req_visible", "SELECT govdx_request_visible($1::text, $2::text)"},
	{"req_get", "SELECT govdx_request_json($2::text)::text "
	            "WHERE govdx_request_visible($1::text, $2::text)"},
	{"req_json", "SELECT govdx_request_json($1::text)::text"},
	{"req_create",
	 "SELECT govdx_request_create($1::text, $2::text, $3::text, $4::text, "
	 "ARRAY(SELECT jsonb_array_elements_text($5::jsonb)), $6::date, $7::date)::text"},
	{"req_transition",
	 "SELECT govdx_request_transition($1::text, $2::text, $3::int, $4::text, $5::text)"},
	/* $1 actor; $2 provider department, $3 requester department, $4
	 * provider platform (its subtree): the box, NULL when not filtered;
	 * $5 state filter, $6 state the box requires; $7 overdue, $8 due_soon;
	 * $9 the cursor has a deadline (NULL: no cursor), $10 its deadline, $11
	 * its id; $12 limit. Visibility comes from govdx_visible_requests (an
	 * inlined SQL function), and custom plans fold the absent filters away
	 * so the box indexes (department, deadline, id) serve the order.
	 * Overdue and due soon are those of the request object: a deadline
	 * before today, or from today to the 2nd working day after it. */
	{"req_list",
	 "SELECT r.id, coalesce(r.deadline::text, ''), govdx_request_row_json(r)::text "
	 "FROM govdx_visible_requests($1::text) r "
	 "WHERE ($2::text IS NULL OR r.provider_department = $2::text) "
	 " AND ($3::text IS NULL OR r.requester_department = $3::text) "
	 " AND ($4::text IS NULL OR starts_with(r.provider_department, "
	 "      (SELECT p.subtree_prefix FROM platform p WHERE p.code = $4::text))) "
	 " AND ($5::text IS NULL OR r.state = $5::text) "
	 " AND ($6::text IS NULL OR r.state = $6::text) "
	 " AND ($7::boolean IS NULL OR (r.deadline IS NOT NULL "
	 "      AND r.deadline < (SELECT govdx_today())) = $7::boolean) "
	 " AND ($8::boolean IS NULL OR (r.deadline IS NOT NULL AND r.deadline >= (SELECT govdx_today()) "
	 "      AND r.deadline <= (SELECT govdx_add_working_days(govdx_today(), 2))) = $8::boolean) "
	 " AND ($9::boolean IS NULL "
	 "      OR ($9::boolean AND (r.deadline > $10::date OR r.deadline IS NULL "
	 "          OR (r.deadline = $10::date AND r.id > $11::text))) "
	 "      OR (NOT $9::boolean AND r.deadline IS NULL AND r.id > $11::text)) "
	 "ORDER BY r.deadline, r.id LIMIT $12::int"},
};

const struct db_statement *api_requests_statements(size_t *n)
{
	*n = sizeof statements / sizeof statements[0];
	return statements;
}

/* ---- small helpers ------------------------------------------------------ */

bool api_requests_valid_id(const char *id, const char *prefix)
{
	size_t p = strlen(prefix), n;

	if (!id || strncmp(id, prefix, p) != 0 || id[p] != '-')
		return false;
	n = strspn(id + p + 1, "0123456789");
	return n >= 1 && n <= 12 && id[p + 1 + n] == '\0';
}

static const char b64url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

bool api_requests_cursor_encode(char kind, const char *key, char *out, size_t outsz)
{
	unsigned char raw[80];
	size_t klen = strlen(key), n, o = 0;

	if (klen > 64 || outsz < (klen + 2 + 2) / 3 * 4 + 1)
		return false;
	raw[0] = (unsigned char)kind;
	raw[1] = ':';
	memcpy(raw + 2, key, klen);
	n = klen + 2;
	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)raw[i] << 16;
		size_t rest = n - i;

		if (rest > 1)
			v |= (unsigned)raw[i + 1] << 8;
		if (rest > 2)
			v |= raw[i + 2];
		out[o++] = b64url[(v >> 18) & 63];
		out[o++] = b64url[(v >> 12) & 63];
		if (rest > 1)
			out[o++] = b64url[(v >> 6) & 63];
		if (rest > 2)
			out[o++] = b64url[v & 63];
	}
	out[o] = '\0';
	return true;
}

bool api_requests_cursor_decode(char kind, const char *cursor, char *key)
{
	unsigned char raw[80];
	size_t n = cursor ? strlen(cursor) : 0, o = 0;
	unsigned v = 0;
	int bits = 0;

	if (n == 0 || n % 4 == 1 || n > (64 + 2 + 2) / 3 * 4)
		return false;
	for (size_t i = 0; i < n; i++) {
		const char *p = strchr(b64url, cursor[i]);

		if (!cursor[i] || !p)
			return false;
		v = (v << 6) | (unsigned)(p - b64url);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			raw[o++] = (unsigned char)(v >> bits);
			v &= (1u << bits) - 1;
		}
	}
	/* Leftover bits must be zero, or two spellings would decode alike. */
	if (v != 0 || o < 2 || raw[0] != (unsigned char)kind || raw[1] != ':')
		return false;
	for (size_t i = 2; i < o; i++)
		if (raw[i] < 0x20 || raw[i] > 0x7e)
			return false;
	memcpy(key, raw + 2, o - 2);
	key[o - 2] = '\0';
	return true;
}

/* The version of a request object, or 0. */
static long long version_of(json_t *doc)
{
	json_t *v = json_object_get(doc, "version");

	return json_is_integer(v) ? (long long)json_integer_value(v) : 0;
}

static void etag_of(json_t *doc, char *out, size_t outsz)
{
	snprintf(out, outsz, "\"%lld\"", version_of(doc));
}

static void reply_body_error(struct http_request *rq, const struct body_error *e)
{
	http_reply_error(rq, (unsigned)e->status, e->code,
	                 e->field[0] ? json_pack("{s:s}", "parameter", e->field) : NULL, "%s",
	                 e->message);
}

static void reply_bad_field(struct http_request *rq, const char *field, const char *why)
{
	http_reply_error(rq, 400, "invalid_parameter", json_pack("{s:s}", "parameter", field),
	                 "the field \"%s\" %s", field, why);
}

static void reply_not_found(struct http_request *rq, const char *id)
{
	http_reply_error(rq, 404, "not_found", json_pack("{s:s}", "parameter", "id"),
	                 "no request %s", id);
}

static const char *default_code(unsigned status)
{
	switch (status) {
	case 400: return "invalid_parameter";
	case 403: return "forbidden";
	case 404: return "not_found";
	case 409: return "illegal_transition";
	case 412: return "precondition_failed";
	case 422: return "unprocessable";
	case 428: return "precondition_required";
	default: return "refused";
	}
}

static bool snake_case(const char *s)
{
	if (!s || !*s || strlen(s) > 64)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
			return false;
	return true;
}

void api_requests_reply_sql_error(struct http_request *rq, const PGresult *res, json_t *extra)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *msg, *hint, *detail;
	unsigned status;
	json_t *details = NULL;

	if (!state || strncmp(state, "GX", 2) != 0 || strspn(state + 2, "0123456789") != 3 ||
	    (status = (unsigned)atoi(state + 2)) < 400 || status > 499) {
		fprintf(stderr, "govdx-exchanged: write failed: %s",
		        res ? PQresultErrorMessage(res) : "no result\n");
		json_decref(extra);
		http_reply_error(rq, 500, "internal", NULL, "the service failed to answer");
		return;
	}
	msg = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
	hint = PQresultErrorField(res, PG_DIAG_MESSAGE_HINT);
	detail = PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL);
	if (detail)
		details = json_loads(detail, JSON_REJECT_DUPLICATES, NULL);
	if (!json_is_object(details)) {
		json_decref(details);
		details = json_object();
	}
	if (extra)
		json_object_update(details, extra);
	json_decref(extra);
	http_reply_error(rq, status, snake_case(hint) ? hint : default_code(status), details, "%s",
	                 msg && *msg ? msg : "the request was refused");
}

/* ---- the write runner --------------------------------------------------- */

struct write_op {
	const char *key;       /* Idempotency-Key, or NULL */
	const char *id;        /* the request transitioned (NULL for a create) */
	unsigned ok_status;    /* 201 or 200 */
	/* Runs the write's statement; the id of the request written is then
	 * read from the first column of *res. */
	const char *stmt;
	int nparams;
	const char *const *params;
};

static bool retryable(const PGresult *res)
{
	const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);

	return state && (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0);
}

/* Answers a refusal after the transaction rolled back; a 412 carries the
 * request as it is now (who changed it, and when). */
static void reply_refusal(struct http_request *rq, const struct write_op *op, PGresult *res)
{
	const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
	json_t *extra = NULL;

	if (op->id && state && strcmp(state, "GX412") == 0) {
		const char *params[] = {op->id};
		PGresult *cur;

		if (db_exec(http_db(rq), "req_json", 1, params, &cur) == DB_OK) {
			json_t *doc = PQntuples(cur) == 1 && !PQgetisnull(cur, 0, 0)
			                  ? json_loads(PQgetvalue(cur, 0, 0), 0, NULL)
			                  : NULL;

			if (doc)
				extra = json_pack("{s:o}", "current", doc);
			PQclear(cur);
		}
	}
	api_requests_reply_sql_error(rq, res, extra);
}

/* One attempt. Returns true when done (answered), false to try again. */
static bool write_once(struct http_request *rq, const struct write_op *op, bool last)
{
	struct db *db = http_db(rq);
	const char *actor = http_user(rq)->name;
	const struct body *b = http_body(rq);
	enum idempotency_outcome outcome = IDEMPOTENCY_FRESH;
	struct idempotency_answer stored;
	enum db_status st;
	PGresult *res = NULL;
	json_t *doc;
	char *text, etag[64];
	const char *params[1];

	st = db_begin_write(db);
	if (st != DB_OK) {
		http_reply_db_status(rq, st);
		return true;
	}
	if (op->key) {
		st = idempotency_claim(db, actor, op->key, http_method(rq), http_path(rq),
		                       b->buf ? b->buf : "", &outcome, &stored);
		if (st != DB_OK)
			goto db_failed;
		if (outcome == IDEMPOTENCY_MISMATCH) {
			db_rollback(db);
			http_reply_error(rq, 422, "idempotency_key_reused",
			                 json_pack("{s:s}", "parameter", "Idempotency-Key"),
			                 "this Idempotency-Key was used for another request");
			return true;
		}
		if (outcome == IDEMPOTENCY_REPLAY) {
			db_rollback(db); /* nothing was written */
			if (stored.etag[0])
				http_add_header(rq, "ETag", stored.etag);
			http_reply_text(rq, stored.status, stored.body);
			idempotency_answer_free(&stored);
			return true;
		}
	}
	st = db_tx_exec(db, op->stmt, op->nparams, op->params, &res);
	if (st == DB_ERROR) {
		db_rollback(db);
		if (!last && retryable(res)) {
			PQclear(res);
			return false;
		}
		reply_refusal(rq, op, res);
		PQclear(res);
		return true;
	}
	if (st != DB_OK)
		goto db_failed;
	if (PQntuples(res) != 1 || PQnfields(res) < 1) {
		PQclear(res);
		st = DB_ERROR;
		goto db_failed;
	}
	/* The id: a create returns it; a transition returns void. */
	params[0] = op->id ? op->id : PQgetvalue(res, 0, 0);
	{
		PGresult *j;

		st = db_tx_exec(db, "req_json", 1, params, &j);
		PQclear(res);
		if (st == DB_ERROR) {
			api_requests_reply_sql_error(rq, j, NULL);
			PQclear(j);
			db_rollback(db);
			return true;
		}
		if (st != DB_OK)
			goto db_failed;
		doc = PQntuples(j) == 1 ? json_loads(PQgetvalue(j, 0, 0), 0, NULL) : NULL;
		PQclear(j);
	}
	text = doc ? json_dumps(doc, JSON_COMPACT) : NULL;
	if (!text) {
		json_decref(doc);
		st = DB_ERROR;
		goto db_failed;
	}
	etag_of(doc, etag, sizeof etag);
	json_decref(doc);
	if (op->key) {
		st = idempotency_store(db, actor, op->key, op->ok_status, text, etag);
		if (st != DB_OK) {
			free(text);
			goto db_failed;
		}
	}
	st = db_commit(db);
	if (st != DB_OK) {
		free(text);
		goto db_failed;
	}
	http_add_header(rq, "ETag", etag);
	http_reply_text(rq, op->ok_status, text);
	free(text);
	return true;
db_failed:
	db_rollback(db);
	http_reply_db_status(rq, st);
	return true;
}

static void run_write(struct http_request *rq, const struct write_op *op)
{
	for (int attempt = 1; attempt <= WRITE_ATTEMPTS; attempt++)
		if (write_once(rq, op, attempt == WRITE_ATTEMPTS))
			return;
}

/* Reads the Idempotency-Key header: true with *key (NULL when absent), or
 * false after answering 400. */
static bool idempotency_header(struct http_request *rq, const char **key)
{
	*key = http_header(rq, "Idempotency-Key");
	if (*key && !idempotency_key_valid(*key)) {
		http_reply_error(rq, 400, "invalid_parameter",
		                 json_pack("{s:s}", "parameter", "Idempotency-Key"),
		                 "Idempotency-Key must be 1 to 128 printable ASCII characters");
		return false;
	}
	return true;
}

/* ---- POST /v1/requests -------------------------------------------------- */

static const char *const create_fields[] = {"entry_code", "purpose", "legal_basis", "items",
                                            "period", NULL};
static const char *const period_fields[] = {"from", "to", NULL};

/* Checks period {"from","to"}; answers and returns false when bad. */
static bool period_ok(struct http_request *rq, json_t *body, const char **from, const char **to)
{
	json_t *p = json_object_get(body, "period"), *v;
	const char *key;
	long f, t;

	if (!p || json_is_null(p)) {
		http_reply_error(rq, 422, "invalid_parameter", json_pack("{s:s}", "parameter", "period"),
		                 "the field \"period\" is required");
		return false;
	}
	if (!json_is_object(p)) {
		reply_bad_field(rq, "period", "must be an object {\"from\",\"to\"}");
		return false;
	}
	json_object_foreach(p, key, v) {
		bool known = false;

		for (const char *const *k = period_fields; *k; k++)
			known = known || strcmp(*k, key) == 0;
		if (!known) {
			char field[96];

			snprintf(field, sizeof field, "period.%s", key);
			http_reply_error(rq, 400, "invalid_parameter", json_pack("{s:s}", "parameter", field),
			                 "unknown field \"%s\"", field);
			return false;
		}
	}
	*from = json_string_value(json_object_get(p, "from"));
	*to = json_string_value(json_object_get(p, "to"));
	if (!*from || !api_calendar_parse_date(*from, &f)) {
		reply_bad_field(rq, "period.from", "must be a date YYYY-MM-DD");
		return false;
	}
	if (!*to || !api_calendar_parse_date(*to, &t)) {
		reply_bad_field(rq, "period.to", "must be a date YYYY-MM-DD");
		return false;
	}
	if (t < f) {
		reply_bad_field(rq, "period.to", "must not be before period.from");
		return false;
	}
	return true;
}

static void post_requests(struct http_request *rq, const char *arg)
{
	struct body_error err;
	json_t *body = body_parse_object(http_body(rq), create_fields, &err);
	const char *entry, *purpose, *basis, *from, *to, *key;
	json_t *items;
	char *items_text;
	const char *params[7];
	struct write_op op = {0};

	if (!body) {
		reply_body_error(rq, &err);
		return;
	}
	if (!body_get_string(body, "entry_code", true, 32, &entry, &err) ||
	    !body_get_string(body, "purpose", true, TEXT_MAX_CHARS, &purpose, &err) ||
	    !body_get_string(body, "legal_basis", true, TEXT_MAX_CHARS, &basis, &err) ||
	    !body_get_string_array(body, "items", true, ITEMS_MAX, ITEM_MAX_CHARS, &items, &err)) {
		reply_body_error(rq, &err);
		goto out;
	}
	if (!validate_entry_code(entry)) {
		reply_bad_field(rq, "entry_code", "is not an entry code (like 130000008-310008-0001)");
		goto out;
	}
	if (json_array_size(items) == 0) {
		reply_bad_field(rq, "items", "must name at least one information item");
		goto out;
	}
	if (!period_ok(rq, body, &from, &to) || !idempotency_header(rq, &key))
		goto out;
	items_text = json_dumps(items, JSON_COMPACT);
	if (!items_text) {
		http_reply_error(rq, 500, "internal", NULL, "out of memory");
		goto out;
	}
	params[0] = http_user(rq)->name;
	params[1] = entry;
	params[2] = purpose;
	params[3] = basis;
	params[4] = items_text;
	params[5] = from;
	params[6] = to;
	op.key = key;
	op.ok_status = 201;
	op.stmt = "req_create";
	op.nparams = 7;
	op.params = params;
	run_write(rq, &op);
	free(items_text);
out:
	json_decref(body);
}

/* ---- POST /v1/requests/{id}/transitions --------------------------------- */

static const char *const transition_fields[] = {"action", "reason", NULL};
static const char *const actions[] = {"approve", "reject", "return", "withdraw",
                                      "resubmit", "escalate", "close", NULL};

/* Reads If-Match: 1 with *version, 0 when absent, -1 when malformed. Only
 * one strong tag "<digits>" is accepted: the service gives out no other. */
static int if_match(struct http_request *rq, long *version)
{
	const char *h = http_header(rq, "If-Match");
	size_t n;
	char *end;

	if (!h)
		return 0;
	n = strlen(h);
	if (n < 3 || n > 12 || h[0] != '"' || h[n - 1] != '"' ||
	    strspn(h + 1, "0123456789") != n - 2 || h[1] == '0')
		return -1;
	*version = strtol(h + 1, &end, 10);
	return *version > 0 && *version <= 2147483647L ? 1 : -1;
}

/* Is the request visible to the caller? Answers 404 (or the database
 * status) and returns false when not. */
static bool visible(struct http_request *rq, const char *id)
{
	const char *params[] = {http_user(rq)->name, id};
	PGresult *r;
	enum db_status st;
	bool yes;

	if (!api_requests_valid_id(id, "REQ")) {
		reply_not_found(rq, id);
		return false;
	}
	st = db_exec(http_db(rq), "req_visible", 2, params, &r);
	if (st != DB_OK) {
		http_reply_db_status(rq, st);
		return false;
	}
	yes = PQntuples(r) == 1 && PQgetvalue(r, 0, 0)[0] == 't';
	PQclear(r);
	if (!yes)
		reply_not_found(rq, id);
	return yes;
}

static void post_transition(struct http_request *rq, const char *id)
{
	struct body_error err;
	json_t *body, *reason_v;
	const char *action, *reason = NULL, *key;
	char vbuf[16];
	long version;
	int im;
	bool known = false;
	const char *params[5];
	struct write_op op = {0};

	if (!visible(rq, id))
		return;
	body = body_parse_object(http_body(rq), transition_fields, &err);
	if (!body) {
		reply_body_error(rq, &err);
		return;
	}
	if (!body_get_string(body, "action", true, 32, &action, &err)) {
		reply_body_error(rq, &err);
		goto out;
	}
	for (const char *const *a = actions; *a; a++)
		known = known || strcmp(*a, action) == 0;
	if (!known) {
		reply_bad_field(rq, "action",
		                "must be approve, reject, return, withdraw, resubmit, escalate or close");
		goto out;
	}
	/* A blank or overlong reason is the database's to refuse (422
	 * reason_required); here only its type. */
	reason_v = json_object_get(body, "reason");
	if (reason_v && !json_is_null(reason_v)) {
		if (!json_is_string(reason_v)) {
			reply_bad_field(rq, "reason", "must be a string");
			goto out;
		}
		reason = json_string_value(reason_v);
	}
	if (!idempotency_header(rq, &key))
		goto out;
	im = if_match(rq, &version);
	if (im < 0) {
		http_reply_error(rq, 400, "invalid_parameter", json_pack("{s:s}", "parameter", "If-Match"),
		                 "If-Match must be one ETag of this request, like \"3\"");
		goto out;
	}
	if (im == 0) {
		http_reply_error(rq, 428, "precondition_required",
		                 json_pack("{s:s}", "parameter", "If-Match"),
		                 "a transition needs If-Match with the request's current ETag");
		goto out;
	}
	snprintf(vbuf, sizeof vbuf, "%ld", version);
	params[0] = http_user(rq)->name;
	params[1] = id;
	params[2] = vbuf;
	params[3] = action;
	params[4] = reason;
	op.key = key;
	op.id = id;
	op.ok_status = 200;
	op.stmt = "req_transition";
	op.nparams = 5;
	op.params = params;
	run_write(rq, &op);
out:
	json_decref(body);
}

/* ---- GET /v1/requests/{id} ---------------------------------------------- */

/* Does an If-None-Match header name etag (or "*")? */
static bool none_match_hits(const char *h, const char *etag)
{
	size_t n = strlen(etag);

	if (!h)
		return false;
	for (const char *p = h; *p;) {
		p += strspn(p, " \t,");
		if (*p == '*')
			return true;
		if (strncmp(p, "W/", 2) == 0)
			p += 2; /* weak comparison for If-None-Match */
		if (strncmp(p, etag, n) == 0 && (p[n] == '\0' || p[n] == ',' || p[n] == ' '))
			return true;
		p += strcspn(p, ",");
	}
	return false;
}

static void get_request(struct http_request *rq, const char *id)
{
	const char *params[] = {http_user(rq)->name, id};
	PGresult *r;
	enum db_status st;
	json_t *doc;
	char etag[64];

	if (!api_requests_valid_id(id, "REQ")) {
		reply_not_found(rq, id);
		return;
	}
	st = db_exec(http_db(rq), "req_get", 2, params, &r);
	if (st != DB_OK) {
		http_reply_db_status(rq, st);
		return;
	}
	doc = PQntuples(r) == 1 && !PQgetisnull(r, 0, 0) ? json_loads(PQgetvalue(r, 0, 0), 0, NULL)
	                                                  : NULL;
	PQclear(r);
	if (!doc) {
		reply_not_found(rq, id);
		return;
	}
	etag_of(doc, etag, sizeof etag);
	http_add_header(rq, "ETag", etag);
	if (none_match_hits(http_header(rq, "If-None-Match"), etag)) {
		json_decref(doc);
		http_reply_empty(rq, 304);
		return;
	}
	http_reply_json(rq, 200, doc);
}

/* ---- GET /v1/requests --------------------------------------------------- */

static const char *const states[] = {"pending", "approved", "rejected", "returned",
                                     "withdrawn", "coordinating", "closed", NULL};

static bool in_list(const char *v, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(v, *list) == 0)
			return true;
	return false;
}

static void get_requests(struct http_request *rq, const char *arg)
{
	static const char *const boxes[] = {"inbox", "outbox", "all", NULL};
	const char *box = http_param(rq, "box"), *state = http_param(rq, "state");
	const char *overdue = http_param(rq, "overdue"), *due_soon = http_param(rq, "due_soon");
	const char *l = http_param(rq, "limit"), *c = http_param(rq, "cursor");
	const struct http_user *me = http_user(rq);
	char key[80], lim[16], platform[8], *bar = NULL;
	const char *params[12];
	bool authority_inbox;
	bool flag;
	int limit = VALIDATE_LIMIT_DEFAULT;
	PGresult *r;
	enum db_status st;
	json_t *items, *next = json_null();
	int n;

	if (box && !in_list(box, boxes)) {
		http_reply_bad_parameter(rq, "box", "must be inbox, outbox or all");
		return;
	}
	if (state && !in_list(state, states)) {
		http_reply_bad_parameter(rq, "state", "must be a request state (pending, approved, "
		                                      "rejected, returned, withdrawn, coordinating, closed)");
		return;
	}
	if (overdue && !validate_bool(overdue, &flag)) {
		http_reply_bad_parameter(rq, "overdue", "must be true or false");
		return;
	}
	if (due_soon && !validate_bool(due_soon, &flag)) {
		http_reply_bad_parameter(rq, "due_soon", "must be true or false");
		return;
	}
	if (l && !validate_limit(l, &limit)) {
		http_reply_bad_parameter(rq, "limit", "must be a whole number from 1 to 200");
		return;
	}
	/* The cursor's key is "<deadline or empty>|<id>". */
	if (c) {
		long day;
		bool good = api_requests_cursor_decode('r', c, key) && (bar = strchr(key, '|'));

		if (good) {
			*bar = '\0';
			good = (key[0] == '\0' || api_calendar_parse_date(key, &day)) &&
			       api_requests_valid_id(bar + 1, "REQ");
		}
		if (!good) {
			http_reply_error(rq, 400, "invalid_cursor", json_pack("{s:s}", "parameter", "cursor"),
			                 "the cursor is not one this list gave out");
			return;
		}
	}
	snprintf(lim, sizeof lim, "%d", limit + 1);
	/* The box: inbox = the caller's department provides (for an authority:
	 * requests in coordination in its platform's subtree); outbox = it
	 * requests; all = everything visible. */
	snprintf(platform, sizeof platform, "%.6s", me->department_code);
	authority_inbox = box && strcmp(box, "inbox") == 0 && strcmp(me->role, "authority") == 0;
	params[0] = me->name;
	params[1] = box && strcmp(box, "inbox") == 0 && !authority_inbox ? me->department_code : NULL;
	params[2] = box && strcmp(box, "outbox") == 0 ? me->department_code : NULL;
	params[3] = authority_inbox ? platform : NULL;
	params[4] = state;
	params[5] = authority_inbox ? "coordinating" : NULL;
	params[6] = overdue;
	params[7] = due_soon;
	params[8] = c ? (key[0] ? "true" : "false") : NULL;
	params[9] = c && key[0] ? key : NULL;
	params[10] = c ? bar + 1 : NULL;
	params[11] = lim;
	st = db_exec(http_db(rq), "req_list", 12, params, &r);
	if (st != DB_OK) {
		http_reply_db_status(rq, st);
		return;
	}
	n = PQntuples(r);
	items = json_array();
	for (int i = 0; i < n && i < limit; i++) {
		json_t *doc = json_loads(PQgetvalue(r, i, 2), 0, NULL);

		json_array_append_new(items, doc ? doc : json_null());
	}
	if (n > limit) {
		char k[80], buf[128];

		snprintf(k, sizeof k, "%s|%s", PQgetvalue(r, limit - 1, 1), PQgetvalue(r, limit - 1, 0));
		if (api_requests_cursor_encode('r', k, buf, sizeof buf))
			next = json_string(buf);
	}
	PQclear(r);
	http_reply_json(rq, 200, json_pack("{s:o,s:o}", "items", items, "next_cursor", next));
}

/* ---- routes ------------------------------------------------------------- */

static const char *const list_params[] = {"box", "state", "overdue", "due_soon",
                                          "limit", "cursor", NULL};

const struct http_route api_requests_routes[] = {
	{"/v1/requests", true, list_params, get_requests, post_requests},
	{"/v1/requests/*", true, NULL, get_request, NULL},
	{"/v1/requests/*/transitions", true, NULL, NULL, post_transition},
	{NULL, false, NULL, NULL, NULL},
};
