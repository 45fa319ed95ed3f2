/*
 * case-revision — revisions of catalog entries (编目修订, issue 15) as a
 * case kind (see case.h): the queues review/mine/all, the states draft,
 * submitted, returned, published, withdrawn, the actions submit,
 * withdraw, publish and return, the fields only a revision has (every
 * core field of the entry as drafted, the published revision it edits,
 * the objection it corrects), and the library's revision calls behind the
 * generic ones.
 *
 * A revision is its department's on both sides: the provider is the
 * department whose entry it is, the "other side" the same department
 * with the cataloguer who drafted it.  Publishing changes the entry (a
 * new revision number, its fields, perhaps its disputed mark):
 * touches_entry asks the console to fetch the entry again.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case.h"
#include "i18n.h"
#include "xalloc.h"

static const char *const entry_states[] = { "published", NULL };

static const char *const boxes[] = { "review", "mine", "all", NULL };
static const char *const states[] = { "draft", "submitted", "returned", "published",
	                              "withdrawn", NULL };

static const struct case_action actions[] = {
	{ "submit", N_("Submit"), N_("submitted"), N_("reason"), N_("the data authority") },
	{ "withdraw", N_("Withdraw"), N_("withdrawn"), N_("reason"), NULL },
	{ "publish", N_("Publish"), N_("published"), N_("reason"), NULL },
	{ "return", N_("Return"), N_("returned"), N_("reason"), NULL },
};

static const char *noun(size_t n)
{
	return P_("revision", "revisions", n);
}

static void info(const void *obj, struct case_info *c)
{
	const struct govdx_revision *r = obj;

	memset(c, 0, sizeof *c);
	c->id = r->id;
	c->state = r->state_name;
	c->entry_code = r->entry_code;
	c->entry_name = r->fields.name;
	c->provider_department = r->department_code;
	c->provider_department_name = r->department_name;
	c->provider_platform = r->platform_code;
	c->other_department = r->department_code;
	c->other_department_name = r->department_name;
	c->other_platform = r->platform_code;
	c->other_user = r->created_by;
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
	const struct govdx_revision *r = obj;

	if (state && *state && !same(r->state_name, state))
		return false;
	if (!box || !*box || !strcmp(box, "all"))
		return true;
	if (!strcmp(box, "review"))
		return same(role, "authority") && same(r->state_name, "submitted") &&
		       case_platform_under(r->platform_code, department);
	if (!strcmp(box, "mine"))
		return same(r->department_code, department);
	return false;
}

static void free_obj(void *obj)
{
	govdx_revision_free(obj);
}

static const char *default_box(const char *role)
{
	if (same(role, "authority"))
		return "review";
	if (same(role, "cataloguer") || same(role, "approver"))
		return "mine";
	return "all";
}

static enum case_side side(const char *box)
{
	(void)box;
	return CASE_SIDE_PROVIDER;
}

/* "new" for a new entry's draft, else the revision it edits: "r1→". */
static const char *extra(const void *obj)
{
	const struct govdx_revision *r = obj;

	if (!r->entry_code)
		return _("new");
	if (r->number > 0)
		return r->number == 1 ? "r1" : r->number == 2 ? "r2" : "r3+";
	return r->base == 1 ? "r1→" : r->base == 2 ? "r2→" : "r3+→";
}

static void describe(const void *obj, case_field_fn field, void *arg)
{
	const struct govdx_revision *r = obj;
	const struct govdx_entry_fields *f = &r->fields;
	char buf[512];
	size_t i;

	field(arg, _("Drafted by"), r->created_by);
	if (r->base > 0) {
		snprintf(buf, sizeof buf, _("revision %ld of the entry"), r->base);
		field(arg, _("Edits"), buf);
	} else {
		field(arg, _("Edits"), _("(a new entry)"));
	}
	if (r->number > 0) {
		snprintf(buf, sizeof buf, _("revision %ld"), r->number);
		field(arg, _("Published as"), buf);
	}
	field(arg, _("Corrects"), r->objection);
	field(arg, _("Reason"), r->reason);
	field(arg, _("Name"), f->name);
	field(arg, _("Classification"), f->classification);
	field(arg, _("Abstract"), f->abstract);
	field(arg, _("Format"), f->format);
	field(arg, _("Sharing"), f->sharing_type);
	field(arg, _("Condition"), f->sharing_condition);
	field(arg, _("Method"), f->sharing_method);
	field(arg, _("Basis"), f->basis);
	field(arg, _("Open"), f->open_attribute);
	field(arg, _("Open condition"), f->open_condition);
	field(arg, _("Updated"), f->update_cycle);
	for (i = 0; i < f->n_items; i++) {
		const struct govdx_revision_item *it = &f->items[i];
		if (it->length > 0)
			snprintf(buf, sizeof buf, "%s  %s(%d)%s", it->name, it->type ? it->type : "",
			         it->length, it->shared ? "" : _("  not shared"));
		else
			snprintf(buf, sizeof buf, "%s  %s%s", it->name, it->type ? it->type : "",
			         it->shared ? "" : _("  not shared"));
		field(arg, i == 0 ? _("Items") : "", buf);
	}
	for (i = 0; i < f->n_related; i++)
		field(arg, i == 0 ? _("Related") : "", f->related[i]);
}

/* ---- the library's calls ------------------------------------------------ */

static void one_cb(void *arg, const struct govdx_error *err, struct govdx_revision *r)
{
	struct case_call *call = arg;

	call->done(call, err, r);
}

static void page_cb(void *arg, const struct govdx_error *err, struct govdx_revision_page *p)
{
	struct case_call *call = arg;
	struct case_page page = { 0 };

	if (!err)
		case_page_take(&page, p->items, p->n, sizeof *p->items, &p->next_cursor);
	govdx_revision_page_free(p);
	call->page(call, err, err ? NULL : &page);
}

static govdx_call_id list(struct govdx_client *c, const char *box, const char *state,
                          const char *entry, const char *overdue_of, const char *cursor,
                          int limit, struct case_call *call)
{
	struct govdx_revision_query q;

	(void)overdue_of; /* not by_provider: never given */

	memset(&q, 0, sizeof q);
	q.queue = box;
	q.state = state && *state ? state : NULL;
	q.entry = entry && *entry ? entry : NULL;
	q.page.cursor = cursor;
	q.page.limit = limit;
	return govdx_revisions(c, &q, page_cb, call);
}

static govdx_call_id get(struct govdx_client *c, const char *id, struct case_call *call)
{
	return govdx_revision_get(c, id, one_cb, call);
}

static govdx_call_id transition(struct govdx_client *c, const char *id,
                                const struct govdx_transition *t, struct case_call *call)
{
	return govdx_revision_transition(c, id, t, one_cb, call);
}

const struct case_kind case_kind_revision = {
	.name = "revision",
	.plural = "revisions",
	.label = N_("Revision"),
	.id_prefix = "REV-",
	.other_label = N_("Drafted in"),
	.reader = N_("the cataloguer"),
	.noun = noun,
	.boxes = boxes,
	.states = states,
	.actions = actions,
	.n_actions = sizeof actions / sizeof actions[0],
	.touches_entry = true,
	.entry_states = entry_states,
	.extra_head = N_("Change"),
	.extra_w = 6,
	.extra = extra,
	.default_box = default_box,
	.side = side,
	.info = info,
	.fits = fits,
	.by_entry = true,
	.free = free_obj,
	.describe = describe,
	.list = list,
	.get = get,
	.transition = transition,
};
