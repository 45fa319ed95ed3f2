/*
 * view-cases — a queue of cases of one kind (case.h): sharing requests
 * (boxes inbox, outbox, all) or objections (helpdesk, provider, raised,
 * all), with an optional state filter, in deadline order as the service
 * sorts it.  One code for both kinds; the view is named "requests" or
 * "objections" so that each has its own key bindings.
 *
 * Columns (80 wide): marks, id, state, working days left, the kind's extra
 * column (an objection's kind), entry name, the other department.  The
 * marks column says `*` for a tagged row and `N` for a row that arrived or
 * changed live (until the cursor moves onto it); the days column ends in
 * `!` when the deadline is near (0-2 working days) or past, and is drawn in
 * the due_soon / overdue roles — so neither mark depends on colour; it
 * starts with `≈` when the deadline is provisional (counted by the statute
 * for a year whose holiday notice is not imported yet).  Rows
 * come from the casestore, which the long poll keeps current; more pages
 * load as the cursor nears the end.  The casestore holds a window of pages
 * of a queue (casestore.h): the view keeps row numbers, never cases, and a
 * row whose page was dropped shows as "loading..." while it is fetched
 * again.  `/` filters the rows held (id, state, entry, departments, kind),
 * the pages around the cursor; tagged rows the filter hides still count,
 * and the `;` confirmation says how many.
 *
 * Invariant: rows are rebuilt from the casestore on every recalc and the
 * cursor follows its case by id (sel) among the rows held, so live
 * arrivals above it never move it to another case; only a decision taken
 * on the case under it moves it, on to the next row (view_cases_step_past).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "casestore.h"
#include "i18n.h"
#include "ui-keys.h"
#include "ui-list.h"
#include "ui-theme.h"
#include "ui-width.h"
#include "view-case-fields.h"
#include "view.h"
#include "xalloc.h"

#define NEAR_END 10

struct view_cases {
	struct view base;
	const struct case_kind *kind;
	char *box, *state;
	char *entry; /* "" or the entry whose cases alone are shown */
	char *overdue_of; /* "" or the department whose overdue cases alone are shown */
	char *overdue_name; /* ... its name, for the title */
	size_t *rows; /* with a filter: the queue's row numbers that match */
	size_t n_rows, cap_rows;
	struct ui_list list;
	char *filter;
	char sel[64]; /* id under the cursor */
	char below[64], above[64]; /* ids of the rows beside it, as last shown */
	bool more;
	bool to_end; /* G: fetching every page, then onto the last row */
};

/* The department on the other side of the caller. */
static const char *side_of(const struct case_kind *k, const char *box, struct app *app,
                           const struct case_info *c)
{
	const char *mine = app->me ? app->me->department_code : NULL;

	switch (k->side(box)) {
	case CASE_SIDE_OTHER:
		return c->other_department_name;
	case CASE_SIDE_PROVIDER:
		return c->provider_department_name;
	default:
		if (mine && c->provider_department && !strcmp(mine, c->provider_department))
			return c->other_department_name;
		return c->provider_department_name;
	}
}

static const char *side_head(const struct view_cases *vc)
{
	switch (vc->kind->side(vc->box)) {
	case CASE_SIDE_OTHER:
		return _(vc->kind->other_label);
	case CASE_SIDE_PROVIDER:
		return _("Provider");
	default:
		return _("Other side");
	}
}

static const char *other_side(const struct view_cases *vc, struct app *app,
                              const struct case_info *c)
{
	return side_of(vc->kind, vc->box, app, c);
}

/* What the row shows matches: id, state (as sent and in words), entry, the
 * department in the last column (not the one the box hides: in the inbox
 * the provider is always the user's own), the kind's column. */
bool view_cases_matches(const struct case_kind *k, const char *box, struct app *app,
                        const char *f, const void *obj)
{
	struct case_info c;

	k->info(obj, &c);
	return ui_list_match(f, c.id, c.state) || ui_list_match(f, case_state_label(c.state), NULL) ||
	       ui_list_match(f, c.entry_name, c.entry_code) ||
	       ui_list_match(f, side_of(k, box, app, &c), NULL) ||
	       (k->extra && ui_list_match(f, k->extra(obj), NULL));
}

static bool row_matches(const struct view_cases *vc, struct app *app, const char *f,
                        const struct casestore_item *it)
{
	return view_cases_matches(vc->kind, vc->box, app, f, it->obj);
}

static struct casestore_list *queue(struct view_cases *vc, struct app *app)
{
	return casestore_list_narrow(app->cases, vc->kind, vc->box, vc->state, vc->entry,
	                             vc->overdue_of);
}

/* The queue's row number of the view's row i. */
static size_t row_at(const struct view_cases *vc, int i)
{
	return vc->filter[0] ? vc->rows[i] : (size_t)i;
}

/* The id of the view's row i if its page is held (not counted as read). */
static const char *peek_id(const struct view_cases *vc, const struct casestore_list *l, int i)
{
	return i >= 0 && i < vc->list.n ? pages_peek(&l->ids, row_at(vc, i)) : NULL;
}

/* The case of the view's row i, read now (NULL while its page is fetched
 * again, or while the case is not known). */
static struct casestore_item *item_at(const struct view_cases *vc, struct app *app,
                                      struct casestore_list *l, int i)
{
	struct casestore_item *it;

	if (i < 0 || i >= vc->list.n)
		return NULL;
	it = casestore_row(app->cases, l, row_at(vc, i));
	return it && it->obj ? it : NULL;
}

/* The rows shown: every row known, or the held rows the filter matches. */
static void cases_rows(struct view_cases *vc, struct app *app, const struct casestore_list *l)
{
	size_t k, i;

	vc->n_rows = 0;
	if (!vc->filter[0]) {
		vc->list.n = (int)l->ids.n;
		return;
	}
	for (k = 0; k < l->ids.n_pages; k++) {
		const struct pages_page *pg = &l->ids.v[k];
		for (i = 0; pg->items && i < pg->n; i++) {
			const struct casestore_item *it = casestore_find(app->cases, pg->items[i]);
			if (!it || !it->obj || !row_matches(vc, app, vc->filter, it))
				continue;
			xgrow(&vc->rows, &vc->cap_rows, vc->n_rows + 1, sizeof *vc->rows);
			vc->rows[vc->n_rows++] = pg->first + i;
		}
	}
	vc->list.n = (int)vc->n_rows;
}

/* Puts the cursor back on its case (sel) when the rows moved under it (a
 * live arrival, a refresh, a filter), looking among the rows held. */
static void cases_keep_sel(struct view_cases *vc, const struct casestore_list *l)
{
	const char *id = peek_id(vc, l, vc->list.cur);
	int i;

	if (!vc->sel[0] || (id && !strcmp(id, vc->sel)))
		return;
	for (i = 0; i < vc->list.n; i++) {
		size_t row = row_at(vc, i);
		if (!vc->filter[0]) {
			/* Skip a dropped page whole. */
			const struct pages_page *pg = &l->ids.v[pages_find(&l->ids, row)];
			if (!pg->items) {
				i = (int)(pg->first + pg->n) - 1;
				continue;
			}
		}
		id = pages_peek(&l->ids, row);
		if (id && !strcmp(id, vc->sel)) {
			vc->list.cur = i;
			return;
		}
	}
}

static void cases_recalc(struct view *v, struct app *app, struct ui_rect r)
{
	struct view_cases *vc = (struct view_cases *)v;
	struct casestore_list *l = queue(vc, app);
	const char *id;

	casestore_want_first(app->cases, l);
	vc->more = !l->complete;
	cases_rows(vc, app, l);
	cases_keep_sel(vc, l);
	if (vc->to_end) {
		/* G: page after page until there is no next cursor. */
		vc->list.cur = vc->list.n - 1;
		if (l->state == STORE_ERROR) {
			vc->to_end = false;
		} else if (l->complete) {
			vc->to_end = false;
			app_message(app, _("all %zu %s loaded"), l->ids.n, _(vc->kind->plural));
		} else {
			casestore_more(app->cases, l);
			app_message(app, _("loading every page: %zu %s so far (Esc stops)"), l->ids.n,
			            _(vc->kind->plural));
		}
	}
	ui_list_fix(&vc->list, r.h - 2);
	if (vc->list.n - vc->list.cur <= NEAR_END)
		casestore_more(app->cases, l);
	if ((id = peek_id(vc, l, vc->list.cur)))
		snprintf(vc->sel, sizeof vc->sel, "%s", id);
	id = peek_id(vc, l, vc->list.cur + 1);
	snprintf(vc->below, sizeof vc->below, "%s", id ? id : "");
	id = peek_id(vc, l, vc->list.cur - 1);
	snprintf(vc->above, sizeof vc->above, "%s", id ? id : "");
}

struct columns {
	int marks, id, state, left, extra, name, dept;
};

static struct columns columns(const struct case_kind *kind, int w)
{
	struct columns c = { 2, 10, 12, 6, kind->extra_w, 0, 0 };
	int rest;

	if (c.extra)
		c.state = 10; /* "verifying" is the longest objection state */
	rest = w - (c.marks + 1 + c.id + 1 + c.state + 1 + c.left + 1) - (c.extra ? c.extra + 1 : 0) - 1;
	if (rest < 10)
		rest = 10;
	c.name = rest * 55 / 100;
	c.dept = rest - c.name;
	return c;
}

static const char *live_word(struct app *app)
{
	switch (casestore_live_state(app->cases)) {
	case LIVE_ON:
		return _("live");
	case LIVE_STARTING:
		return _("live: starting");
	case LIVE_DOWN:
		return _("live: reconnecting");
	case LIVE_UNSUPPORTED:
		return _("live: not offered by the service (R refreshes)");
	default:
		return "";
	}
}

/* One row (or the heading when it is NULL) in the columns. */
static void draw_row(struct ui_canvas *c, int y, int x, struct columns k, struct app *app,
                     struct view_cases *vc, const struct casestore_item *it, bool cursor, int w)
{
	const struct case_info *ci = it ? &it->c : NULL;
	char marks[4] = "", left[32], days[24];
	const char *cols[5];
	int role = it ? UI_ROLE_NORMAL : UI_ROLE_DIM, lrole = role, x0 = x;
	bool tagged = it && app_tagged(app, it->id);

	/* The heading; a row's days and mark replace it. */
	snprintf(left, sizeof left, "%s", _("Left "));
	if (it) {
		snprintf(marks, sizeof marks, "%c%c", tagged ? '*' : ' ', it->marked ? 'N' : ' ');
		view_case_fields_days_left(ci, days, sizeof days, &lrole);
		snprintf(left, sizeof left, "%s%s", days,
		         lrole == UI_ROLE_OVERDUE || lrole == UI_ROLE_DUE_SOON ? "!" : " ");
		if (tagged)
			role = UI_ROLE_TAGGED;
		else if (it->marked)
			role = UI_ROLE_NEW;
	}
	cols[0] = it ? ci->id : _("Id");
	cols[1] = it ? case_state_label(ci->state) : _("State");
	cols[2] = it ? (vc->kind->extra ? vc->kind->extra(it->obj) : "") :
	          vc->kind->extra_head ? _(vc->kind->extra_head) : "";
	cols[3] = it ? (ci->entry_name ? ci->entry_name : ci->entry_code) : _("Entry");
	cols[4] = it ? other_side(vc, app, ci) : side_head(vc);
	ui_canvas_fill(c, (struct ui_rect){ y, x, 1, w }, role);
	ui_canvas_text(c, y, x, k.marks, it && it->marked ? UI_ROLE_NEW : role, marks,
	               UI_WIDTH_LEFT);
	x += k.marks + 1; /* a gap: "N REQ-000002", not "NREQ-000002" */
	ui_canvas_text(c, y, x, k.id, role, cols[0], UI_WIDTH_LEFT);
	x += k.id + 1;
	/* The state in its role (a word, in its colour where there is
	 * colour); a tagged or new row keeps its own look whole. */
	ui_canvas_text(c, y, x, k.state,
	               it && role == UI_ROLE_NORMAL ? ui_theme_state_role(ci->state) : role,
	               cols[1], UI_WIDTH_LEFT);
	x += k.state + 1;
	/* In time reads as the row does on a tagged or new row. */
	if (lrole == UI_ROLE_NORMAL || (lrole == UI_ROLE_DEADLINE_OK && role != UI_ROLE_NORMAL))
		lrole = role;
	ui_canvas_text(c, y, x, k.left, lrole, left, UI_WIDTH_RIGHT);
	x += k.left + 1;
	if (k.extra) {
		ui_canvas_text(c, y, x, k.extra, role, cols[2], UI_WIDTH_LEFT);
		x += k.extra + 1;
	}
	ui_canvas_text(c, y, x, k.name, role, cols[3], UI_WIDTH_LEFT);
	x += k.name + 1;
	ui_canvas_text(c, y, x, k.dept, role, cols[4], UI_WIDTH_LEFT);
	if (cursor)
		ui_canvas_role(c, y, x0, w, UI_ROLE_SELECTED);
}

static void cases_draw(struct view *v, struct app *app, struct ui_canvas *c, struct ui_rect r)
{
	struct view_cases *vc = (struct view_cases *)v;
	struct casestore_list *l = queue(vc, app);
	struct columns k = columns(vc->kind, r.w);
	char *title;
	int row;

	/* "Requests", "Objections": the label is singular. */
	/* TRANSLATORS: the queue's title, " Requests: inbox · entry CODE · state
	 * 12+  live": the first %s is the kind's label ("Request"), the "s" after
	 * it makes the English plural. */
	title = xasprintf(_(" %ss: %s%s%s%s%s%s%s  %zu%s  %s"), _(vc->kind->label),
	                  case_box_label(vc->box), vc->entry[0] ? _(" · entry ") : "", vc->entry,
	                  vc->overdue_of[0] ? _(" · overdue of ") : "", vc->overdue_name,
	                  vc->state[0] ? " · " : "", case_state_label(vc->state), l->ids.n,
	                  l->complete || (l->state == STORE_ERROR && !l->ids.n) ? "" : "+",
	                  live_word(app));
	ui_canvas_text(c, r.y, r.x, r.w, UI_ROLE_TITLE, title, UI_WIDTH_LEFT);
	free(title);
	draw_row(c, r.y + 1, r.x, k, app, vc, NULL, false, r.w);
	for (row = 0; row < r.h - 2; row++) {
		int i = vc->list.top + row;
		if (i >= vc->list.n)
			break;
		const struct casestore_item *it = item_at(vc, app, l, i);
		if (!it) {
			/* Its page was dropped and is being fetched again. */
			ui_canvas_text(c, r.y + 2 + row, r.x + 1, r.w - 2, UI_ROLE_DIM, _("loading..."),
			               UI_WIDTH_LEFT);
			if (i == vc->list.cur)
				ui_canvas_role(c, r.y + 2 + row, r.x, r.w, UI_ROLE_SELECTED);
			continue;
		}
		draw_row(c, r.y + 2 + row, r.x, k, app, vc, it, i == vc->list.cur, r.w);
	}
	if (vc->list.n == 0) {
		char none[64];
		const char *msg;
		snprintf(none, sizeof none, _("no %s here"), _(vc->kind->plural));
		msg = l->state == STORE_ERROR ? l->error :
		      l->state == STORE_DONE && l->ids.n ? _("nothing loaded matches the filter") :
		      l->state == STORE_DONE ? none :
		                               _("loading...");
		ui_canvas_text(c, r.y + 2, r.x + 1, r.w - 2,
		               l->state == STORE_ERROR ? UI_ROLE_ERROR : UI_ROLE_DIM, msg, UI_WIDTH_LEFT);
	} else if (!l->complete && vc->list.top + r.h - 2 > vc->list.n) {
		int y = r.y + 2 + (vc->list.n - vc->list.top);
		if (y < r.y + r.h)
			ui_canvas_text(c, y, r.x + 1, r.w - 2, UI_ROLE_DIM,
			               l->state == STORE_ERROR ? l->error : _("loading more..."),
			               UI_WIDTH_LEFT);
	}
}

/* The cursor moved onto a row: it has been looked at. */
static void looked_at(struct view_cases *vc, struct app *app)
{
	struct casestore_item *it = item_at(vc, app, queue(vc, app), vc->list.cur);

	/* Onto a row still loading: nothing to hold the cursor to. */
	vc->sel[0] = '\0';
	if (it) {
		it->marked = false;
		snprintf(vc->sel, sizeof vc->sel, "%s", it->id);
	}
}

/* The id under the cursor, or NULL (none, or its page is being fetched). */
static const char *cur_id(struct view_cases *vc, struct app *app)
{
	return peek_id(vc, queue(vc, app), vc->list.cur);
}

static int cases_request(struct view *v, struct app *app, enum view_req req, const char *arg,
                         char *err, size_t errlen)
{
	struct view_cases *vc = (struct view_cases *)v;
	size_t k, i, n = 0;
	const struct casestore_list *l;
	const char *id;

	/* Any move ends the pursuit of the last page. */
	vc->to_end = req == REQ_BOTTOM && !queue(vc, app)->complete;
	if (ui_list_request(&vc->list, req)) {
		looked_at(vc, app);
		return 0;
	}
	if ((req == REQ_SELECT || req == REQ_EXPAND || req == REQ_TAG) &&
	    !cur_id(vc, app)) {
		snprintf(err, errlen, _("no %s here"), _(vc->kind->name));
		return -1;
	}
	switch (req) {
	case REQ_SELECT:
	case REQ_EXPAND:
		looked_at(vc, app);
		app_open_case(app, cur_id(vc, app));
		return 0;
	case REQ_REFRESH:
		casestore_refresh_list(app->cases, queue(vc, app));
		app_message(app, "%s", _("refreshing"));
		return 0;
	case REQ_TAG:
		app_tag(app, cur_id(vc, app), -1);
		if (vc->list.cur + 1 < vc->list.n) {
			ui_list_request(&vc->list, REQ_DOWN);
			looked_at(vc, app);
		}
		return 0;
	case REQ_TAG_PATTERN:
		l = queue(vc, app);
		for (k = 0; k < l->ids.n_pages; k++)
			for (i = 0; l->ids.v[k].items && i < l->ids.v[k].n; i++) {
				const struct casestore_item *it;
				id = l->ids.v[k].items[i];
				it = casestore_find(app->cases, id);
				if (!it || !it->obj || !row_matches(vc, app, arg ? arg : "", it))
					continue;
				app_tag(app, id, 1);
				n++;
			}
		/* Only rows loaded can be tagged: say so while more pages wait. */
		app_message(app,
		            P_("%zu row tagged matching '%s' (%zu tagged in all)%s",
		               "%zu rows tagged matching '%s' (%zu tagged in all)%s", n),
		            n, arg ? arg : "", app_n_tagged(app),
		            queue(vc, app)->complete ? "" :
		            _("; of the rows loaded: more pages wait (G loads them all, then tag "
		              "again)"));
		return 0;
	default:
		return -1;
	}
}

static const char *cases_filter(struct view *v)
{
	return ((struct view_cases *)v)->filter;
}

static void cases_set_filter(struct view *v, struct app *app, const char *f)
{
	struct view_cases *vc = (struct view_cases *)v;

	free(vc->filter);
	vc->filter = xstrdup(f ? f : "");
	app->dirty = true;
}

static void cases_crumbs(struct view *v, struct app *app, char *buf, size_t len)
{
	struct view_cases *vc = (struct view_cases *)v;

	snprintf(buf, len, "%s › %s%s%s%s%s%s%s", _(vc->kind->plural), case_box_label(vc->box),
	         vc->entry[0] ? _(" › entry ") : "", vc->entry,
	         vc->overdue_of[0] ? _(" › overdue of ") : "", vc->overdue_name,
	         vc->state[0] ? " › " : "", case_state_label(vc->state));
}

static void cases_position(struct view *v, int *cur, int *n, int *more)
{
	struct view_cases *vc = (struct view_cases *)v;

	*cur = vc->list.cur + 1;
	*n = vc->list.n;
	*more = vc->more;
}

static bool cases_subject(struct view *v, struct app *app, char *buf, size_t len)
{
	struct view_cases *vc = (struct view_cases *)v;

	const char *id = cur_id(vc, app);

	if (!id)
		return false;
	snprintf(buf, len, "%s:%s", vc->kind->name, id);
	return true;
}

static bool cases_shows(struct view *v, struct app *app, const char *id)
{
	struct view_cases *vc = (struct view_cases *)v;
	const struct casestore_list *l = queue(vc, app);
	size_t k, i;

	for (k = 0; k < l->ids.n_pages; k++)
		for (i = 0; l->ids.v[k].items && i < l->ids.v[k].n; i++) {
			const struct casestore_item *it;
			if (strcmp(l->ids.v[k].items[i], id) != 0)
				continue;
			it = casestore_find(app->cases, id);
			return !vc->filter[0] ||
			       (it && it->obj && row_matches(vc, app, vc->filter, it));
		}
	return false;
}

static void cases_free(struct view *v)
{
	struct view_cases *vc = (struct view_cases *)v;

	free(vc->box);
	free(vc->state);
	free(vc->entry);
	free(vc->overdue_of);
	free(vc->overdue_name);
	free(vc->rows);
	free(vc->filter);
	free(vc);
}

/* Esc while G loads every page stops it, and the view stays. */
static bool cases_key(struct view *v, struct app *app, int key)
{
	struct view_cases *vc = (struct view_cases *)v;

	if (!vc->to_end || (key != UI_KEY_ESC && key != UI_KEY_CTRL_C))
		return false;
	vc->to_end = false;
	app_message(app, _("stopped: %zu %s loaded"), queue(vc, app)->ids.n, _(vc->kind->plural));
	return true;
}

static bool cases_list(struct view *v, struct app *app, struct view_list *out)
{
	struct view_cases *vc = (struct view_cases *)v;

	memset(out, 0, sizeof *out);
	out->what = VIEW_LIST_CASES;
	out->kind = vc->kind;
	out->box = vc->box;
	out->state = vc->state;
	out->entry = vc->entry;
	out->overdue_of = vc->overdue_of;
	out->filter = vc->filter;
	return true;
}

/* One set of functions, two names (for `bind requests` and `bind objections`). */
#define CASES_OPS(view_name)                                                                \
	{                                                                                   \
		.name = view_name, .recalc = cases_recalc, .draw = cases_draw,              \
		.request = cases_request, .filter = cases_filter,                           \
		.set_filter = cases_set_filter, .crumbs = cases_crumbs,                     \
		.position = cases_position, .free = cases_free, .subject = cases_subject,   \
		.shows = cases_shows, .key = cases_key, .list = cases_list,                 \
	}
static const struct view_ops requests_ops = CASES_OPS("requests");
static const struct view_ops objections_ops = CASES_OPS("objections");
static const struct view_ops revisions_ops = CASES_OPS("revisions");

const struct case_kind *view_cases_kind(const struct view *v)
{
	if (v->ops == &requests_ops || v->ops == &objections_ops || v->ops == &revisions_ops)
		return ((const struct view_cases *)v)->kind;
	return NULL;
}

void view_cases_step_past(struct view *v, const char *id)
{
	struct view_cases *vc = (struct view_cases *)v;

	if (!view_cases_kind(v) || strcmp(vc->sel, id) != 0)
		return;
	if (vc->below[0])
		snprintf(vc->sel, sizeof vc->sel, "%s", vc->below);
	else if (vc->above[0])
		snprintf(vc->sel, sizeof vc->sel, "%s", vc->above);
}

/* What the queue shows changed: from the top, and fetched again (it may
 * have changed since it was last shown). */
static void reshow(struct view_cases *vc, struct app *app)
{
	struct casestore_list *l;

	vc->list.cur = vc->list.top = 0;
	vc->sel[0] = '\0';
	l = queue(vc, app);
	if (l->state == STORE_DONE)
		casestore_refresh_list(app->cases, l);
	app->dirty = true;
}

void view_cases_show(struct view *v, struct app *app, const char *box, const char *state)
{
	struct view_cases *vc = (struct view_cases *)v;

	if (box) {
		free(vc->box);
		vc->box = xstrdup(box);
		/* A box asked for is the whole box, not one entry's or one
		 * department's part. */
		free(vc->entry);
		vc->entry = xstrdup("");
		free(vc->overdue_of);
		vc->overdue_of = xstrdup("");
		free(vc->overdue_name);
		vc->overdue_name = xstrdup("");
	}
	if (state) {
		free(vc->state);
		vc->state = xstrdup(state);
	}
	reshow(vc, app);
}

struct view *view_cases_new(struct app *app, const struct case_kind *kind, const char *box,
                            const char *state)
{
	struct view_cases *vc = xcalloc(1, sizeof *vc);
	struct casestore_list *l;

	vc->base.ops = kind == &case_kind_objection ? &objections_ops :
	               kind == &case_kind_revision  ? &revisions_ops :
	                                              &requests_ops;
	vc->kind = kind;
	vc->box = xstrdup(box);
	vc->state = xstrdup(state ? state : "");
	vc->entry = xstrdup("");
	vc->overdue_of = xstrdup("");
	vc->overdue_name = xstrdup("");
	vc->filter = xstrdup("");
	l = queue(vc, app);
	if (l->state == STORE_DONE)
		casestore_refresh_list(app->cases, l);
	return &vc->base;
}

void view_cases_set_entry(struct view *v, struct app *app, const char *entry)
{
	struct view_cases *vc = (struct view_cases *)v;

	if (!view_cases_kind(v) || !vc->kind->by_entry)
		return;
	free(vc->entry);
	vc->entry = xstrdup(entry ? entry : "");
	reshow(vc, app);
}

void view_cases_set_overdue_of(struct view *v, struct app *app, const char *department,
                               const char *name)
{
	struct view_cases *vc = (struct view_cases *)v;

	if (!view_cases_kind(v) || !vc->kind->by_provider)
		return;
	free(vc->overdue_of);
	vc->overdue_of = xstrdup(department ? department : "");
	free(vc->overdue_name);
	vc->overdue_name = xstrdup(name && *name ? name : vc->overdue_of);
	reshow(vc, app);
}
