/*
 * ui-theme — roles, their attributes-only forms, the color overlay and the
 * colours a terminal has (see ui-theme.h).
 *
 * The attributes-only table below is the monochrome look, chosen so that
 * every role stays distinguishable with bold/reverse/underline alone (htop
 * and ncdu do the same): the header and the cursor row are reversed,
 * titles and errors bold, secondary text dim.  The states follow one rule:
 * bold waits for a decision (pending, raised), underlined is under way
 * (returned, coordinating, verifying), dim ended without one (withdrawn,
 * closed), plain is decided.
 *
 * The nearest colour: a #rrggbb colour (or a palette number a terminal
 * lacks) becomes the closest one the terminal has — on 256 colours the
 * closer, in RGB, of the 6x6x6 cube's and the grey ramp's (tmux's way); on
 * 16 or 8 the basic colour (xterm's RGB values) closest in lightness and
 * hue, so that greys stay grey.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "i18n.h"
#include "ui-theme.h"

static const char *const role_names[UI_ROLE_COUNT] = {
	[UI_ROLE_NORMAL] = "normal",
	[UI_ROLE_HEADER] = "header",
	[UI_ROLE_CRUMBS] = "crumbs",
	[UI_ROLE_STATUS] = "status",
	[UI_ROLE_ERROR] = "error",
	[UI_ROLE_WARN] = "warn",
	[UI_ROLE_OK] = "ok",
	[UI_ROLE_SELECTED] = "selected",
	[UI_ROLE_CURSOR] = "cursor",
	[UI_ROLE_TAGGED] = "tagged",
	[UI_ROLE_DIM] = "dim",
	[UI_ROLE_TITLE] = "title",
	[UI_ROLE_LABEL] = "label",
	[UI_ROLE_KEY] = "key",
	[UI_ROLE_DISPUTED] = "disputed",
	[UI_ROLE_BORDER] = "border",
	[UI_ROLE_COMMAND] = "command",
	[UI_ROLE_DUE_SOON] = "due_soon",
	[UI_ROLE_OVERDUE] = "overdue",
	[UI_ROLE_NEW] = "new",
	[UI_ROLE_DEADLINE_OK] = "deadline_ok",
	[UI_ROLE_STATE_PENDING] = "state_pending",
	[UI_ROLE_STATE_APPROVED] = "state_approved",
	[UI_ROLE_STATE_REJECTED] = "state_rejected",
	[UI_ROLE_STATE_RETURNED] = "state_returned",
	[UI_ROLE_STATE_WITHDRAWN] = "state_withdrawn",
	[UI_ROLE_STATE_COORDINATING] = "state_coordinating",
	[UI_ROLE_STATE_CLOSED] = "state_closed",
	[UI_ROLE_STATE_RAISED] = "state_raised",
	[UI_ROLE_STATE_VERIFYING] = "state_verifying",
	[UI_ROLE_STATE_DISMISSED] = "state_dismissed",
	[UI_ROLE_STATE_CORRECTED] = "state_corrected",
	[UI_ROLE_STATE_UPHELD] = "state_upheld",
	[UI_ROLE_DIFF_ADD] = "diff_add",
	[UI_ROLE_DIFF_DEL] = "diff_del",
	[UI_ROLE_RETIRED] = "retired",
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
	[UI_ROLE_DEADLINE_OK] = 0,
	[UI_ROLE_STATE_PENDING] = UI_ATTR_BOLD,
	[UI_ROLE_STATE_APPROVED] = 0,
	[UI_ROLE_STATE_REJECTED] = 0,
	[UI_ROLE_STATE_RETURNED] = UI_ATTR_UNDERLINE,
	[UI_ROLE_STATE_WITHDRAWN] = UI_ATTR_DIM,
	[UI_ROLE_STATE_COORDINATING] = UI_ATTR_UNDERLINE,
	[UI_ROLE_STATE_CLOSED] = UI_ATTR_DIM,
	[UI_ROLE_STATE_RAISED] = UI_ATTR_BOLD,
	[UI_ROLE_STATE_VERIFYING] = UI_ATTR_UNDERLINE,
	[UI_ROLE_STATE_DISMISSED] = 0,
	[UI_ROLE_STATE_CORRECTED] = 0,
	[UI_ROLE_STATE_UPHELD] = 0,
	[UI_ROLE_DIFF_ADD] = UI_ATTR_BOLD,
	[UI_ROLE_DIFF_DEL] = UI_ATTR_UNDERLINE,
	[UI_ROLE_RETIRED] = UI_ATTR_DIM | UI_ATTR_UNDERLINE,
};

/* The built-in themes: kept identical to themes/NAME.theme (a unit test
 * compares them), so the console looks right before it is installed. */
static const char builtin_cb_safe[] =
	"# govdx cb-safe theme: safe for colour-blind readers (protanopia,\n"
	"# deuteranopia, tritanopia).  The Okabe-Ito palette: orange #e69f00, sky\n"
	"# blue #56b4e9, bluish green #009e73, yellow #f0e442, blue #0072b2,\n"
	"# vermillion #d55e00, reddish purple #cc79a7.  Good and bad are blue and\n"
	"# orange, never red and green, and every state keeps its word and its\n"
	"# attributes.  For a dark background; each colour becomes the nearest one\n"
	"# the terminal has.\n"
	"# One line per role: color ROLE FG BG [ATTRS]; see govdx-theme(5).\n"
	"# A #rrggbb colour is quoted: outside quotes, # begins a comment.\n"
	"color normal             default   default\n"
	"color header             \"#000000\" \"#56b4e9\" bold\n"
	"color crumbs             \"#56b4e9\" default   bold\n"
	"color status             default   default\n"
	"color error              \"#d55e00\" default   bold\n"
	"color warn               \"#e69f00\" default   bold,underline\n"
	"color ok                 \"#56b4e9\" default\n"
	"color selected           \"#000000\" \"#f0e442\"\n"
	"color cursor             default   default   underline\n"
	"color tagged             \"#f0e442\" default   bold\n"
	"color dim                default   default   dim\n"
	"color title              \"#e69f00\" default   bold\n"
	"color label              \"#56b4e9\" default\n"
	"color key                \"#f0e442\" default   bold\n"
	"color disputed           \"#cc79a7\" default   bold,underline\n"
	"color border             \"#0072b2\" default\n"
	"color command            default   default\n"
	"color deadline_ok        \"#56b4e9\" default\n"
	"color due_soon           \"#e69f00\" default   bold\n"
	"color overdue            \"#ffffff\" \"#d55e00\" bold\n"
	"color new                \"#f0e442\" default   bold,underline\n"
	"# request states\n"
	"color state_pending      \"#e69f00\" default   bold\n"
	"color state_approved     \"#56b4e9\" default\n"
	"color state_rejected     \"#d55e00\" default\n"
	"color state_returned     \"#cc79a7\" default   underline\n"
	"color state_withdrawn    default   default   dim\n"
	"color state_coordinating \"#009e73\" default   underline\n"
	"color state_closed       default   default   dim\n"
	"# objection states\n"
	"color state_raised       \"#e69f00\" default   bold\n"
	"color state_verifying    \"#009e73\" default   underline\n"
	"color state_dismissed    \"#d55e00\" default\n"
	"color state_corrected    \"#56b4e9\" default\n"
	"color state_upheld       \"#0072b2\" default\n"
	"# catalog maintenance\n"
	"color diff_add           \"#56b4e9\" default   bold\n"
	"color diff_del           \"#e69f00\" default   underline\n"
	"color retired            default   default   dim,underline\n";

static const char builtin_dark_256[] =
	"# govdx dark-256 theme: 256 colours for a dark background.  On a terminal\n"
	"# with 8 or 16 colours each colour becomes the nearest one it has.\n"
	"# One line per role: color ROLE FG BG [ATTRS]; see govdx-theme(5).\n"
	"color normal             252     default\n"
	"color header             231     24      bold\n"
	"color crumbs             117     default bold\n"
	"color status             250     default\n"
	"color error              203     default bold\n"
	"color warn               214     default bold\n"
	"color ok                 114     default\n"
	"color selected           16      117\n"
	"color cursor             default 236     underline\n"
	"color tagged             222     default bold\n"
	"color dim                244     default\n"
	"color title              180     default bold\n"
	"color label              110     default\n"
	"color key                150     default bold\n"
	"color disputed           176     default bold,underline\n"
	"color border             240     default\n"
	"color command            255     default\n"
	"color deadline_ok        114     default\n"
	"color due_soon           214     default bold\n"
	"color overdue            231     160     bold\n"
	"color new                156     default bold\n"
	"# request states\n"
	"color state_pending      222     default bold\n"
	"color state_approved     114     default\n"
	"color state_rejected     203     default\n"
	"color state_returned     176     default underline\n"
	"color state_withdrawn    244     default\n"
	"color state_coordinating 117     default underline\n"
	"color state_closed       244     default\n"
	"# objection states\n"
	"color state_raised       222     default bold\n"
	"color state_verifying    117     default underline\n"
	"color state_dismissed    203     default\n"
	"color state_corrected    114     default\n"
	"color state_upheld       110     default\n"
	"# catalog maintenance\n"
	"color diff_add           114     default bold\n"
	"color diff_del           174     default underline\n"
	"color retired            244     default underline\n";

static const char builtin_default[] =
	"# govdx default theme: the basic eight colours over the attribute-only look,\n"
	"# for any colour terminal (xterm, the linux console, tmux, screen).\n"
	"# One line per role: color ROLE FG BG [ATTRS]; see govdx-theme(5).\n"
	"color normal             default default\n"
	"color header             white   blue    bold\n"
	"color crumbs             cyan    default bold\n"
	"color status             default default\n"
	"color error              red     default bold\n"
	"color warn               yellow  default bold\n"
	"color ok                 green   default\n"
	"color selected           black   cyan\n"
	"color cursor             default default underline\n"
	"color tagged             yellow  default bold\n"
	"color dim                default default dim\n"
	"color title              yellow  default bold\n"
	"color label              cyan    default\n"
	"color key                green   default bold\n"
	"color disputed           magenta default bold\n"
	"color border             blue    default\n"
	"color command            default default\n"
	"color deadline_ok        default default\n"
	"color due_soon           yellow  default bold\n"
	"color overdue            red     default bold,reverse\n"
	"color new                green   default bold\n"
	"# request states\n"
	"color state_pending      cyan    default bold\n"
	"color state_approved     green   default\n"
	"color state_rejected     red     default\n"
	"color state_returned     magenta default underline\n"
	"color state_withdrawn    default default dim\n"
	"color state_coordinating yellow  default underline\n"
	"color state_closed       default default dim\n"
	"# objection states\n"
	"color state_raised       cyan    default bold\n"
	"color state_verifying    yellow  default underline\n"
	"color state_dismissed    red     default\n"
	"color state_corrected    green   default\n"
	"color state_upheld       magenta default\n"
	"# catalog maintenance\n"
	"color diff_add           green   default bold\n"
	"color diff_del           red     default underline\n"
	"color retired            default default dim,underline\n";

static const char builtin_high_contrast[] =
	"# govdx high-contrast theme: bright white on black everywhere, the strongest\n"
	"# colours and bold for everything that matters; for low vision, glare and\n"
	"# projectors.  It paints its own black background.\n"
	"# One line per role: color ROLE FG BG [ATTRS]; see govdx-theme(5).\n"
	"color normal             brightwhite   black        normal\n"
	"color header             black         brightwhite  bold\n"
	"color crumbs             brightyellow  black        bold\n"
	"color status             brightwhite   black        bold\n"
	"color error              brightwhite   red          bold\n"
	"color warn               black         brightyellow bold\n"
	"color ok                 brightgreen   black        bold\n"
	"color selected           black         brightyellow bold\n"
	"color cursor             brightwhite   black        bold,underline\n"
	"color tagged             brightcyan    black        bold,underline\n"
	"color dim                white         black        normal\n"
	"color title              brightwhite   black        bold,underline\n"
	"color label              brightcyan    black        bold\n"
	"color key                brightyellow  black        bold\n"
	"color disputed           brightmagenta black        bold,underline\n"
	"color border             brightwhite   black        normal\n"
	"color command            brightwhite   black        bold\n"
	"color deadline_ok        brightwhite   black        normal\n"
	"color due_soon           brightyellow  black        bold,underline\n"
	"color overdue            brightwhite   red          bold\n"
	"color new                brightgreen   black        bold,underline\n"
	"# request states\n"
	"color state_pending      brightyellow  black        bold\n"
	"color state_approved     brightgreen   black        normal\n"
	"color state_rejected     brightred     black        normal\n"
	"color state_returned     brightmagenta black        underline\n"
	"color state_withdrawn    white         black        normal\n"
	"color state_coordinating brightcyan    black        underline\n"
	"color state_closed       white         black        normal\n"
	"# objection states\n"
	"color state_raised       brightyellow  black        bold\n"
	"color state_verifying    brightcyan    black        underline\n"
	"color state_dismissed    brightred     black        normal\n"
	"color state_corrected    brightgreen   black        normal\n"
	"color state_upheld       brightcyan    black        normal\n"
	"# catalog maintenance\n"
	"color diff_add           brightgreen   black        bold\n"
	"color diff_del           brightred     black        underline\n"
	"color retired            white         black        underline\n";

static const char builtin_light[] =
	"# govdx light theme: dark text for a light (white or pale) background, in\n"
	"# 256 colours; on a terminal with 8 or 16 the nearest ones it has.\n"
	"# One line per role: color ROLE FG BG [ATTRS]; see govdx-theme(5).\n"
	"# A #rrggbb colour is quoted: outside quotes, # begins a comment.\n"
	"color normal             default   default\n"
	"color header             \"#ffffff\" \"#005f87\" bold\n"
	"color crumbs             \"#005f87\" default   bold\n"
	"color status             \"#303030\" default\n"
	"color error              \"#af0000\" default   bold\n"
	"color warn               \"#875f00\" default   bold\n"
	"color ok                 \"#005f00\" default\n"
	"color selected           \"#000000\" \"#afd7ff\"\n"
	"color cursor             default   \"#e4e4e4\" underline\n"
	"color tagged             \"#875f00\" default   bold\n"
	"color dim                \"#6c6c6c\" default\n"
	"color title              \"#5f0087\" default   bold\n"
	"color label              \"#005f87\" default\n"
	"color key                \"#005f00\" default   bold\n"
	"color disputed           \"#870087\" default   bold,underline\n"
	"color border             \"#8a8a8a\" default\n"
	"color command            \"#000000\" default\n"
	"color deadline_ok        \"#005f00\" default\n"
	"color due_soon           \"#875f00\" default   bold\n"
	"color overdue            \"#ffffff\" \"#af0000\" bold\n"
	"color new                \"#005f00\" default   bold\n"
	"# request states\n"
	"color state_pending      \"#875f00\" default   bold\n"
	"color state_approved     \"#005f00\" default\n"
	"color state_rejected     \"#af0000\" default\n"
	"color state_returned     \"#870087\" default   underline\n"
	"color state_withdrawn    \"#6c6c6c\" default\n"
	"color state_coordinating \"#005f87\" default   underline\n"
	"color state_closed       \"#6c6c6c\" default\n"
	"# objection states\n"
	"color state_raised       \"#875f00\" default   bold\n"
	"color state_verifying    \"#005f87\" default   underline\n"
	"color state_dismissed    \"#af0000\" default\n"
	"color state_corrected    \"#005f00\" default\n"
	"color state_upheld       \"#00005f\" default\n"
	"# catalog maintenance\n"
	"color diff_add           \"#005f00\" default bold\n"
	"color diff_del           \"#870000\" default underline\n"
	"color retired            \"#6c6c6c\" default underline\n";

static const char builtin_mono[] =
	"# govdx mono theme: attributes only, no colour (the look every theme has\n"
	"# with NO_COLOR or on a terminal without colour).\n"
	"# One line per role: color ROLE FG BG [ATTRS]; see govdx-theme(5).\n"
	"color normal             default default normal\n"
	"color header             default default reverse\n"
	"color crumbs             default default bold\n"
	"color status             default default normal\n"
	"color error              default default bold\n"
	"color warn               default default bold,underline\n"
	"color ok                 default default normal\n"
	"color selected           default default reverse\n"
	"color cursor             default default underline\n"
	"color tagged             default default bold\n"
	"color dim                default default dim\n"
	"color title              default default bold,underline\n"
	"color label              default default bold\n"
	"color key                default default bold\n"
	"color disputed           default default bold,underline\n"
	"color border             default default normal\n"
	"color command            default default normal\n"
	"color deadline_ok        default default normal\n"
	"color due_soon           default default bold\n"
	"color overdue            default default bold,reverse\n"
	"color new                default default bold,underline\n"
	"# request states\n"
	"color state_pending      default default bold\n"
	"color state_approved     default default normal\n"
	"color state_rejected     default default normal\n"
	"color state_returned     default default underline\n"
	"color state_withdrawn    default default dim\n"
	"color state_coordinating default default underline\n"
	"color state_closed       default default dim\n"
	"# objection states\n"
	"color state_raised       default default bold\n"
	"color state_verifying    default default underline\n"
	"color state_dismissed    default default normal\n"
	"color state_corrected    default default normal\n"
	"color state_upheld       default default normal\n"
	"# catalog maintenance\n"
	"color diff_add           default default bold\n"
	"color diff_del           default default underline\n"
	"color retired            default default dim,underline\n";

static const struct {
	const char *name;
	const char *text;
} builtins[] = {
	{ "cb-safe", builtin_cb_safe },
	{ "dark-256", builtin_dark_256 },
	{ "default", builtin_default },
	{ "high-contrast", builtin_high_contrast },
	{ "light", builtin_light },
	{ "mono", builtin_mono },
};

#define N_BUILTINS (sizeof builtins / sizeof builtins[0])

const char *ui_theme_builtin(const char *name)
{
	size_t i;

	for (i = 0; i < N_BUILTINS; i++)
		if (strcmp(name, builtins[i].name) == 0)
			return builtins[i].text;
	return NULL;
}

const char *const *ui_theme_builtin_names(void)
{
	static const char *const names[N_BUILTINS + 1] = {
		"cb-safe", "dark-256", "default", "high-contrast", "light", "mono", NULL,
	};

	return names;
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

int ui_theme_state_role(const char *state)
{
	int i;

	if (!state)
		return UI_ROLE_NORMAL;
	for (i = UI_ROLE_STATE_PENDING; i <= UI_ROLE_STATE_UPHELD; i++)
		if (strcmp(role_names[i] + strlen("state_"), state) == 0)
			return i;
	return UI_ROLE_NORMAL;
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int ui_theme_color_by_name(const char *name, int *color)
{
	static const char *const basic[] = { "black", "red",     "green", "yellow",
		                             "blue",  "magenta", "cyan",  "white" };
	const char *num = name;
	size_t i;
	char *end;
	long n;

	if (strcasecmp(name, "default") == 0) {
		*color = UI_COLOR_DEFAULT;
		return 0;
	}
	for (i = 0; i < sizeof basic / sizeof basic[0]; i++) {
		if (strcasecmp(name, basic[i]) == 0) {
			*color = (int)i;
			return 0;
		}
		if (strncasecmp(name, "bright", 6) == 0 && strcasecmp(name + 6, basic[i]) == 0) {
			*color = (int)i + 8;
			return 0;
		}
	}
	if (name[0] == '#' && strlen(name) == 7) {
		int v = 0;
		for (i = 1; i < 7; i++) {
			int d = hex_digit(name[i]);
			if (d < 0)
				return -1;
			v = v << 4 | d;
		}
		*color = UI_COLOR_RGB_FLAG | v;
		return 0;
	}
	if (strncasecmp(name, "colour", 6) == 0)
		num = name + 6;
	else if (strncasecmp(name, "color", 5) == 0)
		num = name + 5;
	if (*num >= '0' && *num <= '9') {
		n = strtol(num, &end, 10);
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

/* ---- the nearest colour ------------------------------------------------ */

/* The 16 basic colours as xterm draws them by default. */
static const int basic_rgb[16] = {
	0x000000, 0xcd0000, 0x00cd00, 0xcdcd00, 0x0000ee, 0xcd00cd, 0x00cdcd, 0xe5e5e5,
	0x7f7f7f, 0xff0000, 0x00ff00, 0xffff00, 0x5c5cff, 0xff00ff, 0x00ffff, 0xffffff,
};
/* The levels of each channel in the 6x6x6 cube (16-231). */
static const int cube_level[6] = { 0x00, 0x5f, 0x87, 0xaf, 0xd7, 0xff };

/* 0xRRGGBB of a palette number 0-255. */
static int palette_rgb(int n)
{
	if (n < 16)
		return basic_rgb[n];
	if (n < 232) {
		n -= 16;
		return cube_level[n / 36] << 16 | cube_level[n / 6 % 6] << 8 | cube_level[n % 6];
	}
	n = 8 + 10 * (n - 232);
	return n << 16 | n << 8 | n;
}

static int rgb_distance(int a, int b)
{
	int dr = (a >> 16 & 0xff) - (b >> 16 & 0xff), dg = (a >> 8 & 0xff) - (b >> 8 & 0xff),
	    db = (a & 0xff) - (b & 0xff);

	return dr * dr + dg * dg + db * db;
}

/* The cube level nearest to a channel value. */
static int cube_index(int v)
{
	if (v < 48)
		return 0;
	if (v < 115)
		return 1;
	return (v - 35) / 40;
}

/* The nearest of the 240 colours 16-255 of a 256-colour terminal. */
static int nearest_256(int rgb)
{
	int r = rgb >> 16 & 0xff, g = rgb >> 8 & 0xff, b = rgb & 0xff;
	int qr = cube_index(r), qg = cube_index(g), qb = cube_index(b);
	int cube = cube_level[qr] << 16 | cube_level[qg] << 8 | cube_level[qb];
	int avg = (r + g + b) / 3, gi = avg > 238 ? 23 : avg < 8 ? 0 : (avg - 3) / 10;
	int grey = 8 + 10 * gi;

	if (cube == rgb)
		return 16 + 36 * qr + 6 * qg + qb;
	if (rgb_distance(grey << 16 | grey << 8 | grey, rgb) < rgb_distance(cube, rgb))
		return 232 + gi;
	return 16 + 36 * qr + 6 * qg + qb;
}

/* How far apart two colours look, roughly: by lightness (luma) and two
 * opponent axes, red-green and yellow-blue.  Plain RGB distance would make
 * a mid grey yellow on eight colours; this keeps greys grey. */
static long long look_distance(int a, int b)
{
	long long ar = a >> 16 & 0xff, ag = a >> 8 & 0xff, ab = a & 0xff;
	long long br = b >> 16 & 0xff, bg = b >> 8 & 0xff, bb = b & 0xff;
	long long dy = 299 * (ar - br) + 587 * (ag - bg) + 114 * (ab - bb);
	long long d1 = 1000 * ((ar - ag) - (br - bg));
	long long d2 = 500 * ((ar + ag) - (br + bg)) - 1000 * (ab - bb);

	return dy * dy + d1 * d1 + d2 * d2;
}

/* The nearest of the first n (8 or 16) basic colours. */
static int nearest_basic(int rgb, int n)
{
	int i, best = 0;
	long long d, bestd = -1;

	for (i = 0; i < n; i++) {
		d = look_distance(basic_rgb[i], rgb);
		if (bestd < 0 || d < bestd) {
			best = i;
			bestd = d;
		}
	}
	return best;
}

int ui_theme_nearest(int color, int ncolors)
{
	int rgb;

	if (color == UI_COLOR_DEFAULT || ncolors < 8)
		return UI_COLOR_DEFAULT;
	if (!(color & UI_COLOR_RGB_FLAG)) {
		if (color < 0 || color > 255)
			return UI_COLOR_DEFAULT;
		if (ncolors >= UI_COLORS_DIRECT)
			return color < 8 ? color : palette_rgb(color);
		if (color < ncolors && (color < 16 || ncolors >= 256))
			return color;
		if (color < 16)
			return color - 8; /* bright on a terminal of eight */
	}
	rgb = color & 0xffffff;
	if (!(color & UI_COLOR_RGB_FLAG))
		rgb = palette_rgb(color);
	if (ncolors >= UI_COLORS_DIRECT)
		return rgb < 8 ? 8 : rgb; /* 0-7 would be read as basic colours */
	if (ncolors >= 256)
		return nearest_256(rgb);
	return nearest_basic(rgb, ncolors >= 16 ? 16 : 8);
}

/* ---- colour or not ----------------------------------------------------- */

int ui_theme_color_mode(const char *option, const char *no_color, const char *clicolor,
                        const char *clicolor_force, enum ui_color_mode *mode)
{
	if (option) {
		if (strcmp(option, "auto") == 0)
			*mode = UI_COLOR_AUTO;
		else if (strcmp(option, "always") == 0)
			*mode = UI_COLOR_ALWAYS;
		else if (strcmp(option, "never") == 0)
			*mode = UI_COLOR_NEVER;
		else
			return -1;
		return 0;
	}
	if (no_color && *no_color)
		*mode = UI_COLOR_NEVER;
	else if (clicolor_force && *clicolor_force && strcmp(clicolor_force, "0") != 0)
		*mode = UI_COLOR_ALWAYS;
	else if (clicolor && strcmp(clicolor, "0") == 0)
		*mode = UI_COLOR_NEVER;
	else
		*mode = UI_COLOR_AUTO;
	return 0;
}
