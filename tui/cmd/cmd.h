/*
 * cmd — the action table: every action of the console is a command.
 *
 * One const table of designated initialisers (cmd-table.c: name, alias,
 * group, usage, help, handler) feeds the `:` command line, key bindings,
 * the config file, Tab completion, the help view and `govdx
 * --dump-commands` (the man page is checked against it).  Keys are
 * bindings from a key to a command line, in a keymap: a view (directory,
 * form...; `all` is every view) or the keymap of text being typed (edit,
 * line, field) or of a y/n question (confirm).  The built-in defaults are
 * config text (`bind directory j down` ...) read at start by the same code
 * as the user's config file and the `:` line, so the three can never
 * disagree; the editor's own keys come from its table (edit-core.h).
 *
 * Commands that act on the current screen (down, select, expand...) carry a
 * view request and are passed to the top view; editing commands carry an
 * edit op and are run by the editor that has the keyboard.
 *
 * This header is the commands' upper half: running them, config, the
 * table and the handlers, which the views are below.  What a command is
 * (struct cmd_def, the keymaps, cmd_lookup) is in cmd-names.h and reading
 * bindings in cmd-keys.h, both below the views, which include only those.
 */
#ifndef GOVDX_CMD_H
#define GOVDX_CMD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "cmd-keys.h"
#include "cmd-names.h"
#include "edit-core.h"
#include "ui-edit.h"
#include "ui-line.h"
#include "view.h"

struct app;
struct case_kind;
struct ui_edit;
struct ui_line;

/* Runs one command (argv[0] is its name).  Returns 0, or -1 with ctx->err. */
int cmd_run(struct app *app, int argc, char **argv, struct cmd_ctx *ctx);
/* Splits and runs one line; a blank line or comment does nothing.  A
 * command with CMD_RAW gets the rest of the line as its one argument. */
int cmd_run_line(struct app *app, const char *line, struct cmd_ctx *ctx);
/* Whether s has the shape of an entry code, DDDDDDDDD-CXXYYY-NNNN
 * (docs/architecture.md "Entry codes"); CMD_CODE_SHAPE says it in words,
 * in the user's language (cmd_code_shape: the text is marked in cmd.c,
 * where the catalogue's gathering finds it). */
bool cmd_entry_code_ok(const char *s);
const char *cmd_code_shape(void);
#define CMD_CODE_SHAPE cmd_code_shape()
/* Characters (not bytes) of a UTF-8 string: what "two characters" means. */
size_t cmd_chars(const char *s);
/* Runs a line typed by the user and reports its error on the status line. */
void cmd_execute(struct app *app, const char *line);

/* Loads config text line by line; a bad line warns "source:line: message"
 * (app_warn) and loading goes on.  Returns the number of bad lines. */
int cmd_load_text(struct app *app, const char *text, const char *source);
/* Loads a config file; returns -1 (errno set) if it cannot be read. */
int cmd_load_file(struct app *app, const char *path);

/* The built-in key bindings of the views and the confirm keymap, as
 * config text. */
const char *cmd_default_bindings(void);
/* Loads every built-in binding: that text, then the editor's keys
 * (edit_core_defaults) as `bind KEYMAP KEY edit-...`.  app_new does it. */
void cmd_load_defaults(struct app *app);
/* Prints the command table and the current bindings (the built-in ones
 * when no config was read) in the stable format of `govdx
 * --dump-commands` (described in docs/testing.md). */
void cmd_dump(struct app *app, FILE *out);

/* The table, in help order (cmd-table.c): app_new gives it to the app
 * (app->commands), where everything below the table reads it. */
const struct cmd_def *cmd_defs(size_t *n);

/* Runs the command bound to key in the top view; false if the key is not
 * bound there. */
bool cmd_key(struct app *app, int key);
/* Tab completion for the command line (cmd-complete.c; a ui_line_completer;
 * arg is app). */
char **cmd_complete(void *arg, const char *line, size_t word_start);
/* The theme named by app->theme_name (built in, or a file of `color`
 * lines, read as config): applied to the screen (cmd-config.c). */
void cmd_apply_theme(struct app *app);
/* Whether a theme of that name (or path) is found: a file in the user's
 * or the installed themes, or a built-in theme. */
bool cmd_theme_known(const char *name);

/* Handlers of the core commands (cmd.c). */
#define CMD_HANDLER(fn)                                                                     \
	int fn(struct app *app, const struct cmd_def *def, int argc, char **argv,           \
	       struct cmd_ctx *ctx)
CMD_HANDLER(cmd_exec_request);
CMD_HANDLER(cmd_exec_quit);
CMD_HANDLER(cmd_exec_close);
CMD_HANDLER(cmd_exec_back);
CMD_HANDLER(cmd_exec_messages);
CMD_HANDLER(cmd_exec_help);
CMD_HANDLER(cmd_exec_open);
CMD_HANDLER(cmd_exec_goto);
CMD_HANDLER(cmd_exec_search);
CMD_HANDLER(cmd_exec_redraw);
CMD_HANDLER(cmd_exec_lock);
CMD_HANDLER(cmd_exec_export);
/* The export in progress (cmd-export.c): stopped, its .part removed;
 * cmd_export_cancel says so and is false when none runs. */
void cmd_export_drop(struct app *app);
bool cmd_export_cancel(struct app *app);
CMD_HANDLER(cmd_exec_refresh);
CMD_HANDLER(cmd_exec_command_prompt);
CMD_HANDLER(cmd_exec_filter_prompt);
CMD_HANDLER(cmd_exec_filter);
/* An edit command run from the : line: says it is a key for typing. */
CMD_HANDLER(cmd_exec_edit);
/* confirm-yes, confirm-no: answer the y/n question asked. */
CMD_HANDLER(cmd_exec_answer);
CMD_HANDLER(cmd_exec_quit_hint);

/* Config commands (cmd-config.c). */
int cmd_bind(struct app *app, const struct cmd_def *def, int argc, char **argv,
             struct cmd_ctx *ctx);
int cmd_unbind(struct app *app, const struct cmd_def *def, int argc, char **argv,
               struct cmd_ctx *ctx);
int cmd_set(struct app *app, const struct cmd_def *def, int argc, char **argv,
            struct cmd_ctx *ctx);
int cmd_context(struct app *app, const struct cmd_def *def, int argc, char **argv,
                struct cmd_ctx *ctx);
int cmd_color(struct app *app, const struct cmd_def *def, int argc, char **argv,
              struct cmd_ctx *ctx);
/* theme [NAME]: switches to the theme NAME, or lists the themes found. */
int cmd_theme(struct app *app, const struct cmd_def *def, int argc, char **argv,
              struct cmd_ctx *ctx);
/* The context to start with, once the config is read: the default
 * context, or the first one.  A default that names no context warns
 * "file:line: the default context 'X' is not defined; using 'FIRST'" and
 * gives the first.  NULL, with one line in err, only when there is no
 * context at all (source: the config file's name, for the message). */
struct app_context *cmd_config_pick_context(struct app *app, const char *source, char *err,
                                            size_t errlen);
/* Option names for `set`, NULL-terminated (for completion). */
const char *const *cmd_set_options(void);

/* The commands of the two workflows, requests and objections (cmd-cases.c).
 * `requests` and `objections`: [BOX] [STATE], the kind is the name. */
int cmd_cases(struct app *app, const struct cmd_def *def, int argc, char **argv,
              struct cmd_ctx *ctx);
int cmd_request_new(struct app *app, const struct cmd_def *def, int argc, char **argv,
                    struct cmd_ctx *ctx);
/* [CODE [ITEM]]: without CODE, the entry (and item) under the cursor. */
int cmd_objection_new(struct app *app, const struct cmd_def *def, int argc, char **argv,
                      struct cmd_ctx *ctx);
/* [CODE]: the objection queue (box all) filtered to the entry's code. */
int cmd_entry_objections(struct app *app, const struct cmd_def *def, int argc, char **argv,
                         struct cmd_ctx *ctx);
int cmd_open_entry(struct app *app, const struct cmd_def *def, int argc, char **argv,
                   struct cmd_ctx *ctx);
/* Every decision: the action is the command's name, the workflow the kind
 * of the case it acts on.  [ID] [REASON...] */
int cmd_decide(struct app *app, const struct cmd_def *def, int argc, char **argv,
               struct cmd_ctx *ctx);
int cmd_tag_prefix(struct app *app, const struct cmd_def *def, int argc, char **argv,
                   struct cmd_ctx *ctx);
int cmd_untag_all(struct app *app, const struct cmd_def *def, int argc, char **argv,
                  struct cmd_ctx *ctx);
int cmd_results(struct app *app, const struct cmd_def *def, int argc, char **argv,
                struct cmd_ctx *ctx);
int cmd_retry(struct app *app, const struct cmd_def *def, int argc, char **argv,
              struct cmd_ctx *ctx);
/* The supervision figures (cmd-stats.c): `stats [WORD...]`, `stats-sort
 * [next|prev|SORT]`, `unmet [WORD...]`. */
int cmd_stats(struct app *app, const struct cmd_def *def, int argc, char **argv,
              struct cmd_ctx *ctx);
int cmd_stats_sort(struct app *app, const struct cmd_def *def, int argc, char **argv,
                   struct cmd_ctx *ctx);
int cmd_unmet(struct app *app, const struct cmd_def *def, int argc, char **argv,
              struct cmd_ctx *ctx);
/* A decision on a case given by id that was not loaded waits for it: the
 * loop calls cmd_cases_tick, which sends it once the case is in (or says
 * why not); cmd_cases_drop forgets it (context switch, exit). */
void cmd_cases_tick(struct app *app);
void cmd_cases_drop(struct app *app);

#endif /* GOVDX_CMD_H */
