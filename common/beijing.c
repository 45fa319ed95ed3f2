/*
 * beijing — Beijing time from tzdata's Asia/Shanghai (see beijing.h).
 *
 * The TZif footer is "\n<POSIX TZ string>\n" at the very end of the file.
 * Of the POSIX TZ grammar only the form without summer time is read:
 * std offset, where std is three or more letters or <...>, and offset is
 * [+-]hh[:mm[:ss]] counted west of Greenwich (so "CST-8" is UTC+8).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "beijing.h"

#define ZONE_NAME "Asia/Shanghai"
#define ZONEINFO_DIR "/usr/share/zoneinfo"
/* Asia/Shanghai is under 600 bytes; a file this large is not a zone. */
#define TZIF_MAX 65536

/* The zone once read: written by zone_load under pthread_once only. */
struct zone {
	long offset;
	char source[128];
};

static pthread_once_t zone_once = PTHREAD_ONCE_INIT;
static struct zone zone;

/* Digits of a POSIX TZ offset field: 1..2 digits, value up to max. */
static const char *tz_number(const char *s, const char *end, int max, long *v)
{
	int digits = 0;

	*v = 0;
	while (s < end && *s >= '0' && *s <= '9' && digits < 2) {
		*v = *v * 10 + (*s++ - '0');
		digits++;
	}
	return digits && *v <= max ? s : NULL;
}

/* Parses "std offset" of s..end into *offset (seconds east of UTC). */
static bool tz_fixed(const char *s, const char *end, long *offset)
{
	long h, m = 0, sec = 0, sign = 1;
	const char *p = s;

	if (p < end && *p == '<') {
		while (p < end && *p != '>')
			p++;
		if (p == end || p - s < 4)
			return false;
		p++;
	} else {
		while (p < end && ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z')))
			p++;
		if (p - s < 3)
			return false;
	}
	if (p < end && (*p == '+' || *p == '-'))
		sign = *p++ == '-' ? -1 : 1;
	if (!(p = tz_number(p, end, 24, &h)))
		return false;
	if (p < end && *p == ':' && !(p = tz_number(p + 1, end, 59, &m)))
		return false;
	if (p && p < end && *p == ':' && !(p = tz_number(p + 1, end, 59, &sec)))
		return false;
	if (p != end)
		return false; /* a summer-time part, or anything else */
	*offset = -sign * (h * 3600 + m * 60 + sec);
	return true;
}

bool beijing_parse_tzif(const void *data, size_t n, long *offset)
{
	const char *d = data, *end, *start;

	/* Header: "TZif", then the version: '2', '3', '4' ... (NUL for 1). */
	if (n < 44 + 2 || memcmp(d, "TZif", 4) != 0 || d[4] < '2')
		return false;
	if (d[n - 1] != '\n')
		return false;
	end = d + n - 1;
	start = end;
	while (start > d && start[-1] != '\n')
		start--;
	if (start == d || start == end)
		return false;
	return tz_fixed(start, end, offset);
}

/* Reads the zone file into buf; returns its length, or -1 with errno. */
static ssize_t read_zone(const char *path, char *buf, size_t cap)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	size_t len = 0;
	ssize_t r = 0;
	int saved;

	if (fd < 0)
		return -1;
	while (len < cap && (r = read(fd, buf + len, cap - len)) != 0) {
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			break;
		len += (size_t)r;
	}
	saved = errno;
	close(fd);
	if (r < 0) {
		errno = saved;
		return -1;
	}
	if (len == cap) {
		errno = EFBIG;
		return -1;
	}
	return (ssize_t)len;
}

static void zone_load(void)
{
	const char *dir = getenv("TZDIR");
	char path[4096];
	char *buf;
	ssize_t n;

	zone.offset = BEIJING_FALLBACK_OFFSET;
	if (dir == NULL || *dir == '\0')
		dir = ZONEINFO_DIR;
	snprintf(path, sizeof path, "%s/%s", dir, ZONE_NAME);
	buf = malloc(TZIF_MAX);
	if (buf == NULL) {
		snprintf(zone.source, sizeof zone.source, "fallback: out of memory");
		return;
	}
	n = read_zone(path, buf, TZIF_MAX);
	if (n < 0)
		snprintf(zone.source, sizeof zone.source, "fallback: %.80s: %s", path,
		         strerror(errno));
	else if (!beijing_parse_tzif(buf, (size_t)n, &zone.offset))
		snprintf(zone.source, sizeof zone.source,
		         "fallback: %.80s has no fixed-offset rule", path);
	else
		snprintf(zone.source, sizeof zone.source, "tzdata");
	free(buf);
}

long beijing_offset(void)
{
	pthread_once(&zone_once, zone_load);
	return zone.offset;
}

const char *beijing_source(void)
{
	pthread_once(&zone_once, zone_load);
	return zone.source;
}

struct tm *beijing_time(time_t t, struct tm *out)
{
	long off = beijing_offset();
	struct tm tm;
	time_t local;

	if (__builtin_add_overflow(t, (time_t)off, &local))
		return NULL;
	if (gmtime_r(&local, &tm) == NULL)
		return NULL;
	tm.tm_isdst = 0;
	tm.tm_gmtoff = off;
	tm.tm_zone = "CST"; /* China Standard Time, whatever the source */
	*out = tm;
	return out;
}
