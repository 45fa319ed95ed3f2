/*
 * main — the govdx console: options, locale, terminal check, config and
 * history files, then the loop.
 *
 * Exit status, as most tools and govdx-exchanged have it: 0 ok, 1 failure, 2
 * usage. A usage error (an unknown option, an argument, a bad --color)
 * ends the program with status 2; other start-up failures (an unknown
 * TERM or theme, a missing or broken context, an unreadable token file)
 * with one clear line on stderr and status 1; everything after start-up is
 * reported on the status line.
 *
 * Files: config $GOVDX_CONFIG or $XDG_CONFIG_HOME/govdx/govdx.conf
 * (~/.config/govdx/govdx.conf); history $XDG_STATE_HOME/govdx/history
 * (~/.local/state/govdx/history).
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app.h"
#include "cmd.h"
#include "i18n.h"
#include "ui-line.h"
#include "ui-screen.h"
#include "xalloc.h"

/* The exit status of a usage error (1 is any other failure). */
#define EXIT_USAGE 2

static void usage(FILE *f)
{
	fputs(_("Usage: govdx [OPTION]...\n"
	        "Full-screen console of the government data directory (政务数据目录).\n"
	        "\n"
	        "  -c, --context NAME  use the context NAME of the config file\n"
	        "  -f, --config FILE   read FILE instead of the default config file\n"
	        "      --theme NAME    use the theme NAME (a path if it has a /)\n"
	        "      --color=WHEN    colour: auto (if the terminal has it), always\n"
	        "                      or never (attributes only)\n"
	        "      --read-only     refuse every command that changes data\n"
	        "  -h, --help          show this help and exit\n"
	        "  -V, --version       show the version and exit\n"
	        "      --dump-commands print the commands, views and keymaps and the\n"
	        "                      built-in key bindings, one per line, and exit\n"
	        "\n"
	        "Config: $GOVDX_CONFIG, else $XDG_CONFIG_HOME/govdx/govdx.conf\n"
	        "        (~/.config/govdx/govdx.conf), made of commands such as\n"
	        "          context add NAME url=URL token-file=PATH [ca-file=PATH]\n"
	        "          set default-context NAME\n"
	        "          bind directory j down\n"
	        "History: $XDG_STATE_HOME/govdx/history (~/.local/state/govdx/history)\n"
	        "Themes: $XDG_CONFIG_HOME/govdx/themes/NAME.theme, then the installed\n"
	        "        ones and the built-in default, dark-256, light, high-contrast,\n"
	        "        mono and cb-safe\n"
	        "\n"
	        "In the console: ? lists every key and command, :theme the themes, :q quits.\n"
	        "NO_COLOR=1 or CLICOLOR=0 gives the attribute-only look, CLICOLOR_FORCE=1\n"
	        "colour; --color beats them.\n"),
	      f);
}

/* $VAR/sub, or $HOME/fallback/sub when VAR is unset or empty. */
static char *xdg_path(const char *var, const char *fallback, const char *sub)
{
	const char *v = getenv(var), *home = getenv("HOME");

	if (v && *v)
		return xasprintf("%s/%s", v, sub);
	return xasprintf("%s/%s/%s", home && *home ? home : ".", fallback, sub);
}

/* Makes LC_CTYPE UTF-8 (the locale already set from the environment);
 * returns a note for the status line if it had to be forced, else NULL. */
static char *ensure_utf8(void)
{
	const char *cs;
	char *old;

	cs = nl_langinfo(CODESET);
	if (cs && (!strcasecmp(cs, "UTF-8") || !strcasecmp(cs, "utf8")))
		return NULL;
	old = xstrdup(setlocale(LC_CTYPE, NULL));
	if (!setlocale(LC_CTYPE, "C.UTF-8") && !setlocale(LC_CTYPE, "C.utf8")) {
		char *n = xasprintf(_("the locale (%s) is not UTF-8 and C.UTF-8 is missing: "
		                      "Chinese text may not show"),
		                    old);
		free(old);
		return n;
	}
	{
		char *n = xasprintf(_("the locale (%s) is not UTF-8: using C.UTF-8"), old);
		free(old);
		return n;
	}
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "context", required_argument, NULL, 'c' },
		{ "config", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ "dump-commands", no_argument, NULL, 'D' },
		{ "theme", required_argument, NULL, 'T' },
		{ "color", required_argument, NULL, 'C' },
		{ "colour", required_argument, NULL, 'C' },
		{ "read-only", no_argument, NULL, 'R' },
		{ NULL, 0, NULL, 0 },
	};
	const char *context = NULL, *config = NULL, *theme = NULL, *color = NULL;
	enum ui_color_mode color_mode;
	char err[512], *locale_note;
	struct app *app;
	struct app_context *ctx;
	bool explicit_config = false, read_only = false;
	int c, rc;

	/* First: --help and the locale's note speak the user's language too. */
	setlocale(LC_ALL, "");
	i18n_init();
	locale_note = ensure_utf8();
	while ((c = getopt_long(argc, argv, "c:f:hV", opts, NULL)) != -1) {
		switch (c) {
		case 'c':
			context = optarg;
			break;
		case 'f':
			config = optarg;
			break;
		case 'T':
			theme = optarg;
			break;
		case 'C':
			color = optarg;
			break;
		case 'R':
			read_only = true;
			break;
		case 'h':
			free(locale_note);
			usage(stdout);
			return 0;
		case 'V':
			free(locale_note);
			printf("govdx %s (libgovdx %s)\n", PACKAGE_VERSION, govdx_version());
			return 0;
		case 'D':
			/* The tables and built-in bindings only: no config, no
			 * terminal (the man page is checked against this). */
			free(locale_note);
			app = app_new();
			cmd_dump(app, stdout);
			app_free(app);
			return fflush(stdout) == 0 ? 0 : 1;
		default:
			free(locale_note);
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind < argc) {
		free(locale_note);
		fprintf(stderr, _("govdx: unexpected argument '%s' (see govdx --help)\n"), argv[optind]);
		return EXIT_USAGE;
	}
	if (ui_theme_color_mode(color, getenv("NO_COLOR"), getenv("CLICOLOR"),
	                        getenv("CLICOLOR_FORCE"), &color_mode) < 0) {
		free(locale_note);
		fprintf(stderr, _("govdx: --color takes auto, always or never, not '%s'\n"), color);
		return EXIT_USAGE;
	}
	if (theme && !cmd_theme_known(theme)) {
		free(locale_note);
		fprintf(stderr, _("govdx: no theme named '%s' (see govdx-theme(5))\n"), theme);
		return 1;
	}
	if (ui_screen_check_term(err, sizeof err) < 0) {
		fprintf(stderr, "govdx: %s\n", err);
		free(locale_note);
		return 1;
	}

	app = app_new();
	app->read_only = read_only;
	app->no_color = color_mode == UI_COLOR_NEVER;
	if (theme) {
		free(app->theme_name);
		app->theme_name = xstrdup(theme);
	}
	cmd_apply_theme(app);

	if (config) {
		explicit_config = true;
	} else if (getenv("GOVDX_CONFIG") && *getenv("GOVDX_CONFIG")) {
		config = getenv("GOVDX_CONFIG");
		explicit_config = true;
	}
	app->config_path = config ? xstrdup(config) : xdg_path("XDG_CONFIG_HOME", ".config", "govdx/govdx.conf");
	if (cmd_load_file(app, app->config_path) < 0 && (explicit_config || errno != ENOENT)) {
		fprintf(stderr, _("govdx: cannot read the config file %s: %s\n"), app->config_path,
		        strerror(errno));
		goto fail;
	}
	/* --theme beats the config file's `set theme`. */
	if (theme && strcmp(app->theme_name, theme) != 0) {
		free(app->theme_name);
		app->theme_name = xstrdup(theme);
		cmd_apply_theme(app);
	}
	if (context) {
		ctx = app_context_find(app, context);
		if (!ctx) {
			fprintf(stderr, _("govdx: no context named '%s' in %s\n"), context,
			        app->config_path);
			goto fail;
		}
	} else if (!(ctx = cmd_config_pick_context(app, app->config_path, err, sizeof err))) {
		fprintf(stderr, "govdx: %s\n", err);
		goto fail;
	}

	app->history_path = xdg_path("XDG_STATE_HOME", ".local/state", "govdx/history");
	app->cmdline = ui_line_new(app->history_size);
	app->filterline = ui_line_new(100);
	if (ui_line_history_load(app->cmdline, app->history_path) < 0)
		app_warn(app, _("cannot read the history %s: %s"), app->history_path,
		         strerror(errno));
	ui_line_set_completer(app->cmdline, cmd_complete, app);

	if (app_signals_init(app) < 0) {
		fprintf(stderr, _("govdx: cannot create a pipe: %s\n"), strerror(errno));
		goto fail;
	}
	if (app_connect(app, ctx, err, sizeof err) < 0) {
		fprintf(stderr, "govdx: %s\n", err);
		goto fail;
	}
	app->screen = ui_screen_new(color_mode, err, sizeof err);
	if (!app->screen) {
		fprintf(stderr, "govdx: %s\n", err);
		goto fail;
	}
	ui_screen_set_theme(app->screen, &app->theme);
	/* The test hook (see app-loop.c); nothing changes for a user. */
	if (getenv("GOVDX_TEST_REPORT") && *getenv("GOVDX_TEST_REPORT")) {
		app->test_report = true;
		ui_screen_test_sync_key(app->screen);
	}
	if (locale_note)
		app_message(app, "%s", locale_note);
	else if (!app->n_warnings)
		app_message(app, _("govdx %s: ? for help, :q to quit"), PACKAGE_VERSION);
	/* Said once: colour was asked for where curses can send none. */
	if (color_mode == UI_COLOR_ALWAYS && !ui_screen_colors(app->screen))
		app_message(app, _("colour asked for, but the terminal (TERM=%s) has none: "
		                   "attributes only"),
		            getenv("TERM"));

	rc = app_run(app);

	ui_screen_free(app->screen);
	app->screen = NULL;
	if (ui_line_history_save(app->cmdline, app->history_path) < 0)
		fprintf(stderr, _("govdx: cannot save the history %s: %s\n"), app->history_path,
		        strerror(errno));
	app_free(app);
	free(locale_note);
	return rc;
fail:
	app_free(app);
	free(locale_note);
	return 1;
}
