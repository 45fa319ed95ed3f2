/*
 * cli — what the operator commands that take only a database share
 * (`calendar import`, `audit verify`): their options, --db CONNINFO and
 * --help, read the one way.
 */
#ifndef GOVDX_SVC_CLI_H
#define GOVDX_SVC_CLI_H

#include <stddef.h>
#include <stdio.h>
#include <unistd.h> /* optind, where cli_db_options leaves the first word */

/* Reads the options of argv (argv[0] is the command's name): --db replaces
 * *db, --help prints usage(stdout, 0).  Returns -1 to go on, with optind
 * at the first word after the options; else the exit status to return: 0
 * after --help, 2 after an unknown option or one without its value (said
 * on stderr, then usage(stderr, 2)). */
int cli_db_options(int argc, char **argv, const char **db, int (*usage)(FILE *f, int status));

/* The same with more options that take a value (--NAME VALUE sets *value),
 * at most CLI_MORE_MAX. */
#define CLI_MORE_MAX 8
struct cli_option {
	const char *name;
	const char **value;
};
int cli_options(int argc, char **argv, const char **db, const struct cli_option *more, size_t n_more,
                int (*usage)(FILE *f, int status));

#endif
