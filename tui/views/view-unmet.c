/*
 * view-unmet — the unmet demand of a jurisdiction (:unmet, key u in the
 * figures): what people searched the directory for and did not find,
 * most often first, with a bar of the count; then the entries whose
 * requests were refused because the data is not held (refusals with the
 * ground not_held), most refusals first (GET /v1/stats/unmet).  The list
 * a department reads to decide what to publish next.
 *
 * One list of rows in two sections, each under its heading.  Enter on a
 * search runs it again (it may find something now); on an entry, opens
 * it.  As the figures view, it holds the answer itself and cancels its
 * call when it goes.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "i18n.h"
#include "ui-chart.h"
#include "ui-list.h"
#include "ui-theme.h"
#include "ui-width.h"
#include "view-stats.h"
#include "view.h"
#include "xalloc.h"

#define BAR_W 16
#define NUM_W 6

/* A row of the list: a search (index into searches) or an entry (into
 * not_held). */
struct unmet_row {
	bool held;
	size_t i;
};

struct view_unmet {
	struct view base;
	struct app *app;
	struct view_stats_query q;
	struct govdx_client *client;
	govdx_call_id call;
	bool asked;
	char error[600];
	struct govdx_stats_unmet *data;
	struct unmet_row *rows;
	size_t n_rows, n_searches; /* shown: searches first */
	struct ui_list list;
	char *filter;
	enum ui_chart_style style;
	char what[160];
};

static void unmet_cb(void *arg, const struct govdx_error *err, struct govdx_stats_unmet *r)
{
	struct view_unmet *vu = arg;
	struct app *app = vu->app;

	vu->call = 0;
	app->dirty = true;
	if (err) {
		if (err->http_status == 403)
			snprintf(vu->error, sizeof vu->error, "%s",
			         _("the figures are for data authorities, administrators, approvers "
			           "and helpdesks: this account may not see them"));
		else
			snprintf(vu->error, sizeof vu->error, "%s", err->message);
		/* The service away: asked again once it is back (recalc). */
		if (err->kind == GOVDX_ERR_TRANSPORT || err->http_status == 503)
			vu->asked = false;
		app_failure(app, err, NULL);
		return;
	}
	vu->error[0] = '\0';
	govdx_stats_unmet_free(vu->data);
	vu->data = r;
}

static void fetch(struct view_unmet *vu)
{
	struct app *app = vu->app;
	struct govdx_stats_query q = { 0 };

	if (!app->client)
		return;
	if (vu->call && vu->client)
		govdx_cancel(vu->client, vu->call);
	q.platform = vu->q.platform[0] ? vu->q.platform : NULL;
	q.from = vu->q.from[0] ? vu->q.from : NULL;
	q.to = vu->q.to[0] ? vu->q.to : NULL;
	vu->asked = true;
	vu->client = app->client;
	vu->call = govdx_stats_unmet(app->client, &q, unmet_cb, vu);
	app->dirty = true;
}

static void unmet_recalc(struct view *v, struct app *app, struct ui_rect r)
{
	struct view_unmet *vu = (struct view_unmet *)v;
	const struct govdx_stats_unmet *d = vu->data;
	size_t i;

	if (!vu->asked && app->conn == APP_CONNECTED)
		fetch(vu);
	vu->n_rows = vu->n_searches = 0;
	if (d) {
		free(vu->rows);
		vu->rows = xcalloc(d->n_searches + d->n_not_held + 1, sizeof *vu->rows);
		for (i = 0; i < d->n_searches; i++)
			if (ui_list_match(vu->filter, d->searches[i].query, NULL))
				vu->rows[vu->n_rows++] = (struct unmet_row){ false, i };
		vu->n_searches = vu->n_rows;
		for (i = 0; i < d->n_not_held; i++)
			if (ui_list_match(vu->filter, d->not_held[i].entry_name,
			                  d->not_held[i].entry_code) ||
			    ui_list_match(vu->filter, d->not_held[i].department_name, NULL))
				vu->rows[vu->n_rows++] = (struct unmet_row){ true, i };
	}
	vu->list.n = (int)vu->n_rows;
	/* two headings and the gap between the sections take rows */
	ui_list_fix(&vu->list, r.h - 5 > 1 ? r.h - 5 : 1);
}

/* The count and its bar. */
static void draw_count(struct view_unmet *vu, struct ui_canvas *c, int y, int x, long n,
                       long max, int role)
{
	char num[24];
	wchar_t bar[BAR_W + 1];

	snprintf(num, sizeof num, "%ld", n);
	ui_canvas_text(c, y, x, NUM_W, role, num, UI_WIDTH_RIGHT);
	ui_chart_bar(bar, BAR_W + 1, max > 0 ? (double)n / (double)max : 0, BAR_W, vu->style);
	ui_canvas_wtext(c, y, x + NUM_W + 1, BAR_W, role, bar, UI_WIDTH_LEFT);
}

static void unmet_draw(struct view *v, struct app *app, struct ui_canvas *c, struct ui_rect r)
{
	struct view_unmet *vu = (struct view_unmet *)v;
	const struct govdx_stats_unmet *d = vu->data;
	char title[420], line[400];
	long max_s = 0, max_h = 0;
	int y = r.y + 1, k, name_w = r.w - 2 - (NUM_W + 1 + BAR_W) - 12;
	size_t i;
	bool held_head = false;

	if (!d) {
		ui_canvas_text(c, r.y, r.x, r.w, UI_ROLE_TITLE, _(" Unmet demand"), UI_WIDTH_LEFT);
		ui_canvas_text(c, r.y + 2, r.x + 1, r.w - 2,
		               vu->error[0] ? UI_ROLE_ERROR : UI_ROLE_DIM,
		               vu->error[0] ? vu->error : _("loading..."), UI_WIDTH_LEFT);
		return;
	}
	view_stats_title(&d->scope, d->from, d->to, _("Unmet demand"), line, sizeof line);
	snprintf(title, sizeof title, " %s%s", line, vu->call ? _("  (loading...)") : "");
	ui_canvas_text(c, r.y, r.x, r.w, UI_ROLE_TITLE, title, UI_WIDTH_LEFT);
	for (i = 0; i < d->n_searches; i++)
		if (d->searches[i].count > max_s)
			max_s = d->searches[i].count;
	for (i = 0; i < d->n_not_held; i++)
		if (d->not_held[i].refused > max_h)
			max_h = d->not_held[i].refused;
	if (vu->list.top < (int)vu->n_searches || !vu->n_searches) {
		snprintf(line, sizeof line, _("Searched for, found nothing (%zu)"), vu->n_searches);
		ui_canvas_text(c, y, r.x + 1, name_w, UI_ROLE_LABEL, line, UI_WIDTH_LEFT);
		ui_canvas_text(c, y, r.x + 1 + name_w + 1, NUM_W + 1 + BAR_W, UI_ROLE_DIM,
		               _("Times"), UI_WIDTH_LEFT);
		ui_canvas_text(c, y, r.x + 2 + name_w + NUM_W + 1 + BAR_W + 1, 10, UI_ROLE_DIM,
		               _("Last"), UI_WIDTH_LEFT);
		y++;
		if (!vu->n_searches)
			ui_canvas_text(c, y++, r.x + 3, r.w - 4, UI_ROLE_DIM, _("none"), UI_WIDTH_LEFT);
	}
	for (k = vu->list.top; k < vu->list.n && y < r.y + r.h; k++) {
		const struct unmet_row *row = &vu->rows[k];
		int role = UI_ROLE_NORMAL;

		if (row->held && !held_head) {
			held_head = true;
			if (k > 0)
				y++;
			if (y >= r.y + r.h - 1)
				break;
			snprintf(line, sizeof line, _("Refused: the data is not held (%zu)"),
			         vu->n_rows - vu->n_searches);
			ui_canvas_text(c, y, r.x + 1, name_w, UI_ROLE_LABEL, line, UI_WIDTH_LEFT);
			ui_canvas_text(c, y, r.x + 1 + name_w + 1, NUM_W + 1 + BAR_W, UI_ROLE_DIM,
			               _("Refusals"), UI_WIDTH_LEFT);
			y++;
		}
		ui_canvas_fill(c, (struct ui_rect){ y, r.x, 1, r.w }, role);
		if (!row->held) {
			const struct govdx_stats_search *s = &d->searches[row->i];
			ui_canvas_text(c, y, r.x + 3, name_w - 2, role, s->query, UI_WIDTH_LEFT);
			draw_count(vu, c, y, r.x + 1 + name_w + 1, s->count, max_s, role);
			ui_canvas_text(c, y, r.x + 2 + name_w + NUM_W + 1 + BAR_W + 1, 10, UI_ROLE_DIM,
			               s->last_searched, UI_WIDTH_LEFT);
		} else {
			const struct govdx_stats_not_held *h = &d->not_held[row->i];
			int nw = (name_w - 2) * 3 / 5;
			ui_canvas_text(c, y, r.x + 3, nw, role, h->entry_name, UI_WIDTH_LEFT);
			ui_canvas_text(c, y, r.x + 3 + nw + 1, name_w - 2 - nw - 1, UI_ROLE_DIM,
			               h->department_name, UI_WIDTH_LEFT);
			draw_count(vu, c, y, r.x + 1 + name_w + 1, h->refused, max_h, role);
		}
		if (k == vu->list.cur)
			ui_canvas_role(c, y, r.x, r.w, UI_ROLE_SELECTED);
		y++;
	}
	if (!held_head && vu->list.top + (r.h - 5) >= vu->list.n && y + 1 < r.y + r.h) {
		snprintf(line, sizeof line, _("Refused: the data is not held (%zu)"),
		         vu->n_rows - vu->n_searches);
		ui_canvas_text(c, y + 1, r.x + 1, name_w, UI_ROLE_LABEL, line, UI_WIDTH_LEFT);
		if (y + 2 < r.y + r.h)
			ui_canvas_text(c, y + 2, r.x + 3, r.w - 4, UI_ROLE_DIM, _("none"), UI_WIDTH_LEFT);
	}
}

static int unmet_request(struct view *v, struct app *app, enum view_req req, const char *arg,
                         char *err, size_t errlen)
{
	struct view_unmet *vu = (struct view_unmet *)v;
	const struct unmet_row *row;

	if (ui_list_request(&vu->list, req))
		return 0;
	switch (req) {
	case REQ_REFRESH:
		fetch(vu);
		app_message(app, "%s", _("refreshing"));
		return 0;
	case REQ_SELECT:
	case REQ_EXPAND:
		if (!vu->data || vu->list.cur >= vu->list.n) {
			snprintf(err, errlen, "%s", _("no row here"));
			return -1;
		}
		row = &vu->rows[vu->list.cur];
		if (row->held)
			app_open_entry(app, vu->data->not_held[row->i].entry_code);
		else
			app_open_search(app, vu->data->searches[row->i].query);
		return 0;
	default:
		return -1;
	}
}

static const char *unmet_filter(struct view *v)
{
	return ((struct view_unmet *)v)->filter;
}

static void unmet_set_filter(struct view *v, struct app *app, const char *f)
{
	struct view_unmet *vu = (struct view_unmet *)v;

	free(vu->filter);
	vu->filter = xstrdup(f ? f : "");
	vu->list.cur = vu->list.top = 0;
	app->dirty = true;
}

static void unmet_crumbs(struct view *v, struct app *app, char *buf, size_t len)
{
	snprintf(buf, len, "%s › %s", _("figures"), _("unmet demand"));
}

static void unmet_position(struct view *v, int *cur, int *n, int *more)
{
	struct view_unmet *vu = (struct view_unmet *)v;

	*cur = vu->list.cur + 1;
	*n = vu->data ? vu->list.n : -1;
	*more = 0;
}

static void unmet_free(struct view *v)
{
	struct view_unmet *vu = (struct view_unmet *)v;

	if (vu->call && vu->client)
		govdx_cancel(vu->client, vu->call);
	govdx_stats_unmet_free(vu->data);
	free(vu->rows);
	free(vu->filter);
	free(vu);
}

/* One CSV table for both lists: kind, then the fields of each. */
static size_t unmet_rows(struct view *v, view_cell_fn cell, void *arg)
{
	struct view_unmet *vu = (struct view_unmet *)v;
	char n[24];
	size_t k;

	for (k = 0; k < vu->n_rows; k++) {
		const struct unmet_row *row = &vu->rows[k];

		if (!row->held) {
			const struct govdx_stats_search *s = &vu->data->searches[row->i];
			snprintf(n, sizeof n, "%ld", s->count);
			cell(arg, "search", false);
			cell(arg, s->query, false);
			cell(arg, "", false);
			cell(arg, "", false);
			cell(arg, n, false);
			cell(arg, s->last_searched, true);
		} else {
			const struct govdx_stats_not_held *h = &vu->data->not_held[row->i];
			snprintf(n, sizeof n, "%ld", h->refused);
			cell(arg, "not_held", false);
			cell(arg, h->entry_name, false);
			cell(arg, h->entry_code, false);
			cell(arg, h->department_name, false);
			cell(arg, n, false);
			cell(arg, "", true);
		}
	}
	return vu->n_rows;
}

static bool unmet_list(struct view *v, struct app *app, struct view_list *out)
{
	struct view_unmet *vu = (struct view_unmet *)v;
	const struct govdx_stats_unmet *d = vu->data;

	if (!d)
		return false;
	memset(out, 0, sizeof *out);
	out->what = VIEW_LIST_HELD;
	snprintf(vu->what, sizeof vu->what, "unmet %s %s %s..%s",
	         d->scope.department_code ? d->scope.department_code : d->scope.platform_code,
	         d->scope.department_name ? d->scope.department_name : d->scope.platform_name,
	         d->from, d->to);
	out->what_held = vu->what;
	out->head = "kind,text,entry_code,department_name,count,last_searched";
	out->rows = unmet_rows;
	out->filter = vu->filter;
	return true;
}

static const struct view_ops unmet_ops = {
	.name = "unmet",
	.recalc = unmet_recalc,
	.draw = unmet_draw,
	.request = unmet_request,
	.filter = unmet_filter,
	.set_filter = unmet_set_filter,
	.crumbs = unmet_crumbs,
	.position = unmet_position,
	.free = unmet_free,
	.list = unmet_list,
};

bool view_unmet_get(struct view *v, struct view_stats_query *q)
{
	if (!v || v->ops != &unmet_ops)
		return false;
	*q = ((struct view_unmet *)v)->q;
	return true;
}

void view_unmet_set(struct view *v, const struct view_stats_query *q)
{
	struct view_unmet *vu = (struct view_unmet *)v;

	if (!v || v->ops != &unmet_ops)
		return;
	vu->q = *q;
	vu->list.cur = vu->list.top = 0;
	vu->asked = false;
	if (vu->app->conn == APP_CONNECTED)
		fetch(vu);
}

struct view *view_unmet_new(struct app *app, const struct view_stats_query *q)
{
	struct view_unmet *vu = xcalloc(1, sizeof *vu);

	vu->base.ops = &unmet_ops;
	vu->app = app;
	vu->q = *q;
	vu->filter = xstrdup("");
	vu->style = ui_chart_style_env();
	return &vu->base;
}
