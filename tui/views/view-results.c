/*
 * view-results — the decisions of the last batch, one row each: the
 * request, and what became of the decision (sent, done, or why it failed:
 * who decided first, an action the state does not allow, a missing
 * reason).  The status line can only sum a batch up; this lists it whole.
 *
 * Rows link to their request (Enter opens it), and a decision command
 * typed here acts on the request under the cursor, so a failed row can be
 * looked at and decided again from the list.  The rows are rebuilt from
 * the batch on every frame, so answers still arriving show at once.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "batch.h"
#include "i18n.h"
#include "ui-list.h"
#include "ui-text.h"
#include "ui-theme.h"
#include "ui-width.h"
#include "view.h"
#include "xalloc.h"

#define LABEL_W 12

struct view_results {
	struct view base;
	struct ui_text text;
	size_t *shown;
	size_t n_shown, cap_shown;
	struct ui_list list;
	char *filter;
};

static void describe(struct app *app, struct ui_text *t)
{
	const struct batch *b = app->batch;
	size_t i, ok = 0, bad = 0, sending = 0;
	char buf[600];

	if (!b) {
		ui_text_para(t, UI_ROLE_DIM,
		             _("No decisions have been sent in this session.  Tag requests or "
		               "objections in their queue (t), then ; and a decision key."));
		return;
	}
	for (i = 0; i < batch_count(b); i++) {
		const struct batch_decision *d = batch_get(b, i);
		ok += d->state == BATCH_DONE;
		bad += d->state == BATCH_FAILED;
		sending += d->state == BATCH_SENDING || d->state == BATCH_STAGED;
	}
	snprintf(buf, sizeof buf, _("%s: %zu %s, %zu failed%s"), batch_action(b), ok,
	         _(case_past(batch_action(b))), bad, sending ? _(", waiting for answers") : "");
	ui_text_line(t, UI_ROLE_TITLE, buf, NULL);
	ui_text_field(t, _("Reason"), batch_reason(b), UI_ROLE_NORMAL);
	if (batch_retryable(b))
		ui_text_para(t, UI_ROLE_WARN,
		             _(":retry sends the decisions that could not reach the service again, "
		               "with the same idempotency keys."));
	ui_text_line(t, UI_ROLE_NORMAL, "", NULL);
	for (i = 0; i < batch_count(b); i++) {
		const struct batch_decision *d = batch_get(b, i);
		size_t first = t->n, k;
		int role = d->state == BATCH_FAILED ? UI_ROLE_ERROR :
		           d->state == BATCH_DONE   ? UI_ROLE_NORMAL :
		                                      UI_ROLE_DIM;
		if (d->state == BATCH_DONE)
			snprintf(buf, sizeof buf, "%s", _(case_past(batch_action(b))));
		else if (d->state == BATCH_FAILED)
			snprintf(buf, sizeof buf, _("failed: %s"), d->error ? d->error : "?");
		else
			snprintf(buf, sizeof buf, "%s", _("sending..."));
		ui_text_field(t, d->id, buf, role);
		for (k = first; k < t->n; k++) {
			free(t->rows[k].link);
			t->rows[k].link = xstrdup(d->id);
		}
	}
}

static void res_recalc(struct view *v, struct app *app, struct ui_rect r)
{
	struct view_results *vr = (struct view_results *)v;
	size_t i;

	ui_text_reset(&vr->text, r.w - 2, LABEL_W);
	describe(app, &vr->text);
	vr->n_shown = 0;
	for (i = 0; i < vr->text.n; i++) {
		const struct ui_text_row *row = &vr->text.rows[i];
		if (vr->filter[0] && !ui_list_match(vr->filter, row->text, row->link))
			continue;
		xgrow(&vr->shown, &vr->cap_shown, vr->n_shown + 1, sizeof *vr->shown);
		vr->shown[vr->n_shown++] = i;
	}
	vr->list.n = (int)vr->n_shown;
	ui_list_fix(&vr->list, r.h - 1);
}

static void res_draw(struct view *v, struct app *app, struct ui_canvas *c, struct ui_rect r)
{
	struct view_results *vr = (struct view_results *)v;
	int row;

	ui_canvas_text(c, r.y, r.x, r.w, UI_ROLE_TITLE, _(" Results of the last decisions"),
	               UI_WIDTH_LEFT);
	for (row = 0; row < r.h - 1; row++) {
		int i = vr->list.top + row;
		if (i >= (int)vr->n_shown)
			break;
		ui_text_draw_row(c, r.y + 1 + row, r.x + 1, r.w - 2, &vr->text, vr->shown[i],
		                 i == vr->list.cur ? UI_ROLE_SELECTED : -1);
		if (i == vr->list.cur)
			ui_canvas_role(c, r.y + 1 + row, r.x, r.w, UI_ROLE_SELECTED);
	}
}

static const char *cur_link(struct view_results *vr)
{
	if (vr->list.cur >= (int)vr->n_shown)
		return NULL;
	return vr->text.rows[vr->shown[vr->list.cur]].link;
}

static int res_request(struct view *v, struct app *app, enum view_req req, const char *arg,
                       char *err, size_t errlen)
{
	struct view_results *vr = (struct view_results *)v;
	const char *id;

	if (ui_list_request(&vr->list, req))
		return 0;
	switch (req) {
	case REQ_SELECT:
	case REQ_EXPAND:
		id = cur_link(vr);
		if (!id) {
			snprintf(err, errlen, "%s",
			         _("move onto a request or objection to open it"));
			return -1;
		}
		app_open_case(app, id);
		return 0;
	case REQ_REFRESH:
		return 0;
	default:
		return -1;
	}
}

static const char *res_filter(struct view *v)
{
	return ((struct view_results *)v)->filter;
}

static void res_set_filter(struct view *v, struct app *app, const char *f)
{
	struct view_results *vr = (struct view_results *)v;

	free(vr->filter);
	vr->filter = xstrdup(f ? f : "");
	vr->list.cur = vr->list.top = 0;
	app->dirty = true;
}

static void res_crumbs(struct view *v, struct app *app, char *buf, size_t len)
{
	snprintf(buf, len, _("%s › results"),
	         _(app->batch ? batch_kind(app->batch)->plural : "requests"));
}

static void res_position(struct view *v, int *cur, int *n, int *more)
{
	struct view_results *vr = (struct view_results *)v;

	*cur = vr->list.cur + 1;
	*n = vr->list.n;
	*more = 0;
}

static bool res_subject(struct view *v, struct app *app, char *buf, size_t len)
{
	const char *id = cur_link((struct view_results *)v);

	if (!id)
		return false;
	snprintf(buf, len, "%s:%s", case_kind_of_id(id) ? case_kind_of_id(id)->name : "request", id);
	return true;
}

static void res_free(struct view *v)
{
	struct view_results *vr = (struct view_results *)v;

	ui_text_free(&vr->text);
	free(vr->shown);
	free(vr->filter);
	free(vr);
}

static const struct view_ops results_ops = {
	.name = "results",
	.recalc = res_recalc,
	.draw = res_draw,
	.request = res_request,
	.filter = res_filter,
	.set_filter = res_set_filter,
	.crumbs = res_crumbs,
	.position = res_position,
	.free = res_free,
	.subject = res_subject,
};

struct view *view_results_new(struct app *app)
{
	struct view_results *vr = xcalloc(1, sizeof *vr);

	vr->base.ops = &results_ops;
	vr->filter = xstrdup("");
	return &vr->base;
}
