/*
 * tap.h — what the C integration tests of libgovdx share: TAP output
 * (checks, diagnostics, the plan, skipping with a reason) and opening a
 * client as a demo user of $GOVDX_TOKENS (users.tsv and <user>.token).
 *
 * The counters live in tap.c: one test program is one TAP stream.
 */
#ifndef GOVDX_TESTS_TAP_H
#define GOVDX_TESTS_TAP_H

#include <stdbool.h>
#include <stddef.h>

#include "govdx.h"

/* Prints "ok N - …" or "not ok N - …"; returns cond. */
bool tap_check(bool cond, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Prints the error as a TAP comment (nothing for NULL or no error). */
void tap_diag(const struct govdx_error *err);
/* Prints "1..0 # SKIP why" and exits 0: only before any check. */
void tap_skip_all(const char *why) __attribute__((noreturn));
/* Prints the plan; returns the exit status (skips when nothing was checked). */
int tap_finish(void);

/* The role and department of a demo user from dir/users.tsv (user, role,
 * department, platform); false when the user is not listed. role or dep
 * may be NULL. */
bool tap_user(const char *dir, const char *user, char *role, size_t rcap, char *dep,
              size_t dcap);
/* A client of url with dir/<user>.token, or NULL after a failed check. */
struct govdx_client *tap_open_as(const char *url, const char *dir, const char *user);

#endif
