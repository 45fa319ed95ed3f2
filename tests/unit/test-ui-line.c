/*
 * Unit tests for tui/ui/ui-line: the command line widget, fed keys the way
 * wget_wch returns them, with its libedit history and Tab completion.
 */
#include "config.h"

#include <errno.h>
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <wchar.h>

#include <cmocka.h>
#include <curses.h>

#include "ui-line.h"
#include "ui-width.h"

#define CTRL(c) ((c) & 0x1f)

/* Types a UTF-8 string, one character per key. */
static void
type(struct ui_line *l, const char *s)
{
	wchar_t *w = ui_width_from_utf8(s), *p;

	for (p = w; *p != L'\0'; p++)
		assert_int_equal(ui_line_key(l, false, (wint_t)*p), UI_LINE_EDITING);
	free(w);
}

static enum ui_line_result
key(struct ui_line *l, int k)
{
	return ui_line_key(l, true, (wint_t)k);
}

static enum ui_line_result
ch(struct ui_line *l, int c)
{
	return ui_line_key(l, false, (wint_t)c);
}

/* Enters a line into the history the way a user does. */
static void
enter_line(struct ui_line *l, const char *s)
{
	ui_line_start(l, ":", NULL);
	type(l, s);
	assert_int_equal(ch(l, '\n'), UI_LINE_DONE);
	assert_string_equal(ui_line_text(l), s);
}

static int
setup_locale(void **state)
{
	if (setlocale(LC_CTYPE, "C.UTF-8") == NULL &&
	    setlocale(LC_CTYPE, "C.utf8") == NULL)
		return -1;
	return 0;
}

static int
setup_line(void **state)
{
	struct ui_line *l = ui_line_new(100);

	if (l == NULL)
		return -1;
	ui_line_start(l, ":", NULL);
	*state = l;
	return 0;
}

static int
teardown_line(void **state)
{
	ui_line_free(*state);
	return 0;
}

static void
test_insert_chinese(void **state)
{
	struct ui_line *l = *state;

	type(l, "open 河北省");
	assert_string_equal(ui_line_text(l), "open 河北省");
	ui_line_start(l, "/", "石家庄");
	type(l, "市");
	assert_string_equal(ui_line_text(l), "石家庄市");
	/* Control characters other than the editing keys are ignored. */
	ch(l, 0x1c);
	ch(l, 0x9b);
	assert_string_equal(ui_line_text(l), "石家庄市");
	/* Function keys that mean nothing here change nothing. */
	assert_int_equal(key(l, KEY_F(5)), UI_LINE_EDITING);
	assert_string_equal(ui_line_text(l), "石家庄市");
}

static void
test_cursor_moves(void **state)
{
	struct ui_line *l = *state;

	type(l, "中文ab");
	key(l, KEY_HOME);
	type(l, "x");
	assert_string_equal(ui_line_text(l), "x中文ab");
	key(l, KEY_END);
	type(l, "y");
	assert_string_equal(ui_line_text(l), "x中文aby");
	key(l, KEY_LEFT);
	key(l, KEY_LEFT);
	key(l, KEY_LEFT);
	type(l, "-");
	assert_string_equal(ui_line_text(l), "x中文-aby");
	ch(l, CTRL('a'));
	ch(l, CTRL('f'));
	ch(l, CTRL('f'));
	type(l, "|");
	assert_string_equal(ui_line_text(l), "x中|文-aby");
	ch(l, CTRL('e'));
	ch(l, CTRL('b'));
	type(l, "!");
	assert_string_equal(ui_line_text(l), "x中|文-ab!y");
	/* Moving past either end stays there. */
	key(l, KEY_RIGHT);
	key(l, KEY_RIGHT);
	type(l, ">");
	key(l, KEY_HOME);
	key(l, KEY_LEFT);
	type(l, "<");
	assert_string_equal(ui_line_text(l), "<x中|文-ab!y>");
}

static void
test_delete_keys(void **state)
{
	struct ui_line *l = *state;

	type(l, "a中文");
	key(l, KEY_BACKSPACE);
	assert_string_equal(ui_line_text(l), "a中");
	ch(l, 127);
	assert_string_equal(ui_line_text(l), "a");
	ch(l, 8);
	assert_string_equal(ui_line_text(l), "");
	ch(l, 127);
	assert_string_equal(ui_line_text(l), "");

	type(l, "河北省");
	key(l, KEY_HOME);
	key(l, KEY_DC);
	assert_string_equal(ui_line_text(l), "北省");
	ch(l, CTRL('d'));
	assert_string_equal(ui_line_text(l), "省");
	key(l, KEY_END);
	ch(l, CTRL('d'));
	assert_string_equal(ui_line_text(l), "省");
}

static void
test_kill_commands(void **state)
{
	struct ui_line *l = *state;

	type(l, "reject 7 材料 不全");
	ch(l, CTRL('w'));
	assert_string_equal(ui_line_text(l), "reject 7 材料 ");
	ch(l, CTRL('w'));
	assert_string_equal(ui_line_text(l), "reject 7 ");
	ch(l, CTRL('y'));
	assert_string_equal(ui_line_text(l), "reject 7 材料 ");

	/* Ctrl-U kills what is before the cursor, Ctrl-K what is after. */
	key(l, KEY_HOME);
	key(l, KEY_RIGHT);
	key(l, KEY_RIGHT);
	ch(l, CTRL('u'));
	assert_string_equal(ui_line_text(l), "ject 7 材料 ");
	type(l, "X");
	assert_string_equal(ui_line_text(l), "Xject 7 材料 ");
	ch(l, CTRL('k'));
	assert_string_equal(ui_line_text(l), "X");
	ch(l, CTRL('y'));
	assert_string_equal(ui_line_text(l), "Xject 7 材料 ");
	ch(l, CTRL('a'));
	ch(l, CTRL('k'));
	assert_string_equal(ui_line_text(l), "");
}

static void
test_history_walk(void **state)
{
	struct ui_line *l = *state;

	enter_line(l, "open 110000");
	enter_line(l, "search 人口");
	enter_line(l, "q");

	ui_line_start(l, ":", NULL);
	type(l, "half typed");
	key(l, KEY_UP);
	assert_string_equal(ui_line_text(l), "q");
	key(l, KEY_UP);
	assert_string_equal(ui_line_text(l), "search 人口");
	ch(l, CTRL('p'));
	assert_string_equal(ui_line_text(l), "open 110000");
	key(l, KEY_UP);
	assert_string_equal(ui_line_text(l), "open 110000");
	key(l, KEY_DOWN);
	assert_string_equal(ui_line_text(l), "search 人口");
	ch(l, CTRL('n'));
	assert_string_equal(ui_line_text(l), "q");
	key(l, KEY_DOWN);
	assert_string_equal(ui_line_text(l), "half typed");
	key(l, KEY_DOWN);
	assert_string_equal(ui_line_text(l), "half typed");

	/* A recalled line can be edited and entered as a new one. */
	key(l, KEY_UP);
	key(l, KEY_UP);
	type(l, "口");
	assert_int_equal(key(l, KEY_ENTER), UI_LINE_DONE);
	assert_string_equal(ui_line_text(l), "search 人口口");
	ui_line_start(l, ":", NULL);
	key(l, KEY_UP);
	assert_string_equal(ui_line_text(l), "search 人口口");
}

static void
test_history_unique(void **state)
{
	struct ui_line *l = *state;

	enter_line(l, "first");
	enter_line(l, "same");
	enter_line(l, "same");
	/* Blank lines never enter the history. */
	enter_line(l, "   ");
	enter_line(l, "");

	ui_line_start(l, ":", NULL);
	key(l, KEY_UP);
	assert_string_equal(ui_line_text(l), "same");
	key(l, KEY_UP);
	assert_string_equal(ui_line_text(l), "first");
}

static void
test_history_size(void **state)
{
	struct ui_line *l = ui_line_new(2);

	enter_line(l, "one");
	enter_line(l, "two");
	enter_line(l, "three");
	ui_line_start(l, ":", NULL);
	key(l, KEY_UP);
	key(l, KEY_UP);
	key(l, KEY_UP);
	assert_string_equal(ui_line_text(l), "two");
	ui_line_free(l);
}

static void
test_history_save_load(void **state)
{
	char dir[] = "/tmp/govdx-ui-line-XXXXXX";
	char parent[128], path[192], blocker[192];
	struct ui_line *l;
	struct stat st;

	assert_non_null(mkdtemp(dir));
	snprintf(parent, sizeof(parent), "%s/state/govdx", dir);
	snprintf(path, sizeof(path), "%s/history", parent);

	l = ui_line_new(100);
	/* Nothing saved yet: a fresh start, not an error. */
	assert_int_equal(ui_line_history_load(l, path), 0);
	enter_line(l, "open 130000");
	enter_line(l, "search 石家庄市 \"人口 信息\"");
	enter_line(l, "reject 7 'it\\'s fine'");
	assert_int_equal(ui_line_history_save(l, path), 0);
	ui_line_free(l);

	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	assert_int_equal(stat(parent, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0700);

	/* A restart: a new widget sees the same history, newest first. */
	l = ui_line_new(100);
	assert_int_equal(ui_line_history_load(l, path), 3);
	ui_line_start(l, ":", NULL);
	key(l, KEY_UP);
	assert_string_equal(ui_line_text(l), "reject 7 'it\\'s fine'");
	key(l, KEY_UP);
	assert_string_equal(ui_line_text(l), "search 石家庄市 \"人口 信息\"");
	key(l, KEY_UP);
	assert_string_equal(ui_line_text(l), "open 130000");
	key(l, KEY_UP);
	assert_string_equal(ui_line_text(l), "open 130000");

	/* Saving again replaces the file and keeps its mode. */
	enter_line(l, "q");
	assert_int_equal(ui_line_history_save(l, path), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	ui_line_free(l);
	l = ui_line_new(100);
	assert_int_equal(ui_line_history_load(l, path), 4);

	/* Two consoles on one file: each keeps its own lines, whichever
	 * saves last (never one overwriting the other's). */
	{
		struct ui_line *a = ui_line_new(100), *b = ui_line_new(100);
		assert_int_equal(ui_line_history_load(a, path), 4);
		assert_int_equal(ui_line_history_load(b, path), 4);
		enter_line(a, "context zhejiang-official");
		enter_line(b, "approve REQ-000041 同意");
		assert_int_equal(ui_line_history_save(a, path), 0);
		assert_int_equal(ui_line_history_save(b, path), 0);
		assert_int_equal(ui_line_history_save(a, path), 0); /* nothing new: no change */
		ui_line_free(a);
		ui_line_free(b);
		ui_line_free(l);
		l = ui_line_new(100);
		assert_int_equal(ui_line_history_load(l, path), 6);
		ui_line_start(l, ":", NULL);
		key(l, KEY_UP);
		assert_string_equal(ui_line_text(l), "approve REQ-000041 同意");
		key(l, KEY_UP);
		assert_string_equal(ui_line_text(l), "context zhejiang-official");
		key(l, KEY_UP);
		assert_string_equal(ui_line_text(l), "q");
	}

	/* Errors: a directory is not a history file, and a file where a
	 * directory should be stops the save. */
	assert_int_equal(ui_line_history_load(l, parent), -1);
	snprintf(blocker, sizeof(blocker), "%s/history/sub/file", parent);
	assert_int_equal(ui_line_history_save(l, blocker), -1);
	ui_line_free(l);

	/* No temporary files are left behind. */
	assert_int_equal(unlink(path), 0);
	assert_int_equal(rmdir(parent), 0);
	snprintf(parent, sizeof(parent), "%s/state", dir);
	assert_int_equal(rmdir(parent), 0);
	assert_int_equal(rmdir(dir), 0);
}

/* A completer over a fixed word list, recording what it was asked. */
struct completer_log {
	const char *const *words;
	char line[256];
	size_t word_start;
	int calls;
};

static char **
complete_from_list(void *arg, const char *line, size_t word_start)
{
	struct completer_log *log = arg;
	const char *word = line + word_start;
	size_t wlen = strcspn(word, " "), n = 0, i;
	char **out = malloc(16 * sizeof(*out));

	log->calls++;
	snprintf(log->line, sizeof(log->line), "%s", line);
	log->word_start = word_start;
	for (i = 0; log->words[i] != NULL; i++)
		if (strncmp(log->words[i], word, wlen) == 0)
			out[n++] = strdup(log->words[i]);
	if (n == 0) {
		free(out);
		return NULL;
	}
	out[n] = NULL;
	return out;
}

static const char *const complete_words[] = {
	"objections", "open", "quit", "石家庄市", "石家庄市长安区", "石景山区",
	NULL
};

static void
test_complete_single(void **state)
{
	struct ui_line *l = *state;
	struct completer_log log = { complete_words, "", 0, 0 };
	size_t n = 99;

	ui_line_set_completer(l, complete_from_list, &log);
	type(l, "qu");
	ch(l, '\t');
	assert_string_equal(ui_line_text(l), "quit ");
	assert_null(ui_line_candidates(l, &n));
	assert_int_equal(n, 0);

	ui_line_start(l, ":", "open 石景");
	ch(l, '\t');
	assert_string_equal(log.line, "open 石景");
	assert_int_equal(log.word_start, 5);
	assert_string_equal(ui_line_text(l), "open 石景山区 ");

	/* In the middle of a line the whole word under the cursor is
	 * replaced and the cursor goes past the existing space. */
	ui_line_start(l, ":", "op 130000");
	key(l, KEY_HOME);
	key(l, KEY_RIGHT);
	ch(l, '\t');
	assert_string_equal(ui_line_text(l), "open 130000");
	type(l, "X");
	assert_string_equal(ui_line_text(l), "open X130000");

	/* Nothing matches: nothing changes. */
	ui_line_start(l, ":", "zz");
	ch(l, '\t');
	assert_string_equal(ui_line_text(l), "zz");
	assert_null(ui_line_candidates(l, NULL));
}

static void
test_complete_ambiguous_cycle(void **state)
{
	struct ui_line *l = *state;
	struct completer_log log = { complete_words, "", 0, 0 };
	const char *const *c;
	size_t n = 0;

	ui_line_set_completer(l, complete_from_list, &log);
	type(l, "open 石家");
	ch(l, '\t');
	/* The longest common prefix, in whole Chinese characters. */
	assert_string_equal(ui_line_text(l), "open 石家庄市");
	c = ui_line_candidates(l, &n);
	assert_non_null(c);
	assert_int_equal(n, 2);
	assert_string_equal(c[0], "石家庄市");
	assert_string_equal(c[1], "石家庄市长安区");

	/* Tab again cycles through the candidates without asking again. */
	ch(l, '\t');
	assert_string_equal(ui_line_text(l), "open 石家庄市");
	ch(l, '\t');
	assert_string_equal(ui_line_text(l), "open 石家庄市长安区");
	ch(l, '\t');
	assert_string_equal(ui_line_text(l), "open 石家庄市");
	assert_int_equal(log.calls, 1);
	assert_non_null(ui_line_candidates(l, &n));
	/* A resize (or any key the line does not use) keeps the list. */
	assert_int_equal(key(l, KEY_RESIZE), UI_LINE_EDITING);
	assert_non_null(ui_line_candidates(l, &n));
	ch(l, '\t');
	assert_string_equal(ui_line_text(l), "open 石家庄市长安区");

	/* Any other key ends the completion. */
	type(l, " ");
	assert_null(ui_line_candidates(l, &n));
	assert_int_equal(n, 0);

	/* A prefix of one character only: the list is kept, text unchanged. */
	ui_line_start(l, ":", "石");
	ch(l, '\t');
	assert_string_equal(ui_line_text(l), "石");
	assert_non_null(ui_line_candidates(l, &n));
	assert_int_equal(n, 3);
	ch(l, '\t');
	assert_string_equal(ui_line_text(l), "石家庄市");
	ch(l, '\t');
	ch(l, '\t');
	assert_string_equal(ui_line_text(l), "石景山区");
	/* Starting a new line forgets the candidates. */
	ui_line_start(l, ":", NULL);
	assert_null(ui_line_candidates(l, NULL));
}

static void
test_enter_and_cancel(void **state)
{
	struct ui_line *l = *state;

	type(l, "abc");
	assert_int_equal(ch(l, 27), UI_LINE_CANCEL);
	ui_line_start(l, ":", "x");
	assert_int_equal(ch(l, CTRL('g')), UI_LINE_CANCEL);
	ui_line_start(l, ":", "x");
	assert_int_equal(ch(l, CTRL('c')), UI_LINE_CANCEL);
	/* Cancelled lines are not remembered. */
	ui_line_start(l, ":", NULL);
	key(l, KEY_UP);
	assert_string_equal(ui_line_text(l), "");

	ui_line_start(l, ":", "a");
	assert_int_equal(ch(l, '\r'), UI_LINE_DONE);
	ui_line_start(l, ":", "b");
	assert_int_equal(key(l, KEY_ENTER), UI_LINE_DONE);
	assert_string_equal(ui_line_text(l), "b");
}

/* Checks the layout invariants and returns the slice as UTF-8. */
static char *
visible(struct ui_line *l, int cols, int *cursor)
{
	wchar_t out[512];
	int n = ui_line_visible(l, cols, out, 512, cursor);

	assert_int_equal(n, cols);
	assert_int_equal(ui_width_wcs(out, (size_t)-1), cols);
	assert_true(*cursor >= 0 && *cursor < cols);
	return ui_width_to_utf8(out);
}

static void
test_visible_short(void **state)
{
	struct ui_line *l = *state;
	int cursor = -1;
	char *s;

	type(l, "open 河北");
	s = visible(l, 20, &cursor);
	assert_string_equal(s, ":open 河北          ");
	assert_int_equal(cursor, 10);
	free(s);
	key(l, KEY_LEFT);
	s = visible(l, 20, &cursor);
	assert_int_equal(cursor, 8);
	free(s);
	key(l, KEY_HOME);
	s = visible(l, 20, &cursor);
	assert_int_equal(cursor, 1);
	free(s);

	/* The cursor on a combining character at the very end of a line that
	 * exactly fills the width still needs a column of its own. */
	ui_line_start(l, ":", "abcde\xcc\x81");
	key(l, KEY_LEFT);
	s = visible(l, 6, &cursor);
	assert_int_equal(cursor, 5);
	free(s);
}

/* Index of the character of s that starts at column col (which must be
 * the start of a character, never the middle of a wide one). */
static size_t
index_at_col(const wchar_t *s, int col)
{
	int c = 0;
	size_t i = 0;

	while (c < col && s[i] != L'\0')
		c += ui_width_wchar(s[i++]);
	assert_int_equal(c, col);
	return i;
}

static void
test_visible_long_line(void **state)
{
	struct ui_line *l = *state;
	wchar_t out[64];
	int cursor = -1, prev_cursor, i, cols = 21;
	char *s;

	/* 60 columns of Chinese and ASCII into 21 columns (odd, so a wide
	 * character must sometimes be left out whole). */
	for (i = 0; i < 10; i++)
		type(l, "中文ab");
	s = visible(l, cols, &cursor);
	/* At the end, the cursor is on the column after the last 'b'. */
	assert_true(strlen(s) > 0);
	assert_int_equal(ui_line_visible(l, cols, out, 64, &cursor), cols);
	assert_true(cursor >= 1);
	assert_int_equal(out[index_at_col(out, cursor - 1)], L'b');
	free(s);

	/* Walking left the cursor stays in view; the view scrolls only when
	 * the cursor reaches the edge. */
	prev_cursor = cursor;
	key(l, KEY_LEFT);
	s = visible(l, cols, &cursor);
	assert_int_equal(cursor, prev_cursor - 1);
	free(s);
	for (i = 2; i <= 40; i++) {
		const wchar_t *pattern = L"中文ab";
		size_t j;

		key(l, KEY_LEFT);
		ui_line_visible(l, cols, out, 64, &cursor);
		assert_true(cursor >= 0 && cursor < cols);
		assert_int_equal(ui_width_wcs(out, (size_t)-1), cols);
		/* The character under the cursor is drawn whole at the
		 * cursor's column (index 40 - i of the text). */
		j = index_at_col(out, cursor);
		assert_int_equal(out[j], pattern[(40 - i) % 4]);
		assert_true(cursor + ui_width_wchar(out[j]) <= cols);
	}
	key(l, KEY_HOME);
	s = visible(l, cols, &cursor);
	assert_int_equal(cursor, 1);
	assert_true(strncmp(s, ":中文ab中文ab", strlen(":中文ab中文ab")) == 0);
	free(s);

	/* Narrow and degenerate budgets never overflow. */
	key(l, KEY_END);
	s = visible(l, 2, &cursor);
	free(s);
	s = visible(l, 1, &cursor);
	assert_string_equal(s, " ");
	free(s);
	assert_int_equal(ui_line_visible(l, 0, out, 64, &cursor), 0);
	assert_int_equal(out[0], L'\0');
	/* Room for 3 characters only: cut safely, columns reported. */
	i = ui_line_visible(l, 10, out, 4, &cursor);
	assert_int_equal(wcslen(out), 3);
	assert_int_equal(i, ui_width_wcs(out, (size_t)-1));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_insert_chinese, setup_line, teardown_line),
		cmocka_unit_test_setup_teardown(test_cursor_moves, setup_line, teardown_line),
		cmocka_unit_test_setup_teardown(test_delete_keys, setup_line, teardown_line),
		cmocka_unit_test_setup_teardown(test_kill_commands, setup_line, teardown_line),
		cmocka_unit_test_setup_teardown(test_history_walk, setup_line, teardown_line),
		cmocka_unit_test_setup_teardown(test_history_unique, setup_line, teardown_line),
		cmocka_unit_test(test_history_size),
		cmocka_unit_test(test_history_save_load),
		cmocka_unit_test_setup_teardown(test_complete_single, setup_line, teardown_line),
		cmocka_unit_test_setup_teardown(test_complete_ambiguous_cycle, setup_line, teardown_line),
		cmocka_unit_test_setup_teardown(test_enter_and_cancel, setup_line, teardown_line),
		cmocka_unit_test_setup_teardown(test_visible_short, setup_line, teardown_line),
		cmocka_unit_test_setup_teardown(test_visible_long_line, setup_line, teardown_line),
	};

	return cmocka_run_group_tests_name("ui-line", tests, setup_locale, NULL);
}
