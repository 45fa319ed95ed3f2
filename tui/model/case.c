/*
 * case — a kind's actions and what the service offers of them, and what
 * every kind shows the same way: queue order, working days left, who
 * decided (see case.h).  Finding a kind is case-kinds.c's, which lists
 * the kinds; the kinds use this file, never the other way round.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "beijing.h"
#include "case.h"
#include "i18n.h"
#include "xalloc.h"

const struct case_action *case_action(const struct case_kind *k, const char *name)
{
	size_t i;

	for (i = 0; k && name && i < k->n_actions; i++)
		if (!strcmp(k->actions[i].name, name))
			return &k->actions[i];
	return NULL;
}

/* The service's entry for action on obj: NULL when not offered; *listed
 * says whether the service sent a list at all. */
static const struct govdx_action *offered(const struct case_kind *k, const void *obj,
                                          const char *action, bool *listed)
{
	struct case_info c;
	size_t i;

	*listed = false;
	if (!k || !obj || !case_action(k, action))
		return NULL;
	k->info(obj, &c);
	*listed = c.has_actions;
	for (i = 0; i < c.n_actions; i++)
		if (c.actions[i].name && !strcmp(c.actions[i].name, action))
			return &c.actions[i];
	return NULL;
}

bool case_may(const struct case_kind *k, const void *obj, const char *action)
{
	bool listed;

	return offered(k, obj, action, &listed) || (!listed && k && obj && case_action(k, action));
}

enum govdx_reason_need case_need(const struct case_kind *k, const void *obj, const char *action)
{
	bool listed;
	const struct govdx_action *a = offered(k, obj, action, &listed);

	return a ? a->reason : GOVDX_REASON_OPTIONAL;
}

bool case_platform_under(const char *platform, const char *ancestor)
{
	size_t n = 6;

	if (!platform || !ancestor || strlen(ancestor) < 6 || strlen(platform) < 6)
		return false;
	while (n >= 2 && ancestor[n - 1] == '0' && ancestor[n - 2] == '0')
		n -= 2;
	return strncmp(platform, ancestor, n) == 0;
}

void case_page_take(struct case_page *page, void *items, size_t n, size_t size,
                    char **next_cursor)
{
	size_t i;

	page->items = xcalloc(n + 1, sizeof *page->items);
	page->n = 0;
	for (i = 0; i < n; i++) {
		void *o = xmalloc(size);
		memcpy(o, (char *)items + i * size, size);
		memset((char *)items + i * size, 0, size);
		page->items[page->n++] = o;
	}
	page->next_cursor = *next_cursor;
	*next_cursor = NULL;
}

int case_order(const struct case_info *a, const struct case_info *b)
{
	bool da = a->has_deadline && a->deadline && a->deadline[0];
	bool db = b->has_deadline && b->deadline && b->deadline[0];
	bool aa = a->n_actions > 0, ab = b->n_actions > 0;
	int c;

	/* What the user can act on first, as the service lists a box (a case
	 * from a service that sends no actions has no rank). */
	if (a->has_actions && b->has_actions && aa != ab)
		return aa ? -1 : 1;
	if (da != db)
		return da ? -1 : 1;
	if (da && (c = strcmp(a->deadline, b->deadline)) != 0)
		return c;
	return strcmp(a->id ? a->id : "", b->id ? b->id : "");
}

const char *case_days_left(const struct case_info *c, char *buf, size_t len,
                           enum case_urgency *urgency)
{
	*urgency = CASE_IN_TIME;
	if (!c->has_deadline || c->working_days_left == GOVDX_NO_DAYS_LEFT) {
		snprintf(buf, len, "-");
		*urgency = CASE_NO_DAYS;
		return buf;
	}
	snprintf(buf, len, "%s%dd", case_provisional_mark(c), c->working_days_left);
	if (c->overdue || c->working_days_left < 0)
		*urgency = CASE_OVERDUE;
	else if (c->due_soon || c->working_days_left <= 2)
		*urgency = CASE_DUE_SOON;
	return buf;
}

const char *case_provisional_mark(const struct case_info *c)
{
	/* U+2248 is of ambiguous width: measured like every other mark, by
	 * wcwidth where it is drawn (ui-width.c). */
	return c->has_deadline && c->deadline_provisional ? "≈" : "";
}

const char *case_state_label(const char *state)
{
	/* Every kind's states, marked for the catalogue: the kinds' tables
	 * hold the service's values, typed and compared as they are. */
	static const char *const known[] = {
		N_("pending"),  N_("approved"),  N_("rejected"),  N_("returned"),
		N_("withdrawn"), N_("coordinating"), N_("closed"), N_("raised"),
		N_("verifying"), N_("dismissed"), N_("corrected"), N_("upheld"),
		NULL,
	};
	size_t i;

	for (i = 0; state && known[i]; i++)
		if (!strcmp(known[i], state))
			return _(known[i]);
	return state;
}

const char *case_box_label(const char *box)
{
	/* Every kind's boxes, as case_state_label does for states. */
	static const char *const known[] = {
		N_("inbox"), N_("outbox"), N_("all"), N_("helpdesk"), N_("provider"), N_("raised"),
		NULL,
	};
	size_t i;

	for (i = 0; box && known[i]; i++)
		if (!strcmp(known[i], box))
			return _(known[i]);
	return box;
}

void case_short_time(const char *iso, char *buf, size_t len)
{
	int y, mo, d, h, mi, used = 0, oh = 0, om = 0;
	const char *zone;
	struct tm tm = { 0 };
	time_t tt;

	if (!iso || sscanf(iso, "%4d-%2d-%2dT%2d:%2d%n", &y, &mo, &d, &h, &mi, &used) != 5 ||
	    used != 16 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59) {
		snprintf(buf, len, "%.16s", iso ? iso : "-");
		return;
	}
	/* Seconds and fractions, then the zone: Z or +hh:mm / -hh:mm. */
	zone = iso + used + strspn(iso + used, ":.0123456789");
	if ((*zone == '+' || *zone == '-') && sscanf(zone + 1, "%2d:%2d", &oh, &om) >= 1) {
		if (*zone == '-') {
			oh = -oh;
			om = -om;
		}
	} else if (*zone != 'Z') {
		snprintf(buf, len, "%.16s", iso); /* no zone: shown as written */
		if (strlen(buf) > 10 && buf[10] == 'T')
			buf[10] = ' ';
		return;
	}
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tt = timegm(&tm) - oh * 3600 - om * 60; /* the instant, then Beijing time */
	if (!beijing_time(tt, &tm)) {
		snprintf(buf, len, "%.16s", iso);
		return;
	}
	snprintf(buf, len, "%04d-%02d-%02d %02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
	         tm.tm_hour, tm.tm_min);
}

void case_who(const struct case_info *c, char *buf, size_t len)
{
	char when[32];
	const char *state = c->state ? case_state_label(c->state) : _("changed");

	if (c->decided_by && c->decided_at) {
		case_short_time(c->decided_at, when, sizeof when);
		/* TRANSLATORS: state, who, when: "approved by hebei-approver
		 * at 2025-11-20 10:02". */
		snprintf(buf, len, _("%s by %s at %s"), state, c->decided_by, when);
	} else {
		case_short_time(c->updated_at, when, sizeof when);
		snprintf(buf, len, _("now %s (version %ld), changed at %s"), state, c->version,
		         when);
	}
}

void case_what_happened(const struct case_info *c, char *buf, size_t len)
{
	/* States that name what the decider did to the case. */
	static const char *const decided[] = { "approved", "rejected", "returned", "closed",
		                               "dismissed", "corrected", "upheld", NULL };
	const char *state = c->state ? c->state : "changed";
	char when[32];
	size_t i;

	for (i = 0; decided[i] && strcmp(decided[i], state); i++)
		;
	if (c->decided_by && c->decided_at && (decided[i] || !strcmp(state, "verifying"))) {
		case_short_time(c->decided_at, when, sizeof when);
		/* TRANSLATORS: who, what (a past tense: "approved"), when:
		 * "hebei-approver approved it at 2025-11-20 10:02". */
		snprintf(buf, len, _("%s %s it at %s"), c->decided_by,
		         decided[i] ? case_state_label(state) : _("accepted"), when);
	} else {
		case_short_time(c->updated_at, when, sizeof when);
		snprintf(buf, len, _("it is now %s (changed at %s)"),
		         c->state ? case_state_label(state) : _("changed"), when);
	}
}
