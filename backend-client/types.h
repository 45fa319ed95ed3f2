/*
 * types.h — releasing the contents of result structs, and the names of the
 * result enums (internal to libgovdx; types.c for the directory results,
 * types-request.c for requests, audit, events and the calendar,
 * types-objection.c for objections).
 *
 * The *_clear functions free what a struct owns and zero it, without
 * freeing the struct itself; they accept partly filled structs (a parser
 * that fails half-way clears what it made). The *_from functions map the
 * wire names to enums; an unknown name maps to the UNKNOWN value so that a
 * newer service does not break an older client.
 */
#ifndef GOVDX_TYPES_H
#define GOVDX_TYPES_H

#include "govdx.h"

void types_platform_clear(struct govdx_platform *p);
void types_department_clear(struct govdx_department *d);
void types_entry_clear(struct govdx_entry *e);

void types_request_clear(struct govdx_request *r);
void types_objection_clear(struct govdx_objection *o);
void types_audit_event_clear(struct govdx_audit_event *a);
void types_event_clear(struct govdx_event *e);
void types_calendar_day_clear(struct govdx_calendar_day *d);

#define TYPES_N_OF(a) (sizeof(a) / sizeof((a)[0]))

/* names[value], or "unknown" for a value outside names[0..n). */
const char *types_name(const char *const *names, size_t n, int value);
/* The index of s in names[0..n) where names[0] is the UNKNOWN value's
 * name and never matches; 0 for NULL or an unknown name. */
int types_name_index(const char *const *names, size_t n, const char *s);

enum govdx_level types_level_from(const char *s);
enum govdx_sharing types_sharing_from(const char *s);
enum govdx_open types_open_from(const char *s);
enum govdx_day_kind types_day_kind_from(const char *s);

/* types-stats.c: the supervision figures. */
void types_stats_row_clear(struct govdx_stats_row *r);
void types_stats_search_clear(struct govdx_stats_search *s);
void types_stats_not_held_clear(struct govdx_stats_not_held *n);
enum govdx_stats_by types_stats_by_from(const char *s);

#endif
