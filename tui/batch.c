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
#include "xalloc.h"

struct call {
	struct batch *b;
	char *id;
	struct call *next;
};

struct batch {
	char *action;
	char *reason;
	struct batch_decision *v;
	size_t n, cap;
	int in_flight;
	struct call *calls;
	struct reqstore *rs;
	batch_done_fn done;
	void *done_arg;
};

struct batch *batch_new(const char *action, const char *reason)
{
	struct batch *b = xcalloc(1, sizeof *b);

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

const char *batch_past(const char *action)
{
	static const char *const pairs[][2] = {
		{ "approve", "approved" },   { "reject", "rejected" },
		{ "return", "returned" },    { "withdraw", "withdrawn" },
		{ "resubmit", "resubmitted" }, { "escalate", "escalated" },
		{ "close", "closed" },
	};
	size_t i;

	for (i = 0; i < sizeof pairs / sizeof pairs[0]; i++)
		if (!strcmp(pairs[i][0], action))
			return pairs[i][1];
	return action;
}

bool batch_needs_reason(const char *action)
{
	return !strcmp(action, "reject") || !strcmp(action, "return") || !strcmp(action, "close");
}

/* "2025-11-20T10:02:33.123+08:00" -> "2025-11-20 10:02" */
static void short_time(const char *iso, char *buf, size_t len)
{
	snprintf(buf, len, "%.16s", iso ? iso : "?");
	if (strlen(buf) > 10 && buf[10] == 'T')
		buf[10] = ' ';
}

void batch_who(const struct govdx_request *cur, char *buf, size_t len)
{
	char when[32];
	const char *state = cur->state_name ? cur->state_name : "changed";

	if (cur->decided_by && cur->decided_at) {
		short_time(cur->decided_at, when, sizeof when);
		snprintf(buf, len, "%s by %s at %s", state, cur->decided_by, when);
	} else {
		short_time(cur->updated_at, when, sizeof when);
		snprintf(buf, len, "now %s (version %ld), changed at %s", state, cur->version, when);
	}
}

static struct batch_decision *find(struct batch *b, const char *id)
{
	size_t i;

	for (i = 0; i < b->n; i++)
		if (!strcmp(b->v[i].id, id))
			return &b->v[i];
	return NULL;
}

static void answer_cb(void *arg, const struct govdx_error *err, struct govdx_request *r)
{
	struct call *c = arg;
	struct batch *b = c->b;
	struct batch_decision *d = find(b, c->id);
	struct reqstore_item *it = NULL;

	call_drop(b, c);
	b->in_flight--;
	if (d && !err) {
		d->state = BATCH_DONE;
		free(d->error);
		d->error = NULL;
		it = reqstore_put(b->rs, r, true);
		if (it) {
			free(it->result);
			it->result = NULL;
		}
	} else if (d) {
		char msg[700], who[300];
		d->state = BATCH_FAILED;
		d->http_status = err->http_status;
		d->retryable = err->kind == GOVDX_ERR_TRANSPORT || err->http_status >= 500;
		if (err->http_status == 412 && r) {
			batch_who(r, who, sizeof who);
			snprintf(msg, sizeof msg, "precondition failed — %s", who);
		} else if (err->http_status == 412) {
			snprintf(msg, sizeof msg, "precondition failed — changed by someone else");
		} else {
			snprintf(msg, sizeof msg, "%s", err->message);
		}
		free(d->error);
		d->error = xstrdup(msg);
		/* The current object of a 412 refreshes the row. */
		it = r ? reqstore_put(b->rs, r, false) : reqstore_find(b->rs, d->id);
		if (it) {
			free(it->result);
			it->result = xasprintf("%s failed: %s", b->action, msg);
		}
	} else {
		govdx_request_free(r);
	}
	if (b->in_flight == 0 && b->done)
		b->done(b->done_arg, b);
}

int batch_commit(struct batch *b, struct govdx_client *c, struct reqstore *rs,
                 batch_done_fn done, void *arg)
{
	size_t i;
	int sent = 0;

	b->rs = rs;
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
		cl->b = b;
		cl->id = xstrdup(d->id);
		cl->next = b->calls;
		b->calls = cl;
		memset(&t, 0, sizeof t);
		t.action = b->action;
		t.reason = b->reason;
		t.version = d->version;
		t.idempotency_key = d->key[0] ? d->key : NULL;
		govdx_request_transition(c, d->id, &t, answer_cb, cl);
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

bool batch_busy(const struct batch *b)
{
	return b->in_flight > 0;
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
	size_t i, ok = 0, bad = 0, used;

	for (i = 0; i < b->n; i++) {
		if (b->v[i].state == BATCH_DONE)
			ok++;
		else if (b->v[i].state == BATCH_FAILED)
			bad++;
	}
	used = (size_t)snprintf(buf, len, "%zu %s", ok, batch_past(b->action));
	if (bad && used < len)
		used += (size_t)snprintf(buf + used, len - used, ", %zu failed (:results):", bad);
	for (i = 0; i < b->n && used < len; i++)
		if (b->v[i].state == BATCH_FAILED)
			used += (size_t)snprintf(buf + used, len - used, "%s %s %s",
			                         bad > 1 && used > 0 && buf[used - 1] != ':' ? ";" : "",
			                         b->v[i].id, b->v[i].error ? b->v[i].error : "");
	if (batch_retryable(b) && used < len)
		snprintf(buf + used, len - used, " (:retry sends them again)");
}
