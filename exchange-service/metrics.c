/*
 * metrics.c — request counters and latency histograms; see metrics.h.
 */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "metrics.h"

static const double bounds[] = {METRICS_BUCKETS};
#define N_BOUNDS (sizeof bounds / sizeof bounds[0])

/* Methods kept apart; anything else is "other". */
static const char *const methods[] = {"GET", "HEAD", "POST", "PATCH", "other"};
#define N_METHODS (sizeof methods / sizeof methods[0])

/* Distinct statuses kept per route and method (the service answers about
 * twenty in all); beyond them a status counts as "other". */
#define N_STATUS 24

struct status_count {
	unsigned status; /* 0: a free slot */
	unsigned long long n;
};

struct figures {
	struct status_count counts[N_METHODS][N_STATUS];
	unsigned long long other_status[N_METHODS];
	unsigned long long buckets[N_BOUNDS + 1]; /* per bucket, not cumulative; the last is +Inf */
	double sum;
	unsigned long long count;
};

struct metrics {
	pthread_mutex_t lock;
	size_t n;               /* routes; figures[n] and labels[n] are "other" */
	char (*labels)[128];
	struct figures *figures;
};

bool metrics_route_label(const char *pattern, char *out, size_t outsz)
{
	size_t o = 0;
	const char *seg = pattern; /* start of the current segment */
	const char *prev = NULL;   /* start of the previous one */
	size_t prev_len = 0;

	for (const char *p = pattern; *p; p++) {
		const char *add;
		char one[2] = {*p, '\0'};

		if (*p == '/') {
			prev = seg;
			prev_len = (size_t)(p - seg);
			seg = p + 1;
		}
		add = one;
		if (*p == '*' && prev && prev_len == 9 && strncmp(prev, "revisions", 9) == 0)
			add = strncmp(pattern, "/v1/entries/", 12) == 0 ? "{n}" : "{id}";
		else if (*p == '*')
			add = prev && ((prev_len == 8 && strncmp(prev, "requests", 8) == 0) ||
			               (prev_len == 10 && strncmp(prev, "objections", 10) == 0))
			              ? "{id}"
			              : "{code}";
		for (; *add; add++) {
			if (o + 1 >= outsz)
				return false;
			out[o++] = *add;
		}
	}
	if (o >= outsz)
		return false;
	out[o] = '\0';
	return true;
}

struct metrics *metrics_new(const char *const *patterns, size_t n)
{
	struct metrics *m = calloc(1, sizeof *m);

	if (!m)
		return NULL;
	m->n = n;
	m->labels = calloc(n + 1, sizeof *m->labels);
	m->figures = calloc(n + 1, sizeof *m->figures);
	if (!m->labels || !m->figures) {
		metrics_free(m);
		return NULL;
	}
	for (size_t i = 0; i < n; i++)
		if (!metrics_route_label(patterns[i], m->labels[i], sizeof m->labels[i]))
			snprintf(m->labels[i], sizeof m->labels[i], "%.100s...", patterns[i]);
	snprintf(m->labels[n], sizeof m->labels[n], "other");
	pthread_mutex_init(&m->lock, NULL);
	return m;
}

void metrics_free(struct metrics *m)
{
	if (!m)
		return;
	if (m->labels && m->figures)
		pthread_mutex_destroy(&m->lock);
	free(m->labels);
	free(m->figures);
	free(m);
}

void metrics_observe(struct metrics *m, int route, const char *method, unsigned status,
                     double seconds)
{
	size_t r = route < 0 || (size_t)route >= m->n ? m->n : (size_t)route;
	size_t k = N_METHODS - 1, b = 0;
	struct figures *f = &m->figures[r];

	for (size_t i = 0; i + 1 < N_METHODS; i++)
		if (strcmp(method, methods[i]) == 0)
			k = i;
	while (b < N_BOUNDS && seconds > bounds[b])
		b++;
	if (seconds < 0)
		seconds = 0;
	pthread_mutex_lock(&m->lock);
	f->count++;
	f->sum += seconds;
	f->buckets[b]++;
	for (size_t i = 0;; i++) {
		if (i == N_STATUS) {
			f->other_status[k]++;
			break;
		}
		if (f->counts[k][i].status == 0)
			f->counts[k][i].status = status;
		if (f->counts[k][i].status == status) {
			f->counts[k][i].n++;
			break;
		}
	}
	pthread_mutex_unlock(&m->lock);
}

static int by_status(const void *a, const void *b)
{
	const struct status_count *x = a, *y = b;

	return (x->status > y->status) - (x->status < y->status);
}

void metrics_write(struct metrics *m, FILE *f)
{
	size_t n = m->n + 1;
	struct figures *snap = malloc(n * sizeof *snap);

	if (!snap)
		return;
	pthread_mutex_lock(&m->lock);
	memcpy(snap, m->figures, n * sizeof *snap);
	pthread_mutex_unlock(&m->lock);

	fputs("# HELP govdx_http_requests_total Requests answered, by route pattern, method and status.\n"
	      "# TYPE govdx_http_requests_total counter\n",
	      f);
	for (size_t r = 0; r < n; r++)
		for (size_t k = 0; k < N_METHODS; k++) {
			struct status_count *c = snap[r].counts[k];
			size_t used = 0;

			while (used < N_STATUS && c[used].status)
				used++;
			qsort(c, used, sizeof *c, by_status);
			for (size_t i = 0; i < used; i++)
				fprintf(f, "govdx_http_requests_total{route=\"%s\",method=\"%s\",status=\"%u\"} %llu\n",
				        m->labels[r], methods[k], c[i].status, c[i].n);
			if (snap[r].other_status[k])
				fprintf(f, "govdx_http_requests_total{route=\"%s\",method=\"%s\",status=\"other\"} %llu\n",
				        m->labels[r], methods[k], snap[r].other_status[k]);
		}

	fputs("# HELP govdx_http_request_duration_seconds Time from a request's first byte to its "
	      "answer sent, by route pattern.\n"
	      "# TYPE govdx_http_request_duration_seconds histogram\n",
	      f);
	for (size_t r = 0; r < n; r++) {
		unsigned long long cum = 0;

		if (!snap[r].count)
			continue;
		for (size_t b = 0; b < N_BOUNDS; b++) {
			cum += snap[r].buckets[b];
			fprintf(f, "govdx_http_request_duration_seconds_bucket{route=\"%s\",le=\"%g\"} %llu\n",
			        m->labels[r], bounds[b], cum);
		}
		cum += snap[r].buckets[N_BOUNDS];
		fprintf(f, "govdx_http_request_duration_seconds_bucket{route=\"%s\",le=\"+Inf\"} %llu\n",
		        m->labels[r], cum);
		fprintf(f, "govdx_http_request_duration_seconds_sum{route=\"%s\"} %.6f\n", m->labels[r],
		        snap[r].sum);
		fprintf(f, "govdx_http_request_duration_seconds_count{route=\"%s\"} %llu\n", m->labels[r],
		        snap[r].count);
	}
	free(snap);
}

void metrics_write_gauge(FILE *f, const char *name, const char *help, double value)
{
	fprintf(f, "# HELP %s %s\n# TYPE %s gauge\n%s %.15g\n", name, help, name, name, value);
}
