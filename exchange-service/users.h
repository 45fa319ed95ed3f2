/*
 * users.h — the demo users (govdx-exchanged demo-users).
 *
 * Creates, or rotates the tokens of, one user per role (official, approver,
 * helpdesk, authority, admin) at the national level and in 河北, 浙江 and
 * 广东: nat-official, hebei-approver, ... Tokens are 32 random bytes from
 * /dev/urandom in hex; only their SHA-256 is stored (api_token, label
 * "demo", a year to live; a user's earlier demo token is replaced). Each token is written to
 * DIR/<user>.token (mode 0600, token and a newline), and DIR/users.tsv lists
 * user, role, department code and platform code.
 */
#ifndef GOVDX_SVC_USERS_H
#define GOVDX_SVC_USERS_H

#include <stdbool.h>
#include <stddef.h>

#include <libpq-fe.h>

/* The same users without tokens (no one can log in as them yet), for the
 * demo requests that the seed files in their names; existing users are left
 * as they are. Returns true, or false with a one-line reason in err. */
bool users_demo_accounts(PGconn *conn, char *err, size_t errsz);

/* A new token: 32 random bytes from /dev/urandom as 64 hex digits and a
 * NUL in hex[65]. Returns false with a one-line reason in err. */
bool users_random_token(char *hex, char *err, size_t errsz);

/* Returns true, or false with a one-line reason in err. Reports on stdout. */
bool users_demo(PGconn *conn, const char *token_dir, char *err, size_t errsz);

#endif
