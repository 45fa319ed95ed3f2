/*
 * Unit tests for libgovdx's token file reader: the mode rules (0600 only),
 * missing, empty and non-regular files, the one trailing newline that is
 * stripped, and tokens with spaces or control characters that are refused.
 * Every refusal must name the file and never contain the token.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "govdx.h"

struct fixture {
	char dir[64];
	char path[128];
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);

	if (f == NULL)
		return -1;
	strcpy(f->dir, "/tmp/govdx-token-XXXXXX");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	snprintf(f->path, sizeof f->path, "%s/user.token", f->dir);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	unlink(f->path);
	rmdir(f->dir);
	free(f);
	return 0;
}

static void write_token(const struct fixture *f, const char *content, size_t len, mode_t mode)
{
	FILE *fp;

	unlink(f->path);
	fp = fopen(f->path, "w");
	assert_non_null(fp);
	assert_int_equal(fwrite(content, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
	assert_int_equal(chmod(f->path, mode), 0);
}

static void expect_refused(const struct fixture *f, const char *mention, const char *secret)
{
	struct govdx_error err;
	char *tok = (char *)1;

	assert_int_equal(govdx_read_token_file(f->path, &tok, &err), -1);
	assert_null(tok);
	assert_int_equal(err.kind, GOVDX_ERR_USAGE);
	assert_string_equal(err.code, "token_file");
	if (strstr(err.message, mention) == NULL)
		fail_msg("\"%s\" does not mention \"%s\"", err.message, mention);
	if (secret != NULL && strstr(err.message, secret) != NULL)
		fail_msg("the message shows the token: %s", err.message);
}

static void test_mode_0600_ok(void **state)
{
	struct fixture *f = *state;
	struct govdx_error err;
	char *tok = NULL;

	write_token(f, "s3cr3t-Token_value.42\n", 22, 0600);
	assert_int_equal(govdx_read_token_file(f->path, &tok, &err), 0);
	assert_string_equal(tok, "s3cr3t-Token_value.42");
	free(tok);

	/* 0400 is as private as 0600 */
	write_token(f, "abcdef", 6, 0400);
	assert_int_equal(govdx_read_token_file(f->path, &tok, &err), 0);
	assert_string_equal(tok, "abcdef");
	free(tok);
}

static void test_mode_group_other_refused(void **state)
{
	struct fixture *f = *state;
	char want[512];

	write_token(f, "secret-value-1\n", 15, 0644);
	snprintf(want, sizeof want, "token file %s is readable by others (mode 0644); run chmod 600 %s",
	         f->path, f->path);
	expect_refused(f, want, "secret-value-1");

	write_token(f, "secret-value-1\n", 15, 0640);
	snprintf(want, sizeof want, "is readable by others (mode 0640); run chmod 600 %s", f->path);
	expect_refused(f, want, "secret-value-1");

	write_token(f, "secret-value-1\n", 15, 0602);
	expect_refused(f, "accessible by others (mode 0602)", "secret-value-1");
}

static void test_missing_file(void **state)
{
	struct fixture *f = *state;
	char want[512];

	unlink(f->path);
	snprintf(want, sizeof want, "token file %s does not exist", f->path);
	expect_refused(f, want, NULL);
}

static void test_not_regular(void **state)
{
	struct fixture *f = *state;
	struct govdx_error err;
	char *tok = NULL;

	assert_int_equal(govdx_read_token_file(f->dir, &tok, &err), -1);
	assert_null(tok);
	assert_string_equal(err.code, "token_file");
	assert_non_null(strstr(err.message, "is not a regular file"));
}

static void test_empty(void **state)
{
	struct fixture *f = *state;

	write_token(f, "", 0, 0600);
	expect_refused(f, "is empty", NULL);
	/* a lone newline is empty too */
	write_token(f, "\n", 1, 0600);
	expect_refused(f, "is empty", NULL);
}

static void test_trailing_newline_stripped_once(void **state)
{
	struct fixture *f = *state;
	struct govdx_error err;
	char *tok = NULL;

	write_token(f, "tok-crlf\r\n", 10, 0600);
	assert_int_equal(govdx_read_token_file(f->path, &tok, &err), 0);
	assert_string_equal(tok, "tok-crlf");
	free(tok);

	/* a second newline is a second line: refused, not trimmed */
	write_token(f, "tok-two-lines\n\n", 15, 0600);
	expect_refused(f, "control character or an extra line", "tok-two-lines");
}

static void test_embedded_space_and_control(void **state)
{
	struct fixture *f = *state;

	write_token(f, "half token\n", 11, 0600);
	expect_refused(f, "has a space inside the token (at byte 5)", "half token");
	write_token(f, "tab\there\n", 9, 0600);
	expect_refused(f, "has a space inside", NULL);
	write_token(f, "bell\aring", 9, 0600);
	expect_refused(f, "control character", NULL);
	write_token(f, "令牌\n", 7, 0600);
	expect_refused(f, "non-ASCII", NULL);
}

static void test_too_large(void **state)
{
	struct fixture *f = *state;
	char *big = malloc(5000);

	assert_non_null(big);
	memset(big, 'a', 5000);
	write_token(f, big, 5000, 0600);
	free(big);
	expect_refused(f, "too large", NULL);
}

static void test_client_new_checks_token(void **state)
{
	struct fixture *f = *state;
	struct govdx_options opt = {.url = "http://127.0.0.1:1", .token_file = f->path};
	struct govdx_client *c = (void *)1;
	struct govdx_error err;

	write_token(f, "client-secret\n", 14, 0644);
	assert_int_equal(govdx_client_new(&opt, &c, &err), -1);
	assert_null(c);
	assert_string_equal(err.code, "token_file");
	assert_non_null(strstr(err.message, "run chmod 600"));

	assert_int_equal(chmod(f->path, 0600), 0);
	assert_int_equal(govdx_client_new(&opt, &c, &err), 0);
	assert_non_null(c);
	assert_string_equal(govdx_client_url(c), "http://127.0.0.1:1");
	govdx_client_free(c);

	/* a bad URL is a usage error */
	opt.url = "ftp://example.org";
	assert_int_equal(govdx_client_new(&opt, &c, &err), -1);
	assert_int_equal(err.kind, GOVDX_ERR_USAGE);
	assert_string_equal(err.code, "bad_url");
	opt.url = "not a url at all";
	assert_int_equal(govdx_client_new(&opt, &c, &err), -1);
	assert_string_equal(err.code, "bad_url");
	/* a missing CA file is caught at creation */
	opt.url = "https://127.0.0.1:1/";
	opt.ca_file = "/nonexistent/ca.pem";
	assert_int_equal(govdx_client_new(&opt, &c, &err), -1);
	assert_int_equal(err.kind, GOVDX_ERR_USAGE);
	assert_non_null(strstr(err.message, "/nonexistent/ca.pem"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_mode_0600_ok, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mode_group_other_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_regular, setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty, setup, teardown),
		cmocka_unit_test_setup_teardown(test_trailing_newline_stripped_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_embedded_space_and_control, setup, teardown),
		cmocka_unit_test_setup_teardown(test_too_large, setup, teardown),
		cmocka_unit_test_setup_teardown(test_client_new_checks_token, setup, teardown),
	};

	return cmocka_run_group_tests_name("client-token", tests, NULL, NULL);
}
