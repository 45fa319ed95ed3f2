/*
 * parse-case.c — one implementation of what sharing requests and
 * objections share on the wire (parse-case.h): their common fields, an
 * answer holding one of them, a page of them, the 412 answer that carries
 * the current object, and the version from the ETag.
 *
 * Invariants as in parse.c: complete result or nothing; every field's type
 * checked and named on failure. The shapes follow docs/architecture.md
 * ("Shared mechanisms", "request object", "objection object").
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "errors.h"
#include "parse.h"
#include "parse-case.h"

void parse_case_free_actions(struct govdx_action *actions, size_t n)
{
	size_t i;

	for (i = 0; actions != NULL && i < n; i++)
		free(actions[i].name);
	free(actions);
}

/* One element of "actions": {"name": "approve", "reason": "required"}. */
static int action_item(json_t *obj, const char *where, void *slot, struct govdx_error *err)
{
	struct govdx_action *a = slot;
	char *need = NULL;

	if (parse_string(obj, where, "name", PARSE_REQUIRED, &a->name, err) ||
	    parse_string(obj, where, "reason", PARSE_REQUIRED, &need, err))
		goto fail;
	if (!strcmp(need, "required"))
		a->reason = GOVDX_REASON_REQUIRED;
	else if (!strcmp(need, "optional"))
		a->reason = GOVDX_REASON_OPTIONAL;
	else if (!strcmp(need, "none"))
		a->reason = GOVDX_REASON_NONE;
	else {
		parse_fail(err, where, "reason", "is not required, optional or none");
		goto fail;
	}
	free(need);
	return 0;
fail:
	free(need);
	free(a->name);
	a->name = NULL;
	return -1;
}

int parse_case_actions(json_t *obj, const char *where, struct govdx_action **actions,
                       size_t *n, bool *has, struct govdx_error *err)
{
	json_t *arr;
	void *items = NULL;

	if (parse_array(obj, where, "actions", PARSE_NULLABLE, &arr, err))
		return -1;
	if (arr == NULL)
		return 0;
	if (parse_objects(arr, where, "actions", &items, sizeof(struct govdx_action), n,
	                  action_item, err)) {
		parse_case_free_actions(items, *n);
		*n = 0;
		return -1;
	}
	*actions = items;
	*has = true;
	return 0;
}

/* "actions", when the service sent it: what the caller may do now. */
static int parse_actions(json_t *obj, const char *where, const struct case_fields *f,
                         struct govdx_error *err)
{
	return parse_case_actions(obj, where, f->actions, f->n_actions, f->has_actions, err);
}

int parse_case_common(json_t *obj, const char *where, const struct case_fields *f,
                      struct govdx_error *err)
{
	json_t *days, *years;

	*f->working_days_left = GOVDX_NO_DAYS_LEFT;
	*f->deadline_statute_year = 0;
	if (parse_string(obj, where, "id", PARSE_REQUIRED, f->id, err) ||
	    parse_string(obj, where, "state", PARSE_REQUIRED, f->state_name, err) ||
	    parse_string(obj, where, "reason", PARSE_NULLABLE, f->reason, err) ||
	    parse_date(obj, where, "deadline", PARSE_NULLABLE, f->deadline, err) ||
	    parse_int_signed(obj, where, "working_days_left", PARSE_NULLABLE,
	                     f->working_days_left, err) ||
	    parse_bool(obj, where, "due_soon", PARSE_REQUIRED, f->due_soon, err) ||
	    parse_bool(obj, where, "overdue", PARSE_REQUIRED, f->overdue, err) ||
	    parse_bool(obj, where, "deadline_provisional", PARSE_NULLABLE, f->deadline_provisional,
	               err) ||
	    parse_array(obj, where, "deadline_statute_years", PARSE_NULLABLE, &years, err) ||
	    parse_string(obj, where, "created_at", PARSE_REQUIRED, f->created_at, err) ||
	    parse_string(obj, where, "updated_at", PARSE_REQUIRED, f->updated_at, err) ||
	    parse_string(obj, where, "decided_by", PARSE_NULLABLE, f->decided_by, err) ||
	    parse_string(obj, where, "decided_at", PARSE_NULLABLE, f->decided_at, err) ||
	    parse_long(obj, where, "version", PARSE_REQUIRED, f->version, err) ||
	    parse_actions(obj, where, f, err))
		return -1;
	/* parse_int_signed reads null as 0; keep "no value" distinguishable */
	days = json_object_get(obj, "working_days_left");
	if (days == NULL || json_is_null(days))
		*f->working_days_left = GOVDX_NO_DAYS_LEFT;
	*f->has_deadline = f->deadline[0] != '\0';
	if (years && json_array_size(years) > 0) {
		json_t *y = json_array_get(years, 0);

		if (!json_is_integer(y) || json_integer_value(y) < 1 || json_integer_value(y) > 9999)
			return parse_fail(err, where, "deadline_statute_years", "is not a list of years");
		*f->deadline_statute_year = (int)json_integer_value(y);
	}
	return 0;
}

int parse_case_one(const struct case_type *t, const char *body, size_t len, void **out,
                   struct govdx_error *err)
{
	json_t *root;
	void *o;
	int rc;

	*out = NULL;
	root = parse_begin(body, len, t->size, &o, err);
	if (root == NULL)
		return -1;
	rc = t->fields(root, "", o, err);
	json_decref(root);
	if (rc != 0) {
		free(o); /* fields cleared it */
		return -1;
	}
	*out = o;
	return 0;
}

void parse_case_free_items(const struct case_type *t, void *items, size_t n)
{
	size_t i;

	for (i = 0; items != NULL && i < n; i++)
		t->clear((char *)items + i * t->size);
	free(items);
}

int parse_case_page(const struct case_type *t, const char *body, size_t len, void **items,
                    size_t *n, char **cursor, struct govdx_error *err)
{
	json_t *root;
	int rc;

	*items = NULL;
	*n = 0;
	*cursor = NULL;
	root = parse_load(body, len, err);
	if (root == NULL)
		return -1;
	rc = parse_page(root, items, t->size, n, cursor, t->fields, err);
	json_decref(root);
	if (rc != 0) {
		parse_case_free_items(t, *items, *n);
		free(*cursor);
		*items = NULL;
		*n = 0;
		*cursor = NULL;
	}
	return rc;
}

/* Says what the object is now, so that a status line alone tells the
 * user who got there first: " (now approved by li.na at 2025-…)". */
static void add_current(struct govdx_error *err, const struct case_fields *cur)
{
	const char *by = *cur->decided_by, *at = *cur->decided_at;
	char buf[sizeof err->message + 160];

	if (by != NULL && strstr(err->message, by) == NULL)
		snprintf(buf, sizeof buf, "%s (now %s by %s at %s)", err->message, *cur->state_name,
		         by, at != NULL ? at : *cur->updated_at);
	else if (by == NULL)
		snprintf(buf, sizeof buf, "%s (now %s, changed at %s)", err->message,
		         *cur->state_name, *cur->updated_at);
	else
		return;
	errors_copy_line(err->message, sizeof err->message, buf);
}

int parse_case_error(const struct case_type *t, long http_status, const char *body,
                     size_t len, struct govdx_error *err, void **current)
{
	struct govdx_error scratch, ignored;
	struct case_fields f;
	json_t *root, *e, *details, *cur;
	void *o;
	int rc;

	if (err == NULL)
		err = &scratch;
	if (current != NULL)
		*current = NULL;
	rc = govdx_parse_error(http_status, body, len, err);
	if (http_status != 412 || current == NULL || body == NULL || len == 0)
		return rc;
	root = json_loadb(body, len, 0, NULL);
	e = json_is_object(root) ? json_object_get(root, "error") : NULL;
	details = json_is_object(e) ? json_object_get(e, "details") : NULL;
	cur = json_is_object(details) ? json_object_get(details, "current") : NULL;
	if (json_is_object(cur) && (o = calloc(1, t->size)) != NULL) {
		/* A malformed current object is dropped: the 412 is still the
		 * answer, and the caller refetches. */
		if (t->fields(cur, "error.details.current", o, &ignored) == 0) {
			t->locate(o, &f);
			add_current(err, &f);
			*current = o;
		} else {
			free(o);
		}
	}
	json_decref(root);
	return rc;
}

void parse_case_set_version(const struct case_type *t, void *object, long version)
{
	struct case_fields f;

	if (object == NULL || version <= 0)
		return;
	t->locate(object, &f);
	*f.version = version;
}

int parse_case_answer(const struct call_kind *kind, const struct call_answer *a, void **out,
                      struct govdx_error *err)
{
	const struct case_type *t = kind->data;

	if (parse_case_one(t, a->body, a->len, out, err) != 0)
		return -1;
	if (a->etag >= 0)
		parse_case_set_version(t, *out, a->etag);
	return 0;
}

void parse_case_answer_error(const struct call_kind *kind, const struct call_answer *a,
                             struct govdx_error *err, void **out)
{
	parse_case_error(kind->data, a->status, a->body, a->len, err, out);
}
