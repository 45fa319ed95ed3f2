/*
 * view-revisions — the published revisions of one entry (`history`,
 * opened by H on an entry): one row each, newest first, with its number,
 * when and by whom it was published and the entry's name in it; Enter
 * opens the revision with what it changed (view-diff.c).
 *
 * The view owns its one call (GET /v1/entries/{code}/revisions) and
 * cancels it when it closes, so a late answer is harmless; R fetches the
 * list again.  The client is the app's: views are freed before it is.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <govdx.h>

#include "app.h"
#include "case.h"
#include "i18n.h"
#include "ui-list.h"
#include "ui-text.h"
#include "ui-theme.h"
#include "view-catalog.h"
#include "view.h"
#include "xalloc.h"

struct view_history {
	struct view base;
	struct app *app;
	char *code;
	struct govdx_client *client; /* the call's */
	govdx_call_id call;
	struct govdx_entry_revision_page *page;
	char error[512];
	struct ui_text text;
	size_t *shown;
	size_t n_shown, cap_shown;
	struct ui_list list;
	char *filter;
};

static void fetch(struct view_history *vh, struct app *app);

static void history_cb(void *arg, const struct govdx_error *err,
                       struct govdx_entry_revision_page *p)
{
	struct view_history *vh = arg;

	vh->call = 0;
	if (err) {
		snprintf(vh->error, sizeof vh->error, "%s", err->message);
		app_failure(vh->app, err, NULL);
	} else {
		govdx_entry_revision_page_free(vh->page);
		vh->page = p;
		vh->error[0] = '\0';
	}
	vh->app->dirty = true;
}

static void fetch(struct view_history *vh, struct app *app)
{
	if (vh->call || !app->client)
		return;
	vh->client = app->client;
	vh->error[0] = '\0';
	vh->call = govdx_entry_revisions(app->client, vh->code, NULL, history_cb, vh);
}

static void history_recalc(struct view *v, struct app *app, struct ui_rect r)
{
	struct view_history *vh = (struct view_history *)v;
	char buf[512], when[32], num[24];
	size_t i;

	ui_text_reset(&vh->text, r.w - 2, 8);
	if (!vh->page && vh->error[0]) {
		ui_text_para(&vh->text, UI_ROLE_ERROR, vh->error);
	} else if (!vh->page) {
		ui_text_line(&vh->text, UI_ROLE_DIM, _("loading..."), NULL);
	} else if (vh->page->n == 0) {
		ui_text_line(&vh->text, UI_ROLE_DIM, _("no published revision"), NULL);
	}
	for (i = 0; vh->page && i < vh->page->n; i++) {
		const struct govdx_entry_revision *er = &vh->page->items[i];
		if (er->published_at)
			case_short_time(er->published_at, when, sizeof when);
		else
			snprintf(when, sizeof when, "%s", _("(loaded)"));
		snprintf(buf, sizeof buf, "r%-3ld %-16s  %-16s  %s%s", er->number, when,
		         er->published_by ? er->published_by : "-", er->name ? er->name : "",
		         i == 0 ? _("  (current)") : "");
		ui_text_line(&vh->text, i == 0 ? UI_ROLE_NORMAL : UI_ROLE_DIM, buf, NULL);
		snprintf(num, sizeof num, "%ld", er->number);
		vh->text.rows[vh->text.n - 1].item = xstrdup(num);
	}
	vh->n_shown = 0;
	for (i = 0; i < vh->text.n; i++) {
		if (vh->filter[0] && !ui_list_match(vh->filter, vh->text.rows[i].text, NULL))
			continue;
		xgrow(&vh->shown, &vh->cap_shown, vh->n_shown + 1, sizeof *vh->shown);
		vh->shown[vh->n_shown++] = i;
	}
	vh->list.n = (int)vh->n_shown;
	ui_list_fix(&vh->list, r.h - 2);
}

static void history_draw(struct view *v, struct app *app, struct ui_canvas *c, struct ui_rect r)
{
	struct view_history *vh = (struct view_history *)v;
	char title[256];
	int row;

	(void)app;
	snprintf(title, sizeof title, _(" Revisions of %s"), vh->code);
	ui_canvas_text(c, r.y, r.x, r.w, UI_ROLE_TITLE, title, UI_WIDTH_LEFT);
	ui_canvas_text(c, r.y + 1, r.x + 1, r.w - 2, UI_ROLE_DIM,
	               _("No.  Published         By                Name"), UI_WIDTH_LEFT);
	for (row = 0; row < r.h - 2; row++) {
		int i = vh->list.top + row;
		if (i >= (int)vh->n_shown)
			break;
		ui_text_draw_row(c, r.y + 2 + row, r.x + 1, r.w - 2, &vh->text, vh->shown[i],
		                 i == vh->list.cur ? UI_ROLE_SELECTED : -1);
		if (i == vh->list.cur)
			ui_canvas_role(c, r.y + 2 + row, r.x, r.w, UI_ROLE_SELECTED);
	}
}

static int history_request(struct view *v, struct app *app, enum view_req req, const char *arg,
                           char *err, size_t errlen)
{
	struct view_history *vh = (struct view_history *)v;
	const struct ui_text_row *row;

	(void)arg;
	if (ui_list_request(&vh->list, req))
		return 0;
	switch (req) {
	case REQ_SELECT:
	case REQ_EXPAND:
		if (vh->list.cur >= (int)vh->n_shown)
			return -1;
		row = &vh->text.rows[vh->shown[vh->list.cur]];
		if (!row->item) {
			snprintf(err, errlen, "%s", _("no revision here"));
			return -1;
		}
		app_push(app, view_diff_new_entry(app, vh->code, atol(row->item)));
		return 0;
	case REQ_REFRESH:
		fetch(vh, app);
		return 0;
	default:
		return -1;
	}
}

static const char *history_filter(struct view *v)
{
	return ((struct view_history *)v)->filter;
}

static void history_set_filter(struct view *v, struct app *app, const char *f)
{
	struct view_history *vh = (struct view_history *)v;

	free(vh->filter);
	vh->filter = xstrdup(f ? f : "");
	vh->list.cur = vh->list.top = 0;
	app->dirty = true;
}

static void history_crumbs(struct view *v, struct app *app, char *buf, size_t len)
{
	(void)app;
	snprintf(buf, len, _("%s › revisions"), ((struct view_history *)v)->code);
}

static void history_position(struct view *v, int *cur, int *n, int *more)
{
	struct view_history *vh = (struct view_history *)v;

	*cur = vh->list.cur + 1;
	*n = vh->list.n;
	*more = 0;
}

static bool history_subject(struct view *v, struct app *app, char *buf, size_t len)
{
	(void)app;
	snprintf(buf, len, "entry:%s", ((struct view_history *)v)->code);
	return true;
}

static void history_free(struct view *v)
{
	struct view_history *vh = (struct view_history *)v;

	if (vh->call)
		govdx_cancel(vh->client, vh->call);
	govdx_entry_revision_page_free(vh->page);
	free(vh->code);
	ui_text_free(&vh->text);
	free(vh->shown);
	free(vh->filter);
	free(vh);
}

static const struct view_ops history_ops = {
	.name = "history",
	.recalc = history_recalc,
	.draw = history_draw,
	.request = history_request,
	.filter = history_filter,
	.set_filter = history_set_filter,
	.crumbs = history_crumbs,
	.position = history_position,
	.free = history_free,
	.subject = history_subject,
};

struct view *view_history_new(struct app *app, const char *code)
{
	struct view_history *vh = xcalloc(1, sizeof *vh);

	vh->base.ops = &history_ops;
	vh->app = app;
	vh->code = xstrdup(code);
	vh->filter = xstrdup("");
	fetch(vh, app);
	return &vh->base;
}
