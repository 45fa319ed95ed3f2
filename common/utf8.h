/*
 * utf8 — the one UTF-8 decoder of govdx, shared by the console, libgovdx
 * and the service (common/, linked into all three).
 *
 * Decoding is strict (Unicode 15, table 3-7): no overlong forms, no UTF-16
 * surrogates, nothing above U+10FFFF.  An ill-formed sequence is reported
 * over its "maximal subpart" (the longest prefix that could have started a
 * well-formed sequence), the practice of Unicode and of every browser, so
 * "\xE4\xB8" (a cut-off 中) is one bad sequence of two bytes and a stray
 * continuation byte is one bad sequence of one byte.
 *
 * Invariants: pure functions, no state, no allocation, no output.  A
 * decoder never reads past the n bytes it is given, nor past a NUL byte (a
 * NUL is never a continuation byte), so NUL-terminated text may be given
 * with n = SIZE_MAX.
 */
#ifndef GOVDX_COMMON_UTF8_H
#define GOVDX_COMMON_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What utf8_decode stores for an ill-formed sequence: no code point. */
#define UTF8_INVALID ((uint32_t)0xFFFFFFFF)
/* U+FFFD, what a reader is shown in place of an ill-formed sequence. */
#define UTF8_REPLACEMENT ((uint32_t)0xFFFD)

/* Decodes the character at s, of the n bytes left.  Returns the number of
 * bytes it takes (1..4) and stores its code point in *cp; for an
 * ill-formed sequence, returns the length of its maximal subpart (1..3)
 * and stores UTF8_INVALID.  n == 0 returns 0 and stores UTF8_INVALID.
 * A NUL byte decodes as U+0000 of length 1. */
size_t utf8_decode(const char *s, size_t n, uint32_t *cp);

/* Whether the n bytes at s are well-formed UTF-8 holding no NUL byte. */
bool utf8_valid(const char *s, size_t n);

/* Encodes code point c into buf (4 bytes at least) and returns the byte
 * count.  What is no Unicode scalar value (a surrogate, above U+10FFFF) is
 * encoded as U+FFFD. */
size_t utf8_encode(uint32_t c, char *buf);

#endif /* GOVDX_COMMON_UTF8_H */
