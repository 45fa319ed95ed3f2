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

#define TEST_TOKEN "tEsT-t0ken.requests-0123456789"
#define MAX_REQ 8

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

/* ---- time ----------------------------------------------------------------- */

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- the scripted server -------------------------------------------------- */

enum step_do { ANSWER = 0, DROP, RESET };

struct step {
	enum step_do what;
	int status;
	const char *headers; /* extra header lines, each ending in \r\n */
	const char *body;
	int delay_ms;        /* answer this late (a long poll) */
};

struct server {
	int lfd, port;
	int stop[2];
	pthread_t thread;
	pthread_mutex_t mu;
	const struct step *steps;
	int n_steps;
	char req[MAX_REQ][8192]; /* head and body of each request read */
	int n_req;
};

static bool send_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = send(fd, p, n, MSG_NOSIGNAL);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		p += w;
		n -= (size_t)w;
	}
	return true;
}

/* Waits for fd (or the stop pipe) up to ms (-1: no limit). 1: fd ready,
 * 0: time is up, -1: stop. */
static int wait_fd(struct server *s, int fd, int ms)
{
	struct pollfd p[2] = {{fd, POLLIN, 0}, {s->stop[0], POLLIN, 0}};
	long long end = now_ms() + ms;

	for (;;) {
		int left = ms < 0 ? -1 : (int)(end - now_ms());
		int n;

		if (ms >= 0 && left <= 0)
			return 0;
		n = poll(p, fd >= 0 ? 2 : 1, left);
		if (fd < 0) { /* only the stop pipe was watched: p[0] is it */
			p[1] = p[0];
			p[0].revents = 0;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 || p[1].revents)
			return -1;
		if (n == 0)
			return 0;
		if (p[0].revents)
			return 1;
	}
}

/* Reads one request, head and Content-Length body, into buf. */
static bool read_request(struct server *s, int fd, char *buf, size_t cap)
{
	size_t got = 0, want = 0;
	char *end;

	buf[0] = '\0';
	for (;;) {
		ssize_t n;

		end = strstr(buf, "\r\n\r\n");
		if (end != NULL) {
			const char *cl = strcasestr(buf, "\r\nContent-Length:");

			want = (size_t)(end + 4 - buf) + (cl != NULL && cl < end ? strtoul(cl + 17, NULL, 10) : 0);
			if (got >= want)
				return true;
		}
		if (got >= cap - 1 || wait_fd(s, fd, 5000) != 1)
			return false;
		n = recv(fd, buf + got, cap - 1 - got, 0);
		if (n <= 0)
			return false;
		got += (size_t)n;
		buf[got] = '\0';
	}
}

static void *server_main(void *arg)
{
	struct server *s = arg;
	char buf[8192], *answer;
	int i = 0;

	for (;; i++) {
		const struct step *st;
		int fd;

		if (wait_fd(s, s->lfd, -1) != 1)
			break;
		fd = accept(s->lfd, NULL, NULL);
		if (fd < 0)
			continue;
		st = &s->steps[i < s->n_steps ? i : s->n_steps - 1];
		if (!read_request(s, fd, buf, sizeof buf)) {
			close(fd);
			continue;
		}
		pthread_mutex_lock(&s->mu);
		if (s->n_req < MAX_REQ)
			memcpy(s->req[s->n_req++], buf, sizeof buf);
		pthread_mutex_unlock(&s->mu);
		if (st->what == RESET) {
			struct linger l = {.l_onoff = 1, .l_linger = 0};

			setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
		} else if (st->what == ANSWER) {
			size_t n = strlen(st->body) + 512;

			/* Late, but not for a client that gave up (it closes:
			 * readable) — the next connection is its retry. */
			int w = st->delay_ms > 0 ? wait_fd(s, fd, st->delay_ms) : 0;

			if (w < 0) {
				close(fd);
				break;
			}
			if (w > 0) {
				close(fd);
				continue;
			}
			answer = malloc(n);
			snprintf(answer, n,
			         "HTTP/1.1 %d X\r\nContent-Type: application/json\r\n"
			         "Content-Length: %zu\r\nConnection: close\r\n%s\r\n%s",
			         st->status, strlen(st->body), st->headers != NULL ? st->headers : "",
			         st->body);
			send_all(fd, answer, strlen(answer));
			free(answer);
		}
		close(fd);
	}
	return NULL;
}

static struct server *server_start(const struct step *steps, int n_steps)
{
	struct server *s = calloc(1, sizeof *s);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t len = sizeof a;

	assert_non_null(s);
	s->lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	assert_true(s->lfd >= 0);
	assert_int_equal(bind(s->lfd, (struct sockaddr *)&a, sizeof a), 0);
	assert_int_equal(listen(s->lfd, 16), 0);
	assert_int_equal(getsockname(s->lfd, (struct sockaddr *)&a, &len), 0);
	s->port = ntohs(a.sin_port);
	assert_int_equal(pipe(s->stop), 0);
	pthread_mutex_init(&s->mu, NULL);
	s->steps = steps;
	s->n_steps = n_steps;
	assert_int_equal(pthread_create(&s->thread, NULL, server_main, s), 0);
	return s;
}

static void server_stop(struct server *s)
{
	assert_int_equal(write(s->stop[1], "x", 1), 1);
	pthread_join(s->thread, NULL);
	close(s->lfd);
	close(s->stop[0]);
	close(s->stop[1]);
	pthread_mutex_destroy(&s->mu);
	free(s);
}

static int server_count(struct server *s)
{
	int n;

	pthread_mutex_lock(&s->mu);
	n = s->n_req;
	pthread_mutex_unlock(&s->mu);
	return n;
}

/* The request line, a header's value ("" when absent) and the body of the
 * i-th request the server read. */
static void req_line(struct server *s, int i, char *out, size_t cap)
{
	pthread_mutex_lock(&s->mu);
	snprintf(out, cap, "%.*s", (int)strcspn(s->req[i], "\r"), s->req[i]);
	pthread_mutex_unlock(&s->mu);
}

static void req_header(struct server *s, int i, const char *name, char *out, size_t cap)
{
	char pat[64];
	const char *h;

	snprintf(pat, sizeof pat, "\r\n%s:", name);
	pthread_mutex_lock(&s->mu);
	h = strcasestr(s->req[i], pat);
	out[0] = '\0';
	if (h != NULL && h < strstr(s->req[i], "\r\n\r\n")) {
		h += strlen(pat);
		while (*h == ' ')
			h++;
		snprintf(out, cap, "%.*s", (int)strcspn(h, "\r"), h);
	}
	pthread_mutex_unlock(&s->mu);
}

static void req_body(struct server *s, int i, char *out, size_t cap)
{
	const char *b;

	pthread_mutex_lock(&s->mu);
	b = strstr(s->req[i], "\r\n\r\n");
	snprintf(out, cap, "%s", b != NULL ? b + 4 : "");
	pthread_mutex_unlock(&s->mu);
}

/* ---- the client side ------------------------------------------------------ */

struct fixture {
	char dir[64];
	char token_file[128];
	char url[64];
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	FILE *fp;

	if (f == NULL)
		return -1;
	strcpy(f->dir, "/tmp/govdx-requests-XXXXXX");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	snprintf(f->token_file, sizeof f->token_file, "%s/t.token", f->dir);
	fp = fopen(f->token_file, "w");
	if (fp == NULL)
		return -1;
	fputs(TEST_TOKEN "\n", fp);
	fclose(fp);
	chmod(f->token_file, 0600);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	unlink(f->token_file);
	rmdir(f->dir);
	free(f);
	return 0;
}

static struct govdx_client *client_for(struct fixture *f, int port, long timeout_ms)
{
	struct govdx_options opt = {0};
	struct govdx_client *c = NULL;
	struct govdx_error err;

	snprintf(f->url, sizeof f->url, "http://127.0.0.1:%d", port);
	opt.url = f->url;
	opt.token_file = f->token_file;
	opt.timeout_ms = timeout_ms;
	if (govdx_client_new(&opt, &c, &err) != 0)
		fail_msg("govdx_client_new: %s", err.message);
	return c;
}

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

/* Drives the client until nothing is in flight (so a second callback
 * would show), within a deadline. */
static void drive_all(struct govdx_client *c, long long within_ms)
{
	long long deadline = now_ms() + within_ms;
	struct govdx_error err;

	while (govdx_client_pending(c) > 0 && now_ms() < deadline) {
		assert_int_equal(govdx_client_poll(c, NULL, 0, 100, &err), 0);
		govdx_client_perform(c);
	}
	assert_int_equal(govdx_client_pending(c), 0);
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

static void check_retry_same_key(struct fixture *f, enum step_do first, const char *key)
{
	const struct step steps[] = {
		{.what = first},
		{.status = 201, .headers = "ETag: \"1\"\r\n", .body = request_json},
	};
	struct server *s = server_start(steps, 2);
	struct govdx_client *c = client_for(f, s->port, 5000);
	struct govdx_request_new n = new_request(key);
	struct outcome o = {0};
	char line[256], k0[160], k1[160], b0[2048], b1[2048], ct[64], auth[128];

	assert_int_not_equal(govdx_request_create(c, &n, on_request, &o), 0);
	drive_all(c, 10000);
	assert_int_equal(o.calls, 1);
	if (o.failed)
		fail_msg("create failed: %s: %s", o.err.code, o.err.message);
	assert_non_null(o.r);
	assert_string_equal(o.r->id, "REQ-000123");
	assert_int_equal(o.r->version, 1);

	assert_int_equal(server_count(s), 2);
	req_line(s, 0, line, sizeof line);
	assert_string_equal(line, "POST /v1/requests HTTP/1.1");
	req_line(s, 1, line, sizeof line);
	assert_string_equal(line, "POST /v1/requests HTTP/1.1");
	req_header(s, 0, "Idempotency-Key", k0, sizeof k0);
	req_header(s, 1, "Idempotency-Key", k1, sizeof k1);
	if (key != NULL)
		assert_string_equal(k0, key);
	else
		assert_int_equal(strlen(k0), 36);
	assert_string_equal(k0, k1);
	req_body(s, 0, b0, sizeof b0);
	req_body(s, 1, b1, sizeof b1);
	assert_string_equal(b0, b1);
	assert_non_null(strstr(b0, "\"entry_code\":\"130000008-310008-0001\""));
	assert_non_null(strstr(b0, "\"items\":[\"统一社会信用代码\",\"社会组织名称\"]"));
	assert_non_null(strstr(b0, "\"period\":{\"from\":\"2025-01-01\",\"to\":\"2025-12-31\"}") ||
	                strstr(b0, "\"period\":{\"to\":\"2025-12-31\",\"from\":\"2025-01-01\"}"));
	req_header(s, 1, "Content-Type", ct, sizeof ct);
	assert_string_equal(ct, "application/json");
	req_header(s, 1, "Authorization", auth, sizeof auth);
	assert_string_equal(auth, "Bearer " TEST_TOKEN);
	req_header(s, 1, "If-Match", ct, sizeof ct);
	assert_string_equal(ct, ""); /* a create has no version to match */

	govdx_request_free(o.r);
	govdx_client_free(c);
	server_stop(s);
}

/* The first connection is closed after the request was read: the library
 * cannot know whether it landed, so it asks again with the same key. */
static void test_create_retried_after_drop(void **state)
{
	check_retry_same_key(*state, DROP, NULL);
}

static void test_create_retried_after_reset(void **state)
{
	check_retry_same_key(*state, RESET, "caller-key-0001");
}

/* The first attempt gets no answer within the timeout (it may have landed
 * and be stuck behind a lock): the retry carries the same key. */
static void test_retried_after_timeout(void **state)
{
	struct fixture *f = *state;
	const struct step steps[] = {
		{.status = 200, .delay_ms = 3000, .body = request_json},
		{.status = 200, .headers = "ETag: \"2\"\r\n", .body = request_json},
	};
	struct server *s = server_start(steps, 2);
	struct govdx_client *c = client_for(f, s->port, 400);
	struct govdx_transition t = {.action = "approve", .version = 1};
	struct outcome o = {0};
	char k0[160], k1[160];

	assert_int_not_equal(govdx_request_transition(c, "REQ-000123", &t, on_request, &o), 0);
	drive_all(c, 10000);
	assert_int_equal(o.calls, 1);
	if (o.failed)
		fail_msg("transition failed: %s: %s", o.err.code, o.err.message);
	assert_int_equal(o.r->version, 2);
	assert_int_equal(server_count(s), 2);
	req_header(s, 0, "Idempotency-Key", k0, sizeof k0);
	req_header(s, 1, "Idempotency-Key", k1, sizeof k1);
	assert_string_equal(k0, k1);
	govdx_request_free(o.r);
	govdx_client_free(c);
	server_stop(s);
}

static void test_retried_only_once(void **state)
{
	struct fixture *f = *state;
	const struct step steps[] = {{.what = DROP}};
	struct server *s = server_start(steps, 1);
	struct govdx_client *c = client_for(f, s->port, 5000);
	struct govdx_transition t = {.action = "approve", .version = 2};
	struct outcome o = {0};
	char k0[160], k1[160];

	assert_int_not_equal(govdx_request_transition(c, "REQ-000123", &t, on_request, &o), 0);
	drive_all(c, 10000);
	assert_int_equal(o.calls, 1);
	assert_true(o.failed);
	assert_int_equal(o.err.kind, GOVDX_ERR_TRANSPORT);
	assert_null(o.r);
	assert_int_equal(server_count(s), 2);
	req_header(s, 0, "Idempotency-Key", k0, sizeof k0);
	req_header(s, 1, "Idempotency-Key", k1, sizeof k1);
	assert_string_equal(k0, k1);
	assert_int_equal(strlen(k0), 36);
	govdx_client_free(c);
	server_stop(s);
}

static void test_get_and_http_errors_not_retried(void **state)
{
	struct fixture *f = *state;
	const struct step drop[] = {{.what = DROP}};
	const struct step busy[] = {
		{.status = 503, .body = "{\"error\":{\"code\":\"unavailable\",\"message\":\"away\"}}"}};
	struct server *s = server_start(drop, 1);
	struct govdx_client *c = client_for(f, s->port, 5000);
	struct govdx_request_new n = new_request(NULL);
	struct outcome o = {0};

	govdx_request_get(c, "REQ-000123", on_request, &o);
	drive_all(c, 10000);
	assert_int_equal(o.calls, 1);
	assert_true(o.failed);
	assert_int_equal(server_count(s), 1);
	govdx_client_free(c);
	server_stop(s);

	s = server_start(busy, 1);
	c = client_for(f, s->port, 5000);
	o = (struct outcome){0};
	govdx_request_create(c, &n, on_request, &o);
	drive_all(c, 10000);
	assert_int_equal(o.calls, 1);
	assert_int_equal(o.err.http_status, 503);
	assert_string_equal(o.err.code, "unavailable");
	assert_int_equal(server_count(s), 1);
	govdx_client_free(c);
	server_stop(s);
}

static void test_transition_412_current(void **state)
{
	struct fixture *f = *state;
	char body412[4096], line[256], h[160], body[1024];
	struct step steps[1] = {{.status = 412, .body = body412}};
	struct server *s;
	struct govdx_client *c;
	struct govdx_transition t = {.action = "approve", .reason = "同意共享", .version = 3,
	                             .idempotency_key = "k-412"};
	struct outcome o = {0};

	snprintf(body412, sizeof body412,
	         "{\"error\":{\"code\":\"precondition_failed\",\"message\":\"changed meanwhile\","
	         "\"details\":{\"current\":%s}}}",
	         current_json);
	s = server_start(steps, 1);
	c = client_for(f, s->port, 5000);
	assert_int_not_equal(govdx_request_transition(c, "REQ-000123", &t, on_request, &o), 0);
	drive_all(c, 10000);
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

	assert_int_equal(server_count(s), 1);
	req_line(s, 0, line, sizeof line);
	assert_string_equal(line, "POST /v1/requests/REQ-000123/transitions HTTP/1.1");
	req_header(s, 0, "If-Match", h, sizeof h);
	assert_string_equal(h, "\"3\"");
	req_header(s, 0, "Idempotency-Key", h, sizeof h);
	assert_string_equal(h, "k-412");
	req_body(s, 0, body, sizeof body);
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
	server_stop(s);
}

static void test_transition_without_version(void **state)
{
	struct fixture *f = *state;
	const struct step steps[] = {
		{.status = 428,
		 .body = "{\"error\":{\"code\":\"precondition_required\",\"message\":\"If-Match needed\"}}"}};
	struct server *s = server_start(steps, 1);
	struct govdx_client *c = client_for(f, s->port, 5000);
	struct govdx_transition t = {.action = "withdraw"};
	struct outcome o = {0};
	char h[160], body[256];

	govdx_request_transition(c, "REQ-000123", &t, on_request, &o);
	drive_all(c, 10000);
	assert_int_equal(o.calls, 1);
	assert_int_equal(o.err.http_status, 428);
	assert_string_equal(o.err.code, "precondition_required");
	assert_null(o.r);
	req_header(s, 0, "If-Match", h, sizeof h);
	assert_string_equal(h, "");
	req_body(s, 0, body, sizeof body);
	assert_string_equal(body, "{\"action\":\"withdraw\"}"); /* no reason key at all */
	govdx_client_free(c);
	server_stop(s);
}

static void test_etag_wins(void **state)
{
	struct fixture *f = *state;
	const struct step steps[] = {
		{.status = 200, .headers = "ETag: \"7\"\r\n", .body = request_json},
		{.status = 200, .headers = "etag: W/\"8\"\r\n", .body = request_json},
		{.status = 200, .headers = "ETag: \"abc\"\r\n", .body = request_json},
	};
	struct server *s = server_start(steps, 3);
	struct govdx_client *c = client_for(f, s->port, 5000);
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
	req_line(s, 0, line, sizeof line);
	assert_string_equal(line, "GET /v1/requests/REQ-000123 HTTP/1.1");
	govdx_client_free(c);
	server_stop(s);
}

static void test_events_long_poll(void **state)
{
	struct fixture *f = *state;
	const struct step steps[] = {
		{.status = 200, .delay_ms = 900,
		 .body = "{\"items\":[{\"seq\":6,\"at\":\"t\",\"kind\":\"request\",\"id\":\"REQ-000123\","
		         "\"action\":\"approve\",\"state\":\"approved\"}],\"last_seq\":6}"},
		{.status = 200, .body = "{\"items\":[],\"last_seq\":6}"},
	};
	struct server *s = server_start(steps, 2);
	/* a normal timeout far shorter than the answer takes */
	struct govdx_client *c = client_for(f, s->port, 300);
	struct govdx_event_batch *b = NULL;
	struct govdx_error err;
	char line[256];

	if (govdx_events_sync(c, 5, 2, &b, &err) != 0)
		fail_msg("events: %s: %s", err.code, err.message);
	assert_int_equal(b->n, 1);
	assert_string_equal(b->items[0].id, "REQ-000123");
	assert_int_equal(b->last_seq, 6);
	govdx_event_batch_free(b);
	req_line(s, 0, line, sizeof line);
	assert_string_equal(line, "GET /v1/events?after=5&wait=2 HTTP/1.1");

	assert_int_equal(govdx_events_sync(c, -1, 0, &b, &err), 0);
	assert_int_equal(b->n, 0);
	govdx_event_batch_free(b);
	req_line(s, 1, line, sizeof line);
	assert_string_equal(line, "GET /v1/events?wait=0 HTTP/1.1");
	govdx_client_free(c);
	server_stop(s);
}

static void test_query_strings(void **state)
{
	struct fixture *f = *state;
	const struct step steps[] = {
		{.status = 200, .body = "{\"items\":[],\"next_cursor\":null}"},
		{.status = 200, .body = "{\"items\":[],\"next_cursor\":null}"},
		{.status = 200, .body = "{\"items\":[]}"},
		{.status = 200, .body = "{\"ok\":true,\"checked\":0}"},
	};
	struct server *s = server_start(steps, 4);
	struct govdx_client *c = client_for(f, s->port, 5000);
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
	req_line(s, 0, line, sizeof line);
	assert_string_equal(line, "GET /v1/requests?box=inbox&state=pending&overdue=true"
	                          "&limit=20&cursor=a%20b HTTP/1.1");
	assert_int_equal(govdx_audit_sync(c, "request:REQ-000123", &page, &a, &err), 0);
	govdx_audit_page_free(a);
	req_line(s, 1, line, sizeof line);
	assert_string_equal(line, "GET /v1/audit?subject=request%3AREQ-000123&limit=5 HTTP/1.1");
	assert_int_equal(govdx_calendar_sync(c, "2025-01-01", "2025-12-31", &cal, &err), 0);
	govdx_calendar_free(cal);
	req_line(s, 2, line, sizeof line);
	assert_string_equal(line, "GET /v1/calendar?from=2025-01-01&to=2025-12-31 HTTP/1.1");
	assert_int_equal(govdx_audit_verify_sync(c, &v, &err), 0);
	assert_true(v->ok);
	govdx_audit_verify_free(v);
	req_line(s, 3, line, sizeof line);
	assert_string_equal(line, "GET /v1/audit/verify HTTP/1.1");
	govdx_client_free(c);
	server_stop(s);
}

static void test_refused_before_sending(void **state)
{
	struct fixture *f = *state;
	const struct step steps[] = {{.status = 500, .body = "{}"}};
	struct server *s = server_start(steps, 1);
	struct govdx_client *c = client_for(f, s->port, 5000);
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
	assert_int_equal(server_count(s), 0);
	govdx_client_free(c);
	server_stop(s);
}

int main(void)
{
	unsetenv("http_proxy");
	unsetenv("HTTPS_PROXY");
	unsetenv("https_proxy");
	unsetenv("ALL_PROXY");
	unsetenv("all_proxy");

	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_create_retried_after_drop, setup, teardown),
		cmocka_unit_test_setup_teardown(test_create_retried_after_reset, setup, teardown),
		cmocka_unit_test_setup_teardown(test_retried_after_timeout, setup, teardown),
		cmocka_unit_test_setup_teardown(test_retried_only_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_get_and_http_errors_not_retried, setup, teardown),
		cmocka_unit_test_setup_teardown(test_transition_412_current, setup, teardown),
		cmocka_unit_test_setup_teardown(test_transition_without_version, setup, teardown),
		cmocka_unit_test_setup_teardown(test_etag_wins, setup, teardown),
		cmocka_unit_test_setup_teardown(test_events_long_poll, setup, teardown),
		cmocka_unit_test_setup_teardown(test_query_strings, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refused_before_sending, setup, teardown),
	};

	return cmocka_run_group_tests_name("client-requests-net", tests, NULL, NULL);
}
