/*
 * client-test-util.h — small helpers shared by the unit tests of
 * libgovdx's answer parsers (test-client-parse.c, test-client-requests.c,
 * test-client-objections.c): checking a "malformed_answer" error, and
 * making a bad answer from a good one by a single replacement.
 *
 * They fail the running cmocka test instead of returning an error.
 */
#ifndef CLIENT_TEST_UTIL_H
#define CLIENT_TEST_UTIL_H

#include <stdbool.h>
#include <string.h>

#include "govdx.h"

/* The length of a JSON text held in a string. */
#define LEN(s) strlen(s)

/* Is s well-formed UTF-8? */
bool util_utf8_valid(const char *s);

/* The error is a malformed answer whose message mentions the field, on
 * one line of valid UTF-8. */
void util_expect_malformed(const struct govdx_error *err, const char *mention);

/* A malloc'd copy of src with the first occurrence of from, which must
 * be there, replaced by to. */
char *util_replace_once(const char *src, const char *from, const char *to);

#endif
