/*
 * Faults of a service, as libgovdx words them, over real loopback sockets
 * (the scripted server of client-net-server.c, no mocks): an answer cut
 * short, one that trickles and stalls, a web page instead of JSON, a
 * redirect (a loop, and one elsewhere, never followed), 429 and 503 with
 * Retry-After (a proxy's page, and the service's JSON, whose
 * details.retry_after wins), and escape sequences in the service's
 * message, which come out shown, never raw. Each message is checked whole.
 * Every wait has a deadline; nothing sleeps for a fixed time.
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
#include "govdx.h"

/* One scripted answer to a health check: the error it gives. */
static void health_error(struct srv_fixture *f, const struct srv_step *step, long timeout_ms,
                         struct govdx_error *err, char *url, size_t cap)
{
	struct srv *s = srv_start(step, 1);
	struct govdx_client *c = srv_client(f, srv_port(s), timeout_ms);
	struct govdx_health *h = NULL;
	long long t0 = srv_now_ms();

	snprintf(url, cap, "http://127.0.0.1:%d", srv_port(s));
	assert_int_equal(govdx_health_sync(c, &h, err), -1);
	assert_null(h);
	/* within the call's limit, and a little for a busy machine */
	assert_true(srv_now_ms() - t0 < (timeout_ms > 0 ? timeout_ms : 30000) + 5000);
	govdx_client_free(c);
	srv_stop(s);
}

static void expect(const struct govdx_error *err, enum govdx_error_kind kind, long status,
                   const char *code, const char *message)
{
	if (err->kind != kind || err->http_status != status || strcmp(err->code, code) != 0 ||
	    strcmp(err->message, message) != 0)
		fail_msg("expected %s/%ld/%s \"%s\"\n     got %s/%ld/%s \"%s\"",
		         govdx_error_kind_name(kind), status, code, message,
		         govdx_error_kind_name(err->kind), err->http_status, err->code, err->message);
}

static void test_short_body(void **state)
{
	static const struct srv_step step = {
		.what = SRV_RAW,
		.body = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
		        "Content-Length: 4096\r\n\r\n{\"status\":"};
	struct govdx_error err;
	char url[64], want[256];

	health_error(*state, &step, 0, &err, url, sizeof url);
	snprintf(want, sizeof want,
	         "the answer of %s to the health check was cut short: the connection closed "
	         "after 10 of 4096 bytes", url);
	expect(&err, GOVDX_ERR_TRANSPORT, 0, "connection_lost", want);
}

static void test_trickle(void **state)
{
	/* The head and a byte, then nothing: an answer that began and stalls. */
	static const struct srv_step step = {
		.what = SRV_RAW, .hold = 1,
		.body = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
		        "Content-Length: 1000\r\n\r\n{"};
	struct govdx_error err;
	char url[64], want[256];

	health_error(*state, &step, 400, &err, url, sizeof url);
	snprintf(want, sizeof want,
	         "the service at %s sent the health check too slowly: 1 bytes within 0.4 s", url);
	expect(&err, GOVDX_ERR_TRANSPORT, 0, "timeout", want);
}

static void test_web_page(void **state)
{
	static const struct srv_step step = {
		.what = SRV_RAW,
		.body = "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
		        "Content-Length: 23\r\n\r\n<html>It works!</html>\n"};
	struct govdx_error err;
	char url[64], want[256];

	health_error(*state, &step, 0, &err, url, sizeof url);
	snprintf(want, sizeof want,
	         "the service at %s answered the health check with text/html; charset=utf-8, "
	         "not JSON (is the service URL right?)", url);
	expect(&err, GOVDX_ERR_PROTOCOL, 200, "not_json", want);
}

static void test_redirects(void **state)
{
	static const struct srv_step loop = {
		.what = SRV_RAW,
		.body = "HTTP/1.1 302 Found\r\nLocation: /v1/health\r\nContent-Length: 0\r\n\r\n"};
	static const struct srv_step away = {
		.what = SRV_RAW,
		.body = "HTTP/1.1 301 Moved Permanently\r\nLocation: https://govdx.example/v1/health\r\n"
		        "Content-Length: 0\r\n\r\n"};
	struct govdx_error err;
	char url[64], want[256];

	health_error(*state, &loop, 0, &err, url, sizeof url);
	snprintf(want, sizeof want,
	         "the service at %s redirects the health check to itself (HTTP 302, a redirect "
	         "loop)", url);
	expect(&err, GOVDX_ERR_PROTOCOL, 302, "redirect", want);

	health_error(*state, &away, 0, &err, url, sizeof url);
	snprintf(want, sizeof want,
	         "the service at %s redirects the health check to https://govdx.example/v1/health "
	         "(HTTP 301); redirects are not followed: set the service URL to where it leads",
	         url);
	expect(&err, GOVDX_ERR_PROTOCOL, 301, "redirect", want);
}

static void test_retry_after(void **state)
{
	static const struct srv_step proxy429 = {
		.what = SRV_RAW,
		.body = "HTTP/1.1 429 Too Many Requests\r\nContent-Type: text/html\r\n"
		        "Retry-After: 7\r\nContent-Length: 13\r\n\r\n<html></html>"};
	static const struct srv_step down503 = {
		.what = SRV_RAW,
		.body = "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/html\r\n"
		        "Retry-After: 4\r\nContent-Length: 13\r\n\r\n<html></html>"};
	/* The service's own: details.retry_after is what it means. */
	static const struct srv_step json429 = {
		.status = 429, .headers = "Retry-After: 9\r\n",
		.body = "{\"error\":{\"code\":\"rate_limited\",\"message\":\"too many requests\","
		        "\"details\":{\"retry_after\":3}}}"};
	static const struct srv_step plain404 = {
		.what = SRV_RAW,
		.body = "HTTP/1.1 404 Not Found\r\nRetry-After: 5\r\nContent-Length: 0\r\n\r\n"};
	struct govdx_error err;
	char url[64];

	health_error(*state, &proxy429, 0, &err, url, sizeof url);
	expect(&err, GOVDX_ERR_HTTP, 429, "too_many_requests",
	       "the service is limiting requests (HTTP 429)");
	assert_int_equal(err.retry_after, 7);

	health_error(*state, &down503, 0, &err, url, sizeof url);
	expect(&err, GOVDX_ERR_HTTP, 503, "unavailable", "the service is unavailable (HTTP 503)");
	assert_int_equal(err.retry_after, 4);

	health_error(*state, &json429, 0, &err, url, sizeof url);
	expect(&err, GOVDX_ERR_HTTP, 429, "rate_limited", "too many requests");
	assert_int_equal(err.retry_after, 3);

	/* only a 429 or a 503 asks to wait */
	health_error(*state, &plain404, 0, &err, url, sizeof url);
	assert_int_equal(err.http_status, 404);
	assert_int_equal(err.retry_after, 0);
}

static void test_escapes_shown(void **state)
{
	/* Clear the screen, set the clipboard (OSC 52), bell, C1 CSI, a
	 * right-to-left override, a tab: shown, not obeyed. */
	static const struct srv_step step = {
		.status = 400,
		.body = "{\"error\":{\"code\":\"bad_request\",\"message\":"
		        "\"\\u001b[2J\\u001b]52;c;eA==\\u0007\\u009b6n\\u202erefused\\tnow\\u007f\"}}"};
	struct govdx_error err;
	char url[64];

	health_error(*state, &step, 0, &err, url, sizeof url);
	expect(&err, GOVDX_ERR_HTTP, 400, "bad_request",
	       "^[[2J^[]52;c;eA==^G<U+009B>6n<U+202E>refused now^?");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_short_body, srv_fixture_setup, srv_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_trickle, srv_fixture_setup, srv_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_web_page, srv_fixture_setup, srv_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_redirects, srv_fixture_setup, srv_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_retry_after, srv_fixture_setup, srv_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_escapes_shown, srv_fixture_setup,
		                                srv_fixture_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
