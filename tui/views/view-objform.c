/*
 * view-objform — the form that raises an objection (数据异议) against a
 * catalog entry: the kind (数据错误 incorrect, 数据不完整 incomplete,
 * 数据过时 outdated, 数据不一致 inconsistent, 其他 other), the target (the
 * whole entry or one of its information items, and optionally a record's
 * key), a description (multi-line, required) and evidence (multi-line,
 * optional); the shell (view-form.h) adds Submit / Cancel, the keys, the
 * message and the POST's idempotency key.
 *
 * Kind and item are choices: Space, Right or l takes the next value, Left
 * or h the one before.  Text fields are ui_edit fields (Chinese input,
 * Ctrl-O for a new line).  Opened from an item row of the entry view (`o`),
 * the item is chosen already.
 *
 * Submitting checks the description here first (the service checks
 * again).  Raised: the form closes and the objection opens.  A refusal
 * stays in the form, in the service's words.
 */
#include "config.h"

#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "case.h"
#include "casestore.h"
#include "i18n.h"
#include "store.h"
#include "ui-edit.h"
#include "ui-form.h"
#include "ui-keys.h"
#include "ui-theme.h"
#include "ui-width.h"
#include "view-form.h"
#include "view.h"
#include "xalloc.h"

#define LABEL_W UI_FORM_LABEL_W
#define N_KINDS 5

enum field { F_KIND, F_ITEM, F_RECORD, F_DESC, F_EVIDENCE, F_COUNT };

struct view_objform {
	struct view_form f; /* first: the shell */
	char *want_item; /* to choose once the entry's items are known */
	int kind;        /* 0..N_KINDS-1: GOVDX_OBJECTION_INCORRECT + kind */
	int item;        /* -1: the whole entry, else an index into the items */
	struct ui_edit *record, *desc, *evidence;
};

/* The record of the POST in flight (view_form_sent). */
struct objform_call {
	struct view_objform *vf;
};

/* The service's limits (docs/architecture.md): description and evidence
 * 4000 characters, the record key 200. */
#define TEXT_MAX 4000
#define RECORD_MAX 200

static const char *const labels[F_COUNT] = { NULL, NULL, N_("Record key"), N_("Description"),
	                                     N_("Evidence") };

static struct ui_edit *objform_edit(struct view_form *f, int field)
{
	struct view_objform *vf = (struct view_objform *)f;

	switch (field) {
	case F_RECORD:
		return vf->record;
	case F_DESC:
		return vf->desc;
	case F_EVIDENCE:
		return vf->evidence;
	default:
		return NULL;
	}
}

static void objform_recalc(struct view_form *f, struct app *app, struct ui_rect r)
{
	struct view_objform *vf = (struct view_objform *)f;
	struct govdx_entry *e = view_form_entry(f, app);
	size_t i;

	if (e && vf->want_item) {
		for (i = 0; i < e->n_items; i++)
			if (e->items[i].name && !strcmp(e->items[i].name, vf->want_item))
				vf->item = (int)i;
		free(vf->want_item);
		vf->want_item = NULL;
	}
	if (e && vf->item >= (int)e->n_items)
		vf->item = -1;
}

static const char *item_name(struct view_objform *vf, const struct govdx_entry *e)
{
	if (vf->want_item)
		return vf->want_item;
	if (!e || vf->item < 0)
		return NULL;
	return e->items[vf->item].name;
}

static int objform_draw(struct view_form *f, struct app *app, struct ui_canvas *c,
                        struct ui_rect r, int y)
{
	struct view_objform *vf = (struct view_objform *)f;
	struct govdx_entry *e = view_form_entry(f, app);
	int x = r.x + 1, fw = r.w - 2 - LABEL_W, cw = fw > 40 ? 40 : fw;
	const char *item = item_name(vf, e);
	char *s;

	ui_form_label(c, y, x, _("Entry"), false);
	s = xasprintf("%s%s  %s", e && e->disputed ? "异议 " : "", f->code,
	              e ? e->name : _("(loading...)"));
	ui_canvas_text(c, y++, x + LABEL_W, fw, e && e->disputed ? UI_ROLE_DISPUTED : UI_ROLE_NORMAL,
	               s, UI_WIDTH_LEFT);
	free(s);
	ui_form_label(c, y, x, _("Kind"), f->focus == F_KIND);
	ui_form_choice(c, y, x + LABEL_W, cw,
	               case_objection_kind_label(GOVDX_OBJECTION_INCORRECT + vf->kind),
	               f->focus == F_KIND);
	if (fw - cw > 12)
		ui_canvas_text(c, y, x + LABEL_W + cw + 1, fw - cw - 1, UI_ROLE_DIM, _("Space: next"),
		               UI_WIDTH_LEFT);
	y++;
	ui_form_label(c, y, x, _("Item"), f->focus == F_ITEM);
	ui_form_choice(c, y, x + LABEL_W, cw, item ? item : _("(the whole entry)"),
	               f->focus == F_ITEM);
	if (e && fw - cw > 12) {
		s = xasprintf(_("%zu items"), e->n_items);
		ui_canvas_text(c, y, x + LABEL_W + cw + 1, fw - cw - 1, UI_ROLE_DIM, s,
		               UI_WIDTH_LEFT);
		free(s);
	}
	y++;
	ui_form_label(c, y, x, _("Record key"), f->focus == F_RECORD);
	ui_form_edit(c, y++, x + LABEL_W, cw, 1, vf->record, f->focus == F_RECORD);
	ui_form_label(c, y, x, _("Description"), f->focus == F_DESC);
	ui_form_edit(c, y, x + LABEL_W, fw, 4, vf->desc, f->focus == F_DESC);
	y += 4;
	ui_form_label(c, y, x, _("Evidence"), f->focus == F_EVIDENCE);
	ui_form_edit(c, y, x + LABEL_W, fw, 3, vf->evidence, f->focus == F_EVIDENCE);
	return y + 3;
}

static const char *objform_hint(struct view_form *f, struct app *app, int *role)
{
	*role = UI_ROLE_DIM;
	return _("Record key and evidence are optional.  The helpdesk reads the objection; "
	         "if it accepts it, the provider verifies the data.");
}

/* Space, Right, l: the next value of a choice; Left, h: the one before. */
static bool objform_key(struct view_form *f, struct app *app, int key, bool down, bool up)
{
	struct view_objform *vf = (struct view_objform *)f;
	int step = key == ' ' || key == 'l' || key == UI_KEY_FN + KEY_RIGHT ? 1 :
	           key == 'h' || key == UI_KEY_FN + KEY_LEFT            ? -1 :
	                                                                  0;
	struct govdx_entry *e = view_form_entry(f, app);
	int n;

	if (!step || (f->focus != F_KIND && f->focus != F_ITEM))
		return false;
	if (f->focus == F_KIND) {
		vf->kind = (vf->kind + step + N_KINDS) % N_KINDS;
	} else if (e) {
		/* -1 (the whole entry), 0 .. n_items - 1 */
		n = (int)e->n_items + 1;
		vf->item = (vf->item + 1 + step + n) % n - 1;
	}
	return true;
}

/* ---- submitting -------------------------------------------------------- */

static void raised(void *arg, const struct govdx_error *err, struct govdx_objection *o)
{
	struct objform_call *fc = arg;
	struct view_objform *vf = fc->vf;
	struct app *app = vf->f.app;
	char id[64];

	view_form_answered(&vf->f);
	if (err) {
		view_form_say(&vf->f, UI_ROLE_ERROR, _("Not raised: %s"), err->message);
		app_error(app, "%s", vf->f.message);
		govdx_objection_free(o);
		return;
	}
	snprintf(id, sizeof id, "%s", o->id ? o->id : "");
	app_message(app, _("%s raised (%s): the helpdesk decides whether to accept it"), id,
	            o->state_name ? case_state_label(o->state_name) : "?");
	casestore_put(app->cases, &case_kind_objection, o, true);
	/* The form is done: the objection takes its place. */
	if (app_top(app) == &vf->f.base && id[0]) {
		view_form_close(&vf->f, app, NULL);
		app_open_case(app, id);
	}
}

/* An edit field's text, or NULL when it is blank (the service counts a
 * blank optional text as absent). */
static char *text_or_null(struct ui_edit *ed)
{
	return ui_edit_blank(ed) ? NULL : xstrdup(ui_edit_text(ed));
}

static int objform_submit(struct view_form *f, struct app *app)
{
	struct view_objform *vf = (struct view_objform *)f;
	struct govdx_entry *e = view_form_entry(f, app);
	struct govdx_objection_new req = { 0 };
	struct objform_call *fc;
	char *desc, *record, *evidence, *body;

	if (ui_edit_blank(vf->desc)) {
		f->focus = F_DESC;
		view_form_say(f, UI_ROLE_ERROR, "%s",
		              _("Description: say what is wrong with the data "
		                "(the provider reads it)."));
		return -1;
	}
	desc = xstrdup(ui_edit_text(vf->desc));
	record = text_or_null(vf->record);
	evidence = text_or_null(vf->evidence);
	req.entry_code = f->code;
	req.kind = GOVDX_OBJECTION_INCORRECT + vf->kind;
	req.item = item_name(vf, e);
	req.record_key = record;
	req.description = desc;
	req.evidence = evidence;
	/* The same content keeps its key: a second Submit after a lost
	 * answer is a retry, not a second objection. */
	body = xasprintf("%d\x1f%s\x1f%s\x1f%s\x1f%s", vf->kind, req.item ? req.item : "",
	                 record ? record : "", desc, evidence ? evidence : "");
	req.idempotency_key = ui_form_key_for(&f->key, body);
	free(body);
	fc = xcalloc(1, sizeof *fc);
	fc->vf = vf;
	view_form_sending(f, fc);
	view_form_sent(f, govdx_objection_create(app->client, &req, raised, fc));
	free(desc);
	free(record);
	free(evidence);
	return 0;
}

static void objform_free(struct view_form *f)
{
	struct view_objform *vf = (struct view_objform *)f;

	ui_edit_free(vf->record);
	ui_edit_free(vf->desc);
	ui_edit_free(vf->evidence);
	free(vf->want_item);
}

static const struct view_form_ops objform_ops = {
	.title = N_(" Raise an objection (数据异议)"),
	.what = N_("new objection"),
	.cancelled = N_("objection not raised"),
	.n_fields = F_COUNT,
	.labels = labels,
	.edit = objform_edit,
	.key = objform_key,
	.recalc = objform_recalc,
	.draw = objform_draw,
	.hint = objform_hint,
	.submit = objform_submit,
	.free = objform_free,
};

struct view *view_objform_new(struct app *app, const char *entry_code, const char *item)
{
	struct view_objform *vf = xcalloc(1, sizeof *vf);

	view_form_init(&vf->f, &objform_ops, app, entry_code);
	vf->want_item = item && *item ? xstrdup(item) : NULL;
	vf->item = -1;
	vf->record = ui_edit_new(false, RECORD_MAX);
	vf->desc = ui_edit_new(true, TEXT_MAX);
	vf->evidence = ui_edit_new(true, TEXT_MAX);
	vf->f.focus = F_KIND;
	return &vf->f.base;
}
