/*
 * Integration test of libgovdx against the running exchange service
 * (GOVDX_URL, GOVDX_TOKENS from tools/check or tools/demo --serve): health,
 * me, the national platform and its path, the children and departments of
 * 河北省 (130000), two pages of entries with nothing repeated, an entry's
 * detail with its items, a Chinese search, an unknown entry (404), a wrong
 * token (401), and several calls in flight at once. Prints TAP; skips with
 * a reason when the service is not there.
 */
#include "config.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "govdx.h"
#include "tap.h"

/* Picks a user from users.tsv, an official if there is one. */
static bool pick_user(const char *dir, char *user, size_t ucap, char *role, size_t rcap)
{
	char path[1024], line[512];
	FILE *f;
	bool found = false;

	snprintf(path, sizeof path, "%s/users.tsv", dir);
	f = fopen(path, "r");
	if (f == NULL)
		return false;
	while (fgets(line, sizeof line, f) != NULL) {
		char *u = strtok(line, "\t\n"), *r = strtok(NULL, "\t\n");

		if (u == NULL || r == NULL || strcmp(u, "user") == 0)
			continue;
		if (!found || strcmp(r, "official") == 0) {
			snprintf(user, ucap, "%s", u);
			snprintf(role, rcap, "%s", r);
			found = true;
			if (strcmp(r, "official") == 0)
				break;
		}
	}
	fclose(f);
	return found;
}

static struct govdx_client *open_client(const char *url, const char *token_file)
{
	struct govdx_options opt = {.url = url, .token_file = token_file};
	struct govdx_client *c = NULL;
	struct govdx_error err;

	if (govdx_client_new(&opt, &c, &err) != 0) {
		tap_check(false, "client for %s", url);
		tap_diag(&err);
		return NULL;
	}
	return c;
}

static void test_platforms(struct govdx_client *c)
{
	struct govdx_platform_node *n = NULL;
	struct govdx_platform_page *p = NULL;
	struct govdx_department_page *d = NULL;
	struct govdx_page_req page = {.limit = 200};
	struct govdx_error err;
	bool ordered = true, parents = true, found = false;
	size_t i;

	if (tap_check(govdx_platform_sync(c, "000000", &n, &err) == 0, "platform 000000")) {
		tap_check(n->platform.level == GOVDX_LEVEL_NATIONAL, "000000 is national");
		tap_check(n->platform.parent_code[0] == '\0', "000000 has no parent");
		tap_check(n->path_len == 1 && strcmp(n->path[0].code, "000000") == 0,
		          "the national path is itself");
		tap_check(n->platform.counts.children >= 31, "the nation has %ld child platforms",
		          n->platform.counts.children);
		govdx_platform_node_free(n);
	} else {
		tap_diag(&err);
	}

	if (tap_check(govdx_platform_sync(c, "130100", &n, &err) == 0, "platform 130100")) {
		tap_check(n->path_len == 3 && strcmp(n->path[0].code, "000000") == 0 &&
		                  strcmp(n->path[1].code, "130000") == 0 &&
		                  strcmp(n->path[2].code, "130100") == 0,
		          "path of 130100 is 000000 > 130000 > 130100");
		tap_check(strcmp(n->platform.name, "石家庄市") == 0, "130100 is 石家庄市");
		govdx_platform_node_free(n);
	} else {
		tap_diag(&err);
	}

	if (tap_check(govdx_platform_children_sync(c, "130000", &page, &p, &err) == 0,
	              "children of 130000")) {
		for (i = 0; i < p->n; i++) {
			if (strcmp(p->items[i].parent_code, "130000") != 0)
				parents = false;
			if (i > 0 && strcmp(p->items[i - 1].code, p->items[i].code) >= 0)
				ordered = false;
			if (strcmp(p->items[i].code, "130100") == 0 &&
			    strcmp(p->items[i].name, "石家庄市") == 0)
				found = true;
		}
		tap_check(p->n >= 11, "河北省 has %zu children", p->n);
		tap_check(parents, "every child's parent is 130000");
		tap_check(ordered, "children are ordered by code");
		tap_check(found, "石家庄市 is among them");
		govdx_platform_page_free(p);
	} else {
		tap_diag(&err);
	}

	if (tap_check(govdx_platform_departments_sync(c, "130000", NULL, &d, &err) == 0,
	              "departments of 130000")) {
		bool same = true;

		for (i = 0; i < d->n; i++)
			if (strcmp(d->items[i].platform_code, "130000") != 0)
				same = false;
		tap_check(d->n > 0, "河北省 has %zu departments on the first page", d->n);
		tap_check(same, "every department belongs to 130000");
		govdx_department_page_free(d);
	} else {
		tap_diag(&err);
	}
}

static void test_entries(struct govdx_client *c)
{
	struct govdx_entry_query q = {.platform = "130000", .disputed = -1, .page = {.limit = 5}};
	struct govdx_entry_page *p1 = NULL, *p2 = NULL, *s = NULL;
	struct govdx_entry *e = NULL;
	struct govdx_error err;
	bool overlap = false, ordered = true, all_match = true;
	size_t i, j;

	if (!tap_check(govdx_entries_sync(c, &q, &p1, &err) == 0, "entries of 130000, page 1")) {
		tap_diag(&err);
		return;
	}
	tap_check(p1->n == 5, "page 1 has 5 entries (got %zu)", p1->n);
	tap_check(p1->next_cursor != NULL, "page 1 has a next cursor");
	if (p1->next_cursor != NULL) {
		q.page.cursor = p1->next_cursor;
		if (tap_check(govdx_entries_sync(c, &q, &p2, &err) == 0, "entries of 130000, page 2")) {
			tap_check(p2->n > 0, "page 2 is not empty");
			for (i = 0; i < p1->n; i++)
				for (j = 0; j < p2->n; j++)
					if (strcmp(p1->items[i].code, p2->items[j].code) == 0)
						overlap = true;
			tap_check(!overlap, "pages 1 and 2 share no entry");
			if (p2->n > 0)
				tap_check(strcmp(p1->items[p1->n - 1].code, p2->items[0].code) < 0,
				          "page 2 continues after page 1 in code order");
			govdx_entry_page_free(p2);
		} else {
			tap_diag(&err);
		}
	}
	for (i = 1; i < p1->n; i++)
		if (strcmp(p1->items[i - 1].code, p1->items[i].code) >= 0)
			ordered = false;
	tap_check(ordered, "entries are ordered by code");

	if (p1->n > 0) {
		if (tap_check(govdx_entry_sync(c, p1->items[0].code, &e, &err) == 0, "entry %s",
		              p1->items[0].code)) {
			tap_check(strcmp(e->code, p1->items[0].code) == 0, "the detail has the same code");
			tap_check(e->n_items > 0, "the entry has %zu information items", e->n_items);
			tap_check(e->n_items == 0 || (e->items[0].name[0] != '\0' &&
			                              e->items[0].data_type[0] != '\0'),
			          "items have names and data types");
			tap_check(e->release_date != NULL && strlen(e->release_date) == 10,
			          "release date is YYYY-MM-DD");
			govdx_entry_free(e);
		} else {
			tap_diag(&err);
		}
	}
	govdx_entry_page_free(p1);

	q = (struct govdx_entry_query){.q = "民政", .disputed = -1, .page = {.limit = 20}};
	if (tap_check(govdx_entries_sync(c, &q, &s, &err) == 0, "search 民政")) {
		for (i = 0; i < s->n; i++)
			if (strstr(s->items[i].name, "民政") == NULL &&
			    strstr(s->items[i].department_name, "民政") == NULL)
				all_match = false;
		tap_check(s->n > 0, "search 民政 finds %zu entries", s->n);
		tap_check(all_match, "every hit mentions 民政");
		govdx_entry_page_free(s);
	} else {
		tap_diag(&err);
	}

	/* well formed but not there: 404 */
	e = NULL;
	tap_check(govdx_entry_sync(c, "130000999-308001-9999", &e, &err) == -1 && e == NULL,
	          "an unknown entry fails");
	tap_check(err.kind == GOVDX_ERR_HTTP && err.http_status == 404 &&
	                  strcmp(err.code, "not_found") == 0,
	          "... as HTTP 404 not_found");
	tap_diag(&err);
	/* not even an entry code (the spaces travel escaped) */
	tap_check(govdx_entry_sync(c, "not an entry code", &e, &err) == -1 &&
	                  err.kind == GOVDX_ERR_HTTP && err.http_status == 400 &&
	                  strcmp(err.code, "invalid_parameter") == 0,
	          "a malformed entry code gets HTTP 400 invalid_parameter");
	tap_diag(&err);
}

/* Walks every page of 河北省's departments, 7 at a time: nothing repeated,
 * nothing skipped (the total matches the platform's own count). */
static void test_walk_departments(struct govdx_client *c)
{
	struct govdx_platform_node *n = NULL;
	struct govdx_department_page *d = NULL;
	struct govdx_page_req page = {.limit = 7};
	struct govdx_error err;
	char last[64] = "", *cursor = NULL;
	long total = 0, want;
	int pages = 0;
	bool ordered = true;
	size_t i;

	if (!tap_check(govdx_platform_sync(c, "130000", &n, &err) == 0, "platform 130000")) {
		tap_diag(&err);
		return;
	}
	want = n->platform.counts.departments;
	govdx_platform_node_free(n);
	for (;;) {
		page.cursor = cursor;
		if (govdx_platform_departments_sync(c, "130000", &page, &d, &err) != 0) {
			tap_check(false, "departments page %d", pages + 1);
			tap_diag(&err);
			break;
		}
		pages++;
		for (i = 0; i < d->n; i++) {
			if (strcmp(last, d->items[i].code) >= 0)
				ordered = false;
			snprintf(last, sizeof last, "%s", d->items[i].code);
		}
		total += (long)d->n;
		free(cursor);
		cursor = d->next_cursor != NULL ? strdup(d->next_cursor) : NULL;
		govdx_department_page_free(d);
		if (cursor == NULL || pages > 1000)
			break;
	}
	free(cursor);
	tap_check(pages > 1, "departments of 130000 come in %d pages of 7", pages);
	tap_check(ordered, "in strictly increasing code order across pages (nothing repeated)");
	tap_check(total == want, "%ld departments walked, the platform counts %ld", total, want);
}

/* ---- several calls in flight ---------------------------------------------- */

struct tally {
	int done, failed;
};

static void on_page(void *arg, const struct govdx_error *err, struct govdx_platform_page *p)
{
	struct tally *t = arg;

	t->done++;
	t->failed += err != NULL;
	govdx_platform_page_free(p);
}

static void on_entries(void *arg, const struct govdx_error *err, struct govdx_entry_page *p)
{
	struct tally *t = arg;

	t->done++;
	t->failed += err != NULL;
	govdx_entry_page_free(p);
}

static void test_concurrent(struct govdx_client *c)
{
	static const char *const provinces[] = {"110000", "130000", "320000", "440000"};
	struct govdx_entry_query q = {.platform = "130000", .disputed = -1};
	struct tally t = {0};
	struct govdx_error err;
	time_t deadline = time(NULL) + 30;
	size_t i;

	for (i = 0; i < 4; i++)
		govdx_platform_children(c, provinces[i], NULL, on_page, &t);
	govdx_entries(c, &q, on_entries, &t);
	while (govdx_client_pending(c) > 0 && time(NULL) < deadline) {
		if (govdx_client_poll(c, NULL, 0, 500, &err) != 0)
			break;
		govdx_client_perform(c);
	}
	tap_check(t.done == 5 && t.failed == 0,
	          "5 calls in flight at once all finish (%d done, %d failed)", t.done, t.failed);
}

static void test_wrong_token(const char *url)
{
	char path[] = "/tmp/govdx-wrong-token-XXXXXX";
	struct govdx_client *c;
	struct govdx_me *m = NULL;
	struct govdx_error err;
	int fd = mkstemp(path);

	if (fd < 0 || write(fd, "not-a-real-token-0123456789\n", 28) != 28) {
		tap_check(false, "write a wrong token file");
		return;
	}
	close(fd);
	c = open_client(url, path);
	if (c != NULL) {
		tap_check(govdx_me_sync(c, &m, &err) == -1 && err.kind == GOVDX_ERR_HTTP &&
		                  err.http_status == 401 && strcmp(err.code, "unauthorized") == 0,
		          "a wrong token gets HTTP 401 unauthorized");
		tap_check(strstr(err.message, "not-a-real-token") == NULL,
		          "the message does not show the token");
		tap_diag(&err);
		govdx_me_free(m);
		govdx_client_free(c);
	}
	unlink(path);
}

int main(void)
{
	const char *url = getenv("GOVDX_URL"), *tokens = getenv("GOVDX_TOKENS");
	char user[128], role[64], token_file[1024];
	struct govdx_client *c;
	struct govdx_health *h = NULL;
	struct govdx_me *m = NULL;
	struct govdx_error err;

	if (url == NULL || *url == '\0')
		tap_skip_all("GOVDX_URL is not set: run tools/check, which starts the service and "
		             "PostgreSQL");
	if (tokens == NULL || *tokens == '\0')
		tap_skip_all("GOVDX_TOKENS is not set: run tools/check");
	if (!pick_user(tokens, user, sizeof user, role, sizeof role))
		tap_skip_all("no users in $GOVDX_TOKENS/users.tsv");
	snprintf(token_file, sizeof token_file, "%s/%s.token", tokens, user);

	c = open_client(url, token_file);
	if (c == NULL)
		goto done;
	if (tap_check(govdx_health_sync(c, &h, &err) == 0, "health")) {
		tap_check(strcmp(h->status, "ok") == 0, "health status is ok");
		tap_check(strcmp(h->database, "ok") == 0, "database is ok");
		govdx_health_free(h);
	} else {
		tap_diag(&err);
	}
	if (tap_check(govdx_me_sync(c, &m, &err) == 0, "me as %s", user)) {
		tap_check(strcmp(m->user, user) == 0, "me is %s", user);
		tap_check(strcmp(m->role, role) == 0, "role is %s", role);
		tap_check(m->platform.code[0] != '\0' && m->platform.name[0] != '\0',
		          "me has a platform (%s %s)", m->platform.code, m->platform.name);
		govdx_me_free(m);
	} else {
		tap_diag(&err);
	}
	test_platforms(c);
	test_entries(c);
	test_walk_departments(c);
	test_concurrent(c);
	govdx_client_free(c);
	test_wrong_token(url);
done:
	return tap_finish();
}
