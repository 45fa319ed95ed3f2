/*
 * app-new — the console put together: a bare app (app.c) given the
 * command table (cmd-table.c), the views' constructors and the built-in
 * bindings.  This file stands above every layer and is the one place that
 * names them all, so that below it no layer names one above: the views
 * open one another through the app (app_open_*), and the commands are
 * read from the app's table (cmd-names.h).
 */
#include "config.h"

#include "app.h"
#include "cmd.h"
#include "view.h"

static const struct app_views views = {
	.directory = view_directory_new,
	.entry = view_entry_new,
	.search = view_search_new,
	.cases = view_cases_new,
	.cases_kind = view_cases_kind,
	.cases_show = view_cases_show,
	.one_case = view_case_new,
};

/* A context switch or the end: the decision waiting for its case goes. */
static void reset(struct app *app)
{
	cmd_cases_drop(app);
	cmd_export_drop(app);
}

struct app *app_new(void)
{
	struct app *app = app_alloc();

	app->commands = cmd_defs(&app->n_commands);
	app->opens = &views;
	app->on_reset = reset;
	cmd_load_defaults(app);
	return app;
}
