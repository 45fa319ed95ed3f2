/*
 * Network tests of libgovdx's objection calls over real loopback sockets,
 * no mocks (the scripted server of client-net-server.c):
 * raising an objection that fails in transport is retried exactly once
 * with the same Idempotency-Key and body, and its callback runs once; the
 * body carries exactly the fields given; a transition sends If-Match with
 * the version, its action and the note as "reason"; a 412 hands the
 * current objection to the callback (and to the blocking wrapper); the
 * ETag wins over the body's version; list filters make the query string;
 * bad arguments are refused before anything is sent.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "govdx.h"
#include "client-net-server.h"

#define OBJ_SIDES \
	"\"entry_code\":\"130000008-310008-0001\",\"entry_name\":\"社会组织统一社会信用代码信息\"," \
	"\"provider_department\":\"130000008\",\"provider_department_name\":\"河北省民政厅\"," \
	"\"provider_platform\":\"130000\",\"raiser_department\":\"130100002\"," \
	"\"raiser_department_name\":\"石家庄市公安局\",\"raiser_platform\":\"130100\"," \
	"\"raiser_user\":\"hebei-official\",\"kind\":\"incorrect\",\"description\":\"代码有误\","

static const char raised_json[] =
	"{\"id\":\"OBJ-000042\",\"state\":\"raised\"," OBJ_SIDES
	"\"item\":\"统一社会信用代码\",\"record_key\":null,\"evidence\":null,\"note\":null,"
	"\"reason\":null,\"deadline\":null,\"working_days_left\":null,\"due_soon\":false,"
	"\"overdue\":false,\"reopen_until\":null,\"created_at\":\"2025-02-28T09:00:00Z\","
	"\"updated_at\":\"2025-02-28T09:00:00Z\",\"decided_by\":null,\"decided_at\":null,"
	"\"version\":1}";

static const char upheld_json[] =
	"{\"id\":\"OBJ-000042\",\"state\":\"upheld\"," OBJ_SIDES
	"\"item\":\"统一社会信用代码\",\"record_key\":null,\"evidence\":null,"
	"\"note\":\"经核实数据无误\",\"reason\":\"经核实数据无误\",\"deadline\":null,"
	"\"working_days_left\":null,\"due_soon\":false,\"overdue\":false,"
	"\"reopen_until\":\"2025-03-21\",\"created_at\":\"2025-02-28T09:00:00Z\","
	"\"updated_at\":\"2025-03-07T16:00:00Z\",\"decided_by\":\"li.na\","
	"\"decided_at\":\"2025-03-07T16:00:00Z\",\"version\":4}";

/* What an objection callback saw. */
struct outcome {
	int calls;
	bool failed;
	struct govdx_error err;
	struct govdx_objection *o;
};

static void on_objection(void *arg, const struct govdx_error *err, struct govdx_objection *o)
{
	struct outcome *out = arg;

	out->calls++;
	out->failed = err != NULL;
	if (err != NULL)
		out->err = *err;
	govdx_objection_free(out->o);
	out->o = o;
}

static struct govdx_objection_new new_objection(const char *key)
{
	struct govdx_objection_new n = {
		.entry_code = "130000008-310008-0001",
		.item = "统一社会信用代码",
		.record_key = "91130100MA0CXXXX1K",
		.kind = GOVDX_OBJECTION_INCORRECT,
		.description = "统一社会信用代码与营业执照不一致",
		.evidence = "营业执照副本第1页",
		.idempotency_key = key,
	};
	return n;
}

/* The JSON body has "key":"value" (jansson keeps no particular order). */
static void expect_member(const char *body, const char *key, const char *value)
{
	char want[512];

	snprintf(want, sizeof want, "\"%s\":\"%s\"", key, value);
	if (strstr(body, want) == NULL)
		fail_msg("body %s lacks %s", body, want);
}

static void check_raise_retried(struct srv_fixture *f, enum srv_do first, const char *key)
{
	const struct srv_step steps[] = {
		{.what = first},
		{.status = 201, .headers = "ETag: \"1\"\r\n", .body = raised_json},
	};
	struct srv *s = srv_start(steps, 2);
	struct govdx_client *c = srv_client(f, srv_port(s), 5000);
	struct govdx_objection_new n = new_objection(key);
	struct outcome o = {0};
	char line[256], k0[160], k1[160], b0[2048], b1[2048], h[160];

	assert_int_not_equal(govdx_objection_create(c, &n, on_objection, &o), 0);
	srv_drive_all(c, 10000);
	assert_int_equal(o.calls, 1);
	if (o.failed)
		fail_msg("raise failed: %s: %s", o.err.code, o.err.message);
	assert_string_equal(o.o->id, "OBJ-000042");
	assert_int_equal(o.o->state, GOVDX_OBJECTION_RAISED);
	assert_int_equal(o.o->version, 1);

	assert_int_equal(srv_count(s), 2);
	srv_line(s, 0, line, sizeof line);
	assert_string_equal(line, "POST /v1/objections HTTP/1.1");
	srv_line(s, 1, line, sizeof line);
	assert_string_equal(line, "POST /v1/objections HTTP/1.1");
	srv_header(s, 0, "Idempotency-Key", k0, sizeof k0);
	srv_header(s, 1, "Idempotency-Key", k1, sizeof k1);
	if (key != NULL)
		assert_string_equal(k0, key);
	else
		assert_int_equal(strlen(k0), 36);
	assert_string_equal(k0, k1);
	srv_body(s, 0, b0, sizeof b0);
	srv_body(s, 1, b1, sizeof b1);
	assert_string_equal(b0, b1);
	expect_member(b0, "entry_code", "130000008-310008-0001");
	expect_member(b0, "item", "统一社会信用代码");
	expect_member(b0, "record_key", "91130100MA0CXXXX1K");
	expect_member(b0, "kind", "incorrect");
	expect_member(b0, "description", "统一社会信用代码与营业执照不一致");
	expect_member(b0, "evidence", "营业执照副本第1页");
	srv_header(s, 1, "Content-Type", h, sizeof h);
	assert_string_equal(h, "application/json");
	srv_header(s, 1, "Authorization", h, sizeof h);
	assert_string_equal(h, "Bearer " SRV_TOKEN);
	srv_header(s, 1, "If-Match", h, sizeof h);
	assert_string_equal(h, ""); /* a new objection has no version to match */

	govdx_objection_free(o.o);
	govdx_client_free(c);
	srv_stop(s);
}

/* The connection closes after the request was read: the library cannot
 * know whether it landed, so it asks again with the same key. */
static void test_raise_retried_after_drop(void **state)
{
	check_raise_retried(*state, SRV_DROP, NULL);
}

static void test_raise_retried_after_reset(void **state)
{
	check_raise_retried(*state, SRV_RESET, "raise-key-0001");
}

/* Only what is given is sent: no item, record key or evidence. */
static void test_raise_minimal_body(void **state)
{
	struct srv_fixture *f = *state;
	const struct srv_step steps[] = {{.status = 201, .body = raised_json}};
	struct srv *s = srv_start(steps, 1);
	struct govdx_client *c = srv_client(f, srv_port(s), 5000);
	struct govdx_objection_new n = {.entry_code = "130000008-310008-0001",
	                                .kind = GOVDX_OBJECTION_OTHER,
	                                .description = "其他问题"};
	struct govdx_objection *o = NULL;
	struct govdx_error err;
	char body[1024];

	if (govdx_objection_create_sync(c, &n, &o, &err) != 0)
		fail_msg("raise: %s: %s", err.code, err.message);
	assert_non_null(o);
	govdx_objection_free(o);
	assert_int_equal(srv_count(s), 1);
	srv_body(s, 0, body, sizeof body);
	expect_member(body, "kind", "other");
	expect_member(body, "description", "其他问题");
	assert_null(strstr(body, "\"item\""));
	assert_null(strstr(body, "\"record_key\""));
	assert_null(strstr(body, "\"evidence\""));
	govdx_client_free(c);
	srv_stop(s);
}

/* A transition that never gets an answer is tried twice, same key. */
static void test_transition_retried_only_once(void **state)
{
	struct srv_fixture *f = *state;
	const struct srv_step steps[] = {{.what = SRV_DROP}};
	struct srv *s = srv_start(steps, 1);
	struct govdx_client *c = srv_client(f, srv_port(s), 5000);
	struct govdx_transition t = {.action = "accept", .version = 1};
	struct outcome o = {0};
	char k0[160], k1[160], m0[32], m1[32];

	assert_int_not_equal(govdx_objection_transition(c, "OBJ-000042", &t, on_objection, &o), 0);
	srv_drive_all(c, 10000);
	assert_int_equal(o.calls, 1);
	assert_true(o.failed);
	assert_int_equal(o.err.kind, GOVDX_ERR_TRANSPORT);
	assert_null(o.o);
	assert_int_equal(srv_count(s), 2);
	srv_header(s, 0, "Idempotency-Key", k0, sizeof k0);
	srv_header(s, 1, "Idempotency-Key", k1, sizeof k1);
	assert_string_equal(k0, k1);
	assert_int_equal(strlen(k0), 36);
	srv_header(s, 0, "If-Match", m0, sizeof m0);
	srv_header(s, 1, "If-Match", m1, sizeof m1);
	assert_string_equal(m0, "\"1\"");
	assert_string_equal(m1, "\"1\"");
	govdx_client_free(c);
	srv_stop(s);
}

static void test_transition_412_current(void **state)
{
	struct srv_fixture *f = *state;
	char body412[4096], line[256], h[160], body[1024];
	struct srv_step steps[1] = {{.status = 412, .body = body412}};
	struct srv *s;
	struct govdx_client *c;
	struct govdx_transition t = {.action = "correct", .reason = "已更正登记机关", .version = 3,
	                             .idempotency_key = "k-412"};
	struct outcome o = {0};
	struct govdx_objection *cur = NULL;
	struct govdx_error err;

	snprintf(body412, sizeof body412,
	         "{\"error\":{\"code\":\"precondition_failed\",\"message\":\"changed meanwhile\","
	         "\"details\":{\"current\":%s}}}",
	         upheld_json);
	s = srv_start(steps, 1);
	c = srv_client(f, srv_port(s), 5000);
	assert_int_not_equal(govdx_objection_transition(c, "OBJ-000042", &t, on_objection, &o), 0);
	srv_drive_all(c, 10000);
	assert_int_equal(o.calls, 1);
	assert_true(o.failed);
	assert_int_equal(o.err.http_status, 412);
	assert_string_equal(o.err.code, "precondition_failed");
	assert_non_null(strstr(o.err.message, "upheld by li.na"));
	assert_non_null(o.o); /* the current objection came along */
	assert_int_equal(o.o->state, GOVDX_OBJECTION_UPHELD);
	assert_string_equal(o.o->note, "经核实数据无误");
	assert_string_equal(o.o->reopen_until, "2025-03-21");
	assert_int_equal(o.o->version, 4);

	assert_int_equal(srv_count(s), 1); /* an HTTP error is not retried */
	srv_line(s, 0, line, sizeof line);
	assert_string_equal(line, "POST /v1/objections/OBJ-000042/transitions HTTP/1.1");
	srv_header(s, 0, "If-Match", h, sizeof h);
	assert_string_equal(h, "\"3\"");
	srv_header(s, 0, "Idempotency-Key", h, sizeof h);
	assert_string_equal(h, "k-412");
	srv_body(s, 0, body, sizeof body);
	assert_true(strcmp(body, "{\"action\":\"correct\",\"reason\":\"已更正登记机关\"}") == 0 ||
	            strcmp(body, "{\"reason\":\"已更正登记机关\",\"action\":\"correct\"}") == 0);
	govdx_objection_free(o.o);

	/* the blocking wrapper hands the current objection over as well */
	assert_int_equal(govdx_objection_transition_sync(c, "OBJ-000042", &t, &cur, &err), -1);
	assert_string_equal(err.code, "precondition_failed");
	assert_non_null(cur);
	assert_int_equal(cur->version, 4);
	govdx_objection_free(cur);
	govdx_client_free(c);
	srv_stop(s);
}

static void test_get_etag_and_list_query(void **state)
{
	struct srv_fixture *f = *state;
	char page[4096];
	const struct srv_step steps[] = {
		{.status = 200, .headers = "ETag: \"9\"\r\n", .body = raised_json},
		{.status = 200, .body = page},
		{.status = 200, .body = page},
	};
	struct srv *s;
	struct govdx_client *c;
	struct govdx_objection_query q = {.box = "helpdesk", .state = "verifying", .overdue = -1,
	                                  .due_soon = 1, .entry = "130000008-310008-0001",
	                                  .page = {.limit = 30, .cursor = "x/y"}};
	struct govdx_objection_page *p = NULL;
	struct govdx_objection *o = NULL;
	struct govdx_error err;
	char line[256];

	snprintf(page, sizeof page, "{\"items\":[%s,%s],\"next_cursor\":null}", raised_json,
	         upheld_json);
	s = srv_start(steps, 3);
	c = srv_client(f, srv_port(s), 5000);
	assert_int_equal(govdx_objection_get_sync(c, "OBJ-000042", &o, &err), 0);
	assert_int_equal(o->version, 9); /* the ETag wins */
	govdx_objection_free(o);
	srv_line(s, 0, line, sizeof line);
	assert_string_equal(line, "GET /v1/objections/OBJ-000042 HTTP/1.1");

	assert_int_equal(govdx_objections_sync(c, &q, &p, &err), 0);
	assert_int_equal(p->n, 2);
	assert_int_equal(p->items[1].state, GOVDX_OBJECTION_UPHELD);
	govdx_objection_page_free(p);
	srv_line(s, 1, line, sizeof line);
	assert_string_equal(line, "GET /v1/objections?box=helpdesk&state=verifying&due_soon=true"
	                          "&entry=130000008-310008-0001&limit=30&cursor=x%2Fy HTTP/1.1");

	assert_int_equal(govdx_objections_sync(c, NULL, &p, &err), 0);
	govdx_objection_page_free(p);
	srv_line(s, 2, line, sizeof line);
	assert_string_equal(line, "GET /v1/objections HTTP/1.1");
	govdx_client_free(c);
	srv_stop(s);
}

static void test_refused_before_sending(void **state)
{
	struct srv_fixture *f = *state;
	const struct srv_step steps[] = {{.status = 500, .body = "{}"}};
	struct srv *s = srv_start(steps, 1);
	struct govdx_client *c = srv_client(f, srv_port(s), 5000);
	struct govdx_objection_new n = new_objection(NULL);
	struct govdx_transition t = {.action = "dismiss", .reason = "bad \xff utf-8", .version = 1};
	struct govdx_objection_query q = {.overdue = -1, .due_soon = -1, .page = {.limit = -1}};
	struct outcome o = {0};

	n.kind = GOVDX_OBJECTION_KIND_UNKNOWN;
	assert_int_equal(govdx_objection_create(c, &n, on_objection, &o), 0);
	assert_int_equal(o.calls, 1);
	assert_string_equal(o.err.code, "bad_argument");
	assert_non_null(strstr(o.err.message, "kind"));
	n.kind = (enum govdx_objection_kind)42;
	assert_int_equal(govdx_objection_create(c, &n, on_objection, &o), 0);
	assert_int_equal(o.calls, 2);
	assert_non_null(strstr(o.err.message, "kind"));

	n = new_objection(NULL);
	n.description = "";
	assert_int_equal(govdx_objection_create(c, &n, on_objection, &o), 0);
	assert_int_equal(o.calls, 3);
	assert_non_null(strstr(o.err.message, "description"));
	n = new_objection(NULL);
	n.evidence = "\xc3";
	assert_int_equal(govdx_objection_create(c, &n, on_objection, &o), 0);
	assert_int_equal(o.calls, 4);
	assert_non_null(strstr(o.err.message, "UTF-8"));
	n = new_objection("");
	assert_int_equal(govdx_objection_create(c, &n, on_objection, &o), 0);
	assert_int_equal(o.calls, 5);
	assert_non_null(strstr(o.err.message, "idempotency key"));

	assert_int_equal(govdx_objection_transition(c, "OBJ-1", &t, on_objection, &o), 0);
	assert_int_equal(o.calls, 6);
	assert_non_null(strstr(o.err.message, "UTF-8"));
	t = (struct govdx_transition){.action = "accept", .version = -2};
	assert_int_equal(govdx_objection_transition(c, "OBJ-1", &t, on_objection, &o), 0);
	assert_int_equal(o.calls, 7);
	assert_non_null(strstr(o.err.message, "negative version"));
	assert_int_equal(govdx_objection_transition(c, "", &t, on_objection, &o), 0);
	assert_int_equal(o.calls, 8);
	assert_non_null(strstr(o.err.message, "no objection id"));
	assert_int_equal(govdx_objection_get(c, NULL, on_objection, &o), 0);
	assert_int_equal(o.calls, 9);
	assert_non_null(strstr(o.err.message, "the objection"));
	assert_int_equal(govdx_objection_create(c, NULL, on_objection, &o), 0);
	assert_int_equal(o.calls, 10);
	assert_null(o.o);
	assert_int_equal(govdx_objections(c, &q, NULL, NULL), 0);
	assert_int_equal(srv_count(s), 0);
	govdx_client_free(c);
	srv_stop(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_raise_retried_after_drop, srv_fixture_setup,
		                                srv_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_raise_retried_after_reset, srv_fixture_setup,
		                                srv_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_raise_minimal_body, srv_fixture_setup,
		                                srv_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_transition_retried_only_once, srv_fixture_setup,
		                                srv_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_transition_412_current, srv_fixture_setup,
		                                srv_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_get_etag_and_list_query, srv_fixture_setup,
		                                srv_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_refused_before_sending, srv_fixture_setup,
		                                srv_fixture_teardown),
	};

	unsetenv("http_proxy");
	unsetenv("HTTPS_PROXY");
	unsetenv("https_proxy");
	unsetenv("ALL_PROXY");
	unsetenv("all_proxy");
	return cmocka_run_group_tests_name("client-objections-net", tests, NULL, NULL);
}
