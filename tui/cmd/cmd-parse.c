/*
 * cmd-parse — splits a command line into words with libedit's tokenizer(3)
 * and joins words back into a line that splits the same way (see
 * cmd-parse.h).
 *
 * The tokenizer does the quoting: '...' keeps everything literally, "..."
 * lets a backslash escape '"' and '\', and outside quotes a backslash escapes
 * any character.  Before handing a line to it, scan_line() walks the line with
 * the same quoting rules to do what the tokenizer does not:
 *   - cut the line at a '#' that begins a word (a comment);
 *   - end the line at an unquoted newline (the tokenizer stops there too);
 *   - refuse unterminated quotes and a trailing backslash itself.  The
 *     libedit 3.1-2022 tokenizer, given a line that ends in a backslash,
 *     reads past the end of the string instead of returning 3, so such a
 *     line must never reach tok_str.
 * tok_str's own error codes (1, 2, 3) are still mapped, as a second line of
 * defence.
 *
 * The Tokenizer keeps state between calls (it is meant for continuation
 * lines), so each split uses a fresh one: splitting is not on a hot path.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <histedit.h>

#include "cmd-parse.h"
#include "i18n.h"

/* Marked N_(): set_err translates every message it is given. */
#define MSG_SINGLE N_("unterminated single quote")
#define MSG_DOUBLE N_("unterminated double quote")
#define MSG_BACKSLASH N_("trailing backslash")

static void *
parse_alloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL) {
		fputs("govdx: out of memory\n", stderr);
		abort();
	}
	return p;
}

static char *
parse_strdup(const char *s)
{
	size_t n = strlen(s) + 1;

	return memcpy(parse_alloc(n), s, n);
}

static void
set_err(char *err, size_t errlen, const char *msg)
{
	if (err != NULL && errlen > 0)
		snprintf(err, errlen, "%s", _(msg));
}

/*
 * Finds where the words of line end (a comment or an unquoted newline) and
 * checks the quoting.  Returns the length to keep, or (size_t)-1 with *msg
 * set for a quoting error.
 */
static size_t
scan_line(const char *line, const char **msg)
{
	enum { Q_NONE, Q_SINGLE, Q_DOUBLE } q = Q_NONE;
	int word_start = 1;
	size_t i;

	for (i = 0; line[i] != '\0'; i++) {
		char c = line[i];

		switch (q) {
		case Q_NONE:
			if (c == ' ' || c == '\t') {
				word_start = 1;
				continue;
			}
			if (c == '\n')
				return i;
			if (c == '#' && word_start)
				return i;
			word_start = 0;
			if (c == '\'') {
				q = Q_SINGLE;
			} else if (c == '"') {
				q = Q_DOUBLE;
			} else if (c == '\\') {
				/* A backslash-newline is a continuation line,
				 * which a single line cannot have either. */
				if (line[i + 1] == '\0' || line[i + 1] == '\n') {
					*msg = MSG_BACKSLASH;
					return (size_t)-1;
				}
				i++;
			}
			break;
		case Q_SINGLE:
			if (c == '\'')
				q = Q_NONE;
			break;
		case Q_DOUBLE:
			if (c == '"') {
				q = Q_NONE;
			} else if (c == '\\') {
				if (line[i + 1] == '\0') {
					*msg = MSG_DOUBLE;
					return (size_t)-1;
				}
				i++;
			}
			break;
		}
	}
	if (q == Q_SINGLE) {
		*msg = MSG_SINGLE;
		return (size_t)-1;
	}
	if (q == Q_DOUBLE) {
		*msg = MSG_DOUBLE;
		return (size_t)-1;
	}
	return i;
}

int
cmd_parse_split(const char *line, int *argc, char ***argv, char *err,
                size_t errlen)
{
	const char *msg = NULL;
	const char **tav = NULL;
	Tokenizer *tok;
	char *copy, **words;
	size_t keep;
	int tac = 0, rc, i;

	*argc = 0;
	*argv = NULL;
	if (line == NULL)
		line = "";
	keep = scan_line(line, &msg);
	if (keep == (size_t)-1) {
		set_err(err, errlen, msg);
		return -1;
	}
	copy = parse_alloc(keep + 1);
	memcpy(copy, line, keep);
	copy[keep] = '\0';

	tok = tok_init(NULL);
	if (tok == NULL) {
		free(copy);
		set_err(err, errlen, N_("out of memory"));
		return -1;
	}
	rc = tok_str(tok, copy, &tac, &tav);
	if (rc != 0) {
		tok_end(tok);
		free(copy);
		set_err(err, errlen, rc == 1 ? MSG_SINGLE : rc == 2 ? MSG_DOUBLE :
		        rc == 3 ? MSG_BACKSLASH : N_("cannot split the line"));
		return -1;
	}
	words = parse_alloc(((size_t)tac + 1) * sizeof(*words));
	for (i = 0; i < tac; i++)
		words[i] = parse_strdup(tav[i]);
	words[tac] = NULL;
	tok_end(tok);
	free(copy);
	*argc = tac;
	*argv = words;
	return 0;
}

void
cmd_parse_free(int argc, char **argv)
{
	int i;

	if (argv == NULL)
		return;
	/* argv is NULL-terminated; argc is only a cross-check. */
	for (i = 0; argv[i] != NULL; i++)
		free(argv[i]);
	(void)argc;
	free(argv);
}

/* Whether a word must be quoted to split back as itself. */
static int
needs_quotes(const char *w)
{
	if (w[0] == '\0' || w[0] == '#')
		return 1;
	return strpbrk(w, " \t\n'\"\\") != NULL;
}

/* Appends w, quoted as needed, at out (which has room) and returns the end. */
static char *
append_word(char *out, const char *w)
{
	const char *p;

	if (!needs_quotes(w)) {
		size_t n = strlen(w);

		memcpy(out, w, n);
		return out + n;
	}
	if (strchr(w, '\'') == NULL) {
		/* Single quotes keep everything, newlines and backslashes too. */
		size_t n = strlen(w);

		*out++ = '\'';
		memcpy(out, w, n);
		out += n;
		*out++ = '\'';
		return out;
	}
	/* Inside double quotes only '"' and '\' need a backslash. */
	*out++ = '"';
	for (p = w; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\')
			*out++ = '\\';
		*out++ = *p;
	}
	*out++ = '"';
	return out;
}

char *
cmd_parse_join(int argc, char *const *argv)
{
	size_t size = 1;
	char *line, *p;
	int i;

	/* Worst case: every byte escaped, two quotes and a space per word. */
	for (i = 0; i < argc; i++)
		size += 2 * strlen(argv[i]) + 3;
	line = p = parse_alloc(size);
	for (i = 0; i < argc; i++) {
		if (i > 0)
			*p++ = ' ';
		p = append_word(p, argv[i]);
	}
	*p = '\0';
	return line;
}

char *
cmd_parse_words(int argc, char *const *argv)
{
	size_t len = 1;
	int i;
	char *s;

	for (i = 0; i < argc; i++)
		len += strlen(argv[i]) + 1;
	s = parse_alloc(len);
	s[0] = '\0';
	for (i = 0; i < argc; i++) {
		if (i > 0)
			strcat(s, " ");
		strcat(s, argv[i]);
	}
	return s;
}
