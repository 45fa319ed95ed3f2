/*
 * parse-audit.c — the answers of the audit, events and calendar
 * endpoints: pages of audit events, the chain verification, batches of
 * change events (the long poll), and calendar days.
 *
 * Invariants as in parse.c: complete result or nothing; every field's type
 * checked and named on failure. Hashes must be 64 hexadecimal digits,
 * since a client that shows or compares them relies on that shape.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "errors.h"
#include "parse.h"
#include "types.h"

static int parse_hash(json_t *obj, const char *where, const char *key, char **out,
                      struct govdx_error *err)
{
	size_t i;

	if (parse_string(obj, where, key, PARSE_REQUIRED, out, err) != 0)
		return -1;
	for (i = 0; (*out)[i] != '\0'; i++)
		if (strchr("0123456789abcdefABCDEF", (*out)[i]) == NULL)
			break;
	if (i != 64 || (*out)[i] != '\0') {
		free(*out);
		*out = NULL;
		return parse_fail(err, where, key, "is not 64 hexadecimal digits");
	}
	return 0;
}

static int one_audit_event(json_t *obj, const char *where, void *slot, struct govdx_error *err)
{
	struct govdx_audit_event *a = slot;

	if (parse_long(obj, where, "seq", PARSE_REQUIRED, &a->seq, err) ||
	    parse_string(obj, where, "at", PARSE_REQUIRED, &a->at, err) ||
	    parse_string(obj, where, "actor", PARSE_REQUIRED, &a->actor, err) ||
	    parse_string(obj, where, "action", PARSE_REQUIRED, &a->action, err) ||
	    parse_string(obj, where, "subject", PARSE_REQUIRED, &a->subject, err) ||
	    parse_string(obj, where, "from_state", PARSE_NULLABLE, &a->from_state, err) ||
	    parse_string(obj, where, "to_state", PARSE_REQUIRED, &a->to_state, err) ||
	    parse_string(obj, where, "reason", PARSE_NULLABLE, &a->reason, err) ||
	    parse_hash(obj, where, "prev_hash", &a->prev_hash, err) ||
	    parse_hash(obj, where, "hash", &a->hash, err)) {
		types_audit_event_clear(a);
		return -1;
	}
	return 0;
}

int govdx_parse_audit_page(const char *body, size_t len, struct govdx_audit_page **out,
                           struct govdx_error *err)
{
	struct govdx_audit_page *p;
	void *mem;
	void *items = NULL;
	json_t *root;
	int rc;

	*out = NULL;
	root = parse_begin(body, len, sizeof *p, &mem, err);
	if (root == NULL)
		return -1;
	p = mem;
	rc = parse_page(root, &items, sizeof *p->items, &p->n, &p->next_cursor, one_audit_event,
	                err);
	p->items = items;
	json_decref(root);
	if (rc != 0) {
		govdx_audit_page_free(p);
		return -1;
	}
	*out = p;
	return 0;
}

int govdx_parse_audit_verify(const char *body, size_t len, struct govdx_audit_verify **out,
                             struct govdx_error *err)
{
	struct govdx_audit_verify *v;
	void *mem;
	json_t *root;

	*out = NULL;
	root = parse_begin(body, len, sizeof *v, &mem, err);
	if (root == NULL)
		return -1;
	v = mem;
	if (parse_bool(root, "", "ok", PARSE_REQUIRED, &v->ok, err) ||
	    parse_long(root, "", "checked", PARSE_REQUIRED, &v->checked, err) ||
	    parse_long(root, "", "last_seq", PARSE_NULLABLE, &v->last_seq, err) ||
	    parse_long(root, "", "broken_at", v->ok ? PARSE_NULLABLE : PARSE_REQUIRED,
	               &v->broken_at, err) ||
	    parse_string(root, "", "message", PARSE_NULLABLE, &v->message, err)) {
		govdx_audit_verify_free(v);
		json_decref(root);
		return -1;
	}
	json_decref(root);
	*out = v;
	return 0;
}

static int one_event(json_t *obj, const char *where, void *slot, struct govdx_error *err)
{
	struct govdx_event *e = slot;

	if (parse_long(obj, where, "seq", PARSE_REQUIRED, &e->seq, err) ||
	    parse_string(obj, where, "at", PARSE_REQUIRED, &e->at, err) ||
	    parse_string(obj, where, "kind", PARSE_REQUIRED, &e->kind, err) ||
	    parse_string(obj, where, "id", PARSE_REQUIRED, &e->id, err) ||
	    parse_string(obj, where, "action", PARSE_REQUIRED, &e->action, err) ||
	    parse_string(obj, where, "state", PARSE_REQUIRED, &e->state, err)) {
		types_event_clear(e);
		return -1;
	}
	return 0;
}

int govdx_parse_event_batch(const char *body, size_t len, struct govdx_event_batch **out,
                            struct govdx_error *err)
{
	struct govdx_event_batch *b;
	void *mem;
	void *items = NULL;
	json_t *root;
	int rc;

	*out = NULL;
	root = parse_begin(body, len, sizeof *b, &mem, err);
	if (root == NULL)
		return -1;
	b = mem;
	rc = parse_page(root, &items, sizeof *b->items, &b->n, NULL, one_event, err);
	b->items = items;
	if (rc == 0)
		rc = parse_long(root, "", "last_seq", PARSE_REQUIRED, &b->last_seq, err);
	json_decref(root);
	if (rc != 0) {
		govdx_event_batch_free(b);
		return -1;
	}
	*out = b;
	return 0;
}

static int one_day(json_t *obj, const char *where, void *slot, struct govdx_error *err)
{
	struct govdx_calendar_day *d = slot;
	char *kind = NULL;

	if (parse_date(obj, where, "date", PARSE_REQUIRED, d->date, err) ||
	    parse_string(obj, where, "kind", PARSE_REQUIRED, &kind, err) ||
	    parse_string(obj, where, "name", PARSE_NULLABLE, &d->name, err)) {
		free(kind);
		types_calendar_day_clear(d);
		return -1;
	}
	d->kind = types_day_kind_from(kind);
	free(kind);
	return 0;
}

int govdx_parse_calendar(const char *body, size_t len, struct govdx_calendar **out,
                         struct govdx_error *err)
{
	struct govdx_calendar *cal;
	void *mem;
	void *items = NULL;
	json_t *root;
	int rc;

	*out = NULL;
	root = parse_begin(body, len, sizeof *cal, &mem, err);
	if (root == NULL)
		return -1;
	cal = mem;
	rc = parse_page(root, &items, sizeof *cal->items, &cal->n, NULL, one_day, err);
	cal->items = items;
	json_decref(root);
	if (rc != 0) {
		govdx_calendar_free(cal);
		return -1;
	}
	*out = cal;
	return 0;
}
