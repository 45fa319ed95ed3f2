/*
 * cmd-keys — key bindings read: which command line a key runs in a view or
 * keymap, what a key does to text being typed, which keys run a command
 * (hints, help), and the actions a case offers with their keys.  Nothing
 * here runs a command: a binding a text field or the : line meets is
 * handed to the loop (app_later), which runs it after the key.
 */
#ifndef GOVDX_CMD_KEYS_H
#define GOVDX_CMD_KEYS_H

#include <stdbool.h>
#include <stddef.h>

#include "cmd-names.h"
#include "edit-core.h"
#include "ui-edit.h"
#include "ui-line.h"

struct app;
struct case_kind;

/* The command line bound to key in a view or keymap exactly (no `all`),
 * or NULL. */
const char *cmd_binding(struct app *app, int view, int key);
/* The command key runs in the top view (its binding there, else in all),
 * or NULL. */
const struct cmd_def *cmd_key_def(struct app *app, int key);
/* What key does to text being typed in keymap ("line" or "field"),
 * looked up there and then in "edit": the edit op of the command bound,
 * else EDIT_NONE; *line (may be NULL) gets the binding (NULL: unbound). */
enum edit_op cmd_edit_op(struct app *app, const char *keymap, int key, const char **line);
/* A key for the `:` or `/` line, or for a text field or the reason prompt:
 * an edit command bound runs in the editor, another command bound is
 * handed to the loop to run after the key (app_later: C-l redraw), an
 * unbound character is typed. */
enum ui_line_result cmd_line_key(struct app *app, struct ui_line *l, int key);
enum ui_edit_result cmd_field_key(struct app *app, struct ui_edit *e, int key);
/* The keys bound to exactly this command line in a view (or all views),
 * as "j Down", written to buf. */
void cmd_keys_for(struct app *app, int view, const char *command, char *buf, size_t len);

/* The first key bound to exactly this command line in a view, else in
 * every view, written to buf ("" when none). */
void cmd_first_key(struct app *app, int view, const char *command, char *buf, size_t len);
/* The actions of kind the user could take on obj (case_may), in the
 * kind's order, each with the key bound to it in the view ("a approve"),
 * or as ":name" when no key is; joined by sep into buf.  Returns how many
 * (obj NULL: none).  One list for the key hints and the detail's "Can be
 * done", so that what is offered is the same everywhere. */
int cmd_case_actions(struct app *app, int view, const struct case_kind *kind, const void *obj,
                     const char *sep, char *buf, size_t len);

#endif /* GOVDX_CMD_KEYS_H */
