/*
 * request.c — request URLs with proper escaping, and the easy handle of a
 * call with every option the library insists on.
 *
 * Invariants: path segments and query values are percent-encoded byte by
 * byte (UTF-8 text included); TLS peer and host verification are always
 * on; an answer never grows past the client's max_answer_bytes (the write
 * callback refuses the byte that would pass it and marks the call
 * oversize); no transfer ever raises a signal; a call's own header list
 * (it holds the bearer token) is wiped before it is freed.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "client.h"
#include "errors.h"
#include "request.h"

/* ---- URL building --------------------------------------------------------- */

static void url_reserve(struct request_url *u, size_t more)
{
	size_t want;
	char *s;

	if (u->failed)
		return;
	want = u->len + more + 1;
	if (want <= u->cap)
		return;
	if (want < 2 * u->cap)
		want = 2 * u->cap;
	if (want < 64)
		want = 64;
	s = realloc(u->s, want);
	if (s == NULL) {
		u->failed = true;
		return;
	}
	u->s = s;
	u->cap = want;
}

static void url_put(struct request_url *u, const char *p, size_t n)
{
	url_reserve(u, n);
	if (u->failed)
		return;
	memcpy(u->s + u->len, p, n);
	u->len += n;
	u->s[u->len] = '\0';
}

/* RFC 3986 unreserved characters pass; every other byte is %XX. */
static void url_put_escaped(struct request_url *u, const char *text)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p;

	for (p = (const unsigned char *)text; *p != '\0'; p++) {
		bool plain = (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		             (*p >= '0' && *p <= '9') || *p == '-' || *p == '.' || *p == '_' ||
		             *p == '~';
		if (plain) {
			url_put(u, (const char *)p, 1);
		} else {
			char esc[3] = {'%', hex[*p >> 4], hex[*p & 0x0f]};
			url_put(u, esc, 3);
		}
	}
}

void request_url_init(struct request_url *u, const char *literal)
{
	memset(u, 0, sizeof *u);
	request_url_lit(u, literal);
}

void request_url_lit(struct request_url *u, const char *literal)
{
	url_put(u, literal, strlen(literal));
}

void request_url_segment(struct request_url *u, const char *segment)
{
	url_put(u, "/", 1);
	url_put_escaped(u, segment);
}

void request_url_param(struct request_url *u, const char *name, const char *value)
{
	if (value == NULL)
		return;
	url_put(u, u->has_query ? "&" : "?", 1);
	u->has_query = true;
	url_put(u, name, strlen(name));
	url_put(u, "=", 1);
	url_put_escaped(u, value);
}

void request_url_param_long(struct request_url *u, const char *name, long value)
{
	char num[32];

	snprintf(num, sizeof num, "%ld", value);
	request_url_param(u, name, num);
}

bool request_url_page(struct request_url *u, const struct govdx_page_req *page)
{
	if (page == NULL)
		return true;
	if (page->limit < 0)
		return false;
	if (page->limit > 0)
		request_url_param_long(u, "limit", page->limit);
	if (page->cursor != NULL && *page->cursor != '\0')
		request_url_param(u, "cursor", page->cursor);
	return true;
}

char *request_url_take(struct request_url *u)
{
	char *s = u->s;

	if (u->failed || s == NULL) {
		free(u->s);
		s = NULL;
	}
	memset(u, 0, sizeof *u);
	return s;
}

/* ---- the easy handle ------------------------------------------------------ */

/* Collects the answer, refusing to grow past the client's limit: returning
 * less than was offered makes libcurl end the transfer (CURLE_WRITE_ERROR),
 * which the completion maps to "oversize_answer" through call->oversize. */
static size_t on_write(char *data, size_t size, size_t nmemb, void *userp)
{
	struct call *call = userp;
	size_t n = size * nmemb, max = call->client->max_answer_bytes;

	if (n > max || call->body_len > max - n) {
		call->oversize = true;
		return 0;
	}
	if (call->body_len + n + 1 > call->body_cap) {
		size_t cap = call->body_cap != 0 ? call->body_cap : 4096;
		char *p;

		while (cap < call->body_len + n + 1)
			cap *= 2;
		if (cap > max + 1)
			cap = max + 1;
		p = realloc(call->body, cap);
		if (p == NULL)
			return 0; /* ends as a write error: reported as a transport failure */
		call->body = p;
		call->body_cap = cap;
	}
	memcpy(call->body + call->body_len, data, n);
	call->body_len += n;
	call->body[call->body_len] = '\0';
	return n;
}

/* Records the version of a strong or weak ETag ("3" or W/"3"); a status
 * line (a new answer: interim 1xx or after a retry) forgets it. */
static size_t on_header(char *data, size_t size, size_t nmemb, void *userp)
{
	struct call *call = userp;
	size_t n = size * nmemb, i;
	long v = 0;

	if (n >= 5 && strncmp(data, "HTTP/", 5) == 0) {
		call->etag = -1;
		return n;
	}
	if (n < 5 || strncasecmp(data, "etag:", 5) != 0)
		return n;
	i = 5;
	while (i < n && (data[i] == ' ' || data[i] == '\t'))
		i++;
	if (i + 1 < n && data[i] == 'W' && data[i + 1] == '/')
		i += 2;
	if (i >= n || data[i] != '"')
		return n;
	i++;
	if (i >= n || data[i] < '0' || data[i] > '9')
		return n;
	while (i < n && data[i] >= '0' && data[i] <= '9') {
		if (v > (__LONG_MAX__ - 9) / 10)
			return n; /* not a version of ours */
		v = v * 10 + (data[i] - '0');
		i++;
	}
	if (i < n && data[i] == '"')
		call->etag = v;
	return n;
}

static bool header_safe(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
			return false;
	return true;
}

int request_headers(struct call *call, const struct call_spec *spec, struct govdx_error *err)
{
	const struct curl_slist *src;
	struct curl_slist *l = NULL, *n;
	char line[256];
	bool ok = true;

	for (src = call->client->headers; src != NULL && ok; src = src->next) {
		n = curl_slist_append(l, src->data);
		ok = n != NULL;
		l = ok ? n : l;
	}
#define ADD(text) \
	do { \
		if (ok) { \
			n = curl_slist_append(l, text); \
			ok = n != NULL; \
			l = ok ? n : l; \
		} \
	} while (0)
	if (spec->post_body != NULL) {
		ADD("Content-Type: application/json");
		ADD("Expect:"); /* never wait for 100-continue */
	}
	if (spec->if_match > 0) {
		snprintf(line, sizeof line, "If-Match: \"%ld\"", spec->if_match);
		ADD(line);
	}
	if (spec->idempotency_key != NULL) {
		size_t klen = strlen(spec->idempotency_key);

		if (!header_safe(spec->idempotency_key) || klen == 0 || klen > 128) {
			request_wipe_headers(l);
			curl_slist_free_all(l);
			return errors_set(err, GOVDX_ERR_USAGE, 0, "bad_argument",
			                  "an idempotency key must be 1 to 128 printable ASCII characters");
		}
		snprintf(line, sizeof line, "Idempotency-Key: %s", spec->idempotency_key);
		ADD(line);
	}
#undef ADD
	if (!ok) {
		request_wipe_headers(l);
		curl_slist_free_all(l);
		return errors_nomem(err);
	}
	call->headers = l;
	return 0;
}

void request_wipe_headers(struct curl_slist *l)
{
	for (; l != NULL; l = l->next)
		explicit_bzero(l->data, strlen(l->data));
}

void request_rewind(struct call *call)
{
	call->body_len = 0;
	if (call->body != NULL)
		call->body[0] = '\0';
	call->oversize = false;
	call->errbuf[0] = '\0';
	call->etag = -1;
}

int request_setup(struct call *call, struct govdx_error *err)
{
	const struct govdx_client *c = call->client;
	CURLcode rc = CURLE_OK;
	CURL *e;

	e = curl_easy_init();
	if (e == NULL)
		return errors_nomem(err);
	call->easy = e;
	call->errbuf[0] = '\0';

	/* Each option in turn; the first failure stops the chain. */
#define SET(opt, val) \
	do { \
		if (rc == CURLE_OK) \
			rc = curl_easy_setopt(e, opt, val); \
	} while (0)
	SET(CURLOPT_ERRORBUFFER, call->errbuf);
	SET(CURLOPT_URL, call->url);
	SET(CURLOPT_PRIVATE, (void *)call);
	SET(CURLOPT_NOSIGNAL, 1L);
	SET(CURLOPT_CONNECTTIMEOUT_MS, c->connect_timeout_ms);
	SET(CURLOPT_TIMEOUT_MS, call->timeout_ms);
	SET(CURLOPT_WRITEFUNCTION, on_write);
	SET(CURLOPT_WRITEDATA, (void *)call);
	SET(CURLOPT_HEADERFUNCTION, on_header);
	SET(CURLOPT_HEADERDATA, (void *)call);
	SET(CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)c->max_answer_bytes);
	SET(CURLOPT_HTTPHEADER, call->headers != NULL ? call->headers : c->headers);
	if (call->post_body != NULL) {
		SET(CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)strlen(call->post_body));
		SET(CURLOPT_POSTFIELDS, call->post_body);
		if (call->method != NULL)
			SET(CURLOPT_CUSTOMREQUEST, call->method);
	}
	SET(CURLOPT_USERAGENT, c->user_agent);
	SET(CURLOPT_FOLLOWLOCATION, 0L);
#if LIBCURL_VERSION_NUM >= 0x075500
	SET(CURLOPT_PROTOCOLS_STR, "http,https");
#else
	SET(CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
	SET(CURLOPT_SSL_VERIFYPEER, 1L);
	SET(CURLOPT_SSL_VERIFYHOST, 2L);
	if (c->ca_file != NULL)
		SET(CURLOPT_CAINFO, c->ca_file);
	if (c->cert_file != NULL)
		SET(CURLOPT_SSLCERT, c->cert_file);
	if (c->key_file != NULL)
		SET(CURLOPT_SSLKEY, c->key_file);
#undef SET
	if (rc != CURLE_OK) {
		errors_set(err, GOVDX_ERR_USAGE, 0, "transport",
		           "the HTTP library refused an option: %s", curl_easy_strerror(rc));
		request_cleanup(call);
		return -1;
	}
	return 0;
}

void request_cleanup(struct call *call)
{
	if (call->easy != NULL)
		curl_easy_cleanup(call->easy);
	call->easy = NULL;
	free(call->body);
	call->body = NULL;
	call->body_len = call->body_cap = 0;
	free(call->post_body);
	call->post_body = NULL;
	request_wipe_headers(call->headers);
	curl_slist_free_all(call->headers);
	call->headers = NULL;
}
