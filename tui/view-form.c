/*
 * view-form — the form that files a sharing request for one entry:
 * purpose, legal basis (multi-line), the entry's information items as a
 * checklist, the usage period, and Submit / Cancel.
 *
 * The form takes keys before the bindings (view_ops.key) while a text
 * field has focus, so letters go into the field; on the checklist and the
 * buttons only the form's own keys are taken and the rest (q, ?, :) work as
 * everywhere.  Text fields are ui_edit fields: Chinese input, Ctrl-O for a
 * new line in the legal basis.
 *
 * Submitting checks the fields here first (the service checks them again),
 * then POSTs with an idempotency key that is kept while the form's content
 * stays the same, so submitting again after a lost answer cannot file the
 * request twice.  The answer: approved at once (unconditional entry),
 * pending with its deadline (the form closes and the request opens), or a
 * refusal (422 sharing_refused with its basis), shown in the form.
 *
 * Invariant: the create call in flight is cancelled when the form is freed,
 * so its callback never sees a freed form.
 */
#include "config.h"

#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "reqstore.h"
#include "store.h"
#include "ui-edit.h"
#include "ui-keys.h"
#include "ui-text.h"
#include "ui-theme.h"
#include "ui-width.h"
#include "view.h"
#include "xalloc.h"

#define LABEL_W 13

struct form_call {
	struct view_form *vf;
};

enum field { F_PURPOSE, F_BASIS, F_ITEMS, F_FROM, F_TO, F_SUBMIT, F_CANCEL, F_COUNT };

struct view_form {
	struct view base;
	struct app *app; /* for cancelling the call when freed */
	char *code;
	struct ui_edit *purpose, *basis, *from, *to;
	bool *checked;
	size_t n_items;
	bool items_ready;
	int item_cur, item_top, item_rows;
	enum field focus;
	char message[1200];
	int message_role;
	govdx_call_id call;
	struct form_call *fc; /* the record of the call in flight */
	char key[GOVDX_IDEMPOTENCY_KEY_SIZE];
	char *last_body; /* what the key was made for */
};

static void date_str(struct tm *tm, char *buf, size_t len)
{
	strftime(buf, len, "%Y-%m-%d", tm);
}

static bool valid_date(const char *s)
{
	int y, m, d;
	char extra;
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
	    sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &extra) != 3)
		return false;
	if (y < 1900 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return false;
	return m != 2 || d < 29 || (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0));
}

static struct govdx_entry *entry_of(struct view_form *vf, struct app *app)
{
	struct store_entry *se = store_entry(app->store, vf->code);

	store_want_entry(app->store, se, false);
	return se->e;
}

static void form_recalc(struct view *v, struct app *app, struct ui_rect r)
{
	struct view_form *vf = (struct view_form *)v;
	struct govdx_entry *e = entry_of(vf, app);

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

/* Draws an edit field over rows rows at (y, x); the cursor if focused. */
static void draw_edit(struct ui_canvas *c, int y, int x, int w, int rows, struct ui_edit *ed,
                      bool focused)
{
	struct ui_edit_layout L;
	int first = 0, i;

	ui_edit_layout(ed, w, &L);
	if (L.cur_row >= rows)
		first = L.cur_row - rows + 1;
	for (i = 0; i < rows; i++) {
		ui_canvas_fill(c, (struct ui_rect){ y + i, x, 1, w }, UI_ROLE_CURSOR);
		if (first + i < L.n)
			ui_canvas_wtext(c, y + i, x, w, UI_ROLE_CURSOR, L.rows[first + i],
			                UI_WIDTH_LEFT);
	}
	if (focused) {
		c->cursor_y = y + L.cur_row - first;
		c->cursor_x = x + (L.cur_col < w ? L.cur_col : w - 1);
	}
	ui_edit_layout_free(&L);
}

static void label(struct ui_canvas *c, int y, int x, const char *text, bool focused)
{
	ui_canvas_text(c, y, x, LABEL_W, focused ? UI_ROLE_SELECTED : UI_ROLE_LABEL, text,
	               UI_WIDTH_LEFT);
}

static void form_draw(struct view *v, struct app *app, struct ui_canvas *c, struct ui_rect r)
{
	struct view_form *vf = (struct view_form *)v;
	struct govdx_entry *e = entry_of(vf, app);
	int y = r.y, x = r.x + 1, w = r.w - 2, fw = w - LABEL_W, i, n_on = 0;
	char *s;
	size_t k;

	ui_canvas_text(c, y++, r.x, r.w, UI_ROLE_TITLE, " New sharing request (共享申请)",
	               UI_WIDTH_LEFT);
	label(c, y, x, "Entry", false);
	s = xasprintf("%s  %s  %s", vf->code, e ? e->name : "(loading...)",
	              e ? view_sharing_short(e->sharing_type) : "");
	ui_canvas_text(c, y++, x + LABEL_W, fw, UI_ROLE_NORMAL, s, UI_WIDTH_LEFT);
	free(s);
	label(c, y, x, "Purpose", vf->focus == F_PURPOSE);
	draw_edit(c, y++, x + LABEL_W, fw, 1, vf->purpose, vf->focus == F_PURPOSE);
	label(c, y, x, "Legal basis", vf->focus == F_BASIS);
	draw_edit(c, y, x + LABEL_W, fw, 3, vf->basis, vf->focus == F_BASIS);
	y += 3;
	for (k = 0; k < vf->n_items; k++)
		n_on += vf->checked[k];
	s = xasprintf("%d of %zu ticked: Space toggles, a all", n_on, vf->n_items);
	label(c, y, x, "Items", vf->focus == F_ITEMS);
	ui_canvas_text(c, y++, x + LABEL_W, fw, UI_ROLE_DIM, s, UI_WIDTH_LEFT);
	free(s);
	for (i = 0; i < vf->item_rows; i++) {
		int idx = vf->item_top + i;
		if (!e) {
			struct store_entry *se = store_entry(app->store, vf->code);
			if (i == 0 && se->state == STORE_ERROR)
				ui_canvas_text(c, y, x + LABEL_W, fw, UI_ROLE_ERROR,
				               se->not_found ? "No entry has this code." : se->error,
				               UI_WIDTH_LEFT);
			else if (i == 0)
				ui_canvas_text(c, y, x + LABEL_W, fw, UI_ROLE_DIM, "loading the entry...",
				               UI_WIDTH_LEFT);
		} else if (idx < (int)vf->n_items) {
			bool cur = vf->focus == F_ITEMS && idx == vf->item_cur;
			s = xasprintf("[%c] %s  %s", vf->checked[idx] ? 'x' : ' ', e->items[idx].name,
			              e->items[idx].data_type ? e->items[idx].data_type : "");
			ui_canvas_text(c, y + i, x + LABEL_W, fw, cur ? UI_ROLE_SELECTED : UI_ROLE_NORMAL,
			               s, UI_WIDTH_LEFT);
			free(s);
		}
	}
	y += vf->item_rows;
	label(c, y, x, "Period", vf->focus == F_FROM || vf->focus == F_TO);
	ui_canvas_text(c, y, x + LABEL_W, 5, UI_ROLE_DIM, "from", UI_WIDTH_LEFT);
	draw_edit(c, y, x + LABEL_W + 5, 11, 1, vf->from, vf->focus == F_FROM);
	ui_canvas_text(c, y, x + LABEL_W + 17, 3, UI_ROLE_DIM, "to", UI_WIDTH_LEFT);
	draw_edit(c, y++, x + LABEL_W + 20, 11, 1, vf->to, vf->focus == F_TO);
	ui_canvas_text(c, y, x + LABEL_W, 10,
	               vf->focus == F_SUBMIT ? UI_ROLE_SELECTED : UI_ROLE_KEY, "[ Submit ]",
	               UI_WIDTH_LEFT);
	ui_canvas_text(c, y++, x + LABEL_W + 12, 10,
	               vf->focus == F_CANCEL ? UI_ROLE_SELECTED : UI_ROLE_KEY, "[ Cancel ]",
	               UI_WIDTH_LEFT);
	if (vf->message[0]) {
		char **lines;
		size_t n = ui_text_wrap(vf->message, w, &lines);
		for (k = 0; k < n; k++) {
			if (y < r.y + r.h)
				ui_canvas_text(c, y++, x, w, vf->message_role, lines[k], UI_WIDTH_LEFT);
			free(lines[k]);
		}
		free(lines);
	} else if (e && e->sharing_type == GOVDX_SHARING_NONE) {
		ui_canvas_text(c, y, x, w, UI_ROLE_WARN,
		               "This entry is not shared (不予共享): the service will refuse the request.",
		               UI_WIDTH_LEFT);
	}
}

/* ---- submitting -------------------------------------------------------- */


static void created(void *arg, const struct govdx_error *err, struct govdx_request *r)
{
	struct form_call *fc = arg;
	struct view_form *vf = fc->vf;
	struct app *app = vf->app;
	char id[64];

	free(fc);
	vf->fc = NULL;
	vf->call = 0;
	app->dirty = true;
	if (err) {
		bool refused = err->http_status == 422 && !strcmp(err->code, "sharing_refused");
		snprintf(vf->message, sizeof vf->message, "%s %s",
		         refused ? "Refused (不予共享):" : "Not filed:", err->message);
		vf->message_role = UI_ROLE_ERROR;
		app_error(app, "%s", vf->message);
		govdx_request_free(r);
		return;
	}
	snprintf(id, sizeof id, "%s", r->id ? r->id : "");
	if (r->state == GOVDX_REQUEST_APPROVED)
		app_message(app, "%s approved at once: the entry is shared unconditionally (decided by %s)",
		            id, r->decided_by ? r->decided_by : "system");
	else if (r->has_deadline)
		app_message(app, "%s filed: %s, reply due %s (%d working days)", id,
		            r->state_name ? r->state_name : "?", r->deadline, r->working_days_left);
	else
		app_message(app, "%s filed: %s", id, r->state_name ? r->state_name : "?");
	reqstore_put(app->reqs, r, true);
	/* The form is done: the request takes its place. */
	if (app_top(app) == &vf->base && id[0]) {
		app_pop(app);
		app_open_request(app, id);
	}
}

static int submit(struct view_form *vf, struct app *app)
{
	struct govdx_entry *e = entry_of(vf, app);
	struct govdx_request_new req;
	const char **items;
	char *purpose, *basis, *from, *to, *body;
	size_t n = 0, k;
	struct form_call *fc;

	vf->message_role = UI_ROLE_ERROR;
	if (vf->call) {
		snprintf(vf->message, sizeof vf->message, "Sending: wait for the answer.");
		return -1;
	}
	if (!e) {
		snprintf(vf->message, sizeof vf->message, "The entry is still loading.");
		return -1;
	}
	if (ui_edit_blank(vf->purpose)) {
		vf->focus = F_PURPOSE;
		snprintf(vf->message, sizeof vf->message, "Purpose: say what the data is for.");
		return -1;
	}
	if (ui_edit_blank(vf->basis)) {
		vf->focus = F_BASIS;
		snprintf(vf->message, sizeof vf->message,
		         "Legal basis: name the law, regulation or policy that allows the use.");
		return -1;
	}
	items = xcalloc(vf->n_items + 1, sizeof *items);
	for (k = 0; k < vf->n_items; k++)
		if (vf->checked[k])
			items[n++] = e->items[k].name;
	if (!n) {
		free(items);
		vf->focus = F_ITEMS;
		snprintf(vf->message, sizeof vf->message,
		         "Items: tick at least one information item (Space), or a for all.");
		return -1;
	}
	purpose = xstrdup(ui_edit_text(vf->purpose));
	basis = xstrdup(ui_edit_text(vf->basis));
	from = xstrdup(ui_edit_text(vf->from));
	to = xstrdup(ui_edit_text(vf->to));
	if (!valid_date(from) || !valid_date(to) || strcmp(from, to) > 0) {
		vf->focus = valid_date(from) ? F_TO : F_FROM;
		snprintf(vf->message, sizeof vf->message,
		         "Period: two dates YYYY-MM-DD, the first not after the second.");
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
	if (!vf->last_body || strcmp(vf->last_body, body) != 0 || !vf->key[0]) {
		if (govdx_idempotency_key(vf->key) < 0)
			vf->key[0] = '\0';
		free(vf->last_body);
		vf->last_body = body;
	} else {
		free(body);
	}
	memset(&req, 0, sizeof req);
	req.entry_code = vf->code;
	req.purpose = purpose;
	req.legal_basis = basis;
	req.items = items;
	req.n_items = n;
	req.period_from = from;
	req.period_to = to;
	req.idempotency_key = vf->key[0] ? vf->key : NULL;
	fc = xcalloc(1, sizeof *fc);
	fc->vf = vf;
	snprintf(vf->message, sizeof vf->message, "Sending...");
	vf->message_role = UI_ROLE_DIM;
	vf->fc = fc;
	vf->call = govdx_request_create(app->client, &req, created, fc);
	free(items), free(purpose), free(basis), free(from), free(to);
	return 0;
}

/* ---- keys -------------------------------------------------------------- */

static void cancel(struct view_form *vf, struct app *app)
{
	if (app_top(app) == &vf->base) {
		app_pop(app);
		app_message(app, "request not filed");
	}
}

static bool edit_key(struct view_form *vf, struct app *app, struct ui_edit *ed, int key)
{
	bool is_key = key >= UI_KEY_FN;
	wint_t ch = (wint_t)(is_key ? key - UI_KEY_FN : key);

	switch (ui_edit_key(ed, is_key, ch)) {
	case UI_EDIT_DONE:
	case UI_EDIT_NEXT:
		vf->focus++;
		break;
	case UI_EDIT_PREV:
		if (vf->focus > 0)
			vf->focus--;
		break;
	case UI_EDIT_CANCEL:
		cancel(vf, app);
		break;
	default:
		break;
	}
	return true;
}

static bool form_key(struct view *v, struct app *app, int key)
{
	struct view_form *vf = (struct view_form *)v;
	bool down = key == 'j' || key == UI_KEY_FN + KEY_DOWN, up = key == 'k' ||
	                                                         key == UI_KEY_FN + KEY_UP;
	size_t k;
	bool all = true;

	app->dirty = true;
	/* Redraw and resize stay with the bindings. */
	if (key == 12 || key == UI_KEY_FN + KEY_RESIZE)
		return false;
	switch (vf->focus) {
	case F_PURPOSE:
		return edit_key(vf, app, vf->purpose, key);
	case F_BASIS:
		return edit_key(vf, app, vf->basis, key);
	case F_FROM:
		return edit_key(vf, app, vf->from, key);
	case F_TO:
		return edit_key(vf, app, vf->to, key);
	default:
		break;
	}
	if (key == UI_KEY_TAB || (key == UI_KEY_ENTER && vf->focus == F_ITEMS) ||
	    (down && vf->focus != F_ITEMS)) {
		vf->focus = (enum field)((vf->focus + 1) % F_COUNT);
		return true;
	}
	if (key == UI_KEY_FN + KEY_BTAB || (up && vf->focus != F_ITEMS)) {
		vf->focus = vf->focus ? vf->focus - 1 : F_COUNT - 1;
		return true;
	}
	if (key == UI_KEY_ESC) {
		cancel(vf, app);
		return true;
	}
	if (vf->focus == F_ITEMS) {
		if (down) {
			if (vf->item_cur + 1 < (int)vf->n_items)
				vf->item_cur++;
			else
				vf->focus = F_FROM;
			return true;
		}
		if (up) {
			if (vf->item_cur > 0)
				vf->item_cur--;
			else
				vf->focus = F_BASIS;
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
	if (key == UI_KEY_ENTER || key == ' ') {
		if (vf->focus == F_SUBMIT)
			submit(vf, app);
		else
			cancel(vf, app);
		return true;
	}
	return false;
}

/* ---- the rest of the vtable -------------------------------------------- */

static int form_request(struct view *v, struct app *app, enum view_req req, const char *arg,
                        char *err, size_t errlen)
{
	struct view_form *vf = (struct view_form *)v;

	if (req == REQ_REFRESH) {
		store_refresh_entry(app->store, store_entry(app->store, vf->code));
		return 0;
	}
	if (req == REQ_SELECT) {
		form_key(v, app, UI_KEY_ENTER);
		return 0;
	}
	snprintf(err, errlen, "in the form: Tab moves between fields, Esc cancels");
	return -1;
}

static void form_crumbs(struct view *v, struct app *app, char *buf, size_t len)
{
	struct view_form *vf = (struct view_form *)v;
	struct store_entry *se = store_entry(app->store, vf->code);

	snprintf(buf, len, "new request › %s", se->e && se->e->name ? se->e->name : vf->code);
}

static void form_position(struct view *v, int *cur, int *n, int *more)
{
	*n = -1;
	*cur = *more = 0;
}

static bool form_subject(struct view *v, struct app *app, char *buf, size_t len)
{
	snprintf(buf, len, "entry:%s", ((struct view_form *)v)->code);
	return true;
}

static void form_free(struct view *v)
{
	struct view_form *vf = (struct view_form *)v;

	if (vf->call && vf->app->client) {
		/* Never called back now: free its record here. */
		govdx_cancel(vf->app->client, vf->call);
		free(vf->fc);
	}
	ui_edit_free(vf->purpose);
	ui_edit_free(vf->basis);
	ui_edit_free(vf->from);
	ui_edit_free(vf->to);
	free(vf->checked);
	free(vf->code);
	free(vf->last_body);
	free(vf);
}

static const struct view_ops form_ops = {
	.name = "form",
	.recalc = form_recalc,
	.draw = form_draw,
	.request = form_request,
	.crumbs = form_crumbs,
	.position = form_position,
	.free = form_free,
	.key = form_key,
	.subject = form_subject,
};

struct view *view_form_new(struct app *app, const char *entry_code)
{
	struct view_form *vf = xcalloc(1, sizeof *vf);
	time_t now = time(NULL);
	struct tm tm;
	char buf[16];

	vf->base.ops = &form_ops;
	vf->app = app;
	vf->code = xstrdup(entry_code);
	vf->purpose = ui_edit_new(false, 500);
	vf->basis = ui_edit_new(true, 2000);
	vf->from = ui_edit_new(false, 10);
	vf->to = ui_edit_new(false, 10);
	localtime_r(&now, &tm);
	date_str(&tm, buf, sizeof buf);
	ui_edit_set(vf->from, buf);
	/* A year of use by default; 29 February becomes the 28th. */
	tm.tm_year++;
	if (tm.tm_mon == 1 && tm.tm_mday == 29)
		tm.tm_mday = 28;
	date_str(&tm, buf, sizeof buf);
	ui_edit_set(vf->to, buf);
	vf->focus = F_PURPOSE;
	return &vf->base;
}
