/*
 * cmd-names — what the console's commands are, as data, and the names of
 * its views and keymaps: struct cmd_def (one row of the action table), the
 * keymaps `bind` takes, and looking a command up by name in the table the
 * app was given (app->commands).  Everything below the table reads
 * commands through here — the views (help, a form's keys), the bindings,
 * the dispatcher — so that only app_new, at the top, names the table and
 * the handlers in it (cmd-table.c).
 */
#ifndef GOVDX_CMD_NAMES_H
#define GOVDX_CMD_NAMES_H

#include <stdbool.h>
#include <stddef.h>

#include "edit-core.h"
#include "ui-req.h"

struct app;

#define CMD_CONFIG 0x1u /* allowed in a config file */
/* The argument is the rest of the line as typed (after the name and the
 * blanks that follow it), one word, never split or unquoted: search text,
 * a platform name, a filter.  "'", '"', '\\' and '#' are plain characters. */
#define CMD_RAW 0x2u
/* It changes data at the service (files, decides, raises): refused in a
 * read-only session or context (app_read_only), whatever key or line runs
 * it, and left out of the hints there. */
#define CMD_WRITES 0x4u

/* Where a command comes from, and where its error goes. */
struct cmd_ctx {
	const char *file; /* config file name, or NULL */
	int line;
	char err[512];
};

/* One command.  Fields left out of an initialiser are 0: no alias, no
 * usage (NULL reads as ""), no arguments, REQ_NONE, EDIT_NONE. */
struct cmd_def {
	const char *name;
	const char *alias; /* or NULL */
	const char *group; /* heading in help */
	const char *usage; /* arguments, e.g. "CODE"; NULL: none */
	const char *help;
	int min_args, max_args; /* max -1: any */
	unsigned flags;
	enum view_req req; /* REQ_NONE unless the command is a view request */
	enum edit_op edit; /* EDIT_NONE unless the command edits text being typed */
	int (*exec)(struct app *app, const struct cmd_def *def, int argc, char **argv,
	            struct cmd_ctx *ctx);
};

/* The views and keymaps `bind` takes, one table (cmd-names.c). */
struct cmd_keymap {
	const char *name;
	const char *help;
	/* Not a view but a keymap of input (text being typed, a question):
	 * `bind all` does not reach it. */
	bool input;
};
const struct cmd_keymap *cmd_keymaps(size_t *n);
/* Index of a view or keymap for `bind VIEW`: "all" is -1. */
int cmd_view_index(const char *name); /* -1 all, -2 unknown */
const char *cmd_view_name(int index);
int cmd_n_views(void); /* views and keymaps */

/* The command named name (or with that alias) in app->commands, or NULL. */
const struct cmd_def *cmd_lookup(const struct app *app, const char *name);
/* The usage of a command, "" for none. */
const char *cmd_usage(const struct cmd_def *d);

#endif /* GOVDX_CMD_NAMES_H */
