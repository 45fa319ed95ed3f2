/*
 * types-request.c — the names of the sharing-request enums and releasing
 * the issue-3 results: requests, audit events, events, calendar days.
 *
 * Invariants as in types.c: every free function accepts NULL and partly
 * filled results (a parser that fails half-way frees through them); every
 * name function returns a constant string, "unknown" for values it does
 * not know, and every *_from maps an unknown name to the UNKNOWN value so
 * that a newer service does not break an older client.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "parse-request.h"
#include "parse-case.h"
#include "types.h"

static const char *const request_state_names[] = {
	[GOVDX_REQUEST_UNKNOWN] = "unknown",
	[GOVDX_REQUEST_PENDING] = "pending",
	[GOVDX_REQUEST_APPROVED] = "approved",
	[GOVDX_REQUEST_REJECTED] = "rejected",
	[GOVDX_REQUEST_RETURNED] = "returned",
	[GOVDX_REQUEST_WITHDRAWN] = "withdrawn",
	[GOVDX_REQUEST_COORDINATING] = "coordinating",
	[GOVDX_REQUEST_CLOSED] = "closed",
};

static const char *const day_kind_names[] = {
	[GOVDX_DAY_UNKNOWN] = "unknown",
	[GOVDX_DAY_HOLIDAY] = "holiday",
	[GOVDX_DAY_WORKDAY] = "workday",
};

const char *govdx_request_state_name(enum govdx_request_state s)
{
	return types_name(request_state_names, TYPES_N_OF(request_state_names), (int)s);
}

enum govdx_request_state govdx_request_state_from(const char *name)
{
	return (enum govdx_request_state)types_name_index(
		request_state_names, TYPES_N_OF(request_state_names), name);
}

const char *govdx_day_kind_name(enum govdx_day_kind k)
{
	return types_name(day_kind_names, TYPES_N_OF(day_kind_names), (int)k);
}

enum govdx_day_kind types_day_kind_from(const char *s)
{
	return (enum govdx_day_kind)types_name_index(day_kind_names, TYPES_N_OF(day_kind_names), s);
}

/* ---- requests ------------------------------------------------------------- */

void types_request_clear(struct govdx_request *r)
{
	size_t i;

	if (r == NULL)
		return;
	free(r->id);
	free(r->state_name);
	free(r->entry_code);
	free(r->entry_name);
	free(r->provider_department);
	free(r->provider_department_name);
	free(r->requester_department);
	free(r->requester_department_name);
	free(r->requester_user);
	free(r->purpose);
	free(r->legal_basis);
	for (i = 0; r->items != NULL && i < r->n_items; i++)
		free(r->items[i]);
	free(r->items);
	free(r->reason);
	free(r->created_at);
	free(r->updated_at);
	free(r->decided_by);
	free(r->decided_at);
	free(r->refusal_ground);
	parse_case_free_actions(r->actions, r->n_actions);
	memset(r, 0, sizeof *r);
}

void govdx_request_free(struct govdx_request *r)
{
	types_request_clear(r);
	free(r);
}

void govdx_request_page_free(struct govdx_request_page *p)
{
	if (p == NULL)
		return;
	parse_case_free_items(&parse_request_case, p->items, p->n);
	free(p->next_cursor);
	free(p);
}

/* ---- audit, events, calendar ---------------------------------------------- */

void types_audit_event_clear(struct govdx_audit_event *a)
{
	if (a == NULL)
		return;
	free(a->at);
	free(a->actor);
	free(a->action);
	free(a->subject);
	free(a->from_state);
	free(a->to_state);
	free(a->reason);
	free(a->prev_hash);
	free(a->hash);
	memset(a, 0, sizeof *a);
}

void govdx_audit_page_free(struct govdx_audit_page *p)
{
	size_t i;

	if (p == NULL)
		return;
	for (i = 0; p->items != NULL && i < p->n; i++)
		types_audit_event_clear(&p->items[i]);
	free(p->items);
	free(p->next_cursor);
	free(p);
}

void govdx_audit_verify_free(struct govdx_audit_verify *v)
{
	if (v == NULL)
		return;
	free(v->message);
	free(v);
}

void types_event_clear(struct govdx_event *e)
{
	if (e == NULL)
		return;
	free(e->at);
	free(e->kind);
	free(e->id);
	free(e->action);
	free(e->state);
	memset(e, 0, sizeof *e);
}

void govdx_event_batch_free(struct govdx_event_batch *b)
{
	size_t i;

	if (b == NULL)
		return;
	for (i = 0; b->items != NULL && i < b->n; i++)
		types_event_clear(&b->items[i]);
	free(b->items);
	free(b);
}

void types_calendar_day_clear(struct govdx_calendar_day *d)
{
	if (d == NULL)
		return;
	free(d->name);
	memset(d, 0, sizeof *d);
}

void govdx_calendar_free(struct govdx_calendar *cal)
{
	size_t i;

	if (cal == NULL)
		return;
	for (i = 0; cal->items != NULL && i < cal->n; i++)
		types_calendar_day_clear(&cal->items[i]);
	free(cal->items);
	free(cal);
}
