/*
 * app-prompt — a reason prompt and a y/n confirmation (see app-prompt.h).
 *
 * The box is drawn over the bottom of the view: a title row, the text
 * wrapped to the width (up to PROMPT_ROWS rows, scrolled to keep the cursor
 * in sight), and a row of keys.  Enter answers, Ctrl-O starts a new line,
 * Esc cancels — at once on an empty box; on typed text the first Esc only
 * asks, a second discards, and any other key only keeps the text (an Enter
 * meant as "no" does not send it).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app-prompt.h"
#include "app.h"
#include "i18n.h"
#include "ui-edit.h"
#include "ui-form.h"
#include "ui-keys.h"
#include "xalloc.h"

#define PROMPT_ROWS 4
/* The service's limit for a reason or note (docs/architecture.md). */
#define REASON_MAX 2000

static void finish(struct app *app, const char *text)
{
	struct app_prompt p = app->prompt;

	/* Clear first: the callback may ask another question. */
	app->prompt.active = false;
	app->prompt.fn = NULL;
	app->prompt.arg = NULL;
	app->mode = APP_MODE_NORMAL;
	app->dirty = true;
	if (p.fn)
		p.fn(app, text, p.arg);
}

static void begin(struct app *app, const char *title, app_answer_fn fn, void *arg)
{
	if (app->prompt.active)
		app_prompt_cancel(app);
	app->prompt.active = true;
	snprintf(app->prompt.title, sizeof app->prompt.title, "%s", title);
	app->prompt.note[0] = '\0';
	app->prompt.discarding = false;
	app->prompt.fn = fn;
	app->prompt.arg = arg;
	app->dirty = true;
}

void app_ask(struct app *app, const char *title, bool required, const char *refusal,
             app_answer_fn fn, void *arg)
{
	begin(app, title, fn, arg);
	app->prompt.confirm = false;
	app->prompt.required = required;
	snprintf(app->prompt.refusal, sizeof app->prompt.refusal, "%s",
	         refusal ? refusal : _("an answer is required"));
	if (!app->prompt.edit)
		app->prompt.edit = ui_edit_new(true, REASON_MAX);
	ui_edit_set(app->prompt.edit, "");
	app->mode = APP_MODE_PROMPT;
}

void app_confirm(struct app *app, const char *question, app_answer_fn fn, void *arg)
{
	begin(app, question, fn, arg);
	app->prompt.confirm = true;
	app->mode = APP_MODE_CONFIRM;
}

void app_prompt_cancel(struct app *app)
{
	if (app->prompt.active)
		finish(app, NULL);
}

void app_prompt_free(struct app *app)
{
	app_prompt_cancel(app);
	ui_edit_free(app->prompt.edit);
	app->prompt.edit = NULL;
}

void app_prompt_answer(struct app *app, bool yes)
{
	if (app->prompt.active && app->prompt.confirm)
		finish(app, yes ? "y" : NULL);
}

void app_prompt_edited(struct app *app, enum ui_edit_result res)
{
	switch (res) {
	case UI_EDIT_DONE:
		if (app->prompt.required && ui_edit_blank(app->prompt.edit)) {
			/* Said once, in the box, right under what was typed: the
			 * status line below it would only repeat it. */
			snprintf(app->prompt.note, sizeof app->prompt.note, "%s", app->prompt.refusal);
			return;
		}
		finish(app, ui_edit_text(app->prompt.edit));
		return;
	case UI_EDIT_CANCEL:
		if (!ui_edit_blank(app->prompt.edit)) {
			/* Never lose typed text to one stray key. */
			app->prompt.discarding = true;
			snprintf(app->prompt.note, sizeof app->prompt.note, "%s",
			         _(" Esc again discards what you typed; any other key keeps it"));
			return;
		}
		finish(app, NULL);
		app_message(app, "%s", _("cancelled"));
		return;
	default:
		app->prompt.note[0] = '\0';
		return;
	}
}

void app_prompt_draw(struct app *app, int rows, int cols)
{
	struct ui_canvas *c = &app->canvas;
	struct app_prompt *p = &app->prompt;
	struct ui_edit_layout L = { 0 };
	int text_rows = p->confirm ? 0 : PROMPT_ROWS, top, y, first = 0, i;
	char keys[160], count[48];

	snprintf(keys, sizeof keys, "%s%s%s", p->confirm ? _(" y yes   n no") :
	         _(" Enter done   Ctrl-O new line   Esc cancel"),
	         p->confirm ? "" : "   ",
	         p->confirm ? "" : ui_form_counter(p->edit, count, sizeof count));

	/* Box: title, text rows, keys; it ends just above the status line. */
	top = rows - 2 - (1 + text_rows + 1) - 1;
	if (top < 1)
		top = 1;
	ui_canvas_hline(c, top, 0, cols, UI_ROLE_BORDER);
	ui_canvas_text(c, top + 1, 0, cols, UI_ROLE_TITLE, p->title, UI_WIDTH_LEFT);
	y = top + 2;
	if (!p->confirm) {
		ui_edit_layout(p->edit, cols - 2, &L);
		if (L.cur_row >= text_rows)
			first = L.cur_row - text_rows + 1;
		for (i = 0; i < text_rows; i++) {
			int r = first + i;
			ui_canvas_fill(c, (struct ui_rect){ y + i, 0, 1, cols }, UI_ROLE_COMMAND);
			ui_canvas_text(c, y + i, 0, 2, UI_ROLE_DIM, i == 0 && first ? "^ " : "> ",
			               UI_WIDTH_LEFT);
			if (r < L.n)
				ui_canvas_wtext(c, y + i, 2, cols - 2, UI_ROLE_COMMAND, L.rows[r],
				                UI_WIDTH_LEFT);
		}
		c->cursor_y = y + (L.cur_row - first);
		c->cursor_x = 2 + L.cur_col;
		if (c->cursor_x >= cols)
			c->cursor_x = cols - 1;
		ui_edit_layout_free(&L);
		y += text_rows;
	}
	if (p->note[0])
		ui_canvas_text(c, y, 0, cols, UI_ROLE_ERROR, p->note, UI_WIDTH_LEFT);
	else
		ui_canvas_text(c, y, 0, cols, UI_ROLE_DIM, keys, UI_WIDTH_LEFT);
}
