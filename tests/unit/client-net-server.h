/*
 * client-net-server.h — a scripted HTTP server on a loopback
 * socket for network tests of libgovdx, no mocks; and the fixture that
 * points a client at it (a 0600 token file in a temporary directory).
 *
 * The server runs in a thread, one connection at a time, and follows a
 * script, one step per request read: drop the connection after reading the request, reset it,
 * answer with a status, headers and body, possibly late (a client that
 * gives up meanwhile is not answered: its retry is the next connection),
 * send raw bytes (not HTTP, or an oversize body), or hold the connection
 * without a word until the client gives up.
 * A gated step waits, its request read, until the test releases it, so
 * a test orders what the client sees without a clock.
 * Past the script's end the last step repeats. It records the head and
 * body of every request it read, so a test checks what the library sent.
 * Nothing here sleeps for a fixed time; every wait has a deadline.
 */
#ifndef CLIENT_NET_SERVER_H
#define CLIENT_NET_SERVER_H

#include <stddef.h>

#include "govdx.h"

enum srv_do {
	SRV_ANSWER = 0, /* status, headers and body, with Content-Length */
	SRV_DROP,       /* close after reading the request */
	SRV_RESET,      /* reset after reading the request */
	SRV_RAW,        /* send body as it is, then pad bytes 'x' */
	SRV_HOLD,       /* never answer; close when the client does */
};

struct srv_step {
	enum srv_do what;
	int status;
	const char *headers; /* extra header lines, each ending in \r\n */
	const char *body;
	int delay_ms;        /* answer this late */
	size_t pad;          /* SRV_RAW: this many 'x' bytes follow the body */
	int gated;           /* act only after srv_release(): the test decides when */
	int keep;            /* SRV_ANSWER: keep the connection open for the next step */
	int hold;            /* SRV_RAW: then hold the connection open, silent,
	                        until the client gives up (an answer that stalls) */
};

struct srv;

/* Starts the server on 127.0.0.1 (a free port); fails the test otherwise.
 * The steps must live until srv_stop. */
struct srv *srv_start(const struct srv_step *steps, int n_steps);
/* The same on a given port (a restarted service), 0 for a free one. */
struct srv *srv_start_on(int port, const struct srv_step *steps, int n_steps);
void srv_stop(struct srv *s);
/* Lets the gated step now waiting (or the next one) go on. */
void srv_release(struct srv *s);
int srv_port(const struct srv *s);
/* Requests read so far. */
int srv_count(struct srv *s);
/* The request line, a header's value ("" when absent) and the body of the
 * i-th request read. */
void srv_line(struct srv *s, int i, char *out, size_t cap);
void srv_header(struct srv *s, int i, const char *name, char *out, size_t cap);
void srv_body(struct srv *s, int i, char *out, size_t cap);
/* All of the i-th request read: head and body. */
void srv_request(struct srv *s, int i, char *out, size_t cap);

long long srv_now_ms(void);

/* A temporary directory with a 0600 token file; cmocka setup/teardown. */
struct srv_fixture {
	char dir[64];
	char token_file[128];
	char url[64];
};
int srv_fixture_setup(void **state);
int srv_fixture_teardown(void **state);
#define SRV_TOKEN "tEsT-t0ken.net-0123456789abcdef"

/* A client for the server's port with the fixture's token. */
struct govdx_client *srv_client(struct srv_fixture *f, int port, long timeout_ms);
/* A client with the fixture's token and the other options of opt (whose
 * url, when NULL, is the fixture's for port). */
struct govdx_client *srv_client_with(struct srv_fixture *f, int port,
                                     const struct govdx_options *opt);

/* Polls and performs until nothing is in flight (so a second callback
 * would show), within a deadline; fails the test otherwise. */
void srv_drive_all(struct govdx_client *c, long long within_ms);

#endif
