/*
 * Unit tests for libgovdx's supervision figures (issue 14): the answers of
 * GET /v1/stats in its three shapes (by department, entry, month) with the
 * contract's nulls (no median when nothing was decided, no share of
 * nothing), GET /v1/stats/unmet, a request's refusal_ground; wrong types
 * and missing fields named in the error; and, over a real loopback socket,
 * the query the calls send and the ground a refusal carries.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "client-net-server.h"
#include "client-test-util.h"
#include "govdx.h"

#define SCOPE \
	"\"scope\":{\"kind\":\"platform\",\"platform_code\":\"130000\",\"platform_name\":\"河北省\"," \
	"\"department_code\":null,\"department_name\":null},\"from\":\"2025-12-08\"," \
	"\"to\":\"2026-12-07\","
#define TOTALS \
	"\"totals\":{\"received\":120,\"decided\":100,\"approved\":70,\"refused\":20," \
	"\"returned\":10,\"median_days\":3,\"p90_days\":9.5,\"decided_late\":12,\"open\":20," \
	"\"overdue\":4},"

static const char by_department[] =
	"{" SCOPE "\"by\":\"department\"," TOTALS
	"\"rows\":[{\"department_code\":\"130000008\",\"department_name\":\"河北省民政厅\","
	"\"platform_code\":\"130000\",\"received\":12,\"decided\":10,\"approved\":7,\"refused\":2,"
	"\"returned\":1,\"approved_share\":0.7,\"refused_share\":0.2,\"returned_share\":0.1,"
	"\"median_days\":4.5,\"p90_days\":11,\"decided_late\":3,\"open\":2,\"overdue\":1},"
	"{\"department_code\":\"130000009\",\"department_name\":\"河北省公安厅\","
	"\"platform_code\":\"130000\",\"received\":1,\"decided\":0,\"approved\":0,\"refused\":0,"
	"\"returned\":0,\"approved_share\":null,\"refused_share\":null,\"returned_share\":null,"
	"\"median_days\":null,\"p90_days\":null,\"decided_late\":0,\"open\":1,\"overdue\":0}],"
	"\"weekly\":[{\"week\":\"2026-11-23\",\"decided\":3,\"overdue\":1},"
	"{\"week\":\"2026-11-30\",\"decided\":5,\"overdue\":2}],\"truncated\":false}";

static const char by_entry[] =
	"{\"scope\":{\"kind\":\"department\",\"platform_code\":\"130000\",\"platform_name\":\"河北省\","
	"\"department_code\":\"130000008\",\"department_name\":\"河北省民政厅\"},"
	"\"from\":\"2025-12-08\",\"to\":\"2026-12-07\",\"by\":\"entry\"," TOTALS
	"\"rows\":[{\"entry_code\":\"130000008-310011-0004\",\"entry_name\":\"民办非企业单位登记证书\","
	"\"department_code\":\"130000008\",\"department_name\":\"河北省民政厅\",\"requests\":6,"
	"\"objections\":2,\"objections_accepted\":1,\"days_disputed\":17}],"
	"\"weekly\":[],\"truncated\":true}";

static const char by_month[] =
	"{" SCOPE "\"by\":\"month\"," TOTALS
	"\"rows\":[{\"month\":\"2026-11\",\"received\":9,\"decided\":8,\"approved\":5,\"refused\":2,"
	"\"returned\":1,\"decided_late\":1,\"median_days\":2,\"p90_days\":6}],"
	"\"weekly\":[],\"truncated\":false}";

static const char unmet[] =
	"{" SCOPE "\"searches\":[{\"query\":\"不动产登记证明\",\"count\":14,"
	"\"last_searched\":\"2026-12-06\"},{\"query\":\"marriage\",\"count\":2,"
	"\"last_searched\":\"2026-11-01\"}],"
	"\"not_held\":[{\"entry_code\":\"130000008-310011-0004\",\"entry_name\":\"民办非企业单位登记证书\","
	"\"department_code\":\"130000008\",\"department_name\":\"河北省民政厅\",\"refused\":3}],"
	"\"truncated\":false}";

static void test_by_department(void **state)
{
	struct govdx_stats *s = NULL;
	struct govdx_error err;

	(void)state;
	assert_int_equal(govdx_parse_stats(by_department, LEN(by_department), &s, &err), 0);
	assert_string_equal(s->scope.kind, "platform");
	assert_string_equal(s->scope.platform_code, "130000");
	assert_string_equal(s->scope.platform_name, "河北省");
	assert_null(s->scope.department_code);
	assert_string_equal(s->from, "2025-12-08");
	assert_string_equal(s->to, "2026-12-07");
	assert_int_equal(s->by, GOVDX_STATS_BY_DEPARTMENT);
	assert_string_equal(govdx_stats_by_name(s->by), "department");
	assert_int_equal(s->totals.received, 120);
	assert_int_equal(s->totals.overdue, 4);
	assert_true(s->totals.median_days == 3.0);
	assert_true(s->totals.p90_days == 9.5);
	assert_int_equal(s->n_rows, 2);
	assert_string_equal(s->rows[0].department_name, "河北省民政厅");
	assert_string_equal(s->rows[0].platform_code, "130000");
	assert_int_equal(s->rows[0].decided_late, 3);
	assert_true(s->rows[0].approved_share == 0.7);
	assert_true(s->rows[0].median_days == 4.5);
	assert_true(s->rows[0].p90_days == 11.0);
	assert_int_equal(s->rows[0].overdue, 1);
	/* nothing decided: the figures are null, not 0 */
	assert_true(s->rows[1].median_days == GOVDX_NO_FIGURE);
	assert_true(s->rows[1].refused_share == GOVDX_NO_FIGURE);
	assert_int_equal(s->n_weekly, 2);
	assert_string_equal(s->weekly[1].week, "2026-11-30");
	assert_int_equal(s->weekly[1].decided, 5);
	assert_int_equal(s->weekly[1].overdue, 2);
	assert_false(s->truncated);
	govdx_stats_free(s);
}

static void test_by_entry_and_month(void **state)
{
	struct govdx_stats *s = NULL;
	struct govdx_error err;

	(void)state;
	assert_int_equal(govdx_parse_stats(by_entry, LEN(by_entry), &s, &err), 0);
	assert_int_equal(s->by, GOVDX_STATS_BY_ENTRY);
	assert_string_equal(s->scope.kind, "department");
	assert_string_equal(s->scope.department_name, "河北省民政厅");
	assert_int_equal(s->n_rows, 1);
	assert_string_equal(s->rows[0].entry_code, "130000008-310011-0004");
	assert_int_equal(s->rows[0].objections_accepted, 1);
	assert_int_equal(s->rows[0].days_disputed, 17);
	assert_true(s->rows[0].median_days == GOVDX_NO_FIGURE);
	assert_int_equal(s->n_weekly, 0);
	assert_true(s->truncated);
	govdx_stats_free(s);

	assert_int_equal(govdx_parse_stats(by_month, LEN(by_month), &s, &err), 0);
	assert_int_equal(s->by, GOVDX_STATS_BY_MONTH);
	assert_string_equal(s->rows[0].month, "2026-11");
	assert_int_equal(s->rows[0].decided, 8);
	assert_true(s->rows[0].p90_days == 6.0);
	assert_null(s->rows[0].department_code);
	govdx_stats_free(s);
}

static void test_unknown_by_keeps_going(void **state)
{
	struct govdx_stats *s = NULL;
	struct govdx_error err;
	char *body = util_replace_once(by_month, "\"by\":\"month\"", "\"by\":\"quarter\"");

	(void)state;
	assert_int_equal(govdx_parse_stats(body, LEN(body), &s, &err), 0);
	assert_int_equal(s->by, GOVDX_STATS_BY_UNKNOWN);
	assert_string_equal(s->by_name, "quarter");
	assert_int_equal(s->n_rows, 1);
	govdx_stats_free(s);
	free(body);
}

/* Each bad answer is refused, naming the field. */
static void test_malformed(void **state)
{
	static const struct {
		const char *src, *from, *to, *mention;
	} cases[] = {
		{by_department, "\"approved_share\":0.7", "\"approved_share\":\"70%\"",
		 "rows[0].approved_share"},
		{by_department, "\"median_days\":4.5", "\"median_days\":-1", "rows[0].median_days"},
		{by_department, "\"open\":20,", "", "totals.open"},
		{by_department, "\"week\":\"2026-11-30\"", "\"week\":\"30.11.2026\"", "weekly[1].week"},
		{by_department, "\"truncated\":false", "\"truncated\":0", "truncated"},
		{by_department, "\"platform_name\":\"河北省\",", "", "scope.platform_name"},
		{by_entry, "\"days_disputed\":17", "\"days_disputed\":null", "rows[0].days_disputed"},
		{by_month, "\"month\":\"2026-11\"", "\"month\":\"2026/11\"", "rows[0].month"},
		{unmet, "\"count\":14", "\"count\":\"14\"", "searches[0].count"},
		{unmet, "\"refused\":3", "\"refused\":-3", "not_held[0].refused"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *body = util_replace_once(cases[i].src, cases[i].from, cases[i].to);
		struct govdx_error err;
		int rc;

		if (cases[i].src == unmet) {
			struct govdx_stats_unmet *u = (void *)1;
			rc = govdx_parse_stats_unmet(body, LEN(body), &u, &err);
			assert_null(u);
		} else {
			struct govdx_stats *s = (void *)1;
			rc = govdx_parse_stats(body, LEN(body), &s, &err);
			assert_null(s);
		}
		assert_int_equal(rc, -1);
		util_expect_malformed(&err, cases[i].mention);
		free(body);
	}
}

static void test_unmet(void **state)
{
	struct govdx_stats_unmet *u = NULL;
	struct govdx_error err;

	(void)state;
	assert_int_equal(govdx_parse_stats_unmet(unmet, LEN(unmet), &u, &err), 0);
	assert_string_equal(u->scope.platform_name, "河北省");
	assert_int_equal(u->n_searches, 2);
	assert_string_equal(u->searches[0].query, "不动产登记证明");
	assert_int_equal(u->searches[0].count, 14);
	assert_string_equal(u->searches[0].last_searched, "2026-12-06");
	assert_int_equal(u->n_not_held, 1);
	assert_string_equal(u->not_held[0].entry_name, "民办非企业单位登记证书");
	assert_int_equal(u->not_held[0].refused, 3);
	assert_false(u->truncated);
	govdx_stats_unmet_free(u);
}

static const char rejected[] =
	"{\"id\":\"REQ-000123\",\"entry_code\":\"130000008-310008-0001\","
	"\"entry_name\":\"社会组织统一社会信用代码信息\",\"provider_department\":\"130000008\","
	"\"provider_department_name\":\"河北省民政厅\",\"provider_platform\":\"130000\","
	"\"requester_department\":\"130100002\",\"requester_department_name\":\"石家庄市公安局\","
	"\"requester_platform\":\"130100\",\"requester_user\":\"hebei-official\","
	"\"purpose\":\"核查\",\"legal_basis\":\"条例\",\"state\":\"rejected\",\"items\":[\"名称\"],"
	"\"period\":{\"from\":\"2025-01-01\",\"to\":\"2025-12-31\"},\"reason\":\"未归集\","
	"\"deadline\":null,\"working_days_left\":null,\"due_soon\":false,\"overdue\":false,"
	"\"created_at\":\"2025-02-28T09:00:00Z\",\"updated_at\":\"2025-03-01T10:30:00Z\","
	"\"decided_by\":\"hebei-approver\",\"decided_at\":\"2025-03-01T10:30:00Z\","
	"\"refusal_ground\":\"not_held\",\"version\":2}";

static void test_refusal_ground(void **state)
{
	struct govdx_request *r = NULL;
	struct govdx_error err;
	char *older = util_replace_once(rejected, "\"refusal_ground\":\"not_held\",", "");
	char *bad = util_replace_once(rejected, "\"not_held\"", "7");

	(void)state;
	assert_int_equal(govdx_parse_request(rejected, LEN(rejected), &r, &err), 0);
	assert_string_equal(r->refusal_ground, "not_held");
	govdx_request_free(r);
	/* an older service sends none */
	assert_int_equal(govdx_parse_request(older, LEN(older), &r, &err), 0);
	assert_null(r->refusal_ground);
	govdx_request_free(r);
	assert_int_equal(govdx_parse_request(bad, LEN(bad), &r, &err), -1);
	util_expect_malformed(&err, "refusal_ground");
	free(older);
	free(bad);
}

/* ---- over a socket: what the calls send --------------------------------- */

static void test_stats_query_sent(void **state)
{
	struct srv_fixture *f = *state;
	const struct srv_step steps[] = {
		{.status = 200, .body = by_department},
		{.status = 200, .body = unmet},
		{.status = 403, .body = "{\"error\":{\"code\":\"forbidden\",\"message\":"
		                        "\"officials do not see figures\"}}"},
	};
	struct srv *s = srv_start(steps, 3);
	struct govdx_client *c = srv_client(f, srv_port(s), 5000);
	struct govdx_stats_query q = {.platform = "130000", .from = "2026-01-01",
	                              .to = "2026-06-30", .by = "department", .sort = "late",
	                              .limit = 50};
	struct govdx_stats *st = NULL;
	struct govdx_stats_unmet *u = NULL;
	struct govdx_error err;
	char line[512];

	assert_int_equal(govdx_stats_sync(c, &q, &st, &err), 0);
	assert_int_equal(st->n_rows, 2);
	srv_line(s, 0, line, sizeof line);
	assert_non_null(strstr(line, "GET /v1/stats?platform=130000&from=2026-01-01&to=2026-06-30"
	                             "&by=department&sort=late&limit=50 "));
	assert_int_equal(govdx_stats_unmet_sync(c, &q, &u, &err), 0);
	assert_int_equal(u->n_searches, 2);
	srv_line(s, 1, line, sizeof line);
	/* by and sort are the figures', not the unmet demand's */
	assert_non_null(strstr(line, "GET /v1/stats/unmet?platform=130000&from=2026-01-01"
	                             "&to=2026-06-30&limit=50 "));
	govdx_stats_free(st);
	st = NULL;
	assert_int_equal(govdx_stats_sync(c, NULL, &st, &err), -1);
	assert_null(st);
	assert_int_equal(err.http_status, 403);
	assert_string_equal(err.code, "forbidden");
	srv_line(s, 2, line, sizeof line);
	assert_non_null(strstr(line, "GET /v1/stats "));
	q.limit = -1;
	assert_int_equal(govdx_stats_sync(c, &q, &st, &err), -1);
	assert_int_equal(err.kind, GOVDX_ERR_USAGE);
	assert_int_equal(srv_count(s), 3);
	govdx_stats_unmet_free(u);
	govdx_client_free(c);
	srv_stop(s);
}

static void test_ground_and_provider_sent(void **state)
{
	struct srv_fixture *f = *state;
	const struct srv_step steps[] = {
		{.status = 200, .headers = "ETag: \"2\"\r\n", .body = rejected},
		{.status = 200, .body = "{\"items\":[],\"next_cursor\":null}"},
	};
	struct srv *s = srv_start(steps, 2);
	struct govdx_client *c = srv_client(f, srv_port(s), 5000);
	struct govdx_transition t = {.action = "reject", .reason = "未归集", .version = 1,
	                             .ground = "not_held"};
	struct govdx_request_query q = {.overdue = 1, .due_soon = -1, .provider = "130000008"};
	struct govdx_request *r = NULL;
	struct govdx_request_page *p = NULL;
	struct govdx_error err;
	char body[512], line[512];

	assert_int_equal(govdx_request_transition_sync(c, "REQ-000123", &t, &r, &err), 0);
	assert_string_equal(r->refusal_ground, "not_held");
	srv_body(s, 0, body, sizeof body);
	assert_non_null(strstr(body, "\"ground\":\"not_held\""));
	assert_int_equal(govdx_requests_sync(c, &q, &p, &err), 0);
	srv_line(s, 1, line, sizeof line);
	assert_non_null(strstr(line, "overdue=true"));
	assert_non_null(strstr(line, "provider=130000008"));
	govdx_request_free(r);
	govdx_request_page_free(p);
	govdx_client_free(c);
	srv_stop(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_by_department),
		cmocka_unit_test(test_by_entry_and_month),
		cmocka_unit_test(test_unknown_by_keeps_going),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_unmet),
		cmocka_unit_test(test_refusal_ground),
		cmocka_unit_test_setup_teardown(test_stats_query_sent, srv_fixture_setup,
		                                srv_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_ground_and_provider_sent, srv_fixture_setup,
		                                srv_fixture_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
