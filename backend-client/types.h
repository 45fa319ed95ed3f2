/*
 * types.h — releasing the contents of result structs, and the names of the
 * result enums (internal to libgovdx).
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

enum govdx_level types_level_from(const char *s);
enum govdx_sharing types_sharing_from(const char *s);
enum govdx_open types_open_from(const char *s);

#endif
