/*
 * view-directory — the directory: platform tree | departments and entries
 * of the selected platform | preview of the selected row.
 *
 * Layout: at 100 columns or more the three panes stand side by side.
 * Narrower (80x24), the tree and the list share the top and the preview is a
 * split across the bottom (toggled with `p`, which gives the lists the
 * whole height).  Tab moves the focus between tree and list; the preview
 * always describes the row under the cursor of the focused pane.
 *
 * The tree starts with the national platform (shown as 国家) expanded.
 * Expanding a platform fetches its children; selecting one fetches its
 * departments.  A department row expands into its entries, a page at a
 * time as the cursor nears the end.  `/` filters the focused pane: the tree
 * keeps the ancestors of matching platforms, the list keeps departments
 * that match or hold matching entries.
 *
 * Invariant: rows are rebuilt from the store on every recalc and the
 * cursor follows its row by code (sel_code, list_sel), so rows arriving,
 * refreshes and filters never make the cursor jump to another item.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "hmap.h"
#include "i18n.h"
#include "store.h"
#include "ui-list.h"
#include "ui-text.h"
#include "ui-theme.h"
#include "ui-width.h"
#include "view.h"
#include "xalloc.h"

#include "view-directory.h"

const char *vdir_pname(const struct store_platform *p)
{
	if (!strcmp(p->p.code, NATIONAL) || p->p.level == GOVDX_LEVEL_NATIONAL)
		return "国家";
	return p->p.name ? p->p.name : p->p.code;
}

static struct row *push(struct rows *r, enum row_kind kind, int depth)
{
	struct row *row;

	xgrow(&r->v, &r->cap, r->n + 1, sizeof *r->v);
	row = &r->v[r->n++];
	memset(row, 0, sizeof *row);
	row->kind = kind;
	row->depth = depth;
	return row;
}

static void note(struct rows *r, int depth, const char *text, int role, struct store_list *more)
{
	struct row *row = push(r, ROW_NOTE, depth);

	row->note = text;
	row->note_role = role;
	row->more = more;
}

/* ---- the tree ---------------------------------------------------------- */

/* Adds p and (if open) its subtree; with a filter, drops subtrees with no
 * match.  Returns whether anything was kept. */
static bool add_platform(struct view_directory *vd, struct app *app, struct store_platform *p,
                         int depth)
{
	size_t start = vd->tree.n, i;
	bool self = ui_list_match(vd->tree_filter, vdir_pname(p), p->p.code);
	bool open = hmap_get(vd->expanded, p->p.code) != NULL;

	push(&vd->tree, ROW_PLATFORM, depth)->p = p;
	if (open) {
		store_want_kids(app->store, p);
		for (i = 0; i < p->kids.rows.n; i++)
			add_platform(vd, app, pages_peek(&p->kids.rows, i), depth + 1);
		if (p->kids.state == STORE_LOADING && !p->kids.rows.n)
			note(&vd->tree, depth + 1, _("loading..."), UI_ROLE_DIM, NULL);
		else if (p->kids.state == STORE_ERROR && !p->kids.rows.n)
			note(&vd->tree, depth + 1, p->kids.error, UI_ROLE_ERROR, NULL);
	}
	if (!self && vd->tree.n == start + 1) {
		vd->tree.n = start;
		return false;
	}
	return true;
}

/* Opens every ancestor of a known platform; false if the chain is not
 * known up to the national platform. */
bool vdir_reveal(struct view_directory *vd, struct app *app, struct store_platform *p)
{
	struct store_platform *q = p;
	int guard = 0;

	while (q && q->p.parent_code[0] && guard++ < 8) {
		q = store_platform_find(app->store, q->p.parent_code);
		if (!q)
			return false;
		hmap_put(vd->expanded, q->p.code, (void *)1);
	}
	if (!q || strcmp(q->p.code, NATIONAL) != 0)
		return false;
	snprintf(vd->want_sel, sizeof vd->want_sel, "%s", p->p.code);
	vd->focus = PANE_TREE;
	return true;
}

static void recalc_tree(struct view_directory *vd, struct app *app, int height)
{
	struct store_platform *root = store_platform(app->store, NATIONAL);
	size_t i;
	int found = -1;

	store_want_node(app->store, root);
	if (vd->goto_code[0]) {
		struct store_platform *g = store_platform_find(app->store, vd->goto_code);
		if (g && g->node_state == STORE_DONE) {
			for (i = 0; i + 1 < g->path_len; i++)
				hmap_put(vd->expanded, g->path[i], (void *)1);
			snprintf(vd->want_sel, sizeof vd->want_sel, "%s", vd->goto_code);
			vd->focus = PANE_TREE;
			vd->goto_code[0] = '\0';
		} else if (!g || g->node_state == STORE_ERROR) {
			app_error(app, _("no platform has the code %s"), vd->goto_code);
			vd->goto_code[0] = '\0';
		}
	}
	vd->tree.n = 0;
	add_platform(vd, app, root, 0);
	if (vd->child_of[0]) {
		struct store_platform *parent = store_platform_find(app->store, vd->child_of);
		if (parent && parent->kids.rows.n) {
			size_t n = parent->kids.rows.n;
			size_t k = (size_t)vd->child_steps < n ? (size_t)vd->child_steps : n - 1;
			struct store_platform *child = pages_peek(&parent->kids.rows, k);

			snprintf(vd->want_sel, sizeof vd->want_sel, "%s", child->p.code);
			vd->child_of[0] = '\0';
			vd->child_steps = 0;
		} else if (!parent || parent->kids.state != STORE_LOADING) {
			vd->child_of[0] = '\0';
			vd->child_steps = 0;
		}
	}
	if (vd->want_sel[0]) {
		/* A platform to go to: select it as soon as its row exists. */
		for (i = 0; i < vd->tree.n; i++)
			if (vd->tree.v[i].kind == ROW_PLATFORM &&
			    !strcmp(vd->tree.v[i].p->p.code, vd->want_sel)) {
				snprintf(vd->sel_code, sizeof vd->sel_code, "%s", vd->want_sel);
				vd->want_sel[0] = '\0';
				break;
			}
	}
	for (i = 0; i < vd->tree.n; i++)
		if (vd->tree.v[i].kind == ROW_PLATFORM && !strcmp(vd->tree.v[i].p->p.code, vd->sel_code))
			found = (int)i;
	/* Waiting on a platform's "loading..." row: the cursor stays there. */
	for (i = 0; vd->child_of[0] && i + 1 < vd->tree.n; i++)
		if (vd->tree.v[i].kind == ROW_PLATFORM && vd->tree.v[i + 1].kind == ROW_NOTE &&
		    !strcmp(vd->tree.v[i].p->p.code, vd->child_of))
			found = (int)i + 1;
	vd->tcur.n = (int)vd->tree.n;
	if (found >= 0)
		vd->tcur.cur = found;
	ui_list_fix(&vd->tcur, height);
	if (vd->tcur.cur < vd->tcur.n && vd->tree.v[vd->tcur.cur].kind == ROW_PLATFORM)
		snprintf(vd->sel_code, sizeof vd->sel_code, "%s",
		         vd->tree.v[vd->tcur.cur].p->p.code);
}

/* ---- the list ---------------------------------------------------------- */

const struct govdx_entry *vdir_entry(const struct row *r)
{
	return r->kind == ROW_ENTRY && r->el ? pages_peek(&r->el->rows, r->idx) : NULL;
}

void vdir_row_key(const struct row *r, char *buf, size_t len)
{
	if (r->kind == ROW_DEPT)
		snprintf(buf, len, "d:%s", r->d->code);
	else if (vdir_entry(r))
		snprintf(buf, len, "e:%s", vdir_entry(r)->code);
	else
		buf[0] = '\0';
}

static void recalc_list(struct view_directory *vd, struct app *app, int height)
{
	struct store_platform *p = store_platform_find(app->store, vd->sel_code);
	size_t i, j;
	int found = -1;
	char key[128];

	vd->list.n = 0;
	if (strcmp(vd->list_platform, vd->sel_code) != 0) {
		snprintf(vd->list_platform, sizeof vd->list_platform, "%s", vd->sel_code);
		vd->lcur.cur = vd->lcur.top = 0;
		vd->list_sel[0] = '\0';
	}
	if (!p) {
		vd->lcur.n = 0;
		return;
	}
	store_want_depts(app->store, p, false);
	for (i = 0; i < p->depts.rows.n; i++) {
		struct govdx_department *d = pages_peek(&p->depts.rows, i);
		bool open = hmap_get(vd->dept_open, d->code) != NULL;
		bool dmatch = ui_list_match(vd->list_filter, d->name, d->code);
		size_t start = vd->list.n;
		struct store_list *l = open ? store_dept_entries(app->store, d->code) : NULL;

		size_t shown = 0;

		push(&vd->list, ROW_DEPT, 0)->d = d;
		if (open) {
			store_want_first(app->store, l);
			for (j = 0; j < l->rows.n; j++) {
				struct govdx_entry *e = pages_peek(&l->rows, j);
				struct row *r;
				/* A dropped row (fetched again once shown) cannot
				 * match a filter: `/` filters the rows held. */
				if (!dmatch &&
				    (!e || !ui_list_match(vd->list_filter, e->name, e->code)))
					continue;
				r = push(&vd->list, ROW_ENTRY, 1);
				r->el = l;
				r->idx = j;
				r->d = d;
				shown++;
			}
			if (l->state == STORE_LOADING)
				note(&vd->list, 1, _("loading..."), UI_ROLE_DIM, l);
			else if (l->state == STORE_ERROR)
				note(&vd->list, 1, l->error, UI_ROLE_ERROR, l);
			else if (!l->complete)
				note(&vd->list, 1, _("more..."), UI_ROLE_DIM, l);
			else if (!l->rows.n)
				note(&vd->list, 1, _("no entries"), UI_ROLE_DIM, NULL);
		}
		/* Filtered out: neither the department nor any entry matches. */
		if (!dmatch && !shown)
			vd->list.n = start;
	}
	if (!p->depts.rows.n) {
		if (p->depts.state == STORE_ERROR)
			note(&vd->list, 0, p->depts.error, UI_ROLE_ERROR, NULL);
		else if (p->depts.state == STORE_DONE)
			note(&vd->list, 0, _("no departments on this platform"), UI_ROLE_DIM, NULL);
		else
			note(&vd->list, 0, _("loading..."), UI_ROLE_DIM, NULL);
	}
	for (i = 0; i < vd->list.n && vd->list_sel[0]; i++) {
		vdir_row_key(&vd->list.v[i], key, sizeof key);
		if (!strcmp(key, vd->list_sel)) {
			found = (int)i;
			break;
		}
	}
	vd->lcur.n = (int)vd->list.n;
	if (found >= 0)
		vd->lcur.cur = found;
	ui_list_fix(&vd->lcur, height);
	/* The entries on screen are read now: a dropped page among them is
	 * fetched again, and the pages shown are the last to go. */
	for (i = (size_t)vd->lcur.top; i < vd->list.n && i < (size_t)(vd->lcur.top + height); i++)
		if (vd->list.v[i].kind == ROW_ENTRY)
			store_row(app->store, vd->list.v[i].el, vd->list.v[i].idx);
	if (vd->lcur.cur < vd->lcur.n && (vd->list.v[vd->lcur.cur].kind != ROW_ENTRY ||
	                                  vdir_entry(&vd->list.v[vd->lcur.cur])))
		vdir_row_key(&vd->list.v[vd->lcur.cur], vd->list_sel, sizeof vd->list_sel);
	/* Page in more entries when a "more" row is near the cursor. */
	for (i = (size_t)vd->lcur.cur; i < vd->list.n && i <= (size_t)vd->lcur.cur + NEAR_END; i++)
		if (vd->list.v[i].kind == ROW_NOTE && vd->list.v[i].more)
			store_more(app->store, vd->list.v[i].more);
}

/* ---- layout ------------------------------------------------------------ */

struct layout {
	struct ui_rect tree, list, preview;
	bool side;        /* preview beside the lists (wide) or below (narrow) */
	bool has_preview;
};

static struct layout layout(struct app *app, struct ui_rect r)
{
	struct layout L;
	int top_h = r.h;

	memset(&L, 0, sizeof L);
	L.has_preview = app->preview;
	if (r.w >= 100) {
		int tw = r.w * 26 / 100, pw = L.has_preview ? r.w * 34 / 100 : 0;
		if (tw < 24)
			tw = 24;
		if (tw > 40)
			tw = 40;
		L.side = true;
		L.tree = (struct ui_rect){ r.y, r.x, r.h, tw };
		L.list = (struct ui_rect){ r.y, r.x + tw + 1, r.h, r.w - tw - 1 - (pw ? pw + 1 : 0) };
		if (pw)
			L.preview = (struct ui_rect){ r.y, r.x + r.w - pw, r.h, pw };
		return L;
	}
	if (L.has_preview && r.h >= 14) {
		int ph = r.h * 2 / 5;
		top_h = r.h - ph;
		L.preview = (struct ui_rect){ r.y + top_h, r.x, ph, r.w };
	} else {
		L.has_preview = false;
	}
	{
		int tw = r.w * 38 / 100;
		L.tree = (struct ui_rect){ r.y, r.x, top_h, tw };
		L.list = (struct ui_rect){ r.y, r.x + tw + 1, top_h, r.w - tw - 1 };
	}
	return L;
}

/* The departments of the platforms next to the cursor in the tree are
 * asked for after the selected one's: a step onto one then shows its list
 * in one frame, not "loading..." and then the list (half the bytes to the
 * terminal, and no wait for the answer over a slow link). */
static void prefetch(struct view_directory *vd, struct app *app)
{
	int i;

	for (i = vd->tcur.cur - 1; i <= vd->tcur.cur + 1; i += 2)
		if (i >= 0 && (size_t)i < vd->tree.n && vd->tree.v[i].kind == ROW_PLATFORM)
			store_want_depts(app->store, vd->tree.v[i].p, true);
}

static void dir_recalc(struct view *v, struct app *app, struct ui_rect r)
{
	struct view_directory *vd = (struct view_directory *)v;
	struct layout L = layout(app, r);

	recalc_tree(vd, app, L.tree.h - 1);
	recalc_list(vd, app, L.list.h - 1);
	prefetch(vd, app);
}

/* ---- drawing ----------------------------------------------------------- */

static void count_str(long n, char *buf, size_t len)
{
	if (n >= 1000000)
		snprintf(buf, len, "%.1fM", (double)n / 1000000.0);
	else if (n >= 100000)
		snprintf(buf, len, "%ldk", n / 1000);
	else
		snprintf(buf, len, "%ld", n);
}

static void draw_title(struct ui_canvas *c, struct ui_rect r, const char *text, bool focused)
{
	char *t = xasprintf("%s%s", focused ? ">" : " ", text);

	ui_canvas_text(c, r.y, r.x, r.w, UI_ROLE_TITLE, t, UI_WIDTH_LEFT);
	free(t);
}

static void draw_row(struct ui_canvas *c, int y, int x, int w, const struct row *row,
                     bool open, bool cursor, bool focused)
{
	char count[32] = "", *text;
	const char *marker = "  ";
	const struct govdx_entry *e;
	int indent = row->depth * 2, cw, role = UI_ROLE_NORMAL;

	if (indent > w / 3)
		indent = w / 3;
	switch (row->kind) {
	case ROW_PLATFORM:
		if (row->p->have_counts)
			count_str(row->p->p.counts.subtree_entries, count, sizeof count);
		marker = row->p->have_counts && row->p->p.counts.children == 0 ? "  " : open ? "- " : "+ ";
		text = xasprintf("%*s%s%s", indent, "", marker, vdir_pname(row->p));
		break;
	case ROW_DEPT:
		count_str(row->d->entry_count, count, sizeof count);
		/* A department without entries has nothing to expand. */
		text = xasprintf("%s%s", row->d->entry_count == 0 ? "  " : open ? "- " : "+ ",
		                 row->d->name);
		break;
	case ROW_ENTRY:
		if (!(e = vdir_entry(row))) {
			/* Its page was dropped and is being fetched again. */
			text = xasprintf("%*s %s", indent, "", _("loading..."));
			role = UI_ROLE_DIM;
			break;
		}
		snprintf(count, sizeof count, "%s", view_sharing_short(e->sharing_type));
		/* The disputed flag is a word, not only a colour (monochrome). */
		text = xasprintf("%*s%s%s", indent, "", e->disputed ? "异议 " : " ", e->name);
		if (e->disputed)
			role = UI_ROLE_DISPUTED;
		break;
	default:
		text = xasprintf("%*s%s", indent + 2, "", row->note ? row->note : "");
		role = row->note_role;
		break;
	}
	/* An entry's sharing column is as wide as its widest label, 不予共享,
	 * so the names end at one column on every row. */
	cw = row->kind == ROW_ENTRY && count[0] ? VIEW_SHARING_SHORT_W + 1 :
	     count[0]               ? ui_width_utf8(count) + 1 :
	                              0;
	if (cw > w / 2)
		cw = 0;
	ui_canvas_text(c, y, x, w - cw, role, text, UI_WIDTH_LEFT);
	/* Counts align right; the sharing labels start at one column. */
	if (cw && row->kind == ROW_ENTRY && count[0])
		ui_canvas_text(c, y, x + w - cw + 1, cw - 1, UI_ROLE_DIM, count, UI_WIDTH_LEFT);
	else if (cw)
		ui_canvas_text(c, y, x + w - cw, cw, UI_ROLE_DIM, count, UI_WIDTH_RIGHT);
	if (cursor)
		ui_canvas_role(c, y, x, w, focused ? UI_ROLE_SELECTED : UI_ROLE_CURSOR);
	free(text);
}

static void draw_pane(struct view_directory *vd, struct ui_canvas *c, struct ui_rect r,
                      struct rows *rows, struct ui_list *l, bool focused, bool tree)
{
	int i;

	for (i = 0; i < r.h - 1; i++) {
		int k = l->top + i;
		const struct row *row;
		bool open;
		if (k >= (int)rows->n)
			break;
		row = &rows->v[k];
		open = row->kind == ROW_PLATFORM ? hmap_get(vd->expanded, row->p->p.code) != NULL :
		       row->kind == ROW_DEPT     ? hmap_get(vd->dept_open, row->d->code) != NULL :
		                                   false;
		draw_row(c, r.y + 1 + i, r.x, r.w, row, open, k == l->cur, focused);
	}
	(void)tree;
}

/* The level of a platform in words (govdx_level_name's English). */
static const char *level_label(enum govdx_level l)
{
	switch (l) {
	case GOVDX_LEVEL_NATIONAL:
		return _("national");
	case GOVDX_LEVEL_PROVINCIAL:
		return _("provincial");
	case GOVDX_LEVEL_MUNICIPAL:
		return _("municipal");
	case GOVDX_LEVEL_COUNTY:
		return _("county");
	default:
		return _("unknown");
	}
}

static void describe_platform(struct app *app, struct ui_text *t, const struct store_platform *p)
{
	char buf[128];

	ui_text_line(t, UI_ROLE_TITLE, vdir_pname(p), NULL);
	ui_text_field(t, _("Code"), p->p.code, UI_ROLE_NORMAL);
	ui_text_field(t, _("Level"), level_label(p->p.level), UI_ROLE_NORMAL);
	if (!p->have_counts)
		return;
	snprintf(buf, sizeof buf, "%ld", p->p.counts.children);
	ui_text_field(t, _("Sub-platforms"), buf, UI_ROLE_NORMAL);
	snprintf(buf, sizeof buf, _("%ld here, %ld in the subtree"), p->p.counts.departments,
	         p->p.counts.subtree_departments);
	ui_text_field(t, _("Departments"), buf, UI_ROLE_NORMAL);
	snprintf(buf, sizeof buf, _("%ld here, %ld in the subtree"), p->p.counts.entries,
	         p->p.counts.subtree_entries);
	ui_text_field(t, _("Entries"), buf, UI_ROLE_NORMAL);
}

static void draw_preview(struct view_directory *vd, struct app *app, struct ui_canvas *c,
                         struct ui_rect r)
{
	struct ui_text *t = &vd->preview;
	const struct row *row = NULL;
	int i;

	/* Room for the core metadata's labels (信息资源提供方代码, 18 columns) where
	 * the pane has it; the entry's description shortens them otherwise. */
	ui_text_reset(t, r.w - 2, r.w >= 60 ? 20 : r.w >= 40 ? 16 : 15);
	if (vd->focus == PANE_LIST && vd->lcur.cur < (int)vd->list.n)
		row = &vd->list.v[vd->lcur.cur];
	else if (vd->focus == PANE_TREE && vd->tcur.cur < (int)vd->tree.n)
		row = &vd->tree.v[vd->tcur.cur];
	if (row && row->kind == ROW_PLATFORM) {
		describe_platform(app, t, row->p);
	} else if (row && row->kind == ROW_DEPT) {
		char buf[64];
		ui_text_line(t, UI_ROLE_TITLE, row->d->name, NULL);
		ui_text_field(t, _("Code"), row->d->code, UI_ROLE_NORMAL);
		snprintf(buf, sizeof buf, "%ld", row->d->entry_count);
		ui_text_field(t, _("Entries"), buf, UI_ROLE_NORMAL);
		ui_text_line(t, UI_ROLE_DIM, _("Enter lists its entries"), NULL);
	} else if (row && vdir_entry(row)) {
		const struct govdx_entry *e = vdir_entry(row);
		struct store_entry *se = store_entry(app->store, e->code);
		store_want_entry(app->store, se, true);
		view_entry_describe(app, t, se->e ? se->e : e, se->e != NULL);
	}
	ui_canvas_fill(c, r, UI_ROLE_NORMAL);
	draw_title(c, (struct ui_rect){ r.y, r.x, 1, r.w }, _("Preview"), false);
	for (i = 0; i < r.h - 1 && i < (int)t->n; i++)
		ui_text_draw_row(c, r.y + 1 + i, r.x + 1, r.w - 2, t, (size_t)i, -1);
}

static void dir_draw(struct view *v, struct app *app, struct ui_canvas *c, struct ui_rect r)
{
	struct view_directory *vd = (struct view_directory *)v;
	struct layout L = layout(app, r);
	struct store_platform *p = store_platform_find(app->store, vd->sel_code);
	char *title;

	draw_title(c, L.tree, _("Platforms"), vd->focus == PANE_TREE);
	/* One blank column before the separator keeps counts off the line. */
	draw_pane(vd, c, (struct ui_rect){ L.tree.y, L.tree.x, L.tree.h, L.tree.w - 1 }, &vd->tree,
	          &vd->tcur, vd->focus == PANE_TREE, true);
	ui_canvas_vline(c, L.tree.y, L.tree.x + L.tree.w, L.tree.h, UI_ROLE_BORDER);
	title = xasprintf(_("%s: departments (%zu)"), p ? vdir_pname(p) : "",
	                  p ? p->depts.rows.n : 0);
	draw_title(c, L.list, title, vd->focus == PANE_LIST);
	free(title);
	/* The same blank column where the preview's separator follows. */
	draw_pane(vd, c,
	          (struct ui_rect){ L.list.y, L.list.x, L.list.h,
	                            L.has_preview && L.side ? L.list.w - 1 : L.list.w },
	          &vd->list, &vd->lcur, vd->focus == PANE_LIST, false);
	if (L.has_preview) {
		if (L.side)
			ui_canvas_vline(c, L.preview.y, L.preview.x - 1, L.preview.h, UI_ROLE_BORDER);
		draw_preview(vd, app, c, L.preview);
	}
}

/* ---- filter, crumbs, position ------------------------------------------ */

static const char *dir_filter(struct view *v)
{
	struct view_directory *vd = (struct view_directory *)v;

	return vd->focus == PANE_TREE ? vd->tree_filter : vd->list_filter;
}

static void dir_set_filter(struct view *v, struct app *app, const char *f)
{
	struct view_directory *vd = (struct view_directory *)v;
	char **slot = vd->focus == PANE_TREE ? &vd->tree_filter : &vd->list_filter;

	free(*slot);
	*slot = xstrdup(f ? f : "");
	app->dirty = true;
}

static void dir_crumbs(struct view *v, struct app *app, char *buf, size_t len)
{
	struct view_directory *vd = (struct view_directory *)v;
	struct store_platform *chain[12], *p = store_platform_find(app->store, vd->sel_code);
	int n = 0, i;
	size_t used = 0;
	struct row *row;

	buf[0] = '\0';
	while (p && n < 12) {
		chain[n++] = p;
		p = p->p.parent_code[0] ? store_platform_find(app->store, p->p.parent_code) : NULL;
	}
	for (i = n - 1; i >= 0; i--)
		used += (size_t)snprintf(buf + used, used < len ? len - used : 0, "%s%s",
		                         i == n - 1 ? "" : " › ", vdir_pname(chain[i]));
	row = vd->focus == PANE_LIST ? vdir_cur_row(vd) : NULL;
	if (row && row->d && used < len)
		snprintf(buf + used, len - used, " › %s", row->d->name);
}

static void dir_position(struct view *v, int *cur, int *n, int *more)
{
	struct view_directory *vd = (struct view_directory *)v;
	struct ui_list *l = vd->focus == PANE_TREE ? &vd->tcur : &vd->lcur;

	*cur = l->cur + 1;
	*n = l->n;
	*more = 0;
}

static bool dir_subject(struct view *v, struct app *app, char *buf, size_t len)
{
	struct view_directory *vd = (struct view_directory *)v;
	struct row *row = vd->focus == PANE_LIST ? vdir_cur_row(vd) : NULL;

	if (!row || !vdir_entry(row))
		return false;
	snprintf(buf, len, "entry:%s", vdir_entry(row)->code);
	return true;
}

static void dir_free(struct view *v)
{
	struct view_directory *vd = (struct view_directory *)v;

	hmap_free(vd->expanded, NULL);
	hmap_free(vd->dept_open, NULL);
	free(vd->tree.v);
	free(vd->list.v);
	free(vd->tree_filter);
	free(vd->list_filter);
	ui_text_free(&vd->preview);
	free(vd);
}

static const struct view_ops directory_ops = {
	.name = "directory",
	.recalc = dir_recalc,
	.draw = dir_draw,
	.request = vdir_request,
	.filter = dir_filter,
	.set_filter = dir_set_filter,
	.crumbs = dir_crumbs,
	.position = dir_position,
	.free = dir_free,
	.subject = dir_subject,
};

struct view *view_directory_new(struct app *app)
{
	struct view_directory *vd = xcalloc(1, sizeof *vd);

	vd->base.ops = &directory_ops;
	vd->expanded = hmap_new();
	vd->dept_open = hmap_new();
	hmap_put(vd->expanded, NATIONAL, (void *)1);
	snprintf(vd->sel_code, sizeof vd->sel_code, NATIONAL);
	vd->tree_filter = xstrdup("");
	vd->list_filter = xstrdup("");
	vd->focus = PANE_TREE;
	return &vd->base;
}
