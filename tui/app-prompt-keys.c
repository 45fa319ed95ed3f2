/*
 * app-prompt-keys — the keys of a question (app-prompt.h): a y/n question
 * runs what its confirm keymap binds (confirm-yes, confirm-no), a reason
 * is edited by the field keymap, then the edit keymap.  Apart from the
 * question itself (app-prompt.c), as this runs commands: it stands above
 * the command layer.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "app-prompt.h"
#include "app.h"
#include "cmd.h"
#include "i18n.h"
#include "ui-edit.h"
#include "ui-form.h"
#include "xalloc.h"

void app_prompt_key(struct app *app, int key)
{
	app->dirty = true;
	if (app->prompt.confirm) {
		/* The confirm keymap: y confirm-yes, n confirm-no... */
		const char *line = cmd_binding(app, cmd_view_index("confirm"), key);
		if (line) {
			char *copy = xstrdup(line);
			cmd_execute(app, copy);
			free(copy);
		} else {
			snprintf(app->prompt.note, sizeof app->prompt.note, "%s", _("answer y or n"));
		}
		return;
	}
	if (app->prompt.discarding) {
		app->prompt.discarding = false;
		app->prompt.note[0] = '\0';
		if (cmd_edit_op(app, "field", key, NULL) == EDIT_CANCEL) {
			app_prompt_cancel(app);
			app_message(app, "%s", _("cancelled: what was typed is discarded"));
		}
		return;
	}
	{
		enum ui_edit_result res = cmd_field_key(app, app->prompt.edit, key);
		char full[200];
		/* A full answer refuses more and says so: never cut silently. */
		if (ui_form_refusal(app->prompt.edit, _("The text"), full, sizeof full)) {
			snprintf(app->prompt.note, sizeof app->prompt.note, "%s", full);
			return;
		}
		app_prompt_edited(app, res);
	}
}
