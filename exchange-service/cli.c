/*
 * cli.c — the options of the operator commands that take only a database;
 * see cli.h.
 */
#include "config.h"

#include <getopt.h>

#include "cli.h"

int cli_options(int argc, char **argv, const char **db, const struct cli_option *more, size_t n_more,
                int (*usage)(FILE *f, int status))
{
	struct option opts[3 + CLI_MORE_MAX] = {
		{"db", required_argument, NULL, 'd'},
		{"help", no_argument, NULL, 'h'},
	};
	int c;

	if (n_more > CLI_MORE_MAX)
		n_more = CLI_MORE_MAX;
	for (size_t i = 0; i < n_more; i++)
		opts[2 + i] = (struct option){more[i].name, required_argument, NULL, 1000 + (int)i};
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
			if (c >= 1000 && (size_t)(c - 1000) < n_more) {
				*more[c - 1000].value = optarg;
				break;
			}
			fprintf(stderr, "govdx-exchanged: unknown option %s\n", argv[optind - 1]);
			return usage(stderr, 2);
		}
	}
	return -1;
}

int cli_db_options(int argc, char **argv, const char **db, int (*usage)(FILE *f, int status))
{
	return cli_options(argc, argv, db, NULL, 0, usage);
}
