/*
 * Transport tests for libgovdx over real loopback sockets, no mocks: a
 * closed port (connection refused), and the scripted loopback server of
 * client-net-server.c answering what each test asks for — good JSON, an
 * oversize body, garbage, error statuses, or nothing at all (timeout),
 * and a restart on the same port. Also the
 * request the library sends (escaping, headers), cancelling, reentrant
 * callbacks, and govdx_client_poll waking up for an extra descriptor.
 * Every wait has a deadline; nothing sleeps for a fixed time.
 */
#include "config.h"

#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "client-net-server.h"
#include "govdx.h"

#define TEST_TOKEN SRV_TOKEN

static const struct srv_step health_ok[] = {
	{.status = 200, .body = "{\"status\":\"ok\",\"version\":\"0.1.0\",\"database\":\"ok\"}"},
};

/* A client of the scripted server (client-net-server.c) whose URL ends in
 * a slash, which must not double the paths' own; max_answer 0 is the
 * library's default limit. */
static struct govdx_client *client_for(struct srv_fixture *f, int port, long timeout_ms,
                                       size_t max_answer)
{
	struct govdx_options opt = {.timeout_ms = timeout_ms, .max_answer_bytes = max_answer};

	snprintf(f->url, sizeof f->url, "http://127.0.0.1:%d/", port);
	opt.url = f->url;
	return srv_client_with(f, port, &opt);
}

/* The last request the server read. */
static void last_request(struct srv *s, char *buf, size_t cap)
{
	srv_request(s, srv_count(s) - 1, buf, cap);
}

static void expect_error(const struct govdx_error *err, enum govdx_error_kind kind,
                         const char *code, const char *mention)
{
	if (err->kind != kind || strcmp(err->code, code) != 0)
		fail_msg("expected %s/%s, got %s/%s: %s", govdx_error_kind_name(kind), code,
		         govdx_error_kind_name(err->kind), err->code, err->message);
	if (mention != NULL && strstr(err->message, mention) == NULL)
		fail_msg("\"%s\" does not mention \"%s\"", err->message, mention);
	if (strstr(err->message, TEST_TOKEN) != NULL)
		fail_msg("the message shows the token: %s", err->message);
}

/* Drives the client until *flag is set or the deadline passes. */
static void drive_until(struct govdx_client *c, const int *flag, long long within_ms)
{
	long long deadline = srv_now_ms() + within_ms;
	struct govdx_error err;

	while (!*flag && srv_now_ms() < deadline) {
		assert_int_equal(govdx_client_poll(c, NULL, 0, 100, &err), 0);
		govdx_client_perform(c);
	}
	assert_true(*flag);
}

/* ---- tests ---------------------------------------------------------------- */

static void test_connection_refused(void **state)
{
	struct srv_fixture *f = *state;
	struct govdx_health *h = NULL;
	struct govdx_error err;
	struct govdx_client *c;
	char want[96];
	struct srv *s = srv_start(health_ok, 1);
	int port = srv_port(s);

	srv_stop(s); /* nothing listens there now */
	c = client_for(f, port, 0, 0);
	assert_int_equal(govdx_health_sync(c, &h, &err), -1);
	assert_null(h);
	snprintf(want, sizeof want, "cannot reach http://127.0.0.1:%d: connection refused", port);
	expect_error(&err, GOVDX_ERR_TRANSPORT, "connection_refused", want);
	assert_non_null(strstr(err.message, "is the exchange service running?"));
	assert_int_equal(govdx_client_pending(c), 0);
	govdx_client_free(c);
}

static void test_health_and_request_head(void **state)
{
	struct srv_fixture *f = *state;
	char head[4096];
	struct srv *s = srv_start(health_ok, 1);
	struct govdx_client *c = client_for(f, srv_port(s), 0, 0);
	struct govdx_health *h = NULL;
	struct govdx_error err;

	assert_int_equal(govdx_health_sync(c, &h, &err), 0);
	assert_string_equal(h->status, "ok");
	govdx_health_free(h);
	last_request(s, head, sizeof head);
	assert_non_null(strstr(head, "GET /v1/health HTTP/1.1\r\n"));
	assert_non_null(strstr(head, "\r\nAccept: application/json\r\n"));
	assert_non_null(strstr(head, "\r\nAuthorization: Bearer " TEST_TOKEN "\r\n"));
	assert_non_null(strstr(head, "\r\nUser-Agent: govdx/" PACKAGE_VERSION "\r\n"));
	govdx_client_free(c);
	srv_stop(s);
}

static void test_escaping(void **state)
{
	struct srv_fixture *f = *state;
	static const struct srv_step empty_page[] = {
		{.status = 200, .body = "{\"items\":[],\"next_cursor\":null}"},
	};
	char head[4096];
	struct srv *s = srv_start(empty_page, 1);
	struct govdx_client *c = client_for(f, srv_port(s), 0, 0);
	struct govdx_entry_query q = {.platform = "130000", .q = "民政 a&b=c/d?#",
	                              .sharing = "conditional", .disputed = -1,
	                              .page = {.cursor = "ab+/=", .limit = 2}};
	struct govdx_entry_page *p = NULL;
	struct govdx_platform_page *pp = NULL;
	struct govdx_error err;

	assert_int_equal(govdx_entries_sync(c, &q, &p, &err), 0);
	assert_int_equal(p->n, 0);
	govdx_entry_page_free(p);
	last_request(s, head, sizeof head);
	assert_non_null(strstr(head, "GET /v1/entries?platform=130000"
	                             "&q=%E6%B0%91%E6%94%BF%20a%26b%3Dc%2Fd%3F%23"
	                             "&sharing=conditional&limit=2&cursor=ab%2B%2F%3D HTTP/1.1"));

	/* a path segment cannot climb out of its place */
	assert_int_equal(govdx_platform_children_sync(c, "13/../x", NULL, &pp, &err), 0);
	govdx_platform_page_free(pp);
	last_request(s, head, sizeof head);
	assert_non_null(strstr(head, "GET /v1/platforms/13%2F..%2Fx/children HTTP/1.1"));

	/* disputed 0 and 1 are sent; -1 is not */
	q = (struct govdx_entry_query){.disputed = 1};
	assert_int_equal(govdx_entries_sync(c, &q, &p, &err), 0);
	govdx_entry_page_free(p);
	last_request(s, head, sizeof head);
	assert_non_null(strstr(head, "GET /v1/entries?disputed=true HTTP/1.1"));
	govdx_client_free(c);
	srv_stop(s);
}

static void test_oversize(void **state)
{
	struct srv_fixture *f = *state;
	static const char no_length[] = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
	                                "Connection: close\r\n\r\n";
	static const char with_length[] = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
	                                  "Content-Length: 200000\r\nConnection: close\r\n\r\n";
	const struct srv_step replies[] = {
		{.what = SRV_RAW, .body = no_length, .pad = 200000},
		{.what = SRV_RAW, .body = with_length, .pad = 200000},
	};
	struct govdx_error err;
	size_t i;

	for (i = 0; i < 2; i++) {
		struct srv *s = srv_start(&replies[i], 1);
		struct govdx_client *c = client_for(f, srv_port(s), 0, 4096);
		struct govdx_health *h = NULL;

		assert_int_equal(govdx_health_sync(c, &h, &err), -1);
		assert_null(h);
		expect_error(&err, GOVDX_ERR_PROTOCOL, "oversize_answer", "larger than the limit of 4 KiB");
		govdx_client_free(c);
		srv_stop(s);
	}
}

static void test_garbage(void **state)
{
	struct srv_fixture *f = *state;
	const struct srv_step replies[] = {
		{.what = SRV_RAW, .body = "\x01\x02 this is no HTTP at all\r\n\r\n"},
		{.status = 200, .body = "<html>surprise</html>"},
	};
	struct govdx_error err;
	size_t i;

	for (i = 0; i < 2; i++) {
		struct srv *s = srv_start(&replies[i], 1);
		struct govdx_client *c = client_for(f, srv_port(s), 0, 0);
		struct govdx_health *h = NULL;

		assert_int_equal(govdx_health_sync(c, &h, &err), -1);
		assert_null(h);
		expect_error(&err, GOVDX_ERR_PROTOCOL, "malformed_answer", NULL);
		govdx_client_free(c);
		srv_stop(s);
	}
}

static void test_http_errors(void **state)
{
	struct srv_fixture *f = *state;
	static const struct srv_step nf[] = {
		{.status = 404, .body = "{\"error\":{\"code\":\"not_found\",\"message\":\"no entry X\"}}"},
	};
	static const struct srv_step echo[] = {
		{.status = 401, .body = "{\"error\":{\"code\":\"unauthorized\","
		                        "\"message\":\"unknown token " TEST_TOKEN "\"}}"},
	};
	static const struct srv_step html[] = {{.status = 502, .body = "<html>Bad Gateway</html>"}};
	struct govdx_entry *e = NULL;
	struct govdx_error err;
	struct srv *s;
	struct govdx_client *c;

	s = srv_start(nf, 1);
	c = client_for(f, srv_port(s), 0, 0);
	assert_int_equal(govdx_entry_sync(c, "X", &e, &err), -1);
	assert_null(e);
	expect_error(&err, GOVDX_ERR_HTTP, "not_found", "no entry X");
	assert_int_equal(err.http_status, 404);
	govdx_client_free(c);
	srv_stop(s);

	/* a service that echoes the token never gets it onto the screen */
	s = srv_start(echo, 1);
	c = client_for(f, srv_port(s), 0, 0);
	assert_int_equal(govdx_entry_sync(c, "X", &e, &err), -1);
	expect_error(&err, GOVDX_ERR_HTTP, "unauthorized", "unknown token [token]");
	govdx_client_free(c);
	srv_stop(s);

	s = srv_start(html, 1);
	c = client_for(f, srv_port(s), 0, 0);
	assert_int_equal(govdx_entry_sync(c, "X", &e, &err), -1);
	expect_error(&err, GOVDX_ERR_HTTP, "bad_gateway",
	             "the service answered HTTP 502 without an error description");
	assert_int_equal(err.http_status, 502);
	govdx_client_free(c);
	srv_stop(s);
}

static void test_timeout(void **state)
{
	struct srv_fixture *f = *state;
	static const struct srv_step silent[] = {{.what = SRV_HOLD}};
	struct srv *s = srv_start(silent, 1);
	struct govdx_client *c = client_for(f, srv_port(s), 300, 0);
	struct govdx_health *h = NULL;
	struct govdx_error err;
	long long t0 = srv_now_ms();

	assert_int_equal(govdx_health_sync(c, &h, &err), -1);
	expect_error(&err, GOVDX_ERR_TRANSPORT, "timeout", "did not answer");
	assert_non_null(strstr(err.message, "within 0.3 s"));
	assert_true(srv_now_ms() - t0 < 5000);
	govdx_client_free(c);
	srv_stop(s);
}

/* An answer stalls on a connection kept open from an earlier call: the
 * message says no answer came, not that no connection was made. */
static void test_timeout_reused(void **state)
{
	struct srv_fixture *f = *state;
	static const struct srv_step steps[] = {
		{.status = 200, .keep = 1,
		 .body = "{\"status\":\"ok\",\"version\":\"0.1.0\",\"database\":\"ok\"}"},
		{.what = SRV_HOLD},
	};
	struct srv *s = srv_start(steps, 2);
	struct govdx_client *c = client_for(f, srv_port(s), 300, 0);
	struct govdx_health *h = NULL;
	struct govdx_error err;

	assert_int_equal(govdx_health_sync(c, &h, &err), 0);
	govdx_health_free(h);
	h = NULL;
	assert_int_equal(govdx_health_sync(c, &h, &err), -1);
	expect_error(&err, GOVDX_ERR_TRANSPORT, "timeout", "did not answer the health check");
	assert_non_null(strstr(err.message, "within 0.3 s"));
	assert_null(strstr(err.message, "no connection"));
	assert_int_equal(srv_count(s), 2); /* both on the one connection */
	govdx_client_free(c);
	srv_stop(s);
}

/* The service goes away and comes back on the same port: the same client
 * reports it refused, then works again (the console relies on this). */
static void test_service_restart(void **state)
{
	struct srv_fixture *f = *state;
	struct srv *s = srv_start(health_ok, 1);
	int port = srv_port(s);
	struct govdx_client *c = client_for(f, port, 0, 0);
	struct govdx_health *h = NULL;
	struct govdx_error err;

	assert_int_equal(govdx_health_sync(c, &h, &err), 0);
	govdx_health_free(h);
	srv_stop(s);
	assert_int_equal(govdx_health_sync(c, &h, &err), -1);
	expect_error(&err, GOVDX_ERR_TRANSPORT, "connection_refused", NULL);
	s = srv_start_on(port, health_ok, 1);
	assert_int_equal(srv_port(s), port);
	if (govdx_health_sync(c, &h, &err) != 0)
		fail_msg("after the restart: %s", err.message);
	govdx_health_free(h);
	govdx_client_free(c);
	srv_stop(s);
}

/* ---- cancelling and callbacks --------------------------------------------- */

struct counts {
	struct govdx_client *c;
	govdx_call_id to_cancel;
	int a, b, cc, done;
	struct govdx_error err;
};

static void on_a(void *arg, const struct govdx_error *err, struct govdx_health *h)
{
	((struct counts *)arg)->a++;
	govdx_health_free(h);
}

static void on_b(void *arg, const struct govdx_error *err, struct govdx_health *h)
{
	struct counts *k = arg;

	k->b++;
	k->done = 1;
	if (err != NULL)
		k->err = *err;
	govdx_health_free(h);
	govdx_cancel(k->c, k->to_cancel); /* cancelling from a callback is allowed */
}

static void on_c(void *arg, const struct govdx_error *err, struct govdx_health *h)
{
	((struct counts *)arg)->cc++;
	govdx_health_free(h);
}

/* B's answer is gated: C is surely still in flight (the server, busy with
 * B, has not even accepted it) when B's callback cancels it. */
static const struct srv_step cancel_script[] = {
	{.status = 200, .body = "{\"status\":\"ok\",\"version\":\"0.1.0\",\"database\":\"ok\"}",
	 .gated = 1},
	{.what = SRV_HOLD},
};

static void test_cancel(void **state)
{
	struct srv_fixture *f = *state;
	struct srv *s = srv_start(cancel_script, 2);
	struct govdx_client *c = client_for(f, srv_port(s), 0, 0);
	struct counts k = {.c = c};
	govdx_call_id a, b, cid;
	long long deadline;
	struct govdx_error err;

	a = govdx_health(c, on_a, &k);
	b = govdx_health(c, on_b, &k);
	assert_true(a != 0 && b != 0 && a != b);
	assert_int_equal(govdx_client_pending(c), 2);
	govdx_cancel(c, a);
	assert_int_equal(govdx_client_pending(c), 1);
	/* drive until the server has read B's request */
	deadline = srv_now_ms() + 5000;
	while (srv_count(s) < 1 && srv_now_ms() < deadline) {
		assert_int_equal(govdx_client_poll(c, NULL, 0, 100, &err), 0);
		govdx_client_perform(c);
	}
	assert_int_equal(srv_count(s), 1);
	cid = govdx_health(c, on_c, &k);
	assert_true(cid != 0 && cid != b);
	assert_int_equal(govdx_client_pending(c), 2);
	k.to_cancel = cid;
	srv_release(s);
	drive_until(c, &k.done, 5000);
	assert_int_equal(k.err.kind, GOVDX_ERR_NONE);
	/* C was cancelled by B's callback; drive on until nothing is left */
	deadline = srv_now_ms() + 5000;
	while (govdx_client_pending(c) > 0 && srv_now_ms() < deadline) {
		assert_int_equal(govdx_client_poll(c, NULL, 0, 100, &err), 0);
		govdx_client_perform(c);
	}
	assert_int_equal(govdx_client_pending(c), 0);
	assert_int_equal(k.a, 0);
	assert_int_equal(k.b, 1);
	assert_int_equal(k.cc, 0);
	/* late and unknown cancels are harmless */
	govdx_cancel(c, b);
	govdx_cancel(c, 987654);
	govdx_cancel(c, 0);
	govdx_client_free(c);
	srv_stop(s);
}

static void on_refused(void *arg, const struct govdx_error *err, struct govdx_platform_node *n)
{
	struct counts *k = arg;

	k->a++;
	if (err != NULL)
		k->err = *err;
	govdx_platform_node_free(n);
}

static void on_refused_page(void *arg, const struct govdx_error *err,
                            struct govdx_platform_page *p)
{
	struct counts *k = arg;

	k->b++;
	if (err != NULL)
		k->err = *err;
	govdx_platform_page_free(p);
}

static void test_refused_before_start(void **state)
{
	struct srv_fixture *f = *state;
	struct govdx_client *c = client_for(f, 9, 0, 0);
	struct govdx_page_req bad = {.limit = -1};
	struct counts k = {0};

	assert_int_equal(govdx_platform(c, NULL, on_refused, &k), 0);
	assert_int_equal(k.a, 1);
	expect_error(&k.err, GOVDX_ERR_USAGE, "bad_argument", "platform code");
	assert_int_equal(govdx_platform_children(c, "130000", &bad, on_refused_page, &k), 0);
	assert_int_equal(k.b, 1);
	expect_error(&k.err, GOVDX_ERR_USAGE, "bad_argument", "must not be negative");
	assert_int_equal(govdx_client_pending(c), 0);
	govdx_client_free(c);
}

/* A callback that waits on a blocking wrapper, then frees the client. */
struct nested {
	struct govdx_client *c;
	int done, inner_ok;
};

static void on_outer(void *arg, const struct govdx_error *err, struct govdx_health *h)
{
	struct nested *n = arg;
	struct govdx_health *inner = NULL;
	struct govdx_error ierr;

	govdx_health_free(h);
	n->inner_ok = err == NULL && govdx_health_sync(n->c, &inner, &ierr) == 0 &&
	              strcmp(inner->status, "ok") == 0;
	govdx_health_free(inner);
	n->done = 1;
	govdx_client_free(n->c); /* deferred until perform returns */
}

static void test_reentrant_callbacks(void **state)
{
	struct srv_fixture *f = *state;
	struct srv *s = srv_start(health_ok, 1);
	struct govdx_client *c = client_for(f, srv_port(s), 0, 0);
	struct nested n = {.c = c};
	long long deadline = srv_now_ms() + 5000;
	struct govdx_error err;

	assert_true(govdx_health(c, on_outer, &n) != 0);
	/* the client is gone once the callback ran: stop touching it then */
	while (!n.done && srv_now_ms() < deadline) {
		assert_int_equal(govdx_client_poll(c, NULL, 0, 100, &err), 0);
		govdx_client_perform(c);
	}
	assert_true(n.done);
	assert_true(n.inner_ok);
	srv_stop(s);
}

/* ---- polling extra descriptors -------------------------------------------- */

static void *write_later(void *arg)
{
	int fd = *(int *)arg;

	if (write(fd, "k", 1) != 1)
		return NULL;
	return NULL;
}

static void test_poll_extra_fd(void **state)
{
	struct srv_fixture *f = *state;
	struct govdx_client *c = client_for(f, 9, 0, 0);
	struct govdx_pollfd pfd;
	struct govdx_error err;
	pthread_t th;
	int p[2];
	long long t0;

	assert_int_equal(pipe(p), 0);
	/* nothing readable: a short poll returns with no events */
	pfd = (struct govdx_pollfd){.fd = p[0], .events = GOVDX_POLLIN};
	assert_int_equal(govdx_client_poll(c, &pfd, 1, 50, &err), 0);
	assert_int_equal(pfd.revents, 0);
	/* another thread writes: the poll wakes long before its 10 s timeout */
	t0 = srv_now_ms();
	assert_int_equal(pthread_create(&th, NULL, write_later, &p[1]), 0);
	pfd.revents = 0;
	while (!(pfd.revents & GOVDX_POLLIN) && srv_now_ms() - t0 < 10000)
		assert_int_equal(govdx_client_poll(c, &pfd, 1, 10000, &err), 0);
	assert_true(pfd.revents & GOVDX_POLLIN);
	assert_true(srv_now_ms() - t0 < 5000);
	pthread_join(th, NULL);
	close(p[0]);
	close(p[1]);
	govdx_client_free(c);
}

int main(void)
{
	/* The in-test server is on loopback: no proxy may get in between. */
	unsetenv("http_proxy");
	unsetenv("HTTPS_PROXY");
	unsetenv("https_proxy");
	unsetenv("ALL_PROXY");
	unsetenv("all_proxy");

	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_connection_refused, srv_fixture_setup, srv_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_health_and_request_head, srv_fixture_setup, srv_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_escaping, srv_fixture_setup, srv_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_oversize, srv_fixture_setup, srv_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_garbage, srv_fixture_setup, srv_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_http_errors, srv_fixture_setup, srv_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_timeout, srv_fixture_setup, srv_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_timeout_reused, srv_fixture_setup, srv_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_service_restart, srv_fixture_setup, srv_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_cancel, srv_fixture_setup, srv_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_refused_before_start, srv_fixture_setup, srv_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_reentrant_callbacks, srv_fixture_setup, srv_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_poll_extra_fd, srv_fixture_setup, srv_fixture_teardown),
	};

	return cmocka_run_group_tests_name("client-transport", tests, NULL, NULL);
}
