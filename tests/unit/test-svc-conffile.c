/*
 * test-svc-conffile.c — unit tests of the service's config file reader
 * (exchange-service/conffile.c): key = value lines with comments, blank
 * lines, white space and quoted values, in file order with their line
 * numbers and ids; an unknown key, a key twice, a line without '=' or
 * without a key, an unclosed quote, a long line and a NUL byte refused
 * naming FILE:LINE; a missing file, a directory and a file others may
 * write refused naming the file. Files are made in a temporary directory.
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

#include "conffile.h"

static const struct conffile_key keys[] = {
	{"listen", 1}, {"threads", 2}, {"db-file", 3}, {"request-log", 4},
};
#define N_KEYS (sizeof keys / sizeof keys[0])

struct dir {
	char path[256];
	char file[300];
};

static int setup(void **state)
{
	struct dir *d = calloc(1, sizeof *d);
	const char *tmp = getenv("TMPDIR");

	snprintf(d->path, sizeof d->path, "%s/govdx-conffile-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(d->path))
		return -1;
	snprintf(d->file, sizeof d->file, "%s/govdx-exchanged.conf", d->path);
	*state = d;
	return 0;
}

static int teardown(void **state)
{
	struct dir *d = *state;

	unlink(d->file);
	rmdir(d->path);
	free(d);
	return 0;
}

/* Writes len bytes of text to the test's file, mode 0640. */
static const char *write_file(void **state, const char *text, size_t len)
{
	struct dir *d = *state;
	FILE *f;

	unlink(d->file);
	f = fopen(d->file, "w");
	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(chmod(d->file, 0640), 0);
	return d->file;
}

#define WRITE(state, text) write_file(state, text, strlen(text))

static void test_reads_entries(void **state)
{
	char err[512] = "";
	const char *path = WRITE(state, "# the service\n"
	                                "\n"
	                                "listen = 127.0.0.1:8080\n"
	                                "   threads=8   \r\n"
	                                "\t# indented comment\n"
	                                "db-file = \"/etc/govdx/db # not a comment\"\n"
	                                "request-log =\n");
	struct conffile *cf = conffile_read(path, keys, N_KEYS, err, sizeof err);
	const struct conffile_entry *e;

	assert_non_null(cf);
	assert_string_equal(conffile_path(cf), path);
	assert_int_equal(conffile_count(cf), 4);
	e = conffile_entry(cf, 0);
	assert_string_equal(e->key, "listen");
	assert_string_equal(e->value, "127.0.0.1:8080");
	assert_int_equal(e->line, 3);
	assert_int_equal(e->id, 1);
	e = conffile_entry(cf, 1);
	assert_string_equal(e->key, "threads");
	assert_string_equal(e->value, "8");
	assert_int_equal(e->line, 4);
	assert_int_equal(e->id, 2);
	e = conffile_entry(cf, 2);
	assert_string_equal(e->value, "/etc/govdx/db # not a comment");
	assert_int_equal(e->line, 6);
	e = conffile_entry(cf, 3);
	assert_string_equal(e->key, "request-log");
	assert_string_equal(e->value, "");
	assert_int_equal(e->line, 7);
	assert_null(conffile_entry(cf, 4));
	conffile_free(cf);
}

static void test_empty_file(void **state)
{
	char err[512] = "";
	struct conffile *cf = conffile_read(WRITE(state, ""), keys, N_KEYS, err, sizeof err);

	assert_non_null(cf);
	assert_int_equal(conffile_count(cf), 0);
	conffile_free(cf);
	/* No newline at the end of the last line. */
	cf = conffile_read(WRITE(state, "threads = 3"), keys, N_KEYS, err, sizeof err);
	assert_non_null(cf);
	assert_int_equal(conffile_count(cf), 1);
	assert_string_equal(conffile_entry(cf, 0)->value, "3");
	conffile_free(cf);
}

/* The file is refused with err holding want (and FILE:LINE when line). */
static void refused(void **state, const char *text, size_t len, unsigned line, const char *want)
{
	struct dir *d = *state;
	char err[512] = "", where[400];
	struct conffile *cf = conffile_read(write_file(state, text, len), keys, N_KEYS, err, sizeof err);

	assert_null(cf);
	if (line)
		snprintf(where, sizeof where, "%s:%u: ", d->file, line);
	else
		snprintf(where, sizeof where, "%s: ", d->file);
	if (strncmp(err, where, strlen(where)) != 0 || !strstr(err, want))
		fail_msg("got \"%s\", want \"%s...%s\"", err, where, want);
}

#define REFUSED(state, text, line, want) refused(state, text, strlen(text), line, want)

static void test_line_errors(void **state)
{
	REFUSED(state, "listen = a\nport = 1\n", 2, "unknown key \"port\"");
	REFUSED(state, "\n\nthreads = 1\n# x\nthreads = 2\n", 5, "threads is given twice (first on line 3)");
	REFUSED(state, "listen\n", 1, "not a key = value line");
	REFUSED(state, " = 5\n", 1, "no key before '='");
	REFUSED(state, "db-file = \"/etc/govdx/db\n", 1, "no closing");
	REFUSED(state, "db-file = \"\n", 1, "no closing");
	/* Keys are exact: no case folding, no underscores for dashes. */
	REFUSED(state, "Listen = x\n", 1, "unknown key");
	REFUSED(state, "request_log = json\n", 1, "unknown key");
	/* The connection string itself is not a key of this table. */
	REFUSED(state, "db = host=x password=secret\n", 1, "unknown key \"db\"");
}

static void test_long_line_and_nul(void **state)
{
	char text[1100];

	memset(text, 'x', sizeof text);
	memcpy(text, "listen = ", 9);
	text[sizeof text - 1] = '\n';
	refused(state, text, sizeof text, 1, "longer than 1023 bytes");
	refused(state, "listen = a\0b\n", 13, 0, "NUL byte");
}

static void test_file_errors(void **state)
{
	struct dir *d = *state;
	struct conffile *cf;
	char err[512] = "", missing[400];

	snprintf(missing, sizeof missing, "%s/none.conf", d->path);
	assert_null(conffile_read(missing, keys, N_KEYS, err, sizeof err));
	assert_non_null(strstr(err, "none.conf: No such file or directory"));
	assert_null(conffile_read(d->path, keys, N_KEYS, err, sizeof err));
	assert_non_null(strstr(err, "not a regular file"));
	WRITE(state, "listen = a\n");
	assert_int_equal(chmod(d->file, 0666), 0);
	assert_null(conffile_read(d->file, keys, N_KEYS, err, sizeof err));
	assert_non_null(strstr(err, "others may write it (mode 0666)"));
	/* Group-writable is the administrator's choice; world-readable is fine. */
	assert_int_equal(chmod(d->file, 0664), 0);
	cf = conffile_read(d->file, keys, N_KEYS, err, sizeof err);
	assert_non_null(cf);
	conffile_free(cf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_reads_entries, setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_line_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_long_line_and_nul, setup, teardown),
		cmocka_unit_test_setup_teardown(test_file_errors, setup, teardown),
	};

	return cmocka_run_group_tests_name("svc-conffile", tests, NULL, NULL);
}
