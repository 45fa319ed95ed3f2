/*
 * Transport tests for libgovdx over real loopback sockets, no mocks: a
 * closed port (connection refused), and a tiny HTTP server in a thread of
 * this test that answers what each test asks for — good JSON, an oversize
 * body, garbage, error statuses, or nothing at all (timeout). Also the
 * request the library sends (escaping, headers), cancelling, reentrant
 * callbacks, and govdx_client_poll waking up for an extra descriptor.
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
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "govdx.h"

#define TEST_TOKEN "tEsT-t0ken.abcdef123456"

static const char health_body[] = "{\"status\":\"ok\",\"version\":\"0.1.0\",\"database\":\"ok\"}";

/* ---- time ----------------------------------------------------------------- */

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- the in-test HTTP server ---------------------------------------------- */

struct server {
	int lfd, port;
	int stop[2];          /* written to stop the thread */
	pthread_t thread;
	pthread_mutex_t mu;
	const char *reply;    /* bytes sent for every connection */
	size_t reply_len;
	size_t pad;           /* that many 'x' bytes follow the reply */
	bool silent;          /* read the request and never answer */
	char request[4096];   /* the last request head received */
	int served;
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

/* Reads the request head (up to the blank line); false on EOF or stop. */
static bool read_head(struct server *s, int fd, char *buf, size_t cap)
{
	size_t got = 0;

	buf[0] = '\0';
	while (strstr(buf, "\r\n\r\n") == NULL && got < cap - 1) {
		struct pollfd p[2] = {{fd, POLLIN, 0}, {s->stop[0], POLLIN, 0}};
		ssize_t n;

		if (poll(p, 2, -1) < 0 && errno != EINTR)
			return false;
		if (p[1].revents)
			return false;
		if (!(p[0].revents & (POLLIN | POLLHUP | POLLERR)))
			continue;
		n = recv(fd, buf + got, cap - 1 - got, 0);
		if (n <= 0)
			return false;
		got += (size_t)n;
		buf[got] = '\0';
	}
	return true;
}

/* Holds a connection open without answering until the client goes away or
 * the test stops the server. */
static void hold(struct server *s, int fd)
{
	for (;;) {
		struct pollfd p[2] = {{fd, POLLIN, 0}, {s->stop[0], POLLIN, 0}};
		char b[256];

		if (poll(p, 2, -1) < 0 && errno != EINTR)
			return;
		if (p[1].revents)
			return;
		if (p[0].revents && recv(fd, b, sizeof b, 0) <= 0)
			return;
	}
}

static void *server_main(void *arg)
{
	struct server *s = arg;
	char head[4096], pad[8192];

	memset(pad, 'x', sizeof pad);
	for (;;) {
		struct pollfd p[2] = {{s->lfd, POLLIN, 0}, {s->stop[0], POLLIN, 0}};
		int fd;

		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (p[1].revents)
			break;
		fd = accept(s->lfd, NULL, NULL);
		if (fd < 0)
			continue;
		if (read_head(s, fd, head, sizeof head)) {
			pthread_mutex_lock(&s->mu);
			memcpy(s->request, head, sizeof head);
			pthread_mutex_unlock(&s->mu);
			if (s->silent) {
				hold(s, fd);
			} else if (send_all(fd, s->reply, s->reply_len)) {
				size_t left = s->pad;

				while (left > 0) {
					size_t n = left < sizeof pad ? left : sizeof pad;

					if (!send_all(fd, pad, n))
						break; /* the client hung up: expected for oversize */
					left -= n;
				}
			}
		}
		close(fd);
		pthread_mutex_lock(&s->mu);
		s->served++;
		pthread_mutex_unlock(&s->mu);
	}
	return NULL;
}

/* Listens on *port, or on a fresh port when *port is 0. */
static int listen_loopback(int *port)
{
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	                        .sin_port = htons((uint16_t)*port)};
	socklen_t len = sizeof a;
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), one = 1;

	if (fd >= 0)
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof a) != 0 || listen(fd, 16) != 0 ||
	    getsockname(fd, (struct sockaddr *)&a, &len) != 0)
		return -1;
	*port = ntohs(a.sin_port);
	return fd;
}

static struct server *server_start_on(int port, const char *reply, size_t pad, bool silent)
{
	struct server *s = calloc(1, sizeof *s);

	assert_non_null(s);
	s->port = port;
	s->lfd = listen_loopback(&s->port);
	assert_true(s->lfd >= 0);
	assert_int_equal(pipe(s->stop), 0);
	pthread_mutex_init(&s->mu, NULL);
	s->reply = reply;
	s->reply_len = reply != NULL ? strlen(reply) : 0;
	s->pad = pad;
	s->silent = silent;
	assert_int_equal(pthread_create(&s->thread, NULL, server_main, s), 0);
	return s;
}

static struct server *server_start(const char *reply, size_t pad, bool silent)
{
	return server_start_on(0, reply, pad, silent);
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

static void server_request(struct server *s, char *buf, size_t cap)
{
	pthread_mutex_lock(&s->mu);
	snprintf(buf, cap, "%s", s->request);
	pthread_mutex_unlock(&s->mu);
}

/* An HTTP/1.1 answer with a body and Content-Length, closing afterwards. */
static char *http_answer(int status, const char *body)
{
	char *out;
	size_t n = strlen(body) + 200;

	out = malloc(n);
	assert_non_null(out);
	snprintf(out, n,
	         "HTTP/1.1 %d X\r\nContent-Type: application/json\r\nContent-Length: %zu\r\n"
	         "Connection: close\r\n\r\n%s",
	         status, strlen(body), body);
	return out;
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
	strcpy(f->dir, "/tmp/govdx-transport-XXXXXX");
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

static struct govdx_client *client_for(struct fixture *f, int port, long timeout_ms,
                                       size_t max_answer)
{
	struct govdx_options opt = {0};
	struct govdx_client *c = NULL;
	struct govdx_error err;

	snprintf(f->url, sizeof f->url, "http://127.0.0.1:%d/", port);
	opt.url = f->url;
	opt.token_file = f->token_file;
	opt.timeout_ms = timeout_ms;
	opt.max_answer_bytes = max_answer;
	if (govdx_client_new(&opt, &c, &err) != 0)
		fail_msg("govdx_client_new: %s", err.message);
	return c;
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
	long long deadline = now_ms() + within_ms;
	struct govdx_error err;

	while (!*flag && now_ms() < deadline) {
		assert_int_equal(govdx_client_poll(c, NULL, 0, 100, &err), 0);
		govdx_client_perform(c);
	}
	assert_true(*flag);
}

/* ---- tests ---------------------------------------------------------------- */

static void test_connection_refused(void **state)
{
	struct fixture *f = *state;
	struct govdx_health *h = NULL;
	struct govdx_error err;
	struct govdx_client *c;
	char want[96];
	int port = 0, fd;

	fd = listen_loopback(&port);
	assert_true(fd >= 0);
	close(fd); /* nothing listens there now */
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
	struct fixture *f = *state;
	char *reply = http_answer(200, health_body), head[4096];
	struct server *s = server_start(reply, 0, false);
	struct govdx_client *c = client_for(f, s->port, 0, 0);
	struct govdx_health *h = NULL;
	struct govdx_error err;

	assert_int_equal(govdx_health_sync(c, &h, &err), 0);
	assert_string_equal(h->status, "ok");
	govdx_health_free(h);
	server_request(s, head, sizeof head);
	assert_non_null(strstr(head, "GET /v1/health HTTP/1.1\r\n"));
	assert_non_null(strstr(head, "\r\nAccept: application/json\r\n"));
	assert_non_null(strstr(head, "\r\nAuthorization: Bearer " TEST_TOKEN "\r\n"));
	assert_non_null(strstr(head, "\r\nUser-Agent: govdx/" PACKAGE_VERSION "\r\n"));
	govdx_client_free(c);
	server_stop(s);
	free(reply);
}

static void test_escaping(void **state)
{
	struct fixture *f = *state;
	char *reply = http_answer(200, "{\"items\":[],\"next_cursor\":null}"), head[4096];
	struct server *s = server_start(reply, 0, false);
	struct govdx_client *c = client_for(f, s->port, 0, 0);
	struct govdx_entry_query q = {.platform = "130000", .q = "民政 a&b=c/d?#",
	                              .sharing = "conditional", .disputed = -1,
	                              .page = {.cursor = "ab+/=", .limit = 2}};
	struct govdx_entry_page *p = NULL;
	struct govdx_platform_page *pp = NULL;
	struct govdx_error err;

	assert_int_equal(govdx_entries_sync(c, &q, &p, &err), 0);
	assert_int_equal(p->n, 0);
	govdx_entry_page_free(p);
	server_request(s, head, sizeof head);
	assert_non_null(strstr(head, "GET /v1/entries?platform=130000"
	                             "&q=%E6%B0%91%E6%94%BF%20a%26b%3Dc%2Fd%3F%23"
	                             "&sharing=conditional&limit=2&cursor=ab%2B%2F%3D HTTP/1.1"));

	/* a path segment cannot climb out of its place */
	assert_int_equal(govdx_platform_children_sync(c, "13/../x", NULL, &pp, &err), 0);
	govdx_platform_page_free(pp);
	server_request(s, head, sizeof head);
	assert_non_null(strstr(head, "GET /v1/platforms/13%2F..%2Fx/children HTTP/1.1"));

	/* disputed 0 and 1 are sent; -1 is not */
	q = (struct govdx_entry_query){.disputed = 1};
	assert_int_equal(govdx_entries_sync(c, &q, &p, &err), 0);
	govdx_entry_page_free(p);
	server_request(s, head, sizeof head);
	assert_non_null(strstr(head, "GET /v1/entries?disputed=true HTTP/1.1"));
	govdx_client_free(c);
	server_stop(s);
	free(reply);
}

static void test_oversize(void **state)
{
	struct fixture *f = *state;
	static const char no_length[] = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
	                                "Connection: close\r\n\r\n";
	static const char with_length[] = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
	                                  "Content-Length: 200000\r\nConnection: close\r\n\r\n";
	const char *replies[] = {no_length, with_length};
	struct govdx_error err;
	size_t i;

	for (i = 0; i < 2; i++) {
		struct server *s = server_start(replies[i], 200000, false);
		struct govdx_client *c = client_for(f, s->port, 0, 4096);
		struct govdx_health *h = NULL;

		assert_int_equal(govdx_health_sync(c, &h, &err), -1);
		assert_null(h);
		expect_error(&err, GOVDX_ERR_PROTOCOL, "oversize_answer", "larger than the limit of 4 KiB");
		govdx_client_free(c);
		server_stop(s);
	}
}

static void test_garbage(void **state)
{
	struct fixture *f = *state;
	char *not_json = http_answer(200, "<html>surprise</html>");
	const char *replies[] = {"\x01\x02 this is no HTTP at all\r\n\r\n", not_json};
	struct govdx_error err;
	size_t i;

	for (i = 0; i < 2; i++) {
		struct server *s = server_start(replies[i], 0, false);
		struct govdx_client *c = client_for(f, s->port, 0, 0);
		struct govdx_health *h = NULL;

		assert_int_equal(govdx_health_sync(c, &h, &err), -1);
		assert_null(h);
		expect_error(&err, GOVDX_ERR_PROTOCOL, "malformed_answer", NULL);
		govdx_client_free(c);
		server_stop(s);
	}
	free(not_json);
}

static void test_http_errors(void **state)
{
	struct fixture *f = *state;
	char *nf = http_answer(404, "{\"error\":{\"code\":\"not_found\",\"message\":\"no entry X\"}}");
	char *echo = http_answer(401, "{\"error\":{\"code\":\"unauthorized\","
	                              "\"message\":\"unknown token " TEST_TOKEN "\"}}");
	char *html = http_answer(502, "<html>Bad Gateway</html>");
	struct govdx_entry *e = NULL;
	struct govdx_error err;
	struct server *s;
	struct govdx_client *c;

	s = server_start(nf, 0, false);
	c = client_for(f, s->port, 0, 0);
	assert_int_equal(govdx_entry_sync(c, "X", &e, &err), -1);
	assert_null(e);
	expect_error(&err, GOVDX_ERR_HTTP, "not_found", "no entry X");
	assert_int_equal(err.http_status, 404);
	govdx_client_free(c);
	server_stop(s);

	/* a service that echoes the token never gets it onto the screen */
	s = server_start(echo, 0, false);
	c = client_for(f, s->port, 0, 0);
	assert_int_equal(govdx_entry_sync(c, "X", &e, &err), -1);
	expect_error(&err, GOVDX_ERR_HTTP, "unauthorized", "unknown token [token]");
	govdx_client_free(c);
	server_stop(s);

	s = server_start(html, 0, false);
	c = client_for(f, s->port, 0, 0);
	assert_int_equal(govdx_entry_sync(c, "X", &e, &err), -1);
	expect_error(&err, GOVDX_ERR_HTTP, "bad_gateway",
	             "the service answered HTTP 502 without an error description");
	assert_int_equal(err.http_status, 502);
	govdx_client_free(c);
	server_stop(s);
	free(nf);
	free(echo);
	free(html);
}

static void test_timeout(void **state)
{
	struct fixture *f = *state;
	struct server *s = server_start(NULL, 0, true);
	struct govdx_client *c = client_for(f, s->port, 300, 0);
	struct govdx_health *h = NULL;
	struct govdx_error err;
	long long t0 = now_ms();

	assert_int_equal(govdx_health_sync(c, &h, &err), -1);
	expect_error(&err, GOVDX_ERR_TRANSPORT, "timeout", "did not answer");
	assert_non_null(strstr(err.message, "within 0.3 s"));
	assert_true(now_ms() - t0 < 5000);
	govdx_client_free(c);
	server_stop(s);
}

/* The service goes away and comes back on the same port: the same client
 * reports it refused, then works again (the console relies on this). */
static void test_service_restart(void **state)
{
	struct fixture *f = *state;
	char *reply = http_answer(200, health_body);
	struct server *s = server_start(reply, 0, false);
	int port = s->port;
	struct govdx_client *c = client_for(f, port, 0, 0);
	struct govdx_health *h = NULL;
	struct govdx_error err;

	assert_int_equal(govdx_health_sync(c, &h, &err), 0);
	govdx_health_free(h);
	server_stop(s);
	assert_int_equal(govdx_health_sync(c, &h, &err), -1);
	expect_error(&err, GOVDX_ERR_TRANSPORT, "connection_refused", NULL);
	s = server_start_on(port, reply, 0, false);
	assert_int_equal(s->port, port);
	if (govdx_health_sync(c, &h, &err) != 0)
		fail_msg("after the restart: %s", err.message);
	govdx_health_free(h);
	govdx_client_free(c);
	server_stop(s);
	free(reply);
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

static void test_cancel(void **state)
{
	struct fixture *f = *state;
	char *reply = http_answer(200, health_body);
	struct server *s = server_start(reply, 0, false);
	struct govdx_client *c = client_for(f, s->port, 0, 0);
	struct counts k = {.c = c};
	govdx_call_id a, b, cid;
	long long deadline;
	struct govdx_error err;

	a = govdx_health(c, on_a, &k);
	b = govdx_health(c, on_b, &k);
	cid = govdx_health(c, on_c, &k);
	assert_true(a != 0 && b != 0 && cid != 0);
	assert_true(a != b && b != cid);
	assert_int_equal(govdx_client_pending(c), 3);
	k.to_cancel = cid;
	govdx_cancel(c, a);
	assert_int_equal(govdx_client_pending(c), 2);
	drive_until(c, &k.done, 5000);
	assert_int_equal(k.err.kind, GOVDX_ERR_NONE);
	/* C was cancelled by B's callback; drive on until nothing is left */
	deadline = now_ms() + 5000;
	while (govdx_client_pending(c) > 0 && now_ms() < deadline) {
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
	server_stop(s);
	free(reply);
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
	struct fixture *f = *state;
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
	struct fixture *f = *state;
	char *reply = http_answer(200, health_body);
	struct server *s = server_start(reply, 0, false);
	struct govdx_client *c = client_for(f, s->port, 0, 0);
	struct nested n = {.c = c};
	long long deadline = now_ms() + 5000;
	struct govdx_error err;

	assert_true(govdx_health(c, on_outer, &n) != 0);
	/* the client is gone once the callback ran: stop touching it then */
	while (!n.done && now_ms() < deadline) {
		assert_int_equal(govdx_client_poll(c, NULL, 0, 100, &err), 0);
		govdx_client_perform(c);
	}
	assert_true(n.done);
	assert_true(n.inner_ok);
	server_stop(s);
	free(reply);
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
	struct fixture *f = *state;
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
	t0 = now_ms();
	assert_int_equal(pthread_create(&th, NULL, write_later, &p[1]), 0);
	pfd.revents = 0;
	while (!(pfd.revents & GOVDX_POLLIN) && now_ms() - t0 < 10000)
		assert_int_equal(govdx_client_poll(c, &pfd, 1, 10000, &err), 0);
	assert_true(pfd.revents & GOVDX_POLLIN);
	assert_true(now_ms() - t0 < 5000);
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
		cmocka_unit_test_setup_teardown(test_connection_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_health_and_request_head, setup, teardown),
		cmocka_unit_test_setup_teardown(test_escaping, setup, teardown),
		cmocka_unit_test_setup_teardown(test_oversize, setup, teardown),
		cmocka_unit_test_setup_teardown(test_garbage, setup, teardown),
		cmocka_unit_test_setup_teardown(test_http_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_timeout, setup, teardown),
		cmocka_unit_test_setup_teardown(test_service_restart, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cancel, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refused_before_start, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reentrant_callbacks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_poll_extra_fd, setup, teardown),
	};

	return cmocka_run_group_tests_name("client-transport", tests, NULL, NULL);
}
