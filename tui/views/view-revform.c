/*
 * view-revform — the form that edits a draft revision of an entry (E):
 * every core field of the entry (核心元数据) as the draft holds it, one
 * edit field each, under the standard names; the information items one
 * per line as 名称:类型:长度[:no] (no: not shared), the related codes
 * separated by spaces.  The shell (view-form.h) scrolls it on a short
 * terminal and adds Submit / Cancel and the keys.
 *
 * Checked as you type, where the console can: a value that is none of a
 * field's list (sharing type, method, open attribute, update cycle), a
 * classification that is not 类-项-目-细目, an item line that is no item,
 * and the fields a sharing type or open attribute makes required — the
 * hint under the buttons names the first, and Submit goes to it.  The
 * service checks again: its refusal (422, details.parameter) is shown
 * under the buttons and the focus goes to the field it names.
 *
 * Submit is one PATCH of every field with the revision's version
 * (If-Match); changed, the form closes and the revision view shows it.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "case.h"
#include "casestore.h"
#include "i18n.h"
#include "ui-edit.h"
#include "ui-form.h"
#include "ui-theme.h"
#include "view-catalog.h"
#include "view-form.h"
#include "view.h"
#include "xalloc.h"

#define LABEL_W UI_FORM_LABEL_W
#define NF GOVDX_FIELD_COUNT

struct view_revform {
	struct view_form f; /* first: the shell */
	char *id;           /* the revision */
	long version;       /* as the form was filled: If-Match */
	struct ui_edit *ed[NF];
	char problem[300];
	int problem_field;  /* -1: none */
};

struct revform_call {
	struct view_revform *vr;
};

/* Labels by field (the standard names, short enough for the column). */
static const char *const labels[NF] = {
	"资源名称", "资源分类", "资源摘要", "资源格式", "信息项",   "共享类型", "共享条件",
	"共享方式", "依据",     "开放属性", "开放条件", "更新周期", "关联资源",
};
/* Rows of each field. */
static const int rows[NF] = { 1, 1, 3, 1, 5, 1, 2, 1, 2, 1, 2, 1, 1 };
/* What a list field takes. */
static const char *const sharing_types[] = { "unconditional", "conditional", "none", NULL };
static const char *const methods[] = { "api", "file", "database", NULL };
static const char *const opens[] = { "open", "conditional", "closed", NULL };
static const char *const cycles[] = { "实时", "每日", "每周", "每月", "每季度", "每半年", "每年",
	                              "其他", NULL };

static bool in(const char *const *set, const char *s)
{
	for (; *set; set++)
		if (!strcmp(*set, s))
			return true;
	return false;
}

static const char *text(struct view_revform *vr, enum govdx_field fld)
{
	return ui_edit_text(vr->ed[fld]);
}

static bool blank(struct view_revform *vr, enum govdx_field fld)
{
	return ui_edit_blank(vr->ed[fld]);
}

/* 类-项-目-细目: 1-3, 2 digits, 3 digits, 2 digits. */
static bool classification_ok(const char *s)
{
	static const char shape[] = "D-DD-DDD-DD";
	size_t i;

	if (strlen(s) != sizeof shape - 1 || s[0] < '1' || s[0] > '3')
		return false;
	for (i = 0; shape[i]; i++)
		if (shape[i] == 'D' ? !isdigit((unsigned char)s[i]) : s[i] != '-')
			return false;
	return true;
}

/* The first problem the console can see, in vr->problem (and its
 * field); false when none. */
static bool check(struct view_revform *vr)
{
	const char *st = text(vr, GOVDX_FIELD_SHARING_TYPE), *op = text(vr, GOVDX_FIELD_OPEN_ATTRIBUTE);
	char *items, *line, *save = NULL;
	int f = -1;

	vr->problem[0] = '\0';
	if (blank(vr, GOVDX_FIELD_NAME)) {
		f = GOVDX_FIELD_NAME;
		snprintf(vr->problem, sizeof vr->problem, "%s", _("资源名称: a name is required."));
	} else if (!blank(vr, GOVDX_FIELD_CLASSIFICATION) &&
	           !classification_ok(text(vr, GOVDX_FIELD_CLASSIFICATION))) {
		f = GOVDX_FIELD_CLASSIFICATION;
		snprintf(vr->problem, sizeof vr->problem, "%s",
		         _("资源分类: 类-项-目-细目, e.g. 3-10-102-01."));
	} else if (!blank(vr, GOVDX_FIELD_SHARING_TYPE) && !in(sharing_types, st)) {
		f = GOVDX_FIELD_SHARING_TYPE;
		snprintf(vr->problem, sizeof vr->problem, "%s",
		         _("共享类型: unconditional, conditional or none."));
	} else if (!blank(vr, GOVDX_FIELD_SHARING_METHOD) &&
	           !in(methods, text(vr, GOVDX_FIELD_SHARING_METHOD))) {
		f = GOVDX_FIELD_SHARING_METHOD;
		snprintf(vr->problem, sizeof vr->problem, "%s", _("共享方式: api, file or database."));
	} else if (!blank(vr, GOVDX_FIELD_OPEN_ATTRIBUTE) && !in(opens, op)) {
		f = GOVDX_FIELD_OPEN_ATTRIBUTE;
		snprintf(vr->problem, sizeof vr->problem, "%s",
		         _("开放属性: open, conditional or closed."));
	} else if (!blank(vr, GOVDX_FIELD_UPDATE_CYCLE) &&
	           !in(cycles, text(vr, GOVDX_FIELD_UPDATE_CYCLE))) {
		f = GOVDX_FIELD_UPDATE_CYCLE;
		snprintf(vr->problem, sizeof vr->problem, "%s",
		         _("更新周期: 实时, 每日, 每周, 每月, 每季度, 每半年, 每年 or 其他."));
	} else if (!strcmp(st, "conditional") && blank(vr, GOVDX_FIELD_SHARING_CONDITION)) {
		f = GOVDX_FIELD_SHARING_CONDITION;
		snprintf(vr->problem, sizeof vr->problem, "%s",
		         _("共享条件: required for conditional sharing."));
	} else if ((!strcmp(st, "conditional") || !strcmp(st, "none")) &&
	           blank(vr, GOVDX_FIELD_BASIS)) {
		f = GOVDX_FIELD_BASIS;
		snprintf(vr->problem, sizeof vr->problem, "%s",
		         _("依据: required for conditional sharing and for none."));
	} else if (!strcmp(op, "conditional") && blank(vr, GOVDX_FIELD_OPEN_CONDITION)) {
		f = GOVDX_FIELD_OPEN_CONDITION;
		snprintf(vr->problem, sizeof vr->problem, "%s",
		         _("开放条件: required when it is open on conditions."));
	}
	if (f < 0) {
		items = xstrdup(text(vr, GOVDX_FIELD_ITEMS));
		for (line = strtok_r(items, "\n", &save); line && f < 0;
		     line = strtok_r(NULL, "\n", &save)) {
			char *c1 = strchr(line, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
			if (!c1 || c1 == line) {
				f = GOVDX_FIELD_ITEMS;
				snprintf(vr->problem, sizeof vr->problem,
				         _("信息项: \"%.60s\" is not 名称:类型[:长度][:no]."), line);
			} else if (c2 && c2[1] && !isdigit((unsigned char)c2[1])) {
				f = GOVDX_FIELD_ITEMS;
				snprintf(vr->problem, sizeof vr->problem,
				         _("信息项: the length of \"%.60s\" is not a number."), line);
			}
		}
		free(items);
	}
	vr->problem_field = f;
	return f >= 0;
}

static struct ui_edit *revform_edit(struct view_form *f, int field)
{
	struct view_revform *vr = (struct view_revform *)f;

	return field >= 0 && field < NF ? vr->ed[field] : NULL;
}

static int revform_draw(struct view_form *f, struct app *app, struct ui_canvas *c,
                        struct ui_rect r, int y)
{
	struct view_revform *vr = (struct view_revform *)f;
	int x = r.x + 1, fw = r.w - 2 - LABEL_W, i;
	char *s;

	(void)app;
	ui_form_label(c, y, x, _("Revision"), false);
	s = xasprintf("%s  %s", vr->id, f->code);
	ui_canvas_text(c, y++, x + LABEL_W, fw, UI_ROLE_NORMAL, s, UI_WIDTH_LEFT);
	free(s);
	check(vr);
	for (i = 0; i < NF; i++) {
		ui_form_label(c, y, x, labels[i], f->focus == i);
		ui_form_edit(c, y, x + LABEL_W, fw, rows[i], vr->ed[i], f->focus == i);
		y += rows[i];
		/* checked as you type: the problem under its field */
		if (i == vr->problem_field)
			ui_canvas_text(c, y++, x + LABEL_W, fw, UI_ROLE_ERROR, vr->problem,
			               UI_WIDTH_LEFT);
	}
	return y;
}

static const char *revform_hint(struct view_form *f, struct app *app, int *role)
{
	struct view_revform *vr = (struct view_revform *)f;

	(void)app;
	if (check(vr)) {
		*role = UI_ROLE_ERROR;
		return vr->problem;
	}
	*role = UI_ROLE_DIM;
	return _("Items: one a line, 名称:类型:长度 (:no: not shared).  Submit saves the draft; "
	         ":submit sends it for review.");
}

/* ---- submitting -------------------------------------------------------- */

static void changed(void *arg, const struct govdx_error *err, struct govdx_revision *r)
{
	struct revform_call *fc = arg;
	struct view_revform *vr = fc->vr;
	struct app *app = vr->f.app;
	enum govdx_field fld;
	char id[64];

	view_form_answered(&vr->f); /* frees fc */
	if (err) {
		fld = govdx_field_from(err->parameter);
		if (fld < NF)
			vr->f.focus = (int)fld; /* the refusal on its field */
		view_form_say(&vr->f, UI_ROLE_ERROR, _("Not saved: %s"), err->message);
		/* the message under the buttons may be scrolled away: the
		 * status line says it too, and the focus is on the field */
		app_error(app, "%s", vr->f.message);
		if (r) {
			vr->version = r->version;
			casestore_put(app->cases, &case_kind_revision, r, true);
		}
		return;
	}
	snprintf(id, sizeof id, "%s", r->id);
	casestore_put(app->cases, &case_kind_revision, r, true);
	view_form_close(&vr->f, app, NULL);
	app_message(app, _("%s saved: :submit sends it for review"), id);
}

static size_t split_items(char *s, struct govdx_revision_item **out)
{
	struct govdx_revision_item *items = NULL;
	size_t n = 0, cap = 0;
	char *line, *save = NULL;

	for (line = strtok_r(s, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *p[4] = { line, NULL, NULL, NULL };
		int k;
		for (k = 1; k < 4; k++) {
			char *c = p[k - 1] ? strchr(p[k - 1], ':') : NULL;
			if (c) {
				*c = '\0';
				p[k] = c + 1;
			}
		}
		if (!*p[0])
			continue;
		xgrow(&items, &cap, n + 1, sizeof *items);
		memset(&items[n], 0, sizeof items[n]);
		items[n].name = p[0];
		items[n].type = p[1];
		items[n].length = p[2] ? atoi(p[2]) : 0;
		items[n].shared = !(p[3] && !strcmp(p[3], "no"));
		n++;
	}
	*out = items;
	return n;
}

static int revform_submit(struct view_form *f, struct app *app)
{
	struct view_revform *vr = (struct view_revform *)f;
	struct govdx_entry_fields fl = { 0 };
	struct govdx_revision_patch p = { 0 };
	struct revform_call *fc;
	char *t[NF] = { 0 }, *rel, *save = NULL, *c;
	size_t cap = 0;
	int i;

	if (check(vr)) {
		f->focus = vr->problem_field;
		view_form_say(f, UI_ROLE_ERROR, "%s", vr->problem);
		return -1;
	}
	for (i = 0; i < NF; i++)
		t[i] = ui_edit_blank(vr->ed[i]) ? NULL : xstrdup(ui_edit_text(vr->ed[i]));
	fl.name = t[GOVDX_FIELD_NAME];
	fl.classification = t[GOVDX_FIELD_CLASSIFICATION];
	fl.abstract = t[GOVDX_FIELD_ABSTRACT];
	fl.format = t[GOVDX_FIELD_FORMAT];
	fl.sharing_type = t[GOVDX_FIELD_SHARING_TYPE];
	fl.sharing_condition = t[GOVDX_FIELD_SHARING_CONDITION];
	fl.sharing_method = t[GOVDX_FIELD_SHARING_METHOD];
	fl.basis = t[GOVDX_FIELD_BASIS];
	fl.open_attribute = t[GOVDX_FIELD_OPEN_ATTRIBUTE];
	fl.open_condition = t[GOVDX_FIELD_OPEN_CONDITION];
	fl.update_cycle = t[GOVDX_FIELD_UPDATE_CYCLE];
	if (t[GOVDX_FIELD_ITEMS])
		fl.n_items = split_items(t[GOVDX_FIELD_ITEMS], &fl.items);
	rel = t[GOVDX_FIELD_RELATED];
	for (c = rel ? strtok_r(rel, " ,", &save) : NULL; c; c = strtok_r(NULL, " ,", &save)) {
		xgrow(&fl.related, &cap, fl.n_related + 1, sizeof *fl.related);
		fl.related[fl.n_related++] = c;
	}
	p.fields = &fl;
	p.mask = GOVDX_FIELDS_ALL;
	/* No items typed (a new entry's first draft): leave them out rather
	 * than send an empty list, which the service refuses; a draft may be
	 * partial until it is submitted. */
	if (!t[GOVDX_FIELD_ITEMS])
		p.mask &= ~GOVDX_FIELD_BIT(GOVDX_FIELD_ITEMS);
	p.version = vr->version;
	fc = xcalloc(1, sizeof *fc);
	fc->vr = vr;
	view_form_sending(f, fc);
	view_form_sent(f, govdx_revision_patch(app->client, vr->id, &p, changed, fc));
	free(fl.items);
	free(fl.related);
	for (i = 0; i < NF; i++)
		free(t[i]);
	return 0;
}

static void revform_free(struct view_form *f)
{
	struct view_revform *vr = (struct view_revform *)f;
	int i;

	for (i = 0; i < NF; i++)
		ui_edit_free(vr->ed[i]);
	free(vr->id);
}


static const struct view_form_ops revform_ops = {
	.title = N_(" Edit a revision (编目修订)"),
	.what = N_("revision draft"),
	.cancelled = N_("revision not changed"),
	.n_fields = NF,
	.labels = labels,
	.edit = revform_edit,
	.draw = revform_draw,
	.hint = revform_hint,
	.submit = revform_submit,
	.free = revform_free,
};

/* Fills the fields from the revision. */
static void fill(struct view_revform *vr, const struct govdx_revision *r)
{
	const struct govdx_entry_fields *fl = &r->fields;
	const char *const v[NF] = {
		[GOVDX_FIELD_NAME] = fl->name,
		[GOVDX_FIELD_CLASSIFICATION] = fl->classification,
		[GOVDX_FIELD_ABSTRACT] = fl->abstract,
		[GOVDX_FIELD_FORMAT] = fl->format,
		[GOVDX_FIELD_SHARING_TYPE] = fl->sharing_type,
		[GOVDX_FIELD_SHARING_CONDITION] = fl->sharing_condition,
		[GOVDX_FIELD_SHARING_METHOD] = fl->sharing_method,
		[GOVDX_FIELD_BASIS] = fl->basis,
		[GOVDX_FIELD_OPEN_ATTRIBUTE] = fl->open_attribute,
		[GOVDX_FIELD_OPEN_CONDITION] = fl->open_condition,
		[GOVDX_FIELD_UPDATE_CYCLE] = fl->update_cycle,
	};
	char *items = xstrdup(""), *rel = xstrdup(""), *s;
	size_t i;
	int k;

	for (k = 0; k < NF; k++)
		if (v[k])
			ui_edit_set(vr->ed[k], v[k]);
	for (i = 0; i < fl->n_items; i++) {
		const struct govdx_revision_item *it = &fl->items[i];
		char len[24] = "";
		if (it->length > 0)
			snprintf(len, sizeof len, "%d", it->length);
		s = xasprintf("%s%s%s:%s%s%s%s", items, i ? "\n" : "", it->name,
		              it->type ? it->type : "", len[0] || !it->shared ? ":" : "", len,
		              it->shared ? "" : ":no");
		free(items);
		items = s;
	}
	for (i = 0; i < fl->n_related; i++) {
		s = xasprintf("%s%s%s", rel, i ? " " : "", fl->related[i]);
		free(rel);
		rel = s;
	}
	ui_edit_set(vr->ed[GOVDX_FIELD_ITEMS], items);
	ui_edit_set(vr->ed[GOVDX_FIELD_RELATED], rel);
	free(items);
	free(rel);
}

struct view *view_revform_new(struct app *app, const struct govdx_revision *r)
{
	struct view_revform *vr = xcalloc(1, sizeof *vr);
	static const size_t max[NF] = { 200, 20, 4000, 200, 0, 20, 2000, 20, 2000, 20, 2000, 20, 0 };
	int i;

	view_form_init(&vr->f, &revform_ops, app, r->entry_code ? r->entry_code : "");
	vr->id = xstrdup(r->id);
	vr->version = r->version;
	for (i = 0; i < NF; i++)
		vr->ed[i] = ui_edit_new(rows[i] > 1, max[i]);
	fill(vr, r);
	vr->problem_field = -1;
	vr->f.focus = GOVDX_FIELD_NAME;
	return &vr->f.base;
}
