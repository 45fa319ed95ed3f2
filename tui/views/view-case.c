/*
 * view-case — one case (a sharing request or an objection, case.h) in
 * full: the common fields, what can be done with it now, the fields only
 * its kind has, and its history from the audit trail
 * (GET /v1/audit?subject=KIND:ID) as a table of time, actor, action,
 * from → to and reason.  One code for both kinds; the view is named
 * "request" or "objection" so that each has its own key bindings.
 *
 * The case and its history come from the casestore, which the long poll
 * keeps current, so a decision taken elsewhere shows here at once.  The
 * entry row links to the entry (Enter opens it; so does the open-entry
 * command, e in an objection); for an objection the entry's disputed mark
 * is shown too, for a request only when the entry is disputed (异议).  The decisions act on the case shown.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "batch.h"
#include "casestore.h"
#include "cmd-keys.h"
#include "i18n.h"
#include "store.h"
#include "ui-list.h"
#include "ui-text.h"
#include "ui-theme.h"
#include "ui-width.h"
#include "view-case-fields.h"
#include "view.h"
#include "xalloc.h"

/* The label column; a language whose labels are wider widens it, up to
 * LABEL_MAX (the kinds' own labels come translated from elsewhere). */
#define LABEL_W 15
#define LABEL_MAX 25

struct view_case {
	struct view base;
	const struct case_kind *kind;
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

static void history(struct ui_text *t, const struct casestore_item *it)
{
	int w = t->width, rest;
	int widths[5] = { 16, 16, 9, 0, 0 };
	size_t i;
	char *row, head[64];

	/* time | actor | action | from → to | reason (what is left, or below) */
	rest = w - 16 - 16 - 9 - 3;
	widths[3] = rest >= 46 ? 24 : rest;
	widths[4] = rest - widths[3] - 1;
	snprintf(head, sizeof head, _("History (%zu)"), it->n_events);
	ui_text_line(t, UI_ROLE_TITLE, head, NULL);
	{
		const char *h[5] = { _("Beijing time"), _("Actor"), _("Action"), _("From -> to"),
			             _("Reason") };
		row = columns(widths[4] >= 8 ? 5 : 4, h, widths);
		ui_text_line(t, UI_ROLE_DIM, row, NULL);
		free(row);
	}
	for (i = 0; i < it->n_events; i++) {
		const struct govdx_audit_event *e = &it->events[i];
		char when[32], fromto[128];
		const char *v[5];
		case_short_time(e->at, when, sizeof when);
		snprintf(fromto, sizeof fromto, "%s -> %s",
		         e->from_state ? e->from_state : _("(new)"),
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
		ui_text_line(t, UI_ROLE_DIM, _("loading..."), NULL);
	else if (it->audit_state == STORE_ERROR)
		ui_text_para(t, UI_ROLE_ERROR, it->audit_error);
}

/* What the user could do with the case now, with the keys of this view
 * (the same list as the hint line): what the service offers this user. */
static void can_be_done(struct app *app, const struct casestore_item *it, char *buf,
                        size_t len)
{
	if (cmd_case_actions(app, cmd_view_index(it->kind->name), it->kind, it->obj, ", ", buf,
	                     len) > 0)
		return;
	if (app_read_only(app)) {
		snprintf(buf, len, "%s", _("nothing here: read-only"));
		return;
	}
	snprintf(buf, len, _("nothing by you now (the %s is %s)"), _(it->kind->name),
	         it->c.state ? case_state_label(it->c.state) : "?");
}

/* Whose the reason shown is: a reopen's reason is the raiser's, not the
 * helpdesk's who decided last — the latest event of the history with that
 * text says who gave it, with which action. */
static void reason_by(struct ui_text *t, const struct casestore_item *it)
{
	size_t i = it->n_events;
	char when[32], buf[256];

	if (!it->c.reason || !it->c.reason[0])
		return;
	while (i > 0) {
		const struct govdx_audit_event *e = &it->events[--i];
		if (!e->reason || strcmp(e->reason, it->c.reason) != 0)
			continue;
		case_short_time(e->at, when, sizeof when);
		snprintf(buf, sizeof buf, _("%s, at %s by %s"), e->action ? e->action : "?", when,
		         e->actor ? e->actor : "?");
		ui_text_field(t, _("Reason given"), buf, UI_ROLE_DIM);
		return;
	}
}

static void describe(struct app *app, struct ui_text *t, const struct casestore_item *it)
{
	const struct case_info *c = &it->c;
	char buf[1024], days[32];
	int role;
	size_t i, first;

	snprintf(buf, sizeof buf, "%s  %s", c->id, c->state ? case_state_label(c->state) : "?");
	ui_text_line(t, UI_ROLE_TITLE, buf, NULL);
	if (it->result)
		ui_text_field(t, _("Last action"), it->result, UI_ROLE_ERROR);
	ui_text_field(t, _("State"), case_state_label(c->state), ui_theme_state_role(c->state));
	if (c->has_deadline) {
		view_case_fields_days_left(c, days, sizeof days, &role);
		if (c->working_days_left == GOVDX_NO_DAYS_LEFT)
			snprintf(buf, sizeof buf, "%s%s", case_provisional_mark(c), c->deadline);
		else if (c->working_days_left < 0)
			snprintf(buf, sizeof buf, _("%s%s (overdue by %d working days!)"),
			         case_provisional_mark(c), c->deadline, -c->working_days_left);
		else
			snprintf(buf, sizeof buf, _("%s%s (%d working days left%s)"),
			         case_provisional_mark(c), c->deadline, c->working_days_left,
			         c->due_soon ? _(", due soon!") : "");
		ui_text_field(t, _("Deadline"), buf, role == UI_ROLE_DIM ? UI_ROLE_NORMAL : role);
		if (c->deadline_provisional) {
			if (c->deadline_statute_year)
				snprintf(buf, sizeof buf,
				         _("deadline provisional: the %d holiday notice is not "
				           "imported yet; counted by the statute"),
				         c->deadline_statute_year);
			else
				snprintf(buf, sizeof buf, "%s",
				         _("deadline provisional: a holiday notice it spans is not "
				           "imported yet; counted by the statute"));
			ui_text_field(t, "", buf, UI_ROLE_DIM);
		}
	} else {
		ui_text_field(t, _("Deadline"), "-", UI_ROLE_NORMAL);
	}
	can_be_done(app, it, buf, sizeof buf);
	ui_text_field(t, _("Can be done"), buf, UI_ROLE_NORMAL);
	snprintf(buf, sizeof buf, "%s  %s", c->entry_code ? c->entry_code : "",
	         c->entry_name ? c->entry_name : "");
	first = t->n;
	ui_text_field(t, _("Entry"), buf, UI_ROLE_NORMAL);
	/* The entry's rows open it. */
	for (i = first; i < t->n && c->entry_code; i++) {
		free(t->rows[i].link);
		t->rows[i].link = xstrdup(c->entry_code);
	}
	if (c->entry_code) {
		/* The mark this case is about: shown as the entry has it now. */
		struct store_entry *se = store_entry(app->store, c->entry_code);
		store_want_entry(app->store, se, true);
		first = t->n;
		/* An objection is about the mark: always said.  A request says
		 * it only when the entry is disputed — its data is in question. */
		if (it->kind->touches_entry)
			ui_text_field(t, _("Entry marked"),
			              !se->e ? (se->state == STORE_ERROR ? "?" : "...") :
			              se->e->disputed ?
			                      _("异议 disputed: under an accepted objection "
			                        "(e opens it)") :
			                      _("not disputed (e opens the entry)"),
			              se->e && se->e->disputed ? UI_ROLE_DISPUTED : UI_ROLE_NORMAL);
		else if (se->e && se->e->disputed)
			ui_text_field(t, _("Entry marked"),
			              _("异议 disputed: an objection against the entry is accepted "
			                "(Enter opens the entry)"),
			              UI_ROLE_DISPUTED);
		for (i = first; i < t->n; i++) {
			free(t->rows[i].link);
			t->rows[i].link = xstrdup(c->entry_code);
		}
	}
	snprintf(buf, sizeof buf, _("%s (%s, platform %s)"),
	         c->provider_department_name ? c->provider_department_name : "-",
	         c->provider_department ? c->provider_department : "-", c->provider_platform);
	ui_text_field(t, _("Provider"), buf, UI_ROLE_NORMAL);
	snprintf(buf, sizeof buf, _("%s (%s, platform %s)"),
	         c->other_department_name ? c->other_department_name : "-",
	         c->other_department ? c->other_department : "-", c->other_platform);
	ui_text_field(t, _(it->kind->other_label), buf, UI_ROLE_NORMAL);
	view_case_fields_describe(it->kind, it->obj, t);
	reason_by(t, it);
	if (c->decided_by) {
		char when[32];
		case_short_time(c->decided_at, when, sizeof when);
		snprintf(buf, sizeof buf, _("%s at %s"), c->decided_by, when);
		ui_text_field(t, _("Decided by"), buf, UI_ROLE_NORMAL);
	}
	case_short_time(c->created_at, days, sizeof days);
	snprintf(buf, sizeof buf, _("%s (times are Beijing time, UTC+8)"), days);
	ui_text_field(t, _("Created"), buf, UI_ROLE_NORMAL);
	case_short_time(c->updated_at, days, sizeof days);
	snprintf(buf, sizeof buf, _("%s (version %ld)"), days, c->version);
	ui_text_field(t, _("Updated"), buf, UI_ROLE_NORMAL);
	ui_text_line(t, UI_ROLE_NORMAL, "", NULL);
	history(t, it);
}

/* Columns of the widest label in t. */
static int widest_label(const struct ui_text *t)
{
	size_t i;
	int w = 0;

	for (i = 0; i < t->n; i++)
		if (t->rows[i].label && ui_width_utf8(t->rows[i].label) > w)
			w = ui_width_utf8(t->rows[i].label);
	return w;
}

static void case_recalc(struct view *v, struct app *app, struct ui_rect r)
{
	struct view_case *vq = (struct view_case *)v;
	struct casestore_item *it = casestore_item(app->cases, vq->id);
	size_t i;
	int lw;

	casestore_want_item(app->cases, it);
	casestore_want_audit(app->cases, it);
	it->marked = false;
	ui_text_reset(&vq->text, r.w - 2, LABEL_W);
	if (it->obj) {
		describe(app, &vq->text, it);
		/* A label that does not fit with a space after it: laid out again
		 * in a column wide enough (English never needs it). */
		lw = widest_label(&vq->text) + 1;
		if (lw > LABEL_W) {
			ui_text_reset(&vq->text, r.w - 2, lw < LABEL_MAX ? lw : LABEL_MAX);
			describe(app, &vq->text, it);
		}
	} else if (it->state == STORE_ERROR) {
		ui_text_line(&vq->text, UI_ROLE_TITLE, vq->id, NULL);
		ui_text_para(&vq->text, UI_ROLE_ERROR,
		             it->not_found ? _("Nothing with this id is visible to you.") :
		                             it->error);
	} else {
		ui_text_line(&vq->text, UI_ROLE_TITLE, vq->id, NULL);
		ui_text_line(&vq->text, UI_ROLE_DIM, _("loading..."), NULL);
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

/* The state in the detail's first line ("REQ-000033  pending", drawn by
 * describe in the title's role) in the state's own role. */
static void title_state(struct ui_canvas *c, int y, int x, int w, const struct case_info *ci)
{
	int at = ui_width_utf8(ci->id) + 2, sw = ui_width_utf8(case_state_label(ci->state));

	if (at < w)
		ui_canvas_role(c, y, x + at, sw < w - at ? sw : w - at,
		               ui_theme_state_role(ci->state));
}

static void case_draw(struct view *v, struct app *app, struct ui_canvas *c, struct ui_rect r)
{
	struct view_case *vq = (struct view_case *)v;
	const struct casestore_item *it = casestore_item(app->cases, vq->id);
	int row;
	char title[128];

	snprintf(title, sizeof title, " %s %s", _(vq->kind->label), vq->id);
	ui_canvas_text(c, r.y, r.x, r.w, UI_ROLE_TITLE, title, UI_WIDTH_LEFT);
	for (row = 0; row < r.h - 1; row++) {
		int i = vq->list.top + row;
		if (i >= (int)vq->n_shown)
			break;
		ui_text_draw_row(c, r.y + 1 + row, r.x + 1, r.w - 2, &vq->text, vq->shown[i],
		                 i == vq->list.cur ? UI_ROLE_SELECTED : -1);
		if (vq->shown[i] == 0 && i != vq->list.cur && it->obj && it->c.id && it->c.state)
			title_state(c, r.y + 1 + row, r.x + 1, r.w - 2, &it->c);
		if (i == vq->list.cur)
			ui_canvas_role(c, r.y + 1 + row, r.x, r.w, UI_ROLE_SELECTED);
	}
}

static int case_request(struct view *v, struct app *app, enum view_req req, const char *arg,
                      char *err, size_t errlen)
{
	struct view_case *vq = (struct view_case *)v;
	struct casestore_item *it = casestore_item(app->cases, vq->id);
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
			snprintf(err, errlen, "%s",
			         _("nothing to open here: the Entry row opens the entry"));
			return -1;
		}
		app_open_entry(app, row->link);
		return 0;
	case REQ_REFRESH:
		casestore_refresh_item(app->cases, it);
		casestore_refresh_audit(app->cases, it);
		app_message(app, "%s", _("refreshing"));
		return 0;
	default:
		return -1;
	}
}

static const char *case_filter(struct view *v)
{
	return ((struct view_case *)v)->filter;
}

static void case_set_filter(struct view *v, struct app *app, const char *f)
{
	struct view_case *vq = (struct view_case *)v;

	free(vq->filter);
	vq->filter = xstrdup(f ? f : "");
	vq->list.cur = vq->list.top = 0;
	app->dirty = true;
}

static void case_crumbs(struct view *v, struct app *app, char *buf, size_t len)
{
	struct view_case *vq = (struct view_case *)v;
	struct casestore_item *it = casestore_find(app->cases, vq->id);

	if (it && it->obj && it->c.entry_name)
		snprintf(buf, len, "%s › %s › %s", _(vq->kind->plural), vq->id, it->c.entry_name);
	else
		snprintf(buf, len, "%s › %s", _(vq->kind->plural), vq->id);
}

static void case_position(struct view *v, int *cur, int *n, int *more)
{
	struct view_case *vq = (struct view_case *)v;

	*cur = vq->list.cur + 1;
	*n = vq->list.n;
	*more = 0;
}

static bool case_subject(struct view *v, struct app *app, char *buf, size_t len)
{
	struct view_case *vq = (struct view_case *)v;

	snprintf(buf, len, "%s:%s", vq->kind->name, vq->id);
	return true;
}

static void case_free(struct view *v)
{
	struct view_case *vq = (struct view_case *)v;

	free(vq->id);
	ui_text_free(&vq->text);
	free(vq->shown);
	free(vq->filter);
	free(vq);
}

/* One set of functions, two names (for `bind request` and `bind objection`). */
#define CASE_OPS(view_name)                                                               \
	{                                                                                 \
		.name = view_name, .recalc = case_recalc, .draw = case_draw,              \
		.request = case_request, .filter = case_filter,                           \
		.set_filter = case_set_filter, .crumbs = case_crumbs,                     \
		.position = case_position, .free = case_free, .subject = case_subject,    \
	}
static const struct view_ops request_ops = CASE_OPS("request");
static const struct view_ops objection_ops = CASE_OPS("objection");
static const struct view_ops revision_ops = CASE_OPS("revision");

struct view *view_case_new(struct app *app, const char *id)
{
	struct view_case *vq = xcalloc(1, sizeof *vq);
	struct casestore_item *it = casestore_item(app->cases, id);

	vq->kind = it->kind;
	vq->base.ops = it->kind == &case_kind_objection ? &objection_ops :
	               it->kind == &case_kind_revision  ? &revision_ops :
	                                                  &request_ops;
	vq->id = xstrdup(id);
	vq->filter = xstrdup("");
	/* Opened again: show what is current. */
	if (it->state == STORE_DONE)
		casestore_refresh_item(app->cases, it);
	if (it->audit_state == STORE_DONE || it->audit_state == STORE_ERROR)
		casestore_refresh_audit(app->cases, it);
	return &vq->base;
}
