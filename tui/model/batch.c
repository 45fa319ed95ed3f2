/*
 * batch — staged decisions and their commit (see batch.h).
 *
 * Each call's argument is a small record naming the batch and the
 * decision's id; the batch keeps a count of answers still to come, and the
 * records, so that freeing a batch whose calls were cancelled (with the
 * client) leaks nothing.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "i18n.h"
#include "xalloc.h"

struct call {
	struct case_call call; /* first: the kind calls back through it */
	struct batch *b;
	char *id;
	struct call *next;
};

struct batch {
	const struct case_kind *kind;
	char *action;
	char *reason;
	char *ground; /* reject's ground, or NULL */
	struct batch_decision *v;
	size_t n, cap;
	int in_flight;
	struct call *calls;
	struct casestore *cs;
	batch_done_fn done;
	void *done_arg;
};

struct batch *batch_new(const struct case_kind *kind, const char *action, const char *reason)
{
	struct batch *b = xcalloc(1, sizeof *b);

	b->kind = kind;
	b->action = xstrdup(action);
	b->reason = reason && *reason ? xstrdup(reason) : NULL;
	return b;
}

static void call_drop(struct batch *b, struct call *c)
{
	struct call **p;

	for (p = &b->calls; *p; p = &(*p)->next)
		if (*p == c) {
			*p = c->next;
			break;
		}
	free(c->id);
	free(c);
}

void batch_free(struct batch *b)
{
	size_t i;

	if (!b)
		return;
	while (b->calls)
		call_drop(b, b->calls);
	for (i = 0; i < b->n; i++) {
		free(b->v[i].id);
		free(b->v[i].error);
	}
	free(b->v);
	free(b->action);
	free(b->reason);
	free(b->ground);
	free(b);
}

void batch_stage(struct batch *b, const char *id, long version)
{
	struct batch_decision *d;
	size_t i;

	for (i = 0; i < b->n; i++)
		if (!strcmp(b->v[i].id, id))
			return;
	xgrow(&b->v, &b->cap, b->n + 1, sizeof *b->v);
	d = &b->v[b->n++];
	memset(d, 0, sizeof *d);
	d->id = xstrdup(id);
	d->version = version;
	d->state = BATCH_STAGED;
	/* Made once: a retry must send the same key. */
	if (govdx_idempotency_key(d->key) < 0)
		d->key[0] = '\0';
}

static struct batch_decision *find(struct batch *b, const char *id)
{
	size_t i;

	for (i = 0; i < b->n; i++)
		if (!strcmp(b->v[i].id, id))
			return &b->v[i];
	return NULL;
}

/* Whether the case as known here was decided (approved, rejected, …) and
 * so explains a 409: who did it and when, in words. */
static bool decided_before(struct batch *b, const char *id, char *who, size_t len)
{
	struct casestore_item *it = casestore_find(b->cs, id);

	if (!it || !it->obj || !it->c.decided_by || !it->c.decided_at)
		return false;
	case_what_happened(&it->c, who, len);
	return true;
}

static void answer_cb(struct case_call *call, const struct govdx_error *err, void *obj)
{
	struct call *c = (struct call *)call;
	struct batch *b = c->b;
	struct batch_decision *d = find(b, c->id);
	struct casestore_item *it = NULL;

	call_drop(b, c);
	b->in_flight--;
	if (d && !err) {
		d->state = BATCH_DONE;
		free(d->error);
		d->error = NULL;
		it = casestore_put(b->cs, b->kind, obj, true);
		if (it) {
			free(it->result);
			it->result = NULL;
		}
	} else if (d) {
		char msg[700], who[300] = "";
		struct case_info cur;
		d->state = BATCH_FAILED;
		d->http_status = err->http_status;
		d->retryable = err->kind == GOVDX_ERR_TRANSPORT || err->http_status >= 500 ||
		               err->http_status == 429;
		d->retry_after = err->http_status == 429 ? (err->retry_after > 0 ? err->retry_after : 1) : 0;
		/* A 412 says what happened, in words: "was not rejected:
		 * hebei-approver approved it at 2026-11-26 17:51". */
		if (err->http_status == 412 && obj) {
			b->kind->info(obj, &cur);
			case_what_happened(&cur, who, sizeof who);
			snprintf(msg, sizeof msg, _("was not %s: %s"), case_past(b->action), who);
		} else if (err->http_status == 412) {
			snprintf(who, sizeof who, "%s", _("someone else changed it first"));
			snprintf(msg, sizeof msg, _("was not %s: %s"), case_past(b->action), who);
		} else if (err->http_status == 409 && decided_before(b, d->id, who, sizeof who)) {
			/* Decided by someone else, and known here live before this
			 * was sent: say who did what, as a 412 does. */
			snprintf(msg, sizeof msg, _("was not %s: %s"), case_past(b->action), who);
		} else {
			snprintf(msg, sizeof msg, "%s", err->message);
		}
		free(d->error);
		d->error = xstrdup(msg);
		d->said_who = who[0] != '\0';
		/* The current object of a 412 refreshes the row. */
		it = obj ? casestore_put(b->cs, b->kind, obj, false) : casestore_find(b->cs, d->id);
		if (it) {
			free(it->result);
			it->result = who[0] ?
			             xasprintf(_("%s refused: %s"), b->action, who) :
			             xasprintf(_("%s failed: %s"), b->action, msg);
		}
	} else if (obj) {
		b->kind->free(obj);
	}
	if (b->in_flight == 0 && b->done)
		b->done(b->done_arg, b);
}

int batch_commit(struct batch *b, struct govdx_client *c, struct casestore *cs,
                 batch_done_fn done, void *arg)
{
	size_t i;
	int sent = 0;

	b->cs = cs;
	b->done = done;
	b->done_arg = arg;
	/* Count first: an answer that fails at once must not see zero in
	 * flight while others are still to be sent. */
	for (i = 0; i < b->n; i++) {
		struct batch_decision *d = &b->v[i];
		if (d->state == BATCH_STAGED || (d->state == BATCH_FAILED && d->retryable)) {
			d->state = BATCH_SENDING;
			b->in_flight++;
			sent++;
		}
	}
	for (i = 0; i < b->n; i++) {
		struct batch_decision *d = &b->v[i];
		struct govdx_transition t;
		struct call *cl;
		if (d->state != BATCH_SENDING)
			continue;
		cl = xcalloc(1, sizeof *cl);
		cl->call.done = answer_cb;
		cl->b = b;
		cl->id = xstrdup(d->id);
		cl->next = b->calls;
		b->calls = cl;
		memset(&t, 0, sizeof t);
		t.action = b->action;
		t.reason = b->reason;
		t.ground = b->ground;
		t.version = d->version;
		t.idempotency_key = d->key[0] ? d->key : NULL;
		b->kind->transition(c, d->id, &t, &cl->call);
	}
	return sent;
}

size_t batch_retryable(const struct batch *b)
{
	size_t i, n = 0;

	for (i = 0; i < b->n; i++)
		if (b->v[i].state == BATCH_FAILED && b->v[i].retryable)
			n++;
	return n;
}

int batch_retry_after(const struct batch *b)
{
	int wait = 0;

	for (size_t i = 0; i < b->n; i++)
		if (b->v[i].state == BATCH_FAILED && b->v[i].retry_after > wait)
			wait = b->v[i].retry_after;
	return wait;
}

bool batch_busy(const struct batch *b)
{
	return b->in_flight > 0;
}

const struct case_kind *batch_kind(const struct batch *b)
{
	return b->kind;
}

const char *batch_action(const struct batch *b)
{
	return b->action;
}

const char *batch_reason(const struct batch *b)
{
	return b->reason;
}

size_t batch_count(const struct batch *b)
{
	return b->n;
}

const struct batch_decision *batch_get(const struct batch *b, size_t i)
{
	return i < b->n ? &b->v[i] : NULL;
}

void batch_summary(const struct batch *b, char *buf, size_t len)
{
	size_t i, ok = 0, bad = 0, used, head;

	for (i = 0; i < b->n; i++) {
		if (b->v[i].state == BATCH_DONE)
			ok++;
		else if (b->v[i].state == BATCH_FAILED)
			bad++;
	}
	used = (size_t)snprintf(buf, len, "%zu %s", ok, case_past(b->action));
	if (bad && used < len)
		used += (size_t)snprintf(buf + used, len - used, _(", %zu failed (:results):"),
		                         bad);
	/* The first failure follows the heading's colon (a translation's may
	 * be another character): no ";" before it. */
	head = used;
	for (i = 0; i < b->n && used < len; i++)
		if (b->v[i].state == BATCH_FAILED) {
			bool sep = bad > 1 && used > 0 && used != head && buf[used - 1] != ':';
			used += (size_t)snprintf(buf + used, len - used, "%s %s %s", sep ? ";" : "",
			                         b->v[i].id, b->v[i].error ? b->v[i].error : "");
		}
	if (batch_retryable(b) && used < len)
		snprintf(buf + used, len - used, "%s", _(" (:retry sends them again)"));
}

void batch_set_ground(struct batch *b, const char *ground)
{
	free(b->ground);
	b->ground = ground && *ground ? xstrdup(ground) : NULL;
}
