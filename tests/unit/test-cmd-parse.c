/*
 * Unit tests for tui/cmd/cmd-parse: the one splitter for the `:` line, key
 * bindings and the config file, and the joiner that quotes words back.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cmd-parse.h"

/* Splits line and checks it gives exactly the expected words (NULL-ended). */
static void
expect_words(const char *line, const char *const *expect)
{
	char err[64] = "";
	char **argv = NULL;
	int argc = -1, n = 0, i;

	while (expect[n] != NULL)
		n++;
	assert_int_equal(cmd_parse_split(line, &argc, &argv, err, sizeof(err)), 0);
	assert_string_equal(err, "");
	assert_int_equal(argc, n);
	assert_non_null(argv);
	for (i = 0; i < n; i++)
		assert_string_equal(argv[i], expect[i]);
	assert_null(argv[n]);
	cmd_parse_free(argc, argv);
}

#define WORDS(...) ((const char *const[]){ __VA_ARGS__, NULL })

static void
expect_error(const char *line, const char *message)
{
	char err[64] = "";
	char **argv = (char **)1;
	int argc = 7;

	assert_int_equal(cmd_parse_split(line, &argc, &argv, err, sizeof(err)), -1);
	assert_string_equal(err, message);
	assert_int_equal(argc, 0);
	assert_null(argv);
}

static void
test_plain_words(void **state)
{
	expect_words("open 110000", WORDS("open", "110000"));
	expect_words("  search\t  abc  ", WORDS("search", "abc"));
	expect_words("q", WORDS("q"));
}

static void
test_quoting(void **state)
{
	expect_words("approve REQ-1 \"legal basis given\"",
	             WORDS("approve", "REQ-1", "legal basis given"));
	expect_words("reject 'it is \"fine\"'", WORDS("reject", "it is \"fine\""));
	expect_words("say \"it's\"", WORDS("say", "it's"));
	expect_words("a\\ b c", WORDS("a b", "c"));
	expect_words("\"a\\\"b\" 'x\\y'", WORDS("a\"b", "x\\y"));
	expect_words("x '' y \"\"", WORDS("x", "", "y", ""));
	expect_words("ab'cd'\"ef\"", WORDS("abcdef"));
	expect_words("bind j 'move down'", WORDS("bind", "j", "move down"));
}

static void
test_chinese(void **state)
{
	expect_words("search 人口基础信息", WORDS("search", "人口基础信息"));
	expect_words("reject 1 '材料不全 请补充'",
	             WORDS("reject", "1", "材料不全 请补充"));
	expect_words("open \"河北省 石家庄市\" 长安区",
	             WORDS("open", "河北省 石家庄市", "长安区"));
	/* The ideographic space U+3000 is part of a word, not a separator. */
	expect_words("a\xe3\x80\x80" "b", WORDS("a\xe3\x80\x80" "b"));
}

static void
test_errors(void **state)
{
	expect_error("reject 1 'no end", "unterminated single quote");
	expect_error("reject 1 \"no end", "unterminated double quote");
	expect_error("reject 1 \"escaped end\\\"", "unterminated double quote");
	expect_error("reject 1 \"ends in backslash\\", "unterminated double quote");
	expect_error("open abc\\", "trailing backslash");
	expect_error("open abc\\\n", "trailing backslash");
	expect_error("say it's", "unterminated single quote");
	/* A quote inside a comment does not count. */
	expect_words("open x # it's a comment", WORDS("open", "x"));
}

static void
test_error_buffer(void **state)
{
	char small[5];
	char **argv;
	int argc;

	/* A short buffer is cut, never overrun; NULL is allowed. */
	assert_int_equal(cmd_parse_split("'x", &argc, &argv, small, sizeof(small)), -1);
	assert_string_equal(small, "unte");
	assert_int_equal(cmd_parse_split("'x", &argc, &argv, NULL, 0), -1);
}

static void
test_comments_and_blank(void **state)
{
	expect_words("", (const char *const[]){ NULL });
	expect_words("   \t ", (const char *const[]){ NULL });
	expect_words("# a whole comment line", (const char *const[]){ NULL });
	expect_words("   # indented comment", (const char *const[]){ NULL });
	expect_words("set theme mono # the default", WORDS("set", "theme", "mono"));
	expect_words("bind # quit", WORDS("bind"));
	/* '#' inside a word, quoted or escaped is not a comment. */
	expect_words("bind a#b", WORDS("bind", "a#b"));
	expect_words("bind '#' \"#x\" \\#y", WORDS("bind", "#", "#x", "#y"));
	/* A line ends at its newline, as read from a file. */
	expect_words("set a b\n", WORDS("set", "a", "b"));
	expect_words("set 'a\nb'", WORDS("set", "a\nb"));
}

static void
round_trip(int argc, const char *const *words, const char *expect_line)
{
	char err[64];
	char *line = cmd_parse_join(argc, (char *const *)words);
	char **argv;
	int n, i;

	if (expect_line != NULL)
		assert_string_equal(line, expect_line);
	assert_int_equal(cmd_parse_split(line, &n, &argv, err, sizeof(err)), 0);
	assert_int_equal(n, argc);
	for (i = 0; i < argc; i++)
		assert_string_equal(argv[i], words[i]);
	cmd_parse_free(n, argv);
	free(line);
}

static void
test_join_round_trip(void **state)
{
	const char *plain[] = { "open", "110000" };
	const char *spaced[] = { "approve", "REQ-1", "data is needed" };
	const char *chinese[] = { "reject", "7", "材料不全，请补充" };
	const char *quotes[] = { "say", "it's \"quoted\"", "back\\slash" };
	const char *odd[] = { "", "#hash", "a#b", "tab\there", "new\nline", "'" };
	char *empty;

	round_trip(2, plain, "open 110000");
	round_trip(3, spaced, "approve REQ-1 'data is needed'");
	round_trip(3, chinese, "reject 7 材料不全，请补充");
	round_trip(3, quotes, "say \"it's \\\"quoted\\\"\" 'back\\slash'");
	round_trip(6, odd, NULL);

	empty = cmd_parse_join(0, NULL);
	assert_string_equal(empty, "");
	free(empty);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_words),
		cmocka_unit_test(test_quoting),
		cmocka_unit_test(test_chinese),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_error_buffer),
		cmocka_unit_test(test_comments_and_blank),
		cmocka_unit_test(test_join_round_trip),
	};

	return cmocka_run_group_tests_name("cmd-parse", tests, NULL, NULL);
}
