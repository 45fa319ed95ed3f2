/*
 * parse-objection.c — the answers of the objection endpoints (issue 4):
 * one objection, pages of objections, and the error answer of an
 * objection call, whose 412 carries the current objection in
 * error.details.current.
 *
 * Only what is particular to an objection is read here (its target:
 * entry, item, record key; kind, description, evidence; the provider and
 * raiser sides; the provider's note; the reopen window); the fields every
 * workflow object shares, pages and the 412 are parse-case.c's.
 * Invariants as in parse.c: complete result or nothing; every field's
 * type checked and named on failure. An unknown state or kind is kept by
 * name (a newer service must not break an older client). The shape
 * follows docs/architecture.md, "objection object".
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "errors.h"
#include "parse.h"
#include "parse-case.h"
#include "parse-objection.h"
#include "types.h"

static void objection_locate(void *object, struct case_fields *f)
{
	struct govdx_objection *o = object;

	*f = CASE_FIELDS_OF(o);
}

static void objection_clear(void *object)
{
	types_objection_clear(object);
}

/* Fills the objection at slot from obj; on failure it is cleared. */
static int objection_fields(json_t *obj, const char *where, void *slot,
                            struct govdx_error *err)
{
	struct govdx_objection *o = slot;
	struct case_fields f = CASE_FIELDS_OF(o);

	memset(o, 0, sizeof *o);
	if (parse_case_common(obj, where, &f, err) ||
	    parse_string(obj, where, "entry_code", PARSE_REQUIRED, &o->entry_code, err) ||
	    parse_string(obj, where, "entry_name", PARSE_REQUIRED, &o->entry_name, err) ||
	    parse_string(obj, where, "item", PARSE_NULLABLE, &o->item, err) ||
	    parse_string(obj, where, "record_key", PARSE_NULLABLE, &o->record_key, err) ||
	    parse_string(obj, where, "kind", PARSE_REQUIRED, &o->kind_name, err) ||
	    parse_string(obj, where, "description", PARSE_REQUIRED, &o->description, err) ||
	    parse_string(obj, where, "evidence", PARSE_NULLABLE, &o->evidence, err) ||
	    parse_string(obj, where, "provider_department", PARSE_REQUIRED,
	                 &o->provider_department, err) ||
	    parse_string(obj, where, "provider_department_name", PARSE_REQUIRED,
	                 &o->provider_department_name, err) ||
	    parse_code(obj, where, "provider_platform", PARSE_REQUIRED, o->provider_platform,
	               sizeof o->provider_platform, err) ||
	    parse_string(obj, where, "raiser_department", PARSE_REQUIRED, &o->raiser_department,
	                 err) ||
	    parse_string(obj, where, "raiser_department_name", PARSE_REQUIRED,
	                 &o->raiser_department_name, err) ||
	    parse_code(obj, where, "raiser_platform", PARSE_REQUIRED, o->raiser_platform,
	               sizeof o->raiser_platform, err) ||
	    parse_string(obj, where, "raiser_user", PARSE_REQUIRED, &o->raiser_user, err) ||
	    parse_string(obj, where, "note", PARSE_NULLABLE, &o->note, err) ||
	    parse_date(obj, where, "reopen_until", PARSE_NULLABLE, o->reopen_until, err)) {
		types_objection_clear(o);
		return -1;
	}
	o->state = govdx_objection_state_from(o->state_name);
	o->kind = govdx_objection_kind_from(o->kind_name);
	return 0;
}

const struct case_type parse_objection_case = {
	.size = sizeof(struct govdx_objection),
	.fields = objection_fields,
	.locate = objection_locate,
	.clear = objection_clear,
};

int govdx_parse_objection(const char *body, size_t len, struct govdx_objection **out,
                          struct govdx_error *err)
{
	void *o;
	int rc = parse_case_one(&parse_objection_case, body, len, &o, err);

	*out = o;
	return rc;
}

int govdx_parse_objection_page(const char *body, size_t len,
                               struct govdx_objection_page **out, struct govdx_error *err)
{
	struct govdx_objection_page *p = calloc(1, sizeof *p);
	void *items;

	*out = NULL;
	if (p == NULL)
		return errors_nomem(err);
	if (parse_case_page(&parse_objection_case, body, len, &items, &p->n, &p->next_cursor,
	                    err) != 0) {
		free(p);
		return -1;
	}
	p->items = items;
	*out = p;
	return 0;
}

int govdx_parse_objection_error(long http_status, const char *body, size_t len,
                                struct govdx_error *err, struct govdx_objection **current)
{
	void *cur = NULL;
	int rc = parse_case_error(&parse_objection_case, http_status, body, len, err,
	                          current != NULL ? &cur : NULL);

	if (current != NULL)
		*current = cur;
	return rc;
}
