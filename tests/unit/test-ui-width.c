/*
 * Unit tests for tui/ui/ui-width: column measurement and fitting of ASCII,
 * Chinese and broken text into exact columns.
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

#include "ui-width.h"

/* Fits s (UTF-8) and returns the result as UTF-8 in a static-free way:
 * the caller frees it.  Also checks the invariant that the result is exactly
 * `cols` columns wide. */
static char *
fit(const char *s, int cols, enum ui_width_align align)
{
	wchar_t out[256];
	int n = ui_width_fit_utf8(s, cols, align, out, 256);

	assert_int_equal(n, cols > 0 ? cols : 0);
	assert_int_equal(ui_width_wcs(out, (size_t)-1), cols > 0 ? cols : 0);
	return ui_width_to_utf8(out);
}

#define assert_fit(s, cols, align, expect) do { \
		char *got_ = fit((s), (cols), (align)); \
		assert_string_equal(got_, (expect)); \
		free(got_); \
	} while (0)

static int
setup_locale(void **state)
{
	if (setlocale(LC_CTYPE, "C.UTF-8") == NULL &&
	    setlocale(LC_CTYPE, "C.utf8") == NULL)
		return -1;
	return 0;
}

static void
test_ascii(void **state)
{
	assert_int_equal(ui_width_utf8("hello"), 5);
	assert_int_equal(ui_width_utf8(""), 0);
	assert_int_equal(ui_width_wchar(L'a'), 1);
	assert_int_equal(ui_width_wcs(L"abcdef", 3), 3);
	assert_int_equal(ui_width_wcs(L"ab", (size_t)-1), 2);
	assert_fit("abc", 6, UI_WIDTH_LEFT, "abc   ");
	assert_fit("abcdef", 6, UI_WIDTH_LEFT, "abcdef");
	assert_fit("abcdefg", 6, UI_WIDTH_LEFT, "abcde~");
}

static void
test_chinese_width(void **state)
{
	assert_int_equal(ui_width_wchar(L'中'), 2);
	assert_int_equal(ui_width_utf8("河北省"), 6);
	assert_int_equal(ui_width_utf8("国家 › 河北省"), 2 * 2 + 3 + 6);
	assert_int_equal(ui_width_wcs(L"石家庄市", 2), 4);
	assert_fit("河北省", 8, UI_WIDTH_LEFT, "河北省  ");
	assert_fit("河北省", 6, UI_WIDTH_LEFT, "河北省");
}

static void
test_mixed(void **state)
{
	assert_int_equal(ui_width_utf8("A1中B"), 5);
	assert_fit("REQ-1 人口", 12, UI_WIDTH_LEFT, "REQ-1 人口  ");
	assert_fit("a中b", 4, UI_WIDTH_LEFT, "a中b");
}

static void
test_long_name_cut(void **state)
{
	const char *name = "河北省石家庄市长安区人力资源和社会保障局";
	char *got = fit(name, 16, UI_WIDTH_LEFT);

	/* 15 columns for text: 7 chars = 14 columns, the 8th would straddle,
	 * so one space, then the '~' in the last column. */
	assert_string_equal(got, "河北省石家庄市 ~");
	free(got);
	assert_fit(name, 15, UI_WIDTH_LEFT, "河北省石家庄市~");
	assert_fit("abc中文", 5, UI_WIDTH_LEFT, "abc ~");
	assert_fit("abcd中文", 6, UI_WIDTH_LEFT, "abcd ~");
	assert_fit("ab中文", 5, UI_WIDTH_LEFT, "ab中~");
}

static void
test_straddle_never_splits(void **state)
{
	/* 4 columns of text into 3: one character and the '~'. */
	assert_fit("中文", 3, UI_WIDTH_LEFT, "中~");
	assert_fit("中文字", 5, UI_WIDTH_LEFT, "中文~");
	assert_fit("中文字", 4, UI_WIDTH_LEFT, "中 ~");
	assert_fit("中文字", 4, UI_WIDTH_RIGHT, " 中~");
	/* A field of odd width for text that fits needs only padding. */
	assert_fit("中文", 5, UI_WIDTH_LEFT, "中文 ");
}

static void
test_right_align(void **state)
{
	assert_fit("42", 5, UI_WIDTH_RIGHT, "   42");
	assert_fit("长安区", 9, UI_WIDTH_RIGHT, "   长安区");
	assert_fit("abcdefgh", 5, UI_WIDTH_RIGHT, "abcd~");
	assert_fit("", 3, UI_WIDTH_RIGHT, "   ");
}

static void
test_invalid_utf8(void **state)
{
	wchar_t *w;
	char *u;

	w = ui_width_from_utf8("a\xff" "b");
	assert_int_equal(wcslen(w), 3);
	assert_int_equal(w[1], 0xFFFD);
	free(w);

	/* A cut-off 中 (E4 B8 AD) is one replacement character. */
	w = ui_width_from_utf8("x\xe4\xb8");
	assert_int_equal(wcslen(w), 2);
	assert_int_equal(w[1], 0xFFFD);
	free(w);

	/* Overlong '/' and a UTF-16 surrogate are refused. */
	w = ui_width_from_utf8("\xc0\xaf");
	assert_int_equal(w[0], 0xFFFD);
	assert_int_equal(w[1], 0xFFFD);
	assert_int_equal(wcslen(w), 2);
	free(w);
	w = ui_width_from_utf8("\xed\xa0\x80");
	assert_int_equal(w[0], 0xFFFD);
	free(w);

	/* Valid 4-byte sequence survives the round trip. */
	w = ui_width_from_utf8("\xf0\x9f\x98\x80中");
	assert_int_equal(w[0], 0x1F600);
	assert_int_equal(w[1], L'中');
	u = ui_width_to_utf8(w);
	assert_string_equal(u, "\xf0\x9f\x98\x80中");
	free(u);
	free(w);

	assert_int_equal(ui_width_utf8("\xff\xfe"), 2);
	assert_fit("\xff" "ab", 4, UI_WIDTH_LEFT, "\xef\xbf\xbd" "ab ");

	w = ui_width_from_utf8(NULL);
	assert_int_equal(w[0], L'\0');
	free(w);
}

static void
test_control_chars(void **state)
{
	/* Shown escaped, as many columns as the escape. */
	assert_int_equal(ui_width_wchar(L'\t'), 2);
	assert_int_equal(ui_width_wchar(0x7f), 2);
	assert_int_equal(ui_width_wchar(0x9b), 8);
	assert_int_equal(ui_width_wchar(0x202e), 8);
	assert_int_equal(ui_width_utf8("a\tb\n"), 6);
	assert_int_equal(ui_width_utf8("\xc2\x9b"), 8);
	assert_fit("a\tb\x1b", 7, UI_WIDTH_LEFT, "a^Ib^[ ");
	/* A service's escape sequences: clear, clipboard, bell, C1 CSI, an
	 * override; nothing of them reaches the terminal as itself. */
	assert_fit("\x1b[2J\x1b]52;c;eA==\x07\xc2\x9b" "6n\xe2\x80\xae" "ab", 40, UI_WIDTH_LEFT,
	           "^[[2J^[]52;c;eA==^G<U+009B>6n<U+202E>ab ");
	/* An escape is cut whole: no "<U+0" left at the edge. */
	assert_fit("ab\xc2\x9b", 8, UI_WIDTH_LEFT, "ab     ~");
	assert_fit("\x1b\x1b", 3, UI_WIDTH_RIGHT, "^[~");
	assert_fit("\x1b", 3, UI_WIDTH_RIGHT, " ^[");
	/* Combining characters take no column of their own. */
	assert_int_equal(ui_width_wchar(0x0301), 0);
	assert_int_equal(ui_width_utf8("e\xcc\x81"), 1);
	assert_fit("e\xcc\x81x", 3, UI_WIDTH_LEFT, "e\xcc\x81x ");
}

static void
test_small_cols(void **state)
{
	wchar_t out[8];

	assert_int_equal(ui_width_fit(L"abc", 0, UI_WIDTH_LEFT, out, 8), 0);
	assert_int_equal(out[0], L'\0');
	assert_int_equal(ui_width_fit(L"abc", -3, UI_WIDTH_RIGHT, out, 8), 0);
	assert_int_equal(out[0], L'\0');

	assert_fit("abc", 1, UI_WIDTH_LEFT, "~");
	assert_fit("a", 1, UI_WIDTH_LEFT, "a");
	assert_fit("中", 1, UI_WIDTH_LEFT, "~");
	assert_fit("中", 2, UI_WIDTH_LEFT, "中");
	assert_fit("中文", 2, UI_WIDTH_LEFT, " ~");
	assert_fit("ab", 2, UI_WIDTH_LEFT, "ab");
	assert_fit("abc", 2, UI_WIDTH_LEFT, "a~");
	assert_fit("", 2, UI_WIDTH_LEFT, "  ");
	assert_fit(NULL, 2, UI_WIDTH_LEFT, "  ");
}

static void
test_small_outcap(void **state)
{
	wchar_t out[4] = { L'x', L'x', L'x', L'x' };
	int n;

	/* Room for 2 characters and the NUL only. */
	n = ui_width_fit(L"中文字", 10, UI_WIDTH_LEFT, out, 3);
	assert_int_equal(n, 4);
	assert_true(wcscmp(out, L"中文") == 0);
	assert_int_equal(out[3], L'x');

	n = ui_width_fit(L"abc", 10, UI_WIDTH_LEFT, out, 1);
	assert_int_equal(n, 0);
	assert_int_equal(out[0], L'\0');
	assert_int_equal(ui_width_fit(L"abc", 10, UI_WIDTH_LEFT, out, 0), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ascii),
		cmocka_unit_test(test_chinese_width),
		cmocka_unit_test(test_mixed),
		cmocka_unit_test(test_long_name_cut),
		cmocka_unit_test(test_straddle_never_splits),
		cmocka_unit_test(test_right_align),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_control_chars),
		cmocka_unit_test(test_small_cols),
		cmocka_unit_test(test_small_outcap),
	};

	return cmocka_run_group_tests_name("ui-width", tests, setup_locale, NULL);
}
