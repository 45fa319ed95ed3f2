/*
 * validate.c — strict checks on untrusted request input.
 *
 * Everything here is pure and allocation-free; see validate.h for the rules.
 * UTF-8 is decoded by common/utf8, the decoder of all three parts.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "utf8.h"
#include "validate.h"

bool validate_utf8(const char *s, size_t n)
{
	return utf8_valid(s, n);
}

void validate_utf8_repair(char *s)
{
	size_t n = strlen(s), i = 0;

	while (i < n) {
		uint32_t cp;
		size_t len = utf8_decode(s + i, n - i, &cp);

		if (cp == UTF8_INVALID)
			s[i++] = '?'; /* the bytes after it are looked at afresh */
		else
			i += len;
	}
}

size_t validate_utf8_chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

static bool all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

bool validate_platform_code(const char *s)
{
	return s && strlen(s) == 6 && all_digits(s, 6);
}

bool validate_department_code(const char *s)
{
	return s && strlen(s) == 9 && all_digits(s, 9);
}

bool validate_entry_code(const char *s)
{
	/* DDDDDDDDD-CXXYYY-NNNN: 9 + 1 + 6 + 1 + 4 = 21 */
	return s && strlen(s) == 21 && all_digits(s, 9) && s[9] == '-' && s[10] >= '1' &&
	       s[10] <= '3' && all_digits(s + 10, 6) && s[16] == '-' && all_digits(s + 17, 4);
}

bool validate_code_prefix(const char *s)
{
	size_t n = s ? strlen(s) : 0;

	if (n < 2 || n > 21 || s[0] < '0' || s[0] > '9')
		return false;
	for (size_t i = 0; i < n; i++)
		if ((s[i] < '0' || s[i] > '9') && s[i] != '-')
			return false;
	return true;
}

bool validate_limit(const char *s, int *out)
{
	size_t n = s ? strlen(s) : 0;
	int v = 0;

	if (n == 0 || n > 3 || !all_digits(s, n) || (n > 1 && s[0] == '0'))
		return false;
	for (size_t i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	if (v < VALIDATE_LIMIT_MIN || v > VALIDATE_LIMIT_MAX)
		return false;
	*out = v;
	return true;
}

bool validate_bool(const char *s, bool *out)
{
	if (s && strcmp(s, "true") == 0) {
		*out = true;
		return true;
	}
	if (s && strcmp(s, "false") == 0) {
		*out = false;
		return true;
	}
	return false;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
 * days_from_civil). */
static long days_from_civil(long y, unsigned m, unsigned d)
{
	long era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long)doe - 719468;
}

bool validate_date(const char *s, long *day)
{
	static const unsigned mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	long y;
	unsigned m, d, max;

	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	m = (unsigned)((s[5] - '0') * 10 + (s[6] - '0'));
	d = (unsigned)((s[8] - '0') * 10 + (s[9] - '0'));
	if (y < 1900 || m < 1 || m > 12 || d < 1)
		return false;
	max = mdays[m - 1];
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		max = 29;
	if (d > max)
		return false;
	if (day)
		*day = days_from_civil(y, m, d);
	return true;
}

bool validate_case_id(const char *s, const char *prefix)
{
	size_t p = prefix ? strlen(prefix) : 0, n;

	if (!s || !prefix || strncmp(s, prefix, p) != 0 || s[p] != '-')
		return false;
	n = strspn(s + p + 1, "0123456789");
	return n >= 1 && n <= 12 && s[p + 1 + n] == '\0';
}
