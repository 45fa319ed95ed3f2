/*
 * headers.c — If-Match, If-None-Match and Idempotency-Key; see headers.h.
 */
#include "config.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "headers.h"

/* One entity-tag at p (RFC 9110 8.8.3: [W/] DQUOTE *etagc DQUOTE, etagc
 * being 0x21, 0x23-0x7e and 0x80-0xff): its length, 0 when there is none.
 * *weak and the opaque part (without quotes) are given back. */
static size_t entity_tag(const char *p, bool *weak, const char **opaque, size_t *olen)
{
	const char *q = p;

	*weak = strncmp(q, "W/", 2) == 0;
	if (*weak)
		q += 2;
	if (*q++ != '"')
		return 0;
	*opaque = q;
	while (*q == 0x21 || (*q >= 0x23 && *q <= 0x7e) || (unsigned char)*q >= 0x80)
		q++;
	if (*q != '"')
		return 0;
	*olen = (size_t)(q - *opaque);
	return (size_t)(q + 1 - p);
}

/* The version a strong tag's opaque part names: 1..2147483647 in digits
 * without a leading zero, as the service gives them out; 0 for any other. */
static long tag_version(bool weak, const char *o, size_t n)
{
	long v = 0;

	if (weak || n == 0 || n > 10 || o[0] == '0')
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (o[i] < '0' || o[i] > '9')
			return 0;
		v = v * 10 + (o[i] - '0');
	}
	return v <= 2147483647L ? v : 0;
}

int headers_if_match(const char *h, long *version)
{
	const char *p, *opaque;
	size_t len, olen;
	bool weak, any = false;
	long found = 0, v;

	if (!h)
		return 0;
	p = h + strspn(h, " \t");
	if (*p == '*' && p[1 + strspn(p + 1, " \t")] == '\0')
		return HEADERS_IF_MATCH_ANY;
	/* #entity-tag: tags separated by commas, with optional white space
	 * and empty elements. */
	for (;;) {
		p += strspn(p, " \t,");
		if (!*p)
			break;
		if (!(len = entity_tag(p, &weak, &opaque, &olen)))
			return -1;
		any = true;
		v = tag_version(weak, opaque, olen);
		if (v && found && v != found)
			return HEADERS_IF_MATCH_SEVERAL;
		if (v)
			found = v;
		p += len;
		p += strspn(p, " \t");
		if (*p && *p != ',')
			return -1;
	}
	if (!any)
		return -1;
	*version = found;
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
