/*
 * ui-theme — roles, their attributes-only forms and the color overlay
 * (see ui-theme.h).
 *
 * The attributes-only table below is the monochrome look, chosen so that
 * every role stays distinguishable with bold/reverse/underline alone (htop
 * and ncdu do the same): the header and the cursor row are reversed,
 * titles and errors bold, secondary text dim.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "i18n.h"
#include "ui-theme.h"

static const char *const role_names[UI_ROLE_COUNT] = {
	[UI_ROLE_NORMAL] = "normal",     [UI_ROLE_HEADER] = "header",
	[UI_ROLE_CRUMBS] = "crumbs",     [UI_ROLE_STATUS] = "status",
	[UI_ROLE_ERROR] = "error",       [UI_ROLE_WARN] = "warn",
	[UI_ROLE_OK] = "ok",             [UI_ROLE_SELECTED] = "selected",
	[UI_ROLE_CURSOR] = "cursor",     [UI_ROLE_TAGGED] = "tagged",
	[UI_ROLE_DIM] = "dim",           [UI_ROLE_TITLE] = "title",
	[UI_ROLE_LABEL] = "label",       [UI_ROLE_KEY] = "key",
	[UI_ROLE_DISPUTED] = "disputed", [UI_ROLE_BORDER] = "border",
	[UI_ROLE_COMMAND] = "command",   [UI_ROLE_DUE_SOON] = "due_soon",
	[UI_ROLE_OVERDUE] = "overdue",   [UI_ROLE_NEW] = "new",
};

/* The attributes-only form of every role. */
static const unsigned mono_attrs[UI_ROLE_COUNT] = {
	[UI_ROLE_NORMAL] = 0,
	[UI_ROLE_HEADER] = UI_ATTR_REVERSE,
	[UI_ROLE_CRUMBS] = UI_ATTR_BOLD,
	[UI_ROLE_STATUS] = 0,
	[UI_ROLE_ERROR] = UI_ATTR_BOLD,
	[UI_ROLE_WARN] = UI_ATTR_BOLD | UI_ATTR_UNDERLINE,
	[UI_ROLE_OK] = 0,
	[UI_ROLE_SELECTED] = UI_ATTR_REVERSE,
	[UI_ROLE_CURSOR] = UI_ATTR_UNDERLINE,
	[UI_ROLE_TAGGED] = UI_ATTR_BOLD,
	[UI_ROLE_DIM] = UI_ATTR_DIM,
	[UI_ROLE_TITLE] = UI_ATTR_BOLD | UI_ATTR_UNDERLINE,
	[UI_ROLE_LABEL] = UI_ATTR_BOLD,
	[UI_ROLE_KEY] = UI_ATTR_BOLD,
	[UI_ROLE_DISPUTED] = UI_ATTR_BOLD | UI_ATTR_UNDERLINE,
	[UI_ROLE_BORDER] = 0,
	[UI_ROLE_COMMAND] = 0,
	[UI_ROLE_DUE_SOON] = UI_ATTR_BOLD,
	[UI_ROLE_OVERDUE] = UI_ATTR_BOLD | UI_ATTR_REVERSE,
	[UI_ROLE_NEW] = UI_ATTR_BOLD | UI_ATTR_UNDERLINE,
};

/* Kept identical to themes/default.theme and themes/mono.theme (a unit test
 * compares them), so the console looks right before it is installed. */
static const char builtin_default[] =
	"# govdx default theme: colour overlay on the attribute-only look\n"
	"color normal   default default\n"
	"color header   white   blue    bold\n"
	"color crumbs   cyan    default bold\n"
	"color status   default default\n"
	"color error    red     default bold\n"
	"color warn     yellow  default bold\n"
	"color ok       green   default\n"
	"color selected black   cyan\n"
	"color cursor   default default underline\n"
	"color tagged   yellow  default bold\n"
	"color dim      default default dim\n"
	"color title    yellow  default bold\n"
	"color label    cyan    default\n"
	"color key      green   default bold\n"
	"color disputed magenta default bold\n"
	"color border   blue    default\n"
	"color command  default default\n"
	"color due_soon yellow  default bold\n"
	"color overdue  red     default bold,reverse\n"
	"color new      green   default bold\n";

static const char builtin_mono[] =
	"# govdx mono theme: attributes only, no colour\n"
	"color normal   default default normal\n"
	"color header   default default reverse\n"
	"color crumbs   default default bold\n"
	"color status   default default normal\n"
	"color error    default default bold\n"
	"color warn     default default bold,underline\n"
	"color ok       default default normal\n"
	"color selected default default reverse\n"
	"color cursor   default default underline\n"
	"color tagged   default default bold\n"
	"color dim      default default dim\n"
	"color title    default default bold,underline\n"
	"color label    default default bold\n"
	"color key      default default bold\n"
	"color disputed default default bold,underline\n"
	"color border   default default normal\n"
	"color command  default default normal\n"
	"color due_soon default default bold\n"
	"color overdue  default default bold,reverse\n"
	"color new      default default bold,underline\n";

const char *ui_theme_builtin(const char *name)
{
	if (strcmp(name, "default") == 0)
		return builtin_default;
	if (strcmp(name, "mono") == 0)
		return builtin_mono;
	return NULL;
}

void ui_theme_reset(struct ui_theme *t, const char *name)
{
	int i;

	memset(t, 0, sizeof *t);
	snprintf(t->name, sizeof t->name, "%s", name ? name : "default");
	for (i = 0; i < UI_ROLE_COUNT; i++) {
		t->roles[i].fg = t->roles[i].bg = UI_COLOR_DEFAULT;
		t->roles[i].attrs = mono_attrs[i];
	}
}

int ui_theme_role_by_name(const char *name)
{
	int i;

	for (i = 0; i < UI_ROLE_COUNT; i++)
		if (strcasecmp(name, role_names[i]) == 0)
			return i;
	return -1;
}

const char *ui_theme_role_name(int role)
{
	return role >= 0 && role < UI_ROLE_COUNT ? role_names[role] : "?";
}

int ui_theme_color_by_name(const char *name, int *color)
{
	static const char *const basic[] = { "black", "red",     "green", "yellow",
		                             "blue",  "magenta", "cyan",  "white" };
	size_t i;
	char *end;
	long n;

	if (strcasecmp(name, "default") == 0) {
		*color = UI_COLOR_DEFAULT;
		return 0;
	}
	for (i = 0; i < sizeof basic / sizeof basic[0]; i++)
		if (strcasecmp(name, basic[i]) == 0) {
			*color = (int)i;
			return 0;
		}
	if (strncasecmp(name, "color", 5) == 0 && name[5]) {
		n = strtol(name + 5, &end, 10);
		if (*end == '\0' && n >= 0 && n <= 255) {
			*color = (int)n;
			return 0;
		}
	}
	return -1;
}

int ui_theme_attrs_by_name(const char *list, unsigned *attrs)
{
	static const struct {
		const char *name;
		unsigned bit;
	} names[] = {
		{ "normal", 0 },
		{ "bold", UI_ATTR_BOLD },
		{ "reverse", UI_ATTR_REVERSE },
		{ "underline", UI_ATTR_UNDERLINE },
		{ "dim", UI_ATTR_DIM },
		{ "standout", UI_ATTR_STANDOUT },
	};
	unsigned a = 0;
	const char *p = list;

	while (*p) {
		size_t len = strcspn(p, ",|"), i;
		bool found = false;
		for (i = 0; i < sizeof names / sizeof names[0]; i++)
			if (strlen(names[i].name) == len && strncasecmp(p, names[i].name, len) == 0) {
				a |= names[i].bit;
				found = true;
			}
		if (!found)
			return -1;
		p += len;
		if (*p)
			p++;
	}
	*attrs = a;
	return 0;
}

int ui_theme_color(struct ui_theme *t, int argc, char **argv, char *err, size_t errlen)
{
	int role, fg, bg;
	unsigned attrs = 0;

	if (argc < 4 || argc > 5) {
		snprintf(err, errlen, "%s", _("usage: color ROLE FG BG [ATTRS]"));
		return -1;
	}
	role = ui_theme_role_by_name(argv[1]);
	if (role < 0) {
		snprintf(err, errlen, _("unknown role '%s'"), argv[1]);
		return -1;
	}
	if (ui_theme_color_by_name(argv[2], &fg) < 0) {
		snprintf(err, errlen, _("unknown colour '%s'"), argv[2]);
		return -1;
	}
	if (ui_theme_color_by_name(argv[3], &bg) < 0) {
		snprintf(err, errlen, _("unknown colour '%s'"), argv[3]);
		return -1;
	}
	if (argc == 5 && ui_theme_attrs_by_name(argv[4], &attrs) < 0) {
		snprintf(err, errlen, _("unknown attribute in '%s'"), argv[4]);
		return -1;
	}
	t->roles[role].fg = fg;
	t->roles[role].bg = bg;
	t->roles[role].attrs = attrs;
	t->roles[role].set = true;
	return 0;
}

bool ui_theme_has_color(const struct ui_theme *t)
{
	int i;

	for (i = 0; i < UI_ROLE_COUNT; i++)
		if (t->roles[i].fg != UI_COLOR_DEFAULT || t->roles[i].bg != UI_COLOR_DEFAULT)
			return true;
	return false;
}

void ui_theme_style(const struct ui_theme *t, int role, bool use_color, int *fg, int *bg,
                    unsigned *attrs)
{
	const struct ui_role_style *s;

	if (role < 0 || role >= UI_ROLE_COUNT)
		role = UI_ROLE_NORMAL;
	s = &t->roles[role];
	*fg = *bg = UI_COLOR_DEFAULT;
	if (!ui_theme_has_color(t)) {
		/* An attribute-only theme: its lines are the look. */
		*attrs = s->attrs;
		return;
	}
	if (!use_color) {
		*attrs = mono_attrs[role];
		return;
	}
	*fg = s->fg;
	*bg = s->bg;
	*attrs = s->attrs;
}
