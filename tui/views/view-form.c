/*
 * view-form — the shell of the console's forms (see view-form.h): focus,
 * keys, buttons, the message, and the POST in flight.
 */
#include "config.h"

#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "cmd-keys.h"
#include "i18n.h"
#include "store.h"
#include "ui-keys.h"
#include "ui-theme.h"
#include "ui-width.h"
#include "view-form.h"
#include "xalloc.h"

#define LABEL_W UI_FORM_LABEL_W
/* Rows a form may take before it is cut (fields, items, the message). */
#define FORM_ROWS 200
/* The marks where more of the form lies above or below the rows shown. */
#define MORE_W 13

void view_form_init(struct view_form *f, const struct view_form_ops *fops, struct app *app,
                    const char *entry_code)
{
	f->base.ops = &view_form_vtable;
	f->fops = fops;
	f->app = app;
	f->code = xstrdup(entry_code);
	f->message_role = UI_ROLE_DIM;
	ui_canvas_init(&f->whole);
}

struct govdx_entry *view_form_entry(struct view_form *f, struct app *app)
{
	struct store_entry *se;

	if (!f->code[0])
		return NULL;
	se = store_entry(app->store, f->code);
	store_want_entry(app->store, se, false);
	return se->e;
}

/* Whether the form has what it waits for: its entry, or nothing when it
 * is of no entry (the draft of a new one). */
static bool form_ready(struct view_form *f, struct app *app)
{
	return !f->code[0] || view_form_entry(f, app);
}

void view_form_sending(struct view_form *f, void *rec)
{
	f->call = 0;
	f->call_rec = rec;
	view_form_say(f, UI_ROLE_DIM, "%s", _("Sending..."));
}

void view_form_sent(struct view_form *f, govdx_call_id call)
{
	/* A call the library refused at once has been answered already
	 * (view_form_answered freed the record): nothing is in flight. */
	if (f->call_rec)
		f->call = call;
}

void view_form_answered(struct view_form *f)
{
	free(f->call_rec);
	f->call_rec = NULL;
	f->call = 0;
	f->app->dirty = true;
}

void view_form_close(struct view_form *f, struct app *app, const char *msg)
{
	if (app_top(app) == &f->base) {
		app_pop(app);
		if (msg)
			app_message(app, "%s", msg);
	}
}

void view_form_say(struct view_form *f, int role, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(f->message, sizeof f->message, fmt, ap);
	va_end(ap);
	f->message_role = role;
}

/* ---- the vtable -------------------------------------------------------- */

static void form_recalc(struct view *v, struct app *app, struct ui_rect r)
{
	struct view_form *f = (struct view_form *)v;

	/* "still loading" is true no longer once the entry is here. */
	if (form_ready(f, app) && f->said_loading) {
		f->said_loading = false;
		f->message[0] = '\0';
	}
	if (f->fops->recalc)
		f->fops->recalc(f, app, r);
}

/* The body of the form (fields, buttons, the message) from row y of c in
 * the columns of r; returns the row after it. */
static int form_body(struct view_form *f, struct app *app, struct ui_canvas *c, struct ui_rect r,
                     int y)
{
	int x = r.x + 1, w = r.w - 2, n = f->fops->n_fields, role = UI_ROLE_DIM;
	const char *hint = NULL;

	y = f->fops->draw(f, app, c, r, y);
	ui_canvas_text(c, y, x + LABEL_W, 10, f->focus == n ? UI_ROLE_SELECTED : UI_ROLE_KEY,
	               _("[ Submit ]"), UI_WIDTH_LEFT);
	ui_canvas_text(c, y++, x + LABEL_W + 12, 10,
	               f->focus == n + 1 ? UI_ROLE_SELECTED : UI_ROLE_KEY, _("[ Cancel ]"),
	               UI_WIDTH_LEFT);
	if (f->message[0]) {
		hint = f->message;
		role = f->message_role;
	} else if (!form_ready(f, app)) {
		struct store_entry *se = store_entry(app->store, f->code);
		hint = se->state != STORE_ERROR ? _("loading the entry...") :
		       se->not_found            ? _("No entry has this code.") :
		                                  se->error;
		role = se->state == STORE_ERROR ? UI_ROLE_ERROR : UI_ROLE_DIM;
	} else if (f->fops->hint) {
		hint = f->fops->hint(f, app, &role);
	}
	if (hint)
		y = ui_form_message(c, y, x, w, r.y + r.h, hint, role);
	return y;
}

/* The form is drawn whole on a canvas of its own, then the rows that fit
 * under the title are shown: scrolled as little as keeps the focus (its
 * label, the field's cursor, a button) in sight, with a mark where more
 * lies above or below — on a short terminal Submit is never pressed
 * unseen. */
static void form_draw(struct view *v, struct app *app, struct ui_canvas *c, struct ui_rect r)
{
	struct view_form *f = (struct view_form *)v;
	struct ui_canvas *all = &f->whole;
	struct ui_rect body = { 0, r.x, FORM_ROWS, r.w };
	int end, lo = -1, hi = -1, y, x, h = r.h - 1;

	ui_canvas_text(c, r.y, r.x, r.w, UI_ROLE_TITLE, _(f->fops->title), UI_WIDTH_LEFT);
	if (h <= 0)
		return;
	if (all->rows != FORM_ROWS || all->cols != c->cols) {
		ui_canvas_resize(all, FORM_ROWS, c->cols);
	} else {
		ui_canvas_fill(all, (struct ui_rect){ 0, 0, all->rows, all->cols }, UI_ROLE_NORMAL);
		all->cursor_y = all->cursor_x = -1;
	}
	end = form_body(f, app, all, body, 0);
	for (y = 0; y < end && y < all->rows; y++)
		for (x = r.x; x < r.x + r.w; x++) {
			int role = all->cells[(size_t)y * (size_t)all->cols + (size_t)x].role;
			if (role == UI_ROLE_SELECTED) { /* a focused label, item, button */
				lo = lo < 0 ? y : lo;
				hi = y;
			}
		}
	if (all->cursor_y >= 0) {
		lo = lo < 0 || all->cursor_y < lo ? all->cursor_y : lo;
		hi = all->cursor_y > hi ? all->cursor_y : hi;
	}
	if (lo >= 0 && lo < f->scroll)
		f->scroll = lo;
	if (hi >= 0 && hi >= f->scroll + h)
		f->scroll = hi - h + 1;
	if (f->scroll > end - h)
		f->scroll = end - h;
	if (f->scroll < 0)
		f->scroll = 0;
	ui_canvas_fill(c, (struct ui_rect){ r.y + 1, r.x, h, r.w }, UI_ROLE_NORMAL);
	ui_canvas_copy_rows(c, r.y + 1, all, f->scroll, h, r.x, r.w);
	if (f->scroll > 0)
		ui_canvas_text(c, r.y + 1, r.x + r.w - MORE_W, MORE_W, UI_ROLE_DIM, _(" ^ more above"),
		               UI_WIDTH_RIGHT);
	if (f->scroll + h < end)
		ui_canvas_text(c, r.y + h, r.x + r.w - MORE_W, MORE_W, UI_ROLE_DIM, _(" v more below"),
		               UI_WIDTH_RIGHT);
	if (all->cursor_y >= f->scroll && all->cursor_y < f->scroll + h) {
		c->cursor_y = all->cursor_y - f->scroll + r.y + 1;
		c->cursor_x = all->cursor_x;
	}
}

/* Esc: an untouched form closes; a touched one asks first, for a form
 * can hold minutes of typing. */
static void form_cancel(struct view_form *f, struct app *app)
{
	if (!f->touched) {
		view_form_close(f, app, _(f->fops->cancelled));
		return;
	}
	f->discarding = true;
	view_form_say(f, UI_ROLE_ERROR, "%s",
	              _("Esc again discards this form and what you typed; "
	                "any other key goes back to it."));
}

/* Whether key cancels: Esc, C-g, C-c as bound (edit-cancel in a text
 * field, cancel elsewhere in the form). */
static bool cancels(struct app *app, int key)
{
	const struct cmd_def *d = cmd_key_def(app, key);

	return cmd_edit_op(app, "field", key, NULL) == EDIT_CANCEL ||
	       (d && d->req == REQ_CANCEL);
}

static void focus_move(struct view_form *f, int step)
{
	int count = f->fops->n_fields + 2;

	f->focus = (f->focus + step + count) % count;
}

/* [ Submit ] or [ Cancel ] pressed. */
static void press(struct view_form *f, struct app *app)
{
	if (f->focus != f->fops->n_fields) {
		view_form_close(f, app, _(f->fops->cancelled));
	} else if (f->call) {
		view_form_say(f, UI_ROLE_ERROR, "%s", _("Sending: wait for the answer."));
	} else if (!form_ready(f, app)) {
		view_form_say(f, UI_ROLE_ERROR, "%s", _("The entry is still loading."));
		f->said_loading = true;
	} else {
		f->fops->submit(f, app);
	}
}

/* A key in a text field: the field keymap (then edit) decides. */
static void field_key(struct view_form *f, struct app *app, struct ui_edit *ed, int key)
{
	size_t before = ui_edit_length(ed);
	enum ui_edit_result res = cmd_field_key(app, ed, key);
	const char *label;
	char full[200];

	if (app_top(app) != &f->base)
		return; /* a command bound in the field closed the form */
	if (ui_edit_length(ed) != before) {
		f->touched = true;
		/* The user acts on what the message said: it has served
		 * (a new refusal, below, says itself again). */
		app_unsay(app, f->message);
		f->message[0] = '\0';
	}
	label = f->fops->labels && f->fops->labels[f->focus] ? _(f->fops->labels[f->focus]) :
	                                                        _("The field");
	/* A full field refuses more and says so: never cut silently. */
	if (ui_form_refusal(ed, label, full, sizeof full)) {
		view_form_say(f, UI_ROLE_ERROR, "%s", full);
		app_error(app, "%s", full);
	}
	switch (res) {
	case UI_EDIT_DONE:
	case UI_EDIT_NEXT:
		f->focus++;
		break;
	case UI_EDIT_PREV:
		if (f->focus > 0)
			f->focus--;
		break;
	case UI_EDIT_CANCEL:
		form_cancel(f, app);
		break;
	default:
		break;
	}
}

/* Before the bindings: a text field with focus takes every key; a field
 * that is not text (a checklist, a choice) takes its own; the rest goes
 * to the bindings (next-field, press, cancel, down, select...), which come
 * back as requests. */
static bool form_key(struct view *v, struct app *app, int key)
{
	struct view_form *f = (struct view_form *)v;
	int n = f->fops->n_fields;
	struct ui_edit *ed = f->focus < n ? f->fops->edit(f, f->focus) : NULL;
	const struct cmd_def *d;
	bool down, up;

	app->dirty = true;
	if (f->discarding) {
		f->discarding = false;
		f->message[0] = '\0';
		if (cancels(app, key))
			view_form_close(f, app, _(f->fops->cancelled));
		/* Any other key only goes back to the form: an Enter meant
		 * as "no" must not submit it. */
		return true;
	}
	if (ed) {
		field_key(f, app, ed, key);
		return true;
	}
	d = cmd_key_def(app, key);
	down = d && d->req == REQ_DOWN;
	up = d && d->req == REQ_UP;
	if (f->focus < n && f->fops->key && f->fops->key(f, app, key, down, up)) {
		if (!down && !up)
			f->touched = true; /* ticked, unticked, chose */
		return true;
	}
	return false;
}

static int form_request(struct view *v, struct app *app, enum view_req req, const char *arg,
                        char *err, size_t errlen)
{
	struct view_form *f = (struct view_form *)v;

	switch (req) {
	case REQ_REFRESH:
		if (f->code[0])
			store_refresh_entry(app->store, store_entry(app->store, f->code));
		return 0;
	case REQ_DOWN:
	case REQ_NEXT_FIELD:
		focus_move(f, 1);
		return 0;
	case REQ_UP:
	case REQ_PREV_FIELD:
		focus_move(f, -1);
		return 0;
	case REQ_SELECT:
		/* Enter: on a field the next one, on a button the button. */
		if (f->focus < f->fops->n_fields)
			focus_move(f, 1);
		else
			press(f, app);
		return 0;
	case REQ_PRESS:
		if (f->focus < f->fops->n_fields) {
			snprintf(err, errlen, "%s", _("press: the cursor is not on a button"));
			return -1;
		}
		press(f, app);
		return 0;
	case REQ_CANCEL:
		form_cancel(f, app);
		return 0;
	default:
		snprintf(err, errlen, "%s", _("in the form: Tab moves between fields, Esc cancels"));
		return -1;
	}
}

static void form_crumbs(struct view *v, struct app *app, char *buf, size_t len)
{
	struct view_form *f = (struct view_form *)v;
	struct store_entry *se;

	if (!f->code[0]) {
		snprintf(buf, len, "%s", _(f->fops->what));
		return;
	}
	se = store_entry(app->store, f->code);
	snprintf(buf, len, "%s › %s", _(f->fops->what), se->e && se->e->name ? se->e->name : f->code);
}

static void form_position(struct view *v, int *cur, int *n, int *more)
{
	*n = -1;
	*cur = *more = 0;
}

static bool form_subject(struct view *v, struct app *app, char *buf, size_t len)
{
	const char *code = ((struct view_form *)v)->code;

	(void)app;
	if (!code[0])
		return false;
	snprintf(buf, len, "entry:%s", code);
	return true;
}

static void form_free(struct view *v)
{
	struct view_form *f = (struct view_form *)v;

	if (f->call && f->app->client) {
		/* Never called back now: free its record here. */
		govdx_cancel(f->app->client, f->call);
		free(f->call_rec);
	}
	f->fops->free(f);
	ui_form_key_free(&f->key);
	ui_canvas_free(&f->whole);
	free(f->code);
	free(f);
}

const struct view_ops view_form_vtable = {
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
