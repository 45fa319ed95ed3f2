/*
 * case-request — sharing requests as a case kind (see case.h): the boxes
 * inbox/outbox/all, the states and actions of BRIEF §2, the fields only a
 * request has (purpose, legal basis, items, period), and the library's
 * request calls behind the kind's generic ones.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case.h"
#include "i18n.h"
#include "xalloc.h"

static const char *const boxes[] = { "inbox", "outbox", "all", NULL };
static const char *const states[] = { "pending",   "approved",     "rejected", "returned",
	                              "withdrawn", "coordinating", "closed",   NULL };

/* The names are the service's and the commands'; the words are shown
 * translated (N_, _() where read). */
static const struct case_action actions[] = {
	{ "approve", N_("Approve"), N_("approved"), N_("reason"), NULL },
	{ "reject", N_("Reject"), N_("rejected"), N_("reason"), NULL },
	{ "return", N_("Return"), N_("returned"), N_("reason"), NULL },
	{ "withdraw", N_("Withdraw"), N_("withdrawn"), N_("reason"), N_("the provider") },
	{ "resubmit", N_("Resubmit"), N_("resubmitted"), N_("reason"), N_("the provider") },
	{ "escalate", N_("Escalate"), N_("escalated"), N_("reason"), N_("the data authority") },
	{ "close", N_("Close"), N_("closed"), N_("reason"), NULL },
};

static const char *noun(size_t n)
{
	return P_("request", "requests", n);
}

static void info(const void *obj, struct case_info *c)
{
	const struct govdx_request *r = obj;

	memset(c, 0, sizeof *c);
	c->id = r->id;
	c->state = r->state_name;
	c->entry_code = r->entry_code;
	c->entry_name = r->entry_name;
	c->provider_department = r->provider_department;
	c->provider_department_name = r->provider_department_name;
	c->provider_platform = r->provider_platform;
	c->other_department = r->requester_department;
	c->other_department_name = r->requester_department_name;
	c->other_platform = r->requester_platform;
	c->other_user = r->requester_user;
	c->has_deadline = r->has_deadline;
	c->deadline = r->deadline;
	c->working_days_left = r->working_days_left;
	c->due_soon = r->due_soon;
	c->overdue = r->overdue;
	c->deadline_provisional = r->deadline_provisional;
	c->deadline_statute_year = r->deadline_statute_year;
	c->reason = r->reason;
	c->decided_by = r->decided_by;
	c->decided_at = r->decided_at;
	c->created_at = r->created_at;
	c->updated_at = r->updated_at;
	c->version = r->version;
	c->actions = r->actions;
	c->n_actions = r->n_actions;
	c->has_actions = r->has_actions;
}

static bool same(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

static bool fits(const void *obj, const char *box, const char *state, const char *department,
                 const char *role)
{
	const struct govdx_request *r = obj;

	if (state && *state && !same(r->state_name, state))
		return false;
	if (!box || !*box || !strcmp(box, "all"))
		return true;
	if (!strcmp(box, "inbox")) {
		if (same(role, "authority"))
			return r->state == GOVDX_REQUEST_COORDINATING;
		return same(r->provider_department, department);
	}
	if (!strcmp(box, "outbox"))
		return same(r->requester_department, department);
	return false;
}

static void free_obj(void *obj)
{
	govdx_request_free(obj);
}

static const char *default_box(const char *role)
{
	if (same(role, "approver") || same(role, "authority"))
		return "inbox";
	if (same(role, "official"))
		return "outbox";
	return "all";
}

static enum case_side side(const char *box)
{
	if (!strcmp(box, "inbox"))
		return CASE_SIDE_OTHER;
	if (!strcmp(box, "outbox"))
		return CASE_SIDE_PROVIDER;
	return CASE_SIDE_AUTO;
}

/* A refusal's ground in words, with the value ("not_held") as the
 * service sent it. */
static const char *ground_words(const char *g)
{
	if (!strcmp(g, "not_held"))
		return _("the data does not exist or is not collected (not_held)");
	if (!strcmp(g, "not_shareable"))
		return _("the data may not be shared (not_shareable)");
	if (!strcmp(g, "insufficient_basis"))
		return _("the purpose or legal basis does not justify it (insufficient_basis)");
	if (!strcmp(g, "other"))
		return _("another ground (other)");
	return g;
}

static void describe(const void *obj, case_field_fn field, void *arg)
{
	const struct govdx_request *r = obj;
	char buf[1024];
	size_t i, used = 0;

	field(arg, _("Filed by"), r->requester_user);
	field(arg, _("Purpose"), r->purpose);
	field(arg, _("Legal basis"), r->legal_basis);
	buf[0] = '\0';
	for (i = 0; i < r->n_items && used < sizeof buf; i++)
		used += (size_t)snprintf(buf + used, sizeof buf - used, "%s%s", i ? "、" : "",
		                         r->items[i]);
	field(arg, _("Items"), buf);
	/* TRANSLATORS: a period of use: "2026-01-01 to 2026-12-31". */
	snprintf(buf, sizeof buf, _("%s to %s"), r->period_from, r->period_to);
	field(arg, _("Period"), buf);
	field(arg, _("Reason"), r->reason);
	if (r->refusal_ground)
		field(arg, _("Refused on the ground"), ground_words(r->refusal_ground));
}

/* ---- the library's calls ------------------------------------------------ */

static void one_cb(void *arg, const struct govdx_error *err, struct govdx_request *r)
{
	struct case_call *call = arg;

	call->done(call, err, r);
}

static void page_cb(void *arg, const struct govdx_error *err, struct govdx_request_page *p)
{
	struct case_call *call = arg;
	struct case_page page = { 0 };

	if (!err)
		case_page_take(&page, p->items, p->n, sizeof *p->items, &p->next_cursor);
	govdx_request_page_free(p);
	call->page(call, err, err ? NULL : &page);
}

static govdx_call_id list(struct govdx_client *c, const char *box, const char *state,
                          const char *entry, const char *overdue_of, const char *cursor,
                          int limit, struct case_call *call)
{
	(void)entry; /* not by_entry: never given */
	struct govdx_request_query q;

	memset(&q, 0, sizeof q);
	q.box = box;
	q.state = state && *state ? state : NULL;
	q.overdue = q.due_soon = -1;
	if (overdue_of && *overdue_of) {
		q.provider = overdue_of;
		q.overdue = 1;
	}
	q.page.cursor = cursor;
	q.page.limit = limit;
	return govdx_requests(c, &q, page_cb, call);
}

static govdx_call_id get(struct govdx_client *c, const char *id, struct case_call *call)
{
	return govdx_request_get(c, id, one_cb, call);
}

static govdx_call_id transition(struct govdx_client *c, const char *id,
                                const struct govdx_transition *t, struct case_call *call)
{
	return govdx_request_transition(c, id, t, one_cb, call);
}

const struct case_kind case_kind_request = {
	.name = "request",
	.plural = "requests",
	.label = N_("Request"),
	.id_prefix = "REQ-",
	.other_label = N_("Requester"),
	.reader = N_("the requester"),
	.noun = noun,
	.boxes = boxes,
	.states = states,
	.actions = actions,
	.n_actions = sizeof actions / sizeof actions[0],
	.touches_entry = false,
	.by_provider = true,
	.default_box = default_box,
	.side = side,
	.info = info,
	.fits = fits,
	.free = free_obj,
	.describe = describe,
	.list = list,
	.get = get,
	.transition = transition,
};
