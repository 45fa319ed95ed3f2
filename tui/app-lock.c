/*
 * app-lock — the idle lock of a secure terminal (see app.h).
 *
 * Locking repaints the whole terminal from a canvas that holds no data, and
 * asks curses for a full repaint, so nothing of the last frame is left on
 * the screen; the console runs on the terminal's alternate screen, which
 * keeps no scrollback.  Unlocking proves the user can still read the
 * context's token file (the file the session's token came from, mode
 * 0600): on a terminal whose token is on removable media or in a home
 * directory that is unmounted when the user leaves, the lock holds.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "i18n.h"
#include "ui-canvas.h"
#include "ui-keys.h"
#include "ui-screen.h"
#include "ui-text.h"
#include "ui-theme.h"
#include "ui-width.h"
#include "xalloc.h"

void app_lock(struct app *app)
{
	if (app->locked)
		return;
	app->locked = true;
	app->status[0] = '\0';
	if (app->screen)
		ui_screen_invalidate(app->screen);
	app->dirty = true;
}

static void unlock(struct app *app)
{
	struct govdx_error err;
	char *token = NULL;

	if (!app->ctx || govdx_read_token_file(app->ctx->token_file, &token, &err) < 0) {
		app_message(app, _("still locked: %s"),
		            app->ctx ? err.message : _("no context"));
		app->status_role = UI_ROLE_ERROR;
		return;
	}
	/* Only that it can be read: the token itself is the client's. */
	memset(token, 0, strlen(token));
	free(token);
	app->locked = false;
	app->last_key_ms = app_now_ms();
	if (app->screen)
		ui_screen_invalidate(app->screen);
	app_message(app, "%s", _("unlocked"));
}

bool app_lock_key(struct app *app, int key)
{
	app->last_key_ms = app_now_ms();
	if (!app->locked)
		return false;
	app->dirty = true;
	if (key == '\n' || key == '\r' || key == UI_KEY_ENTER)
		unlock(app);
	return true;
}

static void centre(struct ui_canvas *c, int y, int cols, int role, const char *text)
{
	int w = ui_width_utf8(text), x = w < cols ? (cols - w) / 2 : 0;

	ui_canvas_text(c, y, x, cols - x, role, text, UI_WIDTH_LEFT);
}

void app_lock_draw(struct app *app, struct ui_canvas *c, int rows, int cols)
{
	int y = rows / 2 - 2;
	char *ctx = xasprintf(_("context %s"), app->ctx ? app->ctx->name : "-");

	ui_canvas_fill(c, (struct ui_rect){ 0, 0, rows, cols }, UI_ROLE_NORMAL);
	centre(c, y, cols, UI_ROLE_TITLE, "govdx");
	centre(c, y + 1, cols, UI_ROLE_NORMAL, ctx);
	centre(c, y + 3, cols, UI_ROLE_DIM,
	       _("locked: press Enter to unlock (the token file is read again)"));
	if (app->status[0]) {
		/* Why it is still locked, whole: wrapped below the lock. */
		char **lines;
		size_t n = ui_text_wrap(app->status, cols - 2, &lines), i;
		for (i = 0; i < n; i++) {
			if (y + 5 + (int)i < rows)
				ui_canvas_text(c, y + 5 + (int)i, 1, cols - 2, app->status_role,
				               lines[i], UI_WIDTH_LEFT);
			free(lines[i]);
		}
		free(lines);
	}
	free(ctx);
}

int64_t app_lock_due(const struct app *app)
{
	if (app->locked || app->lock_after_ms <= 0)
		return INT64_MAX;
	return app->last_key_ms + app->lock_after_ms;
}

void app_lock_tick(struct app *app, int64_t now)
{
	if (now >= app_lock_due(app))
		app_lock(app);
}
