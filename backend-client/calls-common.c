/*
 * calls-common.c — what the calls of the workflow endpoints share
 * (calls-common.h): idempotency keys, argument refusals, starting GETs and
 * POSTs, and the list, get and transition calls that sharing requests and
 * objections make alike.
 *
 * Invariants: every POST carries an Idempotency-Key (the caller's, or one
 * made here before the first attempt) and is retried once, with the same
 * key and body, after a transport failure (client.c); a transition sends
 * If-Match: "<version>" unless the caller passes version 0; bodies are
 * built with jansson, so caller text is always escaped and must be valid
 * UTF-8 (refused here otherwise, before anything is sent); every path
 * segment and query value is percent-encoded (request.h).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include <jansson.h>

#include "calls-common.h"
#include "client.h"
#include "errors.h"
#include "request.h"

/* ---- idempotency keys ----------------------------------------------------- */

static int random_bytes(unsigned char *buf, size_t n)
{
	size_t got = 0;
	int fd;

	while (got < n) {
		ssize_t r = getrandom(buf + got, n - got, 0);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	if (got == n)
		return 0;
	/* Old kernels without getrandom(2). */
	fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	got = 0;
	while (got < n) {
		ssize_t r = read(fd, buf + got, n - got);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	close(fd);
	return got == n ? 0 : -1;
}

int govdx_idempotency_key(char out[GOVDX_IDEMPOTENCY_KEY_SIZE])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char b[16];
	size_t i, o = 0;

	out[0] = '\0';
	if (random_bytes(b, sizeof b) != 0)
		return -1;
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40); /* version 4 */
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80); /* RFC 4122 variant */
	for (i = 0; i < sizeof b; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[o++] = '-';
		out[o++] = hex[b[i] >> 4];
		out[o++] = hex[b[i] & 0x0f];
	}
	out[o] = '\0';
	return 0;
}

/* ---- refusals and starting calls ----------------------------------------- */

bool calls_common_missing(const char *s)
{
	return s == NULL || *s == '\0';
}

govdx_call_id calls_common_refuse(const struct call_kind *kind, call_generic_cb cb, void *arg,
                                  const char *problem)
{
	struct govdx_error err;

	errors_set(&err, GOVDX_ERR_USAGE, 0, "bad_argument", "%s for %s", problem, kind->what);
	return client_refuse(kind, cb, arg, &err);
}

govdx_call_id calls_common_refuse_nomem(const struct call_kind *kind, call_generic_cb cb,
                                        void *arg)
{
	struct govdx_error err;

	errors_nomem(&err);
	return client_refuse(kind, cb, arg, &err);
}

bool calls_common_put_string(json_t *obj, const char *key, const char *value)
{
	json_t *v = json_string(value);

	return v != NULL && json_object_set_new(obj, key, v) == 0;
}

govdx_call_id calls_common_get(struct govdx_client *c, const struct call_kind *kind,
                               call_generic_cb cb, void *arg, struct request_url *u,
                               long extra_timeout_ms)
{
	struct call_spec spec = {.extra_timeout_ms = extra_timeout_ms};
	govdx_call_id id;

	spec.path_query = request_url_take(u);
	id = client_start_spec(c, kind, cb, arg, &spec);
	free((char *)spec.path_query);
	return id;
}

govdx_call_id calls_common_post(struct govdx_client *c, const struct call_kind *kind,
                                call_generic_cb cb, void *arg, struct request_url *u,
                                json_t *body, const char *key, long if_match)
{
	struct call_spec spec = {.if_match = if_match, .retries = 1};
	char made[GOVDX_IDEMPOTENCY_KEY_SIZE];
	char *path, *text;
	govdx_call_id id;

	if (key == NULL) {
		if (govdx_idempotency_key(made) != 0) {
			struct govdx_error err;

			json_decref(body);
			free(request_url_take(u));
			errors_set(&err, GOVDX_ERR_USAGE, 0, "random",
			           "no random bytes for an idempotency key: %s", strerror(errno));
			return client_refuse(kind, cb, arg, &err);
		}
		key = made;
	}
	path = request_url_take(u);
	text = json_dumps(body, JSON_COMPACT);
	json_decref(body);
	if (path == NULL || text == NULL) {
		free(path);
		free(text);
		return calls_common_refuse_nomem(kind, cb, arg);
	}
	spec.path_query = path;
	spec.post_body = text;
	spec.idempotency_key = key;
	id = client_start_spec(c, kind, cb, arg, &spec);
	free(path);
	free(text);
	return id;
}

/* ---- the calls requests and objections make alike ------------------------- */

govdx_call_id calls_common_list(struct govdx_client *c, const struct call_kind *kind,
                                call_generic_cb cb, void *arg, const char *collection,
                                const struct calls_common_filter *filter)
{
	struct request_url u;

	request_url_init(&u, collection);
	if (filter != NULL) {
		if (!calls_common_missing(filter->box))
			request_url_param(&u, "box", filter->box);
		if (!calls_common_missing(filter->state))
			request_url_param(&u, "state", filter->state);
		if (filter->overdue == 0 || filter->overdue == 1)
			request_url_param(&u, "overdue", filter->overdue ? "true" : "false");
		if (filter->due_soon == 0 || filter->due_soon == 1)
			request_url_param(&u, "due_soon", filter->due_soon ? "true" : "false");
		if (!calls_common_missing(filter->entry))
			request_url_param(&u, "entry", filter->entry);
		if (!calls_common_missing(filter->provider))
			request_url_param(&u, "provider", filter->provider);
		if (!request_url_page(&u, filter->page)) {
			free(request_url_take(&u));
			return calls_common_refuse(kind, cb, arg, "a negative page size");
		}
	}
	return calls_common_get(c, kind, cb, arg, &u, 0);
}

govdx_call_id calls_common_get_one(struct govdx_client *c, const struct call_kind *kind,
                                   call_generic_cb cb, void *arg, const char *collection,
                                   const char *noun, const char *id)
{
	struct request_url u;
	char problem[64];

	if (calls_common_missing(id)) {
		snprintf(problem, sizeof problem, "no %s id given", noun);
		return calls_common_refuse(kind, cb, arg, problem);
	}
	request_url_init(&u, collection);
	request_url_segment(&u, id);
	return calls_common_get(c, kind, cb, arg, &u, 0);
}

govdx_call_id calls_common_transition(struct govdx_client *c, const struct call_kind *kind,
                                      call_generic_cb cb, void *arg, const char *collection,
                                      const char *noun, const char *id,
                                      const struct govdx_transition *t)
{
	struct request_url u;
	char problem[64];
	json_t *body;

	if (calls_common_missing(id)) {
		snprintf(problem, sizeof problem, "no %s id given", noun);
		return calls_common_refuse(kind, cb, arg, problem);
	}
	if (t == NULL || calls_common_missing(t->action))
		return calls_common_refuse(kind, cb, arg, "no action given");
	if (t->version < 0)
		return calls_common_refuse(kind, cb, arg, "a negative version was given");
	body = json_object();
	if (body == NULL)
		return calls_common_refuse_nomem(kind, cb, arg);
	if (!calls_common_put_string(body, "action", t->action) ||
	    (t->reason != NULL && !calls_common_put_string(body, "reason", t->reason)) ||
	    (t->ground != NULL && !calls_common_put_string(body, "ground", t->ground))) {
		json_decref(body);
		return calls_common_refuse(kind, cb, arg, "the action or reason is not valid UTF-8");
	}
	request_url_init(&u, collection);
	request_url_segment(&u, id);
	request_url_lit(&u, "/transitions");
	return calls_common_post(c, kind, cb, arg, &u, body, t->idempotency_key, t->version);
}
