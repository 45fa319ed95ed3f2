/*
 * Unit tests of the console's charts (tui/ui/ui-chart.c): bars in eighths
 * and in '#', sparklines in blocks and ASCII, each exactly the columns
 * asked for, next to Chinese names fitted by ui-width without a split
 * character; and which style a terminal and a locale get.
 */
#include "config.h"

#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include <cmocka.h>

#include "ui-chart.h"
#include "ui-width.h"

static void test_bar_blocks(void **state)
{
	wchar_t out[64];

	(void)state;
	assert_int_equal(ui_chart_bar(out, 64, 0.5, 10, UI_CHART_BLOCKS), 5);
	assert_true(wcscmp(out, L"█████     ") == 0);
	/* 0.55 of 10 columns: 5 full and 4/8 of the sixth */
	assert_int_equal(ui_chart_bar(out, 64, 0.55, 10, UI_CHART_BLOCKS), 6);
	assert_true(wcscmp(out, L"█████▌    ") == 0);
	assert_int_equal(ui_chart_bar(out, 64, 1.0, 4, UI_CHART_BLOCKS), 4);
	assert_true(wcscmp(out, L"████") == 0);
	assert_int_equal(ui_chart_bar(out, 64, 0.0, 4, UI_CHART_BLOCKS), 0);
	assert_true(wcscmp(out, L"    ") == 0);
	/* a tiny value still shows; almost all is not full */
	ui_chart_bar(out, 64, 0.001, 4, UI_CHART_BLOCKS);
	assert_true(wcscmp(out, L"▏   ") == 0);
	ui_chart_bar(out, 64, 0.999, 4, UI_CHART_BLOCKS);
	assert_true(wcscmp(out, L"███▉") == 0);
	/* out of range and NaN are clamped */
	ui_chart_bar(out, 64, 7.0, 3, UI_CHART_BLOCKS);
	assert_true(wcscmp(out, L"███") == 0);
	ui_chart_bar(out, 64, -1.0, 3, UI_CHART_BLOCKS);
	assert_true(wcscmp(out, L"   ") == 0);
	for (int i = 0; i <= 80; i++) {
		ui_chart_bar(out, 64, i / 80.0, 10, UI_CHART_BLOCKS);
		assert_int_equal(ui_width_wcs(out, (size_t)-1), 10);
		assert_int_equal(wcslen(out), 10);
	}
}

static void test_bar_ascii(void **state)
{
	wchar_t out[64];

	(void)state;
	assert_int_equal(ui_chart_bar(out, 64, 0.5, 10, UI_CHART_ASCII), 5);
	assert_true(wcscmp(out, L"#####     ") == 0);
	ui_chart_bar(out, 64, 0.01, 10, UI_CHART_ASCII);
	assert_true(wcscmp(out, L".         ") == 0);
	ui_chart_bar(out, 64, 0.97, 10, UI_CHART_ASCII);
	assert_true(wcscmp(out, L"######### ") == 0);
	ui_chart_bar(out, 64, 1, 10, UI_CHART_ASCII);
	assert_true(wcscmp(out, L"##########") == 0);
	/* a small buffer is cut, never overrun */
	ui_chart_bar(out, 4, 1, 10, UI_CHART_ASCII);
	assert_true(wcscmp(out, L"###") == 0);
}

static void test_spark(void **state)
{
	static const long v[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8 };
	static const long many[] = { 9, 9, 9, 0, 8 };
	wchar_t out[64];

	(void)state;
	assert_int_equal(ui_chart_spark(out, 64, v, 9, 0, 12, UI_CHART_BLOCKS), 9);
	assert_true(wcscmp(out, L" ▁▂▃▄▅▆▇█   ") == 0);
	ui_chart_spark(out, 64, v, 9, 0, 9, UI_CHART_ASCII);
	assert_true(wcscmp(out, L" .:-=+*%#") == 0);
	/* 1 of 100 still shows; the last values when there are more */
	ui_chart_spark(out, 64, (const long[]){ 1, 100 }, 2, 0, 2, UI_CHART_BLOCKS);
	assert_true(wcscmp(out, L"▁█") == 0);
	assert_int_equal(ui_chart_spark(out, 64, many, 5, 8, 2, UI_CHART_ASCII), 2);
	assert_true(wcscmp(out, L" #") == 0);
	assert_int_equal(ui_chart_spark(out, 64, NULL, 0, 0, 3, UI_CHART_BLOCKS), 0);
	assert_true(wcscmp(out, L"   ") == 0);
}

/* A row of a chart: a Chinese name fitted to its column, then the bar:
 * the row is exactly as wide as its columns, the name never split. */
static void test_row_with_chinese(void **state)
{
	wchar_t name[32], bar[32], row[64];

	(void)state;
	/* 河北省民政厅 is 12 columns: into 9, three whole characters and a mark */
	assert_int_equal(ui_width_fit_utf8("河北省民政厅", 9, UI_WIDTH_LEFT, name, 32), 9);
	assert_int_equal(ui_width_wcs(name, (size_t)-1), 9);
	assert_true(wcsncmp(name, L"河北省", 3) == 0);
	ui_chart_bar(bar, 32, 0.3, 12, UI_CHART_BLOCKS);
	swprintf(row, 64, L"%ls %ls|", name, bar);
	assert_int_equal(ui_width_wcs(row, (size_t)-1), 9 + 1 + 12 + 1);
}

static void test_style(void **state)
{
	(void)state;
	assert_int_equal(ui_chart_style_for("xterm-256color", NULL, NULL, "zh_CN.UTF-8"),
	                 UI_CHART_BLOCKS);
	assert_int_equal(ui_chart_style_for("tmux-256color", "C.utf8", NULL, NULL),
	                 UI_CHART_BLOCKS);
	assert_int_equal(ui_chart_style_for("vt100", NULL, NULL, "en_US.UTF-8"), UI_CHART_ASCII);
	assert_int_equal(ui_chart_style_for("vt220", NULL, NULL, "en_US.UTF-8"), UI_CHART_ASCII);
	assert_int_equal(ui_chart_style_for("linux", NULL, NULL, "en_US.UTF-8"), UI_CHART_ASCII);
	assert_int_equal(ui_chart_style_for("xterm", NULL, NULL, "C"), UI_CHART_ASCII);
	assert_int_equal(ui_chart_style_for("xterm", NULL, NULL, NULL), UI_CHART_ASCII);
	assert_int_equal(ui_chart_style_for("xterm", NULL, NULL, "zh_CN.GB18030"), UI_CHART_ASCII);
	/* LC_ALL wins over LANG, LC_CTYPE over LANG */
	assert_int_equal(ui_chart_style_for("xterm", "C", NULL, "en_US.UTF-8"), UI_CHART_ASCII);
	assert_int_equal(ui_chart_style_for("xterm", "", "de_DE.utf8@euro", "C"), UI_CHART_BLOCKS);
	assert_int_equal(ui_chart_style_for(NULL, NULL, NULL, "C.UTF-8"), UI_CHART_ASCII);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bar_blocks),
		cmocka_unit_test(test_bar_ascii),
		cmocka_unit_test(test_spark),
		cmocka_unit_test(test_row_with_chinese),
		cmocka_unit_test(test_style),
	};

	if (!setlocale(LC_CTYPE, "C.UTF-8"))
		setlocale(LC_CTYPE, "C.utf8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
