/*
 * users-cli.h — `govdx-exchanged user add|list|disable|enable`: the
 * operator's handling of the users (app_user; disabled_at, migration 018).
 *
 * add validates the name, the role and that the department exists, and
 * refuses a name in use; list is a tab-separated table with each user's
 * state and the tokens that still authenticate; disable sets disabled_at,
 * after which the service answers every token of the user 401 (auth in
 * http.c) and `token issue` refuses it, while its tokens, requests and
 * audit events stay; enable clears it. Token handling and user handling
 * are not audit events (the audit trail is the cases'); the time of the
 * last disable is disabled_at.
 */
#ifndef GOVDX_SVC_USERS_CLI_H
#define GOVDX_SVC_USERS_CLI_H

/* argv[0] is "user"; db the default connection string. Returns the exit
 * status (0, 1 failure, 2 usage). */
int users_cli_main(int argc, char **argv, const char *db);

#endif
