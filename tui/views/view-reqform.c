/*
 * view-reqform — the form that files a sharing request for one entry:
 * purpose, legal basis (multi-line), the entry's information items as a
 * checklist, the usage period; the shell (view-form.h) adds Submit /
 * Cancel, the keys, the message and the POST's idempotency key.
 *
 * On the checklist j/k (and the arrows) move over the items and leave the
 * list at either end, Space ticks one, a ticks or unticks all.  Text
 * fields are ui_edit fields: Chinese input, Ctrl-O for a new line in the
 * legal basis.
 *
 * Submitting checks the fields here first (the service checks them again).
 * The answer: approved at once (unconditional entry), pending with its
 * deadline (the form closes and the request opens), or a refusal (422
 * sharing_refused with its basis), shown in the form.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "case.h"
#include "casestore.h"
#include "i18n.h"
#include "store.h"
#include "ui-edit.h"
#include "ui-form.h"
#include "ui-theme.h"
#include "ui-width.h"
#include "view-form.h"
#include "view.h"
#include "xalloc.h"

#define LABEL_W UI_FORM_LABEL_W

enum field { F_PURPOSE, F_BASIS, F_ITEMS, F_FROM, F_TO, F_COUNT };

struct view_reqform {
	struct view_form f; /* first: the shell */
	struct ui_edit *purpose, *basis, *from, *to;
	bool *checked;
	size_t n_items;
	bool items_ready;
	int item_cur, item_top, item_rows;
};

/* The record of the POST in flight (view_form_sent). */
struct reqform_call {
	struct view_reqform *vf;
};

/* The service's limits (docs/architecture.md): 2000 characters for the
 * purpose and the legal basis. */
#define TEXT_MAX 2000

static const char *const labels[F_COUNT] = { N_("Purpose"), N_("Legal basis"), NULL,
	                                     N_("Period from"), N_("Period to") };

static struct ui_edit *reqform_edit(struct view_form *f, int field)
{
	struct view_reqform *vf = (struct view_reqform *)f;

	switch (field) {
	case F_PURPOSE:
		return vf->purpose;
	case F_BASIS:
		return vf->basis;
	case F_FROM:
		return vf->from;
	case F_TO:
		return vf->to;
	default:
		return NULL;
	}
}

static void reqform_recalc(struct view_form *f, struct app *app, struct ui_rect r)
{
	struct view_reqform *vf = (struct view_reqform *)f;
	struct govdx_entry *e = view_form_entry(f, app);

	if (e && !vf->items_ready) {
		vf->n_items = e->n_items;
		vf->checked = xcalloc(vf->n_items + 1, sizeof *vf->checked);
		vf->items_ready = true;
	}
	vf->item_rows = r.h - 13;
	if (vf->item_rows < 2)
		vf->item_rows = 2;
	if (vf->item_cur >= (int)vf->n_items)
		vf->item_cur = vf->n_items ? (int)vf->n_items - 1 : 0;
	if (vf->item_cur < vf->item_top)
		vf->item_top = vf->item_cur;
	if (vf->item_cur >= vf->item_top + vf->item_rows)
		vf->item_top = vf->item_cur - vf->item_rows + 1;
}

static int reqform_draw(struct view_form *f, struct app *app, struct ui_canvas *c,
                        struct ui_rect r, int y)
{
	struct view_reqform *vf = (struct view_reqform *)f;
	struct govdx_entry *e = view_form_entry(f, app);
	int x = r.x + 1, w = r.w - 2, fw = w - LABEL_W, i, n_on = 0;
	char *s;
	size_t k;

	ui_form_label(c, y, x, _("Entry"), false);
	s = xasprintf("%s  %s  %s", f->code, e ? e->name : _("(loading...)"),
	              e ? view_sharing_short(e->sharing_type) : "");
	ui_canvas_text(c, y++, x + LABEL_W, fw, UI_ROLE_NORMAL, s, UI_WIDTH_LEFT);
	free(s);
	ui_form_label(c, y, x, _("Purpose"), f->focus == F_PURPOSE);
	ui_form_edit(c, y++, x + LABEL_W, fw, 1, vf->purpose, f->focus == F_PURPOSE);
	ui_form_label(c, y, x, _("Legal basis"), f->focus == F_BASIS);
	ui_form_edit(c, y, x + LABEL_W, fw, 3, vf->basis, f->focus == F_BASIS);
	y += 3;
	for (k = 0; k < vf->n_items; k++)
		n_on += vf->checked[k];
	/* More items than rows: say which are shown, so none is missed. */
	if ((int)vf->n_items > vf->item_rows)
		s = xasprintf(_("%d of %zu ticked: Space toggles, a all  (showing %d-%d: j/k scroll)"),
		              n_on, vf->n_items, vf->item_top + 1,
		              vf->item_top + vf->item_rows);
	else
		s = xasprintf(_("%d of %zu ticked: Space toggles, a all"), n_on, vf->n_items);
	ui_form_label(c, y, x, _("Items"), f->focus == F_ITEMS);
	ui_canvas_text(c, y++, x + LABEL_W, fw, UI_ROLE_DIM, s, UI_WIDTH_LEFT);
	free(s);
	for (i = 0; e && i < vf->item_rows; i++) {
		int idx = vf->item_top + i;
		bool cur = f->focus == F_ITEMS && idx == vf->item_cur;
		if (idx >= (int)vf->n_items)
			break;
		s = xasprintf("[%c] %s  %s", vf->checked[idx] ? 'x' : ' ', e->items[idx].name,
		              e->items[idx].data_type ? e->items[idx].data_type : "");
		ui_canvas_text(c, y + i, x + LABEL_W, fw, cur ? UI_ROLE_SELECTED : UI_ROLE_NORMAL, s,
		               UI_WIDTH_LEFT);
		free(s);
	}
	y += vf->item_rows;
	ui_form_label(c, y, x, _("Period"), f->focus == F_FROM || f->focus == F_TO);
	ui_canvas_text(c, y, x + LABEL_W, 5, UI_ROLE_DIM, _("from"), UI_WIDTH_LEFT);
	ui_form_edit(c, y, x + LABEL_W + 5, 11, 1, vf->from, f->focus == F_FROM);
	ui_canvas_text(c, y, x + LABEL_W + 17, 3, UI_ROLE_DIM, _("to"), UI_WIDTH_LEFT);
	ui_form_edit(c, y++, x + LABEL_W + 20, 11, 1, vf->to, f->focus == F_TO);
	return y;
}

static const char *reqform_hint(struct view_form *f, struct app *app, int *role)
{
	struct govdx_entry *e = view_form_entry(f, app);

	if (e && e->sharing_type == GOVDX_SHARING_NONE) {
		*role = UI_ROLE_WARN;
		return _("This entry is not shared (不予共享): the service will refuse the request.");
	}
	if (e && e->department_code && app->me && app->me->department_code &&
	    !strcmp(e->department_code, app->me->department_code)) {
		*role = UI_ROLE_WARN;
		return _("This is your own department's entry: a department does not request its own "
		         "data, and the service will refuse it.");
	}
	return NULL;
}

/* The checklist: move, tick one, tick all. */
static bool reqform_key(struct view_form *f, struct app *app, int key, bool down, bool up)
{
	struct view_reqform *vf = (struct view_reqform *)f;
	size_t k;
	bool all = true;

	if (f->focus != F_ITEMS)
		return false;
	if (down) {
		if (vf->item_cur + 1 < (int)vf->n_items)
			vf->item_cur++;
		else
			f->focus = F_FROM;
		return true;
	}
	if (up) {
		if (vf->item_cur > 0)
			vf->item_cur--;
		else
			f->focus = F_BASIS;
		return true;
	}
	if (key == ' ' && vf->item_cur < (int)vf->n_items) {
		vf->checked[vf->item_cur] = !vf->checked[vf->item_cur];
		return true;
	}
	if (key == 'a') {
		for (k = 0; k < vf->n_items; k++)
			all = all && vf->checked[k];
		for (k = 0; k < vf->n_items; k++)
			vf->checked[k] = !all;
		return true;
	}
	return false;
}

/* ---- submitting -------------------------------------------------------- */

static void created(void *arg, const struct govdx_error *err, struct govdx_request *r)
{
	struct reqform_call *fc = arg;
	struct view_reqform *vf = fc->vf;
	struct app *app = vf->f.app;
	char id[64];

	view_form_answered(&vf->f);
	if (err) {
		bool refused = err->http_status == 422 && !strcmp(err->code, "sharing_refused");
		view_form_say(&vf->f, UI_ROLE_ERROR, "%s %s",
		              refused ? _("Refused (不予共享):") : _("Not filed:"), err->message);
		app_error(app, "%s", vf->f.message);
		govdx_request_free(r);
		return;
	}
	snprintf(id, sizeof id, "%s", r->id ? r->id : "");
	if (r->state == GOVDX_REQUEST_APPROVED)
		app_message(app,
		            _("%s approved at once: the entry is shared unconditionally (decided by %s)"),
		            id, r->decided_by ? r->decided_by : _("system"));
	else if (r->has_deadline)
		app_message(app, _("%s filed: %s, reply due %s (%d working days)"), id,
		            r->state_name ? case_state_label(r->state_name) : "?", r->deadline, r->working_days_left);
	else
		app_message(app, _("%s filed: %s"), id, r->state_name ? case_state_label(r->state_name) : "?");
	casestore_put(app->cases, &case_kind_request, r, true);
	/* The form is done: the request takes its place. */
	if (app_top(app) == &vf->f.base && id[0]) {
		view_form_close(&vf->f, app, NULL);
		app_open_case(app, id);
	}
}

static int reqform_submit(struct view_form *f, struct app *app)
{
	struct view_reqform *vf = (struct view_reqform *)f;
	struct govdx_entry *e = view_form_entry(f, app);
	struct govdx_request_new req = { 0 };
	const char **items;
	char *purpose, *basis, *from, *to, *body, why[200], today[11];
	size_t n = 0, k;
	struct reqform_call *fc;
	time_t now = time(NULL);
	bool past;

	if (ui_edit_blank(vf->purpose)) {
		f->focus = F_PURPOSE;
		view_form_say(f, UI_ROLE_ERROR, "%s", _("Purpose: say what the data is for."));
		return -1;
	}
	if (ui_edit_blank(vf->basis)) {
		f->focus = F_BASIS;
		view_form_say(f, UI_ROLE_ERROR, "%s",
		              _("Legal basis: name the law, regulation or policy that allows the use."));
		return -1;
	}
	items = xcalloc(vf->n_items + 1, sizeof *items);
	for (k = 0; k < vf->n_items; k++)
		if (vf->checked[k])
			items[n++] = e->items[k].name;
	if (!n) {
		free(items);
		f->focus = F_ITEMS;
		view_form_say(f, UI_ROLE_ERROR, "%s",
		              _("Items: tick at least one information item (Space), or a for all."));
		return -1;
	}
	purpose = xstrdup(ui_edit_text(vf->purpose));
	basis = xstrdup(ui_edit_text(vf->basis));
	from = xstrdup(ui_edit_text(vf->from));
	to = xstrdup(ui_edit_text(vf->to));
	if (ui_form_period_error(from, to, now, why, sizeof why)) {
		/* The start is at fault when it is no date or lies in the past
		 * (told from the dates: the words may be translated). */
		ui_form_beijing_date(now, 0, today);
		past = ui_form_valid_date(to) && strcmp(from, to) <= 0 && strcmp(from, today) < 0;
		f->focus = ui_form_valid_date(from) && !past ? F_TO : F_FROM;
		view_form_say(f, UI_ROLE_ERROR, _("Period: %s."), why);
		free(items), free(purpose), free(basis), free(from), free(to);
		return -1;
	}
	/* The same content keeps its key: a second Submit after a lost
	 * answer is a retry, not a second request. */
	body = xasprintf("%s\x1f%s\x1f%s\x1f%s\x1f%zu", purpose, basis, from, to, n);
	for (k = 0; k < n; k++) {
		char *more = xasprintf("%s\x1f%s", body, items[k]);
		free(body);
		body = more;
	}
	req.idempotency_key = ui_form_key_for(&f->key, body);
	free(body);
	req.entry_code = f->code;
	req.purpose = purpose;
	req.legal_basis = basis;
	req.items = items;
	req.n_items = n;
	req.period_from = from;
	req.period_to = to;
	fc = xcalloc(1, sizeof *fc);
	fc->vf = vf;
	view_form_sending(f, fc);
	view_form_sent(f, govdx_request_create(app->client, &req, created, fc));
	free(items), free(purpose), free(basis), free(from), free(to);
	return 0;
}

static void reqform_free(struct view_form *f)
{
	struct view_reqform *vf = (struct view_reqform *)f;

	ui_edit_free(vf->purpose);
	ui_edit_free(vf->basis);
	ui_edit_free(vf->from);
	ui_edit_free(vf->to);
	free(vf->checked);
}

static const struct view_form_ops reqform_ops = {
	.title = N_(" New sharing request (共享申请)"),
	.what = N_("new request"),
	.cancelled = N_("request not filed"),
	.n_fields = F_COUNT,
	.labels = labels,
	.edit = reqform_edit,
	.key = reqform_key,
	.recalc = reqform_recalc,
	.draw = reqform_draw,
	.hint = reqform_hint,
	.submit = reqform_submit,
	.free = reqform_free,
};

struct view *view_form_new(struct app *app, const char *entry_code)
{
	struct view_reqform *vf = xcalloc(1, sizeof *vf);
	char buf[16];

	view_form_init(&vf->f, &reqform_ops, app, entry_code);
	vf->purpose = ui_edit_new(false, TEXT_MAX);
	vf->basis = ui_edit_new(true, TEXT_MAX);
	vf->from = ui_edit_new(false, 10);
	vf->to = ui_edit_new(false, 10);
	/* From today as the service counts it (Beijing), for a year. */
	ui_form_beijing_date(time(NULL), 0, buf);
	ui_edit_set(vf->from, buf);
	ui_form_beijing_date(time(NULL), 1, buf);
	ui_edit_set(vf->to, buf);
	vf->f.focus = F_PURPOSE;
	return &vf->f.base;
}
