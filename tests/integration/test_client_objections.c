/*
 * Integration test of libgovdx's objection calls against the running
 * exchange service (GOVDX_URL, GOVDX_TOKENS from tools/check or tools/demo
 * --serve): the whole life of one objection through the library.
 * hebei-official raises an objection against an information item of an
 * entry of hebei-approver's department (users.tsv); an idempotent retry
 * answers the same objection; hebei-helpdesk accepts it and the entry
 * reads disputed=true in GET /v1/entries/{code} (and in the disputed
 * list); accepting again at the stale version is 412 with the current
 * objection; hebei-approver's correct without a note is 422, with a note
 * it is corrected and the reopen window is set; hebei-helpdesk closes it
 * and the entry reads disputed=false; the raiser sees it closed in the
 * "raised" box; the audit trail has the four steps; the events stream
 * carries them as kind "objection". Prints TAP; skips with a reason when
 * the service is not there or has no objections endpoint yet.
 */
#include "config.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "govdx.h"
#include "tap.h"

/* The provider's note on the correction. */
#define NOTE "已按营业执照更正统一社会信用代码"

/* An entry of the department that no objection holds yet, with its items.
 * Picks one of the first page at random, so that tests running side by
 * side are unlikely to share it. */
static struct govdx_entry *find_entry(struct govdx_client *c, const char *department,
                                      unsigned pick)
{
	struct govdx_entry_query q = {.department = department, .disputed = 0,
	                              .page = {.limit = 50}};
	struct govdx_entry_page *p = NULL;
	struct govdx_entry *e = NULL;
	struct govdx_error err;
	size_t i;

	if (govdx_entries_sync(c, &q, &p, &err) != 0) {
		tap_diag(&err);
		return NULL;
	}
	for (i = 0; i < p->n && e == NULL; i++) {
		const char *code = p->items[(pick + i) % p->n].code;

		if (govdx_entry_sync(c, code, &e, &err) != 0) {
			tap_diag(&err);
			e = NULL;
		} else if (e->n_items == 0 || e->disputed) {
			govdx_entry_free(e);
			e = NULL;
		}
	}
	govdx_entry_page_free(p);
	return e;
}

/* Whether the entry reads disputed (-1 when it could not be read). */
static int entry_disputed(struct govdx_client *c, const char *code)
{
	struct govdx_entry *e = NULL;
	struct govdx_error err;
	int disputed;

	if (govdx_entry_sync(c, code, &e, &err) != 0) {
		tap_diag(&err);
		return -1;
	}
	disputed = e->disputed ? 1 : 0;
	govdx_entry_free(e);
	return disputed;
}

static struct govdx_objection *act(struct govdx_client *c, const struct govdx_objection *o,
                                   const char *action, const char *reason, long version,
                                   struct govdx_error *err, int *rc)
{
	struct govdx_transition t = {.action = action, .reason = reason, .version = version};
	struct govdx_objection *r = NULL;

	*rc = govdx_objection_transition_sync(c, o->id, &t, &r, err);
	return r;
}

/* Takes the result of a transition that must succeed as the new state of
 * the objection (*o), or reports the failure. */
static bool step(struct govdx_objection **o, struct govdx_objection *r, int rc,
                 const struct govdx_error *err, enum govdx_objection_state want, long version,
                 const char *what)
{
	bool ok = tap_check(rc == 0 && r != NULL && r->state == want && r->version == version,
	                    "%s: %s, version %ld (%s, %ld)", what, govdx_objection_state_name(want),
	                    version, r != NULL ? r->state_name : "-", r != NULL ? r->version : 0L);

	if (rc != 0)
		tap_diag(err);
	if (ok) {
		govdx_objection_free(*o);
		*o = r;
	} else {
		govdx_objection_free(r);
	}
	return ok;
}

static bool in_page(const struct govdx_objection_page *p, const char *id,
                    enum govdx_objection_state state)
{
	size_t i;

	for (i = 0; p != NULL && i < p->n; i++)
		if (strcmp(p->items[i].id, id) == 0 && p->items[i].state == state)
			return true;
	return false;
}

static void check_audit(struct govdx_client *c, const char *id)
{
	static const char *const actions[] = {"accept", "correct", "close"};
	struct govdx_page_req page = {.limit = 50};
	struct govdx_audit_page *a = NULL;
	struct govdx_error err;
	char subject[96];
	size_t i;

	snprintf(subject, sizeof subject, "objection:%s", id);
	if (!tap_check(govdx_audit_sync(c, subject, &page, &a, &err) == 0, "the audit of %s",
	               subject)) {
		tap_diag(&err);
		return;
	}
	if (tap_check(a->n == 4, "four events: raise, accept, correct, close (%zu)", a->n)) {
		tap_check(a->items[0].from_state == NULL && strcmp(a->items[0].to_state, "raised") == 0 &&
		                  strcmp(a->items[0].actor, "hebei-official") == 0,
		          "first the raise by hebei-official");
		for (i = 0; i < 3; i++)
			tap_check(strcmp(a->items[i + 1].action, actions[i]) == 0 &&
			                  a->items[i + 1].seq > a->items[i].seq &&
			                  strcmp(a->items[i + 1].subject, subject) == 0,
			          "then %s (%s)", actions[i], a->items[i + 1].action);
		tap_check(a->items[2].reason != NULL && strcmp(a->items[2].reason, NOTE) == 0,
		          "the correction carries the note");
	}
	govdx_audit_page_free(a);
}

static void check_events(struct govdx_client *c, long after, const char *id)
{
	struct govdx_event_batch *b = NULL;
	struct govdx_error err;
	bool accepted = false, closed = false;
	size_t i;

	/* wait 0: what is there already, at once */
	if (!tap_check(govdx_events_sync(c, after, 0, &b, &err) == 0, "events after seq %ld", after)) {
		tap_diag(&err);
		return;
	}
	for (i = 0; i < b->n; i++) {
		const struct govdx_event *e = &b->items[i];

		if (strcmp(e->kind, "objection") != 0 || strcmp(e->id, id) != 0)
			continue;
		accepted |= strcmp(e->action, "accept") == 0 && strcmp(e->state, "verifying") == 0;
		closed |= strcmp(e->action, "close") == 0 && strcmp(e->state, "closed") == 0;
	}
	tap_check(accepted && closed, "the raiser's events carry the accept and the close of %s as "
	                              "kind \"objection\"", id);
	govdx_event_batch_free(b);
}

int main(void)
{
	const char *url = getenv("GOVDX_URL"), *dir = getenv("GOVDX_TOKENS");
	struct govdx_client *off = NULL, *help = NULL, *appr = NULL;
	struct govdx_objection *o = NULL, *again = NULL, *cur = NULL, *r;
	struct govdx_objection_page *page = NULL;
	struct govdx_event_batch *start = NULL;
	struct govdx_entry *entry = NULL;
	struct govdx_objection_new n = {.kind = GOVDX_OBJECTION_INCORRECT,
	                                .record_key = "91130100MA0CXXXX1K",
	                                .evidence = "营业执照副本（2024年换发）第1页"};
	struct govdx_error err;
	char appr_dep[64], key[GOVDX_IDEMPOTENCY_KEY_SIZE], desc[160];
	long after = -1;
	int rc;

	if (url == NULL || *url == '\0' || dir == NULL || *dir == '\0')
		tap_skip_all("GOVDX_URL and GOVDX_TOKENS are not set (run under tools/check)");
	if (!tap_user(dir, "hebei-approver", NULL, 0, appr_dep, sizeof appr_dep))
		tap_skip_all("no hebei-approver in $GOVDX_TOKENS/users.tsv");
	off = tap_open_as(url, dir, "hebei-official");
	help = tap_open_as(url, dir, "hebei-helpdesk");
	appr = tap_open_as(url, dir, "hebei-approver");
	if (off == NULL || help == NULL || appr == NULL)
		goto done;

	if (govdx_idempotency_key(key) != 0) {
		tap_check(false, "an idempotency key");
		goto done;
	}
	/* Nothing is printed before the raise, which is also the probe for
	 * the endpoint: a skip must be the only line. */
	entry = find_entry(off, appr_dep, (unsigned)key[0] * 31u + (unsigned)key[1]);
	if (entry == NULL) {
		tap_check(false, "an undisputed entry of %s (hebei-approver's department) with "
		                 "information items", appr_dep);
		goto done;
	}
	if (govdx_events_sync(off, -1, 0, &start, &err) == 0)
		after = start->last_seq;

	snprintf(desc, sizeof desc, "“%s”与营业执照不一致（测试 %.8s）", entry->items[0].name, key);
	n.entry_code = entry->code;
	n.item = entry->items[0].name;
	n.description = desc;
	n.idempotency_key = key;
	rc = govdx_objection_create_sync(off, &n, &o, &err);
	if (rc != 0 && (err.http_status == 404 || err.http_status == 405)) {
		tap_diag(&err);
		tap_skip_all("service has no objections endpoint yet");
	}
	if (!tap_check(rc == 0 && o != NULL, "hebei-official raises an objection against %s / %s",
	               entry->code, entry->items[0].name)) {
		tap_diag(&err);
		goto done;
	}
	tap_check(o->state == GOVDX_OBJECTION_RAISED && o->version == 1, "raised, version 1 (%s, %ld)",
	          o->state_name, o->version);
	tap_check(strcmp(o->entry_code, entry->code) == 0 && o->item != NULL &&
	                  strcmp(o->item, entry->items[0].name) == 0 &&
	                  o->record_key != NULL && strcmp(o->record_key, n.record_key) == 0,
	          "the target comes back: entry, item, record key");
	tap_check(o->kind == GOVDX_OBJECTION_INCORRECT && strcmp(o->description, desc) == 0 &&
	                  o->evidence != NULL && strcmp(o->evidence, n.evidence) == 0,
	          "kind, description and evidence come back as sent (Chinese included)");
	tap_check(strcmp(o->provider_department, appr_dep) == 0 &&
	                  strcmp(o->raiser_user, "hebei-official") == 0,
	          "provided by %s, raised by hebei-official", o->provider_department);
	tap_check(!o->has_deadline && o->note == NULL && o->decided_by == NULL &&
	                  o->reopen_until[0] == '\0',
	          "no deadline, note, decision or reopen window yet");

	again = NULL;
	if (tap_check(govdx_objection_create_sync(off, &n, &again, &err) == 0 && again != NULL,
	              "raising again with the same key succeeds"))
		tap_check(strcmp(again->id, o->id) == 0, "and answers the same objection %s (%s)", o->id,
		          again->id);
	else
		tap_diag(&err);
	govdx_objection_free(again);

	/* Accept (helpdesk): verifying, with a deadline; the entry is disputed. */
	r = act(help, o, "accept", NULL, o->version, &err, &rc);
	if (!step(&o, r, rc, &err, GOVDX_OBJECTION_VERIFYING, 2, "hebei-helpdesk accepts"))
		goto done;
	tap_check(o->has_deadline && o->working_days_left >= 0 && o->working_days_left <= 5,
	          "a verification deadline %s, %d working days left", o->deadline,
	          o->working_days_left);
	tap_check(o->decided_by != NULL && strcmp(o->decided_by, "hebei-helpdesk") == 0,
	          "decided by hebei-helpdesk");
	tap_check(entry_disputed(off, entry->code) == 1, "GET /v1/entries/%s: disputed=true",
	          entry->code);
	{
		struct govdx_entry_query q = {.department = appr_dep, .disputed = 1,
		                              .page = {.limit = 200}};
		struct govdx_entry_page *ep = NULL;
		bool listed = false;
		size_t i;

		if (govdx_entries_sync(off, &q, &ep, &err) == 0) {
			for (i = 0; i < ep->n; i++)
				listed |= strcmp(ep->items[i].code, entry->code) == 0 && ep->items[i].disputed;
			tap_check(listed, "and it is in the disputed entries of %s", appr_dep);
			govdx_entry_page_free(ep);
		} else {
			tap_check(false, "the disputed entries of %s", appr_dep);
			tap_diag(&err);
		}
	}

	/* The same accept at the stale version: 412 with the current objection. */
	cur = act(help, o, "accept", NULL, 1, &err, &rc);
	tap_check(rc != 0 && err.http_status == 412 && strcmp(err.code, "precondition_failed") == 0,
	          "accepting at the stale version 1 is 412 precondition_failed");
	tap_diag(&err);
	if (tap_check(cur != NULL, "the 412 carries the current objection"))
		tap_check(strcmp(cur->id, o->id) == 0 && cur->state == GOVDX_OBJECTION_VERIFYING &&
		                  cur->version == 2 && cur->decided_by != NULL &&
		                  strcmp(cur->decided_by, "hebei-helpdesk") == 0,
		          "current: verifying, version 2, by hebei-helpdesk");
	govdx_objection_free(cur);

	/* Correct (provider approver): the note is required. */
	cur = act(appr, o, "correct", NULL, o->version, &err, &rc);
	tap_check(rc != 0 && err.http_status == 422 && strcmp(err.code, "reason_required") == 0,
	          "correct without a note is 422 reason_required");
	tap_diag(&err);
	govdx_objection_free(cur);
	r = act(appr, o, "correct", NOTE, o->version, &err, &rc);
	if (!step(&o, r, rc, &err, GOVDX_OBJECTION_CORRECTED, 3, "hebei-approver corrects"))
		goto done;
	tap_check(o->note != NULL && strcmp(o->note, NOTE) == 0, "the note is kept");
	tap_check(o->reopen_until[0] != '\0' && !o->has_deadline,
	          "a reopen window until %s, no deadline", o->reopen_until);
	tap_check(entry_disputed(off, entry->code) == 1, "the entry stays disputed until closed");

	/* Close (helpdesk): the dispute mark goes. */
	r = act(help, o, "close", NULL, o->version, &err, &rc);
	if (!step(&o, r, rc, &err, GOVDX_OBJECTION_CLOSED, 4, "hebei-helpdesk closes"))
		goto done;
	tap_check(entry_disputed(off, entry->code) == 0, "GET /v1/entries/%s: disputed=false",
	          entry->code);

	/* The raiser sees it in the "raised" box; the record is complete. */
	{
		struct govdx_objection_query q = {.box = "raised", .state = "closed", .overdue = -1,
		                                  .due_soon = -1, .page = {.limit = 200}};
		struct govdx_objection *got = NULL;

		if (tap_check(govdx_objections_sync(off, &q, &page, &err) == 0, "the raiser's closed box"))
			tap_check(in_page(page, o->id, GOVDX_OBJECTION_CLOSED), "%s is in it, closed", o->id);
		else
			tap_diag(&err);
		if (tap_check(govdx_objection_get_sync(off, o->id, &got, &err) == 0, "GET %s", o->id))
			tap_check(got->version == 4 && got->state == GOVDX_OBJECTION_CLOSED &&
			                  strcmp(got->reopen_until, o->reopen_until) >= 0,
			          "closed, version 4 (the ETag), reopen window %s", got->reopen_until);
		else
			tap_diag(&err);
		govdx_objection_free(got);
	}
	check_audit(off, o->id);
	if (after >= 0)
		check_events(off, after, o->id);

done:
	govdx_objection_page_free(page);
	govdx_objection_free(o);
	govdx_event_batch_free(start);
	govdx_entry_free(entry);
	govdx_client_free(off);
	govdx_client_free(help);
	govdx_client_free(appr);
	return tap_finish();
}
