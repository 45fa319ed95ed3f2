/*
 * fuzz-config — the console's config language as govdx.conf is read
 * (cmd_load_text: every line split and run as a config command — bind,
 * unbind, set, context add, color, theme), then the start-up choice of a
 * context (cmd_config_pick_context), on a fresh console with no screen.
 *
 * The input is the file's text (up to its first NUL).  A bad line is a
 * warning and loading goes on: the count returned must match the
 * warnings; app_free must leave nothing behind (LeakSanitizer).  HOME and
 * XDG_CONFIG_HOME point nowhere, so `theme NAME` finds only the built-in
 * themes (and files named by a path).
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "cmd.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	setenv("HOME", "/nonexistent/govdx-fuzz", 1);
	setenv("XDG_CONFIG_HOME", "/nonexistent/govdx-fuzz", 1);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1), err[512];
	struct app *app;
	size_t before;
	int bad;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	app = app_new();
	before = app->n_warnings;
	bad = cmd_load_text(app, text, "/etc/govdx/govdx.conf");
	if (bad < 0 || app->n_warnings < before + (size_t)bad)
		abort();
	if (!cmd_config_pick_context(app, "/etc/govdx/govdx.conf", err, sizeof err) &&
	    (app->n_contexts || !err[0]))
		abort(); /* no context only when none was added, and it says so */
	app_free(app);
	free(text);
	return 0;
}
