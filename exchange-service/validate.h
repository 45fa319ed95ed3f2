/*
 * validate.h — checks on untrusted request input: UTF-8, codes, page limits.
 *
 * Pure functions with no state, so the unit tests cover them directly. Every
 * check is strict: a value is accepted only in its one canonical spelling
 * (no signs, spaces or leading '+' in numbers; exactly the digits a code has).
 */
#ifndef GOVDX_SVC_VALIDATE_H
#define GOVDX_SVC_VALIDATE_H

#include <stdbool.h>
#include <stddef.h>

#define VALIDATE_LIMIT_MIN 1
#define VALIDATE_LIMIT_MAX 200
#define VALIDATE_LIMIT_DEFAULT 50

/* Well-formed UTF-8: no overlong forms, surrogates, values above U+10FFFF
 * or NUL bytes. */
bool validate_utf8(const char *s, size_t n);

/* Makes a NUL-terminated string well-formed UTF-8 in place: each byte
 * that does not begin a well-formed character (a sequence cut short by a
 * length limit, say) becomes '?'. */
void validate_utf8_repair(char *s);

/* Number of UTF-8 characters of a valid UTF-8 string. */
size_t validate_utf8_chars(const char *s);

/* A platform code: exactly 6 ASCII digits (GB/T 2260). */
bool validate_platform_code(const char *s);

/* A department code: exactly 9 ASCII digits (platform code + 3). */
bool validate_department_code(const char *s);

/* An entry code: DDDDDDDDD-CXXYYY-NNNN (see docs/architecture.md, "Entry codes"). */
bool validate_entry_code(const char *s);

/* A code prefix as a search text: 2..21 characters of digits and '-', the
 * start of an entry code. Anything else is searched as a name substring. */
bool validate_code_prefix(const char *s);

/* A page size: decimal 1..200 without sign or padding. Returns true and sets
 * *out, or false. */
bool validate_limit(const char *s, int *out);

/* A boolean query value: "true" or "false". */
bool validate_bool(const char *s, bool *out);

/* A calendar date YYYY-MM-DD (a real date, years 1900..9999). Sets *day
 * (when not NULL) to its day number, days since 1970-01-01. */
bool validate_date(const char *s, long *day);

/* The id of a request or objection: PREFIX-digits ("REQ-000123"), 1..12
 * digits. */
bool validate_case_id(const char *s, const char *prefix);

#endif
