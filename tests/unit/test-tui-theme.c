/*
 * test-tui-theme — themes and colour: the colours a `color` line takes
 * (names, 0-255, #rrggbb), the nearest colour a terminal of 8, 16, 88, 256
 * or direct colours shows for each, the colour decision from --color,
 * NO_COLOR, CLICOLOR and CLICOLOR_FORCE, the roles of the states, and the
 * six shipped themes: each lists every role, each file is its built-in
 * twin, and without colour each is the one attributes-only look; the theme
 * command, the user's themes and a theme file that tries to switch themes.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "app.h"
#include "cmd.h"
#include "ui-theme.h"

static int colour(const char *name)
{
	int c = -2;

	assert_int_equal(ui_theme_color_by_name(name, &c), 0);
	return c;
}

static void test_colour_names(void **state)
{
	const char *bad[] = { "reddish", "", "#ff80", "#ff80000", "#gg0000", "256", "-1",
		              "color", "color256", "bright", "brightpink", "1e2", "#", NULL };
	size_t i;
	int c;

	assert_int_equal(colour("default"), UI_COLOR_DEFAULT);
	assert_int_equal(colour("black"), 0);
	assert_int_equal(colour("red"), 1);
	assert_int_equal(colour("White"), 7);
	assert_int_equal(colour("brightblack"), 8);
	assert_int_equal(colour("brightred"), 9);
	assert_int_equal(colour("brightwhite"), 15);
	assert_int_equal(colour("0"), 0);
	assert_int_equal(colour("200"), 200);
	assert_int_equal(colour("255"), 255);
	assert_int_equal(colour("color17"), 17);
	assert_int_equal(colour("colour17"), 17);
	assert_int_equal(colour("#ff8000"), UI_COLOR_RGB(0xff, 0x80, 0x00));
	assert_int_equal(colour("#FF8000"), UI_COLOR_RGB(0xff, 0x80, 0x00));
	assert_int_equal(colour("#000000"), UI_COLOR_RGB(0, 0, 0));
	/* #000000 is black as a colour, not the terminal's default. */
	assert_int_not_equal(colour("#000000"), UI_COLOR_DEFAULT);
	assert_int_not_equal(colour("#000000"), 0);
	for (i = 0; bad[i]; i++)
		assert_int_equal(ui_theme_color_by_name(bad[i], &c), -1);
}

static void test_colour_lines(void **state)
{
	struct ui_theme t;
	char err[128];
	char *rgb[] = { "color", "state_approved", "#56b4e9", "default", "bold" };
	char *num[] = { "color", "deadline_ok", "114", "236" };
	char *bad[] = { "color", "state_approved", "#56b4e", "default" };
	int fg, bg;
	unsigned attrs;

	ui_theme_reset(&t, "x");
	assert_int_equal(ui_theme_color(&t, 5, rgb, err, sizeof err), 0);
	assert_int_equal(ui_theme_color(&t, 4, num, err, sizeof err), 0);
	assert_true(ui_theme_has_color(&t));
	ui_theme_style(&t, UI_ROLE_STATE_APPROVED, true, &fg, &bg, &attrs);
	assert_int_equal(fg, UI_COLOR_RGB(0x56, 0xb4, 0xe9));
	assert_int_equal(bg, UI_COLOR_DEFAULT);
	assert_int_equal(attrs, UI_ATTR_BOLD);
	ui_theme_style(&t, UI_ROLE_DEADLINE_OK, true, &fg, &bg, &attrs);
	assert_int_equal(fg, 114);
	assert_int_equal(bg, 236);
	/* Without colour: the role's attributes-only form, not the line's. */
	ui_theme_style(&t, UI_ROLE_STATE_APPROVED, false, &fg, &bg, &attrs);
	assert_int_equal(fg, UI_COLOR_DEFAULT);
	assert_int_equal(attrs, 0);
	ui_theme_style(&t, UI_ROLE_STATE_PENDING, false, &fg, &bg, &attrs);
	assert_int_equal(attrs, UI_ATTR_BOLD);
	assert_int_equal(ui_theme_color(&t, 4, bad, err, sizeof err), -1);
	assert_string_equal(err, "unknown colour '#56b4e'");
}

static void test_nearest(void **state)
{
	const int direct = UI_COLORS_DIRECT;

	/* The default stays; no colours at all: the default. */
	assert_int_equal(ui_theme_nearest(UI_COLOR_DEFAULT, 256), UI_COLOR_DEFAULT);
	assert_int_equal(ui_theme_nearest(1, 0), UI_COLOR_DEFAULT);
	assert_int_equal(ui_theme_nearest(UI_COLOR_RGB(255, 0, 0), 2), UI_COLOR_DEFAULT);

	/* A palette colour the terminal has stays. */
	assert_int_equal(ui_theme_nearest(200, 256), 200);
	assert_int_equal(ui_theme_nearest(3, 8), 3);
	assert_int_equal(ui_theme_nearest(12, 16), 12);
	/* Bright colours on eight: their basic colour. */
	assert_int_equal(ui_theme_nearest(12, 8), 4);
	assert_int_equal(ui_theme_nearest(9, 8), 1);
	/* 16-255 on 8 or 16 (or 88): the nearest basic colour. */
	assert_int_equal(ui_theme_nearest(196, 8), 1);
	assert_int_equal(ui_theme_nearest(196, 16), 9);
	assert_int_equal(ui_theme_nearest(40, 88), 2);
	assert_int_equal(ui_theme_nearest(244, 16), 8);
	assert_int_equal(ui_theme_nearest(244, 8), 7);
	assert_int_equal(ui_theme_nearest(16, 8), 0);

	/* #rrggbb on 256: the cube when it holds the colour or is closer,
	 * else the grey ramp. */
	assert_int_equal(ui_theme_nearest(UI_COLOR_RGB(0x5f, 0x87, 0xaf), 256), 67);
	assert_int_equal(ui_theme_nearest(UI_COLOR_RGB(0xff, 0xff, 0xff), 256), 231);
	assert_int_equal(ui_theme_nearest(UI_COLOR_RGB(0, 0, 0), 256), 16);
	assert_int_equal(ui_theme_nearest(UI_COLOR_RGB(0x80, 0x80, 0x80), 256), 244);
	assert_int_equal(ui_theme_nearest(UI_COLOR_RGB(0xe4, 0xe4, 0xe4), 256), 254);
	assert_int_equal(ui_theme_nearest(UI_COLOR_RGB(0xd5, 0x5e, 0x00), 256), 166);
	assert_int_equal(ui_theme_nearest(UI_COLOR_RGB(0x56, 0xb4, 0xe9), 256), 74);
	/* ... on 16 and on 8. */
	assert_int_equal(ui_theme_nearest(UI_COLOR_RGB(0xff, 0, 0), 16), 9);
	assert_int_equal(ui_theme_nearest(UI_COLOR_RGB(0xff, 0, 0), 8), 1);
	assert_int_equal(ui_theme_nearest(UI_COLOR_RGB(0, 0, 0xff), 8), 4);
	assert_int_equal(ui_theme_nearest(UI_COLOR_RGB(0x80, 0x80, 0x80), 16), 8);
	assert_int_equal(ui_theme_nearest(UI_COLOR_RGB(0x80, 0x80, 0x80), 8), 7);
	/* Greys stay grey (plain RGB distance would make them yellow). */
	assert_int_equal(ui_theme_nearest(UI_COLOR_RGB(0x6c, 0x6c, 0x6c), 8), 0);
	assert_int_equal(ui_theme_nearest(UI_COLOR_RGB(0xe4, 0xe4, 0xe4), 8), 7);
	assert_int_equal(ui_theme_nearest(UI_COLOR_RGB(0xc0, 0xc0, 0xc0), 16), 7);
	/* The Okabe-Ito colours of cb-safe on the linux console: sky blue
	 * and bluish green cyan, orange yellow, vermillion red. */
	assert_int_equal(ui_theme_nearest(UI_COLOR_RGB(0x56, 0xb4, 0xe9), 8), 6);
	assert_int_equal(ui_theme_nearest(UI_COLOR_RGB(0xe6, 0x9f, 0x00), 8), 3);
	assert_int_equal(ui_theme_nearest(UI_COLOR_RGB(0xd5, 0x5e, 0x00), 8), 1);
	assert_int_equal(ui_theme_nearest(UI_COLOR_RGB(0x00, 0x9e, 0x73), 8), 6);
	assert_int_equal(ui_theme_nearest(UI_COLOR_RGB(0xf0, 0xe4, 0x42), 8), 3);

	/* A direct-colour terminal: 0-7 as they are, anything else 0xRRGGBB
	 * (never a value under 8, which it reads as a basic colour). */
	assert_int_equal(ui_theme_nearest(3, direct), 3);
	assert_int_equal(ui_theme_nearest(196, direct), 0xff0000);
	assert_int_equal(ui_theme_nearest(232, direct), 0x080808);
	assert_int_equal(ui_theme_nearest(UI_COLOR_RGB(0x12, 0x34, 0x56), direct), 0x123456);
	assert_int_equal(ui_theme_nearest(UI_COLOR_RGB(0, 0, 3), direct), 8);
}

static enum ui_color_mode mode(const char *option, const char *no_color, const char *clicolor,
                               const char *force)
{
	enum ui_color_mode m = (enum ui_color_mode)-1;

	assert_int_equal(ui_theme_color_mode(option, no_color, clicolor, force, &m), 0);
	return m;
}

static void test_colour_mode(void **state)
{
	enum ui_color_mode m;

	assert_int_equal(mode(NULL, NULL, NULL, NULL), UI_COLOR_AUTO);
	/* NO_COLOR: set and not empty. */
	assert_int_equal(mode(NULL, "1", NULL, NULL), UI_COLOR_NEVER);
	assert_int_equal(mode(NULL, "0", NULL, NULL), UI_COLOR_NEVER);
	assert_int_equal(mode(NULL, "", NULL, NULL), UI_COLOR_AUTO);
	/* CLICOLOR=0 is never; any other CLICOLOR is the terminal's say. */
	assert_int_equal(mode(NULL, NULL, "0", NULL), UI_COLOR_NEVER);
	assert_int_equal(mode(NULL, NULL, "1", NULL), UI_COLOR_AUTO);
	/* CLICOLOR_FORCE: set, not empty and not 0. */
	assert_int_equal(mode(NULL, NULL, NULL, "1"), UI_COLOR_ALWAYS);
	assert_int_equal(mode(NULL, NULL, NULL, "0"), UI_COLOR_AUTO);
	assert_int_equal(mode(NULL, NULL, NULL, ""), UI_COLOR_AUTO);
	assert_int_equal(mode(NULL, NULL, "0", "1"), UI_COLOR_ALWAYS);
	/* NO_COLOR beats CLICOLOR_FORCE. */
	assert_int_equal(mode(NULL, "1", NULL, "1"), UI_COLOR_NEVER);
	/* --color beats the environment, auto included. */
	assert_int_equal(mode("always", "1", "0", NULL), UI_COLOR_ALWAYS);
	assert_int_equal(mode("never", NULL, NULL, "1"), UI_COLOR_NEVER);
	assert_int_equal(mode("auto", "1", NULL, NULL), UI_COLOR_AUTO);
	assert_int_equal(mode("auto", NULL, NULL, "1"), UI_COLOR_AUTO);
	assert_int_equal(ui_theme_color_mode("sometimes", NULL, NULL, NULL, &m), -1);
	assert_int_equal(ui_theme_color_mode("", NULL, NULL, NULL, &m), -1);
}

static void test_roles(void **state)
{
	static const char *const states[] = { "pending", "approved", "rejected", "returned",
		                              "withdrawn", "coordinating", "closed", "raised",
		                              "verifying", "dismissed", "corrected", "upheld" };
	size_t i;
	int r;
	char name[64];

	for (r = 0; r < UI_ROLE_COUNT; r++) {
		assert_string_not_equal(ui_theme_role_name(r), "?");
		assert_int_equal(ui_theme_role_by_name(ui_theme_role_name(r)), r);
	}
	assert_int_equal(ui_theme_role_by_name("deadline_ok"), UI_ROLE_DEADLINE_OK);
	for (i = 0; i < sizeof states / sizeof states[0]; i++) {
		r = ui_theme_state_role(states[i]);
		assert_int_not_equal(r, UI_ROLE_NORMAL);
		snprintf(name, sizeof name, "state_%s", states[i]);
		assert_string_equal(ui_theme_role_name(r), name);
	}
	assert_int_equal(ui_theme_state_role("approved"), UI_ROLE_STATE_APPROVED);
	assert_int_equal(ui_theme_state_role("upheld"), UI_ROLE_STATE_UPHELD);
	assert_int_equal(ui_theme_state_role("archived"), UI_ROLE_NORMAL);
	assert_int_equal(ui_theme_state_role(""), UI_ROLE_NORMAL);
	assert_int_equal(ui_theme_state_role(NULL), UI_ROLE_NORMAL);
	/* A role's name is not a state. */
	assert_int_equal(ui_theme_state_role("state_pending"), UI_ROLE_NORMAL);
}

/* The six shipped themes: each lists every role; each file is its built-in
 * twin; without colour every theme is the same attributes-only look, which
 * is mono's. */
static void test_shipped_themes(void **state)
{
	static const char *const want[] = { "cb-safe", "default", "dark-256", "high-contrast",
		                            "light", "mono" };
	const char *const *names = ui_theme_builtin_names();
	struct app *mono = app_new();
	size_t i, n = 0;
	int r;

	ui_theme_reset(&mono->theme, "mono");
	assert_int_equal(cmd_load_text(mono, ui_theme_builtin("mono"), "mono"), 0);
	for (i = 0; i < sizeof want / sizeof want[0]; i++)
		assert_non_null(ui_theme_builtin(want[i]));
	assert_null(ui_theme_builtin("nope"));
	for (n = 0; names[n]; n++) {
		struct app *a = app_new(), *b = app_new();
		char *path;

		if (n)
			assert_true(strcmp(names[n - 1], names[n]) < 0);
		ui_theme_reset(&a->theme, names[n]);
		ui_theme_reset(&b->theme, names[n]);
		assert_int_equal(cmd_load_text(a, ui_theme_builtin(names[n]), "builtin"), 0);
		assert_int_equal(a->n_warnings, 0);
		for (r = 0; r < UI_ROLE_COUNT; r++)
			if (!a->theme.roles[r].set)
				fail_msg("theme %s has no line for role %s", names[n],
				         ui_theme_role_name(r));
		assert_true(asprintf(&path, "%s/themes/%s.theme",
		                     getenv("top_srcdir") ? getenv("top_srcdir") : TOP_SRCDIR,
		                     names[n]) > 0);
		assert_int_equal(cmd_load_file(b, path), 0);
		assert_memory_equal(a->theme.roles, b->theme.roles, sizeof a->theme.roles);
		assert_int_equal(ui_theme_has_color(&a->theme), strcmp(names[n], "mono") != 0);
		for (r = 0; r < UI_ROLE_COUNT; r++) {
			int fg, bg, mfg, mbg;
			unsigned attrs, mattrs;
			ui_theme_style(&a->theme, r, false, &fg, &bg, &attrs);
			ui_theme_style(&mono->theme, r, true, &mfg, &mbg, &mattrs);
			assert_int_equal(fg, UI_COLOR_DEFAULT);
			assert_int_equal(bg, UI_COLOR_DEFAULT);
			assert_int_equal(mfg, UI_COLOR_DEFAULT);
			if (attrs != mattrs)
				fail_msg("theme %s, role %s: attributes-only %#x, mono %#x", names[n],
				         ui_theme_role_name(r), attrs, mattrs);
		}
		free(path);
		app_free(a);
		app_free(b);
	}
	assert_int_equal(n, sizeof want / sizeof want[0]);
	app_free(mono);
}

/* :theme and the themes found: built in, the user's directory, a path; a
 * theme file that tries to switch themes is refused, line by line. */
static void test_theme_command(void **state)
{
	char dir[] = "/tmp/govdx-theme-XXXXXX", *path;
	struct app *app = app_new();
	struct cmd_ctx ctx = { 0 };
	FILE *f;

	assert_non_null(mkdtemp(dir));
	assert_true(asprintf(&path, "%s/govdx", dir) > 0);
	assert_int_equal(mkdir(path, 0700), 0);
	free(path);
	assert_true(asprintf(&path, "%s/govdx/themes", dir) > 0);
	assert_int_equal(mkdir(path, 0700), 0);
	free(path);
	assert_true(asprintf(&path, "%s/govdx/themes/loop.theme", dir) > 0);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("color header \"#ff0000\" default bold # a comment\n"
	      "set theme mono\n"
	      "theme mono\n",
	      f);
	fclose(f);
	setenv("XDG_CONFIG_HOME", dir, 1);

	assert_true(cmd_theme_known("default"));
	assert_true(cmd_theme_known("cb-safe"));
	assert_true(cmd_theme_known("loop"));
	assert_true(cmd_theme_known(path));
	assert_false(cmd_theme_known("nope"));
	assert_false(cmd_theme_known(""));
	/* Only a regular file is a theme: /dev/zero would be read forever. */
	assert_false(cmd_theme_known("/dev/zero"));
	assert_false(cmd_theme_known("/dev/null"));

	assert_int_equal(cmd_run_line(app, "theme loop", &ctx), 0);
	assert_string_equal(app->theme_name, "loop");
	assert_int_equal(app->theme.roles[UI_ROLE_HEADER].fg, UI_COLOR_RGB(0xff, 0, 0));
	/* Both switches in the file warned; the theme is still loop. */
	assert_int_equal(app->n_warnings, 2);
	assert_non_null(strstr(app->warnings[1], "loop: a theme cannot switch to another theme"));

	assert_int_equal(cmd_run_line(app, "theme", &ctx), 0);
	assert_non_null(
		strstr(app->status, "themes: cb-safe dark-256 default high-contrast light loop* mono"));
	assert_int_equal(cmd_run_line(app, "theme high-contrast", &ctx), 0);
	assert_string_equal(app->theme_name, "high-contrast");
	assert_int_equal(app->theme.roles[UI_ROLE_NORMAL].bg, 0);
	assert_int_equal(cmd_run_line(app, "theme nope", &ctx), -1);
	assert_string_equal(ctx.err, "no theme named 'nope' (:theme lists them)");
	assert_string_equal(app->theme_name, "high-contrast");
	assert_int_equal(cmd_run_line(app, "theme a b", &ctx), -1);

	unlink(path);
	free(path);
	assert_true(asprintf(&path, "%s/govdx/themes", dir) > 0);
	rmdir(path);
	free(path);
	assert_true(asprintf(&path, "%s/govdx", dir) > 0);
	rmdir(path);
	free(path);
	rmdir(dir);
	unsetenv("XDG_CONFIG_HOME");
	app_free(app);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_colour_names), cmocka_unit_test(test_colour_lines),
		cmocka_unit_test(test_nearest),      cmocka_unit_test(test_colour_mode),
		cmocka_unit_test(test_roles),        cmocka_unit_test(test_shipped_themes),
		cmocka_unit_test(test_theme_command),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
