/*
 * cmd — the handlers of the core commands, and running command lines,
 * config text and the binding of a key in the top view (see cmd.h).  A
 * command is found in the table the app was given (cmd_lookup); the table
 * itself is in cmd-table.c, the views and keymaps in cmd-names.c, bindings
 * read in cmd-keys.c, completion in cmd-complete.c, the config commands
 * (bind, set, context, color) in cmd-config.c.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "app-prompt.h"
#include "app.h"
#include "case.h"
#include "cmd-parse.h"
#include "cmd.h"
#include "i18n.h"
#include "store.h"
#include "ui-keys.h"
#include "ui-width.h"
#include "xalloc.h"

/* ---- handlers ---------------------------------------------------------- */

/* Sets the error message: a fixed text, then an optional quoted word. */
static int fail(struct cmd_ctx *ctx, const char *msg, const char *word)
{
	if (word && *word)
		snprintf(ctx->err, sizeof ctx->err, "%s '%s'", msg, word);
	else
		snprintf(ctx->err, sizeof ctx->err, "%s", msg);
	return -1;
}

int cmd_exec_request(struct app *app, const struct cmd_def *def, int argc, char **argv,
                     struct cmd_ctx *ctx)
{
	struct view *v = app_top(app);
	/* A raw argument is text as typed: never quoted again. */
	char *arg = argc < 2                ? NULL :
	            def->flags & CMD_RAW ? cmd_parse_words(argc - 1, argv + 1) :
	                                   cmd_parse_join(argc - 1, argv + 1);
	int rc;

	if (!v)
		return fail(ctx, _("no view for"), def->name);
	ctx->err[0] = '\0';
	rc = v->ops->request(v, app, def->req, arg, ctx->err, sizeof ctx->err);
	/* Several keys may arrive before the next frame: bring the model up to
	 * date now, so the next key acts on the rows as they have become. */
	if (app->view_rect.h > 0 && app_top(app) == v) /* not closed by the request */
		v->ops->recalc(v, app, app->view_rect);
	if (rc < 0 && !ctx->err[0])
		snprintf(ctx->err, sizeof ctx->err, _("%s: not available in the %s view"),
		         def->name, v->ops->name);
	free(arg);
	app->dirty = true;
	return rc;
}

int cmd_exec_quit(struct app *app, const struct cmd_def *def, int argc, char **argv,
                  struct cmd_ctx *ctx)
{
	app->quit = true;
	return 0;
}

int cmd_exec_close(struct app *app, const struct cmd_def *def, int argc, char **argv,
                   struct cmd_ctx *ctx)
{
	if (!app_pop(app))
		app->quit = true;
	return 0;
}

int cmd_exec_back(struct app *app, const struct cmd_def *def, int argc, char **argv,
                  struct cmd_ctx *ctx)
{
	struct view *v = app_top(app);

	if (app_pop(app))
		return 0;
	/* On the first view Esc only drops the filter; q or :q quits. */
	if (v && v->ops->filter && v->ops->filter(v)[0]) {
		v->ops->set_filter(v, app, "");
		app_message(app, _("filter cleared"));
	} else {
		app_message(app, _("press q or type :q to quit"));
	}
	return 0;
}

int cmd_exec_messages(struct app *app, const struct cmd_def *def, int argc, char **argv,
                      struct cmd_ctx *ctx)
{
	struct view *v = app_top(app);

	if (v && strcmp(v->ops->name, "messages") == 0)
		return 0;
	app_push(app, view_messages_new(app));
	return 0;
}

int cmd_exec_help(struct app *app, const struct cmd_def *def, int argc, char **argv,
                  struct cmd_ctx *ctx)
{
	struct view *v = app_top(app);

	if (v && strcmp(v->ops->name, "help") == 0)
		return 0;
	app_push(app, view_help_new(app));
	return 0;
}

const char *cmd_code_shape(void)
{
	return _("an entry code reads DDDDDDDDD-CXXYYY-NNNN, 21 characters, e.g. "
	         "130000008-310008-0001 (s searches by name)");
}

bool cmd_entry_code_ok(const char *s)
{
	size_t i;

	if (strlen(s) != 21)
		return false;
	for (i = 0; i < 21; i++)
		if (i == 9 || i == 16 ? s[i] != '-' : !isdigit((unsigned char)s[i]))
			return false;
	return true;
}

int cmd_exec_open(struct app *app, const struct cmd_def *def, int argc, char **argv,
                  struct cmd_ctx *ctx)
{
	/* A request or objection id opens the case. */
	if (app->cases && app_open_case(app, argv[1]))
		return 0;
	/* Said here, at once, rather than as an empty view the service then
	 * fills with "not found". */
	if (!cmd_entry_code_ok(argv[1])) {
		snprintf(ctx->err, sizeof ctx->err, _("open: '%.64s' is not an entry code: %s"),
		         argv[1], CMD_CODE_SHAPE);
		return -1;
	}
	app_open_entry(app, argv[1]);
	return 0;
}

int cmd_exec_goto(struct app *app, const struct cmd_def *def, int argc, char **argv,
                  struct cmd_ctx *ctx)
{
	char *arg = cmd_parse_words(argc - 1, argv + 1);
	struct view *v;
	int rc;

	/* Platforms live in the directory, the bottom view. */
	while (app->n_views > 1)
		app_pop(app);
	v = app_top(app);
	ctx->err[0] = '\0';
	rc = v ? v->ops->request(v, app, REQ_GOTO, arg, ctx->err, sizeof ctx->err) : -1;
	free(arg);
	app->dirty = true;
	return rc;
}

size_t cmd_chars(const char *s)
{
	wchar_t *w = ui_width_from_utf8(s);
	size_t n = wcslen(w);

	free(w);
	return n;
}

int cmd_exec_search(struct app *app, const struct cmd_def *def, int argc, char **argv,
                    struct cmd_ctx *ctx)
{
	char *q = cmd_parse_words(argc - 1, argv + 1);

	/* The service wants two characters or more (a code prefix may be
	 * ASCII, a name fragment Chinese): characters, not bytes — one
	 * Chinese character is three bytes and still too short. */
	if (cmd_chars(q) < 2) {
		free(q);
		return fail(ctx, _("search: give at least two characters"), NULL);
	}
	app_open_search(app, q);
	free(q);
	return 0;
}

int cmd_exec_redraw(struct app *app, const struct cmd_def *def, int argc, char **argv,
                    struct cmd_ctx *ctx)
{
	if (app->screen)
		ui_screen_invalidate(app->screen);
	app->dirty = true;
	return 0;
}

int cmd_exec_lock(struct app *app, const struct cmd_def *def, int argc, char **argv,
                  struct cmd_ctx *ctx)
{
	app_lock(app);
	return 0;
}

int cmd_exec_refresh(struct app *app, const struct cmd_def *def, int argc, char **argv,
                     struct cmd_ctx *ctx)
{
	/* Disconnected: try the service now instead of waiting for the timer. */
	if (app->conn == APP_DISCONNECTED)
		app->next_health_ms = 0;
	if (app->store)
		store_retry_errors(app->store);
	return cmd_exec_request(app, def, argc, argv, ctx);
}

int cmd_exec_command_prompt(struct app *app, const struct cmd_def *def, int argc,
                            char **argv, struct cmd_ctx *ctx)
{
	app->mode = APP_MODE_COMMAND;
	ui_line_start(app->cmdline, ":", argc > 1 ? argv[1] : NULL);
	app->dirty = true;
	return 0;
}

int cmd_exec_filter_prompt(struct app *app, const struct cmd_def *def, int argc,
                           char **argv, struct cmd_ctx *ctx)
{
	struct view *v = app_top(app);
	const char *cur;

	if (!v || !v->ops->filter)
		return fail(ctx, _("nothing to filter here"), NULL);
	cur = v->ops->filter(v);
	free(app->filter_before);
	app->filter_before = xstrdup(cur);
	app->mode = APP_MODE_FILTER;
	ui_line_start(app->filterline, "/", cur);
	app->dirty = true;
	return 0;
}

int cmd_exec_filter(struct app *app, const struct cmd_def *def, int argc, char **argv,
                    struct cmd_ctx *ctx)
{
	struct view *v = app_top(app);
	char *f;

	if (!v || !v->ops->set_filter)
		return fail(ctx, _("nothing to filter here"), NULL);
	f = cmd_parse_words(argc - 1, argv + 1);
	v->ops->set_filter(v, app, f);
	free(f);
	app->dirty = true;
	return 0;
}

int cmd_exec_edit(struct app *app, const struct cmd_def *def, int argc, char **argv,
                  struct cmd_ctx *ctx)
{
	snprintf(ctx->err, sizeof ctx->err,
	         _("%s edits text being typed: bind it to a key in the edit, line or field keymap"),
	         def->name);
	return -1;
}

int cmd_exec_answer(struct app *app, const struct cmd_def *def, int argc, char **argv,
                    struct cmd_ctx *ctx)
{
	if (!app->prompt.active || !app->prompt.confirm)
		return fail(ctx, _("no question to answer"), NULL);
	app_prompt_answer(app, strcmp(def->name, "confirm-yes") == 0);
	return 0;
}

int cmd_exec_quit_hint(struct app *app, const struct cmd_def *def, int argc, char **argv,
                       struct cmd_ctx *ctx)
{
	app_message(app, _("type :q and Enter to quit"));
	return 0;
}

/* ---- running ----------------------------------------------------------- */

int cmd_run(struct app *app, int argc, char **argv, struct cmd_ctx *ctx)
{
	const struct cmd_def *d;

	ctx->err[0] = '\0';
	if (argc < 1)
		return 0;
	d = cmd_lookup(app, argv[0]);
	if (!d)
		return fail(ctx, _("unknown command"), argv[0]);
	if (ctx->file && !(d->flags & CMD_CONFIG))
		return fail(ctx, _("not allowed in a config file:"), d->name);
	if ((d->flags & CMD_WRITES) && app_read_only(app)) {
		snprintf(ctx->err, sizeof ctx->err,
		         app->read_only ? _("%s: refused, this session is read-only (--read-only)") :
		                          _("%s: refused, context %s is read-only"),
		         d->name, app->ctx ? app->ctx->name : "");
		return -1;
	}
	if (argc - 1 < d->min_args || (d->max_args >= 0 && argc - 1 > d->max_args)) {
		snprintf(ctx->err, sizeof ctx->err, _("usage: %s %s"), d->name, cmd_usage(d));
		return -1;
	}
	return d->exec(app, d, argc, argv, ctx);
}

/* A line whose first word names a CMD_RAW command: argv is the name and
 * the rest of the line as typed (leading and trailing blanks dropped), or
 * the name alone when nothing follows.  False for any other line. */
static bool raw_split(struct app *app, const char *line, int *argc, char ***argv)
{
	const char *p = line + strspn(line, " \t"), *rest;
	size_t n = strcspn(p, " \t"), len;
	char name[64];
	const struct cmd_def *d;

	if (!n || n >= sizeof name)
		return false;
	memcpy(name, p, n);
	name[n] = '\0';
	d = cmd_lookup(app, name);
	if (!d || !(d->flags & CMD_RAW))
		return false;
	rest = p + n;
	rest += strspn(rest, " \t");
	len = strcspn(rest, "\n");
	while (len && (rest[len - 1] == ' ' || rest[len - 1] == '\t' || rest[len - 1] == '\r'))
		len--;
	*argv = xcalloc(3, sizeof **argv);
	(*argv)[0] = xstrdup(name);
	*argc = 1;
	if (len) {
		(*argv)[1] = xmalloc(len + 1);
		memcpy((*argv)[1], rest, len);
		(*argv)[1][len] = '\0';
		*argc = 2;
	}
	return true;
}

int cmd_run_line(struct app *app, const char *line, struct cmd_ctx *ctx)
{
	int argc, rc;
	char **argv;

	ctx->err[0] = '\0';
	if (raw_split(app, line, &argc, &argv))
		goto run;
	if (cmd_parse_split(line, &argc, &argv, ctx->err, sizeof ctx->err) < 0)
		return -1;
run:
	rc = cmd_run(app, argc, argv, ctx);
	cmd_parse_free(argc, argv);
	return rc;
}

void cmd_execute(struct app *app, const char *line)
{
	struct cmd_ctx ctx = { 0 };

	if (cmd_run_line(app, line, &ctx) < 0)
		app_error(app, "%s", ctx.err);
	app->dirty = true;
}

int cmd_load_text(struct app *app, const char *text, const char *source)
{
	const char *p = text;
	int lineno = 0, bad = 0;

	while (*p) {
		size_t len = strcspn(p, "\n");
		char *line = xmalloc(len + 1);
		struct cmd_ctx ctx = { 0 };

		memcpy(line, p, len);
		line[len] = '\0';
		if (len && line[len - 1] == '\r')
			line[len - 1] = '\0';
		ctx.file = source;
		ctx.line = ++lineno;
		if (cmd_run_line(app, line, &ctx) < 0) {
			app_warn(app, "%s:%d: %s", source, lineno, ctx.err);
			bad++;
		}
		free(line);
		p += len;
		if (*p)
			p++;
	}
	return bad;
}

int cmd_load_file(struct app *app, const char *path)
{
	FILE *f = fopen(path, "r");
	char *text = NULL;
	size_t len = 0, cap = 0, got;
	char buf[4096];
	int bad;

	if (!f)
		return -1;
	while ((got = fread(buf, 1, sizeof buf, f)) > 0) {
		xgrow(&text, &cap, len + got + 1, 1);
		memcpy(text + len, buf, got);
		len += got;
	}
	fclose(f);
	if (!text)
		return 0;
	text[len] = '\0';
	bad = cmd_load_text(app, text, path);
	free(text);
	return bad;
}

/* ---- keys -------------------------------------------------------------- */

bool cmd_key(struct app *app, int key)
{
	struct view *v = app_top(app);
	int vi = v ? cmd_view_index(v->ops->name) : -1;
	const struct cmd_binding *any = NULL;
	size_t i;
	char *line;

	for (i = 0; i < app->n_bindings; i++) {
		const struct cmd_binding *b = &app->bindings[i];
		if (b->key != key)
			continue;
		if (b->view == vi && vi >= 0) {
			any = b;
			break;
		}
		if (b->view == -1)
			any = b;
	}
	if (!any)
		return false;
	/* The binding may be replaced by the command it runs: copy it. */
	line = xstrdup(any->command);
	cmd_execute(app, line);
	free(line);
	return true;
}
