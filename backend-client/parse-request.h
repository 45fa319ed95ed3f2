/*
 * parse-request.h — the case type of sharing requests (parse-case.h),
 * with which the calls parse answers, 412s and ETags, and the page
 * release frees requests (internal to libgovdx).
 */
#ifndef GOVDX_PARSE_REQUEST_H
#define GOVDX_PARSE_REQUEST_H

#include "parse-case.h"

extern const struct case_type parse_request_case;

#endif
