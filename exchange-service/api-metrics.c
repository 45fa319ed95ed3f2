/*
 * api-metrics.c — GET /v1/metrics; see api-metrics.h.
 */
#include "config.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "api-events.h"
#include "api-metrics.h"
#include "metrics.h"

static pthread_once_t start_once = PTHREAD_ONCE_INIT;
static double start_time; /* seconds since the epoch */

/* When this process started, from /proc: its start in clock ticks after
 * boot (field 22 of /proc/self/stat) plus the boot time (btime of
 * /proc/stat), as Prometheus's own client libraries read it. Without
 * /proc, the time of the first scrape. */
static void find_start_time(void)
{
	char buf[1024], *p;
	unsigned long long ticks = 0, btime = 0;
	long hz = sysconf(_SC_CLK_TCK);
	FILE *f = fopen("/proc/self/stat", "r");
	size_t n = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
	int field = 2;

	if (f)
		fclose(f);
	buf[n] = '\0';
	p = strrchr(buf, ')'); /* the command name may hold spaces and ')' */
	while (p && field < 22) {
		p = strchr(p + 1, ' ');
		field++;
	}
	if (p)
		ticks = strtoull(p + 1, NULL, 10);
	f = fopen("/proc/stat", "r");
	while (f && fgets(buf, sizeof buf, f))
		if (sscanf(buf, "btime %llu", &btime) == 1)
			break;
	if (f)
		fclose(f);
	if (btime && ticks && hz > 0)
		start_time = (double)btime + (double)ticks / (double)hz;
	else
		start_time = (double)time(NULL);
}

static void get_metrics(struct http_request *rq, const char *arg)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f;

	if (strcmp(http_user(rq)->role, "admin") != 0) {
		http_reply_error(rq, 403, "forbidden", NULL, "only admin users read the service's metrics");
		return;
	}
	pthread_once(&start_once, find_start_time);
	f = open_memstream(&text, &len);
	if (!f) {
		http_reply_error(rq, 500, "internal", NULL, "out of memory");
		return;
	}
	http_write_metrics(rq, f);
	metrics_write_gauge(f, "govdx_events_waiters",
	                    "Long polls of GET /v1/events parked, waiting for a change.",
	                    http_context(rq) ? api_events_waiting(http_context(rq)) : 0);
	metrics_write_gauge(f, "process_start_time_seconds",
	                    "Start time of the process since the Unix epoch in seconds.", start_time);
	fputs("# HELP govdx_build_info The version of govdx-exchanged that answers.\n"
	      "# TYPE govdx_build_info gauge\n"
	      "govdx_build_info{version=\"" PACKAGE_VERSION "\"} 1\n",
	      f);
	if (fclose(f) != 0 || !text) {
		free(text);
		http_reply_error(rq, 500, "internal", NULL, "out of memory");
		return;
	}
	http_reply_plain(rq, 200, API_METRICS_CONTENT_TYPE, text, len);
}

const struct http_route api_metrics_routes[] = {
	{"/v1/metrics", true, NULL, get_metrics, NULL, NULL},
	{NULL, false, NULL, NULL, NULL, NULL},
};
