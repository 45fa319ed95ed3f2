/*
 * view-requests — the sharing-request queue: one box (inbox, outbox, all in
 * the caller's jurisdiction) with an optional state filter, in deadline
 * order, as the service sorts it.
 *
 * Columns (80 wide): marks, id, state, working days left, entry name, the
 * other department.  The marks column says `*` for a tagged row and `N`
 * for a row that arrived or changed live (until the cursor moves onto it);
 * the days column ends in `!` when the deadline is near (0-2 working days)
 * or past, and is drawn in the due_soon / overdue roles — so neither mark
 * depends on colour.  Rows come from the reqstore, which the long poll
 * keeps current; more pages load as the cursor nears the end.  `/` filters
 * the loaded rows (id, state, entry, departments); tagged rows the filter
 * hides still count, and the `;` confirmation says how many.
 *
 * Invariant: rows are rebuilt from the reqstore on every recalc and the
 * cursor follows its request by id (sel), so live arrivals above it never
 * move it to another request.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "reqstore.h"
#include "ui-list.h"
#include "ui-theme.h"
#include "ui-width.h"
#include "view.h"
#include "xalloc.h"

#define NEAR_END 10

struct view_requests {
	struct view base;
	char *box, *state;
	struct reqstore_item **rows;
	size_t n_rows, cap_rows;
	struct ui_list list;
	char *filter;
	char sel[64]; /* id under the cursor */
	bool more;
};

const char *view_days_left(const struct govdx_request *r, char *buf, size_t len, int *role)
{
	*role = UI_ROLE_NORMAL;
	if (!r->has_deadline || r->working_days_left == GOVDX_NO_DAYS_LEFT) {
		snprintf(buf, len, "-");
		*role = UI_ROLE_DIM;
		return buf;
	}
	snprintf(buf, len, "%dd", r->working_days_left);
	if (r->overdue || r->working_days_left < 0)
		*role = UI_ROLE_OVERDUE;
	else if (r->due_soon || r->working_days_left <= 2)
		*role = UI_ROLE_DUE_SOON;
	return buf;
}

/* The department on the other side of the caller. */
static const char *other_side(const struct view_requests *vr, struct app *app,
                              const struct govdx_request *r)
{
	const char *mine = app->me ? app->me->department_code : NULL;

	if (!strcmp(vr->box, "inbox"))
		return r->requester_department_name;
	if (!strcmp(vr->box, "outbox"))
		return r->provider_department_name;
	if (mine && r->provider_department && !strcmp(mine, r->provider_department))
		return r->requester_department_name;
	return r->provider_department_name;
}

static bool row_matches(const char *f, const struct govdx_request *r)
{
	return ui_list_match(f, r->id, r->state_name) || ui_list_match(f, r->entry_name, r->entry_code) ||
	       ui_list_match(f, r->requester_department_name, r->provider_department_name);
}

static void req_recalc(struct view *v, struct app *app, struct ui_rect r)
{
	struct view_requests *vr = (struct view_requests *)v;
	struct reqstore_list *l = reqstore_list(app->reqs, vr->box, vr->state);
	size_t i;
	int found = -1;

	reqstore_want_first(app->reqs, l);
	vr->more = !l->complete;
	vr->n_rows = 0;
	for (i = 0; i < l->n; i++) {
		struct reqstore_item *it = reqstore_find(app->reqs, l->ids[i]);
		if (!it || !it->r || !row_matches(vr->filter, it->r))
			continue;
		if (vr->sel[0] && !strcmp(it->id, vr->sel))
			found = (int)vr->n_rows;
		xgrow(&vr->rows, &vr->cap_rows, vr->n_rows + 1, sizeof *vr->rows);
		vr->rows[vr->n_rows++] = it;
	}
	vr->list.n = (int)vr->n_rows;
	if (found >= 0)
		vr->list.cur = found;
	ui_list_fix(&vr->list, r.h - 2);
	if (vr->list.n - vr->list.cur <= NEAR_END)
		reqstore_more(app->reqs, l);
	if (vr->list.cur < vr->list.n)
		snprintf(vr->sel, sizeof vr->sel, "%s", vr->rows[vr->list.cur]->id);
}

struct columns {
	int marks, id, state, left, name, dept;
};

static struct columns columns(int w)
{
	struct columns c = { 2, 10, 12, 6, 0, 0 };
	int rest = w - (c.marks + c.id + 1 + c.state + 1 + c.left + 1) - 1;

	if (rest < 10)
		rest = 10;
	c.name = rest * 55 / 100;
	c.dept = rest - c.name;
	return c;
}

static const char *live_word(struct app *app)
{
	switch (reqstore_live_state(app->reqs)) {
	case LIVE_ON:
		return "live";
	case LIVE_STARTING:
		return "live: starting";
	case LIVE_DOWN:
		return "live: reconnecting";
	case LIVE_UNSUPPORTED:
		return "live: not offered by the service (R refreshes)";
	default:
		return "";
	}
}

static void draw_row(struct ui_canvas *c, int y, int x, struct columns k, struct app *app,
                     struct view_requests *vr, const struct reqstore_item *it, bool cursor,
                     int w)
{
	const struct govdx_request *r = it->r;
	char marks[4], left[32], days[24];
	int role = UI_ROLE_NORMAL, lrole, x0 = x;
	bool tagged = app_tagged(app, it->id);

	snprintf(marks, sizeof marks, "%c%c", tagged ? '*' : ' ', it->marked ? 'N' : ' ');
	view_days_left(r, days, sizeof days, &lrole);
	snprintf(left, sizeof left, "%s%s", days,
	         lrole == UI_ROLE_OVERDUE || lrole == UI_ROLE_DUE_SOON ? "!" : " ");
	if (tagged)
		role = UI_ROLE_TAGGED;
	else if (it->marked)
		role = UI_ROLE_NEW;
	ui_canvas_fill(c, (struct ui_rect){ y, x, 1, w }, role);
	ui_canvas_text(c, y, x, k.marks, it->marked ? UI_ROLE_NEW : role, marks, UI_WIDTH_LEFT);
	x += k.marks;
	ui_canvas_text(c, y, x, k.id, role, r->id, UI_WIDTH_LEFT);
	x += k.id + 1;
	ui_canvas_text(c, y, x, k.state, role, r->state_name, UI_WIDTH_LEFT);
	x += k.state + 1;
	ui_canvas_text(c, y, x, k.left, lrole == UI_ROLE_NORMAL ? role : lrole, left,
	               UI_WIDTH_RIGHT);
	x += k.left + 1;
	ui_canvas_text(c, y, x, k.name, role, r->entry_name ? r->entry_name : r->entry_code,
	               UI_WIDTH_LEFT);
	x += k.name + 1;
	ui_canvas_text(c, y, x, k.dept, role, other_side(vr, app, r), UI_WIDTH_LEFT);
	if (cursor)
		ui_canvas_role(c, y, x0, w, UI_ROLE_SELECTED);
}

static void req_draw(struct view *v, struct app *app, struct ui_canvas *c, struct ui_rect r)
{
	struct view_requests *vr = (struct view_requests *)v;
	struct reqstore_list *l = reqstore_list(app->reqs, vr->box, vr->state);
	struct columns k = columns(r.w);
	char *title;
	int row, x = r.x;
	const char *dept_head = !strcmp(vr->box, "inbox")  ? "Requester" :
	                        !strcmp(vr->box, "outbox") ? "Provider" :
	                                                     "Other side";

	title = xasprintf(" Requests: %s%s%s  %zu%s  %s", vr->box, vr->state[0] ? " · " : "",
	                  vr->state, l->n, l->complete ? "" : "+", live_word(app));
	ui_canvas_text(c, r.y, r.x, r.w, UI_ROLE_TITLE, title, UI_WIDTH_LEFT);
	free(title);
	ui_canvas_text(c, r.y + 1, x, k.marks, UI_ROLE_DIM, "", UI_WIDTH_LEFT);
	x += k.marks;
	ui_canvas_text(c, r.y + 1, x, k.id, UI_ROLE_DIM, "Id", UI_WIDTH_LEFT);
	x += k.id + 1;
	ui_canvas_text(c, r.y + 1, x, k.state, UI_ROLE_DIM, "State", UI_WIDTH_LEFT);
	x += k.state + 1;
	ui_canvas_text(c, r.y + 1, x, k.left, UI_ROLE_DIM, "Left ", UI_WIDTH_RIGHT);
	x += k.left + 1;
	ui_canvas_text(c, r.y + 1, x, k.name, UI_ROLE_DIM, "Entry", UI_WIDTH_LEFT);
	x += k.name + 1;
	ui_canvas_text(c, r.y + 1, x, k.dept, UI_ROLE_DIM, dept_head, UI_WIDTH_LEFT);
	for (row = 0; row < r.h - 2; row++) {
		int i = vr->list.top + row;
		if (i >= vr->list.n)
			break;
		draw_row(c, r.y + 2 + row, r.x, k, app, vr, vr->rows[i], i == vr->list.cur, r.w);
	}
	if (vr->list.n == 0) {
		const char *msg = l->state == STORE_ERROR ? l->error :
		                  l->state == STORE_DONE && l->n ? "no loaded request matches the filter" :
		                  l->state == STORE_DONE ? "no requests here" :
		                                           "loading...";
		ui_canvas_text(c, r.y + 2, r.x + 1, r.w - 2,
		               l->state == STORE_ERROR ? UI_ROLE_ERROR : UI_ROLE_DIM, msg, UI_WIDTH_LEFT);
	} else if (!l->complete && vr->list.top + r.h - 2 > vr->list.n) {
		int y = r.y + 2 + (vr->list.n - vr->list.top);
		if (y < r.y + r.h)
			ui_canvas_text(c, y, r.x + 1, r.w - 2, UI_ROLE_DIM,
			               l->state == STORE_ERROR ? l->error : "loading more...",
			               UI_WIDTH_LEFT);
	}
}

/* The cursor moved onto a row: it has been looked at. */
static void looked_at(struct view_requests *vr)
{
	if (vr->list.cur < vr->list.n) {
		vr->rows[vr->list.cur]->marked = false;
		snprintf(vr->sel, sizeof vr->sel, "%s", vr->rows[vr->list.cur]->id);
	}
}

static int req_request(struct view *v, struct app *app, enum view_req req, const char *arg,
                       char *err, size_t errlen)
{
	struct view_requests *vr = (struct view_requests *)v;
	size_t i, n = 0;

	if (ui_list_request(&vr->list, req)) {
		looked_at(vr);
		return 0;
	}
	switch (req) {
	case REQ_SELECT:
	case REQ_EXPAND:
		if (vr->list.cur >= vr->list.n) {
			snprintf(err, errlen, "no request here");
			return -1;
		}
		looked_at(vr);
		app_open_request(app, vr->rows[vr->list.cur]->id);
		return 0;
	case REQ_REFRESH:
		reqstore_refresh_list(app->reqs, reqstore_list(app->reqs, vr->box, vr->state));
		app_message(app, "refreshing");
		return 0;
	case REQ_TAG:
		if (vr->list.cur >= vr->list.n) {
			snprintf(err, errlen, "no request here to tag");
			return -1;
		}
		app_tag(app, vr->rows[vr->list.cur]->id, -1);
		if (vr->list.cur + 1 < vr->list.n) {
			ui_list_request(&vr->list, REQ_DOWN);
			looked_at(vr);
		}
		return 0;
	case REQ_TAG_PATTERN:
		for (i = 0; i < vr->n_rows; i++)
			if (row_matches(arg ? arg : "", vr->rows[i]->r)) {
				app_tag(app, vr->rows[i]->id, 1);
				n++;
			}
		app_message(app, "%zu row%s tagged matching '%s' (%zu tagged in all)", n,
		            n == 1 ? "" : "s", arg ? arg : "", app_n_tagged(app));
		return 0;
	default:
		return -1;
	}
}

static const char *req_filter(struct view *v)
{
	return ((struct view_requests *)v)->filter;
}

static void req_set_filter(struct view *v, struct app *app, const char *f)
{
	struct view_requests *vr = (struct view_requests *)v;

	free(vr->filter);
	vr->filter = xstrdup(f ? f : "");
	app->dirty = true;
}

static void req_crumbs(struct view *v, struct app *app, char *buf, size_t len)
{
	struct view_requests *vr = (struct view_requests *)v;

	snprintf(buf, len, "requests › %s%s%s", vr->box, vr->state[0] ? " › " : "", vr->state);
}

static void req_position(struct view *v, int *cur, int *n, int *more)
{
	struct view_requests *vr = (struct view_requests *)v;

	*cur = vr->list.cur + 1;
	*n = vr->list.n;
	*more = vr->more;
}

static bool req_subject(struct view *v, struct app *app, char *buf, size_t len)
{
	struct view_requests *vr = (struct view_requests *)v;

	if (vr->list.cur >= vr->list.n)
		return false;
	snprintf(buf, len, "request:%s", vr->rows[vr->list.cur]->id);
	return true;
}

static bool req_shows(struct view *v, struct app *app, const char *id)
{
	struct view_requests *vr = (struct view_requests *)v;
	size_t i;

	for (i = 0; i < vr->n_rows; i++)
		if (!strcmp(vr->rows[i]->id, id))
			return true;
	return false;
}

static void req_free(struct view *v)
{
	struct view_requests *vr = (struct view_requests *)v;

	free(vr->box);
	free(vr->state);
	free(vr->rows);
	free(vr->filter);
	free(vr);
}

static const struct view_ops requests_ops = {
	.name = "requests",
	.recalc = req_recalc,
	.draw = req_draw,
	.request = req_request,
	.filter = req_filter,
	.set_filter = req_set_filter,
	.crumbs = req_crumbs,
	.position = req_position,
	.free = req_free,
	.subject = req_subject,
	.shows = req_shows,
};

void view_requests_show(struct view *v, struct app *app, const char *box, const char *state)
{
	struct view_requests *vr = (struct view_requests *)v;

	if (box) {
		free(vr->box);
		vr->box = xstrdup(box);
	}
	if (state) {
		free(vr->state);
		vr->state = xstrdup(state);
	}
	vr->list.cur = vr->list.top = 0;
	vr->sel[0] = '\0';
	/* A queue shown again is fetched again: it may have changed since. */
	{
		struct reqstore_list *l = reqstore_list(app->reqs, vr->box, vr->state);
		if (l->state == STORE_DONE)
			reqstore_refresh_list(app->reqs, l);
	}
	app->dirty = true;
}

struct view *view_requests_new(struct app *app, const char *box, const char *state)
{
	struct view_requests *vr = xcalloc(1, sizeof *vr);

	vr->base.ops = &requests_ops;
	vr->box = xstrdup(box);
	vr->state = xstrdup(state ? state : "");
	vr->filter = xstrdup("");
	{
		struct reqstore_list *l = reqstore_list(app->reqs, vr->box, vr->state);
		if (l->state == STORE_DONE)
			reqstore_refresh_list(app->reqs, l);
	}
	return &vr->base;
}
