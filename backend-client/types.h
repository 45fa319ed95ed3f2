/*
 * types.h — releasing the contents of result structs, and the names of the
 * result enums (internal to libgovdx; types.c for the directory results,
 * types-request.c for requests, audit, events and the calendar).
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
void types_audit_event_clear(struct govdx_audit_event *a);
void types_event_clear(struct govdx_event *e);
void types_calendar_day_clear(struct govdx_calendar_day *d);

enum govdx_level types_level_from(const char *s);
enum govdx_sharing types_sharing_from(const char *s);
enum govdx_open types_open_from(const char *s);
enum govdx_day_kind types_day_kind_from(const char *s);

#endif
