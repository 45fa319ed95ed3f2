/*
 * body.c — bounded request bodies and strict JSON objects; see body.h.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "body.h"
#include "validate.h"

void body_init(struct body *b, size_t limit)
{
	memset(b, 0, sizeof *b);
	b->limit = limit;
}

bool body_append(struct body *b, const char *data, size_t n)
{
	b->received += n;
	if (b->too_large || b->received > b->limit) {
		/* Keep nothing of an oversize body: it will only be refused. */
		b->too_large = true;
		free(b->buf);
		b->buf = NULL;
		b->len = b->cap = 0;
		return true;
	}
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 1024;
		char *p;

		while (cap < b->len + n + 1)
			cap *= 2;
		if (cap > b->limit + 1)
			cap = b->limit + 1;
		p = realloc(b->buf, cap);
		if (!p)
			return false;
		b->buf = p;
		b->cap = cap;
	}
	memcpy(b->buf + b->len, data, n);
	b->len += n;
	b->buf[b->len] = '\0';
	return true;
}

void body_free(struct body *b)
{
	free(b->buf);
	memset(b, 0, sizeof *b);
}

static void set_error(struct body_error *err, int status, const char *code, const char *field,
                      const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void set_error(struct body_error *err, int status, const char *code, const char *field,
                      const char *fmt, ...)
{
	va_list ap;

	err->status = status;
	err->code = code;
	snprintf(err->field, sizeof err->field, "%s", field ? field : "");
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof err->message, fmt, ap);
	va_end(ap);
	/* jansson's error text quotes the body's bytes, and may cut a
	 * character in two. */
	validate_utf8_repair(err->message);
}

static bool allowed_key(const char *key, const char *const *allowed)
{
	for (; allowed && *allowed; allowed++)
		if (strcmp(key, *allowed) == 0)
			return true;
	return false;
}

json_t *body_parse_object(const struct body *b, const char *const *allowed,
                          struct body_error *err)
{
	json_error_t jerr;
	json_t *root;
	const char *key;
	json_t *val;

	if (b->too_large) {
		char lim[32];

		snprintf(lim, sizeof lim, "%zu", b->limit);
		set_error(err, 413, "payload_too_large", NULL,
		          "the request body is larger than %s bytes", lim);
		return NULL;
	}
	if (b->len == 0) {
		set_error(err, 400, "invalid_json", NULL, "the request body is empty");
		return NULL;
	}
	if (!validate_utf8(b->buf, b->len)) {
		set_error(err, 400, "invalid_utf8", NULL, "the request body is not valid UTF-8");
		return NULL;
	}
	root = json_loadb(b->buf, b->len, JSON_REJECT_DUPLICATES, &jerr);
	if (!root) {
		set_error(err, 400, "invalid_json", NULL, "the request body is not valid JSON: %s",
		          jerr.text);
		return NULL;
	}
	if (!json_is_object(root)) {
		json_decref(root);
		set_error(err, 400, "invalid_json", NULL, "the request body must be a JSON object");
		return NULL;
	}
	json_object_foreach(root, key, val) {
		if (!allowed_key(key, allowed)) {
			set_error(err, 400, "invalid_parameter", key, "unknown field \"%s\"", key);
			json_decref(root);
			return NULL;
		}
	}
	return root;
}

bool body_get_string(json_t *obj, const char *field, bool required, size_t max_chars,
                     const char **out, struct body_error *err)
{
	json_t *v = json_object_get(obj, field);

	*out = NULL;
	if (!v || json_is_null(v)) {
		if (!required)
			return true;
		set_error(err, 422, "invalid_parameter", field, "the field \"%s\" is required", field);
		return false;
	}
	if (!json_is_string(v)) {
		set_error(err, 400, "invalid_parameter", field, "the field \"%s\" must be a string",
		          field);
		return false;
	}
	if (json_string_length(v) == 0 || validate_utf8_chars(json_string_value(v)) > max_chars) {
		set_error(err, 400, "invalid_parameter", field,
		          "the field \"%s\" must be a non-empty string of at most %zu characters",
		          field, max_chars);
		return false;
	}
	*out = json_string_value(v);
	return true;
}

bool body_get_text(json_t *obj, const char *field, bool required, size_t max_chars,
                   const char **out, struct body_error *err)
{
	json_t *v = json_object_get(obj, field);

	*out = NULL;
	if (!v || json_is_null(v)) {
		if (!required)
			return true;
		set_error(err, 422, "invalid_parameter", field, "the field \"%s\" is required", field);
		return false;
	}
	if (!json_is_string(v)) {
		set_error(err, 400, "invalid_parameter", field, "the field \"%s\" must be a string",
		          field);
		return false;
	}
	/* Empty is one kind of blank: the database judges both alike (a
	 * required text refused with one message, an optional one absent). */
	if (validate_utf8_chars(json_string_value(v)) > max_chars) {
		if (required)
			set_error(err, 400, "invalid_parameter", field,
			          "the field \"%s\" must be a non-blank string of at most %zu characters",
			          field, max_chars);
		else
			set_error(err, 400, "invalid_parameter", field,
			          "the field \"%s\" must be a string of at most %zu characters "
			          "(blank means none)",
			          field, max_chars);
		return false;
	}
	*out = json_string_value(v);
	return true;
}

bool body_get_string_array(json_t *obj, const char *field, bool required, size_t max_items,
                           size_t max_chars, json_t **out, struct body_error *err)
{
	json_t *v = json_object_get(obj, field);
	size_t i;
	json_t *item;

	*out = NULL;
	if (!v || json_is_null(v)) {
		if (!required)
			return true;
		set_error(err, 422, "invalid_parameter", field, "the field \"%s\" is required", field);
		return false;
	}
	if (!json_is_array(v) || json_array_size(v) > max_items) {
		set_error(err, 400, "invalid_parameter", field,
		          "the field \"%s\" must be an array of at most %zu strings", field, max_items);
		return false;
	}
	json_array_foreach(v, i, item) {
		if (!json_is_string(item) || json_string_length(item) == 0 ||
		    validate_utf8_chars(json_string_value(item)) > max_chars) {
			set_error(err, 400, "invalid_parameter", field,
			          "every element of \"%s\" must be a non-empty string of at most %zu "
			          "characters",
			          field, max_chars);
			return false;
		}
	}
	*out = v;
	return true;
}
