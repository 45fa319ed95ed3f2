/*
 * view-directory-keys — what keys and commands do in the directory view
 * (view-directory.h): moving in the tree and the list, expanding and
 * collapsing, Tab between panes, :goto a platform by code or name, opening
 * an entry, paging as the cursor nears the end.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "i18n.h"
#include "view-directory.h"
#include "xalloc.h"

struct row *vdir_cur_row(struct view_directory *vd)
{
	if (vd->focus == PANE_TREE)
		return vd->tcur.cur < (int)vd->tree.n ? &vd->tree.v[vd->tcur.cur] : NULL;
	return vd->lcur.cur < (int)vd->list.n ? &vd->list.v[vd->lcur.cur] : NULL;
}

static void toggle(struct hmap *set, const char *key, int want /* -1 toggle, 0 close, 1 open */)
{
	bool open = hmap_get(set, key) != NULL;

	if (want < 0)
		want = !open;
	if (want && !open)
		hmap_put(set, key, (void *)1);
	else if (!want && open)
		hmap_del(set, key);
}

/* Finds a platform by code or name among those loaded so far: the exact
 * name first, then a name that starts with it, then one that contains it. */
static struct store_platform *find_platform(struct app *app, const char *arg, int *matches)
{
	struct store_platform *p, *best = NULL;
	size_t it;
	int pass;

	*matches = 0;
	if (!strcmp(arg, "国家"))
		return store_platform_find(app->store, NATIONAL);
	for (pass = 0; pass < 3 && !best; pass++) {
		it = 0;
		while ((p = store_platform_next(app->store, &it))) {
			const char *n = vdir_pname(p);
			bool hit = pass == 0 ? !strcmp(n, arg) :
			           pass == 1 ? !strncmp(n, arg, strlen(arg)) :
			                       strstr(n, arg) != NULL;
			if (!hit)
				continue;
			(*matches)++;
			if (!best || strcmp(p->p.code, best->p.code) < 0)
				best = p;
		}
	}
	return best;
}

static int do_goto(struct view_directory *vd, struct app *app, const char *arg, char *err,
                   size_t errlen)
{
	struct store_platform *p;
	int matches = 0;
	size_t i;
	bool code = strlen(arg) == 6;

	for (i = 0; code && i < 6; i++)
		code = isdigit((unsigned char)arg[i]) != 0;
	if (code) {
		p = store_platform(app->store, arg);
		if (vdir_reveal(vd, app, p))
			return 0;
		/* Unknown yet: fetch its path, then open it (see recalc_tree). */
		snprintf(vd->goto_code, sizeof vd->goto_code, "%s", arg);
		if (p->node_state == STORE_ERROR)
			p->node_state = STORE_EMPTY;
		store_want_node(app->store, p);
		return 0;
	}
	p = find_platform(app, arg, &matches);
	if (!p) {
		snprintf(err, errlen,
		         _("no platform named '%s' is loaded yet: expand its province, or give its "
		           "6-digit code"),
		         arg);
		return -1;
	}
	if (!vdir_reveal(vd, app, p)) {
		snprintf(vd->goto_code, sizeof vd->goto_code, "%s", p->p.code);
		store_want_node(app->store, p);
	}
	if (matches > 1)
		app_message(app, _("%d loaded platforms match '%s': showing %s (%s)"), matches, arg,
		            vdir_pname(p), p->p.code);
	return 0;
}

static int tree_request(struct view_directory *vd, struct app *app, enum view_req req,
                        char *err, size_t errlen)
{
	struct row *row = vdir_cur_row(vd);
	struct store_platform *p = row && row->kind == ROW_PLATFORM ? row->p : NULL;

	if (!p && (req == REQ_SELECT || req == REQ_EXPAND || req == REQ_COLLAPSE)) {
		snprintf(err, errlen, "%s", _("no platform under the cursor"));
		return -1;
	}
	switch (req) {
	case REQ_SELECT:
		if (!p)
			return -1;
		/* A platform without children: Enter goes to its departments. */
		if (p->have_counts && p->p.counts.children == 0) {
			vd->focus = PANE_LIST;
			return 0;
		}
		toggle(vd->expanded, p->p.code, -1);
		return 0;
	case REQ_EXPAND:
		if (!p)
			return -1;
		if (p->have_counts && p->p.counts.children == 0) {
			vd->focus = PANE_LIST;
			return 0;
		}
		if (hmap_get(vd->expanded, p->p.code)) {
			/* Already open: step onto its first child. */
			if (vd->tcur.cur + 1 < (int)vd->tree.n &&
			    vd->tree.v[vd->tcur.cur + 1].depth > row->depth)
				ui_list_request(&vd->tcur, REQ_DOWN);
		} else {
			toggle(vd->expanded, p->p.code, 1);
		}
		break;
	case REQ_COLLAPSE:
		if (!p)
			return -1;
		if (hmap_get(vd->expanded, p->p.code) && strcmp(p->p.code, NATIONAL) != 0) {
			toggle(vd->expanded, p->p.code, 0);
		} else if (p->p.parent_code[0]) {
			snprintf(vd->sel_code, sizeof vd->sel_code, "%s", p->p.parent_code);
			return 0;
		} else {
			snprintf(err, errlen, "%s", _("this is the national platform"));
			return -1;
		}
		return 0;
	default:
		return -1;
	}
	if (vd->tcur.cur < (int)vd->tree.n && vd->tree.v[vd->tcur.cur].kind == ROW_PLATFORM)
		snprintf(vd->sel_code, sizeof vd->sel_code, "%s", vd->tree.v[vd->tcur.cur].p->p.code);
	return 0;
}

static int list_request(struct view_directory *vd, struct app *app, enum view_req req,
                        char *err, size_t errlen)
{
	struct row *row = vdir_cur_row(vd);

	if (!row)
		return -1;
	switch (req) {
	case REQ_SELECT:
	case REQ_EXPAND:
		if (row->kind == ROW_DEPT) {
			toggle(vd->dept_open, row->d->code, req == REQ_SELECT ? -1 : 1);
			return 0;
		}
		if (row->kind == ROW_ENTRY && vdir_entry(row)) {
			app_open_entry(app, vdir_entry(row)->code);
			return 0;
		}
		if (row->kind == ROW_NOTE && row->more) {
			store_more(app->store, row->more);
			return 0;
		}
		return -1;
	case REQ_COLLAPSE:
		if (row->kind == ROW_DEPT && hmap_get(vd->dept_open, row->d->code)) {
			toggle(vd->dept_open, row->d->code, 0);
			return 0;
		}
		if (row->kind == ROW_ENTRY || (row->kind == ROW_NOTE && row->depth > 0)) {
			/* Close the department the cursor is in and stand on it. */
			int i = vd->lcur.cur;
			while (i > 0 && vd->list.v[i].kind != ROW_DEPT)
				i--;
			if (vd->list.v[i].kind == ROW_DEPT) {
				toggle(vd->dept_open, vd->list.v[i].d->code, 0);
				vdir_row_key(&vd->list.v[i], vd->list_sel, sizeof vd->list_sel);
			}
			return 0;
		}
		vd->focus = PANE_TREE;
		return 0;
	default:
		return -1;
	}
}

int vdir_request(struct view *v, struct app *app, enum view_req req, const char *arg,
                       char *err, size_t errlen)
{
	struct view_directory *vd = (struct view_directory *)v;
	struct ui_list *l = vd->focus == PANE_TREE ? &vd->tcur : &vd->lcur;
	struct store_platform *p;

	/* Moves typed while the cursor waits on a "loading..." row count on
	 * into the children to come: none is lost on a slow link. */
	if (vd->focus == PANE_TREE && vd->child_of[0] && (req == REQ_DOWN || req == REQ_UP)) {
		struct row *row = vdir_cur_row(vd);

		if (row && row->kind == ROW_NOTE && (req == REQ_DOWN || vd->child_steps > 0)) {
			vd->child_steps += req == REQ_DOWN ? 1 : -1;
			return 0;
		}
	}
	if (ui_list_request(l, req)) {
		struct row *row = vdir_cur_row(vd);
		vd->want_sel[0] = vd->child_of[0] = '\0';
		vd->child_steps = 0;
		if (vd->focus == PANE_TREE && row && row->kind == ROW_PLATFORM)
			snprintf(vd->sel_code, sizeof vd->sel_code, "%s", row->p->p.code);
		else if (vd->focus == PANE_TREE && row && row->kind == ROW_NOTE && vd->tcur.cur > 0 &&
		         vd->tree.v[vd->tcur.cur - 1].kind == ROW_PLATFORM)
			/* On the "loading..." row of a platform being opened: land
			 * on its first child when the children arrive. */
			snprintf(vd->child_of, sizeof vd->child_of, "%s",
			         vd->tree.v[vd->tcur.cur - 1].p->p.code);
		else if (vd->focus == PANE_LIST && row)
			vdir_row_key(row, vd->list_sel, sizeof vd->list_sel);
		return 0;
	}
	switch (req) {
	case REQ_NEXT_PANE:
	case REQ_PREV_PANE:
		vd->focus = vd->focus == PANE_TREE ? PANE_LIST : PANE_TREE;
		return 0;
	case REQ_TOGGLE_PREVIEW:
		app->preview = !app->preview;
		app_message(app, "%s", app->preview ? _("preview on") : _("preview off"));
		return 0;
	case REQ_GOTO:
		return do_goto(vd, app, arg ? arg : "", err, errlen);
	case REQ_REFRESH:
		p = store_platform_find(app->store, vd->sel_code);
		if (p) {
			store_refresh_list(app->store, &p->kids);
			store_refresh_list(app->store, &p->depts);
		}
		if (vd->focus == PANE_LIST && vdir_cur_row(vd)) {
			struct row *row = vdir_cur_row(vd);
			if (row->d && hmap_get(vd->dept_open, row->d->code))
				store_refresh_list(app->store, store_dept_entries(app->store, row->d->code));
			if (row->kind == ROW_ENTRY && vdir_entry(row))
				store_refresh_entry(app->store,
				                    store_entry(app->store, vdir_entry(row)->code));
		}
		app_message(app, "%s", _("refreshing"));
		return 0;
	default:
		break;
	}
	return vd->focus == PANE_TREE ? tree_request(vd, app, req, err, errlen)
	                              : list_request(vd, app, req, err, errlen);
}
