/*
 * types.c — the names of the result enums, releasing results, and the
 * library version.
 *
 * Invariants: every free function accepts NULL and partly filled results;
 * every name function returns a constant string, "unknown" for values it
 * does not know.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "parse-case.h"
#include "types.h"

const char *govdx_version(void)
{
	return PACKAGE_VERSION;
}

/* ---- enum names ----------------------------------------------------------- */

static const char *const level_names[] = {
	[GOVDX_LEVEL_UNKNOWN] = "unknown",       [GOVDX_LEVEL_NATIONAL] = "national",
	[GOVDX_LEVEL_PROVINCIAL] = "provincial", [GOVDX_LEVEL_MUNICIPAL] = "municipal",
	[GOVDX_LEVEL_COUNTY] = "county",
};

static const char *const sharing_names[] = {
	[GOVDX_SHARING_UNKNOWN] = "unknown",
	[GOVDX_SHARING_UNCONDITIONAL] = "unconditional",
	[GOVDX_SHARING_CONDITIONAL] = "conditional",
	[GOVDX_SHARING_NONE] = "none",
};

static const char *const open_names[] = {
	[GOVDX_OPEN_UNKNOWN] = "unknown",
	[GOVDX_OPEN_OPEN] = "open",
	[GOVDX_OPEN_CONDITIONAL] = "conditional",
	[GOVDX_OPEN_CLOSED] = "closed",
};

const char *govdx_level_name(enum govdx_level l)
{
	return types_name(level_names, TYPES_N_OF(level_names), (int)l);
}

const char *govdx_sharing_name(enum govdx_sharing s)
{
	return types_name(sharing_names, TYPES_N_OF(sharing_names), (int)s);
}

const char *govdx_open_name(enum govdx_open o)
{
	return types_name(open_names, TYPES_N_OF(open_names), (int)o);
}

const char *types_name(const char *const *names, size_t n, int value)
{
	return value >= 0 && (size_t)value < n ? names[value] : "unknown";
}

/* Index 0 is the UNKNOWN value of each enum. */
int types_name_index(const char *const *names, size_t n, const char *s)
{
	size_t i;

	if (s == NULL)
		return 0;
	for (i = 1; i < n; i++)
		if (strcmp(names[i], s) == 0)
			return (int)i;
	return 0;
}

enum govdx_level types_level_from(const char *s)
{
	return (enum govdx_level)types_name_index(level_names, TYPES_N_OF(level_names), s);
}

enum govdx_sharing types_sharing_from(const char *s)
{
	return (enum govdx_sharing)types_name_index(sharing_names, TYPES_N_OF(sharing_names), s);
}

enum govdx_open types_open_from(const char *s)
{
	return (enum govdx_open)types_name_index(open_names, TYPES_N_OF(open_names), s);
}

/* ---- releasing ------------------------------------------------------------ */

void types_platform_clear(struct govdx_platform *p)
{
	if (p == NULL)
		return;
	free(p->name);
	memset(p, 0, sizeof *p);
}

void types_department_clear(struct govdx_department *d)
{
	if (d == NULL)
		return;
	free(d->code);
	free(d->name);
	memset(d, 0, sizeof *d);
}

void types_entry_clear(struct govdx_entry *e)
{
	size_t i;

	if (e == NULL)
		return;
	free(e->code);
	free(e->name);
	free(e->department_code);
	free(e->department_name);
	free(e->update_cycle);
	free(e->classification);
	free(e->classification_name);
	free(e->platform_name);
	free(e->abstract);
	free(e->format);
	free(e->sharing_condition);
	free(e->sharing_method);
	free(e->basis);
	free(e->release_date);
	free(e->open_condition);
	free(e->status_name);
	free(e->published_at);
	free(e->published_by);
	free(e->retired_at);
	free(e->retired_reason);
	parse_case_free_actions(e->actions, e->n_actions);
	for (i = 0; e->items != NULL && i < e->n_items; i++) {
		free(e->items[i].name);
		free(e->items[i].data_type);
	}
	free(e->items);
	for (i = 0; e->related != NULL && i < e->n_related; i++)
		free(e->related[i]);
	free(e->related);
	memset(e, 0, sizeof *e);
}

void govdx_entry_free(struct govdx_entry *e)
{
	types_entry_clear(e);
	free(e);
}

void govdx_me_free(struct govdx_me *m)
{
	if (m == NULL)
		return;
	free(m->user);
	free(m->display_name);
	free(m->role);
	free(m->department_code);
	free(m->department_name);
	types_platform_clear(&m->platform);
	free(m);
}

void govdx_health_free(struct govdx_health *h)
{
	if (h == NULL)
		return;
	free(h->status);
	free(h->version);
	free(h->database);
	free(h);
}

void govdx_platform_node_free(struct govdx_platform_node *n)
{
	size_t i;

	if (n == NULL)
		return;
	types_platform_clear(&n->platform);
	for (i = 0; n->path != NULL && i < n->path_len; i++)
		types_platform_clear(&n->path[i]);
	free(n->path);
	free(n);
}

void govdx_platform_page_free(struct govdx_platform_page *p)
{
	size_t i;

	if (p == NULL)
		return;
	for (i = 0; p->items != NULL && i < p->n; i++)
		types_platform_clear(&p->items[i]);
	free(p->items);
	free(p->next_cursor);
	free(p);
}

void govdx_department_page_free(struct govdx_department_page *p)
{
	size_t i;

	if (p == NULL)
		return;
	for (i = 0; p->items != NULL && i < p->n; i++)
		types_department_clear(&p->items[i]);
	free(p->items);
	free(p->next_cursor);
	free(p);
}

void govdx_entry_page_free(struct govdx_entry_page *p)
{
	size_t i;

	if (p == NULL)
		return;
	for (i = 0; p->items != NULL && i < p->n; i++)
		types_entry_clear(&p->items[i]);
	free(p->items);
	free(p->next_cursor);
	free(p);
}
