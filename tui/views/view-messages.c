/*
 * view-messages — what the console has said: every config warning
 * ("file:line: what is wrong", all of them, in the order they came), then
 * the recent status messages with their times (the last APP_MAX_MESSAGES
 * of app.c's ring), newest last, so that a warning or an error that the
 * next message replaced on the status line can still be read.
 *
 * The view reads the app's lists each frame; it owns only its cursor and
 * filter.  It opens at the newest message.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "beijing.h"
#include "i18n.h"
#include "ui-list.h"
#include "ui-text.h"
#include "ui-theme.h"
#include "view.h"
#include "xalloc.h"

struct view_messages {
	struct view base;
	struct ui_text text;
	size_t *shown; /* rows of text that pass the filter */
	size_t n_shown, cap_shown;
	struct ui_list list;
	char *filter;
	bool opened; /* the cursor went to the newest message once */
};

/* Builds the text: the warnings, then the messages.  Each entry is one
 * paragraph, so a long one wraps instead of being cut. */
static void messages_build(struct app *app, struct ui_text *t, int width)
{
	char head[160], when[16], *line;
	size_t i;

	ui_text_reset(t, width, 0);
	snprintf(head, sizeof head, _("Config warnings (%zu)"), app->n_warnings);
	ui_text_line(t, UI_ROLE_TITLE, head, NULL);
	if (!app->n_warnings)
		ui_text_line(t, UI_ROLE_DIM, _("none"), NULL);
	for (i = 0; i < app->n_warnings; i++)
		ui_text_para(t, UI_ROLE_WARN, app->warnings[i]);
	ui_text_line(t, UI_ROLE_NORMAL, "", NULL);
	snprintf(head, sizeof head, _("Recent messages (%zu, newest last; Beijing time)"),
	         app->n_messages);
	ui_text_line(t, UI_ROLE_TITLE, head, NULL);
	if (!app->n_messages)
		ui_text_line(t, UI_ROLE_DIM, _("none"), NULL);
	for (i = 0; i < app->n_messages; i++) {
		const struct app_msg *m = app_message_at(app, i);
		struct tm tm = { 0 };

		beijing_time(m->at, &tm); /* Beijing, as every time shown */
		strftime(when, sizeof when, "%H:%M:%S", &tm);
		line = xasprintf("%s  %s", when, m->text);
		ui_text_para(t, m->role == UI_ROLE_STATUS ? UI_ROLE_NORMAL : m->role, line);
		free(line);
	}
}

static void messages_recalc(struct view *v, struct app *app, struct ui_rect r)
{
	struct view_messages *vm = (struct view_messages *)v;
	size_t i;

	messages_build(app, &vm->text, r.w - 2);
	vm->n_shown = 0;
	for (i = 0; i < vm->text.n; i++) {
		if (vm->filter[0] && !ui_list_match(vm->filter, vm->text.rows[i].text, NULL))
			continue;
		xgrow(&vm->shown, &vm->cap_shown, vm->n_shown + 1, sizeof *vm->shown);
		vm->shown[vm->n_shown++] = i;
	}
	vm->list.n = (int)vm->n_shown;
	if (!vm->opened) {
		vm->opened = true;
		vm->list.cur = vm->list.n - 1;
	}
	ui_list_fix(&vm->list, r.h - 1);
}

static void messages_draw(struct view *v, struct app *app, struct ui_canvas *c,
                          struct ui_rect r)
{
	struct view_messages *vm = (struct view_messages *)v;
	int row;

	ui_canvas_text(c, r.y, r.x, r.w, UI_ROLE_TITLE, _(" Messages"), UI_WIDTH_LEFT);
	for (row = 0; row < r.h - 1; row++) {
		int i = vm->list.top + row;
		if (i >= (int)vm->n_shown)
			break;
		ui_text_draw_row(c, r.y + 1 + row, r.x + 1, r.w - 2, &vm->text, vm->shown[i],
		                 i == vm->list.cur ? UI_ROLE_SELECTED : -1);
		if (i == vm->list.cur)
			ui_canvas_role(c, r.y + 1 + row, r.x, r.w, UI_ROLE_SELECTED);
	}
}

static int messages_request(struct view *v, struct app *app, enum view_req req,
                            const char *arg, char *err, size_t errlen)
{
	struct view_messages *vm = (struct view_messages *)v;

	if (ui_list_request(&vm->list, req))
		return 0;
	return req == REQ_REFRESH || req == REQ_SELECT ? 0 : -1;
}

static const char *messages_filter(struct view *v)
{
	return ((struct view_messages *)v)->filter;
}

static void messages_set_filter(struct view *v, struct app *app, const char *f)
{
	struct view_messages *vm = (struct view_messages *)v;

	free(vm->filter);
	vm->filter = xstrdup(f ? f : "");
	vm->list.cur = vm->list.top = 0;
	app->dirty = true;
}

static void messages_crumbs(struct view *v, struct app *app, char *buf, size_t len)
{
	snprintf(buf, len, "%s", _("messages"));
}

static void messages_position(struct view *v, int *cur, int *n, int *more)
{
	struct view_messages *vm = (struct view_messages *)v;

	*cur = vm->list.cur + 1;
	*n = vm->list.n;
	*more = 0;
}

static void messages_free(struct view *v)
{
	struct view_messages *vm = (struct view_messages *)v;

	ui_text_free(&vm->text);
	free(vm->shown);
	free(vm->filter);
	free(vm);
}

static const struct view_ops messages_ops = {
	.name = "messages",
	.recalc = messages_recalc,
	.draw = messages_draw,
	.request = messages_request,
	.filter = messages_filter,
	.set_filter = messages_set_filter,
	.crumbs = messages_crumbs,
	.position = messages_position,
	.free = messages_free,
};

struct view *view_messages_new(struct app *app)
{
	struct view_messages *vm = xcalloc(1, sizeof *vm);

	vm->base.ops = &messages_ops;
	vm->filter = xstrdup("");
	return &vm->base;
}
