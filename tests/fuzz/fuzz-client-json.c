/*
 * fuzz-client-json — libgovdx's decoding of the service's answers.
 *
 * The first byte picks the parser (modulo the table below), the rest is
 * the answer body as it came off the wire (not NUL-terminated: the
 * parsers take a length).  Every public govdx_parse_* entry point is here,
 * the error parsers under a status also taken from the first byte.  A
 * parser must give either a complete result, freed here, or -1 with a
 * filled error; an error's code and message, whatever the service sent,
 * are one line of well-formed UTF-8 (errors_copy_line: no control
 * character, no character cut in two); LeakSanitizer checks that a
 * failure leaves nothing behind.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "govdx.h"
#include "utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* One parser: decodes body into a result and frees it. */
typedef int (*decode_fn)(const char *body, size_t len, struct govdx_error *err);

#define DECODER(name, type, parse, release)                                       \
	static int name(const char *body, size_t len, struct govdx_error *err)     \
	{                                                                          \
		type *out = NULL;                                                  \
		int rc = parse(body, len, &out, err);                              \
		if ((rc == 0) != (out != NULL))                                    \
			abort(); /* a result exactly when it succeeds */           \
		release(out);                                                      \
		return rc;                                                         \
	}

DECODER(d_health, struct govdx_health, govdx_parse_health, govdx_health_free)
DECODER(d_entry, struct govdx_entry, govdx_parse_entry, govdx_entry_free)
DECODER(d_entry_page, struct govdx_entry_page, govdx_parse_entry_page, govdx_entry_page_free)
DECODER(d_node, struct govdx_platform_node, govdx_parse_platform_node,
        govdx_platform_node_free)
DECODER(d_platform_page, struct govdx_platform_page, govdx_parse_platform_page,
        govdx_platform_page_free)
DECODER(d_department_page, struct govdx_department_page, govdx_parse_department_page,
        govdx_department_page_free)
DECODER(d_me, struct govdx_me, govdx_parse_me, govdx_me_free)
DECODER(d_request, struct govdx_request, govdx_parse_request, govdx_request_free)
DECODER(d_request_page, struct govdx_request_page, govdx_parse_request_page,
        govdx_request_page_free)
DECODER(d_audit_page, struct govdx_audit_page, govdx_parse_audit_page, govdx_audit_page_free)
DECODER(d_audit_verify, struct govdx_audit_verify, govdx_parse_audit_verify,
        govdx_audit_verify_free)
DECODER(d_events, struct govdx_event_batch, govdx_parse_event_batch, govdx_event_batch_free)
DECODER(d_calendar, struct govdx_calendar, govdx_parse_calendar, govdx_calendar_free)
DECODER(d_objection, struct govdx_objection, govdx_parse_objection, govdx_objection_free)
DECODER(d_objection_page, struct govdx_objection_page, govdx_parse_objection_page,
        govdx_objection_page_free)

static const decode_fn decoders[] = {
	d_health,  d_entry,        d_entry_page,   d_node,       d_platform_page,
	d_department_page, d_me,   d_request,      d_request_page, d_audit_page,
	d_audit_verify, d_events,  d_calendar,     d_objection,  d_objection_page,
};
#define N_DECODERS (sizeof decoders / sizeof decoders[0])

/* The statuses an error answer comes with; 412 carries the current case. */
static const long statuses[] = { 400, 401, 403, 404, 409, 412, 422, 429, 500, 503 };
#define N_STATUSES (sizeof statuses / sizeof statuses[0])

/* One line of well-formed UTF-8 within its buffer. */
static void check_line(const char *s, size_t cap)
{
	const char *end = memchr(s, '\0', cap);

	if (!end || !utf8_valid(s, (size_t)(end - s)))
		abort();
	for (; s < end; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			abort();
}

static void check_error(const struct govdx_error *err)
{
	check_line(err->code, sizeof err->code);
	check_line(err->message, sizeof err->message);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *body = (const char *)data + 1;
	struct govdx_error err;
	unsigned pick;

	if (size < 1)
		return 0;
	size--;
	/* 0..N_DECODERS-1: an answer parser; then the three error parsers,
	 * one per status. */
	pick = data[0] % (N_DECODERS + 3 * N_STATUSES);
	memset(&err, 0, sizeof err);
	if (pick < N_DECODERS) {
		if (decoders[pick](body, size, &err) != 0)
			check_error(&err);
		return 0;
	}
	pick -= N_DECODERS;
	switch (pick / N_STATUSES) {
	case 0:
		govdx_parse_error(statuses[pick % N_STATUSES], body, size, &err);
		break;
	case 1: {
		struct govdx_request *cur = NULL;
		govdx_parse_request_error(statuses[pick % N_STATUSES], body, size, &err, &cur);
		govdx_request_free(cur);
		break;
	}
	default: {
		struct govdx_objection *cur = NULL;
		govdx_parse_objection_error(statuses[pick % N_STATUSES], body, size, &err, &cur);
		govdx_objection_free(cur);
		break;
	}
	}
	check_error(&err);
	return 0;
}
