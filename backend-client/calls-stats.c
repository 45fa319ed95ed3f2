/*
 * calls-stats.c — the calls of the supervision figures (issue 14):
 * GET /v1/stats and GET /v1/stats/unmet, with their scope and period
 * parameters. The service checks every value (a bad date or an unknown
 * sort is its 400 invalid_parameter, naming the parameter); only a
 * negative limit is refused here.
 */
#include "config.h"

#include <stdlib.h>

#include "calls-common.h"
#include "client.h"
#include "request.h"

CALL_PARSER(parse_stats_any, struct govdx_stats, govdx_parse_stats)

CALL_PARSER(parse_unmet_any, struct govdx_stats_unmet, govdx_parse_stats_unmet)

static void deliver_stats(call_generic_cb cb, void *arg, const struct govdx_error *err, void *r)
{
	if (cb != NULL)
		((govdx_stats_cb)cb)(arg, err, r);
	else
		govdx_stats_free(r);
}

static void deliver_unmet(call_generic_cb cb, void *arg, const struct govdx_error *err, void *r)
{
	if (cb != NULL)
		((govdx_stats_unmet_cb)cb)(arg, err, r);
	else
		govdx_stats_unmet_free(r);
}

static const struct call_kind kind_stats = {
	.what = "the figures",
	.parse = parse_stats_any,
	.deliver = deliver_stats};
static const struct call_kind kind_unmet = {
	.what = "the unmet demand",
	.parse = parse_unmet_any,
	.deliver = deliver_unmet};

/* The query's parameters on u; false for a negative limit. */
static bool stats_params(struct request_url *u, const struct govdx_stats_query *q, bool rows)
{
	if (q == NULL)
		return true;
	if (q->limit < 0)
		return false;
	if (!calls_common_missing(q->platform))
		request_url_param(u, "platform", q->platform);
	if (!calls_common_missing(q->from))
		request_url_param(u, "from", q->from);
	if (!calls_common_missing(q->to))
		request_url_param(u, "to", q->to);
	if (rows && !calls_common_missing(q->by))
		request_url_param(u, "by", q->by);
	if (rows && !calls_common_missing(q->sort))
		request_url_param(u, "sort", q->sort);
	if (q->limit > 0)
		request_url_param_long(u, "limit", q->limit);
	return true;
}

govdx_call_id govdx_stats(struct govdx_client *c, const struct govdx_stats_query *q,
                          govdx_stats_cb cb, void *arg)
{
	struct request_url u;

	request_url_init(&u, "/v1/stats");
	if (!stats_params(&u, q, true)) {
		free(request_url_take(&u));
		return calls_common_refuse(&kind_stats, (call_generic_cb)cb, arg, "a negative limit");
	}
	return calls_common_get(c, &kind_stats, (call_generic_cb)cb, arg, &u, 0);
}

govdx_call_id govdx_stats_unmet(struct govdx_client *c, const struct govdx_stats_query *q,
                                govdx_stats_unmet_cb cb, void *arg)
{
	struct request_url u;

	request_url_init(&u, "/v1/stats/unmet");
	if (!stats_params(&u, q, false)) {
		free(request_url_take(&u));
		return calls_common_refuse(&kind_unmet, (call_generic_cb)cb, arg, "a negative limit");
	}
	return calls_common_get(c, &kind_unmet, (call_generic_cb)cb, arg, &u, 0);
}
