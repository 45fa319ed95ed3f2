/*
 * view-diff — what a revision changes, field by field (`diff`): for a
 * published revision of an entry (Enter in its history), against the one
 * before it, with who published it and when; for a revision on its way
 * (d on a revision in the queue or its detail), against the published
 * revision it edits (a new entry's: every field added).
 *
 * A changed text shows its old value marked "-" in the diff_del role and
 * its new one marked "+" in diff_add; information items added, removed
 * and changed (type, length, whether shared) and related codes likewise.
 * The marks say it without colour (monochrome: diff_add bold, diff_del
 * underlined).  Fields carry their standard names (核心元数据), as the
 * entry view shows them.
 *
 * The view owns its calls (the differences; for a published revision
 * also the revision itself) and cancels them when it closes.
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

struct view_diff {
	struct view base;
	struct app *app;
	char *code;   /* the entry (published revisions), or NULL */
	long number;
	char *id;     /* the revision (REV-…), or NULL */
	struct govdx_client *client;
	govdx_call_id call_diff, call_rev;
	struct govdx_diff *diff;
	struct govdx_entry_revision *rev;
	char error[512];
	struct ui_text text;
	struct ui_list list;
	char *filter;
	size_t *shown;
	size_t n_shown, cap_shown;
};

/* The standard name of a field (as the entry view labels it). */
static const char *field_label(const char *field)
{
	static const struct {
		const char *field, *label;
	} names[] = {
		{ "name", "信息资源名称 name" },
		{ "classification", "信息资源分类 classification" },
		{ "abstract", "信息资源摘要 abstract" },
		{ "format", "信息资源格式 format" },
		{ "sharing_type", "共享类型 sharing type" },
		{ "sharing_condition", "共享条件 sharing condition" },
		{ "sharing_method", "共享方式 sharing method" },
		{ "basis", "依据 basis" },
		{ "open_attribute", "是否向社会开放 open attribute" },
		{ "open_condition", "开放条件 open condition" },
		{ "update_cycle", "更新周期 update cycle" },
	};
	size_t i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if (!strcmp(field, names[i].field))
			return names[i].label;
	return field;
}

static void diff_cb(void *arg, const struct govdx_error *err, struct govdx_diff *d)
{
	struct view_diff *vd = arg;

	vd->call_diff = 0;
	if (err) {
		snprintf(vd->error, sizeof vd->error, "%s", err->message);
	} else {
		govdx_diff_free(vd->diff);
		vd->diff = d;
	}
	vd->app->dirty = true;
}

static void rev_cb(void *arg, const struct govdx_error *err, struct govdx_entry_revision *r)
{
	struct view_diff *vd = arg;

	vd->call_rev = 0;
	if (!err) {
		govdx_entry_revision_free(vd->rev);
		vd->rev = r;
	}
	vd->app->dirty = true;
}

static void fetch(struct view_diff *vd, struct app *app)
{
	if (!app->client || vd->call_diff)
		return;
	vd->client = app->client;
	vd->error[0] = '\0';
	if (vd->id) {
		vd->call_diff = govdx_revision_diff(app->client, vd->id, diff_cb, vd);
		return;
	}
	vd->call_diff = govdx_entry_revision_diff(app->client, vd->code, vd->number, 0, diff_cb, vd);
	if (!vd->call_rev)
		vd->call_rev = govdx_entry_revision(app->client, vd->code, vd->number, rev_cb, vd);
}

/* An item as one line: "姓名  字符型C(50)", "not shared" said. */
static void item_text(const struct govdx_revision_item *it, char *buf, size_t len)
{
	char size[24] = "";

	if (it->length > 0)
		snprintf(size, sizeof size, "(%d)", it->length);
	snprintf(buf, len, "%s  %s%s%s", it->name ? it->name : "?", it->type ? it->type : "", size,
	         it->shared ? "" : _("  not shared"));
}

static void describe(struct view_diff *vd, struct ui_text *t)
{
	const struct govdx_diff *d = vd->diff;
	char buf[512], when[32];
	size_t i, changes = 0;

	if (vd->rev) {
		if (vd->rev->published_at) {
			case_short_time(vd->rev->published_at, when, sizeof when);
			snprintf(buf, sizeof buf, _("r%ld, published by %s at %s"), vd->rev->number,
			         vd->rev->published_by ? vd->rev->published_by : "-", when);
		} else {
			snprintf(buf, sizeof buf, _("r%ld, as the catalog was loaded"), vd->rev->number);
		}
		ui_text_line(t, UI_ROLE_NORMAL, buf, NULL);
	}
	if (d->from > 0)
		snprintf(buf, sizeof buf, _("Changes from r%ld to %s%s:"), d->from,
		         d->to && d->to[0] >= '0' && d->to[0] <= '9' ? "r" : "", d->to ? d->to : "?");
	else
		snprintf(buf, sizeof buf, _("A new entry: every field is added (%s):"),
		         d->to ? d->to : "?");
	ui_text_line(t, UI_ROLE_DIM, buf, NULL);
	for (i = 0; i < d->n_fields; i++) {
		const struct govdx_diff_field *f = &d->fields[i];
		ui_text_line(t, UI_ROLE_TITLE, field_label(f->field), NULL);
		if (f->before || d->from > 0)
			ui_text_field(t, "-", f->before ? f->before : _("(none)"), UI_ROLE_DIFF_DEL);
		ui_text_field(t, "+", f->after ? f->after : _("(none)"), UI_ROLE_DIFF_ADD);
		changes++;
	}
	if (d->n_added || d->n_removed || d->n_changed) {
		ui_text_line(t, UI_ROLE_TITLE, _("信息项 information items"), NULL);
		for (i = 0; i < d->n_removed; i++) {
			item_text(&d->removed[i], buf, sizeof buf);
			ui_text_field(t, "-", buf, UI_ROLE_DIFF_DEL);
		}
		for (i = 0; i < d->n_added; i++) {
			item_text(&d->added[i], buf, sizeof buf);
			ui_text_field(t, "+", buf, UI_ROLE_DIFF_ADD);
		}
		for (i = 0; i < d->n_changed; i++) {
			item_text(&d->changed[i].before, buf, sizeof buf);
			ui_text_field(t, "~-", buf, UI_ROLE_DIFF_DEL);
			item_text(&d->changed[i].after, buf, sizeof buf);
			ui_text_field(t, "~+", buf, UI_ROLE_DIFF_ADD);
		}
		changes += d->n_added + d->n_removed + d->n_changed;
	}
	if (d->n_related_added || d->n_related_removed) {
		ui_text_line(t, UI_ROLE_TITLE, _("关联资源代码 related entries"), NULL);
		for (i = 0; i < d->n_related_removed; i++)
			ui_text_field(t, "-", d->related_removed[i], UI_ROLE_DIFF_DEL);
		for (i = 0; i < d->n_related_added; i++)
			ui_text_field(t, "+", d->related_added[i], UI_ROLE_DIFF_ADD);
		changes += d->n_related_added + d->n_related_removed;
	}
	if (!changes)
		ui_text_line(t, UI_ROLE_DIM, _("no differences"), NULL);
}

static void diff_recalc(struct view *v, struct app *app, struct ui_rect r)
{
	struct view_diff *vd = (struct view_diff *)v;
	size_t i;

	(void)app;
	/* the label column holds the marks: "-", "+", "~-", "~+" */
	ui_text_reset(&vd->text, r.w - 2, 3);
	if (vd->diff)
		describe(vd, &vd->text);
	else if (vd->error[0])
		ui_text_para(&vd->text, UI_ROLE_ERROR, vd->error);
	else
		ui_text_line(&vd->text, UI_ROLE_DIM, _("loading..."), NULL);
	vd->n_shown = 0;
	for (i = 0; i < vd->text.n; i++) {
		const struct ui_text_row *row = &vd->text.rows[i];
		if (vd->filter[0] && !ui_list_match(vd->filter, row->text, row->label))
			continue;
		xgrow(&vd->shown, &vd->cap_shown, vd->n_shown + 1, sizeof *vd->shown);
		vd->shown[vd->n_shown++] = i;
	}
	vd->list.n = (int)vd->n_shown;
	ui_list_fix(&vd->list, r.h - 1);
}

static void diff_draw(struct view *v, struct app *app, struct ui_canvas *c, struct ui_rect r)
{
	struct view_diff *vd = (struct view_diff *)v;
	char title[256];
	int row;

	(void)app;
	if (vd->id)
		snprintf(title, sizeof title, _(" Changes in %s"), vd->id);
	else
		snprintf(title, sizeof title, _(" Revision r%ld of %s"), vd->number, vd->code);
	ui_canvas_text(c, r.y, r.x, r.w, UI_ROLE_TITLE, title, UI_WIDTH_LEFT);
	for (row = 0; row < r.h - 1; row++) {
		int i = vd->list.top + row;
		if (i >= (int)vd->n_shown)
			break;
		ui_text_draw_row(c, r.y + 1 + row, r.x + 1, r.w - 2, &vd->text, vd->shown[i],
		                 i == vd->list.cur ? UI_ROLE_SELECTED : -1);
		if (i == vd->list.cur)
			ui_canvas_role(c, r.y + 1 + row, r.x, r.w, UI_ROLE_SELECTED);
	}
}

static int diff_request(struct view *v, struct app *app, enum view_req req, const char *arg,
                        char *err, size_t errlen)
{
	struct view_diff *vd = (struct view_diff *)v;

	(void)arg;
	(void)err;
	(void)errlen;
	if (ui_list_request(&vd->list, req))
		return 0;
	if (req == REQ_REFRESH) {
		fetch(vd, app);
		return 0;
	}
	return -1;
}

static const char *diff_filter(struct view *v)
{
	return ((struct view_diff *)v)->filter;
}

static void diff_set_filter(struct view *v, struct app *app, const char *f)
{
	struct view_diff *vd = (struct view_diff *)v;

	free(vd->filter);
	vd->filter = xstrdup(f ? f : "");
	vd->list.cur = vd->list.top = 0;
	app->dirty = true;
}

static void diff_crumbs(struct view *v, struct app *app, char *buf, size_t len)
{
	struct view_diff *vd = (struct view_diff *)v;

	(void)app;
	if (vd->id)
		snprintf(buf, len, _("%s › changes"), vd->id);
	else
		snprintf(buf, len, _("%s › revisions › r%ld"), vd->code, vd->number);
}

static void diff_position(struct view *v, int *cur, int *n, int *more)
{
	struct view_diff *vd = (struct view_diff *)v;

	*cur = vd->list.cur + 1;
	*n = vd->list.n;
	*more = 0;
}

static bool diff_subject(struct view *v, struct app *app, char *buf, size_t len)
{
	struct view_diff *vd = (struct view_diff *)v;

	(void)app;
	if (vd->id)
		snprintf(buf, len, "revision:%s", vd->id);
	else
		snprintf(buf, len, "entry:%s", vd->code);
	return true;
}

static void diff_free(struct view *v)
{
	struct view_diff *vd = (struct view_diff *)v;

	if (vd->call_diff)
		govdx_cancel(vd->client, vd->call_diff);
	if (vd->call_rev)
		govdx_cancel(vd->client, vd->call_rev);
	govdx_diff_free(vd->diff);
	govdx_entry_revision_free(vd->rev);
	free(vd->code);
	free(vd->id);
	ui_text_free(&vd->text);
	free(vd->shown);
	free(vd->filter);
	free(vd);
}

static const struct view_ops diff_ops = {
	.name = "diff",
	.recalc = diff_recalc,
	.draw = diff_draw,
	.request = diff_request,
	.filter = diff_filter,
	.set_filter = diff_set_filter,
	.crumbs = diff_crumbs,
	.position = diff_position,
	.free = diff_free,
	.subject = diff_subject,
};

static struct view_diff *diff_alloc(struct app *app)
{
	struct view_diff *vd = xcalloc(1, sizeof *vd);

	vd->base.ops = &diff_ops;
	vd->app = app;
	vd->filter = xstrdup("");
	return vd;
}

struct view *view_diff_new_entry(struct app *app, const char *code, long number)
{
	struct view_diff *vd = diff_alloc(app);

	vd->code = xstrdup(code);
	vd->number = number;
	fetch(vd, app);
	return &vd->base;
}

struct view *view_diff_new_revision(struct app *app, const char *id)
{
	struct view_diff *vd = diff_alloc(app);

	vd->id = xstrdup(id);
	fetch(vd, app);
	return &vd->base;
}
