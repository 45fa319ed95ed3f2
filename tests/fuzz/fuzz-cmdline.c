/*
 * fuzz-cmdline — the console's command-line splitter (cmd-parse.c, over
 * libedit's tokenizer(3)), which the `:` line, key bindings and the config
 * file share.
 *
 * The input is one line (up to its first NUL).  Splitting must either
 * give words or refuse with a message; words it gives, joined back by
 * cmd_parse_join, must split into the same words again (the invariant of
 * cmd-parse.h).  A line ending in a backslash once made libedit read past
 * the end of the string: scan_line keeps such lines from it, and this
 * target keeps that true.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cmd-parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *line = malloc(size + 1), *joined, *words, err[128];
	char **argv = NULL, **again = NULL;
	int argc = 0, argc2 = 0, i;

	if (!line)
		return 0;
	memcpy(line, data, size);
	line[size] = '\0';
	err[0] = '\0';
	if (cmd_parse_split(line, &argc, &argv, err, sizeof err) < 0) {
		if (!err[0] || argv || argc)
			abort(); /* a refusal says why and gives nothing */
		free(line);
		return 0;
	}
	if (argc < 0 || !argv || argv[argc])
		abort();
	joined = cmd_parse_join(argc, argv);
	if (cmd_parse_split(joined, &argc2, &again, err, sizeof err) < 0 || argc2 != argc)
		abort();
	for (i = 0; i < argc; i++)
		if (strcmp(argv[i], again[i]) != 0)
			abort();
	words = cmd_parse_words(argc, argv);
	free(words);
	free(joined);
	cmd_parse_free(argc2, again);
	cmd_parse_free(argc, argv);
	free(line);
	return 0;
}
