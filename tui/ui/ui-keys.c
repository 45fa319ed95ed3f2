/*
 * ui-keys — key names (see ui-keys.h).  Only the KEY_* constants of curses
 * are used here; no curses calls.
 */
#include "config.h"

#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <wchar.h>

#include "ui-keys.h"
#include "ui-width.h"

static const struct {
	const char *name;
	int key;
} names[] = {
	{ "Enter", UI_KEY_ENTER },
	{ "Esc", UI_KEY_ESC },
	{ "Tab", UI_KEY_TAB },
	{ "Space", ' ' },
	{ "BSpace", 127 },
	{ "BTab", UI_KEY_FN + KEY_BTAB },
	{ "Up", UI_KEY_FN + KEY_UP },
	{ "Down", UI_KEY_FN + KEY_DOWN },
	{ "Left", UI_KEY_FN + KEY_LEFT },
	{ "Right", UI_KEY_FN + KEY_RIGHT },
	{ "PgUp", UI_KEY_FN + KEY_PPAGE },
	{ "PgDn", UI_KEY_FN + KEY_NPAGE },
	{ "Home", UI_KEY_FN + KEY_HOME },
	{ "End", UI_KEY_FN + KEY_END },
	{ "Ins", UI_KEY_FN + KEY_IC },
	{ "Del", UI_KEY_FN + KEY_DC },
};

int ui_keys_from_curses(bool is_fn, wint_t ch)
{
	if (is_fn)
		return ch == KEY_ENTER ? UI_KEY_ENTER : ch == KEY_BACKSPACE ? 127 : UI_KEY_FN + (int)ch;
	return ch == '\r' ? UI_KEY_ENTER : (int)ch;
}

int ui_keys_parse(const char *name)
{
	size_t i;
	wchar_t *w;
	int key = -1;

	if (!name || !*name)
		return -1;
	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcasecmp(name, names[i].name) == 0)
			return names[i].key;
	/* `;` also has a name: config lines and man pages treat a bare ; as
	 * punctuation. */
	if (strcasecmp(name, "Semicolon") == 0)
		return ';';
	if (strcasecmp(name, "PageUp") == 0)
		return UI_KEY_FN + KEY_PPAGE;
	if (strcasecmp(name, "PageDown") == 0)
		return UI_KEY_FN + KEY_NPAGE;
	if ((name[0] == 'C' || name[0] == 'c') && name[1] == '-' && name[2] && !name[3]) {
		char c = name[2];
		if (c >= 'a' && c <= 'z')
			return c - 'a' + 1;
		if (c >= 'A' && c <= 'Z')
			return c - 'A' + 1;
		return -1;
	}
	if ((name[0] == 'F' || name[0] == 'f') && name[1] >= '1' && name[1] <= '9') {
		char *end;
		long n = strtol(name + 1, &end, 10);
		if (*end == '\0' && n >= 1 && n <= 12)
			return UI_KEY_FN + KEY_F((int)n);
	}
	w = ui_width_from_utf8(name);
	if (w[0] && !w[1] && w[0] > ' ')
		key = (int)w[0];
	free(w);
	return key;
}

const char *ui_keys_name(int key, char *buf, size_t len)
{
	size_t i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if (names[i].key == key) {
			snprintf(buf, len, "%s", names[i].name);
			return buf;
		}
	if (key >= UI_KEY_FN + KEY_F(1) && key <= UI_KEY_FN + KEY_F(12)) {
		snprintf(buf, len, "F%d", key - UI_KEY_FN - KEY_F(0));
		return buf;
	}
	if (key >= 1 && key <= 26) {
		snprintf(buf, len, "C-%c", 'a' + key - 1);
		return buf;
	}
	if (key > ' ' && key < UI_KEY_FN) {
		wchar_t w[2] = { (wchar_t)key, 0 };
		char *s = ui_width_to_utf8(w);
		snprintf(buf, len, "%s", s);
		free(s);
		return buf;
	}
	snprintf(buf, len, "<%d>", key);
	return buf;
}
