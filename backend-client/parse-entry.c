/*
 * parse-entry.c — the answers of the entry and department endpoints:
 * one catalog entry with its items, pages of entry summaries, and pages of
 * departments.
 *
 * Invariants as in parse.c: complete result or nothing; every field's type
 * checked and named on failure. An entry summary (lists) has only the
 * summary fields; the detail fields stay NULL / 0 there.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "errors.h"
#include "parse.h"
#include "parse-case.h"
#include "types.h"

/* Reads an enum-valued string field through a name mapper. */
static int parse_enum(json_t *obj, const char *where, const char *key, int (*map)(const char *),
                      int *out, struct govdx_error *err)
{
	char *s;

	if (parse_string(obj, where, key, PARSE_REQUIRED, &s, err) != 0)
		return -1;
	*out = map(s);
	free(s);
	return 0;
}

static int map_sharing(const char *s)
{
	return (int)types_sharing_from(s);
}

static int map_open(const char *s)
{
	return (int)types_open_from(s);
}

static int one_item(json_t *obj, const char *where, void *slot, struct govdx_error *err)
{
	struct govdx_item *it = slot;

	if (parse_string(obj, where, "name", PARSE_REQUIRED, &it->name, err) ||
	    parse_string(obj, where, "data_type", PARSE_REQUIRED, &it->data_type, err) ||
	    parse_int(obj, where, "length", PARSE_NULLABLE, &it->length, err)) {
		free(it->name);
		free(it->data_type);
		memset(it, 0, sizeof *it);
		return -1;
	}
	return 0;
}

static int parse_items(json_t *obj, const char *where, struct govdx_entry *e,
                       struct govdx_error *err)
{
	json_t *arr;
	void *items = NULL;
	int rc;

	if (parse_array(obj, where, "items", PARSE_REQUIRED, &arr, err) != 0)
		return -1;
	rc = parse_objects(arr, where, "items", &items, sizeof *e->items, &e->n_items, one_item,
	                   err);
	e->items = items;
	return rc;
}

static int parse_related(json_t *obj, const char *where, struct govdx_entry *e,
                         struct govdx_error *err)
{
	json_t *arr;
	char rw[192];
	size_t i, n;

	if (parse_array(obj, where, "related", PARSE_REQUIRED, &arr, err) != 0)
		return -1;
	n = json_array_size(arr);
	if (n == 0)
		return 0;
	e->related = calloc(n, sizeof *e->related);
	if (e->related == NULL)
		return errors_nomem(err);
	for (i = 0; i < n; i++) {
		json_t *v = json_array_get(arr, i);

		if (!json_is_string(v) || strlen(json_string_value(v)) != json_string_length(v)) {
			parse_path_index(rw, sizeof rw, where, "related", i);
			return parse_fail(err, "", rw, "is not an entry code string");
		}
		e->related[i] = strdup(json_string_value(v));
		if (e->related[i] == NULL)
			return errors_nomem(err);
		e->n_related = i + 1;
	}
	return 0;
}

/* Fills *e from obj; on failure *e is cleared. */
static int parse_entry_fields(json_t *obj, const char *where, bool detail,
                              struct govdx_entry *e, struct govdx_error *err)
{
	int sharing = 0, open = 0;

	memset(e, 0, sizeof *e);
	if (parse_string(obj, where, "code", PARSE_REQUIRED, &e->code, err) ||
	    parse_string(obj, where, "name", PARSE_REQUIRED, &e->name, err) ||
	    parse_string(obj, where, "department_code", PARSE_REQUIRED, &e->department_code, err) ||
	    parse_string(obj, where, "department_name", PARSE_REQUIRED, &e->department_name, err) ||
	    parse_code(obj, where, "platform_code", PARSE_REQUIRED, e->platform_code,
	               sizeof e->platform_code, err) ||
	    parse_enum(obj, where, "sharing_type", map_sharing, &sharing, err) ||
	    parse_enum(obj, where, "open_attribute", map_open, &open, err) ||
	    parse_string(obj, where, "update_cycle", PARSE_REQUIRED, &e->update_cycle, err) ||
	    parse_bool(obj, where, "disputed", PARSE_REQUIRED, &e->disputed, err))
		goto fail;
	e->sharing_type = (enum govdx_sharing)sharing;
	e->open_attribute = (enum govdx_open)open;
	/* catalog maintenance (issue 15): optional, for older services */
	if (parse_string(obj, where, "status", PARSE_NULLABLE, &e->status_name, err) ||
	    parse_long(obj, where, "revision", PARSE_NULLABLE, &e->revision, err) ||
	    parse_string(obj, where, "published_at", PARSE_NULLABLE, &e->published_at, err) ||
	    parse_string(obj, where, "published_by", PARSE_NULLABLE, &e->published_by, err) ||
	    parse_string(obj, where, "retired_at", PARSE_NULLABLE, &e->retired_at, err) ||
	    parse_string(obj, where, "retired_reason", PARSE_NULLABLE, &e->retired_reason, err) ||
	    parse_long(obj, where, "version", PARSE_NULLABLE, &e->version, err) ||
	    parse_case_actions(obj, where, &e->actions, &e->n_actions, &e->has_actions, err))
		goto fail;
	e->retired = e->status_name != NULL && strcmp(e->status_name, "retired") == 0;
	if (!detail)
		return 0;
	if (parse_string(obj, where, "classification", PARSE_REQUIRED, &e->classification, err) ||
	    parse_string(obj, where, "classification_name", PARSE_REQUIRED,
	                 &e->classification_name, err) ||
	    parse_string(obj, where, "platform_name", PARSE_REQUIRED, &e->platform_name, err) ||
	    parse_string(obj, where, "abstract", PARSE_REQUIRED, &e->abstract, err) ||
	    parse_string(obj, where, "format", PARSE_REQUIRED, &e->format, err) ||
	    parse_string(obj, where, "sharing_condition", PARSE_NULLABLE, &e->sharing_condition,
	                 err) ||
	    parse_string(obj, where, "sharing_method", PARSE_NULLABLE, &e->sharing_method, err) ||
	    parse_string(obj, where, "basis", PARSE_NULLABLE, &e->basis, err) ||
	    parse_string(obj, where, "release_date", PARSE_REQUIRED, &e->release_date, err) ||
	    parse_string(obj, where, "open_condition", PARSE_NULLABLE, &e->open_condition, err) ||
	    parse_items(obj, where, e, err) || parse_related(obj, where, e, err))
		goto fail;
	return 0;
fail:
	types_entry_clear(e);
	return -1;
}

int govdx_parse_entry(const char *body, size_t len, struct govdx_entry **out,
                      struct govdx_error *err)
{
	void *e;
	json_t *root;
	int rc;

	*out = NULL;
	root = parse_begin(body, len, sizeof **out, &e, err);
	if (root == NULL)
		return -1;
	rc = parse_entry_fields(root, "", true, e, err);
	json_decref(root);
	if (rc != 0) {
		free(e); /* parse_entry_fields cleared it */
		return -1;
	}
	*out = e;
	return 0;
}

static int one_entry(json_t *obj, const char *where, void *slot, struct govdx_error *err)
{
	return parse_entry_fields(obj, where, false, slot, err);
}

static int one_department(json_t *obj, const char *where, void *slot, struct govdx_error *err)
{
	struct govdx_department *d = slot;

	if (parse_string(obj, where, "code", PARSE_REQUIRED, &d->code, err) ||
	    parse_string(obj, where, "name", PARSE_REQUIRED, &d->name, err) ||
	    parse_code(obj, where, "platform_code", PARSE_REQUIRED, d->platform_code,
	               sizeof d->platform_code, err) ||
	    parse_long(obj, where, "entry_count", PARSE_REQUIRED, &d->entry_count, err)) {
		types_department_clear(d);
		return -1;
	}
	return 0;
}

int govdx_parse_entry_page(const char *body, size_t len, struct govdx_entry_page **out,
                           struct govdx_error *err)
{
	struct govdx_entry_page *p;
	void *mem, *items = NULL;
	json_t *root;
	int rc;

	*out = NULL;
	root = parse_begin(body, len, sizeof *p, &mem, err);
	if (root == NULL)
		return -1;
	p = mem;
	rc = parse_page(root, &items, sizeof *p->items, &p->n, &p->next_cursor, one_entry, err);
	p->items = items;
	json_decref(root);
	if (rc != 0) {
		govdx_entry_page_free(p);
		return -1;
	}
	*out = p;
	return 0;
}

int govdx_parse_department_page(const char *body, size_t len,
                                struct govdx_department_page **out, struct govdx_error *err)
{
	struct govdx_department_page *p;
	void *mem, *items = NULL;
	json_t *root;
	int rc;

	*out = NULL;
	root = parse_begin(body, len, sizeof *p, &mem, err);
	if (root == NULL)
		return -1;
	p = mem;
	rc = parse_page(root, &items, sizeof *p->items, &p->n, &p->next_cursor, one_department,
	                err);
	p->items = items;
	json_decref(root);
	if (rc != 0) {
		govdx_department_page_free(p);
		return -1;
	}
	*out = p;
	return 0;
}
