/*
 * beijing — Beijing time (the zone Asia/Shanghai), the zone of every time
 * govdx shows and of every date the service counts, whatever the zone of
 * the machine or the TZ of the user.
 *
 * Why not localtime_r: glibc knows a named zone only through the
 * process-wide TZ, which belongs to the user, and setenv is not
 * thread-safe, so a library (libgovdx, the threaded service) must not set
 * it.  Instead the offset is read from tzdata once, on first use: the
 * TZif file of Asia/Shanghai ($TZDIR, else /usr/share/zoneinfo) ends with
 * the POSIX TZ string of its current rule, "CST-8" (RFC 8536, section 3.3).
 * China has had no summer time since 1991, so that rule is one fixed
 * offset and applies to every instant govdx handles; earlier history (the
 * summer times of 1986-1991) is not reproduced.
 *
 * Fallback: when the file is missing, unreadable, older than TZif
 * version 2 (no footer), or its rule is not one fixed offset (summer time
 * brought back), the offset is +08:00, the one China has used since 1991.
 * beijing_source says which applies.
 *
 * Invariants: nothing is printed, nothing exits, the environment is only
 * read.  The offset is the one piece of static state in common/: written
 * once under pthread_once, read-only afterwards, so every thread sees the
 * same zone.
 */
#ifndef GOVDX_COMMON_BEIJING_H
#define GOVDX_COMMON_BEIJING_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

/* The offset used when tzdata cannot give one: +08:00, in seconds. */
#define BEIJING_FALLBACK_OFFSET (8 * 3600)

/* Fills *out with the civil time in Beijing at the instant t and returns
 * out, or NULL when t cannot be represented (out is then unchanged).
 * tm_gmtoff is the offset, tm_zone "CST", tm_isdst 0. */
struct tm *beijing_time(time_t t, struct tm *out);

/* Seconds east of UTC of Beijing time: from tzdata, or the fallback. */
long beijing_offset(void);

/* Where the offset came from: "tzdata" or "fallback" (and why not
 * tzdata), for diagnostics. */
const char *beijing_source(void);

/* The offset of the current rule of a TZif image of n bytes: true with
 * *offset (seconds east of UTC) when the image is TZif version 2 or later
 * and its footer is one fixed offset ("CST-8", "<+08>-8"); false
 * otherwise.  Reads tzdata for beijing_offset; public for the tests. */
bool beijing_parse_tzif(const void *data, size_t n, long *offset);

#endif /* GOVDX_COMMON_BEIJING_H */
