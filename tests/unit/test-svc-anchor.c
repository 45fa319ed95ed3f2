/*
 * Unit tests of the audit anchors' signing: SHA-256 against the FIPS 180-4
 * examples (and lengths around a block's padding boundary), HMAC-SHA-256
 * against RFC 4231, and anchor lines: one made is read back, and an edited
 * field, another key, a cut line or a line with more after it is refused.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "anchor.h"
#include "sha256.h"

static void hex_of(const unsigned char *d, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", d[i]);
}

static void check_sha(const void *data, size_t len, const char *want)
{
	struct sha256 s;
	unsigned char d[SHA256_SIZE];
	char hex[2 * SHA256_SIZE + 1];

	sha256_init(&s);
	sha256_update(&s, data, len);
	sha256_final(&s, d);
	hex_of(d, sizeof d, hex);
	assert_string_equal(hex, want);
}

static void test_sha256(void **state)
{
	char *a = malloc(1000000);
	struct sha256 s;
	unsigned char d[SHA256_SIZE];
	char hex[2 * SHA256_SIZE + 1];

	(void)state;
	check_sha("", 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	check_sha("abc", 3, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	check_sha("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56,
	          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	assert_non_null(a);
	memset(a, 'x', 64);
	check_sha(a, 55, "d5e285683cd4efc02d021a5c62014694958901005d6f71e89e0989fac77e4072");
	check_sha(a, 56, "04c26261370ee7541549d16dee320c723e3fd14671e66a099afe0a377c16888e");
	check_sha(a, 64, "7ce100971f64e7001e8fe5a51973ecdfe1ced42befe7ee8d5fd6219506b5393c");
	/* A million 'a', fed in uneven pieces. */
	memset(a, 'a', 1000000);
	sha256_init(&s);
	for (size_t off = 0, step = 1; off < 1000000; off += step, step = step * 7 % 997 + 1)
		sha256_update(&s, a + off, off + step > 1000000 ? 1000000 - off : step);
	sha256_final(&s, d);
	hex_of(d, sizeof d, hex);
	assert_string_equal(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	free(a);
}

static void test_hmac(void **state)
{
	unsigned char k1[20], k6[131];
	char hex[2 * SHA256_SIZE + 1];
	const char *m6 = "Test Using Larger Than Block-Size Key - Hash Key First";

	(void)state;
	memset(k1, 0x0b, sizeof k1);
	hmac_sha256_hex(k1, sizeof k1, "Hi There", 8, hex);
	assert_string_equal(hex, "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
	hmac_sha256_hex("Jefe", 4, "what do ya want for nothing?", 28, hex);
	assert_string_equal(hex, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
	memset(k6, 0xaa, sizeof k6);
	hmac_sha256_hex(k6, sizeof k6, m6, strlen(m6), hex);
	assert_string_equal(hex, "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

static const char KEY[] = "0123456789abcdef0123456789abcdef-anchor-key";

static void sample(struct anchor *a)
{
	memset(a, 0, sizeof *a);
	a->seq = 4242;
	memset(a->hash, 'c', 64);
	strcpy(a->at, "2026-12-07T01:02:03Z");
	strcpy(a->why, "events");
}

static void test_line(void **state)
{
	struct anchor a, b;
	char line[ANCHOR_LINE_MAX], edited[ANCHOR_LINE_MAX];

	(void)state;
	sample(&a);
	assert_true(anchor_format(KEY, strlen(KEY), &a, line, sizeof line));
	assert_true(strncmp(line, "govdx-anchor 1 seq=4242 hash=cccc", 33) == 0);
	assert_int_equal(anchor_parse(KEY, strlen(KEY), line, &b), ANCHOR_OK);
	assert_int_equal(b.seq, 4242);
	assert_string_equal(b.hash, a.hash);
	assert_string_equal(b.at, a.at);
	assert_string_equal(b.why, "events");

	/* Another key. */
	assert_int_equal(anchor_parse("another key of at least thirty-two bytes", 40, line, &b),
	                 ANCHOR_BAD_MAC);
	/* The seq edited (same length). */
	strcpy(edited, line);
	edited[strlen("govdx-anchor 1 seq=")] = '5';
	assert_int_equal(anchor_parse(KEY, strlen(KEY), edited, &b), ANCHOR_BAD_MAC);
	/* A hash digit edited. */
	strcpy(edited, line);
	strstr(edited, "hash=")[5] = 'd';
	assert_int_equal(anchor_parse(KEY, strlen(KEY), edited, &b), ANCHOR_BAD_MAC);
	/* The mac edited. */
	strcpy(edited, line);
	edited[strlen(edited) - 1] = edited[strlen(edited) - 1] == '0' ? '1' : '0';
	assert_int_equal(anchor_parse(KEY, strlen(KEY), edited, &b), ANCHOR_BAD_MAC);
	/* Cut, longer, other formats. */
	strcpy(edited, line);
	edited[strlen(edited) - 1] = '\0';
	assert_int_equal(anchor_parse(KEY, strlen(KEY), edited, &b), ANCHOR_MALFORMED);
	strcpy(edited, line);
	strcat(edited, " ");
	assert_int_equal(anchor_parse(KEY, strlen(KEY), edited, &b), ANCHOR_MALFORMED);
	assert_int_equal(anchor_parse(KEY, strlen(KEY), "", &b), ANCHOR_MALFORMED);
	assert_int_equal(anchor_parse(KEY, strlen(KEY), "govdx-anchor 2 seq=1", &b), ANCHOR_MALFORMED);
	strcpy(edited, line);
	strstr(edited, "hash=")[5] = 'C'; /* upper case is not the format */
	assert_int_equal(anchor_parse(KEY, strlen(KEY), edited, &b), ANCHOR_MALFORMED);

	/* A line that does not fit is refused, not cut. */
	assert_false(anchor_format(KEY, strlen(KEY), &a, line, 100));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sha256),
		cmocka_unit_test(test_hmac),
		cmocka_unit_test(test_line),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
