/*
 * errors.c — filling struct govdx_error, and turning libcurl failures into
 * words a user understands.
 *
 * Invariants: a message is always one line of valid UTF-8 that fits its
 * buffer, with no control character in it (what a service sent is shown
 * escaped, "^[", "<U+202E>"); it names the service by its display URL
 * (never with user info) and never contains the bearer token. Local error
 * codes are the ones the public header lists: "connection_refused",
 * "timeout", "tls", "dns", "oversize_answer", "malformed_answer",
 * "not_json", "redirect", plus "cannot_connect", "connection_lost",
 * "empty_answer", "bad_url" and "transport".
 */
#include "config.h"

#include <errno.h>
#include <libintl.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "client.h"
#include "errors.h"
#include "utf8.h"
#include "width.h"

const char *govdx_error_kind_name(enum govdx_error_kind kind)
{
	switch (kind) {
	case GOVDX_ERR_NONE: return "none";
	case GOVDX_ERR_USAGE: return "usage";
	case GOVDX_ERR_TRANSPORT: return "transport";
	case GOVDX_ERR_HTTP: return "http";
	case GOVDX_ERR_PROTOCOL: return "protocol";
	case GOVDX_ERR_CANCELLED: return "cancelled";
	case GOVDX_ERR_NOMEM: return "nomem";
	}
	return "unknown";
}

void errors_copy_line(char *dst, size_t cap, const char *src)
{
	size_t o = 0;

	if (cap == 0)
		return;
	if (src == NULL)
		src = "";
	while (*src != '\0') {
		char esc[WIDTH_ESCAPE_SIZE];
		uint32_t cp;
		size_t n = utf8_decode(src, SIZE_MAX, &cp), e;

		if (cp == UTF8_INVALID) { /* a stray byte or a cut sequence: one '?' */
			if (o + 1 >= cap)
				break;
			dst[o++] = '?';
			src += n;
			continue;
		}
		if (cp == '\t' || cp == '\n' || cp == '\r') {
			if (o + 1 >= cap)
				break;
			dst[o++] = ' ';
		} else if ((e = width_escape(cp, esc)) > 0) {
			/* a service's escape sequence is shown, never obeyed */
			if (o + e >= cap)
				break;
			memcpy(dst + o, esc, e), o += e;
		} else {
			if (o + n >= cap)
				break; /* never split a character */
			memcpy(dst + o, src, n), o += n;
		}
		src += n;
	}
	dst[o] = '\0';
}

int errors_set(struct govdx_error *err, enum govdx_error_kind kind, long http_status,
               const char *code, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	if (err == NULL)
		return -1;
	err->kind = kind;
	err->http_status = http_status;
	err->retry_after = 0;
	err->parameter[0] = '\0';
	errors_copy_line(err->code, sizeof err->code, code);
	/* The message in the program's language: the console binds the
	 * govdx catalogue, which holds these (xgettext reads errors_set's
	 * fifth argument); without it, the English text. */
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, dgettext(PACKAGE, fmt), ap);
	va_end(ap);
	errors_copy_line(err->message, sizeof err->message, buf);
	return -1;
}

void errors_clear(struct govdx_error *err)
{
	if (err == NULL)
		return;
	err->kind = GOVDX_ERR_NONE;
	err->http_status = 0;
	err->retry_after = 0;
	err->code[0] = '\0';
	err->message[0] = '\0';
	err->parameter[0] = '\0';
}

int errors_nomem(struct govdx_error *err)
{
	return errors_set(err, GOVDX_ERR_NOMEM, 0, "nomem", "out of memory");
}

static void redact_in(char *s, size_t cap, const char *secret)
{
	static const char mark[] = "[token]";
	size_t sl = strlen(secret);
	char out[1024];
	size_t o = 0;
	const char *p = s, *hit;

	if (strstr(s, secret) == NULL)
		return;
	while ((hit = strstr(p, secret)) != NULL && o < sizeof out - 1) {
		size_t n = (size_t)(hit - p);

		if (o + n + sizeof mark >= sizeof out)
			break;
		memcpy(out + o, p, n);
		o += n;
		memcpy(out + o, mark, sizeof mark - 1);
		o += sizeof mark - 1;
		p = hit + sl;
	}
	out[o] = '\0';
	if (o + strlen(p) < sizeof out)
		strcat(out, p);
	errors_copy_line(s, cap, out);
}

void errors_redact(struct govdx_error *err, const char *secret)
{
	/* Very short secrets would redact ordinary words; tokens are long. */
	if (err == NULL || secret == NULL || strlen(secret) < 4)
		return;
	redact_in(err->message, sizeof err->message, secret);
	redact_in(err->code, sizeof err->code, secret);
}

/* "5 s", "0.25 s", "1.5 s" */
static void fmt_seconds(char *buf, size_t cap, long ms)
{
	if (ms % 1000 == 0)
		snprintf(buf, cap, "%ld s", ms / 1000);
	else
		snprintf(buf, cap, "%.3g s", (double)ms / 1000.0);
}

static void fmt_bytes(char *buf, size_t cap, size_t n)
{
	if (n >= 1024 * 1024 && n % (1024 * 1024) == 0)
		snprintf(buf, cap, "%zu MiB", n / (1024 * 1024));
	else if (n >= 1024 && n % 1024 == 0)
		snprintf(buf, cap, "%zu KiB", n / 1024);
	else
		snprintf(buf, cap, "%zu bytes", n);
}

/* curl's own detail, or its generic text when the buffer is empty. */
static const char *curl_detail(CURLcode rc, const struct call *call)
{
	return call->errbuf[0] != '\0' ? call->errbuf : curl_easy_strerror(rc);
}

static void from_timeout(struct govdx_error *err, const struct call *call, const char *url)
{
	const struct govdx_client *c = call->client;
	curl_off_t connect_us = 0;
	long sent = 0, status = 0;
	char secs[32];

	/* A connection kept open from an earlier call has no connect time of
	 * its own, but the request went out on it: then the answer is what
	 * never came. */
	curl_easy_getinfo(call->easy, CURLINFO_CONNECT_TIME_T, &connect_us);
	curl_easy_getinfo(call->easy, CURLINFO_REQUEST_SIZE, &sent);
	curl_easy_getinfo(call->easy, CURLINFO_RESPONSE_CODE, &status);
	if (connect_us == 0 && sent == 0) {
		fmt_seconds(secs, sizeof secs, c->connect_timeout_ms);
		errors_set(err, GOVDX_ERR_TRANSPORT, 0, "timeout",
		           "cannot reach %s: no connection within %s (is the host up and the port open?)",
		           url, secs);
	} else if (status != 0) {
		/* The answer began but did not end: a trickle. */
		fmt_seconds(secs, sizeof secs, call->timeout_ms);
		errors_set(err, GOVDX_ERR_TRANSPORT, 0, "timeout",
		           "the service at %s sent %s too slowly: %zu bytes within %s", url,
		           call->kind->what, call->body_len, secs);
	} else {
		fmt_seconds(secs, sizeof secs, call->timeout_ms);
		errors_set(err, GOVDX_ERR_TRANSPORT, 0, "timeout",
		           "the service at %s did not answer %s within %s", url, call->kind->what,
		           secs);
	}
}

static void from_connect(struct govdx_error *err, const struct call *call, const char *url)
{
	long os_errno = 0;

	curl_easy_getinfo(call->easy, CURLINFO_OS_ERRNO, &os_errno);
	if (os_errno == ECONNREFUSED) {
		errors_set(err, GOVDX_ERR_TRANSPORT, 0, "connection_refused",
		           "cannot reach %s: connection refused (is the exchange service running?)",
		           url);
	} else if (os_errno != 0) {
		errors_set(err, GOVDX_ERR_TRANSPORT, 0, "cannot_connect", "cannot reach %s: %s", url,
		           strerror((int)os_errno));
	} else {
		errors_set(err, GOVDX_ERR_TRANSPORT, 0, "cannot_connect", "cannot reach %s: %s", url,
		           curl_detail(CURLE_COULDNT_CONNECT, call));
	}
}

/* OpenSSL's texts start with "OpenSSL/3.0.19: error:0A000410:SSL routines::",
 * a failed verification with "SSL certificate problem: "; the reason after
 * them is what a user can act on. */
static const char *tls_reason(const char *detail)
{
	static const char problem[] = "SSL certificate problem: ";
	const char *p = detail, *hit;

	while ((hit = strstr(p, "::")) != NULL && hit[2] != '\0')
		p = hit + 2;
	/* libcurl's own words before OpenSSL's reason say nothing more */
	if (strncmp(p, problem, sizeof problem - 1) == 0 && p[sizeof problem - 1] != '\0')
		p += sizeof problem - 1;
	return p;
}

static void from_tls(struct govdx_error *err, CURLcode rc, const struct call *call,
                     const char *url)
{
	const struct govdx_client *c = call->client;
	const char *detail = tls_reason(curl_detail(rc, call));
	bool alert = strstr(detail, "alert") != NULL;

	switch (rc) {
	case CURLE_PEER_FAILED_VERIFICATION:
		errors_set(err, GOVDX_ERR_TRANSPORT, 0, "tls",
		           "the TLS certificate of %s could not be verified (%s)%s", c->host, detail,
		           c->ca_file != NULL ? "" : "; if the service uses a private CA, set its CA file");
		break;
	case CURLE_SSL_CACERT_BADFILE:
		errors_set(err, GOVDX_ERR_TRANSPORT, 0, "tls", "the CA file %s cannot be used: %s",
		           c->ca_file != NULL ? c->ca_file : "(system default)", detail);
		break;
	case CURLE_SSL_CERTPROBLEM:
		errors_set(err, GOVDX_ERR_TRANSPORT, 0, "tls",
		           "the client certificate or key cannot be used: %s", detail);
		break;
	default:
		/* A server that demands a client certificate ends the handshake
		 * with an alert; say what is probably missing. */
		errors_set(err, GOVDX_ERR_TRANSPORT, 0, "tls", "the TLS connection to %s failed: %s%s",
		           url, detail,
		           alert && c->cert_file == NULL
		                   ? " (the service may require a client certificate and key)"
		                   : "");
		break;
	}
}

/* The connection closed before the length the answer announced. */
static void from_partial(struct govdx_error *err, const struct call *call, const char *url)
{
	curl_off_t length = -1;

	curl_easy_getinfo(call->easy, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &length);
	if (length > 0)
		errors_set(err, GOVDX_ERR_TRANSPORT, 0, "connection_lost",
		           "the answer of %s to %s was cut short: the connection closed after %zu "
		           "of %lld bytes",
		           url, call->kind->what, call->body_len, (long long)length);
	else
		errors_set(err, GOVDX_ERR_TRANSPORT, 0, "connection_lost",
		           "the answer of %s to %s was cut short: %s", url, call->kind->what,
		           curl_detail(CURLE_PARTIAL_FILE, call));
}

void errors_from_curl(struct govdx_error *err, CURLcode rc, const struct call *call)
{
	const struct govdx_client *c = call->client;
	const char *url = c->display_url;
	char size[32];

	if (call->oversize || rc == CURLE_FILESIZE_EXCEEDED) {
		fmt_bytes(size, sizeof size, c->max_answer_bytes);
		errors_set(err, GOVDX_ERR_PROTOCOL, 0, "oversize_answer",
		           "the answer of %s to %s is larger than the limit of %s", url,
		           call->kind->what, size);
		return;
	}
	switch (rc) {
	case CURLE_COULDNT_CONNECT:
		from_connect(err, call, url);
		break;
	case CURLE_OPERATION_TIMEDOUT:
		from_timeout(err, call, url);
		break;
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
		errors_set(err, GOVDX_ERR_TRANSPORT, 0, "dns",
		           "cannot reach %s: the host name %s was not found", url, c->host);
		break;
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CIPHER:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_ENGINE_NOTFOUND:
	case CURLE_SSL_ENGINE_SETFAILED:
	case CURLE_SSL_ENGINE_INITFAILED:
	case CURLE_SSL_CRL_BADFILE:
	case CURLE_SSL_ISSUER_ERROR:
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
	case CURLE_SSL_INVALIDCERTSTATUS:
	case CURLE_SSL_SHUTDOWN_FAILED:
	case CURLE_USE_SSL_FAILED:
		from_tls(err, rc, call, url);
		break;
	case CURLE_GOT_NOTHING:
		errors_set(err, GOVDX_ERR_TRANSPORT, 0, "empty_answer",
		           "the service at %s closed the connection without answering", url);
		break;
	case CURLE_PARTIAL_FILE:
		from_partial(err, call, url);
		break;
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
		errors_set(err, GOVDX_ERR_TRANSPORT, 0, "connection_lost",
		           "the connection to %s was lost: %s", url, curl_detail(rc, call));
		break;
	case CURLE_WEIRD_SERVER_REPLY:
	case CURLE_UNSUPPORTED_PROTOCOL: /* also "HTTP/0.9 when not allowed": garbage */
	case CURLE_BAD_CONTENT_ENCODING:
	case CURLE_HTTP2:
		errors_set(err, GOVDX_ERR_PROTOCOL, 0, "malformed_answer",
		           "the service at %s did not answer in HTTP: %s", url, curl_detail(rc, call));
		break;
	case CURLE_URL_MALFORMAT:
		errors_set(err, GOVDX_ERR_USAGE, 0, "bad_url", "the service URL %s is not valid: %s",
		           url, curl_detail(rc, call));
		break;
	case CURLE_OUT_OF_MEMORY:
		errors_nomem(err);
		break;
	default:
		errors_set(err, GOVDX_ERR_TRANSPORT, 0, "transport", "talking to %s failed: %s", url,
		           curl_detail(rc, call));
		break;
	}
}

int errors_from_answer(struct govdx_error *err, const struct call *call, long status)
{
	const struct govdx_client *c = call->client;
	const char *type = NULL;
	char *where = NULL;

	if (status >= 300 && status <= 399) {
		/* libgovdx follows no redirect: a moved service is set anew. */
		curl_easy_getinfo(call->easy, CURLINFO_REDIRECT_URL, &where);
		if (where != NULL && strcmp(where, call->url) == 0)
			return errors_set(err, GOVDX_ERR_PROTOCOL, status, "redirect",
			                  "the service at %s redirects %s to itself (HTTP %ld, a "
			                  "redirect loop)",
			                  c->display_url, call->kind->what, status);
		if (where != NULL)
			return errors_set(err, GOVDX_ERR_PROTOCOL, status, "redirect",
			                  "the service at %s redirects %s to %.200s (HTTP %ld); redirects "
			                  "are not followed: set the service URL to where it leads",
			                  c->display_url, call->kind->what, where, status);
		return errors_set(err, GOVDX_ERR_PROTOCOL, status, "redirect",
		                  "the service at %s answered %s with a redirect (HTTP %ld) and no "
		                  "address",
		                  c->display_url, call->kind->what, status);
	}
	if (status < 200 || status > 299 || call->body_len == 0)
		return 0;
	/* A JSON answer says so; a web page or a proxy's text does not. */
	curl_easy_getinfo(call->easy, CURLINFO_CONTENT_TYPE, &type);
	if (type == NULL || strstr(type, "json") != NULL)
		return 0;
	return errors_set(err, GOVDX_ERR_PROTOCOL, status, "not_json",
	                  "the service at %s answered %s with %.60s, not JSON (is the service URL "
	                  "right?)",
	                  c->display_url, call->kind->what, type);
}

void errors_retry_after(struct govdx_error *err, const struct call *call)
{
#if LIBCURL_VERSION_NUM >= 0x074200
	curl_off_t wait = 0;

	if (err->retry_after > 0 || (err->http_status != 429 && err->http_status != 503))
		return;
	/* delta-seconds or an HTTP date, as libcurl reads the header */
	if (curl_easy_getinfo(call->easy, CURLINFO_RETRY_AFTER, &wait) == CURLE_OK && wait > 0)
		err->retry_after = wait > 86400 ? 86400 : (int)wait;
#else
	(void)err;
	(void)call;
#endif
}
