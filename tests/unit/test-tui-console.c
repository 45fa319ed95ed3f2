/*
 * test-tui-console — console defects found in use, each pinned by a test
 * of the pure logic behind it: the command line's raw arguments and
 * character counting, edit-field limits, config warnings, queue rows that
 * leave a state-filtered queue, the help's key column, the actions a user
 * may take, the Beijing date, key sequences, the words for a failed call.
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
#include <time.h>

#include <cmocka.h>

#include "app.h"
#include "beijing.h"
#include "cmd.h"
#include "casestore.h"
#include "store.h"
#include "ui-edit.h"
#include "ui-form.h"
#include "ui-keys.h"
#include "ui-text.h"
#include "ui-theme.h"
#include "ui-width.h"
#include "view-form.h"
#include "view.h"
#include "xalloc.h"

/* :search and :goto take the rest of the line as typed; others still
 * split and unquote. */
static void test_raw_arguments(void **state)
{
	struct app *app = app_new();
	struct cmd_ctx ctx = { 0 };
	struct view *v;
	char crumbs[256];

	assert_int_equal(cmd_run_line(app, "search ';drop", &ctx), 0);
	v = app_top(app);
	assert_non_null(v);
	assert_string_equal(v->ops->name, "search");
	v->ops->crumbs(v, app, crumbs, sizeof crumbs);
	assert_string_equal(crumbs, "search › ';drop");
	assert_int_equal(cmd_run_line(app, "  search   婚姻 登记 \"x\"  ", &ctx), 0);
	v = app_top(app);
	v->ops->crumbs(v, app, crumbs, sizeof crumbs);
	assert_string_equal(crumbs, "search › 婚姻 登记 \"x\"");
	app_push(app, view_help_new(app));
	v = app_top(app);
	assert_int_equal(cmd_run_line(app, "filter \"内蒙古\" #x", &ctx), 0);
	assert_string_equal(v->ops->filter(v), "\"内蒙古\" #x");
	assert_int_equal(cmd_run_line(app, "filter", &ctx), 0);
	assert_string_equal(v->ops->filter(v), "");
	/* A tokenised command still reports its quoting. */
	assert_int_equal(cmd_run_line(app, "context 'x", &ctx), -1);
	assert_string_equal(ctx.err, "unterminated single quote");
	app_free(app);
}

/* Two characters, not two bytes: one Chinese character is refused
 * locally with the same words as one ASCII character. */
static void test_search_counts_characters(void **state)
{
	struct app *app = app_new();
	struct cmd_ctx ctx = { 0 };
	char ascii[512];

	assert_int_equal(cmd_chars("婚姻"), 2);
	assert_int_equal(cmd_chars("a"), 1);
	assert_int_equal(cmd_run_line(app, "search a", &ctx), -1);
	snprintf(ascii, sizeof ascii, "%s", ctx.err);
	assert_int_equal(cmd_run_line(app, "search 婚", &ctx), -1);
	assert_string_equal(ctx.err, ascii);
	assert_non_null(strstr(ctx.err, "at least two characters"));
	assert_null(app_top(app));
	assert_int_equal(cmd_run_line(app, "search 婚姻", &ctx), 0);
	assert_non_null(app_top(app));
	app_free(app);
}

/* The forms take what the service takes (2000 characters of purpose,
 * 4000 of description) and refuse more, visibly. */
static void test_field_limits(void **state)
{
	struct app *app = app_new();
	struct view *v = view_form_new(app, "130000008-310008-0001");
	struct view_form *f = (struct view_form *)v;
	struct ui_edit *purpose = f->fops->edit(f, 0);
	char count[48];
	int i;

	app_push(app, v);
	for (i = 0; i < 2000; i++)
		assert_true(v->ops->key(v, app, i % 2 ? 0x5a5a /* 婚-like */ : 'a'));
	assert_int_equal(ui_edit_length(purpose), 2000);
	assert_string_equal(f->message, ""); /* nothing refused yet */
	assert_string_equal(ui_form_counter(purpose, count, sizeof count), "2000/2000");
	v->ops->key(v, app, 'b');
	v->ops->key(v, app, 'c');
	assert_int_equal(ui_edit_length(purpose), 2000);
	assert_non_null(strstr(f->message, "Purpose is full: at most 2000 characters"));
	assert_int_equal(app->status_role, UI_ROLE_ERROR);
	/* Drawn in 20 columns: with the focus, the end (where the cursor is)
	 * and ^ for text above; without, the start and ~ for text below. */
	{
		char *row;
		ui_canvas_resize(&app->canvas, 2, 40);
		ui_form_edit(&app->canvas, 0, 0, 20, 1, purpose, true);
		row = ui_canvas_row_utf8(&app->canvas, 0);
		assert_non_null(strstr(row, "^"));
		free(row);
		ui_form_edit(&app->canvas, 1, 0, 20, 1, purpose, false);
		row = ui_canvas_row_utf8(&app->canvas, 1);
		assert_true(!strncmp(row, "a婚a婚", strlen("a婚a婚")));
		assert_non_null(strstr(row, "~"));
		free(row);
	}
	app_pop(app);

	v = view_objform_new(app, "130000008-310008-0001", NULL);
	f = (struct view_form *)v;
	assert_int_equal(ui_edit_max(f->fops->edit(f, 3)), 4000); /* description */
	assert_int_equal(ui_edit_max(f->fops->edit(f, 4)), 4000); /* evidence */
	assert_int_equal(ui_edit_max(f->fops->edit(f, 2)), 200);  /* record key */
	v->ops->free(v);

	/* The reason prompt: 2000, and the note says so when it is full. */
	app_ask(app, "Reject REQ-000001 — reason (required):", true, "needs a reason", NULL, NULL);
	for (i = 0; i < 2001; i++)
		app_prompt_key(app, 'x');
	assert_int_equal(ui_edit_length(app->prompt.edit), 2000);
	assert_non_null(strstr(app->prompt.note, "is full: at most 2000 characters"));
	app_prompt_cancel(app);
	app_free(app);
}

/* The period starts from today in Beijing, whatever the machine's zone,
 * and a past start is refused with the service's words. */
static void test_beijing_period(void **state)
{
	char d[11], why[200];
	/* 2026-11-26 17:30 UTC is already the 27th in Beijing. */
	time_t t = 1795714200;

	setenv("TZ", "America/Los_Angeles", 1);
	tzset();
	ui_form_beijing_date(t, 0, d);
	assert_string_equal(d, "2026-11-27");
	ui_form_beijing_date(t, 1, d);
	assert_string_equal(d, "2027-11-27");
	/* 2028-02-29 10:00 Beijing: a year on is the 28th. */
	ui_form_beijing_date(1835402400, 1, d);
	assert_string_equal(d, "2029-02-28");
	assert_null(ui_form_period_error("2026-11-27", "2027-11-27", t, why, sizeof why));
	assert_non_null(ui_form_period_error("2026-11-26", "2027-11-27", t, why, sizeof why));
	assert_non_null(strstr(why, "the usage period cannot start in the past"));
	assert_non_null(strstr(why, "2026-11-27"));
	assert_non_null(ui_form_period_error("2026-11-27", "2031-11-28", t, why, sizeof why));
	assert_non_null(strstr(why, "at most 5 years"));
	assert_non_null(ui_form_period_error("2026-11-30", "2026-11-28", t, why, sizeof why));
	assert_non_null(ui_form_period_error("2026-02-30", "2026-11-28", t, why, sizeof why));
	unsetenv("TZ");
	tzset();
}

static void noop(void *arg)
{
	(void)arg;
}

static struct govdx_request *req(const char *id, const char *state, long version)
{
	struct govdx_request *r = xcalloc(1, sizeof *r);

	r->id = xstrdup(id);
	r->state_name = xstrdup(state);
	r->state = govdx_request_state_from(state);
	r->working_days_left = GOVDX_NO_DAYS_LEFT;
	r->provider_department = xstrdup("130000008");
	r->requester_department = xstrdup("130000007");
	r->version = version;
	return r;
}

/* A decided row leaves a queue filtered on the state it had, and the
 * count follows; the unfiltered queue keeps it. */
static void test_state_filtered_queue(void **state)
{
	struct casestore_hooks hooks = { noop, NULL, NULL, NULL, NULL };
	struct casestore *cs = casestore_new(NULL, &hooks, app_now_ms);
	struct casestore_list *pend = casestore_list(cs, &case_kind_request, "inbox", "pending"),
	                      *any = casestore_list(cs, &case_kind_request, "inbox", "");

	casestore_set_me(cs, "130000008", "approver");
	pend->state = any->state = STORE_DONE;
	pend->complete = any->complete = true;
	casestore_put(cs, &case_kind_request, req("REQ-000001", "pending", 1), false);
	casestore_put(cs, &case_kind_request, req("REQ-000002", "pending", 1), false);
	assert_int_equal(pend->ids.n, 2);
	casestore_put(cs, &case_kind_request, req("REQ-000001", "approved", 2), true);
	assert_int_equal(pend->ids.n, 1);
	assert_string_equal(pages_peek(&pend->ids, 0), "REQ-000002");
	assert_int_equal(any->ids.n, 2);
	/* Returned and resubmitted: it comes back where it sorts. */
	casestore_put(cs, &case_kind_request, req("REQ-000002", "returned", 2), false);
	assert_int_equal(pend->ids.n, 0);
	casestore_put(cs, &case_kind_request, req("REQ-000002", "pending", 3), false);
	assert_int_equal(pend->ids.n, 1);
	casestore_free(cs);
}

/* An app with a store whose client talks to nobody: the test files the
 * data itself (calls started meanwhile never answer). */
static struct app *offline_app(void)
{
	struct app *app = app_new();
	struct govdx_options opt = { 0 };
	struct govdx_error err;
	struct store_hooks hooks = { noop, NULL, NULL };

	opt.url = "http://127.0.0.1:1";
	assert_int_equal(govdx_client_new(&opt, &app->client, &err), 0);
	app->store = store_new(app->client, &hooks);
	return app;
}

static struct govdx_department *dept(const char *code, const char *name, long n)
{
	struct govdx_department *d = xcalloc(1, sizeof *d);

	d->code = xstrdup(code);
	d->name = xstrdup(name);
	snprintf(d->platform_code, sizeof d->platform_code, "000000");
	d->entry_count = n;
	return d;
}

/* A department with no entries is a leaf: no `+`. */
static void test_empty_department_leaf(void **state)
{
	struct app *app = offline_app();
	struct store_platform *p = store_platform(app->store, "000000");
	struct view *v;
	struct ui_rect r = { 1, 0, 20, 80 };
	char *row;
	int y;
	bool full = false, empty = false;
	void **depts;

	p->depts.state = STORE_DONE;
	p->depts.complete = true;
	depts = xcalloc(2, sizeof *depts);
	depts[0] = dept("000000001", "国家数据局", 12);
	depts[1] = dept("000000002", "国家档案局", 0);
	pages_append(&p->depts.rows, NULL, depts, 2);
	v = view_directory_new(app);
	app_push(app, v);
	ui_canvas_resize(&app->canvas, 24, 80);
	v->ops->recalc(v, app, r);
	v->ops->draw(v, app, &app->canvas, r);
	for (y = 1; y < 21; y++) {
		row = ui_canvas_row_utf8(&app->canvas, y);
		full = full || strstr(row, "+ 国家数据局") != NULL;
		empty = empty || strstr(row, "|  国家档案局") != NULL;
		assert_null(strstr(row, "+ 国家档案局"));
		free(row);
	}
	assert_true(full);
	assert_true(empty);
	app_free(app);
}

/* The departments of the platforms next to the tree's cursor are asked
 * for ahead (after the selected one's), and no others: a step onto the
 * next platform finds its list there or on its way. */
static void test_prefetch_neighbours(void **state)
{
	static const char *const codes[] = { "110000", "120000", "130000" };
	struct app *app = offline_app();
	struct store_platform *root = store_platform(app->store, "000000");
	struct store_platform *kid[3];
	struct view *v;
	struct ui_rect r = { 1, 0, 20, 80 };
	char err[100];
	size_t i;
	void **kids;

	root->p.name = xstrdup("国家");
	root->kids.state = STORE_DONE;
	root->kids.complete = true;
	kids = xcalloc(3, sizeof *kids);
	for (i = 0; i < 3; i++) {
		kid[i] = store_platform(app->store, codes[i]);
		kid[i]->p.name = xstrdup(codes[i]);
		snprintf(kid[i]->p.parent_code, sizeof kid[i]->p.parent_code, "000000");
		kids[i] = kid[i];
	}
	pages_append(&root->kids.rows, NULL, kids, 3);
	v = view_directory_new(app);
	app_push(app, v);
	ui_canvas_resize(&app->canvas, 24, 80);
	v->ops->recalc(v, app, r);
	assert_int_equal(root->depts.state, STORE_LOADING);   /* selected */
	assert_int_equal(kid[0]->depts.state, STORE_LOADING); /* next */
	assert_int_equal(kid[1]->depts.state, STORE_EMPTY);
	assert_int_equal(v->ops->request(v, app, REQ_DOWN, NULL, err, sizeof err), 0);
	v->ops->recalc(v, app, r);
	assert_int_equal(kid[1]->depts.state, STORE_LOADING);
	assert_int_equal(kid[2]->depts.state, STORE_EMPTY);
	app_free(app);
}

/* Rows of the canvas between y0 and y1 (exclusive) holding text. */
static bool rows_hold(struct app *app, int y0, int y1, const char *text)
{
	bool found = false;
	int y;

	for (y = y0; y < y1; y++) {
		char *row = ui_canvas_row_utf8(&app->canvas, y);
		found = found || strstr(row, text) != NULL;
		free(row);
	}
	return found;
}

/* On a short terminal (40x12) the request form scrolls to keep its focus
 * in sight, and says where more lies: Submit is never pressed unseen. */
static void test_form_scrolls_to_focus(void **state)
{
	struct app *app = offline_app();
	struct store_entry *se = store_entry(app->store, "130000008-310008-0001");
	struct govdx_entry *e = xcalloc(1, sizeof *e);
	struct ui_rect r = { 1, 0, 8, 40 };
	struct view *v;
	struct view_form *f;
	size_t i;

	e->code = xstrdup("130000008-310008-0001");
	e->name = xstrdup("社会组织统一社会信用代码信息");
	e->sharing_type = GOVDX_SHARING_CONDITIONAL;
	e->n_items = 6;
	e->items = xcalloc(e->n_items, sizeof *e->items);
	for (i = 0; i < e->n_items; i++)
		e->items[i].name = xasprintf("信息项%zu", i + 1);
	se->e = e;
	se->state = STORE_DONE;
	v = view_form_new(app, e->code);
	app_push(app, v);
	f = (struct view_form *)v;
	ui_canvas_resize(&app->canvas, 12, 40);
	v->ops->recalc(v, app, r);
	v->ops->draw(v, app, &app->canvas, r);
	assert_true(rows_hold(app, 1, 9, "Purpose"));
	assert_false(rows_hold(app, 1, 9, "[ Submit ]"));
	assert_true(rows_hold(app, 8, 9, "more below"));
	/* on to Submit: it is shown, with what lies above marked */
	f->focus = f->fops->n_fields;
	v->ops->recalc(v, app, r);
	v->ops->draw(v, app, &app->canvas, r);
	assert_true(rows_hold(app, 2, 9, "[ Submit ]"));
	assert_true(rows_hold(app, 2, 3, "more above"));
	assert_true(rows_hold(app, 1, 2, "New sharing request")); /* the title stays */
	/* and back to the first field: scrolled up to it (no further) */
	f->focus = 0;
	v->ops->recalc(v, app, r);
	v->ops->draw(v, app, &app->canvas, r);
	assert_int_equal(f->scroll, 1); /* the Entry row above it */
	assert_true(rows_hold(app, 2, 3, "Purpose"));
	app_free(app);
}

/* A key bound in a text field to a command that is not an edit (C-l
 * redraw) is not run from inside the editor: it is handed to the loop,
 * in order, and what is not taken is freed with the app (ASan). */
static void test_field_binding_runs_later(void **state)
{
	struct app *app = app_new();
	struct ui_edit *e = ui_edit_new(false, 0);
	char *line;

	assert_int_equal(cmd_field_key(app, e, 12), UI_EDIT_EDITING); /* C-l */
	assert_string_equal(ui_edit_text(e), "");
	line = app_take_later(app);
	assert_non_null(line);
	assert_string_equal(line, "redraw");
	free(line);
	assert_null(app_take_later(app));
	cmd_field_key(app, e, 12); /* left for app_free */
	ui_edit_free(e);
	app_free(app);
}

/* A refused blank reason is said once: in the box, not again on the
 * status line. */
static void test_refusal_once(void **state)
{
	struct app *app = app_new();

	app_message(app, "ready");
	app_ask(app, "Reject REQ-000001 — reason (required):", true,
	        "reject needs a reason: type why", NULL, NULL);
	app_prompt_key(app, '\n');
	assert_string_equal(app->prompt.note, "reject needs a reason: type why");
	assert_null(strstr(app->status, "reject needs a reason"));
	app_prompt_cancel(app);
	app_free(app);
}

/* A 412 in words: who did what, when. */
static void test_what_happened(void **state)
{
	struct govdx_request *r = req("REQ-000032", "approved", 3);
	struct case_info c;
	char buf[200];

	r->decided_by = xstrdup("hebei-approver");
	r->decided_at = xstrdup("2026-11-26T17:51:02.5+08:00");
	r->updated_at = xstrdup("2026-11-26T17:51:02.5+08:00");
	case_kind_request.info(r, &c);
	case_what_happened(&c, buf, sizeof buf);
	assert_string_equal(buf, "hebei-approver approved it at 2026-11-26 17:51");
	free(r->state_name);
	r->state_name = xstrdup("withdrawn");
	case_kind_request.info(r, &c);
	case_what_happened(&c, buf, sizeof buf);
	assert_string_equal(buf, "it is now withdrawn (changed at 2026-11-26 17:51)");
	govdx_request_free(r);
}

/* :open checks the code's shape locally; r and o on an entry that failed
 * to load refuse instead of opening a form that waits forever. */
static void test_open_and_unloaded_entry(void **state)
{
	struct app *app = offline_app();
	struct cmd_ctx ctx = { 0 };
	struct store_entry *se;
	int i;

	assert_true(cmd_entry_code_ok("130000008-310008-0001"));
	assert_false(cmd_entry_code_ok("130000008-310008-001"));
	assert_false(cmd_entry_code_ok("130000008x310008-0001"));
	for (i = 0; i < 2; i++) { /* the second time says it again */
		app->status[0] = '\0';
		cmd_execute(app, "open 123");
		assert_non_null(strstr(app->status, "open: '123' is not an entry code"));
		assert_non_null(strstr(app->status, "DDDDDDDDD-CXXYYY-NNNN"));
	}
	assert_null(app_top(app));
	assert_int_equal(cmd_run_line(app, "request-new 123", &ctx), -1);
	assert_non_null(strstr(ctx.err, "is not an entry code"));

	se = store_entry(app->store, "130000008-310008-0999");
	se->state = STORE_ERROR;
	se->not_found = true;
	se->error = xstrdup("not found");
	app_push(app, view_entry_new(app, "130000008-310008-0999"));
	assert_int_equal(cmd_run_line(app, "request-new", &ctx), -1);
	assert_string_equal(ctx.err, "request-new: the entry is not loaded: no entry has this code");
	assert_int_equal(cmd_run_line(app, "objection-new", &ctx), -1);
	assert_string_equal(ctx.err, "objection-new: the entry is not loaded: no entry has this code");
	assert_string_equal(app_top(app)->ops->name, "entry");
	app_free(app);
}

/* The help at 80 columns: each key once per command, the key column wide
 * enough for "Esc Left h", and a cut marked with '~'. */
static void test_help_keys(void **state)
{
	struct app *app = app_new();
	struct view *v;
	struct ui_rect r = { 1, 0, 22, 80 };
	struct ui_text_row *row;
	size_t i;
	bool back = false, cut = false;
	struct cmd_ctx ctx = { 0 };

	assert_int_equal(cmd_load_text(app, cmd_default_bindings(), "builtin"), 0);
	assert_int_equal(cmd_run_line(app, "bind all F2 top", &ctx), 0);
	assert_int_equal(cmd_run_line(app, "bind all F3 top", &ctx), 0);
	assert_int_equal(cmd_run_line(app, "bind all F4 top", &ctx), 0);
	v = view_help_new(app);
	app_push(app, v);
	ui_canvas_resize(&app->canvas, 24, 80);
	/* Filtered to a few rows at a time: each fits one screen. */
	for (int pass = 0; pass < 2; pass++) {
		v->ops->set_filter(v, app, pass ? "first row" : "back");
		v->ops->recalc(v, app, r);
		v->ops->draw(v, app, &app->canvas, r);
		for (i = 2; i < 23; i++) {
			char *line = ui_canvas_row_utf8(&app->canvas, (int)i);
			assert_null(strstr(line, "r r "));
			back = back || strstr(line, " Esc Left h     back ") != NULL;
			cut = cut || strstr(line, " g Home F2 F3 ~ top ") != NULL;
			free(line);
		}
	}
	(void)row;
	assert_true(back);
	assert_true(cut);
	app_free(app);
}

/* :messages lists every config warning and the recent status messages,
 * newest last; the status line points to it when there are several
 * warnings; the ring keeps the last APP_MAX_MESSAGES. */
static void test_messages(void **state)
{
	struct app *app = app_new();
	struct ui_rect r = { 1, 0, 22, 80 };
	struct cmd_ctx ctx = { 0 };
	struct view *v;
	char **cand;
	char *line;
	int i, y, warn_rows = 0, newest = -1, oldest = -1;

	assert_int_equal(cmd_load_text(app, cmd_default_bindings(), "builtin"), 0);
	assert_int_equal(cmd_load_text(app, "frobnicate\nset preview maybe\nbind x y z\n", "/c/g.conf"),
	                 3);
	assert_non_null(strstr(app->status, "/c/g.conf:1: unknown command 'frobnicate' "
	                                    "(and 2 more — :messages)"));
	for (i = 0; i < APP_MAX_MESSAGES + 50; i++)
		app_message(app, "message %d", i);
	app_error(app, "the last one");
	app_error(app, "the last one");
	assert_int_equal(app->n_messages, APP_MAX_MESSAGES);
	assert_string_equal(app_message_at(app, APP_MAX_MESSAGES - 1)->text, "the last one");
	assert_string_equal(app_message_at(app, APP_MAX_MESSAGES - 2)->text, "message 249");
	assert_null(app_message_at(app, APP_MAX_MESSAGES));

	/* Tab completion takes it from the action table; M opens it too. */
	cand = cmd_complete(app, "messa", 0);
	assert_non_null(cand);
	assert_string_equal(cand[0], "messages");
	for (i = 0; cand[i]; i++)
		free(cand[i]);
	free(cand);
	assert_true(cmd_key(app, 'M'));
	v = app_top(app);
	assert_non_null(v);
	assert_string_equal(v->ops->name, "messages");
	assert_int_equal(cmd_run_line(app, "messages", &ctx), 0);
	assert_ptr_equal(app_top(app), v);

	/* Drawn: the three warnings, and the newest message at the cursor. */
	ui_canvas_resize(&app->canvas, 24, 80);
	v->ops->recalc(v, app, r);
	v->ops->draw(v, app, &app->canvas, r);
	{
		/* stamped in Beijing time, whatever the zone here */
		struct tm tm = { 0 };
		char want[64];
		beijing_time(app_message_at(app, APP_MAX_MESSAGES - 1)->at, &tm);
		strftime(want, sizeof want, "%H:%M:%S  the last one", &tm);
		for (y = 1; y < 23; y++) {
			line = ui_canvas_row_utf8(&app->canvas, y);
			if (strstr(line, want))
				newest = y;
			if (strstr(line, "message 50 "))
				oldest = y;
			free(line);
		}
	}
	assert_true(newest > 0);
	assert_int_equal(oldest, -1); /* scrolled to the newest */
	assert_int_equal(cmd_run_line(app, "top", &ctx), 0);
	v->ops->recalc(v, app, r);
	v->ops->draw(v, app, &app->canvas, r);
	for (y = 1; y < 23; y++) {
		line = ui_canvas_row_utf8(&app->canvas, y);
		if (strstr(line, "/c/g.conf:"))
			warn_rows++;
		if (strstr(line, "message 51"))
			oldest = y;
		assert_null(strstr(line, "message 50")); /* dropped from the ring */
		free(line);
	}
	assert_int_equal(warn_rows, 3);
	assert_true(oldest > 0);
	app_free(app);
}

/* What the health check says is wrong, in words. */
static void test_health_problem(void **state)
{
	struct govdx_health h = { "degraded", "0.1.0", "unavailable" }, ok = { "ok", "0.1.0", "ok" };
	struct govdx_error err = { .kind = GOVDX_ERR_TRANSPORT, .code = "connection_refused",
		                   .message = "cannot connect to the service: connection refused" };
	char buf[300];

	assert_null(app_health_problem(NULL, &ok, buf, sizeof buf));
	assert_string_equal(app_health_problem(NULL, &h, buf, sizeof buf),
	                    "the service is up but its database is not reachable");
	assert_string_equal(app_health_problem(&err, NULL, buf, sizeof buf), err.message);
}

/* How a failed call is said: a 429 as "slow down, retry in N s"; a 503
 * with Retry-After takes the connection down and holds the next health
 * check back that long (at most a minute); a refusal names what failed. */
static void test_failure_words(void **state)
{
	struct app *app = app_new();
	struct govdx_error slow = { .kind = GOVDX_ERR_HTTP, .http_status = 429,
		                    .code = "too_many_requests", .retry_after = 7,
		                    .message = "the service is limiting requests (HTTP 429)" };
	struct govdx_error down = { .kind = GOVDX_ERR_HTTP, .http_status = 503,
		                    .code = "unavailable", .retry_after = 4,
		                    .message = "the service is unavailable (HTTP 503)" };
	struct govdx_error gone = down, bad = { .kind = GOVDX_ERR_HTTP, .http_status = 400,
		                                .code = "bad_request", .message = "no" };
	int64_t t0 = app_now_ms();

	app->conn = APP_CONNECTED;
	assert_true(app_failure(app, &slow, "河北省"));
	assert_string_equal(app->status,
	                    "slow down, retry in 7 s: the service is limiting requests (HTTP 429)");
	assert_int_equal(app->status_role, UI_ROLE_ERROR);
	assert_int_equal(app->conn, APP_CONNECTED); /* only the pace is wrong */
	slow.retry_after = 0;
	assert_true(app_failure(app, &slow, NULL));
	assert_non_null(strstr(app->status, "slow down, retry in 1 s"));

	assert_true(app_failure(app, &down, "河北省"));
	assert_string_equal(app->status, "the service is unavailable (HTTP 503); retry in 4 s");
	assert_int_equal(app->conn, APP_DISCONNECTED);
	assert_true(app->next_health_ms >= t0 + 4000);
	assert_true(app->next_health_ms <= app_now_ms() + 4000);
	gone.retry_after = 3600; /* never more than a minute */
	assert_true(app_failure(app, &gone, NULL));
	assert_true(app->next_health_ms <= app_now_ms() + 60000);

	assert_true(app_failure(app, &bad, "河北省"));
	assert_string_equal(app->status, "河北省: no");
	assert_false(app_failure(app, &bad, NULL));
	app_free(app);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_raw_arguments),
		cmocka_unit_test(test_search_counts_characters),
		cmocka_unit_test(test_field_limits),
		cmocka_unit_test(test_beijing_period),
		cmocka_unit_test(test_state_filtered_queue),
		cmocka_unit_test(test_empty_department_leaf),
		cmocka_unit_test(test_prefetch_neighbours),
		cmocka_unit_test(test_form_scrolls_to_focus),
		cmocka_unit_test(test_field_binding_runs_later),
		cmocka_unit_test(test_refusal_once),
		cmocka_unit_test(test_what_happened),
		cmocka_unit_test(test_open_and_unloaded_entry),
		cmocka_unit_test(test_help_keys),
		cmocka_unit_test(test_health_problem),
		cmocka_unit_test(test_failure_words),
		cmocka_unit_test(test_messages),
	};

	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests_name("tui-console", tests, NULL, NULL);
}
