/*
 * test-tui-objections — the console's objection pieces without a service:
 * the objection kind of a case (boxes, states, actions and which need a
 * text), box fit (the helpdesk box is the caller's platform subtree), the
 * kind labels, the queue at 80 columns with its kind column, decisions
 * dispatched by the case they act on (`close` on an objection is the
 * objection's close, a request action on an objection is refused, a blank
 * note refused), the bulk confirmation counting objections only, and the
 * disputed flag as a word in the directory's entry summaries.
 */
#include "config.h"

#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "app.h"
#include "case.h"
#include "casestore.h"
#include "cmd.h"
#include "ui-form.h"
#include "ui-text.h"
#include "ui-theme.h"
#include "ui-width.h"
#include "view.h"
#include "tui-test-cases.h"
#include "xalloc.h"

static struct govdx_objection *obj(const char *id, const char *state, const char *provider,
                                   const char *raiser)
{
	struct govdx_objection *o = xcalloc(1, sizeof *o);

	o->id = xstrdup(id);
	o->state_name = xstrdup(state);
	o->state = govdx_objection_state_from(state);
	o->kind = GOVDX_OBJECTION_INCOMPLETE;
	o->kind_name = xstrdup("incomplete");
	o->provider_department = xstrdup(provider);
	snprintf(o->provider_platform, sizeof o->provider_platform, "%.6s", provider);
	o->raiser_department = xstrdup(raiser);
	snprintf(o->raiser_platform, sizeof o->raiser_platform, "%.6s", raiser);
	o->working_days_left = GOVDX_NO_DAYS_LEFT;
	o->version = 1;
	return o;
}

static void noop(void *arg)
{
	(void)arg;
}

static void test_kind_tables(void **state)
{
	const struct case_kind *k = &case_kind_objection;

	assert_ptr_equal(case_kind_of_id("OBJ-000045"), k);
	assert_ptr_equal(case_kind_of_id("REQ-000123"), &case_kind_request);
	assert_null(case_kind_of_id("OBJ-"));
	assert_null(case_kind_of_id("130000008-310008-0001"));
	assert_ptr_equal(case_kind_named("objections"), k);
	assert_ptr_equal(case_kind_named("objection"), k);
	assert_string_equal(case_action(k, "correct")->word, "note");
	assert_string_equal(case_action(k, "reopen")->word, "reason");
	/* close is an action of both kinds, with their own words */
	assert_non_null(case_action(k, "close"));
	assert_non_null(case_action(&case_kind_request, "close"));
	assert_string_equal(case_action(k, "reopen")->reader, "the helpdesk and the provider");
	assert_null(case_action(k, "approve"));
	assert_string_equal(case_past("uphold"), "upheld");
	assert_string_equal(case_objection_kind_label(GOVDX_OBJECTION_INCORRECT),
	                    "数据错误 incorrect");
	assert_string_equal(case_objection_kind_short(GOVDX_OBJECTION_INCONSISTENT), "数据不一致");
	assert_string_equal(case_objection_kind_short(GOVDX_OBJECTION_OTHER), "其他");
	assert_string_equal(k->default_box("helpdesk"), "helpdesk");
	assert_string_equal(k->default_box("approver"), "provider");
	assert_string_equal(k->default_box("official"), "raised");
	assert_string_equal(k->default_box("admin"), "all");
}

static void test_fit(void **state)
{
	const struct case_kind *k = &case_kind_objection;
	struct govdx_objection *a = obj("OBJ-000001", "raised", "130102008", "130000007");
	struct govdx_objection *b = obj("OBJ-000002", "verifying", "330000008", "130000007");

	/* helpdesk: the provider in the caller's platform subtree */
	assert_true(k->fits(a, "helpdesk", "", "130000032", "helpdesk"));  /* province */
	assert_true(k->fits(a, "helpdesk", "", "130100032", "helpdesk"));  /* its city */
	assert_false(k->fits(a, "helpdesk", "", "130200032", "helpdesk")); /* another city */
	assert_true(k->fits(b, "helpdesk", "", "000000042", "helpdesk"));  /* national */
	assert_false(k->fits(b, "helpdesk", "", "130000032", "helpdesk"));
	assert_true(k->fits(a, "provider", "raised", "130102008", "approver"));
	assert_false(k->fits(a, "provider", "verifying", "130102008", "approver"));
	assert_true(k->fits(b, "raised", NULL, "130000007", "official"));
	assert_false(k->fits(b, "raised", NULL, "130000008", "official"));
	assert_true(k->fits(b, "all", "verifying", "x", "admin"));
	govdx_objection_free(a);
	govdx_objection_free(b);
}

/* The objection queue at 80 columns: the kind column, the raiser in the
 * provider box, every row exactly 80 wide. */
static void test_queue_rows(void **state)
{
	struct app *app = app_new();
	struct casestore_hooks hooks = { noop, NULL, NULL, NULL, NULL };
	struct casestore_list *l;
	struct govdx_objection *a, *b;
	struct view *v;
	struct ui_rect r = { 1, 0, 20, 80 };
	char *row;
	int y;

	app->cases = casestore_new(NULL, &hooks, app_now_ms);
	casestore_set_me(app->cases, "130000008", "approver");
	l = casestore_list(app->cases, &case_kind_objection, "provider", "");
	l->state = STORE_DONE;
	l->complete = true;
	a = obj("OBJ-000001", "verifying", "130000008", "130000007");
	a->has_deadline = true;
	snprintf(a->deadline, sizeof a->deadline, "2025-01-02");
	a->working_days_left = -3;
	a->overdue = true;
	a->entry_name = xstrdup("社会组织统一社会信用代码信息");
	a->raiser_department_name = xstrdup("河北省公安厅");
	b = obj("OBJ-000002", "raised", "130000008", "000000008");
	b->kind = GOVDX_OBJECTION_OTHER;
	b->entry_name = xstrdup("婚姻登记信息");
	b->raiser_department_name = xstrdup("公安部");
	casestore_put(app->cases, &case_kind_objection, a, false);
	casestore_put(app->cases, &case_kind_objection, b, false);
	/* a request is never placed in an objection queue */
	{
		struct govdx_request *q = xcalloc(1, sizeof *q);
		q->id = xstrdup("REQ-000009");
		q->state_name = xstrdup("pending");
		q->provider_department = xstrdup("130000008");
		q->working_days_left = GOVDX_NO_DAYS_LEFT;
		q->version = 1;
		casestore_put(app->cases, &case_kind_request, q, false);
	}
	assert_int_equal(l->ids.n, 2);
	v = view_cases_new(app, &case_kind_objection, "provider", "");
	assert_ptr_equal(view_cases_kind(v), &case_kind_objection);
	assert_string_equal(v->ops->name, "objections");
	ui_canvas_resize(&app->canvas, 24, 80);
	v->ops->recalc(v, app, r);
	v->ops->draw(v, app, &app->canvas, r);
	row = ui_canvas_row_utf8(&app->canvas, 1);
	assert_non_null(strstr(row, "Objections: provider  2  "));
	free(row);
	row = ui_canvas_row_utf8(&app->canvas, 2);
	assert_non_null(strstr(row, "Kind"));
	assert_non_null(strstr(row, "Raiser"));
	free(row);
	row = ui_canvas_row_utf8(&app->canvas, 3);
	assert_string_equal(row, "   OBJ-000001 verifying    -3d! 数据不完整 社会组织统一社会信~ 河北省公安厅     ");
	free(row);
	row = ui_canvas_row_utf8(&app->canvas, 4);
	assert_non_null(strstr(row, "OBJ-000002 raised         -  其他"));
	free(row);
	for (y = 0; y < 24; y++) {
		wchar_t *w;
		row = ui_canvas_row_utf8(&app->canvas, y);
		w = ui_width_from_utf8(row);
		assert_int_equal(ui_width_wcs(w, (size_t)-1), 80);
		free(w);
		free(row);
	}
	/* the filter reaches the kind column */
	v->ops->set_filter(v, app, "其他");
	v->ops->recalc(v, app, r);
	assert_false(v->ops->shows(v, app, "OBJ-000001"));
	assert_true(v->ops->shows(v, app, "OBJ-000002"));
	v->ops->free(v);
	app_free(app);
}

/* A queue of one entry's objections holds that entry's alone, live
 * arrivals included; the queue view of it says which entry, and a box
 * asked for again shows the whole box. */
static void test_entry_queue(void **state)
{
	struct app *app = app_new();
	struct casestore_hooks hooks = { noop, NULL, NULL, NULL, NULL };
	struct casestore_list *l, *all;
	struct govdx_objection *a, *b, *c;
	struct view *v;
	struct ui_rect r = { 1, 0, 20, 80 };
	char *row;

	(void)state;
	app->cases = casestore_new(NULL, &hooks, app_now_ms);
	casestore_set_me(app->cases, "130000008", "helpdesk");
	l = casestore_list_entry(app->cases, &case_kind_objection, "all", "",
	                         "130000008-310008-0001");
	all = casestore_list(app->cases, &case_kind_objection, "all", "");
	assert_ptr_not_equal(l, all);
	assert_string_equal(l->entry, "130000008-310008-0001");
	assert_string_equal(all->entry, "");
	/* requests are not listed by entry: the same list as the box's */
	assert_ptr_equal(casestore_list_entry(app->cases, &case_kind_request, "all", "", "x"),
	                 casestore_list(app->cases, &case_kind_request, "all", ""));
	l->state = all->state = STORE_DONE;
	l->complete = all->complete = true;
	a = obj("OBJ-000001", "raised", "130000008", "130000007");
	a->entry_code = xstrdup("130000008-310008-0001");
	b = obj("OBJ-000002", "verifying", "130000008", "130000007");
	b->entry_code = xstrdup("130000008-310008-0002");
	c = obj("OBJ-000003", "closed", "130000008", "000000008");
	c->entry_code = xstrdup("130000008-310008-0001");
	casestore_put(app->cases, &case_kind_objection, a, false);
	casestore_put(app->cases, &case_kind_objection, b, false);
	casestore_put(app->cases, &case_kind_objection, c, false);
	assert_int_equal(all->ids.n, 3);
	assert_int_equal(l->ids.n, 2);
	assert_string_equal(pages_peek(&l->ids, 0), "OBJ-000001");
	assert_string_equal(pages_peek(&l->ids, 1), "OBJ-000003");

	v = view_cases_new(app, &case_kind_objection, "all", "");
	view_cases_set_entry(v, app, "130000008-310008-0001");
	ui_canvas_resize(&app->canvas, 24, 80);
	v->ops->recalc(v, app, r);
	v->ops->draw(v, app, &app->canvas, r);
	row = ui_canvas_row_utf8(&app->canvas, 1);
	assert_non_null(strstr(row, "Objections: all · entry 130000008-310008-0001  2  "));
	free(row);
	assert_true(v->ops->shows(v, app, "OBJ-000003"));
	assert_false(v->ops->shows(v, app, "OBJ-000002"));
	/* T tags what is loaded, and says so while more pages wait. */
	{
		char err[200];
		l->complete = false;
		assert_int_equal(v->ops->request(v, app, REQ_TAG_PATTERN, "raised", err, sizeof err),
		                 0);
		assert_true(app_tagged(app, "OBJ-000001"));
		assert_non_null(strstr(app->status, "of the rows loaded: more pages wait"));
		l->complete = true;
		assert_int_equal(v->ops->request(v, app, REQ_TAG_PATTERN, "raised", err, sizeof err),
		                 0);
		assert_null(strstr(app->status, "more pages wait"));
		app_tag(app, "OBJ-000001", 0);
	}
	view_cases_show(v, app, "all", "");
	v->ops->recalc(v, app, r);
	assert_true(v->ops->shows(v, app, "OBJ-000002"));
	{
		struct cmd_ctx ctx = { 0 };
		assert_int_equal(cmd_run_line(app, "entry-objections 13000000", &ctx), -1);
		assert_non_null(strstr(ctx.err, "'13000000' is not an entry code"));
	}
	v->ops->free(v);
	app_free(app);
}

/* Decisions go to the kind of the case they act on. */
static void test_dispatch(void **state)
{
	struct app *app = app_new();
	struct casestore_hooks hooks = { noop, NULL, NULL, NULL, NULL };
	struct cmd_ctx ctx = { 0 };

	assert_int_equal(cmd_load_text(app, cmd_default_bindings(), "builtin"), 0);
	app->cases = casestore_new(NULL, &hooks, app_now_ms);
	/* Each case offers what the service would list for the user. */
	{
		struct govdx_objection *o1 = obj("OBJ-000001", "corrected", "130000008", "130000007");
		struct govdx_objection *o2 = obj("OBJ-000002", "upheld", "130000008", "130000007");
		struct govdx_objection *o31 = obj("OBJ-000031", "verifying", "130000008",
		                                  "130000007");
		TEST_OFFER(o1, "close");
		TEST_OFFER(o2, "close reopen!");
		TEST_OFFER(o31, "correct! uphold!");
		casestore_put(app->cases, &case_kind_objection, o1, false);
		casestore_put(app->cases, &case_kind_objection, o2, false);
		casestore_put(app->cases, &case_kind_objection, o31, false);
	}
	/* a request action on an objection: refused before anything is asked */
	assert_int_equal(cmd_run_line(app, "approve OBJ-000001", &ctx), -1);
	assert_non_null(strstr(ctx.err, "approve is not an action on objections"));
	assert_int_equal(app->mode, APP_MODE_NORMAL);
	/* and the other way round */
	assert_int_equal(cmd_run_line(app, "accept REQ-000001", &ctx), -1);
	assert_non_null(strstr(ctx.err, "accept is not an action on requests"));
	/* a blank note given on the line is refused (the service requires it) */
	assert_int_equal(cmd_run_line(app, "correct OBJ-000031 '  '", &ctx), -1);
	assert_non_null(strstr(ctx.err, "correct needs a note"));
	/* close on an objection: the objection's close, whose reason is optional */
	assert_int_equal(cmd_run_line(app, "close OBJ-000001", &ctx), 0);
	assert_int_equal(app->mode, APP_MODE_PROMPT);
	assert_string_equal(app->prompt.title, " Close OBJ-000001 — reason (optional: Enter skips):");
	app_prompt_cancel(app);
	/* what the service does not offer is said before any reason is
	 * typed, with what is offered, whether the reason is typed later or
	 * was given on the line */
	assert_int_equal(cmd_run_line(app, "accept OBJ-000001", &ctx), 0);
	assert_int_equal(app->mode, APP_MODE_NORMAL);
	assert_non_null(strstr(app->status, "OBJ-000001 not accepted: it is corrected (can be "
	                                    "done: "));
	assert_non_null(strstr(app->status, "close)"));
	assert_int_equal(cmd_run_line(app, "dismiss OBJ-000001 '不属实'", &ctx), 0);
	assert_int_equal(app->mode, APP_MODE_NORMAL);
	assert_non_null(strstr(app->status, "OBJ-000001 not dismissed: it is corrected"));
	{
		/* a newer version: closed, its reopen date passed */
		struct govdx_objection *o = obj("OBJ-000002", "closed", "130000008", "130000007");
		o->version = 2;
		TEST_OFFER(o, "");
		casestore_put(app->cases, &case_kind_objection, o, false);
	}
	assert_int_equal(cmd_run_line(app, "reopen OBJ-000002", &ctx), 0);
	assert_int_equal(app->mode, APP_MODE_NORMAL);
	assert_non_null(strstr(app->status, "OBJ-000002 not reopened: it is closed (can be done: nothing by you)"));
	/* a reopen's reason is read by the helpdesk and the provider */
	TEST_OFFER((struct govdx_objection *)casestore_find(app->cases, "OBJ-000002")->obj,
	           "reopen!");
	assert_int_equal(cmd_run_line(app, "reopen OBJ-000002 ' '", &ctx), -1);
	assert_non_null(strstr(ctx.err, "the helpdesk and the provider read it"));
	/* an action that takes no text refuses one given, and asks for none */
	TEST_OFFER((struct govdx_objection *)casestore_find(app->cases, "OBJ-000002")->obj,
	           "reopen-");
	assert_int_equal(cmd_run_line(app, "reopen OBJ-000002 '再查'", &ctx), -1);
	assert_string_equal(ctx.err, "reopen takes no reason: give none");
	{
		struct govdx_objection *o = obj("OBJ-000002", "upheld", "130000008", "130000007");
		o->version = 3;
		TEST_OFFER(o, "close reopen!");
		casestore_put(app->cases, &case_kind_objection, o, false);
	}
	/* close on a request: the coordination close, whose reason is required */
	{
		struct govdx_request *q = xcalloc(1, sizeof *q);
		q->id = xstrdup("REQ-000001");
		q->state_name = xstrdup("coordinating");
		q->state = GOVDX_REQUEST_COORDINATING;
		q->provider_department = xstrdup("130000008");
		q->working_days_left = GOVDX_NO_DAYS_LEFT;
		q->version = 1;
		TEST_OFFER(q, "approve close!");
		casestore_put(app->cases, &case_kind_request, q, false);
	}
	assert_int_equal(cmd_run_line(app, "close REQ-000001", &ctx), 0);
	assert_string_equal(app->prompt.title, " Close REQ-000001 — reason (required):");
	app_prompt_cancel(app);
	/* a case given by id and not loaded is fetched before the reason is
	 * asked for: one that is not there is refused without a prompt */
	assert_int_equal(cmd_run_line(app, "accept OBJ-000029", &ctx), 0);
	assert_int_equal(app->mode, APP_MODE_NORMAL);
	assert_non_null(strstr(app->status, "fetching OBJ-000029 first"));
	{
		struct casestore_item *it = casestore_item(app->cases, "OBJ-000029");
		it->state = STORE_ERROR;
		it->not_found = true;
	}
	cmd_cases_tick(app);
	assert_int_equal(app->mode, APP_MODE_NORMAL);
	assert_string_equal(app->status,
	                    "OBJ-000029 not accepted: no such case is visible to you");
	assert_null(app->decision_waiting);
	/* ... and one that arrives gets the prompt */
	assert_int_equal(cmd_run_line(app, "accept OBJ-000030", &ctx), 0);
	assert_int_equal(app->mode, APP_MODE_NORMAL);
	{
		struct govdx_objection *o30 = obj("OBJ-000030", "raised", "130000008", "130000007");
		TEST_OFFER(o30, "accept dismiss!");
		casestore_put(app->cases, &case_kind_objection, o30, false);
	}
	cmd_cases_tick(app);
	assert_int_equal(app->mode, APP_MODE_PROMPT);
	assert_string_equal(app->prompt.title,
	                    " Accept OBJ-000030 — reason (optional: Enter skips):");
	app_prompt_cancel(app);
	/* uphold (of one being verified) asks for a note */
	assert_int_equal(cmd_run_line(app, "uphold OBJ-000031", &ctx), 0);
	assert_string_equal(app->prompt.title, " Uphold OBJ-000031 — note (required):");
	app_prompt_key(app, '\n');
	assert_non_null(strstr(app->prompt.note, "uphold needs a note"));
	app_prompt_cancel(app);
	/* bulk: only the tagged objections count, the tagged request does not */
	app_tag(app, "OBJ-000001", 1);
	app_tag(app, "OBJ-000002", 1);
	app_tag(app, "REQ-000007", 1);
	assert_int_equal(cmd_run_line(app, "tag-prefix", &ctx), 0);
	/* both kinds have close: which is meant is not guessed */
	assert_int_equal(cmd_run_line(app, "close", &ctx), -1);
	assert_non_null(strstr(ctx.err, "both requests and objections are tagged"));
	/* dismiss only objections have; neither tagged one offers it
	 * (corrected, upheld): refused before any reason */
	assert_int_equal(cmd_run_line(app, "tag-prefix", &ctx), 0);
	assert_int_equal(cmd_run_line(app, "dismiss", &ctx), -1);
	assert_non_null(strstr(ctx.err, "no tagged objections can be dismissed by you now"));
	assert_int_equal(app->mode, APP_MODE_NORMAL);
	/* on the objection queue, close means the objections */
	app_push(app, view_cases_new(app, &case_kind_objection, "all", ""));
	assert_int_equal(cmd_run_line(app, "tag-prefix", &ctx), 0);
	assert_int_equal(cmd_run_line(app, "close", &ctx), 0);
	assert_int_equal(app->mode, APP_MODE_PROMPT);
	assert_non_null(strstr(app->prompt.title, "Close 2 tagged objections"));
	app_prompt_key(app, '\n');
	assert_int_equal(app->mode, APP_MODE_CONFIRM);
	assert_string_equal(app->prompt.title, "Close 2 objections (2 hidden by the filter)? y/n");
	app_prompt_key(app, 'n');
	assert_int_equal(app_n_tagged(app), 3);
	/* a box that is also a state */
	assert_int_equal(cmd_run_line(app, "objections provider bogus", &ctx), -1);
	assert_non_null(strstr(ctx.err, "neither a box (helpdesk, provider, raised or all)"));
	app_free(app);
}

/* The directory flags a disputed entry with a word, not only a colour. */
static void test_disputed_flag(void **state)
{
	struct app *app = app_new();
	struct govdx_entry e = { 0 };
	struct ui_text t = { 0 };
	size_t i;
	bool titled = false, field = false;

	e.code = "130000008-310008-0001";
	e.name = "社会组织统一社会信用代码信息";
	memcpy(e.platform_code, "130000", 7);
	e.disputed = true;
	app->store = store_new(NULL, &(struct store_hooks){ noop, NULL, NULL });
	ui_text_reset(&t, 78, 16);
	view_entry_describe(app, &t, &e, false);
	for (i = 0; i < t.n; i++) {
		if (t.rows[i].text && strstr(t.rows[i].text, "异议 社会组织") &&
		    t.rows[i].role == UI_ROLE_DISPUTED)
			titled = true;
		if (t.rows[i].label && !strcmp(t.rows[i].label, "异议标注") &&
		    strstr(t.rows[i].text, "异议标注"))
			field = true;
	}
	assert_true(titled);
	assert_true(field);
	ui_text_free(&t);
	store_free(app->store);
	app->store = NULL;
	app_free(app);
}

/* What is offered is the service's list for the user and nothing else:
 * the console keeps no rule of its own (who, in which state, the reopen
 * window); the service's are tested in tests/integration/test_case_actions.py. */
static void test_offered_actions(void **state)
{
	struct govdx_objection *o = obj("OBJ-000001", "raised", "130100001", "130000002");
	const struct case_kind *k = &case_kind_objection;

	/* No list (an older service): every objection action, the service
	 * decides; never a request's. */
	assert_true(case_may(k, o, "accept"));
	assert_true(case_may(k, o, "reopen"));
	assert_false(case_may(k, o, "approve"));
	assert_false(case_may(k, o, "no-such-action"));
	TEST_OFFER(o, "accept dismiss!");
	assert_true(case_may(k, o, "accept"));
	assert_true(case_may(k, o, "dismiss"));
	assert_false(case_may(k, o, "correct"));
	assert_int_equal(case_need(k, o, "dismiss"), GOVDX_REASON_REQUIRED);
	assert_int_equal(case_need(k, o, "accept"), GOVDX_REASON_OPTIONAL);
	/* A state that would allow reopening offers nothing the list does
	 * not hold (the reopen date passed, or another department). */
	o->state = GOVDX_OBJECTION_CLOSED;
	TEST_OFFER(o, "");
	assert_false(case_may(k, o, "reopen"));
	TEST_OFFER(o, "reopen!");
	assert_true(case_may(k, o, "reopen"));
	assert_false(case_may(k, o, "close"));
	case_kind_objection.free(o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kind_tables), cmocka_unit_test(test_fit),
		cmocka_unit_test(test_queue_rows),  cmocka_unit_test(test_dispatch),
		cmocka_unit_test(test_disputed_flag), cmocka_unit_test(test_offered_actions),
		cmocka_unit_test(test_entry_queue),
	};

	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests_name("tui-objections", tests, NULL, NULL);
}
