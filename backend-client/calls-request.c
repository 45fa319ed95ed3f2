/*
 * calls-request.c — the calls of the sharing-request workflow (issue 3):
 * request lists, one request, filing a request, transitions, the audit
 * trail and its verification, the events long poll, the calendar; and
 * idempotency keys.
 *
 * Invariants: every POST carries an Idempotency-Key (the caller's, or one
 * made here before the first attempt) and is retried once, with the same
 * key and body, after a transport failure (client.c); a transition sends
 * If-Match: "<version>" unless the caller passes version 0; bodies are
 * built with jansson, so caller text is always escaped and must be valid
 * UTF-8 (refused here otherwise, before anything is sent). A 412 answer
 * reaches the callback together with the current request.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include <jansson.h>

#include "client.h"
#include "errors.h"
#include "request.h"

/* The service takes 0..60 s (docs/architecture.md). */
#define EVENTS_DEFAULT_WAIT_S 25
#define EVENTS_MAX_WAIT_S 60

/* ---- idempotency keys ----------------------------------------------------- */

static int random_bytes(unsigned char *buf, size_t n)
{
	size_t got = 0;
	int fd;

	while (got < n) {
		ssize_t r = getrandom(buf + got, n - got, 0);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	if (got == n)
		return 0;
	/* Old kernels without getrandom(2). */
	fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	got = 0;
	while (got < n) {
		ssize_t r = read(fd, buf + got, n - got);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	close(fd);
	return got == n ? 0 : -1;
}

int govdx_idempotency_key(char out[GOVDX_IDEMPOTENCY_KEY_SIZE])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char b[16];
	size_t i, o = 0;

	out[0] = '\0';
	if (random_bytes(b, sizeof b) != 0)
		return -1;
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40); /* version 4 */
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80); /* RFC 4122 variant */
	for (i = 0; i < sizeof b; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[o++] = '-';
		out[o++] = hex[b[i] >> 4];
		out[o++] = hex[b[i] & 0x0f];
	}
	out[o] = '\0';
	return 0;
}

/* ---- kinds ---------------------------------------------------------------- */

static int parse_request_any(const char *b, size_t n, void **out, struct govdx_error *err)
{
	struct govdx_request *r = NULL;
	int rc = govdx_parse_request(b, n, &r, err);

	*out = r;
	return rc;
}

static int parse_request_page_any(const char *b, size_t n, void **out, struct govdx_error *err)
{
	struct govdx_request_page *r = NULL;
	int rc = govdx_parse_request_page(b, n, &r, err);

	*out = r;
	return rc;
}

static int parse_audit_page_any(const char *b, size_t n, void **out, struct govdx_error *err)
{
	struct govdx_audit_page *r = NULL;
	int rc = govdx_parse_audit_page(b, n, &r, err);

	*out = r;
	return rc;
}

static int parse_verify_any(const char *b, size_t n, void **out, struct govdx_error *err)
{
	struct govdx_audit_verify *r = NULL;
	int rc = govdx_parse_audit_verify(b, n, &r, err);

	*out = r;
	return rc;
}

static int parse_events_any(const char *b, size_t n, void **out, struct govdx_error *err)
{
	struct govdx_event_batch *r = NULL;
	int rc = govdx_parse_event_batch(b, n, &r, err);

	*out = r;
	return rc;
}

static int parse_calendar_any(const char *b, size_t n, void **out, struct govdx_error *err)
{
	struct govdx_calendar *r = NULL;
	int rc = govdx_parse_calendar(b, n, &r, err);

	*out = r;
	return rc;
}

/* A 412 brings the current request along. */
static void request_error(long status, const char *body, size_t len, void **out,
                          struct govdx_error *err)
{
	struct govdx_request *cur = NULL;

	govdx_parse_request_error(status, body, len, err, &cur);
	*out = cur;
}

/* The ETag is what If-Match is compared with; it wins over the body. */
static void request_etag(void *result, long version)
{
	struct govdx_request *r = result;

	if (r != NULL && version > 0)
		r->version = version;
}

static void deliver_request(call_generic_cb cb, void *arg, const struct govdx_error *err,
                            void *r)
{
	if (cb != NULL)
		((govdx_request_cb)cb)(arg, err, r);
	else
		govdx_request_free(r);
}

static void deliver_request_page(call_generic_cb cb, void *arg, const struct govdx_error *err,
                                 void *r)
{
	if (cb != NULL)
		((govdx_request_page_cb)cb)(arg, err, r);
	else
		govdx_request_page_free(r);
}

static void deliver_audit_page(call_generic_cb cb, void *arg, const struct govdx_error *err,
                               void *r)
{
	if (cb != NULL)
		((govdx_audit_page_cb)cb)(arg, err, r);
	else
		govdx_audit_page_free(r);
}

static void deliver_verify(call_generic_cb cb, void *arg, const struct govdx_error *err, void *r)
{
	if (cb != NULL)
		((govdx_audit_verify_cb)cb)(arg, err, r);
	else
		govdx_audit_verify_free(r);
}

static void deliver_events(call_generic_cb cb, void *arg, const struct govdx_error *err, void *r)
{
	if (cb != NULL)
		((govdx_event_batch_cb)cb)(arg, err, r);
	else
		govdx_event_batch_free(r);
}

static void deliver_calendar(call_generic_cb cb, void *arg, const struct govdx_error *err,
                             void *r)
{
	if (cb != NULL)
		((govdx_calendar_cb)cb)(arg, err, r);
	else
		govdx_calendar_free(r);
}

static const struct call_kind kind_requests = {
	.what = "the request list",
	.parse = parse_request_page_any,
	.deliver = deliver_request_page};
static const struct call_kind kind_request = {
	.what = "the request",
	.parse = parse_request_any,
	.deliver = deliver_request,
	.parse_error = request_error,
	.set_etag = request_etag};
static const struct call_kind kind_create = {
	.what = "the new request",
	.parse = parse_request_any,
	.deliver = deliver_request,
	.parse_error = request_error,
	.set_etag = request_etag};
static const struct call_kind kind_transition = {
	.what = "the decision on the request",
	.parse = parse_request_any,
	.deliver = deliver_request,
	.parse_error = request_error,
	.set_etag = request_etag};
static const struct call_kind kind_audit = {
	.what = "the audit history",
	.parse = parse_audit_page_any,
	.deliver = deliver_audit_page};
static const struct call_kind kind_verify = {
	.what = "the audit chain check",
	.parse = parse_verify_any,
	.deliver = deliver_verify};
static const struct call_kind kind_events = {
	.what = "the change events",
	.parse = parse_events_any,
	.deliver = deliver_events};
static const struct call_kind kind_calendar = {
	.what = "the calendar",
	.parse = parse_calendar_any,
	.deliver = deliver_calendar};

/* ---- helpers -------------------------------------------------------------- */

static bool missing(const char *s)
{
	return s == NULL || *s == '\0';
}

/* Refuses a call with bad arguments: "<problem> for <what the call fetches>". */
static govdx_call_id refuse(const struct call_kind *kind, call_generic_cb cb, void *arg,
                            const char *problem)
{
	struct govdx_error err;

	errors_set(&err, GOVDX_ERR_USAGE, 0, "bad_argument", "%s for %s", problem, kind->what);
	return client_refuse(kind, cb, arg, &err);
}

static govdx_call_id refuse_nomem(const struct call_kind *kind, call_generic_cb cb, void *arg)
{
	struct govdx_error err;

	errors_nomem(&err);
	return client_refuse(kind, cb, arg, &err);
}

/* Sets obj[key] to the string; false when it is not valid UTF-8 (jansson
 * refuses it) or memory ran out. */
static bool put_string(json_t *obj, const char *key, const char *value)
{
	json_t *v = json_string(value);

	return v != NULL && json_object_set_new(obj, key, v) == 0;
}

/* Starts a GET of the built URL and frees it. */
static govdx_call_id start_get(struct govdx_client *c, const struct call_kind *kind,
                               call_generic_cb cb, void *arg, struct request_url *u,
                               long extra_timeout_ms)
{
	struct call_spec spec = {.extra_timeout_ms = extra_timeout_ms};
	govdx_call_id id;

	spec.path_query = request_url_take(u);
	id = client_start_spec(c, kind, cb, arg, &spec);
	free((char *)spec.path_query);
	return id;
}

/* Starts a POST of body (consumed) with the caller's key or a new one. */
static govdx_call_id start_post(struct govdx_client *c, const struct call_kind *kind,
                                call_generic_cb cb, void *arg, struct request_url *u,
                                json_t *body, const char *key, long if_match)
{
	struct call_spec spec = {.if_match = if_match, .retries = 1};
	char made[GOVDX_IDEMPOTENCY_KEY_SIZE];
	char *path, *text;
	govdx_call_id id;

	if (key == NULL) {
		if (govdx_idempotency_key(made) != 0) {
			struct govdx_error err;

			json_decref(body);
			free(request_url_take(u));
			errors_set(&err, GOVDX_ERR_USAGE, 0, "random",
			           "no random bytes for an idempotency key: %s", strerror(errno));
			return client_refuse(kind, cb, arg, &err);
		}
		key = made;
	}
	path = request_url_take(u);
	text = json_dumps(body, JSON_COMPACT);
	json_decref(body);
	if (path == NULL || text == NULL) {
		free(path);
		free(text);
		return refuse_nomem(kind, cb, arg);
	}
	spec.path_query = path;
	spec.post_body = text;
	spec.idempotency_key = key;
	id = client_start_spec(c, kind, cb, arg, &spec);
	free(path);
	free(text);
	return id;
}

/* ---- requests ------------------------------------------------------------- */

govdx_call_id govdx_requests(struct govdx_client *c, const struct govdx_request_query *q,
                             govdx_request_page_cb cb, void *arg)
{
	struct request_url u;

	request_url_init(&u, "/v1/requests");
	if (q != NULL) {
		if (!missing(q->box))
			request_url_param(&u, "box", q->box);
		if (!missing(q->state))
			request_url_param(&u, "state", q->state);
		if (q->overdue == 0 || q->overdue == 1)
			request_url_param(&u, "overdue", q->overdue ? "true" : "false");
		if (q->due_soon == 0 || q->due_soon == 1)
			request_url_param(&u, "due_soon", q->due_soon ? "true" : "false");
		if (!request_url_page(&u, &q->page)) {
			free(request_url_take(&u));
			return refuse(&kind_requests, (call_generic_cb)cb, arg,
			              "a negative page size");
		}
	}
	return start_get(c, &kind_requests, (call_generic_cb)cb, arg, &u, 0);
}

govdx_call_id govdx_request_get(struct govdx_client *c, const char *id, govdx_request_cb cb,
                                void *arg)
{
	struct request_url u;

	if (missing(id))
		return refuse(&kind_request, (call_generic_cb)cb, arg, "no request id given");
	request_url_init(&u, "/v1/requests");
	request_url_segment(&u, id);
	return start_get(c, &kind_request, (call_generic_cb)cb, arg, &u, 0);
}

govdx_call_id govdx_request_create(struct govdx_client *c, const struct govdx_request_new *req,
                                   govdx_request_cb cb, void *arg)
{
	const struct call_kind *k = &kind_create;
	call_generic_cb g = (call_generic_cb)cb;
	json_t *body, *items, *period;
	struct request_url u;
	size_t i;

	if (req == NULL || missing(req->entry_code))
		return refuse(k, g, arg, "no entry code given");
	if (req->purpose == NULL || req->legal_basis == NULL)
		return refuse(k, g, arg, "no purpose or legal basis given");
	if (req->items == NULL || req->n_items == 0)
		return refuse(k, g, arg, "no information items given");
	if (req->period_from == NULL || req->period_to == NULL)
		return refuse(k, g, arg, "no usage period given");
	body = json_object();
	items = json_array();
	period = json_object();
	if (body == NULL || items == NULL || period == NULL) {
		json_decref(body);
		json_decref(items);
		json_decref(period);
		return refuse_nomem(k, g, arg);
	}
	json_object_set_new(body, "items", items);
	json_object_set_new(body, "period", period);
	for (i = 0; i < req->n_items; i++) {
		json_t *v = req->items[i] != NULL ? json_string(req->items[i]) : NULL;

		if (v == NULL || json_array_append_new(items, v) != 0) {
			json_decref(body);
			return refuse(k, g, arg, "an information item is missing or not valid UTF-8");
		}
	}
	if (!put_string(body, "entry_code", req->entry_code) ||
	    !put_string(body, "purpose", req->purpose) ||
	    !put_string(body, "legal_basis", req->legal_basis) ||
	    !put_string(period, "from", req->period_from) ||
	    !put_string(period, "to", req->period_to)) {
		json_decref(body);
		return refuse(k, g, arg, "a text field is not valid UTF-8");
	}
	request_url_init(&u, "/v1/requests");
	return start_post(c, k, g, arg, &u, body, req->idempotency_key, 0);
}

govdx_call_id govdx_request_transition(struct govdx_client *c, const char *id,
                                       const struct govdx_transition *t, govdx_request_cb cb,
                                       void *arg)
{
	const struct call_kind *k = &kind_transition;
	call_generic_cb g = (call_generic_cb)cb;
	struct request_url u;
	json_t *body;

	if (missing(id))
		return refuse(k, g, arg, "no request id given");
	if (t == NULL || missing(t->action))
		return refuse(k, g, arg, "no action given");
	if (t->version < 0)
		return refuse(k, g, arg, "a negative version was given");
	body = json_object();
	if (body == NULL)
		return refuse_nomem(k, g, arg);
	if (!put_string(body, "action", t->action) ||
	    (t->reason != NULL && !put_string(body, "reason", t->reason))) {
		json_decref(body);
		return refuse(k, g, arg, "the action or reason is not valid UTF-8");
	}
	request_url_init(&u, "/v1/requests");
	request_url_segment(&u, id);
	request_url_lit(&u, "/transitions");
	return start_post(c, k, g, arg, &u, body, t->idempotency_key, t->version);
}

/* ---- audit, events, calendar ---------------------------------------------- */

govdx_call_id govdx_audit(struct govdx_client *c, const char *subject,
                          const struct govdx_page_req *page, govdx_audit_page_cb cb, void *arg)
{
	struct request_url u;

	if (missing(subject))
		return refuse(&kind_audit, (call_generic_cb)cb, arg, "no subject given");
	request_url_init(&u, "/v1/audit");
	request_url_param(&u, "subject", subject);
	if (!request_url_page(&u, page)) {
		free(request_url_take(&u));
		return refuse(&kind_audit, (call_generic_cb)cb, arg,
		              "a negative page size");
	}
	return start_get(c, &kind_audit, (call_generic_cb)cb, arg, &u, 0);
}

govdx_call_id govdx_audit_verify(struct govdx_client *c, govdx_audit_verify_cb cb, void *arg)
{
	struct request_url u;

	request_url_init(&u, "/v1/audit/verify");
	return start_get(c, &kind_verify, (call_generic_cb)cb, arg, &u, 0);
}

govdx_call_id govdx_events(struct govdx_client *c, long after_seq, int wait_s,
                           govdx_event_batch_cb cb, void *arg)
{
	struct request_url u;

	if (wait_s < 0)
		wait_s = EVENTS_DEFAULT_WAIT_S;
	if (wait_s > EVENTS_MAX_WAIT_S)
		return refuse(&kind_events, (call_generic_cb)cb, arg,
		              "a wait over 60 seconds");
	request_url_init(&u, "/v1/events");
	if (after_seq >= 0)
		request_url_param_long(&u, "after", after_seq);
	request_url_param_long(&u, "wait", wait_s);
	/* The service may hold the answer for wait_s: that is not a timeout. */
	return start_get(c, &kind_events, (call_generic_cb)cb, arg, &u, (long)wait_s * 1000);
}

govdx_call_id govdx_calendar(struct govdx_client *c, const char *from, const char *to,
                             govdx_calendar_cb cb, void *arg)
{
	struct request_url u;

	if (missing(from) || missing(to))
		return refuse(&kind_calendar, (call_generic_cb)cb, arg, "no date range given");
	request_url_init(&u, "/v1/calendar");
	request_url_param(&u, "from", from);
	request_url_param(&u, "to", to);
	return start_get(c, &kind_calendar, (call_generic_cb)cb, arg, &u, 0);
}
