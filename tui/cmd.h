/*
 * cmd — the action table: every action of the console is a command.
 *
 * One const table (name, alias, group, usage, help, handler) feeds the `:`
 * command line, key bindings, the config file, Tab completion and the help
 * view.  Keys are bindings from a key to a command line; the built-in
 * defaults are config text (`bind directory j down` ...) read at start by
 * the same code as the user's config file and the `:` line, so the three
 * can never disagree.
 *
 * Commands that act on the current screen (down, select, expand...) carry a
 * view request and are passed to the top view.
 */
#ifndef GOVDX_CMD_H
#define GOVDX_CMD_H

#include <stdbool.h>
#include <stddef.h>

#include "view.h"

struct app;
struct case_kind;

#define CMD_CONFIG 0x1u /* allowed in a config file */
/* The argument is the rest of the line as typed (after the name and the
 * blanks that follow it), one word, never split or unquoted: search text,
 * a platform name, a filter.  "'", '"', '\\' and '#' are plain characters. */
#define CMD_RAW 0x2u

/* Where a command comes from, and where its error goes. */
struct cmd_ctx {
	const char *file; /* config file name, or NULL */
	int line;
	char err[512];
};

struct cmd_def {
	const char *name;
	const char *alias; /* or NULL */
	const char *group; /* heading in help */
	const char *usage; /* arguments, e.g. "CODE" */
	const char *help;
	int min_args, max_args; /* max -1: any */
	unsigned flags;
	enum view_req req; /* REQ_NONE unless the command is a view request */
	int (*exec)(struct app *app, const struct cmd_def *def, int argc, char **argv,
	            struct cmd_ctx *ctx);
};

/* The table, in help order. */
const struct cmd_def *cmd_defs(size_t *n);
const struct cmd_def *cmd_find(const char *name);

/* View names for `bind VIEW`: "all" is -1. */
int cmd_view_index(const char *name); /* -1 all, -2 unknown */
const char *cmd_view_name(int index);
int cmd_n_views(void);

/* Runs one command (argv[0] is its name).  Returns 0, or -1 with ctx->err. */
int cmd_run(struct app *app, int argc, char **argv, struct cmd_ctx *ctx);
/* Splits and runs one line; a blank line or comment does nothing.  A
 * command with CMD_RAW gets the rest of the line as its one argument. */
int cmd_run_line(struct app *app, const char *line, struct cmd_ctx *ctx);
/* Whether s has the shape of an entry code, DDDDDDDDD-CXXYYY-NNNN
 * (docs/architecture.md "Entry codes"); CMD_CODE_SHAPE says it in words. */
bool cmd_entry_code_ok(const char *s);
#define CMD_CODE_SHAPE                                                                  \
	"an entry code reads DDDDDDDDD-CXXYYY-NNNN, 21 characters, e.g. "               \
	"130000008-310008-0001 (s searches by name)"
/* Characters (not bytes) of a UTF-8 string: what "two characters" means. */
size_t cmd_chars(const char *s);
/* Runs a line typed by the user and reports its error on the status line. */
void cmd_execute(struct app *app, const char *line);

/* Loads config text line by line; a bad line warns "source:line: message"
 * (app_warn) and loading goes on.  Returns the number of bad lines. */
int cmd_load_text(struct app *app, const char *text, const char *source);
/* Loads a config file; returns -1 (errno set) if it cannot be read. */
int cmd_load_file(struct app *app, const char *path);

/* The built-in key bindings, as config text. */
const char *cmd_default_bindings(void);

/* Runs the command bound to key in the top view; false if the key is not
 * bound there. */
bool cmd_key(struct app *app, int key);
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

/* Tab completion for the command line (a ui_line_completer; arg is app). */
char **cmd_complete(void *arg, const char *line, size_t word_start);

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
/* A decision on a case given by id that was not loaded waits for it: the
 * loop calls cmd_cases_tick, which sends it once the case is in (or says
 * why not); cmd_cases_drop forgets it (context switch, exit). */
void cmd_cases_tick(struct app *app);
void cmd_cases_drop(struct app *app);

#endif /* GOVDX_CMD_H */
