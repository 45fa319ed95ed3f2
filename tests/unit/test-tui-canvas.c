/*
 * test-tui-canvas — the grid views draw into: exact columns for Chinese
 * text, never half a wide character (also when text is overwritten from
 * either side), wrapping of labelled text, and the cursor as a mark.
 */
#include "config.h"

#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ui-canvas.h"
#include "ui-list.h"
#include "ui-text.h"
#include "ui-theme.h"
#include "ui-width.h"

/* Every row is exactly cols columns: no wide char sticks out or is split. */
static void assert_whole(const struct ui_canvas *c)
{
	int y, x;

	for (y = 0; y < c->rows; y++)
		for (x = 0; x < c->cols; x++) {
			wchar_t ch = c->cells[y * c->cols + x].ch;
			if (ch == 0) {
				assert_true(x > 0);
				assert_int_equal(ui_width_wchar(c->cells[y * c->cols + x - 1].ch), 2);
			} else if (ch != UI_CANVAS_VLINE && ch != UI_CANVAS_HLINE &&
			           ui_width_wchar(ch) == 2) {
				assert_true(x + 1 < c->cols);
				assert_int_equal(c->cells[y * c->cols + x + 1].ch, 0);
			}
		}
}

static void test_fit(void **state)
{
	struct ui_canvas c;
	char *row;

	ui_canvas_init(&c);
	ui_canvas_resize(&c, 2, 20);
	ui_canvas_text(&c, 0, 0, 11, 0, "积石山保安族东乡族撒拉族自治县", UI_WIDTH_LEFT);
	row = ui_canvas_row_utf8(&c, 0);
	/* 11 columns: five characters (10), then '~'. */
	assert_string_equal(row, "积石山保安~         ");
	free(row);
	ui_canvas_text(&c, 1, 0, 20, 0, "国家 › 河北省", UI_WIDTH_RIGHT);
	row = ui_canvas_row_utf8(&c, 1);
	assert_string_equal(row, "       国家 › 河北省");
	free(row);
	assert_whole(&c);
	ui_canvas_free(&c);
}

static void test_overwrite_halves(void **state)
{
	struct ui_canvas c;
	char *row;

	ui_canvas_init(&c);
	ui_canvas_resize(&c, 1, 10);
	ui_canvas_text(&c, 0, 0, 10, 0, "河北省石家", UI_WIDTH_LEFT);
	/* Writing at an odd column covers the right half of 北 and the left
	 * half of 省: both orphans become spaces. */
	ui_canvas_text(&c, 0, 3, 2, 0, "ab", UI_WIDTH_LEFT);
	assert_whole(&c);
	row = ui_canvas_row_utf8(&c, 0);
	assert_string_equal(row, "河 ab 石家");
	free(row);
	ui_canvas_vline(&c, 0, 7, 1, 0);
	assert_whole(&c);
	ui_canvas_free(&c);
}

/* Rows copied between canvases (a form drawn whole, then shown in part):
 * the columns given, rows out of range left out, and a wide character
 * cut by an edge of the columns becomes a space, never half of one. */
static void test_copy_rows(void **state)
{
	struct ui_canvas a, b;
	char *row;

	ui_canvas_init(&a);
	ui_canvas_init(&b);
	ui_canvas_resize(&a, 3, 10);
	ui_canvas_resize(&b, 2, 10);
	ui_canvas_text(&a, 0, 0, 10, 0, "第一行", UI_WIDTH_LEFT);
	ui_canvas_text(&a, 1, 0, 10, 0, "河北省石家", UI_WIDTH_LEFT);
	ui_canvas_text(&b, 0, 0, 10, 0, "xxxxxxxxxx", UI_WIDTH_LEFT);
	ui_canvas_text(&b, 1, 0, 10, 0, "yyyyyyyyyy", UI_WIDTH_LEFT);
	/* rows 1-2 of a (2 is blank, 3 does not exist), columns 1-6 */
	ui_canvas_copy_rows(&b, 0, &a, 1, 3, 1, 6);
	assert_whole(&b);
	row = ui_canvas_row_utf8(&b, 0);
	assert_string_equal(row, "x 北省 xxx"); /* 河 and 石 cut: spaces */
	free(row);
	row = ui_canvas_row_utf8(&b, 1);
	assert_string_equal(row, "y      yyy");
	free(row);
	ui_canvas_free(&a);
	ui_canvas_free(&b);
}

static void test_wrap(void **state)
{
	char **lines;
	size_t n, i;

	n = ui_text_wrap("石家庄市司法局在履行职责中形成的委托权公证书信息", 10, &lines);
	assert_int_equal(n, 5);
	for (i = 0; i < n; i++) {
		assert_true(ui_width_utf8(lines[i]) <= 10);
		free(lines[i]);
	}
	free(lines);
	n = ui_text_wrap("one two three four", 9, &lines);
	assert_int_equal(n, 3);
	assert_string_equal(lines[0], "one two");
	assert_string_equal(lines[1], "three");
	assert_string_equal(lines[2], "four");
	for (i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
}

/* Expects ui_text_wrap(s, width) to give exactly the lines of want. */
static void assert_wrap(const char *s, int width, const char *const *want, size_t n_want)
{
	char **lines;
	size_t n = ui_text_wrap(s, width, &lines), i;

	assert_int_equal(n, n_want);
	for (i = 0; i < n; i++) {
		assert_string_equal(lines[i], want[i]);
		assert_true(ui_width_utf8(lines[i]) <= width);
		free(lines[i]);
	}
	free(lines);
}

/* Chinese line breaking: no line starts with closing punctuation or ends
 * with opening punctuation; the character before goes along instead. */
static void test_wrap_cjk_punctuation(void **state)
{
	static const char *const comma[] = { "一二三四", "五，六七八" };
	static const char *const full_stop[] = { "一二三四", "五。" };
	static const char *const paren[] = { "一二三四", "五）" };
	static const char *const fullwidth_dot[] = { "一二三四", "五．" };
	static const char *const open_title[] = { "一二三四", "《五》六" };
	static const char *const open_quote[] = { "一二三四", "“五”" };
	static const char *const open_bracket[] = { "一二三四", "【五】" };
	static const char *const close_quote[] = { "一二三四", "五”六" };
	/* 。” together: both go, with the character before them. */
	static const char *const run[] = { "一二三四", "五。”好" };
	static const char *const run2[] = { "一二三", "四。”好" };
	/* Nothing to carry: punctuation only, broken where it overflows. */
	static const char *const all_punct[] = { "，，，，，", "，" };
	/* No rule in play: as before. */
	static const char *const plain[] = { "一二三四五", "六七八" };
	static const char *const english[] = { "he said “a", "bcdefghij”", "then" };
	static const char *const ascii_long[] = { "abcdefghij", "klm" };

	assert_wrap("一二三四五，六七八", 10, comma, 2);
	assert_wrap("一二三四五。", 10, full_stop, 2);
	assert_wrap("一二三四五）", 10, paren, 2);
	assert_wrap("一二三四五．", 10, fullwidth_dot, 2);
	assert_wrap("一二三四《五》六", 10, open_title, 2);
	assert_wrap("一二三四“五”", 10, open_quote, 2);
	assert_wrap("一二三四【五】", 10, open_bracket, 2);
	assert_wrap("一二三四五”六", 10, close_quote, 2);
	assert_wrap("一二三四五。”好", 11, run, 2);
	assert_wrap("一二三四。”好", 10, run2, 2);
	assert_wrap("，，，，，，", 10, all_punct, 2);
	assert_wrap("一二三四五六七八", 10, plain, 2);
	assert_wrap("he said “abcdefghij” then", 10, english, 3);
	assert_wrap("abcdefghijklm", 10, ascii_long, 2);
}

static void test_list(void **state)
{
	struct ui_list l = { .n = 100 };

	ui_list_fix(&l, 10);
	assert_true(ui_list_request(&l, REQ_BOTTOM));
	assert_int_equal(l.cur, 99);
	assert_int_equal(l.top, 90);
	assert_true(ui_list_request(&l, REQ_PAGE_UP));
	assert_int_equal(l.cur, 90);
	assert_true(ui_list_request(&l, REQ_TOP));
	assert_int_equal(l.cur, 0);
	assert_true(ui_list_request(&l, REQ_UP));
	assert_int_equal(l.cur, 0);
	assert_false(ui_list_request(&l, REQ_SELECT));
	l.n = 0;
	ui_list_fix(&l, 10);
	assert_int_equal(l.cur, 0);
	assert_true(ui_list_match("民政", "石家庄市民政局", NULL));
	assert_true(ui_list_match("abc", NULL, "xABCx"));
	assert_false(ui_list_match("民政", "公安局", "130100"));
}

/* `set cursor mark`: the cursor row's role goes on its first cell alone,
 * a '>' where that cell is blank; other roles still cover the range. */
static void test_cursor_mark(void **state)
{
	struct ui_canvas c;
	struct ui_text t = { 0 };
	char *row;
	int x;

	(void)state;
	ui_canvas_init(&c);
	ui_canvas_resize(&c, 3, 20);
	ui_canvas_text(&c, 0, 1, 19, UI_ROLE_NORMAL, "婚姻登记信息", UI_WIDTH_LEFT);
	ui_canvas_role(&c, 0, 0, 20, UI_ROLE_SELECTED);
	for (x = 0; x < 20; x++)
		assert_int_equal(c.cells[x].role, UI_ROLE_SELECTED);
	c.cursor_mark = true;
	ui_canvas_text(&c, 1, 1, 19, UI_ROLE_NORMAL, "婚姻登记信息", UI_WIDTH_LEFT);
	ui_canvas_role(&c, 1, 0, 20, UI_ROLE_SELECTED);
	row = ui_canvas_row_utf8(&c, 1);
	assert_string_equal(row, ">婚姻登记信息       ");
	free(row);
	assert_int_equal(c.cells[20].role, UI_ROLE_SELECTED);
	for (x = 1; x < 20; x++)
		assert_int_equal(c.cells[20 + x].role, UI_ROLE_NORMAL);
	ui_canvas_role(&c, 1, 0, 20, UI_ROLE_DIM);
	assert_int_equal(c.cells[20 + 5].role, UI_ROLE_DIM);
	/* A text row drawn as the cursor: as it is, the mark before it. */
	ui_text_reset(&t, 19, 0);
	ui_text_line(&t, UI_ROLE_NORMAL, "信息资源名称", NULL);
	ui_text_draw_row(&c, 2, 1, 19, &t, 0, UI_ROLE_SELECTED);
	row = ui_canvas_row_utf8(&c, 2);
	assert_string_equal(row, ">信息资源名称       ");
	free(row);
	assert_int_equal(c.cells[40].role, UI_ROLE_SELECTED);
	assert_int_equal(c.cells[41].role, UI_ROLE_NORMAL);
	ui_text_free(&t);
	assert_whole(&c);
	ui_canvas_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fit),
		cmocka_unit_test(test_overwrite_halves),
		cmocka_unit_test(test_copy_rows),
		cmocka_unit_test(test_wrap),
		cmocka_unit_test(test_wrap_cjk_punctuation),
		cmocka_unit_test(test_list),
		cmocka_unit_test(test_cursor_mark),
	};

	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests_name("tui-canvas", tests, NULL, NULL);
}
