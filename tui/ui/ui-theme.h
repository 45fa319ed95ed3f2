/*
 * ui-theme — semantic roles and how each is drawn.
 *
 * Everything on screen is drawn in a role (header, selected row, error...),
 * never in a raw colour.  Every role has an attributes-only form, fixed here
 * and used with NO_COLOR, on terminals without colour and by attribute-only
 * themes; a theme's `color ROLE FG BG [ATTRS]` lines are an overlay used only
 * when colour is on.  Themes are text in the config language (the themes/NAME.theme
 * files, and the two built in: default and mono), read by the same command
 * parser as the config file.
 *
 * No curses here: attributes are the UI_ATTR_* bits below and colours are
 * numbers (-1 the terminal's default, 0-7 the basic colours, up to 255);
 * ui-screen maps them to the terminal.
 */
#ifndef GOVDX_UI_THEME_H
#define GOVDX_UI_THEME_H

#include <stdbool.h>
#include <stddef.h>

enum ui_role {
	UI_ROLE_NORMAL = 0,
	UI_ROLE_HEADER,    /* the top line */
	UI_ROLE_CRUMBS,    /* 国家 › 河北省 › ... */
	UI_ROLE_STATUS,    /* status line */
	UI_ROLE_ERROR,     /* error messages */
	UI_ROLE_WARN,      /* warnings, disconnected state */
	UI_ROLE_OK,        /* connected state */
	UI_ROLE_SELECTED,  /* cursor row in the focused pane */
	UI_ROLE_CURSOR,    /* cursor row in a pane without focus */
	UI_ROLE_TAGGED,    /* tagged rows */
	UI_ROLE_DIM,       /* secondary text: counts, codes, hints */
	UI_ROLE_TITLE,     /* pane and section titles */
	UI_ROLE_LABEL,     /* field labels in detail views */
	UI_ROLE_KEY,       /* key names in help and hints */
	UI_ROLE_DISPUTED,  /* entries under an accepted objection */
	UI_ROLE_BORDER,    /* pane separators */
	UI_ROLE_COMMAND,   /* the command line */
	UI_ROLE_DUE_SOON,  /* a deadline within two working days */
	UI_ROLE_OVERDUE,   /* a deadline that has passed */
	UI_ROLE_NEW,       /* rows that arrived or changed live, until looked at */
	UI_ROLE_COUNT
};

#define UI_ATTR_BOLD 0x01u
#define UI_ATTR_REVERSE 0x02u
#define UI_ATTR_UNDERLINE 0x04u
#define UI_ATTR_DIM 0x08u
#define UI_ATTR_STANDOUT 0x10u

#define UI_COLOR_DEFAULT (-1)

struct ui_role_style {
	int fg, bg;         /* UI_COLOR_DEFAULT or 0..255 */
	unsigned attrs;     /* attributes with colour */
	bool set;           /* a color line gave this role */
};

struct ui_theme {
	char name[64];
	struct ui_role_style roles[UI_ROLE_COUNT];
};

/* An empty theme: every role in its attributes-only form. */
void ui_theme_reset(struct ui_theme *t, const char *name);

/* The built-in theme text of "default" or "mono" (NULL for other names). */
const char *ui_theme_builtin(const char *name);

/* Applies one `color ROLE FG BG [ATTRS]` command (argv[0] is "color").
 * ATTRS is a comma-separated list of bold, reverse, underline, dim,
 * standout, normal.  Returns 0, or -1 with a message in err. */
int ui_theme_color(struct ui_theme *t, int argc, char **argv, char *err, size_t errlen);

/* How to draw a role.  use_color false (NO_COLOR, no colours, or a theme
 * that sets no colour): the attributes-only form, and *fg = *bg = default.
 * A theme that gives only default colours is an attributes-only theme whose
 * color lines set the attributes. */
void ui_theme_style(const struct ui_theme *t, int role, bool use_color, int *fg, int *bg,
                    unsigned *attrs);

/* true if any role of the theme has a colour other than the default. */
bool ui_theme_has_color(const struct ui_theme *t);

int ui_theme_role_by_name(const char *name); /* -1 if unknown */
const char *ui_theme_role_name(int role);
int ui_theme_color_by_name(const char *name, int *color); /* 0 or -1 */
int ui_theme_attrs_by_name(const char *list, unsigned *attrs); /* 0 or -1 */

#endif /* GOVDX_UI_THEME_H */
