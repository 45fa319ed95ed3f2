/*
 * tokens.h — `govdx-exchanged token issue|revoke|list`: the operator's
 * handling of bearer tokens (api_token, migration 014).
 *
 * A token is 32 random bytes in hex, shown once: written to a new file of
 * mode 0600 (never to an existing one), or to standard output when asked
 * with `--out -`; the database keeps only its SHA-256. It authenticates
 * until it expires (--days, 365 by default) or is revoked. Nothing here
 * takes a token in its arguments or writes one to a log.
 */
#ifndef GOVDX_SVC_TOKENS_H
#define GOVDX_SVC_TOKENS_H

/* argv[0] is "token"; db the default connection string. Returns the exit
 * status (0, 1 failure, 2 usage). */
int tokens_main(int argc, char **argv, const char *db);

#endif
