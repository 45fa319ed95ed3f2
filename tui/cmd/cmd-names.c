/*
 * cmd-names — the views and keymaps `bind` takes, and a command looked up
 * in the app's table (see cmd-names.h).
 */
#include "config.h"

#include <string.h>

#include "app.h"
#include "cmd-names.h"
#include "i18n.h"

/* Views first, in the order of the man page; then the keymaps of text
 * being typed and of questions, which `bind all` does not reach.  Each
 * view's view_ops.name is one of these (a unit test checks it). */
static const struct cmd_keymap keymaps[] = {
	{ .name = "directory", .help = N_("the platform tree, its departments and entries") },
	{ .name = "entry", .help = N_("one catalog entry") },
	{ .name = "search", .help = N_("the entries found by :search") },
	{ .name = "help", .help = N_("this help") },
	{ .name = "requests", .help = N_("the sharing-request queue") },
	{ .name = "request", .help = N_("one sharing request") },
	{ .name = "form", .help = N_("a form: a new request or objection") },
	{ .name = "results", .help = N_("the decisions of the last batch") },
	{ .name = "objections", .help = N_("the objection queue") },
	{ .name = "objection", .help = N_("one objection") },
	{ .name = "revisions", .help = N_("the revision queue (catalog maintenance)") },
	{ .name = "revision", .help = N_("one revision of an entry") },
	{ .name = "history", .help = N_("the published revisions of an entry") },
	{ .name = "diff", .help = N_("the differences between two revisions") },
	{ .name = "messages", .help = N_("config warnings and recent messages") },
	{ .name = "stats", .help = N_("the supervision figures") },
	{ .name = "unmet", .help = N_("the unmet demand") },
	{ .name = "edit",
	  .help = N_("text being typed anywhere: the : and / lines, form fields, the reason prompt"),
	  .input = true },
	{ .name = "line", .help = N_("the : and / lines (looked up before edit)"), .input = true },
	{ .name = "field",
	  .help = N_("form fields and the reason prompt (looked up before edit)"),
	  .input = true },
	{ .name = "confirm", .help = N_("a y/n question"), .input = true },
};

const struct cmd_keymap *cmd_keymaps(size_t *n)
{
	*n = sizeof keymaps / sizeof keymaps[0];
	return keymaps;
}

int cmd_view_index(const char *name)
{
	size_t i;

	if (strcmp(name, "all") == 0)
		return -1;
	for (i = 0; i < sizeof keymaps / sizeof keymaps[0]; i++)
		if (strcmp(name, keymaps[i].name) == 0)
			return (int)i;
	return -2;
}

const char *cmd_view_name(int index)
{
	if (index < 0 || index >= cmd_n_views())
		return "all";
	return keymaps[index].name;
}

int cmd_n_views(void)
{
	return (int)(sizeof keymaps / sizeof keymaps[0]);
}

const struct cmd_def *cmd_lookup(const struct app *app, const char *name)
{
	size_t i;

	for (i = 0; name && i < app->n_commands; i++) {
		const struct cmd_def *d = &app->commands[i];
		if (strcmp(d->name, name) == 0 || (d->alias && strcmp(d->alias, name) == 0))
			return d;
	}
	return NULL;
}

const char *cmd_usage(const struct cmd_def *d)
{
	return d->usage ? d->usage : "";
}
