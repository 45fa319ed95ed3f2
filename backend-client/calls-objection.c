/*
 * calls-objection.c — the calls of the objection workflow (issue 4):
 * objection lists (helpdesk, provider, raised, all), one objection,
 * raising an objection, and its transitions (accept, dismiss, correct,
 * uphold, close, reopen).
 *
 * Invariants: everything objections share with sharing requests — lists,
 * get, transitions with If-Match, POSTs with an Idempotency-Key retried
 * once after a transport failure, refusals before anything is sent — is
 * calls-common.c's; answers that are objections are parsed through their
 * case type (parse-case.h), so a 412 reaches the callback together with
 * the current objection and the ETag's version wins over the body's.
 */
#include "config.h"

#include <stdlib.h>

#include <jansson.h>

#include "calls-common.h"
#include "client.h"
#include "errors.h"
#include "parse-objection.h"
#include "request.h"

#define OBJECTIONS "/v1/objections"

CALL_PARSER(parse_objection_page_any, struct govdx_objection_page, govdx_parse_objection_page)

static void deliver_objection(call_generic_cb cb, void *arg, const struct govdx_error *err,
                              void *r)
{
	if (cb != NULL)
		((govdx_objection_cb)cb)(arg, err, r);
	else
		govdx_objection_free(r);
}

static void deliver_objection_page(call_generic_cb cb, void *arg,
                                   const struct govdx_error *err, void *r)
{
	if (cb != NULL)
		((govdx_objection_page_cb)cb)(arg, err, r);
	else
		govdx_objection_page_free(r);
}

static const struct call_kind kind_objections = {
	.what = "the objection list",
	.parse = parse_objection_page_any,
	.deliver = deliver_objection_page};
static const struct call_kind kind_objection = {
	.what = "the objection",
	.deliver = deliver_objection,
	.parse = parse_case_answer,
	.parse_error = parse_case_answer_error,
	.data = &parse_objection_case};
static const struct call_kind kind_raise = {
	.what = "the new objection",
	.deliver = deliver_objection,
	.parse = parse_case_answer,
	.parse_error = parse_case_answer_error,
	.data = &parse_objection_case};
static const struct call_kind kind_transition = {
	.what = "the decision on the objection",
	.deliver = deliver_objection,
	.parse = parse_case_answer,
	.parse_error = parse_case_answer_error,
	.data = &parse_objection_case};

govdx_call_id govdx_objections(struct govdx_client *c, const struct govdx_objection_query *q,
                               govdx_objection_page_cb cb, void *arg)
{
	struct calls_common_filter f = {0};

	if (q != NULL)
		f = (struct calls_common_filter){.box = q->box, .state = q->state,
		                                 .overdue = q->overdue, .due_soon = q->due_soon,
		                                 .entry = q->entry, .page = &q->page};
	return calls_common_list(c, &kind_objections, (call_generic_cb)cb, arg, OBJECTIONS,
	                         q != NULL ? &f : NULL);
}

govdx_call_id govdx_objection_get(struct govdx_client *c, const char *id,
                                  govdx_objection_cb cb, void *arg)
{
	return calls_common_get_one(c, &kind_objection, (call_generic_cb)cb, arg, OBJECTIONS,
	                            "objection", id);
}

govdx_call_id govdx_objection_create(struct govdx_client *c,
                                     const struct govdx_objection_new *req,
                                     govdx_objection_cb cb, void *arg)
{
	const struct call_kind *k = &kind_raise;
	call_generic_cb g = (call_generic_cb)cb;
	struct request_url u;
	json_t *body;

	if (req == NULL || calls_common_missing(req->entry_code))
		return calls_common_refuse(k, g, arg, "no entry code given");
	/* the name of a value outside the enum is "unknown", which maps back
	 * to UNKNOWN */
	if (govdx_objection_kind_from(govdx_objection_kind_name(req->kind)) ==
	    GOVDX_OBJECTION_KIND_UNKNOWN)
		return calls_common_refuse(k, g, arg, "no known kind of objection given");
	if (calls_common_missing(req->description))
		return calls_common_refuse(k, g, arg, "no description given");
	body = json_object();
	if (body == NULL)
		return calls_common_refuse_nomem(k, g, arg);
	if (!calls_common_put_string(body, "entry_code", req->entry_code) ||
	    !calls_common_put_string(body, "kind", govdx_objection_kind_name(req->kind)) ||
	    !calls_common_put_string(body, "description", req->description) ||
	    (req->item != NULL && !calls_common_put_string(body, "item", req->item)) ||
	    (req->record_key != NULL &&
	     !calls_common_put_string(body, "record_key", req->record_key)) ||
	    (req->evidence != NULL && !calls_common_put_string(body, "evidence", req->evidence))) {
		json_decref(body);
		return calls_common_refuse(k, g, arg, "a text field is not valid UTF-8");
	}
	request_url_init(&u, OBJECTIONS);
	return calls_common_post(c, k, g, arg, &u, body, req->idempotency_key, 0);
}

govdx_call_id govdx_objection_transition(struct govdx_client *c, const char *id,
                                         const struct govdx_transition *t,
                                         govdx_objection_cb cb, void *arg)
{
	return calls_common_transition(c, &kind_transition, (call_generic_cb)cb, arg, OBJECTIONS,
	                               "objection", id, t);
}
