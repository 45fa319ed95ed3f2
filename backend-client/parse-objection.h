/*
 * parse-objection.h — the case type of objections (parse-case.h), with
 * which the calls parse answers, 412s and ETags, and the page release
 * frees objections (internal to libgovdx).
 */
#ifndef GOVDX_PARSE_OBJECTION_H
#define GOVDX_PARSE_OBJECTION_H

#include "parse-case.h"

extern const struct case_type parse_objection_case;

#endif
