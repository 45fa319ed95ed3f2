/*
 * test-tui-pages — the console's lists as a window of pages: pages.c on
 * its own (which pages are dropped, what a refetched page does to the
 * list, a row going in or out of a held page), and the store's searches
 * and the casestore's queues against the scripted server: a dropped page
 * is fetched again with its own cursor, and memory holds a window (and a
 * bounded number of cases), however far the list was read.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "casestore.h"
#include "client-net-server.h"
#include "pages.h"
#include "store.h"
#include "xalloc.h"

static int freed;

static void count_free(void *p)
{
	freed++;
	free(p);
}

/* A page of n rows "k.0", "k.1", ... */
static void **rows(int k, size_t n)
{
	void **v = xcalloc(n ? n : 1, sizeof *v);
	size_t i;

	for (i = 0; i < n; i++)
		v[i] = xasprintf("%d.%zu", k, i);
	return v;
}

static void test_window(void **state)
{
	struct pages p = { .window = 3, .free_item = count_free };
	size_t dropped = 0;
	int k;

	(void)state;
	freed = 0;
	pages_append(&p, NULL, rows(0, 2), 2);
	for (k = 1; k < 5; k++) {
		char cursor[8];
		snprintf(cursor, sizeof cursor, "c%d", k);
		pages_append(&p, cursor, rows(k, 2), 2);
	}
	/* Five pages met, three held: the two read least recently went. */
	assert_int_equal(p.n, 10);
	assert_int_equal(p.n_pages, 5);
	assert_int_equal(p.loaded, 3);
	assert_int_equal(freed, 4);
	assert_null(pages_peek(&p, 0));
	assert_null(pages_get(&p, 3, &dropped));
	assert_int_equal(dropped, 1);
	assert_string_equal(p.v[1].cursor, "c1");
	assert_null(pages_get(&p, 10, &dropped));
	assert_int_equal(dropped, (size_t)-1);
	/* Reading page 2 makes page 3 the least recent. */
	assert_string_equal(pages_get(&p, 5, NULL), "2.1");
	assert_int_equal(pages_find(&p, 7), 3);
	assert_false(pages_refill(&p, 0, rows(0, 2), 2, "c1"));
	assert_non_null(pages_peek(&p, 1));
	assert_null(pages_peek(&p, 6));
	assert_non_null(pages_peek(&p, 4));
	assert_non_null(pages_peek(&p, 8));
	pages_free(&p);
	assert_int_equal(freed, 12);
}

/* A page that comes back other than it was cuts what followed it: the
 * rows after it were paged from rows that moved. */
static void test_refill_changed(void **state)
{
	struct pages p = { .window = 1, .free_item = count_free };

	(void)state;
	freed = 0;
	pages_append(&p, NULL, rows(0, 2), 2);
	pages_append(&p, "c1", rows(1, 2), 2);
	pages_append(&p, "c2", rows(2, 2), 2);
	assert_int_equal(p.loaded, 1);
	/* The same count, the same next cursor: nothing moves. */
	assert_false(pages_refill(&p, 1, rows(1, 2), 2, "c2"));
	assert_int_equal(p.n, 6);
	/* One row fewer: the list ends after it, and goes on from its cursor. */
	assert_true(pages_refill(&p, 0, rows(0, 1), 1, "c1b"));
	assert_int_equal(p.n, 1);
	assert_int_equal(p.n_pages, 1);
	assert_int_equal(p.loaded, 1);
	assert_string_equal(pages_peek(&p, 0), "0.0");
	/* No window: nothing is ever dropped. */
	p.window = 0;
	pages_append(&p, "c1b", rows(1, 3), 3);
	pages_append(&p, "c2b", rows(2, 3), 3);
	assert_int_equal(p.loaded, 3);
	assert_int_equal(p.n, 7);
	pages_free(&p);
	assert_int_equal(freed, 6 + 2 + 1 + 6);
}

/* A live change goes into or out of a held page only. */
static void test_insert_remove(void **state)
{
	struct pages p = { .window = 2, .free_item = count_free };

	(void)state;
	freed = 0;
	pages_append(&p, NULL, rows(0, 2), 2);
	pages_append(&p, "c1", rows(1, 2), 2);
	pages_append(&p, "c2", rows(2, 2), 2);
	/* Page 0 is dropped: nothing goes into it, nothing leaves it. */
	assert_null(p.v[0].items);
	assert_false(pages_insert(&p, 1, "x"));
	assert_false(pages_remove(&p, 0));
	assert_int_equal(p.n, 6);
	/* Into page 1 at its start: the rows after move down one. */
	assert_true(pages_insert(&p, 2, xstrdup("new")));
	assert_int_equal(p.n, 7);
	assert_int_equal(p.v[1].n, 3);
	assert_int_equal(p.v[2].first, 5);
	assert_string_equal(pages_peek(&p, 2), "new");
	assert_string_equal(pages_peek(&p, 3), "1.0");
	assert_string_equal(pages_peek(&p, 5), "2.0");
	/* At the end: the last page grows. */
	assert_true(pages_insert(&p, 7, xstrdup("end")));
	assert_string_equal(pages_peek(&p, 7), "end");
	/* Out again: freed, and the rows after move up. */
	freed = 0;
	assert_true(pages_remove(&p, 2));
	assert_int_equal(freed, 1);
	assert_int_equal(p.n, 7);
	assert_int_equal(p.v[2].first, 4);
	assert_string_equal(pages_peek(&p, 2), "1.0");
	assert_string_equal(pages_peek(&p, 4), "2.0");
	assert_false(pages_insert(&p, 9, "past"));
	pages_free(&p);
}

/* ---- the store against the scripted server ------------------------------ */

#define PAGES 18 /* two more than a search holds */

static void noop(void *arg)
{
	(void)arg;
}

static char *page_body(int k, int n, const char *next)
{
	char *body = xstrdup("{\"items\":[");
	int i;

	for (i = 0; i < n; i++) {
		char *more = xasprintf(
			"%s%s{\"code\":\"130000008-310008-%02d%02d\",\"name\":\"婚姻登记信息%d.%d\","
			"\"department_code\":\"130000008\",\"department_name\":\"河北省民政厅\","
			"\"platform_code\":\"130000\",\"sharing_type\":\"conditional\","
			"\"open_attribute\":\"closed\",\"update_cycle\":\"每月\",\"disputed\":false}",
			body, i ? "," : "", k, i, k, i);
		free(body);
		body = more;
	}
	{
		char *more = next ? xasprintf("%s],\"next_cursor\":\"%s\"}", body, next) :
		                    xasprintf("%s],\"next_cursor\":null}", body);
		free(body);
		body = more;
	}
	return body;
}

static void test_search_window(void **state)
{
	struct srv_fixture *f = *state;
	struct srv_step steps[PAGES + 2];
	char *bodies[PAGES + 2], line[512];
	struct store_hooks hooks = { noop, NULL, NULL };
	struct govdx_client *c;
	struct store *st;
	struct store_list *l;
	const struct govdx_entry *e;
	struct srv *s;
	int k;

	memset(steps, 0, sizeof steps);
	for (k = 0; k < PAGES; k++) {
		char next[8];
		snprintf(next, sizeof next, "c%d", k + 1);
		bodies[k] = page_body(k, 2, k + 1 < PAGES ? next : NULL);
	}
	bodies[PAGES] = page_body(0, 2, "c1");     /* page 0 again, unchanged */
	bodies[PAGES + 1] = page_body(1, 3, "cX"); /* page 1 again, one row more */
	for (k = 0; k < PAGES + 2; k++) {
		steps[k].status = 200;
		steps[k].body = bodies[k];
	}
	s = srv_start(steps, PAGES + 2);
	c = srv_client(f, srv_port(s), 5000);
	st = store_new(c, &hooks);
	l = store_search(st, "婚姻");
	store_want_first(st, l);
	srv_drive_all(c, 10000);
	for (k = 1; k < PAGES; k++) {
		store_more(st, l);
		srv_drive_all(c, 10000);
	}
	/* Every page met, 16 held: the first two were dropped. */
	assert_true(l->complete);
	assert_int_equal(l->rows.n, 2 * PAGES);
	assert_int_equal(l->rows.loaded, 16);
	assert_null(pages_peek(&l->rows, 0));
	assert_null(pages_peek(&l->rows, 3));
	assert_non_null(pages_peek(&l->rows, 4));
	/* Read again: fetched with its own cursor (none for the first). */
	assert_null(store_row(st, l, 1));
	assert_int_equal(l->state, STORE_LOADING);
	srv_drive_all(c, 10000);
	assert_int_equal(srv_count(s), PAGES + 1);
	srv_line(s, PAGES, line, sizeof line);
	assert_null(strstr(line, "cursor="));
	e = store_row(st, l, 1);
	assert_non_null(e);
	assert_string_equal(e->code, "130000008-310008-0001");
	assert_int_equal(l->rows.loaded, 16);
	assert_int_equal(l->rows.n, 2 * PAGES);
	/* Page 1 comes back with a row more: the list is cut after it and
	 * goes on from the cursor it names. */
	assert_null(store_row(st, l, 2));
	srv_drive_all(c, 10000);
	srv_line(s, PAGES + 1, line, sizeof line);
	assert_non_null(strstr(line, "cursor=c1"));
	assert_int_equal(l->rows.n, 5);
	assert_false(l->complete);
	assert_string_equal(l->cursor, "cX");
	e = store_row(st, l, 4);
	assert_non_null(e);
	assert_string_equal(e->code, "130000008-310008-0102");
	assert_string_equal(store_entry_name(st, "130000008-310008-0102"), "婚姻登记信息1.2");
	govdx_client_free(c);
	store_free(st);
	srv_stop(s);
	for (k = 0; k < PAGES + 2; k++)
		free(bodies[k]);
}

/* ---- a queue of the casestore against the scripted server --------------- */

/* 2,300 cases, past the 2,048 kept; the server answers pages of 100 (the
 * console asks for 50, a page is what the answer holds), so that every
 * request fits in what the scripted server records. */
#define QPAGES 23
#define QROWS 100

static int64_t clock0(void)
{
	return 0;
}

static char *request_page(int k, const char *next)
{
	char *body = xstrdup("{\"items\":[");
	int i;

	for (i = 0; i < QROWS; i++) {
		int n = k * QROWS + i + 1;
		char *more = xasprintf(
			"%s%s{\"id\":\"REQ-%06d\",\"state\":\"pending\","
			"\"entry_code\":\"130000008-310008-0001\",\"entry_name\":\"婚姻登记信息\","
			"\"provider_department\":\"130000008\",\"provider_department_name\":\"河北省民政厅\","
			"\"provider_platform\":\"130000\",\"requester_department\":\"130100002\","
			"\"requester_department_name\":\"石家庄市公安局\",\"requester_platform\":\"130100\","
			"\"requester_user\":\"hebei-official\",\"purpose\":\"核查\",\"legal_basis\":\"条例\","
			"\"items\":[\"统一社会信用代码\"],\"period\":{\"from\":\"2025-01-01\",\"to\":\"2025-12-31\"},"
			"\"reason\":null,\"deadline\":\"2025-03-14\",\"working_days_left\":5,\"due_soon\":false,"
			"\"overdue\":false,\"created_at\":\"2025-02-28T09:00:00Z\","
			"\"updated_at\":\"2025-02-28T09:00:00Z\",\"decided_by\":null,\"decided_at\":null,"
			"\"version\":1}",
			body, i ? "," : "", n);
		free(body);
		body = more;
	}
	{
		char *more = next ? xasprintf("%s],\"next_cursor\":\"%s\"}", body, next) :
		                    xasprintf("%s],\"next_cursor\":null}", body);
		free(body);
		body = more;
	}
	return body;
}

/* A queue read to its end holds 16 pages of ids and at most 2,048 cases;
 * a row of a dropped page is fetched again with the page's own cursor and
 * comes back as it was. */
static void test_queue_window(void **state)
{
	struct srv_fixture *f = *state;
	struct srv_step steps[QPAGES + 2];
	char *bodies[QPAGES + 2], line[512];
	struct casestore_hooks hooks = { noop, NULL, NULL, NULL, NULL };
	struct govdx_client *c;
	struct casestore *cs;
	struct casestore_list *l;
	struct casestore_item *it;
	struct srv *s;
	int k;

	memset(steps, 0, sizeof steps);
	for (k = 0; k < QPAGES; k++) {
		char next[8];
		snprintf(next, sizeof next, "q%d", k + 1);
		bodies[k] = request_page(k, k + 1 < QPAGES ? next : NULL);
	}
	bodies[QPAGES] = request_page(0, "q1");     /* page 0 again */
	bodies[QPAGES + 1] = request_page(3, "q4");   /* page 3 again */
	for (k = 0; k < QPAGES + 2; k++) {
		steps[k].status = 200;
		steps[k].body = bodies[k];
	}
	s = srv_start(steps, QPAGES + 2);
	c = srv_client(f, srv_port(s), 5000);
	cs = casestore_new(c, &hooks, clock0);
	l = casestore_list(cs, &case_kind_request, "inbox", "");
	casestore_want_first(cs, l);
	srv_drive_all(c, 10000);
	for (k = 1; k < QPAGES; k++) {
		casestore_more(cs, l);
		srv_drive_all(c, 10000);
	}
	assert_true(l->complete);
	assert_int_equal(l->ids.n, QPAGES * QROWS);
	assert_int_equal(l->ids.loaded, 16);
	assert_true(casestore_count(cs) <= 2048);
	assert_null(pages_peek(&l->ids, 0));
	assert_string_equal(pages_peek(&l->ids, QPAGES * QROWS - 1), "REQ-002300");
	/* Back to the top: the first page is fetched again, without a cursor. */
	assert_null(casestore_row(cs, l, 0));
	assert_int_equal(l->state, STORE_LOADING);
	srv_drive_all(c, 10000);
	assert_int_equal(srv_count(s), QPAGES + 1);
	srv_line(s, QPAGES, line, sizeof line);
	assert_null(strstr(line, "cursor="));
	it = casestore_row(cs, l, 0);
	assert_non_null(it);
	assert_string_equal(it->id, "REQ-000001");
	assert_non_null(it->obj);
	assert_string_equal(it->c.state, "pending");
	/* A page in the middle, with its own cursor. */
	assert_null(casestore_row(cs, l, 3 * QROWS + 7));
	srv_drive_all(c, 10000);
	srv_line(s, QPAGES + 1, line, sizeof line);
	assert_non_null(strstr(line, "cursor=q3"));
	it = casestore_row(cs, l, 3 * QROWS + 7);
	assert_non_null(it);
	assert_string_equal(it->id, "REQ-000308");
	assert_int_equal(l->ids.n, QPAGES * QROWS);
	assert_true(l->complete);
	assert_int_equal(l->ids.loaded, 16);
	assert_true(casestore_count(cs) <= 2048);
	govdx_client_free(c);
	casestore_free(cs);
	srv_stop(s);
	for (k = 0; k < QPAGES + 2; k++)
		free(bodies[k]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_window),
		cmocka_unit_test(test_refill_changed),
		cmocka_unit_test(test_insert_remove),
		cmocka_unit_test_setup_teardown(test_search_window, srv_fixture_setup,
		                                srv_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_queue_window, srv_fixture_setup,
		                                srv_fixture_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
