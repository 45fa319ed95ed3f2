/*
 * cmd-parse — splits one command line into words and joins words back.
 *
 * One splitter serves the `:` command line, key bindings and the config file,
 * so the three always agree on quoting: shell-like '...', "..." and backslash,
 * done by libedit's tokenizer(3).  A '#' that begins a word starts a comment
 * to the end of the line.
 *
 * Invariant: cmd_parse_split(cmd_parse_join(argv)) gives argv back.
 */
#ifndef GOVDX_CMD_PARSE_H
#define GOVDX_CMD_PARSE_H

#include <stddef.h>

/* Returns 0 with *argc and *argv (malloc'd, NULL-terminated, free with
 * cmd_parse_free), or -1 with a message in err, translated: "unterminated
 * single quote", "unterminated double quote", "trailing backslash".  A blank
 * line (or only a comment) gives argc 0. */
int cmd_parse_split(const char *line, int *argc, char ***argv, char *err,
                    size_t errlen);
void cmd_parse_free(int argc, char **argv);

/* Joins words back into one line, quoting where needed (so history and help
 * can show commands).  malloc'd. */
char *cmd_parse_join(int argc, char *const *argv);
/* The words joined with single spaces, unquoted: names, search text and
 * reasons may contain spaces and need no quotes on the command line.
 * malloc'd. */
char *cmd_parse_words(int argc, char *const *argv);

#endif /* GOVDX_CMD_PARSE_H */
