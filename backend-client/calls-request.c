/*
 * calls-request.c — the calls of the sharing-request workflow (issue 3):
 * request lists, one request, filing a request, transitions, the audit
 * trail and its verification, the events long poll, the calendar.
 *
 * Invariants: what requests share with objections (lists, get, transition,
 * POSTs with an Idempotency-Key retried once, If-Match, refusals) is
 * calls-common.c's; answers that are requests are parsed through their
 * case type (parse-case.h), so a 412 reaches the callback together with
 * the current request and the ETag's version wins over the body's.
 */
#include "config.h"

#include <stdlib.h>

#include <jansson.h>

#include "calls-common.h"
#include "client.h"
#include "errors.h"
#include "parse-request.h"
#include "request.h"

/* The service takes 0..60 s (docs/architecture.md). */
#define EVENTS_DEFAULT_WAIT_S 25
#define EVENTS_MAX_WAIT_S 60

/* ---- kinds ---------------------------------------------------------------- */

CALL_PARSER(parse_request_page_any, struct govdx_request_page, govdx_parse_request_page)

CALL_PARSER(parse_audit_page_any, struct govdx_audit_page, govdx_parse_audit_page)

CALL_PARSER(parse_verify_any, struct govdx_audit_verify, govdx_parse_audit_verify)

CALL_PARSER(parse_events_any, struct govdx_event_batch, govdx_parse_event_batch)

CALL_PARSER(parse_calendar_any, struct govdx_calendar, govdx_parse_calendar)

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
	.deliver = deliver_request,
	.parse = parse_case_answer,
	.parse_error = parse_case_answer_error,
	.data = &parse_request_case};
static const struct call_kind kind_create = {
	.what = "the new request",
	.deliver = deliver_request,
	.parse = parse_case_answer,
	.parse_error = parse_case_answer_error,
	.data = &parse_request_case};
static const struct call_kind kind_transition = {
	.what = "the decision on the request",
	.deliver = deliver_request,
	.parse = parse_case_answer,
	.parse_error = parse_case_answer_error,
	.data = &parse_request_case};
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

/* ---- requests ------------------------------------------------------------- */

#define REQUESTS "/v1/requests"

govdx_call_id govdx_requests(struct govdx_client *c, const struct govdx_request_query *q,
                             govdx_request_page_cb cb, void *arg)
{
	struct calls_common_filter f = {0};

	if (q != NULL)
		f = (struct calls_common_filter){.box = q->box, .state = q->state,
		                                 .overdue = q->overdue, .due_soon = q->due_soon,
		                                 .page = &q->page, .provider = q->provider};
	return calls_common_list(c, &kind_requests, (call_generic_cb)cb, arg, REQUESTS,
	                         q != NULL ? &f : NULL);
}

govdx_call_id govdx_request_get(struct govdx_client *c, const char *id, govdx_request_cb cb,
                                void *arg)
{
	return calls_common_get_one(c, &kind_request, (call_generic_cb)cb, arg, REQUESTS,
	                            "request", id);
}

govdx_call_id govdx_request_create(struct govdx_client *c, const struct govdx_request_new *req,
                                   govdx_request_cb cb, void *arg)
{
	const struct call_kind *k = &kind_create;
	call_generic_cb g = (call_generic_cb)cb;
	json_t *body, *items, *period;
	struct request_url u;
	size_t i;

	if (req == NULL || calls_common_missing(req->entry_code))
		return calls_common_refuse(k, g, arg, "no entry code given");
	if (req->purpose == NULL || req->legal_basis == NULL)
		return calls_common_refuse(k, g, arg, "no purpose or legal basis given");
	if (req->items == NULL || req->n_items == 0)
		return calls_common_refuse(k, g, arg, "no information items given");
	if (req->period_from == NULL || req->period_to == NULL)
		return calls_common_refuse(k, g, arg, "no usage period given");
	body = json_object();
	items = json_array();
	period = json_object();
	if (body == NULL || items == NULL || period == NULL) {
		json_decref(body);
		json_decref(items);
		json_decref(period);
		return calls_common_refuse_nomem(k, g, arg);
	}
	json_object_set_new(body, "items", items);
	json_object_set_new(body, "period", period);
	for (i = 0; i < req->n_items; i++) {
		json_t *v = req->items[i] != NULL ? json_string(req->items[i]) : NULL;

		if (v == NULL || json_array_append_new(items, v) != 0) {
			json_decref(body);
			return calls_common_refuse(k, g, arg,
			                           "an information item is missing or not valid UTF-8");
		}
	}
	if (!calls_common_put_string(body, "entry_code", req->entry_code) ||
	    !calls_common_put_string(body, "purpose", req->purpose) ||
	    !calls_common_put_string(body, "legal_basis", req->legal_basis) ||
	    !calls_common_put_string(period, "from", req->period_from) ||
	    !calls_common_put_string(period, "to", req->period_to)) {
		json_decref(body);
		return calls_common_refuse(k, g, arg, "a text field is not valid UTF-8");
	}
	request_url_init(&u, REQUESTS);
	return calls_common_post(c, k, g, arg, &u, body, req->idempotency_key, 0);
}

govdx_call_id govdx_request_transition(struct govdx_client *c, const char *id,
                                       const struct govdx_transition *t, govdx_request_cb cb,
                                       void *arg)
{
	return calls_common_transition(c, &kind_transition, (call_generic_cb)cb, arg, REQUESTS,
	                               "request", id, t);
}

/* ---- audit, events, calendar ---------------------------------------------- */

govdx_call_id govdx_audit(struct govdx_client *c, const char *subject,
                          const struct govdx_page_req *page, govdx_audit_page_cb cb, void *arg)
{
	struct request_url u;

	if (calls_common_missing(subject))
		return calls_common_refuse(&kind_audit, (call_generic_cb)cb, arg,
		                           "no subject given");
	request_url_init(&u, "/v1/audit");
	request_url_param(&u, "subject", subject);
	if (!request_url_page(&u, page)) {
		free(request_url_take(&u));
		return calls_common_refuse(&kind_audit, (call_generic_cb)cb, arg,
		                           "a negative page size");
	}
	return calls_common_get(c, &kind_audit, (call_generic_cb)cb, arg, &u, 0);
}

govdx_call_id govdx_audit_verify(struct govdx_client *c, govdx_audit_verify_cb cb, void *arg)
{
	struct request_url u;

	request_url_init(&u, "/v1/audit/verify");
	return calls_common_get(c, &kind_verify, (call_generic_cb)cb, arg, &u, 0);
}

govdx_call_id govdx_events(struct govdx_client *c, long after_seq, int wait_s,
                           govdx_event_batch_cb cb, void *arg)
{
	struct request_url u;

	if (wait_s < 0)
		wait_s = EVENTS_DEFAULT_WAIT_S;
	if (wait_s > EVENTS_MAX_WAIT_S)
		return calls_common_refuse(&kind_events, (call_generic_cb)cb, arg,
		                           "a wait over 60 seconds");
	request_url_init(&u, "/v1/events");
	if (after_seq >= 0)
		request_url_param_long(&u, "after", after_seq);
	request_url_param_long(&u, "wait", wait_s);
	/* The service may hold the answer for wait_s: that is not a timeout. */
	return calls_common_get(c, &kind_events, (call_generic_cb)cb, arg, &u, (long)wait_s * 1000);
}

govdx_call_id govdx_calendar(struct govdx_client *c, const char *from, const char *to,
                             govdx_calendar_cb cb, void *arg)
{
	struct request_url u;

	if (calls_common_missing(from) || calls_common_missing(to))
		return calls_common_refuse(&kind_calendar, (call_generic_cb)cb, arg,
		                           "no date range given");
	request_url_init(&u, "/v1/calendar");
	request_url_param(&u, "from", from);
	request_url_param(&u, "to", to);
	return calls_common_get(c, &kind_calendar, (call_generic_cb)cb, arg, &u, 0);
}
