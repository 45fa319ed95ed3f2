/*
 * tui-test-cases.h — a helper shared by the console's unit tests of
 * requests and objections (test-tui-requests.c, test-tui-objections.c):
 * giving a case made in the test the list of actions the service would
 * send with it for one user.
 */
#ifndef TUI_TEST_CASES_H
#define TUI_TEST_CASES_H

#include <stdbool.h>
#include <stddef.h>

#include "govdx.h"

/* Replaces the actions list (*actions, *n) with spec's, and marks it sent:
 * names separated by spaces, each followed by "!" when its text is
 * required, "-" when it takes none, nothing when it is optional
 * ("approve reject! return!"; "" offers nothing).  The list is malloc'd
 * as the library's is, so the object's free frees it. */
void test_offer(struct govdx_action **actions, size_t *n, bool *has, const char *spec);

/* test_offer on a struct govdx_request or struct govdx_objection. */
#define TEST_OFFER(o, spec) test_offer(&(o)->actions, &(o)->n_actions, &(o)->has_actions, spec)

#endif
