/*
 * view-help — the help screen, generated from the action table and the
 * current key bindings: per group, each command with its keys, usage and
 * help text (the editing keys too), then the views and keymaps `bind`
 * takes, from the same table.  Nothing here is written by hand, so help cannot drift from
 * what the console does.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "cmd-keys.h"
#include "i18n.h"
#include "ui-list.h"
#include "ui-text.h"
#include "ui-theme.h"
#include "ui-width.h"
#include "view.h"
#include "xalloc.h"

struct view_help {
	struct view base;
	struct ui_text text;
	struct ui_list list;
	char *filter;
};

static bool has_word(const char *list, const char *w)
{
	size_t n = strlen(w);
	const char *p = list;

	while ((p = strstr(p, w))) {
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return true;
		p += n;
	}
	return false;
}

/* "keys  command" for the label column: the keys fitted to exactly kw
 * columns (a cut shows '~'), then the command and its alias. */
static char *label_for(struct app *app, const struct cmd_def *d, int kw)
{
	wchar_t fitted[64];
	char *kf;
	char keys[128] = "", more[128], *s;
	int vi;

	cmd_keys_for(app, -1, d->name, keys, sizeof keys);
	for (vi = 0; vi < cmd_n_views(); vi++) {
		char *k, *save = NULL;
		cmd_keys_for(app, vi, d->name, more, sizeof more);
		/* A key bound in several views (c: close in four) is named once. */
		for (k = strtok_r(more, " ", &save); k; k = strtok_r(NULL, " ", &save)) {
			if (has_word(keys, k) || strlen(keys) + strlen(k) + 2 >= sizeof keys)
				continue;
			if (keys[0])
				strcat(keys, " ");
			strcat(keys, k);
		}
	}
	ui_width_fit_utf8(keys, kw, UI_WIDTH_LEFT, fitted, sizeof fitted / sizeof fitted[0]);
	kf = ui_width_to_utf8(fitted);
	s = xasprintf("%s %s%s%s", kf, d->name, d->alias ? "|" : "", d->alias ? d->alias : "");
	free(kf);
	return s;
}

/* A help text of the tables (N_-marked there) in the user's language; ""
 * stays "" (gettext("") is the catalogue's header). */
static const char *tr(const char *s)
{
	return s && s[0] ? _(s) : s;
}

/* The title of a group of the command table, in the user's language.  The
 * groups are named here for the catalogue only: a group not named here is
 * shown as it is. */
static const char *group_title(const char *group)
{
	static const char *const titles[] = {
		N_("move"),     N_("directory"),  N_("views"),   N_("prompt"),
		N_("requests"), N_("objections"), N_("cases"),   N_("session"),
		N_("config"),   N_("edit"),       N_("form"),    N_("catalog"),
	};
	size_t i;

	for (i = 0; i < sizeof titles / sizeof titles[0]; i++)
		if (!strcmp(group, titles[i]))
			return _(titles[i]);
	return group;
}

static void help_recalc(struct view *v, struct app *app, struct ui_rect r)
{
	struct view_help *vh = (struct view_help *)v;
	size_t n = app->n_commands, i, g;
	const struct cmd_def *defs = app->commands;
	const char *groups[16];
	size_t n_groups = 0;
	/* Keys, a space, the longest command name (14: toggle-preview) and a
	 * gap: at 80 columns "Esc Left h" and "Up k C-p" fit whole. */
	int keys_w = r.w >= 100 ? 22 : 14, label_w = keys_w + 17;

	ui_text_reset(&vh->text, r.w - 2, label_w);
	for (i = 0; i < n; i++) {
		for (g = 0; g < n_groups && strcmp(groups[g], defs[i].group); g++)
			;
		if (g == n_groups && n_groups < 16)
			groups[n_groups++] = defs[i].group;
	}
	for (g = 0; g < n_groups; g++) {
		const char *title = group_title(groups[g]);
		bool any = false;
		for (i = 0; i < n; i++) {
			char *label, *help;
			if (strcmp(defs[i].group, groups[g]) != 0)
				continue;
			label = label_for(app, &defs[i], keys_w);
			help = xasprintf("%s%s%s", cmd_usage(&defs[i]),
			                 cmd_usage(&defs[i])[0] ? ": " : "", tr(defs[i].help));
			if (ui_list_match(vh->filter, label, help)) {
				if (!any) {
					if (vh->text.n)
						ui_text_line(&vh->text, UI_ROLE_NORMAL, "", NULL);
					ui_text_line(&vh->text, UI_ROLE_TITLE, title, NULL);
					any = true;
				}
				ui_text_field(&vh->text, label, help, UI_ROLE_NORMAL);
			}
			free(label);
			free(help);
		}
	}
	ui_text_line(&vh->text, UI_ROLE_NORMAL, "", NULL);
	ui_text_line(&vh->text, UI_ROLE_TITLE, _("views and keymaps"), NULL);
	{
		const struct cmd_keymap *km = cmd_keymaps(&n);
		for (i = 0; i < n; i++)
			if (ui_list_match(vh->filter, km[i].name, tr(km[i].help)))
				ui_text_field(&vh->text, km[i].name, tr(km[i].help),
				              UI_ROLE_NORMAL);
	}
	ui_text_line(&vh->text, UI_ROLE_NORMAL, "", NULL);
	ui_text_para(&vh->text, UI_ROLE_DIM,
	             _("Keys are bindings to these commands: `bind VIEW KEY COMMAND` in "
	               "govdx.conf or on the : line, VIEW one of the views and keymaps above "
	               "or all (every view).  Esc or q closes this help."));
	vh->list.n = (int)vh->text.n;
	ui_list_fix(&vh->list, r.h - 1);
}

static void help_draw(struct view *v, struct app *app, struct ui_canvas *c, struct ui_rect r)
{
	struct view_help *vh = (struct view_help *)v;
	int row;

	ui_canvas_text(c, r.y, r.x, r.w, UI_ROLE_TITLE, _(" Help: keys and commands"),
	               UI_WIDTH_LEFT);
	for (row = 0; row < r.h - 1; row++) {
		int i = vh->list.top + row;
		if (i >= vh->list.n)
			break;
		ui_text_draw_row(c, r.y + 1 + row, r.x + 1, r.w - 2, &vh->text, (size_t)i,
		                 i == vh->list.cur ? UI_ROLE_SELECTED : -1);
		if (i == vh->list.cur)
			ui_canvas_role(c, r.y + 1 + row, r.x, r.w, UI_ROLE_SELECTED);
	}
}

static int help_request(struct view *v, struct app *app, enum view_req req, const char *arg,
                        char *err, size_t errlen)
{
	struct view_help *vh = (struct view_help *)v;

	if (ui_list_request(&vh->list, req))
		return 0;
	if (req == REQ_REFRESH || req == REQ_SELECT)
		return 0;
	return -1;
}

static const char *help_filter(struct view *v)
{
	return ((struct view_help *)v)->filter;
}

static void help_set_filter(struct view *v, struct app *app, const char *f)
{
	struct view_help *vh = (struct view_help *)v;

	free(vh->filter);
	vh->filter = xstrdup(f ? f : "");
	vh->list.cur = vh->list.top = 0;
	app->dirty = true;
}

static void help_crumbs(struct view *v, struct app *app, char *buf, size_t len)
{
	snprintf(buf, len, "%s", _("help"));
}

static void help_position(struct view *v, int *cur, int *n, int *more)
{
	*n = -1;
	*cur = *more = 0;
}

static void help_free(struct view *v)
{
	struct view_help *vh = (struct view_help *)v;

	ui_text_free(&vh->text);
	free(vh->filter);
	free(vh);
}

static const struct view_ops help_ops = {
	.name = "help",
	.recalc = help_recalc,
	.draw = help_draw,
	.request = help_request,
	.filter = help_filter,
	.set_filter = help_set_filter,
	.crumbs = help_crumbs,
	.position = help_position,
	.free = help_free,
};

struct view *view_help_new(struct app *app)
{
	struct view_help *vh = xcalloc(1, sizeof *vh);

	vh->base.ops = &help_ops;
	vh->filter = xstrdup("");
	return &vh->base;
}
