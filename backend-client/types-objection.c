/*
 * types-objection.c — the names of the objection enums (states and kinds)
 * and releasing objections and pages of them (issue 4).
 *
 * Invariants as in types.c: every free function accepts NULL and partly
 * filled results (a parser that fails half-way frees through them); every
 * name function returns a constant string, "unknown" for values it does
 * not know, and every *_from maps an unknown name to the UNKNOWN value so
 * that a newer service does not break an older client.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "parse-objection.h"
#include "parse-case.h"
#include "types.h"

static const char *const objection_state_names[] = {
	[GOVDX_OBJECTION_UNKNOWN] = "unknown",
	[GOVDX_OBJECTION_RAISED] = "raised",
	[GOVDX_OBJECTION_VERIFYING] = "verifying",
	[GOVDX_OBJECTION_DISMISSED] = "dismissed",
	[GOVDX_OBJECTION_CORRECTED] = "corrected",
	[GOVDX_OBJECTION_UPHELD] = "upheld",
	[GOVDX_OBJECTION_CLOSED] = "closed",
};

static const char *const objection_kind_names[] = {
	[GOVDX_OBJECTION_KIND_UNKNOWN] = "unknown",
	[GOVDX_OBJECTION_INCORRECT] = "incorrect",
	[GOVDX_OBJECTION_INCOMPLETE] = "incomplete",
	[GOVDX_OBJECTION_OUTDATED] = "outdated",
	[GOVDX_OBJECTION_INCONSISTENT] = "inconsistent",
	[GOVDX_OBJECTION_OTHER] = "other",
};

const char *govdx_objection_state_name(enum govdx_objection_state s)
{
	return types_name(objection_state_names, TYPES_N_OF(objection_state_names), (int)s);
}

enum govdx_objection_state govdx_objection_state_from(const char *name)
{
	return (enum govdx_objection_state)types_name_index(
		objection_state_names, TYPES_N_OF(objection_state_names), name);
}

const char *govdx_objection_kind_name(enum govdx_objection_kind k)
{
	return types_name(objection_kind_names, TYPES_N_OF(objection_kind_names), (int)k);
}

enum govdx_objection_kind govdx_objection_kind_from(const char *name)
{
	return (enum govdx_objection_kind)types_name_index(
		objection_kind_names, TYPES_N_OF(objection_kind_names), name);
}

void types_objection_clear(struct govdx_objection *o)
{
	if (o == NULL)
		return;
	free(o->id);
	free(o->state_name);
	free(o->entry_code);
	free(o->entry_name);
	free(o->item);
	free(o->record_key);
	free(o->kind_name);
	free(o->description);
	free(o->evidence);
	free(o->provider_department);
	free(o->provider_department_name);
	free(o->raiser_department);
	free(o->raiser_department_name);
	free(o->raiser_user);
	free(o->note);
	free(o->reason);
	free(o->created_at);
	free(o->updated_at);
	free(o->decided_by);
	free(o->decided_at);
	parse_case_free_actions(o->actions, o->n_actions);
	memset(o, 0, sizeof *o);
}

void govdx_objection_free(struct govdx_objection *o)
{
	types_objection_clear(o);
	free(o);
}

void govdx_objection_page_free(struct govdx_objection_page *p)
{
	if (p == NULL)
		return;
	parse_case_free_items(&parse_objection_case, p->items, p->n);
	free(p->next_cursor);
	free(p);
}
