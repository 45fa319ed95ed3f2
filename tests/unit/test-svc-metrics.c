/*
 * test-svc-metrics.c — unit tests of the request figures
 * (exchange-service/metrics.c): route labels as the OpenAPI file names the
 * paths; counts by route, method and status, with the catch-alls (no
 * route, another method, too many statuses); the histogram's buckets
 * (a bound is inclusive, the buckets cumulative, +Inf equal to _count);
 * and four threads observing at once lose nothing (run under the
 * sanitizer build, and under ThreadSanitizer by hand).
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

#include <cmocka.h>

#include "metrics.h"

static const char *const patterns[] = {
	"/v1/health", "/v1/platforms/*/children", "/v1/requests/*/transitions", "/v1/objections/*",
	"/v1/entries/*",
};
#define N_PATTERNS (sizeof patterns / sizeof patterns[0])

/* The exposition of m, as text (freed by the caller). */
static char *render(struct metrics *m)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	assert_non_null(f);
	metrics_write(m, f);
	assert_int_equal(fclose(f), 0);
	return text;
}

/* The value of the sample whose line starts with name_labels (followed by
 * a space), or -1. */
static double sample(const char *text, const char *name_labels)
{
	size_t n = strlen(name_labels);

	for (const char *p = text; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
		if (strncmp(p, name_labels, n) == 0 && p[n] == ' ')
			return strtod(p + n + 1, NULL);
	return -1;
}

static void test_labels(void **state)
{
	char out[128];

	assert_true(metrics_route_label("/v1/health", out, sizeof out));
	assert_string_equal(out, "/v1/health");
	assert_true(metrics_route_label("/v1/platforms/*/children", out, sizeof out));
	assert_string_equal(out, "/v1/platforms/{code}/children");
	assert_true(metrics_route_label("/v1/entries/*", out, sizeof out));
	assert_string_equal(out, "/v1/entries/{code}");
	assert_true(metrics_route_label("/v1/requests/*/transitions", out, sizeof out));
	assert_string_equal(out, "/v1/requests/{id}/transitions");
	assert_true(metrics_route_label("/v1/objections/*", out, sizeof out));
	assert_string_equal(out, "/v1/objections/{id}");
	assert_true(metrics_route_label("/v1/revisions/*/diff", out, sizeof out));
	assert_string_equal(out, "/v1/revisions/{id}/diff");
	assert_true(metrics_route_label("/v1/entries/*/revisions/*/diff", out, sizeof out));
	assert_string_equal(out, "/v1/entries/{code}/revisions/{n}/diff");
	assert_false(metrics_route_label("/v1/requests/*", out, 15)); /* does not fit */
	assert_true(metrics_route_label("/v1/requests/*", out, 18));   /* just fits */
	assert_string_equal(out, "/v1/requests/{id}");
}

static void test_counts(void **state)
{
	struct metrics *m = metrics_new(patterns, N_PATTERNS);
	char *text;

	assert_non_null(m);
	metrics_observe(m, 0, "GET", 200, 0.0005);
	metrics_observe(m, 0, "GET", 200, 0.002);
	metrics_observe(m, 0, "HEAD", 200, 0.002);
	metrics_observe(m, 2, "POST", 412, 0.02);
	metrics_observe(m, 2, "POST", 200, 0.02);
	metrics_observe(m, -1, "GET", 404, 0.0001);
	metrics_observe(m, 3, "DELETE", 405, 0.0001);
	text = render(m);
	assert_int_equal(
		sample(text, "govdx_http_requests_total{route=\"/v1/health\",method=\"GET\",status=\"200\"}"), 2);
	assert_int_equal(
		sample(text, "govdx_http_requests_total{route=\"/v1/health\",method=\"HEAD\",status=\"200\"}"), 1);
	assert_int_equal(sample(text, "govdx_http_requests_total{route=\"/v1/requests/{id}/transitions\","
	                              "method=\"POST\",status=\"412\"}"),
	                 1);
	assert_int_equal(sample(text, "govdx_http_requests_total{route=\"other\",method=\"GET\",status=\"404\"}"),
	                 1);
	assert_int_equal(sample(text, "govdx_http_requests_total{route=\"/v1/objections/{id}\",method=\"other\","
	                              "status=\"405\"}"),
	                 1);
	/* statuses in order: 200 before 412 */
	assert_true(strstr(text, "transitions\",method=\"POST\",status=\"200\"") <
	            strstr(text, "transitions\",method=\"POST\",status=\"412\""));
	/* a route no request reached has no samples */
	assert_null(strstr(text, "/v1/entries/{code}"));
	assert_non_null(strstr(text, "# TYPE govdx_http_requests_total counter\n"));
	assert_non_null(strstr(text, "# TYPE govdx_http_request_duration_seconds histogram\n"));
	free(text);
	metrics_free(m);
}

static void test_histogram(void **state)
{
	struct metrics *m = metrics_new(patterns, N_PATTERNS);
	char *text;

	metrics_observe(m, 1, "GET", 200, 0.001);  /* on the bound: in le=0.001 */
	metrics_observe(m, 1, "GET", 200, 0.0011); /* just above: le=0.0025 */
	metrics_observe(m, 1, "GET", 200, 0.3);
	metrics_observe(m, 1, "GET", 200, 10.0);
	metrics_observe(m, 1, "GET", 200, 25.0);   /* beyond the last bound: +Inf only */
	text = render(m);
#define B(le) sample(text, "govdx_http_request_duration_seconds_bucket{route=\"/v1/platforms/{code}/children\",le=\"" le "\"}")
	assert_int_equal(B("0.001"), 1);
	assert_int_equal(B("0.0025"), 2);
	assert_int_equal(B("0.25"), 2);
	assert_int_equal(B("0.5"), 3);
	assert_int_equal(B("5"), 3);
	assert_int_equal(B("10"), 4);
	assert_int_equal(B("+Inf"), 5);
#undef B
	assert_int_equal(sample(text, "govdx_http_request_duration_seconds_count{route=\"/v1/platforms/{code}/children\"}"), 5);
	assert_true(sample(text, "govdx_http_request_duration_seconds_sum{route=\"/v1/platforms/{code}/children\"}") >
	            35.30);
	free(text);
	metrics_free(m);
}

static void test_many_statuses(void **state)
{
	struct metrics *m = metrics_new(patterns, N_PATTERNS);
	char *text;

	for (unsigned s = 100; s < 130; s++)
		metrics_observe(m, 0, "GET", s, 0.001);
	text = render(m);
	assert_int_equal(sample(text, "govdx_http_requests_total{route=\"/v1/health\",method=\"GET\",status=\"100\"}"),
	                 1);
	assert_int_equal(sample(text, "govdx_http_requests_total{route=\"/v1/health\",method=\"GET\",status=\"123\"}"),
	                 1);
	assert_int_equal(
		sample(text, "govdx_http_requests_total{route=\"/v1/health\",method=\"GET\",status=\"other\"}"), 6);
	free(text);
	metrics_free(m);
}

#define THREADS 4
#define ROUNDS 20000

static void *observer(void *arg)
{
	struct metrics *m = arg;

	for (int i = 0; i < ROUNDS; i++)
		metrics_observe(m, i % 3, i % 2 ? "GET" : "POST", i % 5 ? 200 : 404, (i % 7) * 0.01);
	return NULL;
}

static void *reader(void *arg)
{
	for (int i = 0; i < 20; i++)
		free(render(arg));
	return NULL;
}

static void test_threads(void **state)
{
	struct metrics *m = metrics_new(patterns, N_PATTERNS);
	pthread_t t[THREADS + 1];
	char *text;
	double total = 0;
	const char *routes[] = {"/v1/health", "/v1/platforms/{code}/children", "/v1/requests/{id}/transitions"};

	for (int i = 0; i < THREADS; i++)
		assert_int_equal(pthread_create(&t[i], NULL, observer, m), 0);
	assert_int_equal(pthread_create(&t[THREADS], NULL, reader, m), 0);
	for (int i = 0; i <= THREADS; i++)
		pthread_join(t[i], NULL);
	text = render(m);
	for (int r = 0; r < 3; r++) {
		char name[256];

		snprintf(name, sizeof name, "govdx_http_request_duration_seconds_count{route=\"%s\"}", routes[r]);
		total += sample(text, name);
		for (const char *meth = "GET";; meth = "POST") {
			for (unsigned st = 200; st <= 404; st += 204) {
				snprintf(name, sizeof name,
				         "govdx_http_requests_total{route=\"%s\",method=\"%s\",status=\"%u\"}", routes[r],
				         meth, st);
				assert_true(sample(text, name) > 0);
			}
			if (strcmp(meth, "POST") == 0)
				break;
		}
	}
	assert_int_equal((long)total, THREADS * ROUNDS);
	free(text);
	metrics_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_labels),         cmocka_unit_test(test_counts),
		cmocka_unit_test(test_histogram),      cmocka_unit_test(test_many_statuses),
		cmocka_unit_test(test_threads),
	};

	return cmocka_run_group_tests_name("svc-metrics", tests, NULL, NULL);
}
