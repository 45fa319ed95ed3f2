/*
 * parse-request.c — the answers of the sharing-request endpoints: one
 * request, pages of requests, and the error answer of a request call,
 * whose 412 carries the current request in error.details.current.
 *
 * Only what is particular to a request is read here (entry, departments,
 * purpose, legal basis, items, period); the fields every workflow object
 * shares, pages and the 412 are parse-case.c's. Invariants as in parse.c:
 * complete result or nothing; every field's type checked and named on
 * failure ("items[2].period.from is not a date YYYY-MM-DD"). The shapes
 * follow docs/architecture.md.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "errors.h"
#include "parse.h"
#include "parse-case.h"
#include "parse-request.h"
#include "types.h"

static void request_locate(void *object, struct case_fields *f)
{
	struct govdx_request *r = object;

	*f = CASE_FIELDS_OF(r);
}

static void request_clear(void *object)
{
	types_request_clear(object);
}

/* Fills the request at slot from obj; on failure it is cleared. */
static int request_fields(json_t *obj, const char *where, void *slot, struct govdx_error *err)
{
	struct govdx_request *r = slot;
	struct case_fields f = CASE_FIELDS_OF(r);
	char pw[192];
	json_t *period;

	memset(r, 0, sizeof *r);
	if (parse_case_common(obj, where, &f, err) ||
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
	    parse_object(obj, where, "period", PARSE_REQUIRED, &period, err) ||
	    parse_string(obj, where, "refusal_ground", PARSE_NULLABLE, &r->refusal_ground, err))
		goto fail;
	parse_path(pw, sizeof pw, where, "period");
	if (parse_date(period, pw, "from", PARSE_REQUIRED, r->period_from, err) ||
	    parse_date(period, pw, "to", PARSE_REQUIRED, r->period_to, err))
		goto fail;
	r->state = govdx_request_state_from(r->state_name);
	return 0;
fail:
	types_request_clear(r);
	return -1;
}

const struct case_type parse_request_case = {
	.size = sizeof(struct govdx_request),
	.fields = request_fields,
	.locate = request_locate,
	.clear = request_clear,
};

int govdx_parse_request(const char *body, size_t len, struct govdx_request **out,
                        struct govdx_error *err)
{
	void *r;
	int rc = parse_case_one(&parse_request_case, body, len, &r, err);

	*out = r;
	return rc;
}

int govdx_parse_request_page(const char *body, size_t len, struct govdx_request_page **out,
                             struct govdx_error *err)
{
	struct govdx_request_page *p = calloc(1, sizeof *p);
	void *items;

	*out = NULL;
	if (p == NULL)
		return errors_nomem(err);
	if (parse_case_page(&parse_request_case, body, len, &items, &p->n, &p->next_cursor,
	                    err) != 0) {
		free(p);
		return -1;
	}
	p->items = items;
	*out = p;
	return 0;
}

int govdx_parse_request_error(long http_status, const char *body, size_t len,
                              struct govdx_error *err, struct govdx_request **current)
{
	void *cur = NULL;
	int rc = parse_case_error(&parse_request_case, http_status, body, len, err,
	                          current != NULL ? &cur : NULL);

	if (current != NULL)
		*current = cur;
	return rc;
}
