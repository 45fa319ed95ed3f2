/*
 * ui-screen — terminal setup, keys and painting with ncursesw (see
 * ui-screen.h).
 *
 * Colour pairs are allocated on first use per (fg, bg) combination of the
 * theme's roles, after each colour is made the nearest the terminal has
 * (ui_theme_nearest: the 256-colour cube and greys, the 16 or 8 basic
 * colours, or 24-bit on a direct-colour terminal).  Line-drawing cells are
 * drawn from the alternate character set (ACS_VLINE...), which works on
 * vt100 and linux consoles and never has an ambiguous width.
 */
#include "config.h"

#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <term.h>
#include <unistd.h>

#include "i18n.h"
#include "ui-keys.h"
#include "ui-screen.h"
#include "utf8.h"
#include "width.h"
#include "xalloc.h"

struct ui_screen {
	SCREEN *scr;
	bool can_color;      /* terminal has colours and colour is not off */
	bool use_color;      /* ... and the theme uses colour */
	attr_t role_attr[UI_ROLE_COUNT];
	short role_pair[UI_ROLE_COUNT];
	int pair_fg[256], pair_bg[256]; /* colours as the terminal takes them */
	int n_pairs;
};

int ui_screen_check_term(char *err, size_t errlen)
{
	const char *term = getenv("TERM");
	int e = 0;

	if (!term || !*term) {
		snprintf(err, errlen, "%s",
		         _("TERM is not set: set it to your terminal type "
		           "(for example xterm-256color)"));
		return -1;
	}
	if (setupterm((char *)term, STDOUT_FILENO, &e) != OK) {
		if (e == 0)
			snprintf(err, errlen,
			         _("unknown terminal type '%s' (TERM): this system has no terminfo "
			           "entry for it; try TERM=xterm-256color or TERM=vt100"),
			         term);
		else if (e == 1)
			snprintf(err, errlen, _("terminal '%s' is a hardcopy terminal"), term);
		else
			snprintf(err, errlen, _("no terminfo database found for TERM=%s"), term);
		return -1;
	}
	{
		char *cup = tigetstr("cup");
		bool ok = cup && cup != (char *)-1;
		del_curterm(cur_term);
		if (!ok) {
			snprintf(err, errlen,
			         _("terminal '%s' (TERM) cannot move the cursor; a full-screen console "
			           "needs one that can (try TERM=vt100)"),
			         term);
			return -1;
		}
	}
	return 0;
}

/* Home and End as terminals send them whatever their terminfo entry says
 * (tmux, screen, rxvt, the linux console, xterm in either cursor mode):
 * known to curses, none of them begins with a bare Esc that means "back". */
static void define_home_end(void)
{
	static const struct {
		const char *seq;
		int key;
	} seqs[] = {
		{ "\033[1~", KEY_HOME }, { "\033[7~", KEY_HOME }, { "\033[H", KEY_HOME },
		{ "\033OH", KEY_HOME },  { "\033[4~", KEY_END },  { "\033[8~", KEY_END },
		{ "\033[F", KEY_END },   { "\033OF", KEY_END },
	};
	size_t i;

	for (i = 0; i < sizeof seqs / sizeof seqs[0]; i++)
		if (key_defined(seqs[i].seq) <= 0)
			define_key(seqs[i].seq, seqs[i].key);
}

struct ui_screen *ui_screen_new(enum ui_color_mode mode, char *err, size_t errlen)
{
	struct ui_screen *s = xcalloc(1, sizeof *s);

	s->scr = newterm(NULL, stdout, stdin);
	if (!s->scr) {
		snprintf(err, errlen, _("cannot start the terminal (TERM=%s)"),
		         getenv("TERM") ? getenv("TERM") : "");
		free(s);
		return NULL;
	}
	set_term(s->scr);
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(25);
	/* Every doupdate runs to its end: curses would otherwise stop an
	 * update half-way when a key is waiting and leave the rest for a
	 * frame that a key which changes nothing never asks for.  The loop
	 * reads every waiting key before it draws, so nothing is gained. */
	typeahead(-1);
	define_home_end();
	curs_set(0);
	leaveok(stdscr, FALSE);
	/* always and auto alike: curses sends colours only where terminfo
	 * says how, so "always" can add none to a terminal that has none. */
	if (mode != UI_COLOR_NEVER && has_colors() && start_color() == OK && COLORS >= 8) {
		use_default_colors();
		s->can_color = true;
	}
	return s;
}

void ui_screen_free(struct ui_screen *s)
{
	if (!s)
		return;
	curs_set(1);
	endwin();
	delscreen(s->scr);
	free(s);
}

void ui_screen_size(const struct ui_screen *s, int *rows, int *cols)
{
	(void)s;
	*rows = LINES;
	*cols = COLS;
}

void ui_screen_resize(struct ui_screen *s)
{
	struct winsize ws;

	(void)s;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0 &&
	    (ws.ws_row != LINES || ws.ws_col != COLS))
		resizeterm(ws.ws_row, ws.ws_col);
}

/* The pair of a theme's (fg, bg), each made a colour the terminal has. */
static short pair_for(struct ui_screen *s, int fg, int bg)
{
	int i;

	fg = ui_theme_nearest(fg, COLORS);
	bg = ui_theme_nearest(bg, COLORS);
	if (fg == UI_COLOR_DEFAULT && bg == UI_COLOR_DEFAULT)
		return 0;
	for (i = 1; i <= s->n_pairs; i++)
		if (s->pair_fg[i] == fg && s->pair_bg[i] == bg)
			return (short)i;
	if (s->n_pairs + 1 >= COLOR_PAIRS || s->n_pairs + 1 >= 256)
		return 0;
	i = ++s->n_pairs;
	s->pair_fg[i] = fg;
	s->pair_bg[i] = bg;
#if defined(NCURSES_EXT_COLORS) && NCURSES_EXT_COLORS
	/* A direct-colour terminal's 0xRRGGBB does not fit a short. */
	init_extended_pair(i, fg, bg);
#else
	init_pair((short)i, (short)fg, (short)bg);
#endif
	return (short)i;
}

static attr_t to_curses(unsigned a)
{
	attr_t r = A_NORMAL;

	if (a & UI_ATTR_BOLD)
		r |= A_BOLD;
	if (a & UI_ATTR_REVERSE)
		r |= A_REVERSE;
	if (a & UI_ATTR_UNDERLINE)
		r |= A_UNDERLINE;
	if (a & UI_ATTR_DIM)
		r |= A_DIM;
	if (a & UI_ATTR_STANDOUT)
		r |= A_STANDOUT;
	return r;
}

void ui_screen_set_theme(struct ui_screen *s, const struct ui_theme *t)
{
	int role;

	s->use_color = s->can_color && ui_theme_has_color(t);
	/* The pairs of the theme before are let go: switching themes again
	 * and again never runs out of them. */
	s->n_pairs = 0;
	for (role = 0; role < UI_ROLE_COUNT; role++) {
		int fg, bg;
		unsigned attrs;
		ui_theme_style(t, role, s->use_color, &fg, &bg, &attrs);
		s->role_attr[role] = to_curses(attrs);
		s->role_pair[role] = s->use_color ? pair_for(s, fg, bg) : 0;
	}
}

int ui_screen_colors(const struct ui_screen *s)
{
	return s->can_color ? COLORS : 0;
}

bool ui_screen_in_color(const struct ui_screen *s)
{
	return s->use_color;
}

void ui_screen_invalidate(struct ui_screen *s)
{
	(void)s;
	clearok(curscr, TRUE);
}

void ui_screen_render(struct ui_screen *s, const struct ui_canvas *c)
{
	int y, x;

	for (y = 0; y < c->rows && y < LINES; y++) {
		for (x = 0; x < c->cols && x < COLS; x++) {
			const struct ui_cell *cell = &c->cells[(size_t)y * (size_t)c->cols + (size_t)x];
			int role = cell->role < UI_ROLE_COUNT ? cell->role : 0;
			attr_t a = s->role_attr[role];
			short pair = s->role_pair[role];
			if (cell->ch == 0)
				continue;
			if (cell->ch == UI_CANVAS_VLINE || cell->ch == UI_CANVAS_HLINE) {
				/* The wide-character line set: curses picks the
				 * terminal's alternate charset or Unicode, whichever
				 * works there. */
				wattr_set(stdscr, a, pair, NULL);
				if (cell->ch == UI_CANVAS_VLINE)
					mvwvline_set(stdscr, y, x, WACS_VLINE, 1);
				else
					mvwhline_set(stdscr, y, x, WACS_HLINE, 1);
				wattr_set(stdscr, A_NORMAL, 0, NULL);
			} else {
				wchar_t w[2] = { cell->ch, 0 };
				cchar_t cc;
				/* A wide char in the last column cannot be shown. */
				if (x + 1 >= COLS && c->cols > x + 1 && c->cells[(size_t)y * (size_t)c->cols + (size_t)x + 1].ch == 0)
					w[0] = L' ';
				setcchar(&cc, w, a, pair, NULL);
				mvwadd_wch(stdscr, y, x, &cc);
			}
		}
	}
	if (c->cursor_y >= 0 && c->cursor_x >= 0) {
		wmove(stdscr, c->cursor_y, c->cursor_x);
		curs_set(1);
	} else if (curs_set(0) == ERR) {
		/* A terminal that cannot hide it (vt100): out of the text, in
		 * the bottom-right corner. */
		wmove(stdscr, LINES - 1, COLS - 1);
	}
	wnoutrefresh(stdscr);
	doupdate();
}

void ui_screen_test_sync_key(struct ui_screen *s)
{
	(void)s;
	define_key("\033[9999~", UI_SYNC_CURSES);
}

void ui_screen_title(struct ui_screen *s, const char *text)
{
	char buf[1400];
	size_t n = 0, i;

	(void)s;
	n = (size_t)snprintf(buf, sizeof buf, "\033]2;");
	/* The status may quote the service: controls (C1 too) go escaped. */
	for (i = 0; text[i] != '\0';) {
		char esc[WIDTH_ESCAPE_SIZE];
		uint32_t cp;
		size_t len = utf8_decode(text + i, SIZE_MAX, &cp), e;

		e = cp == UTF8_INVALID ? 0 : width_escape(cp, esc);
		if (cp == UTF8_INVALID) {
			esc[0] = '?';
			e = 1;
		}
		if (n + (e > 0 ? e : len) >= sizeof buf - 2)
			break;
		if (e > 0)
			memcpy(buf + n, esc, e), n += e;
		else
			memcpy(buf + n, text + i, len), n += len;
		i += len;
	}
	buf[n++] = '\033';
	buf[n++] = '\\';
	/* curses has written its frame (doupdate flushes): this follows it. */
	fflush(stdout);
	if (write(STDOUT_FILENO, buf, n) < 0) {
		/* the terminal is gone: the loop finds out on its next read */
	}
}

/* After an Esc that curses did not make into a key: when '[' or 'O'
 * follows at once, it was a sequence this terminal's entry does not know
 * (curses waited ESCDELAY for it), not the Esc key — read it to its final
 * byte and report UI_KEY_UNKNOWN, so that it neither goes "back" nor
 * leaves "[4~" to be read as keys.  Anything else is Esc, and what
 * follows is left for the next read. */
static int escape(int *key)
{
	wint_t wc;
	int rc = wget_wch(stdscr, &wc), n = 0;

	*key = UI_KEY_ESC;
	if (rc == ERR)
		return 0;
	if (rc == KEY_CODE_YES || (wc != '[' && wc != 'O')) {
		if (rc == KEY_CODE_YES)
			ungetch((int)wc);
		else
			unget_wch(wc);
		return 0;
	}
	*key = UI_KEY_UNKNOWN;
	if (wc == 'O') {
		wget_wch(stdscr, &wc); /* SS3: one more character */
		return 0;
	}
	/* CSI: parameters and intermediates (0x20-0x3f), then a final byte. */
	while (n++ < 32 && wget_wch(stdscr, &wc) == OK)
		if (wc >= 0x40 && wc <= 0x7e)
			break;
	return 0;
}

int ui_screen_getkey(struct ui_screen *s, int *key)
{
	wint_t wc;
	int rc;

	(void)s;
	rc = wget_wch(stdscr, &wc);
	if (rc == ERR)
		return -1;
	if (rc == KEY_CODE_YES) {
		*key = ui_keys_from_curses(true, wc);
		return 0;
	}
	if (wc == 27)
		return escape(key);
	*key = ui_keys_from_curses(false, wc);
	return 0;
}
