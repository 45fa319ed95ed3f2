/*
 * fuzz-svc-body — what govdx-exchanged makes of an untrusted request body
 * and query value, with no database: the body collected in chunks
 * (body_append, past the limit counted and dropped), body_parse_object with
 * the fields an endpoint knows, and the typed getters and validate_*
 * checks in the order the endpoint runs them (api-requests.c
 * post_requests, api-objections.c post_objections, workflow.c
 * workflow_post_transition; the field lists and limits are theirs, copied).
 *
 * The first byte picks the endpoint (low two bits), the chunk size and a
 * small body limit; the rest is the body.  A refusal must name a status the
 * contract has (400, 413, 422), a code, and a message that is well-formed
 * UTF-8, since the error answer is JSON (issue 11, defect 1); a value
 * taken must be within its limit.  Pick 3 runs the query-value checks and
 * validate_utf8_repair on the bytes.
 */
#include "config.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "body.h"
#include "validate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const request_fields[] = { "entry_code", "purpose", "legal_basis", "items",
	                                      "period", NULL };
static const char *const objection_fields[] = { "entry_code", "item", "record_key", "kind",
	                                        "description", "evidence", NULL };
static const char *const transition_fields[] = { "action", "reason", NULL };

static void check_refusal(const struct body_error *err)
{
	if (err->status != 400 && err->status != 413 && err->status != 422)
		abort();
	if (!err->code || !*err->code || !memchr(err->message, '\0', sizeof err->message) ||
	    !validate_utf8(err->message, strlen(err->message)))
		abort();
}

/* A string a getter took: non-NULL when required, within max characters. */
static void check_taken(const char *s, bool required, size_t max)
{
	if (!s) {
		if (required)
			abort();
		return;
	}
	if (validate_utf8_chars(s) > max || !validate_utf8(s, strlen(s)))
		abort();
}

static bool period_dates(json_t *body)
{
	json_t *p = json_object_get(body, "period");
	const char *from, *to;
	long f, t;

	if (!json_is_object(p))
		return false;
	from = json_string_value(json_object_get(p, "from"));
	to = json_string_value(json_object_get(p, "to"));
	return from && to && validate_date(from, &f) && validate_date(to, &t) && f <= t;
}

static void request_create(json_t *body, struct body_error *err)
{
	const char *entry, *purpose, *basis;
	json_t *items;

	if (!body_get_string(body, "entry_code", true, 32, &entry, err) ||
	    !body_get_text(body, "purpose", true, 2000, &purpose, err) ||
	    !body_get_text(body, "legal_basis", true, 2000, &basis, err) ||
	    !body_get_string_array(body, "items", true, 200, 200, &items, err)) {
		check_refusal(err);
		return;
	}
	check_taken(entry, true, 32);
	check_taken(purpose, true, 2000);
	check_taken(basis, true, 2000);
	if (!items || json_array_size(items) > 200)
		abort();
	if (validate_entry_code(entry) && json_array_size(items) > 0)
		(void)period_dates(body);
}

static void objection_create(json_t *body, struct body_error *err)
{
	const char *entry, *item, *record_key, *kind, *description, *evidence;

	if (!body_get_string(body, "entry_code", true, 32, &entry, err) ||
	    !body_get_string(body, "item", false, 200, &item, err) ||
	    !body_get_text(body, "record_key", false, 200, &record_key, err) ||
	    !body_get_string(body, "kind", true, 32, &kind, err) ||
	    !body_get_text(body, "description", true, 4000, &description, err) ||
	    !body_get_text(body, "evidence", false, 4000, &evidence, err)) {
		check_refusal(err);
		return;
	}
	check_taken(entry, true, 32);
	check_taken(item, false, 200);
	check_taken(record_key, false, 200);
	check_taken(kind, true, 32);
	check_taken(description, true, 4000);
	check_taken(evidence, false, 4000);
	(void)validate_entry_code(entry);
}

static void transition(json_t *body, struct body_error *err)
{
	const char *action;
	json_t *reason;

	if (!body_get_string(body, "action", true, 32, &action, err)) {
		check_refusal(err);
		return;
	}
	check_taken(action, true, 32);
	reason = json_object_get(body, "reason");
	if (reason && json_is_string(reason))
		check_taken(json_string_value(reason), true, (size_t)-1);
}

/* The query values of the list endpoints and the path's case id. */
static void query_values(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	int limit;
	bool flag;
	long day;

	if (!s)
		return;
	memcpy(s, data, size);
	s[size] = '\0';
	if (validate_limit(s, &limit) && (limit < VALIDATE_LIMIT_MIN || limit > VALIDATE_LIMIT_MAX))
		abort();
	(void)validate_bool(s, &flag);
	(void)validate_date(s, &day);
	(void)validate_case_id(s, "REQ");
	(void)validate_case_id(s, "OBJ");
	(void)validate_code_prefix(s);
	(void)validate_platform_code(s);
	(void)validate_department_code(s);
	(void)validate_entry_code(s);
	validate_utf8_repair(s);
	if (!validate_utf8(s, strlen(s)))
		abort(); /* the repair leaves well-formed UTF-8 */
	free(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const *const fields[] = { request_fields, objection_fields,
		                                     transition_fields };
	struct body b;
	struct body_error err;
	json_t *obj;
	unsigned pick, chunk;
	size_t at;

	if (size < 1)
		return 0;
	pick = data[0] & 3u;
	chunk = 1u + (data[0] >> 2 & 15u) * 97u; /* 1 .. 1456 bytes at a time */
	data++;
	size--;
	if (pick == 3) {
		query_values(data, size);
		return 0;
	}
	/* One in eight with a limit of 256 bytes, to reach the 413. */
	body_init(&b, (data - 1)[0] >> 6 == 3 && size & 1 ? 256 : BODY_LIMIT_DEFAULT);
	for (at = 0; at < size; at += chunk)
		if (!body_append(&b, (const char *)data + at, size - at < chunk ? size - at : chunk))
			abort();
	if (b.received != size || (b.too_large != (size > b.limit)))
		abort();
	memset(&err, 0, sizeof err);
	obj = body_parse_object(&b, fields[pick], &err);
	if (!obj) {
		check_refusal(&err);
	} else {
		if (!json_is_object(obj))
			abort();
		if (pick == 0)
			request_create(obj, &err);
		else if (pick == 1)
			objection_create(obj, &err);
		else
			transition(obj, &err);
		json_decref(obj);
	}
	body_free(&b);
	return 0;
}
