/*
 * test-svc-body.c — unit tests of request bodies (exchange-service/body.c):
 * the size limit, strict JSON objects, unknown fields and typed getters.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "body.h"
#include "validate.h"

static const char *const request_fields[] = {"entry_code", "purpose", "items", NULL};

static json_t *parse(const char *text, size_t limit, struct body_error *err)
{
	struct body b;
	json_t *obj;

	body_init(&b, limit);
	assert_true(body_append(&b, text, strlen(text)));
	memset(err, 0, sizeof *err);
	obj = body_parse_object(&b, request_fields, err);
	body_free(&b);
	return obj;
}

static void expect_error(const char *text, int status, const char *code)
{
	struct body_error err;
	json_t *obj = parse(text, 1024, &err);

	assert_null(obj);
	assert_int_equal(err.status, status);
	assert_string_equal(err.code, code);
	assert_true(strlen(err.message) > 0);
}

static void test_valid_object(void **state)
{
	struct body_error err;
	json_t *obj = parse("{\"entry_code\":\"130000008-308001-0001\",\"purpose\":\"办理婚姻登记\"}",
	                    1024, &err);
	const char *s = NULL;

	assert_non_null(obj);
	assert_true(body_get_string(obj, "purpose", true, 500, &s, &err));
	assert_string_equal(s, "办理婚姻登记");
	json_decref(obj);
}

static void test_chunks_and_limit(void **state)
{
	struct body b;
	struct body_error err;
	json_t *obj;

	body_init(&b, 16);
	assert_true(body_append(&b, "{\"purpose\":", 11));
	assert_true(body_append(&b, "\"x\"}", 4));
	assert_false(b.too_large);
	obj = body_parse_object(&b, request_fields, &err);
	assert_non_null(obj);
	json_decref(obj);
	/* one byte past the limit: refused as a whole, nothing kept */
	assert_true(body_append(&b, "xx", 2));
	assert_true(b.too_large);
	assert_int_equal(b.len, 0);
	assert_null(body_parse_object(&b, request_fields, &err));
	assert_int_equal(err.status, 413);
	assert_string_equal(err.code, "payload_too_large");
	body_free(&b);
}

static void test_malformed(void **state)
{
	expect_error("", 400, "invalid_json");
	expect_error("{", 400, "invalid_json");
	expect_error("{\"purpose\":}", 400, "invalid_json");
	expect_error("[1,2]", 400, "invalid_json");
	expect_error("\"text\"", 400, "invalid_json");
	expect_error("null", 400, "invalid_json");
	expect_error("{\"purpose\":\"a\",\"purpose\":\"b\"}", 400, "invalid_json");
	expect_error("{\"purpose\":\"a\"} trailing", 400, "invalid_json");
	expect_error("{\"purpose\":\"\xe4\xb8\"}", 400, "invalid_utf8");
	expect_error("{\"purpose\":\"a\\u0000b\"}", 400, "invalid_json");
}

/* A backslash before a non-ASCII character: jansson's message quotes the
 * bytes and cuts the character; the error is still invalid_json with a
 * message that is UTF-8 (so that the reply can carry it). */
static void test_escape_before_non_ascii(void **state)
{
	static const char *const bodies[] = {
		"{\"purpose\":\"\\\xc3\xa9\"}",         /* \é */
		"{\"purpose\":\"\\\xf0\x9f\x8c\x80\"}", /* \ and an emoji */
		"{\"purpose\":\"\\\xe4\xb8\xad\"}",     /* \中 */
	};
	struct body_error err;

	(void)state;
	for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
		assert_null(parse(bodies[i], 1024, &err));
		assert_int_equal(err.status, 400);
		assert_string_equal(err.code, "invalid_json");
		assert_true(validate_utf8(err.message, strlen(err.message)));
	}
}

static void test_repair(void **state)
{
	char cut[] = "near '\\\xc3'", mixed[] = "a\xff\xe4\xb8\xad" "b\xe4\xb8";

	(void)state;
	validate_utf8_repair(cut);
	assert_string_equal(cut, "near '\\?'");
	validate_utf8_repair(mixed);
	assert_string_equal(mixed, "a?\xe4\xb8\xad" "b??");
}

static void test_unknown_field(void **state)
{
	struct body_error err;

	assert_null(parse("{\"purpose\":\"a\",\"admin\":true}", 1024, &err));
	assert_int_equal(err.status, 400);
	assert_string_equal(err.code, "invalid_parameter");
	assert_string_equal(err.field, "admin");
}

static void test_getters(void **state)
{
	struct body_error err;
	json_t *obj = parse("{\"purpose\":3,\"items\":[\"姓名\",\"\"],\"entry_code\":\"\"}", 1024, &err);
	const char *s;
	json_t *arr;

	assert_non_null(obj);
	assert_false(body_get_string(obj, "purpose", true, 10, &s, &err));
	assert_string_equal(err.field, "purpose");
	assert_false(body_get_string(obj, "entry_code", true, 10, &s, &err));
	assert_false(body_get_string_array(obj, "items", true, 10, 10, &arr, &err));
	json_decref(obj);

	obj = parse("{\"items\":[\"姓名\",\"性别\"]}", 1024, &err);
	assert_non_null(obj);
	assert_true(body_get_string_array(obj, "items", true, 10, 10, &arr, &err));
	assert_int_equal(json_array_size(arr), 2);
	assert_false(body_get_string_array(obj, "items", true, 1, 10, &arr, &err));
	/* missing: fine when optional, 422 when required */
	assert_true(body_get_string(obj, "purpose", false, 10, &s, &err));
	assert_null(s);
	assert_false(body_get_string(obj, "purpose", true, 10, &s, &err));
	assert_int_equal(err.status, 422);
	/* too long in characters, not bytes: 3 Chinese characters fit in 3 */
	json_decref(obj);
	obj = parse("{\"purpose\":\"婚姻登\"}", 1024, &err);
	assert_true(body_get_string(obj, "purpose", true, 3, &s, &err));
	assert_false(body_get_string(obj, "purpose", true, 2, &s, &err));
	json_decref(obj);
}

/* Free texts: an empty one is taken (blank is the database's to judge),
 * and the length message says what is allowed: "non-blank" for a required
 * text, "blank means none" for an optional one, never "non-empty". */
static void test_text(void **state)
{
	struct body_error err;
	json_t *obj = parse("{\"purpose\":\"\",\"entry_code\":\"\",\"items\":\"超长键\"}",
	                    1024, &err);
	const char *s;

	assert_non_null(obj);
	assert_true(body_get_text(obj, "purpose", true, 10, &s, &err));
	assert_string_equal(s, "");
	assert_true(body_get_text(obj, "entry_code", false, 10, &s, &err));
	assert_string_equal(s, "");
	assert_true(body_get_text(obj, "absent", false, 10, &s, &err));
	assert_null(s);
	assert_false(body_get_text(obj, "absent", true, 10, &s, &err));
	assert_int_equal(err.status, 422);
	assert_false(body_get_text(obj, "items", false, 2, &s, &err));
	assert_int_equal(err.status, 400);
	assert_string_equal(err.field, "items");
	assert_string_equal(err.message, "the field \"items\" must be a string of at most 2 "
	                                 "characters (blank means none)");
	assert_false(body_get_text(obj, "items", true, 2, &s, &err));
	assert_string_equal(err.message, "the field \"items\" must be a non-blank string of at "
	                                 "most 2 characters");
	json_decref(obj);
	obj = parse("{\"purpose\":7}", 1024, &err);
	assert_false(body_get_text(obj, "purpose", true, 10, &s, &err));
	assert_int_equal(err.status, 400);
	json_decref(obj);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_object), cmocka_unit_test(test_chunks_and_limit),
		cmocka_unit_test(test_malformed),    cmocka_unit_test(test_unknown_field),
		cmocka_unit_test(test_getters),      cmocka_unit_test(test_text),
		cmocka_unit_test(test_escape_before_non_ascii), cmocka_unit_test(test_repair),
	};

	return cmocka_run_group_tests_name("svc-body", tests, NULL, NULL);
}
