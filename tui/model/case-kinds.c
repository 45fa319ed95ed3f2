/*
 * case-kinds — the list of case kinds (sharing requests, objections) and
 * finding one by id prefix or by name (see case.h).  It sits above the
 * kinds, which use case.c's shared helpers: no kind knows the list.
 */
#include "config.h"

#include <string.h>

#include "case.h"
#include "i18n.h"

static const struct case_kind *const kinds[] = { &case_kind_request, &case_kind_objection,
	                                         &case_kind_revision, NULL };

const struct case_kind *const *case_kinds(void)
{
	return kinds;
}

const struct case_kind *case_kind_of_id(const char *id)
{
	size_t i;

	for (i = 0; id && kinds[i]; i++) {
		size_t n = strlen(kinds[i]->id_prefix);
		if (!strncmp(id, kinds[i]->id_prefix, n) && id[n] >= '0' && id[n] <= '9')
			return kinds[i];
	}
	return NULL;
}

const struct case_kind *case_kind_named(const char *name)
{
	size_t i;

	for (i = 0; name && kinds[i]; i++)
		if (!strcmp(name, kinds[i]->name) || !strcmp(name, kinds[i]->plural))
			return kinds[i];
	return NULL;
}

const char *case_past(const char *action)
{
	size_t i;
	const struct case_action *a;

	for (i = 0; kinds[i]; i++)
		if ((a = case_action(kinds[i], action)))
			return _(a->past);
	return action;
}
