/*
 * parse.h — strict JSON field readers shared by the answer parsers
 * (internal to libgovdx).
 *
 * Every reader takes the object, the path of that object in the answer
 * ("" for the root, "items[3]", "platform", ...) and a key, and either
 * stores the typed value or fails with GOVDX_ERR_PROTOCOL
 * "malformed_answer" naming the field: "items[3].sharing_type is a number,
 * expected a string". A field is required unless PARSE_NULLABLE is given;
 * a nullable field may be null or absent and then reads as NULL / 0 / "".
 * Unknown extra fields are ignored, so the service may add fields.
 */
#ifndef GOVDX_PARSE_H
#define GOVDX_PARSE_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "govdx.h"

#define PARSE_REQUIRED 0u
#define PARSE_NULLABLE 1u

/* Loads a body whose root must be an object; NULL with *err otherwise. */
json_t *parse_load(const char *body, size_t len, struct govdx_error *err);

/* Fails with "malformed_answer": "<where>.<key> <problem>". Returns -1. */
int parse_fail(struct govdx_error *err, const char *where, const char *key,
               const char *problem);

/* Loads body (as parse_load) and calloc's a result of size bytes into
 * *result: the start of every answer parser. NULL with *err and *result
 * NULL when either fails. */
json_t *parse_begin(const char *body, size_t len, size_t size, void **result,
                    struct govdx_error *err);

/* Writes "<where>.<key>" (or "<key>" at the root) into buf. */
void parse_path(char *buf, size_t cap, const char *where, const char *key);
/* Writes "<where>.<key>[<index>]" into buf. */
void parse_path_index(char *buf, size_t cap, const char *where, const char *key,
                      size_t index);

int parse_string(json_t *obj, const char *where, const char *key, unsigned flags, char **out,
                 struct govdx_error *err);
/* A short string into a fixed buffer (platform codes); too long fails. */
int parse_code(json_t *obj, const char *where, const char *key, unsigned flags, char *buf,
               size_t cap, struct govdx_error *err);
int parse_long(json_t *obj, const char *where, const char *key, unsigned flags, long *out,
               struct govdx_error *err);
int parse_int(json_t *obj, const char *where, const char *key, unsigned flags, int *out,
              struct govdx_error *err);
/* An int that may be negative (working days left). */
int parse_int_signed(json_t *obj, const char *where, const char *key, unsigned flags, int *out,
                     struct govdx_error *err);
/* A "YYYY-MM-DD" string into buf ("" when nullable and null or absent). */
int parse_date(json_t *obj, const char *where, const char *key, unsigned flags, char buf[11],
               struct govdx_error *err);
/* An array of strings into a malloc'd char ** (*n elements). */
int parse_string_array(json_t *obj, const char *where, const char *key, unsigned flags,
                       char ***out, size_t *n, struct govdx_error *err);
int parse_bool(json_t *obj, const char *where, const char *key, unsigned flags, bool *out,
               struct govdx_error *err);
/* *out is the member (borrowed) or NULL when nullable and null/absent. */
int parse_object(json_t *obj, const char *where, const char *key, unsigned flags,
                 json_t **out, struct govdx_error *err);
int parse_array(json_t *obj, const char *where, const char *key, unsigned flags,
                json_t **out, struct govdx_error *err);

/* A platform object ("counts" required when with_counts). */
int parse_platform_fields(json_t *obj, const char *where, bool with_counts,
                          struct govdx_platform *p, struct govdx_error *err);

/* The "next_cursor" of a page: a string or null, required. */
int parse_next_cursor(json_t *root, char **out, struct govdx_error *err);

/* Reads arr, the array member <where>.<key> whose elements must be
 * objects, calling one_item for each element into the slot
 * *items + i * size (calloc'd here; left NULL for an empty array). *n
 * counts the elements read completely, so that a failure frees exactly
 * those; one_item clears its own slot when it fails. */
int parse_objects(json_t *arr, const char *where, const char *key, void **items, size_t size,
                  size_t *n, int (*one_item)(json_t *obj, const char *where, void *slot,
                                             struct govdx_error *err),
                  struct govdx_error *err);

/* Reads "items" (an array of objects) and, when cursor is not NULL,
 * "next_cursor" of a page, calling one_item for each element into the
 * slot *items + i * size (calloc'd here). *n counts the elements read
 * completely, so that a failure frees exactly those; one_item clears its
 * own slot when it fails. */
int parse_page(json_t *root, void **items, size_t size, size_t *n, char **cursor,
               int (*one_item)(json_t *obj, const char *where, void *slot,
                               struct govdx_error *err),
               struct govdx_error *err);

#endif
