/*
 * parse-revision.c — the answers of the catalog maintenance endpoints
 * (issue 15): a revision and pages of revisions (a workflow object, read
 * through parse-case.c like requests and objections), an entry's
 * published revisions, and the field-by-field differences between two
 * revisions.
 *
 * Invariants as in parse.c: complete result or nothing; every field's
 * type checked and named on failure. An entry's core fields are all
 * nullable here (a draft of a new entry may have none yet); an item's
 * type is read from "type" or, as entries spell it, "data_type". An
 * unknown state is kept by name.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errors.h"
#include "parse.h"
#include "parse-case.h"
#include "parse-revision.h"
#include "types.h"

/* ---- an entry's core fields ------------------------------------------------ */

static int one_item(json_t *obj, const char *where, void *slot, struct govdx_error *err)
{
	struct govdx_revision_item *it = slot;
	const char *type_key = json_object_get(obj, "data_type") != NULL ? "data_type" : "type";
	json_t *shared = json_object_get(obj, "shared");

	memset(it, 0, sizeof *it);
	if (parse_string(obj, where, "name", PARSE_REQUIRED, &it->name, err) ||
	    parse_string(obj, where, type_key, PARSE_NULLABLE, &it->type, err) ||
	    parse_int(obj, where, "length", PARSE_NULLABLE, &it->length, err) ||
	    parse_bool(obj, where, "shared", PARSE_NULLABLE, &it->shared, err)) {
		types_revision_item_clear(it);
		return -1;
	}
	/* items the seed loaded and nobody revised leave it out: shared */
	if (shared == NULL || json_is_null(shared))
		it->shared = true;
	return 0;
}

/* An array of items at <where>.<key> (nullable: none). */
static int item_list(json_t *obj, const char *where, const char *key,
                     struct govdx_revision_item **out, size_t *n, struct govdx_error *err)
{
	json_t *arr;
	void *items = NULL;
	int rc;

	if (parse_array(obj, where, key, PARSE_NULLABLE, &arr, err))
		return -1;
	if (arr == NULL)
		return 0;
	rc = parse_objects(arr, where, key, &items, sizeof **out, n, one_item, err);
	*out = items;
	return rc;
}

/* Fills *f from obj; on failure what was read stays for the caller's clear. */
static int entry_fields(json_t *obj, const char *where, struct govdx_entry_fields *f,
                        struct govdx_error *err)
{
	if (parse_string(obj, where, "name", PARSE_NULLABLE, &f->name, err) ||
	    parse_string(obj, where, "classification", PARSE_NULLABLE, &f->classification, err) ||
	    parse_string(obj, where, "abstract", PARSE_NULLABLE, &f->abstract, err) ||
	    parse_string(obj, where, "format", PARSE_NULLABLE, &f->format, err) ||
	    item_list(obj, where, "items", &f->items, &f->n_items, err) ||
	    parse_string(obj, where, "sharing_type", PARSE_NULLABLE, &f->sharing_type, err) ||
	    parse_string(obj, where, "sharing_condition", PARSE_NULLABLE, &f->sharing_condition,
	                 err) ||
	    parse_string(obj, where, "sharing_method", PARSE_NULLABLE, &f->sharing_method, err) ||
	    parse_string(obj, where, "basis", PARSE_NULLABLE, &f->basis, err) ||
	    parse_string(obj, where, "open_attribute", PARSE_NULLABLE, &f->open_attribute, err) ||
	    parse_string(obj, where, "open_condition", PARSE_NULLABLE, &f->open_condition, err) ||
	    parse_string(obj, where, "update_cycle", PARSE_NULLABLE, &f->update_cycle, err))
		return -1;
	if (json_object_get(obj, "related") != NULL && !json_is_null(json_object_get(obj, "related")))
		return parse_string_array(obj, where, "related", PARSE_NULLABLE, &f->related,
		                          &f->n_related, err);
	return 0;
}

/* "fields" of obj (required when required, else optional); *has says
 * whether there was one. */
static int fields_member(json_t *obj, const char *where, bool required,
                         struct govdx_entry_fields *f, bool *has, struct govdx_error *err)
{
	json_t *fo;
	char fw[192];

	*has = false;
	if (parse_object(obj, where, "fields", required ? PARSE_REQUIRED : PARSE_NULLABLE, &fo,
	                 err))
		return -1;
	if (fo == NULL)
		return 0;
	parse_path(fw, sizeof fw, where, "fields");
	*has = true;
	return entry_fields(fo, fw, f, err);
}

/* ---- a revision ------------------------------------------------------------ */

static void revision_locate(void *object, struct case_fields *f)
{
	struct govdx_revision *r = object;

	*f = CASE_FIELDS_OF(r);
}

static void revision_clear(void *object)
{
	types_revision_clear(object);
}

/* Fills the revision at slot from obj; on failure it is cleared. */
static int revision_fields(json_t *obj, const char *where, void *slot, struct govdx_error *err)
{
	struct govdx_revision *r = slot;
	struct case_fields f = CASE_FIELDS_OF(r);
	bool has;

	memset(r, 0, sizeof *r);
	/* The review's deadline flags, which the shared reader requires, may
	 * be left out by a service that counts only working_days_left. */
	if (json_object_get(obj, "due_soon") == NULL)
		json_object_set_new(obj, "due_soon", json_false());
	if (json_object_get(obj, "overdue") == NULL)
		json_object_set_new(obj, "overdue", json_false());
	if (parse_case_common(obj, where, &f, err) ||
	    parse_string(obj, where, "entry_code", PARSE_NULLABLE, &r->entry_code, err) ||
	    parse_long(obj, where, "number", PARSE_NULLABLE, &r->number, err) ||
	    parse_long(obj, where, "base", PARSE_NULLABLE, &r->base, err) ||
	    parse_string(obj, where, "department_code", PARSE_REQUIRED, &r->department_code, err) ||
	    parse_string(obj, where, "department_name", PARSE_NULLABLE, &r->department_name, err) ||
	    parse_code(obj, where, "platform_code", PARSE_NULLABLE, r->platform_code,
	               sizeof r->platform_code, err) ||
	    fields_member(obj, where, true, &r->fields, &has, err) ||
	    parse_string(obj, where, "objection", PARSE_NULLABLE, &r->objection, err) ||
	    parse_string(obj, where, "created_by", PARSE_NULLABLE, &r->created_by, err) ||
	    parse_string(obj, where, "submitted_at", PARSE_NULLABLE, &r->submitted_at, err)) {
		types_revision_clear(r);
		return -1;
	}
	r->state = govdx_revision_state_from(r->state_name);
	return 0;
}

const struct case_type parse_revision_case = {
	.size = sizeof(struct govdx_revision),
	.fields = revision_fields,
	.locate = revision_locate,
	.clear = revision_clear,
};

int govdx_parse_revision(const char *body, size_t len, struct govdx_revision **out,
                         struct govdx_error *err)
{
	void *r;
	int rc = parse_case_one(&parse_revision_case, body, len, &r, err);

	*out = r;
	return rc;
}

int govdx_parse_revision_page(const char *body, size_t len, struct govdx_revision_page **out,
                              struct govdx_error *err)
{
	struct govdx_revision_page *p = calloc(1, sizeof *p);
	void *items;

	*out = NULL;
	if (p == NULL)
		return errors_nomem(err);
	if (parse_case_page(&parse_revision_case, body, len, &items, &p->n, &p->next_cursor,
	                    err) != 0) {
		free(p);
		return -1;
	}
	p->items = items;
	*out = p;
	return 0;
}

int govdx_parse_revision_error(long http_status, const char *body, size_t len,
                               struct govdx_error *err, struct govdx_revision **current)
{
	void *cur = NULL;
	int rc = parse_case_error(&parse_revision_case, http_status, body, len, err,
	                          current != NULL ? &cur : NULL);

	if (current != NULL)
		*current = cur;
	return rc;
}

/* ---- published revisions of an entry --------------------------------------- */

static int entry_revision_fields(json_t *obj, const char *where, void *slot,
                                 struct govdx_error *err)
{
	struct govdx_entry_revision *r = slot;

	memset(r, 0, sizeof *r);
	if (parse_long(obj, where, "number", PARSE_REQUIRED, &r->number, err) ||
	    parse_string(obj, where, json_object_get(obj, "revision") != NULL ? "revision" : "id",
	                 PARSE_NULLABLE, &r->id, err) ||
	    parse_string(obj, where, "published_at", PARSE_NULLABLE, &r->published_at, err) ||
	    parse_string(obj, where, "published_by", PARSE_NULLABLE, &r->published_by, err) ||
	    fields_member(obj, where, false, &r->fields, &r->has_fields, err))
		goto fail;
	/* A service may send the fields at the top level of a revision. */
	if (!r->has_fields && json_object_get(obj, "abstract") != NULL) {
		if (entry_fields(obj, where, &r->fields, err))
			goto fail;
		r->has_fields = true;
	}
	if (r->has_fields && r->fields.name != NULL)
		r->name = strdup(r->fields.name);
	else if (parse_string(obj, where, "name", PARSE_NULLABLE, &r->name, err))
		goto fail;
	if (r->has_fields && r->fields.name != NULL && r->name == NULL) {
		errors_nomem(err);
		goto fail;
	}
	return 0;
fail:
	types_entry_revision_clear(r);
	return -1;
}

int govdx_parse_entry_revision(const char *body, size_t len, struct govdx_entry_revision **out,
                               struct govdx_error *err)
{
	void *r;
	json_t *root;
	int rc;

	*out = NULL;
	root = parse_begin(body, len, sizeof **out, &r, err);
	if (root == NULL)
		return -1;
	rc = entry_revision_fields(root, "", r, err);
	json_decref(root);
	if (rc != 0) {
		free(r);
		return -1;
	}
	*out = r;
	return 0;
}

int govdx_parse_entry_revision_page(const char *body, size_t len,
                                    struct govdx_entry_revision_page **out,
                                    struct govdx_error *err)
{
	struct govdx_entry_revision_page *p;
	json_t *root, *arr;
	void *mem, *items = NULL;
	int rc;

	*out = NULL;
	root = parse_begin(body, len, sizeof *p, &mem, err);
	if (root == NULL)
		return -1;
	p = mem;
	rc = parse_array(root, "", "items", PARSE_REQUIRED, &arr, err);
	if (rc == 0)
		rc = parse_string(root, "", "next_cursor", PARSE_NULLABLE, &p->next_cursor, err);
	if (rc == 0) {
		rc = parse_objects(arr, "", "items", &items, sizeof *p->items, &p->n,
		                   entry_revision_fields, err);
		p->items = items;
	}
	json_decref(root);
	if (rc != 0) {
		govdx_entry_revision_page_free(p);
		return -1;
	}
	*out = p;
	return 0;
}

/* ---- differences ------------------------------------------------------------ */

/* A field's before or after as text: a string as it is, null as NULL, a
 * list of strings (related codes) joined by ", ", anything else as its
 * compact JSON. */
static int diff_value(json_t *obj, const char *where, const char *key, char **out,
                      struct govdx_error *err)
{
	json_t *v = json_object_get(obj, key);
	size_t i, n = 0;

	*out = NULL;
	if (v == NULL || json_is_null(v))
		return 0;
	if (json_is_string(v))
		return parse_string(obj, where, key, PARSE_NULLABLE, out, err);
	if (json_is_array(v)) {
		for (i = 0; i < json_array_size(v); i++) {
			json_t *e = json_array_get(v, i);

			if (!json_is_string(e))
				break;
			n += json_string_length(e) + 2;
		}
		if (i == json_array_size(v)) {
			*out = calloc(1, n + 1);
			if (*out == NULL)
				return errors_nomem(err);
			for (i = 0; i < json_array_size(v); i++) {
				if (i > 0)
					strcat(*out, ", ");
				strcat(*out, json_string_value(json_array_get(v, i)));
			}
			return 0;
		}
	}
	*out = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
	return *out != NULL ? 0 : errors_nomem(err);
}

static int diff_field(json_t *obj, const char *where, void *slot, struct govdx_error *err)
{
	struct govdx_diff_field *f = slot;

	memset(f, 0, sizeof *f);
	if (parse_string(obj, where, "field", PARSE_REQUIRED, &f->field, err) ||
	    diff_value(obj, where, "before", &f->before, err) ||
	    diff_value(obj, where, "after", &f->after, err)) {
		free(f->field);
		free(f->before);
		free(f->after);
		memset(f, 0, sizeof *f);
		return -1;
	}
	return 0;
}

/* An item inside a change: {"name": ..., "before": {item}, "after": {item}}. */
static int diff_change(json_t *obj, const char *where, void *slot, struct govdx_error *err)
{
	struct govdx_diff_item_change *ch = slot;
	json_t *b, *a;
	char bw[192], aw[192];

	memset(ch, 0, sizeof *ch);
	parse_path(bw, sizeof bw, where, "before");
	parse_path(aw, sizeof aw, where, "after");
	if (parse_string(obj, where, "name", PARSE_REQUIRED, &ch->name, err) ||
	    parse_object(obj, where, "before", PARSE_REQUIRED, &b, err) ||
	    parse_object(obj, where, "after", PARSE_REQUIRED, &a, err) ||
	    one_item(b, bw, &ch->before, err) || one_item(a, aw, &ch->after, err)) {
		free(ch->name);
		types_revision_item_clear(&ch->before);
		types_revision_item_clear(&ch->after);
		memset(ch, 0, sizeof *ch);
		return -1;
	}
	return 0;
}

static int diff_items(json_t *root, struct govdx_diff *d, struct govdx_error *err)
{
	json_t *items, *arr;
	void *mem = NULL;
	int rc;

	if (parse_object(root, "", "items", PARSE_NULLABLE, &items, err))
		return -1;
	if (items == NULL)
		return 0;
	if (item_list(items, "items", "added", &d->added, &d->n_added, err) ||
	    item_list(items, "items", "removed", &d->removed, &d->n_removed, err) ||
	    parse_array(items, "items", "changed", PARSE_NULLABLE, &arr, err))
		return -1;
	if (arr == NULL)
		return 0;
	rc = parse_objects(arr, "items", "changed", &mem, sizeof *d->changed, &d->n_changed,
	                   diff_change, err);
	d->changed = mem;
	return rc;
}

static int diff_related(json_t *root, struct govdx_diff *d, struct govdx_error *err)
{
	json_t *rel;

	if (parse_object(root, "", "related", PARSE_NULLABLE, &rel, err))
		return -1;
	if (rel == NULL)
		return 0;
	return parse_string_array(rel, "related", "added", PARSE_NULLABLE, &d->related_added,
	                          &d->n_related_added, err) ||
	       parse_string_array(rel, "related", "removed", PARSE_NULLABLE, &d->related_removed,
	                          &d->n_related_removed, err)
	               ? -1
	               : 0;
}

int govdx_parse_diff(const char *body, size_t len, struct govdx_diff **out,
                     struct govdx_error *err)
{
	struct govdx_diff *d;
	json_t *root, *arr, *to;
	void *mem, *fields = NULL;
	char num[32];
	int rc;

	*out = NULL;
	root = parse_begin(body, len, sizeof *d, &mem, err);
	if (root == NULL)
		return -1;
	d = mem;
	rc = parse_long(root, "", "from", PARSE_NULLABLE, &d->from, err);
	to = json_object_get(root, "to");
	if (rc == 0 && json_is_integer(to)) {
		snprintf(num, sizeof num, "%lld", (long long)json_integer_value(to));
		if ((d->to = strdup(num)) == NULL)
			rc = errors_nomem(err);
	} else if (rc == 0) {
		rc = parse_string(root, "", "to", PARSE_NULLABLE, &d->to, err);
	}
	if (rc == 0)
		rc = parse_array(root, "", "fields", PARSE_NULLABLE, &arr, err);
	if (rc == 0 && arr != NULL) {
		rc = parse_objects(arr, "", "fields", &fields, sizeof *d->fields, &d->n_fields,
		                   diff_field, err);
		d->fields = fields;
	}
	if (rc == 0)
		rc = diff_items(root, d, err);
	if (rc == 0)
		rc = diff_related(root, d, err);
	json_decref(root);
	if (rc != 0) {
		govdx_diff_free(d);
		return -1;
	}
	*out = d;
	return 0;
}
