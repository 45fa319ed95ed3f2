/*
 * cmd-requests — the commands of the sharing-request workflow: the queue
 * (`requests`), filing a request (`request-new`), the decisions (`approve`,
 * `reject`, `return`, `withdraw`, `resubmit`, `escalate`, `close`), the
 * `;` prefix that applies the next decision to every tagged row, `results`,
 * `retry` and `untag-all`.  Their rows are in the one action table (cmd.c).
 *
 * A decision runs in up to three steps: ask for the reason when none was
 * given (refusing a blank one where the service requires one), confirm
 * when it applies to tagged rows (saying how many the filter hides), then
 * stage every decision in a batch and commit it.  The steps are joined by
 * a small record (struct pending) passed through the prompts.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "batch.h"
#include "cmd.h"
#include "hmap.h"
#include "reqstore.h"
#include "xalloc.h"

static const char *const boxes[] = { "inbox", "outbox", "all", NULL };
static const char *const states[] = { "pending",   "approved",     "rejected", "returned",
	                              "withdrawn", "coordinating", "closed",   NULL };

const char *const *cmd_request_boxes(void)
{
	return boxes;
}

const char *const *cmd_request_states(void)
{
	return states;
}

static bool in(const char *const *set, const char *s)
{
	for (; *set; set++)
		if (!strcmp(*set, s))
			return true;
	return false;
}

static int fail(struct cmd_ctx *ctx, const char *msg)
{
	snprintf(ctx->err, sizeof ctx->err, "%s", msg);
	return -1;
}

/* The words joined with single spaces (a reason needs no quotes). */
static char *join(int argc, char **argv)
{
	size_t len = 1;
	int i;
	char *s;

	for (i = 0; i < argc; i++)
		len += strlen(argv[i]) + 1;
	s = xcalloc(len, 1);
	for (i = 0; i < argc; i++) {
		if (i)
			strcat(s, " ");
		strcat(s, argv[i]);
	}
	return s;
}

int cmd_requests(struct app *app, const struct cmd_def *def, int argc, char **argv,
                 struct cmd_ctx *ctx)
{
	const char *box = NULL, *state = NULL;
	int i;

	for (i = 1; i < argc; i++) {
		if (in(boxes, argv[i]))
			box = argv[i];
		else if (in(states, argv[i]))
			state = argv[i];
		else if (!strcmp(argv[i], "any"))
			state = "";
		else {
			snprintf(ctx->err, sizeof ctx->err,
			         "requests: '%s' is neither a box (inbox, outbox, all) nor a state "
			         "(pending, approved, rejected, returned, withdrawn, coordinating, "
			         "closed, any)",
			         argv[i]);
			return -1;
		}
	}
	app_open_requests(app, box, state);
	return 0;
}

/* What the top view's cursor is on: "kind:key" split into key if it is
 * of this kind. */
static bool subject_of(struct app *app, const char *kind, char *buf, size_t len)
{
	struct view *v = app_top(app);
	char s[256];
	size_t k = strlen(kind);

	if (!v || !v->ops->subject || !v->ops->subject(v, app, s, sizeof s))
		return false;
	if (strncmp(s, kind, k) != 0 || s[k] != ':')
		return false;
	snprintf(buf, len, "%s", s + k + 1);
	return true;
}

int cmd_request_new(struct app *app, const struct cmd_def *def, int argc, char **argv,
                    struct cmd_ctx *ctx)
{
	char code[128];

	if (argc > 1)
		snprintf(code, sizeof code, "%s", argv[1]);
	else if (!subject_of(app, "entry", code, sizeof code))
		return fail(ctx, "request-new: move onto an entry first (r files a sharing request "
		                 "for the entry under the cursor), or give its code");
	app_push(app, view_form_new(app, code));
	return 0;
}

/* ---- decisions --------------------------------------------------------- */

struct pending {
	char *action;
	char **ids;
	long *versions; /* as shown when the decision was asked for; 0: unknown */
	size_t n;
	size_t hidden;
	bool bulk;
	char *reason;
};

static void pending_free(void *p)
{
	struct pending *pa = p;
	size_t i;

	if (!pa)
		return;
	for (i = 0; i < pa->n; i++)
		free(pa->ids[i]);
	free(pa->ids);
	free(pa->versions);
	free(pa->action);
	free(pa->reason);
	free(pa);
}

static bool is_request_id(const char *s)
{
	return !strncmp(s, "REQ-", 4) && isdigit((unsigned char)s[4]);
}

static void capital(const char *s, char *buf, size_t len)
{
	snprintf(buf, len, "%s", s);
	if (buf[0])
		buf[0] = (char)toupper((unsigned char)buf[0]);
}

/* The view the tags are counted against: the nearest that lists requests. */
static struct view *lister(struct app *app)
{
	int i;

	for (i = app->n_views - 1; i >= 0; i--)
		if (app->views[i]->ops->shows)
			return app->views[i];
	return NULL;
}

static void batch_done(void *arg, struct batch *b)
{
	struct app *app = arg;
	char summary[1024];
	size_t i, bad = 0;

	for (i = 0; i < batch_count(b); i++) {
		const struct batch_decision *d = batch_get(b, i);
		if (d->state == BATCH_DONE)
			app_tag(app, d->id, 0);
		else if (d->state == BATCH_FAILED)
			bad++;
	}
	if (batch_count(b) == 1 && !bad) {
		const struct batch_decision *d = batch_get(b, 0);
		snprintf(summary, sizeof summary, "%s %s", d->id, batch_past(batch_action(b)));
	} else if (batch_count(b) == 1) {
		const struct batch_decision *d = batch_get(b, 0);
		/* A 412 names who decided: that is the news, keep it short. */
		if (d->http_status == 412)
			snprintf(summary, sizeof summary, "%s %s", d->id, d->error ? d->error : "changed");
		else
			snprintf(summary, sizeof summary, "%s not %s: %s", d->id,
			         batch_past(batch_action(b)), d->error ? d->error : "failed");
		if (d->retryable)
			snprintf(summary + strlen(summary), sizeof summary - strlen(summary),
			         " (:retry sends it again)");
	} else {
		batch_summary(b, summary, sizeof summary);
	}
	if (bad)
		app_error(app, "%s", summary);
	else
		app_message(app, "%s", summary);
	app->dirty = true;
}

static void commit(struct app *app, struct pending *pa)
{
	struct batch *b;
	size_t i;
	char missing[300] = "";

	if (app->batch && batch_busy(app->batch)) {
		app_error(app, "the last decisions are still being sent: wait for their answers");
		return;
	}
	for (i = 0; i < pa->n; i++) {
		struct reqstore_item *it = reqstore_item(app->reqs, pa->ids[i]);
		if (!it->r && !pa->versions[i]) {
			reqstore_want_item(app->reqs, it);
			snprintf(missing, sizeof missing, "%s", pa->ids[i]);
		}
	}
	if (missing[0]) {
		app_error(app, "%s is not loaded yet (fetching it now): try again in a moment",
		          missing);
		return;
	}
	batch_free(app->batch);
	b = app->batch = batch_new(pa->action, pa->reason);
	/* The version the decision was taken on: if the request changed while
	 * the reason was typed or the question answered, the service refuses
	 * it (412) and says who changed it, rather than apply it blindly. */
	for (i = 0; i < pa->n; i++)
		batch_stage(b, pa->ids[i],
		            pa->versions[i] ? pa->versions[i]
		                            : reqstore_find(app->reqs, pa->ids[i])->r->version);
	app_message(app, "sending %zu decision%s...", pa->n, pa->n == 1 ? "" : "s");
	batch_commit(b, app->client, app->reqs, batch_done, app);
}

static void confirmed(struct app *app, const char *answer, void *arg)
{
	if (!answer)
		app_message(app, "nothing sent: the tagged rows stay tagged");
	else
		commit(app, arg);
	pending_free(arg);
}

/* With the reason known: confirm a bulk decision, commit a single one. */
static void go_on(struct app *app, struct pending *pa)
{
	char q[400], verb[32];

	if (!pa->bulk) {
		commit(app, pa);
		pending_free(pa);
		return;
	}
	capital(pa->action, verb, sizeof verb);
	if (pa->hidden)
		snprintf(q, sizeof q, "%s %zu request%s (%zu hidden by the filter)? y/n", verb, pa->n,
		         pa->n == 1 ? "" : "s", pa->hidden);
	else
		snprintf(q, sizeof q, "%s %zu request%s? y/n", verb, pa->n, pa->n == 1 ? "" : "s");
	app_confirm(app, q, confirmed, pa);
}

static void reason_given(struct app *app, const char *text, void *arg)
{
	struct pending *pa = arg;

	if (!text) {
		pending_free(pa);
		return;
	}
	pa->reason = xstrdup(text);
	go_on(app, pa);
}

int cmd_decide(struct app *app, const struct cmd_def *def, int argc, char **argv,
               struct cmd_ctx *ctx)
{
	struct pending *pa;
	const char *action = def->name;
	bool bulk = app->tag_prefix, has_reason;
	char id[128] = "", *reason = NULL, title[600], verb[32];
	int i = 1;

	app->tag_prefix = false;
	if (argc > 1 && is_request_id(argv[1])) {
		snprintf(id, sizeof id, "%s", argv[1]);
		i = 2;
		bulk = false;
	}
	has_reason = argc > i;
	if (has_reason)
		reason = join(argc - i, argv + i);
	if (has_reason && batch_needs_reason(action) && !reason[strspn(reason, " \t\n")]) {
		free(reason);
		snprintf(ctx->err, sizeof ctx->err,
		         "%s needs a reason: say why (the requester reads it), e.g. :%s REQ-000123 "
		         "\"理由\"",
		         action, action);
		return -1;
	}
	pa = xcalloc(1, sizeof *pa);
	pa->action = xstrdup(action);
	pa->bulk = bulk;
	pa->reason = reason;
	if (bulk) {
		size_t it = 0;
		const char *key;
		struct view *v = lister(app);
		if (!app_n_tagged(app)) {
			pending_free(pa);
			return fail(ctx, "no rows are tagged (t tags the row, T tags by pattern)");
		}
		while (hmap_next(app->tags, &it, &key, NULL)) {
			pa->ids = xrealloc(pa->ids, (pa->n + 1) * sizeof *pa->ids);
			pa->ids[pa->n++] = xstrdup(key);
			if (!v || !v->ops->shows(v, app, key))
				pa->hidden++;
		}
	} else {
		if (!id[0] && !subject_of(app, "request", id, sizeof id)) {
			pending_free(pa);
			snprintf(ctx->err, sizeof ctx->err,
			         "%s: no request here: move onto one, or give its id (:%s REQ-000123)",
			         action, action);
			return -1;
		}
		pa->ids = xmalloc(sizeof *pa->ids);
		pa->ids[pa->n++] = xstrdup(id);
	}
	pa->versions = xcalloc(pa->n + 1, sizeof *pa->versions);
	for (i = 0; i < (int)pa->n; i++) {
		struct reqstore_item *it = reqstore_find(app->reqs, pa->ids[i]);
		pa->versions[i] = it && it->r ? it->r->version : 0;
	}
	if (has_reason) {
		go_on(app, pa);
		return 0;
	}
	capital(action, verb, sizeof verb);
	if (bulk)
		snprintf(title, sizeof title, " %s %zu tagged request%s%s — reason%s:", verb, pa->n,
		         pa->n == 1 ? "" : "s", pa->hidden ? " (some hidden by the filter)" : "",
		         batch_needs_reason(action) ? " (required)" : " (optional: Enter skips)");
	else
		snprintf(title, sizeof title, " %s %s — reason%s:", verb, pa->ids[0],
		         batch_needs_reason(action) ? " (required)" : " (optional: Enter skips)");
	{
		char refusal[200];
		snprintf(refusal, sizeof refusal,
		         "%s needs a reason: type why (the requester reads it), or Esc to cancel",
		         action);
		app_ask(app, title, batch_needs_reason(action), refusal, reason_given, pa);
	}
	return 0;
}

int cmd_tag_prefix(struct app *app, const struct cmd_def *def, int argc, char **argv,
                   struct cmd_ctx *ctx)
{
	if (!app_n_tagged(app))
		return fail(ctx, "no rows are tagged (t tags the row, T tags by pattern)");
	app->tag_prefix = true;
	/* Short: the status line is shared with the tag count and filter. */
	app_message(app, "; next action: %zu tagged", app_n_tagged(app));
	return 0;
}

int cmd_untag_all(struct app *app, const struct cmd_def *def, int argc, char **argv,
                  struct cmd_ctx *ctx)
{
	size_t n = app_n_tagged(app);

	hmap_free(app->tags, NULL);
	app->tags = NULL;
	app->tag_prefix = false;
	app_message(app, "%zu row%s untagged", n, n == 1 ? "" : "s");
	return 0;
}

int cmd_results(struct app *app, const struct cmd_def *def, int argc, char **argv,
                struct cmd_ctx *ctx)
{
	struct view *v = app_top(app);

	if (!v || strcmp(v->ops->name, "results") != 0)
		app_push(app, view_results_new(app));
	return 0;
}

int cmd_retry(struct app *app, const struct cmd_def *def, int argc, char **argv,
              struct cmd_ctx *ctx)
{
	size_t n;

	if (!app->batch || batch_busy(app->batch) || !(n = batch_retryable(app->batch)))
		return fail(ctx, "nothing to retry: no decision failed in a way a retry can mend");
	app_message(app, "sending %zu decision%s again (same idempotency keys)...", n,
	            n == 1 ? "" : "s");
	batch_commit(app->batch, app->client, app->reqs, batch_done, app);
	return 0;
}
