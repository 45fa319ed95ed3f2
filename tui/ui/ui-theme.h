/*
 * ui-theme — semantic roles and how each is drawn.
 *
 * Everything on screen is drawn in a role (header, selected row, error, a
 * request's state...), never in a raw colour.  Every role has an
 * attributes-only form, fixed here and used with NO_COLOR (or --color=never),
 * on terminals without colour and by attribute-only themes; a theme's
 * `color ROLE FG BG [ATTRS]` lines are an overlay used only when colour is
 * on.  Themes are text in the config language (the themes/NAME.theme files,
 * and the same six built in: default, dark-256, light, high-contrast, mono,
 * cb-safe), read by the same command parser as the config file; the file
 * format is govdx-theme(5).  A state is always a word too: no role tells
 * anything by colour alone.
 *
 * No curses here: attributes are the UI_ATTR_* bits below and colours are
 * numbers (-1 the terminal's default, 0-255 the palette, UI_COLOR_RGB a
 * #rrggbb colour); ui_theme_nearest maps them to what a terminal has and
 * ui-screen hands that to curses.
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
	UI_ROLE_DEADLINE_OK, /* a deadline with time to spare */
	/* A request's or an objection's state, as a word in its role (the
	 * service's value "pending" is the role state_pending). */
	UI_ROLE_STATE_PENDING,
	UI_ROLE_STATE_APPROVED,
	UI_ROLE_STATE_REJECTED,
	UI_ROLE_STATE_RETURNED,
	UI_ROLE_STATE_WITHDRAWN,
	UI_ROLE_STATE_COORDINATING,
	UI_ROLE_STATE_CLOSED,
	UI_ROLE_STATE_RAISED,
	UI_ROLE_STATE_VERIFYING,
	UI_ROLE_STATE_DISMISSED,
	UI_ROLE_STATE_CORRECTED,
	UI_ROLE_STATE_UPHELD,
	/* catalog maintenance: what a revision adds and removes (a mark
	 * "+"/"-" says it too), and a retired (下架) entry */
	UI_ROLE_DIFF_ADD,
	UI_ROLE_DIFF_DEL,
	UI_ROLE_RETIRED,
	UI_ROLE_COUNT
};

#define UI_ATTR_BOLD 0x01u
#define UI_ATTR_REVERSE 0x02u
#define UI_ATTR_UNDERLINE 0x04u
#define UI_ATTR_DIM 0x08u
#define UI_ATTR_STANDOUT 0x10u

#define UI_COLOR_DEFAULT (-1)
/* A #rrggbb colour, told from a palette number by its flag bit. */
#define UI_COLOR_RGB_FLAG 0x1000000
#define UI_COLOR_RGB(r, g, b) (UI_COLOR_RGB_FLAG | (r) << 16 | (g) << 8 | (b))
/* A terminal with this many colours or more takes 24-bit colours directly
 * (terminfo's direct-colour entries, such as xterm-direct). */
#define UI_COLORS_DIRECT 0x1000000

struct ui_role_style {
	int fg, bg;         /* UI_COLOR_DEFAULT, 0..255 or UI_COLOR_RGB */
	unsigned attrs;     /* attributes with colour */
	bool set;           /* a color line gave this role */
};

struct ui_theme {
	char name[64];
	struct ui_role_style roles[UI_ROLE_COUNT];
};

/* An empty theme: every role in its attributes-only form. */
void ui_theme_reset(struct ui_theme *t, const char *name);

/* The built-in theme text of a name (NULL for other names): the same as
 * the installed themes/NAME.theme, so the console looks right uninstalled. */
const char *ui_theme_builtin(const char *name);
/* The built-in themes' names, NULL-terminated, in alphabetical order. */
const char *const *ui_theme_builtin_names(void);

/* Applies one `color ROLE FG BG [ATTRS]` command (argv[0] is "color").
 * FG and BG as ui_theme_color_by_name reads them; ATTRS is a comma-separated
 * list of bold, reverse, underline, dim, standout, normal.  Returns 0, or -1
 * with a message in err. */
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
/* The role of a case's state as the service names it ("approved":
 * UI_ROLE_STATE_APPROVED); UI_ROLE_NORMAL for a state with no role. */
int ui_theme_state_role(const char *state);
/* A colour: default, a name (black, red, green, yellow, blue, magenta,
 * cyan, white, and brightblack ... brightwhite for 8-15), a number 0-255
 * (or colorN, colourN), or #rrggbb.  Returns 0, or -1 if it is none. */
int ui_theme_color_by_name(const char *name, int *color);
int ui_theme_attrs_by_name(const char *list, unsigned *attrs); /* 0 or -1 */

/* The colour a terminal with ncolors colours (curses' COLORS) shows for a
 * theme's colour: UI_COLOR_DEFAULT stays; a palette number the terminal
 * has stays; otherwise the nearest it has — in the 6x6x6 cube or the
 * greys of a 256-colour terminal, among the 16 or 8 basic colours of a
 * smaller one (8-15 become 0-7 there).  A direct-colour terminal
 * (UI_COLORS_DIRECT or more) gets 0-7 as they are and anything else as
 * 0xRRGGBB.  Without colours (ncolors < 8): UI_COLOR_DEFAULT. */
int ui_theme_nearest(int color, int ncolors);

/* Whether to draw in colour, as the user said it. */
enum ui_color_mode {
	UI_COLOR_AUTO,   /* if the terminal has colours */
	UI_COLOR_NEVER,  /* attributes only */
	UI_COLOR_ALWAYS, /* colours even where the environment says none */
};
/* Decides the mode: --color's value (option, NULL when not given: auto,
 * always or never) beats the environment; then NO_COLOR (set and not
 * empty: never) beats CLICOLOR_FORCE (set, not empty and not "0": always),
 * which beats CLICOLOR=0 (never); else auto.  Returns 0, or -1 for an
 * option value that is none of the three. */
int ui_theme_color_mode(const char *option, const char *no_color, const char *clicolor,
                        const char *clicolor_force, enum ui_color_mode *mode);

#endif /* GOVDX_UI_THEME_H */
