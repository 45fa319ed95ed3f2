/*
 * case-objection — objections (数据异议) as a case kind (see case.h): the
 * boxes helpdesk/provider/raised/all, the states and actions after
 * DB3208/T 219—2024 (BRIEF §2), the fields only an objection has (kind,
 * item, record key, description, evidence, the provider's note, the reopen
 * window), and the library's objection calls behind the generic ones.
 *
 * An objection's changes may change its entry (accept marks it disputed,
 * close may clear the mark): touches_entry asks the console to fetch the
 * entry again when one changes.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case.h"
#include "i18n.h"
#include "xalloc.h"

/* Accept and reopen (into verifying) set the disputed mark, close may clear
 * it; raised, dismissed, corrected and upheld leave it as it was. */
static const char *const entry_states[] = { "verifying", "closed", NULL };

static const char *const boxes[] = { "helpdesk", "provider", "raised", "all", NULL };
static const char *const states[] = { "raised", "verifying", "dismissed", "corrected",
	                              "upheld", "closed",    NULL };

/* The names are the service's and the commands'; the words are shown
 * translated (N_, _() where read). */
static const struct case_action actions[] = {
	{ "accept", N_("Accept"), N_("accepted"), N_("reason"), NULL },
	{ "dismiss", N_("Dismiss"), N_("dismissed"), N_("reason"), NULL },
	{ "correct", N_("Correct"), N_("corrected"), N_("note"),
	  N_("the raiser and the helpdesk") },
	{ "uphold", N_("Uphold"), N_("upheld"), N_("note"), N_("the raiser and the helpdesk") },
	{ "close", N_("Close"), N_("closed"), N_("reason"), NULL },
	{ "reopen", N_("Reopen"), N_("reopened"), N_("reason"),
	  N_("the helpdesk and the provider") },
};

static const char *noun(size_t n)
{
	return P_("objection", "objections", n);
}

const char *case_objection_kind_label(enum govdx_objection_kind k)
{
	switch (k) {
	case GOVDX_OBJECTION_INCORRECT:
		return "数据错误 incorrect";
	case GOVDX_OBJECTION_INCOMPLETE:
		return "数据不完整 incomplete";
	case GOVDX_OBJECTION_OUTDATED:
		return "数据过时 outdated";
	case GOVDX_OBJECTION_INCONSISTENT:
		return "数据不一致 inconsistent";
	case GOVDX_OBJECTION_OTHER:
		return "其他 other";
	default:
		return "?";
	}
}

const char *case_objection_kind_short(enum govdx_objection_kind k)
{
	switch (k) {
	case GOVDX_OBJECTION_INCORRECT:
		return "数据错误";
	case GOVDX_OBJECTION_INCOMPLETE:
		return "数据不完整";
	case GOVDX_OBJECTION_OUTDATED:
		return "数据过时";
	case GOVDX_OBJECTION_INCONSISTENT:
		return "数据不一致";
	case GOVDX_OBJECTION_OTHER:
		return "其他";
	default:
		return "?";
	}
}

static void info(const void *obj, struct case_info *c)
{
	const struct govdx_objection *o = obj;

	memset(c, 0, sizeof *c);
	c->id = o->id;
	c->state = o->state_name;
	c->entry_code = o->entry_code;
	c->entry_name = o->entry_name;
	c->provider_department = o->provider_department;
	c->provider_department_name = o->provider_department_name;
	c->provider_platform = o->provider_platform;
	c->other_department = o->raiser_department;
	c->other_department_name = o->raiser_department_name;
	c->other_platform = o->raiser_platform;
	c->other_user = o->raiser_user;
	c->has_deadline = o->has_deadline;
	c->deadline = o->deadline;
	c->working_days_left = o->working_days_left;
	c->due_soon = o->due_soon;
	c->overdue = o->overdue;
	c->deadline_provisional = o->deadline_provisional;
	c->deadline_statute_year = o->deadline_statute_year;
	c->reason = o->reason;
	c->decided_by = o->decided_by;
	c->decided_at = o->decided_at;
	c->created_at = o->created_at;
	c->updated_at = o->updated_at;
	c->version = o->version;
	c->actions = o->actions;
	c->n_actions = o->n_actions;
	c->has_actions = o->has_actions;
}

static bool same(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

/* Whether a platform is in the subtree of the platform of a department. */
static bool in_subtree(const char *platform, const char *department)
{
	return case_platform_under(platform, department);
}

static bool fits(const void *obj, const char *box, const char *state, const char *department,
                 const char *role)
{
	const struct govdx_objection *o = obj;

	if (state && *state && !same(o->state_name, state))
		return false;
	if (!box || !*box || !strcmp(box, "all"))
		return true;
	if (!strcmp(box, "helpdesk"))
		return in_subtree(o->provider_platform, department);
	if (!strcmp(box, "provider"))
		return same(o->provider_department, department);
	if (!strcmp(box, "raised"))
		return same(o->raiser_department, department);
	return false;
}

static void free_obj(void *obj)
{
	govdx_objection_free(obj);
}

static const char *default_box(const char *role)
{
	if (same(role, "helpdesk"))
		return "helpdesk";
	if (same(role, "approver"))
		return "provider";
	if (same(role, "official"))
		return "raised";
	return "all";
}

static enum case_side side(const char *box)
{
	if (!strcmp(box, "provider"))
		return CASE_SIDE_OTHER;
	if (!strcmp(box, "helpdesk") || !strcmp(box, "raised"))
		return CASE_SIDE_PROVIDER;
	return CASE_SIDE_AUTO;
}

static const char *extra(const void *obj)
{
	return case_objection_kind_short(((const struct govdx_objection *)obj)->kind);
}

static void describe(const void *obj, case_field_fn field, void *arg)
{
	const struct govdx_objection *o = obj;

	field(arg, _("Raised by"), o->raiser_user);
	field(arg, _("Kind"), o->kind ? case_objection_kind_label(o->kind) : o->kind_name);
	field(arg, _("Item"), o->item ? o->item : _("(the whole entry)"));
	field(arg, _("Record key"), o->record_key);
	field(arg, _("Description"), o->description);
	field(arg, _("Evidence"), o->evidence);
	field(arg, _("Note"), o->note);
	field(arg, _("Reason"), o->reason);
	if (o->reopen_until[0])
		field(arg, _("Reopen until"), o->reopen_until);
}

/* ---- the library's calls ------------------------------------------------ */

static void one_cb(void *arg, const struct govdx_error *err, struct govdx_objection *o)
{
	struct case_call *call = arg;

	call->done(call, err, o);
}

static void page_cb(void *arg, const struct govdx_error *err, struct govdx_objection_page *p)
{
	struct case_call *call = arg;
	struct case_page page = { 0 };

	if (!err)
		case_page_take(&page, p->items, p->n, sizeof *p->items, &p->next_cursor);
	govdx_objection_page_free(p);
	call->page(call, err, err ? NULL : &page);
}

static govdx_call_id list(struct govdx_client *c, const char *box, const char *state,
                          const char *entry, const char *overdue_of, const char *cursor,
                          int limit, struct case_call *call)
{
	(void)overdue_of; /* not by_provider: never given */
	struct govdx_objection_query q;

	memset(&q, 0, sizeof q);
	q.box = box;
	q.state = state && *state ? state : NULL;
	q.entry = entry && *entry ? entry : NULL;
	q.overdue = q.due_soon = -1;
	q.page.cursor = cursor;
	q.page.limit = limit;
	return govdx_objections(c, &q, page_cb, call);
}

static govdx_call_id get(struct govdx_client *c, const char *id, struct case_call *call)
{
	return govdx_objection_get(c, id, one_cb, call);
}

static govdx_call_id transition(struct govdx_client *c, const char *id,
                                const struct govdx_transition *t, struct case_call *call)
{
	return govdx_objection_transition(c, id, t, one_cb, call);
}

const struct case_kind case_kind_objection = {
	.name = "objection",
	.plural = "objections",
	.label = N_("Objection"),
	.id_prefix = "OBJ-",
	.other_label = N_("Raiser"),
	.reader = N_("the raiser"),
	.noun = noun,
	.boxes = boxes,
	.states = states,
	.actions = actions,
	.n_actions = sizeof actions / sizeof actions[0],
	.touches_entry = true,
	.entry_states = entry_states,
	.extra_head = N_("Kind"),
	.extra_w = 10,
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
