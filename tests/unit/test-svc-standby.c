/*
 * test-svc-standby.c — the WAL positions of govdx-exchanged's read standby
 * (standby.c): "X/Y" as PostgreSQL prints a pg_lsn, read as a number that
 * orders as the positions do; anything else is 0 (no mark). What the
 * standby does with them is tests/integration/test_svc_standby.py.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "standby.h"

static void test_lsn_parses(void **state)
{
	(void)state;
	assert_true(standby_lsn("0/0") == 0);
	assert_true(standby_lsn("0/16B3748") == 0x16B3748ULL);
	assert_true(standby_lsn("1/0") == 0x100000000ULL);
	assert_true(standby_lsn("FFFFFFFF/FFFFFFFF") == UINT64_MAX);
	assert_true(standby_lsn("a/b") == 0xA0000000BULL);
}

static void test_lsn_orders(void **state)
{
	(void)state;
	/* The high part counts first: 1/0 is past 0/FFFFFFFF. */
	assert_true(standby_lsn("1/0") > standby_lsn("0/FFFFFFFF"));
	assert_true(standby_lsn("0/5C000060") > standby_lsn("0/5C000000"));
}

static void test_lsn_refuses(void **state)
{
	(void)state;
	assert_true(standby_lsn(NULL) == 0);
	assert_true(standby_lsn("") == 0);  /* a NULL column as libpq gives it */
	assert_true(standby_lsn("16B3748") == 0);
	assert_true(standby_lsn("1/") == 0);
	assert_true(standby_lsn("/1") == 0);
	assert_true(standby_lsn("0/1x") == 0);
	assert_true(standby_lsn("0x1/0x2") == 0);
	assert_true(standby_lsn(" 1/2") == 0);
	assert_true(standby_lsn("-1/2") == 0);
	assert_true(standby_lsn("1/2/3") == 0);
	assert_true(standby_lsn("100000000/0") == 0);
	assert_true(standby_lsn("0/100000000") == 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lsn_parses),
		cmocka_unit_test(test_lsn_orders),
		cmocka_unit_test(test_lsn_refuses),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
