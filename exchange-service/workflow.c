/*
 * workflow.c — the HTTP side the case workflows share; see workflow.h.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "headers.h"
#include "idempotency.h"
#include "validate.h"
#include "workflow.h"

#define WRITE_ATTEMPTS 3 /* of a transaction PostgreSQL rolled back (40001, 40P01) */

/* ---- small helpers ------------------------------------------------------ */

bool workflow_in_list(const char *v, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(v, *list) == 0)
			return true;
	return false;
}

/* The version of an object, or 0. */
static long long version_of(json_t *doc)
{
	json_t *v = json_object_get(doc, "version");

	return json_is_integer(v) ? (long long)json_integer_value(v) : 0;
}

static void etag_of(json_t *doc, char *out, size_t outsz)
{
	snprintf(out, outsz, "\"%lld\"", version_of(doc));
}

void workflow_reply_body_error(struct http_request *rq, const struct body_error *e)
{
	http_reply_error(rq, (unsigned)e->status, e->code,
	                 e->field[0] ? json_pack("{s:s}", "parameter", e->field) : NULL, "%s",
	                 e->message);
}

void workflow_reply_bad_field(struct http_request *rq, const char *field, const char *why)
{
	http_reply_error(rq, 400, "invalid_parameter", json_pack("{s:s}", "parameter", field),
	                 "the field \"%s\" %s", field, why);
}

static bool valid_id(const struct workflow_kind *kind, const char *id)
{
	return kind->valid_id ? kind->valid_id(id) : validate_case_id(id, kind->id_prefix);
}

static void reply_not_found(struct http_request *rq, const struct workflow_kind *kind,
                            const char *id)
{
	http_reply_error(rq, 404, "not_found", json_pack("{s:s}", "parameter", "id"), "no %s %s",
	                 kind->noun, id);
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

void workflow_reply_sql_error(struct http_request *rq, const PGresult *res, json_t *extra)
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

bool workflow_idempotency_header(struct http_request *rq, const char **key)
{
	*key = http_header(rq, "Idempotency-Key");
	if (*key && !headers_idempotency_key_valid(*key)) {
		http_reply_error(rq, 400, "invalid_parameter",
		                 json_pack("{s:s}", "parameter", "Idempotency-Key"),
		                 "Idempotency-Key must be 1 to 128 printable ASCII characters");
		return false;
	}
	return true;
}

/* ---- the write runner --------------------------------------------------- */

static bool retryable(const PGresult *res)
{
	const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);

	return state && (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0);
}

/* The object's JSON as actor sees it, with actor's actions
 * (kind->stmt_json), as a document, or NULL; inside the write transaction
 * when tx. DB_ERROR leaves *res for the caller. */
static enum db_status read_json(struct db *db, const struct workflow_kind *kind, const char *id,
                                const char *actor, bool tx, json_t **doc, PGresult **failed)
{
	const char *params[] = {id, actor};
	PGresult *r;
	enum db_status st = tx ? db_tx_exec(db, kind->stmt_json, 2, params, &r)
	                       : db_exec(db, kind->stmt_json, 2, params, &r);

	*doc = NULL;
	*failed = NULL;
	if (st == DB_ERROR)
		*failed = r;
	if (st != DB_OK)
		return st;
	if (PQntuples(r) == 1 && !PQgetisnull(r, 0, 0))
		*doc = json_loads(PQgetvalue(r, 0, 0), 0, NULL);
	PQclear(r);
	return DB_OK;
}

/* A write: one transaction that claims key (when not NULL), runs stmt with
 * params, reads the written object (its id: id, or for a create the first
 * column of stmt's answer) and answers it with ok_status and its ETag. */
struct workflow_write {
	const char *key;
	const char *id;
	unsigned ok_status;
	const char *stmt;
	int nparams;
	const char *const *params;
};

/* Answers a refusal after the transaction rolled back; a 412 carries the
 * object as it is now (who changed it, and when). */
static void reply_refusal(struct http_request *rq, const struct workflow_kind *kind,
                          const struct workflow_write *w, PGresult *res)
{
	const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
	json_t *extra = NULL;

	if (w->id && state && strcmp(state, "GX412") == 0) {
		const char *actor = http_user(rq)->name;
		json_t *doc;
		PGresult *failed;

		if (read_json(http_db(rq), kind, w->id, actor, false, &doc, &failed) == DB_OK && doc)
			extra = json_pack("{s:o}", "current", doc);
		PQclear(failed);
	}
	workflow_reply_sql_error(rq, res, extra);
}

static void reply_key_reused(struct http_request *rq)
{
	http_reply_error(rq, 422, "idempotency_key_reused",
	                 json_pack("{s:s}", "parameter", "Idempotency-Key"),
	                 "this Idempotency-Key was used for another request");
}

static void reply_stored(struct http_request *rq, struct idempotency_answer *stored)
{
	if (stored->etag[0])
		http_add_header(rq, "ETag", stored->etag);
	http_reply_text(rq, stored->status, stored->body);
	idempotency_answer_free(stored);
}

bool workflow_idempotency_first(struct http_request *rq)
{
	const char *key = http_header(rq, "Idempotency-Key");
	const struct body *b = http_body(rq);
	const char *text = b->buf ? b->buf : "";
	enum idempotency_outcome outcome;
	struct idempotency_answer stored;
	enum db_status st;

	/* A malformed key is refused with the body's checks (400). */
	if (!key || !headers_idempotency_key_valid(key))
		return true;
	/* A body that is not text (what body_parse_object refuses as
	 * invalid_utf8) cannot be the one a key was stored with. */
	if ((b->buf && strlen(b->buf) != b->len) || !validate_utf8(text, strlen(text)))
		text = NULL;
	st = idempotency_peek(http_db(rq), http_user(rq)->name, key, http_method(rq),
	                      http_path(rq), text, &outcome, &stored);
	if (st != DB_OK) {
		http_reply_db_status(rq, st);
		return false;
	}
	if (outcome == IDEMPOTENCY_MISMATCH) {
		reply_key_reused(rq);
		return false;
	}
	if (outcome == IDEMPOTENCY_REPLAY) {
		reply_stored(rq, &stored);
		return false;
	}
	return true;
}

/* Claims the Idempotency-Key in the open transaction. Returns true to go
 * on writing; false when the request has been answered (a replay, a
 * mismatch) or the database failed (*st not DB_OK, nothing answered). */
static bool claim(struct http_request *rq, const struct workflow_write *w, enum db_status *st)
{
	struct db *db = http_db(rq);
	const struct body *b = http_body(rq);
	enum idempotency_outcome outcome = IDEMPOTENCY_FRESH;
	struct idempotency_answer stored;

	*st = idempotency_claim(db, http_user(rq)->name, w->key, http_method(rq), http_path(rq),
	                        b->buf ? b->buf : "", &outcome, &stored);
	if (*st != DB_OK)
		return false;
	if (outcome == IDEMPOTENCY_MISMATCH) {
		db_rollback(db);
		reply_key_reused(rq);
		return false;
	}
	if (outcome == IDEMPOTENCY_REPLAY) {
		db_rollback(db); /* nothing was written */
		reply_stored(rq, &stored);
		return false;
	}
	return true;
}

/* One attempt. Returns true when done (answered), false to try again. */
static bool write_once(struct http_request *rq, const struct workflow_kind *kind,
                       const struct workflow_write *w, bool last)
{
	struct db *db = http_db(rq);
	enum db_status st;
	PGresult *res = NULL, *failed;
	json_t *doc;
	char *text, *id, etag[64];

	st = db_begin_write(db);
	if (st != DB_OK) {
		http_reply_db_status(rq, st);
		return true;
	}
	if (w->key && !claim(rq, w, &st)) {
		if (st == DB_OK)
			return true; /* answered */
		goto db_failed;
	}
	st = db_tx_exec(db, w->stmt, w->nparams, w->params, &res);
	if (st == DB_ERROR) {
		db_rollback(db);
		if (!last && retryable(res)) {
			PQclear(res);
			return false;
		}
		reply_refusal(rq, kind, w, res);
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
	id = strdup(w->id ? w->id : PQgetvalue(res, 0, 0));
	PQclear(res);
	if (!id) {
		st = DB_ERROR;
		goto db_failed;
	}
	st = read_json(db, kind, id, http_user(rq)->name, true, &doc, &failed);
	free(id);
	if (st == DB_ERROR) {
		workflow_reply_sql_error(rq, failed, NULL);
		PQclear(failed);
		db_rollback(db);
		return true;
	}
	if (st != DB_OK)
		goto db_failed;
	text = doc ? json_dumps(doc, JSON_COMPACT) : NULL;
	if (!text) {
		json_decref(doc);
		st = DB_ERROR;
		goto db_failed;
	}
	etag_of(doc, etag, sizeof etag);
	json_decref(doc);
	if (w->key) {
		st = idempotency_store(db, http_user(rq)->name, w->key, w->ok_status, text, etag);
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
	http_reply_text(rq, w->ok_status, text);
	free(text);
	return true;
db_failed:
	db_rollback(db);
	http_reply_db_status(rq, st);
	return true;
}

static void run_write(struct http_request *rq, const struct workflow_kind *kind,
                      const struct workflow_write *w)
{
	for (int attempt = 1; attempt <= WRITE_ATTEMPTS; attempt++)
		if (write_once(rq, kind, w, attempt == WRITE_ATTEMPTS))
			return;
}

void workflow_create(struct http_request *rq, const struct workflow_kind *kind, const char *key,
                     const char *const *params, int nparams)
{
	struct workflow_write w = {0};

	w.key = key;
	w.ok_status = 201;
	w.stmt = kind->stmt_create;
	w.nparams = nparams;
	w.params = params;
	run_write(rq, kind, &w);
}

/* ---- POST /v1/<cases>/{id}/transitions ---------------------------------- */

static const char *const transition_fields[] = {"action", "reason", NULL};
static const char *const transition_revision_fields[] = {"action", "reason", "revision", NULL};

/* What the caller may do with a case now (kind->stmt_actions). Answers 404
 * (or the database status) and returns false when it is not visible; else
 * true with *names, every action name of the kind, and *now, the caller's
 * actions ({"name","reason"} objects): JSON arrays the caller frees. */
static bool case_actions(struct http_request *rq, const struct workflow_kind *kind, const char *id,
                         json_t **names, json_t **now)
{
	const char *params[] = {http_user(rq)->name, id};
	PGresult *r;
	enum db_status st;
	bool yes;

	*names = *now = NULL;
	if (!valid_id(kind, id)) {
		reply_not_found(rq, kind, id);
		return false;
	}
	st = db_exec(http_db(rq), kind->stmt_actions, 2, params, &r);
	if (st != DB_OK) {
		http_reply_db_status(rq, st);
		return false;
	}
	yes = PQntuples(r) == 1 && PQnfields(r) == 3 && PQgetvalue(r, 0, 0)[0] == 't';
	if (yes) {
		*names = json_loads(PQgetvalue(r, 0, 1), 0, NULL);
		*now = json_loads(PQgetvalue(r, 0, 2), 0, NULL);
	}
	PQclear(r);
	if (yes && (!json_is_array(*names) || !json_is_array(*now))) {
		json_decref(*names);
		json_decref(*now);
		*names = *now = NULL;
		http_reply_error(rq, 500, "internal", NULL, "the service failed to answer");
		return false;
	}
	if (!yes)
		reply_not_found(rq, kind, id);
	return yes;
}

/* The name of an action: a string, or an object's "name". */
static const char *action_name(const json_t *v)
{
	return json_is_string(v) ? json_string_value(v)
	                         : json_string_value(json_object_get(v, "name"));
}

static bool has_action(const json_t *list, const char *name)
{
	size_t i;
	const json_t *v;

	json_array_foreach(list, i, v)
		if (action_name(v) && strcmp(action_name(v), name) == 0)
			return true;
	return false;
}

/* The actions of list as words, "a, b or c", into buf. */
static void action_words(const json_t *list, char *buf, size_t bufsz)
{
	size_t i, n = json_array_size(list), used = 0;
	const json_t *v;

	buf[0] = '\0';
	json_array_foreach(list, i, v) {
		int k = snprintf(buf + used, bufsz - used, "%s%s",
		                 i == 0 ? "" : i + 1 == n ? " or " : ", ",
		                 action_name(v) ? action_name(v) : "?");

		if (k < 0 || (size_t)k >= bufsz - used)
			return; /* cut short: a message, not data */
		used += (size_t)k;
	}
}

/* Answers 400 for an action the kind does not have, saying which it has
 * and which the caller may take now (both from the database's rule). */
static void reply_unknown_action(struct http_request *rq, const struct workflow_kind *kind,
                                 const json_t *names, const json_t *now)
{
	char all[256], mine[256], why[640];

	action_words(names, all, sizeof all);
	action_words(now, mine, sizeof mine);
	if (json_array_size(now) == 0)
		snprintf(why, sizeof why, "must be %s (there is nothing you may do with this %s now)", all,
		         kind->noun);
	else
		snprintf(why, sizeof why, "must be %s (you may %s this %s now)", all, mine, kind->noun);
	workflow_reply_bad_field(rq, "action", why);
}

bool workflow_if_match(struct http_request *rq, const struct workflow_kind *kind, long *version)
{
	int im = headers_if_match(http_header(rq, "If-Match"), version);

	if (im == HEADERS_IF_MATCH_SEVERAL) {
		http_reply_error(rq, 400, "invalid_parameter", json_pack("{s:s}", "parameter", "If-Match"),
		                 "If-Match must name one version of this %s, like \"3\"", kind->noun);
		return false;
	}
	if (im < 0 && im != HEADERS_IF_MATCH_ANY) {
		http_reply_error(rq, 400, "invalid_parameter", json_pack("{s:s}", "parameter", "If-Match"),
		                 "If-Match must be an ETag of this %s, like \"3\"", kind->noun);
		return false;
	}
	if (im == HEADERS_IF_MATCH_ANY) {
		http_reply_error(rq, 428, "precondition_required",
		                 json_pack("{s:s}", "parameter", "If-Match"),
		                 "If-Match: * does not say which version you saw: send the %s's "
		                 "current ETag", kind->noun);
		return false;
	}
	if (im == 0) {
		http_reply_error(rq, 428, "precondition_required",
		                 json_pack("{s:s}", "parameter", "If-Match"),
		                 "a transition needs If-Match with the %s's current ETag", kind->noun);
		return false;
	}
	return true;
}

bool workflow_visible(struct http_request *rq, const struct workflow_kind *kind, const char *id)
{
	const char *params[] = {http_user(rq)->name, id};
	PGresult *r;
	enum db_status st;
	bool yes;

	if (!valid_id(kind, id)) {
		reply_not_found(rq, kind, id);
		return false;
	}
	st = db_exec(http_db(rq), kind->stmt_visible, 2, params, &r);
	if (st != DB_OK) {
		http_reply_db_status(rq, st);
		return false;
	}
	yes = PQntuples(r) == 1 && PQgetvalue(r, 0, 0)[0] == 't';
	PQclear(r);
	if (!yes)
		reply_not_found(rq, kind, id);
	return yes;
}

void workflow_update(struct http_request *rq, const struct workflow_kind *kind, const char *id,
                     const char *key, const char *stmt, const char *const *params, int nparams)
{
	struct workflow_write w = {0};

	w.key = key;
	w.id = id;
	w.ok_status = 200;
	w.stmt = stmt;
	w.nparams = nparams;
	w.params = params;
	run_write(rq, kind, &w);
}

void workflow_post_transition(struct http_request *rq, const struct workflow_kind *kind,
                              const char *id)
{
	struct body_error err;
	json_t *body = NULL, *reason_v, *names, *now;
	const char *action, *reason = NULL, *key, *revision = NULL;
	char vbuf[16];
	long version;
	const char *params[6];
	struct workflow_write w = {0};

	/* A key used before is answered first, whatever the body (and the
	 * caller already saw this case when the key was stored). */
	if (!workflow_idempotency_first(rq) || !case_actions(rq, kind, id, &names, &now))
		return;
	body = body_parse_object(http_body(rq),
	                         kind->transition_revision ? transition_revision_fields
	                                                   : transition_fields,
	                         &err);
	if (!body) {
		workflow_reply_body_error(rq, &err);
		goto out;
	}
	if (!body_get_string(body, "action", true, 32, &action, &err)) {
		workflow_reply_body_error(rq, &err);
		goto out;
	}
	/* Only the kind's vocabulary here (400 before 428); whether this caller
	 * may take it now is the database's to decide in the write (403, 409). */
	if (!has_action(names, action)) {
		reply_unknown_action(rq, kind, names, now);
		goto out;
	}
	/* A blank or overlong reason is the database's to refuse (422
	 * reason_required); here only its type. */
	reason_v = json_object_get(body, "reason");
	if (reason_v && !json_is_null(reason_v)) {
		if (!json_is_string(reason_v)) {
			workflow_reply_bad_field(rq, "reason", "must be a string");
			goto out;
		}
		reason = json_string_value(reason_v);
	}
	if (kind->transition_revision &&
	    !body_get_string(body, "revision", false, 32, &revision, &err)) {
		workflow_reply_body_error(rq, &err);
		goto out;
	}
	if (revision && !validate_case_id(revision, "REV")) {
		workflow_reply_bad_field(rq, "revision", "is not a revision id (like REV-000001)");
		goto out;
	}
	if (!workflow_idempotency_header(rq, &key))
		goto out;
	if (!workflow_if_match(rq, kind, &version))
		goto out;
	snprintf(vbuf, sizeof vbuf, "%ld", version);
	params[0] = http_user(rq)->name;
	params[1] = id;
	params[2] = vbuf;
	params[3] = action;
	params[4] = reason;
	w.key = key;
	w.id = id;
	w.ok_status = 200;
	params[5] = revision;
	w.stmt = kind->stmt_transition;
	w.nparams = kind->transition_revision ? 6 : 5;
	w.params = params;
	run_write(rq, kind, &w);
out:
	json_decref(body);
	json_decref(names);
	json_decref(now);
}

/* ---- GET /v1/<cases>/{id} ----------------------------------------------- */

void workflow_get(struct http_request *rq, const struct workflow_kind *kind, const char *id)
{
	const char *params[] = {http_user(rq)->name, id};
	PGresult *r;
	enum db_status st;
	json_t *doc;
	char etag[64];

	if (!valid_id(kind, id)) {
		reply_not_found(rq, kind, id);
		return;
	}
	st = db_exec(http_db(rq), kind->stmt_get, 2, params, &r);
	if (st != DB_OK) {
		http_reply_db_status(rq, st);
		return;
	}
	doc = PQntuples(r) == 1 && !PQgetisnull(r, 0, 0) ? json_loads(PQgetvalue(r, 0, 0), 0, NULL)
	                                                  : NULL;
	PQclear(r);
	if (!doc) {
		reply_not_found(rq, kind, id);
		return;
	}
	etag_of(doc, etag, sizeof etag);
	http_add_header(rq, "ETag", etag);
	if (headers_if_none_match_hits(http_header(rq, "If-None-Match"), etag)) {
		json_decref(doc);
		http_reply_empty(rq, 304);
		return;
	}
	http_reply_json(rq, 200, doc);
}

/* ---- GET /v1/<cases> ---------------------------------------------------- */

/* The parameters of a case list that choose its rows (all but limit and
 * cursor), of every kind: one a kind's route does not take (entry, for
 * requests) is always absent there, which adds the same to every scope. */
static const char *const list_filters[] = {"box", "queue", "entry", "state", "overdue", "due_soon",
                                           NULL};

void workflow_list(struct http_request *rq, const struct workflow_kind *kind, const char *acting,
                   const char *const *box, int nbox)
{
	struct cursor_scope scope;
	const char *state = http_param(rq, "state");
	const char *overdue = http_param(rq, "overdue"), *due_soon = http_param(rq, "due_soon");
	const char *l = http_param(rq, "limit"), *c = http_param(rq, "cursor");
	const char *params[WORKFLOW_LIST_COMMON_PARAMS + WORKFLOW_LIST_BOX + 2];
	char key[CURSOR_KEY_MAX + 1], lim[16], lim2[16], *bar = NULL;
	bool part_acting = true; /* the page starts in the acting part */
	PGresult *rest = NULL;
	int n_rest = 0;
	bool flag;
	int limit = VALIDATE_LIMIT_DEFAULT, n;
	PGresult *r;
	enum db_status st;
	json_t *items, *next = json_null();

	if (state && !workflow_in_list(state, kind->states)) {
		char why[200];

		snprintf(why, sizeof why, "must be one of the %s states: %s", kind->noun,
		         kind->states_text);
		http_reply_bad_parameter(rq, "state", why);
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
	/* The list is the kind, the caller and every filter: a cursor given
	 * out for one is refused on any other. */
	cursor_scope_init(&scope, http_cursor_secret(rq), kind->cursor, http_user(rq)->name);
	for (const char *const *f = list_filters; *f; f++)
		cursor_scope_add(&scope, *f, http_param(rq, *f));
	/* The cursor's key is "<acting 1|0>|<deadline or empty>|<id>" (shape
	 * checked by cursor_decode). */
	if (c) {
		if (!cursor_decode(kind->cursor, &scope, c, key) || !(bar = strchr(key + 2, '|'))) {
			http_reply_bad_cursor(rq, scope.secret);
			return;
		}
		part_acting = key[0] == '1';
		memmove(key, key + 2, strlen(key + 2) + 1);
		bar -= 2;
		*bar = '\0';
	}
	if (nbox != WORKFLOW_LIST_BOX) {
		http_reply_error(rq, 500, "internal", NULL, "the service failed to answer");
		return;
	}
	snprintf(lim, sizeof lim, "%d", limit + 1);
	params[0] = http_user(rq)->name;
	params[1] = state;
	params[2] = overdue;
	params[3] = due_soon;
	params[4] = c ? (key[0] ? "true" : "false") : NULL;
	params[5] = c && key[0] ? key : NULL;
	params[6] = c ? bar + 1 : NULL;
	params[7] = lim;
	for (int i = 0; i < nbox; i++)
		params[WORKFLOW_LIST_COMMON_PARAMS + i] = box[i];
	params[WORKFLOW_LIST_COMMON_PARAMS + nbox] = acting;
	params[WORKFLOW_LIST_COMMON_PARAMS + nbox + 1] = part_acting ? "true" : "false";
	st = db_exec(http_db(rq), kind->stmt_list, WORKFLOW_LIST_COMMON_PARAMS + nbox + 2, params,
	             &r);
	if (st != DB_OK) {
		http_reply_db_status(rq, st);
		return;
	}
	n = PQntuples(r);
	/* The acting part ends on this page: the rest, from its start, fills
	 * it (only then is the second part read at all). */
	if (part_acting && n <= limit) {
		snprintf(lim2, sizeof lim2, "%d", limit - n + 1);
		params[4] = params[5] = params[6] = NULL;
		params[7] = lim2;
		params[WORKFLOW_LIST_COMMON_PARAMS + nbox + 1] = "false";
		st = db_exec(http_db(rq), kind->stmt_list, WORKFLOW_LIST_COMMON_PARAMS + nbox + 2,
		             params, &rest);
		if (st != DB_OK) {
			PQclear(r);
			http_reply_db_status(rq, st);
			return;
		}
		n_rest = PQntuples(rest);
	}
	items = json_array();
	for (int i = 0; i < n + n_rest && i < limit; i++) {
		const PGresult *from = i < n ? r : rest;
		json_t *doc = json_loads(PQgetvalue(from, i < n ? i : i - n, 2), 0, NULL);

		json_array_append_new(items, doc ? doc : json_null());
	}
	if (n + n_rest > limit) {
		char k[CURSOR_KEY_MAX + 16], buf[128];
		bool in_first = limit - 1 < n;
		const PGresult *from = in_first ? r : rest;
		int row = in_first ? limit - 1 : limit - 1 - n;

		snprintf(k, sizeof k, "%c|%s|%s", in_first && part_acting ? '1' : '0',
		         PQgetvalue(from, row, 1), PQgetvalue(from, row, 0));
		if (cursor_encode(kind->cursor, &scope, k, buf, sizeof buf))
			next = json_string(buf);
	}
	PQclear(r);
	PQclear(rest);
	http_reply_json(rq, 200, json_pack("{s:o,s:o}", "items", items, "next_cursor", next));
}
