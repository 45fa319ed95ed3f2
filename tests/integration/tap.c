/*
 * tap.c — TAP output and demo-user clients for the C integration tests of
 * libgovdx (see tap.h).
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"

static int n_checks, n_failed;

bool tap_check(bool cond, const char *fmt, ...)
{
	va_list ap;

	n_checks++;
	printf("%s %d - ", cond ? "ok" : "not ok", n_checks);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	if (!cond)
		n_failed++;
	return cond;
}

void tap_diag(const struct govdx_error *err)
{
	if (err != NULL && err->kind != GOVDX_ERR_NONE)
		printf("# %s/%s (HTTP %ld): %s\n", govdx_error_kind_name(err->kind), err->code,
		       err->http_status, err->message);
}

void tap_skip_all(const char *why)
{
	printf("1..0 # SKIP %s\n", why);
	exit(0);
}

int tap_finish(void)
{
	if (n_checks == 0)
		tap_skip_all("nothing to check");
	printf("1..%d\n", n_checks);
	return n_failed == 0 ? 0 : 1;
}

bool tap_user(const char *dir, const char *user, char *role, size_t rcap, char *dep,
              size_t dcap)
{
	char path[1024], line[512];
	FILE *f;
	bool found = false;

	snprintf(path, sizeof path, "%s/users.tsv", dir);
	f = fopen(path, "r");
	if (f == NULL)
		return false;
	while (!found && fgets(line, sizeof line, f) != NULL) {
		const char *u = strtok(line, "\t\n"), *r = strtok(NULL, "\t\n");
		const char *d = strtok(NULL, "\t\n");

		if (u == NULL || r == NULL || d == NULL || strcmp(u, user) != 0)
			continue;
		if (role != NULL)
			snprintf(role, rcap, "%s", r);
		if (dep != NULL)
			snprintf(dep, dcap, "%s", d);
		found = true;
	}
	fclose(f);
	return found;
}

struct govdx_client *tap_open_as(const char *url, const char *dir, const char *user)
{
	struct govdx_options opt = {.url = url};
	struct govdx_client *c = NULL;
	struct govdx_error err;
	char token[1024];

	snprintf(token, sizeof token, "%s/%s.token", dir, user);
	opt.token_file = token;
	if (govdx_client_new(&opt, &c, &err) != 0) {
		tap_check(false, "a client for %s", user);
		tap_diag(&err);
		return NULL;
	}
	return c;
}
