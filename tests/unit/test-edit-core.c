/*
 * Unit tests for tui/ui/edit-core: the one editor under the `:` line and the
 * form fields — moves, deletes, kills and the yank, words, the limit, the
 * single-line rule, Chinese characters, and the built-in key table.
 */
#include "config.h"

#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>

#include "edit-core.h"
#include "ui-keys.h"
#include "ui-width.h"

#define CTRL(c) ((c) & 0x1f)

static void type(struct edit_core *e, const char *s)
{
	wchar_t *w = ui_width_from_utf8(s);
	size_t i;

	for (i = 0; w[i]; i++)
		edit_core_insert(e, w[i]);
	free(w);
}

static void assert_text(struct edit_core *e, const char *want)
{
	char *got = edit_core_utf8(e);

	assert_string_equal(got, want);
	free(got);
}

/* Columns from the start of the line to the cursor. */
static int cursor_col(const struct edit_core *e)
{
	size_t start = edit_core_line_start(e);

	return ui_width_wcs(e->buf + start, e->cur - start);
}

static void test_moves(void **state)
{
	struct edit_core e;

	edit_core_init(&e, false, 0);
	type(&e, "open code");
	assert_int_equal(e.cur, 9);
	assert_true(edit_core_do(&e, EDIT_HOME));
	assert_int_equal(e.cur, 0);
	assert_true(edit_core_do(&e, EDIT_LEFT)); /* at the start: stays */
	assert_int_equal(e.cur, 0);
	edit_core_do(&e, EDIT_RIGHT);
	edit_core_do(&e, EDIT_RIGHT);
	assert_int_equal(e.cur, 2);
	edit_core_do(&e, EDIT_WORD_NEXT);
	assert_int_equal(e.cur, 4); /* end of "open" */
	edit_core_do(&e, EDIT_WORD_NEXT);
	assert_int_equal(e.cur, 9); /* end of "code" */
	edit_core_do(&e, EDIT_RIGHT); /* at the end: stays */
	assert_int_equal(e.cur, 9);
	edit_core_do(&e, EDIT_WORD_BACK);
	assert_int_equal(e.cur, 5);
	edit_core_do(&e, EDIT_WORD_BACK);
	assert_int_equal(e.cur, 0);
	edit_core_do(&e, EDIT_END);
	assert_int_equal(e.cur, 9);
	/* Ops of the editors above are not the core's. */
	assert_false(edit_core_do(&e, EDIT_HIST_PREV));
	assert_false(edit_core_do(&e, EDIT_ENTER));
	edit_core_free(&e);
}

/* A Chinese character is one step and one deletion, two columns wide. */
static void test_wide_characters(void **state)
{
	struct edit_core e;

	edit_core_init(&e, false, 0);
	type(&e, "婚姻登记a");
	assert_int_equal(e.len, 5);
	assert_int_equal(cursor_col(&e), 9);
	edit_core_do(&e, EDIT_LEFT);
	edit_core_do(&e, EDIT_LEFT);
	assert_int_equal(cursor_col(&e), 6); /* before 记, never inside it */
	edit_core_do(&e, EDIT_BACKSPACE);
	assert_text(&e, "婚姻记a");
	assert_int_equal(cursor_col(&e), 4);
	edit_core_do(&e, EDIT_DELETE);
	assert_text(&e, "婚姻a");
	type(&e, "登");
	assert_text(&e, "婚姻登a");
	edit_core_free(&e);
}

static void test_kill_and_yank(void **state)
{
	struct edit_core e;

	edit_core_init(&e, false, 0);
	type(&e, "search 婚姻 登记");
	edit_core_do(&e, EDIT_KILL_WORD);
	assert_text(&e, "search 婚姻 ");
	edit_core_do(&e, EDIT_HOME);
	edit_core_do(&e, EDIT_YANK);
	assert_text(&e, "登记search 婚姻 ");
	assert_int_equal(e.cur, 2);
	edit_core_do(&e, EDIT_KILL_END);
	assert_text(&e, "登记");
	assert_int_equal(e.cur, 2); /* stays where it was */
	edit_core_do(&e, EDIT_YANK);
	edit_core_do(&e, EDIT_YANK); /* the kill is kept: yank twice */
	assert_text(&e, "登记search 婚姻 search 婚姻 ");
	edit_core_do(&e, EDIT_KILL_START);
	assert_text(&e, "");
	edit_core_do(&e, EDIT_YANK);
	assert_text(&e, "登记search 婚姻 search 婚姻 ");
	/* An empty kill keeps the last one. */
	edit_core_do(&e, EDIT_KILL_END);
	edit_core_do(&e, EDIT_HOME);
	edit_core_do(&e, EDIT_KILL_START);
	edit_core_do(&e, EDIT_YANK);
	assert_text(&e, "登记search 婚姻 search 婚姻 登记search 婚姻 search 婚姻 ");
	edit_core_free(&e);
}

/* Lines: home, end and kills stop at newlines; a single-line editor
 * never takes one. */
static void test_lines(void **state)
{
	struct edit_core e;

	edit_core_init(&e, true, 0);
	type(&e, "用途\n依据 abc");
	edit_core_do(&e, EDIT_HOME);
	assert_int_equal(e.cur, 3);
	edit_core_do(&e, EDIT_LEFT);
	edit_core_do(&e, EDIT_HOME);
	assert_int_equal(e.cur, 0);
	edit_core_do(&e, EDIT_END);
	assert_int_equal(e.cur, 2);
	edit_core_do(&e, EDIT_KILL_END); /* at the end of the line: nothing */
	assert_text(&e, "用途\n依据 abc");
	edit_core_do(&e, EDIT_RIGHT);
	edit_core_do(&e, EDIT_KILL_END);
	assert_text(&e, "用途\n");
	edit_core_free(&e);

	edit_core_init(&e, false, 0);
	edit_core_set_utf8(&e, "a\nb\r\nc");
	assert_text(&e, "abc");
	edit_core_free(&e);
}

/* A limit refuses what passes it, typed or yanked, and counts it. */
static void test_limit(void **state)
{
	struct edit_core e;

	edit_core_init(&e, false, 4);
	type(&e, "abcdef");
	assert_text(&e, "abcd");
	assert_int_equal(e.refused, 2);
	edit_core_do(&e, EDIT_KILL_WORD);
	e.refused = 0;
	type(&e, "xy");
	edit_core_do(&e, EDIT_YANK);
	assert_text(&e, "xyab");
	assert_int_equal(e.refused, 2);
	assert_false(edit_core_printable(CTRL('a')));
	assert_false(edit_core_printable(0x85));
	assert_true(edit_core_printable(0x4e2d));
	edit_core_free(&e);
}

/* The built-in keys: line and field first, then edit; Enter and
 * Backspace however the terminal sends them. */
static void test_default_keys(void **state)
{
	size_t n, i;
	const struct edit_core_key *k = edit_core_defaults(&n);

	assert_int_equal(edit_core_default_op("line", CTRL('b')), EDIT_LEFT);
	assert_int_equal(edit_core_default_op("field", UI_KEY_FN + KEY_LEFT), EDIT_LEFT);
	assert_int_equal(edit_core_default_op("line", UI_KEY_FN + KEY_UP), EDIT_HIST_PREV);
	assert_int_equal(edit_core_default_op("field", UI_KEY_FN + KEY_UP), EDIT_UP);
	assert_int_equal(edit_core_default_op("line", UI_KEY_TAB), EDIT_COMPLETE);
	assert_int_equal(edit_core_default_op("field", UI_KEY_TAB), EDIT_NEXT_FIELD);
	assert_int_equal(edit_core_default_op("line", CTRL('o')), EDIT_NONE);
	assert_int_equal(edit_core_default_op("field", 'j'), EDIT_NONE);
	assert_int_equal(edit_core_default_op("line", ui_keys_from_curses(true, KEY_BACKSPACE)),
	                 EDIT_BACKSPACE);
	assert_int_equal(edit_core_default_op("line", ui_keys_from_curses(false, '\r')), EDIT_ENTER);
	assert_int_equal(edit_core_default_op("field", ui_keys_from_curses(true, KEY_ENTER)),
	                 EDIT_ENTER);
	/* Every built-in key has a name bind takes back. */
	for (i = 0; i < n; i++) {
		char name[32];
		assert_int_equal(ui_keys_parse(ui_keys_name(k[i].key, name, sizeof name)), k[i].key);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_moves),         cmocka_unit_test(test_wide_characters),
		cmocka_unit_test(test_kill_and_yank), cmocka_unit_test(test_lines),
		cmocka_unit_test(test_limit),         cmocka_unit_test(test_default_keys),
	};

	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests_name("edit-core", tests, NULL, NULL);
}
