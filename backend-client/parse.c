/*
 * parse.c — strict JSON field readers, the error body, and the answers of
 * the health, me and platform endpoints.
 *
 * Invariants: a parser either returns 0 with a complete result or -1 with
 * *err filled and nothing allocated; it never trusts a field's type (a
 * wrong type names the field); strings with embedded NUL characters are
 * refused. The shapes follow docs/architecture.md ("the wire contract").
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errors.h"
#include "parse.h"
#include "types.h"

/* ---- field readers -------------------------------------------------------- */

static const char *type_phrase(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT: return "an object";
	case JSON_ARRAY: return "an array";
	case JSON_STRING: return "a string";
	case JSON_INTEGER: return "an integer";
	case JSON_REAL: return "a fractional number";
	case JSON_TRUE:
	case JSON_FALSE: return "a boolean";
	case JSON_NULL: return "null";
	}
	return "something else";
}

void parse_path(char *buf, size_t cap, const char *where, const char *key)
{
	if (where == NULL || *where == '\0')
		snprintf(buf, cap, "%s", key);
	else
		snprintf(buf, cap, "%s.%s", where, key);
}

void parse_path_index(char *buf, size_t cap, const char *where, const char *key,
                      size_t index)
{
	char base[160];

	parse_path(base, sizeof base, where, key);
	snprintf(buf, cap, "%s[%zu]", base, index);
}

int parse_fail(struct govdx_error *err, const char *where, const char *key,
               const char *problem)
{
	char path[192];

	parse_path(path, sizeof path, where, key);
	return errors_set(err, GOVDX_ERR_PROTOCOL, 0, "malformed_answer",
	                  "the service's answer is malformed: %s %s", path, problem);
}

static int wrong_type(struct govdx_error *err, const char *where, const char *key,
                      const json_t *v, const char *expected)
{
	char problem[96];

	snprintf(problem, sizeof problem, "is %s, expected %s", type_phrase(v), expected);
	return parse_fail(err, where, key, problem);
}

/* Looks a member up. Returns 1 when it is present and not null, 0 when it
 * is null or absent and that is allowed, -1 (with *err) otherwise. */
static int member(json_t *obj, const char *where, const char *key, unsigned flags, json_t **v,
                  struct govdx_error *err)
{
	*v = json_object_get(obj, key);
	if (*v != NULL && !json_is_null(*v))
		return 1;
	if (flags & PARSE_NULLABLE)
		return 0;
	return parse_fail(err, where, key, *v == NULL ? "is missing" : "is null");
}

int parse_string(json_t *obj, const char *where, const char *key, unsigned flags, char **out,
                 struct govdx_error *err)
{
	json_t *v;
	int m = member(obj, where, key, flags, &v, err);

	*out = NULL;
	if (m <= 0)
		return m;
	if (!json_is_string(v))
		return wrong_type(err, where, key, v, "a string");
	if (strlen(json_string_value(v)) != json_string_length(v))
		return parse_fail(err, where, key, "contains a NUL character");
	*out = strdup(json_string_value(v));
	if (*out == NULL)
		return errors_nomem(err);
	return 0;
}

int parse_code(json_t *obj, const char *where, const char *key, unsigned flags, char *buf,
               size_t cap, struct govdx_error *err)
{
	json_t *v;
	int m = member(obj, where, key, flags, &v, err);
	char problem[64];

	buf[0] = '\0';
	if (m <= 0)
		return m;
	if (!json_is_string(v))
		return wrong_type(err, where, key, v, "a string");
	if (json_string_length(v) >= cap || strlen(json_string_value(v)) != json_string_length(v)) {
		snprintf(problem, sizeof problem, "is not a code of at most %zu characters",
		         cap - 1);
		return parse_fail(err, where, key, problem);
	}
	memcpy(buf, json_string_value(v), json_string_length(v) + 1);
	return 0;
}

int parse_long(json_t *obj, const char *where, const char *key, unsigned flags, long *out,
               struct govdx_error *err)
{
	json_t *v;
	int m = member(obj, where, key, flags, &v, err);
	json_int_t n;

	*out = 0;
	if (m <= 0)
		return m;
	if (!json_is_integer(v))
		return wrong_type(err, where, key, v, "an integer");
	n = json_integer_value(v);
	if (n < 0 || (unsigned long long)n > (unsigned long long)__LONG_MAX__)
		return parse_fail(err, where, key, "is out of range");
	*out = (long)n;
	return 0;
}

int parse_int(json_t *obj, const char *where, const char *key, unsigned flags, int *out,
              struct govdx_error *err)
{
	long n;

	*out = 0;
	if (parse_long(obj, where, key, flags, &n, err) != 0)
		return -1;
	if (n > __INT_MAX__)
		return parse_fail(err, where, key, "is out of range");
	*out = (int)n;
	return 0;
}

int parse_int_signed(json_t *obj, const char *where, const char *key, unsigned flags, int *out,
                     struct govdx_error *err)
{
	json_t *v;
	int m = member(obj, where, key, flags, &v, err);
	json_int_t n;

	*out = 0;
	if (m <= 0)
		return m;
	if (!json_is_integer(v))
		return wrong_type(err, where, key, v, "an integer");
	n = json_integer_value(v);
	if (n < -__INT_MAX__ || n > __INT_MAX__)
		return parse_fail(err, where, key, "is out of range");
	*out = (int)n;
	return 0;
}

int parse_string_array(json_t *obj, const char *where, const char *key, unsigned flags,
                       char ***out, size_t *n, struct govdx_error *err)
{
	json_t *arr;
	char iw[192];
	size_t i, count;
	char **v;

	*out = NULL;
	*n = 0;
	if (parse_array(obj, where, key, flags, &arr, err) != 0)
		return -1;
	count = arr != NULL ? json_array_size(arr) : 0;
	if (count == 0)
		return 0;
	v = calloc(count, sizeof *v);
	if (v == NULL)
		return errors_nomem(err);
	for (i = 0; i < count; i++) {
		json_t *s = json_array_get(arr, i);

		if (!json_is_string(s) || strlen(json_string_value(s)) != json_string_length(s)) {
			parse_path_index(iw, sizeof iw, where, key, i);
			parse_fail(err, "", iw,
			           json_is_string(s) ? "contains a NUL character" : "is not a string");
			goto fail;
		}
		v[i] = strdup(json_string_value(s));
		if (v[i] == NULL) {
			errors_nomem(err);
			goto fail;
		}
	}
	*out = v;
	*n = count;
	return 0;
fail:
	for (i = 0; i < count; i++)
		free(v[i]);
	free(v);
	return -1;
}

int parse_bool(json_t *obj, const char *where, const char *key, unsigned flags, bool *out,
               struct govdx_error *err)
{
	json_t *v;
	int m = member(obj, where, key, flags, &v, err);

	*out = false;
	if (m <= 0)
		return m;
	if (!json_is_boolean(v))
		return wrong_type(err, where, key, v, "true or false");
	*out = json_is_true(v);
	return 0;
}

/* A member that must be a container of the given type (borrowed). */
static int container(json_t *obj, const char *where, const char *key, unsigned flags,
                     json_type type, const char *expected, json_t **out,
                     struct govdx_error *err)
{
	json_t *v;
	int m = member(obj, where, key, flags, &v, err);

	*out = NULL;
	if (m <= 0)
		return m;
	if (json_typeof(v) != type)
		return wrong_type(err, where, key, v, expected);
	*out = v;
	return 0;
}

int parse_object(json_t *obj, const char *where, const char *key, unsigned flags,
                 json_t **out, struct govdx_error *err)
{
	return container(obj, where, key, flags, JSON_OBJECT, "an object", out, err);
}

int parse_array(json_t *obj, const char *where, const char *key, unsigned flags,
                json_t **out, struct govdx_error *err)
{
	return container(obj, where, key, flags, JSON_ARRAY, "an array", out, err);
}

json_t *parse_load(const char *body, size_t len, struct govdx_error *err)
{
	json_error_t jerr;
	json_t *root;

	if (body == NULL || len == 0) {
		errors_set(err, GOVDX_ERR_PROTOCOL, 0, "malformed_answer",
		           "the service's answer is empty");
		return NULL;
	}
	root = json_loadb(body, len, 0, &jerr);
	if (root == NULL) {
		errors_set(err, GOVDX_ERR_PROTOCOL, 0, "malformed_answer",
		           "the service's answer is not valid JSON (at byte %d: %s)", jerr.position,
		           jerr.text);
		return NULL;
	}
	if (!json_is_object(root)) {
		errors_set(err, GOVDX_ERR_PROTOCOL, 0, "malformed_answer",
		           "the service's answer is %s, expected an object", type_phrase(root));
		json_decref(root);
		return NULL;
	}
	return root;
}

json_t *parse_begin(const char *body, size_t len, size_t size, void **result,
                    struct govdx_error *err)
{
	json_t *root = parse_load(body, len, err);

	*result = NULL;
	if (root == NULL)
		return NULL;
	*result = calloc(1, size);
	if (*result == NULL) {
		json_decref(root);
		errors_nomem(err);
		return NULL;
	}
	return root;
}

/* ---- shared shapes -------------------------------------------------------- */

int parse_platform_fields(json_t *obj, const char *where, bool with_counts,
                          struct govdx_platform *p, struct govdx_error *err)
{
	char level[32], cwhere[192];
	json_t *counts = NULL;

	memset(p, 0, sizeof *p);
	if (parse_code(obj, where, "code", PARSE_REQUIRED, p->code, sizeof p->code, err) ||
	    parse_code(obj, where, "parent_code", PARSE_NULLABLE, p->parent_code,
	               sizeof p->parent_code, err) ||
	    parse_code(obj, where, "level", PARSE_REQUIRED, level, sizeof level, err) ||
	    parse_string(obj, where, "name", PARSE_REQUIRED, &p->name, err) ||
	    parse_object(obj, where, "counts", with_counts ? PARSE_REQUIRED : PARSE_NULLABLE,
	                 &counts, err))
		goto fail;
	p->level = types_level_from(level);
	if (counts != NULL) {
		parse_path(cwhere, sizeof cwhere, where, "counts");
		if (parse_long(counts, cwhere, "children", PARSE_REQUIRED, &p->counts.children, err) ||
		    parse_long(counts, cwhere, "departments", PARSE_REQUIRED, &p->counts.departments,
		               err) ||
		    parse_long(counts, cwhere, "entries", PARSE_REQUIRED, &p->counts.entries, err) ||
		    parse_long(counts, cwhere, "subtree_departments", PARSE_REQUIRED,
		               &p->counts.subtree_departments, err) ||
		    parse_long(counts, cwhere, "subtree_entries", PARSE_REQUIRED,
		               &p->counts.subtree_entries, err))
			goto fail;
	}
	return 0;
fail:
	types_platform_clear(p);
	return -1;
}

int parse_next_cursor(json_t *root, char **out, struct govdx_error *err)
{
	*out = NULL;
	if (json_object_get(root, "next_cursor") == NULL)
		return parse_fail(err, "", "next_cursor", "is missing");
	return parse_string(root, "", "next_cursor", PARSE_NULLABLE, out, err);
}

int parse_objects(json_t *arr, const char *where, const char *key, void **items, size_t size,
                  size_t *n, int (*one_item)(json_t *obj, const char *where, void *slot,
                                             struct govdx_error *err),
                  struct govdx_error *err)
{
	char iw[192];
	size_t i, count = json_array_size(arr);

	if (count == 0)
		return 0;
	*items = calloc(count, size);
	if (*items == NULL)
		return errors_nomem(err);
	for (i = 0; i < count; i++) {
		json_t *obj = json_array_get(arr, i);

		parse_path_index(iw, sizeof iw, where, key, i);
		if (!json_is_object(obj))
			return parse_fail(err, "", iw, "is not an object");
		if (one_item(obj, iw, (char *)*items + i * size, err) != 0)
			return -1;
		*n = i + 1;
	}
	return 0;
}

int parse_page(json_t *root, void **items, size_t size, size_t *n, char **cursor,
               int (*one_item)(json_t *obj, const char *where, void *slot,
                               struct govdx_error *err),
               struct govdx_error *err)
{
	json_t *arr;

	if (parse_array(root, "", "items", PARSE_REQUIRED, &arr, err) ||
	    (cursor != NULL && parse_next_cursor(root, cursor, err)))
		return -1;
	return parse_objects(arr, "", "items", items, size, n, one_item, err);
}

/* A calendar date "YYYY-MM-DD" into an 11-byte buffer ("" when null and
 * nullable). Only the shape is checked; the service owns the calendar. */
int parse_date(json_t *obj, const char *where, const char *key, unsigned flags, char buf[11],
               struct govdx_error *err)
{
	char tmp[16];
	int i;

	buf[0] = '\0';
	if (parse_code(obj, where, key, flags, tmp, sizeof tmp, err) != 0) {
		/* a long string fails as "not a code"; say what is expected */
		if (strstr(err->message, "is not a code") == NULL)
			return -1;
		return parse_fail(err, where, key, "is not a date YYYY-MM-DD");
	}
	if (tmp[0] == '\0' && (flags & PARSE_NULLABLE) && !json_is_string(json_object_get(obj, key)))
		return 0;
	for (i = 0; i < 10; i++) {
		bool dash = i == 4 || i == 7;

		if (dash ? tmp[i] != '-' : (tmp[i] < '0' || tmp[i] > '9'))
			return parse_fail(err, where, key, "is not a date YYYY-MM-DD");
	}
	if (tmp[10] != '\0')
		return parse_fail(err, where, key, "is not a date YYYY-MM-DD");
	memcpy(buf, tmp, 11);
	return 0;
}

/* ---- error bodies --------------------------------------------------------- */

/* The code to use when the body says nothing useful. */
static const char *status_code(long status)
{
	switch (status) {
	case 400: return "bad_request";
	case 401: return "unauthorized";
	case 403: return "forbidden";
	case 404: return "not_found";
	case 405: return "method_not_allowed";
	case 408: return "request_timeout";
	case 409: return "conflict";
	case 412: return "precondition_failed";
	case 413: return "payload_too_large";
	case 414: return "uri_too_long";
	case 422: return "unprocessable";
	case 428: return "precondition_required";
	case 429: return "too_many_requests";
	case 431: return "headers_too_large";
	case 500: return "internal";
	case 502: return "bad_gateway";
	case 503: return "unavailable";
	case 504: return "gateway_timeout";
	}
	return "http_error";
}

/* Appends the detail a user needs to act on an error, unless the message
 * already says it: the basis of a refused request, the state that made a
 * transition illegal, the parameter that was wrong. */
static void add_detail(struct govdx_error *err, json_t *details)
{
	static const struct {
		const char *code, *key, *label;
	} wanted[] = {
		{"sharing_refused", "basis", "basis"},
		{"illegal_transition", "state", "state"},
		{"invalid_parameter", "parameter", "parameter"},
	};
	char buf[sizeof err->message + 64];
	json_t *v;
	size_t i;

	if (!json_is_object(details))
		return;
	v = json_object_get(details, "parameter");
	if (json_is_string(v))
		errors_copy_line(err->parameter, sizeof err->parameter, json_string_value(v));
	for (i = 0; i < sizeof wanted / sizeof wanted[0]; i++) {
		const char *text;

		v = json_object_get(details, wanted[i].key);

		if (strcmp(err->code, wanted[i].code) != 0 || !json_is_string(v) ||
		    json_string_length(v) == 0)
			continue;
		text = json_string_value(v);
		if (strstr(err->message, text) != NULL)
			return;
		/* A long basis may be cut; errors_copy_line cuts on a character. */
		snprintf(buf, sizeof buf, "%s (%s: %s)", err->message, wanted[i].label, text);
		errors_copy_line(err->message, sizeof err->message, buf);
		return;
	}
}

/* A TLS front (nginx with ssl_verify_client on) that refuses the client
 * certificate answers HTTP, not a failed handshake: with tools/tls's
 * config a JSON error client_certificate_missing, _expired or _untrusted
 * (details.reason: OpenSSL's words); with nginx's own pages, HTML naming
 * only "no certificate" or "a certificate error". Each gets the console's
 * words; true when the answer was one of these. */
static bool client_cert_refusal(long http_status, const char *body, size_t len,
                                const char *code, json_t *details, struct govdx_error *err)
{
	json_t *r = json_is_object(details) ? json_object_get(details, "reason") : NULL;
	const char *reason = json_is_string(r) ? json_string_value(r) : "";

	if (code == NULL) {
		/* nginx's built-in 400 pages: recognised by their titles. */
		if (body == NULL || http_status != 400)
			return false;
		if (memmem(body, len, "No required SSL certificate was sent", 36) != NULL)
			code = "client_certificate_missing";
		else if (memmem(body, len, "The SSL certificate error", 25) != NULL)
			code = "client_certificate_refused";
		else
			return false;
	}
	if (strcmp(code, "client_certificate_missing") == 0)
		errors_set(err, GOVDX_ERR_HTTP, http_status, code,
		           "the service refused the connection: it requires a client certificate "
		           "and none was sent (set cert-file and key-file)");
	else if (strcmp(code, "client_certificate_expired") == 0 && strstr(reason, "not yet") != NULL)
		errors_set(err, GOVDX_ERR_HTTP, http_status, code,
		           "the service refused the client certificate: it is not valid yet");
	else if (strcmp(code, "client_certificate_expired") == 0)
		errors_set(err, GOVDX_ERR_HTTP, http_status, code,
		           "the service refused the client certificate: it has expired");
	else if (strcmp(code, "client_certificate_untrusted") == 0 && reason[0] != '\0')
		errors_set(err, GOVDX_ERR_HTTP, http_status, code,
		           "the service refused the client certificate: it is not trusted (%s)",
		           reason);
	else if (strcmp(code, "client_certificate_untrusted") == 0)
		errors_set(err, GOVDX_ERR_HTTP, http_status, code,
		           "the service refused the client certificate: it is not trusted");
	else if (strcmp(code, "client_certificate_refused") == 0)
		errors_set(err, GOVDX_ERR_HTTP, http_status, code,
		           "the service refused the client certificate: it is not trusted or has "
		           "expired");
	else
		return false;
	return true;
}

int govdx_parse_error(long http_status, const char *body, size_t len, struct govdx_error *err)
{
	struct govdx_error scratch;
	json_t *root = NULL, *e, *code, *msg;
	int rc = -1;

	if (err == NULL)
		err = &scratch;
	if (body != NULL && len > 0)
		root = json_loadb(body, len, 0, NULL);
	e = json_is_object(root) ? json_object_get(root, "error") : NULL;
	code = json_is_object(e) ? json_object_get(e, "code") : NULL;
	msg = json_is_object(e) ? json_object_get(e, "message") : NULL;
	if (client_cert_refusal(http_status, body, len,
	                        json_is_string(code) ? json_string_value(code) : NULL,
	                        json_is_object(e) ? json_object_get(e, "details") : NULL, err)) {
		rc = json_is_string(code) ? 0 : -1;
	} else if (json_is_string(code) && json_string_length(code) > 0) {
		if (json_is_string(msg) && json_string_length(msg) > 0)
			errors_set(err, GOVDX_ERR_HTTP, http_status, json_string_value(code), "%s",
			           json_string_value(msg));
		else
			errors_set(err, GOVDX_ERR_HTTP, http_status, json_string_value(code),
			           "the service answered HTTP %ld (%s)", http_status,
			           json_string_value(code));
		add_detail(err, json_is_object(e) ? json_object_get(e, "details") : NULL);
		/* How long a rate-limited client is to wait (at most a day). */
		if (http_status == 429 && json_is_object(e)) {
			json_t *ra = json_object_get(json_object_get(e, "details"), "retry_after");
			if (json_is_integer(ra) && json_integer_value(ra) > 0)
				err->retry_after = json_integer_value(ra) > 86400 ? 86400 :
				                   (int)json_integer_value(ra);
		}
		rc = 0;
	} else if (http_status == 429) {
		/* A proxy's (or a load balancer's) own answer, not the service's. */
		errors_set(err, GOVDX_ERR_HTTP, http_status, status_code(http_status),
		           "the service is limiting requests (HTTP 429)");
	} else if (http_status == 503) {
		errors_set(err, GOVDX_ERR_HTTP, http_status, status_code(http_status),
		           "the service is unavailable (HTTP 503)");
	} else if (http_status == 414 || http_status == 431) {
		/* The service's HTTP layer answers these itself, not in JSON. */
		errors_set(err, GOVDX_ERR_HTTP, http_status, status_code(http_status),
		           "the request was too long for the service (HTTP %ld): shorten what "
		           "was typed", http_status);
	} else {
		errors_set(err, GOVDX_ERR_HTTP, http_status, status_code(http_status),
		           "the service answered HTTP %ld without an error description", http_status);
	}
	json_decref(root);
	return rc;
}

/* ---- health, me, platforms ------------------------------------------------ */

int govdx_parse_health(const char *body, size_t len, struct govdx_health **out,
                       struct govdx_error *err)
{
	struct govdx_health *h;
	void *mem;
	json_t *root;
	int rc;

	*out = NULL;
	root = parse_begin(body, len, sizeof *h, &mem, err);
	if (root == NULL)
		return -1;
	h = mem;
	rc = parse_string(root, "", "status", PARSE_REQUIRED, &h->status, err) ||
	     parse_string(root, "", "version", PARSE_REQUIRED, &h->version, err) ||
	     parse_string(root, "", "database", PARSE_REQUIRED, &h->database, err);
	json_decref(root);
	if (rc != 0) {
		govdx_health_free(h);
		return -1;
	}
	*out = h;
	return 0;
}

int govdx_parse_me(const char *body, size_t len, struct govdx_me **out,
                   struct govdx_error *err)
{
	struct govdx_me *m;
	void *mem;
	json_t *root, *dep, *plat;
	int rc;

	*out = NULL;
	root = parse_begin(body, len, sizeof *m, &mem, err);
	if (root == NULL)
		return -1;
	m = mem;
	rc = parse_string(root, "", "user", PARSE_REQUIRED, &m->user, err) ||
	     parse_string(root, "", "display_name", PARSE_REQUIRED, &m->display_name, err) ||
	     parse_string(root, "", "role", PARSE_REQUIRED, &m->role, err) ||
	     parse_object(root, "", "department", PARSE_REQUIRED, &dep, err) ||
	     parse_string(dep, "department", "code", PARSE_REQUIRED, &m->department_code, err) ||
	     parse_string(dep, "department", "name", PARSE_REQUIRED, &m->department_name, err) ||
	     parse_object(root, "", "platform", PARSE_REQUIRED, &plat, err) ||
	     parse_platform_fields(plat, "platform", false, &m->platform, err);
	json_decref(root);
	if (rc != 0) {
		govdx_me_free(m);
		return -1;
	}
	*out = m;
	return 0;
}

/* Reads arr, the root's array member key whose elements are platform
 * objects, into a calloc'd *out; *n counts the elements read completely. A
 * non-object element is named with its type. */
static int parse_platforms(json_t *arr, const char *key, bool with_counts,
                           struct govdx_platform **out, size_t *n, struct govdx_error *err)
{
	char where[192];
	size_t i;

	if (json_array_size(arr) > 0) {
		*out = calloc(json_array_size(arr), sizeof **out);
		if (*out == NULL)
			return errors_nomem(err);
	}
	for (i = 0; i < json_array_size(arr); i++) {
		json_t *item = json_array_get(arr, i);

		parse_path_index(where, sizeof where, "", key, i);
		if (!json_is_object(item))
			return wrong_type(err, "", where, item, "an object");
		if (parse_platform_fields(item, where, with_counts, &(*out)[i], err))
			return -1;
		*n = i + 1;
	}
	return 0;
}

int govdx_parse_platform_node(const char *body, size_t len, struct govdx_platform_node **out,
                              struct govdx_error *err)
{
	struct govdx_platform_node *n;
	void *mem;
	json_t *root, *path;
	int rc;

	*out = NULL;
	root = parse_begin(body, len, sizeof *n, &mem, err);
	if (root == NULL)
		return -1;
	n = mem;
	rc = parse_platform_fields(root, "", true, &n->platform, err) ||
	     parse_array(root, "", "path", PARSE_REQUIRED, &path, err) ||
	     parse_platforms(path, "path", false, &n->path, &n->path_len, err);
	json_decref(root);
	if (rc != 0) {
		govdx_platform_node_free(n);
		return -1;
	}
	*out = n;
	return 0;
}

int govdx_parse_platform_page(const char *body, size_t len, struct govdx_platform_page **out,
                              struct govdx_error *err)
{
	struct govdx_platform_page *p;
	void *mem;
	json_t *root, *items;
	int rc;

	*out = NULL;
	root = parse_begin(body, len, sizeof *p, &mem, err);
	if (root == NULL)
		return -1;
	p = mem;
	rc = parse_array(root, "", "items", PARSE_REQUIRED, &items, err) ||
	     parse_next_cursor(root, &p->next_cursor, err) ||
	     parse_platforms(items, "items", true, &p->items, &p->n, err);
	json_decref(root);
	if (rc != 0) {
		govdx_platform_page_free(p);
		return -1;
	}
	*out = p;
	return 0;
}
