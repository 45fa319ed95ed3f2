/*
 * parse-revision.h — the case type of revisions (parse-case.h), with which
 * the calls parse answers, 412s and ETags, and the page release frees
 * revisions; the parsers of the published history and of differences
 * (internal to libgovdx).
 */
#ifndef GOVDX_PARSE_REVISION_H
#define GOVDX_PARSE_REVISION_H

#include "parse-case.h"

extern const struct case_type parse_revision_case;

void types_revision_clear(struct govdx_revision *r);
void types_entry_revision_clear(struct govdx_entry_revision *r);
void types_revision_item_clear(struct govdx_revision_item *it);

#endif
