/*
 * view-stats — the supervision figures (view-stats.c) and the unmet
 * demand (view-unmet.c): what they ask the service for, and the two
 * views' constructors.
 */
#ifndef GOVDX_VIEW_STATS_H
#define GOVDX_VIEW_STATS_H

#include <stdbool.h>
#include <stddef.h>

#include <govdx.h>

struct app;
struct view;

/* What the figures are asked for: "" for the service's default (its own
 * platform, the last 365 days). */
struct view_stats_query {
	char platform[8];
	char from[11], to[11];
	char by[12];   /* department, entry, month */
	char sort[12]; /* one of view_stats_sorts(by) */
};

/* The sorts a by takes, NULL-terminated, "code" first. */
const char *const *view_stats_sorts(const char *by);
/* The words of a by or a sort ("department": 部门), translated; the value
 * itself when it is none of them. */
const char *view_stats_word(const char *value);

struct view *view_stats_new(struct app *app, const struct view_stats_query *q);
/* The query of a figures view (false for another view), and asking it
 * again with another. */
bool view_stats_get(struct view *v, struct view_stats_query *q);
void view_stats_set(struct view *v, const struct view_stats_query *q);

/* The unmet demand of the query's scope and period (by and sort unused). */
struct view *view_unmet_new(struct app *app, const struct view_stats_query *q);
bool view_unmet_get(struct view *v, struct view_stats_query *q);
void view_unmet_set(struct view *v, const struct view_stats_query *q);

/* The title of either: what, the scope and the period. */
void view_stats_title(const struct govdx_stats_scope *s, const char *from, const char *to,
                      const char *what, char *buf, size_t len);

#endif /* GOVDX_VIEW_STATS_H */
