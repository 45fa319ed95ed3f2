/*
 * body.h — request bodies: bounded collection and strict JSON objects.
 *
 * The HTTP layer feeds upload chunks into a struct body; past the limit the
 * bytes are counted but dropped, and the request is answered 413 once the
 * upload is over (never a partial read passed on). body_parse_object turns
 * the bytes into a JSON object and refuses, with the wire error code to
 * answer: broken UTF-8 (invalid_utf8), anything that is not one JSON object
 * or repeats a key (invalid_json), and fields the endpoint does not know
 * (invalid_parameter, naming the field). The typed getters then check each
 * field's type, presence and length.
 */
#ifndef GOVDX_SVC_BODY_H
#define GOVDX_SVC_BODY_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#define BODY_LIMIT_DEFAULT (64 * 1024)

struct body {
	char *buf;       /* collected bytes, NUL-terminated when len > 0 */
	size_t len;      /* bytes kept */
	size_t cap;      /* allocated size of buf */
	size_t limit;    /* most bytes accepted */
	size_t received; /* bytes seen, kept or not */
	bool too_large;  /* received > limit */
};

/* A refusal: HTTP status, wire error code, message and (maybe) the field. */
struct body_error {
	int status;
	const char *code;
	char message[256];
	char field[64];
};

void body_init(struct body *b, size_t limit);
/* Returns false only when memory runs out. */
bool body_append(struct body *b, const char *data, size_t n);
void body_free(struct body *b);

/* Parses the body as one JSON object whose keys are all in allowed (a NULL
 * terminated list). Returns the object (caller's reference) or NULL with
 * *err filled. */
json_t *body_parse_object(const struct body *b, const char *const *allowed,
                          struct body_error *err);

/* Typed getters. A missing optional field leaves *out NULL and succeeds.
 * Strings must be non-empty and at most max_chars characters. */
bool body_get_string(json_t *obj, const char *field, bool required, size_t max_chars,
                     const char **out, struct body_error *err);
/* A free text (a description, a purpose, evidence): like body_get_string,
 * but an empty string is taken, since blank (empty or whitespace) is the
 * database's to judge with one meaning (govdx_blank): a required text that
 * is blank is refused there with one message, an optional one counts as
 * absent. The length message says so ("blank means none" when optional). */
bool body_get_text(json_t *obj, const char *field, bool required, size_t max_chars,
                   const char **out, struct body_error *err);
/* An array of non-empty strings, each at most max_chars, at most max_items. */
bool body_get_string_array(json_t *obj, const char *field, bool required, size_t max_items,
                           size_t max_chars, json_t **out, struct body_error *err);

#endif
