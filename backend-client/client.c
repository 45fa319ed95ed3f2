/*
 * client.c — the client: options, lifecycle, the curl multi handle, the
 * in-flight list, polling, driving transfers and cancelling by id.
 *
 * Invariants (see client.h): a call is in the in-flight list exactly while
 * its easy handle is in the multi handle. A finished call leaves both, is
 * freed, and only then does its callback run, so callbacks may start new
 * calls, cancel others, wait on a blocking wrapper, or even free the client
 * (freeing is then deferred until the outermost govdx_client_perform
 * returns). The only process-wide state is curl_global_init, done once
 * under pthread_once. A call with retries left that fails in transport is
 * run again on the same easy handle (same body and headers, so the same
 * Idempotency-Key) without leaving the list: its id stays valid and its
 * callback runs once, for the last attempt.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <curl/curl.h>

#include "client.h"
#include "errors.h"
#include "request.h"

#define DEFAULT_CONNECT_TIMEOUT_MS 5000L
#define DEFAULT_TIMEOUT_MS 30000L
#define DEFAULT_MAX_ANSWER_BYTES ((size_t)8 * 1024 * 1024)
/* Keeps the answer buffer arithmetic far from overflow. */
#define MAX_MAX_ANSWER_BYTES ((size_t)1024 * 1024 * 1024)

static pthread_once_t global_once = PTHREAD_ONCE_INIT;
static CURLcode global_rc = CURLE_FAILED_INIT;

static void global_init(void)
{
	global_rc = curl_global_init(CURL_GLOBAL_DEFAULT);
}

/* ---- creation ------------------------------------------------------------- */

static char *dup_opt(const char *s, bool *failed)
{
	char *d;

	if (s == NULL || *s == '\0')
		return NULL;
	d = strdup(s);
	if (d == NULL)
		*failed = true;
	return d;
}

/* Checks the base URL and derives the display URL (no user info, path or
 * query) and the host name used in messages. */
static int parse_base_url(struct govdx_client *c, const char *url, struct govdx_error *err)
{
	char *scheme = NULL, *host = NULL, *port = NULL;
	CURLU *h;
	size_t n;
	int rc = -1;

	if (url == NULL || *url == '\0')
		return errors_set(err, GOVDX_ERR_USAGE, 0, "bad_url",
		                  "no service URL is set (for example http://127.0.0.1:8080)");
	h = curl_url();
	if (h == NULL)
		return errors_nomem(err);
	if (curl_url_set(h, CURLUPART_URL, url, 0) != CURLUE_OK ||
	    curl_url_get(h, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    curl_url_get(h, CURLUPART_HOST, &host, 0) != CURLUE_OK) {
		errors_set(err, GOVDX_ERR_USAGE, 0, "bad_url",
		           "the service URL \"%s\" is not valid (expected e.g. http://127.0.0.1:8080)",
		           url);
		goto out;
	}
	if (strcmp(scheme, "http") != 0 && strcmp(scheme, "https") != 0) {
		errors_set(err, GOVDX_ERR_USAGE, 0, "bad_url",
		           "the service URL must start with http:// or https://, not %s://", scheme);
		goto out;
	}
	curl_url_get(h, CURLUPART_PORT, &port, 0);
	n = strlen(scheme) + strlen(host) + (port != NULL ? strlen(port) : 0) + 8;
	c->display_url = malloc(n);
	c->host = strdup(host);
	c->base_url = strdup(url);
	if (c->display_url == NULL || c->host == NULL || c->base_url == NULL) {
		errors_nomem(err);
		goto out;
	}
	strcpy(c->display_url, scheme);
	strcat(c->display_url, "://");
	strcat(c->display_url, host);
	if (port != NULL) {
		strcat(c->display_url, ":");
		strcat(c->display_url, port);
	}
	/* The base URL is joined with "/v1/..."; drop trailing slashes. */
	n = strlen(c->base_url);
	while (n > 0 && c->base_url[n - 1] == '/')
		c->base_url[--n] = '\0';
	rc = 0;
out:
	curl_free(scheme);
	curl_free(host);
	curl_free(port);
	curl_url_cleanup(h);
	return rc;
}

static int check_readable(const char *what, const char *path, struct govdx_error *err)
{
	if (path != NULL && *path != '\0' && access(path, R_OK) != 0)
		return errors_set(err, GOVDX_ERR_USAGE, 0, "tls", "the %s %s cannot be read: %s",
		                  what, path, strerror(errno));
	return 0;
}

static int build_headers(struct govdx_client *c, struct govdx_error *err)
{
	struct curl_slist *l;
	char *auth;

	l = curl_slist_append(NULL, "Accept: application/json");
	if (l == NULL)
		return errors_nomem(err);
	c->headers = l;
	if (c->token != NULL) {
		size_t n = strlen(c->token) + sizeof "Authorization: Bearer ";

		auth = malloc(n);
		if (auth == NULL)
			return errors_nomem(err);
		strcpy(auth, "Authorization: Bearer ");
		strcat(auth, c->token);
		l = curl_slist_append(c->headers, auth);
		explicit_bzero(auth, n);
		free(auth);
		if (l == NULL)
			return errors_nomem(err);
		c->headers = l;
	}
	return 0;
}

static void wipe_headers(struct curl_slist *l)
{
	for (; l != NULL; l = l->next)
		explicit_bzero(l->data, strlen(l->data));
}

static void client_destroy(struct govdx_client *c)
{
	if (c->multi != NULL)
		curl_multi_cleanup(c->multi);
	wipe_headers(c->headers);
	curl_slist_free_all(c->headers);
	if (c->token != NULL) {
		explicit_bzero(c->token, strlen(c->token));
		free(c->token);
	}
	free(c->base_url);
	free(c->display_url);
	free(c->host);
	free(c->ca_file);
	free(c->cert_file);
	free(c->key_file);
	free(c->user_agent);
	free(c);
}

int govdx_client_new(const struct govdx_options *opt, struct govdx_client **out,
                     struct govdx_error *err)
{
	struct govdx_error scratch;
	struct govdx_client *c;
	bool failed = false;

	if (err == NULL)
		err = &scratch;
	errors_clear(err);
	if (out == NULL || opt == NULL)
		return errors_set(err, GOVDX_ERR_USAGE, 0, "bad_argument",
		                  "govdx_client_new needs options and a result pointer");
	*out = NULL;
	pthread_once(&global_once, global_init);
	if (global_rc != CURLE_OK)
		return errors_set(err, GOVDX_ERR_TRANSPORT, 0, "transport",
		                  "the HTTP library could not start: %s", curl_easy_strerror(global_rc));
	if (opt->connect_timeout_ms < 0 || opt->timeout_ms < 0)
		return errors_set(err, GOVDX_ERR_USAGE, 0, "bad_argument",
		                  "timeouts must not be negative");
	c = calloc(1, sizeof *c);
	if (c == NULL)
		return errors_nomem(err);
	c->next_id = 1;
	c->connect_timeout_ms = opt->connect_timeout_ms != 0 ? opt->connect_timeout_ms
	                                                     : DEFAULT_CONNECT_TIMEOUT_MS;
	c->timeout_ms = opt->timeout_ms != 0 ? opt->timeout_ms : DEFAULT_TIMEOUT_MS;
	c->max_answer_bytes = opt->max_answer_bytes != 0 ? opt->max_answer_bytes
	                                                 : DEFAULT_MAX_ANSWER_BYTES;
	if (c->max_answer_bytes > MAX_MAX_ANSWER_BYTES)
		c->max_answer_bytes = MAX_MAX_ANSWER_BYTES;

	if (parse_base_url(c, opt->url, err) != 0)
		goto fail;
	if (check_readable("CA file", opt->ca_file, err) != 0 ||
	    check_readable("client certificate", opt->cert_file, err) != 0 ||
	    check_readable("client key", opt->key_file, err) != 0)
		goto fail;
	if (opt->token_file != NULL && *opt->token_file != '\0' &&
	    govdx_read_token_file(opt->token_file, &c->token, err) != 0)
		goto fail;
	c->ca_file = dup_opt(opt->ca_file, &failed);
	c->cert_file = dup_opt(opt->cert_file, &failed);
	c->key_file = dup_opt(opt->key_file, &failed);
	c->user_agent = opt->user_agent != NULL && *opt->user_agent != '\0'
	                        ? strdup(opt->user_agent)
	                        : strdup("govdx/" PACKAGE_VERSION);
	if (failed || c->user_agent == NULL) {
		errors_nomem(err);
		goto fail;
	}
	if (build_headers(c, err) != 0)
		goto fail;
	c->multi = curl_multi_init();
	if (c->multi == NULL) {
		errors_nomem(err);
		goto fail;
	}
	*out = c;
	return 0;
fail:
	client_destroy(c);
	return -1;
}

const char *govdx_client_url(const struct govdx_client *c)
{
	return c != NULL ? c->base_url : NULL;
}

/* ---- the in-flight list --------------------------------------------------- */

static void list_push(struct govdx_client *c, struct call *call)
{
	call->prev = c->tail;
	call->next = NULL;
	if (c->tail != NULL)
		c->tail->next = call;
	else
		c->head = call;
	c->tail = call;
	c->n_inflight++;
}

static void list_unlink(struct govdx_client *c, struct call *call)
{
	if (call->prev != NULL)
		call->prev->next = call->next;
	else
		c->head = call->next;
	if (call->next != NULL)
		call->next->prev = call->prev;
	else
		c->tail = call->prev;
	call->prev = call->next = NULL;
	c->n_inflight--;
}

static struct call *list_find(const struct govdx_client *c, govdx_call_id id)
{
	struct call *call;

	for (call = c->head; call != NULL; call = call->next)
		if (call->id == id)
			return call;
	return NULL;
}

static void call_free(struct call *call)
{
	request_cleanup(call);
	free(call->url);
	free(call);
}

/* Takes a call out of the list and the multi handle, and frees it. */
static void call_drop(struct govdx_client *c, struct call *call)
{
	list_unlink(c, call);
	if (call->easy != NULL)
		curl_multi_remove_handle(c->multi, call->easy);
	call_free(call);
}

bool client_in_flight(const struct govdx_client *c, govdx_call_id id)
{
	return c != NULL && id != 0 && list_find(c, id) != NULL;
}

int govdx_client_pending(const struct govdx_client *c)
{
	return c != NULL ? c->n_inflight : 0;
}

void govdx_cancel(struct govdx_client *c, govdx_call_id id)
{
	struct call *call;

	if (c == NULL || id == 0)
		return;
	call = list_find(c, id);
	if (call != NULL)
		call_drop(c, call);
}

void govdx_client_free(struct govdx_client *c)
{
	if (c == NULL)
		return;
	while (c->head != NULL)
		call_drop(c, c->head);
	if (c->depth > 0) {
		c->closing = true; /* the outermost govdx_client_perform frees it */
		return;
	}
	client_destroy(c);
}

void client_hold(struct govdx_client *c)
{
	c->depth++;
}

bool client_release(struct govdx_client *c)
{
	if (--c->depth == 0 && c->closing) {
		client_destroy(c);
		return false;
	}
	return true;
}

/* ---- starting calls ------------------------------------------------------- */

govdx_call_id client_refuse(const struct call_kind *kind, call_generic_cb cb, void *arg,
                            const struct govdx_error *err)
{
	kind->deliver(cb, arg, err, NULL);
	return 0;
}

govdx_call_id client_start(struct govdx_client *c, const struct call_kind *kind,
                           call_generic_cb cb, void *arg, const char *path_query)
{
	struct call_spec spec = {.path_query = path_query};

	return client_start_spec(c, kind, cb, arg, &spec);
}

govdx_call_id client_start_spec(struct govdx_client *c, const struct call_kind *kind,
                                call_generic_cb cb, void *arg, const struct call_spec *spec)
{
	const char *path_query = spec->path_query;
	struct govdx_error err;
	struct call *call;
	size_t n;

	if (c == NULL || c->closing) {
		errors_set(&err, GOVDX_ERR_USAGE, 0, "bad_argument", "no client to fetch %s with",
		           kind->what);
		return client_refuse(kind, cb, arg, &err);
	}
	if (path_query == NULL) {
		errors_nomem(&err);
		return client_refuse(kind, cb, arg, &err);
	}
	call = calloc(1, sizeof *call);
	n = strlen(c->base_url) + strlen(path_query) + 1;
	if (call == NULL || (call->url = malloc(n)) == NULL) {
		free(call);
		errors_nomem(&err);
		return client_refuse(kind, cb, arg, &err);
	}
	strcpy(call->url, c->base_url);
	strcat(call->url, path_query);
	call->client = c;
	call->kind = kind;
	call->cb = cb;
	call->arg = arg;
	call->etag = -1;
	call->retries_left = spec->retries > 0 ? spec->retries : 0;
	call->method = spec->method;
	call->timeout_ms = c->timeout_ms;
	if (spec->timeout_ms > 0 && spec->timeout_ms < call->timeout_ms)
		call->timeout_ms = spec->timeout_ms;
	if (spec->extra_timeout_ms > 0)
		call->timeout_ms += spec->extra_timeout_ms;
	if (spec->post_body != NULL && (call->post_body = strdup(spec->post_body)) == NULL) {
		call_free(call);
		errors_nomem(&err);
		return client_refuse(kind, cb, arg, &err);
	}
	if ((spec->post_body != NULL || spec->if_match > 0 || spec->idempotency_key != NULL) &&
	    request_headers(call, spec, &err) != 0) {
		call_free(call);
		return client_refuse(kind, cb, arg, &err);
	}
	if (request_setup(call, &err) != 0) {
		call_free(call);
		return client_refuse(kind, cb, arg, &err);
	}
	if (curl_multi_add_handle(c->multi, call->easy) != CURLM_OK) {
		call_free(call);
		errors_set(&err, GOVDX_ERR_TRANSPORT, 0, "transport",
		           "the HTTP library could not start fetching %s", kind->what);
		return client_refuse(kind, cb, arg, &err);
	}
	call->id = c->next_id++;
	list_push(c, call);
	return call->id;
}

/* ---- polling and completion ----------------------------------------------- */

int govdx_client_poll(struct govdx_client *c, struct govdx_pollfd *extra, unsigned n_extra,
                      int timeout_ms, struct govdx_error *err)
{
	struct curl_waitfd local[8], *w = local;
	struct govdx_error scratch;
	CURLMcode mc;
	unsigned i;
	int numfds = 0;

	if (err == NULL)
		err = &scratch;
	if (c == NULL || (extra == NULL && n_extra > 0))
		return errors_set(err, GOVDX_ERR_USAGE, 0, "bad_argument",
		                  "govdx_client_poll needs a client");
	if (n_extra > sizeof local / sizeof local[0]) {
		w = calloc(n_extra, sizeof *w);
		if (w == NULL)
			return errors_nomem(err);
	}
	for (i = 0; i < n_extra; i++) {
		w[i].fd = extra[i].fd;
		w[i].events = (short)(((extra[i].events & GOVDX_POLLIN) ? CURL_WAIT_POLLIN : 0) |
		                      ((extra[i].events & GOVDX_POLLPRI) ? CURL_WAIT_POLLPRI : 0) |
		                      ((extra[i].events & GOVDX_POLLOUT) ? CURL_WAIT_POLLOUT : 0));
		w[i].revents = 0;
	}
	/* Negative means no limit, as with poll(2); libcurl still returns in
	 * time for its own timers. */
	mc = curl_multi_poll(c->multi, w, n_extra, timeout_ms < 0 ? INT_MAX : timeout_ms, &numfds);
	for (i = 0; i < n_extra; i++)
		extra[i].revents = (short)(((w[i].revents & CURL_WAIT_POLLIN) ? GOVDX_POLLIN : 0) |
		                           ((w[i].revents & CURL_WAIT_POLLPRI) ? GOVDX_POLLPRI : 0) |
		                           ((w[i].revents & CURL_WAIT_POLLOUT) ? GOVDX_POLLOUT : 0));
	if (w != local)
		free(w);
	if (mc != CURLM_OK)
		return errors_set(err, GOVDX_ERR_TRANSPORT, 0, "transport",
		                  "waiting for the network failed: %s", curl_multi_strerror(mc));
	return 0;
}

/* A TLS front's refusal of the client certificate names the file the
 * user is to replace (not for "none was sent": there is none). */
static void name_cert_file(struct govdx_error *err, const struct govdx_client *c)
{
	char buf[sizeof err->message + 64];

	if (err->kind != GOVDX_ERR_HTTP || c->cert_file == NULL ||
	    strncmp(err->code, "client_certificate_", 19) != 0 ||
	    strcmp(err->code, "client_certificate_missing") == 0)
		return;
	snprintf(buf, sizeof buf, "%s (cert-file %s)", err->message, c->cert_file);
	errors_copy_line(err->message, sizeof err->message, buf);
}

/* Turns a finished transfer into an error or a typed result: the kind's
 * parsers read the answer. */
static void call_outcome(struct call *call, CURLcode rc, struct govdx_error *err,
                         void **result)
{
	const struct call_kind *k = call->kind;
	struct call_answer a = {.body = call->body, .len = call->body_len, .etag = call->etag};

	*result = NULL;
	errors_clear(err);
	if (rc != CURLE_OK) {
		errors_from_curl(err, rc, call);
	} else {
		curl_easy_getinfo(call->easy, CURLINFO_RESPONSE_CODE, &a.status);
		if (errors_from_answer(err, call, a.status) != 0) {
			/* a redirect, or no JSON */
		} else if (a.status < 200 || a.status > 299) {
			if (k->parse_error != NULL)
				k->parse_error(k, &a, err, result);
			else
				govdx_parse_error(a.status, a.body, a.len, err);
			name_cert_file(err, call->client);
			errors_retry_after(err, call);
		} else if (k->parse(k, &a, result, err) != 0) {
			*result = NULL;
		}
	}
	if (err->kind != GOVDX_ERR_NONE)
		errors_redact(err, call->client->token);
}

/* Failures after which a request may or may not have reached the service:
 * the ones a retry with the same idempotency key resolves. */
static bool retryable(CURLcode rc)
{
	switch (rc) {
	case CURLE_COULDNT_CONNECT:
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_PARTIAL_FILE:
		return true;
	default:
		return false;
	}
}

/* Runs a call's request again on the same easy handle (same URL, body and
 * headers, hence the same Idempotency-Key). False when it cannot be
 * re-added; the call is then still in the list, out of the multi handle. */
static bool call_retry(struct govdx_client *c, struct call *call)
{
	curl_multi_remove_handle(c->multi, call->easy);
	request_rewind(call);
	return curl_multi_add_handle(c->multi, call->easy) == CURLM_OK;
}

int govdx_client_perform(struct govdx_client *c)
{
	CURLMsg *msg;
	int running = 0, left = 0;

	if (c == NULL || c->closing)
		return 0;
	client_hold(c);
	curl_multi_perform(c->multi, &running);
	while (!c->closing && (msg = curl_multi_info_read(c->multi, &left)) != NULL) {
		struct govdx_error err;
		struct call *call;
		char *priv;
		const struct call_kind *kind;
		call_generic_cb cb;
		void *arg, *result;
		CURLcode rc;

		if (msg->msg != CURLMSG_DONE)
			continue;
		rc = msg->data.result;
		priv = NULL;
		curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &priv);
		call = (struct call *)(void *)priv;
		if (call == NULL)
			continue;
		if (rc != CURLE_OK && !call->oversize && call->retries_left > 0 && retryable(rc)) {
			call->retries_left--;
			if (call_retry(c, call)) {
				curl_multi_perform(c->multi, &running);
				continue;
			}
		}
		call_outcome(call, rc, &err, &result);
		kind = call->kind;
		cb = call->cb;
		arg = call->arg;
		call_drop(c, call); /* before the callback: it may do anything */
		kind->deliver(cb, arg, err.kind != GOVDX_ERR_NONE ? &err : NULL, result);
	}
	if (!client_release(c))
		return 0;
	return c->closing ? 0 : c->n_inflight;
}
