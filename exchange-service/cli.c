/*
 * cli.c — the options of the operator commands that take only a database;
 * see cli.h.
 */
#include "config.h"

#include <getopt.h>

#include "cli.h"

int cli_db_options(int argc, char **argv, const char **db, int (*usage)(FILE *f, int status))
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int c;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			*db = optarg;
			break;
		case 'h':
			return usage(stdout, 0);
		case ':':
			fprintf(stderr, "govdx-exchanged: option %s needs a value\n", argv[optind - 1]);
			return usage(stderr, 2);
		default:
			fprintf(stderr, "govdx-exchanged: unknown option %s\n", argv[optind - 1]);
			return usage(stderr, 2);
		}
	}
	return -1;
}
