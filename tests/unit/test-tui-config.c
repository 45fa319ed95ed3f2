/*
 * test-tui-config — the console's command table as config language: the
 * built-in bindings, a config file with good and bad lines (warnings say
 * file:line and loading goes on), contexts, options, themes and key names,
 * rebinding editing keys and keys views once tested by number, and the
 * table of views and the --dump-commands output.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "app-prompt.h"
#include "app.h"
#include "cmd.h"
#include "hmap.h"
#include "ui-keys.h"
#include "ui-edit.h"
#include "ui-line.h"
#include "ui-theme.h"
#include "view-form.h"
#include "view.h"

static struct app *fresh(void)
{
	struct app *app = app_new();

	assert_int_equal(cmd_load_text(app, cmd_default_bindings(), "builtin"), 0);
	return app;
}

static const char *bound(struct app *app, int view, int key)
{
	size_t i;

	for (i = 0; i < app->n_bindings; i++)
		if (app->bindings[i].view == view && app->bindings[i].key == key)
			return app->bindings[i].command;
	return NULL;
}

static void test_default_bindings(void **state)
{
	struct app *app = fresh();
	int dir = cmd_view_index("directory");

	assert_string_equal(bound(app, -1, 'j'), "down");
	assert_string_equal(bound(app, -1, ui_keys_parse("Enter")), "select");
	assert_string_equal(bound(app, -1, ':'), "command-prompt");
	assert_string_equal(bound(app, -1, 12), "redraw"); /* C-l */
	assert_string_equal(bound(app, dir, ui_keys_parse("Tab")), "next-pane");
	assert_string_equal(bound(app, dir, 'h'), "collapse");
	assert_string_equal(bound(app, -1, 's'), "command-prompt 'search '");
	assert_int_equal(app->n_warnings, 0);
	app_free(app);
}

static void test_config_lines(void **state)
{
	struct app *app = fresh();
	const char *text =
		"# a comment\n"
		"context add alice url=http://127.0.0.1:1 token-file=alice.token\n"
		"bind directory x toggle-preview\n"
		"bind nowhere x down\n"                  /* line 4: unknown view */
		"frobnicate\n"                           /* line 5: unknown command */
		"set preview off\n"
		"down\n"                                 /* line 7: not for config files */
		"bind all \"unterminated\n"              /* line 8: quote */
		"set default-context alice\n"
		"context add bob url=http://x\n"         /* line 10: no token-file */
		"set history-size many\n";               /* line 11 */
	int bad = cmd_load_text(app, text, "/etc/govdx/govdx.conf");

	assert_int_equal(bad, 6);
	assert_int_equal(app->n_warnings, 6);
	assert_non_null(strstr(app->warnings[0], "/etc/govdx/govdx.conf:4: unknown view 'nowhere'"));
	assert_non_null(strstr(app->warnings[1], "govdx.conf:5: unknown command 'frobnicate'"));
	assert_non_null(strstr(app->warnings[2], "govdx.conf:7:"));
	assert_non_null(strstr(app->warnings[3], "govdx.conf:8: unterminated double quote"));
	assert_non_null(strstr(app->warnings[4], "govdx.conf:10: context bob: needs url=URL and token-file=PATH"));
	assert_non_null(strstr(app->warnings[5], "govdx.conf:11: history-size"));
	/* The good lines took effect around the bad ones. */
	assert_string_equal(bound(app, cmd_view_index("directory"), 'x'), "toggle-preview");
	assert_false(app->preview);
	assert_string_equal(app->default_context, "alice");
	assert_int_equal(app->n_contexts, 1);
	/* A relative token file is relative to the config file. */
	assert_string_equal(app->contexts[0].token_file, "/etc/govdx/alice.token");
	assert_string_equal(app->contexts[0].url, "http://127.0.0.1:1");
	app_free(app);
}

/* The client's limits: set timeout and set connect-timeout take ms, s and
 * m within their ranges; anything else warns and leaves the default. */
static void test_timeouts(void **state)
{
	struct app *app = fresh();

	assert_int_equal(app->timeout_ms, 15000);
	assert_int_equal(app->connect_timeout_ms, 3000);
	assert_int_equal(cmd_load_text(app, "set timeout 2s\nset connect-timeout 750ms\n", "f"), 0);
	assert_int_equal(app->timeout_ms, 2000);
	assert_int_equal(app->connect_timeout_ms, 750);
	assert_int_equal(cmd_load_text(app, "set timeout 1m\n", "f"), 0);
	assert_int_equal(app->timeout_ms, 60000);
	assert_int_equal(cmd_load_text(app,
	                               "set timeout 100ms\n"        /* below 500ms */
	                               "set timeout 11m\n"          /* above 10m */
	                               "set connect-timeout 2m\n"   /* above 1m */
	                               "set timeout soon\n"
	                               "set connect-timeout 3\n",   /* no unit */
	                               "f"),
	                 5);
	assert_int_equal(app->timeout_ms, 60000);
	assert_int_equal(app->connect_timeout_ms, 750);
	assert_non_null(strstr(app->warnings[0], "f:1: timeout: a time from 500ms to 10m"));
	assert_non_null(strstr(app->warnings[2], "f:3: connect-timeout: a time from 500ms to 1m"));
	app_free(app);
}

/* A default context that names none warns with its file:line and the
 * first context is used; a context defined twice warns and the later one
 * wins; only no context at all stops the start. */
static void test_default_context(void **state)
{
	struct app *app = fresh();
	const char *text = "set default-context nosuch\n"
	                   "context add first url=http://127.0.0.1:1 token-file=/t/a\n"
	                   "context add second url=http://127.0.0.1:2 token-file=/t/b\n"
	                   "context add first url=http://127.0.0.1:3 token-file=/t/c\n";
	struct app_context *c;
	char err[256] = "";

	assert_int_equal(cmd_load_text(app, text, "/home/u/govdx.conf"), 0);
	assert_int_equal(app->n_contexts, 2);
	assert_int_equal(app->n_warnings, 1);
	assert_string_equal(app->warnings[0], "/home/u/govdx.conf:4: redefines context 'first'");
	assert_string_equal(app->contexts[0].url, "http://127.0.0.1:3");
	c = cmd_config_pick_context(app, "/home/u/govdx.conf", err, sizeof err);
	assert_non_null(c);
	assert_string_equal(c->name, "first");
	assert_int_equal(app->n_warnings, 2);
	assert_string_equal(app->warnings[1], "/home/u/govdx.conf:1: the default context 'nosuch' "
	                                      "is not defined; using 'first'");
	/* Both warnings are kept and counted on the status line. */
	assert_non_null(strstr(app->status, "1 more"));
	app_free(app);

	/* A default that exists is taken, without a warning. */
	app = fresh();
	assert_int_equal(cmd_load_text(app, "context add a url=http://x token-file=/t\n"
	                                    "context add b url=http://y token-file=/t\n"
	                                    "set default-context b\n",
	                               "f"),
	                 0);
	c = cmd_config_pick_context(app, "f", err, sizeof err);
	assert_string_equal(c->name, "b");
	assert_int_equal(app->n_warnings, 0);
	app_free(app);

	/* No context at all: one line, naming the file. */
	app = fresh();
	assert_int_equal(cmd_load_text(app, "set default-context nosuch\n", "/c/govdx.conf"), 0);
	assert_null(cmd_config_pick_context(app, "/c/govdx.conf", err, sizeof err));
	assert_null(strchr(err, '\n'));
	assert_non_null(strstr(err, "no context to connect to"));
	assert_non_null(strstr(err, "/c/govdx.conf"));
	app_free(app);
}

static void test_rebind_replaces(void **state)
{
	struct app *app = fresh();
	size_t n = app->n_bindings;
	struct cmd_ctx ctx = { 0 };

	assert_int_equal(cmd_run_line(app, "bind all j up", &ctx), 0);
	assert_int_equal(app->n_bindings, n);
	assert_string_equal(bound(app, -1, 'j'), "up");
	assert_int_equal(cmd_run_line(app, "unbind all j", &ctx), 0);
	assert_null(bound(app, -1, 'j'));
	assert_int_equal(cmd_run_line(app, "unbind all j", &ctx), -1);
	assert_int_equal(cmd_run_line(app, "bind all 中 search 婚姻登记", &ctx), 0);
	assert_string_equal(bound(app, -1, 0x4e2d), "search 婚姻登记");
	assert_int_equal(cmd_run_line(app, "open", &ctx), -1);
	assert_string_equal(ctx.err, "usage: open CODE|ID");
	app_free(app);
}

/* Read-only, for the session or a context: every command that changes
 * data is refused by the dispatcher, whatever runs it, with the reason;
 * the others run as before. */
static void test_read_only(void **state)
{
	static const char *const writes[] = { "approve REQ-000001", "reject REQ-000001 不符合",
		                              "request-new", "objection-new", "accept OBJ-000001",
		                              "close OBJ-000001 已处理" };
	struct app *app = fresh();
	struct cmd_ctx ctx = { 0 };
	size_t i;

	assert_int_equal(cmd_load_text(app,
	                               "context add ro url=http://127.0.0.1:1 token-file=/t "
	                               "read-only\n"
	                               "context add rw url=http://127.0.0.1:1 token-file=/t\n",
	                               "/c/govdx.conf"),
	                 0);
	assert_true(app_context_find(app, "ro")->read_only);
	assert_false(app_context_find(app, "rw")->read_only);
	app->ctx = app_context_find(app, "ro");
	assert_true(app_read_only(app));
	for (i = 0; i < sizeof writes / sizeof *writes; i++) {
		assert_int_equal(cmd_run_line(app, writes[i], &ctx), -1);
		assert_non_null(strstr(ctx.err, "refused, context ro is read-only"));
	}
	/* Moving and looking are not writing. */
	assert_int_equal(cmd_run_line(app, "set preview off", &ctx), 0);
	app->ctx = app_context_find(app, "rw");
	assert_false(app_read_only(app));
	app->read_only = true; /* --read-only */
	assert_int_equal(cmd_run_line(app, "approve REQ-000001", &ctx), -1);
	assert_non_null(strstr(ctx.err, "approve: refused, this session is read-only"));
	app->ctx = NULL;
	app_free(app);
}

static void test_key_names(void **state)
{
	char buf[32];
	const char *names[] = { "j", "G", "C-l", "Enter", "Esc", "Tab", "BTab", "Up", "PgDn",
		                "Home", "F1", "F12", "Space", "中" };
	size_t i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		int k = ui_keys_parse(names[i]);
		assert_true(k >= 0);
		assert_string_equal(ui_keys_name(k, buf, sizeof buf), names[i]);
	}
	assert_int_equal(ui_keys_parse("C-"), -1);
	assert_int_equal(ui_keys_parse("F13"), -1);
	assert_int_equal(ui_keys_parse("nonsense"), -1);
	assert_int_equal(ui_keys_parse(""), -1);
}

static void test_theme_lines(void **state)
{
	struct ui_theme t;
	char err[128];
	char *ok[] = { "color", "header", "white", "color17", "bold,underline" };
	char *bad_role[] = { "color", "nope", "red", "blue" };
	char *bad_colour[] = { "color", "error", "reddish", "blue" };
	char *bad_attr[] = { "color", "error", "red", "blue", "blink" };
	int fg, bg;
	unsigned attrs;

	ui_theme_reset(&t, "x");
	assert_false(ui_theme_has_color(&t));
	assert_int_equal(ui_theme_color(&t, 5, ok, err, sizeof err), 0);
	assert_true(ui_theme_has_color(&t));
	ui_theme_style(&t, UI_ROLE_HEADER, true, &fg, &bg, &attrs);
	assert_int_equal(fg, 7);
	assert_int_equal(bg, 17);
	assert_int_equal(attrs, UI_ATTR_BOLD | UI_ATTR_UNDERLINE);
	/* Without colour (NO_COLOR) every role falls back to its attributes. */
	ui_theme_style(&t, UI_ROLE_HEADER, false, &fg, &bg, &attrs);
	assert_int_equal(fg, UI_COLOR_DEFAULT);
	assert_int_equal(attrs, UI_ATTR_REVERSE);
	ui_theme_style(&t, UI_ROLE_SELECTED, false, &fg, &bg, &attrs);
	assert_int_equal(attrs, UI_ATTR_REVERSE);
	assert_int_equal(ui_theme_color(&t, 4, bad_role, err, sizeof err), -1);
	assert_string_equal(err, "unknown role 'nope'");
	assert_int_equal(ui_theme_color(&t, 4, bad_colour, err, sizeof err), -1);
	assert_int_equal(ui_theme_color(&t, 5, bad_attr, err, sizeof err), -1);
}

/* The theme files are the built-in themes, line for line in effect. */
static void test_theme_files(void **state)
{
	const char *names[] = { "default", "mono" };
	size_t i;

	for (i = 0; i < 2; i++) {
		struct app *a = app_new(), *b = app_new();
		char *path;
		ui_theme_reset(&a->theme, names[i]);
		ui_theme_reset(&b->theme, names[i]);
		assert_int_equal(cmd_load_text(a, ui_theme_builtin(names[i]), "builtin"), 0);
		assert_true(asprintf(&path, "%s/themes/%s.theme", getenv("top_srcdir") ? getenv("top_srcdir") : TOP_SRCDIR, names[i]) > 0);
		assert_int_equal(cmd_load_file(b, path), 0);
		assert_memory_equal(a->theme.roles, b->theme.roles, sizeof a->theme.roles);
		free(path);
		app_free(a);
		app_free(b);
	}
}

static void test_hmap(void **state)
{
	struct hmap *m = hmap_new();
	char key[16];
	int i;
	size_t it = 0, n = 0;

	for (i = 0; i < 5000; i++) {
		snprintf(key, sizeof key, "%06d", i);
		assert_null(hmap_put(m, key, (void *)(long)(i + 1)));
	}
	for (i = 0; i < 5000; i += 2) {
		snprintf(key, sizeof key, "%06d", i);
		assert_int_equal((long)hmap_del(m, key), i + 1);
	}
	for (i = 0; i < 5000; i++) {
		snprintf(key, sizeof key, "%06d", i);
		assert_int_equal((long)hmap_get(m, key), i % 2 ? i + 1 : 0);
	}
	while (hmap_next(m, &it, NULL, NULL))
		n++;
	assert_int_equal(n, 2500);
	assert_int_equal(hmap_count(m), 2500);
	hmap_free(m, NULL);
}

/* Editing keys are bindings: rebinding one changes what the key does on
 * the : line, in every editor; an unbound character is typed. */
static void test_rebind_edit_key(void **state)
{
	struct app *app = fresh();
	struct ui_line *l = ui_line_new(10);
	struct ui_edit *e = ui_edit_new(false, 0);
	struct cmd_ctx ctx = { 0 };
	const char *p;

	for (p = "ab cd"; *p; p++)
		assert_int_equal(cmd_line_key(app, l, *p), UI_LINE_EDITING);
	cmd_line_key(app, l, 2); /* C-b: one character left */
	cmd_line_key(app, l, 'X');
	assert_string_equal(ui_line_text(l), "ab cXd");
	assert_int_equal(cmd_run_line(app, "bind edit C-b edit-word-back", &ctx), 0);
	cmd_line_key(app, l, 2);
	cmd_line_key(app, l, 'Y');
	assert_string_equal(ui_line_text(l), "ab YcXd");
	/* The line keymap comes first: Tab there, then edit. */
	assert_int_equal(cmd_run_line(app, "bind line C-b edit-end", &ctx), 0);
	cmd_line_key(app, l, 2);
	cmd_line_key(app, l, 'Z');
	assert_string_equal(ui_line_text(l), "ab YcXdZ");
	/* A field keeps the edit binding; `all` never reaches text. */
	assert_int_equal(cmd_run_line(app, "bind all x down", &ctx), 0);
	for (p = "ab cd"; *p; p++)
		cmd_field_key(app, e, *p);
	cmd_field_key(app, e, 2);
	cmd_field_key(app, e, 'x');
	assert_string_equal(ui_edit_text(e), "ab xcd");
	/* Unbound, C-y is not typed; bound again, it yanks. */
	assert_int_equal(cmd_run_line(app, "unbind edit C-y", &ctx), 0);
	cmd_field_key(app, e, 5);  /* C-e */
	cmd_field_key(app, e, 23); /* C-w kills "xcd" */
	cmd_field_key(app, e, 25);
	assert_string_equal(ui_edit_text(e), "ab ");
	assert_int_equal(cmd_run_line(app, "bind edit C-t edit-yank", &ctx), 0);
	cmd_field_key(app, e, 20);
	assert_string_equal(ui_edit_text(e), "ab xcd");
	/* From the : line an edit command says what it is for. */
	assert_int_equal(cmd_run_line(app, "edit-left", &ctx), -1);
	assert_non_null(strstr(ctx.err, "edit, line or field keymap"));
	ui_edit_free(e);
	ui_line_free(l);
	app_free(app);
}

static int answers_yes, answers_no;

static void answered(struct app *app, const char *text, void *arg)
{
	if (text)
		answers_yes++;
	else
		answers_no++;
}

/* Keys views once tested by number are bindings too: the y/n question,
 * Esc/C-g/C-c in a form, Ctrl-C in a view. */
static void test_rebind_raw_keys(void **state)
{
	struct app *app = fresh();
	struct cmd_ctx ctx = { 0 };
	struct view *v;

	app_confirm(app, "Approve 1 request? y/n", answered, NULL);
	app_prompt_key(app, 'j');
	assert_string_equal(app->prompt.note, "answer y or n");
	assert_int_equal(cmd_run_line(app, "bind confirm j confirm-yes", &ctx), 0);
	app_prompt_key(app, 'j');
	assert_int_equal(answers_yes, 1);
	assert_false(app->prompt.active);
	assert_int_equal(cmd_run_line(app, "unbind confirm n", &ctx), 0);
	app_confirm(app, "Approve 1 request? y/n", answered, NULL);
	app_prompt_key(app, 'n');
	assert_true(app->prompt.active);
	app_prompt_key(app, 'N');
	assert_int_equal(answers_no, 1);
	assert_int_equal(cmd_run_line(app, "confirm-yes", &ctx), -1);
	assert_string_equal(ctx.err, "no question to answer");

	/* A form (over the help: the first view is never closed): C-c
	 * cancels as bound; rebound to C-x, C-x does. */
	app_push(app, view_help_new(app));
	v = view_form_new(app, "130000008-310008-0001");
	app_push(app, v);
	assert_int_equal(cmd_run_line(app, "bind form C-x cancel", &ctx), 0);
	assert_int_equal(cmd_run_line(app, "bind field C-x edit-cancel", &ctx), 0);
	assert_true(v->ops->key(v, app, 24));
	assert_int_equal(app->n_views, 1);
	v = view_form_new(app, "130000008-310008-0001");
	app_push(app, v);
	assert_int_equal(cmd_run_line(app, "unbind edit C-c", &ctx), 0);
	assert_true(v->ops->key(v, app, 3)); /* typed nowhere, cancels nothing */
	assert_int_equal(app->n_views, 2);
	app_pop(app);

	/* Ctrl-C in a view says how to quit, as bound. */
	assert_true(cmd_key(app, 3));
	assert_string_equal(app->status, "type :q and Enter to quit");
	assert_int_equal(cmd_run_line(app, "unbind all C-c", &ctx), 0);
	assert_false(cmd_key(app, 3));
	app_free(app);
}

/* One table of views and keymaps: every view is named in it, bind and its
 * error message take it, and the dump prints it with the commands and
 * the built-in bindings. */
static void test_views_and_dump(void **state)
{
	struct app *app = fresh();
	struct view *views[] = { view_help_new(app), view_messages_new(app),
		                 view_form_new(app, "130000008-310008-0001"),
		                 view_objform_new(app, "130000008-310008-0001", NULL) };
	struct cmd_ctx ctx = { 0 };
	size_t i, n, len = 0;
	char *dump = NULL, want[200];
	FILE *f;
	const struct cmd_def *defs = cmd_defs(&n);

	for (i = 0; i < sizeof views / sizeof views[0]; i++) {
		assert_true(cmd_view_index(views[i]->ops->name) >= 0);
		views[i]->ops->free(views[i]);
	}
	assert_int_equal(cmd_run_line(app, "bind nowhere x down", &ctx), -1);
	assert_non_null(strstr(ctx.err, "directory, entry, search, help"));
	assert_non_null(strstr(ctx.err, "edit, line, field, confirm, or all"));
	assert_int_equal(app->n_warnings, 0); /* the built-in bindings load cleanly */

	f = open_memstream(&dump, &len);
	cmd_dump(app, f);
	fclose(f);
	for (i = 0; i < n; i++) {
		snprintf(want, sizeof want, "\ncommand\t%s\t", defs[i].name);
		assert_non_null(strstr(dump, want));
	}
	assert_non_null(strstr(dump, "\nkeymap\tdirectory\tview\t"));
	assert_non_null(strstr(dump, "\nkeymap\tfield\tinput\t"));
	assert_non_null(strstr(dump, "\ncommand\tgoto\tcd\tdirectory\tPLATFORM\t"));
	assert_non_null(strstr(dump, "\nbind\tall\tj\tdown\n"));
	assert_non_null(strstr(dump, "\nbind\tedit\tC-b\tedit-left\n"));
	assert_non_null(strstr(dump, "\nbind\tfield\tC-l\tredraw\n"));
	assert_non_null(strstr(dump, "\nbind\tform\tC-c\tcancel\n"));
	free(dump);
	app_free(app);
}

/* set lock-after: a time from 10 s to a day; a huge number is refused
 * (once it overflowed long when multiplied by its unit: found by the fuzz
 * target tests/fuzz/fuzz-config, corpus/config/lock-after-overflow). */
static void test_lock_after(void **state)
{
	struct app *app = fresh();
	const char *text = "set lock-after 15m\n"
	                   "set lock-after 99999999999999999h\n"   /* line 2 */
	                   "set lock-after 9223372036854775807s\n" /* line 3 */
	                   "set lock-after 25h\n"                  /* line 4 */
	                   "set lock-after 9s\n"                   /* line 5 */
	                   "set lock-after 24h\n";

	assert_int_equal(cmd_load_text(app, text, "govdx.conf"), 4);
	assert_non_null(strstr(app->warnings[0], "govdx.conf:2: lock-after"));
	assert_non_null(strstr(app->warnings[3], "govdx.conf:5: lock-after"));
	assert_int_equal(app->lock_after_ms, 24L * 3600 * 1000);
	app_free(app);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default_bindings), cmocka_unit_test(test_config_lines),
		cmocka_unit_test(test_lock_after),
		cmocka_unit_test(test_rebind_replaces),  cmocka_unit_test(test_read_only),
		cmocka_unit_test(test_key_names),       cmocka_unit_test(test_timeouts),
		cmocka_unit_test(test_theme_lines),      cmocka_unit_test(test_theme_files),
		cmocka_unit_test(test_hmap),             cmocka_unit_test(test_default_context),
		cmocka_unit_test(test_rebind_edit_key),  cmocka_unit_test(test_rebind_raw_keys),
		cmocka_unit_test(test_views_and_dump),
	};

	return cmocka_run_group_tests_name("tui-config", tests, NULL, NULL);
}
