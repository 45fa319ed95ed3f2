/*
 * parse-stats.c — the answers of the supervision figures (issue 14):
 * GET /v1/stats (scope, period, totals, rows of one of three shapes, the
 * weekly series) and GET /v1/stats/unmet (searches that found nothing,
 * refusals on the ground not_held).
 *
 * Invariants as in parse.c: complete result or nothing; every field's type
 * checked and named on failure. A number the service may send as null
 * (a median, a share) reads as GOVDX_NO_FIGURE; a present one must be a
 * finite number >= 0. Which fields a row must have follows "by"; a by this
 * library does not know keeps its rows' common department fields only.
 * The shapes follow docs/api/openapi.yaml (Stats, StatsUnmet).
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "errors.h"
#include "parse.h"
#include "types.h"

/* A number (integer or real) >= 0, or GOVDX_NO_FIGURE for null or absent. */
static int parse_figure(json_t *obj, const char *where, const char *key, double *out,
                        struct govdx_error *err)
{
	json_t *v = json_object_get(obj, key);

	*out = GOVDX_NO_FIGURE;
	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_number(v))
		return parse_fail(err, where, key, "is not a number");
	*out = json_number_value(v);
	if (!isfinite(*out) || *out < 0)
		return parse_fail(err, where, key, "is not a number >= 0");
	return 0;
}

static int parse_scope(json_t *root, struct govdx_stats_scope *s, struct govdx_error *err)
{
	json_t *o;

	if (parse_object(root, "", "scope", PARSE_REQUIRED, &o, err) ||
	    parse_code(o, "scope", "kind", PARSE_REQUIRED, s->kind, sizeof s->kind, err) ||
	    parse_code(o, "scope", "platform_code", PARSE_REQUIRED, s->platform_code,
	               sizeof s->platform_code, err) ||
	    parse_string(o, "scope", "platform_name", PARSE_REQUIRED, &s->platform_name, err) ||
	    parse_string(o, "scope", "department_code", PARSE_NULLABLE, &s->department_code,
	                 err) ||
	    parse_string(o, "scope", "department_name", PARSE_NULLABLE, &s->department_name,
	                 err))
		return -1;
	return 0;
}

/* The counts and days every shape but entry has (totals, department, month). */
static int parse_decisions(json_t *o, const char *where, long *received, long *decided,
                           long *approved, long *refused, long *returned, double *median,
                           double *p90, long *late, struct govdx_error *err)
{
	if (parse_long(o, where, "received", PARSE_REQUIRED, received, err) ||
	    parse_long(o, where, "decided", PARSE_REQUIRED, decided, err) ||
	    parse_long(o, where, "approved", PARSE_REQUIRED, approved, err) ||
	    parse_long(o, where, "refused", PARSE_REQUIRED, refused, err) ||
	    parse_long(o, where, "returned", PARSE_REQUIRED, returned, err) ||
	    parse_figure(o, where, "median_days", median, err) ||
	    parse_figure(o, where, "p90_days", p90, err) ||
	    parse_long(o, where, "decided_late", PARSE_REQUIRED, late, err))
		return -1;
	return 0;
}

#define DECISIONS_OF(x) &(x)->received, &(x)->decided, &(x)->approved, &(x)->refused, \
	&(x)->returned, &(x)->median_days, &(x)->p90_days, &(x)->decided_late

static int department_row(json_t *o, const char *where, void *slot, struct govdx_error *err)
{
	struct govdx_stats_row *r = slot;

	r->approved_share = r->refused_share = r->returned_share = GOVDX_NO_FIGURE;
	if (parse_string(o, where, "department_code", PARSE_REQUIRED, &r->department_code, err) ||
	    parse_string(o, where, "department_name", PARSE_REQUIRED, &r->department_name, err) ||
	    parse_code(o, where, "platform_code", PARSE_REQUIRED, r->platform_code,
	               sizeof r->platform_code, err) ||
	    parse_decisions(o, where, DECISIONS_OF(r), err) ||
	    parse_figure(o, where, "approved_share", &r->approved_share, err) ||
	    parse_figure(o, where, "refused_share", &r->refused_share, err) ||
	    parse_figure(o, where, "returned_share", &r->returned_share, err) ||
	    parse_long(o, where, "open", PARSE_REQUIRED, &r->open, err) ||
	    parse_long(o, where, "overdue", PARSE_REQUIRED, &r->overdue, err)) {
		types_stats_row_clear(r);
		return -1;
	}
	return 0;
}

static int entry_row(json_t *o, const char *where, void *slot, struct govdx_error *err)
{
	struct govdx_stats_row *r = slot;

	r->median_days = r->p90_days = GOVDX_NO_FIGURE;
	r->approved_share = r->refused_share = r->returned_share = GOVDX_NO_FIGURE;
	if (parse_string(o, where, "entry_code", PARSE_REQUIRED, &r->entry_code, err) ||
	    parse_string(o, where, "entry_name", PARSE_REQUIRED, &r->entry_name, err) ||
	    parse_string(o, where, "department_code", PARSE_REQUIRED, &r->department_code, err) ||
	    parse_string(o, where, "department_name", PARSE_REQUIRED, &r->department_name, err) ||
	    parse_long(o, where, "requests", PARSE_REQUIRED, &r->requests, err) ||
	    parse_long(o, where, "objections", PARSE_REQUIRED, &r->objections, err) ||
	    parse_long(o, where, "objections_accepted", PARSE_REQUIRED, &r->objections_accepted,
	               err) ||
	    parse_long(o, where, "days_disputed", PARSE_REQUIRED, &r->days_disputed, err)) {
		types_stats_row_clear(r);
		return -1;
	}
	return 0;
}

static int month_row(json_t *o, const char *where, void *slot, struct govdx_error *err)
{
	struct govdx_stats_row *r = slot;
	int i;

	r->approved_share = r->refused_share = r->returned_share = GOVDX_NO_FIGURE;
	if (parse_code(o, where, "month", PARSE_REQUIRED, r->month, sizeof r->month, err) ||
	    parse_decisions(o, where, DECISIONS_OF(r), err)) {
		types_stats_row_clear(r);
		return -1;
	}
	for (i = 0; i < 7; i++)
		if (i == 4 ? r->month[i] != '-' : (r->month[i] < '0' || r->month[i] > '9')) {
			types_stats_row_clear(r);
			return parse_fail(err, where, "month", "is not a month YYYY-MM");
		}
	return 0;
}

/* A by this library does not know: the department, when there is one. */
static int other_row(json_t *o, const char *where, void *slot, struct govdx_error *err)
{
	struct govdx_stats_row *r = slot;

	r->median_days = r->p90_days = GOVDX_NO_FIGURE;
	r->approved_share = r->refused_share = r->returned_share = GOVDX_NO_FIGURE;
	if (parse_string(o, where, "department_code", PARSE_NULLABLE, &r->department_code, err) ||
	    parse_string(o, where, "department_name", PARSE_NULLABLE, &r->department_name, err)) {
		types_stats_row_clear(r);
		return -1;
	}
	return 0;
}

static int week(json_t *o, const char *where, void *slot, struct govdx_error *err)
{
	struct govdx_stats_week *w = slot;

	return parse_date(o, where, "week", PARSE_REQUIRED, w->week, err) ||
	               parse_long(o, where, "decided", PARSE_REQUIRED, &w->decided, err) ||
	               parse_long(o, where, "overdue", PARSE_REQUIRED, &w->overdue, err) ?
	           -1 :
	           0;
}

static int stats_fields(json_t *root, struct govdx_stats *s, struct govdx_error *err)
{
	static int (*const shapes[])(json_t *, const char *, void *, struct govdx_error *) = {
		[GOVDX_STATS_BY_UNKNOWN] = other_row,
		[GOVDX_STATS_BY_DEPARTMENT] = department_row,
		[GOVDX_STATS_BY_ENTRY] = entry_row,
		[GOVDX_STATS_BY_MONTH] = month_row,
	};
	json_t *totals, *rows, *weekly;
	void *items = NULL;
	int rc;

	s->totals.median_days = s->totals.p90_days = GOVDX_NO_FIGURE;
	if (parse_scope(root, &s->scope, err) ||
	    parse_date(root, "", "from", PARSE_REQUIRED, s->from, err) ||
	    parse_date(root, "", "to", PARSE_REQUIRED, s->to, err) ||
	    parse_string(root, "", "by", PARSE_REQUIRED, &s->by_name, err) ||
	    parse_object(root, "", "totals", PARSE_REQUIRED, &totals, err) ||
	    parse_decisions(totals, "totals", DECISIONS_OF(&s->totals), err) ||
	    parse_long(totals, "totals", "open", PARSE_REQUIRED, &s->totals.open, err) ||
	    parse_long(totals, "totals", "overdue", PARSE_REQUIRED, &s->totals.overdue, err) ||
	    parse_array(root, "", "rows", PARSE_REQUIRED, &rows, err) ||
	    parse_array(root, "", "weekly", PARSE_REQUIRED, &weekly, err) ||
	    parse_bool(root, "", "truncated", PARSE_REQUIRED, &s->truncated, err))
		return -1;
	s->by = types_stats_by_from(s->by_name);
	rc = parse_objects(rows, "", "rows", &items, sizeof *s->rows, &s->n_rows, shapes[s->by],
	                   err);
	s->rows = items;
	if (rc != 0)
		return -1;
	items = NULL;
	rc = parse_objects(weekly, "", "weekly", &items, sizeof *s->weekly, &s->n_weekly, week,
	                   err);
	s->weekly = items;
	return rc;
}

int govdx_parse_stats(const char *body, size_t len, struct govdx_stats **out,
                      struct govdx_error *err)
{
	void *mem;
	json_t *root;
	int rc;

	*out = NULL;
	root = parse_begin(body, len, sizeof(struct govdx_stats), &mem, err);
	if (root == NULL)
		return -1;
	rc = stats_fields(root, mem, err);
	json_decref(root);
	if (rc != 0) {
		govdx_stats_free(mem);
		return -1;
	}
	*out = mem;
	return 0;
}

static int search(json_t *o, const char *where, void *slot, struct govdx_error *err)
{
	struct govdx_stats_search *s = slot;

	if (parse_string(o, where, "query", PARSE_REQUIRED, &s->query, err) ||
	    parse_long(o, where, "count", PARSE_REQUIRED, &s->count, err) ||
	    parse_date(o, where, "last_searched", PARSE_REQUIRED, s->last_searched, err)) {
		types_stats_search_clear(s);
		return -1;
	}
	return 0;
}

static int not_held(json_t *o, const char *where, void *slot, struct govdx_error *err)
{
	struct govdx_stats_not_held *n = slot;

	if (parse_string(o, where, "entry_code", PARSE_REQUIRED, &n->entry_code, err) ||
	    parse_string(o, where, "entry_name", PARSE_REQUIRED, &n->entry_name, err) ||
	    parse_string(o, where, "department_code", PARSE_REQUIRED, &n->department_code, err) ||
	    parse_string(o, where, "department_name", PARSE_REQUIRED, &n->department_name, err) ||
	    parse_long(o, where, "refused", PARSE_REQUIRED, &n->refused, err)) {
		types_stats_not_held_clear(n);
		return -1;
	}
	return 0;
}

static int unmet_fields(json_t *root, struct govdx_stats_unmet *u, struct govdx_error *err)
{
	json_t *searches, *held;
	void *items = NULL;
	int rc;

	if (parse_scope(root, &u->scope, err) ||
	    parse_date(root, "", "from", PARSE_REQUIRED, u->from, err) ||
	    parse_date(root, "", "to", PARSE_REQUIRED, u->to, err) ||
	    parse_array(root, "", "searches", PARSE_REQUIRED, &searches, err) ||
	    parse_array(root, "", "not_held", PARSE_REQUIRED, &held, err) ||
	    parse_bool(root, "", "truncated", PARSE_REQUIRED, &u->truncated, err))
		return -1;
	rc = parse_objects(searches, "", "searches", &items, sizeof *u->searches,
	                   &u->n_searches, search, err);
	u->searches = items;
	if (rc != 0)
		return -1;
	items = NULL;
	rc = parse_objects(held, "", "not_held", &items, sizeof *u->not_held, &u->n_not_held,
	                   not_held, err);
	u->not_held = items;
	return rc;
}

int govdx_parse_stats_unmet(const char *body, size_t len, struct govdx_stats_unmet **out,
                            struct govdx_error *err)
{
	void *mem;
	json_t *root;
	int rc;

	*out = NULL;
	root = parse_begin(body, len, sizeof(struct govdx_stats_unmet), &mem, err);
	if (root == NULL)
		return -1;
	rc = unmet_fields(root, mem, err);
	json_decref(root);
	if (rc != 0) {
		govdx_stats_unmet_free(mem);
		return -1;
	}
	*out = mem;
	return 0;
}
