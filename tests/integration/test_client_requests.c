/*
 * Integration test of libgovdx's sharing-request calls against the running
 * exchange service (GOVDX_URL, GOVDX_TOKENS from tools/check or tools/demo
 * --serve). hebei-official files a request for a conditional entry of
 * hebei-approver's department (河北省民政厅); the approver reads it (ETag),
 * is refused without If-Match (428), approves, and is answered 412 with the
 * current request on a stale version; the requester's events long poll
 * wakes on the approval; an idempotent retry returns the first answer and
 * the same key with another body is refused; the audit trail of the request
 * lists create and approve; a reject without reason is 422; an illegal
 * action is 409; a `none` entry is refused with its basis; the calendar
 * answers; the audit chain verifies. Prints TAP; skips with a reason when
 * the service is not there or has no requests endpoint yet.
 */
#include "config.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "beijing.h"
#include "govdx.h"
#include "tap.h"

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* An entry of the department with the sharing type, with its detail. */
static struct govdx_entry *find_entry(struct govdx_client *c, const char *platform,
                                      const char *department, const char *sharing)
{
	struct govdx_entry_query q = {.platform = platform, .department = department,
	                              .sharing = sharing, .disputed = -1, .page = {.limit = 20}};
	struct govdx_entry_page *p = NULL;
	struct govdx_entry *e = NULL;
	struct govdx_error err;
	size_t i;

	if (govdx_entries_sync(c, &q, &p, &err) != 0) {
		tap_diag(&err);
		return NULL;
	}
	for (i = 0; i < p->n && e == NULL; i++) {
		if (govdx_entry_sync(c, p->items[i].code, &e, &err) != 0) {
			tap_diag(&err);
			e = NULL;
		} else if (e->n_items == 0) {
			govdx_entry_free(e);
			e = NULL;
		}
	}
	govdx_entry_page_free(p);
	return e;
}

struct poll_slot {
	bool done;
	struct govdx_error err;
	struct govdx_event_batch *b;
	long long at_ms;
};

static void on_events(void *arg, const struct govdx_error *err, struct govdx_event_batch *b)
{
	struct poll_slot *s = arg;

	s->done = true;
	s->at_ms = now_ms();
	if (err != NULL)
		s->err = *err;
	s->b = b;
}

/* Drives c until the slot is done or the deadline passes. */
static void drive(struct govdx_client *c, struct poll_slot *s, long long within_ms)
{
	long long end = now_ms() + within_ms;
	struct govdx_error err;

	while (!s->done && now_ms() < end) {
		if (govdx_client_poll(c, NULL, 0, 200, &err) != 0)
			break;
		govdx_client_perform(c);
	}
}

static bool has_event(const struct govdx_event_batch *b, const char *id, const char *action)
{
	size_t i;

	for (i = 0; b != NULL && i < b->n; i++)
		if (strcmp(b->items[i].id, id) == 0 && strcmp(b->items[i].action, action) == 0)
			return true;
	return false;
}

/* The date days from now in Beijing (UTC+8), the service's "today": a
 * usage period may not start before it. */
static void beijing_date(int days, char out[11])
{
	struct tm tm = { 0 };

	beijing_time(time(NULL) + (time_t)days * 86400, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

/* Files a request for entry e with a fresh key; NULL on failure. */
static struct govdx_request *file(struct govdx_client *c, const struct govdx_entry *e,
                                  const char *key, const char *purpose, struct govdx_error *err)
{
	const char *items[2] = {e->items[0].name, e->n_items > 1 ? e->items[1].name : NULL};
	char from[11], to[11];

	beijing_date(0, from);
	beijing_date(365, to);
	struct govdx_request_new n = {
		.entry_code = e->code,
		.purpose = purpose,
		.legal_basis = "《政务数据共享管理办法》第十二条",
		.items = items,
		.n_items = e->n_items > 1 ? 2 : 1,
		.period_from = from,
		.period_to = to,
		.idempotency_key = key,
	};
	struct govdx_request *r = NULL;

	if (govdx_request_create_sync(c, &n, &r, err) != 0) {
		govdx_request_free(r);
		return NULL;
	}
	return r;
}

static struct govdx_request *act(struct govdx_client *c, const char *id, const char *action,
                                 const char *reason, long version, const char *key,
                                 struct govdx_error *err, int *rc)
{
	struct govdx_transition t = {.action = action, .reason = reason, .version = version,
	                             .idempotency_key = key};
	struct govdx_request *r = NULL;

	*rc = govdx_request_transition_sync(c, id, &t, &r, err);
	return r;
}

int main(void)
{
	const char *url = getenv("GOVDX_URL"), *dir = getenv("GOVDX_TOKENS");
	struct govdx_client *off = NULL, *appr = NULL, *auth = NULL;
	struct govdx_request_query probe = {.box = "outbox", .overdue = -1, .due_soon = -1,
	                                    .page = {.limit = 1}};
	struct govdx_request_page *page = NULL;
	struct govdx_request *r = NULL, *got = NULL, *again = NULL, *cur = NULL, *r2 = NULL;
	struct govdx_entry *cond = NULL, *none = NULL;
	struct govdx_event_batch *start = NULL;
	struct govdx_audit_page *audit = NULL;
	struct govdx_audit_verify *verify = NULL;
	struct govdx_calendar *cal = NULL;
	struct govdx_page_req apage = {.limit = 50};
	struct poll_slot slot = {0};
	struct govdx_error err;
	char appr_dep[64], key[GOVDX_IDEMPOTENCY_KEY_SIZE], key2[GOVDX_IDEMPOTENCY_KEY_SIZE];
	char purpose[128], subject[96];
	long long t0;
	int rc;
	size_t i;

	if (url == NULL || *url == '\0' || dir == NULL || *dir == '\0')
		tap_skip_all("GOVDX_URL and GOVDX_TOKENS are not set (run under tools/check)");
	if (!tap_user(dir, "hebei-approver", NULL, 0, appr_dep, sizeof appr_dep))
		tap_skip_all("no hebei-approver in $GOVDX_TOKENS/users.tsv");
	off = tap_open_as(url, dir, "hebei-official");
	appr = tap_open_as(url, dir, "hebei-approver");
	if (off == NULL || appr == NULL)
		goto done;

	/* Is there a requests endpoint at all? */
	if (govdx_requests_sync(off, &probe, &page, &err) != 0) {
		if (err.http_status == 404 || err.http_status == 405)
			tap_skip_all("service has no requests endpoint yet");
		tap_check(false, "GET /v1/requests answers");
		tap_diag(&err);
		goto done;
	}
	govdx_request_page_free(page);

	cond = find_entry(off, "130000", appr_dep, "conditional");
	if (!tap_check(cond != NULL, "a conditional entry of %s (hebei-approver's department) exists",
	               appr_dep))
		goto done;

	/* File the request. */
	govdx_idempotency_key(key);
	snprintf(purpose, sizeof purpose, "核查社会组织登记状态（测试 %s）", key);
	r = file(off, cond, key, purpose, &err);
	if (!tap_check(r != NULL, "hebei-official files a request for %s", cond->code)) {
		tap_diag(&err);
		if (err.http_status == 404 || err.http_status == 405)
			tap_skip_all("service has no requests endpoint yet");
		goto done;
	}
	tap_check(r->state == GOVDX_REQUEST_PENDING, "a conditional entry's request is pending (%s)",
	          r->state_name);
	tap_check(r->version == 1, "a new request has version 1 (%ld)", r->version);
	tap_check(r->has_deadline && r->working_days_left >= 0 && r->working_days_left <= 10,
	          "it has a reply deadline %s, %d working days left", r->deadline,
	          r->working_days_left);
	tap_check(strcmp(r->provider_department, appr_dep) == 0, "the provider is %s",
	          r->provider_department);
	tap_check(strcmp(r->requester_user, "hebei-official") == 0 && r->decided_by == NULL,
	          "filed by hebei-official, undecided");
	tap_check(strcmp(r->purpose, purpose) == 0 && r->n_items >= 1 &&
	                  strcmp(r->items[0], cond->items[0].name) == 0,
	          "purpose and items come back as sent (Chinese included)");

	/* An idempotent retry answers the first answer; the same key with
	 * another body is refused. */
	again = file(off, cond, key, purpose, &err);
	if (tap_check(again != NULL, "a retry with the same key succeeds")) {
		tap_check(strcmp(again->id, r->id) == 0 && again->version == r->version,
		          "it returns the same request %s (not a second one: %s)", r->id, again->id);
		govdx_request_free(again);
	} else {
		tap_diag(&err);
	}
	again = file(off, cond, key, "另一个用途", &err);
	tap_check(again == NULL && err.http_status == 422 &&
	                  strcmp(err.code, "idempotency_key_reused") == 0,
	          "the same key with another body is 422 idempotency_key_reused");
	tap_diag(&err);
	govdx_request_free(again);

	/* The approver reads it: version from the ETag. */
	if (tap_check(govdx_request_get_sync(appr, r->id, &got, &err) == 0, "the approver gets %s",
	              r->id)) {
		tap_check(got->version == 1 && got->state == GOVDX_REQUEST_PENDING,
		          "version 1, pending, as filed");
	} else {
		tap_diag(&err);
	}

	/* The requester waits for changes from here on. */
	if (!tap_check(govdx_events_sync(off, -1, 0, &start, &err) == 0 && start->n == 0,
	               "events without after: at once, empty, with a last_seq")) {
		tap_diag(&err);
		goto done;
	}
	t0 = now_ms();
	tap_check(govdx_events(off, start->last_seq, 20, on_events, &slot) != 0,
	          "the requester's long poll starts after seq %ld", start->last_seq);

	cur = act(appr, r->id, "approve", NULL, 0, NULL, &err, &rc);
	tap_check(rc != 0 && err.http_status == 428 && strcmp(err.code, "precondition_required") == 0,
	          "approve without If-Match is 428 precondition_required");
	tap_diag(&err);
	govdx_request_free(cur);

	cur = act(appr, r->id, "reject", NULL, 1, NULL, &err, &rc);
	tap_check(rc != 0 && err.http_status == 422 && strcmp(err.code, "reason_required") == 0,
	          "reject without a reason is 422 reason_required");
	tap_diag(&err);
	govdx_request_free(cur);

	govdx_idempotency_key(key2);
	cur = act(appr, r->id, "approve", "同意共享", 1, key2, &err, &rc);
	if (tap_check(rc == 0 && cur != NULL, "hebei-approver approves %s at version 1", r->id)) {
		tap_check(cur->state == GOVDX_REQUEST_APPROVED && cur->version == 2,
		          "approved, version 2 (%s, %ld)", cur->state_name, cur->version);
		tap_check(cur->decided_by != NULL && strcmp(cur->decided_by, "hebei-approver") == 0 &&
		                  cur->decided_at != NULL,
		          "decided by hebei-approver at %s", cur->decided_at ? cur->decided_at : "?");
		tap_check(!cur->has_deadline, "an approved request has no deadline");
	} else {
		tap_diag(&err);
	}
	govdx_request_free(cur);

	/* The same decision again with the same key: the first answer. */
	cur = act(appr, r->id, "approve", "同意共享", 1, key2, &err, &rc);
	tap_check(rc == 0 && cur != NULL && cur->version == 2,
	          "retrying the approval with its key answers the first answer (200, version 2)");
	tap_diag(&err);
	govdx_request_free(cur);

	/* A stale version: 412 with the current request. */
	cur = act(appr, r->id, "approve", NULL, 1, NULL, &err, &rc);
	tap_check(rc != 0 && err.http_status == 412 && strcmp(err.code, "precondition_failed") == 0,
	          "approving at the stale version 1 is 412 precondition_failed");
	tap_diag(&err);
	if (tap_check(cur != NULL, "the 412 carries the current request")) {
		tap_check(cur->state == GOVDX_REQUEST_APPROVED && cur->version == 2 &&
		                  cur->decided_by != NULL && strcmp(cur->decided_by, "hebei-approver") == 0,
		          "current: approved, version 2, by hebei-approver");
		tap_check(strstr(err.message, "hebei-approver") != NULL,
		          "the message says who decided: %s", err.message);
	}
	govdx_request_free(cur);

	/* Illegal for the state. */
	cur = act(off, r->id, "withdraw", NULL, 2, NULL, &err, &rc);
	tap_check(rc != 0 && err.http_status == 409 && strcmp(err.code, "illegal_transition") == 0,
	          "withdrawing an approved request is 409 illegal_transition");
	tap_diag(&err);
	govdx_request_free(cur);

	/* The long poll woke on the approval. Other tests may make changes
	 * this user can see meanwhile: follow the stream until ours comes. */
	for (;;) {
		long last;

		drive(off, &slot, 25000);
		if (!slot.done || slot.err.kind != GOVDX_ERR_NONE)
			break;
		if (has_event(slot.b, r->id, "approve") || now_ms() - t0 > 19000)
			break;
		last = slot.b->last_seq;
		govdx_event_batch_free(slot.b);
		slot = (struct poll_slot){0};
		govdx_events(off, last, 20, on_events, &slot);
	}
	if (tap_check(slot.done && slot.err.kind == GOVDX_ERR_NONE, "the long poll answered")) {
		tap_check(has_event(slot.b, r->id, "approve"), "it carries the approval of %s", r->id);
		tap_check(slot.at_ms - t0 < 19000, "it woke on the change (%lld ms), not at the wait's end",
		          slot.at_ms - t0);
		tap_check(slot.b->last_seq > start->last_seq, "last_seq moved on (%ld > %ld)",
		          slot.b->last_seq, start->last_seq);
	} else {
		tap_diag(&slot.err);
	}

	/* The audit trail of the request. */
	snprintf(subject, sizeof subject, "request:%s", r->id);
	if (tap_check(govdx_audit_sync(off, subject, &apage, &audit, &err) == 0, "audit of %s",
	              subject)) {
		bool created = false, approved = false, ordered = true;

		for (i = 0; i < audit->n; i++) {
			const struct govdx_audit_event *a = &audit->items[i];

			created |= strcmp(a->to_state, "pending") == 0 && a->from_state == NULL;
			approved |= strcmp(a->action, "approve") == 0 &&
			            strcmp(a->actor, "hebei-approver") == 0 &&
			            strcmp(a->to_state, "approved") == 0;
			if (i > 0 && a->seq <= audit->items[i - 1].seq)
				ordered = false;
			if (strcmp(a->subject, subject) != 0)
				ordered = false;
		}
		tap_check(audit->n == 2, "exactly two events: create and approve (%zu)", audit->n);
		tap_check(created && approved, "the create and hebei-approver's approval are on record");
		tap_check(ordered, "in seq order, all of this subject");
	} else {
		tap_diag(&err);
	}

	/* A second request, rejected with a reason, then withdrawn is illegal. */
	r2 = file(off, cond, NULL, "统计分析（测试）", &err);
	if (tap_check(r2 != NULL, "a second request with a library-made key")) {
		cur = act(appr, r2->id, "reject", "用途与法律依据不符", r2->version, NULL, &err, &rc);
		tap_check(rc == 0 && cur != NULL && cur->state == GOVDX_REQUEST_REJECTED &&
		                  cur->reason != NULL && strcmp(cur->reason, "用途与法律依据不符") == 0,
		          "rejected with its reason");
		tap_diag(&err);
		govdx_request_free(cur);
	} else {
		tap_diag(&err);
	}

	/* A `none` entry is refused at submit, with its basis. */
	none = find_entry(off, "130000", NULL, "none");
	if (none != NULL) {
		cur = file(off, none, NULL, "测试", &err);
		tap_check(cur == NULL && err.http_status == 422 && strcmp(err.code, "sharing_refused") == 0,
		          "a request for the none entry %s is 422 sharing_refused", none->code);
		tap_check(none->basis == NULL || strstr(err.message, none->basis) != NULL,
		          "the message gives the basis: %s", err.message);
		govdx_request_free(cur);
	} else {
		printf("# no `none` entry in 130000 to try\n");
	}

	/* The calendar. */
	if (tap_check(govdx_calendar_sync(off, "2025-01-01", "2025-12-31", &cal, &err) == 0,
	              "the 2025 calendar")) {
		bool holiday = false, workday = false;

		for (i = 0; i < cal->n; i++) {
			holiday |= cal->items[i].kind == GOVDX_DAY_HOLIDAY;
			workday |= cal->items[i].kind == GOVDX_DAY_WORKDAY;
		}
		tap_check(holiday && workday, "it lists holidays and make-up working days (%zu days)",
		          cal->n);
	} else {
		tap_diag(&err);
	}

	/* Lists: the filters hold, and every request the demo has parses into
	 * a known state. */
	{
		struct govdx_request_query q = {.box = "inbox", .overdue = 1, .due_soon = -1,
		                                .page = {.limit = 200}};
		bool all_overdue = true, all_soon = true, known = true, mine = true;

		if (tap_check(govdx_requests_sync(appr, &q, &page, &err) == 0,
		              "the approver's inbox, overdue")) {
			for (i = 0; i < page->n; i++)
				all_overdue &= page->items[i].overdue && page->items[i].working_days_left < 0;
			tap_check(all_overdue, "%zu overdue rows, each with negative working days", page->n);
			govdx_request_page_free(page);
		} else {
			tap_diag(&err);
		}
		q.overdue = -1;
		q.due_soon = 1;
		if (tap_check(govdx_requests_sync(appr, &q, &page, &err) == 0,
		              "the approver's inbox, due soon")) {
			for (i = 0; i < page->n; i++) {
				all_soon &= page->items[i].due_soon && page->items[i].has_deadline;
				mine &= strcmp(page->items[i].provider_department, appr_dep) == 0;
			}
			tap_check(all_soon && mine, "%zu due-soon rows, all provided by %s", page->n, appr_dep);
			govdx_request_page_free(page);
		} else {
			tap_diag(&err);
		}
		q = (struct govdx_request_query){.box = "all", .overdue = -1, .due_soon = -1,
		                                 .page = {.limit = 200}};
		if (tap_check(govdx_requests_sync(appr, &q, &page, &err) == 0,
		              "all the approver may see")) {
			for (i = 0; i < page->n; i++)
				known &= page->items[i].state != GOVDX_REQUEST_UNKNOWN;
			tap_check(known && page->n > 0, "%zu requests, every state known", page->n);
			govdx_request_page_free(page);
		} else {
			tap_diag(&err);
		}
	}

	/* The chain verifies (authority). */
	auth = tap_open_as(url, dir, "hebei-authority");
	if (auth != NULL) {
		if (tap_check(govdx_audit_verify_sync(auth, &verify, &err) == 0, "audit verify")) {
			tap_check(verify->ok && verify->checked >= 2, "the chain is intact (%ld checked)",
			          verify->checked);
		} else {
			tap_diag(&err);
		}
	}

done:
	govdx_audit_verify_free(verify);
	govdx_calendar_free(cal);
	govdx_audit_page_free(audit);
	govdx_event_batch_free(slot.b);
	govdx_event_batch_free(start);
	govdx_request_free(r);
	govdx_request_free(r2);
	govdx_request_free(got);
	govdx_entry_free(cond);
	govdx_entry_free(none);
	govdx_client_free(off);
	govdx_client_free(appr);
	govdx_client_free(auth);
	return tap_finish();
}
