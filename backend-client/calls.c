/*
 * calls.c — the public calls: one per endpoint of the directory API.
 *
 * Each call checks its arguments, builds its "/v1/..." path and query with
 * every caller-supplied piece percent-encoded (request.h), and starts it
 * with the call_kind that knows how to parse its answer and hand it to the
 * caller's typed callback. A call refused before it starts delivers its
 * error to the callback at once and returns 0, as the header promises.
 */
#include "config.h"

#include <stdlib.h>

#include "client.h"
#include "errors.h"
#include "request.h"

/* ---- kinds: parse adapters and typed delivery ----------------------------- */

CALL_PARSER(parse_health_any, struct govdx_health, govdx_parse_health)

CALL_PARSER(parse_me_any, struct govdx_me, govdx_parse_me)

CALL_PARSER(parse_node_any, struct govdx_platform_node, govdx_parse_platform_node)

CALL_PARSER(parse_platform_page_any, struct govdx_platform_page, govdx_parse_platform_page)

CALL_PARSER(parse_department_page_any, struct govdx_department_page, govdx_parse_department_page)

CALL_PARSER(parse_entry_page_any, struct govdx_entry_page, govdx_parse_entry_page)

/* An entry's version is its ETag's when there is one (it wins over the
 * body's), as for the workflow objects. */
static int parse_entry_any(const struct call_kind *kind, const struct call_answer *a,
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
static void deliver_health(call_generic_cb cb, void *arg, const struct govdx_error *err, void *r)
{
	if (cb != NULL)
		((govdx_health_cb)cb)(arg, err, r);
	else
		govdx_health_free(r);
}

static void deliver_me(call_generic_cb cb, void *arg, const struct govdx_error *err, void *r)
{
	if (cb != NULL)
		((govdx_me_cb)cb)(arg, err, r);
	else
		govdx_me_free(r);
}

static void deliver_node(call_generic_cb cb, void *arg, const struct govdx_error *err, void *r)
{
	if (cb != NULL)
		((govdx_platform_cb)cb)(arg, err, r);
	else
		govdx_platform_node_free(r);
}

static void deliver_platform_page(call_generic_cb cb, void *arg, const struct govdx_error *err,
                                  void *r)
{
	if (cb != NULL)
		((govdx_platform_page_cb)cb)(arg, err, r);
	else
		govdx_platform_page_free(r);
}

static void deliver_department_page(call_generic_cb cb, void *arg,
                                    const struct govdx_error *err, void *r)
{
	if (cb != NULL)
		((govdx_department_page_cb)cb)(arg, err, r);
	else
		govdx_department_page_free(r);
}

static void deliver_entry_page(call_generic_cb cb, void *arg, const struct govdx_error *err,
                               void *r)
{
	if (cb != NULL)
		((govdx_entry_page_cb)cb)(arg, err, r);
	else
		govdx_entry_page_free(r);
}

static void deliver_entry(call_generic_cb cb, void *arg, const struct govdx_error *err, void *r)
{
	if (cb != NULL)
		((govdx_entry_cb)cb)(arg, err, r);
	else
		govdx_entry_free(r);
}

static const struct call_kind kind_health = {
	.what = "the health check", .parse = parse_health_any, .deliver = deliver_health};
static const struct call_kind kind_me = {
	.what = "the signed-in user", .parse = parse_me_any, .deliver = deliver_me};
static const struct call_kind kind_node = {
	.what = "the platform", .parse = parse_node_any, .deliver = deliver_node};
static const struct call_kind kind_children = {
	.what = "the child platforms",
	.parse = parse_platform_page_any,
	.deliver = deliver_platform_page};
static const struct call_kind kind_departments = {
	.what = "the departments",
	.parse = parse_department_page_any,
	.deliver = deliver_department_page};
static const struct call_kind kind_entries = {
	.what = "the entry list", .parse = parse_entry_page_any, .deliver = deliver_entry_page};
static const struct call_kind kind_entry = {
	.what = "the entry", .parse = parse_entry_any, .deliver = deliver_entry};

/* ---- argument checks ------------------------------------------------------ */

static bool missing(const char *s)
{
	return s == NULL || *s == '\0';
}

static govdx_call_id refuse_missing(const struct call_kind *kind, call_generic_cb cb, void *arg,
                                    const char *what)
{
	struct govdx_error err;

	errors_set(&err, GOVDX_ERR_USAGE, 0, "bad_argument", "no %s given for %s", what,
	           kind->what);
	return client_refuse(kind, cb, arg, &err);
}

static govdx_call_id refuse_page(const struct call_kind *kind, call_generic_cb cb, void *arg,
                                 struct request_url *u)
{
	struct govdx_error err;

	free(request_url_take(u));
	errors_set(&err, GOVDX_ERR_USAGE, 0, "bad_argument",
	           "the page size for %s must not be negative", kind->what);
	return client_refuse(kind, cb, arg, &err);
}

/* Starts the call and frees the built URL. */
static govdx_call_id start(struct govdx_client *c, const struct call_kind *kind,
                           call_generic_cb cb, void *arg, struct request_url *u)
{
	char *path = request_url_take(u);
	govdx_call_id id = client_start(c, kind, cb, arg, path);

	free(path);
	return id;
}

/* ---- the calls ------------------------------------------------------------ */

govdx_call_id govdx_health(struct govdx_client *c, govdx_health_cb cb, void *arg)
{
	struct request_url u;
	struct call_spec spec = {.timeout_ms = GOVDX_HEALTH_TIMEOUT_MS};
	govdx_call_id id;

	request_url_init(&u, "/v1/health");
	spec.path_query = request_url_take(&u);
	id = client_start_spec(c, &kind_health, (call_generic_cb)cb, arg, &spec);
	free((char *)spec.path_query);
	return id;
}

govdx_call_id govdx_me(struct govdx_client *c, govdx_me_cb cb, void *arg)
{
	struct request_url u;

	request_url_init(&u, "/v1/me");
	return start(c, &kind_me, (call_generic_cb)cb, arg, &u);
}

govdx_call_id govdx_platform(struct govdx_client *c, const char *code, govdx_platform_cb cb,
                             void *arg)
{
	struct request_url u;

	if (missing(code))
		return refuse_missing(&kind_node, (call_generic_cb)cb, arg, "platform code");
	request_url_init(&u, "/v1/platforms");
	request_url_segment(&u, code);
	return start(c, &kind_node, (call_generic_cb)cb, arg, &u);
}

govdx_call_id govdx_platform_children(struct govdx_client *c, const char *code,
                                      const struct govdx_page_req *page,
                                      govdx_platform_page_cb cb, void *arg)
{
	struct request_url u;

	if (missing(code))
		return refuse_missing(&kind_children, (call_generic_cb)cb, arg, "platform code");
	request_url_init(&u, "/v1/platforms");
	request_url_segment(&u, code);
	request_url_lit(&u, "/children");
	if (!request_url_page(&u, page))
		return refuse_page(&kind_children, (call_generic_cb)cb, arg, &u);
	return start(c, &kind_children, (call_generic_cb)cb, arg, &u);
}

govdx_call_id govdx_platform_departments(struct govdx_client *c, const char *code,
                                         const struct govdx_page_req *page,
                                         govdx_department_page_cb cb, void *arg)
{
	struct request_url u;

	if (missing(code))
		return refuse_missing(&kind_departments, (call_generic_cb)cb, arg, "platform code");
	request_url_init(&u, "/v1/platforms");
	request_url_segment(&u, code);
	request_url_lit(&u, "/departments");
	if (!request_url_page(&u, page))
		return refuse_page(&kind_departments, (call_generic_cb)cb, arg, &u);
	return start(c, &kind_departments, (call_generic_cb)cb, arg, &u);
}

govdx_call_id govdx_entries(struct govdx_client *c, const struct govdx_entry_query *q,
                            govdx_entry_page_cb cb, void *arg)
{
	struct request_url u;

	request_url_init(&u, "/v1/entries");
	if (q != NULL) {
		if (!missing(q->platform))
			request_url_param(&u, "platform", q->platform);
		if (!missing(q->department))
			request_url_param(&u, "department", q->department);
		if (!missing(q->q))
			request_url_param(&u, "q", q->q);
		if (!missing(q->sharing))
			request_url_param(&u, "sharing", q->sharing);
		if (!missing(q->open))
			request_url_param(&u, "open", q->open);
		if (q->disputed == 0 || q->disputed == 1)
			request_url_param(&u, "disputed", q->disputed ? "true" : "false");
		if (!request_url_page(&u, &q->page))
			return refuse_page(&kind_entries, (call_generic_cb)cb, arg, &u);
	}
	return start(c, &kind_entries, (call_generic_cb)cb, arg, &u);
}

govdx_call_id govdx_entry(struct govdx_client *c, const char *code, govdx_entry_cb cb,
                          void *arg)
{
	struct request_url u;

	if (missing(code))
		return refuse_missing(&kind_entry, (call_generic_cb)cb, arg, "entry code");
	request_url_init(&u, "/v1/entries");
	request_url_segment(&u, code);
	return start(c, &kind_entry, (call_generic_cb)cb, arg, &u);
}
