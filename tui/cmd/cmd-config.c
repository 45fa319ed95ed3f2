/*
 * cmd-config — the commands a config file is made of: bind, unbind, set,
 * context and color, and the built-in key bindings (config text).
 *
 * These run from the config file at start, from theme files and from the
 * `:` line alike; a config file is never written back.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app.h"
#include "cmd-parse.h"
#include "cmd.h"
#include "edit-core.h"
#include "i18n.h"
#include "ui-keys.h"
#include "ui-screen.h"
#include "ui-theme.h"
#include "xalloc.h"

/* The default key bindings.  Same language as govdx.conf: a user's `bind`
 * lines after these replace them key by key. */
static const char default_bindings[] =
	"# movement, in every view\n"
	"bind all Up up\n"
	"bind all k up\n"
	"bind all C-p up\n"
	"bind all Down down\n"
	"bind all j down\n"
	"bind all C-n down\n"
	"bind all PgUp page-up\n"
	"bind all C-b page-up\n"
	"bind all PgDn page-down\n"
	"bind all C-f page-down\n"
	"bind all g top\n"
	"bind all Home top\n"
	"bind all G bottom\n"
	"bind all End bottom\n"
	"bind all Enter select\n"
	"bind all q close-view\n"
	"bind all Esc back\n"
	"bind all Left back\n"
	"bind all h back\n"
	"# prompts and views\n"
	"bind all : command-prompt\n"
	"bind all / filter-prompt\n"
	"bind all ? help\n"
	"bind all F1 help\n"
	"bind all M messages\n"
	"bind all s command-prompt \"search \"\n"
	"bind all o command-prompt \"open \"\n"
	"bind all C-l redraw\n"
	"bind all R refresh\n"
	"# the directory tree\n"
	"bind directory Left collapse\n"
	"bind directory h collapse\n"
	"bind directory Right expand\n"
	"bind directory l expand\n"
	"bind directory Tab next-pane\n"
	"bind directory BTab prev-pane\n"
	"bind directory p toggle-preview\n"
	"bind directory Esc back\n"
	"bind entry Right select\n"
	"bind entry l select\n"
	"bind search Right select\n"
	"bind search l select\n"
	"# sharing requests\n"
	"bind all Q requests\n"
	"bind directory r request-new\n"
	"bind entry r request-new\n"
	"bind search r request-new\n"
	"bind requests 1 requests inbox\n"
	"bind requests 2 requests outbox\n"
	"bind requests 3 requests all\n"
	"bind requests f command-prompt \"requests \"\n"
	"bind requests t tag\n"
	"bind requests Space tag\n"
	"bind requests T command-prompt \"tag-pattern \"\n"
	"bind requests C-t untag-all\n"
	"bind requests Semicolon tag-prefix\n"
	"bind requests a approve\n"
	"bind requests x reject\n"
	"bind requests X reject --not-held\n"
	"bind requests b return\n"
	"bind requests w withdraw\n"
	"bind requests u resubmit\n"
	"bind requests e escalate\n"
	"bind requests c close\n"
	"bind request a approve\n"
	"bind request x reject\n"
	"bind request X reject --not-held\n"
	"bind request b return\n"
	"bind request w withdraw\n"
	"bind request u resubmit\n"
	"bind request e escalate\n"
	"bind request c close\n"
	"# objections\n"
	"bind all O objections\n"
	"bind directory o objection-new\n"
	"bind entry o objection-new\n"
	"bind entry D entry-objections\n"
	"bind search o objection-new\n"
	"bind objections 1 objections helpdesk\n"
	"bind objections 2 objections provider\n"
	"bind objections 3 objections raised\n"
	"bind objections 4 objections all\n"
	"bind objections f command-prompt \"objections \"\n"
	"bind objections t tag\n"
	"bind objections Space tag\n"
	"bind objections T command-prompt \"tag-pattern \"\n"
	"bind objections C-t untag-all\n"
	"bind objections Semicolon tag-prefix\n"
	"bind objections a accept\n"
	"bind objections d dismiss\n"
	"bind objections v correct\n"
	"bind objections u uphold\n"
	"bind objections c close\n"
	"bind objections r reopen\n"
	"bind objections e open-entry\n"
	"bind objection a accept\n"
	"bind objection d dismiss\n"
	"bind objection v correct\n"
	"bind objection u uphold\n"
	"bind objection c close\n"
	"bind objection r reopen\n"
	"bind objection e open-entry\n"
	"# the supervision figures\n"
	"bind all S stats\n"
	"bind stats 1 stats department\n"
	"bind stats 2 stats entry\n"
	"bind stats 3 stats month\n"
	"bind stats > stats-sort next\n"
	"bind stats < stats-sort prev\n"
	"bind stats u unmet\n"
	"bind stats f command-prompt \"stats \"\n"
	"bind unmet f command-prompt \"unmet \"\n"
	"# catalog maintenance\n"
	"bind all V revisions\n"
	"bind entry H entry-history\n"
	"bind search H entry-history\n"
	"bind entry E entry-edit\n"
	"bind directory N entry-new\n"
	"bind revisions 1 revisions review\n"
	"bind revisions 2 revisions mine\n"
	"bind revisions 3 revisions all\n"
	"bind revisions f command-prompt \"revisions \"\n"
	"bind revisions t tag\n"
	"bind revisions Space tag\n"
	"bind revisions T command-prompt \"tag-pattern \"\n"
	"bind revisions C-t untag-all\n"
	"bind revisions Semicolon tag-prefix\n"
	"bind revisions p publish\n"
	"bind revisions b return\n"
	"bind revisions u submit\n"
	"bind revisions w withdraw\n"
	"bind revisions d revision-diff\n"
	"bind revisions e open-entry\n"
	"bind revision p publish\n"
	"bind revision b return\n"
	"bind revision u submit\n"
	"bind revision w withdraw\n"
	"bind revision d revision-diff\n"
	"bind revision e open-entry\n"
	"bind revision c command-prompt \"revise \"\n"
	"bind revision E revision-edit\n"
	"# forms, outside their text fields (inside, the field keymap)\n"
	"bind form Tab next-field\n"
	"bind form BTab prev-field\n"
	"bind form Space press\n"
	"bind form Esc cancel\n"
	"bind form C-g cancel\n"
	"bind form C-c cancel\n"
	"# Ctrl-C does not quit\n"
	"bind all C-c quit-hint\n"
	"# text being typed: the editor's keys (edit-...) come from its own table\n"
	"bind field C-l redraw\n"
	"# a y/n question\n"
	"bind confirm y confirm-yes\n"
	"bind confirm Y confirm-yes\n"
	"bind confirm n confirm-no\n"
	"bind confirm N confirm-no\n"
	"bind confirm q confirm-no\n"
	"bind confirm Esc confirm-no\n"
	"bind confirm C-g confirm-no\n"
	"bind confirm C-c confirm-no\n";

const char *cmd_default_bindings(void)
{
	return default_bindings;
}

/* The view and keymap names, "a, b, ... or all", for messages. */
static void view_list(char *buf, size_t len)
{
	size_t used = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < cmd_n_views() && used < len; i++)
		used += (size_t)snprintf(buf + used, len - used, "%s, ", cmd_view_name(i));
	if (used < len) {
		/* TRANSLATORS: ends the list of keymap names; "all" is one of
		 * them, typed as is. */
		snprintf(buf + used, len - used, "%s", _("or all"));
	}
}

/* Adds or replaces the binding of key in view to line (owned by it now). */
static void bind_line(struct app *app, int view, int key, char *line)
{
	size_t i;

	for (i = 0; i < app->n_bindings; i++)
		if (app->bindings[i].view == view && app->bindings[i].key == key) {
			free(app->bindings[i].command);
			app->bindings[i].command = line;
			return;
		}
	xgrow(&app->bindings, &app->cap_bindings, app->n_bindings + 1, sizeof *app->bindings);
	app->bindings[app->n_bindings].view = view;
	app->bindings[app->n_bindings].key = key;
	app->bindings[app->n_bindings].command = line;
	app->n_bindings++;
}

void cmd_load_defaults(struct app *app)
{
	size_t n, nd = app->n_commands, i, j;
	const struct edit_core_key *keys = edit_core_defaults(&n);
	const struct cmd_def *defs = app->commands;

	cmd_load_text(app, default_bindings, _("(built-in bindings)"));
	for (i = 0; i < n; i++)
		for (j = 0; j < nd; j++)
			if (defs[j].edit == keys[i].op) {
				bind_line(app, cmd_view_index(keys[i].keymap), keys[i].key,
				          xstrdup(defs[j].name));
				break;
			}
}

/* A field of the dump: tabs and newlines would break its lines. */
static void dump_field(FILE *out, const char *s, const char *sep)
{
	for (s = s && *s ? s : "-"; *s; s++)
		fputc(*s == '\t' || *s == '\n' ? ' ' : *s, out);
	fputs(sep, out);
}

void cmd_dump(struct app *app, FILE *out)
{
	size_t n, i;
	const struct cmd_keymap *km = cmd_keymaps(&n);
	const struct cmd_def *defs;
	char key[32];

	fputs("# govdx --dump-commands 1: keymap, command and bind lines, fields split by tabs\n",
	      out);
	for (i = 0; i < n; i++) {
		fputs("keymap\t", out);
		dump_field(out, km[i].name, "\t");
		dump_field(out, km[i].input ? "input" : "view", "\t");
		dump_field(out, km[i].help, "\n");
	}
	defs = app->commands;
	for (i = 0; i < app->n_commands; i++) {
		fputs("command\t", out);
		dump_field(out, defs[i].name, "\t");
		dump_field(out, defs[i].alias, "\t");
		dump_field(out, defs[i].group, "\t");
		dump_field(out, cmd_usage(&defs[i]), "\t");
		dump_field(out, defs[i].help, "\n");
	}
	for (i = 0; i < app->n_bindings; i++) {
		const struct cmd_binding *b = &app->bindings[i];

		fputs("bind\t", out);
		dump_field(out, cmd_view_name(b->view), "\t");
		dump_field(out, ui_keys_name(b->key, key, sizeof key), "\t");
		dump_field(out, b->command, "\n");
	}
}

int cmd_bind(struct app *app, const struct cmd_def *def, int argc, char **argv,
             struct cmd_ctx *ctx)
{
	int view = cmd_view_index(argv[1]), key = ui_keys_parse(argv[2]);

	if (view == -2) {
		char views[400];

		view_list(views, sizeof views);
		snprintf(ctx->err, sizeof ctx->err, _("unknown view '%s' (%s)"), argv[1], views);
		return -1;
	}
	if (key < 0) {
		snprintf(ctx->err, sizeof ctx->err, _("unknown key '%s'"), argv[2]);
		return -1;
	}
	if (!cmd_lookup(app, argv[3])) {
		snprintf(ctx->err, sizeof ctx->err, _("unknown command '%s'"), argv[3]);
		return -1;
	}
	bind_line(app, view, key, cmd_parse_join(argc - 3, argv + 3));
	return 0;
}

int cmd_unbind(struct app *app, const struct cmd_def *def, int argc, char **argv,
               struct cmd_ctx *ctx)
{
	int view = cmd_view_index(argv[1]), key = ui_keys_parse(argv[2]);
	size_t i;

	for (i = 0; i < app->n_bindings; i++)
		if (app->bindings[i].view == view && app->bindings[i].key == key) {
			free(app->bindings[i].command);
			app->bindings[i] = app->bindings[--app->n_bindings];
			return 0;
		}
	snprintf(ctx->err, sizeof ctx->err, _("%s %s is not bound"), argv[1], argv[2]);
	return -1;
}

static const char *const set_options[] = { "default-context", "theme", "history-size",
	                                   "preview", "language", "lock-after", "timeout",
	                                   "connect-timeout", "cursor", NULL };

const char *const *cmd_set_options(void)
{
	return set_options;
}

static int parse_bool(const char *s, bool *out)
{
	if (!strcmp(s, "on") || !strcmp(s, "yes") || !strcmp(s, "true") || !strcmp(s, "1"))
		*out = true;
	else if (!strcmp(s, "off") || !strcmp(s, "no") || !strcmp(s, "false") || !strcmp(s, "0"))
		*out = false;
	else
		return -1;
	return 0;
}

/* A time of ms, s, m or h ("500ms", "2s", "1m") in milliseconds, or -1. */
static int64_t parse_time_ms(const char *val)
{
	char *end;
	long n = strtol(val, &end, 10);
	int64_t unit = 0;

	if (end == val || n < 0)
		return -1;
	if (!strcmp(end, "ms"))
		unit = 1;
	else if (!strcmp(end, "s"))
		unit = 1000;
	else if (!strcmp(end, "m"))
		unit = 60 * 1000;
	else if (!strcmp(end, "h"))
		unit = 3600 * 1000;
	if (!unit || n > 1000000)
		return -1;
	return (int64_t)n * unit;
}

int cmd_set(struct app *app, const struct cmd_def *def, int argc, char **argv,
            struct cmd_ctx *ctx)
{
	const char *opt = argv[1], *val = argv[2];

	if (argc != 3) {
		snprintf(ctx->err, sizeof ctx->err, "%s", _("usage: set OPTION VALUE"));
		return -1;
	}
	if (strcmp(opt, "default-context") == 0) {
		/* Checked once the whole file is read (a context may be
		 * defined below this line): cmd_config_pick_context. */
		free(app->default_context);
		app->default_context = xstrdup(val);
		free(app->default_context_where);
		app->default_context_where =
			ctx->file ? xasprintf("%s:%d", ctx->file, ctx->line) : NULL;
	} else if (strcmp(opt, "theme") == 0) {
		free(app->theme_name);
		app->theme_name = xstrdup(val);
		cmd_apply_theme(app);
	} else if (strcmp(opt, "history-size") == 0) {
		char *end;
		long n = strtol(val, &end, 10);
		if (*end || n < 1 || n > 100000) {
			snprintf(ctx->err, sizeof ctx->err, "%s",
			         _("history-size: a number from 1 to 100000"));
			return -1;
		}
		app->history_size = (int)n;
	} else if (strcmp(opt, "preview") == 0) {
		if (parse_bool(val, &app->preview) < 0) {
			snprintf(ctx->err, sizeof ctx->err, "%s", _("preview: on or off"));
			return -1;
		}
		app->dirty = true;
	} else if (strcmp(opt, "lock-after") == 0) {
		/* off (or 0), or a time: 30s, 10m, 1h; from 10 s to a day. */
		char *end;
		long n = strtol(val, &end, 10), unit = 0;
		if (!strcmp(val, "off") || !strcmp(val, "0")) {
			app->lock_after_ms = 0;
			return 0;
		}
		if (end != val && !strcmp(end, "s"))
			unit = 1000;
		else if (end != val && !strcmp(end, "m"))
			unit = 60 * 1000;
		else if (end != val && !strcmp(end, "h"))
			unit = 3600 * 1000;
		/* n is checked before it is multiplied: 99999999999999999h
		 * must be refused, not overflow. */
		if (!unit || n < 1 || n > 24L * 3600 * 1000 / unit || n * unit < 10 * 1000) {
			snprintf(ctx->err, sizeof ctx->err, "%s",
			         _("lock-after: off, or a time from 10s to 24h (30s, 10m, 1h)"));
			return -1;
		}
		app->lock_after_ms = (int64_t)n * unit;
	} else if (strcmp(opt, "timeout") == 0 || strcmp(opt, "connect-timeout") == 0) {
		/* A call's limit, and a connection's; from the next connection
		 * (:context) on. */
		bool whole = strcmp(opt, "timeout") == 0;
		int64_t ms = parse_time_ms(val), most = whole ? 600000 : 60000;

		if (ms < 500 || ms > most) {
			snprintf(ctx->err, sizeof ctx->err, "%s",
			         whole ? _("timeout: a time from 500ms to 10m (15s, 1m)")
			               : _("connect-timeout: a time from 500ms to 1m (3s)"));
			return -1;
		}
		if (whole)
			app->timeout_ms = ms;
		else
			app->connect_timeout_ms = ms;
	} else if (strcmp(opt, "cursor") == 0) {
		/* bar: the cursor row in its role; mark: '>' before it, a step
		 * rewriting two cells instead of two rows. */
		if (strcmp(val, "bar") != 0 && strcmp(val, "mark") != 0) {
			snprintf(ctx->err, sizeof ctx->err, "%s", _("cursor: bar or mark"));
			return -1;
		}
		app->canvas.cursor_mark = strcmp(val, "mark") == 0;
		app->dirty = true;
	} else if (strcmp(opt, "language") == 0) {
		if (i18n_set_language(val, ctx->err, sizeof ctx->err) < 0)
			return -1;
		/* Every word on screen is drawn anew in it. */
		app->dirty = true;
	} else {
		snprintf(ctx->err, sizeof ctx->err,
		         _("unknown option '%s' (default-context, theme, history-size, preview, "
		           "language, lock-after, timeout, connect-timeout, cursor)"),
		         opt);
		return -1;
	}
	return 0;
}

int cmd_color(struct app *app, const struct cmd_def *def, int argc, char **argv,
              struct cmd_ctx *ctx)
{
	if (ui_theme_color(&app->theme, argc, argv, ctx->err, sizeof ctx->err) < 0)
		return -1;
	if (app->screen)
		ui_screen_set_theme(app->screen, &app->theme);
	app->dirty = true;
	return 0;
}

/* A path in a config file is relative to the file's directory; ~/ is the
 * home directory. */
static char *config_path(const char *file, const char *path)
{
	const char *slash;

	if (path[0] == '~' && path[1] == '/' && getenv("HOME"))
		return xasprintf("%s%s", getenv("HOME"), path + 1);
	if (path[0] == '/' || !file || !(slash = strrchr(file, '/')))
		return xstrdup(path);
	return xasprintf("%.*s/%s", (int)(slash - file), file, path);
}

static int context_add(struct app *app, int argc, char **argv, struct cmd_ctx *ctx)
{
	struct app_context c = { 0 }, *old;
	int i;

	if (argc < 3) {
		snprintf(ctx->err, sizeof ctx->err, "%s",
		         _("usage: context add NAME url=URL token-file=PATH [ca-file=PATH] "
		           "[cert-file=PATH] [key-file=PATH] [read-only]"));
		return -1;
	}
	c.name = xstrdup(argv[2]);
	for (i = 3; i < argc; i++) {
		char *eq = strchr(argv[i], '=');
		char **field = NULL;
		size_t klen = eq ? (size_t)(eq - argv[i]) : 0;
		if (!strcmp(argv[i], "read-only")) {
			c.read_only = true;
			continue;
		}
		if (eq && klen == 3 && !strncmp(argv[i], "url", 3))
			field = &c.url;
		else if (eq && klen == 10 && !strncmp(argv[i], "token-file", 10))
			field = &c.token_file;
		else if (eq && klen == 7 && !strncmp(argv[i], "ca-file", 7))
			field = &c.ca_file;
		else if (eq && klen == 9 && !strncmp(argv[i], "cert-file", 9))
			field = &c.cert_file;
		else if (eq && klen == 8 && !strncmp(argv[i], "key-file", 8))
			field = &c.key_file;
		if (!field) {
			snprintf(ctx->err, sizeof ctx->err,
			         _("context %s: unknown setting '%s' (url=, token-file=, ca-file=, "
			           "cert-file=, key-file=, read-only)"),
			         c.name, argv[i]);
			goto bad;
		}
		free(*field);
		*field = field == &c.url ? xstrdup(eq + 1) : config_path(ctx->file, eq + 1);
	}
	if (!c.url || !c.token_file) {
		snprintf(ctx->err, sizeof ctx->err,
		         _("context %s: needs url=URL and token-file=PATH"), c.name);
		goto bad;
	}
	old = app_context_find(app, c.name);
	if (old) {
		/* Redefining the context in use changes nothing until it is
		 * switched to again.  The later definition wins, but in a
		 * file it is most likely a slip: say so. */
		if (ctx->file)
			app_warn(app, _("%s:%d: redefines context '%s'"), ctx->file, ctx->line,
			         c.name);
		else
			app_message(app, _("context %s redefined"), c.name);
		free(old->url);
		free(old->token_file);
		free(old->ca_file);
		free(old->cert_file);
		free(old->key_file);
		free(c.name);
		c.name = old->name;
		*old = c;
		return 0;
	}
	if (app->ctx) {
		/* contexts may move when the array grows: keep app->ctx valid */
		size_t idx = (size_t)(app->ctx - app->contexts);
		xgrow(&app->contexts, &app->cap_contexts, app->n_contexts + 1,
		      sizeof *app->contexts);
		app->ctx = &app->contexts[idx];
	} else {
		xgrow(&app->contexts, &app->cap_contexts, app->n_contexts + 1,
		      sizeof *app->contexts);
	}
	app->contexts[app->n_contexts++] = c;
	return 0;
bad:
	free(c.name);
	free(c.url);
	free(c.token_file);
	free(c.ca_file);
	free(c.cert_file);
	free(c.key_file);
	return -1;
}

struct app_context *cmd_config_pick_context(struct app *app, const char *source, char *err,
                                            size_t errlen)
{
	struct app_context *c;

	if (!app->n_contexts) {
		snprintf(err, errlen,
		         _("no context to connect to: add 'context add NAME url=URL "
		           "token-file=PATH' to %s (tools/demo writes one)"),
		         source ? source : _("the config file"));
		return NULL;
	}
	if (!app->default_context)
		return &app->contexts[0];
	c = app_context_find(app, app->default_context);
	if (c)
		return c;
	/* A misspelt default is no reason not to start: the first context is
	 * what a file without the line would use. */
	app_warn(app, _("%s: the default context '%s' is not defined; using '%s'"),
	         app->default_context_where ? app->default_context_where :
	                                      (source ? source : "set default-context"),
	         app->default_context, app->contexts[0].name);
	return &app->contexts[0];
}

int cmd_context(struct app *app, const struct cmd_def *def, int argc, char **argv,
                struct cmd_ctx *ctx)
{
	struct app_context *c;
	size_t i, used = 0;
	char list[400];

	if (argc >= 2 && strcmp(argv[1], "add") == 0)
		return context_add(app, argc, argv, ctx);
	if (ctx->file) {
		snprintf(ctx->err, sizeof ctx->err, "%s",
		         _("in a config file use 'context add' and 'set default-context'"));
		return -1;
	}
	if (argc == 1 || strcmp(argv[1], "list") == 0) {
		list[0] = '\0';
		for (i = 0; i < app->n_contexts; i++)
			used += (size_t)snprintf(list + used, used < sizeof list ? sizeof list - used : 0,
			                         "%s%s%s", used ? " " : "", app->contexts[i].name,
			                         &app->contexts[i] == app->ctx ? "*" : "");
		app_message(app, _("contexts: %s"), app->n_contexts ? list : _("(none)"));
		return 0;
	}
	if (argc != 2) {
		snprintf(ctx->err, sizeof ctx->err, "%s", _("usage: context NAME"));
		return -1;
	}
	c = app_context_find(app, argv[1]);
	if (!c) {
		snprintf(ctx->err, sizeof ctx->err, _("no context named '%s' (:context list)"),
		         argv[1]);
		return -1;
	}
	if (app_connect(app, c, ctx->err, sizeof ctx->err) < 0)
		return -1;
	app_message(app, _("context %s: %s"), c->name, c->url);
	return 0;
}

/* ---- theme ------------------------------------------------------------- */

/* The user's themes: $XDG_CONFIG_HOME/govdx/themes, else
 * ~/.config/govdx/themes; NULL with neither variable. */
static char *user_theme_dir(void)
{
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");

	if (xdg && *xdg)
		return xasprintf("%s/govdx/themes", xdg);
	if (home && *home)
		return xasprintf("%s/.config/govdx/themes", home);
	return NULL;
}

/* Whether path is a regular file the user can read: a theme named
 * /dev/zero or a FIFO would never end (or never start) being read. */
static bool theme_readable(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, R_OK) == 0;
}

/* The file of a theme, the first found of: the name itself when it has a
 * '/', else NAME.theme in the user's themes, then in the installed ones.
 * NULL: no file (the built-in theme of the name, if there is one). */
static char *theme_file(const char *name)
{
	char *dir = NULL, *path;

	if (strchr(name, '/'))
		return theme_readable(name) ? xstrdup(name) : NULL;
	if (!*name || !(dir = user_theme_dir()))
		path = NULL;
	else
		path = xasprintf("%s/%s.theme", dir, name);
	free(dir);
	if (path && theme_readable(path))
		return path;
	free(path);
	path = xasprintf("%s/themes/%s.theme", GOVDX_DATADIR, name);
	if (*name && theme_readable(path))
		return path;
	free(path);
	return NULL;
}

bool cmd_theme_known(const char *name)
{
	char *path = theme_file(name);
	bool known = path || ui_theme_builtin(name);

	free(path);
	return known;
}

void cmd_apply_theme(struct app *app)
{
	const char *builtin;
	char *name, *path;

	if (app->loading) {
		/* A theme file that switches themes could never end. */
		app_warn(app, _("%s: a theme cannot switch to another theme"), app->loading);
		return;
	}
	name = xstrdup(app->theme_name);
	ui_theme_reset(&app->theme, name);
	path = theme_file(name);
	app->loading = name;
	if (!path || cmd_load_file(app, path) < 0) {
		builtin = ui_theme_builtin(name);
		if (builtin)
			cmd_load_text(app, builtin, name);
		else
			app_warn(app, _("theme '%s' not found: using the attribute-only look"),
			         name);
	}
	app->loading = NULL;
	free(path);
	/* A `set theme` in the file, refused, may have renamed it. */
	if (strcmp(app->theme_name, name) != 0) {
		free(app->theme_name);
		app->theme_name = name;
	} else {
		free(name);
	}
	if (app->screen)
		ui_screen_set_theme(app->screen, &app->theme);
	app->dirty = true;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The themes there are: built in, installed and the user's, each name
 * once, in order. */
static size_t theme_names(char ***out)
{
	const char *const *builtin = ui_theme_builtin_names();
	char *dirs[2] = { user_theme_dir(), xasprintf("%s/themes", GOVDX_DATADIR) };
	char **names = NULL;
	size_t n = 0, cap = 0, i, j, k;

	for (i = 0; builtin[i]; i++) {
		xgrow(&names, &cap, n + 1, sizeof *names);
		names[n++] = xstrdup(builtin[i]);
	}
	for (k = 0; k < 2; k++) {
		DIR *d = dirs[k] ? opendir(dirs[k]) : NULL;
		struct dirent *e;

		while (d && (e = readdir(d))) {
			size_t len = strlen(e->d_name);
			if (e->d_name[0] == '.' || len <= 6 || strcmp(e->d_name + len - 6, ".theme"))
				continue;
			xgrow(&names, &cap, n + 1, sizeof *names);
			names[n++] = xasprintf("%.*s", (int)(len - 6), e->d_name);
		}
		if (d)
			closedir(d);
		free(dirs[k]);
	}
	qsort(names, n, sizeof *names, name_cmp);
	for (i = j = 0; i < n; i++) {
		if (j && strcmp(names[j - 1], names[i]) == 0)
			free(names[i]);
		else
			names[j++] = names[i];
	}
	*out = names;
	return j;
}

int cmd_theme(struct app *app, const struct cmd_def *def, int argc, char **argv,
              struct cmd_ctx *ctx)
{
	size_t warnings = app->n_warnings;

	if (argc == 1) {
		char **names, list[1024];
		size_t n = theme_names(&names), i, used = 0;

		list[0] = '\0';
		for (i = 0; i < n; i++) {
			if (used < sizeof list)
				used += (size_t)snprintf(list + used, sizeof list - used, "%s%s%s",
				                         i ? " " : "", names[i],
				                         strcmp(names[i], app->theme_name) ? "" : "*");
			free(names[i]);
		}
		free(names);
		app_message(app, _("themes: %s"), list);
		return 0;
	}
	if (app->loading) {
		snprintf(ctx->err, sizeof ctx->err, _("%s: a theme cannot switch to another theme"),
		         app->loading);
		return -1;
	}
	if (!cmd_theme_known(argv[1])) {
		snprintf(ctx->err, sizeof ctx->err, _("no theme named '%s' (:theme lists them)"),
		         argv[1]);
		return -1;
	}
	free(app->theme_name);
	app->theme_name = xstrdup(argv[1]);
	cmd_apply_theme(app);
	if (ctx->file || app->n_warnings != warnings)
		return 0; /* a warning of the theme's file is on the status line */
	if (app->screen && ui_theme_has_color(&app->theme) && !ui_screen_in_color(app->screen))
		app_message(app, _("theme %s, without colour here: attributes only"),
		            app->theme_name);
	else
		app_message(app, _("theme %s"), app->theme_name);
	return 0;
}
