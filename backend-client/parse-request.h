/*
 * parse-request.h — readers shared by the issue-3 parsers (internal to
 * libgovdx): a request object wherever it appears (an answer, a page item,
 * error.details.current) and calendar dates.
 */
#ifndef GOVDX_PARSE_REQUEST_H
#define GOVDX_PARSE_REQUEST_H

#include <jansson.h>

#include "govdx.h"

/* A "YYYY-MM-DD" string into buf ("" when nullable and null or absent). */
int parse_date(json_t *obj, const char *where, const char *key, unsigned flags, char buf[11],
               struct govdx_error *err);

/* A request object into *r; on failure *r is cleared and *err names the
 * field under where. */
int parse_request_fields(json_t *obj, const char *where, struct govdx_request *r,
                         struct govdx_error *err);

#endif
