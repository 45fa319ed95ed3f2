/*
 * view-search — entries matching a search (the service's q parameter: a
 * name substring of two or more characters, or a code prefix), as a list
 * that opens entries on Enter.
 *
 * The first page shows as soon as it arrives; the next page is fetched when
 * the cursor comes near the end of what is loaded.  The store holds a
 * window of pages (store.h): the view keeps row numbers, never rows, and a
 * row whose page was dropped shows as "loading..." while it is fetched
 * again.  `/` filters the rows held, which are the pages around the
 * cursor, not the whole result (a search for more words narrows it).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "i18n.h"
#include "store.h"
#include "ui-keys.h"
#include "ui-list.h"
#include "ui-theme.h"
#include "ui-width.h"
#include "view.h"
#include "xalloc.h"

/* Fetch the next page when the cursor is this close to the end. */
#define NEAR_END 10
/* The sharing column: its widest label, 不予共享, whole. */
#define SHARE_W VIEW_SHARING_SHORT_W

struct view_search {
	struct view base;
	char *q;
	size_t *rows; /* with a filter: the row numbers that match */
	size_t n_rows, cap_rows;
	struct ui_list list;
	char *filter;
	char sel[128]; /* code under the cursor, kept across refreshes */
	bool more;     /* more pages to come */
	bool to_end;   /* G: fetching every page, then onto the last row */
};

/* The list's row number of the view's row i. */
static size_t row_at(const struct view_search *vs, int i)
{
	return vs->filter[0] ? vs->rows[i] : (size_t)i;
}

/* The entry of the view's row i if its page is held. */
static const struct govdx_entry *peek_row(const struct view_search *vs,
                                          const struct store_list *l, int i)
{
	return i >= 0 && i < vs->list.n ? pages_peek(&l->rows, row_at(vs, i)) : NULL;
}

bool view_search_matches(const char *f, const struct govdx_entry *e)
{
	return ui_list_match(f, e->name, e->code) || ui_list_match(f, e->department_name, NULL);
}

/* The rows shown: every row known, or the held rows the filter matches. */
static void search_rows(struct view_search *vs, const struct store_list *l)
{
	size_t k, i;

	vs->n_rows = 0;
	if (!vs->filter[0]) {
		vs->list.n = (int)l->rows.n;
		return;
	}
	for (k = 0; k < l->rows.n_pages; k++) {
		const struct pages_page *pg = &l->rows.v[k];
		for (i = 0; pg->items && i < pg->n; i++) {
			if (!view_search_matches(vs->filter, pg->items[i]))
				continue;
			xgrow(&vs->rows, &vs->cap_rows, vs->n_rows + 1, sizeof *vs->rows);
			vs->rows[vs->n_rows++] = pg->first + i;
		}
	}
	vs->list.n = (int)vs->n_rows;
}

/* Puts the cursor back on the entry it was on (sel) when the rows moved
 * under it (a refresh, a filter), looking among the rows held. */
static void search_keep_sel(struct view_search *vs, const struct store_list *l)
{
	const struct govdx_entry *e = peek_row(vs, l, vs->list.cur);
	int i;

	if (!vs->sel[0] || (e && !strcmp(e->code, vs->sel)))
		return;
	for (i = 0; i < vs->list.n; i++) {
		size_t row = row_at(vs, i);
		const struct pages_page *pg;
		if (!vs->filter[0]) {
			/* Skip a dropped page whole. */
			pg = &l->rows.v[pages_find(&l->rows, row)];
			if (!pg->items) {
				i = (int)(pg->first + pg->n) - 1;
				continue;
			}
		}
		e = pages_peek(&l->rows, row);
		if (e && !strcmp(e->code, vs->sel)) {
			vs->list.cur = i;
			return;
		}
	}
}

static void search_recalc(struct view *v, struct app *app, struct ui_rect r)
{
	struct view_search *vs = (struct view_search *)v;
	struct store_list *l = store_search(app->store, vs->q);
	const struct govdx_entry *e;

	store_want_first(app->store, l);
	vs->more = !l->complete;
	search_rows(vs, l);
	search_keep_sel(vs, l);
	if (vs->to_end) {
		/* G: page after page until there is no next cursor; the cursor
		 * rides the last row meanwhile. */
		vs->list.cur = vs->list.n - 1;
		if (l->state == STORE_ERROR) {
			vs->to_end = false;
		} else if (l->complete) {
			vs->to_end = false;
			app_message(app, _("all %zu entries loaded"), l->rows.n);
		} else {
			store_more(app->store, l);
			app_message(app, _("loading every page: %zu entries so far (Esc stops)"),
			            l->rows.n);
		}
	}
	ui_list_fix(&vs->list, r.h - 2);
	if (vs->list.n - vs->list.cur <= NEAR_END)
		store_more(app->store, l);
	if ((e = peek_row(vs, l, vs->list.cur)))
		snprintf(vs->sel, sizeof vs->sel, "%s", e->code);
}

static void search_draw(struct view *v, struct app *app, struct ui_canvas *c, struct ui_rect r)
{
	struct view_search *vs = (struct view_search *)v;
	struct store_list *l = store_search(app->store, vs->q);
	char *title;
	int row, name_w, dept_w, code_w = 0, x;

	title = xasprintf(_(" Search \"%s\": %zu%s entries"), vs->q, l->rows.n,
	                  l->complete ? "" : "+");
	ui_canvas_text(c, r.y, r.x, r.w, UI_ROLE_TITLE, title, UI_WIDTH_LEFT);
	free(title);
	/* name | department | sharing [| code when wide] */
	if (r.w >= 110)
		code_w = 24;
	dept_w = (r.w - code_w) * 3 / 10;
	name_w = r.w - code_w - dept_w - SHARE_W - 5;
	x = r.x + 1;
	ui_canvas_text(c, r.y + 1, x, name_w, UI_ROLE_DIM, _("Name"), UI_WIDTH_LEFT);
	ui_canvas_text(c, r.y + 1, x + name_w + 1, dept_w, UI_ROLE_DIM, _("Department"),
	               UI_WIDTH_LEFT);
	ui_canvas_text(c, r.y + 1, x + name_w + dept_w + 2, SHARE_W, UI_ROLE_DIM, _("Share"),
	               UI_WIDTH_LEFT);
	if (code_w)
		ui_canvas_text(c, r.y + 1, x + name_w + dept_w + SHARE_W + 3, code_w, UI_ROLE_DIM,
		               _("Code"), UI_WIDTH_LEFT);
	for (row = 0; row < r.h - 2; row++) {
		int i = vs->list.top + row, y = r.y + 2 + row;
		const struct govdx_entry *e;
		int role;
		if (i >= vs->list.n)
			break;
		e = store_row(app->store, l, row_at(vs, i));
		if (!e) {
			/* Its page was dropped and is being fetched again. */
			ui_canvas_text(c, y, x, r.w - 2, UI_ROLE_DIM, _("loading..."),
			               UI_WIDTH_LEFT);
			if (i == vs->list.cur)
				ui_canvas_role(c, y, r.x, r.w, UI_ROLE_SELECTED);
			continue;
		}
		role = e->disputed ? UI_ROLE_DISPUTED : UI_ROLE_NORMAL;
		/* The disputed flag is a word, not only a colour (monochrome). */
		if (e->disputed) {
			char *flagged = xasprintf("异议 %s", e->name ? e->name : "");
			ui_canvas_text(c, y, x, name_w, role, flagged, UI_WIDTH_LEFT);
			free(flagged);
		} else {
			ui_canvas_text(c, y, x, name_w, role, e->name, UI_WIDTH_LEFT);
		}
		ui_canvas_text(c, y, x + name_w + 1, dept_w, UI_ROLE_NORMAL, e->department_name,
		               UI_WIDTH_LEFT);
		ui_canvas_text(c, y, x + name_w + dept_w + 2, SHARE_W, UI_ROLE_DIM,
		               view_sharing_short(e->sharing_type), UI_WIDTH_LEFT);
		if (code_w)
			ui_canvas_text(c, y, x + name_w + dept_w + SHARE_W + 3, code_w, UI_ROLE_DIM, e->code,
			               UI_WIDTH_LEFT);
		if (i == vs->list.cur)
			ui_canvas_role(c, y, r.x, r.w, UI_ROLE_SELECTED);
	}
	if (vs->list.n == 0) {
		const char *msg = l->state == STORE_ERROR ? l->error :
		                  l->state == STORE_DONE  ? _("no entries match") :
		                                            _("searching...");
		ui_canvas_text(c, r.y + 2, x, r.w - 2,
		               l->state == STORE_ERROR ? UI_ROLE_ERROR : UI_ROLE_DIM, msg,
		               UI_WIDTH_LEFT);
	} else if (!l->complete && vs->list.top + r.h - 2 > vs->list.n) {
		int y = r.y + 2 + (vs->list.n - vs->list.top);
		if (y < r.y + r.h)
			ui_canvas_text(c, y, x, r.w - 2, UI_ROLE_DIM,
			               l->state == STORE_ERROR ? l->error : _("loading more..."),
			               UI_WIDTH_LEFT);
	}
}

static int search_request(struct view *v, struct app *app, enum view_req req, const char *arg,
                          char *err, size_t errlen)
{
	struct view_search *vs = (struct view_search *)v;
	struct store_list *l = store_search(app->store, vs->q);
	const struct govdx_entry *e;

	/* Any move ends the pursuit of the last page. */
	vs->to_end = req == REQ_BOTTOM && !l->complete;
	if (ui_list_request(&vs->list, req)) {
		/* Onto a row still loading: nothing to hold the cursor to. */
		e = peek_row(vs, l, vs->list.cur);
		snprintf(vs->sel, sizeof vs->sel, "%s", e ? e->code : "");
		return 0;
	}
	switch (req) {
	case REQ_SELECT:
	case REQ_EXPAND:
		if (vs->list.cur >= vs->list.n) {
			snprintf(err, errlen, "%s", _("no entry here"));
			return -1;
		}
		if (!(e = peek_row(vs, l, vs->list.cur))) {
			snprintf(err, errlen, "%s", _("this row is still loading"));
			return -1;
		}
		app_open_entry(app, e->code);
		return 0;
	case REQ_REFRESH:
		store_refresh_list(app->store, store_search(app->store, vs->q));
		return 0;
	default:
		return -1;
	}
}

static const char *search_filter(struct view *v)
{
	return ((struct view_search *)v)->filter;
}

static void search_set_filter(struct view *v, struct app *app, const char *f)
{
	struct view_search *vs = (struct view_search *)v;

	free(vs->filter);
	vs->filter = xstrdup(f ? f : "");
	app->dirty = true;
}

static void search_crumbs(struct view *v, struct app *app, char *buf, size_t len)
{
	snprintf(buf, len, _("search › %s"), ((struct view_search *)v)->q);
}

static void search_position(struct view *v, int *cur, int *n, int *more)
{
	struct view_search *vs = (struct view_search *)v;

	*cur = vs->list.cur + 1;
	*n = vs->list.n;
	*more = vs->more;
}

static bool search_subject(struct view *v, struct app *app, char *buf, size_t len)
{
	struct view_search *vs = (struct view_search *)v;
	const struct govdx_entry *e = peek_row(vs, store_search(app->store, vs->q), vs->list.cur);

	if (!e)
		return false;
	snprintf(buf, len, "entry:%s", e->code);
	return true;
}

static void search_free(struct view *v)
{
	struct view_search *vs = (struct view_search *)v;

	free(vs->q);
	free(vs->rows);
	free(vs->filter);
	free(vs);
}

/* Esc while G loads every page stops it, and the view stays. */
static bool search_key(struct view *v, struct app *app, int key)
{
	struct view_search *vs = (struct view_search *)v;

	if (!vs->to_end || (key != UI_KEY_ESC && key != UI_KEY_CTRL_C))
		return false;
	vs->to_end = false;
	app_message(app, _("stopped: %zu entries loaded"), store_search(app->store, vs->q)->rows.n);
	return true;
}

static bool search_list(struct view *v, struct app *app, struct view_list *out)
{
	struct view_search *vs = (struct view_search *)v;

	memset(out, 0, sizeof *out);
	out->what = VIEW_LIST_SEARCH;
	out->q = vs->q;
	out->filter = vs->filter;
	return true;
}

static const struct view_ops search_ops = {
	.list = search_list,
	.key = search_key,
	.name = "search",
	.recalc = search_recalc,
	.draw = search_draw,
	.request = search_request,
	.filter = search_filter,
	.set_filter = search_set_filter,
	.crumbs = search_crumbs,
	.position = search_position,
	.free = search_free,
	.subject = search_subject,
};

struct view *view_search_new(struct app *app, const char *q)
{
	struct view_search *vs = xcalloc(1, sizeof *vs);

	vs->base.ops = &search_ops;
	vs->q = xstrdup(q);
	vs->filter = xstrdup("");
	return &vs->base;
}
