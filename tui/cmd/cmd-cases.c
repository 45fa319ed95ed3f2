/*
 * cmd-cases — the commands of the two workflows, sharing requests and
 * objections (case.h): the queues (`requests`, `objections`), filing a
 * request (`request-new`) and raising an objection (`objection-new`), the
 * decisions (approve, reject, return, withdraw, resubmit, escalate / accept,
 * dismiss, correct, uphold, reopen, and close, which both have), the `;`
 * prefix that applies the next decision to every tagged row, `open-entry`,
 * `results`, `retry` and `untag-all`.  Their rows are in the one action
 * table (cmd.c).
 *
 * A decision command is its action's name; which workflow it goes to is
 * decided by the case it acts on: an id given (REQ-… or OBJ-…), else the
 * case under the cursor, else (after `;`) the kind of the queue on screen.
 * So `close` closes a coordination on a request and a verified objection
 * on an objection, with one name.  An action the case's kind does not have
 * is refused before anything is asked.
 *
 * Which decisions a case offers, and whether one needs a text, is what the
 * service sent with the case for this user (case_may, case_need): a
 * decision it does not offer is refused before any reason is typed, and
 * tagged rows that do not offer it are left out of a bulk one.
 *
 * A decision runs in up to three steps: ask for the reason (or note) when
 * none was given (refusing a blank one where the service requires one),
 * confirm when it applies to tagged rows (saying how many the filter
 * hides), then stage every decision in a batch and commit it.  The steps
 * are joined by a small record (struct cmd_cases_decision) passed through
 * the prompts.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "batch.h"
#include "casestore.h"
#include "cmd-parse.h"
#include "cmd.h"
#include "hmap.h"
#include "i18n.h"
#include "store.h"
#include "xalloc.h"

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

/* "a, b or c" of a NULL-terminated list. */
static void words(const char *const *set, char *buf, size_t len)
{
	size_t used = 0, n = 0, i;

	while (set[n])
		n++;
	buf[0] = '\0';
	for (i = 0; i < n && used < len; i++)
		used += (size_t)snprintf(buf + used, len - used, "%s%s",
		                         i == 0 ? "" : i + 1 == n ? _(" or ") : ", ", set[i]);
}

int cmd_cases(struct app *app, const struct cmd_def *def, int argc, char **argv,
              struct cmd_ctx *ctx)
{
	const struct case_kind *kind = case_kind_named(def->name);
	const char *box = NULL, *state = NULL;
	char b[200], s[200];
	int i;

	/* A word that is both a box and a state (an objection's "raised")
	 * names the box first, then the state: `objections helpdesk raised`. */
	for (i = 1; i < argc; i++) {
		if (in(kind->boxes, argv[i]) && (!box || !in(kind->states, argv[i])))
			box = argv[i];
		else if (in(kind->states, argv[i]))
			state = argv[i];
		else if (!strcmp(argv[i], "any"))
			state = "";
		else {
			words(kind->boxes, b, sizeof b);
			words(kind->states, s, sizeof s);
			snprintf(ctx->err, sizeof ctx->err,
			         _("%s: '%s' is neither a box (%s) nor a state (%s, any)"),
			         def->name, argv[i], b, s);
			return -1;
		}
	}
	app_open_cases(app, kind, box, state);
	return 0;
}

/* What the top view's cursor is on, as "kind:key": the kind's name in
 * kind (may be NULL) and the key in buf. */
static bool subject(struct app *app, char *kind, size_t klen, char *buf, size_t len)
{
	struct view *v = app_top(app);
	char s[256];
	size_t k;

	if (!v || !v->ops->subject || !v->ops->subject(v, app, s, sizeof s))
		return false;
	k = strcspn(s, ":");
	if (!s[k])
		return false;
	if (kind)
		snprintf(kind, klen, "%.*s", (int)k, s);
	snprintf(buf, len, "%s", s + k + 1);
	return true;
}

/* An entry for a form: a code of the right shape, and not one that
 * failed to load (the form would wait forever for it).  -1 with the reason
 * in ctx. */
static int entry_usable(struct app *app, const char *cmd, const char *code, struct cmd_ctx *ctx)
{
	struct store_entry *se;

	if (!cmd_entry_code_ok(code)) {
		snprintf(ctx->err, sizeof ctx->err, _("%s: '%.64s' is not an entry code: %s"), cmd,
		         code, CMD_CODE_SHAPE);
		return -1;
	}
	se = app->store ? store_entry(app->store, code) : NULL;
	if (se && !se->e && se->state == STORE_ERROR) {
		snprintf(ctx->err, sizeof ctx->err, _("%s: the entry is not loaded: %s"), cmd,
		         se->not_found ? _("no entry has this code") : se->error ? se->error : "?");
		return -1;
	}
	return 0;
}

/* The entry under the cursor, or the entry of the case under it. */
static bool entry_here(struct app *app, char *code, size_t len)
{
	char kind[32], key[128];
	struct casestore_item *it;

	if (!subject(app, kind, sizeof kind, key, sizeof key))
		return false;
	if (!strcmp(kind, "entry")) {
		snprintf(code, len, "%s", key);
		return true;
	}
	it = case_kind_named(kind) ? casestore_find(app->cases, key) : NULL;
	if (!it || !it->obj || !it->c.entry_code)
		return false;
	snprintf(code, len, "%s", it->c.entry_code);
	return true;
}

int cmd_request_new(struct app *app, const struct cmd_def *def, int argc, char **argv,
                    struct cmd_ctx *ctx)
{
	char code[128];

	if (argc > 1)
		snprintf(code, sizeof code, "%s", argv[1]);
	else if (!entry_here(app, code, sizeof code))
		return fail(ctx, _("request-new: move onto an entry first (r files a sharing "
		                   "request for the entry under the cursor), or give its code"));
	if (entry_usable(app, "request-new", code, ctx) < 0)
		return -1;
	app_push(app, view_form_new(app, code));
	return 0;
}

int cmd_objection_new(struct app *app, const struct cmd_def *def, int argc, char **argv,
                      struct cmd_ctx *ctx)
{
	char code[128], item[256] = "";
	struct view *v = app_top(app);

	if (argc > 1) {
		snprintf(code, sizeof code, "%s", argv[1]);
		if (argc > 2) {
			char *s = cmd_parse_words(argc - 2, argv + 2);
			snprintf(item, sizeof item, "%s", s);
			free(s);
		}
	} else if (!entry_here(app, code, sizeof code)) {
		return fail(ctx, _("objection-new: move onto an entry or one of its items first (o "
		                   "raises an objection against it), or give its code"));
	} else if (v && v->ops->item && !v->ops->item(v, app, item, sizeof item)) {
		item[0] = '\0';
	}
	if (entry_usable(app, "objection-new", code, ctx) < 0)
		return -1;
	app_push(app, view_objform_new(app, code, item[0] ? item : NULL));
	return 0;
}

int cmd_entry_objections(struct app *app, const struct cmd_def *def, int argc, char **argv,
                         struct cmd_ctx *ctx)
{
	char code[64];
	struct view *v;

	if (argc > 1)
		snprintf(code, sizeof code, "%s", argv[1]);
	else if (!entry_here(app, code, sizeof code)) {
		snprintf(ctx->err, sizeof ctx->err, "%s",
		         _("entry-objections: no entry here (give its CODE)"));
		return -1;
	}
	if (!cmd_entry_code_ok(code)) {
		snprintf(ctx->err, sizeof ctx->err,
		         _("entry-objections: '%.64s' is not an entry code: %s"), code,
		         CMD_CODE_SHAPE);
		return -1;
	}
	/* Every objection against the entry that the user may see, as the
	 * service lists them (GET /v1/objections?entry=). */
	app_open_cases(app, &case_kind_objection, "all", NULL);
	v = app_top(app);
	if (v && view_cases_kind(v) == &case_kind_objection)
		view_cases_set_entry(v, app, code);
	return 0;
}

int cmd_open_entry(struct app *app, const struct cmd_def *def, int argc, char **argv,
                   struct cmd_ctx *ctx)
{
	char code[128];

	if (!entry_here(app, code, sizeof code))
		return fail(ctx, _("open-entry: no entry here: move onto a request, an "
		                   "objection or an entry"));
	app_open_entry(app, code);
	return 0;
}

/* ---- decisions --------------------------------------------------------- */

/* A decision on its way: asked for, its reason or confirmation being
 * typed, or waiting for its case to load (app->decision_waiting). */
struct cmd_cases_decision {
	const struct case_kind *kind;
	const struct case_action *action;
	char **ids;
	long *versions; /* as shown when the decision was asked for; 0: unknown */
	size_t n;
	size_t hidden;
	size_t left_out; /* tagged, but the service does not offer the action */
	bool bulk;
	bool ask_after; /* waiting for the case before asking for the reason */
	char *reason;
	const char *ground; /* reject's ground (a constant of grounds[]), or NULL */
};

/* The grounds of a refusal (reject), as the service takes them, and
 * their words: --not-held on the command line is "not_held". */
static const struct {
	const char *name, *flag, *words; /* words: short, for the prompt's title */
} grounds[] = {
	{ "not_held", "--not-held", N_("data not held") },
	{ "not_shareable", "--not-shareable", N_("not shareable") },
	{ "insufficient_basis", "--insufficient-basis", N_("insufficient basis") },
	{ "other", "--other", N_("another ground") },
};

/* The ground of a flag (--not-held, or --ground=not_held), or NULL. */
static int ground_of(const char *w)
{
	size_t i;

	for (i = 0; i < sizeof grounds / sizeof grounds[0]; i++)
		if (!strcmp(w, grounds[i].flag) ||
		    (!strncmp(w, "--ground=", 9) && !strcmp(w + 9, grounds[i].name)))
			return (int)i;
	return -1;
}

static void pending_free(void *p)
{
	struct cmd_cases_decision *pa = p;
	size_t i;

	if (!pa)
		return;
	for (i = 0; i < pa->n; i++)
		free(pa->ids[i]);
	free(pa->ids);
	free(pa->versions);
	free(pa->reason);
	free(pa);
}

/* The view the tags are counted against: the nearest queue of the kind. */
static struct view *lister(struct app *app, const struct case_kind *kind)
{
	int i;

	for (i = app->n_views - 1; i >= 0; i--)
		if (app->views[i]->ops->shows && view_cases_kind(app->views[i]) == kind)
			return app->views[i];
	return NULL;
}

static void batch_done(void *arg, struct batch *b)
{
	struct app *app = arg;
	char summary[1024];
	size_t i, bad = 0;
	const char *past = case_past(batch_action(b));

	for (i = 0; i < batch_count(b); i++) {
		const struct batch_decision *d = batch_get(b, i);
		if (d->state == BATCH_DONE)
			app_tag(app, d->id, 0);
		else if (d->state == BATCH_FAILED)
			bad++;
	}
	if (batch_count(b) == 1 && !bad) {
		const struct batch_decision *d = batch_get(b, 0);
		struct view *v = lister(app, batch_kind(b));
		snprintf(summary, sizeof summary, "%s %s", d->id, past);
		/* Decided: on to the next case, not after this one to where it
		 * sorts now. */
		if (v)
			view_cases_step_past(v, d->id);
	} else if (batch_count(b) == 1) {
		const struct batch_decision *d = batch_get(b, 0);
		/* Who decided first is the news: keep it short. */
		if (d->said_who)
			snprintf(summary, sizeof summary, "%s %s", d->id,
			         d->error ? d->error : _("changed"));
		else
			snprintf(summary, sizeof summary, _("%s not %s: %s"), d->id, past,
			         d->error ? d->error : _("failed"));
		if (d->retryable)
			snprintf(summary + strlen(summary), sizeof summary - strlen(summary), "%s",
			         _(" (:retry sends it again)"));
	} else {
		batch_summary(b, summary, sizeof summary);
	}
	/* Refused for their rate: said as the service says it, and sent again
	 * by themselves, with the same idempotency keys, once the wait is over
	 * (cmd_cases_tick). */
	app->batch_retry_ms = 0;
	if (batch_retry_after(b) > 0) {
		app->batch_retry_ms = app_now_ms() + batch_retry_after(b) * 1000LL;
		app_error(app,
		          P_("slow down: the service limits calls; %zu decision goes again by "
		             "itself in %d s (same idempotency keys)",
		             "slow down: the service limits calls; %zu decisions go again by "
		             "itself in %d s (same idempotency keys)",
		             batch_retryable(b)),
		          batch_retryable(b), batch_retry_after(b));
		app->dirty = true;
		return;
	}
	if (bad)
		app_error(app, "%s", summary);
	else
		app_message(app, "%s", summary);
	app->dirty = true;
}

/* Stages and sends the decisions.  A case not loaded yet (given by id) is
 * fetched first: the decision waits for it (cmd_cases_tick) and is sent
 * with the version it arrives with.  Returns true if it kept pa. */
static bool commit(struct app *app, struct cmd_cases_decision *pa)
{
	struct batch *b;
	size_t i;
	const char *missing = NULL;

	if (app->batch && batch_busy(app->batch)) {
		app_error(app, "%s", _("the last decisions are still being sent: wait for their "
		                       "answers"));
		return false;
	}
	for (i = 0; i < pa->n; i++) {
		struct casestore_item *it = casestore_item(app->cases, pa->ids[i]);
		if (!it->obj && !pa->versions[i]) {
			casestore_want_item(app->cases, it);
			missing = pa->ids[i];
		}
	}
	if (missing) {
		if (app->decision_waiting) {
			app_error(app, _("%s is not loaded yet: try again in a moment"), missing);
			return false;
		}
		app->decision_waiting = pa;
		app_message(app, _("fetching %s first..."), missing);
		return true;
	}
	batch_free(app->batch);
	app->batch_retry_ms = 0;
	b = app->batch = batch_new(pa->kind, pa->action->name, pa->reason);
	batch_set_ground(b, pa->ground);
	/* The version the decision was taken on: if the case changed while
	 * the reason was typed or the question answered, the service refuses
	 * it (412) and says who changed it, rather than apply it blindly. */
	for (i = 0; i < pa->n; i++)
		batch_stage(b, pa->ids[i],
		            pa->versions[i] ? pa->versions[i]
		                            : casestore_find(app->cases, pa->ids[i])->c.version);
	app_message(app, P_("sending %zu decision...", "sending %zu decisions...", pa->n), pa->n);
	batch_commit(b, app->client, app->cases, batch_done, app);
	return false;
}

static void ask(struct app *app, struct cmd_cases_decision *pa);
static bool possible_now(struct app *app, struct cmd_cases_decision *pa);

void cmd_cases_tick(struct app *app)
{
	struct cmd_cases_decision *pa = app->decision_waiting;
	size_t i;

	if (app->batch_retry_ms && app_now_ms() >= app->batch_retry_ms && app->batch &&
	    !batch_busy(app->batch)) {
		app->batch_retry_ms = 0;
		if (batch_retryable(app->batch)) {
			app_message(app,
			            P_("sending %zu decision again (same idempotency keys)...",
			               "sending %zu decisions again (same idempotency keys)...",
			               batch_retryable(app->batch)),
			            batch_retryable(app->batch));
			batch_commit(app->batch, app->client, app->cases, batch_done, app);
		}
	}
	if (!pa)
		return;
	for (i = 0; i < pa->n; i++) {
		struct casestore_item *it = casestore_find(app->cases, pa->ids[i]);
		if (it && it->obj)
			continue;
		if (it && it->state == STORE_ERROR) {
			app_error(app, _("%s not %s: %s"), pa->ids[i], _(pa->action->past),
			          it->not_found ? _("no such case is visible to you") : it->error);
			cmd_cases_drop(app);
		}
		return;
	}
	app->decision_waiting = NULL;
	if (pa->ask_after) {
		/* The case is visible: now ask, and decide on what arrived. */
		pa->ask_after = false;
		pa->versions[0] = casestore_find(app->cases, pa->ids[0])->c.version;
		if (possible_now(app, pa))
			ask(app, pa);
		else
			pending_free(pa);
		return;
	}
	if (!commit(app, pa))
		pending_free(pa);
}

void cmd_cases_drop(struct app *app)
{
	pending_free(app->decision_waiting);
	app->decision_waiting = NULL;
}

static void confirmed(struct app *app, const char *answer, void *arg)
{
	if (!answer)
		app_message(app, "%s", _("nothing sent: the tagged rows stay tagged"));
	else if (commit(app, arg))
		return;
	pending_free(arg);
}

/* With the reason known: confirm a bulk decision, commit a single one. */
static void go_on(struct app *app, struct cmd_cases_decision *pa)
{
	char q[400];

	if (!pa->bulk) {
		if (!commit(app, pa))
			pending_free(pa);
		return;
	}
	/* "Approve 3 requests (1 hidden by the filter; 2 left out: not offered)? y/n" */
	/* TRANSLATORS: a verb ("Approve"), a count and what ("requests"). */
	snprintf(q, sizeof q, _("%s %zu %s"), _(pa->action->verb), pa->n, pa->kind->noun(pa->n));
	if (pa->hidden)
		snprintf(q + strlen(q), sizeof q - strlen(q), _(" (%zu hidden by the filter"),
		         pa->hidden);
	if (pa->left_out)
		snprintf(q + strlen(q), sizeof q - strlen(q),
		         pa->hidden ? _("; %zu left out: not offered") :
		                      _(" (%zu left out: not offered"),
		         pa->left_out);
	snprintf(q + strlen(q), sizeof q - strlen(q), "%s",
	         pa->hidden || pa->left_out ? _(")? y/n") : _("? y/n"));
	app_confirm(app, q, confirmed, pa);
}

static void reason_given(struct app *app, const char *text, void *arg)
{
	struct cmd_cases_decision *pa = arg;

	if (!text) {
		pending_free(pa);
		return;
	}
	pa->reason = xstrdup(text);
	go_on(app, pa);
}

/* The kind a decision goes to (see the top of this file); NULL with the
 * reason in ctx. */
static const struct case_kind *decision_kind(struct app *app, const char *action,
                                             const char *id, bool bulk, char *cur, size_t len,
                                             struct cmd_ctx *ctx)
{
	const struct case_kind *kind = NULL;
	char kname[32];

	if (id) {
		kind = case_kind_of_id(id);
	} else if (bulk) {
		struct view *v = app_top(app);
		size_t i;
		kind = v ? view_cases_kind(v) : NULL;
		/* Elsewhere: the only kind among the tagged rows that has it. */
		for (i = 0; !(v && kind) && case_kinds()[i]; i++) {
			size_t it = 0;
			const char *key;
			const struct case_kind *k = case_kinds()[i];
			while (case_action(k, action) && hmap_next(app->tags, &it, &key, NULL)) {
				if (case_kind_of_id(key) != k)
					continue;
				if (kind && kind != k) {
					snprintf(ctx->err, sizeof ctx->err,
					         _("%s: both requests and objections are "
					           "tagged: open the queue of the ones to %s "
					           "(Q, O) and press ; again"),
					         action, action);
					return NULL;
				}
				kind = k;
				break;
			}
		}
	} else if (subject(app, kname, sizeof kname, cur, len)) {
		kind = case_kind_named(kname);
	}
	if (!kind) {
		snprintf(ctx->err, sizeof ctx->err,
		         _("%s: no request or objection here: move onto one, or give its id (:%s "
		           "REQ-000123, :%s OBJ-000045)"),
		         action, action, action);
		return NULL;
	}
	if (!case_action(kind, action)) {
		snprintf(ctx->err, sizeof ctx->err, _("%s is not an action on %s (%s)"), action,
		         kind->noun(2), id ? id : cur[0] ? cur : _("the tagged rows"));
		return NULL;
	}
	return kind;
}

/* Before a reason is typed for one case: a decision the service does
 * not offer the user on it (a closed request approved, a reopen after its
 * date, another department's request) is said at once, with what can be
 * done, rather than refused after the typing. */
static bool possible_now(struct app *app, struct cmd_cases_decision *pa)
{
	struct casestore_item *it = casestore_find(app->cases, pa->ids[0]);
	char can[200], was[200];

	if (!it || !it->obj || case_may(pa->kind, it->obj, pa->action->name))
		return true;
	if (!cmd_case_actions(app, cmd_view_index(pa->kind->name), pa->kind, it->obj, ", ", can,
	                      sizeof can))
		snprintf(can, sizeof can, "%s", _("nothing by you"));
	/* "REQ-000127 not rejected: approved by hebei-approver at
	 * 2026-12-07 10:42 (can be done: nothing by you)": what stands in
	 * the way first, as 80 columns show it. */
	if (it->c.decided_by && it->c.decided_at)
		case_who(&it->c, was, sizeof was);
	else
		snprintf(was, sizeof was, _("it is %s"),
		         it->c.state ? case_state_label(it->c.state) : "?");
	app_error(app, _("%s not %s: %s (can be done: %s)"), pa->ids[0], _(pa->action->past), was,
	          can);
	return false;
}

/* What the decision's text needs, as the service said on its first case
 * that is loaded (each tagged case offers the action, or is left out). */
static enum govdx_reason_need need_of(struct app *app, const struct cmd_cases_decision *pa)
{
	size_t i;

	for (i = 0; i < pa->n; i++) {
		struct casestore_item *it = casestore_find(app->cases, pa->ids[i]);
		if (it && it->obj)
			return case_need(pa->kind, it->obj, pa->action->name);
	}
	return GOVDX_REASON_OPTIONAL;
}

/* Who reads the text of an action ("the requester"), and the verb that
 * agrees with it ("the helpdesk and the provider read it"). */
static const char *reader(const struct case_kind *k, const struct case_action *a)
{
	return _(a->reader ? a->reader : k->reader);
}

static const char *reads(const struct case_kind *k, const struct case_action *a)
{
	/* Counted on the English words, whatever the language shown. */
	/* TRANSLATORS: "(the requester reads it)", "(the raiser and the
	 * helpdesk read it)". */
	return strstr(a->reader ? a->reader : k->reader, " and ") ? _("read") : _("reads");
}

/* The reason of this very decision (its action on its one case) when the
 * last batch sent it and it failed: typed once, it is offered again rather
 * than lost (the service was away, the case changed meanwhile). */
static const char *kept_reason(struct app *app, const struct cmd_cases_decision *pa)
{
	const struct batch *b = app->batch;
	size_t i;

	if (pa->bulk || !b || batch_kind(b) != pa->kind || strcmp(batch_action(b), pa->action->name) ||
	    !batch_reason(b) || !batch_reason(b)[0])
		return NULL;
	for (i = 0; i < batch_count(b); i++) {
		const struct batch_decision *d = batch_get(b, i);
		if (!strcmp(d->id, pa->ids[0]))
			return d->state == BATCH_FAILED ? batch_reason(b) : NULL;
	}
	return NULL;
}

/* Asks for the reason or note of a decision (none for an action that
 * takes none). */
static void ask(struct app *app, struct cmd_cases_decision *pa)
{
	const char *kept = kept_reason(app, pa);
	const struct case_action *a = pa->action;
	enum govdx_reason_need need = need_of(app, pa);
	bool required = need == GOVDX_REASON_REQUIRED;
	const char *verb = _(a->verb), *word = _(a->word);
	const char *need_word = required ? _(" (required)") : _(" (optional: Enter skips)");
	char title[600], refusal[200], hidden[48] = "";

	if (need == GOVDX_REASON_NONE) {
		go_on(app, pa);
		return;
	}
	/* Short enough for 80 columns; the confirmation says it in full. */
	if (pa->hidden)
		snprintf(hidden, sizeof hidden, _(", %zu hidden"), pa->hidden);
	if (pa->bulk)
		snprintf(title, sizeof title, _(" %s %zu tagged %s%s — %s%s:"), verb, pa->n,
		         pa->kind->noun(pa->n), hidden, word, need_word);
	else
		snprintf(title, sizeof title, _(" %s %s — %s%s:"), verb, pa->ids[0], word,
		         need_word);
	if (pa->ground) {
		size_t g, len = strlen(title);
		for (g = 0; strcmp(grounds[g].name, pa->ground); g++)
			;
		/* TRANSLATORS: before the reason prompt's colon: the ground of a
		 * refusal in words. */
		if (len && title[len - 1] == ':')
			snprintf(title + len - 1, sizeof title - len + 1, _(" [%s]:"),
			         _(grounds[g].words));
	}
	snprintf(refusal, sizeof refusal, _("%s needs a %s: type why (%s %s it), or Esc to cancel"),
	         a->name, word, reader(pa->kind, a), reads(pa->kind, a));
	app_ask(app, title, required, refusal, reason_given, pa);
	if (kept) {
		ui_edit_set(app->prompt.edit, kept);
		snprintf(app->prompt.note, sizeof app->prompt.note, "%s",
		         _("as typed before, when it was not sent: Enter sends it, or edit it"));
	}
}

/* A text given on the command line that the decision's cases refuse
 * (need_of): blank where one is required, any where none is taken. */
static bool bad_text(struct app *app, struct cmd_cases_decision *pa, struct cmd_ctx *ctx)
{
	const struct case_action *a = pa->action;
	enum govdx_reason_need need = need_of(app, pa);
	bool blank = !pa->reason[strspn(pa->reason, " \t\n")];

	if (need == GOVDX_REASON_REQUIRED && blank)
		snprintf(ctx->err, sizeof ctx->err,
		         _("%s needs a %s: say why (%s %s it), e.g. :%s %s000123 \"理由\""),
		         a->name, _(a->word), reader(pa->kind, a), reads(pa->kind, a), a->name,
		         pa->kind->id_prefix);
	else if (need == GOVDX_REASON_NONE && !blank)
		snprintf(ctx->err, sizeof ctx->err, _("%s takes no %s: give none"), a->name,
		         _(a->word));
	else
		return false;
	return true;
}

int cmd_decide(struct app *app, const struct cmd_def *def, int argc, char **argv,
               struct cmd_ctx *ctx)
{
	int ground = -1;
	struct cmd_cases_decision *pa;
	const struct case_kind *kind;
	bool bulk = app->tag_prefix, has_reason, given_id;
	char id[128] = "", *reason = NULL;
	int i = 1;

	app->tag_prefix = false;
	given_id = argc > 1 && case_kind_of_id(argv[1]);
	if (given_id) {
		snprintf(id, sizeof id, "%s", argv[1]);
		i = 2;
		bulk = false;
	}
	/* reject [ID] [--not-held|--not-shareable|--insufficient-basis|--other] */
	if (argc > i && !strncmp(argv[i], "--", 2)) {
		ground = ground_of(argv[i]);
		if (strcmp(def->name, "reject") != 0) {
			snprintf(ctx->err, sizeof ctx->err,
			         _("%s takes no ground: only reject does (--not-held, "
			           "--not-shareable, --insufficient-basis, --other)"),
			         def->name);
			return -1;
		}
		if (ground < 0) {
			snprintf(ctx->err, sizeof ctx->err,
			         _("reject: '%.40s' is no ground: --not-held, --not-shareable, "
			           "--insufficient-basis or --other"),
			         argv[i]);
			return -1;
		}
		i++;
		if (!given_id && argc > i && case_kind_of_id(argv[i])) {
			snprintf(id, sizeof id, "%s", argv[i]);
			given_id = true;
			bulk = false;
			i++;
		}
	}
	if (bulk && !app_n_tagged(app))
		return fail(ctx, _("no rows are tagged (t tags the row, T tags by pattern)"));
	kind = decision_kind(app, def->name, given_id ? id : NULL, bulk, id, sizeof id, ctx);
	if (!kind)
		return -1;
	has_reason = argc > i;
	if (has_reason)
		reason = cmd_parse_words(argc - i, argv + i);
	pa = xcalloc(1, sizeof *pa);
	pa->kind = kind;
	pa->action = case_action(kind, def->name);
	pa->bulk = bulk;
	pa->reason = reason;
	pa->ground = ground >= 0 ? grounds[ground].name : NULL;
	if (bulk) {
		size_t it = 0;
		const char *key;
		struct view *v = lister(app, kind);
		char first_out[160] = "";
		while (hmap_next(app->tags, &it, &key, NULL)) {
			struct casestore_item *ci;
			if (case_kind_of_id(key) != kind)
				continue;
			/* What the service does not offer on it is left out
			 * before any reason is typed, as for one case
			 * (possible_now). */
			ci = casestore_find(app->cases, key);
			if (ci && ci->obj && !case_may(kind, ci->obj, def->name)) {
				if (!pa->left_out++)
					snprintf(first_out, sizeof first_out, _("%s is %s"), key,
					         ci->c.state ? case_state_label(ci->c.state) : "?");
				continue;
			}
			pa->ids = xrealloc(pa->ids, (pa->n + 1) * sizeof *pa->ids);
			pa->ids[pa->n++] = xstrdup(key);
			if (!v || !v->ops->shows(v, app, key))
				pa->hidden++;
		}
		if (!pa->n && pa->left_out) {
			snprintf(ctx->err, sizeof ctx->err,
			         _("no tagged %s can be %s by you now (%s%s)"),
			         kind->noun(pa->left_out), _(pa->action->past), first_out,
			         pa->left_out > 1 ? ", …" : "");
			pending_free(pa);
			return -1;
		}
		if (!pa->n) {
			snprintf(ctx->err, sizeof ctx->err, _("no %s are tagged (t tags the row)"),
			         kind->noun(2));
			pending_free(pa);
			return -1;
		}
	} else {
		pa->ids = xmalloc(sizeof *pa->ids);
		pa->ids[pa->n++] = xstrdup(id);
	}
	pa->versions = xcalloc(pa->n + 1, sizeof *pa->versions);
	for (i = 0; i < (int)pa->n; i++) {
		struct casestore_item *it = casestore_find(app->cases, pa->ids[i]);
		pa->versions[i] = it && it->obj ? it->c.version : 0;
	}
	if (has_reason && bad_text(app, pa, ctx)) {
		pending_free(pa);
		return -1;
	}
	/* Given by id and not known: fetch it while the reason is typed. */
	if (!bulk)
		casestore_want_item(app->cases, casestore_item(app->cases, id));
	if (has_reason) {
		if (bulk || possible_now(app, pa))
			go_on(app, pa);
		else
			pending_free(pa);
	} else if (!bulk && !pa->versions[0]) {
		/* Given by id and not loaded: fetch it before asking for a
		 * reason, so a case that is not there (or not visible) is
		 * refused at once rather than after the reason is typed. */
		if (app->decision_waiting) {
			snprintf(ctx->err, sizeof ctx->err,
			         _("%s is not loaded yet: try again in a moment"), pa->ids[0]);
			pending_free(pa);
			return -1;
		}
		pa->ask_after = true;
		app->decision_waiting = pa;
		app_message(app, _("fetching %s first..."), pa->ids[0]);
		cmd_cases_tick(app);
	} else if (!bulk && !possible_now(app, pa)) {
		pending_free(pa);
	} else {
		ask(app, pa);
	}
	return 0;
}

int cmd_tag_prefix(struct app *app, const struct cmd_def *def, int argc, char **argv,
                   struct cmd_ctx *ctx)
{
	if (!app_n_tagged(app))
		return fail(ctx, _("no rows are tagged (t tags the row, T tags by pattern)"));
	app->tag_prefix = true;
	/* Short: the status line is shared with the tag count and filter. */
	app_message(app, _("; next action: %zu tagged"), app_n_tagged(app));
	return 0;
}

int cmd_untag_all(struct app *app, const struct cmd_def *def, int argc, char **argv,
                  struct cmd_ctx *ctx)
{
	size_t n = app_n_tagged(app);

	hmap_free(app->tags, NULL);
	app->tags = NULL;
	app->tag_prefix = false;
	app_message(app, P_("%zu row untagged", "%zu rows untagged", n), n);
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
		return fail(ctx, _("nothing to retry: no decision failed in a way a retry can "
		                   "mend"));
	app_message(app,
	            P_("sending %zu decision again (same idempotency keys)...",
	               "sending %zu decisions again (same idempotency keys)...", n),
	            n);
	batch_commit(app->batch, app->client, app->cases, batch_done, app);
	return 0;
}
