/*
 * ui-screen — the only module that talks to the terminal through curses.
 *
 * It checks the terminal type, starts and ends curses, reads keys without
 * blocking, follows the window size, and copies a ui_canvas to the screen
 * (one wnoutrefresh, one doupdate per frame; curses itself sends only what
 * changed).  Colours come from the theme's roles, each made the nearest
 * colour the terminal has (ui_theme_nearest); with colour off
 * (--color=never, NO_COLOR...), on a terminal without colour or with an
 * attribute-only theme the roles are drawn with attributes alone.
 *
 * Invariant: between ui_screen_new and ui_screen_free the terminal is in
 * curses mode; nothing else writes to it.
 */
#ifndef GOVDX_UI_SCREEN_H
#define GOVDX_UI_SCREEN_H

#include <stdbool.h>
#include <stddef.h>

#include "ui-canvas.h"
#include "ui-theme.h"

struct ui_screen;

/* Checks that $TERM names a terminal this system knows and that can address
 * the cursor.  Returns 0, or -1 with a one-line reason in err. */
int ui_screen_check_term(char *err, size_t errlen);

/* Starts curses on the controlling terminal (stdin/stdout).  UI_COLOR_NEVER
 * forces the attribute-only look; auto and always use the colours the
 * terminal has (curses can send none where terminfo names none: see
 * ui_screen_colors).  Returns NULL with a reason in err. */
struct ui_screen *ui_screen_new(enum ui_color_mode mode, char *err, size_t errlen);
/* Ends curses and restores the terminal. */
void ui_screen_free(struct ui_screen *s);

void ui_screen_size(const struct ui_screen *s, int *rows, int *cols);
/* Reads the window size from the terminal and resizes curses (SIGWINCH). */
void ui_screen_resize(struct ui_screen *s);
void ui_screen_set_theme(struct ui_screen *s, const struct ui_theme *t);
/* The colours the screen may use: 0 when colour is off or the terminal
 * has none, else the terminal's number (8, 16, 256...). */
int ui_screen_colors(const struct ui_screen *s);
/* Whether the current theme is drawn in colour (it has colours, and the
 * screen may use them). */
bool ui_screen_in_color(const struct ui_screen *s);
/* Makes the next frame repaint the whole terminal (Ctrl-L). */
void ui_screen_invalidate(struct ui_screen *s);
void ui_screen_render(struct ui_screen *s, const struct ui_canvas *c);

/* The test hook (GOVDX_TEST_REPORT, see app-loop.c).  Defines the
 * private sequence ESC [ 9999 ~ as the key UI_KEY_SYNC, which a test sends
 * after its keys. */
void ui_screen_test_sync_key(struct ui_screen *s);
/* Sets the terminal's title to text (control characters made '?'), in
 * order with what was drawn before: a terminal (tmux) that shows the title
 * has read every frame written before it.  Only the test hook uses it. */
void ui_screen_title(struct ui_screen *s, const char *text);

/* Reads one key without blocking: returns 0 with *key set (see ui-keys.h;
 * UI_KEY_FN + KEY_RESIZE for a resize seen by curses), or -1 if none. */
int ui_screen_getkey(struct ui_screen *s, int *key);

#endif /* GOVDX_UI_SCREEN_H */
