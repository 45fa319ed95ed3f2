/*
 * Network tests of libgovdx's sharing-request calls over real loopback
 * sockets, no mocks: a small HTTP server in a thread of this test follows
 * a script, one step per connection (drop the connection after reading the
 * request, reset it, or answer with a status, headers and body, possibly
 * late). It records every request it read, so the tests check what the
 * library sent: a POST that fails in transport is retried exactly once with
 * the same Idempotency-Key and body and its callback runs once; GETs and
 * HTTP errors are not retried; If-Match carries the version (none for
 * version 0); a 412 hands the current request to the callback; the ETag
 * wins over the body's version; a long poll outlives the normal timeout;
 * query strings; arguments refused before anything is sent.
 * Every wait has a deadline; nothing sleeps for a fixed time.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "govdx.h"
#include "client-net-server.h"


static const char request_json[] =
	"{\"id\":\"REQ-000123\",\"state\":\"pending\",\"entry_code\":\"130000008-310008-0001\","
	"\"entry_name\":\"社会组织统一社会信用代码信息\",\"provider_department\":\"130000008\","
	"\"provider_department_name\":\"河北省民政厅\",\"provider_platform\":\"130000\","
	"\"requester_department\":\"130100002\",\"requester_department_name\":\"石家庄市公安局\","
	"\"requester_platform\":\"130100\",\"requester_user\":\"hebei-official\","
	"\"purpose\":\"核查\",\"legal_basis\":\"条例\",\"items\":[\"统一社会信用代码\"],"
	"\"period\":{\"from\":\"2025-01-01\",\"to\":\"2025-12-31\"},\"reason\":null,"
	"\"deadline\":\"2025-03-14\",\"working_days_left\":5,\"due_soon\":false,\"overdue\":false,"
	"\"created_at\":\"2025-02-28T09:00:00Z\",\"updated_at\":\"2025-02-28T09:00:00Z\","
	"\"decided_by\":null,\"decided_at\":null,\"version\":1}";

static const char current_json[] =
	"{\"id\":\"REQ-000123\",\"state\":\"rejected\",\"entry_code\":\"130000008-310008-0001\","
	"\"entry_name\":\"社会组织统一社会信用代码信息\",\"provider_department\":\"130000008\","
	"\"provider_department_name\":\"河北省民政厅\",\"provider_platform\":\"130000\","
	"\"requester_department\":\"130100002\",\"requester_department_name\":\"石家庄市公安局\","
	"\"requester_platform\":\"130100\",\"requester_user\":\"hebei-official\","
	"\"purpose\":\"核查\",\"legal_basis\":\"条例\",\"items\":[\"统一社会信用代码\"],"
	"\"period\":{\"from\":\"2025-01-01\",\"to\":\"2025-12-31\"},\"reason\":\"依据不足\","
	"\"deadline\":null,\"working_days_left\":null,\"due_soon\":false,\"overdue\":false,"
	"\"created_at\":\"2025-02-28T09:00:00Z\",\"updated_at\":\"2025-03-01T10:30:00Z\","
	"\"decided_by\":\"li.na\",\"decided_at\":\"2025-03-01T10:30:00Z\",\"version\":4}";

/* What a request callback saw. */
struct outcome {
	int calls;
	bool failed;
	struct govdx_error err;
	struct govdx_request *r;
};

static void on_request(void *arg, const struct govdx_error *err, struct govdx_request *r)
{
	struct outcome *o = arg;

	o->calls++;
	o->failed = err != NULL;
	if (err != NULL)
		o->err = *err;
	govdx_request_free(o->r);
	o->r = r;
}

static const char *const items[] = {"统一社会信用代码", "社会组织名称"};

static struct govdx_request_new new_request(const char *key)
{
	struct govdx_request_new n = {
		.entry_code = "130000008-310008-0001",
		.purpose = "核查社会组织登记状态",
		.legal_basis = "《社会组织登记管理条例》",
		.items = items,
		.n_items = 2,
		.period_from = "2025-01-01",
		.period_to = "2025-12-31",
		.idempotency_key = key,
	};
	return n;
}

/* ---- tests ---------------------------------------------------------------- */

static void check_retry_same_key(struct srv_fixture *f, enum srv_do first, const char *key)
{
	const struct srv_step steps[] = {
		{.what = first},
		{.status = 201, .headers = "ETag: \"1\"\r\n", .body = request_json},
	};
	struct srv *s = srv_start(steps, 2);
	struct govdx_client *c = srv_client(f, srv_port(s), 5000);
	struct govdx_request_new n = new_request(key);
	struct outcome o = {0};
	char line[256], k0[160], k1[160], b0[2048], b1[2048], ct[64], auth[128];

	assert_int_not_equal(govdx_request_create(c, &n, on_request, &o), 0);
	srv_drive_all(c, 10000);
	assert_int_equal(o.calls, 1);
	if (o.failed)
		fail_msg("create failed: %s: %s", o.err.code, o.err.message);
	assert_non_null(o.r);
	assert_string_equal(o.r->id, "REQ-000123");
	assert_int_equal(o.r->version, 1);

	assert_int_equal(srv_count(s), 2);
	srv_line(s, 0, line, sizeof line);
	assert_string_equal(line, "POST /v1/requests HTTP/1.1");
	srv_line(s, 1, line, sizeof line);
	assert_string_equal(line, "POST /v1/requests HTTP/1.1");
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
	assert_non_null(strstr(b0, "\"entry_code\":\"130000008-310008-0001\""));
	assert_non_null(strstr(b0, "\"items\":[\"统一社会信用代码\",\"社会组织名称\"]"));
	assert_non_null(strstr(b0, "\"period\":{\"from\":\"2025-01-01\",\"to\":\"2025-12-31\"}") ||
	                strstr(b0, "\"period\":{\"to\":\"2025-12-31\",\"from\":\"2025-01-01\"}"));
	srv_header(s, 1, "Content-Type", ct, sizeof ct);
	assert_string_equal(ct, "application/json");
	srv_header(s, 1, "Authorization", auth, sizeof auth);
	assert_string_equal(auth, "Bearer " SRV_TOKEN);
	srv_header(s, 1, "If-Match", ct, sizeof ct);
	assert_string_equal(ct, ""); /* a create has no version to match */

	govdx_request_free(o.r);
	govdx_client_free(c);
	srv_stop(s);
}

/* The first connection is closed after the request was read: the library
 * cannot know whether it landed, so it asks again with the same key. */
static void test_create_retried_after_drop(void **state)
{
	check_retry_same_key(*state, SRV_DROP, NULL);
}

static void test_create_retried_after_reset(void **state)
{
	check_retry_same_key(*state, SRV_RESET, "caller-key-0001");
}

/* The first attempt gets no answer within the timeout (it may have landed
 * and be stuck behind a lock): the retry carries the same key. */
static void test_retried_after_timeout(void **state)
{
	struct srv_fixture *f = *state;
	const struct srv_step steps[] = {
		{.what = SRV_HOLD},
		{.status = 200, .headers = "ETag: \"2\"\r\n", .body = request_json},
	};
	struct srv *s = srv_start(steps, 2);
	/* long enough for the retry's answer on a busy machine */
	struct govdx_client *c = srv_client(f, srv_port(s), 1500);
	struct govdx_transition t = {.action = "approve", .version = 1};
	struct outcome o = {0};
	char k0[160], k1[160];

	assert_int_not_equal(govdx_request_transition(c, "REQ-000123", &t, on_request, &o), 0);
	srv_drive_all(c, 10000);
	assert_int_equal(o.calls, 1);
	if (o.failed)
		fail_msg("transition failed: %s: %s", o.err.code, o.err.message);
	assert_int_equal(o.r->version, 2);
	assert_int_equal(srv_count(s), 2);
	srv_header(s, 0, "Idempotency-Key", k0, sizeof k0);
	srv_header(s, 1, "Idempotency-Key", k1, sizeof k1);
	assert_string_equal(k0, k1);
	govdx_request_free(o.r);
	govdx_client_free(c);
	srv_stop(s);
}

static void test_retried_only_once(void **state)
{
	struct srv_fixture *f = *state;
	const struct srv_step steps[] = {{.what = SRV_DROP}};
	struct srv *s = srv_start(steps, 1);
	struct govdx_client *c = srv_client(f, srv_port(s), 5000);
	struct govdx_transition t = {.action = "approve", .version = 2};
	struct outcome o = {0};
	char k0[160], k1[160];

	assert_int_not_equal(govdx_request_transition(c, "REQ-000123", &t, on_request, &o), 0);
	srv_drive_all(c, 10000);
	assert_int_equal(o.calls, 1);
	assert_true(o.failed);
	assert_int_equal(o.err.kind, GOVDX_ERR_TRANSPORT);
	assert_null(o.r);
	assert_int_equal(srv_count(s), 2);
	srv_header(s, 0, "Idempotency-Key", k0, sizeof k0);
	srv_header(s, 1, "Idempotency-Key", k1, sizeof k1);
	assert_string_equal(k0, k1);
	assert_int_equal(strlen(k0), 36);
	govdx_client_free(c);
	srv_stop(s);
}

static void test_get_and_http_errors_not_retried(void **state)
{
	struct srv_fixture *f = *state;
	const struct srv_step drop[] = {{.what = SRV_DROP}};
	const struct srv_step busy[] = {
		{.status = 503, .body = "{\"error\":{\"code\":\"unavailable\",\"message\":\"away\"}}"}};
	struct srv *s = srv_start(drop, 1);
	struct govdx_client *c = srv_client(f, srv_port(s), 5000);
	struct govdx_request_new n = new_request(NULL);
	struct outcome o = {0};

	govdx_request_get(c, "REQ-000123", on_request, &o);
	srv_drive_all(c, 10000);
	assert_int_equal(o.calls, 1);
	assert_true(o.failed);
	assert_int_equal(srv_count(s), 1);
	govdx_client_free(c);
	srv_stop(s);

	s = srv_start(busy, 1);
	c = srv_client(f, srv_port(s), 5000);
	o = (struct outcome){0};
	govdx_request_create(c, &n, on_request, &o);
	srv_drive_all(c, 10000);
	assert_int_equal(o.calls, 1);
	assert_int_equal(o.err.http_status, 503);
	assert_string_equal(o.err.code, "unavailable");
	assert_int_equal(srv_count(s), 1);
	govdx_client_free(c);
	srv_stop(s);
}

/* A 429 is not retried by the library (the caller decides, after the
 * wait): the error says how long to wait, and the service's words. */
static void test_rate_limited(void **state)
{
	struct srv_fixture *f = *state;
	const struct srv_step slow[] = {
		{.status = 429, .headers = "Retry-After: 3\r\n",
		 .body = "{\"error\":{\"code\":\"rate_limited\",\"message\":\"slow down: too many "
		         "requests; retry in 3 s\",\"details\":{\"retry_after\":3}}}"}};
	struct srv *s = srv_start(slow, 1);
	struct govdx_client *c = srv_client(f, srv_port(s), 5000);
	struct govdx_request_new n = new_request(NULL);
	struct outcome o = {0};

	govdx_request_create(c, &n, on_request, &o);
	srv_drive_all(c, 10000);
	assert_int_equal(o.calls, 1);
	assert_int_equal(o.err.http_status, 429);
	assert_string_equal(o.err.code, "rate_limited");
	assert_int_equal(o.err.retry_after, 3);
	assert_non_null(strstr(o.err.message, "retry in 3 s"));
	assert_int_equal(srv_count(s), 1);
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
	struct govdx_transition t = {.action = "approve", .reason = "同意共享", .version = 3,
	                             .idempotency_key = "k-412"};
	struct outcome o = {0};

	snprintf(body412, sizeof body412,
	         "{\"error\":{\"code\":\"precondition_failed\",\"message\":\"changed meanwhile\","
	         "\"details\":{\"current\":%s}}}",
	         current_json);
	s = srv_start(steps, 1);
	c = srv_client(f, srv_port(s), 5000);
	assert_int_not_equal(govdx_request_transition(c, "REQ-000123", &t, on_request, &o), 0);
	srv_drive_all(c, 10000);
	assert_int_equal(o.calls, 1);
	assert_true(o.failed);
	assert_int_equal(o.err.http_status, 412);
	assert_string_equal(o.err.code, "precondition_failed");
	assert_non_null(strstr(o.err.message, "rejected by li.na"));
	assert_non_null(o.r); /* the current request came along */
	assert_int_equal(o.r->state, GOVDX_REQUEST_REJECTED);
	assert_string_equal(o.r->decided_by, "li.na");
	assert_string_equal(o.r->reason, "依据不足");
	assert_int_equal(o.r->version, 4);

	assert_int_equal(srv_count(s), 1);
	srv_line(s, 0, line, sizeof line);
	assert_string_equal(line, "POST /v1/requests/REQ-000123/transitions HTTP/1.1");
	srv_header(s, 0, "If-Match", h, sizeof h);
	assert_string_equal(h, "\"3\"");
	srv_header(s, 0, "Idempotency-Key", h, sizeof h);
	assert_string_equal(h, "k-412");
	srv_body(s, 0, body, sizeof body);
	assert_true(strcmp(body, "{\"action\":\"approve\",\"reason\":\"同意共享\"}") == 0 ||
	            strcmp(body, "{\"reason\":\"同意共享\",\"action\":\"approve\"}") == 0);
	govdx_request_free(o.r);

	/* the blocking wrapper hands the current request over as well */
	{
		struct govdx_request *cur = NULL;
		struct govdx_error err;

		assert_int_equal(govdx_request_transition_sync(c, "REQ-000123", &t, &cur, &err), -1);
		assert_string_equal(err.code, "precondition_failed");
		assert_non_null(cur);
		assert_int_equal(cur->version, 4);
		govdx_request_free(cur);
	}
	govdx_client_free(c);
	srv_stop(s);
}

static void test_transition_without_version(void **state)
{
	struct srv_fixture *f = *state;
	const struct srv_step steps[] = {
		{.status = 428,
		 .body = "{\"error\":{\"code\":\"precondition_required\",\"message\":\"If-Match needed\"}}"}};
	struct srv *s = srv_start(steps, 1);
	struct govdx_client *c = srv_client(f, srv_port(s), 5000);
	struct govdx_transition t = {.action = "withdraw"};
	struct outcome o = {0};
	char h[160], body[256];

	govdx_request_transition(c, "REQ-000123", &t, on_request, &o);
	srv_drive_all(c, 10000);
	assert_int_equal(o.calls, 1);
	assert_int_equal(o.err.http_status, 428);
	assert_string_equal(o.err.code, "precondition_required");
	assert_null(o.r);
	srv_header(s, 0, "If-Match", h, sizeof h);
	assert_string_equal(h, "");
	srv_body(s, 0, body, sizeof body);
	assert_string_equal(body, "{\"action\":\"withdraw\"}"); /* no reason key at all */
	govdx_client_free(c);
	srv_stop(s);
}

static void test_etag_wins(void **state)
{
	struct srv_fixture *f = *state;
	const struct srv_step steps[] = {
		{.status = 200, .headers = "ETag: \"7\"\r\n", .body = request_json},
		{.status = 200, .headers = "etag: W/\"8\"\r\n", .body = request_json},
		{.status = 200, .headers = "ETag: \"abc\"\r\n", .body = request_json},
	};
	struct srv *s = srv_start(steps, 3);
	struct govdx_client *c = srv_client(f, srv_port(s), 5000);
	struct govdx_request *r = NULL;
	struct govdx_error err;
	char line[256];

	assert_int_equal(govdx_request_get_sync(c, "REQ-000123", &r, &err), 0);
	assert_int_equal(r->version, 7);
	govdx_request_free(r);
	assert_int_equal(govdx_request_get_sync(c, "REQ-000123", &r, &err), 0);
	assert_int_equal(r->version, 8);
	govdx_request_free(r);
	/* not a version of ours: the body's stays */
	assert_int_equal(govdx_request_get_sync(c, "REQ-000123", &r, &err), 0);
	assert_int_equal(r->version, 1);
	govdx_request_free(r);
	srv_line(s, 0, line, sizeof line);
	assert_string_equal(line, "GET /v1/requests/REQ-000123 HTTP/1.1");
	govdx_client_free(c);
	srv_stop(s);
}

static void test_events_long_poll(void **state)
{
	struct srv_fixture *f = *state;
	const struct srv_step steps[] = {
		{.status = 200, .delay_ms = 900,
		 .body = "{\"items\":[{\"seq\":6,\"at\":\"t\",\"kind\":\"request\",\"id\":\"REQ-000123\","
		         "\"action\":\"approve\",\"state\":\"approved\"}],\"last_seq\":6}"},
		{.status = 200, .body = "{\"items\":[],\"last_seq\":6}"},
	};
	struct srv *s = srv_start(steps, 2);
	/* a normal timeout far shorter than the answer takes */
	struct govdx_client *c = srv_client(f, srv_port(s), 300);
	struct govdx_event_batch *b = NULL;
	struct govdx_error err;
	char line[256];

	if (govdx_events_sync(c, 5, 2, &b, &err) != 0)
		fail_msg("events: %s: %s", err.code, err.message);
	assert_int_equal(b->n, 1);
	assert_string_equal(b->items[0].id, "REQ-000123");
	assert_int_equal(b->last_seq, 6);
	govdx_event_batch_free(b);
	srv_line(s, 0, line, sizeof line);
	assert_string_equal(line, "GET /v1/events?after=5&wait=2 HTTP/1.1");

	assert_int_equal(govdx_events_sync(c, -1, 0, &b, &err), 0);
	assert_int_equal(b->n, 0);
	govdx_event_batch_free(b);
	srv_line(s, 1, line, sizeof line);
	assert_string_equal(line, "GET /v1/events?wait=0 HTTP/1.1");
	govdx_client_free(c);
	srv_stop(s);
}

static void test_query_strings(void **state)
{
	struct srv_fixture *f = *state;
	const struct srv_step steps[] = {
		{.status = 200, .body = "{\"items\":[],\"next_cursor\":null}"},
		{.status = 200, .body = "{\"items\":[],\"next_cursor\":null}"},
		{.status = 200, .body = "{\"items\":[]}"},
		{.status = 200, .body = "{\"ok\":true,\"checked\":0}"},
	};
	struct srv *s = srv_start(steps, 4);
	struct govdx_client *c = srv_client(f, srv_port(s), 5000);
	struct govdx_request_query q = {.box = "inbox", .state = "pending", .overdue = 1,
	                                .due_soon = -1, .page = {.limit = 20, .cursor = "a b"}};
	struct govdx_page_req page = {.limit = 5};
	struct govdx_request_page *p = NULL;
	struct govdx_audit_page *a = NULL;
	struct govdx_calendar *cal = NULL;
	struct govdx_audit_verify *v = NULL;
	struct govdx_error err;
	char line[256];

	assert_int_equal(govdx_requests_sync(c, &q, &p, &err), 0);
	govdx_request_page_free(p);
	srv_line(s, 0, line, sizeof line);
	assert_string_equal(line, "GET /v1/requests?box=inbox&state=pending&overdue=true"
	                          "&limit=20&cursor=a%20b HTTP/1.1");
	assert_int_equal(govdx_audit_sync(c, "request:REQ-000123", &page, &a, &err), 0);
	govdx_audit_page_free(a);
	srv_line(s, 1, line, sizeof line);
	assert_string_equal(line, "GET /v1/audit?subject=request%3AREQ-000123&limit=5 HTTP/1.1");
	assert_int_equal(govdx_calendar_sync(c, "2025-01-01", "2025-12-31", &cal, &err), 0);
	govdx_calendar_free(cal);
	srv_line(s, 2, line, sizeof line);
	assert_string_equal(line, "GET /v1/calendar?from=2025-01-01&to=2025-12-31 HTTP/1.1");
	assert_int_equal(govdx_audit_verify_sync(c, &v, &err), 0);
	assert_true(v->ok);
	govdx_audit_verify_free(v);
	srv_line(s, 3, line, sizeof line);
	assert_string_equal(line, "GET /v1/audit/verify HTTP/1.1");
	govdx_client_free(c);
	srv_stop(s);
}

static void test_refused_before_sending(void **state)
{
	struct srv_fixture *f = *state;
	const struct srv_step steps[] = {{.status = 500, .body = "{}"}};
	struct srv *s = srv_start(steps, 1);
	struct govdx_client *c = srv_client(f, srv_port(s), 5000);
	struct govdx_request_new n = new_request(NULL);
	struct govdx_transition t = {.action = "reject", .reason = "bad \xff utf-8", .version = 1};
	struct outcome o = {0};

	n.n_items = 0;
	assert_int_equal(govdx_request_create(c, &n, on_request, &o), 0);
	assert_int_equal(o.calls, 1);
	assert_string_equal(o.err.code, "bad_argument");
	assert_non_null(strstr(o.err.message, "information items"));

	n = new_request("bad\nkey");
	assert_int_equal(govdx_request_create(c, &n, on_request, &o), 0);
	assert_int_equal(o.calls, 2);
	assert_non_null(strstr(o.err.message, "idempotency key"));
	n = new_request("");
	assert_int_equal(govdx_request_create(c, &n, on_request, &o), 0);
	assert_int_equal(o.calls, 3);
	assert_non_null(strstr(o.err.message, "idempotency key"));

	assert_int_equal(govdx_request_transition(c, "REQ-1", &t, on_request, &o), 0);
	assert_int_equal(o.calls, 4);
	assert_non_null(strstr(o.err.message, "UTF-8"));

	t.reason = NULL;
	t.action = NULL;
	assert_int_equal(govdx_request_transition(c, "REQ-1", &t, on_request, &o), 0);
	assert_int_equal(o.calls, 5);
	assert_int_equal(govdx_events(c, 1, 61, NULL, NULL), 0);
	assert_int_equal(govdx_request_get(c, "", on_request, &o), 0);
	assert_int_equal(o.calls, 6);
	assert_null(o.r);
	assert_int_equal(srv_count(s), 0);
	govdx_client_free(c);
	srv_stop(s);
}

int main(void)
{
	unsetenv("http_proxy");
	unsetenv("HTTPS_PROXY");
	unsetenv("https_proxy");
	unsetenv("ALL_PROXY");
	unsetenv("all_proxy");

	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_create_retried_after_drop, srv_fixture_setup,
		                                srv_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_create_retried_after_reset, srv_fixture_setup,
		                                srv_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_retried_after_timeout, srv_fixture_setup,
		                                srv_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_retried_only_once, srv_fixture_setup,
		                                srv_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_get_and_http_errors_not_retried, srv_fixture_setup,
		                                srv_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_rate_limited, srv_fixture_setup,
		                                srv_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_transition_412_current, srv_fixture_setup,
		                                srv_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_transition_without_version, srv_fixture_setup,
		                                srv_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_etag_wins, srv_fixture_setup,
		                                srv_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_events_long_poll, srv_fixture_setup,
		                                srv_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_query_strings, srv_fixture_setup,
		                                srv_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_refused_before_sending, srv_fixture_setup,
		                                srv_fixture_teardown),
	};

	return cmocka_run_group_tests_name("client-requests-net", tests, NULL, NULL);
}
