/*
 * view-request — one sharing request in full: every field of the request
 * object, what can be done with it now, and its history from the audit
 * trail (GET /v1/audit?subject=request:ID) as a table of time, actor,
 * action, from → to and reason.
 *
 * The request and its history come from the reqstore, which the long poll
 * keeps current, so a decision taken elsewhere shows here at once.  The
 * entry row links to the entry (Enter opens it).  The decisions (a
 * approve, x reject, ...) act on the request shown.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "batch.h"
#include "reqstore.h"
#include "ui-list.h"
#include "ui-text.h"
#include "ui-theme.h"
#include "ui-width.h"
#include "view.h"
#include "xalloc.h"

#define LABEL_W 15

struct view_request {
	struct view base;
	char *id;
	struct ui_text text;
	size_t *shown;
	size_t n_shown, cap_shown;
	struct ui_list list;
	char *filter;
};

/* Texts fitted to exact columns and joined with one space. */
static char *columns(int n, const char *const *texts, const int *widths)
{
	char *out = xstrdup(""), *s, *next;
	int i;

	for (i = 0; i < n; i++) {
		int w = widths[i] < 1 ? 1 : widths[i];
		wchar_t *buf = xcalloc((size_t)w + 1, sizeof *buf);
		ui_width_fit_utf8(texts[i] ? texts[i] : "", w, UI_WIDTH_LEFT, buf, (size_t)w + 1);
		s = ui_width_to_utf8(buf);
		next = xasprintf("%s%s%s", out, i ? " " : "", s);
		free(out);
		free(s);
		free(buf);
		out = next;
	}
	return out;
}

static void short_time(const char *iso, char *buf, size_t len)
{
	snprintf(buf, len, "%.16s", iso ? iso : "-");
	if (strlen(buf) > 10 && buf[10] == 'T')
		buf[10] = ' ';
}

/* The actions that fit the state, as keys to press. */
static const char *actions_for(const struct govdx_request *r)
{
	switch (r->state) {
	case GOVDX_REQUEST_PENDING:
		return "provider: a approve, x reject, b return · requester: w withdraw";
	case GOVDX_REQUEST_RETURNED:
		return "requester: u resubmit, w withdraw";
	case GOVDX_REQUEST_REJECTED:
		return "requester: e escalate to the data authority";
	case GOVDX_REQUEST_COORDINATING:
		return "authority: a approve, c close (with a reason)";
	default:
		return "none: the request is finished";
	}
}

static void history(struct ui_text *t, const struct reqstore_item *it)
{
	int w = t->width, rest;
	int widths[5] = { 16, 16, 9, 0, 0 };
	size_t i;
	char *row, head[64];

	/* time | actor | action | from → to | reason (what is left, or below) */
	rest = w - 16 - 16 - 9 - 3;
	widths[3] = rest >= 46 ? 24 : rest;
	widths[4] = rest - widths[3] - 1;
	snprintf(head, sizeof head, "History (%zu)", it->n_events);
	ui_text_line(t, UI_ROLE_TITLE, head, NULL);
	{
		const char *h[5] = { "Time", "Actor", "Action", "From -> to", "Reason" };
		row = columns(widths[4] >= 8 ? 5 : 4, h, widths);
		ui_text_line(t, UI_ROLE_DIM, row, NULL);
		free(row);
	}
	for (i = 0; i < it->n_events; i++) {
		const struct govdx_audit_event *e = &it->events[i];
		char when[32], fromto[128];
		const char *v[5];
		short_time(e->at, when, sizeof when);
		snprintf(fromto, sizeof fromto, "%s -> %s", e->from_state ? e->from_state : "(new)",
		         e->to_state ? e->to_state : "?");
		v[0] = when;
		v[1] = e->actor;
		v[2] = e->action;
		v[3] = fromto;
		v[4] = e->reason;
		if (widths[4] >= 8 && (!e->reason || ui_width_utf8(e->reason) <= widths[4])) {
			row = columns(5, v, widths);
			ui_text_line(t, UI_ROLE_NORMAL, row, NULL);
			free(row);
		} else {
			row = columns(4, v, widths);
			ui_text_line(t, UI_ROLE_NORMAL, row, NULL);
			free(row);
			if (e->reason && *e->reason) {
				char **lines;
				size_t n = ui_text_wrap(e->reason, w - 4, &lines), k;
				for (k = 0; k < n; k++) {
					row = xasprintf("    %s", lines[k]);
					ui_text_line(t, UI_ROLE_DIM, row, NULL);
					free(row);
					free(lines[k]);
				}
				free(lines);
			}
		}
	}
	if (it->audit_state == STORE_LOADING && !it->n_events)
		ui_text_line(t, UI_ROLE_DIM, "loading...", NULL);
	else if (it->audit_state == STORE_ERROR)
		ui_text_para(t, UI_ROLE_ERROR, it->audit_error);
}

static void describe(struct app *app, struct ui_text *t, const struct reqstore_item *it)
{
	const struct govdx_request *r = it->r;
	char buf[1024], days[32];
	int role;
	size_t i, used, first;

	snprintf(buf, sizeof buf, "%s  %s", r->id, r->state_name ? r->state_name : "?");
	ui_text_line(t, UI_ROLE_TITLE, buf, NULL);
	if (it->result)
		ui_text_field(t, "Last action", it->result, UI_ROLE_ERROR);
	ui_text_field(t, "State", r->state_name, UI_ROLE_NORMAL);
	if (r->has_deadline) {
		view_days_left(r, days, sizeof days, &role);
		if (r->working_days_left == GOVDX_NO_DAYS_LEFT)
			snprintf(buf, sizeof buf, "%s", r->deadline);
		else if (r->working_days_left < 0)
			snprintf(buf, sizeof buf, "%s (overdue by %d working days!)", r->deadline,
			         -r->working_days_left);
		else
			snprintf(buf, sizeof buf, "%s (%d working days left%s)", r->deadline,
			         r->working_days_left, r->due_soon ? ", due soon!" : "");
		ui_text_field(t, "Deadline", buf, role == UI_ROLE_DIM ? UI_ROLE_NORMAL : role);
	} else {
		ui_text_field(t, "Deadline", "-", UI_ROLE_NORMAL);
	}
	ui_text_field(t, "Can be done", actions_for(r), UI_ROLE_NORMAL);
	snprintf(buf, sizeof buf, "%s  %s", r->entry_code ? r->entry_code : "",
	         r->entry_name ? r->entry_name : "");
	first = t->n;
	ui_text_field(t, "Entry", buf, UI_ROLE_NORMAL);
	/* The entry's rows open it. */
	for (i = first; i < t->n && r->entry_code; i++) {
		free(t->rows[i].link);
		t->rows[i].link = xstrdup(r->entry_code);
	}
	snprintf(buf, sizeof buf, "%s (%s, platform %s)",
	         r->provider_department_name ? r->provider_department_name : "-",
	         r->provider_department ? r->provider_department : "-", r->provider_platform);
	ui_text_field(t, "Provider", buf, UI_ROLE_NORMAL);
	snprintf(buf, sizeof buf, "%s (%s, platform %s)",
	         r->requester_department_name ? r->requester_department_name : "-",
	         r->requester_department ? r->requester_department : "-", r->requester_platform);
	ui_text_field(t, "Requester", buf, UI_ROLE_NORMAL);
	ui_text_field(t, "Filed by", r->requester_user, UI_ROLE_NORMAL);
	ui_text_field(t, "Purpose", r->purpose, UI_ROLE_NORMAL);
	ui_text_field(t, "Legal basis", r->legal_basis, UI_ROLE_NORMAL);
	buf[0] = '\0';
	used = 0;
	for (i = 0; i < r->n_items && used < sizeof buf; i++)
		used += (size_t)snprintf(buf + used, sizeof buf - used, "%s%s", i ? "、" : "",
		                         r->items[i]);
	ui_text_field(t, "Items", buf, UI_ROLE_NORMAL);
	snprintf(buf, sizeof buf, "%s to %s", r->period_from, r->period_to);
	ui_text_field(t, "Period", buf, UI_ROLE_NORMAL);
	ui_text_field(t, "Reason", r->reason, UI_ROLE_NORMAL);
	if (r->decided_by) {
		char when[32];
		short_time(r->decided_at, when, sizeof when);
		snprintf(buf, sizeof buf, "%s at %s", r->decided_by, when);
		ui_text_field(t, "Decided by", buf, UI_ROLE_NORMAL);
	}
	short_time(r->created_at, days, sizeof days);
	ui_text_field(t, "Created", days, UI_ROLE_NORMAL);
	short_time(r->updated_at, days, sizeof days);
	snprintf(buf, sizeof buf, "%s (version %ld)", days, r->version);
	ui_text_field(t, "Updated", buf, UI_ROLE_NORMAL);
	ui_text_line(t, UI_ROLE_NORMAL, "", NULL);
	history(t, it);
}

static void rq_recalc(struct view *v, struct app *app, struct ui_rect r)
{
	struct view_request *vq = (struct view_request *)v;
	struct reqstore_item *it = reqstore_item(app->reqs, vq->id);
	size_t i;

	reqstore_want_item(app->reqs, it);
	reqstore_want_audit(app->reqs, it);
	it->marked = false;
	ui_text_reset(&vq->text, r.w - 2, LABEL_W);
	if (it->r) {
		describe(app, &vq->text, it);
	} else if (it->state == STORE_ERROR) {
		ui_text_line(&vq->text, UI_ROLE_TITLE, vq->id, NULL);
		ui_text_para(&vq->text, UI_ROLE_ERROR,
		             it->not_found ? "No request with this id is visible to you." : it->error);
	} else {
		ui_text_line(&vq->text, UI_ROLE_TITLE, vq->id, NULL);
		ui_text_line(&vq->text, UI_ROLE_DIM, "loading...", NULL);
	}
	vq->n_shown = 0;
	for (i = 0; i < vq->text.n; i++) {
		const struct ui_text_row *row = &vq->text.rows[i];
		if (vq->filter[0] && !ui_list_match(vq->filter, row->text, row->label))
			continue;
		xgrow(&vq->shown, &vq->cap_shown, vq->n_shown + 1, sizeof *vq->shown);
		vq->shown[vq->n_shown++] = i;
	}
	vq->list.n = (int)vq->n_shown;
	ui_list_fix(&vq->list, r.h - 1);
}

static void rq_draw(struct view *v, struct app *app, struct ui_canvas *c, struct ui_rect r)
{
	struct view_request *vq = (struct view_request *)v;
	int row;
	char title[128];

	snprintf(title, sizeof title, " Request %s", vq->id);
	ui_canvas_text(c, r.y, r.x, r.w, UI_ROLE_TITLE, title, UI_WIDTH_LEFT);
	for (row = 0; row < r.h - 1; row++) {
		int i = vq->list.top + row;
		if (i >= (int)vq->n_shown)
			break;
		ui_text_draw_row(c, r.y + 1 + row, r.x + 1, r.w - 2, &vq->text, vq->shown[i],
		                 i == vq->list.cur ? UI_ROLE_SELECTED : -1);
		if (i == vq->list.cur)
			ui_canvas_role(c, r.y + 1 + row, r.x, r.w, UI_ROLE_SELECTED);
	}
}

static int rq_request(struct view *v, struct app *app, enum view_req req, const char *arg,
                      char *err, size_t errlen)
{
	struct view_request *vq = (struct view_request *)v;
	struct reqstore_item *it = reqstore_item(app->reqs, vq->id);
	const struct ui_text_row *row;

	if (ui_list_request(&vq->list, req))
		return 0;
	switch (req) {
	case REQ_SELECT:
	case REQ_EXPAND:
		if (vq->list.cur >= (int)vq->n_shown)
			return -1;
		row = &vq->text.rows[vq->shown[vq->list.cur]];
		if (!row->link) {
			snprintf(err, errlen, "nothing to open here: the Entry row opens the entry");
			return -1;
		}
		app_open_entry(app, row->link);
		return 0;
	case REQ_REFRESH:
		reqstore_refresh_item(app->reqs, it);
		reqstore_refresh_audit(app->reqs, it);
		app_message(app, "refreshing");
		return 0;
	default:
		return -1;
	}
}

static const char *rq_filter(struct view *v)
{
	return ((struct view_request *)v)->filter;
}

static void rq_set_filter(struct view *v, struct app *app, const char *f)
{
	struct view_request *vq = (struct view_request *)v;

	free(vq->filter);
	vq->filter = xstrdup(f ? f : "");
	vq->list.cur = vq->list.top = 0;
	app->dirty = true;
}

static void rq_crumbs(struct view *v, struct app *app, char *buf, size_t len)
{
	struct view_request *vq = (struct view_request *)v;
	struct reqstore_item *it = reqstore_find(app->reqs, vq->id);

	if (it && it->r && it->r->entry_name)
		snprintf(buf, len, "requests › %s › %s", vq->id, it->r->entry_name);
	else
		snprintf(buf, len, "requests › %s", vq->id);
}

static void rq_position(struct view *v, int *cur, int *n, int *more)
{
	struct view_request *vq = (struct view_request *)v;

	*cur = vq->list.cur + 1;
	*n = vq->list.n;
	*more = 0;
}

static bool rq_subject(struct view *v, struct app *app, char *buf, size_t len)
{
	snprintf(buf, len, "request:%s", ((struct view_request *)v)->id);
	return true;
}

static void rq_free(struct view *v)
{
	struct view_request *vq = (struct view_request *)v;

	free(vq->id);
	ui_text_free(&vq->text);
	free(vq->shown);
	free(vq->filter);
	free(vq);
}

static const struct view_ops request_ops = {
	.name = "request",
	.recalc = rq_recalc,
	.draw = rq_draw,
	.request = rq_request,
	.filter = rq_filter,
	.set_filter = rq_set_filter,
	.crumbs = rq_crumbs,
	.position = rq_position,
	.free = rq_free,
	.subject = rq_subject,
};

struct view *view_request_new(struct app *app, const char *id)
{
	struct view_request *vq = xcalloc(1, sizeof *vq);
	struct reqstore_item *it = reqstore_item(app->reqs, id);

	vq->base.ops = &request_ops;
	vq->id = xstrdup(id);
	vq->filter = xstrdup("");
	/* Opened again: show what is current. */
	if (it->state == STORE_DONE)
		reqstore_refresh_item(app->reqs, it);
	if (it->audit_state == STORE_DONE || it->audit_state == STORE_ERROR)
		reqstore_refresh_audit(app->reqs, it);
	return &vq->base;
}
