/*
 * types-stats.c — releasing the results of the supervision figures
 * (GET /v1/stats, GET /v1/stats/unmet) and the names of "by".
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "types.h"

static const char *const by_names[] = {"unknown", "department", "entry", "month"};

const char *govdx_stats_by_name(enum govdx_stats_by by)
{
	return types_name(by_names, TYPES_N_OF(by_names), (int)by);
}

enum govdx_stats_by types_stats_by_from(const char *s)
{
	return (enum govdx_stats_by)types_name_index(by_names, TYPES_N_OF(by_names), s);
}

static void scope_clear(struct govdx_stats_scope *s)
{
	free(s->platform_name);
	free(s->department_code);
	free(s->department_name);
	memset(s, 0, sizeof *s);
}

void types_stats_row_clear(struct govdx_stats_row *r)
{
	if (r == NULL)
		return;
	free(r->department_code);
	free(r->department_name);
	free(r->entry_code);
	free(r->entry_name);
	memset(r, 0, sizeof *r);
}

void types_stats_search_clear(struct govdx_stats_search *s)
{
	if (s == NULL)
		return;
	free(s->query);
	memset(s, 0, sizeof *s);
}

void types_stats_not_held_clear(struct govdx_stats_not_held *n)
{
	if (n == NULL)
		return;
	free(n->entry_code);
	free(n->entry_name);
	free(n->department_code);
	free(n->department_name);
	memset(n, 0, sizeof *n);
}

void govdx_stats_free(struct govdx_stats *s)
{
	size_t i;

	if (s == NULL)
		return;
	scope_clear(&s->scope);
	free(s->by_name);
	for (i = 0; s->rows != NULL && i < s->n_rows; i++)
		types_stats_row_clear(&s->rows[i]);
	free(s->rows);
	free(s->weekly);
	free(s);
}

void govdx_stats_unmet_free(struct govdx_stats_unmet *u)
{
	size_t i;

	if (u == NULL)
		return;
	scope_clear(&u->scope);
	for (i = 0; u->searches != NULL && i < u->n_searches; i++)
		types_stats_search_clear(&u->searches[i]);
	free(u->searches);
	for (i = 0; u->not_held != NULL && i < u->n_not_held; i++)
		types_stats_not_held_clear(&u->not_held[i]);
	free(u->not_held);
	free(u);
}
