/*
 * client-test-util.c — helpers of the libgovdx parser unit tests (see the
 * header).
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "client-test-util.h"
#include "utf8.h"

bool util_utf8_valid(const char *s)
{
	return utf8_valid(s, strlen(s));
}

void util_expect_malformed(const struct govdx_error *err, const char *mention)
{
	assert_int_equal(err->kind, GOVDX_ERR_PROTOCOL);
	assert_string_equal(err->code, "malformed_answer");
	if (strstr(err->message, mention) == NULL)
		fail_msg("message \"%s\" does not mention \"%s\"", err->message, mention);
	assert_null(strchr(err->message, '\n'));
	assert_true(util_utf8_valid(err->message));
}

char *util_replace_once(const char *src, const char *from, const char *to)
{
	const char *hit = strstr(src, from);
	char *s;

	assert_non_null(hit);
	s = malloc(LEN(src) - LEN(from) + LEN(to) + 1);
	assert_non_null(s);
	memcpy(s, src, (size_t)(hit - src));
	s[hit - src] = '\0';
	strcat(s, to);
	strcat(s, hit + LEN(from));
	return s;
}
