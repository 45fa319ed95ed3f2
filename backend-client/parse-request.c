/*
 * parse-request.c — the answers of the sharing-request endpoints: one
 * request, pages of requests, and the error answer of a request call,
 * whose 412 carries the current request in error.details.current.
 *
 * Invariants as in parse.c: complete result or nothing; every field's type
 * checked and named on failure ("items[2].period.from is not a date
 * YYYY-MM-DD"). Nullable fields of the contract ("reason", "deadline",
 * "working_days_left", "decided_by", "decided_at") may be null or absent;
 * the rest are required. The shapes follow docs/architecture.md.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errors.h"
#include "parse.h"
#include "parse-request.h"
#include "types.h"

/* A calendar date "YYYY-MM-DD" into an 11-byte buffer ("" when null and
 * nullable). Only the shape is checked; the service owns the calendar. */
int parse_date(json_t *obj, const char *where, const char *key, unsigned flags, char buf[11],
               struct govdx_error *err)
{
	char tmp[16];
	int i;

	buf[0] = '\0';
	if (parse_code(obj, where, key, flags, tmp, sizeof tmp, err) != 0) {
		/* a long string fails as "not a code"; say what is expected */
		if (strstr(err->message, "is not a code") == NULL)
			return -1;
		return parse_fail(err, where, key, "is not a date YYYY-MM-DD");
	}
	if (tmp[0] == '\0' && (flags & PARSE_NULLABLE) && !json_is_string(json_object_get(obj, key)))
		return 0;
	for (i = 0; i < 10; i++) {
		bool dash = i == 4 || i == 7;

		if (dash ? tmp[i] != '-' : (tmp[i] < '0' || tmp[i] > '9'))
			return parse_fail(err, where, key, "is not a date YYYY-MM-DD");
	}
	if (tmp[10] != '\0')
		return parse_fail(err, where, key, "is not a date YYYY-MM-DD");
	memcpy(buf, tmp, 11);
	return 0;
}

/* Fills *r from obj; on failure *r is cleared. */
int parse_request_fields(json_t *obj, const char *where, struct govdx_request *r,
                         struct govdx_error *err)
{
	char pw[192];
	json_t *period, *days;

	memset(r, 0, sizeof *r);
	r->working_days_left = GOVDX_NO_DAYS_LEFT;
	if (parse_string(obj, where, "id", PARSE_REQUIRED, &r->id, err) ||
	    parse_string(obj, where, "state", PARSE_REQUIRED, &r->state_name, err) ||
	    parse_string(obj, where, "entry_code", PARSE_REQUIRED, &r->entry_code, err) ||
	    parse_string(obj, where, "entry_name", PARSE_REQUIRED, &r->entry_name, err) ||
	    parse_string(obj, where, "provider_department", PARSE_REQUIRED,
	                 &r->provider_department, err) ||
	    parse_string(obj, where, "provider_department_name", PARSE_REQUIRED,
	                 &r->provider_department_name, err) ||
	    parse_code(obj, where, "provider_platform", PARSE_REQUIRED, r->provider_platform,
	               sizeof r->provider_platform, err) ||
	    parse_string(obj, where, "requester_department", PARSE_REQUIRED,
	                 &r->requester_department, err) ||
	    parse_string(obj, where, "requester_department_name", PARSE_REQUIRED,
	                 &r->requester_department_name, err) ||
	    parse_code(obj, where, "requester_platform", PARSE_REQUIRED, r->requester_platform,
	               sizeof r->requester_platform, err) ||
	    parse_string(obj, where, "requester_user", PARSE_REQUIRED, &r->requester_user, err) ||
	    parse_string(obj, where, "purpose", PARSE_REQUIRED, &r->purpose, err) ||
	    parse_string(obj, where, "legal_basis", PARSE_REQUIRED, &r->legal_basis, err) ||
	    parse_string_array(obj, where, "items", PARSE_REQUIRED, &r->items, &r->n_items, err) ||
	    parse_object(obj, where, "period", PARSE_REQUIRED, &period, err))
		goto fail;
	parse_path(pw, sizeof pw, where, "period");
	if (parse_date(period, pw, "from", PARSE_REQUIRED, r->period_from, err) ||
	    parse_date(period, pw, "to", PARSE_REQUIRED, r->period_to, err) ||
	    parse_string(obj, where, "reason", PARSE_NULLABLE, &r->reason, err) ||
	    parse_date(obj, where, "deadline", PARSE_NULLABLE, r->deadline, err) ||
	    parse_int_signed(obj, where, "working_days_left", PARSE_NULLABLE,
	                     &r->working_days_left, err) ||
	    parse_bool(obj, where, "due_soon", PARSE_REQUIRED, &r->due_soon, err) ||
	    parse_bool(obj, where, "overdue", PARSE_REQUIRED, &r->overdue, err) ||
	    parse_string(obj, where, "created_at", PARSE_REQUIRED, &r->created_at, err) ||
	    parse_string(obj, where, "updated_at", PARSE_REQUIRED, &r->updated_at, err) ||
	    parse_string(obj, where, "decided_by", PARSE_NULLABLE, &r->decided_by, err) ||
	    parse_string(obj, where, "decided_at", PARSE_NULLABLE, &r->decided_at, err) ||
	    parse_long(obj, where, "version", PARSE_REQUIRED, &r->version, err))
		goto fail;
	/* parse_int_signed reads null as 0; keep "no value" distinguishable */
	days = json_object_get(obj, "working_days_left");
	if (days == NULL || json_is_null(days))
		r->working_days_left = GOVDX_NO_DAYS_LEFT;
	r->has_deadline = r->deadline[0] != '\0';
	r->state = govdx_request_state_from(r->state_name);
	return 0;
fail:
	types_request_clear(r);
	return -1;
}

int govdx_parse_request(const char *body, size_t len, struct govdx_request **out,
                        struct govdx_error *err)
{
	struct govdx_request *r;
	json_t *root;

	*out = NULL;
	root = parse_load(body, len, err);
	if (root == NULL)
		return -1;
	r = calloc(1, sizeof *r);
	if (r == NULL) {
		json_decref(root);
		return errors_nomem(err);
	}
	if (parse_request_fields(root, "", r, err) != 0) {
		free(r);
		json_decref(root);
		return -1;
	}
	json_decref(root);
	*out = r;
	return 0;
}

static int one_request(json_t *obj, const char *where, void *slot, struct govdx_error *err)
{
	return parse_request_fields(obj, where, slot, err);
}

int govdx_parse_request_page(const char *body, size_t len, struct govdx_request_page **out,
                             struct govdx_error *err)
{
	struct govdx_request_page *p;
	json_t *root;
	void *items = NULL;
	int rc;

	*out = NULL;
	root = parse_load(body, len, err);
	if (root == NULL)
		return -1;
	p = calloc(1, sizeof *p);
	if (p == NULL) {
		json_decref(root);
		return errors_nomem(err);
	}
	rc = parse_page(root, &items, sizeof *p->items, &p->n, &p->next_cursor, one_request, err);
	p->items = items;
	json_decref(root);
	if (rc != 0) {
		govdx_request_page_free(p);
		return -1;
	}
	*out = p;
	return 0;
}

/* Says what the request is now, so that a status line alone tells the
 * user who got there first: " (now approved by li.na at 2025-…)". */
static void add_current(struct govdx_error *err, const struct govdx_request *cur)
{
	char buf[sizeof err->message + 160];

	if (cur->decided_by != NULL && strstr(err->message, cur->decided_by) == NULL)
		snprintf(buf, sizeof buf, "%s (now %s by %s at %s)", err->message, cur->state_name,
		         cur->decided_by, cur->decided_at != NULL ? cur->decided_at : cur->updated_at);
	else if (cur->decided_by == NULL)
		snprintf(buf, sizeof buf, "%s (now %s, changed at %s)", err->message,
		         cur->state_name, cur->updated_at);
	else
		return;
	errors_copy_line(err->message, sizeof err->message, buf);
}

int govdx_parse_request_error(long http_status, const char *body, size_t len,
                              struct govdx_error *err, struct govdx_request **current)
{
	struct govdx_error scratch, ignored;
	struct govdx_request *r;
	json_t *root, *e, *details, *cur;
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
	if (json_is_object(cur) && (r = calloc(1, sizeof *r)) != NULL) {
		/* A malformed current object is dropped: the 412 is still the
		 * answer, and the caller refetches. */
		if (parse_request_fields(cur, "error.details.current", r, &ignored) == 0) {
			add_current(err, r);
			*current = r;
		} else {
			free(r);
		}
	}
	json_decref(root);
	return rc;
}
