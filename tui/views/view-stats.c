/*
 * view-stats — the supervision figures (:stats, key S): how the
 * departments of a jurisdiction answer sharing requests over a period
 * (GET /v1/stats), for the roles that may see them (authority, admin:
 * their platform's subtree; approver, helpdesk: their department).
 *
 * The screen, top down: the title with the scope and the period
 * ("统计 · 河北省 · 2025-12-08—2026-12-07"), the totals, a sparkline of
 * the decisions of each week and one of the cases overdue at each week's
 * end (the last 26 weeks), then a table of one row per department, entry
 * or month (`by`, keys 1 2 3) with a bar: the share of decisions made
 * late, or the figure the table is sorted by (keys < >, which ask the
 * service again with sort=).  Bars are eighth blocks, or '#' on a vt100
 * or without a UTF-8 locale (ui-chart.h).  Enter on a department opens
 * its overdue requests in the request queue; on an entry, its objections.
 *
 * The view holds the answer itself (one call, cancelled when the view
 * goes, so a late answer never reaches a freed view; views are freed
 * before the client).  Names are fitted in columns by ui-width, so a
 * Chinese name is cut whole.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "case.h"
#include "i18n.h"
#include "ui-chart.h"
#include "ui-list.h"
#include "ui-theme.h"
#include "ui-width.h"
#include "view-stats.h"
#include "view.h"
#include "xalloc.h"

#define BAR_W 12
#define NUM_W 5

struct view_stats {
	struct view base;
	struct app *app;
	struct view_stats_query q;
	struct govdx_client *client; /* of the call in flight */
	govdx_call_id call;
	bool asked;   /* a call was started for the query */
	char error[600];
	struct govdx_stats *data;
	size_t *shown; /* rows that pass the filter */
	size_t n_shown;
	struct ui_list list;
	char *filter;
	enum ui_chart_style style;
	char what[160]; /* the export's description */
};

/* The sorts of each by, in the order < and > go through. */
static const char *const dept_sorts[] = { "code", "late", "overdue", "received", "median",
	                                  "p90", NULL };
static const char *const entry_sorts[] = { "code", "requests", "objections", "disputed", NULL };
static const char *const no_sorts[] = { "code", NULL };

/* The words of the bys and sorts, for the title (the values are typed). */
static const struct {
	const char *value, *word;
} words[] = {
	{ "department", N_("department") }, { "entry", N_("entry") },
	{ "month", N_("month") },           { "code", N_("code") },
	{ "late", N_("decided late") },     { "overdue", N_("overdue now") },
	{ "received", N_("received") },     { "median", N_("median days") },
	{ "p90", N_("90th percentile days") }, { "requests", N_("requests") },
	{ "objections", N_("objections") }, { "disputed", N_("days disputed") },
};

const char *view_stats_word(const char *value)
{
	size_t i;

	for (i = 0; value && i < sizeof words / sizeof words[0]; i++)
		if (!strcmp(words[i].value, value))
			return _(words[i].word);
	return value ? value : "";
}

const char *const *view_stats_sorts(const char *by)
{
	if (!strcmp(by, "entry"))
		return entry_sorts;
	if (!strcmp(by, "month"))
		return no_sorts;
	return dept_sorts;
}

static void stats_cb(void *arg, const struct govdx_error *err, struct govdx_stats *r)
{
	struct view_stats *vs = arg;
	struct app *app = vs->app;

	vs->call = 0;
	app->dirty = true;
	if (err) {
		if (err->http_status == 403)
			snprintf(vs->error, sizeof vs->error, "%s",
			         _("the figures are for data authorities, administrators, approvers "
			           "and helpdesks: this account may not see them"));
		else
			snprintf(vs->error, sizeof vs->error, "%s", err->message);
		/* The service away: asked again once it is back (recalc). */
		if (err->kind == GOVDX_ERR_TRANSPORT || err->http_status == 503)
			vs->asked = false;
		app_failure(app, err, NULL);
		return;
	}
	vs->error[0] = '\0';
	govdx_stats_free(vs->data);
	vs->data = r;
}

static void fetch(struct view_stats *vs)
{
	struct app *app = vs->app;
	struct govdx_stats_query q = { 0 };

	if (!app->client)
		return;
	if (vs->call && vs->client)
		govdx_cancel(vs->client, vs->call);
	q.platform = vs->q.platform[0] ? vs->q.platform : NULL;
	q.from = vs->q.from[0] ? vs->q.from : NULL;
	q.to = vs->q.to[0] ? vs->q.to : NULL;
	q.by = vs->q.by;
	q.sort = strcmp(vs->q.by, "month") ? vs->q.sort : NULL;
	vs->asked = true;
	vs->client = app->client;
	vs->call = govdx_stats(app->client, &q, stats_cb, vs);
	app->dirty = true;
}

static const char *row_name(const struct govdx_stats *d, const struct govdx_stats_row *r)
{
	if (d->by == GOVDX_STATS_BY_ENTRY)
		return r->entry_name;
	if (d->by == GOVDX_STATS_BY_MONTH)
		return r->month;
	return r->department_name ? r->department_name : "";
}

static const char *row_code(const struct govdx_stats *d, const struct govdx_stats_row *r)
{
	if (d->by == GOVDX_STATS_BY_ENTRY)
		return r->entry_code;
	if (d->by == GOVDX_STATS_BY_MONTH)
		return r->month;
	return r->department_code ? r->department_code : "";
}

static void stats_recalc(struct view *v, struct app *app, struct ui_rect r)
{
	struct view_stats *vs = (struct view_stats *)v;
	size_t i;

	if (!vs->asked && app->conn == APP_CONNECTED)
		fetch(vs);
	vs->n_shown = 0;
	if (vs->data) {
		free(vs->shown);
		vs->shown = xcalloc(vs->data->n_rows + 1, sizeof *vs->shown);
		for (i = 0; i < vs->data->n_rows; i++) {
			const struct govdx_stats_row *row = &vs->data->rows[i];
			if (vs->filter[0] &&
			    !ui_list_match(vs->filter, row_name(vs->data, row), row_code(vs->data, row)) &&
			    !(vs->data->by == GOVDX_STATS_BY_ENTRY &&
			      ui_list_match(vs->filter, row->department_name, NULL)))
				continue;
			vs->shown[vs->n_shown++] = i;
		}
	}
	vs->list.n = (int)vs->n_shown;
	ui_list_fix(&vs->list, r.h - 5 > 1 ? r.h - 5 : 1);
}

/* A number of working days, "-" for none: "3", "4.5". */
static void days(char *buf, size_t len, double d)
{
	if (d == GOVDX_NO_FIGURE)
		snprintf(buf, len, "-");
	else if (d == (double)(long)d)
		snprintf(buf, len, "%ld", (long)d);
	else
		snprintf(buf, len, "%.1f", d);
}

/* The bar's figure of a row and its largest value over the rows: what the
 * table is sorted by, or (by code) the share decided late. */
static double bar_value(const struct view_stats *vs, const struct govdx_stats_row *r)
{
	const char *s = vs->q.sort;

	switch (vs->data->by) {
	case GOVDX_STATS_BY_ENTRY:
		return !strcmp(s, "objections") ? (double)r->objections :
		       !strcmp(s, "disputed")   ? (double)r->days_disputed :
		                                  (double)r->requests;
	case GOVDX_STATS_BY_MONTH:
		return r->decided ? (double)r->decided_late / (double)r->decided : GOVDX_NO_FIGURE;
	default:
		return !strcmp(s, "overdue")  ? (double)r->overdue :
		       !strcmp(s, "received") ? (double)r->received :
		       !strcmp(s, "median")   ? r->median_days :
		       !strcmp(s, "p90")      ? r->p90_days :
		       r->decided             ? (double)r->decided_late / (double)r->decided :
		                                GOVDX_NO_FIGURE;
	}
}

/* Whether the bar is a share (0..1, shown as a percentage). */
static bool bar_share(const struct view_stats *vs)
{
	const char *s = vs->q.sort;

	if (vs->data->by == GOVDX_STATS_BY_MONTH)
		return true;
	return vs->data->by == GOVDX_STATS_BY_DEPARTMENT && (!strcmp(s, "code") || !strcmp(s, "late"));
}

static const char *bar_head(const struct view_stats *vs)
{
	const char *s = vs->q.sort;

	if (bar_share(vs))
		return _("Late share");
	if (!strcmp(s, "overdue"))
		return _("Overdue now");
	if (!strcmp(s, "received"))
		return _("Received");
	if (!strcmp(s, "median"))
		return _("Median days");
	if (!strcmp(s, "p90"))
		return _("P90 days");
	if (!strcmp(s, "objections"))
		return _("Objections");
	if (!strcmp(s, "disputed"))
		return _("Days disputed");
	return _("Requests");
}

/* The value and bar of a row into x (value NUM_W, a space, the bar). */
static void draw_bar(struct view_stats *vs, struct ui_canvas *c, int y, int x, int role,
                     const struct govdx_stats_row *r, double max)
{
	double v = bar_value(vs, r);
	char num[16];
	wchar_t bar[BAR_W + 1];

	if (v == GOVDX_NO_FIGURE)
		snprintf(num, sizeof num, "-");
	else if (bar_share(vs))
		snprintf(num, sizeof num, "%.0f%%", v * 100);
	else
		days(num, sizeof num, v);
	ui_canvas_text(c, y, x, NUM_W, role, num, UI_WIDTH_RIGHT);
	ui_chart_bar(bar, BAR_W + 1, v == GOVDX_NO_FIGURE || max <= 0 ? 0 : v / max, BAR_W,
	             vs->style);
	ui_canvas_wtext(c, y, x + NUM_W + 1, BAR_W, role, bar, UI_WIDTH_LEFT);
}

/* The numbers of a row (or the heads), right-aligned in NUM_W + 1 each. */
static int draw_nums(struct ui_canvas *c, int y, int x, int role, const char *const *cells,
                     size_t n)
{
	size_t i;

	for (i = 0; i < n; i++, x += NUM_W + 1)
		ui_canvas_text(c, y, x, NUM_W, role, cells[i], UI_WIDTH_RIGHT);
	return x;
}

static void draw_row(struct view_stats *vs, struct ui_canvas *c, int y, struct ui_rect r,
                     const struct govdx_stats_row *row, double max, bool cursor)
{
	const struct govdx_stats *d = vs->data;
	char b[9][24];
	const char *cells[9];
	int role = row ? UI_ROLE_NORMAL : UI_ROLE_DIM, x = r.x + 1, name_w, bar_w = NUM_W + 1 + BAR_W;
	size_t n = 0, i;

	if (d->by == GOVDX_STATS_BY_ENTRY) {
		name_w = r.w - 2 - 4 * (NUM_W + 1) - bar_w - 15;
		if (row) {
			snprintf(b[0], 24, "%ld", row->requests);
			snprintf(b[1], 24, "%ld", row->objections);
			snprintf(b[2], 24, "%ld", row->objections_accepted);
			snprintf(b[3], 24, "%ld", row->days_disputed);
			for (i = 0; i < 4; i++)
				cells[i] = b[i];
		} else {
			cells[0] = _("Req");
			cells[1] = _("Obj");
			cells[2] = _("Acc");
			cells[3] = _("Disp");
		}
		n = 4;
	} else {
		bool month = d->by == GOVDX_STATS_BY_MONTH;
		name_w = r.w - 2 - 7 * (NUM_W + 1) - bar_w;
		if (row) {
			snprintf(b[0], 24, "%ld", row->received);
			snprintf(b[1], 24, "%ld", row->decided);
			snprintf(b[2], 24, "%ld", row->decided_late);
			days(b[3], 24, row->median_days);
			days(b[4], 24, row->p90_days);
			snprintf(b[5], 24, "%ld", month ? row->refused : row->open);
			snprintf(b[6], 24, "%ld", month ? row->returned : row->overdue);
			for (i = 0; i < 7; i++)
				cells[i] = b[i];
		} else {
			cells[0] = _("Recv");
			cells[1] = _("Dec");
			cells[2] = _("Late");
			cells[3] = _("Med");
			cells[4] = _("P90");
			cells[5] = month ? _("Ref") : _("Open");
			cells[6] = month ? _("Ret") : _("Ovd");
		}
		n = 7;
	}
	if (name_w < 6)
		name_w = 6;
	ui_canvas_fill(c, (struct ui_rect){ y, r.x, 1, r.w }, role);
	ui_canvas_text(c, y, x, name_w, row ? UI_ROLE_NORMAL : role,
	               row ? row_name(d, row) :
	               d->by == GOVDX_STATS_BY_ENTRY ? _("Entry") :
	               d->by == GOVDX_STATS_BY_MONTH ? _("Month") : _("Department"),
	               UI_WIDTH_LEFT);
	x += name_w + 1;
	if (d->by == GOVDX_STATS_BY_ENTRY) {
		ui_canvas_text(c, y, x, 14, role, row ? row->department_name : _("Department"),
		               UI_WIDTH_LEFT);
		x += 15;
	}
	x = draw_nums(c, y, x, role, cells, n);
	if (row) {
		draw_bar(vs, c, y, x, role == UI_ROLE_NORMAL && row->overdue ? UI_ROLE_OVERDUE : role,
		         row, max);
		if (d->by == GOVDX_STATS_BY_DEPARTMENT && row->overdue)
			ui_canvas_role(c, y, x - NUM_W - 1, NUM_W, UI_ROLE_OVERDUE);
	} else {
		ui_canvas_text(c, y, x, bar_w, role, bar_head(vs), UI_WIDTH_LEFT);
	}
	if (cursor)
		ui_canvas_role(c, y, r.x, r.w, UI_ROLE_SELECTED);
}

/* The weekly sparklines: decisions and overdue cases, one column a week. */
static void draw_weeks(struct view_stats *vs, struct ui_canvas *c, int y, struct ui_rect r)
{
	const struct govdx_stats *d = vs->data;
	long dec[32], ovd[32];
	size_t i, n = d->n_weekly < 32 ? d->n_weekly : 32;
	wchar_t spark[40];
	char label[64];
	int x = r.x + 1, lw;

	for (i = 0; i < n; i++) {
		dec[i] = d->weekly[d->n_weekly - n + i].decided;
		ovd[i] = d->weekly[d->n_weekly - n + i].overdue;
	}
	snprintf(label, sizeof label, "%s", _("Decided/week"));
	lw = ui_width_utf8(label) + 1;
	ui_canvas_text(c, y, x, lw, UI_ROLE_LABEL, label, UI_WIDTH_LEFT);
	x += lw;
	ui_chart_spark(spark, 40, dec, n, 0, 26, vs->style);
	ui_canvas_wtext(c, y, x, 26, UI_ROLE_OK, spark, UI_WIDTH_LEFT);
	x += 28;
	snprintf(label, sizeof label, "%s", _("Overdue"));
	lw = ui_width_utf8(label) + 1;
	ui_canvas_text(c, y, x, lw, UI_ROLE_LABEL, label, UI_WIDTH_LEFT);
	x += lw;
	ui_chart_spark(spark, 40, ovd, n, 0, 26, vs->style);
	if (x < r.x + r.w)
		ui_canvas_wtext(c, y, x, r.x + r.w - x < 26 ? r.x + r.w - x : 26, UI_ROLE_OVERDUE,
		                spark, UI_WIDTH_LEFT);
}

void view_stats_title(const struct govdx_stats_scope *s, const char *from, const char *to,
                      const char *what, char *buf, size_t len)
{
	/* TRANSLATORS: the figures' title: what (统计), the scope (a platform
	 * or a department) and the period, e.g. "统计 · 河北省 ·
	 * 2025-12-08—2026-12-07". */
	snprintf(buf, len, _("%s · %s · %s—%s"), what,
	         s->department_name ? s->department_name : s->platform_name ? s->platform_name : "",
	         from, to);
}

static void stats_draw(struct view *v, struct app *app, struct ui_canvas *c, struct ui_rect r)
{
	struct view_stats *vs = (struct view_stats *)v;
	const struct govdx_stats *d = vs->data;
	char title[400], line[400], md[16], p9[16];
	double max = 0;
	size_t i;
	int row;

	if (!d) {
		ui_canvas_text(c, r.y, r.x, r.w, UI_ROLE_TITLE, _(" Figures"), UI_WIDTH_LEFT);
		ui_canvas_text(c, r.y + 2, r.x + 1, r.w - 2,
		               vs->error[0] ? UI_ROLE_ERROR : UI_ROLE_DIM,
		               vs->error[0] ? vs->error : _("loading..."), UI_WIDTH_LEFT);
		return;
	}
	view_stats_title(&d->scope, d->from, d->to, _("Figures"), line, sizeof line);
	/* TRANSLATORS: after the title: the rows' order, e.g. " · sorted by
	 * decided late". */
	snprintf(title, sizeof title, _(" %s · sorted by %s%s"), line,
	         view_stats_word(d->by == GOVDX_STATS_BY_MONTH ? "month" : vs->q.sort),
	         vs->call ? _("  (loading...)") : "");
	ui_canvas_text(c, r.y, r.x, r.w, UI_ROLE_TITLE, title, UI_WIDTH_LEFT);
	days(md, sizeof md, d->totals.median_days);
	days(p9, sizeof p9, d->totals.p90_days);
	snprintf(line, sizeof line,
	         _("Received %ld · decided %ld: approved %ld, refused %ld, returned %ld"),
	         d->totals.received, d->totals.decided, d->totals.approved, d->totals.refused,
	         d->totals.returned);
	ui_canvas_text(c, r.y + 1, r.x + 1, r.w - 2, UI_ROLE_NORMAL, line, UI_WIDTH_LEFT);
	snprintf(line, sizeof line,
	         _("Decided late %ld · median %s, p90 %s working days · open %ld · overdue %ld"),
	         d->totals.decided_late, md, p9, d->totals.open, d->totals.overdue);
	ui_canvas_text(c, r.y + 2, r.x + 1, r.w - 2,
	               d->totals.overdue ? UI_ROLE_OVERDUE : UI_ROLE_NORMAL, line, UI_WIDTH_LEFT);
	r.y++;
	r.h--;
	draw_weeks(vs, c, r.y + 2, r);
	for (i = 0; i < d->n_rows; i++) {
		double x = bar_value(vs, &d->rows[i]);
		if (x > max)
			max = x;
	}
	if (bar_share(vs))
		max = 1;
	draw_row(vs, c, r.y + 3, r, NULL, max, false);
	for (row = 0; row < r.h - 4; row++) {
		int k = vs->list.top + row;
		if (k >= vs->list.n)
			break;
		draw_row(vs, c, r.y + 4 + row, r, &d->rows[vs->shown[k]], max, k == vs->list.cur);
	}
	if (vs->list.n == 0)
		ui_canvas_text(c, r.y + 4, r.x + 1, r.w - 2, UI_ROLE_DIM,
		               d->n_rows ? _("nothing matches the filter") :
		                           _("no requests in this period"),
		               UI_WIDTH_LEFT);
	else if (d->truncated && vs->list.top + r.h - 4 > vs->list.n &&
	         r.y + 4 + vs->list.n - vs->list.top < r.y + r.h)
		ui_canvas_text(c, r.y + 4 + vs->list.n - vs->list.top, r.x + 1, r.w - 2, UI_ROLE_DIM,
		               _("more rows than the limit: the first ones in this order"),
		               UI_WIDTH_LEFT);
}

static int stats_request(struct view *v, struct app *app, enum view_req req, const char *arg,
                         char *err, size_t errlen)
{
	struct view_stats *vs = (struct view_stats *)v;
	const struct govdx_stats_row *row;
	struct view *q;

	if (ui_list_request(&vs->list, req))
		return 0;
	switch (req) {
	case REQ_REFRESH:
		fetch(vs);
		app_message(app, "%s", _("refreshing"));
		return 0;
	case REQ_SELECT:
	case REQ_EXPAND:
		if (!vs->data || vs->list.cur >= vs->list.n) {
			snprintf(err, errlen, "%s", _("no row here"));
			return -1;
		}
		row = &vs->data->rows[vs->shown[vs->list.cur]];
		if (vs->data->by == GOVDX_STATS_BY_DEPARTMENT) {
			/* Its overdue requests, in the request queue. */
			app_open_cases(app, &case_kind_request, "all", "");
			q = app_top(app);
			if (q && app->opens->cases_kind(q) == &case_kind_request)
				view_cases_set_overdue_of(q, app, row->department_code,
				                          row->department_name);
			return 0;
		}
		if (vs->data->by == GOVDX_STATS_BY_ENTRY) {
			app_open_cases(app, &case_kind_objection, "all", "");
			q = app_top(app);
			if (q && app->opens->cases_kind(q) == &case_kind_objection)
				view_cases_set_entry(q, app, row->entry_code);
			return 0;
		}
		snprintf(err, errlen, "%s", _("a month opens nothing: try 1 (departments)"));
		return -1;
	default:
		return -1;
	}
}

static const char *stats_filter(struct view *v)
{
	return ((struct view_stats *)v)->filter;
}

static void stats_set_filter(struct view *v, struct app *app, const char *f)
{
	struct view_stats *vs = (struct view_stats *)v;

	free(vs->filter);
	vs->filter = xstrdup(f ? f : "");
	vs->list.cur = vs->list.top = 0;
	app->dirty = true;
}

static void stats_crumbs(struct view *v, struct app *app, char *buf, size_t len)
{
	struct view_stats *vs = (struct view_stats *)v;

	snprintf(buf, len, "%s › %s", _("figures"), view_stats_word(vs->q.by));
}

static void stats_position(struct view *v, int *cur, int *n, int *more)
{
	struct view_stats *vs = (struct view_stats *)v;

	*cur = vs->list.cur + 1;
	*n = vs->data ? vs->list.n : -1;
	*more = 0;
}

static void stats_free(struct view *v)
{
	struct view_stats *vs = (struct view_stats *)v;

	if (vs->call && vs->client)
		govdx_cancel(vs->client, vs->call);
	govdx_stats_free(vs->data);
	free(vs->shown);
	free(vs->filter);
	free(vs);
}

static void num_cell(view_cell_fn cell, void *arg, long n, bool last)
{
	char b[24];

	snprintf(b, sizeof b, "%ld", n);
	cell(arg, b, last);
}

static void fig_cell(view_cell_fn cell, void *arg, double d, bool last)
{
	char b[24] = "";

	if (d != GOVDX_NO_FIGURE)
		snprintf(b, sizeof b, "%g", d);
	cell(arg, b, last);
}

static size_t stats_rows(struct view *v, view_cell_fn cell, void *arg)
{
	struct view_stats *vs = (struct view_stats *)v;
	size_t i;

	for (i = 0; i < vs->n_shown; i++) {
		const struct govdx_stats_row *r = &vs->data->rows[vs->shown[i]];

		switch (vs->data->by) {
		case GOVDX_STATS_BY_ENTRY:
			cell(arg, r->entry_code, false);
			cell(arg, r->entry_name, false);
			cell(arg, r->department_code, false);
			cell(arg, r->department_name, false);
			num_cell(cell, arg, r->requests, false);
			num_cell(cell, arg, r->objections, false);
			num_cell(cell, arg, r->objections_accepted, false);
			num_cell(cell, arg, r->days_disputed, true);
			break;
		case GOVDX_STATS_BY_MONTH:
			cell(arg, r->month, false);
			__attribute__((fallthrough)); /* the counts as a department's */
		default:
			if (vs->data->by != GOVDX_STATS_BY_MONTH) {
				cell(arg, r->department_code, false);
				cell(arg, r->department_name, false);
			}
			num_cell(cell, arg, r->received, false);
			num_cell(cell, arg, r->decided, false);
			num_cell(cell, arg, r->approved, false);
			num_cell(cell, arg, r->refused, false);
			num_cell(cell, arg, r->returned, false);
			num_cell(cell, arg, r->decided_late, false);
			fig_cell(cell, arg, r->median_days, vs->data->by == GOVDX_STATS_BY_MONTH);
			if (vs->data->by == GOVDX_STATS_BY_MONTH)
				break;
			fig_cell(cell, arg, r->p90_days, false);
			num_cell(cell, arg, r->open, false);
			num_cell(cell, arg, r->overdue, true);
		}
	}
	return vs->n_shown;
}

static bool stats_list(struct view *v, struct app *app, struct view_list *out)
{
	struct view_stats *vs = (struct view_stats *)v;
	const struct govdx_stats *d = vs->data;

	if (!d)
		return false;
	memset(out, 0, sizeof *out);
	out->what = VIEW_LIST_HELD;
	snprintf(vs->what, sizeof vs->what, "stats %s %s %s..%s by %s sort %s",
	         d->scope.department_code ? d->scope.department_code : d->scope.platform_code,
	         d->scope.department_name ? d->scope.department_name : d->scope.platform_name,
	         d->from, d->to, d->by_name, vs->q.sort);
	out->what_held = vs->what;
	out->head = d->by == GOVDX_STATS_BY_ENTRY ?
	            "entry_code,entry_name,department_code,department_name,requests,objections,"
	            "objections_accepted,days_disputed" :
	            d->by == GOVDX_STATS_BY_MONTH ?
	            "month,received,decided,approved,refused,returned,decided_late,median_days" :
	            "department_code,department_name,received,decided,approved,refused,returned,"
	            "decided_late,median_days,p90_days,open,overdue";
	out->rows = stats_rows;
	out->filter = vs->filter;
	return true;
}

static const struct view_ops stats_ops = {
	.name = "stats",
	.recalc = stats_recalc,
	.draw = stats_draw,
	.request = stats_request,
	.filter = stats_filter,
	.set_filter = stats_set_filter,
	.crumbs = stats_crumbs,
	.position = stats_position,
	.free = stats_free,
	.list = stats_list,
};

bool view_stats_get(struct view *v, struct view_stats_query *q)
{
	if (!v || v->ops != &stats_ops)
		return false;
	*q = ((struct view_stats *)v)->q;
	return true;
}

void view_stats_set(struct view *v, const struct view_stats_query *q)
{
	struct view_stats *vs = (struct view_stats *)v;

	if (!v || v->ops != &stats_ops)
		return;
	vs->q = *q;
	vs->list.cur = vs->list.top = 0;
	vs->asked = false; /* the next recalc asks */
	if (vs->app->conn == APP_CONNECTED)
		fetch(vs);
}

struct view *view_stats_new(struct app *app, const struct view_stats_query *q)
{
	struct view_stats *vs = xcalloc(1, sizeof *vs);

	vs->base.ops = &stats_ops;
	vs->app = app;
	vs->q = *q;
	vs->filter = xstrdup("");
	vs->style = ui_chart_style_env();
	return &vs->base;
}
