/*
 * cmd-keys — key bindings read (cmd-keys.h): the binding of a key in a
 * view, in the keymaps of text being typed (edit, line, field), the keys
 * bound to a command (for hints and help), the actions a case offers with
 * their keys.  Running the binding of a key in the top view is cmd.c's
 * (cmd_key); a binding met while text is typed runs after the key.
 *
 * Lookup order: a view's own binding, then `all`.  Text being typed looks
 * in its keymap (line or field), then in edit, never in `all`: `j` is
 * text there.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "case.h"
#include "cmd-keys.h"
#include "i18n.h"
#include "ui-keys.h"
#include "ui-theme.h"
#include "xalloc.h"

/* ---- keys -------------------------------------------------------------- */

const char *cmd_binding(struct app *app, int view, int key)
{
	size_t i;

	for (i = 0; i < app->n_bindings; i++)
		if (app->bindings[i].key == key && app->bindings[i].view == view)
			return app->bindings[i].command;
	return NULL;
}

/* The command a binding's line runs: its first word. */
static const struct cmd_def *line_def(struct app *app, const char *line)
{
	char name[64];
	size_t n = strcspn(line, " \t");

	if (n >= sizeof name)
		return NULL;
	memcpy(name, line, n);
	name[n] = '\0';
	return cmd_lookup(app, name);
}

const struct cmd_def *cmd_key_def(struct app *app, int key)
{
	struct view *v = app_top(app);
	int vi = v ? cmd_view_index(v->ops->name) : -1;
	const char *line = vi >= 0 ? cmd_binding(app, vi, key) : NULL;

	if (!line)
		line = cmd_binding(app, -1, key);
	return line ? line_def(app, line) : NULL;
}

enum edit_op cmd_edit_op(struct app *app, const char *keymap, int key, const char **line)
{
	const char *b = cmd_binding(app, cmd_view_index(keymap), key);
	const struct cmd_def *d;

	if (!b)
		b = cmd_binding(app, cmd_view_index("edit"), key);
	if (line)
		*line = b;
	d = b ? line_def(app, b) : NULL;
	return d ? d->edit : EDIT_NONE;
}

/* A binding that is not an edit command runs after the key, from the
 * loop (app_later keeps a copy: the command may replace the binding). */
static void run_binding(struct app *app, const char *line)
{
	app_later(app, line);
}

enum ui_line_result cmd_line_key(struct app *app, struct ui_line *l, int key)
{
	const char *line;
	enum edit_op op = cmd_edit_op(app, "line", key, &line);

	if (op != EDIT_NONE)
		return ui_line_do(l, op);
	if (line)
		run_binding(app, line);
	else if (key < UI_KEY_FN)
		ui_line_insert(l, (wint_t)key);
	return UI_LINE_EDITING;
}

enum ui_edit_result cmd_field_key(struct app *app, struct ui_edit *e, int key)
{
	const char *line;
	enum edit_op op = cmd_edit_op(app, "field", key, &line);

	if (op != EDIT_NONE)
		return ui_edit_do(e, op);
	if (line)
		run_binding(app, line);
	else if (key < UI_KEY_FN)
		ui_edit_insert(e, (wint_t)key);
	else
		ui_edit_insert(e, 0); /* a function key: nothing typed, a move */
	return UI_EDIT_EDITING;
}

void cmd_keys_for(struct app *app, int view, const char *command, char *buf, size_t len)
{
	size_t i, used = 0;
	char name[32];

	buf[0] = '\0';
	for (i = 0; i < app->n_bindings; i++) {
		const struct cmd_binding *b = &app->bindings[i];
		size_t n = strlen(command);
		if (b->view != view || strncmp(b->command, command, n) != 0 ||
		    (b->command[n] && b->command[n] != ' '))
			continue;
		ui_keys_name(b->key, name, sizeof name);
		used += (size_t)snprintf(buf + used, used < len ? len - used : 0, "%s%s",
		                         used ? " " : "", name);
		if (used >= len)
			break;
	}
}

void cmd_first_key(struct app *app, int view, const char *command, char *buf, size_t len)
{
	char keys[128];

	cmd_keys_for(app, view, command, keys, sizeof keys);
	if (!keys[0] && view >= 0)
		cmd_keys_for(app, -1, command, keys, sizeof keys);
	snprintf(buf, len, "%.*s", (int)strcspn(keys, " "), keys);
}

int cmd_case_actions(struct app *app, int view, const struct case_kind *kind, const void *obj,
                     const char *sep, char *buf, size_t len)
{
	size_t i, used = 0;
	int n = 0;
	char key[32];

	buf[0] = '\0';
	if (app_read_only(app))
		return 0; /* nothing is offered that the dispatcher refuses */
	for (i = 0; obj && i < kind->n_actions; i++) {
		const char *name = kind->actions[i].name, *verb = kind->actions[i].verb;
		const char *word = name;
		if (!case_may(kind, obj, name))
			continue;
		cmd_first_key(app, view, name, key, sizeof key);
		/* Beside its key, the action in the user's language (the
		 * translated verb); with no key, the command to type. */
		if (key[0] && verb && strcmp(_(verb), verb) != 0)
			word = _(verb);
		used += (size_t)snprintf(buf + used, used < len ? len - used : 0, "%s%s%s%s",
		                         n ? sep : "", key[0] ? key : ":", key[0] ? " " : "", word);
		n++;
		if (used >= len)
			break;
	}
	return n;
}
