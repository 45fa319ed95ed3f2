/*
 * TLS tests for libgovdx against a real TLS server (`openssl s_server`,
 * started by this test on a loopback port with certificates it makes):
 * verification is always on (a self-signed server fails with "tls" and
 * says the certificate could not be verified), a CA file makes it pass,
 * and mutual TLS works with the client certificate and key and fails
 * without them. Skips when the openssl program is not installed.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "govdx.h"

static const char health_answer[] =
	"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 49\r\n"
	"Connection: close\r\n\r\n"
	"{\"status\":\"ok\",\"version\":\"0.1.0\",\"database\":\"ok\"}";

struct tls_server {
	pid_t pid;
	int port;
	int stdin_w; /* kept open so that s_server never sees end of input */
};

struct tls_env {
	char dir[64];
	struct tls_server server; /* stopped by teardown even after a failure */
};

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static const char *in_dir(const struct tls_env *t, char *buf, size_t cap, const char *name)
{
	snprintf(buf, cap, "%s/%s", t->dir, name);
	return buf;
}

/* Runs a command quietly; true when it exits 0. */
static bool run(char *const argv[])
{
	pid_t pid = fork();
	int status, fd;

	if (pid == 0) {
		fd = open("/dev/null", O_RDWR);
		dup2(fd, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		execvp(argv[0], argv);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return false;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/* A self-signed EC certificate for localhost and 127.0.0.1. */
static bool make_cert(const struct tls_env *t, const char *stem)
{
	char key[160], crt[160], k[64], c[64];

	snprintf(k, sizeof k, "%s.key", stem);
	snprintf(c, sizeof c, "%s.pem", stem);
	in_dir(t, key, sizeof key, k);
	in_dir(t, crt, sizeof crt, c);
	char *argv[] = {"openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
	                "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key, "-out", crt,
	                "-days", "2", "-subj", "/CN=localhost", "-addext",
	                "subjectAltName=DNS:localhost,IP:127.0.0.1", NULL};
	return run(argv);
}

static int free_port(void)
{
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t len = sizeof a;
	int fd = socket(AF_INET, SOCK_STREAM, 0), port = -1;

	if (fd >= 0 && bind(fd, (struct sockaddr *)&a, sizeof a) == 0 &&
	    getsockname(fd, (struct sockaddr *)&a, &len) == 0)
		port = ntohs(a.sin_port);
	if (fd >= 0)
		close(fd);
	return port;
}

static bool can_connect(int port)
{
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	                        .sin_port = htons((uint16_t)port)};
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	bool ok = fd >= 0 && connect(fd, (struct sockaddr *)&a, sizeof a) == 0;

	if (fd >= 0)
		close(fd);
	return ok;
}

/* openssl s_server -HTTP serves ./v1/health (headers included) from dir;
 * with client_ca it demands a client certificate signed by it. */
static bool server_start(const struct tls_env *t, const char *client_ca, struct tls_server *s)
{
	char accept[32], crt[160], key[160], ca[160];
	int in[2];
	long long deadline;

	s->port = free_port();
	if (s->port < 0 || pipe(in) != 0)
		return false;
	snprintf(accept, sizeof accept, "127.0.0.1:%d", s->port);
	in_dir(t, crt, sizeof crt, "server.pem");
	in_dir(t, key, sizeof key, "server.key");
	s->pid = fork();
	if (s->pid == 0) {
		int fd = open("/dev/null", O_RDWR);

		dup2(in[0], 0);
		dup2(fd, 1);
		dup2(fd, 2);
		close(in[1]);
		if (chdir(t->dir) != 0)
			_exit(127);
		if (client_ca != NULL) {
			in_dir(t, ca, sizeof ca, client_ca);
			execlp("openssl", "openssl", "s_server", "-quiet", "-HTTP", "-accept", accept,
			       "-cert", crt, "-key", key, "-Verify", "1", "-verify_return_error",
			       "-CAfile", ca, "-tls1_2", (char *)NULL);
		} else {
			execlp("openssl", "openssl", "s_server", "-quiet", "-HTTP", "-accept", accept,
			       "-cert", crt, "-key", key, (char *)NULL);
		}
		_exit(127);
	}
	close(in[0]);
	s->stdin_w = in[1];
	if (s->pid < 0)
		return false;
	/* Wait until it listens, with a deadline. */
	deadline = now_ms() + 10000;
	while (!can_connect(s->port)) {
		struct timespec pause = {0, 20 * 1000 * 1000};

		if (now_ms() > deadline || waitpid(s->pid, NULL, WNOHANG) == s->pid)
			return false;
		nanosleep(&pause, NULL);
	}
	return true;
}

static void server_stop(struct tls_server *s)
{
	if (s->pid > 0) {
		kill(s->pid, SIGTERM);
		waitpid(s->pid, NULL, 0);
		close(s->stdin_w);
	}
	s->pid = 0;
}

static int setup(void **state)
{
	struct tls_env *t = calloc(1, sizeof *t);
	char p[160], v1[160];
	FILE *f;

	if (t == NULL)
		return -1;
	strcpy(t->dir, "/tmp/govdx-tls-XXXXXX");
	if (mkdtemp(t->dir) == NULL)
		return -1;
	*state = t;
	if (!make_cert(t, "server") || !make_cert(t, "client") || !make_cert(t, "other"))
		return 0; /* the tests skip: no working openssl */
	in_dir(t, v1, sizeof v1, "v1");
	mkdir(v1, 0700);
	f = fopen(in_dir(t, p, sizeof p, "v1/health"), "w");
	if (f == NULL)
		return -1;
	fputs(health_answer, f);
	fclose(f);
	return 0;
}

static int teardown(void **state)
{
	struct tls_env *t = *state;
	char cmd[256];

	server_stop(&t->server);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", t->dir);
	if (system(cmd) != 0)
		return -1;
	free(t);
	return 0;
}

static bool have_certs(const struct tls_env *t)
{
	char p[160];

	return access(in_dir(t, p, sizeof p, "server.pem"), R_OK) == 0;
}

static int health(const struct tls_env *t, int port, const char *ca, const char *cert,
                  const char *key, struct govdx_error *err)
{
	char url[64], cap[160], certp[160], keyp[160];
	struct govdx_options opt = {0};
	struct govdx_client *c = NULL;
	struct govdx_health *h = NULL;
	int rc;

	snprintf(url, sizeof url, "https://localhost:%d", port);
	opt.url = url;
	opt.ca_file = ca != NULL ? in_dir(t, cap, sizeof cap, ca) : NULL;
	opt.cert_file = cert != NULL ? in_dir(t, certp, sizeof certp, cert) : NULL;
	opt.key_file = key != NULL ? in_dir(t, keyp, sizeof keyp, key) : NULL;
	opt.timeout_ms = 10000;
	if (govdx_client_new(&opt, &c, err) != 0)
		return -1;
	rc = govdx_health_sync(c, &h, err);
	if (rc == 0 && strcmp(h->status, "ok") != 0)
		rc = -1;
	govdx_health_free(h);
	govdx_client_free(c);
	return rc;
}

static void expect_tls(const struct govdx_error *err, const char *mention)
{
	if (err->kind != GOVDX_ERR_TRANSPORT || strcmp(err->code, "tls") != 0)
		fail_msg("expected transport/tls, got %s/%s: %s", govdx_error_kind_name(err->kind),
		         err->code, err->message);
	if (mention != NULL && strstr(err->message, mention) == NULL)
		fail_msg("\"%s\" does not mention \"%s\"", err->message, mention);
}

static void test_verification_always_on(void **state)
{
	struct tls_env *t = *state;
	struct tls_server *s = &t->server;
	struct govdx_error err;

	if (!have_certs(t))
		skip();
	assert_true(server_start(t, NULL, s));
	/* self-signed and no CA given: refused, and the message says why */
	assert_int_equal(health(t, s->port, NULL, NULL, NULL, &err), -1);
	expect_tls(&err, "the TLS certificate of localhost could not be verified");
	print_message("# %s\n", err.message);
	/* the wrong CA is no better */
	assert_int_equal(health(t, s->port, "other.pem", NULL, NULL, &err), -1);
	expect_tls(&err, "could not be verified");
	/* the right CA file: verified, and the answer arrives */
	if (health(t, s->port, "server.pem", NULL, NULL, &err) != 0)
		fail_msg("with the CA file: %s", err.message);
	server_stop(s);
}

static void test_mutual_tls(void **state)
{
	struct tls_env *t = *state;
	struct tls_server *s = &t->server;
	struct govdx_error err;

	if (!have_certs(t))
		skip();
	assert_true(server_start(t, "client.pem", s));
	if (health(t, s->port, "server.pem", "client.pem", "client.key", &err) != 0)
		fail_msg("with the client certificate: %s", err.message);
	/* no client certificate: the server refuses the handshake */
	assert_int_equal(health(t, s->port, "server.pem", NULL, NULL, &err), -1);
	expect_tls(&err, "may require a client certificate");
	assert_null(strstr(err.message, "SSL routines"));
	/* a key that does not belong to the certificate */
	assert_int_equal(health(t, s->port, "server.pem", "client.pem", "other.key", &err), -1);
	expect_tls(&err, "client certificate or key cannot be used");
	server_stop(s);
}

int main(void)
{
	unsetenv("https_proxy");
	unsetenv("HTTPS_PROXY");
	unsetenv("all_proxy");
	unsetenv("ALL_PROXY");

	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_verification_always_on, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mutual_tls, setup, teardown),
	};

	return cmocka_run_group_tests_name("client-tls", tests, NULL, NULL);
}
