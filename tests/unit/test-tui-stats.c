/*
 * Unit tests of the figures' commands (tui/cmd/cmd-stats.c) on a console
 * with no service: the words of :stats read by their shape (by, order,
 * dates, platform), the default order of each by, :stats-sort going round
 * the orders, :unmet taking the figures' scope and period, an official
 * refused before anything is asked, and reject's ground checked before a
 * decision starts.
 */
#include "config.h"

#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "app.h"
#include "cmd.h"
#include "view-stats.h"

static struct view_stats_query top_query(struct app *app)
{
	struct view_stats_query q;

	memset(&q, 0, sizeof q);
	assert_true(view_stats_get(app_top(app), &q));
	return q;
}

static void test_words(void **state)
{
	struct app *app = app_new();
	struct cmd_ctx ctx = { 0 };
	struct view_stats_query q;

	(void)state;
	assert_int_equal(cmd_run_line(app, "stats", &ctx), 0);
	q = top_query(app);
	assert_string_equal(q.by, "department");
	assert_string_equal(q.sort, "late"); /* who answers late, first */
	assert_string_equal(q.from, "");
	assert_int_equal(cmd_run_line(app, "stats 130100 2026-06-30 entry 2026-01-01", &ctx), 0);
	q = top_query(app);
	assert_string_equal(q.by, "entry");
	assert_string_equal(q.sort, "requests");
	assert_string_equal(q.platform, "130100");
	assert_string_equal(q.from, "2026-06-30"); /* the first date is the start */
	assert_string_equal(q.to, "2026-01-01");
	/* the same view is changed, not another pushed */
	assert_int_equal(app->n_views, 1);
	assert_int_equal(cmd_run_line(app, "stats objections", &ctx), 0);
	q = top_query(app);
	assert_string_equal(q.by, "entry");
	assert_string_equal(q.sort, "objections");
	assert_string_equal(q.platform, "130100"); /* kept */
	assert_int_equal(cmd_run_line(app, "stats month", &ctx), 0);
	assert_string_equal(top_query(app).sort, "code");
	assert_int_equal(cmd_run_line(app, "stats entry late", &ctx), -1);
	assert_non_null(strstr(ctx.err, "no order 'late'"));
	assert_int_equal(cmd_run_line(app, "stats 2026-13", &ctx), -1);
	assert_non_null(strstr(ctx.err, "'2026-13'"));
	app_free(app);
}

static void test_sort_round(void **state)
{
	struct app *app = app_new();
	struct cmd_ctx ctx = { 0 };

	(void)state;
	assert_int_equal(cmd_run_line(app, "stats-sort", &ctx), -1);
	assert_non_null(strstr(ctx.err, "only in the figures"));
	assert_int_equal(cmd_run_line(app, "stats department p90", &ctx), 0);
	assert_string_equal(top_query(app).sort, "p90");
	assert_int_equal(cmd_run_line(app, "stats-sort next", &ctx), 0);
	assert_string_equal(top_query(app).sort, "code"); /* round again */
	assert_int_equal(cmd_run_line(app, "stats-sort prev", &ctx), 0);
	assert_string_equal(top_query(app).sort, "p90");
	assert_int_equal(cmd_run_line(app, "stats-sort overdue", &ctx), 0);
	assert_string_equal(top_query(app).sort, "overdue");
	assert_int_equal(cmd_run_line(app, "stats-sort disputed", &ctx), -1);
	assert_int_equal(cmd_run_line(app, "stats month", &ctx), 0);
	assert_int_equal(cmd_run_line(app, "stats-sort", &ctx), -1);
	assert_non_null(strstr(ctx.err, "months"));
	app_free(app);
}

static void test_unmet_from_figures(void **state)
{
	struct app *app = app_new();
	struct cmd_ctx ctx = { 0 };
	struct view_stats_query q;

	(void)state;
	assert_int_equal(cmd_run_line(app, "stats 130000 2026-01-01 2026-03-31", &ctx), 0);
	assert_int_equal(cmd_run_line(app, "unmet", &ctx), 0);
	assert_int_equal(app->n_views, 2);
	assert_true(view_unmet_get(app_top(app), &q));
	assert_string_equal(q.platform, "130000");
	assert_string_equal(q.from, "2026-01-01");
	assert_string_equal(q.to, "2026-03-31");
	assert_int_equal(cmd_run_line(app, "unmet entry", &ctx), -1); /* no by here */
	app_free(app);
}

static void test_official_refused(void **state)
{
	struct app *app = app_new();
	struct cmd_ctx ctx = { 0 };

	(void)state;
	app->me = calloc(1, sizeof *app->me);
	app->me->role = strdup("official");
	assert_int_equal(cmd_run_line(app, "stats", &ctx), -1);
	assert_non_null(strstr(ctx.err, "sees no figures"));
	assert_int_equal(cmd_run_line(app, "unmet", &ctx), -1);
	assert_int_equal(app->n_views, 0);
	app_free(app);
}

static void test_reject_ground_words(void **state)
{
	struct app *app = app_new();
	struct cmd_ctx ctx = { 0 };

	(void)state;
	assert_int_equal(cmd_run_line(app, "reject REQ-000001 --bogus x", &ctx), -1);
	assert_non_null(strstr(ctx.err, "'--bogus' is no ground"));
	assert_int_equal(cmd_run_line(app, "approve REQ-000001 --not-held", &ctx), -1);
	assert_non_null(strstr(ctx.err, "approve takes no ground"));
	app_free(app);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_words),
		cmocka_unit_test(test_sort_round),
		cmocka_unit_test(test_unmet_from_figures),
		cmocka_unit_test(test_official_refused),
		cmocka_unit_test(test_reject_ground_words),
	};

	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests_name("tui-stats", tests, NULL, NULL);
}
