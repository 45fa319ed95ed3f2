/*
 * client-net-server.c — the scripted loopback HTTP server and
 * client fixture of libgovdx's network tests (see the header).
 *
 * Invariants: the server thread touches the recorded requests only under
 * the mutex; it ends when the stop pipe becomes readable, whatever it is
 * waiting for; a step never blocks longer than its delay or 5 s of a
 * silent client, except SRV_HOLD, which waits for the client or the stop.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
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

#include "client-net-server.h"

#define SRV_MAX_REQ 32
#define SRV_REQ_SIZE 8192

struct srv {
	int lfd, port;
	int stop[2];
	int release[2]; /* a gated step answers when a byte arrives here */
	pthread_t thread;
	pthread_mutex_t mu;
	const struct srv_step *steps;
	int n_steps;
	char req[SRV_MAX_REQ][SRV_REQ_SIZE]; /* head and body of each request read */
	int n_req;
};

long long srv_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

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
static int wait_fd(struct srv *s, int fd, int ms)
{
	struct pollfd p[2] = {{s->stop[0], POLLIN, 0}, {fd, POLLIN, 0}};
	long long end = srv_now_ms() + ms;

	for (;;) {
		int left = ms < 0 ? -1 : (int)(end - srv_now_ms());
		int n;

		if (ms >= 0 && left <= 0)
			return 0;
		n = poll(p, 2, left);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 || p[0].revents)
			return -1;
		if (n == 0)
			return 0;
		if (p[1].revents)
			return 1;
	}
}

/* Reads one request, head and Content-Length body, into buf. */
static bool read_request(struct srv *s, int fd, char *buf, size_t cap)
{
	size_t got = 0;

	buf[0] = '\0';
	for (;;) {
		const char *end = strstr(buf, "\r\n\r\n");
		ssize_t n;

		if (end != NULL) {
			const char *cl = strcasestr(buf, "\r\nContent-Length:");
			size_t want = (size_t)(end + 4 - buf);

			if (cl != NULL && cl < end)
				want += strtoul(cl + 17, NULL, 10);
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

static void answer(int fd, const struct srv_step *st)
{
	size_t n = strlen(st->body) + 512 + (st->headers != NULL ? strlen(st->headers) : 0);
	char *text = malloc(n);

	if (text == NULL)
		return;
	snprintf(text, n,
	         "HTTP/1.1 %d X\r\nContent-Type: application/json\r\n"
	         "Content-Length: %zu\r\n%s%s\r\n%s",
	         st->status, strlen(st->body), st->keep ? "" : "Connection: close\r\n",
	         st->headers != NULL ? st->headers : "", st->body);
	send_all(fd, text, strlen(text));
	free(text);
}

/* Sends the body as it is and pad bytes 'x' after it; a client that hangs
 * up early (an oversize answer) ends it. */
static void send_raw(int fd, const struct srv_step *st)
{
	char pad[8192];
	size_t left = st->pad;

	if (!send_all(fd, st->body, strlen(st->body)))
		return;
	memset(pad, 'x', sizeof pad);
	while (left > 0) {
		size_t n = left < sizeof pad ? left : sizeof pad;

		if (!send_all(fd, pad, n))
			return;
		left -= n;
	}
}

/* Holds fd open without answering until the client goes away (0) or the
 * test stops the server (-1). */
static int hold(struct srv *s, int fd)
{
	char b[256];

	while (wait_fd(s, fd, -1) == 1)
		if (recv(fd, b, sizeof b, 0) <= 0)
			return 0;
	return -1;
}

static void *srv_main(void *arg)
{
	struct srv *s = arg;
	char *buf = malloc(SRV_REQ_SIZE);
	int i;

	int fd = -1;
	bool keep = false; /* the last answer kept the connection open */

	for (i = 0; buf != NULL;) {
		const struct srv_step *st = &s->steps[i < s->n_steps ? i : s->n_steps - 1];
		int w = 0;
		char one;

		if (!keep) {
			if (wait_fd(s, s->lfd, -1) != 1)
				break;
			fd = accept(s->lfd, NULL, NULL);
			if (fd < 0)
				continue;
		}
		keep = false;
		if (!read_request(s, fd, buf, SRV_REQ_SIZE)) {
			close(fd);
			continue;
		}
		i++; /* a step per request read: a connection closed unread takes none */
		pthread_mutex_lock(&s->mu);
		if (s->n_req < SRV_MAX_REQ)
			memcpy(s->req[s->n_req++], buf, SRV_REQ_SIZE);
		pthread_mutex_unlock(&s->mu);
		if (st->gated) {
			w = wait_fd(s, s->release[0], -1);
			if (w < 0 || read(s->release[0], &one, 1) != 1) {
				close(fd);
				break;
			}
			w = 0;
		}
		if (st->what == SRV_RESET) {
			struct linger l = {.l_onoff = 1, .l_linger = 0};

			setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
		} else if (st->what == SRV_RAW) {
			send_raw(fd, st);
			if (st->hold)
				w = hold(s, fd);
		} else if (st->what == SRV_HOLD) {
			w = hold(s, fd);
		} else if (st->what == SRV_ANSWER) {
			/* Late, but not for a client that gave up (it closes:
			 * readable) — the next connection is its retry. */
			if (st->delay_ms > 0)
				w = wait_fd(s, fd, st->delay_ms);
			if (w == 0)
				answer(fd, st);
			/* kept open: the next request is read from it */
			keep = w == 0 && st->keep;
			if (keep)
				continue;
		}
		close(fd);
		if (w < 0)
			break;
	}
	free(buf);
	return NULL;
}

struct srv *srv_start(const struct srv_step *steps, int n_steps)
{
	return srv_start_on(0, steps, n_steps);
}

struct srv *srv_start_on(int port, const struct srv_step *steps, int n_steps)
{
	struct srv *s = calloc(1, sizeof *s);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	                        .sin_port = htons((uint16_t)port)};
	socklen_t len = sizeof a;
	int one = 1;

	assert_non_null(s);
	assert_true(n_steps > 0);
	s->lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	assert_true(s->lfd >= 0);
	/* a restart on the same port must not wait for TIME_WAIT */
	assert_int_equal(setsockopt(s->lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one), 0);
	assert_int_equal(bind(s->lfd, (struct sockaddr *)&a, sizeof a), 0);
	assert_int_equal(listen(s->lfd, 16), 0);
	assert_int_equal(getsockname(s->lfd, (struct sockaddr *)&a, &len), 0);
	s->port = ntohs(a.sin_port);
	assert_int_equal(pipe(s->stop), 0);
	assert_int_equal(pipe(s->release), 0);
	pthread_mutex_init(&s->mu, NULL);
	s->steps = steps;
	s->n_steps = n_steps;
	assert_int_equal(pthread_create(&s->thread, NULL, srv_main, s), 0);
	return s;
}

void srv_stop(struct srv *s)
{
	assert_int_equal(write(s->stop[1], "x", 1), 1);
	pthread_join(s->thread, NULL);
	close(s->lfd);
	close(s->stop[0]);
	close(s->stop[1]);
	close(s->release[0]);
	close(s->release[1]);
	pthread_mutex_destroy(&s->mu);
	free(s);
}

void srv_release(struct srv *s)
{
	assert_int_equal(write(s->release[1], "x", 1), 1);
}

int srv_port(const struct srv *s)
{
	return s->port;
}

int srv_count(struct srv *s)
{
	int n;

	pthread_mutex_lock(&s->mu);
	n = s->n_req;
	pthread_mutex_unlock(&s->mu);
	return n;
}

void srv_line(struct srv *s, int i, char *out, size_t cap)
{
	pthread_mutex_lock(&s->mu);
	snprintf(out, cap, "%.*s", (int)strcspn(s->req[i], "\r"), s->req[i]);
	pthread_mutex_unlock(&s->mu);
}

void srv_header(struct srv *s, int i, const char *name, char *out, size_t cap)
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

void srv_body(struct srv *s, int i, char *out, size_t cap)
{
	const char *b;

	pthread_mutex_lock(&s->mu);
	b = strstr(s->req[i], "\r\n\r\n");
	snprintf(out, cap, "%s", b != NULL ? b + 4 : "");
	pthread_mutex_unlock(&s->mu);
}

void srv_request(struct srv *s, int i, char *out, size_t cap)
{
	pthread_mutex_lock(&s->mu);
	snprintf(out, cap, "%s", s->req[i]);
	pthread_mutex_unlock(&s->mu);
}

/* ---- the client side ------------------------------------------------------ */

int srv_fixture_setup(void **state)
{
	struct srv_fixture *f = calloc(1, sizeof *f);
	FILE *fp;

	if (f == NULL)
		return -1;
	strcpy(f->dir, "/tmp/govdx-net-XXXXXX");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	snprintf(f->token_file, sizeof f->token_file, "%s/t.token", f->dir);
	fp = fopen(f->token_file, "w");
	if (fp == NULL)
		return -1;
	fputs(SRV_TOKEN "\n", fp);
	fclose(fp);
	if (chmod(f->token_file, 0600) != 0)
		return -1;
	*state = f;
	return 0;
}

int srv_fixture_teardown(void **state)
{
	struct srv_fixture *f = *state;

	unlink(f->token_file);
	rmdir(f->dir);
	free(f);
	return 0;
}

struct govdx_client *srv_client(struct srv_fixture *f, int port, long timeout_ms)
{
	struct govdx_options opt = {.timeout_ms = timeout_ms};

	return srv_client_with(f, port, &opt);
}

struct govdx_client *srv_client_with(struct srv_fixture *f, int port,
                                     const struct govdx_options *opt)
{
	struct govdx_options o = *opt;
	struct govdx_client *c = NULL;
	struct govdx_error err;

	if (o.url == NULL) {
		snprintf(f->url, sizeof f->url, "http://127.0.0.1:%d", port);
		o.url = f->url;
	}
	o.token_file = f->token_file;
	if (govdx_client_new(&o, &c, &err) != 0)
		fail_msg("govdx_client_new: %s", err.message);
	return c;
}

void srv_drive_all(struct govdx_client *c, long long within_ms)
{
	long long deadline = srv_now_ms() + within_ms;
	struct govdx_error err;

	while (govdx_client_pending(c) > 0 && srv_now_ms() < deadline) {
		assert_int_equal(govdx_client_poll(c, NULL, 0, 100, &err), 0);
		govdx_client_perform(c);
	}
	assert_int_equal(govdx_client_pending(c), 0);
}
