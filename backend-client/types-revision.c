/*
 * types-revision.c — the names of the revision states and of an entry's
 * core fields, and releasing revisions, published revisions, pages of
 * them and differences (issue 15).
 *
 * Invariants as in types.c: every free function accepts NULL and partly
 * filled results; every name function returns a constant string
 * ("unknown" for a state it does not know), and every *_from maps an
 * unknown name to the UNKNOWN value (a newer service must not break an
 * older client).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "parse-case.h"
#include "parse-revision.h"
#include "types.h"

static const char *const revision_state_names[] = {
	[GOVDX_REVISION_UNKNOWN] = "unknown",
	[GOVDX_REVISION_DRAFT] = "draft",
	[GOVDX_REVISION_SUBMITTED] = "submitted",
	[GOVDX_REVISION_RETURNED] = "returned",
	[GOVDX_REVISION_PUBLISHED] = "published",
	[GOVDX_REVISION_WITHDRAWN] = "withdrawn",
};

static const char *const field_names[GOVDX_FIELD_COUNT] = {
	[GOVDX_FIELD_NAME] = "name",
	[GOVDX_FIELD_CLASSIFICATION] = "classification",
	[GOVDX_FIELD_ABSTRACT] = "abstract",
	[GOVDX_FIELD_FORMAT] = "format",
	[GOVDX_FIELD_ITEMS] = "items",
	[GOVDX_FIELD_SHARING_TYPE] = "sharing_type",
	[GOVDX_FIELD_SHARING_CONDITION] = "sharing_condition",
	[GOVDX_FIELD_SHARING_METHOD] = "sharing_method",
	[GOVDX_FIELD_BASIS] = "basis",
	[GOVDX_FIELD_OPEN_ATTRIBUTE] = "open_attribute",
	[GOVDX_FIELD_OPEN_CONDITION] = "open_condition",
	[GOVDX_FIELD_UPDATE_CYCLE] = "update_cycle",
	[GOVDX_FIELD_RELATED] = "related",
};

const char *govdx_revision_state_name(enum govdx_revision_state s)
{
	return types_name(revision_state_names, TYPES_N_OF(revision_state_names), (int)s);
}

enum govdx_revision_state govdx_revision_state_from(const char *name)
{
	return (enum govdx_revision_state)types_name_index(
		revision_state_names, TYPES_N_OF(revision_state_names), name);
}

const char *govdx_field_name(enum govdx_field f)
{
	if ((int)f < 0 || f >= GOVDX_FIELD_COUNT)
		return NULL;
	return field_names[f];
}

enum govdx_field govdx_field_from(const char *name)
{
	int i;
	size_t n;

	if (name == NULL)
		return GOVDX_FIELD_COUNT;
	if (strncmp(name, "fields.", 7) == 0)
		name += 7;
	for (i = 0; i < GOVDX_FIELD_COUNT; i++) {
		n = strlen(field_names[i]);
		/* "items[2].name" is a refusal of the items */
		if (strncmp(name, field_names[i], n) == 0 &&
		    (name[n] == '\0' || name[n] == '[' || name[n] == '.'))
			return (enum govdx_field)i;
	}
	return GOVDX_FIELD_COUNT;
}

void types_revision_item_clear(struct govdx_revision_item *it)
{
	if (it == NULL)
		return;
	free(it->name);
	free(it->type);
	memset(it, 0, sizeof *it);
}

static void items_free(struct govdx_revision_item *items, size_t n)
{
	size_t i;

	for (i = 0; items != NULL && i < n; i++)
		types_revision_item_clear(&items[i]);
	free(items);
}

void govdx_entry_fields_clear(struct govdx_entry_fields *f)
{
	size_t i;

	if (f == NULL)
		return;
	free(f->name);
	free(f->classification);
	free(f->abstract);
	free(f->format);
	items_free(f->items, f->n_items);
	free(f->sharing_type);
	free(f->sharing_condition);
	free(f->sharing_method);
	free(f->basis);
	free(f->open_attribute);
	free(f->open_condition);
	free(f->update_cycle);
	for (i = 0; f->related != NULL && i < f->n_related; i++)
		free(f->related[i]);
	free(f->related);
	memset(f, 0, sizeof *f);
}

void types_revision_clear(struct govdx_revision *r)
{
	if (r == NULL)
		return;
	free(r->id);
	free(r->state_name);
	free(r->entry_code);
	free(r->department_code);
	free(r->department_name);
	govdx_entry_fields_clear(&r->fields);
	free(r->objection);
	free(r->created_by);
	free(r->submitted_at);
	free(r->reason);
	free(r->created_at);
	free(r->updated_at);
	free(r->decided_by);
	free(r->decided_at);
	parse_case_free_actions(r->actions, r->n_actions);
	memset(r, 0, sizeof *r);
}

void govdx_revision_free(struct govdx_revision *r)
{
	types_revision_clear(r);
	free(r);
}

void govdx_revision_page_free(struct govdx_revision_page *p)
{
	if (p == NULL)
		return;
	parse_case_free_items(&parse_revision_case, p->items, p->n);
	free(p->next_cursor);
	free(p);
}

void types_entry_revision_clear(struct govdx_entry_revision *r)
{
	if (r == NULL)
		return;
	free(r->id);
	free(r->published_at);
	free(r->published_by);
	free(r->name);
	govdx_entry_fields_clear(&r->fields);
	memset(r, 0, sizeof *r);
}

void govdx_entry_revision_free(struct govdx_entry_revision *r)
{
	types_entry_revision_clear(r);
	free(r);
}

void govdx_entry_revision_page_free(struct govdx_entry_revision_page *p)
{
	size_t i;

	if (p == NULL)
		return;
	for (i = 0; p->items != NULL && i < p->n; i++)
		types_entry_revision_clear(&p->items[i]);
	free(p->items);
	free(p->next_cursor);
	free(p);
}

void govdx_diff_free(struct govdx_diff *d)
{
	size_t i;

	if (d == NULL)
		return;
	free(d->to);
	for (i = 0; d->fields != NULL && i < d->n_fields; i++) {
		free(d->fields[i].field);
		free(d->fields[i].before);
		free(d->fields[i].after);
	}
	free(d->fields);
	items_free(d->added, d->n_added);
	items_free(d->removed, d->n_removed);
	for (i = 0; d->changed != NULL && i < d->n_changed; i++) {
		free(d->changed[i].name);
		types_revision_item_clear(&d->changed[i].before);
		types_revision_item_clear(&d->changed[i].after);
	}
	free(d->changed);
	for (i = 0; d->related_added != NULL && i < d->n_related_added; i++)
		free(d->related_added[i]);
	free(d->related_added);
	for (i = 0; d->related_removed != NULL && i < d->n_related_removed; i++)
		free(d->related_removed[i]);
	free(d->related_removed);
	free(d);
}
