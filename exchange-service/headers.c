/*
 * headers.c — If-Match, If-None-Match and Idempotency-Key; see headers.h.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "headers.h"

int headers_if_match(const char *h, long *version)
{
	size_t n;
	long v;

	if (!h)
		return 0;
	/* '"', 1 to 10 digits without a leading zero, '"'. */
	n = strlen(h);
	if (n < 3 || n > 12 || h[0] != '"' || h[n - 1] != '"' ||
	    strspn(h + 1, "0123456789") != n - 2 || h[1] == '0')
		return -1;
	v = strtol(h + 1, NULL, 10);
	if (v <= 0 || v > 2147483647L)
		return -1;
	*version = v;
	return 1;
}

bool headers_if_none_match_hits(const char *h, const char *etag)
{
	size_t n = strlen(etag);

	if (!h)
		return false;
	for (const char *p = h; *p;) {
		p += strspn(p, " \t,");
		if (*p == '*')
			return true;
		if (strncmp(p, "W/", 2) == 0)
			p += 2; /* weak comparison for If-None-Match */
		if (strncmp(p, etag, n) == 0 && (p[n] == '\0' || p[n] == ',' || p[n] == ' ' ||
		                                 p[n] == '\t'))
			return true;
		p += strcspn(p, ",");
	}
	return false;
}

bool headers_idempotency_key_valid(const char *key)
{
	size_t n = 0;

	if (!key)
		return false;
	for (; key[n]; n++)
		if ((unsigned char)key[n] < 0x20 || (unsigned char)key[n] > 0x7e ||
		    n >= HEADERS_IDEMPOTENCY_KEY_MAX)
			return false;
	return n >= 1;
}
