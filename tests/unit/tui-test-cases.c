/*
 * tui-test-cases.c — see tui-test-cases.h.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tui-test-cases.h"
#include "xalloc.h"

void test_offer(struct govdx_action **actions, size_t *n, bool *has, const char *spec)
{
	char *copy = xstrdup(spec), *save = NULL, *word;
	size_t i;

	for (i = 0; i < *n; i++)
		free((*actions)[i].name);
	free(*actions);
	*actions = NULL;
	*n = 0;
	for (word = strtok_r(copy, " ", &save); word; word = strtok_r(NULL, " ", &save)) {
		size_t len = strlen(word);
		struct govdx_action *a;

		*actions = xrealloc(*actions, (*n + 1) * sizeof **actions);
		a = &(*actions)[(*n)++];
		a->reason = GOVDX_REASON_OPTIONAL;
		if (word[len - 1] == '!' || word[len - 1] == '-') {
			a->reason = word[len - 1] == '!' ? GOVDX_REASON_REQUIRED : GOVDX_REASON_NONE;
			word[--len] = '\0';
		}
		a->name = xstrdup(word);
	}
	*has = true;
	free(copy);
}
