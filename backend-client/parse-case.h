/*
 * parse-case.h — what the parsers of the two workflow objects, sharing
 * requests and objections ("cases"), have in common (internal to
 * libgovdx).
 *
 * Both objects carry the fields of the shared mechanisms under the same
 * names and with the same meaning: id, state, the reason of the last
 * transition, the working-day deadline (deadline, working_days_left,
 * due_soon, overdue, and whether it is provisional: deadline_provisional,
 * deadline_statute_years, both optional for older services), timestamps, who decided, and the version that is
 * the ETag. struct case_fields points at those fields inside one typed
 * object; struct case_type says how to read the rest of it. With these,
 * one implementation serves both objects: an answer holding one object,
 * a page of them, the error answer whose 412 carries the current object
 * in error.details.current, and the version taken from the ETag.
 *
 * Invariants: as in parse.c, a parser returns a complete result or
 * nothing, and names the offending field; working_days_left is
 * GOVDX_NO_DAYS_LEFT when the service sent null or nothing.
 */
#ifndef GOVDX_PARSE_CASE_H
#define GOVDX_PARSE_CASE_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "govdx.h"

/* The shared fields of one typed object. */
struct case_fields {
	char **id;
	char **state_name;
	char **reason;
	char *deadline; /* 11 bytes */
	bool *has_deadline;
	int *working_days_left;
	bool *due_soon;
	bool *overdue;
	bool *deadline_provisional;
	int *deadline_statute_year;
	char **created_at;
	char **updated_at;
	char **decided_by;
	char **decided_at;
	long *version;
	struct govdx_action **actions;
	size_t *n_actions;
	bool *has_actions;
};

/* The case_fields of any object that names the shared fields as the
 * contract does (struct govdx_request, struct govdx_objection). */
#define CASE_FIELDS_OF(o) \
	((struct case_fields){ \
		.id = &(o)->id, \
		.state_name = &(o)->state_name, \
		.reason = &(o)->reason, \
		.deadline = (o)->deadline, \
		.has_deadline = &(o)->has_deadline, \
		.working_days_left = &(o)->working_days_left, \
		.due_soon = &(o)->due_soon, \
		.overdue = &(o)->overdue, \
		.deadline_provisional = &(o)->deadline_provisional, \
		.deadline_statute_year = &(o)->deadline_statute_year, \
		.created_at = &(o)->created_at, \
		.updated_at = &(o)->updated_at, \
		.decided_by = &(o)->decided_by, \
		.decided_at = &(o)->decided_at, \
		.version = &(o)->version, \
		.actions = &(o)->actions, \
		.n_actions = &(o)->n_actions, \
		.has_actions = &(o)->has_actions, \
	})

struct case_type {
	size_t size; /* of the typed object */
	/* Fills the zeroed object at slot from obj (parse_case_common does the
	 * shared fields); on failure the object is cleared and *err names the
	 * field under where. The shape of parse_page's one_item. */
	int (*fields)(json_t *obj, const char *where, void *slot, struct govdx_error *err);
	/* Sets *f to the shared fields of the object. */
	void (*locate)(void *object, struct case_fields *f);
	/* Frees what the object owns and zeroes it (not the object itself). */
	void (*clear)(void *object);
};

/* Reads the shared fields of obj into f; -1 with *err on a bad field
 * (what was read stays for the caller's clear). "actions" is optional
 * (older services): absent or null leaves has_actions false. */
int parse_case_common(json_t *obj, const char *where, const struct case_fields *f,
                      struct govdx_error *err);

/* An answer that is one object: *out is the malloc'd object, or NULL. */
int parse_case_one(const struct case_type *t, const char *body, size_t len, void **out,
                   struct govdx_error *err);

/* A page answer: on success *items (t->size each), *n and *cursor are set;
 * on failure nothing is left allocated. */
int parse_case_page(const struct case_type *t, const char *body, size_t len, void **items,
                    size_t *n, char **cursor, struct govdx_error *err);

/* The error answer of a call on a case: fills *err as govdx_parse_error
 * does, and for a 412 with a well-formed details.current sets *current to
 * that object (malloc'd) and adds to the message who changed it when.
 * current may be NULL. Returns what govdx_parse_error returns. */
int parse_case_error(const struct case_type *t, long http_status, const char *body,
                     size_t len, struct govdx_error *err, void **current);

/* Stores an ETag's version (> 0) into the object; it wins over the body's. */
void parse_case_set_version(const struct case_type *t, void *object, long version);

/* The slots of a call kind (client.h) whose answer is one workflow
 * object, its struct case_type in kind->data: the object of a 2xx answer,
 * its version the ETag's when there is one (it wins over the body's); an
 * error answer as parse_case_error reads it. */
struct call_kind;
struct call_answer;
int parse_case_answer(const struct call_kind *kind, const struct call_answer *a, void **out,
                      struct govdx_error *err);
void parse_case_answer_error(const struct call_kind *kind, const struct call_answer *a,
                             struct govdx_error *err, void **out);

/* Reads an optional "actions" list of obj (any object that carries one:
 * a case, an entry): absent or null leaves *has false. */
int parse_case_actions(json_t *obj, const char *where, struct govdx_action **actions,
                       size_t *n, bool *has, struct govdx_error *err);

/* Frees the actions list of an object (parse_case_common's). */
void parse_case_free_actions(struct govdx_action *actions, size_t n);

/* Frees the objects of a page's item array and the array. */
void parse_case_free_items(const struct case_type *t, void *items, size_t n);

#endif
