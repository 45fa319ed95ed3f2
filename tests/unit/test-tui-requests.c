/*
 * test-tui-requests — the console's sharing-request pieces without a
 * service: the edit field (Chinese input, new lines, wrapping on character
 * boundaries, Up/Down over visual rows), queue order and box fit, live
 * arrivals placed where they sort, days-left marks, the reason prompt
 * refusing a blank required reason, the `;` confirmation counting tagged
 * rows the filter hides, and a batch whose calls fail in transport keeping
 * its idempotency keys for :retry.
 */
#include "config.h"

#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <locale.h>

#include <cmocka.h>

#include "app.h"
#include "batch.h"
#include "client-net-server.h"
#include "cmd.h"
#include "hmap.h"
#include "casestore.h"
#include "store.h"
#include "ui-edit.h"
#include "ui-form.h"
#include "ui-keys.h"
#include "ui-theme.h"
#include "ui-width.h"
#include "view-case-fields.h"
#include "view.h"
#include "view-form.h"
#include "tui-test-cases.h"
#include "xalloc.h"

static void type(struct ui_edit *e, const char *utf8)
{
	wchar_t *w = ui_width_from_utf8(utf8);
	size_t i;

	for (i = 0; w[i]; i++)
		ui_edit_key(e, false, (wint_t)w[i]);
	free(w);
}

static void test_edit_typing(void **state)
{
	struct ui_edit *e = ui_edit_new(true, 0);
	struct ui_edit_layout L;
	char *row;

	assert_true(ui_edit_blank(e));
	type(e, "依据《政务数据共享条例》");
	ui_edit_key(e, false, 0x0f); /* Ctrl-O: a new line */
	type(e, "第十二条");
	assert_string_equal(ui_edit_text(e), "依据《政务数据共享条例》\n第十二条");
	assert_false(ui_edit_blank(e));
	/* 12 wide characters in 10 columns: 5 per row, never half of one. */
	ui_edit_layout(e, 11, &L);
	assert_int_equal(L.n, 4);
	row = ui_width_to_utf8(L.rows[0]);
	assert_string_equal(row, "依据《政务");
	free(row);
	assert_true(ui_width_wcs(L.rows[1], (size_t)-1) <= 11);
	assert_int_equal(L.cur_row, 3);
	assert_int_equal(L.cur_col, 8);
	ui_edit_layout_free(&L);
	/* Up moves onto the row above, at the same column or before it. */
	assert_int_equal(ui_edit_key(e, true, KEY_UP), UI_EDIT_EDITING);
	ui_edit_layout(e, 11, &L);
	assert_int_equal(L.cur_row, 2);
	ui_edit_layout_free(&L);
	/* Backspace takes one whole character. */
	ui_edit_key(e, true, KEY_END);
	ui_edit_key(e, false, 127);
	assert_string_equal(ui_edit_text(e), "依据《政务数据共享条例\n第十二条");
	assert_int_equal(ui_edit_key(e, false, '\r'), UI_EDIT_DONE);
	assert_int_equal(ui_edit_key(e, false, 27), UI_EDIT_CANCEL);
	assert_int_equal(ui_edit_key(e, false, '\t'), UI_EDIT_NEXT);
	ui_edit_free(e);
}

/* A paste past a full field is refused key by key; the message counts the
 * whole run, and a key that is taken (or moves) starts a new one. */
static void test_edit_refusal_run(void **state)
{
	struct ui_edit *e = ui_edit_new(true, 5);
	char buf[200];
	const char *msg = NULL;
	int i;

	for (i = 0; i < 105; i++) {
		ui_edit_key(e, false, L'x');
		if (ui_form_refusal(e, "Description", buf, sizeof buf))
			msg = buf;
	}
	assert_non_null(msg);
	assert_string_equal(msg, "Description is full: at most 5 characters; 100 more were not taken.");
	assert_null(ui_form_refusal(e, "Description", buf, sizeof buf));
	/* a delete ends the run; the next refusal counts afresh */
	ui_edit_key(e, false, 8);
	ui_edit_key(e, false, L'y');
	assert_null(ui_form_refusal(e, "Description", buf, sizeof buf));
	ui_edit_key(e, false, L'z');
	assert_string_equal(ui_form_refusal(e, "Description", buf, sizeof buf),
	                    "Description is full: at most 5 characters; 1 more was not taken.");
	/* a move ends it too */
	ui_edit_key(e, true, KEY_LEFT);
	ui_edit_key(e, false, L'z');
	ui_edit_key(e, false, L'z');
	assert_string_equal(ui_form_refusal(e, "Description", buf, sizeof buf),
	                    "Description is full: at most 5 characters; 2 more were not taken.");
	ui_edit_free(e);
}

static void test_edit_single_line(void **state)
{
	struct ui_edit *e = ui_edit_new(false, 10);

	ui_edit_set(e, "2025-01-01\nx");
	assert_string_equal(ui_edit_text(e), "2025-01-01");
	type(e, "9");
	assert_string_equal(ui_edit_text(e), "2025-01-01"); /* at most 10 */
	ui_edit_key(e, false, 0x15);                        /* Ctrl-U */
	assert_true(ui_edit_blank(e));
	type(e, "  \xe3\x80\x80 "); /* spaces and an ideographic space */
	assert_true(ui_edit_blank(e));
	assert_int_equal(ui_edit_key(e, true, KEY_UP), UI_EDIT_PREV);
	assert_int_equal(ui_edit_key(e, true, KEY_DOWN), UI_EDIT_NEXT);
	ui_edit_free(e);
}

static struct govdx_request *req(const char *id, const char *state, const char *deadline,
                                 const char *provider, const char *requester)
{
	struct govdx_request *r = xcalloc(1, sizeof *r);

	r->id = xstrdup(id);
	r->state_name = xstrdup(state);
	r->state = govdx_request_state_from(state);
	if (deadline) {
		r->has_deadline = true;
		snprintf(r->deadline, sizeof r->deadline, "%s", deadline);
		r->working_days_left = 3;
	} else {
		r->working_days_left = GOVDX_NO_DAYS_LEFT;
	}
	r->provider_department = xstrdup(provider);
	r->requester_department = xstrdup(requester);
	r->version = 1;
	return r;
}

static void test_order_and_fit(void **state)
{
	struct govdx_request *a = req("REQ-000002", "pending", "2025-01-10", "130000008", "130000007");
	struct govdx_request *b = req("REQ-000001", "pending", "2025-01-10", "130000008", "130000007");
	struct govdx_request *c = req("REQ-000003", "approved", NULL, "130000008", "130000007");
	struct govdx_request *d = req("REQ-000004", "coordinating", "2025-02-01", "330000008", "130000007");

	const struct case_kind *k = &case_kind_request;
	struct case_info ia, ib, ic;

	k->info(a, &ia);
	k->info(b, &ib);
	k->info(c, &ic);
	assert_true(case_order(&ib, &ia) < 0); /* same deadline: by id */
	assert_true(case_order(&ia, &ic) < 0); /* no deadline last */
	/* What the user can act on comes first, whatever its deadline: the
	 * service's list order (an approver's coordinating request, which
	 * only the data authority acts on, below the pending ones). */
	{
		static const struct govdx_action approve = { "approve", GOVDX_REASON_OPTIONAL };
		struct case_info late = ic, early = ib; /* no deadline, and 2025-01-10 */
		late.actions = &approve;
		late.n_actions = 1;
		late.has_actions = true;
		early.has_actions = true; /* offers nothing */
		assert_true(case_order(&late, &early) < 0);
		assert_true(case_order(&early, &late) > 0);
		early.has_actions = false; /* an older service: no rank, deadline first */
		assert_true(case_order(&late, &early) > 0);
	}
	assert_true(k->fits(a, "inbox", "", "130000008", "approver"));
	assert_false(k->fits(a, "outbox", "", "130000008", "approver"));
	assert_true(k->fits(a, "outbox", NULL, "130000007", "official"));
	assert_false(k->fits(c, "inbox", "pending", "130000008", "approver"));
	assert_true(k->fits(c, "all", "approved", "x", "helpdesk"));
	assert_true(k->fits(d, "inbox", "", "130000032", "authority"));
	assert_false(k->fits(a, "inbox", "", "130000032", "authority"));
	govdx_request_free(a);
	govdx_request_free(b);
	govdx_request_free(c);
	govdx_request_free(d);
}

static const char *days(const struct govdx_request *r, char *buf, size_t len, int *role)
{
	struct case_info c;

	case_kind_request.info(r, &c);
	return view_case_fields_days_left(&c, buf, len, role);
}

static void test_days_left(void **state)
{
	struct govdx_request *r = req("REQ-000001", "pending", "2025-01-10", "a", "b");
	struct case_info c;
	enum case_urgency urgency;
	char buf[16];
	int role;

	assert_string_equal(days(r, buf, sizeof buf, &role), "3d");
	assert_int_equal(role, UI_ROLE_DEADLINE_OK); /* in time: its own role (a theme's) */
	r->working_days_left = 1;
	r->due_soon = true;
	assert_string_equal(days(r, buf, sizeof buf, &role), "1d");
	assert_int_equal(role, UI_ROLE_DUE_SOON);
	r->working_days_left = -2;
	r->due_soon = false;
	r->overdue = true;
	assert_string_equal(days(r, buf, sizeof buf, &role), "-2d");
	assert_int_equal(role, UI_ROLE_OVERDUE);
	/* A provisional deadline: ≈ before the days, the role as before. */
	r->deadline_provisional = true;
	r->deadline_statute_year = 2027;
	assert_string_equal(days(r, buf, sizeof buf, &role), "≈-2d");
	assert_int_equal(role, UI_ROLE_OVERDUE);
	assert_int_equal(ui_width_utf8(buf), 4);
	/* The model says how near; the views give it its role. */
	case_kind_request.info(r, &c);
	assert_string_equal(case_days_left(&c, buf, sizeof buf, &urgency), "≈-2d");
	assert_int_equal(urgency, CASE_OVERDUE);
	assert_int_equal(view_case_fields_role(urgency), UI_ROLE_OVERDUE);
	r->has_deadline = false;
	assert_string_equal(days(r, buf, sizeof buf, &role), "-");
	assert_int_equal(role, UI_ROLE_DIM);
	case_kind_request.info(r, &c);
	case_days_left(&c, buf, sizeof buf, &urgency);
	assert_int_equal(urgency, CASE_NO_DAYS);
	govdx_request_free(r);
}

static void noop(void *arg)
{
	(void)arg;
}

/* A live arrival goes into a loaded queue where it sorts, and only into
 * the queues it fits. */
static void test_live_placement(void **state)
{
	struct casestore_hooks hooks = { noop, NULL, NULL, NULL, NULL };
	struct casestore *rs = casestore_new(NULL, &hooks, app_now_ms);
	struct casestore_list *in = casestore_list(rs, &case_kind_request, "inbox", ""),
	                      *out = casestore_list(rs, &case_kind_request, "outbox", "");

	casestore_set_me(rs, "130000008", "approver");
	in->state = out->state = STORE_DONE;
	in->complete = out->complete = true;
	casestore_put(rs, &case_kind_request, req("REQ-000005", "pending", "2025-03-01", "130000008", "130000007"), false);
	casestore_put(rs, &case_kind_request, req("REQ-000006", "pending", "2025-02-01", "130000008", "130000007"), false);
	casestore_put(rs, &case_kind_request, req("REQ-000007", "approved", NULL, "130000008", "130000007"), true);
	assert_int_equal(in->ids.n, 3);
	assert_string_equal(pages_peek(&in->ids, 0), "REQ-000006");
	assert_string_equal(pages_peek(&in->ids, 1), "REQ-000005");
	assert_string_equal(pages_peek(&in->ids, 2), "REQ-000007");
	assert_int_equal(out->ids.n, 0);
	/* An older version never replaces a newer one. */
	{
		struct govdx_request *old = req("REQ-000006", "pending", "2025-02-01", "130000008", "130000007");
		struct govdx_request *newer = req("REQ-000006", "approved", NULL, "130000008", "130000007");
		newer->version = 3;
		old->version = 2;
		casestore_put(rs, &case_kind_request, newer, true);
		casestore_put(rs, &case_kind_request, old, false);
		assert_string_equal(casestore_find(rs, "REQ-000006")->c.state, "approved");
		assert_int_equal(casestore_find(rs, "REQ-000006")->own_version, 3);
	}
	/* A case whose deadline changes moves to its new place: REQ-000007,
	 * finished at the end, comes back pending with the nearest deadline
	 * (a resubmission) and goes first; the rest keep their order. */
	{
		struct govdx_request *again = req("REQ-000007", "pending", "2025-01-15", "130000008",
		                                  "130000007");
		again->version = 5;
		casestore_put(rs, &case_kind_request, again, false);
		assert_int_equal(in->ids.n, 3);
		assert_string_equal(pages_peek(&in->ids, 0), "REQ-000007");
		assert_string_equal(pages_peek(&in->ids, 1), "REQ-000005");
		assert_string_equal(pages_peek(&in->ids, 2), "REQ-000006");
	}
	casestore_free(rs);
}

static const char *last_answer;
static int answers;

static void answered(struct app *app, const char *text, void *arg)
{
	answers++;
	free((void *)last_answer);
	last_answer = text ? xstrdup(text) : NULL;
}

static void test_prompt_requires_reason(void **state)
{
	struct app *app = app_new();
	const char *r;

	app_ask(app, "Reject REQ-000001 — reason (required):", true, "reject needs a reason",
	        answered, NULL);
	assert_int_equal(app->mode, APP_MODE_PROMPT);
	app_prompt_key(app, '\n');
	assert_int_equal(answers, 0); /* refused: still asking */
	assert_true(app->prompt.active);
	assert_string_equal(app->prompt.note, "reject needs a reason");
	r = "数据用途与申请不符";
	{
		wchar_t *w = ui_width_from_utf8(r);
		size_t i;
		for (i = 0; w[i]; i++)
			app_prompt_key(app, (int)w[i]);
		free(w);
	}
	app_prompt_key(app, '\n');
	assert_int_equal(answers, 1);
	assert_string_equal(last_answer, r);
	assert_int_equal(app->mode, APP_MODE_NORMAL);
	/* A y/n question: n answers NULL. */
	app_confirm(app, "Approve 3 requests? y/n", answered, NULL);
	app_prompt_key(app, 'n');
	assert_int_equal(answers, 2);
	assert_null(last_answer);
	app_free(app);
}

/* A POST the library refuses at once calls back before it returns: the
 * refusal stays on the form, nothing counts as in flight, and the record
 * is freed once (ASan and valgrind would see a leak or a double free). */
static void test_form_refused_at_once(void **state)
{
	struct app *app = app_new();
	struct view_form f;

	(void)state;
	memset(&f, 0, sizeof f);
	f.app = app;
	view_form_sending(&f, xstrdup("the call's record"));
	assert_string_equal(f.message, "Sending...");
	/* the callback, inside the call: */
	view_form_answered(&f);
	view_form_say(&f, UI_ROLE_ERROR, "Not filed: %s", "out of memory");
	/* the call returns 0 */
	view_form_sent(&f, 0);
	assert_int_equal(f.call, 0);
	assert_null(f.call_rec);
	assert_string_equal(f.message, "Not filed: out of memory");
	/* and a call in flight is one */
	view_form_sending(&f, xstrdup("another record"));
	view_form_sent(&f, 42);
	assert_int_equal(f.call, 42);
	view_form_answered(&f);
	assert_int_equal(f.call, 0);
	app_free(app);
}

/* Esc on an empty prompt cancels at once; on typed text it asks first, any
 * other key goes on typing, and only a second Esc in a row discards. */
static void test_prompt_esc_keeps_text(void **state)
{
	struct app *app = app_new();
	int before;

	(void)state;
	app_ask(app, "Approve REQ-000001 — reason (optional):", false, NULL, answered, NULL);
	before = answers;
	app_prompt_key(app, UI_KEY_ESC);
	assert_int_equal(answers, before + 1); /* empty: gone at once */
	assert_null(last_answer);
	assert_false(app->prompt.active);

	app_ask(app, "Reject REQ-000001 — reason (required):", true, "reject needs a reason",
	        answered, NULL);
	before = answers;
	app_prompt_key(app, 0x6750); /* 材 */
	app_prompt_key(app, UI_KEY_ESC);
	assert_true(app->prompt.active); /* asked, not discarded */
	assert_int_equal(answers, before);
	assert_non_null(strstr(app->prompt.note, "Esc again discards"));
	app_prompt_key(app, '\n'); /* "no": keeps the text, sends nothing */
	assert_true(app->prompt.active);
	assert_int_equal(answers, before);
	assert_string_equal(app->prompt.note, "");
	app_prompt_key(app, 0x6599); /* 料: typing goes on */
	assert_string_equal(ui_edit_text(app->prompt.edit), "材料");
	app_prompt_key(app, UI_KEY_ESC);
	assert_true(app->prompt.active);
	app_prompt_key(app, UI_KEY_ESC);
	assert_false(app->prompt.active); /* the second Esc in a row discards */
	assert_int_equal(answers, before + 1);
	assert_null(last_answer);
	app_free(app);
}

/* `;a` with tags: one confirmation that counts the tagged rows no queue on
 * screen shows; a blank reason given on the command line is refused. */
static void test_bulk_confirmation(void **state)
{
	struct app *app = app_new();
	struct casestore_hooks hooks = { noop, NULL, NULL, NULL, NULL };
	struct cmd_ctx ctx = { 0 };

	struct govdx_request *one = req("REQ-000001", "pending", NULL, "130000008", "130000007");

	assert_int_equal(cmd_load_text(app, cmd_default_bindings(), "builtin"), 0);
	app->cases = casestore_new(NULL, &hooks, app_now_ms);
	/* The service says reject needs a reason: a blank one is refused. */
	TEST_OFFER(one, "approve reject! return!");
	casestore_put(app->cases, &case_kind_request, one, false);
	assert_int_equal(cmd_run_line(app, "reject REQ-000001 ''", &ctx), -1);
	assert_non_null(strstr(ctx.err, "reject needs a reason"));
	assert_int_equal(cmd_run_line(app, "tag-prefix", &ctx), -1);
	assert_non_null(strstr(ctx.err, "no rows are tagged"));
	app_tag(app, "REQ-000001", 1);
	app_tag(app, "REQ-000002", 1);
	app_tag(app, "REQ-000003", -1);
	assert_int_equal(app_n_tagged(app), 3);
	assert_int_equal(cmd_run_line(app, "tag-prefix", &ctx), 0);
	assert_true(app->tag_prefix);
	assert_int_equal(cmd_run_line(app, "approve", &ctx), 0);
	assert_false(app->tag_prefix);
	assert_int_equal(app->mode, APP_MODE_PROMPT); /* the optional reason */
	app_prompt_key(app, '\n');
	assert_int_equal(app->mode, APP_MODE_CONFIRM);
	assert_string_equal(app->prompt.title, "Approve 3 requests (3 hidden by the filter)? y/n");
	app_prompt_key(app, 'n');
	assert_int_equal(app->mode, APP_MODE_NORMAL);
	assert_int_equal(app_n_tagged(app), 3); /* nothing sent: still tagged */
	/* Loaded rows the service does not offer it on are left out, and said. */
	{
		struct govdx_request *two = req("REQ-000002", "approved", NULL, "130000008",
		                                "130000007");
		TEST_OFFER(two, "");
		casestore_put(app->cases, &case_kind_request, two, false);
	}
	assert_int_equal(cmd_run_line(app, "tag-prefix", &ctx), 0);
	assert_int_equal(cmd_run_line(app, "approve", &ctx), 0);
	app_prompt_key(app, '\n');
	assert_string_equal(app->prompt.title,
	                    "Approve 2 requests (2 hidden by the filter; 1 left out: not offered)? y/n");
	app_prompt_key(app, 'n');
	/* None left: refused before any reason is asked for. */
	assert_int_equal(cmd_run_line(app, "untag-all", &ctx), 0);
	app_tag(app, "REQ-000002", 1);
	assert_int_equal(cmd_run_line(app, "tag-prefix", &ctx), 0);
	assert_int_equal(cmd_run_line(app, "approve", &ctx), -1);
	assert_string_equal(ctx.err, "no tagged request can be approved by you now (REQ-000002 is "
	                             "approved)");
	assert_int_equal(app->mode, APP_MODE_NORMAL);
	assert_int_equal(cmd_run_line(app, "untag-all", &ctx), 0);
	assert_int_equal(app_n_tagged(app), 0);
	app_free(app);
}

/* Decisions that fail in transport stay with their keys and go again. */
static void batch_done(void *arg, struct batch *b)
{
	(*(int *)arg)++;
}

static void test_batch_retry_keeps_keys(void **state)
{
	struct govdx_options opt = { 0 };
	struct govdx_error err;
	struct govdx_client *c;
	struct casestore_hooks hooks = { noop, NULL, NULL, NULL, NULL };
	struct casestore *rs;
	struct batch *b;
	char keys[2][GOVDX_IDEMPOTENCY_KEY_SIZE], summary[1024];
	int done = 0;

	opt.url = "http://127.0.0.1:1";
	opt.connect_timeout_ms = 2000;
	assert_int_equal(govdx_client_new(&opt, &c, &err), 0);
	rs = casestore_new(c, &hooks, app_now_ms);
	b = batch_new(&case_kind_request, "approve", "材料齐全");
	batch_stage(b, "REQ-000001", 1);
	batch_stage(b, "REQ-000002", 4);
	batch_stage(b, "REQ-000001", 1); /* staged once */
	assert_int_equal(batch_count(b), 2);
	memcpy(keys[0], batch_get(b, 0)->key, sizeof keys[0]);
	memcpy(keys[1], batch_get(b, 1)->key, sizeof keys[1]);
	assert_int_equal(strlen(keys[0]), 36);
	assert_string_not_equal(keys[0], keys[1]);
	assert_int_equal(batch_commit(b, c, rs, batch_done, &done), 2);
	while (batch_busy(b)) {
		govdx_client_poll(c, NULL, 0, 200, &err);
		govdx_client_perform(c);
	}
	assert_int_equal(done, 1);
	assert_int_equal(batch_retryable(b), 2);
	batch_summary(b, summary, sizeof summary);
	assert_non_null(strstr(summary, "0 approved, 2 failed (:results):"));
	assert_non_null(strstr(summary, "REQ-000002"));
	assert_non_null(strstr(summary, ":retry"));
	assert_int_equal(batch_commit(b, c, rs, batch_done, &done), 2);
	assert_string_equal(batch_get(b, 0)->key, keys[0]);
	assert_string_equal(batch_get(b, 1)->key, keys[1]);
	govdx_client_free(c); /* cancels the calls */
	batch_free(b);
	casestore_free(rs);
}

/* A reason typed for a decision that was not sent (the service away) is
 * offered again when the same decision is asked for on the same case, and
 * only then. */
static void test_reason_kept_after_failure(void **state)
{
	struct app *app = app_new();
	struct govdx_options opt = { 0 };
	struct govdx_error err;
	struct casestore_hooks hooks = { noop, NULL, NULL, NULL, NULL };
	struct cmd_ctx ctx = { 0 };
	struct govdx_request *r = req("REQ-000001", "pending", NULL, "130000008", "130000007");

	assert_int_equal(cmd_load_text(app, cmd_default_bindings(), "builtin"), 0);
	opt.url = "http://127.0.0.1:1";
	opt.connect_timeout_ms = 2000;
	assert_int_equal(govdx_client_new(&opt, &app->client, &err), 0);
	app->cases = casestore_new(app->client, &hooks, app_now_ms);
	TEST_OFFER(r, "approve reject! return!");
	casestore_put(app->cases, &case_kind_request, r, false);
	assert_int_equal(cmd_run_line(app, "reject REQ-000001 '材料不全，请补充营业执照'", &ctx), 0);
	assert_non_null(app->batch);
	while (batch_busy(app->batch)) {
		govdx_client_poll(app->client, NULL, 0, 200, &err);
		govdx_client_perform(app->client);
	}
	assert_int_equal(batch_get(app->batch, 0)->state, BATCH_FAILED);
	/* the same decision again: what was typed is there */
	assert_int_equal(cmd_run_line(app, "reject REQ-000001", &ctx), 0);
	assert_int_equal(app->mode, APP_MODE_PROMPT);
	assert_string_equal(ui_edit_text(app->prompt.edit), "材料不全，请补充营业执照");
	assert_non_null(strstr(app->prompt.note, "as typed before"));
	app_prompt_cancel(app);
	/* another action on it starts empty */
	assert_int_equal(cmd_run_line(app, "return REQ-000001", &ctx), 0);
	assert_int_equal(app->mode, APP_MODE_PROMPT);
	assert_string_equal(ui_edit_text(app->prompt.edit), "");
	assert_string_equal(app->prompt.note, "");
	app_prompt_cancel(app);
	app_free(app);
}

/* A decision the service refuses for its rate (429) is kept retryable, with
 * the wait the service asked for and its words; the next answer (200)
 * lands it, sent with the same idempotency key. */
static void test_batch_rate_limited(void **state)
{
	static const char limited[] =
		"{\"error\":{\"code\":\"rate_limited\",\"message\":\"slow down: too many requests; "
		"retry in 2 s\",\"details\":{\"retry_after\":2}}}";
	const struct srv_step steps[] = {{.status = 429, .headers = "Retry-After: 2\r\n",
	                                  .body = limited}};
	struct srv_fixture *f = *state;
	struct srv *s = srv_start(steps, 1);
	struct govdx_client *c = srv_client(f, srv_port(s), 5000);
	struct casestore_hooks hooks = { noop, NULL, NULL, NULL, NULL };
	struct casestore *rs = casestore_new(c, &hooks, app_now_ms);
	struct batch *b = batch_new(&case_kind_request, "approve", NULL);
	char key[GOVDX_IDEMPOTENCY_KEY_SIZE], first[GOVDX_IDEMPOTENCY_KEY_SIZE];
	int done = 0;

	batch_stage(b, "REQ-000001", 1);
	assert_int_equal(batch_retry_after(b), 0);
	assert_int_equal(batch_commit(b, c, rs, batch_done, &done), 1);
	srv_drive_all(c, 10000);
	assert_int_equal(done, 1);
	assert_int_equal(batch_retryable(b), 1);
	assert_int_equal(batch_retry_after(b), 2);
	assert_non_null(strstr(batch_get(b, 0)->error, "slow down"));
	/* Sent again: the same key. */
	assert_int_equal(batch_commit(b, c, rs, batch_done, &done), 1);
	srv_drive_all(c, 10000);
	assert_int_equal(srv_count(s), 2);
	srv_header(s, 0, "Idempotency-Key", first, sizeof first);
	srv_header(s, 1, "Idempotency-Key", key, sizeof key);
	assert_int_equal(strlen(first), 36);
	assert_string_equal(first, key);
	govdx_client_free(c);
	batch_free(b);
	casestore_free(rs);
	srv_stop(s);
}

/* A request as the service answers a transition: REQ-000001 approved. */
static const char approved_json[] =
	"{\"id\":\"REQ-000001\",\"state\":\"approved\",\"entry_code\":\"130000008-310008-0001\","
	"\"entry_name\":\"社会组织统一社会信用代码信息\",\"provider_department\":\"130000008\","
	"\"provider_department_name\":\"河北省民政厅\",\"provider_platform\":\"130000\","
	"\"requester_department\":\"130000007\",\"requester_department_name\":\"河北省公安厅\","
	"\"requester_platform\":\"130000\",\"requester_user\":\"hebei-official\",\"purpose\":\"核查\","
	"\"legal_basis\":\"条例\",\"items\":[\"统一社会信用代码\"],"
	"\"period\":{\"from\":\"2026-01-01\",\"to\":\"2026-12-31\"},\"reason\":null,"
	"\"deadline\":null,\"working_days_left\":null,\"due_soon\":false,\"overdue\":false,"
	"\"created_at\":\"2026-12-01T09:00:00Z\",\"updated_at\":\"2026-12-06T09:00:00Z\","
	"\"decided_by\":\"hebei-approver\",\"decided_at\":\"2026-12-06T09:00:00Z\",\"version\":2,"
	"\"actions\":[]}";

/* After a decision on the row under the cursor, the cursor goes on to the
 * next row, not after the decided case to where it sorts now (last: it has
 * no deadline any more); a decision that failed leaves it where it is. */
static void test_cursor_moves_on_after_decision(void **state)
{
	const struct srv_step steps[] = {
		/* the queue asks for its first page again when it opens: the
		 * rows the test filed stay when that fails */
		{.status = 503, .body = "{\"error\":{\"code\":\"unavailable\",\"message\":\"busy\"}}"},
		{.status = 200, .headers = "ETag: \"2\"\r\n", .body = approved_json},
		{.status = 412, .body = "{\"error\":{\"code\":\"precondition_failed\","
		                        "\"message\":\"the request has changed\"}}"},
	};
	struct srv_fixture *f = *state;
	struct srv *s = srv_start(steps, 3);
	struct app *app = app_new();
	struct casestore_hooks hooks = { noop, NULL, NULL, NULL, NULL };
	struct casestore_list *l;
	struct ui_rect r = { 1, 0, 20, 80 };
	struct cmd_ctx ctx = { 0 };
	struct view *q;
	char row[64];
	int i;

	app->client = srv_client(f, srv_port(s), 5000);
	app->cases = casestore_new(app->client, &hooks, app_now_ms);
	l = casestore_list(app->cases, &case_kind_request, "all", "");
	l->state = STORE_DONE;
	l->complete = true;
	for (i = 1; i <= 3; i++) {
		char id[16], day[16];
		struct govdx_request *x;
		snprintf(id, sizeof id, "REQ-00000%d", i);
		snprintf(day, sizeof day, "2026-12-1%d", i);
		x = req(id, "pending", day, "130000008", "130000007");
		TEST_OFFER(x, "approve reject! return!");
		casestore_put(app->cases, &case_kind_request, x, false);
	}
	q = view_cases_new(app, &case_kind_request, "all", "");
	app_push(app, q);
	ui_canvas_resize(&app->canvas, 24, 80);
	q->ops->recalc(q, app, r);
	srv_drive_all(app->client, 10000); /* that first page, answered alone */
	assert_int_equal(srv_count(s), 1);
	q->ops->recalc(q, app, r);
	assert_true(q->ops->subject(q, app, row, sizeof row));
	assert_string_equal(row, "request:REQ-000001");
	assert_int_equal(cmd_run_line(app, "approve REQ-000001 '同意'", &ctx), 0);
	srv_drive_all(app->client, 10000);
	assert_false(batch_busy(app->batch));
	assert_int_equal(batch_get(app->batch, 0)->state, BATCH_DONE);
	q->ops->recalc(q, app, r);
	assert_true(q->ops->subject(q, app, row, sizeof row));
	assert_string_equal(row, "request:REQ-000002");
	/* refused (412): the cursor stays on the case */
	assert_int_equal(cmd_run_line(app, "approve REQ-000002 '同意'", &ctx), 0);
	srv_drive_all(app->client, 10000);
	assert_int_equal(batch_get(app->batch, 0)->state, BATCH_FAILED);
	q->ops->recalc(q, app, r);
	assert_true(q->ops->subject(q, app, row, sizeof row));
	assert_string_equal(row, "request:REQ-000002");
	app_free(app);
	srv_stop(s);
}

/* A department list asked for ahead of the user (the tree's neighbours)
 * that fails is kept on its list but not said; the same failure of one the
 * user asked for is said. */
static int said;

static void count_failed(void *arg, const struct govdx_error *err, const char *what)
{
	(void)arg, (void)err, (void)what;
	said++;
}

static void test_prefetch_failure_quiet(void **state)
{
	static const char busy[] = "{\"error\":{\"code\":\"internal\",\"message\":\"busy\"}}";
	const struct srv_step steps[] = { {.status = 500, .body = busy}, {.status = 500, .body = busy} };
	struct srv_fixture *f = *state;
	struct srv *s = srv_start(steps, 2);
	struct govdx_client *c = srv_client(f, srv_port(s), 5000);
	struct store_hooks hooks = { noop, count_failed, NULL };
	struct store *st = store_new(c, &hooks);
	struct store_platform *ahead = store_platform(st, "110000");
	struct store_platform *asked = store_platform(st, "120000");

	said = 0;
	store_want_depts(st, ahead, true);
	srv_drive_all(c, 10000);
	assert_int_equal(ahead->depts.state, STORE_ERROR);
	assert_non_null(ahead->depts.error);
	assert_int_equal(said, 0);
	store_want_depts(st, asked, false);
	srv_drive_all(c, 10000);
	assert_int_equal(asked->depts.state, STORE_ERROR);
	assert_int_equal(said, 1);
	govdx_client_free(c);
	store_free(st);
	srv_stop(s);
}

static void test_who_decided(void **state)
{
	struct govdx_request *r = req("REQ-000009", "approved", NULL, "a", "b");
	char buf[200];

	r->decided_by = xstrdup("hebei-approver2");
	r->decided_at = xstrdup("2025-11-20T10:02:33.123+08:00");
	struct case_info c;
	const struct case_kind *k = &case_kind_request;

	k->info(r, &c);
	case_who(&c, buf, sizeof buf);
	assert_string_equal(buf, "approved by hebei-approver2 at 2025-11-20 10:02");
	assert_null(case_action(k, "accept"));
	/* What a text needs is the service's word on the case; with no list
	 * (an older service) every action is offered, its text optional. */
	assert_true(case_may(k, r, "reject"));
	assert_int_equal(case_need(k, r, "reject"), GOVDX_REASON_OPTIONAL);
	TEST_OFFER(r, "approve reject! return- ");
	assert_int_equal(case_need(k, r, "reject"), GOVDX_REASON_REQUIRED);
	assert_int_equal(case_need(k, r, "approve"), GOVDX_REASON_OPTIONAL);
	assert_int_equal(case_need(k, r, "return"), GOVDX_REASON_NONE);
	assert_false(case_may(k, r, "withdraw"));
	assert_false(case_may(k, r, "accept")); /* not a request's action at all */
	assert_string_equal(case_past("withdraw"), "withdrawn");
	govdx_request_free(r);
}

/* Times are shown in Beijing time whatever zone the service wrote them
 * in; what is no timestamp is shown as written, never misread. */
static void test_beijing_time(void **state)
{
	static const char *const cases[][2] = {
		{ "2025-11-20T02:02:33.123456Z", "2025-11-20 10:02" },
		{ "2025-11-20T10:02:33+08:00", "2025-11-20 10:02" },
		{ "2025-12-31T16:30:00Z", "2026-01-01 00:30" },      /* a new year in Beijing */
		{ "2024-02-28T20:00:00Z", "2024-02-29 04:00" },      /* leap day */
		{ "2025-03-01T00:00:00-05:30", "2025-03-01 13:30" }, /* half-hour zones */
		{ "2025-11-20T10:02", "2025-11-20 10:02" },          /* no zone: as written */
		{ "yesterday", "yesterday" },
		{ "2025-13-01T00:00:00Z", "2025-13-01T00:00" },
	};
	char buf[32];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		case_short_time(cases[i][0], buf, sizeof buf);
		assert_string_equal(buf, cases[i][1]);
	}
	case_short_time(NULL, buf, sizeof buf);
	assert_string_equal(buf, "-");
	case_short_time("2025-11-20T02:02:33Z", buf, 8); /* a short buffer is cut, not overrun */
	assert_string_equal(buf, "2025-11");
}

/* The queue drawn into a canvas at 80 columns: marks, days left with !,
 * long Chinese names cut on a character boundary, the other department. */
static struct govdx_me *me_as(const char *role, const char *department, const char *platform)
{
	struct govdx_me *me = xcalloc(1, sizeof *me);

	me->user = xstrdup("someone");
	me->role = xstrdup(role);
	me->department_code = xstrdup(department);
	snprintf(me->platform.code, sizeof me->platform.code, "%s", platform);
	return me;
}

/* The hint line and the detail's "Can be done" offer exactly what the
 * service listed for the user: the requester's withdraw, never approve;
 * the provider's approver's approve/reject/return; nothing on a finished
 * request; a coordination's approve and close.  (Who gets which list is
 * the service's rule, tested in tests/integration/test_case_actions.py.) */
static void test_offered_actions(void **state)
{
	struct app *app = app_new();
	struct casestore_hooks hooks = { noop, NULL, NULL, NULL, NULL };
	struct casestore_list *l;
	struct govdx_request *a;
	struct view *q, *d;
	struct ui_rect r = { 1, 0, 20, 80 };
	char buf[600], acts[200];
	const char *h;
	const struct casestore_item *it;
	int y;
	bool found = false;

	assert_int_equal(cmd_load_text(app, cmd_default_bindings(), "builtin"), 0);
	app->cases = casestore_new(NULL, &hooks, app_now_ms);
	app->me = me_as("official", "130000007", "130000");
	casestore_set_me(app->cases, "130000007", "official");
	l = casestore_list(app->cases, &case_kind_request, "outbox", "");
	l->state = STORE_DONE;
	l->complete = true;
	a = req("REQ-000001", "pending", "2025-01-02", "130000008", "130000007");
	snprintf(a->provider_platform, sizeof a->provider_platform, "130000");
	TEST_OFFER(a, "withdraw");
	casestore_put(app->cases, &case_kind_request, a, false);
	q = view_cases_new(app, &case_kind_request, "outbox", "");
	app_push(app, q);
	ui_canvas_resize(&app->canvas, 24, 80);
	q->ops->recalc(q, app, r);
	h = app_hints(app, q, buf, sizeof buf);
	assert_non_null(strstr(h, "Enter open"));
	assert_non_null(strstr(h, "w withdraw"));
	assert_null(strstr(h, "approve"));
	assert_null(strstr(h, "reject"));
	assert_null(strstr(h, "return"));

	/* The detail: the same list, with the keys of the request view. */
	d = view_case_new(app, "REQ-000001");
	app_push(app, d);
	d->ops->recalc(d, app, r);
	d->ops->draw(d, app, &app->canvas, r);
	for (y = 1; y < 21; y++) {
		char *row = ui_canvas_row_utf8(&app->canvas, y);
		if (strstr(row, "Can be done")) {
			found = true;
			assert_non_null(strstr(row, "w withdraw"));
			assert_null(strstr(row, "approve"));
		}
		free(row);
	}
	assert_true(found);
	h = app_hints(app, d, buf, sizeof buf);
	assert_non_null(strstr(h, "w withdraw"));
	assert_null(strstr(h, "approve"));

	/* The provider's approver. */
	govdx_me_free(app->me);
	app->me = me_as("approver", "130000008", "130000");
	it = casestore_find(app->cases, "REQ-000001");
	TEST_OFFER((struct govdx_request *)it->obj, "approve reject! return!");
	h = app_hints(app, d, buf, sizeof buf);
	assert_non_null(strstr(h, "a approve  x reject  b return"));
	assert_null(strstr(h, "withdraw"));
	/* Rebinding changes the hint: it is read from the bindings. */
	assert_int_equal(cmd_load_text(app, "bind request A approve\nunbind request a\n", "f"), 0);
	h = app_hints(app, d, buf, sizeof buf);
	assert_non_null(strstr(h, "A approve"));

	/* Finished: nothing offered. */
	((struct govdx_request *)it->obj)->state = GOVDX_REQUEST_APPROVED;
	TEST_OFFER((struct govdx_request *)it->obj, "");
	assert_int_equal(cmd_case_actions(app, cmd_view_index("request"), &case_kind_request,
	                                  it->obj, ", ", acts, sizeof acts),
	                 0);
	h = app_hints(app, d, buf, sizeof buf);
	assert_null(strstr(h, "approve"));
	assert_non_null(strstr(h, "nothing for you to do now"));

	/* Coordinating: what the authority is offered, in the kind's order
	 * whatever the service's. */
	((struct govdx_request *)it->obj)->state = GOVDX_REQUEST_COORDINATING;
	govdx_me_free(app->me);
	app->me = me_as("authority", "000000001", "000000");
	TEST_OFFER((struct govdx_request *)it->obj, "close! approve");
	assert_int_equal(cmd_case_actions(app, cmd_view_index("request"), &case_kind_request,
	                                  it->obj, ", ", acts, sizeof acts),
	                 2);
	assert_string_equal(acts, "A approve, c close");
	/* An action the service names that the console does not know is not
	 * offered (it has no command). */
	TEST_OFFER((struct govdx_request *)it->obj, "transfer");
	assert_int_equal(cmd_case_actions(app, cmd_view_index("request"), &case_kind_request,
	                                  it->obj, ", ", acts, sizeof acts),
	                 0);
	app_free(app);
}

static void test_queue_rows(void **state)
{
	struct app *app = app_new();
	struct casestore_hooks hooks = { noop, NULL, NULL, NULL, NULL };
	struct casestore_list *l;
	struct govdx_request *a, *b, *c;
	struct view *v;
	struct ui_rect r = { 1, 0, 20, 80 };
	char *row;
	int y;

	app->cases = casestore_new(NULL, &hooks, app_now_ms);
	casestore_set_me(app->cases, "130000008", "approver");
	l = casestore_list(app->cases, &case_kind_request, "inbox", "");
	l->state = STORE_DONE;
	l->complete = true;
	a = req("REQ-000001", "pending", "2025-01-02", "130000008", "130000007");
	a->working_days_left = -2;
	a->overdue = true;
	a->entry_name = xstrdup("婚姻登记信息");
	a->requester_department_name = xstrdup("河北省公安厅");
	b = req("REQ-000002", "pending", "2025-01-05", "130000008", "130000007");
	b->working_days_left = 1;
	b->due_soon = true;
	b->entry_name = xstrdup("积石山保安族东乡族撒拉族自治县民政局社会组织登记信息");
	b->requester_department_name = xstrdup("积石山保安族东乡族撒拉族自治县公安局");
	c = req("REQ-000003", "approved", NULL, "130000008", "130000007");
	c->entry_name = xstrdup("地名信息");
	c->requester_department_name = xstrdup("公安部");
	casestore_put(app->cases, &case_kind_request, a, false);
	casestore_put(app->cases, &case_kind_request, b, false);
	casestore_put(app->cases, &case_kind_request, c, false);
	casestore_find(app->cases, "REQ-000002")->marked = true;
	app_tag(app, "REQ-000003", 1);
	v = view_cases_new(app, &case_kind_request, "inbox", "");
	ui_canvas_resize(&app->canvas, 24, 80);
	v->ops->recalc(v, app, r);
	v->ops->draw(v, app, &app->canvas, r);
	row = ui_canvas_row_utf8(&app->canvas, 1);
	assert_non_null(strstr(row, "Requests: inbox  3  "));
	free(row);
	row = ui_canvas_row_utf8(&app->canvas, 3);
	assert_string_equal(row, "   REQ-000001 pending        -2d! 婚姻登记信息             河北省公安厅         ");
	free(row);
	row = ui_canvas_row_utf8(&app->canvas, 4);
	assert_string_equal(row, " N REQ-000002 pending         1d! 积石山保安族东乡族撒拉 ~ 积石山保安族东乡族撒~");
	free(row);
	row = ui_canvas_row_utf8(&app->canvas, 5);
	assert_non_null(strstr(row, "*  REQ-000003 approved         -  地名信息"));
	free(row);
	for (y = 0; y < 24; y++) {
		wchar_t *w;
		row = ui_canvas_row_utf8(&app->canvas, y);
		w = ui_width_from_utf8(row);
		assert_int_equal(ui_width_wcs(w, (size_t)-1), 80);
		free(w);
		free(row);
	}
	/* The overdue days are drawn in their role, the cursor row selected. */
	assert_int_equal(app->canvas.cells[3 * 80 + 29].role, UI_ROLE_SELECTED);
	assert_int_equal(app->canvas.cells[4 * 80 + 29].role, UI_ROLE_DUE_SOON);
	assert_true(v->ops->shows(v, app, "REQ-000002"));
	v->ops->set_filter(v, app, "地名");
	v->ops->recalc(v, app, r);
	assert_false(v->ops->shows(v, app, "REQ-000002"));
	assert_true(v->ops->shows(v, app, "REQ-000003"));
	v->ops->free(v);
	app_free(app);
}

/* A provisional deadline: ≈ before the days in the queue (the row still 80
 * columns wide) and before the date in the detail, with the note. */
static void test_provisional_deadline(void **state)
{
	struct app *app = app_new();
	struct casestore_hooks hooks = { noop, NULL, NULL, NULL, NULL };
	struct casestore_list *l;
	struct govdx_request *a;
	struct view *q, *d;
	struct ui_rect r = { 1, 0, 20, 80 };
	char *row;
	int y, seen = 0;

	(void)state;
	assert_int_equal(cmd_load_text(app, cmd_default_bindings(), "builtin"), 0);
	app->cases = casestore_new(NULL, &hooks, app_now_ms);
	app->me = me_as("approver", "130000008", "130000");
	casestore_set_me(app->cases, "130000008", "approver");
	l = casestore_list(app->cases, &case_kind_request, "inbox", "");
	l->state = STORE_DONE;
	l->complete = true;
	a = req("REQ-000001", "pending", "2027-01-11", "130000008", "130000007");
	a->working_days_left = 12;
	a->deadline_provisional = true;
	a->deadline_statute_year = 2027;
	a->entry_name = xstrdup("婚姻登记信息");
	a->requester_department_name = xstrdup("河北省公安厅");
	casestore_put(app->cases, &case_kind_request, a, false);
	q = view_cases_new(app, &case_kind_request, "inbox", "");
	app_push(app, q);
	ui_canvas_resize(&app->canvas, 24, 80);
	q->ops->recalc(q, app, r);
	q->ops->draw(q, app, &app->canvas, r);
	row = ui_canvas_row_utf8(&app->canvas, 3);
	assert_non_null(strstr(row, " REQ-000001 pending       ≈12d  婚姻登记信息"));
	free(row);
	for (y = 0; y < 24; y++) {
		wchar_t *w;

		row = ui_canvas_row_utf8(&app->canvas, y);
		w = ui_width_from_utf8(row);
		assert_int_equal(ui_width_wcs(w, (size_t)-1), 80);
		free(w);
		free(row);
	}
	d = view_case_new(app, "REQ-000001");
	app_push(app, d);
	d->ops->recalc(d, app, r);
	d->ops->draw(d, app, &app->canvas, r);
	for (y = 1; y < 21; y++) {
		row = ui_canvas_row_utf8(&app->canvas, y);
		if (strstr(row, "Deadline") && strstr(row, "≈2027-01-11 (12 working days left)"))
			seen |= 1;
		if (strstr(row, "deadline provisional: the 2027 holiday notice is not imported"))
			seen |= 2;
		free(row);
	}
	assert_int_equal(seen, 3);
	/* The notice imported: the request comes again, recomputed (version
	 * 2), with no mark and no note. */
	a = req("REQ-000001", "pending", "2027-01-08", "130000008", "130000007");
	a->working_days_left = 11;
	a->version = 2;
	casestore_put(app->cases, &case_kind_request, a, false);
	d->ops->recalc(d, app, r);
	d->ops->draw(d, app, &app->canvas, r);
	for (y = 1; y < 21; y++) {
		row = ui_canvas_row_utf8(&app->canvas, y);
		assert_null(strstr(row, "≈"));
		assert_null(strstr(row, "provisional"));
		free(row);
	}
	app_free(app);
}

/* Names with the characters East Asian widths make hard (fullwidth （）,
 * wide 〇, ambiguous · and —, one column in a UTF-8 locale) in both name
 * columns of the queue: every row is the terminal's width and the
 * department column starts at one display column. */
static void test_queue_hard_names(void **state)
{
	static const char *const names[][2] = {
		{ "全国留守儿童和困境儿童信息·历年汇总", "上海市水务局（上海市海洋局）" },
		{ "统计报表数据——二〇二四年第一季度", "邢台市自然资源和规划局" },
		{ "投诉举报办理信息（二〇二〇—二〇二四年）", "国家税务总局上海市税务局" },
		{ "地名信息", "公安部" },
	};
	struct app *app = app_new();
	struct casestore_hooks hooks = { noop, NULL, NULL, NULL, NULL };
	struct casestore_list *l;
	struct view *v;
	struct ui_rect r = { 1, 0, 20, 80 };
	int y, dept_col = -1;
	size_t i;

	(void)state;
	app->cases = casestore_new(NULL, &hooks, app_now_ms);
	casestore_set_me(app->cases, "130000008", "approver");
	l = casestore_list(app->cases, &case_kind_request, "inbox", "");
	l->state = STORE_DONE;
	l->complete = true;
	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		char id[16];
		struct govdx_request *q;
		snprintf(id, sizeof id, "REQ-%06zu", i + 1);
		q = req(id, "pending", "2025-01-02", "130000008", "130000007");
		q->entry_name = xstrdup(names[i][0]);
		q->requester_department_name = xstrdup(names[i][1]);
		casestore_put(app->cases, &case_kind_request, q, false);
	}
	v = view_cases_new(app, &case_kind_request, "inbox", "");
	ui_canvas_resize(&app->canvas, 24, 80);
	v->ops->recalc(v, app, r);
	v->ops->draw(v, app, &app->canvas, r);
	for (y = 0; y < 24; y++) {
		char *row = ui_canvas_row_utf8(&app->canvas, y);
		assert_int_equal(ui_width_utf8(row), 80);
		free(row);
	}
	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		char *row = ui_canvas_row_utf8(&app->canvas, 3 + (int)i);
		char head[16];
		const char *at;
		/* the department's first two characters (UTF-8: 6 bytes) */
		memcpy(head, names[i][1], 6);
		head[6] = '\0';
		at = strstr(row, head);
		assert_non_null(at);
		row[at - row] = '\0';
		if (dept_col < 0)
			dept_col = ui_width_utf8(row);
		assert_int_equal(ui_width_utf8(row), dept_col);
		free(row);
	}
	v->ops->free(v);
	app_free(app);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_edit_typing),         cmocka_unit_test(test_edit_single_line),
		cmocka_unit_test(test_edit_refusal_run),
		cmocka_unit_test(test_order_and_fit),       cmocka_unit_test(test_days_left),
		cmocka_unit_test(test_provisional_deadline),
		cmocka_unit_test(test_queue_hard_names),
		cmocka_unit_test(test_live_placement),      cmocka_unit_test(test_prompt_requires_reason),
		cmocka_unit_test(test_bulk_confirmation),   cmocka_unit_test(test_batch_retry_keeps_keys),
		cmocka_unit_test(test_reason_kept_after_failure),
		cmocka_unit_test_setup_teardown(test_prefetch_failure_quiet, srv_fixture_setup,
		                                srv_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_cursor_moves_on_after_decision, srv_fixture_setup,
		                                srv_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_batch_rate_limited, srv_fixture_setup,
		                                srv_fixture_teardown),
		cmocka_unit_test(test_who_decided),         cmocka_unit_test(test_queue_rows),
		cmocka_unit_test(test_offered_actions),     cmocka_unit_test(test_beijing_time),
		cmocka_unit_test(test_prompt_esc_keeps_text),
		cmocka_unit_test(test_form_refused_at_once),
	};

	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests_name("tui-requests", tests, NULL, NULL);
}
