/*
 * calls-revision.c — the calls of catalog maintenance (issue 15): revision
 * lists (review, mine, all), one revision, drafting one (POST) and
 * changing a draft (PATCH with If-Match), its transitions (submit,
 * withdraw, publish, return), the differences against its base; an
 * entry's published revisions, one of them and their differences; and an
 * entry's own transition (retire).
 *
 * Invariants: as calls-objection.c — a revision is a workflow object read
 * through parse-case.h, so a 412 reaches the callback with the current
 * revision and the ETag's version wins; every POST carries an
 * Idempotency-Key and is retried once after a transport failure; a PATCH
 * is never retried (its If-Match makes a second landing a 412, which
 * would hide the first's success); the fields sent are exactly those of
 * the caller's mask, a NULL string as null; caller text that is not
 * valid UTF-8 is refused before anything is sent.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <jansson.h>

#include "calls-common.h"
#include "client.h"
#include "errors.h"
#include "parse-revision.h"
#include "request.h"

#define REVISIONS "/v1/revisions"
#define ENTRIES "/v1/entries"

CALL_PARSER(parse_revision_page_any, struct govdx_revision_page, govdx_parse_revision_page)
CALL_PARSER(parse_entry_revision_page_any, struct govdx_entry_revision_page,
            govdx_parse_entry_revision_page)
CALL_PARSER(parse_entry_revision_any, struct govdx_entry_revision, govdx_parse_entry_revision)
CALL_PARSER(parse_diff_any, struct govdx_diff, govdx_parse_diff)

static int parse_entry_etag(const struct call_kind *kind, const struct call_answer *a,
                            void **out, struct govdx_error *err)
{
	struct govdx_entry *e = NULL;
	int rc = govdx_parse_entry(a->body, a->len, &e, err);

	(void)kind;
	if (rc == 0 && a->etag > 0)
		e->version = a->etag;
	*out = e;
	return rc;
}

/* A NULL callback means "fire and forget": the result is freed here. */
#define DELIVER(name, cb_type, free_fn) \
	static void name(call_generic_cb cb, void *arg, const struct govdx_error *err, void *r) \
	{ \
		if (cb != NULL) \
			((cb_type)cb)(arg, err, r); \
		else \
			free_fn(r); \
	}

DELIVER(deliver_revision, govdx_revision_cb, govdx_revision_free)
DELIVER(deliver_revision_page, govdx_revision_page_cb, govdx_revision_page_free)
DELIVER(deliver_entry_revision, govdx_entry_revision_cb, govdx_entry_revision_free)
DELIVER(deliver_entry_revision_page, govdx_entry_revision_page_cb,
        govdx_entry_revision_page_free)
DELIVER(deliver_diff, govdx_diff_cb, govdx_diff_free)
DELIVER(deliver_entry, govdx_entry_cb, govdx_entry_free)

static const struct call_kind kind_revisions = {
	.what = "the revision list",
	.parse = parse_revision_page_any,
	.deliver = deliver_revision_page};
static const struct call_kind kind_revision = {
	.what = "the revision",
	.deliver = deliver_revision,
	.parse = parse_case_answer,
	.parse_error = parse_case_answer_error,
	.data = &parse_revision_case};
static const struct call_kind kind_draft = {
	.what = "the new draft",
	.deliver = deliver_revision,
	.parse = parse_case_answer,
	.parse_error = parse_case_answer_error,
	.data = &parse_revision_case};
static const struct call_kind kind_change = {
	.what = "the change to the draft",
	.deliver = deliver_revision,
	.parse = parse_case_answer,
	.parse_error = parse_case_answer_error,
	.data = &parse_revision_case};
static const struct call_kind kind_transition = {
	.what = "the decision on the revision",
	.deliver = deliver_revision,
	.parse = parse_case_answer,
	.parse_error = parse_case_answer_error,
	.data = &parse_revision_case};
static const struct call_kind kind_history = {
	.what = "the entry's revisions",
	.parse = parse_entry_revision_page_any,
	.deliver = deliver_entry_revision_page};
static const struct call_kind kind_published = {
	.what = "the published revision",
	.parse = parse_entry_revision_any,
	.deliver = deliver_entry_revision};
static const struct call_kind kind_diff = {
	.what = "the differences",
	.parse = parse_diff_any,
	.deliver = deliver_diff};
static const struct call_kind kind_retire = {
	.what = "the decision on the entry",
	.parse = parse_entry_etag,
	.deliver = deliver_entry};

/* ---- the fields a draft sends ---------------------------------------------- */

static json_t *item_json(const struct govdx_revision_item *it)
{
	json_t *o = json_object();

	if (o == NULL || !calls_common_put_string(o, "name", it->name != NULL ? it->name : "") ||
	    !calls_common_put_string(o, "data_type", it->type != NULL ? it->type : "") ||
	    json_object_set_new(o, "length", it->length > 0 ? json_integer(it->length)
	                                                     : json_null()) != 0 ||
	    json_object_set_new(o, "shared", json_boolean(it->shared)) != 0) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static bool put_nullable(json_t *obj, const char *key, const char *value)
{
	if (value == NULL)
		return json_object_set_new(obj, key, json_null()) == 0;
	return calls_common_put_string(obj, key, value);
}

/* The text field of f that is field, or NULL for the two lists. */
static const char *const *text_of(const struct govdx_entry_fields *f, enum govdx_field field)
{
	switch (field) {
	case GOVDX_FIELD_NAME: return (const char *const *)&f->name;
	case GOVDX_FIELD_CLASSIFICATION: return (const char *const *)&f->classification;
	case GOVDX_FIELD_ABSTRACT: return (const char *const *)&f->abstract;
	case GOVDX_FIELD_FORMAT: return (const char *const *)&f->format;
	case GOVDX_FIELD_SHARING_TYPE: return (const char *const *)&f->sharing_type;
	case GOVDX_FIELD_SHARING_CONDITION: return (const char *const *)&f->sharing_condition;
	case GOVDX_FIELD_SHARING_METHOD: return (const char *const *)&f->sharing_method;
	case GOVDX_FIELD_BASIS: return (const char *const *)&f->basis;
	case GOVDX_FIELD_OPEN_ATTRIBUTE: return (const char *const *)&f->open_attribute;
	case GOVDX_FIELD_OPEN_CONDITION: return (const char *const *)&f->open_condition;
	case GOVDX_FIELD_UPDATE_CYCLE: return (const char *const *)&f->update_cycle;
	default: return NULL;
	}
}

/* {"name": ..., ...}: the fields of mask; NULL when one is not valid
 * UTF-8 or memory ran out. */
static json_t *fields_json(const struct govdx_entry_fields *f, unsigned mask)
{
	json_t *o = json_object(), *arr;
	int i;
	size_t k;

	if (o == NULL)
		return NULL;
	for (i = 0; f != NULL && i < GOVDX_FIELD_COUNT; i++) {
		const char *const *text = text_of(f, (enum govdx_field)i);
		const char *key = govdx_field_name((enum govdx_field)i);

		if (!(mask & GOVDX_FIELD_BIT(i)))
			continue;
		if (text != NULL) {
			if (!put_nullable(o, key, *text))
				goto fail;
			continue;
		}
		if ((arr = json_array()) == NULL || json_object_set_new(o, key, arr) != 0)
			goto fail;
		if (i == GOVDX_FIELD_ITEMS) {
			for (k = 0; k < f->n_items; k++)
				if (json_array_append_new(arr, item_json(&f->items[k])) != 0)
					goto fail;
		} else {
			for (k = 0; k < f->n_related; k++)
				if (json_array_append_new(arr, json_string(f->related[k])) != 0)
					goto fail;
		}
	}
	return o;
fail:
	json_decref(o);
	return NULL;
}

/* ---- revisions ------------------------------------------------------------- */

govdx_call_id govdx_revisions(struct govdx_client *c, const struct govdx_revision_query *q,
                              govdx_revision_page_cb cb, void *arg)
{
	struct request_url u;

	request_url_init(&u, REVISIONS);
	if (q != NULL) {
		if (!calls_common_missing(q->queue))
			request_url_param(&u, "queue", q->queue);
		if (!calls_common_missing(q->state))
			request_url_param(&u, "state", q->state);
		if (!calls_common_missing(q->entry))
			request_url_param(&u, "entry", q->entry);
		if (!request_url_page(&u, &q->page)) {
			free(request_url_take(&u));
			return calls_common_refuse(&kind_revisions, (call_generic_cb)cb, arg,
			                           "a negative page size");
		}
	}
	return calls_common_get(c, &kind_revisions, (call_generic_cb)cb, arg, &u, 0);
}

govdx_call_id govdx_revision_get(struct govdx_client *c, const char *id, govdx_revision_cb cb,
                                 void *arg)
{
	return calls_common_get_one(c, &kind_revision, (call_generic_cb)cb, arg, REVISIONS,
	                            "revision", id);
}

govdx_call_id govdx_revision_create(struct govdx_client *c, const struct govdx_revision_new *req,
                                    govdx_revision_cb cb, void *arg)
{
	const struct call_kind *k = &kind_draft;
	call_generic_cb g = (call_generic_cb)cb;
	struct request_url u;
	json_t *body, *fields;

	if (req == NULL)
		return calls_common_refuse(k, g, arg, "no draft given");
	if (req->mask != 0 && req->fields == NULL)
		return calls_common_refuse(k, g, arg, "no fields given");
	body = json_object();
	fields = fields_json(req->fields, req->mask);
	if (body == NULL || fields == NULL ||
	    json_object_set_new(body, "fields", fields) != 0 ||
	    !put_nullable(body, "entry_code",
	                  calls_common_missing(req->entry_code) ? NULL : req->entry_code) ||
	    (req->objection != NULL && !calls_common_put_string(body, "objection", req->objection))) {
		json_decref(body);
		return calls_common_refuse(k, g, arg, "a text field is not valid UTF-8");
	}
	request_url_init(&u, REVISIONS);
	return calls_common_post(c, k, g, arg, &u, body, req->idempotency_key, 0);
}

govdx_call_id govdx_revision_patch(struct govdx_client *c, const char *id,
                                   const struct govdx_revision_patch *p, govdx_revision_cb cb,
                                   void *arg)
{
	const struct call_kind *k = &kind_change;
	call_generic_cb g = (call_generic_cb)cb;
	struct call_spec spec = {.method = "PATCH"};
	struct request_url u;
	json_t *body, *fields;
	char *text;
	govdx_call_id cid;

	if (calls_common_missing(id))
		return calls_common_refuse(k, g, arg, "no revision id given");
	if (p == NULL || p->mask == 0 || p->fields == NULL)
		return calls_common_refuse(k, g, arg, "no change given");
	if (p->version < 0)
		return calls_common_refuse(k, g, arg, "a negative version was given");
	fields = fields_json(p->fields, p->mask);
	body = json_object();
	if (fields == NULL || body == NULL || json_object_set_new(body, "fields", fields) != 0) {
		json_decref(body);
		return calls_common_refuse(k, g, arg, "a text field is not valid UTF-8");
	}
	text = json_dumps(body, JSON_COMPACT);
	json_decref(body);
	request_url_init(&u, REVISIONS);
	request_url_segment(&u, id);
	spec.path_query = request_url_take(&u);
	if (text == NULL || spec.path_query == NULL) {
		free(text);
		free((char *)spec.path_query);
		return calls_common_refuse_nomem(k, g, arg);
	}
	spec.post_body = text;
	spec.if_match = p->version;
	cid = client_start_spec(c, k, g, arg, &spec);
	free(text);
	free((char *)spec.path_query);
	return cid;
}

govdx_call_id govdx_revision_transition(struct govdx_client *c, const char *id,
                                        const struct govdx_transition *t,
                                        govdx_revision_cb cb, void *arg)
{
	return calls_common_transition(c, &kind_transition, (call_generic_cb)cb, arg, REVISIONS,
	                               "revision", id, t);
}

govdx_call_id govdx_revision_diff(struct govdx_client *c, const char *id, govdx_diff_cb cb,
                                  void *arg)
{
	struct request_url u;

	if (calls_common_missing(id))
		return calls_common_refuse(&kind_diff, (call_generic_cb)cb, arg,
		                           "no revision id given");
	request_url_init(&u, REVISIONS);
	request_url_segment(&u, id);
	request_url_lit(&u, "/diff");
	return calls_common_get(c, &kind_diff, (call_generic_cb)cb, arg, &u, 0);
}

/* ---- an entry's history and its retirement ---------------------------------- */

govdx_call_id govdx_entry_transition(struct govdx_client *c, const char *code,
                                     const struct govdx_transition *t, govdx_entry_cb cb,
                                     void *arg)
{
	return calls_common_transition(c, &kind_retire, (call_generic_cb)cb, arg, ENTRIES, "entry",
	                               code, t);
}

govdx_call_id govdx_entry_revisions(struct govdx_client *c, const char *code,
                                    const struct govdx_page_req *page,
                                    govdx_entry_revision_page_cb cb, void *arg)
{
	struct request_url u;

	if (calls_common_missing(code))
		return calls_common_refuse(&kind_history, (call_generic_cb)cb, arg,
		                           "no entry code given");
	request_url_init(&u, ENTRIES);
	request_url_segment(&u, code);
	request_url_lit(&u, "/revisions");
	if (!request_url_page(&u, page)) {
		free(request_url_take(&u));
		return calls_common_refuse(&kind_history, (call_generic_cb)cb, arg,
		                           "a negative page size");
	}
	return calls_common_get(c, &kind_history, (call_generic_cb)cb, arg, &u, 0);
}

/* /v1/entries/{code}/revisions/{number}: false (and a refusal) when the
 * arguments are wrong. */
static bool entry_revision_url(struct request_url *u, const char *code, long number)
{
	char n[32];

	if (calls_common_missing(code) || number < 1)
		return false;
	snprintf(n, sizeof n, "/revisions/%ld", number);
	request_url_init(u, ENTRIES);
	request_url_segment(u, code);
	request_url_lit(u, n);
	return true;
}

govdx_call_id govdx_entry_revision(struct govdx_client *c, const char *code, long number,
                                   govdx_entry_revision_cb cb, void *arg)
{
	struct request_url u;

	if (!entry_revision_url(&u, code, number))
		return calls_common_refuse(&kind_published, (call_generic_cb)cb, arg,
		                           "no entry code or revision number given");
	return calls_common_get(c, &kind_published, (call_generic_cb)cb, arg, &u, 0);
}

govdx_call_id govdx_entry_revision_diff(struct govdx_client *c, const char *code, long number,
                                        long against, govdx_diff_cb cb, void *arg)
{
	struct request_url u;

	if (!entry_revision_url(&u, code, number) || against < 0)
		return calls_common_refuse(&kind_diff, (call_generic_cb)cb, arg,
		                           "no entry code or revision number given");
	request_url_lit(&u, "/diff");
	if (against > 0)
		request_url_param_long(&u, "against", against);
	return calls_common_get(c, &kind_diff, (call_generic_cb)cb, arg, &u, 0);
}
