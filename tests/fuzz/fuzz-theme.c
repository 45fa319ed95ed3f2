/*
 * fuzz-theme — a theme file (govdx-theme(5)) as the console reads one:
 * the theme reset, then the file's text read as config with the theme
 * loading (so it cannot switch themes), as cmd_apply_theme does; then
 * every role drawn as a terminal of 8, 16, 88 or 256 colours and a
 * direct-colour one would take it (ui_theme_style, ui_theme_nearest).
 *
 * The input is the file's text (up to its first NUL).  Every colour the
 * terminal is handed must be one it has.
 */
#include "config.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "cmd.h"
#include "ui-theme.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	setenv("HOME", "/nonexistent/govdx-fuzz", 1);
	setenv("XDG_CONFIG_HOME", "/nonexistent/govdx-fuzz", 1);
	return 0;
}

static void check_colour(int c, int ncolors)
{
	if (c == UI_COLOR_DEFAULT)
		return;
	if (ncolors >= UI_COLORS_DIRECT) {
		if (c < 0 || c > 0xffffff)
			abort();
	} else if (ncolors < 8 || c < 0 || c >= ncolors) {
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int terminals[] = { 0, 8, 16, 88, 256, UI_COLORS_DIRECT };
	char *text = malloc(size + 1);
	struct app *app;
	int role, fg, bg;
	unsigned attrs;
	size_t t;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	app = app_new();
	ui_theme_reset(&app->theme, "fuzz");
	app->loading = "fuzz.theme";
	cmd_load_text(app, text, "fuzz.theme");
	app->loading = NULL;
	(void)ui_theme_has_color(&app->theme);
	for (role = 0; role < UI_ROLE_COUNT; role++) {
		ui_theme_style(&app->theme, role, false, &fg, &bg, &attrs);
		if (fg != UI_COLOR_DEFAULT || bg != UI_COLOR_DEFAULT)
			abort(); /* without colour, attributes only */
		ui_theme_style(&app->theme, role, true, &fg, &bg, &attrs);
		for (t = 0; t < sizeof terminals / sizeof terminals[0]; t++) {
			check_colour(ui_theme_nearest(fg, terminals[t]), terminals[t]);
			check_colour(ui_theme_nearest(bg, terminals[t]), terminals[t]);
		}
	}
	app_free(app);
	free(text);
	return 0;
}
