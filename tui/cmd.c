/*
 * cmd — the action table, running commands, key dispatch and completion
 * (see cmd.h).  The config commands (bind, set, context, color) live in
 * cmd-config.c.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "app.h"
#include "case.h"
#include "cmd-parse.h"
#include "cmd.h"
#include "store.h"
#include "ui-keys.h"
#include "ui-width.h"
#include "xalloc.h"

static const char *const view_names[] = { "directory", "entry",      "search",    "help",
	                                  "requests",  "request",    "form",      "results",
	                                  "objections", "objection", "messages" };

int cmd_view_index(const char *name)
{
	size_t i;

	if (strcmp(name, "all") == 0)
		return -1;
	for (i = 0; i < sizeof view_names / sizeof view_names[0]; i++)
		if (strcmp(name, view_names[i]) == 0)
			return (int)i;
	return -2;
}

const char *cmd_view_name(int index)
{
	if (index < 0 || index >= cmd_n_views())
		return "all";
	return view_names[index];
}

int cmd_n_views(void)
{
	return (int)(sizeof view_names / sizeof view_names[0]);
}

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

static int exec_request(struct app *app, const struct cmd_def *def, int argc, char **argv,
                        struct cmd_ctx *ctx)
{
	struct view *v = app_top(app);
	/* A raw argument is text as typed: never quoted again. */
	char *arg = argc < 2                ? NULL :
	            def->flags & CMD_RAW ? cmd_parse_words(argc - 1, argv + 1) :
	                                   cmd_parse_join(argc - 1, argv + 1);
	int rc;

	if (!v)
		return fail(ctx, "no view for", def->name);
	ctx->err[0] = '\0';
	rc = v->ops->request(v, app, def->req, arg, ctx->err, sizeof ctx->err);
	/* Several keys may arrive before the next frame: bring the model up to
	 * date now, so the next key acts on the rows as they have become. */
	if (app->view_rect.h > 0)
		v->ops->recalc(v, app, app->view_rect);
	if (rc < 0 && !ctx->err[0])
		snprintf(ctx->err, sizeof ctx->err, "%s: not available in the %s view", def->name,
		         v->ops->name);
	free(arg);
	app->dirty = true;
	return rc;
}

static int exec_quit(struct app *app, const struct cmd_def *def, int argc, char **argv,
                     struct cmd_ctx *ctx)
{
	app->quit = true;
	return 0;
}

static int exec_close(struct app *app, const struct cmd_def *def, int argc, char **argv,
                      struct cmd_ctx *ctx)
{
	if (!app_pop(app))
		app->quit = true;
	return 0;
}

static int exec_back(struct app *app, const struct cmd_def *def, int argc, char **argv,
                     struct cmd_ctx *ctx)
{
	struct view *v = app_top(app);

	if (app_pop(app))
		return 0;
	/* On the first view Esc only drops the filter; q or :q quits. */
	if (v && v->ops->filter && v->ops->filter(v)[0]) {
		v->ops->set_filter(v, app, "");
		app_message(app, "filter cleared");
	} else {
		app_message(app, "press q or type :q to quit");
	}
	return 0;
}

static int exec_messages(struct app *app, const struct cmd_def *def, int argc, char **argv,
                         struct cmd_ctx *ctx)
{
	struct view *v = app_top(app);

	if (v && strcmp(v->ops->name, "messages") == 0)
		return 0;
	app_push(app, view_messages_new(app));
	return 0;
}

static int exec_help(struct app *app, const struct cmd_def *def, int argc, char **argv,
                     struct cmd_ctx *ctx)
{
	struct view *v = app_top(app);

	if (v && strcmp(v->ops->name, "help") == 0)
		return 0;
	app_push(app, view_help_new(app));
	return 0;
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

static int exec_open(struct app *app, const struct cmd_def *def, int argc, char **argv,
                     struct cmd_ctx *ctx)
{
	/* A request or objection id opens the case. */
	if (app->cases && app_open_case(app, argv[1]))
		return 0;
	/* Said here, at once, rather than as an empty view the service then
	 * fills with "not found". */
	if (!cmd_entry_code_ok(argv[1])) {
		snprintf(ctx->err, sizeof ctx->err, "open: '%.64s' is not an entry code: %s", argv[1],
		         CMD_CODE_SHAPE);
		return -1;
	}
	app_open_entry(app, argv[1]);
	return 0;
}

static int exec_goto(struct app *app, const struct cmd_def *def, int argc, char **argv,
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

static int exec_search(struct app *app, const struct cmd_def *def, int argc, char **argv,
                       struct cmd_ctx *ctx)
{
	char *q = cmd_parse_words(argc - 1, argv + 1);

	/* The service wants two characters or more (a code prefix may be
	 * ASCII, a name fragment Chinese): characters, not bytes — one
	 * Chinese character is three bytes and still too short. */
	if (cmd_chars(q) < 2) {
		free(q);
		return fail(ctx, "search: give at least two characters", NULL);
	}
	app_open_search(app, q);
	free(q);
	return 0;
}

static int exec_redraw(struct app *app, const struct cmd_def *def, int argc, char **argv,
                       struct cmd_ctx *ctx)
{
	if (app->screen)
		ui_screen_invalidate(app->screen);
	app->dirty = true;
	return 0;
}

static int exec_refresh(struct app *app, const struct cmd_def *def, int argc, char **argv,
                        struct cmd_ctx *ctx)
{
	/* Disconnected: try the service now instead of waiting for the timer. */
	if (app->conn == APP_DISCONNECTED)
		app->next_health_ms = 0;
	if (app->store)
		store_retry_errors(app->store);
	return exec_request(app, def, argc, argv, ctx);
}

static int exec_command_prompt(struct app *app, const struct cmd_def *def, int argc,
                               char **argv, struct cmd_ctx *ctx)
{
	app->mode = APP_MODE_COMMAND;
	ui_line_start(app->cmdline, ":", argc > 1 ? argv[1] : NULL);
	app->dirty = true;
	return 0;
}

static int exec_filter_prompt(struct app *app, const struct cmd_def *def, int argc,
                              char **argv, struct cmd_ctx *ctx)
{
	struct view *v = app_top(app);
	const char *cur;

	if (!v || !v->ops->filter)
		return fail(ctx, "nothing to filter here", NULL);
	cur = v->ops->filter(v);
	free(app->filter_before);
	app->filter_before = xstrdup(cur);
	app->mode = APP_MODE_FILTER;
	ui_line_start(app->filterline, "/", cur);
	app->dirty = true;
	return 0;
}

static int exec_filter(struct app *app, const struct cmd_def *def, int argc, char **argv,
                       struct cmd_ctx *ctx)
{
	struct view *v = app_top(app);
	char *f;

	if (!v || !v->ops->set_filter)
		return fail(ctx, "nothing to filter here", NULL);
	f = cmd_parse_words(argc - 1, argv + 1);
	v->ops->set_filter(v, app, f);
	free(f);
	app->dirty = true;
	return 0;
}

/* ---- the table --------------------------------------------------------- */

#define REQ(n, a, g, h, r) { n, a, g, "", h, 0, 0, 0, r, exec_request }

static const struct cmd_def defs[] = {
	REQ("up", NULL, "move", "cursor up one row", REQ_UP),
	REQ("down", NULL, "move", "cursor down one row", REQ_DOWN),
	REQ("page-up", NULL, "move", "one screen up", REQ_PAGE_UP),
	REQ("page-down", NULL, "move", "one screen down", REQ_PAGE_DOWN),
	REQ("top", NULL, "move", "to the first row", REQ_TOP),
	REQ("bottom", NULL, "move", "to the last row, loading every page first (Esc or a move stops)", REQ_BOTTOM),
	REQ("select", NULL, "move", "open the row under the cursor (expand a platform or department, open an entry)", REQ_SELECT),
	{ "back", NULL, "move", "", "close this view and go back (on the first view: clear the filter)", 0, 0, 0, REQ_NONE, exec_back },
	{ "close-view", NULL, "move", "", "close this view; on the first view, quit", 0, 0, 0, REQ_NONE, exec_close },
	REQ("expand", NULL, "directory", "expand the platform or department under the cursor", REQ_EXPAND),
	REQ("collapse", NULL, "directory", "collapse it, or go to its parent", REQ_COLLAPSE),
	REQ("next-pane", NULL, "directory", "focus the next pane (tree, list)", REQ_NEXT_PANE),
	REQ("prev-pane", NULL, "directory", "focus the previous pane", REQ_PREV_PANE),
	REQ("toggle-preview", NULL, "directory", "show or hide the preview of the selected row", REQ_TOGGLE_PREVIEW),
	{ "goto", "cd", "directory", "PLATFORM", "go to a platform by name or 6-digit code, the rest of the line as typed (Tab completes loaded names)", 1, -1, CMD_RAW, REQ_NONE, exec_goto },
	{ "open", NULL, "views", "CODE|ID", "open the entry with this code, or the request (REQ-…) or objection (OBJ-…) with this id", 1, 1, 0, REQ_NONE, exec_open },
	{ "search", NULL, "views", "TEXT", "entries whose name contains TEXT (2+ characters, the rest of the line as typed: no quotes needed) or whose code starts with it", 1, -1, CMD_RAW, REQ_NONE, exec_search },
	{ "help", NULL, "views", "", "this list of commands and keys", 0, 0, 0, REQ_NONE, exec_help },
	{ "messages", NULL, "views", "", "every config warning (file:line: what is wrong) and the recent status messages with their times, newest last", 0, 0, 0, REQ_NONE, exec_messages },
	{ "refresh", NULL, "views", "", "fetch what this view shows again", 0, 0, 0, REQ_REFRESH, exec_refresh },
	{ "redraw", NULL, "views", "", "repaint the whole terminal", 0, 0, 0, REQ_NONE, exec_redraw },
	{ "command-prompt", NULL, "prompt", "[TEXT]", "type a command (history: Up/Down, completion: Tab)", 0, 1, 0, REQ_NONE, exec_command_prompt },
	{ "filter-prompt", NULL, "prompt", "", "filter the current list as you type (Enter keeps, Esc cancels)", 0, 0, 0, REQ_NONE, exec_filter_prompt },
	{ "filter", NULL, "prompt", "[TEXT]", "filter the current list by name or code, the rest of the line as typed; no TEXT clears", 0, -1, CMD_RAW, REQ_NONE, exec_filter },
	{ "requests", NULL, "requests", "[BOX] [STATE]", "the sharing-request queue: BOX inbox, outbox or all; STATE pending, approved, rejected, returned, withdrawn, coordinating, closed or any", 0, 2, 0, REQ_NONE, cmd_cases },
	{ "request-new", NULL, "requests", "[CODE]", "file a sharing request for the entry under the cursor (or CODE): a form", 0, 1, 0, REQ_NONE, cmd_request_new },
	{ "approve", NULL, "requests", "[ID] [REASON]", "approve the request (pending; coordinating: the authority); no REASON asks for one, Enter skips", 0, -1, 0, REQ_NONE, cmd_decide },
	{ "reject", NULL, "requests", "[ID] [REASON]", "refuse the request; a reason is required", 0, -1, 0, REQ_NONE, cmd_decide },
	{ "return", NULL, "requests", "[ID] [REASON]", "send the request back for more information; a reason is required", 0, -1, 0, REQ_NONE, cmd_decide },
	{ "withdraw", NULL, "requests", "[ID] [REASON]", "withdraw your own pending or returned request", 0, -1, 0, REQ_NONE, cmd_decide },
	{ "resubmit", NULL, "requests", "[ID] [REASON]", "submit a returned request again (a new deadline)", 0, -1, 0, REQ_NONE, cmd_decide },
	{ "escalate", NULL, "requests", "[ID] [REASON]", "ask the data authority to coordinate a rejected request", 0, -1, 0, REQ_NONE, cmd_decide },
	{ "close", NULL, "requests", "[ID] [REASON]", "by the case it acts on: a request (REQ-): end a coordination without sharing (authority; a reason is required); an objection (OBJ-): close a corrected or upheld one (helpdesk; the dispute mark goes)", 0, -1, 0, REQ_NONE, cmd_decide },
	{ "objections", NULL, "objections", "[BOX] [STATE]", "the objection queue: BOX helpdesk, provider, raised or all; STATE raised, verifying, dismissed, corrected, upheld, closed or any", 0, 2, 0, REQ_NONE, cmd_cases },
	{ "objection-new", NULL, "objections", "[CODE [ITEM]]", "raise an objection against the entry under the cursor (on an item row: that item), or CODE and ITEM: a form", 0, -1, 0, REQ_NONE, cmd_objection_new },
	{ "accept", NULL, "objections", "[ID] [REASON]", "accept the objection (helpdesk): it goes to the provider to verify, the entry is marked disputed; REASON optional", 0, -1, 0, REQ_NONE, cmd_decide },
	{ "dismiss", NULL, "objections", "[ID] [REASON]", "dismiss the objection (helpdesk); a reason is required", 0, -1, 0, REQ_NONE, cmd_decide },
	{ "correct", NULL, "objections", "[ID] [NOTE]", "the provider has corrected the data (the provider's approver); a note is required", 0, -1, 0, REQ_NONE, cmd_decide },
	{ "uphold", NULL, "objections", "[ID] [NOTE]", "the data stands as published (the provider's approver); a note is required", 0, -1, 0, REQ_NONE, cmd_decide },
	{ "reopen", NULL, "objections", "[ID] [REASON]", "reopen a corrected, upheld or closed objection (the raiser, until its reopen date); a reason is required", 0, -1, 0, REQ_NONE, cmd_decide },
	{ "entry-objections", NULL, "objections", "[CODE]", "the objection queue of the entry under the cursor (or CODE): every objection against it you may see", 0, 1, 0, REQ_NONE, cmd_entry_objections },
	{ "open-entry", NULL, "objections", "", "open the entry of the request or objection under the cursor", 0, 0, 0, REQ_NONE, cmd_open_entry },
	{ "tag", NULL, "cases", "", "tag or untag the row under the cursor and move down", 0, 0, 0, REQ_TAG, exec_request },
	{ "tag-pattern", NULL, "cases", "TEXT", "tag every loaded row whose id, state, entry, department or kind contains TEXT (the rest of the line as typed)", 1, -1, CMD_RAW, REQ_TAG_PATTERN, exec_request },
	{ "untag-all", NULL, "cases", "", "untag every row", 0, 0, 0, REQ_NONE, cmd_untag_all },
	{ "tag-prefix", NULL, "cases", "", "apply the next action to every tagged row of the queue's kind (one confirmation)", 0, 0, 0, REQ_NONE, cmd_tag_prefix },
	{ "results", NULL, "cases", "", "the decisions of the last batch, each with its outcome (Enter opens the case)", 0, 0, 0, REQ_NONE, cmd_results },
	{ "retry", NULL, "cases", "", "send the decisions that failed in transport again, with the same idempotency keys (those refused for their rate go again by themselves)", 0, 0, 0, REQ_NONE, cmd_retry },
	{ "context", NULL, "session", "NAME | add NAME url=URL token-file=PATH [ca-file=..] [cert-file=..] [key-file=..] | list", "switch to a context, define one, or list them", 0, -1, CMD_CONFIG, REQ_NONE, cmd_context },
	{ "quit", "q", "session", "", "leave govdx", 0, 0, 0, REQ_NONE, exec_quit },
	{ "bind", NULL, "config", "VIEW KEY COMMAND...", "bind a key in a view (directory, entry, search, help, requests, request, objections, objection, form, results, messages or all)", 3, -1, CMD_CONFIG, REQ_NONE, cmd_bind },
	{ "unbind", NULL, "config", "VIEW KEY", "remove a key binding", 2, 2, CMD_CONFIG, REQ_NONE, cmd_unbind },
	{ "set", NULL, "config", "OPTION VALUE", "set an option: default-context, theme, history-size, preview", 2, -1, CMD_CONFIG, REQ_NONE, cmd_set },
	{ "color", NULL, "config", "ROLE FG BG [ATTRS]", "colour of a role in the current theme", 3, 4, CMD_CONFIG, REQ_NONE, cmd_color },
};

const struct cmd_def *cmd_defs(size_t *n)
{
	*n = sizeof defs / sizeof defs[0];
	return defs;
}

const struct cmd_def *cmd_find(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof defs / sizeof defs[0]; i++)
		if (strcmp(defs[i].name, name) == 0 || (defs[i].alias && strcmp(defs[i].alias, name) == 0))
			return &defs[i];
	return NULL;
}

int cmd_run(struct app *app, int argc, char **argv, struct cmd_ctx *ctx)
{
	const struct cmd_def *d;

	ctx->err[0] = '\0';
	if (argc < 1)
		return 0;
	d = cmd_find(argv[0]);
	if (!d)
		return fail(ctx, "unknown command", argv[0]);
	if (ctx->file && !(d->flags & CMD_CONFIG))
		return fail(ctx, "not allowed in a config file:", d->name);
	if (argc - 1 < d->min_args || (d->max_args >= 0 && argc - 1 > d->max_args)) {
		snprintf(ctx->err, sizeof ctx->err, "usage: %s %s", d->name, d->usage);
		return -1;
	}
	return d->exec(app, d, argc, argv, ctx);
}

/* A line whose first word names a CMD_RAW command: argv is the name and
 * the rest of the line as typed (leading and trailing blanks dropped), or
 * the name alone when nothing follows.  False for any other line. */
static bool raw_split(const char *line, int *argc, char ***argv)
{
	const char *p = line + strspn(line, " \t"), *rest;
	size_t n = strcspn(p, " \t"), len;
	char name[64];
	const struct cmd_def *d;

	if (!n || n >= sizeof name)
		return false;
	memcpy(name, p, n);
	name[n] = '\0';
	d = cmd_find(name);
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
	if (raw_split(line, &argc, &argv))
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
	for (i = 0; obj && i < kind->n_actions; i++) {
		const char *name = kind->actions[i].name;
		if (!case_may(kind, obj, name, app->me))
			continue;
		cmd_first_key(app, view, name, key, sizeof key);
		used += (size_t)snprintf(buf + used, used < len ? len - used : 0, "%s%s%s%s",
		                         n ? sep : "", key[0] ? key : ":", key[0] ? " " : "", name);
		n++;
		if (used >= len)
			break;
	}
	return n;
}

/* ---- completion -------------------------------------------------------- */

struct cands {
	char **v;
	size_t n, cap;
};

static void cand_add(struct cands *c, const char *s)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		if (strcmp(c->v[i], s) == 0)
			return;
	xgrow(&c->v, &c->cap, c->n + 2, sizeof *c->v);
	c->v[c->n++] = xstrdup(s);
	c->v[c->n] = NULL;
}

static int cand_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char **cmd_complete(void *arg, const char *line, size_t word_start)
{
	struct app *app = arg;
	struct cands c = { 0 };
	const char *word = line + word_start;
	size_t wlen = strcspn(word, " ");
	char first[64] = "";
	size_t i, flen = strcspn(line, " ");

	if (word_start > 0 && flen < sizeof first) {
		memcpy(first, line, flen);
		first[flen] = '\0';
	}
	if (word_start == 0 || line[strspn(line, " ")] == '\0') {
		for (i = 0; i < sizeof defs / sizeof defs[0]; i++) {
			if (strncmp(defs[i].name, word, wlen) == 0)
				cand_add(&c, defs[i].name);
		}
	} else if (cmd_find(first) && strcmp(cmd_find(first)->name, "goto") == 0 && app->store) {
		size_t it = 0;
		struct store_platform *p;
		while ((p = store_platform_next(app->store, &it))) {
			const char *name = p->p.level == GOVDX_LEVEL_NATIONAL ? "国家" : p->p.name;
			if (name && strncmp(name, word, wlen) == 0)
				cand_add(&c, name);
			else if (wlen && strncmp(p->p.code, word, wlen) == 0)
				cand_add(&c, p->p.code);
		}
	} else if (strcmp(first, "context") == 0) {
		for (i = 0; i < app->n_contexts; i++)
			if (strncmp(app->contexts[i].name, word, wlen) == 0)
				cand_add(&c, app->contexts[i].name);
		if (strncmp("add", word, wlen) == 0)
			cand_add(&c, "add");
		if (strncmp("list", word, wlen) == 0)
			cand_add(&c, "list");
	} else if (strcmp(first, "set") == 0) {
		const char *const *o = cmd_set_options();
		for (; *o; o++)
			if (strncmp(*o, word, wlen) == 0)
				cand_add(&c, *o);
	} else if (strcmp(first, "bind") == 0 || strcmp(first, "unbind") == 0) {
		for (i = 0; i < (size_t)cmd_n_views(); i++)
			if (strncmp(view_names[i], word, wlen) == 0)
				cand_add(&c, view_names[i]);
		if (strncmp("all", word, wlen) == 0)
			cand_add(&c, "all");
	} else if (case_kind_named(first) && strcmp(first, case_kind_named(first)->plural) == 0) {
		const struct case_kind *kind = case_kind_named(first);
		const char *const *o;
		for (o = kind->boxes; *o; o++)
			if (strncmp(*o, word, wlen) == 0)
				cand_add(&c, *o);
		for (o = kind->states; *o; o++)
			if (strncmp(*o, word, wlen) == 0)
				cand_add(&c, *o);
	} else if (strcmp(first, "color") == 0) {
		int r;
		for (r = 0; r < UI_ROLE_COUNT; r++)
			if (strncmp(ui_theme_role_name(r), word, wlen) == 0)
				cand_add(&c, ui_theme_role_name(r));
	}
	if (!c.n)
		return NULL;
	qsort(c.v, c.n, sizeof *c.v, cand_cmp);
	return c.v;
}
