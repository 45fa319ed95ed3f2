/*
 * errors.h — filling struct govdx_error (internal to libgovdx).
 *
 * Every failure inside the library ends up in one struct govdx_error whose
 * message is one line of valid UTF-8 that a user understands. These helpers
 * keep that true: they format, truncate on a character boundary and replace
 * control characters. The mapping of libcurl failures lives here too, so
 * that the wording of transport errors is in one place.
 */
#ifndef GOVDX_ERRORS_H
#define GOVDX_ERRORS_H

#include <curl/curl.h>

#include "govdx.h"

struct call;

/* Fills *err (kind, status, code and a printf-style message). Returns -1 so
 * that callers can write `return errors_set(...)`. */
int errors_set(struct govdx_error *err, enum govdx_error_kind kind, long http_status,
               const char *code, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/* Clears *err to GOVDX_ERR_NONE. */
void errors_clear(struct govdx_error *err);

/* Shorthand for GOVDX_ERR_NOMEM. Returns -1. */
int errors_nomem(struct govdx_error *err);

/* Copies src into dst (capacity cap, cap > 0) as one line of valid UTF-8:
 * tabs and line ends become spaces, other control characters (C0, DEL,
 * C1) and the invisible bidirectional controls are shown escaped ("^[",
 * "<U+202E>": common/width's width_escape), each ill-formed sequence (its
 * maximal subpart, by common/utf8) becomes one '?', and a cut never splits
 * a UTF-8 sequence or an escape. */
void errors_copy_line(char *dst, size_t cap, const char *src);

/* Replaces every occurrence of secret in err->message and err->code with
 * "[token]" so that a bearer token can never reach a screen or a log. */
void errors_redact(struct govdx_error *err, const char *secret);

/* Maps a failed transfer of call (rc != CURLE_OK) to an error. */
void errors_from_curl(struct govdx_error *err, CURLcode rc, const struct call *call);

/* What a finished transfer's status and headers say before its body is
 * read: a redirect (3xx: never followed, named, a loop said as one), or a
 * 2xx answer whose Content-Type is not JSON. Returns -1 with *err filled,
 * or 0 when the answer is for the kind's parsers. */
int errors_from_answer(struct govdx_error *err, const struct call *call, long status);

/* For a 429 or 503 whose body gave no details.retry_after: the
 * Retry-After header's wait (seconds or a date), at most a day. */
void errors_retry_after(struct govdx_error *err, const struct call *call);

#endif
