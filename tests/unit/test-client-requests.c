/*
 * Unit tests for libgovdx's sharing-request answers (issue 3): requests and
 * pages of them (Chinese text, nulls, negative working days, unknown
 * states), wrong types and missing fields named in the error, the error
 * answers of request calls (412 with the current request, 422
 * sharing_refused with its basis, 409 with the state), audit pages and the
 * chain check, event batches, calendar days, and idempotency keys.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "client-test-util.h"
#include "govdx.h"

/* A request object with the given replacements of its parts. */
#define REQ_HEAD \
	"\"id\":\"REQ-000123\",\"entry_code\":\"130000008-310008-0001\"," \
	"\"entry_name\":\"社会组织统一社会信用代码信息\",\"provider_department\":\"130000008\"," \
	"\"provider_department_name\":\"河北省民政厅\",\"provider_platform\":\"130000\"," \
	"\"requester_department\":\"130100002\",\"requester_department_name\":\"石家庄市公安局\"," \
	"\"requester_platform\":\"130100\",\"requester_user\":\"hebei-official\"," \
	"\"purpose\":\"核查社会组织登记状态，办理“一网通办”事项\"," \
	"\"legal_basis\":\"《社会组织登记管理条例》第二十条\","

static const char request_pending[] =
	"{" REQ_HEAD "\"state\":\"pending\",\"items\":[\"统一社会信用代码\",\"社会组织名称\"],"
	"\"period\":{\"from\":\"2025-01-01\",\"to\":\"2025-12-31\"},\"reason\":null,"
	"\"deadline\":\"2025-03-14\",\"working_days_left\":2,\"due_soon\":true,\"overdue\":false,"
	"\"created_at\":\"2025-02-28T09:00:00.000000Z\",\"updated_at\":\"2025-02-28T09:00:00.000000Z\","
	"\"decided_by\":null,\"decided_at\":null,\"version\":1,\"extra\":\"ignored\"}";

static const char request_approved[] =
	"{" REQ_HEAD "\"state\":\"approved\",\"items\":[\"统一社会信用代码\"],"
	"\"period\":{\"from\":\"2025-01-01\",\"to\":\"2025-06-30\"},\"reason\":\"同意共享\","
	"\"deadline\":null,\"working_days_left\":null,\"due_soon\":false,\"overdue\":false,"
	"\"created_at\":\"2025-02-28T09:00:00Z\",\"updated_at\":\"2025-03-01T10:30:00Z\","
	"\"decided_by\":\"hebei-approver\",\"decided_at\":\"2025-03-01T10:30:00Z\",\"version\":2}";

static void test_request_pending(void **state)
{
	struct govdx_request *r = NULL;
	struct govdx_error err;

	assert_int_equal(govdx_parse_request(request_pending, LEN(request_pending), &r, &err), 0);
	assert_string_equal(r->id, "REQ-000123");
	assert_int_equal(r->state, GOVDX_REQUEST_PENDING);
	assert_string_equal(r->state_name, "pending");
	assert_string_equal(r->entry_code, "130000008-310008-0001");
	assert_string_equal(r->entry_name, "社会组织统一社会信用代码信息");
	assert_string_equal(r->provider_department, "130000008");
	assert_string_equal(r->provider_department_name, "河北省民政厅");
	assert_string_equal(r->provider_platform, "130000");
	assert_string_equal(r->requester_department, "130100002");
	assert_string_equal(r->requester_department_name, "石家庄市公安局");
	assert_string_equal(r->requester_platform, "130100");
	assert_string_equal(r->requester_user, "hebei-official");
	assert_string_equal(r->purpose, "核查社会组织登记状态，办理“一网通办”事项");
	assert_string_equal(r->legal_basis, "《社会组织登记管理条例》第二十条");
	assert_int_equal(r->n_items, 2);
	assert_string_equal(r->items[0], "统一社会信用代码");
	assert_string_equal(r->items[1], "社会组织名称");
	assert_string_equal(r->period_from, "2025-01-01");
	assert_string_equal(r->period_to, "2025-12-31");
	assert_null(r->reason);
	assert_true(r->has_deadline);
	assert_string_equal(r->deadline, "2025-03-14");
	assert_int_equal(r->working_days_left, 2);
	assert_true(r->due_soon);
	assert_false(r->overdue);
	assert_string_equal(r->created_at, "2025-02-28T09:00:00.000000Z");
	assert_null(r->decided_by);
	assert_null(r->decided_at);
	assert_int_equal(r->version, 1);
	govdx_request_free(r);
}

static void test_request_nulls(void **state)
{
	struct govdx_request *r = NULL;
	struct govdx_error err;

	assert_int_equal(govdx_parse_request(request_approved, LEN(request_approved), &r, &err), 0);
	assert_int_equal(r->state, GOVDX_REQUEST_APPROVED);
	assert_false(r->has_deadline);
	assert_string_equal(r->deadline, "");
	assert_int_equal(r->working_days_left, GOVDX_NO_DAYS_LEFT);
	assert_string_equal(r->reason, "同意共享");
	assert_string_equal(r->decided_by, "hebei-approver");
	assert_string_equal(r->decided_at, "2025-03-01T10:30:00Z");
	assert_int_equal(r->version, 2);
	govdx_request_free(r);
}

static void test_request_overdue_and_unknown_state(void **state)
{
	static const char body[] =
		"{" REQ_HEAD "\"state\":\"archived\",\"items\":[\"a\"],"
		"\"period\":{\"from\":\"2025-01-01\",\"to\":\"2025-01-02\"},"
		"\"deadline\":\"2025-01-10\",\"working_days_left\":-7,\"due_soon\":false,"
		"\"overdue\":true,\"created_at\":\"x\",\"updated_at\":\"y\",\"version\":9}";
	struct govdx_request *r = NULL;
	struct govdx_error err;

	/* reason, decided_by and decided_at absent: nullable fields may be */
	assert_int_equal(govdx_parse_request(body, LEN(body), &r, &err), 0);
	assert_int_equal(r->state, GOVDX_REQUEST_UNKNOWN);
	assert_string_equal(r->state_name, "archived");
	assert_int_equal(r->working_days_left, -7);
	assert_true(r->overdue);
	assert_null(r->reason);
	govdx_request_free(r);
}

static void test_request_page(void **state)
{
	static const char empty_page[] = "{\"items\":[],\"next_cursor\":null}";
	char body[4096];
	struct govdx_request_page *p = NULL;
	struct govdx_error err;

	snprintf(body, sizeof body, "{\"items\":[%s,%s],\"next_cursor\":\"abc\"}", request_pending,
	         request_approved);
	assert_int_equal(govdx_parse_request_page(body, LEN(body), &p, &err), 0);
	assert_int_equal(p->n, 2);
	assert_int_equal(p->items[0].state, GOVDX_REQUEST_PENDING);
	assert_int_equal(p->items[1].state, GOVDX_REQUEST_APPROVED);
	assert_string_equal(p->items[1].decided_by, "hebei-approver");
	assert_string_equal(p->next_cursor, "abc");
	govdx_request_page_free(p);

	assert_int_equal(govdx_parse_request_page(empty_page, LEN(empty_page), &p, &err), 0);
	assert_int_equal(p->n, 0);
	assert_null(p->items);
	assert_null(p->next_cursor);
	govdx_request_page_free(p);
}

/* The pending request with one change. */
static char *variant(const char *from, const char *to)
{
	return util_replace_once(request_pending, from, to);
}

static void expect_request_malformed(const char *from, const char *to, const char *mention)
{
	struct govdx_request *r = (struct govdx_request *)1;
	struct govdx_error err;
	char *body = variant(from, to);

	assert_int_equal(govdx_parse_request(body, LEN(body), &r, &err), -1);
	assert_null(r);
	util_expect_malformed(&err, mention);
	free(body);
}

static void test_request_wrong_types(void **state)
{
	expect_request_malformed("\"version\":1", "\"version\":\"1\"", "version is a string");
	expect_request_malformed("\"version\":1", "\"version\":null", "version is null");
	expect_request_malformed("\"working_days_left\":2", "\"working_days_left\":\"2\"",
	                         "working_days_left is a string");
	expect_request_malformed("\"due_soon\":true", "\"due_soon\":\"yes\"", "due_soon");
	expect_request_malformed("\"overdue\":false", "\"overdue\":0", "overdue");
	expect_request_malformed("\"社会组织名称\"]", "7]", "items[1] is not a string");
	expect_request_malformed("\"items\":[", "\"items\":{\"a\":1},\"x\":[", "items is an object");
	expect_request_malformed("\"from\":\"2025-01-01\"", "\"from\":\"2025/01/01\"",
	                         "period.from is not a date");
	expect_request_malformed("\"to\":\"2025-12-31\"", "\"to\":\"2025-12-31T00:00:00Z\"",
	                         "period.to is not a date");
	expect_request_malformed("\"period\":{", "\"period\":[],\"p\":{", "period is an array");
	expect_request_malformed("\"deadline\":\"2025-03-14\"", "\"deadline\":20250314",
	                         "deadline is an integer");
	expect_request_malformed("\"provider_platform\":\"130000\"",
	                         "\"provider_platform\":\"130000000000\"", "provider_platform");
	expect_request_malformed("\"decided_by\":null", "\"decided_by\":false", "decided_by");
	expect_request_malformed("\"state\":\"pending\"", "\"state\":1", "state is an integer");
}

/* A provisional deadline (counted by the statute over 2027); the fields
 * are optional, as an older service does not send them. */
static void test_request_provisional(void **state)
{
	struct govdx_request *r = NULL;
	struct govdx_error err;
	char *body = variant("\"overdue\":false,",
	                     "\"overdue\":false,\"deadline_provisional\":true,"
	                     "\"deadline_basis\":\"statute\",\"deadline_statute_years\":[2027,2028],");

	assert_int_equal(govdx_parse_request(body, LEN(body), &r, &err), 0);
	assert_true(r->deadline_provisional);
	assert_int_equal(r->deadline_statute_year, 2027);
	govdx_request_free(r);
	free(body);
	assert_int_equal(govdx_parse_request(request_pending, LEN(request_pending), &r, &err), 0);
	assert_false(r->deadline_provisional);
	assert_int_equal(r->deadline_statute_year, 0);
	govdx_request_free(r);
	expect_request_malformed("\"overdue\":false,", "\"overdue\":false,\"deadline_provisional\":1,",
	                         "deadline_provisional");
	expect_request_malformed("\"overdue\":false,",
	                         "\"overdue\":false,\"deadline_statute_years\":[\"2027\"],",
	                         "deadline_statute_years is not a list of years");
	expect_request_malformed("\"overdue\":false,", "\"overdue\":false,\"deadline_statute_years\":2027,",
	                         "deadline_statute_years is an integer");
	(void)state;
}

static void test_request_missing_fields(void **state)
{
	expect_request_malformed("\"entry_name\":", "\"entry_nome\":", "entry_name is missing");
	expect_request_malformed("\"legal_basis\":", "\"legal\":", "legal_basis is missing");
	expect_request_malformed("\"version\":1,", "", "version is missing");
	expect_request_malformed("\"created_at\":", "\"made_at\":", "created_at is missing");
}

static void test_request_page_item_named(void **state)
{
	char body[4096];
	struct govdx_request_page *p = NULL;
	struct govdx_error err;
	char *bad = variant("\"version\":1", "\"version\":true");

	snprintf(body, sizeof body, "{\"items\":[%s,%s],\"next_cursor\":null}", request_approved,
	         bad);
	assert_int_equal(govdx_parse_request_page(body, LEN(body), &p, &err), -1);
	assert_null(p);
	util_expect_malformed(&err, "items[1].version");
	free(bad);

	assert_int_equal(govdx_parse_request_page("{\"items\":[]}", 12, &p, &err), -1);
	util_expect_malformed(&err, "next_cursor is missing");
	assert_int_equal(govdx_parse_request_page("[]", 2, &p, &err), -1);
	util_expect_malformed(&err, "an array");
}

/* ---- error answers of request calls --------------------------------------- */

/* What the caller may do now: read in order with what each needs; an
 * empty list is "nothing", no list is "not said" (an older service); a
 * bad element is named and nothing is kept (ASan sees a leak). */
static void test_request_actions(void **state)
{
	struct govdx_request *r = NULL;
	struct govdx_error err;
	char *body = variant("\"version\":1,", "\"version\":1,\"actions\":[{\"name\":\"approve\","
	                     "\"reason\":\"optional\"},{\"name\":\"reject\",\"reason\":\"required\"},"
	                     "{\"name\":\"transfer\",\"reason\":\"none\"}],");

	assert_int_equal(govdx_parse_request(body, LEN(body), &r, &err), 0);
	assert_true(r->has_actions);
	assert_int_equal(r->n_actions, 3);
	assert_string_equal(r->actions[0].name, "approve");
	assert_int_equal(r->actions[0].reason, GOVDX_REASON_OPTIONAL);
	assert_string_equal(r->actions[1].name, "reject");
	assert_int_equal(r->actions[1].reason, GOVDX_REASON_REQUIRED);
	assert_string_equal(r->actions[2].name, "transfer"); /* unknown names are kept */
	assert_int_equal(r->actions[2].reason, GOVDX_REASON_NONE);
	govdx_request_free(r);
	free(body);
	body = variant("\"version\":1,", "\"version\":1,\"actions\":[],");
	assert_int_equal(govdx_parse_request(body, LEN(body), &r, &err), 0);
	assert_true(r->has_actions);
	assert_int_equal(r->n_actions, 0);
	govdx_request_free(r);
	free(body);
	assert_int_equal(govdx_parse_request(request_pending, LEN(request_pending), &r, &err), 0);
	assert_false(r->has_actions);
	assert_int_equal(r->n_actions, 0);
	govdx_request_free(r);
	expect_request_malformed("\"version\":1,", "\"version\":1,\"actions\":{},",
	                         "actions is an object");
	expect_request_malformed("\"version\":1,", "\"version\":1,\"actions\":[\"approve\"],",
	                         "actions[0] is not an object");
	expect_request_malformed("\"version\":1,",
	                         "\"version\":1,\"actions\":[{\"name\":\"approve\",\"reason\":"
	                         "\"optional\"},{\"name\":\"reject\",\"reason\":\"maybe\"}],",
	                         "actions[1].reason is not required, optional or none");
	expect_request_malformed("\"version\":1,",
	                         "\"version\":1,\"actions\":[{\"reason\":\"none\"}],",
	                         "actions[0].name");
	(void)state;
}

static void test_412_current(void **state)
{
	char body[4096];
	struct govdx_request *cur = NULL;
	struct govdx_error err;

	snprintf(body, sizeof body,
	         "{\"error\":{\"code\":\"precondition_failed\",\"message\":\"the request has changed\","
	         "\"details\":{\"current\":%s}}}",
	         request_approved);
	assert_int_equal(govdx_parse_request_error(412, body, LEN(body), &err, &cur), 0);
	assert_int_equal(err.kind, GOVDX_ERR_HTTP);
	assert_int_equal(err.http_status, 412);
	assert_string_equal(err.code, "precondition_failed");
	assert_non_null(cur);
	assert_int_equal(cur->state, GOVDX_REQUEST_APPROVED);
	assert_string_equal(cur->decided_by, "hebei-approver");
	assert_string_equal(cur->decided_at, "2025-03-01T10:30:00Z");
	assert_int_equal(cur->version, 2);
	/* the message alone says who got there first */
	assert_non_null(strstr(err.message, "the request has changed"));
	assert_non_null(strstr(err.message, "approved by hebei-approver"));
	govdx_request_free(cur);
}

static void test_412_without_or_bad_current(void **state)
{
	static const char none[] =
		"{\"error\":{\"code\":\"precondition_failed\",\"message\":\"stale\"}}";
	static const char bad[] =
		"{\"error\":{\"code\":\"precondition_failed\",\"message\":\"stale\","
		"\"details\":{\"current\":{\"id\":\"REQ-1\"}}}}";
	struct govdx_request *cur = (struct govdx_request *)1;
	struct govdx_error err;

	assert_int_equal(govdx_parse_request_error(412, none, LEN(none), &err, &cur), 0);
	assert_null(cur);
	assert_string_equal(err.code, "precondition_failed");
	assert_string_equal(err.message, "stale");

	cur = (struct govdx_request *)1;
	assert_int_equal(govdx_parse_request_error(412, bad, LEN(bad), &err, &cur), 0);
	assert_null(cur);
	assert_string_equal(err.code, "precondition_failed");

	/* not JSON at all: the status decides */
	cur = (struct govdx_request *)1;
	assert_int_equal(govdx_parse_request_error(412, "<html>", 6, &err, &cur), -1);
	assert_null(cur);
	assert_string_equal(err.code, "precondition_failed");

	/* a current object on another status is not taken */
	cur = (struct govdx_request *)1;
	assert_int_equal(govdx_parse_request_error(409, none, LEN(none), &err, &cur), 0);
	assert_null(cur);
}

static void test_422_sharing_refused(void **state)
{
	static const char body[] =
		"{\"error\":{\"code\":\"sharing_refused\",\"message\":\"this entry is not shareable\","
		"\"details\":{\"basis\":\"《中华人民共和国个人信息保护法》第十三条\"}}}";
	static const char said[] =
		"{\"error\":{\"code\":\"sharing_refused\",\"message\":\"不予共享：依据《保密法》\","
		"\"details\":{\"basis\":\"《保密法》\"}}}";
	struct govdx_request *cur = NULL;
	struct govdx_error err;

	assert_int_equal(govdx_parse_request_error(422, body, LEN(body), &err, &cur), 0);
	assert_null(cur);
	assert_int_equal(err.http_status, 422);
	assert_string_equal(err.code, "sharing_refused");
	assert_string_equal(err.message, "this entry is not shareable (basis: "
	                                 "《中华人民共和国个人信息保护法》第十三条)");
	/* not repeated when the message already has it */
	assert_int_equal(govdx_parse_error(422, said, LEN(said), &err), 0);
	assert_string_equal(err.message, "不予共享：依据《保密法》");
}

static void test_409_and_400_details(void **state)
{
	static const char illegal[] =
		"{\"error\":{\"code\":\"illegal_transition\",\"message\":\"cannot approve\","
		"\"details\":{\"state\":\"withdrawn\"}}}";
	static const char param[] =
		"{\"error\":{\"code\":\"invalid_parameter\",\"message\":\"bad value\","
		"\"details\":{\"parameter\":\"box\"}}}";
	static const char reason[] =
		"{\"error\":{\"code\":\"reason_required\",\"message\":\"a reason is required\","
		"\"details\":{\"basis\":\"ignored for this code\"}}}";
	struct govdx_error err;

	assert_int_equal(govdx_parse_error(409, illegal, LEN(illegal), &err), 0);
	assert_string_equal(err.message, "cannot approve (state: withdrawn)");
	assert_int_equal(govdx_parse_error(400, param, LEN(param), &err), 0);
	assert_string_equal(err.message, "bad value (parameter: box)");
	assert_int_equal(govdx_parse_error(422, reason, LEN(reason), &err), 0);
	assert_string_equal(err.code, "reason_required");
	assert_string_equal(err.message, "a reason is required");
}

static void test_long_basis_cut_on_character(void **state)
{
	char body[4096], basis[2048] = "";
	struct govdx_error err;
	size_t i;
	const unsigned char *p;

	for (i = 0; i < 200; i++)
		strcat(basis, "法");
	snprintf(body, sizeof body,
	         "{\"error\":{\"code\":\"sharing_refused\",\"message\":\"refused\","
	         "\"details\":{\"basis\":\"%s\"}}}",
	         basis);
	assert_int_equal(govdx_parse_error(422, body, LEN(body), &err), 0);
	assert_true(LEN(err.message) < sizeof err.message);
	assert_non_null(strstr(err.message, "refused (basis: 法法"));
	/* the last character is whole: 法 is E6 B3 95 */
	p = (const unsigned char *)err.message + LEN(err.message) - 3;
	assert_int_equal(p[0], 0xe6);
	assert_int_equal(p[1], 0xb3);
	assert_int_equal(p[2], 0x95);
}

/* ---- audit, events, calendar ---------------------------------------------- */

#define ZEROS "0000000000000000000000000000000000000000000000000000000000000000"
#define HASH1 "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"

static const char audit_json[] =
	"{\"items\":[{\"seq\":41,\"at\":\"2025-02-28T09:00:00.000000Z\",\"actor\":\"hebei-official\","
	"\"action\":\"create\",\"subject\":\"request:REQ-000123\",\"from_state\":null,"
	"\"to_state\":\"pending\",\"reason\":null,\"prev_hash\":\"" ZEROS "\",\"hash\":\"" HASH1 "\"},"
	"{\"seq\":42,\"at\":\"2025-03-01T10:30:00.000000Z\",\"actor\":\"hebei-approver\","
	"\"action\":\"reject\",\"subject\":\"request:REQ-000123\",\"from_state\":\"pending\","
	"\"to_state\":\"rejected\",\"reason\":\"用途与依据不符\",\"prev_hash\":\"" HASH1 "\","
	"\"hash\":\"" ZEROS "\"}],\"next_cursor\":null}";

static void test_audit_page(void **state)
{
	struct govdx_audit_page *p = NULL;
	struct govdx_error err;

	assert_int_equal(govdx_parse_audit_page(audit_json, LEN(audit_json), &p, &err), 0);
	assert_int_equal(p->n, 2);
	assert_int_equal(p->items[0].seq, 41);
	assert_string_equal(p->items[0].actor, "hebei-official");
	assert_string_equal(p->items[0].action, "create");
	assert_string_equal(p->items[0].subject, "request:REQ-000123");
	assert_null(p->items[0].from_state);
	assert_string_equal(p->items[0].to_state, "pending");
	assert_null(p->items[0].reason);
	assert_string_equal(p->items[0].prev_hash, ZEROS);
	assert_string_equal(p->items[0].hash, HASH1);
	assert_string_equal(p->items[1].from_state, "pending");
	assert_string_equal(p->items[1].reason, "用途与依据不符");
	assert_null(p->next_cursor);
	govdx_audit_page_free(p);
}

static void test_audit_malformed(void **state)
{
	char body[4096];
	struct govdx_audit_page *p = NULL;
	struct govdx_error err;
	char *hit;

	/* a short hash in the second event */
	snprintf(body, sizeof body, "%s", audit_json);
	hit = strstr(body, "\"hash\":\"" ZEROS);
	assert_non_null(hit);
	memcpy(hit + 8, "zz", 2);
	assert_int_equal(govdx_parse_audit_page(body, LEN(body), &p, &err), -1);
	util_expect_malformed(&err, "items[1].hash is not 64 hexadecimal digits");

	hit = util_replace_once(audit_json, "\"seq\":42", "\"seq\":\"42\"");
	assert_int_equal(govdx_parse_audit_page(hit, LEN(hit), &p, &err), -1);
	util_expect_malformed(&err, "items[1].seq is a string");
	free(hit);
}

static void test_audit_verify(void **state)
{
	static const char ok[] = "{\"ok\":true,\"checked\":1234,\"last_seq\":1234}";
	static const char broken[] =
		"{\"ok\":false,\"checked\":57,\"broken_at\":57,\"message\":\"hash mismatch at 57\"}";
	static const char vague[] = "{\"ok\":false,\"checked\":57}";
	static const char yes[] = "{\"ok\":\"yes\",\"checked\":1}";
	struct govdx_audit_verify *v = NULL;
	struct govdx_error err;

	assert_int_equal(govdx_parse_audit_verify(ok, LEN(ok), &v, &err), 0);
	assert_true(v->ok);
	assert_int_equal(v->checked, 1234);
	assert_int_equal(v->last_seq, 1234);
	assert_int_equal(v->broken_at, 0);
	assert_null(v->message);
	govdx_audit_verify_free(v);

	assert_int_equal(govdx_parse_audit_verify(broken, LEN(broken), &v, &err), 0);
	assert_false(v->ok);
	assert_int_equal(v->broken_at, 57);
	assert_string_equal(v->message, "hash mismatch at 57");
	govdx_audit_verify_free(v);

	/* a broken chain must say where */
	assert_int_equal(govdx_parse_audit_verify(vague, LEN(vague), &v, &err), -1);
	util_expect_malformed(&err, "broken_at is missing");
	assert_int_equal(govdx_parse_audit_verify(yes, LEN(yes), &v, &err), -1);
	util_expect_malformed(&err, "ok is a string");
}

static void test_events(void **state)
{
	static const char batch[] =
		"{\"items\":[{\"seq\":42,\"at\":\"2025-03-01T10:30:00Z\",\"kind\":\"request\","
		"\"id\":\"REQ-000123\",\"action\":\"approve\",\"state\":\"approved\"}],\"last_seq\":42}";
	static const char empty[] = "{\"items\":[],\"last_seq\":7}";
	static const char no_last[] = "{\"items\":[]}";
	static const char bad_item[] =
		"{\"items\":[{\"seq\":1,\"at\":\"x\",\"kind\":\"request\",\"id\":5,"
		"\"action\":\"approve\",\"state\":\"approved\"}],\"last_seq\":1}";
	struct govdx_event_batch *b = NULL;
	struct govdx_error err;

	assert_int_equal(govdx_parse_event_batch(batch, LEN(batch), &b, &err), 0);
	assert_int_equal(b->n, 1);
	assert_int_equal(b->items[0].seq, 42);
	assert_string_equal(b->items[0].kind, "request");
	assert_string_equal(b->items[0].id, "REQ-000123");
	assert_string_equal(b->items[0].action, "approve");
	assert_string_equal(b->items[0].state, "approved");
	assert_int_equal(b->last_seq, 42);
	govdx_event_batch_free(b);

	assert_int_equal(govdx_parse_event_batch(empty, LEN(empty), &b, &err), 0);
	assert_int_equal(b->n, 0);
	assert_int_equal(b->last_seq, 7);
	govdx_event_batch_free(b);

	assert_int_equal(govdx_parse_event_batch(no_last, LEN(no_last), &b, &err), -1);
	assert_null(b);
	util_expect_malformed(&err, "last_seq is missing");
	assert_int_equal(govdx_parse_event_batch(bad_item, LEN(bad_item), &b, &err), -1);
	util_expect_malformed(&err, "items[0].id is an integer");
}

static void test_calendar(void **state)
{
	static const char cal[] =
		"{\"items\":[{\"date\":\"2025-01-26\",\"kind\":\"workday\",\"name\":\"春节调休\"},"
		"{\"date\":\"2025-01-28\",\"kind\":\"holiday\",\"name\":\"春节\"},"
		"{\"date\":\"2025-02-08\",\"kind\":\"bridge\",\"name\":null}]}";
	static const char bad[] = "{\"items\":[{\"date\":\"26/01/2025\",\"kind\":\"workday\"}]}";
	struct govdx_calendar *c = NULL;
	struct govdx_error err;

	assert_int_equal(govdx_parse_calendar(cal, LEN(cal), &c, &err), 0);
	assert_int_equal(c->n, 3);
	assert_string_equal(c->items[0].date, "2025-01-26");
	assert_int_equal(c->items[0].kind, GOVDX_DAY_WORKDAY);
	assert_string_equal(c->items[0].name, "春节调休");
	assert_int_equal(c->items[1].kind, GOVDX_DAY_HOLIDAY);
	assert_string_equal(c->items[1].name, "春节");
	assert_int_equal(c->items[2].kind, GOVDX_DAY_UNKNOWN);
	assert_null(c->items[2].name);
	govdx_calendar_free(c);

	assert_int_equal(govdx_parse_calendar(bad, LEN(bad), &c, &err), -1);
	util_expect_malformed(&err, "items[0].date is not a date YYYY-MM-DD");
	assert_int_equal(govdx_parse_calendar("{}", 2, &c, &err), -1);
	util_expect_malformed(&err, "items is missing");
}

/* ---- names and keys ------------------------------------------------------- */

static void test_state_names(void **state)
{
	static const char *const names[] = {"pending",   "approved",     "rejected", "returned",
	                                    "withdrawn", "coordinating", "closed"};
	size_t i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		enum govdx_request_state s = govdx_request_state_from(names[i]);

		assert_int_not_equal(s, GOVDX_REQUEST_UNKNOWN);
		assert_string_equal(govdx_request_state_name(s), names[i]);
	}
	assert_int_equal(govdx_request_state_from(NULL), GOVDX_REQUEST_UNKNOWN);
	assert_int_equal(govdx_request_state_from("PENDING"), GOVDX_REQUEST_UNKNOWN);
	assert_string_equal(govdx_request_state_name((enum govdx_request_state)99), "unknown");
	assert_string_equal(govdx_day_kind_name(GOVDX_DAY_HOLIDAY), "holiday");
	assert_string_equal(govdx_day_kind_name(GOVDX_DAY_WORKDAY), "workday");
	/* free functions take NULL */
	govdx_request_free(NULL);
	govdx_request_page_free(NULL);
	govdx_audit_page_free(NULL);
	govdx_audit_verify_free(NULL);
	govdx_event_batch_free(NULL);
	govdx_calendar_free(NULL);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(a, b);
}

static void test_idempotency_keys(void **state)
{
	enum { N = 2000 };
	char(*keys)[GOVDX_IDEMPOTENCY_KEY_SIZE] = calloc(N, sizeof *keys);
	int i, k;

	assert_non_null(keys);
	for (i = 0; i < N; i++) {
		const char *s = keys[i];

		assert_int_equal(govdx_idempotency_key(keys[i]), 0);
		assert_int_equal(strlen(s), 36);
		for (k = 0; k < 36; k++) {
			if (k == 8 || k == 13 || k == 18 || k == 23)
				assert_int_equal(s[k], '-');
			else if (strchr("0123456789abcdef", s[k]) == NULL)
				fail_msg("key %s has '%c' at %d", s, s[k], k);
		}
		assert_int_equal(s[14], '4');             /* version 4 */
		assert_non_null(strchr("89ab", s[19]));   /* RFC 4122 variant */
	}
	qsort(keys, N, sizeof *keys, cmp_str);
	for (i = 1; i < N; i++)
		if (strcmp(keys[i - 1], keys[i]) == 0)
			fail_msg("the key %s came twice", keys[i]);
	free(keys);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_request_pending),
		cmocka_unit_test(test_request_nulls),
		cmocka_unit_test(test_request_overdue_and_unknown_state),
		cmocka_unit_test(test_request_page),
		cmocka_unit_test(test_request_wrong_types),
		cmocka_unit_test(test_request_provisional),
		cmocka_unit_test(test_request_actions),
		cmocka_unit_test(test_request_missing_fields),
		cmocka_unit_test(test_request_page_item_named),
		cmocka_unit_test(test_412_current),
		cmocka_unit_test(test_412_without_or_bad_current),
		cmocka_unit_test(test_422_sharing_refused),
		cmocka_unit_test(test_409_and_400_details),
		cmocka_unit_test(test_long_basis_cut_on_character),
		cmocka_unit_test(test_audit_page),
		cmocka_unit_test(test_audit_malformed),
		cmocka_unit_test(test_audit_verify),
		cmocka_unit_test(test_events),
		cmocka_unit_test(test_calendar),
		cmocka_unit_test(test_state_names),
		cmocka_unit_test(test_idempotency_keys),
	};

	return cmocka_run_group_tests_name("client-requests", tests, NULL, NULL);
}
