/*
 * view-entry — one catalog entry in full: every core metadata field
 * (核心元数据: the national cataloguing guide's list, after GB/T 21063.3)
 * under its standard Chinese name, as the wire contract gives it; the
 * 开放条件 of an entry open on conditions; the information items as a
 * table (name, data type, length), and the related entry codes, each a row
 * that opens that entry on Enter.
 *
 * The detail comes from the store (fetched on first draw); while it is
 * loading the summary the lists already had is shown, so the view never
 * stands empty.  The cursor moves over rows; `/` filters the rows.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "case.h"
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

/* The widest label, 信息资源提供方代码, is 18 columns; one more parts it from
 * its value. */
#define LABEL_W 20

struct view_entry {
	struct view base;
	char *code;
	struct ui_text text; /* all rows */
	size_t *shown;       /* indices of rows passing the filter */
	size_t n_shown, cap_shown;
	struct ui_list list;
	char *filter;
};

const char *view_sharing_label(int sharing)
{
	switch (sharing) {
	case GOVDX_SHARING_UNCONDITIONAL:
		return _("无条件共享 unconditional");
	case GOVDX_SHARING_CONDITIONAL:
		return _("有条件共享 conditional");
	case GOVDX_SHARING_NONE:
		return _("不予共享 none");
	default:
		return "?";
	}
}

const char *view_sharing_short(int sharing)
{
	switch (sharing) {
	case GOVDX_SHARING_UNCONDITIONAL:
		return "无条件";
	case GOVDX_SHARING_CONDITIONAL:
		return "有条件";
	case GOVDX_SHARING_NONE:
		return "不予共享";
	default:
		return "?";
	}
}

const char *view_open_label(int open)
{
	switch (open) {
	case GOVDX_OPEN_OPEN:
		return _("开放 open");
	case GOVDX_OPEN_CONDITIONAL:
		return _("有条件开放 conditional");
	case GOVDX_OPEN_CLOSED:
		return _("不开放 closed");
	default:
		return "?";
	}
}

/* One items-table row: name, type and length in fixed columns. */
static char *item_row(const char *no, const char *name, const char *type, const char *len,
                      int width)
{
	int name_w = width - 2 - 4 - 14 - 7;
	wchar_t *a, *b, *c, *d;
	char *sa, *sb, *sc, *sd, *row;

	if (name_w < 8)
		name_w = 8;
	a = xcalloc(8, sizeof *a);
	b = xcalloc((size_t)name_w + 1, sizeof *b);
	c = xcalloc(15, sizeof *c);
	d = xcalloc(8, sizeof *d);
	ui_width_fit_utf8(no, 4, UI_WIDTH_RIGHT, a, 8);
	ui_width_fit_utf8(name, name_w, UI_WIDTH_LEFT, b, (size_t)name_w + 1);
	ui_width_fit_utf8(type, 13, UI_WIDTH_LEFT, c, 15);
	ui_width_fit_utf8(len, 6, UI_WIDTH_RIGHT, d, 8);
	sa = ui_width_to_utf8(a);
	sb = ui_width_to_utf8(b);
	sc = ui_width_to_utf8(c);
	sd = ui_width_to_utf8(d);
	row = xasprintf("%s  %s %s %s", sa, sb, sc, sd);
	free(a), free(b), free(c), free(d);
	free(sa), free(sb), free(sc), free(sd);
	return row;
}

/* The objections against the entry that the user may see, as the service
 * lists them (GET /v1/objections?entry=, first page, kept current by the
 * long poll).  Each row opens its objection; the section shows when there
 * are any or the entry is disputed. */
static void entry_objections(struct app *app, struct ui_text *t, const struct govdx_entry *e)
{
	struct casestore_list *l;
	size_t i, n = 0;
	char buf[256], days[32], key[32];
	const char *more, *st;
	int role;

	if (!app->cases)
		return;
	l = casestore_list_entry(app->cases, &case_kind_objection, "all", "", e->code);
	casestore_want_first(app->cases, l);
	if (!l->ids.n && !e->disputed && l->state != STORE_ERROR)
		return;
	ui_text_line(t, UI_ROLE_NORMAL, "", NULL);
	ui_text_line(t, UI_ROLE_TITLE, _("Objections against this entry"), NULL);
	/* The first page: the entry's queue view shows the rest. */
	for (i = 0; i < l->ids.n && (!l->ids.n_pages || i < l->ids.v[0].n); i++) {
		struct casestore_item *it = casestore_row(app->cases, l, i);
		if (!it || !it->obj)
			continue;
		view_case_fields_days_left(&it->c, days, sizeof days, &role);
		/* "-1d!" as the queue marks it: near or past, not by colour alone;
		 * the days right-aligned in 4 columns (printf pads bytes: "≈3d") */
		st = it->c.state ? case_state_label(it->c.state) : "?";
		/* Columns, not bytes: a state may be Chinese. */
		snprintf(buf, sizeof buf, "  > %-10s  %-*s  %*s%s %s", it->c.id,
		         9 + (int)strlen(st) - ui_width_utf8(st), st,
		         4 + (int)strlen(days) - ui_width_utf8(days), days,
		         role == UI_ROLE_OVERDUE || role == UI_ROLE_DUE_SOON ? "!" : " ",
		         it->kind->extra(it->obj));
		ui_text_line(t, role == UI_ROLE_DIM ? UI_ROLE_NORMAL : role, buf, it->c.id);
		n++;
	}
	cmd_first_key(app, cmd_view_index("entry"), "entry-objections", key, sizeof key);
	more = l->state == STORE_ERROR ? l->error :
	       l->state != STORE_DONE  ? _("loading...") :
	       !l->complete            ? _("the first page; the queue has them all") :
	       n                       ? _("Enter opens one") :
	                                 _("none you may see");
	snprintf(buf, sizeof buf, _("%s (%s: the objection queue of this entry)"), more,
	         key[0] ? key : ":entry-objections");
	ui_text_line(t, l->state == STORE_ERROR ? UI_ROLE_ERROR : UI_ROLE_DIM, buf, NULL);
}

/* The release date with the entry's published revision, who published it
 * and when (one row: the revision is what was released), and its
 * retirement (catalog maintenance): H lists its revisions. */
static void describe_revision(struct app *app, struct ui_text *t, const struct govdx_entry *e)
{
	char buf[512], when[32], key[32];
	const char *date = e->release_date ? e->release_date : "-";

	cmd_first_key(app, cmd_view_index("entry"), "entry-history", key, sizeof key);
	if (e->published_by && e->published_at) {
		case_short_time(e->published_at, when, sizeof when);
		snprintf(buf, sizeof buf, _("%s  r%ld, published by %s at %s (%s: revisions)"), date,
		         e->revision, e->published_by, when, key[0] ? key : ":entry-history");
	} else {
		snprintf(buf, sizeof buf, _("%s  r%ld (%s: revisions)"), date, e->revision,
		         key[0] ? key : ":entry-history");
	}
	ui_text_field(t, "发布日期", buf, UI_ROLE_NORMAL);
	if (e->retired) {
		case_short_time(e->retired_at, when, sizeof when);
		snprintf(buf, sizeof buf, _("retired at %s: %s (readable; no new requests)"),
		         e->retired_at ? when : "?", e->retired_reason ? e->retired_reason : "");
		ui_text_field(t, "下架 retired", buf, UI_ROLE_RETIRED);
	}
}

/* A label with a column to spare in t's label column: the standard name,
 * else a shorter form (the directory's narrow preview). */
static const char *label(const struct ui_text *t, const char *name, const char *shorter)
{
	return ui_width_utf8(name) < t->label_w ? name : shorter;
}

/* The rows of an entry; objections: the entry view itself, with the list
 * of objections against the entry (not the directory's preview).  Fields
 * carry the standard names of the core metadata (核心元数据 of the national
 * cataloguing guide, after GB/T 21063.3), Chinese first: officials know
 * them by those names.  The summary (detail false) keeps its labels within
 * 14 columns; label() shortens the long ones where the column is narrow. */
static void describe(struct app *app, struct ui_text *t, const struct govdx_entry *e,
                     bool detail, bool objections)
{
	char buf[512];
	size_t i;
	const struct store_platform *sp;

	if (e->retired) {
		/* 下架: a word, not only a colour */
		snprintf(buf, sizeof buf, _("下架 %s  [retired]"), e->name ? e->name : "");
		ui_text_line(t, UI_ROLE_RETIRED, buf, NULL);
	} else if (e->disputed) {
		/* A word, not only a colour: monochrome terminals show it too. */
		snprintf(buf, sizeof buf, _("异议 %s  [disputed]"), e->name ? e->name : "");
		ui_text_line(t, UI_ROLE_DISPUTED, buf, NULL);
	} else {
		ui_text_line(t, UI_ROLE_TITLE, e->name, NULL);
	}
	/* The name under its standard label in the entry view; the preview's
	 * few rows have it as their title only. */
	if (objections)
		ui_text_field(t, "信息资源名称", e->name, UI_ROLE_NORMAL);
	ui_text_field(t, "信息资源代码", e->code, UI_ROLE_NORMAL);
	if (detail) {
		snprintf(buf, sizeof buf, "%s  %s", e->classification ? e->classification : "-",
		         e->classification_name ? e->classification_name : "");
		ui_text_field(t, "信息资源分类", buf, UI_ROLE_NORMAL);
		ui_text_field(t, "信息资源提供方", e->department_name, UI_ROLE_NORMAL);
		ui_text_field(t, label(t, "信息资源提供方代码", "提供方代码"), e->department_code,
		              UI_ROLE_NORMAL);
	} else {
		snprintf(buf, sizeof buf, "%s (%s)", e->department_name ? e->department_name : "-",
		         e->department_code ? e->department_code : "-");
		ui_text_field(t, "信息资源提供方", buf, UI_ROLE_NORMAL);
	}
	sp = store_platform_find(app->store, e->platform_code);
	snprintf(buf, sizeof buf, "%s (%s)",
	         e->platform_name ? e->platform_name : sp && sp->p.name ? sp->p.name : "-",
	         e->platform_code);
	ui_text_field(t, "所属平台", buf, UI_ROLE_NORMAL);
	if (detail) {
		ui_text_field(t, "信息资源摘要", e->abstract, UI_ROLE_NORMAL);
		ui_text_field(t, "信息资源格式", e->format, UI_ROLE_NORMAL);
		ui_text_line(t, UI_ROLE_TITLE, _("共享属性 Sharing"), NULL);
	}
	ui_text_field(t, detail ? "  共享类型" : "共享类型", view_sharing_label(e->sharing_type),
	              UI_ROLE_NORMAL);
	if (detail) {
		ui_text_field(t, "  共享条件", e->sharing_condition, UI_ROLE_NORMAL);
		ui_text_field(t, "  共享方式", e->sharing_method, UI_ROLE_NORMAL);
		ui_text_field(t, "  依据", e->basis, UI_ROLE_NORMAL);
		ui_text_line(t, UI_ROLE_TITLE, _("开放属性 Open to the public"), NULL);
	}
	ui_text_field(t, detail ? label(t, "  是否向社会开放", "是否向社会开放") : "是否向社会开放",
	              view_open_label(e->open_attribute), UI_ROLE_NORMAL);
	if (detail && e->open_attribute == GOVDX_OPEN_CONDITIONAL)
		ui_text_field(t, "  开放条件", e->open_condition, UI_ROLE_NORMAL);
	ui_text_field(t, "更新周期", e->update_cycle, UI_ROLE_NORMAL);
	if (detail && e->revision > 0)
		describe_revision(app, t, e);
	else if (detail)
		ui_text_field(t, "发布日期", e->release_date, UI_ROLE_NORMAL);

	ui_text_field(t, "异议标注",
	              e->disputed ? _("yes: under an accepted objection (异议标注)") : _("no"),
	              e->disputed ? UI_ROLE_DISPUTED : UI_ROLE_NORMAL);
	if (!detail)
		return;
	if (objections)
		entry_objections(app, t, e);
	ui_text_line(t, UI_ROLE_NORMAL, "", NULL);
	snprintf(buf, sizeof buf, _("信息项信息 Information items (%zu)%s"), e->n_items,
	         e->n_items ? _(": o raises an objection against one") : "");
	ui_text_line(t, UI_ROLE_TITLE, buf, NULL);
	if (e->n_items) {
		char *row = item_row("#", "信息项名称", "数据类型", "长度", t->width);
		ui_text_line(t, UI_ROLE_DIM, row, NULL);
		free(row);
	}
	for (i = 0; i < e->n_items; i++) {
		char no[24], len[24];
		char *row;
		snprintf(no, sizeof no, "%zu", i + 1);
		if (e->items[i].length > 0)
			snprintf(len, sizeof len, "%d", e->items[i].length);
		else
			snprintf(len, sizeof len, "-");
		row = item_row(no, e->items[i].name, e->items[i].data_type, len, t->width);
		ui_text_line(t, UI_ROLE_NORMAL, row, NULL);
		t->rows[t->n - 1].item = xstrdup(e->items[i].name);
		free(row);
	}
	ui_text_line(t, UI_ROLE_NORMAL, "", NULL);
	snprintf(buf, sizeof buf, _("关联资源代码 Related entries (%zu)%s"), e->n_related,
	         e->n_related ? _(": Enter opens") : "");
	ui_text_line(t, UI_ROLE_TITLE, buf, NULL);
	for (i = 0; i < e->n_related; i++) {
		const char *name = store_entry_name(app->store, e->related[i]);
		char *row = xasprintf("  > %s  %s", e->related[i], name ? name : "");
		ui_text_line(t, UI_ROLE_NORMAL, row, e->related[i]);
		free(row);
	}
}

void view_entry_describe(struct app *app, struct ui_text *t, const struct govdx_entry *e,
                         bool detail)
{
	describe(app, t, e, detail, false);
}

static void entry_recalc(struct view *v, struct app *app, struct ui_rect r)
{
	struct view_entry *ve = (struct view_entry *)v;
	struct store_entry *se = store_entry(app->store, ve->code);
	size_t i;

	store_want_entry(app->store, se, false);
	ui_text_reset(&ve->text, r.w - 2, LABEL_W);
	if (se->e) {
		describe(app, &ve->text, se->e, true, true);
		/* Names of related entries, so the links say where they go. */
		for (i = 0; i < se->e->n_related; i++)
			if (!store_entry_name(app->store, se->e->related[i]))
				store_want_entry(app->store, store_entry(app->store, se->e->related[i]),
				                 true);
	} else if (se->state == STORE_ERROR) {
		ui_text_line(&ve->text, UI_ROLE_TITLE, ve->code, NULL);
		ui_text_para(&ve->text, UI_ROLE_ERROR,
		             se->not_found ? _("No entry has this code.") : se->error);
	} else {
		ui_text_line(&ve->text, UI_ROLE_TITLE, ve->code, NULL);
		ui_text_line(&ve->text, UI_ROLE_DIM, _("loading..."), NULL);
	}
	ve->n_shown = 0;
	for (i = 0; i < ve->text.n; i++) {
		const struct ui_text_row *row = &ve->text.rows[i];
		if (ve->filter[0] && !ui_list_match(ve->filter, row->text, row->label))
			continue;
		xgrow(&ve->shown, &ve->cap_shown, ve->n_shown + 1, sizeof *ve->shown);
		ve->shown[ve->n_shown++] = i;
	}
	ve->list.n = (int)ve->n_shown;
	ui_list_fix(&ve->list, r.h - 1);
}

static void entry_draw(struct view *v, struct app *app, struct ui_canvas *c, struct ui_rect r)
{
	struct view_entry *ve = (struct view_entry *)v;
	int row;
	char title[256];

	snprintf(title, sizeof title, _(" Entry %s"), ve->code);
	ui_canvas_text(c, r.y, r.x, r.w, UI_ROLE_TITLE, title, UI_WIDTH_LEFT);
	for (row = 0; row < r.h - 1; row++) {
		int i = ve->list.top + row;
		if (i >= (int)ve->n_shown)
			break;
		ui_text_draw_row(c, r.y + 1 + row, r.x + 1, r.w - 2, &ve->text, ve->shown[i],
		                 i == ve->list.cur ? UI_ROLE_SELECTED : -1);
		if (i == ve->list.cur)
			ui_canvas_role(c, r.y + 1 + row, r.x, r.w, UI_ROLE_SELECTED);
	}
}

static int entry_request(struct view *v, struct app *app, enum view_req req, const char *arg,
                         char *err, size_t errlen)
{
	struct view_entry *ve = (struct view_entry *)v;
	const struct ui_text_row *row;

	if (ui_list_request(&ve->list, req))
		return 0;
	switch (req) {
	case REQ_SELECT:
	case REQ_EXPAND:
		if (ve->list.cur >= (int)ve->n_shown)
			return -1;
		row = &ve->text.rows[ve->shown[ve->list.cur]];
		if (!row->link) {
			snprintf(err, errlen, "%s",
			         _("nothing to open here: move to a related entry"));
			return -1;
		}
		if (case_kind_of_id(row->link))
			app_open_case(app, row->link);
		else
			app_open_entry(app, row->link);
		return 0;
	case REQ_REFRESH:
		store_refresh_entry(app->store, store_entry(app->store, ve->code));
		return 0;
	default:
		return -1;
	}
}

static const char *entry_filter(struct view *v)
{
	return ((struct view_entry *)v)->filter;
}

static void entry_set_filter(struct view *v, struct app *app, const char *f)
{
	struct view_entry *ve = (struct view_entry *)v;

	free(ve->filter);
	ve->filter = xstrdup(f ? f : "");
	ve->list.cur = ve->list.top = 0;
	app->dirty = true;
}

static void entry_crumbs(struct view *v, struct app *app, char *buf, size_t len)
{
	struct view_entry *ve = (struct view_entry *)v;
	struct store_entry *se = store_entry(app->store, ve->code);
	struct store_platform *p = se->e ? store_platform(app->store, se->e->platform_code) : NULL;
	size_t used = 0;

	buf[0] = '\0';
	if (p && p->path_len) {
		size_t i;
		for (i = 0; i < p->path_len; i++) {
			struct store_platform *q = store_platform_find(app->store, p->path[i]);
			used += (size_t)snprintf(buf + used, used < len ? len - used : 0, "%s%s",
			                         i ? " › " : "",
			                         i == 0 ? "国家" : q && q->p.name ? q->p.name : p->path[i]);
		}
	} else if (p) {
		store_want_node(app->store, p);
	}
	if (se->e)
		snprintf(buf + (used < len ? used : len - 1), used < len ? len - used : 1, "%s%s › %s",
		         used ? " › " : "", se->e->department_name ? se->e->department_name : "",
		         se->e->name);
	else
		snprintf(buf, len, "%s", ve->code);
}

static void entry_position(struct view *v, int *cur, int *n, int *more)
{
	struct view_entry *ve = (struct view_entry *)v;

	*cur = ve->list.cur + 1;
	*n = ve->list.n;
	*more = 0;
}

static bool entry_subject(struct view *v, struct app *app, char *buf, size_t len)
{
	snprintf(buf, len, "entry:%s", ((struct view_entry *)v)->code);
	return true;
}

static bool entry_item(struct view *v, struct app *app, char *buf, size_t len)
{
	struct view_entry *ve = (struct view_entry *)v;
	const struct ui_text_row *row;

	if (ve->list.cur >= (int)ve->n_shown)
		return false;
	row = &ve->text.rows[ve->shown[ve->list.cur]];
	if (!row->item)
		return false;
	snprintf(buf, len, "%s", row->item);
	return true;
}

static void entry_free(struct view *v)
{
	struct view_entry *ve = (struct view_entry *)v;

	free(ve->code);
	ui_text_free(&ve->text);
	free(ve->shown);
	free(ve->filter);
	free(ve);
}

static const struct view_ops entry_ops = {
	.name = "entry",
	.recalc = entry_recalc,
	.draw = entry_draw,
	.request = entry_request,
	.filter = entry_filter,
	.set_filter = entry_set_filter,
	.crumbs = entry_crumbs,
	.position = entry_position,
	.free = entry_free,
	.subject = entry_subject,
	.item = entry_item,
};

struct view *view_entry_new(struct app *app, const char *code)
{
	struct view_entry *ve = xcalloc(1, sizeof *ve);

	ve->base.ops = &entry_ops;
	ve->code = xstrdup(code);
	ve->filter = xstrdup("");
	return &ve->base;
}
